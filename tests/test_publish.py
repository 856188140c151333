"""Publishing: atomic swap, unsafe output folders refused, content never touched, reproducible bytes."""

import hashlib
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import REPO, story, video

from newsdigest.build.output import MARKER, MARKER_TEXT
from newsdigest.errors import BuildError


def tree(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def test_output_is_swapped_in_whole_and_old_files_go(make_site):
    site = make_site({"content/stories/old.md": story("Old")})
    site.build()
    site.write({"content/stories/new.md": story("New")})
    (site.root / "content/stories/old.md").unlink()
    site.build()
    assert (site.out / "stories/new/index.html").is_file()
    assert not (site.out / "stories/old").exists()
    assert (site.out / MARKER).is_file()
    assert [p.name for p in site.root.iterdir() if ".newsdigest-tmp" in p.name or ".newsdigest-old" in p.name] == []


@pytest.mark.parametrize("out", [".", "content", "content/stories/x", "templates", "static", ".."])
def test_unsafe_output_folders_are_refused(make_site, out):
    site = make_site({"content/stories/a.md": story(), "templates/keep.html": "x", "static/keep.txt": "x"})
    before = tree(site.root.parent)
    with pytest.raises(BuildError) as caught:
        site.build(out=(site.root / out))
    assert "the output folder" in str(caught.value)
    assert tree(site.root.parent) == before


def test_folder_not_made_by_newsdigest_is_not_replaced(make_site):
    site = make_site({"content/stories/a.md": story()})
    site.out.mkdir()
    (site.out / "index.html").write_text("someone else's site")
    with pytest.raises(BuildError) as caught:
        site.build()
    assert "was not made by newsdigest, so it will not be replaced" in str(caught.value)
    assert (site.out / "index.html").read_text() == "someone else's site"


def test_empty_existing_folder_is_used(make_site):
    site = make_site({"content/stories/a.md": story()})
    site.out.mkdir()
    site.build()
    assert (site.out / "stories/a/index.html").is_file()


def test_content_folder_is_never_changed(make_site):
    site = make_site({"content/stories/a.md": story(tags="[a]", videos="[v]"),
                      "content/videos/v.md": video()})
    before = {p: (p.read_bytes(), p.stat().st_mtime_ns) for p in site.root.rglob("*") if p.is_file()}
    site.build()
    cache = site.root / ".newsdigest-cache"
    after = {p: (p.read_bytes(), p.stat().st_mtime_ns) for p in site.root.rglob("*")
             if p.is_file() and site.out not in p.parents and cache not in p.parents}
    assert after == before


def test_same_input_gives_byte_identical_output(make_site, tmp_path):
    site = make_site({"content/stories/a.md": story(tags="[b, a]"), "content/stories/b.md": story("B"),
                      "content/videos/v.md": video(tags="[a]")})
    site.build()
    first = tree(site.out)
    site.build(out=tmp_path / "again")
    assert tree(tmp_path / "again") == first


def test_source_date_epoch_is_the_build_time(make_site, monkeypatch):
    site = make_site({"content/stories/a.md": story(date="2026-06-01T00:00")})
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")  # 2026-01-01: the story is in the future
    assert site.cli("build") == 0
    assert not (site.out / "stories/a").exists()
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1796083200")  # 2026-12-01
    assert site.cli("build") == 0
    assert (site.out / "stories/a/index.html").is_file()


def test_killed_build_leaves_the_old_site_or_the_new_one_and_the_next_build_cleans_up(make_site, tmp_path):
    files = {f"content/stories/s{i}.md": story(f"S{i}", body="Text. " * 400) for i in range(400)}
    site = make_site(files)
    site.build()
    old = tree(site.out)
    # A new tag moves the story onto a new page: a whole build, swapped in at once. (An edit
    # that moves nothing is applied file by file: test_faults kills those.)
    changed = story("Changed", body="New text.", tags="[changed]")
    site.write({"content/stories/s0.md": changed})
    site.build(out=tmp_path / "expected-new")
    new = tree(tmp_path / "expected-new")
    outcomes = set()
    for delay in (0.2, 0.5, 0.8, 1.1, 1.4):
        site.write({"content/stories/s0.md": story("S0", body="Text. " * 400)})
        site.build()
        site.write({"content/stories/s0.md": changed})
        proc = subprocess.Popen([sys.executable, "-m", "newsdigest.cli", "build", "--no-search", "--root", str(site.root)],
                                cwd=REPO, env={**os.environ, "PYTHONPATH": str(REPO)})
        time.sleep(delay)
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        now = tree(site.out)
        assert now in (old, new)
        outcomes.add("old" if now == old else "new")
    site.build()
    assert tree(site.out) == new
    assert [p.name for p in site.root.iterdir() if ".newsdigest-tmp" in p.name or ".newsdigest-old" in p.name] == []
    assert "old" in outcomes  # at least one kill landed mid-build


def test_parallel_builds_are_byte_identical_to_a_serial_one_from_scratch(make_site, tmp_path):
    files = {f"content/stories/s{i:03d}.md": story(f"Story {i}", date=f"2026-10-{1 + i % 28:02d}T{i % 24:02d}:00",
                                                   tags=f"[t{i % 7}, town{i % 3}]", body=f"Body {i}. <b>raw</b>")
             for i in range(300)}
    files.update({f"content/videos/v{i:02d}.md": video(f"Video {i}", tags=f"[t{i % 7}]") for i in range(40)})
    site = make_site(files)

    def parallel_build() -> str:
        # In a process of its own: this one may run threads (other tests'), and then builds
        # here stay in one process.
        done = subprocess.run([sys.executable, "-m", "newsdigest.cli", "build", "--no-search", "--root", str(site.root),
                               "--out", str(tmp_path / "parallel")], cwd=REPO, capture_output=True,
                              text=True, env={**os.environ, "PYTHONPATH": str(REPO), "NEWSDIGEST_JOBS": "2"})
        assert done.returncode == 0, done.stderr
        return done.stdout

    site.build(out=tmp_path / "serial", jobs=1, cache=False)
    parallel_build()
    assert tree(tmp_path / "parallel") == tree(tmp_path / "serial")
    assert len(tree(tmp_path / "serial")) > 300
    # and after an edit, the parallel rebuild (cache, reuse, links) against serial from scratch
    site.write({"content/stories/s007.md": story("Story 7, updated", date="2026-10-08T07:00",
                                                 tags="[t0, town1]", body="New body.")})
    rendered = re.search(r"; (\d+) rendered this time", parallel_build())
    assert rendered and 0 < int(rendered.group(1)) < 100  # the rest linked from the last build
    site.build(out=tmp_path / "serial", jobs=1, cache=False)
    assert tree(tmp_path / "parallel") == tree(tmp_path / "serial")


def test_file_added_to_the_output_by_hand_stops_the_build_and_is_kept(make_site):
    site = make_site({"content/stories/a.md": story()})
    site.build()
    (site.out / "CNAME").write_text("news.example.org\n")
    (site.out / "stories/a/notes.txt").write_text("mine")
    before = tree(site.out)
    with pytest.raises(BuildError) as caught:
        site.build()
    assert str(caught.value) == (
        f"{site.out}: holds files that newsdigest did not write (CNAME, stories/a/notes.txt); "
        "replacing the folder would lose them (to publish a file such as CNAME with every build, "
        "move it into static/ (static/CNAME); otherwise move it away)")
    assert tree(site.out) == before


def test_cname_kept_in_static_is_published_with_every_build(make_site):
    site = make_site({"content/stories/a.md": story(), "static/CNAME": "news.example.org\n"})
    site.build()
    site.build()
    assert site.read("CNAME") == "news.example.org\n"


def test_link_added_to_the_output_stops_the_build(make_site, tmp_path):
    site = make_site({"content/stories/a.md": story()})
    site.build()
    (tmp_path / "elsewhere").mkdir()
    (site.out / "media").symlink_to(tmp_path / "elsewhere")
    with pytest.raises(BuildError) as caught:
        site.build()
    assert "did not write (media)" in str(caught.value)
    assert (site.out / "media").is_symlink()


def test_output_from_an_older_version_without_a_file_list_is_still_replaced(make_site):
    site = make_site({"content/stories/a.md": story()})
    site.out.mkdir()
    (site.out / MARKER).write_bytes(MARKER_TEXT)
    (site.out / "old.html").write_text("old")
    site.build()
    assert not (site.out / "old.html").exists()


def test_file_dropped_deep_in_the_output_is_found_after_builds_that_replace_files_in_place(make_site):
    # a build lists again only the folders stamped since it settled them: a file added before
    # or after an edit build (which replaces pages in place, in the same folders) must be seen
    site = make_site({"content/stories/a.md": story(), "content/stories/b.md": story("B")})
    site.build()
    (site.out / "stories/a/before.txt").write_text("mine")
    site.write({"content/stories/a.md": story(body="Edited before.")})
    report = site.build()
    assert 0 < report.rendered < report.files  # in place, beside the file, which is kept
    assert site.build().rendered == 0  # nothing changed: nothing to lose, and one stat to say so
    site.write({"content/stories/c.md": story("C")})  # a new page: the folder is replaced
    with pytest.raises(BuildError, match=r"did not write \(stories/a/before.txt\)"):
        site.build()
    assert (site.out / "stories/a/before.txt").read_text() == "mine"
    (site.out / "stories/a/before.txt").unlink()
    site.build()
    site.write({"content/stories/a.md": story(body="Edited again.")})
    assert 0 < site.build().rendered < report.files
    (site.out / "stories/b/after.txt").write_text("mine")
    (site.out / "drafts/notes").mkdir(parents=True)
    (site.out / "drafts/notes/one.txt").write_text("mine")
    site.write({"content/stories/d.md": story("D")})
    with pytest.raises(BuildError) as caught:
        site.build()
    assert "did not write (drafts/notes/one.txt, stories/b/after.txt)" in str(caught.value)


def test_file_dropped_at_the_top_of_the_output_stops_even_a_build_with_nothing_to_do(make_site):
    site = make_site({"content/stories/a.md": story()})
    site.build()
    (site.out / "CNAME").write_text("news.example.org\n")
    with pytest.raises(BuildError, match=r"did not write \(CNAME\)"):
        site.build()
    site.write({"content/stories/a.md": story(body="Edited.")})
    with pytest.raises(BuildError, match=r"did not write \(CNAME\)"):
        site.build()  # nor one that would replace pages in place
    assert site.read("CNAME") == "news.example.org\n"


def test_output_listed_by_a_version_that_did_not_settle_its_folders_is_walked_whole(make_site):
    site = make_site({"content/stories/a.md": story()})
    site.build()
    marker = (site.out / MARKER).read_bytes()
    (site.out / MARKER).write_bytes(re.sub(rb"settled: \d+\n", b"", marker))
    (site.out / "stories/a/notes.txt").write_text("mine")
    os.utime(site.out / "stories/a", ns=(0, 0))
    with pytest.raises(BuildError, match=r"did not write \(stories/a/notes.txt\)"):
        site.build()


def test_output_that_cannot_be_read_is_refused_with_a_message(make_site, monkeypatch):
    site = make_site({"content/stories/a.md": story()})
    site.build()
    (site.out / "stories").touch()  # a folder to list again

    def denied(path):
        raise PermissionError(13, "Permission denied")
    monkeypatch.setattr(os, "scandir", denied)
    with pytest.raises(BuildError) as caught:
        site.build()
    assert str(caught.value) == (f"{site.out}: cannot be read to check what is in it: Permission "
                                 "denied (fix its permissions or choose another --out)")
