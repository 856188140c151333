"""Authors: each byline that names a person, with their stories and optional profile; desk
bylines ("Staff", "Staff Report", the newsroom's own name) name no one and get no page."""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from typing import Mapping, Sequence

from newsdigest.content.models import AuthorProfile, Story
from newsdigest.text import slugify

DESK_WORDS = ("staff", "newsroom", "desk", "team", "wire", "news service", "report", "reports",
              "editors", "editorial board", "associated press", "newswire")
_DESK = re.compile(r"\b(" + "|".join(re.escape(w) for w in DESK_WORDS) + r")\b")


@dataclass(frozen=True)
class Author:
    slug: str
    name: str
    stories: tuple[Story, ...]  # newest first
    profile: AuthorProfile | None = None


def is_desk(name: str, publisher: str) -> bool:
    """True for a byline that names a desk or the newsroom rather than a person."""
    lowered = name.lower()
    return lowered == publisher.lower() or bool(_DESK.search(lowered)) or not slugify(name)


def person(byline_name: str, publisher: str) -> str | None:
    """The person a byline names, without a title after a comma ("Ana Ruiz, Staff Writer" ->
    "Ana Ruiz"); None for a desk."""
    name = byline_name.split(",", 1)[0].strip()
    return None if is_desk(name, publisher) else name


def author_slug(name: str) -> str:
    return slugify(name)


def named(byline: str, publisher: str) -> tuple[str, str] | None:
    """(name, slug) of the person a byline names; None for a desk."""
    name = person(byline, publisher)
    return (name, author_slug(name)) if name else None


def build_authors(stories: Sequence[Story], profiles: Mapping[str, AuthorProfile],
                  publisher: str) -> dict[str, Author]:
    """Every person named in a byline, by slug in slug order; stories newest first as given."""
    members: dict[str, list[Story]] = defaultdict(list)
    spellings: dict[str, set[str]] = defaultdict(set)
    people: dict[str, tuple[str, str] | None] = {}  # byline -> (name, slug): few names, many stories
    for story in stories:
        for byline in story.authors:
            if byline not in people:
                people[byline] = named(byline, publisher)
            if (found := people[byline]) is None:
                continue
            name, slug = found
            stories_of = members[slug]
            if not stories_of or stories_of[-1] is not story:  # one byline naming them twice
                stories_of.append(story)
            spellings[slug].add(name)
    found = {}
    for slug in sorted(members):
        profile = profiles.get(slug)
        name = (profile.name if profile and profile.name else None) or sorted(spellings[slug])[0]
        found[slug] = Author(slug, name, tuple(members[slug]), profile)
    return found
