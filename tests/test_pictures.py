"""Pictures in a built site: a camera photo a story names comes out as <picture>/srcset, a share
image and a stripped copy, never as uploaded; a missing or broken one is an error of the story."""

from __future__ import annotations

import io
import re

import pytest
from conftest import photo, story, video
from PIL import Image

from newsdigest.errors import BuildError
from tests import photos


@pytest.fixture(scope="module")
def phone_photo() -> bytes:
    """A phone's camera-size photo: sideways with orientation 6, GPS, serial and owner's name."""
    return photos.rotated_phone_jpeg(photos.upright("astronaut"))


def lead_story(**fields) -> str:
    fields.setdefault("image", "/images/lead.jpg")
    fields.setdefault("image_alt", '"An astronaut in an orange suit"')
    return story("Launch day", **fields)


def test_a_lead_photo_is_a_picture_with_srcset_and_loads_first(make_site, phone_photo):
    site = make_site({"static/images/lead.jpg": phone_photo, "content/stories/a.md": lead_story()})
    site.build()
    page = site.read("stories/a/index.html")
    lead = page.split('<figure class="lead">')[1].split("</figure>")[0]
    assert lead.lstrip().startswith("<picture>") and 'type="image/webp"' in lead
    img = re.search(r"<img [^>]*>", lead).group(0)
    assert 'fetchpriority="high"' in img and 'loading="lazy"' not in img
    assert 'width="2048" height="1536"' in img and 'alt="An astronaut in an orange suit"' in img
    for url in re.findall(r"(/images/[^ \"]+) \d+w", lead):
        assert (site.out / url.lstrip("/")).is_file(), url
    home_lead = site.read("index.html").split('<article class="lead-story">')[1].split("</article>")[0]
    assert "<picture>" in home_lead and 'fetchpriority="high"' in home_lead  # the front page leads with it
    card = site.read("archive/2026/11/index.html").split('<li class="card">')[1].split("</li>")[0]
    assert 'loading="lazy"' in card and "<picture>" in card


def test_the_share_image_is_1200x630_with_its_size_and_large_previews_allowed(make_site, phone_photo):
    site = make_site({"static/images/lead.jpg": phone_photo,
                      "content/stories/a.md": lead_story(image_focus="top")})
    site.build()
    page = site.read("stories/a/index.html")
    url = re.search(r'<meta property="og:image" content="https://news.example.org/([^"]+)">', page).group(1)
    assert '<meta property="og:image:width" content="1200">' in page
    assert '<meta property="og:image:height" content="630">' in page
    assert '<meta name="robots" content="max-image-preview:large">' in page
    share = Image.open(site.out / url)
    assert share.format == "JPEG" and share.size == (1200, 630)


def test_no_picture_is_published_as_uploaded_and_no_gps_leaves(make_site, phone_photo):
    site = make_site({"static/images/lead.jpg": phone_photo, "content/stories/a.md": lead_story()})
    site.build()
    at_its_address = Image.open(site.out / "images/lead.jpg")
    assert at_its_address.size == (2048, 1536)  # upright, and no larger than the widest variant
    for path in site.out.rglob("*"):
        if path.suffix in (".jpg", ".webp", ".avif"):
            data = path.read_bytes()
            assert photos.SERIAL.encode() not in data and b"Jane Reporter" not in data, path
            assert not Image.open(io.BytesIO(data)).getexif(), path


def test_a_missing_picture_is_an_error_of_the_story_and_the_site_stays(make_site, phone_photo):
    site = make_site({"static/images/lead.jpg": phone_photo, "content/stories/a.md": lead_story()})
    site.build()
    before = site.read("stories/a/index.html")
    site.write({"content/stories/a.md": lead_story(image="/images/gone.jpg")})
    report = site.build()  # the reader holds the story back: the version published before stays
    assert report.held_back == ("content/stories/a.md",) and report.kept == ("content/stories/a.md",)
    assert [str(p) for p in report.warnings if not p.warning] == [
        "content/stories/a.md: image: the image /images/gone.jpg is not in the site "
        "(put the file at static/images/gone.jpg, or correct the address)"]
    assert site.read("stories/a/index.html") == before


def test_a_broken_picture_is_an_error_naming_the_story_and_the_file(make_site):
    site = make_site({"static/images/lead.jpg": photo()[:5000], "content/stories/a.md": lead_story()})
    with pytest.raises(BuildError) as caught:
        site.build()
    messages = [str(p) for p in caught.value.problems]
    assert any(m.startswith("content/stories/a.md: image: /images/lead.jpg is truncated or damaged")
               for m in messages), messages
    assert any(m.startswith("static/images/lead.jpg: is truncated or damaged") for m in messages)


def test_a_text_file_named_jpg_is_an_error(make_site):
    site = make_site({"static/images/lead.jpg": "not a photo", "content/stories/a.md": lead_story()})
    with pytest.raises(BuildError) as caught:
        site.build()
    assert any("/images/lead.jpg is not an image" in str(p) for p in caught.value.problems)


def test_a_lead_image_narrower_than_1200_is_a_warning(make_site):
    site = make_site({"static/images/lead.jpg": photo("jpg", (800, 600)), "content/stories/a.md": lead_story()})
    report = site.build()
    [warning] = [w for w in report.warnings if w.field == "image"]
    assert warning.path == "content/stories/a.md" and "only 800 pixels wide" in warning.message


def test_a_focus_that_is_not_one_is_an_error(make_site):
    site = make_site({"static/images/lead.jpg": photo(), "content/stories/a.md": lead_story(image_focus="middle")})
    with pytest.raises(BuildError) as caught:
        site.build()
    [problem] = [p for p in caught.value.problems if not p.warning]
    assert problem.path == "content/stories/a.md" and problem.field == "image_focus"


def test_a_video_thumbnail_is_a_picture_too(make_site):
    site = make_site({"static/thumbs/v.jpg": photo(), "content/stories/s.md": story(),
                      "content/videos/v.md": video("Clip", thumbnail="/thumbs/v.jpg")})
    site.build()
    card = site.read("stories/s/index.html").split('<li class="video-card">')[1].split("</li>")[0]
    assert "<picture>" in card and 'type="image/webp"' in card


def test_an_svg_with_script_is_an_error_and_a_clean_one_is_published_as_is(make_site):
    clean = '<svg xmlns="http://www.w3.org/2000/svg"><rect width="4" height="4"/></svg>'
    site = make_site({"static/images/clean.svg": clean, "content/stories/a.md": story()})
    site.build()
    assert site.read("images/clean.svg") == clean
    site.write({"static/images/bad.svg": '<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>'})
    with pytest.raises(BuildError) as caught:
        site.build()
    [problem] = caught.value.problems
    assert problem.path == "static/images/bad.svg" and "event handler (onload=)" in problem.message


def test_an_edit_re_encodes_no_picture_and_a_new_photo_only_itself(make_site, phone_photo):
    site = make_site({"static/images/lead.jpg": phone_photo, "static/images/other.jpg": photo(),
                      "content/stories/a.md": lead_story()})
    site.build()
    cache = site.root / ".newsdigest-cache" / "images"

    def entries():
        return {p.name: p.stat().st_mtime_ns for p in cache.glob("??/*")}
    first = entries()
    site.write({"content/stories/a.md": lead_story(summary='"Edited."')})
    site.build()
    assert entries() == first
    site.write({"static/images/other.jpg": photo("jpg", (1300, 975))})
    site.build()
    assert len(set(entries()) - set(first)) == 1


def test_check_reports_a_missing_picture_and_writes_no_site(make_site, capsys):
    site = make_site({"content/stories/a.md": lead_story(image="/images/gone.jpg")})
    assert site.cli("check") != 0
    out, err = capsys.readouterr()
    assert "content/stories/a.md: image: the image /images/gone.jpg is not in the site" in out + err
    assert not site.out.exists()


def test_edit_builds_and_photo_changes_give_exactly_a_build_from_scratch(make_site, tmp_path, monkeypatch):
    from test_incremental import assert_same_as_scratch

    import newsdigest.build.rebuild as rebuild
    site = make_site({"static/images/lead.jpg": photo(), "content/stories/a.md": lead_story(),
                      "content/stories/b.md": story("Plain", date="2026-11-19T09:00")})
    assert_same_as_scratch(site, tmp_path, "first build")

    def whole_build(*args, **kwargs):
        raise AssertionError("a whole build was made")
    monkeypatch.setattr(rebuild, "rebuild", whole_build)
    site.write({"content/stories/b.md": story("Plain, retitled", date="2026-11-19T09:00")})
    assert site.build().rendered > 0  # an edit build: the home page shows a's picture still
    monkeypatch.undo()
    assert_same_as_scratch(site, tmp_path, "after the edit build")
    site.write({"static/images/lead.jpg": photo("jpg", (1300, 975))})
    assert_same_as_scratch(site, tmp_path, "a new photo under the same name")
    assert "/images/lead." in site.read("index.html")
