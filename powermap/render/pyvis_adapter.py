"""The power map as a pyvis ``Network``, for notebook users who restyle and explore with pyvis.

pyvis is used where it serves (a familiar object to tweak, ``show`` in a notebook) and kept
away from its known defects (see ``ENGINEERING.md``, "Known traps"):

- nodes and edges go straight into ``net.nodes`` / ``net.edges`` (and ``node_ids`` /
  ``node_map``, so ``get_node`` and ``neighbors`` work): ``add_node``/``add_edge`` scan every
  existing node and edge per call, O(nodes x edges), seconds at 10,000 people;
  ``from_nx`` is never used, it rewrites the caller's graph;
- ``directed=True``, so two relations between the same pair (a formal line and an influence)
  both survive; parallel ones are drawn as gently curved arcs so they do not hide each other;
- positions come from the model (the seeded Python layout) with physics off, because pyvis's
  default physics takes minutes to settle on a few hundred people;
- options are assigned as a dict to ``net.options`` (never ``set_options``, which strips every
  space, including those inside strings such as font names);
- labels and titles are plain text: vis-network 9 shows a string ``title`` as text. pyvis
  switches to an ``innerHTML`` popup when any node title contains ``"href"``, so that word is
  broken with a zero-width space in titles; ``heading`` is HTML-escaped because pyvis's template
  prints it raw; pyvis's ``select_menu``/``filter_menu`` print node ids raw, so they are refused
  unless every id is plain.
"""

from __future__ import annotations

import html
import re
from typing import Any

__all__ = ["to_pyvis"]

_FONT = {"size": 12, "face": "DejaVu Sans, Noto Sans CJK SC, WenQuanYi Zen Hei, Microsoft YaHei, sans-serif",
         "color": "#222222", "strokeWidth": 3, "strokeColor": "#ffffff"}
_BORDER = "#4d4d4d"
_FADED = 0.35
_PLAIN_ID = re.compile(r"[A-Za-z0-9_.:-]+")
_RAW_MENUS = ("select_menu", "filter_menu")


def to_pyvis(power_map, *, height: str = "750px", width: str = "100%", notebook: bool = False, **options: Any):
    """A :class:`pyvis.network.Network` showing the power map as drawn by powermap.

    Parameters
    ----------
    power_map : a :class:`~powermap.render.map_model.PowerMap` (or its ``data`` dict); it is
        read, never changed.
    height, width : the canvas size, as CSS lengths.
    notebook : prepare the network for Jupyter (pyvis's own notebook mode); resources are then
        inlined unless ``cdn_resources`` says otherwise.
    **options : more keyword arguments for :class:`pyvis.network.Network` (``bgcolor``,
        ``cdn_resources``, ``heading``, ...); ``directed`` is always ``True``.

    Returns
    -------
    The network: node ids are the model's ids (stakeholders and our team), each node carries
    its fixed ``x``/``y`` with ``physics: False``; ``net.options`` is a plain dict with physics
    off. Change it with dict operations; pyvis's option helpers (``toggle_physics``,
    ``barnes_hut``, ``show_buttons``) expect pyvis's own options object and fail on a dict,
    exactly as they do after pyvis's ``set_options``.

    Notes
    -----
    pyvis's ``show`` and ``write_html`` load vis-network and bootstrap from a CDN and write a
    ``lib/`` folder into the current working directory (even ``cdn_resources="in_line"`` links
    bootstrap from a CDN), so their pages do not open offline. For a page to share, use
    :meth:`PowerMap.to_html` (``powermap map``): one self-contained, escaped, offline file.
    ``net.generate_html()`` returns pyvis's page as a string without writing anything.

    Examples
    --------
    >>> from powermap.render.map_model import build_map
    >>> net = to_pyvis(build_map(account))               # doctest: +SKIP
    >>> net.options["interaction"]["navigationButtons"] = True  # doctest: +SKIP
    >>> net.show("map.html", notebook=True)              # doctest: +SKIP
    """
    from pyvis.network import Network

    data = getattr(power_map, "data", power_map)
    _refuse_raw_menus(data, options)
    options = dict(options)
    options.pop("directed", None)
    if options.get("heading"):
        options["heading"] = html.escape(str(options["heading"]))
    if notebook:
        options.setdefault("cdn_resources", "in_line")
    net = Network(height=height, width=width, directed=True, notebook=notebook, **options)
    said = _words(data)
    net.nodes = [_node(node, said) for node in data["nodes"]]
    net.node_ids = [node["id"] for node in net.nodes]
    net.node_map = {node["id"]: node for node in net.nodes}
    known = set(net.node_ids)
    net.edges = [_edge(edge, bend) for edge, bend in zip(data["edges"], _bends(data["edges"]))
                 if edge["from"] in known and edge["to"] in known]
    net.options = _options(len(net.nodes))
    return net


def _refuse_raw_menus(data: dict, options: dict) -> None:
    """pyvis prints node ids into its menus without escaping: allow them only for plain ids."""
    asked = [name for name in _RAW_MENUS if options.get(name)]
    if asked and not all(_PLAIN_ID.fullmatch(str(node["id"])) for node in data["nodes"]):
        raise ValueError(f"{' and '.join(asked)}: pyvis writes node ids into the page unescaped, and some ids here "
                         "contain characters other than letters, digits, '_', '.', ':' and '-'; use PowerMap.to_html()")


def _plain(text: str) -> str:
    """Text safe as a vis-network title: pyvis treats any node title containing "href" as HTML."""
    return text.replace("href", "hre\u200bf").replace("HREF", "HRE\u200bF")


def _words(data: dict) -> tuple[dict, dict, dict]:
    """The hover text's words, the stances' and the enumerated values', as the model gives them
    (English for a model without them)."""
    from .map_style import notebook_words, value_words

    words = data.get("words") or {}
    if "notebook" in words:
        return words["notebook"], data["media"]["image"]["stances"], words["values"]
    return notebook_words("en"), {}, value_words("en")


def _say(template: str, **fields) -> str:
    """``template`` with its ``{fields}`` filled in one pass (a name is never read as a field)."""
    return re.sub(r"\{(\w+)\}", lambda match: str(fields.get(match.group(1), match.group())), template)


def _title(node: dict, said: tuple[dict, dict, dict]) -> str:
    """The hover text of a node, one fact a line, plain text."""
    words, stances, values = said
    join = words["separator"].join
    lines = [node.get("name") or node["id"]]
    if node.get("title"):
        lines.append(node["title"])
    if node.get("kind") == "member":
        lines.append(words["our_team"])
    else:
        if node.get("department_name"):
            lines.append(_say(words["department"], value=node["department_name"]))
        stance = node.get("stance", "unknown")
        lines.append(_say(words["stance"], stance=stances.get(stance, stance)))
        if node.get("roles"):
            lines.append(_say(words["roles"], value=join(values["role"].get(role, role.replace("_", " "))
                                                         for role in node["roles"])))
        if node.get("rank"):
            lines.append(_say(words["rank"], rank=node["rank"], score=f"{node.get('score', 0):.2f}"))
        if node.get("faction_name"):
            lines.append(_say(words["faction"], value=node["faction_name"]))
        if node.get("status") not in (None, "active"):
            lines.append(_say(words["status"], value=values["status"].get(node["status"], node["status"])))
    if node.get("badges"):
        lines.append(_say(words["badges"], value=join(node["badges"])))
    contacts = node.get("contacts") or []
    if contacts:
        people = [contact.get("name") or contact.get("member") or contact.get("stakeholder") for contact in contacts]
        lines.append(_say(words["contacts"], value=join(str(person) for person in people)))
    return _plain("\n".join(str(line) for line in lines))


def _node(node: dict, said: tuple[dict, dict, dict]) -> dict:
    """A vis-network node built afresh from the model's node (no object is shared with it)."""
    border = node.get("ring") or _BORDER
    color = node.get("color") or "#bdbdbd"
    result = {
        "id": node["id"],
        "label": node.get("label") or node.get("name") or str(node["id"]),
        "title": _title(node, said),
        "shape": node.get("shape") or "dot",
        "size": float(node.get("size") or 12),
        "x": float(node["x"]),
        "y": float(node["y"]),
        "physics": False,
        "color": {"background": color, "border": border,
                  "highlight": {"background": color, "border": "#000000"},
                  "hover": {"background": color, "border": "#000000"}},
        "borderWidth": 3 if node.get("ring") else 1,
        "borderWidthSelected": 4,
        "font": dict(_FONT),
    }
    if node.get("faded"):
        result["opacity"] = _FADED
    return result


def _bends(edges: list[dict]) -> list[float]:
    """How much each edge curves: 0 for the first between a pair, more for each parallel one."""
    seen: dict[tuple, int] = {}
    bends = []
    for edge in edges:
        pair = tuple(sorted((str(edge["from"]), str(edge["to"]))))
        count = seen.get(pair, 0)
        seen[pair] = count + 1
        bends.append(0.18 * count)
    return bends


def _edge(edge: dict, bend: float) -> dict:
    """A vis-network edge from the model's edge: colour, width, dashes, arrow, hover text."""
    title = edge["type"].replace("_", " ")
    if edge.get("weight") is not None:
        title += f" (weight {edge['weight']})"
    if edge["type"] == "contact":
        title = f"contact: {edge.get('strength')}" + (f", last {edge['last_contact']}" if edge.get("last_contact") else ", no date")
        if edge.get("stale"):
            title += " (stale)"
    result = {
        "id": edge.get("id"),
        "from": edge["from"],
        "to": edge["to"],
        "title": _plain(title),
        "color": {"color": edge["color"], "highlight": edge["color"], "hover": edge["color"], "opacity": 0.85},
        "width": float(edge.get("width") or 1),
        "dashes": list(edge["dashes"]) if edge.get("dashes") else False,
        "arrows": {"to": {"enabled": bool(edge.get("arrow")), "scaleFactor": 0.6}},
        "physics": False,
    }
    if bend:
        result["smooth"] = {"enabled": True, "type": "curvedCW", "roundness": bend}
    return result


def _options(count: int) -> dict:
    """vis-network options: physics off (positions are fixed), straight lines, hover text."""
    return {
        "physics": {"enabled": False},
        "layout": {"improvedLayout": False},
        "edges": {"smooth": False},
        "nodes": {"font": dict(_FONT)},
        "interaction": {"hover": True, "tooltipDelay": 150, "hideEdgesOnDrag": count > 1000,
                        "hideEdgesOnZoom": count > 1000, "multiselect": True},
    }
