"""Benchmark newsdigest against Hugo and Pelican on generated local-news corpora.

    python bench/run.py [--sizes 1000,10000,100000] [--runs 3] [--tools newsdigest,hugo,pelican,eleventy]
        [--scenarios cold,noop,edit,template,serve] [--workdir /dev/shm/newsdigest-bench]
        [--slow-up-to 10000] [--no-profile]

Installs what is missing, generates each corpus once per size (../shared/bench/make_corpus.py),
runs every scenario --runs times with the tools interleaved (A B C, A B C, ...), prints a Markdown
table of medians and appends it, with the machine and its load, to bench/RESULTS.md.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import io
import math
import os
import platform
import pstats
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

if __package__ in (None, ""):  # run as a script: make `bench` importable
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.measure import BuildFailed, Sample, measure, median_sample  # noqa: E402
from bench.tools import REPO, TOOLS, Newsdigest, Tool  # noqa: E402

SCENARIOS = ("cold", "noop", "edit", "template", "serve")
DEFAULT_CORPUS_SCRIPT = REPO.parent / "shared" / "bench" / "make_corpus.py"
SERVE_TIMEOUT = 180.0
FIRST_BUILD_TIMEOUT = 1800.0  # serve's first build is a whole build: 380 to 650 s at 100,000 stories here
SLOW = {"pelican", "eleventy"}  # minutes a build at 100,000 stories


def profile_size(sizes: list[int]) -> int:
    """10,000 stories (the size the targets name), else the largest size below it."""
    return max([s for s in sizes if s <= 10_000] or [min(sizes)])


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sizes", default="1000,10000,100000", help="comma-separated story counts")
    ap.add_argument("--runs", type=int, default=3, help="runs per scenario; the table shows medians")
    ap.add_argument("--tools", default="newsdigest,hugo,pelican,eleventy",
                    help=f"any of {','.join(TOOLS)}")
    ap.add_argument("--slow-up-to", type=int, default=10_000, metavar="N",
                    help="run Pelican and Eleventy only at sizes up to N (Pelican needs about a "
                         "minute a build at 10,000 stories, so many minutes at 100,000); 0: every size")
    ap.add_argument("--scenarios", default="cold,noop,edit,template,serve",
                    help=f"any of {','.join(SCENARIOS)}")
    ap.add_argument("--workdir", type=Path, default=Path("/dev/shm/newsdigest-bench"),
                    help="corpora, sites, outputs and installs (default on tmpfs)")
    ap.add_argument("--results", type=Path, default=REPO / "bench" / "RESULTS.md",
                    help="Markdown file the table is appended to")
    ap.add_argument("--corpus-script", type=Path, default=DEFAULT_CORPUS_SCRIPT)
    ap.add_argument("--profile", action=argparse.BooleanOptionalAction, default=True,
                    help="also profile one newsdigest cold build (NEWSDIGEST_JOBS=1) at 10,000 "
                         "stories, or the largest size below it (default: on)")
    args = ap.parse_args(argv)
    args.sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    args.tools = [t.strip() for t in args.tools.split(",") if t.strip()]
    args.scenarios = [s.strip() for s in args.scenarios.split(",") if s.strip()]
    for name in args.tools:
        if name not in TOOLS:
            ap.error(f"unknown tool {name!r} (known: {', '.join(TOOLS)})")
    for name in args.scenarios:
        if name not in SCENARIOS:
            ap.error(f"unknown scenario {name!r} (known: {', '.join(SCENARIOS)})")
    if args.runs < 1 or not args.sizes:
        ap.error("need at least one size and one run")
    return args


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


# ------------------------------------------------------------------ corpora ----
def ensure_corpus(script: Path, work: Path, size: int, formats: set[str]) -> dict[str, Path]:
    """Generate each format's pristine corpus once (reused while make_corpus.py is unchanged)."""
    stamp = hashlib.sha256(script.read_bytes()).hexdigest()[:16]
    paths, jobs = {}, []
    for fmt in sorted(formats):
        path = work / "corpus" / f"{size}-{fmt}"
        paths[fmt] = path
        done = path / ".complete"
        if done.exists() and done.read_text() == stamp:
            continue
        shutil.rmtree(path, ignore_errors=True)
        tmp = path.with_name(path.name + ".tmp")
        shutil.rmtree(tmp, ignore_errors=True)
        log(f"generating {size} stories ({fmt}) ...")
        cmd = [sys.executable, str(script), "--stories", str(size), "--out", str(tmp), "--format", fmt]
        jobs.append((subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE), tmp, path))
    for proc, tmp, path in jobs:
        _, err = proc.communicate()
        if proc.returncode != 0:
            raise SystemExit(f"make_corpus failed: {err.decode(errors='replace')}")
        (tmp / ".complete").write_text(stamp)
        tmp.rename(path)
    return paths


def newest_story(stories: Path) -> str:
    """The slug (file stem) of the most recent story: it is on the home page and in the feed."""
    best = None
    for path in stories.glob("*.md"):
        with open(path, encoding="utf-8") as f:
            for line in f:
                if line.startswith("date:"):
                    when = dt.datetime.fromisoformat(line.split(":", 1)[1].strip())
                    if best is None or when > best[0]:
                        best = (when, path.stem)
                    break
    if best is None:
        raise SystemExit(f"no stories in {stories}")
    return best[1]


# ---------------------------------------------------------------- scenarios ----
def run_scenario(tool: Tool, scenario: str, slug: str, n: int, logs: Path) -> Sample:
    """Set the scenario up (untimed), then time one build."""
    if scenario == "cold":
        tool.clean()
    elif scenario == "edit":
        tool.edit_story(slug, n)
    elif scenario == "template":
        tool.edit_template(n)
    return measure(tool.build_cmd(), tool.cwd(), tool.env(), logs / f"{tool.name}.log")


def measure_serve(tool: Newsdigest, slug: str, n: int, logs: Path) -> Sample:
    """Seconds from saving a story (new headline) until its page, the home page and feed.xml show it."""
    tool.clean()
    story_page = tool.out / "stories" / slug / "index.html"
    watched = [story_page, tool.out / "index.html", tool.out / "feed.xml"]
    log_file = logs / "serve.log"
    with open(log_file, "ab") as out:
        start_at = out.tell()
        proc = subprocess.Popen(tool.serve_cmd(), cwd=tool.cwd(), env=tool.env(), stdout=out,
                                stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                                preexec_fn=_ctrl_c_as_from_a_terminal)

    def serving() -> bool:  # the line an editor waits for: built, watching, listening
        with open(log_file, "rb") as log:
            log.seek(start_at)
            return b"newsdigest: serving " in log.read()
    try:
        wait_until(lambda: serving() and all(p.exists() for p in watched), FIRST_BUILD_TIMEOUT,
                   proc, "serve's first build")
        time.sleep(0.5)  # a moment with nothing happening, as when an editor starts typing
        marker = f"Bench serve {n}"
        path = tool.story_file(slug)
        text = path.read_text(encoding="utf-8").replace('title: "', f'title: "{marker}: ', 1)
        start = time.perf_counter()
        path.write_text(text, encoding="utf-8")
        wait_until(lambda: all(contains(p, marker) for p in watched), SERVE_TIMEOUT, proc,
                   "the edited story on its page, the home page and the feed")
        return Sample(time.perf_counter() - start, math.nan, math.nan)
    finally:
        proc.send_signal(signal.SIGINT)
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def _ctrl_c_as_from_a_terminal() -> None:
    """A benchmark run in the background (&) starts with SIGINT ignored; serve would inherit it
    and not stop on the SIGINT that ends each run."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def contains(path: Path, marker: str) -> bool:
    try:
        return marker in path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return False  # mid-swap


def wait_until(ready, timeout: float, proc: subprocess.Popen, what: str) -> None:
    deadline = time.perf_counter() + timeout
    while not ready():
        if proc.poll() is not None:
            raise BuildFailed(f"serve exited {proc.returncode} while waiting for {what}")
        if time.perf_counter() > deadline:
            raise BuildFailed(f"timed out after {timeout:.0f} s waiting for {what}")
        time.sleep(0.002)  # serve's figure is about 0.1 s: poll finely


def bench_size(args, size: int, tools: list[Tool], notes: list[str]) -> dict:
    """Every scenario for every tool at one size; returns {(tool, scenario): [Sample, ...]}."""
    formats = {t.corpus_format for t in tools}
    corpora = ensure_corpus(args.corpus_script, args.workdir, size, formats)
    any_format = "yaml" if "yaml" in corpora else next(iter(corpora))
    stories = corpora[any_format] / ("content/stories" if any_format == "newsdigest" else "stories")
    slug = newest_story(stories)
    logs = args.workdir / "logs" / str(size)
    logs.mkdir(parents=True, exist_ok=True)
    for tool in tools:
        tool.prepare(corpora[tool.corpus_format], args.workdir / "sites" / str(size) / tool.name,
                     args.workdir / "out" / str(size) / tool.name)
    samples: dict = {}
    builds = [s for s in args.scenarios if s != "serve"]
    failed: set[str] = set()  # tools that failed at this size: reported, not run again
    for run in range(args.runs):
        log(f"size {size}: run {run + 1}/{args.runs}")
        for scenario in [None] + builds:
            for tool in tools:
                if tool.name in failed or (scenario is not None and scenario not in tool.scenarios):
                    continue
                try:
                    if scenario is None:  # a scenario other than cold needs a built site to start from
                        if builds and builds[0] != "cold" and not tool.out.exists():
                            run_scenario(tool, "noop", slug, 0, logs)
                        continue
                    sample = run_scenario(tool, scenario, slug, run + 1, logs)
                except BuildFailed as err:  # the other tools' figures still count
                    failed.add(tool.name)
                    notes.append(f"{tool.name} at {size:,} stories failed in {scenario or 'setup'}, "
                                 f"run {run + 1}: {str(err).splitlines()[0]}")
                    log(f"  {tool.name} failed: {err}")
                    continue
                samples.setdefault((tool.name, scenario), []).append(sample)
                log(f"  {tool.name:<10} {scenario:<8} {sample.wall:8.2f} s wall "
                    f"{sample.cpu:8.2f} s CPU {sample.rss_mib:7.0f} MiB")
    serving = [t for t in tools if isinstance(t, Newsdigest) and t.name not in failed]
    if "serve" in args.scenarios and serving:
        tool = serving[0]
        if not tool.has_serve():
            samples[("newsdigest", "serve")] = None
            if "serve: not available in this build" not in notes:
                notes.append("serve: not available in this build")
        else:
            for run in range(args.runs):
                try:
                    sample = measure_serve(tool, slug, run + 1, logs)
                except BuildFailed as err:  # report it with the other figures, not instead of them
                    notes.append(f"serve at {size:,} stories, run {run + 1}: {err} (log: {logs / 'serve.log'})")
                    log(f"  newsdigest serve    failed: {err}")
                    break  # the next run would wait as long again
                samples.setdefault(("newsdigest", "serve"), []).append(sample)
                log(f"  newsdigest serve    {sample.wall:8.3f} s save-to-disk")
            runs = samples.get(("newsdigest", "serve")) or []
            if runs:
                notes.append(f"serve at {size:,} stories, save to disk in each run: "
                             + ", ".join(f"{r.wall * 1000:.0f} ms" for r in runs))
    return samples


# -------------------------------------------------------------------- table ----
def fmt(value: float, digits: int = 2) -> str:
    return "–" if value is None or math.isnan(value) else f"{value:.{digits}f}"


def ratio(results: dict, size: int, scenario: str, anchor: str) -> str:
    """newsdigest's median wall time over the anchor's, same size and scenario, as '1.23×'."""
    mine, theirs = results.get((size, "newsdigest", scenario)), results.get((size, anchor, scenario))
    if not mine or not theirs or theirs.wall <= 0:
        return ""
    return f"{mine.wall / theirs.wall:.2f}× (CPU {mine.cpu / theirs.cpu:.2f}×)" if theirs.cpu > 0 \
        else f"{mine.wall / theirs.wall:.2f}×"


def table(results: dict, sizes: list[int], tool_names: list[str], scenarios: list[str]) -> str:
    """The Markdown table: one row per size, scenario and tool, medians, and newsdigest's ratios."""
    anchors = [a for a in ("hugo", "pelican", "eleventy") if a in tool_names]
    head = ["size", "scenario", "tool", "wall s", "CPU s", "peak RSS MiB"]
    head += [f"newsdigest / {a}" for a in anchors]
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for size in sizes:
        for scenario in scenarios:
            for tool in tool_names:
                key = (size, tool, scenario)
                if key not in results:
                    continue
                s = results[key]
                if s is None:
                    cells = [f"{size:,}", scenario, tool, "serve: not available in this build", "", ""]
                else:
                    digits = 3 if scenario == "serve" else 2  # a tenth of a second matters here
                    cells = [f"{size:,}", scenario, tool, fmt(s.wall, digits), fmt(s.cpu),
                             fmt(s.rss_mib, 0)]
                cells += [ratio(results, size, scenario, a) if tool == "newsdigest" and s else ""
                          for a in anchors]
                lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


# ------------------------------------------------------------------ profile ----
def profile(args, tool: Newsdigest, logs: Path) -> str:
    """One cold build under cProfile with NEWSDIGEST_JOBS=1: top 25 by cumulative and by own time."""
    prof = args.workdir / "newsdigest.prof"
    tool.clean()
    cmd = tool.build_cmd()
    cmd = cmd[:1] + ["-m", "cProfile", "-o", str(prof)] + cmd[1:]
    env = tool.env()
    env["NEWSDIGEST_JOBS"] = "1"
    sample = measure(cmd, tool.cwd(), env, logs / "profile.log")
    parts = [f"One cold build under cProfile, NEWSDIGEST_JOBS=1: {sample.wall:.1f} s wall "
             f"({sample.cpu:.1f} s CPU) with the profiler's overhead.\n"]
    for key, title in (("cumulative", "cumulative time"), ("tottime", "internal (own) time")):
        stream = io.StringIO()
        stats = pstats.Stats(str(prof), stream=stream).strip_dirs().sort_stats(key)
        stats.print_stats(25)
        body = stream.getvalue()
        body = body[body.find("   ncalls"):] if "   ncalls" in body else body
        parts.append(f"Top 25 by {title}:\n\n```\n{body.rstrip()}\n```\n")
    return "\n".join(parts)


# ------------------------------------------------------------------ machine ----
def cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "?"


def on_tmpfs(path: Path) -> str:
    """The file system type path is on, from /proc/mounts (longest matching mount point)."""
    best, kind = "", "?"
    try:
        for line in Path("/proc/mounts").read_text().splitlines():
            _, point, fstype = line.split()[:3]
            if str(path.resolve()).startswith(point.rstrip("/") + "/") and len(point) > len(best):
                best, kind = point, fstype
    except OSError:
        pass
    return kind


def report(args, argv: list[str], results: dict, tools: list[Tool], notes: list[str],
           load: tuple, started: dt.datetime, profile_text: str | None) -> str:
    load_end = os.getloadavg()
    names = [t.name for t in tools]
    scen = list(args.scenarios)
    cmd = " ".join(["python bench/run.py"] + argv)
    out = [f"## {started:%Y-%m-%d %H:%M} UTC: `{cmd}`", "",
           f"- machine: {os.cpu_count()} cores (`nproc` {len(os.sched_getaffinity(0))}), {cpu_model()}, "
           f"Python {platform.python_version()}",
           "- tools: " + "; ".join(t.version() for t in tools),
           f"- load average at start: {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}; at end: "
           f"{load_end[0]:.2f} {load_end[1]:.2f} {load_end[2]:.2f} (other jobs share this machine: "
           "the figures are noisy)",
           f"- output and sites on {args.workdir} ({on_tmpfs(args.workdir)}); median of {args.runs} "
           "run(s), tools interleaved within each run",
           "", table(results, args.sizes, names, scen), ""]
    out += [f"- {note}" for note in notes]
    if profile_text:
        out += ["", f"### Profile: newsdigest at {profile_size(args.sizes):,} stories", "", profile_text]
    return "\n".join(out).rstrip() + "\n"


RESULTS_HEADER = """\
# Benchmark results

Written by `python bench/run.py` (see README, "Benchmarks"); each run appends a section.

How to read them:
- **wall s**: median wall time of the build command; **CPU s**: median user+sys CPU of the build
  and every worker it waited for (`os.wait4` rusage); **peak RSS MiB**: median of the largest
  single process's peak resident memory in that build's process tree (forked workers are not
  summed). **newsdigest / X**: newsdigest's median wall time over X's, same size and scenario,
  measured in the same run, with the CPU-time ratio beside it.
- Scenarios: **cold** = output and any cache deleted first; **noop** = build again, nothing
  changed; **edit** = one sentence appended to the newest story; **template** = a comment appended
  to the story-page template (newsdigest: a copy of `article.html` in the site's `templates/`;
  Hugo: `layouts/_default/single.html`; Pelican: an `article.html` override); **serve** = seconds
  from saving a new headline on the newest story until its page, the home page and `feed.xml`
  on disk show it.
- The anchors render comparable work from the same stories: Hugo (a minimal site written by the
  harness: story pages with a rail of the 6 latest stories, paginated home and tag pages, RSS for
  home and every tag), Pelican (default theme, RSS and Atom for all and for every tag, paginated
  index/tag/category/author pages, archives) and Eleventy 3 (story pages, paginated home and tag
  pages, RSS for home and every tag; story bodies are not run through a template engine).
  newsdigest's rail ranks stories by shared tags and recency; the Hugo site's rail does not,
  because Debian's Hugo 0.111 spends over a minute in `.Related` at 10,000 stories on this
  machine (76 s against 8 s without it), which would measure that one function, not Hugo. newsdigest also renders the videos (one per five
  stories: video pages, a videos list, rails); make_corpus writes them to `videos.yaml` for the
  other tools, which do not render videos.
"""


# --------------------------------------------------------------------- main ----
def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    args = parse_args(argv)
    args.workdir = args.workdir.resolve()
    args.workdir.mkdir(parents=True, exist_ok=True)
    load, started = os.getloadavg(), dt.datetime.now(dt.timezone.utc)
    notes: list[str] = []
    tools = []
    for name in args.tools:
        tool = TOOLS[name](args.workdir)
        problem = tool.install(args.workdir / "install.log")
        if problem:
            notes.append(f"{name}: skipped: {problem}")
            log(f"{name}: skipped: {problem}")
        else:
            tools.append(tool)
    results: dict = {}
    for size in args.sizes:
        here = [t for t in tools if t.name not in SLOW or not args.slow_up_to or size <= args.slow_up_to]
        if len(here) < len(tools):
            notes.append(f"{size:,} stories: {', '.join(t.name for t in tools if t not in here)} "
                         f"not run (--slow-up-to {args.slow_up_to:,})")
        for (name, scenario), samples in bench_size(args, size, here, notes).items():
            if samples or scenario != "serve" or any("not available" in n for n in notes):
                results[(size, name, scenario)] = median_sample(samples) if samples else None
    profile_text = None
    nd = next((t for t in tools if isinstance(t, Newsdigest)), None)
    if args.profile and nd:
        size = profile_size(args.sizes)
        log(f"profiling newsdigest at {size} stories ...")
        if nd.out is None or not str(nd.out).endswith(f"/{size}/newsdigest"):
            corpus = ensure_corpus(args.corpus_script, args.workdir, size, {"newsdigest"})
            nd.prepare(corpus["newsdigest"], args.workdir / "sites" / str(size) / nd.name,
                       args.workdir / "out" / str(size) / nd.name)
        profile_text = profile(args, nd, args.workdir / "logs")
    text = report(args, argv, results, tools, notes, load, started, profile_text)
    print(text)
    args.results.parent.mkdir(parents=True, exist_ok=True)
    new = not args.results.exists()
    with open(args.results, "a", encoding="utf-8") as f:
        f.write((RESULTS_HEADER if new else "") + "\n" + text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
