"""The reader takes what editors and other generators write: Jekyll dates and file names, Hugo
bundles and TOML/JSON front matter, other generators' field names, and mistakes named by their
real cause. Fixtures are modelled on real Jekyll and Hugo archives (written here, not copied)."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from conftest import story

from newsdigest.content.dates import file_name_date, parse_date
from newsdigest.content.parsed import SourceFile
from newsdigest.content.source import parse_source
from newsdigest.content.validate import validate_story
from newsdigest.errors import BuildError

TZ = ZoneInfo("America/New_York")


def read(text: str, src_path: str = "content/stories/a.md"):
    """(story or None, [str(problem)]) for the text of one story file."""
    item, problems = validate_story(parse_source(src_path, text.encode("utf-8")), TZ)
    return item, [str(p) for p in problems]


def front(*lines: str, body: str = "The text.") -> str:
    return "\n".join(["---", *lines, "---", "", body, ""])


@pytest.mark.parametrize("text, wall, has_time", [
    ("2014-10-22 9:00", "2014-10-22T09:00:00-04:00", True),
    ("2015-1-12", "2015-01-12T00:00:00-05:00", False),
    ("2015-1-5 9:00", "2015-01-05T09:00:00-05:00", True),
    ("2015-03-17 14:00:00 -4", "2015-03-17T14:00:00-04:00", True),
    ("2015-03-17 14:00:00 -0700", "2015-03-17T17:00:00-04:00", True),
    ("2014-03-12T10:11:00-04:00", "2014-03-12T10:11:00-04:00", True),
    ("2015-03-17 18:00:00 Z", "2015-03-17T14:00:00-04:00", True),
    ("2015-03-17t18:00:00.5Z", "2015-03-17T14:00:00.500000-04:00", True),
    ("2015/03/17 9:30 pm", "2015-03-17T21:30:00-04:00", True),
    ("March 17, 2015", "2015-03-17T00:00:00-04:00", False),
    ("17 Mar 2015 09:00", "2015-03-17T09:00:00-04:00", True),
    ("Tue, 17 Mar 2015 14:00:00 -0400", "2015-03-17T14:00:00-04:00", True),
])
def test_every_date_form_jekyll_and_yaml_read_is_read_in_the_site_zone(text, wall, has_time):
    moment, timed = parse_date(text, TZ)
    assert moment.isoformat() == wall and timed is has_time


@pytest.mark.parametrize("text", ["tomorrow", "2015-13-01", "2015-02-30 9:00", "2015-03-17 25:00",
                                  "2015-03-17 9:00 +25:00", "13:00 pm 2015"])
def test_what_is_not_a_date_is_still_an_error(text):
    with pytest.raises(ValueError, match="is not a date"):
        parse_date(text, TZ)


def test_a_date_in_quotes_or_unquoted_in_yaml_reads_the_same():
    quoted, _ = read(front('title: "A"', "date: '2015-03-17 14:00:00 -4'"))
    bare, _ = read(front('title: "A"', "date: 2015-03-17 14:00:00 -4"))
    assert quoted.date == bare.date == datetime(2015, 3, 17, 14, tzinfo=TZ)


def test_a_jekyll_file_name_gives_the_date_and_the_slug():
    item, problems = read(front('title: "Fellows"'), "content/stories/2015-1-12-introducing-kavya.md")
    assert problems == []
    assert item.date == datetime(2015, 1, 12, tzinfo=TZ) and not item.date_has_time
    assert item.slug == "introducing-kavya"


def test_date_in_the_front_matter_wins_over_the_file_name():
    item, _ = read(front('title: "A"', "date: 2015-01-13 09:00"), "content/stories/2015-01-12-a.md")
    assert item.date == datetime(2015, 1, 13, 9, tzinfo=TZ)


def test_a_file_name_that_is_not_a_real_date_gives_no_date():
    assert file_name_date("2015-02-30-x") is None and file_name_date("20150101-x") is None
    _, problems = read(front('title: "A"'), "content/stories/2015-02-30-a.md")
    assert problems == ["content/stories/2015-02-30-a.md:1: date: is required"]


def test_a_hugo_bundle_takes_its_folders_name():
    item, _ = read(front('title: "A"', "date: 2020-05-01"), "content/stories/2020/budget-vote/index.md")
    assert item.slug == "budget-vote"


@pytest.mark.parametrize("name", ["Draft", "DRAFT"])
def test_a_field_differing_only_in_case_is_read_with_a_warning(name):
    item, problems = read(front('Title: "A"', "date: 2020-05-01", f"{name}: true"))
    assert item.title == "A" and item.draft is True
    assert f"content/stories/a.md:4: warning: {name}: read as 'draft' (field names are written 'draft')" in problems


def test_the_same_field_in_two_cases_is_an_error():
    _, problems = read(front('title: "A"', 'Title: "B"', "date: 2020-05-01"))
    assert "content/stories/a.md:3: Title: 'Title' and 'title' are the same field written two ways; keep one" in problems


@pytest.mark.parametrize("name", ["excerpt", "description", "dek"])
def test_other_generators_summaries_are_the_summary(name):
    item, problems = read(front('title: "A"', "date: 2020-05-01", f'{name}: "Two shops burned."'))
    assert item.summary == "Two shops burned." and problems == []


def test_description_and_a_different_excerpt_use_the_description_and_say_so():
    item, problems = read(front('title: "A"', "date: 2020-05-01", 'description: "Short."',
                                'excerpt: "Long and different."'))
    assert item.summary == "Short."
    assert problems == ["content/stories/a.md:5: warning: excerpt: not used: 'description' (line 4) "
                        "is the summary (keep one of them)"]


def test_categories_join_the_tags():
    item, _ = read(front('title: "A"', "date: 2020-05-01", "categories: news local", "tags: [fire]"))
    assert item.tags == ("fire", "news", "local")


@pytest.mark.parametrize("name", ["updated", "lastmod", "last_modified_at", "modified"])
def test_other_generators_update_times_are_updated(name):
    item, _ = read(front('title: "A"', "date: 2020-05-01", f"{name}: 2020-05-02 10:00"))
    assert item.updated == datetime(2020, 5, 2, 10, tzinfo=TZ)


def test_published_false_is_a_draft():
    item, problems = read(front('title: "A"', "date: 2020-05-01", "published: false"))
    assert item.draft is True and problems == []
    item, _ = read(front('title: "A"', "date: 2020-05-01", "published: true"))
    assert item.draft is False


@pytest.mark.parametrize("name", ["publishDate", "publish_date", "publishdate"])
def test_publish_date_is_an_embargo(name, make_site):
    site = make_site({"content/stories/a.md": story("Embargoed", date="2026-11-20T09:00",
                                                   **{name: "2026-12-01T06:00"}),
                      "content/stories/b.md": story("Out")})
    report = site.build()
    assert not (site.out / "stories/embargoed").exists() and not (site.out / "stories/a").exists()
    assert report.left_out == (("content/stories/a.md", "scheduled for 2026-12-01T06:00-05:00"),)


@pytest.mark.parametrize("name", ["expiryDate", "expires", "expiry_date"])
def test_an_expired_story_is_not_published(name, make_site):
    site = make_site({"content/stories/a.md": story("Gone", **{name: "2026-11-21T00:00"}),
                      "content/stories/b.md": story("Stays")})
    report = site.build()
    assert not (site.out / "stories/a").exists() and (site.out / "stories/b/index.html").exists()
    assert report.left_out == (("content/stories/a.md", "expired 2026-11-21T00:00-05:00"),)


def test_a_misspelled_field_that_would_hold_a_story_back_is_an_error():
    _, problems = read(front('title: "A"', "date: 2020-05-01", "drafts: true"))
    assert problems == ["content/stories/a.md:4: drafts: unknown field; did you mean 'draft'? It would "
                        "decide whether the story is published, so it is not ignored (write 'draft')"]


def test_a_quoted_true_names_the_quotes():
    _, problems = read(front('title: "A"', "date: 2020-05-01", 'draft: "true"'))
    assert problems == ["content/stories/a.md:4: draft: expected true or false, got the text 'true' "
                        "in quotes (write draft: true without quotes)"]


def test_a_tab_is_called_a_tab_on_its_line():
    _, problems = read(front('title: "A"', "date: 2020-05-01", "tags:", "\t- fire"))
    assert problems == ["content/stories/a.md:5: the front matter is not valid YAML: a tab character "
                        "(YAML indents with spaces only) (replace the tab with spaces)"]


def test_curly_quotes_from_a_word_processor_are_named():
    _, problems = read(front("title: \u201cPolice: man arrested\u201d", "date: 2020-05-01"))
    assert len(problems) == 1 and problems[0].startswith("content/stories/a.md:2: the front matter is not valid YAML")
    assert "curly quotes" in problems[0] and 'straight quotes "like this"' in problems[0]


def test_a_quote_never_closed_is_found_on_its_own_line():
    _, problems = read(front('title: "Police arrest man', "date: 2020-05-01", "tags: [a]"))
    assert problems[0].startswith("content/stories/a.md:2: the front matter is not valid YAML")
    assert "not closed" in problems[0]


def test_toml_front_matter_is_read():
    text = '+++\ntitle = "Fire"\ndate = 2020-05-01T09:00:00-04:00\ntags = ["fire", "millbrook"]\n' \
           'draft = false\n+++\n\nThe text.\n'
    item, problems = read(text)
    assert problems == [] and item.title == "Fire" and item.tags == ("fire", "millbrook")
    assert item.date == datetime(2020, 5, 1, 9, tzinfo=TZ) and item.body.strip() == "The text."


def test_toml_errors_name_the_line_and_say_how_toml_writes_text():
    _, problems = read('+++\ntitle = "Fire"\ndate = 2020-05-01\nsummary = Two shops\n+++\nx\n')
    assert problems[0].startswith("content/stories/a.md:4: the front matter is not valid TOML")
    assert 'title = "Fire on Main Street"' in problems[0]


def test_toml_field_lines_are_known():
    _, problems = read('+++\ntitle = "Fire"\ndate = 2020-05-01\ndraft = "yes"\n+++\nx\n')
    assert problems[0].startswith("content/stories/a.md:4: draft:")


def test_json_front_matter_is_read():
    text = '{\n  "title": "Fire",\n  "date": "2020-05-01T09:00:00-04:00",\n  "categories": ["news"]\n}\n\nThe text.\n'
    item, problems = read(text)
    assert problems == [] and item.title == "Fire" and item.tags == ("news",)
    assert item.body.strip() == "The text."


def test_aliases_and_guid_are_read_and_checked():
    item, problems = read(front('title: "A"', "date: 2020-05-01", "aliases: [/2020/05/01/a.html, /old/a/]",
                                'guid: "http://old.example.org/?p=12"'))
    assert problems == [] and item.aliases == ("/2020/05/01/a.html", "/old/a/")
    assert item.guid == "http://old.example.org/?p=12"
    _, problems = read(front('title: "A"', "date: 2020-05-01", "aliases: [old/a, 'https://x.example/a']"))
    assert len(problems) == 2 and all("is not a path on this site" in p for p in problems)


def test_redirect_from_is_an_alias():
    item, _ = read(front('title: "A"', "date: 2020-05-01", "redirect_from:", "  - /news/a/"))
    assert item.aliases == ("/news/a/",)


def test_every_field_of_a_real_jekyll_post_is_honoured_or_named(make_site):
    """A post shaped like the Jekyll archives: file-name date, authors as handles, both
    description and excerpt, categories, a layout, and no date line."""
    post = front('layout: post', 'title: "Announcing our fellows"', "authors:", "- dsinker", "- ekissane",
                 'description: "Meet them."', 'excerpt: "Meet them."', "categories: announcements",
                 "tags: [fellowship]", body="We have been looking for fellows for four years now.")
    site = make_site({"content/stories/2014-10-22-announcing-fellows.md": post})
    report = site.build()
    assert report.held_back == () and report.stories == 1
    assert [str(w) for w in report.warnings] == [
        "content/stories/2014-10-22-announcing-fellows.md:2: warning: layout: unknown field, kept for templates"]
    page = site.read("stories/announcing-fellows/index.html")
    assert "Meet them." in page and "dsinker and ekissane" in page


def test_source_file_is_plain_data():
    assert SourceFile("a.md").fields == {}


def test_strict_mode_still_reports_every_reader_error(make_site):
    site = make_site({"content/stories/a.md": front('title: "A"', "date: 2020-05-01", 'draft: "no"')})
    with pytest.raises(BuildError) as caught:
        site.build(strict=True)
    assert "in quotes" in str(caught.value)


def test_another_generators_field_in_other_capitals_is_read_as_ours():
    item, problems = read(front('title: "A"', "date: 2020-05-01", "PublishDate: 2020-06-01"))
    assert item.publish_date == datetime(2020, 6, 1, tzinfo=TZ)
    assert problems == ["content/stories/a.md:4: warning: PublishDate: read as 'publish_date' "
                        "(field names are written 'publish_date')"]


def test_published_in_quotes_holds_the_story_back_with_the_cause():
    item, problems = read(front('title: "A"', "date: 2020-05-01", 'published: "false"'))
    assert item is None and problems == [
        "content/stories/a.md:4: published: expected true or false, got the text 'false' in quotes "
        "(write published: false (no quotes) to keep the story unpublished)"]
