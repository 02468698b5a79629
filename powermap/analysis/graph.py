"""The account as one typed, multi-relational NetworkX graph, and the projections analyses use.

:func:`build_graph` is the reference representation every backend must reproduce: people
(stakeholders and our team members), departments and factions are nodes; formal lines,
influence, advice, alliances, rivalries, friendship/kin/alumni ties, contacts and memberships
are edges, each with its ``type``. Analyses never change it; each takes the projection it
needs:

- :func:`influence_graph`: who sways whom (influence, advice, and the formal line);
- :func:`tie_graph`: positive ties as one undirected weighted graph (:func:`tie_pairs`: its
  pairs as columns, without the graph, for what reads them only as numbers);
- :func:`signed_graph`: positive ties plus rivalries with a negative sign;
- :func:`reach_graph`: our team and the people we can reach through contacts and ties.

Node keys are the ids of the file for people; departments and factions are keyed
``department:<id>`` and ``faction:<id>`` so they never clash with a person.

Shared edge data: the account graph is never changed once built and the projections are frozen
(cached once per account graph); in each, the edges whose attributes are equal (the same
values of the same types) share one attribute dict, as the reach graph shares the tie graph's: a 50,000-person account has about 150,000
positive ties but a few dozen different ``(weight, channels)``, and a dict per edge took
about 30 MB per projection. Read an edge's data, never change it; :meth:`networkx.Graph.copy`
gives a graph with a dict of its own per edge. So with the people's power levels and roles:
the people who hold the same share one dict and one tuple (building the graph of 50,000 people
took 0.41 s instead of 0.45 s, and the key persons read each set of levels once).
"""

from __future__ import annotations

import datetime as dt
import functools
import operator
import weakref
from collections.abc import Callable, Hashable, Iterable, Mapping
from dataclasses import dataclass
from itertools import repeat
from typing import Any

import networkx as nx

from ..model import AccountMap
from .engine import (SharedData, add_attributed_nodes, add_copy, add_keyed_edges, add_new_edges, add_nodes, edge_list,
                     gc_paused, known_edges, node_data, numbered_edges, predecessors, successors)
from ..model.enums import PowerSource, RelationType, Stance, Status, Strength
from .person_edges import PERSON_KINDS, REPORTS_TO, PersonEdges
from .person_edges import from_build as edge_columns
from .person_edges import from_graph as edge_columns_of

__all__ = [
    "build_graph",
    "derived",
    "department_node",
    "faction_node",
    "stakeholders",
    "active_stakeholders",
    "members",
    "group_data",
    "influence_graph",
    "tie_graph",
    "tie_pairs",
    "Pairs",
    "signed_graph",
    "reach_graph",
    "shared_projections",
    "as_of",
    "pull",
    "pulls_from", "pulls_into",
    "pulls_to",
    "typed_edges",
    "person_edges",
    "POSITIVE_TYPES",
    "FORMAL_WEIGHT",
]

# Edge types that bind people together: the formal line and the positive relation types.
POSITIVE_TYPES = RelationType.POSITIVE | {"reports_to"}
_POWER_SOURCES = tuple(source.value for source in PowerSource)
_STANCE_SCORE = {stance: stance.score for stance in Stance}
_LEVEL = {strength: strength.level for strength in Strength}
# How strongly the formal line sways a subordinate, on the 0..1 scale of influence weights.
FORMAL_WEIGHT = 0.5


def department_node(department_id: str) -> str:
    return f"department:{department_id}"


def faction_node(faction_id: str) -> str:
    return f"faction:{faction_id}"


@gc_paused
def build_graph(account: AccountMap) -> nx.MultiDiGraph:
    """The whole account as a graph (see the module docstring for its shape).

    ``G.graph["account"]`` is the account record and ``G.graph["map"]`` the whole model.
    Symmetric relations are stored once, from ``source`` to ``target``, with
    ``symmetric=True``. Repeated contacts between a pair are merged: the strongest level and
    the latest date count.
    """
    graph = nx.MultiDiGraph(account=account.account, map=account)
    for department in account.departments:
        graph.add_node(
            department_node(department.id), kind="department", ref=department.id, name=department.name,
            department_kind=department.kind._value_, parent=department.parent,
        )
    add_keyed_edges(
        graph,
        [(department_node(department.id), department_node(department.parent), "part_of", {"type": "part_of"})
         for department in account.departments if department.parent is not None],
    )
    for faction in account.factions:
        graph.add_node(faction_node(faction.id), kind="faction", ref=faction.id, name=faction.name, leader=faction.leader)
    left = Status.LEFT
    # what many people hold alike, made once and shared (module notes): their power levels (and
    # their total) and their roles, read as the record's values
    levels_of, roles_of = SharedData(_levels), SharedData(lambda roles: tuple(role._value_ for role in roles))
    read_power = operator.attrgetter(*_POWER_SOURCES)

    def person_node(person) -> tuple[str, dict]:
        levels, total = levels_of[read_power(person.power)]
        stance = person.stance
        return person.id, {
            "kind": "stakeholder",
            "name": person.name,
            "title": person.title,
            "department": person.department,
            "faction": person.faction,
            "roles": roles_of[person.roles],
            "stance": stance._value_,
            "stance_score": _STANCE_SCORE[stance],
            "power": levels,
            "power_total": total,
            "circle": None if person.circle is None else person.circle._value_,
            "status": person.status._value_,
            "active": person.status is not left,
            "close_to_competitor": person.close_to_competitor,
        }

    add_attributed_nodes(graph, map(person_node, account.stakeholders))
    for member in account.team:
        graph.add_node(member.id, kind="member", name=member.name, role=member.role)
    # Edges with equal data share one dict, as in the projections (module notes): the graph is
    # never changed once built.
    lines, reports_to, member_of, in_faction = [], {"type": "reports_to"}, {"type": "member_of"}, {"type": "in_faction"}
    formal = []  # the edges between people, in the order added: the formal lines, then the relations
    for person in account.stakeholders:
        if person.reports_to is not None:
            line = (person.id, person.reports_to, "reports_to", reports_to)
            lines.append(line)
            formal.append(line)
        if person.department is not None:
            lines.append((person.id, department_node(person.department), "member_of", member_of))
        if person.faction is not None:
            lines.append((person.id, faction_node(person.faction), "in_faction", in_faction))
    add_keyed_edges(graph, lines)
    add_keyed_edges(
        graph,
        [(faction.leader, faction_node(faction.id), "leads", {"type": "leads"})
         for faction in account.factions if faction.leader is not None],
    )
    ties: dict[tuple[str, str, str], list] = {}  # (source, target, type) -> [weight, network, symmetric]
    symmetric_types = {kind: kind in RelationType.SYMMETRIC for kind in RelationType}
    for relation in account.relations:
        kind = relation.type
        symmetric = symmetric_types[kind]
        kind = kind._value_
        source, target = relation.source, relation.target
        if symmetric and (target, source, kind) in ties:
            source, target = target, source  # a mutual tie listed twice is one tie
        ends = (source, target, kind)
        existing = ties.get(ends)
        if existing is not None:
            existing[0] = max(existing[0], relation.weight)
            continue
        network = relation.network
        ties[ends] = [relation.weight, None if network is None else network._value_, symmetric]
    same: dict[tuple, dict] = {}  # one data dict for the edges that say the same (module notes)
    edges = []
    for (source, target, kind), (weight, network, symmetric) in ties.items():
        content = (kind, weight.__class__, weight, network, symmetric)
        data = same.get(content)
        if data is None:
            data = same[content] = {"type": kind, "weight": weight, "network": network, "symmetric": symmetric}
        edges.append((source, target, kind, data))
    add_keyed_edges(graph, edges)
    contacts: dict[tuple[str, str], dict] = {}
    for contact in account.contacts:
        existing = contacts.get((contact.member, contact.stakeholder))
        level = _LEVEL[contact.strength]
        if existing is None:
            contacts[contact.member, contact.stakeholder] = {
                "type": "contact", "level": level, "strength": contact.strength._value_,
                "last_contact": contact.last_contact, "channel": contact.channel,
            }
            continue
        if level > existing["level"]:
            existing.update(level=level, strength=contact.strength._value_)
        if contact.last_contact is not None and (existing["last_contact"] is None or contact.last_contact > existing["last_contact"]):
            existing["last_contact"] = contact.last_contact
    add_keyed_edges(graph, ((member, person, "contact", data) for (member, person), data in contacts.items()))
    if len(graph) == len(account.departments) + len(account.factions) + len(account.stakeholders) + len(account.team):
        # every id names one node (else an edge of another kind may join two people: walked when asked for)
        derived(graph)["person_edges"] = edge_columns(list(graph), formal + edges)
    return graph


def _levels(values: tuple[int, ...]) -> tuple[dict[str, int], int]:
    """A person's power levels by source name, and their total."""
    return dict(zip(_POWER_SOURCES, values)), sum(values)


def as_of(graph: nx.MultiDiGraph, today: dt.date | None = None) -> dt.date:
    """The date the account describes: its ``as_of``, else ``today`` (else the current date)."""
    return graph.graph["account"].as_of or today or dt.date.today()


def pull(influence: nx.DiGraph, person: str, target: str) -> float:
    """How strongly ``person`` sways ``target`` on an influence graph: the best product of
    weights over one or two steps (0 when there is no such path)."""
    best = influence[person][target]["weight"] if influence.has_edge(person, target) else 0.0
    for middle, data in influence[person].items():
        if middle != target and influence.has_edge(middle, target):
            best = max(best, data["weight"] * influence[middle][target]["weight"])
    return best


def pulls_from(influence: nx.DiGraph, person: str) -> dict[str, float]:
    """:func:`pull` from one person to everyone they reach in one or two steps, at once."""
    best: dict[str, float] = {}
    for middle, first in influence[person].items():
        if first["weight"] > best.get(middle, 0.0):
            best[middle] = first["weight"]
        for target, second in influence[middle].items():
            if target != person and target != middle:
                chained = first["weight"] * second["weight"]
                if chained > best.get(target, 0.0):
                    best[target] = chained
    best.pop(person, None)
    return best


def pulls_into(influence: nx.DiGraph, targets: Iterable[str]) -> Callable[[str], dict[str, float]]:
    """:func:`pulls_from` kept for ``targets``, for many people: the function returned gives,
    for one person, their :func:`pull` on each of the targets they reach in one or two steps.

    The ties into the targets are gathered once, so each person costs their own ties and the
    ties from those to the targets, not a walk of everyone two steps away.
    """
    targets = set(targets)
    into: dict[str, list[tuple[str, float]]] = {}  # middle -> [(target, weight of middle -> target)]
    pred = predecessors(influence)
    for target in targets:
        for middle, data in pred[target].items():
            into.setdefault(middle, []).append((target, data["weight"]))
    succ = successors(influence)  # plain dicts: read for many people

    def pulls(person: str) -> dict[str, float]:
        best: dict[str, float] = {}
        for middle, first in succ[person].items():
            weight = first["weight"]
            if middle in targets and weight > best.get(middle, 0.0):
                best[middle] = weight
            for target, second in into.get(middle, ()):
                if target != person and target != middle:
                    chained = weight * second
                    if chained > best.get(target, 0.0):
                        best[target] = chained
        best.pop(person, None)
        return best

    return pulls


def _people(graph: nx.MultiDiGraph) -> tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]:
    """(stakeholders, active stakeholders, members), each in file order, computed once per graph,
    with the departments' and factions' data (:func:`group_data`) in the same pass."""
    store = derived(graph)
    found = store.get("people")
    if found is None:
        everyone, active, team = [], [], []
        grouped: dict[str, list[dict]] = {"department": [], "faction": []}
        for node, data in node_data(graph).items():  # made once, for the analyses too
            kind = data["kind"]
            if kind == "stakeholder":
                everyone.append(node)
                if data["active"]:
                    active.append(node)
            elif kind == "member":
                team.append(node)
            elif kind in grouped:
                grouped[kind].append(data)
        found = store["people"] = (tuple(everyone), tuple(active), tuple(team))
        store["group data"] = {kind: tuple(datas) for kind, datas in grouped.items()}
    return found


def group_data(graph: nx.MultiDiGraph, kind: str) -> tuple[dict, ...]:
    """The attribute dicts of the account's departments (``kind="department"``) or factions
    (``"faction"``), in file order: found with the people, once per graph, instead of a walk
    over every node for each analysis that names them (about 8 ms each at 50,000 people)."""
    _people(graph)
    return derived(graph)["group data"][kind]


def pulls_to(influence: nx.DiGraph, targets: Iterable[str]) -> dict[str, float]:
    """Each person's strongest :func:`pull` on any of ``targets`` (people with none left out).

    The same numbers as :func:`pulls_from` from every person, kept for the targets, but found
    backwards from the few targets: O(ties into them) instead of a walk from everyone.
    """
    best: dict[str, float] = {}
    pred = predecessors(influence)  # plain dicts, not networkx's views of them
    for target in targets:
        for middle, second in pred[target].items():
            weight = second["weight"]
            if weight > best.get(middle, 0.0):
                best[middle] = weight
            for person, first in pred[middle].items():
                if person != target:
                    chained = first["weight"] * weight
                    if chained > best.get(person, 0.0):
                        best[person] = chained
    return best


def stakeholders(graph: nx.MultiDiGraph) -> list[str]:
    """Every stakeholder, in file order (people who left included)."""
    return list(_people(graph)[0])


def active_stakeholders(graph: nx.MultiDiGraph) -> list[str]:
    """Stakeholders still at the buyer, in file order."""
    return list(_people(graph)[1])


def members(graph: nx.MultiDiGraph) -> list[str]:
    """Our team, in file order."""
    return list(_people(graph)[2])


def _formal_boss(graph: nx.MultiDiGraph) -> Mapping[str, str | None]:
    # formal_lines reads this module's people and store; imported here, where a projection needs it
    from .formal_lines import formal_lines

    return formal_lines(graph).boss


_PROJECTIONS: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def derived(graph: nx.Graph) -> dict:
    """A per-graph store for what is computed from a graph and shared by analyses.

    It lives in networkx's own cache of the graph (``__networkx_cache__``), which networkx
    empties on every change of nodes or edges, so nothing stale is ever read; graphs without
    that cache fall back to a store dropped when the graph's size changes.
    """
    cache = getattr(graph, "__networkx_cache__", None)
    if cache is not None:
        store = cache.get("powermap")
        if store is None:
            store = cache["powermap"] = {}
        return store
    store = _PROJECTIONS.setdefault(graph, {})
    stamp = (graph.number_of_nodes(), graph.number_of_edges())
    if store.get("stamp") != stamp:
        store.clear()
        store["stamp"] = stamp
    return store


def _projection(build):
    """Compute a projection once per account graph and options, and freeze it.

    Several analyses read the same projection of one graph; a report builds each once. The
    result is frozen (NetworkX raises on any change), so sharing it is safe; the cache is
    dropped when the graph changes (see :func:`derived`).
    """

    # the options' defaults, so a call that spells a default out (``tie_graph(g, active_only=True)``)
    # shares the projection of one that leaves it out (``tie_graph(g)``)
    defaults = {name: value for name, value in (build.__kwdefaults__ or {}).items()}

    def key_of(options: dict) -> tuple:
        return (build.__name__,) + tuple(
            (name, tuple(sorted(value)) if isinstance(value, (set, frozenset, list, tuple)) else value)
            for name, value in sorted({**defaults, **options}.items())
        )

    @functools.wraps(build)
    @gc_paused
    def cached(graph: nx.MultiDiGraph, **options):
        key = key_of(options)
        store = derived(graph)
        if key not in store:
            store[key] = nx.freeze(build(graph, **options))
        return store[key]

    cached.key_of = key_of  # where a projection with these options is kept (shared_projections)
    return cached


def typed_edges(graph: nx.MultiDiGraph, types: Iterable[str]):
    """The account graph's edges of the given types, in edge order, as ``(source, target, data)``:
    between people from their columns (:func:`person_edges`); contacts from our members' own
    edges (every contact leaves a member, :func:`build_graph`); others by a walk of the graph."""
    wanted = set(types)
    if wanted <= _PERSON_TYPES:
        return person_edges(graph).triples(wanted)
    sources = members(graph) if wanted == {"contact"} else graph
    succ = graph.succ
    return [(source, target, data) for source in sources for target, keyed in succ[source].items()
            for data in keyed.values() if data["type"] in wanted]


_PERSON_TYPES = frozenset(PERSON_KINDS)


def person_edges(graph: nx.MultiDiGraph) -> PersonEdges:
    """Every edge between two people (the formal line and the relations) as columns, in edge
    order (:mod:`~powermap.analysis.person_edges`): recorded when the graph was built, else
    read from it once."""
    store = derived(graph)
    found = store.get("person_edges")
    if found is None:
        found = store["person_edges"] = edge_columns_of(graph)
    return found


@dataclass(frozen=True, eq=False)
class Pairs:
    """A projection's edges as columns, one per pair of people (the pair's channels merged, as
    :func:`_pairs_of` merges them), in the order the projection's graph adds them (the order of
    the pairs' first edges): ``ends`` the places of the two ends among ``people`` (an array of
    shape (pairs, 2), each pair as its first edge runs, from the boss on the influence graph),
    ``weights`` each pair's weight and ``datas`` its data dict (the graph's own; an array of
    objects); ``directed`` as the graph is. Read them, never change them. :func:`tie_pairs`
    gives them without making the graph."""

    people: tuple
    ends: Any
    weights: Any
    datas: Any
    directed: bool

    @functools.cached_property
    def _places(self) -> dict[Hashable, int]:
        return {person: place for place, person in enumerate(self.people)}

    def data(self, a: Hashable, b: Hashable) -> dict | None:
        """The data of the pair of ``a`` and ``b`` (either way round when undirected), or None."""
        import numpy as np

        index = self._places
        if a not in index or b not in index:
            return None
        first, second = self.ends[:, 0], self.ends[:, 1]
        at = (first == index[a]) & (second == index[b])
        if not self.directed:
            at |= (first == index[b]) & (second == index[a])
        found = np.flatnonzero(at)
        return self.datas[found[0]] if len(found) else None


_Spec = tuple[Iterable[str], float, bool, bool]  # what a projection takes: (types, formal_weight, boss_first, directed)


def _influence_spec(*, formal_weight: float, active_only: bool) -> _Spec:
    """What :func:`influence_graph` projects (see :func:`_pairs_of`)."""
    return (*RelationType.DIRECTED, "reports_to"), formal_weight, True, True


def _tie_spec(*, types: Iterable[str], formal_weight: float, active_only: bool) -> _Spec:
    """What :func:`tie_graph` projects (see :func:`_pairs_of`)."""
    return types, formal_weight, False, False


def _pairs_of(graph: nx.MultiDiGraph, specs: list[_Spec], *, active_only: bool) -> list[Pairs]:
    """Project the account's edges of ``types`` between the stakeholders (those still active, with
    ``active_only``), for each ``(types, formal_weight, boss_first, directed)`` of ``specs``: a pair
    joined by several channels gets one edge, as strong as its strongest channel (``weight``:
    the first of the strongest, in edge order), naming them all (``channels``, sorted), in the
    order of the pair's first edge. Undirected, a pair is one tie whichever way it was stored,
    facing as its first edge does. Each gets exactly the pairs, in the same order, that a pass of
    its own over the edges would give it (:class:`Pairs`; :func:`_filled` makes its graph).

    The formal line, stored person -> boss, counts with ``formal_weight``, from the boss to the
    person when ``boss_first`` (the boss sways the person) and, with ``active_only``, among
    active people (:func:`~powermap.analysis.formal_lines.formal_lines`): whoever a departed
    boss's reports now answer to.

    The edges are the account's columns of edges between people (:func:`person_edges`,
    recorded as the graph was built) and each result's pairs are found together: a number per
    pair, its first edge, its strongest edge and its channels as bits. On a 50,000-person account with 265,000
    relations the three projections of a report took 1.0 s instead of 1.8 s for a pass of
    dictionary look-ups per edge and per result; from the recorded columns, 0.87 s instead of
    1.15 s for reading each edge into them (in the report, and again in the factions' copy for
    its own), most of it networkx's adjacency dicts (:func:`~powermap.analysis.engine.add_new_edges`).
    """
    import numpy as np

    people = active_stakeholders(graph) if active_only else stakeholders(graph)
    wanted_any = set().union(*(types for types, _, _, _ in specs))
    table = person_edges(graph)
    kinds = sorted(wanted_any & _PERSON_TYPES)  # a channel's number: its place in name order
    number = {kind: place for place, kind in enumerate(kinds)}
    # each edge's channel (-1: not wanted), its ends as places in ``people`` (-1: not among them)
    channel_of = np.full(len(PERSON_KINDS), -1, dtype=np.int64)
    channel_of[[PERSON_KINDS.index(kind) for kind in kinds]] = np.arange(len(kinds), dtype=np.int64)
    channel_all, formal_all = channel_of[table.kinds], table.kinds == REPORTS_TO
    heads_all = table.heads
    if active_only and "reports_to" in number:  # the formal line to the person's boss among active people (none: left out)
        boss = _formal_boss(graph)  # each person's boss by their place among the graph's nodes (-1: none)
        heads = np.fromiter(map(table.position.get, boss.values(), repeat(-1)), dtype=np.int64, count=len(boss))
        boss_of = table.numbered(boss, heads)
        heads_all = np.where(formal_all, boss_of[table.tails], heads_all)
    seat = table.numbered(people, np.arange(len(people), dtype=np.int64))
    tails_all, heads_all = seat[table.tails], seat[heads_all]
    kept = np.flatnonzero((channel_all >= 0) & (tails_all >= 0) & (heads_all >= 0))  # in edge order
    count = len(people)
    tails, heads, channels = tails_all[kept], heads_all[kept], channel_all[kept]
    formal = formal_all[kept]
    given = np.where(formal, 0.0, table.weights[kept])
    weight_class = table.classes[kept]
    classes = {kind: place for place, kind in enumerate(table.weight_types)}  # a weight's type, numbered: 1 and 1.0 are apart
    found = []
    people = tuple(people)  # one tuple for all of them
    for types, formal_weight, boss_first, directed in specs:
        chosen = np.flatnonzero(np.isin(channels, [number[kind] for kind in types if kind in number]))
        if not len(chosen):
            found.append(Pairs(people, np.empty((0, 2), dtype=np.int64), np.empty(0), np.empty(0, dtype=object), directed))
            continue
        a, b = tails[chosen], heads[chosen]
        if boss_first:  # the formal line runs from the boss to the person
            swap = formal[chosen]
            a, b = np.where(swap, b, a), np.where(swap, a, b)
        low, high = (np.minimum(a, b), np.maximum(a, b)) if not directed else (a, b)
        pair = low * count + high
        strength = np.where(formal[chosen], float(formal_weight), given[chosen])
        formal_class = classes.setdefault(formal_weight.__class__, len(classes))
        # each pair's edges together, the strongest first, then in edge order
        order = np.lexsort((-strength, pair))  # a stable sort: equals stay in edge order
        starts = np.flatnonzero(np.concatenate(([True], pair[order][1:] != pair[order][:-1])))
        strongest = order[starts]
        bits = np.bitwise_or.reduceat(np.left_shift(1, channels[chosen][order]), starts)
        first = np.minimum.reduceat(order, starts)
        # the pairs in the order of their first edges; pairs of equal data share one dict (module notes)
        ranked = np.argsort(first, kind="stable")
        first, strongest, bits = first[ranked], strongest[ranked], bits[ranked]
        best = chosen[strongest]
        kind_of_weight = np.where(formal[best], formal_class, weight_class[best])
        content = (bits, kind_of_weight, strength[strongest].view(np.int64))  # equal data: equal in all three
        grouped = np.lexsort(content)
        apart = np.concatenate(([True], np.any([column[grouped][1:] != column[grouped][:-1] for column in content], axis=0)))
        made = grouped[apart]  # the first pair of each kind of data
        which = np.empty(len(grouped), dtype=np.int64)
        which[grouped] = np.cumsum(apart) - 1
        datas = np.empty(len(made), dtype=object)
        for place, pair_number in enumerate(made.tolist()):
            weight = None if formal[best[pair_number]] else table.datas[kept[best[pair_number]]]["weight"]
            names = tuple(kind for bit, kind in enumerate(kinds) if int(bits[pair_number]) >> bit & 1)
            datas[place] = {"weight": formal_weight if weight is None else weight, "channels": names}
        found.append(Pairs(people, np.column_stack((a[first], b[first])), strength[strongest], datas[which], directed))
    return found


def _filled(pairs: Pairs) -> nx.Graph:
    """The graph of a projection's pairs: its people as nodes, in order, and its pairs as edges
    (each pair's data dict its own), added in their order; its edges' numbers, weights and data
    recorded as they are made (:func:`~powermap.analysis.engine.known_edges`)."""
    import numpy as np

    result = nx.DiGraph() if pairs.directed else nx.Graph()
    add_nodes(result, pairs.people)
    if not len(pairs.datas):
        return result
    a, b = pairs.ends[:, 0], pairs.ends[:, 1]
    ends = np.asarray(pairs.people, dtype=object)
    add_new_edges(result, zip(ends[a].tolist(), ends[b].tolist(), pairs.datas.tolist()))
    # networkx lists the edges by their earlier end (the tail, directed), in the order added
    low, high = (a, b) if pairs.directed else (np.minimum(a, b), np.maximum(a, b))
    listed = np.argsort(low, kind="stable")
    known_edges(result, np.column_stack((low[listed], high[listed])), {"weight": pairs.weights[listed]}, pairs.datas[listed])
    return result


def _project_missing(graph: nx.MultiDiGraph, wanted: list[tuple[Callable, Callable, dict]], *, graphs: bool = True) -> None:
    """Work out the projections ``(build, spec, options)`` of ``wanted`` that the graph's store
    lacks, as ``build(graph, **options)`` would: their pairs (:class:`Pairs`, kept in the store
    too, :func:`tie_pairs`) in one pass over the account's edges (:func:`_pairs_of`: they hold
    the same people), then, unless ``graphs`` is false, their graphs, frozen."""
    store = derived(graph)
    keys = [build.key_of(options) for build, _, options in wanted]
    lacking = [(spec, options, key) for (_, spec, options), key in zip(wanted, keys)
               if ("pairs", *key) not in store and not (graphs and key in store)]
    if lacking:
        active_only = lacking[0][1]["active_only"]
        if any(options["active_only"] != active_only for _, options, _ in lacking):
            raise ValueError("projections made together hold the same people")
        with gc_paused():
            found = _pairs_of(graph, [spec(**options) for spec, options, _ in lacking], active_only=active_only)
        for (_, _, key), pairs in zip(lacking, found):
            store["pairs", *key] = pairs
    if graphs:
        for key in keys:
            if key not in store:
                with gc_paused():
                    store[key] = nx.freeze(_filled(store["pairs", *key]))


def _projected(graph: nx.MultiDiGraph, build: Callable, spec: Callable, options: dict) -> nx.Graph:
    """The projection ``build(graph, **options)``, from its pairs (:func:`_project_missing`)."""
    _project_missing(graph, [(build, spec, options)])
    return derived(graph)[build.key_of(options)]


def tie_pairs(graph: nx.MultiDiGraph, *, types: Iterable[str] = POSITIVE_TYPES, formal_weight: float = FORMAL_WEIGHT,
              active_only: bool = True) -> Pairs:
    """The pairs of :func:`tie_graph` with these options (:class:`Pairs`), worked out once per
    graph, without making its graph: for what reads a projection only as numbers (the signed
    ties; everyone's informal ties counted and weighed) and the few pairs it reads one by one."""
    options = {"types": types, "formal_weight": formal_weight, "active_only": active_only}
    _project_missing(graph, [(tie_graph, _tie_spec, options)], graphs=False)
    return derived(graph)["pairs", *tie_graph.key_of(options)]


@_projection
def influence_graph(graph: nx.MultiDiGraph, *, formal_weight: float = FORMAL_WEIGHT, active_only: bool = True) -> nx.DiGraph:
    """Who sways whom: an edge ``u -> v`` means ``u`` influences ``v`` (weight 0..1).

    Sources: ``influences`` (source sways target), ``advises`` (the adviser sways the advised)
    and the formal line (a boss sways each direct report with ``formal_weight``). Parallel
    channels keep the strongest weight; ``channels`` names them. Nodes: the stakeholders
    (only those still active, by default), in file order, isolates included. With
    ``active_only`` the formal line is the one among active people (:func:`~powermap.analysis.formal_lines.formal_lines`):
    whoever a departed boss's reports now answer to sways them.
    """
    return _projected(graph, influence_graph, _influence_spec, {"formal_weight": formal_weight, "active_only": active_only})


@_projection
def tie_graph(
    graph: nx.MultiDiGraph,
    *,
    types: Iterable[str] = POSITIVE_TYPES,
    formal_weight: float = FORMAL_WEIGHT,
    active_only: bool = True,
) -> nx.Graph:
    """Positive ties between stakeholders as one undirected graph (strongest channel wins);
    with ``active_only`` the formal line runs among active people (:func:`~powermap.analysis.formal_lines.formal_lines`)."""
    return _projected(graph, tie_graph, _tie_spec, {"types": types, "formal_weight": formal_weight, "active_only": active_only})


@_projection
def signed_graph(graph: nx.MultiDiGraph, *, formal_weight: float = FORMAL_WEIGHT, active_only: bool = True) -> nx.Graph:
    """Positive ties minus rivalries: each edge has ``weight`` (>0) and ``sign`` (+1 or -1).

    A pair with both a positive tie and a rivalry gets the difference of the two strengths;
    a pair where they cancel exactly is left out. The edges are in the order
    :func:`~powermap.analysis.signed_modularity.canonical` puts them (each pair's ends in node
    order, pairs sorted by them), so seeded detection repeats without a second graph.
    """
    import numpy as np

    _project_missing(graph, [  # both from one pass over the edges, as the calls below ask for them; no graph of either
        (tie_graph, _tie_spec, {"types": POSITIVE_TYPES, "formal_weight": formal_weight, "active_only": active_only}),
        (tie_graph, _tie_spec, {"types": RelationType.NEGATIVE, "formal_weight": FORMAL_WEIGHT, "active_only": active_only})],
        graphs=False)
    positive = tie_pairs(graph, formal_weight=formal_weight, active_only=active_only)
    negative = tie_pairs(graph, types=RelationType.NEGATIVE, active_only=active_only)
    result = nx.Graph()
    people = positive.people
    add_nodes(result, people)
    count = len(people)

    def pairs(ties: Pairs):  # each tie as a number (its ends in node order: both hold the same people) and its weight
        return np.min(ties.ends, axis=1) * count + np.max(ties.ends, axis=1), ties.weights

    (plus_pair, plus), (minus_pair, minus) = pairs(positive), pairs(negative)
    pair, at = np.unique(np.concatenate((plus_pair, minus_pair)), return_inverse=True)  # each pair once, in order
    net = np.zeros(len(pair))
    net[at[:len(plus_pair)]] = plus
    net[at[len(plus_pair):]] -= minus  # a pair tied both ways: the positive tie's strength minus the rivalry's
    kept = np.flatnonzero(net != 0)
    strength, sign = np.abs(net[kept]), np.where(net[kept] > 0, 1, -1)
    same = SharedData(lambda content: {"weight": content[0], "sign": content[1]})  # module notes
    datas = [same[content] for content in zip(strength.tolist(), sign.tolist())]
    ends = np.asarray(people, dtype=object)
    add_new_edges(result, zip(ends[pair[kept] // count].tolist(), ends[pair[kept] % count].tolist(), datas))
    # added by their earlier end, in order: networkx lists them so
    known_edges(result, np.column_stack((pair[kept] // count, pair[kept] % count)),
                {"weight": strength, "sign": sign.astype(float)}, datas)
    return result


def shared_projections(graph: nx.MultiDiGraph) -> None:
    """Build the projections that the brokers share with the other analyses of a report (the
    influence graph, the positive ties without the formal line), and the positive ties with it
    (which this process's inside contacts and routes read), once, into the graph's store, with
    the personal ties' pairs (the key persons count and weigh them; no graph: 25 ms less than a
    pass of their own at 50,000 people), in one pass over the account's edges
    (:func:`_pairs_of`; :func:`_filled` records each one's edges as numbers and weights too:
    the deference rank reads them here, the brokerage roles, betweenness and constraint there,
    and nobody makes an edge list for them).

    Called before the brokers are forked (:meth:`~powermap.analysis.account_analysis.Analysis.start_alongside`):
    the forked process then reads these from the memory it shares with this one instead of
    building its own (on a 50,000-person account about 0.5 s each), and this process needs
    them for the key persons, the power structure and the brokers' camps anyway.
    """
    shared = [(influence_graph, _influence_spec, {"formal_weight": FORMAL_WEIGHT, "active_only": True}),
              (tie_graph, _tie_spec, {"types": RelationType.POSITIVE, "formal_weight": FORMAL_WEIGHT, "active_only": True}),
              (tie_graph, _tie_spec, {"types": POSITIVE_TYPES, "formal_weight": FORMAL_WEIGHT, "active_only": True})]
    personal = (tie_graph, _tie_spec, {"types": RelationType.PERSONAL, "formal_weight": FORMAL_WEIGHT, "active_only": True})
    _project_missing(graph, [*shared, personal], graphs=False)  # the pairs of all four in the one pass
    _project_missing(graph, shared)  # the graphs of three (the key persons count personal ties from the pairs)


@_projection
def reach_graph(graph: nx.MultiDiGraph) -> nx.Graph:
    """Our team and the active stakeholders, joined by contacts and by positive ties.

    Contact edges carry ``level`` (0..5) and ``last_contact``; tie edges carry ``weight`` and
    ``channels``. Introduction paths walk this graph.
    """
    import numpy as np

    ties = tie_graph(graph)
    result = nx.Graph()  # the ties (the same nodes, edges and data dicts: module notes), then the contacts
    add_copy(result, ties)
    tie_edges = edge_list(ties)
    team = members(graph)
    add_nodes(result, team)
    active = set(active_stakeholders(graph))
    contacts = [
        (member, person, {"contact": True, "level": data["level"], "last_contact": data["last_contact"], "channels": ("contact",)})
        for member, person, data in typed_edges(graph, ("contact",)) if person in active
    ]
    add_new_edges(result, contacts)
    if len(result) == len(ties) + len(team):  # no member is a stakeholder too: networkx lists the ties,
        # then the contacts, by their earlier end (a stakeholder) in the order added
        index = {node: number for number, node in enumerate(result)}
        ends = np.concatenate((numbered_edges(ties), np.array([(index[person], index[member]) for member, person, _ in contacts],
                                                             dtype=np.int64).reshape(-1, 2)))
        datas = np.array([data for *_, data in tie_edges] + [data for *_, data in contacts] + [None], dtype=object)[:-1]
        listed = np.argsort(ends[:, 0], kind="stable")
        known_edges(result, ends[listed], {}, datas[listed])
    return result
