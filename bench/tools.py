"""The generators under test: how each is installed, how its site is laid out, how it is run.

A scenario's command line lives in one place per tool: its `build_cmd`.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
PELICAN_SPEC = "pelican>=4.12,<4.13"


def run_quiet(cmd: list[str], log: Path, **kw) -> bool:
    """Run an install step, its output appended to log; True when it succeeded."""
    with open(log, "ab") as out:
        out.write(f"\n$ {' '.join(map(str, cmd))}\n".encode())
        out.flush()
        try:
            return subprocess.run(cmd, stdout=out, stderr=subprocess.STDOUT,
                                  stdin=subprocess.DEVNULL, **kw).returncode == 0
        except OSError as err:
            out.write(f"{err}\n".encode())
            return False


def first_line(cmd: list[str]) -> str:
    """The first line a command prints, or '?' when it cannot run."""
    try:
        out = subprocess.run(cmd, capture_output=True, text=True, timeout=60)
    except (OSError, subprocess.TimeoutExpired):
        return "?"
    return ((out.stdout or out.stderr).strip().splitlines() or ["?"])[0]


def append(path: Path, text: str) -> None:
    """Append text to a file, as an editor saving it would."""
    with open(path, "a", encoding="utf-8") as f:
        f.write(text)


def remove(path: Path) -> None:
    """Delete a file or folder if it is there."""
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path)
    elif path.exists() or path.is_symlink():
        path.unlink()


@dataclass
class Tool:
    """A generator's site for one corpus size: where it lives and how to build and edit it."""

    work: Path        # the harness's working folder (installs live here)
    site: Path = None  # this tool's site folder for the current size
    out: Path = None   # its output folder
    corpus_format = "yaml"
    name = "?"
    scenarios = ("cold", "noop", "edit", "template")
    baseline: set = field(default_factory=set)

    def install(self, log: Path) -> str | None:
        """Install the tool if missing; return None when usable, else why not."""
        return None

    def version(self) -> str:
        return "?"

    def prepare(self, corpus: Path, site: Path, out: Path) -> None:
        """Lay out a fresh, writable site for this tool from a pristine corpus."""
        self.site, self.out = site, out
        remove(site)
        remove(out)
        self.lay_out(corpus)
        self.baseline = {p.name for p in site.iterdir()}

    def lay_out(self, corpus: Path) -> None:
        raise NotImplementedError

    def build_cmd(self) -> list[str]:
        raise NotImplementedError

    def env(self) -> dict[str, str]:
        return dict(os.environ)

    def cwd(self) -> Path:
        return self.site

    def clean(self) -> None:
        """Make the next build a cold one: no output, no cache."""
        remove(self.out)

    def story_file(self, slug: str) -> Path:
        return self.site / "content" / "stories" / f"{slug}.md"

    def edit_story(self, slug: str, n: int) -> None:
        """Append a sentence to one story (the same story for every tool)."""
        append(self.story_file(slug), f"\nBench edit {n}: officials said the meeting would resume.\n")

    def template_file(self) -> Path:
        raise NotImplementedError

    def edit_template(self, n: int) -> None:
        append(self.template_file(), f"\n<!-- bench template edit {n} -->\n")


class Newsdigest(Tool):
    """This checkout's newsdigest (its CLI, with the checkout first on the path)."""

    name = "newsdigest"
    corpus_format = "newsdigest"

    def cli(self) -> list[str]:
        return [sys.executable, str(REPO / "bench" / "newsdigest_cli.py")]

    def build_cmd(self) -> list[str]:
        # like for like: Hugo, Pelican and Eleventy make no search index (newsdigest-search does)
        return self.cli() + ["build", "--root", str(self.site), "--out", str(self.out), "--no-search"]

    def serve_cmd(self) -> list[str]:
        return self.cli() + ["serve", "--root", str(self.site), "--out", str(self.out), "--port", "0"]

    def env(self) -> dict[str, str]:
        env = dict(os.environ)
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO), env.get("PYTHONPATH")]))
        # Python keeps compiled modules beside the code, as it does on a user's machine; with
        # this set (some of our machines set it), every build compiled newsdigest's modules
        # again: 0.1 s that no user pays, a fifth of an edit build's target.
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        return env

    def cwd(self) -> Path:
        return REPO

    def has_serve(self) -> bool:
        probe = subprocess.run(self.cli() + ["serve", "--help"],
                               capture_output=True, cwd=REPO, env=self.env())
        return probe.returncode == 0

    def version(self) -> str:
        code = first_line(["git", "-C", str(REPO), "log", "-1", "--format=%h", "--", "newsdigest"])
        dirty = subprocess.run(["git", "-C", str(REPO), "diff", "--quiet", "HEAD", "--", "newsdigest"])
        return f"newsdigest (code of commit {code}{', with local changes' if dirty.returncode else ''})"

    def lay_out(self, corpus: Path) -> None:
        shutil.copytree(corpus, self.site)
        theme = REPO / "newsdigest" / "theme" / "templates" / "article.html"
        (self.site / "templates").mkdir(exist_ok=True)
        shutil.copy(theme, self.template_file())

    def clean(self) -> None:
        """No output, and nothing the build added to the site root (a build cache)."""
        remove(self.out)
        for entry in self.site.iterdir():
            if entry.name not in self.baseline:
                remove(entry)

    def template_file(self) -> Path:
        return self.site / "templates" / "article.html"

    def edit_template(self, n: int) -> None:
        append(self.template_file(), f"\n{{# bench template edit {n} #}}\n")


HUGO_CONFIG = """\
baseURL = "https://digest.example.org/"
title = "Shoreline Digest"
languageCode = "en-us"
timeZone = "America/New_York"
paginate = 20
disableKinds = ["sitemap", "robotsTXT", "section"]
[permalinks]
  stories = "/stories/:slug/"
[taxonomies]
  tag = "tags"
[services.rss]
  limit = 50
"""
HUGO_LAYOUTS = {
    "_default/baseof.html": """\
<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{{ .Title }} | {{ .Site.Title }}</title>
{{ with .OutputFormats.Get "rss" }}<link rel="alternate" type="application/rss+xml" href="{{ .Permalink }}">{{ end }}
</head><body><header><a href="{{ "/" | relURL }}">{{ .Site.Title }}</a></header>
<main>{{ block "main" . }}{{ end }}</main></body></html>
""",
    "_default/single.html": """\
{{ define "main" }}<article><h1>{{ .Title }}</h1><p class="dek">{{ .Params.summary }}</p>
<p>By {{ .Params.author }}, <time datetime="{{ .Date.Format "2006-01-02T15:04:05-07:00" }}">{{ .Date.Format "Jan 2, 2006, 3:04 PM" }}</time></p>
{{ .Content }}
<ul class="tags">{{ range .GetTerms "tags" }}<li><a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a></li>{{ end }}</ul>
</article>
<aside><h2>More from {{ .Site.Title }}</h2><ul>{{ range first 6 .Site.RegularPages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}</ul></aside>
{{ end }}
""",
    "_default/list.html": """\
{{ define "main" }}<h1>{{ .Title }}</h1>
{{ $pages := .Pages }}{{ if .IsHome }}{{ $pages = .Site.RegularPages }}{{ end }}
{{ $pager := .Paginate $pages }}
{{ range $pager.Pages }}<article><h2><a href="{{ .RelPermalink }}">{{ .Title }}</a></h2><p>{{ .Params.summary }}</p>
<time>{{ .Date.Format "Jan 2, 2006" }}</time></article>{{ end }}
{{ template "_internal/pagination.html" . }}{{ end }}
""",
}


class Hugo(Tool):
    """Debian's hugo on a minimal site: story pages with a latest-stories rail, paginated home and tag pages, RSS.

    No related-content rail: Hugo 0.111's `.Related` alone takes over a minute at 10,000 stories here.
    """

    name = "hugo"
    scenarios = ("cold", "noop", "edit", "template")

    def install(self, log: Path) -> str | None:
        if shutil.which("hugo"):
            return None
        env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
        if not shutil.which("apt-get"):
            return "hugo missing and no apt-get"
        run_quiet(["apt-get", "update"], log, env=env)
        if not run_quiet(["apt-get", "install", "-y", "hugo"], log, env=env):
            return f"apt-get install hugo failed (see {log})"
        return None

    def version(self) -> str:
        return first_line(["hugo", "version"])

    def lay_out(self, corpus: Path) -> None:
        (self.site / "content").mkdir(parents=True)
        shutil.copytree(corpus / "stories", self.site / "content" / "stories")
        (self.site / "hugo.toml").write_text(HUGO_CONFIG)
        for rel, text in HUGO_LAYOUTS.items():
            path = self.site / "layouts" / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text)

    def cache_dir(self) -> Path:
        return self.out.parent / f"{self.out.name}.hugo-cache"

    def build_cmd(self) -> list[str]:
        return ["hugo", "--quiet", "--source", str(self.site), "--destination", str(self.out),
                "--cacheDir", str(self.cache_dir())]

    def clean(self) -> None:
        for path in (self.out, self.cache_dir(), self.site / "resources", self.site / ".hugo_build.lock"):
            remove(path)

    def template_file(self) -> Path:
        return self.site / "layouts" / "_default" / "single.html"

    def edit_template(self, n: int) -> None:
        append(self.template_file(), f"\n{{{{/* bench template edit {n} */}}}}\n")


PELICAN_CONFIG = """\
AUTHOR = "Staff"
SITENAME = "Shoreline Digest"
SITEURL = "https://digest.example.org"
PATH = "content"
TIMEZONE = "America/New_York"
DEFAULT_LANG = "en"
DEFAULT_PAGINATION = 20
RELATIVE_URLS = False
FEED_DOMAIN = SITEURL
FEED_MAX_ITEMS = 50
FEED_ALL_RSS = "feed.xml"
FEED_ALL_ATOM = "atom.xml"
TAG_FEED_RSS = "tags/{slug}/feed.xml"
TAG_FEED_ATOM = "tags/{slug}/atom.xml"
CATEGORY_FEED_ATOM = None
AUTHOR_FEED_ATOM = None
AUTHOR_FEED_RSS = None
TRANSLATION_FEED_ATOM = None
ARTICLE_URL = "stories/{slug}/"
ARTICLE_SAVE_AS = "stories/{slug}/index.html"
TAG_URL = "tags/{slug}/"
TAG_SAVE_AS = "tags/{slug}/index.html"
THEME_TEMPLATES_OVERRIDES = [%r]
CACHE_CONTENT = False
LOAD_CONTENT_CACHE = False
"""


class Pelican(Tool):
    """Pelican 4.12 with markdown in its own venv, default theme, feeds on."""

    name = "pelican"
    scenarios = ("cold", "noop", "edit", "template")
    corpus_format = "pelican"

    def venv(self) -> Path:
        return self.work / "pelican-venv"

    def exe(self, name: str) -> str:
        return str(self.venv() / "bin" / name)

    def install(self, log: Path) -> str | None:
        if Path(self.exe("pelican")).exists():
            return None
        if not run_quiet([sys.executable, "-m", "venv", str(self.venv())], log):
            return f"could not make a venv (see {log})"
        if not run_quiet([self.exe("python"), "-m", "pip", "install", "-q", PELICAN_SPEC, "markdown"], log):
            return f"pip install pelican failed (see {log})"
        return None

    def version(self) -> str:
        return "pelican " + first_line([self.exe("pelican"), "--version"])

    def lay_out(self, corpus: Path) -> None:
        (self.site / "content").mkdir(parents=True)
        shutil.copytree(corpus / "stories", self.site / "content" / "stories")
        overrides = self.site / "templates"
        (self.site / "pelicanconf.py").write_text(PELICAN_CONFIG % str(overrides))
        theme = subprocess.run([self.exe("python"), "-c",
                                "import os, pelican; print(os.path.dirname(pelican.__file__))"],
                               capture_output=True, text=True, check=True).stdout.strip()
        overrides.mkdir()
        shutil.copy(Path(theme) / "themes" / "notmyidea" / "templates" / "article.html", overrides)

    def build_cmd(self) -> list[str]:
        return [self.exe("pelican"), "--quiet", str(self.site / "content"),
                "--settings", str(self.site / "pelicanconf.py"), "--output", str(self.out)]

    def clean(self) -> None:
        for path in (self.out, self.site / "cache", self.site / "__pycache__"):
            remove(path)

    def template_file(self) -> Path:
        return self.site / "templates" / "article.html"

    def edit_template(self, n: int) -> None:
        append(self.template_file(), f"\n{{# bench template edit {n} #}}\n")


ELEVENTY_CONFIG = """\
export default function (eleventyConfig) {
  const stories = (api) => api.getFilteredByGlob("**/stories/*.md").sort((a, b) => b.date - a.date);
  eleventyConfig.addCollection("stories", stories);
  const byTag = (api) => {
    const tags = new Map();
    for (const story of stories(api)) {
      for (const tag of story.data.tags || []) {
        if (!tags.has(tag)) tags.set(tag, []);
        tags.get(tag).push(story);
      }
    }
    return [...tags.entries()].sort((a, b) => (a[0] < b[0] ? -1 : 1));
  };
  eleventyConfig.addCollection("tagPages", (api) => {
    const pages = [];
    for (const [tag, list] of byTag(api)) {
      for (let i = 0; i < list.length; i += 20) {
        pages.push({ tag, number: i / 20, items: list.slice(i, i + 20), more: i + 20 < list.length });
      }
    }
    return pages;
  });
  eleventyConfig.addCollection("tagFeeds", (api) =>
    byTag(api).map(([tag, list]) => ({ tag, items: list.slice(0, 50) })));
  eleventyConfig.addCollection("latest", (api) => stories(api).slice(0, 50));
  return { dir: { input: "content", includes: "_includes" }, markdownTemplateEngine: false };
}
"""
ELEVENTY_FILES = {
    "content/stories/stories.11tydata.js":  # a function: story bodies are not templates
        'module.exports = {layout: "story.njk", permalink: (data) => `/stories/${data.page.fileSlug}/`};\n',
    "content/_includes/base.njk": """\
<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{{ title }} | Shoreline Digest</title>
<link rel="alternate" type="application/rss+xml" href="/feed.xml"></head>
<body><header><a href="/">Shoreline Digest</a></header><main>{{ content | safe }}</main></body></html>
""",
    "content/_includes/story.njk": """\
---
layout: base.njk
---
<article><h1>{{ title }}</h1><p class="dek">{{ summary }}</p>
<p>By {{ author }}, <time datetime="{{ page.date.toISOString() }}">{{ page.date.toUTCString() }}</time></p>
{{ content | safe }}
<ul class="tags">{% for tag in tags %}<li><a href="/tags/{{ tag }}/">{{ tag }}</a></li>{% endfor %}</ul>
</article>
""",
    "content/index.njk": """\
---
pagination: {data: collections.stories, size: 20}
permalink: "/{% if pagination.pageNumber > 0 %}page/{{ pagination.pageNumber + 1 }}/{% endif %}"
layout: base.njk
title: Latest
eleventyExcludeFromCollections: true
---
{% for post in pagination.items %}<article><h2><a href="{{ post.url }}">{{ post.data.title }}</a></h2>
<p>{{ post.data.summary }}</p><time>{{ post.date.toISOString() }}</time></article>{% endfor %}
{% if pagination.href.next %}<a href="{{ pagination.href.next }}">Older</a>{% endif %}
""",
    "content/tag.njk": """\
---
pagination: {data: collections.tagPages, size: 1, alias: tp}
permalink: "/tags/{{ tp.tag }}/{% if tp.number > 0 %}page/{{ tp.number + 1 }}/{% endif %}"
layout: base.njk
eleventyExcludeFromCollections: true
eleventyComputed: {title: "{{ tp.tag }}"}
---
{% for post in tp.items %}<article><h2><a href="{{ post.url }}">{{ post.data.title }}</a></h2>
<p>{{ post.data.summary }}</p><time>{{ post.date.toISOString() }}</time></article>{% endfor %}
{% if tp.more %}<a href="/tags/{{ tp.tag }}/page/{{ tp.number + 2 }}/">Older</a>{% endif %}
""",
    "content/feed.njk": """\
---
permalink: /feed.xml
eleventyExcludeFromCollections: true
---
<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>Shoreline Digest</title><link>https://digest.example.org/</link>
<description>Local news</description>
{% for post in collections.latest %}<item><title>{{ post.data.title | escape }}</title>
<link>https://digest.example.org{{ post.url }}</link><guid>https://digest.example.org{{ post.url }}</guid>
<pubDate>{{ post.date.toUTCString() }}</pubDate><description>{{ post.templateContent | escape }}</description></item>
{% endfor %}</channel></rss>
""",
    "content/tagfeed.njk": """\
---
pagination: {data: collections.tagFeeds, size: 1, alias: tf}
permalink: "/tags/{{ tf.tag }}/feed.xml"
eleventyExcludeFromCollections: true
---
<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>{{ tf.tag }}: Shoreline Digest</title>
<link>https://digest.example.org/tags/{{ tf.tag }}/</link><description>Local news</description>
{% for post in tf.items %}<item><title>{{ post.data.title | escape }}</title>
<link>https://digest.example.org{{ post.url }}</link><guid>https://digest.example.org{{ post.url }}</guid>
<pubDate>{{ post.date.toUTCString() }}</pubDate><description>{{ post.templateContent | escape }}</description></item>
{% endfor %}</channel></rss>
""",
}


class Eleventy(Tool):
    """Eleventy 3 from npm in a local folder: story pages, paginated home and tag pages, RSS for home and tags."""

    name = "eleventy"

    def prefix(self) -> Path:
        return self.work / "eleventy-node"

    def exe(self) -> str:
        return str(self.prefix() / "node_modules" / ".bin" / "eleventy")

    def install(self, log: Path) -> str | None:
        if Path(self.exe()).exists():
            return None
        if not shutil.which("npm") or not shutil.which("node"):
            return "npm is not available"
        self.prefix().mkdir(parents=True, exist_ok=True)
        if not run_quiet(["npm", "install", "--prefix", str(self.prefix()), "--no-audit", "--no-fund",
                          "@11ty/eleventy@3"], log):
            return f"npm install @11ty/eleventy failed (see {log})"
        return None

    def version(self) -> str:
        return "eleventy " + first_line([self.exe(), "--version"])

    def lay_out(self, corpus: Path) -> None:
        (self.site / "content").mkdir(parents=True)
        shutil.copytree(corpus / "stories", self.site / "content" / "stories")
        (self.site / "eleventy.config.mjs").write_text(ELEVENTY_CONFIG)
        for rel, text in ELEVENTY_FILES.items():
            path = self.site / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text)

    def build_cmd(self) -> list[str]:
        return [self.exe(), "--quiet", f"--output={self.out}"]

    def clean(self) -> None:
        for path in (self.out, self.site / ".cache"):
            remove(path)

    def template_file(self) -> Path:
        return self.site / "content" / "_includes" / "story.njk"

    def edit_template(self, n: int) -> None:
        append(self.template_file(), f"\n{{# bench template edit {n} #}}\n")


class NewsdigestSearch(Newsdigest):
    """newsdigest as a newsroom gets it by default: with its Pagefind search index, which every
    edit to a story or video page makes again (the cost the readers' issue asks to show)."""

    name = "newsdigest-search"

    def build_cmd(self) -> list[str]:
        return self.cli() + ["build", "--root", str(self.site), "--out", str(self.out)]


TOOLS = {"newsdigest": Newsdigest, "newsdigest-search": NewsdigestSearch, "hugo": Hugo,
         "pelican": Pelican, "eleventy": Eleventy}
