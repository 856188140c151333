"""`newsdigest new` writes a ready-to-fill draft; `newsdigest check` reports every problem and
writes nothing; preview builds label drafts and future stories, normal builds do not."""

import json
from datetime import datetime, timezone

import pytest
from conftest import story, video

from newsdigest.content.source import parse_source
from newsdigest.content.validate import STORY_FIELDS, VIDEO_FIELDS
from newsdigest.errors import BuildError
from newsdigest.scaffold import new_file

NOW = datetime(2026, 11, 25, 3, 7, 41, tzinfo=timezone.utc)  # 10:07 PM the day before in New York


def fields_of(path) -> dict:
    return parse_source("x.md", path.read_bytes()).fields


def test_new_story_is_named_from_the_headline_and_dated_now_in_the_site_zone(make_site):
    site = make_site()
    path = new_file(site.root, "Fire on Main: 2 hurt", ["Millbrook", " fire"], now=NOW)
    assert path == site.root / "content/stories/fire-on-main-2-hurt.md"
    fields = fields_of(path)
    assert fields["title"].value == "Fire on Main: 2 hurt"
    assert fields["date"].scalar == "2026-11-24T22:07:00"
    assert fields["tags"].value == ["Millbrook", "fire"]
    assert fields["draft"].value is True


def test_new_story_has_every_field(make_site):
    path = new_file(make_site().root, "Every field", now=NOW)
    assert set(fields_of(path)) == STORY_FIELDS


def test_new_video_has_every_field(make_site):
    path = new_file(make_site().root, "Harbor at dawn", video=True, now=NOW)
    assert path.parent.name == "videos"
    assert set(fields_of(path)) == VIDEO_FIELDS


def test_new_files_build_as_they_are_and_stay_unpublished(make_site):
    site = make_site()
    new_file(site.root, "A story", ["town"], now=NOW)
    new_file(site.root, "A video", ["town"], video=True, now=NOW)
    report = site.build()
    assert (report.stories, report.videos, report.warnings) == (0, 0, ())
    report = site.build(drafts=True)
    assert (report.stories, report.videos, report.warnings) == (1, 1, ())


def test_new_refuses_to_overwrite(make_site):
    site = make_site({"content/stories/fire.txt": story("Old")})
    with pytest.raises(BuildError) as caught:
        new_file(site.root, "Fire", now=NOW)
    assert "content/stories/fire.txt: already exists; nothing was written" in str(caught.value)
    assert (site.root / "content/stories/fire.txt").read_text() == story("Old")
    assert not (site.root / "content/stories/fire.md").exists()


def test_new_refuses_a_headline_without_letters(make_site):
    with pytest.raises(BuildError, match="cannot make a file name"):
        new_file(make_site().root, "!!!", now=NOW)


def test_new_from_the_command_line(make_site, capsys):
    site = make_site()
    assert site.cli("new", "Bridge reopens", "--tags", "eastport,roads") == 0
    assert "content/stories/bridge-reopens.md" in capsys.readouterr().out
    assert site.cli("new", "Bridge reopens") == 1
    assert "already exists" in capsys.readouterr().err
    assert site.cli("new", "Bridge cam", "--video") == 0
    assert (site.root / "content/videos/bridge-cam.md").exists()


def tree(root) -> list:
    return sorted((p.relative_to(root).as_posix(), p.stat().st_mtime_ns) for p in root.rglob("*"))


def test_check_json_lists_every_problem_with_counts_and_writes_nothing(make_site, capsys):
    site = make_site({"content/stories/a.md": story(date="tomorrow", sumary='"typo"'),
                      "content/videos/v.md": video(duration='"1:99"')})
    before = tree(site.root)
    assert site.cli("check", "--format", "json") == 1
    report = json.loads(capsys.readouterr().out)
    assert (report["errors"], report["warnings"]) == (2, 1)
    assert report["problems"][0] == {
        "path": "content/stories/a.md", "line": 3, "field": "date", "severity": "error", "hint": None,
        "message": '"tomorrow" is not a date (expected a date like 2024-05-01 or 2024-05-01T09:30, '
                   'optionally with an offset like -05:00)'}
    assert report["problems"][1]["severity"] == "warning"
    assert report["problems"][1]["hint"] == "did you mean 'summary'?"
    assert tree(site.root) == before


def test_check_json_on_a_good_site(make_site, capsys):
    site = make_site({"content/stories/a.md": story(draft="true")})
    assert site.cli("check", "--format", "json") == 0
    report = json.loads(capsys.readouterr().out)
    assert report == {"problems": [], "errors": 0, "warnings": 0, "stories": 1, "videos": 0,
                      "held_back": [], "drafts": 1, "scheduled": 0}


def test_check_text_prints_every_problem_and_fails(make_site, capsys):
    site = make_site({"content/stories/a.md": story(date="tomorrow"),
                      "content/stories/b.md": story(draft="maybe")})
    assert site.cli("check") == 1
    err = capsys.readouterr().err
    assert "content/stories/a.md:3: date:" in err and "content/stories/b.md:4: draft:" in err
    assert not (site.root / "site").exists()


def test_check_finds_template_errors_too(make_site, capsys):
    site = make_site({"content/stories/a.md": story(),
                      "templates/partials/footer.html": "{{ nonsense.field }}\n"})
    assert site.cli("check", "--format", "json") == 1
    problem = json.loads(capsys.readouterr().out)["problems"][0]
    assert problem["path"] == "templates/partials/footer.html" and problem["line"] == 1
    assert not (site.root / "site").exists()


def test_preview_build_labels_drafts_and_future_stories(make_site):
    site = make_site({"content/stories/draft.md": story("Unfinished", draft="true"),
                      "content/stories/later.md": story("Embargoed", date="2027-01-01T06:00:00"),
                      "content/stories/now.md": story("Published"),
                      "content/videos/v.md": video("Draft video", draft="true")})
    site.build(drafts=True, future=True, preview=True)
    assert "Draft, not published" in site.read("stories/draft/index.html")
    assert "Scheduled for <time datetime=\"2027-01-01T06:00:00-05:00\">Jan 1, 2027, 6:00 AM" \
        in site.read("stories/later/index.html")
    assert "preview-label" not in site.read("stories/now/index.html").split("<main")[1] \
        .split('class="rail"')[0]
    assert site.read("index.html").count("preview-label") == 2
    assert "Draft, not published" in site.read("videos/v/index.html")
    assert "Draft, not published" in site.read("videos/index.html")


def test_a_normal_build_with_drafts_has_no_labels(make_site):
    site = make_site({"content/stories/draft.md": story("Unfinished", draft="true")})
    site.build(drafts=True, future=True)
    assert "preview-label" not in site.read("stories/draft/index.html")
    assert "preview-label" not in site.read("index.html")
