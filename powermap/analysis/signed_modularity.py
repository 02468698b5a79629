"""Detected groups: communities of the signed tie graph, by signed modularity.

The signed tie graph (:func:`~powermap.analysis.graph.signed_graph`: friendship, alliance,
influence and the formal line pull people together, rivalries push them apart) is split into
groups in two steps. First Louvain on the positive ties (Blondel et al. 2008; seeded; or
Leiden on the igraph engine, :func:`~powermap.analysis.engine.communities`), then local moves
and merges that each raise the *signed modularity* of Gómez, Jensen & Arenas (2009)::

    Q = 1/(2w⁺ + 2w⁻) · Σ_ij [ w_ij − (w⁺_i w⁺_j / 2w⁺ − w⁻_i w⁻_j / 2w⁻) ] · δ(c_i, c_j)

where w_ij is the signed tie weight, w⁺_i and w⁻_i a person's total positive and negative
tie strength and 2w± their sums over everyone. Rivals inside one group lower Q, so groups
split along rivalries. Deterministic for a given ``seed``.

**Camps** (:func:`camp_level`) are the level above the groups: groups merged while the signed
modularity at resolution 1/2 still rises (Reichardt & Bornholdt 2006 for the resolution,
Newman 2004 and Clauset, Newman & Moore 2004 for the greedy merging of communities), on the
graph of groups (:func:`~powermap.analysis.engine.community_graph`), not of people. Only groups
with a positive tie between them merge; rivals between two groups hold them apart. Halving
the resolution halves the penalty for a large community, so groups that are closer to each
other than to the rest join, and the partition that stands at resolution 1 (the groups) is
read at the scale a team asks about: "what are the camps". The camp level is kept when it
gives two or three camps of at least three people (:data:`MAX_CAMPS`); one camp says the
account is not split, more than three that there are groups but no camps. On Zachary's
karate club (plain friend ties) the four groups merge into the two clubs around members 1 and
34, every member in his later club except member 9 (Zachary 1977; the faction record of the
igraphdata copy); on Sampson's monastery the three groups are already the camps (group3).

References: Blondel, Guillaume, Lambiotte & Lefebvre (2008), Fast unfolding of communities in
large networks, J. Stat. Mech. P10008; Gómez, Jensen & Arenas (2009), Analysis of community
structure in networks of correlated data, Phys. Rev. E 80, 016114; Reichardt & Bornholdt
(2006), Statistical mechanics of community detection, Phys. Rev. E 74, 016110; Newman (2004),
Fast algorithm for detecting community structure in networks, Phys. Rev. E 69, 066133;
Clauset, Newman & Moore (2004), Finding community structure in very large networks, Phys.
Rev. E 70, 066111.
"""

from __future__ import annotations

import heapq
import random
import weakref
from collections.abc import Iterable, Mapping, Sequence
from typing import NamedTuple

import networkx as nx

from .engine import add_new_edges, both_ways, communities, community_graph, edge_list, edge_values, engine_for, numbered_edges

__all__ = ["canonical", "signed_modularity", "detect_groups", "merge_groups", "camp_level",
           "CAMP_RESOLUTION", "MAX_CAMPS", "MIN_CAMP"]

_EPSILON = 1e-12  # smallest gain in modularity worth a move
SURE_FROM = 500  # people from which a sweep first finds, with numpy, who certainly stays (Partition.sweep)
CAMP_RESOLUTION = 0.5  # the resolution the groups are merged at into camps
MAX_CAMPS = 3  # more camps than this (of MIN_CAMP people or more) is no camp level
MIN_CAMP = 3  # the fewest people a camp holds


def canonical(signed: nx.Graph, order: Sequence[str]) -> nx.Graph:
    """The same graph with nodes in file order and edges sorted, so seeded results repeat."""
    index = {person: position for position, person in enumerate(order)}
    ends = []
    for u, v, data in edge_list(signed):
        a, b = (u, v) if index[u] <= index[v] else (v, u)
        ends.append((index[a], index[b], a, b, data))
    ends.sort(key=lambda item: (item[0], item[1]))
    result = nx.Graph()
    result.add_nodes_from(order)
    add_new_edges(result, ((u, v, {"weight": data["weight"], "sign": data["sign"]}) for _, _, u, v, data in ends))
    return result


class Strengths(NamedTuple):
    """Each person's total positive and total negative tie weight (w⁺_i and w⁻_i)."""

    plus: dict[str, float]
    minus: dict[str, float]


_STRENGTHS: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()  # of frozen graphs, read-only


def _strengths(signed: nx.Graph) -> Strengths:
    """Each person's total positive and total negative tie weight (once per frozen graph, such
    as the account's signed graph, which the refinement and the modularity both read)."""
    if not nx.is_frozen(signed):
        return _strengths_of(signed)
    found = _STRENGTHS.get(signed)
    if found is None:
        found = _STRENGTHS[signed] = _strengths_of(signed)
    return found


def _strengths_of(signed: nx.Graph) -> Strengths:
    """Each edge's weight added to both its ends, edge after edge (one end, then the other), on
    the side of its sign: ``numpy.bincount`` adds them in that order, as a loop would."""
    import numpy as np

    ends, weight, sign = _edge_columns(signed)
    ends, weight, positive = ends.ravel(), np.repeat(weight, 2), np.repeat(sign > 0, 2)
    people = list(signed)
    plus = np.bincount(ends[positive], weights=weight[positive], minlength=len(people)).astype(float)  # of no entry: ints
    minus = np.bincount(ends[~positive], weights=weight[~positive], minlength=len(people)).astype(float)
    return Strengths(dict(zip(people, plus.tolist())), dict(zip(people, minus.tolist())))


def _edge_columns(signed: nx.Graph):
    """The signed graph's edges as columns, in edge order: their ends numbered by node order
    (an array of shape (edges, 2)), their weights and their signs."""
    return numbered_edges(signed), edge_values(signed, "weight"), edge_values(signed, "sign")


def _labels(signed: nx.Graph, label: Mapping[str, int]):
    """Each node's group number (``label``), in node order, as a numpy array."""
    import numpy as np

    return np.fromiter(map(label.__getitem__, signed), dtype=np.int64, count=len(signed))


class _Links(dict):
    """``person -> [(other, signed weight), ...]``: a person's ties in adjacency order, made
    when first asked for. A sweep weighs one by one only the people it cannot tell stay
    (about 1,200 of 50,000, those with rivals, at each of two sweeps): their lists, not
    everyone's (0.2 s), are made."""

    def __init__(self, signed: nx.Graph):
        super().__init__()
        self._adjacency = signed.adj

    def __missing__(self, person: str) -> list[tuple[str, float]]:
        found = self[person] = [(other, data["sign"] * data["weight"]) for other, data in self._adjacency[person].items()]
        return found


class _Partition:
    """Communities with the sums signed modularity needs, kept up to date as people move.

    The moves and merges are those of the plain definitions (:meth:`affinity` over every
    group, every pair of groups), computed with shortcuts that give the same choices, so a
    50,000-person account refines in seconds: a person without rivals can only gain from a
    group they are tied to, a group whose positive strength is zero (or below, by rounding),
    or a new group; merges are scored a row of groups at a time.
    """

    def __init__(self, signed: nx.Graph, groups: Iterable[Iterable[str]]):
        import numpy as np

        self.graph = signed
        strengths = _strengths(signed)
        self.plus, self.minus = strengths.plus, strengths.minus
        self.total_plus = sum(self.plus.values()) or 1.0  # 2w+ (any value works when there is none)
        self.total_minus = sum(self.minus.values()) or 1.0  # 2w-
        self.zero: set[int] = set()  # live groups whose positive strength is exactly 0
        self.zero_heap: list[int] = []  # the same, smallest first (with stale entries)
        self.negative: set[int] = set()  # live groups whose positive strength is below 0 (rounding)
        self.links = _Links(signed)  # each person's ties as (other, signed weight), in adjacency order
        self._arrays = None  # for the sweeps (_slack), made on the first
        # Everyone placed at once, as placing them one by one in the groups' order would leave
        # it: the labels in that order, each group's sums added person after person
        # (numpy.bincount adds in the order given), its zero or negative mark from its total.
        placed = [(person, number) for number, group in enumerate(groups) for person in group]
        self.label: dict[str, int] = dict(placed)
        numbers = np.fromiter((number for _, number in placed), dtype=np.int64, count=len(placed))
        count = int(numbers.max()) + 1 if len(placed) else 0
        sizes = np.bincount(numbers, minlength=count)
        live = np.flatnonzero(sizes).tolist()
        sums = [np.bincount(numbers, weights=np.fromiter((side[person] for person, _ in placed), dtype=float, count=len(placed)),
                            minlength=count)[live].tolist() for side in (self.plus, self.minus)]
        self.size: dict[int, int] = dict(zip(live, sizes[live].tolist()))  # people per group, so live groups are found without a scan
        self.sum_plus: dict[int, float] = dict(zip(live, sums[0]))
        self.sum_minus: dict[int, float] = dict(zip(live, sums[1]))
        self.next_number = live[-1] + 1 if live else 0  # a number no group has had yet
        for number in live:
            self._mark(number)

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
        if self.minus[person] == 0.0 and not self.negative and self._stays(person, links, current):
            self._remove(person)
            self._place(person, current)
            return False
        self._remove(person)
        stay = self.affinity(person, links, current)
        candidates = self._candidates(person, links)
        best = max(candidates, key=lambda number: self.affinity(person, links, number))
        if self.affinity(person, links, best) > stay + _EPSILON:
            self._place(person, best)
            return True
        self._place(person, current)
        return False

    def _stays(self, person: str, links: Mapping[int, float], current: int) -> bool:
        """Whether a person without rivals stays put, decided without listing the candidates:
        when no group's positive strength is below zero, a new group and any group of zero
        strength are worth 0 to them (see :meth:`_candidates`), every other candidate is a group
        they are tied to, and their negative strength of 0 adds nothing. The same figures, in
        the same arithmetic, as :meth:`affinity` after the person is taken out of their group."""
        plus, total, sums = self.plus[person], self.total_plus, self.sum_plus
        stay = links.get(current, 0.0) - plus * (sums[current] - plus) / total
        best = 0.0
        for number, weight in links.items():
            if number != current:
                value = weight - plus * sums[number] / total
                if value > best:
                    best = value
        return not best > stay + _EPSILON

    def sweep(self, visit: Sequence[str]) -> bool:
        """:meth:`best_move` for each person in ``visit`` in turn; True if anyone moved.

        From :data:`SURE_FROM` people, who certainly stays is found first for everyone at once
        (:meth:`_slack`), and only the others are weighed one by one: a person without rivals
        stays when no other group is worth more to them than their own (:meth:`_stays`), and
        the margin by which it is not, measured before the sweep, can shrink during it only
        when a tie partner moves (then they are weighed) or by what the moves so far took out
        of or put into any group (a bound, with the rounding of every step). A person whose
        margin is larger than that bound stays, with the same steps (:meth:`_remove`, then
        :meth:`_place` back) and so the same sums to the last bit as :meth:`best_move` would
        leave. The same moves, in the same order, as :meth:`best_move` for everyone.
        """
        if len(self.label) < SURE_FROM:
            return any([self.best_move(person) for person in visit])
        slack, margin, position = self._slack()
        plus, total, links, label, sums = self.plus, self.total_plus, self.links, self.label, self.sum_plus
        moved = 4 * len(label) * 1.2e-16 * total  # the moves' strength so far, and rounding
        weighed: set[str] = set()  # tie partners of someone who moved: their margins are stale
        changed = False
        for person in visit:
            number = position[person]
            room = slack[number]
            strength = plus[person]
            if room > 0.0 and not self.negative and person not in weighed and room > 2.0 * strength * moved / total + margin[number]:
                current = label.pop(person)  # what _remove then _place do, in the usual case inline:
                label[person] = current  # the person goes to the end of the labels, as there
                without = sums[current] - strength
                back = without + strength
                if without > 0.0 and back > 0.0:  # the group keeps a positive strength throughout
                    sums[current] = back
                else:
                    self._remove(person)
                    self._place(person, current)
                continue
            if self.best_move(person):
                changed = True
                moved += plus[person]
                weighed.update(other for other, _ in links[person])
        return changed

    def _slack(self):
        """For each person, by how much their own group is worth more to them than any other
        (:meth:`_stays`, with its ``_EPSILON``), -inf for people with rivals; the margin of
        arithmetic error to keep on it; and each person's position in those arrays."""
        import numpy as np

        if self._arrays is None:  # what does not change from sweep to sweep
            people = list(self.graph)
            position = {person: number for number, person in enumerate(people)}
            count = len(people)
            # each tie one way and back (a loop once), from the graph's columns: the sums below
            # need not add them in any order, their rounding being far inside the margin
            ends, weight, sign = _edge_columns(self.graph)
            once = np.ones(2 * len(ends), dtype=bool)
            once[1::2] = ends[:, 0] != ends[:, 1]
            tails, heads = both_ways(ends)
            self._arrays = (
                people, position,
                np.fromiter(map(self.plus.__getitem__, people), dtype=float, count=count),
                np.fromiter((self.minus[person] != 0.0 for person in people), dtype=bool, count=count),
                tails[once], heads[once], np.repeat(sign * weight, 2)[once],
            )
        people, position, plus, rivals, sources, targets, weights = self._arrays
        count, groups = len(people), self.next_number + 1
        label = np.fromiter(map(self.label.__getitem__, people), dtype=np.int64, count=count)
        sums = np.zeros(groups)
        for number, size in self.size.items():
            if size:
                sums[number] = self.sum_plus[number]
        pairs, inverse = np.unique(sources * groups + label[targets], return_inverse=True)
        tied = np.bincount(inverse.ravel(), weights=weights, minlength=len(pairs))
        whose, where = pairs // groups, pairs % groups
        own = where == label[whose]
        with_own = np.zeros(count)
        with_own[whose[own]] = tied[own]
        stay = with_own - plus * (sums[label] - plus) / self.total_plus
        best = np.zeros(count)  # a new group (or one of no strength) is worth 0
        np.maximum.at(best, whose[~own], tied[~own] - plus[whose[~own]] * sums[where[~own]] / self.total_plus)
        slack = np.where(rivals, -np.inf, stay + _EPSILON - best)
        scale = 1.0 + plus + np.bincount(sources, weights=np.abs(weights), minlength=count) + plus * sums[label] / self.total_plus
        return slack.tolist(), (1e-9 * scale).tolist(), position

    def between(self) -> dict[tuple[int, int], float]:
        """The signed tie weight between each two groups tied, ``(a, b)`` with ``a < b``: their
        edges' ``sign * weight`` added one after the other in edge order (``numpy.bincount``
        adds in that order), pairs in number order."""
        import numpy as np

        ends, weight, sign = _edge_columns(self.graph)
        group = _labels(self.graph, self.label)[ends]
        apart = np.flatnonzero(group[:, 0] != group[:, 1])
        low, high = group[apart].min(axis=1), group[apart].max(axis=1)
        size = self.next_number + 1
        pairs, which = np.unique(low * size + high, return_inverse=True)
        tied = np.bincount(which.ravel(), weights=(sign * weight)[apart], minlength=len(pairs)).astype(float)
        return dict(zip(zip((pairs // size).tolist(), (pairs % size).tolist()), tied.tolist()))

    def best_merge(self) -> bool:
        """Merge the pair of groups whose union raises Q most; True if merged."""
        import numpy as np

        label = self.label
        between = self.between()
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
    strengths = _strengths(signed)
    plus, minus = strengths.plus, strengths.minus
    total_plus, total_minus = sum(plus.values()), sum(minus.values())
    if total_plus + total_minus == 0:
        return 0.0
    label = {person: number for number, group in enumerate(groups) for person in group}
    inside = _inside(signed, label)
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


def _inside(signed: nx.Graph, label: Mapping[str, int]) -> float:
    """The signed weight (``sign * weight``) of the edges inside the groups ``label`` gives,
    added one after the other in edge order, as ``sum()`` over the edges adds them."""
    import numpy as np

    ends, weight, sign = _edge_columns(signed)
    group = _labels(signed, label)[ends]
    kept = (sign * weight)[group[:, 0] == group[:, 1]]
    return float(np.cumsum(kept)[-1]) if len(kept) else 0


def _louvain(signed: nx.Graph, *, seed: int, resolution: float, engine: str) -> list[set[str]]:
    """The first step of detection: communities of the positive ties of the signed graph
    (networkx's Louvain, or igraph's Leiden; see :func:`~powermap.analysis.engine.communities`)."""
    return communities(signed, weight="weight", resolution=resolution, seed=seed, engine=engine, keep="sign")


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
    start = _louvain(signed, seed=seed, resolution=resolution, engine=engine_for(signed, engine))
    partition = _Partition(signed, sorted((sorted(group, key=index.get) for group in start), key=lambda g: index[g[0]]))
    visit = order[:]
    random.Random(seed).shuffle(visit)
    changed = True
    while changed:
        changed = partition.sweep(visit)
        changed = partition.best_merge() or changed
    return partition.groups(order)


def merge_groups(signed: nx.Graph, groups: Sequence[Sequence[str]], *,
                 resolution: float = CAMP_RESOLUTION) -> list[list[int]]:
    """Groups merged greedily while signed modularity at ``resolution`` rises: each merge is
    the one that raises it most, between two groups with a positive tie between them.

    Works on the graph of groups (:func:`~powermap.analysis.engine.community_graph`), with the
    gain of merging groups ``a`` and ``b`` (up to a constant factor)::

        w_ab - resolution * (P_a P_b / 2w+  -  N_a N_b / 2w-)

    where ``w_ab`` is the signed tie weight between them and ``P``, ``N`` their total positive
    and negative tie strength. Gains are kept in a heap and refreshed only for the pairs a
    merge touches (Clauset, Newman & Moore 2004). Returns the merged groups as lists of group
    numbers (the positions in ``groups``), each in increasing order, in the order of their
    first group; ties between equal gains go to the lowest group numbers.
    """
    label = {person: number for number, group in enumerate(groups) for person in group}
    plus, minus = [0.0] * len(groups), [0.0] * len(groups)
    ties: list[dict[int, float]] = [{} for _ in groups]
    for (a, b), (positive, negative) in community_graph(signed, label, sign="sign").items():
        plus[a] += positive
        plus[b] += positive
        minus[a] += negative
        minus[b] += negative
        if a != b:
            ties[a][b] = ties[b][a] = positive - negative
    total_plus = sum(plus) or 1.0
    total_minus = sum(minus) or 1.0
    members = [[number] for number in range(len(groups))]
    version = [0] * len(groups)

    def gain(a: int, b: int) -> float:
        return ties[a][b] - resolution * (plus[a] * plus[b] / total_plus - minus[a] * minus[b] / total_minus)

    heap = [(-gain(a, b), a, b, 0, 0) for a in range(len(groups)) for b in ties[a] if a < b and ties[a][b] > 0]
    heapq.heapify(heap)
    while heap:
        negative, a, b, seen_a, seen_b = heapq.heappop(heap)
        if seen_a != version[a] or seen_b != version[b] or not members[a] or not members[b]:
            continue  # a stale entry: one of the two has merged since
        if -negative <= _EPSILON:
            break
        members[a] += members[b]
        members[b] = []
        plus[a] += plus[b]
        minus[a] += minus[b]
        for other, weight in ties[b].items():
            if other != a:
                ties[a][other] = ties[a].get(other, 0.0) + weight
                ties[other][a] = ties[a][other]
            del ties[other][b]
        ties[b] = {}
        ties[a].pop(a, None)
        version[a] += 1
        version[b] += 1
        for other, weight in ties[a].items():
            if weight > 0:
                low, high = min(a, other), max(a, other)
                heapq.heappush(heap, (-gain(low, high), low, high, version[low], version[high]))
    return [sorted(group) for group in members if group]


def camp_level(signed: nx.Graph, groups: Sequence[Sequence[str]], *, resolution: float = CAMP_RESOLUTION,
               max_camps: int = MAX_CAMPS, min_size: int = MIN_CAMP) -> tuple[tuple[int, ...], ...]:
    """The camps above the groups, as tuples of group numbers (largest camp first), or ``()``
    when the account is not split into two or three camps of at least ``min_size`` people.

    The camps are :func:`merge_groups` at ``resolution``; merged groups of fewer than
    ``min_size`` people (isolated people, pairs) stay outside every camp.
    """
    merged = merge_groups(signed, groups, resolution=resolution)
    size = [sum(len(groups[number]) for number in camp) for camp in merged]
    camps = [(camp, count) for camp, count in zip(merged, size) if count >= min_size]
    if not 2 <= len(camps) <= max_camps:
        return ()
    camps.sort(key=lambda item: (-item[1], item[0][0]))
    return tuple(tuple(camp) for camp, _ in camps)
