"""Hugo shortcodes, Jekyll's Liquid tags and WordPress shortcodes, turned into newsdigest's form.

The ones it knows (YouTube, Vimeo, figure, gist, tweet, highlight, `post_url`, `link`, `ref`,
`{{ site.baseurl }}`, the `url` filters, `[caption]`, `[embed]`) are replaced; every other one is
left in the text, where a reader sees it, and noted for the report.
"""

from __future__ import annotations

import re
import shlex
from html import escape
from typing import Any, Callable

from newsdigest.importers import embeds

Note = Callable[[str], None]
Resolve = Callable[[str], "str | None"]  # a post's name (post_url, ref) -> its new address


def parse_args(text: str) -> tuple[list[str], dict[str, str]]:
    """Positional and named arguments of a shortcode or tag: `a "b c" key="v" k2=v2`."""
    try:
        words = shlex.split(text.replace("\u201c", '"').replace("\u201d", '"'))
    except ValueError:
        words = text.split()
    positional, named = [], {}
    for word in (w.rstrip(",") for w in words if w != ","):  # Eleventy: {% image "a", "b" %}
        key, sep, value = word.partition("=")
        if sep and re.fullmatch(r"[\w-]+", key):
            named[key.lower()] = value
        else:
            positional.append(word)
    return positional, named


# --- Hugo -------------------------------------------------------------------------------------

_HUGO = re.compile(r"\{\{([<%])\s*(/?)\s*([\w./-]+)(.*?)\s*[>%]\}\}", re.S)
_HUGO_ESCAPED = re.compile(r"\{\{([<%])/\*(.*?)\*/([>%])\}\}", re.S)
_HUGO_HIGHLIGHT = re.compile(r"\{\{[<%]\s*highlight\s+([\w+-]*)[^}]*[>%]\}\}\n?(.*?)"
                             r"\{\{[<%]\s*/highlight\s*[>%]\}\}", re.S)


def hugo(body: str, resolve: Resolve, note: Note) -> str:
    """Hugo's shortcodes in our form; escaped ones (`{{</* x */>}}`) shown as written."""
    body = _HUGO_HIGHLIGHT.sub(lambda m: _fence(m[1], m[2]), body)
    escaped = embeds.Held(body, "NDESC")
    body = _HUGO_ESCAPED.sub(lambda m: escaped.hold("{{" + m[1] + m[2] + m[3] + "}}"), body)
    body = _HUGO.sub(lambda m: _hugo_one(m, resolve, note), body)
    return escaped.restore(body)


def _hugo_one(match: re.Match, resolve: Resolve, note: Note) -> str:
    closing, name, args = match[2], match[3].lower(), match[4]
    positional, named = parse_args(args)
    if not closing:
        made = _hugo_known(name, positional, named, resolve)
        if made is not None:
            return made
    if not closing:
        note(f"unknown shortcode {{{{< {name} >}}}} left as text")
    return match[0]


def _hugo_known(name: str, pos: list[str], named: dict[str, str], resolve: Resolve) -> str | None:
    first = named.get("id") or (pos[0] if pos else "")
    if name == "youtube" and first:
        return embeds.youtube(first)
    if name == "vimeo" and first:
        return embeds.vimeo(first)
    if name == "gist" and len(pos) >= 2:
        return embeds.gist(pos[0], pos[1])
    if name in ("tweet", "x") and first:
        return embeds.tweet(named.get("user", ""), first)
    if name == "figure" and named.get("src"):
        return _figure(named)
    if name in ("ref", "relref") and (named.get("path") or pos):
        return resolve(named.get("path") or pos[0])
    return None


def _figure(named: dict[str, str]) -> str:
    alt = named.get("alt") or named.get("title") or ""
    image = f"![{alt}]({named['src']})"
    if named.get("link"):
        image = f"[{image}]({named['link']})"
    caption = named.get("caption") or named.get("title") or ""
    return embeds.block(image + (f"\n*{caption}*" if caption else ""))


def _fence(language: str, code: str) -> str:
    return embeds.block(f"```{language}\n{code.strip(chr(10))}\n```")


# --- Jekyll's Liquid --------------------------------------------------------------------------

_RAW = re.compile(r"\{%-?\s*raw\s*-?%\}(.*?)\{%-?\s*endraw\s*-?%\}", re.S)
_COMMENT = re.compile(r"\{%-?\s*comment\s*-?%\}.*?\{%-?\s*endcomment\s*-?%\}", re.S)
_HIGHLIGHT = re.compile(r"\{%-?\s*highlight\s+([\w+-]+)[^%]*%\}\n?(.*?)\{%-?\s*endhighlight\s*-?%\}",
                        re.S)
_TAG = re.compile(r"\{%-?\s*(\w+)(.*?)-?%\}", re.S)
_OUTPUT = re.compile(r"\{\{-?\s*(.*?)\s*-?\}\}", re.S)
_EMBED_FILTER = re.compile(r"""^(["'])(https?://.*?)\1\s*\|\s*\w*embed\w*\b""")
_URL_FILTER = re.compile(r"""^(["'])(.*?)\1\s*\|\s*(?:url|relative_url|absolute_url|"""
                         r"""prepend:\s*site\.baseurl)\s*$""")


def liquid(body: str, page: dict[str, Any], resolve: Resolve, note: Note) -> str:
    """Liquid tags and outputs in our form; `{% raw %}` text kept as written."""
    raws = embeds.Held(body, "NDRAW")
    body = _RAW.sub(lambda m: raws.hold(m[1]), body)
    body, comments = _COMMENT.subn("", body)
    if comments:
        note(f"{comments} Liquid comment{'s' if comments > 1 else ''} removed")
    body = _HIGHLIGHT.sub(lambda m: _fence(m[1], m[2]), body)
    body = _TAG.sub(lambda m: _liquid_tag(m, resolve, note), body)
    body = _OUTPUT.sub(lambda m: _liquid_output(m, page, note), body)
    return raws.restore(body)


def _liquid_tag(match: re.Match, resolve: Resolve, note: Note) -> str:
    name, args = match[1].lower(), match[2].strip()
    pos, named = parse_args(args)
    first = pos[0] if pos else ""
    if name in ("post_url", "link") and first:
        address = resolve(first)
        if address is None:
            note(f"{{% {name} {first} %}}: no such post among the imported files; left as text")
        return address or match[0]
    made = _liquid_embed(name, pos, named)
    if made is not None:
        return made
    note(f"unknown Liquid tag {{% {name} %}} left as text")
    return match[0]


def _liquid_embed(name: str, pos: list[str], named: dict[str, str]) -> str | None:
    first = pos[0] if pos else ""
    if name == "include":
        key = first.lower()
        video_id = named.get("id") or named.get("video_id") or ""
        if "youtube" in key and video_id:
            return embeds.youtube(video_id.strip("\"'"))
        if "vimeo" in key and video_id:
            return embeds.vimeo(video_id.strip("\"'"))
        return None
    if name == "youtube" and first:
        return embeds.embed_for_url(first) or embeds.youtube(first)
    if name == "vimeo" and first:
        return embeds.embed_for_url(first) or embeds.vimeo(first)
    if name == "gist" and first:
        user, _, gist_id = first.rpartition("/")
        return embeds.gist(user, gist_id)
    if name in ("tweet", "twitter") and first:
        return embeds.embed_for_url(first)
    if name == "image" and first and named == {}:  # Eleventy Image's {% image src, alt %}
        return embeds.block(f"![{_alt(pos)}]({first})")
    return None


def _alt(positional: list[str]) -> str:
    return positional[1].replace("]", "\\]") if len(positional) > 1 else ""


def _liquid_output(match: re.Match, page: dict[str, Any], note: Note) -> str:
    expression = match[1].strip()
    compact = expression.replace(" ", "")
    if compact in ("site.baseurl", "site.url", "site.url}}{{site.baseurl"):
        return ""
    found = _URL_FILTER.match(expression)
    if found:
        return found[2]
    found = _EMBED_FILTER.match(expression)  # {{ "https://youtube.../embed/ID" | embed: "..." }}
    if found and embeds.embed_for_url(found[2]):
        return embeds.embed_for_url(found[2])
    if re.fullmatch(r"(page|post)\.\w+", compact) and isinstance(page.get(compact[5:]), str):
        return page[compact[5:]]
    note(f"unknown Liquid output {{{{ {expression[:60]} }}}} left as text")
    return match[0]


# --- WordPress --------------------------------------------------------------------------------

_WP = re.compile(r"\[(\w[\w-]*)([^\]]*)\](?:(.*?)\[/\1\])?", re.S)
_WP_NAMES = {"caption", "wp_caption", "embed", "youtube", "vimeo", "gist", "tweet", "gallery",
             "audio", "video", "playlist", "contact-form", "contact-form-7", "googlemaps"}


def wordpress(content: str, note: Note, keep: Callable[[str], str] = str) -> str:
    """WordPress shortcodes in HTML: [caption], [embed], [youtube]...; others left and noted.
    `keep` is given each embed made (the HTML converter sets it aside)."""
    return _WP.sub(lambda m: _wp_one(m, note, keep), content)


def _wp_one(match: re.Match, note: Note, keep: Callable[[str], str]) -> str:
    name, args, inner = match[1].lower(), match[2], match[3]
    pos, named = parse_args(args)
    if name not in _WP_NAMES and not named and inner is None:
        return match[0]  # "[sic]", "[1]": text in brackets, not a shortcode
    if name in ("caption", "wp_caption") and inner is not None:
        image, _, caption = inner.rpartition(">")
        return f"<p>{image}></p><p><em>{caption.strip()}</em></p>" if image else inner
    url = (inner or "").strip() if name == "embed" else (named.get("url") or (pos[0] if pos else ""))
    made = embeds.embed_for_url(url) if url else None
    if made is not None:
        return keep(made)
    if name == "embed" and url.startswith("http"):
        return f'<p><a href="{escape(url)}">{escape(url)}</a></p>'
    note(f"unknown shortcode [{name}] left as text")
    return match[0]
