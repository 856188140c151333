"""The daily digest: one edition a day, holding the stories and videos of the 24 hours before
its cut-off (site.toml `digest_cutoff`, in the site's time zone), grouped by town, then topic.

With the cut-off at "00:00" an edition is a calendar day. With "06:00" the edition of 20 Nov
holds 19 Nov 06:00 up to (not including) 20 Nov 06:00: the morning edition. An edition is
published once its cut-off has passed, so it never changes after it is sent.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Mapping, Sequence

from newsdigest.config import SiteConfig
from newsdigest.content.models import Story, Video


@dataclass(frozen=True)
class Section:
    """One group of an edition: a town's stories, a topic's, or the rest."""

    heading: str
    slug: str  # the tag's slug; "" for the stories with no tag
    kind: str  # "town", "topic" or "other"
    stories: tuple[Story, ...]  # newest first


@dataclass(frozen=True)
class Edition:
    day: date
    closes: datetime  # the cut-off: aware, in the site's zone
    sections: tuple[Section, ...]
    videos: tuple[Video, ...]  # newest first

    @property
    def stories(self) -> tuple[Story, ...]:
        return tuple(s for section in self.sections for s in section.stories)

    @property
    def opens(self) -> datetime:
        return self.closes - timedelta(days=1)


def edition_day(moment: datetime, config: SiteConfig) -> date:
    """The day of the edition that holds something dated `moment`."""
    local = moment.astimezone(config.tz)
    cutoff = config.cutoff_minutes
    if cutoff and local.hour * 60 + local.minute >= cutoff:
        return local.date() + timedelta(days=1)
    return local.date()


def closing_time(day: date, config: SiteConfig) -> datetime:
    """When the edition of `day` closes: its cut-off on that day (midnight after it for 00:00)."""
    cutoff = config.cutoff_minutes
    if not cutoff:
        day = day + timedelta(days=1)
    return datetime.combine(day, time(cutoff // 60, cutoff % 60), tzinfo=config.tz)


def build_editions(config: SiteConfig, stories: Sequence[Story], videos: Sequence[Video],
                   tag_names: Mapping[str, str], now: datetime, preview: bool = False) -> tuple[Edition, ...]:
    """Every closed edition with stories (and, when previewing, the open ones), newest first."""
    by_day: dict[date, list[Story]] = defaultdict(list)
    for story in stories:
        by_day[edition_day(story.date, config)].append(story)
    videos_by_day: dict[date, list[Video]] = defaultdict(list)
    for video in videos:
        videos_by_day[edition_day(video.date, config)].append(video)
    found, town_set = [], set(config.towns)
    for day in sorted(by_day, reverse=True):
        closes = closing_time(day, config)
        if closes <= now or preview:
            found.append(Edition(day, closes, _sections(config, by_day[day], tag_names, town_set),
                                 tuple(videos_by_day.get(day, ()))))
    return tuple(found)


def open_closing_times(config: SiteConfig, stories: Sequence[Story], now: datetime) -> list[datetime]:
    """When the editions still open close: a build then publishes them."""
    return sorted({c for c in (closing_time(edition_day(s.date, config), config) for s in stories)
                   if c > now})


def _section_key(tags: Sequence[str], towns: set[str]) -> tuple[str, str]:
    """("town", slug) of its first town, else ("topic", slug) of its first topic, else ("other", "")."""
    for tag in tags:
        if tag in towns:
            return ("town", tag)
    return ("topic", tags[0]) if tags else ("other", "")


def _sections(config: SiteConfig, stories: list[Story], tag_names: Mapping[str, str],
              town_set: set[str]) -> tuple[Section, ...]:
    """Towns first (site.toml's order), then topics (most stories first, then by name), then the rest."""
    groups: dict[tuple[str, str], list[Story]] = defaultdict(list)
    for story in stories:
        groups[_section_key(story.tags, town_set)].append(story)
    towns = [Section(tag_names.get(slug, slug), slug, kind, tuple(groups[(kind, slug)]))
             for slug in config.towns for kind in ("town",) if (kind, slug) in groups]
    topics = sorted(((k, v) for k, v in groups.items() if k[0] == "topic"),
                    key=lambda kv: (-len(kv[1]), tag_names.get(kv[0][1], kv[0][1])))
    rest = [Section("More news", "", "other", tuple(groups[("other", "")]))] if ("other", "") in groups else []
    return tuple(towns + [Section(tag_names.get(slug, slug), slug, kind, tuple(items))
                          for (kind, slug), items in topics] + rest)
