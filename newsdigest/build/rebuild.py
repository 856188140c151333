"""The work of a build: read and validate (reusing the cache), model the site, then prepare,
fingerprint and render or reuse every output file on every core, and publish atomically."""

from __future__ import annotations

import os
import tempfile
import time
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import timedelta
from functools import partial
from pathlib import Path
from typing import NamedTuple

from jinja2 import Environment

from newsdigest import THEME_DIR
from newsdigest.build.bodies import body_lookup, body_renderer
from newsdigest.build.cache import BuildCache
from newsdigest.build.collector import fewer_collections
from newsdigest.build.fingerprint import Fingerprinter
from newsdigest.build.fragments import FragmentCache, save_fragments, saved_fragments
from newsdigest.build.generation import generation_of
from newsdigest.build.last_build import Detail, LastBuild
from newsdigest.build.options import BuildOptions, BuildReport, build_time
from newsdigest.build.output import Staging, check_output_dir
from newsdigest.build.parallel import run_all
from newsdigest.build.pictures import RASTER, Gathered, gather_pictures
from newsdigest.build.rails import RailCache, save_rails, saved_rails, videos_key
from newsdigest.build.search import index_search, indexed_pages_unchanged, reuse_index
from newsdigest.build.signature import Inputs, next_due
from newsdigest.build.snapshot import save_snapshot
from newsdigest.config import SiteConfig
from newsdigest.content.files import Content, Reading, read_content
from newsdigest.content.markdown import render_markdown
from newsdigest.errors import BuildError, Problem
from newsdigest.render.environment import Job, make_environment
from newsdigest.render.feed_entries import FeedEntries, Made
from newsdigest.render.i18n import load_translations
from newsdigest.render.lint import lint_file, trust_entries
from newsdigest.render.plan import site_jobs
from newsdigest.render.urls import out_path
from newsdigest.site.digest import open_closing_times
from newsdigest.site.home import home_problems
from newsdigest.site.model import (
    PublishOptions,
    SiteModel,
    build_model,
    goes_live,
    news_stories,
    searchable,
)


def load(options: BuildOptions, config: SiteConfig, render_body, cached: dict,
         cache: BuildCache | None = None) -> tuple[SiteModel, Content, list[Problem]]:
    """Read, check and model the site. A file with errors is held back (its last published
    version, from the cache, stands in for it when there is one); with options.strict, or
    when nothing at all could be published, errors raise BuildError."""
    kept = cache is not None and cache.enabled
    reading = Reading((options.root / "content").resolve(), config.tz,
                      body_renderer(config) if render_body else None, cached,
                      cache.save_body if kept else None,
                      config.embed_hosts, (options.root / "static", THEME_DIR / "static"),
                      keep_previous=not options.strict and options.cache, base_path=config.base_path,
                      **({"has_body": cache.has_body} if kept else {}))
    content = read_content(options.root, reading, partial(_run_all_on, options.jobs))
    publish = PublishOptions(build_time(options, config), options.drafts, options.future,
                             options.preview)
    model, problems = build_model(config, content, publish)
    crossed = {p.path for p in problems if not p.warning} - set(content.held_back)
    if crossed and not options.strict:  # two files at one address: both are held back
        content = hold_back(content, crossed)
        model, _ = build_model(config, content, publish)
    site_wide = home_problems(model) + list(load_translations(options.root, config.language).problems)
    if any(not p.warning for p in site_wide):  # the theme's words or the home page: not a story's
        raise BuildError(site_wide)
    problems = list(content.problems) + problems + site_wide
    errors = any(not p.warning for p in problems)
    if errors and (options.strict or not (model.stories or model.videos)):
        raise BuildError(problems)
    return model, content, problems


def hold_back(content: Content, src_paths: set[str]) -> Content:
    """content without the items of these files, which are named as held back."""
    return replace(content, stories=tuple(s for s in content.stories if s.src_path not in src_paths),
                   videos=tuple(v for v in content.videos if v.src_path not in src_paths),
                   held_back=tuple(sorted(set(content.held_back) | src_paths)),
                   previous=tuple(p for p in content.previous if p not in src_paths))


def _run_all_on(jobs: int, fn, items: list) -> list:
    return run_all(fn, items, jobs)


def rebuild(options: BuildOptions, config: SiteConfig, cache: BuildCache, last: LastBuild,
            inputs: Inputs, reusable: bool, started: float, keep: bool = False) -> tuple[BuildReport, Built | None]:
    """Build into options.out_dir, reusing the files of the last build into it where `reusable`
    (the folder still holds them). With keep, also return what serve needs to apply the next
    save without a whole build."""
    with fewer_collections():
        return _rebuild(options, config, cache, last, inputs, reusable, started, keep)


def _rebuild(options: BuildOptions, config: SiteConfig, cache: BuildCache, last: LastBuild,
             inputs: Inputs, reusable: bool, started: float, keep: bool) -> tuple[BuildReport, Built | None]:
    root, out = options.root, options.out_dir
    check_output_dir(root, out)  # before anything is written, the cache included
    last.load_detail(cache, out)
    stats = inputs.content  # taken before reading: a file saved meanwhile is changed next time
    records = cache.load_parsed(parsed_key(config))
    model, content, warnings = load(options, config, render_markdown, records, cache)
    had_records, records = set(records), None  # the items are in the model now: free them
    rails = RailCache(model, saved_rails(cache, out), videos_key(model.videos, content.hashes))
    pieces: dict = {}
    env = make_environment(root, cache.templates())
    with _scratch(cache) as images_folder:
        gathered, warnings = _pictures_into(env, options, model, images_folder, warnings)
        jobs = site_jobs(model, root, body_lookup(options, model, content, cache), rails.rail_for, pieces, env)
        shared = shared_key(cache, model, env)  # once the jobs have set the theme's words
        fragments = env.globals["fragments"] = FragmentCache(
            Fingerprinter(shared, content.hashes), saved_fragments(cache, out),
            record=cache.enabled or keep)
        fingerprint = Fingerprinter(shared, content.hashes, track=True)
        entries = pieces["entries"]
        entries.record(keep)  # serve keeps the feeds' entries its workers make
        runner = _JobRunner(fingerprint, last.detail.pages if reusable else {}, str(out.resolve()),
                            rails, fragments, entries)
        index = options.search and any(searchable(model, i) for i in (*model.stories, *model.videos))
        done, generation, files = _publish(options, jobs, runner, gathered.files, index)
    # serve keeps its own model in memory
    model_id = "" if keep else save_snapshot(cache, out, model, content, gathered.pictures)
    if cache.enabled:
        save_rails(cache, out, {key: slugs for d in done for key, slugs in d.rails.items()})
    _keep_fragments(cache, out, fragments, done, keep)
    if keep:
        _keep_entries(entries, done, model)
    detail = Detail({d.path: d.fingerprint for d in done}, inputs.frame,
                    {p: (*stats[p], key) for p, key in content.hashes.items() if p in stats},
                    Detail.showing({d.path: d.items for d in done}), model_id)
    this = LastBuild(inputs.signature, generation, next_due(_clock_changes(model, content, options)),
                     tuple(warnings), len(model.stories), len(model.videos), files, detail,
                     held_back=content.held_back, kept=content.previous, left_out=model.left_out)
    _save_cache(cache, out, config, content, had_records, this)
    report = BuildReport(out, this.stories, this.videos, files,
                         sum(1 for d in done if d.rendered), this.warnings, time.perf_counter() - started,
                         this.held_back, this.kept, this.left_out)
    if not keep:
        return report, None
    return report, Built(options, cache, model, content, warnings,
                         {out_path(j.site_path): j for j in jobs}, this,
                         pieces, env, rails)


def _keep_fragments(cache: BuildCache, out: Path, fragments: FragmentCache, done: list[Done],
                    keep: bool) -> None:
    """Save the digest's editions the build made. serve keeps them instead, for its saves to
    find (its first build renders on every core, so its first save made all 50 again: 0.35 s
    at 100,000 stories), and from then on records none (a save makes one)."""
    made = {key: data for d in done for key, data in d.fragments.items()}
    if keep:
        fragments.known, fragments.record = {**fragments.known, **made}, False
        trust_entries(made.values())  # the workers checked the feed they are in
    else:
        save_fragments(cache, out, made)


def _keep_entries(entries: FeedEntries, done: list[Done], model: SiteModel) -> None:
    """serve keeps the feed entries its first build made on every core: else its first save
    would make again every entry of the twelve or so feeds that show the saved story (about
    0.15 s at 100,000 stories), and check again every entry of those feeds. From then on
    its saves make them in this process."""
    made = [made for d in done for made in d.entries]
    entries.adopt(made, {s.src_path: s for s in model.stories}, model.video_index.by_slug)
    trust_entries(data for *_, data in made)  # the workers checked the feeds they are in
    entries.record(False)


def _publish(options: BuildOptions, jobs: list[Job], runner: _JobRunner,
             pictures: dict[str, Path], index: bool) -> tuple[list[Done], str, int]:
    """Make every output file and copy the static ones into a staging folder, on every core,
    index it for search (when `index`), and swap it in: (what each job did, the new
    generation, the number of files). pictures: the processed images' files, linked from the
    image cache; no raster image of the site's static/ folder is copied as it was uploaded."""
    copies = {path: source for path, source in static_files(options.root).items()
              if not is_site_raster(source, options.root)}
    _check_clashes({**copies, **pictures}, [out_path(j.site_path) for j in jobs])
    with Staging(options.out_dir) as staging:
        done = run_all(partial(runner, staging), jobs, options.jobs)
        bugs = [bug for d in done for bug in d.bugs]
        if bugs:
            raise BuildError(bugs)
        for path, source in copies.items():
            staging.copy(path, source)
        for path, source in pictures.items():
            staging.link(path, source)  # the cache's file: never changed in place
        search = _search_index(staging, done, runner, index)
        generation = generation_of({d.path: d.fingerprint for d in done})
        staging.commit(generation)
    return done, generation, len(jobs) + len(copies) + len(pictures) + 1 + (search.files if search else 0)


def _search_index(staging: Staging, done: list[Done], runner: _JobRunner, index: bool):
    """Index the staging folder for search; when no page that the index reads changed, link the
    published site's index instead (an edit to a list page or a feed costs no re-index)."""
    if not index:
        return None
    if indexed_pages_unchanged({d.path: d.rendered for d in done}, runner.reusable):
        reused = reuse_index(Path(runner.published), staging.link)
        if reused is not None:
            return reused
    return staging.generate(index_search)


@dataclass
class Built:
    """A finished build as serve keeps it in memory: the model, every output file's job and
    fingerprint, and which stories and videos each file shows (see quick.py)."""

    options: BuildOptions
    cache: BuildCache
    model: SiteModel
    content: Content
    warnings: list[Problem]
    jobs: dict[str, Job]  # by output path
    last: LastBuild  # as saved for the next build
    pieces: dict  # rendered once, shown in many files: "story" and "video" cards by slug,
    # "feed" bodies by src_path, "partial" cached partials by name, "entries" the feeds' entries
    env: Environment  # the jobs' templates
    rails: RailCache  # the rails of the pages, worked out from the model


def check_pictures(options: BuildOptions, model: SiteModel, warnings: list[Problem]) -> list[Problem]:
    """The warnings with the pictures' own; raise BuildError when a picture cannot be published."""
    with _scratch(BuildCache(options.root, enabled=options.cache)) as folder:
        gathered = _gather_pictures(options, model, folder, list(warnings))
    return sorted(list(warnings) + [p for p in gathered.problems if p.warning])


def render_all(model: SiteModel, options: BuildOptions) -> None:
    """Render every output file and drop it: `check` finds template errors without writing."""
    sources = {i.src_path: i.body for i in (*model.stories, *model.videos)}
    render = body_renderer(model.config)
    jobs = site_jobs(model, options.root, lambda src_path: render(sources[src_path]))
    run_all(_render_and_drop, jobs, options.jobs)


def _render_and_drop(job: Job) -> None:
    job.prepare()[1]()


def _clock_changes(model: SiteModel, content: Content, options: BuildOptions) -> list:
    """Moments at which the site changes with no file changing: a future story falls due, a
    story leaves the news sitemap."""
    now, days = model.options.build_time, timedelta(days=model.config.news_sitemap_days)
    items = [i for i in (*content.stories, *content.videos) if options.drafts or not i.draft]
    due = [] if options.future else [goes_live(i) for i in items if goes_live(i) > now]
    due += [i.expires for i in items if i.expires is not None and i.expires > now]
    closes = open_closing_times(model.config, model.stories, now)  # the digest's next editions
    return due + [story.date + days for story in news_stories(model)] + closes


def shared_key(cache: BuildCache, model: SiteModel, env: Environment) -> str:
    """What every output file depends on: newsdigest's code and the config (and when
    previewing, the build time: it decides which stories are labelled scheduled), and the
    site's pictures (their file names change with them). Templates count per page
    (TemplateKeys); the theme's words, in the translations' key."""
    preview = repr(model.options) if model.options.preview else ""
    return "\0".join((cache.version, repr(model.config), preview, env.globals["pictures"].key,
                      env.globals["t"].key))


@contextmanager
def _scratch(cache: BuildCache):
    """The image cache's folder: in the build cache, or for a build without one, a temporary
    folder beside it that is removed at the end."""
    if cache.enabled:
        yield cache.folder / "images"
        return
    with tempfile.TemporaryDirectory(prefix="newsdigest-images-") as folder:
        yield Path(folder)


def _pictures_into(env: Environment, options: BuildOptions, model: SiteModel, folder: Path,
                   warnings: list[Problem]) -> tuple[Gathered, list[Problem]]:
    """The site's pictures, given to the templates; and the warnings with theirs."""
    gathered = _gather_pictures(options, model, folder, warnings)
    env.globals["pictures"] = gathered.pictures
    return gathered, sorted(warnings + [p for p in gathered.problems if p.warning])


def _gather_pictures(options: BuildOptions, model: SiteModel, folder: Path,
                     warnings: list[Problem]) -> Gathered:
    """The site's pictures processed; raise BuildError (with the warnings so far) when any
    picture cannot be published."""
    static = static_files(options.root)
    gathered = gather_pictures(model, static, options.root / "static", folder, options.jobs)
    if any(not p.warning for p in gathered.problems):
        raise BuildError(warnings + gathered.problems)
    return gathered


def _check_clashes(copies: dict[str, Path], made: list[str]) -> None:
    clashes = sorted(set(copies) & set(made))
    if clashes:
        raise BuildError([Problem(f"static/{c}", None, None, "has the same address as a page "
                                  "newsdigest makes", "rename or remove the static file")
                          for c in clashes])


def parsed_key(config: SiteConfig) -> str:
    """What parsed records depend on beyond a file's bytes: dates without an offset are read in
    the site's zone, and which iframes are kept depends on its embed hosts."""
    return config.timezone + "".join(f" {h}" for h in config.embed_hosts)


def _save_cache(cache: BuildCache, out: Path, config: SiteConfig, content: Content,
                had_records: set[str], this: LastBuild) -> None:
    """Records for the files parsed this time (and none for files gone or now broken); the
    bodies were saved as they were rendered."""
    if not cache.enabled:
        return
    changes: dict[str, dict | None] = {src_path: None for src_path in had_records - set(content.hashes)}
    for src_path, (record, _) in content.parsed_now.items():
        changes[src_path] = {"hash": content.hashes[src_path], "item": record} if record else None
    cache.update_parsed(parsed_key(config), changes)
    this.save(cache, out)


class Done(NamedTuple):
    """What a worker did for one output file."""

    path: str  # out_path
    fingerprint: str
    rendered: bool  # rendered (else linked from the published site)
    rails: dict[str, str]  # rails looked up, for the cache
    bugs: list[Problem]  # what lint found wrong in the rendered file
    items: frozenset[str]  # src_paths its fingerprint took in
    fragments: dict[str, bytes]  # the digest's editions it used, for the cache
    entries: list[Made]  # the feed entries it made, for serve (else none are noted)


@dataclass(frozen=True)
class _JobRunner:
    """Prepares one output file, and renders it, or links it from the published site when its
    fingerprint is the one the published file was made from. Runs in the worker processes."""

    fingerprint: Fingerprinter
    reusable: dict[str, str]
    published: str  # the output folder
    rails: RailCache
    fragments: FragmentCache
    entries: FeedEntries

    def __call__(self, staging: Staging, job: Job) -> Done:
        path = out_path(job.site_path)
        parts, render = job.prepare()
        print_ = self.fingerprint(parts)
        items = self.fingerprint.take()
        rendered, bugs = self.reusable.get(path) != print_, []
        if rendered:
            data = render()
            bugs = lint_file(path, data)  # a file that passed once is linked, not checked again
            staging.write(path, data)
        else:
            staging.link(path, f"{self.published}/{path}")
        return Done(path, print_, rendered, self.rails.take(), bugs, items, self.fragments.take(),
                    self.entries.take())


def is_site_raster(source: Path, root: Path) -> bool:
    """A photo or drawing of the site's own static/ folder: published only as processed."""
    return source.suffix.lower() in RASTER and source.is_relative_to(root / "static")


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
