"""sitemap.xml lastmod for every page, and the Google News sitemap's window, with fixed build times."""

import xml.etree.ElementTree as ET
from datetime import datetime, timedelta, timezone

from conftest import BUILD_TIME, story, video

NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9",
      "news": "http://www.google.com/schemas/sitemap-news/0.9"}


def lastmods(site) -> dict[str, str | None]:
    root = ET.fromstring((site.out / "sitemap.xml").read_bytes())
    return {u.findtext("s:loc", namespaces=NS): u.findtext("s:lastmod", namespaces=NS)
            for u in root.findall("s:url", NS)}


def news_entries(site) -> list[ET.Element]:
    return ET.fromstring((site.out / "news-sitemap.xml").read_bytes()).findall("s:url", NS)


def test_every_page_in_the_sitemap_has_the_lastmod_of_the_newest_item_it_shows(make_site):
    site = make_site({
        "content/stories/old.md": story(date="2026-10-01T09:00:00", tags="[millbrook]"),
        "content/stories/new.md": story(date="2026-11-20T09:00:00", updated="2026-11-22T07:00:00",
                                        tags="[millbrook, fire]"),
        "content/videos/v.md": video(date="2026-11-19T10:00:00"),
    })
    site.build()
    got = lastmods(site)
    base = "https://news.example.org/"
    assert all(got.values()), [loc for loc, when in got.items() if not when]
    assert got[base] == got[base + "tags/millbrook/"] == "2026-11-22T07:00:00-05:00"
    assert got[base + "stories/old/"] == "2026-10-01T09:00:00-04:00"
    assert got[base + "archive/2026/10/"] == "2026-10-01T09:00:00-04:00"
    assert got[base + "videos/"] == got[base + "videos/v/"] == "2026-11-19T10:00:00-05:00"
    assert got[base + "tags/"] == got[base + "archive/"] == "2026-11-22T07:00:00-05:00"


def test_a_later_page_of_a_list_has_the_lastmod_of_its_own_items(make_site):
    site = make_site({
        "site.toml": 'title = "T"\nbase_url = "https://n.example/"\npage_size = 1\n',
        "content/stories/a.md": story(date="2026-11-01T09:00:00"),
        "content/stories/b.md": story(date="2026-11-10T09:00:00"),
    })
    site.build()
    got = lastmods(site)
    assert got["https://n.example/"] == "2026-11-10T09:00:00+00:00"
    assert got["https://n.example/page/2/"] == "2026-11-01T09:00:00+00:00"


def test_the_sitemap_does_not_change_with_the_build_time(make_site):
    site = make_site({"content/stories/a.md": story(date="2026-11-01T09:00:00")})
    site.build()
    first = site.read("sitemap.xml")
    site.build(build_time=BUILD_TIME + timedelta(days=30))
    assert site.read("sitemap.xml") == first


def test_news_sitemap_holds_only_stories_of_the_two_days_before_the_build(make_site):
    # BUILD_TIME is 2026-11-25 12:00 UTC = 07:00 in New York
    site = make_site({
        "content/stories/too-old.md": story("Too old", date="2026-11-23T06:59:59"),
        "content/stories/just-in.md": story("Just in", date="2026-11-23T07:00:01"),
        "content/stories/today.md": story("Today", date="2026-11-25T06:00:00",
                                          updated="2026-11-25T06:30:00"),
        "content/stories/future.md": story("Future", date="2026-11-25T08:00:00"),
    })
    site.build()
    entries = news_entries(site)
    locs = [e.findtext("s:loc", namespaces=NS) for e in entries]
    assert locs == ["https://news.example.org/stories/today/", "https://news.example.org/stories/just-in/"]
    news = entries[0].find("news:news", NS)
    assert news.findtext("news:publication/news:name", namespaces=NS) == "Test Gazette"
    assert news.findtext("news:publication/news:language", namespaces=NS) == "en"
    assert news.findtext("news:publication_date", namespaces=NS) == "2026-11-25T06:00:00-05:00"
    assert news.findtext("news:title", namespaces=NS) == "Today"


def test_news_sitemap_window_moves_with_the_build_time_not_the_clock(make_site):
    site = make_site({"content/stories/a.md": story(date="2026-11-20T09:30:00")})
    site.build(build_time=datetime(2026, 11, 21, 0, 0, tzinfo=timezone.utc))
    assert len(news_entries(site)) == 1
    site.build(build_time=datetime(2026, 11, 22, 14, 31, tzinfo=timezone.utc))
    assert news_entries(site) == []


def test_news_sitemap_keeps_at_most_1000_newest_stories(make_site):
    files = {f"content/stories/s{n:04d}.md": story(f"S{n}", date=f"2026-11-24T{n // 60 % 24:02d}:{n % 60:02d}:00")
             for n in range(1002)}
    site = make_site(files)
    site.build(build_time=datetime(2026, 11, 25, 12, 0, tzinfo=timezone.utc))
    entries = news_entries(site)
    assert len(entries) == 1000


def test_news_sitemap_publication_name_comes_from_publisher_name(make_site):
    site = make_site({
        "site.toml": 'title = "T"\nbase_url = "https://n.example/"\nlanguage = "zh-TW"\n'
                     'publisher_name = "The Daily <T>"\n',
        "content/stories/a.md": story(date="2026-11-25T09:00:00"),
    })
    site.build()
    news = news_entries(site)[0].find("news:news", NS)
    assert news.findtext("news:publication/news:name", namespaces=NS) == "The Daily <T>"
    assert news.findtext("news:publication/news:language", namespaces=NS) == "zh-tw"


def test_robots_txt_points_to_both_sitemaps(make_site):
    site = make_site({"content/stories/a.md": story()})
    site.build()
    robots = site.read("robots.txt")
    assert "Sitemap: https://news.example.org/sitemap.xml\n" in robots
    assert "Sitemap: https://news.example.org/news-sitemap.xml\n" in robots
