"""Text from an account, a database or a file name made safe to show.

An account is written by many hands (and a database by any client), so its names, titles and
notes can hold characters that act instead of showing: terminal escape sequences (clear the
screen, set the window title, hide a link), a carriage return that overwrites a line,
right-to-left overrides and invisible characters that make a name read backwards or two names
look equal, and Markdown or HTML that turns a name into a link, an image or a script.

:func:`terminal_text` is what every terminal output prints of such text; :func:`markdown_text`
and :func:`markdown_code` what every Markdown output writes. JSON and CSV outputs keep the data
as it is (they are data), and the HTML map escapes it for HTML itself.

The characters shown escaped (those of :func:`powermap.text.invisible_at`) are written as
Python writes them (``\\x1b``, ``\\r``, ``\\u202e``, ``\\U000e0041``), as ``powermap check``
quotes odd names. Everything else is kept: Chinese, accented letters and emoji print unchanged.
A backslash is kept as it is, so a name that holds the text ``\\x1b`` looks like one that holds
the character: both are harmless.
"""

from __future__ import annotations

import re
from typing import Any

from ..text import invisible_at

__all__ = ["terminal_text", "markdown_text", "markdown_line", "markdown_code"]


def _escaped(char: str) -> str:
    """One character as Python's ``repr`` writes it: ``\\t``, ``\\x1b``, ``\\u202e``, ``\\U000e0041``."""
    shown = {"\t": "\\t", "\n": "\\n", "\r": "\\r"}.get(char)
    if shown:
        return shown
    code = ord(char)
    if code < 0x100:
        return f"\\x{code:02x}"
    return f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}"


def terminal_text(value: Any) -> str:
    """``value`` as text that prints as itself on a terminal.

    The characters that do not show as themselves (:func:`powermap.text.is_invisible`:
    controls, C0 with TAB, LF and CR, DEL and C1; format characters such as the bidi controls,
    zero-width characters and tags; line and paragraph separators; Hangul fillers; variation
    selectors that vary nothing) are shown escaped, as ``\\x1b``, ``\\n``, ``\\u202e``,
    ``\\U000e0041``. A zero-width joiner between two emoji, a variation selector after the
    character it varies and the tags of a flag are kept (:func:`powermap.text.invisible_at`).
    Everything else, CJK and emoji included, is unchanged. Use it on each piece of data (a
    name, a cell, a line built from data), not on a whole output, whose own line ends must stay.

    >>> terminal_text("Wang\\x1b[2J")
    'Wang\\\\x1b[2J'
    >>> terminal_text("王伟")
    '王伟'
    """
    text = "" if value is None else str(value)
    hidden = invisible_at(text)
    if not hidden:
        return text
    pieces, start = [], 0
    for at in hidden:
        pieces += [text[start:at], _escaped(text[at])]
        start = at + 1
    pieces.append(text[start:])
    return "".join(pieces)


# Characters that start Markdown syntax anywhere in a line: escapes, code, emphasis and
# strikethrough, links and images ([ and ]; with them escaped, "!" and "(" form nothing and are
# left readable), headings and issue references, table cells, maths. < > and & become
# entities (raw HTML and entity references cannot form).
_INLINE = re.compile(r"([\\`*_\[\]#|~$])")
_ENTITIES = {"&": "&amp;", "<": "&lt;", ">": "&gt;"}
# Autolinks (GitHub's www., http:// and e-mail; renderers that link any known domain or
# "//host"): the first slash of "//", a dot between a letter or digit and a letter
# ("evil.com", "www.x") and an e-mail's "@" are escaped, so no address in the data becomes a link.
_AUTOLINK = re.compile(r"/(?=/)|(?<=[^\W_])\.(?=[^\W\d_])|@")
_BREAKS = re.compile(r"\r\n|[\r\n\t\v\f\u2028\u2029]")
# What starts a block when it begins a line and is not escaped anywhere: a list item or a
# thematic break (- or +), a setext underline (=), an ordered list item (1. or 1)).
_BLOCK_START = re.compile(r"^(?:([-+=])|(\d{1,9})([.)]))")


def _flat(value: Any) -> str:
    if isinstance(value, (list, tuple)):
        return "; ".join(map(str, value))
    return "" if value is None else str(value)


def markdown_text(value: Any) -> str:
    """``value`` as Markdown that shows as itself (CommonMark and GitHub Flavored Markdown).

    Link, image, emphasis, code, heading, table and maths punctuation is backslash-escaped
    (``\\ ` * _ [ ] # | ~ $``), ``<``, ``>`` and ``&`` become entities, line breaks and tabs
    become spaces, autolinks are broken up, and control and bidi characters are shown escaped
    as by :func:`terminal_text`.
    A list or tuple is joined with ``"; "``. Safe anywhere inside a line, a heading or a
    table cell; text that starts a line goes through :func:`markdown_line`.
    """
    text = _BREAKS.sub(" ", _flat(value))
    text = "".join(_ENTITIES.get(char, char) for char in text)
    text = _INLINE.sub(r"\\\1", text)
    text = _AUTOLINK.sub(lambda match: "\\" + match.group(), text)
    return terminal_text(text)  # after: its backslashes are followed by letters, which show as is


def markdown_line(value: Any) -> str:
    """:func:`markdown_text` for text that starts a line or a list item: a leading ``-``,
    ``+``, ``=``, ``1.`` or ``1)`` is escaped too, so it cannot start a list or a heading."""
    text = markdown_text(value).lstrip()
    return _BLOCK_START.sub(lambda match: "\\" + match[1] if match[1] else match[2] + "\\" + match[3], text, count=1)


def markdown_code(value: Any, *, in_table: bool = True) -> str:
    """``value`` as an inline code span (an id): fenced by more backticks than it holds,
    ``|`` escaped inside a table (GitHub tables split cells before reading code), line breaks
    as spaces and control and bidi characters shown escaped. Nothing else is read inside code."""
    text = terminal_text(_BREAKS.sub(" ", _flat(value)))
    if not text:
        return ""
    if in_table:
        text = text.replace("|", "\\|")
    fence = "`" * (max((len(run) for run in re.findall("`+", text)), default=0) + 1)
    pad = " " if text.startswith("`") or text.endswith("`") or (text.startswith(" ") and text.endswith(" ") and text.strip()) else ""
    return f"{fence}{pad}{text}{pad}{fence}"
