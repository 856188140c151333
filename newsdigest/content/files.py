"""The only module that reads a site's content: finds story and video files and loads them."""

from __future__ import annotations

import os
import stat
from bisect import bisect_left
from dataclasses import dataclass, field, replace
from functools import partial
from operator import attrgetter
from pathlib import Path
from typing import Callable, Iterable, NamedTuple, Sequence
from urllib.parse import unquote
from zoneinfo import ZoneInfo

from newsdigest.content.authors import AUTHORS_DIR, read_profiles
from newsdigest.content.models import AuthorProfile, Story, Video
from newsdigest.content.records import content_hash, item_from_record, item_record
from newsdigest.content.source import MAX_FILE_BYTES, parse_source
from newsdigest.content.validate import validate_story, validate_video
from newsdigest.errors import Problem

from newsdigest.content.names import (
    CONTENT_SUFFIXES,
    SKIPPED_FILE_PREFIXES,
    SKIPPED_FOLDER_PREFIXES,
    STORIES_DIR,
    VIDEOS_DIR,
)


@dataclass(frozen=True)
class Content:
    """Every valid story and video of a site, and every problem found reading them."""

    stories: tuple[Story, ...]
    videos: tuple[Video, ...]
    problems: tuple[Problem, ...]
    hashes: dict[str, str] = field(default_factory=dict)  # src_path -> hash of path and bytes
    parsed_now: dict[str, tuple[dict | None, str | None]] = field(default_factory=dict)
    # ^ src_path -> (cache record, body HTML) of files parsed this time rather than taken from cache
    held_back: tuple[str, ...] = ()  # src_paths of files with errors: not published as they are
    previous: tuple[str, ...] = ()  # of those, the ones whose last good version is in stories/videos
    profiles: dict[str, AuthorProfile] = field(default_factory=dict)  # content/authors, by slug

    def item_at(self, src_path: str) -> Story | Video | None:
        """The story or video read from src_path; None when there is none."""
        for items in (self.stories, self.videos):
            if (at := _position(items, src_path)) is not None:
                return items[at]
        return None

    def replacing(self, swaps: dict[str, Story | Video]) -> tuple[tuple[Story, ...], tuple[Video, ...]]:
        """(stories, videos) with the item of each src_path in `swaps` replaced."""
        stories, videos = list(self.stories), list(self.videos)
        for src_path, new in swaps.items():
            items = stories if isinstance(new, Story) else videos
            items[_position(items, src_path)] = new
        return tuple(stories), tuple(videos)


def _position(items: Sequence[Story | Video], src_path: str) -> int | None:
    """Where the item of src_path is in items. Items are read in the order of their paths, so
    it is looked up, not searched for (a kept site of 100,000 stories took 0.12 s to index
    them); the whole list is walked only when it is in another order."""
    at = bisect_left(items, src_path, key=_src_path)
    if at < len(items) and items[at].src_path == src_path:
        return at
    return next((n for n, item in enumerate(items) if item.src_path == src_path), None)


_src_path = attrgetter("src_path")


BodyRenderer = Callable[[str], str]
RunAll = Callable[[Callable, list], list]


@dataclass(frozen=True)
class Reading:
    """How to read one site's files: everything load_file needs, in a worker process too.

    With render_body, bodies are turned into HTML there too (the costly part of a build), and
    handed to keep_body(content hash, HTML) in the same process, for the cache; a kept body is
    not handed back (the pages take it from the cache: 46 MB held at 10,000 stories). `cached`
    maps src_path to a record from an earlier build; a file whose hash matches its record is
    not parsed again, and with keep_previous a file that now has errors is replaced by its
    record (the version the last build published); both only when has_body(hash) says that
    version's body HTML is kept. `hosts`: embed hosts the site adds; `static`: the folders
    whose files the site publishes (where local images must be).

    An item whose body was rendered here (or taken from a record) carries no Markdown body:
    at 100,000 stories those would be hundreds of megabytes held for nothing.
    """

    content_root: Path
    tz: ZoneInfo
    render_body: BodyRenderer | None = None
    cached: dict[str, dict] = field(default_factory=dict)
    keep_body: Callable[[str, str], None] | None = None
    hosts: tuple[str, ...] = ()
    static: tuple[Path, ...] = ()
    keep_previous: bool = False
    base_path: str = "/"  # the path of base_url: a body image may be written with it
    has_body: Callable[[str], bool] = lambda key: False  # without a cache, no body is kept


class Loaded(NamedTuple):
    """One file as read: its item (None if it has errors and no earlier version), problems,
    the hash its item was read from, (record, body HTML unless keep_body kept it) if parsed
    anew, and whether it is held back (has errors)."""

    src_path: str
    item: Story | Video | None
    problems: list[Problem]
    key: str | None
    parsed: tuple | None
    held: bool = False


def _one_by_one(fn: Callable, items: list) -> list:
    return [fn(item) for item in items]


def read_content(root: Path, reading: Reading, run_all: RunAll = _one_by_one) -> Content:
    """Read and validate content/stories and content/videos under root; run_all(fn, items) maps
    the reading over the files (the build engine spreads it over every core)."""
    folder_links: list[str] = []
    files = [(kind, src_path, path) for kind, folder in ((Story, STORIES_DIR), (Video, VIDEOS_DIR))
             for src_path, path in content_files(root, folder, folder_links)]
    stories, videos, hashes, parsed, held, previous = [], [], {}, {}, [], []
    problems = [Problem(src_path, None, None, "is a link to a folder; not followed",
                        "move or copy the folder into content/", warning=True)
                for src_path in folder_links]
    for loaded in run_all(partial(load_file, reading), files):
        problems.extend(loaded.problems)
        (stories if isinstance(loaded.item, Story) else videos if loaded.item else []).append(loaded.item)
        if loaded.key is not None:
            hashes[loaded.src_path] = loaded.key
        if loaded.parsed is not None:
            parsed[loaded.src_path] = loaded.parsed
        if loaded.held:
            held.append(loaded.src_path)
            previous += [loaded.src_path] if loaded.item is not None else []
    if not (root / STORIES_DIR).is_dir():
        problems.append(Problem(STORIES_DIR, None, None, "folder not found",
                                f"stories go in {STORIES_DIR}/ under the site root", warning=True))
    profiles, found = read_profiles(root, reading.tz, content_files(root, AUTHORS_DIR), reading.static)
    return Content(tuple(stories), tuple(videos), tuple(problems) + tuple(found), hashes, parsed,
                   tuple(held), tuple(previous), profiles)


def content_files(root: Path, folder: str,
                  folder_links: list[str] | None = None) -> list[tuple[str, str]]:
    """(src_path, path) of every content file under folder, sorted; hidden files skipped.

    Links to folders are not followed (they could lead out of content/ or round in a circle);
    their src_paths are added to folder_links when it is given.
    """
    found = []
    root_text = str(root).rstrip("/") + "/"
    for dirpath, dirnames, filenames in os.walk(os.path.join(root, folder)):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith(SKIPPED_FOLDER_PREFIXES))
        if folder_links is not None:
            folder_links += [os.path.join(dirpath, d)[len(root_text):].replace(os.sep, "/")
                             for d in dirnames if os.path.islink(os.path.join(dirpath, d))]
        for name in filenames:
            if name.startswith(SKIPPED_FILE_PREFIXES) or not name.lower().endswith(CONTENT_SUFFIXES):
                continue
            path = os.path.join(dirpath, name)
            found.append((path[len(root_text):].replace(os.sep, "/"), path))
    return sorted(found)


def load_file(reading: Reading, entry: tuple[type, str, str]) -> Loaded:
    """One file read, checked and (with reading.render_body) rendered; see Loaded."""
    kind, src_path, path = entry
    problems: list[Problem] = []
    data = _read_bytes(src_path, path, reading.content_root, problems)
    if data is None:
        return Loaded(src_path, None, problems, None, None, any(not p.warning for p in problems))
    key = content_hash(src_path, data)
    record = reading.cached.get(src_path)
    if record is not None and not reading.has_body(record.get("hash", "")):
        record = None  # its body HTML is gone from the cache: read the file again
    if record is not None and record.get("hash") == key:
        item, found = item_from_record(record["item"], reading.tz)
        missing = missing_images(item, reading.static, reading.base_path)
        if missing:
            return Loaded(src_path, None, found + missing, key, None, True)
        return Loaded(src_path, item, found, key, None)
    validate = validate_story if kind is Story else validate_video
    item, found = validate(parse_source(src_path, data), reading.tz, reading.hosts)
    found += missing_images(item, reading.static, reading.base_path) if item is not None else []
    if any(not p.warning for p in found):
        if reading.keep_previous and record is not None and "hash" in record:
            earlier, _ = item_from_record(record["item"], reading.tz)
            return Loaded(src_path, earlier, problems + found, record["hash"], None, True)
        return Loaded(src_path, None, problems + found, key, None, True)
    html = None
    if reading.render_body is not None:
        html = reading.render_body(item.body)
        if reading.keep_body is not None:
            reading.keep_body(key, html)
            html = None
        item = replace(item, body="")
    return Loaded(src_path, item, problems + found, key, (item_record(item, found), html))


def missing_images(item: Story | Video, static: tuple[Path, ...], base_path: str = "/") -> list[Problem]:
    """An error for each image of the item that lives on this site but is in no static folder
    (a body image may be written with the site's base path: /news/images/x.jpg)."""
    if not static:
        return []
    name = "image" if isinstance(item, Story) else "thumbnail"
    front = "/" + (getattr(item, name) or "").split("?", 1)[0].split("#", 1)[0].lstrip("/")
    found = []
    for ref in item.images:
        paths = [unquote(ref).lstrip("/")]
        if base_path != "/" and ref.startswith(base_path):
            paths.append(unquote(ref[len(base_path):]).lstrip("/"))
        if any(".." in path.split("/") for path in paths) or not any(
                os.path.isfile(base / path) for base in static for path in paths):
            where = name if ref == front else None
            found.append(Problem(item.src_path, None, where, f"the image {ref} is not in the site"
                                 + ("" if where else " (it is in the text)"),
                                 f"put the file at static{ref}, or correct the address"))
    return found


def _read_bytes(src_path: str, path: str, content_root: Path,
                problems: list[Problem]) -> bytes | None:
    def skip(message: str, hint: str) -> None:
        problems.append(Problem(src_path, None, None, f"{message}; skipped", hint, warning=True))

    if os.path.islink(path):
        try:
            real = Path(path).resolve(strict=True)
        except (OSError, RuntimeError):  # RuntimeError: a loop of links, before Python 3.13
            skip("is a link to nothing (its target is missing, or links back to itself)",
                 "remove the link or copy the file into content/")
            return None
        if not real.is_relative_to(content_root):
            skip("is a link to a file outside content/", "copy the file into content/ instead")
            return None
        path = str(real)
    try:
        info = os.stat(path)
        if not stat.S_ISREG(info.st_mode):  # opening a pipe would wait for a writer forever
            skip("is not a regular file (a pipe, a device or a socket)", "story files are text files")
            return None
        if info.st_size > MAX_FILE_BYTES:
            problems.append(Problem(src_path, None, None, f"is larger than the "
                                    f"{MAX_FILE_BYTES / 2**20:g} MB limit for a story file"))
            return None
        with open(path, "rb") as file:
            return file.read(MAX_FILE_BYTES + 1)  # parse_source refuses a file that grew meanwhile
    except OSError as exc:
        problems.append(Problem(src_path, None, None, f"cannot be read: {exc.strerror or exc}"))
        return None


def content_with_records(content: Content, records: dict[str, dict], hashes: dict[str, str],
                         edited: Iterable[str], tz: ZoneInfo
                         ) -> tuple[Content, list[tuple[Story | Video, Story | Video]]] | None:
    """content, as an earlier build found it, with each `edited` file taken from its cache
    record instead, without reading a file; `hashes` names every file's hash now, and each
    record must be of that hash: (the content now, the (old, new) items replaced). None when a
    record is missing or of another version, or the file had no item (it was held back)."""
    changed = set(edited)
    if content.parsed_now or changed & set(content.held_back) or not changed <= hashes.keys():
        return None
    old = {p: item for p in changed if (item := content.item_at(p)) is not None}
    swaps, problems = {}, [p for p in content.problems if p.path not in changed]
    for src_path in sorted(changed):
        record = records.get(src_path)
        if record is None or record.get("hash") != hashes[src_path] or src_path not in old:
            return None
        item, found = item_from_record(record["item"], tz)
        swaps[src_path] = (old[src_path], item)
        problems += found
    if not swaps:
        return replace(content, hashes=hashes), []
    stories, videos = content.replacing({p: new for p, (_, new) in swaps.items()})
    return replace(content, stories=stories, videos=videos, problems=tuple(problems),
                   hashes=hashes), list(swaps.values())
