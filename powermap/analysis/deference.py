"""The deference rank: who is listened to, by PageRank of who defers to whom.

Reference: Page, Brin, Motwani & Winograd (1999), The PageRank citation ranking.
"""

from __future__ import annotations

import networkx as nx

from .engine import edge_values, numbered_edges
from .sparse import SparseMatrix

__all__ = ["deference_rank"]


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
    # the edges in the order of influence.edges(data=True): an entry (v, u) for each u -> v
    ends = numbered_edges(influence)
    weights = edge_values(influence, "weight")
    A = SparseMatrix.from_entries(ends[:, 1], ends[:, 0], weights, count)
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
