"""The site's icons, made from its logo (or its `theme.favicon`): favicon.ico and the PNG sizes
browsers and phones ask for. An SVG is drawn with resvg, a PNG scaled with Pillow; a logo that
is not square is centred on the header colour."""

from __future__ import annotations

import hashlib
import io
import re
from functools import partial
from pathlib import Path

from newsdigest import THEME_DIR
from newsdigest.config import SiteConfig
from newsdigest.errors import BuildError, Problem
from newsdigest.render.environment import Job

DEFAULT_LOGO = "assets/logo.svg"  # the theme's own, shipped in theme/static/
PNG_ICONS = {"apple-touch-icon.png": 180, "icon-192.png": 192, "icon-512.png": 512}
ICO_SIZES = (16, 32, 48)


def icon_source(config: SiteConfig, root: Path) -> tuple[str, Path]:
    """(setting, file) the icons are made from: theme.favicon, else theme.logo, else the theme's."""
    for setting in ("favicon", "logo"):
        value = getattr(config.theme, setting)
        if value:
            return f"theme.{setting}", _find(value, root, f"theme.{setting}")
    return "", THEME_DIR / "static" / DEFAULT_LOGO


def _find(value: str, root: Path, setting: str) -> Path:
    rel = value.split("?", 1)[0].lstrip("/")
    for base in (root / "static", THEME_DIR / "static"):
        path = base / rel
        if rel and path.is_file() and path.resolve().is_relative_to(base.resolve()):
            if path.suffix.lower() not in (".svg", ".png"):
                break
            return path
    raise BuildError([Problem("site.toml", None, setting, f"{value!r} is not an SVG or PNG file "
                              "in static/", "give a path from the site root, such as /images/logo.svg")])


def icon_jobs(config: SiteConfig, root: Path) -> list[Job]:
    setting, source = icon_source(config, root)
    data = source.read_bytes()
    key = (hashlib.sha256(data).hexdigest(), source.suffix.lower(), config.colors["header_background"])
    draw = partial(_square, data, source.suffix.lower(), config.colors["header_background"], setting)
    jobs = [Job.ready(name, (key, size), partial(_png, draw, size)) for name, size in PNG_ICONS.items()]
    jobs.append(Job.ready("favicon.ico", (key, ICO_SIZES), partial(_ico, draw)))
    return jobs


def _square(data: bytes, suffix: str, background: str, setting: str, size: int):
    """The logo fitted into a size x size square on the background colour (a PIL image)."""
    from PIL import Image
    try:
        if suffix == ".svg":
            import resvg_py
            logo = Image.open(io.BytesIO(bytes(resvg_py.svg_to_bytes(svg_string=data.decode("utf-8"),
                                                                      width=size * 2))))
        else:
            logo = Image.open(io.BytesIO(data))
            logo.load()
    except Exception as exc:  # a broken file: say which setting names it
        raise BuildError([Problem("site.toml", None, setting or "theme.logo",
                                  f"the icon could not be drawn: {exc}")]) from None
    logo = logo.convert("RGBA")
    square = Image.new("RGBA", (size, size), background)
    inner = size if logo.width == logo.height else round(size * 0.9)
    logo.thumbnail((inner, inner), Image.Resampling.LANCZOS)
    square.alpha_composite(logo, ((size - logo.width) // 2, (size - logo.height) // 2))
    return square


def _png(draw, size: int) -> bytes:
    out = io.BytesIO()
    draw(size).convert("RGB").save(out, "PNG", optimize=True)
    return out.getvalue()


def _ico(draw) -> bytes:
    out = io.BytesIO()
    draw(max(ICO_SIZES)).save(out, "ICO", sizes=[(s, s) for s in ICO_SIZES])
    return out.getvalue()


def brand(config: SiteConfig, root: Path, urls) -> dict:
    """What the header and <head> show of the brand: the logo with its size, the icons."""
    setting, source = icon_source(config, root)
    logo = _find(config.theme.logo, root, "theme.logo") if config.theme.logo else None
    width, height = _size(logo) if logo else (64, 64)
    svg_icon = source.suffix.lower() == ".svg" and setting != "theme.logo"
    icon_path = config.theme.favicon if setting == "theme.favicon" else DEFAULT_LOGO
    return {"logo": urls.asset(config.theme.logo) if logo else urls.url(DEFAULT_LOGO),
            "custom": logo is not None, "width": width, "height": height,
            "svg_icon": urls.asset(icon_path) if svg_icon else None,
            "colors": config.colors}


def _size(path: Path) -> tuple[int, int]:
    """A logo's width and height in CSS pixels (an SVG's from width/height or its viewBox)."""
    if path.suffix.lower() == ".png":
        from PIL import Image
        with Image.open(path) as image:
            return image.size
    head = path.read_text(encoding="utf-8", errors="replace")[:4000]
    tag = re.search(r"<svg\b[^>]*>", head)
    attrs = dict(re.findall(r'\b(width|height|viewBox)\s*=\s*"([^"]*)"', tag.group(0))) if tag else {}
    try:
        return round(float(attrs["width"])), round(float(attrs["height"]))
    except (KeyError, ValueError):
        pass
    box = attrs.get("viewBox", "").replace(",", " ").split()
    try:
        return round(float(box[2])), round(float(box[3]))
    except (IndexError, ValueError):
        return 160, 40
