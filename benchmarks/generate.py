"""A seeded generator of realistic buying organisations, for benchmarks and load tests.

The shape follows what sales teams map in large accounts, so timings mean something:

- a leadership department (chief executive, vice presidents, a chief financial officer) and
  departments of 100-200 people nested under it (smaller ones for small accounts), plus a
  handful of outside experts (design institute, consultants) with no reporting line;
- a reporting tree inside each department with spans of 3-12, department heads reporting to
  a vice president;
- about four influence/advice ties per person (two given, two received on average), mostly
  inside the department and leaning upwards, some across; a sprinkling of ally, friend,
  rival, alumni and kin ties across departments;
- buying roles held by few (decision makers, funders, procurement, spec setters, evaluators,
  users, saboteurs), stances mostly unknown, power sources from rank and function;
- 2-4 factions led by senior people; our team of 3-8 with contacts to 1-5 % of the people,
  most dated, some stale, one seller holding many of them.

The same ``people``, ``seed`` and shape always give the same account (one
:class:`random.Random`, no set iteration).

Shapes
------
The description above is the ``default`` shape. Other organisations of the same size differ in
how they are cut into departments, how densely people influence each other and how many of
them our team knows, and the cost of some analyses follows those (more departments, more
coverage gaps). A :class:`Shape` sets three knobs, each also an option of the command line:

- ``department_size`` (``--department-size``): the average department; sizes vary by about a
  third either way (the default 150 gives departments of 100-200 people);
- ``ties_per_person`` (``--ties-per-person``): influence/advice ties each person gives on
  average, as many received (default: 1-3, two on average); the cross-department ally,
  friend, rival, alumni and kin ties stay at 8 per 100 people;
- ``contact_share`` (``--contact-share``): the share of the people our team has a contact
  with (default: drawn between 1 % and 5 %).

Named shapes (``--shape``; explicit knobs override the shape's):

==============  ===============  ================  ===========  =================================
shape           department size  ties per person   contacts     at 50,000 people
==============  ===============  ================  ===========  =================================
``default``     150              1-3 (2)           1-5 % drawn  333 departments, ~100,000 relations
``few-big``     2,000            2                 5 %          27 departments, ~100,000 relations
``many-small``  62               3                 1 %          802 departments, ~143,000 relations
``dense``       150              6                 5 %          333 departments, ~265,000 relations
``sparse``      150              0.5               1 %          333 departments, ~29,000 relations
==============  ===============  ================  ===========  =================================

The ``default`` shape gives exactly the accounts it gave before shapes existed (same seed,
same account), so earlier measurements stay comparable. Generation is linear in ``people``; at 50,000 people most of the time is
pydantic validating the records once.

Usage::

    python -m benchmarks.generate 2000 -o /tmp/big.yaml          # or .json, or a folder for CSV
    python -m benchmarks.generate 10000 --seed 3 -o /tmp/big-csv
    python -m benchmarks.generate 50000 --shape many-small -o /tmp/many-small-csv
    python -m benchmarks.generate 5000 --department-size 40 --contact-share 0.02 -o /tmp/odd.json

In code: ``from benchmarks.generate import generate_account; account = generate_account(2000)``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import math
import random
import sys
from dataclasses import dataclass, field, replace

from powermap.model import AccountMap

__all__ = ["generate_account", "generate_document", "AS_OF", "Shape", "SHAPES"]

AS_OF = dt.date(2026, 11, 15)
_COMPETITORS = ["Northwind Systems", "远航软件", "Veridian Software"]
_LATIN_FIRST = (
    "Anna Ben Carla David Elena Farid Grace Hugo Ines Jonas Kara Liam Maya Noah Olga Pavel Quinn Rosa Samir Tara "
    "Uma Victor Wen Ximena Yusuf Zoe Aaron Bianca Cyrus Daria Emil Fatima Goran Hana Ivan Julia Kenji Lena Marco Nina"
).split()
_LATIN_LAST = (
    "Adams Berg Costa Dubois Eriksen Fischer Garcia Hansen Ivanova Jensen Kowalski Larsen Moreau Novak Olsen Petrov "
    "Quist Rossi Schmidt Tanaka Ueda Varga Weber Xu Yilmaz Zimmer Alves Brandt Castro Dahl Engel Ferrari Gomez Haas"
).split()
_CJK_SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾"
_CJK_GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华建国志远立群伯涛凯文博宇欣怡子轩浩然"
# Department kinds in the order they are handed out, so every large account has each function.
_KINDS = ("user", "technical", "procurement", "finance", "user", "technical", "legal", "user", "other")
_KIND_NAMES = {
    "user": ("Operations", "生产运营部", "Plant", "Service Delivery", "Logistics", "调度中心"),
    "technical": ("IT", "信息中心", "Engineering", "Architecture", "Data Platform"),
    "procurement": ("Procurement", "物资采购部"),
    "finance": ("Finance", "财务部"),
    "legal": ("Legal", "法务部"),
    "other": ("Strategy", "HR", "办公室"),
}
_STANCES = (("unknown", 60), ("neutral", 15), ("supporter", 11), ("skeptic", 7), ("opponent", 4), ("champion", 3))
_STRENGTHS = (("intimate", 3), ("close", 12), ("ordinary", 35), ("colleague", 25), ("stranger", 20), ("outermost", 5))
_TIES = (("ally", 35), ("friend", 30), ("rival", 15), ("alumni", 15), ("kin", 5))


@dataclass(frozen=True)
class Shape:
    """How a generated organisation is cut and tied (module docstring, Shapes)."""

    department_size: int = 150  # average people per department, sizes vary by about a third
    ties_per_person: float | None = None  # influence/advice ties given on average; None: 1-3 (two)
    contact_share: float | None = None  # share of people our team reaches; None: drawn 1-5 %

    def __post_init__(self) -> None:
        if self.department_size < 1:
            raise ValueError("department_size must be at least 1")
        if self.ties_per_person is not None and self.ties_per_person < 0:
            raise ValueError("ties_per_person must not be negative")
        if self.contact_share is not None and not 0 <= self.contact_share <= 1:
            raise ValueError("contact_share must be between 0 and 1")


SHAPES = {
    "default": Shape(),
    "few-big": Shape(department_size=2000, ties_per_person=2, contact_share=0.05),
    "many-small": Shape(department_size=62, ties_per_person=3, contact_share=0.01),
    "dense": Shape(ties_per_person=6, contact_share=0.05),
    "sparse": Shape(ties_per_person=0.5, contact_share=0.01),
}


def shape_of(shape: Shape | str | None) -> Shape:
    """A :class:`Shape`, from itself or its name in :data:`SHAPES`."""
    if shape is None:
        return SHAPES["default"]
    if isinstance(shape, Shape):
        return shape
    try:
        return SHAPES[shape]
    except KeyError:
        raise ValueError(f"unknown shape {shape!r}; one of {', '.join(SHAPES)}") from None


def _pick(rng: random.Random, table: tuple[tuple[str, int], ...]) -> str:
    """A value from a (value, weight) table."""
    values = [value for value, _ in table]
    weights = [weight for _, weight in table]
    return rng.choices(values, weights)[0]


@dataclass
class _Person:
    """A stakeholder being generated; becomes one record of the ``stakeholders`` table."""

    id: str
    name: str
    department: str
    title: str
    boss: str | None = None
    level: int = 3  # 0 chief executive, 1 leadership, 2 department head, 3 everyone else
    reports: int = 0
    roles: list[str] = field(default_factory=list)
    power: dict[str, int] = field(default_factory=dict)
    stance: str = "unknown"
    faction: str | None = None
    circle: str | None = None
    status: str = "active"
    close_to_competitor: str | None = None

    def record(self) -> dict:
        record = {"id": self.id, "name": self.name, "title": self.title, "department": self.department,
                  "stance": self.stance, "status": self.status}
        optional = {"reports_to": self.boss, "roles": self.roles, "power": self.power, "faction": self.faction,
                    "circle": self.circle, "close_to_competitor": self.close_to_competitor}
        record.update({key: value for key, value in optional.items() if value})
        return record


class _Builder:
    """Builds the account document step by step from one random generator."""

    def __init__(self, people: int, rng: random.Random, shape: Shape = Shape()):
        self.people = people
        self.rng = rng
        self.shape = shape
        self.persons: list[_Person] = []
        self.by_department: dict[str, list[_Person]] = {}
        self.departments: list[dict] = []
        self.relations: list[dict] = []
        self.tie_keys: set[tuple[str, str, str]] = set()

    # -- names ----------------------------------------------------------------------------
    def name(self) -> str:
        """About a third Chinese names, so exports exercise the CJK font path."""
        rng = self.rng
        if rng.random() < 0.35:
            return rng.choice(_CJK_SURNAMES) + "".join(rng.choice(_CJK_GIVEN) for _ in range(rng.choice((1, 2))))
        return f"{rng.choice(_LATIN_FIRST)} {rng.choice(_LATIN_LAST)}"

    def person(self, department: str, title: str, boss: _Person | None, level: int) -> _Person:
        person = _Person(f"p{len(self.persons) + 1:05d}", self.name(), department, title,
                         boss.id if boss else None, level)
        if boss is not None:
            boss.reports += 1
        self.persons.append(person)
        self.by_department.setdefault(department, []).append(person)
        return person

    # -- organisation ---------------------------------------------------------------------
    def department_sizes(self, available: int) -> list[int]:
        """Departments of the shape's size (100-200 people by default) in large accounts; about a
        quarter each in small ones."""
        target = min(self.shape.department_size, max(6, available // 4))
        count = max(1, round(available / target))
        weights = [self.rng.uniform(0.67, 1.33) for _ in range(count)]
        total = sum(weights)
        sizes = [max(1, int(available * weight / total)) for weight in weights]
        sizes[0] += available - sum(sizes)
        return sizes

    def organisation(self) -> None:
        rng = self.rng
        externals = self.people // 200
        staff = self.people - externals
        departments = max(1, round((staff - 3) / min(self.shape.department_size, max(6, (staff - 3) // 4))))
        vice_presidents = min(max(1, math.ceil(departments / 6)), max(0, staff - 2))
        self.departments.append({"id": "lead", "name": "Leadership 领导班子", "kind": "leadership"})
        chief = self.person("lead", "Chief Executive", None, 0)
        chief.circle = "inner"
        vps = [self.person("lead", "Vice President", chief, 1) for _ in range(vice_presidents)]
        leaders = [chief, *vps]
        if staff - len(leaders) > 1:
            leaders.append(self.person("lead", "Chief Financial Officer", chief, 1))
        for vp in vps[: max(1, len(vps) // 2)]:
            vp.circle = "inner"
        remaining = staff - len(leaders)
        if remaining <= 0:
            return
        for number, size in enumerate(self.department_sizes(remaining)):
            kind = _KINDS[number % len(_KINDS)]
            ident = f"d{number + 1:03d}"
            label = rng.choice(_KIND_NAMES[kind])
            self.departments.append({"id": ident, "name": f"{label} {number + 1}", "kind": kind, "parent": "lead"})
            boss = vps[number % len(vps)] if vps else chief
            self.department_tree(ident, size, boss)
        if externals:
            self.departments.append({"id": "ext", "name": "Design institute & advisers", "kind": "external"})
            for _ in range(externals):
                self.person("ext", "Outside expert", None, 3).power = {"knowledge": 3}

    def department_tree(self, department: str, size: int, boss: _Person) -> None:
        """A reporting tree filled breadth first, each manager taking 3-12 direct reports."""
        head = self.person(department, "Head of department", boss, 2)
        waiting = [head]
        placed = 1
        at = 0
        while placed < size:
            manager = waiting[at]
            at += 1
            span = min(self.rng.randint(3, 12), size - placed)
            for _ in range(span):
                waiting.append(self.person(department, "Staff", manager, 3))
            placed += span

    # -- attributes -----------------------------------------------------------------------
    def attributes(self) -> None:
        """Titles, power, stances, statuses and the few buying roles."""
        rng = self.rng
        kinds = {d["id"]: d["kind"] for d in self.departments}
        for person in self.persons:
            kind = kinds[person.department]
            if person.level == 3 and person.reports and person.department != "ext":
                person.title = "Manager"
            if person.level <= 1:
                person.power["position"] = 3
            elif person.level == 2:
                person.power["position"] = 2
            elif person.reports:
                person.power["position"] = 1
            if kind == "technical" and rng.random() < 0.2:
                person.power["knowledge"] = rng.randint(1, 3)
            if kind in ("finance", "procurement") and person.level <= 2:
                person.power["allocation"] = rng.randint(2, 3)
            if rng.random() < 0.05:
                person.power["interpersonal"] = rng.randint(1, 3)
            if rng.random() < 0.03:
                person.power["information"] = rng.randint(1, 3)
            person.stance = _pick(rng, _STANCES)
            status = rng.random()
            person.status = "left" if status < 0.01 else "new" if status < 0.03 else "transferred" if status < 0.04 else "active"
            if person.status == "left" and person.reports:
                person.status = "active"  # a manager who left would have been replaced; no orphaned teams
            if rng.random() < 0.005:
                person.close_to_competitor = rng.choice(_COMPETITORS)
        self.roles(kinds)

    def roles(self, kinds: dict[str, str]) -> None:
        rng = self.rng
        leadership = self.by_department["lead"]
        leadership[0].roles.append("decision_maker")
        for vp in leadership[1: 1 + max(1, len(self.persons) // 5000)]:
            vp.roles.append("decision_maker")
        heads = [p for p in self.persons if p.level == 2]
        for person in leadership + heads:
            kind = kinds[person.department]
            if person.title == "Chief Financial Officer" or (kind == "finance" and person.level == 2):
                person.roles.append("funder")
            if kind == "procurement" and person.level == 2:
                person.roles.append("procurement")
            if kind == "technical" and person.level == 2:
                person.roles.append("spec_setter")
        by_kind: dict[str, list[_Person]] = {}
        for person in self.persons:
            by_kind.setdefault(kinds[person.department], []).append(person)
        few = max(1, len(self.persons) // 400)
        for kind, role, count in (("procurement", "procurement", few), ("technical", "evaluator", 2 * few + 2),
                                  ("user", "evaluator", few), ("user", "user", max(2, len(self.persons) // 40)),
                                  ("technical", "information_source", few), ("other", "gatekeeper", 1)):
            pool = by_kind.get(kind) or self.persons
            for person in rng.sample(pool, min(count, len(pool))):
                if role not in person.roles:
                    person.roles.append(role)
        seniors = [p for p in self.persons if p.reports]
        for person in rng.sample(seniors, min(rng.randint(1, 3), len(seniors))):
            person.roles.append("saboteur")
            person.stance = rng.choice(("opponent", "skeptic"))
        for person in rng.sample(self.persons, min(2, len(self.persons))):
            if "saboteur" not in person.roles:
                person.roles.append("champion")
                person.stance = "champion"

    def factions(self) -> list[dict]:
        """2-4 factions led by senior people; managers follow their boss's camp more often than not."""
        rng = self.rng
        seniors = [p for p in self.persons if p.level <= 2]
        count = min(rng.randint(2, 4), len(seniors))
        leaders = rng.sample(seniors, count)
        factions = []
        for number, leader in enumerate(leaders):
            ident = f"f{number + 1}"
            leader.faction = ident
            factions.append({"id": ident, "name": ("Reformers", "改革派", "Old guard", "稳健派")[number], "leader": leader.id})
        faction_of = {leader.id: leader.faction for leader in leaders}
        for person in self.persons:  # bosses come before their reports, so camps flow down
            if person.faction or not (person.reports or person.level <= 2):
                faction_of[person.id] = person.faction
                continue
            inherited = faction_of.get(person.boss) if person.boss else None
            if inherited and rng.random() < 0.6:
                person.faction = inherited
            elif rng.random() < 0.15:
                person.faction = rng.choice(factions)["id"]
            faction_of[person.id] = person.faction
        return factions

    # -- ties -----------------------------------------------------------------------------
    def tie(self, source: _Person, target: _Person, kind: str) -> None:
        key = (source.id, target.id, kind)
        if source is target or key in self.tie_keys:
            return
        self.tie_keys.add(key)
        self.relations.append({"source": source.id, "target": target.id, "type": kind,
                               "weight": round(self.rng.uniform(0.2, 0.95), 1)})

    def ties(self) -> None:
        """About two influence/advice ties given per person; a few ally/friend/rival/... across."""
        rng = self.rng
        by_id = {p.id: p for p in self.persons}
        senior = [p for p in self.persons if p.level <= 2]
        average = self.shape.ties_per_person
        for person in self.persons:
            colleagues = self.by_department[person.department]
            if average is None:
                count = rng.choice((1, 2, 2, 3))
            else:  # the whole part always, one more with the chance of the fraction
                count = int(average) + (rng.random() < average - int(average))
            for _ in range(count):
                draw = rng.random()
                if draw < 0.35 and person.boss:
                    target = by_id[person.boss]  # most influence runs along the line, upwards
                elif draw < 0.8:
                    target = rng.choice(colleagues)
                elif draw < 0.9:
                    target = rng.choice(senior)
                else:
                    target = rng.choice(self.persons)
                self.tie(person, target, "influences" if rng.random() < 0.6 else "advises")
        for _ in range(max(1, len(self.persons) * 8 // 100)):
            source, target = rng.choice(self.persons), rng.choice(self.persons)
            self.tie(source, target, _pick(rng, _TIES))

    def team(self) -> tuple[list[dict], list[dict]]:
        """Our team of 3-8, the first (the account manager) holding the most contacts."""
        rng = self.rng
        size = rng.randint(3, 8)
        team = [{"id": f"t{n + 1}", "name": self.name(), "role": "Account manager" if n == 0 else "Sales"}
                for n in range(size)]
        share = self.shape.contact_share
        count = max(size, round(len(self.persons) * (rng.uniform(0.01, 0.05) if share is None else share)))
        senior = [p for p in self.persons if p.level <= 2 or p.reports]
        reached: set[str] = set()
        contacts = []
        weights = [3] + [1] * (size - 1)
        for _ in range(count):
            person = rng.choice(senior) if rng.random() < 0.5 else rng.choice(self.persons)
            member = rng.choices(team, weights)[0]["id"]
            if (member, person.id) in reached:
                continue
            reached.add((member, person.id))
            contact = {"member": member, "stakeholder": person.id, "strength": _pick(rng, _STRENGTHS)}
            if rng.random() < 0.9:
                contact["last_contact"] = (AS_OF - dt.timedelta(days=rng.randint(0, 240))).isoformat()
            contacts.append(contact)
        return team, contacts


def generate_document(people: int, *, seed: int = 0, shape: Shape | str | None = None) -> dict:
    """The account as a plain document (the shape of a YAML/JSON account file); ``shape`` is a
    :class:`Shape` or the name of one in :data:`SHAPES` (default: ``"default"``)."""
    if people < 1:
        raise ValueError("people must be at least 1")
    shape = shape_of(shape)
    named = next((name for name, known in SHAPES.items() if known == shape), "custom")
    builder = _Builder(people, random.Random(seed), shape)
    builder.organisation()
    builder.attributes()
    factions = builder.factions()
    builder.ties()
    team, contacts = builder.team()
    return {
        "account": {"id": f"synthetic-{people}" + ("" if named == "default" else f"-{named}"),
                    "name": f"Synthetic Group {people} 合成集团", "stage": "proposal",
                    "culture": "centralized", "competitors": _COMPETITORS, "as_of": AS_OF.isoformat()},
        "team": team,
        "departments": builder.departments,
        "factions": factions,
        "stakeholders": [person.record() for person in builder.persons],
        "relations": builder.relations,
        "contacts": contacts,
    }


def generate_account(people: int, *, seed: int = 0, shape: Shape | str | None = None) -> AccountMap:
    """A realistic, validated account of ``people`` stakeholders; the same seed and shape give
    the same account."""
    return AccountMap.model_validate(generate_document(people, seed=seed, shape=shape))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.generate", description=__doc__.split("\n\n")[0])
    parser.add_argument("people", type=int, help="number of stakeholders")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("-o", "--output", required=True,
                        help="where to write: .yaml/.yml, .json, .xlsx, or a folder name without an ending (CSV)")
    parser.add_argument("--overwrite", action="store_true")
    parser.add_argument("--shape", choices=list(SHAPES), default="default",
                        help="a named organisation shape (see the module's documentation)")
    parser.add_argument("--department-size", type=int, help="average people per department (default 150)")
    parser.add_argument("--ties-per-person", type=float,
                        help="influence/advice ties each person gives on average (default 1-3, two)")
    parser.add_argument("--contact-share", type=float,
                        help="share of the people our team has a contact with, 0-1 (default drawn 0.01-0.05)")
    args = parser.parse_args(argv)
    from powermap.writers import write_account

    knobs = {name: value for name, value in (("department_size", args.department_size),
                                             ("ties_per_person", args.ties_per_person),
                                             ("contact_share", args.contact_share)) if value is not None}
    try:
        shape = replace(SHAPES[args.shape], **knobs)
    except ValueError as error:
        parser.error(str(error))
    form = write_account(generate_account(args.people, seed=args.seed, shape=shape), args.output,
                         overwrite=args.overwrite)
    print(f"wrote {args.output} ({form}, {args.people} people, seed {args.seed}, shape {args.shape}"
          + (f" with {', '.join(f'{k}={v}' for k, v in knobs.items())}" if knobs else "") + ")")
    return 0


if __name__ == "__main__":
    sys.exit(main())
