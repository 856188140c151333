"""build(): read, validate, model, render, publish. The CLI and the server both call it."""

from __future__ import annotations

import os
import time
from dataclasses import dataclass, field
from functools import partial
from datetime import datetime, timezone
from pathlib import Path

from .config import SiteConfig, load_config
from .errors import BuildError, Problem
from .feeds import render_feeds, render_sitemap
from .markdown import absolutize, render_markdown
from .models import Story
from .output import Staging, check_output_dir
from .pages import Render, render_pages
from .parallel import default_jobs, run_all
from .read import Content, read_content
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
    jobs: int = field(default_factory=default_jobs)  # processes to use

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
    model, _, problems = _load(options, render_bodies=False)
    return model, problems


def _load(options: BuildOptions, render_bodies: bool) -> tuple[SiteModel, Content, list[Problem]]:
    config = load_config(options.root)
    content = read_content(options.root, config.tz, options.jobs,
                           render_markdown if render_bodies else None)
    when = (options.build_time or build_time_now()).astimezone(config.tz)
    model, problems = build_model(config, content,
                                  PublishOptions(when, options.drafts, options.future))
    problems = list(content.problems) + problems
    if any(not p.warning for p in problems):
        raise BuildError(problems)
    return model, content, problems


def build(options: BuildOptions) -> BuildReport:
    """Build the site into options.out_dir; on any error the previous output is left as it was."""
    started = time.perf_counter()
    model, content, warnings = _load(options, render_bodies=True)
    check_output_dir(options.root, options.out_dir)
    jobs = site_jobs(model, options.root, content.bodies)
    copies = static_files(options.root)
    clashes = sorted(set(copies) & {out_path for out_path, _ in jobs})
    if clashes:
        raise BuildError([Problem(f"static/{c}", None, None, "has the same address as a page "
                                  "newsdigest makes", "rename or remove the static file")
                          for c in clashes])
    with Staging(options.out_dir) as staging:
        run_all(partial(_write_job, staging), jobs, options.jobs)
        for out_path, source in copies.items():
            staging.copy(out_path, source)
        staging.commit()
    return BuildReport(options.out_dir, len(model.stories), len(model.videos),
                       len(jobs) + len(copies), tuple(warnings), time.perf_counter() - started)


def site_jobs(model: SiteModel, root: Path, bodies: dict[str, str]) -> list[tuple[str, Render]]:
    """(out_path, render) for every file newsdigest makes: pages, feeds, sitemap, robots.txt."""
    urls = Urls(model.config)

    def feed_body(story: Story) -> str:
        return absolutize(bodies[story.src_path], urls.abs_url(story_path(story.slug)))

    jobs = list(render_pages(model, make_environment(root), bodies.__getitem__))
    html_pages = [p for p, _ in jobs if p == "" or p.endswith("/")]
    jobs.extend(render_feeds(model, feed_body))
    jobs.append(("sitemap.xml", partial(render_sitemap, model, html_pages)))
    jobs.append(("robots.txt", partial(robots_txt, model.config)))
    return [(out_path(site_path), render) for site_path, render in jobs]


def _write_job(staging: Staging, job: tuple[str, Render]) -> None:
    out_path, render = job
    staging.write(out_path, render())


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
