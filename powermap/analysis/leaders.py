"""Who counts as "key" and who is "the top leader", for inside contacts, risks and the avoid list.

Three answers, kept here so that the analyses that judge people by their place next to the
powerful (:mod:`.inside_contacts`, :mod:`.risks`, :mod:`.avoid`) use one definition:

- :func:`key_set`: the key persons, the first ``count`` of the ranking (``key_count``, the
  same number the coverage gaps use);
- :func:`watched`: a wider ring, twice as many, whose rivalries are still worth naming;
- :func:`top_leaders`: the top leader (大领导): the top key person (everyone tied with them at
  the top of the ranking), and the head of the formal line when that person is a decision
  maker. In a centralized organisation the head of the line (董事长, the founder-chairman) is
  the top leader at every sales stage, even in a stage where a deputy ranks first; being the
  open rival of either costs a seller the same.

It also says, in the reader's words, who a person is (:func:`person_words`) and how our team
reaches them (:func:`reach_words`). Helpers, not analyses: each takes the ranking already made.
"""

from __future__ import annotations

import networkx as nx

from ..i18n import N_, Message, say
from ..model import RelationType, Role, Strength
from .graph import active_stakeholders, derived, stakeholders
from .key_persons import KeyPersons
from .reach import Reach

__all__ = ["key_set", "watched", "top_leaders", "formal_heads", "rivals", "person_words", "reach_words"]

# The six closeness layers, as the reach of a contact is said.
CLOSENESS = {
    Strength.INTIMATE.level: N_("intimate"),
    Strength.CLOSE.level: N_("close"),
    Strength.ORDINARY.level: N_("ordinary"),
    Strength.COLLEAGUE.level: N_("colleague"),
    Strength.STRANGER.level: N_("stranger"),
    Strength.OUTERMOST.level: N_("outermost"),
}


def key_set(key: KeyPersons, count: int) -> tuple[str, ...]:
    """The ids of the people counted as key persons, most important first."""
    return tuple(person.id for person in key.top(count))


def watched(key: KeyPersons, count: int) -> tuple[str, ...]:
    """The key persons and as many again: people whose rivals are worth naming as a risk."""
    return tuple(person.id for person in key.top(2 * count))


def formal_heads(graph: nx.MultiDiGraph) -> tuple[str, ...]:
    """The active people heading the largest formal line (every one of them when several lines
    are equally large), in file order; nobody when no line has two people.

    A boss who left is skipped: their reports answer to the nearest active boss above. Computed
    once per graph.
    """
    store = derived(graph)
    if "formal_heads" in store:
        return store["formal_heads"]
    boss = {person: next((target for target, keyed in graph.succ[person].items() if "reports_to" in keyed), None)
            for person in stakeholders(graph)}
    head: dict[str, str | None] = {}  # the topmost active person on the line from each person up
    for person in boss:
        chain, current = [], person
        while current is not None and current not in head and current not in chain:
            chain.append(current)
            current = boss[current]
        above = head.get(current) if current is not None else None
        for member in reversed(chain):
            if above is None and graph.nodes[member]["active"]:
                above = member
            head[member] = above
    size: dict[str, int] = {}
    for person in active_stakeholders(graph):
        size[head[person]] = size.get(head[person], 0) + 1
    largest = max(size.values(), default=0)
    found = () if largest < 2 else tuple(person for person in active_stakeholders(graph) if size.get(person) == largest)
    store["formal_heads"] = found
    return found


def top_leaders(graph: nx.MultiDiGraph, key: KeyPersons) -> tuple[str, ...]:
    """The top leader(s): the top key person (and anyone tied with them), then the head of the
    largest formal line when they hold the decision-maker role."""
    found: list[str] = []
    if key.ranked:
        first = key.ranked[0]
        found += [person.id for person in key.ranked if person.rank == first.rank]
    for head in formal_heads(graph):
        if head not in found and Role.DECISION_MAKER.value in graph.nodes[head]["roles"]:
            found.append(head)
    return tuple(found)


def rivals(graph: nx.MultiDiGraph) -> dict[str, dict[str, float]]:
    """Each active stakeholder's rivals and the strength of each rivalry (the strongest
    recorded, either direction)."""
    store = derived(graph)
    if "rivals" in store:
        return store["rivals"]
    active = set(active_stakeholders(graph))
    found: dict[str, dict[str, float]] = {}
    for source, target, data in graph.edges(data=True):
        if data["type"] in RelationType.NEGATIVE and source in active and target in active and source != target:
            weight = data["weight"]
            for one, other in ((source, target), (target, source)):
                mine = found.setdefault(one, {})
                mine[other] = max(mine.get(other, 0.0), weight)
    store["rivals"] = found
    return found


def person_words(graph: nx.MultiDiGraph, person: str):
    """A person as a reader knows them: the name, and the title when the file records one."""
    data = graph.nodes[person]
    if data.get("title"):
        return say("{name} ({title})", name=data["name"], title=data["title"])
    return data["name"]


def reach_words(seen: Reach, graph: nx.MultiDiGraph) -> Message:
    """How our team reaches someone: "close contact of Alice Chen, last met 2026-11-02", with
    how long ago when the contact is stale."""
    if seen.level is None:
        return say("no contact with our team")
    names = [graph.nodes[member]["name"] for member in seen.members]
    level = say(CLOSENESS[seen.level])
    if seen.last_contact is None:
        return say("{level} contact of {names}", level=level, names=names)
    if seen.stale:
        return say("{level} contact of {names}, last met {date}, {days} days ago", level=level, names=names,
                   date=seen.last_contact.isoformat(), days=seen.age_days)
    return say("{level} contact of {names}, last met {date}", level=level, names=names,
               date=seen.last_contact.isoformat())
