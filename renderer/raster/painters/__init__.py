"""One painter per slide kind. A painter draws a slide's content for one reveal step."""
