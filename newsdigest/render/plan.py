"""Every file newsdigest makes, planned as Jobs: the pages, the feeds, the sitemaps and
robots.txt. A Job says what its file shows (for fingerprints) and renders it when asked."""

from __future__ import annotations

from collections.abc import Set
from functools import partial
from pathlib import Path

from jinja2 import Environment

from newsdigest import THEME_DIR
from newsdigest.content.markdown import absolutize
from newsdigest.content.models import Story, Video
from newsdigest.render.digest import digest_files
from newsdigest.render.environment import Job, make_environment
from newsdigest.render.feed_entries import FeedEntries
from newsdigest.render.feeds import render_feeds
from newsdigest.render.lists import redirects
from newsdigest.render.i18n import load_translations, localize
from newsdigest.render.icons import brand, icon_jobs
from newsdigest.render.pages import render_pages
from newsdigest.render.redirects import redirect_jobs
from newsdigest.render.sitemaps import (
    page_lastmods,
    render_news_sitemap,
    render_sitemap,
    robots_txt,
)
from newsdigest.render.template_keys import TemplateKeys, templates_hash
from newsdigest.render.urls import Urls, out_path, story_path, video_path
from newsdigest.site.model import SiteModel, news_stories


def site_jobs(model: SiteModel, root: Path, body_html, rail_for=None, pieces=None,
              env: Environment | None = None, wanted: Set[str] | None = None) -> list[Job]:
    """A Job for every file newsdigest makes: pages, feeds, sitemaps, robots.txt. `pieces` keeps
    what is rendered once and shown in many files (see Built.pieces). With `wanted` (out paths),
    the jobs of those files, planned without the others where that can be done: an edit build
    renders tens of files of tens of thousands (a sitemap or redirect lists every page, so
    wanting one plans all)."""
    urls = Urls(model.config)
    pieces = pieces if pieces is not None else {}
    feed_bodies = pieces.setdefault("feed", {})  # a story is in its tags' feeds too: once each

    def feed_body(item: Story | Video) -> str:
        if item.src_path not in feed_bodies:
            page = story_path(item.slug) if isinstance(item, Story) else video_path(item.slug)
            feed_bodies[item.src_path] = absolutize(body_html(item.src_path), urls.abs_url(page))
        return feed_bodies[item.src_path]

    env = env or make_environment(root)
    env.globals["preview"] = model.options if model.options.preview else None
    localize(env, load_translations(root, model.config.language))
    env.globals["brand"] = brand(model.config, root, urls)
    template_key = TemplateKeys(env, lambda: templates_hash([root / "templates", THEME_DIR / "templates"]))
    entries = pieces.setdefault("entries", FeedEntries(feed_body))
    if wanted is not None:
        jobs = _some_jobs(model, root, env, body_html, rail_for, pieces, template_key, entries, wanted)
        if {out_path(j.site_path) for j in jobs} >= wanted:
            return jobs
    jobs = list(render_pages(model, env, body_html, rail_for, pieces, template_key))
    moved = redirects(model)
    html_pages = [j.site_path for j in jobs
                  if (j.site_path == "" or j.site_path.endswith("/")) and j.site_path not in moved]
    jobs.extend(render_feeds(model, entries))
    jobs.extend(digest_files(model, env, template_key))
    jobs.append(Job("sitemap.xml", partial(_sitemap, model, html_pages)))
    jobs.append(Job.ready("news-sitemap.xml", news_stories(model), partial(render_news_sitemap, model)))
    jobs.append(Job.ready("robots.txt", (), partial(robots_txt, model.config.base_url)))
    jobs.extend(icon_jobs(model.config, root))
    if any(story.aliases for story in model.stories):  # else no file to check against them
        jobs.extend(redirect_jobs(model, _makers(model, jobs, urls)))
    return jobs


def _some_jobs(model: SiteModel, root: Path, env: Environment, body_html, rail_for, pieces,
               template_key, entries: FeedEntries, wanted: Set[str]) -> list[Job]:
    """The jobs of the wanted files among pages, feeds, digest files and the small files."""
    sites = {*wanted, *(p[:-len("index.html")] for p in wanted if p.endswith("index.html"))}

    def keep(site_path: str) -> bool:  # "towns/" is the file towns/index.html (out_path)
        return site_path in sites
    jobs = list(render_pages(model, env, body_html, rail_for, pieces, template_key, keep))
    jobs += render_feeds(model, entries, keep)
    jobs += [j for j in digest_files(model, env, template_key) if keep(j.site_path)]
    if keep("news-sitemap.xml"):
        jobs.append(Job.ready("news-sitemap.xml", news_stories(model), partial(render_news_sitemap, model)))
    if keep("robots.txt"):
        jobs.append(Job.ready("robots.txt", (), partial(robots_txt, model.config.base_url)))
    return jobs + [j for j in icon_jobs(model.config, root) if keep(j.site_path)]


def _makers(model: SiteModel, jobs: list[Job], urls: Urls) -> dict[str, str]:
    """out_path -> what makes that file (a story's or video's file, else its address)."""
    made = {out_path(j.site_path): f"the page {urls.url(j.site_path)}" for j in jobs}
    made.update({out_path(story_path(s.slug)): s.src_path for s in model.stories})
    made.update({out_path(video_path(v.slug)): v.src_path for v in model.videos})
    return made


def _sitemap(model: SiteModel, html_pages: list[str]):
    """The sitemap's parts (every page and its lastmod) and how to render it: worked out only
    when the sitemap is wanted, since it walks every list of the site."""
    lastmods = page_lastmods(model)
    return (html_pages, [lastmods.get(p) for p in html_pages]), partial(render_sitemap, model, html_pages)
