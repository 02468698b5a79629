"""Inside contacts (内线, coach): supportive people close to us who are placed to know.

The inside contact tells us the org chart, the roles and who weighs how much. Only people who
are on our side (stance supporter or champion), still at the buyer, and reached by our team at
``colleague`` closeness or better are candidates: a neutral, unknown or negative person, or one
who left, is never proposed. Each candidate's score (0..1) adds:

- 0.30 closeness: our closest contact's level / 5 (x 0.7 when stale);
- 0.20 information: information power / 3, at least 2/3 for an information source or
  gatekeeper;
- 0.15 circle: inner 1, edge 0.5, outer 0.1, not known 0.3;
- 0.20 proximity to the key persons: mean of 1/(1 + distance) to each top key person on the
  tie graph (formal and informal ties; a key person's own place counts as 1);
- 0.15 reach across departments: departments among their ties (and their own) / departments.

Each candidate also lists the risks of using them: exposure (in a faction whose members are
rivals of a decision maker or of a key person outside it; rival of one of the top ten key
persons), being visibly ours (champion, intimate with us, or
known to three or more of our team), little real power, new in post or transferred, reached
by one of us only, close to a competitor.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import networkx as nx

from ..model import RelationType, Role
from .engine import engine_for, hop_distances
from .graph import active_stakeholders, tie_graph
from .key_persons import KeyPersons, key_persons
from .reach import STALE_DAYS, reach_by_person

__all__ = ["InsideContact", "inside_contacts"]

_CIRCLE = {"inner": 1.0, "edge": 0.5, "outer": 0.1, None: 0.3}
_MIN_LEVEL = 2  # colleague or closer


@dataclass(frozen=True)
class InsideContact:
    id: str
    name: str
    score: float
    reasons: tuple[str, ...]
    risks: tuple[str, ...]

    def to_dict(self) -> dict:
        return {"id": self.id, "name": self.name, "score": self.score, "reasons": list(self.reasons), "risks": list(self.risks)}


def _rivals(graph: nx.MultiDiGraph) -> dict[str, set[str]]:
    found: dict[str, set[str]] = {}
    for source, target, data in graph.edges(data=True):
        if data["type"] in RelationType.NEGATIVE:
            found.setdefault(source, set()).add(target)
            found.setdefault(target, set()).add(source)
    return found


def _factions_at_odds(graph: nx.MultiDiGraph, rivals: dict[str, set[str]], powerful: list[str]) -> dict[str, str]:
    """Factions with a member who is a rival of a powerful person outside the faction.

    ``powerful`` (decision makers, then key persons) is in order of importance; the result maps
    each such faction to the most important person it is at odds with.
    """
    at_odds = {}
    for person in active_stakeholders(graph):
        faction = graph.nodes[person]["faction"]
        if faction is None:
            continue
        for other in powerful:
            if other in rivals.get(person, ()) and graph.nodes[other]["faction"] != faction:
                if faction not in at_odds or powerful.index(other) < powerful.index(at_odds[faction]):
                    at_odds[faction] = other
                break
    return at_odds


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

    ``engine`` (:mod:`~powermap.analysis.engine`) computes the distances to the key persons
    (breadth-first search, the same distances either way) and the ranking when ``key`` is
    not given.
    """
    key = key or key_persons(graph, engine=engine)
    reach = reach_by_person(graph, as_of=as_of, stale_days=stale_days)
    people = active_stakeholders(graph)
    ties = tie_graph(graph)
    key_ids = [person.id for person in key.select(top)]  # the key persons (or the first ``top``)
    candidates = [p for p in people if (graph.nodes[p]["stance_score"] or 0) >= 1
                  and reach[p].level is not None and reach[p].level >= _MIN_LEVEL]
    # the ties are undirected, so one search from each key person gives the candidates' distances
    from_key = hop_distances(ties, key_ids, targets=candidates, engine=engine_for(graph, engine))
    departments = {graph.nodes[p]["department"] for p in people} - {None}
    rivals = _rivals(graph)
    deciders = [p for p in people if Role.DECISION_MAKER.value in graph.nodes[p]["roles"]]
    chosen = set(key_ids)
    watched = [p.id for p in key.ranked if p.id in chosen or p.rank <= 2 * len(chosen)]  # rivals worth worrying about
    at_odds = _factions_at_odds(graph, rivals, deciders + [p for p in watched if p not in deciders])

    found = []
    for person in people:
        data = graph.nodes[person]
        seen = reach[person]
        if (data["stance_score"] or 0) < 1 or seen.level is None or seen.level < _MIN_LEVEL:
            continue
        reasons = [f"{data['stance']}; {seen.describe(graph)}"]
        closeness = seen.level / 5 * (0.7 if seen.stale else 1.0)

        information = data["power"]["information"] / 3
        source_roles = [r for r in (Role.INFORMATION_SOURCE.value, Role.GATEKEEPER.value) if r in data["roles"]]
        if source_roles:
            information = max(information, 2 / 3)
            reasons.append(f"{' and '.join(r.replace('_', ' ') for r in source_roles)} by role")
        if data["power"]["information"] >= 2:
            reasons.append(f"information power {data['power']['information']}")

        circle = _CIRCLE[data["circle"]]
        if data["circle"] == "inner":
            reasons.append("in the inner circle of their boss")

        distances = {k: from_key[k][person] for k in key_ids if person in from_key[k]}
        near = [1.0 if k == person else 1 / (1 + distances[k]) if k in distances else 0.0 for k in key_ids]
        proximity = sum(near) / len(near) if near else 0.0
        close_keys = [k for k in key_ids if k != person and distances.get(k) == 1]
        if person in key_ids:
            reasons.append(f"is key person #{key.rank(person)}")
        if close_keys:
            reasons.append("direct ties to key person(s) " + ", ".join(graph.nodes[k]["name"] for k in close_keys))

        reached_departments = {graph.nodes[n]["department"] for n in ties[person]} | {data["department"]}
        reached_departments -= {None}
        spread = len(reached_departments) / len(departments) if departments else 0.0
        if len(reached_departments) >= 3:
            reasons.append(f"ties into {len(reached_departments)} departments")

        score = 0.30 * closeness + 0.20 * information + 0.15 * circle + 0.20 * proximity + 0.15 * spread
        risks = _risks(graph, person, seen, key, watched, rivals, at_odds)
        found.append(InsideContact(person, data["name"], min(1.0, score), tuple(reasons), tuple(risks)))
    position = {person: place for place, person in enumerate(people)}
    found.sort(key=lambda candidate: (-candidate.score, position[candidate.id]))
    return tuple(found)


def _risks(graph, person, seen, key: KeyPersons, watched, rivals, at_odds) -> list[str]:
    data = graph.nodes[person]
    risks = []
    faction = data["faction"]
    if faction in at_odds and at_odds[faction] not in rivals.get(person, set()):  # else said below
        other = at_odds[faction]
        what = "decision maker" if Role.DECISION_MAKER.value in graph.nodes[other]["roles"] else f"key person #{key.rank(other)}"
        risks.append(f"exposure: sits in {graph.nodes['faction:' + faction]['name']}, at odds with {what} {graph.nodes[other]['name']}")
    for rival in sorted(rivals.get(person, set()) & set(watched), key=watched.index):
        risks.append(f"exposure: rival of key person #{key.rank(rival)} {graph.nodes[rival]['name']}")
    visible = []
    if data["stance"] == "champion":
        visible.append("a declared champion")
    if seen.level == 5:
        visible.append("intimate with us")
    if len(seen.members) >= 3:
        visible.append(f"known to {len(seen.members)} of our team")
    if visible:
        risks.append(f"visibly ours ({', '.join(visible)}): others may discount or cut them out")
    if data["power_total"] <= 3 and data["circle"] != "inner" and person not in watched:
        risks.append(f"little real power (hidden power {data['power_total']} of 18)")
    if data["status"] == "new":
        risks.append("new in post: may not know the inside yet")
    elif data["status"] == "transferred":
        risks.append("transferred: may have lost access")
    if len(seen.members) == 1:
        risks.append(f"only {graph.nodes[seen.members[0]]['name']} of our team knows them")
    if data["close_to_competitor"]:
        risks.append(f"close to competitor {data['close_to_competitor']}")
    return risks
