"""Field types of the account model, each with one parser and one plain-words error.

Every parser accepts what the four input forms produce for the same value (YAML and JSON give
numbers and strings, CSV gives strings, Excel gives numbers and datetimes) and raises
``ValueError`` with "expected ..., got ..." text that the loaders show as is. Every text
field goes through :mod:`.values` (no control characters or lone surrogates, NFC), and every
numeric one refuses what is not a finite number in its range, whatever its form.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from contextlib import contextmanager
from typing import Annotated, Any

from ..i18n import say
from .enums import ChoiceError, parse_choice, parse_level
from .values import clean_id, clean_text, shown

__all__ = [
    "Id",
    "AccountId",
    "Text",
    "OptionalText",
    "OptionalNotes",
    "OptionalId",
    "Weight",
    "Level",
    "IsoDate",
    "TextList",
    "choice",
    "choices",
    "words",
    "Parsed",
]

_ACCOUNT_ID = re.compile(r"[a-z0-9_-]+")
_LIST_SEPARATORS = re.compile(r"[;,；，、]")
_FULL_WIDTH_SEPARATORS = re.compile(r"[；，、]")
MAX_ID_LENGTH = 200


class Parsed:
    """A field's parser, as ``Annotated`` metadata: pydantic runs ``parse`` on the value given
    before checking its type (as its own ``BeforeValidator`` would), when a loader validates a
    record. The model itself never imports pydantic (:mod:`.account`): only validating does."""

    __slots__ = ("parse",)

    def __init__(self, parse) -> None:
        self.parse = parse

    def __get_pydantic_core_schema__(self, source, handler):
        from pydantic_core import core_schema

        return core_schema.no_info_before_validator_function(self.parse, handler(source))

    def __repr__(self) -> str:
        return f"Parsed({self.parse.__name__})"


def _text(value: Any) -> str:
    """Text from a string or a plain number (a title of 2024 or an id of 7 are text)."""
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    if isinstance(value, float) and math.isfinite(value):
        return str(int(value)) if value.is_integer() else str(value)
    raise ValueError(say("expected text, got {value}", value=_kind(value)))


def _kind(value: Any) -> str:
    if isinstance(value, dict):
        return say("a mapping")
    if isinstance(value, (list, tuple)):
        return say("a list")
    if isinstance(value, bool):
        return say("{value} (a yes/no value)", value=repr(value))
    return shown(value)


def parse_text(value: Any) -> str:
    """One line of text: a name, a title (a line break or tab in it reads as a space)."""
    text = clean_text(_text(value))
    if not text:
        raise ValueError(say("expected text, got an empty value"))
    return text


def parse_notes(value: Any) -> str:
    """Text that may run over several lines (notes)."""
    text = clean_text(_text(value), lines=True)
    if not text:
        raise ValueError(say("expected text, got an empty value"))
    return text


def parse_id(value: Any) -> str:
    if value.__class__ is str:
        if _same_ids is not None:  # read before, as it is written: an id in its one form
            known = _same_ids.get(value)
            if known is not None:
                return known
        if value.isascii() and value.isprintable() and 0 < len(value) <= MAX_ID_LENGTH:
            text = value.strip()  # the common case, as the steps below would read it
            if text:
                return text if _same_ids is None else _same_ids.setdefault(text, text)
    text = _text(value)
    if not text:
        raise ValueError(say("expected an id, got an empty value"))
    text = clean_id(text)
    if len(text) > MAX_ID_LENGTH:
        raise ValueError(say("expected an id of at most {most} characters, got {count}", most=MAX_ID_LENGTH,
                             count=len(text)))
    return text if _same_ids is None else _same_ids.setdefault(text, text)


# While an account is read (same_ids), each id read is one string object, however many records
# name it: a person's id and the relations naming them (each read as a string of its own) hold
# one string (two strings of about 55 bytes less per relation: 30 MB at 265,000 relations).
# Outside a read, nothing is kept.
_same_ids: dict[str, str] | None = None


@contextmanager
def same_ids():
    """Within the block, :func:`parse_id` gives one string object per id (see ``_same_ids``)."""
    global _same_ids
    before, _same_ids = _same_ids, {}
    try:
        yield
    finally:
        _same_ids = before


def _optional_id(value: Any) -> str | None:
    """:func:`parse_id` of a field that may be empty; an id read before, as it is written, at once."""
    if value.__class__ is str and _same_ids is not None:
        known = _same_ids.get(value)
        if known is not None:
            return known
    return _optional_parse_id(value)


def parse_account_id(value: Any) -> str:
    text = _text(value)
    if not _ACCOUNT_ID.fullmatch(text):
        raise ValueError(say("expected an account id of lower-case letters, digits, '_' and '-' (like acme-erp), "
                             "got {value}", value=shown(text)))
    return text


def _remembered(parse):
    """``parse``, remembering what it made of each string it read: the values of an enumerated
    field or a weight are a few words or numbers written again and again (a 265,000-relation
    account gives its weights as about ten strings), each read once. Only what parsed is
    kept (what does not raises each time, with its message), at most :data:`_REMEMBERED`
    strings per field type; every result is immutable (a member, a number, a tuple)."""
    seen: dict[str, Any] = {}

    def parse_remembered(value: Any) -> Any:
        if value.__class__ is not str:
            return parse(value)
        found = seen.get(value, seen)
        if found is seen:
            found = parse(value)
            if len(seen) < _REMEMBERED:
                seen[value] = found
        return found

    return parse_remembered


_REMEMBERED = 1024


def _optional(parse):
    def parse_optional(value: Any) -> Any:
        if value is None or (isinstance(value, str) and not value.strip()):
            return None
        return parse(value)

    return parse_optional


_NUMBER = re.compile(r"\s*[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?\s*")


def parse_weight(value: Any) -> float:
    """A number 0..1, from a number or its text; never infinite, NaN or -0.0."""
    number: float | None = None
    if isinstance(value, bool):
        pass
    elif isinstance(value, int):
        number = float(value) if -2 <= value <= 2 else None  # out of range; a huge int has no float
    elif isinstance(value, float):
        number = value
    elif isinstance(value, str) and _NUMBER.fullmatch(value):
        number = float(value)
    if number is None or not 0.0 <= number <= 1.0:  # NaN compares false: refused too
        raise ValueError(say("expected a number 0..1, got {value}", value=_kind(value)))
    return number + 0.0  # -0.0 is 0.0


def parse_date(value: Any) -> dt.date:
    """An ISO date (YYYY-MM-DD); a spreadsheet datetime counts as its date."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value.strip()):
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            pass
    raise ValueError(say("expected an ISO date YYYY-MM-DD, got {value}", value=_kind(value)))


def choice(enum, *, optional: bool = False):
    """A field holding one member of ``enum`` (aliases and numbers accepted), or ``None``."""

    def parse(value: Any):
        try:
            return parse_choice(enum, value)
        except ChoiceError as error:
            raise ValueError(error.args[0]) from None

    if optional:
        return Annotated[enum | None, Parsed(_remembered(_optional(parse)))]
    return Annotated[enum, Parsed(_remembered(parse))]


def words(value: Any) -> tuple:
    """A list given as a list, or as one string separated by ';' (also ',', '、' and the
    full-width '；', '，'). An item of a list typed with a Chinese input method's separators
    (``[出资者，评价者]``, one item to YAML) is read as the items it separates."""
    if value is None:
        return ()
    if isinstance(value, str):
        return tuple(part.strip() for part in _LIST_SEPARATORS.split(value) if part.strip())
    if isinstance(value, (list, tuple)):
        items = []
        for item in value:
            if isinstance(item, str) and _FULL_WIDTH_SEPARATORS.search(item):
                items.extend(part.strip() for part in _FULL_WIDTH_SEPARATORS.split(item) if part.strip())
            else:
                items.append(item)
        return tuple(items)
    raise ValueError(say("expected a list, got {value}", value=_kind(value)))


def choices(enum):
    """A field holding several members of ``enum``, duplicates dropped, order kept."""

    def parse(value: Any) -> tuple:
        members = []
        for item in words(value):
            try:
                member = parse_choice(enum, item)
            except ChoiceError as error:
                raise ValueError(error.args[0]) from None
            if member not in members:
                members.append(member)
        return tuple(members)

    return Annotated[tuple[enum, ...], Parsed(_remembered(parse))]


def _parse_level(value: Any) -> int:
    try:
        return parse_level(value)
    except ChoiceError as error:
        raise ValueError(error.args[0]) from None


_optional_parse_id = _optional(parse_id)
Id = Annotated[str, Parsed(parse_id)]
OptionalId = Annotated[str | None, Parsed(_optional_id)]
AccountId = Annotated[str, Parsed(parse_account_id)]
Text = Annotated[str, Parsed(parse_text)]
OptionalText = Annotated[str | None, Parsed(_optional(parse_text))]
OptionalNotes = Annotated[str | None, Parsed(_optional(parse_notes))]
Weight = Annotated[float, Parsed(_remembered(parse_weight))]
Level = Annotated[int, Parsed(_remembered(_parse_level))]
TextList = Annotated[tuple[Text, ...], Parsed(words)]
IsoDate = Annotated[dt.date | None, Parsed(_optional(parse_date))]
