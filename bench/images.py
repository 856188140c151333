"""Benchmark image processing: newsdigest against Hugo's (`.Resize` in a template) on the same
camera-size JPEGs, to the same widths.

    python bench/images.py [--photos 500] [--hugo-photos 40] [--workdir /dev/shm/newsdigest-images]
        [--no-results]

Makes the photos once (bench/make_photos.py: real public-domain/CC0 photos at 4000 x 3000),
then for each tool: a cold run (no output, no cache) and a rebuild with nothing changed.
Both tools make the widths 320-2048 in JPEG and WebP plus a 1200 x 630 share crop; newsdigest
runs a second time with its defaults, which add AVIF where Pillow writes it (Hugo cannot).
Appends a table to bench/RESULTS.md.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import shutil
import subprocess
import sys
from pathlib import Path

if __package__ in (None, ""):  # run as a script: make `bench` importable
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.measure import Sample, measure  # noqa: E402
from bench.tools import REPO, Hugo, first_line, remove  # noqa: E402

WIDTHS = (320, 480, 640, 960, 1280, 1600, 2048)
BASE_PHOTOS = 40  # made from scratch (~1 s each); any more are derived from these
HUGO_CONFIG = """\
baseURL = "https://digest.example.org/"
disableKinds = ["taxonomy", "term", "RSS", "sitemap", "robotsTXT", "404", "page", "section"]
[imaging]
resampleFilter = "Lanczos"
quality = 82
"""
# Every photo to every width in JPEG and WebP, and the share crop: the work newsdigest does.
HUGO_INDEX = """\
{{ range resources.Match "photos/*.jpg" }}{{ $img := . }}
{{ range slice %s }}{{ if le . $img.Width }}
<img src="{{ ($img.Resize (printf "%%dx jpg q82" .)).RelPermalink }}">
<img src="{{ ($img.Resize (printf "%%dx webp q80" .)).RelPermalink }}">
{{ end }}{{ end }}
<img src="{{ ($img.Fill "1200x630 Center jpg q82").RelPermalink }}">
{{ end }}
""" % " ".join(map(str, WIDTHS))


def make_photos(work: Path, count: int) -> Path:
    """The photos, made once per count: up to BASE_PHOTOS from scratch, more derived from those
    (mirrored, turned, exposed differently: every file has its own pixels)."""
    folder = work / f"photos-{count}"
    if not (folder / "done").exists():
        remove(folder)
        more = ["--from", str(make_photos(work, BASE_PHOTOS))] if count > BASE_PHOTOS else []
        # In a process of its own: a child forked from a big process reports its peak memory.
        subprocess.run([sys.executable, str(REPO / "bench" / "make_photos.py"), str(folder),
                        "--count", str(count), *more], check=True)
        (folder / "done").write_text("")
    return folder


def newsdigest_cmd(photos: Path, cache: Path, out: Path, formats: str) -> list[str]:
    return [sys.executable, str(REPO / "bench" / "images.py"), "--run-newsdigest", str(photos),
            str(cache), str(out), formats]


def run_newsdigest(photos: Path, cache_dir: Path, out: Path, formats: str) -> None:
    """What a build does with its photos: process through the cache, then copy into the output
    each variant not already there (names carry the key: a present name has the same bytes)."""
    from newsdigest.images import ImageCache, ImageJob, ImageSettings, process_all
    settings = ImageSettings() if formats == "default" else ImageSettings(modern_formats=("webp",))
    cache = ImageCache(cache_dir)
    jobs = [ImageJob(f"photos/{p.name}", p) for p in sorted(photos.glob("*.jpg"))]
    outcomes = process_all(jobs, cache, settings)
    out.mkdir(parents=True, exist_ok=True)
    for outcome in outcomes:
        image_set = outcome.image_set
        for variant in image_set.variants:
            target = out / image_set.file_name(variant)
            if not target.exists():
                shutil.copyfile(cache.file_of(image_set.key, variant), target)
        share = out / image_set.file_name(image_set.share, share=True)
        if not share.exists():
            shutil.copyfile(cache.file_of(image_set.key, image_set.share, share=True), share)
    problems = [str(o.problem) for o in outcomes if o.problem]
    print(json.dumps({"encoded": sum(o.encoded for o in outcomes), "problems": problems}))


def hugo_site(work: Path, photos: Path) -> Path:
    site = work / "hugo-site"
    remove(site)
    (site / "assets").mkdir(parents=True)
    (site / "assets" / "photos").symlink_to(photos)
    (site / "layouts").mkdir()
    (site / "layouts" / "index.html").write_text(HUGO_INDEX)
    (site / "hugo.toml").write_text(HUGO_CONFIG)
    return site


def hugo_cmd(site: Path, out: Path) -> list[str]:
    return ["hugo", "--quiet", "--source", str(site), "--destination", str(out),
            "--cacheDir", str(site.parent / "hugo-cache")]


def hugo_clean(site: Path, out: Path) -> None:
    for path in (out, site.parent / "hugo-cache", site / "resources"):
        remove(path)


def encoded_count(log: Path) -> str:
    """newsdigest's own count of images it encoded in its last run."""
    lines = [ln for ln in log.read_text().splitlines() if ln.startswith('{"encoded"')]
    return str(json.loads(lines[-1])["encoded"]) if lines else "?"


def files_and_bytes(out: Path) -> tuple[int, float]:
    files = [p for p in out.rglob("*") if p.is_file() and p.suffix in (".jpg", ".webp", ".avif", ".png")]
    return len(files), sum(p.stat().st_size for p in files) / 2**20


def bench(args) -> list[tuple]:
    """Rows: (photos, tool, formats, scenario, Sample, re-encoded, files, MiB)."""
    logs = args.workdir / "logs"
    logs.mkdir(parents=True, exist_ok=True)
    rows = []
    for count in sorted({args.hugo_photos, args.photos} - {0}):
        photos = make_photos(args.workdir, count)
        rows += [(count, *row) for row in bench_newsdigest(args.workdir, photos, logs)]
        if count == args.hugo_photos:
            rows += [(count, *row) for row in bench_hugo(args.workdir, photos, logs)]
    return rows


def bench_newsdigest(work: Path, photos: Path, logs: Path) -> list[tuple]:
    env = dict(os.environ, PYTHONPATH=str(REPO))
    rows = []
    for formats in ("jpeg+webp", "default"):
        out, cache = work / f"nd-out-{formats}", work / f"nd-cache-{formats}"
        log = logs / f"newsdigest-{formats}.log"
        for scenario in ("cold", "noop"):
            if scenario == "cold":
                remove(out), remove(cache)
            sample = measure(newsdigest_cmd(photos, cache, out, formats), REPO, env, log)
            rows.append(("newsdigest", formats, scenario, sample, encoded_count(log), *files_and_bytes(out)))
            print(photos.name, rows[-1], flush=True)
    return rows


def bench_hugo(work: Path, photos: Path, logs: Path) -> list[tuple]:
    site, out = hugo_site(work, photos), work / "hugo-out"
    rows = []
    for scenario in ("cold", "noop"):
        if scenario == "cold":
            hugo_clean(site, out)
        sample = measure(hugo_cmd(site, out), site, dict(os.environ), logs / "hugo.log")
        rows.append(("hugo", "jpeg+webp", scenario, sample, "", *files_and_bytes(out)))
        print(photos.name, rows[-1], flush=True)
    return rows


def table(rows: list[tuple]) -> str:
    hugo = {(r[0], r[3]): r[4] for r in rows if r[1] == "hugo"}
    lines = ["| photos | tool | formats | scenario | wall s | CPU s | peak RSS MiB | images re-encoded "
             "| files | MiB written | wall / Hugo's | CPU / Hugo's |", "|---|---|---|---|---|---|---|---|---|---|---|---|"]
    for count, tool, formats, scenario, s, again, files, mib in rows:
        anchor = hugo.get((count, scenario))
        mine = tool != "hugo" and anchor
        ratio = f"{s.wall / anchor.wall:.3f}x | {s.cpu / anchor.cpu:.3f}x" if mine else " | "
        lines.append(f"| {count:,} | {tool} | {formats} | {scenario} | {s.wall:.2f} | {s.cpu:.2f} | "
                     f"{s.rss_mib:.0f} | {again} | {files:,} | {mib:.1f} | {ratio} |")
    return "\n".join(lines)


def report(args, argv, rows, started) -> str:
    import PIL
    load = os.getloadavg()
    return "\n".join([
        f"\n## {started:%Y-%m-%d %H:%M} UTC: images, `python bench/images.py {' '.join(argv)}`\n",
        f"- machine: `nproc` {len(os.sched_getaffinity(0))}, Python {platform.python_version()}, "
        f"Pillow {PIL.__version__}; {first_line(['hugo', 'version'])}",
        f"- {args.photos} (newsdigest) and {args.hugo_photos} (both tools) camera JPEGs, 4000 x 3000 "
        "(bench/make_photos.py, real public-domain/CC0 photos), each to widths " + ", ".join(map(str, WIDTHS)) + " and a 1200 x 630 share crop",
        "- cold: no output, no cache; noop: the same command again, nothing changed",
        f"- load average at end: {load[0]:.2f} {load[1]:.2f} {load[2]:.2f} (the machine is shared)",
        "", table(rows), ""])


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["--run-newsdigest"]:
        run_newsdigest(Path(argv[1]), Path(argv[2]), Path(argv[3]), argv[4])
        return 0
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--photos", type=int, default=500)
    ap.add_argument("--hugo-photos", type=int, default=40,
                    help="Hugo's count (0: none); its WebP is ~15 s a photo here, so 500 would take hours")
    ap.add_argument("--workdir", type=Path, default=Path("/dev/shm/newsdigest-images"))
    ap.add_argument("--results", action=argparse.BooleanOptionalAction, default=True)
    args = ap.parse_args(argv)
    problem = Hugo(args.workdir).install(args.workdir / "install.log")
    if problem:
        print(problem, file=sys.stderr)
        return 1
    started = dt.datetime.now(dt.timezone.utc)
    text = report(args, argv, bench(args), started)
    print(text)
    if args.results:
        with open(REPO / "bench" / "RESULTS.md", "a", encoding="utf-8") as f:
            f.write(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
