"""Editors' mistakes caught before visitors see them, the counts at the end of check and build,
and `newsdigest init`."""

from __future__ import annotations

from datetime import datetime, timezone

from conftest import BUILD_TIME, images, story, video

from newsdigest.cli import main as cli_main
from newsdigest.scaffold import new_file


def errors_of(report) -> list[str]:
    return [str(p) for p in report.warnings if not p.warning]


def test_a_story_from_new_published_unwritten_is_held_back(make_site):
    site = make_site({"content/stories/ok.md": story("OK")})
    path = new_file(site.root, "Council votes", now=BUILD_TIME)
    path.write_text(path.read_text(encoding="utf-8").replace("draft: true", "draft: false"), encoding="utf-8")
    report = site.build()
    line = path.read_text(encoding="utf-8").splitlines().index("Write the story here.") + 1
    assert report.held_back == ("content/stories/council-votes.md",)
    assert errors_of(report) == [f"content/stories/council-votes.md:{line}: the text is still 'Write the story "
                                 "here.', as `newsdigest new` wrote it (write it, or set draft: true until it is ready)"]


def test_a_draft_from_new_builds_as_it_is(make_site):
    site = make_site({"content/stories/ok.md": story("OK")})
    new_file(site.root, "Council votes", now=BUILD_TIME)
    new_file(site.root, "Storm clip", video=True, now=BUILD_TIME)
    report = site.build()
    assert report.held_back == () and ("content/stories/council-votes.md", "draft") in report.left_out


def test_a_video_from_new_published_unfilled_is_held_back(make_site):
    site = make_site({"content/stories/ok.md": story("OK")})
    path = new_file(site.root, "Storm clip", video=True, now=BUILD_TIME)
    text = path.read_text(encoding="utf-8").replace("draft: true", "draft: false")
    path.write_text(text.replace("Describe the video here.", "Wind and rain."), encoding="utf-8")
    report = site.build()
    assert report.held_back == ("content/videos/storm-clip.md",)
    errors = errors_of(report)
    assert 'content/videos/storm-clip.md:4: duration: is 0:00 (say how long it runs, such as "1:49", or set draft: true)' in errors
    url = [e for e in errors if e.startswith("content/videos/storm-clip.md:5: url: 'https://video.example.invalid/")]
    assert len(url) == 1 and errors.index(url[0]) == 1  # problems come in line order: duration (4), url (5)


def test_a_lead_image_not_in_the_site_is_held_back(make_site):
    site = make_site({"content/stories/ok.md": story("OK"),
                      "content/stories/a.md": story("A", image="/images/fire.jpg", image_alt='"Smoke"')})
    report = site.build()
    assert report.held_back == ("content/stories/a.md",)
    assert errors_of(report) == ["content/stories/a.md: image: the image /images/fire.jpg is not in the "
                                 "site (put the file at static/images/fire.jpg, or correct the address)"]
    site.write(images("/images/fire.jpg"))
    assert site.build().held_back == ()


def test_a_body_image_or_thumbnail_not_in_the_site_is_held_back(make_site):
    site = make_site({"content/stories/ok.md": story("OK"),
                      "content/stories/a.md": story("A", body="![Smoke](/images/smoke.jpg)"),
                      "content/videos/v.md": video("V", thumbnail="/thumbs/v.jpg")})
    report = site.build()
    assert report.held_back == ("content/stories/a.md", "content/videos/v.md")
    assert "content/stories/a.md: the image /images/smoke.jpg is not in the site (it is in the text)" \
        " (put the file at static/images/smoke.jpg, or correct the address)" in errors_of(report)


def test_remote_images_and_theme_files_are_not_checked(make_site):
    site = make_site({"content/stories/a.md": story("A", image="https://cdn.example.org/a.jpg",
                                                    image_alt='"A"', body="![x](/assets/video-thumbnail.svg)")})
    assert site.build().held_back == ()


def test_a_body_image_written_with_the_base_path_is_found(make_site):
    from conftest import SITE_TOML
    site = make_site({"site.toml": SITE_TOML.replace("news.example.org/", "example.org/news/"),
                      "content/stories/a.md": story("A", body="![x](/news/images/a.jpg)"),
                      **images("/images/a.jpg")})
    assert site.build().held_back == ()


def test_an_update_after_the_build_time_is_a_warning(make_site):
    site = make_site({"content/stories/a.md": story("A", updated="2027-01-01T00:00")})
    report = site.build()
    assert [str(w) for w in report.warnings] == [
        "content/stories/a.md: warning: updated: is after the build time (2026-11-25T07:00-05:00) "
        "(is the date or its time zone mistyped?)"]


def test_build_says_which_drafts_and_scheduled_stories_it_left_out(make_site, capsys):
    site = make_site({"content/stories/a.md": story("A"),
                      "content/stories/d.md": story("D", draft="true"),
                      "content/stories/f.md": story("F", date="2026-12-01T08:00")})
    assert site.cli("build") == 0
    out = capsys.readouterr()
    assert "newsdigest: left out content/stories/d.md (draft)" in out.err
    assert "newsdigest: left out content/stories/f.md (scheduled for 2026-12-01T08:00-05:00)" in out.err
    assert out.out.splitlines()[-1] == "newsdigest: 0 errors, 0 warnings, 0 held back, 1 draft, 1 scheduled"


def test_check_ends_with_one_line_of_counts(make_site, capsys):
    site = make_site({"content/stories/a.md": story("A", sumary='"x"'),
                      "content/stories/b.md": story("B", date="someday"),
                      "content/stories/d.md": story("D", draft="true"),
                      "content/stories/f.md": story("F", date="2026-12-01T08:00")})
    assert site.cli("check") == 1
    out = capsys.readouterr()
    assert out.out.splitlines()[-1] == "newsdigest: 1 error, 1 warning, 1 held back, 1 draft, 1 scheduled"
    assert "no errors" not in out.out


def test_init_makes_a_site_that_builds_at_once(tmp_path, capsys):
    root = tmp_path / "millbrook-news"
    assert cli_main(["init", str(root), "--title", "Millbrook: News", "--url", "https://mb.example/",
                     "--timezone", "America/Chicago"]) == 0
    toml = (root / "site.toml").read_text(encoding="utf-8")
    assert 'title = "Millbrook: News"' in toml and 'timezone = "America/Chicago"' in toml
    assert cli_main(["build", "--root", str(root)]) == 0
    assert (root / "site/stories/welcome/index.html").is_file()
    assert "0 errors, 0 warnings" in capsys.readouterr().out


def test_init_refuses_a_folder_that_is_not_empty_and_a_bad_zone(tmp_path, capsys):
    (tmp_path / "full").mkdir()
    (tmp_path / "full/x").write_text("x")
    assert cli_main(["init", str(tmp_path / "full")]) == 1
    assert cli_main(["init", str(tmp_path / "new"), "--timezone", "Mars/Olympus"]) == 1
    assert not (tmp_path / "new" / "site.toml").exists()
    assert "is not a time zone" in capsys.readouterr().err


def test_init_without_a_title_names_the_site_after_its_folder(tmp_path):
    from newsdigest.scaffold import init_site
    init_site(tmp_path / "oak-harbor", now=datetime(2026, 1, 1, tzinfo=timezone.utc))
    assert 'title = "Oak Harbor"' in (tmp_path / "oak-harbor/site.toml").read_text(encoding="utf-8")


def test_schedule_lists_embargoes_and_expiries(make_site, capsys):
    site = make_site({"content/stories/a.md": story("Embargoed", publish_date="2026-12-01T06:00"),
                      "content/stories/b.md": story("Closing", expires="2026-12-02T00:00")})
    assert site.cli("schedule") == 0
    out = capsys.readouterr().out
    assert "2026-12-01T06:00:00-05:00  story  content/stories/a.md  Embargoed" in out
    assert "2026-12-02T00:00:00-05:00  story  content/stories/b.md  Closing (expires: leaves the site)" in out
    assert site.cli("schedule", "--next") == 0
    assert capsys.readouterr().out.strip() == "2026-12-01T06:00:00-05:00"  # the embargo ends first
