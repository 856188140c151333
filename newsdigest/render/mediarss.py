"""Media RSS for videos in feeds: a feedgen extension writing media:content with its title and thumbnail.

feedgen's own media extension has no media:title and puts thumbnails beside, not inside, the
content; a feed item that carries several videos needs each one's title and thumbnail with it.
"""

from __future__ import annotations

from dataclasses import dataclass

from feedgen.ext.base import BaseEntryExtension, BaseExtension
from feedgen.util import xml_elem

from newsdigest.content.models import Video
from newsdigest.render.urls import Urls, video_path

MEDIA_NS = "http://search.yahoo.com/mrss/"


@dataclass(frozen=True)
class MediaItem:
    """One video as Media RSS describes it; every URL absolute."""

    url: str
    type: str  # a video MIME type, or text/html for a page that plays the video
    duration: int  # whole seconds
    title: str
    thumbnail: str | None
    player: str  # the page that plays it


def media_item(video: Video, urls: Urls) -> MediaItem:
    """A published video as a Media RSS item."""
    url = urls.abs_asset(video.media_url) or urls.abs_url(video_path(video.slug))
    return MediaItem(url, video.media_type if video.is_media_file else "text/html",
                     video.duration, video.title, urls.abs_asset(video.thumbnail),
                     urls.abs_url(video_path(video.slug)))


class VideoMediaExtension(BaseExtension):
    """Declares the Media RSS namespace on the feed."""

    def extend_ns(self) -> dict[str, str]:
        return {"media": MEDIA_NS}


class VideoMediaEntryExtension(BaseEntryExtension):
    """Collects MediaItems for one entry and writes them as media:content elements."""

    def __init__(self) -> None:
        self.items: list[MediaItem] = []

    def add(self, item: MediaItem) -> None:
        self.items.append(item)

    def extend_rss(self, entry):
        for item in self.items:
            content = xml_elem(f"{{{MEDIA_NS}}}content", entry)
            content.set("url", item.url)
            content.set("type", item.type)
            content.set("medium", "video")
            content.set("duration", str(int(item.duration)))
            title = xml_elem(f"{{{MEDIA_NS}}}title", content)
            title.set("type", "plain")
            title.text = item.title
            if item.thumbnail:
                xml_elem(f"{{{MEDIA_NS}}}thumbnail", content).set("url", item.thumbnail)
            xml_elem(f"{{{MEDIA_NS}}}player", content).set("url", item.player)
        return entry

    def extend_atom(self, entry):
        return self.extend_rss(entry)
