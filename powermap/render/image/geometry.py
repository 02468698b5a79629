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

# Sizing: model pixels to points. The map fills the area the figure gives it; node radii are
# at most 0.36 pt per model pixel (a key person 15 pt), and shrink on a crowded map (a plain
# node's radius stays under 0.4 of the distance to its nearest neighbour), never below a dot.
PT_PER_PX = 0.36
_MAX_SCALE = 1.5  # points per model pixel at most: a map of three people is not blown up
_MIN_NODE_SCALE = 0.07  # pt per px for node radii on huge maps, so people remain dots
_PLAIN_RADIUS_PX = 12.0  # the model's radius of someone with no key-person score
# Room around the outermost centres, in points: the largest node (15 pt), a department box
# (8 pt) and its name above; a label below; half a label to the sides.
_PAD_SIDE, _PAD_TOP, _PAD_BOTTOM = 40.0, 38.0, 46.0


class Point(NamedTuple):
    x: float
    y: float


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
        """A model position in points from the map area's top-left corner."""
        return Point((x - self.x0) * self.sx, (y - self.y0) * self.sy)


def _bounds(nodes: list[dict]) -> Bounds:
    xs = [node["x"] for node in nodes] or [0.0]
    ys = [node["y"] for node in nodes] or [0.0]
    return Bounds(min(xs), min(ys), max(xs), max(ys))


def fit(nodes: list[dict], width: float, height: float, *, stretch: float = 2.0) -> Frame:
    """The scale that fills a map area ``width`` x ``height`` points with the model's
    ``nodes``, centred, keeping their proportions except that one side may be stretched up to
    ``stretch`` times the other (an org chart is wide and flat; its levels gain room for names
    without changing anyone's order or grouping).
    """
    bounds = _bounds(nodes)
    span_x, span_y = max(bounds.right - bounds.left, 1.0), max(bounds.bottom - bounds.top, 1.0)
    room_x, room_y = max(width - 2 * _PAD_SIDE, 1.0), max(height - _PAD_TOP - _PAD_BOTTOM, 1.0)
    scale = min(room_x / span_x, room_y / span_y, _MAX_SCALE)
    sx = min(room_x / span_x, scale * stretch, _MAX_SCALE)
    sy = min(room_y / span_y, scale * stretch, _MAX_SCALE)
    xs, ys = [node["x"] for node in nodes], [node["y"] for node in nodes]
    spacing = typical_spacing([x * sx for x in xs], [y * sy for y in ys])
    node_scale = max(min(sx, sy, PT_PER_PX, 0.4 * spacing / _PLAIN_RADIUS_PX), _MIN_NODE_SCALE)
    left = _PAD_SIDE + (room_x - (bounds.right - bounds.left) * sx) / 2
    top = _PAD_TOP + (room_y - (bounds.bottom - bounds.top) * sy) / 2
    return Frame(bounds.left - left / sx, bounds.top - top / sy, sx, sy, width, height, node_scale, spacing)


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
