"""The focal point an editor gives a picture (`image_focus`) and the crop it decides. Pure."""

from __future__ import annotations

from newsdigest.errors import Problem
from newsdigest.images.model import Focus

NAMED = {
    "center": Focus(0.5, 0.5), "centre": Focus(0.5, 0.5),
    "top": Focus(0.5, 0.0), "bottom": Focus(0.5, 1.0),
    "left": Focus(0.0, 0.5), "right": Focus(1.0, 0.5),
}
HINT = "use top, center, bottom, left, right, or two fractions such as 0.5,0.3 (across, down)"


def parse_focus(value: object, src_path: str, line: int | None = None) -> Focus | Problem:
    """A Focus from front matter's `image_focus`, or the Problem that says what it should be."""
    if value is None or value == "":
        return Focus()
    text = str(value).strip().lower()
    if text in NAMED:
        return NAMED[text]
    parts = [p.strip() for p in text.split(",")]
    try:
        x, y = (float(p) for p in parts)
    except ValueError:
        return Problem(src_path, line, "image_focus", f"{value!r} is not a focal point", HINT)
    if not (0.0 <= x <= 1.0 and 0.0 <= y <= 1.0):
        return Problem(src_path, line, "image_focus", f"{value!r} is outside the picture",
                       "both fractions go from 0 (left, top) to 1 (right, bottom)")
    return Focus(x, y)


def crop_box(width: int, height: int, aspect: float, focus: Focus) -> tuple[int, int, int, int]:
    """The largest box of this aspect (width / height) inside the picture, centred on the focus
    as nearly as the picture's edges allow: (left, top, right, bottom)."""
    crop_w = min(width, round(height * aspect))
    crop_h = min(height, round(crop_w / aspect))
    left = _clamp(round(focus.x * width - crop_w / 2), 0, width - crop_w)
    top = _clamp(round(focus.y * height - crop_h / 2), 0, height - crop_h)
    return (left, top, left + crop_w, top + crop_h)


def _clamp(value: int, low: int, high: int) -> int:
    return max(low, min(value, high))
