"""Which templates each page renders with, as a key that changes when any of them changes: what
lets a build re-render the pages of an edited template and no others."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Callable

from jinja2 import Environment, TemplateError, meta


def templates_hash(folders: list[Path]) -> str:
    """One hash of every template a build can use (a site's override wins, as in the loader)."""
    digest = hashlib.sha256()
    seen: set[str] = set()
    for folder in folders:
        for path in sorted(folder.rglob("*")) if folder.is_dir() else ():
            name = path.relative_to(folder).as_posix()
            if path.is_file() and name not in seen:
                seen.add(name)
                digest.update(name.encode("utf-8", "surrogateescape") + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


class TemplateKeys:
    """template name -> a key that changes when anything its pages render with changes: the
    template, what it extends, includes and imports (as the loader finds them, a site's override
    first), and the story and video cards, which pages render through Python. Editing the
    article template re-renders articles, not lists or feeds. A template that names another
    only at render time, or cannot be read, counts every template (`everything`)."""

    CARDS = ("partials/card.html", "partials/video_card.html")

    def __init__(self, env: Environment, everything: Callable[[], str]):
        self.env, self._everything = env, everything
        self._keys: dict[str, str] = {}

    def __call__(self, name: str) -> str:
        if name not in self._keys:
            sources = self._sources([name, *self.CARDS])
            digest = hashlib.sha256(name.encode() + b"\0")
            if sources is None:
                digest.update(b"*" + self._everything().encode())
            else:
                for used in sorted(sources):
                    digest.update(used.encode() + b"\0" + sources[used].encode() + b"\0")
            self._keys[name] = digest.hexdigest()
        return self._keys[name]

    def _sources(self, names: list[str]) -> dict[str, str] | None:
        found: dict[str, str] = {}
        while names:
            name = names.pop()
            if name in found:
                continue
            try:
                found[name] = self.env.loader.get_source(self.env, name)[0]
                referenced = list(meta.find_referenced_templates(self.env.parse(found[name])))
            except (TemplateError, UnicodeDecodeError, OSError):
                return None  # rendering will say what is wrong, with the template and line
            if None in referenced:
                return None
            names.extend(referenced)
        return found
