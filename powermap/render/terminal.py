"""The report as terminal tables (rich), coloured by stance and severity.

Colours go to a terminal only; written to a file or a pipe the same tables are plain text.
Account text is printed as text, never read as rich markup, with its control, bidi and
invisible characters shown escaped (:func:`powermap.render.safe.terminal_text`).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from typing import TextIO

from ..i18n import N_, say, text as said, translate, translated
from ..model.enums import Culture, Stage, written
from ..report import Report
from .safe import terminal_text
from .words import word

__all__ = ["render_terminal", "STANCE_STYLES", "SEVERITY_STYLES", "name_labels", "person_names", "faction_names", "found_by",
           "account_facts", "SEPARATORS"]

# Between reasons (one clause each) and between the items of a list, in each language.
SEPARATORS = {"en": ("; ", ", "), "zh": ("；", "、")}


def _same_name(name: str) -> str:
    """Two names a reader cannot tell apart: equal but for case and spacing."""
    return " ".join(name.split()).casefold()


def name_labels(pairs: Iterable[tuple[str, str]]) -> dict[str, str]:
    """The name shown for each id of ``pairs`` (id, name): the name, followed by the id only
    when another entry of the same kind bears the same name, to tell the two apart. The one
    rule every report and route renderer follows."""
    pairs = list(pairs)
    count = Counter(_same_name(name) for _, name in pairs)
    return {ident: f"{name} ({ident})" if count[_same_name(name)] > 1 else name for ident, name in pairs}


def person_names(account) -> dict[str, str]:
    """The name a reader sees for each person of the account, in the terminal and Markdown
    reports alike: the name alone ("Harold Kestrel"), and, only when two people of the account
    share a name, the id after it to tell them apart ("Li Wei (li-wei-2)"). Ids are for JSON."""
    return name_labels((person.id, person.name) for person in account.stakeholders)


def faction_names(report: Report, lang: str = "en") -> dict[str, str]:
    """The name a person reads for each id of the report's tables: people (as
    :func:`person_names`), departments, declared factions, detected camps and groups (whose
    names are said in ``lang``: "Camp of Harold Kestrel", "Harold Kestrel阵营")."""
    account = report.account
    names = person_names(account)
    names.update(name_labels((department.id, department.name) for department in account.departments))
    names.update(name_labels((faction.id, said(faction.name, lang)) for faction in report.factions.factions))
    return names


def found_by(item: dict, names: dict[str, str], lang: str = "en") -> str:
    """How a faction was found, in words: declared, a detected camp, a group (in which camp)."""
    if not item["detected"]:
        return said(say("declared"), lang)
    if item["level"] == "camp":
        return said(say("detected camp"), lang)
    if item["camp"]:
        return said(say("detected group in {camp}", camp=names.get(item["camp"], item["camp"])), lang)
    return said(say("detected group"), lang)


def account_facts(report: Report, lang: str = "en", *, dated: bool = True) -> str:
    """The account's grade, stage, culture and date in one line: "grade A, stage negotiation,
    culture centralized, as of 2026-11-15" / "A级，商务谈判阶段，集权文化，截至2026-11-15"
    (without the date when not ``dated``)."""
    head = report.account.account
    facts = []
    if head.grade:
        facts.append(say("grade {grade}", grade=head.grade.value))
    if report.stage:
        facts.append(say("stage {stage}", stage=written(Stage(report.stage), lang)))
    if head.culture:
        facts.append(say("culture {culture}", culture=written(Culture(head.culture), lang)))
    if dated:
        facts.append(say("as of {date}", date=report.as_of.isoformat()))
    return ("，" if lang == "zh" else ", ").join(said(fact, lang) for fact in facts)

STANCE_STYLES = {
    "champion": "bold green",
    "supporter": "green",
    "neutral": "white",
    "skeptic": "dark_orange",
    "opponent": "bold red",
    "unknown": "dim",
}
SEVERITY_STYLES = {"high": "bold red", "medium": "dark_orange", "low": "dim"}


def render_terminal(report: Report, file: TextIO, *, color: bool | None = None, width: int | None = None,
                    lang: str = "en") -> None:
    """Print the report to ``file`` in ``lang``; ``color`` None means: only if ``file`` is a
    terminal."""
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    console = Console(
        file=file,
        force_terminal=color if color else None,
        no_color=color is False,
        color_system="auto" if color is not False else None,
        width=width or (None if file.isatty() else 120),
        highlight=False,
        emoji=False,
        markup=False,
    )
    def text(value, style: str = "") -> Text:
        """Account text as rich text: never markup, nothing that acts on the terminal."""
        return Text(terminal_text(value), style=style)

    def t(msgid: str) -> str:
        return translate(msgid, lang)

    clauses, items = SEPARATORS.get(lang, SEPARATORS["en"])
    data = translated(report.to_dict(), lang)
    head = data["account"]
    stance_of = {person.id: person.stance.value for person in report.account.stakeholders}

    def table(title: str, *columns: str) -> Table:
        grid = Table(title=Text(t(title), style="bold"), title_justify="left", show_lines=False, expand=False)
        for column in columns:
            grid.add_column(t(column), overflow="fold")
        return grid

    names, people = faction_names(report, lang), person_names(report.account)

    def person(item: dict) -> Text:
        stance = stance_of.get(item["id"], "unknown")
        return text(people.get(item["id"], item["name"]), STANCE_STYLES[stance])

    def stance_cell(stance: str) -> Text:
        return text(word("stance", stance, lang), STANCE_STYLES.get(stance, ""))

    console.print(text(f"{head['name']} ({head['id']})", "bold"))  # the account, then its facts and date
    console.print(text(account_facts(report, lang)))
    shape = word("shape", data["power_structure"]["shape"], lang)
    console.print(text(said(say("Power structure: {shape}", shape=shape), lang), "bold"))
    for line in data["power_structure"]["evidence"]:
        console.print(text(f"  - {line}"))
    console.print()

    grid = table(N_("Recommendations"), "#", N_("Action"), N_("Why"))
    for index, item in enumerate(data["recommendations"], 1):
        grid.add_row(str(index), text(item["action"]), text(item["why"]))
    console.print(grid)

    grid = table(N_("Key persons"), "#", N_("Person"), N_("Score"), N_("Stance"), N_("Why"))
    for item in report.key_persons.key[: report.top]:  # the key persons, ties shown as =N
        reasons = [said(reason, lang) for reason in item.reasons[:3]]
        grid.add_row(f"={item.rank}" if item.tied else str(item.rank), person({"id": item.id, "name": item.name}),
                     f"{item.score:.2f}", stance_cell(stance_of[item.id]), text(clauses.join(reasons)))
    console.print(grid)

    grid = table(N_("Coverage gaps"), N_("Severity"), N_("Kind"), N_("Gap"))
    for gap in data["coverage_gaps"]:
        grid.add_row(text(word("severity", gap["severity"], lang), SEVERITY_STYLES[gap["severity"]]),
                     text(word("gap", gap["kind"], lang)), text(gap["message"]))
    console.print(grid)

    grid = table(N_("Inside contacts"), N_("Person"), N_("Score"), N_("Why"), N_("Risks"))
    for item in data["inside_contacts"]:
        grid.add_row(person(item), f"{item['score']:.2f}", text(clauses.join(item["reasons"])),
                     text(clauses.join(item["risks"]), "dark_orange"))
    console.print(grid)

    grid = table(N_("Ignored risks"), N_("Person"), N_("Score"), N_("Why"))
    for item in data["ignored_risks"]:
        grid.add_row(person(item), f"{item['score']:.2f}", text(clauses.join(item["reasons"])))
    console.print(grid)

    if data["avoid"]:
        grid = table(N_("Avoid: being seen with them costs us"), N_("Person"), N_("Why"))
        for item in data["avoid"]:
            grid.add_row(person(item), text(clauses.join(item["reasons"])))
        console.print(grid)

    grid = table(N_("Factions"), N_("Faction"), N_("Stance"), N_("Members"), N_("Found by"))
    for item in data["factions"]:
        grid.add_row(text(item["name"]), stance_cell(item["stance"]),
                     text(items.join(names.get(member, member) for member in item["members"])),
                     text(found_by(item, names, lang)))
    console.print(grid)

    for title, entries in ((N_("Who sides with whom"), report.factions.alignments),
                           (N_("Unbalanced triads (ties that cannot all last)"), report.factions.unbalanced_triads)):
        if entries:
            console.print(Text(t(title), style="bold"))
            for entry in entries:
                console.print(text(f"  - {said(entry.text, lang)}"))
            console.print()

    grid = table(N_("Brokers"), N_("Person"), N_("Bridges"), N_("Camps"), N_("Score"))
    for item in data["brokers"]:
        grid.add_row(person(item), text(items.join(names.get(group, group) for group in item["between"])),
                     text(items.join(names.get(camp, camp) for camp in item["camps"])), f"{item['score']:.2f}")
    console.print(grid)

    if report.key_persons.departed:
        departed = items.join(people[p] for p in report.key_persons.departed)
        console.print(text(said(say("Departed (not ranked): {names}", names=departed), lang), "dim"))
