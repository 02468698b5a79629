"""Where each person sits on the map, computed once in Python so the picture is repeatable.

Two layouts, both deterministic for a given seed and fast at 10,000 people (python-igraph):

- **org**: the formal reporting lines top-down (Reingold-Tilford tidy trees), siblings grouped
  by department so each department reads as a block; people outside any reporting line sit
  in a grid to the right, grouped by department; our team is a row above the organisation.
  Above ``COMPACT_FROM`` people, reports who manage nobody hang in a column under their
  boss, which keeps a 2,000-person chart about as wide as its number of managers.
- **force**: Fruchterman-Reingold on every positive tie, formal line and contact, with each
  department pulled together by an invisible hub, so departments form clusters.

Coordinates are pixels (about 110 px between neighbours on the org chart).

References: Reingold & Tilford (1981), Tidier drawings of trees, IEEE TSE 7(2);
Fruchterman & Reingold (1991), Graph drawing by force-directed placement, SPE 21(11).
"""

from __future__ import annotations

import math
import random
from collections import Counter

import networkx as nx

from ..model import RelationType

__all__ = ["LAYOUTS", "layout", "org_layout", "force_layout"]

LAYOUTS = ("org", "force")
_DX, _DY = 110.0, 150.0  # org chart spacing
_GRID = 8  # people per row in the grid of those outside any reporting line
_LEAF_DY = 0.45 * _DY  # spacing in a compact column of reports
COMPACT_FROM = 80  # above this many people, reports who manage nobody hang in columns
_FORCE_SPREAD = 120.0  # average distance between neighbours on the force layout
_AREA = 90.0  # the force layout spans at least this many pixels times the square root of the people


def _people(graph: nx.MultiDiGraph) -> tuple[list[str], list[str]]:
    nodes = list(graph.nodes(data=True))
    return (
        [node for node, data in nodes if data["kind"] == "stakeholder"],
        [node for node, data in nodes if data["kind"] == "member"],
    )


def _boss(graph: nx.MultiDiGraph, person: str) -> str | None:
    for _, target, key in graph.out_edges(person, keys=True):
        if key == "reports_to":
            return target
    return None


def _department_order(graph: nx.MultiDiGraph) -> dict[str | None, int]:
    order = {data["ref"]: index for index, (_, data) in enumerate(
        (node, data) for node, data in graph.nodes(data=True) if data["kind"] == "department")}
    order[None] = len(order)
    return order


def _team_row(members: list[str], left: float, right: float, y: float) -> dict[str, tuple[float, float]]:
    if not members:
        return {}
    if len(members) == 1:
        return {members[0]: ((left + right) / 2, y)}
    step = max((right - left) / (len(members) - 1), _DX)
    start = (left + right) / 2 - step * (len(members) - 1) / 2
    return {member: (start + index * step, y) for index, member in enumerate(members)}


def org_layout(graph: nx.MultiDiGraph, *, seed: int = 0) -> dict[str, tuple[float, float]]:
    """The org-chart layout: reporting trees top-down, grouped by department (see module doc)."""
    people, members = _people(graph)
    departments = _department_order(graph)
    position_in_file = {person: index for index, person in enumerate(people)}
    # igraph orders children by vertex index: number people by department, then file order.
    ordered = sorted(people, key=lambda p: (departments[graph.nodes[p]["department"]], position_in_file[p]))
    boss = {person: _boss(graph, person) for person in people}
    children: dict[str, int] = {}
    for person, head in boss.items():
        if head is not None:
            children[head] = children.get(head, 0) + 1
    roots = [p for p in ordered if boss[p] is None and children.get(p)]
    loners = [p for p in ordered if boss[p] is None and not children.get(p)]
    positions: dict[str, tuple[float, float]] = {}
    right = 0.0
    if roots:
        top = {person: _top(person, boss) for person in people}
        size = Counter(top.values())
        roots.sort(key=lambda p: -size[p])  # the main organisation first
        in_trees = [person for person in ordered if top[person] in set(roots)]
        positions = _tree_positions(in_trees, boss, children, compact=len(people) > COMPACT_FROM, roots=roots)
        right = max(x for x, _ in positions.values())
    start = right + 2 * _DX if positions else 0.0
    for number, person in enumerate(loners):
        row, column = divmod(number, _GRID)
        positions[person] = (start + column * _DX, (row + 1) * _DY)
    width_right = max((x for x, _ in positions.values()), default=0.0)
    positions.update(_team_row(members, 0.0, width_right, -_DY))
    return positions


def _tree_positions(
    people: list[str], boss: dict[str, str | None], children: dict[str, int], *, compact: bool, roots: list[str]
) -> dict[str, tuple[float, float]]:
    """Reingold-Tilford positions of the reporting trees (``people`` in sibling order).

    Compact: the reports who manage nobody hang in one column under their boss instead of a
    row, so a level of 1,500 individual contributors does not make the chart 150,000 px wide.
    Each column is a chain of placeholders in the tree, so the tidy layout reserves its height.
    """
    from ..analysis.engine import igraph

    ig = igraph()

    def in_column(person: str) -> bool:
        return compact and boss[person] is not None and not children.get(person)

    # Only people drawn by the tree are vertices: igraph would hang any other vertex off a
    # virtual root, one slot each.
    index = {person: number for number, person in enumerate(p for p in people if not in_column(p))}
    edges, columns = [], {}
    for person in people:
        head = boss[person]
        if head is None:
            continue
        if in_column(person):
            columns.setdefault(head, []).append(person)
        else:
            edges.append((index[head], index[person]))
    count = len(index)
    placeholder = {}
    for head, column in columns.items():  # one chain of placeholders per column
        height = max(1, math.ceil(len(column) * _LEAF_DY / _DY))
        previous = index[head]
        for step in range(height):
            edges.append((previous, count))
            if step == 0:
                placeholder[head] = count
            previous = count
            count += 1
    coords = ig.Graph(n=count, edges=edges, directed=True).layout_reingold_tilford(
        mode="out", root=[index[p] for p in roots]).coords
    shift = -min(x for x, _ in coords)
    positions = {}
    for person, number in index.items():
        x, y = coords[number]
        positions[person] = ((x + shift) * _DX, y * _DY)
    for head, column in columns.items():
        x, y = coords[placeholder[head]]
        for step, person in enumerate(column):
            positions[person] = ((x + shift) * _DX, y * _DY + step * _LEAF_DY)
    return positions


def _top(person: str, boss: dict[str, str | None]) -> str:
    seen = set()
    while boss.get(person) is not None and person not in seen:
        seen.add(person)
        person = boss[person]
    return person


def force_layout(graph: nx.MultiDiGraph, *, seed: int = 0, iterations: int = 500) -> dict[str, tuple[float, float]]:
    """The force layout: Fruchterman-Reingold with departments pulled together (see module doc)."""
    from ..analysis.engine import igraph

    ig = igraph()

    people, members = _people(graph)
    nodes = people + members
    index = {node: number for number, node in enumerate(nodes)}
    departments = sorted({graph.nodes[p]["department"] for p in people} - {None}, key=_department_order(graph).get)
    hubs = {department: len(nodes) + number for number, department in enumerate(departments)}
    edges, weights = [], []
    for source, target, data in graph.edges(data=True):
        if source in index and target in index and data["type"] not in RelationType.NEGATIVE:
            edges.append((index[source], index[target]))
            weights.append(float(data.get("weight") or 0.5) if data["type"] != "contact" else 0.3)
    for person in people:
        department = graph.nodes[person]["department"]
        if department is not None:
            edges.append((index[person], hubs[department]))
            weights.append(0.6)
    layout_graph = ig.Graph(n=len(nodes) + len(hubs), edges=edges)
    if layout_graph.vcount() == 0:
        return {}
    generator = random.Random(seed)
    ig.set_random_number_generator(generator)
    try:
        spread = max(1.0, math.sqrt(layout_graph.vcount()) / 2)  # igraph's own range: its grid needs it
        start = [[generator.uniform(-spread, spread), generator.uniform(-spread, spread)] for _ in range(layout_graph.vcount())]
        coords = layout_graph.layout_fruchterman_reingold(weights=weights or None, niter=iterations, seed=start).coords
    finally:
        ig.set_random_number_generator(random)
    coords = coords[: len(nodes)]
    scale = _scale(coords, edges, len(nodes))
    width = max(x for x, _ in coords) - min(x for x, _ in coords)
    height = max(y for _, y in coords) - min(y for _, y in coords)
    extent = max(width, height, 1e-9)
    # at least _AREA pixels across per person on average, so big maps do not collapse
    scale = max(scale, _AREA * math.sqrt(len(nodes)) / extent)
    centre_x = sum(x for x, _ in coords) / len(coords)
    centre_y = sum(y for _, y in coords) / len(coords)
    return {node: ((coords[i][0] - centre_x) * scale, (coords[i][1] - centre_y) * scale) for i, node in enumerate(nodes)}


def _scale(coords: list[list[float]], edges: list[tuple[int, int]], count: int) -> float:
    """The factor that makes neighbours about ``_FORCE_SPREAD`` pixels apart."""
    lengths = [
        ((coords[a][0] - coords[b][0]) ** 2 + (coords[a][1] - coords[b][1]) ** 2) ** 0.5
        for a, b in edges if a < count and b < count
    ]
    lengths = sorted(length for length in lengths if length > 0)
    typical = lengths[len(lengths) // 2] if lengths else 1.0
    return _FORCE_SPREAD / typical


def layout(graph: nx.MultiDiGraph, kind: str = "org", *, seed: int = 0) -> dict[str, tuple[float, float]]:
    """Positions of every stakeholder and team member for the named layout."""
    if kind == "org":
        return org_layout(graph, seed=seed)
    if kind == "force":
        return force_layout(graph, seed=seed)
    raise ValueError(f"unknown layout {kind!r}; expected one of {', '.join(LAYOUTS)}")
