"""Jekyll: a site folder (`_config.yml`, `_posts/` in any folder, `_drafts/`,
`_data/authors.yml`) or a bare folder of posts, read into Stories.

A post is a file named `YYYY-M-D-title.ext` or one with a `date:`; anything else (a listing page
kept in `_posts/`) is skipped and named. Addresses follow `permalink` (Jekyll's default `date`
style when there is none) plus `redirect_from`.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from newsdigest.importers import embeds, htmlmd, images, shortcodes
from newsdigest.importers import fields as f
from newsdigest.importers.aliases import Place, jekyll_path, unique_paths
from newsdigest.importers.frontmatter import (
    FrontMatterError,
    read_source,
    read_yaml_file,
)
from newsdigest.importers.model import Batch, Skipped, Source, Story
from newsdigest.importers.posts import Site, author_names, map_story, zone

POST_SUFFIXES = (".md", ".markdown", ".mkdn", ".mkd", ".html", ".htm")
SKIP_DIRS = {"_site", "node_modules", "vendor", ".git", ".jekyll-cache", ".sass-cache"}


def read(source: Path) -> Batch:
    """Every post under `source`; what is not a post is skipped and named."""
    batch = Batch()
    config = _config(source, batch)
    site = _site(source, config, batch)
    files = _post_files(source)
    if not files:
        batch.site_note(f"no post files (.md, .markdown, .html) found in {source}")
    known = {_key(path.stem): path for path, _ in files}
    for path, draft in files:
        _read_one(source, path, draft, config, site, known, batch)
    _handles(batch, site)
    return batch


def _handles(batch: Batch, site: Site) -> None:
    """A site note naming the authors that look like handles no authors.yml turned into names."""
    handles = sorted({a for s in batch.stories for a in s.authors
                      if " " not in a and a not in site.authors.values()})
    if handles:
        shown = ", ".join(handles[:20]) + (", ..." if len(handles) > 20 else "")
        batch.site_note(f"authors that look like handles, kept as written (no name for them in "
                        f"_data/authors.yml): {shown}")


def _config(source: Path, batch: Batch) -> dict[str, Any]:
    if not (source / "_config.yml").is_file():
        batch.site_note("no _config.yml: Jekyll's default address scheme "
                        "(/:categories/:year/:month/:day/:title.html) is assumed for aliases")
    config = _yaml(source / "_config.yml", batch, "defaults assumed")
    config = config if isinstance(config, dict) else {}
    defaults = sorted({str(k) for d in config.get("defaults") or [] if isinstance(d, dict)
                       for k in (d.get("values") or {}) if isinstance(d.get("values"), dict)})
    if defaults:
        batch.site_note("_config.yml's front matter defaults are not applied to the stories "
                        f"(they set {', '.join(defaults)}): add what a story needs to it by hand")
    return config


def _yaml(path: Path, batch: Batch, instead: str) -> Any:
    """A YAML file of the site, or None (with a site note when it is there but unreadable)."""
    if not path.is_file():
        return None
    try:
        return read_yaml_file(path)
    except FrontMatterError as exc:
        batch.site_note(f"{path.name} cannot be read ({exc}): {instead}")
        return None


def _site(source: Path, config: dict[str, Any], batch: Batch) -> Site:
    tz = zone(config.get("timezone"))
    if tz is None:
        batch.site_note("no timezone in _config.yml: times without an offset are kept as written "
                        "and read in this site's time zone (site.toml)")
    url = (str(config.get("url") or "").rstrip("/") + str(config.get("baseurl") or "")).rstrip("/")
    hosts = frozenset(filter(None, [_host(url)]))
    return Site(tz, url, _authors(source, batch), images.Finder((source,), hosts))


def _host(url: str) -> str:
    return urlsplit(url).hostname or ""


def _authors(source: Path, batch: Batch) -> dict[str, str]:
    """handle -> name from _data/authors.yml (a mapping, or a list of entries with a handle)."""
    return author_names(_yaml(source / "_data" / "authors.yml", batch, "author handles kept"))


def _post_files(source: Path) -> list[tuple[Path, bool]]:
    """(path, is_draft) of every file in a `_posts`/`_drafts` folder, or of a bare folder."""
    found: list[tuple[Path, bool]] = []
    bare: list[tuple[Path, bool]] = []
    for folder, dirs, names in os.walk(source):
        dirs[:] = sorted(d for d in dirs if d not in SKIP_DIRS and not d.startswith("."))
        here = Path(folder)
        parts = here.relative_to(source).parts
        for name in sorted(names):
            if not name.lower().endswith(POST_SUFFIXES):
                continue
            if "_posts" in parts or "_drafts" in parts:
                found.append((here / name, "_drafts" in parts))
            elif not any(p.startswith("_") for p in parts):
                bare.append((here / name, False))
    return found if found else bare


def _key(stem: str) -> str:
    day, rest = f.split_dated_name(stem)
    return f"{day}-{rest}" if day else stem


def _read_one(source: Path, path: Path, draft: bool, config: dict[str, Any], site: Site,
              known: dict[str, Path], batch: Batch) -> None:
    src = path.relative_to(source).as_posix()
    try:
        raw, body, encoding = read_source(path)
    except FrontMatterError as exc:
        batch.skipped.append(Skipped(src, f"not imported: {exc}"))
        return
    if raw is None:
        batch.skipped.append(Skipped(src, "not a post: it has no front matter (Jekyll copies it "
                                          "as it is)"))
        return
    story = _story(Source(src, path, raw, body), draft, config, site, known)
    if isinstance(story, Skipped):
        batch.skipped.append(story)
        return
    if encoding:
        story.note(encoding)
    batch.stories.append(story)


def _story(source: Source, draft: bool, config: dict[str, Any], site: Site,
           known: dict[str, Path]) -> Story | Skipped:
    day, name = f.split_dated_name(source.path.stem)
    raw, value = source.fields, f.lookup(source.fields, "date")
    when = f.parse_when(value, site.tz) if value else None
    why = f"its date {value!r} cannot be read" if value else "no date: field"
    if when is None and day is None:
        return Skipped(source.src, f"not a post: {why}, and its name does not start with "
                                   "YYYY-MM-DD-")
    from_name = when is None
    when = when or f.parse_when(day, site.tz)
    slug = f.slugify_or(str(raw.get("slug") or name), source.path.stem)
    story = map_story(source, slug, when, site)
    if from_name:
        story.note(f"date {when.text()} taken from the file name ({why})")
    if draft:
        story.draft = True
        story.note("in _drafts/: imported as a draft")
    story.aliases = unique_paths([_old_path(source, name, config, story), *story.aliases])
    story.guid = story.guid or site.url + story.aliases[0]
    story.body = _body(source, story, site, known)
    return story


def _old_path(source: Source, name: str, config: dict[str, Any], story: Story) -> str:
    raw = source.fields
    if raw.get("permalink"):
        return str(raw["permalink"])
    folders = [p for p in Path(source.src).parent.parts if p not in ("_posts", "_drafts")]
    categories = folders + [c for v in (raw.get("categories"), raw.get("category")) if v
                            for c in f.name_list(v, split_spaces=True)]
    title = str(raw.get("slug") or name)
    place = Place(story.date.moment, title, f.slugify_or(title, name), categories=tuple(categories))
    return jekyll_path(str(config.get("permalink") or "date"), place)


def _body(source: Source, story: Story, site: Site, known: dict[str, Path]) -> str:
    def resolve(name: str) -> str | None:
        target = known.get(_key(Path(name.strip("\"'")).stem))
        if target is None:
            return None
        _, rest = f.split_dated_name(target.stem)
        return f"/stories/{f.slugify_or(rest, target.stem)}/"
    body = shortcodes.liquid(source.body, source.fields, resolve, story.note)
    if source.path.suffix.lower() in (".html", ".htm"):
        body = htmlmd.to_markdown(body, story.note)
    else:
        body = embeds.kramdown_attributes(embeds.raw_html(body, story.note), story.note)
    return embeds.tidy(images.rewrite(body, site.finder, story))
