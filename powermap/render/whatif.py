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
from ..i18n import N_p, say, text, translate, translated
from .safe import markdown_text, terminal_text
from .words import word

__all__ = ["render_result", "portfolio_html", "names_of"]

# The words of these tables, said in the reader's language. They carry the context "what-if"
# (simulate, plan, diff, portfolio): "before", "change" or "Accounts" read apart from the
# report's words of the same spelling.
_TITLES = {
    "scenario": N_p("what-if", "Scenario"),
    "support": N_p("what-if", "Support index"),
    "moved": N_p("what-if", "What moved"),
    "forecast": N_p("what-if", "Key persons' forecast"),
    "plan": N_p("what-if", "Whom to win over next"),
    "people": N_p("what-if", "People"),
    "ties": N_p("what-if", "Relations and contacts"),
    "answers": N_p("what-if", "Answers"),
    "accounts": N_p("what-if", "Accounts"),
    "unread": N_p("what-if", "Not read"),
    "portfolio": N_p("what-if", "Portfolio"),
    "page": N_p("what-if", "powermap portfolio"),
}
_COLUMNS = {
    "change": N_p("what-if", "change"),
    "before": N_p("what-if", "before"),
    "after": N_p("what-if", "after"),
    "after plan": N_p("what-if", "after plan"),
    "delta": N_p("what-if", "change"),
    "what moved": N_p("what-if", "what moved"),
    "person": N_p("what-if", "person"),
    "forecast": N_p("what-if", "forecast (-2..2)"),
    "#": N_p("what-if", "#"),
    "gain": N_p("what-if", "gain"),
    "route": N_p("what-if", "route"),
    "why": N_p("what-if", "why"),
    "who": N_p("what-if", "who"),
    "tie": N_p("what-if", "tie"),
    "grade": N_p("what-if", "grade"),
    "id": N_p("what-if", "id"),
    "account": N_p("what-if", "account"),
    "stage": N_p("what-if", "stage"),
    "coverage": N_p("what-if", "coverage"),
    "high gaps": N_p("what-if", "high gaps"),
    "top key person": N_p("what-if", "top key person"),
    "top risk": N_p("what-if", "top risk"),
    "support index": N_p("what-if", "support index"),
    "next action": N_p("what-if", "next action"),
    "file": N_p("what-if", "file"),
    "problem": N_p("what-if", "problem"),
}
# What happened to a person or a tie between two snapshots (the first column of the diff)
_DIFF_WORDS = {
    "arrived": N_p("what-if", "arrived"),
    "left": N_p("what-if", "left"),
    "moved": N_p("what-if", "moved"),
    "stance": N_p("what-if", "stance"),
    "added": N_p("what-if", "added"),
    "removed": N_p("what-if", "removed"),
}
# A stakeholder's field as a scenario sets it or a diff sees it move (``power.knowledge`` is said
# as its power source)
_FIELDS = {
    "name": N_p("stakeholder field", "name"),
    "title": N_p("stakeholder field", "title"),
    "department": N_p("stakeholder field", "department"),
    "reports_to": N_p("stakeholder field", "reports to"),
    "roles": N_p("stakeholder field", "roles"),
    "stance": N_p("stakeholder field", "stance"),
    "faction": N_p("stakeholder field", "faction"),
    "circle": N_p("stakeholder field", "circle"),
    "status": N_p("stakeholder field", "status"),
    "close_to_competitor": N_p("stakeholder field", "close to competitor"),
    "notes": N_p("stakeholder field", "notes"),
    "crm_id": N_p("stakeholder field", "CRM record id"),
}
_NO_ROUTE = N_p("what-if", "no warm route")
_PORTFOLIO_HEAD = ("grade", "account", "stage", "coverage", "high gaps", "top key person", "top risk", "support index",
                   "next action")


def names_of(*accounts) -> dict[str, str]:
    """The name a person reads for each id of the accounts' people and team (the later account's
    name wins for an id in both)."""
    names: dict[str, str] = {}
    for account in accounts:
        names.update((person.id, person.name) for person in account.stakeholders)
        names.update((member.id, member.name) for member in account.team)
        names.update((department.id, department.name) for department in account.departments)
    return names


def _field_word(field: str, lang: str) -> str:
    """A stakeholder's field in words: "reports to" / "上级", "power.knowledge" / "知识权力"."""
    if field.startswith("power."):
        from ..model.enums import ChoiceError, PowerSource, parse_choice, written

        try:
            source = parse_choice(PowerSource, field.split(".", 1)[1])
        except ChoiceError:
            return field
        return field if lang == "en" else written(source, lang)
    said = _FIELDS.get(field)
    return text(said, lang) if said is not None else field.replace("_", " ")


def _value_word(field: str, value: str, lang: str) -> str:
    """A value as a scenario writes it, in Chinese the account file's word for it ("supporter" ->
    支持者); in English as the user typed it."""
    if lang == "en":
        return value
    from ..model.enums import ChoiceError, Circle, Role, Stance, Status, Strength, parse_choice, written

    enum = {"stance": Stance, "circle": Circle, "status": Status, "strength": Strength}.get(field)
    try:
        if enum is Stance:
            return word("stance", parse_choice(Stance, value).value, lang)
        if enum is not None:
            return written(parse_choice(enum, value), lang)
        if field == "roles":
            parts = [part.strip() for part in value.replace("，", ",").replace("、", ",").split(",") if part.strip()]
            return text([written(parse_choice(Role, part), lang) for part in parts], lang)
    except ChoiceError:
        pass
    return value


def _change_words(change_text: str, names: dict[str, str], lang: str = "en") -> str:
    """A scenario change as the user wrote it, said with names: "Harold Kestrel: stance = champion"
    / "钱伯涛：态度 = 支持者"."""
    from ..scenario import ScenarioError, parse_change

    try:
        change = parse_change(change_text)
    except ScenarioError:
        return change_text
    if change.kind == "contact":
        return text(say("{member} knows {person} ({strength})", member=names.get(change.member, change.member),
                        person=names.get(change.target, change.target),
                        strength=_value_word("strength", change.value, lang)), lang)
    value = names.get(change.value, change.value) if change.field in ("reports_to", "department") else change.value
    return text(say("{person}: {field} = {value}", person=names.get(change.target, change.target),
                    field=_field_word(change.field, lang), value=_value_word(change.field, value, lang)), lang)


def _tie(item: dict, name, lang: str) -> str:
    """A relation or a contact between two snapshots: "ally: A - B" / "盟友：A - B"."""
    kind = word("tie", item["type"], lang)
    return text(say("{tie}: {source} - {target}", tie=kind, source=name(item["source"]), target=name(item["target"])), lang)


def _rows(kind: str, data: dict, names: dict[str, str], lang: str = "en") -> list[tuple]:
    """(title, headers, rows[, note]) tables for one result, in ``lang``; people by name (the
    JSON keeps the ids); the note is a line said under the table (what the support index is)."""
    def name(node: str | None) -> str:
        return "-" if node is None else names.get(node, node)

    def said(value) -> str:
        return text(value, lang)

    def title(key: str) -> str:
        return said(_TITLES[key])

    def heads(*keys: str) -> list[str]:
        return [said(_COLUMNS[key]) for key in keys]

    def stance(value: str | None) -> str:
        return word("stance", value, lang)

    def index(value: float) -> str:
        return said(support_said(value))

    meaning = translate(SUPPORT_INDEX_MEANING, lang)
    if kind == "simulate":
        before = {p["id"]: p for p in data["before"]["key_persons"]}
        people = [[name(p["id"]), stance(before.get(p["id"], {}).get("stance")), stance(p["stance"]),
                   f"{p['forecast']:+.2f}"]
                  for p in data["after"]["key_persons"]]
        return [
            (title("scenario"), heads("change"), [[_change_words(change, names, lang)] for change in data["applied"]]),
            (title("support"), heads("before", "after", "delta"),
             [[index(data["before"]["support_index"]), index(data["after"]["support_index"]),
               f"{data['after']['support_index'] - data['before']['support_index']:+.3f}"]], meaning),
            (title("moved"), heads("what moved"), [[change["message"]] for change in data["changes"]]),
            (title("forecast"), heads("person", "before", "after", "forecast"), people),
        ]
    if kind == "plan":
        arrow = " → "
        return [
            (title("support"), heads("before", "after plan"),
             [[index(data["support_index_before"]), index(data["support_index_after"])]], meaning),
            (title("plan"), heads("#", "person", "gain", "route", "why"),
             [[str(n), s["name"], f"+{s['gain']:.3f}", arrow.join(map(name, s["path"])) or said(_NO_ROUTE), s["why"]]
              for n, s in enumerate(data["plan"], 1)]),
        ]
    if kind == "diff":
        happened = {key: said(value) for key, value in _DIFF_WORDS.items()}
        people = [[happened["arrived"], name(p)] for p in data["arrived"]]
        people += [[happened["left"], name(p)] for p in data["left"]]
        people += [[happened["moved"], said(say("{person}: {field} {before} -> {after}", person=name(m["id"]),
                                                field=_field_word(m["field"], lang), before=name(m["from"]),
                                                after=name(m["to"])))]
                   for m in data["moved"]]
        people += [[happened["stance"], said(say("{person}: {before} -> {after}", person=name(s["id"]),
                                                 before=stance(s["from"]), after=stance(s["to"])))]
                   for s in data["stance_changes"]]
        ties = [[happened["added"], _tie(r, name, lang)] for r in data["relations_added"]]
        ties += [[happened["removed"], _tie(r, name, lang)] for r in data["relations_removed"]]
        answers = [[change["message"]] for change in data["changes"]]
        moved = any(change["what"] == "support_index" for change in data["changes"])
        return [(title("people"), heads("change", "who"), people), (title("ties"), heads("change", "tie"), ties),
                (title("answers"), heads("what moved"), answers, meaning if moved else None)]
    if kind == "portfolio":
        accounts = [[r["grade"] or "-", r["id"], _stage(r["stage"], lang), f"{r['coverage']:.0%}", str(r["high_gaps"]),
                     r["top_key_person_name"] or "-", r["top_risk_name"] or "-", f"{r['support_index']:.2f}", r["next_action"] or "-"]
                    for r in data["accounts"]]
        tables = [(title("accounts"), heads("grade", "id", "stage", "coverage", "high gaps", "top key person", "top risk",
                                            "support index", "next action"), accounts, meaning if accounts else None)]
        if data["errors"]:
            tables.append((title("unread"), heads("file", "problem"), [[e["file"], e["message"]] for e in data["errors"]]))
        return tables
    raise ValueError(f"unknown result kind {kind!r}")


def _stage(stage: str | None, lang: str) -> str:
    """A sales stage in the reader's words ("negotiation" / "商务谈判")."""
    if not stage:
        return "-"
    if lang == "en":
        return stage
    from ..model.enums import Stage, written

    try:
        return written(Stage(stage), lang)
    except ValueError:
        return stage


def _markdown(tables, lang: str = "en") -> str:
    lines = []
    for title, headers, rows, *note in tables:
        lines += [f"## {title}", ""]
        if not rows:
            lines += [f"_{translate('None.', lang)}_", ""]
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
    tables = _rows(kind, data, names or {}, lang)
    if form == "markdown":
        return _markdown(tables, lang)
    return _terminal(tables, color, width)


def portfolio_html(data: dict, maps: dict[str, str], lang: str = "en") -> str:
    """A small self-contained page in ``lang``: one row per account, linking each account's map."""
    data = translated(data, lang)
    head = [text(_COLUMNS[key], lang) for key in _PORTFOLIO_HEAD]
    rows = []
    for row in data["accounts"]:
        link = maps.get(row["file"])
        name = html.escape(row["name"])
        cell = f'<a href="{html.escape(link, quote=True)}">{name}</a>' if link else name
        values = [row["grade"] or "-", cell, _stage(row["stage"], lang), f"{row['coverage']:.0%}", row["high_gaps"],
                  row["top_key_person_name"] or "-", row["top_risk_name"] or "-", f"{row['support_index']:.2f}", row["next_action"] or "-"]
        rows.append("<tr>" + "".join(
            f"<td>{value if index == 1 else html.escape(str(value))}</td>" for index, value in enumerate(values)) + "</tr>")
    errors = "".join(f"<li>{html.escape(e['file'])}: {html.escape(e['message'])}</li>" for e in data["errors"])
    language = "zh-CN" if lang == "zh" else "en"
    return (
        f"<!DOCTYPE html>\n<html lang=\"{language}\"><head><meta charset=\"utf-8\">"
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">"
        f"<title>{html.escape(text(_TITLES['page'], lang))}</title>"
        "<style>body{font-family:system-ui,'Noto Sans CJK SC','WenQuanYi Zen Hei',sans-serif;"
        "margin:2em}table{border-collapse:collapse}td,th{border-bottom:1px solid #ddd;padding:.3em .6em;text-align:left}"
        f"th{{background:#f4f4f4}}</style></head><body><h1>{html.escape(text(_TITLES['portfolio'], lang))}</h1>"
        "<table><thead><tr>"
        + "".join(f"<th>{html.escape(h)}</th>" for h in head) + "</tr></thead><tbody>" + "".join(rows) + "</tbody></table>"
        + (f"<p><em>{html.escape(translate(SUPPORT_INDEX_MEANING, lang))}</em></p>" if rows else "")
        + (f"<h2>{html.escape(text(_TITLES['unread'], lang))}</h2><ul>{errors}</ul>" if errors else "") + "</body></html>\n"
    )
