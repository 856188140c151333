"""The build cache in ROOT/.newsdigest-cache/: parsed files, rendered bodies and what the last
build wrote, so a rebuild redoes only what changed.

Safe to delete at any time. Every file in it carries the version of newsdigest's code that wrote
it; a cache from other code, or one that does not parse, is ignored and rewritten, never trusted.
Parsed files are keyed by their path and the hash of their bytes, so an edit is always seen.
"""

from __future__ import annotations

import hashlib
import json
import mmap
import os
import pickle
import shutil
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO, Callable, Iterator, Mapping, TypeVar

import orjson

from newsdigest import __version__
from newsdigest.build.collector import no_collections

if TYPE_CHECKING:
    from jinja2 import BytecodeCache

CACHE_DIR = ".newsdigest-cache"
FORMAT = 1
V = TypeVar("V")


def code_version() -> str:
    """newsdigest's version plus a hash of its own code: any change to it invalidates caches."""
    digest = hashlib.sha256(__version__.encode())
    package = Path(__file__).parent.parent
    for path in sorted(package.rglob("*.py")):  # every stage's modules, not only the top's
        digest.update(path.relative_to(package).as_posix().encode() + b"\0" + path.read_bytes())
    return f"{__version__}+{digest.hexdigest()[:16]}"


class BuildCache:
    """Reads and writes one site's cache folder; every read failure means "not cached"."""

    def __init__(self, root: Path, enabled: bool = True):
        self.folder = root / CACHE_DIR
        self.enabled = enabled
        self.version = code_version()

    def load_json(self, name: str) -> dict:
        if not self.enabled:
            return {}
        try:
            data = _loads((self.folder / name).read_bytes())
        except (OSError, ValueError):
            return {}
        if not isinstance(data, dict) or data.get("format") != FORMAT or data.get("version") != self.version:
            return {}
        return data

    def save_json(self, name: str, data: dict) -> None:
        if not self.enabled:
            return
        # Written a field at a time: a build's state is megabytes, and whole copies of it in
        # memory would set the build's peak.
        record = {"format": FORMAT, "version": self.version, **data}

        def write(file: BinaryIO) -> None:
            for n, (key, value) in enumerate(record.items()):
                file.write((b"{" if n == 0 else b",") + _dumps(key) + b":" + _dumps(value))
            file.write(b"}")
        self._write(name, write)

    def save_pickle(self, name: str, value: object,
                    reduce: Callable[[object], tuple | None] | None = None,
                    tail: Callable[[BinaryIO], None] | None = None) -> None:
        """Python objects as they are (a site model: tens of thousands of records that JSON
        would have to take apart and make again), under the code's version; `reduce` may say
        how to pickle some of them (Pickler.reducer_override: None for the usual way), and
        `tail` may write more after the pickle (load_pickle_and_tail reads it back)."""
        def write(file: BinaryIO) -> None:
            pickler = (_Reducing(file, reduce) if reduce is not None
                       else pickle.Pickler(file, protocol=pickle.HIGHEST_PROTOCOL))
            pickler.dump((FORMAT, self.version, value))
            if tail is not None:
                tail(file)
        self._write(name, write)

    def load_pickle(self, name: str) -> object | None:
        """What save_pickle saved with this code; None when missing, damaged or from other code.
        Like Jinja's compiled templates, the file is trusted as the site's own: the cache folder
        is the site's, written only by newsdigest."""
        return self.load_pickle_and_tail(name)[0]

    def load_pickle_and_tail(self, name: str) -> tuple[object | None, memoryview]:
        """load_pickle, and what save_pickle's `tail` wrote after it, mapped from the file (not
        read: its pages are read as they are looked at; a build that writes the file again
        replaces it, so the mapped one stays as it was)."""
        if not self.enabled:
            return None, memoryview(b"")
        try:
            with no_collections(), open(self.folder / name, "rb") as file:
                fmt, version, value = pickle.load(file)
                start = file.tell()  # the unpickler leaves the file just after the pickle
                if (fmt, version) != (FORMAT, self.version):
                    return None, memoryview(b"")
                size = os.fstat(file.fileno()).st_size
                mapped = mmap.mmap(file.fileno(), 0, access=mmap.ACCESS_READ) if size > start else b""
        except Exception:  # a damaged pickle raises nearly anything; each means "not cached"
            return None, memoryview(b"")
        return value, memoryview(mapped)[start:]

    def templates(self) -> BytecodeCache | None:
        """Where Jinja keeps compiled templates between builds; None without a cache."""
        from jinja2 import FileSystemBytecodeCache  # here: a build with nothing to do needs no Jinja
        if not self.enabled:
            return None
        folder = self.folder / "templates"
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError:
            return None
        return FileSystemBytecodeCache(str(folder))

    def forget(self, name: str) -> None:
        """Remove a saved file that no longer holds (serve patched the folder it describes)."""
        try:
            (self.folder / name).unlink()
        except OSError:
            pass

    def listing(self) -> list[tuple[str, float]]:
        """The names at the top of the cache folder, each with when it was last changed."""
        if not self.enabled:
            return []
        try:
            entries = list(os.scandir(self.folder))
        except OSError:
            return []
        found = []
        for entry in entries:
            try:
                found.append((entry.name, entry.stat(follow_symlinks=False).st_mtime))
            except OSError:
                pass  # removed by another build meanwhile
        return found

    def remove(self, name: str) -> None:
        """Remove a saved file or folder of files; one already gone is no error."""
        target = self.folder / name
        if os.path.isdir(target) and not os.path.islink(target):
            shutil.rmtree(target, ignore_errors=True)
        else:
            self.forget(name)

    def load_parsed(self, timezone: str) -> dict[str, dict]:
        """src_path -> {"hash", "item"} from earlier builds in this time zone (dates without an
        offset are read in the site's zone, so another zone means nothing can be reused)."""
        entries: dict[str, dict] = {}
        folder = self.folder / "parsed"
        for shard in sorted(folder.glob("*.json")) if self.enabled and folder.is_dir() else ():
            data = self.load_json(f"parsed/{shard.name}")
            if data.get("timezone") == timezone and isinstance(data.get("entries"), dict):
                entries.update(data["entries"])
        return entries

    def load_parsed_of(self, timezone: str, src_paths: list[str]) -> dict[str, dict]:
        """load_parsed for these files only: their shards are all that is read."""
        entries: dict[str, dict] = {}
        for name in sorted({_shard(p) for p in src_paths}):
            data = self.load_json(f"parsed/{name}.json")
            if data.get("timezone") == timezone and isinstance(data.get("entries"), dict):
                entries.update((p, data["entries"][p]) for p in src_paths if p in data["entries"])
        return entries

    def update_parsed(self, timezone: str, changes: dict[str, dict | None]) -> None:
        """Set (or with None, drop) the records of these files; only their shards are read and
        rewritten, so an edit costs one small file and the build need not keep every record."""
        by_shard: dict[str, dict[str, dict | None]] = {}
        for src_path, entry in changes.items():
            by_shard.setdefault(_shard(src_path), {})[src_path] = entry
        for name, shard_changes in sorted(by_shard.items()):
            data = self.load_json(f"parsed/{name}.json")
            entries = data.get("entries") if data.get("timezone") == timezone else None
            entries = dict(entries) if isinstance(entries, dict) else {}
            before = dict(entries)
            for src_path, entry in shard_changes.items():
                if entry is None:
                    entries.pop(src_path, None)
                else:
                    entries[src_path] = entry
            if entries != before or data.get("timezone") != timezone:
                self.save_json(f"parsed/{name}.json", {"timezone": timezone, "entries": entries})

    def body(self, key: str) -> str | None:
        """A rendered body stored under its content hash; None if missing or damaged."""
        try:
            data = (self.folder / "bodies" / key[:2] / key).read_bytes()
        except OSError:
            return None
        stored, _, html = data.partition(b"\n")
        if hashlib.sha256(html).hexdigest().encode() != stored:
            return None
        return html.decode("utf-8")

    def has_body(self, key: str) -> bool:
        """Whether a body is stored under key (body() still checks that it is whole)."""
        return self.enabled and os.path.isfile(self.folder / "bodies" / key[:2] / key)

    def save_body(self, key: str, html: str) -> None:
        data = html.encode("utf-8")
        self._write(f"bodies/{key[:2]}/{key}", hashlib.sha256(data).hexdigest().encode() + b"\n" + data)

    def _write(self, name: str, data: bytes | Callable[[BinaryIO], None]) -> None:
        """Write bytes, or bytes through a function, to a temporary file and rename it into
        place: a killed build never leaves half a file."""
        if not self.enabled:
            return
        target = self.folder / name
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            temp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
            if callable(data):
                with open(temp, "wb") as file:
                    data(file)
            else:
                temp.write_bytes(data)
            os.replace(temp, target)
        except OSError:
            pass  # a cache that cannot be written only costs time next build


def _loads(raw: bytes):
    """orjson (several times faster than json on the megabytes a big site's state holds), and
    json for what orjson refuses: a file name that is not UTF-8, kept by Python as lone
    surrogates, is written as \\udcXX escapes."""
    try:
        return orjson.loads(raw)
    except orjson.JSONDecodeError:
        return json.loads(raw)


def _dumps(value) -> bytes:
    try:
        return orjson.dumps(value)
    except TypeError:  # lone surrogates, or keys that are not text: json, in ASCII
        return json.dumps(value, separators=(",", ":")).encode("ascii")


def _shard(src_path: str) -> str:
    return hashlib.blake2b(src_path.encode("utf-8", "surrogateescape"), digest_size=1).hexdigest()


class OnDemand(Mapping[str, V]):
    """A saved mapping, read at its first look-up: most edit builds render no page that
    needs it (the rails, the digest's fragments)."""

    def __init__(self, load: Callable[[], Mapping[str, V]]):
        self._load, self._saved = load, None

    def _mapping(self) -> Mapping[str, V]:
        if self._saved is None:
            self._saved = self._load()
        return self._saved

    def __getitem__(self, key: str) -> V:
        return self._mapping()[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._mapping())

    def __len__(self) -> int:
        return len(self._mapping())


class _Reducing(pickle.Pickler):
    """A pickler that asks `reduce` first how to pickle each object."""

    def __init__(self, file: BinaryIO, reduce: Callable[[object], tuple | None]):
        super().__init__(file, protocol=pickle.HIGHEST_PROTOCOL)
        self._reduce = reduce

    def reducer_override(self, obj: object):
        return self._reduce(obj) or NotImplemented
