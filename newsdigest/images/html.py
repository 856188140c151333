"""The markup for a processed image: `<picture>` with a `<source>` per modern format and an
`<img>` in the original's format, each with srcset and sizes, and width and height so that
nothing shifts while it loads. Pure: URLs come from the caller's url_dir.
"""

from __future__ import annotations

from html import escape

from newsdigest.images.model import ImageSet, Variant

DEFAULT_SIZES = "100vw"
PREFERRED_SRC_WIDTH = 960  # the <img src> for browsers that ignore srcset: sharp on most screens


def srcset(image_set: ImageSet, fmt: str, url_dir: str) -> str:
    """'url 320w, url 480w, ...' for one format."""
    return ", ".join(f"{variant_url(image_set, v, url_dir)} {v.width}w"
                     for v in image_set.of_format(fmt))


def variant_url(image_set: ImageSet, variant: Variant, url_dir: str, share: bool = False) -> str:
    return url_dir.rstrip("/") + "/" + image_set.file_name(variant, share)


def picture(image_set: ImageSet, url_dir: str, alt: str, sizes: str = DEFAULT_SIZES,
            eager: bool = False, css_class: str | None = None) -> str:
    """The <picture> element. eager: the page's first image (its largest paint), which loads
    at once with fetchpriority="high"; every other image loads lazily."""
    fallback = image_set.of_format(image_set.fallback_format)
    src = next((v for v in fallback if v.width >= PREFERRED_SRC_WIDTH), fallback[-1])
    largest = fallback[-1]
    sources = [f'<source type="{escape(image_set.of_format(fmt)[0].mime)}" '
               f'srcset="{escape(srcset(image_set, fmt, url_dir))}" sizes="{escape(sizes)}">'
               for fmt in _modern_formats(image_set)]
    loading = 'fetchpriority="high" decoding="async"' if eager else 'loading="lazy" decoding="async"'
    css = f' class="{escape(css_class)}"' if css_class else ""
    img = (f'<img src="{escape(variant_url(image_set, src, url_dir))}" '
           f'srcset="{escape(srcset(image_set, image_set.fallback_format, url_dir))}" '
           f'sizes="{escape(sizes)}" width="{largest.width}" height="{largest.height}" '
           f'alt="{escape(alt)}"{css} {loading}>')
    return "<picture>" + "".join(sources) + img + "</picture>"


def _modern_formats(image_set: ImageSet) -> list[str]:
    """The set's formats other than its fallback, best first (AVIF, then WebP)."""
    order = {"avif": 0, "webp": 1}
    found = {v.format for v in image_set.variants} - {image_set.fallback_format}
    return sorted(found, key=lambda f: order.get(f, 9))
