"""The numpy-only sparse matrix against scipy.sparse and dense numpy on seeded random matrices."""

import numpy as np
import pytest
import scipy.sparse

from powermap.analysis import sparse as sparse_module
from powermap.analysis.sparse import SparseMatrix, conjugate_gradients


def random_entries(size, count, seed):
    rng = np.random.default_rng(seed)
    return rng.integers(0, size, count), rng.integers(0, size, count), rng.random(count)


def reference(rows, cols, values, size):
    """scipy's CSR of the same entries, duplicates summed, indices sorted."""
    matrix = scipy.sparse.coo_array((values, (rows, cols)), shape=(size, size)).tocsr()
    matrix.sum_duplicates()
    return matrix


def dense(matrix):
    full = np.zeros((matrix.size, matrix.size))
    full[matrix.rows, matrix.cols] = matrix.values
    return full


CASES = [(1, 1), (5, 0), (40, 300), (300, 1200), (1000, 150)]


@pytest.mark.parametrize(("size", "count"), CASES)
def test_entries_are_summed_and_in_csr_order(size, count):
    rows, cols, values = random_entries(size, count, seed=size)
    matrix, expected = SparseMatrix.from_entries(rows, cols, values, size), reference(rows, cols, values, size)
    assert np.array_equal(matrix.cols, expected.indices)
    assert np.array_equal(matrix.row_starts(), expected.indptr)
    assert np.allclose(matrix.values, expected.data, rtol=0, atol=1e-15)
    assert np.array_equal(matrix.diagonal(), expected.diagonal())


@pytest.mark.parametrize(("size", "count"), CASES)
def test_products_and_sums_round_as_scipy_does(size, count):
    rows, cols, values = random_entries(size, count, seed=size + 1)
    keys = np.unique(rows * size + cols, return_index=True)[1]  # no duplicates: the same values to the bit
    rows, cols, values = rows[keys], cols[keys], values[keys]
    matrix, expected = SparseMatrix.from_entries(rows, cols, values, size), reference(rows, cols, values, size)
    vector = np.random.default_rng(size).random(size)
    assert np.array_equal(matrix.row_sums(), expected.sum(axis=1))
    assert np.array_equal(matrix.row_maxima(), np.maximum(expected.max(axis=1).toarray().ravel(), 0) if count else np.zeros(size))
    assert np.array_equal(matrix.times(vector), expected @ vector)
    assert np.array_equal(matrix.transposed_times(vector), vector @ expected)
    factors = np.arange(1, size + 1) / 7
    scaled = matrix.scaled_rows(factors)
    assert np.array_equal(dense(scaled), (scipy.sparse.diags(factors) @ expected).toarray())


@pytest.mark.parametrize("block", [1, 7, 1 << 21])
def test_pattern_products_are_the_product_on_the_pattern(monkeypatch, block):
    monkeypatch.setattr(sparse_module, "_PATHS_PER_BLOCK", block)
    rows, cols, values = random_entries(60, 400, seed=block)
    matrix = SparseMatrix.from_entries(np.r_[rows, cols], np.r_[cols, rows], np.r_[values, values], 60)
    left, right = matrix.values, np.random.default_rng(1).random(len(matrix.values))
    dense_left, dense_right = dense(matrix), dense(SparseMatrix(matrix.rows, matrix.cols, right, 60))
    first, second = matrix.pattern_products((left, left), (left, right))
    assert np.allclose(first, (dense_left @ dense_left)[matrix.rows, matrix.cols], rtol=1e-13, atol=0)
    assert np.allclose(second, (dense_left @ dense_right)[matrix.rows, matrix.cols], rtol=1e-13, atol=0)
    assert (first > 0).any()


def plain_pattern_products(matrix, left, right):
    """(L @ R)_ij on every stored entry: for each entry (i, j), every k with (i, k) and (k, j)
    stored, in increasing k, added one after the other."""
    at = {(i, j): e for e, (i, j) in enumerate(zip(matrix.rows.tolist(), matrix.cols.tolist()))}
    near = {}
    for i, k in at:
        near.setdefault(i, []).append(k)
    found = np.zeros(len(at))
    for (i, j), e in at.items():
        total = 0.0
        for k in sorted(near.get(i, [])):
            if (k, j) in at:
                total += left[at[i, k]] * right[at[k, j]]
        found[e] = total
    return found


@pytest.mark.parametrize("seed", range(6))
@pytest.mark.parametrize("size, ties", [(60, 400), (200, 600), (40, 700)])
def test_the_products_of_an_undirected_pattern_come_from_its_triangles(seed, size, ties):
    """An undirected pattern without loops (a graph of ties) takes its products from its
    triangles: the same sums, to the bit, as the plain loop over every two-step path, for
    sparse and for dense random graphs; with a loop, or one-way entries, every path is walked."""
    rows, cols, values = random_entries(size, ties, seed=seed)
    apart = rows != cols
    rows, cols, values = rows[apart], cols[apart], values[apart] * 3 / 7
    matrix = SparseMatrix.from_entries(np.r_[rows, cols], np.r_[cols, rows], np.r_[values, values], size)
    assert matrix._symmetric_without_diagonal()
    left, right = matrix.values, np.random.default_rng(seed).random(len(matrix.values)) / 3
    first, second = matrix.pattern_products((left, left), (left, right))
    assert np.array_equal(first, plain_pattern_products(matrix, left, left))
    assert np.array_equal(second, plain_pattern_products(matrix, left, right))
    assert np.allclose(second, (dense(matrix) @ dense(SparseMatrix(matrix.rows, matrix.cols, right, size)))[matrix.rows, matrix.cols],
                       rtol=1e-13, atol=0)
    assert (first > 0).sum() > len(first) // 10  # many entries close triangles
    looped = SparseMatrix.from_entries(np.r_[rows, cols, 0], np.r_[cols, rows, 0], np.r_[values, values, 1.0], size)
    one_way = SparseMatrix.from_entries(rows, cols, values, size)
    for other in (looped, one_way):
        assert not other._symmetric_without_diagonal()
        weights = np.random.default_rng(seed + 1).random(len(other.values))
        assert np.allclose(other.pattern_products((weights, other.values))[0],
                           (dense(SparseMatrix(other.rows, other.cols, weights, size)) @ dense(other))[other.rows, other.cols],
                           rtol=1e-13, atol=0)


def test_submatrix_and_column_rows():
    rows, cols, values = random_entries(30, 200, seed=3)
    matrix = SparseMatrix.from_entries(rows, cols, values, 30)
    full = reference(rows, cols, values, 30).toarray()
    keep = np.array([1, 4, 5, 9, 20, 29])
    assert np.array_equal(dense(matrix.sub(keep)), full[np.ix_(keep, keep)])
    assert np.array_equal(matrix.rows_in_column(4), np.flatnonzero(full[:, 4]))


def test_conjugate_gradients_solve_a_diagonally_dominant_system():
    rng = np.random.default_rng(5)
    rows, cols, values = random_entries(80, 300, seed=5)
    pull = SparseMatrix.from_entries(np.r_[rows, cols], np.r_[cols, rows], np.r_[values, values], 80)
    diagonal = pull.row_sums() + 0.5
    system = np.diag(diagonal) - dense(pull)
    b = rng.random(80)
    solved = conjugate_gradients(lambda x: diagonal * x - pull.times(x), b, np.zeros(80), 1.0 / diagonal, rtol=1e-12, max_steps=1000)
    assert np.allclose(solved, np.linalg.solve(system, b), rtol=0, atol=1e-10)
    assert np.array_equal(conjugate_gradients(lambda x: x, np.zeros(3), np.ones(3), np.ones(3), rtol=1e-9, max_steps=5), np.zeros(3))


@pytest.mark.parametrize("seed", range(5))
def test_triangles_are_networkx_s(seed):
    """Every triangle once, as networkx finds them (its cliques of three), on random graphs
    from sparse to dense, with isolated nodes and an edge-less graph."""
    import networkx as nx

    from powermap.analysis.sparse import triangles

    for size, chance in ((30, 0.05), (60, 0.2), (25, 0.7)):
        graph = nx.gnp_random_graph(size, chance, seed=seed)
        u, v = (np.array(column, dtype=np.int64) for column in zip(*graph.edges)) if graph.number_of_edges() else ([], [])
        found = sorted(tuple(sorted(three)) for three in zip(*(part.tolist() for part in triangles(u, v, size))))
        expected = sorted(tuple(sorted(clique)) for clique in nx.enumerate_all_cliques(graph) if len(clique) == 3)
        assert found == expected and len(set(found)) == len(found)
    assert [len(part) for part in triangles([], [], 4)] == [0, 0, 0]


@pytest.mark.parametrize("seed", range(4))
def test_distinct_and_located_are_numpy_s_unique_and_isin(seed):
    """The sorted-key helpers the analyses share: ``distinct`` as ``numpy.unique`` with counts,
    ``located`` as ``numpy.isin`` with the place of each value found (empty arrays included)."""
    from powermap.analysis.sparse import distinct, located

    rng = np.random.default_rng(seed)
    keys = rng.integers(0, 50, 200 * seed)
    values, counts = distinct(keys)
    expected_values, expected_counts = np.unique(keys, return_counts=True)
    assert np.array_equal(values, expected_values) and np.array_equal(counts, expected_counts)
    for count in (100, 20_000):  # the second looked for in sorted order (located's _SORTED_FROM)
        wanted = rng.integers(-5, 60, count)
        place, there = located(values, wanted)
        assert np.array_equal(there, np.isin(wanted, values))
        assert np.array_equal(values[place[there]], wanted[there])
        if len(values):  # a value not there: where numpy's search puts it, kept inside the array
            assert np.array_equal(place, np.minimum(np.searchsorted(values, wanted), len(values) - 1))
