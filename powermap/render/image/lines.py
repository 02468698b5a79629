"""The lines of the still image: relations and contacts, with arrowheads, and the band of the
routes to ``--path-to`` under them.

Lines are one collection per relation type in which edges that look alike share one compound
path (and arrowheads likewise), computed with numpy, so 30,000 ties draw in seconds.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, NamedTuple

from .geometry import PT_PER_PX, Frame, Nodes
from .paint import looks_of, rgba


@dataclass
class _Ends:
    """The edges joining two drawn people: each one's number in the model's list, its two node
    numbers, and its sideways shift (in units of the gap) beside the other edges of the pair."""

    kept: list[int]
    starts: list[int]
    ends: list[int]
    shifts: list[float]


def _edge_ends(edges: list[dict], nodes: Nodes) -> _Ends:
    keep, starts, ends, pairs = [], [], [], {}
    for number, edge in enumerate(edges):
        a, b = nodes.index.get(edge["from"]), nodes.index.get(edge["to"])
        if a is None or b is None or a == b:
            continue
        keep.append(number)
        starts.append(a)
        ends.append(b)
        pairs.setdefault((min(a, b), max(a, b)), []).append(len(keep) - 1)
    shifts = [0.0] * len(keep)
    for (low, _), members in pairs.items():
        for position, member in enumerate(members):
            side = 1 if starts[member] == low else -1  # the same side whichever way the edge runs
            shifts[member] = side * (position - (len(members) - 1) / 2)
    return _Ends(keep, starts, ends, shifts)


@dataclass
class _Segments:
    """Every drawable edge as a segment in points (numpy arrays), arrowheads where asked."""

    edges: list[dict]
    start: Any  # (n, 2)
    end: Any  # (n, 2), pulled back to the arrowhead's base where there is one
    width: Any
    alpha: Any
    head: Any  # (n, 3, 2) triangles
    has_head: Any  # bool (n,)


def _segments(edges: list[dict], nodes: Nodes, frame: Frame, look: dict) -> _Segments:
    """Vectorised: 30,000 edges take milliseconds, not seconds."""
    import numpy as np

    ends = _edge_ends(edges, nodes)
    kept = [edges[number] for number in ends.kept]
    a, b = np.array(ends.starts, dtype=int), np.array(ends.ends, dtype=int)
    p1 = np.column_stack([nodes.x[a], nodes.y[a]]) if ends.kept else np.zeros((0, 2))
    p2 = np.column_stack([nodes.x[b], nodes.y[b]]) if ends.kept else np.zeros((0, 2))
    length = np.hypot(*(p2 - p1).T)
    unit = (p2 - p1) / np.maximum(length, 1e-9)[:, None]
    normal = np.column_stack([-unit[:, 1], unit[:, 0]])
    offset = np.array(ends.shifts) * max(2.5, 6 * frame.node_scale)
    p1, p2 = p1 + normal * offset[:, None], p2 + normal * offset[:, None]
    width = np.maximum(0.4, np.array([float(edge.get("width") or 1.0) for edge in kept]) * frame.node_scale)
    faded = np.array([bool(node.get("faded")) for node in nodes.items] or [False])
    alpha = np.where(faded[a] | faded[b], look["faded"], look["lines"]) if ends.kept else np.zeros(0)
    size = np.maximum(1.5, (3.5 + 1.2 * width) * min(1.0, frame.node_scale / PT_PER_PX))
    tip_back = nodes.radius[b] + 0.8 if ends.kept else np.zeros(0)
    arrow = np.array([bool(edge.get("arrow")) for edge in kept], dtype=bool)
    has_head = arrow & (length > tip_back + size)
    tip = p2 - unit * tip_back[:, None]
    base = tip - unit * size[:, None]
    half = (size * 0.45)[:, None]
    head = np.stack([tip, base + normal * half, base - normal * half], axis=1)
    end = np.where(has_head[:, None], base, p2)
    return _Segments(kept, p1, end, width, alpha, head, has_head)


def _dashes(pattern, frame: Frame):
    if not pattern:
        return "solid"
    scale = max(frame.node_scale, 0.45)
    return (0, tuple(max(0.6, float(step) * scale) for step in pattern))


def _compound(pieces, closed: bool):
    """Many segments or triangles as one path: one draw call (and one SVG element) per look."""
    import numpy as np
    from matplotlib.path import Path

    pieces = np.asarray(pieces, dtype=float)
    count, corners = pieces.shape[0], pieces.shape[1]
    codes = [Path.MOVETO] + [Path.LINETO] * (corners - 1) + ([Path.CLOSEPOLY] if closed else [])
    vertices = np.concatenate([pieces, pieces[:, :1]], axis=1) if closed else pieces
    return Path(vertices.reshape(-1, 2), np.tile(np.array(codes, dtype=Path.code_type), count))


class _LineLook(NamedTuple):
    """What edges drawn as one compound path share (sorted as a tuple: colour first)."""

    color: str
    width: float  # points, rounded
    alpha: float
    dashes: tuple


class _HeadLook(NamedTuple):
    """What arrowheads drawn as one compound path share."""

    color: str
    alpha: float


def draw_edges(ax, data: dict, nodes: Nodes, frame: Frame) -> None:
    """Per relation type (formal lines first, contacts last) one collection of lines and one of
    arrowheads; edges that look alike (same width, dashes and fading) share one compound path."""
    import numpy as np
    from matplotlib.collections import PathCollection

    drawn = [edge for edge in data.get("edges", []) if edge.get("at_rest", True)]  # the page's lines at rest
    placed = _segments(drawn, nodes, frame, looks_of(data))
    kinds = sorted({edge["type"] for edge in placed.edges}, key=lambda kind: (kind != "reports_to", kind == "contact", kind))
    for layer, kind in enumerate(kinds):
        looks: dict[_LineLook, list[int]] = {}
        for number, edge in enumerate(placed.edges):
            if edge["type"] == kind:
                key = _LineLook(edge["color"], round(float(placed.width[number]), 2), float(placed.alpha[number]),
                                tuple(edge.get("dashes") or ()))
                looks.setdefault(key, []).append(number)
        keys = sorted(looks)
        paths = [_compound(np.stack([placed.start[looks[key]], placed.end[looks[key]]], axis=1), closed=False) for key in keys]
        lines = PathCollection(paths, facecolors="none", edgecolors=[rgba(key.color, key.alpha) for key in keys],
                               linewidths=[key.width for key in keys], linestyles=[_dashes(key.dashes, frame) for key in keys],
                               capstyle="butt", zorder=1 + layer / 100)
        lines.set_transform(ax.transData)
        lines.set_gid(f"edges-{_safe(kind)}")
        ax.add_collection(lines, autolim=False)
        heads: dict[_HeadLook, list[int]] = {}
        for key in keys:
            heads.setdefault(_HeadLook(key.color, key.alpha), []).extend(n for n in looks[key] if placed.has_head[n])
        heads = {head: numbers for head, numbers in sorted(heads.items()) if numbers}
        if heads:
            arrows = PathCollection([_compound(placed.head[numbers], closed=True) for numbers in heads.values()],
                                    facecolors=[rgba(head.color, head.alpha) for head in heads], edgecolors="none",
                                    linewidths=0, zorder=1.5 + layer / 100)
            arrows.set_transform(ax.transData)
            arrows.set_gid(f"arrows-{_safe(kind)}")
            ax.add_collection(arrows, autolim=False)


def _safe(text: str) -> str:
    """A fixed vocabulary word made safe for an SVG id (never applied to data ids)."""
    return re.sub(r"[^A-Za-z0-9_-]", "_", text)


def draw_routes(ax, data: dict, nodes: Nodes) -> None:
    """The warmest routes to ``--path-to`` as a wide band of the route colour under the lines."""
    from matplotlib.collections import LineCollection

    segments = []
    for route in data.get("routes", ()):
        if not route.get("asked"):
            continue
        for a, b in zip(route["path"], route["path"][1:]):
            if a in nodes.index and b in nodes.index:
                i, j = nodes.index[a], nodes.index[b]
                segments.append([(float(nodes.x[i]), float(nodes.y[i])), (float(nodes.x[j]), float(nodes.y[j]))])
    if segments:
        band = LineCollection(segments, colors=[rgba(looks_of(data)["route"], 0.7)], linewidths=7, capstyle="round",
                              zorder=0.8)
        band.set_gid("routes")
        ax.add_collection(band)
