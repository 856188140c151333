"""The "More from" rail: pinned videos, then videos ranked by shared tags and closeness in time,
then the latest videos, until the rail is full."""

from __future__ import annotations

import heapq
from collections import defaultdict
from datetime import datetime
from typing import Sequence

from .models import Video

HALF_LIFE_DAYS = 90.0  # a video this far from the story counts half as much as one the same day
_DECAY_PER_SECOND = 0.5 ** (1 / (HALF_LIFE_DAYS * 86400))


class VideoIndex:
    """Published videos by slug and by tag, built once per site."""

    def __init__(self, videos: Sequence[Video]):
        self.latest = sorted(videos, key=lambda v: (v.date, v.slug), reverse=True)
        self.by_slug = {v.slug: v for v in self.latest}
        self._rank = {v.slug: i for i, v in enumerate(self.latest)}  # 0 = newest
        self._time = {v.slug: v.date.timestamp() for v in self.latest}
        self.by_tag: dict[str, list[str]] = defaultdict(list)
        for video in self.latest:
            for tag in video.tags:
                self.by_tag[tag].append(video.slug)

    def rail(self, tags: Sequence[str], pinned: Sequence[str], anchor: datetime, size: int,
             exclude: str | None = None) -> tuple[Video, ...]:
        """Up to size videos for a page with these tags and pinned slugs, dated anchor."""
        chosen: dict[str, None] = {}
        for slug in pinned:
            if slug in self.by_slug and slug != exclude and len(chosen) < size:
                chosen[slug] = None
        for slug in self._ranked(tags, anchor, size + len(chosen) + 1):
            if len(chosen) >= size:
                break
            if slug != exclude:
                chosen.setdefault(slug)
        for video in self.latest:
            if len(chosen) >= size:
                break
            if video.slug != exclude:
                chosen.setdefault(video.slug)
        return tuple(self.by_slug[slug] for slug in chosen)

    def _ranked(self, tags: Sequence[str], anchor: datetime, wanted: int) -> list[str]:
        """The best `wanted` videos sharing tags: score = shared tags x 0.5^(days apart / 90);
        ties go to the newer video."""
        shared: dict[str, int] = defaultdict(int)
        for tag in set(tags):
            for slug in self.by_tag.get(tag, ()):
                shared[slug] += 1
        at, times, rank, decay = anchor.timestamp(), self._time, self._rank, _DECAY_PER_SECOND
        keyed = [(-count * decay ** abs(times[slug] - at), rank[slug], slug)
                 for slug, count in shared.items()]
        return [slug for _, _, slug in heapq.nsmallest(wanted, keyed)]
