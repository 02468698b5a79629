"""Importing people from a CRM export (Salesforce, HubSpot) into an account.

``powermap import`` reads the exports an account team already has and writes, or updates, the
account file the team then completes (stance, power, relations ...). docs/import.md is the
user's reference; the role table there is :data:`ROLE_TABLE`.

Design choices, and why
-----------------------
- **Nothing silently dropped.** Every column of an export is either read into a field or named
  in a note (:attr:`Imported.notes`): contact details (e-mail, phone, address) are never
  written, since the account file keeps none; other columns no field holds are listed so
  that ``--map`` can name one. A role the table does not know and a manager who is not in the
  export are notes too, each at its file and row.
- **A re-import never loses what the team wrote.** People, departments and team members are
  matched by exact name, or by the id an import made from that name; the CRM updates a
  matched person's title, department and manager when it gives one, and adds the roles it
  gives (roles are never removed: the team's own, like ``information_source``, are in no
  CRM). Stance, power, notes, factions, circle, status, relations and contacts are the team's
  and are kept as they are. Every change is said (:attr:`Imported.changes`).
- **Ids made from names**, as ``powermap init`` makes an account id
  (:func:`powermap.starter.account_id`: pinyin for Chinese, ``陈建国`` -> ``chenjianguo``),
  made unique with ``-2``, ``-3``. CRM record ids are unreadable and are used only to join
  the files of one import (a manager's id, a contact role's contact).
- **The library never prints**: problems are :class:`~powermap.errors.AccountError` with
  located issues; notes and changes are returned to the caller.
"""

from __future__ import annotations

import csv
import hashlib
import io
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .errors import AccountError, Issue, Location, OutputError
from .i18n import say

__all__ = ["SOURCES", "ROLE_TABLE", "FIELDS", "Imported", "read_export", "read_mapping", "recognise", "import_crm",
           "existing_account"]

SOURCES = ("salesforce", "hubspot")

# The CRM's role values and the buying roles they stand for (docs/import.md gives the reason
# for each line). Keys are compared without case or surrounding spaces.
ROLE_TABLE: dict[str, tuple[str, ...]] = {
    # Salesforce: OpportunityContactRole.Role
    "Business User": ("user",),
    "Decision Maker": ("decision_maker",),
    "Economic Buyer": ("funder",),
    "Economic Decision Maker": ("decision_maker", "funder"),
    "Evaluator": ("evaluator",),
    "Executive Sponsor": ("champion",),
    "Influencer": ("influencer",),
    "Technical Buyer": ("evaluator", "spec_setter"),
    "Other": (),
    # HubSpot: Buying Role (Decision Maker, Executive Sponsor, Influencer, Other as above)
    "Blocker": ("saboteur",),
    "Budget Holder": ("funder",),
    "Champion": ("champion",),
    "End User": ("user",),
    "Legal & Compliance": ("gatekeeper",),
}

# The fields a column can be read into (the names --map uses).
FIELDS = {
    "id": "the person's record id in the CRM (joins managers and contact roles)",
    "name": "the full name",
    "first_name": "the first (given) name",
    "last_name": "the last (family) name",
    "title": "the job title",
    "department": "the department, by name",
    "reports_to": "the record id of the person's manager",
    "roles": "buying roles, as the CRM names them (';'-separated)",
    "owner": "our team member who owns the contact, by name",
    "company": "the customer's name (the account)",
    "company_id": "the customer's record id (to check that all contacts are of one account)",
    "contact_id": "in a contact-role export, the contact's record id",
    "role": "in a contact-role export, the role",
}

_COLUMNS = {
    "salesforce": {
        "Id": "id", "Name": "name", "FirstName": "first_name", "LastName": "last_name", "Title": "title",
        "Department": "department", "ReportsToId": "reports_to", "Account.Name": "company", "AccountId": "company_id",
        "Owner.Name": "owner", "ContactId": "contact_id", "Role": "role",
    },
    "hubspot": {
        "Record ID": "id", "First Name": "first_name", "Last Name": "last_name", "Job Title": "title",
        "Company Name": "company", "Contact owner": "owner", "Buying Role": "roles", "Department": "department",
    },
}

_CONTACT_DETAILS = re.compile(
    r"e-?mail|phone|mobile|fax|address|street|city|postal|zip|country|state|mailing|wechat|whatsapp|skype|"
    r"linkedin|twitter|微信|电话|手机|邮箱|地址", re.I)

_EXPECTED = ("expected Salesforce columns (Id, LastName or Name, Title, Department, ReportsToId ...), "
             "Salesforce contact roles (ContactId, Role) or HubSpot columns (Record ID, First Name, Last Name, "
             "Job Title ...)")


# -- reading an export -----------------------------------------------------------------------

@dataclass
class Export:
    """One export file: its columns, its rows (cells by column) and what it is."""

    path: str
    columns: list[str]
    rows: list[tuple[int, dict[str, str]]]  # (row number as a spreadsheet shows it, cells)
    sheet: str | None = None
    kind: str = ""  # "contacts" or "roles"
    source: str = ""  # "salesforce", "hubspot" or "mapped"
    fields: dict[str, str] = field(default_factory=dict)  # column -> field

    def where(self, row: int | None = None) -> Location:
        return Location(self.path, row=row, sheet=self.sheet)


def read_export(path: str | Path) -> Export:
    """The rows of a CSV file (UTF-8 or GB18030) or of an Excel workbook's first sheet."""
    shown = str(path)
    location = Path(path)
    if not location.exists():
        raise AccountError.single(Location(shown), "no such file")
    ending = location.suffix.lower()
    if ending == ".csv":
        (columns, rows), sheet = _read_csv(location, shown), None
    elif ending in (".xlsx", ".xlsm"):
        columns, rows, sheet = _read_xlsx(location, shown)
    else:
        raise AccountError.single(Location(shown), "expected a CSV file (.csv) or an Excel workbook (.xlsx) exported from the CRM")
    named = []
    for index, column in enumerate(columns):
        named.append(column.strip() if column and column.strip() else f"column {index + 1}")
    table = []
    for number, cells in rows:
        values = {}
        for column, value in zip(named, cells):
            text = _text(value)
            if text:
                values[column] = text
        if values:
            table.append((number, values))
    return Export(shown, named, table, sheet)


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return unicodedata.normalize("NFC", str(value)).strip()


def _read_csv(path: Path, shown: str):
    from .loaders.limits import read_bounded

    data = read_bounded(path, shown)
    if not data.strip():
        raise AccountError.single(Location(shown), "the file is empty; expected a CSV export with a header row")
    if b"\x00" in data[:65536]:
        raise AccountError.single(Location(shown), "not a text file (it holds binary data); expected a CSV export")
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise AccountError.single(Location(shown), "not CSV text (UTF-8 or GB18030); save the export as UTF-8")
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = next(reader, [])
        rows = [(number, cells) for number, cells in enumerate(reader, start=2)]
    except csv.Error as error:
        raise AccountError.single(Location(shown, line=reader.line_num or None), f"cannot read the CSV: {error}") from None
    return header, rows


def _read_xlsx(path: Path, shown: str):
    import zipfile

    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    from .loaders.excel import _check_parts  # the workbook's zip and XML held to the loader's bounds
    from .loaders.limits import read_bounded

    where = Location(shown)
    data = read_bounded(path, shown)
    if not data:
        raise AccountError.single(where, "the file is empty; expected an Excel workbook")
    try:
        _check_parts(io.BytesIO(data), where)
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, InvalidFileException, KeyError, OSError, ValueError, SyntaxError, NotImplementedError) as error:
        detail = " ".join(str(error).split()) or type(error).__name__
        raise AccountError.single(where, f"not a readable Excel workbook (.xlsx): {detail}") from None
    try:
        sheet = book.worksheets[0]
        sheet.reset_dimensions()
        rows = sheet.iter_rows(values_only=True)
        header = [_text(value) for value in next(rows, ())]
        body = [(number, list(cells)) for number, cells in enumerate(rows, start=2)]
        title = sheet.title
    except (ValueError, SyntaxError) as error:
        raise AccountError.single(where, f"not a readable Excel workbook (.xlsx): {' '.join(str(error).split())}") from None
    finally:
        book.close()
    return header, body, title


# -- the custom mapping (--map) --------------------------------------------------------------

@dataclass(frozen=True)
class Mapping:
    roles: dict[str, tuple[str, ...]]  # CRM value (folded) -> buying roles
    columns: dict[str, str]  # CRM column -> field


def read_mapping(path: str | Path | None) -> Mapping:
    """The role table and column names of ``--map FILE`` (YAML), over the built-in ones."""
    roles = {_fold(key): value for key, value in ROLE_TABLE.items()}
    if path is None:
        return Mapping(roles, {})
    import yaml

    from .loaders.limits import read_bounded
    from .model import Role
    from .model.enums import ChoiceError, parse_choice

    shown = str(path)
    if not Path(path).exists():
        raise AccountError.single(Location(shown), "no such file")
    try:
        document = yaml.safe_load(read_bounded(Path(path), shown).decode("utf-8-sig")) or {}
    except (yaml.YAMLError, UnicodeDecodeError) as error:
        raise AccountError.single(Location(shown), f"not a readable YAML file: {' '.join(str(error).split())}") from None
    issues = []
    where = Location(shown)
    if not isinstance(document, dict) or set(document) - {"roles", "columns"}:
        raise AccountError.single(where, "expected a mapping with 'roles: {CRM value: [buying roles]}' and/or "
                                         "'columns: {CRM column: field}'")
    columns = {}
    for key, value in (document.get("columns") or {}).items():
        if value not in FIELDS:
            issues.append(Issue(where, f"columns[{key}]", f"unknown field {value!r}; expected one of {', '.join(FIELDS)}"))
        else:
            columns[str(key).strip()] = value
    for key, value in (document.get("roles") or {}).items():
        values = [] if value is None else value if isinstance(value, list) else re.split(r"[;,]", str(value))
        mapped = []
        for item in values:
            if not str(item).strip():
                continue
            try:
                mapped.append(str(parse_choice(Role, item)))
            except ChoiceError as error:
                issues.append(Issue(where, f"roles[{key}]", str(error)))
        roles[_fold(str(key))] = tuple(mapped)
    if issues:
        raise AccountError(issues)
    return Mapping(roles, columns)


def _fold(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).split()).casefold()


# -- recognising an export -------------------------------------------------------------------

def recognise(export: Export, source: str | None, mapping: Mapping) -> None:
    """Set the export's kind, source and column fields, or raise the located error."""
    columns = set(export.columns)
    if source is None:
        if "Id" in columns and ("LastName" in columns or "Name" in columns) or {"ContactId", "Role"} <= columns:
            source = "salesforce"
        elif "Record ID" in columns and ("First Name" in columns or "Last Name" in columns):
            source = "hubspot"
    known = dict(_COLUMNS[source]) if source else {}
    known.update(mapping.columns)
    fields = {column: known[column] for column in export.columns if column in known}
    held = set(fields.values())
    if {"contact_id", "role"} <= held:
        kind = "roles"
    elif "id" in held and held & {"name", "first_name", "last_name"}:
        kind = "contacts"
    else:
        shown = ", ".join(export.columns[:12]) + (" ..." if len(export.columns) > 12 else "")
        if source is None:
            message = f"cannot tell the CRM: {_EXPECTED}; its columns are {shown}"
        elif source == "salesforce":
            message = (f"not a Salesforce export: expected Contact columns (Id, LastName or Name ...) or contact "
                       f"roles (ContactId, Role); its columns are {shown}")
        else:
            message = f"not a HubSpot contacts export: expected Record ID, First Name, Last Name ...; its columns are {shown}"
        raise AccountError.single(export.where(), message + " (--map FILE can name other columns)")
    export.kind, export.source, export.fields = kind, source or "mapped", fields


def _not_imported(export: Export) -> list[str]:
    """The notes naming the columns of ``export`` that nothing reads."""
    used = set(export.fields)
    if export.kind == "roles":
        used = {column for column, name in export.fields.items() if name in ("contact_id", "role")}
    details = [column for column in export.columns if column not in used and _CONTACT_DETAILS.search(column)]
    other = [column for column in export.columns if column not in used and column not in details]
    notes = []
    if details:
        notes.append(f"{export.path}: not imported: {', '.join(details)} (the account file keeps no contact details)")
    if other:
        them = "it" if len(other) == 1 else "them"
        notes.append(f"{export.path}: not imported: {', '.join(other)} (no field of the account file holds {them}; "
                     "--map can name a field)")
    return notes


# -- the people of the exports ---------------------------------------------------------------

_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")


@dataclass
class _Person:
    crm_id: str
    name: str
    where: Location
    title: str | None = None
    department: str | None = None
    reports_to: str | None = None
    roles: list[str] = field(default_factory=list)
    owner: str | None = None
    manager_column: str = "reports_to"


def _crm_key(value: str) -> str:
    """A record id to join on: Salesforce's 18-character ids end in a 3-character checksum of
    the 15-character id, and exports mix the two."""
    return value[:15] if len(value) == 18 and value.isalnum() else value


def _name(cells: dict[str, str]) -> str:
    if cells.get("name"):
        return cells["name"]
    first, last = cells.get("first_name", ""), cells.get("last_name", "")
    if _HAN.search(first + last):
        return f"{last}{first}"  # 陈 + 建国: the family name first, no space
    return " ".join(part for part in (first, last) if part)


def _roles(value: str, mapping: Mapping, export: Export, row: int, column: str, notes: list[str]) -> list[str]:
    from .model import Role
    from .model.enums import ChoiceError, parse_choice

    roles: list[str] = []
    for item in re.split(r"[;,]", value):
        item = item.strip()
        if not item:
            continue
        mapped = mapping.roles.get(_fold(item))
        if mapped is None:
            try:
                mapped = (str(parse_choice(Role, item)),)  # a buying role's own name, in English or Chinese
            except ChoiceError:
                notes.append(f"{export.where(row)}: {column}: role {item!r} is not in the role table; not imported "
                             "(give it a buying role with --map, see docs/import.md)")
                continue
        roles.extend(role for role in mapped if role not in roles)
    return roles


def _people(exports: Sequence[Export], mapping: Mapping, notes: list[str]) -> tuple[list[_Person], list[str]]:
    """The people of the contact exports, with the roles of the contact-role exports; and the
    company names they give."""
    people: dict[str, _Person] = {}
    companies: list[tuple[str, Location, str]] = []
    for export in exports:
        if export.kind != "contacts":
            continue
        columns = {name: column for column, name in export.fields.items()}
        for row, raw in export.rows:
            cells = {export.fields[column]: value for column, value in raw.items() if column in export.fields}
            name = _name(cells)
            crm_id = cells.get("id")
            if not name:
                notes.append(f"{export.where(row)}: no name ({', '.join(_name_columns(columns))} empty); "
                             "this contact is not imported")
                continue
            if not crm_id:
                crm_id = f"row:{export.path}:{row}"
            person = _Person(crm_id, name, export.where(row), cells.get("title"), cells.get("department"),
                             cells.get("reports_to"), owner=cells.get("owner"),
                             manager_column=columns.get("reports_to", "reports_to"))
            if cells.get("roles"):
                person.roles = _roles(cells["roles"], mapping, export, row, columns["roles"], notes)
            key = _crm_key(crm_id)
            if key in people:
                raise AccountError.single(export.where(row), f"{columns.get('id', 'id')}: the record id {crm_id!r} "
                                          f"is also at {people[key].where.relative_to(export.where(row))}; "
                                          "each contact once")
            people[key] = person
            for kind in ("company", "company_id"):
                if cells.get(kind):
                    companies.append((kind, export.where(row), cells[kind]))
    for export in exports:
        if export.kind != "roles":
            continue
        if not people:
            raise AccountError.single(export.where(), "contact roles, but no contacts: give the Contact export too "
                                                      "(powermap import contacts.csv roles.csv -o ACCOUNT)")
        columns = {name: column for column, name in export.fields.items()}
        for row, raw in export.rows:
            cells = {export.fields[column]: value for column, value in raw.items() if column in export.fields}
            contact = cells.get("contact_id")
            person = people.get(_crm_key(contact)) if contact else None
            if person is None:
                notes.append(f"{export.where(row)}: {columns['contact_id']}: {contact or '(empty)'} is not a contact of "
                             "the exports; its role is not imported")
                continue
            for role in _roles(cells.get("role", ""), mapping, export, row, columns["role"], notes):
                if role not in person.roles:
                    person.roles.append(role)
    _one_company(companies)
    names = [value for kind, _, value in companies if kind == "company"]
    return list(people.values()), names


def _name_columns(columns: dict[str, str]) -> list[str]:
    return [columns[name] for name in ("name", "first_name", "last_name") if name in columns]


def _one_company(companies: list[tuple[str, Location, str]]) -> None:
    """An account is one customer: contacts of two companies in one import are an error."""
    for kind in ("company", "company_id"):
        seen: dict[str, Location] = {}
        for holds, where, value in companies:
            if holds == kind and _fold(value) not in seen:
                seen[_fold(value)] = where
                if len(seen) > 1:
                    first = [v for h, _, v in companies if h == kind]
                    shown = ", ".join(dict.fromkeys(first))
                    raise AccountError.single(where, f"contacts of more than one company ({shown}); an account is one "
                                                     "customer: export the contacts of one company at a time")
        if seen:
            return


# -- building or updating the account --------------------------------------------------------

@dataclass
class Imported:
    """What an import made: the account, what was added and changed, and the notes."""

    account: Any  # AccountMap
    updated: bool  # an existing account was updated
    added: dict[str, list[str]]  # table -> ids added
    changes: list[str]  # one line per change of an existing record
    notes: list[str]  # columns, roles and references not imported, one line each


def _slug(name: str) -> str:
    from .starter import account_id

    slug = account_id(name)
    if re.fullmatch(r"account-[0-9a-f]{8}", slug) and not name.lower().startswith("account"):
        slug = "person-" + hashlib.sha1(name.encode("utf-8")).hexdigest()[:8]
    return slug


def _unique(base: str, taken: set[str]) -> str:
    candidate, number = base, 1
    while candidate in taken:
        number += 1
        candidate = f"{base}-{number}"
    taken.add(candidate)
    return candidate


def _match(name: str, records: list[dict], claimed: set[str]) -> dict | None:
    """The record of this name (or of the id an import makes from it) not yet matched."""
    for record in records:
        if record["id"] not in claimed and unicodedata.normalize("NFC", record["name"]) == name:
            return record
    slug = _slug(name)
    for record in records:
        if record["id"] not in claimed and record["id"] == slug:
            return record
    return None


def import_crm(
    files: Iterable[str | Path],
    existing: Any = None,
    *,
    source: str | None = None,
    mapping: str | Path | None = None,
    name: str | None = None,
) -> Imported:
    """The account the CRM exports ``files`` describe, or ``existing`` (an AccountMap) updated
    with them. ``source`` is "salesforce" or "hubspot" (recognised from the columns when
    None); ``mapping`` a ``--map`` YAML file; ``name`` the account's name when the exports
    give none (the output's name)."""
    from pydantic import ValidationError

    from .model import AccountMap, Stakeholder
    from .starter import account_id

    table = read_mapping(mapping)
    exports = [read_export(path) for path in files]
    for export in exports:
        recognise(export, source, table)
    if not any(export.kind == "contacts" for export in exports):
        raise AccountError.single(exports[0].where(), "contact roles, but no contacts: give the Contact export too "
                                                      "(powermap import contacts.csv roles.csv -o ACCOUNT)")
    notes: list[str] = []
    for export in exports:
        notes.extend(_not_imported(export))
    people, companies = _people(exports, table, notes)

    if existing is not None:
        doc = {key: [dict(record) for record in value] if isinstance(value, (list, tuple)) else value
               for key, value in existing.model_dump(mode="python", exclude_defaults=True).items()}
    else:
        title = companies[0] if companies else (name or "account")
        doc = {"account": {"id": account_id(title), "name": title}}
    for key in ("team", "departments", "stakeholders", "contacts"):
        doc.setdefault(key, [])
    added: dict[str, list[str]] = {"stakeholders": [], "departments": [], "team": [], "contacts": []}
    changes: list[str] = []
    taken = {record["id"] for record in doc["stakeholders"]} | {record["id"] for record in doc["team"]}
    department_ids = {record["id"] for record in doc["departments"]}

    departments: dict[str, str] = {}  # CRM department text -> id
    claimed: set[str] = set()
    for person in people:
        text = person.department
        if text and text not in departments:
            record = _match(text, doc["departments"], claimed)
            if record is None:
                record = {"id": _unique(_slug(text), department_ids), "name": text}
                doc["departments"].append(record)
                added["departments"].append(record["id"])
            claimed.add(record["id"])
            departments[text] = record["id"]

    members: dict[str, str] = {}  # owner name -> team id
    claimed = set()
    for person in people:
        owner = person.owner
        if owner and owner not in members:
            record = _match(owner, doc["team"], claimed)
            if record is None:
                record = {"id": _unique(_slug(owner), taken), "name": owner, "role": "contact owner in the CRM"}
                doc["team"].append(record)
                added["team"].append(record["id"])
            claimed.add(record["id"])
            members[owner] = record["id"]

    ids: dict[str, str] = {}  # CRM key -> stakeholder id
    records: dict[str, dict] = {}
    claimed = set()
    fresh: set[str] = set()
    for person in people:
        record = _match(person.name, doc["stakeholders"], claimed)
        if record is None:
            record = {"id": _unique(_slug(person.name), taken), "name": person.name}
            doc["stakeholders"].append(record)
            added["stakeholders"].append(record["id"])
            fresh.add(record["id"])
        claimed.add(record["id"])
        ids[_crm_key(person.crm_id)] = record["id"]
        records[record["id"]] = record

    bosses = {record["id"]: record.get("reports_to") for record in doc["stakeholders"]}
    for person in people:
        record = records[ids[_crm_key(person.crm_id)]]
        sid = record["id"]
        said = [] if sid in fresh else changes
        _update(record, "title", person.title, said)
        if person.department:
            _update(record, "department", departments[person.department], said)
        if person.reports_to:
            boss = ids.get(_crm_key(person.reports_to))
            if boss is None:
                notes.append(f"{person.where}: {person.manager_column}: the manager {person.reports_to!r} is not a contact of the "
                             f"exports; {sid}'s reports_to is {'left as it was' if sid not in fresh else 'left empty'}")
            elif boss == sid:
                notes.append(f"{person.where}: {person.manager_column}: {sid} is given as their own manager; not imported")
            elif _reaches(bosses, boss, sid):
                notes.append(f"{person.where}: {person.manager_column}: {sid} reports to {boss} in the CRM, but {boss}'s "
                             f"line in the account leads up to {sid} (a cycle); not imported")
            else:
                _update(record, "reports_to", boss, said)
                bosses[sid] = boss
        new_roles = [role for role in person.roles if role not in [str(r) for r in record.get("roles", ())]]
        if new_roles:
            record["roles"] = [str(r) for r in record.get("roles", ())] + new_roles
            if sid not in fresh:
                changes.append(f"{sid}: roles + {', '.join(new_roles)}")
        if person.owner:
            member = members[person.owner]
            if not any(c["member"] == member and c["stakeholder"] == sid for c in doc["contacts"]):
                doc["contacts"].append({"member": member, "stakeholder": sid})
                added["contacts"].append(f"{member}-{sid}")
        try:
            Stakeholder.model_validate(record)
        except ValidationError as error:
            problem = error.errors()[0]
            place = ".".join(str(part) for part in problem["loc"])
            raise AccountError.single(person.where, f"{place}: {problem['msg']}") from None
    doc = {key: value for key, value in doc.items() if value}
    try:
        account = AccountMap.model_validate(doc)
    except ValidationError as error:
        raise AccountError.single(exports[0].where(), f"the imported account does not hold together: {error.errors()[0]['msg']}") from None
    return Imported(account, existing is not None, added, changes, notes)


def _update(record: dict, key: str, value: str | None, changes: list[str]) -> None:
    """Set ``record[key]`` to the CRM's ``value`` when it gives one, saying the change."""
    if not value:
        return
    old = record.get(key)
    if old is not None and str(old) == value:
        return
    record[key] = value
    changes.append(f"{record['id']}: {key} {_quoted(old)} -> {_quoted(value)}")


def _quoted(value: Any) -> str:
    return "(none)" if value is None else repr(str(value))


def _reaches(bosses: dict[str, str | None], start: str, target: str) -> bool:
    """Whether the formal line up from ``start`` reaches ``target``."""
    seen = set()
    while start is not None and start not in seen:
        if start == target:
            return True
        seen.add(start)
        start = bosses.get(start)
    return False


def existing_account(target: str | Path, force: bool, inputs: Iterable[str | Path] = ()) -> Any:
    """The account at ``target`` to update, or None when there is none; an existing one is
    updated only with ``force`` (the file is rewritten: a YAML file's comments are not kept).
    A ``target`` that is one of the exports ``inputs`` is refused first."""
    from .files import touches_input
    from .loaders import load

    touched = touches_input(target, inputs)
    if touched:
        raise OutputError(say("{target}: {reason}", target=str(target), reason=touched))
    path = Path(target)
    if not path.exists():
        return None
    if not force:
        raise OutputError(say("{target}: already exists; give --force to update it from the CRM (the team's "
                              "stances, power, notes, relations, factions, circles and contacts are kept; a YAML "
                              "file's comments are not)", target=str(target)))
    return load(path)
