"""Stage 5, serve: the preview server. Watches a site root (watch.py), rebuilds through the
build engine (server.py) and serves the output with live reload (http.py, live.js)."""
