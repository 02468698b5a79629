"""The sums the factions' detection reads, taken from the signed graph's columns (numpy), held
to their plain loops over its edges to the last bit: each person's positive and negative
strength, the signed weight between two groups, the signed weight inside the groups and the
graph of communities (its pairs in the order first met); and the signed modularity to the
textbook double sum over every pair of people of a group (Gomez, Jensen & Arenas 2009). On
the generated accounts of every shape of the benchmark, random signed graphs with weights of
several roundings, and a graph with no rivalry at all."""

from __future__ import annotations

import sys

import pytest

from conftest import REPO

if str(REPO) not in sys.path:  # benchmarks.generate lives beside the package
    sys.path.insert(0, str(REPO))

from benchmarks.generate import SHAPES, generate_account
from powermap.analysis.engine import community_graph
from powermap.analysis.graph import build_graph, signed_graph
from powermap.analysis.signed_modularity import _inside, _Partition, _strengths_of, detect_groups, signed_modularity
from test_refinement_shortcut import random_signed


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


def plain_inside(signed, label):
    return sum(data["sign"] * data["weight"] for u, v, data in signed.edges(data=True) if label[u] == label[v])


def textbook_modularity(signed, groups):
    """Gomez, Jensen & Arenas (2009): Q = (Q+ w+ - Q- w-) / (w+ + w-), each Q Newman's
    modularity of its side, summed over every ordered pair of people in one group."""
    plus, minus = plain_strengths(signed)
    total_plus, total_minus = sum(plus.values()), sum(minus.values())
    found = 0.0
    for group in groups:
        for i in group:
            for j in group:
                data = signed.get_edge_data(i, j)
                tie = 0.0 if data is None else data["sign"] * data["weight"]
                found += tie - (plus[i] * plus[j] / total_plus if total_plus else 0.0) \
                    + (minus[i] * minus[j] / total_minus if total_minus else 0.0)
    return found / (total_plus + total_minus)


def plain_community_graph(signed, label, sign):
    result = {}
    for u, v, data in signed.edges(data=True):
        a, b = sorted((label[u], label[v]))
        sums = result.setdefault((a, b), [0.0, 0.0])
        sums[1 if sign is not None and data[sign] < 0 else 0] += float(data.get("weight", 1.0))
    return result


def graphs():
    for shape in sorted(SHAPES):
        yield shape, signed_graph(build_graph(generate_account(1500, seed=7, shape=shape)))
    for seed in range(3):
        yield f"random {seed}", random_signed(seed, 400, 0.3)
    yield "no rivalry", random_signed(5, 400, 0.0)


@pytest.mark.parametrize("name, signed", list(graphs()), ids=lambda value: value if isinstance(value, str) else "")
def test_the_sums_are_those_of_the_plain_loops(name, signed):
    plus, minus = plain_strengths(signed)
    found = _strengths_of(signed)
    assert found.plus == plus and found.minus == minus
    assert all(type(value) is float for value in [*found.plus.values(), *found.minus.values()])
    groups = detect_groups(signed, seed=1)
    label = {person: number for number, group in enumerate(groups) for person in group}
    assert _inside(signed, label) == plain_inside(signed, label)
    if len(signed) <= 400:  # the textbook double sum: every pair of people of a group
        assert signed_modularity(signed, groups) == pytest.approx(textbook_modularity(signed, groups), rel=1e-12, abs=1e-15)
    partition = _Partition(signed, groups)
    assert partition.between() == plain_between(signed, partition.label)
    coarse = {person: number // 3 for person, number in label.items()}  # groups of groups, many tied
    for sign in ("sign", None):
        expected = plain_community_graph(signed, coarse, sign)
        found = community_graph(signed, coarse, sign=sign)
        assert found == expected and list(found) == list(expected)  # the pairs in the order first met
    if name == "no rivalry":
        assert not any(minus.values()) and not any(value[1] for value in community_graph(signed, coarse, sign="sign").values())


def plain_start(signed, groups):
    """The partition's state after placing everyone one by one, in the groups' order."""
    plus, minus = plain_strengths(signed)
    label, size, sum_plus, sum_minus = {}, {}, {}, {}
    for number, group in enumerate(groups):
        for person in group:
            label[person] = number
            size[number] = size.get(number, 0) + 1
            sum_plus[number] = sum_plus.get(number, 0.0) + plus[person]
            sum_minus[number] = sum_minus.get(number, 0.0) + minus[person]
    zero = {number for number in size if sum_plus[number] == 0.0}
    negative = {number for number in size if sum_plus[number] < 0.0}
    return list(label.items()), sum_plus, sum_minus, size, zero, negative, max(size) + 1


@pytest.mark.parametrize("name, signed", list(graphs()), ids=lambda value: value if isinstance(value, str) else "")
def test_everyone_placed_at_once_as_one_by_one(name, signed):
    from test_refinement_shortcut import state

    signed = signed.copy()
    signed.add_nodes_from(["alone 1", "alone 2"])  # a group whose positive strength is 0
    order = list(signed)
    for groups in (detect_groups(signed, seed=2), [order[i::7] for i in range(7)] + [["alone 1", "alone 2"]]):
        partition = _Partition(signed, groups)
        assert state(partition) == plain_start(signed, groups)
        assert list(partition.sum_plus) == list(plain_start(signed, groups)[1])  # groups in number order
    assert state(_Partition(signed, [["alone 1", "alone 2"], order[:-2]]))[4] == {0}
