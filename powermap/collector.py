"""Pausing Python's cyclic garbage collector while many objects are made at once.

Reading a big account and building and analysing its graph make millions of small objects
and almost no reference cycles; the collector would scan them again and again as they are
made (more than half of the time of reading a 50,000-person YAML file, about half of building
the graph projections). :func:`gc_paused` switches it off for the call and on again after.

Switching it on again is not free: every object made while it was off is young in its eyes,
so its next passes walk all of them (on a 50,000-person report, the first few objects made
after the analyses cost 2 s of such passes). A process that ends when its one command does
(the command line) leaves the collector off from start to end (:func:`off_until_exit`): the
few cycles a command leaves behind are freed with the process. Code that makes and drops many
analyses in one process (a portfolio) switches it on for each (:func:`collecting`).
"""

from __future__ import annotations

import functools
import gc
from contextlib import contextmanager

__all__ = ["gc_paused", "off_until_exit", "collecting"]


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


def off_until_exit() -> None:
    """Switch the cyclic collector off for the rest of the process (the command line's
    one-command processes; see the module's notes)."""
    gc.disable()


@contextmanager
def collecting():
    """The collector on while the block runs (one account of many), as before after it."""
    if gc.isenabled():
        yield
        return
    gc.enable()
    try:
        yield
    finally:
        gc.disable()
