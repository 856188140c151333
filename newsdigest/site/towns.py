"""Towns and topics: which tags name a town (site.toml `towns`), and tags in reading order."""

from __future__ import annotations

from typing import Sequence


def towns_first(tags: Sequence[str], towns: Sequence[str]) -> list[str]:
    """A story's tag slugs with its towns first (in the editor's order), then its topics."""
    town_set = set(towns)
    return [t for t in tags if t in town_set] + [t for t in tags if t not in town_set]

