"""`powermap init NAME --format xlsx`: the starter account as a workbook that guides its filler.

Design choices, and why
-----------------------
- **The same starter, another form.** The workbook holds exactly the starter account of
  :mod:`powermap.starter` (in the chosen language), written by the one Excel writer
  (:func:`powermap.writers.write_account`); so it loads back as the YAML starter does, and
  ``check`` on it points to ``Sheet!row`` as for any workbook. This module only adds guidance.
- **Sheets and headers keep the file's names** (``stakeholders``, ``reports_to``): they are the
  contract every loader reads. What a person needs to know about a column is a note on its
  header cell, in the chosen language.
- **Drop-down lists for enumerated columns** (stance, roles, strength, kind, circle, status,
  type, network, grade, stage, culture) list the values in the chosen language, as the loaders
  read them back. ``roles`` takes several values separated by ``;``, which a list cannot
  choose, so its list only informs; the others warn on a value not in the list but let it
  stand (``check`` still refuses what it cannot read, with the row).
- **Lookups for references** (department, reports_to, faction, parent, leader, relation and
  contact ends) offer the ids of the sheet they point to, read live from that sheet's ``id``
  column, so a team adding a department finds it in the list. A name is accepted too, so a
  value outside the list is allowed (with an information message).
"""

from __future__ import annotations

from pathlib import Path

from .i18n import N_, translate

__all__ = ["write_starter_workbook", "COLUMN_NOTES"]

_ROWS = 2000  # rows a drop-down list or lookup covers below the header

# A note on each header cell: what the column holds, in a filler's words.
COLUMN_NOTES: dict[tuple[str, str], str] = {
    ("account", "id"): N_("The account's id: lower-case letters, digits, '_' and '-' (acme-erp)."),
    ("account", "name"): N_("The customer and the opportunity, as the team calls them."),
    ("account", "grade"): N_("A: all-in; B: limit time; C: watch; D: last."),
    ("account", "stage"): N_("The sales stage now: it decides whose role weighs most."),
    ("account", "culture"): N_("Centralized: the top person decides; delegated: the delegate decides."),
    ("account", "competitors"): N_("Competitors in this deal, separated by ';'."),
    ("account", "as_of"): N_("The date this map describes (YYYY-MM-DD): contacts are stale counted from it."),
    ("account", "notes"): N_("Anything the team should remember about the account."),
    ("team", "id"): N_("A short id for each member of our team, used in contacts."),
    ("team", "name"): N_("The member's name."),
    ("team", "role"): N_("Their role on our side, e.g. account manager."),
    ("departments", "id"): N_("A short id for the department."),
    ("departments", "name"): N_("The department's name."),
    ("departments", "kind"): N_("What kind of department it is (the list)."),
    ("departments", "parent"): N_("The department it belongs to (an id or a name from this sheet)."),
    ("factions", "id"): N_("A short id for the faction."),
    ("factions", "name"): N_("What the team calls the faction."),
    ("factions", "leader"): N_("Who leads it (an id or a name from the stakeholders sheet)."),
    ("factions", "notes"): N_("What the faction wants, whom it opposes."),
    ("stakeholders", "id"): N_("A short id for the person, used in every reference to them."),
    ("stakeholders", "name"): N_("The person's name."),
    ("stakeholders", "title"): N_("Their title."),
    ("stakeholders", "department"): N_("Their department (an id or a name from the departments sheet)."),
    ("stakeholders", "reports_to"): N_("Their boss: the formal line (an id or a name from this sheet)."),
    ("stakeholders", "roles"): N_("Their buying roles, several separated by ';' (the list shows them)."),
    ("stakeholders", "stance"): N_("Their stance toward us; leave empty if unknown."),
    ("stakeholders", "faction"): N_("The faction they belong to (an id or a name from the factions sheet)."),
    ("stakeholders", "circle"): N_("How close they are to their boss: inner, edge or outer circle."),
    ("stakeholders", "status"): N_("Active, new in post, transferred or left: people move, track it."),
    ("stakeholders", "close_to_competitor"): N_("The competitor they are close to, if any (from the account's competitors)."),
    ("stakeholders", "notes"): N_("Private notes: personal data, keep them short and factual."),
    ("stakeholders", "crm_id"): N_("Their record id in the CRM, kept by powermap import to find them again; leave it as it is."),
    ("relations", "source"): N_("Who (an id or a name from the stakeholders sheet)."),
    ("relations", "target"): N_("With whom, or whom they influence (an id or a name)."),
    ("relations", "type"): N_("The tie: influences and advises have a direction (source to target); the others are mutual."),
    ("relations", "weight"): N_("How strong the tie is, 0..1 (0.5 if empty)."),
    ("relations", "network"): N_("Which of the five networks the tie belongs to, if known."),
    ("relations", "notes"): N_("What the team knows of the tie."),
    ("contacts", "member"): N_("Who on our team (an id or a name from the team sheet)."),
    ("contacts", "stakeholder"): N_("Whom they know (an id or a name from the stakeholders sheet)."),
    ("contacts", "strength"): N_("How close: the six layers, from most intimate to outermost."),
    ("contacts", "last_contact"): N_("When they last met (YYYY-MM-DD)."),
    ("contacts", "channel"): N_("How they meet, e.g. site visit, dinner, phone."),
    ("contacts", "notes"): N_("What the team knows of the contact."),
}
_POWER_NOTE = N_("Hidden power from this source, 0..3 (none, weak, medium, strong).")

# Enumerated columns and their enumerations (by table and column).
_CHOICES = {
    ("account", "grade"): "Grade", ("account", "stage"): "Stage", ("account", "culture"): "Culture",
    ("departments", "kind"): "DepartmentKind", ("stakeholders", "roles"): "Role",
    ("stakeholders", "stance"): "Stance", ("stakeholders", "circle"): "Circle",
    ("stakeholders", "status"): "Status", ("relations", "type"): "RelationType",
    ("relations", "network"): "Network", ("contacts", "strength"): "Strength",
}
# Reference columns and the sheet whose ids they take.
_LOOKUPS = {
    ("departments", "parent"): "departments", ("factions", "leader"): "stakeholders",
    ("stakeholders", "department"): "departments", ("stakeholders", "reports_to"): "stakeholders",
    ("stakeholders", "faction"): "factions", ("relations", "source"): "stakeholders",
    ("relations", "target"): "stakeholders", ("contacts", "member"): "team",
    ("contacts", "stakeholder"): "stakeholders",
}


def write_starter_workbook(path: Path, lang: str = "en") -> None:
    """Write the starter account at ``path`` (an .xlsx that does not exist yet) as a guided
    workbook in ``lang``; an existing file is never replaced."""
    from .files import write_output
    from .loaders.yaml_file import parse_yaml
    from .loaders.build import build_account
    from .starter import starter_text
    from .writers import account_tables, write_excel

    text = starter_text(path.with_suffix(".yaml"), lang)
    doc, source = parse_yaml(text, path.name)
    account = build_account(doc, source)
    tables = account_tables(account, lang)

    def write(temporary: Path) -> None:
        book = write_excel(tables)
        _guide(book, tables, lang)
        book.save(temporary)

    write_output(path, write)


def _guide(book, tables: dict, lang: str) -> None:
    from openpyxl.comments import Comment
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    from .model import enums

    for table, (columns, _rows) in tables.items():
        sheet = book[table]
        for index, column in enumerate(columns, start=1):
            note = COLUMN_NOTES.get((table, column)) or (_POWER_NOTE if column.startswith("power.") else None)
            if note:
                comment = Comment(translate(note, lang), "powermap")
                comment.width, comment.height = 260, 90
                sheet.cell(row=1, column=index).comment = comment
            cells = f"{get_column_letter(index)}2:{get_column_letter(index)}{_ROWS + 1}"
            enumeration = _CHOICES.get((table, column))
            if enumeration:
                words = [enums.written(member, lang) for member in getattr(enums, enumeration)]
                several = column == "roles"
                check = DataValidation(type="list", formula1='"' + ",".join(words) + '"', allow_blank=True,
                                       showErrorMessage=not several, errorStyle="warning",
                                       error=translate(N_("Not one of the values in the list; powermap check will say if it cannot read it."), lang),
                                       promptTitle=column, prompt=", ".join(words), showInputMessage=several)
                check.add(cells)
                sheet.add_data_validation(check)
            target = _LOOKUPS.get((table, column))
            if target:
                lookup = DataValidation(type="list", formula1=f"{target}!$A$2:$A${_ROWS + 1}", allow_blank=True,
                                        showErrorMessage=True, errorStyle="information",
                                        error=translate(N_("Not an id of that sheet: a name works too if exactly one record holds it."), lang))
                lookup.add(cells)
                sheet.add_data_validation(lookup)
