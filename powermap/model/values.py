"""Values below the field types: the characters text may hold, numbers that cannot be held,
and how a value or a character is quoted in a message.

Text of an account is checked once, here, whatever form it came from: no NUL or other
control character (only TAB, LF and CR, and only in multi-line fields), no lone surrogate
(a JSON ``"\\ud800"`` escape, or an undecodable command-line byte), and it is kept in Unicode
normalisation form C, so that ``josé`` typed with a combining accent and ``josé`` typed with
one precomposed letter are the same text, the same id, and are written back alike.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any

from ..i18n import say
from ..text import is_invisible

__all__ = [
    "BadNumber",
    "CONTROL_NAMES",
    "char_name",
    "describe_char",
    "shown",
    "clean_text",
    "clean_id",
    "nfc",
]

# The control characters have no name in the Unicode character database, only name aliases
# (NameAliases.txt, the names of ISO 646 and ISO 6429); unicodedata.lookup knows them all.
_C0 = (
    "NULL", "START OF HEADING", "START OF TEXT", "END OF TEXT", "END OF TRANSMISSION", "ENQUIRY",
    "ACKNOWLEDGE", "ALERT", "BACKSPACE", "CHARACTER TABULATION", "LINE FEED", "LINE TABULATION",
    "FORM FEED", "CARRIAGE RETURN", "SHIFT OUT", "SHIFT IN", "DATA LINK ESCAPE", "DEVICE CONTROL ONE",
    "DEVICE CONTROL TWO", "DEVICE CONTROL THREE", "DEVICE CONTROL FOUR", "NEGATIVE ACKNOWLEDGE",
    "SYNCHRONOUS IDLE", "END OF TRANSMISSION BLOCK", "CANCEL", "END OF MEDIUM", "SUBSTITUTE", "ESCAPE",
    "INFORMATION SEPARATOR FOUR", "INFORMATION SEPARATOR THREE", "INFORMATION SEPARATOR TWO",
    "INFORMATION SEPARATOR ONE",
)
_C1 = (
    "PADDING CHARACTER", "HIGH OCTET PRESET", "BREAK PERMITTED HERE", "NO BREAK HERE", "INDEX",
    "NEXT LINE", "START OF SELECTED AREA", "END OF SELECTED AREA", "CHARACTER TABULATION SET",
    "CHARACTER TABULATION WITH JUSTIFICATION", "LINE TABULATION SET", "PARTIAL LINE FORWARD",
    "PARTIAL LINE BACKWARD", "REVERSE LINE FEED", "SINGLE SHIFT TWO", "SINGLE SHIFT THREE",
    "DEVICE CONTROL STRING", "PRIVATE USE ONE", "PRIVATE USE TWO", "SET TRANSMIT STATE",
    "CANCEL CHARACTER", "MESSAGE WAITING", "START OF GUARDED AREA", "END OF GUARDED AREA",
    "START OF STRING", "SINGLE GRAPHIC CHARACTER INTRODUCER", "SINGLE CHARACTER INTRODUCER",
    "CONTROL SEQUENCE INTRODUCER", "STRING TERMINATOR", "OPERATING SYSTEM COMMAND", "PRIVACY MESSAGE",
    "APPLICATION PROGRAM COMMAND",
)
CONTROL_NAMES: dict[int, str] = {
    **dict(enumerate(_C0)),
    0x7F: "DELETE",
    **{0x80 + offset: name for offset, name in enumerate(_C1)},
}

# Refused in any text: C0 controls but TAB, LF and CR; DELETE; the C1 controls; surrogates.
_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]")
# Refused in an id as well: TAB, LF, CR and the Unicode line and paragraph separators.
_FORBIDDEN_IN_ID = re.compile("[\x00-\x1f\x7f-\x9f\ud800-\udfff\u2028\u2029]")
# In a one-line field (a name, a title) a line break or tab, with the spaces around it, is read
# as one space: a title typed on two lines of a spreadsheet cell is still one title. (U+2028
# and U+2029 are text, not controls: they stay; the HTML map escapes them in its script.)
_BREAKS = re.compile("[ \t]*[\t\n\r][\t\n\r ]*")

_SHORT_TEXT = 60  # longer values are cut in messages


def char_name(char: str) -> str:
    """The Unicode name of a character, the name alias of a control character, or what it is."""
    code = ord(char)
    if code in CONTROL_NAMES:
        return CONTROL_NAMES[code]
    if 0xD800 <= code <= 0xDFFF:
        return "a lone surrogate"
    return unicodedata.name(char, None) or "an unassigned code point"


def _visible(char: str) -> bool:
    """Whether a character shows as itself when quoted alone: not invisible
    (:func:`powermap.text.is_invisible`), nor a space, a combining mark, a private-use or an
    unassigned code point."""
    return not is_invisible(char) and unicodedata.category(char) not in ("Mn", "Me", "Zs", "Co", "Cn")


def describe_char(char: str) -> str:
    """``'а' (U+0430 CYRILLIC SMALL LETTER A)``, or ``U+001B (ESCAPE)`` for what does not show."""
    code = f"U+{ord(char):04X}"
    if _visible(char):
        return f"{char!r} ({code} {char_name(char)})"
    return f"{code} ({char_name(char)})"


def _refused(char: str, advice: str | None = None) -> ValueError:
    advice = advice or say("remove it")
    code = f"U+{ord(char):04X}"
    if 0xD800 <= ord(char) <= 0xDFFF:
        return ValueError(say("holds {code}, a lone surrogate: half of an encoded character, not a character "
                              "(left by a broken export or escape); remove it", code=code))
    kind = say("control character") if unicodedata.category(char) == "Cc" else say("line separator")
    return ValueError(say("holds the {kind} {code} ({name}); {advice}", kind=kind, code=code, name=char_name(char),
                          advice=advice))


def clean_text(text: str, *, lines: bool = False) -> str:
    """Checked text in NFC; ``lines`` keeps TAB, LF and CR (notes), else they read as a space.

    Raises ``ValueError`` naming the first character no text may hold.
    """
    if text.isprintable():  # the usual case: no control, no surrogate, no tab or line break
        return text if text.isascii() else nfc(text)
    bad = _FORBIDDEN.search(text)
    if bad is not None:
        raise _refused(bad.group())
    if not lines:
        text = _BREAKS.sub(" ", text)
    return nfc(text)


def nfc(text: str) -> str:
    """``text`` in Unicode normalisation form C (quick for text that already is)."""
    if text.isascii() or unicodedata.is_normalized("NFC", text):
        return text
    return unicodedata.normalize("NFC", text)


def clean_id(text: str) -> str:
    """A checked id in NFC: text without any control character, tab or line break."""
    if text.isprintable():
        return text if text.isascii() else nfc(text)
    bad = _FORBIDDEN_IN_ID.search(text)
    if bad is not None:
        one_line = bad.group() in "\t\n\r\u2028\u2029"
        raise _refused(bad.group(), say("an id is one line without tabs: remove it") if one_line else None)
    return text if text.isascii() else nfc(text)


class BadNumber:
    """A number an input can write but no field can take, kept where it stood.

    JSON's ``NaN`` and ``Infinity``, a number beyond a float (``1e400``) and an integer longer
    than Python reads (over 4,300 digits) become this marker in the document, so that the
    field holding it reports it, at its line and in the field's own words ("expected a number
    0..1, got 1e400 (too large)"), instead of the parser failing on the whole file.
    """

    __slots__ = ("text",)

    def __init__(self, text: str):
        self.text = text

    def __repr__(self) -> str:
        return self.said()

    def said(self):
        """What the number is, as a message says it."""
        if self.text == "NaN":
            return say("NaN (not a number)")
        digits = sum(char.isdigit() for char in self.text)
        if self.text.lstrip("+-").isdigit():
            return say("a whole number of {count:,} digits", count=digits)
        if len(self.text) > 24:
            return say("a number of {count:,} digits (too large)", count=digits)
        return say("{number} (too large)", number=self.text)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, BadNumber) and other.text == self.text

    def __hash__(self) -> int:
        return hash(self.text)


def _digits(number: int) -> int:
    if number.bit_length() < 10_000:  # str() of an int is limited to 4,300 digits
        return len(str(abs(number)))
    return int(number.bit_length() * 0.30103) + 1


def shown(value: Any) -> str:
    """A value from the input as a message quotes it after "got": escaped, and short.

    Text is quoted with its control and invisible characters escaped (``'a\\x1b'``) and cut
    after 40 characters; a whole number of more than 20 digits is counted, not printed.
    """
    if isinstance(value, int) and not isinstance(value, bool):
        digits = _digits(value)
        return repr(value) if digits <= 20 else say("a whole number of {count:,} digits", count=digits)
    if isinstance(value, str) and len(value) > _SHORT_TEXT:
        return say("{start}... ({count:,} characters)", start=repr(value[:40]), count=len(value))
    if isinstance(value, BadNumber):
        return value.said()
    return repr(value)
