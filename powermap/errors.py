"""Located problems and the error classes every layer raises.

A problem in an account file is an :class:`Issue`: where it is (file, line or row, sheet),
which field, what is wrong and what was expected. Loaders collect the issues of a file in an
:class:`IssueLog` and raise one :class:`AccountError`, so a user fixes them in one pass. A log
keeps the first :data:`MAX_ISSUES` and only counts the rest, so a file with millions of faults
costs neither millions of objects nor millions of lines; that rule is :class:`Capped`'s, which
also holds what a reader finds before it can make issues of it (the duplicate keys of a file).
The CLI prints issues one per line, compiler style, and maps each error class to a documented
exit status.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from enum import IntEnum
from typing import Generic, TypeVar

from .i18n import Message, say, say_n, text

__all__ = [
    "ExitCode",
    "Location",
    "Issue",
    "Capped",
    "IssueLog",
    "MAX_ISSUES",
    "MAX_LINE",
    "more_line",
    "joined",
    "PowermapError",
    "AccountError",
    "OutputError",
    "BackendError",
    "UsageError",
    "AddressError",
]


class ExitCode(IntEnum):
    """Exit statuses of the ``powermap`` command (documented in the README)."""

    OK = 0
    INVALID_INPUT = 1  # the account file is missing, unreadable or has errors
    USAGE = 2  # wrong command-line options or arguments
    OUTPUT = 3  # an output could not be written (exists, permission, disk)
    BACKEND = 4  # the graph database is unreachable, refused us, or lacks the account
    INTERNAL = 70  # a bug in powermap


_T = TypeVar("_T")

# The issues of one input (a file, or a CSV folder) that are kept and printed; the rest are
# counted and summed up in one line. Two hundred lines are more than anyone fixes in one pass.
MAX_ISSUES = 200

# The longest line an issue prints: a value quoted from the input is cut to fit, so a field
# name of a megabyte does not make a megabyte of message.
MAX_LINE = 1000


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
                return say("row {row}", row=self.row)
            if self.line is not None:
                return say("line {line}", line=self.line)
        return str(self)

    def sort_key(self) -> tuple:
        return (self.path, self.sheet or "", self.line or 0, self.row or 0)


@dataclass(frozen=True, slots=True)
class Issue:
    """One problem (or, with ``severity="warning"``, one remark) about an input.

    ``message`` is a :class:`~powermap.i18n.Message` (or plain text): :meth:`text` says the
    line in a language, the place and the field as they are, the message translated."""

    location: Location
    field: str | None
    message: str
    severity: str = "error"

    def __str__(self) -> str:
        return self.text("en")

    def text(self, lang: str = "en") -> str:
        """The issue as one line in ``lang``: ``FILE:LINE: FIELD: MESSAGE``, a warning's
        message after "warning: " ("警告：" in Chinese)."""
        parts = [str(self.location)]
        if self.field:
            parts.append(text(self.field, lang))  # a name from the input, or a place such as "column 3"
        if self.severity == "error":
            message = text(self.message, lang)
        elif self.severity == "warning":
            message = say("warning: {message}", message=self.message).text(lang)
        else:
            message = f"{self.severity}: {text(self.message, lang)}"
        parts.append(message)
        line = " ".join(": ".join(parts).splitlines())  # one issue, one line, whatever the input held
        if len(line) > MAX_LINE:
            line = say("{line}... ({count:,} more characters)", line=line[:MAX_LINE - 40],
                       count=len(line) - MAX_LINE + 40).text(lang)
        return line


def joined(first, then) -> Message:
    """A message followed by a piece that carries its own punctuation in each language (a
    hint such as "; did you mean 'x'?"): both are translated, then put side by side."""
    if not then:
        return first if isinstance(first, Message) else say("{first}", first=first)
    return say("{first}{then}", first=first, then=then)


def more_line(path: str, more: int, kind: str = "error", stopped: Location | None = None,
              lang: str = "en") -> str | None:
    """The line that stands for issues counted but not kept, or ``None`` when there are none,
    in ``lang``.

    ``stopped`` is where reading stopped once the log was full (then how many more there are
    is not known)."""
    if stopped is not None:
        if kind == "warning":
            said = say("{path}: ... and more warnings: reading stopped at {where} (fix these first)",
                       path=path, where=str(stopped))
        else:
            said = say("{path}: ... and more errors: reading stopped at {where} (fix these first)",
                       path=path, where=str(stopped))
        return said.text(lang)
    if more <= 0:
        return None
    if kind == "warning":
        said = say_n("{path}: ... and {count:,} more warning", "{path}: ... and {count:,} more warnings",
                     count=more, path=path)
    else:
        said = say_n("{path}: ... and {count:,} more error (fix these first)",
                     "{path}: ... and {count:,} more errors (fix these first)", count=more, path=path)
    return said.text(lang)


class Capped(Generic[_T]):
    """The first ``cap`` (:data:`MAX_ISSUES`) things found, kept; the others only counted.

    Code that finds them hands :meth:`add` a function that builds one, so that one past the
    cap (a message with a "did you mean" search) is counted without being built. Iterating
    gives the kept ones.
    """

    def __init__(self, cap: int = MAX_ISSUES):
        self.cap = cap
        self.kept: list[_T] = []
        self.more = 0

    @property
    def full(self) -> bool:
        return len(self.kept) >= self.cap

    @property
    def total(self) -> int:
        """How many were found: kept and counted."""
        return len(self.kept) + self.more

    def add(self, make: Callable[[], _T]) -> None:
        """Keep what ``make()`` builds, or, when full, count it without building it."""
        if len(self.kept) < self.cap:
            self.kept.append(make())
        else:
            self.more += 1

    def append(self, item: _T) -> None:
        if len(self.kept) < self.cap:
            self.kept.append(item)
        else:
            self.more += 1

    def extend(self, items: Iterable[_T]) -> None:
        for item in items:
            self.append(item)

    def count(self, number: int = 1) -> None:
        """Found but not built: they only add to the count."""
        self.more += number

    def __iter__(self) -> Iterator[_T]:
        return iter(self.kept)

    def __len__(self) -> int:
        return len(self.kept)


class IssueLog(Capped[Issue]):
    """The issues of one input: the first ``cap`` (:data:`MAX_ISSUES`) kept, the rest counted.

    ``kind`` is what they are ("error" or "warning"), as the line for the rest says it. Code
    that reads rows may stop reading once the log is full (:meth:`stop`), as every further row
    only adds to the count. :meth:`lines` gives the issues as they are printed.
    """

    def __init__(self, path: str, cap: int = MAX_ISSUES, kind: str = "error"):
        super().__init__(cap)
        self.path = path
        self.kind = kind
        self.stopped: Location | None = None

    def stop(self, where: Location) -> None:
        """Reading stopped at ``where`` with the log full: the issues after it are not known."""
        self.stopped = where

    def sort(self) -> None:
        """Order the kept issues by their place in the input."""
        self.kept.sort(key=lambda issue: issue.location.sort_key())

    def lines(self, lang: str = "en") -> list[str]:
        """The kept issues, one line each, then one line for those counted but not kept (or
        for where reading stopped), naming :attr:`path`; in ``lang``."""
        lines = [issue.text(lang) for issue in self.kept]
        last = more_line(self.path, self.more, self.kind, self.stopped, lang)
        return lines + [last] if last else lines

    def __bool__(self) -> bool:
        return self.total > 0 or self.stopped is not None


class PowermapError(Exception):
    """Base of every error powermap reports to a user (never shown as a traceback)."""

    exit_code: ExitCode = ExitCode.INTERNAL

    def lines(self, lang: str = "en") -> list[str]:
        """The message, one line per problem, as the CLI prints it, in ``lang`` where the
        message is a message of the catalog (:mod:`powermap.i18n`)."""
        said = self.args[0] if self.args else ""
        text = getattr(said, "text", None)
        return [text(lang) if callable(text) else str(self)]


class AccountError(PowermapError):
    """An account input that cannot be loaded; carries the issues found, in an :class:`IssueLog`.

    Made from a log (:meth:`from_log`), it carries the log's first :data:`MAX_ISSUES` issues
    (``issues``), its count of the others (``more``) and where reading stopped once that many
    were found (``stopped``); made from a list of issues, it carries all of them. Either way the
    issues are sorted by place, and :meth:`lines` ends with one line for those not carried,
    naming ``path`` (the input).
    """

    exit_code = ExitCode.INVALID_INPUT

    def __init__(self, issues: Iterable[Issue] | IssueLog):
        if isinstance(issues, IssueLog):
            log = issues
            log.sort()
        else:
            kept = sorted(issues, key=lambda issue: issue.location.sort_key())
            log = IssueLog(kept[0].location.path if kept else "", cap=max(MAX_ISSUES, len(kept)))
            log.extend(kept)
        self.log = log
        super().__init__("\n".join(self.lines()))

    @classmethod
    def single(cls, location: Location, message: str, field: str | None = None) -> AccountError:
        return cls([Issue(location, field, message)])

    @classmethod
    def from_log(cls, log: IssueLog) -> AccountError:
        return cls(log)

    @property
    def issues(self) -> list[Issue]:
        return self.log.kept

    @property
    def more(self) -> int:
        return self.log.more

    @property
    def stopped(self) -> Location | None:
        return self.log.stopped

    @property
    def path(self) -> str:
        return self.log.path

    @property
    def total(self) -> int:
        """How many errors were found (at least; more when reading stopped)."""
        return self.log.total

    def lines(self, lang: str = "en") -> list[str]:
        return self.log.lines(lang)


class OutputError(PowermapError):
    """An output that was not written (it exists, or the place cannot be written)."""

    exit_code = ExitCode.OUTPUT


class BackendError(PowermapError):
    """A graph database that cannot be reached, refuses the login or the work, or lacks the
    account asked for. The message is one line saying what to check; it never holds a
    password, and a push that fails leaves nothing of itself behind."""

    exit_code = ExitCode.BACKEND


class UsageError(PowermapError):
    """A value given on the command line or in the environment that cannot work, said in one
    line before any work is done."""

    exit_code = ExitCode.USAGE


class AddressError(UsageError):
    """A graph database address that cannot work (no host, a port out of range, a password in
    it): wrong usage, said in one line before any connection, the address shown without its
    user name or password."""

    exit_code = ExitCode.USAGE
