"""Story bodies: the one Markdown parser and the HTML policy.

Policy: bodies are CommonMark plus tables, strikethrough and footnotes. Raw HTML is allowed
but sanitised with nh3 (the Ammonia sanitiser): only formatting tags survive; <script>,
<style>, <iframe> (but embeds from known hosts, see embeds.py), forms, comments, every on*
attribute and every URL scheme other than http, https, mailto and tel are removed, and
body.py names each removal in a warning. A body's `# heading` becomes <h2>, because the
headline is the page's only <h1>.
"""

from __future__ import annotations

import html
import re
from urllib.parse import urljoin

import nh3
from markdown_it import MarkdownIt
from mdit_py_plugins.footnote import footnote_plugin

from newsdigest.content.embeds import replace_embeds, restore_embeds

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
    "h2": {"id"}, "h3": {"id"}, "h4": {"id"}, "h5": {"id"}, "h6": {"id"},  # anchors links point at
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
MAX_NESTING = 40  # levels of blocks in blocks (a quote is 1, a list 2); deeper is an error
# markdown-it silently drops whatever is nested deeper than its maxNesting; the guard below
# stops first, so nothing an editor wrote is ever lost without a message.
_MARKDOWN_IT_NESTING = MAX_NESTING + 10
# What can open a nested block at the start of a line: quote marks, list markers, indentation,
# footnote labels. A line deeper than MAX_NESTING needs more than MAX_NESTING // 2 of them.
_CONTAINER_PREFIX = re.compile(r"^(?:[ \t>*+\-.)0-9]|\[\^[^\]\n]*\]:)*", re.MULTILINE)


class NestedTooDeep(ValueError):
    """A body whose blocks nest deeper than MAX_NESTING; line is the body's line, from 1."""

    def __init__(self, line: int):
        super().__init__(f"blocks nested more than {MAX_NESTING} levels deep at line {line}")
        self.line = line


def _nesting_guard(state, start_line: int, end_line: int, silent: bool) -> bool:
    if state.level > MAX_NESTING:
        raise NestedTooDeep(start_line + 1)
    return False


def _parser() -> MarkdownIt:
    # typographer: "quotes" become curly, -- and --- dashes, ... an ellipsis (never in code)
    md = MarkdownIt("commonmark", {"html": True, "maxNesting": _MARKDOWN_IT_NESTING, "typographer": True})
    md.enable(["table", "strikethrough", "replacements", "smartquotes"]).use(footnote_plugin)
    md.block.ruler.before("table", "nesting_guard", _nesting_guard)

    def demote_h1(state) -> None:
        for token in state.tokens:
            if token.tag == "h1" and token.type in ("heading_open", "heading_close"):
                token.tag = "h2"

    md.core.ruler.push("demote_h1", demote_h1)
    md.validateLink = _allowed_url
    return md


def _allowed_url(url: str) -> bool:
    """Markdown links and images: relative, or one of URL_SCHEMES."""
    scheme = url_scheme(url)
    return scheme is None or scheme in URL_SCHEMES


_MD = _parser()
_LAST: list = [None, None]  # (text, hosts) and HTML of the last body: checking and building
# a file render it one after the other, in the same process


def render_markdown(text: str, hosts: tuple[str, ...] = ()) -> str:
    """Markdown source to safe HTML. Markdown alone cannot produce unsafe HTML (links are
    checked by _allowed_url), so the sanitiser runs only on bodies that contain raw HTML;
    iframes from known embed hosts (and `hosts`) become privacy-friendly embeds (embeds.py).
    Raises NestedTooDeep (nesting_error finds it first, when the file is checked)."""
    if _LAST[0] == (text, hosts):
        return _LAST[1]
    return render_with_tokens(text, hosts)[0]


def render_with_tokens(text: str, hosts: tuple[str, ...] = ()) -> tuple[str, list]:
    """render_markdown, and the markdown-it tokens it rendered (for checks that read what the
    body holds, without parsing it twice)."""
    env: dict = {}
    tokens = _MD.parse(text, env)
    html = _MD.renderer.render(tokens, _MD.options, env)
    if _has_raw_html(tokens):
        protected, embeds = replace_embeds(html, hosts)
        html = restore_embeds(sanitize(protected), embeds)
    _LAST[:] = [(text, hosts), html]
    return html, tokens


def _has_raw_html(tokens) -> bool:
    return any(t.type == "html_block" or (t.children and any(c.type == "html_inline" for c in t.children))
               for t in tokens)


def nesting_error(text: str) -> int | None:
    """The line of the body (from 1) where blocks nest deeper than MAX_NESTING, else None.

    Cheap for ordinary bodies: only one with a long run of quote or list markers is parsed.
    """
    if all(len(found.group(0)) <= MAX_NESTING // 2 - 2 for found in _CONTAINER_PREFIX.finditer(text)):
        return None
    try:
        _MD.parse(text)
    except NestedTooDeep as exc:
        return exc.line
    return None


def sanitize(fragment: str) -> str:
    return nh3.clean(fragment, tags=ALLOWED_TAGS, attributes=ALLOWED_ATTRIBUTES,
                     url_schemes=URL_SCHEMES, link_rel=None, strip_comments=True,
                     filter_style_properties={"text-align"}, attribute_filter=_url_filter)


_SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.\-]*):")
_URL_NOISE = re.compile(r"[\x00-\x20\x7f]+")  # browsers ignore these inside a scheme


def url_scheme(url: str) -> str | None:
    """The scheme of a URL as a browser reads it ("javascript" for " jav\tascript:x"), else None."""
    found = _SCHEME.match(_URL_NOISE.sub("", url))
    return found.group(1).lower() if found else None


def _url_filter(tag: str, attribute: str, value: str) -> str | None:
    """nh3 checks the scheme of href and src but not of cite: drop any URL not in URL_SCHEMES."""
    if attribute in ("href", "src", "cite") and url_scheme(value) not in (None, *URL_SCHEMES):
        return None
    return value


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
