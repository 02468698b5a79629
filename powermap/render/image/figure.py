"""The still image's figure: its size and resolution, where the title, the map and the legend
go, and each part drawn in turn."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import Any, NamedTuple

from .geometry import Frame, Rect, Size, frame as map_frame, place_nodes
from .labels import draw_labels, label_room, place_labels
from .legend import COLUMN_IN, LegendSection, columns, draw_legend, legend_sections, legend_size
from .lines import draw_edges, draw_routes
from .paint import TEXT, looks_of
from .people import draw_departments, draw_nodes

DPI = 150
_MAX_PIXELS = 40e6  # PNG dpi drops below DPI only for figures larger than this
_MARGIN_IN, _GAP_IN, _TITLE_IN = 0.3, 0.25, 0.75


@dataclass
class Plan:
    """Figure size and where the map and legend go (inches from the bottom left)."""

    size: Size
    map_rect: Rect
    legend_rect: Rect
    columns: list[list[LegendSection]]
    dpi: float


def plan(frame: Frame, sections: list[LegendSection]) -> Plan:
    """Legend to the right of a compact map, below a wide one, in as many columns as fit."""
    map_w, map_h = frame.width / 72, frame.height / 72
    wide = map_w > 2.2 * map_h and map_w >= 2 * COLUMN_IN
    if wide:
        count = max(2, min(len(sections), int(map_w // COLUMN_IN)))
        flowed = columns(sections, count)
        legend_w, legend_h = legend_size(flowed)
        fig_w = 2 * _MARGIN_IN + max(map_w, legend_w)
        fig_h = 2 * _MARGIN_IN + _TITLE_IN + map_h + _GAP_IN + legend_h
        map_rect = Rect(_MARGIN_IN, _MARGIN_IN + legend_h + _GAP_IN, map_w, map_h)
        legend_rect = Rect(_MARGIN_IN, _MARGIN_IN, legend_w, legend_h)
    else:
        flowed = columns(sections, 1)
        legend_w, legend_h = legend_size(flowed)
        if legend_h > max(map_h, 6.0) * 1.3:
            flowed = columns(sections, 2)
            legend_w, legend_h = legend_size(flowed)
        body = max(map_h, legend_h)
        fig_w = 2 * _MARGIN_IN + map_w + _GAP_IN + legend_w
        fig_h = 2 * _MARGIN_IN + _TITLE_IN + body
        map_rect = Rect(_MARGIN_IN, _MARGIN_IN + (body - map_h), map_w, map_h)
        legend_rect = Rect(_MARGIN_IN + map_w + _GAP_IN, _MARGIN_IN + body - legend_h, legend_w, legend_h)
    dpi = min(DPI, math.sqrt(_MAX_PIXELS / (fig_w * fig_h)))
    return Plan(Size(fig_w, fig_h), map_rect, legend_rect, flowed, max(50.0, math.floor(dpi)))


def _words(data: dict) -> tuple[dict, dict]:
    """The image's words and the words of enumerated values, as the model gives them (English
    for a model without them)."""
    words = data.get("words") or {}
    if "image" not in words:
        from ..map_style import image_words, value_words

        words = {"image": image_words("en"), "values": value_words("en")}
    return words["image"], words["values"]


def _say(template: str, **fields) -> str:
    """``template`` with its ``{fields}`` filled in one pass (a name is never read as a field)."""
    return _FIELD.sub(lambda match: str(fields[match.group(1)]) if match.group(1) in fields else match.group(), template)


_FIELD = re.compile(r"\{(\w+)\}")


def _subtitle(data: dict, everyone: bool) -> str:
    meta = data.get("meta", {})
    said, values = _words(data)
    people = sum(1 for node in data.get("nodes", ()) if node.get("kind") == "stakeholder")
    stage, shape, layout = meta.get("stage"), meta.get("shape"), meta.get("layout", "org")
    parts = [_say(said["stage"], stage=values["stage"].get(stage, stage) if stage else said["no_stage"]),
             _say(said["shape"], shape=values["shape"].get(shape, shape) if shape else said["no_shape"]),
             _say(said["as_of"], date=meta.get("as_of")), _say(said["people"], count=people),
             _say(said["layout"], layout=said.get(layout, layout))]
    if meta.get("redacted"):
        parts.append(said["redacted"])
    if meta.get("path_to"):
        target = next((n["name"] for n in data["nodes"] if n["id"] == meta["path_to"]), meta["path_to"])
        parts.append(_say(said["routes"], target=target))
    if not everyone:
        parts.append(said["notable"])
    return said["separator"].join(parts)


class Picture(NamedTuple):
    """A drawn figure, and the resolution to save it at."""

    figure: Any  # matplotlib.figure.Figure
    dpi: float


def draw(data: dict) -> Picture:
    """The whole figure of the model's ``data``, on an Agg canvas (no pyplot)."""
    from matplotlib.figure import Figure
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    room = label_room(data["nodes"])
    frame = map_frame(data["nodes"], room)
    nodes = place_nodes(data["nodes"], frame)
    labels = place_labels(nodes, frame, room)
    layout = plan(frame, legend_sections(data))
    fig = Figure(figsize=layout.size, dpi=layout.dpi, facecolor="white")
    FigureCanvasAgg(fig)
    fig_w, fig_h = layout.size
    area = layout.map_rect
    ax = fig.add_axes((area.left / fig_w, area.bottom / fig_h, area.width / fig_w, area.height / fig_h))
    ax.set_gid("map")
    ax.set_axis_off()
    ax.set_xlim(0, frame.width)
    ax.set_ylim(frame.height, 0)  # model y grows downwards, like the screen
    meta = data.get("meta", {})
    draw_departments(ax, data, nodes, labels)
    draw_routes(ax, data, nodes)
    draw_edges(ax, data, nodes, frame)
    draw_nodes(ax, nodes, frame, meta.get("focus"), looks_of(data))
    draw_labels(ax, nodes, labels)
    draw_legend(fig, layout.legend_rect, layout.columns, looks_of(data))
    top = 1 - _MARGIN_IN / fig_h
    fig.text(_MARGIN_IN / fig_w, top, meta.get("name") or meta.get("account") or _words(data)[0]["title"], fontsize=15,
             fontweight="bold", color=TEXT, ha="left", va="top", gid="title")
    fig.text(_MARGIN_IN / fig_w, top - 0.36 / fig_h, _subtitle(data, labels.everyone), fontsize=8.5, color="#555555",
             ha="left", va="top", gid="subtitle")
    return Picture(fig, layout.dpi)
