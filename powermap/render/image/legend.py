"""The legend of the still image: the sections the map model gives for images, flowed into
columns and drawn in an axes of its own."""

from __future__ import annotations

from typing import NamedTuple

from .geometry import Rect, Size
from .paint import BADGE_COLOR, TEXT, looks_of, marker_of, rgba

_ROW_PT, _HEAD_PT, _LEGEND_PT, _SWATCH_PT = 11.0, 15.0, 7.0, 26.0
COLUMN_IN = 3.5


class LegendSection(NamedTuple):
    title: str
    rows: list[dict]  # as map_style.legend_sections gives them


def legend_sections(data: dict) -> list[LegendSection]:
    """The image's legend as the model gives it (``data["media"]["image"]["legend"]``), in order."""
    return [LegendSection(section["title"], section["rows"]) for section in looks_of(data)["legend"]]


def _section_height(section: LegendSection) -> float:
    return _HEAD_PT + len(section.rows) * _ROW_PT + 6


def columns(sections: list[LegendSection], count: int) -> list[list[LegendSection]]:
    """Sections flowed into ``count`` columns of about equal height, in order, never split."""
    total = sum(_section_height(section) for section in sections)
    flowed: list[list[LegendSection]] = [[]]
    height = 0.0
    for section in sections:
        size = _section_height(section)
        if flowed[-1] and height + size / 2 > total / count and len(flowed) < count:
            flowed.append([])
            height = 0.0
        flowed[-1].append(section)
        height += size
    return flowed


def legend_size(flowed: list[list[LegendSection]]) -> Size:
    """The size of the legend with these columns."""
    height = max(sum(_section_height(section) for section in column) for column in flowed) + 16
    return Size(len(flowed) * COLUMN_IN, height / 72)


def draw_legend(fig, rect: Rect, flowed: list[list[LegendSection]], look: dict) -> None:
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
    for number, column in enumerate(flowed):
        x = number * COLUMN_IN * 72 + 10
        y = 10.0
        for section in column:
            ax.text(x, y, section.title, fontsize=_LEGEND_PT + 1, fontweight="bold", color=TEXT, va="top", ha="left")
            y += _HEAD_PT
            for row in section.rows:
                _legend_row(ax, x, y + _ROW_PT / 2, row, look)
                y += _ROW_PT
            y += 6


def _legend_row(ax, x: float, y: float, row: dict, look: dict) -> None:
    swatch = row.get("swatch")
    middle = x + _SWATCH_PT / 2
    if swatch == "marker":  # a node as the map draws it: a faction's ring is thick
        marker = marker_of(row["shape"])
        ring = row.get("ring")
        ax.scatter([middle], [y], s=[(8 * marker.scale) ** 2], marker=marker.symbol, c=[rgba(row["fill"])],
                   edgecolors=[ring or look["border"]], linewidths=2.2 if ring else 0.6)
    elif swatch == "line":
        _legend_line(ax, x, y, row)
    elif swatch == "box":
        from matplotlib.patches import FancyBboxPatch

        ax.add_patch(FancyBboxPatch((x + 2, y - 4), _SWATCH_PT - 4, 8, boxstyle="round,pad=0,rounding_size=2",
                                    facecolor=rgba(row["color"], 0.4), edgecolor=row["color"], linewidth=0.8))
    elif swatch == "badge":
        ax.text(middle, y, row["badge"], fontsize=_LEGEND_PT - 0.5, fontweight="bold", color=BADGE_COLOR, ha="center",
                va="center")
    text_x = x + _SWATCH_PT + 6 if swatch else x
    ax.text(text_x, y, row["text"], fontsize=_LEGEND_PT, color=TEXT, ha="left", va="center")


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
