"""Introduction routes as text or JSON.

The text form is for a terminal: each line shows the account's text with its control, bidi
and invisible characters escaped (:func:`powermap.render.safe.terminal_text`); JSON keeps it as
it is.
"""

from __future__ import annotations

import json

import networkx as nx

from .safe import terminal_text

__all__ = ["render_introductions"]


def render_introductions(found, graph: nx.MultiDiGraph, form: str = "table") -> str:
    """The routes to one target, best first, with who was kept out and cross-appointments."""
    if form == "json":
        return json.dumps(found.to_dict(), ensure_ascii=False, indent=2) + "\n"

    def name(node: str) -> str:
        return graph.nodes[node]["name"]

    lines = [f"Routes to {name(found.target)} ({found.target})" + (f", as of {found.as_of.isoformat()}" if found.as_of else "") + ":"]
    if not found.routes:
        lines.append("  none: " + "; ".join(found.reasons))
    for number, route in enumerate(found.routes, 1):
        kind = "direct contact" if route.direct else f"warmth {route.warmth:.2f}"
        lines.append(f"  {number}. {kind}: " + " -> ".join(name(node) for node in route.path))
        for reason in route.reasons:
            lines.append(f"       - {reason}")
    if found.excluded:
        lines.append("Kept out (would not introduce us):")
        for item in found.excluded:
            lines.append(f"  {name(item.id)} ({item.effect}): " + "; ".join(item.reasons))
    if found.cross_appointments:
        lines.append("Cross-appointments:")
        for item in found.cross_appointments:
            lines.append(f"  {item.suggestion}")
    return "\n".join(terminal_text(line) for line in lines) + "\n"
