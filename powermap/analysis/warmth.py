"""Warmth: the chance that one step of an introduction works, and that step in words.

Warmth is a probability-like number in 0..1, the chance that a step works (someone agrees
to introduce us onward); a route's warmth is the product over its steps
(:mod:`~powermap.analysis.router`).

- A *contact step* (our member -> a stakeholder) takes its chance from the closeness layer
  (:data:`LEVEL_CHANCE`: intimate 0.95 ... outermost 0.10), times :data:`STALE_FACTOR` when the
  last contact is more than ``stale_days`` before the account's ``as_of``, or
  :data:`UNDATED_FACTOR` when it has no date (:func:`contact_warmth`).
- A *tie step* (stakeholder -> stakeholder) takes, over every positive channel between the two,
  the best of ``TIE_CHANCE[type] * weight`` (:data:`TIE_CHANCE`). Directed ties count more
  when the intermediary is the one who sways the next person (influences, advises, boss of)
  than the other way round. The formal line has the weight ``FORMAL_WEIGHT`` (0.5). The best
  channel of a pair is :func:`best_channel`; the walk's costs read the chances of every pair
  at once (:func:`channel_chances`), the steps' words the channels of the pairs they name.
- Who may make a step at all (supporters and neutral people, never the top leader, an
  opponent or someone on the avoid list) is :mod:`~powermap.analysis.exclusions`'s rule;
  :data:`OPPOSED_FACTOR` is kept for callers that weigh an opponent's help themselves.

Reference: Granovetter (1973), The strength of weak ties, American Journal of Sociology
78(6), for tie strength as the chance that a tie carries help.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import NamedTuple

import networkx as nx

from ..i18n import N_, Message, say
from ..model import Strength
from .graph import FORMAL_WEIGHT, POSITIVE_TYPES, person_edges
from .person_edges import PERSON_KINDS, REPORTS_TO
from .sparse import located

__all__ = [
    "LEVEL_CHANCE",
    "TIE_CHANCE",
    "STALE_FACTOR",
    "UNDATED_FACTOR",
    "OPPOSED_FACTOR",
    "Step",
    "StepWords",
    "ContactWarmth",
    "Channel",
    "contact_warmth",
    "contact_step",
    "best_channel",
    "BestChannels",
    "channel_chances",
    "tie_step",
    "contact_words",
]

# Chance that a contact at each closeness layer (5 intimate .. 0 outermost) opens the next door.
LEVEL_CHANCE: Mapping[int, float] = {5: 0.95, 4: 0.85, 3: 0.65, 2: 0.45, 1: 0.25, 0: 0.10}
# Multipliers for a contact older than ``stale_days`` and for one with no date.
STALE_FACTOR = 0.6
UNDATED_FACTOR = 0.75
# Chance that a tie of weight 1.0 yields an introduction: (the intermediary sways the next
# person, the next person sways the intermediary). Symmetric ties are the same both ways. For
# reports_to, "sways" means "is the boss of".
TIE_CHANCE: Mapping[str, tuple[float, float]] = {
    "kin": (0.95, 0.95),
    "friend": (0.90, 0.90),
    "ally": (0.80, 0.80),
    "alumni": (0.75, 0.75),
    "influences": (0.85, 0.60),
    "advises": (0.85, 0.60),
    "reports_to": (0.90, 0.70),
}
# What help from an opponent or a saboteur would count for (routes no longer use them at all).
OPPOSED_FACTOR = 0.5


@dataclass(frozen=True)
class Step:
    """One hop of a route: ``source`` asks ``target`` to meet us (or, first, meets them)."""

    source: str
    target: str
    kind: str  # "contact" or the tie type used
    how: str  # e.g. "contact (close, 2026-11-02)" or "friend (0.7)"
    chance: float

    def to_dict(self) -> dict:
        return {"from": self.source, "to": self.target, "kind": self.kind, "how": self.how, "chance": round(self.chance, 4)}


class StepWords(NamedTuple):
    """A step and the sentence that explains it in a route's reasons."""

    step: Step
    text: Message


class ContactWarmth(NamedTuple):
    """What a contact is worth as a first step."""

    chance: float
    fresh: str  # the contact's freshness in a step's ``how``: its date, "…, stale" or "undated"
    words: str  # its freshness in a sentence


class Channel(NamedTuple):
    """The positive tie one person would use to introduce us to another."""

    chance: float  # ``TIE_CHANCE[kind][0 if forward else 1] * weight``
    kind: str  # the tie type
    forward: bool  # the first person sways the second (is the boss, for the formal line)
    weight: float  # the tie's weight (``FORMAL_WEIGHT`` for the formal line)


def rounded(value: float) -> str:
    """A weight or factor as the reasons show it (two decimals)."""
    return str(round(value, 2))


def name_of(graph: nx.MultiDiGraph, node: str) -> str:
    """A person's name, as the reasons show it."""
    return graph.nodes[node]["name"]


def contact_warmth(data: Mapping, day: dt.date, stale_days: int) -> ContactWarmth:
    """The chance of a contact edge (its ``level`` and ``last_contact``) on ``day``, with its
    freshness for a step's ``how`` and in words."""
    level, last = data["level"], data["last_contact"]
    chance = LEVEL_CHANCE[level]
    if last is None:
        return ContactWarmth(chance * UNDATED_FACTOR, "undated", "contact date unknown")
    age = (day - last).days
    if age > stale_days:
        words = f"stale: last contact {last.isoformat()}, {age} days before {day.isoformat()}"
        return ContactWarmth(chance * STALE_FACTOR, f"{last.isoformat()}, stale", words)
    return ContactWarmth(chance, last.isoformat(), f"last contact {last.isoformat()}")


def contact_words(graph, member: str, person: str, data: Mapping, day: dt.date, stale_days: int) -> Message:
    """"Tomas Reyes knows Colin Barrow (stranger, last met 2026-06-12, 156 days ago)"."""
    from .leaders import CLOSENESS

    level = say(CLOSENESS[data["level"]])
    who = {"member": name_of(graph, member), "person": name_of(graph, person), "level": level}
    last = data["last_contact"]
    if last is None:
        return say("{member} knows {person} ({level}, date unknown)", **who)
    age = (day - last).days
    if age > stale_days:
        return say("{member} knows {person} ({level}, last met {date}, {days} days ago)", **who,
                   date=last.isoformat(), days=age)
    return say("{member} knows {person} ({level}, last met {date})", **who, date=last.isoformat())


def contact_step(graph, member: str, person: str, data: Mapping, day: dt.date, stale_days: int) -> StepWords:
    """Our ``member``'s contact with ``person`` (the contact edge's ``data``) as a first step."""
    warmth = contact_warmth(data, day, stale_days)
    how = f"contact ({Strength.from_level(data['level']).word}, {warmth.fresh})"
    text = contact_words(graph, member, person, data, day, stale_days)
    return StepWords(Step(member, person, "contact", how, warmth.chance), text)


class _TieChannels(dict):
    """``(type, weight, the weight's class, symmetric) -> (channel, back)``: the two channels
    of a kind of tie stored ``source -> target`` (``channel`` for the source introducing us to
    the target, ``back`` for the target introducing us to the source), each kind made once."""

    def __missing__(self, key: tuple) -> tuple[Channel, Channel]:
        kind, weight, _, symmetric = key
        forward, backward = TIE_CHANCE[kind]
        if kind == "reports_to":  # stored person -> boss; the boss sways the person
            both = Channel(backward * weight, kind, False, weight), Channel(forward * weight, kind, True, weight)
        else:
            both = (Channel(forward * weight, kind, True, weight),
                    Channel((forward if symmetric else backward) * weight, kind, symmetric, weight))
        self[key] = both
        return both


def _kind_of(data: Mapping) -> tuple:
    """The key of a positive tie's kind in :class:`_TieChannels`. A weight of 1 is written "1"
    and of 1.0 "1.0" in the reasons, so its class is part of the kind."""
    kind = data["type"]
    if kind == "reports_to":
        return kind, FORMAL_WEIGHT, float, False
    weight = data["weight"]
    return kind, weight, weight.__class__, data.get("symmetric", False)


def best_channel(graph: nx.MultiDiGraph, a: str, b: str, *, _made: _TieChannels | None = None) -> Channel | None:
    """``a``'s best positive channel to introduce us to ``b``, or None when no positive tie
    joins them.

    Every positive tie is a channel both ways: a directed tie is worth ``TIE_CHANCE[type][0]``
    from the one who sways and ``[1]`` from the other, a symmetric one ``[0]`` both ways; the
    formal line runs from the person to their boss and the boss sways. The best channel has
    the highest chance; among equal chances, ``a``'s own ties to ``b`` come first, then
    ``b``'s ties to ``a``, each in the account's edge order.
    """
    made = _TieChannels() if _made is None else _made
    best = None
    for stored, way in ((graph.succ[a].get(b), 0), (graph.succ[b].get(a), 1)):
        for data in (stored or {}).values():
            if data["type"] in POSITIVE_TYPES:
                channel = made[_kind_of(data)][way]
                if best is None or channel.chance > best.chance:
                    best = channel
    return best


class BestChannels:
    """:func:`best_channel` of the pairs asked for, each found once: ``channels.get((a, b))``."""

    def __init__(self, graph: nx.MultiDiGraph):
        self.graph = graph
        self._found: dict[tuple[str, str], Channel | None] = {}
        self._made = _TieChannels()

    def get(self, pair: tuple[str, str]) -> Channel | None:
        found = self._found
        if pair in found:
            return found[pair]
        channel = found[pair] = best_channel(self.graph, *pair, _made=self._made)
        return channel


def channel_chances(graph: nx.MultiDiGraph, index: Mapping[str, int], sources, targets):
    """The chance of the best channel (:func:`best_channel`) from ``sources[i]`` to
    ``targets[i]``, people numbered by ``index``, as a numpy array: 0 where no positive tie
    joins them.

    The account's positive ties between numbered people are read once and weighed together,
    each a channel both ways (the same products of :data:`TIE_CHANCE` and the weight as
    :func:`best_channel`'s); the best of each ordered pair is the highest chance of its
    channels (which of equal channels :func:`best_channel` names does not change the chance).
    """
    import numpy as np

    table = person_edges(graph)
    seat = table.numbering(index)
    places = table.of_kinds(POSITIVE_TYPES)
    tails, heads = seat[table.tails[places]], seat[table.heads[places]]
    among = (tails >= 0) & (heads >= 0)
    places, tails, heads = places[among], tails[among], heads[among]
    wanted_from = np.asarray(sources, dtype=np.int64)
    found = np.zeros(len(wanted_from))
    if not len(places):
        return found
    number = np.full(len(PERSON_KINDS), -1, dtype=np.int64)  # each type's place in TIE_CHANCE
    number[[PERSON_KINDS.index(name) for name in TIE_CHANCE]] = np.arange(len(TIE_CHANCE))
    sways = np.array([chances[0] for chances in TIE_CHANCE.values()])  # from the one who sways
    swayed = np.array([chances[1] for chances in TIE_CHANCE.values()])  # from the one swayed
    kind = number[table.kinds[places]]
    formal = table.kinds[places] == REPORTS_TO  # stored person -> boss; the boss sways the person
    weight = np.where(formal, FORMAL_WEIGHT, table.weights[places])
    both_ways = table.symmetric[places] & ~formal
    forward = np.where(formal, swayed[kind], sways[kind]) * weight  # stored source -> target
    backward = np.where(formal | both_ways, sways[kind], swayed[kind]) * weight
    people = len(index)
    codes = np.concatenate((tails * people + heads, heads * people + tails))
    values = np.concatenate((forward, backward))
    order = np.argsort(codes, kind="stable")
    codes, values = codes[order], values[order]
    starts = np.flatnonzero(np.concatenate(([True], codes[1:] != codes[:-1])))
    best, codes = np.maximum.reduceat(values, starts), codes[starts]
    wanted = wanted_from * people + np.asarray(targets, dtype=np.int64)
    at, hit = located(codes, wanted)
    found[hit] = best[at[hit]]
    return found


_TIE_LABELS = {
    ("influences", True): "influences", ("influences", False): "influenced by",
    ("advises", True): "advises", ("advises", False): "advised by",
    ("reports_to", True): "boss of", ("reports_to", False): "reports to",
}


_SYMMETRIC_WORDS = {
    "kin": N_("{a} and {b} are family"),
    "friend": N_("{a} and {b} are friends"),
    "ally": N_("{a} and {b} are allies"),
    "alumni": N_("{a} and {b} are old schoolmates"),
}
_DIRECTED_WORDS = {
    "influences": N_("{a} influences {b}"),
    "advises": N_("{a} advises {b}"),
    "reports_to": N_("{a} reports to {b}"),
}


def _tie_text(kind: str, forward: bool, a: str, b: str) -> Message:
    """The tie in words, from ``a``'s side (no weights: the reader wants who and what tie)."""
    if kind in _SYMMETRIC_WORDS:
        return say(_SYMMETRIC_WORDS[kind], a=a, b=b)
    if kind == "reports_to":  # forward: a is the boss
        return say(_DIRECTED_WORDS[kind], a=b, b=a) if forward else say(_DIRECTED_WORDS[kind], a=a, b=b)
    return say(_DIRECTED_WORDS[kind], a=a, b=b) if forward else say(_DIRECTED_WORDS[kind], a=b, b=a)


def tie_step(graph: nx.MultiDiGraph, a: str, b: str, channel: Channel | None) -> StepWords | None:
    """``a``'s best channel to ``b`` (from :func:`best_channel`) as a step, or None when there
    is none worth anything."""
    if channel is None or channel.chance <= 0:
        return None
    label = _TIE_LABELS.get((channel.kind, channel.forward), channel.kind)
    text = _tie_text(channel.kind, channel.forward, name_of(graph, a), name_of(graph, b))
    return StepWords(Step(a, b, channel.kind, f"{label} ({rounded(channel.weight)})", channel.chance), text)
