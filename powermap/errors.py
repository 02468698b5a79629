"""Located problems and the error classes every layer raises.

A problem in an account file is an :class:`Issue`: where it is (file, line or row, sheet),
which field, what is wrong and what was expected. Loaders collect every issue of a file and
raise one :class:`AccountError`, so a user fixes them all in one pass. The CLI prints issues
one per line, compiler style, and maps each error class to a documented exit status.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum

__all__ = [
    "ExitCode",
    "Location",
    "Issue",
    "PowermapError",
    "AccountError",
    "OutputError",
    "BackendError",
]


class ExitCode(IntEnum):
    """Exit statuses of the ``powermap`` command (documented in the README)."""

    OK = 0
    INVALID_INPUT = 1  # the account file is missing, unreadable or has errors
    USAGE = 2  # wrong command-line options or arguments
    OUTPUT = 3  # an output could not be written (exists, permission, disk)
    BACKEND = 4  # the graph database is unreachable, refused us, or lacks the account
    INTERNAL = 70  # a bug in powermap


@dataclass(frozen=True, slots=True)
class Location:
    """Where something sits in an input: a file, and a line (YAML/JSON) or a row (CSV/Excel)."""

    path: str
    line: int | None = None
    row: int | None = None
    sheet: str | None = None

    def __str__(self) -> str:
        if self.sheet is not None:
            where = f"{self.path}[{self.sheet}]"
            return f"{where}!row {self.row}" if self.row is not None else where
        if self.row is not None:
            return f"{self.path}:row {self.row}"
        if self.line is not None:
            return f"{self.path}:{self.line}"
        return self.path

    def relative_to(self, other: Location) -> str:
        """How to name this place in a message about ``other``: short when in the same file."""
        if self.path == other.path and self.sheet == other.sheet:
            if self.row is not None:
                return f"row {self.row}"
            if self.line is not None:
                return f"line {self.line}"
        return str(self)

    def sort_key(self) -> tuple:
        return (self.path, self.sheet or "", self.line or 0, self.row or 0)


@dataclass(frozen=True, slots=True)
class Issue:
    """One problem (or, with ``severity="warning"``, one remark) about an input."""

    location: Location
    field: str | None
    message: str
    severity: str = "error"

    def __str__(self) -> str:
        parts = [str(self.location)]
        if self.field:
            parts.append(self.field)
        message = self.message if self.severity == "error" else f"{self.severity}: {self.message}"
        parts.append(message)
        return " ".join(": ".join(parts).splitlines())  # one issue, one line, whatever the input held


class PowermapError(Exception):
    """Base of every error powermap reports to a user (never shown as a traceback)."""

    exit_code: ExitCode = ExitCode.INTERNAL

    def lines(self) -> list[str]:
        """The message, one line per problem, as the CLI prints it."""
        return [str(self)]


class AccountError(PowermapError):
    """An account input that cannot be loaded; carries every issue found."""

    exit_code = ExitCode.INVALID_INPUT

    def __init__(self, issues: list[Issue]):
        self.issues = sorted(issues, key=lambda issue: issue.location.sort_key())
        super().__init__("\n".join(str(issue) for issue in self.issues))

    @classmethod
    def single(cls, location: Location, message: str, field: str | None = None) -> AccountError:
        return cls([Issue(location, field, message)])

    def lines(self) -> list[str]:
        return [str(issue) for issue in self.issues]


class OutputError(PowermapError):
    """An output that was not written (it exists, or the place cannot be written)."""

    exit_code = ExitCode.OUTPUT


class BackendError(PowermapError):
    """A graph database that cannot be reached, refuses the login or the work, or lacks the
    account asked for. The message is one line saying what to check; it never holds a
    password, and a push that fails leaves nothing of itself behind."""

    exit_code = ExitCode.BACKEND
