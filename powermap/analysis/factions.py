"""Factions (派系): who is in which camp, which camp is with us, who sides with whom.

Four questions, each answered from the account graph alone:

- **Declared factions.** The factions the file names, their active members (people whose
  ``faction`` names it, plus its leader) and their aggregate stance toward us: the mean of
  the members' known stance scores (-2..2), read back as a word (>= 1.5 champion,
  >= 0.5 supporter, > -0.5 neutral, > -1.5 skeptic, else opponent; ``unknown`` when no
  member's stance is known).
- **Detected groups.** Communities of the signed tie graph
  (:func:`~powermap.analysis.graph.signed_graph`: friendship, alliance, influence and the
  formal line pull people together, rivalries push them apart). Louvain on the positive ties
  (Blondel et al. 2008; seeded), then local moves and merges that each raise the *signed
  modularity* of Gómez, Jensen & Arenas (2009)::

      Q = 1/(2w⁺ + 2w⁻) · Σ_ij [ w_ij − (w⁺_i w⁺_j / 2w⁺ − w⁻_i w⁻_j / 2w⁻) ] · δ(c_i, c_j)

  where w_ij is the signed tie weight, w⁺_i and w⁻_i a person's total positive and negative
  tie strength and 2w± their sums over everyone. Rivals inside one group lower Q, so groups
  split along rivalries. Deterministic for a given ``seed``.
- **Leaders' camps.** When two or more declared factions have an active leader, everyone is
  placed in a leader's camp by signed label propagation (the harmonic function of Zhu,
  Ghahramani & Lafferty 2003, with the sign rule of Kunegis et al. 2010): each leader holds
  their own camp; everybody else takes the weighted average of their neighbours' camp shares,
  where a rival contributes the *opposite* of their share (spread evenly over the other camps).
  A person goes to the camp with the largest share (their *pull*); people with no path to any
  leader stay unplaced. No randomness is involved. On Zachary's karate club this places 33 of
  34 members in their later club (member 9 is the known exception, as with Zachary's own
  max-flow/min-cut), see the tests.
- **Unbalanced triads.** Triangles with an odd number of rivalries (A and B rivals, both tied
  to C; or three mutual rivals) cannot last under structural balance (Heider 1946; Cartwright
  & Harary 1956): somebody will have to choose. Most important first, by the sum of the three
  tie weights.

Detected and declared are compared person by person. With leaders' camps, someone *sides
with* a camp when its share leads the runner-up by at least ``min_lead`` (0.2: 60/40 between
two camps); without them, everyone in a detected group sides with the declared faction matched
to that group (one-to-one, best Jaccard overlap first). Reported: undeclared people who side
with a faction, declared members who sit with another camp, and *swings* (undeclared, tied to
members of two or more factions, clearly in none). ``agreement`` is the share of declared
members (leaders excepted) placed with their own faction. A detected group is reported as a
new faction (``detected=True``) when it has at least ``min_size`` people, holds no declared
leader, and no more than half of it belongs to (or clearly sides with) one declared faction.

References: Blondel, Guillaume, Lambiotte & Lefebvre (2008), J. Stat. Mech. P10008;
Gómez, Jensen & Arenas (2009), Analysis of community structure in networks of correlated data,
Phys. Rev. E 80, 016114; Zhu, Ghahramani & Lafferty (2003), Semi-supervised learning using
Gaussian fields and harmonic functions, ICML; Kunegis et al. (2010), Spectral analysis of
signed graphs for clustering, prediction and visualization, SDM; Heider (1946), J. Psychology
21; Cartwright & Harary (1956), Psychological Review 63; Zachary (1977), J. Anthropological
Research 33.
"""

from __future__ import annotations

import heapq
import random
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

import networkx as nx

from ..model import Stance
from .engine import add_new_edges, communities, engine_for, gc_paused
from .graph import active_stakeholders, signed_graph, tie_graph
from .sparse import SparseMatrix, conjugate_gradients

__all__ = [
    "declared_stances",
    "Faction",
    "Alignment",
    "Triad",
    "Factions",
    "factions",
    "stance_word",
    "detect_groups",
    "signed_modularity",
    "leader_camps",
    "unbalanced_triads",
]

_EPSILON = 1e-12  # smallest gain in modularity worth a move
_TOLERANCE = 1e-10  # the camp shares are solved to this relative residual
_MAX_ROUNDS = 10_000  # the solver gives up after this many steps (never reached in practice)
_TIE = 1e-6  # camp shares closer than this are a tie: the person stays unplaced


@dataclass(frozen=True)
class Faction:
    """A declared faction, or a detected group that matches none."""

    id: str
    name: str
    members: tuple[str, ...]
    stance: str
    detected: bool
    leader: str | None = None  # the declared leader; for a detected group, its most connected member
    support: float | None = None  # mean stance score of members whose stance is known, -2..2
    reasons: tuple[str, ...] = ()

    def to_dict(self) -> dict:
        """The report contract: ``{id, name, members, stance, detected}``."""
        return {"id": self.id, "name": self.name, "members": list(self.members), "stance": self.stance, "detected": self.detected}


@dataclass(frozen=True)
class Alignment:
    """Someone whose side is not what the file says, or not said at all.

    ``kind`` is ``sides_with`` (in no declared faction, clearly in one camp),
    ``sits_with_other`` (declared in one faction, clearly in another camp) or ``swing`` (in no
    declared faction, tied to members of two or more, and clearly in none).
    """

    person: str
    kind: str
    faction: str | None  # the faction they side with (for a swing: lean to, if any)
    declared: str | None  # the faction the file puts them in
    pull: float  # their share of that camp, or the Jaccard overlap of their group with it
    text: str


@dataclass(frozen=True)
class Triad:
    """Three people whose ties cannot all last: one or three rivalries among them."""

    people: tuple[str, str, str]
    rivalries: int
    weight: float
    text: str


@dataclass(frozen=True)
class Factions:
    """Declared factions (file order) then new detected groups, with the comparison."""

    factions: tuple[Faction, ...]
    groups: tuple[tuple[str, ...], ...]  # every detected group, largest first (singletons included)
    modularity: float  # signed modularity of ``groups``
    camps: Mapping[str, str] = field(default_factory=dict)  # person -> faction of the leader's camp they are placed in
    pull: Mapping[str, float] = field(default_factory=dict)  # person -> their share of that camp (or group Jaccard)
    sides: Mapping[str, str] = field(default_factory=dict)  # person -> faction they clearly side with
    agreement: float | None = None  # share of declared members who side with their own faction
    alignments: tuple[Alignment, ...] = ()
    unbalanced_triads: tuple[Triad, ...] = ()

    def to_dict(self) -> list[dict]:
        return [faction.to_dict() for faction in self.factions]

    def faction(self, faction_id: str) -> Faction:
        return next(item for item in self.factions if item.id == faction_id)


def stance_word(support: float | None) -> str:
    """The stance word for a mean stance score (``unknown`` for ``None``): see :meth:`Stance.from_score`."""
    return Stance.from_score(support).word


# --- detection -----------------------------------------------------------------------------


def _canonical(signed: nx.Graph, order: Sequence[str]) -> nx.Graph:
    """The same graph with nodes in file order and edges sorted, so seeded results repeat."""
    index = {person: position for position, person in enumerate(order)}
    ends = []
    for u, v, data in signed.edges(data=True):
        a, b = (u, v) if index[u] <= index[v] else (v, u)
        ends.append((index[a], index[b], a, b, data))
    ends.sort(key=lambda item: (item[0], item[1]))
    result = nx.Graph()
    result.add_nodes_from(order)
    add_new_edges(result, ((u, v, {"weight": data["weight"], "sign": data["sign"]}) for _, _, u, v, data in ends))
    return result


def _strengths(signed: nx.Graph) -> tuple[dict[str, float], dict[str, float]]:
    """Each person's total positive and total negative tie weight."""
    plus = dict.fromkeys(signed, 0.0)
    minus = dict.fromkeys(signed, 0.0)
    for u, v, data in signed.edges(data=True):
        side = plus if data["sign"] > 0 else minus
        side[u] += data["weight"]
        side[v] += data["weight"]
    return plus, minus


class _Partition:
    """Communities with the sums signed modularity needs, kept up to date as people move.

    The moves and merges are those of the plain definitions (:meth:`affinity` over every
    group, every pair of groups), computed with shortcuts that give the same choices, so a
    50,000-person account refines in seconds: a person without rivals can only gain from a
    group they are tied to, a group whose positive strength is zero (or below, by rounding),
    or a new group; merges are scored a row of groups at a time.
    """

    def __init__(self, signed: nx.Graph, groups: Iterable[Iterable[str]]):
        self.graph = signed
        self.plus, self.minus = _strengths(signed)
        self.total_plus = sum(self.plus.values()) or 1.0  # 2w+ (any value works when there is none)
        self.total_minus = sum(self.minus.values()) or 1.0  # 2w-
        self.label: dict[str, int] = {}
        self.sum_plus: dict[int, float] = {}
        self.sum_minus: dict[int, float] = {}
        self.size: dict[int, int] = {}  # people per group, so live groups are found without a scan
        self.next_number = 0  # a number no group has had yet
        self.zero: set[int] = set()  # live groups whose positive strength is exactly 0
        self.zero_heap: list[int] = []  # the same, smallest first (with stale entries)
        self.negative: set[int] = set()  # live groups whose positive strength is below 0 (rounding)
        # each person's ties as (other, signed weight), in adjacency order
        self.links = {person: [(other, data["sign"] * data["weight"]) for other, data in neighbours.items()]
                      for person, neighbours in signed.adjacency()}
        for number, group in enumerate(groups):
            for person in group:
                self._place(person, number)

    def _mark(self, number: int) -> None:
        """Keep ``zero`` and ``negative`` right for one group after a change."""
        strength = self.sum_plus[number]
        live = self.size[number] > 0
        if live and strength == 0.0:
            if number not in self.zero:
                self.zero.add(number)
                heapq.heappush(self.zero_heap, number)
        else:
            self.zero.discard(number)
        if live and strength < 0.0:
            self.negative.add(number)
        else:
            self.negative.discard(number)

    def _place(self, person: str, number: int) -> None:
        self.label[person] = number
        self.size[number] = self.size.get(number, 0) + 1
        self.sum_plus[number] = self.sum_plus.get(number, 0.0) + self.plus[person]
        self.sum_minus[number] = self.sum_minus.get(number, 0.0) + self.minus[person]
        if number >= self.next_number:
            self.next_number = number + 1
        self._mark(number)

    def _remove(self, person: str) -> None:
        number = self.label.pop(person)
        self.size[number] -= 1
        self.sum_plus[number] -= self.plus[person]
        self.sum_minus[number] -= self.minus[person]
        self._mark(number)

    def affinity(self, person: str, links: Mapping[int, float], number: int) -> float:
        """Gain in Q (up to a constant factor) from putting a person, not yet placed, in a group."""
        expected = self.plus[person] * self.sum_plus.get(number, 0.0) / self.total_plus
        repelled = self.minus[person] * self.sum_minus.get(number, 0.0) / self.total_minus
        return links.get(number, 0.0) - expected + repelled

    def _smallest_zero(self, skip: Mapping[int, float]) -> int | None:
        """The smallest live group of zero positive strength that is not in ``skip``."""
        heap = self.zero_heap
        while heap and heap[0] not in self.zero:
            heapq.heappop(heap)
        taken, found = [], None
        while heap:
            number = heapq.heappop(heap)
            if number not in self.zero:
                continue
            taken.append(number)
            if number not in skip:
                found = number
                break
        for number in taken:
            heapq.heappush(heap, number)
        return found

    def _candidates(self, person: str, links: Mapping[int, float]) -> list[int]:
        """The groups that can hold the best move, in number order, then a new group.

        With no rival (negative strength 0), a group the person has no tie with is worth
        -plus * strength / 2w+, below a new group's 0 unless its strength is 0 (then equal to
        it: only the smallest such group can win, being first) or below 0. Otherwise every
        live group is a candidate.
        """
        fresh = self.next_number
        if self.minus[person] != 0.0:
            return sorted([number for number, size in self.size.items() if size] + [fresh])
        found = set(links) | self.negative
        zero = self._smallest_zero(links)
        if zero is not None:
            found.add(zero)
        return sorted(found) + [fresh]

    def best_move(self, person: str) -> bool:
        """Move a person to the group (or a new one) that raises Q most; True if moved."""
        links: dict[int, float] = {}
        label = self.label
        for other, signed_weight in self.links[person]:
            number = label[other]
            links[number] = links.get(number, 0.0) + signed_weight
        current = label[person]
        self._remove(person)
        stay = self.affinity(person, links, current)
        candidates = self._candidates(person, links)
        best = max(candidates, key=lambda number: self.affinity(person, links, number))
        if self.affinity(person, links, best) > stay + _EPSILON:
            self._place(person, best)
            return True
        self._place(person, current)
        return False

    def best_merge(self) -> bool:
        """Merge the pair of groups whose union raises Q most; True if merged."""
        import numpy as np

        between: dict[tuple[int, int], float] = {}
        label = self.label
        for u, v, data in self.graph.edges(data=True):
            a, b = label[u], label[v]
            if a != b:
                if a > b:
                    a, b = b, a
                between[a, b] = between.get((a, b), 0.0) + data["sign"] * data["weight"]
        groups = sorted(set(label.values()))
        if len(groups) < 2:
            return False
        position = {number: place for place, number in enumerate(groups)}
        plus = np.array([self.sum_plus[number] for number in groups])
        minus = np.array([self.sum_minus[number] for number in groups])
        rows: dict[int, list[tuple[int, float]]] = {}
        for (a, b), weight in between.items():
            rows.setdefault(position[a], []).append((position[b], weight))
        best, gain = None, _EPSILON
        for i in range(len(groups) - 1):
            tied = np.zeros(len(groups) - i - 1)
            for j, weight in rows.get(i, ()):
                tied[j - i - 1] = weight
            # the same arithmetic, in the same order, as the plain double loop over pairs
            change = tied - plus[i] * plus[i + 1:] / self.total_plus + minus[i] * minus[i + 1:] / self.total_minus
            top = change.max()
            if top > gain:
                best, gain = (groups[i], groups[i + 1 + int(np.argmax(change))]), float(top)
        if best is None:
            return False
        for person, number in list(label.items()):
            if number == best[1]:
                self._remove(person)
                self._place(person, best[0])
        return True

    def groups(self, order: Sequence[str]) -> tuple[tuple[str, ...], ...]:
        members: dict[int, list[str]] = {}
        for person in order:
            members.setdefault(self.label[person], []).append(person)
        index = {person: position for position, person in enumerate(order)}
        return tuple(sorted((tuple(group) for group in members.values()), key=lambda g: (-len(g), index[g[0]])))


def signed_modularity(signed: nx.Graph, groups: Iterable[Iterable[str]]) -> float:
    """Gómez-Jensen-Arenas signed modularity of a partition of a graph with ``weight``/``sign``."""
    plus, minus = _strengths(signed)
    total_plus, total_minus = sum(plus.values()), sum(minus.values())
    if total_plus + total_minus == 0:
        return 0.0
    label = {person: number for number, group in enumerate(groups) for person in group}
    inside = sum(data["sign"] * data["weight"] for u, v, data in signed.edges(data=True) if label[u] == label[v])
    group_plus: dict[int, float] = {}
    group_minus: dict[int, float] = {}
    for person, number in label.items():  # each group's sums in the order of its people, as sum() adds them
        group_plus[number] = group_plus.get(number, 0) + plus[person]
        group_minus[number] = group_minus.get(number, 0) + minus[person]
    expected = 0.0
    for number in set(label.values()):
        if total_plus:
            expected += group_plus[number] ** 2 / total_plus
        if total_minus:
            expected -= group_minus[number] ** 2 / total_minus
    return (2 * inside - expected) / (total_plus + total_minus)


def _louvain(positive: nx.Graph, *, seed: int, resolution: float, engine: str) -> list[set[str]]:
    """The first step of detection: communities of the positive ties (networkx's Louvain, or
    igraph's Leiden; see :func:`~powermap.analysis.engine.communities`)."""
    return communities(positive, weight="weight", resolution=resolution, seed=seed, engine=engine)


def detect_groups(signed: nx.Graph, *, seed: int = 0, resolution: float = 1.0, engine: str | None = None) -> tuple[tuple[str, ...], ...]:
    """Groups of a signed graph: Louvain on positive ties, refined for signed modularity.

    Node order of ``signed`` is kept in each group; groups come largest first. The refinement
    alternates single-person moves (in a seeded order) and merges of two groups, each only when
    it raises the signed modularity, so it ends. ``engine`` (:mod:`~powermap.analysis.engine`)
    runs the first step: networkx's Louvain, or igraph's Leiden (Traag, Waltman & van Eck
    2019), which reaches partitions as good or better in a fraction of the time but not the
    same ones; the refinement is the same for both.
    """
    order = list(signed)
    index = {person: position for position, person in enumerate(order)}
    positive = nx.Graph()
    positive.add_nodes_from(order)
    positive.add_edges_from((u, v, {"weight": d["weight"]}) for u, v, d in signed.edges(data=True) if d["sign"] > 0)
    start = _louvain(positive, seed=seed, resolution=resolution, engine=engine_for(signed, engine))
    partition = _Partition(signed, sorted((sorted(group, key=index.get) for group in start), key=lambda g: index[g[0]]))
    visit = order[:]
    random.Random(seed).shuffle(visit)
    changed = True
    while changed:
        changed = any([partition.best_move(person) for person in visit])
        changed = partition.best_merge() or changed
    return partition.groups(order)


def leader_camps(signed: nx.Graph, leaders: Sequence[str]) -> dict[str, tuple[float, ...]]:
    """Each person's share of each leader's camp, by signed label propagation.

    Shares are in ``leaders`` order and sum to 1; a leader holds all of their own camp, and
    someone with no path to any leader keeps the even split 1/k (see the module docstring).
    The shares are the fixed point of "everyone takes the weighted mean of their neighbours'
    shares, a rival counting with the opposite share": for the free people ``f`` (not leaders,
    with a tie) that is the sparse linear system ``(D - W_ff) s_f = W_fl s_l + r / (k - 1)``
    with ``W = friends - rivals / (k - 1)``, ``D`` each person's total tie weight and ``r``
    their rival weight. The matrix is symmetric and diagonally dominant, so conjugate
    gradients (preconditioned by ``D``) solve it in a few hundred products even at 50,000
    people, where the plain propagation took thousands of rounds. Starting from 1/k keeps
    that split, exactly, for people with no path to a leader.
    """
    import numpy as np

    order = list(signed)
    index = {person: position for position, person in enumerate(order)}
    count, size = len(leaders), len(order)
    share = np.full((size, count), 1.0 / count)
    for number, leader in enumerate(leaders):
        share[index[leader]] = 0.0
        share[index[leader], number] = 1.0
    plus, minus = ([], [], []), ([], [], [])
    for u, v, data in signed.edges(data=True):
        rows, cols, weights = plus if data["sign"] > 0 else minus
        rows += [index[u], index[v]]
        cols += [index[v], index[u]]
        weights += [data["weight"], data["weight"]]
    opposite = max(count - 1, 1)
    rival_weight = SparseMatrix.from_entries(*minus, size).row_sums()
    total = SparseMatrix.from_entries(*plus, size).row_sums() + rival_weight
    pull = SparseMatrix.from_entries(plus[0] + minus[0], plus[1] + minus[1], plus[2] + [-w / opposite for w in minus[2]], size)
    fixed = np.zeros(size, dtype=bool)
    fixed[[index[leader] for leader in leaders]] = True
    free = np.flatnonzero(~fixed & (total > 0))
    if len(free):
        among_free, diagonal = pull.sub(free), total[free]

        def system(x):  # (D - W_ff) x
            return diagonal * x - among_free.times(x)

        for number in range(count):
            known = pull.times(np.where(fixed, share[:, number], 0.0))[free] + rival_weight[free] / opposite
            share[free, number] = conjugate_gradients(system, known, share[free, number], 1.0 / diagonal,
                                                      rtol=_TOLERANCE, max_steps=_MAX_ROUNDS)
    return {person: tuple(float(value) for value in share[index[person]]) for person in order}


def _placement(shares: Sequence[float]) -> tuple[int | None, float, float]:
    """(camp index or None on a tie, the top share, its lead over the runner-up)."""
    ranked = sorted(range(len(shares)), key=lambda number: -shares[number])
    top, lead = shares[ranked[0]], shares[ranked[0]] - shares[ranked[1]]
    return (ranked[0] if lead > _TIE else None), top, lead


# --- triads --------------------------------------------------------------------------------


def unbalanced_triads(signed: nx.Graph, names: Mapping[str, str], channels: nx.Graph | None = None, *, limit: int = 10) -> tuple[Triad, ...]:
    """Triangles with one or three rivalries, heaviest first (sum of the three tie weights)."""
    index = {person: position for position, person in enumerate(signed)}
    found = []
    for u in signed:
        later = [v for v in signed[u] if index[v] > index[u]]
        for v in later:
            for w in later:
                if index[w] > index[v] and signed.has_edge(v, w):
                    trio = (u, v, w)
                    pairs = ((u, v), (u, w), (v, w))
                    rivals = sum(signed[a][b]["sign"] < 0 for a, b in pairs)
                    if rivals % 2:
                        weight = sum(signed[a][b]["weight"] for a, b in pairs)
                        found.append((-weight, index[u], index[v], index[w], trio, rivals))
    found.sort(key=lambda item: item[:4])
    return tuple(
        Triad(trio, rivals, round(-negative, 6), _triad_text(signed, trio, names, channels)) for negative, *_, trio, rivals in found[:limit]
    )


def _triad_text(signed: nx.Graph, trio: tuple[str, str, str], names: Mapping[str, str], channels: nx.Graph | None) -> str:
    u, v, w = trio
    pairs = {(u, v): w, (u, w): v, (v, w): u}
    rivals = [pair for pair in pairs if signed[pair[0]][pair[1]]["sign"] < 0]
    if len(rivals) == 3:
        return f"{names[u]}, {names[v]} and {names[w]} are all rivals of one another: any two of them may team up against the third."
    (a, b), = rivals
    middle = pairs[a, b]

    def how(person: str) -> str:
        if channels is not None and channels.has_edge(person, middle):
            return "/".join(channels[person][middle]["channels"]).replace("_", " ")
        return "tie"

    return (
        f"{names[a]} and {names[b]} are rivals, yet both are tied to {names[middle]} "
        f"({names[a]}: {how(a)}; {names[b]}: {how(b)}): {names[middle]} is caught between them and may have to choose."
    )


# --- the analysis --------------------------------------------------------------------------


def _declared(graph: nx.MultiDiGraph, people: Sequence[str]) -> list[dict]:
    """Declared factions in file order with their active members (the leader included)."""
    active = set(people)
    result = []
    for _, data in graph.nodes(data=True):
        if data["kind"] != "faction":
            continue
        leader = data["leader"] if data["leader"] in active else None
        members = [p for p in people if graph.nodes[p]["faction"] == data["ref"] or p == leader]
        departed = data["leader"] if data["leader"] is not None and leader is None else None
        result.append({"id": data["ref"], "name": data["name"], "leader": leader, "members": members, "departed": departed})
    return result


def declared_stances(graph: nx.MultiDiGraph) -> dict[str, str]:
    """Each declared faction's stance toward us (its active members' mean), without detection:
    what a map legend needs, at the cost of one pass over the people."""
    return {faction["id"]: stance_word(_support(graph, faction["members"])[0])
            for faction in _declared(graph, active_stakeholders(graph))}


def _support(graph: nx.MultiDiGraph, members: Iterable[str]) -> tuple[float | None, int]:
    scores = [graph.nodes[p]["stance_score"] for p in members if graph.nodes[p]["stance_score"] is not None]
    return (sum(scores) / len(scores) if scores else None), len(scores)


def _jaccard(a: Iterable[str], b: Iterable[str]) -> float:
    a, b = set(a), set(b)
    return len(a & b) / len(a | b) if a | b else 0.0


def _match(groups: Sequence[Sequence[str]], declared: Sequence[dict]) -> dict[int, tuple[str, float]]:
    """One-to-one matching of groups to declared factions, best Jaccard first (file order on ties)."""
    pairs = sorted(
        ((-_jaccard(group, faction["members"]), g, f) for g, group in enumerate(groups) for f, faction in enumerate(declared)),
    )
    used_groups, used_factions, result = set(), set(), {}
    for negative, g, f in pairs:
        if negative < 0 and g not in used_groups and f not in used_factions:
            used_groups.add(g)
            used_factions.add(f)
            result[g] = (declared[f]["id"], -negative)
    return result


@dataclass
class _Sides:
    """Who sides with which declared faction (internal)."""

    camps: dict[str, str] = field(default_factory=dict)  # leaders' camps: everyone placed
    pull: dict[str, float] = field(default_factory=dict)  # top camp share, or Jaccard of the matched group
    lead: dict[str, float] = field(default_factory=dict)  # top share minus the runner-up
    sides: dict[str, str] = field(default_factory=dict)  # clear sides only
    judged: set[str] = field(default_factory=set)  # factions whose members are compared
    pinned: set[str] = field(default_factory=set)  # leaders held in their own camp


def _sides(signed, groups, declared, people, min_lead) -> _Sides:
    """By leaders' camps when two or more factions have a leader (a side is clear when its
    share leads the runner-up by ``min_lead``), else by the declared faction matched to each
    detected group."""
    led = [faction for faction in declared if faction["leader"] is not None]
    leaders = list(dict.fromkeys(faction["leader"] for faction in led))
    result = _Sides()
    if len(leaders) >= 2:
        owner = {faction["leader"]: faction["id"] for faction in reversed(led)}  # a leader's first faction
        result.judged = {owner[leader] for leader in leaders}
        result.pinned = set(leaders)
        for person, shares in leader_camps(signed, leaders).items():
            camp, top, lead = _placement(shares)
            result.lead[person] = lead
            if camp is not None:
                result.camps[person], result.pull[person] = owner[leaders[camp]], top
                if lead >= min_lead:
                    result.sides[person] = result.camps[person]
        return result
    result.judged = {faction["id"] for faction in declared}
    for g, (faction_id, score) in _match(groups, declared).items():
        for person in groups[g]:
            result.sides[person], result.pull[person] = faction_id, score
    return result


def _agreement(declared, sides: _Sides) -> float | None:
    """Share of declared members (leaders held in their camp excluded) placed with their faction."""
    placed = sides.camps or sides.sides
    checks = [placed.get(p) == f["id"] for f in declared if f["id"] in sides.judged for p in f["members"] if p not in sides.pinned]
    return sum(checks) / len(checks) if checks else None


def _alignments(graph, signed, people, declared, sides: _Sides) -> tuple[Alignment, ...]:
    """Declared members who sit with another camp, undeclared people who side with one, and
    undeclared people tied into two or more camps who lean on none (swing)."""
    names = {faction["id"]: faction["name"] for faction in declared}
    member_of = {p: f["id"] for f in declared if f["id"] in sides.judged for p in f["members"]}
    moved, joined, swing = [], [], []
    for person in people:
        own, side, name = graph.nodes[person]["faction"], sides.sides.get(person), graph.nodes[person]["name"]
        how = "pull" if sides.camps else "its group overlaps the faction by Jaccard"
        if side is not None and own is None:
            text = f"{name} sides with {names[side]} ({how} {sides.pull[person]:.2f}; in no declared faction)"
            joined.append(Alignment(person, "sides_with", side, None, sides.pull[person], text))
        elif side is not None and own != side and own in sides.judged:
            text = f"{name} is declared in {names[own]} but sits with {names[side]} ({how} {sides.pull[person]:.2f})"
            moved.append(Alignment(person, "sits_with_other", side, own, sides.pull[person], text))
        elif side is None and own is None and sides.camps:
            reached = sorted({member_of[o] for o, d in signed[person].items() if d["sign"] > 0 and o in member_of}, key=list(names).index)
            if len(reached) >= 2:
                leaning = sides.camps.get(person)
                lean = f"leans to {names[leaning]} by only {sides.lead[person]:.2f}" if leaning else "leans to neither"
                text = f"{name} is a swing: tied to {' and '.join(names[f] for f in reached)}, {lean}"
                swing.append(Alignment(person, "swing", leaning, None, sides.pull.get(person, 0.0), text))
    joined.sort(key=lambda item: -item.pull)
    return tuple(moved + swing + joined)


def _central(signed: nx.Graph, group: Sequence[str]) -> str:
    """The member with the strongest positive ties inside the group (file order on ties)."""
    place = {person: position for position, person in enumerate(group)}
    inside = set(group)

    def strength(person: str) -> float:
        return sum(d["weight"] for other, d in signed[person].items() if other in inside and d["sign"] > 0)

    return max(group, key=lambda person: (strength(person), -place[person]))


def _count(number: int, word: str) -> str:
    return f"{number} {word}" if number == 1 else f"{number} {'people' if word == 'person' else word + 's'}"


def _stance_reason(graph, members) -> str:
    support, known = _support(graph, members)
    if not members:
        return "no active members"
    if support is None:
        return f"stance unknown for all {_count(len(members), 'member')}"
    return f"{known} of {_count(len(members), 'member')} with known stance: mean {support:+.2f} ({stance_word(support)})"


def _declared_faction(graph, faction, groups, matched, sides: _Sides) -> Faction:
    members = faction["members"]
    support, _ = _support(graph, members)
    reasons = []
    if faction["leader"]:
        reasons.append(f"leader {graph.nodes[faction['leader']]['name']}")
    if faction["departed"]:
        reasons.append(f"its leader {graph.nodes[faction['departed']]['name']} has left: the faction may regroup")
    reasons.append(_stance_reason(graph, members))
    if faction["id"] in sides.judged and sides.camps:
        camp = [p for p in sides.camps if sides.camps[p] == faction["id"]]
        agree = sum(sides.camps.get(p) == faction["id"] for p in members)
        reasons.append(f"the leader's camp holds {_count(len(camp), 'person')}; {agree} of {_count(len(members), 'declared member')} sit in it")
    for g, (faction_id, score) in matched.items():
        if faction_id == faction["id"]:
            reasons.append(f"best-matching detected group: {_count(len(groups[g]), 'person')}, Jaccard {score:.2f}")
    return Faction(faction["id"], faction["name"], tuple(members), stance_word(support), False, faction["leader"], support, tuple(reasons))


def _detected(graph, signed, groups, declared, sides: _Sides, min_size: int) -> list[Faction]:
    """Detected groups of at least ``min_size`` that are not a declared faction's: they hold no
    declared leader, and no more than half of them belong to (or clearly side with) one declared
    faction. Each is named after its most connected member."""
    leaders = {faction["leader"] for faction in declared}
    result = []
    for group in groups:
        belong = [graph.nodes[p]["faction"] or sides.sides.get(p) for p in group]
        belong = [faction for faction in belong if faction is not None]
        top = max(belong, key=belong.count) if belong else None
        if len(group) < min_size or leaders & set(group) or (top is not None and 2 * belong.count(top) > len(group)):
            continue
        centre = _central(signed, group)
        name = graph.nodes[centre]["name"]
        support, _ = _support(graph, group)
        reasons = (
            f"found by signed modularity: {len(group)} people tied more closely to each other than to the rest",
            f"most connected member: {name}",
            _stance_reason(graph, group),
        )
        result.append(Faction(f"detected-{len(result) + 1}", f"Group around {name}", group, stance_word(support), True, centre, support, reasons))
    return result


@gc_paused
def factions(
    graph: nx.MultiDiGraph,
    *,
    seed: int = 0,
    resolution: float = 1.0,
    min_size: int = 3,
    min_lead: float = 0.2,
    max_triads: int = 10,
    engine: str | None = None,
) -> Factions:
    """Declared factions and their stance, detected groups, who sides with whom, unbalanced triads.

    Parameters
    ----------
    graph : the account graph (:func:`~powermap.analysis.graph.build_graph`); not changed.
    seed : seeds Louvain and the order of the refinement moves.
    resolution : Louvain resolution on the positive ties (above 1: smaller groups).
    min_size : smallest detected group reported as a new faction.
    min_lead : how far a person's top camp share must lead the runner-up for them to be said
        to side with it (0.2: at least 60/40 between two camps).
    max_triads : how many unbalanced triads to keep.
    engine : ``"networkx"``, ``"igraph"`` or ``"auto"`` for the first step of detection
        (Louvain or Leiden, see :func:`detect_groups`); the rest is the same computation.

    Returns
    -------
    Factions: declared factions first (file order), then new detected groups (largest first).
    """
    people = active_stakeholders(graph)
    signed = _canonical(signed_graph(graph), people)
    declared = _declared(graph, people)
    groups = detect_groups(signed, seed=seed, resolution=resolution, engine=engine_for(graph, engine))
    sides = _sides(signed, groups, declared, people, min_lead)
    matched = _match(groups, declared)
    result = [_declared_faction(graph, faction, groups, matched, sides) for faction in declared]
    result += _detected(graph, signed, groups, declared, sides, min_size)
    names = {person: graph.nodes[person]["name"] for person in people}
    return Factions(
        factions=tuple(result),
        groups=groups,
        modularity=signed_modularity(signed, groups),
        camps=sides.camps,
        pull=sides.pull,
        sides=sides.sides,
        agreement=_agreement(declared, sides),
        alignments=_alignments(graph, signed, people, declared, sides),
        unbalanced_triads=unbalanced_triads(signed, names, tie_graph(graph), limit=max_triads),
    )
