"""Story bodies: the one Markdown parser and the HTML policy.

Policy: bodies are CommonMark plus tables, strikethrough and footnotes. Raw HTML is allowed
but sanitised with nh3 (the Ammonia sanitiser): only formatting tags survive; <script>,
<style>, <iframe>, forms, comments, every on* attribute and every URL scheme other than
http, https, mailto and tel are removed. A body's `# heading` becomes <h2>, because the
headline is the page's only <h1>.
"""

from __future__ import annotations

import html
import re
from urllib.parse import urljoin

import nh3
from markdown_it import MarkdownIt
from mdit_py_plugins.footnote import footnote_plugin

ALLOWED_TAGS = {
    "a", "abbr", "b", "blockquote", "br", "caption", "cite", "code", "dd", "del", "details", "dfn",
    "div", "dl", "dt", "em", "figcaption", "figure", "h2", "h3", "h4", "h5", "h6", "hr", "i",
    "img", "ins", "kbd", "li", "mark", "ol", "p", "pre", "q", "s", "samp", "section", "small",
    "span", "strong", "sub", "summary", "sup", "table", "tbody", "td", "tfoot", "th", "thead",
    "time", "tr", "u", "ul",
}
ALLOWED_ATTRIBUTES = {
    "*": {"title", "lang"},
    "a": {"href", "id", "class"},
    "img": {"src", "alt", "width", "height", "loading"},
    "li": {"id", "class"},
    "ol": {"start", "class"},
    "section": {"class"},
    "sup": {"class"},
    "hr": {"class"},
    "td": {"style", "colspan", "rowspan"},
    "th": {"style", "colspan", "rowspan", "scope"},
    "time": {"datetime"},
    "q": {"cite"},
    "blockquote": {"cite"},
}
URL_SCHEMES = {"http", "https", "mailto", "tel"}
MAX_NESTING = 50  # markdown-it's own limit on nested blocks; deeper input is kept as text


def _parser() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": True, "maxNesting": MAX_NESTING})
    md.enable(["table", "strikethrough"]).use(footnote_plugin)

    def demote_h1(state) -> None:
        for token in state.tokens:
            if token.tag == "h1" and token.type in ("heading_open", "heading_close"):
                token.tag = "h2"

    md.core.ruler.push("demote_h1", demote_h1)
    md.validateLink = _allowed_url
    return md


_SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.-]*):")


def _allowed_url(url: str) -> bool:
    """Markdown links and images: relative, or one of URL_SCHEMES (markdown-it has already
    percent-encoded spaces and control characters, so "java\tscript:" cannot pass as a scheme)."""
    found = _SCHEME.match(url)
    return found is None or found.group(1).lower() in URL_SCHEMES


_MD = _parser()


def render_markdown(text: str) -> str:
    """Markdown source to safe HTML. Markdown alone cannot produce unsafe HTML (links are
    checked by _allowed_url), so the sanitiser runs only on bodies that contain raw HTML."""
    env: dict = {}
    tokens = _MD.parse(text, env)
    html = _MD.renderer.render(tokens, _MD.options, env)
    return sanitize(html) if _has_raw_html(tokens) else html


def _has_raw_html(tokens) -> bool:
    return any(t.type == "html_block" or (t.children and any(c.type == "html_inline" for c in t.children))
               for t in tokens)


def sanitize(fragment: str) -> str:
    return nh3.clean(fragment, tags=ALLOWED_TAGS, attributes=ALLOWED_ATTRIBUTES,
                     url_schemes=URL_SCHEMES, link_rel=None, strip_comments=True,
                     filter_style_properties={"text-align"})


# nh3's serializer writes every attribute as name="value" with quotes escaped, and escapes "<" in
# text, so a start tag can be matched exactly; URLs are rewritten only inside tags, never in text.
_START_TAG = re.compile(r'<[a-zA-Z][a-zA-Z0-9]*(?:\s+[^\s"=>/]+(?:="[^"]*")?)*\s*/?>')
_URL_ATTR = re.compile(r'(\s(?:href|src|cite))="([^"]*)"')


def absolutize(fragment: str, page_url: str) -> str:
    """Every href, src and cite in sanitised HTML made absolute against the page's URL (for feeds)."""
    def fix_url(found: re.Match) -> str:
        target = urljoin(page_url, html.unescape(found.group(2)))
        return f'{found.group(1)}="{html.escape(target, quote=True)}"'

    return _START_TAG.sub(lambda tag: _URL_ATTR.sub(fix_url, tag.group(0)), fragment)
