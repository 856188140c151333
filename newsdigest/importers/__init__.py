"""`newsdigest import`: stories from another system's archive, written as newsdigest story files.

This package owns the whole import and nothing else: reading a Jekyll or Hugo site, a WordPress
export (WXR) or an RSS/Atom feed; mapping its fields to ours (the table in `fields.py`); turning
its shortcodes, Liquid tags and HTML into newsdigest Markdown; the old addresses (`aliases`) and
feed ids (`guid`) each story keeps; and writing the files, the copied images and
`import-report.md`. It reads a site only through `newsdigest.text` and `newsdigest.errors`.
The entry point is `newsdigest.importers.run.run_import`; `cli.py` here prints its messages.
"""
