"""A content file as read: its front-matter fields (each with its line) and its body."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from newsdigest.errors import Problem
from newsdigest.text import strip_invisible

TOML_FENCE = "+++"  # Hugo: TOML front matter between two lines "+++"; JSON between "{" and "}"


@dataclass(frozen=True)
class Field:
    """One front-matter value, the line its key is on, and its source text if it is a scalar."""

    value: Any
    line: int
    scalar: str | None  # the text as written (so `title: 1984` stays "1984")


@dataclass(frozen=True)
class SourceFile:
    """A content file split into fields and body; problems say what could not be read."""

    src_path: str
    fields: dict[str, Field] = field(default_factory=dict)
    body: str = ""
    problems: tuple[Problem, ...] = ()
    body_line: int = 1  # the file's line that holds the body's first line


def visible(value: Any, removed: list[str] | None = None) -> tuple[Any, list[str]]:
    """value with every text in it stripped of invisible characters; which ones were removed."""
    removed = [] if removed is None else removed
    if isinstance(value, str):
        value, first = strip_invisible(value)
        removed += [first] if first else []
    elif isinstance(value, list):
        value = [visible(item, removed)[0] for item in value]
    elif isinstance(value, dict):
        value = {visible(k, removed)[0]: visible(v, removed)[0] for k, v in value.items()}
    return value, removed
