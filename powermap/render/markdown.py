"""The report as Markdown, for a wiki page or a strategy deck.

Text from the account is escaped wherever it lands (see :mod:`powermap.render.safe`): it
shows as written, and never becomes HTML, a link, an image, emphasis, a heading, a list or a
new table cell or line.
"""

from __future__ import annotations

from ..i18n import N_, say, text as said, translate, translated
from ..report import Report
from .safe import markdown_code, markdown_line
from .terminal import SEPARATORS, account_facts, faction_names, found_by, person_names
from .safe import markdown_text
from .words import word

__all__ = ["render_markdown"]


def _markdown_table(headers: list[str], rows: list[list[str]], lang: str = "en") -> list[str]:
    """A Markdown table of cells that are already safe text."""
    if not rows:
        return ["_" + translate(N_("None."), lang) + "_", ""]
    lines = ["| " + " | ".join(headers) + " |", "|" + "|".join("---" for _ in headers) + "|"]
    return lines + ["| " + " | ".join(row) + " |" for row in rows] + [""]


def render_markdown(report: Report, lang: str = "en") -> str:
    """The report as Markdown in ``lang``."""
    def t(msgid: str) -> str:
        return translate(msgid, lang)

    clauses, items = SEPARATORS.get(lang, SEPARATORS["en"])

    def _text(value) -> str:
        """Account text or said text, escaped; a list joined as the language joins clauses."""
        if isinstance(value, list | tuple):
            return markdown_text(clauses.join(str(item) for item in value))
        return markdown_text(value)

    def _table(headers: list[str], rows: list[list[str]]) -> list[str]:
        return _markdown_table([t(header) for header in headers], rows, lang)

    data = translated(report.to_dict(), lang)
    head = data["account"]
    structure = data["power_structure"]
    shape = word("shape", structure["shape"], lang)
    title = said(say("Power map: {name}", name=head["name"]), lang)
    code, facts = markdown_code(head["id"], in_table=False), account_facts(report, lang, dated=False)
    lines = [
        "# " + markdown_text(title),
        "",
        said(say("Account {id} ({facts}), as of {date}.", id=code, facts=_text(facts), date=report.as_of.isoformat())
             if facts else say("Account {id}, as of {date}.", id=code, date=report.as_of.isoformat()), lang),
        said(say("Power structure: {shape}.", shape=f"**{shape}**"), lang),
        "",
        "## " + t(N_("Recommendations")),
        "",
    ]
    lines += [f"{n}. **{_text(item['action'])}**: {_text(item['why'])}" for n, item in enumerate(data["recommendations"], 1)]
    names, people = faction_names(report, lang), person_names(report.account)

    def _who(item: dict) -> str:
        """A person in a table cell: the name a reader sees (the id only to tell apart two of
        the same name, see :func:`powermap.render.terminal.person_names`)."""
        return _text(people.get(item["id"], item["name"]))

    def names_of(ids) -> str:
        return markdown_text(items.join(names.get(ident, ident) for ident in ids))

    lines += ["", "## " + t(N_("Key persons")), ""]
    lines += _table([N_("#"), N_("Person"), N_("Score"), N_("Why")], [  # the key persons, ties shown as =N
        [f"={p.rank}" if p.tied else str(p.rank), _who({"id": p.id, "name": p.name}), f"{p.score:.2f}",
         _text([said(reason, lang) for reason in p.reasons])]
        for p in report.key_persons.key[: report.top]
    ])
    lines += ["## " + t(N_("Coverage gaps")), ""]
    lines += _table([N_("Severity"), N_("Kind"), N_("Gap")], [
        [word("severity", g["severity"], lang), word("gap", g["kind"], lang), _text(g["message"])] for g in data["coverage_gaps"]
    ])
    lines += ["## " + t(N_("Inside contacts")), ""]
    lines += _table([N_("Person"), N_("Score"), N_("Why"), N_("Risks")], [
        [_who(c), f"{c['score']:.2f}", _text(c["reasons"]), _text(c["risks"])] for c in data["inside_contacts"]
    ])
    lines += ["## " + t(N_("Ignored risks")), ""]
    lines += _table([N_("Person"), N_("Score"), N_("Why")], [
        [_who(r), f"{r['score']:.2f}", _text(r["reasons"])] for r in data["ignored_risks"]
    ])
    if data["avoid"]:
        lines += ["## " + t(N_("Avoid")), "", t(N_("Being seen with these people costs us with the top leader or with many others.")), ""]
        lines += _table([N_("Person"), N_("Why")], [[_who(a), _text(a["reasons"])] for a in data["avoid"]])
    lines += ["## " + t(N_("Power structure")), "", f"**{shape}**", ""]
    lines += [f"- {markdown_line(line)}" for line in structure["evidence"]] + [""]
    lines += ["## " + t(N_("Factions")), ""]
    lines += _table([N_("Faction"), N_("Stance"), N_("Members"), N_("Found by")], [
        [markdown_text(names.get(f["id"], f["name"])), word("stance", f["stance"], lang), names_of(f["members"]),
         markdown_text(found_by(f, names, lang))]
        for f in data["factions"]
    ])
    sides = report.factions.alignments
    if sides:
        lines += ["**" + t(N_("Who sides with whom")) + "**", ""] + [f"- {markdown_line(said(item.text, lang))}" for item in sides] + [""]
    triads = report.factions.unbalanced_triads
    if triads:
        lines += ["**" + t(N_("Unbalanced triads (ties that cannot all last)")) + "**", ""]
        lines += [f"- {markdown_line(said(item.text, lang))}" for item in triads] + [""]
    lines += ["## " + t(N_("Brokers")), ""]
    lines += _table([N_("Person"), N_("Bridges"), N_("Camps"), N_("Score")], [
        [_who(b), names_of(b["between"]), names_of(b["camps"]), f"{b['score']:.2f}"] for b in data["brokers"]
    ])
    departed = report.key_persons.departed
    if departed:
        gone = items.join(people[person] for person in departed)
        lines += ["## " + t(N_("Departed")), "",
                  markdown_text(said(say("Left the account and not ranked: {names}.", names=gone), lang)), ""]
    return "\n".join(lines)
