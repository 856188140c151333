"""Stage 2, site: the whole-site model, pure (no disk, no clock but the build time it is given).

What is published, the tags and months (model.py), the "More from" rails (rails.py) and what
waits on the clock (schedule.py).
"""
