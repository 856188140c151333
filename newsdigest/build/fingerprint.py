"""Fingerprints of what each output file shows, so a rebuild re-renders only files whose inputs
changed. A story or video counts by the hash of its file; everything else by its value."""

from __future__ import annotations

import hashlib
from dataclasses import fields, is_dataclass
from datetime import date, datetime
from operator import attrgetter
from typing import Any

from markupsafe import Markup

from newsdigest.content.models import Story, Video


class Fingerprinter:
    """fingerprint(parts) -> hex digest; `shared` is folded into every one (config, templates).

    With track=True it also notes which stories and videos each fingerprint took in (`take()`),
    so serve knows which files a save can change without fingerprinting every file again.
    """

    def __init__(self, shared: str, item_hashes: dict[str, str], track: bool = False):
        self.shared = shared.encode()
        self.item_hashes = item_hashes
        self.seen: set[str] | None = set() if track else None

    def take(self) -> frozenset[str]:
        """The src_paths of the items fingerprinted since the last take."""
        seen, self.seen = frozenset(self.seen or ()), (set() if self.seen is not None else None)
        return seen

    def _item(self, src_path: str) -> str:
        if self.seen is not None:
            self.seen.add(src_path)
        return self.item_hashes[src_path]

    def __call__(self, parts: Any) -> str:
        digest = hashlib.blake2b(self.shared, digest_size=16)
        self._feed(digest, parts)
        return digest.hexdigest()

    def _feed(self, digest, value: Any) -> None:
        kind = type(value)
        if kind is str or kind is Markup:
            digest.update(b"S" + value.encode("utf-8", "surrogateescape") + b"\0")
        elif kind in _ITEMS:
            digest.update(b"I" + self._item(value.src_path).encode())
        elif kind is list or kind is tuple:
            if value and all(map(_ITEMS.__contains__, map(type, value))):  # rails and lists
                paths = list(map(_SRC_PATH, value))
                if self.seen is not None:
                    self.seen.update(paths)
                digest.update(b"[I")  # (one list can hold every story: no copy of its hashes)
                digest.update("".join(map(self.item_hashes.__getitem__, paths)).encode())
                return
            digest.update(b"[")
            for item in value:
                self._feed(digest, item)
            digest.update(b"]")
        elif value is None or kind in (bool, int, float):
            digest.update(b"V" + repr(value).encode())
        elif kind is datetime or kind is date:
            digest.update(b"D" + value.isoformat().encode())
        elif kind is dict:
            digest.update(b"{")
            for key in sorted(value):
                self._feed(digest, key)
                self._feed(digest, value[key])
            digest.update(b"}")
        elif hasattr(value, "src_path") and hasattr(value, "__html__"):  # a lazily fetched body
            digest.update(b"B" + self._item(value.src_path).encode())
        elif is_dataclass(value):
            names = _FIELDS.get(kind) or _FIELDS.setdefault(kind, tuple(f.name for f in fields(value)))
            digest.update(kind.__name__.encode())
            self._feed(digest, [getattr(value, name) for name in names])
        else:
            raise TypeError(f"cannot fingerprint {kind.__name__}; a page context holds "
                            "something the incremental build does not know")


_ITEMS = (Story, Video)
_SRC_PATH = attrgetter("src_path")
_FIELDS: dict[type, tuple[str, ...]] = {}
