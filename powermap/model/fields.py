"""Field types of the account model, each with one parser and one plain-words error.

Every parser accepts what the four input forms produce for the same value (YAML and JSON give
numbers and strings, CSV gives strings, Excel gives numbers and datetimes) and raises
``ValueError`` with "expected ..., got ..." text that the loaders show as is.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from typing import Annotated, Any

from pydantic import BeforeValidator

from .enums import ChoiceError, parse_choice, parse_level

__all__ = [
    "Id",
    "AccountId",
    "Text",
    "OptionalText",
    "OptionalId",
    "Weight",
    "Level",
    "IsoDate",
    "TextList",
    "choice",
    "choices",
    "words",
]

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
_ACCOUNT_ID = re.compile(r"[a-z0-9_-]+")
_LIST_SEPARATORS = re.compile(r"[;,；，、]")
MAX_ID_LENGTH = 200


def _text(value: Any) -> str:
    """Text from a string or a plain number (a title of 2024 or an id of 7 are text)."""
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    if isinstance(value, float) and math.isfinite(value):
        return str(int(value)) if value.is_integer() else str(value)
    raise ValueError(f"expected text, got {_kind(value)}")


def _kind(value: Any) -> str:
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, (list, tuple)):
        return "a list"
    if isinstance(value, bool):
        return f"{value!r} (a yes/no value)"
    return repr(value)


def parse_text(value: Any) -> str:
    text = _text(value)
    if not text:
        raise ValueError("expected text, got an empty value")
    return text


def parse_id(value: Any) -> str:
    text = _text(value)
    if not text:
        raise ValueError("expected an id, got an empty value")
    if _CONTROL.search(text):
        raise ValueError(f"expected an id without control characters, got {text!r}")
    if len(text) > MAX_ID_LENGTH:
        raise ValueError(f"expected an id of at most {MAX_ID_LENGTH} characters, got {len(text)}")
    return text


def parse_account_id(value: Any) -> str:
    text = _text(value)
    if not _ACCOUNT_ID.fullmatch(text):
        raise ValueError(
            f"expected an account id of lower-case letters, digits, '_' and '-' (like acme-erp), got {text!r}"
        )
    return text


def _optional(parse):
    def parse_optional(value: Any) -> Any:
        if value is None or (isinstance(value, str) and not value.strip()):
            return None
        return parse(value)

    return parse_optional


def parse_weight(value: Any) -> float:
    if isinstance(value, bool):
        raise ValueError(f"expected a number 0..1, got {_kind(value)}")
    try:
        number = float(value.strip()) if isinstance(value, str) else float(value)
    except (TypeError, ValueError):
        raise ValueError(f"expected a number 0..1, got {_kind(value)}") from None
    if not (math.isfinite(number) and 0.0 <= number <= 1.0):
        raise ValueError(f"expected a number 0..1, got {value!r}")
    return number


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
    raise ValueError(f"expected an ISO date YYYY-MM-DD, got {_kind(value)}")


def choice(enum, *, optional: bool = False):
    """A field holding one member of ``enum`` (aliases and numbers accepted), or ``None``."""

    def parse(value: Any):
        try:
            return parse_choice(enum, value)
        except ChoiceError as error:
            raise ValueError(str(error)) from None

    if optional:
        return Annotated[enum | None, BeforeValidator(_optional(parse))]
    return Annotated[enum, BeforeValidator(parse)]


def words(value: Any) -> tuple:
    """A list given as a list, or as one string separated by ';' (also ',', '、')."""
    if value is None:
        return ()
    if isinstance(value, str):
        return tuple(part.strip() for part in _LIST_SEPARATORS.split(value) if part.strip())
    if isinstance(value, (list, tuple)):
        return tuple(value)
    raise ValueError(f"expected a list, got {_kind(value)}")


def choices(enum):
    """A field holding several members of ``enum``, duplicates dropped, order kept."""

    def parse(value: Any) -> tuple:
        members = []
        for item in words(value):
            try:
                member = parse_choice(enum, item)
            except ChoiceError as error:
                raise ValueError(str(error)) from None
            if member not in members:
                members.append(member)
        return tuple(members)

    return Annotated[tuple[enum, ...], BeforeValidator(parse)]


def _parse_level(value: Any) -> int:
    try:
        return parse_level(value)
    except ChoiceError as error:
        raise ValueError(str(error)) from None


Id = Annotated[str, BeforeValidator(parse_id)]
OptionalId = Annotated[str | None, BeforeValidator(_optional(parse_id))]
AccountId = Annotated[str, BeforeValidator(parse_account_id)]
Text = Annotated[str, BeforeValidator(parse_text)]
OptionalText = Annotated[str | None, BeforeValidator(_optional(parse_text))]
Weight = Annotated[float, BeforeValidator(parse_weight)]
Level = Annotated[int, BeforeValidator(_parse_level)]
TextList = Annotated[tuple[Text, ...], BeforeValidator(words)]
IsoDate = Annotated[dt.date | None, BeforeValidator(_optional(parse_date))]
