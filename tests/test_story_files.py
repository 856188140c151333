"""Story and video files from any editor: encodings, line endings, aliases, slugs, dates."""

import os
import re

from conftest import story, video


def h1(site, path: str) -> str:
    return re.search(r"<h1>(.*?)</h1>", site.read(path)).group(1)


def test_utf8_with_bom_and_crlf_line_endings_build(make_site):
    text = "\ufeff" + story("Café opens", body="Line one.\n\nLine two.").replace("\n", "\r\n")
    site = make_site({"content/stories/cafe.md": text.encode("utf-8")})
    site.build()
    page = site.read("stories/cafe/index.html")
    assert h1(site, "stories/cafe/index.html") == "Café opens"
    assert "<p>Line one.</p>" in page and "\r" not in page


def test_windows_1252_file_is_read_with_a_warning_naming_the_line(make_site):
    text = story("Caf\u00e9 news", body="She said \u201chello\u201d.").encode("cp1252")
    site = make_site({"content/stories/cp.md": text})
    report = site.build()
    assert [str(w) for w in report.warnings] == [
        "content/stories/cp.md:2: warning: not valid UTF-8 (byte 0xE9); read as Windows-1252 "
        "(save the file as UTF-8 to be sure of every character)"]
    assert "She said \u201chello\u201d." in site.read("stories/cp/index.html")


def test_utf16_file_with_bom_builds(make_site):
    site = make_site({"content/stories/u16.md": story("Notepad story").encode("utf-16")})
    site.build()
    assert h1(site, "stories/u16/index.html") == "Notepad story"


def test_binary_file_is_an_error(make_site, capsys):
    site = make_site({"content/stories/photo.md": b"\x89PNG\r\n\x1a\n\x00\x00\x00"})
    assert site.cli("build") == 1
    assert ("content/stories/photo.md: this is not a text file (it contains NUL bytes) "
            "(save stories as plain text, UTF-8)") in capsys.readouterr().err


def test_aliases_dek_and_byline(make_site):
    site = make_site({"content/stories/a.md": story(dek='"The dek."', byline='"Sam Ortiz"')})
    site.build()
    page = site.read("stories/a/index.html")
    assert '<p class="dek">The dek.</p>' in page
    assert '<p class="byline">By Sam Ortiz</p>' in page


def test_several_authors_are_joined(make_site):
    site = make_site({"content/stories/a.md": story(author='["Ana Li", "Bo Park", "Cy Dee"]')})
    site.build()
    assert '<p class="byline">By Ana Li, Bo Park and Cy Dee</p>' in site.read("stories/a/index.html")


def test_numeric_title_is_kept_as_written(make_site):
    site = make_site({"content/stories/a.md": story().replace('title: "A story"', "title: 1984")})
    site.build()
    assert h1(site, "stories/a/index.html") == "1984"


def test_slug_defaults_to_file_name_made_url_safe(make_site):
    site = make_site({"content/stories/Fire on Main Straße.md": story()})
    site.build()
    assert (site.out / "stories/fire-on-main-strae/index.html").is_file()


def test_slug_that_climbs_out_is_made_safe(make_site):
    site = make_site({"content/stories/a.md": story(slug='"../../etc/x"')})
    report = site.build()
    assert (site.out / "stories/etc-x/index.html").is_file()
    assert "slug: '../../etc/x' is used as 'etc-x'" in str(report.warnings[0])
    assert not (site.root.parent / "etc").exists()


def test_tags_as_comma_separated_text(make_site):
    site = make_site({"content/stories/a.md": story(tags='"Oak Harbor, fire"')})
    site.build()
    assert (site.out / "tags/oak-harbor/index.html").is_file()
    assert (site.out / "tags/fire/index.html").is_file()
    assert "<h1>Oak Harbor</h1>" in site.read("tags/oak-harbor/index.html")


def test_date_without_offset_is_site_time_and_shown_like_a_dateline(make_site):
    site = make_site({"content/stories/a.md": story(date="2019-03-14T21:53:00")})
    site.build(future=True)
    page = site.read("stories/a/index.html")
    assert 'Published <time datetime="2019-03-14T21:53:00-04:00">Mar 14, 2019, 9:53 PM EDT</time>' in page


def test_date_with_another_offset_is_shown_in_site_time(make_site):
    site = make_site({"content/stories/a.md": story(date="2026-11-20T02:30:00Z")})
    site.build()
    assert '<time datetime="2026-11-19T21:30:00-05:00">Nov 19, 2026, 9:30 PM EST</time>' in site.read("stories/a/index.html")


def test_date_only_is_midnight_and_shown_without_a_time(make_site):
    site = make_site({"content/stories/a.md": story(date="2026-11-20")})
    site.build()
    assert '<time datetime="2026-11-20T00:00:00-05:00">Nov 20, 2026</time>' in site.read("stories/a/index.html")


def test_time_skipped_by_daylight_saving_moves_forward(make_site):
    site = make_site({"content/stories/a.md": story(date="2026-03-08T02:30:00")})
    site.build()
    assert 'datetime="2026-03-08T03:30:00-04:00"' in site.read("stories/a/index.html")


def test_hidden_and_backup_files_are_ignored(make_site):
    site = make_site({"content/stories/a.md": story(),
                      "content/stories/.a.md.swp": "junk",
                      "content/stories/~lock.md": "junk",
                      "content/stories/notes.docx": "junk"})
    report = site.build()
    assert report.stories == 1 and report.warnings == ()


def test_stories_in_subfolders_are_found(make_site):
    site = make_site({"content/stories/2026/11/a.md": story()})
    site.build()
    assert (site.out / "stories/a/index.html").is_file()


def test_markdown_txt_and_markdown_extensions(make_site):
    site = make_site({"content/stories/a.markdown": story("A"), "content/stories/b.txt": story("B")})
    assert site.build().stories == 2


def test_video_duration_forms(make_site):
    site = make_site({"content/videos/a.md": video(duration='"1:02:03"'),
                      "content/videos/b.md": video(duration="95"),
                      "content/stories/s.md": story()})
    site.build()
    page = site.read("stories/s/index.html")
    assert '<span aria-hidden="true">1:02:03</span><span class="visually-hidden">, video, 1 hour 2 minutes 3 seconds</span>' in page
    assert '<span aria-hidden="true">1:35</span><span class="visually-hidden">, video, 1 minute 35 seconds</span>' in page


def test_pipe_named_like_a_story_is_skipped_not_waited_on(make_site):
    site = make_site({"content/stories/a.md": story()})
    os.mkfifo(site.root / "content/stories/pipe.md")
    report = site.build()
    assert [str(w) for w in report.warnings] == [
        "content/stories/pipe.md: warning: is not a regular file (a pipe, a device or a socket); "
        "skipped (story files are text files)"]


def test_link_in_a_loop_is_skipped_with_a_warning(make_site):
    site = make_site({"content/stories/a.md": story()})
    (site.root / "content/stories/loop.md").symlink_to(site.root / "content/stories/loop.md")
    report = site.build()
    assert [str(w) for w in report.warnings] == [
        "content/stories/loop.md: warning: is a link to nothing (its target is missing, or links "
        "back to itself); skipped (remove the link or copy the file into content/)"]


def test_control_characters_are_removed_with_a_warning_naming_the_line(make_site):
    site = make_site({"content/stories/a.md": story("Bell\\a", body="Form\x0cfeed.")
                      .replace('title: "Bell\\a"', 'title: "Bell\\a"')})
    report = site.build()
    assert sorted(str(w) for w in report.warnings) == [
        "content/stories/a.md:2: warning: title: holds invisible control characters (the first is "
        "U+0007); they are removed",
        "content/stories/a.md:6: warning: holds invisible control characters (the first is U+000C); "
        "they are removed (no web page or feed may hold them; retype the line if it looks wrong)"]
    assert h1(site, "stories/a/index.html") == "Bell"
    assert "<p>Formfeed.</p>" in site.read("stories/a/index.html")


def test_link_to_a_folder_is_not_followed_and_says_so(make_site, tmp_path):
    site = make_site({"content/stories/a.md": story(), "elsewhere/b.md": story("Outside")})
    (site.root / "content/stories/more").symlink_to(site.root / "elsewhere")
    report = site.build()
    assert [str(w) for w in report.warnings] == [
        "content/stories/more: warning: is a link to a folder; not followed "
        "(move or copy the folder into content/)"]
    assert report.stories == 1
