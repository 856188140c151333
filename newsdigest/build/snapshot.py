"""The site model a whole build made, kept in the build cache for the edit builds that follow.

An edit build starts from the site as the last build left it. Making that again from every
file's cache record took 0.5 s at 10,000 stories (a datetime parsed per field, the tags, months,
editions and authors worked out again); loading the model as it was is a quarter of that.

A whole build saves its model and content under a new id, which its Detail carries (edit
builds keep it). The model is trusted only with that id, so a model saved by an older whole
build never stands in for a newer one. Files edited since (edit builds, which move nothing
in the site, name them in the Detail) are taken from their cache records and swapped in, as
serve swaps in a save. The content's hashes are not saved with it: the Detail has every
file's hash as it is now (at 100,000 stories, loading them twice cost 0.1 to 0.5 s).

Each story's and video's fields are packed into a blob of their own, kept on a Shelf after the
pickle: loading maps the file and reads a blob only when its item is looked into (an edit
build looks into a few hundred; at 100,000 stories the blobs are 106 of the file's 124 MB).
"""

from __future__ import annotations

import secrets
from dataclasses import replace
from functools import partial
from pathlib import Path
from typing import NamedTuple

from newsdigest.build.cache import BuildCache
from newsdigest.build.last_build import Detail, kept_file
from newsdigest.content.files import Content, content_with_records
from newsdigest.content.models import Shelf, Story, Video, packed
from newsdigest.render.pictures import SitePictures
from newsdigest.site.model import PublishOptions, SiteModel


class Snapshot(NamedTuple):
    model: SiteModel
    content: Content
    pictures: SitePictures  # as the whole build processed them: an edit build changes none


def save_snapshot(cache: BuildCache, out: Path, model: SiteModel, content: Content,
                  pictures: SitePictures) -> str:
    """Save the model of a whole build into `out`, with its pictures; the id its Detail must
    carry ("" without a cache)."""
    if not cache.enabled:
        return ""
    model_id, shelf = secrets.token_hex(12), Shelf()
    cache.save_pickle(kept_file("model", out),
                      (model_id, model, replace(content, parsed_now={}, hashes={}), pictures, shelf),
                      partial(_packed_items, shelf), shelf.write)
    return model_id


def _packed_items(shelf: Shelf, obj: object) -> tuple | None:
    """Stories and videos are saved packed, their fields on the shelf after the pickle: an edit
    build reads only those it shows."""
    return packed(obj, shelf) if type(obj) in (Story, Video) else None


def load_snapshot(cache: BuildCache, out: Path, detail: Detail, publish: PublishOptions,
                  records_key: str) -> Snapshot | None:
    """The site as the last build into `out` left it: the saved model with the files edited
    since taken from their records, published at `publish`. None when there is no saved model
    for that build, or it was published with other options, or a record is missing."""
    saved, tail = cache.load_pickle_and_tail(kept_file("model", out)) if detail.model_id else (None, b"")
    if not isinstance(saved, tuple) or len(saved) != 5 or saved[0] != detail.model_id:
        return None
    _, model, content, pictures, shelf = saved
    if not shelf.open(tail):
        return None
    if replace(model.options, build_time=publish.build_time) != publish:
        return None  # drafts, future or preview differ: other items are published
    hashes = {p: source[2] for p, source in detail.sources.items()}
    edited = detail.edited_since_model
    records = cache.load_parsed_of(records_key, edited) if edited else {}
    updated = content_with_records(content, records, hashes, edited, model.config.tz)
    if updated is None:
        return None
    content, swaps = updated
    for old, new in swaps:
        model = model.replaced(old, new).model
    return Snapshot(replace(model, options=publish), content, pictures)
