"""Stories' entries in the site's feeds: each made once, as the bytes it is inside a feed, and
put into every feed that shows it (the site's, its tags', towns' and author's).

feedgen writes a feed's entries again every time it writes the feed: a story in twelve feeds
was written twelve times (55 of the 77 ms that a save in serve spent on the twelve feeds that
show a story, at 10,000 stories). Here feedgen writes each feed without entries (its `head`),
and the entries' bytes go in before it closes: each written by lxml inside a feed of the same
namespaces, as feedgen would write it (tests/test_feeds.py checks the two byte for byte).
"""

from __future__ import annotations

from html import escape as html_escape
from operator import is_
from typing import Any, Callable, Iterable, Sequence

from feedgen.entry import FeedEntry
from lxml import etree

from newsdigest.content.models import Story, Video
from newsdigest.render.lint import trust_entries
from newsdigest.render.mediarss import VideoMediaEntryExtension, media_item
from newsdigest.render.urls import Urls, story_path, tag_path

ATOM_NS = "http://www.w3.org/2005/Atom"
FeedBody = Callable[[Story | Video], str]  # story or video -> body HTML with absolute links
Made = tuple[str, bool, tuple[str, ...], bytes]  # src_path, atom, pinned videos' slugs, the entry


class FeedEntries:
    """Each story's entry in each format, made once and put into every feed that shows it. An
    entry made from an item that has since been replaced (a save) is made again, so none is
    ever stale."""

    def __init__(self, body: FeedBody):
        self.body = body
        self._made: dict[tuple[str, bool], tuple[Story, Sequence[Video], bytes]] = {}
        self.writer = EntryWriter()
        self.recorded: list[Made] | None = None  # see record()

    def record(self, on: bool) -> None:
        """Note every entry made (serve's first build: its workers hand them back, see adopt)."""
        self.recorded = [] if on else None

    def take(self) -> list[Made]:
        """The entries made since the last take, by name (they travel between processes)."""
        if self.recorded is None:
            return []
        taken, self.recorded = self.recorded, []
        return taken

    def adopt(self, made: Iterable[Made], stories: dict[str, Story], videos: dict[str, Video]) -> None:
        """Keep entries another process made, as made from these stories and videos."""
        for src_path, atom, slugs, data in made:
            story = stories.get(src_path)
            if story is not None and all(slug in videos for slug in slugs):
                self._made[(src_path, atom)] = (story, [videos[slug] for slug in slugs], data)

    def adopt_written(self, feed: bytes, urls: Urls, stories: Sequence[Story],
                      pinned: Sequence[Sequence[Video]], atom: bool) -> bool:
        """Keep the entries of a feed as written, as made from these stories and videos (those
        it was written from): an edit build takes the entries it does not change from the feed
        as the last build wrote it. False, keeping nothing, when the feed does not hold one entry
        for each story in turn, each with the story's link."""
        made = _entries(feed, atom)
        if made is None or len(made) != len(stories):
            return False
        link = b'<link href="%s"/>' if atom else b"<link>%s</link>"
        if not all(link % html_escape(urls.abs_url(story_path(s.slug)), quote=False).encode() in data
                   for s, data in zip(stories, made)):
            return False
        for story, videos, data in zip(stories, pinned, made):
            self._made.setdefault((story.src_path, atom), (story, videos, data))
        trust_entries(made)  # the build that wrote the feed checked them (lint.py)
        return True

    def spliced(self, head: bytes, urls: Urls, stories: Sequence[Story],
                pinned: Sequence[Sequence[Video]], atom: bool) -> bytes:
        """head (a feed as feedgen writes it without entries) with the stories' entries."""
        return with_entries(head, b"".join(self.entry(head, urls, story, videos, atom)
                                           for story, videos in zip(stories, pinned)), atom)

    def entry(self, head: bytes, urls: Urls, story: Story, pinned: Sequence[Video], atom: bool) -> bytes:
        made = self._made.get((story.src_path, atom))
        if made is not None and made[0] is story and _same(made[1], pinned):
            return made[2]
        data = self._write(head, urls, story, pinned, atom)
        self._made[(story.src_path, atom)] = (story, pinned, data)
        if self.recorded is not None:
            self.recorded.append((story.src_path, atom, tuple(v.slug for v in pinned), data))
        return data

    def _write(self, head: bytes, urls: Urls, story: Story, pinned: Sequence[Video], atom: bool) -> bytes:
        entry = story_entry(urls, story, self.body(story), atom)
        for video in pinned:
            entry.videos.add(media_item(video, urls))
        return self.writer(head, entry, atom)


class EntryWriter:
    """Writes a feedgen entry as the bytes it is inside a feed that lxml pretty-prints: inside
    an empty feed with the namespaces of the first `head` it is given (one writer per kind of
    feed)."""

    def __init__(self):
        self._hosts: dict[bool, tuple[Any, Any]] = {}

    def __call__(self, head: bytes, entry: FeedEntry, atom: bool) -> bytes:
        root, parent = self._host(head, atom)
        element = entry.atom_entry() if atom else entry.rss_entry()
        parent.append(element)
        try:
            text = etree.tostring(root, pretty_print=True, encoding="UTF-8")
        finally:
            parent.remove(element)
        return text[text.index(_start(atom)) + 1:_end(text, atom)]

    def _host(self, head: bytes, atom: bool):
        """An empty feed with the namespaces of `head`, made as feedgen makes its root."""
        if atom not in self._hosts:
            nsmap = {k: v for k, v in etree.fromstring(head).nsmap.items() if k is not None}
            if atom:
                root = etree.Element("feed", xmlns=ATOM_NS, nsmap=nsmap)
                self._hosts[atom] = (root, root)
            else:
                root = etree.Element("rss", version="2.0", nsmap=nsmap)
                self._hosts[atom] = (root, etree.SubElement(root, "channel"))
        return self._hosts[atom]


def with_entries(head: bytes, entries: bytes, atom: bool) -> bytes:
    """head (a feed as feedgen writes it without entries) with the entries' bytes put in."""
    end = _end(head, atom)
    return head[:end] + entries + head[end:]


def _start(atom: bool) -> bytes:
    """How an entry begins in a feed that lxml wrote pretty-printed (text never holds a raw <)."""
    return b"\n  <entry>" if atom else b"\n    <item>"


def _entries(feed: bytes, atom: bool) -> list[bytes] | None:
    """A feed's entries, each as the bytes _write made; None when it is not a feed of ours."""
    start, starts = _start(atom), []
    at = feed.find(start)
    while at >= 0:
        starts.append(at + 1)
        at = feed.find(start, at + 1)
    try:
        end = _end(feed, atom)
    except ValueError:
        return None
    return [feed[a:b] for a, b in zip(starts, starts[1:] + [end])]


def _end(feed: bytes, atom: bool) -> int:
    """Where a feed's entries end: before the channel (RSS) or the feed (Atom) closes."""
    return feed.rindex(b"</feed>" if atom else b"  </channel>")


def _same(these: Sequence, those: Sequence) -> bool:
    return len(these) == len(those) and all(map(is_, these, those))


def story_entry(urls: Urls, story: Story, body: str, atom: bool) -> FeedEntry:
    """A story's feedgen entry, with the extensions every feed of ours loads (feeds._channel)."""
    link = urls.abs_url(story_path(story.slug))
    fe = FeedEntry()
    fe.load_extension("dc", atom=False, rss=True)
    fe.load_extension("media", atom=True, rss=True)
    fe.register_extension("videos", VideoMediaEntryExtension, atom=True, rss=True)
    guid = story.guid or link  # an imported story keeps the guid subscribers already have
    if atom:  # atom:id must be an IRI; feedgen's id and guid are one value
        fe.id(guid if guid.startswith(("http://", "https://")) else link)
    else:
        fe.guid(guid, permalink=guid == link)
    fe.title(story.title)
    fe.link(href=link)
    fe.published(story.date)
    fe.updated(story.modified)
    fe.description(html_escape(story.summary or story.title, quote=False))  # readers read HTML
    fe.content(body, type="html" if atom else None)
    if atom:
        if story.summary:
            fe.summary(story.summary)
        for name in story.authors:
            fe.author(name=name)
    else:
        for name in story.authors:
            fe.dc.dc_creator(name)
    for slug, name in zip(story.tags, story.tag_names):
        fe.category(term=name, scheme=urls.abs_url(tag_path(slug)), label=name)
    if story.image:
        fe.media.thumbnail(url=urls.abs_asset(story.image), group=None)
    return fe
