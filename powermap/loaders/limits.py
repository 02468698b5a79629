"""How much of an input powermap reads: a size limit on every account file, read with a bound.

Every file read as an account (a YAML or JSON file, each CSV of a folder, a workbook, and the
XML a workbook unpacks to) is held to one limit, :data:`DEFAULT_MAX_INPUT_MB` unless raised
by ``--max-input-mb`` or ``$POWERMAP_MAX_INPUT_MB``. The default is about three times the
largest form of a 50,000-person account (its JSON is 19.7 MB, its workbook unpacks to 38 MB
of XML): no real account comes near it, and a file at the limit still loads in a few GB.

Sizes are in MB of 1,048,576 bytes, as ``ls -lh`` and ``du -m`` count them. Files are read
with a bound, never by their claimed size: a device, a pipe or a socket is refused before it
is read (``/dev/zero`` named ``x.yaml``, a FIFO, ``/dev/stdin``), and any other file is read
up to the limit and one byte more, so a file that grows while it is read, or a ``/proc`` file
that says it is empty, is still bounded.
"""

from __future__ import annotations

import math
import os
import stat
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from ..errors import AccountError, ExitCode, Location, PowermapError
from ..i18n import say

__all__ = [
    "DEFAULT_MAX_INPUT_MB",
    "MAX_INPUT_VARIABLE",
    "MB",
    "RAISE_HINT",
    "RECORDS_PER_MB",
    "LimitError",
    "input_limit",
    "max_input_mb",
    "max_input_bytes",
    "max_records",
    "over_limit",
    "read_bounded",
    "records_over_limit",
]

DEFAULT_MAX_INPUT_MB = 64
MAX_INPUT_VARIABLE = "POWERMAP_MAX_INPUT_MB"
MB = 1024 * 1024

# Records (rows, or items of a table's list) an account may hold per MB of the limit: 1,048,576
# at 64 MB, the rows of one Excel sheet and about seven times the 155,000 records of a
# 50,000-person account. Each record costs about a kilobyte once read and validated, whatever
# its size in the file, so a file of tiny rows ("a,b") is bounded by this and not by its size.
RECORDS_PER_MB = 16_384

# How a message about the limit ends: how to raise it.
RAISE_HINT = say("raise it with --max-input-mb or POWERMAP_MAX_INPUT_MB")

_chosen: int | None = None  # set by input_limit, for the command being run


class LimitError(PowermapError):
    """A limit asked for that is not a whole number of MB (exit status 2, before any reading)."""

    exit_code = ExitCode.USAGE


def _parse(value: object, source: str) -> int:
    try:
        number = int(str(value).strip())
    except ValueError:
        number = 0
    if number < 1:
        raise LimitError(f"{source}: expected a whole number of MB (at least 1), got {value!r}")
    return number


def max_input_mb() -> int:
    """The limit in MB: as set by :func:`input_limit`, else ``$POWERMAP_MAX_INPUT_MB``, else
    :data:`DEFAULT_MAX_INPUT_MB`. A variable that is not a whole number raises :class:`LimitError`."""
    if _chosen is not None:
        return _chosen
    value = os.environ.get(MAX_INPUT_VARIABLE)
    if value is None or not value.strip():
        return DEFAULT_MAX_INPUT_MB
    return _parse(value, MAX_INPUT_VARIABLE)


def max_input_bytes() -> int:
    return max_input_mb() * MB


def max_records() -> int:
    """The most records an account may hold under the current limit."""
    return max_input_mb() * RECORDS_PER_MB


@contextmanager
def input_limit(mb: int | None) -> Iterator[int]:
    """Hold every input read inside the block to ``mb`` MB (``None``: the variable or the
    default, checked here). Work forked inside the block inherits the limit."""
    global _chosen
    previous = _chosen
    chosen = _parse(mb, "--max-input-mb") if mb is not None else max_input_mb()
    _chosen = chosen
    try:
        yield chosen
    finally:
        _chosen = previous


def _megabytes(size: int) -> str:
    """A size in MB rounded up to a tenth, so a file just over the limit never reads as equal."""
    tenths = math.ceil(size * 10 / MB)
    return f"{tenths // 10:,}" if tenths % 10 == 0 else f"{tenths / 10:,.1f}"


def over_limit(where: Location, size: int | None, unpacked: bool = False) -> AccountError:
    """The error for an input over the limit; ``size`` in bytes, ``None`` when only known to be
    more (a file that grew while it was read); ``unpacked`` for the parts of a workbook."""
    limit = max_input_mb()
    amount = say("{size} MB", size=_megabytes(size)) if size is not None else say("more than {limit:,} MB", limit=limit)
    if unpacked:
        said = say("its sheets unpack to {amount}, which is over the {limit:,} MB limit for an account file; {hint}",
                   amount=amount, limit=limit, hint=RAISE_HINT)
    else:
        said = say("{amount} is over the {limit:,} MB limit for an account file; {hint}", amount=amount, limit=limit,
                   hint=RAISE_HINT)
    return AccountError.single(where, said)


def records_over_limit(where: Location, table: str | None = None) -> AccountError:
    """The error for an account of more records than the limit allows, at the first record over
    it (``where``), or naming its ``table`` where finding its line would cost more than the
    file's reading (JSON finds lines by reading the text again)."""
    limit = max_input_mb()
    return AccountError.single(
        where,
        say("more than {most:,} records, the most the {limit:,} MB limit for an account file allows ({per_mb:,} a MB); "
            "{hint}", most=max_records(), limit=limit, per_mb=RECORDS_PER_MB, hint=RAISE_HINT),
        field=table,
    )


def read_bounded(path: Path, shown: str) -> bytes:
    """The bytes of the file at ``path``, at most the limit; :class:`AccountError` (located at
    ``shown``) if it is bigger, is not a regular file, or cannot be read.

    The file is opened without waiting (a FIFO would block until a writer came) and what was
    opened is checked, so a file swapped after a check is judged by what is actually read.
    """
    where = Location(shown)
    limit = max_input_bytes()
    try:
        handle = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0))
    except PermissionError:
        raise AccountError.single(where, say("cannot read the file: permission denied")) from None
    except IsADirectoryError:
        raise AccountError.single(where, say("is a folder, expected a file")) from None
    except OSError as error:
        raise AccountError.single(where, say("cannot read the file: {reason}", reason=str(error.strerror or error))) from None
    with open(handle, "rb", closefd=True) as stream:
        status = os.fstat(handle)
        if stat.S_ISDIR(status.st_mode):
            raise AccountError.single(where, say("is a folder, expected a file"))
        if not stat.S_ISREG(status.st_mode):
            raise AccountError.single(
                where, say("not a regular file ({kind}); save the account to a file and give its path",
                           kind=_kind(status.st_mode))
            )
        if status.st_size > limit:
            raise over_limit(where, status.st_size)
        try:
            # What the file says it holds and a byte more; only a file that holds more than it
            # said (it grows, or it is a /proc file of size 0) is read on, to the limit.
            wanted = min(status.st_size, limit) + 1
            data = stream.read(wanted)
            if len(data) == wanted <= limit:
                data += stream.read(limit + 1 - wanted)
        except OSError as error:
            raise AccountError.single(where, say("cannot read the file: {reason}", reason=str(error.strerror or error))) from None
    if len(data) > limit:
        raise over_limit(where, None)
    return data


def _kind(mode: int) -> str:
    if stat.S_ISFIFO(mode):
        return say("a pipe")
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return say("a device")
    if stat.S_ISSOCK(mode):
        return say("a socket")
    return say("a special file")
