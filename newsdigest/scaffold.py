"""`newsdigest new`: a new story or video file with every field present, ready to fill in.

The file is a draft (`draft: true`) dated now in the site's time zone, so it builds as it is,
shows in `serve` (labelled "Draft"), and is never published before the editor says so.
"""

from __future__ import annotations

import json
from datetime import datetime, timezone
from pathlib import Path
from typing import Sequence

from newsdigest.config import load_config
from newsdigest.content.files import CONTENT_SUFFIXES, STORIES_DIR, VIDEOS_DIR
from newsdigest.errors import BuildError, Problem
from newsdigest.text import slugify

STORY_TEMPLATE = """\
---
title: {title}
summary: ""          # one or two sentences under the headline; also the feed summary
author: ""           # a name, or a list: ["Ana Li", "Bo Park"]
date: {date}
updated:             # when it last changed, like the date; leave empty until then
tags: {tags}
image:               # /images/name.jpg (put the file in static/images/) or a full URL
image_alt: ""        # describe the image for readers who cannot see it
image_caption: ""
image_focus:         # where share cards crop the image: top, center, bottom, left, right or 0.5,0.3
videos: []           # slugs of videos to pin at the top of the rail
corrections: []      # dated notes shown under the story, as README.md describes
slug:                # the web address; empty means the file name
draft: true          # set to false to publish
---

Write the story here.
"""

VIDEO_TEMPLATE = """\
---
title: {title}
date: {date}
duration: "0:00"     # how long it runs: "1:49", "1:02:03" or a number of seconds
url: https://video.example.invalid/replace-with-the-video-address
thumbnail:           # /thumbs/name.jpg (put the file in static/thumbs/) or a full URL
tags: {tags}
slug:                # the web address; empty means the file name
draft: true          # set to false to publish
---

Describe the video here.
"""


def new_file(root: Path, headline: str, tags: Sequence[str] = (), video: bool = False,
             now: datetime | None = None) -> Path:
    """Write content/stories/<slug>.md (or content/videos/); return its path. Never overwrites."""
    config = load_config(root)
    folder = VIDEOS_DIR if video else STORIES_DIR
    slug = slugify(headline)
    if not slug:
        raise BuildError([Problem(folder, None, "title", f"cannot make a file name from "
                                  f"{headline!r}", "use a headline with letters or digits")])
    taken = [root / folder / (slug + suffix) for suffix in CONTENT_SUFFIXES]
    for existing in taken:
        if existing.exists():
            raise BuildError([Problem(existing.relative_to(root).as_posix(), None, None,
                                      "already exists; nothing was written",
                                      "edit that file, or choose a different headline")])
    moment = (now or datetime.now(timezone.utc)).astimezone(config.tz)
    template = VIDEO_TEMPLATE if video else STORY_TEMPLATE
    text = template.format(title=_quoted(headline.strip()), date=f"{moment:%Y-%m-%dT%H:%M:00}",
                           tags="[" + ", ".join(_quoted(t) for t in _clean(tags)) + "]")
    path = taken[0]
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("x", encoding="utf-8", newline="\n") as file:  # "x": never overwrite
        file.write(text)
    return path


def _quoted(text: str) -> str:
    """A YAML double-quoted string (JSON's escaping is valid YAML)."""
    return json.dumps(text, ensure_ascii=False)


def _clean(tags: Sequence[str]) -> list[str]:
    return list(dict.fromkeys(t.strip() for t in tags if t.strip()))
