"""`build` after saves that move nothing: the same mechanism as a save in serve (quick.py).

When every input but some content files is as the last build left it, and those files were
only edited (none added or removed), the site is taken from the cache as that build found it
(no file is read but the edited ones), the edited files are applied to it as serve applies a
save, and only the output files that show them are rendered and replaced, each in one atomic
rename (the feeds' entries of stories that did not change are taken from the feeds as they
were written, not made again). Anything else (a new, removed or broken file, a held-back file
saved again, a changed date, slug, tag, pin or draft flag, a template, static file, site.toml
or option, a story falling due) returns None, and the caller makes a whole build.

Promises of a build that replaces files in place: every file is always whole (each is renamed
into place); no page links to a page that is not there (no page is added or removed); and the
saved LastBuild is removed before the first file is replaced and saved again after the last, so
a build killed in between leaves a site the next build makes whole again from scratch.
"""

from __future__ import annotations

import time
from functools import partial

from newsdigest.build.bodies import body_lookup
from newsdigest.build.cache import BuildCache, OnDemand
from newsdigest.build.collector import no_collections
from newsdigest.build.fingerprint import Fingerprinter
from newsdigest.build.fragments import FragmentCache, save_fragments, saved_fragments
from newsdigest.build.generation import generation_after
from newsdigest.build.last_build import LastBuild
from newsdigest.build.options import BuildOptions, BuildReport, build_time
from newsdigest.build.output import read_written, set_generation
from newsdigest.build.quick import ContentErrors, KeptSite
from newsdigest.build.rails import RailCache, SavedRails, videos_key
from newsdigest.build.rebuild import Built, parsed_key, shared_key
from newsdigest.build.search import BUNDLE as SEARCH_BUNDLE
from newsdigest.build.signature import Inputs
from newsdigest.build.snapshot import load_snapshot
from newsdigest.config import SiteConfig
from newsdigest.render.environment import make_environment
from newsdigest.render.feeds import adopt_written_feeds
from newsdigest.render.plan import site_jobs
from newsdigest.render.urls import out_path
from newsdigest.site.model import PublishOptions


def edit_build(options: BuildOptions, config: SiteConfig, cache: BuildCache, last: LastBuild,
               inputs: Inputs, started: float) -> BuildReport | None:
    """Apply edited content files to the published site; None when a whole build is needed."""
    with no_collections():
        return _edit_build(options, config, cache, last, inputs, started)


def _edit_build(options: BuildOptions, config: SiteConfig, cache: BuildCache, last: LastBuild,
                inputs: Inputs, started: float) -> BuildReport | None:
    out = options.out_dir
    if not last.load_detail(cache, out) or last.detail.frame != inputs.frame:
        return None
    stats = inputs.changed_since(last.detail.sources)
    if stats is None or last.is_due(build_time(options, config)):
        return None
    edited = sorted(stats)
    if not edited or set(edited) & set(last.held_back):
        return None  # a held-back file saved again: a whole build says what it is now
    if edited and options.search and (out / SEARCH_BUNDLE).is_dir():
        return None  # the search index is remade in a staging folder, never patched in place
    shown_in = last.detail.shown_in
    wanted = {path for p in edited for path in shown_in.get(p, ())}
    before = {path: last.detail.pages[path] for path in wanted}  # their fingerprints now
    kept = _kept_site(options, config, cache, last, wanted)
    if kept is None:
        return None
    try:
        report = kept.apply([str(options.root / p) for p in edited])
    except ContentErrors:
        return None  # a whole build reports the errors, with everything else it finds
    if report is None:
        return None
    _mark_rewritten(kept, cache, before)
    _save(kept, cache, inputs, stats, report)
    return BuildReport(report.out, report.stories, report.videos, report.files, report.rendered,
                       report.warnings, time.perf_counter() - started, last.held_back, last.kept,
                       last.left_out)


def _kept_site(options: BuildOptions, config: SiteConfig, cache: BuildCache, last: LastBuild,
               wanted: set[str]) -> KeptSite | None:
    """The site as the last build made it, from the cache, with the jobs of the wanted output
    files planned; None when the cache lacks a part."""
    publish = PublishOptions(build_time(options, config), options.drafts, options.future, options.preview)
    snapshot = load_snapshot(cache, options.out_dir, last.detail, publish, parsed_key(config))
    if snapshot is None:
        return None
    model, content, pictures = snapshot
    out = options.out_dir
    rails = RailCache(model, SavedRails(cache, out), videos_key(model.videos, content.hashes))
    env, pieces = make_environment(options.root, cache.templates()), {}
    env.globals["pictures"] = pictures  # the static files are as the whole build found them
    jobs = site_jobs(model, options.root, body_lookup(options, model, content, cache), rails.rail_for,
                     pieces, env, wanted)
    adopt_written_feeds(jobs, lambda site_path: read_written(out, out_path(site_path)))
    env.globals["fragments"] = FragmentCache(Fingerprinter(shared_key(cache, model, env), content.hashes),
                                             OnDemand(partial(saved_fragments, cache, out)))
    built = Built(options, cache, model, content, list(last.warnings),
                  {out_path(j.site_path): j for j in jobs}, last, pieces, env, rails)
    return KeptSite(built, compile_templates=False)


def _mark_rewritten(kept: KeptSite, cache: BuildCache, before: dict[str, str]) -> None:
    """Fingerprint the files the save rendered again, as a whole build would, and name the
    folder's new version in its marker: the same folder a whole build makes, byte for byte.
    before: the fingerprints of those files (and maybe others) as the last build left them."""
    built = kept.built
    fingerprint = Fingerprinter(shared_key(cache, built.model, built.env), built.content.hashes)
    now = {path: fingerprint(parts) for path, parts in kept.rewritten.items()}
    built.last.detail.pages.update(now)
    built.last.generation = generation_after(built.last.generation, {p: before[p] for p in now}, now)
    set_generation(kept.out, built.last.generation)


def _save(kept: KeptSite, cache: BuildCache, inputs: Inputs, stats: dict[str, tuple[int, int]],
          report: BuildReport) -> None:
    """The edited files' records and bodies (stats: their sizes and times as this build found
    them), then the LastBuild that now describes the folder."""
    content, last = kept.built.content, kept.built.last
    changes, edited = {}, sorted(stats)
    for src_path in edited:
        key = content.hashes[src_path]
        record, html = content.parsed_now.get(src_path, (None, None))
        if record is not None:
            changes[src_path] = {"hash": key, "item": record}
        if html is not None:
            cache.save_body(key, html)
        last.detail.sources[src_path] = (*stats[src_path], key)
    last.detail.note_edited(edited)
    fragments = kept.built.env.globals["fragments"]
    if fragments.used:  # the digest's feed was rendered: it used the fragments it shows
        save_fragments(cache, kept.out, fragments.take())
    cache.update_parsed(parsed_key(kept.built.model.config), changes)
    last.inputs, last.warnings = inputs.signature, report.warnings
    last.save(cache, kept.out, changed=(kept.rewritten, edited))
