"""Towns and topics, and author pages: what site.toml's `towns` and bylines add to a site."""

import json
import re

import feedparser
import pytest
from conftest import SITE_TOML, images, story, video

from newsdigest.errors import BuildError

TOWNS_TOML = SITE_TOML + 'towns = ["Millbrook", "oak-harbor"]\npage_size = 2\n'


@pytest.fixture
def town_site(make_site):
    site = make_site({
        "site.toml": TOWNS_TOML,
        "content/stories/fire.md": story("Fire on Main", tags="[fire, Millbrook]",
                                         author='["Dana Whitcomb", "Staff Report"]'),
        "content/stories/pier.md": story("Pier ruling", date="2026-11-18T08:00:00",
                                         tags="[courts, Oak Harbor]", author='"Staff"'),
        "content/stories/budget.md": story("Budget", date="2026-11-17T08:00:00",
                                           tags="[millbrook, politics]", author='"Dana Whitcomb"'),
        "content/stories/vote.md": story("Vote", date="2026-11-16T08:00:00",
                                         tags="[millbrook, politics]", author='"Dana Whitcomb"'),
        "content/authors/dana-whitcomb.md": "---\nphoto: /images/dana.jpg\nphoto_alt: Dana\n"
                                            "links: [\"https://social.example.org/@dana\"]\n---\n\n"
                                            "Dana covers *Millbrook* town hall.\n",
        **images("/images/dana.jpg"),
    })
    site.build()
    return site


def test_towns_have_pages_feeds_and_an_index(town_site):
    page = town_site.read("towns/millbrook/index.html")
    assert "<h1>Millbrook" in page and "/stories/fire/" in page
    assert "/towns/millbrook/page/2/" in page  # paginated like a tag page
    assert town_site.read("towns/millbrook/page/2/index.html")
    index = town_site.read("towns/index.html")
    assert index.index("/towns/millbrook/") < index.index("/towns/oak-harbor/")  # site.toml's order
    feed = feedparser.parse(town_site.read("towns/oak-harbor/feed.xml"))
    assert not feed.bozo and [e.title for e in feed.entries] == ["Pier ruling"]
    assert feed.feed.link == "https://news.example.org/towns/oak-harbor/"
    assert town_site.read("towns/millbrook/atom.xml")
    assert '<a href="/towns/">Towns</a>' in town_site.read("index.html")


def test_a_towns_old_tag_address_still_works(town_site):
    old = town_site.read("tags/millbrook/index.html")
    assert '<meta http-equiv="refresh" content="0; url=/towns/millbrook/">' in old
    assert '<link rel="canonical" href="https://news.example.org/towns/millbrook/">' in old
    assert "/towns/millbrook/page/2/" in town_site.read("tags/millbrook/page/2/index.html")
    assert feedparser.parse(town_site.read("tags/millbrook/feed.xml")).entries  # subscribers keep theirs
    sitemap = town_site.read("sitemap.xml")
    assert "/towns/millbrook/" in sitemap and "/tags/millbrook/" not in sitemap
    assert "/tags/fire/" in sitemap  # topics keep their tag pages


def test_towns_come_first_on_a_storys_tags(town_site):
    page = town_site.read("stories/fire/index.html")
    tags = page[page.index('<ul class="tags"'):]
    assert tags.index('href="/towns/millbrook/" data-pagefind-filter="town"') \
        < tags.index('href="/tags/fire/" data-pagefind-filter="topic"')


def test_a_storys_rail_puts_its_towns_videos_first(make_site):
    site = make_site({
        "site.toml": TOWNS_TOML,
        "content/stories/fire.md": story("Fire", tags="[fire, police, millbrook]"),
        "content/videos/old-town.md": video("Old town video", date="2025-01-01T10:00:00", tags="[millbrook]"),
        "content/videos/topic.md": video("Topic video", date="2026-11-20T10:00:00", tags="[fire, police]"),
    })
    site.build()
    rail = site.read("stories/fire/index.html").split('class="rail"', 1)[1]
    assert rail.index("/videos/old-town/") < rail.index("/videos/topic/")


def test_unknown_town_settings_are_errors(make_site):
    site = make_site({"site.toml": SITE_TOML + "towns = \"Millbrook\"\n"})
    with pytest.raises(BuildError, match="towns: expected a list of tag names"):
        site.build()


def test_each_person_in_a_byline_gets_a_paginated_page_and_a_feed(town_site):
    page = town_site.read("authors/dana-whitcomb/index.html")
    assert "<h1>Dana Whitcomb" in page and "/stories/fire/" in page and "/stories/budget/" in page
    assert "/authors/dana-whitcomb/page/2/" in page
    assert "/stories/vote/" in town_site.read("authors/dana-whitcomb/page/2/index.html")
    feed = feedparser.parse(town_site.read("authors/dana-whitcomb/feed.xml"))
    assert not feed.bozo and [e.title for e in feed.entries] == ["Fire on Main", "Budget", "Vote"]
    assert "/authors/dana-whitcomb/" in town_site.read("authors/index.html")


def test_an_authors_profile_gives_photo_bio_and_links(town_site):
    page = town_site.read("authors/dana-whitcomb/index.html")
    photo = re.search(r'<span class="author-photo"><picture>.*?</picture></span>', page, re.S).group()
    assert 'alt="Dana"' in photo and 'srcset="/images/dana.' in photo and 'sizes="96px"' in photo
    assert "Dana covers <em>Millbrook</em> town hall." in page
    assert 'href="https://social.example.org/@dana" rel="me"' in page
    assert "Dana covers" not in town_site.read("authors/dana-whitcomb/page/2/index.html")


def test_desk_bylines_get_no_page_and_no_link(town_site):
    assert not (town_site.out / "authors/staff-report").exists()
    assert not (town_site.out / "authors/staff").exists()
    page = town_site.read("stories/fire/index.html")
    assert ('By <a href="/authors/dana-whitcomb/" rel="author" data-pagefind-filter="author:Dana Whitcomb">'
            'Dana Whitcomb</a> and Staff Report</p>') in page
    assert "By Staff</p>" in town_site.read("stories/pier/index.html")


def test_json_ld_person_carries_the_author_page_url(town_site):
    page = town_site.read("stories/fire/index.html")
    data = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', page, re.S)[1])
    assert data["author"] == [
        {"@type": "Person", "name": "Dana Whitcomb",
         "url": "https://news.example.org/authors/dana-whitcomb/"},
        {"@type": "Organization", "name": "Staff Report"}]


def test_a_title_after_a_comma_is_not_part_of_the_name(make_site):
    site = make_site({"content/stories/a.md": story(author='"Ana Ruiz, Staff Writer"'),
                      "content/stories/b.md": story("B", author='"Ana Ruiz"')})
    site.build()
    assert "/stories/a/" in site.read("authors/ana-ruiz/index.html")
    assert ('By <a href="/authors/ana-ruiz/" rel="author" data-pagefind-filter="author:Ana Ruiz">'
            'Ana Ruiz, Staff Writer</a>') in site.read("stories/a/index.html")


def test_a_profile_with_a_bad_link_is_an_error_naming_the_file(make_site):
    site = make_site({"content/stories/a.md": story(author='"Ann Lee"'),
                      "content/authors/ann-lee.md": "---\nlinks: [\"javascript:alert(1)\"]\n---\nBio.\n"})
    with pytest.raises(BuildError, match=r"content/authors/ann-lee.md.*links"):
        site.build(strict=True)
    site.build()  # otherwise the profile is held back, like any file with errors
    page = site.read("authors/ann-lee/index.html")
    assert "javascript:" not in page and "Bio." not in page


def test_a_profile_photo_that_is_not_in_the_site_is_a_warning_and_no_broken_image(make_site):
    site = make_site({"site.toml": TOWNS_TOML,
                      "content/stories/a.md": story("A", author='"Dana Whitcomb"'),
                      "content/authors/dana-whitcomb.md": "---\nphoto: /images/nobody.jpg\n---\n\nBio.\n"})
    report = site.build()
    warned = [w for w in report.warnings if w.field == "photo"]
    assert [w.path for w in warned] == ["content/authors/dana-whitcomb.md"]
    assert "not in the site" in warned[0].message and "static/images/nobody.jpg" in warned[0].hint
    page = site.read("authors/dana-whitcomb/index.html")
    assert "Bio." in page and "nobody.jpg" not in page and "author-photo" not in page
