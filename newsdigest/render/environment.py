"""The Jinja environment: templates from the site's templates/ over the default theme's."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any, Callable
from urllib.parse import quote, urlsplit

from jinja2 import (
    BytecodeCache,
    ChoiceLoader,
    Environment,
    FileSystemLoader,
    StrictUndefined,
    TemplateError,
)
from markupsafe import Markup

from newsdigest import THEME_DIR
from newsdigest.render.pictures import CARD_SIZES, HOME_LEAD_SIZES, LEAD_SIZES, THUMB_SIZES, SitePictures
from newsdigest.errors import BuildError, Problem
from newsdigest.text import (
    duration_clock,
    duration_iso,
    duration_words,
    format_date,
    format_datetime,
    iso,
)


@dataclass(frozen=True)
class PageMeta:
    """What every page's <head> and chrome need to know about the page."""

    site_path: str
    title: str
    description: str = ""
    feeds: tuple[tuple[str, str, str], ...] = ()  # (type, title, url)
    og_type: str = "website"  # OpenGraph type: website, article, video.other
    image: str | None = None  # absolute URL of the image shares and cards show
    image_alt: str = ""
    image_ref: str | None = None  # the picture as front matter names it: its share image, if processed
    image_focus: str = ""
    json_ld: str = ""  # the body of a <script type="application/ld+json">, from structured.py
    published: str = ""  # ISO 8601 with offset, for article:published_time
    modified: str = ""
    extra: dict[str, Any] = field(default_factory=dict)


Render = Callable[[], bytes]


@dataclass(frozen=True)
class Job:
    """One output file: its site path, and `prepare()` -> (parts, render): everything the file
    shows beyond the templates and the config, and how to render it. Preparing can cost
    (a page's rail is ranked then), so it happens in the worker processes."""

    site_path: str
    prepare: Callable[[], tuple[Any, Render]] = field(compare=False)

    @staticmethod
    def ready(site_path: str, parts: Any, render: Render) -> "Job":
        """A job whose parts are known already (a partial, not a closure, so that serve can
        put a saved item in the place of the old one in what it holds)."""
        return Job(site_path, partial(_prepared, parts, render))


def _prepared(parts: Any, render: Render) -> tuple[Any, Render]:
    return parts, render


def make_environment(root: Path, bytecode_cache: BytecodeCache | None = None) -> Environment:
    """One environment per build: site templates override the theme's file by file.
    bytecode_cache: compiled templates kept between builds (Jinja checks each against its
    source), so a build that renders a few pages does not compile every template first."""
    env = Environment(bytecode_cache=bytecode_cache,
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
    # The build sets the site's processed pictures here (build/pictures.py); with none,
    # pictures.picture() gives a plain <img>.
    env.globals["pictures"] = SitePictures()
    # The build sets its fragments kept between builds here (build/fragments.py): the digest
    # feed's editions. With none, each is made.
    env.globals["fragments"] = None
    env.globals.update(lead_sizes=LEAD_SIZES, home_lead_sizes=HOME_LEAD_SIZES, card_sizes=CARD_SIZES,
                       thumb_sizes=THUMB_SIZES)
    env.globals["media_host"] = lambda video: urlsplit(video.media_url).netloc
    return env


def render_template(env: Environment, name: str, context: dict[str, Any]) -> bytes:
    """Render one page; a broken template is a BuildError naming the template and line."""
    try:
        return env.get_template(name).render(context).encode("utf-8")
    except TemplateError as exc:
        where, line = _template_position(exc, name)
        raise BuildError([Problem(where, line, None, f"template error: {exc.message or exc}")]) from None


def render_partial(env: Environment, name: str, base: dict[str, Any], **context) -> Markup:
    """A fragment rendered once and reused in many pages (a story or video card)."""
    return Markup(render_template(env, name, {**base, **context}).decode("utf-8").rstrip("\n"))


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
