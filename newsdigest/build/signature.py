"""Whether anything changed since the last build into the same output folder: the signature of
every input file, and when a future-dated story falls due."""

from __future__ import annotations

import hashlib
import os
from stat import S_ISDIR, S_ISLNK
from datetime import datetime
from pathlib import Path
from typing import Iterable

from newsdigest import THEME_DIR


def input_signature(root: Path, flags: Iterable[str], content: bool = True) -> str:
    """A hash of the name, size and modification time of every file a build reads (with
    content=False, of every one but the content files: what a build with saved stories only
    checks is unchanged)."""
    lines = ["\0".join(flags)]
    tops = (root / "site.toml", root / "templates", root / "static", root / "i18n", THEME_DIR)
    for top in (*tops, root / "content") if content else tops:
        _stat_lines(str(top), lines)
    return hashlib.sha256("\n".join(lines).encode("utf-8", "surrogateescape")).hexdigest()


def frame_signature(options) -> str:
    """The signature of every input but the content files, and the options that shape the site."""
    return input_signature(options.root, [str(options.drafts), str(options.future),
                                          str(options.preview), str(options.search)], content=False)


def _stat_lines(path: str, lines: list[str]) -> None:
    """A line per file below path: its name, size and time. Names sorted as plain strings and
    one stat each: at 100,000 stories this is most of what a build with nothing to do costs."""
    try:
        names = sorted(os.listdir(path))
    except NotADirectoryError:
        info = os.stat(path)
        lines.append(f"{path}\0{info.st_size}\0{info.st_mtime_ns}")
        return
    except OSError:
        return
    for name in names:
        full = f"{path}/{name}"
        try:
            info = os.lstat(full)
            if S_ISDIR(info.st_mode):
                _stat_lines(full, lines)
                continue
            if S_ISLNK(info.st_mode):
                info = os.stat(full)  # a link counts as what it leads to, and is not followed in
        except OSError:
            continue
        lines.append(f"{full}\0{info.st_size}\0{info.st_mtime_ns}")


def next_due(moments: Iterable[datetime]) -> str | None:
    """The first of the moments at which the site changes by the clock alone, for the state."""
    due = min(moments, default=None)
    return due.isoformat() if due else None
