"""What templates call to show a picture: `pictures.picture(ref, alt, ...)` gives the <picture>
with srcset for a processed raster image, or a plain <img> for anything else (an SVG, a full
URL); `pictures.share(ref)` gives the 1200 x 630 share image. Pure: the image sets come from
the build (build/pictures.py); the empty SitePictures serves `check`, which processes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from html import escape
from posixpath import dirname

from markupsafe import Markup

from newsdigest.images.focus import parse_focus
from newsdigest.images.html import picture
from newsdigest.images.model import Focus, ImageSet

# The theme's layout (site.css), so a phone fetches the smallest file that fills the box:
# - a story's lead fills the 44rem column, and the whole screen below 48rem (the player too);
# - the front page's lead fills the screen, and two thirds of the 76rem page from 60rem up;
# - a card's picture is 7rem beside the text, 14rem from 40rem up, and a third of the page in
#   the front page's side column from 60rem up;
# - a video card's poster is 8rem beside the title, and one grid cell (at most ~19rem) from 40rem.
LEAD_SIZES = "(min-width: 48rem) 44rem, 100vw"
HOME_LEAD_SIZES = "(min-width: 76rem) 48rem, (min-width: 60rem) 64vw, 100vw"
CARD_SIZES = "(min-width: 60rem) 23rem, (min-width: 40rem) 14rem, 7rem"
THUMB_SIZES = "(min-width: 40rem) 19rem, 8rem"
RASTER = (".jpg", ".jpeg", ".png", ".gif", ".webp")  # the files build/pictures.py processes


@dataclass(frozen=True)
class Share:
    """A share image: its site path (for urls.abs_url) and size, for og:image."""

    site_path: str
    width: int
    height: int


class SitePictures:
    """The site's processed images by (reference's site path, focus), with the site's URLs."""

    def __init__(self, sets: dict[tuple[str, Focus], ImageSet] | None = None, base_path: str = "/",
                 key: str = ""):
        self.sets = sets or {}
        self.base_path = base_path
        self.key = key  # changes when any picture's output does (build/pictures.py)

    def find(self, ref: str | None, focus: str | None = None) -> ImageSet | None:
        """The set for a front-matter reference such as /images/fire.jpg, if it was processed."""
        if not ref or "://" in ref or ref.startswith(("//", "data:")):
            return None
        chosen = parse_focus(focus, "") if focus else Focus()
        chosen = chosen if isinstance(chosen, Focus) else Focus()
        return self.sets.get((ref.lstrip("/"), chosen)) or self.sets.get((ref.lstrip("/"), Focus()))

    def ready(self, ref: str | None, focus: str | None = None) -> bool:
        """False for a raster image of the site that was not processed with this focus (a save
        since the last whole build named it): only a whole build may show it."""
        if not ref or "://" in ref or ref.startswith(("//", "data:")) \
                or not ref.lower().endswith(RASTER):
            return True
        chosen = parse_focus(focus, "") if focus else Focus()
        return isinstance(chosen, Focus) and (ref.lstrip("/"), chosen) in self.sets

    def picture(self, ref: str, alt: str = "", sizes: str = "100vw", eager: bool = False,
                width: int = 1200, height: int = 675) -> Markup:
        """<picture> for a processed image; else <img> with the width and height given."""
        found = self.find(ref)
        if found is not None:
            return Markup(picture(found, self._dir(ref), alt, sizes, eager))
        loading = 'fetchpriority="high"' if eager else 'loading="lazy"'
        return Markup(f'<img src="{escape(self._url(ref))}" alt="{escape(alt)}" width="{width}" '
                      f'height="{height}" {loading} decoding="async">')

    def src(self, ref: str, width: int = 1280) -> str:
        """One URL for where only one fits (a video's poster): the fallback format's variant
        nearest this width from above, or the reference itself."""
        found = self.find(ref)
        if found is None:
            return self._url(ref)
        fallback = found.of_format(found.fallback_format)
        chosen = next((v for v in fallback if v.width >= width), fallback[-1])
        return self._dir(ref) + "/" + found.file_name(chosen)

    def share(self, ref: str | None, focus: str | None = None) -> Share | None:
        found = self.find(ref, focus)
        if found is None or found.share is None:
            return None
        folder = dirname(ref.lstrip("/"))
        path = (folder + "/" if folder else "") + found.file_name(found.share, share=True)
        return Share(path, found.share.width, found.share.height)

    def _dir(self, ref: str) -> str:
        return (self.base_path + dirname(ref.lstrip("/"))).rstrip("/")

    def _url(self, ref: str) -> str:
        if "://" in ref or ref.startswith(("//", "data:")):
            return ref
        return self.base_path + ref.lstrip("/")
