"""serve's quick path: apply a save to the site kept in memory, rewriting only the files that show
the saved story or video, each replaced on its own with an atomic rename.

A whole build reads every file, models the site and fingerprints every output file; at 10,000
stories that is seconds. Most saves change a story's words, not where it sits in the site, so
the kept site takes it in place of the old: the saved item is re-read and validated, the model
is remade with the new item in place of the old one (no object is changed), and only the
output files whose fingerprint took that item in (noted by the whole build) are planned and
rendered again, with the new item. Any save that could move things (a new or
removed file, a changed date, slug, tag, pin, draft flag or update time) returns None, and serve
makes a whole build instead.
"""

from __future__ import annotations

import time
from collections.abc import Iterable
from dataclasses import fields, is_dataclass, replace
from datetime import date, datetime
from functools import cache, partial
from itertools import repeat
from operator import is_
from pathlib import Path
from typing import NamedTuple

from jinja2 import TemplateError

from newsdigest import THEME_DIR
from newsdigest.build.last_build import UNKNOWN, LastBuild, forget
from newsdigest.build.options import BuildReport
from newsdigest.build.output import replace_files
from newsdigest.build.bodies import reading_one
from newsdigest.build.rebuild import Built
from newsdigest.content.files import load_file
from newsdigest.content.models import Story, Video
from newsdigest.errors import BuildError, Problem
from newsdigest.render.lint import lint_file
from newsdigest.site.digest import Edition
from newsdigest.site.model import Replacement, SiteModel


class ContentErrors(BuildError):
    """A save has errors; nothing was changed, and the kept site is still good to patch."""


def placement(item: Story | Video) -> tuple:
    """Every field that decides where an item appears: which pages, lists, feeds and rails
    show it, in which order, and the dates of the files around it. A save that changes none
    of these changes only what the item itself shows."""
    if isinstance(item, Story):
        return ("story", item.slug, item.date, item.modified, item.tags, item.tag_names,
                item.draft, item.video_slugs, item.publish_date, item.expires, item.aliases,
                item.lead_video, item.authors)  # bylines place it on author pages
    return ("video", item.slug, item.date, item.tags, item.tag_names, item.draft,
            item.publish_date, item.expires)


class Saved(NamedTuple):
    """A saved file as read again: the item the site shows now, and what the file holds."""

    old: Story | Video
    new: Story | Video | None  # None when the file has errors
    problems: list[Problem]
    key: str  # hash of the file's path and bytes
    parsed: tuple  # (cache record, body HTML)


class KeptSite:
    """The last whole build, kept by serve, and the saves applied to it since."""

    def __init__(self, built: Built, compile_templates: bool = True):
        self.built = built
        self.root = built.options.root.absolute()
        self.out = built.options.out_dir.resolve()
        self.saved: dict[str, Story | Video] = {}  # src_path -> the item as saved since
        self.shown_in = built.last.detail.shown_in  # src_path -> output paths showing it
        # Warnings found reading a file are replaced when it is saved; the rest (a pinned
        # video that does not exist, a skipped file) depend on placement and stand.
        read = set(built.content.problems)
        self.problems: dict[str, list[Problem]] = {}
        self.standing: list[Problem] = []
        for problem in built.warnings:
            if problem in read and self._item(problem.path) is not None:
                self.problems.setdefault(problem.path, []).append(problem)
            else:
                self.standing.append(problem)
        self._last_on_disk = True
        self.rewritten: dict[str, object] = {}  # output files the last save rendered again,
        # each with the parts it was made from (Job.prepare)
        # The whole build rendered in worker processes: compile the templates here now, not
        # while the editor waits for the first save.
        for name in built.env.list_templates(extensions=("html", "xml", "txt")) if compile_templates else ():
            try:
                built.env.get_template(name)
            except (TemplateError, UnicodeDecodeError):
                pass  # a template no page uses; one that is used has failed the build already

    @property
    def last(self) -> LastBuild:
        """What the output folder holds now, for the next whole build."""
        return self.built.last

    def apply(self, paths: Iterable[str]) -> BuildReport | None:
        """Apply saved files (absolute paths) to the site; None when a whole build is needed.
        Raises ContentErrors, changing nothing, when a saved file has errors."""
        started = time.perf_counter()
        saves: list[Saved] = []
        for path in sorted(set(paths)):
            saved = self._read(path)
            if saved is None:
                return None
            saves.append(saved)
        if any(not p.warning for saved in saves for p in saved.problems):
            raise ContentErrors([p for saved in saves for p in saved.problems]
                                + self._warnings(exclude={s.old.src_path for s in saves}))
        hashes = self.built.content.hashes
        changed = [saved for saved in saves if saved.key != hashes[saved.old.src_path]]
        for saved in changed:
            self._update(saved)
        for saved in saves:
            self.problems[saved.old.src_path] = saved.problems
        dirty = set().union(*(self.shown_in.get(s.old.src_path, ()) for s in changed))
        rendered = self._refresh(sorted(dirty))
        model = self.built.model
        return BuildReport(self.out, len(model.stories), len(model.videos), self.last.files,
                           rendered, tuple(self._warnings()), time.perf_counter() - started)

    def _read(self, path: str) -> Saved | None:
        """A saved file read again; None when the save is not one this path can apply."""
        try:
            src_path = Path(path).absolute().relative_to(self.root).as_posix()
        except ValueError:
            return None
        old = self._item(src_path)
        if old is None:
            return None  # a new file, a folder, a template, the config: a whole build decides
        config = self.built.model.config
        reading = reading_one(self.root, config, (self.root / "static", THEME_DIR / "static"))
        _, new, problems, key, parsed, _ = load_file(reading, (type(old), src_path,
                                                               str(self.root / src_path)))
        if key is None:  # gone, unreadable or no longer a regular file: a whole build says so
            return None
        if new is None and all(p.warning for p in problems):
            return None
        if new is not None and placement(new) != placement(old):
            return None
        if new is not None and not self._pictures_ready(new):
            return None  # a picture the last whole build did not process: it checks and makes it
        return Saved(old, new, problems, key, parsed)

    def _item(self, src_path: str) -> Story | Video | None:
        """The item read from src_path as the site shows it now."""
        saved = self.saved.get(src_path)
        return saved if saved is not None else self.built.content.item_at(src_path)

    def _pictures_ready(self, item: Story | Video) -> bool:
        pictures = self.built.env.globals["pictures"]
        if isinstance(item, Story):
            return pictures.ready(item.image, item.image_focus)
        return pictures.ready(item.thumbnail)

    def _update(self, saved: Saved) -> None:
        """Put the saved item in the place of the old one: in the model, and in the plan of
        every output file that shows it. Placement is unchanged, so no list is rebuilt."""
        old, new, built = saved.old, saved.new, self.built
        replacement = built.model.replaced(old, new)
        model = replacement.model
        swapped = _Swapped(old, new, replacement)  # one for all files: shared parts stay shared
        for path in self.shown_in.get(old.src_path, ()):
            job = built.jobs[path]
            built.jobs[path] = replace(job, prepare=swapped(job.prepare))
        built.model = model
        built.rails.model = model
        self.saved[old.src_path] = new
        built.content.hashes[old.src_path] = saved.key
        built.content.parsed_now[old.src_path] = saved.parsed
        built.pieces.get("story" if isinstance(old, Story) else "video", {}).pop(old.slug, None)
        built.pieces.get("feed", {}).pop(old.src_path, None)
        if self._last_on_disk:
            # The saved LastBuild no longer describes the folder; the next process starts afresh.
            forget(built.cache, self.out)
            self._last_on_disk = False

    def _refresh(self, dirty: list[str]) -> int:
        """Render again every output file that shows an edited item, and replace those whose
        bytes changed. All are rendered and checked before any is replaced.

        Their fingerprints are not worked out again: the edit is in each of them, so each must
        be rendered anyway, and fingerprinting a page that lists every story (the towns and
        topics index, the archive) would cost more than the rest. Each is noted as unknown
        instead, so the next whole build renders it rather than reusing it.
        """
        pages = self.built.last.detail.pages
        fresh: list[tuple[str, bytes]] = []
        bugs: list[Problem] = []
        made_from = {}
        for path in dirty:
            made_from[path], render = self.built.jobs[path].prepare()
            data = render()
            bugs += lint_file(path, data)
            fresh.append((path, data))
        if bugs:
            raise BuildError(bugs)
        for path, _ in fresh:
            pages[path] = UNKNOWN
        replace_files(self.out, fresh)
        self.rewritten = made_from
        return len(fresh)

    def _warnings(self, exclude: set[str] = frozenset()) -> list[Problem]:
        """The warnings of the last whole build, with each saved file's own brought up to date."""
        return sorted(self.standing + [p for src_path, found in self.problems.items()
                                       if src_path not in exclude for p in found])


_ITEMS = {Story, Video}
_PLAIN = {str, int, float, bool, type(None), date, datetime, bytes}  # hold no item


class _Swapped:
    """value -> value with `new` in the place of `old`, and `model` in the place of any site
    model (every model a kept site has had differs only by saved items), looking into the
    partials, tuples, lists, dicts and records (dataclasses other than items) a planned file is
    made of. Parts with nothing to replace are returned as they are, and a part that several
    files share (an edition of the digest is in its page, its email and the email's two parts)
    is swapped once, into one new part: its renderings, made once an edition
    (email.once_per_edition), are made once a save, and shared lists are walked once.

    The model's own lists, and the records SiteModel.replaced made anew, become the parts
    that took their places without a walk, so the files keep sharing the model's records from
    one save to the next. An edition of another day than the saved item's cannot hold it
    (SiteModel.replaced looks into that one only) and is returned as it is: a file that holds
    every edition of the digest (its archive: 1,095 at 100,000 stories) looks into one."""

    def __init__(self, old: Story | Video, new: Story | Video, replacement: Replacement):
        self.old, self.new, self.model, self.day = old, new, replacement.model, replacement.day
        # id -> (part, swapped): the part is kept so that a freed part's id reused is told apart
        self.done: dict[int, tuple[object, object]] = {id(part): (part, swapped)
                                                        for part, swapped in replacement.made}

    def __call__(self, value):
        if value is self.old:
            return self.new
        kind = type(value)
        if kind in _PLAIN:
            return value
        if kind is SiteModel:
            return self.model
        if kind is Edition and value.day != self.day:
            return value
        done = self.done.get(id(value))
        if done is not None and done[0] is value:
            return done[1]
        swapped = self._parts(value, kind)
        self.done[id(value)] = (value, swapped)
        return swapped

    def _parts(self, value, kind: type):
        old, new = self.old, self.new
        if kind is tuple or kind is list:
            kinds = set(map(type, value))
            if kinds <= _ITEMS:  # a list of stories, such as a tag's: at C speed
                if not any(map(is_, value, repeat(old))):
                    return value
                return kind(new if v is old else v for v in value)
            if kinds <= _PLAIN:
                return value
            items = [self(v) for v in value]
            return value if all(a is b for a, b in zip(items, value)) else kind(items)
        if kind is dict:
            if set(map(type, value.values())) <= _PLAIN:  # counts, names, dates: at C speed
                return value
            items = {k: self(v) for k, v in value.items()}
            return value if all(items[k] is v for k, v in value.items()) else items
        if kind is partial:
            args, keywords = self(value.args), self(value.keywords)
            if args is value.args and keywords is value.keywords:
                return value
            return partial(value.func, *args, **keywords)
        if is_dataclass(value) and kind not in _ITEMS and not isinstance(value, type):
            changed = {}
            for name in _init_fields(kind):
                current = getattr(value, name)
                if (swapped := self(current)) is not current:
                    changed[name] = swapped
            return replace(value, **changed) if changed else value
        return value


@cache
def _init_fields(kind: type) -> tuple[str, ...]:
    return tuple(f.name for f in fields(kind) if f.init)
