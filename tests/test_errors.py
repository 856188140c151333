"""Bad input: every problem is reported at once as path:line: field: message, and nothing is written."""

import pytest
from conftest import story, video

from newsdigest.errors import BuildError


def build_errors(site) -> list[str]:
    with pytest.raises(BuildError) as caught:
        site.build(strict=True)  # all or nothing: every error raised together
    return [str(p) for p in caught.value.problems]


def test_misspelled_date_names_file_line_field_and_example(make_site):
    site = make_site({"content/stories/fire.md": story(date="March 32")})
    assert build_errors(site) == [
        'content/stories/fire.md:3: date: "March 32" is not a date (expected a date like '
        '2024-05-01 or 2024-05-01T09:30, optionally with an offset like -05:00)']


def test_impossible_calendar_date_is_an_error(make_site):
    site = make_site({"content/stories/leap.md": story(date="2026-02-29T10:00")})
    assert build_errors(site)[0].startswith('content/stories/leap.md:3: date: "2026-02-29T10:00" is not a date')


def test_every_problem_in_every_file_is_reported_together(make_site):
    site = make_site({
        "content/stories/a.md": story(date="tomorrow", draft="maybe"),
        "content/stories/b.md": "---\ndate: 2026-01-01\n---\nNo title.\n",
        "content/videos/v.md": video(duration='"1:99"'),
    })
    errors = build_errors(site)
    assert "content/stories/a.md:3: date: \"tomorrow\" is not a date" in errors[0]
    assert "content/stories/a.md:4: draft: expected true or false, got 'maybe'" in errors[1]
    assert errors[2] == "content/stories/b.md:1: title: is required"
    assert errors[3].startswith("content/videos/v.md:4: duration: '1:99' is not a duration")
    assert len(errors) == 4


def test_missing_closing_fence_says_what_to_add(make_site):
    site = make_site({"content/stories/open.md": "---\ntitle: x\ndate: 2026-01-01\nBody\n"})
    assert build_errors(site) == ["content/stories/open.md:1: the front matter is never closed "
                                  "(add a line '---' after the last field, before the story text)"]


def test_file_without_front_matter_is_an_error(make_site):
    site = make_site({"content/stories/plain.md": "Just some text.\n"})
    assert build_errors(site)[0].startswith("content/stories/plain.md:1: the file must start with a line '---'")


def test_yaml_syntax_error_gives_line_and_hint(make_site):
    site = make_site({"content/stories/colon.md": "---\ntitle: Police: man arrested\ndate: 2026-01-01\n---\n"})
    assert build_errors(site) == [
        "content/stories/colon.md:2: the front matter is not valid YAML: mapping values are not "
        "allowed in this context (put text that contains ':' in double quotes)"]


def test_duplicated_field_names_both_lines(make_site):
    site = make_site({"content/stories/twice.md": story(title="One") .replace("date:", "title: Two\ndate:")})
    assert build_errors(site) == ["content/stories/twice.md:3: title: appears twice (also on line 2) "
                                  "(keep one of them)"]


@pytest.mark.parametrize("field, value, message", [
    ("title", "[a, b]", "title: expected text, got a list"),
    ("author", "{name: Dana}", "author: expected a name or a list of names, got a group of fields"),
    ("tags", "{a: 1}", "tags: expected a name or a list of names, got a group of fields"),
    ("date", "true", 'date: "true" is not a date'),
    ("updated", "2026-01-01T00:00", "updated: is earlier than date"),
])
def test_wrong_types_are_named(make_site, field, value, message):
    text = story(**{field: value}) if field != "title" else story().replace('title: "A story"', f"title: {value}")
    errors = build_errors(make_site({"content/stories/s.md": text}))
    assert any(message in e for e in errors), errors


def test_duplicate_slugs_name_both_files(make_site):
    site = make_site({"content/stories/a.md": story(slug="same"),
                      "content/stories/b.md": story(slug="same")})
    errors = build_errors(site)
    assert len(errors) == 2
    for error in errors:
        assert "slug: 2 story files would be published at the same address (same): " \
               "content/stories/a.md, content/stories/b.md" in error


def test_unknown_site_setting_is_an_error_naming_it(make_site):
    site = make_site({"site.toml": 'title = "T"\nbase_url = "https://x.example/"\npage_sise = 5\n'})
    assert build_errors(site) == ["site.toml: page_sise: unknown setting (did you mean 'page_size'?)"]


@pytest.mark.parametrize("toml, message", [
    ('title = "T"\n', "site.toml: base_url: is required"),
    ('title = "T"\nbase_url = "example.org"\n', "site.toml: base_url: 'example.org' is not an absolute http(s) URL"),
    ('title = "T"\nbase_url = "https://x.example/"\ntimezone = "Mars/Olympus"\n', "site.toml: timezone: 'Mars/Olympus' is not a time zone"),
    ('title = "T"\nbase_url = "https://x.example/"\npage_size = "ten"\n', "site.toml: page_size: expected a number, got 'ten'"),
    ('title = "T"\nbase_url = "https://x.example/"\nfeed_size = 0\n', "site.toml: feed_size: 0 is out of range"),
    ('title = "T\n', "site.toml:1: not valid TOML"),
])
def test_bad_site_settings(make_site, toml, message):
    errors = build_errors(make_site({"site.toml": toml}))
    assert errors[0].startswith(message), errors


def test_errors_leave_the_previous_site_untouched(make_site):
    site = make_site({"content/stories/a.md": story("Good")})
    site.build()
    before = {p: p.read_bytes() for p in site.out.rglob("*") if p.is_file()}
    site.write({"content/stories/a.md": story("Good", date="2026-13-01")})
    build_errors(site)
    after = {p: p.read_bytes() for p in site.out.rglob("*") if p.is_file()}
    assert after == before


def test_cli_prints_problems_and_exits_nonzero_without_traceback(make_site, capsys):
    site = make_site({"content/stories/fire.md": story(date="March 32")})
    assert site.cli("build") == 1
    err = capsys.readouterr().err
    assert 'content/stories/fire.md:3: date: "March 32" is not a date' in err
    assert "Traceback" not in err
    assert not site.out.exists()


def test_unknown_field_is_a_warning_with_the_closest_name(make_site):
    site = make_site({"content/stories/a.md": story(sumary='"Dek"')})
    report = site.build()
    assert [str(w) for w in report.warnings] == [
        "content/stories/a.md:4: warning: sumary: unknown field, kept for templates (did you mean 'summary'?)"]


def test_pinned_video_that_does_not_exist_is_a_warning(make_site):
    site = make_site({"content/stories/a.md": story(videos="[nope]")})
    report = site.build()
    assert [str(w) for w in report.warnings] == [
        "content/stories/a.md: warning: videos: no published video has the slug 'nope'; it is left out of the rail"]
    assert (site.out / "stories/a/index.html").is_file()


def test_a_warning_with_a_line_and_an_error_without_one_are_reported_together(make_site):
    # Sorting a Problem with line None against one with a line used to raise TypeError.
    site = make_site({"content/stories/a.md": story(slug="Same"), "content/stories/b.md": story(slug="same")})
    errors = build_errors(site)
    assert errors[0].startswith("content/stories/a.md: slug: 2 story files would be published")
    assert errors[1] == "content/stories/a.md:4: warning: slug: 'Same' is used as 'same' " \
                        "(lower-case letters, digits and '-')"


def test_impossible_date_without_a_time_names_its_line(make_site):
    site = make_site({"content/stories/leap.md": story(date="2026-02-29")})
    assert build_errors(site)[0].startswith('content/stories/leap.md:3: date: "2026-02-29" is not a date')


@pytest.mark.parametrize("kind, field, value", [
    ("stories", "image", '"javascript:alert(1)"'),
    ("stories", "image", '"data:image/svg+xml,<svg onload=alert(1)>"'),
    ("videos", "url", '" JavaScript:alert(1)"'),
    ("videos", "thumbnail", '"vbscript:msgbox(1)"'),
])
def test_links_in_front_matter_must_be_web_addresses_or_paths(make_site, kind, field, value):
    text = story(**{field: value, "image_alt": '"x"'}) if kind == "stories" else video(**{field: value})
    errors = build_errors(make_site({f"content/{kind}/x.md": text, "content/stories/ok.md": story()}))
    assert len(errors) == 1 and errors[0].startswith(f"content/{kind}/x.md:")
    assert f"{field}: " in errors[0] and "is not a web address or a path on the site " \
           "(expected https://... or a path such as /images/fire.jpg)" in errors[0]


def test_more_than_100_tags_is_an_error(make_site):
    tags = "[" + ", ".join(f"t{i}" for i in range(101)) + "]"
    assert build_errors(make_site({"content/stories/a.md": story(tags=tags)})) == [
        "content/stories/a.md:4: tags: has 101 entries; the limit is 100"]
