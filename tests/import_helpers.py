"""Helpers for the import tests: write a source tree from {path: text}, run the import, read back."""

from __future__ import annotations

import contextlib
import io
import json
import textwrap
from pathlib import Path

import yaml

from newsdigest.cli import main as cli_main
from newsdigest.importers.run import ImportOptions, ImportResult, run_import


def write_tree(folder: Path, files: dict[str, str | bytes]) -> Path:
    """Write each file (text is dedented) under folder; return folder."""
    for rel, content in files.items():
        path = folder / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(textwrap.dedent(content).lstrip("\n"), encoding="utf-8")
    return folder


def do_import(kind: str, source: Path, root: Path, dry_run: bool = False) -> ImportResult:
    return run_import(ImportOptions(kind, source, root, dry_run))


def cli(*args: str) -> int:
    return cli_main(list(args))


def read_story(path: Path) -> tuple[dict, str]:
    """(front matter parsed by PyYAML, body) of a file the importer wrote."""
    text = path.read_text(encoding="utf-8")
    assert text.startswith("---\n"), text[:80]
    head, body = text[4:].split("\n---\n", 1)
    return yaml.safe_load(head), body


def stories(root: Path) -> dict[str, tuple[dict, str]]:
    """Every written story by file stem."""
    folder = root / "content" / "stories"
    return {p.stem: read_story(p) for p in sorted(folder.glob("*.md"))}


def report(root: Path) -> str:
    return (root / "import-report.md").read_text(encoding="utf-8")


def section(text: str, heading: str) -> str:
    """The report's text under one '## heading', up to the next '## '."""
    start = text.index(f"## {heading}")
    end = text.find("\n## ", start + 3)
    return text[start:end if end != -1 else None]


def tree_snapshot(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file()}


SITE_TOML = 'title = "T"\nbase_url = "https://t.example/"\ntimezone = "America/New_York"\n'


def refused_and_not_named(root: Path) -> list[str]:
    """Files `newsdigest check` refuses that the import report does not ask a person to review:
    every imported story must publish or be named."""
    if not (root / "site.toml").exists():
        (root / "site.toml").write_text(SITE_TOML, encoding="utf-8")
    out = io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(io.StringIO()):
        cli("check", "--root", str(root), "--format", "json")
    refused = {p["path"] for p in json.loads(out.getvalue())["problems"] if p["severity"] == "error"}
    review = section(report(root), "To review")
    return sorted(path for path in refused if f"-> {path}" not in review)
