"""Unbalanced triads: three people whose ties cannot all last.

Triangles of the signed tie graph with an odd number of rivalries (A and B rivals, both tied
to C; or three mutual rivals) cannot last under structural balance (Heider 1946; Cartwright
& Harary 1956): somebody will have to choose. Most important first, by the sum of the three
tie weights; equal weights in the file order of the three people.

References: Heider (1946), Attitudes and cognitive organization, J. Psychology 21;
Cartwright & Harary (1956), Structural balance: a generalization of Heider's theory,
Psychological Review 63.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import NamedTuple

import networkx as nx

from ..i18n import SLASHED, Message, chained, say
from ..model.enums import TIE_WORDS
from .engine import edge_list

__all__ = ["Triad", "unbalanced_triads"]


@dataclass(frozen=True)
class Triad:
    """Three people whose ties cannot all last: one or three rivalries among them."""

    people: tuple[str, str, str]
    rivalries: int
    weight: float
    text: str


class _Unbalanced(NamedTuple):
    order: tuple[float, int, int, int]  # heaviest first, then the file order of the three
    trio: tuple[str, str, str]
    rivalries: int
    weight: float


def unbalanced_triads(signed: nx.Graph, names: Mapping[str, str], channels: Callable[[str, str], Mapping | None] | None = None, *,
                      limit: int = 10) -> tuple[Triad, ...]:
    """Triangles with one or three rivalries, heaviest first (sum of the three tie weights).
    ``channels(a, b)``: the data of the positive tie of ``a`` and ``b`` (its ``channels`` named in
    the words of a tie between the two sides and the one caught between them; e.g.
    :meth:`~powermap.analysis.graph.Pairs.data` of the positive ties), or None where there is none.

    Every such triangle has a rivalry, so they are found from the rivalries (the people each
    rival pair has in common), not from every triangle of the account: at 50,000 people a few
    thousand rivalries instead of a walk of everyone's ties two by two."""
    index = {person: position for position, person in enumerate(signed)}
    seen = set()
    found = []
    for a, b, data in edge_list(signed):
        if data["sign"] >= 0 or a == b:
            continue
        near_a, near_b = signed[a], signed[b]
        if len(near_a) > len(near_b):
            near_a, near_b = near_b, near_a
        for c in near_a:
            if c == a or c == b or c not in near_b:
                continue
            u, v, w = sorted((a, b, c), key=index.__getitem__)  # in file order, as the weight is added
            if (u, v, w) in seen:
                continue
            seen.add((u, v, w))
            pairs = ((u, v), (u, w), (v, w))
            rivals = sum(signed[x][y]["sign"] < 0 for x, y in pairs)
            if rivals % 2:
                weight = sum(signed[x][y]["weight"] for x, y in pairs)
                found.append(_Unbalanced((-weight, index[u], index[v], index[w]), (u, v, w), rivals, weight))
    found.sort(key=lambda item: item.order)
    return tuple(
        Triad(item.trio, item.rivalries, round(item.weight, 6), _triad_text(signed, item.trio, names, channels))
        for item in found[:limit]
    )


def _triad_text(signed: nx.Graph, trio: tuple[str, str, str], names: Mapping[str, str],
                channels: Callable[[str, str], Mapping | None] | None) -> Message:
    u, v, w = trio
    pairs = {(u, v): w, (u, w): v, (v, w): u}
    rivals = [pair for pair in pairs if signed[pair[0]][pair[1]]["sign"] < 0]
    if len(rivals) == 3:
        return say("{a}, {b} and {c} are all rivals of one another: any two of them may team up against the third.",
                   a=names[u], b=names[v], c=names[w])
    (a, b), = rivals
    middle = pairs[a, b]

    def how(person: str) -> Message:
        tie = channels(person, middle) if channels is not None else None
        if tie is not None:
            return chained([TIE_WORDS.get(channel) or channel.replace("_", " ") for channel in tie["channels"]], SLASHED)
        return say("tie")

    return say("{a} and {b} are rivals, yet both are tied to {middle} ({a}: {how_a}; {b}: {how_b}): {middle} is caught "
               "between them and may have to choose.", a=names[a], b=names[b], middle=names[middle], how_a=how(a), how_b=how(b))
