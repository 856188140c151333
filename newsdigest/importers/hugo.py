"""Hugo: a site folder (`hugo.toml`/`config.toml`, YAML or JSON config, `[permalinks]`,
`timeZone`, `baseURL`; `content/` with page bundles; YAML, TOML and JSON front matter), read into
Stories.

Every regular page in a section is a post; `_index.md` list pages, headless bundles and pages at
the top of `content/` (about, contact) are skipped and named. A bundle (`post/<name>/index.md`)
takes its folder's name as its slug, and its files are copied next to its images.
"""

from __future__ import annotations

import json
import os
import tomllib
from pathlib import Path, PurePosixPath
from typing import Any
from urllib.parse import urlsplit

from newsdigest.importers import embeds, htmlmd, images, shortcodes
from newsdigest.importers import fields as f
from newsdigest.importers.aliases import Place, hugo_path, unique_paths
from newsdigest.importers.frontmatter import FrontMatterError, load_yaml, read_source
from newsdigest.importers.model import Batch, Skipped, Source, Story
from newsdigest.importers.posts import Site, author_names, map_story, truthy, zone

CONFIG_NAMES = ("hugo.toml", "hugo.yaml", "hugo.yml", "hugo.json", "config.toml", "config.yaml",
                "config.yml", "config.json")
CONTENT_SUFFIXES = (".md", ".markdown", ".html", ".htm")


def read(source: Path) -> Batch:
    """Every post in the site's content folder; list pages and top-level pages are named."""
    batch = Batch()
    config = _config(source, batch)
    content, walk = _content(source, config, batch)
    tz = zone(config.get("timezone"))
    if tz is None:
        batch.site_note("no timeZone in the Hugo config: times without an offset are kept as "
                        "written and read in this site's time zone (site.toml)")
    url = str(config.get("baseurl") or "").rstrip("/")
    hosts = frozenset(filter(None, [urlsplit(url).hostname]))
    site = Site(tz, url, _authors(source, batch), images.Finder((source / "static", source), hosts))
    for path, bundle in _pages(walk):
        _read_one(content, path, bundle, config, site, batch)
    return batch


def _content(source: Path, config: dict[str, Any], batch: Batch) -> tuple[Path, Path]:
    """(the content folder, the folder to read): a site's content/, or SOURCE itself when it is
    a content folder, or a section folder (content/post) whose files are all posts."""
    content = source / str(config.get("contentdir") or "content")
    if content.is_dir():
        return content, content
    if source.name == "content" or not any(source.glob("*.md")):
        return source, source
    batch.site_note(f"{source.name}/ is read as a section of posts (no content/ folder in it)")
    return source.parent, source


def _config(source: Path, batch: Batch) -> dict[str, Any]:
    """The site config with lower-case keys (Hugo's keys are case-insensitive)."""
    for folder in (source, source / "config" / "_default"):
        for name in CONFIG_NAMES:
            if (folder / name).is_file():
                return _lower(_load(folder / name, batch))
    batch.site_note("no Hugo config file: Hugo's default addresses (/<section>/<name>/) assumed")
    return {}


def _load(path: Path, batch: Batch) -> dict[str, Any]:
    try:
        text = path.read_text(encoding="utf-8")
        data = (tomllib.loads(text) if path.suffix == ".toml" else
                json.loads(text) if path.suffix == ".json" else load_yaml(text))
    except (tomllib.TOMLDecodeError, json.JSONDecodeError, FrontMatterError, UnicodeDecodeError) as exc:
        batch.site_note(f"{path.name} cannot be read ({exc}): defaults assumed")
        return {}
    return data if isinstance(data, dict) else {}


def _authors(source: Path, batch: Batch) -> dict[str, str]:
    """handle -> name from data/authors.(toml|yaml|json), or data/authors/<handle>.* files."""
    data: dict[str, Any] = {}
    kinds = (".toml", ".yaml", ".yml", ".json")
    for path in sorted((source / "data").glob("authors.*")):
        data.update(_load(path, batch) if path.suffix in kinds else {})
    for path in sorted((source / "data" / "authors").glob("*.*")):
        if path.suffix in kinds:
            data[path.stem] = _load(path, batch)
    return author_names(data)


def _lower(config: dict[str, Any]) -> dict[str, Any]:
    return {str(k).lower(): v for k, v in config.items()}


def _pages(content: Path) -> list[tuple[Path, bool]]:
    """(file, is_bundle) of every content file; a bundle's own files are not pages."""
    found: list[tuple[Path, bool]] = []
    for folder, dirs, names in os.walk(content):
        dirs.sort()
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        index = next((n for n in sorted(names) if n.lower() in ("index.md", "index.markdown",
                                                                  "index.html")), None)
        if index and Path(folder) != content:
            found.append((Path(folder) / index, True))
            dirs[:] = []  # what is below a leaf bundle belongs to it
            continue
        found += [(Path(folder) / n, False) for n in sorted(names)
                  if n.lower().endswith(CONTENT_SUFFIXES)]
    return found


def _read_one(content: Path, path: Path, bundle: bool, config: dict[str, Any], site: Site,
              batch: Batch) -> None:
    src = path.relative_to(content).as_posix()
    reason = _not_a_post(src, bundle)
    if reason:
        batch.skipped.append(Skipped(src, reason))
        return
    try:
        raw, body, encoding = read_source(path)
    except FrontMatterError as exc:
        batch.skipped.append(Skipped(src, f"not imported: {exc}"))
        return
    raw = raw or {}
    if truthy(raw.get("headless")):
        batch.skipped.append(Skipped(src, "not a post: a headless bundle (Hugo never shows it)"))
        return
    story = _story(Source(src, path, raw, body), bundle, config, site)
    if isinstance(story, Story) and encoding:
        story.note(encoding)
    (batch.skipped if isinstance(story, Skipped) else batch.stories).append(story)


def _not_a_post(src: str, bundle: bool) -> str | None:
    parts = PurePosixPath(src).parts
    if parts[-1].lower().startswith("_index."):
        return "not a post: a section's list page (_index)"
    if len(parts) == (2 if bundle else 1):
        return "not a post: a page at the top of content/ (such as About)"
    return None


def _story(source: Source, bundle: bool, config: dict[str, Any], site: Site) -> Story | Skipped:
    raw = {str(k).lower(): v for k, v in source.fields.items()}
    name = source.path.parent.name if bundle else source.path.stem.split(".")[0]
    day, short = f.split_dated_name(name)
    when = None
    for key in ("date", "publishdate", "lastmod"):
        when = when or (f.parse_when(raw[key], site.tz) if raw.get(key) else None)
    if when is None and day is not None:
        when = f.parse_when(day, site.tz)
    if when is None:
        return Skipped(source.src, "not imported: no date (no date:, publishDate: or lastmod:, "
                                   "and no YYYY-MM-DD- in its name)")
    slug = f.slugify_or(str(raw.get("slug") or short), name)
    finder = _finder(source, bundle, site.finder)
    story = map_story(source, slug, when, Site(site.tz, site.url, site.authors, finder))
    if not raw.get("date"):
        story.note(f"no date: field: dated {when.text()} from "
                   f"{'its name' if day and not raw.get('publishdate') else 'publishDate/lastmod'}")
    story.aliases = unique_paths([_old_path(source, raw, name, story, config), *story.aliases])
    story.guid = story.guid or site.url + story.aliases[0]
    story.body = _body(source, story, finder)
    if bundle:
        for rel in finder.bundle_files:
            finder.resolve(rel, story)  # a bundle's files are copied, used or not
    return story


def _finder(source: Source, bundle: bool, base: images.Finder) -> images.Finder:
    if not bundle:
        return base
    folder = source.path.parent
    files = tuple(sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*")
                         if p.is_file() and p != source.path and not p.name.startswith(".")
                         and not p.name.lower().endswith(CONTENT_SUFFIXES)))
    return images.Finder(base.roots, base.hosts, folder, files)


def _old_path(source: Source, raw: dict[str, Any], name: str, story: Story,
              config: dict[str, Any]) -> str:
    if raw.get("url"):
        return str(raw["url"])
    folders = PurePosixPath(source.src).parts[:-2 if source.path.stem == "index" else -1]
    section = folders[0] if folders else ""
    place = Place(story.date.moment, str(raw.get("title") or ""), str(raw.get("slug") or ""), name,
                  section=section, sections="/".join(folders))
    path = hugo_path(_pattern(config, section), place, truthy(config.get("uglyurls")))
    return path.lower() if not truthy(config.get("disablepathtolower")) else path


def _pattern(config: dict[str, Any], section: str) -> str | None:
    permalinks = _lower(config.get("permalinks") or {})
    if isinstance(permalinks.get("page"), dict):  # Hugo 0.112+: [permalinks.page]
        permalinks = _lower(permalinks["page"])
    pattern = permalinks.get(section.lower())
    return str(pattern) if isinstance(pattern, str) else None


def _body(source: Source, story: Story, finder: images.Finder) -> str:
    def resolve(target: str) -> str:
        path = PurePosixPath(target.strip("\"'").split("#", 1)[0])
        stem = path.parent.name if path.stem in ("index", "_index") else path.stem
        return f"/stories/{f.slugify_or(f.split_dated_name(stem)[1], stem)}/"
    body = shortcodes.hugo(source.body, resolve, story.note)
    if source.path.suffix.lower() in (".html", ".htm"):
        body = htmlmd.to_markdown(body, story.note)
    else:
        body = embeds.raw_html(body, story.note)
    return embeds.tidy(images.rewrite(body, finder, story))
