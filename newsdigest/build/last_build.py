"""LastBuild: what the last build into one output folder left behind, kept between builds.

Two files in the build cache for each output folder, and a journal. The summary (`state-*.json`)
is all a build with nothing changed reads: the input signature, the output folder's generation,
the next moment the clock alone changes the site, the warnings and the counts. The detail
(`detail-*.pickle`) is what a build with work to do reuses: the fingerprint of every output file,
the size, time and hash of every content file, and which content files each output file shows
(the rails and the site model are kept beside it: rails.py, snapshot.py). An edit build saves
the rows it changed as a journal (`journal-*.json`) in place of the detail. All are trusted only
while the folder's marker carries the same generation and the summary names the detail and
journal it was saved with. The summary names its folder: a build removes what is kept for
folders that are gone (prune_kept), and serve what it kept for its temporary one (forget_folder).
"""

from __future__ import annotations

import hashlib
import os
import re
import secrets
import time
from array import array
from dataclasses import dataclass, field
from datetime import datetime
from functools import cached_property
from pathlib import Path
from typing import Iterable, Iterator, Mapping

from newsdigest.build.cache import BuildCache
from newsdigest.content.records import problem_record
from newsdigest.errors import Problem

UNKNOWN = ""  # the fingerprint of a file no build's fingerprint matches (rewritten by a quick save)


@dataclass
class Detail:
    pages: dict[str, str] = field(default_factory=dict)  # out_path -> fingerprint it was made from
    frame: str = ""  # the signature of every input but content files (see signature.Inputs)
    sources: dict[str, tuple[int, int, str]] = field(default_factory=dict)
    # ^ src_path -> (size, modification time in ns, content hash) of each content file read
    shown_in: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    # ^ src_path -> the output files that show its item (whose fingerprint takes it in)
    model_id: str = ""  # names the site model the last whole build saved (snapshot.py); edit
    # builds keep it: the model plus the records of the files edited since is the site now
    edited_since_model: tuple[str, ...] = ()  # those files, sorted

    def note_edited(self, src_paths: Iterable[str]) -> None:
        """Files an edit build changed: the saved model no longer shows them as they are."""
        self.edited_since_model = tuple(sorted({*self.edited_since_model, *src_paths}))

    def to_saved(self) -> dict:
        """Sources in columns, not rows, and the output files that show them as one run of
        4-byte numbers (in the order of `pages`) with where each file's run ends: read back at
        C speed, and turned into paths only for the files an edit asks about. Read as rows of
        numbers, the detail of 100,000 stories took 0.58 s of an edit build that needed one
        row; as a string for each file, 0.17 s more than as one string. Saved as a pickle: at
        100,000 stories it read back in 0.15 to 0.21 s against 0.19 to 0.30 s as JSON (orjson)."""
        paths = list(self.sources)
        shown_in = self.shown_in
        if isinstance(shown_in, ShownIn) and shown_in.numbered_as(self.pages, paths):
            ends, numbers = shown_in.ends, shown_in.numbers  # as they were read
        else:
            number, runs, ends = {path: n for n, path in enumerate(self.pages)}, array("I"), []
            for src_path in paths:
                runs.extend(number[o] for o in shown_in.get(src_path, ()))
                ends.append(len(runs))
            numbers = runs.tobytes()
        sizes, mtimes, hashes = zip(*self.sources.values()) if paths else ((), (), ())
        return {"pages": self.pages, "frame": self.frame, "model_id": self.model_id,
                "edited_since_model": self.edited_since_model,
                "sources": {"paths": paths, "sizes": sizes, "mtimes": mtimes, "hashes": hashes,
                            "shown_ends": ends, "shown": numbers}}

    @classmethod
    def from_saved(cls, data: dict) -> Detail:
        """Raises KeyError, TypeError or ValueError when the data is not a detail to_saved made."""
        pages, columns = data["pages"], data["sources"]
        paths, ends, numbers = columns["paths"], columns["shown_ends"], columns["shown"]
        rows = list(zip(columns["sizes"], columns["mtimes"], columns["hashes"], strict=True))
        if not isinstance(pages, dict) or not len(rows) == len(paths) == len(ends):
            raise ValueError("the detail's columns differ in length")
        if not isinstance(numbers, bytes) or len(numbers) != 4 * (ends[-1] if ends else 0):
            raise ValueError("the detail's numbers of output files do not fill its runs")
        return cls(pages, str(data["frame"]), dict(zip(paths, rows)),
                   ShownIn(list(pages), paths, ends, numbers), str(data["model_id"]),
                   tuple(map(str, data["edited_since_model"])))

    @staticmethod
    def showing(items_by_file: dict[str, frozenset[str]]) -> dict[str, tuple[str, ...]]:
        """src_path -> output files, from each output file's items."""
        shown: dict[str, list[str]] = {}
        for path, items in items_by_file.items():
            for src_path in items:
                shown.setdefault(src_path, []).append(path)
        return {src_path: tuple(paths) for src_path, paths in shown.items()}


class ShownIn(Mapping[str, tuple[str, ...]]):
    """src_path -> the output files that show its item, as a saved detail numbers them: the
    numbers of every file's pages (in the order of the detail's pages) in one run of 4-byte
    numbers, and where each file's run ends. Turned into paths only for the files
    asked about: an edit build asks about one; naming every file's pages took 0.2 s of one at
    10,000 stories."""

    def __init__(self, pages: list[str], paths: list[str], ends: list[int], numbers: bytes):
        self._pages, self._paths, self.ends, self.numbers = pages, paths, ends, numbers

    @cached_property
    def _row(self) -> dict[str, int]:
        return {path: n for n, path in enumerate(self._paths)}

    def __getitem__(self, src_path: str) -> tuple[str, ...]:
        n = self._row[src_path]
        start, end = self.ends[n - 1] if n else 0, self.ends[n]
        run = array("I", self.numbers[4 * start:4 * end])
        return tuple(self._pages[number] for number in run)

    def __iter__(self) -> Iterator[str]:
        return iter(self._paths)

    def __len__(self) -> int:
        return len(self._paths)

    def numbered_as(self, pages: dict[str, str], paths: list[str]) -> bool:
        """Whether the numbers still name these pages and the runs these files, in this order
        (no file added or removed since)."""
        return self._paths == paths and list(pages) == self._pages


@dataclass
class Journal:
    """What edit builds changed in a detail since it was saved whole, saved in place of it: at
    100,000 stories the whole detail is 50 MB, and an edit changes a row and some 26 pages."""

    base: str = ""  # the detail_id of the whole detail it changes
    pages: dict[str, str] = field(default_factory=dict)  # out_path -> its fingerprint now
    sources: dict[str, tuple[int, int, str]] = field(default_factory=dict)  # as Detail.sources

    def applied_to(self, detail: Detail) -> Detail:
        """The detail with these changes; ValueError when they name a file it does not have
        (the journal of another detail)."""
        if not (self.pages.keys() <= detail.pages.keys() and self.sources.keys() <= detail.sources.keys()):
            raise ValueError("the journal names files its detail does not have")
        detail.pages.update(self.pages)  # the same files in the same order: ShownIn's numbers hold
        detail.sources.update(self.sources)
        detail.note_edited(self.sources)  # every file in the journal was edited by an edit build
        return detail


JOURNAL_LIMIT = 20_000  # changed rows past which an edit build saves the whole detail again


@dataclass
class LastBuild:
    inputs: str = ""  # the signature of every input file (names, sizes, times) and the options
    generation: str = ""  # written into the output folder's marker by the build that made it
    next_due: str | None = None  # ISO time at which the clock alone changes the site
    warnings: tuple[Problem, ...] = ()
    stories: int = 0
    videos: int = 0
    files: int = 0
    detail: Detail = field(default_factory=Detail)  # loaded only when a build has work to do
    detail_id: str = ""  # names the detail saved with this summary
    journal_id: str = ""  # names the journal saved with it, "" when there is none
    journal: Journal = field(default_factory=Journal)  # edits since the detail was saved whole
    held_back: tuple[str, ...] = ()  # files with errors (BuildReport.held_back)
    kept: tuple[str, ...] = ()  # of those, the ones whose earlier version stays
    left_out: tuple[tuple[str, str], ...] = ()  # (src_path, why): drafts, scheduled, expired

    @classmethod
    def load(cls, cache: BuildCache, out: Path) -> LastBuild:
        """The summary saved for this output folder (its detail is read by load_detail); an
        empty one when there is none or it is damaged."""
        data = cache.load_json(kept_file("state", out))
        try:
            return cls(str(data["inputs"]), str(data["generation"]), data["next_due"],
                       tuple(Problem(**w) for w in data["warnings"]), int(data["stories"]),
                       int(data["videos"]), int(data["files"]), Detail(), str(data["detail_id"]),
                       str(data["journal_id"]), Journal(), tuple(map(str, data["held_back"])),
                       tuple(map(str, data["kept"])),
                       tuple((str(p), str(w)) for p, w in data["left_out"]))
        except (KeyError, TypeError, ValueError):
            return cls()

    def load_detail(self, cache: BuildCache, out: Path) -> bool:
        """Read the detail saved with this summary, with its journal; False (and an empty
        detail) when either is missing, damaged or from another build. A detail in memory
        (serve's) is kept: it knows of files replaced since it was saved."""
        if self.detail.frame:
            return True
        data = cache.load_pickle(kept_file("detail", out))
        try:
            if not self.detail_id or not isinstance(data, dict) or data["detail_id"] != self.detail_id:
                raise KeyError("detail_id")
            detail, self.journal = Detail.from_saved(data), Journal(self.detail_id)
            if self.journal_id:
                saved = cache.load_json(kept_file("journal", out))
                if saved["journal_id"] != self.journal_id or saved["base"] != self.detail_id:
                    raise KeyError("journal_id")
                sources = {p: (int(size), int(mtime), str(key))
                           for p, (size, mtime, key) in saved["sources"].items()}
                self.journal = Journal(self.detail_id, dict(saved["pages"]), sources)
                detail = self.journal.applied_to(detail)
            self.detail = detail
            return True
        except (KeyError, TypeError, ValueError, IndexError):
            self.detail, self.journal = Detail(), Journal()
            return False

    def save(self, cache: BuildCache, out: Path,
             changed: tuple[Iterable[str], Iterable[str]] | None = None) -> None:
        """The detail first, then the summary that names it: a build killed between the two
        leaves the older summary, which names the older detail, so neither is trusted.

        With `changed` (an edit build's: the output files and the content files it changed,
        none added or removed), the journal of what changed since the detail was saved whole
        is saved in its place, while it is small; the whole detail stays as it was."""
        journal = self.journal
        journaling = changed is not None and bool(self.detail_id) and journal.base == self.detail_id
        if journaling:
            pages, sources = changed
            journal.pages.update((p, self.detail.pages[p]) for p in pages)
            journal.sources.update((p, self.detail.sources[p]) for p in sources)
        if journaling and 0 < len(journal.pages) + len(journal.sources) <= JOURNAL_LIMIT:
            self.journal_id = secrets.token_hex(12)
            cache.save_json(kept_file("journal", out), {
                "journal_id": self.journal_id, "base": self.detail_id,
                "pages": journal.pages, "sources": journal.sources})
        else:
            self.detail_id, self.journal_id = secrets.token_hex(12), ""
            self.journal = Journal(self.detail_id)
            cache.save_pickle(kept_file("detail", out), {"detail_id": self.detail_id, **self.detail.to_saved()})
        cache.save_json(kept_file("state", out), {
            "inputs": self.inputs, "generation": self.generation, "next_due": self.next_due,
            "warnings": [problem_record(w) for w in self.warnings], "stories": self.stories,
            "videos": self.videos, "files": self.files, "detail_id": self.detail_id,
            "journal_id": self.journal_id, "held_back": list(self.held_back), "kept": list(self.kept),
            "left_out": [list(pair) for pair in self.left_out], "out": str(out.resolve())})
        prune_kept(cache, out)

    def is_due(self, build_time: datetime) -> bool:
        """True once the clock has changed the site since (a story fell due, one left the news sitemap)."""
        return bool(self.next_due) and build_time >= datetime.fromisoformat(self.next_due)


def kept_file(kind: str, out: Path) -> str:
    """The cache's file of this kind for one output folder: `build` and `serve` keep separate ones."""
    return f"{kind}-{_folder_key(out)}{KEPT_KINDS[kind]}"


# Every kind of file kept for one output folder, with its ending ("": a folder of them).
KEPT_KINDS = {"state": ".json", "detail": ".pickle", "journal": ".json", "fragments": ".pickle",
              "model": ".pickle", "rails": ""}
_KEPT_NAME = re.compile(r"(%s)-([0-9a-f]{16})(\.json|\.pickle)?" % "|".join(KEPT_KINDS))
UNCLAIMED_FOR = 24 * 3600.0  # seconds after which files no summary of this code names are removed


def forget_folder(cache: BuildCache, out: Path) -> None:
    """Remove everything kept for one output folder (serve's temporary one, as it is removed)."""
    names = _kept_names(cache.listing()).get(_folder_key(out), {})
    _remove_set(cache, names)


def prune_kept(cache: BuildCache, out: Path) -> None:
    """Remove what is kept for output folders that are gone, so a cache does not grow with every
    folder ever built into (each `serve` builds into a new one). Files that no summary this code
    can read names (a killed build's, an older newsdigest's) go once untouched for a day: a build
    into another folder may be writing them right now."""
    by_key = _kept_names(cache.listing())
    own = by_key.pop(_folder_key(out), {})
    _remove_set(cache, [name for name in own if _older_layout(name)])
    now = time.time()
    for key, names in by_key.items():
        folder = cache.load_json(f"state-{key}.json").get("out")
        if folder is None and now - max(names.values()) < UNCLAIMED_FOR:
            continue
        if folder is None or not os.path.isdir(str(folder)):
            _remove_set(cache, names)


def _kept_names(listing: list[tuple[str, float]]) -> dict[str, dict[str, float]]:
    """The cache's files kept for output folders, by folder key: name -> when it last changed
    (an older newsdigest's endings included)."""
    by_key: dict[str, dict[str, float]] = {}
    for name, changed in listing:
        match = _KEPT_NAME.fullmatch(name)
        if match:
            by_key.setdefault(match[2], {})[name] = changed
    return by_key


def _older_layout(name: str) -> bool:
    """A kept file whose ending this code does not write (rails were once one file)."""
    match = _KEPT_NAME.fullmatch(name)
    return match is not None and (match[3] or "") != KEPT_KINDS[match[1]]


def _remove_set(cache: BuildCache, names: Iterable[str]) -> None:
    # The summary first: without it the rest is trusted by nobody, even if this is cut short.
    for name in sorted(names, key=lambda name: not name.startswith("state-")):
        cache.remove(name)


def _folder_key(out: Path) -> str:
    return hashlib.sha256(str(out.resolve()).encode()).hexdigest()[:16]


def forget(cache: BuildCache, out: Path) -> None:
    """The saved LastBuild no longer describes the folder (files in it are being replaced): a
    build that starts now, or after this one was killed, reuses nothing from it."""
    cache.forget(kept_file("state", out))
