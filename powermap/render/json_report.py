"""The report as JSON: exactly the contract keys, in contract order, byte-identical per input.

In Chinese (``lang="zh"``) the human text (reasons, messages, actions, evidence) is said in
Chinese; keys, ids, numbers and enumerated values never change with the language."""

from __future__ import annotations

import json
from json.encoder import encode_basestring

from ..i18n import translated
from ..report import SECTIONS, Report

__all__ = ["render_json"]


def render_json(report: Report, lang: str = "en") -> str:
    """``json.dumps(..., ensure_ascii=False, indent=2)`` of the report's
    :meth:`~powermap.report.Report.to_dict` in ``lang``, and a line end.

    The key persons (a line for each of the account's people, three quarters of the text of
    a 50,000-person report) are written straight from the ranking (:func:`_key_persons`)
    instead of through a dictionary each; the other sections through :func:`_dumps`' pieces.
    Tests hold the text to the standard library's."""
    texts = []
    for name in SECTIONS:
        out: list[str] = []
        try:
            if name == "key_persons":
                _key_persons(report.key_rows(), lang, out)
            else:
                _encode(translated(report.section(name), lang), "\n  ", out)
        except _Unusual:  # a value only json.dumps itself can say
            return json.dumps(translated(report.to_dict(), lang), ensure_ascii=False, indent=2) + "\n"
        texts.append(f"\n  {encode_basestring(name)}: " + "".join(out))
    return "{" + ",".join(texts) + "\n}\n"


def _key_persons(rows, lang: str, out: list[str]) -> None:
    """The key persons' section as :func:`_encode` writes it inside the report, from the
    ranked people themselves (see :meth:`~powermap.report.Report.section` for the fields)."""
    if not rows:
        out.append("[]")
        return
    separator = "[\n    "
    for person in rows:
        reasons = person.reasons
        if lang != "en":
            reasons = [translated(reason, lang) for reason in reasons]
        if any(not isinstance(reason, str) for reason in reasons):
            raise _Unusual
        key = person.key
        if key is not True and key is not False:
            raise _Unusual
        out.append(separator)
        out.append('{\n      "id": ')
        out.append(_text(translated(person.id, lang)))
        out.append(',\n      "name": ')
        out.append(_text(translated(person.name, lang)))
        out.append(',\n      "rank": ')
        out.append(_number(person.rank))
        out.append(',\n      "score": ')
        out.append(_number(person.score))
        out.append(',\n      "reasons": ')
        out.append("[\n        " + ",\n        ".join(map(encode_basestring, reasons)) + "\n      ]" if reasons else "[]")
        out.append(',\n      "key": ')
        out.append("true" if key else "false")
        out.append("\n    }")
        separator = ",\n    "
    out.append("\n  ]")


def _text(value) -> str:
    if not isinstance(value, str):
        raise _Unusual
    return encode_basestring(value)


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
