"""Cross-appointments (交叉约见): meet two key people by telling each about the other.

For each key person B tied positively to the target A, suggest "tell A you are meeting B, and
B you are meeting A": either B is someone we already meet (a fresh contact at ordinary level
or closer, :data:`MET_LEVEL`), which makes the meeting with A natural, or both are key people
we still need to meet. Suggestions we can make at once come first, then the warmer tie, then
the higher key person.

A cross-appointment tells A that we are meeting B: it helps only when B's name opens A's door.
So no pair where either side is against us (an opponent, or a saboteur), either side is on the
avoid list (:mod:`~powermap.analysis.avoid`: being seen with them costs us), or the two are
rivals (we would arrive as the rival's guest). B is never the top decision maker above A
either (the routes' rule, :func:`~powermap.analysis.exclusions.avoided`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, NamedTuple

import networkx as nx

from ..i18n import Message, say
from ..model import Role
from .graph import members
from .leaders import CLOSENESS
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
    suggestion: Message
    reasons: tuple[Message, ...]

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


def _how(best: BestContact, day: dt.date, stale_days: int) -> Message:
    """"close, last met 2026-11-02", with how long ago when stale."""
    level = say(CLOSENESS[best.data["level"]])
    last = best.data["last_contact"]
    if last is None:
        return say("{level}, date unknown", level=level)
    age = (day - last).days
    if age > stale_days:
        return say("{level}, last met {date}, {days} days ago", level=level, date=last.isoformat(), days=age)
    return say("{level}, last met {date}", level=level, date=last.isoformat())


def _contact_words(graph: nx.MultiDiGraph, person: str, best: BestContact | None, met: bool, day: dt.date,
                   stale_days: int) -> Message:
    """How we stand with ``person``: met already, not at all, weakly or not recently."""
    name = name_of(graph, person)
    if best is None:
        return say("we still need to meet both: nobody on our team has met {name} yet", name=name)
    member, how = name_of(graph, best.member), _how(best, day, stale_days)
    if met:
        return say("we already meet {name}: {member} knows them ({how})", name=name, member=member, how=how)
    if best.data["level"] < MET_LEVEL:
        return say("we still need to meet both: {member} knows {name} only weakly ({how})", name=name,
                   member=member, how=how)
    return say("we still need to meet both: {member} has not met {name} recently ({how})", name=name,
               member=member, how=how)


def against_us(graph: nx.MultiDiGraph, person: str) -> bool:
    """An opponent, or a saboteur: their name opens no door for us."""
    data = graph.nodes[person]
    return data["stance"] == "opponent" or Role.SABOTEUR.value in data["roles"]


def cross_appointments(router: Router, target: str, blocked: set[str], top_keys: int,
                       limit: int) -> tuple[CrossAppointment, ...]:
    """Cross-appointments between ``target`` and the first ``top_keys`` of the key-person
    ranking tied positively to them, at most ``limit``. None when ``target`` is
    against us or on the avoid list; never with someone against us, on the avoid list,
    ``blocked`` (the target's rivals, the top decision maker above them) or a rival of
    ``target``."""
    graph, reach, ranking, rivals = router.graph, router.reach, router.ranking, router.rivals
    day, stale_days = router.day, router.stale_days
    if target in router.avoid or against_us(graph, target):
        return ()
    channels = router.channels()
    key = {person.id: person for person in ranking.top(top_keys)}
    target_name = name_of(graph, target)
    found = []
    for other in router.ties[target]:
        if (other not in key or other in blocked or other in router.avoid or against_us(graph, other)
                or frozenset((target, other)) in rivals):
            continue
        made = tie_step(graph, other, target, channels.get((other, target)))
        if made is None:
            continue
        other_name = name_of(graph, other)
        best = _best_contact(graph, reach, other, day, stale_days)
        met = _met(best, day, stale_days)
        reasons = (made.text, say("{name} is key person #{rank}", name=other_name, rank=key[other].rank),
                   _contact_words(graph, other, best, met, day, stale_days))
        suggestion = say("Tell {a} you are meeting {b}, and {b} you are meeting {a}.", a=target_name, b=other_name)
        kind = "already_met" if met else "both_wanted"
        order = (not met, -round(made.step.chance, 9), key[other].rank)
        found.append((order, CrossAppointment(target, other, kind, suggestion, reasons)))
    found.sort(key=lambda item: item[0])
    return tuple(item[1] for item in found[:limit])
