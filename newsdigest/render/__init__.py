"""Stage 3, render: the site model into planned output files, each a Job that renders bytes.

Pages (pages.py), feeds (feeds.py, mediarss.py), sitemaps (sitemaps.py), JSON-LD
(structured.py), the URL scheme (urls.py), the Jinja environment (environment.py) and the
check of its own output (lint.py). No disk access: the build engine decides what is rendered
and writes it.
"""
