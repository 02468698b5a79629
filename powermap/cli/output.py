"""What a command shows: text made printable, the progress line, and a text output printed or
written to a file."""

from __future__ import annotations

from collections.abc import Callable

import click


def _shown(value) -> str:
    """Text from the user, a file or a database as it can be printed: control, bidi and
    invisible characters shown escaped (see :func:`powermap.render.safe.terminal_text`)."""
    from ..render.safe import terminal_text

    return terminal_text(value)


def _progress():
    """A progress line on stderr, shown only when a person watches (see powermap.progress)."""
    from ..progress import Progress

    return Progress()


def _loading(shown, source: str) -> Callable[[str, int, int], None]:
    """The progress callable for loading ``source``: 'reading FILE', then 'validating FILE'."""
    return shown.steps(f"{{step}} {source}", counted=False)


_ANALYSING = "analysing: {step}"


def _tell(message, lang: str, *, err: bool = False) -> None:
    """Print one line a person reads (a message of the catalog, or text), in ``lang``."""
    from ..i18n import text

    click.echo(_shown(text(message, lang)), err=err)


def _wrote(path, lang: str, form: str | None = None, *, err: bool = False) -> None:
    """Say that ``path`` was written (and in which form), in ``lang``."""
    from ..i18n import say

    _tell(say("wrote {path} ({form})", path=str(path), form=form) if form else say("wrote {path}", path=str(path)),
          lang, err=err)


def _emit(text: str, output: str | None, inputs: tuple = (), lang: str = "en") -> None:
    """Print text, or write it atomically to ``output`` (never over an input)."""
    if output is None:
        click.echo(text, nl=False)
        return
    from ..files import write_output

    write_output(output, lambda path: path.write_text(text, encoding="utf-8"), overwrite=True, inputs=inputs)
    _wrote(output, lang, err=True)


# What a command made, left to the end of the process (see keep); None where the process goes on
# after the command (a test's CliRunner, a program calling the group), so nothing is held there.
_KEPT: list | None = None


def keep_until_exit() -> None:
    """From now on, :func:`keep` holds what it is given until the process ends (``main``, which
    leaves without tearing the interpreter down)."""
    global _KEPT
    _KEPT = []


def keep(*made) -> None:
    """Leave ``made`` (an account, its analysis) alive until the process ends, when
    :func:`keep_until_exit` was called: the command line leaves without tearing the interpreter
    down (``_leave``), so what is still referenced then is never freed one object at a time, as
    it is when the command returns (0.3 s after a 50,000-person report)."""
    if _KEPT is not None:
        _KEPT.extend(made)
