"""The digest feed's editions kept between builds. The feed carries its newest editions whole,
every style inlined, and making one again costs more than most pages (about 1 ms at 10,000
stories, 15 ms at 100,000, and the feed has 50); a saved story changes one of them.

An edition is saved under the fingerprint of everything it shows (its stories' and videos'
file hashes, the templates, site.toml and the code), so a saved one is right for any build that
looks it up. Whole builds, and edit builds that render the feed, save those they used.
"""

from __future__ import annotations

from pathlib import Path
from typing import Callable, Mapping

from newsdigest.build.cache import BuildCache
from newsdigest.build.fingerprint import Fingerprinter
from newsdigest.build.last_build import kept_file
from newsdigest.site.digest import Edition


class FragmentCache:
    """The render stage's `digest_fragments`: an edition's fragment from the saved ones, or
    made. Keeps those it handed out (at most `limit`, the newest) for `take`."""

    def __init__(self, fingerprint: Fingerprinter, known: Mapping[str, bytes], limit: int):
        self.fingerprint, self.known, self.limit = fingerprint, known, limit
        self.used: dict[str, bytes] = {}

    def __call__(self, parts: tuple[tuple[str, ...], Edition], make: Callable[[], bytes]) -> bytes:
        """parts: the keys of the templates it renders with, and the edition."""
        key = self.fingerprint(("digest fragment", parts))
        data = self.used.pop(key, None) or self.known.get(key) or make()
        self.used[key] = data
        while len(self.used) > self.limit:  # serve hands out a new one with every save
            self.used.pop(next(iter(self.used)))
        return data

    def take(self) -> dict[str, bytes]:
        """The fragments handed out since the last take (a worker process hands them back)."""
        used, self.used = self.used, {}
        return used


def saved_fragments(cache: BuildCache, out: Path) -> dict[str, bytes]:
    """The fragments the last build into `out` that rendered the feed used (empty: none)."""
    saved = cache.load_pickle(kept_file("fragments", out, ".pickle"))
    return saved if isinstance(saved, dict) else {}


def save_fragments(cache: BuildCache, out: Path, fragments: dict[str, bytes]) -> None:
    if cache.enabled and fragments:
        cache.save_pickle(kept_file("fragments", out, ".pickle"), fragments)
