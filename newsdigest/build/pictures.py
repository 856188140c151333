"""The site's pictures in a build: every raster image in the site's static/ folder processed
through the image cache (on every core; only what changed is encoded), every SVG checked, and
the pictures that stories, videos and the config name looked up, each problem told against the
file that names the picture.

No original is published as it was uploaded: at its own address the output gets its largest
variant, metadata stripped, so a GPS position never leaves the newsroom. The variants are
linked into the output by the writer (output.Staging) from the cache's files.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from newsdigest.errors import Problem
from newsdigest.images import (Focus, ImageCache, ImageJob, ImageSet, ImageSettings, check_svg,
                               lead_image_warning, parse_focus, process_all)
from newsdigest.render.pictures import RASTER, SitePictures
from newsdigest.site.model import SiteModel

SETTINGS = ImageSettings()
SAME_FORMAT = {".jpg": "jpeg", ".jpeg": "jpeg", ".png": "png", ".webp": "webp"}


@dataclass(frozen=True)
class Gathered:
    """What a build needs of its pictures."""

    pictures: SitePictures   # for the templates
    files: dict[str, Path]   # output path -> the cache's file, for the writer
    problems: list[Problem]  # errors and warnings
    key: str                 # changes when any picture's output changes: pages showing them re-render


def gather_pictures(model: SiteModel, static: dict[str, Path], site_static: Path,
                    cache_folder: Path, jobs: int) -> Gathered:
    """Process the site's raster images and check its SVGs; static maps output path -> file."""
    mine = {rel: path for rel, path in static.items() if _inside(path, site_static)}
    problems = [p for rel, path in mine.items() if rel.lower().endswith(".svg")
                for p in check_svg(f"static/{rel}", path.read_bytes())]
    focused, focus_problems = _focus_requests(model)
    wanted = [(rel, Focus()) for rel in mine if rel.lower().endswith(RASTER)]
    wanted += [(rel, focus) for rel, focus in focused if rel in mine and focus != Focus()]
    cache = ImageCache(cache_folder)
    outcomes = process_all([ImageJob(f"static/{rel}", mine[rel], focus) for rel, focus in wanted],
                           cache, SETTINGS, workers=jobs)
    sets = {}
    for (rel, focus), outcome in zip(wanted, outcomes):
        if outcome.problem:
            problems.append(outcome.problem)
        else:
            sets[(rel, focus)] = outcome.image_set
            problems += list(outcome.image_set.warnings) if focus == Focus() else []
    problems += focus_problems + _reference_problems(model, static, sets, dict(zip(wanted, outcomes)))
    digest = hashlib.sha256(repr(sorted((repr(k), s.key) for k, s in sets.items())).encode()).hexdigest()
    pictures = SitePictures(sets, model.config.base_path, digest)
    return Gathered(pictures, _files(sets, cache), problems, digest)


def _inside(path: Path, folder: Path) -> bool:
    try:
        return path.resolve().is_relative_to(folder.resolve())
    except OSError:
        return False


def _focus_requests(model: SiteModel) -> tuple[list[tuple[str, Focus]], list[Problem]]:
    """(site path, focus) of each lead image given an image_focus, and the focus values that are not."""
    found, problems = [], []
    for story in model.stories:
        if not story.image_focus or not _local(story.image):
            continue
        focus = parse_focus(story.image_focus, story.src_path)
        if isinstance(focus, Problem):
            problems.append(focus)
        else:
            found.append((story.image.lstrip("/"), focus))
    return found, problems


def _references(model: SiteModel):
    """(src_path, field, reference, is a lead image) for every local picture the site names."""
    for story in model.stories:
        if _local(story.image):
            yield story.src_path, "image", story.image, True
    for video in model.videos:
        if _local(video.thumbnail):
            yield video.src_path, "thumbnail", video.thumbnail, False
    if _local(model.config.publisher_logo):
        yield "site.toml", "publisher_logo", model.config.publisher_logo, False


def _reference_problems(model: SiteModel, static: dict[str, Path], sets: dict,
                        outcomes: dict) -> list[Problem]:
    """A missing or broken picture is an error of the story that shows it; a lead image too
    narrow for share cards, a warning."""
    problems = []
    for src_path, field, ref, lead in _references(model):
        rel = ref.lstrip("/")
        outcome = outcomes.get((rel, Focus()))
        if rel not in static:
            problems.append(Problem(src_path, None, field, f"{ref} is missing: no file static/{rel}",
                                    "check the name, or put the picture in the static/ folder"))
        elif outcome is not None and outcome.problem:
            problems.append(Problem(src_path, None, field, f"{ref} {outcome.problem.message}",
                                    outcome.problem.hint))
        elif lead and (rel, Focus()) in sets:
            narrow = lead_image_warning(sets[(rel, Focus())], SETTINGS)
            if narrow:
                problems.append(Problem(src_path, None, field, f"{ref} {narrow.message}",
                                        narrow.hint, warning=True))
    return problems


def _local(ref: str | None) -> bool:
    return bool(ref) and "://" not in ref and not ref.startswith(("//", "data:")) \
        and ref.lower().endswith(RASTER)


def _files(sets: dict[tuple[str, Focus], ImageSet], cache: ImageCache) -> dict[str, Path]:
    """Every output file the pictures make: each variant beside its original's address, the
    share images, and at the original's own address its largest variant."""
    files = {}
    for (rel, focus), image_set in sorted(sets.items(), key=lambda kv: (kv[0][0], repr(kv[0][1]))):
        folder = str(PurePosixPath(rel).parent)
        prefix = "" if folder == "." else folder + "/"
        if focus == Focus():
            for variant in image_set.variants:
                files[prefix + image_set.file_name(variant)] = cache.file_of(image_set.key, variant)
            same_kind = image_set.of_format(SAME_FORMAT.get(PurePosixPath(rel).suffix.lower(), ""))
            if same_kind:  # a GIF has no GIF variant: nothing is published at its address
                files[rel] = cache.file_of(image_set.key, same_kind[-1])
        if image_set.share:
            files[prefix + image_set.file_name(image_set.share, share=True)] = \
                cache.file_of(image_set.key, image_set.share, share=True)
    return files
