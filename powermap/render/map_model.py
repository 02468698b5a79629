"""The power map as plain data: every node, edge, group, route and legend entry, positioned.

One model feeds every way of drawing the map (the interactive HTML page, the PNG/SVG export,
a pyvis network for notebooks), so they all show the same thing. It is built from the account
and its analysis: size from the key-person score, colour from stance, shape from the weightiest
role, badges for the key persons (the report's set), inside contacts and risks, rings for factions, boxes for
departments; contact lines by closeness and staleness; every relation type styled.

Everything the renderers show is decided here (styles from :mod:`.map_style`), and they only
draw it, so the page and the image cannot disagree:

- each node: position, size, fill, shape, ring (faction colour, ``None`` for no faction),
  faded, label, badges, and ``notable`` (worth naming when the map is too crowded to name
  everyone: our team, badged key persons, coaches and risks, the ``--focus`` and
  ``--path-to`` people and everyone on a route to ``--path-to``);
- each stakeholder's ``key_rank`` (the rank of a key person, ``None`` for everyone else),
  ``main_role`` (the weightiest buying role, which the shape shows), ``marks`` (which of
  "key", "coach", "risk" and "avoid" the page marks on them), ``coverage`` (``level`` strong, weak, stale or none, ``by``: the team
  members who reach them, closest first, and their ``initials``) and ``avoid`` (the reasons
  of the report's avoid list, ``None`` when not on it);
- each line: colour, width, dashes, arrow, staleness;
- each department box: its colour and name, the people it surrounds (``members``, its own
  people, not those of its sub-departments, which have boxes of their own), its nesting
  (``parent``, ``depth``, ``below``: every department inside it);
- each route: its people and the lines (``edges``) that join them;
- ``cards`` (org layout only, else ``None``): the card and box sizes the layout placed people
  and departments with (:data:`.layout.CARDS`), so the page draws each box exactly around its
  people and sub-departments;
- per medium (``media["page"]``, ``media["image"]``): the looks no element carries (route
  colour, plain border, opacities: :data:`.map_style.LOOKS`), the words for each stance and
  the legend's sections and rows (:func:`.map_style.legend_sections`).

A renderer still works out what only its medium knows: where a department's box runs around
its members (from where they are now on the page, which follows drags, and from how deep
their labels reach in an image), how text fits, and the page's interactive states.

Nothing here is HTML: values stay raw text, and each renderer escapes for its own medium.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import networkx as nx

from ..analysis.account_analysis import Analysis
from ..analysis.defaults import STALE_DAYS
from ..analysis.engine import requested
from ..analysis.graph import department_node, faction_node
from ..errors import PowermapError, ExitCode
from ..i18n import LANGUAGES, choose_language, translated
from ..model import AccountMap, Strength
from ..model.integrity import suggest
from . import map_style as style
from .layout import CARDS
from .layout import layout as place

__all__ = ["PowerMap", "build_map", "MapError"]

_COACH_BADGES = 3  # inside-contact candidates with a "coach" badge
_RISK_BADGES = 5  # ignored risks with a "risk" badge
_ROUTES_TO = 5  # key persons whose warmest route the map can highlight


class MapError(PowermapError, ValueError):
    """A map option that names no one in the account."""

    exit_code = ExitCode.USAGE


@dataclass
class PowerMap:
    """A positioned, styled map; ``data`` is JSON-ready. Shows itself inline in Jupyter."""

    data: dict[str, Any]
    analysis: Analysis = field(repr=False)  # what the map was drawn from

    def to_html(self) -> str:
        """One self-contained HTML page (scripts, styles and data inline, no requests)."""
        from .html_map import render_html

        return render_html(self)

    def _repr_html_(self) -> str:
        from .html_map import notebook_html

        return notebook_html(self)

    def to_pyvis(self, **options):
        """The map as a :class:`pyvis.network.Network`, for restyling in a notebook."""
        from .pyvis_adapter import to_pyvis

        return to_pyvis(self, **options)


def _check_person(account: AccountMap, person: str | None, option: str) -> None:
    if person is None or person in account.stakeholders_by_id:
        return
    hint = suggest(person, account.stakeholders_by_id)
    raise MapError(f"{option}: unknown stakeholder {person!r}{hint}")


def _shape(roles: tuple[str, ...]) -> str:
    for role, shape, _ in style.ROLE_SHAPES:
        if role in roles:
            return shape
    return style.DEFAULT_SHAPE


def _main_role(roles: tuple[str, ...]) -> str | None:
    """The weightiest buying role held (the one the shape shows), else the first, else None."""
    for role, _, _ in style.ROLE_SHAPES:
        if role in roles:
            return role
    return roles[0] if roles else None


def _palette(ids: list[str], colours: tuple[str, ...]) -> dict[str, str]:
    return {ident: colours[number % len(colours)] for number, ident in enumerate(ids)}


def _stale(last: dt.date | None, when: dt.date, stale_days: int) -> bool:
    """Whether a contact last made on ``last`` is older than ``stale_days`` (undated: not stale)."""
    return bool(last and (when - last).days > stale_days)


# Coverage of a stakeholder on the map, from our contacts with them (docs/map.md):
# "none": no contact at stranger (level 1) or closer; "stale": reached, but the latest dated
# contact is older than ``stale_days``; "weak": reached, fresh or undated, the closest contact
# colleague or stranger (level 2 or 1); "strong": ordinary or closer (level 3..5), not stale.
_STRONG_FROM = 3
COVERAGE_LEVELS = ("strong", "weak", "stale", "none")


def _initials(name: str) -> str:
    """A team member's initials for a coverage badge: 'Alice Chen' -> 'AC', '陈明' -> '陈'."""
    name = (name or "").strip()
    if not name:
        return "?"
    if any("\u2e80" <= char <= "\u9fff" or "\uf900" <= char <= "\ufaff" for char in name):
        return name[0]
    words = [word for word in re.split(r"[\s._-]+", name) if word]
    return "".join(word[0] for word in (words[:1] + words[1:][-1:])).upper() or "?"


def _coverage(graph: nx.MultiDiGraph, person: str, when: dt.date, stale_days: int) -> dict:
    """How our team reaches one stakeholder: level, the members who reach them (closest first,
    file order among equals) and those members' initials."""
    best: dict[str, int] = {}
    latest = None
    for member, _, data in graph.in_edges(person, data=True):
        if data["type"] != "contact":
            continue
        best[member] = max(best.get(member, -1), data["level"])
        last = data["last_contact"]
        if last is not None and (latest is None or last > latest):
            latest = last
    by = sorted((member for member, level in best.items() if level >= 1), key=lambda member: -best[member])
    if not by:
        level = "none"
    elif _stale(latest, when, stale_days):
        level = "stale"
    elif best[by[0]] < _STRONG_FROM:
        level = "weak"
    else:
        level = "strong"
    return {"level": level, "by": by, "initials": [_initials(graph.nodes[member]["name"]) for member in by]}


def _contacts_of(graph: nx.MultiDiGraph, person: str, when: dt.date, stale_days: int) -> list[dict]:
    found = []
    for member, _, data in graph.in_edges(person, data=True):
        if data["type"] != "contact":
            continue
        last = data["last_contact"]
        found.append({
            "member": member,
            "name": graph.nodes[member]["name"],
            "strength": Strength.from_level(data["level"]).word,
            "last_contact": last.isoformat() if last else None,
            "stale": _stale(last, when, stale_days),
        })
    return found


@dataclass(frozen=True)
class _Findings:
    """The analysis's findings by person, looked up once for every node."""

    key: dict
    inside: dict  # id -> (position, candidate)
    risk: dict  # id -> (position, risk)
    key_ids: frozenset = frozenset()  # the key persons (``KeyPersons.key``): the "KP n" badges
    avoid: dict = field(default_factory=dict)  # id -> reasons: the report's avoid list

    @classmethod
    def of(cls, analysis: Analysis) -> _Findings:
        return cls(
            {p.id: p for p in analysis.key_persons.ranked},
            {c.id: (n, c) for n, c in enumerate(analysis.inside_contacts)},
            {r.id: (n, r) for n, r in enumerate(analysis.ignored_risks)},
            frozenset(p.id for p in analysis.key_persons.key),
            {a.id: a.reasons for a in analysis.avoid},
        )


def _node(graph, person, account: AccountMap, found: _Findings, positions, faction_colours, when, stale_days, keep_notes,
          lang: str = "en") -> dict:
    data = graph.nodes[person]
    key = found.key.get(person)
    inside_at, inside = found.inside.get(person, (None, None))
    risk_at, risk = found.risk.get(person, (None, None))
    badges = []
    if key is not None and person in found.key_ids:  # the same key persons as the report's
        badges.append(style.badge_word("key", lang, rank=key.rank))
    if inside is not None and inside_at < _COACH_BADGES:
        badges.append(style.badge_word("coach", lang))
    if risk is not None and risk_at < _RISK_BADGES:
        badges.append(style.badge_word("risk", lang))
    notable = bool(badges)  # a key person, coach or risk badge
    marks = [kind for kind, shown in (("key", key is not None and person in found.key_ids),
                                      ("coach", inside is not None and inside_at < _COACH_BADGES),
                                      ("risk", risk is not None and risk_at < _RISK_BADGES),
                                      ("avoid", person in found.avoid)) if shown]
    if data["status"] in ("new", "left"):
        badges.append(style.badge_word(data["status"], lang))
    department = data["department"]
    faction = data["faction"]
    x, y = positions[person]
    record = account.stakeholder(person)
    return {
        "id": person,
        "kind": "stakeholder",
        "name": data["name"],
        "title": data["title"],
        "label": data["name"] + (f"\n{' · '.join(badges)}" if badges else ""),
        "badges": badges,
        "marks": marks,
        "notable": notable,
        "department": department,
        "department_name": graph.nodes[department_node(department)]["name"] if department else None,
        "faction": faction,
        "faction_name": graph.nodes[faction_node(faction)]["name"] if faction else None,
        "roles": list(data["roles"]),
        "stance": data["stance"],
        "status": data["status"],
        "circle": data["circle"],
        "power": dict(data["power"]),
        "close_to_competitor": data["close_to_competitor"],
        "notes": record.notes if keep_notes else None,
        "score": round(key.score, 4) if key else 0.0,
        "rank": key.rank if key else None,
        "key_rank": key.rank if key is not None and person in found.key_ids else None,
        "main_role": _main_role(tuple(data["roles"])),
        "size": round(style.node_size(key.score if key else 0.0), 2),
        "color": style.STANCE_COLORS[data["stance"]],
        "ring": faction_colours.get(faction),
        "shape": _shape(data["roles"]),
        "faded": data["status"] == "left",
        "x": round(x, 2),
        "y": round(y, 2),
        "key_reasons": translated(list(key.reasons), lang) if key else [],
        "inside": {"score": round(inside.score, 4), "reasons": translated(list(inside.reasons), lang),
                   "risks": translated(list(inside.risks), lang)} if inside else None,
        "risk": {"score": round(risk.score, 4), "reasons": translated(list(risk.reasons), lang)} if risk else None,
        "contacts": _contacts_of(graph, person, when, stale_days),
        "coverage": _coverage(graph, person, when, stale_days),
        "avoid": translated(list(found.avoid[person]), lang) if person in found.avoid else None,
    }


def _member(graph, member, positions, when: dt.date, stale_days: int) -> dict:
    data = graph.nodes[member]
    x, y = positions[member]
    contacts = [
        {"stakeholder": person, "name": graph.nodes[person]["name"], "strength": Strength.from_level(info["level"]).word,
         "last_contact": info["last_contact"].isoformat() if info["last_contact"] else None,
         "stale": _stale(info["last_contact"], when, stale_days)}
        for _, person, info in graph.out_edges(member, data=True) if info["type"] == "contact"
    ]
    return {
        "id": member, "kind": "member", "name": data["name"], "title": data["role"], "label": data["name"],
        "badges": [], "notable": True, "size": style.TEAM_SIZE, "color": style.TEAM_COLOR, "ring": None,
        "shape": style.TEAM_SHAPE, "faded": False, "x": round(x, 2), "y": round(y, 2), "contacts": contacts,
    }


def _edges(graph: nx.MultiDiGraph, when: dt.date, stale_days: int) -> list[dict]:
    edges = []
    for source, target, data in graph.edges(data=True):
        kind = data["type"]
        if kind == "contact":
            last = data["last_contact"]
            stale = _stale(last, when, stale_days)
            dashes = style.CONTACT_STYLE["stale_dashes"] if stale else style.CONTACT_STYLE["undated_dashes"] if last is None else None
            edges.append({
                "from": source, "to": target, "type": "contact", "color": style.CONTACT_STYLE["color"],
                "width": style.contact_width(data["level"]), "dashes": dashes, "arrow": False,
                "strength": data["strength"], "last_contact": last.isoformat() if last else None, "stale": stale,
            })
        elif kind in style.EDGE_STYLES:
            look = style.EDGE_STYLES[kind]
            weight = data.get("weight")
            width = 1.0 if kind == "reports_to" else 1 + 4 * (weight if weight is not None else 0.5)
            edges.append({
                "from": source, "to": target, "type": kind, "color": look["color"], "width": round(width, 2),
                "dashes": look["dashes"], "arrow": look["arrow"], "weight": weight, "network": data.get("network"),
            })
    for number, edge in enumerate(edges):
        edge["id"] = f"e{number}"
    return edges


def _at_rest(edges: list[dict], nodes: list[dict]) -> None:
    """Which lines are drawn when nobody is pointed at (``edge["at_rest"]``), on the page and in
    the still image alike: the formal lines, rivals, and every tie of an opponent, a key person,
    a risk or someone on the avoid list. Our contacts are not (the coverage marks say who reaches
    whom), nor the informal ties between people who matter less (the page shows them on demand)."""
    foremost = {node["id"] for node in nodes if node.get("kind") == "stakeholder" and (
        node.get("stance") == "opponent" or node.get("key_rank") or {"risk", "avoid"} & set(node.get("marks") or ()))}
    for edge in edges:
        kind = edge["type"]
        edge["at_rest"] = kind != "contact" and (kind in ("reports_to", "rival") or edge["from"] in foremost
                                                 or edge["to"] in foremost)


def _routes(analysis: Analysis, path_to: str | None, edges: list[dict], lang: str = "en") -> list[dict]:
    """Routes the page can highlight: to ``path_to`` (three) and to each top key person (one).

    Each route's ``edges`` are the lines joining two consecutive people of its path, of any
    type and in either direction, in the order of ``edges``.
    """
    wanted = [(path_to, 3)] if path_to else []
    wanted += [(person.id, 1) for person in analysis.key_persons.top(_ROUTES_TO) if person.id != path_to]
    routes = []
    for target, count in wanted:
        for route in analysis.introductions(target, k=count).routes:
            path = list(route.path)
            steps = set(zip(path, path[1:])) | set(zip(path[1:], path))
            routes.append({"target": target, "path": path, "warmth": round(route.warmth, 4),
                           "reasons": translated(list(route.reasons), lang), "asked": target == path_to,
                           "edges": [edge["id"] for edge in edges if (edge["from"], edge["to"]) in steps]})
    return routes


def _departments(account: AccountMap, nodes: list[dict], colours: dict[str, str]) -> list[dict]:
    """Each department with its box: colour, nesting and the stakeholders directly in it."""
    parent = {d.id: d.parent for d in account.departments}

    def ancestors(ident: str) -> list[str]:
        found = []
        while parent.get(ident):  # the account has no parent cycles (checked on loading)
            ident = parent[ident]
            found.append(ident)
        return found

    above = {d.id: ancestors(d.id) for d in account.departments}
    members: dict[str, list[str]] = {d.id: [] for d in account.departments}
    for node in nodes:
        if node["kind"] == "stakeholder" and node["department"] in members:
            members[node["department"]].append(node["id"])
    return [{"id": d.id, "name": d.name, "kind": d.kind.value, "parent": d.parent, "color": colours[d.id],
             "depth": len(above[d.id]), "below": [other.id for other in account.departments if d.id in above[other.id]],
             "members": members[d.id]}
            for d in account.departments]


def _worth_naming(nodes: list[dict], routes: list[dict], focus: str | None, path_to: str | None) -> None:
    """Mark as notable, besides our team and the badged, the people the options point at."""
    wanted = {focus, path_to}
    for route in routes:
        if route["asked"]:
            wanted.update(route["path"])
    for node in nodes:
        if node["id"] in wanted:
            node["notable"] = True


_STEPS = ("graph", "key persons", "inside contacts", "ignored risks", "power structure", "layout", "routes")


def _silent(step: str, done: int, total: int) -> None:
    pass


def build_map(
    account: AccountMap,
    *,
    layout: str = "org",
    focus: str | None = None,
    path_to: str | None = None,
    redact: bool = False,
    seed: int = 0,
    as_of: dt.date | None = None,
    stale_days: int = STALE_DAYS,
    engine: str | None = None,
    progress: Callable[[str, int, int], None] | None = None,
    lang: str = "en",
) -> PowerMap:
    """Analyse an account and lay out its power map.

    ``focus`` centres the view on a person; ``path_to`` highlights the warmest routes to one;
    ``seed`` fixes the force layout;
    ``redact`` removes names, name-like ids and notes (see :func:`powermap.redact.redact`),
    in which case ``focus`` and ``path_to`` take the original ids.
    ``engine`` is the graph engine of the analyses (``"networkx"``, ``"igraph"`` or
    ``"auto"``; the default reads ``$POWERMAP_ENGINE``, see :mod:`powermap.analysis.engine`).
    ``progress(step, done, total)`` is called before each step and once at the end with
    ``done == total``, as :func:`powermap.report.analyze` does.
    ``lang`` (``"en"``, ``"zh"``, or ``"auto"``: Chinese when most of the account's names and
    titles are written in Chinese) is the language of every word a person reads in the map:
    badges, legend, reasons and routes, and the page's own words (``data["words"]``: ``ui``,
    its controls, headings and sentences; ``values``, the words of enumerated values). Ids,
    enumerated values and the account's own names stay as they are.
    """
    if lang == "auto":
        lang = choose_language("auto", [account.account.name] + [text for person in account.stakeholders
                                                                  for text in (person.name, person.title) if text])
    if lang not in LANGUAGES:
        raise ValueError(f"unknown language {lang!r}; expected one of {', '.join(LANGUAGES)}")
    progress = progress or _silent
    requested(engine)  # a bad engine name is reported before any work
    _check_person(account, focus, "--focus")
    _check_person(account, path_to, "--path-to")
    if redact:
        from ..redact import redact as redact_account, redacted_ids

        renamed = redacted_ids(account)
        focus, path_to = renamed.get(focus), renamed.get(path_to)
        account = redact_account(account)
    # what the map draws: key persons, inside contacts, risks, the power structure and the
    # declared factions' stances (no detection, brokers or recommendations)
    analysis = Analysis(account, as_of=as_of, stale_days=stale_days, engine=engine)
    progress("graph", 0, len(_STEPS))
    graph, when = analysis.graph, analysis.as_of
    for done, step in enumerate(_STEPS[1:5], 1):
        progress(step, done, len(_STEPS))
        getattr(analysis, step.replace(" ", "_"))
    progress("layout", 5, len(_STEPS))
    positions = place(graph, layout, seed=seed, spaced=tuple(p.id for p in analysis.key_persons.key))
    faction_ids = [f.id for f in account.factions]
    faction_colours = _palette(faction_ids, style.FACTION_PALETTE)
    department_colours = _palette([d.id for d in account.departments], style.DEPARTMENT_PALETTE)
    found = _Findings.of(analysis)
    nodes = [
        _node(graph, person.id, account, found, positions, faction_colours, when, stale_days, keep_notes=not redact,
              lang=lang)
        for person in account.stakeholders
    ] + [_member(graph, member.id, positions, when, stale_days) for member in account.team]
    head = account.account
    progress("routes", 6, len(_STEPS))
    edges = _edges(graph, when, stale_days)
    _at_rest(edges, nodes)
    routes = _routes(analysis, path_to, edges, lang)
    _worth_naming(nodes, routes, focus, path_to)
    departments = _departments(account, nodes, department_colours)
    factions = [{"id": f.id, "name": f.name, "color": faction_colours[f.id],
                 "stance": analysis.faction_stances.get(f.id, "unknown")}
                for f in account.factions]
    asked = any(route["asked"] for route in routes)
    data = {
        "meta": {
            "account": head.id, "name": head.name, "grade": head.grade and head.grade.value,
            "stage": analysis.stage and analysis.stage.value, "culture": head.culture and head.culture.value,
            "as_of": when.isoformat(), "shape": analysis.power_structure.shape, "layout": layout,
            "focus": focus, "path_to": path_to, "redacted": redact, "lang": lang,
        },
        "nodes": nodes,
        "cards": dict(CARDS) if layout == "org" else None,
        "edges": edges,
        "departments": departments,
        "factions": factions,
        "roles": sorted({role for node in nodes for role in node.get("roles", [])}),
        "routes": routes,
        "media": {medium: {**style.LOOKS[medium], "stances": style.stance_words(medium, lang),
                           "legend": style.legend_sections(medium, factions=factions, departments=departments,
                                                           asked_route=asked, lang=lang, nodes=nodes,
                                                           edges=edges if medium == "page" else
                                                           [edge for edge in edges if edge["at_rest"]])}
                  for medium in style.MEDIA},
        "words": {"ui": style.page_words(lang), "image": style.image_words(lang),
                  "notebook": style.notebook_words(lang), "values": style.value_words(lang)},
    }
    progress("done", len(_STEPS), len(_STEPS))
    return PowerMap(data, analysis)
