"""A whole site with photos: 10,000 stories, 2,000 of them leading with a camera photo, built by
newsdigest cold, again with nothing changed, and after one story is edited.

    python bench/site_photos.py [--stories 10000] [--photos 2000] [--distinct 40]
        [--workdir /dev/shm/newsdigest-site-photos] [--no-results]

The photos are the image benchmark's 4000 x 3000 camera JPEGs (bench/make_photos.py, real
public-domain/CC0 photos). The 2,000 files are copies of --distinct of them: the image cache is
keyed by a file's bytes, so the cold build encodes --distinct sets and takes minutes, not hours;
what this measures, the rebuilds, still meets 2,000 picture files and their 2,000 stories (each
file is stat-ed and looked up, and each picture's variants are published). "re-encoded" counts
the files the image cache gained or rewrote during the run, read from the cache folder itself.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

if __package__ in (None, ""):  # run as a script: make `bench` importable
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.images import make_photos  # noqa: E402
from bench.measure import Sample, measure  # noqa: E402
from bench.tools import REPO, remove  # noqa: E402

CORPUS_SCRIPT = REPO.parent / "shared" / "bench" / "make_corpus.py"


def lay_out(work: Path, stories: int, photos: int, distinct: int) -> Path:
    """The corpus as a site root, with a photo in static/images and in the front matter of the
    first `photos` stories (by file name)."""
    pristine = work / f"corpus-{stories}"
    if not (pristine / "done").exists():
        remove(pristine)
        subprocess.run([sys.executable, str(CORPUS_SCRIPT), "--stories", str(stories), "--out",
                        str(pristine / "site"), "--format", "newsdigest"], check=True,
                       stdout=subprocess.DEVNULL)
        (pristine / "done").write_text("")
    site = work / "site"
    remove(site)
    shutil.copytree(pristine / "site", site)
    sources = sorted(make_photos(work, distinct).glob("*.jpg"))
    images = site / "static" / "images"
    images.mkdir(parents=True, exist_ok=True)
    for n, story in enumerate(sorted((site / "content" / "stories").glob("*.md"))[:photos]):
        shutil.copyfile(sources[n % len(sources)], images / f"photo-{n:05}.jpg")
        text = story.read_text(encoding="utf-8")
        line = f"image: /images/photo-{n:05}.jpg"
        if re.search(r"^image: ", text, re.M):  # the corpus's remote picture: ours instead
            text = re.sub(r"^image: .*$", line, text, count=1, flags=re.M)
        else:
            assert text.startswith("---\n"), story
            text = f'---\n{line}\nimage_alt: "Photo {n}"\n' + text[4:]
        story.write_text(text, encoding="utf-8")
    return site


def changed_since(folder: Path, moment: float) -> int:
    """Files in folder written at or after moment (the image cache: what was encoded)."""
    return sum(1 for p in folder.rglob("*") if p.is_file() and p.stat().st_mtime >= moment)


def run(site: Path, logs: Path, label: str) -> tuple[Sample, int]:
    cmd = [sys.executable, str(REPO / "bench" / "newsdigest_cli.py"), "build", "--root", str(site),
           "--no-search"]
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO), env.get("PYTHONPATH")]))
    started = time.time()
    sample = measure(cmd, REPO, env, logs / f"{label}.log")
    cache = site / ".newsdigest-cache" / "images"
    return sample, changed_since(cache, started) if cache.is_dir() else 0


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--stories", type=int, default=10_000)
    ap.add_argument("--photos", type=int, default=2_000)
    ap.add_argument("--distinct", type=int, default=40)
    ap.add_argument("--workdir", type=Path, default=Path("/dev/shm/newsdigest-site-photos"))
    ap.add_argument("--results", action=argparse.BooleanOptionalAction, default=True)
    args = ap.parse_args(argv)
    args.workdir.mkdir(parents=True, exist_ok=True)
    logs = args.workdir / "logs"
    logs.mkdir(exist_ok=True)
    site = lay_out(args.workdir, args.stories, args.photos, args.distinct)
    rows = []
    for label in ("cold", "noop", "noop again"):
        rows.append((label, *run(site, logs, label)))
        print(f"{label:12} {rows[-1][1].wall:7.2f} s wall  {rows[-1][1].cpu:7.2f} s CPU  "
              f"{rows[-1][1].rss_mib:6.0f} MiB  re-encoded {rows[-1][2]}", flush=True)
    story = sorted((site / "content" / "stories").glob("*.md"))[0]  # one with a photo
    with open(story, "a", encoding="utf-8") as file:
        file.write("\nBench edit: officials said the meeting would resume.\n")
    rows.append(("edit (story with a photo)", *run(site, logs, "edit")))
    print(f"edit         {rows[-1][1].wall:7.2f} s wall  re-encoded {rows[-1][2]}", flush=True)
    table = _table(args, rows)
    print(table)
    if args.results:
        with open(REPO / "bench" / "RESULTS.md", "a", encoding="utf-8") as out:
            out.write("\n" + table)
    return 0


def _table(args, rows) -> str:
    now = dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    files = sum(1 for p in (args.workdir / "site" / "site").rglob("*") if p.is_file())
    lines = [f"## {now}: `python bench/site_photos.py --stories {args.stories} --photos "
             f"{args.photos} --distinct {args.distinct}`", "",
             f"- machine: `nproc` {os.cpu_count()}, Python {platform.python_version()}, load average "
             f"{os.getloadavg()[0]:.2f} at the end; output on tmpfs; `--no-search`",
             f"- {args.stories:,} stories, {args.photos:,} of them with a 4000 x 3000 camera JPEG "
             f"({args.distinct} distinct photos); {files:,} files in the output", "",
             "| scenario | wall s | CPU s | peak RSS MiB | image cache files written |",
             "|---|---|---|---|---|"]
    lines += [f"| {label} | {s.wall:.2f} | {s.cpu:.2f} | {s.rss_mib:.0f} | {n} |" for label, s, n in rows]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    sys.exit(main())
