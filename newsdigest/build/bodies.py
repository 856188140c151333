"""Where a page's body HTML comes from: the file's reading in this build, else the cache."""

from __future__ import annotations

from functools import partial
from pathlib import Path

from newsdigest.build.cache import BuildCache
from newsdigest.build.options import BuildOptions
from newsdigest.config import SiteConfig
from newsdigest.content.files import Content, Reading, load_file
from newsdigest.content.markdown import render_markdown
from newsdigest.content.models import Story, Video
from newsdigest.content.names import STORIES_DIR
from newsdigest.errors import BuildError, Problem
from newsdigest.site.model import SiteModel


def body_renderer(config: SiteConfig):
    """Markdown to HTML for this site (its embed hosts), as a function worker processes take."""
    return partial(render_markdown, hosts=config.embed_hosts)


def reading_one(root: Path, config: SiteConfig, static: tuple[Path, ...] = ()) -> Reading:
    """How to read single files again outside a whole build (a save, a lost body): no cache."""
    return Reading((root / "content").resolve(), config.tz, body_renderer(config),
                   hosts=config.embed_hosts, static=static, base_path=config.base_path)


def body_lookup(options: BuildOptions, model: SiteModel, content: Content, cache: BuildCache):
    """src_path -> body HTML: rendered this build, else from the cache, else (the cache lost
    it while the build ran) read again from its file. Items carry no Markdown body."""
    def body_html(src_path: str) -> str:
        parsed = content.parsed_now.get(src_path)
        if parsed is not None and parsed[1] is not None:
            return parsed[1]
        html = cache.body(content.hashes[src_path])
        if html is None:
            html = _body_again(options, model.config, src_path, content.hashes[src_path])
        return html
    return body_html


def _body_again(options: BuildOptions, config: SiteConfig, src_path: str, key: str) -> str:
    """The body HTML of the version `key` of a file, read from the file again."""
    reading = reading_one(options.root, config)
    kind = Story if src_path.startswith(STORIES_DIR + "/") else Video
    loaded = load_file(reading, (kind, src_path, str(options.root / src_path)))
    if loaded.key != key or loaded.parsed is None:
        raise BuildError([Problem(src_path, None, None, "changed while the site was being built "
                                  "(and the cache lost its text)", "build again")])
    return loaded.parsed[1]
