"""The newsdigest command: argument parsing, messages and exit codes; no site logic."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .errors import BuildError
from .pipeline import BuildOptions, build, load_site

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


def _print_problems(problems) -> None:
    for problem in problems:
        print(problem, file=sys.stderr)


if __name__ == "__main__":
    sys.exit(main())
