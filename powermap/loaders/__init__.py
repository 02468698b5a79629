"""Loading an account from a YAML file, a JSON file, a CSV folder or an Excel workbook.

Every form reads into one document shape and is validated by the same code, so the same
account loads to an equal :class:`~powermap.model.AccountMap` whatever its form, and every
problem is reported with its file and line or row.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from ..alongside import alongside, can_fork
from ..collector import gc_paused
from ..errors import AccountError, Issue, Location
from ..i18n import say
from ..model import AccountMap

__all__ = ["Loaded", "read_account", "load", "FORMATS", "PHASES", "LOAD_ALONGSIDE_BYTES"]

# File endings and what reads them; a folder is read as CSV tables.
FORMATS = {".yaml": "yaml", ".yml": "yaml", ".json": "json", ".xlsx": "excel", ".xlsm": "excel"}

# What read_account reports to its progress callable: the file into a document, then checked.
PHASES = ("reading", "validating")

# The forms, and the sizes in bytes (a CSV folder: its tables together), that load in a forked
# copy of the process while the caller's other work runs (see load). Below a form's range the
# file loads before a fork pays; above it, handing the account back (about 0.0045 ms a person
# to read back here, 0.22 s at 50,000 people) costs more than the overlap saves. YAML is
# parsed in Python (about 0.07 ms a person), so its copy overlaps the whole of the caller's
# imports up to a few tens of thousands of people: generated accounts' reports took 1.33 s
# instead of 1.45 s from 5,000 people's YAML (1.2 MB), 2.97 s instead of 3.14 s from 20,000
# (4.5 MB; medians of five runs, alternately). A workbook needs openpyxl (0.2 s to import). CSV
# tables and JSON load several times faster than YAML, so their range ends at fewer people:
# 20,000 people took the same time either way (1.96 s from 2.3 MB of CSV, 1.91 s against 1.93 s
# from 7.5 MB of JSON); on `dense` accounts the report took 1.96 s instead of 2.02 s from a
# 5,000-person CSV folder (1.1 MB) and 2.02 s instead of 2.05 s from its JSON file (3.8 MB),
# 0.88 s instead of 0.92 s from 2,000 people's CSV. Below 250 people (58 KB of CSV) it made no
# difference.
LOAD_ALONGSIDE_BYTES = {"yaml": (32 * 1024, 6 * 1024 * 1024), "excel": (0, 512 * 1024),
                        "csv": (64 * 1024, 1536 * 1024), "json": (192 * 1024, 5 * 1024 * 1024)}


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
        raise AccountError.single(Location(shown), say("no such file or folder"))
    kind = _form(location)
    if kind is None:
        raise AccountError.single(Location(shown), _unsupported(location))
    if kind == "csv":
        from .csv_folder import read_csv_folder as read_form
    elif kind == "yaml":
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


def load(path: str | Path, *, progress: Callable[[str, int, int], None] | None = None,
         meanwhile: Callable[[], None] | None = None) -> AccountMap:
    """The account in a file or folder, validated (see :func:`read_account`).

    ``meanwhile`` is work this process would do next anyway (the command line imports the
    analyses: networkx, numpy, igraph, about 0.4 s). A file (or CSV folder) of a form and size
    in :data:`LOAD_ALONGSIDE_BYTES` loads in a forked copy of this process
    (:func:`~powermap.alongside.alongside`) while ``meanwhile()`` runs here, so the two share
    two cores: the report of 500 people took 0.91 s instead of 0.98 s from YAML, 1.21 s
    instead of 1.41 s from a workbook. Other files load here and ``meanwhile`` is not called.
    The account is the same either way, and a file that does not load raises its located
    error here.
    """
    if meanwhile is None or not _loads_alongside(Path(path)):
        return read_account(path, progress=progress).account
    report = progress or _silent
    report("reading", 0, len(PHASES))
    loading = alongside(lambda: read_account(path).account, True)
    try:
        meanwhile()
    finally:
        account = loading()
    report("done", len(PHASES), len(PHASES))
    return account


def _form(location: Path) -> str | None:
    """The form of an account: a folder is CSV tables, a file is known by its ending."""
    return "csv" if location.is_dir() else FORMATS.get(location.suffix.lower())


def _loads_alongside(location: Path) -> bool:
    """Whether the file (or CSV folder) is of a form and size in :data:`LOAD_ALONGSIDE_BYTES`,
    and can be."""
    form = _form(location)
    bounds = LOAD_ALONGSIDE_BYTES.get(form)
    if bounds is None:
        return False
    try:
        tables = csv_tables(location) if form == "csv" else [location]
        size = sum(table.stat().st_size for table in tables)
    except OSError:  # it does not exist or cannot be listed: the load here says so
        return False
    return bounds[0] <= size <= bounds[1] and can_fork()


def csv_tables(folder: Path) -> list[Path]:
    """The files a CSV folder's load reads, in name order: everything named ``*.csv`` but a
    folder (a device or a pipe is refused by name when read, not skipped)."""
    return sorted(path for path in folder.iterdir() if path.suffix.lower() == ".csv" and not path.is_dir())


def _silent(phase: str, done: int, total: int) -> None:
    pass


def _unsupported(path: Path) -> str:
    if path.suffix.lower() == ".csv":
        return say("a CSV account is a folder of tables (account.csv, stakeholders.csv, ...); pass the folder")
    if path.suffix.lower() == ".xls":
        return say("the old .xls format cannot be read; save the workbook as .xlsx")
    ending = f"'{path.suffix}'" if path.suffix else say("no file ending")
    return say("unsupported file type ({ending}): expected .yaml, .yml, .json, .xlsx or a folder of CSV files",
               ending=ending)
