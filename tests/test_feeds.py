"""Feeds, read as a feed reader reads them (feedparser) and checked against the W3C feed validator's rules.

Every test builds a real small site with `make_site` and reads the files the build wrote.
feedparser's `bozo` only catches XML that is not well-formed, so dates, guids, links and the
order of elements are checked on the raw XML as well.
"""

from __future__ import annotations

import email.utils
import re
import xml.etree.ElementTree as ET
from datetime import datetime, timedelta, timezone
from html import unescape
from html.parser import HTMLParser
from urllib.parse import urlsplit

import feedparser
from conftest import SITE_TOML, images, story

BASE = "https://news.example.org/"
NS = {
    "atom": "http://www.w3.org/2005/Atom",
    "content": "http://purl.org/rss/1.0/modules/content/",
    "dc": "http://purl.org/dc/elements/1.1/",
    "media": "http://search.yahoo.com/mrss/",
}
CONTENT_ENCODED = f"{{{NS['content']}}}encoded"
URL_ATTRIBUTES = {"href", "src", "cite", "action", "formaction", "poster", "background",
                  "longdesc", "usemap", "srcset", "data"}

XSS_BODY = """\
Before.

<script>alert(1)</script>

<a href="javascript:alert(1)">x</a> <img src=x onerror=alert(1)> <p onclick="alert(2)">click</p>

After.
"""


# --- helpers -------------------------------------------------------------------------------

def site_toml(**settings) -> str:
    """A site.toml like conftest's, with extra or replaced settings."""
    values = {"title": "Test Gazette", "base_url": BASE, "description": "A test site.",
              "language": "en-US", "timezone": "America/New_York", **settings}
    lines = []
    for key, value in values.items():
        lines.append(f"{key} = {value}" if isinstance(value, int) else f'{key} = "{value}"')
    return "\n".join(lines) + "\n"


def parse(site, rel: str):
    """The feed at rel as feedparser reads it; fails the test if it is not well-formed."""
    parsed = feedparser.parse((site.out / rel).read_bytes())
    assert not parsed.bozo, f"{rel}: {parsed.get('bozo_exception')}"
    return parsed


def rss_items(site, rel: str = "feed.xml") -> list[ET.Element]:
    return ET.fromstring((site.out / rel).read_bytes()).findall("./channel/item")


def rss_channel(site, rel: str = "feed.xml") -> ET.Element:
    return ET.fromstring((site.out / rel).read_bytes()).find("./channel")


def atom_root(site, rel: str = "atom.xml") -> ET.Element:
    return ET.fromstring((site.out / rel).read_bytes())


def atom_entries(site, rel: str = "atom.xml") -> list[ET.Element]:
    return atom_root(site, rel).findall("atom:entry", NS)


def item_by_title(site, title: str, rel: str = "feed.xml") -> ET.Element:
    found = [i for i in rss_items(site, rel) if i.findtext("title") == title]
    assert len(found) == 1, f"expected one item titled {title!r} in {rel}"
    return found[0]


def entry_by_title(site, title: str, rel: str = "atom.xml") -> ET.Element:
    found = [e for e in atom_entries(site, rel) if e.findtext("atom:title", namespaces=NS) == title]
    assert len(found) == 1, f"expected one entry titled {title!r} in {rel}"
    return found[0]


class Elements(HTMLParser):
    """Every start tag of an HTML fragment, with its attributes, as the browser's tokenizer sees it."""

    def __init__(self, fragment: str):
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[str, dict[str, str | None]]] = []
        self.feed(fragment)
        self.close()

    def handle_starttag(self, tag, attrs):
        self.found.append((tag, dict(attrs)))

    def handle_startendtag(self, tag, attrs):
        self.found.append((tag, dict(attrs)))

    def urls(self) -> list[tuple[str, str, str]]:
        """(tag, attribute, value) of every URL-valued attribute."""
        return [(tag, name, value or "") for tag, attrs in self.found
                for name, value in attrs.items() if name in URL_ATTRIBUTES]


def rss_content(site, title: str, rel: str = "feed.xml") -> str:
    """The HTML of an item's content:encoded, unescaped from the XML."""
    return item_by_title(site, title, rel).findtext(CONTENT_ENCODED)


def atom_content(site, title: str, rel: str = "atom.xml") -> str:
    return entry_by_title(site, title, rel).findtext("atom:content", namespaces=NS)


def pub_date(site, title: str) -> datetime:
    text = item_by_title(site, title).findtext("pubDate")
    return email.utils.parsedate_to_datetime(text)


def many_stories(count: int) -> dict[str, str]:
    """count stories an hour apart, s000 the oldest, all before the build time."""
    start = datetime(2026, 10, 1, 8, 0)
    return {f"content/stories/s{n:03d}.md": story(f"Story {n:03d}",
                                                   date=(start + timedelta(hours=n)).isoformat())
            for n in range(count)}


# --- the feeds exist and parse -------------------------------------------------------------

def test_site_rss_feed_parses_without_errors(make_site):
    site = make_site({"content/stories/a.md": story("Fire")})
    site.build()
    parsed = parse(site, "feed.xml")
    assert parsed.version == "rss20"
    assert [e.title for e in parsed.entries] == ["Fire"]


def test_site_atom_feed_parses_without_errors(make_site):
    site = make_site({"content/stories/a.md": story("Fire")})
    site.build()
    parsed = parse(site, "atom.xml")
    assert parsed.version == "atom10"
    assert [e.title for e in parsed.entries] == ["Fire"]


def test_tag_rss_and_atom_feeds_parse_without_errors(make_site):
    site = make_site({"content/stories/a.md": story("Fire", tags="[millbrook, fire]")})
    site.build()
    assert parse(site, "tags/fire/feed.xml").version == "rss20"
    assert parse(site, "tags/fire/atom.xml").version == "atom10"
    assert parse(site, "tags/millbrook/feed.xml").version == "rss20"


def test_tag_feeds_hold_only_that_tags_stories(make_site):
    site = make_site({
        "content/stories/a.md": story("Fire on Main", tags="[millbrook, fire]"),
        "content/stories/b.md": story("School board", date="2026-11-21T08:00:00", tags="[schools]"),
        "content/stories/c.md": story("Second fire", date="2026-11-22T08:00:00", tags="[fire]"),
    })
    site.build()
    for rel in ("tags/fire/feed.xml", "tags/fire/atom.xml"):
        assert [e.title for e in parse(site, rel).entries] == ["Second fire", "Fire on Main"]
    for rel in ("tags/schools/feed.xml", "tags/schools/atom.xml"):
        assert [e.title for e in parse(site, rel).entries] == ["School board"]
    assert len(parse(site, "feed.xml").entries) == 3


def test_empty_site_still_has_valid_feeds(make_site):
    site = make_site({})
    site.build()
    rss = parse(site, "feed.xml")
    assert rss.entries == [] and rss.feed.title == "Test Gazette"
    assert rss_channel(site).findtext("description")
    assert parse(site, "atom.xml").entries == []


# --- links, guids and ids -------------------------------------------------------------------

def test_item_link_is_absolute_story_url(make_site):
    site = make_site({"content/stories/fire.md": story("Fire")})
    site.build()
    assert item_by_title(site, "Fire").findtext("link") == f"{BASE}stories/fire/"
    assert parse(site, "feed.xml").entries[0].link == f"{BASE}stories/fire/"


def test_guid_is_the_absolute_url_and_a_permalink(make_site):
    site = make_site({"content/stories/fire.md": story("Fire")})
    site.build()
    guid = item_by_title(site, "Fire").find("guid")
    assert guid.text == f"{BASE}stories/fire/"
    assert guid.get("isPermaLink") in (None, "true")
    entry = parse(site, "feed.xml").entries[0]
    assert entry.id == entry.link


def test_atom_entry_id_and_link_are_the_story_url(make_site):
    site = make_site({"content/stories/fire.md": story("Fire")})
    site.build()
    entry = entry_by_title(site, "Fire")
    assert entry.findtext("atom:id", namespaces=NS) == f"{BASE}stories/fire/"
    links = entry.findall("atom:link", NS)
    assert [(l.get("rel", "alternate"), l.get("href")) for l in links] == \
        [("alternate", f"{BASE}stories/fire/")]


def test_tag_feed_items_link_to_the_story_page(make_site):
    site = make_site({"content/stories/fire.md": story("Fire", tags="[fire]")})
    site.build()
    item = item_by_title(site, "Fire", "tags/fire/feed.xml")
    assert item.findtext("link") == item.findtext("guid") == f"{BASE}stories/fire/"


def test_feeds_under_a_base_path_use_it_in_every_url(make_site):
    site = make_site({"site.toml": site_toml(base_url="https://example.org/news/"),
                      "content/stories/fire.md": story("Fire", tags="[fire]", image="img/p.png",
                                                       image_alt='"A photo"'), **images("img/p.png")})
    site.build()
    channel = rss_channel(site)
    assert channel.findtext("link") == "https://example.org/news/"
    assert channel.find("atom:link[@rel='self']", NS).get("href") == "https://example.org/news/feed.xml"
    item = item_by_title(site, "Fire")
    assert item.findtext("guid") == "https://example.org/news/stories/fire/"
    assert item.find("media:thumbnail", NS).get("url") == "https://example.org/news/img/p.png"
    tag_self = rss_channel(site, "tags/fire/feed.xml").find("atom:link[@rel='self']", NS)
    assert tag_self.get("href") == "https://example.org/news/tags/fire/feed.xml"


# --- dates ---------------------------------------------------------------------------------

def test_pubdate_has_numeric_offset_in_winter(make_site):
    site = make_site({"content/stories/a.md": story("Fire", date="2026-11-20T09:30:00")})
    site.build()
    text = item_by_title(site, "Fire").findtext("pubDate")
    assert text.endswith("-0500"), text
    assert not text.rstrip().endswith(("GMT", "UTC", "UT", "EST", "EDT", "Z"))
    moment = email.utils.parsedate_to_datetime(text)
    assert moment.utcoffset() == timedelta(hours=-5)
    assert moment == datetime(2026, 11, 20, 14, 30, tzinfo=timezone.utc)


def test_pubdate_has_numeric_offset_in_summer(make_site):
    site = make_site({"content/stories/a.md": story("Heat", date="2026-08-10T09:00:00")})
    site.build()
    text = item_by_title(site, "Heat").findtext("pubDate")
    assert text.endswith("-0400"), text
    moment = email.utils.parsedate_to_datetime(text)
    assert moment.utcoffset() == timedelta(hours=-4)
    assert moment == datetime(2026, 8, 10, 13, 0, tzinfo=timezone.utc)


def test_pubdate_is_rfc822_with_english_day_and_month_names(make_site):
    site = make_site({"content/stories/a.md": story("Fire", date="2026-11-20T09:30:00")})
    site.build()
    assert item_by_title(site, "Fire").findtext("pubDate") == "Fri, 20 Nov 2026 09:30:00 -0500"


def test_date_without_time_is_midnight_in_the_site_zone(make_site):
    site = make_site({"content/stories/a.md": story("Fire", date="2026-11-20")})
    site.build()
    assert pub_date(site, "Fire") == datetime(2026, 11, 20, 5, 0, tzinfo=timezone.utc)


def test_atom_published_and_updated_carry_the_offset(make_site):
    site = make_site({"content/stories/a.md": story("Fire", date="2026-11-20T09:30:00")})
    site.build()
    entry = entry_by_title(site, "Fire")
    assert entry.findtext("atom:published", namespaces=NS) == "2026-11-20T09:30:00-05:00"
    assert entry.findtext("atom:updated", namespaces=NS) == "2026-11-20T09:30:00-05:00"


def test_updated_field_keeps_guid_and_pubdate(make_site):
    site = make_site({"content/stories/a.md": story("Fire", date="2026-11-20T09:30:00")})
    site.build()
    before = item_by_title(site, "Fire")
    site.write({"content/stories/a.md": story("Fire", date="2026-11-20T09:30:00",
                                              updated="2026-11-21T16:00:00")})
    site.build()
    after = item_by_title(site, "Fire")
    assert after.findtext("guid") == before.findtext("guid")
    assert after.findtext("pubDate") == before.findtext("pubDate")


def test_updated_field_changes_atom_updated(make_site):
    site = make_site({"content/stories/a.md": story("Fire", date="2026-11-20T09:30:00")})
    site.build()
    before = entry_by_title(site, "Fire")
    site.write({"content/stories/a.md": story("Fire", date="2026-11-20T09:30:00",
                                              updated="2026-11-21T16:00:00")})
    site.build()
    after = entry_by_title(site, "Fire")
    assert after.findtext("atom:id", namespaces=NS) == before.findtext("atom:id", namespaces=NS)
    assert after.findtext("atom:published", namespaces=NS) == \
        before.findtext("atom:published", namespaces=NS) == "2026-11-20T09:30:00-05:00"
    assert before.findtext("atom:updated", namespaces=NS) == "2026-11-20T09:30:00-05:00"
    assert after.findtext("atom:updated", namespaces=NS) == "2026-11-21T16:00:00-05:00"


# --- summary and content -------------------------------------------------------------------

def test_summary_is_the_item_description(make_site):
    site = make_site({"content/stories/a.md": story("Fire", summary='"Crews fought it all night."',
                                                    body="The full story.")})
    site.build()
    assert item_by_title(site, "Fire").findtext("description") == "Crews fought it all night."
    assert parse(site, "feed.xml").entries[0].summary == "Crews fought it all night."


def test_full_body_is_in_content_encoded(make_site):
    site = make_site({"content/stories/a.md": story("Fire", summary='"Dek"',
                                                    body="First paragraph.\n\nSecond **bold** one.")})
    site.build()
    html = rss_content(site, "Fire")
    assert "<p>First paragraph.</p>" in html
    assert "<p>Second <strong>bold</strong> one.</p>" in html
    entry = parse(site, "feed.xml").entries[0]
    assert "Second <strong>bold</strong> one." in entry.content[0].value


def test_content_namespace_is_declared_on_the_rss_root(make_site):
    site = make_site({"content/stories/a.md": story("Fire", summary='"Dek"')})
    site.build()
    raw = site.read("feed.xml")
    root_tag = raw[raw.index("<rss"):raw.index(">", raw.index("<rss"))]
    assert f'xmlns:content="{NS["content"]}"' in root_tag
    assert ET.fromstring(raw.encode()).find("./channel/item/content:encoded", NS) is not None


def test_description_comes_before_content_encoded_in_each_item(make_site):
    site = make_site({"content/stories/a.md": story("Fire", summary='"Dek"'),
                      "content/stories/b.md": story("Flood", date="2026-11-21T08:00:00")})
    site.build()
    items = rss_items(site)
    assert len(items) == 2
    for item in items:
        children = [child.tag for child in item]
        assert "description" in children and CONTENT_ENCODED in children
        assert children.index("description") < children.index(CONTENT_ENCODED)
    raw = site.read("feed.xml")
    for chunk in raw.split("<item>")[1:]:
        assert -1 < chunk.index("<description>") < chunk.index("<content:encoded>")


def test_story_without_summary_still_has_a_description(make_site):
    site = make_site({"content/stories/a.md": story("Fire", body="Body.")})
    site.build()
    assert item_by_title(site, "Fire").findtext("description")


def test_atom_entry_has_the_summary_and_the_full_content(make_site):
    site = make_site({"content/stories/a.md": story("Fire", summary='"Dek"', body="Full text.")})
    site.build()
    entry = entry_by_title(site, "Fire")
    assert entry.findtext("atom:summary", namespaces=NS) == "Dek"
    content = entry.find("atom:content", NS)
    assert content.get("type") == "html"
    assert "<p>Full text.</p>" in content.text


# --- links inside the content --------------------------------------------------------------

LINKY_BODY = """\
See [the other story](../other/) and [the map](/maps/town/) and [a note](#notes).

![a](/images/p.png)

![b](photos/q.jpg) [mail](mailto:desk@example.org) [off](https://elsewhere.example.com/x)

Footnote[^1].

[^1]: The note.
"""


def _assert_all_absolute(html: str) -> list[tuple[str, str, str]]:
    urls = Elements(html).urls()
    assert urls, "expected links in the content"
    for tag, name, value in urls:
        parts = urlsplit(value)
        assert parts.scheme, f"<{tag} {name}={value!r}> is not absolute"
        if parts.scheme in ("http", "https"):
            assert parts.netloc, f"<{tag} {name}={value!r}> has no host"
    return urls


def test_every_link_in_rss_content_is_absolute(make_site):
    site = make_site({"content/stories/a.md": story("Fire", body=LINKY_BODY), **images("/images/p.png")})
    site.build()
    urls = {value for _, _, value in _assert_all_absolute(rss_content(site, "Fire"))}
    assert f"{BASE}stories/other/" in urls
    assert f"{BASE}maps/town/" in urls
    assert f"{BASE}stories/a/#notes" in urls
    assert f"{BASE}images/p.png" in urls
    assert f"{BASE}stories/a/photos/q.jpg" in urls
    assert "mailto:desk@example.org" in urls
    assert "https://elsewhere.example.com/x" in urls


def test_every_link_in_atom_content_is_absolute(make_site):
    site = make_site({"content/stories/a.md": story("Fire", body=LINKY_BODY), **images("/images/p.png")})
    site.build()
    urls = {value for _, _, value in _assert_all_absolute(atom_content(site, "Fire"))}
    assert f"{BASE}stories/other/" in urls and f"{BASE}images/p.png" in urls


def test_relative_link_and_image_are_absolute_as_feedparser_reads_them(make_site):
    site = make_site({"content/stories/a.md": story("Fire", body="[x](../other/) ![a](/images/p.png)"),
                      **images("/images/p.png")})
    site.build()
    html = parse(site, "feed.xml").entries[0].content[0].value
    found = Elements(html).found
    assert ("a", {"href": f"{BASE}stories/other/"}) in found
    assert ("img", {"alt": "a", "src": f"{BASE}images/p.png"}) in found


def test_footnote_links_in_content_are_absolute(make_site):
    site = make_site({"content/stories/a.md": story("Fire", body="Claim[^1].\n\n[^1]: Source.")})
    site.build()
    hrefs = [v for t, n, v in Elements(rss_content(site, "Fire")).urls() if t == "a"]
    assert hrefs and all(h.startswith(f"{BASE}stories/a/#") for h in hrefs)


def test_quote_cite_urls_in_content_are_absolute(make_site):
    body = '<blockquote cite="/sources/memo/">Quoted.</blockquote>\n\nSaid <q cite="../x/">this</q>.'
    site = make_site({"content/stories/a.md": story("Fire", body=body)})
    site.build()
    cites = [v for t, n, v in Elements(rss_content(site, "Fire")).urls() if n == "cite"]
    assert cites == [f"{BASE}sources/memo/", f"{BASE}stories/x/"]


def test_code_sample_text_is_not_rewritten_in_content(make_site):
    body = 'Use `<a href="/about/">` in templates.\n\n    <img src="logo.png">\n'
    site = make_site({"content/stories/a.md": story("Fire", body=body)})
    site.build()
    html = rss_content(site, "Fire")
    code_text = "".join(re.findall(r"<code>(.*?)</code>", html, re.S))
    assert 'href="/about/"' in unescape(code_text) and 'src="logo.png"' in unescape(code_text)
    assert "news.example.org/about/" not in html


# --- no active content ---------------------------------------------------------------------

def _assert_inert(html: str) -> None:
    elements = Elements(html).found
    tags = [tag for tag, _ in elements]
    assert "script" not in tags
    for tag, attrs in elements:
        for name, value in attrs.items():
            assert not name.startswith("on"), f"<{tag} {name}> survived"
            if name in URL_ATTRIBUTES:
                scheme = urlsplit((value or "").strip()).scheme.lower()
                assert scheme in ("http", "https", "mailto", "tel"), f"<{tag} {name}={value!r}>"
    assert "<script" not in html.lower()


def test_no_script_or_event_handler_or_javascript_url_in_rss_content(make_site):
    site = make_site({"content/stories/a.md": story("Fire", body=XSS_BODY)})
    site.build()
    html = rss_content(site, "Fire")
    _assert_inert(html)
    assert "javascript:" not in html.lower()
    assert "<p>Before.</p>" in html and "<p>After.</p>" in html
    assert "img" in [tag for tag, _ in Elements(html).found]  # the image itself is kept


def test_no_script_or_event_handler_or_javascript_url_in_atom_content(make_site):
    site = make_site({"content/stories/a.md": story("Fire", body=XSS_BODY)})
    site.build()
    html = atom_content(site, "Fire")
    _assert_inert(html)
    assert "javascript:" not in html.lower()


def test_no_markup_from_the_summary_reaches_the_description(make_site):
    site = make_site({"content/stories/a.md": story(
        "Fire", summary="'<script>alert(1)</script> Tom & Jerry'", body="Body.")})
    site.build()
    description = item_by_title(site, "Fire").findtext("description")
    # Readers treat description as HTML: the summary is text, so it arrives HTML-escaped.
    assert description == "&lt;script&gt;alert(1)&lt;/script&gt; Tom &amp; Jerry"
    raw = site.read("feed.xml")
    assert "<script>" not in raw and "&lt;script&gt;" not in raw
    assert parse(site, "feed.xml").entries[0].summary == "&lt;script&gt;alert(1)&lt;/script&gt; Tom &amp; Jerry"


# --- authors, tags, images -----------------------------------------------------------------

def test_byline_is_dc_creator(make_site):
    site = make_site({"content/stories/a.md": story("Fire", author='"Dana Reyes"')})
    site.build()
    assert [c.text for c in item_by_title(site, "Fire").findall("dc:creator", NS)] == ["Dana Reyes"]
    entry = parse(site, "feed.xml").entries[0]
    assert entry.author == "Dana Reyes"
    assert [a.get("name") for a in entry.authors] == ["Dana Reyes"]


def test_every_author_of_a_shared_byline_is_a_dc_creator(make_site):
    site = make_site({"content/stories/a.md": story("Fire", author="[Dana Reyes, Sam Okafor]")})
    site.build()
    creators = [c.text for c in item_by_title(site, "Fire").findall("dc:creator", NS)]
    assert creators == ["Dana Reyes", "Sam Okafor"]


def test_rss_has_no_author_element(make_site):
    site = make_site({"content/stories/a.md": story("Fire", author='"Dana Reyes"'),
                      "content/stories/b.md": story("Flood", date="2026-11-21T08:00:00")})
    site.build()
    root = ET.fromstring((site.out / "feed.xml").read_bytes())
    assert root.findall(".//author") == []
    assert root.find("./channel/managingEditor") is None


def test_atom_entry_authors_are_names(make_site):
    site = make_site({"content/stories/a.md": story("Fire", author="[Dana Reyes, Sam Okafor]")})
    site.build()
    names = [a.findtext("atom:name", namespaces=NS)
             for a in entry_by_title(site, "Fire").findall("atom:author", NS)]
    assert names == ["Dana Reyes", "Sam Okafor"]


def test_every_atom_entry_has_an_author_from_itself_or_the_feed(make_site):
    # RFC 4287 4.1.1: a feed without atom:author needs one in every entry (the validator's
    # "Missing entry element: author"). A story without a byline must not make the feed invalid.
    site = make_site({"content/stories/a.md": story("Fire", author='"Dana Reyes"'),
                      "content/stories/b.md": story("Flood", date="2026-11-21T08:00:00", tags="[flood]")})
    site.build()
    for rel in ("atom.xml", "tags/flood/atom.xml"):
        root = atom_root(site, rel)
        feed_authors = [a.findtext("atom:name", namespaces=NS) for a in root.findall("atom:author", NS)]
        for entry in root.findall("atom:entry", NS):
            assert feed_authors or entry.findall("atom:author", NS), rel
    assert parse(site, "atom.xml").feed.author == "Test Gazette"


def test_tags_are_categories(make_site):
    site = make_site({"content/stories/a.md": story("Fire", tags="[Millbrook, fire]")})
    site.build()
    categories = item_by_title(site, "Fire").findall("category")
    assert [c.text for c in categories] == ["Millbrook", "fire"]
    assert [c.get("domain") for c in categories] == [f"{BASE}tags/millbrook/", f"{BASE}tags/fire/"]
    assert [t.term for t in parse(site, "feed.xml").entries[0].tags] == ["Millbrook", "fire"]
    assert [t.term for t in parse(site, "atom.xml").entries[0].tags] == ["Millbrook", "fire"]


def test_story_without_tags_has_no_categories(make_site):
    site = make_site({"content/stories/a.md": story("Fire")})
    site.build()
    assert item_by_title(site, "Fire").findall("category") == []


def test_lead_image_is_media_thumbnail_with_absolute_url(make_site):
    site = make_site({"content/stories/a.md": story("Fire", image="/images/lead.jpg",
                                                    image_alt='"Smoke over Main Street"'),
                      **images("/images/lead.jpg")})
    site.build()
    thumb = item_by_title(site, "Fire").find("media:thumbnail", NS)
    assert thumb.get("url") == f"{BASE}images/lead.jpg"
    assert item_by_title(site, "Fire").find("media:group", NS) is None
    assert parse(site, "feed.xml").entries[0].media_thumbnail[0]["url"] == f"{BASE}images/lead.jpg"
    atom_thumb = entry_by_title(site, "Fire").find("media:thumbnail", NS)
    assert atom_thumb.get("url") == f"{BASE}images/lead.jpg"


def test_lead_image_on_another_host_is_kept_as_is(make_site):
    site = make_site({"content/stories/a.md": story("Fire", image="https://cdn.example.com/p.jpg",
                                                    image_alt='"Smoke"')})
    site.build()
    thumb = item_by_title(site, "Fire").find("media:thumbnail", NS)
    assert thumb.get("url") == "https://cdn.example.com/p.jpg"


def test_story_without_image_has_no_thumbnail(make_site):
    site = make_site({"content/stories/a.md": story("Fire")})
    site.build()
    assert item_by_title(site, "Fire").find("media:thumbnail", NS) is None


# --- the channel ---------------------------------------------------------------------------

def test_channel_has_title_link_and_description(make_site):
    site = make_site({"content/stories/a.md": story("Fire")})
    site.build()
    channel = rss_channel(site)
    assert channel.findtext("title") == "Test Gazette"
    assert channel.findtext("link") == BASE
    assert channel.findtext("description") == "A test site."
    assert channel.findtext("language") == "en-US"


def test_channel_description_has_a_default(make_site):
    toml = "\n".join(l for l in site_toml().splitlines() if not l.startswith("description")) + "\n"
    site = make_site({"site.toml": toml, "content/stories/a.md": story("Fire")})
    site.build()
    assert rss_channel(site).findtext("description").strip()


def test_tag_channel_has_title_link_and_description(make_site):
    site = make_site({"content/stories/a.md": story("Fire", tags="[Millbrook]")})
    site.build()
    channel = rss_channel(site, "tags/millbrook/feed.xml")
    assert "Millbrook" in channel.findtext("title")
    assert channel.findtext("link") == f"{BASE}tags/millbrook/"
    assert channel.findtext("description").strip()


def test_channel_self_link_is_the_feeds_own_absolute_url(make_site):
    site = make_site({"content/stories/a.md": story("Fire", tags="[fire]")})
    site.build()
    for rel in ("feed.xml", "tags/fire/feed.xml"):
        selfs = rss_channel(site, rel).findall("atom:link[@rel='self']", NS)
        assert len(selfs) == 1
        assert selfs[0].get("href") == f"{BASE}{rel}"
        assert selfs[0].get("type") == "application/rss+xml"
    for rel in ("atom.xml", "tags/fire/atom.xml"):
        selfs = atom_root(site, rel).findall("atom:link[@rel='self']", NS)
        assert [s.get("href") for s in selfs] == [f"{BASE}{rel}"]


def test_feedparser_sees_the_self_link(make_site):
    site = make_site({"content/stories/a.md": story("Fire", tags="[fire]")})
    site.build()
    for rel in ("feed.xml", "atom.xml", "tags/fire/feed.xml", "tags/fire/atom.xml"):
        links = parse(site, rel).feed.links
        assert [l.href for l in links if l.rel == "self"] == [f"{BASE}{rel}"]
    assert parse(site, "feed.xml").feed.link == BASE
    assert parse(site, "tags/fire/atom.xml").feed.link == f"{BASE}tags/fire/"


def test_last_build_date_is_the_newest_story_time(make_site):
    site = make_site({
        "content/stories/a.md": story("Old", date="2026-11-10T09:00:00"),
        "content/stories/b.md": story("New", date="2026-11-20T09:30:00"),
    })
    site.build()
    assert rss_channel(site).findtext("lastBuildDate") == "Fri, 20 Nov 2026 09:30:00 -0500"
    assert atom_root(site).findtext("atom:updated", namespaces=NS) == "2026-11-20T09:30:00-05:00"


def test_last_build_date_follows_an_updated_story(make_site):
    site = make_site({
        "content/stories/a.md": story("Old", date="2026-11-10T09:00:00", updated="2026-11-22T18:15:00"),
        "content/stories/b.md": story("New", date="2026-11-20T09:30:00"),
    })
    site.build()
    assert rss_channel(site).findtext("lastBuildDate") == "Sun, 22 Nov 2026 18:15:00 -0500"
    assert atom_root(site).findtext("atom:updated", namespaces=NS) == "2026-11-22T18:15:00-05:00"


def test_last_build_date_follows_the_sites_time_zone_when_it_changes(make_site):
    """The same moment shows in the site's new zone, also when the feed's head was made
    before in the same process (serve keeps feeds' heads between saves)."""
    site = make_site({"content/stories/a.md": story("Fire", date="2026-11-20T09:30:00-05:00")})
    site.build()
    assert rss_channel(site).findtext("lastBuildDate") == "Fri, 20 Nov 2026 09:30:00 -0500"
    site.write({"site.toml": SITE_TOML.replace("America/New_York", "Europe/London")})
    site.build()
    assert rss_channel(site).findtext("lastBuildDate") == "Fri, 20 Nov 2026 14:30:00 +0000"
    assert atom_root(site).findtext("atom:updated", namespaces=NS) == "2026-11-20T14:30:00+00:00"


def test_tag_feed_last_build_date_is_its_own_newest_story(make_site):
    site = make_site({
        "content/stories/a.md": story("Fire", date="2026-11-10T09:00:00", tags="[fire]"),
        "content/stories/b.md": story("Other", date="2026-11-20T09:30:00", tags="[schools]"),
    })
    site.build()
    assert rss_channel(site, "tags/fire/feed.xml").findtext("lastBuildDate") == \
        "Tue, 10 Nov 2026 09:00:00 -0500"


def test_feeds_do_not_depend_on_build_time(make_site):
    site = make_site({"content/stories/a.md": story("Fire", tags="[fire]"),
                      "content/stories/b.md": story("Flood", date="2026-11-21T08:00:00")})
    rels = ("feed.xml", "atom.xml", "tags/fire/feed.xml", "tags/fire/atom.xml")
    site.build(build_time=datetime(2026, 11, 25, 12, 0, tzinfo=timezone.utc))
    first = {rel: (site.out / rel).read_bytes() for rel in rels}
    site.build(build_time=datetime(2027, 3, 1, 7, 45, tzinfo=timezone.utc))
    assert {rel: (site.out / rel).read_bytes() for rel in rels} == first


def test_feeds_do_not_depend_on_source_date_epoch(make_site, monkeypatch):
    site = make_site({"content/stories/a.md": story("Fire", tags="[fire]"),
                      "content/stories/b.md": story("Flood", date="2026-11-21T08:00:00")})
    rels = ("feed.xml", "atom.xml", "tags/fire/feed.xml", "tags/fire/atom.xml")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(int(datetime(2026, 12, 1, tzinfo=timezone.utc).timestamp())))
    site.build(build_time=None)
    first = {rel: (site.out / rel).read_bytes() for rel in rels}
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(int(datetime(2028, 6, 1, tzinfo=timezone.utc).timestamp())))
    site.build(build_time=None)
    assert {rel: (site.out / rel).read_bytes() for rel in rels} == first
    assert b"2028" not in first["feed.xml"] and b"Dec 2026" not in first["feed.xml"]


# --- size and order ------------------------------------------------------------------------

def test_feed_size_limits_items_newest_first(make_site):
    site = make_site({"site.toml": site_toml(feed_size=2),
                      "content/stories/a.md": story("Oldest", date="2026-11-01T09:00:00"),
                      "content/stories/b.md": story("Middle", date="2026-11-10T09:00:00"),
                      "content/stories/c.md": story("Newest", date="2026-11-20T09:00:00")})
    site.build()
    assert [i.findtext("title") for i in rss_items(site)] == ["Newest", "Middle"]
    assert [e.title for e in parse(site, "atom.xml").entries] == ["Newest", "Middle"]


def test_feed_size_applies_to_tag_feeds(make_site):
    site = make_site({"site.toml": site_toml(feed_size=2),
                      "content/stories/a.md": story("Oldest", date="2026-11-01T09:00:00", tags="[fire]"),
                      "content/stories/b.md": story("Middle", date="2026-11-10T09:00:00", tags="[fire]"),
                      "content/stories/c.md": story("Newest", date="2026-11-20T09:00:00", tags="[fire]")})
    site.build()
    assert [i.findtext("title") for i in rss_items(site, "tags/fire/feed.xml")] == ["Newest", "Middle"]


def test_default_feed_size_is_50(make_site):
    site = make_site(many_stories(51))
    site.build()
    titles = [i.findtext("title") for i in rss_items(site)]
    assert len(titles) == 50
    assert titles[0] == "Story 050" and titles[-1] == "Story 001"
    assert "Story 000" not in titles
    assert len(atom_entries(site)) == 50


def test_items_are_newest_first_whatever_the_file_names(make_site):
    site = make_site({"content/stories/z.md": story("Monday", date="2026-11-16T09:00:00"),
                      "content/stories/a.md": story("Wednesday", date="2026-11-18T09:00:00"),
                      "content/stories/m.md": story("Tuesday", date="2026-11-17T09:00:00")})
    site.build()
    dates = [pub_date(site, t) for t in ("Wednesday", "Tuesday", "Monday")]
    assert [i.findtext("title") for i in rss_items(site)] == ["Wednesday", "Tuesday", "Monday"]
    assert dates == sorted(dates, reverse=True)


# --- what is published ---------------------------------------------------------------------

def _draft_and_future_site(make_site):
    return make_site({
        "content/stories/live.md": story("Live", tags="[town]"),
        "content/stories/draft.md": story("Draft", tags="[town]", draft="true"),
        "content/stories/later.md": story("Later", date="2026-12-24T09:00:00", tags="[town]"),
    })


def _titles_everywhere(site) -> dict[str, list[str]]:
    return {rel: sorted(e.title for e in parse(site, rel).entries)
            for rel in ("feed.xml", "atom.xml", "tags/town/feed.xml", "tags/town/atom.xml")}


def test_drafts_and_future_stories_are_not_in_feeds(make_site):
    site = _draft_and_future_site(make_site)
    site.build()
    for rel, titles in _titles_everywhere(site).items():
        assert titles == ["Live"], rel


def test_drafts_are_in_feeds_when_built_with_drafts(make_site):
    site = _draft_and_future_site(make_site)
    site.build(drafts=True)
    for rel, titles in _titles_everywhere(site).items():
        assert titles == ["Draft", "Live"], rel


def test_future_stories_are_in_feeds_when_built_with_future(make_site):
    site = _draft_and_future_site(make_site)
    site.build(future=True)
    for rel, titles in _titles_everywhere(site).items():
        assert titles == ["Later", "Live"], rel


def test_future_story_does_not_move_last_build_date(make_site):
    site = _draft_and_future_site(make_site)
    site.build()
    assert rss_channel(site).findtext("lastBuildDate") == "Fri, 20 Nov 2026 09:30:00 -0500"


# --- escaping ------------------------------------------------------------------------------

TRICKY_TITLE = "Fish & Chips <Ltd> says \"no\" to O'Brien's café in Zürich — ½ price"
# story() wraps the title in YAML double quotes, so the double quotes are escaped for YAML.
TRICKY_TITLE_YAML = TRICKY_TITLE.replace('"', '\\"')


def test_title_with_special_characters_round_trips_in_rss(make_site):
    site = make_site({"content/stories/a.md": story(TRICKY_TITLE_YAML)})
    site.build()
    assert parse(site, "feed.xml").entries[0].title == TRICKY_TITLE
    assert rss_items(site)[0].findtext("title") == TRICKY_TITLE
    assert "&amp;" in site.read("feed.xml") and "&lt;Ltd&gt;" in site.read("feed.xml")


def test_title_with_special_characters_round_trips_in_atom(make_site):
    site = make_site({"content/stories/a.md": story(TRICKY_TITLE_YAML)})
    site.build()
    assert parse(site, "atom.xml").entries[0].title == TRICKY_TITLE
    assert atom_entries(site)[0].findtext("atom:title", namespaces=NS) == TRICKY_TITLE


def test_site_title_with_special_characters_round_trips(make_site):
    site = make_site({"site.toml": site_toml(title="Smith & Sons <Weekly> Zeitung für Köln"),
                      "content/stories/a.md": story("Fire")})
    site.build()
    assert parse(site, "feed.xml").feed.title == "Smith & Sons <Weekly> Zeitung für Köln"
    assert parse(site, "atom.xml").feed.title == "Smith & Sons <Weekly> Zeitung für Köln"


def test_feeds_are_utf8_with_an_xml_declaration(make_site):
    site = make_site({"content/stories/a.md": story("Café in Zürich")})
    site.build()
    for rel in ("feed.xml", "atom.xml"):
        data = (site.out / rel).read_bytes()
        assert data.startswith(b"<?xml version='1.0' encoding='UTF-8'?>") or \
            data.startswith(b'<?xml version="1.0" encoding="UTF-8"?>')
        assert "Café in Zürich".encode("utf-8") in data


def test_non_ascii_tag_name_round_trips(make_site):
    site = make_site({"content/stories/a.md": story("Fire", tags="[Café Olé]")})
    site.build()
    assert [t.term for t in parse(site, "tags/cafe-ole/feed.xml").entries[0].tags] == ["Café Olé"]


def test_entries_put_into_a_feed_are_the_bytes_feedgen_writes(make_site):
    """Feeds are written by feedgen without entries, and each story's entry, made once, is put
    in (render/feed_entries.py): byte for byte what feedgen writes with the entries added."""
    from newsdigest.build.engine import BuildOptions, load_content
    from newsdigest.render.feed_entries import FeedEntries, story_entry
    from newsdigest.render.feeds import _channel, _feed
    from newsdigest.render.urls import Urls
    from newsdigest.render.mediarss import media_item
    from conftest import video
    site = make_site({
        "content/stories/a.md": story("Fire & ice <on> Route 7", tags="[millbrook, fire]",
                                      author='"Ana Ruiz and Bo Lee"', summary='"It burned."',
                                      image="/images/a.jpg", videos="[clip]"),
        "content/stories/b.md": story("Schools", date="2026-11-19T08:00:00-05:00", body="Ünïcode — “quotes”."),
        "content/videos/clip.md": video("Clip"),
        **images("images/a.jpg")})
    model = load_content(BuildOptions(site.root))[0]
    urls, stories = Urls(model.config), list(model.stories)
    pinned = [[model.video_index.by_slug[s] for s in story.video_slugs] for story in stories]
    body = lambda item: f"<p>The body of {item.title} &amp; more.</p>"  # noqa: E731
    for atom in (False, True):
        ours = _feed(model, urls, "", "T", "D", stories, pinned, FeedEntries(body), atom, None)
        fg = _channel(model.config.language, model.config.title,
                      urls.abs_url("atom.xml" if atom else "feed.xml"), urls.abs_url(""), "T", "D",
                      max(s.modified for s in stories), atom)
        for story_, videos in zip(stories, pinned):
            entry = story_entry(urls, story_, body(story_), atom)
            for v in videos:
                entry.videos.add(media_item(v, urls))
            fg.add_entry(entry, order="append")
        theirs = fg.atom_str(pretty=True) if atom else fg.rss_str(pretty=True)
        assert ours == theirs and ours.count(b"<entry>" if atom else b"<item>") == 2
