"""Old addresses: each post's path under the old site's scheme, which becomes an alias.

Jekyll's `permalink` (a style name or a pattern; the default is `date`,
`/:categories/:year/:month/:day/:title:output_ext`), Hugo's `[permalinks]` (or its default,
`/<section>/<slug or file name>/`), and a helper that turns any old address into a site path.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import datetime
from urllib.parse import quote, urlsplit

JEKYLL_STYLES = {
    "date": "/:categories/:year/:month/:day/:title:output_ext",
    "pretty": "/:categories/:year/:month/:day/:title/",
    "ordinal": "/:categories/:year/:y_day/:title:output_ext",
    "weekdate": "/:categories/:year/W:week/:short_day/:title:output_ext",
    "none": "/:categories/:title:output_ext",
}
JEKYLL_DEFAULT = JEKYLL_STYLES["date"]


@dataclass(frozen=True)
class Place:
    """What a permalink pattern may use of a post."""

    when: datetime
    title: str  # Jekyll: the file name's slug (or `slug:`); Hugo: the title as written
    slug: str  # Jekyll: the same, slugified; Hugo: `slug:` ("" when there is none)
    filename: str = ""
    categories: tuple[str, ...] = ()
    section: str = ""  # Hugo: the first folder under content/
    sections: str = ""  # Hugo: every folder under content/, joined with "/"


def site_path(address: str) -> str | None:
    """"https://old.example/2015/x/?a=1" -> "/2015/x/?a=1"; "x/" -> "/x/"; None for empty."""
    address = str(address or "").strip()
    if not address:
        return None
    parts = urlsplit(address)
    path = parts.path if parts.path.startswith("/") else "/" + parts.path
    path = quote(path, safe="/%:@!$&'()*+,;=-._~")
    return path + (f"?{parts.query}" if parts.query else "")


def jekyll_path(pattern: str | None, place: Place) -> str:
    """The path Jekyll gave a post under `permalink` (a style name or a pattern)."""
    pattern = JEKYLL_STYLES.get(pattern or "date", pattern or JEKYLL_DEFAULT)
    when = place.when
    values = {
        "year": f"{when:%Y}", "month": f"{when:%m}", "i_month": str(when.month),
        "day": f"{when:%d}", "i_day": str(when.day), "short_year": f"{when:%y}",
        "hour": f"{when:%H}", "minute": f"{when:%M}", "second": f"{when:%S}",
        "y_day": f"{when:%j}", "week": f"{when:%V}", "short_day": f"{when:%a}",
        "long_day": f"{when:%A}", "short_month": f"{when:%b}", "long_month": f"{when:%B}",
        "title": place.title, "slug": place.slug, "name": place.slug,
        "categories": "/".join(c.lower().replace(" ", "-") for c in place.categories),
        "output_ext": ".html",
    }
    return _fill(pattern, values)


def hugo_path(pattern: str | None, place: Place, ugly: bool = False) -> str:
    """The path Hugo gave a page under its section's `[permalinks]` pattern (or the default)."""
    when = place.when
    values = {
        "year": f"{when:%Y}", "month": f"{when:%m}", "monthname": f"{when:%B}".lower(),
        "day": f"{when:%d}", "weekday": str(when.isoweekday() % 7),
        "weekdayname": f"{when:%A}".lower(), "yearday": str(when.timetuple().tm_yday),
        "section": place.section, "sections": place.sections, "title": urlize(place.title),
        "slug": place.slug or urlize(place.title),
        "slugorfilename": place.slug or place.filename,
        "slugorcontentbasename": place.slug or place.filename,
        "filename": place.filename, "contentbasename": place.filename,
    }
    path = _fill(pattern or "/:sections/:slugorfilename/", values)
    return path[:-1] + ".html" if ugly and path.endswith("/") and path != "/" else path


_TOKEN = re.compile(r":([a-z_]+)")


def _fill(pattern: str, values: dict[str, str]) -> str:
    path = _TOKEN.sub(lambda m: values.get(m[1], m[0]), pattern)
    path = re.sub(r"/{2,}", "/", "/" + path)
    return site_path(path) or "/"


def urlize(title: str) -> str:
    """Hugo's urlize: lower case; letters, digits, marks and `._-#+~@/` kept; a run of spaces
    becomes one '-' before the next kept character; everything else dropped."""
    out: list[str] = []
    hyphen_due = was_hyphen = False
    for char in unicodedata.normalize("NFC", title).lower():
        kind = unicodedata.category(char)
        if char in "._-#+~@/\\" or kind[0] in "LM" or kind == "Nd":
            was_hyphen = char == "-"
            if hyphen_due and not was_hyphen:
                out.append("-")
            hyphen_due = False
            out.append(char)
        elif out and not was_hyphen and char.isspace():
            hyphen_due = True
    return "".join(out)


def unique_paths(paths) -> list[str]:
    """Site paths in order, without repeats or empties."""
    return list(dict.fromkeys(p for p in (site_path(x) for x in paths) if p))
