"""Time `newsdigest import wordpress` on a generated WordPress export (issue 11: 10,000 posts in
under a minute).

    python bench/import_wordpress.py [--posts 10000] [--workdir DIR] [--record bench/RESULTS.md]

The export is made like WordPress's own: every post has six paragraphs of about 90 words in
WordPress's way (no <p>, blank lines between paragraphs) with links and bold text, two
categories and three tags; every 10th has a [caption]ed image, every 20th a YouTube address
alone on its line, every 50th a password; one in ten items is a page, an attachment or a menu
item. The import runs twice: the first writes every story, the second finds them all there.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import random
import shutil
import sys
import tempfile
import time
from pathlib import Path

if __package__ in (None, ""):  # run as a script: make `newsdigest` importable from the checkout
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from newsdigest.importers.run import ImportOptions, run_import  # noqa: E402

WORDS = ("council town budget school board vote road bridge fire police harbor ferry library "
         "storm power outage festival market river mayor residents meeting plan crews repair "
         "winter summer parents teachers students officials county state hearing").split()
HEAD = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/"
 xmlns:content="http://purl.org/rss/1.0/modules/content/"
 xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:wp="http://wordpress.org/export/1.2/">
<channel><title>Bench Gazette</title><link>https://bench.example.com</link>
<wp:author><wp:author_login><![CDATA[editor]]></wp:author_login>
<wp:author_display_name><![CDATA[Pat Editor]]></wp:author_display_name></wp:author>
"""


def paragraph(rng: random.Random) -> str:
    words = [rng.choice(WORDS) for _ in range(90)]
    words[10] = f'<a href="https://bench.example.com/{rng.choice(WORDS)}/">{words[10]}</a>'
    words[40] = f"<strong>{words[40]}</strong>"
    return " ".join(words).capitalize() + "."


def body(number: int, rng: random.Random) -> str:
    parts = [paragraph(rng) for _ in range(6)]
    if number % 10 == 0:
        parts.insert(2, f'[caption id="attachment_{number}" width="640"]<img src="https://bench.'
                        f'example.com/wp-content/uploads/2020/01/p{number}.jpg" alt="Photo"> '
                        f"Crews at work[/caption]")
    if number % 20 == 0:
        parts.insert(4, "https://www.youtube.com/watch?v=dQw4w9WgXcQ")
    return "\n\n".join(parts)


def item(number: int, rng: random.Random) -> str:
    kind = ("page", "attachment", "nav_menu_item")[number % 3] if number % 10 == 5 else "post"
    day = dt.datetime(2010, 1, 1) + dt.timedelta(hours=7 * number)
    cats = "".join(f'<category domain="category" nicename="{c}"><![CDATA[{c.title()}]]></category>'
                   for c in rng.sample(WORDS, 2))
    tags = "".join(f'<category domain="post_tag" nicename="{t}"><![CDATA[{t}]]></category>'
                   for t in rng.sample(WORDS, 3))
    return f"""<item><title><![CDATA[Story {number}: {rng.choice(WORDS)} &amp; {rng.choice(WORDS)}]]></title>
<link>https://bench.example.com/{day:%Y/%m/%d}/story-{number}/</link>
<dc:creator><![CDATA[editor]]></dc:creator>
<guid isPermaLink="false">https://bench.example.com/?p={number}</guid>
<content:encoded><![CDATA[{body(number, rng)}]]></content:encoded>
<excerpt:encoded><![CDATA[]]></excerpt:encoded>
<wp:post_id>{number}</wp:post_id><wp:post_date><![CDATA[{day:%Y-%m-%d %H:%M:%S}]]></wp:post_date>
<wp:post_date_gmt><![CDATA[{day + dt.timedelta(hours=5):%Y-%m-%d %H:%M:%S}]]></wp:post_date_gmt>
<wp:post_name><![CDATA[story-{number}]]></wp:post_name><wp:status><![CDATA[publish]]></wp:status>
<wp:post_type><![CDATA[{kind}]]></wp:post_type>
<wp:post_password><![CDATA[{"secret" if number % 50 == 0 else ""}]]></wp:post_password>
{cats}{tags}</item>
"""


def make_export(path: Path, posts: int) -> int:
    """Write an export with `posts` posts (plus pages, attachments, menu items); return items."""
    rng = random.Random(11)
    written = number = 0
    with path.open("w", encoding="utf-8") as out:
        out.write(HEAD)
        while written < posts:
            number += 1
            text = item(number, rng)
            written += "<wp:post_type><![CDATA[post]]>" in text
            out.write(text)
        out.write("</channel></rss>\n")
    return number


def timed(source: Path, root: Path) -> tuple[float, object]:
    start = time.perf_counter()
    result = run_import(ImportOptions("wordpress", source, root))
    return time.perf_counter() - start, result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--posts", type=int, default=10_000)
    parser.add_argument("--workdir", type=Path, default=None)
    parser.add_argument("--record", type=Path, help="append the result to this Markdown file")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="import-bench-", dir=args.workdir))
    try:
        export = work / "export.xml"
        items = make_export(export, args.posts)
        first, result = timed(export, work / "site")
        second, again = timed(export, work / "site")
        lines = _lines(args.posts, items, export.stat().st_size, first, result, second, again)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print("\n".join(lines))
    if args.record:
        with args.record.open("a", encoding="utf-8") as out:
            out.write("\n" + "\n".join(lines) + "\n")
    return 0


def _lines(posts, items, size, first, result, second, again) -> list[str]:
    when = dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    load = ", ".join(f"{x:.2f}" for x in os.getloadavg())
    return [f"## {when}: `python bench/import_wordpress.py --posts {posts}`", "",
            f"Machine: {platform.machine()}, {os.cpu_count()} cores, Python "
            f"{platform.python_version()}, load average {load} at the end. One export of "
            f"{items:,} items ({size / 2**20:.1f} MB), {posts:,} of them posts.", "",
            "| run | seconds | stories written | imported before | per post |",
            "|---|---|---|---|---|",
            f"| first import | {first:.1f} | {result.new:,} | {result.already:,} | "
            f"{first / posts * 1000:.2f} ms |",
            f"| second import (nothing new) | {second:.1f} | {again.new:,} | {again.already:,} | "
            f"{second / posts * 1000:.2f} ms |", "",
            f"Target: under 60 s for 10,000 posts: {'met' if first < 60 else 'NOT met'}."]


if __name__ == "__main__":
    sys.exit(main())
