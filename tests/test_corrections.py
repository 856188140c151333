"""corrections: in front matter: shown at the end of the article, and they move the modified time."""

import feedparser
from conftest import story

CORRECTIONS = """
  - date: 2026-11-21T10:00:00
    text: "An earlier version misspelled the chief's name."
  - date: 2026-11-20T08:00:00
    text: "The fire started at 7:40 p.m., not 8:40."
"""


def test_corrections_show_at_the_end_of_the_article_with_their_times(make_site):
    site = make_site({"content/stories/a.md": story(date="2026-11-19T21:53:00",
                                                     corrections=CORRECTIONS)})
    site.build()
    page = site.read("stories/a/index.html")
    section = page.split('<section class="corrections"', 1)[1].split("</section>", 1)[0]
    assert '<h2 id="corrections-heading">Corrections</h2>' in section
    first = section.index('<time datetime="2026-11-20T08:00:00-05:00">Nov 20, 2026, 8:00 AM</time>')
    second = section.index('<time datetime="2026-11-21T10:00:00-05:00">Nov 21, 2026, 10:00 AM</time>')
    assert first < second  # oldest first
    assert "misspelled the chief&#39;s name." in section
    assert page.index("<p>Body text.</p>") < page.index('class="corrections"')


def test_a_correction_counts_as_an_update_on_the_page_and_in_the_feeds(make_site):
    site = make_site({"content/stories/a.md": story(date="2026-11-19T21:53:00",
                                                     updated="2026-11-20T09:00:00",
                                                     corrections=CORRECTIONS)})
    site.build()
    page = site.read("stories/a/index.html")
    assert 'Updated <time datetime="2026-11-21T10:00:00-05:00" data-relative>' in page
    entry = feedparser.parse((site.out / "atom.xml").read_bytes()).entries[0]
    assert entry.updated == "2026-11-21T10:00:00-05:00"
    assert entry.published == "2026-11-19T21:53:00-05:00"  # the same item, not a new story
    rss = feedparser.parse((site.out / "feed.xml").read_bytes())
    assert rss.feed.updated == "Sat, 21 Nov 2026 10:00:00 -0500"


def test_bad_corrections_are_errors_with_file_line_and_field(make_site, capsys):
    site = make_site({
        "content/stories/a.md": story(corrections="\n  - date: 2026-11-21\n"),
        "content/stories/b.md": story(corrections='\n  - date: "March 32"\n    text: "x"\n'),
        "content/stories/c.md": story(corrections='"fixed a name"'),
        "content/stories/d.md": story(date="2026-11-20T09:30:00",
                                      corrections='\n  - date: 2026-11-01\n    text: "x"\n'),
    })
    assert site.cli("build") == 1
    err = capsys.readouterr().err
    assert "content/stories/a.md:4: corrections: correction 1: 'text' must say what was corrected" in err
    assert 'content/stories/b.md:4: corrections: correction 1: date: "March 32" is not a date' in err
    assert "content/stories/c.md:4: corrections: expected a list of date and text" in err
    assert "content/stories/d.md:4: corrections: correction 1: is dated before the story was published" in err
