"""Reading an input file as text, refusing binary files and undecodable bytes clearly."""

from __future__ import annotations

from pathlib import Path

from ..errors import AccountError, Location

__all__ = ["read_text", "EMPTY_MESSAGE"]

EMPTY_MESSAGE = "the file is empty; expected an account with at least 'account: {id, name}' (powermap init writes a starter)"


def read_text(path: Path, shown: str, *, encodings: tuple[str, ...] = ("utf-8-sig",), what: str = "UTF-8 text") -> str:
    """The file's text; :class:`AccountError` if it is empty, binary or not in ``encodings``."""
    where = Location(shown)
    try:
        data = path.read_bytes()
    except PermissionError:
        raise AccountError.single(where, "cannot read the file: permission denied") from None
    except IsADirectoryError:
        raise AccountError.single(where, "is a folder, expected a file") from None
    except OSError as error:
        raise AccountError.single(where, f"cannot read the file: {error.strerror or error}") from None
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
