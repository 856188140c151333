"""The default theme, without a browser: its words in the site's language, the brand settings
and their contrast check, icons, the front page, the player and the new front-matter fields."""

from __future__ import annotations

import io
import re
import tomllib
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from conftest import images, story, video
from sample_site import REPO, SAMPLE_BUILD_TIME, sample_copy

from newsdigest import THEME_DIR
from newsdigest.build.engine import BuildOptions, build, load_site
from newsdigest.config import contrast
from newsdigest.errors import BuildError


def flat(path: Path) -> dict[str, str]:
    found: dict[str, str] = {}

    def walk(table: dict, prefix: str) -> None:
        for key, value in table.items():
            if isinstance(value, dict):
                walk(value, f"{prefix}{key}.")
            else:
                found[prefix + key] = value
    walk(tomllib.loads(path.read_text(encoding="utf-8")), "")
    return found


ENGLISH = flat(THEME_DIR / "i18n" / "en.toml")
SPANISH = flat(THEME_DIR / "i18n" / "es.toml")


class ThemeText(HTMLParser):
    """The words a page shows or says: text (outside story bodies and transcripts, which are
    content) and the attributes screen readers and browsers read out."""

    SPOKEN = ("aria-label", "title", "alt", "data-copied", "data-copy-failed", "label")

    def __init__(self, text: str):
        super().__init__(convert_charrefs=True)
        self.pieces: list[str] = []
        self.stack: list[bool] = []  # per open div/section: is it content?
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag in ("div", "section"):
            self.stack.append(bool({"story-body", "transcript"} & set((attrs.get("class") or "").split())))
        if tag not in ("link", "meta", "script"):
            self.pieces += [attrs[a] for a in self.SPOKEN if attrs.get(a)]

    def handle_endtag(self, tag):
        if tag in ("div", "section") and self.stack:
            self.stack.pop()

    def handle_data(self, data):
        if not any(self.stack) and data.strip() and self.lasttag not in ("script", "style"):
            self.pieces.append(data.strip())


def phrase(english: str) -> re.Pattern:
    """A theme string as a pattern: its placeholders match anything, whole words only."""
    parts = [re.escape(p) for p in re.split(r"\{[a-z_]+\}", english)]
    return re.compile(r"(?<!\w)" + ".+?".join(parts).strip() + r"(?!\w)")


def content_strings(root: Path) -> list[str]:
    """Everything an editor wrote that the chrome repeats: titles, deks, names, captions."""
    model, _ = load_site(BuildOptions(root, out=root / "site", build_time=SAMPLE_BUILD_TIME))
    found = [model.config.title, model.config.description]
    for item in (*model.stories, *model.videos):
        found += [item.title, *item.tag_names, *getattr(item, "authors", ()),
                  getattr(item, "summary", ""), getattr(item, "image_caption", ""),
                  getattr(item, "image_alt", ""), *(c.text for c in getattr(item, "corrections", ()))]
        if getattr(item, "media_url", ""):
            found.append(urlsplit(item.media_url).netloc)  # "Watch on video.example.org"
    found += [tag.name for tag in model.tags.values()]
    for author in model.authors.values():  # a profile's bio is the reporter's own words
        profile = author.profile
        found += [author.name, *(profile.body.split("\n") if profile else ())]
    return sorted({s for s in found if s}, key=len, reverse=True)


@pytest.fixture(scope="module")
def spanish_sample(tmp_path_factory) -> Path:
    config = (REPO / "site.toml").read_text(encoding="utf-8")
    assert 'language = "en-US"' in config
    root = sample_copy(tmp_path_factory.mktemp("es") / "root",
                       config.replace('language = "en-US"', 'language = "es-US"'))
    report = build(BuildOptions(root, out=root / "site", build_time=SAMPLE_BUILD_TIME))
    assert not [w for w in report.warnings if "translation" in w.message]
    return root


def test_spanish_sample_site_shows_none_of_the_english_theme_strings(spanish_sample):
    checks = {key: phrase(text) for key, text in ENGLISH.items()
              if not key.startswith("format.") and text != SPANISH[key]}
    content = content_strings(spanish_sample)
    found, pages = [], sorted((spanish_sample / "site").rglob("*.html"))
    assert len(pages) > 70
    for page in pages:
        html = page.read_text(encoding="utf-8")
        assert '<html lang="es-US"' in html
        for piece in ThemeText(html).pieces:
            for text in content:
                piece = piece.replace(text, " ")
            found += [f"{page.relative_to(spanish_sample)}: {key} in {piece!r}"
                      for key, pattern in checks.items() if pattern.search(piece)]
        shown = " ".join(ThemeText(html).pieces)
        found += [f"{page.name}: English date {m.group()!r}" for m in
                  re.finditer(r"\b(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{1,2}, \d{4}|\d (?:AM|PM)\b", shown)]
    assert found == [], "\n".join(found)


def test_spanish_pages_have_spanish_dates_and_words(spanish_sample):
    page = (spanish_sample / "site/stories/millbrook-main-street-fire/index.html").read_text(encoding="utf-8")
    assert ('Publicado <time datetime="2026-11-19T21:53:00-05:00" data-pagefind-sort="date[datetime]">19 nov 2026, 9:53 p.\u00a0m. '
            '(hora estándar oriental)</time>') in page
    assert ">Compartir<" in page and "Más de Harbor &amp; Hills Digest" in page
    assert "Noviembre de 2026" in (spanish_sample / "site/archive/index.html").read_text(encoding="utf-8")


def test_english_dates_are_labelled_with_their_time_zone(make_site):
    site = make_site({"content/stories/a.md": story(date="2026-11-19T21:53:00")})
    site.build()
    assert 'Published <time datetime="2026-11-19T21:53:00-05:00" data-pagefind-sort="date[datetime]">Nov 19, 2026, 9:53 PM EST</time>' \
        in site.read("stories/a/index.html")


def test_a_site_overrides_a_string_and_a_missing_key_falls_back_to_english_with_a_warning(make_site):
    site = make_site({
        "site.toml": 'title = "T"\nbase_url = "https://n.example/"\nlanguage = "fr"\n',
        "i18n/fr.toml": '[nav]\nlatest = "À la une"\nskip = "Aller au contenu"\n[story]\nshare = "Partager"\n',
        "content/stories/a.md": story()})
    report = site.build()
    page = site.read("stories/a/index.html")
    assert ">À la une<" in page and ">Partager<" in page and "Aller au contenu" in page
    assert ">Videos<" in page  # not translated: English
    missing = {w.field for w in report.warnings if "no 'fr' translation" in w.message}
    assert "nav.videos" in missing and "nav.latest" not in missing
    assert all(w.path == "i18n/fr.toml" for w in report.warnings if w.field in missing)


def test_a_site_can_reword_english_too(make_site):
    site = make_site({"i18n/en.toml": '[home]\nvideos = "Watch now"\n', "content/stories/a.md": story(),
                      "content/videos/v.md": video()})
    report = site.build()
    assert ">Watch now<" in site.read("index.html")
    assert not report.warnings


@pytest.mark.parametrize("setting, value", [("header_text", "#6b7280"), ("link", "#7aa7d6"),
                                            ("accent", "#f59e0b"), ("header_background", "#5b7fa6")])
def test_a_colour_pair_under_wcag_aa_is_an_error_naming_the_setting(make_site, setting, value):
    site = make_site({"site.toml": f'title = "T"\nbase_url = "https://n.example/"\n[theme]\n{setting} = "{value}"\n'})
    with pytest.raises(BuildError) as error:
        site.build()
    assert f"theme.{setting}" in str(error.value) and "4.5:1" in str(error.value)


def test_contrast_ratio_matches_wcag():
    assert round(contrast("#000000", "#ffffff"), 1) == 21.0
    assert round(contrast("#777777", "#ffffff"), 2) == 4.48


def test_brand_colours_are_custom_properties(make_site):
    site = make_site({"site.toml": 'title = "T"\nbase_url = "https://n.example/"\n[theme]\naccent = "#1d4ed8"\n'
                                   'header_background = "#ffffff"\nheader_text = "#111111"\nlink = "#9a3412"\n',
                      "content/stories/a.md": story()})
    site.build()
    page = site.read("index.html")
    assert "--accent:#1d4ed8;--link-light:#9a3412;--header-bg:#ffffff;--header-text:#111111" in page
    css = site.read("assets/site.css")
    assert "@media (prefers-color-scheme: dark)" in css and '<meta name="color-scheme" content="light dark">' in page
    rules = re.sub(r":root \{[^}]*\}", "", css)  # outside the variables, no brand colour is written out
    for default in ("#0b2545", "#b3261e", "#0b5394"):
        assert default in css and default not in rules
    for name in ("--accent", "--link", "--header-bg", "--header-text", "--bg", "--text"):
        assert f"var({name})" in rules


def test_unknown_theme_setting_is_an_error(make_site):
    site = make_site({"site.toml": 'title = "T"\nbase_url = "https://n.example/"\n[theme]\naccents = "#000000"\n'})
    with pytest.raises(BuildError, match="theme.accents"):
        site.build()


def _png(size: tuple[int, int], color="#aa0000") -> bytes:
    from PIL import Image
    out = io.BytesIO()
    Image.new("RGB", size, color).save(out, "PNG")
    return out.getvalue()


@pytest.mark.parametrize("logo", ["svg", "png"])
def test_icons_are_made_from_the_logo(make_site, logo):
    from PIL import Image
    data = _png((400, 100)) if logo == "png" else \
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 400 100"><rect width="400" height="100" fill="#a00"/></svg>'
    site = make_site({"site.toml": f'title = "T"\nbase_url = "https://n.example/"\n[theme]\nlogo = "/images/logo.{logo}"\n',
                      f"static/images/logo.{logo}": data, "content/stories/a.md": story()})
    site.build()
    page = site.read("index.html")
    assert f'<img src="/images/logo.{logo}" alt="T" width="400" height="100">' in page
    assert '<link rel="icon" href="/favicon.ico" sizes="48x48">' in page
    assert '<link rel="apple-touch-icon" href="/apple-touch-icon.png">' in page
    for name, size in (("apple-touch-icon.png", 180), ("icon-192.png", 192), ("icon-512.png", 512)):
        with Image.open(site.out / name) as image:
            assert image.size == (size, size)
            assert image.convert("RGB").getpixel((size // 2, size // 2)) == (170, 0, 0)  # the logo's colour
    with Image.open(site.out / "favicon.ico") as ico:
        assert {(16, 16), (32, 32), (48, 48)} <= set(ico.info["sizes"])


def test_a_site_without_a_logo_still_has_every_icon(make_site):
    site = make_site({"content/stories/a.md": story()})
    site.build()
    for name in ("favicon.ico", "apple-touch-icon.png", "icon-192.png", "icon-512.png", "assets/logo.svg"):
        assert (site.out / name).stat().st_size > 100
    assert '<link rel="icon" href="/assets/logo.svg" type="image/svg+xml">' in site.read("index.html")


def test_a_missing_logo_is_an_error_naming_the_setting(make_site):
    site = make_site({"site.toml": 'title = "T"\nbase_url = "https://n.example/"\n[theme]\nlogo = "/nope.svg"\n'})
    with pytest.raises(BuildError, match="theme.logo"):
        site.build()


def test_home_page_leads_with_the_newest_story_then_secondary_videos_sections_and_the_rest(make_site):
    files = {"site.toml": 'title = "T"\nbase_url = "https://n.example/"\npage_size = 6\n'
                          'home_sections = ["fire", "nothing"]\n'}
    files.update({f"content/stories/s{i}.md": story(f"Story {i}", date=f"2026-11-1{i}T10:00", summary='"Dek."',
                                                   tags="[fire]" if i < 3 else "[town]",
                                                   **({"image": "/a.svg", "image_alt": "A"} if i == 7 else {}))
                  for i in range(9)})
    files["content/videos/v.md"] = video("Clip")
    files.update(images("/a.svg"))
    site = make_site(files)
    report = site.build()
    page = site.read("index.html")
    lead = page.split('<article class="lead-story">')[1].split("</article>")[0]
    assert "Story 8" in lead and "Dek." in lead  # the newest story leads
    secondary = page.split('<ol class="secondary">')[1].split("</ol>")[0]
    assert re.findall(r">(Story \d)<", secondary) == ["Story 7", "Story 6", "Story 5"]
    assert 'src="/a.svg"' in secondary
    assert "Latest videos" in page and ">Clip<" in page
    section = page.split('id="section-fire"')[1].split("</section>")[0]
    assert re.findall(r">(Story \d)<", section) == ["Story 2", "Story 1", "Story 0"]  # not on page 1 already
    latest = re.findall(r">(Story \d)<", page.split('id="latest-heading"')[1].split("</section>")[0])
    assert latest == ["Story 4", "Story 3"]
    assert any(w.field == "home_sections" and "nothing" in w.message for w in report.warnings)


def test_typographer_makes_smart_quotes_and_dashes_but_not_in_code(make_site):
    site = make_site({"content/stories/a.md": story(body='"Fire," he said -- it\'s out... `"x" -- y`')})
    site.build()
    page = site.read("stories/a/index.html")
    assert "<p>“Fire,” he said – it’s out… <code>&quot;x&quot; -- y</code></p>" in page


def test_youtube_and_vimeo_become_click_to_load_embeds(make_site):
    site = make_site({"content/videos/y.md": video("Y", url="https://www.youtube.com/watch?v=abcDEF12345"),
                      "content/videos/m.md": video("M", url="https://vimeo.com/123456789", thumbnail="/t.svg"),
                      **images("/t.svg")})
    site.build()
    page = site.read("videos/y/index.html")
    assert 'data-embed="https://www.youtube-nocookie.com/embed/abcDEF12345?autoplay=1"' in page
    assert '<a class="play" href="https://www.youtube.com/watch?v=abcDEF12345">' in page
    assert "<iframe" not in page and 'src="/assets/video-thumbnail.svg"' in page
    assert page.index('class="player') < page.index("<h1>")  # the player first
    vimeo = site.read("videos/m/index.html")
    assert 'data-embed="https://player.vimeo.com/video/123456789?autoplay=1&amp;dnt=1"' in vimeo
    assert '<img src="/t.svg" alt="" width="1280" height="720"' in vimeo


def test_hosted_video_has_caption_tracks_and_a_transcript(make_site):
    site = make_site({"content/videos/v.md": video(
        "V", url="https://media.example.org/v.mp4",
        captions="{en: /captions/v.en.vtt, es-US: /captions/v.es.vtt}",
        transcript='"First line.\\n\\nSecond <line>."')})
    site.build()
    page = site.read("videos/v/index.html")
    assert '<track kind="captions" src="/captions/v.en.vtt" srclang="en" label="English" default>' in page
    assert '<track kind="captions" src="/captions/v.es.vtt" srclang="es-US" label="Spanish (United States)">' in page
    transcript = page.split('<section class="transcript"')[1].split("</section>")[0]
    assert "<p>First line.</p>" in transcript and "<p>Second &lt;line&gt;.</p>" in transcript


@pytest.mark.parametrize("captions, message", [
    ("/c.vtt", "expected a language and a file"),
    ("{english: /c.vtt}", "not a language tag"),
    ("{en: /c.srt}", "expected a WebVTT file"),
    ("{en: 'javascript:alert(1).vtt'}", "not a web address"),
])
def test_bad_captions_are_errors(make_site, captions, message):
    site = make_site({"content/videos/v.md": video(captions=captions)})
    with pytest.raises(BuildError, match=message):
        site.build()


def test_a_story_can_lead_with_a_video(make_site):
    site = make_site({
        "content/stories/a.md": story(lead_video="clip", image="/photo.svg", image_alt="A photo"),
        "content/videos/clip.md": video("Clip", url="https://youtu.be/abcDEF12345", thumbnail="/poster.svg"),
        **images("/photo.svg", "/poster.svg")})
    site.build()
    page = site.read("stories/a/index.html")
    assert 'data-embed="https://www.youtube-nocookie.com/embed/abcDEF12345?autoplay=1"' in page
    assert '<img src="/poster.svg" alt="" width="1280" height="720" fetchpriority="high">' in page
    assert "/photo.svg" not in page.split("</head>")[1].split('class="rail"')[0]
    assert '<meta property="og:image" content="https://news.example.org/poster.svg">' in page
    site.write({"content/stories/a.md": story(lead_video="clip")})  # no image: the poster leads the home page
    site.build()
    home = site.read("index.html").split('<article class="lead-story">')[1]
    assert 'src="/poster.svg"' in home.split("</article>")[0]


def test_an_unknown_lead_video_is_a_warning_and_the_image_leads(make_site):
    site = make_site({"content/stories/a.md": story(lead_video="nope", image="/photo.svg", image_alt="A"),
                      **images("/photo.svg")})
    report = site.build()
    assert any(w.field == "lead_video" for w in report.warnings)
    assert '<img src="/photo.svg" alt="A" width="1200" height="675" fetchpriority="high"' in site.read("stories/a/index.html")


def test_new_scaffolds_name_the_new_fields(make_site):
    site = make_site({})
    assert site.cli("new", "--video", "A clip") == 0
    assert site.cli("new", "A story") == 0
    text = "".join(p.read_text(encoding="utf-8") for p in (site.root / "content").rglob("*.md"))
    assert "lead_video:" in text and "captions:" in text and "transcript:" in text


def test_a_video_elsewhere_is_a_link_out_over_its_poster(make_site):
    site = make_site({"content/videos/v.md": video("V", url="https://video.example.org/v", thumbnail="/t.svg"),
                      **images("/t.svg")})
    site.build()
    page = site.read("videos/v/index.html")
    assert '<a class="play" href="https://video.example.org/v">' in page and "data-embed" not in page
    assert "Watch on video.example.org<span class=\"visually-hidden\">: V</span>" in page


def test_one_instant_in_two_zones_is_shown_in_each_zone(tmp_path):
    """Equal aware datetimes (one instant) must not share a formatted text: the memo of dates
    once gave a story in UTC the text of one in New York, depending on which came first."""
    from datetime import datetime, timezone
    from zoneinfo import ZoneInfo

    from newsdigest.render.i18n import load_translations
    t = load_translations(tmp_path, "en-US")
    eastern = datetime(2026, 10, 8, 7, 0, tzinfo=ZoneInfo("America/New_York"))
    utc = eastern.astimezone(timezone.utc)
    assert eastern == utc
    assert t.published(eastern) == "Oct 8, 2026, 7:00 AM EDT"
    assert t.published(utc) == "Oct 8, 2026, 11:00 AM UTC"
