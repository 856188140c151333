"""Faults while publishing: builds killed at random moments, a full disk, unsafe --out folders.
Whatever happens, the output is the whole old site or the whole new one, and nothing is lost."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import REPO, TRIED, story
from test_publish import tree

import newsdigest.build.output as output
from newsdigest.errors import BuildError

KILLS = 25


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if any(f".newsdigest-{kind}-" in p.name for kind in ("tmp", "old", "edit")))


def start_build(root: Path) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "newsdigest.cli", "build", "--root", str(root)],
                            cwd=REPO, env={**os.environ, "PYTHONPATH": str(REPO)},
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def test_builds_killed_at_random_moments_leave_the_old_or_the_new_site_whole(make_site):
    """Two versions of a site; each round builds towards the other one and is killed with
    SIGKILL after a random (seeded) delay spread over a whole build."""
    versions = {
        "a": {f"content/stories/s{i}.md": story(f"A{i}", body="Text. " * 300) for i in range(300)},
        "b": {f"content/stories/s{i}.md": story(f"B{i}", body="Other. " * 200, tags="[b]")
              for i in range(300)},
    }
    site = make_site(versions["a"])
    trees = {}
    for name in ("b", "a"):  # finish with a: the output starts as the whole of a
        site.write(versions[name])
        started = time.perf_counter()
        assert start_build(site.root).wait(timeout=120) == 0
        full_build = time.perf_counter() - started
        trees[name] = tree(site.out)
    rng = random.Random(6)
    current, outcomes = "a", []
    for _ in range(KILLS):
        TRIED["kill -9 during a build"] += 1
        target = "b" if current == "a" else "a"
        site.write(versions[target])
        proc = start_build(site.root)
        time.sleep(rng.uniform(0, full_build * 1.1))
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        now = tree(site.out)
        assert now in (trees["a"], trees["b"]), "the output is neither the old site nor the new one"
        current = "a" if now == trees["a"] else "b"
        outcomes.append("new" if current == target else "old")
    TRIED["  of the kills: landed before the swap (old site kept)"] += outcomes.count("old")
    assert "old" in outcomes  # some kills landed mid-build, before the swap
    assert site.cli("build") == 0  # the files on disk are the last round's target
    assert tree(site.out) == trees[target]
    assert leftovers(site.root) == []


def test_edit_builds_killed_at_random_moments_leave_every_file_whole_and_the_next_build_completes(make_site):
    """Edits that move nothing are applied in place, file by file: a kill leaves each file the
    old one or the new one, never half, and the next build finishes the job exactly."""
    def version(word: str) -> dict:
        return {f"content/stories/s{i}.md": story(f"S{i}", date=f"2026-11-{1 + i % 20:02d}T09:00",
                                                  tags=f"[t{i % 7}]", body=f"{word} {i}. " * 200)
                for i in range(300)}
    versions = {"a": version("Alpha"), "b": version("Beta")}
    site = make_site(versions["a"])
    trees, times = {}, []
    for name in ("b", "a"):
        site.write(versions[name])
        started = time.perf_counter()
        assert start_build(site.root).wait(timeout=120) == 0
        times.append(time.perf_counter() - started)
        trees[name] = tree(site.out)
    rng = random.Random(7)
    current = "a"
    for _ in range(KILLS // 4):
        TRIED["kill -9 during an edit build"] += 1
        target = "b" if current == "a" else "a"
        site.write(versions[target])
        proc = start_build(site.root)
        time.sleep(rng.uniform(0, times[-1] * 1.1))
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        now = tree(site.out)
        assert all(now[p] in (trees["a"].get(p), trees["b"].get(p)) for p in now), "a file is neither"
        assert set(now) == set(trees["a"]) | {".newsdigest-output"}
        current = target
        assert site.cli("build") == 0 and tree(site.out) == trees[target]  # completed, exactly
    assert leftovers(site.root) == []


@pytest.fixture
def small_disk(tmp_path):
    """A 512 KB tmpfs; skipped where mounting is not allowed, except under CI."""
    mount = tmp_path / "disk"
    mount.mkdir()
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=512k", "tmpfs", str(mount)],
                          capture_output=True, text=True)
    if done.returncode != 0:
        if os.environ.get("CI") == "true":
            pytest.fail(f"cannot mount a tmpfs under CI: {done.stderr.strip()}")
        pytest.skip(f"mounting a tmpfs is not allowed here: {done.stderr.strip()}")
    try:
        yield mount
    finally:
        subprocess.run(["umount", "-l", str(mount)], check=False)


def test_full_disk_is_a_clear_error_and_the_old_site_stays(make_site, small_disk):
    TRIED["disk full while writing"] += 1
    out = small_disk / "site"
    site = make_site({"content/stories/a.md": story("Small")})
    site.build(out=out)
    before = tree(out)
    site.write({"content/stories/b.md": story("Too big", body="Words. " * 100_000)})
    with pytest.raises(BuildError) as caught:
        site.build(out=out)
    assert str(caught.value) == (f"{out}: could not write the site: the disk is full; the previous "
                                 "site is unchanged")
    assert tree(out) == before
    assert leftovers(small_disk) == []


def test_after_a_full_disk_the_next_build_that_fits_succeeds(make_site, small_disk):
    out = small_disk / "site"
    site = make_site({"content/stories/a.md": story("Small")})
    site.build(out=out)
    site.write({"content/stories/b.md": story("Too big", body="Words. " * 100_000)})
    with pytest.raises(BuildError):
        site.build(out=out)
    site.write({"content/stories/b.md": story("Fits now")})
    site.build(out=out)
    assert (out / "stories/b/index.html").is_file()
    assert leftovers(small_disk) == []


@pytest.mark.parametrize("out, message", [
    (".", "the output folder would contain the site root and replace it"),
    ("..", "the output folder would contain the site root and replace it"),
    ("content", "the output folder is inside content/, which newsdigest never changes"),
    ("content-link", "the output folder is inside content/, which newsdigest never changes"),
    ("site.toml", "exists and is not a folder"),
])
def test_unsafe_out_is_refused_by_the_cli_and_nothing_is_deleted(make_site, capsys, out, message):
    site = make_site({"content/stories/a.md": story()})
    (site.root / "content-link").symlink_to(site.root / "content")
    before = tree(site.root.parent)
    assert site.cli("build", "--out", str(site.root / out)) == 1
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err
    assert tree(site.root.parent) == before


def test_out_holding_a_hosts_cname_is_refused_by_the_cli_pointing_to_static(make_site, capsys):
    site = make_site({"content/stories/a.md": story()})
    site.build()
    (site.out / "CNAME").write_text("news.example.org\n")
    assert site.cli("build") == 1
    err = capsys.readouterr().err
    assert "holds files that newsdigest did not write (CNAME)" in err
    assert "move it into static/ (static/CNAME)" in err
    assert (site.out / "CNAME").read_text() == "news.example.org\n"


class Died(BaseException):
    """Stands for the process being killed at that exact point."""


REAL_RENAME = os.rename


def swap_by_two_renames(make_site, monkeypatch, rename):
    """A built site whose next build swaps with two renames (no renameat2), the second one
    going through rename(src, dst); returns the site and its current tree."""
    site = make_site({"content/stories/a.md": story("Old")})
    site.build()
    monkeypatch.setattr(output, "_exchange", lambda a, b: False)
    monkeypatch.setattr(output.os, "rename", rename)
    site.write({"content/stories/a.md": story("New", date="2026-11-21T09:30:00")})  # moves: a whole build
    return site, tree(site.out)


def test_build_that_dies_between_the_two_renames_gets_the_old_site_back(make_site, monkeypatch):
    def rename_then_die(src, dst):
        REAL_RENAME(src, dst)
        raise Died()
    site, old = swap_by_two_renames(make_site, monkeypatch, rename_then_die)
    with pytest.raises(Died):
        site.build()
    assert not site.out.exists()  # the window: the old site is aside, the new one not yet in
    monkeypatch.setattr(output.os, "rename", REAL_RENAME)
    output._remove_leftovers(site.out.resolve())
    assert tree(site.out) == old
    site.build()
    assert "New" in site.read("stories/a/index.html")
    assert leftovers(site.root) == []


def test_failed_second_rename_puts_the_old_site_back(make_site, monkeypatch):
    def second_rename_fails(src, dst):
        if ".newsdigest-tmp-" in str(src):
            raise OSError(28, "No space left on device")
        REAL_RENAME(src, dst)
    site, old = swap_by_two_renames(make_site, monkeypatch, second_rename_fails)
    with pytest.raises(BuildError) as caught:
        site.build()
    assert "the disk is full; the previous site is unchanged" in str(caught.value)
    assert tree(site.out) == old
    assert leftovers(site.root) == []
