"""`render-video studio`: write the article and watch the video change as you save. The
page's view of the article (state.py), the files watched and the work on each save
(live.py), the local server (server.py) and the page (static/)."""
