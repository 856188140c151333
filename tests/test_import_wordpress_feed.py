"""`newsdigest import wordpress` and `newsdigest import feed`: a small WXR export with posts, a
page, an attachment, a menu item, a draft and a password-protected post; an RSS and an Atom file."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import photo
from import_helpers import (
    cli,
    do_import,
    refused_and_not_named,
    report,
    section,
    stories,
    write_tree,
)

WXR_HEAD = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/"
  xmlns:content="http://purl.org/rss/1.0/modules/content/"
  xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:wp="http://wordpress.org/export/1.2/">
<channel>
  <title>Valley Voice</title>
  <link>https://valley.example.com</link>
  <wp:wxr_version>1.2</wp:wxr_version>
  <wp:author><wp:author_id>2</wp:author_id><wp:author_login><![CDATA[jdoe]]></wp:author_login>
    <wp:author_display_name><![CDATA[Jane Doe]]></wp:author_display_name></wp:author>
"""


def wxr_item(post_id: int, title: str, *, kind: str = "post", status: str = "publish",
             name: str = "", content: str = "", date: str = "2019-03-14 21:53:00",
             gmt: str = "2019-03-15 01:53:00", password: str = "", extra: str = "",
             excerpt: str = "A short <b>excerpt</b>.") -> str:
    """One <item> of a WXR export, as WordPress writes it."""
    return f"""
  <item>
    <title><![CDATA[{title}]]></title>
    <link>https://valley.example.com/2019/03/14/{name}/</link>
    <dc:creator><![CDATA[jdoe]]></dc:creator>
    <guid isPermaLink="false">https://valley.example.com/?p={post_id}</guid>
    <content:encoded><![CDATA[{content}]]></content:encoded>
    <excerpt:encoded><![CDATA[{excerpt}]]></excerpt:encoded>
    <wp:post_id>{post_id}</wp:post_id>
    <wp:post_date><![CDATA[{date}]]></wp:post_date>
    <wp:post_date_gmt><![CDATA[{gmt}]]></wp:post_date_gmt>
    <wp:post_name><![CDATA[{name}]]></wp:post_name>
    <wp:status><![CDATA[{status}]]></wp:status>
    <wp:post_type><![CDATA[{kind}]]></wp:post_type>
    <wp:post_password><![CDATA[{password}]]></wp:post_password>
    {extra}
  </item>"""


FIRE = """Firefighters from three towns fought the blaze.
It started at 9 p.m.

[caption id="attachment_9" align="alignnone" width="300"]<img src="https://valley.example.com/wp-content/uploads/2019/03/fire.jpg" alt="Smoke" /> Smoke over Main Street[/caption]

https://www.youtube.com/watch?v=dQw4w9WgXcQ

<iframe src="https://forms.example.net/f/1"></iframe>

[gallery ids="9,10"]

<pre>x = 1

y = 2</pre>"""

WXR = WXR_HEAD + "".join([
    wxr_item(1, "Fire on Main Street &#8211; update", name="fire-on-main-street", content=FIRE,
             extra='<category domain="category" nicename="news"><![CDATA[News]]></category>'
                   '<category domain="post_tag" nicename="fire"><![CDATA[fire]]></category>'
                   '<category domain="category" nicename="uncategorized"><![CDATA[Uncategorized]]>'
                   '</category><wp:postmeta><wp:meta_key><![CDATA[_thumbnail_id]]></wp:meta_key>'
                   '<wp:meta_value><![CDATA[9]]></wp:meta_value></wp:postmeta>'),
    wxr_item(2, "Half-written", status="draft", name="", content="Notes.",
             gmt="0000-00-00 00:00:00"),
    wxr_item(3, "Members only", name="members-only", content="Secret.", password="hunter2"),
    wxr_item(4, "About us", kind="page", name="about", content="We are a paper."),
    wxr_item(9, "fire", kind="attachment", name="fire", status="inherit",
             extra="<wp:attachment_url>https://valley.example.com/wp-content/uploads/2019/03/"
                   "fire.jpg</wp:attachment_url>"),
    wxr_item(11, "", kind="nav_menu_item", name="11"),
    wxr_item(12, "Deleted", status="trash", name="deleted"),
    wxr_item(13, "Tomorrow", status="future", name="tomorrow", content="Soon.",
             date="2031-01-01 06:00:00", gmt="2031-01-01 11:00:00", excerpt="",
             extra="<wp:postmeta><wp:meta_key>_yoast_wpseo_metadesc</wp:meta_key>"
                   "<wp:meta_value>What happens tomorrow.</wp:meta_value></wp:postmeta>"),
]) + "\n</channel>\n</rss>\n"


@pytest.fixture
def wp_root(tmp_path: Path) -> Path:
    source = write_tree(tmp_path / "old", {"export.xml": WXR})
    root = tmp_path / "site"
    do_import("wordpress", source / "export.xml", root)
    return root


def test_wordpress_posts_are_mapped(wp_root):
    fields, body = stories(wp_root)["fire-on-main-street"]
    assert fields["title"] == "Fire on Main Street \u2013 update"
    assert str(fields["date"]) == "2019-03-14 21:53:00-04:00"
    assert fields["author"] == "Jane Doe"
    assert fields["tags"] == ["News", "fire"]
    assert fields["summary"] == "A short excerpt."
    assert fields["aliases"] == ["/2019/03/14/fire-on-main-street/", "/?p=1"]
    assert fields["guid"] == "https://valley.example.com/?p=1"
    assert "draft" not in fields


def test_wordpress_html_becomes_markdown_with_embeds(wp_root):
    _, body = stories(wp_root)["fire-on-main-street"]
    assert body.startswith("Firefighters from three towns fought the blaze.  \nIt started")
    assert "![Smoke](https://valley.example.com/wp-content/uploads/2019/03/fire.jpg)" in body
    assert "*Smoke over Main Street*" in body
    assert 'src="https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ"' in body
    assert '<iframe src="https://forms.example.net/f/1"></iframe>' in body
    assert "```\nx = 1\n\ny = 2\n```" in body  # WordPress keeps <pre> as it is
    review = section(wp_root.joinpath("import-report.md").read_text(), "To review")
    assert "unknown shortcode [gallery]" in review
    assert "<iframe> from forms.example.net kept as written" in review
    assert "wp-content/uploads/2019/03/fire.jpg still on the old site" in review


def test_wordpress_drafts_passwords_and_schedules(wp_root):
    found = stories(wp_root)
    assert found["half-written"][0]["draft"] is True
    assert str(found["half-written"][0]["date"]) == "2019-03-14 21:53:00"  # no GMT date
    assert found["members-only"][0]["draft"] is True
    assert "draft" not in found["tomorrow"][0]
    assert str(found["tomorrow"][0]["date"]) == "2031-01-01 06:00:00-05:00"
    assert found["tomorrow"][0]["summary"] == "What happens tomorrow."  # Yoast's description
    review = section(report(wp_root), "To review")
    assert "password-protected" in review and "a draft in WordPress" in review


def test_wordpress_pages_attachments_and_menus_are_counted_and_skipped(wp_root):
    text = report(wp_root)
    assert "not stories, counted and skipped: 1 attachments, 1 menu items, 1 pages" in text
    assert "post 12 (Deleted): in WordPress's trash" in section(text, "Not imported")
    assert set(stories(wp_root)) == {"fire-on-main-street", "half-written", "members-only",
                                     "tomorrow"}


def test_wordpress_uploads_next_to_the_export_are_copied(tmp_path):
    source = write_tree(tmp_path / "old", {
        "export.xml": WXR, "wp-content/uploads/2019/03/fire.jpg": photo("jpg", (64, 48))})
    root = tmp_path / "site"
    do_import("wordpress", source / "export.xml", root)
    fields, body = stories(root)["fire-on-main-street"]
    assert fields["image"] == "/images/imported/wp-content/uploads/2019/03/fire.jpg"
    assert "![Smoke](/images/imported/wp-content/uploads/2019/03/fire.jpg)" in body
    assert (root / "static/images/imported/wp-content/uploads/2019/03/fire.jpg").is_file()


def test_a_file_that_is_not_xml_is_an_error(tmp_path, capsys):
    source = write_tree(tmp_path, {"export.xml": "<rss><channel>"})
    assert cli("import", "wordpress", str(source / "export.xml"), "--root", str(tmp_path)) == 1
    assert "not a readable WordPress export" in capsys.readouterr().err


RSS = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"
     xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel>
  <title>Town Crier</title><link>https://crier.example.org/</link>
  <item>
    <title>Bridge &lt;b&gt;closed&lt;/b&gt; for repairs</title>
    <link>https://crier.example.org/news/bridge-closed.html</link>
    <guid isPermaLink="false">crier-4411</guid>
    <pubDate>Tue, 05 Mar 2019 14:30:00 -0500</pubDate>
    <dc:creator>Sam Reyes</dc:creator>
    <category>Roads</category>
    <description>The bridge is closed.</description>
    <enclosure url="https://crier.example.org/img/lead.jpg" type="image/jpeg" length="1"/>
    <content:encoded><![CDATA[<p>The <strong>Route 9</strong> bridge closes Monday.</p>
      <ul><li>Detour via Elm</li></ul><img src="https://crier.example.org/img/b.jpg" alt="Bridge">]]>
    </content:encoded>
  </item>
  <item><title>No date</title><link>https://crier.example.org/x</link></item>
</channel></rss>
"""

ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <title>Harbor Log</title><link href="https://harbor.example.net/"/>
  <id>urn:uuid:60a76c80</id><updated>2020-01-02T00:00:00Z</updated>
  <entry>
    <title type="html">Ferry &amp;amp; tides</title>
    <link rel="alternate" href="https://harbor.example.net/2020/01/ferry/"/>
    <id>tag:harbor.example.net,2020:ferry</id>
    <published>2020-01-01T08:00:00-05:00</published>
    <updated>2020-01-02T09:00:00-05:00</updated>
    <author><name>Kim Lo</name></author>
    <category term="ferry"/>
    <summary>Winter schedule.</summary>
    <content type="html">&lt;p&gt;Boats run &lt;em&gt;hourly&lt;/em&gt;.&lt;/p&gt;</content>
  </entry>
</feed>
"""


def test_rss_items_keep_their_guid_and_link(tmp_path):
    source = write_tree(tmp_path / "old", {"feed.xml": RSS})
    root = tmp_path / "site"
    do_import("feed", source / "feed.xml", root)
    fields, body = stories(root)["bridge-closed"]
    assert fields["title"] == "Bridge closed for repairs"
    assert str(fields["date"]) == "2019-03-05 14:30:00-05:00"
    assert fields["guid"] == "crier-4411"
    assert fields["aliases"] == ["/news/bridge-closed.html"]
    assert fields["author"] == "Sam Reyes" and fields["tags"] == ["Roads"]
    assert fields["summary"] == "The bridge is closed."
    assert fields["image"] == "https://crier.example.org/img/lead.jpg"
    assert "img/lead.jpg still on the old site" in section(report(root), "To review")
    assert "The **Route 9** bridge closes Monday." in body and "- Detour via Elm" in body
    assert "item 2 (No date): no date" in section(report(root), "Not imported")


def test_atom_entries(tmp_path):
    source = write_tree(tmp_path / "old", {"atom.xml": ATOM})
    root = tmp_path / "site"
    do_import("feed", source / "atom.xml", root)
    fields, body = stories(root)["ferry"]
    assert fields["title"] == "Ferry & tides"
    assert str(fields["date"]) == "2020-01-01 08:00:00-05:00"
    assert str(fields["updated"]) == "2020-01-02 09:00:00-05:00"
    assert fields["guid"] == "tag:harbor.example.net,2020:ferry"
    assert fields["aliases"] == ["/2020/01/ferry/"]
    assert body.strip() == "Boats run *hourly*."


def test_a_body_that_holds_the_converters_own_markers_comes_through(tmp_path):
    content = "NDKEEP0X and <span>NDKEE</span>P1X\n\nhttps://youtu.be/abcdefgh\n\n<pre>NDPRE0X</pre>"
    source = write_tree(tmp_path / "old", {"export.xml": WXR_HEAD + wxr_item(
        1, "Markers", name="markers", content=content) + "</channel></rss>\n"})
    root = tmp_path / "site"
    do_import("wordpress", source / "export.xml", root)
    _, body = stories(root)["markers"]
    assert body.startswith("NDKEEP0X and NDKEEP1X")
    assert "youtube-nocookie.com/embed/abcdefgh" in body and "NDPRE0X" in body


def test_what_the_reader_refuses_of_wordpress_is_named_in_the_report(wp_root):
    assert refused_and_not_named(wp_root) == []
