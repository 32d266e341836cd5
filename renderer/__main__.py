"""`python -m renderer` is `render-video`."""

from renderer.launch import main

if __name__ == "__main__":
    main()
