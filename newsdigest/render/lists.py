"""The site's lists of stories, each paginated from its first page: the home page, every
topic, town, author and month. Pages, feeds and the sitemap all read this one list."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

from newsdigest.content.models import Story
from newsdigest.render.i18n import Translations
from newsdigest.render.urls import author_path, month_path, paged, tag_path, town_path
from newsdigest.site.authors import Author
from newsdigest.site.model import SiteModel


@dataclass(frozen=True)
class StoryList:
    first: str  # site path of its first page
    heading: str
    doc_title: str
    description: str
    stories: Sequence[Story]
    feeds: bool = True  # has feed.xml and atom.xml beside its first page
    page: bool = True  # has pages (a town's old tag address only redirects, but keeps its feeds)
    author: Author | None = None
    about: str = ""  # what its feed holds: "The latest stories about Fire"


def story_lists(model: SiteModel, t: Translations | None = None) -> list[StoryList]:
    """Every list of stories, in a fixed order; its words in the site's language when pages
    show them (t), in English for feeds and the sitemap."""
    title = model.config.title

    def say(key: str, english: str, **values) -> str:
        return t(key, **values) if t else english.format(**values)

    found = [StoryList("", say("home.heading", "Latest news"), title, model.config.description,
                       model.stories)]
    for tag in model.tags.values():
        found.append(StoryList(tag_path(tag.slug), tag.name, f"{tag.name}: {title}",
                               say("list.tag_description", "{name}: latest stories", name=tag.name),
                               tag.stories, page=not tag.town,
                               about=f"The latest stories about {tag.name}"))
    for tag in model.towns:
        found.append(StoryList(town_path(tag.slug), tag.name, f"{tag.name}: {title}",
                               say("list.town_description", "The latest news from {name}", name=tag.name),
                               tag.stories, about=f"The latest news from {tag.name}"))
    for author in model.authors.values():
        found.append(StoryList(author_path(author.slug), author.name, f"{author.name}: {title}",
                               say("list.author_description", "Stories by {name}", name=author.name),
                               author.stories, author=author,
                               about=f"The latest stories by {author.name}"))
    for month in model.months:
        name = t.month(month.year, month.month) if t else month.name
        found.append(StoryList(month_path(month.year, month.month), name, f"{name}: {title}",
                               say("list.tag_description", "{name}: latest stories", name=name),
                               month.stories, feeds=False))
    return found


def redirects(model: SiteModel) -> dict[str, str]:
    """Old addresses kept working: a town's tag pages (tags/<town>/...) -> its town pages."""
    size, found = model.config.page_size, {}
    for tag in model.towns:
        count = max(1, -(-len(tag.stories) // size))
        for n in range(1, count + 1):
            found[paged(tag_path(tag.slug), n)] = paged(town_path(tag.slug), n)
    return found
