"""The real archives in ../shared/realworld/ (skipped when absent): every post is imported or
named in the report, every file written reads back with PyYAML, and whatever the reader refuses
is a file the report names."""

from __future__ import annotations

from pathlib import Path

import pytest
from import_helpers import (
    SITE_TOML,
    do_import,
    refused_and_not_named,
    report,
    section,
    stories,
    write_tree,
)

REALWORLD = Path(__file__).resolve().parent.parent.parent / "shared" / "realworld"
ARCHIVES = [("opennews", REALWORLD / "opennews", "_posts"),
            ("18f-blog", REALWORLD / "18f-blog" / "posts", "")]


@pytest.mark.parametrize("name, source, posts", ARCHIVES, ids=[a[0] for a in ARCHIVES])
def test_every_real_post_is_imported_or_named_in_the_report(name, source, posts, tmp_path):
    if not source.is_dir():
        pytest.skip(f"{source} is not here")
    root = write_tree(tmp_path / "site", {"site.toml": SITE_TOML})
    result = do_import("jekyll", source, root)
    text = report(root)
    every, skipped = section(text, "Every story"), (section(text, "Not imported")
                                                   if "## Not imported" in text else "")
    files = sorted(p for p in (source / posts).iterdir() if p.suffix == ".md")
    for path in files:
        src = path.relative_to(source).as_posix()
        assert f"| {src} |" in every or f"- {src}: " in skipped, src
    assert result.new + result.skipped == len(files)
    for fields, _ in stories(root).values():
        assert fields["title"] and fields["date"] and fields["guid"]
        assert all(alias.startswith("/") for alias in fields["aliases"])
    # What the reader refuses (today nothing) must be a file the report asks a person to review.
    assert refused_and_not_named(root) == []


def test_opennews_gives_what_its_files_say(tmp_path):
    source = REALWORLD / "opennews"
    if not source.is_dir():
        pytest.skip(f"{source} is not here")
    result = do_import("jekyll", source, tmp_path)
    assert (result.new, result.skipped) == (139, 1)
    assert "- _posts/index.md: not a post" in report(tmp_path)
    fields, _ = stories(tmp_path)["introducing-kavya"]
    assert str(fields["date"]) == "2015-01-12 09:00:00"  # _config.yml gives no time zone
    assert fields["aliases"] == ["/blog/introducing-kavya/"]
    assert fields["tags"] == ["fellowship", "announcements"]
