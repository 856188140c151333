"""The build lints its own feeds, sitemaps and JSON-LD; a violation stops the build as a newsdigest bug."""

import xml.etree.ElementTree as ET

import pytest
from conftest import story, video

from newsdigest.render import structured
from newsdigest.render.lint import (
    lint_atom,
    lint_json_ld,
    lint_output,
    lint_rss,
    lint_sitemap,
)

GOOD_RSS = """<rss version="2.0" xmlns:media="http://search.yahoo.com/mrss/"><channel>
<title>T</title><link>https://n.example/</link><description>D</description>
<lastBuildDate>Fri, 20 Nov 2026 10:30:00 -0500</lastBuildDate>
<item><title>A</title><link>https://n.example/a/</link><guid>https://n.example/a/</guid>
<pubDate>Fri, 20 Nov 2026 10:30:00 -0500</pubDate>
<media:content url="https://v.example/a.mp4" type="video/mp4" medium="video" duration="109">
<media:title>A</media:title></media:content></item></channel></rss>"""


def rss(text: str) -> list[str]:
    return list(lint_rss(ET.fromstring(text)))


def test_a_good_rss_feed_has_no_findings():
    assert rss(GOOD_RSS) == []


@pytest.mark.parametrize("broken, message", [
    (("<link>https://n.example/a/</link>", "<link>/a/</link>"), "item 1: link '/a/' is not absolute"),
    (("<guid>https://n.example/a/</guid>", "<guid>a-1</guid>"), "guid 'a-1' is a permalink but not an absolute URL"),
    (("<pubDate>Fri, 20 Nov 2026 10:30:00 -0500</pubDate>", "<pubDate>Fri, 20 Nov 2026 10:30:00 GMT</pubDate>"),
     "item 1 pubDate 'Fri, 20 Nov 2026 10:30:00 GMT' is not an RFC 822 date with a numeric offset"),
    (('duration="109"', 'duration="1:49"'), "media:content duration '1:49' is not whole seconds"),
    (('url="https://v.example/a.mp4"', 'url="/a.mp4"'), "media:content url '/a.mp4' is not absolute"),
    (("<media:title>A</media:title>", ""), "media:content has no media:title"),
])
def test_rss_violations_are_found(broken, message):
    found = rss(GOOD_RSS.replace(*broken))
    assert any(message in f for f in found), found


def test_atom_dates_need_offsets_and_ids_must_be_absolute():
    atom = """<feed xmlns="http://www.w3.org/2005/Atom"><updated>2026-11-20T10:30:00</updated>
    <entry><id>urn:x</id><updated>2026-11-20T10:30:00-05:00</updated>
    <published>2026-11-20T10:30:00-05:00</published><link href="/a/"/></entry></feed>"""
    found = list(lint_atom(ET.fromstring(atom)))
    assert found == ["feed updated '2026-11-20T10:30:00' has no offset",
                     "entry 1: id 'urn:x' is not an absolute URL",
                     "entry 1: link '/a/' is not absolute"]


def test_sitemap_entries_need_absolute_locs_and_offset_dates():
    sitemap = """<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"
    xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">
    <url><loc>/a/</loc><lastmod>2026-11-20</lastmod></url>
    <url><loc>https://n.example/b/</loc><news:news><news:publication><news:name>N</news:name>
    </news:publication><news:publication_date>2026-11-20T10:30:00</news:publication_date>
    <news:title>B</news:title></news:news></url></urlset>"""
    found = list(lint_sitemap(ET.fromstring(sitemap)))
    assert "url 1: loc '/a/' is not absolute" in found
    assert "url 1 (/a/): lastmod '2026-11-20' is not a date with an offset" in found
    assert "url 2 (https://n.example/b/): news:language is missing" in found
    assert "url 2 (https://n.example/b/): news:publication_date is not a date with an offset" in found


def test_json_ld_needs_required_properties_absolute_urls_and_offset_dates():
    html = ('<script type="application/ld+json">{"@context": "https://schema.org", '
            '"@type": "NewsArticle", "headline": "H", "datePublished": "2026-11-20T10:30:00", '
            '"dateModified": "2026-11-20T10:30:00+00:00", "author": [{"@type": "Person"}], '
            '"publisher": {"@type": "Organization", "name": "P"}, "image": ["/x.jpg"]}</script>')
    found = list(lint_json_ld(html))
    assert found == ["JSON-LD block 1 (NewsArticle) has no mainEntityOfPage",
                     "JSON-LD block 1: datePublished '2026-11-20T10:30:00' is not a date with an offset",
                     "JSON-LD block 1: a Person has no name",
                     "JSON-LD block 1: image '/x.jpg' is not an absolute URL"]


def test_video_object_needs_an_iso_duration_and_a_content_or_embed_url():
    html = ('<script type="application/ld+json">{"@context": "https://schema.org", '
            '"@type": "VideoObject", "name": "V", "description": "D", "thumbnailUrl": ["https://t/x"], '
            '"uploadDate": "2026-11-20T10:30:00-05:00", "duration": "1:49"}</script>')
    found = list(lint_json_ld(html))
    assert "JSON-LD block 1 (VideoObject) has neither contentUrl nor embedUrl" in found
    assert "JSON-LD block 1 (VideoObject) duration '1:49' is not ISO 8601" in found


def test_findings_name_the_file_and_say_it_is_a_newsdigest_bug():
    [problem] = lint_output({"feed.xml": GOOD_RSS.replace("<link>https://n.example/a/</link>",
                                                          "<link>/a/</link>").encode()})
    assert problem.path == "feed.xml" and not problem.warning
    assert "invalid output: item 1: link '/a/' is not absolute" in str(problem)
    assert "bug in newsdigest" in str(problem)


def test_an_entry_checked_in_one_feed_is_not_checked_again_and_a_new_one_is(monkeypatch):
    import newsdigest.render.lint as lint
    seen = []
    real = lint.lint_rss
    monkeypatch.setattr(lint, "lint_rss", lambda root: seen.append(
        [i.findtext("title") for i in root.iter("item")]) or real(root))
    feed = GOOD_RSS.replace("<title>A</title>", "<title>Checked once</title>")
    item = feed[feed.index("<item>"):feed.index("</item>") + len("</item>")]
    bad = item.replace("<title>Checked once</title><link>https://n.example/a/</link>",
                       "<title>New</title><link>/b/</link>")
    assert lint_output({"feed.xml": feed.encode()}) == [] and seen == [["Checked once"]]
    [problem] = lint_output({"tags/a/feed.xml": feed.replace(item, item + "\n" + bad).encode()})
    assert "item 1: link '/b/' is not absolute" in str(problem) and seen[-1] == ["New"]
    fixed = bad.replace("<link>/b/</link>", "<link>https://n.example/b/</link>")
    assert lint_output({"tags/a/feed.xml": feed.replace(item, item + "\n" + fixed).encode()}) == []
    assert seen[-1] == ["New"]  # the fixed entry is new: checked; the first is not again
    [problem] = lint_output({"tags/b/feed.xml": feed.replace("<title>T</title>", "").encode()})
    assert "the channel has no title" in str(problem) and seen[-1] == []  # the channel still is


def test_a_lint_violation_fails_the_build_and_leaves_the_old_site(make_site, monkeypatch, capsys):
    site = make_site({"content/stories/a.md": story(), "content/videos/v.md": video()})
    assert site.cli("build") == 0
    before = site.read("stories/a/index.html")
    real = structured.news_article
    monkeypatch.setattr("newsdigest.render.pages.news_article",
                        lambda *a: {k: v for k, v in real(*a).items() if k != "datePublished"})
    assert site.cli("build", "--no-cache") == 1  # the code changed, not the files
    err = capsys.readouterr().err
    assert "stories/a/index.html: invalid output: JSON-LD block 1 (NewsArticle) has no datePublished" in err
    assert "bug in newsdigest" in err
    assert site.read("stories/a/index.html") == before


def test_the_whole_sample_site_passes_the_lint(tmp_path):
    from sample_site import build_sample
    build_sample(tmp_path / "site")  # the build raises if the lint finds anything
    assert (tmp_path / "site" / "news-sitemap.xml").is_file()
