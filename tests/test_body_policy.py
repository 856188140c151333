"""Nothing lost without a word: what the HTML policy removes from a body is named with its file
and line; embeds from known hosts are kept as click-to-load figures; descriptions come from the
rendered words of the body, never its source."""

from __future__ import annotations

import json
import re

from conftest import story

YOUTUBE = '<iframe width="560" height="315" src="https://www.youtube.com/embed/EL_w2fUqwcI" frameborder="0" allowfullscreen></iframe>'


def warnings_of(report) -> list[str]:
    return [str(w) for w in report.warnings]


def test_every_removed_element_and_attribute_is_a_warning_with_file_and_line(make_site):
    body = ("Here is what it looked like:\n\n<iframe src=\"https://forms.example.com/f\"></iframe>\n\n"
            "<script src=\"https://gist.github.com/u/1.js\"></script>\n\n"
            "<p style=\"color: red\" class=\"lede\">Red.</p>\n\n<video src=\"https://cdn.example.org/a.mp4\"></video>\n")
    site = make_site({"content/stories/a.md": story("A", body=body)})
    warnings = warnings_of(site.build())
    prefix = "content/stories/a.md"
    assert f"{prefix}:8: warning: <iframe src='https://forms.example.com/f'> and everything in it is removed from the page (only embeds from known hosts are kept; add the host to embed_hosts in site.toml if you trust it, or link to the page)" in warnings
    assert any(w.startswith(f"{prefix}:10: warning: <script src='https://gist.github.com/u/1.js'>") for w in warnings)
    assert any(w.startswith(f"{prefix}:12: warning: the style attribute of <p> is removed") for w in warnings)
    assert any(w.startswith(f"{prefix}:12: warning: the class attribute of <p> is removed") for w in warnings)
    assert any(w.startswith(f"{prefix}:14: warning: <video src='https://cdn.example.org/a.mp4'> is removed") for w in warnings)
    assert len(warnings) == 5


def test_inline_html_is_named_on_its_own_line(make_site):
    body = "First line.\n\nSecond <span onclick=\"x()\">line</span>.\n"
    site = make_site({"content/stories/a.md": story("A", body=body)})
    assert warnings_of(site.build()) == [
        "content/stories/a.md:8: warning: the onclick attribute of <span> is removed from the page "
        "(the HTML policy keeps formatting only; say it in Markdown, or link to it)"]


def test_a_youtube_iframe_is_a_privacy_friendly_embed(make_site):
    site = make_site({"content/stories/a.md": story("A", body=f"Watch:\n\n{YOUTUBE}\n")})
    report = site.build()
    assert warnings_of(report) == []
    page = site.read("stories/a/index.html")
    assert "<iframe" not in page and "youtube.com/embed" not in page
    assert 'data-embed-src="https://www.youtube-nocookie.com/embed/EL_w2fUqwcI"' in page
    assert '<a href="https://www.youtube.com/watch?v=EL_w2fUqwcI">open it on YouTube</a>' in page
    assert '<script src="/assets/embed.js" defer></script>' in page
    assert (site.out / "assets/embed.js").is_file()
    # the only requests a page makes before the reader asks are to the site itself
    sources = re.findall(r'<(?:script|img|link|iframe)[^>]+(?:src|href)="([^"]+)"', page)
    assert all(not s.startswith("http") or s.startswith("https://news.example.org/") for s in sources), sources


def test_pages_without_embeds_do_not_load_the_embed_script(make_site):
    site = make_site({"content/stories/a.md": story("A")})
    site.build()
    assert "embed.js" not in site.read("stories/a/index.html")


def test_every_known_host_is_kept(make_site):
    hosts = ["https://player.vimeo.com/video/1", "https://www.google.com/maps/embed?pb=1",
             "https://embed.documentcloud.org/documents/1-x/", "https://datawrapper.dwcdn.net/AbC/1/",
             "https://flo.uri.sh/visualisation/1/embed"]
    body = "\n\n".join(f'<iframe src="{h}" title="Thing {n}"></iframe>' for n, h in enumerate(hosts))
    site = make_site({"content/stories/a.md": story("A", body=body)})
    assert warnings_of(site.build()) == []
    page = site.read("stories/a/index.html")
    assert page.count('<figure class="embed"') == len(hosts) and "<iframe" not in page


def test_a_site_adds_embed_hosts_in_site_toml(make_site):
    from conftest import SITE_TOML
    body = '<iframe src="https://www.arcgis.com/apps/map/1" title="Flood map"></iframe>'
    site = make_site({"content/stories/a.md": story("A", body=body)})
    assert len(site.build().warnings) == 1
    site.write({"site.toml": SITE_TOML + 'embed_hosts = ["www.arcgis.com"]\n'})
    report = site.build()
    assert warnings_of(report) == []
    assert 'data-embed-src="https://www.arcgis.com/apps/map/1"' in site.read("stories/a/index.html")


def test_a_bad_embed_hosts_setting_stops_the_build(make_site):
    from conftest import SITE_TOML
    site = make_site({"site.toml": SITE_TOML + "embed_hosts = \"www.arcgis.com\"\n",
                      "content/stories/a.md": story("A")})
    assert site.cli("build") == 1


def description_of(page: str) -> tuple[str, str, str]:
    meta = re.search(r'<meta name="description" content="([^"]*)"', page).group(1)
    og = re.search(r'<meta property="og:description" content="([^"]*)"', page).group(1)
    data = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', page, re.S).group(1))
    return meta, og, data.get("description", "")


def test_descriptions_come_from_the_rendered_words_not_the_source(make_site):
    body = ('<style>.x { color: red }</style>\n\n## A **bold** [start](https://e.example/) &amp; more\n\n'
            "Second block.")
    site = make_site({"content/stories/a.md": story("A", body=body)})
    site.build()
    meta, og, ld = description_of(site.read("stories/a/index.html"))
    assert meta == og == "A bold start &amp; more"
    assert ld == "A bold start & more"


def test_a_long_opening_is_cut_at_a_word(make_site):
    site = make_site({"content/stories/a.md": story("A", body="word " * 200)})
    site.build()
    meta, _, _ = description_of(site.read("stories/a/index.html"))
    assert meta.endswith("word…") and len(meta) <= 300


def test_the_summary_wins_over_the_body(make_site):
    site = make_site({"content/stories/a.md": story("A", summary='"The dek."', body="**Body**")})
    site.build()
    assert description_of(site.read("stories/a/index.html"))[0] == "The dek."


def test_template_code_of_other_generators_is_named_where_it_shows_as_text(make_site):
    body = ('{% image "assets/blog/x.jpg" "A chart" %}\n\n{{< youtube abc >}}\n\nText.\n{: .lede}\n\n'
            "```\n{% raw %} in code is fine\n```\n\nAnd `{% inline %}` code too.\n")
    site = make_site({"content/stories/a.md": story("A", body=body)})
    warnings = warnings_of(site.build())
    assert warnings == [
        'content/stories/a.md:6: warning: {% image "assets/blog/x.jpg" "A chart" %} is template code '
        "newsdigest does not run: it shows as text (write it in Markdown or HTML (`newsdigest import` "
        "converts the common ones))",
        "content/stories/a.md:8: warning: {{< youtube abc >}} is template code newsdigest does not run: "
        "it shows as text (write it in Markdown or HTML (`newsdigest import` converts the common ones))",
        "content/stories/a.md:11: warning: {: .lede} is template code newsdigest does not run: it shows "
        "as text (write it in Markdown or HTML (`newsdigest import` converts the common ones))"]
