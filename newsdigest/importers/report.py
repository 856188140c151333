"""`import-report.md`: what a person must review after an import, file by file, then every story
with the file it went to, so that nothing in the source goes without a word.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from newsdigest.importers.model import Batch, Story

SKIPPED_KINDS = {"page": "pages", "attachment": "attachments", "nav_menu_item": "menu items"}


@dataclass
class Planned:
    """A story and the file it is (or was already) written to."""

    story: Story
    path: str  # relative to the site root
    new: bool


def report_text(kind: str, source: Path, batch: Batch, planned: list[Planned], copied: int,
                dry_run: bool) -> str:
    """The whole report, in Markdown."""
    lines = [f"# Import report: {kind} {source.as_posix()}", ""]
    if dry_run:
        lines += ["A dry run (`--dry-run`): nothing was written.", ""]
    lines += _summary(batch, planned, copied, dry_run) + _site(batch) + _review(planned)
    lines += _skipped(batch) + _every_story(planned)
    return "\n".join(lines).rstrip("\n") + "\n"


def _summary(batch: Batch, planned: list[Planned], copied: int, dry_run: bool) -> list[str]:
    new = sum(p.new for p in planned)
    drafts = [p for p in planned if p.story.draft]
    lines = ["## Summary", "",
             f"- {len(planned)} stories: {new} {'to write' if dry_run else 'written by this run'}"
             f", {len(planned) - new} imported before (left as they are)",
             f"- {len(drafts)} imported as drafts (`draft: true`), each named below",
             f"- {sum(bool(p.story.notes) for p in planned)} stories with something to review",
             f"- {len(batch.skipped)} files or items not imported, each named below",
             f"- {copied} files copied into static/ by this run"]
    if batch.counts:
        counted = ", ".join(f"{n} {SKIPPED_KINDS.get(k, k)}" for k, n in sorted(batch.counts.items()))
        lines.append(f"- not stories, counted and skipped: {counted}")
    return lines + [""]


def _site(batch: Batch) -> list[str]:
    if not batch.site_notes:
        return []
    return ["## The whole source", ""] + [f"- {n}" for n in batch.site_notes] + [""]


def _review(planned: list[Planned]) -> list[str]:
    lines = ["## To review, file by file", ""]
    for item in sorted(planned, key=lambda p: natural(p.story.src)):
        if item.story.notes:
            lines.append(f"### {item.story.src} -> {item.path}")
            lines += [f"- {note}" for note in item.story.notes] + [""]
    if len(lines) == 2:
        lines += ["Nothing.", ""]
    return lines


def _skipped(batch: Batch) -> list[str]:
    if not batch.skipped:
        return []
    lines = ["## Not imported", ""]
    lines += [f"- {s.src}: {s.reason}" for s in sorted(batch.skipped, key=lambda s: natural(s.src))]
    return lines + [""]


def _every_story(planned: list[Planned]) -> list[str]:
    lines = ["## Every story", "", "| source | file | draft |", "|---|---|---|"]
    for item in sorted(planned, key=lambda p: natural(p.story.src)):
        lines.append(f"| {_cell(item.story.src)} | {item.path} | "
                     f"{'draft' if item.story.draft else ''} |")
    return lines + [""]


def natural(text: str) -> list:
    """A sort key that puts "post 2" before "post 13"."""
    return [int(part) if part.isdigit() else part for part in re.split(r"(\d+)", text)]


def _cell(text: str) -> str:
    return text.replace("|", "\\|")
