"""Cross-record rules of an account: ids are unique, references resolve, no cycles.

:func:`find_problems` works on the records of each table in file order, where a record that
failed its own validation is ``None`` (so positions still match the file). Each problem names
the table, the record's position and the field, so a loader can point at the exact line.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from .confusables import lookalike_hint
from .values import nfc

__all__ = ["Problem", "find_problems", "suggest"]

# (table, position) of a record.
Place = tuple[str, int]

_SUGGEST_LIMIT = 5000  # difflib over more candidates than this costs more than it helps


@dataclass(frozen=True)
class Problem:
    table: str
    index: int
    field: str
    message: str
    related: Place | None = None  # e.g. where a duplicated id was first defined

    def describe(self) -> str:
        text = f"{self.table}[{self.index + 1}].{self.field}: {self.message}"
        if self.related:
            text += f" (first at {self.related[0]}[{self.related[1] + 1}])"
        return text


def suggest(value: str, known: Iterable[str]) -> str:
    """'; did you mean X?' when a known name is close to ``value``, else ''."""
    candidates = [str(name) for name in known]
    if not candidates or len(candidates) > _SUGGEST_LIMIT:
        return ""
    lookalike = lookalike_hint(str(value), candidates)  # never "did you mean" what prints the same
    if lookalike:
        return lookalike
    close = difflib.get_close_matches(str(value), candidates, n=1, cutoff=0.6)
    return f"; did you mean {close[0]!r}?" if close else ""


def _unknown(kind: str, value: str, known: set[str]) -> str:
    hint = suggest(value, known)
    if not hint and not known:
        hint = " (there are none in this account)"
    elif not hint and len(known) <= 8:
        hint = f" (expected one of {', '.join(sorted(known))})"
    return f"unknown {kind} {value!r}{hint}"


# Reference fields: (table, field, target table, what to call the target in messages).
_REFERENCES = (
    ("departments", "parent", "departments", "department"),
    ("factions", "leader", "stakeholders", "stakeholder"),
    ("stakeholders", "department", "departments", "department"),
    ("stakeholders", "reports_to", "stakeholders", "stakeholder"),
    ("stakeholders", "faction", "factions", "faction"),
    ("relations", "source", "stakeholders", "stakeholder"),
    ("relations", "target", "stakeholders", "stakeholder"),
    ("contacts", "member", "team", "team member"),
    ("contacts", "stakeholder", "stakeholders", "stakeholder"),
)
_IDENTIFIED = ("team", "departments", "factions", "stakeholders")


def find_problems(
    tables: Mapping[str, list],
    *,
    raw_ids: Mapping[str, set[str]] | None = None,
) -> list[Problem]:
    """Every cross-record problem of an account.

    ``tables`` maps table names to records in file order (``None`` for a record that failed
    validation). ``raw_ids`` are ids seen in records that failed validation: a reference to
    one of them is not reported again as unknown.
    """
    raw_ids = {  # ids are compared in NFC
        table: raws if all(raw.isascii() for raw in raws) else {nfc(raw) for raw in raws}
        for table, raws in (raw_ids or {}).items()
    }
    problems: list[Problem] = []
    ids: dict[str, dict[str, Place]] = {}
    for table in _IDENTIFIED:
        ids[table] = {}
        for index, record in enumerate(tables.get(table, [])):
            if record is None:
                continue
            first = ids[table].get(record.id)
            if first is not None:
                problems.append(Problem(table, index, "id", f"duplicate id {record.id!r}", first))
            else:
                ids[table][record.id] = (table, index)
    for index, person in enumerate(tables.get("stakeholders", [])):
        if person is not None and person.id in ids["team"]:
            problems.append(
                Problem(
                    "stakeholders",
                    index,
                    "id",
                    f"id {person.id!r} is already used by a member of our team; people need distinct ids",
                    ids["team"][person.id],
                )
            )

    for table, field, target, kind in _REFERENCES:
        known = ids[target]
        seen_elsewhere = raw_ids.get(target, set())
        for index, record in enumerate(tables.get(table, [])):
            value = None if record is None else getattr(record, field)
            if value is not None and value not in known and value not in seen_elsewhere:
                problems.append(Problem(table, index, field, _unknown(kind, value, known.keys() | seen_elsewhere)))

    problems.extend(_competitor_problems(tables))
    problems.extend(_cycles(tables, "stakeholders", "reports_to", "reports-to cycle", "boss"))
    problems.extend(_cycles(tables, "departments", "parent", "department parent cycle", "parent"))
    return problems


def _competitor_problems(tables: Mapping[str, list]) -> list[Problem]:
    accounts = [record for record in tables.get("account", []) if record is not None]
    if not accounts:
        return []
    competitors = set(accounts[0].competitors)
    problems = []
    for index, person in enumerate(tables.get("stakeholders", [])):
        name = None if person is None else person.close_to_competitor
        if name is not None and name not in competitors:
            hint = suggest(name, competitors) or (
                f" (account.competitors lists {', '.join(sorted(competitors))})"
                if competitors
                else " (add it to account.competitors)"
            )
            problems.append(Problem("stakeholders", index, "close_to_competitor", f"unknown competitor {name!r}{hint}"))
    return problems


def _cycles(tables: Mapping[str, list], table: str, field: str, what: str, role: str) -> list[Problem]:
    """Cycles in a one-parent-each relation (reports_to, parent), each reported once."""
    records = tables.get(table, [])
    position = {record.id: index for index, record in enumerate(records) if record is not None}
    parent = {
        record.id: getattr(record, field)
        for record in records
        if record is not None and getattr(record, field) in position
    }
    state: dict[str, int] = {}  # 1 = on the current walk, 2 = done
    problems = []
    for start in parent:
        walk = []
        node = start
        while node is not None and state.get(node) is None:
            state[node] = 1
            walk.append(node)
            node = parent.get(node)
        if node is not None and state.get(node) == 1:
            cycle = walk[walk.index(node):]
            first = min(cycle, key=position.__getitem__)
            turn = cycle.index(first)
            ordered = cycle[turn:] + cycle[:turn]
            if len(ordered) == 1:
                message = f"{what}: {first!r} is their own {role}"
            else:
                message = f"{what}: " + " -> ".join(ordered + [first])
            problems.append(Problem(table, position[first], field, message))
        for visited in walk:
            state[visited] = 2
    return problems

