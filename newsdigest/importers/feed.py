"""Feeds: an RSS 2.0, RSS 1.0 (RDF) or Atom file read into Stories, the way out of any system.

Each item's guid (or Atom id) is kept, so feed readers do not see the archive as new; its link
becomes an alias; its HTML content becomes Markdown, and its description (or Atom summary)
becomes the summary when there is a content besides.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from email.utils import parsedate_to_datetime
from html import escape
from pathlib import Path, PurePosixPath
from urllib.parse import urlsplit

from newsdigest.errors import BuildError, Problem
from newsdigest.importers import fields as f
from newsdigest.importers import htmlmd, images
from newsdigest.importers.aliases import unique_paths
from newsdigest.importers.model import Batch, Skipped, Story, When

ATOM = "{http://www.w3.org/2005/Atom}"


def read(source: Path) -> Batch:
    """Every item or entry of the feed."""
    try:
        root = ET.parse(source).getroot()
    except (ET.ParseError, OSError) as exc:
        raise BuildError([Problem(str(source), None, None, f"not a readable feed: {exc}",
                                  "give an RSS or Atom file")]) from None
    atom = root.tag == f"{ATOM}feed"
    entries = [n for n in root.iter() if _local(n.tag) == ("entry" if atom else "item")]
    if not atom and root.tag.rsplit("}", 1)[-1] not in ("rss", "RDF"):
        raise BuildError([Problem(str(source), None, None, "not an RSS or Atom feed",
                                  f"its top element is <{_local(root.tag)}>")])
    home = _home(root, atom)
    finder = images.Finder((), frozenset(filter(None, [urlsplit(home).hostname])))
    batch = Batch()
    for number, node in enumerate(entries, 1):
        values = _entry(node) if atom else _item(node)
        _one(values, number, finder, batch)
    return batch


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _home(root: ET.Element, atom: bool) -> str:
    if atom:
        links = [n for n in root.findall(f"{ATOM}link") if n.get("rel", "alternate") == "alternate"]
        return links[0].get("href", "") if links else ""
    channel = next((n for n in root.iter() if _local(n.tag) == "channel"), root)
    return next((n.text or "" for n in channel if _local(n.tag) == "link"), "")


def _item(node: ET.Element) -> dict:
    """An RSS item's values by one vocabulary: title, link, guid, date, summary, content..."""
    values: dict = {"tags": [], "authors": []}
    for child in node:
        name, text = _local(child.tag), (child.text or "").strip()
        if name == "encoded" and "content" in child.tag:
            values["content"] = child.text or ""
        elif name in ("title", "link", "guid", "description", "comments"):
            values.setdefault({"description": "summary"}.get(name, name), text)
        elif name in ("pubDate", "date"):
            values.setdefault("date", text)
        elif name in ("category", "subject"):
            values["tags"].append(text)
        elif name in ("creator", "author"):
            values["authors"].append(text)
        elif name in ("enclosure", "content", "thumbnail") and _is_image(child):
            values.setdefault("image", child.get("url", ""))
    if "guid" not in values and node.get("{http://www.w3.org/1999/02/22-rdf-syntax-ns#}about"):
        values["guid"] = node.get("{http://www.w3.org/1999/02/22-rdf-syntax-ns#}about")
    return values


def _is_image(node: ET.Element) -> bool:
    """An <enclosure>, <media:content> or <media:thumbnail> that is an image."""
    kind = node.get("type", "") or ("image/" if node.get("medium") == "image" else "")
    return bool(node.get("url")) and (kind.startswith("image/") or _local(node.tag) == "thumbnail")


def _entry(node: ET.Element) -> dict:
    """An Atom entry's values in the vocabulary _item uses."""
    values: dict = {"tags": [n.get("label") or n.get("term", "") for n in node.findall(f"{ATOM}category")],
                    "authors": [n.findtext(f"{ATOM}name", "") for n in node.findall(f"{ATOM}author")]}
    links = [n for n in node.findall(f"{ATOM}link") if n.get("rel", "alternate") == "alternate"]
    values["link"] = links[0].get("href", "") if links else ""
    values["guid"] = node.findtext(f"{ATOM}id", "").strip()
    values["date"] = node.findtext(f"{ATOM}published", "") or node.findtext(f"{ATOM}updated", "")
    values["updated"] = node.findtext(f"{ATOM}updated", "")
    for name in ("title", "summary", "content"):
        element = node.find(f"{ATOM}{name}")
        if element is not None:
            values[name] = _atom_text(element)
    return values


def _atom_text(element: ET.Element) -> str:
    """HTML for an Atom text construct of any type (text, html, xhtml)."""
    kind = element.get("type", "text")
    if kind == "xhtml":
        inner = element[0] if len(element) else element
        return (inner.text or "") + "".join(ET.tostring(c, encoding="unicode") for c in inner)
    if kind == "text":
        return escape(element.text or "")
    return element.text or ""


def _when(text: str) -> When | None:
    text = (text or "").strip()
    if not text:
        return None
    try:
        moment = parsedate_to_datetime(text)
        return When(moment, True, moment.tzinfo is not None)
    except (TypeError, ValueError, IndexError):
        return f.parse_when(text.replace("T", " ", 1), None)


def _one(values: dict, number: int, finder: images.Finder, batch: Batch) -> None:
    title = f.clean_title(values.get("title"))
    src = f"item {number} ({title[:60] or values.get('link', '?')})"
    when = _when(values.get("date", ""))
    if when is None:
        batch.skipped.append(Skipped(src, "no date that can be read: not imported"))
        return
    link = values.get("link", "")
    stem = PurePosixPath(urlsplit(link).path).stem if link else ""
    slug = f.slugify_or(stem if stem not in ("", "index") else title, title or f"item-{number}")
    story = Story(src=src, slug=slug, title=title or slug.replace("-", " ").capitalize(), date=when)
    if not title:
        story.note("no title: one made from its address")
    story.authors = f.unique(f.plain_text(a) for a in values["authors"] if a)
    story.tags = f.unique(f.plain_text(t) for t in values["tags"] if t)
    own = not finder.hosts or urlsplit(link).hostname in finder.hosts
    story.aliases = unique_paths([link] if link and own else [])
    story.guid = values.get("guid") or link or f"item-{number}"
    updated = _when(values.get("updated", ""))
    story.updated = updated if f.later(when, updated) else None
    content = values.get("content") or values.get("summary") or ""
    story.summary = f.plain_text(values.get("summary")) if values.get("content") else ""
    if values.get("image"):
        story.image = finder.resolve(values["image"], story)
    story.body = images.rewrite(htmlmd.to_markdown(content, story.note), finder, story)
    if not story.body.strip():
        story.note("no text in the feed: the body is empty")
    batch.stories.append(story)
