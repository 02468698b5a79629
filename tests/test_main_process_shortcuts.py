"""Shortcuts in the main process of a big report, held to their plain definitions.

Generated accounts of about 1,500 people of every shape of the benchmark's generator; the
plain definitions are the straightforward computations the shortcuts replace.
"""

from __future__ import annotations

import sys

import networkx as nx
import pytest

from conftest import REPO

if str(REPO) not in sys.path:  # benchmarks.generate lives beside the package
    sys.path.insert(0, str(REPO))

from benchmarks.generate import SHAPES, generate_account
from powermap.analysis import key_persons as key_module
from powermap.analysis.deference import deference_rank
from powermap.analysis.graph import build_graph, influence_graph, pulls_from, pulls_into, tie_graph
from powermap.analysis.key_persons import key_persons
from powermap.model import RelationType


@pytest.fixture(scope="module", params=sorted(SHAPES))
def graph(request):
    return build_graph(generate_account(1500, seed=3, shape=request.param))


def test_pulls_into_targets_are_pulls_from_kept_for_them(graph):
    influence = influence_graph(graph)
    people = list(influence)
    targets = people[::7]
    wanted = set(targets)
    pulls = pulls_into(influence, targets)
    for person in people:
        plain = {target: weight for target, weight in pulls_from(influence, person).items() if target in wanted}
        assert pulls(person) == plain, person


def test_pulls_into_by_hand():
    """a -> b (0.5) -> c (0.8), a -> c (0.3): a's pull on c is 0.4 (through b), on b 0.5."""
    influence = nx.DiGraph()
    influence.add_weighted_edges_from([("a", "b", 0.5), ("b", "c", 0.8), ("a", "c", 0.3), ("c", "a", 0.9)])
    assert pulls_into(influence, ["c"])("a") == {"c": pytest.approx(0.4)}
    assert pulls_into(influence, ["b", "c"])("a") == {"b": 0.5, "c": pytest.approx(0.4)}
    assert pulls_into(influence, ["a"])("a") == {}  # never oneself
    assert pulls_into(influence, ["a"])("b") == {"a": pytest.approx(0.72)}


def test_deference_rank_is_networkx_pagerank_of_the_reversed_graph(graph):
    influence = influence_graph(graph)
    expected = nx.pagerank(influence.reverse(copy=True), alpha=0.85, weight="weight")
    found = deference_rank(influence)
    assert list(found) == list(expected)
    for person, value in expected.items():
        assert found[person] == pytest.approx(value, rel=1e-6, abs=1e-12)


def _plain_pulls_into(influence, targets):
    wanted = set(targets)
    return lambda person: {t: w for t, w in pulls_from(influence, person).items() if t in wanted}


def test_key_persons_equal_those_of_the_plain_definitions(graph, monkeypatch):
    """The ranking, scores and reasons with the pulls on decision makers walked from each
    person and the informal strength as networkx's weighted degree."""
    fast = key_persons(graph)
    monkeypatch.setattr(key_module, "pulls_into", _plain_pulls_into)
    plain = key_persons(graph)
    assert [(p.id, p.rank, p.score, tuple(map(str, p.reasons)), p.key) for p in fast.ranked] == \
        [(p.id, p.rank, p.score, tuple(map(str, p.reasons)), p.key) for p in plain.ranked]


def test_informal_strength_is_the_weighted_degree(graph):
    ties = nx.Graph(tie_graph(graph, types=RelationType.PERSONAL))  # a copy that can take a self-tie
    ties.add_edge(next(iter(ties)), next(iter(ties)), weight=0.5)  # a self-tie counts twice, as networkx counts it
    expected = dict(ties.degree(weight="weight"))
    assert key_module._strength(ties) == expected
    assert sum(value > 0 for value in expected.values()) > 100
