"""What-if scenarios: change an account in memory and see how every answer moves.

A scenario is a list of changes, written on the command line or in a small YAML file:

- ``ID.FIELD=VALUE`` sets a stakeholder's field (``wang.stance=supporter``,
  ``li.status=left``, ``zhao.power.knowledge=3``, ``qian.roles=evaluator;user``); values take
  every alias the account format takes (``wang.stance=支持者``);
- ``MEMBER:ID:STRENGTH`` adds (or strengthens) a contact (``alice:wang:close``), dated the
  account's as-of date.

The changed account is validated like a file (an unknown id or value is an error naming the
change) and never written anywhere: the input file is not modified.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from .errors import AccountError, ExitCode, Location, PowermapError, joined
from .i18n import say
from .model import AccountMap
from .model.integrity import suggest

__all__ = ["Change", "ScenarioError", "parse_change", "read_scenario", "apply_changes"]


class ScenarioError(PowermapError, ValueError):
    """A change that cannot be applied: malformed, or naming no one in the account."""

    exit_code = ExitCode.USAGE


@dataclass(frozen=True)
class Change:
    """One change: ``set`` a stakeholder field, or ``contact`` (add a contact)."""

    kind: str
    target: str  # stakeholder id
    field: str = ""  # for set: the field (power.knowledge for a power source)
    value: str = ""  # for set: the value as written; for contact: the strength
    member: str = ""  # for contact
    text: str = ""  # as the user wrote it

    def describe(self) -> str:
        return self.text


def parse_change(text: str, kind: str | None = None) -> Change:
    """A change from its written form; ``kind`` forces 'set' or 'contact'."""
    from .model.values import nfc

    written = nfc(text.strip())  # ids in the form the account keeps them in
    if kind in (None, "set") and "=" in written:
        left, value = written.split("=", 1)
        target, dot, field = left.strip().partition(".")
        if dot and target and field:
            return Change("set", target.strip(), field.strip(), value.strip(), text=written)
    if kind in (None, "contact"):
        parts = [part.strip() for part in written.split(":")]
        if len(parts) == 3 and all(parts):
            return Change("contact", parts[1], value=parts[2], member=parts[0], text=written)
    expected = {"set": "ID.FIELD=VALUE", "contact": "MEMBER:ID:STRENGTH"}.get(kind)
    raise ScenarioError(say("cannot read the change {change}: expected {expected}", change=repr(written), expected=expected)
                        if expected else
                        say("cannot read the change {change}: expected ID.FIELD=VALUE or MEMBER:ID:STRENGTH",
                            change=repr(written)))


def read_scenario(path: str | Path) -> list[Change]:
    """Changes from a scenario file: ``set: [ID.FIELD=VALUE, ...]`` and ``add_contact: [...]``."""
    from .loaders.yaml_file import parse_yaml
    from .loaders.text import read_text

    shown = str(path)
    if not Path(path).is_file():
        raise AccountError.single(Location(shown), "no such scenario file")
    doc, source = parse_yaml(read_text(Path(path), shown), shown)
    if not isinstance(doc, dict):
        raise AccountError.single(Location(shown), "expected a mapping with 'set' and/or 'add_contact' lists")
    changes, issues = [], []
    for key, value in doc.items():
        kind = {"set": "set", "add_contact": "contact"}.get(key)
        if kind is None:
            issues.append(source.issue((key,), f"unknown key {key!r}{suggest(str(key), ['set', 'add_contact'])}"))
            continue
        for position, item in enumerate(value if isinstance(value, list) else [value]):
            try:
                changes.append(parse_change(str(item), kind))
            except ScenarioError as error:
                issues.append(source.issue((key, position), str(error)))
    if issues:
        raise AccountError(issues)
    return changes


def _document(account: AccountMap) -> dict[str, Any]:
    """The account as plain records (python values), ready to be changed and validated."""
    return {
        "account": account.account.model_dump(),
        **{name: [record.model_dump() for record in account.table(name)] for name in
           ("team", "departments", "factions", "stakeholders", "relations", "contacts")},
    }


def _named(account: AccountMap, change: Change) -> Change:
    """The change with the people it names (an id or a name) as ids."""
    from dataclasses import replace

    try:
        target = account.find(change.target)
        member = account.find(change.member, table="team") if change.kind == "contact" else change.member
    except PowermapError as error:
        raise ScenarioError(*error.args) from None
    value = change.value
    if change.kind == "set" and change.field in _REFERENCES and value:
        try:
            value = account.find(value, table=_REFERENCES[change.field])
        except PowermapError as error:
            raise ScenarioError(say("{change}: {reason}", change=change.text, reason=error.args[0])) from None
    return replace(change, target=target, member=member, value=value)


# A stakeholder's fields that name another record, and the table they name.
_REFERENCES = {"reports_to": "stakeholders", "department": "departments", "faction": "factions"}


def apply_changes(account: AccountMap, changes: list[Change], *, as_of: dt.date | None = None) -> AccountMap:
    """The account with the changes applied (a new, validated model; the input is untouched)."""
    doc = _document(account)
    people = {record["id"]: record for record in doc["stakeholders"]}
    for change in changes:
        change = _named(account, change)
        if change.kind == "set":
            _set(people[change.target], change)
        else:
            _contact(doc, account, change, as_of or account.account.as_of or dt.date.today())
    try:
        return AccountMap.model_validate(doc)
    except ValidationError as error:
        first = error.errors(include_url=False)[0]
        where = ".".join(str(part) for part in first["loc"])
        error = first.get("ctx", {}).get("error")
        message = error.args[0] if error is not None and len(error.args) == 1 else str(error or first["msg"])
        raise ScenarioError(say("the scenario makes the account invalid: {where}: {reason}", where=where, reason=message)
                            if where else say("the scenario makes the account invalid: {reason}", reason=message)) from None


def _set(record: dict, change: Change) -> None:
    from .model import Power, Stakeholder

    field = change.field
    if field.startswith("power."):
        source = field.split(".", 1)[1]
        if source not in Power.model_fields:
            raise ScenarioError(joined(say("{change}: unknown power source {source}", change=change.text, source=repr(source)),
                                       suggest(source, Power.model_fields)))
        record["power"] = {**record["power"], source: change.value}
        return
    if field == "id" or field not in Stakeholder.model_fields:
        allowed = [name for name in Stakeholder.model_fields if name != "id"]
        raise ScenarioError(joined(say("{change}: cannot set {field}", change=change.text, field=repr(field)),
                                   suggest(field, allowed) or say(" (expected one of {names})", names=", ".join(allowed))))
    record[field] = change.value if change.value != "" else None


def _contact(doc: dict, account: AccountMap, change: Change, when: dt.date) -> None:
    doc["contacts"].append({"member": change.member, "stakeholder": change.target, "strength": change.value, "last_contact": when})

