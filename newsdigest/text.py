"""Small text helpers shared by every stage: slugs, dates and durations, parsed and shown."""

from __future__ import annotations

import re
import unicodedata
from datetime import date, datetime, time, timezone
from zoneinfo import ZoneInfo

_NOT_SLUG = re.compile(r"[^a-z0-9]+")
DATE_EXAMPLE = "expected a date like 2024-05-01 or 2024-05-01T09:30, optionally with an offset like -05:00"


# Characters no web page or feed may hold (XML 1.0): C0 controls but tab and line ends,
# U+FFFE, U+FFFF, and lone surrogates (which YAML's "\ud800" escape can make).
_INVISIBLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def strip_invisible(text: str) -> tuple[str, str | None]:
    """text without those characters, and the first one removed as "U+0007" (None if none)."""
    found = _INVISIBLE.search(text)
    if found is None:
        return text, None
    return _INVISIBLE.sub("", text), f"U+{ord(found.group()):04X}"


def slugify(text: str) -> str:
    """Lower-case ASCII words joined by '-': "Café Olé / News!" -> "cafe-ole-news"."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return _NOT_SLUG.sub("-", ascii_text.lower()).strip("-")[:120].rstrip("-")


def parse_datetime(text: str, tz: ZoneInfo) -> tuple[datetime, bool]:
    """An ISO 8601 date or date-time in the site's zone; returns (moment, has_time).

    Raises ValueError with a message an editor can act on.
    """
    cleaned = text.strip()
    if not re.match(r"^\d{4}-\d{2}-\d{2}", cleaned):
        raise ValueError(f'"{text}" is not a date ({DATE_EXAMPLE})')
    try:
        if len(cleaned) == 10:
            moment, has_time = datetime.combine(date.fromisoformat(cleaned), time()), False
        else:
            moment, has_time = datetime.fromisoformat(cleaned), True
    except ValueError:
        raise ValueError(f'"{text}" is not a date ({DATE_EXAMPLE})') from None
    return in_zone(moment, text, tz), has_time


def in_zone(moment: datetime, text: str, tz: ZoneInfo) -> datetime:
    """to_zone, or ValueError naming `text` when the moment cannot be said with an offset."""
    try:
        moment = to_zone(moment, tz)
    except OverflowError:
        raise ValueError(f'"{text}" is too close to the edge of the calendar') from None
    if moment.utcoffset().seconds % 60:  # local mean time before time zones: feeds cannot say it
        raise ValueError(f'"{text}" is too close to the edge of the calendar')
    return moment


def to_zone(moment: datetime, tz: ZoneInfo) -> datetime:
    """Aware moment in tz; a naive one is read as tz wall time (a time skipped by DST moves on)."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=tz)
    return moment.astimezone(timezone.utc).astimezone(tz)


def format_datetime(moment: datetime) -> str:
    """"Mar 14, 2019, 9:53 PM", the way a newsroom prints a dateline."""
    hour = moment.hour % 12 or 12
    return f"{format_date(moment)}, {hour}:{moment.minute:02d} {'AM' if moment.hour < 12 else 'PM'}"


def format_date(moment: datetime | date) -> str:
    return f"{moment:%b} {moment.day}, {moment.year}"


def iso(moment: datetime) -> str:
    """ISO 8601 with the offset, to the second: 2019-03-14T21:53:00-04:00."""
    return moment.isoformat(timespec="seconds")


_DURATION = re.compile(r"^(?:(\d+):)?(\d{1,2}):(\d{2})$")


def parse_duration(value: object) -> int:
    """Seconds from "1:49", "1:02:03" or a number of seconds; raises ValueError."""
    if isinstance(value, bool):
        raise ValueError
    if isinstance(value, int):
        if value < 0:
            raise ValueError
        return value
    text = str(value).strip()
    if text.isdigit():
        return int(text)
    found = _DURATION.match(text)
    if not found or int(found.group(3)) > 59 or (found.group(1) and int(found.group(2)) > 59):
        raise ValueError
    hours, minutes, seconds = (int(g or 0) for g in found.groups())
    return hours * 3600 + minutes * 60 + seconds


def duration_clock(seconds: int) -> str:
    """1:49 or 1:02:03, as the badge on a thumbnail shows it."""
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


def duration_words(seconds: int) -> str:
    """"1 minute 49 seconds": what a screen reader should say for the badge."""
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    parts = [f"{n} {unit}{'' if n == 1 else 's'}"
             for n, unit in ((hours, "hour"), (minutes, "minute"), (secs, "second")) if n]
    return " ".join(parts) or "0 seconds"


def duration_iso(seconds: int) -> str:
    """PT1M49S, for machine-readable durations."""
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    out = "PT" + (f"{hours}H" if hours else "") + (f"{minutes}M" if minutes else "")
    return out + (f"{secs}S" if secs or out == "PT" else "")
