"""Watching a site root for editors' saves: which events matter, and waiting until they stop.

The watchdog handler only records which relevant files changed and wakes the loop; the loop
(`Debouncer.wait_for_batch`) returns once events have stopped for `quiet` seconds, so a burst of
events (a rename-save, a double save, a delete and re-create) causes one rebuild, not five. When
every changed file was last closed after writing or renamed into place, the save is complete and
the rebuild starts at once (`settle`, 0 s); saves that arrive meanwhile make the next batch. A
file that never stops changing (a sync tool, a log) still gets a rebuild every `longest` seconds.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Callable

from watchdog.events import FileSystemEvent, FileSystemEventHandler
from watchdog.observers import Observer

from newsdigest.config import CONFIG_NAME

WATCHED_DIRS = ("content", "templates", "static", "i18n")
# Reading a file is not a change: our own build opens every content file, and reacting to that
# would rebuild forever.
IGNORED_EVENTS = {"opened", "closed_no_write"}
# Editors' scratch files: vim swap files and its "4913" write test, backups, Emacs locks, .tmp.
TEMP_SUFFIXES = (".swp", ".swx", ".swo", ".swn", "~", ".tmp", ".part", ".crdownload")
TEMP_PREFIXES = (".#", "#")
TEMP_NAMES = {"4913", ".DS_Store", "Thumbs.db"}


def is_editor_temp(name: str) -> bool:
    """True for files editors write on the side of the real file while saving."""
    return name in TEMP_NAMES or name.startswith(TEMP_PREFIXES) or name.endswith(TEMP_SUFFIXES)


def is_relevant(path: str, root: Path, out: Path) -> bool:
    """True when a change at path can change the site: content/, templates/, static/, site.toml."""
    try:
        target = Path(path).absolute()
        if target == out or out in target.parents:
            return False  # our own output being published
        rel = PurePosixPath(target.relative_to(root).as_posix())
    except ValueError:
        return False
    if not rel.parts or is_editor_temp(rel.name):
        return False
    return str(rel) == CONFIG_NAME or rel.parts[0] in WATCHED_DIRS


@dataclass(frozen=True)
class Batch:
    """The changes of one settled burst: the files that changed, and whether anything else did
    (a folder, or a change with no path), which only a whole build can follow."""

    count: int
    paths: frozenset[str]
    folders: bool


class Debouncer:
    """Collects change notices; `wait_for_batch` returns after they have been quiet a while."""

    def __init__(self, quiet: float = 0.15, clock: Callable[[], float] = time.monotonic,
                 longest: float = 2.0, settle: float = 0.0):
        self.quiet, self.longest, self.settle = quiet, longest, settle
        self._clock = clock
        self._cond = threading.Condition()
        self._last: float | None = None  # when the latest unhandled change arrived
        self._first: float | None = None  # when the earliest unhandled change arrived
        self._count = 0
        self._paths: dict[str, bool] = {}  # changed file -> whether its save is complete
        self._folders = False
        self._stopped = False

    def notify(self, *files: tuple[str, bool]) -> None:
        """Record one change (called from watchdog's thread): the files it touched, each with
        whether this event ends its save (closed after writing, renamed into place); no files:
        something else changed (a folder)."""
        with self._cond:
            self._last = self._clock()
            self._first = self._last if self._first is None else self._first
            self._count += 1
            self._paths.update(files)
            self._folders = self._folders or not files
            self._cond.notify_all()

    def stop(self) -> None:
        with self._cond:
            self._stopped = True
            self._cond.notify_all()

    def due(self) -> bool:
        """True when there are changes and none arrived in the last `quiet` seconds."""
        with self._cond:
            left = self._time_to_settle()
            return left is not None and left <= 0

    def take(self) -> int:
        """How many changes were recorded since the last take; clears them."""
        return self.take_batch().count

    def take_batch(self) -> Batch:
        with self._cond:
            batch = Batch(self._count, frozenset(self._paths), self._folders)
            self._count, self._last, self._first, self._paths, self._folders = 0, None, None, {}, False
            return batch

    def wait_for_changes(self, timeout: float | None = None) -> int:
        """Block until changes have settled (returns their count) or stop/timeout (returns 0)."""
        batch = self.wait_for_batch(timeout)
        return batch.count if batch is not None else 0

    def wait_for_batch(self, timeout: float | None = None) -> Batch | None:
        """Block until changes have settled (returns them) or stop/timeout (returns None)."""
        deadline = None if timeout is None else time.monotonic() + timeout
        with self._cond:
            while not self._stopped:
                left = self._time_to_settle()
                if left is not None and left <= 0:
                    return self.take_batch()
                if deadline is not None:
                    if deadline <= time.monotonic():
                        return None
                    left = min(left if left is not None else 0.5, deadline - time.monotonic())
                # Bounded waits, so a Ctrl-C reaches the main thread promptly.
                self._cond.wait(min(left if left is not None else 0.5, 0.5))
            return None

    def _time_to_settle(self) -> float | None:
        """Seconds until the pending burst has been quiet long enough; None if nothing is pending."""
        if self._last is None or self._first is None:
            return None
        complete = bool(self._paths) and not self._folders and all(self._paths.values())
        quiet = self.settle if complete else self.quiet
        now = self._clock()
        return min(quiet - (now - self._last), self.longest - (now - self._first))


class ChangeHandler(FileSystemEventHandler):
    """Turns watchdog events into Debouncer notices; knows nothing about building."""

    def __init__(self, root: Path, out: Path, debouncer: Debouncer):
        self.root, self.out = root.absolute(), out.absolute()
        self.debouncer = debouncer

    def on_any_event(self, event: FileSystemEvent) -> None:
        if event.event_type in IGNORED_EVENTS:
            return
        if event.is_directory and event.event_type == "modified":
            return  # a folder's mtime changes with every file in it; the file's event says more
        # A rename-save moves a temp file (ignored) onto the story (relevant): check both ends.
        # A file closed after writing, or renamed into place, is saved whole; a file moved away
        # or deleted may be about to come back (vim's backup, delete and re-create).
        ends = [(_text(event.src_path), event.event_type == "closed"),
                (_text(getattr(event, "dest_path", "") or ""), True)]
        files = [(str(Path(path).absolute()), complete) for path, complete in ends
                 if path and is_relevant(path, self.root, self.out)]
        if files:
            self.debouncer.notify(*([] if event.is_directory else files))


def _text(path: str | bytes) -> str:
    return path.decode("utf-8", "surrogateescape") if isinstance(path, bytes) else path


class Watcher:
    """The watchdog observer over a site root; re-watches folders that appear or are replaced."""

    def __init__(self, root: Path, handler: ChangeHandler):
        self.root = root.absolute()
        self.handler = handler
        self.observer = Observer()
        self._watches: dict[str, tuple[object, int]] = {}  # folder name -> (watch, inode)

    def start(self) -> None:
        # The root itself, not recursively: site.toml, and folders created or replaced later.
        self.observer.schedule(self.handler, str(self.root), recursive=False)
        self.refresh()
        self.observer.start()

    def refresh(self) -> None:
        """Watch each of content/, templates/, static/ that exists now (after every rebuild)."""
        for name in WATCHED_DIRS:
            folder = self.root / name
            try:
                inode = folder.stat().st_ino if folder.is_dir() else None
            except OSError:
                inode = None
            old = self._watches.get(name)
            if old is not None and old[1] == inode:
                continue
            if old is not None:
                self._unschedule(old[0])
                del self._watches[name]
            if inode is not None:
                watch = self.observer.schedule(self.handler, str(folder), recursive=True)
                self._watches[name] = (watch, inode)

    def _unschedule(self, watch) -> None:
        try:
            self.observer.unschedule(watch)
        except (KeyError, OSError):
            pass  # the folder is gone, and its watch with it

    def stop(self) -> None:
        if self.observer.is_alive():  # serve may stop before the watcher started
            self.observer.stop()
            self.observer.join(timeout=5)
