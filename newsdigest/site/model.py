"""The whole-site model: what is published, the tags and months, and cross-file checks."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from itertools import compress, count, repeat
from operator import is_

from newsdigest.config import SiteConfig
from newsdigest.content.files import Content
from newsdigest.content.models import Story, Video
from newsdigest.errors import Problem
from newsdigest.site.authors import Author, build_authors, named
from newsdigest.site.digest import Edition, build_editions, edition_day
from newsdigest.site.rails import VideoIndex

NEWS_SITEMAP_LIMIT = 1000  # Google News reads at most 1,000 URLs from one news sitemap


@dataclass(frozen=True)
class Tag:
    slug: str
    name: str
    stories: tuple[Story, ...]  # newest first
    town: bool = False  # named in site.toml `towns`: it has a town page and feeds of its own


@dataclass(frozen=True)
class Month:
    year: int
    month: int
    stories: tuple[Story, ...]  # newest first

    @property
    def name(self) -> str:
        return f"{datetime(self.year, self.month, 1):%B} {self.year}"


@dataclass(frozen=True)
class PublishOptions:
    build_time: datetime  # aware; stories dated after it are future stories
    drafts: bool = False
    future: bool = False
    preview: bool = False  # pages label drafts and future stories (serve only)


@dataclass(frozen=True)
class SiteModel:
    config: SiteConfig
    options: PublishOptions
    stories: tuple[Story, ...]  # published, newest first
    videos: tuple[Video, ...]  # published, newest first
    tags: dict[str, Tag]  # by slug, in slug order
    months: tuple[Month, ...]  # newest first
    video_index: VideoIndex
    authors: dict[str, Author]  # people named in bylines, by slug
    editions: tuple[Edition, ...] = ()  # the daily digest, newest first

    @property
    def towns(self) -> tuple[Tag, ...]:
        """The towns that have stories, in site.toml's order."""
        return tuple(self.tags[t] for t in self.config.towns if t in self.tags)

    @property
    def topics(self) -> tuple[Tag, ...]:
        return tuple(t for t in self.tags.values() if not t.town)
    left_out: tuple[tuple[str, str], ...] = ()  # (src_path, why) of drafts, scheduled, expired

    def replaced(self, old: Story | Video, new: Story | Video) -> Replacement:
        """A Replacement: this model with `new` in the place of `old`, which it must match in
        placement (slug, date, tags, draft flag, bylines: see build/quick.py), in every list that
        holds it (the tags', months', editions' and authors'), and what was made anew for it.
        Nothing is changed in place."""
        made: list[tuple[object, object]] = []

        def swap(items: tuple) -> tuple:  # at C speed: a site's list of stories may be long
            at = next(compress(count(), map(is_, items, repeat(old))), None)
            if at is None:
                return items
            # One list and one tuple: each copy touches every item, and unpacking slices
            # into a new tuple made four (100,000 stories: 7 ms a save against 4).
            changed = list(items)
            changed[at] = new
            made.append((items, after := tuple(changed)))
            return after

        day = edition_day(old.date, self.config)  # the one edition that can hold it
        editions = tuple(_edition_swapped(e, swap, made) if e.day == day else e for e in self.editions)
        if isinstance(old, Video):
            model = replace(self, videos=swap(self.videos), editions=editions,
                            video_index=self.video_index.replacing(old, new))
        else:
            month = (old.date.year, old.date.month)
            bylined = {found[1] for byline in old.authors
                       if (found := named(byline, self.config.publisher)) is not None}
            model = replace(
                self, stories=swap(self.stories), editions=editions,
                tags={slug: _with(tag, "stories", swap, made) if slug in old.tags else tag
                      for slug, tag in self.tags.items()},
                months=tuple(_with(m, "stories", swap, made) if (m.year, m.month) == month else m
                             for m in self.months),
                authors={slug: _with(author, "stories", swap, made) if slug in bylined else author
                         for slug, author in self.authors.items()})
        # The model's own lists, each paired even when it is the same one: a user of the pairs
        # then knows it holds nothing to replace without looking into it.
        made += ((getattr(self, name), getattr(model, name)) for name in _LISTS)
        return Replacement(model, day, tuple(made))


_LISTS = ("stories", "videos", "tags", "months", "authors", "editions")  # may hold an item


@dataclass(frozen=True)
class Replacement:
    """SiteModel.replaced's result: the new model, the day of the one edition that can hold
    the item, and (part of the old model, the part of the new one in its place) for each list
    and record made anew, and for the model's own lists."""

    model: SiteModel
    day: date
    made: tuple[tuple[object, object], ...]


def _edition_swapped(edition: Edition, swap, made: list) -> Edition:
    sections = tuple(_with(section, "stories", swap, made) for section in edition.sections)
    videos = swap(edition.videos)
    if videos is edition.videos and all(map(is_, sections, edition.sections)):
        return edition
    after = replace(edition, sections=sections, videos=videos)
    made.extend(((edition, after), (edition.sections, sections), (edition.videos, videos)))
    return after


def _with(record, name: str, swap, made: list):
    """record with swap() applied to one of its fields; the record itself when nothing changed."""
    before = getattr(record, name)
    after = swap(before)
    if after is before:
        return record
    made.append((record, changed := replace(record, **{name: after})))
    return changed


def newest_first(items):
    return tuple(sorted(items, key=lambda i: (i.date, i.slug), reverse=True))


def news_stories(model: SiteModel) -> tuple[Story, ...]:
    """Stories published in the news_sitemap_days before the build time, newest first, at most 1,000."""
    now = model.options.build_time
    since = now - timedelta(days=model.config.news_sitemap_days)
    return tuple(s for s in model.stories if since < s.date <= now)[:NEWS_SITEMAP_LIMIT]


def searchable(model: SiteModel, item: Story | Video) -> bool:
    """Whether a page goes into the search index: never a draft, a future or embargoed story, an
    expired one, or a preview (even when --drafts or --future publish them)."""
    options = model.options
    strict = PublishOptions(options.build_time)
    return not options.preview and not why_left_out(item, strict)


def build_model(config: SiteConfig, content: Content,
                options: PublishOptions) -> tuple[SiteModel, list[Problem]]:
    """Choose what is published and check what spans files: slugs, pinned videos."""
    problems = _duplicate_slugs(content.stories, "story") + _duplicate_slugs(content.videos, "video")
    problems += _updated_later(content.stories, options.build_time)
    stories = newest_first(s for s in content.stories if _published(s, options))
    videos = newest_first(v for v in content.videos if _published(v, options))
    shown = {i.src_path for i in (*stories, *videos)}
    left_out = tuple(sorted((i.src_path, why_left_out(i, options))
                            for i in (*content.stories, *content.videos) if i.src_path not in shown))
    index = VideoIndex(videos, config.towns)
    for story in stories:
        for slug in story.video_slugs:
            if slug not in index.by_slug:
                problems.append(Problem(story.src_path, None, "videos", f"no published video has "
                                        f"the slug {slug!r}; it is left out of the rail", warning=True))
        if story.lead_video and story.lead_video not in index.by_slug:
            problems.append(Problem(story.src_path, None, "lead_video", f"no published video has the "
                                    f"slug {story.lead_video!r}; the story leads with its image", warning=True))
    authors = build_authors(stories, content.profiles, config.publisher)
    tags = _tags(stories, config.towns)
    editions = build_editions(config, stories, videos, {t.slug: t.name for t in tags.values()},
                              options.build_time, options.preview)
    model = SiteModel(config, options, stories, videos, tags, _months(stories), index, authors,
                      editions, left_out)
    return model, problems


def _published(item: Story | Video, options: PublishOptions) -> bool:
    return not why_left_out(item, options)


def why_left_out(item: Story | Video, options: PublishOptions) -> str:
    """Why an item is not published at the build time ("" when it is): a draft, dated or
    embargoed (publish_date) after the build time, or expired."""
    now = options.build_time
    if item.draft and not options.drafts:
        return "draft"
    if item.expires is not None and item.expires <= now:
        return f"expired {item.expires.isoformat(timespec='minutes')}"
    if options.future:
        return ""
    start = max(item.date, item.publish_date or item.date)
    if start > now:
        return f"scheduled for {start.isoformat(timespec='minutes')}"
    return ""


def goes_live(item: Story | Video) -> datetime:
    """When an item may first be published: its date, or its embargo when that is later."""
    return max(item.date, item.publish_date or item.date)


def _updated_later(stories, now: datetime) -> list[Problem]:
    return [Problem(s.src_path, None, "updated", f"is after the build time ({now.isoformat(timespec='minutes')})",
                    "is the date or its time zone mistyped?", warning=True)
            for s in stories if s.updated is not None and s.updated > now]


def _duplicate_slugs(items, kind: str) -> list[Problem]:
    by_slug: dict[str, list] = defaultdict(list)
    for item in items:
        by_slug[item.slug].append(item)
    problems = []
    for slug, same in sorted(by_slug.items()):
        if len(same) > 1:
            files = ", ".join(i.src_path for i in same)
            for item in same:
                problems.append(Problem(item.src_path, None, "slug", f"{len(same)} {kind} files "
                                        f"would be published at the same address ({slug}): {files}",
                                        "give each a different slug: or file name"))
    return problems


def _tags(stories: tuple[Story, ...], towns: tuple[str, ...]) -> dict[str, Tag]:
    members: dict[str, list[Story]] = defaultdict(list)
    spellings: dict[str, set[str]] = defaultdict(set)
    for story in stories:
        for slug, name in zip(story.tags, story.tag_names):
            members[slug].append(story)
            spellings[slug].add(name)
    return {slug: Tag(slug, tag_name(slug, spellings[slug]), tuple(members[slug]), slug in towns)
            for slug in sorted(members)}


def tag_name(slug: str, spellings: set[str]) -> str:
    """How a tag is shown: an editor's capitalised spelling, else its slug in title case."""
    capitalised = sorted(s for s in spellings if s != s.lower())
    return capitalised[0] if capitalised else " ".join(w.capitalize() for w in slug.split("-"))


def _months(stories: tuple[Story, ...]) -> tuple[Month, ...]:
    by_month: dict[tuple[int, int], list[Story]] = defaultdict(list)
    for story in stories:
        by_month[(story.date.year, story.date.month)].append(story)
    return tuple(Month(y, m, tuple(by_month[(y, m)])) for y, m in sorted(by_month, reverse=True))
