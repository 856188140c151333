"""Images and bundle files: found in the source, copied into the site, references rewritten.

A site image goes to `static/images/imported/<its path in the old site>` and is shown at
`/images/imported/<that path>`; a Hugo bundle's files go to `static/images/imported/<slug>/`.
An image that cannot be found keeps its reference and is noted; one on another host is left alone.
"""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlsplit

from newsdigest.importers.model import Asset, Story

IMPORTED = "images/imported"


@dataclass(frozen=True)
class Finder:
    """Where the old site's files are: folders its paths start from, its hosts, a bundle."""

    roots: tuple[Path, ...] = ()  # "/assets/a.jpg" is looked for as root/assets/a.jpg
    hosts: frozenset[str] = frozenset()  # http://<host>/a.jpg is the old site's own
    bundle: Path | None = None  # a Hugo page bundle: relative names are its files
    bundle_files: tuple[str, ...] = field(default=())

    def resolve(self, ref: str, story: Story) -> str:
        """The address to write for `ref`, adding the file to copy to the story (or a note)."""
        ref = ref.strip()
        if not ref or ref.startswith(("data:", "#", "mailto:")):
            return ref
        parts = urlsplit(ref)
        own = not parts.netloc or (parts.hostname or "") in self.hosts
        if not own:
            return ref
        path = unquote(parts.path)
        if self.bundle and not path.startswith("/") and posixpath.normpath(path) in self.bundle_files:
            path = posixpath.normpath(path)
            return _copy(self.bundle / path, f"{story.slug}/{path}", story)
        found = self._find(path)
        if found is not None:
            return _copy(found[0], found[1], story)
        where = "still on the old site" if parts.netloc else "not found in the source"
        story.note(f"image {ref} {where}: reference left as it was")
        return ref

    def _find(self, path: str) -> tuple[Path, str] | None:
        rel = posixpath.normpath(path.lstrip("/"))
        if rel.startswith("..") or rel == ".":
            return None
        for root in self.roots:
            candidate = root / rel
            if candidate.is_file():
                return candidate, rel
        return None


def _copy(source: Path, rel: str, story: Story) -> str:
    asset = Asset(source, f"static/{IMPORTED}/{rel}")
    if asset not in story.assets:
        story.assets.append(asset)
    return f"/{IMPORTED}/{rel}"


_MD_IMAGE = re.compile(r"(!\[[^\]]*\]\(\s*)<?([^)\s>]+)>?")
_HTML_SRC = re.compile(r"""(<img\b[^>]*?\bsrc\s*=\s*)(["'])(.*?)\2""", re.I | re.S)
_MD_LINK = re.compile(r"((?<!!)\[[^\]]*\]\(\s*)([^)\s]+)")


def rewrite(body: str, finder: Finder, story: Story) -> str:
    """Every image in a Markdown body (Markdown or HTML) pointed at its copy in the site."""
    body = _MD_IMAGE.sub(lambda m: m[1] + finder.resolve(m[2], story), body)
    body = _HTML_SRC.sub(lambda m: m[1] + m[2] + finder.resolve(m[3], story) + m[2], body)
    if finder.bundle_files:  # links to a bundle's own files: a PDF, a second photo
        body = _MD_LINK.sub(lambda m: m[1] + _bundle_link(m[2], finder, story), body)
    return body


def _bundle_link(ref: str, finder: Finder, story: Story) -> str:
    if ":" in ref or posixpath.normpath(ref) not in finder.bundle_files:
        return ref
    return finder.resolve(ref, story)
