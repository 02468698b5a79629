"""Reading an input file as text, refusing binary files and undecodable bytes clearly.

The file is read with the bound of :mod:`powermap.loaders.limits`: never more than the size
limit, and never from a device or a pipe."""

from __future__ import annotations

from pathlib import Path

from ..errors import AccountError, Location
from .limits import read_bounded

__all__ = ["read_text", "EMPTY_MESSAGE"]

EMPTY_MESSAGE = "the file is empty; expected an account with at least 'account: {id, name}' (powermap init writes a starter)"


def read_text(path: Path, shown: str, *, encodings: tuple[str, ...] = ("utf-8-sig",), what: str = "UTF-8 text") -> str:
    """The file's text; :class:`AccountError` if it is empty, binary, not in ``encodings``,
    over the size limit or not a regular file."""
    where = Location(shown)
    data = read_bounded(path, shown)
    if not data.strip():
        raise AccountError.single(where, EMPTY_MESSAGE)
    if b"\x00" in data[:65536]:
        raise AccountError.single(where, f"not a text file (it holds binary data); expected {what}")
    failures = []
    for encoding in encodings:
        try:
            return data.decode(encoding)
        except UnicodeDecodeError as error:
            failures.append(error)
    offset = failures[0].start
    line = data[:offset].count(b"\n") + 1
    raise AccountError.single(
        Location(shown, line=line),
        f"not {what}: byte 0x{data[offset]:02x} cannot be decoded; save the file as UTF-8",
    )
