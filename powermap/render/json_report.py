"""The report as JSON: exactly the contract keys, in contract order, byte-identical per input.

In Chinese (``lang="zh"``) the human text (reasons, messages, actions, evidence) is said in
Chinese; keys, ids, numbers and enumerated values never change with the language."""

from __future__ import annotations

import json
from collections.abc import Iterator
from json.encoder import encode_basestring
from operator import attrgetter, call

from ..i18n import translated
from ..report import COLUMNS, SECTIONS, Report

__all__ = ["render_json", "json_pieces"]


def render_json(report: Report, lang: str = "en") -> str:
    """``json.dumps(..., ensure_ascii=False, indent=2)`` of the report's
    :meth:`~powermap.report.Report.to_dict` in ``lang``, and a line end.

    The key persons, the brokers and the ignored risks (a line for nearly everyone, or most
    people: most of the text of a 50,000-person report) are written straight from the
    report's items (:data:`_FLAT`)
    instead of through a dictionary each; the other sections through :func:`_dumps`' pieces.
    Tests hold the text to the standard library's."""
    return "".join(json_pieces(report, lang))


def json_pieces(report: Report, lang: str = "en") -> Iterator[str]:
    """:func:`render_json`'s text in pieces (a few a section), each given as soon as it is
    made, for a file to be written one piece after another: a 50,000-person report's 27 MB
    were written in 0.06 s so, against 0.14 s joined into one string first (most sections
    hold a character beyond Latin-1, so the joined string takes two bytes a character and
    every section is widened into it), and the sections before one that waits for an analysis
    run alongside (the factions, the brokers) are written while it waits."""
    yield "{"
    for place, name in enumerate(SECTIONS):
        yield f",\n  {encode_basestring(name)}: " if place else f"\n  {encode_basestring(name)}: "
        yield _section_text(report, name, lang)
    yield "\n}\n"


def _section_text(report: Report, name: str, lang: str) -> str:
    """One section's text as it stands in the report, one level in."""
    out: list[str] = []
    try:
        if name in _FLAT:
            _flat_rows(report.rows(name), _FLAT[name], lang, out)
        else:
            _encode(translated(report.section(name), lang), "\n  ", out)
    except _Unusual:  # a value only json.dumps itself can say: it says the section, one level in
        return json.dumps(translated(report.section(name), lang), ensure_ascii=False, indent=2).replace("\n", "\n  ")
    return "".join(out)


# The sections written straight from their items: the kind of each of the contract's fields
# (COLUMNS, in its order), read from the item's attribute of the same name.
_KINDS = {
    "key_persons": ("text", "text", "number", "number", "texts", "flag"),
    "ignored_risks": ("text", "text", "number", "texts"),
    "brokers": ("text", "text", "texts", "number", "texts"),
}
_FLAT = {name: tuple(zip(COLUMNS[name], kinds)) for name, kinds in _KINDS.items()}


def _flat_rows(rows, fields, lang: str, out: list[str]) -> None:
    """A list section of flat records as :func:`_encode` writes it inside the report: each
    record one ``%`` of a template of its keys, its fields read at once (``attrgetter``) and
    each said by the function for its kind (:func:`_sayers`)."""
    if not rows:
        out.append("[]")
        return
    template = "%s" + "".join((",\n      " if place else "{\n      ") + encode_basestring(key).replace("%", "%%") + ": %s"
                              for place, (key, _) in enumerate(fields)) + "\n    }"
    read = attrgetter(*(attribute for attribute, _ in fields))
    sayers = _sayers(lang)
    said = [sayers[kind] for _, kind in fields]
    separator = "[\n    "
    try:
        for row in rows:
            out.append(template % (separator, *map(call, said, read(row))))
            separator = ",\n    "
    except TypeError:  # a text that is not a string: json.dumps says it
        raise _Unusual from None
    out.append("\n  ]")


def _sayers(lang: str) -> dict:
    """The function that writes a field of each kind of :data:`_KINDS` in ``lang``; each raises
    ``TypeError`` (a text that is not a string) or :class:`_Unusual` for what it cannot say."""
    if lang == "en":  # a message is its English text
        def text(value) -> str:
            return encode_basestring(value)

        def texts(values) -> str:
            if values.__class__ is not tuple and not isinstance(values, tuple | list):
                raise _Unusual
            return "[\n        " + ",\n        ".join(map(encode_basestring, values)) + "\n      ]" if values else "[]"
    else:
        def text(value) -> str:
            return encode_basestring(translated(value, lang))

        def texts(values) -> str:
            if values.__class__ is not tuple and not isinstance(values, tuple | list):
                raise _Unusual
            return ("[\n        " + ",\n        ".join([encode_basestring(translated(value, lang)) for value in values])
                    + "\n      ]" if values else "[]")
    return {"text": text, "texts": texts, "number": _number, "flag": _flag}


def _flag(value) -> str:
    if value is True:
        return "true"
    if value is False:
        return "false"
    raise _Unusual


def _number(value) -> str:
    """A rank or a score as the report writes it (a float rounded to four places)."""
    kind = type(value)
    if kind is int:
        return int.__repr__(value)
    if kind is float:
        return _float(round(value, 4))
    raise _Unusual


class _Unusual(Exception):
    """A value :func:`_dumps` leaves to :func:`json.dumps` (a key that is not text, an object)."""


def _dumps(data) -> str:
    """``json.dumps(data, ensure_ascii=False, indent=2)``, the same text, in about 70 % of the time.

    With ``indent`` set, the standard library encodes in Python generators, one level of
    generator per level of nesting (0.97 s of processor time for the 27 MB report of a
    50,000-person account; this, 0.69 s); this appends the same pieces to one list: the same string escaping (the library's own C
    function), ``repr`` of numbers, ``NaN``/``Infinity``, ``,`` and ``": "`` between items and
    keys. Anything else (a key that is not a string, a value that is not JSON) goes to
    :func:`json.dumps` itself.
    """
    out: list[str] = []
    try:
        _encode(data, "\n", out)
    except _Unusual:
        return json.dumps(data, ensure_ascii=False, indent=2)
    return "".join(out)


def _float(value: float) -> str:
    if value != value:
        return "NaN"
    if value == float("inf"):
        return "Infinity"
    if value == -float("inf"):
        return "-Infinity"
    return float.__repr__(value)


def _encode(value, newline: str, out: list[str]) -> None:
    if isinstance(value, str):
        out.append(encode_basestring(value))
    elif value is None:
        out.append("null")
    elif value is True:
        out.append("true")
    elif value is False:
        out.append("false")
    elif isinstance(value, int):
        out.append(int.__repr__(value))
    elif isinstance(value, float):
        out.append(_float(value))
    elif isinstance(value, list | tuple):
        if not value:
            out.append("[]")
            return
        inner = newline + "  "
        separator = "[" + inner
        for item in value:
            out.append(separator)
            if isinstance(item, str):  # most items: said here, without a call
                out.append(encode_basestring(item))
            else:
                _encode(item, inner, out)
            separator = "," + inner
        out.append(newline + "]")
    elif isinstance(value, dict):
        if not value:
            out.append("{}")
            return
        inner = newline + "  "
        separator = "{" + inner
        for key, item in value.items():
            if not isinstance(key, str):
                raise _Unusual
            out.append(separator)
            out.append(encode_basestring(key))
            out.append(": ")
            if isinstance(item, str):
                out.append(encode_basestring(item))
            else:
                _encode(item, inner, out)
            separator = "," + inner
        out.append(newline + "}")
    else:
        raise _Unusual
