"""Ignored risks: people who can hurt the deal and whom we neglect.

"Unknown is risk", and "an ignored person is a threat and may retaliate": some people cannot
make a deal but can break one. For every active stakeholder:

- **power** (0..1): the larger of their key-person score and their pull on a top key person
  (the strongest product of influence weights from them to that person over one or two steps);
- **threat** (0..1): from the stance (opponent 0.7, skeptic 0.55, unknown 0.45, neutral 0.25,
  supporter 0.05, champion 0), plus 0.3 for the saboteur role, 0.2 for closeness to a
  competitor, 0.1 for being new in post (capped at 1), so an opponent who also sabotages and
  sides with a competitor outranks a plain opponent;
- **neglect** (0..1): no contact 1.0, only ``outermost`` 0.9, weak (colleague or stranger)
  0.7, stale 0.6, otherwise 0.2 (ordinary) or 0.1 (close, intimate).

score = sqrt(power) x (0.55 x threat + 0.45 x neglect). Supporters and champions we reach at
ordinary closeness or better, recently, are not risks and are left out; so is anyone scoring
below 0.2.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import networkx as nx

from ..model import Role
from .graph import active_stakeholders, influence_graph, pulls_to
from .key_persons import KeyPersons, key_persons
from .reach import STALE_DAYS, Reach, reach_by_person

__all__ = ["Risk", "ignored_risks", "MIN_SCORE"]

MIN_SCORE = 0.2
_STANCE_THREAT = {"opponent": 0.7, "skeptic": 0.55, "unknown": 0.45, "neutral": 0.25, "supporter": 0.05, "champion": 0.0}
_SABOTEUR, _COMPETITOR, _NEW = 0.3, 0.2, 0.1


@dataclass(frozen=True)
class Risk:
    id: str
    name: str
    score: float
    reasons: tuple[str, ...]

    def to_dict(self) -> dict:
        return {"id": self.id, "name": self.name, "score": self.score, "reasons": list(self.reasons)}


def _neglect(seen: Reach, graph: nx.MultiDiGraph) -> tuple[float, str | None]:
    if seen.level is None:
        return 1.0, "nobody on our team has met them"
    if seen.level == 0:
        return 0.9, f"we only know of them ({seen.describe(graph)})"
    if seen.weak:
        return 0.7, f"only a weak contact ({seen.describe(graph)})"
    if seen.stale:
        return 0.6, f"contact gone stale ({seen.describe(graph)})"
    return (0.2 if seen.level == 3 else 0.1), None


def ignored_risks(
    graph: nx.MultiDiGraph,
    *,
    key: KeyPersons | None = None,
    top: int | None = None,
    as_of: dt.date | None = None,
    stale_days: int = STALE_DAYS,
    min_score: float = MIN_SCORE,
    engine: str | None = None,
) -> tuple[Risk, ...]:
    """People who could sink the deal while we look elsewhere, most dangerous first
    (``engine`` is passed to :func:`key_persons` when ``key`` is not given)."""
    key = key or key_persons(graph, engine=engine)
    reach = reach_by_person(graph, as_of=as_of, stale_days=stale_days)
    influence = influence_graph(graph)
    key_ids = [person.id for person in key.select(top)]  # the key persons (or the first ``top``)
    pulls_of: dict[str, dict[str, float]] = {}  # pulls_of[p][k]: p's pull on key person k, in key order
    for k in key_ids:
        for puller, weight in pulls_to(influence, [k]).items():
            pulls_of.setdefault(puller, {})[k] = weight
    people = active_stakeholders(graph)
    found = []
    for person in people:
        data = graph.nodes[person]
        seen = reach[person]
        if (data["stance_score"] or 0) >= 1 and seen.good:
            continue  # a covered supporter is not a risk
        reasons = []
        pulls = {k: weight for k, weight in pulls_of.get(person, {}).items() if k != person}
        target = max(pulls, key=pulls.get, default=None)
        power = max(key.score(person), pulls.get(target, 0.0))
        if person in key_ids:
            reasons.append(f"key person #{key.rank(person)}")
        if target is not None and pulls[target] >= 0.3:
            reasons.append(f"sways key person {graph.nodes[target]['name']} ({pulls[target]:.2f})")

        threat = _STANCE_THREAT[data["stance"]]
        if data["stance"] != "supporter" and data["stance"] != "champion":
            reasons.append("stance unknown" if data["stance"] == "unknown" else f"stance: {data['stance']}")
        if Role.SABOTEUR.value in data["roles"]:
            threat += _SABOTEUR
            reasons.append("saboteur: can break the deal")
        if data["close_to_competitor"]:
            threat += _COMPETITOR
            reasons.append(f"close to competitor {data['close_to_competitor']}")
        if data["status"] == "new":
            threat += _NEW
            reasons.append("new in post: allegiances not yet known")
        threat = min(1.0, threat)

        neglect, why = _neglect(seen, graph)
        if why:
            reasons.append(why)
        score = power**0.5 * (0.55 * threat + 0.45 * neglect)
        if score >= min_score:
            found.append(Risk(person, data["name"], min(1.0, score), tuple(reasons)))
    position = {person: place for place, person in enumerate(people)}
    found.sort(key=lambda risk: (-risk.score, position[risk.id]))
    return tuple(found)
