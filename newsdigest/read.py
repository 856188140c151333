"""The only module that reads a site's content: finds story and video files and loads them."""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass
from pathlib import Path
from zoneinfo import ZoneInfo

from .content import validate_story, validate_video
from .errors import Problem
from .models import Story, Video
from .source import MAX_FILE_BYTES, parse_source

CONTENT_SUFFIXES = (".md", ".markdown", ".txt")
STORIES_DIR = "content/stories"
VIDEOS_DIR = "content/videos"


@dataclass(frozen=True)
class Content:
    """Every valid story and video of a site, and every problem found reading them."""

    stories: tuple[Story, ...]
    videos: tuple[Video, ...]
    problems: tuple[Problem, ...]


def read_content(root: Path, tz: ZoneInfo) -> Content:
    """Read and validate content/stories and content/videos under root."""
    problems: list[Problem] = []
    stories = _read_kind(root, STORIES_DIR, tz, validate_story, problems)
    videos = _read_kind(root, VIDEOS_DIR, tz, validate_video, problems)
    if not (root / STORIES_DIR).is_dir():
        problems.append(Problem(STORIES_DIR, None, None, "folder not found",
                                f"stories go in {STORIES_DIR}/ under the site root", warning=True))
    return Content(tuple(stories), tuple(videos), tuple(problems))


def content_files(root: Path, folder: str,
                  folder_links: list[str] | None = None) -> list[tuple[str, Path]]:
    """(src_path, absolute path) of every content file under folder, sorted; hidden files skipped.

    Links to folders are not followed (they could lead out of content/ or round in a circle);
    their src_paths are added to folder_links when it is given.
    """
    base = root / folder
    found = []
    for dirpath, dirnames, filenames in os.walk(base):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith((".", "_")))
        if folder_links is not None:
            folder_links += [(Path(dirpath) / d).relative_to(root).as_posix() for d in dirnames
                             if os.path.islink(os.path.join(dirpath, d))]
        for name in filenames:
            if name.startswith((".", "_", "~")) or not name.lower().endswith(CONTENT_SUFFIXES):
                continue
            path = Path(dirpath) / name
            found.append((path.relative_to(root).as_posix(), path))
    return sorted(found)


def _read_kind(root: Path, folder: str, tz: ZoneInfo, validate, problems: list[Problem]) -> list:
    items = []
    content_root = (root / "content").resolve()
    folder_links: list[str] = []
    files = content_files(root, folder, folder_links)
    for src_path in folder_links:
        problems.append(Problem(src_path, None, None, "is a link to a folder; not followed",
                                "move or copy the folder into content/", warning=True))
    for src_path, path in files:
        data = _read_bytes(src_path, path, content_root, problems)
        if data is None:
            continue
        item, found = validate(parse_source(src_path, data), tz)
        problems.extend(found)
        if item is not None:
            items.append(item)
    return items


def _read_bytes(src_path: str, path: Path, content_root: Path,
                problems: list[Problem]) -> bytes | None:
    def skip(message: str, hint: str) -> None:
        problems.append(Problem(src_path, None, None, f"{message}; skipped", hint, warning=True))

    try:
        real = path.resolve(strict=True)
    except (OSError, RuntimeError):  # RuntimeError: a loop of links, before Python 3.13
        skip("is a link to nothing (its target is missing, or links back to itself)",
             "remove the link or copy the file into content/")
        return None
    if not real.is_relative_to(content_root):
        skip("is a link to a file outside content/", "copy the file into content/ instead")
        return None
    try:
        info = real.stat()
        if not stat.S_ISREG(info.st_mode):
            skip("is not a regular file (a pipe, a device or a socket)", "story files are text files")
            return None
        if info.st_size > MAX_FILE_BYTES:
            problems.append(Problem(src_path, None, None, f"is larger than the "
                                    f"{MAX_FILE_BYTES / 2**20:g} MB limit for a story file"))
            return None
        with open(real, "rb") as file:
            return file.read(MAX_FILE_BYTES + 1)  # parse_source refuses a file that grew meanwhile
    except OSError as exc:
        problems.append(Problem(src_path, None, None, f"cannot be read: {exc.strerror or exc}"))
        return None
