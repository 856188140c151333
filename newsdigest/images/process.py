"""Source image bytes + settings -> an ImageSet: every width in WebP (AVIF too where Pillow writes
it) and in the original's format, and the 1200 x 630 share image. Writes no file: the build's
writer puts the bytes in the output folder.
"""

from __future__ import annotations

import io

from PIL import Image

from newsdigest.images.decode import decode, open_image
from newsdigest.images.focus import crop_box
from newsdigest.images.model import (Focus, ImageSet, ImageSettings, Variant, image_key,
                                     source_digest)

LANCZOS = Image.Resampling.LANCZOS


def process_image(src_path: str, data: bytes, settings: ImageSettings = ImageSettings(),
                  focus: Focus = Focus()) -> ImageSet:
    """Every variant of one source image; raises BadImage when it cannot be published."""
    opened = open_image(src_path, data, settings.max_pixels)
    widths = target_widths(opened.width, settings.widths)
    base = decode(src_path, opened, min_width=_min_decode_width(opened, widths, settings))
    fallback = "png" if opened.format in ("PNG", "GIF") or base.mode == "RGBA" else "jpeg"
    formats = settings.formats() + (fallback,)
    variants = []
    for width, pixels in _resized(base, widths, opened.height / opened.width):
        variants += [_encode(pixels, fmt, settings) for fmt in formats]
    share = _encode(_share_pixels(base, settings.share_size, focus), "jpeg", settings)
    key = image_key(source_digest(data), settings, focus)
    return ImageSet(src_path, opened.width, opened.height, key, fallback, tuple(variants), share,
                    opened.warnings)


def target_widths(width: int, widths: tuple[int, ...]) -> tuple[int, ...]:
    """The configured widths narrower than the source, plus the source's own width up to the
    widest configured: never wider than the original, never upscaled."""
    return tuple(sorted({w for w in widths if w < width} | {min(width, max(widths))}))


def _min_decode_width(opened, widths: tuple[int, ...], settings: ImageSettings) -> int:
    """How wide (as shown) the decoded picture must stay: the widest variant, and wide enough
    that the share image's crop still gives its full width."""
    share_w, share_h = settings.share_size
    crop_w = min(opened.width, opened.height * share_w / share_h)
    return max(widths[-1], round(share_w * opened.width / crop_w))


def _resized(base: Image.Image, widths: tuple[int, ...], ratio: float):
    """(width, pixels) for each width, widest first; each from the next wider one, which is
    several times faster than from the full picture and looks the same."""
    source = base
    for width in sorted(widths, reverse=True):
        size = (width, max(1, round(width * ratio)))
        source = source if source.size == size else source.resize(size, LANCZOS, reducing_gap=3.0)
        yield width, source


def _share_pixels(base: Image.Image, size: tuple[int, int], focus: Focus) -> Image.Image:
    """The share card: the largest crop of its aspect around the focus, at most `size`, on white
    where the source is transparent (share images are JPEG)."""
    box = crop_box(base.width, base.height, size[0] / size[1], focus)
    width = min(size[0], box[2] - box[0])
    pixels = base.resize((width, round(width * size[1] / size[0])), LANCZOS, box=box,
                         reducing_gap=3.0)
    if pixels.mode == "RGBA":
        flat = Image.new("RGB", pixels.size, "white")
        flat.paste(pixels, mask=pixels.getchannel("A"))
        pixels = flat
    return pixels


def _encode(pixels: Image.Image, fmt: str, settings: ImageSettings) -> Variant:
    """One variant's bytes; no metadata is passed to any encoder."""
    out = io.BytesIO()
    if fmt == "jpeg":
        pixels = pixels.convert("RGB") if pixels.mode != "RGB" else pixels
        pixels.save(out, "JPEG", quality=settings.jpeg_quality, optimize=True, progressive=True)
    elif fmt == "png":
        pixels.save(out, "PNG")
    elif fmt == "webp":
        pixels.save(out, "WEBP", quality=settings.webp_quality)
    elif fmt == "avif":
        # One thread per image: the images themselves are spread over every core.
        pixels.save(out, "AVIF", quality=settings.avif_quality, speed=settings.avif_speed,
                    max_threads=1)
    else:
        raise ValueError(f"unknown image format {fmt!r}")
    return Variant(pixels.width, pixels.height, fmt, out.getvalue())


