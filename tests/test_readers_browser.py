"""The daily digest's email and the search page in headless Chromium."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from browser import axe_violations, running_browser, serve
from sample_site import build_sample

EDITION = "digest/2026-11-20/"  # the sample site's fullest day: four towns, a video
BASE = "https://digest.example.org/"
SHOTS = os.environ.get("NEWSDIGEST_SCREENSHOTS")  # a folder to keep the email's screenshots in


@pytest.fixture(scope="module")
def sample(tmp_path_factory) -> Path:
    return build_sample(tmp_path_factory.mktemp("readers") / "site")


@pytest.fixture(scope="module")
def origin(sample):
    yield from serve(sample)


@pytest.fixture(scope="module")
def browser():
    yield from running_browser()


@pytest.fixture
def new_page(browser):
    contexts = []

    def make(width: int, dark: bool = False):
        context = browser.new_context(viewport={"width": width, "height": 900},
                                      color_scheme="dark" if dark else "light")
        contexts.append(context)
        return context.new_page()
    yield make
    for context in contexts:
        context.close()


@pytest.mark.parametrize("dark", [False, True], ids=["light", "dark"])
@pytest.mark.parametrize("width", [375, 600])
def test_email_html_fits_phones_and_600px_without_sideways_scrolling(new_page, sample, origin, width, dark):
    page = new_page(width, dark)
    missing = []  # the email's absolute addresses are the published site's: serve them from the build

    def from_build(route):
        path = route.request.url[len(BASE):].split("?")[0]
        file = sample / (path + "index.html" if path.endswith("/") or not path else path)
        if not file.is_file():
            missing.append(route.request.url)
            return route.abort()
        route.fulfill(path=str(file))
    page.route(f"{BASE}**", from_build)
    page.goto(f"{origin}/{EDITION}email.html", wait_until="load")
    assert missing == []
    assert page.evaluate("[...document.images].every(i => i.complete && i.naturalWidth > 0)")
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0, f"email.html scrolls sideways by {overflow}px at {width}px"
    sheet = page.evaluate("document.querySelector('table.sheet').getBoundingClientRect().width")
    assert sheet <= 600
    background = page.evaluate("getComputedStyle(document.querySelector('table.sheet')).backgroundColor")
    assert (background == "rgb(255, 255, 255)") != dark  # dark mode gets a dark sheet
    if SHOTS:
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(SHOTS) / f"digest-email-{width}-{'dark' if dark else 'light'}.png"),
                        full_page=True)


@pytest.mark.parametrize("site_path", ["digest/", EDITION, "towns/", "authors/lena-ortiz/", "search/"])
def test_new_pages_have_no_axe_violations(new_page, origin, site_path):
    page = new_page(375)
    page.goto(f"{origin}/{site_path}", wait_until="load")
    assert axe_violations(page) == []
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0


def test_typing_a_word_from_a_story_finds_that_story(new_page, origin):
    page = new_page(375)
    page.goto(f"{origin}/search/", wait_until="load")
    page.get_by_label("Search stories and videos").fill("dredging")
    result = page.locator("#search-results a", has_text="Eastport harbor dredging pushed to spring")
    result.wait_for(timeout=10_000)
    assert result.get_attribute("href").endswith("/stories/eastport-harbor-dredging-delay/")
    assert "result" in page.locator("#search-status").text_content()
    assert page.locator("#search-results li").count() == 1


def test_search_filters_by_town_and_author_and_is_usable_by_keyboard(new_page, origin):
    page = new_page(1280)
    page.goto(f"{origin}/search/", wait_until="load")
    page.keyboard.press("Tab")  # the skip link
    search = page.get_by_label("Search stories and videos")
    search.focus()
    page.keyboard.type("library")
    page.locator("#search-results li").first.wait_for(timeout=10_000)
    page.keyboard.press("Tab")  # the button
    page.keyboard.press("Tab")  # the town filter
    assert page.evaluate("document.activeElement.id") == "search-town"
    page.select_option("#search-town", "Wrenfield")
    page.wait_for_function("document.querySelectorAll('#search-results li').length === 1", timeout=10_000)
    assert "/stories/wrenfield-library-winter-hours/" in page.locator("#search-results a").first.get_attribute("href")
    page.select_option("#search-town", "")
    page.fill("#search-q", "")
    page.select_option("#search-author", "Marcus Bell")
    page.select_option("#search-sort", "date")
    page.wait_for_function("document.querySelectorAll('#search-results li').length >= 3", timeout=10_000)
    hrefs = page.locator("#search-results a").evaluate_all("links => links.map(a => a.getAttribute('href'))")
    assert hrefs[0].endswith("/stories/eastport-harbor-dredging-delay/")  # his newest first
    assert "author=Marcus+Bell" in page.url  # the search can be shared or bookmarked
