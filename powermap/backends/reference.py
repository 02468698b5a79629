"""NetworkX reference answers for the analyses a graph database can run natively.

Each function answers one question on the account graph of
:func:`powermap.analysis.graph.build_graph`, with the same definitions as the analyses
(:mod:`powermap.analysis.reach`: *reached* means a contact at level 1 or closer). The memory
backend answers with these; the Neo4j backend runs the Cypher files of the same names in
``powermap/cypher/``, and the parity tests hold both to the same results on every example
(and these to the coverage gaps of :func:`powermap.analysis.coverage.coverage_gaps`).

They serve an optional capability (:attr:`powermap.backends.base.Backend.native`): the
analysis methods of the Python API, and the same queries run by hand in Neo4j Browser. No
command uses them: ``report --backend`` pulls one whole version of the account and analyses it
like a file, whereas a query asked after the pull could read a later push (docs/neo4j.md).

Results are tuples of small frozen records in a defined order (file order of the people, or
the order of the ids passed in), so two backends compare with ``==``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

import networkx as nx

from ..model import KEY_ROLES
from .schema import TIE_TYPES, relation_kind

# The analyses a backend may run natively; every backend answers all of them.
ANALYSES = (
    "reporting_chain",
    "unreached_departments",
    "unreached_key_role_holders",
    "single_threaded",
    "stale_contacts",
    "unknown_stance",
    "introduction_candidates",
)
__all__ = ["Manager", "UnreachedDepartment", "UnreachedHolder", "SingleThread", "StaleContact", *ANALYSES, "ANALYSES"]

# The positive tie types as the account graph names them: reports_to, influences, ally, ...
_TIES = frozenset("reports_to" if kind == "REPORTS_TO" else relation_kind(kind) for kind in TIE_TYPES)


@dataclass(frozen=True)
class Manager:
    id: str
    name: str
    level: int  # 1 = the direct boss


@dataclass(frozen=True)
class UnreachedDepartment:
    id: str
    name: str
    people: tuple[str, ...]  # its active people, in file order


@dataclass(frozen=True)
class UnreachedHolder:
    id: str
    name: str
    roles: tuple[str, ...]  # the key roles they hold


@dataclass(frozen=True)
class SingleThread:
    id: str
    member: str  # the one member of our team who reaches them


@dataclass(frozen=True)
class StaleContact:
    id: str
    last_contact: dt.date
    age_days: int


def _people(graph: nx.MultiDiGraph) -> list[str]:
    return [node for node, data in graph.nodes(data=True) if data["kind"] == "stakeholder"]


def _contacts(graph: nx.MultiDiGraph, person: str) -> list[tuple[str, dict]]:
    return [(member, data) for member, _, data in graph.in_edges(person, data=True) if data["type"] == "contact"]


def _reached(graph: nx.MultiDiGraph, person: str) -> bool:
    return any(data["level"] >= 1 for _, data in _contacts(graph, person))


def reporting_chain(graph: nx.MultiDiGraph, person: str) -> tuple[Manager, ...]:
    """The formal line above ``person``, nearest boss first (empty for the top)."""
    chain = []
    current = person
    while True:
        bosses = [boss for _, boss, data in graph.out_edges(current, data=True) if data["type"] == "reports_to"]
        if not bosses:
            return tuple(chain)
        current = bosses[0]
        chain.append(Manager(current, graph.nodes[current]["name"], len(chain) + 1))


def unreached_departments(graph: nx.MultiDiGraph) -> tuple[UnreachedDepartment, ...]:
    """Departments with active people of whom nobody on our team reaches anyone, in file order."""
    found = []
    for node, data in graph.nodes(data=True):
        if data["kind"] != "department":
            continue
        inside = [p for p in _people(graph) if graph.nodes[p]["department"] == data["ref"] and graph.nodes[p]["active"]]
        if inside and not any(_reached(graph, p) for p in inside):
            found.append(UnreachedDepartment(data["ref"], data["name"], tuple(inside)))
    return tuple(found)


def unreached_key_role_holders(graph: nx.MultiDiGraph, roles: Iterable[str] = tuple(role.value for role in KEY_ROLES)) -> tuple[UnreachedHolder, ...]:
    """Active holders of a key buying role whom nobody on our team reaches, in file order."""
    wanted = [str(role) for role in roles]
    found = []
    for person in _people(graph):
        data = graph.nodes[person]
        held = tuple(role for role in data["roles"] if role in wanted)
        if data["active"] and held and not _reached(graph, person):
            found.append(UnreachedHolder(person, data["name"], held))
    return tuple(found)


def single_threaded(graph: nx.MultiDiGraph, people: Iterable[str]) -> tuple[SingleThread, ...]:
    """Of ``people`` (in their order), those reached through exactly one member of our team."""
    found = []
    for person in people:
        contacts = _contacts(graph, person) if person in graph else []
        members = {member for member, _ in contacts}
        if len(members) == 1 and _reached(graph, person):
            found.append(SingleThread(person, members.pop()))
    return tuple(found)


def stale_contacts(graph: nx.MultiDiGraph, as_of: dt.date, stale_days: int) -> tuple[StaleContact, ...]:
    """Stakeholders whose latest dated contact is more than ``stale_days`` before ``as_of``."""
    found = []
    for person in _people(graph):
        dates = [data["last_contact"] for _, data in _contacts(graph, person) if data["last_contact"] is not None]
        if dates:
            latest = max(dates)
            age = (as_of - latest).days
            if age > stale_days:
                found.append(StaleContact(person, latest, age))
    return tuple(found)


def unknown_stance(graph: nx.MultiDiGraph, people: Iterable[str]) -> tuple[str, ...]:
    """Of ``people`` (in their order), those whose stance toward us is unknown."""
    return tuple(
        person for person in people
        if person in graph and graph.nodes[person]["kind"] == "stakeholder" and graph.nodes[person]["stance_score"] is None
    )


def _route_graph(graph: nx.MultiDiGraph, avoid: set[str]) -> nx.Graph:
    """Team members and active stakeholders joined by contacts and positive ties, undirected."""
    active = {p for p in _people(graph) if graph.nodes[p]["active"]} - avoid
    team = {node for node, data in graph.nodes(data=True) if data["kind"] == "member"} - avoid
    routes = nx.Graph()
    routes.add_nodes_from(team | active)
    for source, target, data in graph.edges(data=True):
        if data["type"] == "contact" and source in team and target in active:
            routes.add_edge(source, target)
        elif data["type"] in _TIES and source in active and target in active:
            routes.add_edge(source, target)
    return routes


def introduction_candidates(graph: nx.MultiDiGraph, target: str, avoid: Iterable[str] = ()) -> tuple[tuple[str, ...], ...]:
    """Every route with the fewest hops from a member of our team to ``target``, sorted.

    A route starts at a team member, takes one contact, then positive ties between active
    stakeholders (either direction), and passes through nobody in ``avoid``. Empty when the
    target is unknown, gone, avoided or out of reach.
    """
    routes = _route_graph(graph, set(avoid))
    if target not in routes or graph.nodes[target]["kind"] != "stakeholder":
        return ()
    origin = ("origin",)  # joined to every member: the shortest routes from anyone on our team
    routes.add_node(origin)
    routes.add_edges_from((origin, node) for node, data in graph.nodes(data=True) if data["kind"] == "member" and node in routes)
    try:
        found = [tuple(path[1:]) for path in nx.all_shortest_paths(routes, origin, target)]
    except nx.NetworkXNoPath:
        return ()
    return tuple(sorted(found))
