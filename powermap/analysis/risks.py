"""Ignored risks: people who can hurt the deal and whom we neglect.

"Unknown is risk", and "an ignored person is a threat and may retaliate": some people cannot
make a deal but can break one. For every active stakeholder:

- **power** (0..1): the largest of their key-person score, their pull on a key person (the
  strongest product of influence weights from them to that person over one or two steps), and
  the strength of a personal tie (kin, alumni, ally, or a friendship of strength 0.8 or more,
  :data:`CLOSE_FRIEND`) to a key person or the top leader, times that person's score over the
  top key person's: family and old-school ties to the top are the strongest hidden influence
  in many organisations, a tie further down counts less;
- **threat** (0..1): from the stance (opponent 0.7, skeptic 0.55, unknown 0.45, neutral 0.25,
  supporter 0.05, champion 0), plus 0.3 for the saboteur role, 0.2 for closeness to a
  competitor, 0.1 for being new in post (capped at 1), so an opponent who also sabotages and
  sides with a competitor outranks a plain opponent;
- **neglect** (0..1): no contact 1.0, only ``outermost`` 0.9, weak (colleague or stranger)
  0.7, stale 0.6, otherwise 0.2 (ordinary) or 0.1 (close, intimate).

score = sqrt(power) x (0.55 x threat + 0.45 x neglect). Supporters and champions we reach at
ordinary closeness or better, recently, are not risks and are left out; so is anyone scoring
below 0.2.

The reasons say the strongest first: a personal tie to the top leader or to a key person ranked
above them, with that person's name (the most important first), then their own rank, their
ties to key persons ranked below them, whom they sway, their stance and what makes them
dangerous, and last how little we see of them. A risk is **urgent** when a hostile
person (an opponent, or a saboteur) close to a competitor has a personal tie to the top leader
(:func:`~powermap.analysis.leaders.top_leaders`): the recommendations then weigh the action on
them as an action on that leader, so it comes among the first.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import networkx as nx

from ..i18n import N_, Message, say
from ..model import RelationType, Role
from .engine import node_data, predecessors, successors
from .graph import active_stakeholders, influence_graph, pulls_to
from .key_persons import KeyPersons, key_persons
from .leaders import key_set, person_words, reach_words, top_leaders
from .reach import STALE_DAYS, Reach, reach_by_person

__all__ = ["Risk", "ignored_risks", "personal_ties", "MIN_SCORE", "CLOSE_FRIEND"]

MIN_SCORE = 0.2
# A friendship counts as a personal tie from this strength ("dines with him weekly"); weaker
# friendships are common in any organisation and say little.
CLOSE_FRIEND = 0.8
_STANCE_THREAT = {"opponent": 0.7, "skeptic": 0.55, "unknown": 0.45, "neutral": 0.25, "supporter": 0.05, "champion": 0.0}
_SABOTEUR, _COMPETITOR, _NEW = 0.3, 0.2, 0.1
_STANCE = {"opponent": N_("opponent"), "skeptic": N_("skeptic"), "unknown": N_("stance unknown"),
           "neutral": N_("not on our side yet (neutral)")}
# Personal ties, the closest kind first: how a tie to a key person, and to the top leader, is said.
_TIES = {
    RelationType.KIN.value: (N_("family of key person {who}"), N_("family of the top leader {who}")),
    RelationType.ALUMNI.value: (N_("old schoolmate of key person {who}"), N_("old schoolmate of the top leader {who}")),
    RelationType.ALLY.value: (N_("ally of key person {who}"), N_("ally of the top leader {who}")),
    RelationType.FRIEND.value: (N_("friend of key person {who}"), N_("friend of the top leader {who}")),
}
_TIE_ORDER = list(_TIES)


@dataclass(frozen=True)
class Risk:
    id: str
    name: str
    score: float
    reasons: tuple[Message, ...]
    urgent_with: str | None = None  # the top leader an urgent risk is tied to (see the module docstring)

    @property
    def urgent(self) -> bool:
        return self.urgent_with is not None

    def to_dict(self) -> dict:
        return {"id": self.id, "name": self.name, "score": self.score, "reasons": list(self.reasons)}


def personal_ties(graph: nx.MultiDiGraph, others) -> dict[str, dict[str, tuple[str, float]]]:
    """Everyone's personal ties (kin, alumni, ally, a close friend) to each of ``others``:
    ``found[person][other]`` is the closest kind of tie and its strength (the strongest recorded
    of that kind). Read from the few ``others``' side, so it costs their ties only."""
    found: dict[str, dict[str, tuple[str, float]]] = {}
    outgoing, incoming = successors(graph), predecessors(graph)  # plain dicts, not networkx's views
    for other in others:
        for neighbours in (outgoing[other], incoming[other]):
            for person, keyed in neighbours.items():
                if person == other:
                    continue
                for data in keyed.values():
                    kind = data["type"]
                    if kind not in _TIES:
                        continue
                    weight = data["weight"]
                    if kind == RelationType.FRIEND.value and weight < CLOSE_FRIEND:
                        continue
                    mine = found.setdefault(person, {})
                    known = mine.get(other)
                    if (known is None or _TIE_ORDER.index(kind) < _TIE_ORDER.index(known[0])
                            or (kind == known[0] and weight > known[1])):
                        mine[other] = (kind, weight)
    return found


def _neglect(seen: Reach) -> float:
    """How little we reach them, 0..1 (said in words by :func:`_neglect_words`)."""
    if seen.level is None:
        return 1.0
    if seen.level == 0:
        return 0.9
    if seen.weak:
        return 0.7
    if seen.stale:
        return 0.6
    return 0.2 if seen.level == 3 else 0.1


def _neglect_words(seen: Reach, graph: nx.MultiDiGraph, once) -> Message | None:
    """How little we reach them, in words (``once``: a message said alike of many, made once)."""
    if seen.level is None:
        return once(N_("nobody on our team has met them"))
    if seen.level == 0:
        return say("we only know of them: {contact}", contact=reach_words(seen, graph))
    if seen.weak:
        return say("only a weak contact: {contact}", contact=reach_words(seen, graph))
    if seen.stale:
        return say("contact gone stale: {contact}", contact=reach_words(seen, graph))
    return None


def ignored_risks(
    graph: nx.MultiDiGraph,
    *,
    key: KeyPersons | None = None,
    top: int | None = None,
    as_of: dt.date | None = None,
    stale_days: int = STALE_DAYS,
    min_score: float = MIN_SCORE,
    engine: str | None = None,
) -> tuple[Risk, ...]:
    """People who could sink the deal while we look elsewhere, most dangerous first
    (``top``: count the first ``top`` of the ranking as the key persons instead of the key
    persons themselves; ``engine`` is passed to :func:`key_persons` when ``key`` is not given)."""
    key = key or key_persons(graph, engine=engine)
    reach = reach_by_person(graph, as_of=as_of, stale_days=stale_days)
    influence = influence_graph(graph)
    key_ids = list(key_set(key, top))
    leaders = top_leaders(graph, key)
    powerful = list(leaders) + [k for k in key_ids if k not in leaders]  # the top leader first
    top_score = key.ranked[0].score if key.ranked and key.ranked[0].score > 0 else 1.0
    pulls_of: dict[str, dict[str, float]] = {}  # pulls_of[p][k]: p's pull on key person k, in key order
    for k in key_ids:
        for puller, weight in pulls_to(influence, [k]).items():
            pulls_of.setdefault(puller, {})[k] = weight
    tied = personal_ties(graph, powerful)
    people = active_stakeholders(graph)
    nodes = node_data(graph)
    found = []
    said: dict[str, Message] = {}
    swaying: dict[str, Message] = {}  # "sways key person X", one message per key person
    is_key = set(key_ids)
    sabotage = Role.SABOTEUR.value  # read once: an enum member's value is a property

    def once(text: str) -> Message:  # a message said alike of everyone it fits, made once
        message = said.get(text)
        if message is None:
            message = said[text] = say(text)
        return message

    score_of = {ranked.id: ranked.score for ranked in key.ranked}  # key.score, read for everyone
    nothing: dict = {}  # no pulls, no ties (read, never written)
    for person in people:
        data = nodes[person]
        seen = reach[person]
        if (data["stance_score"] or 0) >= 1 and seen.good:
            continue  # a covered supporter is not a risk
        ties = tied.get(person) or nothing
        theirs = pulls_of.get(person)
        pulls = {k: weight for k, weight in theirs.items() if k != person} if theirs else nothing
        target = max(pulls, key=pulls.get, default=None)
        power = max(score_of.get(person, 0.0), pulls.get(target, 0.0))
        if ties:  # the strongest tie to someone who matters, weighed by how much they matter
            power = max(power, *[weight * score_of.get(other, 0.0) / top_score for other, (_, weight) in ties.items()])
        stance = data["stance"]
        saboteur = sabotage in data["roles"]
        threat = min(1.0, _STANCE_THREAT[stance] + (_SABOTEUR if saboteur else 0.0)
                     + (_COMPETITOR if data["close_to_competitor"] else 0.0) + (_NEW if data["status"] == "new" else 0.0))
        neglect = _neglect(seen)
        score = power**0.5 * (0.55 * threat + 0.45 * neglect)
        if score < min_score:
            continue  # the words are made for the risks kept only
        rank = key.rank(person)
        above, below = [], []  # ties to people more important than them, and to the others
        for other in sorted(ties, key=powerful.index):
            kind, _ = ties[other]
            tie = say(_TIES[kind][other in leaders], who=person_words(graph, other))
            other_rank = key.rank(other)
            (above if other in leaders or rank is None or (other_rank or rank) < rank else below).append(tie)
        reasons = above
        if person in is_key:
            reasons.append(say("key person #{rank}", rank=rank))
        reasons += below
        if target is not None and pulls[target] >= 0.3:
            sways = swaying.get(target)
            if sways is None:
                sways = swaying[target] = say("sways key person {name}", name=nodes[target]["name"])
            reasons.append(sways)
        if stance in _STANCE:
            reasons.append(once(_STANCE[stance]))
        if saboteur:
            reasons.append(once(N_("saboteur: can break the deal")))
        if data["close_to_competitor"]:
            reasons.append(say("close to competitor {competitor}", competitor=data["close_to_competitor"]))
        if data["status"] == "new":
            reasons.append(once(N_("new in post: allegiances not yet known")))
        why = _neglect_words(seen, graph, once)
        if why:
            reasons.append(why)
        hostile = stance == "opponent" or saboteur
        tied_leaders = [leader for leader in leaders if leader in ties] if hostile and data["close_to_competitor"] else []
        found.append(Risk(person, data["name"], min(1.0, score), tuple(reasons),
                          tied_leaders[0] if tied_leaders else None))
    found.sort(key=lambda risk: -risk.score)  # a stable sort: equal scores stay in file order, as found
    return tuple(found)
