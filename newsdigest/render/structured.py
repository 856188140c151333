"""JSON-LD for search engines: NewsArticle on story pages, VideoObject on video pages."""

from __future__ import annotations

import json
from typing import Any

from newsdigest.config import SiteConfig
from newsdigest.content.models import Story, Video
from newsdigest.render.urls import Urls, story_path, video_path
from newsdigest.text import duration_iso, iso

CONTEXT = "https://schema.org"
DEFAULT_THUMBNAIL = "assets/video-thumbnail.svg"  # in the theme: search engines require a thumbnail
_ORGANISATION_WORDS = ("staff", "newsroom", "desk", "team", "wire", "news service")


def to_script(data: dict[str, Any]) -> str:
    """The body of a <script type="application/ld+json">: stable key order; every "<" is written
    as \\u003c, so no "</script>" or "<!--" in a headline can end or confuse the element."""
    return json.dumps(data, sort_keys=True, ensure_ascii=False).replace("<", "\\u003c")


def publisher(config: SiteConfig, urls: Urls) -> dict[str, Any]:
    """The newsroom as a schema.org Organization, with its logo when site.toml names one."""
    found: dict[str, Any] = {"@type": "Organization", "name": config.publisher,
                             "url": config.base_url}
    if config.publisher_logo:
        found["logo"] = {"@type": "ImageObject", "url": urls.abs_asset(config.publisher_logo)}
    return found


def author(name: str, config: SiteConfig) -> dict[str, str]:
    """A byline as a Person, or as an Organization when it names a desk rather than a person."""
    lowered = name.lower()
    is_group = lowered == config.publisher.lower() or any(w in lowered for w in _ORGANISATION_WORDS)
    return {"@type": "Organization" if is_group else "Person", "name": name}


def news_article(story: Story, config: SiteConfig, urls: Urls, description: str) -> dict[str, Any]:
    """schema.org NewsArticle for one story: what Google's article rich results read."""
    url = urls.abs_url(story_path(story.slug))
    authors = [author(n, config) for n in story.authors] or [publisher(config, urls)]
    data: dict[str, Any] = {
        "@context": CONTEXT, "@type": "NewsArticle", "headline": story.title, "url": url,
        "mainEntityOfPage": {"@type": "WebPage", "@id": url},
        "datePublished": iso(story.date), "dateModified": iso(story.modified),
        "author": authors, "publisher": publisher(config, urls), "inLanguage": config.language,
    }
    if description:
        data["description"] = description
    if story.image:
        data["image"] = [urls.abs_asset(story.image)]
    if story.tag_names:
        data["keywords"] = list(story.tag_names)
    return data


def video_object(video: Video, config: SiteConfig, urls: Urls, description: str) -> dict[str, Any]:
    """schema.org VideoObject for one video page."""
    data: dict[str, Any] = {
        "@context": CONTEXT, "@type": "VideoObject", "name": video.title,
        "description": description or video.title, "uploadDate": iso(video.date),
        "duration": duration_iso(video.duration), "url": urls.abs_url(video_path(video.slug)),
        "publisher": publisher(config, urls), "inLanguage": config.language,
    }
    data["thumbnailUrl"] = [urls.abs_asset(video.thumbnail or DEFAULT_THUMBNAIL)]
    media = urls.abs_asset(video.media_url)
    data["contentUrl" if video.is_media_file else "embedUrl"] = media
    return data
