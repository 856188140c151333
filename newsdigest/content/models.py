"""The typed content of a site: stories and videos as validated from their files."""

from __future__ import annotations

import pickle
import re
from dataclasses import dataclass, field, fields
from datetime import datetime
from operator import attrgetter
from typing import Any


@dataclass(frozen=True)
class Correction:
    """A note an editor adds when a published story was wrong: when, and what was fixed."""

    date: datetime  # aware, in the site's zone
    text: str


@dataclass(frozen=True)
class Caption:
    """A WebVTT captions file for a video, in one language."""

    language: str  # a BCP 47 tag: en, es, es-US
    src: str  # a path on the site or a full URL


_EMBEDS = (
    ("youtube", re.compile(r"^https?://(?:www\.|m\.)?(?:youtube\.com/(?:watch\?(?:.*&)?v=|embed/|shorts/|live/)"
                           r"|youtube-nocookie\.com/embed/|youtu\.be/)([A-Za-z0-9_-]{6,20})(?:[?&#/].*)?$")),
    ("vimeo", re.compile(r"^https?://(?:www\.|player\.)?vimeo\.com/(?:video/)?(\d{3,12})(?:[?#/].*)?$")),
)


def _pickled_as_values(kind: type) -> type:
    """Pickle items of `kind` as the tuple of their fields' values, made again without
    __init__: pickle's own way rebuilds each from a dict of its fields, which made loading
    a saved site model (10,000 stories) a sixth slower. Items may also be saved packed (see
    packed()): their fields are read in when first asked for (__getattr__), so the class
    keeps no default values, which would answer for a field not read yet (__init__ has its
    own copy of them)."""
    names = tuple(f.name for f in fields(kind))
    values = attrgetter(*names)
    _FIELD_NAMES[kind] = names
    kind.__reduce__ = lambda item: (_unpickled, (kind, values(item)))
    for name in names:
        if name in vars(kind):
            delattr(kind, name)
    kind.__getattr__ = _unpack
    return kind


def _unpickled(kind: type, values: tuple) -> Any:
    item = object.__new__(kind)
    item.__dict__.update(zip(_FIELD_NAMES[kind], values))  # frozen: set as __init__ would
    return item


def packed(item: Story | Video, shelf: Shelf | None = None) -> tuple:
    """A pickle reduce value (for Pickler.reducer_override) that keeps the item's fields but
    its src_path and slug as one blob, read the first time one of them is asked for: an edit
    build loads the whole saved site model but looks into a few hundred of its stories (0.03 s
    to load 10,000 stories kept so, against 0.12 to 0.19 s made whole). The src_path and slug
    stay out: finding an item, or the page of each, must not read every one. With a shelf,
    the blob is put on it, to be written after the pickle, and only where it is goes in."""
    names = _FIELD_NAMES[type(item)]
    assert names[:2] == _KEYS
    blob = pickle.dumps(attrgetter(*names[2:])(item), protocol=pickle.HIGHEST_PROTOCOL)
    if shelf is None:
        return _unpacked_later, (type(item), item.src_path, item.slug, blob)
    return _unpacked_later, (type(item), item.src_path, item.slug, (shelf, shelf.put(blob), len(blob)))


class Shelf:
    """The blobs of the items a file packed, written after its pickle and read, from the file
    mapped into memory, only when an item is first looked into: at 100,000 stories they are
    106 of a saved site model's 124 MB, of which an edit build reads a few hundred."""

    def __init__(self):
        self._blobs: list[bytes] = []
        self._size = 0
        self._view: memoryview | bytes = b""

    def __reduce__(self):
        return Shelf, ()

    def put(self, blob: bytes) -> int:
        """Keep a blob to write; where it will be among them."""
        offset, self._size = self._size, self._size + len(blob)
        self._blobs.append(blob)
        return offset

    def write(self, file) -> None:
        """The blobs, then their length: written after the pickle that refers to them."""
        file.writelines(self._blobs)
        file.write(self._size.to_bytes(8, "big"))

    def open(self, after_pickle: memoryview) -> bool:
        """Read the blobs from what follows the pickle; False when it is not whole."""
        size = int.from_bytes(after_pickle[-8:], "big") if len(after_pickle) >= 8 else -1
        if size != len(after_pickle) - 8:
            return False
        self._view = after_pickle
        return True

    def take(self, offset: int, length: int) -> memoryview:
        blob = self._view[offset:offset + length]
        if len(blob) != length:
            raise ValueError("a packed item's blob is not in its file: the shelf was not opened")
        return blob


def _unpacked_later(kind: type, src_path: str, slug: str, blob: bytes | tuple) -> Any:
    item = object.__new__(kind)
    item.__dict__.update(src_path=src_path, slug=slug, _packed=blob)
    return item


def _unpack(item: Any, name: str) -> Any:
    """A packed item's field, its fields read in first (__getattr__: asked only for a name
    the item does not have yet). A race of two threads reads the blob twice, harmlessly."""
    blob = item.__dict__.get("_packed") if not name.startswith("__") else None
    if blob is None:
        raise AttributeError(f"{type(item).__name__!r} object has no attribute {name!r}")
    if type(blob) is tuple:  # on a shelf
        shelf, offset, length = blob
        blob = shelf.take(offset, length)
    item.__dict__.update(zip(_FIELD_NAMES[type(item)][2:], pickle.loads(blob)))
    item.__dict__.pop("_packed", None)
    return getattr(item, name)


_FIELD_NAMES: dict[type, tuple[str, ...]] = {}
_KEYS = ("src_path", "slug")  # the fields a packed item keeps out of its blob


@_pickled_as_values
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
    lead_video: str = ""  # a video's slug: its player leads the story in place of the image
    draft: bool = False
    corrections: tuple[Correction, ...] = ()  # oldest first
    body: str = ""
    extra: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)
    aliases: tuple[str, ...] = ()  # old paths of the story ("/2015/01/12/fire.html"): redirects
    guid: str = ""  # the feed guid it had elsewhere; empty: its address
    publish_date: datetime | None = None  # embargo: not published before it
    expires: datetime | None = None  # not published from then on
    lede: str = ""  # the body's opening words as plain text (the description without a summary)
    images: tuple[str, ...] = ()  # every image address it shows: lead image and body images
    embeds: int = 0  # click-to-load embeds in the body (pages with any load assets/embed.js)

    @property
    def description(self) -> str:
        """What search engines and share cards show: the summary, else the opening words."""
        return self.summary or self.lede

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


@_pickled_as_values
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
    captions: tuple[Caption, ...] = ()  # WebVTT files, one per language
    transcript: str = ""  # plain text; blank lines part paragraphs
    draft: bool = False
    body: str = ""
    extra: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)
    publish_date: datetime | None = None  # embargo: not published before it
    expires: datetime | None = None  # not published from then on
    lede: str = ""  # the description's opening words as plain text
    images: tuple[str, ...] = ()  # the thumbnail and body images
    embeds: int = 0  # click-to-load embeds in the body

    @property
    def embed(self) -> tuple[str, str] | None:
        """("youtube" | "vimeo", id) when `url` is a YouTube or Vimeo address, else None."""
        for host, pattern in _EMBEDS:
            found = pattern.match(self.media_url)
            if found:
                return host, found.group(1)
        return None

    @property
    def embed_url(self) -> str:
        """The privacy-friendly player address for an embed (autoplays: the reader pressed play)."""
        host, ident = self.embed or ("", "")
        if host == "youtube":
            return f"https://www.youtube-nocookie.com/embed/{ident}?autoplay=1"
        return f"https://player.vimeo.com/video/{ident}?autoplay=1&dnt=1" if host else ""

    @property
    def transcript_paragraphs(self) -> list[str]:
        return [" ".join(p.split()) for p in re.split(r"\n\s*\n", self.transcript) if p.strip()]

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


@dataclass(frozen=True)
class AuthorProfile:
    """What content/authors/<slug>.md says of a reporter: shown on their author page."""

    src_path: str
    slug: str
    name: str = ""  # as bylines spell it; "" leaves the byline's spelling
    photo: str | None = None
    photo_alt: str = ""
    links: tuple[str, ...] = ()  # web addresses: their social profiles, their email
    body: str = ""  # a short bio, in Markdown
