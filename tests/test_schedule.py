"""`newsdigest schedule`: what waits on the clock, and when the site must next be rebuilt."""

from datetime import datetime, timezone

from conftest import story, video

# BUILD_TIME (SOURCE_DATE_EPOCH in make_site) is 2026-11-25 12:00 UTC = 07:00 in New York.
FILES = {
    "content/stories/embargoed.md": story("Embargoed", date="2026-11-26T06:00:00"),
    "content/stories/later.md": story("Later", date="2026-12-01T09:00:00"),
    "content/stories/fresh.md": story("Fresh", date="2026-11-24T21:53:00"),
    "content/stories/old.md": story("Old", date="2026-11-01T09:00:00"),
    "content/stories/draft.md": story("Draft", date="2026-11-25T09:00:00", draft="true"),
    "content/videos/clip.md": video("Clip", date="2026-11-25T08:30:00"),
}


def test_schedule_lists_waiting_items_and_stories_leaving_the_news_sitemap(make_site, capsys):
    site = make_site(FILES)
    assert site.cli("schedule") == 0
    out = capsys.readouterr().out
    assert out == (
        "As of 2026-11-25T07:00:00-05:00:\n"
        "Waiting to publish (3):\n"
        "  2026-11-25T08:30:00-05:00  video  content/videos/clip.md  Clip\n"
        "  2026-11-26T06:00:00-05:00  story  content/stories/embargoed.md  Embargoed\n"
        "  2026-12-01T09:00:00-05:00  story  content/stories/later.md  Later\n"
        "Leaving the news sitemap (1):\n"
        "  2026-11-26T21:53:00-05:00  story  content/stories/fresh.md  Fresh\n"
        "Next rebuild: 2026-11-25T08:30:00-05:00\n")


def test_schedule_next_prints_only_the_next_rebuild_time(make_site, capsys):
    site = make_site(FILES)
    assert site.cli("schedule", "--next") == 0
    out = capsys.readouterr().out
    assert out == "2026-11-25T08:30:00-05:00\n"
    assert datetime.fromisoformat(out.strip()) == datetime(2026, 11, 25, 13, 30, tzinfo=timezone.utc)


def test_the_next_rebuild_can_be_a_story_leaving_the_news_sitemap(make_site, capsys):
    site = make_site({"content/stories/fresh.md": story("Fresh", date="2026-11-24T21:53:00")})
    site.cli("schedule", "--next")
    assert capsys.readouterr().out == "2026-11-26T21:53:00-05:00\n"


def test_nothing_waiting_prints_no_time(make_site, capsys):
    site = make_site({"content/stories/old.md": story("Old", date="2026-11-01T09:00:00")})
    assert site.cli("schedule", "--next") == 0
    assert capsys.readouterr().out == ""
    site.cli("schedule")
    assert "Next rebuild: none needed until the content changes" in capsys.readouterr().out


def test_rebuilding_at_the_scheduled_time_publishes_the_embargoed_story(make_site):
    site = make_site({"content/stories/embargoed.md": story("Embargoed", date="2026-11-26T06:00:00")})
    site.build()
    assert not (site.out / "stories/embargoed").exists() and "Embargoed" not in site.read("feed.xml")
    site.build(build_time=datetime(2026, 11, 26, 11, 0, tzinfo=timezone.utc))
    assert (site.out / "stories/embargoed/index.html").is_file()
    assert "stories/embargoed/" in site.read("news-sitemap.xml")


def test_schedule_reports_content_errors_like_build(make_site, capsys):
    site = make_site({"content/stories/bad.md": story(date="March 32")})
    assert site.cli("schedule") == 1
    assert "content/stories/bad.md:3: date:" in capsys.readouterr().err
