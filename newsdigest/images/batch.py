"""Processing many images at once: what the cache already holds is taken from it, the rest is
encoded on every core and stored in the cache. Returns each image's outcome, never its bytes
(they stay in the cache for the writer).
"""

from __future__ import annotations

import os
from dataclasses import dataclass, replace
from pathlib import Path

from newsdigest.errors import Problem
from newsdigest.images.cache import ImageCache
from newsdigest.images.model import BadImage, Focus, ImageSet, ImageSettings, image_key


@dataclass(frozen=True)
class ImageJob:
    """One source image to process: its name as the editor knows it, where it is, its focus."""

    src_path: str
    file: Path
    focus: Focus = Focus()


@dataclass(frozen=True)
class Outcome:
    """What became of one job: its set (variants without bytes: those are in the cache) or the
    problem that stops it; encoded is False when the cache already had the set."""

    job: ImageJob
    image_set: ImageSet | None
    problem: Problem | None = None
    encoded: bool = False


def process_all(jobs: list[ImageJob], cache: ImageCache, settings: ImageSettings = ImageSettings(),
                workers: int | None = None) -> list[Outcome]:
    """An Outcome for each job, in the jobs' order; only what the cache lacks is encoded."""
    keyed = [_keyed(job, cache, settings) for job in jobs]
    cache.save_digests()
    todo = {key: job for job, key, outcome in reversed(keyed) if outcome is None}  # the first of each
    todo = [(job, key) for key, job in reversed(todo.items())]
    encoded = dict(zip((key for _, key in todo), _encode_all(todo, cache.root, settings, workers)))
    return [_as_for(job, outcome or encoded[key]) for job, key, outcome in keyed]


def _as_for(job: ImageJob, outcome: Outcome) -> Outcome:
    """The outcome of the same bytes, settings and focus, as this job's own: a set stored or
    encoded under another file's name (a copy, a renamed file) takes this file's name, so its
    variants are named as a build without the cache names them; only its first job encoded it."""
    found, own = outcome.image_set, outcome.job == job  # (encoded in a worker: a copy of job)
    if own and (found is None or found.src_path == job.src_path):
        return outcome
    problem = outcome.problem if own or not outcome.problem else replace(outcome.problem, path=job.src_path)
    if found is not None and found.src_path != job.src_path:
        found = replace(found, src_path=job.src_path, warnings=tuple(
            replace(w, path=job.src_path) if w.path == found.src_path else w for w in found.warnings))
    return Outcome(job, found, problem, encoded=outcome.encoded and own)


def _keyed(job: ImageJob, cache: ImageCache, settings: ImageSettings):
    """(job, key, outcome): the outcome is already known when the cache has the set or the file
    is missing."""
    try:
        key = image_key(cache.digest(job.file), settings, job.focus)
    except FileNotFoundError:
        return job, None, Outcome(job, None, Problem(job.src_path, None, None, "is missing",
                                                     "check the file's name and folder"))
    except OSError as err:
        return job, None, Outcome(job, None, Problem(job.src_path, None, None,
                                                     f"cannot be read ({err.strerror})"))
    stored = cache.get(key, with_data=False)
    return job, key, (Outcome(job, stored) if stored else None)


def _encode_all(todo: list[tuple[ImageJob, str]], root: Path, settings: ImageSettings,
                workers: int | None) -> list[Outcome]:
    tasks = [(job, key, root, settings) for job, key in todo]
    workers = min(workers or _cores(), len(tasks))
    if workers <= 1:
        return [_encode_one(task) for task in tasks]
    # spawn: workers start clean, never a fork of serve's threads, and are this process's own
    # children, so its resource usage (CPU, peak memory) counts theirs. Importing Pillow in each
    # costs ~0.2 s, nothing beside encoding a photo.
    import multiprocessing  # here: a build with no image to encode skips importing them
    from concurrent.futures import ProcessPoolExecutor

    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(workers, mp_context=context) as pool:
        return list(pool.map(_encode_one, tasks, chunksize=1))


def _encode_one(task: tuple[ImageJob, str, Path, ImageSettings]) -> Outcome:
    """Encode one image into the cache (in a worker); the same key twice is stored once."""
    from newsdigest.images.process import process_image  # here: only encoding needs Pillow

    job, _key, root, settings = task
    cache = ImageCache(root)
    try:
        image_set = process_image(job.src_path, job.file.read_bytes(), settings, job.focus)
    except BadImage as bad:
        return Outcome(job, None, bad.problem)
    except OSError as err:
        return Outcome(job, None, Problem(job.src_path, None, None, f"cannot be read ({err.strerror})"))
    cache.put(image_set)
    # The set's own key: the file may have changed since its digest was taken.
    return Outcome(job, cache.get(image_set.key, with_data=False), encoded=True)


def _cores() -> int:
    env = os.environ.get("NEWSDIGEST_JOBS", "").strip()
    if env.isdigit() and int(env) > 0:
        return int(env)
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
