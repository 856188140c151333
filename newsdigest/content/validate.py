"""Validate parsed content files into Story and Video objects, collecting every problem."""

from __future__ import annotations

from datetime import date as Date
from datetime import datetime
from pathlib import PurePosixPath
from typing import Any
from zoneinfo import ZoneInfo

from newsdigest.content.markdown import (
    MAX_NESTING,
    URL_SCHEMES,
    nesting_error,
    url_scheme,
)
from newsdigest.content.models import Correction, Story, Video
from newsdigest.content.source import Field, SourceFile
from newsdigest.errors import Problem, closest
from newsdigest.text import parse_datetime, parse_duration, slugify

STORY_FIELDS = {"title", "summary", "author", "date", "updated", "tags", "image", "image_caption",
                "image_alt", "image_focus", "videos", "slug", "draft", "corrections"}
VIDEO_FIELDS = {"title", "duration", "date", "thumbnail", "url", "tags", "slug", "draft"}
ALIASES = {"dek": "summary", "byline": "author"}
MAX_NAMES = 100  # tags, authors or pinned videos of one file; every tag makes pages and feeds


class _Checker:
    """Reads fields of one file, recording a problem for each one that is wrong."""

    def __init__(self, source: SourceFile, known: set[str], tz: ZoneInfo):
        self.source, self.tz = source, tz
        self.problems: list[Problem] = list(source.problems)
        self.fields = self._resolve_aliases(dict(source.fields), known)

    def _resolve_aliases(self, fields: dict[str, Field], known: set[str]) -> dict[str, Field]:
        for alias, name in ALIASES.items():
            if alias in fields and name in known:
                if name in fields:
                    self.error(alias, f"'{alias}' and '{name}' are the same field; keep one",
                               line=fields[alias].line)
                else:
                    fields[name] = fields[alias]
                del fields[alias]
        for name in sorted(set(fields) - known):
            guess = closest(name, known | set(ALIASES))
            self.problems.append(Problem(self.source.src_path, fields[name].line, name,
                                         "unknown field, kept for templates",
                                         f"did you mean '{guess}'?" if guess else None, warning=True))
        return fields

    def error(self, name: str, message: str, hint: str | None = None, line: int | None = None,
              warning: bool = False) -> None:
        where = line if line is not None else (self.fields[name].line if name in self.fields else None)
        self.problems.append(Problem(self.source.src_path, where, name, message, hint, warning))

    def text(self, name: str, required: bool = False) -> str:
        entry = self.fields.get(name)
        if entry is None or (entry.scalar is None and entry.value is None):
            if required:
                self.error(name, "is required", line=1 if name not in self.fields else None)
            return ""
        if entry.scalar is None:
            self.error(name, f"expected text, got {_kind(entry.value)}")
            return ""
        value = entry.scalar.strip()
        if required and not value:
            self.error(name, "must not be empty")
        return value

    def moment(self, name: str, required: bool = False) -> tuple[datetime | None, bool]:
        raw = self.text(name, required)
        if not raw:
            return None, True
        try:
            return parse_datetime(raw, self.tz)
        except ValueError as exc:
            self.error(name, str(exc))
            return None, True

    def names(self, name: str, split_commas: bool) -> tuple[str, ...]:
        """A list of short texts; one text is a list of one (or, for tags, split at commas)."""
        entry = self.fields.get(name)
        if entry is None or entry.value is None:
            return ()
        if entry.scalar is not None:
            items = entry.scalar.split(",") if split_commas else [entry.scalar]
        elif isinstance(entry.value, list) and all(_is_scalar(v) for v in entry.value):
            items = [str(v) for v in entry.value if v is not None]
        else:
            self.error(name, f"expected a name or a list of names, got {_kind(entry.value)}",
                       f"for example {name}: [first, second]")
            return ()
        names = tuple(dict.fromkeys(i.strip() for i in items if i.strip()))
        if len(names) > MAX_NAMES:
            self.error(name, f"has {len(names)} entries; the limit is {MAX_NAMES}")
            return ()
        return names

    def link(self, name: str, required: bool = False) -> str:
        """A web address or a path on the site; never a javascript:, vbscript: or data: URL."""
        value = self.text(name, required)
        scheme = url_scheme(value)
        if scheme is not None and scheme not in URL_SCHEMES:
            self.error(name, f"{value[:60]!r} is not a web address or a path on the site",
                       "expected https://... or a path such as /images/fire.jpg")
            return ""
        return value

    def flag(self, name: str) -> bool:
        entry = self.fields.get(name)
        if entry is None or entry.value is None:
            return False
        if not isinstance(entry.value, bool):
            self.error(name, f"expected true or false, got {entry.scalar or _kind(entry.value)!r}")
            return False
        return entry.value

    def slug(self) -> str:
        given = self.text("slug")
        stem = PurePosixPath(self.source.src_path).stem
        slug = slugify(given or stem)
        if not slug:
            self.error("slug", f"cannot make a web address from {given or stem!r}",
                       "add a 'slug:' with letters or digits", line=1 if not given else None)
        elif given and slug != given:
            self.error("slug", f"{given!r} is used as {slug!r} (lower-case letters, digits and '-')",
                       warning=True)
        return slug

    def tags(self) -> tuple[tuple[str, ...], tuple[str, ...]]:
        names = self.names("tags", split_commas=True)
        pairs = {}
        for name in names:
            slug = slugify(name)
            if not slug:
                self.error("tags", f"cannot make a web address from the tag {name!r}")
            else:
                pairs.setdefault(slug, name)
        return tuple(pairs), tuple(pairs.values())

    def corrections(self, published: datetime | None) -> tuple[Correction, ...]:
        """corrections: a list of {date, text}; each wrong entry is a problem naming the field."""
        entry = self.fields.get("corrections")
        if entry is None or entry.value is None:
            return ()
        example = 'for example corrections: [{date: 2024-05-02T08:00, text: "An earlier ..."}]'
        if not isinstance(entry.value, list):
            self.error("corrections", f"expected a list of date and text, got {_kind(entry.value)}",
                       example)
            return ()
        found = [self._correction(n, item, published, example)
                 for n, item in enumerate(entry.value, 1)]
        return tuple(sorted((c for c in found if c), key=lambda c: c.date))

    def _correction(self, number: int, item: Any, published: datetime | None,
                    example: str) -> Correction | None:
        where = f"correction {number}"
        if not isinstance(item, dict) or set(item) - {"date", "text"}:
            self.error("corrections", f"{where}: expected 'date' and 'text', got {_kind(item)}",
                       example)
            return None
        raw, text = item.get("date"), item.get("text")
        if not isinstance(text, str) or not text.strip():
            self.error("corrections", f"{where}: 'text' must say what was corrected", example)
            return None
        try:
            when, _ = parse_datetime(raw.isoformat() if isinstance(raw, (Date, datetime)) else
                                     str(raw or ""), self.tz)
        except ValueError as exc:
            self.error("corrections", f"{where}: date: {exc}")
            return None
        if published and when < published:
            self.error("corrections", f"{where}: is dated before the story was published")
            return None
        return Correction(when, text.strip())

    def body(self) -> str:
        """The Markdown body, checked for nesting that the renderer would refuse."""
        line = nesting_error(self.source.body)
        if line is not None:
            self.problems.append(Problem(
                self.source.src_path, self.source.body_line + line - 1, None,
                f"quotes and lists are nested more than {MAX_NESTING} levels deep here",
                "a quote counts 1 level, a list 2; use fewer '>' or less indentation"))
        return self.source.body

    def extra(self, known: set[str]) -> dict[str, Any]:
        return {k: f.value for k, f in self.fields.items() if k not in known}


def validate_story(source: SourceFile, tz: ZoneInfo) -> tuple[Story | None, list[Problem]]:
    """A Story, or None when the file has errors; with every problem found."""
    check = _Checker(source, STORY_FIELDS, tz)
    if _unreadable(source):
        return None, check.problems
    title = check.text("title", required=True)
    date, has_time = check.moment("date", required=True)
    updated, _ = check.moment("updated")
    if date and updated and updated < date:
        check.error("updated", "is earlier than date", "updated is when the story last changed")
    tags, tag_names = check.tags()
    story = Story(
        src_path=source.src_path, slug=check.slug(), title=title, date=date,
        summary=check.text("summary"), authors=check.names("author", split_commas=False),
        updated=updated, date_has_time=has_time, tags=tags, tag_names=tag_names,
        image=check.link("image") or None, image_alt=check.text("image_alt"),
        image_caption=check.text("image_caption"), image_focus=check.text("image_focus"),
        video_slugs=tuple(slugify(v) for v in check.names("videos", split_commas=True)),
        draft=check.flag("draft"), corrections=check.corrections(date), body=check.body(),
        extra=check.extra(STORY_FIELDS))
    if story.image and not story.image_alt:
        check.error("image_alt", "is missing: describe the image for readers who cannot see it",
                    line=check.fields["image"].line, warning=True)
    return _valid(story, check.problems)


def validate_video(source: SourceFile, tz: ZoneInfo) -> tuple[Video | None, list[Problem]]:
    """A Video, or None when the file has errors; with every problem found."""
    check = _Checker(source, VIDEO_FIELDS, tz)
    if _unreadable(source):
        return None, check.problems
    title = check.text("title", required=True)
    date, _ = check.moment("date", required=True)
    duration = _duration(check)
    tags, tag_names = check.tags()
    media_url = check.link("url", required=True)
    video = Video(
        src_path=source.src_path, slug=check.slug(), title=title, date=date,
        duration=duration, media_url=media_url, thumbnail=check.link("thumbnail") or None,
        tags=tags, tag_names=tag_names, draft=check.flag("draft"), body=check.body(),
        extra=check.extra(VIDEO_FIELDS))
    return _valid(video, check.problems)


def _duration(check: _Checker) -> int:
    entry = check.fields.get("duration")
    if entry is None or entry.value is None:
        check.error("duration", "is required", "for example duration: \"1:49\"", line=1)
        return 0
    try:
        return parse_duration(entry.value if isinstance(entry.value, int) else entry.scalar)
    except (ValueError, TypeError):
        check.error("duration", f"{entry.scalar or _kind(entry.value)!r} is not a duration",
                    'expected "1:49", "1:02:03" or a number of seconds')
        return 0


def _unreadable(source: SourceFile) -> bool:
    """True when the file could not be split into fields at all: checking them would only add noise."""
    return not source.fields and any(not p.warning for p in source.problems)


def _valid(item, problems: list[Problem]):
    return (None if any(not p.warning for p in problems) else item), problems


def _is_scalar(value: Any) -> bool:
    return value is None or isinstance(value, (str, int, float))


def _kind(value: Any) -> str:
    if isinstance(value, dict):
        return "a group of fields"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, (set, frozenset)):  # YAML !!set: its repr's order changes run to run
        return "a set"
    return repr(value)


