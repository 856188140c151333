"""What a story body holds beyond its words: what the HTML policy will remove (each named, with
its line), the images it shows, and its opening words as plain text for descriptions."""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from html.parser import HTMLParser

from newsdigest.content.embeds import known_embed
from newsdigest.content.markdown import (
    ALLOWED_ATTRIBUTES,
    ALLOWED_TAGS,
    URL_SCHEMES,
    url_scheme,
)

DESCRIPTION_LENGTH = 300
_DROPPED_WITH_CONTENT = {"script", "style", "template", "noscript", "textarea", "title", "xmp",
                         "iframe", "noembed", "noframes", "plaintext", "object", "svg", "math"}


@dataclass(frozen=True)
class Removal:
    line: int  # of the body, from 1
    what: str  # "<iframe src=...>", "the style attribute of <img>"


@dataclass(frozen=True)
class BodyFacts:
    removals: tuple[Removal, ...]
    images: tuple[str, ...]  # every image address the body shows, in order
    template_tags: tuple[Removal, ...] = ()  # Liquid tags, Hugo shortcodes, kramdown attributes


# Code other generators run that newsdigest does not: it would show as text.
_TEMPLATE_TAG = re.compile(r"\{%-?\s*\w.*?%\}|\{\{[<%].*?[>%]\}\}|^\s*\{:\s*[^}\n]*\}\s*$", re.M)


class _TagReader(HTMLParser):
    """Start tags of raw HTML with the attributes the policy would drop."""

    def __init__(self, first_line: int, hosts: tuple[str, ...], found: list[Removal],
                 images: list[str]):
        super().__init__(convert_charrefs=True)
        self.first_line, self.hosts, self.found, self.images = first_line, hosts, found, images

    def handle_starttag(self, tag: str, attrs: list) -> None:
        line = self.first_line + self.getpos()[0] - 1
        values = {name: value or "" for name, value in attrs}
        if tag == "iframe" and known_embed(values.get("src", ""), self.hosts):
            return
        if tag not in ALLOWED_TAGS:
            self.found.append(Removal(line, _element(tag, values)))
            return
        if tag == "img" and values.get("src"):
            self.images.append(values["src"])
        allowed = ALLOWED_ATTRIBUTES.get(tag, set()) | ALLOWED_ATTRIBUTES["*"]
        for name, value in values.items():
            if name not in allowed:
                self.found.append(Removal(line, f"the {name} attribute of <{tag}>"))
            elif name in ("href", "src", "cite") and url_scheme(value) not in (None, *URL_SCHEMES):
                self.found.append(Removal(line, f"the {name} of <{tag}> ({value[:40]!r})"))

    handle_startendtag = handle_starttag


def _element(tag: str, attrs: dict[str, str]) -> str:
    src = attrs.get("src") or attrs.get("href") or attrs.get("data")
    what = f"<{tag} src={src[:80]!r}>" if src else f"<{tag}>"
    return what + (" and everything in it" if tag in _DROPPED_WITH_CONTENT else "")


def body_facts(text: str, tokens: list, hosts: tuple[str, ...] = ()) -> BodyFacts:
    """The removals, images and template code of a Markdown body, from its tokens."""
    found: list[Removal] = []
    images: list[str] = []
    code_lines: set[int] = set()
    for token in tokens:
        if token.type in ("fence", "code_block") and token.map:
            code_lines.update(range(token.map[0] + 1, token.map[1] + 1))
        first = (token.map[0] + 1) if token.map else 1
        if token.type == "html_block":
            _read_html(token.content, first, hosts, found, images)
        for child in token.children or ():
            if child.type == "html_inline":
                _read_html(child.content, first, hosts, found, images)
            elif child.type == "image" and child.attrs.get("src"):
                images.append(str(child.attrs["src"]))
    unique = tuple(dict.fromkeys(found))
    return BodyFacts(unique, tuple(dict.fromkeys(images)), _template_tags(text, code_lines))


def _template_tags(text: str, code_lines: set[int]) -> tuple[Removal, ...]:
    """Each Liquid tag, Hugo shortcode or kramdown attribute list outside code, with its line."""
    found = []
    for match in _TEMPLATE_TAG.finditer(text):
        line = text.count("\n", 0, match.start()) + 1
        start_of_line = text.rfind("\n", 0, match.start()) + 1
        if line in code_lines or text.count("`", start_of_line, match.start()) % 2:
            continue
        found.append(Removal(line, match.group(0).strip()[:80]))
    return tuple(found)


def _read_html(fragment: str, first: int, hosts, found: list[Removal], images: list[str]) -> None:
    reader = _TagReader(first, hosts, found, images)
    try:
        reader.feed(fragment)
        reader.close()
    except (AssertionError, ValueError):  # malformed markup the sanitiser will deal with
        pass


class _TextReader(HTMLParser):
    """The words of rendered HTML, block by block, without what readers never see as text."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.blocks: list[list[str]] = [[]]
        self.hidden = 0

    def handle_starttag(self, tag: str, attrs: list) -> None:
        if tag in ("script", "style", "figure", "pre", "table", "sup"):
            self.hidden += 1
        if tag in ("p", "h2", "h3", "h4", "h5", "h6", "li", "blockquote", "div", "br", "hr"):
            self.blocks.append([])

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style", "figure", "pre", "table", "sup") and self.hidden:
            self.hidden -= 1

    def handle_data(self, data: str) -> None:
        if not self.hidden:
            self.blocks[-1].append(data)


def plain_description(body_html: str, limit: int = DESCRIPTION_LENGTH) -> str:
    """The first block of words of rendered HTML, as plain text of at most `limit` characters
    (cut at a word, with an ellipsis): the description when a story has no summary."""
    for part in (body_html[:4 * limit], body_html):  # the opening is almost always enough
        reader = _TextReader()
        reader.feed(part)
        reader.close()
        for n, block in enumerate(reader.blocks):
            words = " ".join("".join(block).split())
            if words and (n < len(reader.blocks) - 1 or part is body_html):
                return _cut(words, limit)
            if words:
                break  # the block may go on past the part read: read it all
    return ""


def _cut(text: str, limit: int) -> str:
    if len(text) <= limit:
        return text
    cut = text[:limit - 1].rsplit(" ", 1)[0].rstrip(",;:.-—")
    return cut + "…"


def plain_text(fragment: str) -> str:
    """Text with tags removed and entities decoded (a title with &mdash; or <em> in it)."""
    return " ".join(html.unescape(re.sub(r"<[^>]*>", "", fragment)).split())
