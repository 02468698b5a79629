"""Where each value of a loaded document came from, so every issue can point at it.

A document is the plain nested structure every loader produces (tables of records of fields).
A source answers, for a path into that document like ``("stakeholders", 3, "stance")``, the
place to show (file and line, or file/sheet and row) and the field's name as the user wrote it.
Tree sources (YAML, JSON) keep a "shadow" of line numbers; table sources (CSV, Excel) keep the
row of every record and name fields by their column.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from ..errors import Capped, Issue, IssueLog, Location
from ..i18n import say

__all__ = ["Shadow", "TreeSource", "TableSource", "TableInfo", "field_label", "record_ident"]

# A shadow node: (line, children) where children is a dict (mapping), a list (sequence) or
# None (a scalar). Tuples keep the shadow small next to the document it describes.
Shadow = tuple[int, "dict | list | None"]


def record_ident(doc: Any, path: Sequence) -> str | None:
    """The id of the record a path points into (``doc[table][index]["id"]``), if it has one."""
    try:
        value = doc[path[0]][path[1]]["id"]
    except (KeyError, IndexError, TypeError):
        return None
    return str(value) if isinstance(value, (str, int)) and not isinstance(value, bool) else None


def shown_name(name: Any) -> str:
    """A name from the input as it can be printed on one line (quoted if it holds odd characters)."""
    text = str(name)
    return text if text.isprintable() and text.strip() == text and text else repr(text)


def field_label(path: Sequence) -> str:
    """'power.position' for ('stakeholders', 3, 'power', 'position'): the names below a record."""
    return ".".join(shown_name(part) for part in path if not isinstance(part, int))


class _Source:
    """What every source offers: its path, issues found while reading, and issue helpers.

    ``problems`` are errors found while reading that do not stop the reading (a duplicate
    key): they are reported with the validation issues. ``warnings`` are remarks. Both are
    :class:`~powermap.errors.IssueLog` objects: the first issues kept, the rest counted.
    """

    path: str
    problems: IssueLog
    warnings: IssueLog

    def locate(self, path: Sequence) -> Location:
        raise NotImplementedError

    def label(self, path: Sequence, ident: str | None = None) -> str:
        raise NotImplementedError

    def issue(self, path: Sequence, message: str, ident: str | None = None, severity: str = "error") -> Issue:
        return Issue(self.locate(path), self.label(path, ident) or None, message, severity)


class TreeSource(_Source):
    """A YAML or JSON file: values are found by walking a shadow of line numbers.

    ``shadow`` may be a callable that builds the shadow on first use (JSON computes line
    numbers only when a message needs one).
    """

    def __init__(self, path: str, shadow: Shadow | Callable[[], Shadow] | None):
        self.path = path
        self._shadow = shadow
        self.problems = IssueLog(path)
        self.warnings = IssueLog(path, kind="warning")

    @property
    def shadow(self) -> Shadow | None:
        if callable(self._shadow):
            self._shadow = self._shadow()
        return self._shadow

    def line(self, path: Sequence) -> int | None:
        node = self.shadow
        if node is None:
            return None
        for key in path:
            children = node[1]
            if isinstance(children, dict) and key in children:
                node = children[key]
            elif isinstance(children, list) and isinstance(key, int) and 0 <= key < len(children):
                node = children[key]
            else:
                break
        return node[0]

    def locate(self, path: Sequence) -> Location:
        return Location(self.path, line=self.line(path))

    def add_duplicate_keys(self, doc: Any, duplicates: Capped[tuple[tuple, int, int]], form: str) -> None:
        """Report keys given twice in one mapping, which YAML and JSON silently collapse:
        ``duplicates`` holds the first ones found as ``(path, line, first line)`` and counts
        the others."""

        def duplicate(path: tuple, line: int, first: int) -> Issue:
            return Issue(
                Location(self.path, line=line),
                self.label(path, record_ident(doc, path)),
                say("duplicate key {key} (first at line {first}); {form} keeps only one", key=repr(path[-1]), first=first,
                    form=form),
            )

        for path, line, first in duplicates:
            self.problems.add(lambda: duplicate(path, line, first))
        self.problems.count(duplicates.more)

    def label(self, path: Sequence, ident: str | None = None) -> str:
        if not path:
            return ""
        table, rest = path[0], list(path[1:])
        if table == "account" or not rest or not isinstance(rest[0], int):
            return field_label(path)
        record = f"{shown_name(table)}[{shown_name(ident) if ident is not None else rest[0] + 1}]"
        below = field_label(rest[1:])
        return f"{record}.{below}" if below else record


@dataclass
class TableInfo:
    """One table of a CSV folder or workbook: its file (and sheet), header and record rows."""

    location: Location  # the file (and sheet) the table came from
    rows: list[int] = field(default_factory=list)  # row number of each record, in order
    header_row: int = 1


class TableSource(_Source):
    """A CSV folder or an Excel workbook: one file or sheet per table, one row per record."""

    def __init__(self, path: str):
        self.path = path
        self.tables: dict[str, TableInfo] = {}
        self.problems = IssueLog(path)
        self.warnings = IssueLog(path, kind="warning")
        self.records = 0  # records read so far, from every table (held to limits.max_records)

    def locate(self, path: Sequence) -> Location:
        info = self.tables.get(path[0]) if path else None
        if info is None:
            return Location(self.path)
        base = info.location
        if len(path) >= 2 and isinstance(path[1], int) and 0 <= path[1] < len(info.rows):
            return Location(base.path, row=info.rows[path[1]], sheet=base.sheet)
        if path[0] == "account" and info.rows:
            return Location(base.path, row=info.rows[0], sheet=base.sheet)
        return base

    def label(self, path: Sequence, ident: str | None = None) -> str:
        return field_label(path[1:])
