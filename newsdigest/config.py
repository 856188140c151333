"""SiteConfig: the typed contents of site.toml; unknown or mistyped keys are errors."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, fields
from pathlib import Path
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from newsdigest.errors import BuildError, Problem, closest
from newsdigest.text import slugify

CONFIG_NAME = "site.toml"


@dataclass(frozen=True)
class ThemeConfig:
    """The [theme] table: a newsroom's brand, without copying the stylesheet."""

    logo: str = ""  # a path from the site root, such as /images/logo.svg (SVG or PNG)
    favicon: str = ""  # a square PNG or SVG; made from the logo when absent
    accent: str = ""  # buttons, badges, rules: white text must read on it
    link: str = ""  # links on the light background
    header_background: str = ""
    header_text: str = ""


THEME_DEFAULTS = {"accent": "#b3261e", "link": "#0b5394", "header_background": "#0b2545",
                  "header_text": "#ffffff"}
PAGE_BACKGROUND = "#ffffff"


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
    towns: tuple[str, ...] = ()  # tag slugs that name towns, in menu order
    digest_cutoff: str = "00:00"  # "HH:MM": the daily edition holds the 24 hours before it
    digest_link_params: str = ""  # query added to every link of an edition (e.g. utm_source=...)
    digest_from: str = ""  # the From of email.eml, such as "Digest <news@example.org>"
    embed_hosts: tuple[str, ...] = ()  # hosts whose iframes are kept as embeds, beyond the known ones
    home_sections: tuple[str, ...] = ()  # tag slugs shown as sections on the home page
    theme: ThemeConfig = ThemeConfig()

    @property
    def colors(self) -> dict[str, str]:
        """Every brand colour, the theme's default where the site sets none."""
        return {k: getattr(self.theme, k) or v for k, v in THEME_DEFAULTS.items()}

    @property
    def publisher(self) -> str:
        return self.publisher_name or self.title

    @property
    def cutoff_minutes(self) -> int:
        hours, minutes = self.digest_cutoff.split(":")
        return int(hours) * 60 + int(minutes)

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
          "publisher_logo": str, "news_sitemap_days": int, "digest_cutoff": str,
          "digest_link_params": str, "digest_from": str, "embed_hosts": list}
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
    values = _typed_values(raw, bad)
    _parse_sections(raw, values, bad)
    _check_readers(raw, values, bad)
    if "theme" in raw:
        values["theme"] = _parse_theme(raw["theme"], bad)
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


def _parse_sections(raw: dict, values: dict, bad) -> None:
    """home_sections: the tags the front page shows a section for, in order."""
    if "home_sections" in raw:
        sections = raw["home_sections"]
        if not isinstance(sections, list) or not all(isinstance(t, str) for t in sections):
            bad("home_sections", f"expected a list of tags, got {sections!r}")
        else:
            values["home_sections"] = tuple(sections)


def _typed_values(raw: dict, bad) -> dict:
    """The plain settings (text, numbers, host lists) that have the right type and range."""
    values = {}
    for key, expected in _TYPES.items():
        if key not in raw:
            continue
        value = raw[key]
        if expected is list:
            if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
                bad(key, f"expected a list of host names, got {value!r}",
                    'for example embed_hosts = ["www.arcgis.com", "e.infogram.com"]')
                continue
            value = tuple(v.strip().lower() for v in value)
        elif not isinstance(value, expected) or isinstance(value, bool):
            bad(key, f"expected {'a number' if expected is int else 'text'}, got {value!r}")
            continue
        if key in _LIMITS and not _LIMITS[key][0] <= value <= _LIMITS[key][1]:
            bad(key, f"{value} is out of range (expected {_LIMITS[key][0]} to {_LIMITS[key][1]})")
            continue
        values[key] = value
    return values


_COLOR = re.compile(r"^#(?:[0-9a-fA-F]{3}){1,2}$")
# (foreground, background, where it shows): each pair must reach WCAG AA's 4.5:1.
_PAIRS = (("header_text", "header_background", "the header"),
          ("link", PAGE_BACKGROUND, "links on the page"),
          (PAGE_BACKGROUND, "accent", "white text on the accent colour"))


def _parse_theme(raw: object, bad) -> ThemeConfig:
    if not isinstance(raw, dict):
        bad("theme", f"expected a table ([theme]), got {raw!r}")
        return ThemeConfig()
    known = {f.name for f in fields(ThemeConfig)}
    values = {}
    for key, value in raw.items():
        if key not in known:
            guess = closest(key, known)
            bad(f"theme.{key}", "unknown setting", f"did you mean 'theme.{guess}'?" if guess else
                "known settings: " + ", ".join(sorted(known)))
        elif not isinstance(value, str):
            bad(f"theme.{key}", f"expected text, got {value!r}")
        elif key in THEME_DEFAULTS and not _COLOR.match(value):
            bad(f"theme.{key}", f"{value!r} is not a colour", "write it as #rrggbb, such as #0b2545")
        else:
            values[key] = value
    colors = {**THEME_DEFAULTS, **{k: v for k, v in values.items() if k in THEME_DEFAULTS}}
    for fore, back, shows in _PAIRS:
        if fore not in values and back not in values:
            continue
        a, b = colors.get(fore, fore), colors.get(back, back)
        ratio = contrast(a, b)
        if ratio < 4.5:
            setting = fore if fore in values else back
            bad(f"theme.{setting}", f"{a} on {b} ({shows}) has a contrast of {ratio:.2f}:1; "
                "WCAG AA needs at least 4.5:1", "pick a darker or lighter colour")
    return ThemeConfig(**values)


def contrast(first: str, second: str) -> float:
    """WCAG 2 contrast ratio of two #rgb / #rrggbb colours, from 1 to 21."""
    light, dark = sorted((_luminance(first), _luminance(second)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def _luminance(color: str) -> float:
    hex_digits = color[1:] if len(color) == 7 else "".join(c * 2 for c in color[1:])
    channels = [int(hex_digits[i:i + 2], 16) / 255 for i in (0, 2, 4)]
    r, g, b = (c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


_CUTOFF = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$")


def _check_readers(raw: dict, values: dict, bad) -> None:
    """towns, digest_cutoff and digest_link_params, checked and normalised into values."""
    if "towns" in raw:
        values["towns"] = _check_towns(raw["towns"], bad)
    if "digest_cutoff" in values and not _CUTOFF.match(values["digest_cutoff"]):
        bad("digest_cutoff", f"{values['digest_cutoff']!r} is not a time of day",
            'write it as "HH:MM", such as "06:00"')
    if "digest_link_params" in values:
        values["digest_link_params"] = values["digest_link_params"].lstrip("?&")


def _check_towns(value, bad) -> tuple[str, ...]:
    """Town tags as slugs, in the editor's order, each once."""
    if not isinstance(value, list) or not all(isinstance(v, str) and slugify(v) for v in value):
        bad("towns", f"expected a list of tag names, got {value!r}",
            'for example towns = ["Millbrook", "Oak Harbor"]')
        return ()
    return tuple(dict.fromkeys(slugify(v) for v in value))


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
