"""Test helpers: write a small site from {path: text} into tmp_path and build it for real."""

from __future__ import annotations

import functools
import textwrap
from collections import Counter
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

import pytest

from newsdigest.build.engine import BuildOptions, BuildReport, build
from newsdigest.cli import main as cli_main

REPO = Path(__file__).resolve().parent.parent
TRIED: Counter = Counter()  # hostile inputs tried, by kind: reported at the end of the run
ARTEFACTS: list[str] = []  # folders of files a person should look at (screenshots): named at the end
BUILD_TIME = datetime(2026, 11, 25, 12, 0, tzinfo=timezone.utc)

SITE_TOML = """\
title = "Test Gazette"
base_url = "https://news.example.org/"
description = "A test site."
language = "en-US"
timezone = "America/New_York"
"""


@functools.cache
def photo(kind: str = "jpg", size: tuple[int, int] = (1200, 900)) -> bytes:
    """A real photograph (scikit-image's coffee, CC0) for a test site's static/ folder: a
    missing or broken picture is an error, so every picture a test names must be there."""
    from tests import photos
    image = photos.upright("coffee", size)
    return photos.png(image) if kind == "png" else photos.jpeg(image)


def story(title: str = "A story", date: str = "2026-11-20T09:30:00", body: str = "Body text.",
          **fields) -> str:
    """The text of a story file with these front-matter fields."""
    lines = ["---", f'title: "{title}"', f"date: {date}"]
    for name, value in fields.items():
        lines.append(f"{name}: {value}")
    return "\n".join(lines + ["---", "", body, ""])


def video(title: str = "A video", date: str = "2026-11-19T10:00:00", duration: str = '"1:49"',
          **fields) -> str:
    fields.setdefault("url", "https://video.example.org/v")
    lines = ["---", f'title: "{title}"', f"date: {date}", f"duration: {duration}"]
    lines += [f"{name}: {value}" for name, value in fields.items()]
    return "\n".join(lines + ["---", "", "A short video.", ""])


def images(*paths: str) -> dict[str, bytes]:
    """Files for static/ at these site paths: a local image must be in the site to publish,
    and be a real picture (photo())."""
    def real(path: str) -> bytes:
        if path.lower().endswith(".svg"):
            return SVG
        return photo("png" if path.lower().endswith(".png") else "jpg")
    return {"static/" + path.lstrip("/"): real(path) for path in paths}


SVG = (b'<svg xmlns="http://www.w3.org/2000/svg" width="160" height="90" viewBox="0 0 160 90">'
       b'<rect width="160" height="90" fill="#0b2545"/></svg>\n')


@dataclass
class Site:
    """A site root in a temporary folder, and what building it produced."""

    root: Path

    @property
    def out(self) -> Path:
        return self.root / "site"

    def write(self, files: dict[str, str | bytes]) -> "Site":
        for rel, text in files.items():
            path = self.root / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            if isinstance(text, bytes):
                path.write_bytes(text)
            else:
                path.write_text(textwrap.dedent(text) if text.startswith("\n") else text,
                                encoding="utf-8")
        return self

    def build(self, **options) -> BuildReport:
        """Build with the test build time; without the search index unless asked (search=True):
        Pagefind costs about a second a build, and test_search.py checks it."""
        options.setdefault("build_time", BUILD_TIME)
        options.setdefault("search", False)
        return build(BuildOptions(self.root, **options))

    def cli(self, *args: str) -> int:
        more = ["--no-search"] if args[:1] == ("build",) and "--search" not in args else []
        return cli_main([*(a for a in args if a != "--search"), *more, "--root", str(self.root)])

    def read(self, rel: str) -> str:
        return (self.out / rel).read_text(encoding="utf-8")


@pytest.fixture
def make_site(tmp_path, monkeypatch):
    """make_site({path: text}) -> Site, with site.toml unless the dict gives one."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(int(BUILD_TIME.timestamp())))

    def make(files: dict[str, str | bytes] | None = None) -> Site:
        files = dict(files or {})
        files.setdefault("site.toml", SITE_TOML)
        return Site(tmp_path / "root").write(files)
    return make


def pytest_terminal_summary(terminalreporter):
    for line in ARTEFACTS:
        terminalreporter.write_sep("-", "test artefacts")
        terminalreporter.write_line(line)
    if TRIED:
        terminalreporter.write_sep("-", "hostile inputs tried")
        for kind, count in sorted(TRIED.items(), key=lambda item: item[0].strip()):
            terminalreporter.write_line(f"{count:6d}  {kind}")
        total = sum(count for kind, count in TRIED.items() if not kind.startswith(" "))
        terminalreporter.write_line(f"{total:6d}  in all")
