"""The graph engine: every graph algorithm the analyses run, on networkx (the reference) or
python-igraph (fast), in one place.

The analyses take the account's networkx graph and return the same result objects whatever
the engine; they call the operations below and never look at the engine's name. Each
operation takes the engine (``"networkx"``, ``"igraph"``, or ``None``/``"auto"``, resolved
by :func:`engine_for` on the graph it is given), converts to igraph where needed
(:func:`to_igraph`) and maps igraph's vertex numbers back to the graph's nodes itself:

=========================  =======================================  ==========================================
operation                  networkx engine                          igraph engine
=========================  =======================================  ==========================================
:func:`components`         ``networkx.connected_components``        ``Graph.connected_components``
:func:`hop_distances`      ``single_source_shortest_path_length``   ``Graph.distances`` or one search by bits
:class:`IndexedDigraph`    ``single_source_dijkstra_path_length``   ``Graph.distances`` with weights
:func:`communities`        Louvain (``louvain_communities``)        Leiden (``Graph.community_leiden``)
:func:`betweenness`        ``networkx.betweenness_centrality``      ``Graph.betweenness``, rescaled as networkx
:func:`blocks`             ``networkx.biconnected_components``      ``Graph.biconnected_components``
=========================  =======================================  ==========================================

On igraph, distances from many sources to given targets come from one breadth-first search
from all the sources at once, a bit per source (:func:`_hops_by_bits`), and exact betweenness
from :data:`SPLIT_FROM` nodes is summed from two halves of the sources, the second on the
other core (:func:`_two_halves`), which :func:`betweenness_started` starts before the caller
does its other work.

:func:`add_new_edges` fills a new networkx graph (the projections) on either engine, and
:func:`add_keyed_edges` the account graph;
:func:`community_graph` sums a graph's edges between its communities (communities as nodes),
so a hierarchy of communities is built on the small graph, never the person graph.

NetworkX is the reference and the API; igraph (C) is the measured fast engine, held to the
reference by tests (``tests/test_engines.py``): exactly equal where the algorithm is exact,
equivalent where it is not (community detection: Blondel et al. 2008 against Traag, Waltman
& van Eck 2019), within a documented error where a sample is used (betweenness of very large
accounts, whatever the engine: Brandes & Pich 2007). The matrix arithmetic (PageRank, Burt's
constraint and effective size, leaders' camps) is one numpy computation on both engines
(:mod:`powermap.analysis.sparse`), held to networkx's own by the same tests.

Only networkx's public API is used, except in :func:`add_new_edges` and :func:`add_keyed_edges`
(measured fast paths, see there). :func:`node_data`, :func:`successors` and :func:`predecessors` read a graph through
that API at the speed of networkx's own dicts, for the analyses' per-person loops. The oldest
networkx the tests run on is the minimum in ``pyproject.toml`` (``.ci/run`` runs the analysis
tests on it).

The engine is chosen here, in one place:

- ``engine="networkx"`` or ``"igraph"`` forces one;
- ``engine=None`` (the default of every analysis) reads the environment variable
  ``POWERMAP_ENGINE`` (``auto``, ``networkx`` or ``igraph``), else means ``"auto"``;
- ``"auto"`` picks networkx for accounts of fewer than :data:`IGRAPH_FROM` active
  stakeholders and igraph from there on. Measured (docs/performance.md), igraph is faster
  from the smallest accounts (a 500-person report's analyses: 0.27 s against 1.24 s), but
  importing it costs about 0.05 s, and below 100 people the whole analysis takes less; the
  small accounts, the examples and the real datasets among them, also keep networkx's
  Louvain groups, which the stories in the examples were written against.

This module imports networkx, numpy and igraph only when an operation runs, so a command can
check its ``--engine`` before anything heavy is loaded.

References: Blondel, Guillaume, Lambiotte & Lefebvre (2008), Fast unfolding of communities in
large networks, J. Stat. Mech. P10008; Traag, Waltman & van Eck (2019), From Louvain to Leiden:
guaranteeing well-connected communities, Scientific Reports 9, 5233; Brandes (2001), A faster
algorithm for betweenness centrality, J. Math. Sociology 25(2); Brandes & Pich (2007),
Centrality estimation in large networks, Int. J. Bifurcation and Chaos 17(7); Dijkstra (1959),
A note on two problems in connexion with graphs, Numerische Mathematik 1; Ramalingam & Reps
(1996), An incremental algorithm for a generalization of the shortest-path problem, J.
Algorithms 21(2); Hopcroft & Tarjan (1973), Algorithm 447: efficient algorithms for graph
manipulation, Comm. ACM 16(6).

>>> choose("auto", 50), choose("auto", 50_000), choose("igraph", 50)
('networkx', 'igraph', 'igraph')
"""

from __future__ import annotations

import math
import os
import random
import sys
import weakref
from collections.abc import Callable, Collection, Hashable, Iterable, Mapping, Sequence

from ..collector import gc_paused
from ..errors import ExitCode, PowermapError

__all__ = [
    "ENGINES",
    "ENGINE_VARIABLE",
    "IGRAPH_FROM",
    "EngineError",
    "requested",
    "choose",
    "engine_for",
    "size_of",
    "igraph",
    "load_libraries",
    "to_igraph",
    "components",
    "hop_distances",
    "IndexedDigraph",
    "Steps",
    "communities",
    "betweenness",
    "blocks",
    "add_new_edges",
    "add_attributed_nodes",
    "add_nodes",
    "add_keyed_edges",
    "community_graph",
    "edge_list",
    "edge_ends",
    "numbered_edges",
    "edge_values",
    "known_edges",
    "both_ways",
    "SharedData",
    "node_data",
    "successors",
    "predecessors",
    "gc_paused",
]

ENGINES = ("auto", "networkx", "igraph")
ENGINE_VARIABLE = "POWERMAP_ENGINE"
# "auto" switches to igraph from this many active stakeholders (see docs/performance.md).
IGRAPH_FROM = 100


class EngineError(PowermapError, ValueError):
    """An engine name that is not one of :data:`ENGINES`."""

    exit_code = ExitCode.USAGE


def requested(engine: str | None = None) -> str:
    """The engine asked for: ``engine`` if given, else ``$POWERMAP_ENGINE``, else ``auto``."""
    source = "engine"
    if engine is None:
        engine, source = os.environ.get(ENGINE_VARIABLE) or "auto", ENGINE_VARIABLE
    name = str(engine).strip().lower()
    if name not in ENGINES:
        raise EngineError(f"{source}: unknown engine {engine!r}; expected one of {', '.join(ENGINES)}")
    return name


def choose(engine: str | None, size: int) -> str:
    """``"networkx"`` or ``"igraph"`` for ``size`` people (see the module docstring)."""
    name = requested(engine)
    if name == "auto":
        return "igraph" if size >= IGRAPH_FROM else "networkx"
    return name


def size_of(graph) -> int:
    """The size the automatic choice looks at: the active stakeholders of an account graph
    (a graph with ``kind`` on its nodes), else the number of nodes."""
    account = graph.graph.get("map")
    if account is not None:
        return sum(1 for person in account.stakeholders if person.active)
    return graph.number_of_nodes()


def engine_for(graph, engine: str | None = None) -> str:
    """The engine for an account graph (or any networkx graph): :func:`choose` by its size."""
    name = requested(engine)
    if name != "auto":
        return name
    return choose(name, size_of(graph))


_IGRAPH = None
_NOT_FOR_IGRAPH = ("matplotlib", "wcwidth")  # see igraph()


def igraph():
    """The python-igraph module, imported on first use."""
    global _IGRAPH
    if _IGRAPH is None:
        # igraph imports, for its own plotting and printing which powermap never uses,
        # matplotlib.pyplot if installed (about 1 s) and, through texttable, wcwidth if
        # installed (about 0.02 s; texttable then measures characters with unicodedata): hide
        # them while igraph loads, unless something imported them already.
        hidden = [name for name in _NOT_FOR_IGRAPH if name not in sys.modules]
        for name in hidden:
            sys.modules[name] = None  # type: ignore[assignment]  # "import matplotlib" fails
        try:
            import igraph as module
        except ImportError as error:  # a declared dependency; only a broken install lands here
            raise EngineError(f"the igraph engine needs python-igraph: pip install python-igraph ({error})") from None
        finally:
            for name in hidden:
                if sys.modules.get(name, False) is None:
                    del sys.modules[name]
        _IGRAPH = module
    return _IGRAPH


def load_libraries(engine: str) -> None:
    """Import what the analyses compute with (numpy, and igraph for the igraph engine) before
    some of them are forked (:mod:`~powermap.alongside`): each forked process would
    otherwise import them again (about 0.13 s each)."""
    import numpy  # noqa: F401

    if engine == "igraph":
        igraph()


_CONVERTED: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def to_igraph(graph, *, weight: str | None = None, nodes: Iterable[Hashable] | None = None,
              keep: str | None = None):
    """A networkx graph as ``(igraph.Graph, nodes, index)``: vertex ``i`` is ``nodes[i]``
    (the graph's node order, or ``nodes``), edges in the graph's edge order; ``weight``
    copies that edge attribute to the igraph attribute ``"weight"``; ``keep`` names an edge
    attribute above 0 on the edges kept (the others are left out, every node stays).

    Frozen graphs (the cached projections) are converted from their edges numbered once
    (:func:`numbered_edges`, :func:`edge_values`) instead of a look-up per edge, and once for
    each ``weight`` and ``nodes`` (a copy filtered by ``keep`` is made for its one use).
    """
    frozen = getattr(graph, "frozen", False)
    cached = frozen and keep is None  # kept for the next one to ask; a filtered copy is made for one use
    if cached:
        cache_key = (weight, None if nodes is None else tuple(nodes))
        found = _CONVERTED.get(graph, {}).get(cache_key)
        if found is not None:
            return found
    ig = igraph()
    order = list(graph) if nodes is None else list(nodes)
    index = {node: number for number, node in enumerate(order)}
    if frozen:  # the edges as numbers already
        pairs, kept = _renumbered(graph, order, None if keep is None else edge_values(graph, keep) > 0)
        edges = zip(*pairs.T.tolist())  # igraph reads pairs of ints 4x faster than an array's rows
        weights = None if weight is None else edge_values(graph, weight)[kept].tolist()
    else:
        edges, weights = [], []
        for u, v, data in edge_list(graph):
            if keep is not None and not data[keep] > 0:
                continue
            if u in index and v in index:
                edges.append((index[u], index[v]))
                if weight is not None:
                    weights.append(data[weight])
    converted = ig.Graph(n=len(order), edges=edges, directed=graph.is_directed())
    if weight is not None:
        converted.es["weight"] = weights
    result = (converted, order, index)
    if cached:
        _CONVERTED.setdefault(graph, {})[cache_key] = result
    return result


def _renumbered(graph, order: Sequence[Hashable], chosen=None):
    """The graph's edges between nodes of ``order`` (and, given ``chosen``, a boolean array
    over the edges, among those), in edge order, as the places in ``order`` of their ends (an
    array of two columns: :func:`numbered_edges`, renumbered with numpy); and which edges they
    are (a boolean array over the graph's edges)."""
    import numpy as np

    ends = numbered_edges(graph)
    kept = np.ones(len(ends), dtype=bool) if chosen is None else chosen
    if len(order) == len(graph) and all(a is b or a == b for a, b in zip(order, graph)):
        pairs = ends[kept]
    else:
        place = {node: number for number, node in enumerate(graph)}
        at = np.fromiter((place.get(node, -1) for node in order), dtype=np.int64, count=len(order))
        new = np.full(len(place), -1, dtype=np.int64)  # each node's place in order, -1 if not there
        new[at[at >= 0]] = np.flatnonzero(at >= 0)
        renumbered = new[ends]
        kept = kept & (renumbered >= 0).all(axis=1)
        pairs = renumbered[kept]
    return pairs, kept


# --- the graph operations ---------------------------------------------------------------------


def components(graph, *, engine: str | None = None) -> dict[Hashable, int]:
    """The connected piece of an undirected graph each node belongs to: ``{node: number}``.

    networkx: :func:`networkx.connected_components`; igraph:
    :meth:`igraph.Graph.connected_components`. Both number the pieces 0, 1, ... in the order
    of their first node in the graph, and a piece is the same set of nodes on both.

    >>> import networkx as nx
    >>> sorted(components(nx.Graph([("a", "b"), ("c", "d")]), engine="networkx").items())
    [('a', 0), ('b', 0), ('c', 1), ('d', 1)]
    """
    if engine_for(graph, engine) == "networkx":
        import networkx as nx

        return {node: number for number, piece in enumerate(nx.connected_components(graph)) for node in piece}
    converted, nodes, _ = to_igraph(graph)
    return dict(zip(nodes, converted.connected_components().membership))


def hop_distances(graph, sources: Iterable[Hashable], *, targets: Iterable[Hashable] | None = None,
                  engine: str | None = None) -> dict[Hashable, dict[Hashable, int]]:
    """Steps from each source to everyone it reaches on an undirected graph (breadth first);
    with ``targets``, to those of them it reaches only.

    networkx: :func:`networkx.single_source_shortest_path_length` from each source; igraph:
    one :meth:`igraph.Graph.distances` call for all of them (for the targets only, when
    given), or, from :data:`_BITS_FROM` sources to given targets, one breadth-first search
    from all of them at once on the graph's edge list (:func:`_hops_by_bits`, numpy, no igraph
    graph made). The same numbers either way (only the order of each inner dict may differ).
    A source listed twice is searched once.

    >>> import networkx as nx
    >>> hop_distances(nx.path_graph(["a", "b", "c"]), ["a"], engine="networkx")
    {'a': {'a': 0, 'b': 1, 'c': 2}}
    >>> hop_distances(nx.path_graph(["a", "b", "c"]), ["a"], targets=["c"], engine="networkx")
    {'a': {'c': 2}}
    """
    sources = list(dict.fromkeys(sources))
    wanted = None if targets is None else list(dict.fromkeys(targets))
    if engine_for(graph, engine) == "networkx" or not sources or wanted == []:
        import networkx as nx

        found = {source: nx.single_source_shortest_path_length(graph, source) for source in sources}
        if wanted is None:
            return found
        return {source: {target: steps[target] for target in wanted if target in steps} for source, steps in found.items()}
    if wanted is not None and len(sources) >= _BITS_FROM:  # the ties as arrays, no igraph graph needed
        nodes = list(graph)
        index = {node: number for number, node in enumerate(nodes)}
        columns = [index[target] for target in wanted]
        rows = _hops_by_bits(len(nodes), numbered_edges(graph), [index[source] for source in sources], columns)
    else:
        converted, nodes, index = to_igraph(graph)
        columns = None if wanted is None else [index[target] for target in wanted]
        rows = converted.distances(source=[index[source] for source in sources], target=columns)
    named = nodes if columns is None else wanted
    inf = math.inf
    return {
        source: {named[number]: int(steps) for number, steps in enumerate(row) if steps != inf}
        for source, row in zip(sources, rows)
    }


_BITS_FROM = 32  # sources from which hop_distances to given targets searches from all of them at once


def _hops_by_bits(count: int, ends, sources: Sequence[int], targets: Sequence[int]) -> list[list[float]]:
    """Steps from each source to each target on an undirected graph of ``count`` vertices and
    the edges ``ends`` (:func:`edge_ends`) (``inf`` where it does not reach), as igraph's
    ``Graph.distances(source=sources, target=targets)`` gives them, by one
    breadth-first search from all the sources at once: every vertex holds one bit per source,
    and each round passes a vertex's newly reached bits to its neighbours, so a round costs the
    ties times the words of bits (numpy), not the sources times a search of everyone. Rounds
    stop when no bit moves, or when every target has every source's bit."""
    import numpy as np

    width = (len(sources) + 63) // 64
    senders, receivers = both_ways(np.asarray(ends, dtype=np.int64).reshape(-1, 2))
    order = np.argsort(receivers, kind="stable")
    senders, receivers = senders[order], receivers[order]
    starts = np.flatnonzero(np.r_[True, receivers[1:] != receivers[:-1]]) if len(receivers) else receivers
    hearing = receivers[starts]  # the vertices with a tie, each once
    frontier = np.zeros((width, count), dtype=np.uint64)  # word w, vertex v: bits of sources 64w..64w+63
    for number, source in enumerate(sources):
        frontier[number >> 6, source] |= np.uint64(1 << (number & 63))
    reached = frontier.copy()
    found = np.full((len(targets), len(sources)), -1, dtype=np.int64)
    wanted = np.asarray(targets, dtype=np.int64)

    def note(bits, steps: int) -> None:
        words = np.ascontiguousarray(bits[:, wanted].T).astype("<u8")  # target x word, little-endian
        flags = np.unpackbits(words.view(np.uint8), axis=1, bitorder="little")[:, :len(sources)].astype(bool)
        found[flags] = steps  # bits new this round only: a pair is set once

    note(frontier, 0)
    steps = 0
    while len(starts) and frontier.any() and (found < 0).any():
        steps += 1
        fresh = np.zeros_like(frontier)
        for word in range(width):
            heard = np.bitwise_or.reduceat(frontier[word, senders], starts)
            fresh[word, hearing] = heard & ~reached[word, hearing]
        reached |= fresh
        frontier = fresh
        note(frontier, steps)
    inf = math.inf
    return [[inf if steps < 0 else steps for steps in row] for row in found.T.tolist()]


class Steps:
    """``steps[node]``: the numbers of the steps whose end (``ends[step]``) is ``node``, in
    step order, as a list; sorted once (numpy), each node's list made when asked for (a
    search asks for a few hundred of them, not for every node)."""

    def __init__(self, ends: Sequence[int], nodes: int):
        import numpy as np

        ends = np.asarray(ends, dtype=np.int64)
        self._order = np.argsort(ends, kind="stable")
        self._bounds = np.searchsorted(ends[self._order], np.arange(nodes + 1)).tolist()

    def __len__(self) -> int:
        return len(self._bounds) - 1

    def __getitem__(self, node: int) -> list[int]:
        return self._order[self._bounds[node]:self._bounds[node + 1]].tolist()


class IndexedDigraph:
    """A directed graph on the nodes ``0 .. size - 1``, given as its edges (``tails[e] ->
    heads[e]``, of length ``lengths[e] >= 0``), built once for many shortest-path searches.

    :meth:`lengths_from` is Dijkstra's search from one node with some edges closed for that
    search only. networkx runs :func:`networkx.single_source_dijkstra_path_length` with a
    weight function that hides the closed edges; igraph one
    :meth:`igraph.Graph.distances` call, the closed edges made infinitely long. Each engine's
    graph is built on its first search. The same lengths either way (tests/test_engines.py).

    Many searches from one source that close the same edges (``shared``) and a few more each
    (a report's routes to ten people: each closes the steps out of its target and into the
    people to keep away from) start from one search with only the shared edges closed: each
    then searches again, here, only the nodes whose every shortest walk in it used an edge it
    closes (Ramalingam & Reps 1996; :meth:`_searched_again`), a few dozen of 50,000. Every
    length is the one a whole search gives, to the bit: Dijkstra's length of a node is the
    least of its predecessors' lengths plus the step, whoever adds them. When finding what
    one search changes would look at more than :data:`SEARCHED_AGAIN_UP_TO` of the steps (its
    target stands before many people), it and the later ones are whole searches again.

    ``engine`` must be ``"networkx"`` or ``"igraph"`` (these graphs carry no account to size).
    ``incoming`` and ``outgoing`` (each node's steps in and out, :class:`Steps`) are made on
    the first search that needs them, unless given.

    >>> walk = IndexedDigraph(3, [0, 1, 0], [1, 2, 2], [1.0, 1.0, 5.0], engine="networkx")
    >>> walk.lengths_from(0), walk.lengths_from(0, closed={1})
    ({0: 0, 1: 1.0, 2: 2.0}, {0: 0, 1: 1.0, 2: 5.0})
    """

    def __init__(self, size: int, tails: Sequence[int], heads: Sequence[int], lengths: Sequence[float], *, engine: str,
                 incoming: Steps | None = None, outgoing: Steps | None = None):
        if engine not in ENGINES[1:]:
            raise EngineError(f"engine: expected networkx or igraph for an indexed graph, not {engine!r}")
        self.size, self.tails, self.heads, self.lengths, self.engine = size, tails, heads, lengths, engine
        self._incoming, self._outgoing = incoming, outgoing
        self._built = None
        self._kept: tuple | None = None  # (source, shared, each node's length, the reached ones' as a dict)
        self._again = True  # whether searching again only what changes still pays for the kept search

    def lengths_from(self, source: int, closed: Collection[int] = (), *, shared: Collection[int] | None = None) -> dict[int, float]:
        """The length of the shortest walk from ``source`` to every node it reaches without
        using the edges numbered in ``closed`` (or in ``shared``): ``{node: length}``.
        ``shared``: edges closed in many searches from this source, whose search is kept for
        the next (see the class notes)."""
        if shared is None:
            return self._search(source, closed)[1]
        shared = frozenset(shared)
        if self._kept is None or self._kept[:2] != (source, shared):
            self._kept = (source, shared, *self._search(source, shared))
            self._again = True
        row, reached = self._kept[2:]
        closed = shared.union(closed)
        changed = self._searched_again(source, row, closed) if self._again else None
        if changed is None:  # too many nodes to search again here: whole searches from now on
            self._again = False
            return self._search(source, closed)[1]
        lengths = reached.copy()
        for node, length in changed.items():
            if length == math.inf:
                del lengths[node]
            else:
                lengths[node] = length
        return lengths

    def _search(self, source: int, closed: Collection[int]) -> tuple[list[float], dict[int, float]]:
        """One whole search: each node's length (infinite: not reached) and the reached ones'."""
        inf = math.inf
        if self.engine == "networkx":
            import networkx as nx

            if self._built is None:  # each edge keyed by its number: two edges may join the same nodes
                built = nx.MultiDiGraph()
                built.add_nodes_from(range(self.size))
                built.add_edges_from((a, b, edge, {}) for edge, (a, b) in enumerate(zip(self.tails, self.heads)))
                self._built = built
            lengths = self.lengths

            def length(a, b, keyed):  # the shortest open edge from a to b
                return min((lengths[edge] for edge in keyed if edge not in closed), default=None)

            reached = nx.single_source_dijkstra_path_length(self._built, source, weight=length)
            row = [inf] * self.size
            for node, found in reached.items():
                row[node] = found
            return row, reached
        if self._built is None:
            self._built = igraph().Graph(n=self.size, edges=zip(self.tails, self.heads), directed=True)
        weights = list(self.lengths)
        for edge in closed:
            weights[edge] = inf
        row = self._built.distances(source=[source], weights=weights, mode="out")[0]
        return row, {number: length for number, length in enumerate(row) if length != inf}

    def _searched_again(self, source: int, row: Sequence[float], closed: Collection[int]) -> dict[int, float] | None:
        """The nodes whose length in ``row`` (a search from ``source``) closing ``closed`` may
        change, each with its length then (infinite: no longer reached); None when finding
        them would look at more than :data:`SEARCHED_AGAIN_UP_TO` of the steps (a whole search
        in C is then as quick).

        A node keeps its length while one of its shortest-walk steps in ``row`` stays open and
        comes from a node that keeps its own: a step ``u -> v`` with ``row[u] + length ==
        row[v]`` from a node strictly nearer (or from the source; a step of length 0 between
        two others is not counted, so no two nodes hold each other up). The others, found by
        counting each one's such steps left (from the heads of the closed edges on), are
        searched again by Dijkstra's method among themselves, each starting from its best step
        from a node that keeps its length."""
        import heapq

        inf = math.inf
        tails, heads, lengths = self.tails, self.heads, self.lengths
        if self._incoming is None:
            self._incoming, self._outgoing = Steps(heads, self.size), Steps(tails, self.size)
        incoming, outgoing = self._incoming, self._outgoing
        budget = SEARCHED_AGAIN_UP_TO * len(tails)  # steps looked at, at most
        closed = closed if isinstance(closed, (set, frozenset)) else set(closed)
        done: set[int] = set()  # nodes that lose their length, their steps out walked
        left: dict[int, int] = {}  # node -> its shortest-walk steps counted and still holding it up

        def holding(step: int, node: int) -> bool:  # an open shortest-walk step into node from a nearer node
            tail = tails[step]
            return step not in closed and (tail == source or row[tail] < row[node]) and row[tail] + lengths[step] == row[node]

        losing: list[int] = []
        lost: set[int] = set()
        looked = [0]  # steps looked at so far

        def weaken(node: int, step: int | None) -> None:  # ``step`` into ``node`` no longer holds it up
            if node == source or row[node] == inf or node in lost:
                return
            count = left.get(node)
            if count is None:  # first seen: its steps from nodes not yet done
                steps = incoming[node]
                looked[0] += len(steps)
                count = sum(1 for into in steps if tails[into] not in done and holding(into, node))
            elif step is not None and holding(step, node):
                count -= 1
            left[node] = count
            if count == 0:
                lost.add(node)
                losing.append(node)

        for step in closed:
            weaken(heads[step], None)
        while losing:
            if looked[0] > budget:
                return None
            node = losing.pop()
            done.add(node)
            steps = outgoing[node]
            looked[0] += len(steps)
            for step in steps:
                if step not in closed:
                    weaken(heads[step], step)
        best: dict[int, float] = {}
        queue = []
        for node in lost:
            start = inf
            for step in incoming[node]:
                tail = tails[step]
                if step not in closed and tail not in lost and row[tail] != inf:
                    start = min(start, row[tail] + lengths[step])
            if start != inf:
                best[node] = start
                queue.append((start, node))
        heapq.heapify(queue)
        settled: dict[int, float] = {}
        while queue:
            length, node = heapq.heappop(queue)
            if node in settled:
                continue
            settled[node] = length
            for step in outgoing[node]:
                head = heads[step]
                if head in lost and head not in settled and step not in closed:
                    further = length + lengths[step]
                    if further < best.get(head, inf):
                        best[head] = further
                        heapq.heappush(queue, (further, head))
        return {node: settled.get(node, inf) for node in lost}


SEARCHED_AGAIN_UP_TO = 0.1  # the share of an indexed graph's steps looked at to search again here, at most (else a whole search)


def communities(graph, *, weight: str | None = "weight", resolution: float = 1.0, seed: int = 0,
                engine: str | None = None, keep: str | None = None) -> list[set]:
    """Communities of an undirected graph, maximising modularity (seeded, so repeatable).

    With ``keep``, of the graph's edges whose attribute ``keep`` is above 0 only (every node
    kept, e.g. the positive ties of a signed graph, ``keep="sign"``): on
    networkx a new graph of those edges (``weight`` copied), in the graph's edge order; on
    igraph they go straight into the converted graph, the same vertices and edges in the
    same order, without the networkx graph between.

    networkx: Louvain (:func:`networkx.community.louvain_communities`, Blondel et al. 2008);
    igraph: Leiden (:meth:`igraph.Graph.community_leiden` on modularity, iterated until
    stable; Traag, Waltman & van Eck 2019), with igraph's random numbers drawn from
    ``random.Random(seed)`` for the call, then back to igraph's default. The two reach
    partitions of equivalent quality, not the same ones (tests/test_engines.py).

    >>> import networkx as nx
    >>> found = communities(nx.barbell_graph(4, 0), engine="networkx")
    >>> sorted(sorted(group) for group in found)
    [[0, 1, 2, 3], [4, 5, 6, 7]]
    """
    if engine_for(graph, engine) == "networkx":
        import networkx as nx

        if keep is not None:
            kept = nx.Graph()
            kept.add_nodes_from(graph)
            kept.add_edges_from((u, v, {weight: data[weight]} if weight else {})
                                for u, v, data in edge_list(graph) if data[keep] > 0)
            graph = kept
        return nx.community.louvain_communities(graph, weight=weight, resolution=resolution, seed=seed)
    converted, nodes, _ = to_igraph(graph, weight=weight, keep=keep)
    ig = igraph()
    ig.set_random_number_generator(random.Random(seed))  # seeded, then back to igraph's default
    try:
        found = converted.community_leiden(objective_function="modularity", weights="weight" if weight else None,
                                           resolution=resolution, n_iterations=-1)
    finally:
        ig.set_random_number_generator(random)
    return [{nodes[number] for number in members} for members in found]


def betweenness(graph, *, weight: str | None = None, sample: int | None = None, seed: int = 0,
                engine: str | None = None, nodes: Sequence[Hashable] | None = None) -> dict[Hashable, float]:
    """Normalised betweenness of an undirected graph, as
    ``networkx.betweenness_centrality(graph, k=sample, normalized=True, weight=weight, seed=seed)``.

    Exact (Brandes 2001) without ``sample``; with it, estimated from the shortest paths of
    ``sample`` sources drawn by ``random.Random(seed)`` (Brandes & Pich 2007). igraph
    (:meth:`igraph.Graph.betweenness`) counts each unordered pair once, as networkx does for
    undirected graphs before normalising by 2 / ((n - 1)(n - 2)); from a subset of sources it
    counts each (source, other) pair once, half of networkx's sum over the sampled sources.
    igraph is given the same sample and the sums are rescaled, so both engines give the same
    numbers (to 1e-12). With ``weight``, shortest paths of equal float length can be told
    apart differently by the two, so weighted betweenness always uses networkx, the reference.
    ``nodes``: of the graph made of these nodes only (in this order), when every edge joins two
    of them (e.g. everyone with a tie), without a copy of the graph.

    >>> import networkx as nx
    >>> betweenness(nx.path_graph(3), engine="networkx")
    {0: 0.0, 1: 1.0, 2: 0.0}
    """
    return betweenness_started(graph, weight=weight, sample=sample, seed=seed, engine=engine, nodes=nodes)()


def blocks(graph, *, engine: str | None = None, nodes: Sequence[Hashable] | None = None) -> list[list[Hashable]]:
    """The blocks (biconnected components) of an undirected graph: its largest pieces that no
    single node's removal cuts in two, a tie whose removal would (a bridge) being a block of
    its two ends; a node without an edge is in none, a node in two blocks or more is a cut
    vertex. ``nodes``: every node with an edge (e.g. everyone with a tie), for igraph's copy
    of the graph, which :func:`betweenness` given the same nodes makes too.

    networkx: :func:`networkx.biconnected_components`; igraph:
    :meth:`igraph.Graph.biconnected_components` (Hopcroft & Tarjan 1973, both). The same
    blocks, as sets, either way; in an order of the engine's own.

    >>> import networkx as nx
    >>> sorted(sorted(block) for block in blocks(nx.Graph([(1, 2), (2, 3), (3, 1), (3, 4)]), engine="networkx"))
    [[1, 2, 3], [3, 4]]
    """
    if engine_for(graph, engine) == "networkx":
        import networkx as nx

        return [list(block) for block in nx.biconnected_components(graph)]
    converted, order, _ = to_igraph(graph, nodes=nodes)
    return [[order[number] for number in block] for block in converted.biconnected_components()]


SPLIT_FROM = 2_000  # nodes from which igraph's exact betweenness is summed from two halves of the sources


def betweenness_started(graph, *, weight: str | None = None, sample: int | None = None, seed: int = 0, engine: str | None = None,
                        nodes: Sequence[Hashable] | None = None) -> Callable[[], dict[Hashable, float]]:
    """:func:`betweenness` begun now, finished when the function returned is called: where it is
    summed from two halves (exact, on igraph, from :data:`SPLIT_FROM` nodes), the second half
    starts now on the other core (:func:`_two_halves`) and the first is computed when the
    function is called, so the caller's other work runs beside the second half instead of
    after both; otherwise all of it is computed then. The same figures either way."""
    if weight is not None or engine_for(graph, engine) == "networkx":
        def on_networkx() -> dict[Hashable, float]:
            import networkx as nx

            # of the nodes given: a copy (as networkx would make it), not a slower view
            kept = graph if nodes is None else graph.subgraph(nodes).copy()
            return nx.betweenness_centrality(kept, k=sample, normalized=True, weight=weight, seed=seed)

        return on_networkx
    nodes = list(graph) if nodes is None else list(nodes)
    count = len(nodes)
    if count < 3:
        return lambda: dict.fromkeys(nodes, 0.0)
    converted, _, _ = to_igraph(graph, nodes=nodes)  # the conversion blocks() reads too
    if sample is None:
        scores = (lambda: converted.betweenness(directed=False)) if count < SPLIT_FROM else _two_halves(converted, count)
        scale = 2.0 / ((count - 1) * (count - 2))
        return lambda: {node: score * scale for node, score in zip(nodes, scores())}

    def sampled() -> dict[Hashable, float]:
        sources = random.Random(seed).sample(range(count), sample)  # the draw networkx makes for k=sample
        scores = converted.betweenness(directed=False, sources=sources)
        drawn = set(sources)
        # networkx 3.6's estimator: a sampled source never lies between itself and another, so
        # its own figure is the mean over the other k - 1 sources
        return {
            node: 2.0 * score / ((sample - 1 if number in drawn else sample) * (count - 2))
            for number, (node, score) in enumerate(zip(nodes, scores))
        }

    return sampled


def _two_halves(converted, count: int) -> Callable[[], list[float]]:
    """igraph's exact betweenness of an undirected graph as the sum of what the paths from the
    first half of the vertices and from the second half add (``Graph.betweenness(sources=...)``),
    the second half started now in a forked copy of this process, on the other core, where one
    can be made (:func:`~powermap.alongside.alongside`), and the first computed here when the
    function returned is called, which then adds the two (without a copy: the second after the
    first, then). Always summed this way from :data:`SPLIT_FROM` vertices, wherever it runs, so
    an account's figures never depend on the machine: they differ from igraph's single sum by
    rounding only (relative 1e-14 on generated 5,000-person accounts). At 5,000 people it
    halves the brokers' longest step (about 1.4 s of processor time)."""
    from ..alongside import alongside

    half = count // 2
    second = alongside(lambda: converted.betweenness(directed=False, sources=range(half, count)), True)

    def both() -> list[float]:
        first = converted.betweenness(directed=False, sources=range(half))
        return [a + b for a, b in zip(first, second())]

    return both


def add_new_edges(graph, edges: Iterable[tuple[Hashable, Hashable, dict]]) -> None:
    """Add new edges ``(u, v, data)`` between nodes already in a new, simple networkx graph,
    in order, keeping each ``data`` dict itself as the edge's attributes.

    The same graph as ``graph.add_edges_from(edges)`` (the same nodes, edges, order and
    attributes), which copies each dict and checks each end. A measured fast path: the
    projections of a 50,000-person account add about 600,000 edges, in 0.4-0.6 s this way
    against 1.6 s through ``add_edges_from`` (garbage collection paused, as in the analyses),
    2-5 % of that account's report. It writes networkx's adjacency dicts (``_adj``; ``_succ``
    and ``_pred`` of a directed graph), which every networkx 2.x and 3.x keeps, and empties the
    graph's ``__networkx_cache__`` (networkx 3.3 and later; earlier versions have none).
    """
    if graph.is_directed():
        succ, pred = graph._succ, graph._pred
        for u, v, data in edges:
            succ[u][v] = data
            pred[v][u] = data
    else:
        adj = graph._adj
        for u, v, data in edges:
            adj[u][v] = data
            adj[v][u] = data
    cache = getattr(graph, "__networkx_cache__", None)
    if cache:
        cache.clear()


def add_copy(graph, source) -> None:
    """Add the nodes (without their attributes) and the edges of the simple undirected graph
    ``source`` to the new undirected graph ``graph``, keeping each edge's data dict itself:
    each node's neighbours copied at once (the reach graph's 240,000 ties of a 50,000-person
    account in 0.06 s instead of 0.14 s). The same graph as :func:`add_nodes` of ``source`` then
    :func:`add_new_edges` of its :func:`edge_list`, and networkx lists its edges in the same
    order; only a node's own neighbours come in ``source``'s order, where the edges added one
    by one would put those listed before the node first."""
    if graph.is_directed() or source.is_directed() or graph.is_multigraph() or source.is_multigraph():
        raise ValueError("add_copy copies a simple undirected graph into another")
    adj, node_data = graph._adj, graph._node
    for node, near in source._adj.items():
        if node in adj:
            raise ValueError(f"add_copy fills a new graph: {node!r} is in it already")
        adj[node] = near.copy()
        node_data[node] = {}
    cache = getattr(graph, "__networkx_cache__", None)
    if cache:
        cache.clear()


def add_attributed_nodes(graph, nodes: Iterable[tuple[Hashable, dict]]) -> None:
    """Add nodes ``(node, data)`` to a networkx graph built with plain dicts, in order, each
    new node keeping ``data`` itself as its attributes (an existing node's are updated with
    it): the same graph as ``graph.add_node(node, **data)`` for each, without the keyword
    dict, the update and the cache clearing per node (the 50,000 people of an account: about
    0.1 s). Like :func:`add_keyed_edges` it writes networkx's dicts and empties the cache."""
    succ, node_data = graph._adj, graph._node  # a directed graph's _adj is its _succ
    pred = graph._pred if graph.is_directed() else None
    for node, data in nodes:
        if node in succ:
            node_data[node].update(data)
            continue
        if node is None:
            raise ValueError("None cannot be a node")
        succ[node] = {}
        if pred is not None:
            pred[node] = {}
        node_data[node] = data
    cache = getattr(graph, "__networkx_cache__", None)
    if cache:
        cache.clear()


def add_nodes(graph, nodes: Iterable[Hashable]) -> None:
    """Add ``nodes`` without attributes to a networkx graph built with plain dicts, in order:
    the same graph as ``graph.add_nodes_from(nodes)``, through :func:`add_attributed_nodes`
    (the 50,000 people of a projection in about 15 ms instead of 40 ms)."""
    add_attributed_nodes(graph, ((node, {}) for node in nodes))


def add_keyed_edges(graph, edges: Iterable[tuple[Hashable, Hashable, Hashable, dict]]) -> None:
    """Add keyed edges ``(u, v, key, data)`` to a networkx multigraph built with plain dicts
    (``nx.MultiDiGraph()``), in order, keeping each ``data`` dict itself as the edge's
    attributes (an existing edge of that key is updated with it).

    The same graph as ``graph.add_edges_from(edges)`` (nodes missing are added as it adds
    them, the same edges, keys, order and attributes), without its per-edge checks and cache
    clearing: building the graph of a 50,000-person account with 265,000 relations added them
    in about 1 s through ``add_edges_from``. Like :func:`add_new_edges` it writes networkx's
    adjacency dicts (``_succ``, ``_pred``, ``_node``) and empties the graph's cache.
    """
    succ, pred, node = graph._succ, graph._pred, graph._node
    for u, v, key, data in edges:
        if u not in succ or v not in succ:
            for end in (u, v):
                if end not in succ:
                    if end is None:
                        raise ValueError("None cannot be a node")
                    succ[end], pred[end], node[end] = {}, {}, {}
        keyed = succ[u].get(v)
        if keyed is None:
            keyed = succ[u][v] = pred[v][u] = {}
        existing = keyed.get(key)
        if existing is None:
            keyed[key] = data
        else:
            existing.update(data)
    cache = getattr(graph, "__networkx_cache__", None)
    if cache:
        cache.clear()


def community_graph(graph, membership: dict[Hashable, int], *, weight: str = "weight",
                    sign: str | None = None) -> dict[tuple[int, int], list[float]]:
    """The graph of communities: ``{(a, b): [positive, negative]}``, the total ``weight`` of an
    undirected graph's edges between community ``a`` and community ``b`` (``a <= b``; ``a == b``:
    the edges inside one), split by the edge attribute ``sign`` (an edge whose ``sign`` is below
    0 counts as negative; without ``sign`` every edge is positive).

    One pass over the edges, whatever the engine: a hierarchy above the communities then works
    on this graph, whose size is the number of communities and of the pairs tied, not the
    number of people (Blondel et al. 2008 aggregate the same way between Louvain's passes).
    A community's total positive (negative) strength is twice its own entry plus its entries
    with the others.

    >>> import networkx as nx
    >>> community_graph(nx.path_graph(4), {0: 0, 1: 0, 2: 1, 3: 1}, weight="missing")
    {(0, 0): [1.0, 0.0], (0, 1): [1.0, 0.0], (1, 1): [1.0, 0.0]}
    """
    import numpy as np

    ends = numbered_edges(graph)
    if not len(ends):
        return {}
    group = np.fromiter((membership.get(node, -1) for node in graph), dtype=np.int64, count=len(graph))[ends]
    if (group < 0).any():  # an edge's end in no community
        raise KeyError(list(graph)[ends[group < 0][0]])
    low, high = group.min(axis=1), group.max(axis=1)
    negative = edge_values(graph, sign) < 0 if sign is not None else np.zeros(len(ends), dtype=bool)
    size = int(high.max()) + 1
    pairs, first, which = np.unique(low * size + high, return_index=True, return_inverse=True)
    which = which.ravel()
    weights = edge_values(graph, weight, 1.0)
    # each pair's sums, its edges added one after the other in edge order; pairs in the order first met
    sums = [np.bincount(which[side], weights=weights[side], minlength=len(pairs)).astype(float) for side in (~negative, negative)]
    met = np.argsort(first, kind="stable")
    return {(a, b): [positive, against] for a, b, positive, against in
            zip((pairs[met] // size).tolist(), (pairs[met] % size).tolist(), sums[0][met].tolist(), sums[1][met].tolist())}


# --- reading a networkx graph in per-person loops ------------------------------------------------
#
# networkx's views wrap every lookup in Python: ``graph.nodes[n]`` checks its argument, and
# ``graph.succ[n]`` / ``graph.pred[n]`` build a view object whose ``items()`` fetch each neighbour
# through ``__getitem__``. These three build one plain dict per call from networkx's public
# iterators, whose values are networkx's own attribute and adjacency dicts: read them, never
# change them. Measured on a generated 5,000-person account (igraph engine, the analyses in one
# process): calls into networkx's views, 410,000 when the analyses read its private dicts,
# 865,000 through the views in the per-person loops, 414,000 with these; process time of the
# analyses (median of 13 runs) 2.71 s, 2.79 s and 2.76 s.


_EDGE_LISTS: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def edge_list(graph) -> Sequence[tuple]:
    """``graph.edges(data=True)`` as a list of ``(u, v, data)``, made once per frozen graph (the
    account's cached projections, which several analyses walk edge by edge: the factions'
    signed graph about ten times) and read from a list afterwards instead of through
    networkx's edge view, which makes each edge in Python; a graph that is not frozen gets
    its view. Read it, never change it."""
    if not getattr(graph, "frozen", False):
        return graph.edges(data=True)
    found = _EDGE_LISTS.get(graph)
    if found is None:
        datas = _DATAS.pop(graph, None)
        if datas is not None:  # recorded as the graph was made (known_edges): put together from its numbers
            import numpy as np

            ends, nodes = _NUMBERED[graph], np.array(list(graph) + [None], dtype=object)[:-1]
            found = list(zip(nodes[ends[:, 0]].tolist(), nodes[ends[:, 1]].tolist(), datas))
        else:  # iter(): list() of the view itself would first count its edges by walking them all
            found = list(iter(graph.edges(data=True)))
        _EDGE_LISTS[graph] = found
    return found


_NUMBERED: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def numbered_edges(graph):
    """The ends of each edge of :func:`edge_list` numbered by the graph's node order (node
    ``i`` is the ``i``-th of ``list(graph)``), as :func:`edge_ends` gives them: made once per
    frozen graph (or recorded as it was made, :func:`known_edges`), which the brokers' measures
    read (roles, betweenness, constraint, partners' groups, sole links, tie counts), as do
    the deference rank and the factions' camps and Leiden step. Read it, never change it."""
    frozen = getattr(graph, "frozen", False)
    found = _NUMBERED.get(graph) if frozen else None
    if found is None:
        found = edge_ends(edge_list(graph), {node: number for number, node in enumerate(graph)})
        if frozen:
            found.flags.writeable = False
            _NUMBERED[graph] = found
    return found


_VALUES: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def edge_values(graph, name: str, default: float | None = None):
    """Each edge's attribute ``name`` (``default`` where an edge has none; without a default
    every edge must have it) as a numpy array of floats, in the order of :func:`edge_list`:
    made once per frozen graph (or recorded as it was made, :func:`known_edges`). Read it,
    never change it."""
    import numpy as np

    frozen = getattr(graph, "frozen", False)
    known = _VALUES.get(graph, {}) if frozen else {}
    found = known.get((name, default))
    if found is None and default is not None:
        found = known.get((name, None))  # every edge has it: any default would do
    if found is None:
        edges = edge_list(graph)
        values = ((data[name] for *_, data in edges) if default is None
                  else (data.get(name, default) for *_, data in edges))
        found = np.fromiter(values, dtype=float, count=len(edges))
        if frozen:
            found.flags.writeable = False
            _VALUES.setdefault(graph, {})[(name, default)] = found
    return found


_DATAS: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def known_edges(graph, ends, values: Mapping[str, object], datas: Sequence[dict] | None = None) -> None:
    """Record a new graph's :func:`numbered_edges` and :func:`edge_values` (``{name: array}``,
    every edge having the attribute) when the code that built it has them at hand (the
    projections, made from arrays), so that they are never made from its edge list; with
    ``datas``, each edge's data dict in that order, from which (and the numbers) its
    :func:`edge_list` is put together when first asked for, instead of walked through
    networkx's view (about 0.1 s for 150,000 ties against 0.02 s). The graph is to be frozen
    next, unchanged; the arrays become read-only."""
    ends.flags.writeable = False
    _NUMBERED[graph] = ends
    if datas is not None:
        _DATAS[graph] = datas
    for name, array in values.items():
        array.flags.writeable = False
        _VALUES.setdefault(graph, {})[(name, None)] = array


def edge_ends(edges: Sequence[tuple], index: Mapping):
    """The ends of each edge (``(u, v, ...)``, as :func:`edge_list` gives them) numbered by
    ``index``: a numpy array of shape ``(len(edges), 2)``, one comprehension per column."""
    import numpy as np

    ends = np.empty((len(edges), 2), dtype=np.int64)
    ends[:, 0] = [index[edge[0]] for edge in edges]
    ends[:, 1] = [index[edge[1]] for edge in edges]
    return ends


def both_ways(ends):
    """Each edge of ``ends`` (:func:`edge_ends`) one way and back, ``(u, v)`` then ``(v, u)``,
    edge after edge: the arrays of tails and of heads, twice as long."""
    return ends.ravel(), ends[:, ::-1].ravel()


class SharedData(dict):
    """``content -> data``: one attribute dict for all the edges of a graph whose data says
    the same (the graph module's notes), made by ``make(content)`` when first asked for."""

    def __init__(self, make: Callable[[Hashable], dict]):
        super().__init__()
        self._make = make

    def __missing__(self, content: Hashable) -> dict:
        data = self[content] = self._make(content)
        return data


def node_data(graph) -> dict:
    """``{node: its attribute dict}``, from ``graph.nodes(data=True)``: made once for as long as
    the graph does not change (kept in networkx's own cache of the graph, which networkx 3.3 and
    later empty on any change of its nodes or edges; made each time with earlier versions), as a
    report's analyses each ask for it (about 8 ms each at 50,000 people). Read it, never change it."""
    cache = getattr(graph, "__networkx_cache__", None)
    if cache is None or hasattr(graph, "_graph"):  # a view's nodes change with what it shows: read each time
        return dict(graph.nodes(data=True))
    found = cache.get("powermap node data")
    if found is None:
        found = cache["powermap node data"] = dict(graph.nodes(data=True))
    return found


def successors(graph) -> Mapping:
    """``{node: {neighbour: edge data}}`` of the outgoing edges (every edge of an undirected
    graph; for a multigraph the edge data is ``{key: data}``): networkx's own dicts of a graph
    (read them, never change them), which ``graph.adjacency()`` lists, without a copy (7-8 ms
    at 50,000 people, seven times a report); a view's, as ``graph.adjacency()`` gives them."""
    if hasattr(graph, "_graph"):  # a view: what it shows changes with its filters
        return dict(graph.adjacency())
    return graph._adj  # a directed graph's _adj is its _succ


def predecessors(graph) -> Mapping:
    """``{node: {neighbour: edge data}}`` of the incoming edges of a directed graph: networkx's
    own dicts (read them, never change them), as the adjacency of its reversed view
    (``graph.reverse(copy=False)``) lists them; see :func:`successors`."""
    if hasattr(graph, "_graph"):
        return dict(graph.reverse(copy=False).adjacency())
    return graph._pred


def has_edges(graph) -> bool:
    """Whether a graph has an edge: ``graph.number_of_edges() > 0`` without counting them
    (networkx adds every node's degree, about 15 ms at 50,000 people)."""
    return any(successors(graph).values())
