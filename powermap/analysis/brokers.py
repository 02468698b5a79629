"""Brokers: who bridges departments and factions, and so can carry a message where we cannot.

Four measures, each over the active stakeholders only:

- **Gould-Fernandez brokerage** (Gould & Fernandez 1989) on the influence layer
  (:func:`~powermap.analysis.graph.influence_graph`: ``a -> b`` means a sways b; influence,
  advice and the formal line, where a boss sways each direct report). A person ``b`` brokers
  every chain ``a -> b -> c`` with no direct ``a -> c`` (``a != c``). With departments as the
  groups, the chain is one of five roles of ``b``:

  ==============  ======================================  ========
  role            departments of a, b, c                  pattern
  ==============  ======================================  ========
  coordinator     all three the same                      A A A
  gatekeeper      b and c the same, a from outside        B A A
  representative  a and b the same, c outside             A A B
  consultant      a and c the same, b outside (itinerant) A B A
  liaison         all three different                     A B C
  ==============  ======================================  ========

  Every role but coordinator carries influence across a department line; their sum is the
  *cross-department brokerage*. Chains touching a person without a department are not counted.
- **Betweenness centrality** (Freeman 1977) on the positive ties the file records between
  people (:func:`~powermap.analysis.graph.tie_graph`: influence, advice, alliance, friendship,
  kin, alumni; rivalries are not bridges). The formal reporting line is left out by default
  (``formal=True`` puts it back): everyone can read the org chart, and with it every manager
  would "bridge" their department to their boss's. Shortest paths are counted in **steps**
  (``weighted=True``: a tie of weight w is 1/w long). Normalised by ``(n-1)(n-2)/2`` where
  ``n`` counts the people with at least one tie: someone with no recorded tie tells nothing
  about who bridges whom and would otherwise lower everyone's figure. On Padgett's Florentine
  marriage network this gives the Medici 0.522, the published figure (see the tests).
- **Burt's constraint and effective size** (Burt 1992; networkx ``constraint`` and
  ``effective_size`` with tie weights) on the same ties: low constraint means many contacts
  who are not tied to each other, i.e. non-redundant access.
- **Groups spanned** (``between``): the departments, then the declared factions, of a person
  and of everyone they share a positive tie with, listed when at least two differ (own group
  first, then file order). A department and its sub-departments are different groups. A
  person is the *only link* between their department and another when every tie between the
  two departments has them at one end.
- **Camps bridged** (``camps``, :func:`bridge_camps`): the camps
  (:mod:`~powermap.analysis.factions`: a detected camp, or the declared faction a camp is) of
  a person and of everyone they share a positive tie with, when at least two differ (own camp
  first, then the order of the factions). Set once both the brokers and the factions are known;
  it does not change the score.

The score (0..1) mixes the four, each scaled to the strongest in the account (:data:`WEIGHTS`)::

    score = 0.35 · betweenness / max  +  0.25 · cross-department brokerage / max
          + 0.20 · groups spanned / max  +  0.20 · (1 − constraint)

where ``1 − constraint`` is clipped to 0..1 and counts only for people with two contacts or
more (a single contact is all constraint). People with no betweenness, no brokerage chain and
no group spanned are left out.

References: Gould & Fernandez (1989), Structures of mediation: a formal approach to brokerage
in transaction networks, Sociological Methodology 19, 89-126; Freeman (1977), A set of measures
of centrality based on betweenness, Sociometry 40, 35-41; Burt (1992), Structural Holes: The
Social Structure of Competition, Harvard University Press; Padgett & Ansell (1993), Robust
action and the rise of the Medici, American Journal of Sociology 98, 1259-1319.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import NamedTuple

import networkx as nx

from ..alongside import Handed
from ..i18n import N_, say, say_n
from ..model import RelationType
from .engine import (SharedData, add_new_edges, betweenness, betweenness_started, blocks, both_ways, edge_list, edge_values,
                     engine_for, gc_paused, has_edges, node_data, numbered_edges, successors)
from .graph import POSITIVE_TYPES, active_stakeholders, group_data, influence_graph, tie_graph
from .sparse import SparseMatrix, distinct, located, triangles

__all__ = [
    "Broker",
    "Reasons",
    "brokers",
    "brokers_handed",
    "bridge_camps",
    "brokerage_roles",
    "tie_betweenness",
    "ROLES",
    "CROSS_ROLES",
    "WEIGHTS",
    "EXACT_BETWEENNESS_UP_TO",
    "BETWEENNESS_SAMPLES",
]

ROLES = ("coordinator", "gatekeeper", "representative", "consultant", "liaison")
CROSS_ROLES = ROLES[1:]  # the roles that carry influence across a department line
# Weights of (betweenness, cross-department brokerage, groups spanned, openness) in the score.
WEIGHTS: Mapping[str, float] = {"betweenness": 0.35, "brokerage": 0.25, "span": 0.20, "openness": 0.20}
_ONLY_LINKS_SHOWN = 3  # "only link between" reasons listed before "and N more"
_TOP = 3  # betweenness and constraint ranks worth a reason


@dataclass(frozen=True)
class Broker:
    id: str
    name: str
    between: tuple[str, ...]  # department ids, then faction ids, that the person connects
    score: float
    reasons: Sequence[str]  # :class:`Reasons`, said when read
    roles: Mapping[str, int] = field(default_factory=dict)  # Gould-Fernandez counts
    betweenness: float = 0.0
    constraint: float | None = None  # None for someone with no tie
    effective_size: float = 0.0
    camps: tuple[str, ...] = ()  # the camps (detected camp or declared faction ids) the person bridges

    def to_dict(self) -> dict:
        """The report contract: ``{id, name, between, score, camps}``."""
        return {"id": self.id, "name": self.name, "between": list(self.between), "score": self.score,
                "camps": list(self.camps)}


def brokerage_roles(influence: nx.DiGraph, groups: Mapping[str, str | None]) -> dict[str, dict[str, int]]:
    """Gould-Fernandez role counts of every node of a directed graph (see the module docstring).

    ``groups`` maps a node to its group; nodes with no group (``None`` or absent) take no part.

    Counted per broker, not chain by chain (numpy): a broker b's chains a -> b -> c are its
    in-ties times its out-ties, and by the groups of a and c alone each role's share is a
    product of counts (the in-ties and out-ties from b's own group, from the others, and of each
    group in both); from those, the chains that do not count are taken away: a -> b -> a (a tie
    both ways) and the chains with a direct a -> c, which lie on triangles of the ties
    (:func:`~powermap.analysis.sparse.triangles`). At 50,000 people of `dense` (two million
    chains, 21,161 triangles) that took 0.20 s instead of 0.65 s for the chains listed in slices
    (1.7 s for a loop per chain), with no chains held at once; tests hold it to that loop.
    """
    tally = _role_counts(influence, groups).tolist()
    return {node: dict(zip(ROLES, tally[number])) for number, node in enumerate(influence)}


def _role_counts(influence: nx.DiGraph, groups: Mapping[str, str | None]):
    """:func:`brokerage_roles` as a numpy array: a row per node, in the graph's order, a
    column per role of :data:`ROLES`."""
    import numpy as np

    nodes = list(influence)
    count = len(nodes)
    codes: dict = {}
    group_of = np.fromiter(((-1 if (group := groups.get(node)) is None else codes.setdefault(group, len(codes)))
                            for node in nodes), dtype=np.int64, count=count)
    ends = numbered_edges(influence)  # every tie, in the graph's order
    source, target = ends[:, 0], ends[:, 1]
    usable = (source != target) & (group_of[source] >= 0) & (group_of[target] >= 0)
    source, target = source[usable], target[usable]
    tally = np.zeros((count, len(ROLES)), dtype=np.int64)
    if not len(source):
        return tally
    width = len(codes)
    in_all, out_all = np.bincount(target, minlength=count), np.bincount(source, minlength=count)
    in_own = np.bincount(target[group_of[source] == group_of[target]], minlength=count)  # a in b's group
    out_own = np.bincount(source[group_of[target] == group_of[source]], minlength=count)  # c in b's group
    # each broker's sum over the groups g of (in-ties from g) x (out-ties to g)
    ins, in_count = distinct(target * width + group_of[source])
    outs, out_count = distinct(source * width + group_of[target])
    place, both = located(outs, ins)
    same_group = np.bincount(ins[both] // width, weights=(in_count[both] * out_count[place[both]]).astype(float),
                             minlength=count).astype(np.int64)
    others = same_group - in_own * out_own
    tally[:, 0] = in_own * out_own  # coordinator
    tally[:, 1] = (in_all - in_own) * out_own  # gatekeeper
    tally[:, 2] = in_own * (out_all - out_own)  # representative
    tally[:, 3] = others  # consultant
    tally[:, 4] = (in_all - in_own) * (out_all - out_own) - others  # liaison
    # less the chains that do not count: a -> b -> a, then a -> b -> c with a direct a -> c
    keys = np.sort(source * count + target)

    def tied(a, b):
        return located(keys, a * count + b)[1]

    pair, times = distinct(np.minimum(source, target) * count + np.maximum(source, target))  # each tie once, either way
    twice = pair[times > 1]  # the ties both ways: a chain a -> b -> a at each end
    low, high = twice // count, twice % count
    a, b = np.concatenate((low, high)), np.concatenate((high, low))
    np.subtract.at(tally, (b, np.where(group_of[a] == group_of[b], 0, 3)), 1)
    x, y, z = triangles(pair // count, pair % count, count)
    a = np.concatenate((x, x, y, y, z, z))
    b = np.concatenate((y, z, x, z, x, y))
    c = np.concatenate((z, y, z, x, y, x))
    closed = tied(a, b) & tied(b, c) & tied(a, c)
    a, b, c = a[closed], b[closed], c[closed]
    ga, gb, gc = group_of[a], group_of[b], group_of[c]
    role = np.full(len(a), 4)  # liaison
    role[ga == gb] = 2  # representative
    role[gb == gc] = 1  # gatekeeper
    role[ga == gc] = 3  # consultant
    role[(ga == gb) & (gb == gc)] = 0  # coordinator
    np.subtract.at(tally, (b, role), 1)
    return tally


def tie_betweenness(
    ties: nx.Graph,
    *,
    weighted: bool = False,
    engine: str | None = None,
    exact_up_to: int | None = None,
    samples: int | None = None,
    seed: int = 0,
) -> dict[str, float]:
    """Betweenness on positive ties, normalised over the people with at least one tie.

    Unweighted by default; ``weighted=True`` takes 1/weight as the length of a tie (ties of
    weight 0 are then left out). Isolates get 0.

    Exact for up to ``exact_up_to`` people with a tie (:data:`EXACT_BETWEENNESS_UP_TO`);
    above, estimated from the shortest paths of ``samples`` sources
    (:data:`BETWEENNESS_SAMPLES`) drawn with ``random.Random(seed)``, as
    ``networkx.betweenness_centrality(k=samples, seed=seed)`` does: a person's estimate is the
    mean over the sampled sources other than them, so it is unbiased, and within ``e`` of the
    exact value with probability at least ``1 - 2 exp(-2 k e^2)`` (Hoeffding; Brandes & Pich
    2007; docs/analyses.md gives the measured errors). ``engine`` (:mod:`~powermap.analysis.engine`)
    computes it with networkx or igraph: the same sample, the same numbers (to 1e-12). Weighted
    betweenness always uses networkx (igraph tells equal float lengths apart differently).
    """
    return _betweenness_begun(ties, weighted, engine, exact_up_to, samples, seed)()


def _betweenness_begun(ties: nx.Graph, weighted: bool, engine: str | None, exact_up_to: int | None = None,
                       samples: int | None = None, seed: int = 0) -> Callable[[], dict[str, float]]:
    """:func:`tie_betweenness` begun now, finished when the function returned is called
    (:func:`~powermap.analysis.engine.betweenness_started`: where exact betweenness is summed
    from two halves, the second half runs on the other core meanwhile)."""
    exact_up_to = EXACT_BETWEENNESS_UP_TO if exact_up_to is None else exact_up_to
    samples = BETWEENNESS_SAMPLES if samples is None else samples
    people = [person for person, near in successors(ties).items() if near]
    sample = samples if len(people) > exact_up_to and samples < len(people) else None
    engine = engine_for(ties, engine)
    if not weighted:  # the ties' own edges join people with a tie only: no copy
        found = betweenness_started(ties, nodes=people, sample=sample, seed=seed, engine=engine)
        return lambda: {**dict.fromkeys(ties, 0.0), **found()}

    def weighted_betweenness() -> dict[str, float]:
        connected = nx.Graph()  # ties as lengths 1/weight, those of weight 0 left out
        connected.add_nodes_from(people)
        lengths = SharedData(lambda length: {"distance": length})
        add_new_edges(connected, ((u, v, lengths[1.0 / data["weight"]]) for u, v, data in edge_list(ties) if data["weight"] > 0))
        return {**dict.fromkeys(ties, 0.0), **betweenness(connected, weight="distance", sample=sample, seed=seed, engine=engine)}

    return weighted_betweenness


EXACT_BETWEENNESS_UP_TO = 5_000  # people with a tie; above, betweenness is estimated from a sample
BETWEENNESS_SAMPLES = 200  # sources sampled above EXACT_BETWEENNESS_UP_TO (docs/analyses.md: the measured error)


def _partner_groups(ties: nx.Graph, nodes: Mapping[str, Mapping], kind: str, place: Mapping[str, int]) -> dict[str, list[str]]:
    """Each person's tie partners' groups (``department`` or ``faction``), each once, in file
    order (``place``: each group's position), found for everyone at once: every tie both ways
    as a number (the person, then their partner's group's position), sorted, each once (numpy)."""
    order, groups, code = _group_codes(ties, nodes, kind, place)
    tails, heads = both_ways(numbered_edges(ties))
    grouped = code[heads] >= 0
    width = len(groups) + 1
    pairs, _ = distinct(tails[grouped] * width + code[heads[grouped]])
    found: dict[str, list[str]] = {node: [] for node in order}
    for person, group in zip((pairs // width).tolist(), (pairs % width).tolist()):
        found[order[person]].append(groups[group])
    return found


def _group_codes(ties: nx.Graph, nodes: Mapping[str, Mapping], kind: str, place: Mapping[str, int]):
    """The ties' people (``list(ties)``), the groups (``department`` or ``faction``) in file
    order (``place``: each group's position), and each person's group's number among them
    (numpy; -1 for none)."""
    import numpy as np

    order = list(ties)
    groups = sorted(place, key=place.__getitem__)
    number = {group: position for position, group in enumerate(groups)}
    code = np.fromiter((-1 if (group := nodes[node][kind]) is None else number[group] for node in order),
                       dtype=np.int64, count=len(order))
    return order, groups, code


def _between(own: str | None, reached: list[str]) -> list[str]:
    """The groups (departments or factions) a person (of group ``own``) and their tie partners
    (of groups ``reached``, :func:`_partner_groups`) belong to, own first then file order, when
    there are at least two."""
    others = [group for group in reached if group != own]
    if len(others) + (own is not None) < 2:
        return []
    return ([own] if own is not None else []) + others


def _sole_links(nodes: Mapping[str, Mapping], ties: nx.Graph, place: Mapping[str, int]) -> dict[str, set[str]]:
    """For each person, the other departments their department reaches only through them:
    every positive tie between the two departments has them at one end (one person, or both
    ends of a single tie). Every pair of departments at once (numpy): the ties between two
    departments together, and the ends of each pair's first tie kept when every tie of the
    pair has them at an end (``place``: each department's position, :func:`_group_codes`)."""
    import numpy as np

    order, departments, code = _group_codes(ties, nodes, "department", place)
    ends = numbered_edges(ties)
    a, b = ends[:, 0], ends[:, 1]
    across = (code[a] >= 0) & (code[b] >= 0) & (code[a] != code[b])
    a, b = a[across], b[across]
    pair = np.minimum(code[a], code[b]) * len(departments) + np.maximum(code[a], code[b])
    if not len(pair):
        return {}
    together = np.argsort(pair, kind="stable")
    a, b, pair = a[together], b[together], pair[together]
    starts = np.flatnonzero(np.concatenate(([True], pair[1:] != pair[:-1])))
    size = np.diff(np.concatenate((starts, [len(pair)])))  # the ties of each pair
    low, high = pair[starts] // len(departments), pair[starts] % len(departments)
    result: dict[str, set[str]] = {}
    for end in (a, b):  # each end of each pair's first tie, kept if at an end of all its ties
        person = end[starts]
        theirs = np.repeat(person, size)
        on_every = np.add.reduceat(((a == theirs) | (b == theirs)).astype(np.int64), starts) == size
        other = np.where(code[person] == low, high, low)
        for who, department in zip(person[on_every].tolist(), other[on_every].tolist()):
            result.setdefault(order[who], set()).add(departments[department])
    return result


def _only_links(person: str, own: str | None, reached: list[str], sole) -> list[str]:
    """The other departments this person's department (``own``) reaches only through them, in
    file order (``reached``: their partners' departments, :func:`_partner_groups`; ``sole``:
    :func:`_sole_links`)."""
    mine = sole.get(person)
    if own is None or not mine:
        return []
    return [other for other in reached if other != own and other in mine]


def _cut_off(ties: nx.Graph, engine: str | None = None) -> dict[str, int]:
    """For each cut vertex of the ties: how many people would lose every path to the rest
    (everyone outside the largest piece left when the person is taken away).

    From the blocks of the ties (:func:`~powermap.analysis.engine.blocks`): a person in two
    blocks or more is a cut vertex, and the blocks and the cut vertices, each joined to the
    blocks it is in, make a tree per connected piece (the block-cut tree; Harary & Prins
    1966). Taking a cut vertex away leaves one piece for each block it is in: the people on
    that block's side of the tree. One pass up each tree, rooted at a block, counts the people
    below every node, which gives every piece's size; O(people + ties) with the blocks.
    """
    found = blocks(ties, engine=engine, nodes=[person for person, near in ties.adj.items() if near])
    seen: dict[str, int] = {}
    for block in found:
        for person in block:
            seen[person] = seen.get(person, 0) + 1
    first = len(found)  # tree nodes: the blocks (0, 1, ...), then the cut vertices
    cut = {person: number for number, person in enumerate((p for p, count in seen.items() if count > 1), first)}
    near: list[list[int]] = [[] for _ in range(first + len(cut))]
    below = [1] * len(near)  # the people at a tree node (a block's: those in no other block), then below it
    for number, block in enumerate(found):
        own = 0
        for person in block:
            vertex = cut.get(person)
            if vertex is None:
                own += 1
            else:
                near[number].append(vertex)
                near[vertex].append(number)
        below[number] = own
    parent = [-1] * len(near)
    placed = [False] * len(near)
    result: dict[str, int] = {}
    people = list(cut)
    for root in range(first):
        if placed[root]:
            continue
        placed[root] = True
        order, stack = [], [root]
        while stack:  # parents before their children
            node = stack.pop()
            order.append(node)
            for other in near[node]:
                if not placed[other]:
                    placed[other] = True
                    parent[other] = node
                    stack.append(other)
        for node in reversed(order):
            if node != root:
                below[parent[node]] += below[node]
        total = below[root]
        for node in order:
            if node >= first:  # a cut vertex: its blocks below it, and the rest of the tree above
                largest = max([below[other] for other in near[node] if other != parent[node]] + [total - below[node]])
                result[people[node - first]] = total - 1 - largest
    return result


def _names(items: Sequence[str]):
    """Names joined as a reader says them: "A", "A and B", "A, B and C"."""
    return items[0] if len(items) == 1 else say("{others} and {last}", others=list(items[:-1]), last=items[-1])


_ORDINALS = {1: N_("the most"), 2: N_("the 2nd most"), 3: N_("the 3rd most")}


def _reasons(names: tuple[Mapping[str, str], Mapping[str, str]], facts: tuple) -> tuple[str, ...]:
    """What makes a person a broker, the strongest fact first, in a salesperson's words
    (``names``: the departments' and the factions' names by id; ``facts``: see :func:`_said`)."""
    departments, factions = names
    own, only, cut_off, between, spans, in_faction, betweenness_rank, cross, coordinator, open_rank = facts
    spanned, groups = between[:spans], between[spans:]
    reasons = []
    for other in only[:_ONLY_LINKS_SHOWN]:
        reasons.append(say("only link between {one} and {other}", one=departments[own], other=departments[other]))
    if len(only) > _ONLY_LINKS_SHOWN:
        more = len(only) - _ONLY_LINKS_SHOWN
        reasons.append(say_n("and the only link to {count} more department", "and the only link to {count} more departments",
                             count=more))
    if cut_off:
        reasons.append(say_n("holds the network together: without them {count} person would be cut off from the rest",
                             "holds the network together: without them {count} people would be cut off from the rest",
                             count=cut_off))
    if groups:
        listed = _names([factions[group] for group in groups])
        if in_faction:
            reasons.append(say("bridges {factions}", factions=listed))
        elif len(groups) == 2:
            reasons.append(say("bridges {factions} (in no faction, tied into both)", factions=listed))
        else:
            reasons.append(say("bridges {factions} (in no faction, tied into each)", factions=listed))
    others = [group for group in spanned if group != own and group not in only]
    if others:
        reasons.append(say("also tied into {departments}", departments=_names([departments[group] for group in others])))
    if betweenness_rank and betweenness_rank <= _TOP:
        reasons.append(say("many people's shortest way to each other runs through them ({rank} in the account)",
                           rank=say(_ORDINALS[betweenness_rank])))
    elif betweenness_rank:
        reasons.append(say("some people's shortest way to each other runs through them"))
    if cross:
        reasons.append(say_n("passes influence across a department line once",
                             "passes influence across department lines {count} times", count=cross))
    elif coordinator:
        reasons.append(say_n("passes influence on inside their department once",
                             "passes influence on inside their department {count} times", count=coordinator))
    if open_rank and open_rank <= _TOP:
        reasons.append(say("knows many people who do not know each other ({rank} open network in the account)",
                           rank=say(_ORDINALS[open_rank])))
    return tuple(reasons)


def _said(own: str | None, only: list[str], cut_off: int, between: tuple[str, ...], spans: int, in_faction: bool,
          betweenness_rank: int, brokerage: int, coordinator: int, open_rank: int) -> tuple:
    """The facts a broker's reasons say, as :func:`_reasons` reads them: own department, the
    departments they are the only link to, people cut off without them, the departments then
    the factions they bridge (``between``, the broker's own tuple: handed between processes
    once, not twice) and how many of them are departments, whether they are in a faction,
    betweenness rank (0: none), influence passed across department lines and inside their
    own, openness rank (0: not ranked)."""
    return own, tuple(only), cut_off, between, spans, in_faction, betweenness_rank, brokerage, coordinator, open_rank


class Reasons(Sequence):
    """A broker's reasons, put into words when first read.

    A 50,000-person account has about 49,000 brokers; the words of all of them took 2 s and
    230 MB and crossed between processes, and a report shows none of them (its broker table
    says whom each person bridges). So each broker keeps the few facts its words need (and
    the names, one mapping shared by all) and says them when asked: indexing, ``in``,
    iteration and comparison read as the tuple of messages they stand for.
    """

    __slots__ = ("_names", "_facts", "_first", "_words")

    def __init__(self, names, facts: tuple, first: tuple = ()) -> None:
        self._names, self._facts, self._first, self._words = names, facts, first, None

    def _said(self) -> tuple:
        if self._words is None:
            self._words = self._first + _reasons(self._names, self._facts)
        return self._words

    def led_by(self, reason) -> Reasons:
        """These reasons with ``reason`` said first."""
        return Reasons(self._names, self._facts, (reason, *self._first))

    def __getitem__(self, index):
        return self._said()[index]

    def __len__(self) -> int:
        return len(self._said())

    def __iter__(self):
        return iter(self._said())

    def __contains__(self, item) -> bool:
        return item in self._said()

    def __eq__(self, other) -> bool:
        if isinstance(other, Reasons | tuple | list):
            return self._said() == tuple(other)
        return NotImplemented

    def __hash__(self) -> int:
        return hash(self._said())

    def __repr__(self) -> str:
        return repr(self._said())

    def __reduce__(self):  # the facts cross between processes, not the words
        return (Reasons, (self._names, self._facts, self._first))


def _rank(values: Sequence[float], *, low: bool = False) -> list[int]:
    """Each value's place: 1 for the highest (the lowest with ``low``), equal values in the
    order given (a stable sort of the values, with numpy)."""
    import numpy as np

    array = np.asarray(values, dtype=float)
    ordered = np.argsort(array if low else -array, kind="stable")
    places = np.empty(len(array), dtype=np.int64)
    places[ordered] = np.arange(1, len(array) + 1)
    return places.tolist()


def _clean(value: float) -> float | None:
    return None if value is None or math.isnan(value) else float(value)


def _ties(graph: nx.MultiDiGraph, formal: bool) -> nx.Graph:
    """Positive ties between active stakeholders, the formal reporting line only if ``formal``."""
    return tie_graph(graph, types=POSITIVE_TYPES if formal else RelationType.POSITIVE)


def _structural_holes(ties: nx.Graph) -> tuple[dict[str, float], dict[str, float]]:
    """Burt's constraint and effective size of everyone (nan for someone with no tie), on
    either engine, as matrix products of his definitions, kept sparse (numpy).

    With M the mutual weights (M = A + A^T), P = M with rows scaled to sum 1 and R = M with
    rows scaled to a maximum of 1: constraint c_i = sum over i's contacts j of (P + P P)_ij^2,
    effective size e_i = sum over i's contacts j of (1 - (P R^T)_ij). Only the entries of
    contacts are ever formed, so memory grows with the ties, not with people squared.

    Tested against networkx: :func:`networkx.constraint` (equal to rounding) and
    :func:`networkx.effective_size` asked node by node (its definition). networkx itself is not
    called here: both functions import scipy (0.3 s) even node by node, the node-by-node forms
    are pure Python and cubic in a person's contacts, and the all-nodes effective size scales
    each contact by the wrong person's strongest tie when ties have weights (networkx 3.6, PR
    #8906: up to 0.4 too high on Krackhardt's advice network) and holds dense n x n matrices.
    """
    if not has_edges(ties):
        return dict.fromkeys(ties, math.nan), dict.fromkeys(ties, math.nan)
    import numpy as np

    nodes = list(ties)
    count = len(nodes)
    # M = A + A^T with A symmetric: twice each weight, each tie (u, v) then (v, u), a loop's once
    ends = numbered_edges(ties)
    mutual_weight = 2 * edge_values(ties, "weight", 1.0)
    entry = np.ones(2 * len(ends), dtype=bool)
    entry[1::2] = ends[:, 0] != ends[:, 1]
    rows, cols = both_ways(ends)
    mutual = SparseMatrix.from_entries(rows[entry], cols[entry], np.repeat(mutual_weight, 2)[entry], count)
    totals, peaks = mutual.row_sums(), mutual.row_maxima()
    with np.errstate(divide="ignore", invalid="ignore"):
        share = mutual.values / totals[mutual.rows]
        scaled_transposed = mutual.values / peaks[mutual.cols]  # M is symmetric: R^T_kj = R_jk = M_kj / peak_j
    two_step, redundant = mutual.pattern_products((share, share), (share, scaled_transposed))
    contact = share > 0
    constraint = np.bincount(mutual.rows, weights=np.where(contact, (share + two_step) ** 2, 0.0), minlength=count)
    size = np.bincount(mutual.rows, weights=np.where(contact, 1.0 - redundant, 0.0), minlength=count)
    diagonal = mutual.diagonal()
    constraint[totals - 2 * diagonal == 0] = math.nan
    size[totals - diagonal == 0] = math.nan
    return dict(zip(nodes, constraint.tolist())), dict(zip(nodes, size.tolist()))


class _Measures(NamedTuple):
    """Every measure of every active stakeholder, in file order: lists of each person's
    groups and counts, numpy arrays of the numbers (:func:`_measures`)."""

    people: list[str]
    departments: list[list[str]]  # the departments they connect (own first), or none
    factions: list[list[str]]  # the factions they connect (own first), or none
    only: list[list[str]]  # the departments their own reaches only through them
    roles: list[Mapping[str, int]]  # Gould-Fernandez counts (brokerage_roles)
    roles_total: object  # every role counted (numpy)
    brokerage: object  # the roles across a department line (numpy)
    coordinator: object  # the roles inside their department (numpy)
    betweenness: object  # numpy
    constraint: list[float | None]  # None for someone with no tie
    effective_size: list[float]
    contacts: object  # ties (a loop counts twice; numpy)
    cut_off: object  # people cut off without them (numpy)


def _measures(graph: nx.MultiDiGraph, people: Sequence[str], ties: nx.Graph, weighted: bool, engine: str) -> _Measures:
    """Every measure of every active stakeholder (``people``, the ties' people in their order)."""
    import numpy as np

    departments = {data["ref"]: place for place, data in enumerate(group_data(graph, "department"))}
    faction_ids = {data["ref"]: place for place, data in enumerate(group_data(graph, "faction"))}
    nodes = node_data(graph)
    influence = influence_graph(graph)
    # betweenness first begun: where it is exact and split in two, its second half runs on the
    # other core while the other measures are worked out here, then the first half
    finish_betweenness = _betweenness_begun(ties, weighted, engine)
    counts = _role_counts(influence, {p: nodes[p]["department"] for p in people})
    if list(influence) != list(people):  # the projections hold the active stakeholders in file order
        row = {node: number for number, node in enumerate(influence)}
        counts = counts[[row[person] for person in people]]
    holes = _structural_holes(ties)
    sole = _sole_links(nodes, ties, departments)
    cut_off = _cut_off(ties, engine)
    degree = dict(zip(ties, np.bincount(numbered_edges(ties).ravel(), minlength=len(ties)).tolist()))  # a loop counts twice
    tied_departments = _partner_groups(ties, nodes, "department", departments)
    tied_factions = _partner_groups(ties, nodes, "faction", faction_ids)
    shares = finish_betweenness()
    count = len(people)
    own = [nodes[person]["department"] for person in people]
    # people with the same counts share one dict (read, never changed): at 50,000 people 1,833
    # dicts for 47,159 brokers, which the copy that finds them pickles 10 times faster
    alike = SharedData(lambda row: dict(zip(ROLES, row)))
    return _Measures(
        people=list(people),
        departments=[_between(mine, tied_departments[person]) for person, mine in zip(people, own)],
        factions=[_between(nodes[person]["faction"], tied_factions[person]) for person in people],
        only=[_only_links(person, mine, tied_departments[person], sole) for person, mine in zip(people, own)],
        roles=[alike[row] for row in map(tuple, counts.tolist())],
        roles_total=counts.sum(axis=1),
        brokerage=counts[:, [ROLES.index(role) for role in CROSS_ROLES]].sum(axis=1),
        coordinator=counts[:, ROLES.index("coordinator")],
        betweenness=np.fromiter(map(shares.__getitem__, people), dtype=float, count=count),
        constraint=[_clean(holes[0][person]) for person in people],
        effective_size=[_clean(holes[1][person]) or 0.0 for person in people],
        contacts=np.fromiter(map(degree.__getitem__, people), dtype=np.int64, count=count),
        cut_off=np.fromiter((cut_off.get(person, 0) for person in people), dtype=np.int64, count=count),
    )


@gc_paused
def brokers(
    graph: nx.MultiDiGraph,
    *,
    formal: bool = False,
    weighted: bool = False,
    weights: Mapping[str, float] = WEIGHTS,
    engine: str | None = None,
) -> tuple[Broker, ...]:
    """The people who bridge departments and factions, best first (ties in file order).

    Parameters
    ----------
    graph : the account graph (:func:`~powermap.analysis.graph.build_graph`); not changed.
    formal : count the formal reporting line as a tie for betweenness, constraint and
        ``between`` (it always counts as influence for the brokerage roles).
    weighted : betweenness over tie lengths 1/weight instead of steps.
    weights : the mix of the score (:data:`WEIGHTS`).
    engine : ``"networkx"``, ``"igraph"`` or ``"auto"`` (:mod:`~powermap.analysis.engine`)
        for betweenness (constraint and effective size are the same computation on both); the
        same figures either way.

    Returns
    -------
    A tuple of :class:`Broker`, leaving out people with no brokerage at all.
    """
    return _made(_found(graph, formal=formal, weighted=weighted, weights=weights, engine=engine))


def brokers_handed(graph: nx.MultiDiGraph, *, engine: str | None = None) -> Handed:
    """:func:`brokers` as a forked copy hands them back (:class:`~powermap.alongside.Handed`):
    what each broker is made of, in lists, made into brokers where they arrive. At 50,000
    people (49,554 brokers) the copy pickled 9.7 MB of brokers in 0.29 s, which the report then
    read in 0.12 s, at the end, with the other core idle; the lists take about 0.1 s to pickle,
    and the brokers are made from them in about 0.1 s."""
    return Handed(_found(graph, engine=engine), _made)


class _Found(NamedTuple):
    """The brokers before they are made: the departments' and factions' names (one pair for
    all), and for each broker, best first, the values of its fields and its reasons' facts."""

    names: tuple[Mapping[str, str], Mapping[str, str]]
    ids: list[str]
    people_names: list[str]
    between: list[tuple[str, ...]]
    scores: list[float]
    roles: list[Mapping[str, int]]
    betweenness: list[float]
    constraint: list[float | None]
    effective_size: list[float]
    facts: list[tuple]


@gc_paused
def _found(graph: nx.MultiDiGraph, *, formal: bool = False, weighted: bool = False,
           weights: Mapping[str, float] = WEIGHTS, engine: str | None = None) -> _Found:
    """Everything :func:`brokers` says, as lists (see :class:`_Found`), from every person's
    measures at once (numpy): the score and the two ranks in the same arithmetic, in the same
    order, as a person at a time would give them."""
    import numpy as np

    people = active_stakeholders(graph)
    found = _measures(graph, people, _ties(graph, formal), weighted, engine_for(graph, engine))
    constraint = np.array([math.nan if value is None else value for value in found.constraint], dtype=float)
    enough = ~np.isnan(constraint) & (found.contacts >= 2)  # one contact is all constraint
    openness = np.where(enough, 1.0 - np.minimum(1.0, np.where(enough, constraint, 1.0)), 0.0)
    span = np.fromiter((len(a) + len(b) for a, b in zip(found.departments, found.factions)), dtype=np.int64,
                       count=len(people))
    tops = [(found.betweenness.max() if len(people) else 0.0) or 1.0,
            (int(found.brokerage.max()) if len(people) else 0) or 1.0, (int(span.max()) if len(people) else 0) or 1.0]
    score = weights["openness"] * openness + (weights["betweenness"] * found.betweenness / tops[0]
                                              + weights["brokerage"] * found.brokerage / tops[1]
                                              + weights["span"] * span / tops[2])
    score = np.minimum(1.0, np.maximum(0.0, score))
    between_places = _rank(found.betweenness)
    open_places = _rank(np.where(enough, constraint, math.inf), low=True)
    kept = np.flatnonzero((found.betweenness != 0) | (found.roles_total != 0) | (span != 0))
    kept = kept[np.lexsort((kept, -score[kept]))].tolist()  # best first, equals in file order
    names = ({data["ref"]: data["name"] for data in group_data(graph, "department")},
             {data["ref"]: data["name"] for data in group_data(graph, "faction")})
    nodes = node_data(graph)
    ids = [people[place] for place in kept]
    between = [tuple(found.departments[place] + found.factions[place]) for place in kept]
    shares, brokerage, coordinator, cut_off = (found.betweenness.tolist(), found.brokerage.tolist(),
                                              found.coordinator.tolist(), found.cut_off.tolist())
    ranked = enough.tolist()
    facts = [_said(nodes[person]["department"], found.only[place], cut_off[place], bridged, len(found.departments[place]),
                   bool(nodes[person]["faction"]), between_places[place] if shares[place] > 0 else 0, brokerage[place],
                   coordinator[place], open_places[place] if ranked[place] else 0)
             for person, place, bridged in zip(ids, kept, between)]
    return _Found(names, ids, [nodes[person]["name"] for person in ids], between, score[kept].tolist(),
                  [found.roles[place] for place in kept], [shares[place] for place in kept],
                  [found.constraint[place] for place in kept], [found.effective_size[place] for place in kept], facts)


def _made(found: _Found) -> tuple[Broker, ...]:
    """The brokers of :func:`_found`. Each is filled in at once (its attribute dict written),
    not field by field through ``object.__setattr__``, as a frozen dataclass's ``__init__``
    does: the same brokers (equal, printed and pickled alike; tests/test_alongside.py), 49,554
    of them in about 0.05 s instead of 0.15 s. Every field is set here."""
    new, names = object.__new__, found.names
    made = []
    for person, name, between, score, facts, roles, share, constraint, size in zip(
            found.ids, found.people_names, found.between, found.scores, found.facts, found.roles, found.betweenness,
            found.constraint, found.effective_size):
        broker = new(Broker)
        broker.__dict__.update(id=person, name=name, between=between, score=score, reasons=Reasons(names, facts),
                               roles=roles, betweenness=share, constraint=constraint, effective_size=size, camps=())
        made.append(broker)
    return tuple(made)


def bridge_camps(graph: nx.MultiDiGraph, found: Sequence[Broker], factions, *, formal: bool = False) -> tuple[Broker, ...]:
    """The brokers with the camps they bridge (``camps``, and a reason naming them first): the
    camps of a person and of everyone they share a positive tie with, when two or more differ,
    own camp first, then in the order of ``factions.factions``. ``factions`` is the result of
    :func:`~powermap.analysis.factions.factions` on the same graph."""
    from dataclasses import replace

    camp_of = factions.camp_of
    if not camp_of:
        return tuple(found)
    order = {faction.id: place for place, faction in enumerate(factions.factions)}
    names = {faction.id: faction.name for faction in factions.factions}
    tied = successors(_ties(graph, formal))
    result = []
    for broker in found:
        own = camp_of.get(broker.id)
        reached = {camp_of[other] for other in tied[broker.id] if other in camp_of} | {own}
        reached.discard(None)
        if len(reached) < 2:
            result.append(broker)
            continue
        reached.discard(own)
        camps = ([own] if own is not None else []) + sorted(reached, key=lambda camp: order.get(camp, len(order)))
        listed = [names.get(camp, camp) for camp in camps]
        words = say("{others} and {last}", others=listed[:-1], last=listed[-1])
        reason = say("bridges the camps {camps}", camps=words)
        reasons = broker.reasons.led_by(reason) if isinstance(broker.reasons, Reasons) else (reason, *broker.reasons)
        result.append(replace(broker, camps=tuple(camps), reasons=reasons))
    return tuple(result)
