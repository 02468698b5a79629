"""Where things sit in the still image: the scale from the model's pixels to points, the map
area's size, and each person's centre and radius in points.

Everything is converted once to points, so marker radii, line widths, arrowheads, box padding
and label offsets are in one unit.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any, NamedTuple

from .paint import marker_of

# Sizing: model pixels to points. 0.36 pt/px puts org-chart neighbours (110 px) 40 pt apart,
# room for a name under each; a map is capped at 40 x 24 in and no side squashed below 4 in.
PT_PER_PX = 0.36
MAX_MAP_IN = (40.0, 24.0)
_MIN_SIDE_IN = 4.0
_MIN_NODE_SCALE = 0.07  # pt per px for node radii on huge maps, so people remain dots
_PLAIN_RADIUS_PX = 12.0  # the model's radius of someone with no key-person score


class Point(NamedTuple):
    x: float
    y: float


class Size(NamedTuple):
    """A width and a height, in inches."""

    width: float
    height: float


class Rect(NamedTuple):
    """A rectangle of the figure, in inches from its bottom-left corner."""

    left: float
    bottom: float
    width: float
    height: float


class Bounds(NamedTuple):
    """The smallest box around every person's centre, in model pixels."""

    left: float
    top: float
    right: float
    bottom: float


@dataclass
class Frame:
    """Where the map sits: model pixels -> points, and the map area's size in points."""

    x0: float
    y0: float
    sx: float  # points per model pixel, horizontally
    sy: float  # and vertically
    width: float
    height: float
    node_scale: float  # points per model pixel for node radii, line widths and dashes
    spacing: float  # median distance from a person to the nearest other, in points

    def points(self, x: float, y: float) -> Point:
        return Point((x - self.x0) * self.sx, (y - self.y0) * self.sy)


def _bounds(nodes: list[dict]) -> Bounds:
    xs = [node["x"] for node in nodes] or [0.0]
    ys = [node["y"] for node in nodes] or [0.0]
    return Bounds(min(xs), min(ys), max(xs), max(ys))


def frame(nodes: list[dict], label_room: float) -> Frame:
    """Scale so neighbours have room for names, capped for huge maps, no side squashed.

    ``nodes`` are the model's; ``label_room`` is the points a typical name needs
    (:func:`.labels.label_room`). Positions spread (up to 3x the base scale) until a typical
    name fits between neighbours; nodes keep the base scale, and shrink on a crowded map (a
    plain node's radius stays under 0.4 of the distance to its nearest neighbour), but never
    below a visible dot.
    """
    bounds = _bounds(nodes)
    span_x, span_y = max(bounds.right - bounds.left, 1.0), max(bounds.bottom - bounds.top, 1.0)
    max_w, max_h = (side * 72 for side in MAX_MAP_IN)
    xs, ys = [node["x"] for node in nodes], [node["y"] for node in nodes]
    wanted = min(3 * PT_PER_PX, max(PT_PER_PX, label_room / typical_spacing(xs, ys)))
    scale = min(wanted, max_w / span_x, max_h / span_y)
    sx = sy = scale
    floor = _MIN_SIDE_IN * 72
    if span_y * sy < floor:
        sy = min(PT_PER_PX * 3, floor / span_y, max_h / span_y)
    if span_x * sx < floor:
        sx = min(PT_PER_PX * 3, floor / span_x, max_w / span_x)
    spacing = typical_spacing([x * sx for x in xs], [y * sy for y in ys])
    node_scale = max(min(sx, sy, PT_PER_PX, 0.4 * spacing / _PLAIN_RADIUS_PX), _MIN_NODE_SCALE)
    pad = 46 * node_scale + 28  # the largest node, its label and the department box around it
    return Frame(bounds.left - pad / sx, bounds.top - (pad + 12) / sy, sx, sy, span_x * sx + 2 * pad,
                 span_y * sy + 2 * pad + 24, node_scale, spacing)


@dataclass
class Nodes:
    """Every node in points, with what the drawing needs, in model order."""

    items: list[dict]  # the model's nodes
    x: Any  # numpy arrays
    y: Any
    radius: Any
    index: dict[str, int]  # model id -> position in ``items``
    reach: list[float]  # points from the centre to the shape's lowest point


def place_nodes(items: list[dict], frame: Frame) -> Nodes:
    """The model's nodes in points."""
    import numpy as np

    points = [frame.points(node["x"], node["y"]) for node in items]
    x = np.array([p.x for p in points], dtype=float)
    y = np.array([p.y for p in points], dtype=float)
    radius = np.array([float(node.get("size") or 12.0) for node in items]) * frame.node_scale
    reach = [float(radius[number]) * marker_of(node.get("shape")).scale for number, node in enumerate(items)]
    return Nodes(items, x, y, radius, {node["id"]: number for number, node in enumerate(items)}, reach)


def typical_spacing(x, y) -> float:
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
