"""Dates as editors and other generators write them: ISO 8601, every form YAML 1.1 and Jekyll
read (`2014-10-22 9:00`, `2015-1-12`, `2015-03-17 14:00:00 -4`, `9:00 pm`), RFC 822 dates from
feeds, and `March 17, 2015`; and the date at the start of a Jekyll file name."""

from __future__ import annotations

import email.utils
import re
from datetime import date, datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo

from newsdigest.text import DATE_EXAMPLE, in_zone

_NUMERIC = re.compile(r"""^(?P<y>\d{4})[-/](?P<m>\d{1,2})[-/](?P<d>\d{1,2})
    (?:(?:[Tt]|\s+)(?P<H>\d{1,2}):(?P<M>\d{2})(?::(?P<S>\d{2})(?:[.,](?P<f>\d+))?)?
       (?:\s*(?P<ampm>[AaPp]\.?[Mm]\.?))?
       (?:\s*(?P<zone>[Zz]|UTC|GMT|[+-]\d{1,2}(?::?\d{2})?))?)?$""", re.X)
_MONTHS = {name: n for n, names in enumerate(
    ("jan january", "feb february", "mar march", "apr april", "may", "jun june", "jul july",
     "aug august", "sep sept september", "oct october", "nov november", "dec december"), 1)
    for name in names.split()}
_WORDY = re.compile(r"^(?:(?P<d1>\d{1,2})\s+(?P<m1>[A-Za-z]+)\.?|(?P<m2>[A-Za-z]+)\.?\s+(?P<d2>\d{1,2}))"
                    r",?\s+(?P<y>\d{4})(?P<rest>.*)$")
FILE_NAME_DATE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})-(.+)$")


def parse_date(text: str, tz: ZoneInfo) -> tuple[datetime, bool]:
    """(moment in the site's zone, whether a time was given); a date without an offset is the
    site's wall time. Raises ValueError with a message an editor can act on."""
    cleaned = " ".join(text.split())
    found = _NUMERIC.match(cleaned) or _wordy(cleaned)
    if found is None:
        moment = _rfc822(cleaned)
        if moment is None:
            raise ValueError(f'"{text}" is not a date ({DATE_EXAMPLE})')
        return in_zone(moment, text, tz), True
    parts = found.groupdict() if isinstance(found, re.Match) else found
    try:
        day = date(int(parts["y"]), int(parts["m"]), int(parts["d"]))
        clock, has_time = _clock(parts), parts["H"] is not None
        moment = datetime.combine(day, clock)
        offset = _offset(parts["zone"])
    except ValueError:
        raise ValueError(f'"{text}" is not a date ({DATE_EXAMPLE})') from None
    if offset is not None:
        moment = moment.replace(tzinfo=offset)
    return in_zone(moment, text, tz), has_time


def _clock(parts: dict) -> time:
    if parts["H"] is None:
        return time()
    hour, minute, second = int(parts["H"]), int(parts["M"]), int(parts["S"] or 0)
    ampm = (parts.get("ampm") or "").lower().replace(".", "")
    if ampm:
        if not 1 <= hour <= 12:
            raise ValueError
        hour = hour % 12 + (12 if ampm == "pm" else 0)
    micro = int((parts["f"] or "0")[:6].ljust(6, "0"))
    return time(hour, minute, second, micro)


def _offset(zone: str | None) -> timezone | None:
    if zone is None:
        return None
    if zone.upper() in ("Z", "UTC", "GMT"):
        return timezone.utc
    sign = -1 if zone[0] == "-" else 1
    digits = zone[1:].replace(":", "")
    hours, minutes = (int(digits), 0) if len(digits) <= 2 else (int(digits[:-2]), int(digits[-2:]))
    if hours > 23 or minutes > 59:
        raise ValueError
    return timezone(sign * timedelta(hours=hours, minutes=minutes))


def _wordy(text: str) -> dict | None:
    """"March 17, 2015", "17 Mar 2015 9:00": the month in words, then an optional time."""
    found = _WORDY.match(text)
    if found is None:
        return None
    month = _MONTHS.get((found["m1"] or found["m2"]).lower())
    if month is None:
        return None
    rest = found["rest"].strip()
    numeric = _NUMERIC.match(f"2000-01-01 {rest}" if rest else "2000-01-01")
    if numeric is None:
        return None
    return {**numeric.groupdict(), "y": found["y"], "m": month, "d": found["d1"] or found["d2"]}


def _rfc822(text: str) -> datetime | None:
    """"Tue, 17 Mar 2015 14:00:00 -0400", as RSS and WordPress write dates."""
    try:
        moment = email.utils.parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        return None
    return moment


def file_name_date(stem: str) -> tuple[str, str] | None:
    """("2015-01-12", "introducing-kavya") for a Jekyll post named 2015-1-12-introducing-kavya;
    None when the name does not start with a real date."""
    found = FILE_NAME_DATE.match(stem)
    if found is None:
        return None
    try:
        day = date(int(found.group(1)), int(found.group(2)), int(found.group(3)))
    except ValueError:
        return None
    return day.isoformat(), found.group(4)
