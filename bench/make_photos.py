"""Camera-size photographs made from the real photos scikit-image ships in `skimage.data`.

    python bench/make_photos.py OUT_DIR [--count 500] [--size 4000x3000] [--quality 92] [--from FOLDER]

Each photo is cropped to the camera's aspect, scaled up to camera size and given a little
sensor grain (so that encoders meet the detail a real camera file has, not smooth upscaled
pixels), then saved as a JPEG with the EXIF a camera writes. With --count beyond the five
sources, each later photo is a different crop, mirror and exposure of one of them, so no two
files are alike. Needs scikit-image (a test and benchmark dependency, not a runtime one).

Only photographs whose licence allows anything are used (each as stated in its `skimage.data`
docstring, scikit-image 0.26):
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from PIL import Image


@dataclass(frozen=True)
class Source:
    """One photograph from skimage.data, with its licence as scikit-image states it."""

    name: str      # the skimage.data function
    title: str
    credit: str
    licence: str


SOURCES = (
    Source("astronaut", "Astronaut Eileen Collins", "NASA (NASA Great Images database)",
           "public domain"),
    Source("coffee", "A cup of coffee", "Rachel Michetti, courtesy of Pikolo Espresso Bar", "CC0"),
    Source("chelsea", "Chelsea the cat", "Stefan van der Walt", "CC0"),
    Source("rocket", "Falcon 9 launch carrying DSCOVR", "SpaceX", "public domain"),
    Source("hubble_deep_field", "Hubble eXtreme Deep Field", "NASA", "public domain"),
)
__doc__ += "".join(f"\n- {s.name}: {s.title}; {s.credit}; {s.licence}." for s in SOURCES)


def source_pixels(name: str) -> np.ndarray:
    """The photograph's RGB pixels, as scikit-image ships them."""
    import skimage.data
    return getattr(skimage.data, name)()


def camera_photo(name: str, size: tuple[int, int] = (4000, 3000), variation: int = 0,
                 grain: float = 2.0) -> Image.Image:
    """The photo at camera size: cropped to the size's aspect (a different crop, mirror and
    exposure for each variation), scaled up, with Gaussian grain of this many levels."""
    pixels = Image.fromarray(source_pixels(name)).convert("RGB")
    rng = np.random.default_rng(variation)
    pixels = pixels.crop(_crop(pixels.size, size[0] / size[1], variation, rng))
    if variation % 2:
        pixels = pixels.transpose(Image.Transpose.FLIP_LEFT_RIGHT)
    pixels = pixels.resize(size, Image.Resampling.LANCZOS)
    array = np.asarray(pixels, dtype=np.float32) * (1.0 + 0.1 * rng.uniform(-1, 1) * (variation > 0))
    array += rng.normal(0.0, grain, array.shape[:2] + (1,)).astype(np.float32)  # luminance grain
    return Image.fromarray(np.clip(array, 0, 255).astype(np.uint8))


def _crop(size: tuple[int, int], aspect: float, variation: int, rng) -> tuple[int, int, int, int]:
    """The largest box of this aspect, shrunk and moved a little for later variations."""
    width, height = size
    crop_w = min(width, round(height * aspect))
    crop_w = round(crop_w * (1.0 - 0.15 * rng.uniform(0, 1) * (variation > 0)))
    crop_h = round(crop_w / aspect)
    left = round(rng.uniform(0, width - crop_w)) if variation else (width - crop_w) // 2
    top = round(rng.uniform(0, height - crop_h)) if variation else (height - crop_h) // 2
    return (left, top, left + crop_w, top + crop_h)


def camera_exif(source: Source) -> Image.Exif:
    """What a camera writes (make, model, date); no GPS and no serial: these are for publishing."""
    exif = Image.Exif()
    exif[0x010F] = "newsdigest bench"      # Make
    exif[0x0110] = "skimage.data photo"    # Model
    exif[0x0132] = "2026:11:20 09:30:00"   # DateTime
    exif[0x8298] = f"{source.credit} ({source.licence})"  # Copyright
    return exif


def write_photos(out: Path, count: int, size: tuple[int, int], quality: int) -> list[Path]:
    """count camera JPEGs in out, cycling through the sources; returns their paths."""
    out.mkdir(parents=True, exist_ok=True)
    paths = []
    for n in range(count):
        source = SOURCES[n % len(SOURCES)]
        path = out / f"{source.name.replace('_', '-')}-{n:04d}.jpg"
        photo = camera_photo(source.name, size, variation=n // len(SOURCES))
        photo.save(path, "JPEG", quality=quality, exif=camera_exif(source))
        paths.append(path)
    return paths


def derive_photos(bases: list[Path], out: Path, count: int, quality: int) -> list[Path]:
    """count photos made from camera photos already made: each base mirrored, turned and
    exposed differently, so that each file has pixels (and bytes) of its own. Several times
    quicker than making each from scratch: for a benchmark's hundreds on a busy machine."""
    out.mkdir(parents=True, exist_ok=True)
    paths = []
    for n in range(count):
        base, turn = bases[n % len(bases)], n // len(bases)
        with Image.open(base) as photo:
            pixels = photo.transpose(Image.Transpose.FLIP_LEFT_RIGHT) if turn % 2 else photo.copy()
            if turn % 4 >= 2:
                pixels = pixels.transpose(Image.Transpose.ROTATE_180)
            gain = 1.0 + 0.015 * (turn % 13 - 6)  # -9% to +9% exposure
            pixels = pixels.point(lambda v: min(255, round(v * gain)))
            path = out / f"{base.stem}-d{n:04d}.jpg"
            pixels.save(path, "JPEG", quality=quality, exif=photo.getexif())
        paths.append(path)
    return paths


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("out", type=Path)
    ap.add_argument("--count", type=int, default=len(SOURCES))
    ap.add_argument("--size", default="4000x3000", help="WIDTHxHEIGHT")
    ap.add_argument("--quality", type=int, default=92)
    ap.add_argument("--from", dest="bases", type=Path, metavar="FOLDER",
                    help="derive the photos from the camera photos in FOLDER (quicker)")
    args = ap.parse_args(argv)
    width, height = (int(n) for n in args.size.lower().split("x"))
    if args.bases:
        paths = derive_photos(sorted(args.bases.glob("*.jpg")), args.out, args.count, args.quality)
    else:
        paths = write_photos(args.out, args.count, (width, height), args.quality)
    total = sum(p.stat().st_size for p in paths)
    print(f"{len(paths)} photos, {total / 2**20:.1f} MiB, in {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
