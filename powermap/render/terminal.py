"""The report as terminal tables (rich), coloured by stance and severity.

Colours go to a terminal only; written to a file or a pipe the same tables are plain text.
Account text is printed as text, never read as rich markup.
"""

from __future__ import annotations

from typing import TextIO

from ..report import Report

__all__ = ["render_terminal", "STANCE_STYLES", "SEVERITY_STYLES"]

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
    data = report.to_dict()
    head = data["account"]
    stance_of = {person.id: person.stance.value for person in report.account.stakeholders}

    def table(title: str, *columns: str) -> Table:
        grid = Table(title=Text(title, style="bold"), title_justify="left", show_lines=False, expand=False)
        for column in columns:
            grid.add_column(column, overflow="fold")
        return grid

    def person(item: dict) -> Text:
        stance = stance_of.get(item["id"], "unknown")
        return Text(f"{item['name']} ({item['id']})", style=STANCE_STYLES[stance])

    facts = ", ".join(f"{key} {head[key]}" for key in ("grade", "stage", "culture") if head[key])
    console.print(Text(f"{head['name']} ({head['id']})", style="bold"), Text(f"  {facts}; as of {report.as_of.isoformat()}"))
    console.print(Text(f"Power structure: {data['power_structure']['shape']}", style="bold"))
    for line in data["power_structure"]["evidence"]:
        console.print(Text(f"  - {line}"))
    console.print()

    grid = table("Recommendations", "#", "Action", "Why")
    for index, item in enumerate(data["recommendations"], 1):
        grid.add_row(str(index), Text(item["action"]), Text(item["why"]))
    console.print(grid)

    grid = table("Key persons", "#", "Person", "Score", "Stance", "Why")
    for item in data["key_persons"]:
        stance = stance_of[item["id"]]
        grid.add_row(str(item["rank"]), person(item), f"{item['score']:.2f}", Text(stance, style=STANCE_STYLES[stance]),
                     Text("; ".join(item["reasons"][:3])))
    console.print(grid)

    grid = table("Coverage gaps", "Severity", "Kind", "Gap")
    for gap in data["coverage_gaps"]:
        grid.add_row(Text(gap["severity"], style=SEVERITY_STYLES[gap["severity"]]), gap["kind"], Text(gap["message"]))
    console.print(grid)

    grid = table("Inside contacts", "Person", "Score", "Why", "Risks")
    for item in data["inside_contacts"]:
        grid.add_row(person(item), f"{item['score']:.2f}", Text("; ".join(item["reasons"])),
                     Text("; ".join(item["risks"]), style="dark_orange"))
    console.print(grid)

    grid = table("Ignored risks", "Person", "Score", "Why")
    for item in data["ignored_risks"]:
        grid.add_row(person(item), f"{item['score']:.2f}", Text("; ".join(item["reasons"])))
    console.print(grid)

    grid = table("Factions", "Faction", "Stance", "Members", "Found by")
    for item in data["factions"]:
        grid.add_row(Text(f"{item['name']} ({item['id']})"), Text(item["stance"], style=STANCE_STYLES.get(item["stance"], "")),
                     Text(", ".join(item["members"])), "detection" if item["detected"] else "declared")
    console.print(grid)

    for title, items in (("Who sides with whom", report.factions.alignments),
                         ("Unbalanced triads (ties that cannot all last)", report.factions.unbalanced_triads)):
        if items:
            console.print(Text(title, style="bold"))
            for item in items:
                console.print(Text(f"  - {item.text}"))
            console.print()

    grid = table("Brokers", "Person", "Bridges", "Score")
    for item in data["brokers"]:
        grid.add_row(person(item), Text(", ".join(item["between"])), f"{item['score']:.2f}")
    console.print(grid)

    if report.key_persons.departed:
        names = ", ".join(report.account.stakeholder(p).name for p in report.key_persons.departed)
        console.print(Text(f"Departed (not ranked): {names}", style="dim"))
