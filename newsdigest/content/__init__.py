"""Stage 1, content: the only code that reads a site's story and video files.

Finds them (files.py), decodes and splits them into front matter and body (source.py),
validates the fields into typed Story and Video items (validate.py, models.py) and turns bodies
into HTML under the site's HTML policy (markdown.py). It knows nothing of the site as a whole,
of pages, or of any cache.
"""
