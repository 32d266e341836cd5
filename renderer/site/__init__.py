"""A catalogue as one static website (`render-video site`): an index of every rendered
article and each article's player and Live Class, linked to each other (model.py), built
from the renders' own files with the scripts, styles and fonts once for the whole site and
only what changed rewritten (build.py, files.py)."""
