"""The report as terminal tables (rich), coloured by stance and severity.

Colours go to a terminal only; written to a file or a pipe the same tables are plain text.
Account text is printed as text, never read as rich markup, with its control, bidi and
invisible characters shown escaped (:func:`powermap.render.safe.terminal_text`).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from typing import TextIO

from ..i18n import N_
from ..report import Report
from .safe import terminal_text

__all__ = ["render_terminal", "STANCE_STYLES", "SEVERITY_STYLES", "name_labels", "person_names", "faction_names", "found_by"]


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


def faction_names(report: Report) -> dict[str, str]:
    """The name a person reads for each id of the report's tables: people (as
    :func:`person_names`), departments, declared factions, detected camps and groups."""
    account = report.account
    names = person_names(account)
    names.update(name_labels((department.id, department.name) for department in account.departments))
    names.update(name_labels((faction.id, faction.name) for faction in report.factions.factions))
    return names


def found_by(item: dict, names: dict[str, str]) -> str:
    """How a faction was found, in words: declared, a detected camp, a group (in which camp)."""
    if not item["detected"]:
        return "declared"
    if item["level"] == "camp":
        return "detected camp"
    if item["camp"]:
        return f"detected group in {names.get(item['camp'], item['camp'])}"
    return "detected group"

STANCE_STYLES = {
    "champion": "bold green",
    "supporter": "green",
    "neutral": "white",
    "skeptic": "dark_orange",
    "opponent": "bold red",
    "unknown": "dim",
}
SEVERITY_STYLES = {"high": "bold red", "medium": "dark_orange", "low": "dim"}


def render_terminal(report: Report, file: TextIO, *, color: bool | None = None, width: int | None = None) -> None:
    """Print the report to ``file``; ``color`` None means: only if ``file`` is a terminal."""
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

    data = report.to_dict()
    head = data["account"]
    stance_of = {person.id: person.stance.value for person in report.account.stakeholders}

    def table(title: str, *columns: str) -> Table:
        grid = Table(title=Text(title, style="bold"), title_justify="left", show_lines=False, expand=False)
        for column in columns:
            grid.add_column(column, overflow="fold")
        return grid

    names, people = faction_names(report), person_names(report.account)

    def person(item: dict) -> Text:
        stance = stance_of.get(item["id"], "unknown")
        return text(people.get(item["id"], item["name"]), STANCE_STYLES[stance])

    facts = ", ".join(f"{key} {head[key]}" for key in ("grade", "stage", "culture") if head[key])
    console.print(text(f"{head['name']} ({head['id']})", "bold"))  # the account, then its facts and date
    console.print(text(", ".join(filter(None, [facts, f"as of {report.as_of.isoformat()}"]))))
    console.print(text(f"Power structure: {data['power_structure']['shape']}", "bold"))
    for line in data["power_structure"]["evidence"]:
        console.print(text(f"  - {line}"))
    console.print()

    grid = table("Recommendations", "#", "Action", "Why")
    for index, item in enumerate(data["recommendations"], 1):
        grid.add_row(str(index), text(item["action"]), text(item["why"]))
    console.print(grid)

    grid = table("Key persons", "#", "Person", "Score", "Stance", "Why")
    for item in report.key_persons.key[: report.top]:  # the key persons, ties shown as =N
        stance = stance_of[item.id]
        grid.add_row(f"={item.rank}" if item.tied else str(item.rank), person({"id": item.id, "name": item.name}),
                     f"{item.score:.2f}", text(stance, STANCE_STYLES[stance]), text("; ".join(item.reasons[:3])))
    console.print(grid)

    grid = table("Coverage gaps", "Severity", "Kind", "Gap")
    for gap in data["coverage_gaps"]:
        grid.add_row(text(gap["severity"], SEVERITY_STYLES[gap["severity"]]), text(gap["kind"]), text(gap["message"]))
    console.print(grid)

    grid = table("Inside contacts", "Person", "Score", "Why", "Risks")
    for item in data["inside_contacts"]:
        grid.add_row(person(item), f"{item['score']:.2f}", text("; ".join(item["reasons"])),
                     text("; ".join(item["risks"]), "dark_orange"))
    console.print(grid)

    grid = table("Ignored risks", "Person", "Score", "Why")
    for item in data["ignored_risks"]:
        grid.add_row(person(item), f"{item['score']:.2f}", text("; ".join(item["reasons"])))
    console.print(grid)

    if data["avoid"]:
        grid = table(N_("Avoid: being seen with them costs us"), "Person", "Why")
        for item in data["avoid"]:
            grid.add_row(person(item), text("; ".join(item["reasons"])))
        console.print(grid)

    grid = table("Factions", "Faction", "Stance", "Members", "Found by")
    for item in data["factions"]:
        grid.add_row(text(item["name"]), text(item["stance"], STANCE_STYLES.get(item["stance"], "")),
                     text(", ".join(names.get(member, member) for member in item["members"])), text(found_by(item, names)))
    console.print(grid)

    for title, items in (("Who sides with whom", report.factions.alignments),
                         ("Unbalanced triads (ties that cannot all last)", report.factions.unbalanced_triads)):
        if items:
            console.print(Text(title, style="bold"))
            for item in items:
                console.print(text(f"  - {item.text}"))
            console.print()

    grid = table("Brokers", "Person", "Bridges", "Camps", "Score")
    for item in data["brokers"]:
        grid.add_row(person(item), text(", ".join(names.get(group, group) for group in item["between"])),
                     text(", ".join(names.get(camp, camp) for camp in item["camps"])), f"{item['score']:.2f}")
    console.print(grid)

    if report.key_persons.departed:
        departed = ", ".join(people[p] for p in report.key_persons.departed)
        console.print(text(f"Departed (not ranked): {departed}", "dim"))
