"""Everyone's place in the reporting lines (:attr:`FormalLines.tree`), found for everyone at
once, which the key persons, the power structure and the formal heads read: held to an
organisation chart worked out by hand (a departed boss skipped, a departed head's line passed
to the successor), and to a plain walk up each person's line on the generated accounts of
every shape of the benchmark."""

from __future__ import annotations

import sys

import pytest

from conftest import REPO, make_graph

if str(REPO) not in sys.path:  # benchmarks.generate lives beside the package
    sys.path.insert(0, str(REPO))

from benchmarks.generate import SHAPES, generate_account
from powermap.analysis.formal_lines import FormalLines, formal_lines
from powermap.analysis.graph import build_graph
from powermap.analysis.key_persons import _reporting
from powermap.analysis.leaders import formal_heads


def chart():
    """ceo <- vp1 <- m1 <- e1, e2 (sales); ceo <- vp2 (left) <- m2 (ops); old (left, heads a
    line) <- o1, o2, taken over by new (new in post, in old's department); x <- y (no department)."""
    rows = [("ceo", None, "board", "active"), ("vp1", "ceo", "sales", "active"), ("m1", "vp1", "sales", "active"),
            ("e1", "m1", "sales", "active"), ("e2", "m1", "ops", "active"), ("vp2", "ceo", "ops", "left"),
            ("m2", "vp2", "ops", "active"), ("old", None, "plant", "left"), ("o1", "old", "plant", "active"),
            ("o2", "old", "plant", "active"), ("new", None, "plant", "new"), ("x", None, None, "active"),
            ("y", "x", None, "active")]
    return make_graph(
        departments=[{"id": d, "name": d.title()} for d in ("board", "sales", "ops", "plant")],
        stakeholders=[{"id": p, "name": p.upper(), "reports_to": boss, "status": status,
                       **({"department": department} if department else {})} for p, boss, department, status in rows],
    )


def test_the_tree_of_a_chart_worked_out_by_hand():
    tree = formal_lines(chart()).tree
    assert tree.people == ["ceo", "vp1", "m1", "e1", "e2", "m2", "o1", "o2", "new", "x", "y"]
    assert tree.depth == {"ceo": 0, "vp1": 1, "m1": 2, "e1": 3, "e2": 3, "m2": 1, "o1": 1, "o2": 1, "new": 0, "x": 0, "y": 1}
    assert tree.top == {"ceo": "ceo", "vp1": "ceo", "m1": "ceo", "e1": "ceo", "e2": "ceo", "m2": "ceo",
                        "o1": "new", "o2": "new", "new": "new", "x": "x", "y": "x"}
    assert tree.below == {"ceo": 5, "vp1": 3, "m1": 2, "e1": 0, "e2": 0, "m2": 0, "o1": 0, "o2": 0, "new": 2, "x": 1, "y": 0}
    pairs = sorted(zip((tree.people[b] for b in tree.bosses.tolist()), (tree.people[u] for u in tree.under.tolist())))
    assert pairs == sorted([("ceo", "vp1"), ("ceo", "m1"), ("ceo", "e1"), ("ceo", "e2"), ("ceo", "m2"), ("vp1", "m1"),
                            ("vp1", "e1"), ("vp1", "e2"), ("m1", "e1"), ("m1", "e2"), ("new", "o1"), ("new", "o2"),
                            ("x", "y")])


def test_what_the_key_persons_and_the_formal_heads_read_of_it():
    graph = chart()
    people = formal_lines(graph).tree.people
    depth, span, size, boss, departments = _reporting(graph, people)
    assert size == {"ceo": 6, "vp1": 6, "m1": 6, "e1": 6, "e2": 6, "m2": 6, "o1": 3, "o2": 3, "new": 3, "x": 2, "y": 2}
    assert boss["m2"] == "ceo" and boss["o1"] == "new" and boss["new"] is None
    assert departments == {"ceo": {"sales", "ops"}, "vp1": {"sales", "ops"}, "m1": {"sales", "ops"}, "new": {"plant"},
                           "x": {None}}
    assert formal_heads(graph) == ("ceo",)


def test_a_loop_is_refused():
    with pytest.raises(ValueError, match="loop"):
        FormalLines({"a": "b", "b": "c", "c": "a"}, {}).tree  # noqa: B018


@pytest.mark.parametrize("shape", sorted(SHAPES))
def test_the_tree_is_a_walk_up_each_line(shape):
    lines = formal_lines(build_graph(generate_account(1500, seed=5, shape=shape)))
    tree = lines.tree
    below = dict.fromkeys(lines.boss, 0)
    for person in lines.boss:
        chain = lines.chain(person)
        assert tree.depth[person] == len(chain)
        assert tree.top[person] == (chain[-1] if chain else person)
        for boss in chain:
            below[boss] += 1
    assert tree.below == below
    assert max(tree.depth.values()) >= 3 and len(set(tree.top.values())) >= 1


def test_the_boss_a_record_names_is_the_first_reached_by_a_formal_line():
    """On a graph not built from a file (its edges between people walked, not recorded), a
    person with two formal lines answers to the first their edges reach, in the graph's own
    order: y's edges reach ceo (an influence, then a formal line) before x; e1's reach m1 first."""
    import networkx as nx

    graph = nx.MultiDiGraph(chart())
    graph.remove_edge("y", "x", key="reports_to")
    graph.add_edge("y", "ceo", key="influences", type="influences", weight=0.5, network="work", symmetric=False)
    graph.add_edge("y", "x", key="reports_to", type="reports_to")
    graph.add_edge("y", "ceo", key="reports_to", type="reports_to")
    graph.add_edge("e1", "vp1", key="reports_to", type="reports_to")
    boss = formal_lines(graph).boss
    assert boss["y"] == "ceo" and boss["e1"] == "m1" and boss["x"] is None and boss["m2"] == "ceo"
