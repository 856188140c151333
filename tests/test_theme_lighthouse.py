"""Lighthouse (npm's lighthouse 12.2.3, installed by .ci/run into .ci/node_modules) with Debian's
Chromium, mobile and desktop presets, on the home, article, video, tag and archive pages of the
sample site (real photographs among its pictures): performance at least 95; accessibility, best
practices and SEO 100; cumulative layout shift under 0.1. Skipped
without Lighthouse, failed under CI=true.

The test server (Python's http.server) sends no compression and no cache headers, so the
uses-text-compression and uses-long-cache-ttl audits fail because of it, not the site: they
weigh nothing in the category scores read here.

Performance depends on how busy the machine is (Lighthouse scales the main-thread time it
observes): a page is measured up to RUNS times and passes when one run meets every minimum,
as Lighthouse's own documentation advises measuring more than once. Every run's scores and
the machine's benchmark index are in the failure message."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from browser import chromium_path, serve
from conftest import ARTEFACTS
from sample_site import REPO, build_sample

LIGHTHOUSE = Path(os.environ.get("LIGHTHOUSE", REPO / ".ci" / "node_modules" / ".bin" / "lighthouse"))
PAGES = {"home": "", "article": "stories/millbrook-main-street-fire/",
         "video": "videos/millbrook-fire-aftermath/", "tag": "tags/fire/", "town": "towns/millbrook/", "archive": "archive/"}
MINIMUM = {"performance": 95, "accessibility": 100, "best-practices": 100, "seo": 100}
MAX_LAYOUT_SHIFT = 0.1  # cumulative layout shift: "good" in Core Web Vitals
RUNS = 3
SCORES: dict[tuple[str, str], dict[str, int]] = {}


def require_lighthouse() -> None:
    missing = [what for what, ok in (("Lighthouse (.ci/run installs it: npm install --prefix .ci "
                                      "lighthouse@12.2.3)", LIGHTHOUSE.is_file()),
                                     ("Chromium", chromium_path() is not None),
                                     ("Node.js", shutil.which("node") is not None)) if not ok]
    if missing:
        message = "the Lighthouse test needs " + " and ".join(missing)
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)


@pytest.fixture(scope="module")
def origin(tmp_path_factory):
    require_lighthouse()
    yield from serve(build_sample(tmp_path_factory.mktemp("lighthouse") / "site"))


@pytest.fixture(scope="module", autouse=True)
def table():
    yield
    if SCORES:
        columns = [*MINIMUM, "layout shift"]
        lines = ["Lighthouse " + " | ".join(["page / preset".ljust(18), *(k.ljust(14) for k in columns)])]
        for (kind, preset), scores in sorted(SCORES.items()):
            lines.append("           " + " | ".join([f"{kind} / {preset}".ljust(18),
                                                    *(str(scores[k]).ljust(14) for k in columns)]))
        ARTEFACTS.append("\n".join(lines))


@pytest.mark.parametrize("preset", ["mobile", "desktop"])
@pytest.mark.parametrize("kind", PAGES)
def test_lighthouse_scores(origin, tmp_path, kind, preset):
    runs = []
    for run in range(RUNS):
        scores, details = _lighthouse(origin, tmp_path / f"report-{run}.json", kind, preset)
        runs.append((scores, details))
        if _passes(scores):
            break
    SCORES[(kind, preset)] = max((r[0] for r in runs), key=lambda s: sum(s[k] for k in MINIMUM))
    assert _passes(runs[-1][0]), f"{kind} ({preset}), {len(runs)} runs: {runs}"


def _passes(scores: dict) -> bool:
    return all(scores[name] >= least for name, least in MINIMUM.items()) \
        and scores["layout shift"] < MAX_LAYOUT_SHIFT


def _lighthouse(origin: str, report: Path, kind: str, preset: str) -> tuple[dict[str, int], list[str]]:
    command = [str(LIGHTHOUSE), f"{origin}/{PAGES[kind]}", "--output=json", f"--output-path={report}",
               "--quiet", "--chrome-flags=--headless=new --no-sandbox --disable-gpu",
               "--only-categories=" + ",".join(MINIMUM)]
    if preset == "desktop":
        command.append("--preset=desktop")
    subprocess.run(command, check=True, timeout=240, env={**os.environ, "CHROME_PATH": chromium_path()})
    result = json.loads(report.read_text(encoding="utf-8"))
    scores = {name: round(category["score"] * 100) for name, category in result["categories"].items()}
    scores["layout shift"] = round(result["audits"]["cumulative-layout-shift"]["numericValue"], 3)
    details = [f"{a['id']}: {a.get('displayValue', '')}" for a in result["audits"].values()
               if a.get("score") is not None and a["score"] < 1 and a["id"] not in
               ("uses-text-compression", "uses-long-cache-ttl")
               and a.get("scoreDisplayMode") in ("binary", "numeric", "metricSavings")]
    details.append(f"benchmarkIndex {result.get('environment', {}).get('benchmarkIndex')}")
    return scores, details
