"""Loading an account from a YAML file, a JSON file, a CSV folder or an Excel workbook.

Every form reads into one document shape and is validated by the same code, so the same
account loads to an equal :class:`~powermap.model.AccountMap` whatever its form, and every
problem is reported with its file and line or row.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..errors import AccountError, Issue, Location
from ..model import AccountMap

__all__ = ["Loaded", "read_account", "load", "FORMATS"]

# File endings and what reads them; a folder is read as CSV tables.
FORMATS = {".yaml": "yaml", ".yml": "yaml", ".json": "json", ".xlsx": "excel", ".xlsm": "excel"}


@dataclass(frozen=True)
class Loaded:
    """A loaded account with the source that can locate each of its records."""

    account: AccountMap
    source: object  # a TreeSource or TableSource
    path: str

    @property
    def warnings(self) -> list[Issue]:
        return list(self.source.warnings)


def read_account(path: str | Path) -> Loaded:
    """Load and validate an account; :class:`AccountError` lists every problem found."""
    shown = str(path)
    location = Path(path)
    if not location.exists():
        raise AccountError.single(Location(shown), "no such file or folder")
    if location.is_dir():
        from .csv_folder import load_csv_folder as load_form
    else:
        kind = FORMATS.get(location.suffix.lower())
        if kind is None:
            raise AccountError.single(Location(shown), _unsupported(location))
        if kind == "yaml":
            from .yaml_file import load_yaml as load_form
        elif kind == "json":
            from .json_file import load_json as load_form
        else:
            from .excel import load_excel as load_form
    account, source = load_form(location, shown)
    return Loaded(account, source, shown)


def load(path: str | Path) -> AccountMap:
    """The account in a file or folder, validated (see :func:`read_account`)."""
    return read_account(path).account


def _unsupported(path: Path) -> str:
    if path.suffix.lower() == ".csv":
        return "a CSV account is a folder of tables (account.csv, stakeholders.csv, ...); pass the folder"
    if path.suffix.lower() == ".xls":
        return "the old .xls format cannot be read; save the workbook as .xlsx"
    ending = f"'{path.suffix}'" if path.suffix else "no file ending"
    return f"unsupported file type ({ending}): expected .yaml, .yml, .json, .xlsx or a folder of CSV files"
