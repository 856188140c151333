"""sitemap.xml with a real lastmod for every page, news-sitemap.xml for Google News, robots.txt."""

from __future__ import annotations

from datetime import datetime
from html import escape as html_escape
from typing import Iterable, Sequence

from newsdigest.content.models import Story, Video
from newsdigest.render.urls import (
    Urls,
    digest_path,
    paged,
    story_path,
    video_path,
)
from newsdigest.render.lists import story_lists
from newsdigest.site.model import SiteModel, news_stories
from newsdigest.text import iso


def _escape(text: str) -> str:
    """&, < and > as entities, as XML text needs: what xml.sax.saxutils.escape does, without
    importing urllib.request and ssl into every build (a tenth of an edit build's imports)."""
    return html_escape(text, quote=False)


SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
NEWS_NS = "http://www.google.com/schemas/sitemap-news/0.9"


def page_lastmods(model: SiteModel) -> dict[str, datetime]:
    """site_path -> when the page's content last changed: its item's, or the newest item it shows."""
    found: dict[str, datetime] = {}
    for story in model.stories:
        found[story_path(story.slug)] = story.modified
    for video in model.videos:
        found[video_path(video.slug)] = video.date
    size = model.config.page_size
    lists: list[tuple[str, Sequence[Story | Video]]] = [("videos/", model.videos)]
    lists += [(found.first, found.stories) for found in story_lists(model) if found.page]
    for first, items in lists:
        for start in range(0, len(items), size):
            found[paged(first, start // size + 1)] = _newest(items[start:start + size])
    for edition in model.editions:
        found[digest_path(edition.day)] = _newest((*edition.stories, *edition.videos))
    everything = (*model.stories, *model.videos)
    if everything:  # pages with nothing of their own (an empty list, the indexes): the site's newest
        for site_path in ("", "videos/", "tags/", "archive/", "towns/", "authors/", "search/",
                          "digest/"):
            found.setdefault(site_path, _newest(model.stories or everything))
    return found


def _newest(items: Sequence[Story | Video]) -> datetime:
    return max(i.modified if isinstance(i, Story) else i.date for i in items)


def render_sitemap(model: SiteModel, site_paths: Iterable[str]) -> bytes:
    """sitemap.xml: every HTML page; lastmod from front matter, never a clock or a file time."""
    urls, lastmods = Urls(model.config), page_lastmods(model)
    lines = ['<?xml version="1.0" encoding="UTF-8"?>', f'<urlset xmlns="{SITEMAP_NS}">']
    for site_path in site_paths:
        when = lastmods.get(site_path)
        lastmod = f"<lastmod>{iso(when)}</lastmod>" if when else ""
        lines.append(f"<url><loc>{_escape(urls.abs_url(site_path))}</loc>{lastmod}</url>")
    lines.append("</urlset>")
    return ("\n".join(lines) + "\n").encode("utf-8")


def news_language(language: str) -> str:
    """Google News wants an ISO 639 code: "en-US" -> "en"; Chinese keeps zh-cn / zh-tw."""
    code = language.lower()
    return code if code in ("zh-cn", "zh-tw") else code.split("-", 1)[0]


def render_news_sitemap(model: SiteModel) -> bytes:
    """news-sitemap.xml: the recent stories with their original publish time."""
    config, urls = model.config, Urls(model.config)
    publication = (f"<news:publication><news:name>{_escape(config.publisher)}</news:name>"
                   f"<news:language>{_escape(news_language(config.language))}</news:language>"
                   "</news:publication>")
    lines = ['<?xml version="1.0" encoding="UTF-8"?>',
             f'<urlset xmlns="{SITEMAP_NS}" xmlns:news="{NEWS_NS}">']
    for story in news_stories(model):
        lines.append(f"<url><loc>{_escape(urls.abs_url(story_path(story.slug)))}</loc><news:news>"
                     f"{publication}<news:publication_date>{iso(story.date)}"
                     f"</news:publication_date><news:title>{_escape(story.title)}</news:title>"
                     "</news:news></url>")
    lines.append("</urlset>")
    return ("\n".join(lines) + "\n").encode("utf-8")


def robots_txt(base_url: str) -> bytes:
    """Allow everything; point crawlers at both sitemaps."""
    return (f"User-agent: *\nAllow: /\n\nSitemap: {base_url}sitemap.xml\n"
            f"Sitemap: {base_url}news-sitemap.xml\n").encode("ascii")
