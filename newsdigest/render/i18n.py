"""Every word the theme shows, in the site's language: the theme's translation files
(theme/i18n/<lang>.toml) under the site's own (i18n/<lang>.toml), English for any key missing,
and dates in the language's own patterns (Babel, with CLDR's month names and day periods)."""

from __future__ import annotations

import hashlib
import tomllib
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import lru_cache
from pathlib import Path

from babel import Locale, UnknownLocaleError
from babel.dates import format_date as babel_date
from babel.dates import format_datetime as babel_datetime

from newsdigest import THEME_DIR
from newsdigest.errors import Problem

FALLBACK = "en"


def primary_language(tag: str) -> str:
    """"es-US" -> "es": the translation file (and Babel locale) a language tag uses."""
    return (tag.replace("_", "-").split("-", 1)[0] or FALLBACK).lower()


@dataclass(frozen=True)
class Translations:
    """t("story.share") -> the text; t("list.stories", count=3) picks the _one/_other form."""

    language: str  # the primary subtag: "en", "es"; Babel's locale for dates too
    strings: dict[str, str]
    key: str  # a hash of every string: pages depend on it
    problems: tuple[Problem, ...] = field(default=(), compare=False)

    def __call__(self, key: str, count: int | None = None, **values) -> str:
        if count is not None:
            key = f"{key}_{'one' if count == 1 else 'other'}"
            values["count"] = _number(count, self.language)
        text = self.strings.get(key, key)
        return text.format_map(values) if values else text

    def datetime(self, moment: datetime) -> str:
        return self._moment(moment, "format.datetime")

    def date(self, moment: datetime | date) -> str:
        if isinstance(moment, datetime):
            return self._moment(moment, "format.date")
        return _formatted_date(moment, self.strings["format.date"], self.language)

    def day(self, moment: date, starts: bool = True) -> str:
        """With the weekday: "Thursday, Nov 19, 2026", for the daily digest; capitalised where
        it starts a line (starts), else as the language writes it mid-sentence (Spanish
        "jueves, 19 de noviembre" after a colon)."""
        text = _formatted_date(moment, self.strings["format.day"], self.language)
        return text[:1].upper() + text[1:] if starts else text

    def published(self, moment: datetime) -> str:
        """With the time zone: "Nov 19, 2026, 9:53 PM EST"."""
        return self._moment(moment, "format.published")

    def month(self, year: int, month: int) -> str:
        text = _formatted_date(date(year, month, 1), self.strings["format.month"], self.language)
        return text[:1].upper() + text[1:]

    def duration(self, seconds: int) -> str:
        """"1 minute 49 seconds", for screen readers."""
        hours, rest = divmod(seconds, 3600)
        minutes, secs = divmod(rest, 60)
        parts = [self(f"video.{unit}", count=n)
                 for n, unit in ((hours, "hour"), (minutes, "minute"), (secs, "second")) if n]
        return " ".join(parts) or self("video.second", count=0)

    def names(self, names: tuple[str, ...] | list[str]) -> str:
        """"A, B and C" with this language's "and"."""
        if len(names) <= 2:
            return f" {self('story.and')} ".join(names)
        return ", ".join(names[:-1]) + f" {self('story.and')} " + names[-1]

    def language_name(self, tag: str) -> str:
        """"es" -> "Spanish" (in an English site), for a captions track's label."""
        try:
            name = Locale.parse(tag.replace("-", "_")).get_display_name(self.language) or tag
        except (UnknownLocaleError, ValueError):
            return tag
        return name[:1].upper() + name[1:]

    def _moment(self, moment: datetime, pattern: str) -> str:
        # Aware datetimes of one instant are equal whatever their zone: the key names the zone
        # and the offset too, or 9:53 PM EST could come back as 02:53 UTC.
        return _formatted(moment, moment.isoformat(), repr(moment.tzinfo), self.strings[pattern],
                          self.language)


@lru_cache(maxsize=65536)
def _formatted(moment: datetime, _iso: str, _zone: str, pattern: str, language: str) -> str:
    """Babel's datetime, once per moment: a story's date shows on every list and feed it is in."""
    text = babel_datetime(moment, pattern, tzinfo=moment.tzinfo, locale=language)
    return text.replace("\u202f", "\u00a0")  # CLDR's narrow space: not every font has it


@lru_cache(maxsize=4096)
def _formatted_date(moment: date, pattern: str, language: str) -> str:
    return babel_date(moment, pattern, locale=language)


@lru_cache(maxsize=4096)
def _number(count: int, language: str) -> str:
    from babel.numbers import format_decimal
    return format_decimal(count, locale=language)


def load_translations(root: Path, language_tag: str) -> Translations:
    """The strings for the site's language; problems are warnings (a key missing or unknown)."""
    language = primary_language(language_tag)
    files = [THEME_DIR / "i18n" / f"{FALLBACK}.toml", THEME_DIR / "i18n" / f"{language}.toml",
             root / "i18n" / f"{language}.toml"]
    stamps = tuple((str(p), *_stamp(p)) for p in files)
    return _load(stamps, language)


def _stamp(path: Path) -> tuple[int, int]:
    try:
        info = path.stat()
    except OSError:
        return (-1, -1)
    return (info.st_size, info.st_mtime_ns)


@lru_cache(maxsize=8)
def _load(stamps: tuple, language: str) -> Translations:
    (english_path, *_), (theme_path, *_), (site_path, *site_stamp) = stamps
    english, problems = _read(Path(english_path), "(default theme)"), []
    strings = dict(english)
    ours = {}
    if language != FALLBACK:
        ours = _read(Path(theme_path), "(default theme)") if Path(theme_path).is_file() else {}
    site_file = Path(site_path)
    theirs = _read(site_file, f"i18n/{site_file.name}") if site_stamp[0] >= 0 else {}
    for source in (ours, theirs):
        strings.update({k: v for k, v in source.items() if k in english})
    where = f"i18n/{site_file.name}"
    for key in sorted(set(theirs) - set(english)):
        problems.append(Problem(where, None, key, "unknown translation key, ignored", warning=True))
    if language != FALLBACK:
        for key in sorted(set(english) - set(ours) - set(theirs)):
            problems.append(Problem(where, None, key, f"no {language!r} translation; "
                                    "the English text is shown", warning=True))
    digest = hashlib.sha256(repr(sorted(strings.items())).encode()).hexdigest()[:16]
    try:
        Locale.parse(language)
    except (UnknownLocaleError, ValueError):
        problems.append(Problem(where, None, None, f"no date formats for language {language!r}; "
                                "dates are in English", warning=True))
        language = FALLBACK
    return Translations(language, strings, f"{language}:{digest}", tuple(problems))


def _read(path: Path, label: str) -> dict[str, str]:
    from newsdigest.errors import BuildError
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8-sig"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise BuildError([Problem(label, None, None, f"not valid TOML: {exc}")]) from None
    flat: dict[str, str] = {}

    def walk(table: dict, prefix: str) -> None:
        for key, value in table.items():
            if isinstance(value, dict):
                walk(value, f"{prefix}{key}.")
            elif isinstance(value, str):
                flat[prefix + key] = value
            else:
                raise BuildError([Problem(label, None, prefix + key, f"expected text, got {value!r}")])
    walk(raw, "")
    return flat


def localize(env, translations: Translations) -> None:
    """Make the environment's templates speak the site's language: t() and the date filters."""
    env.globals["t"] = translations
    env.globals["lang"] = translations.language
    env.filters.update(datetime=translations.datetime, date=translations.date,
                       published=translations.published, spoken=translations.duration,
                       language_name=translations.language_name)
