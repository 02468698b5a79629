"""What powermap says, in its reader's language: English or Chinese.

Design choices, and why
-----------------------
- **A sentence is a message, filled where it is decided and said where it is read.** An
  analysis knows *what* to say (``say("heads {count} people", count=12)``) but not to whom; a
  renderer knows the reader's language and asks ``text(message, lang)``. So the analyses never
  take a language, and one report object serves every output in either language.
- **A message is a** ``str``, its English text. Code, tests and the JSON writer that do not
  translate keep working unchanged; only what a person reads goes through :func:`text`. Joining
  messages into one plain string loses the translation, so renderers translate first, then join.
- **The English text is the message id** (gettext's convention): a translator sees the whole
  sentence, and a message missing from a catalog still reads correctly in English.
- **Catalogs are gettext's.** ``powermap/locale/zh/LC_MESSAGES/powermap.po`` is what a translator
  edits (Poedit, Weblate, any text editor); the compiled ``powermap.mo`` beside it is read by the
  standard library's :mod:`gettext`, so nothing heavy is imported at run time. A test compiles the
  ``.po`` with Babel and fails when the ``.mo`` is stale, and another extracts every message from
  the code and fails when one has no Chinese text. docs/translating.md says how to add one.
- **Fields are said in the same language.** A field that is itself a message, a word of the
  model's enumerations (anything with ``text(lang)``) or a list of them is translated too; a
  list is joined with "、" in Chinese and ", " in English. Names and other data are shown as
  typed.

``N_`` marks a message for the catalog without filling it (a word kept in a table);
``say_n`` chooses between an English singular and plural (Chinese has one form).

- **One English word, two meanings: a message context.** "champion" is a buying role (促进者,
  the one who pushes the purchase) and a stance toward us (坚定支持者); one msgid can hold only
  one Chinese text. gettext's answer is a context (``msgctxt``): ``say_p("buying role",
  "champion")`` and ``N_p("buying role", "champion")`` are looked up with ``pgettext`` under that
  context, apart from the bare "champion". A word marked with ``N_p`` is a :class:`Message`
  already (it reads as its English text) and keeps its context when said again with ``say``.
  The contexts of the model's words are named beside the enumerations
  (:data:`powermap.model.enums.WORD_CONTEXTS`).
"""

from __future__ import annotations

import gettext
import os
import re
from collections.abc import Iterable
from functools import cache
from pathlib import Path

__all__ = ["LANGUAGES", "Message", "N_", "N_p", "say", "say_n", "say_p", "say_np", "text", "translate",
           "translated", "chained", "CLAUSES", "SLASHED", "choose_language", "LANGUAGE_VARIABLE"]

LANGUAGES = ("en", "zh")
LANGUAGE_VARIABLE = "POWERMAP_LANG"
DOMAIN = "powermap"
LOCALE = Path(__file__).with_name("locale")
_SEPARATOR = {"en": ", ", "zh": "、"}


@cache
def _catalog(lang: str) -> gettext.NullTranslations:
    if lang == "en":
        return gettext.NullTranslations()
    return gettext.translation(DOMAIN, LOCALE, languages=[lang], fallback=True)


def translate(msgid: str, lang: str, plural: str | None = None, count: int = 1,
              context: str | None = None) -> str:
    """``msgid`` (under ``context``, if any) in ``lang`` from its catalog (the English text when
    it has none)."""
    catalog = _catalog(lang)
    if context is not None:
        if plural is None:
            return catalog.pgettext(context, msgid)
        return catalog.npgettext(context, msgid, plural, count)
    if plural is None:
        return catalog.gettext(msgid)
    return catalog.ngettext(msgid, plural, count)


def N_(msgid: str) -> str:  # noqa: N802 - gettext's own name for this marker
    """Mark ``msgid`` for the catalog; it is translated later, where it is said."""
    return msgid


class Message(str):
    """A sentence to say: its English text (the ``str`` value), its message id, its fields and
    its context (``None``: the bare message id)."""

    msgid: str
    plural: str | None
    fields: dict
    context: str | None

    def __new__(cls, msgid: str, fields: dict | None = None, plural: str | None = None,
                context: str | None = None):
        return _message(msgid, dict(fields) if fields else {}, plural, context)

    def text(self, lang: str = "en") -> str:
        """This message in ``lang``."""
        if lang == "en":
            return str.__str__(self)
        return _fill(self.msgid, self.fields, lang, self.plural, self.context)

    def __reduce__(self):  # pickled with its fields (results cross to the other core), and its English
        # text, so that reading it back does not fill the text in again (1,646 of the factions'
        # alignments of 50,000 people: read in 4 ms instead of 11)
        return (_restored, (str.__str__(self), self.msgid, self.fields, self.plural, self.context))


def _restored(english: str, msgid: str, fields: dict, plural: str | None, context: str | None) -> Message:
    """A pickled :class:`Message` read back as it was (:meth:`Message.__reduce__`)."""
    self = str.__new__(Message, english)
    self.msgid, self.fields, self.plural, self.context = msgid, fields, plural, context
    return self


def _message(msgid: str, fields: dict, plural: str | None, context: str | None) -> Message:
    """A :class:`Message` holding ``fields`` itself (a dict nobody else holds). Its English
    text is filled here without the catalog: messages are written in English, and a report of
    50,000 people says some 400,000 of them."""
    if fields:
        template = msgid if plural is None or fields.get("count", 1) == 1 else plural
        english = template.format_map({name: _english(value) for name, value in fields.items()})
    else:
        english = msgid
    self = str.__new__(Message, english)
    self.msgid, self.fields, self.plural, self.context = msgid, fields, plural, context
    return self


def _english(value):
    """A field's value as the English text fills it in (:func:`_field` for ``"en"``)."""
    kind = value.__class__
    if kind is str:
        return value
    if kind is Message:
        return str.__str__(value)
    return _field(value, "en")


def say(msgid: str, /, **fields) -> Message:
    """The message ``msgid`` with its ``{named}`` fields filled.

    ``msgid`` may be a word marked with :func:`N_p`: it is said under its context."""
    if isinstance(msgid, Message):
        return _message(msgid.msgid, {**msgid.fields, **fields}, msgid.plural, msgid.context)
    return _message(msgid, fields, None, None)


def say_n(singular: str, plural: str, /, count: int, **fields) -> Message:
    """The singular or plural message for ``count`` (a field named ``count`` too)."""
    return _message(singular, {"count": count, **fields}, plural, None)


def say_p(context: str, msgid: str, /, **fields) -> Message:
    """The message ``msgid`` of ``context`` (gettext's ``msgctxt``), its fields filled: the same
    English words read apart where they mean two things ("champion" as a buying role and as a
    stance)."""
    return Message(msgid, fields, context=context)


def say_np(context: str, singular: str, plural: str, /, count: int, **fields) -> Message:
    """:func:`say_n` under ``context``."""
    return Message(singular, {"count": count, **fields}, plural, context)


def N_p(context: str, msgid: str) -> Message:  # noqa: N802 - after gettext's N_ and pgettext
    """Mark the word ``msgid`` of ``context`` for the catalog: a :class:`Message` that reads as
    ``msgid`` and keeps its context when said (``say(word)``, or as a field of another message)."""
    return Message(msgid, context=context)


def text(value, lang: str = "en") -> str:
    """Anything powermap says, in ``lang``: a message, a word of the model, a list, or data."""
    if isinstance(value, Message):
        return value.text(lang)
    if isinstance(value, str):
        return str(value)
    said = getattr(value, "text", None)
    if callable(said):
        return said(lang)
    if isinstance(value, list | tuple):
        return _SEPARATOR.get(lang, ", ").join(text(item, lang) for item in value)
    return str(value)


# How :func:`chained` puts two said things side by side: facts as clauses ("; ", a Chinese "；"),
# or alternatives with a slash.
CLAUSES = N_("{first}; {then}")
SLASHED = N_("{first}/{then}")


def chained(parts, between: str = CLAUSES) -> Message | str:
    """``parts`` (messages, words or text) said one after the other as one message, ``between``
    (:data:`CLAUSES` or :data:`SLASHED`) joining each two, so the whole reads in one language;
    ``""`` for no parts."""
    parts = list(parts)
    if not parts:
        return ""
    said = parts[0]
    for part in parts[1:]:
        said = say(between, first=said, then=part)
    return said


def translated(data, lang: str = "en"):
    """``data`` (a report's dict: mappings, lists, values) with every message in it said in
    ``lang``, as plain text; keys, ids, numbers and enumerated values stay as they are (they
    are data, not messages). For English the data is returned as it is (a message is its
    English text)."""
    if lang == "en":
        return data
    if isinstance(data, Message):
        return data.text(lang)
    if isinstance(data, dict):
        return {key: translated(value, lang) for key, value in data.items()}
    if isinstance(data, list | tuple):
        return [translated(value, lang) for value in data]
    return data


def _fill(msgid: str, fields: dict, lang: str, plural: str | None, context: str | None = None) -> str:
    count = fields.get("count", 1) if plural is not None else 1
    template = translate(msgid, lang, plural, count, context) if lang != "en" else (
        msgid if plural is None or count == 1 else plural)
    if not fields:
        return template
    return template.format_map({name: _field(value, lang) for name, value in fields.items()})


def _field(value, lang: str):
    if isinstance(value, int | float) and not isinstance(value, bool):
        return value  # numbers keep their format spec ({share:.0%})
    return text(value, lang)


# CJK ideographs (the unified block and its extension A, compatibility ideographs): a text holding
# one is written in Chinese (Japanese kana alone is not, Korean Hangul is not).
_CJK = re.compile("[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")


def choose_language(option: str | None, texts: Iterable[str] = ()) -> str:
    """The language to speak: ``option`` ("zh", "en" or "auto"), else ``$POWERMAP_LANG``, else auto.

    Auto is Chinese when most of ``texts`` (an account's names and titles) hold Chinese
    characters, English otherwise (also when there is nothing to judge by).
    """
    given = option or os.environ.get(LANGUAGE_VARIABLE) or "auto"
    chosen = given.strip().lower().replace("_", "-")
    if chosen in ("zh", "zh-cn", "zh-hans", "chinese", "中文"):
        return "zh"
    if chosen in ("en", "en-us", "en-gb", "english"):
        return "en"
    if chosen != "auto":
        from .errors import UsageError

        where = "--lang" if option else LANGUAGE_VARIABLE
        raise UsageError(say("{option}: unknown language {value}; use zh, en or auto", option=where, value=repr(given)))
    written = [value for value in texts if value and value.strip()]
    chinese = sum(1 for value in written if _CJK.search(value))
    return "zh" if written and chinese * 2 > len(written) else "en"
