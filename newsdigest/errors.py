"""Problems found in a site's files: collected during a build, reported together."""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from typing import Iterable


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong (or worth a warning) in one file, with where it is."""

    path: str
    line: int | None
    field: str | None
    message: str
    hint: str | None = None
    warning: bool = False

    def __str__(self) -> str:
        where = self.path if self.line is None else f"{self.path}:{self.line}"
        field = f" {self.field}:" if self.field else ""
        kind = " warning:" if self.warning else ""
        text = f"{where}:{kind}{field} {self.message}"
        return f"{text} ({self.hint})" if self.hint else text

    def as_dict(self) -> dict:
        """For machines (check --format json, serve's error overlay): every part by name."""
        return {"path": self.path, "line": self.line, "field": self.field, "message": self.message,
                "hint": self.hint, "severity": "warning" if self.warning else "error"}


class BuildError(Exception):
    """Raised when a site has errors; carries every problem found, not just the first."""

    def __init__(self, problems: Iterable[Problem]):
        self.problems = sorted(problems)
        super().__init__("\n".join(str(p) for p in self.problems))

    def __reduce__(self):  # so an error raised in a worker process arrives whole
        return (BuildError, (self.problems,))


def closest(word: str, choices: Iterable[str]) -> str | None:
    """The known name an editor most likely meant, if any is close."""
    match = difflib.get_close_matches(word, sorted(choices), n=1, cutoff=0.6)
    return match[0] if match else None
