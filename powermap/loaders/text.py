"""Reading an input file as text, refusing binary files and undecodable bytes clearly.

The file is read with the bound of :mod:`powermap.loaders.limits`: never more than the size
limit, and never from a device or a pipe."""

from __future__ import annotations

from pathlib import Path

from ..errors import AccountError, Location
from ..i18n import say
from .limits import read_bounded

__all__ = ["read_text", "EMPTY_MESSAGE"]

# An empty file (the example is data: its braces are not a field of the message).
EMPTY_MESSAGE = say("the file is empty; expected an account with at least {example} (powermap init writes a starter)",
                    example="'account: {id, name}'")


def read_text(path: Path, shown: str, *, encodings: tuple[str, ...] = ("utf-8-sig",), what: str | None = None) -> str:
    """The file's text; :class:`AccountError` if it is empty, binary, not in ``encodings``,
    over the size limit or not a regular file."""
    where = Location(shown)
    what = what or say("UTF-8 text")
    data = read_bounded(path, shown)
    if not data.strip():
        raise AccountError.single(where, EMPTY_MESSAGE)
    if b"\x00" in data[:65536]:
        raise AccountError.single(where, say("not a text file (it holds binary data); expected {what}", what=what))
    failures = []
    for encoding in encodings:
        try:
            return data.decode(encoding)
        except UnicodeDecodeError as error:
            failures.append(error)
    offset = failures[0].start
    line = data[:offset].count(b"\n") + 1
    byte = f"0x{data[offset]:02x}"
    raise AccountError.single(
        Location(shown, line=line),
        say("not {what}: byte {byte} cannot be decoded; save the file as UTF-8", what=what, byte=byte),
    )
