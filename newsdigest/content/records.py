"""Stories and videos as JSON-able records and back, and the hash that names a file's bytes:
what lets a later build take an item from the cache instead of parsing its file again."""

from __future__ import annotations

import hashlib
import json
from dataclasses import fields
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from newsdigest.content.models import Caption, Correction, Story, Video
from newsdigest.errors import Problem


def content_hash(src_path: str, data: bytes) -> str:
    return hashlib.sha256(src_path.encode("utf-8", "surrogateescape") + b"\0" + data).hexdigest()


def item_record(item: Story | Video, problems: list[Problem]) -> dict | None:
    """A JSON-able record of a validated item, or None if its extra fields are not JSON-able."""
    try:
        json.dumps(item.extra)  # every other field has a known type, written below
    except (TypeError, ValueError):
        return None
    record: dict[str, Any] = {"kind": type(item).__name__, "problems": [problem_record(p) for p in problems]}
    for f in fields(item):
        if f.name == "body":
            continue  # most of a record's bytes: its HTML is cached on its own (BuildCache.body)
        value = getattr(item, f.name)
        if isinstance(value, datetime):
            value = value.isoformat()
        elif f.name == "corrections":
            value = [[c.date.isoformat(), c.text] for c in value]
        elif f.name == "captions":
            value = [[c.language, c.src] for c in value]
        record[f.name] = value
    return record


def item_from_record(record: dict, tz: ZoneInfo) -> tuple[Story | Video, list[Problem]]:
    """The item a record was made from. A record holds every field of a validated item but its
    Markdown body (the item's body is empty: its HTML is cached), so the item is filled in
    directly, not validated again: a build with nothing to parse makes tens of thousands."""
    kind = Story if record["kind"] == "Story" else Video
    values = {"body": ""}
    for name in _FIELD_NAMES[kind]:
        value = record[name]
        if name in ("date", "updated", "publish_date", "expires") and value is not None:
            value = datetime.fromisoformat(value).astimezone(tz)
        elif name == "corrections":
            value = tuple(Correction(datetime.fromisoformat(when).astimezone(tz), text)
                          for when, text in value)
        elif name == "captions":
            value = tuple(Caption(language, src) for language, src in value)
        elif type(value) is list:
            value = tuple(value)
        values[name] = value
    item = object.__new__(kind)
    item.__dict__.update(values)  # a frozen dataclass's own __init__ sets each field the slow way
    return item, [Problem(**p) for p in record["problems"]]


_FIELD_NAMES = {kind: tuple(f.name for f in fields(kind) if f.name != "body") for kind in (Story, Video)}


def problem_record(problem: Problem) -> dict:
    """A problem as a JSON-able dict that Problem(**record) turns back into it."""
    return {f.name: getattr(problem, f.name) for f in fields(problem)}
