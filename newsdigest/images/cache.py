"""The cache of processed images, kept between builds and shared by `build` and `serve`.

One folder an image set, named by its key (the source's sha256, the settings, the code, the
focal point): `<root>/<key[:2]>/<key>/` holds `set.json` and the variants' files. A set is
written whole into a temporary folder and renamed into place, so a set is either all there or
not there: a build killed mid-write leaves no partial file where a later build would read it.
Only the source's stat (size, modification time) is checked on a rebuild; its bytes are hashed
again only when that changed.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
import time
from dataclasses import asdict
from pathlib import Path

from newsdigest.errors import Problem
from newsdigest.images.model import ImageSet, Variant, source_digest

STALE_TEMP_SECONDS = 3600  # a temporary folder this old belongs to a process that died


class ImageCache:
    """Image sets by key, in a folder; safe to share between processes."""

    def __init__(self, root: Path):
        self.root = Path(root)
        self.temp = self.root / "tmp"
        self.temp.mkdir(parents=True, exist_ok=True)
        self._digests: _DigestMemo | None = None  # read on first use: workers never need it

    def entry(self, key: str) -> Path:
        return self.root / key[:2] / key

    def has(self, key: str) -> bool:
        return (self.entry(key) / "set.json").is_file()

    def file_of(self, key: str, variant: Variant, share: bool = False) -> Path:
        """Where a stored variant's bytes are (for a writer that copies or links them)."""
        return self.entry(key) / _file_name(variant, share)

    def get(self, key: str, with_data: bool = True) -> ImageSet | None:
        """The stored set, or None; with_data=False leaves every variant's bytes empty."""
        try:
            meta = json.loads((self.entry(key) / "set.json").read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        read = (lambda v, share=False: self.file_of(key, v, share).read_bytes()) if with_data \
            else (lambda v, share=False: b"")
        return _from_meta(meta, read)

    def put(self, image_set: ImageSet) -> None:
        """Store a set whole, or not at all."""
        if self.has(image_set.key):
            return
        work = Path(tempfile.mkdtemp(prefix=image_set.key[:12] + ".", dir=self.temp))
        try:
            for variant in image_set.variants:
                (work / _file_name(variant)).write_bytes(variant.data)
            if image_set.share:
                (work / _file_name(image_set.share, True)).write_bytes(image_set.share.data)
            (work / "set.json").write_text(json.dumps(_to_meta(image_set)), encoding="utf-8")
            self.entry(image_set.key).parent.mkdir(exist_ok=True)
            os.replace(work, self.entry(image_set.key))
        except OSError:
            if not self.has(image_set.key):  # another process storing the same set won the race
                raise
        finally:
            shutil.rmtree(work, ignore_errors=True)

    def digest(self, path: Path) -> str:
        """sha256 of a source file's bytes, recomputed only when its size or time changed."""
        if self._digests is None:
            self._digests = _DigestMemo(self.root / "sources.json")
        return self._digests.digest(Path(path))

    def save_digests(self) -> None:
        if self._digests is not None:
            self._digests.save()

    def sweep_temp(self, older_than: float = STALE_TEMP_SECONDS) -> None:
        """Remove what processes that died mid-write left in the temporary folder."""
        limit = time.time() - older_than
        for item in self.temp.iterdir():
            if item.stat().st_mtime < limit:
                shutil.rmtree(item, ignore_errors=True)


def _file_name(variant: Variant, share: bool = False) -> str:
    return f"share.{variant.extension}" if share else f"{variant.width}.{variant.extension}"


def _to_meta(image_set: ImageSet) -> dict:
    meta = asdict(image_set)
    for variant in [*meta["variants"], *([meta["share"]] if meta["share"] else [])]:
        variant.pop("data")
    return meta


def _from_meta(meta: dict, read) -> ImageSet:
    def variant(v: dict, share: bool = False) -> Variant:
        plain = Variant(v["width"], v["height"], v["format"], b"")
        return Variant(plain.width, plain.height, plain.format, read(plain, share))
    return ImageSet(meta["src_path"], meta["width"], meta["height"], meta["key"],
                    meta["fallback_format"], tuple(variant(v) for v in meta["variants"]),
                    variant(meta["share"], True) if meta["share"] else None,
                    tuple(Problem(**p) for p in meta["warnings"]))


class _DigestMemo:
    """path -> (size, mtime_ns, sha256), kept in a JSON file beside the cache."""

    def __init__(self, file: Path):
        self.file = file
        try:
            self.known = json.loads(file.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            self.known = {}
        self.changed = False

    def digest(self, path: Path) -> str:
        stat = path.stat()
        name = str(path.resolve())
        seen = self.known.get(name)
        if seen and seen[0] == stat.st_size and seen[1] == stat.st_mtime_ns:
            return seen[2]
        digest = source_digest(path.read_bytes())
        self.known[name] = [stat.st_size, stat.st_mtime_ns, digest]
        self.changed = True
        return digest

    def save(self) -> None:
        if not self.changed:
            return
        fd, temp = tempfile.mkstemp(dir=self.file.parent, prefix="sources.", suffix=".tmp")
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            json.dump(self.known, out)
        os.replace(temp, self.file)
        self.changed = False
