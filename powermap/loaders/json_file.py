"""The JSON loader: the standard library parses; line numbers are found only when needed.

``json.loads`` is fast but keeps no positions, so a second, small scanner walks the same text
and records the line of every value (the shadow) the first time a message needs one. A valid
file that needs no message never pays for it.
"""

from __future__ import annotations

import bisect
import json
import re
from json.decoder import scanstring
from pathlib import Path
from typing import Any

from ..errors import AccountError, Capped, Location
from ..i18n import say
from ..model import AccountMap
from ..model.values import BadNumber
from .build import build_account
from .source import Shadow, TreeSource
from .text import read_text

__all__ = ["load_json", "read_json", "parse_json", "json_shadow"]

_SPACE = re.compile(r"[ \t\n\r]*")
_ATOM = re.compile(r"-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][-+]?\d+)?|true|false|null|NaN|-?Infinity")


def _int(text: str) -> Any:
    """An integer, or a marker for one longer than Python reads (over 4,300 digits)."""
    try:
        return int(text)
    except ValueError:
        return BadNumber(text)


def _float(text: str) -> Any:
    """A float, or a marker for one beyond a float (1e400), which the field then reports."""
    number = float(text)
    return number if number - number == 0.0 else BadNumber(text)


def parse_json(text: str, shown: str) -> tuple[Any, TreeSource]:
    """A JSON text as a plain document and the source that locates its values.

    Numbers no field can take (``NaN``, ``Infinity``, ``1e400``, an integer of thousands of
    digits) are kept as :class:`~powermap.model.values.BadNumber` markers, so that the field
    holding one reports it at its line.
    """
    duplicated = False

    def pairs(items: list[tuple[str, Any]]) -> dict:
        nonlocal duplicated
        mapping = dict(items)
        duplicated = duplicated or len(mapping) != len(items)
        return mapping

    try:
        doc = json.loads(text, object_pairs_hook=pairs, parse_int=_int, parse_float=_float, parse_constant=BadNumber)
    except json.JSONDecodeError as error:
        raise AccountError.single(
            Location(shown, line=error.lineno), say("JSON syntax error: {problem} (column {column})", problem=error.msg,
                                                    column=error.colno)
        ) from None
    except RecursionError:
        raise AccountError.single(Location(shown), say("JSON nested too deeply to read")) from None
    if not duplicated:
        return doc, TreeSource(shown, lambda: json_shadow(text)[0])
    shadow, duplicates = json_shadow(text)
    source = TreeSource(shown, shadow)
    source.add_duplicate_keys(doc, duplicates, "JSON")
    return doc, source


def json_shadow(text: str) -> tuple[Shadow | None, Capped[tuple[tuple, int, int]]]:
    """Lines of every value of a valid JSON text, and its duplicated keys (path, line, first
    line: the first :data:`~powermap.errors.MAX_ISSUES` kept, the others counted)."""
    breaks = [match.start() for match in re.finditer("\n", text)]
    duplicates: Capped[tuple[tuple, int, int]] = Capped()
    path: list = []

    def line_at(offset: int) -> int:
        return bisect.bisect_right(breaks, offset - 1) + 1

    def skip(offset: int) -> int:
        return _SPACE.match(text, offset).end()

    def value(offset: int) -> tuple[Shadow, int]:
        offset = skip(offset)
        line, char = line_at(offset), text[offset]
        if char == "{":
            children: dict[str, Shadow] = {}
            offset = skip(offset + 1)
            if text[offset] == "}":
                return (line, children), offset + 1
            while True:
                key_line = line_at(offset)
                key, offset = scanstring(text, offset + 1)
                offset = skip(offset) + 1  # the colon
                path.append(key)
                shadow, offset = value(offset)
                path.pop()
                if key in children:
                    duplicates.add(lambda: (tuple(path) + (key,), key_line, children[key][0]))
                children[key] = (key_line, shadow[1])
                offset = skip(offset)
                offset += 1
                if text[offset - 1] == "}":
                    return (line, children), offset
                offset = skip(offset)
        if char == "[":
            items: list[Shadow] = []
            offset = skip(offset + 1)
            if text[offset] == "]":
                return (line, items), offset + 1
            while True:
                path.append(len(items))
                shadow, offset = value(offset)
                path.pop()
                items.append(shadow)
                offset = skip(offset) + 1
                if text[offset - 1] == "]":
                    return (line, items), offset
        if char == '"':
            return (line, None), scanstring(text, offset + 1)[1]
        return (line, None), _ATOM.match(text, offset).end()

    try:
        return value(0)[0], duplicates
    except (RecursionError, IndexError, AttributeError, ValueError):
        return None, duplicates


def read_json(path: Path, shown: str) -> tuple[Any, TreeSource]:
    """The file as a plain document and the source that locates its values (not validated)."""
    return parse_json(read_text(path, shown, what="UTF-8 JSON"), shown)


def load_json(path: Path, shown: str) -> tuple[AccountMap, TreeSource]:
    doc, source = read_json(path, shown)
    return build_account(doc, source), source
