"""Pages that help readers find things: the towns and authors indexes, bylines that link to
author pages, the search page, and the old addresses of town pages (which redirect)."""

from __future__ import annotations

from typing import Iterator

from markupsafe import Markup, escape

from newsdigest.content.models import Story
from newsdigest.render.digest import digest_pages
from newsdigest.render.environment import Job, PageMeta
from newsdigest.render.i18n import Translations
from newsdigest.render.indexes import counted
from newsdigest.render.lists import redirects
from newsdigest.render.urls import Urls, author_path
from newsdigest.site.authors import author_slug, person
from newsdigest.site.model import SiteModel


def byline_links(model: SiteModel, urls: Urls, t: Translations, story: Story) -> Markup:
    """"By Ana Ruiz and Staff": each person named links to their author page, desks stay text."""
    parts = []
    for name in story.authors:
        someone = person(name, model.config.publisher)
        slug = author_slug(someone) if someone else ""
        if slug in model.authors:
            parts.append(Markup('<a href="{}" rel="author" data-pagefind-filter="author:{}">{}</a>')
                         .format(urls.url(author_path(slug)), model.authors[slug].name, name))
        else:
            parts.append(escape(name))
    # "\x00" is a mark no translation holds: the names go in whole, their links unescaped
    return Markup(str(escape(t("story.by", names="\x00"))).replace("\x00", _joined(parts, t)))


def _joined(parts: list[Markup], t: Translations) -> str:
    word = Markup(" {} ").format(t("story.and"))
    if len(parts) <= 2:
        return str(word.join(parts))
    return str(Markup(", ").join(parts[:-1]) + word + parts[-1])


def reader_pages(model: SiteModel, page, urls: Urls, t: Translations) -> Iterator[Job]:
    """The towns and authors indexes, the search page, and the redirects of old addresses."""
    site = model.config.title
    yield page("towns.html", PageMeta("towns/", t("nav.towns"), t("readers.towns_description", site=site)),
               towns=counted(model.towns, "the towns index (towns.html)"))
    yield page("authors.html", PageMeta("authors/", t("readers.authors"),
                                        t("readers.authors_description", site=site)),
               authors=counted(model.authors.values(), "the authors index (authors.html)"))
    yield page("search.html", PageMeta("search/", t("nav.search"), t("search.description", site=site)),
               towns=[tag.name for tag in model.towns], topics=[tag.name for tag in model.topics],
               authors=[a.name for a in model.authors.values()])  # names: not every story again
    yield from digest_pages(model, page, urls, t)
    for old, new in redirects(model).items():
        yield page("redirect.html", PageMeta(old, t("readers.moved"),
                                             t("readers.moved_description", url=urls.abs_url(new))),
                   target=new)
