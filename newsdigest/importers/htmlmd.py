"""HTML bodies (WordPress, feeds) to Markdown, with markdownify.

Embeds newsdigest keeps (and `<iframe>`, `<video>`, `<audio>` kept for a person to check) are set
aside before the conversion, which would drop them, and put back after it as raw HTML blocks.
WordPress bodies first get WordPress's own paragraphs (`wpautop`: blank lines make paragraphs,
single line ends make `<br>`) and their shortcodes and bare video addresses made into embeds.
"""

from __future__ import annotations

import re
from html import escape
from typing import Callable

from markdownify import MarkdownConverter

from newsdigest.importers import embeds, shortcodes

Note = Callable[[str], None]


class _Converter(MarkdownConverter):
    """markdownify's converter with the choices our Markdown reads best with."""

    def __init__(self) -> None:
        super().__init__(heading_style="ATX", bullets="-", strong_em_symbol="*",
                         code_language="", strip=["span", "font"])


_CONVERTER = _Converter()
_PLACEHOLDER = re.compile(r"NDKEEP(\d+)X")


def to_markdown(content: str, note: Note, wordpress: bool = False) -> str:
    """Markdown for an HTML body; every element it removes is noted."""
    kept: list[str] = []

    def keep(text: str) -> str:
        kept.append(text.strip())
        return f"\n<p>NDKEEP{len(kept) - 1}X</p>\n"
    if wordpress:
        content = autop(shortcodes.wordpress(content, note, keep), keep)
    content = embeds.raw_html(content, note, keep)
    markdown = _CONVERTER.convert(content)
    markdown = _PLACEHOLDER.sub(lambda m: "\n\n" + kept[int(m[1])] + "\n\n", markdown)
    return re.sub(r"\n{3,}", "\n\n", markdown).strip() + "\n"


_BLOCK = re.compile(r"^<(?:p|div|h[1-6]|ul|ol|li|dl|dt|dd|blockquote|pre|table|thead|tbody|tr|td|"
                    r"th|figure|figcaption|hr|section|article|aside|address|form|iframe|video|"
                    r"audio|script|style|!--)\b", re.I)
_URL_LINE = re.compile(r"^https?://\S+$")


_PRE = re.compile(r"<pre\b.*?</pre\s*>", re.I | re.S)


def autop(content: str, keep: Callable[[str], str]) -> str:
    """WordPress's paragraphs: a blank line ends one, a single line end is a <br>; <pre> blocks
    are left as they are, as WordPress leaves them."""
    pres: list[str] = []

    def hold(match: re.Match) -> str:
        pres.append(match[0])
        return f"\n\n<pre>NDPRE{len(pres) - 1}X</pre>\n\n"
    content = _PRE.sub(hold, content.replace("\r\n", "\n"))
    out = _paragraphs(content, keep)
    return re.sub(r"<pre>NDPRE(\d+)X</pre>", lambda m: pres[int(m[1])], out)


def _paragraphs(content: str, keep: Callable[[str], str]) -> str:
    out = []
    for chunk in re.split(r"\n\s*\n", content):
        chunk = chunk.strip()
        if not chunk:
            continue
        if _URL_LINE.match(chunk):  # WordPress embeds a video address alone on its line
            made = embeds.embed_for_url(chunk)
            out.append(keep(made) if made else f'<p><a href="{escape(chunk)}">{escape(chunk)}</a></p>')
        elif _BLOCK.match(chunk):
            out.append(chunk)
        else:
            out.append("<p>" + chunk.replace("\n", "<br />\n") + "</p>")
    return "\n".join(out)
