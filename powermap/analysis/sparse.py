"""Sparse matrices with numpy alone: the few operations the analyses need.

PageRank, the leaders' camps, structural holes and the forecast need a sparse matrix times a
vector, row sums and, for structural holes, the entries of a product on a known pattern. Each
is one ``numpy.bincount`` over the stored entries. scipy.sparse would do the same but costs
0.3-0.4 s to import (it brings scipy.linalg and numpy.f2py), more than every analysis of a
500-person account together.

Entries are kept in row-major order with duplicates summed, the order of a CSR matrix, and
``bincount`` adds them one after the other in that order: a product here rounds exactly as
scipy's CSR product does.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

__all__ = ["SparseMatrix", "conjugate_gradients", "triangles", "distinct", "located"]

_PATHS_PER_BLOCK = 1 << 21  # two-step paths expanded at once by `pattern_products`


@dataclass(frozen=True)
class SparseMatrix:
    """A square matrix as its stored entries (``rows[e], cols[e], values[e]``), row-major."""

    rows: Any
    cols: Any
    values: Any
    size: int

    @classmethod
    def from_entries(cls, rows: Sequence[int], cols: Sequence[int], values: Sequence[float], size: int) -> SparseMatrix:
        """Entries in any order, duplicates summed (in the order given), sorted row-major."""
        import numpy as np

        rows, cols = np.asarray(rows, dtype=np.int64), np.asarray(cols, dtype=np.int64)
        values = np.asarray(values, dtype=float)
        keys = rows * size + cols
        order = np.argsort(keys)
        keys_in_order = keys[order]
        repeated = keys_in_order[1:] == keys_in_order[:-1]
        if not repeated.any():  # no entry twice (a graph's ties): sorted is all
            return cls(keys_in_order // size, keys_in_order % size, values[order], size)
        starts = np.concatenate(([True], ~repeated))  # each key's first in order
        unique = keys_in_order[starts]
        slot = np.empty(len(keys), dtype=np.int64)  # each entry's key, by its place among the keys
        slot[order] = np.cumsum(starts) - 1
        values = np.bincount(slot, weights=values, minlength=len(unique))  # summed in the order given
        return cls(unique // size, unique % size, values, size)

    def row_sums(self):
        """Each row's sum, added as scipy's CSR ``sum(axis=1)`` adds (``numpy.add.reduceat``)."""
        import numpy as np

        return self._reduce_rows(np.add)

    def row_maxima(self):
        import numpy as np

        return self._reduce_rows(np.maximum)

    def _reduce_rows(self, ufunc):
        import numpy as np

        reduced = np.zeros(self.size)
        if len(self.rows):
            first = np.flatnonzero(np.diff(self.rows, prepend=-1))
            reduced[self.rows[first]] = ufunc.reduceat(self.values, first)
        return reduced

    def times(self, vector):
        """``A @ x``."""
        import numpy as np

        return np.bincount(self.rows, weights=self.values * vector[self.cols], minlength=self.size)

    def transposed_times(self, vector):
        """``x @ A`` (``A.T @ x``)."""
        import numpy as np

        return np.bincount(self.cols, weights=vector[self.rows] * self.values, minlength=self.size)

    def rows_in_column(self, column: int):
        """The rows with a nonzero entry in ``column``, ascending."""
        return self.rows[(self.cols == column) & (self.values != 0)]

    def scaled_rows(self, factors) -> SparseMatrix:
        """``diag(factors) @ A``."""
        return SparseMatrix(self.rows, self.cols, factors[self.rows] * self.values, self.size)

    def diagonal(self):
        import numpy as np

        diagonal = np.zeros(self.size)
        on = self.rows == self.cols
        diagonal[self.rows[on]] = self.values[on]
        return diagonal

    def row_starts(self):
        """CSR's ``indptr``: row i's entries are ``starts[i]:starts[i + 1]``."""
        import numpy as np

        starts = np.zeros(self.size + 1, dtype=np.int64)
        np.cumsum(np.bincount(self.rows, minlength=self.size), out=starts[1:])
        return starts

    def sub(self, keep) -> SparseMatrix:
        """The submatrix of the rows and columns ``keep`` (ascending indices), renumbered."""
        import numpy as np

        number = np.full(self.size, -1, dtype=np.int64)
        number[keep] = np.arange(len(keep))
        inside = (number[self.rows] >= 0) & (number[self.cols] >= 0)
        return SparseMatrix(number[self.rows[inside]], number[self.cols[inside]], self.values[inside], len(keep))

    def pattern_products(self, *pairs) -> tuple[Any, ...]:
        """For each pair ``(L, R)`` of value arrays on this matrix's entries, ``(L @ R)_ij`` for
        every stored entry (i, j): the sum of ``L_ik R_kj`` over the two-step paths i-k-j of
        the pattern. Products falling outside the pattern are never formed, so the work grows
        with the two-step paths, not with the size squared.
        """
        import numpy as np

        if len(self.rows) and self._symmetric_without_diagonal():
            return self._triangle_products(pairs)
        starts = self.row_starts()
        count = len(self.rows)
        keys = self.rows * self.size + self.cols
        lengths = starts[self.cols + 1] - starts[self.cols]  # two-step paths through each entry
        ends = np.cumsum(lengths)
        sums = tuple(np.zeros(count) for _ in pairs)
        begin = 0
        while begin < count:
            end = int(np.searchsorted(ends, ends[begin] - lengths[begin] + _PATHS_PER_BLOCK, side="right"))
            end = max(end, begin + 1)
            span = lengths[begin:end]
            first = np.repeat(np.arange(begin, end), span)
            second = starts[self.cols[first]] + np.arange(len(first)) - np.repeat(np.cumsum(span) - span, span)
            wanted = self.rows[first] * self.size + self.cols[second]
            found, hit = located(keys, wanted)
            first, second, found = first[hit], second[hit], found[hit]
            for total, (left, right) in zip(sums, pairs):
                total += np.bincount(found, weights=left[first] * right[second], minlength=count)
            begin = end
        return sums

    def _symmetric_without_diagonal(self) -> bool:
        """Whether the pattern is an undirected graph's (``(j, i)`` stored with every
        ``(i, j)``) with nothing on the diagonal (no loop)."""
        import numpy as np

        if (self.rows == self.cols).any():
            return False
        return bool(np.array_equal(np.sort(self.cols * self.size + self.rows), self.rows * self.size + self.cols))

    def _triangle_products(self, pairs) -> tuple[Any, ...]:
        """:meth:`pattern_products` of a pattern that is an undirected graph without loops: a
        two-step path i-k-j ends on a stored entry (i, j) only when i, k and j make a triangle,
        so the triangles are listed (:func:`triangles`) and each gives its six ordered paths. Each
        entry's paths are added in the order of ``k``, one after the other, as the paths listed
        row by row add them. On a 50,000-person account's ties (473,506 entries) the two-step
        paths are 7.6 million and the triangles 21,161."""
        import numpy as np

        size, count = self.size, len(self.rows)
        keys = self.rows * size + self.cols  # sorted (row-major)
        upper = self.rows < self.cols  # each undirected edge once
        a, b, c = triangles(self.rows[upper], self.cols[upper], size)
        # the six ordered paths i-k-j of each triangle
        i = np.concatenate((a, b, a, c, b, c))
        j = np.concatenate((b, a, c, a, c, b))
        k = np.concatenate((c, c, b, b, a, a))

        def entry(x, y):  # every side of a triangle is a stored entry: its place, found in sorted order
            return located(keys, x * size + y)[0]

        target, left_at, right_at = entry(i, j), entry(i, k), entry(k, j)
        by_entry = np.lexsort((k, target))  # each entry's paths in the order of k
        target, left_at, right_at = target[by_entry], left_at[by_entry], right_at[by_entry]
        return tuple(np.bincount(target, weights=left[left_at] * right[right_at], minlength=count) for left, right in pairs)


def triangles(u, v, size: int):
    """The triangles of an undirected graph on the nodes ``0 .. size - 1`` whose edges are
    ``(u[e], v[e])``, each edge once and no loop: three arrays ``a, b, c``, a triangle each,
    each triangle once. Each edge runs from its end of lower degree (then lower number) to the
    other, and every two edges leaving one node are checked for the edge that closes them, so
    the work grows with the pairs of edges leaving a node of lower degree, not with every
    two-step path (Chiba & Nishizeki 1985; Latapy 2008)."""
    import numpy as np

    u, v = np.asarray(u, dtype=np.int64), np.asarray(v, dtype=np.int64)
    degree = np.bincount(np.concatenate((u, v)), minlength=size)
    rank = np.empty(size, dtype=np.int64)
    rank[np.lexsort((np.arange(size), degree))] = np.arange(size)
    low = rank[u] < rank[v]
    tail, head = np.where(low, u, v), np.where(low, v, u)  # lower rank -> higher
    order = np.lexsort((rank[head], tail))  # each tail's heads together, by rank
    tail, head = tail[order], head[order]
    out = np.bincount(tail, minlength=size)
    start = np.concatenate(([0], np.cumsum(out)[:-1]))
    later = out[tail] - (np.arange(len(tail)) - start[tail]) - 1  # the heads of the same tail after this one
    first = np.repeat(np.arange(len(tail)), later)
    step = np.arange(len(first)) - np.repeat(np.cumsum(later) - later, later)
    third = head[first + 1 + step]  # a, b: the first edge; c: a later head of a
    a, b = tail[first], head[first]
    _, closed = located(np.sort(tail * size + head), b * size + third)
    return a[closed], b[closed], third[closed]


def distinct(keys):
    """The different values of an integer array, sorted, and how many times each comes: what
    ``numpy.unique(keys, return_counts=True)`` gives, without the import of numpy's masked
    arrays that it makes (16 ms, more than a small account's analyses spend on it)."""
    import numpy as np

    keys = np.sort(keys)
    if not len(keys):
        return keys, np.zeros(0, dtype=np.int64)
    starts = np.flatnonzero(np.concatenate(([True], keys[1:] != keys[:-1])))
    return keys[starts], np.diff(np.append(starts, len(keys)))


def located(keys, wanted):
    """Where each of ``wanted`` stands in the sorted array ``keys`` (``numpy.searchsorted``,
    kept inside the array) and whether it is there: two arrays, places and a boolean each.

    Many values are looked for in their own sorted order, then put back in theirs: numpy's
    search then starts each from where the last one ended, instead of a binary search from
    the whole array's ends for each, out of the processor's cache (the ties of 50,000 people,
    430,000 values among 470,000: 31 ms instead of 139 ms)."""
    import numpy as np

    wanted = np.asarray(wanted)
    if not len(keys):
        return np.zeros(len(wanted), dtype=np.int64), np.zeros(len(wanted), dtype=bool)
    if len(wanted) < _SORTED_FROM:
        place = np.minimum(np.searchsorted(keys, wanted), len(keys) - 1)
        return place, keys[place] == wanted
    order = np.argsort(wanted)
    in_order = wanted[order]
    found = np.minimum(np.searchsorted(keys, in_order), len(keys) - 1)
    place, there = np.empty_like(found), np.empty(len(wanted), dtype=bool)
    place[order], there[order] = found, keys[found] == in_order
    return place, there


_SORTED_FROM = 4096  # values looked for from which located sorts them first


def conjugate_gradients(
    times: Callable[[Any], Any], b, x0, inverse_diagonal, *, rtol: float, max_steps: int
):
    """Solve ``A x = b`` for a symmetric positive definite ``A`` given as ``times(x) = A @ x``,
    preconditioned by the inverse of its diagonal (Jacobi); stops when the residual's norm is
    below ``rtol`` times ``b``'s. The steps of scipy.sparse.linalg.cg.
    """
    import numpy as np

    x = np.array(x0, dtype=float)
    bound = rtol * np.linalg.norm(b)
    if bound == 0:
        return np.zeros_like(x)
    residual = b - times(x)
    direction, previous = None, 0.0
    for _ in range(max_steps):
        if np.linalg.norm(residual) < bound:
            break
        z = inverse_diagonal * residual
        rho = residual @ z
        direction = z if direction is None else z + (rho / previous) * direction
        image = times(direction)
        step = rho / (direction @ image)
        x += step * direction
        residual -= step * image
        previous = rho
    return x
