"""render-video: turn a written article (YAML) into a narrated explainer video."""

__version__ = "0.1.0"
