"""Real archives (../shared/realworld: a Jekyll site and a blog, with their licences; never
copied into the project): every post publishes or is named as held back, with why."""

from __future__ import annotations

import re
import shutil
from collections import Counter

import pytest
from conftest import REPO

REALWORLD = REPO.parent / "shared" / "realworld"
ARCHIVES = {"18f": REALWORLD / "18f-blog" / "posts", "opennews": REALWORLD / "opennews" / "_posts"}

pytestmark = pytest.mark.skipif(not all(p.is_dir() for p in ARCHIVES.values()),
                                reason="../shared/realworld is not here")


@pytest.fixture(scope="module")
def archive_site(tmp_path_factory):
    """A site whose stories are the real posts, as they are."""
    from conftest import SITE_TOML, Site
    site = Site(tmp_path_factory.mktemp("realworld") / "root").write({"site.toml": SITE_TOML})
    for name, folder in ARCHIVES.items():
        shutil.copytree(folder, site.root / "content" / "stories" / name)
    return site


def stand_in(suffix: str) -> bytes:
    """A real picture in the format its name says: a picture that is not one is held back."""
    import io

    from PIL import Image
    kind = {".jpg": "JPEG", ".jpeg": "JPEG", ".png": "PNG", ".gif": "GIF", ".webp": "WEBP"}
    if suffix.lower() == ".svg":
        return b'<svg xmlns="http://www.w3.org/2000/svg" width="16" height="9"></svg>\n'
    out = io.BytesIO()
    Image.new("RGB", (640, 360), (40, 90, 140)).save(out, kind.get(suffix.lower(), "JPEG"))
    return out.getvalue()


def posts() -> set[str]:
    return {f"content/stories/{name}/{p.name}" for name, folder in ARCHIVES.items()
            for p in folder.iterdir() if p.suffix in (".md", ".markdown")}


def why(report) -> dict[str, list[str]]:
    """held-back file -> its errors."""
    found: dict[str, list[str]] = {}
    for problem in report.warnings:
        if not problem.warning:
            found.setdefault(problem.path, []).append(problem.message)
    return found


def account(site, report) -> tuple[set[str], dict[str, list[str]]]:
    """(published src_paths, held back -> why); every post is in exactly one of them."""
    published = set()
    for page in site.out.glob("stories/*/index.html"):
        found = re.search(r'<link rel="canonical" href="[^"]+/stories/([^/"]+)/"', page.read_text("utf-8"))
        published.add(found.group(1))
    reasons = why(report)
    assert set(report.held_back) == set(reasons)  # each held-back file says why
    return published, reasons


def summary(label: str, published: int, reasons: dict[str, list[str]]) -> str:
    kinds = Counter(re.sub(r"/[^ ]*|'[^']*'|\"[^\"]*\"|\([^)]*\)", "…", m)
                    for messages in reasons.values() for m in messages)
    return f"{label}: {published} published, {len(reasons)} held back: " + "; ".join(
        f"{n} x {kind}" for kind, n in kinds.most_common())


def test_every_real_post_publishes_or_is_named_with_why(archive_site):
    report = archive_site.build(strict=False)
    published, reasons = account(archive_site, report)
    assert report.stories == len(published)
    assert report.stories + len(report.held_back) == len(posts())
    assert set(report.held_back) <= posts()
    print(summary("as they are", report.stories, reasons))
    # the archives come without their images: each such post is held back and names the image
    assert all(any("is not in the site" in m or "date: " in m or "same address" in m or "required" in m
                   for m in messages) for messages in reasons.values())


def test_with_their_images_every_real_post_publishes_but_what_is_not_a_post(archive_site):
    first = archive_site.build()
    for problem in first.warnings:  # put a stand-in file wherever an image is missing
        found = re.search(r"put the file at (static/[^,]+), or correct", problem.hint or "")
        if found:
            path = archive_site.root / found.group(1)
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(stand_in(path.suffix))
    report = archive_site.build()
    published, reasons = account(archive_site, report)
    print(summary("with their images", report.stories, reasons))
    assert report.stories + len(report.held_back) == len(posts())
    # left: a listing page without a date (not a post), and two posts whose Jekyll addresses
    # differ only by date and case, which here would share one address: each is named
    assert len(reasons) <= 3
    for messages in reasons.values():
        assert all("date: is required" in m or "is required" in m or "same address" in m
                   for m in messages), messages
    assert all("is required" not in m for path, ms in reasons.items() for m in ms
               if re.search(r"/\d{4}-\d{1,2}-\d{1,2}-", path))  # dated file names give the date
