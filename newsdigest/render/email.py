"""An edition as email: email.html (tables at most 600 px wide, every style inlined by
css-inline, absolute links), email.txt (the plain-text part) and email.eml (both as one
multipart/alternative message, ready for any mail tool). Links carry site.toml's
digest_link_params, and nothing else: no tracking unless the newsroom asks for it."""

from __future__ import annotations

import binascii
import hashlib
from email.header import Header
from email.utils import format_datetime
from typing import Any, Callable
from urllib.parse import urljoin, urlsplit

import css_inline
from jinja2 import Environment

from newsdigest.render.environment import render_template
from newsdigest.render.i18n import Translations
from newsdigest.render.urls import Urls, digest_path, story_path, tag_path, town_path, video_path
from newsdigest.site.digest import Edition, Section
from newsdigest.site.model import SiteModel

GMAIL_CLIP_BYTES = 102 * 1024  # Gmail cuts a message's HTML after this many bytes
_INLINER = css_inline.CSSInliner(keep_at_rules=True)  # @media (dark mode, phones) stays in <head>


class EmailLinks:
    """Absolute addresses for an edition sent by email or by an RSS-to-email service."""

    def __init__(self, urls: Urls, params: str):
        self.urls, self.params = urls, params

    def __call__(self, site_path: str) -> str:
        url = self.urls.abs_url(site_path)
        if not self.params:
            return url
        return url + ("&" if "?" in url else "?") + self.params

    def asset(self, ref: str | None) -> str | None:
        return self.urls.abs_asset(ref)

    def picture(self, ref: str, pictures) -> str | None:
        """A processed picture's variant at twice the email's 560 px (sharp on phones, not the
        camera's 4,000), as an absolute URL; an SVG or a picture elsewhere as it is."""
        return urljoin(self.urls.base_url, pictures.src(ref, 1120))

    def story(self, slug: str) -> str:
        return self(story_path(slug))

    def video(self, slug: str) -> str:
        return self(video_path(slug))

    def section(self, section: Section) -> str:
        return self(town_path(section.slug) if section.kind == "town" else tag_path(section.slug))


def subject(model: SiteModel, edition: Edition, t: Translations) -> str:
    """"Harbor & Hills Digest: Thursday, Nov 19, 2026", in the site's language."""
    return f"{model.config.title}: {t.day(edition.day, starts=False)}"


def context(model: SiteModel, edition: Edition, env: Environment) -> dict[str, Any]:
    urls = Urls(model.config)
    return {"config": model.config, "urls": urls, "link": EmailLinks(urls, model.config.digest_link_params),
            "edition": edition, "subject": subject(model, edition, env.globals["t"]),
            "web_path": digest_path(edition.day)}


def email_html(model: SiteModel, env: Environment, edition: Edition) -> bytes:
    """The whole HTML email, every style inlined; rules for dark mode and phones stay in <head>."""
    def make() -> bytes:
        html = render_template(env, "email/digest.html", context(model, edition, env)).decode("utf-8")
        return _INLINER.inline(html).encode("utf-8")
    return once_per_edition(edition, "html", make)


def email_fragment(model: SiteModel, env: Environment, edition: Edition) -> str:
    """The edition's content alone, styles inlined: what the RSS feed of editions carries."""
    ctx = context(model, edition, env)
    css = render_template(env, "email/digest.css", ctx).decode("utf-8")
    body = render_template(env, "email/content.html", ctx).decode("utf-8")
    return css_inline.inline_fragment(body, css)


def email_text(model: SiteModel, env: Environment, edition: Edition) -> bytes:
    return once_per_edition(edition, "text", lambda: render_template(
        env, "email/digest.txt", context(model, edition, env)))


_RECENT: dict[str, dict[int, tuple[Edition, bytes]]] = {}


def once_per_edition(edition: Edition, kind: str, make: Callable[[], bytes], keep: int = 8) -> bytes:
    """An edition's email.html and email.txt are also the two parts of its email.eml, planned
    next to them, and its feed entry is in the digest's feed again after each save in serve:
    each is made once in a process, and only the last `keep` editions' are kept.
    An edition is a new object whenever what it shows changes (a new build, a saved story)."""
    made = _RECENT.setdefault(kind, {})
    kept = made.get(id(edition))
    if kept is not None and kept[0] is edition:
        return kept[1]
    data = make()
    if len(made) >= keep:
        made.pop(next(iter(made)))
    made[id(edition)] = (edition, data)
    return data


def email_eml(model: SiteModel, env: Environment, edition: Edition) -> bytes:
    """A multipart/alternative message: the text part, then the HTML part; its boundary and
    Message-ID come from the edition, so the same edition gives the same bytes.

    The email package encodes and folds the headers of free text and addresses; the two parts
    are quoted-printable, assembled here. Its EmailMessage took 12% of a cold build: its
    generator writes a body line by line and its header registry makes a class per header,
    where binascii encodes a part in one call."""
    text = email_text(model, env, edition).decode("utf-8")
    html = email_html(model, env, edition).decode("utf-8")
    boundary = "newsdigest-" + hashlib.sha256((text + html).encode()).hexdigest()[:24]
    host = urlsplit(model.config.base_url).hostname or "localhost"
    lines = [_unstructured("Subject", subject(model, edition, env.globals["t"]))]
    if model.config.digest_from:  # an address: the email package knows what may be encoded
        from email.policy import SMTP  # here: its header parser is a costly import few builds use
        lines.append(SMTP.fold_binary("From", SMTP.header_store_parse("From", model.config.digest_from)[1]))
    lines.append(f"Date: {format_datetime(edition.closes)}\r\n"
                 f"Message-ID: <digest-{edition.day.isoformat()}@{host}>\r\n"
                 f'MIME-Version: 1.0\r\nContent-Type: multipart/alternative;\r\n boundary="{boundary}"\r\n'
                 .encode())
    for subtype, body in (("plain", text), ("html", html)):
        lines.append(f'\r\n--{boundary}\r\nContent-Type: text/{subtype}; charset="utf-8"\r\n'
                     "Content-Transfer-Encoding: quoted-printable\r\n\r\n".encode())
        lines.append(_quoted_printable(body))
    lines.append(f"\r\n--{boundary}--\r\n".encode())
    return b"".join(lines)


def _unstructured(name: str, value: str) -> bytes:
    """A header of free text, folded, and encoded (RFC 2047) where it is not ASCII: the legacy
    Header class, since the registry of EmailMessage makes a class for every header it sets."""
    charset = "us-ascii" if value.isascii() else "utf-8"
    return f"{name}: ".encode() + Header(value, charset, header_name=name).encode(linesep="\r\n").encode() + b"\r\n"


def _quoted_printable(body: str) -> bytes:
    """A part's body in quoted-printable with SMTP's CRLF line ends, ending with a line end."""
    body = body.replace("\r\n", "\n").replace("\r", "\n")
    if not body.endswith("\n"):
        body += "\n"
    return binascii.b2a_qp(body.encode("utf-8"), istext=True).replace(b"\n", b"\r\n")
