"""The "More from" rail: pinned videos, then videos ranked by shared tags and closeness in time,
then the latest videos, until the rail is full."""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime
from typing import Sequence

from .models import Video

HALF_LIFE_DAYS = 90.0  # a video this far from the story counts half as much as one the same day


class VideoIndex:
    """Published videos by slug and by tag, built once per site."""

    def __init__(self, videos: Sequence[Video]):
        self.latest = sorted(videos, key=lambda v: (v.date, v.slug), reverse=True)
        self.by_slug = {v.slug: v for v in self.latest}
        self.by_tag: dict[str, list[Video]] = defaultdict(list)
        for video in self.latest:
            for tag in video.tags:
                self.by_tag[tag].append(video)

    def rail(self, tags: Sequence[str], pinned: Sequence[str], anchor: datetime, size: int,
             exclude: str | None = None) -> tuple[Video, ...]:
        """Up to size videos for a page with these tags and pinned slugs, dated anchor."""
        chosen: dict[str, Video] = {}
        for slug in pinned:
            video = self.by_slug.get(slug)
            if video and slug != exclude and len(chosen) < size:
                chosen[slug] = video
        for video in self._ranked(tags, anchor):
            if len(chosen) >= size:
                break
            if video.slug != exclude:
                chosen.setdefault(video.slug, video)
        for video in self.latest:
            if len(chosen) >= size:
                break
            if video.slug != exclude:
                chosen.setdefault(video.slug, video)
        return tuple(chosen.values())

    def _ranked(self, tags: Sequence[str], anchor: datetime) -> list[Video]:
        shared: dict[str, int] = defaultdict(int)
        for tag in set(tags):
            for video in self.by_tag.get(tag, ()):
                shared[video.slug] += 1

        def score(slug: str) -> tuple[float, float, str]:
            video = self.by_slug[slug]
            days = abs((video.date - anchor).total_seconds()) / 86400
            return (-shared[slug] * 0.5 ** (days / HALF_LIFE_DAYS), -video.date.timestamp(), slug)

        return [self.by_slug[slug] for slug in sorted(shared, key=score)]
