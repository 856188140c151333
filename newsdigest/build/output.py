"""The only module that writes: builds the new site in a folder beside the output, then swaps it in.

Visitors see the old site or the new one, never half of each: the new site is written in full
into `.<out>.newsdigest-tmp-<pid>` next to the output folder and exchanged with it in one
atomic rename. An output folder that newsdigest did not make (it has no marker file) is never
replaced or deleted, and neither is one holding a file that newsdigest did not write there: the
marker lists every file a build wrote.

Finding a foreign file must not cost a walk of the whole folder on every build (146,000 files
at 100,000 stories), so a build sets the modification time of every folder it made to the moment
named in the marker ("settled", 1980-01-01). Adding, removing or renaming an entry stamps a folder with the
present time, so only folders whose time is no longer the settled one are listed again. Files
replaced in place (edit builds, serve) are put back to the settled time only where the folder
had it before, so a file someone dropped there meanwhile is still found. Builds that replace
no folder (nothing changed, or pages replaced in place) lose no file, so they look only at the
top folder, where hand-made files such as CNAME go: one stat, where every folder costs ~0.35 s
at 100,000 stories. A file dropped deeper stops the next build that would replace the folder.
"""

from __future__ import annotations

import ctypes
import errno
import os
import shutil
from pathlib import Path
from typing import Callable, Iterable, TypeVar

from newsdigest.errors import BuildError, Problem

MARKER = ".newsdigest-output"
MARKER_TEXT = b"This folder is made by newsdigest; it is replaced on every build.\n"
MARKER_LIST = b"Files it wrote (any other file found here stops the next build, so it is not lost):\n"
SETTLED = "settled: "  # the marker's line naming the time, in ns, given to every folder
# 1980-01-01, as reproducible archives stamp their files: a fixed moment keeps the marker's bytes
# the same build after build, and long past, so no folder changed since can carry it
SETTLED_NS = 315_532_800 * 1_000_000_000
PROTECTED = ("content", "templates", "static")
T = TypeVar("T")


def check_output_dir(root: Path, out: Path, everywhere: bool = True) -> None:
    """Refuse an output folder where building would lose someone's files. everywhere=False,
    for builds that replace no folder (nothing changed, or pages replaced in place): only the
    top folder is looked at, where hand-made files such as CNAME go, unless it has changed."""
    root, out = root.resolve(), out.resolve()

    def refuse(message: str, hint: str) -> None:
        raise BuildError([Problem(str(out), None, None, message, hint)])

    if out == root or out in root.parents:
        refuse("the output folder would contain the site root and replace it",
               "use a folder of its own, such as the default ROOT/site")
    for name in PROTECTED:
        if out == root / name or (root / name) in out.parents:
            refuse(f"the output folder is inside {name}/, which newsdigest never changes",
                   "use a folder of its own, such as the default ROOT/site")
    if out.exists() and not out.is_dir():
        refuse("exists and is not a folder", "remove it or choose another --out")
    if out.is_dir() and not (out / MARKER).is_file() and any(out.iterdir()):
        refuse("exists, is not empty and was not made by newsdigest, so it will not be replaced",
               "move it away or choose another --out; to publish extra files such as CNAME, "
               "put them in static/")
    try:
        foreign = _foreign_files(out, everywhere) if out.is_dir() else []
    except OSError as exc:
        refuse(f"cannot be read to check what is in it: {exc.strerror or exc}",
               "fix its permissions or choose another --out")
    if foreign:
        shown = ", ".join(foreign[:5]) + (f" and {len(foreign) - 5} more" if len(foreign) > 5 else "")
        refuse(f"holds files that newsdigest did not write ({shown}); replacing the folder would "
               "lose them", "to publish a file such as CNAME with every build, move it into "
               "static/ (static/CNAME); otherwise move it away")



class Staging:
    """The next version of the output folder, written beside it and swapped in by commit().

    Use as a context manager: leaving it without commit() (an error, a crash) removes the
    staging folder and leaves the published site as it was. Worker processes forked while
    it is open may call write() too.
    """

    def __init__(self, out: Path):
        self.out = out.resolve()
        self.path = self.out.parent / f".{self.out.name}.newsdigest-tmp-{os.getpid()}"
        self._dirs: set[str] = set()
        self._committed = False

    def __enter__(self) -> "Staging":
        self.out.parent.mkdir(parents=True, exist_ok=True)
        _remove_leftovers(self.out)
        self._guard(self.path.mkdir)
        return self

    def write(self, out_path: str, data: bytes) -> None:
        self._guard(_write_file, self._target(out_path), data)

    def copy(self, out_path: str, source: Path) -> None:
        self._guard(shutil.copyfile, source, self._target(out_path))

    def link(self, out_path: str, source: Path | str) -> None:
        """Reuse a file of the published site unchanged: a hard link costs no copy."""
        target = self._target(out_path)
        try:
            os.link(source, target)
        except OSError:
            self.copy(out_path, source)

    def generate(self, step: Callable[[Path], T]) -> T:
        """Let a tool write files of its own into the staging folder (the search index), after
        every page is written and before commit() lists and swaps them in."""
        return step(self.path)

    def commit(self, generation: str = "") -> None:
        header = MARKER_TEXT + (f"generation: {generation}\n".encode() if generation else b"")
        files, folders = self._guard(_tree, self.path)
        self.write(MARKER, header + f"{SETTLED}{SETTLED_NS}\n".encode() + _listing(files))
        self._guard(_settle, self.path, ["", *folders], SETTLED_NS)
        self._guard(_swap_in, self.path, self.out)
        self._guard(_settle, self.out, [""], SETTLED_NS)  # in case the rename stamped it
        self._committed = True

    def __exit__(self, *exc_info) -> None:
        if not self._committed:
            shutil.rmtree(self.path, ignore_errors=True)

    def _target(self, out_path: str) -> str:
        parts = out_path.split("/")
        if out_path.startswith("/") or "\\" in out_path or any(p in ("", ".", "..") for p in parts):
            raise BuildError([Problem(out_path, None, None, "would be written outside the output "
                                      "folder; this is a bug in newsdigest")])
        folder = out_path.rpartition("/")[0]
        if folder and folder not in self._dirs:
            self._guard(os.makedirs, os.path.join(self.path, folder), exist_ok=True)
            self._dirs.add(folder)
        return os.path.join(self.path, out_path)

    def _guard(self, action, *args, **kwargs):
        try:
            return action(*args, **kwargs)
        except OSError as exc:
            reason = "the disk is full" if exc.errno == errno.ENOSPC else (exc.strerror or str(exc))
            raise BuildError([Problem(str(self.out), None, None, f"could not write the site: "
                                      f"{reason}; the previous site is unchanged")]) from None


def replace_files(out: Path, files: list[tuple[str, bytes]]) -> None:
    """Replace files of the published site one by one, each whole in one atomic rename; a file
    whose bytes are already these is left alone (its time stays, so browsers keep their copy)."""
    _remove_leftovers(out)
    folder = out.parent / f".{out.name}.newsdigest-edit-{os.getpid()}"
    folder.mkdir(exist_ok=True)
    settled, touched = _settled_time(out), set()
    try:
        for n, (path, data) in enumerate(files):
            if _unchanged(out / path, data):
                continue
            parent = path.rpartition("/")[0]
            if parent not in touched and settled is not None:
                if not _unsettled(out, [os.fsencode(parent)], settled):
                    touched.add(parent)
            temp = folder / str(n)
            temp.write_bytes(data)
            os.replace(temp, out / path)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
        if settled is not None:
            _settle(out, touched, settled)


def read_written(out: Path, path: str) -> bytes | None:
    """A file of the published site as it is now; None when it is not there."""
    try:
        return (out / path).read_bytes()
    except OSError:
        return None


def _unchanged(path: Path, data: bytes) -> bool:
    try:
        return path.stat().st_size == len(data) and path.read_bytes() == data
    except OSError:
        return False


def _write_file(path: str, data: bytes) -> None:
    with open(path, "wb") as file:
        file.write(data)


def set_generation(out: Path, generation: str) -> None:
    """Name a new version of the folder in its marker (files were replaced in place); the list
    of files stays, since no file was added or removed."""
    marker = (out / MARKER).read_bytes()
    header, found, names = marker.partition(MARKER_LIST)
    kept = [line + "\n" for line in header.decode("utf-8", "replace").splitlines()
            if line.startswith(SETTLED)]
    replace_files(out, [(MARKER, MARKER_TEXT + f"generation: {generation}\n".encode()
                         + "".join(kept).encode() + found + names)])


def read_generation(out: Path) -> str | None:
    """The generation written into the output's marker by the build that made it, if any."""
    try:
        header = (out / MARKER).read_bytes().partition(MARKER_LIST)[0].decode("utf-8")
    except (OSError, UnicodeDecodeError):
        return None
    for line in header.splitlines():
        if line.startswith("generation: "):
            return line[len("generation: "):].strip()
    return None


def _listing(files: list[str]) -> bytes:
    """The marker's list of every file in a finished staging folder, read back from the folder
    itself (so files written by worker processes or hard-linked count too)."""
    return MARKER_LIST + b"".join(os.fsencode(name) + b"\n" for name in sorted(files))


def _foreign_files(out: Path, everywhere: bool = True) -> list[str]:
    """Files (and links) in out that the last build did not write, sorted; [] for an older
    marker. everywhere=False: [] when the top folder is as the last build left it."""
    settled = _settled_time(out)
    if not everywhere and settled is not None and not _unsettled(out, [b""], settled):
        return []
    try:
        marker = (out / MARKER).read_bytes()
    except OSError:
        return []
    _, found, listing = marker.partition(MARKER_LIST)
    if not found:
        return []  # from a version that did not list its files: trusted as before
    names = listing.split(b"\n")
    if settled is None:  # from a version that did not settle its folders: look at every one
        changed = None
    else:
        folders = _folders_of(names)
        changed = _unsettled(out, folders, settled)
        if not changed:
            return []
    written = {os.fsdecode(name) for name in names}
    written.add(MARKER)
    if changed is None:
        return sorted(path for path in _tree(out)[0] if path not in written)
    known = {os.fsdecode(folder) for folder in folders}
    return sorted(path for folder in changed for path in _unlisted(out, folder, written, known))


def _folders_of(names: list[bytes]) -> set[bytes]:
    """Every folder holding these files, their parents included (b"" is the top)."""
    holding = {name.rpartition(b"/")[0] for name in names}
    folders = {b""}
    for folder in holding:
        while folder not in folders:
            folders.add(folder)
            folder = folder.rpartition(b"/")[0]
    return folders


def _unsettled(out: Path, folders: Iterable[bytes], settled: int) -> list[str]:
    """The folders stamped since the build settled them (one stat each, the cost of the check:
    ~0.35 s for 150,000 folders, looked up from the output folder, not from /)."""
    stat, changed = os.stat, []
    top = os.open(out, os.O_RDONLY | os.O_DIRECTORY)
    try:
        for folder in folders:
            try:
                if stat(folder or b".", dir_fd=top, follow_symlinks=False).st_mtime_ns != settled:
                    changed.append(os.fsdecode(folder))
            except FileNotFoundError:
                continue  # gone: holds nothing of anyone's
    finally:
        os.close(top)
    return changed


def _unlisted(out: Path, folder: str, written: set[str], folders: set[str]) -> list[str]:
    """The entries of one folder that no build wrote (all of a foreign subfolder's files)."""
    try:
        entries = list(os.scandir(os.path.join(out, folder)))
    except FileNotFoundError:
        return []  # removed since: nothing of anyone's to lose there
    found = []
    for entry in entries:
        path = f"{folder}/{entry.name}" if folder else entry.name
        if entry.is_dir(follow_symlinks=False):
            if path not in folders:
                found += [f"{path}/{name}" for name in _tree(Path(entry.path))[0]] or [path]
        elif path not in written:
            found.append(path)
    return found


def _settled_time(out: Path) -> int | None:
    try:
        with open(out / MARKER, "rb") as marker:  # the header: not the list of every file
            return _settled_of(marker.read(4096).partition(MARKER_LIST)[0])
    except OSError:
        return None


def _settled_of(header: bytes) -> int | None:
    for line in header.decode("utf-8", "replace").splitlines():
        if line.startswith(SETTLED) and line[len(SETTLED):].strip().isdigit():
            return int(line[len(SETTLED):])
    return None


def _settle(top: Path, folders, settled: int) -> None:
    for folder in folders:
        os.utime(os.path.join(top, folder), ns=(settled, settled), follow_symlinks=False)


def _tree(top: Path) -> tuple[list[str], list[str]]:
    """(every file and link, every folder) below top as relative posix paths; links are not
    followed."""
    files, folders, stack = [], [], [""]
    while stack:
        rel = stack.pop()
        with os.scandir(os.path.join(top, rel)) as entries:
            for entry in entries:
                path = f"{rel}/{entry.name}" if rel else entry.name
                if entry.is_dir(follow_symlinks=False):
                    stack.append(path)
                    folders.append(path)
                else:
                    files.append(path)
    return files, folders


def _swap_in(staging: Path, out: Path) -> None:
    if not out.exists():
        os.rename(staging, out)
        return
    if _exchange(staging, out):
        shutil.rmtree(staging)  # staging now holds the previous site
        return
    old = out.parent / f".{out.name}.newsdigest-old-{os.getpid()}"
    os.rename(out, old)  # two renames: between them there is no site (see _remove_leftovers)
    try:
        os.rename(staging, out)
    except OSError:
        os.rename(old, out)
        raise
    shutil.rmtree(old)


def _exchange(a: Path, b: Path) -> bool:
    """Swap two folders in one atomic step (Linux renameat2); False where that is not available."""
    try:
        renameat2 = ctypes.CDLL(None, use_errno=True).renameat2
    except (AttributeError, OSError):
        return False
    at_fdcwd, rename_exchange = -100, 2
    if renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), rename_exchange) == 0:
        return True
    if ctypes.get_errno() in (errno.EINVAL, errno.ENOSYS):  # file system cannot exchange
        return False
    raise OSError(ctypes.get_errno(), os.strerror(ctypes.get_errno()))


def _remove_leftovers(out: Path) -> None:
    """Clear what killed builds left beside out (their process is gone); a previous site that a
    build moved aside and died before replacing is put back first."""
    for path in sorted(out.parent.glob(f".{out.name}.newsdigest-*-*")):
        pid = path.name.rsplit("-", 1)[-1]
        if not pid.isdigit() or _alive(int(pid)):
            continue
        if path.name.startswith(f".{out.name}.newsdigest-old-") and not out.exists():
            os.rename(path, out)
        else:
            shutil.rmtree(path, ignore_errors=True)


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return False  # a folder with our own pid can only be from an earlier process
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
