"""The account as one typed, multi-relational NetworkX graph, and the projections analyses use.

:func:`build_graph` is the reference representation every backend must reproduce: people
(stakeholders and our team members), departments and factions are nodes; formal lines,
influence, advice, alliances, rivalries, friendship/kin/alumni ties, contacts and memberships
are edges, each with its ``type``. Analyses never change it; each takes the projection it
needs:

- :func:`influence_graph`: who sways whom (influence, advice, and the formal line);
- :func:`tie_graph`: positive ties as one undirected weighted graph;
- :func:`signed_graph`: positive ties plus rivalries with a negative sign;
- :func:`reach_graph`: our team and the people we can reach through contacts and ties.

Node keys are the ids of the file for people; departments and factions are keyed
``department:<id>`` and ``faction:<id>`` so they never clash with a person.
"""

from __future__ import annotations

import datetime as dt
import functools
import weakref
from collections.abc import Iterable

import networkx as nx

from ..model import AccountMap

__all__ = [
    "build_graph",
    "department_node",
    "faction_node",
    "stakeholders",
    "active_stakeholders",
    "members",
    "influence_graph",
    "tie_graph",
    "signed_graph",
    "reach_graph",
    "as_of",
    "pull",
    "pulls_from",
    "POSITIVE_TYPES",
    "FORMAL_WEIGHT",
]

# Relation types that bind people together (everything but rivalry), as ties.
POSITIVE_TYPES = frozenset(
    {"reports_to", "influences", "advises", "ally", "friend", "kin", "alumni"}
)
# How strongly the formal line sways a subordinate, on the 0..1 scale of influence weights.
FORMAL_WEIGHT = 0.5


def department_node(department_id: str) -> str:
    return f"department:{department_id}"


def faction_node(faction_id: str) -> str:
    return f"faction:{faction_id}"


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
            department_kind=department.kind.value, parent=department.parent,
        )
    for department in account.departments:
        if department.parent is not None:
            graph.add_edge(department_node(department.id), department_node(department.parent), key="part_of", type="part_of")
    for faction in account.factions:
        graph.add_node(faction_node(faction.id), kind="faction", ref=faction.id, name=faction.name, leader=faction.leader)
    for person in account.stakeholders:
        graph.add_node(
            person.id,
            kind="stakeholder",
            name=person.name,
            title=person.title,
            department=person.department,
            faction=person.faction,
            roles=tuple(role.value for role in person.roles),
            stance=person.stance.value,
            stance_score=person.stance.score,
            power={source.value: level for source, level in person.power.items()},
            power_total=person.power.total,
            circle=None if person.circle is None else person.circle.value,
            status=person.status.value,
            active=person.active,
            close_to_competitor=person.close_to_competitor,
        )
    for member in account.team:
        graph.add_node(member.id, kind="member", name=member.name, role=member.role)
    for person in account.stakeholders:
        if person.reports_to is not None:
            graph.add_edge(person.id, person.reports_to, key="reports_to", type="reports_to")
        if person.department is not None:
            graph.add_edge(person.id, department_node(person.department), key="member_of", type="member_of")
        if person.faction is not None:
            graph.add_edge(person.id, faction_node(person.faction), key="in_faction", type="in_faction")
    for faction in account.factions:
        if faction.leader is not None:
            graph.add_edge(faction.leader, faction_node(faction.id), key="leads", type="leads")
    for relation in account.relations:
        kind = relation.type.value
        ends = (relation.source, relation.target)
        if not relation.directed and graph.has_edge(relation.target, relation.source, key=kind):
            ends = (relation.target, relation.source)  # a mutual tie listed twice is one tie
        existing = graph.get_edge_data(*ends, key=kind)
        if existing is not None:
            existing["weight"] = max(existing["weight"], relation.weight)
            continue
        graph.add_edge(
            *ends, key=kind, type=kind, weight=relation.weight,
            network=None if relation.network is None else relation.network.value,
            symmetric=not relation.directed,
        )
    for contact in account.contacts:
        existing = graph.get_edge_data(contact.member, contact.stakeholder, key="contact")
        if existing is None:
            graph.add_edge(
                contact.member, contact.stakeholder, key="contact", type="contact", level=contact.strength.level,
                strength=contact.strength.value, last_contact=contact.last_contact, channel=contact.channel,
            )
            continue
        if contact.strength.level > existing["level"]:
            existing.update(level=contact.strength.level, strength=contact.strength.value)
        if contact.last_contact is not None and (existing["last_contact"] is None or contact.last_contact > existing["last_contact"]):
            existing["last_contact"] = contact.last_contact
    return graph


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


def stakeholders(graph: nx.MultiDiGraph) -> list[str]:
    """Every stakeholder, in file order (people who left included)."""
    return [node for node, data in graph.nodes(data=True) if data["kind"] == "stakeholder"]


def active_stakeholders(graph: nx.MultiDiGraph) -> list[str]:
    """Stakeholders still at the buyer, in file order."""
    return [node for node, data in graph.nodes(data=True) if data["kind"] == "stakeholder" and data["active"]]


def members(graph: nx.MultiDiGraph) -> list[str]:
    """Our team, in file order."""
    return [node for node, data in graph.nodes(data=True) if data["kind"] == "member"]


_PROJECTIONS: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def _projection(build):
    """Compute a projection once per account graph and options, and freeze it.

    Several analyses read the same projection of one graph; a report builds each once. The
    result is frozen (NetworkX raises on any change), so sharing it is safe; the cache is
    dropped with the graph, and rebuilt if the graph's size changed.
    """

    @functools.wraps(build)
    def cached(graph: nx.MultiDiGraph, **options):
        key = (build.__name__,) + tuple(
            (name, tuple(sorted(value)) if isinstance(value, (set, frozenset, list, tuple)) else value)
            for name, value in sorted(options.items())
        )
        store = _PROJECTIONS.setdefault(graph, {})
        stamp = (graph.number_of_nodes(), graph.number_of_edges())
        if store.get("stamp") != stamp:
            store.clear()
            store["stamp"] = stamp
        if key not in store:
            store[key] = nx.freeze(build(graph, **options))
        return store[key]

    return cached


def _edges(graph: nx.MultiDiGraph, types: Iterable[str]):
    wanted = set(types)
    for source, target, data in graph.edges(data=True):
        if data["type"] in wanted:
            yield source, target, data


def _keep_strongest(result: nx.Graph, source: str, target: str, weight: float, channel: str) -> None:
    """Add a tie, or strengthen an existing one: a tie is as strong as its strongest channel."""
    if result.has_edge(source, target):
        data = result[source][target]
        data["channels"] = tuple(sorted(set(data["channels"]) | {channel}))
        if weight > data["weight"]:
            data["weight"] = weight
    else:
        result.add_edge(source, target, weight=weight, channels=(channel,))


@_projection
def influence_graph(graph: nx.MultiDiGraph, *, formal_weight: float = FORMAL_WEIGHT, active_only: bool = True) -> nx.DiGraph:
    """Who sways whom: an edge ``u -> v`` means ``u`` influences ``v`` (weight 0..1).

    Sources: ``influences`` (source sways target), ``advises`` (the adviser sways the advised)
    and the formal line (a boss sways each direct report with ``formal_weight``). Parallel
    channels keep the strongest weight; ``channels`` names them. Nodes: the stakeholders
    (only those still active, by default), in file order, isolates included.
    """
    people = active_stakeholders(graph) if active_only else stakeholders(graph)
    keep = set(people)
    result = nx.DiGraph()
    result.add_nodes_from(people)
    for source, target, data in _edges(graph, ("influences", "advises", "reports_to")):
        if source not in keep or target not in keep:
            continue
        if data["type"] == "reports_to":  # stored person -> boss; the boss sways the person
            _keep_strongest(result, target, source, formal_weight, "reports_to")
        else:
            _keep_strongest(result, source, target, data["weight"], data["type"])
    return result


@_projection
def tie_graph(
    graph: nx.MultiDiGraph,
    *,
    types: Iterable[str] = POSITIVE_TYPES,
    formal_weight: float = FORMAL_WEIGHT,
    active_only: bool = True,
) -> nx.Graph:
    """Positive ties between stakeholders as one undirected graph (strongest channel wins)."""
    people = active_stakeholders(graph) if active_only else stakeholders(graph)
    keep = set(people)
    result = nx.Graph()
    result.add_nodes_from(people)
    for source, target, data in _edges(graph, types):
        if source in keep and target in keep:
            weight = formal_weight if data["type"] == "reports_to" else data["weight"]
            _keep_strongest(result, source, target, weight, data["type"])
    return result


@_projection
def signed_graph(graph: nx.MultiDiGraph, *, formal_weight: float = FORMAL_WEIGHT, active_only: bool = True) -> nx.Graph:
    """Positive ties minus rivalries: each edge has ``weight`` (>0) and ``sign`` (+1 or -1).

    A pair with both a positive tie and a rivalry gets the difference of the two strengths;
    a pair where they cancel exactly is left out.
    """
    positive = tie_graph(graph, formal_weight=formal_weight, active_only=active_only)
    negative = tie_graph(graph, types=("rival",), active_only=active_only)
    result = nx.Graph()
    result.add_nodes_from(positive.nodes)
    pairs = list(positive.edges) + [pair for pair in negative.edges if not positive.has_edge(*pair)]
    for source, target in pairs:  # in file order, so order-sensitive algorithms are repeatable
        plus = positive[source][target]["weight"] if positive.has_edge(source, target) else 0.0
        minus = negative[source][target]["weight"] if negative.has_edge(source, target) else 0.0
        net = plus - minus
        if net:
            result.add_edge(source, target, weight=abs(net), sign=1 if net > 0 else -1)
    return result


@_projection
def reach_graph(graph: nx.MultiDiGraph) -> nx.Graph:
    """Our team and the active stakeholders, joined by contacts and by positive ties.

    Contact edges carry ``level`` (0..5) and ``last_contact``; tie edges carry ``weight`` and
    ``channels``. Introduction paths walk this graph.
    """
    result = nx.Graph(tie_graph(graph))  # a thawed copy: contacts are added to it
    for member in members(graph):
        result.add_node(member)
    active = set(active_stakeholders(graph))
    for member, person, data in _edges(graph, ("contact",)):
        if person in active:
            result.add_edge(
                member, person, contact=True, level=data["level"], last_contact=data["last_contact"], channels=("contact",)
            )
    return result

