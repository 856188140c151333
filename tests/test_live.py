"""serve's quick path (live.py): a save applied to the site kept in memory rewrites only what shows
the saved file, and leaves exactly the bytes a build from scratch would give."""

import os
from dataclasses import fields, is_dataclass
from functools import partial

import pytest
from conftest import BUILD_TIME, SITE_TOML, images, story, video
from test_incremental import feed_checks
from test_publish import tree as hashes

from newsdigest.build.engine import BuildOptions, build, build_kept
from newsdigest.build.output import MARKER
from newsdigest.build import quick
from newsdigest.build.quick import ContentErrors, KeptSite
from newsdigest.content.models import Story, Video
from newsdigest.errors import BuildError
from newsdigest.serve.server import Preview
from newsdigest.site.digest import Edition

FILES = {
    "content/stories/fire.md": story("Fire on Main Street", date="2026-11-20T09:00",
                                     tags="[millbrook, fire]", videos="[harbor]", body="Crews came."),
    "content/stories/bridge.md": story("Bridge reopens", date="2026-11-18T08:00", tags="[eastport]",
                                       summary='"Traffic is back."', author='"Ann Lee"'),
    "content/stories/vote.md": story("Budget vote", date="2026-11-15T18:00", tags="[millbrook]",
                                     updated="2026-11-21T10:00"),
    "content/stories/draft.md": story("Unfinished", date="2026-11-19T07:00", draft="true"),
    "content/stories/later.md": story("Embargoed", date="2026-12-02T06:00"),
    "content/videos/harbor.md": video("Harbor at dawn", date="2026-11-17T06:00", tags="[millbrook]"),
    "content/videos/council.md": video("Council meets", date="2026-11-10T19:00", tags="[eastport]"),
    **images("/images/vote.jpg"),
}


def tree(folder):
    """Every file's hash; the marker by its file list (its generation names the last whole
    build, which quick saves keep)."""
    found = hashes(folder)
    marker = (folder / MARKER).read_text(encoding="utf-8")
    found[MARKER] = "\n".join(line for line in marker.splitlines() if not line.startswith("generation: "))
    return found


def serve_options(site, out):
    return BuildOptions(site.root, out, drafts=True, future=True, preview=True, build_time=BUILD_TIME)


@pytest.fixture
def live(make_site, tmp_path):
    site = make_site(FILES)
    out = tmp_path / "served"
    report, built = build_kept(serve_options(site, out), None)
    assert report.stories == 5
    return site, out, KeptSite(built)


def assert_same_as_scratch(site, out, tmp_path, step):
    scratch = tmp_path / "scratch"
    build(BuildOptions(site.root, scratch, drafts=True, future=True, preview=True,
                       build_time=BUILD_TIME, cache=False))
    served, expected = tree(out), tree(scratch)
    assert served == expected, f"after '{step}': " + ", ".join(
        sorted(p for p in set(served) | set(expected) if served.get(p) != expected.get(p)))


QUICK = [  # saves that change what a story or video shows, not where it appears
    ("edit a body", "content/stories/fire.md",
     story("Fire on Main Street", date="2026-11-20T09:00", tags="[millbrook, fire]",
           videos="[harbor]", body="Crews came. *Two* were hurt.")),
    ("retitle the newest story", "content/stories/fire.md",
     story("Fire on Main Street: two hurt", date="2026-11-20T09:00", tags="[millbrook, fire]",
           videos="[harbor]", body="Crews came.")),
    ("change the summary", "content/stories/bridge.md",  # (a new byline moves it: author pages)
     story("Bridge reopens", date="2026-11-18T08:00", tags="[eastport]",
           summary='"Traffic flows again."', author='"Ann Lee"')),
    ("add an image", "content/stories/vote.md",
     story("Budget vote", date="2026-11-15T18:00", tags="[millbrook]", updated="2026-11-21T10:00",
           image="/images/vote.jpg", image_alt='"Council chamber"', caption='"The vote."')),
    ("add an older correction", "content/stories/vote.md",
     story("Budget vote", date="2026-11-15T18:00", tags="[millbrook]", updated="2026-11-21T10:00",
           corrections='[{date: "2026-11-16T09:00", text: "An earlier version gave the wrong total."}]')),
    ("edit a draft", "content/stories/draft.md",
     story("Still unfinished", date="2026-11-19T07:00", draft="true", body="More notes.")),
    ("edit a future story", "content/stories/later.md",
     story("Embargoed, revised", date="2026-12-02T06:00")),
    ("retitle a video shown in rails", "content/videos/harbor.md",
     video("Harbor at first light", date="2026-11-17T06:00", tags="[millbrook]", duration='"2:05"')),
    ("add an unknown field (a warning)", "content/stories/bridge.md",
     story("Bridge reopens", date="2026-11-18T08:00", tags="[eastport]", summery='"typo"',
           author='"Ann Lee"')),
]


def test_saves_that_move_nothing_are_applied_and_match_a_build_from_scratch(live, tmp_path):
    site, out, kept = live
    for step, rel, text in QUICK:
        site.write({rel: text})
        report = kept.apply([str(site.root / rel)])
        assert report is not None, f"'{step}' needed a whole build"
        assert report.rendered >= 1, step
        assert_same_as_scratch(site, out, tmp_path, step)
    assert any(w.field == "summery" for w in report.warnings)


def test_serve_and_build_after_the_same_saves_render_the_same_files(live, tmp_path):
    site, out, kept = live
    other = tmp_path / "built"
    build(serve_options(site, other))
    for step, rel, text in QUICK:
        site.write({rel: text})
        served = kept.apply([str(site.root / rel)])
        built = build(serve_options(site, other))
        assert (served.rendered, tree(out)) == (built.rendered, tree(other)), step


def test_a_save_rewrites_only_the_files_that_show_the_item(live, tmp_path):
    site, out, kept = live
    before = tree(out)
    inodes = {p: (out / p).stat().st_ino for p in before}
    site.write({"content/stories/bridge.md": story("Bridge reopens", date="2026-11-18T08:00",
                                                   tags="[eastport]", summary='"Traffic is back."',
                                                   author='"Ann Lee"', body="A new paragraph.")})
    report = kept.apply([str(site.root / "content/stories/bridge.md")])
    changed = sorted(p for p in before if tree(out).get(p) != before[p])
    assert changed == ["atom.xml", "authors/ann-lee/atom.xml", "authors/ann-lee/feed.xml", "feed.xml",
                       "stories/bridge/index.html", "tags/eastport/atom.xml",
                       "tags/eastport/feed.xml"]  # a card shows no body: the lists stay as they are
    replaced = sorted(p for p in before if (out / p).stat().st_ino != inodes[p])
    assert replaced == changed  # each replaced by a rename; nothing else touched
    assert len(changed) <= report.rendered < 30  # its lists, feeds, author page, digest edition and emails


def test_saving_unchanged_bytes_rewrites_nothing(live):
    site, out, kept = live
    before = tree(out)
    site.write({"content/stories/fire.md": FILES["content/stories/fire.md"]})
    report = kept.apply([str(site.root / "content/stories/fire.md")])
    assert report is not None and report.rendered == 0 and tree(out) == before


@pytest.mark.parametrize("step, rel, text", [
    ("a new date", "content/stories/fire.md", story("Fire", date="2026-11-01T09:00", tags="[millbrook, fire]",
                                                     videos="[harbor]")),
    ("a new tag", "content/stories/bridge.md", story("Bridge reopens", date="2026-11-18T08:00",
                                                     tags="[eastport, roads]")),
    ("a new pin", "content/stories/bridge.md", story("Bridge reopens", date="2026-11-18T08:00",
                                                     tags="[eastport]", videos="[council]")),
    ("a draft made public", "content/stories/draft.md", story("Unfinished", date="2026-11-19T07:00")),
    ("a new update time", "content/stories/vote.md", story("Budget vote", date="2026-11-15T18:00",
                                                           tags="[millbrook]", updated="2026-11-22T10:00")),
    ("a new file", "content/stories/new.md", story("New school opens")),
    ("a video's new tags", "content/videos/council.md", video("Council meets", date="2026-11-10T19:00",
                                                             tags="[millbrook]")),
    ("a template", "templates/partials/share.html", "<p>Share</p>\n"),
])
def test_saves_that_move_things_need_a_whole_build_which_then_matches(live, tmp_path, step, rel, text):
    site, out, kept = live
    site.write({rel: text})
    assert kept.apply([str(site.root / rel)]) is None
    report, built = build_kept(serve_options(site, out), kept.last)
    assert_same_as_scratch(site, out, tmp_path, step)


def test_a_deleted_file_needs_a_whole_build(live):
    site, out, kept = live
    (site.root / "content/stories/bridge.md").unlink()
    assert kept.apply([str(site.root / "content/stories/bridge.md")]) is None


def test_a_broken_save_changes_nothing_and_the_fix_is_applied(live, tmp_path):
    site, out, kept = live
    before = tree(out)
    site.write({"content/stories/fire.md": story("Fire", date="March 32", tags="[millbrook, fire]")})
    with pytest.raises(ContentErrors) as raised:
        kept.apply([str(site.root / "content/stories/fire.md")])
    problem = [p for p in raised.value.problems if not p.warning][0]
    assert (problem.path, problem.line, problem.field) == ("content/stories/fire.md", 3, "date")
    assert tree(out) == before
    site.write({"content/stories/fire.md": story("Fire, fixed", date="2026-11-20T09:00",
                                                 tags="[millbrook, fire]", videos="[harbor]")})
    assert kept.apply([str(site.root / "content/stories/fire.md")]) is not None
    assert_same_as_scratch(site, out, tmp_path, "the fix")


def test_whole_builds_after_quick_saves_reuse_only_what_is_on_disk(live, tmp_path):
    # After a quick save, the files on disk differ from what the saved state says; a later whole
    # build (a template change in the same session, or a new serve) must not link a stale file.
    site, out, kept = live
    original = FILES["content/stories/bridge.md"]
    site.write({"content/stories/bridge.md": original.replace("Bridge reopens", "Bridge shut")})
    assert kept.apply([str(site.root / "content/stories/bridge.md")]) is not None
    site.write({"content/stories/bridge.md": original})  # reverted: the first build's fingerprints
    site.write({"templates/partials/share.html": "<p>Share</p>\n"})
    report, built = build_kept(serve_options(site, out), kept.last)
    assert_same_as_scratch(site, out, tmp_path, "template change after a reverted quick save")
    kept = KeptSite(built)
    site.write({"content/stories/bridge.md": original.replace("Bridge reopens", "Bridge shut")})
    assert kept.apply([str(site.root / "content/stories/bridge.md")]) is not None
    site.write({"content/stories/bridge.md": original})
    build(serve_options(site, out))  # a new process: the state on disk is gone, nothing is linked
    assert_same_as_scratch(site, out, tmp_path, "a new build after a reverted quick save")


def test_preview_applies_saves_and_falls_back_to_whole_builds(make_site, tmp_path):
    site = make_site(FILES)
    said = []
    preview = Preview(site.root, tmp_path / "served", lambda message, problems: said.append(message))
    assert preview.rebuild() and said[-1].startswith("newsdigest: built 5 stories")
    fire = str(site.root / "content/stories/fire.md")
    site.write({"content/stories/fire.md": FILES["content/stories/fire.md"].replace("Crews", "Firefighters")})
    assert preview.rebuild([fire]) and said[-1].startswith("newsdigest: updated ")
    site.write({"content/stories/fire.md": story("Fire", date="2026-11-20T09:00", body="x")})
    assert preview.rebuild([fire]) and said[-1].startswith("newsdigest: built 5 stories")
    site.write({"content/stories/fire.md": story("Fire", date="bad")})
    assert not preview.rebuild([fire]) and preview.status.problems
    site.write({"content/stories/vote.md": FILES["content/stories/vote.md"].replace("Budget", "Tax")})
    # the broken file is read again with the next save, so the error stands
    assert not preview.rebuild([str(site.root / "content/stories/vote.md")])
    site.write({"content/stories/fire.md": story("Fire", date="2026-11-20T09:00", body="y")})
    assert preview.rebuild([fire]) and not preview.status.problems
    assert "Tax vote" in (tmp_path / "served/stories/vote/index.html").read_text(encoding="utf-8")


def test_a_template_error_drops_the_kept_site(make_site, tmp_path):
    site = make_site(FILES)
    preview = Preview(site.root, tmp_path / "served", lambda message, problems: None)
    assert preview.rebuild()
    site.write({"templates/article.html": "{% block %}"})
    assert not preview.rebuild([str(site.root / "templates/article.html")])
    assert preview.kept is None
    fire = str(site.root / "content/stories/fire.md")
    site.write({"content/stories/fire.md": FILES["content/stories/fire.md"].replace("Crews", "Teams")})
    assert not preview.rebuild([fire])  # a whole build, which still meets the broken template
    with pytest.raises(BuildError):
        build_kept(serve_options(site, tmp_path / "other"), None)


def _served_on_every_core(make_site, tmp_path, count: int, tags):
    """A site of `count` stories (tags(i) the tags of story i), and serve's options for it with
    two worker processes: enough files that its first build forks them."""
    files = {f"content/stories/s{i}.md": story(f"Story {i}", date=f"2026-11-{1 + i % 20:02d}T09:00",
                                               tags=tags(i), body=f"Body {i}.")
             for i in range(count)}
    site, out = make_site(files), tmp_path / "served"
    return site, out, BuildOptions(site.root, out, drafts=True, future=True, preview=True,
                                   build_time=BUILD_TIME, jobs=2)


def test_the_first_save_makes_again_only_the_digest_edition_it_changed(make_site, tmp_path, monkeypatch):
    """serve's first build renders on every core, so the digest's editions were made in other
    processes; the build hands them back, and the first save makes only its own edition again."""
    from newsdigest.render import email
    site, out, options = _served_on_every_core(make_site, tmp_path, 40, lambda i: f"[town{i % 3}]")
    kept = KeptSite(build_kept(options, None)[1])
    email._RECENT.clear()  # as when the feed was rendered in a worker process
    checked = feed_checks(monkeypatch, new_process=False)  # serve saves in its first build's
    made = []
    inline = email.css_inline.inline_fragment
    monkeypatch.setattr(email.css_inline, "inline_fragment",
                        lambda body, css: made.append(body) or inline(body, css))
    site.write({"content/stories/s5.md": story("Story 5 retold", date="2026-11-06T09:00",
                                               tags="[town2]", body="A new body.")})
    report = kept.apply([str(site.root / "content/stories/s5.md")])
    assert report is not None and "digest/feed.xml" in kept.rewritten
    assert len(made) == 1 and "Story 5" in made[0]
    # The check reads only the new items (the edition's, the story's once in all its feeds):
    # every other item of the feeds it rewrote was checked by the worker that made it.
    assert checked["https://news.example.org/digest/"] == 1 and sum(checked.values()) == 2, checked
    assert_same_as_scratch(site, out, tmp_path, "the first save")


def test_the_first_save_makes_again_only_the_feed_entries_of_the_saved_story(make_site, tmp_path, monkeypatch):
    """serve's first build renders its feeds on every core; the build hands their entries back,
    so the first save makes the saved story's entries and reuses every other in its feeds."""
    from newsdigest.render.feed_entries import FeedEntries
    site, out, options = _served_on_every_core(make_site, tmp_path, 60,
                                               lambda i: f"[town{i % 3}, topic{i % 2}]")
    makers = tmp_path / "makers"  # the process of each entry made (workers cannot append to a list here)
    write = FeedEntries._write

    def noted(self, head, urls, made_from, pinned, atom):
        with makers.open("a") as file:
            file.write(f"{os.getpid()}\n")
        return write(self, head, urls, made_from, pinned, atom)
    monkeypatch.setattr(FeedEntries, "_write", noted)
    kept = KeptSite(build_kept(options, None)[1])
    assert str(os.getpid()) not in makers.read_text().split(), "the first build did not use workers"
    made = []
    monkeypatch.setattr(FeedEntries, "_write", lambda self, head, urls, s, pinned, atom:
                        made.append(s.src_path) or write(self, head, urls, s, pinned, atom))
    site.write({"content/stories/s5.md": story("Story 5", date="2026-11-06T09:00",
                                               tags="[town2, topic1]", body="A new body.")})
    report = kept.apply([str(site.root / "content/stories/s5.md")])
    feeds = [p for p in kept.rewritten if p.endswith(("feed.xml", "atom.xml"))
             and not p.startswith(("videos/", "digest/"))]  # (their items are not stories)
    assert report is not None and "feed.xml" in feeds and len(feeds) >= 6
    assert made == ["content/stories/s5.md"] * 2  # its RSS and its Atom entry, put in every feed
    assert_same_as_scratch(site, out, tmp_path, "the first save")


def test_a_save_makes_each_part_of_its_digest_email_once(live, tmp_path, monkeypatch):
    """The edition a saved story is in shows in its page, its email.html and email.txt, and
    the two parts of its email.eml: the save swaps it once for all four, so each part is
    rendered once (at 100,000 stories each part took 10 to 20 ms), and the files match a
    build from scratch."""
    from newsdigest.render import email
    site, out, kept = live
    made: list[str] = []
    render_template = email.render_template

    def counted(env, name, *args, **kwargs):
        made.append(name)
        return render_template(env, name, *args, **kwargs)
    monkeypatch.setattr(email, "render_template", counted)
    emails = {p: p.read_bytes() for p in out.glob("digest/*/email.*")}
    rel = "content/stories/fire.md"
    site.write({rel: story("Fire on Main Street, two hurt", date="2026-11-20T09:00",
                           tags="[millbrook, fire]", videos="[harbor]", body="Crews came.")})
    assert kept.apply([str(site.root / rel)]).rendered >= 4
    assert made.count("email/digest.txt") == 1 and made.count("email/digest.html") == 1, made
    changed = sorted(p.name for p, data in emails.items() if p.read_bytes() != data)
    assert changed == ["email.eml", "email.html", "email.txt"]
    assert_same_as_scratch(site, out, tmp_path, "a save in the digest")


def _reachable(value, kind: type, seen: set[int] | None = None):
    """Every `kind` record a planned file's parts hold, looking into partials, containers and
    records (not into stories and videos)."""
    seen = set() if seen is None else seen
    if id(value) in seen or isinstance(value, (str, bytes, int, float, Story, Video)):
        return
    seen.add(id(value))
    if isinstance(value, kind):
        yield value
    if isinstance(value, partial):
        parts = (*value.args, *value.keywords.values())
    elif isinstance(value, (tuple, list)):
        parts = value
    elif isinstance(value, dict):
        parts = value.values()
    elif is_dataclass(value) and not isinstance(value, type):
        parts = [getattr(value, f.name) for f in fields(value)]
    else:
        parts = ()
    for part in parts:
        yield from _reachable(part, kind, seen)


def test_a_save_leaves_every_file_holding_the_models_own_editions(make_site, tmp_path, monkeypatch):
    """After saves, the files that list the digest (its archive, its feed, the edition's page
    and emails) hold the kept model's editions themselves, not copies made file by file: a
    save looks only into the edition that can hold the saved story (at 100,000 stories the
    archive holds 1,095), and the kept site keeps one of each. Two editions a feed and a page,
    so the feed and the archive's pages hold editions of other days beside the story's."""
    site = make_site({**FILES, "site.toml": SITE_TOML + "feed_size = 2\npage_size = 2\n"})
    out = tmp_path / "served"
    kept = KeptSite(build_kept(serve_options(site, out), None)[1])
    rel = "content/stories/fire.md"
    looked_into: list[Edition] = []
    parts = quick._Swapped._parts

    def noted(swapper, value, kind):
        if kind is Edition:
            looked_into.append(value)
        return parts(swapper, value, kind)
    monkeypatch.setattr(quick._Swapped, "_parts", noted)
    for words in ("Crews came.", "Crews came back."):
        site.write({rel: story("Fire on Main Street, two hurt", date="2026-11-20T09:00",
                               tags="[millbrook, fire]", videos="[harbor]", body=words)})
        assert kept.apply([str(site.root / rel)]).rendered >= 4
    model = kept.built.model
    own = {id(e) for e in model.editions}
    saved = kept.saved[rel]
    holding = [e for e in model.editions if saved in e.stories]
    assert len(holding) == 1
    for path in kept.shown_in[rel]:
        held = list(_reachable(kept.built.jobs[path].prepare, Edition))
        assert all(id(e) in own for e in held), path
    assert any(e is holding[0] for p in kept.shown_in[rel]
               for e in _reachable(kept.built.jobs[p].prepare, Edition))
    assert len(model.editions) > 1 and {e.day for e in looked_into} <= {holding[0].day}
    assert_same_as_scratch(site, out, tmp_path, "two saves in the digest")
