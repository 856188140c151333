"""What is waiting on the clock: future-dated items, stories leaving the news sitemap, the next rebuild."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from newsdigest.content.models import Story, Video
from newsdigest.site.model import SiteModel, goes_live, news_stories
from newsdigest.text import iso

PUBLISHES = "publishes"
LEAVES_NEWS = "leaves the news sitemap"
EXPIRES = "expires"


@dataclass(frozen=True)
class Event:
    """One moment at which the built site goes out of date."""

    when: datetime
    what: str  # PUBLISHES, LEAVES_NEWS or EXPIRES
    kind: str  # "story" or "video"
    title: str
    src_path: str


@dataclass(frozen=True)
class Schedule:
    now: datetime  # the build time the schedule was made for
    waiting: tuple[Event, ...]  # future-dated stories and videos, soonest first
    leaving: tuple[Event, ...]  # stories leaving the news sitemap or expiring, by when

    @property
    def next_rebuild(self) -> datetime | None:
        """When the site must next be built so that it is right again; None if never."""
        return min((e.when for e in (*self.waiting, *self.leaving)), default=None)


def make_schedule(model: SiteModel) -> Schedule:
    """The schedule for a model built with future=True (drafts stay out: they wait for an editor)."""
    now = model.options.build_time
    waiting = [_event(item, goes_live(item), PUBLISHES) for item in (*model.stories, *model.videos)
               if goes_live(item) > now]
    days = timedelta(days=model.config.news_sitemap_days)
    leaving = [_event(story, story.date + days, LEAVES_NEWS) for story in news_stories(model)]
    leaving += [_event(item, item.expires, EXPIRES) for item in (*model.stories, *model.videos)
                if item.expires is not None and item.expires > now]
    return Schedule(now, _soonest_first(waiting), _soonest_first(leaving))


def _event(item: Story | Video, when: datetime, what: str) -> Event:
    return Event(when, what, "story" if isinstance(item, Story) else "video", item.title,
                 item.src_path)


def _soonest_first(events: list[Event]) -> tuple[Event, ...]:
    return tuple(sorted(events, key=lambda e: (e.when, e.src_path)))


def format_schedule(schedule: Schedule) -> str:
    """The schedule as text for a person (or a log): one line per event, then the next rebuild."""
    lines = [f"As of {iso(schedule.now)}:"]
    for heading, events in (("Waiting to publish", schedule.waiting),
                            ("Leaving the news sitemap", schedule.leaving)):
        lines.append(f"{heading} ({len(events)}):" if events else f"{heading}: nothing")
        lines += [f"  {iso(e.when)}  {e.kind:5}  {e.src_path}  {e.title}"
                  + (" (expires: leaves the site)" if e.what == EXPIRES else "") for e in events]
    upcoming = schedule.next_rebuild
    lines.append(f"Next rebuild: {iso(upcoming)}" if upcoming else
                 "Next rebuild: none needed until the content changes")
    return "\n".join(lines) + "\n"
