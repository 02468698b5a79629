"""Writing outputs safely: atomically, never over an input, never over a file unasked."""

from __future__ import annotations

import os
import shutil
import stat
import tempfile
from collections.abc import Callable
from pathlib import Path

from .errors import OutputError

__all__ = ["write_output", "same_file"]


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def _move_new(temporary: Path, target: Path) -> None:
    """Move a finished file to a name that must not exist yet."""
    try:
        os.link(temporary, target)  # fails, rather than replaces, if the target appeared
    except FileExistsError:
        raise
    except OSError:  # a file system without hard links
        if target.exists():
            raise FileExistsError(target) from None
        os.replace(temporary, target)
        return
    temporary.unlink()


def _is_device(target: Path) -> bool:
    """Whether ``target`` is a device, pipe or socket (``/dev/null``, ``/dev/stdout``, a FIFO):
    written into, never replaced by a file."""
    try:
        mode = target.stat().st_mode
    except OSError:
        return False
    return not (stat.S_ISREG(mode) or stat.S_ISDIR(mode))


def _write_device(target: Path, write: Callable[[Path], None], folder: bool) -> None:
    """Write into a device or pipe: made whole in a temporary file first, then copied in."""
    if folder:
        raise OutputError(f"{target}: not a folder; this output is a folder of files")
    with tempfile.TemporaryDirectory(prefix=".powermap-") as temporary:
        made = Path(temporary) / target.name
        try:
            write(made)
            with made.open("rb") as source, target.open("wb") as sink:
                shutil.copyfileobj(source, sink)
        except OSError as error:
            raise OutputError(f"{target}: cannot write: {error.strerror or error}") from None


def same_file(a: str | Path, b: str | Path) -> bool:
    """Whether two paths name the same file or folder (resolving links and '..')."""
    return Path(a).resolve() == Path(b).resolve()


def write_output(
    target: str | Path,
    write: Callable[[Path], None],
    *,
    overwrite: bool = False,
    inputs: tuple[str | Path, ...] = (),
    folder: bool = False,
) -> None:
    """Create ``target`` by calling ``write`` on a temporary path beside it, then move it in.

    The move is atomic, so a reader sees the old file or the whole new one and a failure
    leaves nothing behind. ``target`` is never one of ``inputs``; an existing target is kept
    unless ``overwrite``. With ``folder``, ``write`` fills a temporary folder.
    """
    target = Path(target)
    if _is_device(target):
        _write_device(target, write, folder)
        return
    for source in inputs:
        if target.exists() and same_file(target, source):
            raise OutputError(f"{target}: refusing to write over the input; choose another output")
    if target.exists() and not overwrite:
        raise OutputError(f"{target}: already exists; choose another name or remove it first")
    parent = target.parent
    if not parent.is_dir():
        raise OutputError(f"{target}: the folder {str(parent) or '.'} does not exist")
    try:
        if folder:
            temporary = Path(tempfile.mkdtemp(prefix=f".{target.name}.", dir=parent))
            temporary.chmod(0o777 & ~_umask())
        else:
            handle, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=parent)
            os.close(handle)
            temporary = Path(name)
            temporary.chmod(0o666 & ~_umask())
    except OSError as error:
        raise OutputError(f"{target}: cannot write here: {error.strerror or error}") from None
    try:
        write(temporary)
        if folder:
            if target.exists():
                shutil.rmtree(target) if target.is_dir() else target.unlink()
            temporary.rename(target)
        elif overwrite:
            os.replace(temporary, target)
        else:
            _move_new(temporary, target)
    except FileExistsError:
        raise OutputError(f"{target}: already exists; choose another name or remove it first") from None
    except OSError as error:
        raise OutputError(f"{target}: cannot write: {error.strerror or error}") from None
    finally:
        if temporary.is_dir():
            shutil.rmtree(temporary, ignore_errors=True)
        elif temporary.exists():
            temporary.unlink()
