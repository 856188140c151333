"""`newsdigest import hugo`: TOML config and [permalinks], page bundles, TOML/JSON/YAML front
matter, shortcodes, publishDate and expiryDate."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import photo
from import_helpers import (
    do_import,
    refused_and_not_named,
    report,
    section,
    stories,
    write_tree,
)

JPEG = photo("jpg", (64, 48))  # real: `check` refuses a picture that is not one

HUGO_SITE = {
    "hugo.toml": """
        baseURL = "https://herald.example.com/"
        title = "The Herald"
        timeZone = "Europe/Paris"
        [permalinks]
          post = "/:year/:month/:slug/"
    """,
    "content/_index.md": "---\ntitle: Home\n---\n",
    "content/about.md": "---\ntitle: About us\n---\nWe are a paper.\n",
    "content/post/_index.md": "---\ntitle: Posts\n---\n",
    "content/post/toml-post.md": """
        +++
        title = "Council votes &amp; <i>adjourns</i>"
        date = 2023-05-04T18:30:00
        lastmod = 2023-05-05T08:00:00+02:00
        tags = ["council"]
        categories = ["Politics"]
        description = "The council voted."
        aliases = ["/old/council-votes/"]
        +++
        {{< youtube id="w7Ft2ymGmfc" >}}

        {{< vimeo 146022717 >}}

        {{< tweet user="SanDiegoZoo" id="1453110110599868418" >}}

        {{< gist spf13 7896402 >}}

        {{< figure src="/img/council.jpg" alt="The council" caption="In session" >}}

        {{< chart data="votes" >}}

        See {{< ref "post/json-post.md" >}}.
    """,
    "static/img/council.jpg": JPEG,
    "data/authors/bo.yaml": "name: Bo Park\n",
    "content/post/json-post.md": """
        {
          "title": "JSON front matter",
          "date": "2023-06-01",
          "publishDate": "2031-01-01T06:00:00",
          "expiryDate": "2032-01-01",
          "draft": true,
          "author": "Ana Li"
        }
        Body in JSON.
    """,
    "content/post/my-bundle/index.md": """
        ---
        title: A bundle
        date: 2023-07-01T12:00:00Z
        slug: the-bundle
        authors: [bo, "Cy Doe"]
        ---
        ![A photo](photo.jpg)

        [The report](report.pdf)
    """,
    "content/post/my-bundle/photo.jpg": JPEG,
    "content/post/my-bundle/report.pdf": b"%PDF-1.4\n",
    "content/post/other-bundle/index.md": """
        ---
        title: Other bundle
        date: 2023-07-02
        url: /special/place/
        ---
        Body.
    """,
    "content/post/hidden/index.md": "---\ntitle: H\ndate: 2023-01-01\nheadless: true\n---\n",
}


@pytest.fixture
def hugo_root(tmp_path: Path) -> Path:
    source = write_tree(tmp_path / "old", HUGO_SITE)
    root = tmp_path / "site"
    do_import("hugo", source, root)
    return root


def test_toml_front_matter_and_the_zone_from_the_config(hugo_root):
    fields, _ = stories(hugo_root)["toml-post"]
    assert fields["title"] == "Council votes & adjourns"
    assert str(fields["date"]) == "2023-05-04 18:30:00+02:00"
    assert str(fields["updated"]) == "2023-05-05 08:00:00+02:00"
    assert fields["tags"] == ["Politics", "council"]
    assert fields["summary"] == "The council voted."


def test_permalinks_aliases_and_url(hugo_root):
    found = stories(hugo_root)
    # no slug: Hugo's :slug is its urlize of the title as written, markup and all
    old = "/2023/05/council-votes-amp-iadjourns/i/"
    assert found["toml-post"][0]["aliases"] == [old, "/old/council-votes/"]
    assert found["toml-post"][0]["guid"] == "https://herald.example.com" + old
    assert found["the-bundle"][0]["aliases"] == ["/2023/07/the-bundle/"]
    assert found["other-bundle"][0]["aliases"] == ["/special/place/"]


def test_json_front_matter_publish_date_expiry_and_draft(hugo_root):
    fields, body = stories(hugo_root)["json-post"]
    assert str(fields["date"]) == "2031-01-01 06:00:00+01:00"  # waits for publishDate
    assert str(fields["expires"]) == "2032-01-01"
    assert fields["draft"] is True
    assert fields["author"] == "Ana Li"
    assert body.strip() == "Body in JSON."
    review = section(report(hugo_root), "To review")
    assert "publishDate" in review and "expires" in review


def test_a_bundle_takes_its_folder_or_slug_and_its_files_are_copied(hugo_root):
    fields, body = stories(hugo_root)["the-bundle"]
    assert fields["author"] == ["Bo Park", "Cy Doe"]  # a handle named in data/authors/
    assert "![A photo](/images/imported/the-bundle/photo.jpg)" in body
    assert "[The report](/images/imported/the-bundle/report.pdf)" in body
    assert (hugo_root / "static/images/imported/the-bundle/report.pdf").is_file()
    assert "other-bundle" in stories(hugo_root)


def test_shortcodes_become_ours_and_unknown_ones_are_reported(hugo_root):
    _, body = stories(hugo_root)["toml-post"]
    assert 'src="https://www.youtube-nocookie.com/embed/w7Ft2ymGmfc"' in body
    assert 'src="https://player.vimeo.com/video/146022717?dnt=1"' in body
    assert "https://twitter.com/SanDiegoZoo/status/1453110110599868418" in body
    assert "https://gist.github.com/spf13/7896402" in body
    assert "![The council](/images/imported/img/council.jpg)\n*In session*" in body
    assert "See /stories/json-post/." in body
    assert '{{< chart data="votes" >}}' in body
    assert "unknown shortcode {{< chart >}}" in section(report(hugo_root), "To review")


def test_list_pages_top_pages_and_headless_bundles_are_named(hugo_root):
    skipped = section(report(hugo_root), "Not imported")
    for src in ("_index.md", "about.md", "post/_index.md", "post/hidden/index.md"):
        assert f"- {src}: not a post" in skipped
    assert set(stories(hugo_root)) == {"toml-post", "json-post", "the-bundle", "other-bundle"}


def test_yaml_config_and_legacy_permalinks_table(tmp_path):
    source = write_tree(tmp_path / "old", {
        "config.yaml": "baseURL: https://x.example/\npermalinks:\n  page:\n    news: /n/:title/\n",
        "content/news/item.md": "---\ntitle: Big News Today\ndate: 2020-02-02\n---\nText.\n"})
    do_import("hugo", source, tmp_path / "site")
    fields, _ = stories(tmp_path / "site")["item"]
    assert fields["aliases"] == ["/n/big-news-today/"]


def test_a_content_folder_or_a_section_folder_given_alone(tmp_path):
    source = write_tree(tmp_path / "old", HUGO_SITE)
    do_import("hugo", source / "content", tmp_path / "a")
    assert set(stories(tmp_path / "a")) == {"toml-post", "json-post", "the-bundle", "other-bundle"}
    do_import("hugo", source / "content" / "post", tmp_path / "b")
    assert set(stories(tmp_path / "b")) == {"toml-post", "json-post", "the-bundle", "other-bundle"}
    assert "post/ is read as a section of posts" in report(tmp_path / "b")


def test_what_the_reader_refuses_is_named_in_the_report(hugo_root):
    assert refused_and_not_named(hugo_root) == []
