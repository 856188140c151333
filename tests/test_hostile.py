"""Hostile and broken input: every case ends in a safe build or an error naming the file.

Each case is built in a site of its own next to one good story and one good video. A build that
succeeds must be safe (no script, on* attribute or javascript:/vbscript:/data: URL from the input
in any page or feed, checked by parsing them, and every output path inside the output folder); a
build that fails must fail with BuildError whose errors name the hostile file. Anything else (a
traceback, a crash, more than TIME_LIMIT seconds) fails the test.
"""

from __future__ import annotations

import codecs
import os
import random
import signal
import subprocess
import sys
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest
from conftest import REPO, TRIED, photo, story, video
from safety import output_paths_inside, site_problems

from newsdigest.errors import BuildError

HOSTILE = Path(__file__).parent / "hostile"
TIME_LIMIT = 60
LEAK = "LEAKED-FROM-OUTSIDE-CONTENT"  # the body of files that links point at from content/
GOOD = {"content/stories/good.md": story("Good story", tags="[a]", videos="[good-video]"),
        "content/videos/good-video.md": video(tags="[a]"),
        "static/x.png": photo("png", (64, 48))}  # the image the hostile files point at: a real one


@dataclass(frozen=True)
class Link:
    """A symbolic link to write into the site, pointing at target (relative to the site root's parent)."""

    target: str


def corpus() -> dict[str, dict]:
    """The committed corpus: tests/hostile/{stories,videos}/NAME -> content/{kind}/NAME."""
    cases = {}
    for path in sorted(HOSTILE.glob("*/*")):
        cases[f"{path.parent.name}/{path.name}"] = {
            f"content/{path.parent.name}/{path.name}": path.read_bytes()}
    return cases


def fm(body: str, **fields: str) -> bytes:
    return story("Generated", body=body, **fields).encode("utf-8")


def generated() -> dict[str, dict]:
    """Cases too big, too binary or too odd to commit: made at run time."""
    return {**generated_sizes_and_encodings(), **generated_names_and_links()}


def generated_sizes_and_encodings() -> dict[str, dict]:
    """Huge files and lines, deep nesting, binary, every encoding and line ending."""
    rng = random.Random(6)
    text = story("Encodings: café “quotes” — done", body="Line one.\n\nLine two.")
    mb = 1024 * 1024
    return {
        "50-mb-file": {"content/stories/huge.md": fm("x" * (50 * mb))},
        "1-mb-line": {"content/stories/line.md": fm("y" * mb)},
        "900-kb-line": {"content/stories/line.md": fm("word " * (180 * 1024))},
        "5000-quotes": {"content/stories/q.md": fm(">" * 5000 + " deep")},
        "1000-quote-lines": {"content/stories/q.md": fm("\n".join(">" * i for i in range(1000)))},
        "700-nested-lists": {"content/stories/l.md": fm("\n".join("  " * i + "- x" for i in range(700)))},
        "100k-brackets": {"content/stories/b.md": fm("[" * 100_000)},
        "50k-image-brackets": {"content/stories/b.md": fm("![" * 50_000)},
        "100k-stars": {"content/stories/s.md": fm("*a" * 50_000 + "_" * 50_000)},
        "10k-link-openers": {"content/stories/b.md": fm("[a](" * 10_000)},
        "5000-divs": {"content/stories/d.md": fm("<div>" * 5000 + "x")},
        "binary-random": {"content/stories/bin.md": rng.randbytes(4096)},
        "binary-no-nul": {"content/stories/bin.md": bytes(rng.choice(range(1, 256)) for _ in range(4096))},
        "png-named-md": {"content/stories/photo.md": b"\x89PNG\r\n\x1a\n" + rng.randbytes(100)},
        "utf8-bom": {"content/stories/bom.md": codecs.BOM_UTF8 + text.encode()},
        "utf8-bom-twice": {"content/stories/bom.md": codecs.BOM_UTF8 * 2 + text.encode()},
        "utf16-le-bom": {"content/stories/u16.md": text.encode("utf-16")},
        "utf16-be-bom": {"content/stories/u16.md": codecs.BOM_UTF16_BE + text.encode("utf-16-be")},
        "utf16-no-bom": {"content/stories/u16.md": text.encode("utf-16-le")},
        "utf16-odd-length": {"content/stories/u16.md": text.encode("utf-16")[:-1]},
        "utf32": {"content/stories/u32.md": text.encode("utf-32")},
        "latin-1": {"content/stories/l1.md": text.replace("“", "'").replace("”", "'")
                    .replace("—", "-").encode("latin-1")},
        "cp1252": {"content/stories/w.md": text.encode("cp1252")},
        "undefined-cp1252-byte": {"content/stories/w.md": text.encode("utf-8") + b"\x81\x8d"},
        "crlf": {"content/stories/crlf.md": text.replace("\n", "\r\n").encode()},
        "cr-only": {"content/stories/cr.md": text.replace("\n", "\r").encode()},
        "mixed-line-ends": {"content/stories/mix.md": "".join(
            line + rng.choice(["\n", "\r\n", "\r"]) for line in text.split("\n")).encode()},
        "nul-in-body": {"content/stories/nul.md": fm("before\x00after")},
        "lone-surrogate-bytes": {"content/stories/s.md": fm("x") + b"\xed\xa0\x80"},
    }


def generated_names_and_links() -> dict[str, dict]:
    """Odd file names, duplicates, links in and out of content/, a pipe."""
    return {
        "name-with-spaces": {"content/stories/Fire on Main Street.md": fm("x")},
        "name-capitals": {"content/stories/FIRE.MD": fm("x")},
        "name-non-ascii": {"content/stories/café-ünïcödé-日本.md": fm("x")},
        "name-only-non-ascii": {"content/stories/日本.md": fm("x")},
        "name-newline": {"content/stories/a\nb.md": fm("x")},
        "name-not-utf8": {os.fsdecode(b"content/stories/caf\xe9.md"): fm("x")},
        "name-not-utf8-with-error": {os.fsdecode(b"content/stories/caf\xe9.md"): fm("x", draft="maybe")},
        "name-leading-dash": {"content/stories/-rf.md": fm("x")},
        "name-dotdot": {"content/stories/...md": fm("x")},
        "case-duplicates": {"content/stories/Fire.md": fm("x"), "content/stories/fire.md": fm("y")},
        "slug-duplicates": {"content/stories/a.md": fm("x", slug="same"),
                            "content/stories/b.md": fm("y", slug="Same")},
        "slug-vs-file-name": {"content/stories/x.md": fm("x", slug="good")},
        "video-slug-duplicates": {"content/videos/good-video.markdown": video().encode()},
        "link-outside-content": {"content/stories/passwd.md": Link("/etc/passwd")},
        "link-to-story-outside": {"outside.md": fm(LEAK),
                                  "content/stories/leak.md": Link("root/outside.md")},
        "link-folder-outside": {"elsewhere/s.md": fm(LEAK),
                                "content/stories/dir": Link("root/elsewhere")},
        "link-dangling": {"content/stories/gone.md": Link("root/nothing-here.md")},
        "link-loop": {"content/stories/loop.md": Link("root/content/stories/loop.md")},
        "link-inside-content": {"content/notes/n.md": fm("inside"),
                                "content/stories/n.md": Link("root/content/notes/n.md")},
        "link-folder-cycle": {"content/stories/cycle": Link("root/content")},
        "link-to-devzero": {"content/stories/zero.md": Link("/dev/zero")},
        "fifo": {"content/stories/pipe.md": "FIFO"},
        "folder-named-md": {"content/stories/folder.md/a.md": fm("x")},
        "unreadable-file": {"content/stories/secret.md": "UNREADABLE"},
        "stories-is-a-file": {"content/stories": b"not a folder"},
    }


CASES = {**corpus(), **generated()}


def write_case(root: Path, files: dict) -> None:
    good = {rel: data for rel, data in GOOD.items() if not any(rel.startswith(f"{p}/") for p in files)}
    for rel, data in {**good, **files}.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(data, Link):
            path.symlink_to(data.target if data.target.startswith("/") else root.parent / data.target)
        elif data == "FIFO":
            os.mkfifo(path)
        elif data == "UNREADABLE":
            path.write_bytes(fm("x"))
            path.chmod(0)
        else:
            path.write_bytes(data if isinstance(data, bytes) else data.encode())


class TookTooLong(Exception):
    pass


@contextmanager
def time_limit(seconds: int):
    def stop(signum, frame):
        raise TookTooLong(f"still building after {seconds} s")
    previous = signal.signal(signal.SIGALRM, stop)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def outcome(site, files: dict) -> str:
    """"built" or the first error; asserts the build was safe or named the hostile file."""
    before = outside_output(site)
    try:
        with time_limit(TIME_LIMIT):
            site.build(strict=True)  # the error itself, not the file held back (test_held_back.py)
    except BuildError as exc:
        errors = [p for p in exc.problems if not p.warning]
        assert errors, exc.problems
        for problem in errors:
            assert any(path in str(problem) for path in files), \
                f"error does not name the hostile file: {problem}"
        assert not site.out.exists()
        return str(errors[0])
    finally:
        assert outside_output(site) == before, "the build wrote outside its output folder"
    assert site_problems(site.out) == []
    assert output_paths_inside(site.out) == []
    for page in site.out.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        assert LEAK not in text and "root:x:0:0" not in text, f"{page} shows a file outside content/"
    return "built"


def outside_output(site) -> list[str]:
    """Every path under the site root's parent that is not in the output folder (or in the
    build cache, the one other folder newsdigest writes, documented in the README)."""
    cache = site.root / ".newsdigest-cache"
    return sorted(os.fsencode(p).hex() for p in site.root.parent.rglob("*")
                  if p != site.out and site.out not in p.parents
                  and p != cache and cache not in p.parents)


@pytest.mark.parametrize("name", sorted(CASES))
def test_hostile_input_builds_safely_or_names_the_file(make_site, name, request):
    TRIED["hostile files (corpus and generated)"] += 1
    site = make_site({})
    write_case(site.root, CASES[name])
    result = outcome(site, CASES[name])
    print(f"{name}: {result}")
    expected = EXPECTED.get(name)
    assert expected is not None, f"no expectation for {name}: got {result!r}"
    assert expected in result, f"{name}: expected {expected!r}, got {result!r}"


CLI_CASES = ["stories/script-in-every-field.md", "stories/yaml-bomb.md", "stories/script-in-body.md",
             "stories/title-control-chars.md", "50-mb-file", "fifo", "link-loop",
             "name-not-utf8-with-error", "100k-brackets", "slug-duplicates"]


@pytest.mark.parametrize("name", CLI_CASES)
def test_hostile_input_through_the_cli_never_shows_a_traceback(make_site, name):
    TRIED["hostile files through the CLI"] += 1
    site = make_site({})
    write_case(site.root, CASES[name])
    run = subprocess.run([sys.executable, "-m", "newsdigest.cli", "build", "--no-search", "--root", str(site.root)],
                         cwd=REPO, env={**os.environ, "PYTHONPATH": str(REPO)}, capture_output=True,
                         timeout=TIME_LIMIT)
    stderr = run.stderr.decode("utf-8", "replace")
    assert "Traceback" not in stderr
    assert run.returncode in (0, 3), stderr  # 3: built, with the hostile file held back
    expected = EXPECTED[name]
    if expected == "built":
        assert run.returncode == 0, stderr
    else:
        file_name = expected.split(":")[0].encode("utf-8", "backslashreplace").decode()  # as printed
        assert run.returncode == 3 and f"held back {file_name}" in stderr, stderr


EXPECTED: dict[str, str] = {  # the first error, or "built"; generated slices are named by case
    '1-mb-line': 'content/stories/line.md: is larger than the 1 MB limit for a story file',
    '1000-quote-lines': "content/stories/q.md:48: quotes and lists are nested more than 40 levels deep here (a quote counts 1 level, a list 2; use fewer '>' or less indentation)",
    '100k-brackets': 'built',
    '100k-stars': 'built',
    '10k-link-openers': 'built',
    '50-mb-file': 'content/stories/huge.md: is larger than the 1 MB limit for a story file',
    '5000-divs': 'built',
    '5000-quotes': "content/stories/q.md:6: quotes and lists are nested more than 40 levels deep here (a quote counts 1 level, a list 2; use fewer '>' or less indentation)",
    '50k-image-brackets': 'built',
    '700-nested-lists': "content/stories/l.md:26: quotes and lists are nested more than 40 levels deep here (a quote counts 1 level, a list 2; use fewer '>' or less indentation)",
    '900-kb-line': 'built',
    'binary-no-nul': 'content/stories/bin.md:1: not valid UTF-8 (byte 0xB8) and not Windows-1252 either (save the file as UTF-8)',
    'binary-random': 'content/stories/bin.md: this is not a text file (it contains NUL bytes) (save stories as plain text, UTF-8)',
    'case-duplicates': 'content/stories/Fire.md: slug: 2 story files would be published at the same address (fire): content/stories/Fire.md, content/stories/fire.md (give each a different slug: or file name)',
    'cp1252': 'built',
    'cr-only': 'built',
    'crlf': 'built',
    'fifo': 'built',
    'folder-named-md': 'built',
    'latin-1': 'built',
    'link-dangling': 'built',
    'link-folder-cycle': 'built',
    'link-folder-outside': 'built',
    'link-inside-content': 'built',
    'link-loop': 'built',
    'link-outside-content': 'built',
    'link-to-devzero': 'built',
    'link-to-story-outside': 'built',
    'lone-surrogate-bytes': 'built',
    'mixed-line-ends': 'built',
    'name-capitals': 'built',
    'name-dotdot': 'built',
    'name-leading-dash': 'built',
    'name-newline': 'built',
    'name-non-ascii': 'built',
    'name-not-utf8': 'built',
    'name-not-utf8-with-error': "content/stories/caf\udce9.md:4: draft: expected true or false, got 'maybe'",
    'name-only-non-ascii': "content/stories/日本.md:1: slug: cannot make a web address from '日本' (add a 'slug:' with letters or digits)",
    'name-with-spaces': 'built',
    'nul-in-body': 'content/stories/nul.md: this is not a text file (it contains NUL bytes) (save stories as plain text, UTF-8)',
    'png-named-md': 'content/stories/photo.md: this is not a text file (it contains NUL bytes) (save stories as plain text, UTF-8)',
    'slug-duplicates': 'content/stories/a.md: slug: 2 story files would be published at the same address (same): content/stories/a.md, content/stories/b.md (give each a different slug: or file name)',
    'slug-vs-file-name': 'content/stories/good.md: slug: 2 story files would be published at the same address (good): content/stories/good.md, content/stories/x.md (give each a different slug: or file name)',
    'stories-is-a-file': 'built',
    'stories/author-list-of-mappings.md': 'content/stories/author-list-of-mappings.md:4: author: expected a name or a list of names, got a list (for example author: [first, second])',
    'stories/author-mapping.md': 'content/stories/author-mapping.md:4: author: expected a name or a list of names, got a group of fields (for example author: [first, second])',
    'stories/author-number.md': 'built',
    'stories/blank-lines.md': "content/stories/blank-lines.md:1: the file must start with a line '---' followed by fields such as 'title:' and 'date:', and another '---'",
    'stories/comment-before-fence.md': "content/stories/comment-before-fence.md:1: the file must start with a line '---' followed by fields such as 'title:' and 'date:', and another '---'",
    'stories/comment-hides-fence.md': 'built',
    'stories/dangerous-urls.md': 'built',
    'stories/date-before-epoch.md': 'built',
    'stories/date-dst-gap.md': 'built',
    'stories/date-dst-overlap-offset.md': 'built',
    'stories/date-dst-overlap.md': 'built',
    'stories/date-epoch.md': 'built',
    'stories/date-float.md': 'content/stories/date-float.md:3: date: "1.5" is not a date (expected a date like 2024-05-01 or 2024-05-01T09:30, optionally with an offset like -05:00)',
    'stories/date-fraction.md': 'built',
    'stories/date-hour-24.md': 'content/stories/date-hour-24.md:3: date: "2026-11-20T24:00" is not a date (expected a date like 2024-05-01 or 2024-05-01T09:30, optionally with an offset like -05:00)',
    'stories/date-leap-day.md': 'built',
    'stories/date-list.md': 'content/stories/date-list.md:3: date: expected text, got a list',
    'stories/date-mapping.md': 'content/stories/date-mapping.md:3: date: expected text, got a group of fields',
    'stories/date-not-leap.md': 'content/stories/date-not-leap.md:3: date: "2026-02-29" is not a date (expected a date like 2024-05-01 or 2024-05-01T09:30, optionally with an offset like -05:00)',
    'stories/date-null.md': 'content/stories/date-null.md:3: date: is required',
    'stories/date-number.md': 'content/stories/date-number.md:3: date: "20261120" is not a date (expected a date like 2024-05-01 or 2024-05-01T09:30, optionally with an offset like -05:00)',
    'stories/date-odd-offset.md': 'built',
    'stories/date-offset-too-big.md': 'content/stories/date-offset-too-big.md:3: date: "2026-11-20T09:30:00+25:00" is not a date (expected a date like 2024-05-01 or 2024-05-01T09:30, optionally with an offset like -05:00)',
    'stories/date-space.md': 'built',
    'stories/date-true.md': 'content/stories/date-true.md:3: date: "true" is not a date (expected a date like 2024-05-01 or 2024-05-01T09:30, optionally with an offset like -05:00)',
    'stories/date-words.md': 'content/stories/date-words.md:3: date: "next Tuesday" is not a date (expected a date like 2024-05-01 or 2024-05-01T09:30, optionally with an offset like -05:00)',
    'stories/date-year-9999-offset.md': 'content/stories/date-year-9999-offset.md:3: date: "9999-12-31T23:59:59-12:00" is too close to the edge of the calendar',
    'stories/date-year-9999.md': 'content/stories/date-year-9999.md:3: date: "9999-12-31T23:59:59" is too close to the edge of the calendar',
    'stories/date-year-five-digits.md': 'content/stories/date-year-five-digits.md:3: date: "10000-01-01" is not a date (expected a date like 2024-05-01 or 2024-05-01T09:30, optionally with an offset like -05:00)',
    'stories/date-year-one-offset.md': 'content/stories/date-year-one-offset.md:3: date: "0001-01-01T00:00:00+14:00" is too close to the edge of the calendar',
    'stories/date-year-one.md': 'content/stories/date-year-one.md:3: date: "0001-01-01" is too close to the edge of the calendar',
    'stories/date-year-zero.md': 'content/stories/date-year-zero.md:3: date: "0000-01-01" is not a date (expected a date like 2024-05-01 or 2024-05-01T09:30, optionally with an offset like -05:00)',
    'stories/dek-and-summary.md': "content/stories/dek-and-summary.md:4: dek: 'dek' and 'summary' are the same field; keep one",
    'stories/draft-number.md': "content/stories/draft-number.md:4: draft: expected true or false, got '0'",
    'stories/draft-string.md': "content/stories/draft-string.md:4: draft: expected true or false, got the text 'false' in quotes (write draft: false without quotes)",
    'stories/duplicate-keys.md': 'content/stories/duplicate-keys.md:4: title: appears twice (also on line 2) (keep one of them)',
    'stories/duplicate-nested-keys.md': 'built',
    'stories/empty-front-matter.md': 'content/stories/empty-front-matter.md:1: date: is required',
    'stories/empty.md': "content/stories/empty.md:1: the file must start with a line '---' followed by fields such as 'title:' and 'date:', and another '---'",
    'stories/event-handlers.md': 'built',
    'stories/fence-at-end-of-file.md': 'built',
    'stories/fence-four-dashes.md': "content/stories/fence-four-dashes.md:1: the file must start with a line '---' followed by fields such as 'title:' and 'date:', and another '---'",
    'stories/fence-indented.md': "content/stories/fence-indented.md:1: the file must start with a line '---' followed by fields such as 'title:' and 'date:', and another '---'",
    'stories/fence-trailing-spaces.md': 'built',
    'stories/front-matter-a-list.md': "content/stories/front-matter-a-list.md:2: the front matter must be fields, one per line, such as 'title: Fire on Main Street'",
    'stories/front-matter-a-scalar.md': "content/stories/front-matter-a-scalar.md:2: the front matter must be fields, one per line, such as 'title: Fire on Main Street'",
    'stories/front-matter-only.md': 'built',
    'stories/image-data.md': "content/stories/image-data.md:4: image: 'data:image/svg+xml,<svg onload=alert(1)>' is not a web address or a path on the site (expected https://... or a path such as /images/fire.jpg)",
    'stories/image-javascript.md': "content/stories/image-javascript.md:4: image: 'javascript:alert(1)' is not a web address or a path on the site (expected https://... or a path such as /images/fire.jpg)",
    'stories/image-list.md': 'content/stories/image-list.md:4: image: expected text, got a list',
    'stories/image-protocol-relative.md': 'built',
    'stories/image-quotes.md': 'content/stories/image-quotes.md: image: the image /x.png" onerror="alert(1) is not in the site',
    'stories/image-vbscript.md': "content/stories/image-vbscript.md:4: image: 'VBScript:msgbox(1)' is not a web address or a path on the site (expected https://... or a path such as /images/fire.jpg)",
    'stories/key-not-text.md': 'content/stories/key-not-text.md:4: a field name must be a plain word',
    'stories/never-closed.md': "content/stories/never-closed.md:1: the front matter is never closed (add a line '---' after the last field, before the story text)",
    'stories/only-a-fence.md': "content/stories/only-a-fence.md:1: the front matter is never closed (add a line '---' after the last field, before the story text)",
    'stories/script-in-body.md': 'built',
    'stories/script-in-every-field.md': 'content/stories/script-in-every-field.md:8: image: "javascript:alert(\'image\')" is not a web address or a path on the site (expected https://... or a path such as /images/fire.jpg)',
    'stories/slug-absolute.md': 'built',
    'stories/slug-backslash.md': 'built',
    'stories/slug-climbs-out.md': 'built',
    'stories/slug-dots.md': "content/stories/slug-dots.md:4: slug: cannot make a web address from '..' (add a 'slug:' with letters or digits)",
    'stories/slug-list.md': 'content/stories/slug-list.md:4: slug: expected text, got a list',
    'stories/slug-non-ascii.md': "content/stories/slug-non-ascii.md:4: slug: cannot make a web address from '日本語' (add a 'slug:' with letters or digits)",
    'stories/slug-number.md': 'built',
    'stories/slug-percent.md': 'built',
    'stories/slug-reserved-page.md': 'built',
    'stories/slug-very-long.md': 'built',
    'stories/summary-list.md': 'content/stories/summary-list.md:4: summary: expected text, got a list',
    'stories/tags-bad-date-in-list.md': 'content/stories/tags-bad-date-in-list.md:4: tags: holds a value that cannot be read: day is out of range for month (put dates inside lists in quotes)',
    'stories/tags-bool-list.md': 'built',
    'stories/tags-many.md': 'content/stories/tags-many.md:4: tags: has 3000 entries; the limit is 100',
    'stories/tags-mapping.md': 'content/stories/tags-mapping.md:4: tags: expected a name or a list of names, got a group of fields (for example tags: [first, second])',
    'stories/tags-nested-list.md': 'content/stories/tags-nested-list.md:4: tags: expected a name or a list of names, got a list (for example tags: [first, second])',
    'stories/tags-number.md': 'built',
    'stories/tags-string.md': 'built',
    'stories/tags-unslugable.md': "content/stories/tags-unslugable.md:4: tags: cannot make a web address from the tag '!!!'",
    'stories/three-fences.md': 'content/stories/three-fences.md:1: date: is required',
    'stories/title-bidi.md': 'built',
    'stories/title-bool.md': 'built',
    'stories/title-control-chars.md': 'built',
    'stories/title-date.md': 'built',
    'stories/title-empty.md': 'content/stories/title-empty.md:2: title: must not be empty',
    'stories/title-float.md': 'built',
    'stories/title-huge.md': 'built',
    'stories/title-list.md': 'content/stories/title-list.md:2: title: expected text, got a list',
    'stories/title-mapping.md': 'content/stories/title-mapping.md:2: title: expected text, got a group of fields',
    'stories/title-multiline.md': 'built',
    'stories/title-null.md': 'content/stories/title-null.md:2: title: is required',
    'stories/title-number.md': 'built',
    'stories/title-surrogate.md': 'content/stories/title-surrogate.md:2: the front matter is not valid YAML: found invalid Unicode character escape code (check the indentation and quotes on that line)',
    'stories/two-yaml-documents.md': 'built',
    'stories/unclosed-html.md': 'built',
    'stories/unknown-fields.md': 'built',
    'stories/updated-before-date.md': 'content/stories/updated-before-date.md:4: updated: is earlier than date (updated is when the story last changed)',
    'stories/updated-mapping.md': 'content/stories/updated-mapping.md:4: updated: expected text, got a group of fields',
    'stories/videos-mapping.md': 'content/stories/videos-mapping.md:4: videos: expected a name or a list of names, got a group of fields (for example videos: [first, second])',
    'stories/yaml-binary-and-set.md': "content/stories/yaml-binary-and-set.md:4: tags: expected a name or a list of names, got a set (for example tags: [first, second])",
    'stories/yaml-bomb.md': 'content/stories/yaml-bomb.md:2: the front matter is too complex (more than 10000 values once aliases are expanded)',
    'stories/yaml-merge-keys.md': 'built',
    'stories/yaml-odd-numbers.md': 'built',
    'stories/yaml-recursive-alias.md': 'content/stories/yaml-recursive-alias.md:2: the front matter is too complex (more than 10000 values once aliases are expanded)',
    'stories/yaml-tabs.md': 'content/stories/yaml-tabs.md:4: the front matter is not valid YAML: a tab character (YAML indents with spaces only) (replace the tab with spaces)',
    'stories/yaml-tags.md': "content/stories/yaml-tags.md:2: the front matter is not valid YAML: could not determine a constructor for the tag 'tag:yaml.org,2002:python/object/apply:os.system' (check the indentation and quotes on that line)",
    'undefined-cp1252-byte': 'content/stories/w.md:9: not valid UTF-8 (byte 0x81) and not Windows-1252 either (save the file as UTF-8)',
    'unreadable-file': 'built',
    'utf16-be-bom': 'built',
    'utf16-le-bom': 'built',
    'utf16-no-bom': 'content/stories/u16.md: this is not a text file (it contains NUL bytes) (save stories as plain text, UTF-8)',
    'utf16-odd-length': 'content/stories/u16.md: starts like UTF-16 but is not valid UTF-16 (save the file as UTF-8)',
    'utf32': 'built',
    'utf8-bom': 'built',
    'utf8-bom-twice': "content/stories/bom.md:1: the file must start with a line '---' followed by fields such as 'title:' and 'date:', and another '---'",
    'video-slug-duplicates': 'content/videos/good-video.markdown: slug: 2 video files would be published at the same address (good-video): content/videos/good-video.markdown, content/videos/good-video.md (give each a different slug: or file name)',
    'videos/duration-float.md': 'content/videos/duration-float.md:4: duration: \'1.5\' is not a duration (expected "1:49", "1:02:03" or a number of seconds)',
    'videos/duration-huge.md': 'built',
    'videos/duration-list.md': 'content/videos/duration-list.md:4: duration: \'a list\' is not a duration (expected "1:49", "1:02:03" or a number of seconds)',
    'videos/duration-missing.md': 'content/videos/duration-missing.md:1: duration: is required (for example duration: "1:49")',
    'videos/duration-negative.md': 'content/videos/duration-negative.md:4: duration: \'-5\' is not a duration (expected "1:49", "1:02:03" or a number of seconds)',
    'videos/duration-sexagesimal.md': 'built',
    'videos/duration-true.md': 'content/videos/duration-true.md:4: duration: \'true\' is not a duration (expected "1:49", "1:02:03" or a number of seconds)',
    'videos/thumbnail-data.md': "content/videos/thumbnail-data.md:6: thumbnail: 'data:image/svg+xml,<svg onload=alert(1)>' is not a web address or a path on the site (expected https://... or a path such as /images/fire.jpg)",
    'videos/thumbnail-javascript.md': "content/videos/thumbnail-javascript.md:6: thumbnail: 'javascript:alert(1)' is not a web address or a path on the site (expected https://... or a path such as /images/fire.jpg)",
    'videos/title-script.md': 'built',
    'videos/url-data.md': "content/videos/url-data.md:5: url: 'data:text/html,<script>alert(1)</script>' is not a web address or a path on the site (expected https://... or a path such as /images/fire.jpg)",
    'videos/url-javascript-mp4.md': "content/videos/url-javascript-mp4.md:5: url: 'javascript:alert(1)//x.mp4' is not a web address or a path on the site (expected https://... or a path such as /images/fire.jpg)",
    'videos/url-javascript.md': "content/videos/url-javascript.md:5: url: 'javascript:alert(1)' is not a web address or a path on the site (expected https://... or a path such as /images/fire.jpg)",
    'videos/url-mapping.md': 'content/videos/url-mapping.md:5: url: expected text, got a group of fields',
    'videos/url-quotes.md': 'built',
    'videos/url-vbscript.md': "content/videos/url-vbscript.md:5: url: 'vbscript:msgbox(1)' is not a web address or a path on the site (expected https://... or a path such as /images/fire.jpg)",
}
