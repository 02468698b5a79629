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

from ..i18n import N_p, say, text

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
    "LEGEND_ORDER",
    "COVERAGE_MARKS",
    "badge_word",
    "page_words",
    "image_words",
    "notebook_words",
    "value_words",
    "html_lang",
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
    ("decision_maker", "star", N_p("map", "decision maker")),
    ("funder", "diamond", N_p("map", "funder")),
    ("procurement", "square", N_p("map", "procurement")),
    ("spec_setter", "triangle", N_p("map", "spec setter")),
    ("evaluator", "triangleDown", N_p("map", "evaluator")),
)
DEFAULT_SHAPE = "dot"
TEAM_SHAPE = "hexagon"

# Relation types: colour, dash pattern (None = solid), arrow towards the target, label.
EDGE_STYLES = {
    "reports_to": {"color": "#7f7f7f", "dashes": None, "arrow": False, "label": N_p("map", "formal line (reports to)")},
    "influences": {"color": "#08519c", "dashes": None, "arrow": True, "label": N_p("map", "influences (arrow: who is swayed; width: weight)")},
    "advises": {"color": "#3182bd", "dashes": [2, 4], "arrow": True, "label": N_p("map", "advises (arrow: who is advised)")},
    "ally": {"color": "#238b45", "dashes": None, "arrow": False, "label": N_p("map", "ally")},
    "rival": {"color": "#cb181d", "dashes": [8, 4], "arrow": False, "label": N_p("map", "rival")},
    "friend": {"color": "#74c476", "dashes": [1, 4], "arrow": False, "label": N_p("map", "friend")},
    "kin": {"color": "#8c6bb1", "dashes": [12, 3, 2, 3], "arrow": False, "label": N_p("map", "kin")},
    "alumni": {"color": "#bcbd22", "dashes": [4, 4], "arrow": False, "label": N_p("map", "alumni / former colleague")},
}
CONTACT_STYLE = {
    "color": TEAM_COLOR,
    "stale_dashes": [6, 6],
    "undated_dashes": [1, 3],
    "label": N_p("map", "our contact (width: closeness; dashed: stale; dotted: no date)"),
}

MIN_SIZE, MAX_SIZE, TEAM_SIZE = 12, 42, 16


def node_size(score: float | None) -> float:
    """Radius of a stakeholder by key-person score (0..1): power is read from size."""
    return MIN_SIZE + (MAX_SIZE - MIN_SIZE) * (score or 0.0)


def contact_width(level: int) -> float:
    """Line width of a contact by closeness level 0 (outermost) .. 5 (intimate)."""
    return 1 + level


# The badges under a name: a key person and their rank, a good inside contact (内线), an
# ignored risk, new in post, has left.
_BADGES = {
    "key": N_p("map", "KP {rank}"),
    "coach": N_p("map", "coach"),
    "risk": N_p("map", "risk"),
    "new": N_p("map", "new"),
    "left": N_p("map", "left"),
}


def badge_word(kind: str, lang: str = "en", rank: int | None = None) -> str:
    """The badge ``kind`` ("key", "coach", "risk", "new", "left") in ``lang``: "KP 2" / "关键人2"."""
    return text(say(_BADGES[kind], rank=rank) if kind == "key" else _BADGES[kind], lang)


def legend() -> dict:
    """Every colour, shape, size and line the map uses, with what it means."""
    return {
        "stances": [{"key": key, "color": color} for key, color in STANCE_COLORS.items()],
        "team": {"color": TEAM_COLOR, "shape": TEAM_SHAPE, "label": N_p("map", "our team")},
        "shapes": [{"role": role, "shape": shape, "label": label} for role, shape, label in ROLE_SHAPES]
        + [{"role": None, "shape": DEFAULT_SHAPE, "label": N_p("map", "no key role")}],
        "sizes": N_p("map", "size: key-person score (bigger decides more)"),
        "badges": [
            {"badge": N_p("map", "KP n"), "label": N_p("map", "key person, rank n")},
            {"badge": _BADGES["coach"], "label": N_p("map", "inside-contact candidate")},
            {"badge": _BADGES["risk"], "label": N_p("map", "ignored risk")},
            {"badge": _BADGES["new"], "label": N_p("map", "new in post")},
            {"badge": _BADGES["left"], "label": N_p("map", "has left (faded)")},
        ],
        "rings": N_p("map", "ring colour: faction"),
        "boxes": N_p("map", "background box: department"),
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
_PAGE_STANCE_WORDS = {"unknown": N_p("map", "unknown (a risk)")}


def stance_words(medium: str, lang: str = "en") -> dict[str, str]:
    """The words a medium uses for each stance, in the legend's order (on the page also in its
    tooltips, side panel and stance filter), in ``lang``."""
    from .words import word

    _check_medium(medium)
    extra = _PAGE_STANCE_WORDS if medium == "page" else {}
    return {key: text(extra[key], lang) if key in extra else (key if lang == "en" else word("stance", key, lang))
            for key in STANCE_COLORS}


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


def _lines(medium: str, asked_route: bool, lang: str = "en") -> list[dict]:
    """Every relation type, our contacts (fresh, stale, undated) and the route, in
    :data:`LEGEND_ORDER`'s order.

    Swatch widths: the page draws its line swatches 2 px wide (3 for a contact, 4 for the
    route, which it always lists because any route can be chosen); an image 1.2 pt (2 for a
    contact, 5 for the routes band, listed only when there are routes to ``--path-to``).
    """
    page = medium == "page"
    plain, contact_width, route_width = (2, 3, 4) if page else (1.2, 2.0, 5.0)
    rows = [_line(look["color"], look["dashes"], look["arrow"], plain, text(look["label"], lang), kind)
            for kind, look in EDGE_STYLES.items()]
    rows += [
        _line(CONTACT_STYLE["color"], None, False, contact_width, text(CONTACT_STYLE["label"], lang), "contact"),
        _line(CONTACT_STYLE["color"], CONTACT_STYLE["stale_dashes"], False, plain,
              text(N_p("map", "stale contact"), lang), "stale"),
        _line(CONTACT_STYLE["color"], CONTACT_STYLE["undated_dashes"], False, plain,
              text(N_p("map", "contact without a date"), lang), "undated"),
    ]
    if page:
        rows.append(_line(LOOKS[medium]["route"], None, False, route_width,
                          text(N_p("map", "highlighted introduction route"), lang), "route"))
    elif asked_route:
        rows.append(_line(LOOKS[medium]["route"], None, False, route_width,
                          text(N_p("map", "warmest introduction routes"), lang), "route"))
    return rows


_BADGE_KINDS = ("key", "coach", "risk", "new", "left")  # the rows of legend()["badges"], in order


def _badges(lang: str) -> list[dict]:
    return [{"swatch": "badge", "badge": text(item["badge"], lang), "text": text(item["label"], lang), "key": kind}
            for kind, item in zip(_BADGE_KINDS, legend()["badges"])]


# Coverage: how well our team reaches a stakeholder (``node["coverage"]["level"]``), drawn in an
# image as a small mark at the node's upper right in the colours of the page's coverage rings
# (map.js ``COVERAGE``: green strong, orange weak, grey stale, red not reached): a filled green
# dot (strong), an orange ring (weak), a grey dot (stale) and a red cross (not reached).
COVERAGE_MARKS = {
    "strong": {"marker": "o", "fill": "#1a9850", "edge": "#ffffff", "label": N_p("map", "well covered by our team")},
    "weak": {"marker": "o", "fill": "#ffffff", "edge": "#f28e00", "label": N_p("map", "weakly covered")},
    "stale": {"marker": "o", "fill": "#bdbdbd", "edge": "#7a7a7a", "label": N_p("map", "covered, but the contact is stale")},
    "none": {"marker": "X", "fill": "#d7191c", "edge": "#ffffff", "label": N_p("map", "not reached by our team")},
}

# The legend's one order, the same in every map: sections, and in each the rows in this order
# (stances as STANCE_COLORS, then our team; shapes as ROLE_SHAPES, then no key role; coverage
# levels as COVERAGE_MARKS; lines as EDGE_STYLES, then our contacts, stale and undated ones, the
# route; badges as _BADGE_KINDS; groups: department box, faction rings, each faction in the
# account's order). Given the map's nodes and edges, a legend keeps only the rows of what
# occurs and leaves out a section left empty.
LEGEND_ORDER = {
    "page": ("stance", "shape", "size", "badges", "rings", "boxes", "lines"),
    "image": ("stance", "shape", "coverage", "lines", "badges", "groups"),
}


def _capital(words: str) -> str:
    return words[:1].upper() + words[1:]


def _faction_row(faction: dict, lang: str) -> dict:
    """A faction with its stance, when known: "Reformers (champion)" / "改革派（坚定支持者）"."""
    from .words import word

    stance = faction.get("stance")
    known = stance not in (None, "unknown")
    if lang == "en":
        said = faction["name"] + (f" ({stance})" if known else "")
    else:
        said = faction["name"] + (f"（{word('stance', stance, lang)}）" if known else "")
    return _marker("dot", "#ffffff", said, ring=faction["color"])


class _Occurs:
    """What a map draws, by the legend's keys: the stances, shapes, line kinds, badges,
    coverage levels and factions that occur among its ``nodes`` and ``edges``."""

    def __init__(self, nodes: list[dict], edges: list[dict], lang: str):
        people = [node for node in nodes if node.get("kind", "stakeholder") == "stakeholder"]
        self.team = len(people) < len(nodes)
        self.stances = {node.get("stance") for node in people}
        self.shapes = {node.get("shape") for node in people}
        self.lines = {edge["type"] for edge in edges}
        if any(edge["type"] == "contact" and edge.get("stale") for edge in edges):
            self.lines.add("stale")
        if any(edge["type"] == "contact" and not edge.get("stale") and not edge.get("last_contact") for edge in edges):
            self.lines.add("undated")
        words = {kind: badge_word(kind, lang) for kind in ("coach", "risk", "new", "left")}
        said = {badge for node in people for badge in node.get("badges") or ()}
        self.badges = {kind for kind, word in words.items() if word in said}
        if any(node.get("rank") is not None and badge_word("key", lang, rank=node["rank"]) in (node.get("badges") or ())
               for node in people):
            self.badges.add("key")
        self.coverage = {(node.get("coverage") or {}).get("level") for node in people} - {None}
        self.factions = {node.get("faction") for node in people} - {None}
        self.unaffiliated = any(node.get("faction") is None for node in people)


def _kept(rows: list[dict], wanted: set, always: tuple = ()) -> list[dict]:
    return [row for row in rows if row.get("key") in wanted or row.get("key") in always]


def legend_sections(medium: str, *, factions: list[dict], departments: list[dict], asked_route: bool,
                    lang: str = "en", nodes: list[dict] | None = None, edges: list[dict] | None = None) -> list[dict]:
    """The legend of one medium, in ``lang``: sections (``id``, ``title``, ``rows``), each row a
    swatch and its text, from the tables above, the account's ``factions`` and ``departments``
    as the map model gives them (``name``, ``color``, a faction's ``stance``), and whether there
    are routes to ``--path-to`` (``asked_route``), in :data:`LEGEND_ORDER`.

    Given the map's ``nodes`` and ``edges`` (as the map model gives them), the legend lists only
    what the map draws: the stances, buying-role shapes, line kinds, badges, coverage levels,
    factions and departments that occur (the page always keeps its "our team" row, which its
    filter uses, and its route row), and leaves out a section left empty. Without them it lists
    everything the map could draw.

    A row's ``swatch`` is ``"marker"`` (``shape``, ``fill``, ``ring``: a node as the map draws
    it, ``ring`` ``None`` for the medium's thin border), ``"line"`` (``color``, ``dashes``,
    ``arrow``, ``width``), ``"box"`` (``color``: a department box), ``"badge"`` (``badge``:
    the badge's text), ``"sizes"`` (a small and a big node), ``"coverage"`` (``level``: the
    mark of :data:`COVERAGE_MARKS`, in an image only) or ``None`` (text only). Rows carry a
    ``key``: the stance, ``"team"``, the shape, the relation type (``"contact"``, ``"stale"``,
    ``"undated"`` and ``"route"`` for the other lines), the badge kind, the coverage level.

    The page lists each faction with its stance and each department with its colour; an
    image is more compact: one department swatch and the factions' names.
    """
    _check_medium(medium)
    tables = legend()
    words = stance_words(medium, lang)
    stances = [_marker("dot", color, words[key], key=key) for key, color in STANCE_COLORS.items()]
    stances.append(_marker(TEAM_SHAPE, TEAM_COLOR, text(tables["team"]["label"], lang), key="team"))
    fill = "#ffffff" if medium == "page" else "#bdbdbd"
    shapes = [_marker(item["shape"], fill, text(item["label"], lang), key=item["shape"]) for item in tables["shapes"]]
    lines = _lines(medium, asked_route, lang)
    badges = _badges(lang)
    coverage = [{"swatch": "coverage", "level": level, "text": text(mark["label"], lang), "key": level}
                for level, mark in COVERAGE_MARKS.items()] if medium == "image" and nodes is not None else []
    if nodes is not None:
        occurs = _Occurs(nodes, edges or [], lang)
        page = medium == "page"
        stances = _kept(stances, occurs.stances | ({"team"} if occurs.team else set()), ("team",) if page else ())
        shapes = _kept(shapes, occurs.shapes)
        lines = _kept(lines, occurs.lines, ("route",))
        badges = _kept(badges, occurs.badges)
        coverage = _kept(coverage, occurs.coverage)
        factions = [faction for faction in factions if faction["id"] in occurs.factions]
        drawn = {d["id"] for d in departments if d.get("members")}
        departments = [d for d in departments if d["id"] in drawn or drawn & set(d.get("below") or ())]
    sizes = text(tables["sizes"], lang)
    sections: dict[str, dict] = {
        "stance": {"id": "stance", "title": text(N_p("map", "Fill: stance toward us"), lang), "rows": stances},
        "shape": {"id": "shape", "title": text(N_p("map", "Shape: weightiest buying role"), lang), "rows": shapes},
        "lines": {"id": "lines", "title": text(N_p("map", "Lines"), lang), "rows": lines},
        "badges": {"id": "badges", "title": text(N_p("map", "Badges under the name"), lang), "rows": badges},
    }
    if medium == "page":
        sections["size"] = {"id": "size", "title": text(N_p("map", "Size"), lang), "rows": [{"swatch": "sizes", "text": sizes}]}
        if factions:
            rows = [_faction_row(faction, lang) for faction in factions]
            if nodes is None or occurs.unaffiliated:
                rows.append(_marker("dot", "#ffffff", text(N_p("map", "thin grey border: no faction"), lang)))
            sections["rings"] = {"id": "rings", "title": _capital(text(tables["rings"], lang)), "rows": rows}
        if departments:
            sections["boxes"] = {"id": "boxes", "title": _capital(text(tables["boxes"], lang)),
                                 "rows": [{"swatch": "box", "color": d["color"], "text": d["name"]} for d in departments]}
    else:
        sections["stance"]["title"] = text(N_p("map", "Stance (fill)"), lang)
        sections["shape"] = {"id": "shape", "title": text(N_p("map", "Buying role (shape)"), lang),
                             "rows": shapes + [{"swatch": None, "text": sizes}]}
        sections["badges"]["title"] = text(N_p("map", "Badges"), lang)
        sections["coverage"] = {"id": "coverage", "title": text(N_p("map", "Our coverage (corner mark)"), lang),
                                "rows": coverage}
        groups = [{"swatch": "box", "color": DEPARTMENT_PALETTE[1], "text": text(tables["boxes"], lang)}] if departments or nodes is None else []
        if factions or nodes is None:
            groups.append({"swatch": None, "text": text(tables["rings"], lang)})
        groups += [_marker("dot", "#ffffff", faction["name"], ring=faction["color"]) for faction in factions]
        sections["groups"] = {"id": "groups", "title": text(N_p("map", "Groups"), lang), "rows": groups}
    return [sections[name] for name in LEGEND_ORDER[medium] if name in sections and sections[name]["rows"]]


# --- the page's own words ---------------------------------------------------------------------

# Every word the interactive page writes that is not the account's data: its controls, headings,
# tooltips and the sentences it builds around names. The page reads them from its data
# (``data["words"]``), never from its markup, so one script serves every language. A ``{field}``
# is filled by the page with a name, number or date.
_PAGE_WORDS = {
    # header, buttons and panels
    "heading": N_p("map", "{name} – power map"),
    "find": N_p("map", "Find a person"),
    "find_hint": N_p("map", "Find a person (name or id)"),
    "fit": N_p("map", "Fit"),
    "fit_tip": N_p("map", "Show the whole map"),
    "labels": N_p("map", "Labels"),
    "labels_tip": N_p("map", "Show or hide names"),
    "panel": N_p("map", "Panel"),
    "panel_tip": N_p("map", "Show or hide filters and legend"),
    "controls": N_p("map", "Filters, routes and legend"),
    "filter": N_p("map", "Filter"),
    "show_everyone": N_p("map", "Show everyone"),
    "route": N_p("map", "Introduction route"),
    "legend": N_p("map", "Legend"),
    "map": N_p("map", "Power map"),
    "close": N_p("map", "Close"),
    "no_script": N_p("map", "This power map needs JavaScript to draw."),
    # the line under the heading
    "grade": N_p("map", "grade {grade}"),
    "stage": N_p("map", "stage: {stage}"),
    "culture": N_p("map", "{culture} culture"),
    "power": N_p("map", "power: {shape}"),
    "as_of": N_p("map", "as of {date}"),
    "people": N_p("map", "{people} people, {team} on our team"),
    "redacted": N_p("map", "redacted"),
    # filters
    "shown": N_p("map", "{shown} of {people} people shown"),
    "department": N_p("map", "Department"),
    "all_departments": N_p("map", "All departments"),
    "no_department": N_p("map", "(no department)"),
    "faction": N_p("map", "Faction"),
    "all_factions": N_p("map", "All factions"),
    "no_faction": N_p("map", "(no faction)"),
    "role": N_p("map", "Buying role"),
    "all_roles": N_p("map", "All buying roles"),
    "stance": N_p("map", "Stance"),
    "all_stances": N_p("map", "All stances"),
    "lines": N_p("map", "Lines"),
    # routes
    "no_route": N_p("map", "— none —"),
    "no_routes": N_p("map", "no routes to show"),
    "route_to": N_p("map", "to {target}: {path} (warmth {warmth})"),
    "route_in": N_p("map", "{path} (warmth {warmth})"),
    # tooltips
    "team_tip": N_p("map", "our team · {count} contacts"),
    "stance_tip": N_p("map", "stance: {stance}"),
    "details": N_p("map", "click for details"),
    "knows": N_p("map", "{from} knows {to} ({how})"),
    "last": N_p("map", "last {date}"),
    "no_date": N_p("map", "no date"),
    "stale": N_p("map", "stale"),
    "stale_note": N_p("map", " (stale)"),
    "reports_to": N_p("map", "{from} reports to {to}"),
    "influences": N_p("map", "{from} influences {to}"),
    "advises": N_p("map", "{from} advises {to}"),
    "ally": N_p("map", "{from} and {to} are allies"),
    "rival": N_p("map", "{from} and {to} are rivals"),
    "friend": N_p("map", "{from} and {to} are friends"),
    "kin": N_p("map", "{from} and {to} are family"),
    "alumni": N_p("map", "{from} and {to} are former colleagues or schoolmates"),
    "network": N_p("map", "{network} network"),
    # the side panel
    "rank": N_p("map", "#{rank} (score {score})"),
    "not_ranked": N_p("map", "not ranked"),
    "none_known": N_p("map", "none known"),
    "roles": N_p("map", "Buying roles"),
    "status": N_p("map", "Status"),
    "circle": N_p("map", "Circle"),
    "competitor": N_p("map", "Close to competitor"),
    "key_person": N_p("map", "Key person"),
    "power_sources": N_p("map", "Power sources"),
    "why_key": N_p("map", "Why key"),
    "risk": N_p("map", "Risk (score {score})"),
    "inside": N_p("map", "Inside contact (score {score})"),
    "exposure": N_p("map", "Exposure risks of using them"),
    "our_contacts": N_p("map", "Our contacts"),
    "nobody_knows": N_p("map", "nobody on our team knows this person"),
    "routes_in": N_p("map", "Routes in"),
    "ties": N_p("map", "Ties"),
    "more": N_p("map", "and {count} more"),
    "notes": N_p("map", "Notes"),
    "our_team": N_p("map", "Our team"),
    "team_member": N_p("map", "team member"),
    "contacts": N_p("map", "Contacts"),
    "their_contacts": N_p("map", "Their contacts"),
    "no_contacts": N_p("map", "no contacts recorded"),
    "centre": N_p("map", "Centre on map"),
    "nobody_found": N_p("map", "nobody found"),
    "separator": N_p("map list", ", "),  # between items of a list (buying roles): 、 in Chinese
    "comma": N_p("map", ", "),  # between the parts of a description (closeness, date)
    "aside": N_p("map", " ({what})"),  # a note after a sentence: a tie's weight and network
    "level": N_p("map", "{source} ({level})"),  # a power source and its level
    # what the map shows at a glance: coverage, the session's marks, lines on demand
    "all_lines": N_p("map", "All lines"),
    "all_lines_tip": N_p("map", "Show every line, not only the formal lines, rivals, opponents and the ties of key persons and risks"),
    "lines_note": N_p("map", "Shown: formal lines, rivals, opponents' ties and the ties of key persons and risks. Point at or click a person to see all of theirs."),
    "not_reached": N_p("map", "Key persons not reached"),
    "all_reached": N_p("map", "Every key person is reached."),
    "coverage": N_p("map", "Our coverage (ring and badge)"),
    "cov_strong": N_p("map", "reached strongly"),
    "cov_weak": N_p("map", "reached weakly"),
    "cov_stale": N_p("map", "contact gone stale"),
    "cov_none": N_p("map", "not reached"),
    "cov_by": N_p("map", "{level}: {who}"),
    "avoid": N_p("map", "avoid"),
    "avoid_title": N_p("map", "Avoid: being seen with them costs us"),
    "marks": N_p("map", "Marks"),
    "kp1_mark": N_p("map", "gold halo: key person 1; thin halo: other key persons"),
    "risk_mark": N_p("map", "red triangle: ignored risk"),
    "avoid_mark": N_p("map", "barred circle: on the avoid list"),
    "focus_view": N_p("map", "Shown: key persons, risks, inside contacts and the people next to them. 'Show everyone' shows all."),
}

# The still image's own words: its subtitle, and its title when the account has no name.
_IMAGE_WORDS = {
    "title": N_p("map", "Power map"),
    "stage": N_p("map", "stage: {stage}"),
    "no_stage": N_p("map", "not set"),
    "shape": N_p("map", "power structure: {shape}"),
    "no_shape": N_p("map", "unknown"),
    "as_of": N_p("map", "as of {date}"),
    "people": N_p("map", "{count} people"),
    "layout": N_p("map", "{layout} layout"),
    "org": N_p("map", "org"),
    "force": N_p("map", "force"),
    "redacted": N_p("map", "names redacted"),
    "routes": N_p("map", "yellow: warmest routes to {target}"),
    "left_out_one": N_p("map", "1 name left out where too crowded"),
    "left_out": N_p("map", "{count} names left out where too crowded"),
    "departments_left_out_one": N_p("map", "1 department name left out where too crowded"),
    "departments_left_out": N_p("map", "{count} department names left out where too crowded"),
    "separator": N_p("map", "  ·  "),
}


def image_words(lang: str = "en") -> dict[str, str]:
    """The still image's own words in ``lang`` (its subtitle's parts), by key."""
    return {key: text(said, lang) for key, said in _IMAGE_WORDS.items()}


# The hover text of a pyvis network (``PowerMap.to_pyvis``, for notebooks): one fact a line.
_NOTEBOOK_WORDS = {
    "our_team": N_p("map", "our team"),
    "department": N_p("map", "department: {value}"),
    "stance": N_p("map", "stance: {stance}"),
    "roles": N_p("map", "roles: {value}"),
    "rank": N_p("map", "key person #{rank} (score {score})"),
    "faction": N_p("map", "faction: {value}"),
    "status": N_p("map", "status: {value}"),
    "badges": N_p("map", "badges: {value}"),
    "contacts": N_p("map", "contacts: {value}"),
    "separator": N_p("map list", ", "),
}


def notebook_words(lang: str = "en") -> dict[str, str]:
    """The words of a pyvis network's hover text in ``lang``, by key."""
    return {key: text(said, lang) for key, said in _NOTEBOOK_WORDS.items()}


# The levels of a power source, 0..3, as the side panel's bars say them.
_POWER_LEVELS = (N_p("map", "none"), N_p("map", "weak"), N_p("map", "medium"), N_p("map", "strong"))


def page_words(lang: str = "en") -> dict[str, str]:
    """The page's own words in ``lang``, by the key the page script looks them up with."""
    return {key: text(said, lang) for key, said in _PAGE_WORDS.items()}


def value_words(lang: str = "en") -> dict[str, dict[str, str] | list[str]]:
    """The words the page shows for the account's enumerated values (buying roles, status,
    circle, closeness, network, power sources and their levels, stage, culture, power
    structure), by kind then value, in ``lang``. English says a value with its underscores
    as spaces; Chinese with the seeds' words, as an account file is written in Chinese."""
    from ..model.enums import Circle, Culture, Network, PowerSource, Role, Stage, Status, Strength, written
    from .words import word

    kinds = {"role": Role, "status": Status, "circle": Circle, "strength": Strength, "network": Network,
             "power": PowerSource, "stage": Stage, "culture": Culture}
    said: dict = {kind: {member.value: member.value.replace("_", " ") if lang == "en" else written(member, lang)
                         for member in enum}
                  for kind, enum in kinds.items()}
    if lang != "en":
        said["status"]["left"] = text(N_p("map", "has left"), lang)
    said["shape"] = {shape: word("shape", shape, lang) if lang != "en" else shape
                     for shape in ("centralized", "decentralized", "skewed", "equal", "contribution")}
    said["power_levels"] = [text(level, lang) for level in _POWER_LEVELS]
    return said


def html_lang(lang: str) -> str:
    """The page's ``<html lang>``: ``zh-CN`` for Chinese, ``en`` otherwise."""
    return "zh-CN" if lang == "zh" else "en"
