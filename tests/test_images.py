"""Image processing on real photographs at camera size: every output read back with Pillow."""

from __future__ import annotations

import io
from html.parser import HTMLParser
from pathlib import Path

import pytest
from PIL import Image

from newsdigest.images import (BadImage, Focus, ImageCache, ImageJob, ImageSettings, check_svg,
                               lead_image_warning, parse_focus, picture, process_all)
from newsdigest.images.decode import decode, open_image
from newsdigest.images.model import avif_available
from newsdigest.images.process import process_image
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
    assert small.warnings == ()  # a logo may be small: only a lead image is warned about
    warning = lead_image_warning(small)
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


# --- the cache: a rebuild re-encodes only what changed -----------------------------------------

def write_photos(folder: Path, names=("astronaut", "coffee", "rocket"), size=(2000, 1500)) -> list[ImageJob]:
    folder.mkdir(parents=True, exist_ok=True)
    jobs = []
    for name in names:
        (folder / f"{name}.jpg").write_bytes(photos.jpeg(photos.upright(name, size),
                                                         exif=photos.private_exif()))
        jobs.append(ImageJob(f"static/images/{name}.jpg", folder / f"{name}.jpg"))
    return jobs


def encoded(outcomes) -> list[str]:
    return [o.job.src_path for o in outcomes if o.encoded]


def test_a_rebuild_with_nothing_changed_re_encodes_nothing(tmp_path):
    jobs = write_photos(tmp_path / "static")
    first = process_all(jobs, ImageCache(tmp_path / "cache"), FAST, workers=2)
    assert len(encoded(first)) == 3 and all(o.problem is None for o in first)
    again = process_all(jobs, ImageCache(tmp_path / "cache"), FAST, workers=2)
    assert encoded(again) == []
    assert [o.image_set for o in again] == [o.image_set for o in first]


def test_the_same_photo_under_two_names_is_encoded_once_and_each_keeps_its_name(tmp_path):
    [job] = write_photos(tmp_path / "static", ("coffee",))
    copy = tmp_path / "static" / "copy.jpg"
    copy.write_bytes(job.file.read_bytes())
    twin = ImageJob("static/images/copy.jpg", copy)
    first = process_all([job, twin], ImageCache(tmp_path / "cache"), FAST, workers=2)
    assert encoded(first) == [job.src_path]
    names = [{o.image_set.file_name(v) for v in o.image_set.variants} for o in first]
    assert all(n.startswith("coffee.") for n in names[0]) and all(n.startswith("copy.") for n in names[1])
    # a rename: the cache's set (stored as coffee.jpg) comes back named as a build without it names it
    renamed = process_all([twin], ImageCache(tmp_path / "cache"), FAST)
    uncached = process_all([twin], ImageCache(tmp_path / "fresh"), FAST)
    assert encoded(renamed) == [] and renamed[0].image_set == uncached[0].image_set


def test_a_changed_photo_re_encodes_only_itself(tmp_path):
    jobs = write_photos(tmp_path / "static")
    cache = ImageCache(tmp_path / "cache")
    process_all(jobs, cache, FAST, workers=1)
    jobs[1].file.write_bytes(photos.jpeg(photos.upright("chelsea", (2000, 1500))))
    assert encoded(process_all(jobs, ImageCache(tmp_path / "cache"), FAST, workers=1)) == [jobs[1].src_path]


def test_new_settings_or_a_new_focus_re_encode(tmp_path):
    [job] = write_photos(tmp_path / "static", ("coffee",))
    cache = ImageCache(tmp_path / "cache")
    process_all([job], cache, FAST)
    assert encoded(process_all([job], cache, ImageSettings(modern_formats=("webp",), jpeg_quality=70)))
    assert encoded(process_all([ImageJob(job.src_path, job.file, Focus(0.5, 0.0))], cache, FAST))


def test_what_the_cache_returns_is_what_was_encoded(tmp_path):
    [job] = write_photos(tmp_path / "static", ("rocket",))
    cache = ImageCache(tmp_path / "cache")
    [outcome] = process_all([job], cache, FAST)
    direct = process_image(job.src_path, job.file.read_bytes(), FAST)
    assert cache.get(outcome.image_set.key) == direct


KILLER = """
import os, signal, sys
from pathlib import Path
from newsdigest.images import ImageCache, ImageJob, ImageSettings, process_all
writes = []
original = Path.write_bytes
def write_then_die(self, data):
    writes.append(self)
    if len(writes) == int(sys.argv[3]):
        original(self, data[: len(data) // 2])
        os.kill(os.getpid(), signal.SIGKILL)  # killed mid-write: no cleanup runs
    return original(self, data)
Path.write_bytes = write_then_die
process_all([ImageJob("static/images/a.jpg", Path(sys.argv[1]))], ImageCache(Path(sys.argv[2])),
            ImageSettings(modern_formats=("webp",)), workers=1)
"""


@pytest.mark.parametrize("die_at_write", [1, 5, 13])
def test_a_build_killed_mid_write_leaves_no_partial_file(tmp_path, die_at_write):
    import subprocess
    import sys
    [job] = write_photos(tmp_path / "static", ("astronaut",), size=(1600, 1200))
    cache_dir = tmp_path / "cache"
    run = subprocess.run([sys.executable, "-c", KILLER, str(job.file), str(cache_dir), str(die_at_write)],
                         cwd=REPO, capture_output=True)
    assert run.returncode == -9, run.stderr
    outside_temp = [p for p in cache_dir.rglob("*") if p.is_file() and "tmp" not in p.parts
                    and p.name != "sources.json"]
    assert outside_temp == []
    cache = ImageCache(cache_dir)
    [outcome] = process_all([job], cache, FAST)
    assert outcome.encoded and outcome.problem is None
    cache.sweep_temp(older_than=0)
    assert list(cache.temp.iterdir()) == []


def test_a_failure_while_storing_leaves_nothing_behind(tmp_path, monkeypatch):
    [job] = write_photos(tmp_path / "static", ("coffee",), size=(1600, 1200))
    original = Path.write_bytes
    calls = []

    def disk_full(self, data):
        calls.append(self)
        if len(calls) == 4:
            raise OSError(28, "No space left on device")
        return original(self, data)
    monkeypatch.setattr(Path, "write_bytes", disk_full)
    with pytest.raises(OSError):
        process_all([job], ImageCache(tmp_path / "cache"), FAST)
    assert [p for p in (tmp_path / "cache").rglob("*") if p.is_file() and p.name != "sources.json"] == []


# --- many images at once ---------------------------------------------------------------------

def test_missing_and_broken_files_are_problems_and_the_rest_are_made(tmp_path):
    [good] = write_photos(tmp_path / "static", ("chelsea",), size=(1600, 1200))
    (tmp_path / "static" / "notes.jpg").write_text("not a photo")
    jobs = [ImageJob("static/images/gone.jpg", tmp_path / "static" / "gone.jpg"), good,
            ImageJob("static/images/notes.jpg", tmp_path / "static" / "notes.jpg")]
    gone, made, notes = process_all(jobs, ImageCache(tmp_path / "cache"), FAST, workers=2)
    assert str(gone.problem) == "static/images/gone.jpg: is missing (check the file's name and folder)"
    assert made.problem is None and made.image_set.widths() == (320, 480, 640, 960, 1280, 1600)
    assert notes.problem.path == "static/images/notes.jpg" and "not an image" in notes.problem.message


# --- the markup ------------------------------------------------------------------------------

class Tags(HTMLParser):
    def __init__(self, markup: str):
        super().__init__()
        self.tags: list[tuple[str, dict]] = []
        self.feed(markup)

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))


def test_the_picture_offers_modern_formats_first_with_srcset_sizes_and_dimensions(phone_set):
    markup = picture(phone_set, "/images/", alt='Fire on "Main" St', sizes="(min-width: 50em) 48em, 100vw")
    tags = Tags(markup).tags
    assert [t for t, _ in tags] == ["picture"] + ["source"] * (len(phone_set.variants) // 7 - 1) + ["img"]
    types = [a["type"] for t, a in tags if t == "source"]
    assert types == (["image/avif"] if avif_available() else []) + ["image/webp"]
    img = tags[-1][1]
    assert (img["width"], img["height"]) == ("2048", "1536") and img["alt"] == 'Fire on "Main" St'
    assert img["src"] == "/images/" + phone_set.file_name(phone_set.of_format("jpeg")[3])  # 960
    assert img["srcset"].split(", ")[0].endswith(".320.jpg 320w")
    assert img["srcset"].split(", ")[-1].endswith(".2048.jpg 2048w")
    assert all(a["sizes"] == "(min-width: 50em) 48em, 100vw" for t, a in tags if t in ("source", "img"))


def test_the_first_image_loads_at_once_and_the_others_lazily(phone_set):
    first = Tags(picture(phone_set, "/images", alt="", eager=True)).tags[-1][1]
    later = Tags(picture(phone_set, "/images", alt="")).tags[-1][1]
    assert first.get("fetchpriority") == "high" and "loading" not in first
    assert later.get("loading") == "lazy" and "fetchpriority" not in later


def test_variant_names_change_with_the_photo(phone_set, astronaut):
    other = process_image("static/images/phone.jpg", photos.jpeg(astronaut), FAST)
    assert phone_set.file_name(phone_set.largest()) != other.file_name(other.largest())
    assert phone_set.file_name(phone_set.largest()).startswith("phone.")


# --- SVG ---------------------------------------------------------------------------------------

SVG = '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" viewBox="0 0 10 10">\n{}\n</svg>'


def test_every_svg_of_the_sample_site_is_clean():
    svgs = sorted((REPO / "static").rglob("*.svg"))
    assert svgs and all(check_svg(str(p), p.read_bytes()) == () for p in svgs)


def test_a_clean_svg_with_gradients_and_inner_links_passes():
    clean = SVG.format('<defs><linearGradient id="g"/></defs><rect fill="url(#g)" style="stroke:url(#g)"/>'
                       '<use href="#g"/><use xlink:href="#g"/><a href="#top"><text>Hi</text></a>')
    assert check_svg("static/images/clean.svg", clean.encode()) == ()


@pytest.mark.parametrize("inside, expected", [
    ("<script>alert(document.cookie)</script>", "has a script"),
    ('<rect onload="alert(1)"/>', "event handler (onload=)"),
    ('<a href="javascript:alert(1)"><text>x</text></a>', "javascript: link"),
    ('<a xlink:href=" JaVa\tScRiPt:alert(1)"><text>x</text></a>', "javascript: link"),
    ('<set attributeName="href" to="javascript:alert(1)"/>', "javascript: link"),
    ('<image href="https://tracker.example/pixel.png"/>', "refers to another file or site"),
    ('<use xlink:href="other.svg#icon"/>', "refers to another file or site"),
    ('<rect style="fill:url(https://x.example/p.svg#g)"/>', "refers to another file or site"),
    ("<style>@import url(https://x.example/a.css);</style>", "@import"),
    ("<foreignObject><div xmlns='http://www.w3.org/1999/xhtml'>x</div></foreignObject>", "foreignObject"),
])
def test_an_svg_that_could_run_script_or_load_something_is_an_error(inside, expected):
    problems = check_svg("static/images/bad.svg", SVG.format(inside).encode())
    assert problems and all(p.path == "static/images/bad.svg" and p.line == 2 for p in problems)
    assert any(expected in p.message for p in problems), problems


def test_an_svg_declaring_entities_is_refused_unparsed():
    bomb = b'<?xml version="1.0"?><!DOCTYPE s [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;">]><svg>&b;</svg>'
    [problem] = check_svg("static/images/lol.svg", bomb)
    assert "entities" in problem.message


def test_an_svg_that_is_not_xml_is_an_error():
    [problem] = check_svg("static/images/half.svg", b"<svg><rect")
    assert "not well-formed" in problem.message
