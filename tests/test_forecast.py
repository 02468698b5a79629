"""Consensus forecast (Friedkin-Johnsen): closed form on small committees, monotonicity, stories."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from powermap.analysis.forecast import forecast, stance_word
from powermap.analysis.graph import build_graph
from powermap.loaders import load

from conftest import EXAMPLES, make_graph


COMMITTEE = dict(
    account={"culture": "delegated"},
    stakeholders=[
        {"id": "chair", "name": "Chair", "roles": ["decision_maker", "evaluator"], "stance": "neutral"},
        {"id": "fan", "name": "Fan", "roles": ["evaluator"], "stance": "champion"},
        {"id": "foe", "name": "Foe", "roles": ["evaluator"], "stance": "opponent"},
        {"id": "new", "name": "New", "roles": ["evaluator"]},
    ],
    relations=[
        {"source": "fan", "target": "chair", "type": "influences", "weight": 0.8},
        {"source": "foe", "target": "chair", "type": "influences", "weight": 0.4},
        {"source": "chair", "target": "new", "type": "advises", "weight": 0.6},
    ],
)


def test_the_committee_equilibrium_by_hand():
    """COMMITTEE's equilibrium x* = L W x* + (I - L) x0, worked out by hand from the account.

    x0 (stance / 2): chair neutral 0, fan champion 1, foe opponent -1, new unknown 0.
    L: chair neutral 0.6 x decision maker 0.6 = 0.36, fan and foe 0.4, new unknown 0.8.
    W rows (self weight 1, then each influencer's weight, divided by the sum):
      chair: self 1, fan 0.8, foe 0.4 (sum 2.2); fan and foe: self only; new: self 1, chair 0.6
      (the adviser sways the one advised; sum 1.6).
    fan: x = 0.4 x + 0.6 x 1 => x_fan = 1; likewise x_foe = -1.
    chair: x = 0.36 (x + 0.8 - 0.4) / 2.2 => 1.84 x = 0.144 => x_chair = 0.144 / 1.84 = 9/115.
    new: x = 0.8 (x + 0.6 x_chair) / 1.6 => 0.5 x = 0.3 x_chair => x_new = 0.6 x 9/115 = 27/575.
    """
    result = forecast(make_graph(**COMMITTEE))
    expected = {"chair": 9 / 115, "fan": 1.0, "foe": -1.0, "new": 27 / 575}
    assert set(result.opinions) == set(expected)
    for person, value in expected.items():
        assert result.opinions[person] == pytest.approx(value, abs=1e-5), person


def test_a_two_person_committee_by_hand():
    """Chair (neutral, decision maker: l = 0.6 x 0.6 = 0.36) listens to a champion (weight 1).

    W row of chair: self 1/2, fan 1/2. Fan (l = 0.4) listens to nobody, so x_fan = 1.
    x_chair = 0.36 * (x_chair/2 + 1/2) + 0.64 * 0  =>  x_chair = 0.18 / 0.82.
    """
    graph = make_graph(
        stakeholders=[
            {"id": "chair", "name": "Chair", "roles": ["decision_maker"], "stance": "neutral"},
            {"id": "fan", "name": "Fan", "stance": "champion"},
        ],
        relations=[{"source": "fan", "target": "chair", "type": "influences", "weight": 1.0}],
    )
    result = forecast(graph)
    assert result.opinions["fan"] == pytest.approx(1.0)
    assert result.opinions["chair"] == pytest.approx(0.18 / 0.82, abs=1e-5)


def test_the_support_index_follows_the_culture():
    delegated = forecast(make_graph(**COMMITTEE))
    assert set(delegated.decision_weights) == {"chair", "fan", "foe", "new"}
    centralized = forecast(make_graph(**{**COMMITTEE, "account": {"culture": "centralized"}}))
    assert centralized.decision_weights["chair"] == pytest.approx(0.7)
    assert 0 <= centralized.support_index <= 1 and 0 <= delegated.support_index <= 1


def test_swing_people_are_those_who_would_move_the_index():
    result = forecast(make_graph(**COMMITTEE))
    assert result.swing[0][0] in {"chair", "foe"}
    assert "fan" not in dict(result.swing), "a champion has no room to move toward us"


def test_stance_words():
    assert [stance_word(x) for x in (1.0, 0.5, 0.0, -0.5, -1.0)] == ["champion", "supporter", "neutral", "skeptic", "opponent"]


STANCES = ["opponent", "skeptic", "neutral", "unknown", "supporter", "champion"]


@settings(max_examples=60, deadline=None)
@given(
    stances=st.lists(st.sampled_from(STANCES), min_size=3, max_size=7),
    ties=st.lists(st.tuples(st.integers(0, 6), st.integers(0, 6), st.floats(0.05, 1.0)), max_size=14),
    deciders=st.lists(st.integers(0, 6), max_size=2),
    who=st.integers(0, 6),
    culture=st.sampled_from(["centralized", "delegated"]),
)
def test_making_someone_a_supporter_never_lowers_the_support_index(stances, ties, deciders, who, culture):
    count = len(stances)
    who %= count

    def graph_with(stance_of_who):
        people = [
            {"id": f"p{i}", "name": f"P{i}", "stance": stance_of_who if i == who else stance,
             "roles": ["decision_maker"] if i in deciders else ["evaluator"]}
            for i, stance in enumerate(stances)
        ]
        relations = [
            {"source": f"p{a % count}", "target": f"p{b % count}", "type": "influences", "weight": w}
            for a, b, w in ties if a % count != b % count
        ]
        return make_graph(account={"culture": culture}, stakeholders=people, relations=relations)

    if stances[who] in ("supporter", "champion"):
        return
    before = forecast(graph_with(stances[who]))
    after = forecast(graph_with("supporter"))
    assert after.support_index >= before.support_index - 1e-5  # iteration stops within 1e-6
    for person in before.opinions:
        assert after.opinions[person] >= before.opinions[person] - 1e-5


@pytest.mark.parametrize("path", sorted(EXAMPLES.glob("*.yaml")), ids=lambda p: p.stem)
def test_examples_converge(path):
    """The iteration settles on every example, and every opinion stays on the stance scale
    (a weighted mean of starting opinions in -1..1). That the equilibrium is the closed form
    of the documented method is held against hand-written matrices in
    tests/test_forecast_independent.py."""
    result = forecast(build_graph(load(path)))
    assert result.iterations < 200
    assert all(-1 <= value <= 1 for value in result.opinions.values())


def test_kestrel_story_the_founder_is_the_swing():
    """Centralized: winning the founder over moves the outcome most."""
    result = forecast(build_graph(load(EXAMPLES / "kestrel-manufacturing.yaml")))
    assert result.swing[0][0] == "harold_kestrel"
    assert result.decision_weights["harold_kestrel"] == pytest.approx(0.7)
