"""Who is named in the still image, how deep each label reaches, and the names drawn.

When neighbours sit closer than a typical name is wide, only the people the map model calls
``notable`` (our team, badged key persons, coaches and risks, the ``--focus`` and
``--path-to`` people and those on a route to ``--path-to``) are named.
"""

from __future__ import annotations

from dataclasses import dataclass

from .fonts import text_width
from .geometry import Frame, Nodes
from .paint import BADGE_COLOR, TEXT

LABEL_PT, BADGE_PT = 6.5, 6.0
_HALO = {"boxstyle": "round,pad=0.08", "facecolor": (1, 1, 1, 0.7), "edgecolor": "none"}  # keeps names readable over lines


def label_room(nodes: list[dict]) -> float:
    """Points a typical name needs under its node, with a little air on each side."""
    widths = sorted(text_width(node.get("name") or "", LABEL_PT) for node in nodes)
    return (widths[len(widths) // 2] if widths else 0.0) + 8


@dataclass(frozen=True)
class Labels:
    """Which people are named, in model order, and how far below its centre each label reaches."""

    everyone: bool  # room to name everyone; else only the notable are named
    shown: list[bool]
    depth: list[float]  # points below the centre: the shape, then a name and a badges line if shown


def place_labels(nodes: Nodes, frame: Frame, room: float) -> Labels:
    """Everyone named when the typical spacing leaves ``room`` for a name, else the notable."""
    everyone = frame.spacing >= 0.8 * room
    shown, depth = [], []
    for number, node in enumerate(nodes.items):
        named = everyone or bool(node.get("notable"))
        shown.append(named)
        lines = (1 + bool(node.get("badges"))) if named else 0
        depth.append(nodes.reach[number] + 2 + lines * LABEL_PT * 1.3)
    return Labels(everyone, shown, depth)


def draw_labels(ax, nodes: Nodes, labels: Labels) -> None:
    """Name under the node, the badges line under the name (in the badge colour)."""
    for number, node in enumerate(nodes.items):
        if not labels.shown[number]:
            continue
        alpha = 0.55 if node.get("faded") else 1.0
        x, y = float(nodes.x[number]), float(nodes.y[number]) + nodes.reach[number] + 2
        ax.text(x, y, node.get("name") or "", fontsize=LABEL_PT, color=TEXT, alpha=alpha, ha="center", va="top",
                zorder=3, gid=f"label-{number}", clip_on=False, bbox=_HALO)
        if node.get("badges"):
            ax.text(x, y + LABEL_PT * 1.25, " · ".join(node["badges"]), fontsize=BADGE_PT, color=BADGE_COLOR,
                    fontweight="bold", alpha=alpha, ha="center", va="top", zorder=3, gid=f"badges-{number}", clip_on=False,
                    bbox=_HALO)
