"""The search index: Pagefind over the story and video pages, built in the staging folder;
never drafts or future stories; no re-index when nothing it reads changed."""

import json

from conftest import SITE_TOML, story, video

TOML = SITE_TOML + 'towns = ["Millbrook"]\n'


def entry(site) -> dict:
    return json.loads(site.read("pagefind/pagefind-entry.json"))


def pages_indexed(site) -> int:
    return sum(lang["page_count"] for lang in entry(site)["languages"].values())


def test_stories_and_videos_are_indexed_with_filters_and_a_date_sort(make_site):
    site = make_site({"site.toml": TOML,
                      "content/stories/fire.md": story("Fire", tags="[millbrook, fire]", author='"Dana W"'),
                      "content/videos/scene.md": video("Scene", tags="[millbrook]")})
    report = site.build(search=True)
    assert pages_indexed(site) == 2  # the story and the video; no list page, no digest, no email
    page = site.read("stories/fire/index.html")
    assert "data-pagefind-body" in page and 'data-pagefind-sort="date[datetime]"' in page
    for kind in ("town", "topic", "author:Dana W"):
        assert f'data-pagefind-filter="{kind}"' in page
    assert "pagefind/pagefind.js" in site.read(".newsdigest-output")  # written in staging, listed
    assert not (site.out / "pagefind/pagefind-ui.js").exists()  # the page has a UI of its own
    assert report.files == sum(1 for p in site.out.rglob("*") if p.is_file())


def test_drafts_and_future_stories_never_reach_the_index(make_site):
    site = make_site({"content/stories/out.md": story("Published"),
                      "content/stories/draft.md": story("Draft", draft="true"),
                      "content/stories/later.md": story("Later", date="2027-01-01T09:00:00")})
    site.build(search=True, drafts=True, future=True)  # published on purpose, still not searchable
    assert (site.out / "stories/draft/index.html").is_file()
    assert "data-pagefind-body" not in site.read("stories/draft/index.html")
    assert "data-pagefind-body" not in site.read("stories/later/index.html")
    assert pages_indexed(site) == 1


def test_an_expired_story_leaves_the_index(make_site):
    site = make_site({"content/stories/out.md": story("Published"),
                      "content/stories/gone.md": story("Gone", expires="2026-11-20T12:00:00")})
    site.build(search=True)
    assert not (site.out / "stories/gone").exists()
    assert pages_indexed(site) == 1


def test_a_site_with_nothing_searchable_has_no_index(make_site):
    site = make_site({"content/stories/draft.md": story("Draft", draft="true")})
    site.build(search=True, drafts=True)
    assert not (site.out / "pagefind").exists()
    assert "Search needs JavaScript" in site.read("search/index.html")


def test_no_change_and_no_indexed_change_do_not_re_index(make_site):
    site = make_site({"content/stories/fire.md": story("Fire", tags="[fire]")})
    site.build(search=True)
    before = (site.out / "pagefind/pagefind-entry.json").stat().st_ino
    assert site.build(search=True).rendered == 0  # nothing changed: answered at once
    site.write({"static/CNAME": "news.example.org\n"})  # changes no page Pagefind reads
    site.build(search=True)
    assert (site.out / "pagefind/pagefind-entry.json").stat().st_ino == before  # linked, not rebuilt
    site.write({"content/stories/ferry.md": story("Ferry", tags="[eastport]")})
    site.build(search=True)
    assert pages_indexed(site) == 2


def test_search_page_explains_how_to_browse_without_javascript(make_site):
    site = make_site({"content/stories/fire.md": story("Fire")})
    site.build()
    page = site.read("search/index.html")
    noscript = page[page.index("<noscript>"):page.index("</noscript>")]
    for path in ("/towns/", "/tags/", "/authors/", "/archive/", "/digest/"):
        assert f'href="{path}"' in noscript
    assert '<form class="search" role="search"' in page and "hidden" in page
    assert '<label for="search-q">' in page and 'role="status"' in page
