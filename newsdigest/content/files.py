"""The only module that reads a site's content: finds story and video files and loads them."""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Callable
from zoneinfo import ZoneInfo

from newsdigest.content.models import Story, Video
from newsdigest.content.records import content_hash, item_from_record, item_record
from newsdigest.content.source import MAX_FILE_BYTES, parse_source
from newsdigest.content.validate import validate_story, validate_video
from newsdigest.errors import Problem

CONTENT_SUFFIXES = (".md", ".markdown", ".txt")
STORIES_DIR = "content/stories"
VIDEOS_DIR = "content/videos"


@dataclass(frozen=True)
class Content:
    """Every valid story and video of a site, and every problem found reading them."""

    stories: tuple[Story, ...]
    videos: tuple[Video, ...]
    problems: tuple[Problem, ...]
    hashes: dict[str, str] = field(default_factory=dict)  # src_path -> hash of path and bytes
    parsed_now: dict[str, tuple[dict | None, str | None]] = field(default_factory=dict)
    # ^ src_path -> (cache record, body HTML) of files parsed this time rather than taken from cache


BodyRenderer = Callable[[str], str]
RunAll = Callable[[Callable, list], list]


def _one_by_one(fn: Callable, items: list) -> list:
    return [fn(item) for item in items]


def read_content(root: Path, tz: ZoneInfo, run_all: RunAll = _one_by_one,
                 render_body: BodyRenderer | None = None,
                 cached: dict[str, dict] | None = None,
                 keep_body: Callable[[str, str], None] | None = None) -> Content:
    """Read and validate content/stories and content/videos under root; run_all(fn, items) maps
    the reading over the files (the build engine spreads it over every core).

    With render_body, bodies are turned into HTML there too (the costly part of a build), and
    handed to keep_body(content hash, HTML) in the same process, for the cache.
    `cached` maps src_path to a record from an earlier build; a file whose hash matches its
    record is not parsed again.
    """
    folder_links: list[str] = []
    files = [(kind, src_path, path) for kind, folder in ((Story, STORIES_DIR), (Video, VIDEOS_DIR))
             for src_path, path in content_files(root, folder, folder_links)]
    load = partial(load_file, (root / "content").resolve(), tz, render_body, cached or {}, keep_body)
    stories, videos, hashes, fresh = [], [], {}, {}
    problems = [Problem(src_path, None, None, "is a link to a folder; not followed",
                        "move or copy the folder into content/", warning=True)
                for src_path in folder_links]
    for src_path, item, found, key, new in run_all(load, files):
        problems.extend(found)
        if isinstance(item, Story):
            stories.append(item)
        elif isinstance(item, Video):
            videos.append(item)
        if key is not None:
            hashes[src_path] = key
        if new is not None:
            fresh[src_path] = new
    if not (root / STORIES_DIR).is_dir():
        problems.append(Problem(STORIES_DIR, None, None, "folder not found",
                                f"stories go in {STORIES_DIR}/ under the site root", warning=True))
    return Content(tuple(stories), tuple(videos), tuple(problems), hashes, fresh)


def content_files(root: Path, folder: str,
                  folder_links: list[str] | None = None) -> list[tuple[str, str]]:
    """(src_path, path) of every content file under folder, sorted; hidden files skipped.

    Links to folders are not followed (they could lead out of content/ or round in a circle);
    their src_paths are added to folder_links when it is given.
    """
    found = []
    root_text = str(root).rstrip("/") + "/"
    for dirpath, dirnames, filenames in os.walk(os.path.join(root, folder)):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith((".", "_")))
        if folder_links is not None:
            folder_links += [os.path.join(dirpath, d)[len(root_text):].replace(os.sep, "/")
                             for d in dirnames if os.path.islink(os.path.join(dirpath, d))]
        for name in filenames:
            if name.startswith((".", "_", "~")) or not name.lower().endswith(CONTENT_SUFFIXES):
                continue
            path = os.path.join(dirpath, name)
            found.append((path[len(root_text):].replace(os.sep, "/"), path))
    return sorted(found)


def load_file(content_root: Path, tz: ZoneInfo, render_body: BodyRenderer | None,
               cached: dict[str, dict], keep_body: Callable[[str, str], None] | None,
               entry: tuple[type, str, str]):
    """(src_path, item or None, problems, content hash, (record, body HTML) if parsed anew)."""
    kind, src_path, path = entry
    problems: list[Problem] = []
    data = _read_bytes(src_path, path, content_root, problems)
    if data is None:
        return src_path, None, problems, None, None
    key = content_hash(src_path, data)
    record = cached.get(src_path)
    if record is not None and record.get("hash") == key:
        item, found = item_from_record(record["item"], tz)
        return src_path, item, found, key, None
    validate = validate_story if kind is Story else validate_video
    item, found = validate(parse_source(src_path, data), tz)
    html = render_body(item.body) if item is not None and render_body is not None else None
    if html is not None and keep_body is not None:
        keep_body(key, html)
    new_record = item_record(item, found) if item is not None else None
    return src_path, item, problems + found, key, (new_record, html)


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


def content_stats(root: Path) -> dict[str, tuple[int, int]]:
    """src_path -> (size, modification time in ns) of every content file a build would read;
    a file that cannot be looked at counts as (-1, -1), so it is never taken as unchanged."""
    found = {}
    for folder in (STORIES_DIR, VIDEOS_DIR):
        for src_path, path in content_files(root, folder):
            try:
                info = os.stat(path)
                found[src_path] = (info.st_size, info.st_mtime_ns)
            except OSError:
                found[src_path] = (-1, -1)
    return found


def content_from_records(records: dict[str, dict], hashes: dict[str, str], tz: ZoneInfo) -> Content | None:
    """The content of a site as an earlier build found it, from its cache records, without
    reading a file: `hashes` names the version of each file wanted. None when a record is
    missing or of another version."""
    stories, videos, problems = [], [], []
    for src_path, key in sorted(hashes.items()):
        record = records.get(src_path)
        if record is None or record.get("hash") != key:
            return None
        item, found = item_from_record(record["item"], tz)
        (stories if isinstance(item, Story) else videos).append(item)
        problems.extend(found)
    return Content(tuple(stories), tuple(videos), tuple(problems), dict(hashes), {})
