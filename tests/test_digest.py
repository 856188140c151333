"""The daily digest: editions by the cut-off, their web pages, the feed of editions, and each
edition's email (email.html, email.txt, email.eml) checked with Python's email package."""

import email
import re
from datetime import datetime, timezone
from email import policy
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

import feedparser
import pytest
from conftest import SITE_TOML, images, story, video

from newsdigest.config import parse_config
from newsdigest.errors import BuildError
from newsdigest.render.email import GMAIL_CLIP_BYTES
from newsdigest.site.digest import closing_time, edition_day

BASE = "https://news.example.org/"
MORNING = SITE_TOML + 'towns = ["Millbrook", "Eastport"]\ndigest_cutoff = "06:00"\n'


@pytest.fixture
def digest_site(make_site):
    site = make_site({
        "site.toml": MORNING,
        # the edition of Nov 20 holds Nov 19 06:00 to Nov 20 05:59 (New York time)
        "content/stories/fire.md": story("Fire on Main", date="2026-11-19T21:53:00",
                                         tags="[fire, millbrook]", author='"Dana Whitcomb"',
                                         summary='"Two shops burned."', image="/images/fire.jpg"),
        "content/stories/ferry.md": story("Ferry schedule", date="2026-11-20T05:59:00", tags="[eastport]"),
        "content/stories/budget.md": story("Budget & vote", date="2026-11-19T06:00:00", tags="[politics]"),
        "content/stories/plain.md": story("Untagged note", date="2026-11-19T12:00:00"),
        "content/stories/early.md": story("Too early", date="2026-11-19T05:59:00", tags="[millbrook]"),
        "content/stories/next.md": story("Next day", date="2026-11-20T06:00:00", tags="[eastport]"),
        "content/videos/scene.md": video("Fire scene", date="2026-11-19T22:10:00", tags="[millbrook]"),
        **images("/images/fire.jpg"),  # a story's image must be a real picture in the site
    })
    site.build()
    return site


def test_an_edition_holds_the_24_hours_before_its_cutoff():
    config = parse_config({"title": "T", "base_url": BASE, "timezone": "America/New_York",
                           "digest_cutoff": "06:00"})
    at = lambda text: datetime.fromisoformat(text).replace(tzinfo=config.tz)  # noqa: E731
    assert edition_day(at("2026-11-19T06:00"), config).isoformat() == "2026-11-20"
    assert edition_day(at("2026-11-20T05:59"), config).isoformat() == "2026-11-20"
    assert edition_day(at("2026-11-20T06:00"), config).isoformat() == "2026-11-21"
    assert closing_time(at("2026-11-20T00:00").date(), config) == at("2026-11-20T06:00")
    midnight = parse_config({"title": "T", "base_url": BASE})  # the default: calendar days (UTC)
    assert edition_day(datetime(2026, 11, 20, 23, 59, tzinfo=timezone.utc), midnight).isoformat() == "2026-11-20"


def test_a_bad_cutoff_is_an_error(make_site):
    with pytest.raises(BuildError, match="digest_cutoff"):
        make_site({"site.toml": SITE_TOML + 'digest_cutoff = "6 am"\n'}).build()


def test_edition_page_groups_by_town_then_topic_with_the_days_videos(digest_site):
    page = digest_site.read("digest/2026-11-20/index.html")
    order = [page.index(s) for s in ('<a href="/towns/millbrook/">Millbrook</a></h2>', "/stories/fire/",
                                     '<a href="/towns/eastport/">Eastport</a></h2>', "/stories/ferry/",
                                     '<a href="/tags/politics/">Politics</a></h2>', "/stories/budget/",
                                     "More news</h2>", "/stories/plain/",
                                     "Videos</h2>", "/videos/scene/")]
    assert order == sorted(order)
    assert "/stories/early/" not in page and "/stories/next/" not in page
    assert "/stories/early/" in digest_site.read("digest/2026-11-19/index.html")


def test_an_edition_is_published_only_once_its_cutoff_has_passed(digest_site):
    # built at 07:00 New York time on Nov 25: the Nov 21 edition (the "next day" story) is out
    assert (digest_site.out / "digest/2026-11-21/index.html").is_file()
    site = digest_site.write({"content/stories/late.md": story("Late", date="2026-11-25T06:30:00")})
    site.build()
    assert not (site.out / "digest/2026-11-26").exists()
    site.build(build_time=datetime(2026, 11, 26, 11, 0, tzinfo=timezone.utc))  # 06:00 New York
    assert "/stories/late/" in site.read("digest/2026-11-26/index.html")


def test_the_index_lists_every_edition_newest_first(digest_site):
    index = digest_site.read("digest/index.html")
    assert index.index("/digest/2026-11-21/") < index.index("/digest/2026-11-20/") < index.index("/digest/2026-11-19/")


def test_the_feed_of_editions_carries_each_whole_edition_with_absolute_links(digest_site):
    feed = feedparser.parse(digest_site.read("digest/feed.xml"))
    assert not feed.bozo
    assert feed.feed.link == BASE + "digest/"
    entry = next(e for e in feed.entries if e.link == BASE + "digest/2026-11-20/")
    assert entry.title == "Test Gazette: Friday, November 20, 2026"
    assert entry.id == BASE + "digest/2026-11-20/"
    html = entry.content[0].value
    assert "Fire on Main" in html and "Budget &amp; vote" in html and 'style="' in html
    links = re.findall(r'(?:href|src)="([^"]+)"', html)
    assert links and all(link.startswith(BASE) for link in links)
    assert not any("?" in link for link in links)  # nothing that tracks readers by default


def test_email_eml_parses_into_a_text_part_and_an_html_part(digest_site):
    message = email.message_from_bytes((digest_site.out / "digest/2026-11-20/email.eml").read_bytes(),
                                       policy=policy.default)
    assert message["Subject"] == "Test Gazette: Friday, November 20, 2026"
    assert message.get_content_type() == "multipart/alternative"
    text = message.get_body(("plain",)).get_content().replace("\r\n", "\n")  # SMTP's line ends
    html = message.get_body(("html",)).get_content().replace("\r\n", "\n")
    assert text == digest_site.read("digest/2026-11-20/email.txt")
    assert html.rstrip("\n") == digest_site.read("digest/2026-11-20/email.html")
    assert "* Fire on Main" in text and BASE + "stories/fire/" in text


def test_email_eml_headers_in_spanish_read_back_as_written(make_site):
    # the Subject is free text (RFC 2047 words where it is not ASCII); From is an address
    toml = SITE_TOML.replace('title = "Test Gazette"', 'title = "Gaceta de Peñíscola y Añón"')
    site = make_site({"site.toml": toml.replace('"en-US"', '"es"') + 'digest_from = "Redacción Núñez <boletin@example.org>"\n',
                      "content/stories/a.md": story("Incendio en la calle Mayor", date="2026-11-19T21:53:00")})
    site.build()
    raw = (site.out / "digest/2026-11-19/email.eml").read_bytes()
    assert raw.isascii() and all(len(line) <= 78 for line in raw.split(b"\r\n\r\n")[0].split(b"\r\n"))
    message = email.message_from_bytes(raw, policy=policy.default)
    # after a colon Spanish writes the weekday in lower case; the email's own date line starts with it
    assert message["Subject"] == "Gaceta de Peñíscola y Añón: jueves, 19 de noviembre de 2026"
    html = message.get_body(("html",)).get_content()
    assert "Jueves, 19 de noviembre de 2026" in html
    assert message["From"].addresses[0].display_name == "Redacción Núñez"
    assert message["From"].addresses[0].addr_spec == "boletin@example.org"
    assert message["Message-ID"] == "<digest-2026-11-19@news.example.org>"
    assert "Incendio en la calle Mayor" in message.get_body(("plain",)).get_content()
    assert "Incendio en la calle Mayor" in message.get_body(("html",)).get_content()


def test_email_html_is_tables_with_inline_styles_and_sized_images(digest_site):
    html = digest_site.read("digest/2026-11-20/email.html")
    body = html.split("<body", 1)[1]
    assert "<table" in body and 'role="presentation"' in body
    assert "class=" in body and 'style="' in body
    assert "max-width: 600px" in body
    head = html.split("</head>", 1)[0]
    assert "prefers-color-scheme: dark" in head and 'content="light dark"' in head
    for img in re.findall(r"<img [^>]*>", body):
        assert re.search(r'width="\d+"', img) and re.search(r'height="\d+"', img)
        assert f'src="{BASE}' in img
    assert len(html.encode()) < GMAIL_CLIP_BYTES


class _Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.found = []

    def handle_starttag(self, tag, attrs):
        self.found += [v for k, v in attrs if k in ("href", "src") and v]


def _resolves(out: Path, url: str) -> bool:
    path = urlsplit(url).path.lstrip("/")
    return (out / (path + "index.html" if path.endswith("/") or not path else path)).is_file()


def test_every_link_of_every_edition_resolves_to_a_published_page(digest_site):
    out, checked = digest_site.out, 0
    for edition in sorted(out.glob("digest/20*/")):
        parser = _Links()
        parser.feed((edition / "email.html").read_text(encoding="utf-8"))
        urls = parser.found + re.findall(r"https://\S+", (edition / "email.txt").read_text(encoding="utf-8"))
        for url in urls:
            assert url.startswith(BASE) and _resolves(out, url), f"{edition.name}: {url}"
            checked += 1
    assert checked > 20


def test_link_params_are_added_only_when_the_site_asks(make_site):
    site = make_site({"site.toml": MORNING + 'digest_link_params = "?utm_source=digest&utm_medium=email"\n',
                      "content/stories/fire.md": story("Fire", date="2026-11-19T09:30:00", tags="[millbrook]")})
    site.build()
    html = site.read("digest/2026-11-20/email.html")
    links = re.findall(r'href="([^"]+)"', html)
    assert links and all(link.endswith("?utm_source=digest&amp;utm_medium=email") for link in links)
    assert "?utm_source=digest&utm_medium=email" in site.read("digest/2026-11-20/email.txt")
    assert "utm_source" not in site.read("digest/2026-11-20/index.html")  # the web page stays clean


def test_a_60_story_day_stays_under_gmails_clip(make_site):
    files = {"site.toml": MORNING}
    for n in range(60):
        files[f"content/stories/s{n:02d}.md"] = story(
            f"A fairly long headline for story number {n} about the select board", tags=f"[{['millbrook', 'eastport', 'fire', 'schools'][n % 4]}]",
            date=f"2026-11-19T{7 + n // 4:02d}:{n % 4 * 10:02d}:00", author='"Dana Whitcomb"',
            summary='"' + "A summary of a sentence or two, as editors write them for the front page. " * 2 + '"',
            image="/images/x.jpg")
    files.update(images("/images/x.jpg"))
    for n in range(10):
        files[f"content/videos/v{n}.md"] = video(f"Video {n}", date=f"2026-11-19T{8 + n:02d}:00:00")
    site = make_site(files)
    site.build()
    size = (site.out / "digest/2026-11-20/email.html").stat().st_size
    assert site.read("digest/2026-11-20/email.html").count("/stories/s") >= 60  # every story, linked
    assert size < GMAIL_CLIP_BYTES, f"{size} bytes"
