"""Factions (派系): who is in which camp, which camp is with us, who sides with whom.

Four questions, each answered from the account graph alone:

- **Declared factions.** The factions the file names, their active members (people whose
  ``faction`` names it, plus its leader) and their aggregate stance toward us: the mean of
  the members' known stance scores (-2..2), read back as a word (>= 1.5 champion,
  >= 0.5 supporter, > -0.5 neutral, > -1.5 skeptic, else opponent; ``unknown`` when no
  member's stance is known).
- **Camps, then groups.** Communities of the signed tie graph: Louvain on the positive ties,
  refined for signed modularity (the *groups*), then the groups merged into two or three
  *camps* where the ties say so (:func:`~powermap.analysis.signed_modularity.camp_level`:
  merged while signed modularity at resolution 1/2 rises, on the graph of groups).
- **Leaders' camps.** When two or more declared factions have an active leader, everyone is
  placed in a leader's camp by signed label propagation (:mod:`~powermap.analysis.camps`).
- **Unbalanced triads.** Triangles with an odd number of rivalries, which cannot last under
  structural balance (:mod:`~powermap.analysis.balance`).

This module holds the rules that compare them. Detected and declared are compared person by
person. With leaders' camps, someone *sides with* a camp when its share leads the runner-up
by at least ``min_lead`` (0.2: 60/40 between two camps); without them, everyone in a detected
group sides with the declared faction matched to that group (one-to-one, best Jaccard overlap
first). Reported: undeclared people who side with a faction, declared members who sit with
another camp, and *swings* (undeclared, tied to members of two or more factions, clearly in
none). ``agreement`` is the share of declared members (leaders excepted) placed with their own
faction. A detected group is reported as a new faction (``detected=True``) when it has at
least ``min_size`` people, holds no declared leader, and no more than half of it belongs to
(or clearly sides with) one declared faction, and is not the whole of its camp. A camp is a
declared faction's only when that faction really is the camp: it holds nobody the report lists
in another declared faction (declared there or clearly siding with it), and its Jaccard overlap
with the faction's listed members is at least 1/2 (:data:`CAMP_MATCH`; one camp per faction,
best overlap first). Any other camp is reported as a new one (``level="camp"``), before the
groups inside it (``level="group"``, naming their ``camp``: a detected camp's id or the
declared faction's), so a group is never said to sit in a faction whose opponents it holds.

A detected camp's or group's stance is ``unknown`` when fewer than half of its members'
stances are known, ``mixed`` when the known ones include someone for us (supporter, champion)
and someone against (skeptic, opponent), else the word of their mean.

A declared faction's ``members`` are the people the file puts in it (its leader included),
then the people in no declared faction who clearly side with it; its stance is that of the
members the file puts in it.

References: see the three modules above; Jaccard (1912), The distribution of the flora in
the alpine zone, New Phytologist 11, for the overlap of a group with a faction.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import NamedTuple

import networkx as nx

from ..i18n import N_, Message, say, say_n
from ..model import Stance
from .balance import Triad, unbalanced_triads
from .camps import leader_camps, placements
from .engine import both_ways, edge_values, engine_for, gc_paused, node_data, numbered_edges, successors
from .graph import active_stakeholders, group_data, signed_graph, tie_pairs
from .signed_modularity import camp_level, detect_groups, signed_modularity
from .sparse import distinct

__all__ = [
    "declared_stances",
    "Faction",
    "Alignment",
    "Triad",
    "Factions",
    "factions",
    "stance_word",
    "detect_groups",
    "signed_modularity",
    "leader_camps",
    "unbalanced_triads",
]


@dataclass(frozen=True)
class Faction:
    """A declared faction, or a detected group that matches none."""

    id: str
    name: str
    members: tuple[str, ...]
    stance: str
    detected: bool
    leader: str | None = None  # the declared leader; for a detected camp or group, its most connected member
    support: float | None = None  # mean stance score of members whose stance is known, -2..2
    reasons: tuple[str, ...] = ()
    level: str | None = None  # detected only: "camp" or "group"
    camp: str | None = None  # a detected group's camp: a detected camp's id, a declared faction's, or None

    def to_dict(self) -> dict:
        """The report contract: ``{id, name, members, stance, detected, level, camp}``: ``level``
        is ``camp`` or ``group`` for a detected entry (null for a declared faction), ``camp`` the
        id of a detected group's camp (null for the rest, and for a group in no camp)."""
        return {"id": self.id, "name": self.name, "members": list(self.members), "stance": self.stance,
                "detected": self.detected, "level": self.level, "camp": self.camp}


@dataclass(frozen=True)
class Alignment:
    """Someone whose side is not what the file says, or not said at all.

    ``kind`` is ``sides_with`` (in no declared faction, clearly in one camp),
    ``sits_with_other`` (declared in one faction, clearly in another camp) or ``swing`` (in no
    declared faction, tied to members of two or more, and clearly in none).
    """

    person: str
    kind: str
    faction: str | None  # the faction they side with (for a swing: lean to, if any)
    declared: str | None  # the faction the file puts them in
    pull: float  # their share of that camp, or the Jaccard overlap of their group with it
    text: str


@dataclass(frozen=True)
class Factions:
    """Declared factions (file order) then new detected groups, with the comparison."""

    factions: tuple[Faction, ...]
    groups: tuple[tuple[str, ...], ...]  # every detected group, largest first (singletons included)
    modularity: float  # signed modularity of ``groups``
    camp_level: tuple[tuple[str, ...], ...] = ()  # the detected camps (two or three), largest first, or none
    camp_of: Mapping[str, str] = field(default_factory=dict)  # person -> id of their camp (detected or declared)
    camps: Mapping[str, str] = field(default_factory=dict)  # person -> faction of the leader's camp they are placed in
    pull: Mapping[str, float] = field(default_factory=dict)  # person -> their share of that camp (or group Jaccard)
    sides: Mapping[str, str] = field(default_factory=dict)  # person -> faction they clearly side with
    agreement: float | None = None  # share of declared members who side with their own faction
    alignments: tuple[Alignment, ...] = ()
    unbalanced_triads: tuple[Triad, ...] = ()

    def to_dict(self) -> list[dict]:
        return [faction.to_dict() for faction in self.factions]

    def faction(self, faction_id: str) -> Faction:
        return next(item for item in self.factions if item.id == faction_id)


def stance_word(support: float | None) -> str:
    """The stance word for a mean stance score (``unknown`` for ``None``): see :meth:`Stance.from_score`."""
    return Stance.from_score(support).word


_STANCE_WORDS = {"champion": N_("champion"), "supporter": N_("supporter"), "neutral": N_("neutral"),
                 "skeptic": N_("skeptic"), "opponent": N_("opponent"), "unknown": N_("unknown"), "mixed": N_("mixed")}


def _and(names: Sequence[str]) -> Message | str:
    """Names joined as a reader says them: "A", "A and B", "A, B and C"."""
    if len(names) == 1:
        return names[0]
    return say("{others} and {last}", others=list(names[:-1]), last=names[-1])


# --- the analysis --------------------------------------------------------------------------


@dataclass(frozen=True)
class Declared:
    """A faction as the file declares it, with its active members."""

    id: str
    name: str
    leader: str | None  # the declared leader, if still active
    members: list[str]  # active members in file order, the leader included
    departed: str | None  # the declared leader, if they have left


def _declared(nodes: Mapping[str, dict], people: Sequence[str], factions: Sequence[dict]) -> list[Declared]:
    """Declared factions in file order with their active members (the leader included);
    ``nodes``: the graph's node data (:func:`~powermap.analysis.engine.node_data`), ``factions``
    the factions' (:func:`~powermap.analysis.graph.group_data`)."""
    active = set(people)
    by_faction: dict[str, list[str]] = {}  # one pass over the people, whatever the number of factions
    for person in people:
        by_faction.setdefault(nodes[person]["faction"], []).append(person)
    index = None
    result = []
    for data in factions:
        leader = data["leader"] if data["leader"] in active else None
        members = list(by_faction.get(data["ref"], ()))
        if leader is not None and nodes[leader]["faction"] != data["ref"]:  # the leader, in file order
            index = index or {person: position for position, person in enumerate(people)}
            members = sorted([*members, leader], key=index.__getitem__)
        departed = data["leader"] if data["leader"] is not None and leader is None else None
        result.append(Declared(data["ref"], data["name"], leader, members, departed))
    return result


def declared_stances(graph: nx.MultiDiGraph) -> dict[str, str]:
    """Each declared faction's stance toward us (its active members' mean), without detection:
    what a map legend needs, at the cost of one pass over the people."""
    nodes = node_data(graph)
    return {faction.id: stance_word(_support(nodes, faction.members).mean)
            for faction in _declared(nodes, active_stakeholders(graph), group_data(graph, "faction"))}


class Support(NamedTuple):
    """The mean stance score of the people whose stance is known (-2..2), and how many they are."""

    mean: float | None
    known: int


def _support(nodes: Mapping[str, dict], members: Iterable[str]) -> Support:
    """``nodes``: the graph's node data (:func:`~powermap.analysis.engine.node_data`)."""
    scores = [score for score in (nodes[p]["stance_score"] for p in members) if score is not None]
    return Support(sum(scores) / len(scores) if scores else None, len(scores))


def _jaccard(a: Iterable[str], b: Iterable[str]) -> float:
    a, b = set(a), set(b)
    return len(a & b) / len(a | b) if a | b else 0.0


class Match(NamedTuple):
    """The declared faction a detected group is matched to, and their Jaccard overlap."""

    faction: str
    score: float


def _match(groups: Sequence[Sequence[str]], declared: Sequence[Declared]) -> dict[int, Match]:
    """One-to-one matching of groups to declared factions, best Jaccard first (file order on ties)."""
    pairs = sorted(
        ((-_jaccard(group, faction.members), g, f) for g, group in enumerate(groups) for f, faction in enumerate(declared)),
    )
    used_groups, used_factions, result = set(), set(), {}
    for negative, g, f in pairs:
        if negative < 0 and g not in used_groups and f not in used_factions:
            used_groups.add(g)
            used_factions.add(f)
            result[g] = Match(declared[f].id, -negative)
    return result


@dataclass
class _Sides:
    """Who sides with which declared faction (internal)."""

    camps: dict[str, str] = field(default_factory=dict)  # leaders' camps: everyone placed
    pull: dict[str, float] = field(default_factory=dict)  # top camp share, or Jaccard of the matched group
    lead: dict[str, float] = field(default_factory=dict)  # top share minus the runner-up
    sides: dict[str, str] = field(default_factory=dict)  # clear sides only
    judged: set[str] = field(default_factory=set)  # factions whose members are compared
    pinned: set[str] = field(default_factory=set)  # leaders held in their own camp


def _sides(signed, groups, declared, people, min_lead) -> _Sides:
    """By leaders' camps when two or more factions have a leader (a side is clear when its
    share leads the runner-up by ``min_lead``), else by the declared faction matched to each
    detected group."""
    led = [faction for faction in declared if faction.leader is not None]
    leaders = list(dict.fromkeys(faction.leader for faction in led))
    result = _Sides()
    if len(leaders) >= 2:
        owner = {faction.leader: faction.id for faction in reversed(led)}  # a leader's first faction
        result.judged = {owner[leader] for leader in leaders}
        result.pinned = set(leaders)
        for person, placed in placements(leader_camps(signed, leaders)).items():
            result.lead[person] = placed.lead
            if placed.camp is not None:
                result.camps[person], result.pull[person] = owner[leaders[placed.camp]], placed.share
                if placed.lead >= min_lead:
                    result.sides[person] = result.camps[person]
        return result
    result.judged = {faction.id for faction in declared}
    for g, match in _match(groups, declared).items():
        for person in groups[g]:
            result.sides[person], result.pull[person] = match.faction, match.score
    return result


def _agreement(declared, sides: _Sides) -> float | None:
    """Share of declared members (leaders held in their camp excluded) placed with their faction."""
    placed = sides.camps or sides.sides
    checks = [placed.get(p) == f.id for f in declared if f.id in sides.judged for p in f.members if p not in sides.pinned]
    return sum(checks) / len(checks) if checks else None


def _alignments(graph, signed, people, declared, sides: _Sides) -> tuple[Alignment, ...]:
    """Declared members who sit with another camp, undeclared people who side with one, and
    undeclared people tied into two or more camps who lean on none (swing)."""
    names = {faction.id: faction.name for faction in declared}
    order = {faction: place for place, faction in enumerate(names)}
    member_of = {p: f.id for f in declared if f.id in sides.judged for p in f.members}
    nodes, adjacency = node_data(graph), successors(signed)
    tied_to_two = _tied_to_two(signed, member_of) if sides.camps else set()
    moved, joined, swing = [], [], []
    for person in people:
        data = nodes[person]
        own, side, name = data["faction"], sides.sides.get(person), data["name"]
        if side is not None and own is None:
            text = say("{name} sides with {faction}, though the file puts them in no faction", name=name, faction=names[side])
            joined.append(Alignment(person, "sides_with", side, None, sides.pull[person], text))
        elif side is not None and own != side and own in sides.judged:
            text = say("{name} is declared in {declared} but sits with {faction}", name=name, declared=names[own],
                       faction=names[side])
            moved.append(Alignment(person, "sits_with_other", side, own, sides.pull[person], text))
        elif side is None and own is None and person in tied_to_two:  # tied into two camps or more
            reached = sorted({member_of[o] for o, d in adjacency[person].items() if d["sign"] > 0 and o in member_of},
                             key=order.__getitem__)
            leaning = sides.camps.get(person)
            tied = _and([names[f] for f in reached])
            if leaning:
                text = say("{name} is a swing: tied to {factions}, leans to {faction} only slightly", name=name,
                           factions=tied, faction=names[leaning])
            else:
                text = say("{name} is a swing: tied to {factions}, leans to neither", name=name, factions=tied)
            swing.append(Alignment(person, "swing", leaning, None, sides.pull.get(person, 0.0), text))
    joined.sort(key=lambda item: -item.pull)
    return tuple(moved + swing + joined)


def _strength_inside(signed: nx.Graph, number: Mapping[str, int], parts: Sequence[Sequence[str]]):
    """Each person's positive tie weight to the others of their part (``parts``: the groups,
    or the camps; nobody in two), as a numpy array in the signed graph's node order: for
    everyone at once what ``sum(d["weight"] for other, d in signed[person].items() if other in
    part and d["sign"] > 0)`` gives, added in the same order (a person's ties in edge order,
    which is the order of their neighbours in the signed graph: both by node number, see
    :func:`~powermap.analysis.graph.signed_graph`), so to the bit. ``number``: each person's
    place in the signed graph. The signed graph has no loops."""
    import numpy as np

    label = np.full(len(number), -1, dtype=np.int64)
    for place, part in enumerate(parts):
        label[[number[person] for person in part]] = place
    ends = numbered_edges(signed)
    inside = (edge_values(signed, "sign") > 0) & (label[ends[:, 0]] >= 0) & (label[ends[:, 0]] == label[ends[:, 1]])
    tails, _ = both_ways(ends[inside])
    return np.bincount(tails, weights=np.repeat(edge_values(signed, "weight")[inside], 2), minlength=len(number))


def _tied_to_two(signed: nx.Graph, member_of: Mapping[str, str]) -> set[str]:
    """The people with a positive tie to members of two or more of the factions ``member_of``
    names (person -> faction): the only ones who can be swings, found for everyone at once."""
    import numpy as np

    factions = {faction: place for place, faction in enumerate(dict.fromkeys(member_of.values()))}
    if len(factions) < 2:
        return set()
    people = list(signed)
    faction = np.array([factions.get(member_of.get(person), -1) for person in people], dtype=np.int64)
    tails, heads = both_ways(numbered_edges(signed)[edge_values(signed, "sign") > 0])
    kept = faction[heads] >= 0
    pairs, _ = distinct(tails[kept] * len(factions) + faction[heads[kept]])  # each person and a faction they reach
    reaching, count = distinct(pairs // len(factions))
    return {people[place] for place in reaching[count >= 2].tolist()}


def _central(strength, number: Mapping[str, int], members: Sequence[str]) -> str:
    """The member with the strongest positive ties inside their part (``strength``:
    :func:`_strength_inside` of the parts ``members`` is one of, ``number`` the places it
    reads), the first in ``members``' order among equals."""
    import numpy as np

    return members[int(np.argmax(strength[[number[person] for person in members]]))]


def _stance_reason(nodes, members) -> Message:
    support = _support(nodes, members)
    if not members:
        return say("no active members")
    if support.mean is None:
        return say_n("the stance of its one member is unknown", "the stance of all {count} members is unknown",
                     count=len(members))
    word = say(_STANCE_WORDS[stance_word(support.mean)])
    return say_n("{stance} on the whole: the stance of {known} of its {count} member is known",
                 "{stance} on the whole: the stance of {known} of its {count} members is known",
                 count=len(members), known=support.known, stance=word)


def _undeclared_sides(nodes, people: Sequence[str], sides: _Sides) -> dict[str, list[str]]:
    """Faction id -> the people in no declared faction who clearly side with it, in file order."""
    found: dict[str, list[str]] = {}
    for person in people:
        side = sides.sides.get(person)
        if side is not None and nodes[person]["faction"] is None:
            found.setdefault(side, []).append(person)
    return found


def _declared_faction(nodes, faction: Declared, groups, matched: Mapping[int, Match], sides: _Sides,
                      siding: Mapping[str, list[str]]) -> Faction:
    """``siding``: :func:`_undeclared_sides`."""
    declared = set(faction.members)
    joined = [p for p in siding.get(faction.id, ()) if p not in declared]
    members = faction.members + joined
    support = _support(nodes, faction.members).mean
    reasons = []
    if faction.leader:
        reasons.append(say("led by {name}", name=nodes[faction.leader]["name"]))
    if faction.departed:
        reasons.append(say("its leader {name} has left: the faction may regroup", name=nodes[faction.departed]["name"]))
    reasons.append(_stance_reason(nodes, faction.members))
    if joined:
        reasons.append(say_n("{count} more person in no declared faction sides with it",
                             "{count} more people in no declared faction side with it", count=len(joined)))
    if faction.id in sides.judged and sides.camps:
        agree = sum(sides.camps.get(p) == faction.id for p in faction.members)
        reasons.append(say_n("{agree} of its {count} declared member sits in the leader's camp",
                             "{agree} of its {count} declared members sit in the leader's camp",
                             count=len(faction.members), agree=agree))
    for g, match in matched.items():
        if match.faction == faction.id:
            shared = len(declared & set(groups[g]))
            reasons.append(say_n("the detected group closest to it holds {count} person, {shared} of them its members",
                                 "the detected group closest to it holds {count} people, {shared} of them its members",
                                 count=len(groups[g]), shared=shared))
    return Faction(faction.id, faction.name, tuple(members), stance_word(support), False, faction.leader, support, tuple(reasons))


CAMP_MATCH = 0.5  # a detected camp is a declared faction's when their Jaccard overlap is at least this


def _camp_owners(camps: Sequence[Sequence[str]], listed: Mapping[str, Sequence[str]]) -> dict[int, str]:
    """The declared faction each detected camp *is*, one to one, best overlap first (file order on
    ties): the camp holds nobody the report lists in another declared faction (declared there, or
    clearly siding with it), and its Jaccard overlap with the faction's listed members is at least
    :data:`CAMP_MATCH`. Any other camp is a camp of its own."""
    pairs = []
    for c, camp in enumerate(camps):
        inside = set(camp)
        for f, (faction, people) in enumerate(listed.items()):
            foreign = {p for other, others in listed.items() if other != faction for p in others} - set(people)
            score = _jaccard(inside, people)
            if score >= CAMP_MATCH and not inside & foreign:
                pairs.append((-score, c, f, faction))
    used_camps, used_factions, result = set(), set(), {}
    for _, c, _, faction in sorted(pairs):
        if c not in used_camps and faction not in used_factions:
            used_camps.add(c)
            used_factions.add(faction)
            result[c] = faction
    return result


def _majority(nodes, people: Sequence[str], sides: _Sides) -> str | None:
    """The declared faction more than half of ``people`` belong to or clearly side with, if any."""
    counts: dict[str, int] = {}
    for person in people:
        faction = nodes[person]["faction"] or sides.sides.get(person)
        if faction is not None:
            counts[faction] = counts.get(faction, 0) + 1
    top = max(counts, key=counts.__getitem__) if counts else None  # only a majority counts: ties do not matter
    return top if top is not None and 2 * counts[top] > len(people) else None


def _new_group(nodes, group, declared, sides: _Sides, min_size: int) -> bool:
    """A detected group reported as a new faction: at least ``min_size`` people, no declared
    leader, and no more than half of them belong to (or clearly side with) one declared faction."""
    leaders = {faction.leader for faction in declared}
    if len(group) < min_size or leaders & set(group):
        return False
    return _majority(nodes, group, sides) is None


class _Detected(NamedTuple):
    entries: list[Faction]
    camp_of: dict[str, str]  # person -> camp id
    camps: tuple[tuple[str, ...], ...]  # the camps' people


def _detected_stance(nodes, members: Sequence[str]) -> tuple[str, Message]:
    """A detected camp's or group's stance toward us, and the reason that says it.

    ``unknown`` when fewer than half of its members' stances are known (unknown is risk: a
    neutral word would hide it); ``mixed`` when the known stances include someone for us
    (supporter or champion) and someone against us (skeptic or opponent): a mean would read
    "neutral" for an opponent beside a supporter; otherwise the word of the mean of the known
    stances, as for a declared faction.
    """
    scores = [score for score in (nodes[p]["stance_score"] for p in members) if score is not None]
    count, known = len(members), len(scores)
    if known and 2 * known < count:
        return "unknown", say_n("the stance of only {known} of its {count} member is known",
                                "the stance of only {known} of its {count} members is known", count=count, known=known)
    support, against = sum(score > 0 for score in scores), sum(score < 0 for score in scores)
    if support and against:
        return "mixed", say_n("mixed: {count} member for us and {against} against us",
                              "mixed: {count} members for us and {against} against us", count=support, against=against)
    return stance_word(_support(nodes, members).mean), _stance_reason(nodes, members)


def _detected(nodes, signed, groups, level, declared: Sequence[Faction], sides: _Sides, min_size: int, people) -> _Detected:
    """The detected camps that are no declared faction's (:func:`_camp_owners`), each followed
    by its groups that are new factions (:func:`_new_group`) and not the whole camp; then the
    new groups outside any camp. Each is named after its most connected member. A group in a
    camp that is a declared faction's names that faction as its camp."""
    index = {person: position for position, person in enumerate(people)}
    listed = {faction.id: faction.members for faction in declared}
    names = {faction.id: faction.name for faction in declared}
    member_of = {}
    for faction in declared:
        for person in faction.members:
            member_of.setdefault(person, []).append(faction.id)
    result: list[Faction] = []
    camp_of: dict[str, str] = {}
    camps = [tuple(sorted((p for n in numbers for p in groups[n]), key=index.__getitem__)) for numbers in level]
    owners = _camp_owners(camps, listed)
    place_of = {person: place for place, person in enumerate(signed)}
    strengths = {"camp": _strength_inside(signed, place_of, camps), "group": _strength_inside(signed, place_of, groups)}

    def add(members, level_name, reasons, camp=None) -> str:
        centre = _central(strengths[level_name], place_of, members)
        name = nodes[centre]["name"]
        support = _support(nodes, members).mean
        label = say("Camp of {name}", name=name) if level_name == "camp" else say("Group around {name}", name=name)
        found = f"detected-{len(result) + 1}"
        stance, stance_reason = _detected_stance(nodes, members)
        reasons = (*reasons, say("most connected member: {name}", name=name), stance_reason)
        result.append(Faction(found, label, tuple(members), stance, True, centre, support, reasons, level_name, camp))
        return found

    in_camp = set()
    for number_of_camp, (numbers, members) in enumerate(zip(level, camps)):
        in_camp.update(numbers)
        owner = owners.get(number_of_camp)
        if owner is None:
            reasons = [say_n("one group, apart from the rest of the account",
                             "{count} groups, closer to each other than to the rest of the account", count=len(numbers))]
            holds = [names[f] for f in listed if any(f in member_of.get(p, ()) for p in members)]
            if holds:
                reasons.append(say("holds people of {factions}", factions=_and(holds)))
            owner = add(members, "camp", tuple(reasons))
        camp_of.update(dict.fromkeys(members, owner))
        for number in numbers:
            group = groups[number]
            if len(numbers) > 1 and _new_group(nodes, group, declared, sides, min_size):
                add(group, "group", (say_n("{count} person tied more closely to each other than to the rest of the camp",
                                           "{count} people tied more closely to each other than to the rest of the camp",
                                           count=len(group)),), owner)
    for number, group in enumerate(groups):
        if number not in in_camp and _new_group(nodes, group, declared, sides, min_size):
            add(group, "group", (say_n("{count} person tied more closely to each other than to the rest",
                                       "{count} people tied more closely to each other than to the rest",
                                       count=len(group)),))
    return _Detected(result, camp_of, tuple(camps))


@gc_paused
def factions(
    graph: nx.MultiDiGraph,
    *,
    seed: int = 0,
    resolution: float = 1.0,
    min_size: int = 3,
    min_lead: float = 0.2,
    max_triads: int = 10,
    engine: str | None = None,
) -> Factions:
    """Declared factions and their stance, detected groups, who sides with whom, unbalanced triads.

    Parameters
    ----------
    graph : the account graph (:func:`~powermap.analysis.graph.build_graph`); not changed.
    seed : seeds Louvain and the order of the refinement moves.
    resolution : Louvain resolution on the positive ties (above 1: smaller groups).
    min_size : smallest detected group reported as a new faction.
    min_lead : how far a person's top camp share must lead the runner-up for them to be said
        to side with it (0.2: at least 60/40 between two camps).
    max_triads : how many unbalanced triads to keep.
    engine : ``"networkx"``, ``"igraph"`` or ``"auto"`` for the first step of detection
        (Louvain or Leiden, see :func:`detect_groups`); the rest is the same computation.

    Returns
    -------
    Factions: declared factions first (file order), then each new detected camp (largest first)
    with its new groups, then new groups in no camp (largest first).
    """
    people = active_stakeholders(graph)
    nodes = node_data(graph)
    signed = signed_graph(graph)  # nodes in file order (people), edges in canonical order
    declared = _declared(nodes, people, group_data(graph, "faction"))
    groups = detect_groups(signed, seed=seed, resolution=resolution, engine=engine_for(graph, engine))
    sides = _sides(signed, groups, declared, people, min_lead)
    matched = _match(groups, declared)
    siding = _undeclared_sides(nodes, people, sides)
    result = [_declared_faction(nodes, faction, groups, matched, sides, siding) for faction in declared]
    detected = _detected(nodes, signed, groups, camp_level(signed, groups), result, sides, min_size, people)
    result += detected.entries
    names = {person: nodes[person]["name"] for person in people}
    return Factions(
        factions=tuple(result),
        groups=groups,
        modularity=signed_modularity(signed, groups),
        camp_level=detected.camps,
        camp_of=detected.camp_of,
        camps=sides.camps,
        pull=sides.pull,
        sides=sides.sides,
        agreement=_agreement(declared, sides),
        alignments=_alignments(graph, signed, people, declared, sides),
        unbalanced_triads=unbalanced_triads(signed, names, tie_pairs(graph).data, limit=max_triads),
    )
