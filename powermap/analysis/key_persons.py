"""Key persons (KP): who really decides this deal, at this stage, in this culture.

"Following a project means following people; separate the critical few." A stakeholder's score
blends four measured components, each in 0..1:

- **authority**: place in the formal reporting tree among the people still at the buyer
  (:func:`~powermap.analysis.graph.formal_lines`): level (1 at the top, 1/(1+d) at depth d,
  scaled by the square root of the tree's share of the people, so the head of a two-person
  outside team is not "the top") and span (square root of the share of people below them);
- **roles**: the buying roles they hold, weighted by the sales stage (spec setters in
  proposal, evaluators in bidding, procurement and decision makers in negotiation, users in
  implementation; :data:`ROLE_WEIGHTS`); the strongest role counts fully, others add a little;
- **power**: the six hidden power sources (strongest source and average);
- **network**: influence on the influence layer (PageRank of who defers to whom: an edge from
  each person to those who sway them), informal connectedness (weighted degree on ally,
  friend, kin and alumni ties) and pull on decision makers (the strongest product of
  influence weights from them to another decision maker over one or two steps).

The culture sets the mix (:data:`CULTURE_WEIGHTS`): in a centralized account the formal line
weighs most and the top decision maker gets a bonus (the top person decides); in a delegated
one roles and network weigh most, the formal top's decision-maker role counts less and
evaluators (the committee) more. At negotiation the signer comes first, wherever the
reporting line places them (:data:`SIGNER_LIFT`). People who left are not ranked; they are
listed as departed.

Equal records give equal scores: nothing depends on the order of the file. Scores are rounded
to four places, people with the same score share a rank (1, 1, 3: competition ranking) and are
listed by name. The **key persons** (:attr:`KeyPersons.key`) are the people above the clearest
break in the scores, and always the decision makers, the funders and the holders of the
stage's key roles (:func:`key_set`); gaps, contacts and risks all use that one set.

Every reason is a fact of the record in a salesperson's words (:mod:`powermap.i18n`
messages), strongest first; nothing that comes from a default (PageRank's even share for a
person with no tie, the level given to someone outside any reporting line) is named as a
reason.

References: Page, Brin, Motwani & Winograd (1999), The PageRank citation ranking;
Krackhardt (1990), Assessing the political landscape, Administrative Science Quarterly 35;
Cattell (1966), The scree test for the number of factors, Multivariate Behavioral Research 1
(the break in sorted values that :func:`key_set` looks for, :mod:`~powermap.analysis.key_set`).
"""

from __future__ import annotations

import heapq
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property

import networkx as nx

from ..i18n import N_, Message, N_p, say, say_n
from ..model import KEY_ROLES, Culture, RelationType, Role, Stage
from .engine import engine_for, gc_paused, has_edges, node_data, predecessors, successors
from .formal_lines import formal_lines
from .graph import Pairs, active_stakeholders, group_data, influence_graph, pulls_into, pulls_to, stakeholders, tie_pairs
from .groups import groups
from .sparse import distinct
from .deference import deference_rank
from .key_set import KEY_MIN, score_break

__all__ = [
    "KeyPerson", "KeyPersons", "key_persons", "key_set", "deference_rank", "ROLE_WEIGHTS", "CULTURE_WEIGHTS",
    "role_weight", "stage_key_roles", "ROLE_WORDS", "KEY_ROLE_WORDS", "POWER_WORDS", "power_words", "join_and", "SIGNER_LIFT", "KEY_MIN",
]

_STAGES = tuple(Stage)
# How much each buying role weighs in each sales stage (development .. implementation).
ROLE_WEIGHTS: Mapping[Role, tuple[float, ...]] = {
    Role.DECISION_MAKER: (1.0, 1.0, 0.9, 0.9, 1.0, 0.7),
    Role.FUNDER: (0.8, 0.7, 0.7, 0.7, 0.9, 0.5),
    Role.PROCUREMENT: (0.3, 0.4, 0.5, 0.8, 0.9, 0.4),
    Role.USER: (0.5, 0.5, 0.5, 0.5, 0.4, 1.0),
    Role.BENEFICIARY: (0.4, 0.4, 0.4, 0.4, 0.3, 0.8),
    Role.SPEC_SETTER: (0.5, 0.7, 1.0, 0.8, 0.4, 0.5),
    Role.CHAMPION: (0.5, 0.5, 0.5, 0.5, 0.5, 0.5),
    Role.TRIGGER: (0.8, 0.7, 0.5, 0.4, 0.3, 0.4),
    Role.SABOTEUR: (0.6, 0.6, 0.6, 0.6, 0.6, 0.6),
    Role.EVALUATOR: (0.3, 0.4, 0.7, 1.0, 0.6, 0.6),
    Role.INFLUENCER: (0.5, 0.5, 0.5, 0.5, 0.5, 0.5),
    Role.INFORMATION_SOURCE: (0.3, 0.6, 0.4, 0.3, 0.3, 0.3),
    Role.GATEKEEPER: (0.3, 0.4, 0.3, 0.3, 0.3, 0.2),
}
# Weights of (authority, roles, power, network) and the top decision maker's bonus, by culture.
CULTURE_WEIGHTS: Mapping[Culture | None, tuple[tuple[float, float, float, float], float]] = {
    Culture.CENTRALIZED: ((0.30, 0.35, 0.15, 0.20), 0.25),
    Culture.DELEGATED: ((0.10, 0.40, 0.20, 0.30), 0.0),
    None: ((0.20, 0.35, 0.20, 0.25), 0.0),
}
_OTHER_ROLES = 0.15  # how much each role beyond the strongest adds
_DELEGATED_TOP = 0.6  # a delegating top person's decision-maker role counts this much
_COMMITTEE = 0.2  # what delegation adds to an evaluator's weight
_ISOLATED_LEVEL = 0.2  # level of someone outside any reporting line
# At negotiation a signer whom someone else outscores is lifted to m + SIGNER_LIFT x (1 - m),
# m being the best score of anyone else: the signer comes first wherever the tree places them.
SIGNER_LIFT = 0.25
_STAGE_KEY = 0.9  # a role weighing this much in the stage is one of the stage's key roles
_PLACES = 4  # scores are compared and shown to four places

# The words of the record, said in the reader's language. A word another enumeration shares with
# a different meaning is said in the role's context (enums.WORD_CONTEXTS): the role "champion"
# is 促进者, the stance 坚定支持者.
ROLE_WORDS: Mapping[Role, str] = {
    Role.DECISION_MAKER: N_("decision maker"),
    Role.FUNDER: N_("funder"),
    Role.PROCUREMENT: N_p("buying role", "procurement"),
    Role.USER: N_p("buying role", "user"),
    Role.BENEFICIARY: N_("beneficiary"),
    Role.SPEC_SETTER: N_("spec setter"),
    Role.CHAMPION: N_p("buying role", "champion"),
    Role.TRIGGER: N_("trigger"),
    Role.SABOTEUR: N_("saboteur"),
    Role.EVALUATOR: N_("evaluator"),
    Role.INFLUENCER: N_("influencer"),
    Role.INFORMATION_SOURCE: N_("information source"),
    Role.GATEKEEPER: N_("gatekeeper"),
}
# The words of the key roles (KEY_ROLES), by the value a record holds: the gaps and the
# recommendations list a person's key roles with them.
KEY_ROLE_WORDS: Mapping[str, str] = {role.value: ROLE_WORDS[role] for role in KEY_ROLES}
POWER_WORDS: Mapping[str, str] = {
    "knowledge": N_("knowledge power"),
    "information": N_("information power"),
    "position": N_("position power"),
    "allocation": N_("allocation power"),
    "emotional": N_("emotional influence"),
    "interpersonal": N_("interpersonal influence"),
}
_ROLE_ORDER = {role: place for place, role in enumerate(Role)}
_ORDINALS = {1: N_("the most influential"), 2: N_("2nd most influential"), 3: N_("3rd most influential")}


def role_weight(role: Role, stage: Stage | None) -> float:
    """How much a role weighs in a stage (the mean over stages when the stage is not known)."""
    weights = ROLE_WEIGHTS[role]
    if stage is None:
        return sum(weights) / len(weights)
    return weights[_STAGES.index(stage)]


def stage_key_roles(stage: Stage | None) -> tuple[Role, ...]:
    """The roles a stage turns on: decision makers and funders always, and every role that
    weighs at least 0.9 in the stage (spec setters in proposal, evaluators in bidding,
    procurement in negotiation, users in implementation)."""
    found = [Role.DECISION_MAKER, Role.FUNDER]
    found += [role for role in ROLE_WEIGHTS if role not in found and role_weight(role, stage) >= _STAGE_KEY]
    return tuple(found)


def join_and(items) -> Message | str:
    """``a``, ``a and b``, ``a, b and c``: a list said as one phrase. Messages in it are said in
    the reader's language; names and other data as they are."""
    items = list(items)
    if len(items) == 1:
        return items[0]
    if len(items) == 2:
        return say("{first} and {second}", first=items[0], second=items[1])
    return say("{items} and {last}", items=items[:-1], last=items[-1])


@dataclass(frozen=True)
class KeyPerson:
    id: str
    name: str
    rank: int
    score: float
    reasons: tuple[str, ...]
    components: Mapping[str, float] = field(default_factory=dict)
    key: bool = False  # one of the key persons (:attr:`KeyPersons.key`)
    tied: bool = False  # shares their rank with someone else


@dataclass(frozen=True)
class KeyPersons:
    """Active stakeholders ranked by score (rank 1 first), the key persons, and those who left.

    ``key_ids`` are the key persons (:func:`key_set`); without them, the people above the
    score break count.
    """

    ranked: tuple[KeyPerson, ...]
    departed: tuple[str, ...]
    stage: Stage | None
    culture: Culture | None
    key_ids: frozenset[str] | None = None

    def top(self, count: int) -> tuple[KeyPerson, ...]:
        """The first ``count`` of the ranking (a display limit, not the key persons)."""
        return self.ranked[:count]

    @cached_property
    def key(self) -> tuple[KeyPerson, ...]:
        """The key persons, in rank order: the one set every analysis calls "key"."""
        chosen = self.key_ids if self.key_ids is not None else set(
            [p.id for p in self.ranked][:score_break([p.score for p in self.ranked])])
        return tuple(person for person in self.ranked if person.id in chosen)

    def select(self, count: int | None = None) -> tuple[KeyPerson, ...]:
        """The key persons, or the first ``count`` of the ranking when a count is given."""
        return self.key if count is None else self.top(count)

    def is_key(self, person: str) -> bool:
        return person in self._key_set

    def score(self, person: str) -> float:
        return self._by_id[person].score if person in self._by_id else 0.0

    def rank(self, person: str) -> int | None:
        return self._by_id[person].rank if person in self._by_id else None

    @cached_property
    def _by_id(self) -> dict[str, KeyPerson]:
        return {person.id: person for person in self.ranked}

    @cached_property
    def _key_set(self) -> frozenset[str]:
        return frozenset(person.id for person in self.key)


def key_set(order: list[str], scores: Mapping[str, float], roles: Mapping[str, tuple[str, ...]],
            stage: Stage | None) -> frozenset[str]:
    """The key persons among ``order`` (best score first): the people above the clearest break
    in the scores (:func:`~powermap.analysis.key_set.score_break`), and every holder of a role the stage turns on
    (:func:`stage_key_roles`)."""
    chosen = set(order[:score_break([scores[person] for person in order])])
    wanted = {role.value for role in stage_key_roles(stage)}
    chosen |= {person for person in order if not wanted.isdisjoint(roles[person])}
    return frozenset(chosen)


def _informal(ties: Pairs) -> tuple[dict[str, int], dict[str, float]]:
    """Each person's count of people they have a tie with and weighted degree on ``ties`` (a
    projection's pairs): ``len(graph[person])`` and ``dict(graph.degree(weight="weight"))`` of its
    graph, added in the same order (each person's pairs in the order the graph adds them, a
    loop counting twice), at once (numpy), without the graph (about 1 s at 50,000 people through
    networkx's degree view)."""
    import numpy as np

    count = len(ties.people)
    ends = ties.ends.ravel()  # each pair's two ends, pair after pair
    loops = ties.ends[ties.ends[:, 0] == ties.ends[:, 1], 0]
    partners = np.bincount(ends, minlength=count) - np.bincount(loops, minlength=count)
    weighed = np.bincount(ends, weights=np.repeat(ties.weights, 2), minlength=count)
    return dict(zip(ties.people, partners.tolist())), dict(zip(ties.people, weighed.tolist()))


def _reporting(graph: nx.MultiDiGraph, people: list[str]):
    """Depth (active bosses above), span (active people below), tree size and boss of each
    person, and the departments of the people below each boss.

    The lines are those among active people (:func:`~powermap.analysis.graph.formal_lines`):
    a boss who left is skipped, or replaced by their successor. The tree size is the number of
    people under the same top person, that person included.
    """
    import numpy as np

    lines = formal_lines(graph)
    tree = lines.tree
    span, top = tree.below, tree.top
    size = {person: span[top[person]] + 1 for person in people}
    nodes = node_data(graph)
    department = [nodes[person]["department"] for person in tree.people]
    known = list(dict.fromkeys(department))  # each department (or None) once, numbered
    code = {name: number for number, name in enumerate(known)}
    numbered = np.fromiter(map(code.__getitem__, department), dtype=np.int64, count=len(department))
    pairs, _ = distinct(tree.bosses * len(known) + numbered[tree.under])  # each boss and a department under them
    departments: dict[str, set] = {}
    for boss, held in zip((pairs // len(known)).tolist(), (pairs % len(known)).tolist()):
        departments.setdefault(tree.people[boss], set()).add(known[held])
    return tree.depth, span, size, dict(lines.boss), departments


def _top_three(ranks: list[float]) -> list[float]:
    """The three largest deference ranks, rounded to twelve places as they are compared (the
    largest of the rounded values are the rounded largest values: rounding keeps the order)."""
    return [round(value, 12) for value in heapq.nlargest(3, ranks)]


def _place_in(top_three: list[float], rank: float) -> int | None:
    """A deference rank's competition place (1 for the largest; equal values share a place,
    as the ranking gives them) when it is 3 or better, else None: only values among the
    three largest can be, and only those above it come before it."""
    value = round(rank, 12)
    if len(top_three) == 3 and value < top_three[2]:
        return None
    return 1 + sum(top > value for top in top_three)


def power_words(level: int, sources) -> Message:
    """Hidden power and its level, said one way wherever a person is described (key persons,
    inside contacts): "strong information power", "moderate position power and allocation
    power" (信息权力强). ``level`` 3 is strong, 2 moderate; ``sources`` are keys of POWER_WORDS."""
    said = join_and([say(POWER_WORDS[source]) for source in sources])
    return say("strong {sources}", sources=said) if level >= 3 else say("moderate {sources}", sources=said)


def _power_of(levels: Mapping[str, int], memo: dict) -> tuple[float, tuple[tuple[float, Message], ...], tuple[str, ...]]:
    """A person's hidden power 0..1 (the strongest source and the mean of all, half each), its
    clauses in words, each with the share of the power's weight it carries (strong 1, moderate
    0.5), and the sources held weakly (:func:`_little` names them); worked out once for each
    set of levels (``memo``), which most people share."""
    key = tuple(levels.items())
    found = memo.get(key)
    if found is None:
        power = (0.5 * max(levels.values()) + 0.5 * sum(levels.values()) / len(levels)) / 3
        strong = tuple(source for source, level in levels.items() if level >= 3)
        moderate = tuple(source for source, level in levels.items() if level == 2)
        clauses = ((1.0, power_words(3, strong)),) if strong else ()
        if moderate:
            clauses += ((0.5, power_words(2, moderate)),)
        found = memo[key] = (power, clauses, tuple(source for source, level in levels.items() if level == 1))
    return found


@gc_paused
def key_persons(
    graph: nx.MultiDiGraph,
    *,
    stage: Stage | None = None,
    culture: Culture | None = None,
    engine: str | None = None,
    key_count: int | None = None,
) -> KeyPersons:
    """Rank the active stakeholders of an account graph by how much they weigh in the deal.

    Parameters
    ----------
    graph : the account graph (:func:`~powermap.analysis.graph.build_graph`); not changed.
    stage, culture : override the account's own stage and culture.
    engine : ``"networkx"``, ``"igraph"`` or ``"auto"``, checked as by every analysis; the
        ranking is the same computation on both (see :func:`deference_rank`).
    key_count : count the first ``key_count`` of the ranking as the key persons instead of
        :func:`key_set`'s rule.

    Returns
    -------
    KeyPersons, ranked best first (equal scores share a rank and are listed by name), each
    with its score in 0..1 (four places), the four components and the reasons in words.
    """
    account = graph.graph["account"]
    stage = stage or account.stage
    culture = culture or account.culture
    people = active_stakeholders(graph)
    nodes = node_data(graph)  # each person's data, read many times below
    departed = tuple(person for person in stakeholders(graph) if not nodes[person]["active"])
    if not people:
        return KeyPersons((), departed, stage, culture, frozenset())
    (w_authority, w_roles, w_power, w_network), top_bonus = CULTURE_WEIGHTS[culture]

    depth, span, tree, boss, below_in = _reporting(graph, people)
    others = max(len(people) - 1, 1)
    in_tree = {person for person in people if tree[person] > 1}
    widest = max((span[p] for p in people if depth[p] == 0), default=0)
    formal_tops = {p for p in people if depth[p] == 0 and span[p] and span[p] == widest}
    main_line = any(tree[p] * 2 > len(people) for p in people)  # one line holds most people

    influence = influence_graph(graph)
    engine_for(graph, engine)  # a bad engine name is an error here too
    rank = deference_rank(influence) if has_edges(influence) else dict.fromkeys(people, 0.0)
    top_rank = max(rank.values()) or 1.0
    top_three = _top_three([rank[p] for p in people])
    decider = Role.DECISION_MAKER.value  # read once: an enum member's value is a property
    deciders = list(groups(graph).of("role", decider))  # the index of who holds each role, made once
    decider_set = set(deciders)
    pull_on_deciders = pulls_to(influence, deciders)
    pulls_on_deciders = pulls_into(influence, deciders)
    # ties that carry personal, not formal, weight: how many and how strong, each person's
    connections, strength = _informal(tie_pairs(graph, types=RelationType.PERSONAL))
    swaying = successors(influence)
    top_strength = max(strength.values(), default=0.0) or 1.0
    department_name = {data["ref"]: data["name"] for data in group_data(graph, "department")}

    scored: dict[str, list] = {}
    memo: dict = {}  # messages many people share (the same roles, boss or people swayed), made once
    powers: dict = {}  # each set of power levels' power and words (_power_of)
    power_of: dict[int, tuple] = {}  # the same, by the levels' dict: people who hold the same levels share one (build_graph)
    heard = predecessors(influence)  # who sways each person, read for those with nothing else said of them
    count = len(people)
    for person in people:
        data = nodes[person]
        reasons: list[tuple[float, Message]] = []

        level = 1.0 / (1 + depth[person]) * (tree[person] / count) ** 0.5 if person in in_tree else _ISOLATED_LEVEL
        authority = 0.6 * level + 0.4 * (span[person] / others) ** 0.5
        below = span[person]
        if below:
            if depth[person] == 0 and tree[person] * 2 > count:
                said = say_n("top of the reporting line (1 person below)", "top of the reporting line ({count} people below)", count=below)
            elif depth[person] == 0 and main_line:
                said = say_n("heads 1 person outside the main reporting line",
                             "heads {count} people outside the main reporting line", count=below)
            elif len(below_in[person]) == 1 and None not in below_in[person]:
                said = say_n("heads 1 person in {department}", "heads {count} people in {department}", count=below,
                             department=department_name[next(iter(below_in[person]))])
            elif len(below_in[person] - {None}) > 1:
                said = say("heads {count} people across {departments} departments", count=below,
                           departments=len(below_in[person] - {None}))
            else:
                said = say_n("heads 1 person", "heads {count} people", count=below)
            reasons.append((w_authority * authority, said))

        roles, held = 0.0, None
        if data["roles"]:
            weights = []
            for name in data["roles"]:
                role = Role(name)
                weight = role_weight(role, stage)
                if culture is Culture.DELEGATED and role is Role.DECISION_MAKER and person in formal_tops:
                    weight *= _DELEGATED_TOP
                if culture is Culture.DELEGATED and role is Role.EVALUATOR:
                    weight = min(1.0, weight + _COMMITTEE)
                weights.append((weight, role))
            weights.sort(key=lambda item: (-item[0], _ROLE_ORDER[item[1]]))
            roles = min(1.0, weights[0][0] + _OTHER_ROLES * sum(w for w, _ in weights[1:]))
            held_roles = ("roles", *(role for _, role in weights))
            held = memo.get(held_roles)
            if held is None:
                held = memo[held_roles] = join_and([say(ROLE_WORDS[role]) for role in held_roles[1:]])
        if held is not None:
            reasons.append((w_roles * roles, held))

        levels = data["power"]
        found = power_of.get(id(levels))
        if found is None:
            found = power_of[id(levels)] = _power_of(levels, powers)
        power, clauses, weak = found
        if clauses:
            weight = w_power * power
            reasons += [(weight * share, clause) for share, clause in clauses]  # x 1.0, x 0.5: as said

        pulled = pull_on_deciders.get(person, 0.0)
        network = 0.5 * rank[person] / top_rank + 0.2 * strength[person] / top_strength + 0.3 * pulled
        swayed = len(swaying[person])
        place = _place_in(top_three, rank[person]) if swayed else None
        if place is not None:
            reasons.append((w_network * network, say_n(
                "{place}: 1 person defers to them", "{place}: {count} people defer to them", count=swayed,
                place=say(_ORDINALS[place]))))
        elif swayed >= 3:
            said = memo.get(("sways", swayed))
            if said is None:
                said = memo[("sways", swayed)] = say_n("sways 1 person directly", "sways {count} people directly", count=swayed)
            reasons.append((w_network * network * 0.5, said))
        connected = connections[person]
        if connected >= 3 and strength[person] == top_strength:
            reasons.append((w_network * 0.2, say_n("the most connected: informal ties to 1 person",
                                                   "the most connected: informal ties to {count} people", count=connected)))
        elif connected >= 3:
            reasons.append((w_network * 0.2 * strength[person] / top_strength,
                            say_n("informal ties to 1 person", "informal ties to {count} people", count=connected)))
        if pulled >= 0.25:
            pulls = pulls_on_deciders(person)
            target = min(pulls, key=lambda t: (-pulls[t], nodes[t]["name"], t))
            mine = swaying[person]
            if target in mine and mine[target]["weight"] == pulled:
                said = say("sways decision maker {name} directly", name=nodes[target]["name"])
            else:
                middles = [m for m, first in mine.items() if target in swaying[m]
                           and first["weight"] * swaying[m][target]["weight"] == pulled]
                middle = min(middles, key=lambda m: (nodes[m]["name"], m))
                said = say("sways decision maker {name} through {middle}", name=nodes[target]["name"], middle=nodes[middle]["name"])
            reasons.append((w_network * 0.3 * pulled, said))

        if not reasons:
            reasons = _little(nodes, boss[person], weak, connected, swayed, heard[person], memo)
        score = w_authority * authority + w_roles * roles + w_power * power + w_network * network
        scored[person] = [score, reasons, [], {"authority": authority, "roles": roles, "power": power, "network": network}, held]

    def best(candidates, measure):
        """Everyone in ``candidates`` sharing the best ``measure`` (never one of equals by file order)."""
        values = {p: measure(p) for p in candidates}
        top = max(values.values(), default=None)
        return [p for p in candidates if values[p] == top]

    if top_bonus:
        candidates = deciders or people
        tops = best(candidates, lambda p: (round(scored[p][3]["authority"], 9), round(scored[p][3]["power"], 9)))
        for person in tops:
            entry = scored[person]
            entry[0] += top_bonus * (1 - entry[0])
            equals = sorted((nodes[p]["name"] for p in tops if p != person))
            entry[2].append(say("shares the top with {names} (centralized culture)", names=join_and(equals)) if equals
                            else say("the top person decides (centralized culture)"))
    if culture is Culture.DELEGATED:
        for person in sorted(formal_tops & decider_set):
            scored[person][2].append(say("has handed the decision to the delegates and committee (delegated culture)"))
    if stage is Stage.NEGOTIATION and deciders:
        signers = best(deciders, lambda p: round(scored[p][0], 9))
        rest = max((scored[p][0] for p in people if p not in signers), default=None)
        for person in signers:
            entry = scored[person]
            if rest is not None and rest >= entry[0]:
                entry[0] = rest + SIGNER_LIFT * (1 - rest)
            entry[2].insert(0, say("signs at negotiation"))

    def said(entry) -> tuple[Message, ...]:
        """Strongest first; for a signer or the top person, their roles and what the stage or
        culture makes of them come first."""
        _, reasons, lifts, _, held = entry
        if reasons.__class__ is tuple:  # what the record holds of someone nothing lifts (_little), in its order
            return (*lifts, *reasons) if lifts else reasons  # (nobody it is said of holds a role)
        if not lifts and len(reasons) == 1:
            return (reasons[0][1],)
        ordered = [text for _, text in sorted(reasons, key=lambda item: -item[0])]
        if lifts:
            first = [held] if held is not None else []
            ordered = first + lifts + [text for text in ordered if text is not held]
        return tuple(ordered)

    final = {person: round(min(1.0, max(0.0, entry[0])), _PLACES) for person, entry in scored.items()}
    name_of = {person: nodes[person]["name"] for person in people}
    # best score first, then by name, then by id: three stable sorts on one key each, the last
    # first (a key of one float or one string compares faster than a tuple: 0.1 s at 50,000)
    listed = sorted(people)
    listed.sort(key=name_of.__getitem__)
    listed.sort(key=final.__getitem__, reverse=True)  # reversed, equal scores keep their order
    scores = list(map(final.__getitem__, listed))
    places, shared, previous = [], {}, None  # competition ranks (1, 1, 3) and how many share each
    for position, value in enumerate(scores, 1):
        if value != previous:
            place, previous = position, value
        places.append(place)
        shared[place] = shared.get(place, 0) + 1
    if key_count is not None:
        chosen = frozenset(listed[:key_count])
    else:
        chosen = key_set(listed, final, {p: nodes[p]["roles"] for p in people}, stage)
    new = object.__new__  # each filled in at once, not field by field as a frozen dataclass's __init__ does
    ranked = []
    for person, score, place in zip(listed, scores, places):
        entry = scored[person]
        made = new(KeyPerson)
        made.__dict__.update(id=person, name=name_of[person], rank=place, score=score, reasons=said(entry),
                             components=entry[3], key=person in chosen, tied=shared[place] > 1)
        ranked.append(made)
    ranked = tuple(ranked)
    return KeyPersons(ranked, departed, stage, culture, chosen)


def _little(nodes, boss, weak, connected, swayed, heard, memo: dict) -> tuple[Message, ...]:
    """What the record holds about someone with nothing that lifts them, in plain facts (their
    boss, the power sources they hold weakly, how many they sway, who sways them: ``heard``,
    and their informal ties); if it holds nothing, say so. (``nodes``: each node's data;
    ``memo`` keeps the messages many people share, made once.)"""
    facts = []
    if boss is not None:
        said = memo.get(("boss", boss))
        if said is None:
            said = memo[("boss", boss)] = say("reports to {boss}", boss=nodes[boss]["name"])
        facts.append(said)
    if weak:
        said = memo.get(("weak", weak))
        if said is None:
            said = memo[("weak", weak)] = say("weak {sources}", sources=join_and([say(POWER_WORDS[s]) for s in weak]))
        facts.append(said)
    if swayed:
        said = memo.get(("sways", swayed))
        if said is None:
            said = memo[("sways", swayed)] = say_n("sways 1 person directly", "sways {count} people directly", count=swayed)
        facts.append(said)
    count = len(heard) - (boss in heard)  # who sways them, the formal line aside
    if count:
        said = memo.get(("listens", count))
        if said is None:
            said = memo[("listens", count)] = say_n("listens to 1 person", "listens to {count} people", count=count)
        facts.append(said)
    if connected:
        said = memo.get(("ties", connected))
        if said is None:
            said = memo[("ties", connected)] = say_n("informal ties to 1 person", "informal ties to {count} people", count=connected)
        facts.append(said)
    if not facts:
        said = memo.get("nothing")
        if said is None:
            said = memo["nothing"] = say("no buying role, reporting line, hidden power or influence recorded")
        facts.append(said)
    return tuple(facts)
