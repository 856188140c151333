"""A broken file never holds back the others: it is held back itself (the version the previous
build published stays; a new broken file stays out), the report names it first, and the exit
status says so. --strict keeps all-or-nothing; site.toml and template problems stop the build."""

from __future__ import annotations

from conftest import BUILD_TIME, SITE_TOML, story, video
from test_publish import tree

from newsdigest.build.engine import BuildOptions, build
from newsdigest.cli import EXIT_HELD_BACK, EXIT_OK, EXIT_PROBLEMS

GOOD = {"content/stories/a.md": story("Alpha", body="Alpha text."),
        "content/stories/b.md": story("Bravo", date="2026-11-19T09:00", body="Bravo text.")}
BROKEN_B = story("Bravo changed", date="tomorrow", body="Broken text.")


def test_a_new_broken_file_stays_out_and_the_others_publish(make_site):
    site = make_site({**GOOD, "content/stories/c.md": story("Charlie", date="someday")})
    report = site.build()
    assert report.held_back == ("content/stories/c.md",) and report.kept == ()
    assert report.stories == 2 and not (site.out / "stories/c").exists()
    assert any(not p.warning and p.path == "content/stories/c.md" for p in report.warnings)


def test_a_file_broken_by_an_edit_keeps_its_published_version(make_site):
    site = make_site(GOOD)
    site.build()
    before = site.read("stories/b/index.html")
    site.write({"content/stories/b.md": BROKEN_B,
                "content/stories/a.md": story("Alpha edited", body="Alpha text.")})
    report = site.build()
    assert report.held_back == ("content/stories/b.md",) and report.kept == ("content/stories/b.md",)
    assert site.read("stories/b/index.html") == before  # the version published before stays
    assert "Alpha edited" in site.read("stories/a/index.html")  # the good edit publishes
    assert report.stories == 2


def test_the_whole_site_with_a_kept_version_is_what_a_clean_build_of_the_old_file_gives(make_site, tmp_path):
    site = make_site(GOOD)
    site.build()
    site.write({"content/stories/b.md": BROKEN_B})
    site.build()
    site.write({"content/stories/b.md": GOOD["content/stories/b.md"]})  # the old file, back
    other = tmp_path / "other"
    build(BuildOptions(site.root, other, cache=False, build_time=BUILD_TIME))
    assert tree(other) == tree(site.out)


def test_fixing_the_file_publishes_the_fix(make_site):
    site = make_site(GOOD)
    site.build()
    site.write({"content/stories/b.md": BROKEN_B})
    site.build()
    site.write({"content/stories/b.md": story("Bravo fixed", date="2026-11-19T09:00")})
    report = site.build()
    assert report.held_back == () and "Bravo fixed" in site.read("stories/b/index.html")


def test_without_the_cache_there_is_no_earlier_version(make_site):
    site = make_site(GOOD)
    site.build()
    site.write({"content/stories/b.md": BROKEN_B})
    report = site.build(cache=False)
    assert report.held_back == ("content/stories/b.md",) and report.kept == ()
    assert not (site.out / "stories/b").exists()


def test_two_files_at_one_address_are_both_held_back(make_site):
    site = make_site({**GOOD, "content/stories/x.md": story("X", slug="same"),
                      "content/stories/y.md": story("Y", slug="same")})
    report = site.build()
    assert report.held_back == ("content/stories/x.md", "content/stories/y.md")
    assert report.stories == 2


def test_a_broken_video_is_held_back_too(make_site):
    site = make_site({**GOOD, "content/videos/v.md": video("V", duration='"9:99"')})
    report = site.build()
    assert report.held_back == ("content/videos/v.md",) and report.videos == 0


def test_the_report_names_held_back_files_first_and_exits_3(make_site, capsys):
    site = make_site({**GOOD, "content/stories/c.md": story("Charlie", date="someday"),
                      "content/stories/d.md": story("Delta", sumary='"typo"')})
    assert site.cli("build") == EXIT_HELD_BACK == 3
    err = capsys.readouterr()
    lines = err.err.splitlines()
    assert lines[0] == "newsdigest: held back content/stories/c.md: it has errors (below); it is not published"
    assert lines[1].startswith('content/stories/c.md:3: date: "someday" is not a date')
    assert err.out.splitlines()[-1] == "newsdigest: 1 error, 1 warning, 1 held back, 0 drafts, 0 scheduled"


def test_a_clean_build_exits_0(make_site):
    assert make_site(GOOD).cli("build") == EXIT_OK == 0


def test_strict_keeps_all_or_nothing(make_site, capsys):
    site = make_site({**GOOD, "content/stories/c.md": story("Charlie", date="someday")})
    assert site.cli("build", "--strict") == EXIT_PROBLEMS == 1
    assert not site.out.exists()
    assert "nothing was written" in capsys.readouterr().err


def test_when_nothing_can_be_published_nothing_is_written(make_site):
    site = make_site({"content/stories/c.md": story("Charlie", date="someday")})
    assert site.cli("build") == EXIT_PROBLEMS and not site.out.exists()


def test_site_toml_problems_still_stop_the_build(make_site):
    site = make_site({**GOOD, "site.toml": SITE_TOML + "page_size = 0\n"})
    assert site.cli("build") == EXIT_PROBLEMS and not site.out.exists()


def test_template_problems_still_stop_the_build(make_site):
    site = make_site({**GOOD, "templates/article.html": "{% if %}"})
    assert site.cli("build") == EXIT_PROBLEMS and not site.out.exists()


def test_an_unchanged_rebuild_reports_the_same_held_back_files(make_site):
    site = make_site({**GOOD, "content/stories/c.md": story("Charlie", date="someday")})
    first = site.build()
    again = site.build()
    assert again.rendered == 0 and again.held_back == first.held_back
    assert again.warnings == first.warnings


def test_an_edit_build_keeps_naming_the_held_back_files(make_site):
    site = make_site({**GOOD, "content/stories/c.md": story("Charlie", date="someday")})
    first = site.build()
    site.write({"content/stories/a.md": story("Alpha edited", body="Alpha text, edited.")})
    again = site.build()
    assert "Alpha edited" in site.read("stories/a/index.html")
    assert again.held_back == first.held_back == ("content/stories/c.md",)
    assert [str(p) for p in again.warnings if not p.warning] == \
        [str(p) for p in first.warnings if not p.warning]
