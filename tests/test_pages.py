"""What the pages say: article, rail, video page, lists, tags, archive, overrides."""

import re
from html.parser import HTMLParser
from urllib.parse import parse_qs, urlsplit

from conftest import images, story, video


class Elements(HTMLParser):
    """Every start tag with its attributes, in order."""

    def __init__(self, text: str):
        super().__init__()
        self.found: list[tuple[str, dict]] = []
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        self.found.append((tag, dict(attrs)))

    def all(self, tag: str, **attrs) -> list[dict]:
        return [a for t, a in self.found if t == tag and all(a.get(k) == v for k, v in attrs.items())]


def rail_slugs(page: str) -> list[str]:
    rail = page.split('<section class="rail"', 1)[1]
    return re.findall(r'<a href="/videos/([^/]+)/">', rail)


def test_article_page_has_headline_dek_byline_time_share_image_body(make_site):
    site = make_site({"content/stories/fire.md": story(
        "Fire on Main", date="2026-11-19T21:53:00", summary='"Two shops burned."', author='"Dana W"',
        updated="2026-11-20T08:15:00", image="/images/fire.jpg", image_alt='"Smoke over shops"',
        image_caption='"Crews at work."', body="First paragraph."), **images("/images/fire.jpg")})
    site.build()
    page = site.read("stories/fire/index.html")
    order = [page.index(s) for s in ("<h1>Fire on Main</h1>", '<p class="dek">Two shops burned.</p>',
                                     '<p class="byline">By <a href="/authors/dana-w/" rel="author" data-pagefind-filter="author:Dana W">Dana W</a></p>', "Nov 19, 2026, 9:53 PM",
                                     'class="share"', '<figure class="lead">\n<picture>', 'alt="Smoke over shops"',
                                     "<figcaption>Crews at work.</figcaption>", "<p>First paragraph.</p>")]
    assert order == sorted(order)
    assert page.count("<h1") == 1


def test_updated_time_is_relative_in_the_browser_with_absolute_fallback(make_site):
    site = make_site({"content/stories/a.md": story(date="2026-11-19T21:53:00", updated="2026-11-20T08:15:00")})
    site.build()
    page = site.read("stories/a/index.html")
    assert ('Updated <time datetime="2026-11-20T08:15:00-05:00" data-relative>Nov 20, 2026, 8:15 AM EST</time>'
            in page)
    assert "days ago" not in page  # never frozen at build time
    assert '<script src="/assets/site.js" defer></script>' in page
    assert "data-relative" in (site.out / "assets/site.js").read_text()


def test_no_updated_line_without_an_update(make_site):
    site = make_site({"content/stories/a.md": story()})
    site.build()
    assert "Updated" not in site.read("stories/a/index.html")


def test_share_links_are_plain_and_url_encoded(make_site):
    site = make_site({"content/stories/a.md": story("Fire & ice: 50% off?")})
    site.build()
    links = {name: a["href"] for a in Elements(site.read("stories/a/index.html")).all("a")
             for name in a.get("class", "").split() if name.startswith("share-") and name != "share-button"}
    url = "https://news.example.org/stories/a/"
    assert parse_qs(urlsplit(links["share-facebook"]).query) == {"u": [url]}
    assert parse_qs(urlsplit(links["share-x"]).query) == {"url": [url], "text": ["Fire & ice: 50% off?"]}
    email = urlsplit(links["share-email"])
    assert email.scheme == "mailto" and parse_qs(email.query) == {"subject": ["Fire & ice: 50% off?"], "body": [url]}
    assert "+" not in links["share-email"]  # mail clients show + literally: spaces are %20
    assert links["share-copy"] == url
    assert "<script" not in site.read("stories/a/index.html").split("</head>")[1]


def test_titles_deks_bylines_captions_are_escaped(make_site):
    site = make_site({"content/stories/a.md": story(
        "<script>alert(1)</script>", summary='"<b>dek</b>"', author='"<i>me</i>"',
        image="/x.png", image_alt='"\\" onerror=\\"alert(1)"', image_caption='"<img src=x>"'),
        **images("/x.png")})
    site.build()
    page = site.read("stories/a/index.html")
    assert "<script>alert" not in page and "<b>dek</b>" not in page and "<i>me</i>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert not [a for t, a in Elements(page).found if "onerror" in a]


def test_raw_html_in_bodies_is_sanitised(make_site):
    body = ('<script>alert(1)</script>\n\n<p onclick="x()">Hi <b>there</b></p>\n\n'
            '[a](javascript:alert(1)) <a href="vbscript:x">b</a> <iframe src="https://evil.example/"></iframe>\n\n'
            '<img src="data:text/html,x" onerror="alert(1)"> <style>body{}</style>')
    site = make_site({"content/stories/a.md": story(body=body)})
    site.build()
    page = site.read("stories/a/index.html")
    body_html = page.split('<div class="story-body">')[1].split("</div>")[0]
    elements = Elements(body_html)
    assert not elements.all("script") and not elements.all("iframe") and not elements.all("style")
    assert all(not k.startswith("on") for _, attrs in elements.found for k in attrs)
    hrefs = [a.get("href", "") for a in elements.all("a")] + [a.get("src", "") for a in elements.all("img")]
    assert not [h for h in hrefs if h.split(":")[0].lower() in ("javascript", "vbscript", "data")]
    assert "<b>there</b>" in body_html


def test_body_markdown_extensions_and_h1_demoted(make_site):
    body = "# Section\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n~~old~~ new[^1]\n\n[^1]: A note."
    site = make_site({"content/stories/a.md": story(body=body)})
    site.build()
    page = site.read("stories/a/index.html")
    assert "<h2>Section</h2>" in page and page.count("<h1") == 1
    assert "<table>" in page and "<s>old</s>" in page and 'class="footnotes"' in page


def test_rail_pinned_first_then_shared_tags_then_latest(make_site):
    files = {"content/stories/s.md": story(tags="[millbrook, fire]", videos="[pinned-b, pinned-a]")}
    files.update({
        "content/videos/pinned-a.md": video(date="2026-01-01T00:00"),
        "content/videos/pinned-b.md": video(date="2026-01-02T00:00"),
        "content/videos/two-tags.md": video(date="2026-06-01T00:00", tags="[millbrook, fire]"),
        "content/videos/one-tag-near.md": video(date="2026-11-18T00:00", tags="[fire]"),
        "content/videos/one-tag-old.md": video(date="2025-01-01T00:00", tags="[millbrook]"),
        "content/videos/latest.md": video(date="2026-11-21T00:00", tags="[weather]"),
        "content/videos/older.md": video(date="2026-11-01T00:00", tags="[weather]"),
    })
    site = make_site(files)
    site.build()
    assert rail_slugs(site.read("stories/s/index.html")) == [
        "pinned-b", "pinned-a", "one-tag-near", "two-tags", "one-tag-old", "latest", "older"]


def test_rail_size_is_configurable_and_always_full(make_site):
    files = {"site.toml": 'title = "T"\nbase_url = "https://n.example/"\nrail_size = 3\n',
             "content/stories/s.md": story(tags="[nowhere]")}
    files.update({f"content/videos/v{i}.md": video(date=f"2026-10-{10 + i}T00:00") for i in range(5)})
    site = make_site(files)
    site.build()
    assert rail_slugs(site.read("stories/s/index.html")) == ["v4", "v3", "v2"]


def test_rail_item_is_one_link_with_lazy_thumbnail_and_spoken_duration(make_site):
    site = make_site({"content/stories/s.md": story(),
                      "content/videos/v.md": video("Storm clip", thumbnail="/thumbs/v.jpg", duration='"1:49"'),
                      **images("/thumbs/v.jpg")})
    site.build()
    page = site.read("stories/s/index.html")
    card = page.split('<li class="video-card">')[1].split("</li>")[0]
    assert card.count("<a ") == 1
    img = Elements(card).all("img")[0]
    assert img["src"].startswith("/thumbs/v.") and img["src"].endswith(".960.jpg")
    assert {k: img[k] for k in ("alt", "width", "height", "loading", "decoding")} == {
        "alt": "", "width": "1200", "height": "900", "loading": "lazy", "decoding": "async"}
    assert "Storm clip" in card and "1 minute 49 seconds" in card


def test_video_page_plays_media_files_and_links_out_to_pages(make_site):
    site = make_site({"content/videos/file.md": video("File", url="https://m.example/a.mp4", thumbnail="/t.jpg"),
                      "content/videos/page.md": video("Page", url="https://tv.example/watch/1"),
                      **images("/t.jpg")})
    site.build()
    file_page = site.read("videos/file/index.html")
    assert '<video controls preload="none" width="1280" height="720" poster="/t.' in file_page
    assert re.search(r'poster="/t\.[0-9a-f]{10}\.1200\.jpg"', file_page)  # its processed largest
    assert '<source src="https://m.example/a.mp4" type="video/mp4">' in file_page
    assert "autoplay" not in file_page
    page_page = site.read("videos/page/index.html")
    assert "<video" not in page_page and 'href="https://tv.example/watch/1"' in page_page
    assert '<time datetime="PT1M49S">1:49</time>' in page_page
    assert rail_slugs(file_page) == ["page"]  # its own rail, without itself


def test_home_is_paginated_newest_first(make_site):
    files = {"site.toml": 'title = "T"\nbase_url = "https://n.example/"\npage_size = 2\n'}
    files.update({f"content/stories/s{i}.md": story(f"Story {i}", date=f"2026-11-0{i + 1}T10:00") for i in range(5)})
    site = make_site(files)
    site.build()
    titles = lambda rel: re.findall(r'<h2><a href="/stories/s\d/">(Story \d)</a></h2>', site.read(rel))
    assert titles("index.html") == ["Story 4", "Story 3"]
    assert titles("page/2/index.html") == ["Story 2", "Story 1"]
    assert titles("page/3/index.html") == ["Story 0"]
    assert not (site.out / "page/4").exists()
    assert 'href="/page/2/" rel="next"' in site.read("index.html")
    assert 'href="/" rel="prev"' in site.read("page/2/index.html")


def test_tag_pages_index_and_monthly_archive(make_site):
    site = make_site({"content/stories/a.md": story("A", date="2026-10-05T10:00", tags="[millbrook, fire]"),
                      "content/stories/b.md": story("B", date="2026-11-05T10:00", tags="[millbrook]")})
    site.build()
    assert re.findall(r"<h2><a [^>]+>(\w)</a>", site.read("tags/millbrook/index.html")) == ["B", "A"]
    assert re.findall(r"<h2><a [^>]+>(\w)</a>", site.read("tags/fire/index.html")) == ["A"]
    assert '<a href="/tags/fire/">Fire</a> <span class="count">1 story</span>' in site.read("tags/index.html")
    assert '<a href="/archive/2026/11/">November 2026</a>' in site.read("archive/index.html")
    assert re.findall(r"<h2><a [^>]+>(\w)</a>", site.read("archive/2026/10/index.html")) == ["A"]
    assert (site.out / "tags/fire/feed.xml").is_file() and (site.out / "tags/fire/atom.xml").is_file()


def test_drafts_and_future_stories_need_flags(make_site):
    site = make_site({"content/stories/draft.md": story(draft="true"),
                      "content/stories/later.md": story(date="2027-01-01T06:00"),
                      "content/stories/now.md": story()})
    site.build()
    assert sorted(p.name for p in (site.out / "stories").iterdir()) == ["now"]
    assert "later" not in site.read("feed.xml") and "draft" not in site.read("sitemap.xml")
    site.build(drafts=True, future=True)
    assert sorted(p.name for p in (site.out / "stories").iterdir()) == ["draft", "later", "now"]


def test_base_url_with_a_path_prefixes_every_link(make_site):
    site = make_site({"site.toml": 'title = "T"\nbase_url = "https://n.example/news"\n',
                      "content/stories/a.md": story(image="/images/a.png", image_alt="x"),
                      **images("/images/a.png")})
    site.build()
    page = site.read("stories/a/index.html")
    assert 'href="/news/assets/site.css"' in page and 'src="/news/images/a.' in page
    assert 'srcset="/news/images/a.' in page
    assert '<link rel="canonical" href="https://n.example/news/stories/a/">' in page
    assert "<loc>https://n.example/news/stories/a/</loc>" in site.read("sitemap.xml")


def test_site_templates_and_static_override_the_theme_file_by_file(make_site):
    site = make_site({"content/stories/a.md": story(),
                      "templates/partials/share.html": '<p class="custom-share">Share it</p>\n',
                      "static/assets/site.css": "body { color: red; }\n",
                      "static/CNAME": "news.example.org\n"})
    site.build()
    assert '<p class="custom-share">Share it</p>' in site.read("stories/a/index.html")
    assert site.read("assets/site.css") == "body { color: red; }\n"
    assert site.read("assets/site.js").startswith("//")  # the theme's, not overridden
    assert site.read("CNAME") == "news.example.org\n"


def test_template_error_names_the_template_and_line(make_site, capsys):
    site = make_site({"content/stories/a.md": story(), "templates/article.html": "{% extends 'base.html' %}\n{% block main %}{{ nope }}{% endblock %}\n"})
    assert site.cli("build") == 1
    err = capsys.readouterr().err
    assert "templates/article.html:2: template error: 'nope' is undefined" in err


def test_the_header_and_footer_are_made_once_and_shown_on_every_page(make_site, capsys):
    site = make_site({"content/stories/a.md": story(),
                      "templates/partials/footer.html": '<footer><p>Tips: 555-0100</p></footer>\n'})
    site.build()
    for page in ("index.html", "stories/a/index.html", "tags/index.html", "404.html"):
        html = site.read(page)
        assert html.count("<p>Tips: 555-0100</p>") == 1 and html.count('class="site-header"') == 1
    # made once a build, it sees what every page sees, not one page: saying so beats a wrong page
    site.write({"templates/partials/header.html": "<header>{{ page.title }}</header>\n"})
    assert site.cli("build") == 1
    assert "templates/partials/header.html:1: template error: 'page' is undefined" in capsys.readouterr().err


def test_the_indexes_count_stories_and_a_template_that_lists_them_is_told_where(make_site, capsys):
    site = make_site({"content/stories/a.md": story(tags="[fire]"),
                      "content/stories/b.md": story("B", date="2026-11-19T08:00", tags="[fire, courts]")})
    site.build()
    assert re.search(r'/tags/fire/">Fire</a> <span class="count">2 stories', site.read("tags/index.html"))
    assert "November 2026</a> <span class=\"count\">2 stories</span>" in site.read("archive/index.html")
    # the indexes are not rendered again for each edit to a story: they get counts, not stories
    site.write({"templates/tags.html": "{% extends 'base.html' %}{% block main %}\n"
                                       "{% for tag in tags %}{{ tag.stories | length }}\n"
                                       "{% for s in tag.stories %}{{ s.title }}{% endfor %}"
                                       "{% endfor %}{% endblock %}\n"})
    assert site.cli("build") == 1
    err = capsys.readouterr().err
    assert "templates/tags.html:3: template error: the towns and topics index (tags.html) shows " \
           "how many stories each entry has ({{ entry.stories | length }}), not the stories: " \
           "list them on the entry's own page" in err


def test_static_file_clashing_with_a_page_is_an_error(make_site):
    site = make_site({"content/stories/a.md": story(), "static/feed.xml": "x"})
    assert site.cli("build") == 1


def test_sitemap_lists_pages_with_lastmod_from_front_matter(make_site):
    site = make_site({"content/stories/a.md": story(date="2026-11-19T21:53:00", updated="2026-11-20T08:15:00")})
    site.build()
    sitemap = site.read("sitemap.xml")
    assert "<url><loc>https://news.example.org/stories/a/</loc><lastmod>2026-11-20T08:15:00-05:00</lastmod></url>" in sitemap
    assert "<loc>https://news.example.org/</loc>" in sitemap and "404" not in sitemap
    assert "Sitemap: https://news.example.org/sitemap.xml" in site.read("robots.txt")


def test_404_page_exists(make_site):
    site = make_site({})
    site.build()
    assert "<h1>Page not found</h1>" in site.read("404.html")


def test_javascript_in_a_quote_cite_is_dropped(make_site):
    # nh3 checks href and src schemes but not cite.
    site = make_site({"content/stories/a.md": story(
        body='<q cite="jav&#x09;ascript:alert(1)">a</q> <blockquote cite="https://x.example/">b</blockquote>')})
    site.build()
    page = site.read("stories/a/index.html")
    assert "<q>a</q>" in page
    assert '<blockquote cite="https://x.example/">' in page
