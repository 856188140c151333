"""What a build can reuse from the last one into the same output folder: whether anything changed
at all, which output files still have the same inputs, and the rails already ranked."""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Iterable

from .models import Story, Video
from .pages import RailFor, default_rails
from .render import THEME_DIR
from .site import SiteModel


def state_name(out: Path) -> str:
    """One state file per output folder: `build` and `serve` keep separate ones."""
    return "state-" + hashlib.sha256(str(out.resolve()).encode()).hexdigest()[:16] + ".json"


def input_signature(root: Path, flags: Iterable[str]) -> str:
    """A hash of the name, size and modification time of every file a build reads."""
    digest = hashlib.sha256("\0".join(flags).encode())
    for folder in (root / "site.toml", root / "content", root / "templates", root / "static", THEME_DIR):
        if folder.is_file():
            _add_stat(digest, folder, folder.name)
            continue
        for dirpath, dirnames, filenames in os.walk(folder):
            dirnames.sort()
            for name in sorted(filenames):
                _add_stat(digest, Path(dirpath) / name, f"{dirpath}/{name}")
    return digest.hexdigest()


def _add_stat(digest, path: Path, name: str) -> None:
    try:
        info = path.stat()
    except OSError:
        return
    digest.update(f"{name}\0{info.st_size}\0{info.st_mtime_ns}\n".encode())


def next_due(items: Iterable[Story | Video], build_time: datetime) -> str | None:
    """When the next future-dated item goes live: a rebuild is due then even if no file changes."""
    due = min((i.date for i in items if i.date > build_time and not i.draft), default=None)
    return due.isoformat() if due else None


def is_due(state: dict, build_time: datetime) -> bool:
    due = state.get("next_due")
    return bool(due) and build_time >= datetime.fromisoformat(due)


@dataclass
class RailCache:
    """Rails by their inputs: a story's tags, pins and date and the whole set of videos."""

    model: SiteModel
    known: dict[str, list[str]]
    videos_key: str

    def __post_init__(self) -> None:
        self.used: dict[str, list[str]] = {}
        self._compute: RailFor = default_rails(self.model)

    def rail_for(self, item: Story | Video) -> tuple[Video, ...]:
        pins = item.video_slugs if isinstance(item, Story) else (item.slug,)
        key = hashlib.blake2b("\0".join((
            type(item).__name__, self.videos_key, str(self.model.config.rail_size),
            item.date.isoformat(), ",".join(item.tags), ",".join(pins))).encode(),
            digest_size=12).hexdigest()
        slugs = self.known.get(key)
        by_slug = self.model.video_index.by_slug
        if slugs is None or any(s not in by_slug for s in slugs):
            slugs = [v.slug for v in self._compute(item)]
        self.used[key] = slugs
        return tuple(by_slug[s] for s in slugs)

    def take(self) -> dict[str, list[str]]:
        """The rails looked up since the last take (a worker process hands them back)."""
        used, self.used = self.used, {}
        return used


def videos_key(videos: Iterable[Video], hashes: dict[str, str]) -> str:
    digest = hashlib.sha256()
    for video in videos:
        digest.update(hashes[video.src_path].encode())
    return digest.hexdigest()
