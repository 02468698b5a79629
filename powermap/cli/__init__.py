"""The ``powermap`` command: thin click shims over the library.

Each command parses its options, calls one library function and prints the result. Errors the
library raises (:class:`~powermap.errors.PowermapError`) are printed one per line on stderr
with the documented exit status; nothing else of powermap is imported until a command runs
(not even :mod:`powermap.errors`), so ``powermap --help`` stays fast.

This module is the group and the one place errors are printed (:class:`_Group`), and the
entry point (:func:`main`). The commands are in modules by family: :mod:`.account_files`
(check, init, convert), :mod:`.crm` (import), :mod:`.analyses` (report, path, map, simulate, plan),
:mod:`.comparison` (diff, portfolio) and :mod:`.neo4j_group` (neo4j push, pull, list,
delete); the options they share are in :mod:`.options`, what they print with in :mod:`.output`.
"""

from __future__ import annotations

import errno
import os
import sys

import click

from .. import __version__
from .options import _EPILOG, error_language
from .output import _shown

__all__ = ["cli", "main"]


class _Group(click.Group):
    """A command group that turns library errors into messages and exit statuses."""

    def invoke(self, ctx: click.Context):
        from ..errors import ExitCode, PowermapError

        ctx.meta["powermap.args"] = [*getattr(ctx, "_protected_args", ()), *ctx.args]  # before click reads them
        try:
            done = super().invoke(ctx)
            sys.stdout.flush()  # a full disk behind standard output is found here, not at exit
            return done
        except PowermapError as error:
            for line in error.lines(error_language(ctx)):
                click.echo(_shown(line), err=True)
            ctx.exit(int(error.exit_code))
        except click.UsageError as error:  # click's own: said in Chinese for a Chinese command
            lang = error_language(ctx)
            if lang != "en":
                from .usage_words import usage_lines

                lines = usage_lines(error, lang)
                if lines is not None:
                    for line in lines:
                        click.echo(_shown(line) if line else "", err=True)
                    ctx.exit(error.exit_code)
            raise
        except (click.exceptions.Exit, click.exceptions.Abort, click.ClickException):
            raise
        except BrokenPipeError:
            # The reader went away (| head); not an error of ours.
            sys.stderr.close()
            ctx.exit(int(ExitCode.OK))
        except Exception as error:  # a bug (one line unless debugging), or an unwritable stdout
            if isinstance(error, OSError) and error.errno in _OUTPUT_ERRNOS:
                _unwritable(error)
                ctx.exit(int(ExitCode.OUTPUT))
            if os.environ.get("POWERMAP_DEBUG"):
                raise
            click.echo(
                f"powermap: internal error: {type(error).__name__}: {_shown(error)} "
                "(please report it; set POWERMAP_DEBUG=1 for details)",
                err=True,
            )
            ctx.exit(int(ExitCode.INTERNAL))


# What a write to standard output (or the terminal) meets when the disk or device behind it
# fails: the output could not be written (exit 3), not a bug. Files powermap writes itself go
# through powermap.files, which reports these as OutputError.
_OUTPUT_ERRNOS = frozenset({errno.ENOSPC, errno.EDQUOT, errno.EFBIG, errno.EIO})


def _unwritable(error: OSError) -> None:
    """Say, on stderr if it still works, that standard output could not be written."""
    try:
        sys.stderr.write(f"powermap: cannot write the output: {error.strerror or error}\n")
        sys.stderr.flush()
    except OSError:
        pass


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]}, epilog=_EPILOG)
@click.version_option(__version__, "--version", prog_name="powermap", message="%(prog)s %(version)s")
def cli() -> None:
    """Map the power structure of a buying organisation.

    Describe the account in one file (YAML, JSON, a folder of CSV files or an Excel
    workbook) and ask who really decides, whom we have not reached, who can help us and
    who could sink the deal. Start with `powermap init NAME`.
    """


def main() -> None:
    """Entry point of the ``powermap`` console script."""
    # The analyses' vector products are small: OpenBLAS threads only make them wait on each
    # other (a dot product of 50,000 numbers took 3.5 ms with two threads on a busy 2-core
    # machine, 16 us with one). Read when numpy loads, so set before any command imports it.
    os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
    # One command, then the process ends: the cyclic collector stays off (powermap.collector).
    from ..collector import off_until_exit
    from .output import keep_until_exit

    off_until_exit()
    keep_until_exit()  # what a command made is freed with the process (output.keep)
    try:
        cli(prog_name="powermap")
    except SystemExit as done:
        _leave(done.code)
    except OSError as error:  # --help or --version into a full disk: before any command runs
        if error.errno not in _OUTPUT_ERRNOS:
            raise
        from ..errors import ExitCode

        _unwritable(error)
        _leave(int(ExitCode.OUTPUT))


def _leave(code) -> None:
    """Exit with ``code`` (as ``sys.exit`` reads it) without tearing the interpreter down.

    Every output is written and closed by now; what is left is freeing the loaded account's
    objects one by one and unloading the libraries, which took 0.13 s after a 500-person
    report (a tenth of the command) and grows with the account. The standard streams are
    flushed first; a reader that went away (``powermap report ... | head``) is not an error.
    """
    if code is not None and not isinstance(code, int):
        print(code, file=sys.stderr)
        code = 1
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (BrokenPipeError, ValueError):  # the reader left, or the stream was closed
            pass
        except OSError as error:  # a full disk behind the stream, unless already said
            if stream is sys.stdout and not code:
                from ..errors import ExitCode

                _unwritable(error)
                code = int(ExitCode.OUTPUT)
    os._exit(code or 0)


# The commands: each module adds its own to `cli` (and uses `_Group`), so they come after both.
from . import account_files, analyses, comparison, crm, neo4j_group  # noqa: E402, F401
