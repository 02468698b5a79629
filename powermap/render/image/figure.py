"""The still image's figure: its size and resolution, where the title, the map and the legend
go, and each part drawn in turn.

The figure is a slide: :data:`HEIGHT_IN` (7.5 in, a PowerPoint slide's height) tall and as wide
as the asked shape (16:9 by default: 13.33 in), saved at the resolution that gives the asked
pixels (1920 x 1080 at 144 dpi), so type keeps its size on the slide whatever the pixels. The
title and subtitle run along the top; the legend stands to the right of the map (under it when
the picture is narrower than 6:5); the map fills the rest.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, NamedTuple

from .fonts import Measure
from .geometry import Rect, fit
from .labels import Grid, draw_labels, node_boxes, place_labels
from .legend import COLUMN_IN, Legend, draw_legend, layout as legend_layout, legend_sections
from .lines import draw_edges, draw_routes
from .paint import TEXT, looks_of
from .people import coverage_marks, draw_coverage, draw_departments, draw_nodes, place_departments, widen_for_halos
from .geometry import place_nodes

DEFAULT_SIZE = (1920, 1080)  # pixels of a PNG: a 16:9 slide
HEIGHT_IN = 7.5
_MARGIN_IN, _GAP_IN = 0.25, 0.2
_TITLE_PT, _SUBTITLE_PT = 15.0, 8.5


@dataclass
class Plan:
    """Figure size (inches) and where the map and legend go (inches from the bottom left)."""

    width: float
    height: float
    map_rect: Rect
    legend_rect: Rect
    legend: Legend


def plan(width: float, height: float, header: float, sections, measure: Measure) -> Plan:
    """The legend to the right of the map on a wide picture, under it on a narrow one."""
    body = height - header - _MARGIN_IN
    if width / height >= 1.2:
        legend = legend_layout(sections, measure, body)
        legend_h = min(legend.height, body)
        map_w = width - 2 * _MARGIN_IN - _GAP_IN - legend.width
        map_rect = Rect(_MARGIN_IN, _MARGIN_IN, map_w, body)
        legend_rect = Rect(width - _MARGIN_IN - legend.width, _MARGIN_IN + body - legend_h, legend.width, legend_h)
    else:
        count = max(1, int((width - 2 * _MARGIN_IN) // COLUMN_IN))
        legend = legend_layout(sections, measure, body * 0.45, columns=count)
        legend_h = min(legend.height, body * 0.6)
        map_rect = Rect(_MARGIN_IN, _MARGIN_IN + legend_h + _GAP_IN, width - 2 * _MARGIN_IN, body - legend_h - _GAP_IN)
        legend_rect = Rect(_MARGIN_IN, _MARGIN_IN, legend.width, legend_h)
    return Plan(width, height, map_rect, legend_rect, legend)


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


def _subtitle(data: dict, left_out: int, headings_left_out: int) -> str:
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
    if left_out:
        parts.append(_say(said["left_out_one" if left_out == 1 else "left_out"], count=left_out))
    if headings_left_out:
        parts.append(_say(said["departments_left_out_one" if headings_left_out == 1 else "departments_left_out"],
                          count=headings_left_out))
    return said["separator"].join(parts)


class Picture(NamedTuple):
    """A drawn figure, and the resolution to save it at."""

    figure: Any  # matplotlib.figure.Figure
    dpi: float


def _resolution(size: tuple[int, int]) -> tuple[float, float, float]:
    """Width and height in inches and the dpi that give ``size`` pixels exactly (matplotlib
    truncates the pixel count, so the dpi is nudged up by a hair)."""
    width_px, height_px = size
    dpi = height_px / HEIGHT_IN * (1 + 1e-9)
    return width_px / height_px * HEIGHT_IN, HEIGHT_IN, dpi


def draw(data: dict, size: tuple[int, int] = DEFAULT_SIZE) -> Picture:
    """The whole figure of the model's ``data``, ``size`` pixels (width, height), on an Agg
    canvas (no pyplot)."""
    from matplotlib.figure import Figure
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    fig_w, fig_h, dpi = _resolution(size)
    fig = Figure(figsize=(fig_w, fig_h), dpi=dpi, facecolor="white")
    FigureCanvasAgg(fig)
    measure = Measure(fig)
    meta = data.get("meta", {})
    room = (fig_w - 2 * _MARGIN_IN) * 72
    title = measure.fit(meta.get("name") or meta.get("account") or _words(data)[0]["title"], room, _TITLE_PT, "bold")
    title_h = measure.line(title, _TITLE_PT, "bold")[1]

    # the map first (its subtitle says what was left out), then the header's height is known:
    # the subtitle is given two lines' room always, so the map's area does not depend on it
    subtitle_line = measure.line("lp", _SUBTITLE_PT)[1]
    header = _MARGIN_IN + (title_h + 4 + 2 * subtitle_line * 1.15 + 6) / 72
    layout = plan(fig_w, fig_h, header, legend_sections(data), measure)
    area = layout.map_rect
    stretch = 8.0 if meta.get("layout", "org") == "org" else 1.25  # org levels may spread; a force layout keeps its shape
    frame = fit(data["nodes"], area.width * 72, area.height * 72, stretch=stretch)
    nodes = place_nodes(data["nodes"], frame)
    widen_for_halos(nodes, frame)  # key persons' halos are part of them for labels and boxes
    taken = Grid()
    marks = coverage_marks(nodes)
    node_boxes(nodes, taken, list(marks.values()))
    departments, headings_left_out = place_departments(data, nodes, measure, taken, frame.width)
    labels = place_labels(nodes, frame, measure, taken)

    ax = fig.add_axes((area.left / fig_w, area.bottom / fig_h, area.width / fig_w, area.height / fig_h))
    ax.set_gid("map")
    ax.set_axis_off()
    ax.set_xlim(0, frame.width)
    ax.set_ylim(frame.height, 0)  # model y grows downwards, like the screen
    draw_departments(ax, data, departments, labels)
    draw_routes(ax, data, nodes)
    draw_edges(ax, data, nodes, frame)
    draw_nodes(ax, nodes, frame, meta.get("focus"), looks_of(data))
    draw_coverage(ax, nodes, marks)
    draw_labels(ax, nodes, labels)
    draw_legend(fig, layout.legend_rect, layout.legend, looks_of(data))
    top = 1 - _MARGIN_IN / fig_h
    fig.text(_MARGIN_IN / fig_w, top, title, fontsize=_TITLE_PT, fontweight="bold", color=TEXT, ha="left", va="top",
             gid="title")
    subtitle = "\n".join(measure.wrap(_subtitle(data, labels.left_out, headings_left_out), room, _SUBTITLE_PT)[:2])
    fig.text(_MARGIN_IN / fig_w, top - (title_h + 4) / 72 / fig_h, subtitle, fontsize=_SUBTITLE_PT, color="#555555",
             ha="left", va="top", gid="subtitle", linespacing=1.15)
    return Picture(fig, dpi)
