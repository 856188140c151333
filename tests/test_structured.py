"""JSON-LD, OpenGraph, Twitter cards, canonical links and descriptions, read back from built pages."""

import json
import re
from datetime import datetime
from html.parser import HTMLParser

import pytest
from conftest import images, photo, story, video

TOML = """\
title = "Test Gazette"
base_url = "https://news.example.org/"
description = "A test site."
language = "en-US"
timezone = "America/New_York"
publisher_name = "Gazette Media"
publisher_logo = "/images/logo.png"
"""


class Head(HTMLParser):
    """<meta>, <link rel=canonical> and JSON-LD blocks of one page."""

    def __init__(self, text: str):
        super().__init__()
        self.meta: dict[str, str] = {}
        self.canonical: list[str] = []
        self.json_ld: list[dict] = []
        self._in_ld = False
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "meta" and ("property" in a or "name" in a):
            self.meta[a.get("property") or a["name"]] = a["content"]
        elif tag == "link" and a.get("rel") == "canonical":
            self.canonical.append(a["href"])
        self._in_ld = tag == "script" and a.get("type") == "application/ld+json"

    def handle_data(self, data):
        if self._in_ld:
            self.json_ld.append(json.loads(data))
            self._in_ld = False


def offset_time(text: str) -> datetime:
    moment = datetime.fromisoformat(text)
    assert moment.tzinfo is not None and re.search(r"[+-]\d\d:\d\d$", text), text
    return moment


@pytest.fixture
def built(make_site):
    site = make_site({
        "site.toml": TOML, "static/images/logo.png": photo("png", (600, 60)),
        "static/images/fire.jpg": photo(), "static/thumbs/clip.jpg": photo(),
        "content/stories/fire.md": story(
            "Fire on </script> Main", date="2026-11-19T21:53:00", updated="2026-11-20T08:15:00",
            summary='"Two shops burned."', author='["Dana W", "Newsroom Staff"]',
            image="/images/fire.jpg", image_alt='"Smoke over shops"', videos="[clip]",
            corrections='\n  - date: 2026-11-21T09:00:00\n    text: "Fixed a name."\n'),
        "content/stories/plain.md": story("Plain", date="2026-11-18T10:00:00"),
        "content/videos/clip.md": video("Clip", date="2026-11-19T10:00:00", duration='"1:49"',
                                        thumbnail="/thumbs/clip.jpg",
                                        url="https://cdn.example.org/clip.mp4"),
        "content/videos/page.md": video("Page", date="2026-11-18T10:00:00", duration="3725"),
        **images("/images/fire.jpg", "/thumbs/clip.jpg"),
    })
    site.build()
    return site


def test_article_has_a_news_article_with_every_property(built):
    head = Head(built.read("stories/fire/index.html"))
    [data] = head.json_ld
    url = "https://news.example.org/stories/fire/"
    assert data["@context"] == "https://schema.org" and data["@type"] == "NewsArticle"
    assert data["headline"] == "Fire on </script> Main"
    assert data["image"] == ["https://news.example.org/images/fire.jpg"]
    assert offset_time(data["datePublished"]) == offset_time("2026-11-19T21:53:00-05:00")
    assert data["dateModified"] == "2026-11-21T09:00:00-05:00"  # the correction is the latest change
    assert data["author"] == [{"@type": "Person", "name": "Dana W",
                               "url": "https://news.example.org/authors/dana-w/"},
                              {"@type": "Organization", "name": "Newsroom Staff"}]
    assert data["publisher"] == {"@type": "Organization", "name": "Gazette Media",
                                 "url": "https://news.example.org/",
                                 "logo": {"@type": "ImageObject",
                                          "url": "https://news.example.org/images/logo.png"}}
    assert data["mainEntityOfPage"] == {"@type": "WebPage", "@id": url}
    assert data["description"] == "Two shops burned."


def test_json_ld_cannot_close_its_script_element(built):
    page = built.read("stories/fire/index.html")
    block = page.split('<script type="application/ld+json">', 1)[1].split("</script>", 1)[0]
    assert "<" not in block and "Fire on \\u003c/script> Main" in block


def test_a_story_without_byline_is_credited_to_the_publisher(built):
    [data] = Head(built.read("stories/plain/index.html")).json_ld
    assert data["author"] == [data["publisher"]] and data["author"][0]["name"] == "Gazette Media"
    assert "image" not in data


def test_video_page_has_a_video_object_with_every_property(built):
    [data] = Head(built.read("videos/clip/index.html")).json_ld
    assert data["@type"] == "VideoObject" and data["name"] == "Clip"
    assert data["description"] == "A short video."
    assert data["thumbnailUrl"] == ["https://news.example.org/thumbs/clip.jpg"]
    assert data["uploadDate"] == "2026-11-19T10:00:00-05:00"
    assert data["duration"] == "PT1M49S"
    assert data["contentUrl"] == "https://cdn.example.org/clip.mp4" and "embedUrl" not in data


def test_a_video_hosted_elsewhere_has_an_embed_url_and_a_default_thumbnail(built):
    [data] = Head(built.read("videos/page/index.html")).json_ld
    assert data["duration"] == "PT1H2M5S"
    assert data["embedUrl"] == "https://video.example.org/v" and "contentUrl" not in data
    assert data["thumbnailUrl"] == ["https://news.example.org/assets/video-thumbnail.svg"]
    assert (built.out / "assets/video-thumbnail.svg").is_file()


def test_article_has_open_graph_and_twitter_card_tags(built):
    meta = Head(built.read("stories/fire/index.html")).meta
    assert meta["og:type"] == "article"
    assert meta["og:title"] == meta["twitter:title"] == "Fire on </script> Main"
    assert meta["og:description"] == meta["twitter:description"] == meta["description"] == "Two shops burned."
    assert meta["og:url"] == "https://news.example.org/stories/fire/"
    assert meta["og:image"] == meta["twitter:image"]  # the 1200 x 630 share crop of the lead photo
    assert re.fullmatch(r"https://news\.example\.org/images/fire\.[0-9a-f]{10}\.share\.jpg", meta["og:image"])
    assert (meta["og:image:width"], meta["og:image:height"]) == ("1200", "630")
    assert meta["og:image:alt"] == meta["twitter:image:alt"] == "Smoke over shops"
    assert meta["twitter:card"] == "summary_large_image"
    assert meta["og:site_name"] == "Test Gazette" and meta["og:locale"] == "en_US"
    assert meta["article:published_time"] == "2026-11-19T21:53:00-05:00"
    assert meta["article:modified_time"] == "2026-11-21T09:00:00-05:00"


PAGES = ["index.html", "stories/fire/index.html", "videos/clip/index.html", "videos/index.html",
         "tags/index.html", "archive/index.html", "archive/2026/11/index.html", "404.html"]


@pytest.mark.parametrize("rel", PAGES)
def test_every_page_has_an_absolute_canonical_link_a_description_and_a_card(built, rel):
    head = Head(built.read(rel))
    assert len(head.canonical) == 1 and head.canonical[0].startswith("https://news.example.org/")
    assert head.meta["description"].strip()
    assert head.meta["og:url"] == head.canonical[0]
    assert head.meta["og:title"] and head.meta["twitter:card"] in ("summary", "summary_large_image")
    assert head.meta["og:image"].startswith("https://")  # the logo when the page has no image


def test_new_settings_are_checked_like_the_others(make_site, capsys):
    site = make_site({"site.toml": 'title = "T"\nbase_url = "https://n.example/"\n'
                                   'news_sitemap_days = 5\npublisher_logoo = "/x.png"\npublisher_name = 3\n'})
    assert site.cli("build") == 1
    err = capsys.readouterr().err
    assert "site.toml: news_sitemap_days: 5 is out of range (expected 1 to 2)" in err
    assert "site.toml: publisher_logoo: unknown setting (did you mean 'publisher_logo'?)" in err
    assert "site.toml: publisher_name: expected text, got 3" in err
