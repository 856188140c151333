"""Python's cycle collector during a build: a build makes objects by the million that live to its
end, and the collector, run as objects are made, would walk them again and again."""

from __future__ import annotations

import gc
from contextlib import contextmanager


@contextmanager
def fewer_collections():
    """For a whole build, which makes garbage as it renders: the collector a hundred times less
    often (a cold build of 100,000 stories took 126 s with it as usual, 118 s like this)."""
    before = gc.get_threshold()
    gc.set_threshold(70_000, *before[1:])
    try:
        yield
    finally:
        gc.set_threshold(*before)


@contextmanager
def no_collections():
    """For loading a saved site, and for an edit build, which loads one (at 100,000 stories a
    million objects) and makes little garbage: no collection meanwhile (at 100,000 stories,
    loading Babel's locale data inside an edit build took 1.5 s, saving its detail 1.2 s).

    What was made meanwhile then goes to the collector's oldest generation without being walked
    (freezing and unfreezing moves it there): its next run would otherwise walk all of it at once
    (0.7 s at 100,000 stories, at the end of every edit build). Part of a site is held in
    reference cycles (Jinja's environment); a full collection, when one comes, still frees them.
    Objects someone else froze (serve's kept site) stay frozen."""
    collecting, frozen = gc.isenabled(), gc.get_freeze_count()
    gc.disable()
    try:
        yield
    finally:
        if collecting:
            if not frozen:
                gc.freeze()
                gc.unfreeze()
            gc.enable()
