"""Where each person sits on the map, computed once in Python so the picture is repeatable.

Two layouts, both deterministic for a given seed and fast at 10,000 people (python-igraph):

- **org**: each department a block of person cards, the most senior on top (rows by how
  far up the reporting line goes), its sub-departments' blocks below it, shelved left to
  right to about a screen's shape; blocks never overlap, so a department's box holds exactly
  its people and sub-departments. People of no department form a block without a box after
  the others; our team is a row above the organisation.
- **force**: Fruchterman-Reingold on every positive tie, formal line and contact, with each
  department pulled together by an invisible hub, so departments form clusters; then nobody
  is closer than ``FORCE_APART`` to anyone, and the ``spaced`` people (the key persons) are
  at least ``KEY_APART`` from each other.

Coordinates are pixels (150 px between neighbouring cards on the org chart).

Reference: Fruchterman & Reingold (1991), Graph drawing by force-directed placement, SPE 21(11).
"""

from __future__ import annotations

import math
import random

import networkx as nx

from ..analysis.graph import group_data, members, stakeholders
from ..model import RelationType

__all__ = ["LAYOUTS", "CARDS", "layout", "org_layout", "force_layout"]

LAYOUTS = ("org", "force")
FORCE_APART = 90.0  # the least distance between two people on the force layout
KEY_APART = 260.0  # ... and between two key persons
_FORCE_SPREAD = 120.0  # average distance between neighbours on the force layout
_AREA = 1.8 * FORCE_APART  # the force layout spans at least this many pixels times the square root of the people


def _people(graph: nx.MultiDiGraph) -> tuple[list[str], list[str]]:
    return stakeholders(graph), members(graph)


def _boss(graph: nx.MultiDiGraph, person: str) -> str | None:
    for _, target, key in graph.out_edges(person, keys=True):
        if key == "reports_to":
            return target
    return None


def _department_order(graph: nx.MultiDiGraph) -> dict[str | None, int]:
    order = {data["ref"]: index for index, data in enumerate(group_data(graph, "department"))}
    order[None] = len(order)
    return order


def _team_row(members: list[str], left: float, right: float, y: float) -> dict[str, tuple[float, float]]:
    if not members:
        return {}
    if len(members) == 1:
        return {members[0]: ((left + right) / 2, y)}
    step = max((right - left) / (len(members) - 1), CARD_PITCH_X)
    start = (left + right) / 2 - step * (len(members) - 1) / 2
    return {member: (start + index * step, y) for index, member in enumerate(members)}


# The org chart as cards in department blocks (map units). A person's card runs CARD_LEFT
# either side of them, CARD_ABOVE above and CARD_BELOW below (their name, title and marks); a
# department's box runs BOX_PAD around its people's cards and its sub-departments' boxes, with
# BOX_HEAD more on top for its name. The page draws the boxes with the same numbers (the map
# model passes them on), so a box holds exactly its people and sub-departments, and the
# blocks, BLOCK_GAP apart, never overlap.
CARD_PITCH_X, CARD_PITCH_Y = 150.0, 150.0
CARD_LEFT, CARD_ABOVE, CARD_BELOW = 69.0, 46.0, 92.0
BOX_PAD, BOX_HEAD, BLOCK_GAP = 12.0, 50.0, 36.0
NAME_FONT = 24.0  # a department's name on its box: one line of it, or two smaller, in BOX_HEAD
_ASPECT = 1.4  # width over height of a block of cards and of the whole chart (a screen's shape)
CARDS = {"pitch_x": CARD_PITCH_X, "pitch_y": CARD_PITCH_Y, "left": CARD_LEFT, "above": CARD_ABOVE,
         "below": CARD_BELOW, "pad": BOX_PAD, "head": BOX_HEAD, "gap": BLOCK_GAP,
         "name_font": NAME_FONT}


class _Block:
    """A department (or the people of no department) as a rectangle of cards and sub-blocks."""

    def __init__(self, ident, people: list[str], children: list[_Block], boxed: bool, name: str = ""):
        self.ident, self.people, self.children, self.boxed = ident, people, children, boxed
        self.name_width = _name_width(name) if boxed else 0.0
        self.rows: list[list[str]] = []
        self.width = self.height = 0.0
        self.shelves: list[list[_Block]] = []

    def measure(self, depth: dict[str, int]) -> None:
        for child in self.children:
            child.measure(depth)
        columns = max(1, math.ceil(math.sqrt(_ASPECT * len(self.people)))) if self.people else 0
        # the reporting line is the spine: the most senior first, each seniority on new rows
        for level in sorted({depth[p] for p in self.people}):
            same = [p for p in self.people if depth[p] == level]
            self.rows += [same[i:i + columns] for i in range(0, len(same), columns)]
        own_width = max((len(row) for row in self.rows), default=0) * CARD_PITCH_X - (CARD_PITCH_X - 2 * CARD_LEFT)
        own_width = max(own_width, 0.0)
        own_height = len(self.rows) * CARD_PITCH_Y - (CARD_PITCH_Y - CARD_ABOVE - CARD_BELOW) if self.rows else 0.0
        area = sum((c.width + BLOCK_GAP) * (c.height + BLOCK_GAP) for c in self.children)
        best = None
        for stretch in (0.8, 1.0, 1.25, 1.5, 1.8, 2.2, 2.7):  # the shelving nearest a screen's shape
            shelves = self._shelve(max(own_width, math.sqrt(area * _ASPECT) * stretch))
            width, height = _extent(shelves)
            width, height = max(width, own_width, self.name_width), height + own_height
            miss = abs(math.log(max(width, 1.0) / max(height, 1.0) / _ASPECT))
            if best is None or miss < best[0] - 1e-9:
                best = (miss, shelves)
        self.shelves = best[1] if best else []
        shelves_width, shelves_height = _extent(self.shelves)
        inner_width = max(own_width, shelves_width, self.name_width)
        inner_height = own_height + shelves_height + (BLOCK_GAP if self.rows and self.shelves else 0.0)
        frame = BOX_PAD if self.boxed else 0.0
        self.width = inner_width + 2 * frame
        self.height = inner_height + 2 * frame + (BOX_HEAD if self.boxed else 0.0)

    def _shelve(self, room: float) -> list[list[_Block]]:
        shelves, shelf, used = [], [], 0.0
        for child in self.children:
            if shelf and used + child.width > room:
                shelves.append(shelf)
                shelf, used = [], 0.0
            shelf.append(child)
            used += child.width + BLOCK_GAP
        if shelf:
            shelves.append(shelf)
        return shelves

    def place(self, left: float, top: float, positions: dict[str, tuple[float, float]]) -> None:
        frame = BOX_PAD if self.boxed else 0.0
        inner_left = left + frame
        inner_width = self.width - 2 * frame
        y = top + frame + (BOX_HEAD if self.boxed else 0.0)
        for row in self.rows:
            row_width = len(row) * CARD_PITCH_X - (CARD_PITCH_X - 2 * CARD_LEFT)
            x = inner_left + (inner_width - row_width) / 2 + CARD_LEFT
            for person in row:
                positions[person] = (round(x, 2), round(y + CARD_ABOVE, 2))
                x += CARD_PITCH_X
            y += CARD_PITCH_Y
        if self.rows:
            y += CARD_ABOVE + CARD_BELOW - CARD_PITCH_Y + BLOCK_GAP
        for shelf in self.shelves:
            x = inner_left
            for child in shelf:
                child.place(x, y, positions)
                x += child.width + BLOCK_GAP
            y += max(c.height for c in shelf) + BLOCK_GAP


def _extent(shelves: list[list[_Block]]) -> tuple[float, float]:
    """Width and height of blocks on shelves, BLOCK_GAP apart."""
    width = max((sum(c.width for c in s) + BLOCK_GAP * (len(s) - 1) for s in shelves), default=0.0)
    height = sum(max(c.height for c in s) for s in shelves) + BLOCK_GAP * max(0, len(shelves) - 1)
    return width, height


def _name_width(name: str) -> float:
    """About how wide a department's name is on two lines of 0.8 NAME_FONT (its box is at
    least this wide, so the page never has to cut the name): a CJK character one em, others 0.6 em."""
    ems = sum(1.0 if "\u2e80" <= char <= "\u9fff" or "\uf900" <= char <= "\uffef" else 0.6 for char in name)
    return min(ems * 0.8 * NAME_FONT / 2 + NAME_FONT, 40 * NAME_FONT)


def _depths(people: list[str], boss: dict[str, str | None]) -> dict[str, int]:
    """How many bosses up each person's reporting line goes (a cycle stops the count)."""
    depth: dict[str, int] = {}
    for person in people:
        chain, seen, current = [], set(), person
        while current is not None and current not in depth and current not in seen:
            seen.add(current)
            chain.append(current)
            current = boss.get(current)
        base = depth.get(current, -1) if current is not None and current in depth else -1
        for offset, member in enumerate(reversed(chain)):
            depth[member] = base + 1 + offset
    return depth


def org_layout(graph: nx.MultiDiGraph, *, seed: int = 0) -> dict[str, tuple[float, float]]:
    """The org chart: department blocks of person cards (see module doc); our team on top."""
    people, members = _people(graph)
    boss = {person: _boss(graph, person) for person in people}
    depth = _depths(people, boss)
    departments = [(data["ref"], data.get("parent")) for data in group_data(graph, "department")]
    names = {data["ref"]: data["name"] or "" for data in group_data(graph, "department")}
    known = {ident for ident, _ in departments}
    own: dict[str | None, list[str]] = {ident: [] for ident in known}
    own[None] = []
    for person in people:
        department = graph.nodes[person]["department"]
        own[department if department in known else None].append(person)
    below: dict[str | None, list[str]] = {}
    for ident, parent in departments:
        below.setdefault(parent if parent in known else None, []).append(ident)

    def block(ident: str) -> _Block:
        return _Block(ident, own[ident], [block(child) for child in below.get(ident, [])], boxed=True, name=names[ident])

    tops = [block(ident) for ident in below.get(None, [])]
    if own[None]:
        tops.append(_Block(None, own[None], [], boxed=False))
    chart = _Block("", [], tops, boxed=False)
    chart.measure(depth)
    positions: dict[str, tuple[float, float]] = {}
    chart.place(0.0, 0.0, positions)
    positions.update(_team_row(members, CARD_LEFT, max(chart.width - CARD_LEFT, CARD_LEFT), -CARD_PITCH_Y))
    return positions


def force_layout(graph: nx.MultiDiGraph, *, seed: int = 0, iterations: int = 500,
                 spaced: tuple[str, ...] = ()) -> dict[str, tuple[float, float]]:
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
    points = [[(x - centre_x) * scale, (y - centre_y) * scale] for x, y in coords]
    _push_apart(points, [index[p] for p in spaced if p in index])
    return {node: (round(points[i][0], 2), round(points[i][1], 2)) for i, node in enumerate(nodes)}


def _push_apart(points: list[list[float]], spaced: list[int], rounds: int = 400) -> None:
    """Move people apart until nobody is nearer than FORCE_APART to anyone and the ``spaced``
    nearer than KEY_APART to each other: each close pair moves apart by half of what is
    missing, in a fixed order, so the result repeats. A grid of cells finds the close pairs
    in time linear in the people."""
    for _ in range(rounds):
        moved = False
        for group, apart in ((spaced, KEY_APART), (None, FORCE_APART)):
            pairs = _close_pairs(points, apart) if group is None else [
                (a, b) for n, a in enumerate(group) for b in group[n + 1:]]
            for a, b in pairs:
                dx, dy = points[b][0] - points[a][0], points[b][1] - points[a][1]
                distance = math.hypot(dx, dy)
                if distance >= apart - 1e-6:
                    continue
                if distance < 1e-9:  # the same spot: apart along a direction fixed by the pair
                    angle = (a * 7919 + b * 104729) % 360 * math.pi / 180
                    dx, dy, distance = math.cos(angle), math.sin(angle), 1.0
                push = (apart - distance) / 2 + 1.0
                points[a][0] -= dx / distance * push
                points[a][1] -= dy / distance * push
                points[b][0] += dx / distance * push
                points[b][1] += dy / distance * push
                moved = True
        if not moved:
            return


def _close_pairs(points: list[list[float]], apart: float) -> list[tuple[int, int]]:
    cells: dict[tuple[int, int], list[int]] = {}
    for number, (x, y) in enumerate(points):
        cells.setdefault((math.floor(x / apart), math.floor(y / apart)), []).append(number)
    pairs = []
    for (cx, cy), here in sorted(cells.items()):
        for ox, oy in ((0, 0), (1, -1), (1, 0), (1, 1), (0, 1)):
            there = cells.get((cx + ox, cy + oy))
            if not there:
                continue
            for a in here:
                for b in there:
                    if (ox, oy) == (0, 0) and b <= a:
                        continue
                    if (points[a][0] - points[b][0]) ** 2 + (points[a][1] - points[b][1]) ** 2 < apart * apart:
                        pairs.append((min(a, b), max(a, b)))
    return pairs


def _scale(coords: list[list[float]], edges: list[tuple[int, int]], count: int) -> float:
    """The factor that makes neighbours about ``_FORCE_SPREAD`` pixels apart."""
    lengths = [
        ((coords[a][0] - coords[b][0]) ** 2 + (coords[a][1] - coords[b][1]) ** 2) ** 0.5
        for a, b in edges if a < count and b < count
    ]
    lengths = sorted(length for length in lengths if length > 0)
    typical = lengths[len(lengths) // 2] if lengths else 1.0
    return _FORCE_SPREAD / typical


def layout(graph: nx.MultiDiGraph, kind: str = "org", *, seed: int = 0,
           spaced: tuple[str, ...] = ()) -> dict[str, tuple[float, float]]:
    """Positions of every stakeholder and team member for the named layout (``spaced``: the
    people the force layout keeps well apart, the key persons)."""
    if kind == "org":
        return org_layout(graph, seed=seed)
    if kind == "force":
        return force_layout(graph, seed=seed, spaced=spaced)
    raise ValueError(f"unknown layout {kind!r}; expected one of {', '.join(LAYOUTS)}")
