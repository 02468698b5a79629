"""Writing outputs safely: atomically, never over an input, never over what powermap did not write.

Design choices, and why
-----------------------
- **One way to write.** Every output (report, map, account, portfolio, starter) goes through
  :func:`write_output`, which is handed a function that fills a temporary path. Nothing else
  in powermap creates, replaces or deletes a user's file or folder.
- **Inputs are sacred.** Both paths are resolved through links and ``..``; an output that is an
  input, lies inside an input folder (a CSV-folder account, a folder of accounts) or would
  replace a folder holding an input is refused before anything is written. A hard link to an
  input counts as the input.
- **A folder is replaced only if powermap wrote it.** Each output folder holds a marker file,
  :data:`MARKER`, listing the files powermap put there. An existing folder is replaced only
  while its marker is there and it holds nothing but those files: a folder the user made, or
  one into which they saved a file of their own, is never touched. Single files are replaced
  by the commands that regenerate them (reports, maps); ``convert``, ``neo4j pull`` and
  ``init`` replace only with ``--force`` (``init`` never).
- **Atomic, whatever the moment of a kill.** The new file or folder is built beside the target
  under a hidden temporary name and moved in by one rename. A folder is swapped with the old
  one in one step where the system can (Linux ``renameat2(RENAME_EXCHANGE)``); elsewhere the
  old folder is first renamed aside, and a kill between the two renames is undone by the next
  write of the same target. Either way a reader finds the old output or the new one, whole.
- **Nothing stranded.** Temporary names say whose they are:
  ``.NAME.HASH.powermap-HOST-PID-RANDOM.new|.old|.tmp``. The next write of the same target
  removes those left by a process of this machine that no longer runs (a kill, a power cut),
  and puts back an old folder that was renamed aside but not replaced.
- **Devices and pipes are written into**, never replaced by a file (``-o /dev/stdout``, a FIFO).
"""

from __future__ import annotations

import errno
import os
import re
import secrets
import shutil
import stat
import tempfile
import zlib
from collections.abc import Callable, Iterable
from pathlib import Path

from .errors import OutputError
from .i18n import Message, say

__all__ = ["write_output", "MARKER", "touches_input"]

# The file in every folder powermap writes: its first line says what it is, then one name a
# line. Hidden, so a file manager or spreadsheet import shows only the outputs.
MARKER = ".powermap-output"
_MARKER_HEAD = "written by powermap: this folder is replaced by powermap only while it holds just these files"


# -- where a path stands against the inputs --------------------------------------------------

def _resolve(path: Path) -> Path:
    """``path`` with links and '..' resolved; a link loop is an OSError, as the system says it."""
    try:
        return path.resolve()
    except RuntimeError:  # pathlib's word for a link loop
        raise OSError(errno.ELOOP, os.strerror(errno.ELOOP), str(path)) from None


def _same_inode(a: Path, b: Path) -> bool:
    """Whether two existing paths are one file (a hard link to it counts)."""
    try:
        return os.path.samefile(a, b)
    except OSError:
        return False


def touches_input(target: str | Path, inputs: Iterable[str | Path]) -> str | None:
    """Why writing ``target`` would touch one of ``inputs`` (a sentence), or None.

    It touches an input when it is the input, lies inside an input folder, or is a folder
    holding an input. Paths are compared after resolving links and ``..``.
    """
    target = Path(target)
    where = _resolve(target)
    for source in inputs:
        source = Path(source)
        try:
            origin = _resolve(source)
        except OSError:  # a link loop: it names nothing to protect
            continue
        if where == origin or _same_inode(target, source):
            return say("refusing to write over the input; choose another output")
        if where.is_relative_to(origin):
            return say("refusing to write inside the input folder {source}; choose an output outside it", source=str(source))
        if origin.is_relative_to(where):
            return say("refusing to write over a folder holding the input {source}; choose another output", source=str(source))
    return None


# -- temporary names -----------------------------------------------------------------------

_HOST = re.sub(r"[^A-Za-z0-9-]", "-", os.uname().nodename if hasattr(os, "uname") else "host")[:32] or "host"


def _stem(name: str) -> str:
    """The start shared by every temporary name of a target called ``name``; a hash of the
    whole name keeps long names apart while the names themselves stay short enough."""
    return f".{name[:80]}.{zlib.crc32(name.encode('utf-8', 'surrogateescape')):08x}.powermap-"


def _temporary_name(name: str, kind: str) -> str:
    return f"{_stem(name)}{_HOST}-{os.getpid()}-{secrets.token_hex(4)}.{kind}"


_LEFT = re.compile(r"(?P<host>[A-Za-z0-9-]+)-(?P<pid>\d+)-[0-9a-f]{8}\.(?P<kind>new|old|tmp)")


def _running(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # it exists, but belongs to someone else
        return True
    return True


def _remove(path: Path) -> None:
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path, ignore_errors=True)
    else:
        try:
            path.unlink()
        except OSError:
            pass


def _tidy(target: Path) -> None:
    """Remove what an earlier write of ``target`` left behind when it was killed, and put back
    an old folder it had renamed aside without replacing. Only names of this machine's
    processes that no longer run are touched; a concurrent powermap's are left alone."""
    stem = _stem(target.name)
    try:
        entries = [entry for entry in os.scandir(target.parent) if entry.name.startswith(stem)]
    except OSError:
        return
    left = []
    for entry in entries:
        match = _LEFT.fullmatch(entry.name[len(stem):])
        if match and match["host"] == _HOST and not _running(int(match["pid"])):
            left.append((match["kind"], Path(entry.path)))
    for kind, path in sorted(left, key=lambda item: item[0] != "old"):
        if kind == "old" and not os.path.lexists(target):
            try:
                os.rename(path, target)  # the swap was cut between its two renames: undo it
                continue
            except OSError:
                pass
        _remove(path)


# -- folders powermap wrote ------------------------------------------------------------------

def _mark(folder: Path) -> None:
    """Write the marker listing what ``write`` put into a new output folder."""
    names = sorted(entry.name for entry in os.scandir(folder) if entry.name != MARKER)
    (folder / MARKER).write_text("\n".join([_MARKER_HEAD, *names]) + "\n", encoding="utf-8")


def _foreign(folder: Path) -> str | None:
    """Why ``folder`` may not be replaced (it is not, or no longer only, powermap's), or None."""
    marker = folder / MARKER
    try:
        if marker.is_symlink() or not marker.is_file():
            raise OSError
        lines = marker.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        lines = []
    entries = sorted(os.scandir(folder), key=lambda entry: entry.name)
    if not lines or lines[0] != _MARKER_HEAD:
        held = [entry.name for entry in entries]
        if held:
            return say("is a folder powermap did not write (it holds {names}); powermap never replaces it: "
                       "choose a new folder name", names=_some(held))
        return say("is a folder powermap did not write; powermap never replaces it: choose a new folder name")
    listed = set(lines[1:])
    other = [entry.name for entry in entries
             if entry.name != MARKER and (entry.name not in listed or not entry.is_file(follow_symlinks=False))]
    if other:
        return say("holds files powermap did not write ({names}); powermap never deletes them: "
                   "move them out, or choose a new folder name", names=_some(other))
    return None


def _some(names: list[str], shown: int = 3) -> str | Message:
    quoted = ", ".join(repr(name) if not name.isprintable() else name for name in names[:shown])
    return say("{names} and {count} more", names=quoted, count=len(names) - shown) if len(names) > shown else quoted


def _exists(target: Path) -> Message:
    return say("{target}: already exists; choose another name or remove it first", target=str(target))


# -- moving into place -----------------------------------------------------------------------

_RENAME_NOREPLACE, _RENAME_EXCHANGE = 1, 2
_renameat2 = None


def _rename2(source: Path, target: Path, flags: int) -> bool:
    """Linux's ``renameat2``: True when done, False where the system or file system lacks it."""
    global _renameat2
    if _renameat2 is None:
        try:
            import ctypes

            function = ctypes.CDLL(None, use_errno=True).renameat2
            function.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
            _renameat2 = (function, ctypes)
        except (OSError, AttributeError, ImportError):
            _renameat2 = False
    if not _renameat2:
        return False
    function, ctypes = _renameat2
    if function(-100, os.fsencode(source), -100, os.fsencode(target), flags) == 0:  # -100: AT_FDCWD
        return True
    code = ctypes.get_errno()
    if code in (errno.ENOSYS, errno.EINVAL, errno.ENOTSUP, errno.EOPNOTSUPP):
        _renameat2 = False if code == errno.ENOSYS else _renameat2
        return False
    raise OSError(code, os.strerror(code), str(target))


def _move_new(temporary: Path, target: Path) -> None:
    """Move a finished file or folder to a name that must not exist yet."""
    if temporary.is_dir():
        if not _rename2(temporary, target, _RENAME_NOREPLACE):
            if os.path.lexists(target):
                raise FileExistsError(target)
            os.rename(temporary, target)
        return
    try:
        os.link(temporary, target)  # fails, rather than replaces, if the target appeared
    except FileExistsError:
        raise
    except OSError:  # a file system without hard links
        if os.path.lexists(target):
            raise FileExistsError(target) from None
        os.replace(temporary, target)
        return
    temporary.unlink()


def _swap_folder(temporary: Path, target: Path) -> None:
    """Put the folder ``temporary`` in place of the folder ``target``; the old one is removed.

    One atomic exchange where the system has it; else two renames, which :func:`_tidy`
    undoes on the next write if a kill falls between them."""
    if _rename2(temporary, target, _RENAME_EXCHANGE):
        old = temporary  # the exchange left the old folder under the temporary name
    else:
        old = target.with_name(_temporary_name(target.name, "old"))
        os.rename(target, old)
        os.rename(temporary, target)
    shutil.rmtree(old, ignore_errors=True)


# -- devices ---------------------------------------------------------------------------------

_SYSTEM = ("/dev/", "/proc/")


def _is_device(target: Path) -> bool:
    """Whether ``target`` is written into rather than replaced: a device, pipe or socket
    (``/dev/null``, a FIFO), or anything under /dev or /proc, such as ``/dev/stdout`` when it
    leads to a file the shell opened (replacing it would replace the system's link)."""
    try:
        mode = target.stat().st_mode
    except OSError:
        return False
    return not (stat.S_ISREG(mode) or stat.S_ISDIR(mode)) or os.path.abspath(target).startswith(_SYSTEM)


def _write_device(target: Path, write: Callable[[Path], None], folder: bool) -> None:
    """Write into a device or pipe: made whole in a temporary file first, then copied in,
    appended so that a file behind ``/dev/stdout`` opened with ``>>`` keeps what it held."""
    if folder or target.is_dir():
        raise OutputError(say("{target}: not a folder; this output is a folder of files", target=str(target)))
    with tempfile.TemporaryDirectory(prefix=".powermap-") as temporary:
        made = Path(temporary) / "output"
        write(made)
        with made.open("rb") as source, target.open("ab") as sink:
            shutil.copyfileobj(source, sink)


# -- the one way to write --------------------------------------------------------------------

def write_output(
    target: str | Path,
    write: Callable[[Path], None],
    *,
    overwrite: bool = False,
    inputs: Iterable[str | Path] = (),
    folder: bool = False,
) -> None:
    """Create ``target`` by calling ``write`` on a temporary path beside it, then move it in.

    A reader sees the old output or the whole new one, and a failure leaves nothing behind.
    ``target`` never touches one of ``inputs`` (see :func:`touches_input`); an existing
    target is kept unless ``overwrite``. With ``folder``, ``write`` fills a temporary folder,
    and an existing folder is replaced only if powermap wrote it (see the module notes).
    Every problem is an :class:`OutputError` naming the target.
    """
    target = Path(target)
    try:
        _write_output(target, write, overwrite, tuple(inputs), folder)
    except OutputError:
        raise
    except FileExistsError:
        raise OutputError(_exists(target)) from None
    except OSError as error:
        if error.errno == errno.ENAMETOOLONG:
            raise OutputError(say("{target}: the name is too long for this system ({count} bytes); choose a shorter one",
                                  target=str(target), count=len(os.fsencode(target.name)))) from None
        raise OutputError(say("{target}: cannot write: {reason}", target=str(target),
                              reason=error.strerror or str(error))) from None


def _write_output(target: Path, write, overwrite: bool, inputs: tuple, folder: bool) -> None:
    touched = touches_input(target, inputs)
    if touched:
        raise OutputError(say("{target}: {reason}", target=str(target), reason=touched))
    if target.name in ("", ".", ".."):
        if folder:
            raise OutputError(say("{target}: not a folder name; give a new folder name, e.g. report", target=str(target)))
        raise OutputError(say("{target}: not a file name; give a new file name, e.g. report.md", target=str(target)))
    if _is_device(target):
        _write_device(target, write, folder)
        return
    parent = target.parent
    if not parent.is_dir():
        raise OutputError(say("{target}: the folder {folder} does not exist", target=str(target),
                              folder=str(parent) or "."))
    _tidy(target)
    exists = os.path.lexists(target)
    if exists:
        if folder:
            if target.is_symlink() or not target.is_dir():
                if target.is_symlink():
                    raise OutputError(say("{target}: is a link; this output is a folder of files: choose a new "
                                          "folder name", target=str(target)))
                raise OutputError(say("{target}: is a file; this output is a folder of files: choose a new folder name",
                                      target=str(target)))
            foreign = _foreign(target)
            if foreign:
                raise OutputError(say("{target}: {reason}", target=str(target), reason=foreign))
        elif target.is_dir():
            raise OutputError(say("{target}: is a folder; give a file name", target=str(target)))
        if not overwrite:
            raise OutputError(_exists(target))
    temporary = parent / _temporary_name(target.name, "new" if folder else "tmp")
    try:
        if folder:
            temporary.mkdir(mode=0o777)
        else:
            temporary.touch(mode=0o666, exist_ok=False)
    except OSError as error:
        raise OutputError(say("{target}: cannot write here: {reason}", target=str(target),
                              reason=error.strerror or str(error))) from None
    try:
        write(temporary)
        if folder:
            _mark(temporary)
            if exists:
                _swap_folder(temporary, target)
            else:
                _move_new(temporary, target)
        elif exists:
            os.replace(temporary, target)
        else:
            _move_new(temporary, target)
    finally:
        if os.path.lexists(temporary):
            _remove(temporary)
