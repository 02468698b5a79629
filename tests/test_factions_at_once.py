"""The factions' sums made for everyone at once, held to their definitions person by person.

The most connected member of a detected camp or group (``_strength_inside``) and the people who
can be swings (``_tied_to_two``) are found from the signed graph's columns; here each is worked
out as its definition says, walking each person's ties in plain Python, on the examples and on
generated accounts of every shape of the benchmark (the detected groups and camps of each, and
the declared factions). Sums are compared exactly: the columns add each person's ties in the
order a walk of their neighbours does."""

from __future__ import annotations

import sys

import pytest

from conftest import EXAMPLES, REPO

if str(REPO) not in sys.path:  # benchmarks.generate lives beside the package
    sys.path.insert(0, str(REPO))

from benchmarks.generate import SHAPES, generate_account
from powermap.analysis.factions import _strength_inside, _tied_to_two
from powermap.analysis.graph import build_graph, signed_graph
from powermap.analysis.signed_modularity import camp_level, detect_groups
from powermap.loaders import load


def _graphs():
    for path in sorted(EXAMPLES.glob("*.yaml")):
        yield path.stem, build_graph(load(path))
    for shape in sorted(SHAPES):
        yield shape, build_graph(generate_account(1200, seed=3, shape=shape))


GRAPHS = list(_graphs())


def _walked_strength(signed, part: set, person: str) -> float:
    return sum(data["weight"] for other, data in signed[person].items() if other in part and data["sign"] > 0)


@pytest.mark.parametrize("name, graph", GRAPHS, ids=[name for name, _ in GRAPHS])
def test_strength_inside_each_part_is_the_sum_over_each_persons_ties(name, graph):
    signed = signed_graph(graph)
    groups = detect_groups(signed, seed=0, engine="networkx")
    camps = [[person for number in camp for person in groups[number]] for camp in camp_level(signed, groups)]
    place = {person: number for number, person in enumerate(signed)}
    for parts in (groups, camps):
        found = _strength_inside(signed, place, parts).tolist()
        inside = {person: set(part) for part in parts for person in part}
        expected = [_walked_strength(signed, inside[person], person) if person in inside else 0.0 for person in signed]
        assert found == expected  # exactly: the same additions in the same order
        assert any(found) or parts is camps, "each account has ties inside its groups"


def test_strength_inside_counts_positive_ties_inside_the_part_only():
    """Worked by hand: a - b (0.5), a - c (0.25), b - c rivals (0.75), c - d (1.0); parts {a, b, c}, {d}."""
    import networkx as nx

    signed = nx.Graph()
    signed.add_nodes_from("abcd")
    for u, v, weight, sign in [("a", "b", 0.5, 1), ("a", "c", 0.25, 1), ("b", "c", 0.75, -1), ("c", "d", 1.0, 1)]:
        signed.add_edge(u, v, weight=weight, sign=sign)
    place = {person: number for number, person in enumerate(signed)}
    assert _strength_inside(signed, place, [["a", "b", "c"], ["d"]]).tolist() == [0.75, 0.5, 0.25, 0.0]
    assert _strength_inside(signed, place, [["c", "d"]]).tolist() == [0.0, 0.0, 1.0, 1.0]


@pytest.mark.parametrize("name, graph", GRAPHS, ids=[name for name, _ in GRAPHS])
def test_people_tied_to_two_factions_are_those_a_walk_of_their_ties_finds(name, graph):
    signed = signed_graph(graph)
    groups = detect_groups(signed, seed=0, engine="networkx")
    memberships = [{person: f"g{number}" for number, group in enumerate(groups[:4]) for person in group}]
    declared = {person: data["faction"] for person, data in graph.nodes(data=True)
                if data.get("kind") == "stakeholder" and data["faction"] is not None and person in signed}
    if declared:
        memberships.append(declared)
    for member_of in memberships:
        expected = {person for person in signed
                    if len({member_of[other] for other, data in signed[person].items()
                            if data["sign"] > 0 and other in member_of}) >= 2}
        assert _tied_to_two(signed, member_of) == expected
        if len(set(member_of.values())) >= 2 and name in SHAPES:
            assert expected, "generated accounts have people tied into two groups"


def test_nobody_is_tied_to_two_factions_when_there_is_one():
    import networkx as nx

    signed = nx.Graph()
    signed.add_edge("a", "b", weight=1.0, sign=1)
    signed.add_edge("a", "c", weight=1.0, sign=1)
    assert _tied_to_two(signed, {"b": "f", "c": "f"}) == set()
    assert _tied_to_two(signed, {"b": "f", "c": "g"}) == {"a"}
    signed["a"]["c"]["sign"] = -1  # a rival in the second faction is no tie to it
    assert _tied_to_two(signed, {"b": "f", "c": "g"}) == set()
