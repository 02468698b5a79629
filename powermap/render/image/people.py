"""The people of the still image and the department boxes around them."""

from __future__ import annotations

from typing import NamedTuple

from .fonts import fit
from .geometry import PT_PER_PX, Frame, Nodes
from .labels import Labels
from .paint import MARKERS, looks_of, rgba

DEPARTMENT_PT = 7.0


class _Heading(NamedTuple):
    """A department's name at the top-left corner of its box, in points."""

    x: float
    y: float
    text: str


def draw_departments(ax, data: dict, nodes: Nodes, labels: Labels) -> None:
    """A light rounded box around the members the model gives each department, its name in
    the top corner; the box reaches as deep as its members' labels."""
    from matplotlib.patches import FancyBboxPatch
    from matplotlib.collections import PatchCollection

    opacity = looks_of(data)["boxes"]
    patches, faces, edges, headings = [], [], [], []
    for department in data.get("departments", ()):
        found = [nodes.index[ident] for ident in department["members"] if ident in nodes.index]
        if not found:
            continue
        left = min(float(nodes.x[n] - nodes.radius[n]) for n in found) - 8
        right = max(float(nodes.x[n] + nodes.radius[n]) for n in found) + 8
        top = min(float(nodes.y[n] - nodes.radius[n]) for n in found) - 8 - DEPARTMENT_PT * 1.4
        bottom = max(float(nodes.y[n]) + labels.depth[n] for n in found) + 6
        patches.append(FancyBboxPatch((left, top), right - left, bottom - top, boxstyle="round,pad=0,rounding_size=8"))
        faces.append(rgba(department["color"], opacity))
        edges.append(rgba(department["color"], 1.0))
        headings.append(_Heading(left + 5, top + 3, fit(department["name"], right - left - 8, DEPARTMENT_PT)))
    if patches:
        boxes = PatchCollection(patches, facecolors=faces, edgecolors=edges, linewidths=0.8, zorder=0)
        boxes.set_gid("departments")
        ax.add_collection(boxes)
    for number, heading in enumerate(headings):
        ax.text(heading.x, heading.y, heading.text, fontsize=DEPARTMENT_PT, fontweight="bold", color="#404040",
                ha="left", va="top", zorder=0.5, gid=f"department-name-{number}", clip_on=False)


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


def _border(node: dict, look: dict) -> str:
    """The faction's ring, else the medium's plain border (our team's own)."""
    return node.get("ring") or (look["team_border"] if node.get("kind") == "member" else look["border"])
