"""Introduction routes as text or JSON.

The text form is for a terminal: each line shows the account's text with its control, bidi
and invisible characters escaped (:func:`powermap.render.safe.terminal_text`); JSON keeps it as
it is, with each route's warmth as a figure.

A salesperson reads a route's warmth as a word (:func:`warmth_word`), on the scale documented in
docs/analyses.md ("Introduction paths"): **warm** from :data:`WARM` up (a phone call away),
**lukewarm** from :data:`LUKEWARM` (worth trying with a good reason to meet), **cold** below (a
cold approach). People are named as in the report (:func:`powermap.render.terminal.name_labels`:
the id only to tell apart two people of the same name).
"""

from __future__ import annotations

import json

import networkx as nx

from ..i18n import Message, say, text
from .safe import terminal_text
from .terminal import name_labels

__all__ = ["render_introductions", "warmth_word", "WARM", "LUKEWARM"]

#: A route at least this warm is "warm": roughly one chance in two or better that the chain works.
WARM = 0.5
#: A route at least this warm (and below :data:`WARM`) is "lukewarm"; below it, "cold".
LUKEWARM = 0.1

_SEPARATOR = {"en": "; ", "zh": "；"}
_COLON = {"en": ": ", "zh": "："}


def warmth_word(warmth: float) -> Message:
    """How a route's warmth reads to a salesperson: a warm, lukewarm or cold route."""
    if warmth >= WARM:
        return say("warm route")
    if warmth >= LUKEWARM:
        return say("lukewarm route")
    return say("cold route")


def render_introductions(found, graph: nx.MultiDiGraph, form: str = "table", lang: str = "en") -> str:
    """The routes to one target, best first, with who was kept out and cross-appointments."""
    if form == "json":
        return json.dumps(found.to_dict(), ensure_ascii=False, indent=2) + "\n"

    people = name_labels((node, data["name"]) for node, data in graph.nodes(data=True)
                         if data.get("kind") == "stakeholder")

    def name(node: str) -> str:
        return people.get(node) or graph.nodes[node]["name"]

    def joined(reasons) -> str:
        return _SEPARATOR[lang].join(text(reason, lang) for reason in reasons)

    target = name(found.target)
    if found.as_of:
        head = say("Routes to {target}, as of {date}:", target=target, date=found.as_of.isoformat())
    else:
        head = say("Routes to {target}:", target=target)
    lines = [text(head, lang)]
    if not found.routes:
        lines.append("  " + text(say("none: {reasons}", reasons=joined(found.reasons)), lang))
    for number, route in enumerate(found.routes, 1):
        kind = say("direct contact") if route.direct else warmth_word(route.warmth)
        lines.append(f"  {number}. {text(kind, lang)}{_COLON[lang]}" + " -> ".join(name(node) for node in route.path))
        for reason in route.reasons:
            lines.append(f"       - {text(reason, lang)}")
    if found.excluded:
        lines.append(text(say("Kept out (would not introduce us):"), lang))
        for item in found.excluded:
            lines.append(f"  {name(item.id)}{_COLON[lang]}{joined(item.reasons)}")
    if found.cross_appointments:
        lines.append(text(say("Cross-appointments:"), lang))
        for item in found.cross_appointments:
            lines.append(f"  {text(item.suggestion, lang)}")
    return "\n".join(terminal_text(line) for line in lines) + "\n"
