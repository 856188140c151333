"""HTML bodies (WordPress, feeds) to Markdown, with markdownify.

Embeds newsdigest keeps (and `<iframe>`, `<video>`, `<audio>` kept for a person to check) are set
aside before the conversion, which would drop them, and put back after it as raw HTML blocks.
WordPress bodies first get WordPress's own paragraphs (`wpautop`: blank lines make paragraphs,
single line ends make `<br>`) and their shortcodes and bare video addresses made into embeds.
"""

from __future__ import annotations

import re
import warnings
from html import escape
from typing import Callable

from bs4 import MarkupResemblesLocatorWarning
from markdownify import MarkdownConverter

from newsdigest.importers import embeds, shortcodes

Note = Callable[[str], None]


class _Converter(MarkdownConverter):
    """markdownify's converter with the choices our Markdown reads best with."""

    def __init__(self) -> None:
        super().__init__(heading_style="ATX", bullets="-", strong_em_symbol="*",
                         code_language="", strip=["span", "font"])


_CONVERTER = _Converter()
warnings.filterwarnings("ignore", category=MarkupResemblesLocatorWarning)  # a body that is a URL


def to_markdown(content: str, note: Note, wordpress: bool = False) -> str:
    """Markdown for an HTML body; every element it removes is noted."""
    kept = embeds.Held(content, "NDKEEP")

    def keep(text: str) -> str:
        return f"\n<p>{kept.hold(text.strip())}</p>\n"
    if wordpress:
        content = autop(shortcodes.wordpress(content, note, keep), keep)
    content = embeds.raw_html(content, note, keep)
    markdown = kept.restore(_CONVERTER.convert(content), lambda text: f"\n\n{text}\n\n")
    return re.sub(r"\n{3,}", "\n\n", markdown).strip() + "\n"


_BLOCK = re.compile(r"^<(?:p|div|h[1-6]|ul|ol|li|dl|dt|dd|blockquote|pre|table|thead|tbody|tr|td|"
                    r"th|figure|figcaption|hr|section|article|aside|address|form|iframe|video|"
                    r"audio|script|style|!--)\b", re.I)
_URL_LINE = re.compile(r"^https?://\S+$")


_PRE = re.compile(r"<pre\b.*?</pre\s*>", re.I | re.S)


def autop(content: str, keep: Callable[[str], str]) -> str:
    """WordPress's paragraphs: a blank line ends one, a single line end is a <br>; <pre> blocks
    are left as they are, as WordPress leaves them."""
    pres = embeds.Held(content, "NDPRE")
    content = _PRE.sub(lambda m: f"\n\n<pre>{pres.hold(m[0])}</pre>\n\n",
                       content.replace("\r\n", "\n"))
    return re.sub(r"<pre>(.*?)</pre>", lambda m: pres.restore(m[1]), _paragraphs(content, keep))


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
