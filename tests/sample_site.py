"""Build the repository's own sample site reproducibly; shared by the golden test and its updater."""

from __future__ import annotations

import os
from datetime import datetime, timezone
from pathlib import Path

from newsdigest.build.engine import BuildOptions, build

REPO = Path(__file__).resolve().parent.parent
GOLDEN = REPO / "tests" / "golden"
SAMPLE_BUILD_TIME = datetime(2026, 11, 25, 12, 0, tzinfo=timezone.utc)
# A few pages of every kind, kept whole; for the rest, the list of files is compared.
GOLDEN_FILES = [
    "index.html",
    "stories/millbrook-main-street-fire/index.html",
    "videos/millbrook-fire-aftermath/index.html",
    "videos/eastport-harbor-sunrise/index.html",
    "tags/millbrook/index.html",
    "archive/2026/11/index.html",
    "feed.xml",
    "atom.xml",
    "tags/fire/feed.xml",
    "videos/feed.xml",
    "sitemap.xml",
    "news-sitemap.xml",
]


def build_sample(out: Path) -> Path:
    build(BuildOptions(REPO, out=out, build_time=SAMPLE_BUILD_TIME))
    return out


def sample_copy(root: Path, config: str | None = None) -> Path:
    """The sample site's content and static files under root (with config as its site.toml),
    its image cache seeded from the repository's: the photos are encoded once per run, not
    again for every copy (the cache is keyed by the photos' bytes and the settings)."""
    import shutil

    from newsdigest.build.cache import CACHE_DIR
    for name in ("content", "static"):
        shutil.copytree(REPO / name, root / name)
    (root / "site.toml").write_text(config or (REPO / "site.toml").read_text(encoding="utf-8"),
                                    encoding="utf-8")
    images = REPO / CACHE_DIR / "images"
    if not images.is_dir():  # warm the repository's own cache first
        build(BuildOptions(REPO, out=root / "warm", build_time=SAMPLE_BUILD_TIME))
        shutil.rmtree(root / "warm")
    shutil.copytree(images, root / CACHE_DIR / "images")
    return root


def output_listing(out: Path) -> str:
    """Every file of a build, less the search index: Pagefind names some files by a hash that
    changes from run to run (test_search.py checks the index)."""
    return "".join(p.relative_to(out).as_posix() + "\n" for p in sorted(out.rglob("*"))
                   if p.is_file() and p.relative_to(out).parts[0] != "pagefind")


def update_golden(out: Path) -> None:
    """Rewrite tests/golden from a fresh build: run `python tests/sample_site.py`, review the diff."""
    build_sample(out)
    (GOLDEN / "files.txt").parent.mkdir(parents=True, exist_ok=True)
    (GOLDEN / "files.txt").write_text(output_listing(out), encoding="utf-8")
    for rel in GOLDEN_FILES:
        target = GOLDEN / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes((out / rel).read_bytes())


if __name__ == "__main__":
    import tempfile
    with tempfile.TemporaryDirectory() as scratch:
        update_golden(Path(scratch) / "site")
    print(f"updated {GOLDEN.relative_to(Path(os.getcwd()).resolve()) if GOLDEN.is_relative_to(Path.cwd()) else GOLDEN}")
