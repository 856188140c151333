"""The newsdigest command: argument parsing, messages and exit codes; no site logic."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .errors import BuildError
from .pipeline import BuildOptions, build, load_site
from .text import iso

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE = 0, 1, 2


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


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="newsdigest",
                                     description="Build a local-news site from story files.")
    commands = parser.add_subparsers(dest="command")
    b = commands.add_parser("build", help="build the site into the output folder")
    _root_arg(b)
    b.add_argument("--out", type=Path, help="output folder (default: ROOT/site)")
    b.add_argument("--drafts", action="store_true", help="publish stories marked draft: true")
    b.add_argument("--future", action="store_true", help="publish stories dated in the future")
    b.add_argument("--no-cache", action="store_true",
                   help="build from scratch, without reading or writing ROOT/.newsdigest-cache")
    b.set_defaults(run=_build)
    c = commands.add_parser("check", help="validate every file and site.toml; write nothing")
    _root_arg(c)
    c.set_defaults(run=_check)
    _schedule_parser(commands)
    return parser


def _root_arg(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--root", type=Path, default=Path("."),
                        help="the site root, holding site.toml and content/ (default: .)")


def _build(args) -> int:
    report = build(BuildOptions(args.root, args.out, args.drafts, args.future,
                                cache=not args.no_cache))
    _print_problems(report.warnings)
    print(f"newsdigest: built {report.stories} stories and {report.videos} videos into "
          f"{report.out} in {report.seconds:.2f} s ({report.rendered} of {report.files} files "
          f"rendered, the rest unchanged)")
    return EXIT_OK


def _check(args) -> int:
    model, warnings = load_site(BuildOptions(args.root, drafts=True, future=True))
    _print_problems(warnings)
    print(f"newsdigest: {len(model.stories)} stories and {len(model.videos)} videos checked, "
          f"no errors")
    return EXIT_OK


def _schedule_parser(commands) -> None:
    s = commands.add_parser("schedule", help="list what waits on the clock and when to rebuild next")
    _root_arg(s)
    s.add_argument("--next", action="store_true",
                   help="print only the time of the next rebuild (ISO 8601), or nothing if none")
    s.set_defaults(run=_schedule)


def _schedule(args) -> int:
    """`newsdigest schedule`: for a cron job or a CI schedule; the time comes from the build time."""
    from .schedule import format_schedule, make_schedule
    model, _ = load_site(BuildOptions(args.root, future=True))
    plan = make_schedule(model)
    if args.next:
        if plan.next_rebuild:
            print(iso(plan.next_rebuild))
    else:
        print(format_schedule(plan), end="")
    return EXIT_OK


def _print_problems(problems) -> None:
    for problem in problems:
        print(problem, file=sys.stderr)


if __name__ == "__main__":
    sys.exit(main())
