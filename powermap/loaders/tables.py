"""Tables (a CSV folder, an Excel workbook) to the document shape the YAML file has.

Both table forms hold the same tables, one file or sheet each, a header row of field names
and one record per row. Empty cells mean absent; ``power.<source>`` columns become the nested
``power`` mapping; list fields stay ``;``-separated text that the model splits. Columns are
checked once, at the header, so an unknown column is one message and not one per row.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable, Sequence
from typing import Any

from ..errors import Issue, Location, joined
from ..i18n import say
from ..model import TABLES, Power
from ..model.enums import ChoiceError, PowerSource, parse_choice
from ..model.field_words import field_hint, table_hint
from ..model.integrity import suggest
from .limits import max_records, records_over_limit
from .source import TableInfo, TableSource, shown_name

__all__ = ["table_name", "add_table"]


def table_name(name: str, source: TableSource, where: Location) -> str | None:
    """The table a file or sheet holds, or ``None`` (with an issue or a warning) if none."""
    key = name.strip().lower()
    if key in TABLES:
        return key
    if source.problems.full and source.warnings.full:  # thousands of stray files: only counted
        source.warnings.count()
        return None
    hint = table_hint(key, TABLES)
    if hint:
        source.problems.append(Issue(where, None, joined(say("unknown table {name}", name=repr(name)), hint)))
    else:
        source.warnings.append(
            Issue(where, None, say("ignored: {name} is not one of the tables ({tables})", name=repr(name),
                                   tables=", ".join(TABLES)), "warning")
        )
    return None


def _cell(value: Any) -> Any:
    """A cell's value, or ``None`` when the cell is empty."""
    if value is None:
        return None
    if isinstance(value, str):
        value = value.strip()
        return value or None
    if isinstance(value, float) and math.isnan(value):
        return None
    if isinstance(value, dt.datetime) and value.time() == dt.time(0, 0):
        return value.date()
    return value


def _column(header: str, table: str) -> tuple[str, ...] | None:
    """The field path a column fills, or ``None`` for a column that fills none."""
    fields = TABLES[table].model_fields
    if header in fields and header != "power":
        return (header,)
    base, dot, rest = header.partition(".")
    if table == "stakeholders" and base == "power" and dot:
        try:
            return ("power", parse_choice(PowerSource, rest).value)
        except ChoiceError:
            return None
    return None


def _unknown_column(header: str, table: str) -> str:
    """The message for a column that fills no field, with a "did you mean"."""
    base, dot, rest = header.partition(".")
    if table == "stakeholders" and base == "power" and dot:
        return joined(say("unknown column {name}", name=repr(header)), suggest(rest, Power.model_fields) or say(
            " (power columns are {columns})", columns="power." + ", power.".join(Power.model_fields)))
    columns = [name for name in TABLES[table].model_fields if name != "power"]
    if table == "stakeholders":
        columns += [f"power.{name}" for name in Power.model_fields]
    return joined(say("unknown column {name}", name=repr(header)),
                  field_hint(header, columns) or say(" (expected {names})", names=", ".join(columns)))


def add_table(
    doc: dict,
    table: str,
    header: Sequence[Any],
    rows: Iterable[tuple[int, Sequence[Any]]],
    source: TableSource,
    where: Location,
    header_row: int = 1,
) -> None:
    """Read one table's header and ``(row number, cells)`` rows into ``doc[table]``.

    Rows are read one at a time and only rows with a value become records. Reading stops
    (``source.problems.stopped``) at a row with a problem once the source's problems are
    full: every further row could only add to their count. An account of more records than
    :func:`~powermap.loaders.limits.max_records` raises :class:`~powermap.errors.AccountError`
    at the first row over it.
    """
    head = Location(where.path, row=header_row, sheet=where.sheet)
    paths: list[tuple[str, ...] | None] = []
    seen: dict[str, int] = {}
    for number, cell in enumerate(header, start=1):
        name = "" if _cell(cell) is None else str(_cell(cell)).lower()
        if not name:
            paths.append(None)
            continue
        target = _column(name, table)
        if target is None:
            source.problems.add(lambda: Issue(head, shown_name(name), _unknown_column(name, table)))
            paths.append(None)
        elif name in seen:
            source.problems.append(Issue(head, shown_name(name), say("duplicate column {name} (columns {first} and {second})",
                                                                     name=repr(name), first=seen[name], second=number)))
            paths.append(None)
        else:
            seen[name] = number
            paths.append(target)

    info = TableInfo(where, header_row=header_row)
    records = []
    problems = source.problems
    width = len(paths)  # up to the last column the header names: a row's empty cells beyond it are skipped at once
    while width and paths[width - 1] is None and _cell(header[width - 1]) is None:
        width -= 1
    most = max_records()
    counted = problems.more  # once a row's problem is only counted, reading stops there
    for row_number, cells in rows:
        if len(cells) > width and cells[width:].count(None) == len(cells) - width:
            cells = cells[:width]  # a row padded with empty cells to a far column: quick to skip
        record: dict[str, Any] = {}
        filled = False
        for index, cell in enumerate(cells):
            if cell.__class__ is str:  # _cell for text (every CSV cell), without the call
                value = cell.strip()
                if not value:
                    continue
            else:
                value = _cell(cell)
                if value is None:
                    continue
            filled = True
            path = paths[index] if index < len(paths) else None
            if path is None:
                if index >= len(paths) or not _cell(header[index]):
                    source.problems.append(
                        Issue(Location(where.path, row=row_number, sheet=where.sheet), None,
                              say("a value in column {number}, which has no name in the header", number=index + 1))
                    )
                continue
            if len(path) == 1:
                record[path[0]] = value
            else:
                record.setdefault(path[0], {})[path[1]] = value
        if problems.more > counted:
            problems.stop(Location(where.path, row=row_number, sheet=where.sheet))
            break
        if filled:
            source.records += 1
            if source.records > most:
                raise records_over_limit(Location(where.path, row=row_number, sheet=where.sheet))
            records.append(record)
            info.rows.append(row_number)
    source.tables[table] = info
    if table == "account":
        if len(records) > 1:
            source.problems.append(
                Issue(Location(where.path, row=info.rows[1], sheet=where.sheet), None,
                      say("the account table holds one row; found {count}", count=len(records)))
            )
        doc[table] = records[0] if records else None
    else:
        doc[table] = records

