"""Running work on the other core while this process goes on.

The analyses of a big account are pure Python and C calls that hold the interpreter, so one
process uses one core. :func:`alongside` starts a function in a forked copy of this process,
which shares everything loaded so far with it page by page instead of copying it, and hands
back the result (pickled through a pipe) when it is asked for, or sooner, while this process
waits for another copy that has not finished. Two kinds of work use it:

- the analyses that need nothing the others compute (:func:`powermap.report.analyze`): on a
  50,000-person account the brokers (betweenness, structural holes, brokerage roles: about
  9 s) and the factions (about 11 s) run beside the rest. On two cores the three processes
  share them: the report took 30 s instead of 34 s, with 1.35 GB of memory in all instead of
  1.18 GB (docs/performance.md). A fork and its answer cost a few milliseconds, so it pays
  from :data:`ALONGSIDE_FROM` people: the analyses of 500 people took 0.20 s instead of
  0.26 s, of 200 people 0.10 s either way, of 50 people 0.057 s instead of 0.047 s.
- loading a mid-size account file while the command imports the analyses
  (:func:`powermap.loaders.load`).

A forked copy runs at a lower priority than the process that started it (:data:`YIELD`, as
``nice`` counts; a copy's own copy at its starter's priority, as the two wait for each other):
that process has its own work to do before it needs the copy's answer, and on two cores
shared by three processes (the report and its two copies) it was the one that finished last. When it waits, the copies have the cores to themselves anyway. On 50,000-person
accounts the report took 10.0-10.4 s instead of 11.4-11.5 s (`default`) and 15.5-16.4 s
instead of 16.7-17.0 s (`dense`), the same processor time (docs/performance.md).

Where forking is not possible or not worth it (one core, a system other than Linux, inside a
worker process of a pool such as a portfolio's, which uses every core already) the function
simply runs when asked, in this process. Either way the result is the same object, and a
child that fails or dies is replaced by the call here, which raises its error here.
"""

from __future__ import annotations

import os
import pickle
import select
import sys
from collections.abc import Callable
from typing import Any

__all__ = ["alongside", "can_fork", "Handed", "ALONGSIDE_FROM", "YIELD"]

ALONGSIDE_FROM = 300  # active stakeholders from which an analysis runs alongside (docs/performance.md)
YIELD = 10  # how much lower a forked copy's priority is than its starter's (os.nice; 19 at most)
_yielded = False  # whether this process is a copy that has yielded already


def can_fork() -> bool:
    """Whether :func:`alongside` can start work on another core: Linux (elsewhere a forked copy
    of a process that loaded system frameworks may crash, as on macOS, or there is no fork, as
    on Windows), a second core in this process's affinity, and not a pool's worker."""
    if not sys.platform.startswith("linux") or len(os.sched_getaffinity(0)) < 2:
        return False
    pool = sys.modules.get("multiprocessing")  # a pool's worker imported it; nothing else here needs it
    return pool is None or pool.parent_process() is None


class Handed:
    """A result that crosses between processes as ``value`` and arrives as ``make(value)``:
    a function run by :func:`alongside` returns one when its result is cheaper to hand over
    in another form (the brokers, as lists rather than 49,554 objects), and the process that
    reads it gets what ``make`` makes, made while it is read. Run in this process, it is made
    here."""

    __slots__ = ("value", "make")

    def __init__(self, value: Any, make: Callable[[Any], Any]) -> None:
        self.value, self.make = value, make

    def __reduce__(self):
        return self.make, (self.value,)


def _arrived(found: Any) -> Any:
    """What a result stands for: a :class:`Handed` result made, any other as it is."""
    return found.make(found.value) if isinstance(found, Handed) else found


def alongside(function: Callable[[], Any], pays: bool) -> Callable[[], Any]:
    """``function`` started in a forked copy of this process when ``pays`` and :func:`can_fork`;
    returns a callable that waits for and returns its result (reading meanwhile the answer of
    any other copy that finishes first, see :data:`_unread`). A result that is
    :class:`Handed` is returned as what it stands for, wherever it was computed."""
    if not pays or not can_fork():
        return lambda: _arrived(function())
    reader, writer = os.pipe()
    try:
        child = os.fork()
    except OSError:
        os.close(reader)
        os.close(writer)
        return lambda: _arrived(function())
    if child == 0:
        _answer(function, reader, writer)

    os.close(writer)
    answer: list[tuple[bool, Any]] = []

    def read() -> None:  # the copy has begun to write its answer: it has finished
        del _unread[reader]
        with open(reader, "rb") as stream:
            try:
                answer.append(pickle.load(stream))
            except Exception:  # the child died before it answered (e.g. out of memory)  # noqa: BLE001
                answer.append((False, None))
        os.waitpid(child, 0)

    _unread[reader] = read

    def result() -> Any:
        while not answer:
            ready, _, _ = select.select(list(_unread), [], [])
            for stream in ready:  # whichever copy has finished, this one or another
                _unread[stream]()
        done, found = answer[0]
        return found if done else _arrived(function())

    return result


# The copies this process started whose answers it has not read: their pipes, and what reads
# each. While it waits for one copy, a copy that has finished is read meanwhile: its answer
# would otherwise wait in its pipe (a pipe holds 64 KB) until asked for, and be read then on
# one core while the other is idle. On 50,000 people (`many-small`) the brokers finished
# about 0.7 s before the factions, which the report waits for first, and handing them back
# took 0.3 s after the factions: the report took 9.21 s instead of 9.59 s (`sparse` 6.28
# instead of 6.51 s; medians of five runs of each, alternately). A copy's own copies never
# read its starter's other copies (it closes their pipes when it starts).
_unread: dict[int, Callable[[], None]] = {}


def _answer(function: Callable[[], Any], reader: int, writer: int) -> None:
    """In the forked copy: compute, send ``(True, result)``, or ``(False, None)`` when it
    fails (the parent then computes it and raises), and leave at once, without the parent's
    exit handlers or a flush of the output it had buffered."""
    try:
        os.close(reader)
        for stream in _unread:  # the answers of the copies this one's starter started are not its to read
            os.close(stream)
        _unread.clear()
        global _yielded
        if not _yielded:  # a copy's own copy (half of the brokers' betweenness) runs as it does
            _yielded = True
            try:
                os.nice(YIELD)
            except OSError:  # a system that refuses it: the copy runs as it is
                pass
        try:
            answer = (True, function())
        except BaseException:  # noqa: BLE001 - the parent computes it again and raises there
            answer = (False, None)
        with open(writer, "wb") as stream:
            pickle.dump(answer, stream, protocol=pickle.HIGHEST_PROTOCOL)
    finally:
        os._exit(0)
