"""WordPress: an export file (WXR, any version) read into Stories; posts only.

Pages, attachments, menu items and other types are counted and skipped; a post in the trash is
skipped and named. Drafts, pending, private and password-protected posts become drafts (a static
site cannot protect a page), each named; a scheduled post keeps its future date. The offset of
each date is WordPress's own (`post_date` against `post_date_gmt`).
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from urllib.parse import urlsplit

from newsdigest.errors import BuildError, Problem
from newsdigest.importers import fields as f
from newsdigest.importers import htmlmd, images
from newsdigest.importers.aliases import unique_paths
from newsdigest.importers.model import Batch, Skipped, Story, When

DRAFT_STATUSES = {"draft": "a draft", "pending": "pending review", "auto-draft": "an auto-draft",
                  "private": "private"}
SKIPPED_CATEGORIES = {"uncategorized"}  # WordPress's default category says nothing


@dataclass
class Item:
    """One <item> of the export: simple fields by prefixed name, categories, post meta."""

    values: dict[str, str] = field(default_factory=dict)  # "title", "wp:post_type", ...
    categories: list[tuple[str, str]] = field(default_factory=list)  # (domain, name)
    meta: dict[str, str] = field(default_factory=dict)
    comments: int = 0

    def get(self, name: str) -> str:
        return self.values.get(name, "").strip()


@dataclass(frozen=True)
class Blog:
    """The channel: the site's address, authors' names, attachments' files."""

    link: str
    authors: dict[str, str]
    attachments: dict[str, str]  # post id -> file URL
    finder: images.Finder


def read(source: Path) -> Batch:
    """Every post of the export; everything else counted, skipped and named."""
    channel = _channel(source)
    items = [_item(node) for node in channel.iter() if _local(node.tag) == "item"]
    blog = _blog(source, channel, items)
    batch = Batch()
    for item in items:
        _one(item, blog, batch)
    comments = sum(i.comments for i in items)
    if comments:
        batch.site_note(f"{comments} comments are in the export; newsdigest has no comments, so "
                        "they were not imported")
    remote = sum("still on the old site" in n for story in batch.stories for n in story.notes)
    if remote:
        batch.site_note(f"{remote} images are still on the old site, each named below: to copy "
                        "them, put its wp-content/uploads/ folder next to the export and import "
                        "into a fresh site root (an import never rewrites a story it wrote)")
    return batch


def _channel(source: Path) -> ET.Element:
    try:
        root = ET.parse(source).getroot()
    except (ET.ParseError, OSError) as exc:
        raise BuildError([Problem(str(source), None, None, f"not a readable WordPress export: {exc}",
                                  "export it again from Tools > Export in WordPress")]) from None
    channel = next((n for n in root.iter() if _local(n.tag) == "channel"), None)
    if channel is None:
        raise BuildError([Problem(str(source), None, None, "not a WordPress export (no <channel>)")])
    return channel


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _prefix(tag: str) -> str:
    """A namespaced tag as WXR writes it: wp:post_type, content:encoded, excerpt:encoded..."""
    if "}" not in tag:
        return tag
    space, local = tag[1:].split("}", 1)
    for marker, prefix in (("/excerpt", "excerpt"), ("wordpress.org/export", "wp"),
                           ("modules/content", "content"), ("dc/elements", "dc")):
        if marker in space:
            return f"{prefix}:{local}"
    return local


def _item(node: ET.Element) -> Item:
    item = Item()
    for child in node:
        name = _prefix(child.tag)
        if name == "category":
            item.categories.append((child.get("domain", "category"), child.text or ""))
        elif name == "wp:postmeta":
            meta = {_local(c.tag): c.text or "" for c in child}
            item.meta[meta.get("meta_key", "")] = meta.get("meta_value", "")
        elif name == "wp:comment":
            item.comments += 1
        else:
            item.values[name] = child.text or ""
    return item


def _blog(source: Path, channel: ET.Element, items: list[Item]) -> Blog:
    link = (channel.findtext("link") or "").strip().rstrip("/")
    authors = {}
    for node in channel:
        if _prefix(node.tag) == "wp:author":
            values = {_local(c.tag): (c.text or "").strip() for c in node}
            authors[values.get("author_login", "")] = values.get("author_display_name", "")
    attachments = {i.get("wp:post_id"): i.get("wp:attachment_url") or i.get("guid")
                   for i in items if i.get("wp:post_type") == "attachment"}
    hosts = {urlsplit(link).hostname or ""} | {urlsplit(i.get("link")).hostname or "" for i in items[:50]}
    return Blog(link, authors, attachments, images.Finder((source.parent,), frozenset(hosts - {""})))


def _one(item: Item, blog: Blog, batch: Batch) -> None:
    kind = item.get("wp:post_type") or "post"
    src = f"{kind} {item.get('wp:post_id') or '?'} ({f.plain_text(item.get('title'))[:60]})"
    if kind != "post":
        batch.count(kind)
        return
    if item.get("wp:status") == "trash":
        batch.skipped.append(Skipped(src, "in WordPress's trash: not imported"))
        return
    when = _date(item)
    if when is None:
        batch.skipped.append(Skipped(src, f"no date that can be read ({item.get('wp:post_date')!r})"))
        return
    batch.stories.append(_story(item, src, when, blog))


def _date(item: Item) -> When | None:
    local = _moment(item.get("wp:post_date"))
    utc = _moment(item.get("wp:post_date_gmt"))
    if local is None:
        return None
    if utc is None:  # WordPress leaves drafts without a GMT date
        return When(local, True, False)
    offset = timezone(local - utc)
    return When(utc.replace(tzinfo=timezone.utc).astimezone(offset), True, True)


def _moment(text: str) -> datetime | None:
    if not text or text.startswith("0000"):
        return None
    try:
        return datetime.fromisoformat(text.strip())
    except ValueError:
        return None


def _story(item: Item, src: str, when: When, blog: Blog) -> Story:
    title = f.clean_title(item.get("title"))
    post_id = item.get("wp:post_id")
    slug = f.slugify_or(item.get("wp:post_name") or title, f"post-{post_id}")
    story = Story(src=src, slug=slug, title=title or slug.replace("-", " ").capitalize(), date=when)
    if not title:
        story.note("no title: one made from the slug")
    if not when.zoned:
        story.note(f"no GMT date (WordPress leaves drafts without one): {when.text()} is read in "
                   "this site's time zone")
    story.summary = f.plain_text(item.get("excerpt:encoded")) or f.plain_text(
        item.meta.get("_yoast_wpseo_metadesc", ""))  # the SEO description many newsrooms write
    login = item.get("dc:creator")
    story.authors = [blog.authors.get(login) or login] if login else []
    story.tags = f.unique(f.plain_text(name) for domain, name in item.categories
                          if domain in ("category", "post_tag")
                          and f.plain_text(name).lower() not in SKIPPED_CATEGORIES)
    _status(item, story)
    story.aliases = unique_paths([item.get("link"), f"/?p={post_id}" if post_id else ""])
    story.guid = item.get("guid") or (story.aliases[0] if story.aliases else f"wp-{post_id}")
    story.body = images.rewrite(htmlmd.to_markdown(item.get("content:encoded"), story.note,
                                                   wordpress=True), blog.finder, story)
    thumbnail = blog.attachments.get(item.meta.get("_thumbnail_id", ""), "")
    if thumbnail:
        story.image = blog.finder.resolve(thumbnail, story)
    return story


def _status(item: Item, story: Story) -> None:
    status = item.get("wp:status")
    if status in DRAFT_STATUSES:
        story.draft = True
        story.note(f"{DRAFT_STATUSES[status]} in WordPress: imported as a draft")
    elif status == "future":
        story.note(f"scheduled in WordPress: dated {story.date.text()}, it waits until then")
    elif status and status != "publish":
        story.draft = True
        story.note(f"status {status!r} in WordPress: imported as a draft")
    if item.get("wp:post_password"):
        story.draft = True
        story.note("password-protected in WordPress: imported as a draft, since a static site "
                   "cannot protect it; publish it only if it may be public")
