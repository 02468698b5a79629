"""The refinement's sweep held to its plain definition: every person weighed in turn.

:meth:`~powermap.analysis.signed_modularity._Partition.sweep` finds who certainly stays for
everyone at once and weighs only the others; it must make the same moves, in the same order,
leaving the same sums to the last bit (and the labels in the same order, which later merges
read) as :meth:`~powermap.analysis.signed_modularity._Partition.best_move` for everyone. Held
on random signed graphs started from random groups (many moves, people with rivals, groups
emptied and made), and on the generated accounts of every shape of the benchmark.
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
from powermap.analysis import signed_modularity
from powermap.analysis.graph import build_graph, signed_graph
from powermap.analysis.signed_modularity import _Partition, detect_groups


def state(partition):
    return (list(partition.label.items()), dict(partition.sum_plus), dict(partition.sum_minus),
            dict(partition.size), partition.zero, partition.negative, partition.next_number)


def plain_sweep(partition, visit):
    return any([partition.best_move(person) for person in visit])


def random_signed(seed: int, people: int, rivals: float) -> nx.Graph:
    rng = random.Random(seed)
    graph = nx.gnp_random_graph(people, 6 / people, seed=seed)
    signed = nx.Graph()
    signed.add_nodes_from(f"p{node}" for node in rng.sample(list(graph), len(graph)))
    for u, v in graph.edges:
        signed.add_edge(f"p{u}", f"p{v}", sign=-1 if rng.random() < rivals else 1,
                        weight=rng.choice([0.1, 0.2, 0.3, 0.5, 0.7, 1.0, 1 / 3]))
    return signed


@pytest.mark.parametrize("seed", range(8))
@pytest.mark.parametrize("rivals", [0.0, 0.02, 0.3])
def test_a_sweep_moves_whom_weighing_everyone_moves(monkeypatch, seed, rivals):
    monkeypatch.setattr(signed_modularity, "SURE_FROM", 0)
    signed = random_signed(seed, 700, rivals)
    order = list(signed)
    rng = random.Random(seed)
    start = [order[i::25] for i in range(25)]  # a poor start: most people move at first
    fast, plain = _Partition(signed, start), _Partition(signed, start)
    visit = order[:]
    rng.shuffle(visit)
    moves = 0
    for _ in range(6):
        before = dict(plain.label)
        assert fast.sweep(visit) == plain_sweep(plain, visit)
        assert state(fast) == state(plain)
        moves += sum(before[p] != plain.label[p] for p in order)
        assert fast.best_merge() == plain.best_merge()
        assert state(fast) == state(plain)
    assert moves > 100  # the sweeps had moves to make, not only people who stay


@pytest.mark.parametrize("shape", sorted(SHAPES))
def test_the_groups_of_every_shape_are_those_of_weighing_everyone(monkeypatch, shape):
    signed = signed_graph(build_graph(generate_account(2000, seed=11, shape=shape)))
    monkeypatch.setattr(signed_modularity, "SURE_FROM", 0)
    fast = detect_groups(signed, seed=3)
    monkeypatch.setattr(signed_modularity, "SURE_FROM", 10**9)
    assert fast == detect_groups(signed, seed=3)
