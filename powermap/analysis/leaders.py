"""Who counts as "key" and who is "the top leader", for inside contacts, risks and the avoid list.

Three answers, kept here so that the analyses that judge people by their place next to the
powerful (:mod:`.inside_contacts`, :mod:`.risks`, :mod:`.avoid`) use one definition:

- :func:`key_set`: the key persons (:attr:`~powermap.analysis.key_persons.KeyPersons.key`, the
  same set the coverage gaps and the key-person tables use), or the first ``count`` of the
  ranking when a count is given;
- :func:`watched`: a wider ring, the key persons and as many people again from the top of the
  ranking, whose rivalries are still worth naming;
- :func:`top_leaders`: the top leader (大领导): the top key person (everyone tied with them at
  the top of the ranking), and the head of the formal line when that person is a decision
  maker. In a centralized organisation the head of the line (董事长, the founder-chairman) is
  the top leader at every sales stage, even in a stage where a deputy ranks first; being the
  open rival of either costs a seller the same.

It also says, in the reader's words, who a person is (:func:`person_words`) and how our team
reaches them (:func:`reach_words`). Helpers, not analyses: each takes the ranking already made.
"""

from __future__ import annotations

from itertools import takewhile

import networkx as nx

from ..i18n import N_, Message, say
from ..model import RelationType, Role, Strength
from .formal_lines import formal_lines
from .graph import active_stakeholders, derived, typed_edges
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


def key_set(key: KeyPersons, count: int | None = None) -> tuple[str, ...]:
    """The ids of the key persons (the first ``count`` of the ranking when given), most
    important first."""
    return tuple(person.id for person in key.select(count))


def watched(key: KeyPersons, count: int | None = None) -> tuple[str, ...]:
    """The key persons and as many again from the top of the ranking: people whose rivals are
    worth naming as a risk."""
    chosen = set(key_set(key, count))
    return tuple(person.id for person in key.ranked if person.id in chosen or person.rank <= 2 * len(chosen))


def formal_heads(graph: nx.MultiDiGraph) -> tuple[str, ...]:
    """The active people heading the largest formal line (every one of them when several lines
    are equally large), in file order; nobody when no line has two people.

    The lines are those among the people still at the buyer
    (:func:`~powermap.analysis.graph.formal_lines`): a boss who left is skipped, and a departed
    head is replaced by their successor. Computed once per graph.
    """
    store = derived(graph)
    if "formal_heads" in store:
        return store["formal_heads"]
    tree = formal_lines(graph).tree
    size = {person: tree.below[person] + 1 for person, head in tree.top.items() if head == person}  # each line's people
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
        found += [person.id for person in takewhile(lambda person: person.rank == first.rank, key.ranked)]
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
    for source, target, data in typed_edges(graph, RelationType.NEGATIVE):
        if source in active and target in active and source != target:
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
