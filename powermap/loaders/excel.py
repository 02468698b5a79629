"""The Excel loader: a workbook with one sheet per table (``.xlsx``/``.xlsm``, via openpyxl).

Cells keep their types: numbers stay numbers and date cells become dates. Row numbers are
the sheet's own, so a message points at the row a user sees in Excel.

Text cells are read as text, even when they begin with ``=`` (powermap writes such names as
text cells), and ``_x000D_`` is read as the carriage return Excel writes it for. A cell that
holds a formula (by its type, never by its first character) is read as the value the
spreadsheet last saved for it, what the user saw; a formula with no saved value (a workbook
written by a script and never opened in a spreadsheet) or whose value is an error such as
``#N/A`` is a located error, never read as text and never silently left empty.

A workbook is a zip of XML parts. The file is held to the size limit
(:mod:`~powermap.loaders.limits`), and so is the XML it unpacks to, by the sizes its zip
directory gives (Python's zip reader never unpacks a part beyond the size given for it), so a
small file that unpacks to gigabytes (a zip bomb) is refused before any part is unpacked. A
part that declares XML entities (which can expand without bound) is refused before it is
parsed, wherever in its prolog the declaration stands. Sheets are read row by row,
whatever size a sheet declares for itself (its ``dimension``, which openpyxl would otherwise
pad every row and the sheet's end to): a sheet declaring ``A1:B30000000`` for three rows gives
three rows.
"""

from __future__ import annotations

import datetime as dt
import io
import itertools
import operator
import re
import xml.parsers.expat
import zipfile
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from ..cells import ooxml_unescape
from ..errors import AccountError, Issue, Location
from ..i18n import say
from ..model import AccountMap
from .build import build_account
from .limits import RAISE_HINT, max_input_bytes, max_input_mb, max_records, over_limit, read_bounded
from .source import TableSource, shown_name
from .tables import add_table, table_name

__all__ = ["load_excel", "read_workbook", "EXCEL_ROWS"]

# The rows of an Excel sheet (since Excel 2007); a row past it is not one a spreadsheet wrote.
EXCEL_ROWS = 1_048_576


def open_workbook(path: Path, shown: str, *, data_only: bool = False):
    """The workbook at ``path`` (read whole within the input bounds, its zip and XML checked
    first) and its bytes; every way it cannot be read is a located :class:`AccountError`.
    ``data_only`` reads the values saved for formulas instead of the formulas."""
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    where = Location(shown)
    data = read_bounded(path, shown)
    if not data:
        raise AccountError.single(where, say("the file is empty; expected an Excel workbook"))
    try:
        _check_parts(io.BytesIO(data), where)
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=data_only)
    except (zipfile.BadZipFile, InvalidFileException, KeyError, OSError, ValueError) as error:
        detail = " ".join(str(error).split()) or type(error).__name__
        raise AccountError.single(where, say("not a readable Excel workbook (.xlsx): {detail}", detail=detail)) from None
    except NotImplementedError as error:  # a zip entry compressed (or encrypted) in a way zipfile cannot read
        raise AccountError.single(
            where, say("not a readable Excel workbook (.xlsx): its parts are compressed in a way powermap cannot read "
                       "({error}); open it in Excel or LibreOffice and save it again", error=str(error))) from None
    except SyntaxError as error:  # xml.etree's ParseError: a part that is not well-formed XML
        raise _broken(where, error) from None
    return book, data


def read_workbook(path: Path, shown: str) -> tuple[dict, TableSource]:
    """The workbook's tables as a plain document and the source that locates their rows."""
    where = Location(shown)
    book, data = open_workbook(path, shown)  # formulas as formulas
    source = TableSource(shown)
    doc: dict = {}
    saved = _SavedValues(data)
    reading = _Reading()
    sheet_where = where
    try:
        for sheet in book.worksheets:
            sheet_where = Location(shown, sheet=sheet.title)
            table = table_name(sheet.title, source, sheet_where)
            if table is None:
                continue
            sheet.reset_dimensions()  # read what the sheet holds, not the size it declares
            rows = _cell_values(sheet, saved, source, sheet_where)
            header = next(rows, ())
            add_table(doc, table, list(header), _numbered(rows, sheet_where, reading), source, sheet_where)
            if source.problems.stopped:
                break
    except SyntaxError as error:
        raise _broken(sheet_where, error) from None
    finally:
        book.close()
        saved.close()
    return doc, source


def _broken(where: Location, error: SyntaxError) -> AccountError:
    """A workbook part whose XML is cut off or malformed, as the XML parser says."""
    detail = " ".join(str(error).split()) or say("malformed XML")
    return AccountError.single(
        where, say("not a readable Excel workbook (.xlsx): its XML is broken ({detail}); open it in Excel or "
                   "LibreOffice and save it again", detail=detail))


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
                message = say("a cell holds a number too long to read (over 4,300 digits); no field takes one")
            elif literal:
                message = say("a number cell holds {value}, which is not a number; retype its value",
                              value=literal.group(1))
            else:
                message = say("a cell cannot be read ({detail}); retype its value", detail=detail)
            raise AccountError.single(Location(where.path, row=number, sheet=where.sheet), message) from None
        yield cells


_PLAIN = frozenset({type(None), int, float, bool, dt.datetime, dt.date, dt.time, dt.timedelta})
_ERRORS = frozenset({"#NULL!", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#N/A"})
_VALUE = operator.attrgetter("value")
_TYPE = operator.attrgetter("data_type")


def _special(value: Any) -> bool:
    """Whether a cell's value may need more than reading as it is: text holding an OOXML
    escape, or a formula, which openpyxl gives as "=..." text, or as an object for array and
    data-table ones (whether "=..." text is a formula, the cell's type says)."""
    return value.__class__ not in _PLAIN and (value.__class__ is not str or value.startswith("=") or "_x" in value)


class _SavedValues:
    """The workbook opened a second time for the values its formulas had when last saved;
    opened only when a sheet holds a formula cell."""

    def __init__(self, data: bytes):
        self.data = data
        self.book = None

    def rows(self, title: str) -> Iterator[tuple]:
        if self.book is None:
            from openpyxl import load_workbook

            self.book = load_workbook(io.BytesIO(self.data), read_only=True, data_only=True)
        sheet = self.book[title]
        sheet.reset_dimensions()  # as the sheet read for its formulas
        return sheet.iter_rows(values_only=True)

    def close(self) -> None:
        if self.book is not None:
            self.book.close()


def _cell_values(sheet, saved: _SavedValues, source: TableSource, where: Location) -> Iterator[tuple]:
    """The sheet's rows of values, row 1 first: text unescaped, formulas replaced by the
    values saved for them (or reported, and read as empty, when there is none).

    A cell is a formula by its type, not by its text: a text cell that begins with ``=``
    (powermap writes such names) is text, and only a formula cell opens the saved values."""
    header: tuple = ()
    results: Iterator[tuple] | None = None  # the saved values, row by row, once needed
    for number, cells in enumerate(_readable(sheet.iter_rows(), where), start=1):
        row = tuple(map(_VALUE, cells))
        shown = next(results, ()) if results is not None else ()
        if any(map(_special, filter(None, row))):  # empty cells (a row padded to a far column) skipped in C
            formulas = frozenset(index for index, kind in enumerate(map(_TYPE, cells)) if kind == "f")
            if results is None and formulas:
                results = itertools.islice(_readable(saved.rows(sheet.title), where), number - 1, None)
                shown = next(results, ())
            here = Location(where.path, row=number, sheet=where.sheet)
            row = tuple(_value(value, index in formulas, shown, index, header, source, here)
                        for index, value in enumerate(row))
        if number == 1:
            header = row
        yield row


def _value(value: Any, formula: bool, shown: tuple, index: int, header: tuple, source: TableSource,
           where: Location) -> Any:
    if formula:
        result = shown[index] if index < len(shown) else None
        if result is None or (result.__class__ is str and result in _ERRORS):
            text = _formula_text(value)
            if result is None:
                message = say("the cell holds the formula {formula} and no value saved for it; powermap reads values, "
                              "not formulas: open and save the workbook in Excel or LibreOffice, or type the value "
                              "(text that begins with = is typed '=...)", formula=text)
            else:
                message = say("the cell's formula {formula} gives the error {error}; correct the formula or type the "
                              "value", formula=text, error=result)
            name = header[index] if index < len(header) and isinstance(header[index], str) else ""
            column = say("column {number}", number=index + 1)
            source.problems.append(Issue(where, shown_name(name.strip()) if name.strip() else column, message))
            return None
        value = result
    if value.__class__ is str:
        return ooxml_unescape(value)
    return value


def _formula_text(value: Any) -> str:
    text = value if isinstance(value, str) else getattr(value, "text", None) or "(a data table)"
    return text if len(text) <= 60 else text[:57] + "..."


def _check_parts(data: io.BytesIO, where: Location) -> None:
    """Refuse a workbook whose parts unpack to more than the size limit, or whose XML
    declares entities."""
    with zipfile.ZipFile(data) as archive:
        members = archive.infolist()
        unpacked = sum(member.file_size for member in members)
        if unpacked > max_input_bytes():
            raise over_limit(where, unpacked, unpacked=True)
        for member in members:
            if _declares_entities(archive, member):
                raise AccountError.single(
                    where, say("not a readable Excel workbook (.xlsx): its part {part} declares XML entities "
                               "(<!DOCTYPE>), which no spreadsheet writes and which can expand without bound; open it "
                               "in Excel or LibreOffice and save it again", part=member.filename))


class _Declared(Exception):
    """A part's prolog holds a document type declaration."""


class _Begun(Exception):
    """A part's root element has begun: no declaration can follow."""


def _declared(*_) -> None:
    raise _Declared


def _begun(*_) -> None:
    raise _Begun


def _declares_entities(archive: zipfile.ZipFile, member: zipfile.ZipInfo) -> bool:
    """Whether a part's XML has a document type declaration, where XML entities are declared.

    No spreadsheet writes one into a workbook, and entities that refer to each other expand
    without bound (the "billion laughs"). The part is read by expat (the parser behind
    xml.etree, which openpyxl reads with) up to its root element, after which XML allows no
    declaration: a comment of any length before the declaration, or a part in UTF-16, does not
    hide it, and a sheet costs its first 64 KB whatever its size. A part that is not XML (an
    image) is left to openpyxl. (defusedxml, which openpyxl would use if installed, parses
    every part, the sheets too, with the standard library's pure-Python XML parser: 2 s more
    for a 50,000-person workbook.)
    """
    parser = xml.parsers.expat.ParserCreate(namespace_separator="}")  # as xml.etree's parser
    parser.StartDoctypeDeclHandler = _declared
    parser.StartElementHandler = _begun
    with archive.open(member) as part:
        try:
            while piece := part.read(1 << 16):
                parser.Parse(piece, False)
            parser.Parse(b"", True)
        except _Declared:
            return True
        except (_Begun, xml.parsers.expat.ExpatError):
            return False
    return False


class _Reading:
    """The rows (empty ones too) and cells the sheets of a workbook have given so far.

    openpyxl gives every row as wide as its last cell and every gap between rows as empty
    rows, and each costs time however empty: a sheet whose rows each hold an empty cell in
    column XFD took 65 s for 200,000 rows. Rows are held to the records the limit allows
    (:func:`~powermap.loaders.limits.max_records`) and cells to one a byte of the limit (67
    million at 64 MB; a 50,000-person workbook holds 1.5 million)."""

    def __init__(self):
        self.rows = self.cells = 0
        self.most_rows, self.most_cells = max_records(), max_input_bytes()


def _numbered(rows: Iterable[Any], where: Location, reading: _Reading) -> Iterator[tuple[int, Any]]:
    """The rows after the header with their row numbers; a row past the last row of an Excel
    sheet is an error (openpyxl fills a gap in the row numbers with empty rows, so a sheet that
    jumps to row 30,000,000 is stopped here and not after thirty million empty rows), and so
    is a row past the rows or cells the limit allows (:class:`_Reading`)."""
    for number, cells in enumerate(rows, start=2):
        here = Location(where.path, row=number, sheet=where.sheet)
        if number > EXCEL_ROWS:
            raise AccountError.single(
                here,
                say("a sheet ends at row {last:,}, but this one goes on; the workbook is damaged or was not written "
                    "by a spreadsheet program (save it again from Excel)", last=EXCEL_ROWS),
            )
        reading.rows += 1
        reading.cells += len(cells)
        if reading.rows > reading.most_rows:
            raise AccountError.single(here, say("the sheets hold more than {most:,} rows (empty ones too), the most the "
                                                "{limit:,} MB limit for an account file allows; delete the empty rows "
                                                "below the tables, or {hint}", most=reading.most_rows,
                                                limit=max_input_mb(), hint=RAISE_HINT))
        if reading.cells > reading.most_cells:
            raise AccountError.single(here, say("the sheets hold more than {most:,} cells (empty ones too: rows reach far "
                                                "to the right of the tables), the most the {limit:,} MB limit for an "
                                                "account file allows; delete the columns right of the tables, or {hint}",
                                                most=reading.most_cells, limit=max_input_mb(), hint=RAISE_HINT))
        yield number, cells


def load_excel(path: Path, shown: str) -> tuple[AccountMap, TableSource]:
    doc, source = read_workbook(path, shown)
    return build_account(doc, source), source
