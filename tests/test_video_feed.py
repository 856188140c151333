"""The video feed (videos/feed.xml) and the Media RSS of videos pinned to stories."""

import xml.etree.ElementTree as ET

import feedparser
from conftest import images, photo, story, video

MEDIA = "{http://search.yahoo.com/mrss/}"


def build(make_site):
    site = make_site({
        "static/thumbs/scene.jpg": photo(),
        "content/stories/fire.md": story("Fire", videos="[scene, missing]"),
        "content/videos/scene.md": video("Scene", date="2026-11-19T10:00:00", duration='"1:49"', thumbnail="/thumbs/scene.jpg",
                                         url="https://cdn.example.org/scene.webm", tags="[fire]"),
        "content/videos/talk.md": video("Talk", date="2026-11-18T10:00:00", duration="3725"),
        **images("/thumbs/scene.jpg"),
    })
    site.build()
    return site


def contents(item: ET.Element) -> list[ET.Element]:
    return item.findall(f"{MEDIA}content")


def test_video_feed_lists_videos_newest_first_with_media_rss(make_site):
    site = build(make_site)
    parsed = feedparser.parse((site.out / "videos/feed.xml").read_bytes())
    assert not parsed.bozo
    assert [e.title for e in parsed.entries] == ["Scene", "Talk"]
    assert parsed.entries[0].link == "https://news.example.org/videos/scene/"
    assert parsed.entries[0].id == "https://news.example.org/videos/scene/"
    assert parsed.entries[0].published == "Thu, 19 Nov 2026 10:00:00 -0500"
    self_link = [l.href for l in parsed.feed.links if l.rel == "self"]
    assert self_link == ["https://news.example.org/videos/feed.xml"]
    assert parsed.feed.updated == "Thu, 19 Nov 2026 10:00:00 -0500"  # the newest video, not the clock


def test_each_video_item_has_media_content_with_duration_type_thumbnail_and_title(make_site):
    site = build(make_site)
    items = ET.fromstring((site.out / "videos/feed.xml").read_bytes()).findall("./channel/item")
    [scene] = contents(items[0])
    assert scene.attrib == {"url": "https://cdn.example.org/scene.webm", "type": "video/webm",
                            "medium": "video", "duration": "109"}
    assert scene.findtext(f"{MEDIA}title") == "Scene"
    assert scene.find(f"{MEDIA}thumbnail").get("url") == "https://news.example.org/thumbs/scene.jpg"
    [talk] = contents(items[1])
    assert talk.get("duration") == "3725" and talk.get("medium") == "video"
    assert talk.get("type") == "text/html"  # a page that plays the video, not a file
    assert talk.find(f"{MEDIA}player").get("url") == "https://news.example.org/videos/talk/"


def test_a_story_that_pins_videos_carries_them_as_media_rss_in_rss_and_atom(make_site):
    site = build(make_site)
    item = ET.fromstring((site.out / "feed.xml").read_bytes()).find("./channel/item")
    assert [c.get("url") for c in contents(item)] == ["https://cdn.example.org/scene.webm"]
    entry = ET.fromstring((site.out / "atom.xml").read_bytes()).find("{http://www.w3.org/2005/Atom}entry")
    assert [c.get("duration") for c in contents(entry)] == ["109"]
    parsed = feedparser.parse((site.out / "feed.xml").read_bytes())
    assert not parsed.bozo and parsed.entries[0].media_content[0]["medium"] == "video"


def test_the_videos_page_links_to_the_video_feed(make_site):
    site = build(make_site)
    assert ('<link rel="alternate" type="application/rss+xml" title="Videos: Test Gazette (RSS)" '
            'href="/videos/feed.xml">') in site.read("videos/index.html")
