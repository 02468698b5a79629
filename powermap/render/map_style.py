"""How the power map looks: one table of colours, sizes, shapes and line styles.

The interactive HTML map and the static PNG/SVG export both draw from here, and the legend
is generated from the same tables, so a colour cannot mean one thing on screen and another
on a slide.

The map model (:mod:`powermap.render.map_model`) puts these looks into the map's data: each
person's and line's own colour, shape and size, and, per medium (``"page"`` for the
interactive HTML map, ``"image"`` for PNG/SVG), the looks no single element carries
(:data:`LOOKS`) and the legend's sections and rows (:func:`legend_sections`). The renderers
draw those and decide nothing of their own.
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
    "MEDIA",
    "LOOKS",
    "stance_words",
    "legend_sections",
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


# --- per medium ------------------------------------------------------------------------------

MEDIA = ("page", "image")

# What each medium draws that no single person or line carries:
#   route: colour of an introduction route (on the page the chosen route's people and lines
#     are recoloured with it; in an image the routes to --path-to are a band of it under the
#     lines, and the --focus person has a halo of it);
#   border: the thin outline of someone in no faction; team_border: the outline of our people;
#   faded: opacity of people who left (in an image, of their lines too);
#   lines: opacity of lines; boxes: opacity of department box fills.
LOOKS = {
    "page": {"route": "#ff7f00", "border": "#636363", "team_border": "#3f2460", "faded": 0.35, "lines": 0.85,
             "boxes": 0.32},
    "image": {"route": "#ffd92f", "border": "#4d4d4d", "team_border": "#4d4d4d", "faded": 0.35, "lines": 0.75,
              "boxes": 0.28},
}

# Where the page says more than the bare word of a stance: grey is a risk.
_PAGE_STANCE_WORDS = {"unknown": "unknown (a risk)"}


def stance_words(medium: str) -> dict[str, str]:
    """The words a medium uses for each stance, in the legend's order (on the page also in its
    tooltips, side panel and stance filter)."""
    _check_medium(medium)
    extra = _PAGE_STANCE_WORDS if medium == "page" else {}
    return {key: extra.get(key, key) for key in STANCE_COLORS}


def _check_medium(medium: str) -> None:
    if medium not in MEDIA:
        raise ValueError(f"unknown medium {medium!r}; expected one of {', '.join(MEDIA)}")


def _marker(shape: str, fill: str, text: str, *, ring: str | None = None, key: str | None = None) -> dict:
    row = {"swatch": "marker", "shape": shape, "fill": fill, "ring": ring, "text": text}
    if key is not None:
        row["key"] = key
    return row


def _line(color: str, dashes, arrow: bool, width: float, text: str, key: str) -> dict:
    return {"swatch": "line", "color": color, "dashes": list(dashes) if dashes else None, "arrow": bool(arrow),
            "width": width, "text": text, "key": key}


def _lines(medium: str, asked_route: bool) -> list[dict]:
    """Every relation type, our contacts (fresh, stale, undated) and the route.

    Swatch widths: the page draws its line swatches 2 px wide (3 for a contact, 4 for the
    route, which it always lists because any route can be chosen); an image 1.2 pt (2 for a
    contact, 5 for the routes band, listed only when there are routes to ``--path-to``).
    """
    page = medium == "page"
    plain, contact_width, route_width = (2, 3, 4) if page else (1.2, 2.0, 5.0)
    rows = [_line(look["color"], look["dashes"], look["arrow"], plain, look["label"], kind)
            for kind, look in EDGE_STYLES.items()]
    rows += [
        _line(CONTACT_STYLE["color"], None, False, contact_width, CONTACT_STYLE["label"], "contact"),
        _line(CONTACT_STYLE["color"], CONTACT_STYLE["stale_dashes"], False, plain, "stale contact", "stale"),
        _line(CONTACT_STYLE["color"], CONTACT_STYLE["undated_dashes"], False, plain, "contact without a date", "undated"),
    ]
    if page:
        rows.append(_line(LOOKS[medium]["route"], None, False, route_width, "highlighted introduction route", "route"))
    elif asked_route:
        rows.append(_line(LOOKS[medium]["route"], None, False, route_width, "warmest introduction routes", "route"))
    return rows


def _badges() -> list[dict]:
    return [{"swatch": "badge", "badge": item["badge"], "text": item["label"]} for item in legend()["badges"]]


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def legend_sections(medium: str, *, factions: list[dict], departments: list[dict], asked_route: bool) -> list[dict]:
    """The legend of one medium: sections (``id``, ``title``, ``rows``), each row a swatch and
    its text, from the tables above, the account's ``factions`` and ``departments`` as the map
    model gives them (``name``, ``color``, a faction's ``stance``), and whether there are
    routes to ``--path-to`` (``asked_route``).

    A row's ``swatch`` is ``"marker"`` (``shape``, ``fill``, ``ring``: a node as the map draws
    it, ``ring`` ``None`` for the medium's thin border), ``"line"`` (``color``, ``dashes``,
    ``arrow``, ``width``), ``"box"`` (``color``: a department box), ``"badge"`` (``badge``:
    the badge's text), ``"sizes"`` (a small and a big node) or ``None`` (text only). Rows that
    the page looks up carry a ``key``: the stance, ``"team"``, the relation type (``"contact"``,
    ``"stale"``, ``"undated"`` and ``"route"`` for the other lines).

    The page lists each faction with its stance and each department with its colour; an
    image is more compact: one department swatch and the factions' names.
    """
    _check_medium(medium)
    tables = legend()
    words = stance_words(medium)
    stances = [_marker("dot", color, words[key], key=key) for key, color in STANCE_COLORS.items()]
    team = _marker(TEAM_SHAPE, TEAM_COLOR, tables["team"]["label"], key="team")
    if medium == "page":
        sections = [
            {"id": "stance", "title": "Fill: stance toward us", "rows": stances + [team]},
            {"id": "shape", "title": "Shape: weightiest buying role",
             "rows": [_marker(item["shape"], "#ffffff", item["label"]) for item in tables["shapes"]]},
            {"id": "size", "title": "Size", "rows": [{"swatch": "sizes", "text": tables["sizes"]}]},
            {"id": "badges", "title": "Badges under the name", "rows": _badges()},
        ]
        if factions:
            rows = [_marker("dot", "#ffffff", faction["name"] + (f" ({faction['stance']})" if faction.get("stance") not in
                                                                 (None, "unknown") else ""), ring=faction["color"])
                    for faction in factions]
            rows.append(_marker("dot", "#ffffff", "thin grey border: no faction"))
            sections.append({"id": "rings", "title": _capital(tables["rings"]), "rows": rows})
        if departments:
            sections.append({"id": "boxes", "title": _capital(tables["boxes"]),
                             "rows": [{"swatch": "box", "color": d["color"], "text": d["name"]} for d in departments]})
        sections.append({"id": "lines", "title": "Lines", "rows": _lines(medium, asked_route)})
        return sections
    shapes = [_marker(item["shape"], "#bdbdbd", item["label"]) for item in tables["shapes"]]
    groups = [{"swatch": "box", "color": DEPARTMENT_PALETTE[1], "text": tables["boxes"]},
              {"swatch": None, "text": tables["rings"]}]
    groups += [_marker("dot", "#ffffff", faction["name"], ring=faction["color"]) for faction in factions]
    return [
        {"id": "stance", "title": "Stance (fill)", "rows": stances + [team]},
        {"id": "shape", "title": "Buying role (shape)", "rows": shapes + [{"swatch": None, "text": tables["sizes"]}]},
        {"id": "lines", "title": "Lines", "rows": _lines(medium, asked_route)},
        {"id": "badges", "title": "Badges", "rows": _badges()},
        {"id": "groups", "title": "Groups", "rows": groups},
    ]
