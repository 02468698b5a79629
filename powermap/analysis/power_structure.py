"""Power structure: which of the five shapes of power the account has, and the evidence.

The seeds name five distributions of power: centralized (one person decides), decentralized
(several independent centres), skewed (one centre leans on a deputy or a department), equal
(peers decide together) and contribution-based (weight follows expertise). The shape is
measured on the key-person scores S (rank 1 first) and the account's structure:

- ``lead`` = S1 / S2; ``top_share`` = S1 / (S1 + ... + S5);
- ``centres``: key persons scoring at least 75 % of S1, and the departments they sit in;
- the formal top T (the head of the largest reporting line among the people still at the
  buyer, :func:`~powermap.analysis.graph.formal_lines`: a departed head is replaced by
  whoever now heads the line; none when two heads tie) and a leaning deputy D: a centre who
  sways T with weight >= 0.6 (one or two influence steps) and scores >= 80 % of T;
- ``knowledge_rho`` / ``position_rho``: Spearman correlation of knowledge power and of
  position power with the network component of the key-person score (who is listened to);
- ``gini`` of all scores.

The first rule that holds decides: **contribution** when influence follows knowledge clearly
more than position (knowledge_rho >= 0.4 and >= position_rho + 0.25); **skewed** when T is a
centre and leans on a deputy D, or when the top centre is not T but a direct report of T
leading by >= 1.15; **equal** when peers share the top and decide together (:func:`peers`:
two or more people share rank 1, all of them decision makers, none manages another, and they
are one group: tied to one another by positive ties, or in one department or faction);
**centralized** when lead >= 1.25; **decentralized** when the centres sit in three or more
departments, or two of them are independent (neither manages the other, and they sit in
different departments or factions); otherwise **equal**. So three co-equal managing
directors, allies who decide together, are equal (平权式), while equal heads of separate lines
with nothing between them, or centres of different weight in different areas, are
decentralized (分权式).

Only people still at the buyer count. The evidence is said in words (who stands out or which
peers share the top, who heads the line, the centres, what influence follows); the numbers are
in ``metrics``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

import networkx as nx

from ..i18n import Message, say, say_n
from ..model import RelationType, Role
from .engine import node_data
from .formal_lines import formal_lines
from .graph import influence_graph, pull, tie_graph
from .key_persons import KeyPersons, join_and, key_persons

__all__ = ["PowerStructure", "power_structure", "peers", "SHAPES", "spearman", "spearmans"]

SHAPES = ("centralized", "decentralized", "skewed", "equal", "contribution")
_CENTRE, _LEANING_PULL, _LEANING_SCORE = 0.75, 0.6, 0.8
_LEAD_CENTRALIZED, _LEAD_DEPUTY = 1.25, 1.15


@dataclass(frozen=True)
class PowerStructure:
    shape: str
    evidence: tuple[Message, ...]
    metrics: dict = field(default_factory=dict)

    def to_dict(self) -> dict:
        return {"shape": self.shape, "evidence": list(self.evidence), "metrics": dict(self.metrics)}


def spearman(xs: list[float], ys: list[float]) -> float:
    """Spearman's rank correlation (average ranks for ties); 0 when either side is constant."""
    return spearmans(ys, xs)[0]


def spearmans(ys: list[float], *many: list[float]) -> list[float]:
    """:func:`spearman` of each of ``many`` with ``ys`` (``ys`` ranked once); 0 for each below
    three values."""
    if len(ys) < 3:
        return [0.0] * len(many)
    ranked = average_ranks(ys)
    return [_correlation(average_ranks(xs), ranked) for xs in many]


def average_ranks(values: list[float]) -> list[float]:
    """Each value's place from 0 in ascending order, equal values sharing the mean of their
    places (numpy's stable sort, the order ``sorted`` gives; the means are exact)."""
    import numpy as np

    values = np.asarray(values)
    if not len(values):
        return []
    order = np.argsort(values, kind="stable")
    ordered = values[order]
    starts = np.flatnonzero(np.concatenate(([True], ordered[1:] != ordered[:-1])))
    ends = np.append(starts[1:], len(values)) - 1
    ranks = np.empty(len(values))
    ranks[order] = np.repeat((starts + ends) / 2, ends - starts + 1)
    return ranks.tolist()


def _correlation(rx: list[float], ry: list[float]) -> float:
    """Pearson's correlation of two lists of ranks, added in list order; 0 when either is constant."""
    mean_x, mean_y = sum(rx) / len(rx), sum(ry) / len(ry)
    cov = sum((a - mean_x) * (b - mean_y) for a, b in zip(rx, ry))
    var_x = sum((a - mean_x) ** 2 for a in rx)
    var_y = sum((b - mean_y) ** 2 for b in ry)
    return cov / (var_x * var_y) ** 0.5 if var_x and var_y else 0.0


def _gini(values: list[float]) -> float:
    values = sorted(values)
    total = sum(values)
    if not values or not total:
        return 0.0
    weighted = sum((index + 1) * value for index, value in enumerate(values))
    return (2 * weighted) / (len(values) * total) - (len(values) + 1) / len(values)


def _lead(ranked) -> Message:
    """How far the first stands ahead, in words."""
    top = ranked[0]
    equal = [person.name for person in ranked if person.score == top.score]
    if len(equal) > 1:
        return say("{names} weigh the same", names=join_and(equal))
    if len(ranked) == 1:
        return say("{name} is the only one still in post", name=top.name)
    second = ranked[1]
    lead = top.score / second.score if second.score else float("inf")
    if lead >= _LEAD_CENTRALIZED:
        return say("{name} weighs clearly more than anyone else (next: {next})", name=top.name, next=second.name)
    if lead >= _LEAD_DEPUTY:
        return say("{name} weighs somewhat more than the next, {next}", name=top.name, next=second.name)
    return say("{name} and {next} weigh about the same", name=top.name, next=second.name)


def _line(graph: nx.MultiDiGraph, heads: list[str], below: Mapping[str, int], formal_top: str | None, successor: dict) -> list[Message]:
    """Who heads the reporting line now, in words."""
    nodes = graph.nodes
    said = []
    for gone, heir in successor.items():
        if heir == formal_top:
            said.append(say("{name} now heads the line of {former}, who left", name=nodes[heir]["name"], former=nodes[gone]["name"]))
    if formal_top is not None:
        said.append(say_n("{name} heads the reporting line (1 person below)", "{name} heads the reporting line ({count} people below)",
                          count=below[formal_top], name=nodes[formal_top]["name"]))
    elif heads:
        widest = max(below[p] for p in heads)
        equal = sorted(nodes[p]["name"] for p in heads if below[p] == widest)
        said.append(say("no single head: {names} head lines of the same size", names=join_and(equal)))
    else:
        said.append(say("no reporting line is recorded"))
    return said


def peers(graph: nx.MultiDiGraph, key: KeyPersons) -> tuple[str, ...]:
    """The peers who share the top and decide together, listed by name; ``()`` if none.

    They are the people sharing rank 1 (two or more: equal scores, :class:`KeyPersons`), when
    every one of them is a decision maker, none is above another in the reporting line, and
    they are one group: connected among themselves by positive ties (ally, friend, kin,
    alumni, influence, advice), or all in one department, or all in one faction.
    """
    top = [person.id for person in key.ranked if person.rank == 1]
    if len(top) < 2:
        return ()
    nodes = graph.nodes
    if any(Role.DECISION_MAKER.value not in nodes[p]["roles"] for p in top):
        return ()
    lines = formal_lines(graph)
    if any(a in lines.chain(b) for a in top for b in top if a != b):
        return ()
    departments = {nodes[p]["department"] for p in top}
    factions = {nodes[p]["faction"] for p in top}
    linked = nx.is_connected(tie_graph(graph, types=RelationType.POSITIVE).subgraph(top))
    if linked or (len(departments) == 1 and None not in departments) or (len(factions) == 1 and None not in factions):
        return tuple(sorted(top, key=lambda p: (nodes[p]["name"], p)))
    return ()


def power_structure(graph: nx.MultiDiGraph, *, key: KeyPersons | None = None, engine: str | None = None) -> PowerStructure:
    """Classify the account's power structure from measured evidence (see the module doc);
    ``engine`` is passed to :func:`key_persons` when ``key`` is not given."""
    key = key or key_persons(graph, engine=engine)
    ranked = key.ranked
    if not ranked:
        return PowerStructure("equal", (say("no active stakeholders to weigh"),), {})
    name = {person.id: person.name for person in ranked}
    scores = [person.score for person in ranked]
    lead = scores[0] / scores[1] if len(scores) > 1 and scores[1] else float("inf")
    top5 = scores[:5]
    centres = [person.id for person in ranked if person.score >= _CENTRE * scores[0]]
    department = {p: graph.nodes[p]["department"] for p in centres}
    centre_departments = sorted({d for d in department.values() if d is not None})
    lines = formal_lines(graph)
    below = lines.tree.below  # everyone under a person, at every level
    heads = [p for p in name if lines.boss[p] is None and below[p]]
    widest = max((below[p] for p in heads), default=0)
    widest_heads = [p for p in heads if below[p] == widest]
    formal_top = widest_heads[0] if len(widest_heads) == 1 else None

    influence = influence_graph(graph)
    deputy = None
    if formal_top in centres:
        leaning = [
            p for p in centres
            if p != formal_top and pull(influence, p, formal_top) >= _LEANING_PULL and key.score(p) >= _LEANING_SCORE * key.score(formal_top)
        ]
        deputy = leaning[0] if leaning else None

    network = [person.components.get("network", 0.0) for person in ranked]
    nodes = node_data(graph)
    levels = [nodes[person.id]["power"] for person in ranked]
    knowledge = [power["knowledge"] for power in levels]
    position = [power["position"] for power in levels]
    knowledge_rho, position_rho = spearmans(network, knowledge, position)

    above = {p: lines.chain(p) for p in centres}
    independent = [
        (a, b) for i, a in enumerate(centres) for b in centres[i + 1:]
        if a not in above[b] and b not in above[a]
        and (department[a] != department[b] or graph.nodes[a]["faction"] != graph.nodes[b]["faction"])
    ]
    metrics = {
        "lead": round(lead, 4) if lead != float("inf") else None,
        "top_share": round(scores[0] / sum(top5), 4) if sum(top5) else None,
        "centres": len(centres),
        "centre_departments": len(centre_departments),
        "formal_top": formal_top,
        "knowledge_rho": round(knowledge_rho, 4),
        "position_rho": round(position_rho, 4),
        "gini": round(_gini(scores), 4),
    }
    top = ranked[0]
    together = peers(graph, key)
    evidence = [_lead(ranked)]
    evidence += _line(graph, heads, below, formal_top, dict(lines.successor))
    several = None
    if len(centres) > 1:
        several = say("{count} centres of power: {names}", count=len(centres), names=join_and([name[p] for p in centres]))
        evidence.append(several)
    contribution = knowledge_rho >= 0.4 and knowledge_rho >= position_rho + 0.25
    if position_rho >= 0.4 and not contribution:
        evidence.append(say("influence follows rank: those listened to hold position power"))
    elif knowledge_rho >= 0.4 and not contribution:
        evidence.append(say("influence follows expertise as much as rank"))

    if contribution:
        shape = "contribution"
        evidence.insert(0, say("influence follows expertise more than rank"))
    elif deputy is not None:
        shape = "skewed"
        evidence.insert(0, say("the formal top {top} leans on {deputy}, who sways them strongly",
                               top=name[formal_top], deputy=name[deputy]))
    elif formal_top is not None and top.id != formal_top and formal_top == lines.boss[top.id] and lead >= _LEAD_DEPUTY:
        shape = "skewed"
        evidence.insert(0, say("power sits with {name}, a direct report of the formal top {top}", name=top.name, top=name[formal_top]))
    elif together:
        shape = "equal"
        names = join_and([name[p] for p in together])
        evidence[0] = say("{names} share the top: peers decide together", names=names)
        if set(centres) == set(together):  # the centres are the peers just named
            evidence.remove(several)
        evidence.insert(1, say("all {count} are decision makers and none reports to another", count=len(together))
                        if len(together) > 2 else say("both are decision makers and neither reports to the other"))
    elif lead >= _LEAD_CENTRALIZED:
        shape = "centralized"
        if len(ranked) > 1:
            evidence[0] = say("one person stands out: {name}, well ahead of {next}", name=top.name, next=ranked[1].name)
        else:
            evidence.insert(0, say("one person stands out: {name}", name=top.name))
    elif len(centre_departments) >= 3 or independent:
        shape = "decentralized"
        if independent:
            a, b = independent[0]
            evidence.insert(0, say("independent centres: {first} and {second}, neither manages the other", first=name[a], second=name[b]))
        else:
            evidence.insert(0, say_n("centres in 1 department", "centres in {count} departments", count=len(centre_departments)))
    else:
        shape = "equal"
        evidence.insert(0, say("comparable peers decide together"))
    return PowerStructure(shape, tuple(evidence), metrics)
