"""Helpers for tests in a real browser: Debian's Chromium through Playwright, and a local server."""

from __future__ import annotations

import functools
import os
import shutil
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Iterator

import pytest

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def chromium_path() -> str | None:
    """Debian's Chromium, where Debian puts it or else on PATH."""
    return CHROMIUM if Path(CHROMIUM).is_file() else shutil.which("chromium")


def require_chromium() -> None:
    """Skip without Chromium and Playwright; under CI (CI=true) a missing tool fails instead."""
    missing = []
    if not chromium_path():
        missing.append(f"Chromium ({CHROMIUM})")
    try:
        import axe_playwright_python  # noqa: F401
        import playwright.sync_api  # noqa: F401
    except ImportError:
        missing.append("playwright and axe-playwright-python (pip install -e '.[test]')")
    if missing:
        message = "browser tests need " + " and ".join(missing)
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass


def serve(folder: Path) -> Iterator[str]:
    """Serve folder on 127.0.0.1 at a free port; yields the origin, stops on exit."""
    handler = functools.partial(_Quiet, directory=str(folder))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


def launch(playwright):
    return playwright.chromium.launch(executable_path=chromium_path(), args=ARGS)


def running_browser() -> Iterator:
    """One Chromium for a module's tests (skipped without it, failed under CI), closed after."""
    require_chromium()
    from playwright.sync_api import sync_playwright
    with sync_playwright() as p:
        browser = launch(p)
        yield browser
        browser.close()


def axe_violations(page) -> list[dict]:
    """axe-core's violations on the page, with the 24x24 px target-size rule (WCAG 2.2) turned on."""
    from axe_playwright_python.base import AXE_FILE_PATH
    page.add_script_tag(path=str(AXE_FILE_PATH))
    result = page.evaluate("axe.run(document, {rules: {'target-size': {enabled: true}}})")
    return [{"id": v["id"], "help": v["help"],
             "nodes": [n["html"][:160] for n in v["nodes"][:5]]} for v in result["violations"]]
