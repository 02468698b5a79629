"""Introduction paths: the warmest routes from our team to a stakeholder we want to meet.

"Following a project means following people": a key person nobody on the team knows is
reached through someone who knows them. Each route starts at a member of our team, goes
through a contact to a stakeholder, then along ties between stakeholders to the target.

Method
------
**Warmth** is a probability-like number in 0..1: the product over the steps of the chance that
each step works (someone agrees to introduce us onward).

- A *contact step* (our member -> a stakeholder) takes its chance from the closeness layer
  (:data:`LEVEL_CHANCE`: intimate 0.95 ... outermost 0.10), times :data:`STALE_FACTOR` when the
  last contact is more than ``stale_days`` before the account's ``as_of``, or
  :data:`UNDATED_FACTOR` when it has no date.
- A *tie step* (stakeholder -> stakeholder) takes, over every positive channel between the two,
  the best of ``TIE_CHANCE[type] * weight`` (:data:`TIE_CHANCE`). Directed ties count more
  when the intermediary is the one who sways the next person (influences, advises, boss of)
  than the other way round. The formal line has the weight ``FORMAL_WEIGHT`` (0.5).
- The step an opponent or a saboteur makes as an intermediary is multiplied by
  :data:`OPPOSED_FACTOR`, and the route says so.

Never used as intermediaries: people who left (they are not in the reach graph), rivals of
the top leaders ("do not approach people the top leader strongly dislikes": the top decision
maker, i.e. the first decision maker in :func:`key_persons`, and the head of the largest
reporting tree, so a skewed account where a deputy outranks the chairman still keeps the
chairman's rival away) and rivals of the target (we would arrive as their rival's guest). A
pair joined by a rivalry is never a step, even if they also share a positive tie. Members of
our team are only ever the first person of a route.

The warmest route is the shortest path for the cost ``-ln(chance)`` summed over the steps (a
product of chances becomes a sum of costs), from a virtual origin joined to every member at
cost 0. With ``distinct_introducers=False`` the k routes are Yen's k shortest simple paths
(:func:`networkx.shortest_simple_paths`). By default (``True``) each route has its own
*introducer*, the last person before the target (our member for a direct contact), so the
second route is a real fallback and not the first one started by another colleague: these are
the first route per introducer in Yen's order, found with one Dijkstra run (the warmest route
to each introducer, times the introducer's own step). Equal warmth is broken by the file order
of the people on the route.

Cross-appointments (交叉约见): for each key person tied positively to the target, suggest
"tell A you are meeting B, and B you are meeting A": either B is someone we already meet
(fresh contact at ordinary level or closer), which makes the meeting with A natural, or both are
key people we still need to meet.

References: Yen (1971), Finding the k shortest loopless paths in a network, Management Science
17(11); Granovetter (1973), The strength of weak ties, American Journal of Sociology 78(6), for
tie strength as the chance that a tie carries help.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import networkx as nx

from ..errors import ExitCode, PowermapError
from ..model import RelationType, Role, Strength
from ..model.integrity import suggest
from .defaults import STALE_DAYS
from .engine import IndexedDigraph, components, engine_for, gc_paused
from .graph import FORMAL_WEIGHT, POSITIVE_TYPES, active_stakeholders, members, reach_graph, stakeholders, tie_graph, typed_edges
from .graph import as_of as account_date
from .key_persons import KeyPersons, key_persons

__all__ = [
    "Step",
    "Route",
    "Exclusion",
    "CrossAppointment",
    "Introductions",
    "IntroductionError",
    "introduction_paths",
    "Router",
    "LEVEL_CHANCE",
    "TIE_CHANCE",
    "STALE_FACTOR",
    "UNDATED_FACTOR",
    "OPPOSED_FACTOR",
]

# Chance that a contact at each closeness layer (5 intimate .. 0 outermost) opens the next door.
LEVEL_CHANCE: Mapping[int, float] = {5: 0.95, 4: 0.85, 3: 0.65, 2: 0.45, 1: 0.25, 0: 0.10}
# Multipliers for a contact older than ``stale_days`` and for one with no date.
STALE_FACTOR = 0.6
UNDATED_FACTOR = 0.75
# Chance that a tie of weight 1.0 yields an introduction: (the intermediary sways the next
# person, the next person sways the intermediary). Symmetric ties are the same both ways. For
# reports_to, "sways" means "is the boss of".
TIE_CHANCE: Mapping[str, tuple[float, float]] = {
    "kin": (0.95, 0.95),
    "friend": (0.90, 0.90),
    "ally": (0.80, 0.80),
    "alumni": (0.75, 0.75),
    "influences": (0.85, 0.60),
    "advises": (0.85, 0.60),
    "reports_to": (0.90, 0.70),
}
# What the step made by an opponent or a saboteur counts for.
OPPOSED_FACTOR = 0.5

_ORIGIN = ("origin",)  # virtual start joined to our members; a tuple never clashes with an id
_MET_LEVEL = 3  # a fresh contact at this level or closer means "we already meet them"
_EPSILON = 1e-9


class IntroductionError(PowermapError, ValueError):
    """A target or source that cannot be used: unknown, on our team, or gone."""

    exit_code = ExitCode.USAGE


@dataclass(frozen=True)
class Step:
    """One hop of a route: ``source`` asks ``target`` to meet us (or, first, meets them)."""

    source: str
    target: str
    kind: str  # "contact" or the tie type used
    how: str  # e.g. "contact (close, 2026-11-02)" or "friend (0.7)"
    chance: float

    def to_dict(self) -> dict:
        return {"from": self.source, "to": self.target, "kind": self.kind, "how": self.how, "chance": round(self.chance, 4)}


@dataclass(frozen=True)
class Route:
    """A chain from one of our members to the target, with its warmth and why."""

    steps: tuple[Step, ...]
    warmth: float
    reasons: tuple[str, ...]

    @property
    def path(self) -> tuple[str, ...]:
        return (self.steps[0].source, *(step.target for step in self.steps))

    @property
    def introducer(self) -> str:
        """Who makes the last introduction (our member for a direct contact)."""
        return self.steps[-1].source

    def to_dict(self) -> dict:
        return {
            "path": list(self.path),
            "steps": [step.to_dict() for step in self.steps],
            "warmth": round(self.warmth, 4),
            "reasons": list(self.reasons),
        }


@dataclass(frozen=True)
class Exclusion:
    """Someone never used as an intermediary (``factor`` 0) or whose step counts less."""

    id: str
    effect: str  # "excluded" | "penalised"
    factor: float
    reasons: tuple[str, ...]

    def to_dict(self) -> dict:
        return {"id": self.id, "effect": self.effect, "factor": round(self.factor, 4), "reasons": list(self.reasons)}


@dataclass(frozen=True)
class CrossAppointment:
    """Tell ``a`` you are meeting ``b`` and ``b`` you are meeting ``a`` (交叉约见)."""

    a: str
    b: str
    kind: str  # "already_met": we meet b already | "both_wanted": we still need to meet both
    suggestion: str
    reasons: tuple[str, ...]

    def to_dict(self) -> dict:
        return {"a": self.a, "b": self.b, "kind": self.kind, "suggestion": self.suggestion, "reasons": list(self.reasons)}


@dataclass(frozen=True)
class Introductions:
    """The warmest routes to ``target``, best first; empty with a reason when there is none."""

    target: str
    routes: tuple[Route, ...]
    excluded: tuple[Exclusion, ...]
    cross_appointments: tuple[CrossAppointment, ...]
    reasons: tuple[str, ...] = ()
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


# ---------------------------------------------------------------- the chance of one step


def _number(value: float) -> str:
    return str(round(value, 2))


def _name(graph: nx.MultiDiGraph, node: str) -> str:
    return graph.nodes[node]["name"]


def _contact_chance(data: Mapping, day: dt.date, stale_days: int) -> tuple[float, str, str]:
    """(chance, freshness for ``how``, freshness in words) of a contact edge."""
    level, last = data["level"], data["last_contact"]
    chance = LEVEL_CHANCE[level]
    if last is None:
        return chance * UNDATED_FACTOR, "undated", "contact date unknown"
    age = (day - last).days
    if age > stale_days:
        words = f"stale: last contact {last.isoformat()}, {age} days before {day.isoformat()}"
        return chance * STALE_FACTOR, f"{last.isoformat()}, stale", words
    return chance, last.isoformat(), f"last contact {last.isoformat()}"


_LEVEL_ADVERBS = {
    5: "intimately", 4: "closely", 3: "at the ordinary level",
    2: "as a colleague", 1: "only as a stranger", 0: "only at the outermost layer",
}


def _contact_step(graph, member: str, person: str, data: Mapping, day: dt.date, stale_days: int) -> tuple[Step, str]:
    chance, fresh, words = _contact_chance(data, day, stale_days)
    how = f"contact ({Strength.from_level(data['level']).word}, {fresh})"
    text = f"{_name(graph, member)} knows {_name(graph, person)} {_LEVEL_ADVERBS[data['level']]} ({words})"
    return Step(member, person, "contact", how, chance), text


def _channels(graph: nx.MultiDiGraph, a: str, b: str) -> Iterable[tuple[str, bool, float]]:
    """Positive channels between ``a`` and ``b``: (type, ``a`` sways ``b``, weight)."""
    for source, target in ((a, b), (b, a)):
        for data in (graph.get_edge_data(source, target) or {}).values():
            kind = data["type"]
            if kind not in POSITIVE_TYPES:
                continue
            if kind == "reports_to":  # stored person -> boss; the boss sways the person
                yield kind, source == b, FORMAL_WEIGHT
            else:
                yield kind, source == a or data.get("symmetric", False), data["weight"]


_TIE_LABELS = {
    ("influences", True): "influences", ("influences", False): "influenced by",
    ("advises", True): "advises", ("advises", False): "advised by",
    ("reports_to", True): "boss of", ("reports_to", False): "reports to",
}


def _tie_text(kind: str, forward: bool, a: str, b: str, weight: float) -> str:
    """The tie in words, from ``a``'s side."""
    if kind == "reports_to":
        return (f"{b} reports to {a}" if forward else f"{a} reports to {b}") + " (formal line)"
    if kind in RelationType.DIRECTED:
        sentence = f"{a} {kind} {b}" if forward else f"{b} {kind} {a}"
    else:
        plural = {"kin": "kin", "friend": "friends", "ally": "allies", "alumni": "alumni"}[kind]
        sentence = f"{a} and {b} are {plural}"
    return f"{sentence} ({_number(weight)})"


def _tie_step(graph: nx.MultiDiGraph, a: str, b: str) -> tuple[Step, str] | None:
    """The best positive channel from ``a`` to ``b`` as a step, or None when there is none."""
    best = None
    for kind, forward, weight in _channels(graph, a, b):
        chance = TIE_CHANCE[kind][0 if forward else 1] * weight
        if best is None or chance > best[0]:
            best = (chance, kind, forward, weight)
    if best is None or best[0] <= 0:
        return None
    chance, kind, forward, weight = best
    label = _TIE_LABELS.get((kind, forward), kind)
    text = _tie_text(kind, forward, _name(graph, a), _name(graph, b), weight)
    return Step(a, b, kind, f"{label} ({_number(weight)})", chance), text


# ---------------------------------------------------------------- who may be an intermediary


def _rivals(graph: nx.MultiDiGraph) -> dict[frozenset, float]:
    """Every rival pair with the strength of the rivalry."""
    pairs: dict[frozenset, float] = {}
    for source, target, data in typed_edges(graph, RelationType.NEGATIVE):
        pair = frozenset((source, target))
        pairs[pair] = max(pairs.get(pair, 0.0), data["weight"])
    return pairs


def _rivals_of(rivals: Mapping[frozenset, float], person: str) -> dict[str, float]:
    return {other: weight for pair, weight in rivals.items() if person in pair for other in pair - {person}}


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


def _leaders(graph: nx.MultiDiGraph, ranking: KeyPersons) -> dict[str, str]:
    """The top leaders whose rivals we keep away from: person -> what makes them the top."""
    leaders: dict[str, list[str]] = {}
    candidates = ((_top_decider(ranking, graph), "the top decision maker"), (_formal_head(graph), "the head of the reporting line"))
    for person, what in candidates:
        if person is not None:
            leaders.setdefault(person, []).append(what)
    return {person: " and ".join(what) for person, what in leaders.items()}


def _opposed(data: Mapping) -> list[str]:
    found = []
    if data.get("stance") == "opponent":
        found.append("an opponent")
    if Role.SABOTEUR.value in data.get("roles", ()):
        found.append("a saboteur")
    return found


def _exclusions(router: Router, target: str) -> tuple[dict[str, list[str]], dict[str, list[str]]]:
    """(excluded, penalised): person -> reasons, over the people a route could pass through."""
    graph, leaders, rivals = router.graph, router.leaders, router.rivals
    excluded: dict[str, list[str]] = {}
    for leader, what in leaders.items():
        for person, weight in _rivals_of(rivals, leader).items():
            if person != target and person not in leaders:
                excluded.setdefault(person, []).append(
                    f"rival ({_number(weight)}) of {_name(graph, leader)}, {what}: "
                    "do not approach people the top leader dislikes"
                )
    for person, weight in _rivals_of(rivals, target).items():
        excluded.setdefault(person, []).append(
            f"rival of {_name(graph, target)} ({_number(weight)}): we would arrive as their rival's guest"
        )
    penalised = {person: reasons for person, reasons in router.penalties().items() if person != target}
    return excluded, penalised


def _exclusion_list(router: Router, target, excluded, penalised) -> tuple[Exclusion, ...]:
    """Who is kept out or counts less, limited to the target's part of the reach graph."""
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


# ---------------------------------------------------------------- the walk graph and the routes


def _tie_chances(graph: nx.MultiDiGraph) -> dict[tuple[str, str], float]:
    """The chance of the best positive channel for every ordered pair of people joined by one:
    what :func:`_tie_step` finds for the pair, computed for all pairs in one pass."""
    best: dict[tuple[str, str], float] = {}
    for source, target, data in typed_edges(graph, POSITIVE_TYPES):
        kind = data["type"]
        forward, backward = TIE_CHANCE[kind]
        if kind == "reports_to":  # stored person -> boss; the boss sways the person
            pairs = ((target, source, forward * FORMAL_WEIGHT), (source, target, backward * FORMAL_WEIGHT))
        else:
            weight = data["weight"]
            back = forward if data.get("symmetric", False) else backward
            pairs = ((source, target, forward * weight), (target, source, back * weight))
        for a, b, chance in pairs:
            if (a, b) not in best or chance > best[a, b]:
                best[a, b] = chance
    return best


class Router:
    """What the routes to every target share, prepared once: the reach graph, rivalries, the
    leaders whose rivals we avoid, the walk of every usable step with its cost, and each
    step's words (made when a route first uses it).

    Pass one to :func:`introduction_paths` when asking for routes to many people (a report's
    recommendations, a map's highlighted routes, a plan): each target then costs one walk.
    ``engine`` (:mod:`~powermap.analysis.engine`) runs the shortest-path searches in networkx
    or igraph; the routes are the same.
    """

    def __init__(self, graph: nx.MultiDiGraph, *, as_of: dt.date | None = None, stale_days: int = STALE_DAYS,
                 ranking: KeyPersons | None = None, engine: str | None = None):
        self.graph = graph
        self.day = as_of or account_date(graph)
        self.stale_days = stale_days
        self.engine = engine_for(graph, engine)
        self.ranking = ranking if ranking is not None else key_persons(graph, engine=self.engine)
        self.reach = reach_graph(graph)
        self.rivals = _rivals(graph)
        self.leaders = _leaders(graph, self.ranking)
        self.team = set(members(graph))
        self.ties = tie_graph(graph)
        self.order = {node: index for index, node in enumerate(graph.nodes)}
        self._steps: dict[tuple[str, str], tuple[Step, str] | None] = {}
        self._table = None
        self._walk: nx.DiGraph | None = None
        self._search: IndexedDigraph | None = None
        self._penalties: dict[str, list[str]] | None = None
        self._components: dict[str, int] | None = None
        self._departed: dict[str, set[str]] | None = None
        self._chances: dict[tuple[str, str], float] | None = None

    # -- what every target shares, made on first use ---------------------------------------

    def penalties(self) -> dict[str, list[str]]:
        """Opponents and saboteurs in the reach graph (reach order): person -> the reason."""
        if self._penalties is None:
            nodes = self.graph.nodes
            self._penalties = {}
            for person in self.reach:
                data = nodes[person]
                found = _opposed(data) if data["kind"] == "stakeholder" else []
                if found:
                    self._penalties[person] = [
                        f"{_name(self.graph, person)} is {' and '.join(found)}: "
                        f"an introduction through them counts x{_number(OPPOSED_FACTOR)}"
                    ]
        return self._penalties

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

    def tie_chances(self) -> dict[tuple[str, str], float]:
        """The best positive channel's chance for each ordered pair of people (see :func:`_tie_chances`)."""
        if self._chances is None:
            self._chances = _tie_chances(self.graph)
        return self._chances

    def table(self):
        """The shared walk as lists: nodes (the origin first, then the reach graph's people in
        file order), their index, and the usable steps ``(source, target, cost)`` by index,
        with the steps into and out of each node.

        Steps start at our member (a contact) or at a stakeholder (the best positive tie),
        never enter a member, never cross a rivalry; an opponent's or saboteur's step counts
        x :data:`OPPOSED_FACTOR`; cost = -ln(chance).
        """
        if self._table is None:
            graph, reach, team, day, stale_days = self.graph, self.reach, self.team, self.day, self.stale_days
            nodes = [_ORIGIN] + [node for node in graph.nodes if node in reach]
            index = {node: number for number, node in enumerate(nodes)}
            opposed = self.penalties()
            rivals = self.rivals
            chances = self.tie_chances()
            sources, targets, costs = [], [], []
            for member in sorted(team, key=self.order.get):
                sources.append(0)
                targets.append(index[member])
                costs.append(0.0)
            for u, v, data in reach.edges(data=True):
                for a, b in ((u, v), (v, u)):
                    if b in team:
                        continue
                    if a in team:
                        chance = _contact_chance(data, day, stale_days)[0]
                    else:
                        if frozenset((a, b)) in rivals:
                            continue
                        chance = chances.get((a, b), 0.0)
                        if chance <= 0:
                            continue
                    if a in opposed:
                        chance = chance * OPPOSED_FACTOR
                    if chance > 0:
                        sources.append(index[a])
                        targets.append(index[b])
                        costs.append(-math.log(chance))
            incoming: list[list[int]] = [[] for _ in nodes]
            outgoing: list[list[int]] = [[] for _ in nodes]
            for edge, (a, b) in enumerate(zip(sources, targets)):
                incoming[b].append(edge)
                outgoing[a].append(edge)
            self._table = (nodes, index, sources, targets, costs, incoming, outgoing)
        return self._table

    def walk(self, origins: list[str], target: str, blocked: set[str]) -> nx.DiGraph:
        """The usable steps toward ``target``: a networkx view of the one walk graph built for
        all targets, hiding blocked people (but the target), steps out of the target and
        origins other than ``origins``. Each edge has its ``cost``."""
        if self._walk is None:
            nodes, _, sources, targets, costs, _, _ = self.table()
            walk = nx.DiGraph()
            walk.add_nodes_from(nodes)
            walk.add_edges_from((nodes[a], nodes[b], {"cost": cost}) for a, b, cost in zip(sources, targets, costs))
            self._walk = walk
        starts = set(origins)

        def keep_node(node):
            return node == target or node not in blocked

        def keep_edge(a, b):
            return a != target and (a != _ORIGIN or b in starts)

        return nx.subgraph_view(self._walk, filter_node=keep_node, filter_edge=keep_edge)

    def step(self, a: str, b: str, data: Mapping) -> tuple[Step, str] | None:
        """The step from ``a`` to ``b`` (a contact when ``a`` is ours, else the best tie)."""
        if (a, b) not in self._steps:
            if a in self.team:
                self._steps[a, b] = _contact_step(self.graph, a, b, data, self.day, self.stale_days)
            else:
                self._steps[a, b] = _tie_step(self.graph, a, b)
        return self._steps[a, b]

    def walk_step(self, a: str, b: str) -> tuple[Step, str]:
        """The step of the walk from ``a`` to ``b`` and its words (an opponent's counts less)."""
        step, text = self.step(a, b, self.reach[a][b])
        if a in self.penalties():
            step = Step(step.source, step.target, step.kind, step.how, step.chance * OPPOSED_FACTOR)
        return step, text

    # -- one target ------------------------------------------------------------------------

    def distances(self, origins: list[str], target: str, blocked: set[str]) -> dict[int, float]:
        """Cost of the cheapest walk from the origin to every node reached (by node index):
        one search of the walk (:class:`~powermap.analysis.engine.IndexedDigraph`) with the
        steps :meth:`walk` hides closed."""
        nodes, index, sources, targets, costs, incoming, outgoing = self.table()
        if self._search is None:
            self._search = IndexedDigraph(len(nodes), sources, targets, costs, engine=self.engine)
        starts = set(origins)
        closed = set()
        for node in blocked:
            if node != target and node in index:
                closed.update(incoming[index[node]])
        if target in index:
            closed.update(outgoing[index[target]])
        closed.update(edge for edge in outgoing[0] if nodes[targets[edge]] not in starts)
        return self._search.lengths_from(0, closed)

    def cheapest(self, distance: Mapping[int, float], node: int, target: int, starts: set[str], blocked: set[str]) -> tuple[list[int], list[float]]:
        """The cheapest walk from the origin to ``node`` (indices) and its step costs.

        Among equally cheap walks, each node is entered from the earliest person in file
        order (our members before everyone, by their own order): the same walk whichever
        engine measured the distances.
        """
        nodes, _, sources, _, costs, incoming, _ = self.table()
        path, steps = [node], []
        while node != 0:
            best = None
            for edge in incoming[node]:
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
        return path, steps


def _route_cost(walk: nx.DiGraph, path: list) -> float:
    return sum(walk[a][b]["cost"] for a, b in zip(path, path[1:]))


def _order_key(walk: nx.DiGraph, path: list, order: Mapping) -> tuple:
    return (round(_route_cost(walk, path), 9), tuple(order[node] for node in path))


def _yen(walk: nx.DiGraph, target: str, k: int) -> list[list]:
    """Yen's k cheapest simple paths from the origin; equal costs in the file order of their people."""
    order = {node: index for index, node in enumerate(walk.nodes)}
    pool, bound = [], None
    for path in nx.shortest_simple_paths(walk, _ORIGIN, target, weight="cost"):
        cost = _route_cost(walk, path)
        if bound is not None and cost > bound + _EPSILON:
            break
        pool.append(path)
        if len(pool) == k:
            bound = cost  # keep collecting routes that tie with the k-th one
    pool.sort(key=lambda path: _order_key(walk, path, order))
    return pool[:k]


def _by_introducer(router: Router, distance: Mapping[int, float], origins, target: str, blocked: set[str], k: int) -> list[list]:
    """The warmest route through each introducer (a step before the target), k best introducers.

    The first route per introducer in Yen's order, found from one shortest-path search: the
    target has no outgoing step, so no route to an introducer passes through it. Routes of
    equal warmth are told apart by the file order of their people.
    """
    nodes, index, sources, _, costs, incoming, _ = router.table()
    end = index[target]
    starts = set(origins)
    routes = []
    for edge in incoming[end]:
        introducer = sources[edge]
        if introducer not in distance or (introducer == 0 and target not in starts):
            continue
        path, steps = router.cheapest(distance, introducer, end, starts, blocked)
        steps.append(costs[edge])
        cost = sum(steps)
        routes.append(((round(cost, 9), tuple(path) + (end,)), [nodes[number] for number in path] + [target]))
    routes.sort(key=lambda item: item[0])
    return [route for _, route in routes[:k]]


def _route(router: Router, path: list, penalised: Mapping[str, list[str]]) -> Route:
    hops = list(zip(path[1:], path[2:]))  # drop the virtual origin
    made = [router.walk_step(a, b) for a, b in hops]
    steps = tuple(step for step, _ in made)
    reasons = [text for _, text in made]
    reasons += [penalised[step.source][0] for step in steps if step.source in penalised]
    warmth = math.prod(step.chance for step in steps)
    product = " x ".join(str(round(step.chance, 3)) for step in steps)
    reasons.append(f"warmth {round(warmth, 4)}" + (f" = {product}" if len(steps) > 1 else ""))
    return Route(steps, warmth, tuple(reasons))


# ---------------------------------------------------------------- cross-appointments


def _best_contact(graph, reach, person: str, day: dt.date, stale_days: int):
    """(chance, member, contact data) of our best contact with ``person``, or None."""
    best = None
    for member in members(graph):
        if reach.has_edge(member, person):
            data = reach[member][person]
            chance = _contact_chance(data, day, stale_days)[0]
            if best is None or chance > best[0]:
                best = (chance, member, data)
    return best


def _met(best, day: dt.date, stale_days: int) -> bool:
    if best is None:
        return False
    data = best[2]
    last = data["last_contact"]
    return data["level"] >= _MET_LEVEL and last is not None and (day - last).days <= stale_days


def _contact_words(graph, person, best, day, stale_days) -> str:
    if best is None:
        return f"nobody on our team has met {_name(graph, person)} yet"
    _, member, data = best
    _, fresh, _ = _contact_chance(data, day, stale_days)
    return f"{_name(graph, member)} ({Strength.from_level(data['level']).word}, {fresh})"


def _cross_appointments(router: Router, target, blocked, top_keys, limit):
    """Cross-appointments between the target and key persons tied positively to them."""
    graph, reach, ties, ranking, rivals = router.graph, router.reach, router.ties, router.ranking, router.rivals
    day, stale_days = router.day, router.stale_days
    key = {person.id: person for person in ranking.top(top_keys)}
    target_name = _name(graph, target)
    found = []
    for other in ties[target]:
        if other not in key or other in blocked or frozenset((target, other)) in rivals:
            continue
        made = _tie_step(graph, other, target)
        if made is None:
            continue
        other_name = _name(graph, other)
        best = _best_contact(graph, reach, other, day, stale_days)
        met = _met(best, day, stale_days)
        reasons = [made[1], f"{other_name} is key person #{key[other].rank}"]
        contact = _contact_words(graph, other, best, day, stale_days)
        if met:
            reasons.append(f"we already meet {other_name}: {contact}")
        elif best is None:
            reasons.append(f"we still need to meet both: {contact}")
        else:
            reasons.append(f"we still need to meet both: we reach {other_name} only weakly: {contact}")
        suggestion = f"Tell {target_name} you are meeting {other_name}, and {other_name} you are meeting {target_name}."
        kind = "already_met" if met else "both_wanted"
        order = (not met, -round(made[0].chance, 9), key[other].rank)
        found.append((order, CrossAppointment(target, other, kind, suggestion, tuple(reasons))))
    found.sort(key=lambda item: item[0])
    return tuple(item[1] for item in found[:limit])


# ---------------------------------------------------------------- the public function


def _check_target(graph: nx.MultiDiGraph, target: str) -> None:
    people = stakeholders(graph)
    if target not in graph or graph.nodes[target]["kind"] != "stakeholder":
        raise IntroductionError(f"unknown stakeholder {target!r}{suggest(target, people)}")
    if not graph.nodes[target]["active"]:
        name = _name(graph, target)
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
    chances = router.tie_chances()
    seen = set(origins)
    todo = list(origins)
    while todo:
        a = todo.pop()
        if a == target:
            return True
        for b in reach[a]:
            if b in seen or b in team:
                continue
            if a not in team and chances.get((a, b), 0.0) <= 0:
                continue
            seen.add(b)
            todo.append(b)
    return target in seen


def _no_route_reason(router: Router, origins, target, penalised) -> str:
    graph = router.graph
    start = _name(graph, origins[0]) if len(origins) == 1 else "our team"
    if _reachable_ignoring_exclusions(router, origins, target):
        return (f"no usable route from {start} to {_name(graph, target)}: every chain goes through someone we "
                "must not use or across a rivalry (see excluded)")
    return f"no route from {start} to {_name(graph, target)}: no contact with them and no chain of ties from anyone we know"


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
    ('priya', 'daniel_kestrel', 'harold_kestrel')
    """
    if k < 1:
        raise IntroductionError(f"k must be at least 1, not {k}")
    _check_target(graph, target)
    origins = _check_source(graph, source)
    router = router or Router(graph, as_of=as_of, stale_days=stale_days, ranking=ranking, engine=engine)
    rivals, leaders = router.rivals, router.leaders
    excluded, penalised = _exclusions(router, target)
    blocked = set(excluded)

    distance = router.distances(origins, target, blocked)
    if router.table()[1][target] not in distance:
        paths = []
    elif distinct_introducers:
        paths = _by_introducer(router, distance, origins, target, blocked, k)
    else:
        paths = _yen(router.walk(origins, target, blocked), target, k)
    routes = tuple(_route(router, path, penalised) for path in paths)

    reasons = []
    if not routes:
        reasons.append(_no_route_reason(router, origins, target, penalised))
    for leader, what in leaders.items():
        if target in _rivals_of(rivals, leader):
            reasons.append(
                f"{_name(graph, target)} is a rival of {_name(graph, leader)}, {what}: being seen with them may cost us"
            )
    cross = _cross_appointments(router, target, blocked, top_keys, max_cross)
    return Introductions(
        target=target,
        routes=routes,
        excluded=_exclusion_list(router, target, excluded, penalised),
        cross_appointments=cross,
        reasons=tuple(reasons),
        as_of=router.day,
    )
