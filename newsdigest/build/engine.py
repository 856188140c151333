"""build(): the entry point the CLI and the server call. It answers at once when nothing
changed since the last build into the same folder; otherwise rebuild.py does the work."""

from __future__ import annotations

import time

from newsdigest.build.cache import BuildCache
from newsdigest.build.options import BuildOptions, BuildReport, build_time
from newsdigest.build.output import check_output_dir, read_generation
from newsdigest.build.signature import input_signature, is_due, state_name
from newsdigest.config import load_config
from newsdigest.errors import Problem


def load_site(options: BuildOptions):
    """Read and validate everything; raise BuildError with every error (and the warnings)."""
    from newsdigest.build.rebuild import (
        load,  # the costly modules load only when a build has work to do
    )
    model, _, problems = load(options, load_config(options.root), None, {})
    return model, problems


def check_site(options: BuildOptions):
    """load_site, then render every page in memory too, so template errors show; writes nothing."""
    from newsdigest.build.rebuild import (
        render_all,  # the costly modules load only when there is work to do
    )
    model, problems = load_site(options)
    render_all(model, options)
    return model, problems


def build(options: BuildOptions) -> BuildReport:
    """Build the site into options.out_dir, re-rendering only what changed since the last build
    into the same folder; on any error the previous output is left as it was."""
    started = time.perf_counter()
    config, cache, state, signature, live = _last_build(options, None)
    if live and state.get("inputs") == signature and not is_due(state, build_time(options, config)):
        check_output_dir(options.root, options.out_dir)  # nothing to write, but say so now if a file was added there
        return BuildReport(options.out_dir, state["stories"], state["videos"], state["files"], 0,
                           tuple(Problem(**w) for w in state["warnings"]), time.perf_counter() - started)
    from newsdigest.build.rebuild import (
        rebuild,  # the costly modules load only when a build has work to do
    )
    return rebuild(options, config, cache, state, signature, live, started)[0]


def build_kept(options: BuildOptions, kept_state: dict | None):
    """A whole build that also returns what serve keeps in memory to apply saves (rebuild.Built).
    kept_state is the state serve kept of its last build (None: the one saved on disk)."""
    started = time.perf_counter()
    config, cache, state, signature, live = _last_build(options, kept_state)
    from newsdigest.build.rebuild import rebuild
    return rebuild(options, config, cache, state, signature, live, started, keep=True)


def inputs_now(options: BuildOptions) -> str:
    """The signature of every input file as it is now (names, sizes, times) and the options."""
    return input_signature(options.root, [str(options.drafts), str(options.future), str(options.preview)])


def _last_build(options: BuildOptions, kept_state: dict | None):
    """The config, the cache, the last build's state, this build's input signature, and whether
    the output folder still holds what that state describes."""
    config = load_config(options.root)
    cache = BuildCache(options.root, enabled=options.cache)
    state = kept_state if kept_state is not None else cache.load_json(state_name(options.out_dir))
    signature = inputs_now(options)
    generation = read_generation(options.out_dir)
    live = generation is not None and generation == state.get("generation")
    return config, cache, state, signature, live
