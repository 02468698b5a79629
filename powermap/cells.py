"""Text in spreadsheet cells: what a spreadsheet would run as a formula, and how powermap
keeps it text (CWE-1236, "CSV injection").

Excel, LibreOffice Calc and Google Sheets read a CSV cell that begins with ``=``, ``+``,
``-`` or ``@`` as a formula, and some also one that begins with a tab, a carriage return
or a line feed before one of those; in East Asian locales Excel does the same with the
full-width forms ``＝ ＋ － ＠``. A name like ``=HYPERLINK("http://x","y")`` in a CSV a
salesperson opens becomes a live link, and worse formulas can read other cells out.

The rule every CSV powermap writes follows (OWASP's advice): a text cell that begins with
one of :data:`FORMULA_STARTS` gets a leading apostrophe ``'``, which spreadsheets take as
"this is text". To keep the CSV account folder loadable back to the same account, the rule
is made invertible: a text that begins with one or more apostrophes and then a formula
character gets one more apostrophe too, and :func:`unquote` removes exactly one apostrophe
from a text of that shape (and from no other). Numbers are numbers, never quoted.

>>> quote("=1+1"), quote("'=1+1"), quote("O'Brien"), quote("-"), quote(-2)
("'=1+1", "''=1+1", "O'Brien", "'-", -2)
>>> unquote("'=1+1"), unquote("''=1+1"), unquote("'quoted'")
('=1+1', "'=1+1", "'quoted'")

Workbooks need no apostrophe: powermap writes text there as text cells (see
:mod:`powermap.writers`), and :func:`ooxml_escape` / :func:`ooxml_unescape` carry the one
character XML itself would lose, the carriage return, the way Excel does (``_x000D_``).
"""

from __future__ import annotations

import re
from typing import Any

__all__ = ["FORMULA_STARTS", "starts_formula", "needs_quote", "quote", "unquote", "ooxml_escape", "ooxml_unescape"]

#: First characters that make a spreadsheet read a cell as a formula: OWASP's list
#: (= + - @, tab, carriage return, line feed) and the full-width forms of = + - @.
FORMULA_STARTS = frozenset("=+-@\t\r\n\uff1d\uff0b\uff0d\uff20")


def starts_formula(text: str) -> bool:
    """Whether a spreadsheet could read ``text`` as a formula (its first character)."""
    return text[:1] in FORMULA_STARTS


def needs_quote(text: str) -> bool:
    """Whether :func:`quote` adds an apostrophe: the text, after any leading apostrophes,
    begins with a formula character."""
    return starts_formula(text.lstrip("'"))


def quote(value: Any) -> Any:
    """A cell's value as a CSV powermap writes it: text that a spreadsheet would read as a
    formula (or that looks like such text already quoted) gets a leading ``'``; anything
    that is not text is returned as it is."""
    if isinstance(value, str) and needs_quote(value):
        return "'" + value
    return value


def unquote(text: str) -> str:
    """The inverse of :func:`quote` for a CSV cell's text: one leading ``'`` removed when the
    text is ``'`` (one or more) followed by a formula character; otherwise unchanged."""
    if text.startswith("'") and needs_quote(text):
        return text[1:]
    return text


# OOXML writes characters XML cannot hold as _xHHHH_; an underscore that would read as the
# start of such an escape is itself escaped as _x005F_. XML turns a raw CR into a line feed,
# cannot hold the other C0 controls (but TAB and LF) or U+FFFE and U+FFFF at all, and openpyxl
# writes what it is given: these are the characters escaped here.
_UNWRITABLE = r"\x00-\x08\x0b-\x1f\ufffe\uffff"
_ESCAPE = re.compile(f"[{_UNWRITABLE}]|_(?=x[0-9A-Fa-f]{{4}}[_{_UNWRITABLE}])")
_UNESCAPE = re.compile(r"_x([0-9A-Fa-f]{4})_")


def _escaped(match: re.Match) -> str:
    return f"_x{ord(match.group()):04X}_"  # an underscore is _x005F_


def ooxml_escape(text: str) -> str:
    """Text for a workbook cell: a CR as ``_x000D_`` (and the other characters XML cannot
    hold likewise), a literal ``_xHHHH_`` kept literal (``_x005F_xHHHH_``)."""
    return _ESCAPE.sub(_escaped, text)


def ooxml_unescape(text: str) -> str:
    """Text from a workbook cell: every ``_xHHHH_`` becomes its character, as Excel reads it."""
    if "_x" not in text:
        return text
    return _UNESCAPE.sub(_character, text)


def _character(match: re.Match) -> str:
    code = int(match.group(1), 16)
    return match.group() if 0xD800 <= code <= 0xDFFF else chr(code)  # a lone surrogate stays as written
