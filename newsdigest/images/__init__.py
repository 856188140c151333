"""Images: source image bytes + settings -> resized, re-encoded, metadata-free variants, the share
image, the <picture> markup, and the cache that keeps them between builds. The SVG check too.

Writes nothing into the output folder: the build's writer copies the variants from the cache.
Pillow is imported only where an image is encoded (process.py, decode.py), so a build that finds
every image in the cache does not pay for importing it.

  model.py    settings, focus, Variant, ImageSet, the cache key
  decode.py   safe opening, orientation, sRGB, metadata stripped
  process.py  widths x formats and the 1200 x 630 share image
  focus.py    `image_focus` parsed, and the crop it decides
  cache.py    image sets by key on disk, written whole or not at all
  batch.py    many images on every core, through the cache
  html.py     <picture>/srcset markup
  svg.py      the check that an SVG can run no script and load nothing else
"""

from newsdigest.images.batch import ImageJob, Outcome, process_all
from newsdigest.images.cache import ImageCache
from newsdigest.images.focus import parse_focus
from newsdigest.images.html import picture, srcset
from newsdigest.images.model import BadImage, Focus, ImageSet, ImageSettings, Variant, lead_image_warning
from newsdigest.images.svg import check_svg

__all__ = ["BadImage", "Focus", "ImageCache", "ImageJob", "ImageSet", "ImageSettings", "Outcome",
           "Variant", "check_svg", "lead_image_warning", "parse_focus", "picture", "process_all", "srcset"]
