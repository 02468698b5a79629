"""Consensus forecast: where the buying committee's view will settle, and who moves it.

Opinions spread through the influence layer (Friedkin & Johnsen 1990, a DeGroot 1974 model
with stubbornness). Each active stakeholder i holds an opinion x_i in -1..1 (their stance
score / 2) and keeps part of their initial opinion:

    x(t+1) = L W x(t) + (I - L) x(0)        x* = (I - L W)^-1 (I - L) x(0)

- W, who listens to whom: row i puts ``SELF_WEIGHT`` on i and the influence weights of the
  people who sway i (influences, advice, a boss with weight 0.5), normalised to sum 1;
- L = diag(susceptibility): how much of i's view comes from others. Stance sets a base
  (``SUSCEPTIBILITY``: champions and opponents hold firm, unknown is neutral with low
  confidence), decision makers and people with strong position or allocation power are more
  stubborn (x ``DECIDER_FACTOR``, x ``POWER_FACTOR``).

The equilibrium is computed by iterating the sparse (CSR) update until no opinion moves more
than 1e-6 (a few dozen iterations even at 50,000 people; a direct solve fills in).

The **support index** (0..1, 0.5 neutral) reads the equilibrium by the account's decision rule:
centralized, the top decision maker weighs ``TOP_SHARE`` (0.7) and the other key persons
(:attr:`~.key_persons.KeyPersons.key`, the one set the report calls "key") the rest by
key-person score; delegated (or not set), the committee of decision makers and evaluators by
key-person score (the key persons when the account has neither). **Swing people** are those whose own view moves the index most
if they came round to us: sensitivity s = M^T c (c the decision weights, M = (I - L W)^-1 (I - L))
times the room they have to move (0.5 - x0, from their stance to supporter).

Monotone by construction: turning someone below supporter into a supporter never lowers any
forecast, so never lowers the index (the FJ map is monotone, and the susceptibilities satisfy
l_s * m + (1 - l_s) * 0.5 >= l_old * m + (1 - l_old) * x_old for every m in -1..1); a property
test holds it.

References: DeGroot (1974), Reaching a consensus, JASA 69(345); Friedkin & Johnsen (1990),
Social influence and opinions, J. Mathematical Sociology 15(3-4).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import networkx as nx

from ..model import Culture, Role, Stance
from .graph import active_stakeholders, influence_graph
from .key_persons import KeyPersons, key_persons
from .sparse import SparseMatrix

__all__ = ["Forecast", "OpinionModel", "forecast", "stance_word", "SUSCEPTIBILITY", "SELF_WEIGHT", "TOLERANCE"]

SELF_WEIGHT = 1.0
SUSCEPTIBILITY = {"champion": 0.4, "supporter": 0.6, "neutral": 0.6, "skeptic": 0.6, "opponent": 0.4, "unknown": 0.8}
DECIDER_FACTOR = 0.6
POWER_FACTOR = 0.8  # position or allocation power 3
TOP_SHARE = 0.7
TOLERANCE = 1e-6
MAX_ITERATIONS = 10_000


@dataclass(frozen=True)
class Forecast:
    """Equilibrium opinions (-1..1) of active stakeholders and the support index (0..1)."""

    opinions: dict[str, float]
    initial: dict[str, float]
    susceptibility: dict[str, float]
    decision_weights: dict[str, float]
    support_index: float
    swing: tuple[tuple[str, float], ...]  # (id, how much the index rises if they came round)
    iterations: int
    rule: str
    reasons: tuple[str, ...] = field(default_factory=tuple)

    def stance(self, person: str) -> str:
        return stance_word(self.opinions[person])


def stance_word(opinion: float) -> str:
    """An opinion in -1..1 as the nearest stance: the opinion times 2 on the stance scale -2..2
    (:meth:`Stance.from_score`)."""
    return Stance.from_score(opinion * 2).word


def _susceptibility(data: dict) -> float:
    value = SUSCEPTIBILITY[data["stance"]]
    if Role.DECISION_MAKER.value in data["roles"]:
        value *= DECIDER_FACTOR
    if max(data["power"]["position"], data["power"]["allocation"]) >= 3:
        value *= POWER_FACTOR
    return value


def _decision_weights(graph: nx.MultiDiGraph, key: KeyPersons, people: list[str], top: int | None) -> tuple[dict[str, float], str]:
    """Who the decision rests on, and how much, by the account's culture: among the key persons
    (or the first ``top`` of the ranking, when a count is given)."""
    culture = key.culture
    deciders = [p.id for p in key.ranked if Role.DECISION_MAKER.value in graph.nodes[p.id]["roles"]]
    if culture is Culture.CENTRALIZED and deciders:
        head = deciders[0]
        others = [p for p in key.select(top) if p.id != head]
        total = sum(p.score for p in others)
        weights = {head: TOP_SHARE if others and total else 1.0}
        for person in others:
            if total:
                weights[person.id] = (1 - TOP_SHARE) * person.score / total
        return weights, f"centralized: {graph.nodes[head]['name']} weighs {weights[head]:.0%}, the other key persons the rest"
    committee = [p for p in key.ranked if {Role.DECISION_MAKER.value, Role.EVALUATOR.value} & set(graph.nodes[p.id]["roles"])]
    committee = committee or list(key.select(top))
    total = sum(p.score for p in committee) or 1.0
    rule = "delegated" if culture is Culture.DELEGATED else "committee (culture not set)"
    return {p.id: p.score / total for p in committee}, f"{rule}: decision makers and evaluators weighted by key-person score"


def _fixed_point(matrix, scale, constant):
    """x = diag(scale) matrix x + constant by iteration (``matrix`` a :class:`SparseMatrix`)."""
    import numpy as np

    scale = np.asarray(scale)
    x = np.asarray(constant, dtype=float)
    for iteration in range(1, MAX_ITERATIONS + 1):
        new = scale * matrix.times(x) + constant
        if np.max(np.abs(new - x), initial=0.0) < TOLERANCE:
            return new, iteration
        x = new
    return x, MAX_ITERATIONS


class OpinionModel:
    """The forecast's matrices for one account, built once, evaluated for any set of stances.

    A plan tries many "what if this person came round" cases; each is one sparse iteration
    here instead of rebuilding the graph.
    """

    def __init__(self, graph: nx.MultiDiGraph, key: KeyPersons, top: int | None = None):
        import numpy as np

        self.graph, self.key = graph, key
        self.people = active_stakeholders(graph)
        self.index = {person: number for number, person in enumerate(self.people)}
        influence = influence_graph(graph)
        rows, cols, values = [], [], []
        for person in self.people:
            i = self.index[person]
            incoming = [(self.index[source], data["weight"]) for source, _, data in influence.in_edges(person, data=True)]
            total = SELF_WEIGHT + sum(weight for _, weight in incoming)
            rows.append(i), cols.append(i), values.append(SELF_WEIGHT / total)
            for j, weight in incoming:
                rows.append(i), cols.append(j), values.append(weight / total)
        size = len(self.people)
        self.matrix = SparseMatrix.from_entries(rows, cols, values, size)
        self.weights, self.rule = _decision_weights(graph, key, self.people, top)
        self.c = np.zeros(size)
        for person, weight in self.weights.items():
            self.c[self.index[person]] = weight

    def inputs(self, stances: dict[str, str] | None = None):
        """Initial opinions and susceptibilities, with some stances overridden."""
        import numpy as np

        stances = stances or {}
        x0, lam = [], []
        for person in self.people:
            data = self.graph.nodes[person]
            stance = stances.get(person, data["stance"])
            x0.append(_SCORES[stance] / 2)
            lam.append(_susceptibility({**data, "stance": stance}))
        return np.asarray(x0), np.asarray(lam)

    def equilibrium(self, stances: dict[str, str] | None = None):
        x0, lam = self.inputs(stances)
        opinions, iterations = _fixed_point(self.matrix, lam, (1 - lam) * x0)
        return x0, lam, opinions, iterations

    def support_index(self, stances: dict[str, str] | None = None) -> float:
        _, _, opinions, _ = self.equilibrium(stances)
        return _index(self.c, opinions)


_SCORES = {stance.value: stance.score or 0 for stance in Stance}  # unknown counts as neutral


def _index(c, opinions) -> float:
    return min(1.0, max(0.0, float(0.5 + 0.5 * c @ opinions))) if len(opinions) else 0.5


def forecast(
    graph: nx.MultiDiGraph,
    *,
    key: KeyPersons | None = None,
    top: int | None = None,
    swing_count: int = 5,
    model: OpinionModel | None = None,
) -> Forecast:
    """The Friedkin-Johnsen equilibrium of the account and its support index."""
    import numpy as np

    model = model or OpinionModel(graph, key or key_persons(graph), top)
    people, index = model.people, model.index
    x0, lam, opinions, iterations = model.equilibrium()
    # Sensitivity of the index to each initial opinion: s = (I - L) y with y = c + W^T L y.
    y, _ = _adjoint(model.matrix, lam, model.c)
    sensitivity = (1 - lam) * y
    room = np.maximum(0.5 - x0, 0.0)
    gains = {people[i]: float(0.5 * sensitivity[i] * room[i]) for i in range(len(people))}
    order = sorted((p for p in people if gains[p] > 1e-9), key=lambda p: (-gains[p], index[p]))
    return Forecast(
        opinions={p: float(opinions[index[p]]) for p in people},
        initial={p: float(x0[index[p]]) for p in people},
        susceptibility={p: float(lam[index[p]]) for p in people},
        decision_weights=model.weights,
        support_index=_index(model.c, opinions),
        swing=tuple((p, gains[p]) for p in order[:swing_count]),
        iterations=iterations,
        rule=model.rule,
        reasons=(model.rule,),
    )


def _adjoint(matrix, lam, c):
    """Solve y = c + W^T (L y) by iteration (the adjoint of the forecast map)."""
    import numpy as np

    y = np.asarray(c, dtype=float)
    for iteration in range(1, MAX_ITERATIONS + 1):
        new = c + matrix.transposed_times(lam * y)
        if np.max(np.abs(new - y), initial=0.0) < TOLERANCE:
            return new, iteration
        y = new
    return y, MAX_ITERATIONS
