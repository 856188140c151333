"""Run independent pieces of CPU-bound work on every core, in forked worker processes.

Workers are forked after the work list is built, so they inherit it (and the site model it
refers to) instead of receiving it pickled; only results travel back. Small lists, and
jobs=1, run in this process: same results, no start-up cost.
"""

from __future__ import annotations

import os
import pickle
import threading
from typing import Callable, Sequence, TypeVar

T = TypeVar("T")
R = TypeVar("R")
MIN_ITEMS_PER_WORKER = 64  # below this a pool costs more than it saves
_WORK: tuple[Callable, Sequence] | None = None


def default_jobs() -> int:
    env = os.environ.get("NEWSDIGEST_JOBS", "").strip()
    if env.isdigit() and int(env) > 0:
        return int(env)
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)


def run_all(fn: Callable[[T], R], items: Sequence[T], jobs: int) -> list[R]:
    """[fn(item) for item in items], spread over `jobs` processes when that pays."""
    jobs = min(jobs, len(items) // MIN_ITEMS_PER_WORKER)
    # Forking a process that runs other threads (serve's server and watcher) can copy a lock
    # some thread holds, and the child would wait on it forever: work here instead.
    if jobs <= 1 or threading.active_count() > 1:
        return [fn(item) for item in items]
    import multiprocessing  # here: a build that forks nothing (an edit) skips importing it

    if "fork" not in multiprocessing.get_all_start_methods():
        return [fn(item) for item in items]
    global _WORK
    _WORK = (fn, items)
    try:
        step = max(1, -(-len(items) // (jobs * 8)))  # several chunks a worker evens out the load
        bounds = [(i, min(i + step, len(items))) for i in range(0, len(items), step)]
        with multiprocessing.get_context("fork").Pool(jobs) as pool:
            parts = pool.map(_run_chunk, bounds, chunksize=1)
    finally:
        _WORK = None
    return [result for part in parts for result in part]


def _run_chunk(bounds: tuple[int, int]) -> list:
    fn, items = _WORK
    return [fn(items[i]) for i in range(*bounds)]


def run_split(fn: Callable[[T], R], items: Sequence[T], jobs: int) -> list[R]:
    """[fn(item) for item in items], this process taking one share and forked children the
    others: for a long list of cheap items (a stat each), where a pool's start-up and its
    traffic chunk by chunk cost more than the work. A child that fails has its share done here."""
    jobs = min(jobs, len(items) // MIN_ITEMS_PER_WORKER)
    if jobs <= 1 or threading.active_count() > 1 or not hasattr(os, "fork"):
        return [fn(item) for item in items]
    size = -(-len(items) // jobs)
    children = []
    for start in range(size, len(items), size):
        try:
            children.append((*_fork_share(fn, items[start:start + size]), start))
        except OSError:  # no process to spare: this one does the share
            children.append((None, None, start))
    results = [fn(item) for item in items[:size]]
    for pid, pipe, start in children:
        status, data = 1, b""
        if pid is not None:
            with os.fdopen(pipe, "rb") as answer:
                data = answer.read()
            status = os.waitpid(pid, 0)[1]
        results += pickle.loads(data) if status == 0 else [fn(i) for i in items[start:start + size]]
    return results


def _fork_share(fn: Callable, share: Sequence) -> tuple[int, int]:
    """(pid, the pipe its results come back on) of a child computing fn over share."""
    read, write = os.pipe()
    pid = os.fork()
    if pid:
        os.close(write)
        return pid, read
    status = 1
    try:
        os.close(read)
        with os.fdopen(write, "wb") as answer:
            answer.write(pickle.dumps([fn(item) for item in share]))
        status = 0
    finally:
        os._exit(status)  # never back into the parent's code
