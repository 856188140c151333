"""`newsdigest import`'s own messages: what was written, what was already there, where the report is.

Kept here so that newsdigest/cli.py needs one subparser and one call.
"""

from __future__ import annotations

from pathlib import Path

from newsdigest.importers.run import STORIES, ImportOptions, run_import


def run_command(kind: str, source: Path, root: Path, dry_run: bool) -> int:
    """Run the import and print its closing lines; 0 when it ran (the report says what to review)."""
    result = run_import(ImportOptions(kind, source, root, dry_run))
    if dry_run:
        print(result.report, end="")
        print(f"newsdigest: dry run: {result.new} stories would be written into {STORIES}/ "
              f"({result.already} imported before, {result.skipped} not imported); nothing written")
        return 0
    review = sum(bool(p.story.notes) for p in result.stories)
    if not (root / "site.toml").is_file():
        print(f"newsdigest: note: {root} has no site.toml yet; the stories are written anyway")
    if result.new == 0 and result.stories:
        print(f"newsdigest: nothing new: all {result.already} stories were imported before")
    else:
        print(f"newsdigest: imported {result.new} stories into {STORIES}/ ({result.drafts} as "
              f"drafts, {result.already} imported before), copied {result.copied} files; "
              f"{result.skipped} not imported")
    print(f"newsdigest: {review} stories to review and what was left out are in "
          f"{result.report_path}")
    return 0
