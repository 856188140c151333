"""Embeds in their newsdigest form, and the raw HTML in a body that a person must look at.

An embed newsdigest keeps is a raw HTML `<iframe>` block from a privacy-friendly address
(youtube-nocookie.com, Vimeo with `dnt=1`); a gist or a tweet becomes a plain link. Other
`<iframe>`, `<video>` and `<audio>` elements stay as written and are noted; `<script>`,
`<style>`, `<object>`, `<embed>` and `<form>` are what newsdigest's HTML policy removes: each is
removed here and noted, and a gist's script becomes its link.
"""

from __future__ import annotations

import re
from html import escape
from typing import Callable
from urllib.parse import urlsplit

Note = Callable[[str], None]


def youtube(video_id: str) -> str:
    return block(f'<iframe src="https://www.youtube-nocookie.com/embed/{escape(video_id)}" '
                 'title="YouTube video" width="560" height="315" allowfullscreen></iframe>')


def vimeo(video_id: str) -> str:
    return block(f'<iframe src="https://player.vimeo.com/video/{escape(video_id)}?dnt=1" '
                 'title="Vimeo video" width="640" height="360" allowfullscreen></iframe>')


def gist(user: str, gist_id: str) -> str:
    path = f"{user}/{gist_id}" if user else gist_id
    return block(f"[Code: gist {path}](https://gist.github.com/{path})")


def tweet(user: str, tweet_id: str) -> str:
    return block(f"[Post by @{user} on X (Twitter)](https://twitter.com/{user}/status/{tweet_id})"
                 if user else f"[A post on X (Twitter)](https://twitter.com/i/web/status/{tweet_id})")


class Held:
    """Texts set aside while a body is rewritten, each standing in it as a token (`NAME0X`)
    that the body, even with its tags removed, does not hold already."""

    def __init__(self, body: str, name: str):
        plain = re.sub(r"<[^>]*>", "", body)
        while name in body or name in plain:
            name += "Z"
        self.name, self.texts = name, []
        self._token = re.compile(re.escape(name) + r"(\d+)X")

    def hold(self, text: str) -> str:
        self.texts.append(text)
        return f"{self.name}{len(self.texts) - 1}X"

    def restore(self, body: str, wrap: Callable[[str], str] = str) -> str:
        def back(match: re.Match) -> str:
            number = int(match[1])
            return wrap(self.texts[number]) if number < len(self.texts) else match[0]
        return self._token.sub(back, body)


def block(text: str) -> str:
    """A block of its own in Markdown: blank lines around it."""
    return f"\n\n{text}\n\n"


_YOUTUBE = re.compile(r"(?:youtube(?:-nocookie)?\.com/(?:embed/|watch\?(?:.*&)?v=|v/|shorts/)"
                      r"|youtu\.be/)([\w-]{6,})")
_VIMEO = re.compile(r"vimeo\.com/(?:video/)?(\d+)")
_TWEET = re.compile(r"(?:twitter|x)\.com/(\w+)/status(?:es)?/(\d+)")
_GIST = re.compile(r"gist\.github\.com/(?:([\w-]+)/)?([0-9a-f]+)")


def embed_for_url(url: str) -> str | None:
    """The newsdigest form of a video, tweet or gist address; None for anything else."""
    for pattern, make in ((_YOUTUBE, lambda m: youtube(m[1])), (_VIMEO, lambda m: vimeo(m[1])),
                          (_TWEET, lambda m: tweet(m[1], m[2])), (_GIST, lambda m: gist(m[1] or "", m[2]))):
        found = pattern.search(url)
        if found:
            return make(found)
    return None


# Hosts whose iframes newsdigest's reader keeps as privacy-friendly embeds (issue 11's list).
READER_HOSTS = ("documentcloud.org", "datawrapper.de", "dwcdn.net", "flourish.studio",
                "flo.uri.sh")


def reader_keeps(src: str) -> bool:
    """True for an iframe address the reader keeps: Google Maps and the READER_HOSTS."""
    parts = urlsplit(src)
    host = parts.hostname or ""
    return host.endswith(READER_HOSTS) or (host.endswith("google.com") and
                                           parts.path.startswith("/maps"))

_ELEMENT = re.compile(r"<(iframe|script|style|object|embed|video|audio|form)\b[^>]*?"
                      r"(?:/>|>(?:.*?</\1\s*>)?)", re.I | re.S)
_SRC = re.compile(r"""\b(?:src|data)\s*=\s*["']?([^"'\s>]+)""", re.I)


def raw_html(body: str, note: Note, keep: Callable[[str], str] = str) -> str:
    """The body with known embeds in our form and every other risky element noted; `keep` is
    given each embed or element that stays (the HTML converter sets it aside)."""
    return _ELEMENT.sub(lambda m: _element(m[0], m[1].lower(), note, keep), body)


def _element(text: str, tag: str, note: Note, keep: Callable[[str], str]) -> str:
    src_match = _SRC.search(text)
    src = src_match[1] if src_match else ""
    known = embed_for_url(src) if tag in ("iframe", "script", "object", "embed") and src else None
    if known:
        return keep(known)
    host = urlsplit(src).hostname or "" if src else ""
    where = f" from {host}" if host else ""
    if tag == "iframe" and reader_keeps(src):
        return keep(text)
    if tag in ("iframe", "video", "audio"):
        note(f"<{tag}>{where} kept as written: newsdigest keeps only embeds from the hosts it "
             "knows; check it")
        return keep(text)
    note(f"<{tag}>{where} removed (newsdigest's HTML policy removes it too): replace it with a "
         "link or an image if it mattered")
    return ""


_KRAMDOWN = re.compile(r"^\s*\{:[^}\n]*\}\s*$\n?|\{:\s*[.#][^}\n]*\}", re.M)


def kramdown_attributes(body: str, note: Note) -> str:
    """Kramdown's `{: .class}` attribute lists, which would show as text, removed and noted."""
    cleaned, count = _KRAMDOWN.subn("", body)
    if count:
        note(f"{count} kramdown attribute list{'s' if count > 1 else ''} ({{: ...}}) removed")
    return cleaned


def tidy(body: str) -> str:
    """No more than one blank line in a row (outside fenced code), as the embeds above leave."""
    parts = re.split(r"(^(?:```|~~~).*?^(?:```|~~~)[^\n]*$)", body, flags=re.M | re.S)
    return "".join(part if n % 2 else re.sub(r"\n{3,}", "\n\n", part)
                   for n, part in enumerate(parts)).strip("\n") + "\n"
