"""Power structure: one small account per shape, Spearman by hand, and the examples' stories."""

import pytest

from powermap.analysis.graph import build_graph
from powermap.analysis.power_structure import SHAPES, average_ranks, power_structure, spearman
from powermap.loaders import load

from conftest import EXAMPLES, make_graph


def people(*rows):
    return [dict(zip(("id", "name", "reports_to", "department", "roles", "power"), row)) for row in rows]


def test_spearman_by_hand():
    assert spearman([1, 2, 3, 4], [10, 20, 30, 40]) == pytest.approx(1.0)
    assert spearman([1, 2, 3, 4], [4, 3, 2, 1]) == pytest.approx(-1.0)
    assert spearman([1, 1, 1], [1, 2, 3]) == 0.0
    # ties take average ranks: x ranks (0.5, 0.5, 2), y ranks (0, 1, 2): r = 0.866
    assert spearman([5, 5, 9], [1, 2, 3]) == pytest.approx(3**0.5 / 2)


def test_average_ranks_by_hand():
    """Places from 0 in ascending order; equal values share the mean of their places."""
    assert average_ranks([30, 10, 20]) == [2.0, 0.0, 1.0]
    assert average_ranks([5, 5, 9]) == [0.5, 0.5, 2.0]
    assert average_ranks([0.5, 0.25, 0.5, 0.5, 0.0]) == [3.0, 1.0, 3.0, 3.0, 0.0]  # places 2, 3, 4 share 3
    assert average_ranks([7, 7, 7, 7]) == [1.5, 1.5, 1.5, 1.5]
    assert average_ranks([]) == []


def test_spearman_of_a_large_sample_matches_its_closed_form():
    """Without ties, rho = 1 - 6 sum(d^2) / (n (n^2 - 1)); here y reverses x's first half only."""
    n = 1000
    xs = list(range(n))
    ys = list(range(n // 2 - 1, -1, -1)) + list(range(n // 2, n))
    d2 = sum((x - y) ** 2 for x, y in zip(xs, ys))
    assert spearman(xs, ys) == pytest.approx(1 - 6 * d2 / (n * (n * n - 1)), abs=1e-12)


def shape(**tables):
    return power_structure(make_graph(departments=[{"id": d, "name": d.upper()} for d in "abcd"], **tables)).shape


def test_centralized():
    staff = [(f"s{i}", f"S{i}", "boss", "a", [], {}) for i in range(6)]
    assert shape(stakeholders=people(("boss", "Boss", None, "a", ["decision_maker", "funder"], {"position": 3, "allocation": 3}), *staff)) == "centralized"


def test_skewed_when_the_top_leans_on_a_deputy():
    staff = [(f"s{i}", f"S{i}", "deputy", "a", [], {}) for i in range(4)]
    result = shape(
        stakeholders=people(
            ("boss", "Boss", None, "a", ["decision_maker"], {"position": 3}),
            ("deputy", "Deputy", "boss", "a", ["decision_maker", "funder"], {"allocation": 3, "information": 3}),
            *staff,
        ),
        relations=[{"source": "deputy", "target": "boss", "type": "influences", "weight": 0.9}],
    )
    assert result == "skewed"


def test_decentralized_when_independent_centres_sit_in_different_departments():
    rows = [(c, c.title(), None, d, ["decision_maker"], {"position": 3}) for c, d in (("x", "a"), ("y", "b"), ("z", "c"))]
    staff = [(f"{c}{i}", f"{c}{i}", c, d, [], {}) for c, d in (("x", "a"), ("y", "b"), ("z", "c")) for i in range(2)]
    assert shape(stakeholders=people(*rows, *staff)) == "decentralized"


def test_equal_when_peers_of_one_department_decide_together():
    rows = [(c, c.title(), "chair", "a", ["evaluator"], {"position": 2}) for c in ("p", "q", "r")]
    result = shape(
        stakeholders=people(("chair", "Chair", None, "a", [], {}), *rows),
        relations=[{"source": a, "target": b, "type": "ally", "weight": 0.8} for a, b in (("p", "q"), ("q", "r"), ("p", "r"))],
    )
    assert result == "equal"


def test_contribution_when_influence_follows_knowledge_not_rank():
    experts = [(f"e{i}", f"E{i}", "head", "a", [], {"knowledge": 3}) for i in range(3)]
    managers = [(f"m{i}", f"M{i}", "head", "a", [], {"position": 3}) for i in range(3)]
    relations = [
        {"source": f"e{i}", "target": f"m{j}", "type": "advises", "weight": 0.9} for i in range(3) for j in range(3)
    ] + [{"source": f"e{i}", "target": "head", "type": "advises", "weight": 0.9} for i in range(3)]
    result = shape(stakeholders=people(("head", "Head", None, "a", [], {}), *experts, *managers), relations=relations)
    assert result == "contribution"


@pytest.mark.parametrize(
    "name, expected",
    [
        ("kestrel-manufacturing.yaml", "centralized"),  # the founder decides everything
        ("provincial-energy-group.yaml", "skewed"),  # the chairman leans on deputy wang-fz
        ("riverside-hospital.yaml", "decentralized"),  # committee, money, spec and IT veto apart
        ("zachary-karate.yaml", "decentralized"),  # two leaders, two camps
    ],
)
def test_example_shapes(name, expected):
    result = power_structure(build_graph(load(EXAMPLES / name)))
    assert result.shape == expected
    assert result.shape in SHAPES and len(result.evidence) >= 3
    assert {"lead", "top_share", "centres", "knowledge_rho", "position_rho", "gini"} <= set(result.metrics)


def test_the_skewed_evidence_names_the_deputy():
    result = power_structure(build_graph(load(EXAMPLES / "provincial-energy-group.yaml")))
    assert result.evidence[0].startswith("the formal top 张国栋 leans on 王志远")
