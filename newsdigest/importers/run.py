"""The import as a whole: read a source, plan each story's file, write what is new, and report.

A story whose `guid` is already in `content/stories/` was imported before and is left alone, so a
second run writes no story again; a file name already taken by another story gets the date
added. Nothing is ever overwritten, and `dry_run` writes nothing at all.
"""

from __future__ import annotations

import filecmp
import re
import shutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from newsdigest.errors import BuildError, Problem
from newsdigest.importers import feed, hugo, jekyll, wordpress
from newsdigest.importers.frontmatter import load_yaml, story_text
from newsdigest.importers.model import Asset, Batch, Story
from newsdigest.importers.report import Planned, report_text

STORIES = "content/stories"
REPORT = "import-report.md"
SUFFIXES = (".md", ".markdown", ".txt")
READERS: dict[str, Callable[[Path], Batch]] = {
    "jekyll": jekyll.read, "hugo": hugo.read, "wordpress": wordpress.read, "feed": feed.read}


@dataclass(frozen=True)
class ImportOptions:
    kind: str  # one of READERS
    source: Path
    root: Path
    dry_run: bool = False


@dataclass
class ImportResult:
    """What happened, for the command's closing lines."""

    new: int = 0
    already: int = 0
    drafts: int = 0
    skipped: int = 0
    copied: int = 0
    report: str = ""  # the report's text
    report_path: Path | None = None
    stories: list[Planned] = field(default_factory=list)


def run_import(options: ImportOptions) -> ImportResult:
    """Import `options.source` into `options.root`; raises BuildError when the source is unusable."""
    if options.kind not in READERS:
        raise BuildError([Problem(str(options.source), None, None, f"unknown kind "
                                  f"{options.kind!r}", "use jekyll, hugo, wordpress or feed")])
    if not options.source.exists():
        raise BuildError([Problem(str(options.source), None, None, "not found",
                                  "give the folder or file to import from")])
    batch = READERS[options.kind](options.source)
    planned = plan(batch.stories, options.root)
    result = ImportResult(stories=planned, skipped=len(batch.skipped),
                          drafts=sum(p.story.draft for p in planned))
    result.new = sum(p.new for p in planned)
    result.already = len(planned) - result.new
    if not options.dry_run:
        result.copied = _write(planned, options.root)
    result.report = report_text(options.kind, options.source, batch, planned, result.copied,
                                options.dry_run)
    if not options.dry_run:
        options.root.mkdir(parents=True, exist_ok=True)
        result.report_path = report_path(options.root, result.report.split("\n", 1)[0])
        result.report_path.write_text(result.report, encoding="utf-8", newline="\n")
    return result


def report_path(root: Path, title: str) -> Path:
    """import-report.md, rewritten by a new import of the same source; the report of another
    source is kept, and this one goes to import-report-2.md (or -3...)."""
    number = 1
    while True:
        path = root / (REPORT if number == 1 else REPORT.replace(".md", f"-{number}.md"))
        if not path.exists():
            return path
        with path.open(encoding="utf-8", errors="replace") as file:
            if file.readline().rstrip("\n") == title:
                return path
        number += 1


def plan(stories: list[Story], root: Path) -> list[Planned]:
    """Each story's file: the one it was imported to before, or a free name."""
    folder = root / STORIES
    existing = _existing_guids(folder)
    taken = {p.stem for p in folder.iterdir()} if folder.is_dir() else set()
    seen: dict[str, str] = {}
    planned = []
    for story in sorted(stories, key=lambda s: (s.date.text(), s.src)):
        _unique_guid(story, seen)
        if story.guid in existing:
            planned.append(Planned(story, existing[story.guid], new=False))
            continue
        name = _free_name(story, taken)
        taken.add(name)
        planned.append(Planned(story, f"{STORIES}/{name}.md", new=True))
    return planned


def _unique_guid(story: Story, seen: dict[str, str]) -> None:
    if story.guid in seen:
        story.note(f"its old address is also {seen[story.guid]}'s: guid made unique with #2")
        story.guid += "#2"
    seen[story.guid] = story.src


def _free_name(story: Story, taken: set[str]) -> str:
    name, number = story.slug, 1
    if name in taken:
        name = f"{story.slug}-{story.date.moment:%Y-%m-%d}"
    while name in taken:
        number += 1
        name = f"{story.slug}-{story.date.moment:%Y-%m-%d}-{number}"
    if name != story.slug:
        story.note(f"the file name {story.slug}.md was taken: written as {name}.md")
    return name


_GUID = re.compile(r"^guid:[ \t]*(.+?)[ \t]*$", re.M)


def _existing_guids(folder: Path) -> dict[str, str]:
    """guid -> file of every story already in the site that has one."""
    found: dict[str, str] = {}
    if not folder.is_dir():
        return found
    for path in sorted(folder.iterdir()):
        if path.suffix.lower() not in SUFFIXES or not path.is_file():
            continue
        with path.open(encoding="utf-8", errors="replace") as file:
            head = file.read(65536)
        match = _GUID.search(head.split("\n---", 1)[0])
        if match:
            try:
                guid = load_yaml(match[1])
            except ValueError:
                guid = match[1]
            found.setdefault(str(guid), f"{STORIES}/{path.name}")
    return found


def _write(planned: list[Planned], root: Path) -> int:
    """Write every new story and copy the files it uses; return how many files were copied."""
    copied = 0
    for item in planned:
        if item.new:
            path = root / item.path
            path.parent.mkdir(parents=True, exist_ok=True)
            with path.open("x", encoding="utf-8", newline="\n") as file:  # "x": never overwrite
                file.write(story_text(item.story))
        for asset in item.story.assets:
            copied += _copy(asset, root, item.story)
    return copied


def _copy(asset: Asset, root: Path, story: Story) -> int:
    dest = root / asset.dest
    if dest.exists():
        if not filecmp.cmp(asset.source, dest, shallow=False):
            story.note(f"{asset.dest} already holds a different file: not copied, check it")
        return 0
    dest.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(asset.source, dest)
    return 1
