"""What every importer hands to the writer: stories to write, files to copy, and what was skipped."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any


@dataclass(frozen=True)
class When:
    """A moment read from a source: with or without a time, and with or without a known offset."""

    moment: datetime  # aware when `zoned`, naive otherwise
    has_time: bool = True
    zoned: bool = True

    def text(self) -> str:
        """As our front matter writes it: 2015-01-12, 2015-01-12T09:00:00, or with the offset."""
        if not self.has_time:
            return f"{self.moment:%Y-%m-%d}"
        return self.moment.isoformat(timespec="seconds")


@dataclass(frozen=True)
class Asset:
    """A file to copy into the site: from `source` to `dest` (relative to the site root)."""

    source: Path
    dest: str


@dataclass
class Story:
    """One story as it will be written: our fields, the Markdown body, its files and its notes."""

    src: str  # the source file or item, as the report names it
    slug: str
    title: str
    date: When
    summary: str = ""
    authors: list[str] = field(default_factory=list)
    updated: When | None = None
    tags: list[str] = field(default_factory=list)
    image: str = ""
    image_alt: str = ""
    image_caption: str = ""
    draft: bool = False
    expires: When | None = None
    aliases: list[str] = field(default_factory=list)
    guid: str = ""
    body: str = ""
    assets: list[Asset] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # what a person must review

    def note(self, text: str) -> None:
        if text not in self.notes:
            self.notes.append(text)


@dataclass(frozen=True)
class Skipped:
    """A source file or item that was not imported, and why."""

    src: str
    reason: str


@dataclass
class Batch:
    """Everything one importer found in its source."""

    stories: list[Story] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    site_notes: list[str] = field(default_factory=list)  # notes about the whole source
    counts: dict[str, int] = field(default_factory=dict)  # skipped kinds: {"page": 3, ...}

    def count(self, kind: str) -> None:
        self.counts[kind] = self.counts.get(kind, 0) + 1

    def site_note(self, text: str) -> None:
        if text not in self.site_notes:
            self.site_notes.append(text)


@dataclass(frozen=True)
class Source:
    """One source document split into its raw front matter and body (Jekyll, Hugo)."""

    src: str  # path as the report shows it, relative to the source folder
    path: Path
    fields: dict[str, Any]
    body: str
