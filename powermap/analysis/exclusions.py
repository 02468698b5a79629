"""Who would plausibly make an introduction, and who is kept out of the routes.

An introduction route asks people to open a door for us. A sales director asks only people who
would: a supporter (champion or supporter) or a neutral person with a positive tie to the next
person. When the file records nobody's stance (a new account, an account mapped from an
organisation chart), such people do not exist yet; a director then asks people whose stance is
unknown, but only after every route through known supporters and neutral people, and checks
where they stand before asking them (:data:`UNSURE`, :func:`unsure`, :func:`unsure_words`: the
router ranks those routes last and says so on each one).

Never used as intermediaries:

- skeptics and opponents, and saboteurs: we know they doubt or oppose us; a skeptic asked to
  vouch for us vouches with doubt, and an opponent would warn the other side instead. (An unknown
  stance is missing information, to be checked; a skeptic's is known, so he stays out.)
- the top decision maker (a top leader, :func:`~powermap.analysis.leaders.top_leaders`, who
  holds the decision-maker role) on the way to anyone below them in the formal line: we go up
  to the chairman, we do not ask him to introduce us to his own vice-president;
- the people on the avoid list (:mod:`~powermap.analysis.avoid`): the top leader's rivals and
  people at odds with many; being seen with them costs us;
- rivals of the target: we would arrive as their rival's guest;
- people who left (they are not in the reach graph).

A pair joined by a rivalry is never a step, even if they also share a positive tie
(:mod:`~powermap.analysis.router`). Anyone may still be the *target* of a route.

The stance, saboteur and avoid-list rules do not depend on the target: those people are kept
out once, for every target (the walk has no step out of them); the target's rivals and the top
decision maker above the target are closed for that target only (a walk up the target's
formal line).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, NamedTuple

import networkx as nx

from ..i18n import Message, say
from ..model import RelationType, Role
from .engine import node_data
from .graph import active_stakeholders, typed_edges
from .warmth import name_of

if TYPE_CHECKING:
    from .router import Router

__all__ = ["Exclusion", "Avoided", "INTRODUCERS", "UNSURE", "rivals", "rivals_of", "kept_out", "unsure",
           "unsure_words", "avoided", "exclusion_list", "kept_out_words", "bosses", "avoid_words"]

# The stances of people who would introduce us.
INTRODUCERS = frozenset({"champion", "supporter", "neutral"})
# The stances of people who may introduce us after everyone above, once we know where they stand.
UNSURE = frozenset({"unknown"})

# Why someone never introduces us, the strongest first (a code per person; words when listed).
_AVOID, _OPPONENT, _SABOTEUR, _SKEPTIC = "avoid", "opponent", "saboteur", "skeptic"


@dataclass(frozen=True)
class Exclusion:
    """Someone never used as an intermediary on the routes to one target (``factor`` 0)."""

    id: str
    effect: str  # "excluded"
    factor: float
    reasons: tuple[str, ...]

    def to_dict(self) -> dict:
        return {"id": self.id, "effect": self.effect, "factor": round(self.factor, 4), "reasons": list(self.reasons)}


class Avoided(NamedTuple):
    """The people a route to one target must avoid besides those kept out for every target:
    person -> the reasons (the target's rivals)."""

    excluded: dict[str, list[Message]]
    penalised: dict[str, list[Message]]  # always empty: nobody who would count less is used at all


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


def kept_out(graph: nx.MultiDiGraph, avoid_ids: Iterable[str]) -> dict[str, str]:
    """The active people who never introduce anyone: person -> why (a code), in file order."""
    avoid_ids = set(avoid_ids)
    saboteur = Role.SABOTEUR.value
    found = {}
    nodes = node_data(graph)
    for person in active_stakeholders(graph):
        data = nodes[person]
        stance = data["stance"]
        if person in avoid_ids:
            found[person] = _AVOID
        elif stance == "opponent":
            found[person] = _OPPONENT
        elif saboteur in data["roles"]:
            found[person] = _SABOTEUR
        elif stance not in INTRODUCERS and stance not in UNSURE:
            found[person] = _SKEPTIC
    return found


def unsure(graph: nx.MultiDiGraph, out: Mapping[str, str]) -> frozenset[str]:
    """The active people whose stance is unknown and who are not kept ``out`` (from
    :func:`kept_out`): they may introduce us, after every route through known supporters and
    neutral people, once we have checked where they stand."""
    nodes = node_data(graph)
    return frozenset(person for person in active_stakeholders(graph) if person not in out and nodes[person]["stance"] in UNSURE)


def unsure_words(graph: nx.MultiDiGraph, person: str) -> Message:
    """"Anna Berg's stance toward us is unknown: check before asking them"."""
    return say("{name}'s stance toward us is unknown: check before asking them", name=name_of(graph, person))


def kept_out_words(graph: nx.MultiDiGraph, person: str, why: str, avoid_reason: Message | None = None) -> Message:
    """Why ``person`` never introduces us, in words (``avoid_reason``: the first reason of
    their entry on the avoid list)."""
    name = name_of(graph, person)
    if why == _AVOID:
        return avoid_words(name, avoid_reason)
    if why == _OPPONENT:
        return say("{name} is an opponent: would not open a door for us", name=name)
    if why == _SABOTEUR:
        return say("{name} is a saboteur: would not open a door for us", name=name)
    return say("{name} is a skeptic: we cannot count on them to introduce us", name=name)


def avoid_words(name: str, reason: Message | None) -> Message:
    """"X is on the avoid list (rival of the top leader Y): being seen with them costs us"."""
    if reason is None:
        return say("{name} is on the avoid list: being seen with them costs us", name=name)
    return say("{name} is on the avoid list ({why}): being seen with them costs us", name=name, why=reason)


def bosses(graph: nx.MultiDiGraph, person: str) -> list[str]:
    """The active people above ``person`` in the formal line, nearest first (a boss who left is
    skipped: the line runs on to the next)."""
    found, seen, current = [], {person}, person
    while True:
        above = next((target for target, keyed in graph.succ[current].items() if "reports_to" in keyed), None)
        if above is None or above in seen:
            return found
        seen.add(above)
        if graph.nodes[above]["active"]:
            found.append(above)
        current = above


def avoided(router: Router, target: str) -> Avoided:
    """The people a route to ``target`` must not pass through besides those kept out for
    every target (:meth:`~powermap.analysis.router.Router.kept_out`): the target's rivals, and
    the top decision maker when the target is their staff."""
    graph = router.graph
    excluded: dict[str, list[Message]] = {}
    deciders = [leader for leader in router.leaders if Role.DECISION_MAKER.value in graph.nodes[leader]["roles"]]
    if deciders:
        above = set(bosses(graph, target))
        for leader in deciders:
            if leader in above:
                excluded.setdefault(leader, []).append(
                    say("{name} is the top decision maker and {target} works under them: we go up to them, we do "
                        "not ask them to introduce us to their own staff", name=name_of(graph, leader),
                        target=name_of(graph, target)))
    for person in router.rivalries.get(target, {}):
        excluded.setdefault(person, []).append(
            say("{name} is a rival of {target}: we would arrive as their rival's guest",
                name=name_of(graph, person), target=name_of(graph, target)))
    return Avoided(excluded, {})


def exclusion_list(router: Router, target: str, kept: Avoided) -> tuple[Exclusion, ...]:
    """Who is kept out near ``target``: people who left with a tie into the target's part of the
    reach graph, the target's rivals, the people kept out who have a tie to the target (who
    would otherwise introduce us), and the people on the avoid list or the top leader in the
    target's part of the reach graph. File order within each kind."""
    graph, order = router.graph, router.order
    component = router.components()
    area = component[target]
    items = [
        Exclusion(person, "excluded", 0.0, (say("{name} has left: their contacts and ties no longer count",
                                                 name=name_of(graph, person)),))
        for person, linked in router.departed().items()
        if any(component.get(other) == area for other in linked)
    ]
    listed = set()
    for person in sorted(kept.excluded, key=order.get):
        items.append(Exclusion(person, "excluded", 0.0, tuple(kept.excluded[person])))
        listed.add(person)
    out = router.kept_out()
    near = [p for p in router.reach[target] if p in out and p not in listed]
    near += [p for p in router.avoid_ids if p in out and p != target and p not in listed
             and p not in near and component.get(p) == area]
    for person in sorted(near, key=order.get):
        entry = router.avoid.get(person)
        words = kept_out_words(graph, person, out[person], entry.reasons[0] if entry and entry.reasons else None)
        items.append(Exclusion(person, "excluded", 0.0, (words,)))
    return tuple(items)
