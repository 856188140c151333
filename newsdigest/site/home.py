"""What the front page leads with: a lead story, a few secondary ones, the latest videos and
the sections by tag a site asks for (`home_sections`)."""

from __future__ import annotations

from typing import Sequence

from newsdigest.content.models import Story
from newsdigest.errors import Problem
from newsdigest.site.model import SiteModel

SECONDARY = 3  # stories beside the lead
HOME_VIDEOS = 8  # in the "Latest videos" strip
SECTION_SIZE = 4  # stories in each section by tag


def home_parts(model: SiteModel, first_page: Sequence[Story]) -> dict:
    """Context for page 1 of the home page, whose stories are first_page: the lead, secondary
    stories, the latest videos and the sections by tag. The newest story leads (with its image,
    or its lead video's poster); the latest list below shows the rest of the page, and sections
    show their tag's newest stories not already on the page. What leads never depends on an
    image, so adding one to a story stays a quick save while serving."""
    lead = first_page[0] if first_page else None
    secondary = tuple([s for s in first_page if s is not lead][:SECONDARY])
    top = {s.slug for s in (lead, *secondary) if s is not None}
    on_page = {s.slug for s in first_page}
    sections = tuple((model.tags[slug], tuple(_newest(model.tags[slug].stories, on_page)))
                     for slug in model.config.home_sections if slug in model.tags)
    lead_video = model.video_index.by_slug.get(lead.lead_video) if lead and lead.lead_video else None
    return {"lead": lead, "lead_video": lead_video, "secondary": secondary,
            "home_videos": model.videos[:HOME_VIDEOS], "home_sections": sections,
            "top_slugs": tuple(sorted(top))}


def _newest(stories: tuple[Story, ...], shown: set[str]) -> list[Story]:
    return [s for s in stories if s.slug not in shown][:SECTION_SIZE]


def home_problems(model: SiteModel) -> list[Problem]:
    """A `home_sections` tag no published story has is a warning (the section is left out)."""
    return [Problem("site.toml", None, "home_sections", f"no published story has the tag {slug!r}; "
                    "its section is left out of the home page", warning=True)
            for slug in model.config.home_sections if slug not in model.tags]
