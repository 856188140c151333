"""Rails kept between builds: a rail is worked out again only when its inputs change (a story's
tags, pins and date, or the set of videos), since ranking is the costliest part of a page.

A rail is saved under a hash of everything it is worked out from, so a saved rail is right for
any build that looks it up; they are kept in a file of their own, written by whole builds (at
10,000 stories 10 MB that an edit build, rendering a page or two, reads only when it needs one)."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Mapping

from newsdigest.build.cache import BuildCache
from newsdigest.build.last_build import kept_file

from newsdigest.content.models import Story, Video
from newsdigest.site.model import SiteModel
from newsdigest.site.rails import RailFor, default_rails


@dataclass
class RailCache:
    """Rails by their inputs: a story's tags, pins and date and the whole set of videos.
    A rail is kept as its slugs joined by spaces (slugs have none): one string, not twenty."""

    model: SiteModel
    known: Mapping[str, str]
    videos_key: str

    def __post_init__(self) -> None:
        self.used: dict[str, str] = {}
        self._compute: RailFor = default_rails(self.model.video_index, self.model.config.rail_size)

    def rail_for(self, item: Story | Video) -> tuple[Video, ...]:
        pins = item.video_slugs if isinstance(item, Story) else (item.slug,)
        key = hashlib.blake2b("\0".join((
            type(item).__name__, self.videos_key, str(self.model.config.rail_size),
            ",".join(self.model.config.towns),
            item.date.isoformat(), ",".join(item.tags), ",".join(pins))).encode(),
            digest_size=12).hexdigest()
        joined = self.known.get(key)
        by_slug = self.model.video_index.by_slug
        slugs = joined.split() if isinstance(joined, str) else None
        if slugs is None or any(s not in by_slug for s in slugs):
            slugs = [v.slug for v in self._compute(item)]
            joined = " ".join(slugs)
        self.used[key] = joined
        return tuple(by_slug[s] for s in slugs)

    def take(self) -> dict[str, str]:
        """The rails looked up since the last take (a worker process hands them back)."""
        used, self.used = self.used, {}
        return used


def videos_key(videos: Iterable[Video], hashes: dict[str, str]) -> str:
    digest = hashlib.sha256()
    for video in videos:
        digest.update(hashes[video.src_path].encode())
    return digest.hexdigest()


def saved_rails(cache: BuildCache, out: Path) -> dict[str, str]:
    """The rails the last whole build into `out` looked up (empty when there are none)."""
    saved = cache.load_pickle(kept_file("rails", out, ".pickle"))
    return saved if isinstance(saved, dict) else {}


def save_rails(cache: BuildCache, out: Path, rails: dict[str, str]) -> None:
    cache.save_pickle(kept_file("rails", out, ".pickle"), rails)
