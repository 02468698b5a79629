"""The consensus forecast checked against a hand computation of its documented method.

The method (docs/analyses.md, "Consensus forecast"; ``powermap/analysis/forecast.py``'s
docstring; Friedkin & Johnsen 1990, Social influence and opinions, J. Mathematical Sociology
15): every active stakeholder i starts at x0_i = stance score / 2 (champion 1, supporter 0.5,
neutral and unknown 0, skeptic -0.5, opponent -1) and settles at

    x* = (I - L W)^-1 (I - L) x0

- W: row i puts weight 1 on i and, on everyone who sways i, their influence weight: the
  source of ``influences`` and of ``advises`` sways the target (a weight left out is 0.5,
  ACCOUNT_FORMAT), a boss sways each direct report with 0.5; two channels between the same
  pair count once, with the stronger weight; the row is then divided by its sum. People who
  left take no part.
- L = diag(susceptibility): champion and opponent 0.4, supporter, neutral and skeptic 0.6,
  unknown 0.8; times 0.6 for a decision maker; times 0.8 for position or allocation power 3.

The support index is 0.5 + 0.5 x (decision weights . x*); in these accounts the decision
rests on one person (the only decision maker or evaluator, culture delegated or not set),
so it is 0.5 + 0.5 x*_that person.

Each account below is written out as a file, and W, L and x0 are written here as numbers
worked out by hand from that file (not read back from powermap). numpy solves the closed form
from those numbers; the command line (``powermap simulate -f json``) must print the same
forecasts. It prints forecasts (2 x*, on the stance scale -2..2) and the support index rounded
to 4 places, and powermap iterates until no opinion moves by 1e-6, so the comparison is to
that precision (``printed_tolerance``); the library's own figures are held tighter below.
"""

import json

import numpy as np
import pytest

from powermap.analysis.forecast import forecast
from powermap.analysis.graph import build_graph
from powermap.loaders import load

# -- account 1: a stubborn decision maker, a formal line, a person who left -----------------------

STUBBORN = """\
account: {id: stubborn, name: Stubborn decider, culture: delegated}
stakeholders:
  - {id: chen, name: Chen, roles: [decision_maker], stance: neutral, power: {position: 3}}
  - {id: li, name: Li, reports_to: chen, roles: [user], stance: champion, power: {allocation: 1}}
  - {id: wang, name: Wang, roles: [procurement], stance: opponent, power: {allocation: 3}}
  - {id: zhao, name: Zhao, reports_to: chen, roles: [user]}
  - {id: sun, name: Sun, roles: [funder], stance: skeptic, power: {position: 2, knowledge: 3}}
  - {id: gone, name: Gone, roles: [influencer], stance: champion, status: left}
relations:
  - {source: li, target: chen, type: influences, weight: 0.8}
  - {source: wang, target: chen, type: influences, weight: 0.6}
  - {source: li, target: zhao, type: advises}
  - {source: chen, target: zhao, type: advises, weight: 0.7}
  - {source: sun, target: wang, type: influences, weight: 0.4}
  - {source: zhao, target: sun, type: influences, weight: 0.2}
  - {source: gone, target: chen, type: influences, weight: 1.0}
"""

# order of rows and columns: chen, li, wang, zhao, sun (gone has left)
STUBBORN_PEOPLE = ["chen", "li", "wang", "zhao", "sun"]
STUBBORN_W = [
    # chen: self 1, li 0.8, wang 0.6 (gone has left: no weight); sum 2.4
    [1 / 2.4, 0.8 / 2.4, 0.6 / 2.4, 0, 0],
    # li: self 1, chen 0.5 (her boss); sum 1.5
    [0.5 / 1.5, 1 / 1.5, 0, 0, 0],
    # wang: self 1, sun 0.4; sum 1.4
    [0, 0, 1 / 1.4, 0, 0.4 / 1.4],
    # zhao: self 1, chen 0.7 (boss 0.5 and adviser 0.7: the stronger), li 0.5 (advises, no weight); sum 2.2
    [0.7 / 2.2, 0.5 / 2.2, 0, 1 / 2.2, 0],
    # sun: self 1, zhao 0.2; sum 1.2
    [0, 0, 0, 0.2 / 1.2, 1 / 1.2],
]
STUBBORN_L = [
    0.288,  # chen: neutral 0.6 x decision maker 0.6 x position 3 0.8
    0.4,  # li: champion (allocation 1: no factor)
    0.32,  # wang: opponent 0.4 x allocation 3 0.8
    0.8,  # zhao: stance unknown
    0.6,  # sun: skeptic (position 2 and knowledge 3: no factor)
]
STUBBORN_X0 = [0.0, 1.0, -1.0, 0.0, -0.5]  # neutral, champion, opponent, unknown, skeptic

# what if wang turned supporter: x0 0.5, susceptibility supporter 0.6 x allocation 3 0.8 = 0.48
STUBBORN_WHAT_IF = ("wang", 0.48, 0.5)

# -- account 2: an influence cycle, a decision maker inside it ------------------------------------

CYCLE = """\
account: {id: cycle, name: Cycle}
stakeholders:
  - {id: ana, name: Ana, roles: [decision_maker, funder], stance: supporter}
  - {id: ben, name: Ben, roles: [spec_setter], stance: neutral, power: {knowledge: 3, position: 2, allocation: 2}}
  - {id: cai, name: Cai, roles: [procurement], stance: skeptic, power: {position: 3}}
  - {id: dai, name: Dai, roles: [champion], stance: champion}
relations:
  - {source: ana, target: ben, type: influences, weight: 0.9}
  - {source: ben, target: cai, type: advises, weight: 0.6}
  - {source: cai, target: ana, type: influences, weight: 0.5}
  - {source: dai, target: ana, type: influences, weight: 0.3}
"""

CYCLE_PEOPLE = ["ana", "ben", "cai", "dai"]
CYCLE_W = [
    # ana: self 1, cai 0.5, dai 0.3; sum 1.8
    [1 / 1.8, 0, 0.5 / 1.8, 0.3 / 1.8],
    # ben: self 1, ana 0.9; sum 1.9
    [0.9 / 1.9, 1 / 1.9, 0, 0],
    # cai: self 1, ben 0.6 (advises); sum 1.6
    [0, 0.6 / 1.6, 1 / 1.6, 0],
    # dai: nobody sways her
    [0, 0, 0, 1],
]
CYCLE_L = [
    0.36,  # ana: supporter 0.6 x decision maker 0.6
    0.6,  # ben: neutral (knowledge 3 is not position or allocation; 2 is below 3)
    0.48,  # cai: skeptic 0.6 x position 3 0.8
    0.4,  # dai: champion
]
CYCLE_X0 = [0.5, 0.0, -0.5, 1.0]

# what if cai turned supporter: x0 0.5, susceptibility 0.6 x position 3 0.8 = 0.48 (unchanged)
CYCLE_WHAT_IF = ("cai", 0.48, 0.5)

# -- account 3: stances as numbers, a two-way tie, the decision on one evaluator -------------------

MUTUAL = """\
account: {id: mutual, name: Mutual, culture: delegated}
stakeholders:
  - {id: fu, name: Fu, roles: [evaluator], stance: -2, power: {allocation: 3}}
  - {id: gu, name: Gu, roles: [user], stance: 1}
  - {id: he, name: He, roles: [user], stance: 0, reports_to: fu}
  - {id: hu, name: Hu, roles: [influencer], stance: 2, power: {position: 3, allocation: 3}}
relations:
  - {source: fu, target: gu, type: influences, weight: 0.25}
  - {source: gu, target: fu, type: influences, weight: 0.75}
  - {source: hu, target: gu, type: advises, weight: 1.0}
  - {source: he, target: fu, type: advises, weight: 0.5}
  - {source: hu, target: fu, type: influences}
"""

MUTUAL_PEOPLE = ["fu", "gu", "he", "hu"]
MUTUAL_W = [
    # fu: self 1, gu 0.75, he 0.5 (advises), hu 0.5 (influences, no weight); sum 2.75
    [1 / 2.75, 0.75 / 2.75, 0.5 / 2.75, 0.5 / 2.75],
    # gu: self 1, fu 0.25, hu 1.0; sum 2.25
    [0.25 / 2.25, 1 / 2.25, 0, 1 / 2.25],
    # he: self 1, fu 0.5 (his boss); sum 1.5
    [0.5 / 1.5, 0, 1 / 1.5, 0],
    # hu: nobody sways him
    [0, 0, 0, 1],
]
MUTUAL_L = [
    0.32,  # fu: opponent (-2) 0.4 x allocation 3 0.8 (an evaluator, not a decision maker)
    0.6,  # gu: supporter (1)
    0.6,  # he: neutral (0)
    0.32,  # hu: champion (2) 0.4 x 0.8 (position and allocation 3 count once)
]
MUTUAL_X0 = [-1.0, 0.5, 0.0, 1.0]

# what if fu turned supporter: x0 0.5, susceptibility 0.6 x allocation 3 0.8 = 0.48
MUTUAL_WHAT_IF = ("fu", 0.48, 0.5)

ACCOUNTS = {
    "stubborn-decider": (STUBBORN, STUBBORN_PEOPLE, STUBBORN_W, STUBBORN_L, STUBBORN_X0, "chen", STUBBORN_WHAT_IF),
    "cycle": (CYCLE, CYCLE_PEOPLE, CYCLE_W, CYCLE_L, CYCLE_X0, "ana", CYCLE_WHAT_IF),
    "mutual": (MUTUAL, MUTUAL_PEOPLE, MUTUAL_W, MUTUAL_L, MUTUAL_X0, "fu", MUTUAL_WHAT_IF),
}

STOP = 1e-6  # powermap iterates until no opinion moves by this much (docs/analyses.md)


def equilibrium(w, lam, x0):
    """x* = (I - L W)^-1 (I - L) x0 from the hand-written numbers."""
    w, lam, x0 = np.asarray(w, dtype=float), np.diag(lam), np.asarray(x0, dtype=float)
    identity = np.eye(len(x0))
    return np.linalg.solve(identity - lam @ w, (identity - lam) @ x0)


def iteration_error(lam):
    """How far an iteration stopped at a step below STOP can be from the fixed point: the map
    x -> L W x + c contracts by max(L) in the largest-entry norm (W's rows sum to 1), so the
    error is at most max(L) / (1 - max(L)) x STOP."""
    rho = max(lam)
    return rho / (1 - rho) * STOP


def printed_tolerance(scale, lam):
    """Rounded to 4 places, after the iteration: half a unit of the 4th place plus the
    iteration's error times the printed scale."""
    return 5e-5 + scale * iteration_error(lam) + 1e-12


def write(tmp_path, name, text):
    path = tmp_path / f"{name}.yaml"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize("name", ACCOUNTS)
def test_the_hand_written_matrices_are_what_the_method_asks(name):
    """The literals themselves: W row-stochastic, susceptibilities in 0..1, x0 in -1..1."""
    _, people, w, lam, x0, _, _ = ACCOUNTS[name]
    assert np.allclose(np.sum(w, axis=1), 1.0, atol=1e-15)
    assert len(w) == len(lam) == len(x0) == len(people)
    assert all(0 < value < 1 for value in lam) and all(-1 <= value <= 1 for value in x0)


@pytest.mark.parametrize("name", ACCOUNTS)
def test_simulate_prints_the_hand_computed_equilibrium(run, tmp_path, name):
    text, people, w, lam, x0, decider, (who, new_lam, new_x0) = ACCOUNTS[name]
    path = write(tmp_path, name, text)
    result = run("simulate", path, "--set", f"{who}.stance=supporter", "-f", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)

    position = people.index(who)
    after_lam = [new_lam if i == position else value for i, value in enumerate(lam)]
    after_x0 = [new_x0 if i == position else value for i, value in enumerate(x0)]
    for state, (l_used, x0_used) in {"before": (lam, x0), "after": (after_lam, after_x0)}.items():
        exact = dict(zip(people, equilibrium(w, l_used, x0_used)))
        printed = {person["id"]: person["forecast"] for person in data[state]["key_persons"]}
        assert decider in printed, f"{state}: the decider's forecast is not printed"
        assert set(printed) <= set(people), f"{state}: someone outside the active stakeholders"
        for person, value in printed.items():
            assert value == pytest.approx(2 * exact[person], abs=printed_tolerance(2, l_used)), (state, person)
        index = 0.5 + 0.5 * exact[decider]
        assert data[state]["support_index"] == pytest.approx(index, abs=printed_tolerance(0.5, l_used)), state


@pytest.mark.parametrize("name", ACCOUNTS)
def test_the_library_forecast_matches_the_hand_computation(tmp_path, name):
    """The same accounts through the loader and :func:`forecast`, held tighter than printed:
    the inputs exactly, the opinions to the iteration's error bound."""
    text, people, w, lam, x0, decider, _ = ACCOUNTS[name]
    result = forecast(build_graph(load(write(tmp_path, name, text))))
    assert list(result.opinions) == people
    for i, person in enumerate(people):
        assert result.initial[person] == pytest.approx(x0[i], abs=1e-12), person
        assert result.susceptibility[person] == pytest.approx(lam[i], abs=1e-12), person
    exact = equilibrium(w, lam, x0)
    bound = iteration_error(lam)
    for i, person in enumerate(people):
        assert abs(result.opinions[person] - exact[i]) <= bound, (person, result.opinions[person], exact[i])
    assert result.decision_weights == {decider: pytest.approx(1.0)}
    assert result.support_index == pytest.approx(0.5 + 0.5 * exact[people.index(decider)], abs=0.5 * bound + 1e-12)

