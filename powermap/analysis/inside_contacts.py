"""Inside contacts (内线, coach): supportive people close to us who are placed to know, and
who can help without burning themselves or us.

The inside contact tells us the org chart, the roles and who weighs how much. Only people who
are on our side (stance supporter or champion), in post (not left, not transferred away), and
reached by our team at ``colleague`` closeness or better are candidates. Three kinds of people
are never proposed, however close they are to us:

- a rival of the top leader (:func:`~powermap.analysis.leaders.top_leaders`): asking him about
  the leader is the fastest way to lose the leader; he is on the avoid list instead
  (:mod:`~powermap.analysis.avoid`), which says why;
- a key decision maker, or the top leader: the decider is not their own inside contact;
- a neutral, unknown or negative person, and one who left or was transferred.

Each candidate's score (0..1) adds:

- 0.30 closeness: our closest contact's level / 5 (x 0.7 when stale);
- 0.20 information: information power / 3, at least 2/3 for an information source or
  gatekeeper;
- 0.15 circle: inner 1, edge 0.5, outer 0.1, not known 0.3;
- 0.20 proximity to the key persons: mean of 1/(1 + distance) to each key person on the
  tie graph (formal and informal ties; a key person's own place counts as 1);
- 0.15 reach across departments: departments among their ties (and their own) / departments.

Each candidate also lists the risks of using them, the gravest first: exposure burns someone
in the top leader's inner circle; sitting in a faction at odds with a decision maker or key
person; the rival of a key person (among the first ``2 x key_count``); being visibly ours
(champion, intimate with us, or known to three or more of our team); little hidden power;
new in post; reached by one of us only; close to a competitor. No reason names a key person as
a tie of someone who is that person's rival.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import networkx as nx

from ..i18n import N_, Message, say, say_n
from ..model import Role
from .engine import engine_for, hop_distances, node_data
from .graph import active_stakeholders, tie_graph
from .groups import groups
from .key_persons import KeyPersons, key_persons, power_words
from .leaders import key_set, person_words, reach_words, rivals, top_leaders, watched
from .reach import STALE_DAYS, reach_by_person

__all__ = ["InsideContact", "inside_contacts"]

_CIRCLE = {"inner": 1.0, "edge": 0.5, "outer": 0.1, None: 0.3}
_MIN_LEVEL = 2  # colleague or closer
_STANCE = {"champion": N_("a champion"), "supporter": N_("a supporter")}
_SOURCE_ROLES = {Role.INFORMATION_SOURCE.value: N_("information source"), Role.GATEKEEPER.value: N_("gatekeeper")}


@dataclass(frozen=True)
class InsideContact:
    id: str
    name: str
    score: float
    reasons: tuple[Message, ...]
    risks: tuple[Message, ...]

    def to_dict(self) -> dict:
        return {"id": self.id, "name": self.name, "score": self.score, "reasons": list(self.reasons), "risks": list(self.risks)}


def _boss(graph: nx.MultiDiGraph, person: str) -> str | None:
    """The nearest active boss above ``person`` (a boss who left is skipped)."""
    seen, current = {person}, person
    while True:
        above = next((target for target, keyed in graph.succ[current].items() if "reports_to" in keyed), None)
        if above is None or above in seen:
            return None
        if graph.nodes[above]["active"]:
            return above
        seen.add(above)
        current = above


def _factions_at_odds(graph: nx.MultiDiGraph, rivalries: dict[str, dict[str, float]], powerful: list[str]) -> dict[str, str]:
    """Factions with a member who is a rival of a powerful person outside the faction.

    ``powerful`` (decision makers, then key persons) is in order of importance; the result maps
    each such faction to the most important person it is at odds with.
    """
    place: dict[str, int] = {}
    for number, person in enumerate(powerful):
        place.setdefault(person, number)
    best: dict[str, int] = {}
    nodes = graph.nodes
    for person, mine in rivalries.items():  # each rivalry once, not every person against every powerful one
        faction = nodes[person]["faction"]
        if faction is None:
            continue
        found = [place[other] for other in mine if other in place and nodes[other]["faction"] != faction]
        if found and (faction not in best or min(found) < best[faction]):
            best[faction] = min(found)
    return {faction: powerful[number] for faction, number in best.items()}


def inside_contacts(
    graph: nx.MultiDiGraph,
    *,
    key: KeyPersons | None = None,
    top: int | None = None,
    as_of: dt.date | None = None,
    stale_days: int = STALE_DAYS,
    engine: str | None = None,
) -> tuple[InsideContact, ...]:
    """Inside-contact candidates, best first (ties in file order).

    ``top`` counts the first ``top`` of the ranking as the key persons instead of the key
    persons themselves (:attr:`KeyPersons.key`). ``engine``
    (:mod:`~powermap.analysis.engine`) computes the distances to the key persons (breadth-first
    search, the same distances either way) and the ranking when ``key`` is not given.
    """
    key = key or key_persons(graph, engine=engine)
    reach = reach_by_person(graph, as_of=as_of, stale_days=stale_days)
    people = active_stakeholders(graph)
    ties = tie_graph(graph)
    key_ids = list(key_set(key, top))
    leaders = top_leaders(graph, key)
    nodes = node_data(graph)
    candidates = [p for p in people if (nodes[p]["stance_score"] or 0) >= 1
                  and reach[p].level is not None and reach[p].level >= _MIN_LEVEL]
    # the ties are undirected: one search from each of the smaller side (the key persons or the
    # candidates) gives every distance between the two
    if len(candidates) < len(key_ids):
        from_key = {k: {} for k in key_ids}
        found = hop_distances(ties, candidates, targets=key_ids, engine=engine_for(graph, engine))
        for candidate, steps in found.items():
            for k, distance in steps.items():
                from_key[k][candidate] = distance
    else:
        from_key = hop_distances(ties, key_ids, targets=candidates, engine=engine_for(graph, engine))
    departments = {nodes[p]["department"] for p in people} - {None}
    rivalries = rivals(graph)
    decider = Role.DECISION_MAKER.value  # read once: an enum member's value is a property
    deciders = list(groups(graph).of("role", decider))  # the index of who holds each role, made once
    ruled_out = set(leaders) | {p for p in key_ids if p in deciders}  # the deciders themselves
    ring = list(watched(key, top))  # rivals worth worrying about
    at_odds = _factions_at_odds(graph, rivalries, deciders + [p for p in ring if p not in deciders])

    found = []
    for person in people:
        data = nodes[person]
        seen = reach[person]
        if (data["stance_score"] or 0) < 1 or seen.level is None or seen.level < _MIN_LEVEL:
            continue
        mine = rivalries.get(person, {})
        if data["status"] == "transferred" or person in ruled_out or any(leader in mine for leader in leaders):
            continue
        reasons = [say(_STANCE[data["stance"]]), reach_words(seen, graph)]
        closeness = seen.level / 5 * (0.7 if seen.stale else 1.0)

        information = data["power"]["information"] / 3
        source_roles = [word for role, word in _SOURCE_ROLES.items() if role in data["roles"]]
        if source_roles:
            information = max(information, 2 / 3)
            reasons.append(say("{roles} by role", roles=[say(word) for word in source_roles]))
        if data["power"]["information"] >= 2:
            reasons.append(power_words(data["power"]["information"], ["information"]))

        circle = _CIRCLE[data["circle"]]
        boss = _boss(graph, person)
        if data["circle"] == "inner":
            reasons.append(say("in the inner circle of {boss}", boss=graph.nodes[boss]["name"]) if boss
                           else say("in the inner circle of their boss"))

        distances = {k: from_key[k][person] for k in key_ids if person in from_key[k]}
        near = [1.0 if k == person else 1 / (1 + distances[k]) if k in distances else 0.0 for k in key_ids]
        proximity = sum(near) / len(near) if near else 0.0
        # a key person who is their rival is never named as one of their ties
        close_keys = [k for k in key_ids if k != person and distances.get(k) == 1 and k not in mine]
        if person in key_ids:
            reasons.append(say("key person #{rank}", rank=key.rank(person)))
        if close_keys:
            reasons.append(say_n("direct tie to key person {names}", "direct ties to key persons {names}",
                                 count=len(close_keys), names=[graph.nodes[k]["name"] for k in close_keys]))

        reached_departments = {graph.nodes[n]["department"] for n in ties[person]} | {data["department"]}
        reached_departments -= {None}
        spread = len(reached_departments) / len(departments) if departments else 0.0
        if len(reached_departments) >= 3:
            reasons.append(say("ties into {count} departments", count=len(reached_departments)))

        score = 0.30 * closeness + 0.20 * information + 0.15 * circle + 0.20 * proximity + 0.15 * spread
        risks = _risks(graph, person, seen, boss, leaders, ring, mine, at_odds)
        found.append(InsideContact(person, data["name"], min(1.0, score), tuple(reasons), tuple(risks)))
    position = {person: place for place, person in enumerate(people)}
    found.sort(key=lambda candidate: (-candidate.score, position[candidate.id]))
    return tuple(found)


def _risks(graph, person, seen, boss, leaders, ring, mine, at_odds) -> list[Message]:
    """What could go wrong in using ``person`` as our inside contact, the gravest first."""
    data = graph.nodes[person]
    risks = []
    if data["circle"] == "inner" and boss in leaders:
        risks.append(say("exposure would burn them with the top leader {leader}", leader=person_words(graph, boss)))
    faction = data["faction"]
    if faction in at_odds and at_odds[faction] not in mine:  # else said below
        other = at_odds[faction]
        name = graph.nodes[other]["name"]
        group = graph.nodes["faction:" + faction]["name"]
        if Role.DECISION_MAKER.value in graph.nodes[other]["roles"]:
            risks.append(say("sits in {faction}, at odds with decision maker {name}", faction=group, name=name))
        else:
            risks.append(say("sits in {faction}, at odds with key person {name}", faction=group, name=name))
    for rival in sorted(set(mine) & set(ring), key=ring.index):
        risks.append(say("rival of key person {name}", name=graph.nodes[rival]["name"]))
    visible = []
    if data["stance"] == "champion":
        visible.append(say("a declared champion"))
    if seen.level == 5:
        visible.append(say("intimate with us"))
    if len(seen.members) >= 3:
        visible.append(say("known to {count} of our team", count=len(seen.members)))
    if visible:
        risks.append(say("visibly ours ({signs}): others may discount them or cut them out", signs=visible))
    if data["power_total"] <= 3 and data["circle"] != "inner" and person not in ring:
        risks.append(say("little hidden power of their own"))
    if data["status"] == "new":
        risks.append(say("new in post: may not know the inside yet"))
    if len(seen.members) == 1:
        risks.append(say("only {member} of our team knows them", member=graph.nodes[seen.members[0]]["name"]))
    if data["close_to_competitor"]:
        risks.append(say("close to competitor {competitor}", competitor=data["close_to_competitor"]))
    return risks
