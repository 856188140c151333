"""SiteConfig: the typed contents of site.toml; unknown or mistyped keys are errors."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, fields
from pathlib import Path
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from newsdigest.errors import BuildError, Problem, closest

CONFIG_NAME = "site.toml"


@dataclass(frozen=True)
class SiteConfig:
    """Everything a newsroom sets once for its site."""

    title: str
    base_url: str  # absolute, always ends with "/"
    description: str = ""
    language: str = "en"
    timezone: str = "UTC"
    page_size: int = 20
    rail_size: int = 20
    feed_size: int = 50
    publisher_name: str = ""  # who publishes, in JSON-LD and the news sitemap; default: title
    publisher_logo: str = ""  # a path from the site root or a full URL (JSON-LD publisher.logo)
    news_sitemap_days: int = 2  # stories younger than this many days are in news-sitemap.xml

    @property
    def publisher(self) -> str:
        return self.publisher_name or self.title

    @property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    @property
    def base_path(self) -> str:
        """The path part of base_url, such as "/" or "/news/": prefix of every site URL."""
        return urlsplit(self.base_url).path

    @property
    def origin(self) -> str:
        parts = urlsplit(self.base_url)
        return f"{parts.scheme}://{parts.netloc}"


REQUIRED = ("title", "base_url")
_TYPES = {"title": str, "base_url": str, "description": str, "language": str, "timezone": str,
          "page_size": int, "rail_size": int, "feed_size": int, "publisher_name": str,
          "publisher_logo": str, "news_sitemap_days": int}
_LIMITS = {"page_size": (1, 1000), "rail_size": (0, 100), "feed_size": (1, 1000),
           "news_sitemap_days": (1, 2)}  # Google News reads only the last two days


def load_config(root: Path) -> SiteConfig:
    """Read ROOT/site.toml; raise BuildError listing every problem."""
    path = root / CONFIG_NAME
    try:
        raw = tomllib.loads(path.read_bytes().decode("utf-8-sig"))
    except FileNotFoundError:
        raise BuildError([Problem(CONFIG_NAME, None, None, f"no {CONFIG_NAME} in {root}",
                                  hint="is --root the folder that holds site.toml and content/?")])
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise BuildError([Problem(CONFIG_NAME, _toml_line(exc), None, f"not valid TOML: {exc}")])
    return parse_config(raw)


def parse_config(raw: dict) -> SiteConfig:
    """Turn a parsed site.toml into a SiteConfig or raise BuildError with every problem."""
    problems: list[Problem] = []

    def bad(key: str, message: str, hint: str | None = None) -> None:
        problems.append(Problem(CONFIG_NAME, None, key, message, hint))

    known = {f.name for f in fields(SiteConfig)}
    for key in raw:
        if key not in known:
            guess = closest(key, known)
            bad(key, "unknown setting", f"did you mean {guess!r}?" if guess else
                "known settings: " + ", ".join(sorted(known)))
    for key in REQUIRED:
        if key not in raw:
            bad(key, "is required")
    values = {}
    for key, expected in _TYPES.items():
        if key not in raw:
            continue
        value = raw[key]
        if not isinstance(value, expected) or isinstance(value, bool):
            bad(key, f"expected {'a number' if expected is int else 'text'}, got {value!r}")
            continue
        if key in _LIMITS and not _LIMITS[key][0] <= value <= _LIMITS[key][1]:
            bad(key, f"{value} is out of range (expected {_LIMITS[key][0]} to {_LIMITS[key][1]})")
            continue
        values[key] = value
    if "base_url" in values:
        values["base_url"] = _check_base_url(values["base_url"], bad)
    if "timezone" in values:
        try:
            ZoneInfo(values["timezone"])
        except (ZoneInfoNotFoundError, ValueError):
            bad("timezone", f"{values['timezone']!r} is not a time zone",
                "use an IANA name such as America/New_York or UTC")
    if problems:
        raise BuildError(problems)
    return SiteConfig(**values)


def _check_base_url(url: str, bad) -> str:
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        bad("base_url", f"{url!r} is not an absolute http(s) URL",
            "for example https://news.example.org/")
        return url
    if parts.query or parts.fragment:
        bad("base_url", f"{url!r} must not have a query or fragment")
    return url if url.endswith("/") else url + "/"


def _toml_line(exc: Exception) -> int | None:
    found = re.search(r"at line (\d+)", str(exc))
    return int(found.group(1)) if found else None
