"""Progress on stderr while a command works, only when a person is watching.

The library reports progress through plain callables and prints nothing:
``progress(step, done, total)`` from :func:`powermap.loaders.read_account` (reading,
validating), :func:`powermap.report.analyze` (key persons, coverage gaps, ...) and
:func:`powermap.render.map_model.build_map`, and ``progress(done, total)`` from
:func:`powermap.portfolio.portfolio`. The command line turns them into one line on stderr::

    with Progress() as shown:
        account = load(path, progress=shown.steps("{step} " + path, counted=False))
        report = analyze(account, progress=shown.steps("analysing: {step}"))
    print(...)  # results after the line is gone

The line is shown only when stderr is a terminal (never in a pipe, a file, a CI log or a
test's captured output, and never on stdout), only once the work has lasted :data:`DELAY`
seconds from its first report (a quick command stays quiet, and a password prompt before
the work is left alone), and it is erased when the block ends. rich is imported only when
the line is about to be shown, so ``powermap --help`` never loads it.
"""

from __future__ import annotations

import os
import sys
import threading
from collections.abc import Callable
from typing import TextIO

__all__ = ["DELAY", "Progress", "is_terminal"]

# Seconds of work before the line appears.
DELAY = 0.8


def is_terminal(stream: TextIO) -> bool:
    """Whether ``stream`` is a terminal a person can watch (not a pipe, file or dumb terminal)."""
    try:
        terminal = stream.isatty()
    except (AttributeError, ValueError):  # no isatty, or closed
        return False
    return bool(terminal) and os.environ.get("TERM") != "dumb"


class Progress:
    """One transient progress line on ``stream`` (default stderr) for the work in a ``with`` block.

    :meth:`steps` and :meth:`count` give the callables to hand to the library; each call
    replaces what the line says. When the stream is not a terminal they do nothing and
    nothing is ever written.
    """

    def __init__(self, *, stream: TextIO | None = None, delay: float = DELAY):
        self.stream = stream if stream is not None else sys.stderr
        self.delay = delay
        self.shown = is_terminal(self.stream)
        self._lock = threading.Lock()
        self._state: dict = {"description": "", "completed": 0, "total": None, "counter": ""}
        self._bar = None
        self._task = None
        self._timer: threading.Timer | None = None
        self._closed = False

    def __enter__(self) -> Progress:
        return self

    def __exit__(self, *_) -> None:
        with self._lock:
            self._closed = True
            timer, bar, self._bar = self._timer, self._bar, None
        if timer is not None:
            timer.cancel()
        if bar is not None:
            bar.stop()  # transient: the line is erased

    def steps(self, template: str, *, counted: bool = True) -> Callable[[str, int, int], None]:
        """A ``progress(step, done, total)`` callable; the line says ``template`` with
        ``{step}`` filled in, and ``done/total`` with a bar unless ``counted`` is false (then
        the bar only shows that work goes on)."""

        def update(step: str, done: int, total: int) -> None:
            if self.shown:
                # the last call (done == total) ends the work: the line keeps its last step
                text = self._state["description"] if done >= total else template.replace("{step}", step)
                self._update(text, done, total if counted else None)

        return update

    def count(self, description: str) -> Callable[[int, int], None]:
        """A ``progress(done, total)`` callable (e.g. accounts analysed) shown as ``description``."""

        def update(done: int, total: int) -> None:
            if self.shown:
                self._update(description, done, total)

        return update

    def _update(self, description: str, done: int, total: int | None) -> None:
        from .render.safe import terminal_text  # file names and ids: nothing that acts on the terminal

        state = {"description": terminal_text(description), "completed": done if total is not None else 0, "total": total,
                 "counter": f"{done}/{total}" if total is not None else ""}
        start_now = False
        with self._lock:
            counted_before = self._state["total"] is not None
            self._state = state
            if self._bar is None:
                # The first news of work starts the clock, so a prompt before it is left alone.
                if not self._closed and self._timer is None:
                    self._timer = threading.Timer(self.delay, self._start)
                    self._timer.daemon = True
                    start_now = self.delay <= 0
                    if not start_now:
                        self._timer.start()
            else:
                if counted_before != (total is not None):  # rich cannot take a total back: a new task
                    self._bar.remove_task(self._task)
                    self._task = self._bar.add_task(**state)
                else:
                    self._bar.update(self._task, **state)
                self._bar.refresh()
        if start_now:
            self._start()

    def _start(self) -> None:
        with self._lock:
            if self._closed or self._bar is not None:
                return
            from rich.console import Console
            from rich.progress import BarColumn, SpinnerColumn, TextColumn, TimeElapsedColumn
            from rich.progress import Progress as Bar

            bar = Bar(
                SpinnerColumn(),
                TextColumn("{task.description}", markup=False),
                BarColumn(),
                TextColumn("{task.fields[counter]}"),
                TimeElapsedColumn(),
                console=Console(file=self.stream),
                transient=True,
                redirect_stdout=False,
                redirect_stderr=False,
            )
            self._task = bar.add_task(**self._state)
            bar.start()
            self._bar = bar
