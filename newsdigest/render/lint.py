"""A build-time check of newsdigest's own output: feeds, sitemaps and JSON-LD.

Content cannot make these wrong (content errors are caught earlier), so a violation here is a
bug in newsdigest or in a template, and the build stops rather than publish it.
"""

from __future__ import annotations

import email.utils
import json
import re
from typing import Any, Iterable, Iterator

from lxml import etree as ET

from newsdigest.errors import Problem

ATOM = "{http://www.w3.org/2005/Atom}"
MEDIA = "{http://search.yahoo.com/mrss/}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
NEWS = "{http://www.google.com/schemas/sitemap-news/0.9}"
BUG = "this is a bug in newsdigest (or in a template override), not in your content"
_JSON_LD = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.S)
_OFFSET_TIME = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$")
_RFC822_OFFSET = re.compile(r"[+-]\d{4}$")
_ISO_DURATION = re.compile(r"^PT(?=\d)(\d+H)?(\d+M)?(\d+S)?$")
REQUIRED = {
    "NewsArticle": ("headline", "datePublished", "dateModified", "author", "publisher",
                    "mainEntityOfPage"),
    "VideoObject": ("name", "description", "thumbnailUrl", "uploadDate", "duration"),
}
_URL_KEYS = {"url", "@id", "image", "thumbnailUrl", "contentUrl", "embedUrl"}
_DATE_KEYS = {"datePublished", "dateModified", "uploadDate"}

Found = Iterator[str]  # messages about one file
# lxml (libxml2) reads our feeds in half the time of the standard library's parser; our own
# output has no entities to expand and nothing to fetch.
_PARSER = ET.XMLParser(resolve_entities=False, no_network=True, huge_tree=True)


def lint_output(files: dict[str, bytes]) -> list[Problem]:
    """Every violation in the rendered files ({out_path: bytes}), as problems naming the file."""
    return [problem for out_path, data in sorted(files.items()) for problem in lint_file(out_path, data)]


def lint_file(out_path: str, data: bytes) -> list[Problem]:
    """Every violation in one rendered file, as problems naming it."""
    return [Problem(out_path, None, None, f"invalid output: {message}", BUG)
            for message in _lint_file(out_path, data)]


def _lint_file(out_path: str, data: bytes) -> Found:
    if out_path.endswith(".html"):
        yield from lint_json_ld(data.decode("utf-8"))
    elif out_path.endswith(".xml"):
        data, fresh = _unchecked(data)
        try:
            root = ET.fromstring(data, _PARSER)
        except ET.XMLSyntaxError as exc:
            yield f"not well-formed XML: {exc}"
            return
        found = []
        if root.tag == "rss":
            found = list(lint_rss(root))
        elif root.tag == f"{ATOM}feed":
            found = list(lint_atom(root))
        elif root.tag == f"{SITEMAP}urlset":
            found = list(lint_sitemap(root))
        if not found:
            trust_entries(fresh)
        yield from found


# Feed entries that passed the check inside a feed, by their bytes. A story's entry is the same
# in every feed that shows it (up to twelve), and an edit build keeps the entries of the feeds
# as written (checked by the build that wrote them): each is parsed and checked once. At
# 10,000 stories checking the twelve feeds an edit rewrites took 40 ms, for two new entries.
_PASSED: set[bytes] = set()
_ENTRY = ((b"<entry>", b"</entry>"), (b"<item>", b"</item>"))  # as lxml writes our feeds


def trust_entries(entries: Iterable[bytes]) -> None:
    """Note entries (each from its opening to its closing tag) as checked in a feed."""
    if len(_PASSED) > 50_000:  # serve runs for hours: old versions of entries go
        _PASSED.clear()
    _PASSED.update(entry.strip() for entry in entries)


def _unchecked(data: bytes) -> tuple[bytes, list[bytes]]:
    """A feed without the entries checked before, and its other entries (a sitemap as it is)."""
    head = data[:500]
    tags = _ENTRY[0] if b"<feed" in head else _ENTRY[1] if b"<rss" in head else None
    if tags is None:
        return data, []
    start, end = tags
    parts, fresh, at = [], [], 0
    while (begin := data.find(start, at)) >= 0:
        stop = data.find(end, begin)
        if stop < 0:
            return data, []  # not a feed of ours: the parser says what is wrong
        stop += len(end)
        entry = data[begin:stop]
        if entry in _PASSED:
            parts.append(data[at:begin])
        else:
            fresh.append(entry)
            parts.append(data[at:stop])
        at = stop
    parts.append(data[at:])
    return b"".join(parts), fresh


def is_absolute(url: str | None) -> bool:
    return bool(url) and re.match(r"^https?://[^/\s]+", url) is not None


def has_offset(text: str | None) -> bool:
    return bool(text) and _OFFSET_TIME.match(text) is not None


def lint_rss(root: ET._Element) -> Found:
    """RSS 2.0: absolute links and guids, RFC 822 dates with numeric offsets, Media RSS."""
    channel = root.find("channel")
    if channel is None:
        yield "RSS without a channel"
        return
    for name in ("title", "link", "description"):
        if not (channel.findtext(name) or "").strip():
            yield f"the channel has no {name}"
    for date_name in ("lastBuildDate",):
        yield from _rfc822(channel.findtext(date_name), f"channel {date_name}")
    for n, item in enumerate(channel.findall("item"), 1):
        where = f"item {n}"
        for name in ("title", "link", "guid"):
            if not (item.findtext(name) or "").strip():
                yield f"{where} has no {name}"
        guid = item.find("guid")
        if guid is not None and guid.get("isPermaLink", "true") == "true" and not is_absolute(guid.text):
            yield f"{where}: guid {guid.text!r} is a permalink but not an absolute URL"
        if not is_absolute(item.findtext("link")):
            yield f"{where}: link {item.findtext('link')!r} is not absolute"
        yield from _rfc822(item.findtext("pubDate"), f"{where} pubDate")
        yield from _media(item, where)


def _rfc822(text: str | None, where: str) -> Found:
    if text is None or email.utils.parsedate_tz(text) is None or not _RFC822_OFFSET.search(text):
        yield f"{where} {text!r} is not an RFC 822 date with a numeric offset"


def _media(entry: ET._Element, where: str) -> Found:
    for thumb in entry.iter(f"{MEDIA}thumbnail"):
        if not is_absolute(thumb.get("url")):
            yield f"{where}: media:thumbnail url {thumb.get('url')!r} is not absolute"
    for content in entry.findall(f"{MEDIA}content"):
        if not is_absolute(content.get("url")):
            yield f"{where}: media:content url {content.get('url')!r} is not absolute"
        if not (content.get("duration") or "").isdigit():
            yield f"{where}: media:content duration {content.get('duration')!r} is not whole seconds"
        for name in ("type", "medium"):
            if not content.get(name):
                yield f"{where}: media:content has no {name}"
        if not (content.findtext(f"{MEDIA}title") or "").strip():
            yield f"{where}: media:content has no media:title"


def lint_atom(root: ET._Element) -> Found:
    """Atom: absolute ids and links, RFC 3339 dates with offsets."""
    if not has_offset(root.findtext(f"{ATOM}updated")):
        yield f"feed updated {root.findtext(f'{ATOM}updated')!r} has no offset"
    for n, entry in enumerate(root.findall(f"{ATOM}entry"), 1):
        where = f"entry {n}"
        if not is_absolute(entry.findtext(f"{ATOM}id")):
            yield f"{where}: id {entry.findtext(f'{ATOM}id')!r} is not an absolute URL"
        for link in entry.findall(f"{ATOM}link"):
            if not is_absolute(link.get("href")):
                yield f"{where}: link {link.get('href')!r} is not absolute"
        for name in ("updated", "published"):
            if not has_offset(entry.findtext(f"{ATOM}{name}")):
                yield f"{where}: {name} {entry.findtext(f'{ATOM}{name}')!r} is not a date with an offset"
        yield from _media(entry, where)


def lint_sitemap(root: ET._Element) -> Found:
    """Sitemaps (plain and news): absolute locs, dates with offsets, news publication fields."""
    for n, url in enumerate(root.findall(f"{SITEMAP}url"), 1):
        loc = url.findtext(f"{SITEMAP}loc")
        where = f"url {n} ({loc})"
        if not is_absolute(loc):
            yield f"url {n}: loc {loc!r} is not absolute"
        lastmod = url.findtext(f"{SITEMAP}lastmod")  # optional: a site with no content has none
        if lastmod is not None and not has_offset(lastmod):
            yield f"{where}: lastmod {lastmod!r} is not a date with an offset"
        news = url.find(f"{NEWS}news")
        if news is not None:
            yield from _news(news, where)


def _news(news: ET._Element, where: str) -> Found:
    for path in (f"{NEWS}publication/{NEWS}name", f"{NEWS}publication/{NEWS}language",
                 f"{NEWS}title"):
        if not (news.findtext(path) or "").strip():
            yield f"{where}: news:{path.rsplit('}', 1)[1]} is missing"
    if not has_offset(news.findtext(f"{NEWS}publication_date")):
        yield f"{where}: news:publication_date is not a date with an offset"


def lint_json_ld(html: str) -> Found:
    """Every JSON-LD block: valid JSON, schema.org context, required properties, absolute URLs."""
    for n, block in enumerate(_JSON_LD.findall(html), 1):
        where = f"JSON-LD block {n}"
        try:
            data = json.loads(block)
        except ValueError as exc:
            yield f"{where} is not JSON: {exc}"
            continue
        if data.get("@context") != "https://schema.org":
            yield f"{where} has no schema.org @context"
        kind = data.get("@type")
        for name in REQUIRED.get(kind, ()):
            if data.get(name) in (None, "", []):
                yield f"{where} ({kind}) has no {name}"
        if kind == "VideoObject":
            if not (data.get("contentUrl") or data.get("embedUrl")):
                yield f"{where} (VideoObject) has neither contentUrl nor embedUrl"
            if not _ISO_DURATION.match(str(data.get("duration", ""))):
                yield f"{where} (VideoObject) duration {data.get('duration')!r} is not ISO 8601"
        yield from _json_ld_values(data, where)


def _json_ld_values(value: Any, where: str, key: str = "") -> Found:
    if isinstance(value, dict):
        for k, v in value.items():
            yield from _json_ld_values(v, where, k)
        if value.get("@type") in ("Person", "Organization") and not value.get("name"):
            yield f"{where}: a {value['@type']} has no name"
    elif isinstance(value, list):
        for v in value:
            yield from _json_ld_values(v, where, key)
    elif key in _URL_KEYS and not is_absolute(value):
        yield f"{where}: {key} {value!r} is not an absolute URL"
    elif key in _DATE_KEYS and not has_offset(value):
        yield f"{where}: {key} {value!r} is not a date with an offset"
