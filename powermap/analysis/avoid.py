"""The avoid list (不要接触不该接触的人): people whom being seen with costs us.

The sales-training material names three kinds of people not to cling to: those the top leader
strongly dislikes, reckless people (sooner or later they get into trouble and take you with
them), and overbearing people who have offended many. What the account file records of them:

- **disliked by the top leader**: a rivalry with the top leader
  (:func:`~powermap.analysis.leaders.top_leaders`), whatever the person's stance toward us; a
  rival of the top leader who courts us is the classic trap;
- **offended many**: rivalries with at least :data:`MANY_RIVALS` people in post;
- **reckless**: nothing in the account format records it (a note may say so in free words,
  which powermap does not read), so nobody is listed for it.

Each entry says why, the strongest reason first, and whether our team is already seen with
them. People who left are not listed, and neither is the top leader. Order: rivals of the top
leader first (the stronger rivalry first), then the others by how many they have offended, then
file order.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import networkx as nx

from ..i18n import Message, say, say_n
from .coverage import TOP_KEY_PERSONS
from .defaults import STALE_DAYS
from .graph import active_stakeholders
from .key_persons import KeyPersons, key_persons
from .leaders import person_words, reach_words, rivals, top_leaders
from .reach import reach_by_person

__all__ = ["Avoid", "avoid", "MANY_RIVALS"]

MANY_RIVALS = 3  # rivalries with this many people in post: someone who has offended many


@dataclass(frozen=True)
class Avoid:
    id: str
    name: str
    reasons: tuple[Message, ...]

    def to_dict(self) -> dict:
        return {"id": self.id, "name": self.name, "reasons": list(self.reasons)}


def avoid(
    graph: nx.MultiDiGraph,
    *,
    key: KeyPersons | None = None,
    top: int = TOP_KEY_PERSONS,
    as_of: dt.date | None = None,
    stale_days: int = STALE_DAYS,
    engine: str | None = None,
) -> tuple[Avoid, ...]:
    """The people to keep our distance from, each with why (see the module docstring).

    ``top`` is accepted for the same settings as the other analyses (the avoid list judges by
    the top leader only); ``engine`` is passed to :func:`key_persons` when ``key`` is not given.
    """
    key = key or key_persons(graph, engine=engine)
    reach = reach_by_person(graph, as_of=as_of, stale_days=stale_days)
    leaders = top_leaders(graph, key)
    rivalries = rivals(graph)
    people = active_stakeholders(graph)
    position = {person: place for place, person in enumerate(people)}
    found = []
    for person in people:
        if person in leaders:
            continue
        mine = rivalries.get(person, {})
        reasons = []
        disliked = sorted((leader for leader in leaders if leader in mine), key=lambda leader: -mine[leader])
        for leader in disliked:
            reasons.append(say("rival of the top leader {leader}", leader=person_words(graph, leader)))
        if len(mine) >= MANY_RIVALS:
            names = [graph.nodes[other]["name"] for other in sorted(mine, key=position.__getitem__)]
            reasons.append(say_n("at odds with {count} person: {names}", "at odds with {count} people: {names}",
                                 count=len(mine), names=names))
        if not reasons:
            continue
        seen = reach[person]
        if seen.level is not None:
            reasons.append(say("our team is seen with them: {contact}", contact=reach_words(seen, graph)))
        strongest = mine[disliked[0]] if disliked else 0.0
        found.append((not disliked, -strongest, -len(mine), position[person],
                      Avoid(person, graph.nodes[person]["name"], tuple(reasons))))
    found.sort(key=lambda entry: entry[:4])
    return tuple(entry[-1] for entry in found)
