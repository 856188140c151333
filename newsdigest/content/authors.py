"""Author profiles: content/authors/<slug>.md gives a reporter's photo, short bio and links."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from urllib.parse import unquote
from zoneinfo import ZoneInfo

from newsdigest.content.markdown import URL_SCHEMES, url_scheme
from newsdigest.content.models import AuthorProfile
from newsdigest.content.source import parse_source
from newsdigest.content.validate import _Checker
from newsdigest.errors import Problem

AUTHORS_DIR = "content/authors"
PROFILE_FIELDS = {"name", "photo", "photo_alt", "links", "slug"}


def read_profiles(root: Path, tz: ZoneInfo, files: list[tuple[str, str]],
                  static: tuple[Path, ...] = ()) -> tuple[dict[str, AuthorProfile], list[Problem]]:
    """Every profile among files ((src_path, path) under content/authors), by slug."""
    profiles: dict[str, AuthorProfile] = {}
    problems: list[Problem] = []
    for src_path, path in files:
        profile, found = validate_profile(src_path, Path(path).read_bytes(), tz)
        problems += found
        if profile is not None:
            profile, missing = _photo_in_site(profile, static)
            problems += missing
            profiles[profile.slug] = profile
    return profiles, problems


def _photo_in_site(profile: AuthorProfile, static: tuple[Path, ...]) -> tuple[AuthorProfile, list[Problem]]:
    """A local photo that no static folder holds is left out, with a warning (not a broken image)."""
    photo = profile.photo or ""
    if not static or not photo.startswith("/") or photo.startswith("//"):
        return profile, []
    rel = unquote(photo.split("?", 1)[0].split("#", 1)[0]).lstrip("/")
    if ".." not in rel.split("/") and any((base / rel).is_file() for base in static):
        return profile, []
    return replace(profile, photo=None), [Problem(
        profile.src_path, None, "photo", f"the image {photo} is not in the site; the page is shown "
        "without a photo", f"put the file at static{photo}, or correct the address", warning=True)]


def validate_profile(src_path: str, data: bytes, tz: ZoneInfo) -> tuple[AuthorProfile | None, list[Problem]]:
    check = _Checker(parse_source(src_path, data), PROFILE_FIELDS, tz, ())
    links = []
    for link in check.names("links", split_commas=False):
        scheme = url_scheme(link)
        if scheme is None or scheme not in URL_SCHEMES:
            check.error("links", f"{link[:60]!r} is not a web address",
                        "write https://... or mailto:name@example.org")
        else:
            links.append(link)
    profile = AuthorProfile(src_path, check.slug(), check.text("name"), check.link("photo") or None,
                            check.text("photo_alt"), tuple(links), check.body()[0])
    if any(not p.warning for p in check.problems):
        return None, check.problems
    return profile, check.problems
