"""The router: the walk of every usable introduction step, shared by all targets, and the
warmest routes through it.

The warmest route is the shortest path for the cost ``-ln(chance)`` summed over the steps (a
product of chances becomes a sum of costs, :mod:`~powermap.analysis.warmth`), from a virtual
origin joined to every member at cost 0. Steps start at our member (a contact) or at a
stakeholder who would introduce us (their best positive channel; :mod:`~powermap.analysis.exclusions`
says who would: supporters and neutral people, never an opponent or someone on the avoid list),
never enter a member, never cross a rivalry, and skip the target's rivals and the top decision
maker above the target.

**People whose stance is unknown last.** A stakeholder whose stance is unknown may make a step
too (:func:`~powermap.analysis.exclusions.unsure`), but every route through them comes after
every route through known supporters and neutral people: a step out of them costs
:meth:`Router.unsure_cost` more, more than any route without them can cost, so the search
takes the fewest such people first, then the warmest. Each route names them
(:attr:`Route.unsure`) and says, after the step that reaches them, that their stance is unknown
and to check before asking them. The route's warmth is still the product of its chances.

**A direct contact first.** When one of our members already reaches the target (a contact at
``stranger`` or closer), the route through that contact comes first, whatever the warmth of
longer chains: nobody asks three people for an introduction to someone our own colleague
already knows. The warmest direct contact leads; the other routes follow by warmth.

With ``distinct_introducers=False`` the k routes are Yen's k shortest simple paths
(:func:`networkx.shortest_simple_paths`). By default (``True``) each route has its own
*introducer*, the last person before the target (our member for a direct contact), so the
second route is a real fallback and not the first one started by another colleague: these are
the first route per introducer in Yen's order, found with one Dijkstra run (the warmest route
to each introducer, times the introducer's own step). Equal warmth is broken by the file order
of the people on the route.

References: Dijkstra (1959), A note on two problems in connexion with graphs, Numerische
Mathematik 1; Yen (1971), Finding the k shortest loopless paths in a network, Management
Science 17(11).
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import NamedTuple

import networkx as nx

from ..i18n import Message
from .defaults import STALE_DAYS
from .engine import IndexedDigraph, Steps, both_ways, components, edge_list, engine_for, numbered_edges
from .exclusions import kept_out, rivals, unsure, unsure_words
from .graph import POSITIVE_TYPES, members, reach_graph, stakeholders, tie_graph
from .graph import as_of as account_date
from .key_persons import KeyPersons, key_persons
from .leaders import rivals as rivalries
from .leaders import top_leaders
from .warmth import BestChannels, Step, StepWords, channel_chances, contact_step, contact_warmth, tie_step

__all__ = ["Route", "Router", "Steps", "WalkTable", "Walk"]

ORIGIN = ("origin",)  # virtual start joined to our members; a tuple never clashes with an id
_EPSILON = 1e-9


@dataclass(frozen=True)
class Route:
    """A chain from one of our members to the target, with its warmth and why."""

    steps: tuple[Step, ...]
    warmth: float
    reasons: tuple[Message, ...]  # each step in words: who knows whom, what tie; each unsure person
    unsure: tuple[str, ...] = ()  # the intermediaries whose stance is unknown, in route order

    @property
    def path(self) -> tuple[str, ...]:
        return (self.steps[0].source, *(step.target for step in self.steps))

    @property
    def introducer(self) -> str:
        """Who makes the last introduction (our member for a direct contact)."""
        return self.steps[-1].source

    @property
    def direct(self) -> bool:
        """Our member knows the target: no one else is asked."""
        return len(self.steps) == 1

    def to_dict(self) -> dict:
        return {
            "path": list(self.path),
            "steps": [step.to_dict() for step in self.steps],
            "warmth": round(self.warmth, 4),
            "reasons": list(self.reasons),
            "unknown_stance": list(self.unsure),
        }


class WalkTable(NamedTuple):
    """The walk shared by every target, as lists indexed by node and by step number."""

    nodes: list  # the origin first, then the reach graph's people in file order
    index: dict  # node -> its number
    sources: list[int]  # step -> the node it leaves
    targets: list[int]  # step -> the node it enters
    costs: list[float]  # step -> -ln(chance)
    incoming: Steps  # node -> the steps into it
    outgoing: Steps  # node -> the steps out of it


class Walk(NamedTuple):
    """A walk from the origin, as node numbers, with the cost of each step."""

    path: list[int]
    costs: list[float]


class Router:
    """What the routes to every target share, prepared once: the reach graph, rivalries, the
    top leaders and the avoid list, who would introduce us, the walk of every usable step with
    its cost, and each step's words (made when a route first uses it).

    Pass one to :func:`~powermap.analysis.paths.introduction_paths` when asking for routes to
    many people (a report's recommendations, a map's highlighted routes, a plan): each target
    then costs one walk. ``engine`` (:mod:`~powermap.analysis.engine`) runs the shortest-path
    searches in networkx or igraph; the routes are the same. ``avoid``: the account's avoid
    list (:func:`~powermap.analysis.avoid.avoid`), made here when not given.
    """

    def __init__(self, graph: nx.MultiDiGraph, *, as_of: dt.date | None = None, stale_days: int = STALE_DAYS,
                 ranking: KeyPersons | None = None, engine: str | None = None, avoid=None):
        self.graph = graph
        self.day = as_of or account_date(graph)
        self.stale_days = stale_days
        self.engine = engine_for(graph, engine)
        self.ranking = ranking if ranking is not None else key_persons(graph, engine=self.engine)
        self.reach = reach_graph(graph)
        self.rivals = rivals(graph)
        self.rivalries = rivalries(graph)  # active person -> their rivals
        self.leaders = top_leaders(graph, self.ranking)
        if avoid is None:
            from .avoid import avoid as avoid_list

            avoid = avoid_list(graph, key=self.ranking, as_of=self.day, stale_days=stale_days)
        self.avoid = {entry.id: entry for entry in avoid}
        self.avoid_ids = tuple(self.avoid)
        self.team = set(members(graph))
        self.ties = tie_graph(graph)
        self.order = {node: index for index, node in enumerate(graph.nodes)}
        self._steps: dict[tuple[str, str], StepWords | None] = {}
        self._table: WalkTable | None = None
        self._walk: nx.DiGraph | None = None
        self._search: IndexedDigraph | None = None
        self._kept_out: dict[str, str] | None = None
        self._unsure: frozenset[str] | None = None
        self._unsure_cost: float | None = None
        self._components: dict[str, int] | None = None
        self._departed: dict[str, set[str]] | None = None
        self._channels: BestChannels | None = None

    # -- what every target shares, made on first use ---------------------------------------

    def kept_out(self) -> dict[str, str]:
        """The people who never introduce anyone (:func:`~powermap.analysis.exclusions.kept_out`)."""
        if self._kept_out is None:
            self._kept_out = kept_out(self.graph, self.avoid_ids)
        return self._kept_out

    def unsure(self) -> frozenset[str]:
        """The people whose stance is unknown who may still introduce us, after everyone else
        (:func:`~powermap.analysis.exclusions.unsure`)."""
        if self._unsure is None:
            self._unsure = unsure(self.graph, self.kept_out())
        return self._unsure

    def unsure_cost(self) -> float:
        """What a step out of someone whose stance is unknown costs on top of its chance: more
        than any route without such a step can cost (the dearest step times the number of
        people, a bound on the steps of a route, plus one). Set when the walk is built."""
        self.table()
        return self._unsure_cost

    def components(self) -> dict[str, int]:
        """The connected piece of the reach graph each node belongs to (a number)."""
        if self._components is None:
            self._components = components(self.reach, engine=self.engine)
        return self._components

    def departed(self) -> dict[str, set[str]]:
        """Each person who left (file order) -> who they had a positive tie or a contact with."""
        if self._departed is None:
            graph = self.graph
            self._departed = {}
            for person in stakeholders(graph):
                if graph.nodes[person]["active"]:
                    continue
                linked = set()
                for adjacency in (graph.succ[person], graph.pred[person]):
                    for other, keyed in adjacency.items():
                        if any(data["type"] in POSITIVE_TYPES or data["type"] == "contact" for data in keyed.values()):
                            linked.add(other)
                self._departed[person] = linked
        return self._departed

    def channels(self) -> BestChannels:
        """The best positive channel of a pair of people, ``channels().get((a, b))``
        (:func:`~powermap.analysis.warmth.best_channel`), each pair found once."""
        if self._channels is None:
            self._channels = BestChannels(self.graph)
        return self._channels

    def table(self) -> WalkTable:
        """The shared walk: nodes (the origin first, then the reach graph's people in file
        order) and the usable steps by number, with the steps into and out of each node.

        Steps start at our member (a contact) or at a stakeholder who would introduce us (the
        best positive tie), never enter a member, never cross a rivalry; cost = -ln(chance),
        plus :meth:`unsure_cost` for a step out of someone whose stance is unknown. The steps
        are the origin's to each member (in file order), then each edge of the reach graph
        (in its order) one way and back, those that can be taken.

        Every edge is weighed at once (numpy): the ties' chances by
        :func:`~powermap.analysis.warmth.channel_chances`, contacts one by one (a few per
        member). On a 50,000-person account with 265,000 relations the table took 0.82 s
        instead of 1.3 s for a step-by-step pass with each pair's channel.
        """
        if self._table is None:
            import numpy as np

            graph, reach, team, day, stale_days = self.graph, self.reach, self.team, self.day, self.stale_days
            present = set(reach)  # looked up as a set: the graph's own test is a Python call
            nodes = [ORIGIN] + [node for node in graph.nodes if node in present]
            index = {node: number for number, node in enumerate(nodes)}
            edges = edge_list(reach)
            # each edge's ends by number here: the reach graph's own numbers (recorded as it was
            # made) renumbered, not each end looked up (0.1 s for 265,000 relations)
            ends = np.array([index[node] for node in reach], dtype=np.int64)[numbered_edges(reach)]
            tails, heads = both_ways(ends)
            ours = np.zeros(len(nodes), dtype=bool)
            ours[[index[member] for member in team]] = True
            shut = np.zeros(len(nodes), dtype=bool)  # people who never introduce anyone
            shut[[index[person] for person in self.kept_out() if person in index]] = True
            chance = channel_chances(graph, index, tails, heads)
            chance[ours[tails]] = 0.0
            for step in np.flatnonzero(ours[tails] & ~ours[heads]).tolist():  # our contacts
                chance[step] = contact_warmth(edges[step // 2][2], day, stale_days).chance
            rival_steps = [index[a] * len(nodes) + index[b]
                           for a, theirs in self.rivalries.items() if a in index for b in theirs if b in index]
            usable = ~ours[heads] & (chance > 0) & (ours[tails] | ~shut[tails])
            if rival_steps:  # each step looked up among the few rival steps, sorted (numpy.isin sorts every
                # step, and its first call imports numpy.ma: about 13 ms in every report)
                rival_steps = np.sort(np.array(rival_steps, dtype=np.int64))
                step_keys = tails * len(nodes) + heads
                usable &= rival_steps[np.minimum(np.searchsorted(rival_steps, step_keys), len(rival_steps) - 1)] != step_keys
            steps = np.flatnonzero(usable)
            members = [index[member] for member in sorted(team, key=self.order.get)]  # from the origin, cost 0
            tails = np.concatenate((np.zeros(len(members), dtype=np.int64), tails[steps]))
            heads = np.concatenate((np.array(members, dtype=np.int64), heads[steps]))
            chances, kinds = np.unique(chance[steps], return_inverse=True)  # the few chances steps have
            costs = np.concatenate((np.zeros(len(members)), np.array([-math.log(value) for value in chances.tolist()])[kinds]))
            extra = 1.0 + len(nodes) * (float(costs.max()) if len(costs) else 0.0)
            doubtful = np.zeros(len(nodes), dtype=bool)
            doubtful[[index[person] for person in self.unsure() if person in index]] = True
            costs = np.where(doubtful[tails], costs + extra, costs)
            sources, targets, costs = tails.tolist(), heads.tolist(), costs.tolist()
            self._unsure_cost = extra
            self._table = WalkTable(nodes, index, sources, targets, costs, Steps(targets, len(nodes)),
                                    Steps(sources, len(nodes)))
        return self._table

    def walk(self, origins: list[str], target: str, blocked: set[str]) -> nx.DiGraph:
        """The usable steps toward ``target``: a networkx view of the one walk graph built for
        all targets, hiding blocked people (but the target), steps out of the target and
        origins other than ``origins``. Each edge has its ``cost``."""
        if self._walk is None:
            table = self.table()
            nodes = table.nodes
            walk = nx.DiGraph()
            walk.add_nodes_from(nodes)
            walk.add_edges_from((nodes[a], nodes[b], {"cost": cost}) for a, b, cost in zip(table.sources, table.targets, table.costs))
            self._walk = walk
        starts = set(origins)

        def keep_node(node):
            return node == target or node not in blocked

        def keep_edge(a, b):
            return a != target and (a != ORIGIN or b in starts)

        return nx.subgraph_view(self._walk, filter_node=keep_node, filter_edge=keep_edge)

    def step(self, a: str, b: str, data: Mapping) -> StepWords | None:
        """The step from ``a`` to ``b`` (a contact when ``a`` is ours, else the best tie)."""
        if (a, b) not in self._steps:
            if a in self.team:
                self._steps[a, b] = contact_step(self.graph, a, b, data, self.day, self.stale_days)
            else:
                self._steps[a, b] = tie_step(self.graph, a, b, self.channels().get((a, b)))
        return self._steps[a, b]

    def walk_step(self, a: str, b: str) -> StepWords:
        """The step of the walk from ``a`` to ``b`` and its words."""
        return self.step(a, b, self.reach[a][b])

    def direct(self, origins, target: str) -> list[str]:
        """The members among ``origins`` who reach ``target`` themselves (a contact at
        ``stranger`` or closer), in file order."""
        starts = set(origins)
        return [member for member in sorted(self.reach[target], key=self.order.get)
                if member in starts and member in self.team and self.reach[member][target].get("level", 0) >= 1]

    # -- one target ------------------------------------------------------------------------

    def distances(self, origins: list[str], target: str, blocked: set[str]) -> dict[int, float]:
        """Cost of the cheapest walk from the origin to every node reached (by node index):
        one search of the walk (:class:`~powermap.analysis.engine.IndexedDigraph`) with the
        steps :meth:`walk` hides closed. The steps from the origin to members not among
        ``origins`` are closed for every target of a plan alike (``shared``): its search is
        kept, and each target's searches again only what that target's closed steps change."""
        table = self.table()
        nodes, index, targets, incoming, outgoing = table.nodes, table.index, table.targets, table.incoming, table.outgoing
        if self._search is None:
            self._search = IndexedDigraph(len(nodes), table.sources, targets, table.costs, engine=self.engine,
                                          incoming=incoming, outgoing=outgoing)
        starts = set(origins)
        closed = set()
        for node in blocked:
            if node != target and node in index:
                closed.update(incoming[index[node]])
        if target in index:
            closed.update(outgoing[index[target]])
        unused = [edge for edge in outgoing[0] if nodes[targets[edge]] not in starts]  # the same for every target
        return self._search.lengths_from(0, closed, shared=unused)

    def cheapest(self, distance: Mapping[int, float], node: int, target: int, starts: set[str], blocked: set[str]) -> Walk:
        """The cheapest walk from the origin to ``node`` (indices) and its step costs.

        Among equally cheap walks, each node is entered from the earliest person in file
        order (our members before everyone, by their own order): the same walk whichever
        engine measured the distances.
        """
        table = self.table()
        nodes, sources, costs = table.nodes, table.sources, table.costs
        path, steps = [node], []
        while node != 0:
            best = None
            for edge in table.incoming[node]:
                before = sources[edge]
                if before == target or before not in distance:
                    continue
                if before == 0 and nodes[node] not in starts:
                    continue
                if distance[before] + costs[edge] == distance[node] and (best is None or before < sources[best]):
                    best = edge
            steps.append(costs[best])
            node = sources[best]
            path.append(node)
        path.reverse()
        steps.reverse()
        return Walk(path, steps)

    def routes(self, origins: list[str], target: str, blocked: set[str], penalised: Mapping | None = None, *,
               k: int, distinct_introducers: bool) -> tuple[Route, ...]:
        """The k routes from ``origins`` to ``target`` avoiding ``blocked``, a direct contact
        first, then the warmest: one per introducer, or Yen's plain k routes (see the module
        docstring). ``penalised`` is accepted for older callers and not used."""
        distance = self.distances(origins, target, blocked)
        if self.table().index[target] not in distance:
            paths = []
        elif distinct_introducers:
            paths = _by_introducer(self, distance, origins, target, blocked, k)
        else:
            paths = _yen(self, self.walk(origins, target, blocked), origins, target, k)
        return tuple(_route(self, path) for path in paths)


def _route_cost(walk: nx.DiGraph, path: list) -> float:
    return sum(walk[a][b]["cost"] for a, b in zip(path, path[1:]))


def _order_key(walk: nx.DiGraph, path: list, order: Mapping) -> tuple:
    return (round(_route_cost(walk, path), 9), tuple(order[node] for node in path))


def _yen(router: Router, walk: nx.DiGraph, origins, target: str, k: int) -> list[list]:
    """Our direct contacts first, then Yen's k cheapest simple paths from the origin; equal
    costs in the file order of their people."""
    order = {node: index for index, node in enumerate(walk.nodes)}
    direct = [[ORIGIN, member, target] for member in router.direct(origins, target)]
    direct.sort(key=lambda path: _order_key(walk, path, order))
    pool, bound = [], None
    for path in nx.shortest_simple_paths(walk, ORIGIN, target, weight="cost"):
        cost = _route_cost(walk, path)
        if bound is not None and cost > bound + _EPSILON:
            break
        pool.append(path)
        if len(pool) == k:
            bound = cost  # keep collecting routes that tie with the k-th one
    pool.sort(key=lambda path: _order_key(walk, path, order))
    return (direct + [path for path in pool if path not in direct])[:k]


def _by_introducer(router: Router, distance: Mapping[int, float], origins, target: str, blocked: set[str], k: int) -> list[list]:
    """The warmest route through each introducer (a step before the target), k best introducers.

    The first route per introducer in Yen's order, found from one shortest-path search: the
    target has no outgoing step, so no route to an introducer passes through it. Routes of
    equal warmth are told apart by the file order of their people.
    """
    table = router.table()
    nodes, sources, costs = table.nodes, table.sources, table.costs
    end = table.index[target]
    starts = set(origins)
    routes = []
    for edge in table.incoming[end]:
        introducer = sources[edge]
        if introducer not in distance or (introducer == 0 and target not in starts):
            continue
        walk = router.cheapest(distance, introducer, end, starts, blocked)
        cost = sum(walk.costs + [costs[edge]])
        direct = len(walk.path) == 2 and router.reach[nodes[introducer]][target].get("level", 0) >= 1
        routes.append(((not direct, round(cost, 9), tuple(walk.path) + (end,)),
                       [nodes[number] for number in walk.path] + [target]))
    routes.sort(key=lambda item: item[0])
    return [route for _, route in routes[:k]]


def _route(router: Router, path: list) -> Route:
    """The route along ``path`` (the origin first): its steps in words, and after the step that
    reaches someone whose stance is unknown, that we must check it before asking them."""
    hops = list(zip(path[1:], path[2:]))  # drop the virtual origin
    made = [router.walk_step(a, b) for a, b in hops]
    steps = tuple(item.step for item in made)
    warmth = math.prod(step.chance for step in steps)
    doubtful = router.unsure()
    reasons, unsure_people = [], []
    for item in made:
        reasons.append(item.text)
        person = item.step.target
        if person in doubtful and person != path[-1]:
            unsure_people.append(person)
            reasons.append(unsure_words(router.graph, person))
    return Route(steps, warmth, tuple(reasons), tuple(unsure_people))
