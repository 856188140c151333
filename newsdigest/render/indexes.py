"""What the index pages (towns and topics, towns, the archive, authors) see of each entry's
stories: how many there are, not the stories.

An index page that held every tag's stories took in every story: each edit to any story
rendered and fingerprinted the four indexes again (a quarter of a one-story edit build at
100,000 stories: 300,000 story hashes joined for the towns and topics index alone), although
they show only counts, which no edit that keeps a story's place can change. A template that
tries to list the stories gets an error that says where to list them.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Iterable, TypeVar

from jinja2.exceptions import TemplateRuntimeError

T = TypeVar("T")


@dataclass(frozen=True)
class StoryCount:
    """How many stories an index entry has: `entry.stories | length` and `{% if entry.stories %}`
    work; looping over them is an error naming the index page (`page`)."""

    count: int
    page: str

    def __len__(self) -> int:
        return self.count

    def __bool__(self) -> bool:
        return self.count > 0

    def __iter__(self):
        raise self._refused()

    def __getitem__(self, index):
        raise self._refused()  # an index page gets no story by position either

    def _refused(self) -> TemplateRuntimeError:
        return TemplateRuntimeError(
            f"{self.page} shows how many stories each entry has ({{{{ entry.stories | length }}}}), "
            "not the stories: list them on the entry's own page (tag, town, month or author), "
            "which is rendered again when one of them changes")


def counted(entries: Iterable[T], page: str) -> list[T]:
    """The entries (tags, months, authors: records with `stories`) as an index page sees them."""
    return [replace(entry, stories=StoryCount(len(entry.stories), page)) for entry in entries]
