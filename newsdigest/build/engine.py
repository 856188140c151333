"""build(): the entry point the CLI and the server call. It answers at once when nothing
changed since the last build into the same folder; otherwise rebuild.py does the work."""

from __future__ import annotations

import time

from newsdigest.build.cache import BuildCache
from newsdigest.build.last_build import LastBuild
from newsdigest.build.options import BuildOptions, BuildReport, build_time
from newsdigest.build.output import check_output_dir, read_generation
from newsdigest.build.signature import Inputs, look_at_inputs
from newsdigest.config import load_config


def load_site(options: BuildOptions):
    """Read and validate everything: (model, every problem); files with errors are left out of
    the model (with options.strict, or when nothing is left, BuildError is raised instead)."""
    return load_content(options)[::2]


def load_content(options: BuildOptions):
    """(model, content, problems): load_site, with what was read (content.held_back names the
    files with errors)."""
    from newsdigest.build.rebuild import (
        load,  # the costly modules load only when a build has work to do
    )
    return load(options, load_config(options.root), None, {})


def check_site(options: BuildOptions):
    """load_content, then check the pictures (processed into the image cache, so the next
    build has them) and render every page in memory too, so template errors show; writes
    nothing into the output."""
    from newsdigest.build.rebuild import (  # the costly modules load only when there is work to do
        check_pictures,
        render_all,
    )
    model, content, problems = load_content(options)
    problems = check_pictures(options, model, problems)
    render_all(model, options)
    return model, content, problems


def build(options: BuildOptions) -> BuildReport:
    """Build the site into options.out_dir, re-rendering only what changed since the last build
    into the same folder; on any error the previous output is left as it was."""
    started = time.perf_counter()
    config, cache, last, inputs, reusable = _last_build(options, None)
    if reusable:  # say so now if a file was added at the top (a whole build looks everywhere)
        check_output_dir(options.root, options.out_dir, everywhere=False)
    if reusable and last.inputs == inputs.signature and not last.is_due(build_time(options, config)):
        return BuildReport(options.out_dir, last.stories, last.videos, last.files, 0,
                           last.warnings, time.perf_counter() - started, last.held_back,
                           last.kept, last.left_out)
    # The costly modules load only when a build has work to do.
    from newsdigest.build.edit import edit_build
    from newsdigest.build.rebuild import rebuild
    report = edit_build(options, config, cache, last, inputs, started) if reusable and cache.enabled else None
    return report or rebuild(options, config, cache, last, inputs, reusable, started)[0]


def build_kept(options: BuildOptions, kept: LastBuild | None):
    """A whole build that also returns what serve keeps in memory to apply saves (rebuild.Built).
    kept is what serve kept of its last build (None: the one saved on disk)."""
    started = time.perf_counter()
    config, cache, last, inputs, reusable = _last_build(options, kept)
    from newsdigest.build.rebuild import rebuild
    return rebuild(options, config, cache, last, inputs, reusable, started, keep=True)


def inputs_now(options: BuildOptions) -> Inputs:
    """Every input file as it is now (names, sizes, times), and the options."""
    return look_at_inputs(options.root, [str(options.drafts), str(options.future), str(options.preview),
                                          str(options.search)])


def _last_build(options: BuildOptions, kept: LastBuild | None):
    """The config, the cache, the last build into the folder, this build's look at its inputs,
    and whether the output folder still holds what that last build describes (its files can
    be reused)."""
    config = load_config(options.root)
    cache = BuildCache(options.root, enabled=options.cache)
    last = kept if kept is not None else LastBuild.load(cache, options.out_dir)
    inputs = inputs_now(options)
    generation = read_generation(options.out_dir)
    reusable = generation is not None and generation == last.generation
    return config, cache, last, inputs, reusable
