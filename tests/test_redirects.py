"""Old addresses keep working (aliases -> redirect pages and _redirects), and an imported story
keeps its feed guid."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import feedparser
import pytest
from conftest import SITE_TOML, story

from newsdigest.errors import BuildError

ALIASES = "[/2015/01/12/fire.html, /blog/fire/, /p/fire]"


def test_every_alias_is_a_redirect_page_to_the_story(make_site):
    site = make_site({"content/stories/fire.md": story("Fire & smoke", aliases=ALIASES)})
    site.build()
    target = "https://news.example.org/stories/fire/"
    for rel in ("2015/01/12/fire.html", "blog/fire/index.html", "p/fire/index.html"):
        page = site.read(rel)
        assert f'<meta http-equiv="refresh" content="0; url={target}">' in page
        assert f'<link rel="canonical" href="{target}">' in page
        assert '<meta name="robots" content="noindex">' in page
        assert f'<a href="{target}">Fire &amp; smoke</a>' in page


def test_redirects_file_lists_every_alias_for_netlify_and_cloudflare(make_site):
    site = make_site({"content/stories/fire.md": story("Fire", aliases=ALIASES),
                      "content/stories/flood.md": story("Flood", aliases="[/old/flood]")})
    site.build()
    assert site.read("_redirects") == ("/2015/01/12/fire.html /stories/fire/ 301\n"
                                       "/blog/fire/ /stories/fire/ 301\n"
                                       "/old/flood /stories/flood/ 301\n"
                                       "/p/fire /stories/fire/ 301\n")


def test_redirects_under_a_base_path_use_it(make_site):
    site = make_site({"site.toml": SITE_TOML.replace("news.example.org/", "example.org/news/"),
                      "content/stories/fire.md": story("Fire", aliases="[/2015/fire.html]")})
    site.build()
    assert site.read("_redirects") == "/news/2015/fire.html /news/stories/fire/ 301\n"
    assert "https://example.org/news/stories/fire/" in site.read("2015/fire.html")


def test_a_site_without_aliases_has_no_redirects_file(make_site):
    site = make_site({"content/stories/fire.md": story("Fire")})
    site.build()
    assert not (site.out / "_redirects").exists()


def test_an_alias_on_a_page_is_an_error_naming_both(make_site):
    site = make_site({"content/stories/fire.md": story("Fire"),
                      "content/stories/flood.md": story("Flood", aliases="[/stories/fire/, /tags/]")})
    with pytest.raises(BuildError) as caught:
        site.build()
    assert [str(p) for p in caught.value.problems] == [
        "content/stories/flood.md: aliases: /stories/fire/ is the address of content/stories/fire.md "
        "(remove the alias, or change the other file)",
        "content/stories/flood.md: aliases: /tags/ is the address of the page /tags/ "
        "(remove the alias, or change the other file)"]


def test_two_stories_with_one_alias_is_an_error_naming_both(make_site):
    site = make_site({"content/stories/a.md": story("A", aliases="[/old/]"),
                      "content/stories/b.md": story("B", aliases="[/old/]")})
    with pytest.raises(BuildError, match="content/stories/.\\.md: aliases: /old/ is the address of content/stories/.\\.md"):
        site.build()


def test_a_guid_replaces_the_feed_guid(make_site):
    site = make_site({"content/stories/a.md": story("A", guid='"http://old.example.org/?p=123"'),
                      "content/stories/b.md": story("B", guid='"tag-123"'),
                      "content/stories/c.md": story("C")})
    site.build()
    items = {i.findtext("title"): i.find("guid") for i in ET.parse(site.out / "feed.xml").iter("item")}
    assert items["A"].text == "http://old.example.org/?p=123" and items["A"].get("isPermaLink") == "false"
    assert items["B"].text == "tag-123" and items["B"].get("isPermaLink") == "false"
    assert items["C"].text == "https://news.example.org/stories/c/"
    assert items["C"].get("isPermaLink") in (None, "true")
    atom = {e.title: e.id for e in feedparser.parse(site.out / "atom.xml").entries}
    assert atom["A"] == "http://old.example.org/?p=123"  # an IRI: subscribers keep it
    assert atom["B"] == "https://news.example.org/stories/b/"  # not an IRI: the address
