"""Ids that look alike but differ: a Cyrillic ``а`` for a Latin ``a``, a zero-width joiner,
fullwidth ``ＡＢ`` for ``AB``, ``Wang`` for ``wang``.

Two ids are look-alikes when their :func:`skeleton` is the same. The skeleton follows the
idea of Unicode Technical Standard #39 (Security Mechanisms, section 4 "Confusable
Detection"), in a small form that needs no data beyond Python's ``unicodedata``:

1. NFKC: compatibility forms become their plain letter (fullwidth ``Ａ`` is ``A``, ``ﬁ`` is
   ``fi``, a no-break space is a space);
2. invisible characters are dropped (:func:`powermap.text.is_invisible`: format characters
   such as the zero-width joiner, bidirectional controls, tags and the byte-order mark,
   variation selectors, Hangul fillers), wherever they stand;
3. NFD, then each character of :data:`HOMOGLYPHS` (Cyrillic, Greek, Armenian and Latin
   letters drawn like another Latin letter) becomes the Latin letter it looks like;
4. case folding, so that ids differing only in capitals are look-alikes too.

The table is the common cross-script part of TR39's ``confusables.txt``, not all of it
(which maps digits, punctuation and 9,000 more characters). It is meant to catch an id
typed twice in two ways, not an attacker; look-alikes are warned about, never refused.
"""

from __future__ import annotations

import difflib
import unicodedata
from collections.abc import Iterable

from ..i18n import chained, say
from ..text import invisible_at, is_invisible

__all__ = ["HOMOGLYPHS", "skeleton", "invisible_characters", "differences", "lookalike_hint"]

# Letters drawn like a Latin letter, and that letter: each pair is in TR39's confusables.txt
# (version 10.0), except that the capital I look-alikes (Cyrillic І and Ӏ, Greek Ι), which it
# maps to a small l as it does Latin I, map to I here, since the skeleton folds case instead.
HOMOGLYPHS: dict[str, str] = {
    # Cyrillic capitals
    "\u0410": "A", "\u0412": "B", "\u0415": "E", "\u041a": "K", "\u041c": "M", "\u041d": "H",
    "\u041e": "O", "\u0420": "P", "\u0421": "C", "\u0422": "T", "\u0423": "Y", "\u0425": "X",
    "\u0405": "S", "\u0406": "I", "\u0408": "J", "\u04c0": "I", "\u051c": "W",
    # Cyrillic small letters
    "\u0430": "a", "\u0435": "e", "\u043e": "o", "\u0440": "p", "\u0441": "c", "\u0443": "y",
    "\u0445": "x", "\u0455": "s", "\u0456": "i", "\u0458": "j", "\u0501": "d", "\u051b": "q",
    "\u051d": "w", "\u04bb": "h", "\u04cf": "i",
    # Greek capitals
    "\u0391": "A", "\u0392": "B", "\u0395": "E", "\u0396": "Z", "\u0397": "H", "\u0399": "I",
    "\u039a": "K", "\u039c": "M", "\u039d": "N", "\u039f": "O", "\u03a1": "P", "\u03a4": "T",
    "\u03a5": "Y", "\u03a7": "X",
    # Greek small letters
    "\u03b1": "a", "\u03b3": "y", "\u03b9": "i", "\u03bd": "v", "\u03bf": "o", "\u03c1": "p",
    "\u03c5": "u",
    # Armenian small letters
    "\u0585": "o", "\u057d": "u", "\u0570": "h",
    # Latin letters drawn like another
    "\u0131": "i", "\u0251": "a", "\u0261": "g",
}
_MAP = str.maketrans(HOMOGLYPHS)


def invisible_characters(text: str) -> list[str]:
    """The characters of ``text`` that do not show on screen, in order, each once: those the
    terminal shows escaped (:func:`powermap.text.invisible_at`), so a zero-width joiner inside
    an emoji or the variation selector of ❤️ is not one."""
    found: list[str] = []
    for at in invisible_at(text):
        if text[at] not in found:
            found.append(text[at])
    return found


def skeleton(text: str) -> str:
    """What ``text`` looks like: equal skeletons are ids a reader cannot tell apart."""
    if text.isascii():
        return text.lower()
    text = unicodedata.normalize("NFKC", text)
    text = "".join(char for char in text if not is_invisible(char))
    return unicodedata.normalize("NFD", text).translate(_MAP).casefold()


def _chars(text: str, limit: int = 3) -> str:
    from .values import describe_char

    shown = [describe_char(char) for char in text[:limit]]
    if not shown:
        return say("nothing")
    if len(text) > limit:
        return say("{chars}, and {count} more", chars=", ".join(shown), count=len(text) - limit)
    return ", ".join(shown)


def differences(text: str, other: str) -> str:
    """How ``text`` differs from ``other`` that looks like it, character by character:
    ``'а' (U+0430 CYRILLIC SMALL LETTER A) where 'alice' has 'a' (U+0061 LATIN SMALL LETTER A)``.
    """
    if text.casefold() == other.casefold():
        return say("only capital letters differ")
    parts = []
    opcodes = difflib.SequenceMatcher(None, text, other, autojunk=False).get_opcodes()
    for tag, start, end, other_start, other_end in opcodes:
        if tag != "equal":
            parts.append(say("{these} where {other} has {those}", these=_chars(text[start:end]), other=repr(other),
                             those=_chars(other[other_start:other_end])))
    if len(parts) > 2:
        parts = parts[:2] + [say("{count} more differences", count=len(parts) - 2)]
    return chained(parts)


def lookalike_hint(value: str, known: Iterable[str]) -> str:
    """'; did you mean X? ...' when a known name looks like ``value``, saying how they differ."""
    if not isinstance(value, str):
        return ""
    key = skeleton(value)
    for name in known:
        if name != value and skeleton(name) == key:
            return say("; did you mean {name}? It looks alike but differs: {differences}", name=repr(name),
                       differences=differences(value, name))
    return ""
