"""Every HTML page of the site as a Job: what the page shows, and how to render it when asked,
so the pipeline can skip pages that have not changed and spread the rest over processes."""

from __future__ import annotations

from dataclasses import dataclass, replace
from functools import partial
from operator import attrgetter
from typing import Any, Callable, Iterator, Sequence
from urllib.parse import quote

from jinja2 import Environment
from markupsafe import Markup

from newsdigest.content.markdown import render_markdown
from newsdigest.content.models import Story, Video
from newsdigest.render.environment import Job, PageMeta, render_partial, render_template
from newsdigest.render.structured import news_article, to_script, video_object
from newsdigest.render.urls import (
    Urls,
    paged,
    story_path,
    tag_path,
    town_path,
    video_path,
)
from newsdigest.render.indexes import counted
from newsdigest.render.lists import story_lists
from newsdigest.render.readers import byline_links, reader_pages
from newsdigest.site.home import home_parts
from newsdigest.site.model import SiteModel, searchable
from newsdigest.site.towns import towns_first
from newsdigest.site.rails import RailFor, default_rails
from newsdigest.text import iso

BodyHtml = Callable[[str], str]  # src_path -> sanitised body HTML
Keep = Callable[[str], bool] | None  # site path -> whether to plan that page (None: every page)


@dataclass(frozen=True)
class ShareLinks:
    """(key, label, href) for each way to share a page: plain links, no third-party script,
    every value URL-encoded. Worked out only when a template shows them."""

    abs_url: str
    title: str

    def __iter__(self) -> Iterator[tuple[str, str, str]]:
        url, text = quote(self.abs_url, safe=""), quote(self.title, safe="")
        yield "facebook", "Facebook", f"https://www.facebook.com/sharer/sharer.php?u={url}"
        yield "x", "X", f"https://x.com/intent/post?url={url}&text={text}"
        yield "email", "Email", f"mailto:?subject={text}&body={url}"
        yield "copy", "Copy link", self.abs_url


class Body:
    """A story's body HTML, fetched only when a template shows it (and marked safe by then)."""

    def __init__(self, src_path: str, body_html: BodyHtml):
        self.src_path, self._body_html = src_path, body_html

    def __html__(self) -> str:
        return self._body_html(self.src_path)


Cards = dict[str, dict[str, Markup]]  # "story" / "video" -> slug -> the card's HTML


def render_pages(model: SiteModel, env: Environment, body_html: BodyHtml,
                 rail_for: RailFor | None = None, cards: Cards | None = None,
                 template_key: Callable[[str], str] = str, keep: Keep = None) -> Iterator[Job]:
    """A Job for every page of the site, in a fixed order. `cards` keeps each rendered card for
    reuse; serve passes its own, so it can forget the card of an item that was edited. A page's
    parts name its template by template_key(name) (fingerprint.TemplateKeys: what it renders with).
    With `keep`, only the pages whose site path it keeps (the lists' other pages are not made)."""
    urls = Urls(model.config)
    rail_for = rail_for or default_rails(model.video_index, model.config.rail_size)
    t = env.globals["t"]
    base = _every_page(model, env, urls, cards if cards is not None else {})

    def render(template: str, meta: PageMeta, **context) -> bytes:
        return render_template(env, template, {**base, "page": meta, **context})

    def prepared(template: str, meta: PageMeta, **context):
        return (template_key(template), meta, context), partial(render, template, meta, **context)

    def page(template: str, meta: PageMeta, **context) -> Job:
        # prepared later (a partial, so serve can swap a saved item into its context): an edit
        # build plans every page but prepares only the few it renders
        return Job(meta.site_path, partial(prepared, template, meta, **context))

    def article(story: Story):
        lead_video = model.video_index.by_slug.get(story.lead_video) if story.lead_video else None
        return prepared("article.html", _story_meta(story, model, urls, lead_video),
                        story=story, body=Body(story.src_path, body_html), lead_video=lead_video,
                        tags=_tag_links(model, story.tags),
                        share=ShareLinks(urls.abs_url(story_path(story.slug)), story.title),
                        rail=rail_for(story), searchable=searchable(model, story))

    def video_page(video: Video):
        return prepared("video.html", _video_meta(video, model, urls),
                        video=video, body=Body(video.src_path, body_html),
                        tags=_tag_links(model, video.tags),
                        rail=rail_for(video), searchable=searchable(model, video))

    keep = keep or _every
    yield from _item_pages(model, keep, article, video_page)
    yield from _story_lists(model, page, urls, t, keep)
    yield from (job for job in _index_pages(model, page, urls, t, keep) if keep(job.site_path))
    yield from (job for job in reader_pages(model, page, urls, t) if keep(job.site_path))


def _every_page(model: SiteModel, env: Environment, urls: Urls, cards: Cards) -> dict:
    """What every page's template sees beside the page: the config, urls, the site's feeds,
    and the cards and partials rendered once and shown on many pages (kept in `cards`)."""
    t = env.globals["t"]
    base = {"config": model.config, "urls": urls, "site_feeds": _feeds(urls, "", model.config.title, t)}
    base["video_card"] = _memo(lambda v: render_partial(env, "partials/video_card.html", base, video=v),
                               cards.setdefault("video", {}))
    base["byline"] = partial(byline_links, model, urls, t)
    base["markdown"] = lambda text: Markup(render_markdown(text))
    base["story_card"] = _memo(lambda s: render_partial(env, "partials/card.html", base, story=s),
                               cards.setdefault("story", {}))
    base["cached_partial"] = _memo(lambda name: render_partial(env, name, base),
                                   cards.setdefault("partial", {}), key=str)
    return base


def _every(site_path: str) -> bool:
    return True


def _item_pages(model: SiteModel, keep: Callable[[str], bool], article, video_page) -> Iterator[Job]:
    """Each story's and video's page, prepared by article() and video_page()."""
    for story in model.stories:
        if keep(path := story_path(story.slug)):
            yield Job(path, partial(article, story))
    for video in model.videos:
        if keep(path := video_path(video.slug)):
            yield Job(path, partial(video_page, video))


def _index_pages(model: SiteModel, page, urls: Urls, t, keep: Callable[[str], bool]) -> Iterator[Job]:
    """The videos list, the towns and topics index, the archive and the 404 page."""
    site = model.config.title
    yield from _paginate(model.videos, "videos/", model.config.page_size, keep, lambda n, count, items: page(
        "videos.html", PageMeta(paged("videos/", n), _numbered(t("list.videos_heading"), n, t),
                                t("list.videos_description", site=site),
                                (("application/rss+xml", t("feeds.videos", title=site),
                                  urls.url("videos/feed.xml")),)),
        heading=t("list.videos_heading"), videos=items, pager=_pager(urls, "videos/", n, count)))
    yield page("tags.html", PageMeta("tags/", t("nav.topics"), t("list.topics_description", site=site)),
               tags=counted(model.tags.values(), "the towns and topics index (tags.html)"))
    yield page("archive.html", PageMeta("archive/", t("nav.archive"),
                                        t("list.archive_description", site=site)),
               months=counted(model.months, "the archive (archive.html)"))
    yield page("404.html", PageMeta("404.html", t("errors.not_found"), t("errors.not_found_description")))


def _story_lists(model: SiteModel, page, urls: Urls, t, keep: Callable[[str], bool]) -> Iterator[Job]:
    for found in story_lists(model, t):
        if not found.page:
            continue
        feeds = _feeds(urls, found.first, found.doc_title, t) if found.feeds else ()

        def one(n: int, count: int, items, found=found, feeds=feeds):
            meta = PageMeta(paged(found.first, n), _numbered(found.doc_title, n, t), found.description,
                            feeds)
            extra = home_parts(model, items) if found.first == "" and n == 1 else {}
            return page("author.html" if found.author else "list.html", meta, heading=found.heading,
                        stories=items, list_feeds=feeds, pager=_pager(urls, found.first, n, count),
                        is_home=found.first == "",
                        author=replace(found.author, stories=()) if found.author else None, **extra)
        # (an author page shows its own page of stories: its fingerprint takes no others)
        yield from _paginate(found.stories, found.first, model.config.page_size, keep, one)


def _memo(render_one: Callable, done: dict[str, Markup],
          key: Callable[[Any], str] = attrgetter("slug")) -> Callable:
    """What is the same on every page it appears on, rendered once: a card per item (by slug),
    and a cached partial per name: cached_partial("partials/footer.html") in a template, like
    Hugo's partialCached, sees what every page sees (config, brand, urls, t), not the page."""
    def once(what) -> Markup:
        name = key(what)
        if name not in done:
            done[name] = render_one(what)
        return done[name]
    return once


def _paginate(items: Sequence, first: str, size: int, keep: Callable[[str], bool],
              render_one) -> Iterator[Job]:
    count = max(1, -(-len(items) // size))
    for n in range(1, count + 1):
        if keep(paged(first, n)):
            yield render_one(n, count, items[(n - 1) * size:n * size])


def _pager(urls: Urls, first: str, number: int, count: int) -> dict:
    return {"number": number, "count": count,
            "prev": urls.url(paged(first, number - 1)) if number > 1 else None,
            "next": urls.url(paged(first, number + 1)) if number < count else None}


def _feeds(urls: Urls, prefix: str, title: str, t) -> tuple[tuple[str, str, str], ...]:
    return (("application/rss+xml", t("feeds.rss", title=title), urls.url(prefix + "feed.xml")),
            ("application/atom+xml", t("feeds.atom", title=title), urls.url(prefix + "atom.xml")))


def _story_meta(story: Story, model: SiteModel, urls: Urls, lead_video: Video | None) -> PageMeta:
    """Head of an article page: description, share card and NewsArticle JSON-LD. A story that
    leads with a video shares its poster."""
    description = story.description  # the summary, else the body's opening words as plain text
    data = news_article(story, model.config, urls, description)
    image, alt = story.image, story.image_alt
    if lead_video is not None and lead_video.thumbnail:
        image, alt = lead_video.thumbnail, lead_video.title
    return PageMeta(story_path(story.slug), story.title, description, og_type="article",
                    image=urls.abs_asset(image), image_alt=alt,
                    image_ref=image, image_focus=story.image_focus if image == story.image else None,
                    json_ld=to_script(data), published=iso(story.date),
                    modified=iso(story.modified), extra={"embeds": story.embeds})


def _video_meta(video: Video, model: SiteModel, urls: Urls) -> PageMeta:
    """Head of a video page: description, share card and VideoObject JSON-LD."""
    description = video.lede or video.title
    data = video_object(video, model.config, urls, description)
    return PageMeta(video_path(video.slug), video.title, description, og_type="video.other",
                    image=urls.abs_asset(video.thumbnail), image_ref=video.thumbnail,
                    json_ld=to_script(data),
                    published=iso(video.date), extra={"embeds": video.embeds})


def _tag_links(model: SiteModel, tags: Sequence[str]) -> list[tuple[str, str, str]]:
    """(name, site_path, "town" or "topic") for each tag that has a page, towns first."""
    found = []
    for slug in towns_first(tags, model.config.towns):
        if slug in model.tags:
            tag = model.tags[slug]
            found.append((tag.name, town_path(slug) if tag.town else tag_path(slug),
                          "town" if tag.town else "topic"))
    return found


def _numbered(title: str, number: int, t) -> str:
    return title if number == 1 else f"{title} ({t('list.page', number=number)})"

