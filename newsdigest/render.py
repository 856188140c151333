"""The Jinja environment: templates from the site's templates/ over the default theme's."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import quote

from jinja2 import ChoiceLoader, Environment, FileSystemLoader, StrictUndefined, TemplateError

from .errors import BuildError, Problem
from .text import duration_clock, duration_iso, duration_words, format_date, format_datetime, iso

THEME_DIR = Path(__file__).parent / "theme"


@dataclass(frozen=True)
class PageMeta:
    """What every page's <head> and chrome need to know about the page."""

    site_path: str
    title: str
    description: str = ""
    feeds: tuple[tuple[str, str, str], ...] = ()  # (type, title, url)
    extra: dict[str, Any] = field(default_factory=dict)


def make_environment(root: Path) -> Environment:
    """One environment per build: site templates override the theme's file by file."""
    env = Environment(
        loader=ChoiceLoader([FileSystemLoader(str(root / "templates")),
                             FileSystemLoader(str(THEME_DIR / "templates"))]),
        autoescape=True, undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True,
        keep_trailing_newline=True, auto_reload=False)
    env.filters.update(datetime=format_datetime, date=format_date, iso=iso, clock=duration_clock,
                       spoken=duration_words, iso_duration=duration_iso,
                       urlencode_component=lambda s: quote(str(s), safe=""))
    return env


def render_template(env: Environment, name: str, context: dict[str, Any]) -> bytes:
    """Render one page; a broken template is a BuildError naming the template and line."""
    try:
        return env.get_template(name).render(context).encode("utf-8")
    except TemplateError as exc:
        where = getattr(exc, "filename", None) or name
        line = getattr(exc, "lineno", None)
        try:
            where = Path(where).relative_to(Path.cwd()).as_posix()
        except ValueError:
            pass
        raise BuildError([Problem(str(where), line, None, f"template error: {exc.message or exc}")])
