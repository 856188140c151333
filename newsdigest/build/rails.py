"""Rails kept between builds: a rail is worked out again only when its inputs change (a story's
tags, pins and date, or the set of videos), since ranking is the costliest part of a page.

A rail is saved under a hash of everything it is worked out from, so a saved rail is right for
any build that looks it up, whichever build saved it. Whole builds save them in 256 files by the
first two digits of that hash: an edit build, rendering a story page or two, reads the files of
those (at 100,000 stories all of them are 98 MB, which took 0.15 s to read for one rail)."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Iterator, Mapping

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
    """Every rail the last whole build into `out` looked up (empty when there are none)."""
    rails: dict[str, str] = {}
    for shard in _SHARDS:
        rails.update(_saved_shard(cache, out, shard))
    return rails


class SavedRails(Mapping[str, str]):
    """The rails the last whole build into `out` looked up, each file read at its first use."""

    def __init__(self, cache: BuildCache, out: Path):
        self._cache, self._out = cache, out
        self._shards: dict[str, dict[str, str]] = {}

    def _shard(self, key: str) -> dict[str, str]:
        name = key[:2]
        if name not in self._shards:
            self._shards[name] = _saved_shard(self._cache, self._out, name)
        return self._shards[name]

    def __getitem__(self, key: str) -> str:
        return self._shard(key)[key]

    def __iter__(self) -> Iterator[str]:
        for shard in _SHARDS:
            yield from self._shard(shard)

    def __len__(self) -> int:
        return sum(len(self._shard(shard)) for shard in _SHARDS)


def save_rails(cache: BuildCache, out: Path, rails: dict[str, str]) -> None:
    by_shard: dict[str, dict[str, str]] = {shard: {} for shard in _SHARDS}
    for key, joined in rails.items():
        by_shard[key[:2]][key] = joined
    for shard in _SHARDS:  # every file: one left from an older build would hold stale rails
        cache.save_pickle(_shard_file(out, shard), by_shard[shard])


def _saved_shard(cache: BuildCache, out: Path, shard: str) -> dict[str, str]:
    saved = cache.load_pickle(_shard_file(out, shard))
    return saved if isinstance(saved, dict) else {}


def _shard_file(out: Path, shard: str) -> str:
    return f"{kept_file('rails', out)}/{shard}.pickle"


_SHARDS = [f"{n:02x}" for n in range(256)]  # the first two hex digits of a rail's key
