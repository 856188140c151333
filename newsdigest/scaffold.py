"""`newsdigest new`: a new story or video file with every field present, ready to fill in.

The file is a draft (`draft: true`) dated now in the site's time zone, so it builds as it is,
shows in `serve` (labelled "Draft"), and is never published before the editor says so.
"""

from __future__ import annotations

import json
import tomllib
from datetime import datetime, timezone
from pathlib import Path
from typing import Sequence

from newsdigest.config import CONFIG_NAME, load_config, parse_config
from newsdigest.content.names import CONTENT_SUFFIXES, STORIES_DIR, VIDEOS_DIR
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
lead_video:          # a video's slug: its player leads the story in place of the image
corrections: []      # dated notes shown under the story, as README.md describes
slug:                # the web address; empty means the file name
aliases: []          # old addresses of this story, such as /2015/01/12/fire.html: they redirect here
guid:                # the feed id it had on another site; empty means its address
publish_date:        # embargo: not published before this moment, even if dated earlier
expires:             # not published from this moment on; empty means never
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
captions: {{}}         # WebVTT files, one per language: {{en: /captions/name.en.vtt}}
transcript: ""       # what is said in the video, shown under it
slug:                # the web address; empty means the file name
publish_date:        # embargo: not published before this moment, even if dated earlier
expires:             # not published from this moment on; empty means never
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


FIRST_STORY = """\
---
title: {title}
summary: "The first story of a new site: replace it with your own news."
date: {date}
tags: [{tag}]
---

This is the first story of **{name}**. Edit it in `content/stories/welcome.md`, or add more
stories with `newsdigest new "A headline"`, then build the site again with `newsdigest build`.
"""


def init_site(folder: Path, title: str = "", url: str = "https://news.example.org/",
              timezone_name: str = "UTC", now: datetime | None = None) -> Path:
    """Make a new site root in folder (new or empty): site.toml, content/stories/ with one
    first story and content/videos/, ready to build. Returns the story's path."""
    if folder.exists() and (not folder.is_dir() or any(folder.iterdir())):
        raise BuildError([Problem(str(folder), None, None, "is not an empty folder; nothing was "
                                  "written", "give init the name of a new folder")])
    name = title.strip() or folder.resolve().name.replace("-", " ").replace("_", " ").title()
    toml = (f"title = {_quoted(name)}\nbase_url = {_quoted(url)}\n"
            f"description = {_quoted('Local news from ' + name)}\nlanguage = \"en\"\n"
            f"timezone = {_quoted(timezone_name)}\n")
    config = parse_config(tomllib.loads(toml))  # raises BuildError naming a bad --url or zone
    moment = (now or datetime.now(timezone.utc)).astimezone(config.tz)
    (folder / "content" / "videos").mkdir(parents=True, exist_ok=True)
    (folder / "static").mkdir(exist_ok=True)
    (folder / CONFIG_NAME).write_text(toml, encoding="utf-8")
    story = folder / STORIES_DIR / "welcome.md"
    story.parent.mkdir(parents=True, exist_ok=True)
    story.write_text(FIRST_STORY.format(title=_quoted(name + " is open"), name=name, tag="news",
                                        date=f"{moment:%Y-%m-%dT%H:%M:00}"), encoding="utf-8")
    return story
