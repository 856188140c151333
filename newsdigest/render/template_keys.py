"""Which templates each page renders with, as a key that changes when any of them changes: what
lets a build re-render the pages of an edited template and no others."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path
from typing import Callable

from jinja2 import Environment, TemplateError


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
            except (TemplateError, UnicodeDecodeError, OSError):
                return None  # rendering will say what is wrong, with the template and line
            referenced = _referenced(found[name])
            if referenced is None:
                return None
            names.extend(referenced)
        return found


# {% extends|include|import|from "name" ... %} and cached_partial("name") (pages.py's _memo):
# a scan, not a parse (parsing every template cost a quarter of an edit build). It can only err
# towards more: a tag in a comment or a raw block adds a template, and a tag that names its
# template by anything but one plain string ({% include page_template %},
# {% include "a" if x else "b" %}, cached_partial(name)) counts every template.
_TAG = re.compile(r"\{%[-+]?\s*(?:extends|include|import|from)\b|\bcached_partial\s*\(")
_NAMED = re.compile(r"""\{%[-+]?\s*(?:extends|include|import|from)\s+(["'])([^"'\n]+)\1"""
                    r"""(?:\s+ignore\s+missing)?(?:\s+(?:with|without)\s+context)?"""
                    r"""(?:\s+as\s+\w+|\s+import\s+[\w\s,]+?)?"""
                    r"""(?:\s+(?:with|without)\s+context)?\s*[-+]?%\}""")
_CACHED = re.compile(r"""\bcached_partial\(\s*(["'])([^"'\n]+)\1\s*\)""")


def _referenced(source: str) -> list[str] | None:
    """The templates a template names; None when one is named other than by a plain string."""
    named = [m.group(2) for pattern in (_NAMED, _CACHED) for m in pattern.finditer(source)]
    return named if len(named) == len(_TAG.findall(source)) else None
