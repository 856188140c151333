"""The typed records of image processing: settings, a focal point, encoded variants, an image set.

Pure data: nothing here reads or writes a file.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import PurePosixPath

from PIL import __version__ as PILLOW_VERSION

from newsdigest.errors import Problem

# Bump when a change to this package changes the bytes it makes: every cached variant is redone.
CODE_VERSION = "images-1"

MIME = {"jpeg": "image/jpeg", "png": "image/png", "webp": "image/webp", "avif": "image/avif"}
EXTENSION = {"jpeg": "jpg", "png": "png", "webp": "webp", "avif": "avif"}


def avif_available() -> bool:
    """True when the installed Pillow can write AVIF (its wheels can; some distro builds cannot)."""
    from PIL import features  # here: it imports all of Pillow, which a build encoding nothing skips

    return bool(features.check("avif"))


@dataclass(frozen=True)
class ImageSettings:
    """How every raster image is processed; part of the cache key, so any change re-encodes."""

    widths: tuple[int, ...] = (320, 480, 640, 960, 1280, 1600, 2048)
    modern_formats: tuple[str, ...] = ("avif", "webp")  # best first; avif only where Pillow writes it
    jpeg_quality: int = 82
    webp_quality: int = 80
    avif_quality: int = 60
    avif_speed: int = 8  # libavif's 0 (slowest) to 10: 8 is ~3x faster than its default 6 for ~15% more bytes
    share_size: tuple[int, int] = (1200, 630)  # og:image, the size Facebook and Google Discover ask for
    max_pixels: int = 100_000_000  # ~100 megapixels: larger is refused before it is decoded

    def formats(self) -> tuple[str, ...]:
        """The modern formats this Pillow can write, best first."""
        return tuple(f for f in self.modern_formats if f != "avif" or avif_available())

    def fingerprint(self) -> str:
        """Everything that decides the output bytes besides the source: settings, code, encoders."""
        return f"{self!r}|{CODE_VERSION}|pillow {PILLOW_VERSION}|{self.formats()}"


@dataclass(frozen=True)
class Focus:
    """The point a crop is centred on, as fractions of the width and height (0.5, 0.5: centre)."""

    x: float = 0.5
    y: float = 0.5


@dataclass(frozen=True)
class Variant:
    """One encoded picture: its pixel size, format ('jpeg', 'png', 'webp', 'avif') and bytes."""

    width: int
    height: int
    format: str
    data: bytes = field(repr=False)

    @property
    def mime(self) -> str:
        return MIME[self.format]

    @property
    def extension(self) -> str:
        return EXTENSION[self.format]


@dataclass(frozen=True)
class ImageSet:
    """Everything made from one source image: its variants (widths x formats) and its share image.

    width and height are the source's, after its EXIF orientation. key is the cache key: it
    changes whenever the source bytes, the settings or the focus change, so names built from it
    can be cached by browsers forever.
    """

    src_path: str
    width: int
    height: int
    key: str
    fallback_format: str  # the original's format ('jpeg' or 'png'), for browsers without the others
    variants: tuple[Variant, ...]
    share: Variant | None
    warnings: tuple[Problem, ...] = ()

    def widths(self) -> tuple[int, ...]:
        return tuple(sorted({v.width for v in self.variants}))

    def of_format(self, fmt: str) -> tuple[Variant, ...]:
        """This format's variants, narrowest first."""
        return tuple(sorted((v for v in self.variants if v.format == fmt), key=lambda v: v.width))

    def largest(self) -> Variant:
        return self.of_format(self.fallback_format)[-1]

    def file_name(self, variant: Variant, share: bool = False) -> str:
        """The variant's file name in the output: the source's name, the key, the width.
        The key in the name lets browsers keep the file forever; a new photo gets a new name."""
        stem = PurePosixPath(self.src_path).stem
        kind = "share" if share else str(variant.width)
        return f"{stem}.{self.key[:10]}.{kind}.{variant.extension}"


def source_digest(data: bytes) -> str:
    """sha256 of a source image's bytes."""
    return hashlib.sha256(data).hexdigest()


def image_key(digest: str, settings: ImageSettings, focus: Focus) -> str:
    """The cache key: sha256 of the source's digest, the settings, the code and the focal point."""
    return hashlib.sha256(f"{digest}|{settings.fingerprint()}|{focus!r}".encode()).hexdigest()


class BadImage(Exception):
    """An image that cannot be published; carries the Problem that tells the editor what to do."""

    def __init__(self, problem: Problem):
        self.problem = problem
        super().__init__(str(problem))

    def __reduce__(self):  # arrives whole from a worker process
        return (BadImage, (self.problem,))


def lead_image_warning(image_set: ImageSet, settings: ImageSettings = ImageSettings()) -> Problem | None:
    """For a lead image narrower than the share width: share cards and Google Discover want
    at least 1200 pixels. (A logo or a thumbnail may be small.)"""
    if image_set.width >= settings.share_size[0]:
        return None
    return Problem(image_set.src_path, None, None, f"is only {image_set.width} pixels wide; a lead "
                   f"image should be at least {settings.share_size[0]} for share cards and Google Discover",
                   "use the original photo rather than a copy made for the web", warning=True)
