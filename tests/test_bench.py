"""The benchmark harness runs end to end at a tiny size and reports a row per scenario."""

from __future__ import annotations

import re

import pytest

from bench import run

pytestmark = pytest.mark.skipif(not run.DEFAULT_CORPUS_SCRIPT.exists(),
                                reason=f"no corpus generator at {run.DEFAULT_CORPUS_SCRIPT}")


def test_harness_reports_every_newsdigest_scenario(tmp_path, capsys):
    results = tmp_path / "RESULTS.md"
    argv = ["--sizes", "50", "--runs", "1", "--tools", "newsdigest",
            "--scenarios", "cold,noop,edit,serve", "--workdir", str(tmp_path / "work"),
            "--results", str(results)]

    assert run.main(argv) == 0

    text = results.read_text()
    assert text.startswith("# Benchmark results")
    assert "load average at start:" in text
    rows = re.findall(r"^\| 50 \| (\w+) \| newsdigest \| ([\d.]+) \| ([\d.]+) \| (\d+) \|", text, re.M)
    assert [scenario for scenario, *_ in rows] == ["cold", "noop", "edit"]
    for _, wall, cpu, rss in rows:
        assert float(wall) > 0 and float(cpu) > 0 and int(rss) > 0
    serve = re.search(r"^\| 50 \| serve \| newsdigest \| ([\d.]+) \|", text, re.M)
    assert serve and 0 < float(serve.group(1)) < 60  # seconds from a save to the files on disk
    assert "### Profile: newsdigest at 50 stories" in text
    assert "| 50 | cold | newsdigest |" in capsys.readouterr().out
