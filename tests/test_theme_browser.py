"""The default theme in headless Chromium: screenshots of every page type at 320, 390 and
1280 px in both colour schemes (saved for a person to look at), axe-core in both schemes, the
phone header and rail sizes, embeds that ask nothing of their host before play, Spanish
relative times, and a crawl of the sample site that finds every link and asset."""

from __future__ import annotations

import os
import re
import shutil
from datetime import datetime, timezone
from html.parser import HTMLParser
from pathlib import Path
from urllib.error import HTTPError
from urllib.parse import urljoin, urlsplit
from urllib.request import urlopen

import pytest
from browser import axe_violations, running_browser, serve
from conftest import ARTEFACTS
from sample_site import REPO, SAMPLE_BUILD_TIME, build_sample, sample_copy

from newsdigest.build.engine import BuildOptions, build

ARTIFACTS = Path(os.environ.get("NEWSDIGEST_ARTIFACTS", REPO / "test-artifacts")) / "screenshots"
WIDTHS = [320, 390, 1280]
SCHEMES = ["light", "dark"]
PAGES = {
    "home": "",
    "article": "stories/millbrook-main-street-fire/",
    "article-lead-video": "stories/wrenfield-select-board-recount/",
    "video-file": "videos/millbrook-fire-scene/",
    "video-youtube": "videos/millbrook-fire-aftermath/",
    "video-elsewhere": "videos/cedar-falls-first-snow/",
    "videos": "videos/",
    "tag": "tags/fire/",
    "town": "towns/millbrook/",
    "topics": "tags/",
    "archive": "archive/",
    "month": "archive/2026/11/",
    "home-page-2": "page/2/",
    "404": "404.html",
}
RAIL_LIMIT = 1800  # px for 20 videos at 390 px wide
HEADER_LIMIT = 64


@pytest.fixture(scope="module")
def sample(tmp_path_factory) -> Path:
    return build_sample(tmp_path_factory.mktemp("theme") / "site")


@pytest.fixture(scope="module")
def origin(sample):
    yield from serve(sample)


@pytest.fixture(scope="module")
def browser():
    yield from running_browser()


@pytest.fixture(scope="module")
def shots():
    if ARTIFACTS.exists():
        shutil.rmtree(ARTIFACTS)
    ARTIFACTS.mkdir(parents=True)
    ARTEFACTS.append(f"screenshots of every page type at {', '.join(map(str, WIDTHS))} px, light "
                     f"and dark: {ARTIFACTS}")
    return ARTIFACTS


@pytest.fixture
def open_page(browser, origin):
    """open_page(path, width, scheme) -> a loaded page; a request that leaves 127.0.0.1 is
    aborted and recorded, and the test fails if there was one (unless it says otherwise)."""
    contexts, outside = [], []

    def open_(site_path: str, width: int, scheme: str = "light", clock: datetime | None = None,
              javascript: bool = True):
        context = browser.new_context(viewport={"width": width, "height": 800}, color_scheme=scheme,
                                      java_script_enabled=javascript)
        contexts.append(context)
        page = context.new_page()
        page.on("request", lambda r: None if r.url.startswith((origin, "data:")) else outside.append(r.url))
        page.route(re.compile(r"^(?!http://127\.0\.0\.1)"), lambda route: route.abort())
        if clock:
            page.clock.set_fixed_time(clock)
        page.goto(f"{origin}/{site_path}", wait_until="load")
        page.outside = outside
        return page

    yield open_
    for context in contexts:
        context.close()
    assert [u for u in outside if not getattr(open_, "expected_outside", None)
            or not re.match(open_.expected_outside, u)] == [], f"requests left the site: {outside}"


@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize("kind", PAGES)
def test_screenshots_and_axe_in_both_colour_schemes(open_page, shots, kind, scheme):
    """Every page type, both schemes: no axe violation at phone and desktop widths, nothing
    wider than the screen, and a full-page screenshot at each width."""
    for width in WIDTHS:
        page = open_page(PAGES[kind], width, scheme)
        page.evaluate("window.scrollTo(0, document.body.scrollHeight)")  # lazy images load
        page.wait_for_load_state("networkidle")
        page.evaluate("window.scrollTo(0, 0)")
        page.screenshot(path=str(shots / f"{kind}-{width}-{scheme}.png"), full_page=True)
        overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
        assert overflow <= 0, f"{kind} scrolls sideways by {overflow}px at {width}px"
        if width != 320:
            assert axe_violations(page) == [], f"{kind} at {width}px, {scheme}"


@pytest.mark.parametrize("width", [320, 390])
def test_phone_header_is_at_most_64_px_and_its_links_work_without_javascript(open_page, width):
    page = open_page(PAGES["article"], width, javascript=False)
    height = page.evaluate("document.querySelector('.site-header').getBoundingClientRect().height")
    assert height <= HEADER_LIMIT, f"header is {height}px tall at {width}px"
    links = page.locator(".site-nav a")
    assert links.count() == 7  # latest, towns, topics, videos, digest, search, archive
    for i in range(links.count()):
        link = links.nth(i)
        link.scroll_into_view_if_needed()
        assert link.is_visible() and link.get_attribute("href")
    page.locator(".site-nav a").nth(6).click()
    page.wait_for_load_state("load")
    assert page.url.endswith("/archive/")


@pytest.mark.parametrize("kind", ["article", "video-youtube"])
def test_rail_of_20_videos_fits_in_1800_px_at_390_and_is_a_grid_on_desktop(open_page, kind):
    page = open_page(PAGES[kind], 390)
    cards = page.locator(".rail .video-card")
    assert cards.count() == 20
    height = page.evaluate("document.querySelector('.rail').getBoundingClientRect().height")
    assert height <= RAIL_LIMIT, f"the rail is {height}px tall"
    first = cards.first.locator(".thumb").bounding_box()
    title = cards.first.locator(".video-title").bounding_box()
    assert title["x"] > first["x"] + first["width"] - 1  # the title beside the thumbnail
    badge = cards.first.locator(".badge").bounding_box()
    assert first["x"] <= badge["x"] and badge["y"] + badge["height"] <= first["y"] + first["height"] + 1
    wide = open_page(PAGES[kind], 1280)
    tops = wide.evaluate("[...document.querySelectorAll('.rail .video-card')].slice(0, 4)"
                         ".map(c => Math.round(c.getBoundingClientRect().top))")
    assert len(set(tops)) == 1  # a row of cards side by side


def test_article_column_is_centred_on_desktop(open_page):
    page = open_page(PAGES["article"], 1280)
    box = page.locator("article.story").bounding_box()
    assert box["width"] <= 760
    assert abs(box["x"] - (1280 - box["x"] - box["width"])) <= 20  # as much room on either side


def test_embed_requests_nothing_from_its_host_until_play_is_pressed(open_page, origin):
    page = open_page(PAGES["video-youtube"], 390)
    page.wait_for_load_state("networkidle")
    assert page.outside == [] and page.locator("iframe").count() == 0
    play = page.get_by_role("link", name=re.compile("^Play video"))
    assert play.get_attribute("href").startswith("https://youtu.be/")  # without JS: a link to the video
    open_page.expected_outside = r"^https://www\.youtube-nocookie\.com/embed/"
    play.click()
    frame = page.locator(".player iframe")
    frame.wait_for()
    assert frame.get_attribute("src") == "https://www.youtube-nocookie.com/embed/MbFireAft3r?autoplay=1"
    assert frame.get_attribute("title") == "Millbrook fire: shop owners count the damage"
    page.wait_for_timeout(200)
    assert page.outside and all("youtube-nocookie.com" in u for u in page.outside)


def test_hosted_video_has_captions_and_a_transcript(open_page):
    page = open_page(PAGES["video-file"], 390)
    tracks = page.evaluate("[...document.querySelectorAll('video track')].map(t => [t.srclang, t.label, t.kind])")
    assert tracks == [["en", "English", "captions"], ["es", "Spanish", "captions"]]
    assert page.locator(".transcript p").count() == 3
    box = page.locator(".player").bounding_box()
    assert box["y"] < page.locator("h1").bounding_box()["y"]  # the player first


@pytest.fixture(scope="module")
def spanish(tmp_path_factory):
    config = (REPO / "site.toml").read_text(encoding="utf-8").replace('language = "en-US"', 'language = "es"')
    root = sample_copy(tmp_path_factory.mktemp("es") / "root", config)
    build(BuildOptions(root, out=root / "site", build_time=SAMPLE_BUILD_TIME))
    yield from serve(root / "site")


@pytest.mark.parametrize("now, expected", [
    (datetime(2026, 11, 23, 14, 0, tzinfo=timezone.utc), "hace 3 días"),
    (datetime(2026, 11, 20, 16, 30, tzinfo=timezone.utc), "hace 3 horas"),
])
def test_spanish_relative_time_is_made_in_the_browser(browser, spanish, now, expected):
    context = browser.new_context()
    page = context.new_page()
    page.clock.set_fixed_time(now)
    page.goto(f"{spanish}/{PAGES['article']}")
    updated = page.locator(".updated time[data-relative]")
    assert updated.text_content() == expected
    assert updated.get_attribute("title").startswith("20 nov 2026, 8:15")
    context.close()


class Links(HTMLParser):
    ATTRS = {"href", "src", "poster", "content"}

    def __init__(self, text: str):
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if not value or name not in self.ATTRS:
                continue
            if name == "content" and not value.startswith("https://digest.example.org/"):
                continue  # og:image and the like: absolute URLs on the site
            self.found.append(value)
        srcset = dict(attrs).get("srcset")
        if srcset:
            self.found += [part.split()[0] for part in srcset.split(",") if part.strip()]


def test_crawl_of_the_sample_site_finds_no_404(sample, origin):
    """From the home page and the 404 page, follow every link and asset on the site (pages,
    stylesheets and their url()s, scripts, icons, images, posters, captions): all resolve."""
    base = "https://digest.example.org/"
    todo, seen, broken = ["/", "/404.html"], set(), []
    while todo:
        path = todo.pop()
        if path in seen:
            continue
        seen.add(path)
        try:
            with urlopen(origin + path) as response:
                body, kind = response.read(), response.headers.get_content_type()
        except HTTPError as error:
            broken.append(f"{path}: {error.code}")
            continue
        if kind == "text/html":
            refs = Links(body.decode("utf-8")).found
        elif kind == "text/css":
            refs = re.findall(r"url\(['\"]?([^'\")]+)", body.decode("utf-8"))
        else:
            continue
        for ref in refs:
            absolute = urljoin(base + path.lstrip("/"), ref)
            if absolute.startswith(base) and not ref.startswith(("mailto:", "data:")):
                todo.append("/" + urlsplit(absolute).path[len(urlsplit(base).path):])
    assert broken == []
    assert len(seen) > 150
    for needed in ("/favicon.ico", "/apple-touch-icon.png", "/assets/site.css", "/assets/site.js",
                   "/captions/millbrook-fire-scene.es.vtt", "/archive/2026/11/", "/feed.xml"):
        assert needed in seen
