"""Pausing Python's cyclic garbage collector while many objects are made at once.

Reading a big account and building and analysing its graph make millions of small objects
and almost no reference cycles; the collector would scan them again and again as they are
made (more than half of the time of reading a 50,000-person YAML file, about half of building
the graph projections). :func:`gc_paused` switches it off for the call and on again after.
"""

from __future__ import annotations

import functools
import gc
from contextlib import contextmanager

__all__ = ["gc_paused"]


@contextmanager
def _paused():
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


def gc_paused(function=None):
    """The collector paused while the call runs (a decorator) or the block runs
    (``with gc_paused():``); nesting is fine, and it runs again, as before, when done."""
    if function is None:
        return _paused()

    @functools.wraps(function)
    def paused(*args, **kwargs):
        with _paused():
            return function(*args, **kwargs)

    return paused
