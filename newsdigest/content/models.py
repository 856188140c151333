"""The typed content of a site: stories and videos as validated from their files."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any


@dataclass(frozen=True)
class Correction:
    """A note an editor adds when a published story was wrong: when, and what was fixed."""

    date: datetime  # aware, in the site's zone
    text: str


@dataclass(frozen=True)
class Story:
    """One news story, validated; `body` is Markdown source."""

    src_path: str  # relative to the site root, with "/"
    slug: str
    title: str
    date: datetime  # published, aware, in the site's zone
    summary: str = ""
    authors: tuple[str, ...] = ()
    updated: datetime | None = None
    date_has_time: bool = True
    tags: tuple[str, ...] = ()  # tag slugs, in the editor's order
    tag_names: tuple[str, ...] = ()  # as the editor spelled them, parallel to tags
    image: str | None = None
    image_alt: str = ""
    image_caption: str = ""
    image_focus: str = ""  # where share crops centre: top, center, bottom, left, right or "x,y"
    video_slugs: tuple[str, ...] = ()
    draft: bool = False
    corrections: tuple[Correction, ...] = ()  # oldest first
    body: str = ""
    extra: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)

    @property
    def modified(self) -> datetime:
        """The last time the story changed: the latest of published, updated and corrections."""
        return max((self.date, *(m for m in (self.updated,) if m),
                    *(c.date for c in self.corrections)))

    @property
    def was_modified(self) -> bool:
        return self.modified > self.date

    @property
    def byline(self) -> str:
        if len(self.authors) <= 2:
            return " and ".join(self.authors)
        return ", ".join(self.authors[:-1]) + " and " + self.authors[-1]


@dataclass(frozen=True)
class Video:
    """One video: a file or a page elsewhere, with its own page here; `body` describes it."""

    src_path: str
    slug: str
    title: str
    date: datetime
    duration: int  # seconds
    media_url: str  # the video file or the page that plays it (front matter `url`)
    thumbnail: str | None = None
    tags: tuple[str, ...] = ()
    tag_names: tuple[str, ...] = ()
    draft: bool = False
    body: str = ""
    extra: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)

    @property
    def is_media_file(self) -> bool:
        """True when `url` is a file a <video> element can play."""
        path = self.media_url.split("?", 1)[0].split("#", 1)[0].lower()
        return path.endswith((".mp4", ".webm", ".m4v", ".mov", ".ogv"))

    @property
    def media_type(self) -> str:
        path = self.media_url.split("?", 1)[0].lower()
        for ext, kind in ((".webm", "video/webm"), (".ogv", "video/ogg"), (".mov", "video/quicktime")):
            if path.endswith(ext):
                return kind
        return "video/mp4"
