"""The URL scheme, in one place.

Every page has a `site_path`: its path below the site's base URL, such as "stories/fire/" or
"feed.xml". From it come its `url` (root-relative, with the base path: "/news/stories/fire/"),
its `abs_url` (with scheme and host) and its `out_path` (the file under the output folder:
"stories/fire/index.html").
"""

from __future__ import annotations

from posixpath import normpath
from urllib.parse import urljoin

from newsdigest.config import SiteConfig


def story_path(slug: str) -> str:
    return f"stories/{slug}/"


def video_path(slug: str) -> str:
    return f"videos/{slug}/"


def tag_path(slug: str) -> str:
    return f"tags/{slug}/"


def month_path(year: int, month: int) -> str:
    return f"archive/{year:04d}/{month:02d}/"


def paged(first_page: str, number: int) -> str:
    """Page 1 of a list lives at its own path; page n at <path>page/n/."""
    return first_page if number == 1 else f"{first_page}page/{number}/"


def out_path(site_path: str) -> str:
    """The output file for a site path; raises ValueError for a path that leaves the output."""
    file_path = site_path + "index.html" if site_path == "" or site_path.endswith("/") else site_path
    if file_path.startswith("/") or "\\" in file_path or normpath(file_path) != file_path.rstrip("/") \
            or file_path.split("/", 1)[0] == "..":
        raise ValueError(f"unsafe output path {site_path!r}")
    return file_path


class Urls:
    """Turns site paths into URLs for one site's base_url."""

    def __init__(self, config: SiteConfig):
        self.base_url = config.base_url
        self.base_path = config.base_path

    def url(self, site_path: str) -> str:
        return self.base_path + site_path

    def abs_url(self, site_path: str) -> str:
        return self.base_url + site_path

    def story(self, slug: str) -> str:
        return self.url(story_path(slug))

    def video(self, slug: str) -> str:
        return self.url(video_path(slug))

    def tag(self, slug: str) -> str:
        return self.url(tag_path(slug))

    def month(self, year: int, month: int) -> str:
        return self.url(month_path(year, month))

    def asset(self, ref: str | None) -> str | None:
        """An image or file reference from front matter: absolute URLs as they are, others from the site root."""
        if not ref:
            return None
        if "://" in ref or ref.startswith(("//", "data:")):
            return ref
        return self.base_path + ref.lstrip("/")

    def abs_asset(self, ref: str | None) -> str | None:
        found = self.asset(ref)
        return urljoin(self.base_url, found) if found else None
