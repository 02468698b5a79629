"""Unbalanced triads found from the rivalries, held to the walk over every triangle."""

from __future__ import annotations

import random

import networkx as nx
import pytest

from powermap.analysis.balance import unbalanced_triads


def plain_triads(signed, limit):
    """Every triangle u < v < w (file order) with one or three rivalries, heaviest first."""
    order = list(signed)
    index = {person: position for position, person in enumerate(order)}
    found = []
    for u in order:
        for v in order:
            for w in order:
                if index[u] < index[v] < index[w] and signed.has_edge(u, v) and signed.has_edge(u, w) \
                        and signed.has_edge(v, w):
                    pairs = ((u, v), (u, w), (v, w))
                    rivals = sum(signed[a][b]["sign"] < 0 for a, b in pairs)
                    if rivals % 2:
                        weight = sum(signed[a][b]["weight"] for a, b in pairs)
                        found.append(((-weight, index[u], index[v], index[w]), (u, v, w), rivals, round(weight, 6)))
    found.sort(key=lambda item: item[0])
    return [(trio, rivals, weight) for _, trio, rivals, weight in found[:limit]]


@pytest.mark.parametrize("seed", range(12))
def test_triads_from_the_rivalries_are_the_triads_of_every_triangle(seed):
    rng = random.Random(seed)
    graph = nx.gnp_random_graph(18, 0.35, seed=seed)
    signed = nx.Graph()
    signed.add_nodes_from(f"p{node}" for node in rng.sample(list(graph), len(graph)))  # file order not numeric
    for u, v in graph.edges:
        signed.add_edge(f"p{u}", f"p{v}", sign=-1 if rng.random() < 0.3 else 1, weight=rng.choice([0.2, 0.5, 0.7, 1.0]))
    signed.add_edge("p3", "p3", sign=-1, weight=0.5)  # a loop is no triangle
    names = {person: person.upper() for person in signed}
    found = unbalanced_triads(signed, names, limit=1000)
    assert [(t.people, t.rivalries, t.weight) for t in found] == plain_triads(signed, 1000)
    assert unbalanced_triads(signed, names, limit=3) == found[:3]
