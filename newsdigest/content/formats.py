"""Front matter in TOML (between lines `+++`) and JSON (an object from a line `{` to a line `}`),
as Hugo writes them: read into the same fields as YAML, with the line of each field."""

from __future__ import annotations

import json
import re
import tomllib
from datetime import date, datetime, time
from typing import Any

from newsdigest.content.parsed import TOML_FENCE, Field, visible
from newsdigest.errors import Problem


def read_toml(src_path: str, lines: list[str], problems: list[Problem]):
    """(fields, index of the closing "+++" line), or None when it cannot be read."""
    end = next((i for i in range(1, len(lines)) if lines[i].rstrip() == TOML_FENCE), None)
    if end is None:
        problems.append(Problem(src_path, 1, None, "the TOML front matter is never closed",
                                "add a line '+++' after the last field, before the story text"))
        return None
    text = "\n".join(lines[1:end])
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        found = re.search(r"line (\d+)", str(exc))
        problems.append(Problem(src_path, int(found.group(1)) + 1 if found else 1, None,
                                f"the front matter is not valid TOML: {exc}",
                                'in TOML, text is written in quotes: title = "Fire on Main Street"'))
        return None
    return _fields(data, lines, end, r"^\s*['\"]?{}['\"]?\s*="), end


def read_json(src_path: str, lines: list[str], problems: list[Problem]):
    """(fields, index of the line that closes the object), or None when it cannot be read."""
    text = "\n".join(lines)
    try:
        data, stop = json.JSONDecoder().raw_decode(text)
    except json.JSONDecodeError as exc:
        problems.append(Problem(src_path, exc.lineno, None, f"the front matter is not valid JSON: "
                                f"{exc.msg}", "JSON front matter is one object: { \"title\": \"...\" }"))
        return None
    if not isinstance(data, dict):
        problems.append(Problem(src_path, 1, None, "the JSON front matter must be one object"))
        return None
    end = text[:stop].count("\n")
    return _fields(data, lines, end, r'^\s*"{}"\s*:'), end


def _fields(data: dict[str, Any], lines: list[str], end: int, pattern: str) -> dict[str, Field]:
    fields = {}
    for name, value in data.items():
        key = re.compile(pattern.format(re.escape(name)))
        line = next((n + 1 for n in range(end) if key.match(lines[n])), 1)
        value, _ = visible(value)
        fields[name] = Field(_plain(value), line, _scalar(value))
    return fields


def _plain(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


def _scalar(value: Any) -> str | None:
    """The value as text, the way a YAML scalar keeps it; None for lists, tables and null."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (datetime, date, time)):
        return value.isoformat()
    if isinstance(value, (str, int, float)):
        return str(value)
    return None
