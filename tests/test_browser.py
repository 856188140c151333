"""Every page type in headless Chromium at phone and desktop widths: axe-core, layout, requests, CLS."""

from __future__ import annotations

import re
from datetime import datetime, timezone
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from browser import axe_violations, running_browser, serve
from sample_site import build_sample

WIDTHS = [375, 1280]
ARTICLE = "stories/millbrook-main-street-fire/"  # lead image, pinned videos, an update
PAGES = {
    "article": ARTICLE,
    "video": "videos/millbrook-fire-scene/",  # a video file, played in <video>
    "video-elsewhere": "videos/millbrook-fire-aftermath/",
    "home": "",
    "tag": "tags/millbrook/",
    "archive": "archive/",
    "month": "archive/2026/11/",
    "videos": "videos/",
    "404": "404.html",
}
BUDGET = 50 * 1024


@pytest.fixture(scope="module")
def sample(tmp_path_factory) -> Path:
    return build_sample(tmp_path_factory.mktemp("browser") / "site")


@pytest.fixture(scope="module")
def origin(sample):
    yield from serve(sample)


@pytest.fixture(scope="module")
def browser():
    yield from running_browser()


@pytest.fixture
def open_page(browser, origin):
    """open_page(path, width) -> a loaded page; every request is recorded, none may leave 127.0.0.1."""
    contexts, outside = [], []

    def open_(site_path: str, width: int, init_script: str | None = None, clock: datetime | None = None):
        context = browser.new_context(viewport={"width": width, "height": 800})
        contexts.append(context)
        page = context.new_page()
        page.on("request", lambda r: None if r.url.startswith((origin, "data:"))
                else outside.append(r.url))
        page.route(re.compile(r"^(?!http://127\.0\.0\.1)"), lambda route: route.abort())
        if clock:
            page.clock.set_fixed_time(clock)
        if init_script:
            page.add_init_script(init_script)
        page.goto(f"{origin}/{site_path}", wait_until="load")
        page.requests_outside = outside
        return page

    yield open_
    for context in contexts:
        context.close()
    assert outside == [], f"requests left the site: {outside}"


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("kind", PAGES)
def test_page_has_no_axe_violations_and_no_horizontal_scroll(open_page, kind, width):
    page = open_page(PAGES[kind], width)
    assert axe_violations(page) == []
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0, f"{kind} scrolls sideways by {overflow}px at {width}px"


@pytest.mark.parametrize("width", WIDTHS)
def test_skip_link_is_first_and_visible_when_focused_with_a_visible_outline(open_page, width):
    page = open_page(ARTICLE, width)
    page.keyboard.press("Tab")
    focused = page.evaluate("""() => { const el = document.activeElement, r = el.getBoundingClientRect(),
        s = getComputedStyle(el); return {text: el.textContent, top: r.top, height: r.height,
        outline: s.outlineStyle, width: parseFloat(s.outlineWidth)}; }""")
    assert focused["text"] == "Skip to main content"
    assert focused["top"] >= 0 and focused["height"] >= 24
    assert focused["outline"] != "none" and focused["width"] >= 2
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"


def test_headline_is_the_first_heading_and_headings_do_not_skip_levels(open_page):
    page = open_page(ARTICLE, 375)
    levels = page.evaluate("[...document.querySelectorAll('h1,h2,h3,h4,h5,h6')].map(h => +h.tagName[1])")
    assert levels[0] == 1 and levels.count(1) == 1
    assert all(b - a <= 1 for a, b in zip(levels, levels[1:])), levels
    landmarks = page.evaluate("[...document.querySelectorAll('header, nav, main, footer')].map(e => e.tagName)")
    assert {"HEADER", "NAV", "MAIN", "FOOTER"} <= set(landmarks)


def test_duration_badges_are_read_out_in_words(open_page):
    page = open_page(ARTICLE, 375)
    link = page.get_by_role("link", name=re.compile(r"Firefighters battle Main Street blaze\s*, video, 38 seconds$"))
    assert link.count() == 1
    assert page.get_by_role("link", name=re.compile(r"video, 1 minute 49 seconds")).count() >= 1


def test_video_plays_with_controls_and_never_autoplays(open_page):
    page = open_page(PAGES["video"], 1280)
    video = page.locator("video")
    assert video.count() == 1
    assert video.get_attribute("controls") is not None and video.get_attribute("autoplay") is None
    assert page.evaluate("document.querySelector('video').paused")
    assert page.evaluate("document.querySelector('video').preload") == "none"


def test_article_weighs_under_50_kb_before_images(sample, open_page):
    page = open_page(ARTICLE, 1280)
    sizes = page.evaluate("""() => performance.getEntriesByType('resource').concat(
        performance.getEntriesByType('navigation')).map(e => [e.name, e.initiatorType])""")
    text_like = [name for name, kind in sizes if kind in ("navigation", "link", "script", "css")]
    total = 0
    for url in text_like:
        path = urlsplit(url).path.lstrip("/")
        file = sample / (path + "index.html" if path.endswith("/") or not path else path)
        total += file.stat().st_size
    assert {"navigation", "link", "script"} <= {k for _, k in sizes}
    assert total < BUDGET, f"HTML + CSS + JS is {total} bytes"


def test_lead_image_is_eager_and_rail_thumbnails_are_lazy_with_dimensions(open_page):
    page = open_page(ARTICLE, 1280)
    lead = page.locator("figure.lead img")
    assert lead.get_attribute("loading") in (None, "eager")
    thumbs = page.locator(".rail img")
    assert thumbs.count() >= 10
    for i in range(thumbs.count()):
        img = thumbs.nth(i)
        assert img.get_attribute("loading") == "lazy"
        assert img.get_attribute("width") and img.get_attribute("height")


CLS_SCRIPT = """
window.__cls = 0;
new PerformanceObserver(list => {
  for (const entry of list.getEntries()) { if (!entry.hadRecentInput) window.__cls += entry.value; }
}).observe({type: 'layout-shift', buffered: true});
"""


@pytest.mark.parametrize("width", WIDTHS)
def test_article_layout_shift_is_under_0_1(open_page, width):
    page = open_page(ARTICLE, width, init_script=CLS_SCRIPT)
    page.wait_for_load_state("networkidle")
    page.evaluate("window.scrollTo(0, document.body.scrollHeight)")  # lazy thumbnails load now
    page.wait_for_timeout(300)
    page.wait_for_load_state("networkidle")
    assert page.evaluate("window.__cls") < 0.1


@pytest.mark.parametrize("now, expected", [
    (datetime(2026, 11, 23, 14, 0, tzinfo=timezone.utc), "3 days ago"),  # updated 2026-11-20 13:15 UTC
    (datetime(2026, 11, 20, 16, 30, tzinfo=timezone.utc), "3 hours ago"),
    (datetime(2027, 3, 1, 12, 0, tzinfo=timezone.utc), "3 months ago"),
])
def test_updated_time_is_computed_in_the_browser_from_the_readers_clock(open_page, now, expected):
    page = open_page(ARTICLE, 375, clock=now)
    updated = page.locator(".updated time[data-relative]")
    assert updated.text_content() == expected
    assert updated.get_attribute("title") == "Nov 20, 2026, 8:15 AM EST"


def test_the_checks_themselves_catch_a_bad_page(browser, origin):
    """axe finds a missing alt text and the request listener sees a third-party request."""
    context = browser.new_context()
    page = context.new_page()
    outside = []
    page.on("request", lambda r: None if r.url.startswith(origin) else outside.append(r.url))
    page.route(re.compile(r"^(?!http://127\.0\.0\.1)"), lambda route: route.abort())
    page.goto(f"{origin}/404.html")
    page.set_content('<html lang="en"><title>x</title><main><img src="https://cdn.example.com/x.png"></main>')
    assert "image-alt" in [v["id"] for v in axe_violations(page)]
    assert outside == ["https://cdn.example.com/x.png"]
    page.set_content('<p style="font-size:40px">' + "Text " * 200 + "</p>")
    page.evaluate(CLS_SCRIPT)
    page.evaluate("document.body.prepend(Object.assign(document.createElement('div'), {style: 'height:300px'}))")
    page.wait_for_timeout(200)
    assert page.evaluate("window.__cls") > 0.1  # the CLS observer sees a shift when there is one
    context.close()


@pytest.mark.parametrize("width", WIDTHS)
def test_every_link_shows_a_focus_outline_when_reached_by_keyboard(open_page, width):
    page = open_page(ARTICLE, width)
    for _ in range(8):  # skip link, site title, the four site links, then into the article
        page.keyboard.press("Tab")
        style = page.evaluate("""() => { const s = getComputedStyle(document.activeElement);
            return [document.activeElement.tagName, s.outlineStyle, parseFloat(s.outlineWidth)]; }""")
        assert style[0] == "A" and style[1] != "none" and style[2] >= 2, style
