"""Key persons (KP): who really decides this deal, at this stage, in this culture.

"Following a project means following people; separate the critical few." A stakeholder's score
blends four measured components, each in 0..1:

- **authority**: place in the formal reporting tree: level (1 at the top, 1/(1+d) at depth d,
  scaled by the square root of the tree's share of the people, so the head of a two-person
  outside team is not "the top") and span (square root of the share of people below them);
- **roles**: the buying roles they hold, weighted by the sales stage (spec setters in
  proposal, evaluators in bidding, procurement and decision makers in negotiation, users in
  implementation; :data:`ROLE_WEIGHTS`); the strongest role counts fully, others add a little;
- **power**: the six hidden power sources (strongest source and average);
- **network**: influence on the influence layer (PageRank of who defers to whom: an edge from
  each person to those who sway them), informal connectedness (weighted degree on ally,
  friend, kin and alumni ties) and pull on decision makers (the strongest product of
  influence weights from them to another decision maker over one or two steps).

The culture sets the mix (:data:`CULTURE_WEIGHTS`): in a centralized account the formal line
weighs most and the top decision maker gets a bonus (the top person decides); in a delegated
one roles and network weigh most, the formal top's decision-maker role counts less and
evaluators (the committee) more. People who left are not ranked; they are listed as departed.

References: Page, Brin, Motwani & Winograd (1999), The PageRank citation ranking;
Krackhardt (1990), Assessing the political landscape, Administrative Science Quarterly 35.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property

import networkx as nx

from ..model import Culture, RelationType, Role, Stage
from .engine import engine_for, gc_paused, successors
from .graph import active_stakeholders, influence_graph, pulls_from, pulls_to, stakeholders, tie_graph
from .sparse import SparseMatrix

__all__ = ["KeyPerson", "KeyPersons", "key_persons", "deference_rank", "ROLE_WEIGHTS", "CULTURE_WEIGHTS", "role_weight"]

_STAGES = tuple(Stage)
# How much each buying role weighs in each sales stage (development .. implementation).
ROLE_WEIGHTS: Mapping[Role, tuple[float, ...]] = {
    Role.DECISION_MAKER: (1.0, 1.0, 0.9, 0.9, 1.0, 0.7),
    Role.FUNDER: (0.8, 0.7, 0.7, 0.7, 0.9, 0.5),
    Role.PROCUREMENT: (0.3, 0.4, 0.5, 0.8, 0.9, 0.4),
    Role.USER: (0.5, 0.5, 0.5, 0.5, 0.4, 1.0),
    Role.BENEFICIARY: (0.4, 0.4, 0.4, 0.4, 0.3, 0.8),
    Role.SPEC_SETTER: (0.5, 0.7, 1.0, 0.8, 0.4, 0.5),
    Role.CHAMPION: (0.5, 0.5, 0.5, 0.5, 0.5, 0.5),
    Role.TRIGGER: (0.8, 0.7, 0.5, 0.4, 0.3, 0.4),
    Role.SABOTEUR: (0.6, 0.6, 0.6, 0.6, 0.6, 0.6),
    Role.EVALUATOR: (0.3, 0.4, 0.7, 1.0, 0.6, 0.6),
    Role.INFLUENCER: (0.5, 0.5, 0.5, 0.5, 0.5, 0.5),
    Role.INFORMATION_SOURCE: (0.3, 0.6, 0.4, 0.3, 0.3, 0.3),
    Role.GATEKEEPER: (0.3, 0.4, 0.3, 0.3, 0.3, 0.2),
}
# Weights of (authority, roles, power, network) and the top decision maker's bonus, by culture.
CULTURE_WEIGHTS: Mapping[Culture | None, tuple[tuple[float, float, float, float], float]] = {
    Culture.CENTRALIZED: ((0.30, 0.35, 0.15, 0.20), 0.25),
    Culture.DELEGATED: ((0.10, 0.40, 0.20, 0.30), 0.0),
    None: ((0.20, 0.35, 0.20, 0.25), 0.0),
}
_OTHER_ROLES = 0.15  # how much each role beyond the strongest adds
_DELEGATED_TOP = 0.6  # a delegating top person's decision-maker role counts this much
_COMMITTEE = 0.2  # what delegation adds to an evaluator's weight
_ISOLATED_LEVEL = 0.2  # level of someone outside any reporting line


def role_weight(role: Role, stage: Stage | None) -> float:
    """How much a role weighs in a stage (the mean over stages when the stage is not known)."""
    weights = ROLE_WEIGHTS[role]
    if stage is None:
        return sum(weights) / len(weights)
    return weights[_STAGES.index(stage)]


@dataclass(frozen=True)
class KeyPerson:
    id: str
    name: str
    rank: int
    score: float
    reasons: tuple[str, ...]
    components: Mapping[str, float] = field(default_factory=dict)


@dataclass(frozen=True)
class KeyPersons:
    """Active stakeholders ranked by score (rank 1 first), and those who left."""

    ranked: tuple[KeyPerson, ...]
    departed: tuple[str, ...]
    stage: Stage | None
    culture: Culture | None

    def top(self, count: int) -> tuple[KeyPerson, ...]:
        return self.ranked[:count]

    def score(self, person: str) -> float:
        return self._by_id[person].score if person in self._by_id else 0.0

    def rank(self, person: str) -> int | None:
        return self._by_id[person].rank if person in self._by_id else None

    @cached_property
    def _by_id(self) -> dict[str, KeyPerson]:
        return {person.id: person for person in self.ranked}


def _reporting(graph: nx.MultiDiGraph, people: list[str]) -> tuple[dict[str, int], dict[str, int], dict[str, int]]:
    """Depth (active bosses above), span (active people below) and tree size of each person.

    A boss who left is skipped: the person answers to the nearest active boss above. The tree
    size is the number of people under the same top person, that person included.
    """
    active = set(people)
    succ = successors(graph)
    boss: dict[str, str | None] = {}
    for person in people:
        current = _boss(succ, person)
        while current is not None and current not in active:
            current = _boss(succ, current)
        boss[person] = current
    depth = {}
    root = {}
    span = dict.fromkeys(people, 0)
    for person in people:
        chain = 0
        current, top = boss[person], person
        while current is not None:
            chain += 1
            span[current] += 1
            current, top = boss[current], current
        depth[person], root[person] = chain, top
    tree = {person: span[root[person]] + 1 for person in people}
    return depth, span, tree


def _boss(succ: Mapping[str, Mapping], person: str) -> str | None:
    for target, keyed in succ[person].items():
        if "reports_to" in keyed:
            return target
    return None


def _people(count: int) -> str:
    return "1 person" if count == 1 else f"{count} people"


def _levels(count: int) -> str:
    return "1 level" if count == 1 else f"{count} levels"


def _ordinal(number: int) -> str:
    suffix = "th" if 10 <= number % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(number % 10, "th")
    return f"{number}{suffix}"


def _names(graph: nx.MultiDiGraph, people) -> str:
    return ", ".join(graph.nodes[person]["name"] for person in people)


def deference_rank(influence: nx.DiGraph, *, alpha: float = 0.85, max_iter: int = 100, tol: float = 1.0e-6) -> dict[str, float]:
    """PageRank (damping 0.85, weighted) of the deference graph: the influence graph reversed,
    an edge from each person to whoever sways them, so rank flows to those listened to.

    This is :func:`networkx.pagerank` of the reversed graph computed step for step as
    networkx's scipy form does it (the same matrix, start, dangling rule and stopping test, the
    sums added in the same order), on a numpy matrix built without networkx's per-edge
    overhead and without importing scipy (0.3 s): the same numbers to the last bit, on either
    engine (tested against networkx.pagerank). igraph's PRPACK solver is not used: it solves
    exactly where networkx stops at its tolerance (differences near 1e-7).
    """
    import numpy as np

    nodelist = list(influence)
    count = len(nodelist)
    if count == 0:
        return {}
    index = {node: number for number, node in enumerate(nodelist)}
    entries = [(index[v], index[u], data["weight"]) for u, v, data in influence.edges(data=True)]
    row, col, data = zip(*entries) if entries else ((), (), ())
    A = SparseMatrix.from_entries(row, col, data, count)
    S = A.row_sums()
    S[S != 0] = 1.0 / S[S != 0]
    A = A.scaled_rows(S)
    x = np.repeat(1.0 / count, count)
    p = np.repeat(1.0 / count, count)
    dangling_weights = p
    is_dangling = np.where(S == 0)[0]
    for _ in range(max_iter):
        xlast = x
        # networkx adds the dangling mass with Python's sum, one after the other; a cumulative
        # sum adds in the same order (np.sum would pair them and round differently)
        dangling = np.cumsum(x[is_dangling])[-1] if len(is_dangling) else 0
        x = alpha * (A.transposed_times(x) + dangling * dangling_weights) + (1 - alpha) * p
        err = np.absolute(x - xlast).sum()
        if err < count * tol:
            return dict(zip(nodelist, map(float, x)))
    raise nx.PowerIterationFailedConvergence(max_iter)


@gc_paused
def key_persons(
    graph: nx.MultiDiGraph,
    *,
    stage: Stage | None = None,
    culture: Culture | None = None,
    engine: str | None = None,
) -> KeyPersons:
    """Rank the active stakeholders of an account graph by how much they weigh in the deal.

    Parameters
    ----------
    graph : the account graph (:func:`~powermap.analysis.graph.build_graph`); not changed.
    stage, culture : override the account's own stage and culture.
    engine : ``"networkx"``, ``"igraph"`` or ``"auto"``, checked as by every analysis; the
        ranking is the same computation on both (see :func:`deference_rank`).

    Returns
    -------
    KeyPersons, ranked best first (ties in file order), each with its score in 0..1, the four
    components and the reasons in words.
    """
    account = graph.graph["account"]
    stage = stage or account.stage
    culture = culture or account.culture
    people = active_stakeholders(graph)
    departed = tuple(person for person in stakeholders(graph) if not graph.nodes[person]["active"])
    if not people:
        return KeyPersons((), departed, stage, culture)
    (w_authority, w_roles, w_power, w_network), top_bonus = CULTURE_WEIGHTS[culture]

    depth, span, tree = _reporting(graph, people)
    others = max(len(people) - 1, 1)
    in_tree = {person for person in people if tree[person] > 1}
    formal_top = max(people, key=lambda p: (depth[p] == 0, span[p]), default=None)

    influence = influence_graph(graph)
    engine_for(graph, engine)  # a bad engine name is an error here too
    rank = deference_rank(influence) if influence.number_of_edges() else dict.fromkeys(people, 0.0)
    top_rank = max(rank.values()) or 1.0
    position_of = {person: position for position, person in enumerate(people)}
    order = {person: place for place, person in enumerate(sorted(people, key=lambda p: (-rank[p], position_of[p])), 1)}
    deciders = [p for p in people if Role.DECISION_MAKER.value in graph.nodes[p]["roles"]]
    decider_set = set(deciders)
    pull_on_deciders = pulls_to(influence, deciders)
    ties = tie_graph(graph, types=RelationType.PERSONAL)  # ties that carry personal, not formal, weight
    strength = dict(ties.degree(weight="weight"))
    top_strength = max(strength.values(), default=0.0) or 1.0

    scored = []
    for person in people:
        data = graph.nodes[person]
        reasons: list[tuple[float, str]] = []

        level = 1.0 / (1 + depth[person]) * (tree[person] / len(people)) ** 0.5 if person in in_tree else _ISOLATED_LEVEL
        authority = 0.6 * level + 0.4 * (span[person] / others) ** 0.5
        below = _people(span[person])
        if depth[person] == 0 and span[person] and tree[person] * 2 > len(people):
            reasons.append((w_authority * authority, f"top of the reporting line ({below} below)"))
        elif depth[person] == 0 and span[person]:
            reasons.append((w_authority * authority, f"heads {below} outside the main reporting line"))
        elif span[person]:
            reasons.append((w_authority * authority, f"heads {below}, {_levels(depth[person])} below the top"))

        weights = []
        for name in data["roles"]:
            role = Role(name)
            weight = role_weight(role, stage)
            if culture is Culture.DELEGATED and role is Role.DECISION_MAKER and person == formal_top:
                weight *= _DELEGATED_TOP
            if culture is Culture.DELEGATED and role is Role.EVALUATOR:
                weight = min(1.0, weight + _COMMITTEE)
            weights.append((weight, role))
        weights.sort(key=lambda item: -item[0])
        roles = min(1.0, weights[0][0] + _OTHER_ROLES * sum(w for w, _ in weights[1:])) if weights else 0.0
        when = f"in the {stage.value} stage" if stage else "over all stages"
        for weight, role in weights:
            if weight >= 0.5:
                reasons.append((w_roles * weight, f"{role.value.replace('_', ' ')} (weighs {weight:.1f} {when})"))

        levels = list(data["power"].values())
        power = (0.5 * max(levels) + 0.5 * sum(levels) / len(levels)) / 3
        strong = [f"{source} {level}" for source, level in data["power"].items() if level >= 2]
        if strong:
            reasons.append((w_power * power, "hidden power: " + ", ".join(strong)))

        pulled = pull_on_deciders.get(person, 0.0)
        network = 0.5 * rank[person] / top_rank + 0.2 * strength[person] / top_strength + 0.3 * pulled
        swayed = influence.out_degree(person)
        if swayed and order[person] <= 3:
            reasons.append((w_network * network, f"{_ordinal(order[person])} most influential on the influence network (sways {swayed} directly)"))
        elif swayed >= 3:
            reasons.append((w_network * network * 0.5, f"sways {swayed} people directly"))
        if strength[person] == top_strength and ties.degree(person) >= 3:
            reasons.append((w_network * 0.2, f"the most connected by informal ties ({ties.degree(person)} people)"))
        if pulled >= 0.25:
            pulls = {target: weight for target, weight in pulls_from(influence, person).items() if target in decider_set}
            strongest = max(pulls, key=pulls.get)
            how = "directly" if influence.has_edge(person, strongest) and influence[person][strongest]["weight"] == pulled else "through one person"
            reasons.append((w_network * 0.3 * pulled, f"sways decision maker {graph.nodes[strongest]['name']} {how} ({pulled:.2f})"))

        score = w_authority * authority + w_roles * roles + w_power * power + w_network * network
        if not reasons:
            parts = {"formal authority": authority, "buying roles": roles, "hidden power": power, "network position": network}
            strongest = max(parts, key=parts.get)
            reasons.append((0.0, f"little recorded weight: no key role, formal line or hidden power; {strongest} {parts[strongest]:.2f}"))
        scored.append([person, score, reasons, {"authority": authority, "roles": roles, "power": power, "network": network}])

    if top_bonus and scored:
        candidates = [entry for entry in scored if entry[0] in decider_set] or scored
        top = max(candidates, key=lambda entry: (entry[3]["authority"], entry[3]["power"]))
        top[1] += top_bonus * (1 - top[1])
        top[2].append((1.0, "centralized culture: the top decision maker decides"))
    if culture is Culture.DELEGATED and formal_top in decider_set:
        for entry in scored:
            if entry[0] == formal_top:
                entry[2].append((0.0, "delegated culture: the decision is handed to the delegates and committee"))

    scored.sort(key=lambda entry: (-entry[1], position_of[entry[0]]))
    ranked = tuple(
        KeyPerson(
            id=person,
            name=graph.nodes[person]["name"],
            rank=position,
            score=min(1.0, max(0.0, score)),
            reasons=tuple(text for _, text in sorted(reasons, key=lambda item: -item[0])),
            components=components,
        )
        for position, (person, score, reasons, components) in enumerate(scored, 1)
    )
    return KeyPersons(ranked, departed, stage, culture)
