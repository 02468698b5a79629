"""The power map as a still image (PNG for slides, SVG for documents), drawn with matplotlib.

Same layout and styling as the interactive page, because both read one :class:`PowerMap`:
department boxes, styled relation lines (arrows on influence and advice, our contacts in
purple by closeness, dashed when stale), nodes shaped by buying role, filled by stance,
ringed by faction, sized by key-person score, faded when the person has left, labelled with
their name and badges; a title line and the legend the model gives for images
(``data["media"]["image"]["legend"]``, from ``map_style.legend_sections``).

Design choices, and why:

- **Draws what the model decided, nothing more.** Every colour, shape, size, badge, ring,
  department box (its members, colour and name), legend row and the looks of the medium
  (route band colour, plain border, opacities: ``data["media"]["image"]``) come from the
  model's data, so the image and the page cannot drift apart; ``render_static`` takes the
  model's ``data`` alone. What is worked out here is only what the image itself knows: the
  scale, where boxes and labels run in points, how text fits, which crowded labels to leave
  out (the model says who is ``notable``: named even then).
- **No global state.** matplotlib is imported lazily (``powermap --help`` stays quick); a
  local :class:`~matplotlib.figure.Figure` on the Agg canvas is drawn inside an
  ``rc_context`` that starts from matplotlib's defaults, so neither the caller's pyplot
  figures, their backend nor their ``matplotlibrc`` change the picture or are changed by it.
  The one lasting effect: a CJK font file found on the system but missing from a stale font
  cache (fonts installed after matplotlib first ran) is added to the font list, as a
  rebuilt cache would have it.
- **Geometry in points.** Model pixels are converted once to points, so marker radii, line
  widths, arrowheads, box padding and label offsets are all in one unit and stay round. The
  picture keeps the model's proportions; only when one side would be squashed below a
  readable size (a 2,000-person org chart is a strip 200 times wider than tall) is that
  side stretched, which keeps every position's order and grouping.
- **Collections, not artists per element.** Nodes are one scatter per shape; lines one
  collection per relation type in which edges that look alike share one compound path (and
  arrowheads likewise), computed with numpy, so 10,000 people and 30,000 ties draw in
  seconds. In SVG each collection is a group with a stable id (``nodes-star``,
  ``edges-influences``, ``arrows-advises``, ``departments``, ``routes``); the ``nodes-*``
  groups hold one element per person in model order, labels are ``label-<n>`` and
  ``badges-<n>`` with ``n`` the node's position in the model: raw ids never become SVG ids.
- **Labels only where they can be read.** When neighbours sit closer than a label is wide,
  only the people worth naming (key persons, coaches, risks, our team, the focus and route
  ends) are labelled, and the subtitle says so.
- **Text stays text.** SVG uses ``svg.fonttype: none`` with DejaVu Sans then a CJK family,
  so viewers render Chinese names with their own fonts and the text stays searchable;
  matplotlib escapes it. Mathtext is off, so a ``$`` in a name is a dollar sign.
- **Deterministic.** ``svg.hashsalt`` is fixed and the date metadata dropped: the same map
  gives the same bytes.
"""

from __future__ import annotations

import contextlib
import functools
import io
import logging
import math
import re
import warnings
from dataclasses import dataclass, field
from typing import Any

__all__ = ["STATIC_FORMATS", "render_static", "cjk_font_family"]

STATIC_FORMATS = ("png", "svg")

# Sizing: model pixels to points. 0.36 pt/px puts org-chart neighbours (110 px) 40 pt apart,
# room for a name under each; a map is capped at 40 x 24 in and no side squashed below 4 in.
_PT_PER_PX = 0.36
_MAX_MAP_IN = (40.0, 24.0)
_MIN_SIDE_IN = 4.0
_MIN_NODE_SCALE = 0.07  # pt per px for node radii on huge maps, so people remain dots
_PLAIN_RADIUS_PX = 12.0  # the model's radius of someone with no key-person score
_DPI = 150
_MAX_PIXELS = 40e6  # PNG dpi drops below _DPI only for figures larger than this
_MARGIN_IN, _GAP_IN, _TITLE_IN = 0.3, 0.25, 0.75
_LABEL_PT, _BADGE_PT, _DEPARTMENT_PT = 6.5, 6.0, 7.0
_FONT = "DejaVu Sans"
_CJK_FAMILIES = (
    "WenQuanYi Zen Hei", "WenQuanYi Micro Hei", "Noto Sans CJK SC", "Noto Sans CJK JP", "Noto Sans SC",
    "Source Han Sans SC", "Source Han Sans CN", "Source Han Sans", "Microsoft YaHei", "PingFang SC",
    "Hiragino Sans GB", "SimHei", "Heiti SC", "Droid Sans Fallback", "AR PL UMing CN",
)
_CJK_FILES = re.compile(r"wqy|wenquanyi|notosanscjk|notoserifcjk|sourcehan|msyh|pingfang|simhei|droidsansfallback|uming|ukai",
                        re.IGNORECASE)
_CJK_TEXT = re.compile(r"[\u2e80-\u9fff\uac00-\ud7af\uf900-\ufaff\uff00-\uffef]")
_GLYPH_WARNING = re.compile(r"Glyph (\d+) .*missing from (current )?font")

# vis-network shapes -> matplotlib markers, and a factor so each shape looks as big as a dot.
_MARKERS = {"dot": ("o", 1.0), "star": ("*", 1.45), "diamond": ("D", 0.8), "square": ("s", 0.9),
            "triangle": ("^", 1.1), "triangleDown": ("v", 1.1), "hexagon": ("h", 1.05)}
_TEXT, _BADGE_COLOR = "#222222", "#8c2d04"
_HALO = {"boxstyle": "round,pad=0.08", "facecolor": (1, 1, 1, 0.7), "edgecolor": "none"}  # keeps names readable over lines


class StaticMapWarning(UserWarning):
    """Something the image cannot show as asked (e.g. Chinese text without a CJK font)."""


# --- fonts ---------------------------------------------------------------------------------


@functools.lru_cache(maxsize=1)
def cjk_font_family() -> str | None:
    """The name of an installed font family that has Chinese glyphs, or ``None``.

    Looks in matplotlib's font list first; when a CJK font was installed after matplotlib
    built its cache, finds the file among the system fonts and adds it to the list.
    """
    from matplotlib import font_manager

    found = _known_cjk(font_manager.fontManager)
    if found:
        return found
    for path in sorted(font_manager.findSystemFonts()):
        if _CJK_FILES.search(path.replace("-", "").replace("_", "")):
            try:
                font_manager.fontManager.addfont(path)
            except (OSError, RuntimeError, ValueError):
                continue
    return _known_cjk(font_manager.fontManager)


def _known_cjk(manager) -> str | None:
    names = {entry.name for entry in manager.ttflist}
    return next((family for family in _CJK_FAMILIES if family in names), None)


def _rc(cjk: str | None) -> dict[str, Any]:
    """Settings of the drawing, applied on top of matplotlib's defaults, never globally."""
    return {
        # Fallback works between the named families of font.family (not inside "sans-serif").
        "font.family": [_FONT] + ([cjk] if cjk else []) + ["sans-serif"],
        "font.sans-serif": [_FONT],
        "text.usetex": False,
        "text.parse_math": False,
        "axes.unicode_minus": False,
        "lines.scale_dashes": False,  # dash patterns below are in points, not line widths
        "svg.fonttype": "none",
        "svg.hashsalt": "powermap",
        "path.simplify": False,
    }


# --- geometry ------------------------------------------------------------------------------


@dataclass
class _Frame:
    """Where the map sits: model pixels -> points, and the map area's size in points."""

    x0: float
    y0: float
    sx: float  # points per model pixel, horizontally
    sy: float  # and vertically
    width: float
    height: float
    node_scale: float  # points per model pixel for node radii, line widths and dashes
    spacing: float  # median distance from a person to the nearest other, in points

    def points(self, x: float, y: float) -> tuple[float, float]:
        return (x - self.x0) * self.sx, (y - self.y0) * self.sy


def _extent(nodes: list[dict]) -> tuple[float, float, float, float]:
    xs = [node["x"] for node in nodes] or [0.0]
    ys = [node["y"] for node in nodes] or [0.0]
    return min(xs), min(ys), max(xs), max(ys)


def _label_room(nodes: list[dict]) -> float:
    """Points a typical name needs under its node, with a little air on each side."""
    widths = sorted(_text_width(node.get("name") or "", _LABEL_PT) for node in nodes)
    return (widths[len(widths) // 2] if widths else 0.0) + 8


def _frame(nodes: list[dict]) -> _Frame:
    """Scale so neighbours have room for names, capped for huge maps, no side squashed.

    Positions spread (up to 3x the base scale) until a typical name fits between neighbours;
    nodes keep the base scale, and shrink on a crowded map (a plain node's radius stays under
    0.4 of the distance to its nearest neighbour), but never below a visible dot.
    """
    left, top, right, bottom = _extent(nodes)
    span_x, span_y = max(right - left, 1.0), max(bottom - top, 1.0)
    max_w, max_h = (side * 72 for side in _MAX_MAP_IN)
    xs, ys = [node["x"] for node in nodes], [node["y"] for node in nodes]
    wanted = min(3 * _PT_PER_PX, max(_PT_PER_PX, _label_room(nodes) / _typical_spacing(xs, ys)))
    scale = min(wanted, max_w / span_x, max_h / span_y)
    sx = sy = scale
    floor = _MIN_SIDE_IN * 72
    if span_y * sy < floor:
        sy = min(_PT_PER_PX * 3, floor / span_y, max_h / span_y)
    if span_x * sx < floor:
        sx = min(_PT_PER_PX * 3, floor / span_x, max_w / span_x)
    spacing = _typical_spacing([x * sx for x in xs], [y * sy for y in ys])
    node_scale = max(min(sx, sy, _PT_PER_PX, 0.4 * spacing / _PLAIN_RADIUS_PX), _MIN_NODE_SCALE)
    pad = 46 * node_scale + 28  # the largest node, its label and the department box around it
    return _Frame(left - pad / sx, top - (pad + 12) / sy, sx, sy, span_x * sx + 2 * pad, span_y * sy + 2 * pad + 24,
                  node_scale, spacing)


@dataclass
class _Nodes:
    """Every node in points, with what the drawing needs, in model order."""

    items: list[dict]
    x: Any  # numpy arrays
    y: Any
    radius: Any
    index: dict[str, int] = field(default_factory=dict)
    extent: list[float] = field(default_factory=list)  # points from the centre to the shape's lowest point
    labelled: list[bool] = field(default_factory=list)
    label_depth: list[float] = field(default_factory=list)  # points below the centre the label reaches


def _layout_nodes(data: dict, frame: _Frame) -> tuple[_Nodes, bool]:
    import numpy as np

    items = data["nodes"]
    points = [frame.points(node["x"], node["y"]) for node in items]
    x = np.array([p[0] for p in points], dtype=float)
    y = np.array([p[1] for p in points], dtype=float)
    radius = np.array([float(node.get("size") or 12.0) for node in items]) * frame.node_scale
    nodes = _Nodes(items, x, y, radius, {node["id"]: number for number, node in enumerate(items)})
    everyone = frame.spacing >= 0.8 * _label_room(items)
    for number, node in enumerate(items):
        shown = everyone or bool(node.get("notable"))
        nodes.labelled.append(shown)
        nodes.extent.append(float(radius[number]) * _marker(node)[1])
        lines = (1 + bool(node.get("badges"))) if shown else 0
        nodes.label_depth.append(nodes.extent[-1] + 2 + lines * _LABEL_PT * 1.3)
    return nodes, everyone


def _marker(node: dict) -> tuple[str, float]:
    return _MARKERS.get(node.get("shape") or "dot", _MARKERS["dot"])


def _typical_spacing(x, y) -> float:
    """Median distance to the nearest other person, in points (infinite for one person).

    Measured on an even sample of at most 600 people against everyone, in numpy blocks, so
    10,000 people cost milliseconds and no scipy import.
    """
    import numpy as np

    points = np.column_stack([np.asarray(x, dtype=float), np.asarray(y, dtype=float)])
    if len(points) < 2:
        return math.inf
    sample = points[:: max(1, len(points) // 600)]
    nearest = []
    for block in range(0, len(sample), 100):
        part = sample[block: block + 100]
        distances = np.hypot(part[:, None, 0] - points[None, :, 0], part[:, None, 1] - points[None, :, 1])
        distances.sort(axis=1)
        nearest.append(distances[:, 1])  # [:, 0] is the person itself (or someone on the same spot)
    return float(np.median(np.concatenate(nearest)))


# --- drawing the map -----------------------------------------------------------------------


@functools.lru_cache(maxsize=512)
def _rgba(color: str, alpha: float = 1.0) -> tuple:
    from matplotlib.colors import to_rgba

    return to_rgba(color, alpha)


def _look(data: dict) -> dict:
    """The image's looks that no single element carries (route colour, borders, opacities)."""
    return data["media"]["image"]


def _draw_departments(ax, data: dict, nodes: _Nodes) -> None:
    """A light rounded box around the members the model gives each department, its name in
    the top corner; the box reaches as deep as its members' labels."""
    from matplotlib.patches import FancyBboxPatch
    from matplotlib.collections import PatchCollection

    opacity = _look(data)["boxes"]
    patches, faces, edges, names = [], [], [], []
    for department in data.get("departments", ()):
        found = [nodes.index[ident] for ident in department["members"] if ident in nodes.index]
        if not found:
            continue
        left = min(float(nodes.x[n] - nodes.radius[n]) for n in found) - 8
        right = max(float(nodes.x[n] + nodes.radius[n]) for n in found) + 8
        top = min(float(nodes.y[n] - nodes.radius[n]) for n in found) - 8 - _DEPARTMENT_PT * 1.4
        bottom = max(float(nodes.y[n]) + nodes.label_depth[n] for n in found) + 6
        patches.append(FancyBboxPatch((left, top), right - left, bottom - top, boxstyle="round,pad=0,rounding_size=8"))
        faces.append(_rgba(department["color"], opacity))
        edges.append(_rgba(department["color"], 1.0))
        names.append((left + 5, top + 3, _fit(department["name"], right - left - 8, _DEPARTMENT_PT)))
    if patches:
        boxes = PatchCollection(patches, facecolors=faces, edgecolors=edges, linewidths=0.8, zorder=0)
        boxes.set_gid("departments")
        ax.add_collection(boxes)
    for number, (x, y, name) in enumerate(names):
        ax.text(x, y, name, fontsize=_DEPARTMENT_PT, fontweight="bold", color="#404040", ha="left", va="top",
                zorder=0.5, gid=f"department-name-{number}", clip_on=False)


def _text_width(text: str, size: float) -> float:
    """A generous estimate of a text's width in points (CJK characters are one em wide)."""
    return sum(size if _CJK_TEXT.match(char) else 0.62 * size for char in text)


def _fit(text: str, width: float, size: float) -> str:
    """``text`` cut with an ellipsis to about ``width`` points, so box names do not run together."""
    if _text_width(text, size) <= width:
        return text
    while text and _text_width(text + "…", size) > width:
        text = text[:-1]
    return text + "…" if text else ""


def _edge_ends(edges: list[dict], nodes: _Nodes) -> tuple[list[int], list[int], list[int], list[float]]:
    """For each edge joining two drawn people: its number, the two node numbers, and the sideways
    shift (in units of the gap) that sets it beside the other edges joining the same pair."""
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
    return keep, starts, ends, shifts


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


def _segments(edges: list[dict], nodes: _Nodes, frame: _Frame, look: dict) -> _Segments:
    """Vectorised: 30,000 edges take milliseconds, not seconds."""
    import numpy as np

    keep, starts, ends, shifts = _edge_ends(edges, nodes)
    kept = [edges[number] for number in keep]
    a, b = np.array(starts, dtype=int), np.array(ends, dtype=int)
    p1 = np.column_stack([nodes.x[a], nodes.y[a]]) if keep else np.zeros((0, 2))
    p2 = np.column_stack([nodes.x[b], nodes.y[b]]) if keep else np.zeros((0, 2))
    length = np.hypot(*(p2 - p1).T)
    unit = (p2 - p1) / np.maximum(length, 1e-9)[:, None]
    normal = np.column_stack([-unit[:, 1], unit[:, 0]])
    offset = np.array(shifts) * max(2.5, 6 * frame.node_scale)
    p1, p2 = p1 + normal * offset[:, None], p2 + normal * offset[:, None]
    width = np.maximum(0.4, np.array([float(edge.get("width") or 1.0) for edge in kept]) * frame.node_scale)
    faded = np.array([bool(node.get("faded")) for node in nodes.items] or [False])
    alpha = np.where(faded[a] | faded[b], look["faded"], look["lines"]) if keep else np.zeros(0)
    size = np.maximum(1.5, (3.5 + 1.2 * width) * min(1.0, frame.node_scale / _PT_PER_PX))
    tip_back = nodes.radius[b] + 0.8 if keep else np.zeros(0)
    arrow = np.array([bool(edge.get("arrow")) for edge in kept], dtype=bool)
    has_head = arrow & (length > tip_back + size)
    tip = p2 - unit * tip_back[:, None]
    base = tip - unit * size[:, None]
    half = (size * 0.45)[:, None]
    head = np.stack([tip, base + normal * half, base - normal * half], axis=1)
    end = np.where(has_head[:, None], base, p2)
    return _Segments(kept, p1, end, width, alpha, head, has_head)


def _dashes(pattern, frame: _Frame):
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


def _draw_edges(ax, data: dict, nodes: _Nodes, frame: _Frame) -> None:
    """Per relation type (formal lines first, contacts last) one collection of lines and one of
    arrowheads; edges that look alike (same width, dashes and fading) share one compound path."""
    import numpy as np
    from matplotlib.collections import PathCollection

    placed = _segments(data.get("edges", []), nodes, frame, _look(data))
    kinds = sorted({edge["type"] for edge in placed.edges}, key=lambda kind: (kind != "reports_to", kind == "contact", kind))
    for layer, kind in enumerate(kinds):
        looks: dict[tuple, list[int]] = {}
        for number, edge in enumerate(placed.edges):
            if edge["type"] == kind:
                key = (edge["color"], round(float(placed.width[number]), 2), float(placed.alpha[number]),
                       tuple(edge.get("dashes") or ()))
                looks.setdefault(key, []).append(number)
        keys = sorted(looks)
        paths = [_compound(np.stack([placed.start[looks[key]], placed.end[looks[key]]], axis=1), closed=False) for key in keys]
        lines = PathCollection(paths, facecolors="none", edgecolors=[_rgba(key[0], key[2]) for key in keys],
                               linewidths=[key[1] for key in keys], linestyles=[_dashes(key[3], frame) for key in keys],
                               capstyle="butt", zorder=1 + layer / 100)
        lines.set_transform(ax.transData)
        lines.set_gid(f"edges-{_safe(kind)}")
        ax.add_collection(lines, autolim=False)
        heads: dict[tuple, list[int]] = {}
        for key in keys:
            heads.setdefault((key[0], key[2]), []).extend(n for n in looks[key] if placed.has_head[n])
        heads = {look: numbers for look, numbers in sorted(heads.items()) if numbers}
        if heads:
            arrows = PathCollection([_compound(placed.head[numbers], closed=True) for numbers in heads.values()],
                                    facecolors=[_rgba(color, alpha) for color, alpha in heads], edgecolors="none",
                                    linewidths=0, zorder=1.5 + layer / 100)
            arrows.set_transform(ax.transData)
            arrows.set_gid(f"arrows-{_safe(kind)}")
            ax.add_collection(arrows, autolim=False)


def _safe(text: str) -> str:
    """A fixed vocabulary word made safe for an SVG id (never applied to data ids)."""
    return re.sub(r"[^A-Za-z0-9_-]", "_", text)


def _draw_routes(ax, data: dict, nodes: _Nodes) -> None:
    """The warmest routes to ``--path-to`` as a wide yellow band under the lines."""
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
        band = LineCollection(segments, colors=[_rgba(_look(data)["route"], 0.7)], linewidths=7, capstyle="round",
                              zorder=0.8)
        band.set_gid("routes")
        ax.add_collection(band)


def _draw_nodes(ax, nodes: _Nodes, frame: _Frame, focus: str | None, look: dict) -> None:
    """One scatter per shape: fill by stance, ring by faction, size by score, faded if left."""
    ring_width = min(3.0, max(1.0, 3.2 * frame.node_scale))
    plain_width = max(0.3, 0.6 * min(1.0, frame.node_scale / _PT_PER_PX))
    by_shape: dict[str, list[int]] = {}
    for number, node in enumerate(nodes.items):
        by_shape.setdefault(node.get("shape") if node.get("shape") in _MARKERS else "dot", []).append(number)
    for shape in sorted(by_shape, key=list(_MARKERS).index):
        marker, factor = _MARKERS[shape]
        numbers = by_shape[shape]
        alpha = [look["faded"] if nodes.items[n].get("faded") else 1.0 for n in numbers]
        scatter = ax.scatter(
            nodes.x[numbers], nodes.y[numbers],
            s=[(2 * float(nodes.radius[n]) * factor) ** 2 for n in numbers],
            marker=marker,
            c=[_rgba(nodes.items[n].get("color"), a) for n, a in zip(numbers, alpha)],
            edgecolors=[_rgba(_border(nodes.items[n], look), a) for n, a in zip(numbers, alpha)],
            linewidths=[ring_width if nodes.items[n].get("ring") else plain_width for n in numbers],
            zorder=2,
        )
        scatter.set_gid(f"nodes-{shape}")
    if focus in nodes.index:
        n = nodes.index[focus]
        halo = ax.scatter([nodes.x[n]], [nodes.y[n]], s=[(2 * float(nodes.radius[n]) + 10) ** 2], marker="o",
                          c=[_rgba(look["route"], 0.6)], linewidths=0, zorder=1.9)
        halo.set_gid("focus")


def _border(node: dict, look: dict) -> str:
    """The faction's ring, else the medium's plain border (our team's own)."""
    return node.get("ring") or (look["team_border"] if node.get("kind") == "member" else look["border"])


def _draw_labels(ax, nodes: _Nodes) -> None:
    """Name under the node, the badges line under the name (in the badge colour)."""
    for number, node in enumerate(nodes.items):
        if not nodes.labelled[number]:
            continue
        alpha = 0.55 if node.get("faded") else 1.0
        x, y = float(nodes.x[number]), float(nodes.y[number]) + nodes.extent[number] + 2
        ax.text(x, y, node.get("name") or "", fontsize=_LABEL_PT, color=_TEXT, alpha=alpha, ha="center", va="top",
                zorder=3, gid=f"label-{number}", clip_on=False, bbox=_HALO)
        if node.get("badges"):
            ax.text(x, y + _LABEL_PT * 1.25, " · ".join(node["badges"]), fontsize=_BADGE_PT, color=_BADGE_COLOR,
                    fontweight="bold", alpha=alpha, ha="center", va="top", zorder=3, gid=f"badges-{number}", clip_on=False,
                    bbox=_HALO)


# --- title and legend ----------------------------------------------------------------------


def _subtitle(data: dict, everyone: bool) -> str:
    meta = data.get("meta", {})
    people = sum(1 for node in data.get("nodes", ()) if node.get("kind") == "stakeholder")
    parts = [f"stage: {meta.get('stage') or 'not set'}", f"power structure: {meta.get('shape') or 'unknown'}",
             f"as of {meta.get('as_of')}", f"{people} people", f"{meta.get('layout', 'org')} layout"]
    if meta.get("redacted"):
        parts.append("names redacted")
    if meta.get("path_to"):
        target = next((n["name"] for n in data["nodes"] if n["id"] == meta["path_to"]), meta["path_to"])
        parts.append(f"yellow: warmest routes to {target}")
    if not everyone:
        parts.append("labels: key persons, coaches, risks and our team only")
    return "  ·  ".join(parts)


def _legend_sections(data: dict) -> list[tuple[str, list[dict]]]:
    """The image's legend as the model gives it: (title, rows) in order."""
    return [(section["title"], section["rows"]) for section in _look(data)["legend"]]


_ROW_PT, _HEAD_PT, _LEGEND_PT, _COLUMN_IN, _SWATCH_PT = 11.0, 15.0, 7.0, 3.5, 26.0


def _section_height(rows: list) -> float:
    return _HEAD_PT + len(rows) * _ROW_PT + 6


def _columns(sections: list, count: int) -> list[list]:
    """Sections flowed into ``count`` columns of about equal height, in order, never split."""
    total = sum(_section_height(rows) for _, rows in sections)
    columns: list[list] = [[]]
    height = 0.0
    for section in sections:
        size = _section_height(section[1])
        if columns[-1] and height + size / 2 > total / count and len(columns) < count:
            columns.append([])
            height = 0.0
        columns[-1].append(section)
        height += size
    return columns


def _legend_size(columns: list[list]) -> tuple[float, float]:
    height = max(sum(_section_height(rows) for _, rows in column) for column in columns) + 16
    return len(columns) * _COLUMN_IN, height / 72


def _draw_legend(fig, rect: tuple[float, float, float, float], columns: list[list], look: dict) -> None:
    """The legend in its own axes whose data units are points from its top-left corner."""
    from matplotlib.patches import FancyBboxPatch

    left, bottom, width, height = rect
    fig_w, fig_h = fig.get_size_inches()
    ax = fig.add_axes((left / fig_w, bottom / fig_h, width / fig_w, height / fig_h))
    ax.set_gid("legend")
    ax.set_axis_off()
    ax.set_xlim(0, width * 72)
    ax.set_ylim(height * 72, 0)
    ax.add_patch(FancyBboxPatch((1, 1), width * 72 - 2, height * 72 - 2, boxstyle="round,pad=0,rounding_size=6",
                                facecolor="#fcfcfc", edgecolor="#c8c8c8", linewidth=0.8))
    for number, column in enumerate(columns):
        x = number * _COLUMN_IN * 72 + 10
        y = 10.0
        for heading, rows in column:
            ax.text(x, y, heading, fontsize=_LEGEND_PT + 1, fontweight="bold", color=_TEXT, va="top", ha="left")
            y += _HEAD_PT
            for row in rows:
                _legend_row(ax, x, y + _ROW_PT / 2, row, look)
                y += _ROW_PT
            y += 6


def _legend_row(ax, x: float, y: float, row: dict, look: dict) -> None:
    swatch = row.get("swatch")
    middle = x + _SWATCH_PT / 2
    if swatch == "marker":  # a node as the map draws it: a faction's ring is thick
        marker, factor = _MARKERS.get(row["shape"], _MARKERS["dot"])
        ring = row.get("ring")
        ax.scatter([middle], [y], s=[(8 * factor) ** 2], marker=marker, c=[_rgba(row["fill"])],
                   edgecolors=[ring or look["border"]], linewidths=2.2 if ring else 0.6)
    elif swatch == "line":
        _legend_line(ax, x, y, row)
    elif swatch == "box":
        from matplotlib.patches import FancyBboxPatch

        ax.add_patch(FancyBboxPatch((x + 2, y - 4), _SWATCH_PT - 4, 8, boxstyle="round,pad=0,rounding_size=2",
                                    facecolor=_rgba(row["color"], 0.4), edgecolor=row["color"], linewidth=0.8))
    elif swatch == "badge":
        ax.text(middle, y, row["badge"], fontsize=_LEGEND_PT - 0.5, fontweight="bold", color=_BADGE_COLOR, ha="center",
                va="center")
    text_x = x + _SWATCH_PT + 6 if swatch else x
    ax.text(text_x, y, row["text"], fontsize=_LEGEND_PT, color=_TEXT, ha="left", va="center")


def _legend_line(ax, x: float, y: float, row: dict) -> None:
    from matplotlib.collections import LineCollection
    from matplotlib.patches import Polygon

    end = x + _SWATCH_PT - (5 if row.get("arrow") else 0)
    style = (0, tuple(row["dashes"])) if row.get("dashes") else "solid"
    ax.add_collection(LineCollection([[(x, y), (end, y)]], colors=[row["color"]], linewidths=[row["width"]],
                                     linestyles=[style], capstyle="butt"))
    if row.get("arrow"):
        ax.add_patch(Polygon([(x + _SWATCH_PT, y), (end, y - 2.5), (end, y + 2.5)], closed=True, facecolor=row["color"],
                             linewidth=0))


# --- the figure ----------------------------------------------------------------------------


@dataclass
class _Plan:
    """Figure size and where the title, map and legend go (inches from the bottom left)."""

    size: tuple[float, float]
    map_rect: tuple[float, float, float, float]
    legend_rect: tuple[float, float, float, float]
    columns: list
    dpi: float


def _plan(frame: _Frame, sections: list) -> _Plan:
    """Legend to the right of a compact map, below a wide one, in as many columns as fit."""
    map_w, map_h = frame.width / 72, frame.height / 72
    wide = map_w > 2.2 * map_h and map_w >= 2 * _COLUMN_IN
    if wide:
        count = max(2, min(len(sections), int(map_w // _COLUMN_IN)))
        columns = _columns(sections, count)
        legend_w, legend_h = _legend_size(columns)
        fig_w = 2 * _MARGIN_IN + max(map_w, legend_w)
        fig_h = 2 * _MARGIN_IN + _TITLE_IN + map_h + _GAP_IN + legend_h
        map_rect = (_MARGIN_IN, _MARGIN_IN + legend_h + _GAP_IN, map_w, map_h)
        legend_rect = (_MARGIN_IN, _MARGIN_IN, legend_w, legend_h)
    else:
        columns = _columns(sections, 1)
        legend_w, legend_h = _legend_size(columns)
        if legend_h > max(map_h, 6.0) * 1.3:
            columns = _columns(sections, 2)
            legend_w, legend_h = _legend_size(columns)
        body = max(map_h, legend_h)
        fig_w = 2 * _MARGIN_IN + map_w + _GAP_IN + legend_w
        fig_h = 2 * _MARGIN_IN + _TITLE_IN + body
        map_rect = (_MARGIN_IN, _MARGIN_IN + (body - map_h), map_w, map_h)
        legend_rect = (_MARGIN_IN + map_w + _GAP_IN, _MARGIN_IN + body - legend_h, legend_w, legend_h)
    dpi = min(_DPI, math.sqrt(_MAX_PIXELS / (fig_w * fig_h)))
    return _Plan((fig_w, fig_h), map_rect, legend_rect, columns, max(50.0, math.floor(dpi)))


def _figure(data: dict):
    from matplotlib.figure import Figure
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    frame = _frame(data["nodes"])
    nodes, everyone = _layout_nodes(data, frame)
    plan = _plan(frame, _legend_sections(data))
    fig = Figure(figsize=plan.size, dpi=plan.dpi, facecolor="white")
    FigureCanvasAgg(fig)
    fig_w, fig_h = plan.size
    left, bottom, width, height = plan.map_rect
    ax = fig.add_axes((left / fig_w, bottom / fig_h, width / fig_w, height / fig_h))
    ax.set_gid("map")
    ax.set_axis_off()
    ax.set_xlim(0, frame.width)
    ax.set_ylim(frame.height, 0)  # model y grows downwards, like the screen
    meta = data.get("meta", {})
    _draw_departments(ax, data, nodes)
    _draw_routes(ax, data, nodes)
    _draw_edges(ax, data, nodes, frame)
    _draw_nodes(ax, nodes, frame, meta.get("focus"), _look(data))
    _draw_labels(ax, nodes)
    _draw_legend(fig, plan.legend_rect, plan.columns, _look(data))
    top = 1 - _MARGIN_IN / fig_h
    fig.text(_MARGIN_IN / fig_w, top, meta.get("name") or meta.get("account") or "Power map", fontsize=15,
             fontweight="bold", color=_TEXT, ha="left", va="top", gid="title")
    fig.text(_MARGIN_IN / fig_w, top - 0.36 / fig_h, _subtitle(data, everyone), fontsize=8.5, color="#555555",
             ha="left", va="top", gid="subtitle")
    return fig, plan


def render_static(power_map, form: str) -> bytes:
    """The map as PNG or SVG bytes.

    Parameters
    ----------
    power_map : a :class:`~powermap.render.map_model.PowerMap` (or its ``data`` dict).
    form : ``"png"`` or ``"svg"``.

    Emits a :class:`StaticMapWarning` (once) when names need glyphs no installed font has,
    typically Chinese text on a machine without a CJK font; the image is written anyway.
    """
    if form not in STATIC_FORMATS:
        raise ValueError(f"unknown image format {form!r}; expected one of {', '.join(STATIC_FORMATS)}")
    data = getattr(power_map, "data", power_map)
    import matplotlib
    import matplotlib.style

    cjk = cjk_font_family()
    with _quiet_font_log(), warnings.catch_warnings(record=True) as caught, matplotlib.rc_context():
        warnings.simplefilter("always")
        matplotlib.style.use("default")
        matplotlib.rcParams.update(_rc(cjk))
        fig, plan = _figure(data)
        output = io.BytesIO()
        metadata = {"Date": None} if form == "svg" else {"Software": None}
        fig.savefig(output, format=form, dpi=plan.dpi, facecolor="white", metadata=metadata)
    _report_warnings(caught, cjk)
    return output.getvalue()


@contextlib.contextmanager
def _quiet_font_log():
    """Hush matplotlib's "findfont: Failed to find font weight normal ... using 500" log lines
    while drawing: CJK fonts often come in one medium weight, which is what we want."""
    logger = logging.getLogger("matplotlib.font_manager")
    level = logger.level
    logger.setLevel(max(level, logging.ERROR))
    try:
        yield
    finally:
        logger.setLevel(level)


def _report_warnings(caught: list, cjk: str | None) -> None:
    """Missing glyphs become one warning; any other warning is passed on as it was."""
    missing: set[str] = set()
    for warning in caught:
        match = _GLYPH_WARNING.search(str(warning.message))
        if match:
            missing.add(chr(int(match.group(1))))
            continue
        warnings.warn_explicit(warning.message, warning.category, warning.filename, warning.lineno)
    if not missing:
        return
    if any(_CJK_TEXT.match(char) for char in missing) and cjk is None:
        message = ("Chinese text needs a CJK font, and none was found: names show as empty boxes in the PNG "
                   "(SVG viewers use their own fonts). Install one, e.g. `apt-get install fonts-wqy-zenhei` "
                   "or Noto Sans CJK.")
    else:
        message = f"no installed font has these characters, shown as boxes: {''.join(sorted(missing))}"
    warnings.warn(message, StaticMapWarning, stacklevel=3)
