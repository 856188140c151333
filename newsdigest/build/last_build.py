"""LastBuild: what the last build into one output folder left behind, kept between builds.

It answers a build with nothing changed at once (the input signature and the next moment the
clock changes the site), and lets the next build reuse every output file whose fingerprint is
unchanged. It is saved in the build cache, one per output folder, and trusted only while the
folder's marker carries the same generation.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from newsdigest.build.cache import BuildCache
from newsdigest.content.records import problem_record
from newsdigest.errors import Problem

UNKNOWN = ""  # the fingerprint of a file no build's fingerprint matches (rewritten by a quick save)


@dataclass
class LastBuild:
    inputs: str = ""  # the signature of every input file (names, sizes, times) and the options
    generation: str = ""  # written into the output folder's marker by the build that made it
    pages: dict[str, str] = field(default_factory=dict)  # out_path -> fingerprint it was made from
    rails: dict[str, str] = field(default_factory=dict)  # rail key -> slugs joined by spaces
    next_due: str | None = None  # ISO time at which the clock alone changes the site
    warnings: tuple[Problem, ...] = ()
    stories: int = 0
    videos: int = 0
    files: int = 0

    @classmethod
    def load(cls, cache: BuildCache, out: Path) -> LastBuild:
        """The one saved for this output folder; an empty one when there is none or it is damaged."""
        data = cache.load_json(state_name(out))
        try:
            return cls(str(data["inputs"]), str(data["generation"]), dict(data["pages"]),
                       dict(data["rails"]), data["next_due"],
                       tuple(Problem(**w) for w in data["warnings"]),
                       int(data["stories"]), int(data["videos"]), int(data["files"]))
        except (KeyError, TypeError, ValueError):
            return cls()

    def save(self, cache: BuildCache, out: Path) -> None:
        cache.save_json(state_name(out), {
            "inputs": self.inputs, "generation": self.generation, "pages": self.pages,
            "rails": self.rails, "next_due": self.next_due,
            "warnings": [problem_record(w) for w in self.warnings],
            "stories": self.stories, "videos": self.videos, "files": self.files})

    def is_due(self, build_time: datetime) -> bool:
        """True once the clock has changed the site since (a story fell due, one left the news sitemap)."""
        return bool(self.next_due) and build_time >= datetime.fromisoformat(self.next_due)


def state_name(out: Path) -> str:
    """One file per output folder: `build` and `serve` keep separate ones."""
    return "state-" + hashlib.sha256(str(out.resolve()).encode()).hexdigest()[:16] + ".json"


def forget(cache: BuildCache, out: Path) -> None:
    """The saved LastBuild no longer describes the folder (serve replaced files in it)."""
    cache.forget(state_name(out))
