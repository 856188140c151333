"""The only module that reads a site's content: finds story and video files and loads them."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Callable
from zoneinfo import ZoneInfo

from .content import validate_story, validate_video
from .errors import Problem
from .models import Story, Video
from .parallel import run_all
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
    bodies: dict[str, str] = field(default_factory=dict)  # src_path -> body HTML, if asked for


BodyRenderer = Callable[[str], str]


def read_content(root: Path, tz: ZoneInfo, jobs: int = 1,
                 render_body: BodyRenderer | None = None) -> Content:
    """Read and validate content/stories and content/videos under root, on `jobs` processes;
    with render_body, also turn each body into HTML there (the costly part of a build)."""
    files = [(kind, src_path, path) for kind, folder in ((Story, STORIES_DIR), (Video, VIDEOS_DIR))
             for src_path, path in content_files(root, folder)]
    load = partial(_load_file, (root / "content").resolve(), tz, render_body)
    stories, videos, problems, bodies = [], [], [], {}
    for item, found, html in run_all(load, files, jobs):
        problems.extend(found)
        if isinstance(item, Story):
            stories.append(item)
        elif isinstance(item, Video):
            videos.append(item)
        if html is not None:
            bodies[item.src_path] = html
    if not (root / STORIES_DIR).is_dir():
        problems.append(Problem(STORIES_DIR, None, None, "folder not found",
                                f"stories go in {STORIES_DIR}/ under the site root", warning=True))
    return Content(tuple(stories), tuple(videos), tuple(problems), bodies)


def content_files(root: Path, folder: str) -> list[tuple[str, Path]]:
    """(src_path, absolute path) of every content file under folder, sorted; hidden files skipped."""
    base = root / folder
    found = []
    for dirpath, dirnames, filenames in os.walk(base):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith((".", "_")))
        for name in filenames:
            if name.startswith((".", "_", "~")) or not name.lower().endswith(CONTENT_SUFFIXES):
                continue
            path = Path(dirpath) / name
            found.append((path.relative_to(root).as_posix(), path))
    return sorted(found)


def _load_file(content_root: Path, tz: ZoneInfo, render_body: BodyRenderer | None,
               entry: tuple[type, str, Path]):
    """(Story or Video or None, problems, body HTML or None) for one file."""
    kind, src_path, path = entry
    problems: list[Problem] = []
    data = _read_bytes(src_path, path, content_root, problems)
    if data is None:
        return None, problems, None
    validate = validate_story if kind is Story else validate_video
    item, found = validate(parse_source(src_path, data), tz)
    html = render_body(item.body) if item is not None and render_body is not None else None
    return item, problems + found, html


def _read_bytes(src_path: str, path: Path, content_root: Path,
                problems: list[Problem]) -> bytes | None:
    try:
        real = path.resolve()
        if not real.is_relative_to(content_root):
            problems.append(Problem(src_path, None, None, "is a link to a file outside content/; "
                                    "skipped", "copy the file into content/ instead", warning=True))
            return None
        if real.stat().st_size > MAX_FILE_BYTES:
            problems.append(Problem(src_path, None, None, f"is larger than the "
                                    f"{MAX_FILE_BYTES // (1024 * 1024)} MB limit for a story file"))
            return None
        return real.read_bytes()
    except OSError as exc:
        problems.append(Problem(src_path, None, None, f"cannot be read: {exc.strerror or exc}"))
        return None
