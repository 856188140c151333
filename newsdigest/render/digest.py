"""The daily digest's files: an edition's web page and its email versions beside it, the
index of editions, and an RSS feed of editions that RSS-to-email services can send as it is."""

from __future__ import annotations

from functools import partial
from html import escape as html_escape
from typing import Callable, Iterator

from feedgen.entry import FeedEntry
from feedgen.feed import FeedGenerator
from jinja2 import Environment

from newsdigest import __version__
from newsdigest.render.email import (
    EmailLinks,
    email_eml,
    email_fragment,
    email_html,
    email_text,
    once_per_edition,
    subject,
)
from newsdigest.render.environment import Job, PageMeta
from newsdigest.render.feed_entries import EntryWriter, with_entries
from newsdigest.render.i18n import Translations
from newsdigest.render.urls import Urls, digest_path, paged
from newsdigest.site.digest import Edition
from newsdigest.site.model import SiteModel

FEED_PATH = "digest/feed.xml"


def digest_pages(model: SiteModel, page: Callable[..., Job], urls: Urls, t) -> Iterator[Job]:
    """Each edition's web page and the paginated index of editions. Their titles and summaries
    are worked out only when a page is prepared: a build that renders a few files plans every
    one, and an edit build at 10,000 stories spent 0.4 s summing up 1,100 editions."""
    title, editions = model.config.title, model.editions
    feeds = (("application/rss+xml", t("feeds.rss", title=f"{t('digest.heading')}: {title}"), urls.url(FEED_PATH)),)
    for n, edition in enumerate(editions):
        newer = digest_path(editions[n - 1].day) if n > 0 else None
        older = digest_path(editions[n + 1].day) if n + 1 < len(editions) else None
        yield Job(digest_path(edition.day), partial(_edition_page, page, model, edition, t, feeds,
                                                    newer, older))
    size = model.config.page_size
    count = max(1, -(-len(editions) // size))
    for n in range(1, count + 1):
        pager = {"number": n, "count": count,
                 "prev": urls.url(paged("digest/", n - 1)) if n > 1 else None,
                 "next": urls.url(paged("digest/", n + 1)) if n < count else None}
        yield Job(paged("digest/", n), partial(_index_page, page, model, editions[(n - 1) * size:n * size],
                                               t, feeds, pager))


def _edition_page(page, model: SiteModel, edition: Edition, t, feeds, newer: str | None,
                  older: str | None):
    meta = PageMeta(digest_path(edition.day), subject(model, edition, t), _summary(edition, t), feeds)
    return page("digest.html", meta, edition=edition, newer=newer, older=older).prepare()


def _index_page(page, model: SiteModel, editions: tuple[Edition, ...], t, feeds, pager: dict):
    n, title = pager["number"], model.config.title
    heading = t("digest.heading") if n == 1 else f"{t('digest.heading')} ({t('list.page', number=n)})"
    meta = PageMeta(paged("digest/", n), heading, t("digest.index_description", site=title), feeds)
    return page("digest_index.html", meta, editions=editions, pager=pager,
                summaries={e.day: _summary(e, t) for e in editions}).prepare()


def digest_files(model: SiteModel, env: Environment,
                 template_key: Callable[[str], str] = str) -> Iterator[Job]:
    """email.html, email.txt and email.eml beside each edition, and the feed of editions. Their
    parts name the templates they render with (template_keys.TemplateKeys), as pages' do."""
    html, text = template_key("email/digest.html"), template_key("email/digest.txt")
    for edition in model.editions:
        folder = digest_path(edition.day)
        for name, make, keys in (("email.html", email_html, (html,)),
                                 ("email.txt", email_text, (text,)),
                                 ("email.eml", email_eml, (html, text))):
            yield Job.ready(folder + name, ("email", name, keys, edition),
                            partial(make, model, env, edition))
    newest = model.editions[:model.config.feed_size]
    keys = (template_key("email/content.html"), template_key("email/digest.css"))
    yield Job.ready(FEED_PATH, ("digest-feed", keys, newest),
                    partial(render_digest_feed, model, env, newest, keys))


def render_digest_feed(model: SiteModel, env: Environment, editions: tuple[Edition, ...],
                       keys: tuple[str, ...]) -> bytes:
    """RSS 2.0: one item per edition, its whole content (styles inlined, links absolute) in
    content:encoded, for Mailchimp, Buttondown and the like to send as it is."""
    config, urls, t = model.config, Urls(model.config), env.globals["t"]
    fg = FeedGenerator()
    self_url = urls.abs_url(FEED_PATH)
    fg.id(self_url)
    fg.title(f"{t('digest.heading')}: {config.title}")
    fg.description(t("digest.index_description", site=config.title))
    fg.language(config.language)
    fg.generator("newsdigest", __version__)
    fg.link(href=self_url, rel="self", type="application/rss+xml")
    fg.link(href=urls.abs_url("digest/"), rel="alternate")
    newest = editions[0].closes if editions else model.options.build_time
    fg.lastBuildDate(newest)
    head, writer = fg.rss_str(pretty=True), EntryWriter()
    return with_entries(head, b"".join(_entry(model, env, edition, keys, partial(writer, head))
                                       for edition in editions), atom=False)


def _entry(model: SiteModel, env: Environment, edition: Edition, keys: tuple[str, ...],
           write: Callable[[FeedEntry, bool], bytes]) -> bytes:
    """An edition's item, as the bytes it is in the feed. Kept for the feed's editions, so
    that a save in serve makes again only the edition it changed, and by the build (under the
    edition and `keys`, its templates' keys) between builds: each is 15 KB of inlined styles,
    and at 100,000 stories writing all 50 was most of the time of a save in serve."""
    def make() -> bytes:
        t, urls = env.globals["t"], Urls(model.config)
        fe = FeedEntry()
        fe.guid(urls.abs_url(digest_path(edition.day)), permalink=True)
        fe.title(subject(model, edition, t))
        fe.link(href=EmailLinks(urls, model.config.digest_link_params)(digest_path(edition.day)))
        fe.published(edition.closes)
        fe.description(html_escape(_summary(edition, t), quote=False))
        fe.content(email_fragment(model, env, edition))
        return write(fe, False)
    kept = env.globals["fragments"]  # the build's, kept between builds
    made = make if kept is None else partial(kept, ("digest entry", keys, edition), make)
    return once_per_edition(edition, "entry", made, keep=2 * model.config.feed_size)


def _summary(edition: Edition, t: Translations) -> str:
    """"5 stories: Millbrook, Eastport and Fire; 2 videos", in the site's language."""
    where = t.names([s.heading if s.slug else t("home.more") for s in edition.sections])
    text = f"{t('list.stories', count=len(edition.stories))}: {where}"
    if edition.videos:
        text += f"; {t('digest.videos', count=len(edition.videos))}"
    return text
