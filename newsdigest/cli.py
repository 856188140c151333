"""The newsdigest command: argument parsing, messages and exit codes; no site logic."""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

from newsdigest.build.engine import BuildOptions, build, check_site, load_site
from newsdigest.errors import BuildError
from newsdigest.text import iso

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE, EXIT_HELD_BACK = 0, 1, 2, 3
# 0: built, nothing held back; 1: nothing was written (site.toml, a template, --strict, or no
# file could be published); 2: the command was used wrongly; 3: built, but files with errors
# were held back (README.md, "Exit status").


def main(argv: list[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help()
        return EXIT_USAGE
    try:
        return args.run(args)
    except BuildError as exc:
        _print_problems(exc.problems)
        errors = sum(not p.warning for p in exc.problems)
        print(f"newsdigest: {errors} error{'s' if errors != 1 else ''}; nothing was written",
              file=sys.stderr)
        return EXIT_PROBLEMS
    except KeyboardInterrupt:
        print("newsdigest: stopped", file=sys.stderr)
        return 130


def run() -> None:
    """The `newsdigest` script: main(), then the process ends at once. A build leaves a million
    objects behind (at 100,000 stories); Python's orderly shutdown would free them one by one,
    and collect them, for nothing (0.2 s of a 0.9 s edit build at 10,000 stories). Every file
    is written and closed by the time main() returns, and nothing registers exit handlers.
    (mypy ends its runs the same way.) Under a profiler or a coverage tool, which write their
    report at exit, it exits as usual."""
    code = main()
    if sys.getprofile() is not None or sys.gettrace() is not None:
        sys.exit(code)
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="newsdigest",
                                     description="Build a local-news site from story files.")
    commands = parser.add_subparsers(dest="command")
    b = commands.add_parser("build", help="build the site into the output folder")
    _root_arg(b)
    b.add_argument("--out", type=Path, help="output folder (default: ROOT/site)")
    b.add_argument("--drafts", action="store_true", help="publish stories marked draft: true")
    b.add_argument("--future", action="store_true", help="publish stories dated in the future")
    b.add_argument("--no-search", action="store_true",
                   help="skip the search index (Pagefind); the search page then says to browse")
    b.add_argument("--no-cache", action="store_true",
                   help="build from scratch, without reading or writing ROOT/.newsdigest-cache")
    b.add_argument("--strict", action="store_true",
                   help="any error stops the build and nothing is written (for CI checks)")
    b.set_defaults(run=_build)
    c = commands.add_parser("check", help="validate every file and site.toml; write nothing")
    _root_arg(c)
    c.add_argument("--format", choices=("text", "json"), default="text",
                   help="json: one object with every problem and the counts, on stdout")
    c.set_defaults(run=_check)
    _schedule_parser(commands)
    _add_serve(commands)
    _add_new(commands)
    _add_init(commands)
    _add_import(commands)
    return parser


def _root_arg(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--root", type=Path, default=Path("."),
                        help="the site root, holding site.toml and content/ (default: .)")


def _build(args) -> int:
    report = build(BuildOptions(args.root, args.out, args.drafts, args.future,
                                cache=not args.no_cache, search=not args.no_search,
                                strict=args.strict))
    _print_held_back(report.held_back, report.kept)
    _print_problems(report.warnings)
    for src_path, why in report.left_out:
        print(f"newsdigest: left out {src_path} ({why})", file=sys.stderr)
    print(f"newsdigest: built {report.stories} stories and {report.videos} videos into "
          f"{report.out} in {report.seconds:.2f} s ({report.files} files; {report.rendered} "
          f"rendered this time, the others copied or unchanged since the last build)")
    drafts = sum(why == "draft" for _, why in report.left_out)
    scheduled = sum(why.startswith("scheduled") for _, why in report.left_out)
    print(counts_line(report.warnings, report.held_back, drafts, scheduled))
    return EXIT_HELD_BACK if report.held_back else EXIT_OK


def _check(args) -> int:
    if args.format == "json":
        return _check_json(args.root)
    model, content, problems = check_site(BuildOptions(args.root, drafts=True, future=True))
    _print_held_back(content.held_back, ())
    _print_problems(problems)
    print(f"newsdigest: {len(model.stories)} stories and {len(model.videos)} videos checked")
    print(counts_line(problems, content.held_back, *_waiting(content, model.options.build_time)))
    return EXIT_PROBLEMS if any(not p.warning for p in problems) else EXIT_OK


def _waiting(content, now) -> tuple[int, int]:
    """(drafts, scheduled stories and videos) among the files read."""
    from newsdigest.site.model import goes_live
    items = (*content.stories, *content.videos)
    return (sum(i.draft for i in items),
            sum(goes_live(i) > now for i in items if not i.draft))


def counts_line(problems, held_back, drafts: int, scheduled: int) -> str:
    """The last line of build and check: every count an editor wants at a glance."""
    errors = sum(not p.warning for p in problems)

    def n(count: int, word: str) -> str:
        return f"{count} {word}{'' if count == 1 or word.endswith('back') else 's'}"
    return (f"newsdigest: {n(errors, 'error')}, {n(len(problems) - errors, 'warning')}, "
            f"{len(held_back)} held back, {n(drafts, 'draft')}, {scheduled} scheduled")


def _print_held_back(held_back, kept) -> None:
    """The files with errors, first: what the site shows instead of each."""
    for src_path in held_back:
        instead = ("the version published before stays" if src_path in kept else
                   "it is not published")
        print(f"newsdigest: held back {src_path}: it has errors (below); {instead}",
              file=sys.stderr)


def _schedule_parser(commands) -> None:
    s = commands.add_parser("schedule", help="list what waits on the clock and when to rebuild next")
    _root_arg(s)
    s.add_argument("--next", action="store_true",
                   help="print only the time of the next rebuild (ISO 8601), or nothing if none")
    s.set_defaults(run=_schedule)


def _schedule(args) -> int:
    """`newsdigest schedule`: for a cron job or a CI schedule; the time comes from the build time."""
    from newsdigest.site.schedule import format_schedule, make_schedule
    model, _ = load_site(BuildOptions(args.root, future=True))
    plan = make_schedule(model)
    if args.next:
        if plan.next_rebuild:
            print(iso(plan.next_rebuild))
    else:
        print(format_schedule(plan), end="")
    return EXIT_OK


def _print_problems(problems) -> None:
    for problem in sorted(problems):
        print(problem, file=sys.stderr)



def _check_json(root: Path) -> int:
    """check --format json: {"problems": [...], "errors": n, "warnings": n, ...} on stdout."""
    stories = videos = drafts = scheduled = 0
    held: tuple = ()
    try:
        model, content, problems = check_site(BuildOptions(root, drafts=True, future=True))
        stories, videos, held = len(model.stories), len(model.videos), content.held_back
        drafts, scheduled = _waiting(content, model.options.build_time)
    except BuildError as exc:
        problems = exc.problems
        held = tuple(sorted({p.path for p in problems if not p.warning}))
    problems = sorted(problems)  # by path and line, as the text format and README say
    errors = sum(not p.warning for p in problems)
    print(json.dumps({"problems": [p.as_dict() for p in problems], "errors": errors,
                      "warnings": len(problems) - errors, "stories": stories, "videos": videos,
                      "held_back": list(held), "drafts": drafts, "scheduled": scheduled},
                     indent=2))
    return EXIT_PROBLEMS if errors else EXIT_OK


def _add_serve(commands) -> None:
    s = commands.add_parser("serve", help="build with drafts shown, serve it, rebuild on save")
    _root_arg(s)
    s.add_argument("--port", type=int, default=8000, help="port (default 8000; 0: any free port)")
    s.add_argument("--host", default="127.0.0.1",
                   help="address to listen on (default 127.0.0.1: this computer only)")
    s.add_argument("--out", type=Path,
                   help="output folder (default: a temporary folder, removed when serve stops)")
    s.set_defaults(run=_serve)


def _serve(args) -> int:
    from newsdigest.serve.server import ServeError, ServeOptions, serve

    def log(message: str, problems) -> None:
        _print_problems(problems)
        print(message, flush=True)

    try:
        serve(ServeOptions(args.root, args.out, args.host, args.port), log)
    except ServeError as exc:
        print(f"newsdigest: {exc.message} ({exc.hint})", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        pass  # Ctrl-C is how serve is meant to stop
    print("newsdigest: stopped serving", flush=True)
    return EXIT_OK


def _add_new(commands) -> None:
    n = commands.add_parser("new", help="write a new story (or video) file, ready to fill in")
    n.add_argument("headline", help="the headline; the file is named from it")
    _root_arg(n)
    n.add_argument("--tags", default="", help="comma-separated tags, such as millbrook,fire")
    n.add_argument("--video", action="store_true", help="a video instead of a story")
    n.set_defaults(run=_new)


def _new(args) -> int:
    from newsdigest.scaffold import new_file

    path = new_file(args.root, args.headline, args.tags.split(","), args.video)
    print(f"newsdigest: wrote {path} (a draft: set draft: false to publish)")
    return EXIT_OK


def _add_init(commands) -> None:
    i = commands.add_parser("init", help="make a new, empty site root with one first story")
    i.add_argument("dir", type=Path, help="the folder to make (it must be new or empty)")
    i.add_argument("--title", default="", help="the site's name (default: from the folder name)")
    i.add_argument("--url", default="https://news.example.org/",
                   help="the address the site will have (base_url)")
    i.add_argument("--timezone", default="UTC", help="an IANA time zone such as America/Chicago")
    i.set_defaults(run=_init)


def _init(args) -> int:
    from newsdigest.scaffold import init_site

    story = init_site(args.dir, args.title, args.url, args.timezone)
    print(f"newsdigest: made a new site in {args.dir} (first story: {story}); build it with "
          f"`newsdigest build --root {args.dir}`")
    return EXIT_OK
def _add_import(commands) -> None:
    i = commands.add_parser("import", help="bring stories in from Jekyll, Hugo, WordPress or a feed")
    i.add_argument("kind", choices=("jekyll", "hugo", "wordpress", "feed"),
                   help="what SOURCE is: a Jekyll or Hugo site folder, a WordPress export (WXR) "
                        "file, or an RSS/Atom file")
    i.add_argument("source", type=Path, help="the folder or file to import from")
    _root_arg(i)
    i.add_argument("--dry-run", action="store_true",
                   help="write nothing; print the report that an import would write")
    i.set_defaults(run=_import)


def _import(args) -> int:
    from newsdigest.importers.cli import run_command

    return run_command(args.kind, args.source, args.root, args.dry_run)


if __name__ == "__main__":
    run()
