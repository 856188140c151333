"""Validate parsed content files into Story and Video objects, collecting every problem."""

from __future__ import annotations

import re
from datetime import date as Date
from datetime import datetime
from pathlib import PurePosixPath
from typing import Any
from zoneinfo import ZoneInfo

from newsdigest.content.body import body_facts, plain_description
from newsdigest.content.dates import file_name_date, parse_date
from newsdigest.content.embeds import EMBED_START
from newsdigest.content.fields import read_fields
from newsdigest.content.markdown import (
    MAX_NESTING,
    URL_SCHEMES,
    nesting_error,
    render_with_tokens,
    url_scheme,
)
from newsdigest.content.models import Caption, Correction, Story, Video
from newsdigest.content.source import SourceFile
from newsdigest.errors import Problem
from newsdigest.text import parse_duration, slugify

STORY_FIELDS = {"title", "summary", "author", "date", "updated", "tags", "image", "image_caption",
                "image_alt", "image_focus", "videos", "slug", "draft", "corrections", "aliases",
                "guid", "publish_date", "expires", "lead_video"}
VIDEO_FIELDS = {"title", "duration", "date", "thumbnail", "url", "tags", "slug", "draft",
                "publish_date", "expires", "captions", "transcript"}
_LANGUAGE_TAG = re.compile(r"^[A-Za-z]{2,3}(?:-[A-Za-z0-9]{2,8})*$")
MAX_NAMES = 100  # tags, authors or pinned videos of one file; every tag makes pages and feeds
# What `newsdigest new` writes for the editor to replace (scaffold.py): never published as is.
STORY_PLACEHOLDER = "Write the story here."
VIDEO_PLACEHOLDER = "Describe the video here."
PLACEHOLDER_HOST = "example.invalid"


class _Checker:
    """Reads fields of one file, recording a problem for each one that is wrong."""

    def __init__(self, source: SourceFile, known: set[str], tz: ZoneInfo, hosts: tuple[str, ...]):
        self.source, self.tz, self.hosts = source, tz, hosts
        self.problems: list[Problem] = list(source.problems)
        self.fields = read_fields(source.src_path, dict(source.fields), known, self.problems)
        self.stem, self.named_date = _name_parts(source.src_path)

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
            return parse_date(raw, self.tz)
        except ValueError as exc:
            self.error(name, str(exc))
            return None, True

    def date(self) -> tuple[datetime | None, bool]:
        """`date:`, else the date a Jekyll file name starts with (2015-01-12-fire.md)."""
        entry = self.fields.get("date")
        if self.named_date and (entry is None or (entry.scalar is None and entry.value is None)):
            return parse_date(self.named_date, self.tz)
        return self.moment("date", required=True)

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
        if isinstance(entry.value, str) and entry.value.strip().lower() in _WORDS:
            word = _WORDS[entry.value.strip().lower()]
            self.error(name, f"expected true or false, got the text {entry.value!r} in quotes",
                       f"write {name}: {word} without quotes")
            return name == "draft"  # a draft that is not sure stays unpublished
        if not isinstance(entry.value, bool):
            self.error(name, f"expected true or false, got {entry.scalar or _kind(entry.value)!r}")
            return False
        return entry.value

    def slug(self) -> str:
        given = self.text("slug")
        stem = self.stem
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
            when, _ = parse_date(raw.isoformat() if isinstance(raw, (Date, datetime)) else
                                     str(raw or ""), self.tz)
        except ValueError as exc:
            self.error("corrections", f"{where}: date: {exc}")
            return None
        if published and when < published:
            self.error("corrections", f"{where}: is dated before the story was published")
            return None
        return Correction(when, text.strip())

    def body(self) -> tuple[str, str, tuple[str, ...], int]:
        """The Markdown body, checked for nesting that the renderer would refuse and for what
        the HTML policy removes (each a warning); with its opening words as plain text and
        the images it shows."""
        body = self.source.body
        line = nesting_error(body)
        if line is not None:
            self.problems.append(Problem(
                self.source.src_path, self.source.body_line + line - 1, None,
                f"quotes and lists are nested more than {MAX_NESTING} levels deep here",
                "a quote counts 1 level, a list 2; use fewer '>' or less indentation"))
            return body, "", (), 0
        html, tokens = render_with_tokens(body, self.hosts)
        facts = body_facts(body, tokens, self.hosts)
        for removal in facts.removals:
            self.problems.append(Problem(
                self.source.src_path, self.source.body_line + removal.line - 1, None,
                f"{removal.what} is removed from the page", _removal_hint(removal.what),
                warning=True))
        for tag in facts.template_tags:
            self.problems.append(Problem(
                self.source.src_path, self.source.body_line + tag.line - 1, None,
                f"{tag.what} is template code newsdigest does not run: it shows as text",
                "write it in Markdown or HTML (`newsdigest import` converts the common ones)",
                warning=True))
        return body, plain_description(html), facts.images, html.count(EMBED_START)

    def aliases(self) -> tuple[str, ...]:
        """Old paths of the story on this site, each to redirect to its page."""
        found = []
        for alias in self.names("aliases", split_commas=False):
            if not alias.startswith("/") or alias.startswith("//") or any(
                    c in alias for c in "?#\\ \t\"'<>") or "/../" in alias + "/":
                self.error("aliases", f"{alias[:80]!r} is not a path on this site",
                           "expected a path from the site root, such as /2015/01/12/fire.html")
                continue
            found.append(alias)
        return tuple(found)

    def placeholder(self, body: str, text: str, draft: bool) -> None:
        """A file `newsdigest new` wrote, published before its body was written."""
        if not draft and body.strip() == text:
            self.error("", f"the text is still {text!r}, as `newsdigest new` wrote it",
                       "write it, or set draft: true until it is ready",
                       line=self.source.body_line + len(body) - len(body.lstrip("\n")))

    def extra(self, known: set[str]) -> dict[str, Any]:
        return {k: f.value for k, f in self.fields.items() if k not in known}


def validate_story(source: SourceFile, tz: ZoneInfo,
                   hosts: tuple[str, ...] = ()) -> tuple[Story | None, list[Problem]]:
    """A Story, or None when the file has errors; with every problem found. `hosts`: embed
    hosts the site adds to the known ones."""
    check = _Checker(source, STORY_FIELDS, tz, hosts)
    if _unreadable(source):
        return None, check.problems
    title = check.text("title", required=True)
    date, has_time = check.date()
    updated, _ = check.moment("updated")
    if date and updated and updated < date:
        check.error("updated", "is earlier than date", "updated is when the story last changed")
    tags, tag_names = check.tags()
    body, lede, images, embeds = check.body()
    draft, image = check.flag("draft"), check.link("image") or None
    check.placeholder(body, STORY_PLACEHOLDER, draft)
    story = Story(
        src_path=source.src_path, slug=check.slug(), title=title, date=date,
        summary=check.text("summary"), authors=check.names("author", split_commas=False),
        updated=updated, date_has_time=has_time, tags=tags, tag_names=tag_names,
        image=image, image_alt=check.text("image_alt"),
        image_caption=check.text("image_caption"), image_focus=check.text("image_focus"),
        video_slugs=tuple(slugify(v) for v in check.names("videos", split_commas=True)),
        lead_video=slugify(check.text("lead_video")), draft=draft,
        corrections=check.corrections(date), body=body,
        extra=check.extra(STORY_FIELDS), aliases=check.aliases(), guid=check.text("guid"),
        publish_date=check.moment("publish_date")[0], expires=check.moment("expires")[0],
        lede=lede, images=_local(image, images), embeds=embeds)
    if story.image and not story.image_alt:
        check.error("image_alt", "is missing: describe the image for readers who cannot see it",
                    line=check.fields["image"].line, warning=True)
    return _valid(story, check.problems)


def validate_video(source: SourceFile, tz: ZoneInfo,
                   hosts: tuple[str, ...] = ()) -> tuple[Video | None, list[Problem]]:
    """A Video, or None when the file has errors; with every problem found."""
    check = _Checker(source, VIDEO_FIELDS, tz, hosts)
    if _unreadable(source):
        return None, check.problems
    title = check.text("title", required=True)
    date, _ = check.date()
    duration = _duration(check)
    tags, tag_names = check.tags()
    media_url = check.link("url", required=True)
    body, lede, images, embeds = check.body()
    draft, thumbnail = check.flag("draft"), check.link("thumbnail") or None
    _unfinished_video(check, draft, duration, media_url)
    video = Video(
        src_path=source.src_path, slug=check.slug(), title=title, date=date,
        duration=duration, media_url=media_url, thumbnail=thumbnail,
        tags=tags, tag_names=tag_names, captions=_captions(check),
        transcript=check.text("transcript"), draft=draft, body=body,
        extra=check.extra(VIDEO_FIELDS), publish_date=check.moment("publish_date")[0],
        expires=check.moment("expires")[0], lede=lede, images=_local(thumbnail, images),
        embeds=embeds)
    return _valid(video, check.problems)


def _unfinished_video(check: _Checker, draft: bool, duration: int, media_url: str) -> None:
    """A video from `newsdigest new` published before its address and length were filled in."""
    if draft:
        return
    if PLACEHOLDER_HOST in media_url.lower():
        check.error("url", f"{media_url!r} is the placeholder `newsdigest new` wrote",
                    "put the address of the video file or page, or set draft: true")
    if duration == 0 and "duration" in check.fields and not any(
            p.field == "duration" for p in check.problems):
        check.error("duration", "is 0:00", 'say how long it runs, such as "1:49", or set draft: true')


def _local(front: str | None, body: tuple[str, ...]) -> tuple[str, ...]:
    """The images that live on this site, as paths from its root ("/images/x.jpg"): the
    front-matter one (always from the root) and body ones written from the root."""
    found = []
    for ref in ((front,) if front else ()) + tuple(r for r in body if r.startswith("/")):
        if url_scheme(ref) is not None or ref.startswith("//"):
            continue
        found.append("/" + ref.split("?", 1)[0].split("#", 1)[0].lstrip("/"))
    return tuple(dict.fromkeys(found))


def _name_parts(src_path: str) -> tuple[str, str | None]:
    """(the name the slug comes from, the date the file name starts with): a Hugo bundle's
    index.md is named by its folder; a Jekyll post's date prefix is not part of its slug."""
    path = PurePosixPath(src_path)
    stem = path.stem
    if stem.lower() in ("index", "_index") and len(path.parts) > 3:  # content/stories/<name>/index.md
        stem = path.parent.name
    named = file_name_date(stem)
    return (named[1], named[0]) if named else (stem, None)


_WORDS = {"true": "true", "false": "false", "yes": "true", "no": "false"}


def _removal_hint(what: str) -> str:
    if what.startswith("<iframe"):
        return ("only embeds from known hosts are kept; add the host to embed_hosts in "
                "site.toml if you trust it, or link to the page")
    if what.startswith(("<script", "<style")):
        return "a story cannot run scripts or carry styles; link to the page instead"
    return "the HTML policy keeps formatting only; say it in Markdown, or link to it"


def _captions(check: _Checker) -> tuple[Caption, ...]:
    """captions: {language: file.vtt, ...}, one WebVTT file per language."""
    entry = check.fields.get("captions")
    if entry is None or entry.value is None:
        return ()
    example = "for example captions: {en: /captions/fire.en.vtt, es: /captions/fire.es.vtt}"
    if not isinstance(entry.value, dict):
        check.error("captions", f"expected a language and a file for each, got {_kind(entry.value)}",
                    example)
        return ()
    found = []
    for language, src in entry.value.items():
        language = str(language)
        if not _LANGUAGE_TAG.match(language):
            check.error("captions", f"{language!r} is not a language tag", example)
        elif not isinstance(src, str) or not src.split("?", 1)[0].lower().endswith(".vtt"):
            check.error("captions", f"{language}: expected a WebVTT file (.vtt), got {_kind(src)}",
                        example)
        elif url_scheme(src) is not None and url_scheme(src) not in ("http", "https"):
            check.error("captions", f"{language}: {src[:60]!r} is not a web address or a path on the site")
        else:
            found.append(Caption(language, src.strip()))
    return tuple(found)


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


