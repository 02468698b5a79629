"""The CSV-folder loader: one ``<table>.csv`` per table, as CRM exports and scripts write them.

Files are UTF-8 (with or without a byte-order mark) or, as spreadsheet programs in China save
them, GB18030. Row numbers count the header as row 1, as a spreadsheet shows them. A value
written as ``'=...`` (an apostrophe, then a character a spreadsheet starts a formula with) is
read without its first apostrophe: that is how powermap writes such text so that a
spreadsheet shows it as text (:mod:`powermap.cells`).
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

from ..cells import unquote
from ..errors import AccountError, Issue, Location
from ..model import AccountMap
from .build import build_account
from .source import TableSource
from .tables import add_table, table_name
from .text import read_text

__all__ = ["load_csv_folder", "read_csv_folder"]


def read_csv_folder(folder: Path, shown: str) -> tuple[dict, TableSource]:
    """The folder's tables as a plain document and the source that locates their rows."""
    source = TableSource(shown)
    doc: dict = {}
    files = sorted(path for path in folder.iterdir() if path.suffix.lower() == ".csv" and path.is_file())
    if not files:
        raise AccountError.single(
            Location(shown), "no CSV files in this folder; expected account.csv, stakeholders.csv, ... (one per table)"
        )
    for path in files:
        where = Location(str(Path(shown) / path.name))
        table = table_name(path.stem, source, where)
        if table is None:
            continue
        text = read_text(path, where.path, encodings=("utf-8-sig", "gb18030"), what="CSV text (UTF-8 or GB18030)")
        try:
            rows = list(csv.reader(io.StringIO(text, newline="")))
        except csv.Error as error:
            source.problems.append(Issue(where, None, f"cannot read the CSV: {error}"))
            continue
        header = rows[0] if rows else []
        quoted = "'" in text  # most files hold no apostrophe at all: nothing to undo
        numbered = []
        for number, cells in enumerate(rows[1:], start=2):
            if len(cells) > len(header) and any(cell.strip() for cell in cells[len(header):]):
                source.problems.append(
                    Issue(
                        Location(where.path, row=number),
                        None,
                        f"{len(cells)} values but the header names {len(header)} columns (quote values that contain commas)",
                    )
                )
                continue
            numbered.append((number, [_unquoted(cell) for cell in cells] if quoted else cells))
        add_table(doc, table, header, numbered, source, where)
    return doc, source


def _unquoted(cell: str) -> str:
    """A cell without the ``'`` that keeps a spreadsheet from reading it as a formula: the
    writer adds one before ``=1+1`` (and before ``'=1+1``), and one is removed here."""
    text = cell.strip()
    return unquote(text) if text.startswith("'") else cell


def load_csv_folder(folder: Path, shown: str) -> tuple[AccountMap, TableSource]:
    doc, source = read_csv_folder(folder, shown)
    return build_account(doc, source), source
