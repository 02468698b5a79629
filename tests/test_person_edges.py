"""The account graph's edges between people as columns (powermap.analysis.person_edges).

Recorded while the graph is built, in the order the edges were added and then sorted into the
graph's edge order; held here to the graph's own adjacency, walked (``from_graph``), and to an
order worked out by hand.
"""

from __future__ import annotations

import sys

import networkx as nx
import numpy as np
import pytest

import textwrap

from conftest import REPO

if str(REPO) not in sys.path:  # benchmarks.generate lives beside the package
    sys.path.insert(0, str(REPO))

from benchmarks.generate import SHAPES, generate_account
from powermap.analysis import engine
from powermap.analysis.graph import build_graph, derived, person_edges, reach_graph, shared_projections, signed_graph
from powermap.analysis.person_edges import PERSON_KINDS, from_graph
from powermap.loaders import load

EXAMPLES = sorted(path for path in (REPO / "examples").iterdir() if path.suffix in {".yaml", ".json"})


def _same_columns(recorded, walked) -> None:
    assert recorded.nodes == walked.nodes
    for name in ("tails", "heads", "kinds", "weights", "symmetric"):
        assert getattr(recorded, name).tolist() == getattr(walked, name).tolist(), name
    assert [recorded.weight_types[number] for number in recorded.classes.tolist()] == \
        [walked.weight_types[number] for number in walked.classes.tolist()]
    assert len(recorded.datas) == len(walked.datas)
    assert all(a is b for a, b in zip(recorded.datas, walked.datas))  # the graph's own dicts, in its order


@pytest.mark.parametrize("shape", sorted(SHAPES))
def test_the_columns_recorded_while_building_are_the_graphs_edges(shape):
    graph = build_graph(generate_account(1500, seed=5, shape=shape))
    recorded = derived(graph)["person_edges"]  # recorded by build_graph, not walked
    walked = from_graph(graph)
    _same_columns(recorded, walked)
    assert len(recorded) > 2000 and recorded.symmetric.any() and (recorded.kinds == 0).any()
    assert [(u, v, data["type"]) for u, v, data in recorded.triples(PERSON_KINDS)] == \
        [(u, v, data["type"]) for u, v, data in graph.edges(data=True) if data["type"] in PERSON_KINDS]


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda path: path.name)
def test_the_columns_of_every_example(path):
    graph = build_graph(load(path))
    _same_columns(derived(graph)["person_edges"], from_graph(graph))


def test_the_edge_order_worked_out_by_hand(tmp_path):
    """a reports to c (the first edge added between a and c), then the relations in file
    order: a influences b, a advises c, the friendship of c and a given as c -> a, and then
    again as a -> c (one tie, stored as first given). The graph lists a's edges by target in
    the order each target was first given an edge (c, then b), a pair's edges in the order
    added; c's own edge (the friendship) after a's, as c comes after a among the nodes."""
    path = tmp_path / "account.yaml"
    path.write_text(textwrap.dedent("""\
        account: {id: acme, name: Acme}
        stakeholders:
          - {id: a, name: A, reports_to: c}
          - {id: b, name: B}
          - {id: c, name: C}
        relations:
          - {source: a, target: b, type: influences, weight: 0.6}
          - {source: a, target: c, type: advises, weight: 0.7}
          - {source: c, target: a, type: friend, weight: 0.4}
          - {source: a, target: c, type: friend, weight: 0.9}
        """), encoding="utf-8")
    graph = build_graph(load(path))
    recorded = derived(graph)["person_edges"]
    expected = [("a", "c", "reports_to"), ("a", "c", "advises"), ("a", "b", "influences"), ("c", "a", "friend")]
    assert [(u, v, data["type"]) for u, v, data in recorded.triples(PERSON_KINDS)] == expected
    assert recorded.weights.tolist() == [0.0, 0.7, 0.6, 0.9]  # the formal line has no weight; the friendship's strongest
    assert recorded.symmetric.tolist() == [False, False, False, True]
    assert [PERSON_KINDS[kind] for kind in recorded.kinds.tolist()] == [kind for *_, kind in expected]
    assert [(u, v, data["type"]) for u, v, data in graph.edges(data=True) if data["type"] in PERSON_KINDS] == expected


def test_a_graph_not_built_here_is_walked():
    graph = nx.MultiDiGraph()
    graph.add_node("x", kind="stakeholder", active=True)
    graph.add_node("y", kind="stakeholder", active=True)
    graph.add_edge("y", "x", key="ally", type="ally", weight=1, symmetric=True)
    graph.add_edge("x", "y", key="reports_to", type="reports_to")
    found = person_edges(graph)
    assert [(u, v, data["type"]) for u, v, data in found.triples(PERSON_KINDS)] == [("x", "y", "reports_to"), ("y", "x", "ally")]
    assert found.weight_types[found.classes[1]] is int  # a weight written 1 stays an int


def test_every_projections_edge_list_put_together_from_its_records_is_networkxs():
    """Each projection's edge list, put together from the numbers and data recorded as it was
    made (engine.known_edges), is networkx's own listing of it, edge by edge, the same dicts;
    the reach graph's too (ties, then contacts, by their earlier end)."""
    graph = build_graph(generate_account(1500, seed=5, shape="dense"))
    shared_projections(graph)
    from powermap.analysis.graph import influence_graph, tie_graph

    made = []
    for project in (influence_graph, tie_graph, signed_graph, reach_graph):  # reach_graph lists tie_graph's edges
        found = project(graph)
        assert found in engine._DATAS  # recorded, not yet put together
        listed = engine.edge_list(found)
        walked = list(found.edges(data=True))  # networkx's view, walked
        assert [(u, v) for u, v, _ in listed] == [(u, v) for u, v, _ in walked]
        assert all(a is b for (*_, a), (*_, b) in zip(listed, walked))
        made.append(found)
    assert any(data.get("contact") for *_, data in engine.edge_list(made[3]))


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda path: path.name)
def test_typed_edges_are_the_graphs_own_of_those_types(path):
    """Contacts read from our members' edges, people's edges from the columns, any other mix by
    a walk: each the graph's own edges of those types, in its order."""
    from powermap.analysis.graph import typed_edges

    account = load(path)
    graph = build_graph(account)
    for types in (("contact",), ("ally", "rival", "reports_to"), ("contact", "member_of")):
        walked = [(u, v, data) for u, v, data in graph.edges(data=True) if data["type"] in types]
        found = typed_edges(graph, types)
        assert [(u, v) for u, v, _ in found] == [(u, v) for u, v, _ in walked]
        assert all(a is b for (*_, a), (*_, b) in zip(found, walked))
    # one contact edge per member and stakeholder the file's contacts join (repeats merged)
    assert len(typed_edges(graph, ("contact",))) == len({(c.member, c.stakeholder) for c in account.contacts})


def test_numbering_worked_out_by_hand():
    """Each node's number in an index, -1 for a node the index lacks and in the extra last
    place (for -1: none); names the graph does not hold are left out."""
    graph = nx.MultiDiGraph()
    graph.add_nodes_from(["a", "b", "c", "d"])
    graph.add_edge("a", "b", key="influences", type="influences", weight=0.5, network=None, symmetric=False)
    columns = from_graph(graph)
    assert columns.numbering({"c": 7, "stranger": 3, "a": 0, "d": 12}).tolist() == [0, -1, 7, 12, -1]
    assert columns.numbering({}).tolist() == [-1] * 5
    # the same from the nodes and their numbers apart (a number of -1 numbers a node as none)
    assert columns.numbered(["c", "stranger", "a", "d"], np.array([7, 3, -1, 12])).tolist() == [-1, -1, 7, 12, -1]
    assert columns.numbered(iter(["b"]), np.array([4])).tolist() == [-1, 4, -1, -1, -1]
