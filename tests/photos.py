"""Test photographs: real pixels (skimage.data's public-domain and CC0 photos, see
bench/make_photos.py) at camera size, saved the ways cameras, phones and editors save them."""

from __future__ import annotations

import io
import struct
import zlib

from PIL import Image, ImageCms

from bench.make_photos import camera_photo

CAMERA = (4000, 3000)
SERIAL = "SN-4417-PRIVATE"
GPS = {1: "N", 2: (44.0, 21.0, 30.0), 3: "W", 4: (68.0, 12.0, 5.0)}  # a reporter's source's home


def upright(name: str = "astronaut", size: tuple[int, int] = CAMERA) -> Image.Image:
    """The photo as a reader should see it."""
    return camera_photo(name, size)


def jpeg(image: Image.Image, **save) -> bytes:
    out = io.BytesIO()
    image.save(out, "JPEG", quality=92, **save)
    return out.getvalue()


def png(image: Image.Image, **save) -> bytes:
    out = io.BytesIO()
    image.save(out, "PNG", **save)
    return out.getvalue()


def private_exif(orientation: int = 1) -> Image.Exif:
    """EXIF as a phone writes it: orientation, GPS position, camera serial, owner's name."""
    exif = Image.Exif()
    exif[0x0112] = orientation
    exif[0x013B] = "Jane Reporter"          # Artist
    exif[0x010F] = "PhoneMaker"             # Make
    exif.get_ifd(0x8825).update(GPS)        # GPSInfo
    exif.get_ifd(0x8769)[0xA431] = SERIAL   # BodySerialNumber
    exif.get_ifd(0x8769)[0xA430] = "Jane Reporter"  # CameraOwnerName
    return exif


def rotated_phone_jpeg(photo: Image.Image) -> bytes:
    """What a phone held upright writes: pixels stored sideways, EXIF orientation 6 to turn them."""
    stored = photo.transpose(Image.Transpose.ROTATE_90)  # orientation 6 turns it back (ROTATE_270)
    return jpeg(stored, exif=private_exif(orientation=6))


def adobe_rgb_profile() -> bytes:
    """An ICC v2 display profile with Adobe RGB (1998)'s primaries and gamma (D50-adapted
    colorants, as in Adobe's own profile), built here so the tests need no profile file."""
    def xyz(x, y, z):
        return b"XYZ " + bytes(4) + b"".join(struct.pack(">i", round(v * 65536)) for v in (x, y, z))
    curve = b"curv" + bytes(4) + struct.pack(">IH", 1, 0x0233) + bytes(2)  # gamma 563/256
    name = b"Adobe RGB (1998) compatible (test)"
    desc = (b"desc" + bytes(4) + struct.pack(">I", len(name) + 1) + name + b"\0"
            + bytes(4 + 4 + 2 + 1 + 67))
    tags = [(b"desc", desc), (b"cprt", b"text" + bytes(4) + b"No copyright, test profile\0"),
            (b"wtpt", xyz(0.9642, 1.0, 0.8249)), (b"rXYZ", xyz(0.60974, 0.31111, 0.01947)),
            (b"gXYZ", xyz(0.20528, 0.62567, 0.06087)), (b"bXYZ", xyz(0.14919, 0.06322, 0.74457)),
            (b"rTRC", curve), (b"gTRC", curve), (b"bTRC", curve)]
    return _icc(tags)


def _icc(tags: list[tuple[bytes, bytes]]) -> bytes:
    offset = 128 + 4 + 12 * len(tags)
    table, body = b"", b""
    for sig, data in tags:
        data += bytes(-len(data) % 4)
        table += sig + struct.pack(">II", offset + len(body), len(data))
        body += data
    size = offset + len(body)
    header = (struct.pack(">I", size) + b"lcms" + bytes([2, 0x10, 0, 0]) + b"mntrRGB XYZ "
              + bytes(12) + b"acsp" + bytes(4 * 4) + bytes(8) + struct.pack(">I", 0)
              + struct.pack(">iii", 63190, 65536, 54061) + b"lcms" + bytes(16) + bytes(28))
    assert len(header) == 128
    return header + struct.pack(">I", len(tags)) + table + body


def adobe_rgb_jpeg(photo: Image.Image) -> bytes:
    """The photo's colours expressed in Adobe RGB, tagged with the Adobe RGB profile."""
    profile = adobe_rgb_profile()
    srgb = ImageCms.createProfile("sRGB")
    adobe = ImageCms.ImageCmsProfile(io.BytesIO(profile))
    return jpeg(ImageCms.profileToProfile(photo, srgb, adobe), icc_profile=profile)


def animated_gif(colours: list[str], size=(800, 600)) -> bytes:
    frames = [Image.new("RGB", size, c) for c in colours]
    out = io.BytesIO()
    frames[0].save(out, "GIF", save_all=True, append_images=frames[1:], duration=100, loop=0)
    return out.getvalue()


def png_claiming(width: int, height: int) -> bytes:
    """A tiny PNG whose header claims width x height: what a decompression bomb looks like."""
    data = png(Image.new("L", (8, 8)))
    ihdr = struct.pack(">II", width, height) + data[24:29]
    return data[:16] + ihdr + struct.pack(">I", zlib.crc32(b"IHDR" + ihdr)) + data[33:]


def mean_difference(a: Image.Image, b: Image.Image) -> float:
    """Mean absolute difference per channel value (0-255) of two same-size pictures."""
    from PIL import ImageChops, ImageStat
    return sum(ImageStat.Stat(ImageChops.difference(a.convert("RGB"), b.convert("RGB"))).mean) / 3
