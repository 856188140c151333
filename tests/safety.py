"""Is a built site safe? Parses every page and feed (html.parser, xml.etree), not string search."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path

BAD_SCHEMES = ("javascript:", "vbscript:", "data:")
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "poster", "background",
                  "cite", "data", "srcset", "longdesc", "usemap", "content", "url", "scheme"}
FORBIDDEN_TAGS = {"script", "iframe", "object", "embed", "base", "frame", "frameset", "applet",
                  "form", "style", "svg", "math", "template", "noscript"}
THEME_SCRIPT = re.compile(r"^(https?://[^/]+)?/([^\s\"'<>]*/)?assets/site\.js$")
SEARCH_SCRIPT = re.compile(r"^/([^\s\"'<>]*/)?assets/search\.js$")
# The theme's own, each on its one page: the search form (and its no-JS note), the email's
# stylesheet (kept for dark mode), and a town's old tag page sending readers to its town page.
THEME_ONLY = {("search/index.html", "form"), ("search/index.html", "noscript"), ("email.html", "style")}
TOWN_REDIRECT = re.compile(r"^0; url=/([^\s\"'<>]*/)?towns/[a-z0-9-]+/(page/\d+/)?$")
# Feed elements whose text readers render as HTML (Atom's only when type="html").
HTML_IN_FEEDS = {"description", "{http://purl.org/rss/1.0/modules/content/}encoded"}
ATOM_TEXT = {"{http://www.w3.org/2005/Atom}content", "{http://www.w3.org/2005/Atom}summary",
             "{http://www.w3.org/2005/Atom}title"}
# Browsers drop these anywhere inside a URL's scheme, and ignore leading controls and spaces.
_URL_NOISE = re.compile(r"[\x00-\x20\x7f]+")


def bad_url(value: str) -> bool:
    """True for a javascript:, vbscript: or data: URL, as a browser would read the (decoded) value."""
    return _URL_NOISE.sub("", value).lower().startswith(BAD_SCHEMES)


class _Inspector(HTMLParser):
    def __init__(self, where: str):
        super().__init__(convert_charrefs=True)
        self.where, self.found = where, []

    def handle_starttag(self, tag, attrs):
        self._check(tag, attrs)

    def handle_startendtag(self, tag, attrs):
        self._check(tag, attrs)

    def _check(self, tag, attrs):
        values = dict(attrs)
        if tag == "script":
            if set(values) == {"src", "defer"} and THEME_SCRIPT.match(values["src"] or ""):
                return
            if values == {"type": "application/ld+json"}:
                return  # data, not code; a "</script>" inside it would end it and show up here
            if self.where == "search/index.html" and set(values) == {"type", "src"} \
                    and values["type"] == "module" and SEARCH_SCRIPT.match(values["src"] or ""):
                return
        if any(self.where.endswith(page) and tag == theirs for page, theirs in THEME_ONLY):
            return
        if tag in FORBIDDEN_TAGS:
            self.found.append(f"{self.where}: <{tag}> {attrs}")
        for name, value in attrs:
            if name.startswith("on"):
                self.found.append(f"{self.where}: <{tag} {name}={value!r}>")
            elif name == "style" and re.search(r"url\(|expression|javascript", value or "", re.I):
                self.found.append(f"{self.where}: <{tag} style={value!r}>")
            elif name in URL_ATTRIBUTES and name != "content" and bad_url(value or ""):
                self.found.append(f"{self.where}: <{tag} {name}={value!r}>")
            elif name == "content" and values.get("http-equiv", "").lower() == "refresh" \
                    and not (self.where.startswith("tags/") and TOWN_REDIRECT.match(value or "")):
                self.found.append(f"{self.where}: <meta http-equiv=refresh>")


def html_problems(text: str, where: str) -> list[str]:
    inspector = _Inspector(where)
    inspector.feed(text)
    inspector.close()
    return inspector.found


def xml_problems(data: bytes, where: str) -> list[str]:
    found = []
    for element in ET.fromstring(data).iter():
        for name, value in element.attrib.items():
            if name.split("}")[-1] in URL_ATTRIBUTES and bad_url(value):
                found.append(f"{where}: <{element.tag} {name}={value!r}>")
        as_html = element.tag in HTML_IN_FEEDS or (
            element.tag in ATOM_TEXT and element.get("type", "text") in ("html", "xhtml"))
        if as_html and element.text:
            found += html_problems(element.text, f"{where} {element.tag}")
        elif element.tag.split("}")[-1] in {"link", "guid", "id", "loc", "url"} and element.text:
            if bad_url(element.text):
                found.append(f"{where}: <{element.tag}>{element.text!r}")
    return found


def site_problems(out: Path) -> list[str]:
    """Every script, on* attribute, dangerous URL or element in the pages and feeds under out."""
    found = []
    for path in sorted(out.rglob("*")):
        where = path.relative_to(out).as_posix()
        if path.suffix == ".html":
            found += html_problems(path.read_text(encoding="utf-8"), where)
        elif path.suffix == ".xml":
            found += xml_problems(path.read_bytes(), where)
    return found


def output_paths_inside(out: Path) -> list[str]:
    """Paths under out that are links or resolve outside it (should be none)."""
    real = out.resolve()
    return [p.as_posix() for p in out.rglob("*")
            if p.is_symlink() or not p.resolve().is_relative_to(real)]
