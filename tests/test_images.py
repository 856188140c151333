"""Image processing on real photographs at camera size: every output read back with Pillow."""

from __future__ import annotations

import io
from html.parser import HTMLParser
from pathlib import Path

import pytest
from PIL import Image, ImageCms

from newsdigest.images import (BadImage, Focus, ImageCache, ImageJob, ImageSettings, check_svg,
                               parse_focus, picture, process_all, process_image)
from newsdigest.images.decode import decode, open_image
from newsdigest.images.model import avif_available
from newsdigest.errors import Problem
from tests import photos

REPO = Path(__file__).resolve().parent.parent
WIDTHS = (320, 480, 640, 960, 1280, 1600, 2048)
FAST = ImageSettings(modern_formats=("webp",))  # for tests about something other than formats


@pytest.fixture(scope="module")
def astronaut() -> Image.Image:
    return photos.upright("astronaut")


@pytest.fixture(scope="module")
def phone_set(astronaut):
    """A phone's photo, held upright: stored sideways with orientation 6, GPS, serial, owner."""
    return process_image("static/images/phone.jpg", photos.rotated_phone_jpeg(astronaut))


def opened(variant) -> Image.Image:
    image = Image.open(io.BytesIO(variant.data))
    image.load()
    return image


def every_output(image_set):
    return list(image_set.variants) + [image_set.share]


# --- sizes and formats -----------------------------------------------------------------------

def test_a_camera_photo_gets_every_width_up_to_2048_in_each_format(phone_set):
    formats = {"webp", "jpeg"} | ({"avif"} if avif_available() else set())
    assert phone_set.widths() == WIDTHS
    assert {(v.width, v.format) for v in phone_set.variants} == {(w, f) for w in WIDTHS for f in formats}
    for variant in phone_set.variants:
        image = opened(variant)
        assert image.format == {"jpeg": "JPEG", "webp": "WEBP", "avif": "AVIF"}[variant.format]
        assert image.size == (variant.width, variant.height)
        assert image.size == (variant.width, round(variant.width * 3 / 4))


def test_every_output_is_much_smaller_than_the_camera_file(astronaut, phone_set):
    source = len(photos.rotated_phone_jpeg(astronaut))
    for variant in phone_set.variants:
        assert len(variant.data) < source / 4


def test_widths_are_never_wider_than_the_original():
    small = process_image("static/images/small.jpg", photos.jpeg(photos.upright("coffee", (1000, 750))), FAST)
    assert small.widths() == (320, 480, 640, 960, 1000)
    assert max(opened(v).width for v in small.variants) == 1000


def test_a_lead_image_narrower_than_1200_is_a_warning_that_says_so():
    small = process_image("static/images/small.jpg", photos.jpeg(photos.upright("coffee", (1000, 750))), FAST)
    [warning] = small.warnings
    assert warning.warning and warning.path == "static/images/small.jpg"
    assert "only 1000 pixels wide" in warning.message and "1200" in warning.message


def test_webp_variants_are_valid_webp(phone_set):
    for variant in phone_set.of_format("webp"):
        image = Image.open(io.BytesIO(variant.data))
        assert image.format == "WEBP" and image.get_format_mimetype() == "image/webp"
        image.verify()


# --- orientation, metadata, colour ------------------------------------------------------------

def test_exif_orientation_is_applied_to_the_pixels(astronaut, phone_set):
    largest = opened(phone_set.largest())
    assert (phone_set.width, phone_set.height) == (4000, 3000)
    expected = astronaut.resize(largest.size, Image.Resampling.LANCZOS)
    assert photos.mean_difference(largest, expected) < 3
    sideways = astronaut.transpose(Image.Transpose.ROTATE_180).resize(largest.size)
    assert photos.mean_difference(largest, sideways) > 20  # the comparison can tell


def test_no_exif_gps_serial_or_name_is_left_in_any_output(phone_set):
    for variant in every_output(phone_set):
        image = opened(variant)
        assert not image.getexif(), variant
        assert not {"exif", "xmp", "icc_profile", "comment"} & set(image.info), variant
        assert photos.SERIAL.encode() not in variant.data
        assert b"Jane Reporter" not in variant.data and b"GPS" not in variant.data


def test_a_cmyk_jpeg_comes_out_in_rgb_with_its_colours(astronaut):
    made = process_image("static/images/print.jpg", photos.jpeg(astronaut.convert("CMYK")), FAST)
    largest = opened(made.largest())
    assert largest.mode == "RGB"
    assert photos.mean_difference(largest, astronaut.resize(largest.size)) < 4


def test_an_adobe_rgb_photo_is_converted_to_srgb(astronaut):
    data = photos.adobe_rgb_jpeg(astronaut)
    as_stored = Image.open(io.BytesIO(data))
    assert photos.mean_difference(as_stored, astronaut) > 4  # read as sRGB, its colours are off
    made = process_image("static/images/adobe.jpg", data, FAST)
    for variant in every_output(made):
        image = opened(variant)
        assert "icc_profile" not in image.info  # untagged: browsers take it as sRGB
    largest = opened(made.largest())
    assert photos.mean_difference(largest, astronaut.resize(largest.size)) < 3


# --- other kinds of file ----------------------------------------------------------------------

def test_a_png_with_transparency_stays_png_and_keeps_it():
    logo = photos.upright("chelsea", (1600, 1200)).convert("RGBA")
    logo.putalpha(255)
    logo.paste((0, 0, 0, 0), (0, 0, 400, 400))  # a transparent corner
    made = process_image("static/images/logo.png", photos.png(logo), FAST)
    assert made.fallback_format == "png"
    for variant in made.of_format("png") + made.of_format("webp"):
        image = opened(variant)
        assert image.mode == "RGBA" and image.getpixel((0, 0))[3] == 0
        assert image.getpixel((image.width - 1, image.height - 1))[3] == 255
    assert opened(made.share).mode == "RGB"  # share cards are JPEG, flattened on white


def test_an_animated_gif_keeps_its_first_frame_and_says_so():
    made = process_image("static/images/anim.gif", photos.animated_gif(["red", "lime", "blue"]), FAST)
    [warning] = [w for w in made.warnings if "animated" in w.message]
    assert warning.warning and "3 frames" in warning.message and "first frame" in warning.message
    assert made.fallback_format == "png"
    assert opened(made.largest()).convert("RGB").getpixel((10, 10)) == (255, 0, 0)


@pytest.mark.parametrize("name, data, expected", [
    ("truncated.jpg", lambda: photos.jpeg(photos.upright("rocket"))[:400_000], "truncated or damaged"),
    ("notes.jpg", lambda: b"Remember to call the mayor's office back.\n" * 20, "is not an image"),
    ("bomb.png", lambda: photos.png_claiming(100_000, 100_000), "decompression bomb"),
    ("huge.png", lambda: photos.png_claiming(12_000, 9_000), "more than the 100 megapixel limit"),
    ("empty.jpg", lambda: b"", "is not an image"),
])
def test_a_file_that_cannot_be_published_is_an_error_naming_it(name, data, expected):
    with pytest.raises(BadImage) as caught:
        process_image(f"static/images/{name}", data(), FAST)
    problem = caught.value.problem
    assert problem.path == f"static/images/{name}" and not problem.warning
    assert expected in problem.message and problem.hint


def test_a_large_jpeg_is_decoded_reduced_when_that_is_still_wide_enough():
    big = open_image("big.jpg", photos.jpeg(photos.upright("coffee", (4400, 3300))), 100_000_000)
    assert decode("big.jpg", big, min_width=2048).size == (2200, 1650)  # 1/2 in the decoder
    exact = open_image("big.jpg", photos.jpeg(photos.upright("coffee", (4000, 3000))), 100_000_000)
    assert decode("big.jpg", exact, min_width=2048).size == (4000, 3000)  # 1/2 would be too small


# --- the share image and its focal point --------------------------------------------------------

@pytest.mark.parametrize("focus, box", [
    ("top", (0, 0, 4000, 2100)), ("bottom", (0, 900, 4000, 3000)), ("center", (0, 450, 4000, 2550)),
    ("0.5,0.3", (0, 0, 4000, 2100)), ("0.5,0.6", (0, 750, 4000, 2850)),
])
def test_the_share_image_is_1200x630_cropped_around_the_focus(astronaut, focus, box):
    made = process_image("static/images/a.jpg", photos.jpeg(astronaut), FAST,
                         parse_focus(focus, "content/stories/a.md"))
    share = opened(made.share)
    assert share.format == "JPEG" and share.size == (1200, 630) == (made.share.width, made.share.height)
    expected = astronaut.crop(box).resize((1200, 630), Image.Resampling.LANCZOS)
    assert photos.mean_difference(share, expected) < 3


def test_focus_values_an_editor_may_write():
    assert parse_focus("top", "s.md") == Focus(0.5, 0.0)
    assert parse_focus(" Left ", "s.md") == Focus(0.0, 0.5)
    assert parse_focus("0.25, 0.75", "s.md") == Focus(0.25, 0.75)
    assert parse_focus(None, "s.md") == Focus()


@pytest.mark.parametrize("value, expected", [("middle", "is not a focal point"),
                                             ("1.5,0.2", "outside the picture"), ("0.5", "is not a focal point")])
def test_a_focus_that_is_not_one_is_a_problem_with_a_hint(value, expected):
    problem = parse_focus(value, "content/stories/a.md", 6)
    assert isinstance(problem, Problem) and problem.field == "image_focus" and problem.line == 6
    assert expected in problem.message and problem.hint
