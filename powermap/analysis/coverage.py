"""Coverage gaps: whom and what our team does not reach, and how much each gap matters.

"Those who use do not buy, those who buy do not decide, those who decide do not use": a deal
needs contact across users, buyers and deciders, not one friendly person. Seven kinds of gap,
each with a severity by a written rule (see docs/analyses.md for the full table):

- ``role``: a key buying role (decision maker, funder, procurement, user, evaluator, spec
  setter) held by someone, whose holders nobody reaches. High when the role weighs >= 0.8 in
  the stage, medium >= 0.5, else low; one step lower when the holders are reached, but only
  weakly or through stale contacts.
- ``department`` / ``faction``: one with active people of whom nobody is reached. High when it
  holds a top key person or a decision maker or funder; medium when it holds another key-role
  holder (or, for a faction, always at least medium); else low. A faction reached only weakly
  or through stale contacts: medium when it holds a top key person, else low.
- ``key_person``: a key person (:attr:`KeyPersons.key`, the one set the report calls key
  persons) not reached (high) or reached only weakly (high for the top three, else medium).
- ``single_threaded``: one team member holds most of the contacts (>= 50 % medium, >= 70 %
  high, and in both cases at least 1.5 times a fair share, so two sellers at 50 % each are
  fine; contacts with people who left do not count), or a key person is reached by one member
  only (high for rank 1, else medium).
- ``stale_contact``: a key person whose latest contact is stale (high for the top three,
  else medium), unless the contact is also weak: then the ``key_person`` gap says both, with
  how long ago, once; other key-role holders with only stale contacts (low).
- ``unknown_stance``: a key person whose stance is unknown (high for the top three, else
  medium); a decision maker or funder outside the key persons with unknown stance (low).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import asdict, dataclass

import networkx as nx

from ..i18n import N_, Message, chained, say, say_n
from ..model import KEY_ROLES, Role
from .engine import node_data
from .graph import active_stakeholders, department_node, faction_node, group_data, members
from .groups import groups
from .key_persons import KEY_ROLE_WORDS, KeyPersons, key_persons, role_weight
from .leaders import reach_words
from .reach import STALE_DAYS, Reach, reach_by_person

__all__ = ["Gap", "coverage_gaps", "KINDS", "SEVERITIES", "TOP_KEY_PERSONS"]

KINDS = ("role", "department", "faction", "key_person", "single_threaded", "stale_contact", "unknown_stance")
SEVERITIES = ("high", "medium", "low")
TOP_KEY_PERSONS = 5  # a count a caller may give instead of the key persons (``top``); not the default
_SHARE_MEDIUM, _SHARE_HIGH = 0.50, 0.70
_OVER_FAIR = 1.5  # ... and at least this many times a fair share (1 / team size)
_KEY_ROLE_VALUES = frozenset(role.value for role in KEY_ROLES)  # the key roles as the graph holds them
_DECIDING = frozenset({Role.DECISION_MAKER.value, Role.FUNDER.value})  # the roles that decide or pay
_ROLE_NOUNS = {
    Role.DECISION_MAKER: N_("decision maker"),
    Role.FUNDER: N_("funder"),
    Role.PROCUREMENT: N_("buyer (procurement)"),
    Role.USER: N_("users"),
    Role.EVALUATOR: N_("evaluators"),
    Role.SPEC_SETTER: N_("spec setter"),
}


@dataclass(frozen=True)
class Gap:
    kind: str
    subject: str  # a role name, department, faction, stakeholder or team member id
    severity: str
    message: Message  # a str: its English text; ``message.text("zh")`` in Chinese

    def to_dict(self) -> dict:
        return asdict(self)


def _name(graph: nx.MultiDiGraph, node: str) -> str:
    return graph.nodes[node]["name"]


def _names(graph: nx.MultiDiGraph, nodes) -> list[str]:
    """The names, as a message field: joined with ", " (a Chinese "、")."""
    return [_name(graph, node) for node in nodes]


def _thin(seen: Reach) -> bool:
    """Reached, but only weakly or through stale contacts."""
    return seen.reached and (seen.weak or seen.stale)


def _lower(severity: str) -> str:
    return SEVERITIES[min(SEVERITIES.index(severity) + 1, len(SEVERITIES) - 1)]


def _role_gaps(graph, reach, stage) -> list[Gap]:
    gaps = []
    index = groups(graph)
    for role in KEY_ROLES:
        holders = index.of("role", role.value)
        reached = [p for p in holders if reach[p].reached]
        if not holders or any(not _thin(reach[p]) for p in reached):
            continue
        weight = role_weight(role, stage)
        severity = "high" if weight >= 0.8 else "medium" if weight >= 0.5 else "low"
        label = say(_ROLE_NOUNS[role])
        if reached:
            how = [say("{name}: {contact}", name=_name(graph, p), contact=reach_words(reach[p], graph)) for p in reached]
            how = chained(how)
            said = (say("the {role} are reached only weakly or long ago ({how})", role=label, how=how)
                    if role in (Role.USER, Role.EVALUATOR) else  # "the users are", "the funder is"
                    say("the {role} is reached only weakly or long ago ({how})", role=label, how=how))
            gaps.append(Gap("role", role.value, _lower(severity), said))
        else:
            gaps.append(Gap("role", role.value, severity,
                            say("nobody on our team reaches the {role} ({names})", role=label,
                                names=_names(graph, holders))))
    return gaps


def _group_gaps(graph, reach, key_ids, kind: str) -> list[Gap]:
    """Departments or factions with active people, none of them reached."""
    node_of = department_node if kind == "department" else faction_node
    index = groups(graph)
    gaps = []
    order = [data["ref"] for data in group_data(graph, kind)]
    for group in order:
        inside = index.of(kind, group)
        reached = [p for p in inside if reach[p].reached]
        if kind == "faction" and reached and all(_thin(reach[p]) for p in reached):
            severity = "medium" if set(inside) & key_ids else "low"
            title = _name(graph, node_of(group))
            gaps.append(Gap(kind, group, severity, say("{group} is reached only weakly or long ago ({names})",
                                                       group=title, names=_names(graph, reached))))
        if not inside or reached:
            continue
        holds_roles = {role for p in inside for role in graph.nodes[p]["roles"]}
        if set(inside) & key_ids or holds_roles & _DECIDING:
            severity = "high"
        elif holds_roles & _KEY_ROLE_VALUES or kind == "faction":
            severity = "medium"
        else:
            severity = "low"
        title = _name(graph, node_of(group))
        gaps.append(Gap(kind, group, severity, say_n(
            "nobody on our team reaches {group} ({count} person: {names})",
            "nobody on our team reaches {group} ({count} people: {names})",
            count=len(inside), group=title, names=_names(graph, inside))))
    return gaps


def _key_person_gaps(graph, key: KeyPersons, reach: dict[str, Reach], top: int | None) -> list[Gap]:
    gaps = []
    for person in key.select(top):
        seen = reach[person.id]
        label = say("key person #{rank} {name}", rank=person.rank, name=person.name)
        if not seen.reached:
            gaps.append(Gap("key_person", person.id, "high",
                            say("{person} is not reached by anyone on our team", person=label)))
        elif seen.weak:
            severity = "high" if person.rank <= 3 else "medium"
            gaps.append(Gap("key_person", person.id, severity,
                            say("{person} is reached only weakly ({contact})", person=label, contact=reach_words(seen, graph))))
        if seen.reached and len(seen.members) == 1:
            severity = "high" if person.rank == 1 else "medium"
            member = _name(graph, seen.members[0])
            gaps.append(Gap("single_threaded", person.id, severity,
                            say("{person} is reached only through {member}", person=label, member=member)))
        if seen.reached and seen.stale and not seen.weak:  # a weak contact's gap says how long ago already
            severity = "high" if person.rank <= 3 else "medium"
            gaps.append(Gap("stale_contact", person.id, severity,
                            say("{person}: {contact}", person=label, contact=reach_words(seen, graph))))
        if graph.nodes[person.id]["stance_score"] is None:
            severity = "high" if person.rank <= 3 else "medium"
            gaps.append(Gap("unknown_stance", person.id, severity, say("the stance of {person} is unknown", person=label)))
    return gaps


def _team_gaps(graph) -> list[Gap]:
    team = members(graph)
    active = set(active_stakeholders(graph))  # a contact with someone who left carries nothing now
    carried = Counter(member for member in team for person, keyed in graph.succ[member].items() if person in active
                      for data in keyed.values() if data["type"] == "contact")
    total = sum(carried.values())
    if not total:
        return []
    member, count = max(carried.items(), key=lambda item: (item[1], -team.index(item[0])))
    share = count / total
    if len(team) == 1:
        return [Gap("single_threaded", member, "medium",
                    say("{member} is our whole team: every contact rests on one person", member=_name(graph, member)))]
    if share < _SHARE_MEDIUM or share < _OVER_FAIR / len(team):
        return []
    severity = "high" if share >= _SHARE_HIGH else "medium"
    return [
        Gap("single_threaded", member, severity,
            say("{member} holds {count} of our {total} contacts ({share:.0%}): the account rests on one seller",
                member=_name(graph, member), count=count, total=total, share=share))
    ]


def _lesser_gaps(graph, people, reach, key_ids) -> list[Gap]:
    """Stale contacts and unknown stances of key-role holders outside the top key persons."""
    gaps = []
    nodes = node_data(graph)
    for person in people:
        if person in key_ids:
            continue
        roles = nodes[person]["roles"]
        if not roles:  # most people hold no buying role: no gap of either kind
            continue
        roles = set(roles)
        if roles & _KEY_ROLE_VALUES and reach[person].reached and reach[person].stale:
            gaps.append(Gap("stale_contact", person, "low",
                            say("{person}: {contact}", person=_name(graph, person), contact=reach_words(reach[person], graph))))
        if roles & _DECIDING and nodes[person]["stance_score"] is None:
            words = [say(KEY_ROLE_WORDS[role]) for role in sorted(roles) if role in KEY_ROLE_WORDS]
            gaps.append(Gap("unknown_stance", person, "low", say("the stance of {person} ({roles}) is unknown",
                                                                 person=_name(graph, person), roles=words)))
    return gaps


def coverage_gaps(
    graph: nx.MultiDiGraph,
    *,
    key: KeyPersons | None = None,
    top: int | None = None,
    as_of: dt.date | None = None,
    stale_days: int = STALE_DAYS,
    engine: str | None = None,
) -> tuple[Gap, ...]:
    """Every coverage gap of an account, most severe first.

    Parameters
    ----------
    graph : the account graph; not changed.
    key : the key-person ranking (computed when not given).
    top : count the first ``top`` of the ranking as the key persons instead of ``key.key``.
    as_of, stale_days : contacts older than ``stale_days`` before ``as_of`` are stale.
    engine : passed to :func:`key_persons` when ``key`` is not given.
    """
    key = key or key_persons(graph, engine=engine)
    reach = reach_by_person(graph, as_of=as_of, stale_days=stale_days)
    people = active_stakeholders(graph)
    key_ids = {person.id for person in key.select(top)}
    gaps = (
        _role_gaps(graph, reach, key.stage)
        + _group_gaps(graph, reach, key_ids, "department")
        + _group_gaps(graph, reach, key_ids, "faction")
        + _key_person_gaps(graph, key, reach, top)
        + _team_gaps(graph)
        + _lesser_gaps(graph, people, reach, key_ids)
    )
    return tuple(sorted(gaps, key=lambda gap: (SEVERITIES.index(gap.severity), KINDS.index(gap.kind))))

