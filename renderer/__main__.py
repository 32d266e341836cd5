"""`python -m renderer` is `render-video`."""

from renderer.cli import main

if __name__ == "__main__":
    main()
