"""Text, Markdown and HTML for simulate, plan, diff and portfolio results.

JSON is each result's ``to_dict()``; the human formats below show the same facts. Account
text is escaped for Markdown and HTML; terminal tables print it as plain text, never rich
markup, with control, bidi and invisible characters shown escaped (see :mod:`powermap.render.safe`).
"""

from __future__ import annotations

import html
import io
import json
from typing import Any

from ..analysis.plan import SUPPORT_INDEX_MEANING, support_said
from ..i18n import translated
from .safe import markdown_text, terminal_text

__all__ = ["render_result", "portfolio_html", "names_of"]

def names_of(*accounts) -> dict[str, str]:
    """The name a person reads for each id of the accounts' people and team (the later account's
    name wins for an id in both)."""
    names: dict[str, str] = {}
    for account in accounts:
        names.update((person.id, person.name) for person in account.stakeholders)
        names.update((member.id, member.name) for member in account.team)
        names.update((department.id, department.name) for department in account.departments)
    return names


def _change_words(text: str, names: dict[str, str]) -> str:
    """A scenario change as the user wrote it, said with names: "Harold Kestrel: stance = champion"."""
    from ..scenario import ScenarioError, parse_change

    try:
        change = parse_change(text)
    except ScenarioError:
        return text
    if change.kind == "contact":
        return f"{names.get(change.member, change.member)} knows {names.get(change.target, change.target)} ({change.value})"
    value = names.get(change.value, change.value) if change.field == "reports_to" else change.value
    return f"{names.get(change.target, change.target)}: {change.field.replace('_', ' ')} = {value}"


def _rows(kind: str, data: dict, names: dict[str, str]) -> list[tuple]:
    """(title, headers, rows[, note]) tables for one result; people by name (the JSON keeps the
    ids); the note is a line said under the table (what the support index is)."""
    def name(node: str | None) -> str:
        return "-" if node is None else names.get(node, node)

    if kind == "simulate":
        before = {p["id"]: p for p in data["before"]["key_persons"]}
        people = [[name(p["id"]), before.get(p["id"], {}).get("stance", "-"), p["stance"], f"{p['forecast']:+.2f}"]
                  for p in data["after"]["key_persons"]]
        return [
            ("Scenario", ["change"], [[_change_words(change, names)] for change in data["applied"]]),
            ("Support index", ["before", "after", "change"],
             [[support_said(data["before"]["support_index"]), support_said(data["after"]["support_index"]),
               f"{data['after']['support_index'] - data['before']['support_index']:+.3f}"]], SUPPORT_INDEX_MEANING),
            ("What moved", ["what moved"], [[change["message"]] for change in data["changes"]]),
            ("Key persons' forecast", ["person", "before", "after", "forecast (-2..2)"], people),
        ]
    if kind == "plan":
        return [
            ("Support index", ["before", "after plan"],
             [[support_said(data["support_index_before"]), support_said(data["support_index_after"])]], SUPPORT_INDEX_MEANING),
            ("Whom to win over next", ["#", "person", "gain", "route", "why"],
             [[str(n), s["name"], f"+{s['gain']:.3f}", " → ".join(map(name, s["path"])) or "no warm route",
               s["why"]]
              for n, s in enumerate(data["plan"], 1)]),
        ]
    if kind == "diff":
        people = [["arrived", name(p)] for p in data["arrived"]] + [["left", name(p)] for p in data["left"]]
        people += [["moved", f"{name(m['id'])}: {m['field'].replace('_', ' ')} {name(m['from'])} -> {name(m['to'])}"]
                   for m in data["moved"]]
        people += [["stance", f"{name(s['id'])}: {s['from']} -> {s['to']}"] for s in data["stance_changes"]]
        ties = [["added", f"{r['type']}: {name(r['source'])} - {name(r['target'])}"] for r in data["relations_added"]]
        ties += [["removed", f"{r['type']}: {name(r['source'])} - {name(r['target'])}"] for r in data["relations_removed"]]
        answers = [[change["message"]] for change in data["changes"]]
        moved = any(change["what"] == "support_index" for change in data["changes"])
        return [("People", ["change", "who"], people), ("Relations and contacts", ["change", "tie"], ties),
                ("Answers", ["what moved"], answers, SUPPORT_INDEX_MEANING if moved else None)]
    if kind == "portfolio":
        accounts = [[r["grade"] or "-", r["id"], r["stage"] or "-", f"{r['coverage']:.0%}", str(r["high_gaps"]),
                     r["top_key_person_name"] or "-", r["top_risk_name"] or "-", f"{r['support_index']:.2f}", r["next_action"] or "-"]
                    for r in data["accounts"]]
        tables = [("Accounts", ["grade", "id", "stage", "coverage", "high gaps", "top key person", "top risk",
                                "support index", "next action"], accounts, SUPPORT_INDEX_MEANING if accounts else None)]
        if data["errors"]:
            tables.append(("Not read", ["file", "problem"], [[e["file"], e["message"]] for e in data["errors"]]))
        return tables
    raise ValueError(f"unknown result kind {kind!r}")


def _markdown(tables) -> str:
    lines = []
    for title, headers, rows, *note in tables:
        lines += [f"## {title}", ""]
        if not rows:
            lines += ["_None._", ""]
            continue
        lines += ["| " + " | ".join(headers) + " |", "|" + "|".join("---" for _ in headers) + "|"]
        lines += ["| " + " | ".join(markdown_text(cell) for cell in row) + " |" for row in rows] + [""]
        if note and note[0]:
            lines += [f"_{markdown_text(note[0])}_", ""]
    return "\n".join(lines)


def _terminal(tables, color: bool | None, width: int | None) -> str:
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    buffer = io.StringIO()
    console = Console(file=buffer, force_terminal=bool(color), no_color=not color, width=width or 120,
                      highlight=False, markup=False, emoji=False)
    for title, headers, rows, *note in tables:
        table = Table(title=Text(title, style="bold"), title_justify="left")
        for header in headers:
            table.add_column(header, overflow="fold")
        for row in rows:
            table.add_row(*(Text(terminal_text(cell)) for cell in row))
        console.print(table)
        if note and note[0]:
            console.print(Text(terminal_text(note[0]), style="dim"))
    return buffer.getvalue()


def render_result(kind: str, data: dict, form: str, *, color: bool | None = False, width: int | None = None,
                  names: dict[str, str] | None = None, lang: str = "en") -> str:
    """A result's ``to_dict()`` as table, markdown or json text in ``lang``; ``names``: the name
    of each id (:func:`names_of`), shown where a person reads (JSON keeps the ids)."""
    data = translated(data, lang)
    if form == "json":
        return json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    tables = _rows(kind, data, names or {})
    if form == "markdown":
        return _markdown(tables)
    return _terminal(tables, color, width)


def portfolio_html(data: dict, maps: dict[str, str]) -> str:
    """A small self-contained page: one row per account, linking each account's map."""
    head = ["grade", "account", "stage", "coverage", "high gaps", "top key person", "top risk", "support index", "next action"]
    rows = []
    for row in data["accounts"]:
        link = maps.get(row["file"])
        name = html.escape(row["name"])
        cell = f'<a href="{html.escape(link, quote=True)}">{name}</a>' if link else name
        values = [row["grade"] or "-", cell, row["stage"] or "-", f"{row['coverage']:.0%}", row["high_gaps"],
                  row["top_key_person_name"] or "-", row["top_risk_name"] or "-", f"{row['support_index']:.2f}", row["next_action"] or "-"]
        rows.append("<tr>" + "".join(
            f"<td>{value if index == 1 else html.escape(str(value))}</td>" for index, value in enumerate(values)) + "</tr>")
    errors = "".join(f"<li>{html.escape(e['file'])}: {html.escape(e['message'])}</li>" for e in data["errors"])
    return (
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">"
        "<title>powermap portfolio</title><style>body{font-family:system-ui,'Noto Sans CJK SC','WenQuanYi Zen Hei',sans-serif;"
        "margin:2em}table{border-collapse:collapse}td,th{border-bottom:1px solid #ddd;padding:.3em .6em;text-align:left}"
        "th{background:#f4f4f4}</style></head><body><h1>Portfolio</h1><table><thead><tr>"
        + "".join(f"<th>{h}</th>" for h in head) + "</tr></thead><tbody>" + "".join(rows) + "</tbody></table>"
        + (f"<p><em>{html.escape(SUPPORT_INDEX_MEANING)}</em></p>" if rows else "")
        + (f"<h2>Not read</h2><ul>{errors}</ul>" if errors else "") + "</body></html>\n"
    )
