"""Opening a source image safely: its format and size checked before any pixel is decoded, then
decoded (reduced in the JPEG decoder where that keeps quality), turned upright by its EXIF
orientation, converted to sRGB, and stripped of every piece of metadata.
"""

from __future__ import annotations

import io
import math
import warnings
from dataclasses import dataclass

from PIL import Image, ImageCms, ImageOps, UnidentifiedImageError

from newsdigest.errors import Problem
from newsdigest.images.model import BadImage

# Pillow's plugins for these formats only: a file is never handed to a parser we did not choose.
READABLE = ("JPEG", "PNG", "GIF", "WEBP", "AVIF")
ROTATED = {5, 6, 7, 8}  # EXIF orientations that swap width and height
SRGB = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB"))
FIX_HINT = "export it again as a JPEG or PNG from the photo editor, or replace it"


@dataclass(frozen=True)
class Opened:
    """A source whose header was read and checked; no pixels decoded yet."""

    image: Image.Image
    format: str      # Pillow's name: 'JPEG', 'PNG', ...
    width: int       # as shown, after the EXIF orientation
    height: int
    warnings: tuple[Problem, ...]


def open_image(src_path: str, data: bytes, max_pixels: int) -> Opened:
    """Read the header and check it; raise BadImage naming the file and what to do."""
    try:
        with warnings.catch_warnings():
            # Pillow's own limit warns from ~89 MP; ours (max_pixels) is checked just below.
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(data), formats=READABLE)
    except Image.DecompressionBombError:
        raise _bad(src_path, "claims far more pixels than a photo has (a decompression bomb?)",
                   FIX_HINT)
    except UnidentifiedImageError:
        raise _bad(src_path, "is not an image (JPEG, PNG, GIF or WebP expected)",
                   "check that the file is really a picture and its name ends as its type does")
    except (OSError, SyntaxError, ValueError, EOFError) as err:
        raise _bad(src_path, f"is damaged and cannot be opened ({err})", FIX_HINT)
    return _checked(src_path, image, max_pixels)


def _checked(src_path: str, image: Image.Image, max_pixels: int) -> Opened:
    width, height = image.size
    if width * height > max_pixels:
        raise _bad(src_path, f"is {width} x {height} pixels ({width * height / 1e6:.0f} megapixels), "
                   f"more than the {max_pixels / 1e6:.0f} megapixel limit",
                   "scale it down to a camera's size (such as 4000 x 3000) before adding it")
    notes = []
    if getattr(image, "n_frames", 1) > 1:
        notes.append(Problem(src_path, None, None, f"is animated ({image.n_frames} frames): "
                             "only its first frame is published, as a still picture",
                             "publish the animation as a video instead", warning=True))
    if _orientation(image) in ROTATED:
        width, height = height, width
    return Opened(image, image.format, width, height, tuple(notes))


def decode(src_path: str, opened: Opened, min_width: int) -> Image.Image:
    """The upright sRGB pixels (RGB, or RGBA with transparency) with no metadata at all.

    min_width: the narrowest the decoded picture may be (as shown) and still serve every size
    asked of it; a JPEG is decoded reduced by 1/2, 1/4 or 1/8 when that is still wide enough,
    which is several times faster and as sharp once resized.
    """
    image = opened.image
    if opened.format == "JPEG" and min_width < opened.width:
        scale = min_width / opened.width
        image.draft(None, (math.ceil(image.width * scale), math.ceil(image.height * scale)))
    try:
        image.seek(0)  # an animation's first frame
        image.load()
        image = ImageOps.exif_transpose(image)
    except Image.DecompressionBombError:
        raise _bad(src_path, "claims far more pixels than a photo has (a decompression bomb?)",
                   FIX_HINT)
    except (OSError, SyntaxError, ValueError, EOFError) as err:
        raise _bad(src_path, f"is truncated or damaged and cannot be decoded ({err})", FIX_HINT)
    return _stripped(_to_srgb(src_path, image))


def _to_srgb(src_path: str, image: Image.Image) -> Image.Image:
    """RGB or RGBA pixels in sRGB: a colour profile (Adobe RGB, CMYK, Display P3) is applied."""
    mode = "RGBA" if image.has_transparency_data else "RGB"
    profile = image.info.get("icc_profile")
    if image.mode not in ("RGB", "RGBA", "CMYK", "L", "LA") or (image.mode != mode and not profile):
        image = image.convert(mode if image.mode != "CMYK" else "RGB")
    if not profile:
        return image
    try:
        source = ImageCms.ImageCmsProfile(io.BytesIO(profile))
        return ImageCms.profileToProfile(image, source, SRGB, outputMode=mode)
    except (ImageCms.PyCMSError, OSError, ValueError):
        # A profile lcms cannot read or apply: the pixels are taken as sRGB, as browsers would.
        return image if image.mode == mode else image.convert(mode)


def _stripped(image: Image.Image) -> Image.Image:
    """The same pixels with no EXIF, GPS, XMP, ICC, comments or text chunks to carry along."""
    image.info = {}  # every encoder below reads metadata from here or from its own arguments
    return image


def _orientation(image: Image.Image) -> int:
    try:
        return int(image.getexif().get(0x0112, 1))
    except (OSError, SyntaxError, ValueError, TypeError):
        return 1


def _bad(src_path: str, message: str, hint: str) -> BadImage:
    return BadImage(Problem(src_path, None, None, message, hint))
