"""Properties over generated front matter and bodies (hypothesis): whatever an editor writes, the
build never raises anything but BuildError, every output path stays inside the output folder,
and no script, on* attribute or javascript:/vbscript:/data: URL from the input reaches a page or
a feed (checked by parsing the output, see tests/safety.py)."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

from conftest import BUILD_TIME, SITE_TOML, TRIED, Site, video
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from safety import html_problems, output_paths_inside, site_problems
from test_hostile import TIME_LIMIT, time_limit

from newsdigest.content.markdown import render_markdown
from newsdigest.errors import BuildError
from newsdigest.render.urls import out_path, story_path
from newsdigest.text import slugify

HOSTILE = [
    "<script>alert(1)</script>", "<SCRIPT>", "</script>", "<scr<script>ipt>", "<img src=x onerror=alert(1)>",
    "<svg onload=alert(1)>", "javascript:alert(1)", "jav&#x09;ascript:", "JaVaScRiPt:", "&#106;avascript:",
    "java\tscript:", " javascript:", "vbscript:msgbox(1)", "data:text/html,<script>alert(1)</script>",
    " onmouseover=alert(1) ", "onclick=", '"', "'", "<", ">", "&", "&amp;", "&colon;", "[x](", ")", "![y](",
    '<a href="', '">', "</a>", "<!--", "-->", "---", "...", "\n", "\n\n", "> ", "- ", "1. ", "    ",
    "`", "```", "*", "**", "_", "~~", "<iframe src=", "<style>", '<q cite="', "<details ontoggle=x open>",
    "<math>", "<noscript>", "[r]: ", "[^1]", "[^1]: ", "|a|\n|-|\n", "\t", "\u00a0", "é", "日本", "\u202e",
    "\r\n", "\r", "#", "<http://x.example/>", "<javascript:alert(1)>", "word", " ", ":", "{", "[", "*a",
]
hostile_text = st.lists(st.one_of(st.sampled_from(HOSTILE), st.text(max_size=8)), max_size=25).map("".join)
DATES = ["2026-11-20", "2026-11-20T09:30:00", "2026-03-08T02:30:00", "2026-11-01T01:30:00",
         "0001-01-01", "9999-12-31", "2024-02-29T23:59:59+14:00", "1970-01-01T00:00:00Z", "2026-02-29",
         "2026-11-20T09:30:00-05:00", "true", "123", '"2026-11-20"', "[2026-11-20]", "{a: 1}"]


def yaml_text(text: str) -> str:
    """Any text as a YAML double-quoted scalar (JSON's string syntax is a subset of it)."""
    return json.dumps(text)


front_matter = st.fixed_dictionaries({
    "title": hostile_text.map(yaml_text),
    "date": st.sampled_from(DATES),
}, optional={
    "summary": hostile_text.map(yaml_text),
    "author": st.lists(hostile_text.map(yaml_text), max_size=3).map(lambda v: f"[{', '.join(v)}]"),
    "tags": st.lists(hostile_text.map(yaml_text), max_size=3).map(lambda v: f"[{', '.join(v)}]"),
    "image": hostile_text.map(yaml_text),
    "image_alt": hostile_text.map(yaml_text),
    "image_caption": hostile_text.map(yaml_text),
    "slug": hostile_text.map(yaml_text),
    "videos": st.lists(hostile_text.map(yaml_text), max_size=2).map(lambda v: f"[{', '.join(v)}]"),
    "updated": st.sampled_from(DATES),
    "extra": hostile_text.map(yaml_text),
})


def build_one(fields: dict[str, str], body: str) -> None:
    """Build a site holding this story; assert it is safe or the error names the story file."""
    text = "---\n" + "".join(f"{k}: {v}\n" for k, v in fields.items()) + "---\n" + body
    with tempfile.TemporaryDirectory() as tmp:
        site = Site(Path(tmp) / "root").write({"site.toml": SITE_TOML,
                                                "content/stories/h.md": text.encode("utf-8", "surrogatepass"),
                                                "content/videos/v.md": video(tags="[a]")})
        try:
            with time_limit(TIME_LIMIT):
                site.build(build_time=BUILD_TIME, future=True)
        except BuildError as exc:
            errors = [p for p in exc.problems if not p.warning]
            assert errors and all(p.path == "content/stories/h.md" for p in errors), exc.problems
            TRIED["  of the hypothesis builds: ended in a clear error"] += 1
            return
        assert site_problems(site.out) == []
        assert output_paths_inside(site.out) == []
        assert sorted(p.name for p in Path(tmp).iterdir()) == ["root"]
        TRIED["  of the hypothesis builds: published, checked safe"] += 1


QUICK = settings(max_examples=60, derandomize=True, deadline=None,
                 suppress_health_check=[HealthCheck.too_slow])


@QUICK
@given(front_matter, hostile_text)
def test_any_front_matter_builds_safely_or_names_the_file(fields, body):
    TRIED["hypothesis: front matter and body"] += 1
    build_one(fields, body)


@QUICK
@given(st.lists(hostile_text, min_size=1, max_size=6).map("\n".join))
def test_any_body_builds_safely_or_names_the_file(body):
    TRIED["hypothesis: bodies"] += 1
    build_one({"title": '"T"', "date": "2026-11-20"}, body)


@settings(max_examples=400, derandomize=True, deadline=None)
@given(st.lists(hostile_text, min_size=1, max_size=8).map("\n".join))
def test_no_script_handler_or_dangerous_url_survives_sanitising(body):
    TRIED["hypothesis: bodies sanitised"] += 1
    assert html_problems(render_markdown(body), "body") == []


@settings(max_examples=400, derandomize=True, deadline=None)
@given(st.text())
def test_every_slug_gives_an_output_path_inside_the_output(text):
    TRIED["hypothesis: slugs"] += 1
    slug = slugify(text)
    if slug:
        path = out_path(story_path(slug))
        assert not path.startswith("/") and ".." not in path.split("/")
