"""Pages that help readers find things: the towns and authors indexes, bylines that link to
author pages, the search page, and the old addresses of town pages (which redirect)."""

from __future__ import annotations

from typing import Iterator

from markupsafe import Markup, escape

from newsdigest.content.models import Story
from newsdigest.render.digest import digest_pages
from newsdigest.render.environment import Job, PageMeta
from newsdigest.render.lists import redirects
from newsdigest.render.urls import Urls, author_path
from newsdigest.site.authors import author_slug, person
from newsdigest.site.model import SiteModel


def byline_links(model: SiteModel, urls: Urls, story: Story) -> Markup:
    """"Ana Ruiz and Staff": each person named links to their author page, desks stay text."""
    parts = []
    for name in story.authors:
        someone = person(name, model.config.publisher)
        slug = author_slug(someone) if someone else ""
        if slug in model.authors:
            parts.append(Markup('<a href="{}" rel="author" data-pagefind-filter="author:{}">{}</a>')
                         .format(urls.url(author_path(slug)), model.authors[slug].name, name))
        else:
            parts.append(escape(name))
    if len(parts) <= 2:
        return Markup(" and ").join(parts)
    return Markup(", ").join(parts[:-1]) + Markup(" and ") + parts[-1]


def reader_pages(model: SiteModel, page, urls: Urls) -> Iterator[Job]:
    """The towns and authors indexes, the search page, and the redirects of old addresses."""
    title = model.config.title
    yield page("towns.html", PageMeta("towns/", "Towns", f"Every town {title} covers"),
               towns=model.towns)
    yield page("authors.html", PageMeta("authors/", "Authors", f"The reporters of {title}"),
               authors=list(model.authors.values()))
    yield page("search.html", PageMeta("search/", "Search", f"Search every story and video of {title}"),
               towns=[t.name for t in model.towns], topics=[t.name for t in model.topics],
               authors=[a.name for a in model.authors.values()])  # names: not every story again
    yield from digest_pages(model, page, urls)
    for old, new in redirects(model).items():
        yield page("redirect.html", PageMeta(old, "Moved", f"This page moved to {urls.abs_url(new)}"),
                   target=new)
