"""Embeds from hosts newsrooms use, kept as privacy-friendly placeholders.

An `<iframe>` whose address is on a known host (YouTube, Vimeo, Google Maps, DocumentCloud,
Datawrapper, Flourish, and any host a site adds with `embed_hosts` in site.toml) becomes a
`<figure class="embed">` holding a plain link to the original and a button; the theme's
`assets/embed.js` puts the iframe in only when the reader presses the button, so no request
reaches the host before that. YouTube is loaded from youtube-nocookie.com. Any other iframe is
removed by the HTML policy, with a warning.
"""

from __future__ import annotations

import html
import re
from urllib.parse import parse_qs, urlsplit

KNOWN_HOSTS = (
    "youtube.com", "youtube-nocookie.com", "youtu.be", "vimeo.com", "google.com/maps",
    "maps.google.com", "documentcloud.org", "datawrapper.dwcdn.net", "flo.uri.sh",
    "flourish.studio",
)
_NAMES = {"youtube": "YouTube", "vimeo": "Vimeo", "google": "Google Maps", "documentcloud": "DocumentCloud",
          "dwcdn": "Datawrapper", "flo": "Flourish", "flourish": "Flourish"}
EMBED_START = '<figure class="embed"'
_IFRAME = re.compile(r"<iframe\b([^>]*)>(?:.*?</iframe\s*>)?", re.I | re.S)
_ATTR = re.compile(r"""([a-zA-Z_:][-a-zA-Z0-9_:.]*)\s*(?:=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+)))?""")
_YOUTUBE_ID = re.compile(r"^[A-Za-z0-9_-]{6,20}$")


def iframe_attributes(tag: str) -> dict[str, str]:
    """The attributes of an <iframe ...> start tag, entities decoded."""
    found = {}
    for match in _ATTR.finditer(tag):
        name = match.group(1).lower()
        value = next((g for g in match.group(2, 3, 4) if g is not None), "")
        found.setdefault(name, html.unescape(value))
    return found


def known_embed(src: str, hosts: tuple[str, ...] = ()) -> bool:
    """True when src is an https (or protocol-relative) address on a known or added host."""
    parts = urlsplit(src.strip())
    if parts.scheme not in ("https", "http", "") or not parts.netloc:
        return False
    where = (parts.netloc.lower().split(":")[0] + parts.path).lower()
    return any(_on_host(where, host.lower()) for host in (*KNOWN_HOSTS, *hosts))


def _on_host(where: str, host: str) -> bool:
    """"www.youtube.com/embed/x" is on "youtube.com"; "google.com/maps" only under /maps."""
    name, _, path = host.partition("/")
    netloc, _, rest = where.partition("/")
    if not (netloc == name or netloc.endswith("." + name)):
        return False
    return not path or rest.startswith(path)


def replace_embeds(fragment: str, hosts: tuple[str, ...]) -> tuple[str, list[str]]:
    """fragment with each known iframe replaced by a marker (text the sanitiser keeps), and the
    embed HTML for each marker, in order; unknown iframes are left for the sanitiser."""
    made: list[str] = []

    def one(match: re.Match) -> str:
        attrs = iframe_attributes(match.group(1))
        src = attrs.get("src", "")
        if not known_embed(src, hosts):
            return match.group(0)
        made.append(embed_html(src, attrs))
        return marker(len(made) - 1)

    return _IFRAME.sub(one, fragment), made


def marker(number: int) -> str:
    return f"\u2063newsdigest-embed-{number}\u2063"


def restore_embeds(fragment: str, made: list[str]) -> str:
    for number, embed in enumerate(made):
        fragment = fragment.replace(marker(number), embed)
    return fragment


def embed_html(src: str, attrs: dict[str, str]) -> str:
    """A figure with a link to the original page and a button that loads the embed."""
    src = "https:" + src if src.startswith("//") else src.replace("http://", "https://", 1)
    frame, page = _youtube(src) or (src, src)
    host, origin = urlsplit(frame).netloc, urlsplit(page).netloc.lower()
    name = next((label for key, label in _NAMES.items() if key in origin.split(".")), origin)
    title = attrs.get("title") or f"Embedded content from {name}"
    width, height = _size(attrs.get("width")), _size(attrs.get("height"))
    e = lambda text: html.escape(text, quote=True)  # noqa: E731
    sizes = f' data-embed-width="{width}" data-embed-height="{height}"' if width and height else ""
    return (f'<figure class="embed" data-embed-src="{e(frame)}" data-embed-title="{e(title)}"{sizes}>'
            f'<p class="embed-note">{e(title)}: <a href="{e(page)}">open it on {e(name)}</a>'
            f' <button type="button" class="embed-load" hidden>Show it here (loads from '
            f'{e(host)})</button></p></figure>')


def _youtube(src: str) -> tuple[str, str] | None:
    """(the youtube-nocookie.com frame, the watch page) for a YouTube embed or watch address."""
    parts = urlsplit(src)
    host = parts.netloc.lower()
    if not any(host == h or host.endswith("." + h) for h in ("youtube.com", "youtube-nocookie.com",
                                                              "youtu.be")):
        return None
    video = ""
    if host.endswith("youtu.be"):
        video = parts.path.strip("/")
    elif parts.path.startswith("/embed/"):
        video = parts.path[len("/embed/"):].strip("/")
    else:
        video = parse_qs(parts.query).get("v", [""])[0]
    if not _YOUTUBE_ID.match(video):
        return None
    return (f"https://www.youtube-nocookie.com/embed/{video}",
            f"https://www.youtube.com/watch?v={video}")


def _size(value: str | None) -> int | None:
    digits = (value or "").strip().removesuffix("px")
    return int(digits) if digits.isdigit() and 0 < int(digits) < 10_000 else None
