"""The sums the factions' detection reads, taken from the signed graph's columns (numpy), held
to their plain loops over its edges to the last bit: each person's positive and negative
strength, the signed weight between two groups, a partition's signed modularity and the graph
of communities (its pairs in the order first met). On the generated accounts of every shape
of the benchmark, random signed graphs with weights of many roundings, and a graph with no
rivalry at all.
"""

from __future__ import annotations

import random
import sys

import networkx as nx
import pytest

from conftest import REPO

if str(REPO) not in sys.path:  # benchmarks.generate lives beside the package
    sys.path.insert(0, str(REPO))

from benchmarks.generate import SHAPES, generate_account
from powermap.analysis.engine import community_graph
from powermap.analysis.graph import build_graph, signed_graph
from powermap.analysis.signed_modularity import _Partition, _strengths_of, detect_groups, signed_modularity


def plain_strengths(signed):
    plus, minus = dict.fromkeys(signed, 0.0), dict.fromkeys(signed, 0.0)
    for u, v, data in signed.edges(data=True):
        side = plus if data["sign"] > 0 else minus
        side[u] += data["weight"]
        side[v] += data["weight"]
    return plus, minus


def plain_between(signed, label):
    between = {}
    for u, v, data in signed.edges(data=True):
        a, b = sorted((label[u], label[v]))
        if a != b:
            between[a, b] = between.get((a, b), 0.0) + data["sign"] * data["weight"]
    return dict(sorted(between.items()))


def plain_modularity(signed, groups):
    plus, minus = plain_strengths(signed)
    total_plus, total_minus = sum(plus.values()), sum(minus.values())
    label = {person: number for number, group in enumerate(groups) for person in group}
    inside = sum(data["sign"] * data["weight"] for u, v, data in signed.edges(data=True) if label[u] == label[v])
    group_plus, group_minus = {}, {}
    for person, number in label.items():
        group_plus[number] = group_plus.get(number, 0) + plus[person]
        group_minus[number] = group_minus.get(number, 0) + minus[person]
    expected = 0.0
    for number in set(label.values()):
        if total_plus:
            expected += group_plus[number] ** 2 / total_plus
        if total_minus:
            expected -= group_minus[number] ** 2 / total_minus
    return (2 * inside - expected) / (total_plus + total_minus)


def plain_community_graph(signed, label, sign):
    result = {}
    for u, v, data in signed.edges(data=True):
        a, b = sorted((label[u], label[v]))
        sums = result.setdefault((a, b), [0.0, 0.0])
        sums[1 if sign is not None and data[sign] < 0 else 0] += float(data.get("weight", 1.0))
    return result


def random_signed(seed: int, people: int = 400, rivals: float = 0.3) -> nx.Graph:
    rng = random.Random(seed)
    graph = nx.gnp_random_graph(people, 8 / people, seed=seed)
    signed = nx.Graph()
    signed.add_nodes_from(f"p{node}" for node in rng.sample(list(graph), len(graph)))
    for u, v in graph.edges:
        signed.add_edge(f"p{u}", f"p{v}", sign=-1 if rng.random() < rivals else 1,
                        weight=rng.choice([0.1, 0.2, 0.3, 0.7, 1 / 3, 2 / 7, 0.15, 1e-3 / 3]))
    return signed


def graphs():
    for shape in sorted(SHAPES):
        yield shape, signed_graph(build_graph(generate_account(1500, seed=7, shape=shape)))
    for seed in range(3):
        yield f"random {seed}", random_signed(seed)
    yield "no rivalry", random_signed(5, rivals=0.0)


@pytest.mark.parametrize("name, signed", list(graphs()), ids=lambda value: value if isinstance(value, str) else "")
def test_the_sums_are_those_of_the_plain_loops(name, signed):
    plus, minus = plain_strengths(signed)
    found = _strengths_of(signed)
    assert found.plus == plus and found.minus == minus
    assert all(type(value) is float for value in [*found.plus.values(), *found.minus.values()])
    groups = detect_groups(signed, seed=1)
    label = {person: number for number, group in enumerate(groups) for person in group}
    assert signed_modularity(signed, groups) == plain_modularity(signed, groups)
    partition = _Partition(signed, groups)
    assert partition.between() == plain_between(signed, partition.label)
    coarse = {person: number // 3 for person, number in label.items()}  # groups of groups, many tied
    for sign in ("sign", None):
        expected = plain_community_graph(signed, coarse, sign)
        found = community_graph(signed, coarse, sign=sign)
        assert found == expected and list(found) == list(expected)  # the pairs in the order first met
    if name == "no rivalry":
        assert not any(minus.values()) and not any(value[1] for value in community_graph(signed, coarse, sign="sign").values())
