"""`newsdigest import jekyll`: real-archive shapes in, newsdigest story files out, read back with
PyYAML; and what every importer shares: never overwriting, running twice, --dry-run, the report."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st
from import_helpers import (
    cli,
    do_import,
    read_story,
    refused_and_not_named,
    report,
    section,
    stories,
    tree_snapshot,
    write_tree,
)

from conftest import photo
from newsdigest.importers.frontmatter import quoted

PNG = photo("png", (64, 48))  # real: `check` refuses a picture that is not one

JEKYLL_SITE = {
    "_config.yml": """
        title: The Old Ledger
        url: https://ledger.example.org
        timezone: America/New_York
        plugins: [jekyll-redirect-from]
        defaults:
          - scope: {path: ""}
            values: {layout: post, author: dsinker}
    """,
    "_data/authors.yml": """
        dsinker:
          name: Dan Sinker
        rl:
          name: Ryan Lee
    """,
    "_posts/2014-10-22-announcing-fellows.md": """
        ---
        layout: post
        title: Announcing our Fellows &mdash; <em>at last</em>!
        date: 2014-10-22 9:00
        author: dsinker
        tags: fellowship announcements
        excerpt: Live from <b>London</b>, we&rsquo;re thrilled.
        ---
        We've been looking for fellows for four years.
    """,
    "_posts/2015-1-12-no-date-line.md": """
        ---
        title: A post with its date in its name only
        categories: [News]
        ---
        Body.
    """,
    "_posts/2015-1-13-short-date.md": """
        ---
        title: Short date
        date: 2015-1-12
        ---
        Body.
    """,
    "_posts/2015-03-17-offset.md": """
        ---
        title: An offset like -4
        date: 2015-03-17 14:00:00 -4
        last_modified_at: 2015-03-18 10:00
        authors: [dsinker, rl]
        description: The description becomes the summary.
        redirect_from:
          - /old/offset.html
          - https://ledger.example.org/2015/offset/
        ---
        Body.
    """,
    "_posts/2016-05-01-held-back.md": """
        ---
        title: Not ready
        date: 2016-05-01 08:00
        published: false
        ---
        Body.
    """,
    "_drafts/a-draft.md": """
        ---
        title: In the drafts folder
        date: 2016-06-01
        ---
        Body.
    """,
    "_posts/index.md": """
        ---
        layout: default
        title: Blog
        ---
        {% for post in site.posts %}{{ post.title }}{% endfor %}
    """,
}


@pytest.fixture
def jekyll_site(tmp_path: Path) -> Path:
    return write_tree(tmp_path / "old", JEKYLL_SITE)


def test_jekyll_dates_in_every_form_jekyll_reads(jekyll_site, tmp_path):
    root = tmp_path / "site"
    do_import("jekyll", jekyll_site, root)
    found = stories(root)
    assert str(found["announcing-fellows"][0]["date"]) == "2014-10-22 09:00:00-04:00"
    assert str(found["short-date"][0]["date"]) == "2015-01-12"
    assert str(found["offset"][0]["date"]) == "2015-03-17 14:00:00-04:00"
    assert str(found["no-date-line"][0]["date"]) == "2015-01-12"
    assert "taken from the file name" in section(report(root), "To review")
    assert "defaults are not applied to the stories (they set author, layout)" in report(root)


def test_jekyll_fields_are_mapped_to_ours(jekyll_site, tmp_path):
    root = tmp_path / "site"
    do_import("jekyll", jekyll_site, root)
    fields, body = stories(root)["announcing-fellows"]
    assert fields["title"] == "Announcing our Fellows \u2014 at last!"
    assert fields["summary"] == "Live from London, we\u2019re thrilled."
    assert fields["author"] == "Dan Sinker"
    assert fields["tags"] == ["fellowship", "announcements"]
    assert "layout" not in fields and "draft" not in fields
    assert body.strip() == "We've been looking for fellows for four years."
    offset, _ = stories(root)["offset"]
    assert offset["author"] == ["Dan Sinker", "Ryan Lee"]
    assert offset["summary"] == "The description becomes the summary."
    assert str(offset["updated"]) == "2015-03-18 10:00:00-04:00"


def test_jekyll_unpublished_and_drafts_become_drafts_named_in_the_report(jekyll_site, tmp_path):
    root = tmp_path / "site"
    do_import("jekyll", jekyll_site, root)
    found = stories(root)
    assert found["held-back"][0]["draft"] is True
    assert found["a-draft"][0]["draft"] is True
    review = section(report(root), "To review")
    assert "_posts/2016-05-01-held-back.md" in review and "published: false" in review
    assert "_drafts/a-draft.md" in review


def test_jekyll_aliases_follow_the_default_permalink_and_redirect_from(jekyll_site, tmp_path):
    root = tmp_path / "site"
    do_import("jekyll", jekyll_site, root)
    found = stories(root)
    assert found["no-date-line"][0]["aliases"] == ["/news/2015/01/12/no-date-line.html"]
    assert found["offset"][0]["aliases"] == ["/2015/03/17/offset.html", "/old/offset.html",
                                             "/2015/offset/"]
    assert found["offset"][0]["guid"] == "https://ledger.example.org/2015/03/17/offset.html"


def test_jekyll_permalink_from_config(tmp_path):
    source = write_tree(tmp_path / "old", {
        "_config.yml": "permalink: /blog/:year/:title/\nurl: https://x.example\n",
        "news/_posts/2015-1-5-a-post.md": "---\ntitle: A post\n---\nBody.\n"})
    do_import("jekyll", source, tmp_path / "site")
    fields, _ = stories(tmp_path / "site")["a-post"]
    assert fields["aliases"] == ["/blog/2015/a-post/"]
    assert fields["guid"] == "https://x.example/blog/2015/a-post/"


def test_a_file_in_posts_that_is_not_a_post_is_named(jekyll_site, tmp_path):
    root = tmp_path / "site"
    do_import("jekyll", jekyll_site, root)
    assert "index" not in stories(root)
    assert "_posts/index.md: not a post" in section(report(root), "Not imported")


LIQUID_POST = """
    ---
    title: Liquid everywhere
    date: 2015-02-01 10:00
    image: /assets/lead.png
    ---
    See [the earlier post]({% post_url 2014-10-22-announcing-fellows %}) and
    [home]({{ site.baseurl }}/about/) and [that]({{ "/2015/x/" | relative_url }}).

    {% include youtube.html id="dQw4w9WgXcQ" %}

    {{ "https://player.vimeo.com/video/180221748" | embed: "Highlights" }}

    {% gist octocat/6cad326836d38bd3a7ae %}

    {% highlight python %}
    print("hi")
    {% endhighlight %}

    {% pullquote %}Something{% endpullquote %}

    ![A chart](/assets/chart.png) and <img src="{{ site.baseurl }}/assets/gone.png" alt="x">

    {: .wide}
"""


def test_jekyll_liquid_tags_become_ours_and_unknown_ones_are_reported(jekyll_site, tmp_path):
    write_tree(jekyll_site, {"_posts/2015-02-01-liquid.md": LIQUID_POST,
                             "assets/chart.png": PNG, "assets/lead.png": PNG})
    root = tmp_path / "site"
    do_import("jekyll", jekyll_site, root)
    fields, body = stories(root)["liquid"]
    assert "(/stories/announcing-fellows/)" in body
    assert "[home](/about/)" in body and "[that](/2015/x/)" in body
    assert 'src="https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ"' in body
    assert "(https://gist.github.com/octocat/6cad326836d38bd3a7ae)" in body
    assert 'src="https://player.vimeo.com/video/180221748?dnt=1"' in body
    assert '```python\nprint("hi")\n```' in body
    assert "{% pullquote %}" in body  # left where a reader sees it...
    assert "{: .wide}" not in body
    review = section(report(root), "To review")
    assert "unknown Liquid tag {% pullquote %}" in review  # ...and named
    assert "kramdown attribute" in review


def test_jekyll_images_are_copied_and_references_rewritten(jekyll_site, tmp_path):
    write_tree(jekyll_site, {"_posts/2015-02-01-liquid.md": LIQUID_POST,
                             "assets/chart.png": PNG, "assets/lead.png": PNG})
    root = tmp_path / "site"
    do_import("jekyll", jekyll_site, root)
    fields, body = stories(root)["liquid"]
    assert fields["image"] == "/images/imported/assets/lead.png"
    assert "![A chart](/images/imported/assets/chart.png)" in body
    assert (root / "static/images/imported/assets/chart.png").read_bytes() == PNG
    assert 'src="/assets/gone.png"' in body
    assert "image /assets/gone.png not found" in section(report(root), "To review")


def test_a_bare_folder_of_posts(tmp_path):
    source = write_tree(tmp_path / "posts", {
        "2014-12-23-hub.md": "---\ntitle: The Hub\nauthors:\n- mbland\n---\nText.\n",
        "notes.txt": "not a post"})
    root = tmp_path / "site"
    do_import("jekyll", source, root)
    fields, _ = stories(root)["hub"]
    assert fields["aliases"] == ["/2014/12/23/hub.html"]  # Jekyll's default scheme
    assert fields["author"] == "mbland"
    assert "mbland" in section(report(root), "The whole source")


# --- what every importer shares ---------------------------------------------------------------

def test_running_twice_writes_nothing_new_and_says_so(jekyll_site, tmp_path, capsys):
    root = tmp_path / "site"
    assert cli("import", "jekyll", str(jekyll_site), "--root", str(root)) == 0
    first = tree_snapshot(root / "content")
    capsys.readouterr()
    assert cli("import", "jekyll", str(jekyll_site), "--root", str(root)) == 0
    assert tree_snapshot(root / "content") == first
    assert "nothing new: all 6 stories were imported before" in capsys.readouterr().out


def test_an_existing_file_is_never_overwritten(jekyll_site, tmp_path):
    root = write_tree(tmp_path / "site", {"content/stories/offset.md": "mine\n"})
    result = do_import("jekyll", jekyll_site, root)
    assert (root / "content/stories/offset.md").read_text() == "mine\n"
    fields, _ = read_story(root / "content/stories/offset-2015-03-17.md")
    assert fields["title"] == "An offset like -4"
    assert result.new == 6
    assert "offset.md was taken" in section(report(root), "To review")


def test_dry_run_writes_nothing(jekyll_site, tmp_path, capsys):
    root = tmp_path / "site"
    root.mkdir()
    assert cli("import", "jekyll", str(jekyll_site), "--root", str(root), "--dry-run") == 0
    assert list(root.iterdir()) == []
    out = capsys.readouterr().out
    assert "# Import report" in out and "6 stories would be written" in out


def test_the_report_names_every_story_and_its_file(jekyll_site, tmp_path):
    root = tmp_path / "site"
    do_import("jekyll", jekyll_site, root)
    every = section(report(root), "Every story")
    for stem in stories(root):
        assert f"content/stories/{stem}.md" in every


def test_what_the_reader_refuses_is_named_in_the_report(jekyll_site, tmp_path):
    root = tmp_path / "site"
    do_import("jekyll", jekyll_site, root)
    assert refused_and_not_named(root) == []


def test_a_missing_source_is_an_error(tmp_path, capsys):
    assert cli("import", "hugo", str(tmp_path / "nowhere"), "--root", str(tmp_path)) == 1
    assert "not found" in capsys.readouterr().err


def test_what_an_editor_gets_wrong_is_read_or_named(tmp_path):
    source = write_tree(tmp_path / "old", {
        "_posts/2015-02-03-bad-date.md": "---\ntitle: Bad date\ndate: 2015-02-30 10:00\n---\nB.\n",
        "_posts/2015-02-04-word.md": b"---\r\ntitle: Caf\xe9 news\r\n---\r\nNa\xefve.\r\n",
        "_posts/2015-02-05-broken.md": "---\ntitle: [unclosed\n---\nB.\n",
        "_posts/2015-02-06-markdown-excerpt.md": "---\ntitle: X\nexcerpt: See [the **Hub**](/hub/)\n"
                                                 "---\nB.\n"})
    root = tmp_path / "site"
    do_import("jekyll", source, root)
    found = stories(root)
    assert str(found["bad-date"][0]["date"]) == "2015-02-03"
    assert found["word"][0]["title"] == "Caf\u00e9 news" and found["word"][1].strip() == "Na\u00efve."
    assert found["markdown-excerpt"][0]["summary"] == "See the Hub"
    text = report(root)
    assert "its date '2015-02-30 10:00' cannot be read" in section(text, "To review")
    assert "read as Windows-1252" in section(text, "To review")
    assert "_posts/2015-02-05-broken.md: not imported: its YAML front matter cannot be read" in \
        section(text, "Not imported")


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_every_text_is_written_so_that_yaml_reads_it_back(text):
    expected = "".join("\ufffd" if 0xD800 <= ord(c) <= 0xDFFF else c for c in text)
    assert yaml.safe_load(f"t: {quoted(text)}")["t"] == expected
    libyaml = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # what the reader uses
    assert yaml.load(f"t: {quoted(text)}", Loader=libyaml)["t"] == expected


def test_raw_html_in_a_markdown_post_is_kept_converted_or_named(tmp_path):
    source = write_tree(tmp_path / "old", {"_posts/2016-01-01-html.md": """
        ---
        title: Raw HTML
        ---
        Here's what it looked like:

        <style>.embed { position: relative; }</style><div class="embed"><iframe src="https://www.youtube.com/embed/abcdefghijk" frameborder="0"></iframe></div>

        <iframe src="https://docs.google.com/forms/d/e/1/viewform"></iframe>
        <iframe src="https://www.google.com/maps/embed?pb=1"></iframe>
        <script src="https://gist.github.com/jdoe/0123abcd.js"></script>
        <script async src="https://platform.twitter.com/widgets.js"></script>
        <video src="/media/clip.mp4" controls></video>
    """, "_posts/2016-01-02-old-html.html": """
        ---
        title: An HTML post
        ---
        <p>First <em>paragraph</em>.</p><h2>Then</h2><ol><li>one</li></ol>
    """})
    root = tmp_path / "site"
    do_import("jekyll", source, root)
    _, body = stories(root)["html"]
    assert "youtube-nocookie.com/embed/abcdefghijk" in body
    assert "docs.google.com/forms" in body and "google.com/maps/embed" in body
    assert "(https://gist.github.com/jdoe/0123abcd)" in body
    assert "<style>" not in body and "widgets.js" not in body
    review = section(report(root), "To review")
    assert "<style> removed" in review and "<script> from platform.twitter.com removed" in review
    assert "<iframe> from docs.google.com kept as written" in review
    assert "<video> kept as written" in review
    assert "google.com/maps" not in review  # the reader keeps Maps embeds: nothing to review
    _, html_body = stories(root)["old-html"]
    assert html_body.strip() == "First *paragraph*.\n\n## Then\n\n1. one"


FIELD_NAMES = ["title", "date", "author", "authors", "tags", "categories", "excerpt", "image",
               "published", "draft", "redirect_from", "permalink", "slug", "last_modified_at",
               "publishDate", "expiryDate", "guid", "Title", "DATE"]
VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=30)
    | st.sampled_from(["2015-1-12", "2014-10-22 9:00", "2015-03-17 14:00:00 -4", "/a/b/"]),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner,
                                                                max_size=3),
    max_leaves=6)


@settings(max_examples=60, deadline=None)
@given(st.dictionaries(st.sampled_from(FIELD_NAMES), VALUES, max_size=8), st.text(max_size=80))
def test_any_front_matter_is_imported_or_named_never_a_crash(fields, body):
    import tempfile
    with tempfile.TemporaryDirectory() as folder:
        source = write_tree(Path(folder) / "old", {
            "_posts/2015-02-03-any.md": "---\n" + yaml.safe_dump(fields) + "---\n" + body})
        root = Path(folder) / "site"
        result = do_import("jekyll", source, root)
        if result.new:
            [(written, _)] = stories(root).values()
            assert written["title"] and written["date"] and written["guid"]
        else:
            assert "_posts/2015-02-03-any.md: " in report(root)


def test_a_source_with_no_posts_still_gets_a_report(tmp_path, capsys):
    source = write_tree(tmp_path / "old", {"README.txt": "nothing here"})
    root = tmp_path / "new-site"
    assert cli("import", "jekyll", str(source), "--root", str(root)) == 0
    assert "no post files" in report(root)


def test_the_report_of_another_source_is_kept(jekyll_site, tmp_path):
    other = write_tree(tmp_path / "posts", {"2014-12-23-hub.md": "---\ntitle: Hub\n---\nText.\n"})
    root = tmp_path / "site"
    do_import("jekyll", jekyll_site, root)
    first = report(root)
    do_import("jekyll", other, root)
    assert report(root) == first
    assert "hub.md" in (root / "import-report-2.md").read_text(encoding="utf-8")
    do_import("jekyll", other, root)  # the same source again: its own report, rewritten
    assert not (root / "import-report-3.md").exists()
