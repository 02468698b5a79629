"""The report as Markdown, for a wiki page or a strategy deck.

Text from the account is escaped wherever it lands (see :mod:`powermap.render.safe`): it
shows as written, and never becomes HTML, a link, an image, emphasis, a heading, a list or a
new table cell or line.
"""

from __future__ import annotations

from ..i18n import N_
from ..report import Report
from .safe import markdown_code, markdown_line
from .terminal import faction_names, found_by, person_names
from .safe import markdown_text as _text

__all__ = ["render_markdown"]


def _table(headers: list[str], rows: list[list[str]]) -> list[str]:
    """A Markdown table of cells that are already safe text."""
    if not rows:
        return ["_None._", ""]
    lines = ["| " + " | ".join(headers) + " |", "|" + "|".join("---" for _ in headers) + "|"]
    return lines + ["| " + " | ".join(row) + " |" for row in rows] + [""]


def render_markdown(report: Report) -> str:
    data = report.to_dict()
    head = data["account"]
    facts = ", ".join(f"{key} {head[key]}" for key in ("grade", "stage", "culture") if head[key])
    structure = data["power_structure"]
    lines = [
        f"# Power map: {_text(head['name'])}",
        "",
        f"Account {markdown_code(head['id'], in_table=False)}" + (f" ({_text(facts)})" if facts else "") + f", as of {report.as_of.isoformat()}.",
        f"Power structure: **{structure['shape']}**.",
        "",
        "## Recommendations",
        "",
    ]
    lines += [f"{n}. **{_text(item['action'])}**: {_text(item['why'])}" for n, item in enumerate(data["recommendations"], 1)]
    names, people = faction_names(report), person_names(report.account)

    def _who(item: dict) -> str:
        """A person in a table cell: the name a reader sees (the id only to tell apart two of
        the same name, see :func:`powermap.render.terminal.person_names`)."""
        return _text(people.get(item["id"], item["name"]))

    lines += ["", "## Key persons", ""]
    lines += _table(["#", "Person", "Score", "Why"], [  # the key persons, ties shown as =N
        [f"={p.rank}" if p.tied else str(p.rank), _who({"id": p.id, "name": p.name}), f"{p.score:.2f}", _text(list(p.reasons))]
        for p in report.key_persons.key[: report.top]
    ])
    lines += ["## Coverage gaps", ""]
    lines += _table(["Severity", "Kind", "Gap"], [
        [g["severity"], g["kind"], _text(g["message"])] for g in data["coverage_gaps"]
    ])
    lines += ["## Inside contacts", ""]
    lines += _table(["Person", "Score", "Why", "Risks"], [
        [_who(c), f"{c['score']:.2f}", _text(c["reasons"]), _text(c["risks"])] for c in data["inside_contacts"]
    ])
    lines += ["## Ignored risks", ""]
    lines += _table(["Person", "Score", "Why"], [
        [_who(r), f"{r['score']:.2f}", _text(r["reasons"])] for r in data["ignored_risks"]
    ])
    if data["avoid"]:
        lines += ["## Avoid", "", N_("Being seen with these people costs us with the top leader or with many others."), ""]
        lines += _table(["Person", "Why"], [[_who(a), _text(a["reasons"])] for a in data["avoid"]])
    lines += ["## Power structure", "", f"**{structure['shape']}**", ""]
    lines += [f"- {markdown_line(line)}" for line in structure["evidence"]] + [""]
    lines += ["## Factions", ""]
    lines += _table(["Faction", "Stance", "Members", "Found by"], [
        [_text(names.get(f["id"], f["name"])), f["stance"], _text([names.get(member, member) for member in f["members"]]), _text(found_by(f, names))]
        for f in data["factions"]
    ])
    sides = report.factions.alignments
    if sides:
        lines += ["**Who sides with whom**", ""] + [f"- {markdown_line(item.text)}" for item in sides] + [""]
    triads = report.factions.unbalanced_triads
    if triads:
        lines += ["**Unbalanced triads** (ties that cannot all last)", ""] + [f"- {markdown_line(item.text)}" for item in triads] + [""]
    lines += ["## Brokers", ""]
    lines += _table(["Person", "Bridges", "Camps", "Score"], [
        [_who(b), _text([names.get(group, group) for group in b["between"]]),
         _text([names.get(camp, camp) for camp in b["camps"]]), f"{b['score']:.2f}"] for b in data["brokers"]
    ])
    departed = report.key_persons.departed
    if departed:
        gone = ", ".join(people[person] for person in departed)
        lines += ["## Departed", "", f"Left the account and not ranked: {_text(gone)}.", ""]
    return "\n".join(lines)
