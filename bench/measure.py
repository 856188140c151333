"""Measure one command: wall time, CPU time and peak memory of that process tree alone."""

from __future__ import annotations

import os
import statistics
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path


class BuildFailed(RuntimeError):
    """A measured command exited non-zero; the message holds the tail of its log."""


@dataclass(frozen=True)
class Sample:
    """One measured run: seconds of wall time, seconds of CPU (user+sys), peak RSS in MiB."""

    wall: float
    cpu: float
    rss_mib: float


def measure(cmd: list[str], cwd: Path, env: dict[str, str], log_path: Path) -> Sample:
    """Run cmd once and return its Sample; raise BuildFailed when it fails.

    os.wait4 reports the child's own rusage: user+sys CPU of the child and every descendant it
    waited for (worker processes included), and ru_maxrss of the largest single process in that
    tree -- not a sum -- so the figures belong to this build only.
    """
    with open(log_path, "ab") as log:
        log.write(f"\n$ {' '.join(cmd)}\n".encode())
        log.flush()
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, cwd=cwd, env=env, stdout=log, stderr=subprocess.STDOUT,
                                stdin=subprocess.DEVNULL)
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        tail = log_path.read_text(errors="replace")[-2000:]
        raise BuildFailed(f"{' '.join(cmd)} exited {proc.returncode}; log {log_path}:\n{tail}")
    return Sample(wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024)


def median_sample(samples: list[Sample]) -> Sample:
    """The median of each figure on its own (wall, CPU and RSS need not come from one run)."""
    return Sample(statistics.median(s.wall for s in samples),
                  statistics.median(s.cpu for s in samples),
                  statistics.median(s.rss_mib for s in samples))
