"""Which engine computes the graph algorithms: networkx (the reference) or python-igraph (fast).

Every analysis takes the account's networkx graph and returns the same result objects
whatever the engine; only the inner graph algorithms change: betweenness, shortest paths
(breadth-first and Dijkstra), community detection (Louvain/Leiden), components. NetworkX is
the reference and the API; igraph (C) is the measured fast engine, held to the reference by
tests (``tests/test_engines.py``): exactly equal where the algorithm is exact, equivalent
where it is not (community detection), within a documented error where a sample is used
(betweenness of very large accounts, whatever the engine). The matrix arithmetic (PageRank,
Burt's constraint and effective size, leaders' camps) is one numpy computation on both
engines (:mod:`powermap.analysis.sparse`), held to networkx's own by the same tests.

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

>>> choose("auto", 50), choose("auto", 50_000), choose("igraph", 50)
('networkx', 'igraph', 'igraph')
"""

from __future__ import annotations

import os
import sys
import weakref
from collections.abc import Callable, Hashable, Iterable

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


def igraph():
    """The python-igraph module, imported on first use."""
    global _IGRAPH
    if _IGRAPH is None:
        # igraph imports matplotlib.pyplot (about 1 s) for its own plotting, which powermap
        # never uses: hide matplotlib while igraph loads, unless something imported it already.
        hidden = "matplotlib" not in sys.modules
        if hidden:
            sys.modules["matplotlib"] = None  # type: ignore[assignment]  # "import matplotlib" fails
        try:
            import igraph as module
        except ImportError as error:  # a declared dependency; only a broken install lands here
            raise EngineError(f"the igraph engine needs python-igraph: pip install python-igraph ({error})") from None
        finally:
            if hidden and sys.modules.get("matplotlib", False) is None:
                del sys.modules["matplotlib"]
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
              keep: Callable[[dict], bool] | None = None, key: Hashable = None):
    """A networkx graph as ``(igraph.Graph, nodes, index)``: vertex ``i`` is ``nodes[i]``
    (the graph's node order, or ``nodes``), edges in the graph's edge order; ``weight``
    copies that edge attribute to the igraph attribute ``"weight"``; ``keep`` filters edges
    by their data. Frozen graphs (the cached projections) are converted once per ``key``.
    """
    frozen = getattr(graph, "frozen", False)
    cache_key = (weight, key, None if nodes is None else tuple(nodes)) if keep is None or key is not None else None
    if frozen and cache_key is not None:
        found = _CONVERTED.get(graph, {}).get(cache_key)
        if found is not None:
            return found
    ig = igraph()
    order = list(graph) if nodes is None else list(nodes)
    index = {node: number for number, node in enumerate(order)}
    edges, weights = [], []
    for u, v, data in graph.edges(data=True):
        if keep is not None and not keep(data):
            continue
        if u in index and v in index:
            edges.append((index[u], index[v]))
            if weight is not None:
                weights.append(data[weight])
    converted = ig.Graph(n=len(order), edges=edges, directed=graph.is_directed())
    if weight is not None:
        converted.es["weight"] = weights
    result = (converted, order, index)
    if frozen and cache_key is not None:
        _CONVERTED.setdefault(graph, {})[cache_key] = result
    return result
