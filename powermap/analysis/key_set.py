"""Where the key persons end: the clearest break in the sorted scores.

How many people count as "key" scales with the account: the people above the largest drop
from one score to the next (Cattell's scree test, 1966, applied to the key-person scores; the
same idea as von Luxburg's eigengap heuristic, 2007), looked for after the second person at the
earliest and within the first max(5, ceil(2 sqrt(n))), and never splitting people with the same
score. :func:`powermap.analysis.key_persons.key_set` adds the holders of the roles the stage
turns on.
"""

from __future__ import annotations

import math

__all__ = ["KEY_MIN", "score_break"]

KEY_MIN = 2  # the score break is looked for after the second person at the earliest


def score_break(scores: list[float]) -> int:
    """How many of ``scores`` (best first) stand above the clearest break: the largest drop
    from one score to the next after the second person at the earliest and within the first
    max(5, ceil(2 sqrt(n))), widened so that people with the same score are never split."""
    count = len(scores)
    if count <= KEY_MIN:
        return count
    limit = min(count - 1, max(5, math.ceil(2 * math.sqrt(count))))
    cut, drop = KEY_MIN, -1.0
    for size in range(KEY_MIN, limit + 1):
        gap = scores[size - 1] - scores[size]
        if gap > drop + 1e-12:
            cut, drop = size, gap
    while cut < count and scores[cut] == scores[cut - 1]:
        cut += 1
    return cut
