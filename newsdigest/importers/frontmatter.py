"""Front matter in and out: reading another generator's YAML (`---`), TOML (`+++`) or JSON (`{`),
and writing ours: UTF-8, YAML, every field in one fixed order, texts JSON-quoted.
"""

from __future__ import annotations

import json
import re
import tomllib
from pathlib import Path
from typing import Any

import yaml

from newsdigest.importers.model import Story

_BASE = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Loader(_BASE):  # type: ignore[misc, valid-type]
    """Safe YAML in which dates stay text: fields.parse_when reads every form Jekyll accepts."""


_Loader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in _BASE.yaml_implicit_resolvers.items()}


class FrontMatterError(ValueError):
    """The front matter is there but cannot be read; the message says why."""


def load_yaml(text: str) -> Any:
    try:
        return yaml.load(text, Loader=_Loader)  # noqa: S506 - a SafeLoader
    except yaml.YAMLError as exc:
        raise FrontMatterError(f"its YAML front matter cannot be read: {_first_line(exc)}") from None


def read_text(path: Path) -> tuple[str, str | None]:
    """A source file's text, and a note when it was not UTF-8 (read as Windows-1252 then)."""
    data = path.read_bytes()
    try:
        return data.decode("utf-8-sig"), None
    except UnicodeDecodeError as exc:
        line = data[:exc.start].count(b"\n") + 1
        return data.decode("cp1252", errors="replace"), (
            f"not UTF-8 (line {line}): read as Windows-1252; check its accented letters")


def read_source(path: Path) -> tuple[dict[str, Any] | None, str, str | None]:
    """(fields, body, encoding note) of a source file; raises FrontMatterError."""
    text, note = read_text(path)
    fields, body = split(text)
    return fields, body, note


def read_yaml_file(path: Path) -> Any:
    """A YAML file of the old site (_config.yml, _data/authors.yml); raises FrontMatterError."""
    try:
        return load_yaml(path.read_text(encoding="utf-8-sig"))
    except UnicodeDecodeError as exc:
        raise FrontMatterError(f"not UTF-8 ({exc.reason})") from None


def split(text: str) -> tuple[dict[str, Any] | None, str]:
    """(fields, body); fields is None when the file has no front matter at all."""
    text = text.lstrip("\ufeff").replace("\r\n", "\n")
    first = text.split("\n", 1)[0].rstrip()
    if first in ("---", "+++"):
        return _fenced(text, first)
    if text.lstrip().startswith("{"):
        return _json(text.lstrip())
    return None, text


def _fenced(text: str, fence: str) -> tuple[dict[str, Any], str]:
    lines = text.split("\n")
    closers = (fence, "...") if fence == "---" else (fence,)
    end = next((i for i in range(1, len(lines)) if lines[i].rstrip() in closers), None)
    if end is None:
        raise FrontMatterError(f"its front matter opens with {fence!r} but is never closed")
    raw = "\n".join(lines[1:end])
    body = "\n".join(lines[end + 1:])
    if fence == "+++":
        try:
            return tomllib.loads(raw), body
        except tomllib.TOMLDecodeError as exc:
            raise FrontMatterError(f"its TOML front matter cannot be read: {exc}") from None
    fields = load_yaml(raw) if raw.strip() else {}
    if not isinstance(fields, dict):
        raise FrontMatterError("its front matter is not a set of fields")
    return fields, body


def _json(text: str) -> tuple[dict[str, Any], str]:
    try:
        fields, end = json.JSONDecoder().raw_decode(text)
    except json.JSONDecodeError as exc:
        raise FrontMatterError(f"its JSON front matter cannot be read: {exc}") from None
    if not isinstance(fields, dict):
        raise FrontMatterError("its front matter is not a set of fields")
    return fields, text[end:]


def _first_line(exc: Exception) -> str:
    return str(exc).strip().split("\n", 1)[0]


_SURROGATE = re.compile("[\ud800-\udfff]")
# What YAML may not hold as it is (non-printable) or reads as a line end (NEL, U+2028, U+2029).
_NOT_YAML = re.compile("[^\x09\x0a\x0d\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufffd"
                       "\U00010000-\U0010ffff]")


def quoted(text: str) -> str:
    """A YAML double-quoted string that reads back as `text`: JSON's escaping, which is valid
    YAML, plus \\u escapes for what YAML would refuse or read as a line end."""
    dumped = json.dumps(_SURROGATE.sub("\ufffd", text), ensure_ascii=False)
    return _NOT_YAML.sub(lambda m: f"\\u{ord(m[0]):04x}", dumped)


def story_text(story: Story) -> str:
    """The whole file newsdigest reads: front matter in a fixed order, then the body."""
    src = _NOT_YAML.sub("?", " ".join(story.src.split()))  # a comment ends at the line's end
    lines = ["---", f"# imported from {src}", f"title: {quoted(story.title)}"]
    if story.summary:
        lines.append(f"summary: {quoted(story.summary)}")
    if len(story.authors) == 1:
        lines.append(f"author: {quoted(story.authors[0])}")
    elif story.authors:
        lines.append(f"author: {_flow(story.authors)}")
    lines.append(f"date: {story.date.text()}")
    if story.updated:
        lines.append(f"updated: {story.updated.text()}")
    if story.tags:
        lines.append(f"tags: {_flow(story.tags)}")
    for name in ("image", "image_alt", "image_caption"):
        if getattr(story, name):
            lines.append(f"{name}: {quoted(getattr(story, name))}")
    if story.draft:
        lines.append("draft: true")
    if story.expires:
        lines.append(f"expires: {story.expires.text()}")
    if story.aliases:
        lines += ["aliases:"] + [f"  - {quoted(alias)}" for alias in story.aliases]
    lines += [f"guid: {quoted(story.guid)}", "---", ""]
    return "\n".join(lines) + _SURROGATE.sub("\ufffd", story.body.strip("\n")) + "\n"


def _flow(names: list[str]) -> str:
    return "[" + ", ".join(quoted(n) for n in names) + "]"
