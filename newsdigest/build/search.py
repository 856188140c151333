"""The search index: Pagefind reads the finished story and video pages in the staging folder
and writes its index there (pagefind/), before the folder is swapped in. Pages mark what is
indexed (data-pagefind-body, -filter, -sort); drafts and future stories are never marked."""

from __future__ import annotations

import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from newsdigest.errors import BuildError, Problem

BUNDLE = "pagefind"  # the index's folder in the output; the search page loads pagefind/pagefind.js
PAGES_GLOB = "{stories,videos}/**/*.html"  # only story and video pages can ever be read
UNUSED = ("pagefind-ui.js", "pagefind-ui.css", "pagefind-component-ui.js", "pagefind-component-ui.css",
          "pagefind-modular-ui.js", "pagefind-modular-ui.css", "pagefind-highlight.js")  # our page has its own UI
TIMEOUT_SECONDS = 1800


@dataclass(frozen=True)
class SearchIndex:
    files: int
    bytes: int
    seconds: float


def index_search(folder: Path) -> SearchIndex:
    """Run Pagefind over folder (a staging folder) and write the index into folder/pagefind."""
    started = time.perf_counter()
    command = [sys.executable, "-m", "pagefind", "--site", str(folder), "--output-subdir", BUNDLE,
               "--glob", PAGES_GLOB, "--silent"]
    try:
        run = subprocess.run(command, capture_output=True, text=True, timeout=TIMEOUT_SECONDS)
    except (OSError, subprocess.TimeoutExpired) as exc:
        _fail(f"Pagefind did not run: {exc}")
    if run.returncode != 0:
        _fail(f"Pagefind failed: {(run.stderr or run.stdout).strip()[-500:]}")
    bundle = folder / BUNDLE
    for name in UNUSED:
        (bundle / name).unlink(missing_ok=True)
    sizes = [p.stat().st_size for p in bundle.rglob("*") if p.is_file()]
    return SearchIndex(len(sizes), sum(sizes), time.perf_counter() - started)


def indexed_pages_unchanged(made: dict[str, bool], before: dict[str, str]) -> bool:
    """True when the pages Pagefind reads are the same files as in the published site: none
    re-rendered (`made`: out_path -> rendered this time), none added, none gone."""
    def read(paths):
        return {p for p in paths if p.startswith(("stories/", "videos/")) and p.endswith(".html")}
    pages = read(made)
    return pages == read(before) and not any(made[p] for p in pages)


def reuse_index(live: Path, link: Callable[[str, Path], None]) -> SearchIndex | None:
    """Link the published site's index into the staging folder unchanged; None if it has none."""
    bundle = live / BUNDLE
    if not (bundle / "pagefind.js").is_file():
        return None
    files = [p for p in bundle.rglob("*") if p.is_file()]
    for path in files:
        link(path.relative_to(live).as_posix(), path)
    return SearchIndex(len(files), sum(p.stat().st_size for p in files), 0.0)


def _fail(message: str):
    raise BuildError([Problem("search", None, None, message,
                              "install it with: pip install 'pagefind[bin]' (or build with --no-search)")])
