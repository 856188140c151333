"""What issue 14's pages cost: towns, authors and the daily digest in a cold build, and the
search index (Pagefind) cold, after an edit, and when nothing changed.

    python bench/readers.py [--stories 10000] [--baseline /work/main] [--workdir /dev/shm/newsdigest-readers]

Generates a corpus (../shared/bench/make_corpus.py --format newsdigest) with its towns named in
site.toml, then times, one build at a time, each scenario below; with --baseline, a cold build
by another checkout (the code before these pages) on the same corpus first. Prints a Markdown
table: seconds (wall), files written, and the search index's size.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
CORPUS_SCRIPT = REPO.parent / "shared" / "bench" / "make_corpus.py"
TOWNS = 'towns = ["norwalk", "stamford", "danbury", "greenwich", "westport", "bridgeport"]\n'


def run(checkout: Path, site: Path, out: Path, *flags: str) -> float:
    env = dict(os.environ, PYTHONPATH=str(checkout), SOURCE_DATE_EPOCH="1795608000")
    cmd = [sys.executable, "-c", "import sys; from newsdigest.cli import main; sys.exit(main(sys.argv[1:]))",
           "build", "--root", str(site), "--out", str(out), *flags]
    started = time.perf_counter()
    done = subprocess.run(cmd, env=env, capture_output=True, text=True, cwd=site)  # not a checkout
    seconds = time.perf_counter() - started
    if done.returncode != 0:
        raise SystemExit(f"build failed: {done.stderr[-2000:]}")
    return seconds


def files_and_bytes(folder: Path) -> tuple[int, int]:
    sizes = [p.stat().st_size for p in folder.rglob("*") if p.is_file()] if folder.is_dir() else []
    return len(sizes), sum(sizes)


def fresh(site: Path, out: Path) -> None:
    shutil.rmtree(out, ignore_errors=True)
    shutil.rmtree(site / ".newsdigest-cache", ignore_errors=True)


def corpus(work: Path, stories: int) -> Path:
    site = work / f"site-{stories}"
    if not (site / ".complete").exists():
        shutil.rmtree(site, ignore_errors=True)
        subprocess.run([sys.executable, str(CORPUS_SCRIPT), "--stories", str(stories), "--out", str(site),
                        "--format", "newsdigest"], check=True, stdout=subprocess.DEVNULL)
        shutil.copyfile(site / "site.toml", site / "site.toml.plain")
        (site / ".complete").write_text("ok")
    return site


def newest(site: Path) -> Path:
    return max((site / "content" / "stories").glob("*.md"), key=lambda p: p.read_text(encoding="utf-8")
               .split("date:", 1)[1].split("\n", 1)[0].strip())


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--stories", type=int, default=10_000)
    ap.add_argument("--baseline", type=Path, help="another checkout, for a cold build without these pages")
    ap.add_argument("--workdir", type=Path, default=Path("/dev/shm/newsdigest-readers"))
    args = ap.parse_args(argv)
    args.workdir.mkdir(parents=True, exist_ok=True)
    site, out = corpus(args.workdir, args.stories), args.workdir / "out"
    rows = []

    def row(name: str, seconds: float) -> None:
        files, size = files_and_bytes(out)
        index_files, index_bytes = files_and_bytes(out / "pagefind")
        rows.append(f"| {name} | {seconds:.2f} | {files:,} | {size / 1e6:.1f} MB | "
                    f"{index_files:,} | {index_bytes / 1e6:.1f} MB |")
        print(rows[-1], flush=True)

    plain = (site / "site.toml.plain").read_text(encoding="utf-8")
    if args.baseline:
        (site / "site.toml").write_text(plain, encoding="utf-8")  # it knows no towns
        fresh(site, out)
        row(f"cold, before these pages ({args.baseline.name})", run(args.baseline, site, out, "--no-cache"))
    (site / "site.toml").write_text(plain + TOWNS + 'digest_cutoff = "06:00"\n', encoding="utf-8")
    fresh(site, out)
    row("cold, with towns, authors, digest; no search", run(REPO, site, out, "--no-search"))
    fresh(site, out)
    row("cold, with search", run(REPO, site, out))
    row("noop (nothing changed)", run(REPO, site, out))
    story = newest(site)
    with open(story, "a", encoding="utf-8") as f:
        f.write("\nBench edit: officials said the meeting would resume.\n")
    row("edit one story (re-index)", run(REPO, site, out))
    (site / "static").mkdir(exist_ok=True)
    with open(site / "static" / "bench.txt", "a", encoding="utf-8") as f:
        f.write("x\n")
    row("add a static file (index reused)", run(REPO, site, out))
    with open(story, "a", encoding="utf-8") as f:
        f.write("\nBench edit: a second sentence.\n")
    row("edit one story, --no-search", run(REPO, site, out, "--no-search"))
    print()
    print(f"{args.stories:,} stories; | scenario | seconds | files | output | index files | index |")
    print("| --- | --- | --- | --- | --- | --- |")
    print("\n".join(rows))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
