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
    # Set to the PublishOptions when serving, so templates can label drafts and future stories;
    # None in a normal build, which keeps its output free of preview labels.
    env.globals["preview"] = None
    return env


def render_template(env: Environment, name: str, context: dict[str, Any]) -> bytes:
    """Render one page; a broken template is a BuildError naming the template and line."""
    try:
        return env.get_template(name).render(context).encode("utf-8")
    except TemplateError as exc:
        where, line = _template_position(exc, name)
        raise BuildError([Problem(where, line, None, f"template error: {exc.message or exc}")]) from None


def _template_position(exc: TemplateError, name: str) -> tuple[str, int | None]:
    """The template file and line an error comes from (Jinja puts them in the traceback)."""
    where, line = getattr(exc, "filename", None), getattr(exc, "lineno", None)
    if where is None:
        tb = exc.__traceback__
        while tb is not None:
            filename = tb.tb_frame.f_code.co_filename
            if filename.endswith((".html", ".xml", ".txt")) and Path(filename).exists():
                where, line = filename, tb.tb_lineno
            tb = tb.tb_next
    path = Path(where or name)
    theme = THEME_DIR / "templates"
    if path.is_relative_to(theme):
        return f"(default theme) {path.relative_to(theme).as_posix()}", line
    if "templates" in path.parts:
        cut = len(path.parts) - 1 - path.parts[::-1].index("templates")
        return "/".join(path.parts[cut:]), line
    return path.as_posix(), line
