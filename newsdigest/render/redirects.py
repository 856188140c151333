"""Old addresses kept working: each alias of a story (`aliases:`) becomes a small page at the
old path that sends readers and search engines on (meta refresh, canonical link, a plain link,
noindex), and a line of `_redirects`, the file Netlify and Cloudflare Pages read."""

from __future__ import annotations

from functools import partial
from html import escape

from newsdigest.content.models import Story
from newsdigest.errors import BuildError, Problem
from newsdigest.render.environment import Job
from newsdigest.render.urls import Urls, out_path, story_path
from newsdigest.site.model import SiteModel

REDIRECTS_FILE = "_redirects"


def alias_path(alias: str) -> str:
    """The site path of an old address: "/2015/01/fire.html" as it is, and a path without a
    file extension as a folder ("/2015/01/fire" -> "2015/01/fire/"), as servers serve it."""
    path = alias.lstrip("/")
    last = path.rsplit("/", 1)[-1]
    return path if path == "" or path.endswith("/") or "." in last else path + "/"


def redirect_jobs(model: SiteModel, made: dict[str, str]) -> list[Job]:
    """A Job for each alias's page, and one for _redirects when there is any alias. `made`
    maps the out_path of every other file to what makes it; an alias on one of those is an
    error naming both."""
    urls = Urls(model.config)
    owners: dict[str, Story] = {}
    problems = []
    for story in model.stories:
        for alias in story.aliases:
            path = out_path(alias_path(alias))
            other = made.get(path) or (owners[path].src_path if path in owners else None)
            if other is not None:
                problems.append(Problem(story.src_path, None, "aliases", f"{alias} is the address "
                                        f"of {other}", "remove the alias, or change the other file"))
            else:
                owners[path] = story
    if problems:
        raise BuildError(problems)
    jobs = [Job.ready(path.removesuffix("index.html"), (story.title, story.slug),
                      partial(redirect_page, model.config.language, story.title,
                              urls.abs_url(story_path(story.slug))))
            for path, story in sorted(owners.items())]
    if owners:
        lines = sorted((model.config.base_path + alias.lstrip("/"), urls.story(story.slug))
                       for story in model.stories for alias in story.aliases)
        jobs.append(Job.ready(REDIRECTS_FILE, lines, partial(redirects_file, lines)))
    return jobs


def redirect_page(language: str, title: str, target: str) -> bytes:
    """A page that sends the reader to target at once and tells search engines to index target."""
    url, name = escape(target, quote=True), escape(title)
    return (f'<!DOCTYPE html>\n<html lang="{escape(language, quote=True)}">\n<head>\n'
            f'<meta charset="utf-8">\n<title>Moved: {name}</title>\n'
            f'<meta name="robots" content="noindex">\n<link rel="canonical" href="{url}">\n'
            f'<meta http-equiv="refresh" content="0; url={url}">\n</head>\n<body>\n'
            f'<p>This story has moved: <a href="{url}">{name}</a></p>\n</body>\n</html>\n').encode()


def redirects_file(lines: list[tuple[str, str]]) -> bytes:
    """`_redirects`: "old-path new-path 301", one a line, as Netlify and Cloudflare Pages read it."""
    return "".join(f"{old} {new} 301\n" for old, new in lines).encode("utf-8")
