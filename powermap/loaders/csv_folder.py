"""The CSV-folder loader: one ``<table>.csv`` per table, as CRM exports and scripts write them.

Files are UTF-8 (with or without a byte-order mark) or, as spreadsheet programs in China save
them, GB18030. Row numbers count the header as row 1, as a spreadsheet shows them. A value
written as ``'=...`` (an apostrophe, then a character a spreadsheet starts a formula with) is
read without its first apostrophe: that is how powermap writes such text so that a
spreadsheet shows it as text (:mod:`powermap.cells`). Each file is held to the size limit
(:mod:`~powermap.loaders.limits`) and its rows are read one at a time, so a file of millions
of bad rows is not held in memory as millions of rows or issues.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from pathlib import Path

from ..cells import unquote
from ..errors import AccountError, Issue, Location
from ..i18n import say
from ..model import AccountMap
from . import csv_tables
from .build import build_account
from .source import TableSource
from .tables import add_table, table_name
from .text import read_text

__all__ = ["load_csv_folder", "read_csv_folder"]


def read_csv_folder(folder: Path, shown: str) -> tuple[dict, TableSource]:
    """The folder's tables as a plain document and the source that locates their rows."""
    source = TableSource(shown)
    doc: dict = {}
    files = csv_tables(folder)
    if not files:
        raise AccountError.single(
            Location(shown), say("no CSV files in this folder; expected account.csv, stakeholders.csv, ... (one per table)")
        )
    for path in files:
        where = Location(str(Path(shown) / path.name))
        table = table_name(path.stem, source, where)
        if table is None:
            continue
        text = read_text(path, where.path, encodings=("utf-8-sig", "gb18030"), what=say("CSV text (UTF-8 or GB18030)"))
        quoted = "'" in text  # most files hold no apostrophe at all: nothing to undo
        rows = csv.reader(io.StringIO(text, newline=""))
        del text  # the buffer holds its own copy; rows are made from it one at a time
        try:
            header = next(rows, [])
            add_table(doc, table, header, _checked(rows, len(header), source, where, quoted), source, where)
        except csv.Error as error:
            source.problems.append(Issue(Location(where.path, line=rows.line_num or None), None,
                                         say("cannot read the CSV: {error}", error=str(error))))
            continue
        if source.problems.stopped:
            break
    return doc, source


def _checked(rows: Iterator[list[str]], width: int, source: TableSource, where: Location,
             quoted: bool) -> Iterator[tuple[int, list[str]]]:
    """The rows after the header, numbered; a row with more values than the header names is
    a problem (a value holding an unquoted comma), not a record. With ``quoted``, cells are
    read without the apostrophe that keeps a spreadsheet from reading them as a formula."""
    for number, cells in enumerate(rows, start=2):
        if len(cells) > width and any(cell.strip() for cell in cells[width:]):
            source.problems.append(
                Issue(
                    Location(where.path, row=number),
                    None,
                    say("{count} values but the header names {width} columns (quote values that contain commas)",
                        count=len(cells), width=width),
                )
            )
            cells = ()  # no record; add_table stops here if the problems are full
        elif quoted:
            cells = [_unquoted(cell) for cell in cells]
        yield number, cells


def _unquoted(cell: str) -> str:
    """A cell without the ``'`` that keeps a spreadsheet from reading it as a formula: the
    writer adds one before ``=1+1`` (and before ``'=1+1``), and one is removed here."""
    text = cell.strip()
    return unquote(text) if text.startswith("'") else cell


def load_csv_folder(folder: Path, shown: str) -> tuple[AccountMap, TableSource]:
    doc, source = read_csv_folder(folder, shown)
    return build_account(doc, source), source
