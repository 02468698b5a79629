"""Recommendations: the next concrete actions, who to meet, through whom, and why.

Every finding that names a person becomes a candidate action: an unreached or weakly reached
key person (meet them, through the warmest introduction route), a stale key contact
(reconnect), a key person only one of us knows (bring a second person), an unknown stance
(find out, through the best inside contact), an ignored risk (win over or neutralise), the
best inside contact (cultivate), and gaps in roles, departments and factions (open a line to
their most important person). Impact = severity (high 1.0, medium 0.6, low 0.3) x
(0.5 + 0.5 x the target's key-person score); an urgent risk (a hostile person close to a
competitor with a personal tie to the top leader, :mod:`.risks`) is high and weighed with the
top key person's score, and comes first among equal impacts, so it is among the first three
actions. Actions on the same person are merged, keeping the strongest action and every
reason. The ten with most impact are kept, best first.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

import networkx as nx

from .coverage import Gap
from .engine import gc_paused
from .graph import active_stakeholders, department_node, faction_node
from .inside_contacts import InsideContact
from .key_persons import KeyPersons
from .paths import Router, introduction_paths
from .risks import Risk

__all__ = ["Recommendation", "recommendations", "LIMIT"]

LIMIT = 10
_SEVERITY = {"high": 1.0, "medium": 0.6, "low": 0.3}
_ROUTE = re.compile("\0([^\0]*)\0")  # where an action's introduction route goes (ids hold no NUL)


@dataclass(frozen=True)
class Recommendation:
    action: str
    target: str
    why: str
    impact: float

    def to_dict(self) -> dict:
        return {"action": self.action, "target": self.target, "why": self.why}


class _Planner:
    """Collects candidate actions per target and phrases them with routes."""

    def __init__(self, graph: nx.MultiDiGraph, key: KeyPersons, as_of: dt.date, router: Router | None = None,
                 engine: str | None = None):
        self.graph, self.key, self.as_of, self.engine = graph, key, as_of, engine
        self.people = active_stakeholders(graph)
        self.position = {person: place for place, person in enumerate(self.people)}
        self.actions: dict[str, list[tuple[float, str, str]]] = {}
        self._routes: dict[str, str] = {}
        self._router = router
        self.urgent: set[str] = set()  # targets weighed as the top key person, placed first among equals

    def name(self, node: str) -> str:
        data = self.graph.nodes[node]
        title = data.get("title")
        return f"{data['name']} ({title})" if title else data["name"]

    def route(self, person: str) -> str:
        """A mark for the warmest introduction route to ``person``: the route is found only for
        the actions kept (:meth:`result`), so a long list of gaps costs no search for the rest."""
        return f"\0{person}\0"

    def _route(self, person: str) -> str:
        """' through A -> B' for the warmest introduction route, or a plain note when there is none."""
        if person not in self._routes:
            routing = ({"router": self._router} if self._router is not None
                       else {"as_of": self.as_of, "ranking": self.key, "engine": self.engine})
            found = introduction_paths(self.graph, person, k=1, **routing)
            if found.routes:
                best = found.routes[0]
                chain = " → ".join(self.graph.nodes[node]["name"] for node in best.path)
                self._routes[person] = f" through {chain} (warmth {best.warmth:.2f})"
            else:
                self._routes[person] = " (no warm route yet: ask the inside contact for an introduction)"
        return self._routes[person]

    def add(self, target: str, severity: str, action: str, why: str, *, urgent: bool = False) -> None:
        score = self.key.score(target)
        if urgent:  # weighed as an action on the top key person
            self.urgent.add(target)
            score = max(score, self.key.ranked[0].score if self.key.ranked else 0.0)
        impact = _SEVERITY[severity] * (0.5 + 0.5 * score)
        self.actions.setdefault(target, []).append((impact, action, why))

    def result(self, limit: int) -> tuple[Recommendation, ...]:
        merged = []
        for target, options in self.actions.items():
            options.sort(key=lambda option: -option[0])
            impact, action, _ = options[0]
            reasons = list(dict.fromkeys(why for _, _, why in options))
            merged.append(Recommendation(action, target, "; ".join(reasons), impact))
        order = {node: index for index, node in enumerate(self.graph.nodes)}
        merged.sort(key=lambda item: (-item.impact, item.target not in self.urgent, order.get(item.target, len(order))))
        return tuple(Recommendation(_ROUTE.sub(lambda mark: self._route(mark.group(1)), item.action), item.target, item.why,
                                    item.impact) for item in merged[:limit])


def _most_important(planner: _Planner, people: list[str]) -> str | None:
    return max(people, key=lambda p: (planner.key.score(p), -planner.position[p]), default=None)


def _holders(planner: _Planner, gap: Gap) -> list[str]:
    """The people behind a gap about a role, department or faction."""
    graph = planner.graph
    if gap.kind == "role":
        return [p for p in planner.people if gap.subject in graph.nodes[p]["roles"]]
    field = gap.kind  # department or faction
    return [p for p in planner.people if graph.nodes[p][field] == gap.subject]


def _subject(graph: nx.MultiDiGraph, gap: Gap) -> str:
    """What a role, department or faction gap is about, in words."""
    if gap.kind == "role":
        return "the " + gap.subject.replace("_", " ")
    node = department_node(gap.subject) if gap.kind == "department" else faction_node(gap.subject)
    return graph.nodes[node]["name"]


@gc_paused
def recommendations(
    graph: nx.MultiDiGraph,
    *,
    key: KeyPersons,
    gaps: tuple[Gap, ...],
    contacts: tuple[InsideContact, ...],
    risks: tuple[Risk, ...],
    as_of: dt.date,
    limit: int = LIMIT,
    router: Router | None = None,
    engine: str | None = None,
) -> tuple[Recommendation, ...]:
    """The next actions for the account team, most impact first (``router``: routes prepared
    once for the account, see :class:`~powermap.analysis.paths.Router`; ``engine``: for the
    routes when no router is given)."""
    planner = _Planner(graph, key, as_of, router, engine)
    coach = contacts[0] if contacts else None
    for gap in gaps:
        if gap.kind in {"role", "department", "faction"}:
            person = _most_important(planner, _holders(planner, gap))
            if person is None:
                continue
            planner.add(person, gap.severity, f"Open a line to {_subject(graph, gap)}: meet {planner.name(person)}{planner.route(person)}", gap.message)
        elif gap.kind == "key_person":
            planner.add(gap.subject, gap.severity, f"Meet {planner.name(gap.subject)}{planner.route(gap.subject)}", gap.message)
        elif gap.kind == "stale_contact":
            planner.add(gap.subject, gap.severity, f"Reconnect with {planner.name(gap.subject)}", gap.message)
        elif gap.kind == "single_threaded" and gap.subject in planner.position:
            planner.add(gap.subject, gap.severity, f"Bring a second person from our team to {planner.name(gap.subject)}", gap.message)
        elif gap.kind == "single_threaded":
            planner.add(gap.subject, gap.severity, f"Spread the account: introduce colleagues to the contacts {graph.nodes[gap.subject]['name']} holds", gap.message)
        elif gap.kind == "unknown_stance":
            ask = f" (ask {coach.name}, our best inside contact)" if coach is not None and coach.id != gap.subject else ""
            planner.add(gap.subject, gap.severity, f"Find out where {planner.name(gap.subject)} stands{ask}", gap.message)
    for risk in risks[:3] + tuple(risk for risk in risks[3:] if risk.urgent):
        planner.add(risk.id, "high" if risk.score >= 0.5 or risk.urgent else "medium",
                    f"Win over or neutralise {planner.name(risk.id)}{planner.route(risk.id)}",
                    "ignored risk: " + ", ".join(risk.reasons), urgent=risk.urgent)
    if coach is not None:
        why = "best inside contact: " + "; ".join(coach.reasons)
        if coach.risks:
            why += "; mind: " + "; ".join(coach.risks)
        planner.add(coach.id, "medium", f"Cultivate {planner.name(coach.id)} as our inside contact", why)
    return planner.result(limit)
