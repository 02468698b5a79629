"""Introduction paths: the warmest routes from our team to a stakeholder we want to meet.

"Following a project means following people": a key person nobody on the team knows is
reached through someone who knows them. Each route starts at a member of our team, goes
through a contact to a stakeholder, then along ties between stakeholders to the target.

Method
------
**Warmth** is a probability-like number in 0..1: the product over the steps of the chance that
each step works (someone agrees to introduce us onward). A contact step takes its chance from
the closeness layer and the contact's freshness, a tie step from the best positive channel
between the two people (:mod:`~powermap.analysis.warmth`).

Routes go only through people who would plausibly make the introduction: supporters and
neutral people with a positive tie to the next person; never the top leader (we do not ask the
chairman to introduce us to his own vice-president), an opponent, a skeptic, a saboteur,
someone on the avoid list, a rival of the target or someone who left; a pair joined by a
rivalry is never a step (:mod:`~powermap.analysis.exclusions`). People whose stance is unknown
may pass a route on, but their routes come after every route without them, and each says to
check where they stand before asking them (an account with no stance recorded still gets its
routes).

When one of our members already knows the target, that direct contact is the first route.
Then the warmest: the shortest path for the cost ``-ln(chance)``; by default each of the k
routes has its own introducer, the last person before the target, otherwise they are Yen's k
shortest simple paths; equal warmth is broken by the file order of the people on the route
(:mod:`~powermap.analysis.router`, whose :class:`Router` prepares what every target shares).
When no acceptable route exists the answer says so, and why, rather than offering a bad one.

Cross-appointments (交叉约见) suggest meeting the target together with a key person tied to
them, never with someone against us, on the avoid list or the other's rival
(:mod:`~powermap.analysis.cross_appointments`).

This module puts them together (:func:`introduction_paths`) and keeps every public name of
the four importable from here.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import networkx as nx

from ..errors import ExitCode, PowermapError
from ..i18n import Message, say
from ..model.integrity import suggest
from .cross_appointments import CrossAppointment, cross_appointments
from .defaults import STALE_DAYS
from .engine import gc_paused
from .exclusions import Exclusion, avoid_words, avoided, exclusion_list
from .graph import members, stakeholders
from .key_persons import KeyPersons
from .router import Route, Router
from .warmth import LEVEL_CHANCE, OPPOSED_FACTOR, STALE_FACTOR, TIE_CHANCE, UNDATED_FACTOR, Step, name_of

__all__ = [
    "Step",
    "Route",
    "Exclusion",
    "CrossAppointment",
    "Introductions",
    "IntroductionError",
    "introduction_paths",
    "no_route_reason",
    "Router",
    "LEVEL_CHANCE",
    "TIE_CHANCE",
    "STALE_FACTOR",
    "UNDATED_FACTOR",
    "OPPOSED_FACTOR",
]


class IntroductionError(PowermapError, ValueError):
    """A target or source that cannot be used: unknown, on our team, or gone."""

    exit_code = ExitCode.USAGE


@dataclass(frozen=True)
class Introductions:
    """The warmest routes to ``target``, best first; empty with a reason when there is none."""

    target: str
    routes: tuple[Route, ...]
    excluded: tuple[Exclusion, ...]
    cross_appointments: tuple[CrossAppointment, ...]
    reasons: tuple[Message, ...] = ()
    as_of: dt.date | None = None

    def to_dict(self) -> dict:
        return {
            "target": self.target,
            "as_of": None if self.as_of is None else self.as_of.isoformat(),
            "routes": [route.to_dict() for route in self.routes],
            "excluded": [item.to_dict() for item in self.excluded],
            "cross_appointments": [item.to_dict() for item in self.cross_appointments],
            "reasons": list(self.reasons),
        }


def _check_target(graph: nx.MultiDiGraph, target: str) -> None:
    people = stakeholders(graph)
    if target not in graph or graph.nodes[target]["kind"] != "stakeholder":
        raise IntroductionError(f"unknown stakeholder {target!r}{suggest(target, people)}")
    if not graph.nodes[target]["active"]:
        name = name_of(graph, target)
        raise IntroductionError(f"stakeholder {target!r} ({name}) has left; there is nobody to introduce us to")


def _check_source(graph: nx.MultiDiGraph, source: str | None) -> list[str]:
    team = members(graph)
    if source is None:
        return team
    if source not in team:
        raise IntroductionError(f"unknown team member {source!r}{suggest(source, team)}")
    return [source]


def _reachable_ignoring_exclusions(router: Router, origins, target) -> bool:
    """Whether a chain of usable steps leads from ``origins`` to ``target`` when nobody is
    kept out and rivalries may be crossed (the walk without exclusions)."""
    reach, team = router.reach, router.team
    channels = router.channels()
    seen = set(origins)
    todo = list(origins)
    while todo:
        a = todo.pop()
        if a == target:
            return True
        for b in reach[a]:
            if b in seen or b in team:
                continue
            if a not in team:
                channel = channels.get((a, b))
                if channel is None or channel.chance <= 0:
                    continue
            seen.add(b)
            todo.append(b)
    return target in seen


def no_route_reason(router: Router, origins, target: str, *, search: bool = True) -> Message:
    """Why there is no route to ``target``, plainly. ``search=False`` tells the two cases apart
    by the pieces of the reach graph alone (no search per target: for the report's many targets)."""
    graph = router.graph
    name = name_of(graph, target)
    if search:
        chained = _reachable_ignoring_exclusions(router, origins, target)
    else:
        piece = router.components().get(target)
        chained = any(router.components().get(member) == piece for member in origins)
    if len(origins) == 1:
        start = name_of(graph, origins[0])
        if chained:
            return say("no introduction route from {start} to {name} that we would use: every chain of ties passes "
                       "through someone who would not introduce us", start=start, name=name)
        return say("no route from {start} to {name}: no contact with them and no chain of ties from anyone {start} "
                   "knows", start=start, name=name)
    if chained:
        return say("no introduction route to {name} that we would use: every chain of ties passes through someone "
                   "who would not introduce us", name=name)
    return say("no route to {name}: nobody on our team knows them and nobody we know has a tie to them", name=name)


@gc_paused
def introduction_paths(
    graph: nx.MultiDiGraph,
    target: str,
    *,
    k: int = 3,
    source: str | None = None,
    as_of: dt.date | None = None,
    stale_days: int = STALE_DAYS,
    distinct_introducers: bool = True,
    ranking: KeyPersons | None = None,
    top_keys: int = 8,
    max_cross: int = 3,
    router: Router | None = None,
    engine: str | None = None,
) -> Introductions:
    """The k warmest routes from our team to ``target``, with who is kept out and why.

    Parameters
    ----------
    graph : the account graph (:func:`~powermap.analysis.graph.build_graph`); not changed.
    target : id of an active stakeholder.
    k : how many routes (at least 1).
    source : id of one team member to start from; default any member.
    as_of : the date contacts are judged from; default the account's ``as_of`` (else today).
    stale_days : a contact older than this many days before ``as_of`` is stale.
    distinct_introducers : each route ends with a different introducer (default); False gives
        Yen's plain k warmest routes.
    ranking : a key-person ranking already computed (default :func:`key_persons`).
    top_keys, max_cross : cross-appointments use the first ``top_keys`` key persons and are
        capped at ``max_cross``.
    router : a :class:`Router` prepared once for many targets; its date, staleness, ranking
        and engine are used instead of ``as_of``, ``stale_days``, ``ranking`` and ``engine``.
    engine : ``"networkx"``, ``"igraph"`` or ``"auto"`` (:mod:`~powermap.analysis.engine`)
        for the shortest-path search; the routes are the same either way.

    Returns
    -------
    Introductions: routes best first (each with steps, warmth and reasons), the excluded and
    penalised people near the target, cross-appointments, and reasons about the target.

    Raises
    ------
    IntroductionError (a ValueError) for an unknown or departed target, an unknown source, or
    ``k < 1``. A target nobody can reach gives no routes and a reason instead.

    Examples
    --------
    >>> from powermap.loaders import load
    >>> from powermap.analysis.graph import build_graph
    >>> graph = build_graph(load("examples/kestrel-manufacturing.yaml"))
    >>> introduction_paths(graph, "harold_kestrel", k=1).routes[0].path
    ('gordon', 'harold_kestrel')
    """
    if k < 1:
        raise IntroductionError(f"k must be at least 1, not {k}")
    _check_target(graph, target)
    origins = _check_source(graph, source)
    router = router or Router(graph, as_of=as_of, stale_days=stale_days, ranking=ranking, engine=engine)
    kept = avoided(router, target)
    blocked = set(kept.excluded)
    routes = router.routes(origins, target, blocked, k=k, distinct_introducers=distinct_introducers)

    reasons = []
    if not routes:
        reasons.append(no_route_reason(router, origins, target))
    if target in router.avoid:
        entry = router.avoid[target]
        reasons.append(avoid_words(name_of(graph, target), entry.reasons[0] if entry.reasons else None))
    cross = cross_appointments(router, target, blocked, top_keys, max_cross)
    return Introductions(
        target=target,
        routes=routes,
        excluded=exclusion_list(router, target, kept),
        cross_appointments=cross,
        reasons=tuple(reasons),
        as_of=router.day,
    )
