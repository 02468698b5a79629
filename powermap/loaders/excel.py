"""The Excel loader: a workbook with one sheet per table (``.xlsx``/``.xlsm``, via openpyxl).

Cells keep their types: numbers stay numbers and date cells become dates. Row numbers are
the sheet's own, so a message points at the row a user sees in Excel.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

from ..errors import AccountError, Location
from ..model import AccountMap
from .build import build_account
from .source import TableSource
from .tables import add_table, table_name

__all__ = ["load_excel", "read_workbook"]


def read_workbook(path: Path, shown: str) -> tuple[dict, TableSource]:
    """The workbook's tables as a plain document and the source that locates their rows."""
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    where = Location(shown)
    if path.stat().st_size == 0:
        raise AccountError.single(where, "the file is empty; expected an Excel workbook")
    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, InvalidFileException, KeyError, OSError, ValueError) as error:
        detail = " ".join(str(error).split()) or type(error).__name__
        raise AccountError.single(where, f"not a readable Excel workbook (.xlsx): {detail}") from None
    source = TableSource(shown)
    doc: dict = {}
    try:
        for sheet in book.worksheets:
            sheet_where = Location(shown, sheet=sheet.title)
            table = table_name(sheet.title, source, sheet_where)
            if table is None:
                continue
            rows = _readable(sheet.iter_rows(values_only=True), sheet_where)
            header = next(rows, ())
            add_table(doc, table, list(header), enumerate(rows, start=2), source, sheet_where)
    finally:
        book.close()
    return doc, source


def _readable(rows, where: Location):
    """The sheet's rows; a number cell openpyxl cannot read (an integer of more than 4,300
    digits, ``inf`` written by another program) is a located error, not a crash."""
    number = 0
    while True:
        number += 1
        try:
            cells = next(rows)
        except StopIteration:
            return
        except ValueError as error:
            detail = " ".join(str(error).split())
            literal = re.search(r"invalid literal for \w+\(\)(?: with base 10)?: ('.*')$", detail)
            if "integer string conversion" in detail:
                message = "a cell holds a number too long to read (over 4,300 digits); no field takes one"
            elif literal:
                message = f"a number cell holds {literal.group(1)}, which is not a number; retype its value"
            else:
                message = f"a cell cannot be read ({detail}); retype its value"
            raise AccountError.single(Location(where.path, row=number, sheet=where.sheet), message) from None
        yield cells


def load_excel(path: Path, shown: str) -> tuple[AccountMap, TableSource]:
    doc, source = read_workbook(path, shown)
    return build_account(doc, source), source
