"""Stage (optional): the render as web pages, a player and a Live Class presenter view
(`export.write_web`), from the same pictures, sound and timeline as the MP4."""

from renderer.web.export import WebExport, web_folder, write_web

__all__ = ["WebExport", "web_folder", "write_web"]
