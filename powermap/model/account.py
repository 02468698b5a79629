"""The account model: one buying organisation, our team, and the ties between them.

Records are frozen dataclasses that refuse unknown fields; the whole account is an
:class:`AccountMap` of tuples, immutable once loaded, with plain accessors for the analyses.
Field names and defaults are the contract of ``docs/account-format.md``.

pydantic validates them (each field's parser is in :mod:`.fields`), and is imported only when
something is validated: making a record (``Stakeholder(id=..., name=...)``),
:meth:`Record.model_validate`, the loaders. A process that only receives an account already
validated, as the command line does from the copy that read a mid-size file
(:func:`powermap.loaders.load`), never imports it: importing pydantic and defining the records
as its models took about 50 ms of a 500-person report's 330 ms. Plain records are also lighter
than pydantic's models (no set of the fields given per record) and quicker to validate and to
hand between processes: 50,000 records of four fields (one a nested record) validated in 0.08 s
instead of 0.18 s, pickled and read back in 0.30 s instead of 0.70 s, in half the memory.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections import defaultdict
from collections.abc import Mapping
from enum import Enum
from functools import cached_property
from types import MappingProxyType
from typing import Any

from ..i18n import say
from .enums import (
    Circle,
    Culture,
    DepartmentKind,
    Grade,
    PowerSource,
    RelationType,
    Network,
    Role,
    Stage,
    Stance,
    Status,
    Strength,
    parse_choice,
    ChoiceError,
)
from .fields import (
    AccountId,
    Id,
    IsoDate,
    Level,
    OptionalId,
    OptionalNotes,
    OptionalText,
    Text,
    TextList,
    Weight,
    choice,
    choices,
)

__all__ = [
    "Record",
    "Account",
    "TeamMember",
    "Department",
    "Faction",
    "Power",
    "Stakeholder",
    "Relation",
    "Contact",
    "AccountMap",
    "TABLES",
]

_record = dataclasses.dataclass(frozen=True, init=False)  # a record class: Record.__init__ validates


class _Fields:
    """``Model.model_fields``: a record class's fields by name, in order (its dataclass fields)."""

    def __get__(self, record, owner) -> dict[str, dataclasses.Field]:
        return {field.name: field for field in dataclasses.fields(owner)}


_ADAPTERS: dict[type, Any] = {}


def _adapter(model: type):
    """pydantic's validator of one record class, made (and pydantic imported) when first needed."""
    found = _ADAPTERS.get(model)
    if found is None:
        from pydantic import TypeAdapter

        found = _ADAPTERS[model] = TypeAdapter(model)
    return found


class Record:
    """Base of every record: immutable, unknown fields refused, every field parsed.

    ``Model(**fields)`` and :meth:`model_validate` validate (raising pydantic's
    ``ValidationError``); :meth:`model_construct` and :meth:`model_copy` make a record of
    values already valid, without validating; :meth:`model_dump` gives its fields as a dict.
    A class checks the fields given before they are parsed in :meth:`_prepared`, and the
    record made in :meth:`_checked` (raising ``ValueError``).
    """

    __pydantic_config__ = {"extra": "forbid"}  # read by pydantic, as a model's model_config
    model_fields = _Fields()

    def __init__(self, **fields: Any) -> None:
        made = _adapter(type(self)).validate_python(fields)
        self.__dict__.update(made.__dict__)

    @classmethod
    def model_validate(cls, data: Any):
        """A record of this class from a mapping of its fields (or a record of it), validated."""
        return _adapter(cls).validate_python(data)

    @classmethod
    def model_construct(cls, **values: Any):
        """A record of values already valid, not validated: the defaults for fields not given."""
        made = object.__new__(cls)
        for field in dataclasses.fields(cls):
            if field.name in values:
                made.__dict__[field.name] = values[field.name]
            elif field.default is not dataclasses.MISSING:
                made.__dict__[field.name] = field.default
            else:
                made.__dict__[field.name] = field.default_factory()
        return made

    def model_copy(self, *, update: Mapping[str, Any] | None = None):
        """A copy with the fields of ``update`` replaced, not validated (as pydantic's)."""
        made = object.__new__(type(self))
        made.__dict__.update({field.name: getattr(self, field.name) for field in dataclasses.fields(self)})
        if update:
            made.__dict__.update(update)
        return made

    def model_dump(self, *, mode: str = "python", exclude_defaults: bool = False, exclude_none: bool = False) -> dict[str, Any]:
        """The fields as a dict (records in them as dicts too), in order, as pydantic's
        ``model_dump``: with ``exclude_defaults`` those equal to their default left out, with
        ``exclude_none`` those that are None; ``mode="python"`` keeps Python's values
        (enumeration members, dates, tuples), ``mode="json"`` gives what JSON holds (their
        values, ISO dates, lists)."""
        if mode not in ("python", "json"):
            raise ValueError(f"model_dump: unknown mode {mode!r} (expected 'python' or 'json')")
        found = {}
        for field in dataclasses.fields(self):
            value = getattr(self, field.name)
            if (exclude_none and value is None) or (
                    exclude_defaults and field.default is not dataclasses.MISSING and value == field.default):
                continue
            found[field.name] = _dumped(value, mode == "json", exclude_defaults, exclude_none)
        return found

    @classmethod
    def _prepared(cls, data: Any) -> Any:
        """What was given, as the fields are to read it (before they parse it)."""
        return data

    def _checked(self):
        """The record, once made, if its fields agree with one another (else ``ValueError``)."""
        return self

    @classmethod
    def __get_pydantic_core_schema__(cls, source, handler):
        from pydantic_core import core_schema

        schema = handler(source)
        if cls._checked is not Record._checked:
            schema = core_schema.no_info_after_validator_function(cls._checked, schema)
        if cls._prepared.__func__ is not Record._prepared.__func__:
            schema = core_schema.no_info_before_validator_function(cls._prepared, schema)
        return schema


def _dumped(value: Any, json: bool, exclude_defaults: bool, exclude_none: bool) -> Any:
    if isinstance(value, Record):
        return value.model_dump(mode="json" if json else "python", exclude_defaults=exclude_defaults,
                                exclude_none=exclude_none)
    if isinstance(value, tuple):
        items = [_dumped(item, json, exclude_defaults, exclude_none) for item in value]
        return items if json else tuple(items)
    if json and isinstance(value, Enum):
        return value.value
    if json and isinstance(value, dt.date):
        return value.isoformat()
    return value


@_record
class Account(Record):
    """The customer organisation and the opportunity."""

    id: AccountId
    name: Text
    grade: choice(Grade, optional=True) = None
    stage: choice(Stage, optional=True) = None
    culture: choice(Culture, optional=True) = None
    competitors: TextList = ()
    as_of: IsoDate = None  # the date the map describes; staleness is measured from it
    notes: OptionalNotes = None


@_record
class TeamMember(Record):
    """Someone on our side who keeps contacts with the buyer."""

    id: Id
    name: Text
    role: OptionalText = None


@_record
class Department(Record):
    id: Id
    name: Text
    kind: choice(DepartmentKind) = DepartmentKind.OTHER
    parent: OptionalId = None


@_record
class Faction(Record):
    id: Id
    name: Text
    leader: OptionalId = None
    notes: OptionalNotes = None


@_record
class Power(Record):
    """The six hidden power sources, each 0 (none) .. 3 (strong); absent means 0."""

    knowledge: Level = 0
    information: Level = 0
    position: Level = 0
    allocation: Level = 0
    emotional: Level = 0
    interpersonal: Level = 0

    @classmethod
    def _prepared(cls, data: Any) -> Any:
        """Power source names may be written as their Chinese terms (知识权力 ...)."""
        if not isinstance(data, Mapping):
            return data
        renamed = {}
        for key, value in data.items():
            try:
                name = parse_choice(PowerSource, key).value if isinstance(key, str) else key
            except ChoiceError:
                name = key
            renamed[name] = value
        return renamed

    def items(self) -> tuple[tuple[PowerSource, int], ...]:
        return tuple((source, getattr(self, source.value)) for source in PowerSource)

    @property
    def total(self) -> int:
        return sum(level for _, level in self.items())


@_record
class Stakeholder(Record):
    """A person at the buyer (or close to it: design institute, expert judge, regulator)."""

    id: Id
    name: Text
    title: OptionalText = None
    department: OptionalId = None
    reports_to: OptionalId = None
    roles: choices(Role) = ()
    stance: choice(Stance) = Stance.UNKNOWN
    power: Power = Power.model_construct()
    faction: OptionalId = None
    circle: choice(Circle, optional=True) = None
    status: choice(Status) = Status.ACTIVE
    close_to_competitor: OptionalText = None
    notes: OptionalNotes = None
    crm_id: OptionalText = None  # the person's record id in the CRM (powermap import keeps it)

    @property
    def active(self) -> bool:
        """Still in the buying organisation (new and transferred people count)."""
        return self.status is not Status.LEFT

    def has_role(self, role: Role) -> bool:
        return role in self.roles


@_record
class Relation(Record):
    """A tie between two stakeholders; see :class:`RelationType` for direction."""

    source: Id
    target: Id
    type: choice(RelationType)
    weight: Weight = 0.5
    network: choice(Network, optional=True) = None
    notes: OptionalNotes = None

    def _checked(self) -> Relation:
        if self.source == self.target:
            raise ValueError(say("a relation joins two different people; source and target are both {person}",
                                 person=repr(self.source)))
        return self

    @property
    def directed(self) -> bool:
        return self.type.directed


@_record
class Contact(Record):
    """A relationship between a member of our team and a stakeholder."""

    member: Id
    stakeholder: Id
    strength: choice(Strength) = Strength.ORDINARY
    last_contact: IsoDate = None
    channel: OptionalText = None
    notes: OptionalNotes = None


# Table name -> record class, in the order tables appear in files and reports.
TABLES: Mapping[str, type[Record]] = MappingProxyType(
    {
        "account": Account,
        "team": TeamMember,
        "departments": Department,
        "factions": Faction,
        "stakeholders": Stakeholder,
        "relations": Relation,
        "contacts": Contact,
    }
)


def _index(records: tuple) -> Mapping[str, Any]:
    return MappingProxyType({record.id: record for record in records})


def _group(records, key) -> Mapping[str, tuple]:
    groups: dict[str, list] = defaultdict(list)
    for record in records:
        value = key(record)
        if value is not None:
            groups[value].append(record)
    return MappingProxyType({value: tuple(items) for value, items in groups.items()})


@_record
class AccountMap(Record):
    """One whole account. Immutable; build it with a loader or ``AccountMap(...)``.

    Constructing it checks every cross-record rule (unknown ids, duplicates, cycles); the
    loaders run the same checks first so that each problem names its file and line.
    """

    account: Account
    team: tuple[TeamMember, ...] = ()
    departments: tuple[Department, ...] = ()
    factions: tuple[Faction, ...] = ()
    stakeholders: tuple[Stakeholder, ...] = ()
    relations: tuple[Relation, ...] = ()
    contacts: tuple[Contact, ...] = ()

    def _checked(self) -> AccountMap:
        from .integrity import find_problems

        problems = find_problems({name: list(self.table(name)) for name in TABLES})
        if problems:
            raise ValueError("; ".join(problem.describe() for problem in problems))
        return self

    def table(self, name: str) -> tuple[Record, ...]:
        """The records of one table by its name (``account`` gives a one-record tuple)."""
        if name == "account":
            return (self.account,)
        return getattr(self, name)

    def counts(self) -> dict[str, int]:
        return {name: len(self.table(name)) for name in TABLES if name != "account"}

    # -- lookups by id -------------------------------------------------------------------
    @cached_property
    def stakeholders_by_id(self) -> Mapping[str, Stakeholder]:
        return _index(self.stakeholders)

    @cached_property
    def team_by_id(self) -> Mapping[str, TeamMember]:
        return _index(self.team)

    @cached_property
    def departments_by_id(self) -> Mapping[str, Department]:
        return _index(self.departments)

    @cached_property
    def factions_by_id(self) -> Mapping[str, Faction]:
        return _index(self.factions)

    def stakeholder(self, stakeholder_id: str) -> Stakeholder:
        return self.stakeholders_by_id[stakeholder_id]

    def find(self, value: str, *, table: str = "stakeholders", option: str | None = None) -> str:
        """The id of the record ``value`` names in ``table`` (``"stakeholders"``, ``"team"``,
        ``"departments"`` or ``"factions"``): ``value`` itself when it is an id there, else the
        id of the one record of that exact name, as references in the file are read
        (:func:`.integrity.resolve_names`).

        Raises :class:`~powermap.errors.UsageError` (prefixed by ``option``, e.g. ``--to``) for
        an unknown value, with the closest id or name, or a name several records share."""
        from ..errors import UsageError
        from ..i18n import say
        from .integrity import names_of, unknown_reference
        from .values import nfc

        value = nfc(value.strip())
        records = self.table(table)
        ids = {record.id for record in records}
        if value in ids:
            return value
        names = names_of(records)
        holders = names.get(value, ())
        if len(holders) == 1:
            return holders[0]
        kind = {"team": "team member", "departments": "department", "factions": "faction"}.get(table, "stakeholder")
        message = unknown_reference(kind, value, ids, names)
        raise UsageError(say("{option}: {message}", option=option, message=message) if option else message)

    # -- people ---------------------------------------------------------------------------
    @property
    def active_stakeholders(self) -> tuple[Stakeholder, ...]:
        """Everyone still at the buyer: people who left are kept in the file but not here."""
        return tuple(person for person in self.stakeholders if person.active)

    @property
    def departed(self) -> tuple[Stakeholder, ...]:
        return tuple(person for person in self.stakeholders if not person.active)

    def holders(self, role: Role, *, active_only: bool = True) -> tuple[Stakeholder, ...]:
        """The stakeholders who hold a buying role."""
        people = self.active_stakeholders if active_only else self.stakeholders
        return tuple(person for person in people if role in person.roles)

    @cached_property
    def _reports(self) -> Mapping[str, tuple[Stakeholder, ...]]:
        return _group(self.stakeholders, lambda person: person.reports_to)

    def direct_reports(self, stakeholder_id: str) -> tuple[Stakeholder, ...]:
        return self._reports.get(stakeholder_id, ())

    def managers(self, stakeholder_id: str) -> tuple[str, ...]:
        """The reporting line above a person, nearest boss first."""
        chain = []
        boss = self.stakeholders_by_id[stakeholder_id].reports_to
        while boss is not None:
            chain.append(boss)
            boss = self.stakeholders_by_id[boss].reports_to
        return tuple(chain)

    # -- departments and factions ---------------------------------------------------------
    def department_path(self, department_id: str) -> tuple[str, ...]:
        """A department and its ancestors, innermost first."""
        path = []
        current: str | None = department_id
        while current is not None:
            path.append(current)
            current = self.departments_by_id[current].parent
        return tuple(path)

    @cached_property
    def _by_department(self) -> Mapping[str, tuple[Stakeholder, ...]]:
        return _group(self.stakeholders, lambda person: person.department)

    def department_members(self, department_id: str, *, nested: bool = True) -> tuple[Stakeholder, ...]:
        """People in a department (and, with ``nested``, in its sub-departments)."""
        if not nested:
            return self._by_department.get(department_id, ())
        return tuple(
            person
            for person in self.stakeholders
            if person.department is not None and department_id in self.department_path(person.department)
        )

    @cached_property
    def _by_faction(self) -> Mapping[str, tuple[Stakeholder, ...]]:
        return _group(self.stakeholders, lambda person: person.faction)

    def faction_members(self, faction_id: str) -> tuple[Stakeholder, ...]:
        return self._by_faction.get(faction_id, ())

    # -- ties -----------------------------------------------------------------------------
    @cached_property
    def _contacts_by_stakeholder(self) -> Mapping[str, tuple[Contact, ...]]:
        return _group(self.contacts, lambda contact: contact.stakeholder)

    @cached_property
    def _contacts_by_member(self) -> Mapping[str, tuple[Contact, ...]]:
        return _group(self.contacts, lambda contact: contact.member)

    def contacts_with(self, stakeholder_id: str) -> tuple[Contact, ...]:
        """Our team's contacts with one stakeholder."""
        return self._contacts_by_stakeholder.get(stakeholder_id, ())

    def contacts_of(self, member_id: str) -> tuple[Contact, ...]:
        """The contacts one member of our team keeps."""
        return self._contacts_by_member.get(member_id, ())

    @cached_property
    def _relations_by_person(self) -> Mapping[str, tuple[Relation, ...]]:
        ends: dict[str, list[Relation]] = defaultdict(list)
        for relation in self.relations:
            ends[relation.source].append(relation)
            ends[relation.target].append(relation)
        return MappingProxyType({person: tuple(found) for person, found in ends.items()})

    def relations_of(self, stakeholder_id: str) -> tuple[Relation, ...]:
        """Every relation with this stakeholder at either end."""
        return self._relations_by_person.get(stakeholder_id, ())
