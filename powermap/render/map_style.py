"""How the power map looks: one table of colours, sizes, shapes and line styles.

The interactive HTML map and the static PNG/SVG export both draw from here, and the legend
is generated from the same tables, so a colour cannot mean one thing on screen and another
on a slide.
"""

from __future__ import annotations

__all__ = [
    "STANCE_COLORS",
    "TEAM_COLOR",
    "FACTION_PALETTE",
    "DEPARTMENT_PALETTE",
    "ROLE_SHAPES",
    "EDGE_STYLES",
    "CONTACT_STYLE",
    "node_size",
    "contact_width",
    "legend",
]

# Diverging ColorBrewer RdBu (5 classes, colour-blind safe): blue is with us, red against;
# grey is unknown.
STANCE_COLORS = {
    "champion": "#2166ac",
    "supporter": "#67a9cf",
    "neutral": "#f7f7f7",
    "skeptic": "#ef8a62",
    "opponent": "#b2182b",
    "unknown": "#bdbdbd",
}
TEAM_COLOR = "#6a3d9a"  # our people: purple, a hue no stance uses
# Qualitative ColorBrewer Dark2 for faction rings, Pastel1 for department boxes.
FACTION_PALETTE = ("#1b9e77", "#d95f02", "#7570b3", "#e7298a", "#66a61e", "#e6ab02", "#a6761d", "#666666")
DEPARTMENT_PALETTE = ("#fbb4ae", "#b3cde3", "#ccebc5", "#decbe4", "#fed9a6", "#ffffcc", "#e5d8bd", "#fddaec", "#f2f2f2")

# Shape by the weightiest buying role held (first match), so deciders stand out at a glance.
ROLE_SHAPES = (
    ("decision_maker", "star", "decision maker"),
    ("funder", "diamond", "funder"),
    ("procurement", "square", "procurement"),
    ("spec_setter", "triangle", "spec setter"),
    ("evaluator", "triangleDown", "evaluator"),
)
DEFAULT_SHAPE = "dot"
TEAM_SHAPE = "hexagon"

# Relation types: colour, dash pattern (None = solid), arrow towards the target, label.
EDGE_STYLES = {
    "reports_to": {"color": "#7f7f7f", "dashes": None, "arrow": False, "label": "formal line (reports to)"},
    "influences": {"color": "#08519c", "dashes": None, "arrow": True, "label": "influences (arrow: who is swayed; width: weight)"},
    "advises": {"color": "#3182bd", "dashes": [2, 4], "arrow": True, "label": "advises (arrow: who is advised)"},
    "ally": {"color": "#238b45", "dashes": None, "arrow": False, "label": "ally"},
    "rival": {"color": "#cb181d", "dashes": [8, 4], "arrow": False, "label": "rival"},
    "friend": {"color": "#74c476", "dashes": [1, 4], "arrow": False, "label": "friend"},
    "kin": {"color": "#8c6bb1", "dashes": [12, 3, 2, 3], "arrow": False, "label": "kin"},
    "alumni": {"color": "#bcbd22", "dashes": [4, 4], "arrow": False, "label": "alumni / former colleague"},
}
CONTACT_STYLE = {
    "color": TEAM_COLOR,
    "stale_dashes": [6, 6],
    "undated_dashes": [1, 3],
    "label": "our contact (width: closeness; dashed: stale; dotted: no date)",
}

MIN_SIZE, MAX_SIZE, TEAM_SIZE = 12, 42, 16


def node_size(score: float | None) -> float:
    """Radius of a stakeholder by key-person score (0..1): power is read from size."""
    return MIN_SIZE + (MAX_SIZE - MIN_SIZE) * (score or 0.0)


def contact_width(level: int) -> float:
    """Line width of a contact by closeness level 0 (outermost) .. 5 (intimate)."""
    return 1 + level


def legend() -> dict:
    """Every colour, shape, size and line the map uses, with what it means."""
    return {
        "stances": [{"key": key, "color": color} for key, color in STANCE_COLORS.items()],
        "team": {"color": TEAM_COLOR, "shape": TEAM_SHAPE, "label": "our team"},
        "shapes": [{"role": role, "shape": shape, "label": label} for role, shape, label in ROLE_SHAPES]
        + [{"role": None, "shape": DEFAULT_SHAPE, "label": "no key role"}],
        "sizes": "size: key-person score (bigger decides more)",
        "badges": [
            {"badge": "KP n", "label": "key person, rank n"},
            {"badge": "coach", "label": "inside-contact candidate"},
            {"badge": "risk", "label": "ignored risk"},
            {"badge": "new", "label": "new in post"},
            {"badge": "left", "label": "has left (faded)"},
        ],
        "rings": "ring colour: faction",
        "boxes": "background box: department",
        "edges": [{"type": kind, **style} for kind, style in EDGE_STYLES.items()],
        "contact": CONTACT_STYLE,
    }
