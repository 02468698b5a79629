"""Writes hubspot-contacts.xlsx from hubspot-contacts.csv, as HubSpot exports a workbook:
one sheet, record ids as numbers, dates as date cells. Run: python tests/data/crm/make_hubspot_xlsx.py"""

import csv
import datetime as dt
from pathlib import Path

from openpyxl import Workbook

HERE = Path(__file__).resolve().parent

with open(HERE / "hubspot-contacts.csv", encoding="utf-8", newline="") as handle:
    rows = list(csv.reader(handle))
book = Workbook()
sheet = book.active
sheet.title = "All contacts"
sheet.append(rows[0])
for row in rows[1:]:
    cells = []
    for column, value in zip(rows[0], row):
        if column == "Record ID":
            cells.append(int(value))
        elif column == "Last Activity Date" and value:
            cells.append(dt.date.fromisoformat(value))
        else:
            cells.append(value or None)
    sheet.append(cells)
book.save(HERE / "hubspot-contacts.xlsx")
