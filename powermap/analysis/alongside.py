"""Running one analysis on another core while the others run here.

The analyses of a big account are pure Python and C calls that hold the interpreter, so one
process uses one core. On a 50,000-person account the brokers (betweenness, structural holes,
brokerage roles: about 9 s) and the factions (about 11 s) need nothing the other analyses
compute, so :func:`alongside` starts each in a forked copy of this process, which shares the
account graph with it page by page instead of copying it, and hands back the result (pickled,
about 0.3 s to read at 50,000 people) when it is asked for. On two cores the three processes
share them: the report took 30 s instead of 34 s, with 1.35 GB of memory in all instead of 1.18
GB (docs/performance.md). A fork and its answer cost about 7 ms, so it pays from a few hundred
people: the analyses of 500 people took 0.20 s instead of 0.26 s, of 200 people 0.10 s either
way, of 50 people 0.057 s instead of 0.047 s. Where forking is not possible or not worth it
(one core, a system other than Linux, inside a daemonic worker such as a portfolio's, or an
account below :data:`ALONGSIDE_FROM` people) the function simply runs when asked, in this
process; either way the result is the same object, and a child that fails or dies is replaced
by the call here.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from typing import Any

__all__ = ["alongside", "ALONGSIDE_FROM"]

ALONGSIDE_FROM = 300  # active stakeholders; below, forking costs more than it saves (docs/performance.md)


def _can_fork() -> bool:
    """Linux only: elsewhere a forked copy of a process that loaded system frameworks (macOS)
    may crash, and Windows cannot fork."""
    import multiprocessing

    return (sys.platform.startswith("linux") and len(os.sched_getaffinity(0)) > 1
            and not multiprocessing.current_process().daemon)


def alongside(function: Callable[[], Any], size: int) -> Callable[[], Any]:
    """``function`` started on another core when ``size`` people make it worth it; returns a
    callable that waits for and returns its result."""
    if size < ALONGSIDE_FROM or not _can_fork():
        return function
    import multiprocessing

    context = multiprocessing.get_context("fork")
    reader, writer = context.Pipe(duplex=False)

    def run() -> None:
        try:
            writer.send((True, function()))
        except BaseException:  # noqa: BLE001 - the parent computes it again and raises there
            writer.send((False, None))
        finally:
            writer.close()

    try:
        process = context.Process(target=run, daemon=True)
        process.start()
    except OSError:
        return function
    writer.close()

    def result() -> Any:
        try:
            done, found = reader.recv()
        except (EOFError, OSError):  # the child died (e.g. out of memory)
            done, found = False, None
        finally:
            reader.close()
            process.join()
        return found if done else function()

    return result
