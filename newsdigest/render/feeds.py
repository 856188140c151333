"""RSS 2.0 and Atom feeds (feedgen) for the site and for each tag, and the video feed; the
stories' entries are made once each (feed_entries.py)."""

from __future__ import annotations

from datetime import datetime
from functools import lru_cache, partial
from html import escape as html_escape
from typing import Callable, Iterable, Iterator, Sequence

from feedgen.feed import FeedGenerator

from newsdigest import __version__
from newsdigest.content.models import Story, Video
from newsdigest.render.environment import Job
from newsdigest.render.feed_entries import FeedBody, FeedEntries
from newsdigest.render.mediarss import (
    VideoMediaEntryExtension,
    VideoMediaExtension,
    media_item,
)
from newsdigest.render.urls import Urls, tag_path, video_path
from newsdigest.render.lists import story_lists
from newsdigest.site.model import SiteModel


def render_feeds(model: SiteModel, entries: FeedEntries,
                 keep: Callable[[str], bool] = lambda site_path: True) -> Iterator[Job]:
    """A Job for every feed (of those `keep` keeps): feed.xml and atom.xml at the root and under
    each tag, and the video feed. A job's parts name every story and video its feed shows."""
    config = model.config
    lists = [("", config.title, config.description or f"The latest from {config.title}",
              model.stories)]
    for found in story_lists(model)[1:]:
        if found.feeds:
            lists.append((found.first, found.doc_title,
                          f"{found.about} from {config.title}", found.stories))
    urls = Urls(config)
    # only an empty feed shows it, and it walks every story: worked out when one is empty
    fallback = _fallback_date(model) if not model.videos or not all(s[3] for s in lists) else None
    for prefix, title, description, stories in lists:
        formats = ((False, prefix + "feed.xml"), (True, prefix + "atom.xml"))
        kept = [(atom, site_path) for atom, site_path in formats if keep(site_path)]
        newest = stories[:config.feed_size]
        pinned = [_pinned(model, story) for story in newest] if kept else []
        for atom, site_path in kept:
            yield Job.ready(site_path, (site_path, title, description, newest, pinned, fallback),
                            partial(_feed, model, urls, prefix, title, description, newest,
                                    pinned, entries, atom, fallback))
    videos = model.videos[:config.feed_size]
    if keep("videos/feed.xml"):
        yield Job.ready("videos/feed.xml", ("videos/feed.xml", videos, fallback),
                        partial(render_video_feed, model, entries.body, fallback))


def adopt_written_feeds(jobs: Iterable[Job], written: Callable[[str], bytes | None]) -> None:
    """Before an edit: keep the entries of the story feeds among `jobs` as `written` (site path
    -> the file as the last build wrote it, or None) holds them, as made from the stories and
    videos the jobs show. An entry whose story or pinned video is then replaced is made again
    (FeedEntries.entry checks each by identity); the rest need not be."""
    for job in (j for j in jobs if j.site_path.endswith(("feed.xml", "atom.xml"))):
        render = job.prepare()[1]  # (a page's prepare ranks its rail: only feeds are prepared)
        if isinstance(render, partial) and render.func is _feed:
            _, urls, _, _, _, stories, pinned, entries, atom, _ = render.args
            feed = written(job.site_path)
            if feed is not None:
                entries.adopt_written(feed, urls, stories, pinned, atom)


def _pinned(model: SiteModel, story: Story) -> list[Video]:
    """The published videos a story pins: its feed item carries them as Media RSS."""
    return [model.video_index.by_slug[s] for s in story.video_slugs if s in model.video_index.by_slug]


def _fallback_date(model: SiteModel) -> datetime:
    """An empty feed still needs a date that does not move between builds."""
    return max((s.modified for s in model.stories), default=model.options.build_time)


def _channel(language: str, site_title: str, self_url: str, page_url: str, title: str,
             description: str, newest: datetime, atom: bool) -> FeedGenerator:
    """A feed with its self and alternate links and a date taken from content, never the clock."""
    fg = FeedGenerator()
    fg.load_extension("dc", atom=False, rss=True)
    fg.load_extension("media", atom=True, rss=True)
    fg.register_extension("videos", VideoMediaExtension, VideoMediaEntryExtension, atom=True, rss=True)
    fg.id(self_url)
    fg.title(title)
    fg.description(description)
    fg.language(language)
    fg.generator("newsdigest", __version__)
    if atom:  # RFC 4287: entries without a byline take the feed's author; RSS has dc:creator
        fg.author(name=site_title)
    fg.link(href=self_url, rel="self", type="application/atom+xml" if atom else "application/rss+xml")
    fg.link(href=page_url, rel="alternate")  # last: feedgen makes it the channel link
    fg.lastBuildDate(newest)
    fg.updated(newest)
    return fg


@lru_cache(maxsize=512)
def _head(language: str, site_title: str, self_url: str, page_url: str, title: str,
          description: str, newest: datetime, _zone: str, atom: bool) -> bytes:
    """A story feed without its entries, once per process: a save in serve writes the same
    twelve or so feeds again, and feedgen's objects cost more than the entries spliced in.
    (_zone: aware datetimes of one instant are equal whatever their zone.)"""
    fg = _channel(language, site_title, self_url, page_url, title, description, newest, atom)
    return fg.atom_str(pretty=True) if atom else fg.rss_str(pretty=True)


def _feed(model: SiteModel, urls: Urls, prefix: str, title: str, description: str,
          stories: Sequence[Story], pinned: Sequence[list[Video]], entries: FeedEntries,
          atom: bool, fallback: datetime | None) -> bytes:
    newest = max((s.modified for s in stories), default=None) or fallback
    head = _head(model.config.language, model.config.title,
                 urls.abs_url(prefix + ("atom.xml" if atom else "feed.xml")), urls.abs_url(prefix),
                 title, description, newest, f"{newest.isoformat()} {newest.tzinfo!r}", atom)
    return entries.spliced(head, urls, stories, pinned, atom)


def render_video_feed(model: SiteModel, feed_body: FeedBody, fallback: datetime | None) -> bytes:
    """videos/feed.xml: the newest videos as RSS items, each with its Media RSS media:content."""
    config, urls = model.config, Urls(model.config)
    videos = model.videos[:config.feed_size]
    newest = videos[0].date if videos else fallback
    fg = _channel(config.language, config.title, urls.abs_url("videos/feed.xml"),
                  urls.abs_url("videos/"), f"Videos: {config.title}",
                  f"The latest videos from {config.title}", newest, atom=False)
    for video in videos:
        link = urls.abs_url(video_path(video.slug))
        fe = fg.add_entry(order="append")
        fe.guid(link, permalink=True)
        fe.title(video.title)
        fe.link(href=link)
        fe.published(video.date)
        fe.description(html_escape(video.lede or video.title, quote=False))
        fe.content(feed_body(video))
        for slug, name in zip(video.tags, video.tag_names):
            fe.category(term=name, scheme=urls.abs_url(tag_path(slug)), label=name)
        fe.videos.add(media_item(video, urls))
    return fg.rss_str(pretty=True)
