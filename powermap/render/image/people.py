"""The people of the still image and the department boxes around them."""

from __future__ import annotations

from typing import NamedTuple

from ..map_style import COVERAGE_MARKS
from .fonts import Measure
from .geometry import PT_PER_PX, Frame, Nodes
from .labels import Box, Grid, Labels, Line
from .paint import MARKERS, looks_of, rgba

DEPARTMENT_PT = 7.0
HEADING_PT = 100.0  # a department's name may run this wide beyond a narrow box
SMALLEST_DEPARTMENT_PT = 5.0  # a department's whole name shrinks down to this before it is cut

# Key persons' halos, as the page draws them (map.js ``HALO``): key person 1 a thick gold ring
# with a thin dark one outside it, so they dominate the picture; every other key person a thin
# gold ring. In points on a map at full scale (smaller on a crowded map, as the nodes are):
# (gap from the node's edge to the ring's middle, ring width).
HALO_COLOR, HALO_EDGE = "#e6a800", "#8a6500"
_KP1_RING, _KP1_OUTER, _KEY_RING = (3.0, 3.0), (5.4, 0.8), (2.2, 1.2)
# The "changed" mark of a what-if's after map (``"changed"`` in a node's ``marks``): a dashed
# magenta ring outside everything else around the node, a colour no stance, faction or
# coverage mark uses.
CHANGED_COLOR = "#c51b7d"
_CHANGED_RING = (1.8, 1.3)
CHANGED_DASHES = (2.5, 1.5)


class Department(NamedTuple):
    """A department's box around its members, in points; its name where it fits (``None``
    when crowded out)."""

    number: int  # the department's position in the model (its name is ``department-name-<n>``)
    left: float
    top: float
    right: float
    members: list[int]
    color: str
    heading: Line | None


def place_departments(data: dict, nodes: Nodes, measure: Measure, taken: Grid,
                      frame_width: float) -> tuple[list[Department], int]:
    """The departments that have members drawn, each name at its box's top-left corner (else its
    top-right) where it is clear of the nodes and names placed before it, cut to the box's
    width; then each cut name whole where that is free: up to :data:`HEADING_PT` wide beyond
    its narrow box, inside its top edge or one or two lines above it, else in smaller type
    (down to :data:`SMALLEST_DEPARTMENT_PT`), so a name is cut only where even that fits
    nowhere; and how many names fitted nowhere. Outer departments go first."""
    found: list[Department] = []
    left_out = 0
    departments = list(enumerate(data.get("departments", ())))
    for number, department in sorted(departments, key=lambda item: (item[1].get("depth", 0), item[0])):
        members = [nodes.index[ident] for ident in department["members"] if ident in nodes.index]
        if not members:
            continue
        left = min(float(nodes.x[n]) - nodes.reach[n] for n in members) - 8
        right = max(float(nodes.x[n]) + nodes.reach[n] for n in members) + 8
        top = min(float(nodes.y[n]) - nodes.reach[n] for n in members) - 8 - DEPARTMENT_PT * 1.4
        heading = _heading(measure.fit(department["name"], right - left - 10, DEPARTMENT_PT, "bold"), left, right,
                           top, measure, taken, frame_width)
        left_out += heading is None
        found.append(Department(number, left, top, right, members, department["color"], heading))
    for position, department in enumerate(found):  # then a name cut to a narrow box whole, where that is free
        heading = department.heading
        whole = data["departments"][department.number]["name"] if heading else None
        if heading is None or heading.text == whole:
            continue
        taken.remove(heading.box)
        room = max(department.right - department.left - 10, HEADING_PT)
        wider = None
        size = DEPARTMENT_PT
        while wider is None and size >= SMALLEST_DEPARTMENT_PT:
            if measure.line(whole, size, "bold")[0] <= room:
                wider = _heading(whole, department.left, department.right, department.top, measure, taken,
                                 frame_width, (heading.ha, "right" if heading.ha == "left" else "left"), size, rows=3)
            size -= 0.5
        if wider is None:
            taken.add(heading.box)
        else:
            found[position] = department._replace(heading=wider)
    return found, left_out


def _heading(said: str, left: float, right: float, top: float, measure: Measure, taken: Grid, frame_width: float,
             sides: tuple[str, ...] = ("left", "right"), size: float = DEPARTMENT_PT, rows: int = 1) -> Line | None:
    """A department's name at its box's top-left corner, else its top-right, where it is clear
    of what is taken (then taken too); ``None`` where it fits nowhere."""
    if not said:
        return None
    width, height = measure.line(said, size, "bold")
    for row in range(rows):  # inside the box's top edge, then just above it
        y = top + 2 - row * (height + 3)
        for ha in sides:
            anchor = left + 5 if ha == "left" else right - 5
            start = anchor if ha == "left" else anchor - width
            box = Box(start, y, start + width, y + height)
            if box.left >= 1 and box.right <= frame_width - 1 and box.top >= 1 and not taken.hits(box):
                taken.add(box)
                return Line(said, anchor, y, ha, size, False, box)
    return None


def draw_departments(ax, data: dict, departments: list[Department], labels: Labels) -> None:
    """A light rounded box around each department's members, reaching as deep as their labels,
    its name in the top corner."""
    from matplotlib.patches import FancyBboxPatch
    from matplotlib.collections import PatchCollection

    opacity = looks_of(data)["boxes"]
    patches, faces, edges = [], [], []
    for department in departments:
        bottom = max(labels.extent[n].bottom for n in department.members) + 6
        patches.append(FancyBboxPatch((department.left, department.top), department.right - department.left,
                                      bottom - department.top, boxstyle="round,pad=0,rounding_size=8"))
        faces.append(rgba(department.color, opacity))
        edges.append(rgba(department.color, 1.0))
    if patches:
        boxes = PatchCollection(patches, facecolors=faces, edgecolors=edges, linewidths=0.8, zorder=0)
        boxes.set_gid("departments")
        ax.add_collection(boxes)
    for department in departments:
        heading = department.heading
        if heading is not None:
            ax.text(heading.x, heading.top, heading.text, fontsize=heading.size, fontweight="bold", color="#404040",
                    ha=heading.ha, va="top", zorder=0.5, gid=f"department-name-{department.number}", clip_on=False)


def coverage_marks(nodes: Nodes) -> dict[int, Box]:
    """Where each node with a coverage level (``node["coverage"]["level"]``) has its mark: a
    small square at the upper right of the node, in points."""
    marks = {}
    for number, node in enumerate(nodes.items):
        level = (node.get("coverage") or {}).get("level")
        if level not in COVERAGE_MARKS:
            continue
        half = _mark_radius(nodes.reach[number])
        x = float(nodes.x[number]) + 0.72 * nodes.reach[number]
        y = float(nodes.y[number]) - 0.72 * nodes.reach[number]
        marks[number] = Box(x - half, y - half, x + half, y + half)
    return marks


def _mark_radius(reach: float) -> float:
    return max(2.6, min(4.5, 0.4 * reach))


def draw_coverage(ax, nodes: Nodes, marks: dict[int, Box]) -> None:
    """The coverage marks, one scatter per level (``coverage-<level>``), as the legend shows
    them (:data:`..map_style.COVERAGE_MARKS`)."""
    for level, look in COVERAGE_MARKS.items():
        numbers = [n for n, _ in marks.items() if nodes.items[n]["coverage"]["level"] == level]
        if not numbers:
            continue
        boxes = [marks[n] for n in numbers]
        scatter = ax.scatter([(b.left + b.right) / 2 for b in boxes], [(b.top + b.bottom) / 2 for b in boxes],
                             s=[(b.right - b.left) ** 2 * (1.3 if look["marker"] == "X" else 1.0) for b in boxes],
                             marker=look["marker"], c=[rgba(look["fill"])], edgecolors=[rgba(look["edge"])],
                             linewidths=0.9 if look["fill"] == "#ffffff" or level == "stale" else 0.5, zorder=2.6)
        scatter.set_gid(f"coverage-{level}")


def _halo_scale(frame: Frame) -> float:
    """The halos' size on this map: full on a normal map, smaller where nodes shrink."""
    return min(1.0, frame.node_scale / PT_PER_PX)


def _halo_room(node: dict, scale: float) -> float:
    """Points the halo (and the changed mark) add around a node's edge."""
    rank = node.get("key_rank")
    room = (_KP1_OUTER[0] + _KP1_OUTER[1] / 2 if rank == 1 else _KEY_RING[0] + _KEY_RING[1] / 2 if rank else 0.0)
    if "changed" in (node.get("marks") or ()):
        room += _CHANGED_RING[0] + _CHANGED_RING[1] / 2
    return room * scale


def widen_for_halos(nodes: Nodes, frame: Frame) -> None:
    """Let each key person's halo (and a changed mark) count as part of them: their ``reach``
    grows by it, so labels, coverage marks and department boxes keep clear of the rings."""
    scale = _halo_scale(frame)
    for number, node in enumerate(nodes.items):
        nodes.reach[number] += _halo_room(node, scale)


def draw_halos(ax, nodes: Nodes, frame: Frame) -> None:
    """Key person 1's thick gold halo and thin dark outer ring (``halo-kp1``), the other key
    persons' thin gold halos (``halos-key``) and the what-if's changed marks (``changed``),
    around the node's shape (``reach`` before :func:`widen_for_halos`)."""
    scale = _halo_scale(frame)

    def rings(numbers, gap_width, color, gid, dashes=None):
        if not numbers:
            return
        gap, width = gap_width
        inner = [nodes.reach[n] - _halo_room(nodes.items[n], scale) for n in numbers]
        if gid == "changed":  # outside the halo, if any
            inner = [nodes.reach[n] - (_CHANGED_RING[0] + _CHANGED_RING[1] / 2) * scale for n in numbers]
        sizes = [(2 * (edge + gap * scale)) ** 2 for edge in inner]
        alpha = [0.55 if nodes.items[n].get("faded") else 1.0 for n in numbers]
        ring = ax.scatter(nodes.x[numbers], nodes.y[numbers], s=sizes, marker="o", facecolors="none",
                          edgecolors=[rgba(color, a) for a in alpha], linewidths=width * scale, zorder=1.95,
                          linestyle=(0, tuple(d * scale for d in dashes)) if dashes else "solid")
        ring.set_gid(gid)

    first = [n for n, node in enumerate(nodes.items) if node.get("key_rank") == 1]
    others = [n for n, node in enumerate(nodes.items) if node.get("key_rank") and node.get("key_rank") != 1]
    rings(first, _KP1_RING, HALO_COLOR, "halo-kp1")
    if first:
        outer = ax.scatter(nodes.x[first], nodes.y[first], marker="o", facecolors="none", edgecolors=[rgba(HALO_EDGE)],
                           s=[(2 * (nodes.reach[n] - _halo_room(nodes.items[n], scale) + _KP1_OUTER[0] * scale)) ** 2
                              for n in first], linewidths=_KP1_OUTER[1] * scale, zorder=1.95)
        outer.set_gid("halo-kp1-outer")
    rings(others, _KEY_RING, HALO_COLOR, "halos-key")
    changed = [n for n, node in enumerate(nodes.items) if "changed" in (node.get("marks") or ())]
    rings(changed, _CHANGED_RING, CHANGED_COLOR, "changed", CHANGED_DASHES)


def draw_nodes(ax, nodes: Nodes, frame: Frame, focus: str | None, look: dict) -> None:
    """One scatter per shape: fill by stance, ring by faction, size by score, faded if left;
    the ``focus`` person with a halo of the route colour."""
    ring_width = min(3.0, max(1.0, 3.2 * frame.node_scale))
    plain_width = max(0.3, 0.6 * min(1.0, frame.node_scale / PT_PER_PX))
    by_shape: dict[str, list[int]] = {}
    for number, node in enumerate(nodes.items):
        by_shape.setdefault(node.get("shape") if node.get("shape") in MARKERS else "dot", []).append(number)
    for shape in sorted(by_shape, key=list(MARKERS).index):
        marker = MARKERS[shape]
        numbers = by_shape[shape]
        alpha = [look["faded"] if nodes.items[n].get("faded") else 1.0 for n in numbers]
        scatter = ax.scatter(
            nodes.x[numbers], nodes.y[numbers],
            s=[(2 * float(nodes.radius[n]) * marker.scale) ** 2 for n in numbers],
            marker=marker.symbol,
            c=[rgba(nodes.items[n].get("color"), a) for n, a in zip(numbers, alpha)],
            edgecolors=[rgba(_border(nodes.items[n], look), a) for n, a in zip(numbers, alpha)],
            linewidths=[ring_width if nodes.items[n].get("ring") else plain_width for n in numbers],
            zorder=2,
        )
        scatter.set_gid(f"nodes-{shape}")
    if focus in nodes.index:
        n = nodes.index[focus]
        halo = ax.scatter([nodes.x[n]], [nodes.y[n]], s=[(2 * float(nodes.radius[n]) + 10) ** 2], marker="o",
                          c=[rgba(look["route"], 0.6)], linewidths=0, zorder=1.9)
        halo.set_gid("focus")
    draw_halos(ax, nodes, frame)


def _border(node: dict, look: dict) -> str:
    """The faction's ring, else the medium's plain border (our team's own)."""
    return node.get("ring") or (look["team_border"] if node.get("kind") == "member" else look["border"])
