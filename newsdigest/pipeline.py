"""build(): read, validate, model, render, publish. The CLI and the server both call it."""

from __future__ import annotations

import os
import time
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

from .config import SiteConfig, load_config
from .errors import BuildError, Problem
from .feeds import render_feeds, render_sitemap
from .markdown import absolutize, render_markdown
from .models import Story
from .output import check_output_dir, publish
from .pages import render_pages
from .read import read_content
from .render import THEME_DIR, make_environment
from .site import PublishOptions, SiteModel, build_model
from .urls import Urls, out_path, story_path


@dataclass(frozen=True)
class BuildOptions:
    root: Path
    out: Path | None = None  # default: ROOT/site
    drafts: bool = False
    future: bool = False
    build_time: datetime | None = None  # default: SOURCE_DATE_EPOCH, else now
    preview: bool = False  # serve: label drafts and future stories on their pages and cards

    @property
    def out_dir(self) -> Path:
        return self.out if self.out is not None else self.root / "site"


@dataclass(frozen=True)
class BuildReport:
    out: Path
    stories: int
    videos: int
    files: int
    warnings: tuple[Problem, ...]
    seconds: float


def build_time_now() -> datetime:
    """SOURCE_DATE_EPOCH when set (reproducible builds), else the clock."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return datetime.fromtimestamp(int(epoch), timezone.utc)
    return datetime.now(timezone.utc)


def load_site(options: BuildOptions) -> tuple[SiteModel, list[Problem]]:
    """Read and validate everything; raise BuildError with every error (and the warnings)."""
    config = load_config(options.root)
    content = read_content(options.root, config.tz)
    when = (options.build_time or build_time_now()).astimezone(config.tz)
    model, problems = build_model(config, content,
                                  PublishOptions(when, options.drafts, options.future,
                                                 options.preview))
    problems = list(content.problems) + problems
    if any(not p.warning for p in problems):
        raise BuildError(problems)
    return model, problems


def build(options: BuildOptions) -> BuildReport:
    """Build the site into options.out_dir; on any error the previous output is left as it was."""
    started = time.perf_counter()
    model, warnings = load_site(options)
    check_output_dir(options.root, options.out_dir)
    files, copies = render_site(model, options.root)
    publish(options.out_dir, files, copies)
    return BuildReport(options.out_dir, len(model.stories), len(model.videos),
                       len(files) + len(copies), tuple(warnings), time.perf_counter() - started)


def render_site(model: SiteModel, root: Path) -> tuple[dict[str, bytes], dict[str, Path]]:
    """Every output file: ({out_path: bytes} rendered, {out_path: source} copied as they are)."""
    urls = Urls(model.config)
    bodies: dict[str, str] = {}
    for item in (*model.stories, *model.videos):
        bodies[item.src_path] = render_markdown(item.body)

    def feed_body(story: Story) -> str:
        return absolutize(bodies[story.src_path], urls.abs_url(story_path(story.slug)))

    env = make_environment(root)
    env.globals["preview"] = model.options if model.options.preview else None
    rendered: dict[str, bytes] = {}
    for site_path, data in render_pages(model, env, bodies.__getitem__):
        rendered[site_path] = data
    html_pages = [p for p in rendered if p == "" or p.endswith("/")]
    for site_path, data in render_feeds(model, feed_body):
        rendered[site_path] = data
    rendered["sitemap.xml"] = render_sitemap(model, html_pages)
    rendered["robots.txt"] = robots_txt(model.config)
    copies = static_files(root)
    clashes = sorted(set(copies) & {out_path(p) for p in rendered})
    if clashes:
        raise BuildError([Problem(f"static/{c}", None, None, "has the same address as a page "
                                  "newsdigest makes", "rename or remove the static file")
                          for c in clashes])
    return {out_path(p): data for p, data in rendered.items()}, copies


def robots_txt(config: SiteConfig) -> bytes:
    return f"User-agent: *\nAllow: /\n\nSitemap: {config.base_url}sitemap.xml\n".encode("ascii")


def static_files(root: Path) -> dict[str, Path]:
    """The theme's static files, overridden file by file by the site's static/ folder."""
    found: dict[str, Path] = {}
    for base in (THEME_DIR / "static", root / "static"):
        for dirpath, dirnames, filenames in os.walk(base):
            dirnames.sort()
            for name in sorted(filenames):
                path = Path(dirpath) / name
                found[path.relative_to(base).as_posix()] = path
    return dict(sorted(found.items()))
