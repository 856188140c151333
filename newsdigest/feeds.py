"""RSS 2.0 and Atom feeds (feedgen) for the site and for each tag, and the sitemap."""

from __future__ import annotations

from html import escape as html_escape
from typing import Callable, Iterable, Iterator, Sequence
from xml.sax.saxutils import escape

from feedgen.feed import FeedGenerator

from . import __version__
from .models import Story
from .site import SiteModel
from .text import iso
from .urls import Urls, story_path, tag_path

FeedBody = Callable[[Story], str]  # story -> body HTML with absolute links


def render_feeds(model: SiteModel, feed_body: FeedBody) -> Iterator[tuple[str, bytes]]:
    """(site_path, bytes) of every feed: feed.xml and atom.xml at the root and under each tag."""
    config = model.config
    lists = [("", config.title, config.description or f"The latest from {config.title}",
              model.stories)]
    for tag in model.tags.values():
        lists.append((tag_path(tag.slug), f"{tag.name}: {config.title}",
                      f"The latest stories about {tag.name} from {config.title}", tag.stories))
    urls = Urls(config)
    for prefix, title, description, stories in lists:
        newest = stories[:config.feed_size]
        for atom in (False, True):
            yield (prefix + ("atom.xml" if atom else "feed.xml"),
                   _feed(model, urls, prefix, title, description, newest, feed_body, atom))


def _feed(model: SiteModel, urls: Urls, prefix: str, title: str, description: str,
          stories: Sequence[Story], feed_body: FeedBody, atom: bool) -> bytes:
    fg = FeedGenerator()
    fg.load_extension("dc", atom=False, rss=True)
    fg.load_extension("media", atom=True, rss=True)
    self_url = urls.abs_url(prefix + ("atom.xml" if atom else "feed.xml"))
    fg.id(self_url)
    fg.title(title)
    fg.description(description)
    fg.language(model.config.language)
    fg.generator("newsdigest", __version__)
    if atom:  # RFC 4287: entries without a byline take the feed's author; RSS has dc:creator
        fg.author(name=model.config.title)
    fg.link(href=self_url, rel="self", type="application/atom+xml" if atom else "application/rss+xml")
    fg.link(href=urls.abs_url(prefix), rel="alternate")  # last: feedgen makes it the channel link
    newest = max((s.modified for s in stories), default=None)
    if newest is None:  # an empty feed still needs a date that does not move between builds
        newest = max((s.modified for s in model.stories), default=model.options.build_time)
    fg.lastBuildDate(newest)
    fg.updated(newest)
    for story in stories:
        _entry(fg, urls, story, feed_body(story), atom)
    return fg.atom_str(pretty=True) if atom else fg.rss_str(pretty=True)


def _entry(fg: FeedGenerator, urls: Urls, story: Story, body: str, atom: bool) -> None:
    link = urls.abs_url(story_path(story.slug))
    fe = fg.add_entry(order="append")
    fe.id(link)
    fe.guid(link, permalink=True)
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


def render_sitemap(model: SiteModel, site_paths: Iterable[str]) -> bytes:
    """sitemap.xml: every HTML page; a story's lastmod comes from its front matter, never a clock."""
    urls = Urls(model.config)
    modified = {story_path(s.slug): s.modified for s in model.stories}
    lines = ['<?xml version="1.0" encoding="UTF-8"?>',
             '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">']
    for site_path in site_paths:
        lastmod = f"<lastmod>{iso(modified[site_path])}</lastmod>" if site_path in modified else ""
        lines.append(f"<url><loc>{escape(urls.abs_url(site_path))}</loc>{lastmod}</url>")
    lines.append("</urlset>")
    return ("\n".join(lines) + "\n").encode("utf-8")
