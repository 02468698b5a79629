"""Cross-record rules of an account: ids are unique, references resolve, no cycles.

:func:`find_problems` works on the records of each table in file order, where a record that
failed its own validation is ``None`` (so positions still match the file). Each problem names
the table, the record's position and the field, so a loader can point at the exact line.
:func:`iter_problems` finds the same problems one at a time and describes only those its
caller still wants, so a file with a million broken references is not a million "did you
mean" searches.

"Did you mean" names first a known name that looks alike (:mod:`.confusables`), else the
answer of :func:`difflib.get_close_matches` (one answer, cutoff 0.6). Over many names both are
answered by a :class:`NameIndex`, built once per table, with the same answers. When no id is
close, the closest *name* is offered with its id ("did you mean 陈国华 (chen)?").

:func:`resolve_names` runs first: a reference may be written as the exact name of what it
points to (``reports_to: 陈建国``, ``member: 刘伟``), as people type it. A value that is an id
is always read as that id; otherwise, a name held by exactly one record of the target table is
read as that record's id, and a name held by several is a problem listing them with their ids.
"""

from __future__ import annotations

import difflib
from collections import Counter
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping
from dataclasses import dataclass

from ..errors import joined
from ..i18n import N_, say
from .confusables import lookalike_hint, skeleton
from .values import nfc

__all__ = ["Problem", "NameIndex", "find_problems", "iter_problems", "names_of", "resolve_names", "suggest",
           "unknown_reference"]

# (table, position) of a record.
Place = tuple[str, int]

_CUTOFF = 0.6  # how close a name must be to be suggested (difflib's ratio)
_SMALL = 64  # up to this many names, difflib itself is as quick as building an index


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


class NameIndex:
    """The closest of many names to a value, as ``difflib.get_close_matches(value, names, n=1,
    cutoff=0.6)`` finds it (the highest ratio, and of equal ratios the greatest name), without
    comparing the value with every name.

    difflib's ratio is ``2 * M / (len(a) + len(b))`` where ``M`` counts matched characters, so
    it is never above its ``quick_ratio``, the same formula with ``M`` replaced by the characters
    the two names share, counted as a multiset. The index keeps, for each character, which names
    hold it and how often, so that bound is computed for all names at once (numpy sums over the
    value's few characters); then names are compared by their bound, highest first, and the
    search stops when no remaining bound can beat the best ratio found. Typing errors in ids of
    a 5,000-person account took 14 comparisons on average instead of 5,000.

    A pathological set of names (thousands of anagrams of each other) could make every bound
    equal; a search compares at most ``budget`` names and then answers with the best so far.
    """

    def __init__(self, names: Iterable[str], budget: int = 1000):
        self._given = list(dict.fromkeys(str(name) for name in names))  # in their order, once each
        self.names = sorted(self._given)
        self.budget = budget
        self._index = None  # built on the first search over more than _SMALL names
        self._skeletons: dict[str, list[str]] | None = None  # names by what they look like

    def __len__(self) -> int:
        return len(self.names)

    def closest(self, value: str) -> str | None:
        value = str(value)
        if len(self.names) <= _SMALL or not value:
            close = difflib.get_close_matches(value, self.names, n=1, cutoff=_CUTOFF)
            return close[0] if close else None
        return self._search(value)

    def hint(self, value: str) -> str:
        """'; did you mean X?' when a name is close to ``value``, else ''. A name that looks
        like ``value`` comes first, saying how the two differ: never "did you mean" what prints
        the same."""
        value = str(value)
        if self._skeletons is None:
            self._skeletons = {}
            for name in self._given:
                self._skeletons.setdefault(skeleton(name), []).append(name)
        lookalike = lookalike_hint(value, self._skeletons.get(skeleton(value), ()))
        if lookalike:
            return lookalike
        close = self.closest(value)
        return say("; did you mean {name}?", name=repr(close)) if close is not None else ""

    def _build(self):
        import numpy as np  # only for a search over many names

        holders: dict[str, tuple[list[int], list[int]]] = {}
        for position, name in enumerate(self.names):
            for char, times in Counter(name).items():
                found = holders.setdefault(char, ([], []))
                found[0].append(position)
                found[1].append(times)
        size = len(self.names)
        columns = {}
        for char, (positions, times) in holders.items():
            if len(positions) * 8 > size:  # common characters: one count per name
                column = np.zeros(size, dtype=np.int32)
                column[positions] = times
                columns[char] = column
            else:
                columns[char] = (np.array(positions, dtype=np.int64), np.array(times, dtype=np.int32))
        lengths = np.array([len(name) for name in self.names], dtype=np.int64)
        self._index = (np, columns, lengths)
        return self._index

    def _search(self, value: str) -> str | None:
        np, columns, lengths = self._index or self._build()
        shared = np.zeros(len(self.names), dtype=np.int32)
        for char, times in Counter(value).items():
            column = columns.get(char)
            if column is None:
                continue
            if isinstance(column, tuple):
                shared[column[0]] += np.minimum(column[1], times)
            else:
                shared += np.minimum(column, times)
        bound = 2.0 * shared / (lengths + len(value))  # quick_ratio, as difflib computes it
        hopeful = np.flatnonzero(bound >= _CUTOFF)
        bound = bound[hopeful]
        matcher = difflib.SequenceMatcher()
        matcher.set_seq2(value)
        best: tuple[float, str] | None = None
        left = self.budget
        while bound.size and left > 0:
            level = bound.max()
            if best is not None and level < best[0]:
                break
            at_level = bound == level
            # names are sorted, so the greatest first: of equal ratios difflib answers the greatest
            for position in hopeful[at_level][::-1].tolist():
                name = self.names[position]
                if best is not None and level == best[0] and name < best[1]:
                    break
                matcher.set_seq1(name)
                ratio = matcher.ratio()
                if ratio >= _CUTOFF and (best is None or (ratio, name) > best):
                    best = (ratio, name)
                left -= 1
                if left <= 0:
                    break
            keep = ~at_level
            hopeful, bound = hopeful[keep], bound[keep]
        return best[1] if best is not None else None


def suggest(value: str, known: Iterable[str] | NameIndex) -> str:
    """'; did you mean X?' when a known name is close to ``value``, else ''.

    ``known`` may be a :class:`NameIndex`, to search the same names many times."""
    index = known if isinstance(known, NameIndex) else NameIndex(known)
    return index.hint(value)


def unknown_reference(kind: str, value: str, known: NameIndex | Iterable[str], names: Mapping[str, list[str]]) -> str:
    """"unknown stakeholder 'x'" with the closest id, else the closest name and its id, else
    the few there are (as "id (name)"). A name several records hold is named with their ids.
    ``known`` are the ids; ``names`` each name and the ids holding it."""
    known = known if isinstance(known, NameIndex) else NameIndex(known)
    holders = names.get(value, ())
    if len(holders) > 1:
        return say("{count} {kinds} are named {name} ({ids}): write the id of the one you mean", count=len(holders),
                   kinds=say(_KINDS[kind]), name=repr(value), ids=", ".join(holders))
    hint = known.hint(value)
    if not hint and names:
        close = NameIndex(names).closest(value) if len(names) > 1 else next(iter(names))
        if close is not None and difflib.SequenceMatcher(None, value, close).ratio() >= _CUTOFF:
            hint = say("; did you mean {name} ({ids})?", name=close, ids=", ".join(names[close]))
    if not hint and not len(known):
        hint = say(" (there are none in this account)")
    elif not hint and len(known) <= 8:
        by_id = {ident: name for name, idents in names.items() for ident in idents}
        hint = say(" (expected one of {names})", names=", ".join(_labelled(ident, by_id) for ident in known.names))
    return joined(say("unknown {kind} {value}", kind=say(kind), value=repr(value)), hint)


def _labelled(ident: str, names: Mapping[str, str]) -> str:
    name = names.get(ident)
    return f"{ident} ({name})" if name is not None and name != ident else ident


# Reference fields: (table, field, target table, what to call the target in messages).
_REFERENCES = (
    ("departments", "parent", "departments", N_("department")),
    ("factions", "leader", "stakeholders", N_("stakeholder")),
    ("stakeholders", "department", "departments", N_("department")),
    ("stakeholders", "reports_to", "stakeholders", N_("stakeholder")),
    ("stakeholders", "faction", "factions", N_("faction")),
    ("relations", "source", "stakeholders", N_("stakeholder")),
    ("relations", "target", "stakeholders", N_("stakeholder")),
    ("contacts", "member", "team", N_("team member")),
    ("contacts", "stakeholder", "stakeholders", N_("stakeholder")),
)
# What to call several of them.
_KINDS = {"department": N_("departments"), "stakeholder": N_("stakeholders"), "faction": N_("factions"),
          "team member": N_("team members")}
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
    return list(iter_problems(tables, raw_ids=raw_ids))


def _always() -> bool:
    return True


def iter_problems(
    tables: Mapping[str, list],
    *,
    raw_ids: Mapping[str, set[str]] | None = None,
    describe: Callable[[], bool] = _always,
    known: Collection[tuple[str, str]] = (),
) -> Iterator[Problem | None]:
    """The problems of :func:`find_problems`, one at a time, in the same order.

    ``describe()`` is asked before each problem is described; while it answers false, each
    problem found is yielded as ``None``: counted, never described (no message, no "did you
    mean" search). ``known``: references (``(table, field)``) found to name known ids only
    (:func:`resolve_names` returns them), not looked at again.
    """
    raw_ids = {  # ids are compared in NFC
        table: raws if all(raw.isascii() for raw in raws) else {nfc(raw) for raw in raws}
        for table, raws in (raw_ids or {}).items()
    }
    ids: dict[str, dict[str, Place]] = {}
    for table in _IDENTIFIED:
        ids[table] = {}
        for index, record in enumerate(tables.get(table, [])):
            if record is None:
                continue
            first = ids[table].get(record.id)
            if first is not None:
                yield Problem(table, index, "id", say("duplicate id {id}", id=repr(record.id)), first) if describe() else None
            else:
                ids[table][record.id] = (table, index)
    for index, person in enumerate(tables.get("stakeholders", [])):
        if person is not None and person.id in ids["team"]:
            yield Problem(
                "stakeholders",
                index,
                "id",
                say("id {id} is already used by a member of our team; people need distinct ids", id=repr(person.id)),
                ids["team"][person.id],
            ) if describe() else None

    indexes: dict[str, NameIndex] = {}  # what each target table's ids are, built at the first need
    for table, field, target, kind in _REFERENCES:
        if (table, field) in known:
            continue
        held = ids[target]
        seen_elsewhere = raw_ids.get(target, set())
        if _all_known(tables.get(table, []), field, held):
            continue
        for index, record in enumerate(tables.get(table, [])):
            value = None if record is None else getattr(record, field)
            if value is not None and value not in held and value not in seen_elsewhere:
                if not describe():
                    yield None
                    continue
                if target not in indexes:
                    indexes[target] = NameIndex(held.keys() | seen_elsewhere)
                message = unknown_reference(kind, value, indexes[target], names_of(tables.get(target, [])))
                yield Problem(table, index, field, message)

    yield from _competitor_problems(tables, describe)
    yield from _cycles(tables, "stakeholders", "reports_to", N_("reports-to cycle: {id} is their own boss"),
                       N_("reports-to cycle: {ids}"))
    yield from _cycles(tables, "departments", "parent", N_("department parent cycle: {id} is their own parent"),
                       N_("department parent cycle: {ids}"))


def _all_known(records: list, field: str, known: Collection[str]) -> bool:
    """Whether every record's ``field``, where it is set, is one of ``known``: the common case,
    told from the different values at once (265,000 relations name 50,000 people) before any
    record is looked at one by one."""
    values = {getattr(record, field) for record in records if record is not None}
    values.discard(None)
    return all(value in known for value in values)


def names_of(records: Iterable) -> dict[str, list[str]]:
    """Each name of a table and the ids of the records holding it, in file order."""
    names: dict[str, list[str]] = {}
    for record in records:
        name = getattr(record, "name", None) if record is not None else None
        if name is not None:
            names.setdefault(name, []).append(record.id)
    return names


def resolve_names(tables: Mapping[str, list], *, raw_ids: Mapping[str, set[str]] | None = None) -> frozenset[tuple[str, str]]:
    """Read each reference written as a name as the id of the record holding that name.

    Changes ``tables`` in place: a record whose reference is no id of its target table (nor an
    id seen in a record that failed validation, ``raw_ids``) but the exact name of exactly one
    record there is replaced by a copy holding that record's id. Anything else (a name held by
    several records, an unknown value) is left for :func:`iter_problems` to report.

    Returns the references (``(table, field)``) where every value is an id already, which
    :func:`iter_problems` then need not look at again (``known``): telling so takes a set of
    each reference's values, 0.09 s for an account of 265,000 relations.
    """
    raw_ids = raw_ids or {}
    ids: dict[str, set[str]] = {}
    names: dict[str, dict[str, list[str]]] = {}
    known = set()
    for table, field, target, kind in _REFERENCES:
        records = tables.get(table, [])
        if target not in ids:
            ids[target] = {held.id for held in tables.get(target, []) if held is not None}
            ids[target] |= {nfc(raw) for raw in raw_ids.get(target, ())}
        if _all_known(records, field, ids[target]):
            known.add((table, field))
            continue
        for index, record in enumerate(records):
            value = None if record is None else getattr(record, field)
            if value is None:
                continue
            if value in ids[target]:
                continue
            if target not in names:
                names[target] = names_of(tables.get(target, []))
            holders = names[target].get(value)
            if not holders:
                continue
            if len(holders) == 1:
                records[index] = record.model_copy(update={field: holders[0]})
    return frozenset(known)


def _competitor_problems(tables: Mapping[str, list], describe: Callable[[], bool] = _always) -> Iterator[Problem | None]:
    accounts = [record for record in tables.get("account", []) if record is not None]
    if not accounts:
        return
    competitors = NameIndex(accounts[0].competitors)
    listed = set(competitors.names)
    for index, person in enumerate(tables.get("stakeholders", [])):
        name = None if person is None else person.close_to_competitor
        if name is not None and name not in listed:
            if not describe():
                yield None
                continue
            hint = competitors.hint(name) or (
                say(" (account.competitors lists {names})", names=", ".join(competitors.names))
                if listed
                else say(" (add it to account.competitors)")
            )
            yield Problem("stakeholders", index, "close_to_competitor",
                          joined(say("unknown competitor {name}", name=repr(name)), hint))


def _cycles(tables: Mapping[str, list], table: str, field: str, own: str, loop: str) -> list[Problem]:
    """Cycles in a one-parent-each relation (reports_to, parent), each reported once: ``own``
    says one record that is its own parent, ``loop`` the ids of a longer cycle."""
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
                message = say(own, id=repr(first))
            else:
                message = say(loop, ids=" -> ".join(ordered + [first]))
            problems.append(Problem(table, position[first], field, message))
        for visited in walk:
            state[visited] = 2
    return problems

