"""The account model: one buying organisation, our team, and the ties between them.

Records are frozen pydantic models that forbid unknown fields; the whole account is an
:class:`AccountMap` of tuples, immutable once loaded, with plain accessors for the analyses.
Field names and defaults are the contract of ``docs/account-format.md``.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from functools import cached_property
from types import MappingProxyType
from typing import Any

from pydantic import BaseModel, ConfigDict, model_validator

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


class Record(BaseModel):
    """Base of every record: immutable, unknown fields refused."""

    model_config = ConfigDict(frozen=True, extra="forbid", validate_default=False)


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


class TeamMember(Record):
    """Someone on our side who keeps contacts with the buyer."""

    id: Id
    name: Text
    role: OptionalText = None


class Department(Record):
    id: Id
    name: Text
    kind: choice(DepartmentKind) = DepartmentKind.OTHER
    parent: OptionalId = None


class Faction(Record):
    id: Id
    name: Text
    leader: OptionalId = None
    notes: OptionalNotes = None


class Power(Record):
    """The six hidden power sources, each 0 (none) .. 3 (strong); absent means 0."""

    knowledge: Level = 0
    information: Level = 0
    position: Level = 0
    allocation: Level = 0
    emotional: Level = 0
    interpersonal: Level = 0

    @model_validator(mode="before")
    @classmethod
    def _accept_aliases(cls, data: Any) -> Any:
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


class Stakeholder(Record):
    """A person at the buyer (or close to it: design institute, expert judge, regulator)."""

    id: Id
    name: Text
    title: OptionalText = None
    department: OptionalId = None
    reports_to: OptionalId = None
    roles: choices(Role) = ()
    stance: choice(Stance) = Stance.UNKNOWN
    power: Power = Power()
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


class Relation(Record):
    """A tie between two stakeholders; see :class:`RelationType` for direction."""

    source: Id
    target: Id
    type: choice(RelationType)
    weight: Weight = 0.5
    network: choice(Network, optional=True) = None
    notes: OptionalNotes = None

    @model_validator(mode="after")
    def _two_people(self) -> Relation:
        if self.source == self.target:
            raise ValueError(say("a relation joins two different people; source and target are both {person}",
                                 person=repr(self.source)))
        return self

    @property
    def directed(self) -> bool:
        return self.type.directed


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


class AccountMap(BaseModel):
    """One whole account. Immutable; build it with a loader or ``AccountMap(...)``.

    Constructing it checks every cross-record rule (unknown ids, duplicates, cycles); the
    loaders run the same checks first so that each problem names its file and line.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    account: Account
    team: tuple[TeamMember, ...] = ()
    departments: tuple[Department, ...] = ()
    factions: tuple[Faction, ...] = ()
    stakeholders: tuple[Stakeholder, ...] = ()
    relations: tuple[Relation, ...] = ()
    contacts: tuple[Contact, ...] = ()

    @model_validator(mode="after")
    def _consistent(self) -> AccountMap:
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
