"""The "More from" rail: pinned videos, then videos ranked by shared tags and closeness in time,
then the latest videos, until the rail is full."""

from __future__ import annotations

import copy
import heapq
from bisect import bisect_left
from collections import defaultdict
from datetime import datetime
from itertools import combinations
from typing import Callable, Sequence

from newsdigest.content.models import Story, Video

RailFor = Callable[[Story | Video], tuple[Video, ...]]

HALF_LIFE_DAYS = 90.0  # a video this far from the story counts half as much as one the same day
_DECAY_PER_SECOND = 0.5 ** (1 / (HALF_LIFE_DAYS * 86400))


class VideoIndex:
    """Published videos by slug and by tag, built once per site."""

    def __init__(self, videos: Sequence[Video]):
        self.latest = sorted(videos, key=lambda v: (v.date, v.slug), reverse=True)
        self.by_slug = {v.slug: v for v in self.latest}
        self._rank = {v.slug: i for i, v in enumerate(self.latest)}  # 0 = newest
        self._tags = {v.slug: frozenset(v.tags) for v in self.latest}
        # Each tag's videos, and each pair of tags' videos (those having both), oldest first so
        # a date can be found by bisection; the pairs let the ranking stop early (see _ranked).
        by_key: dict[tuple[str, ...], list[tuple[float, str]]] = defaultdict(list)
        for video in self.latest:
            at, tags = video.date.timestamp(), sorted(self._tags[video.slug])
            for key in [(tag,) for tag in tags] + list(combinations(tags, 2)):
                by_key[key].append((at, video.slug))
        self._in_time: dict[tuple[str, ...], tuple[list[float], list[str]]] = {}
        for key, entries in by_key.items():
            entries.sort()
            self._in_time[key] = ([t for t, _ in entries], [slug for _, slug in entries])

    def replacing(self, old: Video, new: Video) -> VideoIndex:
        """A copy with `new` in the place of `old` (same slug, date and tags)."""
        index = copy.copy(self)
        index.latest = [new if v is old else v for v in self.latest]
        index.by_slug = {**self.by_slug, new.slug: new}
        return index

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

    def _walk_start(self, wanted_tags: frozenset[str], at: float):
        """The lists to walk (each tag's and each pair's, with the most tags its videos can
        share) and the walk's first steps: the nearest video on each side of the anchor."""
        decay = _DECAY_PER_SECOND
        ordered = sorted(wanted_tags)
        keys = [(tag,) for tag in ordered] + list(combinations(ordered, 2))
        lists: list[tuple[list[float], list[str], int]] = []
        frontier: list[tuple[float, int, int, int]] = []  # (-bound, list, step, index)
        for key in keys:
            if key not in self._in_time:
                continue
            times, slugs = self._in_time[key]
            most = 1 if len(key) == 1 else len(wanted_tags)  # the most tags its videos can share
            lists.append((times, slugs, most))
            i, k = bisect_left(times, at), len(lists) - 1
            if i < len(times):
                frontier.append((-most * decay ** (times[i] - at), k, 1, i))
            if i > 0:
                frontier.append((-most * decay ** (at - times[i - 1]), k, -1, i - 1))
        return lists, frontier

    def _ranked(self, tags: Sequence[str], anchor: datetime, wanted: int) -> list[str]:
        """The best `wanted` videos sharing tags: score = shared tags x 0.5^(days apart / 90);
        ties go to the newer video.

        Exact, without scoring every video that shares a tag. The walk goes outward in time
        from the anchor through each wanted tag's list of videos and each wanted pair's list,
        always taking the step whose video could score highest: a video seen in a tag's list
        scores at most 1 x 0.5^(days / 90) unless it shares more tags, and then it is also in
        a pair's list, where it counts as sharing every wanted tag. A video not yet seen lies
        beyond the walk's front in every list it is in, so once the best of those bounds
        cannot beat the weakest video chosen, no unseen video can, and the walk stops. Each
        video seen is scored exactly. Pairs keep the walk short when videos are many: most
        share one tag, and only the few sharing two must be walked far.
        """
        wanted_tags = frozenset(tags)
        at, decay, rank = anchor.timestamp(), _DECAY_PER_SECOND, self._rank
        lists, frontier = self._walk_start(wanted_tags, at)
        heapq.heapify(frontier)
        best: list[tuple[float, int, str]] = []  # the chosen, weakest first: (score, -rank, slug)
        seen: set[str] = set()
        while frontier:
            bound, k, step, i = frontier[0]
            if len(best) >= wanted and -bound < best[0][0]:
                break
            heapq.heappop(frontier)
            times, slugs, most = lists[k]
            slug = slugs[i]
            if slug not in seen:
                seen.add(slug)
                score = len(self._tags[slug] & wanted_tags) * decay ** abs(times[i] - at)
                entry = (score, -rank[slug], slug)
                if len(best) < wanted:
                    heapq.heappush(best, entry)
                elif entry > best[0]:
                    heapq.heapreplace(best, entry)
            if 0 <= i + step < len(times):
                heapq.heappush(frontier, (-most * decay ** abs(times[i + step] - at), k, step, i + step))
        return [slug for _, _, slug in sorted(best, reverse=True)]


def default_rails(index: VideoIndex, rail_size: int) -> RailFor:
    """The rail of each story or video page, computed from the site's video index."""
    def rail_for(item: Story | Video) -> tuple[Video, ...]:
        if isinstance(item, Video):
            return index.rail(item.tags, (), item.date, rail_size, exclude=item.slug)
        return index.rail(item.tags, item.video_slugs, item.date, rail_size)
    return rail_for
