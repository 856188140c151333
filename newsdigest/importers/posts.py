"""A post from a static generator (Jekyll, Hugo): its front matter mapped to a Story by the table
in `fields.py`, with every judgement call noted for the report.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from newsdigest.importers import fields as f
from newsdigest.importers.aliases import unique_paths
from newsdigest.importers.images import Finder
from newsdigest.importers.model import Source, Story, When


@dataclass(frozen=True)
class Site:
    """What an importer knows of the old site as a whole."""

    tz: ZoneInfo | None = None
    url: str = ""  # "https://www.example.org", with any base path; "" when unknown
    authors: dict[str, str] = field(default_factory=dict)  # handle -> name
    finder: Finder = field(default_factory=Finder)


def zone(name: Any) -> ZoneInfo | None:
    """The site's time zone from its config, or None when it gives none that exists."""
    try:
        return ZoneInfo(str(name)) if name else None
    except (ZoneInfoNotFoundError, ValueError):
        return None


def author_names(data: Any) -> dict[str, str]:
    """handle -> name from an authors data file: a mapping of handles to entries (or to names),
    or a list of entries that say their handle."""
    if isinstance(data, dict):
        entries = list(data.items())
    else:
        entries = [(e.get("handle") or e.get("id") or e.get("slug"), e)
                   for e in data or [] if isinstance(e, dict)]
    names = {}
    for handle, entry in entries:
        name = (entry.get("name") or entry.get("full_name") or entry.get("display_name")
                or entry.get("title")) if isinstance(entry, dict) else entry
        if handle and isinstance(name, str) and name.strip():
            names[str(handle)] = f.plain_text(name)
    return names


def truthy(value: Any) -> bool:
    return value is True or str(value).strip().lower() in ("true", "yes", "on", "1")


def falsy(value: Any) -> bool:
    return value is False or str(value).strip().lower() in ("false", "no", "off", "0")


def map_story(source: Source, slug: str, when: When, site: Site) -> Story:
    """Our fields from a post's front matter, the date already found; the body is left to the caller."""
    raw = source.fields
    title = f.clean_title(f.lookup(raw, "title"))
    story = Story(src=source.src, slug=slug, title=title, date=when)
    if not title:
        story.title = slug.replace("-", " ").capitalize()
        story.note(f'no title: "{story.title}" made from the file name')
    story.summary = f.summary_text(f.lookup(raw, "summary"))
    story.authors = f.unique(site.authors.get(h, h) for h in f.name_list(f.lookup(raw, "author")))
    tags = [f.name_list(v, split_spaces=True) for v in f.lookup_all(raw, "tags")]
    story.tags = f.unique(t for group in tags for t in group)
    _dates(story, raw, site.tz)
    _image(story, raw, site.finder)
    _draft(story, raw)
    story.aliases = unique_paths(_texts(f.lookup(raw, "aliases")))
    story.guid = str(f.lookup(raw, "guid") or "")
    ignored = f.unmapped(raw)
    if ignored:
        story.note("fields not imported: " + ", ".join(ignored))
    return story


def _dates(story: Story, raw: dict[str, Any], tz: ZoneInfo | None) -> None:
    publish = _when(story, raw, "publishdate", tz) or _when(story, raw, "pubdate", tz)
    if f.later(story.date, publish):
        story.note(f"publishDate {publish.text()} is later than the date: the story is dated "
                   "then, and waits for it")
        story.date = publish
    updated = _when(story, raw, "updated", tz, ours=True)
    if updated and not f.later(story.date, updated) and updated.moment != story.date.moment:
        story.note(f"updated {updated.text()} is before the date: left out")
        updated = None
    story.updated = updated
    story.expires = _when(story, raw, "expires", tz, ours=True)
    if story.expires:
        story.note(f"expires {story.expires.text()} (the old site's expiryDate)")


def _when(story: Story, raw: dict[str, Any], name: str, tz: ZoneInfo | None,
          ours: bool = False) -> When | None:
    value = f.lookup(raw, name) if ours else {str(k).lower(): v for k, v in raw.items()}.get(name)
    if value in (None, ""):
        return None
    when = f.parse_when(value, tz)
    if when is None:
        story.note(f"{name}: {value!r} is not a date: left out")
    return when


def _image(story: Story, raw: dict[str, Any], finder: Finder) -> None:
    value = f.lookup(raw, "image")
    if isinstance(value, dict):  # Hugo themes: cover: {image: ..., alt: ...}
        story.image_alt = f.plain_text(value.get("alt", ""))
        value = value.get("image") or value.get("src")
    if isinstance(value, list):
        value = value[0] if value else None
    if isinstance(value, str) and value.strip():
        story.image = finder.resolve(value, story)
    story.image_alt = story.image_alt or f.plain_text(f.lookup(raw, "image_alt"))
    story.image_caption = f.plain_text(f.lookup(raw, "image_caption"))
    if story.image and not story.image_alt:
        story.note("the image has no alt text: describe it in image_alt")


def _draft(story: Story, raw: dict[str, Any]) -> None:
    lowered = {str(k).lower(): v for k, v in raw.items()}
    if truthy(lowered.get("draft")):
        story.draft = True
        story.note("draft: true in the old site: imported as a draft")
    if "published" in lowered and falsy(lowered["published"]):
        story.draft = True
        story.note("published: false in the old site: imported as a draft")


def _texts(value: Any) -> list[str]:
    if value is None:
        return []
    return [str(v) for v in (value if isinstance(value, list) else [value]) if v]
