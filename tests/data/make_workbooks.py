"""Rebuild the Excel files under tests/data/invalid (run from the repository root).

    python tests/data/make_workbooks.py
"""

import datetime as dt
from pathlib import Path

from openpyxl import Workbook

HERE = Path(__file__).parent / "invalid"


def excel_errors() -> None:
    book = Workbook()
    book.active.title = "Account"
    book["Account"].append(["id", "name", "stage"])
    book["Account"].append(["demo", "Demo account", "bidding"])
    team = book.create_sheet("team")
    team.append(["id", "name"])
    team.append(["alice", "Alice Chen"])
    people = book.create_sheet("Stakeholders")
    people.append(["id", "name", "department", "stance", "power.position", "reports_to"])
    people.append(["wang", "Wang Wei", None, "supporter", 3, None])
    people.append(["li", "Li Na", None, "friendly", 4, "wang"])
    people.append([7, "Zhao Lei", None, -1, 2.0, "wnag"])
    contacts = book.create_sheet("contacts")
    contacts.append(["member", "stakeholder", "strength", "last_contact"])
    contacts.append(["alice", "wang", "close", dt.datetime(2026, 11, 2)])
    contacts.append(["alice", "7", 4, "2nd of November"])
    notes = book.create_sheet("Notes")
    notes.append(["anything a team keeps beside the tables is ignored"])
    book.save(HERE / "excel-errors.xlsx")


if __name__ == "__main__":
    excel_errors()
    (HERE / "not-a-workbook.xlsx").write_text("id,name\ndemo,Demo\n", encoding="utf-8")
