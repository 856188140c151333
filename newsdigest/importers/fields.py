"""The field mapping, in one table (`FIELD_MAP`: one row a field of ours, a column a source):
which field of Jekyll, Hugo, WordPress or a feed becomes which of ours; and the small readers
that clean each value (titles, plain text, names, dates).

Source field names are matched without regard to case (Hugo's own rule: `publishDate` is
`publishdate`). The first source field found in a row's list wins, except for tags, which merge.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone
from typing import Any
from zoneinfo import ZoneInfo

from newsdigest.importers.model import When
from newsdigest.text import slugify


@dataclass(frozen=True)
class Rule:
    """One of our fields; what fills it in Jekyll/Hugo front matter (the names `lookup` reads,
    first found wins), in a WordPress export and in a feed; and what is done on the way."""

    ours: str
    theirs: tuple[str, ...]
    wordpress: str
    feed: str
    how: str


FIELD_MAP: tuple[Rule, ...] = (
    Rule("title", ("title",), "<title>", "<title>", "entities decoded, HTML tags stripped"),
    Rule("summary", ("summary", "excerpt", "description", "dek", "subtitle"),
         "<excerpt:encoded>, else Yoast's meta description", "<description> or <summary> when "
         "there is a content besides", "plain text: tags, entities, Markdown marks removed"),
    Rule("author", ("author", "authors", "byline"), "<dc:creator>, its display name",
         "<dc:creator>, <author>", "Jekyll handles become names via _data/authors.yml"),
    Rule("date", ("date",), "<wp:post_date> with <wp:post_date_gmt>'s offset", "<pubDate>, "
         "<published>", "any Jekyll/YAML/TOML form; time zone from the site; missing: from "
         "the YYYY-MM-DD- file name (noted)"),
    Rule("date", ("publishdate", "pubdate"), "", "", "a later publishDate becomes the date: the "
         "story waits for it, as Hugo's did"),
    Rule("updated", ("lastmod", "last_modified_at", "updated", "modified"), "", "<updated>",
         "as date; left out (noted) when before the date"),
    Rule("tags", ("categories", "category", "tags"), "<category> (categories and post tags, "
         "not Uncategorized)", "<category>", "merged in that order; a Jekyll text is split at "
         "spaces; duplicates dropped"),
    Rule("image", ("image", "featured_image", "thumbnail", "cover"), "the featured image "
         "(_thumbnail_id)", "an image <enclosure>, <media:content>, <media:thumbnail>",
         "copied into static/images/imported/ when the file is found (else noted)"),
    Rule("image_alt", ("image_alt", "image-alt", "alt"), "", "", "as written"),
    Rule("image_caption", ("image_caption", "image_figcaption", "caption"), "", "", "plain text"),
    Rule("draft", ("draft", "published"), "<wp:status> draft, pending, private; a password",
         "", "draft: true, published: false, _drafts/ become draft: true (named in the report)"),
    Rule("expires", ("expirydate", "expires", "unpublishdate"), "", "", "as date"),
    Rule("aliases", ("redirect_from", "aliases"), "<link>'s path and /?p=<wp:post_id>",
         "<link>'s path, on the feed's own site", "plus the old path under the site's "
         "permalink scheme, or its `permalink` or `url`"),
    Rule("guid", ("guid",), "<guid>", "<guid>, Atom <id>", "else the old address, absolute "
         "when the site's url is known"),
    Rule("slug", ("slug",), "<wp:post_name>", "the last part of <link>", "else the file name "
         "without its date; a Hugo bundle: its folder"),
    Rule("body", (), "<content:encoded>, HTML to Markdown", "<content:encoded>, <content>, "
         "else <description>", "Jekyll and Hugo bodies stay Markdown; shortcodes, Liquid tags "
         "and embeds made ours (shortcodes.py, embeds.py)"),
)

# Source fields that only steer the old generator's templates or address scheme: not noted.
IGNORED = frozenset({
    "layout", "type", "permalink", "url", "weight", "toc", "comments", "share", "menu",
    "sitemap", "render", "_build", "build", "outputs", "markup", "linktitle", "headless",
    "section", "cascade", "translationkey", "isCJKLanguage".lower(),
})


def known_fields() -> frozenset[str]:
    """Every source field the table or the ignore list takes care of (lower-case)."""
    return frozenset(name for rule in FIELD_MAP for name in rule.theirs) | IGNORED


def lookup(raw: dict[str, Any], ours: str) -> Any:
    """The value of the first source field that fills `ours` (None when none is there)."""
    lowered = {str(k).lower(): v for k, v in raw.items()}
    for rule in FIELD_MAP:
        if rule.ours == ours:
            for name in rule.theirs:
                if lowered.get(name) not in (None, "", []):
                    return lowered[name]
    return None


def lookup_all(raw: dict[str, Any], ours: str) -> list[Any]:
    """Every source value that fills `ours`, in the table's order (tags merge)."""
    lowered = {str(k).lower(): v for k, v in raw.items()}
    return [lowered[name] for rule in FIELD_MAP if rule.ours == ours for name in rule.theirs
            if lowered.get(name) not in (None, "", [])]


def unmapped(raw: dict[str, Any]) -> list[str]:
    """Source fields nobody reads: the report names them."""
    known = known_fields()
    return sorted(str(k) for k in raw if str(k).lower() not in known)


_TAG = re.compile(r"<[^>]*>")
_SPACE = re.compile(r"\s+")


def clean_title(value: Any) -> str:
    """"Fire &mdash; <em>again</em>" -> "Fire — again"."""
    return plain_text(value)


def plain_text(value: Any) -> str:
    """Text without tags or entities, on one line."""
    if value is None:
        return ""
    text = html.unescape(_TAG.sub("", str(value)))
    return _SPACE.sub(" ", text).strip()


_MD_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_MD_MARKS = re.compile(r"(\*\*|__|(?<!\w)[*_](?=\S)|(?<=\S)[*_](?!\w)|`)")


def summary_text(value: Any) -> str:
    """A summary as plain words: `[a](/b)` -> "a", `**a**` -> "a", tags and entities removed."""
    text = plain_text(value)
    return plain_text(_MD_MARKS.sub("", _MD_LINK.sub(lambda m: m[1], text)))


def name_list(value: Any, split_spaces: bool = False) -> list[str]:
    """A name or a list of names; Jekyll splits a text of tags or categories at spaces."""
    if value is None:
        return []
    items = value if isinstance(value, list) else [value]
    names: list[str] = []
    for item in items:
        if isinstance(item, dict):  # {name: ...} as some themes write authors
            item = item.get("name") or item.get("title") or ""
        text = plain_text(item)
        names += text.split() if split_spaces and not isinstance(value, list) else [text]
    return unique(n for n in names if n)


def slugify_or(text: str, fallback: str) -> str:
    """A slug from text, else from fallback (a file name), else "story"."""
    return slugify(text) or slugify(fallback) or "story"


def unique(names) -> list[str]:
    """Names in order, the second of two with the same slug dropped."""
    seen: dict[str, str] = {}
    for name in names:
        seen.setdefault(slugify(name) or name, name)
    return list(seen.values())


_DATE = re.compile(
    r"^(\d{4})-(\d{1,2})-(\d{1,2})"
    r"(?:[ Tt]+(\d{1,2}):(\d{1,2})(?::(\d{1,2})(?:[.,]\d+)?)?)?"
    r"\s*(Z|z|UTC|GMT|[+-]\d{1,2}(?::?\d{2})?)?$")


def parse_when(value: Any, tz: ZoneInfo | None) -> When | None:
    """Every form Jekyll, YAML 1.1, TOML and Hugo accept; None when it is not a date.

    `2015-1-12`, `2014-10-22 9:00`, `2015-03-17 14:00:00 -4`, `2014-03-12T10:11:00-04:00`...
    Without an offset the time is read in the site's zone `tz`; with none known it stays naive.
    """
    if isinstance(value, datetime):
        return _zoned(value, True, tz)
    if isinstance(value, date):
        return _zoned(datetime.combine(value, time()), False, tz)
    found = _DATE.match(str(value or "").strip())
    if not found:
        return None
    year, month, day, hour, minute, second, offset = found.groups()
    try:
        moment = datetime(int(year), int(month), int(day), int(hour or 0), int(minute or 0),
                          int(second or 0), tzinfo=_offset(offset))
    except ValueError:
        return None
    return _zoned(moment, hour is not None, tz)


def _offset(text: str | None) -> timezone | None:
    if text is None:
        return None
    if text.upper() in ("Z", "UTC", "GMT"):
        return timezone.utc
    sign = -1 if text[0] == "-" else 1
    digits = text[1:].replace(":", "")
    hours, minutes = (digits, "0") if len(digits) <= 2 else (digits[:-2], digits[-2:])
    return timezone(sign * timedelta(hours=int(hours), minutes=int(minutes)))


def _zoned(moment: datetime, has_time: bool, tz: ZoneInfo | None) -> When:
    if not has_time:
        return When(moment.replace(tzinfo=None), False, tz is not None)
    if moment.tzinfo is not None:
        return When(moment.astimezone(tz) if tz else moment, True, True)
    if tz is None:
        return When(moment, True, False)
    return When(moment.replace(tzinfo=tz).astimezone(timezone.utc).astimezone(tz), True, True)


_NAME_DATE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})-(.+)$")


def split_dated_name(stem: str) -> tuple[date | None, str]:
    """"2015-1-12-introducing-kavya" -> (2015-01-12, "introducing-kavya"); else (None, stem)."""
    found = _NAME_DATE.match(stem)
    if not found:
        return None, stem
    try:
        return date(int(found[1]), int(found[2]), int(found[3])), found[4]
    except ValueError:
        return None, stem


def later(first: When, second: When | None) -> bool:
    """True when `second` is after `first` (naive ones compared as wall times)."""
    if second is None:
        return False
    a, b = first.moment, second.moment
    if (a.tzinfo is None) != (b.tzinfo is None):
        a, b = a.replace(tzinfo=None), b.replace(tzinfo=None)
    return b > a
