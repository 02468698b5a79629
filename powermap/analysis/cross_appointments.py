"""Cross-appointments (交叉约见): meet two key people by telling each about the other.

For each key person B tied positively to the target A, suggest "tell A you are meeting B, and
B you are meeting A": either B is someone we already meet (a fresh contact at ordinary level
or closer, :data:`MET_LEVEL`), which makes the meeting with A natural, or both are key people
we still need to meet. Suggestions we can make at once come first, then the warmer tie, then
the higher key person.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, NamedTuple

import networkx as nx

from ..model import Strength
from .graph import members
from .warmth import contact_warmth, name_of, tie_step

if TYPE_CHECKING:
    from .router import Router

__all__ = ["CrossAppointment", "MET_LEVEL", "cross_appointments"]

MET_LEVEL = 3  # a fresh contact at this level or closer means "we already meet them"


@dataclass(frozen=True)
class CrossAppointment:
    """Tell ``a`` you are meeting ``b`` and ``b`` you are meeting ``a`` (交叉约见)."""

    a: str
    b: str
    kind: str  # "already_met": we meet b already | "both_wanted": we still need to meet both
    suggestion: str
    reasons: tuple[str, ...]

    def to_dict(self) -> dict:
        return {"a": self.a, "b": self.b, "kind": self.kind, "suggestion": self.suggestion, "reasons": list(self.reasons)}


class BestContact(NamedTuple):
    """Our warmest contact with someone: which member, how warm, the contact edge's data."""

    chance: float
    member: str
    data: Mapping


def _best_contact(graph, reach, person: str, day: dt.date, stale_days: int) -> BestContact | None:
    """Our best contact with ``person`` (the first member of the warmest), or None."""
    best = None
    for member in members(graph):
        if reach.has_edge(member, person):
            data = reach[member][person]
            chance = contact_warmth(data, day, stale_days).chance
            if best is None or chance > best.chance:
                best = BestContact(chance, member, data)
    return best


def _met(best: BestContact | None, day: dt.date, stale_days: int) -> bool:
    if best is None:
        return False
    last = best.data["last_contact"]
    return best.data["level"] >= MET_LEVEL and last is not None and (day - last).days <= stale_days


def _contact_words(graph: nx.MultiDiGraph, person: str, best: BestContact | None, day: dt.date, stale_days: int) -> str:
    if best is None:
        return f"nobody on our team has met {name_of(graph, person)} yet"
    fresh = contact_warmth(best.data, day, stale_days).fresh
    return f"{name_of(graph, best.member)} ({Strength.from_level(best.data['level']).word}, {fresh})"


def cross_appointments(router: Router, target: str, blocked: set[str], top_keys: int, limit: int) -> tuple[CrossAppointment, ...]:
    """Cross-appointments between ``target`` and the first ``top_keys`` key persons tied
    positively to them (none of them ``blocked`` or on the avoid list, no rivalry between the
    two), at most ``limit``."""
    graph, reach, ranking, rivals = router.graph, router.reach, router.ranking, router.rivals
    day, stale_days = router.day, router.stale_days
    channels = router.channels()
    key = {person.id: person for person in ranking.top(top_keys)}
    target_name = name_of(graph, target)
    found = []
    for other in router.ties[target]:
        if other not in key or other in blocked or other in router.avoid or frozenset((target, other)) in rivals:
            continue
        made = tie_step(graph, other, target, channels.get((other, target)))
        if made is None:
            continue
        other_name = name_of(graph, other)
        best = _best_contact(graph, reach, other, day, stale_days)
        met = _met(best, day, stale_days)
        reasons = [made.text, f"{other_name} is key person #{key[other].rank}"]
        contact = _contact_words(graph, other, best, day, stale_days)
        if met:
            reasons.append(f"we already meet {other_name}: {contact}")
        elif best is None:
            reasons.append(f"we still need to meet both: {contact}")
        else:
            reasons.append(f"we still need to meet both: we reach {other_name} only weakly: {contact}")
        suggestion = f"Tell {target_name} you are meeting {other_name}, and {other_name} you are meeting {target_name}."
        kind = "already_met" if met else "both_wanted"
        order = (not met, -round(made.step.chance, 9), key[other].rank)
        found.append((order, CrossAppointment(target, other, kind, suggestion, tuple(reasons))))
    found.sort(key=lambda item: item[0])
    return tuple(item[1] for item in found[:limit])
