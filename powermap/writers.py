"""Writing an account in any of its four forms (the inverse of :mod:`powermap.loaders`).

``powermap convert`` uses this to turn a YAML file into the CSV folder or Excel workbook a CRM
import wants, and back. Absent values and defaults are left out of YAML and JSON so the files
stay as short as a person would write them; tables always carry every column.

Field names and ids are the contract and never change; enumerated values are written in the
language asked for (``lang="zh"``: 决策者, 支持者, 亲密层 and power sources as 知识权力, the
terms the loaders read back; see :func:`powermap.model.enums.written`), so a Chinese team's
file stays in Chinese through a conversion.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
from enum import StrEnum
from pathlib import Path
from typing import Any

import yaml

from .cells import ooxml_escape, quote, starts_formula
from .errors import OutputError
from .files import write_output
from .i18n import say
from .model import TABLES, AccountMap, Power
from .model.enums import PowerSource, written

__all__ = ["account_document", "account_yaml", "account_tables", "account_network", "write_account", "write_excel",
           "output_form"]

_LIST_FIELDS = {"roles", "competitors"}


def _said(value: Any, lang: str) -> Any:
    """A dumped value as a YAML or JSON document holds it: enumerated values in ``lang``,
    power sources named in it, dates as ISO text, tuples as lists."""
    if isinstance(value, StrEnum):
        return written(value, lang)
    if isinstance(value, dict):
        if lang == "zh" and value and all(key in Power.model_fields for key in value):
            return {written(PowerSource(key), lang): level for key, level in value.items()}
        return {key: _said(item, lang) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [_said(item, lang) for item in value]
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def account_document(account: AccountMap, lang: str = "en") -> dict[str, Any]:
    """The account as the nested document of a YAML or JSON file, its values in ``lang``."""
    document: dict[str, Any] = {}
    for name in TABLES:
        records = [_said(record.model_dump(mode="python", exclude_defaults=True), lang) for record in account.table(name)]
        if name == "account":
            document[name] = records[0]
        elif records:
            document[name] = records
    return document


def _columns(table: str) -> list[str]:
    columns = [name for name in TABLES[table].model_fields if name != "power"]
    if table == "stakeholders":
        at = columns.index("stance") + 1
        columns[at:at] = [f"power.{name}" for name in Power.model_fields]
    return columns


def _cell(record: dict, column: str) -> Any:
    head, _, rest = column.partition(".")
    value = record.get(head)
    if rest:
        value = (value or {}).get(rest)
    if column in _LIST_FIELDS:
        return "; ".join(value) if value else None
    return value


def account_tables(account: AccountMap, lang: str = "en") -> dict[str, tuple[list[str], list[list[Any]]]]:
    """The account as tables: for each, its columns and rows (``None`` for an empty cell),
    enumerated values in ``lang`` (the columns keep their names)."""
    tables = {}
    for name in TABLES:
        columns = _columns(name)
        rows = []
        for record in account.table(name):
            data = record.model_dump(mode="python", exclude_defaults=True)
            data = {key: [written(item, lang) for item in value] if key == "roles" else value for key, value in data.items()}
            rows.append([_plain(_cell(data, column), lang) for column in columns])
        tables[name] = (columns, rows)
    return tables


def _plain(value: Any, lang: str = "en") -> Any:
    if isinstance(value, StrEnum):
        return written(value, lang)
    return value


class _Dumper(getattr(yaml, "CSafeDumper", yaml.SafeDumper)):  # type: ignore[misc]
    """YAML in the hand-written style: short lists of words inline, records as blocks."""


def _represent_list(dumper, data):
    flow = all(isinstance(item, (str, int, float)) for item in data)
    return dumper.represent_sequence("tag:yaml.org,2002:seq", data, flow_style=flow)


def _represent_dict(dumper, data):
    flow = bool(data) and all(isinstance(value, int) for value in data.values())  # power levels
    return dumper.represent_mapping("tag:yaml.org,2002:map", data.items(), flow_style=flow)


_Dumper.add_representer(list, _represent_list)
_Dumper.add_representer(dict, _represent_dict)


def account_yaml(account: AccountMap, lang: str = "en") -> str:
    """The account as YAML text in the hand-written style."""
    return yaml.dump(account_document(account, lang), Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=100)


def _write_yaml(account: AccountMap, path: Path, lang: str = "en") -> None:
    path.write_text(account_yaml(account, lang), encoding="utf-8")


def _write_json(account: AccountMap, path: Path, lang: str = "en") -> None:
    path.write_text(json.dumps(account_document(account, lang), ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


def _write_csv_folder(account: AccountMap, folder: Path, lang: str = "en") -> None:
    """One ``<table>.csv`` per table. Text a spreadsheet would run as a formula gets a leading
    ``'`` (:func:`powermap.cells.quote`; the CSV loader removes it again). Every row goes
    through the csv writer with CRLF line ends, so a field holding a CR or LF is quoted."""
    for name, (columns, rows) in account_tables(account, lang).items():
        with open(folder / f"{name}.csv", "w", encoding="utf-8-sig", newline="") as handle:
            writer = csv.writer(handle, quoting=csv.QUOTE_MINIMAL, lineterminator="\r\n")
            writer.writerow(columns)
            for row in rows:
                writer.writerow(["" if value is None else _text(quote(value)) for value in row])


def _text(value: Any) -> str:
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def write_excel(tables: dict[str, tuple[list[str], list[list[Any]]]]):
    """An openpyxl workbook of ``tables`` (:func:`account_tables`): one sheet per table, bold
    frozen headers, columns as wide as their text (up to 60), every cell written by
    :func:`_put`."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    book.remove(book.active)
    for name, (columns, rows) in tables.items():
        sheet = book.create_sheet(name)
        for index, column in enumerate(columns, start=1):
            _put(sheet, 1, index, column).font = Font(bold=True)
        for number, row in enumerate(rows, start=2):
            for index, value in enumerate(row, start=1):
                if value is not None:
                    _put(sheet, number, index, value)
        for index, column in enumerate(columns, start=1):
            width = max([len(column)] + [len(_text(row[index - 1])) for row in rows if row[index - 1] is not None])
            sheet.column_dimensions[sheet.cell(1, index).column_letter].width = min(60, width + 2)
        sheet.freeze_panes = "A2"
    return book


def _write_excel(account: AccountMap, path: Path, lang: str = "en") -> None:
    write_excel(account_tables(account, lang)).save(path)


def _put(sheet, row: int, column: int, value: Any):
    """Write one cell; text always as a text cell, never a formula or an error value.

    openpyxl turns a string starting with ``=`` into a formula and ``#N/A`` (or another error
    code) into an error cell; a text cell keeps the characters. A carriage return, which XML
    would turn into a line feed, is written as Excel writes it (``_x000D_``), and text a
    spreadsheet would read as a formula when edited gets the quote prefix (what Excel sets
    when one types ``'=...``), so it stays text in Excel and LibreOffice.
    """
    cell = sheet.cell(row=row, column=column)
    if isinstance(value, str):
        cell.value = ooxml_escape(value)
        cell.data_type = "s"
        if starts_formula(value):
            cell.quotePrefix = True
    else:
        cell.value = value
        if isinstance(value, dt.date):
            cell.number_format = "yyyy-mm-dd"
    return cell


def account_network(account: AccountMap):
    """The account as a networkx MultiDiGraph for graph tools (Gephi, Cytoscape, yEd).

    Nodes are the stakeholders (``kind`` stakeholder: name as ``label``, title, department and
    its id, faction, roles joined with "; ", stance and its score -2..2, each power source 0..3
    and their total, circle, status, close_to_competitor) and our team (``kind`` team: label,
    role). Edges carry ``tie`` (GEXF keeps ``type`` for itself): ``reports_to`` (person to boss),
    each relation type (source to target, its ``weight``, ``network`` and ``mutual`` true for
    ally, rival, friend, kin and alumni) and ``contact`` (team member to stakeholder, ``strength``, its ``level`` 0..5 and
    ``last_contact``). Values are the file's (English enumerated values); absent values are
    left out, as GraphML and GEXF have no empty value; notes (personal data) are not exported.
    """
    import networkx as nx

    graph = nx.MultiDiGraph()
    departments = account.departments_by_id
    factions = account.factions_by_id

    def add(node: str, **values) -> None:
        graph.add_node(node, **{key: value for key, value in values.items() if value is not None})

    for person in account.stakeholders:
        department = departments.get(person.department) if person.department else None
        faction = factions.get(person.faction) if person.faction else None
        add(person.id, kind="stakeholder", label=person.name, title=person.title,
            department=department.name if department else None, department_id=person.department,
            faction=faction.name if faction else None, roles="; ".join(role.value for role in person.roles) or None,
            stance=person.stance.value, stance_score=person.stance.score, circle=person.circle and person.circle.value,
            status=person.status.value, close_to_competitor=person.close_to_competitor,
            power_total=person.power.total,
            **{f"power_{source.value}": level for source, level in person.power.items()})
    for member in account.team:
        add(member.id, kind="team", label=member.name, role=member.role)
    for person in account.stakeholders:
        if person.reports_to:
            graph.add_edge(person.id, person.reports_to, tie="reports_to", weight=1.0)
    for relation in account.relations:
        values = {"tie": relation.type.value, "weight": relation.weight, "mutual": not relation.directed}
        if relation.network:
            values["network"] = relation.network.value
        graph.add_edge(relation.source, relation.target, **values)
    for contact in account.contacts:
        values = {"tie": "contact", "strength": contact.strength.value, "level": contact.strength.level}
        if contact.last_contact:
            values["last_contact"] = contact.last_contact.isoformat()
        graph.add_edge(contact.member, contact.stakeholder, **values)
    return graph


def _write_graphml(account: AccountMap, path: Path, lang: str = "en") -> None:
    import networkx as nx

    nx.write_graphml(account_network(account), path, encoding="utf-8")


def _write_gexf(account: AccountMap, path: Path, lang: str = "en") -> None:
    import networkx as nx

    nx.write_gexf(account_network(account), path, encoding="utf-8")


_WRITERS = {"yaml": _write_yaml, "json": _write_json, "csv": _write_csv_folder, "excel": _write_excel,
            "graphml": _write_graphml, "gexf": _write_gexf}


def output_form(target: str | Path) -> str:
    """Which form a target path asks for, by its ending; no ending means a CSV folder."""
    ending = Path(target).suffix.lower()
    forms = {".yaml": "yaml", ".yml": "yaml", ".json": "json", ".xlsx": "excel", "": "csv",
             ".graphml": "graphml", ".gexf": "gexf"}
    if ending not in forms:
        raise OutputError(say("{target}: cannot tell the form; use .yaml, .json, .xlsx, .graphml, .gexf, "
                              "or a folder name without an ending", target=str(target)))
    return forms[ending]


def write_account(
    account: AccountMap, target: str | Path, *, overwrite: bool = False, inputs: tuple = (), lang: str = "en"
) -> str:
    """Write the account to ``target`` in the form its name asks for, enumerated values in
    ``lang``; returns the form."""
    form = output_form(target)
    write_output(
        target,
        lambda temporary: _WRITERS[form](account, temporary, lang),
        overwrite=overwrite,
        inputs=inputs,
        folder=form == "csv",
    )
    return form
