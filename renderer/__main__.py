"""`python -m renderer` is `render-video`."""

from renderer.cli import main

main()
