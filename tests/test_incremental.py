"""Rebuilds reuse what did not change, and always give exactly the bytes of a build from scratch."""

import json
import os
import pickle
import re
import shutil
import time
from pathlib import Path
from datetime import timedelta

import pytest
from conftest import BUILD_TIME, story, video
from test_publish import tree

from newsdigest import THEME_DIR


@pytest.fixture
def newsroom(make_site):
    files = {f"content/stories/s{i}.md": story(f"Story {i}", date=f"2026-11-{10 + i}T09:00",
                                               tags=f"[town{i % 2}, topic{i % 3}]", body=f"Body {i}.")
             for i in range(6)}
    files.update({f"content/videos/v{i}.md": video(f"Video {i}", date=f"2026-11-0{1 + i}T08:00",
                                                   tags=f"[town{i % 2}]") for i in range(4)})
    files["content/stories/pinned.md"] = story("Pinned", tags="[town1]", videos="[v2, v0]")
    files["content/stories/later.md"] = story("Embargoed", date="2026-11-26T06:00:00")
    return make_site(files)


def assert_same_as_scratch(site, tmp_path, step="", **options):
    report = site.build(**options)
    site.build(out=tmp_path / "scratch", cache=False, **options)
    built, scratch = tree(site.out), tree(tmp_path / "scratch")
    assert built == scratch, f"after '{step}': " + ", ".join(
        sorted(p for p in set(built) | set(scratch) if built.get(p) != scratch.get(p)))
    return report


def edit(site, rel, text):
    site.write({rel: text})


def feed_checks(monkeypatch, new_process: bool = True) -> dict[str, int]:
    """Spy on the output check: each RSS feed's link -> how many items it parsed (with
    new_process, as a new process would: nothing checked in this one yet counts)."""
    from newsdigest.render import lint
    if new_process:
        lint._PASSED.clear()
    checked, lint_rss = {}, lint.lint_rss

    def noted(root):
        checked[root.findtext("channel/link")] = len(root.findall("channel/item"))
        return lint_rss(root)
    monkeypatch.setattr(lint, "lint_rss", noted)
    return checked


CHANGES = [
    ("edit a body", lambda s: edit(s, "content/stories/s1.md", story("Story 1", date="2026-11-11T09:00",
                                                                      tags="[town1, topic1]", body="New body."))),
    ("retitle", lambda s: edit(s, "content/stories/s2.md", story("Renamed 2", date="2026-11-12T09:00",
                                                                  tags="[town0, topic2]"))),
    ("add a story", lambda s: edit(s, "content/stories/new.md", story("Brand new", tags="[town0, fresh]"))),
    ("rename a file", lambda s: (s.root / "content/stories/s3.md").rename(s.root / "content/stories/moved.md")),
    ("delete a story", lambda s: (s.root / "content/stories/s4.md").unlink()),
    ("edit a video", lambda s: edit(s, "content/videos/v1.md", video("Video one, recut", duration='"2:10"',
                                                                     tags="[town1, topic1]"))),
    ("delete a pinned video", lambda s: (s.root / "content/videos/v2.md").unlink()),
    ("add a video", lambda s: edit(s, "content/videos/v9.md", video("Nine", date="2026-11-20T07:00", tags="[town0]"))),
    ("override a template", lambda s: edit(s, "templates/partials/share.html", "<p>Share elsewhere</p>\n")),
    ("change a partial again", lambda s: edit(s, "templates/partials/share.html", "<p>Share here</p>\n")),
    ("change the config", lambda s: edit(s, "site.toml", 'title = "Other Gazette"\nbase_url = "https://o.example/"\n'
                                                           'timezone = "America/Chicago"\npage_size = 3\nrail_size = 2\n')),
    ("add a static file", lambda s: edit(s, "static/CNAME", "o.example\n")),
    ("override the digest's email templates", lambda s: _edit_email_templates(s, "From the newsroom")),
]


def _edit_email_templates(site, note):
    """The digest feed's template (each edition's content) and the plain-text email's."""
    for name in ("email/content.html", "email/digest.txt"):
        theme = (THEME_DIR / "templates" / name).read_text(encoding="utf-8")
        edit(site, f"templates/{name}", theme + f"<p>{note}</p>\n")


def test_every_kind_of_change_rebuilds_to_exactly_a_scratch_build(newsroom, tmp_path):
    site = newsroom
    assert_same_as_scratch(site, tmp_path)
    for name, change in CHANGES:
        change(site)
        assert_same_as_scratch(site, tmp_path, name)


def test_nothing_changed_renders_nothing(newsroom):
    first = newsroom.build()
    again = newsroom.build()
    theme_files = [p for p in (THEME_DIR / "static").rglob("*") if p.is_file()]
    assert first.rendered == first.files - len(theme_files) - 1  # all but copies and the marker
    assert again.rendered == 0 and again.files == first.files


def test_one_edit_rerenders_only_what_shows_it(newsroom, tmp_path):
    full = newsroom.build()
    edit(newsroom, "content/stories/s1.md", story("Story 1", date="2026-11-11T09:00",
                                                  tags="[town1, topic1]", body="Changed body only."))
    report = assert_same_as_scratch(newsroom, tmp_path)
    # its page; the lists that show its card (home, town1, topic1, November); the RSS and Atom
    # feeds of the site, town1 and topic1; its day's digest edition (page, email.html, email.txt,
    # email.eml), the editions index and their feed. Not the indexes of tags, towns, months and
    # authors: they show how many stories each has, which an edit that keeps its place keeps.
    assert report.rendered == 1 + 4 + 6 + 6
    assert report.rendered < full.rendered


def test_an_edit_that_moves_nothing_is_applied_without_a_whole_build(newsroom, tmp_path, monkeypatch):
    newsroom.build()
    import newsdigest.build.rebuild as rebuild

    def whole_build(*args, **kwargs):
        raise AssertionError("a whole build was made")
    monkeypatch.setattr(rebuild, "rebuild", whole_build)
    edit(newsroom, "content/stories/s2.md", story("Story 2, retitled", date="2026-11-12T09:00",
                                                  tags="[town0, topic2]", body="Body 2."))
    report = newsroom.build()
    assert 0 < report.rendered < 25  # its page, lists, feeds, and its digest edition with the emails
    monkeypatch.undo()
    assert_same_as_scratch(newsroom, tmp_path, "after the edit build")


def test_a_template_edit_rerenders_only_the_pages_that_use_it(newsroom, tmp_path):
    full = newsroom.build()
    articles = len(list(newsroom.out.glob("stories/*/index.html")))
    share = (THEME_DIR / "templates/partials/share.html").read_text(encoding="utf-8")
    edited = share.replace("{{ t('story.share') }}", "Pass this on", 1)
    assert edited != share
    edit(newsroom, "templates/partials/share.html", edited)
    report = assert_same_as_scratch(newsroom, tmp_path, "the article's share partial")
    assert report.rendered == articles  # only article.html includes it: no lists, feeds, sitemaps
    base = (THEME_DIR / "templates/base.html").read_text(encoding="utf-8")
    edit(newsroom, "templates/base.html", base.replace("</footer>", "</footer>\n<!-- edited -->", 1)
         if "</footer>" in base else base + "<!-- edited -->\n")
    report = assert_same_as_scratch(newsroom, tmp_path, "the base template")
    pages = len([p for p in newsroom.out.rglob("*.html") if p.name != "email.html"])  # (emails: their own)
    assert report.rendered == pages < full.rendered  # every page; no feed or sitemap


def test_an_edit_to_the_header_or_footer_rerenders_every_page(newsroom, tmp_path):
    newsroom.build()
    pages = len([p for p in newsroom.out.rglob("*.html") if p.name != "email.html"])
    for name, mark in (("partials/head.html", "<link"), ("partials/header.html", "<header"),
                       ("partials/footer.html", "<footer")):
        theme = (THEME_DIR / "templates" / name).read_text(encoding="utf-8")
        edit(newsroom, f"templates/{name}", theme.replace(mark, f"<!-- edited {name} -->\n{mark}", 1))
        report = assert_same_as_scratch(newsroom, tmp_path, name)
        assert report.rendered == pages and f"<!-- edited {name} -->" in newsroom.read("stories/s1/index.html")


def test_future_story_appears_when_due_without_any_file_change(newsroom, tmp_path):
    newsroom.build()
    assert not (newsroom.out / "stories/later").exists()
    later = BUILD_TIME + timedelta(days=1)
    report = assert_same_as_scratch(newsroom, tmp_path, build_time=later)
    assert (newsroom.out / "stories/later/index.html").is_file() and report.rendered > 0


def test_corrupt_cache_is_ignored(newsroom, tmp_path):
    newsroom.build()
    cache = newsroom.root / ".newsdigest-cache"
    for shard in (cache / "parsed").glob("*.json"):
        shard.write_text("{not json")
    for body in (cache / "bodies").rglob("*"):
        if body.is_file():
            body.write_bytes(b"0000\n<p>tampered</p>")
    for state in cache.glob("state-*.json"):
        state.write_text(json.dumps({"format": 1, "version": "0.0.0+other", "pages": {}}))
    edit(newsroom, "content/stories/s0.md", story("Story 0 again", date="2026-11-10T09:00", tags="[town0]"))
    assert_same_as_scratch(newsroom, tmp_path)
    assert "tampered" not in "".join(p.read_text() for p in newsroom.out.rglob("*.html"))


def test_cache_from_other_code_is_not_trusted(newsroom, tmp_path):
    newsroom.build()
    for parsed in (newsroom.root / ".newsdigest-cache/parsed").glob("*.json"):
        data = json.loads(parsed.read_text())
        for entry in data["entries"].values():
            entry["item"]["title"] = "Poisoned"
        data["version"] = "0.0.0+elsewhere"
        parsed.write_text(json.dumps(data))
    edit(newsroom, "content/stories/s5.md", story("Story 5 edited", date="2026-11-15T09:00"))
    assert_same_as_scratch(newsroom, tmp_path)
    assert "Poisoned" not in newsroom.read("index.html")


def test_deleting_the_output_rebuilds_it_whole(newsroom, tmp_path):
    first = newsroom.build()
    shutil.rmtree(newsroom.out)
    report = assert_same_as_scratch(newsroom, tmp_path)
    assert report.rendered == first.rendered


def kept_sets(site) -> dict[str, set[str]]:
    """What the build cache keeps for each output folder: the key in the files' names -> the
    kinds of file (state, detail, rails...) kept under it."""
    found: dict[str, set[str]] = {}
    for path in (site.root / ".newsdigest-cache").iterdir():
        named = re.fullmatch(r"([a-z]+)-([0-9a-f]{16})(\.json|\.pickle)?", path.name)
        if named:
            found.setdefault(named[2], set()).add(named[1])
    return found


def test_the_cache_lets_go_of_an_output_folder_that_is_gone(newsroom, tmp_path):
    newsroom.build(out=tmp_path / "elsewhere")
    newsroom.build()
    assert len(kept_sets(newsroom)) == 2
    shutil.rmtree(tmp_path / "elsewhere")
    edit(newsroom, "content/stories/s1.md", story("Story 1 again", date="2026-11-11T09:00"))
    newsroom.build()
    (key, kinds), = kept_sets(newsroom).items()
    state = json.loads((newsroom.root / f".newsdigest-cache/state-{key}.json").read_text())
    assert state["out"] == str(newsroom.out.resolve()) and {"state", "detail", "rails"} <= kinds
    assert newsroom.build().rendered == 0  # what is kept for the folder that is there still serves


def test_the_cache_lets_go_of_files_no_build_has_claimed_for_a_day(newsroom):
    newsroom.build()
    (key, _), = kept_sets(newsroom).items()
    cache = newsroom.root / ".newsdigest-cache"
    stale, fresh = "0123456789abcdef", "fedcba9876543210"
    (cache / f"rails-{stale}").mkdir()
    (cache / f"rails-{stale}/00.pickle").write_bytes(b"left by a killed build")
    (cache / f"state-{stale}.json").write_text('{"format": 1, "version": "0.1+older", "inputs": ""}')
    (cache / f"rails-{stale}.pickle").write_bytes(b"an older newsdigest kept rails in one file")
    (cache / f"detail-{fresh}.pickle").write_bytes(b"")  # another build may be writing it now
    (cache / f"rails-{key}.pickle").write_bytes(b"the site's own rails, as an older newsdigest kept them")
    two_days_ago = time.time() - 2 * 86400
    for path in cache.glob(f"*-{stale}*"):
        os.utime(path, (two_days_ago, two_days_ago))
    edit(newsroom, "content/stories/s2.md", story("Story 2 again", date="2026-11-12T09:00"))
    newsroom.build()
    sets = kept_sets(newsroom)
    assert stale not in sets and sets[fresh] == {"detail"} and len(sets) == 2
    assert not (cache / f"rails-{key}.pickle").exists() and (cache / f"rails-{key}").is_dir()


def test_no_cache_writes_no_cache_folder(newsroom):
    newsroom.build(cache=False)
    assert not (newsroom.root / ".newsdigest-cache").exists()


def test_the_look_at_the_inputs_finds_the_content_files_a_build_reads(tmp_path, monkeypatch):
    """An edit build compares each content file with the last build's by the stat taken in the
    one pass over every input: it must name exactly the files the reader reads."""
    from newsdigest.build.signature import look_at_inputs
    from newsdigest.content.files import content_files
    from newsdigest.content.names import STORIES_DIR, VIDEOS_DIR
    names = ["stories/a.md", "stories/B.MD", "stories/notes.txt", "stories/old.markdown",
             "stories/.hidden.md", "stories/_draft.md", "stories/~backup.md", "stories/photo.jpg",
             "stories/2026/11/deep.md", "stories/_private/d.md", "stories/.git/e.md",
             "videos/v.md", "videos/clip.mp4", "other/x.md", "top.md"]
    for name in names:
        path = tmp_path / "content" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("---\ntitle: x\n---\n")
    (tmp_path / "content/stories/link.md").symlink_to(tmp_path / "content/stories/a.md")
    read = {src for folder in (STORIES_DIR, VIDEOS_DIR) for src, _ in content_files(tmp_path, folder)}
    looked = look_at_inputs(tmp_path, []).content
    assert set(looked) == read
    monkeypatch.chdir(tmp_path)  # `newsdigest build --root .`, or no --root at all
    assert look_at_inputs(Path("."), []).content == looked == look_at_inputs(Path("./"), []).content
    # the same site named another way is the same inputs: no whole build for `--root /the/site`
    assert look_at_inputs(Path("."), []).signature == look_at_inputs(tmp_path, []).signature
    assert "content/stories/2026/11/deep.md" in read and "content/stories/link.md" in read
    assert looked["content/stories/a.md"][0] == len("---\ntitle: x\n---\n")


def test_a_long_folder_looked_at_on_every_core_gives_the_same_inputs(tmp_path, monkeypatch):
    """A folder of many files is stat'ed by this process and forked children (at 100,000
    stories, the look that a build with nothing to do costs): the same lines in the same order
    as one process makes, folders, links and all."""
    import newsdigest.build.signature as signature
    for n in range(300):
        (tmp_path / "content/stories" / (f"sub{n}" if n % 97 == 0 else "")).mkdir(parents=True, exist_ok=True)
        (tmp_path / "content/stories" / (f"sub{n}" if n % 97 == 0 else "") / f"s{n:03}.md").write_text("x" * n)
    (tmp_path / "content/stories/zlink.md").symlink_to(tmp_path / "content/stories/s001.md")
    (tmp_path / "content/stories/broken.md").symlink_to(tmp_path / "content/stories/gone.md")
    alone = signature.look_at_inputs(tmp_path, [])
    monkeypatch.setattr(signature, "MANY_FILES", 2)
    monkeypatch.setenv("NEWSDIGEST_JOBS", "3")
    split = signature.look_at_inputs(tmp_path, [])
    assert split == alone and len(alone.content) == 301
    assert alone.content["content/stories/zlink.md"] == alone.content["content/stories/s001.md"]
    assert alone.content["content/stories/sub97/s097.md"][0] == 97


def test_work_split_with_forked_children_comes_back_whole_and_in_order():
    """run_split: each share comes back in its place, and a child that fails has its share
    done by the parent."""
    import os
    from newsdigest.build.parallel import run_split
    items = list(range(1000))
    assert run_split(lambda n: n * n, items, 3) == [n * n for n in items]
    parent = os.getpid()
    assert run_split(lambda n: n if os.getpid() == parent else 1 / 0, items, 2) == items


@pytest.mark.parametrize("then", ["edit a body", "edit a template"])
def test_a_cache_that_lost_its_bodies_still_builds_every_page_whole(newsroom, tmp_path, then):
    """Items carry no Markdown: a body the cache no longer holds is read from its file again,
    by an edit build (feeds show other stories' bodies) and by a whole build alike."""
    site = newsroom
    site.build()
    shutil.rmtree(site.root / ".newsdigest-cache" / "bodies")
    if then == "edit a body":
        edit(site, "content/stories/s2.md", story("Story 2", date="2026-11-12T09:00",
                                                   tags="[town0, topic2]", body="A new body."))
    else:
        site.write({"templates/article.html": (THEME_DIR / "templates/article.html").read_text()
                    .replace("</article>", "<p>Edited template</p></article>", 1)})
    report = assert_same_as_scratch(site, tmp_path, then)
    assert report.rendered > 0
    assert "Body 3." in site.read("feed.xml") and "Body 4." in site.read("stories/s4/index.html")


def test_an_edit_build_keeps_what_the_site_knows_beyond_its_stories(make_site, tmp_path, monkeypatch):
    """An author's profile (content/authors) is shown on the author's page, which lists the
    edited story: the edit build must show it as a build from scratch does (it once dropped it)."""
    site = make_site({
        "content/authors/ann-lee.md": '---\nname: "Ann Lee"\nlinks: ["https://social.example.org/@ann"]\n'
                                      '---\n\nAnn covers the harbor and the ferry.\n',
        "content/stories/a.md": story("Ferry news", author='"Ann Lee"', tags="[harbor]"),
        "content/stories/b.md": story("Other news", date="2026-11-18T09:00", tags="[harbor]"),
    })
    site.build()
    import newsdigest.build.rebuild as rebuild

    def whole_build(*args, **kwargs):
        raise AssertionError("a whole build was made")
    monkeypatch.setattr(rebuild, "rebuild", whole_build)
    edit(site, "content/stories/a.md", story("Ferry news", author='"Ann Lee"', tags="[harbor]",
                                             body="The ferry runs again."))
    assert site.build().rendered > 0
    edit(site, "content/stories/b.md", story("Other news", date="2026-11-18T09:00", tags="[harbor]",
                                             body="Second edit, on a site edited once already."))
    assert site.build().rendered > 0
    monkeypatch.undo()
    page = site.read("authors/ann-lee/index.html")
    assert "Ann covers the harbor and the ferry." in page and "The ferry runs again." not in page
    assert_same_as_scratch(site, tmp_path, "two edit builds")


def _lose_saved_model(site):
    for path in (site.root / ".newsdigest-cache").glob("model-*.pickle"):
        path.write_bytes(b"damaged" if "1" in path.name else b"")


SEQUENCE_STEPS = [
    ("edit a body", lambda s, n: edit(s, "content/stories/s1.md", story(
        "Story 1", date="2026-11-11T09:00", tags="[town1, topic1]", body=f"Body, version {n}."))),
    ("retitle", lambda s, n: edit(s, "content/stories/s2.md", story(
        f"Story 2, take {n}", date="2026-11-12T09:00", tags="[town0, topic2]", body="Body 2."))),
    ("edit a video", lambda s, n: edit(s, "content/videos/v1.md", video(
        f"Video 1, cut {n}", date="2026-11-02T08:00", tags="[town1]"))),
    ("edit a pinned video's story", lambda s, n: edit(s, "content/stories/pinned.md", story(
        "Pinned", tags="[town1]", videos="[v2, v0]", body=f"Pins, version {n}."))),
    ("move a story to a new tag", lambda s, n: edit(s, "content/stories/s3.md", story(
        "Story 3", date="2026-11-13T09:00", tags=f"[town1, moved{n % 2}]", body="Body 3."))),
    ("lose the saved model", lambda s, n: _lose_saved_model(s)),
    ("change nothing", lambda s, n: None),
    ("edit the digest's templates", lambda s, n: _edit_email_templates(s, f"Note {n}")),
    ("damage the saved digest editions", lambda s, n: _damage_saved_fragments(s)),
]


def _damage_saved_fragments(site):
    for path in (site.root / ".newsdigest-cache").glob("fragments-*.pickle"):
        path.write_bytes(path.read_bytes()[:len(path.read_bytes()) // 2])


@pytest.mark.parametrize("order", ["0 1 0 2 1 3 1 4 0 5 1 6 2", "0 7 0 1 8 0 6 7 2", "seed 3", "seed 11"])
def test_any_sequence_of_edits_builds_exactly_a_scratch_build(newsroom, tmp_path, order):
    """Edit builds start from the model the last whole build saved plus the records of files
    edited since: a mix of edits that move nothing, edits that make a whole build, and a saved
    model lost or damaged (one fixed order that edits files again between whole builds, and
    seeded ones), each followed by a build that must equal one from scratch."""
    import random
    if order.startswith("seed"):
        pick = random.Random(int(order.split()[1]))
        steps = [pick.randrange(len(SEQUENCE_STEPS)) for _ in range(8)]
    else:
        steps = [int(n) for n in order.split()]
    site = newsroom
    site.build()
    for n, step in enumerate(steps):
        name, change = SEQUENCE_STEPS[step]
        change(site, n)
        assert_same_as_scratch(site, tmp_path, f"step {n}: {name}")


def test_an_edit_build_makes_again_only_the_digest_edition_it_changed(newsroom, tmp_path, monkeypatch):
    """The digest's feed carries its newest editions whole; the build keeps them between builds
    (under their stories' hashes and the templates'), so an edit makes only its own again."""
    from newsdigest.render import email
    newsroom.build()
    made = []
    inline = email.css_inline.inline_fragment
    monkeypatch.setattr(email.css_inline, "inline_fragment",
                        lambda body, css: made.append(body) or inline(body, css))
    email._RECENT.clear()  # as in a new process: nothing made in this one counts
    checked = feed_checks(monkeypatch)
    edit(newsroom, "content/stories/s1.md", story("Story 1 retold", date="2026-11-11T09:00",
                                                  tags="[town1, topic1]", body="A new body."))
    report = newsroom.build()
    assert "digest/feed.xml" in tree(newsroom.out) and 0 < report.rendered < 25
    assert len(made) == 1 and "Story 1" in made[0]
    # The check reads only what is new: the edition's item in the digest's feed, the story's
    # item once in all the feeds that show it (the rest passed in the build that wrote them).
    assert checked["https://news.example.org/digest/"] == 1 and sum(checked.values()) == 2, checked
    assert_same_as_scratch(newsroom, tmp_path, "the edit")


def test_an_edit_build_makes_again_only_the_feed_entries_it_changed(newsroom, tmp_path, monkeypatch):
    """An edit build takes the feed entries it does not change from the feeds as the last build
    wrote them: an edited story's entries are made again, and those of a story whose pinned
    video was edited; a feed that no longer holds what the build wrote is made whole."""
    from newsdigest.render.feed_entries import FeedEntries
    newsroom.build()
    made = []
    write = FeedEntries._write
    monkeypatch.setattr(FeedEntries, "_write", lambda self, head, urls, s, pinned, atom:
                        made.append(s.src_path) or write(self, head, urls, s, pinned, atom))
    edit(newsroom, "content/stories/s1.md", story("Story 1", date="2026-11-11T09:00",
                                                  tags="[town1, topic1]", body="A new body."))
    assert 0 < newsroom.build().rendered < 25
    assert made == ["content/stories/s1.md"] * 2  # its RSS and its Atom entry
    assert_same_as_scratch(newsroom, tmp_path, "the story's edit")
    made.clear()
    edit(newsroom, "content/videos/v2.md", video("Video two, recut", date="2026-11-03T08:00", tags="[town0]"))
    assert 0 < newsroom.build().rendered < 25
    assert made == ["content/stories/pinned.md"] * 2  # its entries carry the video
    assert_same_as_scratch(newsroom, tmp_path, "the pinned video's edit")
    made.clear()
    feed = newsroom.out / "feed.xml"
    text = feed.read_bytes()
    start = text.index(b"    <item>")
    feed.write_bytes(text[:start] + text[text.index(b"    <item>", start + 1):])  # one item gone
    edit(newsroom, "content/stories/s2.md", story("Story 2", date="2026-11-12T09:00",
                                                  tags="[town0, topic2]", body="Another body."))
    newsroom.build()
    assert "content/stories/s1.md" in made  # in feed.xml, not in town0's or topic2's feeds
    assert_same_as_scratch(newsroom, tmp_path, "the edit after a feed lost an item")


def test_a_packed_story_is_the_story_it_was_saved_from(make_site):
    """The saved model keeps each story's fields packed until one is asked for (snapshot.py):
    read back, a story is equal to the one saved, field for field, and behaves as one."""
    import copy
    import pickle

    from newsdigest.build.cache import BuildCache
    from newsdigest.build.snapshot import save_snapshot
    from newsdigest.render.pictures import SitePictures
    from newsdigest.build.engine import load_content, BuildOptions
    site = make_site({"content/stories/a.md": story("Ferry news", author='"Ann Lee"', tags="[harbor]",
                                                    corrections='[{date: 2026-11-21T10:00, text: "Fixed a name."}]'),
                      "content/videos/v.md": video("Ferry video", tags="[harbor]")})
    model, content, _ = load_content(BuildOptions(site.root, site.root / "site"))
    cache = BuildCache(site.root)
    save_snapshot(cache, site.root / "site", model, content, SitePictures())
    saved = next((site.root / ".newsdigest-cache").glob("model-*.pickle"))
    (_, loaded, saved_content, _, shelf), after_pickle = cache.load_pickle_and_tail(saved.name)
    assert len(after_pickle) > 8  # the blobs are written after the pickle, then their length
    assert shelf.open(after_pickle) and not shelf.open(after_pickle[:-1])  # one byte short
    assert saved_content.hashes == {} and content.hashes  # the detail has them: not saved twice
    for before, after in zip((*model.stories, *model.videos), (*loaded.stories, *loaded.videos)):
        assert set(after.__dict__) == {"src_path", "slug", "_packed"}  # nothing read yet
        assert after.tags == before.tags == ("harbor",)  # a field with a default, asked first
        assert after == before and hash(after) == hash(before) and repr(after) == repr(before)
        assert "_packed" not in after.__dict__ and vars(after) == vars(before)
        assert copy.deepcopy(after) == before and pickle.loads(pickle.dumps(after)) == before
        with pytest.raises(AttributeError, match="has no attribute 'nope'"):
            after.nope
    assert loaded.stories[0].corrections[0].text == "Fixed a name."


def test_content_finds_an_item_by_its_path_in_any_order(make_site):
    """Edit builds and serve look items up by path (Content.item_at) instead of indexing all
    of them: in the order files are read, and in any other order too."""
    from dataclasses import replace

    from newsdigest.build.engine import load_content, BuildOptions
    site = make_site({f"content/stories/{name}.md": story(f"Story {name}") for name in ("b", "a", "c", "a-1")}
                     | {"content/videos/v.md": video("A video")})
    _, content, _ = load_content(BuildOptions(site.root, site.root / "site"))
    shuffled = replace(content, stories=content.stories[::-1])
    for found in (content, shuffled):
        for item in (*content.stories, *content.videos):
            assert found.item_at(item.src_path) is item
        assert found.item_at("content/stories/d.md") is None and found.item_at("content/videos/a.md") is None
    new = replace(content.stories[1], title="Changed")
    stories, videos = shuffled.replacing({new.src_path: new})
    assert [s.title for s in stories] == ["Story c", "Story b", "Changed", "Story a-1"] and videos == content.videos


def test_the_inputs_name_the_content_files_changed_since_a_build_or_say_one_came_or_went(make_site):
    """An edit build learns which files changed by comparing stat lines whole; a file added or
    removed, even with another changed or a non-content file added to keep the count, is
    noticed (None: a whole build)."""
    import os

    from newsdigest.build.signature import look_at_inputs
    site = make_site({f"content/stories/{n}.md": story(f"Story {n}") for n in "abc"}
                     | {"content/videos/v.md": video("A video")})
    root = site.root

    def sources():
        return {p: (*stat, "hash") for p, stat in look_at_inputs(root, []).content.items()}

    def touch(rel, text=None, at=None):
        path = root / rel
        if text is not None:
            path.write_text(text)
        if at:
            os.utime(path, ns=(at, at))

    before = sources()
    assert look_at_inputs(root, []).changed_since(before) == {}
    touch("content/stories/b.md", at=1_700_000_000_000_000_000)
    touch("content/videos/v.md", text=video("A video, longer now"))
    changed = look_at_inputs(root, []).changed_since(before)
    assert changed == {p: look_at_inputs(root, []).content[p]
                       for p in ("content/stories/b.md", "content/videos/v.md")}
    now = sources()
    assert look_at_inputs(root, []).changed_since(now) == {}
    (root / "content/stories/d.md").write_text(story("Story d"))
    assert look_at_inputs(root, []).changed_since(now) is None  # added
    (root / "content/stories/d.md").unlink()
    (root / "content/stories/a.md").unlink()
    (root / "content/stories/photo.jpg").write_bytes(b"not a story")  # the same count of lines
    assert look_at_inputs(root, []).changed_since(now) is None  # removed
    (root / "content/stories/a.md").write_text(story("Story a"))
    (root / "content/stories/c.md").rename(root / "content/stories/c0.md")
    assert look_at_inputs(root, []).changed_since(now) is None  # renamed


def test_an_edit_build_reads_only_the_saved_rails_of_the_pages_it_renders(newsroom, monkeypatch):
    from newsdigest.build.cache import BuildCache
    newsroom.build()
    rails = [p for p in (newsroom.root / ".newsdigest-cache").glob("rails-*/*.pickle")]
    assert len(rails) == 256
    read = []
    load = BuildCache.load_pickle
    monkeypatch.setattr(BuildCache, "load_pickle", lambda self, name: read.append(name) or load(self, name))
    edit(newsroom, "content/stories/s1.md", story("Story 1", date="2026-11-11T09:00",
                                                  tags="[town1, topic1]", body="A new body."))
    assert newsroom.build().rendered > 0
    assert len([name for name in read if name.startswith("rails-")]) == 1  # the story page's rail


def test_a_saved_detail_reads_back_as_saved_and_a_torn_one_is_not_trusted(newsroom, tmp_path):
    """The detail keeps its sources in columns and the output files that show them packed into
    one run of numbers (last_build.py): read back, whole build's or edit build's, it names the same
    files; with a column torn, the next build trusts none of it and is whole, and right."""
    from newsdigest.build.cache import BuildCache
    from newsdigest.build.last_build import LastBuild

    def saved():
        cache = BuildCache(newsroom.root)
        last = LastBuild.load(cache, newsroom.out)
        assert last.load_detail(cache, newsroom.out)
        return last.detail.pages, last.detail.sources, dict(last.detail.shown_in)

    full = newsroom.build()
    pages, sources, shown = saved()
    assert set(sources) == {p.relative_to(newsroom.root).as_posix()
                            for p in (newsroom.root / "content").rglob("*.md")}
    assert {"stories/s1/index.html", "feed.xml", "tags/town1/index.html"} <= set(shown["content/stories/s1.md"])
    assert all(set(files) <= set(pages) for files in shown.values())
    edit(newsroom, "content/stories/s1.md", story("Story 1", date="2026-11-11T09:00",
                                                  tags="[town1, topic1]", body="Changed body."))
    assert 0 < newsroom.build().rendered < full.rendered
    pages_now, sources_now, shown_now = saved()
    assert shown_now == shown and pages_now.keys() == pages.keys()
    assert sources_now["content/stories/s1.md"] != sources["content/stories/s1.md"]
    assert {p: s for p, s in sources_now.items() if p != "content/stories/s1.md"} == \
        {p: s for p, s in sources.items() if p != "content/stories/s1.md"}
    for n, tear in enumerate([lambda columns: columns["shown_ends"].pop(),
                              lambda columns: columns.update(shown=columns["shown"][:-4])]):
        [detail] = (newsroom.root / ".newsdigest-cache").glob("detail-*.pickle")
        fmt, version, data = pickle.loads(detail.read_bytes())
        tear(data["sources"])
        detail.write_bytes(pickle.dumps((fmt, version, data)))
        edit(newsroom, "content/stories/s2.md", story("Story 2", date="2026-11-12T09:00",
                                                      tags="[town0, topic2]", body=f"Changed, {n}."))
        assert assert_same_as_scratch(newsroom, tmp_path, f"a torn detail {n}").rendered == full.rendered


def test_an_edit_build_saves_what_it_changed_beside_the_detail_not_the_detail_again(newsroom, tmp_path, monkeypatch):
    """The detail of a large site is tens of megabytes: an edit build saves a journal of the
    rows it changed since the detail was saved whole, until the journal grows too long."""
    from newsdigest.build import last_build
    full = newsroom.build()
    [detail] = (newsroom.root / ".newsdigest-cache").glob("detail-*.pickle")
    whole = detail.read_bytes()
    for n in range(3):
        edit(newsroom, "content/stories/s1.md", story("Story 1", date="2026-11-11T09:00",
                                                      tags="[town1, topic1]", body=f"Body, take {n}."))
        assert 0 < newsroom.build().rendered < full.rendered
    assert detail.read_bytes() == whole
    [journal] = (newsroom.root / ".newsdigest-cache").glob("journal-*.json")
    saved = json.loads(journal.read_text())
    assert set(saved["sources"]) == {"content/stories/s1.md"} and "stories/s1/index.html" in saved["pages"]
    edit(newsroom, "content/stories/s2.md", story("Story 2", date="2026-11-12T09:00",
                                                  tags="[town0, topic2]", body="Changed."))
    assert assert_same_as_scratch(newsroom, tmp_path, "edits in a journal").rendered < full.rendered
    assert set(json.loads(journal.read_text())["sources"]) == {"content/stories/s1.md", "content/stories/s2.md"}
    monkeypatch.setattr(last_build, "JOURNAL_LIMIT", 1)
    edit(newsroom, "content/stories/s3.md", story("Story 3, retitled", date="2026-11-13T09:00",
                                                  tags="[town1, topic0]", body="Changed as well."))
    assert assert_same_as_scratch(newsroom, tmp_path, "past the journal's limit").rendered < full.rendered
    assert detail.read_bytes() != whole  # saved whole again, with every edit in it
    assert pickle.loads(detail.read_bytes())[2]["edited_since_model"] == tuple(f"content/stories/s{n}.md" for n in (1, 2, 3))
    edit(newsroom, "content/stories/s1.md", story("Story 1", date="2026-11-11T09:00",
                                                  tags="[town1, topic1]", body="Body, take 4."))
    # The model saved by the whole build has the old s3, listed beside s1 (town1): the records
    # of every file edited since are swapped in
    assert assert_same_as_scratch(newsroom, tmp_path, "an edit after").rendered < full.rendered
    [journal] = (newsroom.root / ".newsdigest-cache").glob("journal-*.json")
    edit(newsroom, "content/stories/s3.md", story("Story 3, retitled", date="2026-11-13T09:00",
                                                  tags="[town1, topic0]", body="Changed as well."))
    newsroom.build()
    data = json.loads(journal.read_text())
    data["pages"]["stories/nowhere/index.html"] = "0" * 32  # a journal of some other detail
    journal.write_text(json.dumps(data))
    edit(newsroom, "content/stories/s4.md", story("Story 4", date="2026-11-14T09:00",
                                                  tags="[town0, topic1]", body="Changed once more."))
    assert assert_same_as_scratch(newsroom, tmp_path, "a journal of another detail").rendered == full.rendered


def test_an_edit_names_the_folder_as_going_over_every_file_would():
    """The marker's generation is a sum over the files (generation.py): an edit build takes
    out the replaced files' terms and adds their new ones, and gets what a whole build gets."""
    from newsdigest.build.generation import generation_after, generation_of
    pages = {f"stories/s{n}/index.html": f"{n:032x}" for n in range(50)}
    before = generation_of(pages)
    assert before == generation_of(dict(reversed(pages.items())))
    now = {"stories/s3/index.html": "a" * 32, "stories/s7/index.html": ""}
    after = generation_of({**pages, **now})
    assert generation_after(before, {p: pages[p] for p in now}, now) == after != before
    assert len(after) == 24 and int(after, 16) >= 0
