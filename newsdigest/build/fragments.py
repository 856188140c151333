"""Fragments of output files kept between builds: the digest feed's entries, one per edition.

The digest's feed carries its newest editions whole, every style inlined; an edit changes one
of them, but a new process would make all of them again (about 1 ms each at 10,000 stories,
15 ms at 100,000, and the feed has 50). A fragment is saved under the fingerprint of everything
it is made from (its stories' and videos' file hashes, the keys of its templates, site.toml and
the code), so a saved fragment is right for any build that looks it up. Whole builds and edit
builds save the fragments they used; serve keeps those of its whole builds in memory.

(The feeds' entries were kept too, for a while: 22 MB at 10,000 stories, which raised a cold
build's peak memory by 20 MB to save an edit build 0.08 s.)
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Callable, Mapping

from newsdigest.build.cache import BuildCache
from newsdigest.build.fingerprint import Fingerprinter
from newsdigest.build.last_build import kept_file
from newsdigest.render.lint import trust_entries


class FragmentCache:
    """The render stage's `fragments`: (parts, make) -> a fragment, saved or made, under its
    fingerprint; with `record`, those handed out are kept for `take`."""

    def __init__(self, fingerprint: Fingerprinter, known: Mapping[str, bytes], record: bool = True):
        self.fingerprint, self.known, self.record = fingerprint, known, record
        self.used: dict[str, bytes] = {}

    def __call__(self, parts: Any, make: Callable[[], bytes]) -> bytes:
        key = self.fingerprint(parts)
        data = self.used.get(key) or self.known.get(key) or make()
        if self.record:
            self.used[key] = data
        return data

    def take(self) -> dict[str, bytes]:
        """The fragments handed out since the last take (a worker process hands them back)."""
        used, self.used = self.used, {}
        return used


def saved_fragments(cache: BuildCache, out: Path) -> dict[str, bytes]:
    """The fragments that the last build into `out` used (empty: none saved). They are saved
    only by a build whose output passed the check, so their entries are not checked again."""
    saved = cache.load_pickle(kept_file("fragments", out))
    if not isinstance(saved, dict):
        return {}
    trust_entries(saved.values())
    return saved


def save_fragments(cache: BuildCache, out: Path, fragments: dict[str, bytes]) -> None:
    if cache.enabled and fragments:
        cache.save_pickle(kept_file("fragments", out), fragments)
