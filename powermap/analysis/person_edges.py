"""The account graph's edges between people (the formal line and the relations) as columns.

Several analyses read every formal line and relation of an account, in the graph's edge order:
the projections (:func:`~powermap.analysis.graph.influence_graph`, ``tie_graph``,
``signed_graph``), the chances of the introduction routes' walk table
(:func:`~powermap.analysis.warmth.channel_chances`) and the typed edge lists
(:func:`~powermap.analysis.graph.typed_edges`). Read from the graph, each edge costs a few
dictionary look-ups in Python, in every process that reads it. :class:`PersonEdges` holds them
once per graph as numpy columns (each edge's ends numbered by the graph's node order, its type,
weight and whether it is symmetric) beside each edge's data dict, in the graph's edge order,
recorded while the graph is built, before the analyses' copies are forked
(:mod:`~powermap.alongside`), so that they share them. On a 50,000-person account with 265,000
relations (`dense`) recording them took about 0.16 s more of the graph's build (0.94 s instead
of 0.78 s); then the factions' signed ties took 0.65 s instead of 0.95 s, the report's three
shared projections 0.87 s instead of 1.15 s and the walk table's chances 0.14 s instead of
0.33 s; the whole report, 11.7 s instead of 12.0 s (medians of four runs of each, alternately).

The graph's edge order (``graph.adjacency()``: each source in node order, its targets in the
order each was first given an edge, each pair's edges in the order they were added) is found
from the order the edges were added when the graph is built (:func:`from_build`), by sorting:
an edge's place is given by its source's place among the nodes, then by the first edge added
between its two ends, then by its own. Any other graph is walked (:func:`from_graph`); the two
give the same columns (tests/test_person_edges.py).
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from itertools import repeat
from operator import itemgetter
from typing import TYPE_CHECKING

from ..model.enums import RelationType

if TYPE_CHECKING:
    import numpy as np

__all__ = ["PersonEdges", "PERSON_KINDS", "REPORTS_TO", "from_build", "from_graph"]

# The edge types between people, each numbered by its place here: the formal line first.
PERSON_KINDS: tuple[str, ...] = ("reports_to", *sorted(kind._value_ for kind in RelationType))
REPORTS_TO = 0  # the formal line's number in PERSON_KINDS
_CODE = {kind: number for number, kind in enumerate(PERSON_KINDS)}


@dataclass(frozen=True, eq=False)
class PersonEdges:
    """Every edge between people of an account graph, in the graph's edge order, as columns.

    ``tails`` and ``heads`` are the ends as stored (the formal line from the person to their
    boss; a symmetric tie as the file first gave it), numbered by the graph's node order
    (``nodes``, ``position``); ``kinds`` numbers each edge's type by :data:`PERSON_KINDS`;
    ``weights`` is the relation's weight (0.0 for the formal line, which has none) and
    ``classes`` numbers the type of that weight (``int`` and ``float`` apart, as an edge's
    data keeps them) by ``weight_types``; ``symmetric`` says whether a relation is symmetric;
    ``datas`` holds each edge's data dict, the graph's own. Read them, never change them.
    """

    nodes: tuple[Hashable, ...]
    position: Mapping[Hashable, int]
    tails: np.ndarray
    heads: np.ndarray
    kinds: np.ndarray
    weights: np.ndarray
    classes: np.ndarray
    weight_types: tuple[type, ...]
    symmetric: np.ndarray
    datas: Sequence[dict]

    def __len__(self) -> int:
        return len(self.datas)

    def of_kinds(self, kinds: Iterable[str]) -> np.ndarray:
        """The places (in edge order) of the edges of the given types."""
        import numpy as np

        wanted = [_CODE[kind] for kind in kinds if kind in _CODE]
        return np.flatnonzero(np.isin(self.kinds, wanted))

    def triples(self, kinds: Iterable[str]) -> list[tuple[Hashable, Hashable, dict]]:
        """The edges of the given types as ``(source, target, data)``, in edge order."""
        nodes, datas = self.nodes, self.datas
        places = self.of_kinds(kinds).tolist()
        return [(nodes[tail], nodes[head], datas[place])
                for place, tail, head in zip(places, self.tails[places].tolist(), self.heads[places].tolist())]

    def numbering(self, index: Mapping[Hashable, int]) -> np.ndarray:
        """For each node number (and one more, for -1: none), that node's number in ``index``,
        -1 for a node not in it (keys of ``index`` that are not nodes of the graph are left out)."""
        import numpy as np

        return self.numbered(index, np.fromiter(index.values(), dtype=np.int64, count=len(index)))

    def numbered(self, keys: Iterable[Hashable], numbers: np.ndarray) -> np.ndarray:
        """:meth:`numbering` of the nodes ``keys`` (as many as ``numbers``) numbered by
        ``numbers`` (-1: none), without a dict of them (the 50,000 people of a projection
        numbered by their places: 3.7 ms instead of 11 ms with the dict)."""
        import numpy as np

        found = np.full(len(self.nodes) + 1, -1, dtype=np.int64)
        # each node's place read at once (5 ms for 50,000, not 23)
        places = np.fromiter(map(self.position.get, keys, repeat(-1)), dtype=np.int64, count=len(numbers))
        there = places >= 0
        found[places[there]] = numbers[there]
        return found


def from_build(nodes: Sequence[Hashable], edges: Sequence[tuple[Hashable, Hashable, str, dict]]) -> PersonEdges:
    """The columns of a graph with ``nodes`` (in its order) whose edges between people are
    ``edges`` ``(source, target, key, data)``, in the order they were added (a pair's first
    edge may come before or after others, but no edge of another kind joins two people):
    put in the graph's edge order by sorting (module notes)."""
    import numpy as np

    position = {node: number for number, node in enumerate(nodes)}
    count = len(edges)
    number = position.__getitem__
    tails = np.fromiter(map(number, map(itemgetter(0), edges)), dtype=np.int64, count=count)
    heads = np.fromiter(map(number, map(itemgetter(1), edges)), dtype=np.int64, count=count)
    added = np.arange(count, dtype=np.int64)
    pair = tails * len(nodes) + heads
    by_pair = np.lexsort((added, pair))
    starts = np.flatnonzero(np.concatenate(([True], pair[by_pair][1:] != pair[by_pair][:-1]))) if count else added
    first = np.empty(count, dtype=np.int64)
    first[by_pair] = np.repeat(by_pair[starts], np.diff(np.append(starts, count)))  # each pair's first edge added
    order = np.lexsort((added, first, tails))
    datas = list(map(itemgetter(3), map(edges.__getitem__, order.tolist())))
    return _columns(tuple(nodes), position, tails[order], heads[order], datas)


def from_graph(graph) -> PersonEdges:
    """The columns of a networkx multigraph's edges between people, walking its adjacency."""
    import numpy as np

    nodes = tuple(graph)
    position = {node: number for number, node in enumerate(nodes)}
    tails, heads, datas = [], [], []
    for source, neighbours in graph.adjacency():
        for target, keyed in neighbours.items():
            for data in keyed.values():
                if data["type"] in _CODE:
                    tails.append(position[source])
                    heads.append(position[target])
                    datas.append(data)
    return _columns(nodes, position, np.array(tails, dtype=np.int64), np.array(heads, dtype=np.int64), datas)


def _columns(nodes, position, tails, heads, datas: list[dict]) -> PersonEdges:
    import numpy as np

    count = len(datas)
    # the columns of each different data dict (edges that say the same share one: graph module notes)
    _, first, which = np.unique(np.fromiter(map(id, datas), dtype=np.int64, count=count), return_index=True,
                                return_inverse=True)
    distinct = [datas[place] for place in first.tolist()]
    types: dict[type, int] = {}
    kinds = np.array([_CODE[data["type"]] for data in distinct], dtype=np.int64)[which]
    weights = np.array([data.get("weight", 0.0) for data in distinct], dtype=float)[which]
    classes = np.array([types.setdefault(data.get("weight").__class__, len(types)) for data in distinct],
                       dtype=np.int64)[which]
    symmetric = np.array([data.get("symmetric", False) for data in distinct], dtype=bool)[which]
    for column in (tails, heads, kinds, weights, classes, symmetric):
        column.flags.writeable = False
    return PersonEdges(nodes, position, tails, heads, kinds, weights, classes, tuple(types), symmetric, datas)
