"""The characters that do not show as themselves: one definition for every part of powermap.

The terminal and Markdown outputs show them escaped (:func:`powermap.render.safe.terminal_text`),
``powermap check`` warns about an id holding one (:mod:`powermap.model.confusables`) and the
messages name them by code point (:func:`powermap.model.values.describe_char`). This module
imports nothing of powermap and nothing heavy, so every layer may use it.
"""

from __future__ import annotations

import re
import unicodedata

__all__ = ["INVISIBLE_RANGES", "is_invisible", "invisible_at"]

# Found by category: the controls (Cc: C0, DELETE, C1), the format characters (Cf: the soft
# hyphen, the zero-width characters, the bidi controls, the byte-order mark, the interlinear
# annotation marks, the tags U+E0020-U+E007F...), the line and paragraph separators (Zl, Zp) and
# lone surrogates (Cs). Listed here: the characters that draw nothing though Unicode calls them
# letters or marks (the combining grapheme joiner, the Hangul fillers, the Khmer inherent vowels,
# the Mongolian free variation selectors, the variation selectors), and the code points Unicode
# reserves as invisible (U+2065, U+FFF0-U+FFF8 and the rest of U+E0000-U+E0FFF); these are the
# Other_Default_Ignorable_Code_Point and Variation_Selector characters of Unicode's PropList.txt.
_INVISIBLE_CATEGORIES = frozenset({"Cc", "Cf", "Cs", "Zl", "Zp"})
INVISIBLE_RANGES = (
    (0x034F, 0x034F), (0x115F, 0x1160), (0x17B4, 0x17B5), (0x180B, 0x180F), (0x2065, 0x2065),
    (0x3164, 0x3164), (0xFE00, 0xFE0F), (0xFFA0, 0xFFA0), (0xFFF0, 0xFFF8), (0xE0000, 0xE0FFF),
)


def _char_class(ranges, *, negated: bool = False) -> re.Pattern:
    spans = "".join(f"{re.escape(chr(low))}-{re.escape(chr(high))}" for low, high in ranges)
    return re.compile(f"[{'^' if negated else ''}{spans}]")


_LISTED = _char_class(INVISIBLE_RANGES)
# Ranges that hold only characters that show, all assigned: ASCII, Latin, combining accents,
# Greek and Cyrillic, general punctuation, CJK punctuation, kana, ideographs, Hangul syllables,
# fullwidth forms, the common emoji. Text is read character by character only outside them: a
# speed-up only (a test checks, over every code point, that no invisible character is missed).
_SHOWN_RANGES = (
    (0x0020, 0x007E), (0x00A0, 0x00AC), (0x00AE, 0x034E), (0x0350, 0x0377), (0x03A3, 0x052F),
    (0x2010, 0x2027), (0x2030, 0x205F), (0x3000, 0x303F), (0x3041, 0x3096), (0x3099, 0x30FF),
    (0x3400, 0x9FFC), (0xAC00, 0xD7A3), (0xFF01, 0xFF9F), (0x1F300, 0x1F64F),
)
_ELSEWHERE = _char_class(_SHOWN_RANGES, negated=True)
# An emoji tag sequence (Unicode Technical Standard #51): the black flag, a subdivision code in
# tag letters and digits, the cancel tag, as the flags of England, Scotland and Wales are written.
_TAG_FLAG = re.compile("\U0001f3f4[\U000e0030-\U000e0039\U000e0061-\U000e007a]{3,7}\U000e007f")
_ZWJ = "\u200d"
_KEYCAP = "\u20e3"


def is_invisible(char: str) -> bool:
    """Whether a character does not show as itself: it acts (a control, a bidi control),
    draws nothing (a format character, a filler, a variation selector) or cannot be drawn
    (a lone surrogate). Letters, digits, marks, symbols, emoji and spaces are not invisible.

    >>> is_invisible("\\u200b"), is_invisible("\\u3164"), is_invisible("\\U000e0041"), is_invisible("王")
    (True, True, True, False)
    """
    code = ord(char)
    if code < 0xA0:
        return code < 0x20 or code >= 0x7F
    if char.isprintable():  # no control, format character, separator or surrogate
        return _LISTED.match(char) is not None
    return unicodedata.category(char) in _INVISIBLE_CATEGORIES or _LISTED.match(char) is not None


def _is_emoji(char: str) -> bool:
    """A pictograph, a skin tone or the emoji variation selector: what a zero-width joiner
    glues into one emoji (👩‍💻)."""
    code = ord(char)
    return (0x1F000 <= code <= 0x1FAFF or 0x2600 <= code <= 0x27BF or code == 0xFE0F
            or 0x2190 <= code <= 0x21FF or 0x2B00 <= code <= 0x2BFF)


def _is_variation_selector(code: int) -> bool:
    return 0xFE00 <= code <= 0xFE0F or 0xE0100 <= code <= 0xE01EF or code in (0x180B, 0x180C, 0x180D, 0x180F)


def _part_of_what_shows(text: str, at: int) -> bool:
    """Whether the invisible character at ``at`` belongs to what its neighbours draw: a
    zero-width joiner between two emoji (👩‍💻), or a variation selector choosing how the
    character before it is drawn (❤️, an ideographic variant of 葛, the keycap 1️⃣)."""
    char = text[at]
    if at == 0:
        return False
    before = text[at - 1]
    if char == _ZWJ:
        return at + 1 < len(text) and _is_emoji(before) and _is_emoji(text[at + 1])
    if not _is_variation_selector(ord(char)):
        return False
    if before in "#*0123456789":
        return text[at + 1:at + 2] == _KEYCAP
    return not before.isascii() and not is_invisible(before) and unicodedata.category(before)[0] not in "MZ"


def invisible_at(text: str) -> list[int]:
    """The indexes of the characters of ``text`` that do not show (:func:`is_invisible`),
    but for those that belong to what the characters around them draw: a zero-width joiner
    between two emoji, a variation selector right after the character it varies (any non-ASCII
    letter or symbol; after a digit, ``#`` or ``*`` only in a keycap), and the tags of a flag
    (🏴 and a subdivision code, as the flag of Scotland is written). Chinese, accents and emoji
    have none.

    >>> invisible_at("wa\\u200dng"), invisible_at("王伟"), invisible_at("❤\\ufe0f"), invisible_at("ab\\ufe0f")
    ([2], [], [], [2])
    """
    if text.isascii():
        if text.isprintable():
            return []  # the usual case, found quickly
    elif _ELSEWHERE.search(text) is None or (text.isprintable() and _LISTED.search(text) is None):
        return []  # text of the common scripts, or with no control, format character or one listed
    flags = [range(*match.span()) for match in _TAG_FLAG.finditer(text)] if "\U0001f3f4" in text else None
    found = []
    for match in _ELSEWHERE.finditer(text):
        at = match.start()
        if (is_invisible(match.group()) and not _part_of_what_shows(text, at)
                and not (flags and any(at in flag for flag in flags))):
            found.append(at)
    return found
