"""Plan: whom to win over next, so the committee's forecast moves most.

Influence maximisation over the consensus forecast (:mod:`.forecast`): choose K people not
yet on our side whose turning supporter raises the support index most, greedily (Kempe,
Kleinberg & Tardos 2003): at each step, try every candidate on top of those already chosen and
keep the one with the largest marginal gain. Candidates are the active stakeholders below
supporter; on big accounts only the ``pool`` with the largest first-order gain (the forecast's
swing estimate) are tried. Each pick comes with the warmest introduction route and the reason.

The greedy plan reaches at least (1 - 1/e) of the best plan's gain when the gain is monotone
and submodular; the forecast is monotone (a property test holds it) and close to additive, and
a test compares greedy with brute force on small accounts.

Reference: Kempe, Kleinberg & Tardos (2003), Maximizing the spread of influence through a
social network, KDD.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import networkx as nx

from ..i18n import N_, Message, chained, say
from .forecast import OpinionModel, forecast
from .key_persons import KeyPersons, join_and, key_persons
from .paths import Router, introduction_paths

__all__ = ["PlanStep", "Plan", "plan", "candidates", "STANCE_WORDS", "stance_said", "leaning", "support_said",
           "SUPPORT_INDEX_MEANING"]

POOL = 40
_SWAYED_SHOWN = 3  # the plan's "why" names this many of the people someone sways, then "and N more"
# A stance (of the record, or forecast) in the reader's words
STANCE_WORDS = {"champion": N_("champion"), "supporter": N_("supporter"), "neutral": N_("neutral"),
                "skeptic": N_("skeptic"), "opponent": N_("opponent"), "unknown": N_("unknown")}


# The support index in words: read as one stance of the whole committee (the index is
# 0.5 + 0.5 x the weighted mean opinion, so the stance score is 4 x (index - 0.5) on -2..2, and
# a stance takes the scores within 0.5 of its own, as Stance.from_score does).
SUPPORT_INDEX_MEANING = N_(
    "support index: where the committee's views would settle as people sway each other; "
    "0 all against us, 0.5 neutral, 1 all for us; weighted by who decides (in a centralized "
    "account the top decision maker counts 70%)")
_EVEN = 0.005  # an index within this of 0.5 shows as 0.50: the committee is split evenly


def leaning(index: float) -> Message:
    """Where a support index leaves the committee, in words: "leans against us" (0.45)."""
    score = 4 * (index - 0.5)
    if abs(index - 0.5) < _EVEN:
        return say("is evenly split")
    if score >= 1.5:
        return say("is firmly for us")
    if score >= 0.5:
        return say("is for us")
    if score > 0:
        return say("leans our way")
    if score > -0.5:
        return say("leans against us")
    if score > -1.5:
        return say("is against us")
    return say("is firmly against us")


def support_said(index: float) -> Message:
    """A support index with its reading: "0.450 (leans against us)"."""
    return say("{index:.3f} (the committee {leaning})", index=index, leaning=leaning(index))


def stance_said(stance: str) -> Message:
    """A stance word (``"neutral"``) as a message, said in the reader's language."""
    return say(STANCE_WORDS[stance])


@dataclass(frozen=True)
class PlanStep:
    id: str
    name: str
    gain: float  # rise of the support index when this person turns supporter (after earlier picks)
    path: tuple[str, ...]  # warmest introduction route, our member first; empty if none
    why: Message  # a str: its English text; ``why.text("zh")`` in Chinese

    def to_dict(self) -> dict:
        return {"id": self.id, "name": self.name, "gain": round(self.gain, 4), "path": list(self.path), "why": self.why}


@dataclass(frozen=True)
class Plan:
    support_index_before: float
    support_index_after: float
    steps: tuple[PlanStep, ...]

    def to_dict(self) -> dict:
        return {
            "support_index_before": round(self.support_index_before, 4),
            "support_index_after": round(self.support_index_after, 4),
            "plan": [step.to_dict() for step in self.steps],
        }


def candidates(graph: nx.MultiDiGraph, model: OpinionModel, pool: int = POOL) -> list[str]:
    """People who could still come round, the most promising first (file order on ties)."""
    below = [p for p in model.people if graph.nodes[p]["stance"] not in ("supporter", "champion")]
    if len(below) <= pool:
        return below
    estimate = dict(forecast(graph, model=model, swing_count=len(below)).swing)
    return sorted(below, key=lambda p: (-estimate.get(p, 0.0), model.index[p]))[:pool]


def _why(graph, key: KeyPersons, model: OpinionModel, person: str, before: float, after: float) -> Message:
    """Why win this person, in a salesperson's words, the strongest fact first, one clause per fact:
    "key person #1, neutral today; carries most of the decision (70%); sways Dora Lin and Cai Wen;
    winning them over moves the committee from 0.45 to 0.65, where it is for us"."""
    stance = graph.nodes[person]["stance"]
    rank = key.rank(person) if key.is_key(person) else None
    if stance == "unknown":
        first = say("key person #{rank}, stance unknown", rank=rank) if rank else say("stance unknown")
    else:
        first = (say("key person #{rank}, {stance} today", rank=rank, stance=stance_said(stance)) if rank
                 else say("{stance} today", stance=stance_said(stance)))
    parts = [first]
    weight = model.weights.get(person, 0.0)
    if weight > 0.5:
        parts.append(say("carries most of the decision ({share:.0%})", share=weight))
    elif weight >= 0.005:
        parts.append(say("carries {share:.0%} of the decision", share=weight))
    swayed = [model.people[j] for j in model.matrix.rows_in_column(model.index[person]) if model.people[j] != person]
    # the people they sway, key persons first by rank, then by name
    swayed.sort(key=lambda p: (key.rank(p) if key.is_key(p) else len(model.people) + 1, graph.nodes[p]["name"], p))
    names = [graph.nodes[p]["name"] for p in swayed]
    if len(names) > _SWAYED_SHOWN + 1:  # "and 1 more" would hide a name as long as itself
        parts.append(say("sways {names} and {count} more", names=names[:_SWAYED_SHOWN], count=len(names) - _SWAYED_SHOWN))
    elif names:
        parts.append(say("sways {names}", names=join_and(names)))
    parts.append(say("winning them over moves the committee from {before:.2f} to {after:.2f}, where it {leaning}",
                     before=before, after=after, leaning=leaning(after)))
    return chained(parts)  # "; " between the facts (a Chinese "；")


def plan(
    graph: nx.MultiDiGraph,
    *,
    budget: int = 3,
    key: KeyPersons | None = None,
    pool: int = POOL,
    as_of: dt.date | None = None,
    engine: str | None = None,
    model: OpinionModel | None = None,
    router: Router | None = None,
) -> Plan:
    """The ``budget`` people to win over next, greedily by marginal support-index gain.

    ``engine`` (:mod:`~powermap.analysis.engine`) computes the key persons (when ``key`` is
    not given) and the introduction routes. ``model`` and ``router``, when given, are the
    account's opinion model and routes prepared already (their key persons, date and engine
    are used)."""
    key = key or key_persons(graph, engine=engine)
    model = model or OpinionModel(graph, key)
    before = model.support_index()
    chosen: dict[str, str] = {}
    current = before
    steps = []
    pool_people = candidates(graph, model, pool)
    # routes through the account's router when given, else each found on its own (a plan alone)
    routing = {"router": router} if router is not None else {"as_of": as_of, "ranking": key, "engine": engine}
    for _ in range(max(0, budget)):
        best, best_value = None, current
        for person in pool_people:
            if person in chosen:
                continue
            value = model.support_index({**chosen, person: "supporter"})
            if value > best_value + 1e-12:
                best, best_value = person, value
        if best is None:
            break
        chosen[best] = "supporter"
        gain = best_value - current
        current = best_value
        routes = introduction_paths(graph, best, k=1, **routing).routes
        why = _why(graph, key, model, best, current - gain, current)
        steps.append(PlanStep(best, graph.nodes[best]["name"], gain, routes[0].path if routes else (), why))
    return Plan(before, current, tuple(steps))
