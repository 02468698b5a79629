"""The legend of the still image: the sections the map model gives for images (only what the
map draws, in the one order of :data:`..map_style.LEGEND_ORDER`), their texts wrapped to the
column's width, flowed into as few columns as fit the height the figure leaves, and drawn in
an axes of its own."""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple

from ...i18n import N_p, text
from ..map_style import COVERAGE_MARKS
from .fonts import Measure
from .geometry import Rect
from .paint import BADGE_COLOR, TEXT, looks_of, marker_of, rgba

_ROW_PT, _HEAD_PT, _LEGEND_PT, _SWATCH_PT, _PAD_PT, _SECTION_GAP = 11.0, 13.0, 7.0, 24.0, 8.0, 5.0
COLUMN_IN = 2.45
# (columns, scale of the type) tried in turn until the legend fits the height it is given
_FITS = ((1, 1.0), (1, 0.92), (2, 1.0), (2, 0.9), (2, 0.8), (3, 0.8), (3, 0.7))


class LegendSection(NamedTuple):
    title: str
    rows: list[dict]  # as map_style.legend_sections gives them


def legend_sections(data: dict) -> list[LegendSection]:
    """The image's legend as the model gives it (``data["media"]["image"]["legend"]``), in order,
    then the marks drawn around people (:func:`marks_section`) when there are any."""
    sections = [LegendSection(section["title"], section["rows"]) for section in looks_of(data)["legend"]]
    marks = marks_section(data)
    if marks is not None:
        position = next((n + 1 for n, section in enumerate(looks_of(data)["legend"]) if section.get("id") == "badges"),
                        len(sections))
        sections.insert(position, marks)
    return sections


# The title of the rings drawn around people (the badges' section is "Badges" / 标记).
_MARKS_TITLE = N_p("map", "Halos and rings")


def marks_section(data: dict) -> LegendSection | None:
    """The rings drawn around people, in the page's words (``data["words"]["ui"]``): the key
    persons' gold halos when a key person is drawn, the what-if's changed mark when someone
    carries it; ``None`` when neither is drawn. After the badges, titled in the map's language."""
    from ..map_style import page_words

    words = (data.get("words") or {}).get("ui") or page_words("en")
    people = [node for node in data.get("nodes", ()) if node.get("kind", "stakeholder") == "stakeholder"]
    rows = []
    if any(node.get("key_rank") for node in people):
        rows.append({"swatch": "halo", "text": words["kp1_mark"]})
    if words.get("changed_mark") and any("changed" in (node.get("marks") or ()) for node in people):
        rows.append({"swatch": "changed", "text": words["changed_mark"]})
    lang = (data.get("meta") or {}).get("lang", "en")
    return LegendSection(text(_MARKS_TITLE, lang), rows) if rows else None


class _Row(NamedTuple):
    row: dict
    lines: list[str]
    height: float


class _Section(NamedTuple):
    title: str
    rows: list[_Row]
    height: float


@dataclass
class Legend:
    """The legend laid out: its columns of sections, its size in inches and its type's scale."""

    columns: list[list[_Section]]
    width: float
    height: float
    scale: float


def _sections(sections: list[LegendSection], measure: Measure, scale: float) -> list[_Section]:
    size, row_pt = _LEGEND_PT * scale, _ROW_PT * scale
    room = COLUMN_IN * 72 - 2 * _PAD_PT
    laid = []
    for section in sections:
        rows = []
        for row in section.rows:
            width = room - (_SWATCH_PT + 5 if row.get("swatch") else 0)
            lines = measure.wrap(row["text"], width, size)
            step = measure.line("lp", size)[1]
            rows.append(_Row(row, lines, max(row_pt, step * len(lines) + 2.5 * scale)))
        title = measure.fit(section.title, room, size + 1, "bold")
        laid.append(_Section(title, rows, _HEAD_PT * scale + sum(row.height for row in rows) + _SECTION_GAP))
    return laid


def _flow(laid: list[_Section], count: int) -> list[list[_Section]]:
    """Sections in ``count`` columns of about equal height, in order, never split."""
    total = sum(section.height for section in laid)
    flowed: list[list[_Section]] = [[]]
    height = 0.0
    for section in laid:
        if flowed[-1] and height + section.height / 2 > total / count and len(flowed) < count:
            flowed.append([])
            height = 0.0
        flowed[-1].append(section)
        height += section.height
    return flowed


def layout(sections: list[LegendSection], measure: Measure, height: float, *, columns: int | None = None) -> Legend:
    """The legend in the fewest columns (then the largest type) that fit ``height`` inches;
    ``columns`` fixes the count (a legend under the map). The last try is kept if none fits."""
    tries = [(columns, scale) for scale in (1.0, 0.92, 0.84, 0.76, 0.7)] if columns else _FITS
    found = None
    for count, scale in tries:
        flowed = _flow(_sections(sections, measure, scale), count)
        tall = (max((sum(s.height for s in column) for column in flowed), default=0.0) + 2 * _PAD_PT - _SECTION_GAP) / 72
        found = Legend(flowed, len(flowed) * COLUMN_IN, tall, scale)
        if tall <= height:
            break
    return found


def draw_legend(fig, rect: Rect, legend: Legend, look: dict) -> None:
    """The legend in its own axes whose data units are points from its top-left corner."""
    from matplotlib.patches import FancyBboxPatch

    fig_w, fig_h = fig.get_size_inches()
    ax = fig.add_axes((rect.left / fig_w, rect.bottom / fig_h, rect.width / fig_w, rect.height / fig_h))
    ax.set_gid("legend")
    ax.set_axis_off()
    ax.set_xlim(0, rect.width * 72)
    ax.set_ylim(rect.height * 72, 0)
    ax.add_patch(FancyBboxPatch((1, 1), rect.width * 72 - 2, rect.height * 72 - 2, boxstyle="round,pad=0,rounding_size=6",
                                facecolor="#fcfcfc", edgecolor="#c8c8c8", linewidth=0.8))
    scale = legend.scale
    size = _LEGEND_PT * scale
    for number, column in enumerate(legend.columns):
        x = number * COLUMN_IN * 72 + _PAD_PT
        y = _PAD_PT
        for section in column:
            ax.text(x, y, section.title, fontsize=size + 1, fontweight="bold", color=TEXT, va="top", ha="left")
            y += _HEAD_PT * scale
            for row in section.rows:
                _legend_row(ax, x, y, row, look, scale)
                y += row.height
            y += _SECTION_GAP


def _legend_row(ax, x: float, top: float, laid: _Row, look: dict, scale: float) -> None:
    row = laid.row
    swatch = row.get("swatch")
    y = top + _ROW_PT * scale / 2  # the swatch sits by the first line
    middle = x + _SWATCH_PT / 2
    size = _LEGEND_PT * scale
    if swatch == "marker":  # a node as the map draws it: a faction's ring is thick
        marker = marker_of(row["shape"])
        ring = row.get("ring")
        ax.scatter([middle], [y], s=[(7 * marker.scale * scale) ** 2], marker=marker.symbol, c=[rgba(row["fill"])],
                   edgecolors=[ring or look["border"]], linewidths=2.0 if ring else 0.6)
    elif swatch == "line":
        _legend_line(ax, x, y, row)
    elif swatch == "box":
        from matplotlib.patches import FancyBboxPatch

        ax.add_patch(FancyBboxPatch((x + 2, y - 3.5), _SWATCH_PT - 4, 7, boxstyle="round,pad=0,rounding_size=2",
                                    facecolor=rgba(row["color"], 0.4), edgecolor=row["color"], linewidth=0.8))
    elif swatch in ("halo", "changed"):  # a plain node ringed as on the map
        from .people import CHANGED_COLOR, CHANGED_DASHES, HALO_COLOR, HALO_EDGE

        ax.scatter([middle], [y], s=[(6.5 * scale) ** 2], marker="o", c=[rgba("#bdbdbd")], edgecolors=[look["border"]],
                   linewidths=0.6)
        if swatch == "halo":
            ax.scatter([middle], [y], s=[(11.5 * scale) ** 2], marker="o", facecolors="none", edgecolors=[HALO_COLOR],
                       linewidths=2.4 * scale)
            ax.scatter([middle], [y], s=[(15.0 * scale) ** 2], marker="o", facecolors="none", edgecolors=[HALO_EDGE],
                       linewidths=0.7 * scale)
        else:
            ax.scatter([middle], [y], s=[(11.0 * scale) ** 2], marker="o", facecolors="none", edgecolors=[CHANGED_COLOR],
                       linewidths=1.2 * scale, linestyle=(0, CHANGED_DASHES))
    elif swatch == "badge":
        ax.text(middle, y, row["badge"], fontsize=size - 0.5, fontweight="bold", color=BADGE_COLOR, ha="center",
                va="center")
    elif swatch == "coverage":  # a plain node with the mark at its upper right, as on the map
        mark = COVERAGE_MARKS[row["level"]]
        ax.scatter([middle - 2], [y + 1], s=[(7.5 * scale) ** 2], marker="o", c=[rgba("#bdbdbd")],
                   edgecolors=[look["border"]], linewidths=0.6)
        ax.scatter([middle + 2.8], [y - 2.2], s=[(5.2 * scale) ** 2 * (1.3 if mark["marker"] == "X" else 1.0)],
                   marker=mark["marker"], c=[rgba(mark["fill"])], edgecolors=[rgba(mark["edge"])],
                   linewidths=0.9 if mark["fill"] == "#ffffff" or row["level"] == "stale" else 0.5, zorder=3)
    text_x = x + _SWATCH_PT + 5 if swatch else x
    ax.text(text_x, top + 1, "\n".join(laid.lines), fontsize=size, color=TEXT, ha="left", va="top", linespacing=1.05)


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
