"""What a build is asked to do (BuildOptions) and what it did (BuildReport), and its clock."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

from newsdigest.build.parallel import default_jobs
from newsdigest.config import SiteConfig
from newsdigest.errors import Problem


@dataclass(frozen=True)
class BuildOptions:
    root: Path
    out: Path | None = None  # default: ROOT/site
    drafts: bool = False
    future: bool = False
    build_time: datetime | None = None  # default: SOURCE_DATE_EPOCH, else now
    jobs: int = field(default_factory=default_jobs)  # processes to use
    cache: bool = True  # reuse ROOT/.newsdigest-cache; False builds from scratch
    preview: bool = False  # serve: label drafts and future stories on their pages and cards
    strict: bool = False  # any error stops the build (else files with errors are held back)

    @property
    def out_dir(self) -> Path:
        return self.out if self.out is not None else self.root / "site"


@dataclass(frozen=True)
class BuildReport:
    out: Path
    stories: int
    videos: int
    files: int  # files in the output
    rendered: int  # of which rendered this time (the rest reused unchanged)
    warnings: tuple[Problem, ...]  # every problem reported: warnings, and the errors of held_back
    seconds: float
    held_back: tuple[str, ...] = ()  # src_paths of files with errors, not published as they are
    kept: tuple[str, ...] = ()  # of those, the ones whose last published version stays
    left_out: tuple[tuple[str, str], ...] = ()  # (src_path, why): drafts, scheduled, expired


def build_time_now() -> datetime:
    """SOURCE_DATE_EPOCH when set (reproducible builds), else the clock."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return datetime.fromtimestamp(int(epoch), timezone.utc)
    return datetime.now(timezone.utc)


def build_time(options: BuildOptions, config: SiteConfig) -> datetime:
    return (options.build_time or build_time_now()).astimezone(config.tz)
