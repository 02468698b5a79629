"""Who is in each department and faction, and who holds each buying role: one index per graph.

Coverage gaps, recommendations and inside contacts each ask "who is behind this department,
this faction, this role?", once per gap. Scanning every person for each question costs gaps x
people (at 50,000 people and 800 departments, some 40 million look-ups); this index is made
in one pass over the active people and kept with the graph (:func:`~powermap.analysis.graph.derived`),
so a report builds it once and every later question is a dictionary look-up.

Each list holds active stakeholders in file order, the order a scan over
:func:`~powermap.analysis.graph.active_stakeholders` finds them in.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

import networkx as nx

from .engine import node_data
from .graph import active_stakeholders, derived

__all__ = ["Groups", "groups"]


@dataclass(frozen=True)
class Groups:
    """Active people by department, by faction and by role (each list in file order)."""

    department: Mapping[str, tuple[str, ...]]
    faction: Mapping[str, tuple[str, ...]]
    role: Mapping[str, tuple[str, ...]]

    def of(self, kind: str, subject: str) -> tuple[str, ...]:
        """The active people of department, faction or role ``subject`` (``kind`` is one of
        ``"department"``, ``"faction"``, ``"role"``); empty when nobody is."""
        return getattr(self, kind).get(subject, ())


def groups(graph: nx.MultiDiGraph) -> Groups:
    """The index of ``graph``'s active people by department, faction and role, made once per graph.

    >>> from powermap.loaders import load
    >>> from powermap.analysis.graph import build_graph
    >>> index = groups(build_graph(load("examples/kestrel-manufacturing.yaml")))
    >>> index.of("role", "funder")
    ('margaret_lin',)
    """
    store = derived(graph)
    found = store.get("groups")
    if found is None:
        by: dict[str, dict[str, list[str]]] = {"department": {}, "faction": {}, "role": {}}
        departments, factions, roles = by["department"], by["faction"], by["role"]
        nodes = node_data(graph)  # plain dicts: networkx's view makes a look-up cost twice as much
        for person in active_stakeholders(graph):
            data = nodes[person]
            if data["department"] is not None:
                departments.setdefault(data["department"], []).append(person)
            if data["faction"] is not None:
                factions.setdefault(data["faction"], []).append(person)
            if data["roles"]:
                for role in dict.fromkeys(data["roles"]):
                    roles.setdefault(role, []).append(person)
        found = store["groups"] = Groups(
            **{kind: MappingProxyType({subject: tuple(people) for subject, people in index.items()})
               for kind, index in by.items()})
    return found
