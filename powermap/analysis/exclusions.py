"""Who may be an intermediary on an introduction route, and who counts less.

Never used as intermediaries: people who left (they are not in the reach graph), rivals of
the top leaders ("do not approach people the top leader strongly dislikes": the top decision
maker, i.e. the first decision maker in :func:`~powermap.analysis.key_persons.key_persons`,
and the head of the largest reporting tree, so a skewed account where a deputy outranks the
chairman still keeps the chairman's rival away) and rivals of the target (we would arrive as
their rival's guest). A pair joined by a rivalry is never a step, even if they also share a
positive tie (:mod:`~powermap.analysis.router`). Opponents and saboteurs may introduce us,
but their step counts x :data:`~powermap.analysis.warmth.OPPOSED_FACTOR`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, NamedTuple

import networkx as nx

from ..model import RelationType, Role
from .graph import active_stakeholders, typed_edges
from .key_persons import KeyPersons
from .warmth import OPPOSED_FACTOR, name_of, rounded

if TYPE_CHECKING:
    from .router import Router

__all__ = ["Exclusion", "Avoided", "rivals", "rivals_of", "leaders", "opposed", "avoided", "exclusion_list"]


@dataclass(frozen=True)
class Exclusion:
    """Someone never used as an intermediary (``factor`` 0) or whose step counts less."""

    id: str
    effect: str  # "excluded" | "penalised"
    factor: float
    reasons: tuple[str, ...]

    def to_dict(self) -> dict:
        return {"id": self.id, "effect": self.effect, "factor": round(self.factor, 4), "reasons": list(self.reasons)}


class Avoided(NamedTuple):
    """The people a route to one target must avoid or counts less: person -> the reasons."""

    excluded: dict[str, list[str]]
    penalised: dict[str, list[str]]


def rivals(graph: nx.MultiDiGraph) -> dict[frozenset, float]:
    """Every rival pair with the strength of the rivalry."""
    pairs: dict[frozenset, float] = {}
    for source, target, data in typed_edges(graph, RelationType.NEGATIVE):
        pair = frozenset((source, target))
        pairs[pair] = max(pairs.get(pair, 0.0), data["weight"])
    return pairs


def rivals_of(pairs: Mapping[frozenset, float], person: str) -> dict[str, float]:
    """A person's rivals (from :func:`rivals`) with the strength of each rivalry."""
    return {other: weight for pair, weight in pairs.items() if person in pair for other in pair - {person}}


def _top_decider(ranking: KeyPersons, graph: nx.MultiDiGraph) -> str | None:
    """The first decision maker in the key-person ranking."""
    for person in ranking.ranked:
        if Role.DECISION_MAKER.value in graph.nodes[person.id]["roles"]:
            return person.id
    return None


def _formal_head(graph: nx.MultiDiGraph) -> str | None:
    """The active person heading the largest reporting tree (at least one report), file order on ties.

    The tree is the formal line between active people (a boss who left cuts it); each person
    counts for the top of their chain, so every tree is measured in one pass.
    """
    people = active_stakeholders(graph)
    active = set(people)
    boss = {}
    for person, target, _ in typed_edges(graph, ("reports_to",)):
        if person in active and target in active:
            boss[person] = target
    top: dict[str, str] = {}

    def head(person: str) -> str:
        chain = []
        while person not in top and person in boss and person not in chain:
            chain.append(person)
            person = boss[person]
        found = top.get(person, person)
        for member in chain:
            top[member] = found
        top.setdefault(person, found)
        return found

    sizes = {person: 0 for person in people if person not in boss}
    for person in people:
        found = head(person)
        if found != person and found in sizes:
            sizes[found] += 1
    best = max(sizes, key=sizes.get, default=None)  # max keeps the first of equal sizes
    return best if best is not None and sizes[best] > 0 else None


def leaders(graph: nx.MultiDiGraph, ranking: KeyPersons) -> dict[str, str]:
    """The top leaders whose rivals we keep away from: person -> what makes them the top."""
    found: dict[str, list[str]] = {}
    candidates = ((_top_decider(ranking, graph), "the top decision maker"), (_formal_head(graph), "the head of the reporting line"))
    for person, what in candidates:
        if person is not None:
            found.setdefault(person, []).append(what)
    return {person: " and ".join(what) for person, what in found.items()}


def opposed(data: Mapping) -> list[str]:
    """What makes a person's step count less: "an opponent", "a saboteur" (their node data)."""
    found = []
    if data.get("stance") == "opponent":
        found.append("an opponent")
    if Role.SABOTEUR.value in data.get("roles", ()):
        found.append("a saboteur")
    return found


def avoided(router: Router, target: str) -> Avoided:
    """Who a route to ``target`` must not pass through, and whose step counts less, with the
    reasons, over the people a route could pass through."""
    graph, top = router.graph, router.leaders
    excluded: dict[str, list[str]] = {}
    for leader, what in top.items():
        for person, weight in rivals_of(router.rivals, leader).items():
            if person != target and person not in top:
                excluded.setdefault(person, []).append(
                    f"rival ({rounded(weight)}) of {name_of(graph, leader)}, {what}: "
                    "do not approach people the top leader dislikes"
                )
    for person, weight in rivals_of(router.rivals, target).items():
        excluded.setdefault(person, []).append(
            f"rival of {name_of(graph, target)} ({rounded(weight)}): we would arrive as their rival's guest"
        )
    penalised = {person: reasons for person, reasons in router.penalties().items() if person != target}
    return Avoided(excluded, penalised)


def exclusion_list(router: Router, target: str, kept: Avoided) -> tuple[Exclusion, ...]:
    """Who is kept out or counts less, limited to the target's part of the reach graph."""
    excluded, penalised = kept.excluded, kept.penalised
    component = router.components()
    area = component[target]
    order = router.order
    items = [
        Exclusion(person, "excluded", 0.0, ("has left: their contacts and ties no longer count",))
        for person, linked in router.departed().items()
        if any(component.get(other) == area for other in linked)
    ]
    for person in sorted((p for p in excluded if component.get(p) == area), key=order.get):
        items.append(Exclusion(person, "excluded", 0.0, tuple(excluded[person] + penalised.get(person, []))))
    for person in sorted((p for p in penalised if p not in excluded and component.get(p) == area), key=order.get):
        items.append(Exclusion(person, "penalised", OPPOSED_FACTOR, tuple(penalised[person])))
    return tuple(items)
