"""The generation: what the output folder's marker names a version of the folder by, worked out
from every output file and the fingerprint it was made from.

It is a sum, not a hash of the files one after another, so an edit build that replaced some
files takes out their terms as they were and adds them as they are now, without going over
every file again (at 100,000 stories, hashing every file and fingerprint took 0.1 to 0.14 s of
an edit build that replaced 26). The same files and fingerprints make the same generation
whichever build made them, so an edit build's marker is the one a whole build would write.
"""

from __future__ import annotations

import hashlib
from typing import Mapping

_BITS = 96  # the generation is 24 hex digits


def generation_of(pages: Mapping[str, str]) -> str:
    """The generation of a folder of these files (output path -> fingerprint)."""
    return _as_text(sum(map(_term, pages.items())))


def generation_after(generation: str, before: Mapping[str, str], after: Mapping[str, str]) -> str:
    """The generation of a folder once the files in `before` (with their fingerprints then)
    have been replaced by those in `after` (with their fingerprints now)."""
    total = int(generation, 16) - sum(map(_term, before.items())) + sum(map(_term, after.items()))
    return _as_text(total)


def _term(page: tuple[str, str]) -> int:
    path, fingerprint = page
    digest = hashlib.blake2b(f"{path}\0{fingerprint}".encode("utf-8", "surrogateescape"),
                             digest_size=_BITS // 8).digest()
    return int.from_bytes(digest, "big")


def _as_text(total: int) -> str:
    return f"{total % (1 << _BITS):0{_BITS // 4}x}"
