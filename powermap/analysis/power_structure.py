"""Power structure: which of the five shapes of power the account has, and the evidence.

The seeds name five distributions of power: centralized (one person decides), decentralized
(several independent centres), skewed (one centre leans on a deputy or a department), equal
(peers decide together) and contribution-based (weight follows expertise). The shape is
measured on the key-person scores S (rank 1 first) and the account's structure:

- ``lead`` = S1 / S2; ``top_share`` = S1 / (S1 + ... + S5);
- ``centres``: key persons scoring at least 75 % of S1, and the departments they sit in;
- the formal top T (the head of the main reporting line) and a leaning deputy D: a centre
  who sways T with weight >= 0.6 (one or two influence steps) and scores >= 80 % of T;
- ``knowledge_rho`` / ``position_rho``: Spearman correlation of knowledge power and of
  position power with the network component of the key-person score (who is listened to);
- ``gini`` of all scores.

The first rule that holds decides: **contribution** when influence follows knowledge clearly
more than position (knowledge_rho >= 0.4 and >= position_rho + 0.25); **skewed** when T is a
centre and leans on a deputy D, or when the top centre is not T but a direct report of T
leading by >= 1.15; **centralized** when lead >= 1.25; **decentralized** when the centres
sit in three or more departments, or two of them are independent (neither manages the
other, and they sit in different departments or factions); otherwise **equal**.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field

import networkx as nx

from .engine import successors
from .graph import influence_graph, pull
from .key_persons import KeyPersons, key_persons

__all__ = ["PowerStructure", "power_structure", "SHAPES", "spearman"]

SHAPES = ("centralized", "decentralized", "skewed", "equal", "contribution")
_CENTRE, _LEANING_PULL, _LEANING_SCORE = 0.75, 0.6, 0.8
_LEAD_CENTRALIZED, _LEAD_DEPUTY = 1.25, 1.15


@dataclass(frozen=True)
class PowerStructure:
    shape: str
    evidence: tuple[str, ...]
    metrics: dict = field(default_factory=dict)

    def to_dict(self) -> dict:
        return {"shape": self.shape, "evidence": list(self.evidence), "metrics": dict(self.metrics)}


def spearman(xs: list[float], ys: list[float]) -> float:
    """Spearman's rank correlation (average ranks for ties); 0 when either side is constant."""

    def ranks(values: list[float]) -> list[float]:
        order = sorted(range(len(values)), key=values.__getitem__)
        result = [0.0] * len(values)
        start = 0
        while start < len(order):
            end = start
            while end + 1 < len(order) and values[order[end + 1]] == values[order[start]]:
                end += 1
            for position in range(start, end + 1):
                result[order[position]] = (start + end) / 2
            start = end + 1
        return result

    if len(xs) < 3:
        return 0.0
    rx, ry = ranks(xs), ranks(ys)
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


def _managers(succ: Mapping[str, Mapping], person: str) -> list[str]:
    """The person's bosses, nearest first (``succ``: the account graph's :func:`successors`)."""
    chain, current, seen = [], person, set()
    while True:
        boss = next((target for target, keyed in succ[current].items() if "reports_to" in keyed), None)
        if boss is None or boss in seen:
            return chain
        current = boss
        chain.append(current)
        seen.add(current)


def power_structure(graph: nx.MultiDiGraph, *, key: KeyPersons | None = None, engine: str | None = None) -> PowerStructure:
    """Classify the account's power structure from measured evidence (see the module doc);
    ``engine`` is passed to :func:`key_persons` when ``key`` is not given."""
    key = key or key_persons(graph, engine=engine)
    ranked = key.ranked
    if not ranked:
        return PowerStructure("equal", ("no active stakeholders to weigh",), {})
    name = {person.id: person.name for person in ranked}
    scores = [person.score for person in ranked]
    lead = scores[0] / scores[1] if len(scores) > 1 and scores[1] else float("inf")
    top5 = scores[:5]
    centres = [person.id for person in ranked if person.score >= _CENTRE * scores[0]]
    department = {p: graph.nodes[p]["department"] for p in centres}
    centre_departments = sorted({d for d in department.values() if d is not None})
    succ = successors(graph)
    managers = {p: _managers(succ, p) for p in name}
    # the top of someone's chain has no manager, so it is always the last of that chain
    below = Counter(managers[q][-1] for q in name if managers[q])
    heads = [p for p in name if not managers[p] and below[p]]
    formal_top = max(heads, key=lambda p: below[p], default=None)

    influence = influence_graph(graph)
    deputy = None
    if formal_top in centres:
        leaning = [
            p for p in centres
            if p != formal_top and pull(influence, p, formal_top) >= _LEANING_PULL and key.score(p) >= _LEANING_SCORE * key.score(formal_top)
        ]
        deputy = leaning[0] if leaning else None

    network = [person.components.get("network", 0.0) for person in ranked]
    knowledge = [graph.nodes[person.id]["power"]["knowledge"] for person in ranked]
    position = [graph.nodes[person.id]["power"]["position"] for person in ranked]
    knowledge_rho, position_rho = spearman(knowledge, network), spearman(position, network)

    independent = [
        (a, b) for i, a in enumerate(centres) for b in centres[i + 1:]
        if a not in managers[b] and b not in managers[a]
        and (department[a] != department[b] or graph.nodes[a]["faction"] != graph.nodes[b]["faction"])
    ]
    metrics = {
        "lead": round(lead, 4) if lead != float("inf") else None,
        "top_share": round(scores[0] / sum(top5), 4),
        "centres": len(centres),
        "centre_departments": len(centre_departments),
        "formal_top": formal_top,
        "knowledge_rho": round(knowledge_rho, 4),
        "position_rho": round(position_rho, 4),
        "gini": round(_gini(scores), 4),
    }
    top = ranked[0]
    evidence = [
        f"{top.name} scores {top.score:.2f}"
        + (f" against {scores[1]:.2f} for {ranked[1].name} (lead {lead:.2f})" if len(scores) > 1 else ""),
        f"{len(centres)} centre(s) of power (>= {_CENTRE:.0%} of the top): {', '.join(name[p] for p in centres)}"
        + (f", in {len(centre_departments)} department(s)" if centre_departments else ""),
        f"influence follows knowledge (rho {knowledge_rho:.2f}) and position (rho {position_rho:.2f})",
    ]

    if knowledge_rho >= 0.4 and knowledge_rho >= position_rho + 0.25:
        shape = "contribution"
        evidence.insert(0, "influence follows expertise more than rank")
    elif deputy is not None:
        shape = "skewed"
        evidence.insert(0, f"the formal top {name[formal_top]} leans on {name[deputy]} "
                           f"(sways them {pull(influence, deputy, formal_top):.2f}; scores {key.score(deputy):.2f})")
    elif formal_top is not None and top.id != formal_top and formal_top in managers[top.id][:1] and lead >= _LEAD_DEPUTY:
        shape = "skewed"
        evidence.insert(0, f"power sits with {top.name}, a direct report of the formal top {name[formal_top]}")
    elif lead >= _LEAD_CENTRALIZED:
        shape = "centralized"
        evidence.insert(0, f"one person stands out: {top.name}")
    elif len(centre_departments) >= 3 or independent:
        shape = "decentralized"
        if independent:
            a, b = independent[0]
            evidence.insert(0, f"independent centres, e.g. {name[a]} and {name[b]} (neither manages the other)")
        else:
            evidence.insert(0, f"centres in {len(centre_departments)} departments")
    else:
        shape = "equal"
        evidence.insert(0, "comparable peers decide together")
    return PowerStructure(shape, tuple(evidence), metrics)
