"""Loading an account from a YAML file, a JSON file, a CSV folder or an Excel workbook.

Every form reads into one document shape and is validated by the same code, so the same
account loads to an equal :class:`~powermap.model.AccountMap` whatever its form, and every
problem is reported with its file and line or row.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from ..collector import gc_paused
from ..errors import AccountError, Issue, Location
from ..model import AccountMap

__all__ = ["Loaded", "read_account", "load", "FORMATS", "PHASES"]

# File endings and what reads them; a folder is read as CSV tables.
FORMATS = {".yaml": "yaml", ".yml": "yaml", ".json": "json", ".xlsx": "excel", ".xlsm": "excel"}

# What read_account reports to its progress callable: the file into a document, then checked.
PHASES = ("reading", "validating")


@dataclass(frozen=True)
class Loaded:
    """A loaded account with the source that can locate each of its records."""

    account: AccountMap
    source: object  # a TreeSource or TableSource
    path: str

    @property
    def warnings(self) -> list[Issue]:
        return list(self.source.warnings)


def read_account(path: str | Path, *, progress: Callable[[str, int, int], None] | None = None) -> Loaded:
    """Load and validate an account; :class:`AccountError` lists every problem found.

    ``progress`` is called as ``progress(phase, done, total)`` before each phase
    (``"reading"`` the file into a document, ``"validating"`` it into an account) and once
    more with ``done == total`` at the end, as :func:`powermap.report.analyze` does.
    """
    shown = str(path)
    location = Path(path)
    if not location.exists():
        raise AccountError.single(Location(shown), "no such file or folder")
    if location.is_dir():
        from .csv_folder import read_csv_folder as read_form
    else:
        kind = FORMATS.get(location.suffix.lower())
        if kind is None:
            raise AccountError.single(Location(shown), _unsupported(location))
        if kind == "yaml":
            from .yaml_file import read_yaml as read_form
        elif kind == "json":
            from .json_file import read_json as read_form
        else:
            from .excel import read_workbook as read_form
    from .build import build_account

    report = progress or _silent
    with gc_paused():
        report("reading", 0, len(PHASES))
        doc, source = read_form(location, shown)
        report("validating", 1, len(PHASES))
        account = build_account(doc, source)
    report("done", len(PHASES), len(PHASES))
    return Loaded(account, source, shown)


def load(path: str | Path, *, progress: Callable[[str, int, int], None] | None = None) -> AccountMap:
    """The account in a file or folder, validated (see :func:`read_account`)."""
    return read_account(path, progress=progress).account


def _silent(phase: str, done: int, total: int) -> None:
    pass


def _unsupported(path: Path) -> str:
    if path.suffix.lower() == ".csv":
        return "a CSV account is a folder of tables (account.csv, stakeholders.csv, ...); pass the folder"
    if path.suffix.lower() == ".xls":
        return "the old .xls format cannot be read; save the workbook as .xlsx"
    ending = f"'{path.suffix}'" if path.suffix else "no file ending"
    return f"unsupported file type ({ending}): expected .yaml, .yml, .json, .xlsx or a folder of CSV files"
