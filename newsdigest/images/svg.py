"""The SVG check: an SVG is served as it is only when it can run no script and load nothing else.

An SVG opened directly runs its scripts on the site's own origin, so anything that could script
or reach out is an error: script elements, HTML inside the drawing (foreignObject), on* event
handlers, javascript: links, and references to other files or hosts (href, xlink:href, url(),
@import, xml-stylesheet). Parsed with expat, line by line, with entity declarations refused (no
billion laughs, no external entities).
"""

from __future__ import annotations

import re
import xml.parsers.expat as expat

from newsdigest.errors import Problem

FORBIDDEN_ELEMENTS = {"script": "a script", "foreignobject": "HTML inside the drawing (foreignObject)",
                      "iframe": "an iframe", "embed": "an embedded object", "object": "an embedded object"}
HINT = ("save it again without scripts, links or outside files "
        "(Inkscape: Save As > Optimized SVG), or use a PNG")
URL_IN_CSS = re.compile(r"url\(\s*['\"]?([^'\")]*)", re.IGNORECASE)
SCRIPT_SCHEME = re.compile(r"(java|vb)script:", re.IGNORECASE)
SAFE_DATA = re.compile(r"data:image/(png|jpeg|gif|webp|avif)[;,]", re.IGNORECASE)
LINK_ATTRIBUTES = {"href", "src"}


class _Refused(Exception):
    """A construct the check does not parse at all (entity declarations)."""


def check_svg(src_path: str, data: bytes) -> tuple[Problem, ...]:
    """Every problem that keeps this SVG from being published; () for a clean one."""
    problems: list[Problem] = []
    parser = expat.ParserCreate(namespace_separator=" ")
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
    style: list[str] = []  # text of the <style> element being read

    def report(message: str) -> None:
        problems.append(Problem(src_path, parser.CurrentLineNumber, None, message, HINT))

    def start(name: str, attrs: dict[str, str]) -> None:
        local = name.rsplit(" ", 1)[-1].lower()
        if local in FORBIDDEN_ELEMENTS:
            report(f"has {FORBIDDEN_ELEMENTS[local]} (<{local}>), which could run or load anything")
        if local == "style":
            style.append("")
        for attr, value in attrs.items():
            _check_attribute(attr.rsplit(" ", 1)[-1].lower(), value, report)

    def text(chunk: str) -> None:
        if style:
            style[-1] += chunk

    def end(name: str) -> None:
        if name.rsplit(" ", 1)[-1].lower() == "style" and style:
            _check_css(style.pop(), report)

    def pi(target: str, _data: str) -> None:
        if target.lower() == "xml-stylesheet":
            report("loads a style sheet from another file (<?xml-stylesheet?>)")

    def refuse(*_args) -> None:
        raise _Refused()

    parser.StartElementHandler, parser.EndElementHandler = start, end
    parser.CharacterDataHandler, parser.ProcessingInstructionHandler = text, pi
    parser.EntityDeclHandler = parser.UnparsedEntityDeclHandler = refuse
    parser.ExternalEntityRefHandler = refuse
    try:
        parser.Parse(data, True)
    except _Refused:
        return (Problem(src_path, parser.CurrentLineNumber, None,
                        "declares XML entities, which an SVG for the web never needs", HINT),)
    except expat.ExpatError as err:
        reason = expat.errors.messages[err.code]
        return (Problem(src_path, err.lineno, None, f"is not well-formed XML ({reason})",
                        "open it in a drawing program and save it again as SVG"),)
    return tuple(problems)


def _check_attribute(attr: str, value: str, report) -> None:
    bare = re.sub(r"[\s\x00-\x1f]+", "", value)
    if attr.startswith("on"):
        report(f"has an event handler ({attr}=), which runs script")
    elif SCRIPT_SCHEME.search(bare):
        report(f"has a javascript: link ({attr}=), which runs script")
    elif attr in LINK_ATTRIBUTES and not _internal(bare):
        report(f"refers to another file or site ({attr}=\"{value[:60]}\")")
    elif attr == "style":
        _check_css(value, report)
    elif "url(" in value.lower():
        _check_css(value, report)


def _check_css(css: str, report) -> None:
    if "@import" in css.lower():
        report("imports a style sheet from another file (@import)")
    for target in URL_IN_CSS.findall(css):
        if not _internal(target.strip()):
            report(f"refers to another file or site (url({target[:60]}))")
        if SCRIPT_SCHEME.search(target):
            report("has a javascript: link in its style, which runs script")


def _internal(target: str) -> bool:
    """A reference to a part of this same drawing, or a picture carried inside it."""
    return target == "" or target.startswith("#") or bool(SAFE_DATA.match(target))
