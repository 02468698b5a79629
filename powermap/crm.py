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
- **A re-import never loses what the team wrote.** People are matched by their CRM record id
  (kept in the optional field ``crm_id``), else, like departments and team members, by exact
  name or by the id an import made from that name; the CRM updates a matched person's title,
  department and manager when it gives one (and the name of a person found by record id),
  and adds the roles it gives, a primary contact role's first (roles are never removed: the
  team's own, like ``information_source``, are in no CRM). Stance, power, notes, factions, circle, status, relations and contacts are the team's
  and are kept as they are. Every change is said (:attr:`Imported.changes`).
- **Ids made from names**, as ``powermap init`` makes an account id
  (:func:`powermap.starter.account_id`: pinyin for Chinese, ``陈建国`` -> ``chenjianguo``),
  made unique with ``-2``, ``-3``: record ids are unreadable, so they join the files of one
  import (a manager's id, a contact role's contact) and recognise a renamed person, and are
  never a person's id.
- **Department kinds guessed, never overridden**: a department the import adds gets the kind
  its name says (:data:`DEPARTMENT_KINDS`); one already in the file keeps the team's.
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
from .i18n import N_, say, say_n

__all__ = ["SOURCES", "ROLE_TABLE", "FIELDS", "DEPARTMENT_KINDS", "Imported", "read_export", "read_mapping", "recognise",
           "department_kind", "import_crm", "existing_account"]

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
    "primary": "in a contact-role export, whether the role is the contact's primary one (true/false)",
}

_COLUMNS = {
    "salesforce": {
        "Id": "id", "Name": "name", "FirstName": "first_name", "LastName": "last_name", "Title": "title",
        "Department": "department", "ReportsToId": "reports_to", "Account.Name": "company", "AccountId": "company_id",
        "Owner.Name": "owner", "ContactId": "contact_id", "Role": "role",
        "IsPrimary": "primary",
    },
    "hubspot": {
        "Record ID": "id", "First Name": "first_name", "Last Name": "last_name", "Job Title": "title",
        "Company Name": "company", "Contact owner": "owner", "Buying Role": "roles", "Department": "department",
    },
}

_CONTACT_DETAILS = re.compile(
    r"e-?mail|phone|mobile|fax|address|street|city|postal|zip|country|state|mailing|wechat|whatsapp|skype|"
    r"linkedin|twitter|微信|电话|手机|邮箱|地址", re.I)

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
        raise AccountError.single(Location(shown), say("no such file"))
    ending = location.suffix.lower()
    if ending == ".csv":
        (columns, rows), sheet = _read_csv(location, shown), None
    elif ending in (".xlsx", ".xlsm"):
        columns, rows, sheet = _read_xlsx(location, shown)
    else:
        raise AccountError.single(Location(shown), say("expected a CSV file (.csv) or an Excel workbook (.xlsx) exported "
                                                       "from the CRM"))
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
        raise AccountError.single(Location(shown), say("the file is empty; expected a CSV export with a header row"))
    if b"\x00" in data[:65536]:
        raise AccountError.single(Location(shown), say("not a text file (it holds binary data); expected a CSV export"))
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise AccountError.single(Location(shown), say("not CSV text (UTF-8 or GB18030); save the export as UTF-8"))
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = next(reader, [])
        rows = [(number, cells) for number, cells in enumerate(reader, start=2)]
    except csv.Error as error:
        raise AccountError.single(Location(shown, line=reader.line_num or None), say("cannot read the CSV: {error}", error=str(error))) from None
    return header, rows


def _read_xlsx(path: Path, shown: str):
    from .loaders.excel import open_workbook  # the loader's bounds, checks and messages

    where = Location(shown)
    book, _ = open_workbook(path, shown, data_only=True)
    try:
        sheet = book.worksheets[0]
        sheet.reset_dimensions()
        rows = sheet.iter_rows(values_only=True)
        header = [_text(value) for value in next(rows, ())]
        body = [(number, list(cells)) for number, cells in enumerate(rows, start=2)]
        title = sheet.title
    except (ValueError, SyntaxError) as error:
        raise AccountError.single(where, say("not a readable Excel workbook (.xlsx): {detail}",
                                            detail=" ".join(str(error).split()))) from None
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
        raise AccountError.single(Location(shown), say("no such file"))
    try:
        document = yaml.safe_load(read_bounded(Path(path), shown).decode("utf-8-sig")) or {}
    except (yaml.YAMLError, UnicodeDecodeError) as error:
        raise AccountError.single(Location(shown), say("not a readable YAML file: {detail}",
                                                       detail=" ".join(str(error).split()))) from None
    issues = []
    where = Location(shown)
    if not isinstance(document, dict) or set(document) - {"roles", "columns"}:
        raise AccountError.single(where, say("expected a mapping with 'roles: {{CRM value: [buying roles]}}' and/or "
                                             "'columns: {{CRM column: field}}'"))
    columns = {}
    for key, value in (document.get("columns") or {}).items():
        if value not in FIELDS:
            issues.append(Issue(where, f"columns[{key}]", say("unknown field {value}; expected one of {fields}",
                                                                value=repr(value), fields=", ".join(FIELDS))))
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
                issues.append(Issue(where, f"roles[{key}]", error.args[0] if error.args else str(error)))
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
            message = say("cannot tell the CRM: expected Salesforce columns (Id, LastName or Name, Title, Department, "
                          "ReportsToId ...), Salesforce contact roles (ContactId, Role) or HubSpot columns (Record ID, "
                          "First Name, Last Name, Job Title ...); its columns are {columns} (--map FILE can name other "
                          "columns)", columns=shown)
        elif source == "salesforce":
            message = say("not a Salesforce export: expected Contact columns (Id, LastName or Name ...) or contact "
                          "roles (ContactId, Role); its columns are {columns} (--map FILE can name other columns)",
                          columns=shown)
        else:
            message = say("not a HubSpot contacts export: expected Record ID, First Name, Last Name ...; its columns "
                          "are {columns} (--map FILE can name other columns)", columns=shown)
        raise AccountError.single(export.where(), message)
    export.kind, export.source, export.fields = kind, source or "mapped", fields


def _not_imported(export: Export) -> list[Issue]:
    """The notes naming the columns of ``export`` that nothing reads."""
    used = set(export.fields)
    if export.kind == "roles":
        used = {column for column, name in export.fields.items() if name in ("contact_id", "role", "primary")}
    details = [column for column in export.columns if column not in used and _CONTACT_DETAILS.search(column)]
    other = [column for column in export.columns if column not in used and column not in details]
    notes = []
    if details:
        notes.append(Issue(export.where(), None, say("not imported: {columns} (the account file keeps no contact "
                                                     "details)", columns=tuple(details))))
    if other:
        notes.append(Issue(export.where(), None, say_n(
            "not imported: {columns} (no field of the account file holds it; --map can name a field)",
            "not imported: {columns} (no field of the account file holds them; --map can name a field)",
            count=len(other), columns=tuple(other))))
    return notes


# -- the people of the exports ---------------------------------------------------------------

_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")

# What a contact-role export's IsPrimary cell says (Salesforce writes true/false; a workbook 1/0).
_YES = frozenset({"true", "1", "yes", "y", "是", "真"})


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
    primary: list[str] = field(default_factory=list)  # the roles of the rows that are the contact's primary one
    kept_id: str | None = None  # the record id the CRM gave (none: the row had no id)


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


def _roles(value: str, mapping: Mapping, export: Export, row: int, column: str, notes: list[Issue]) -> list[str]:
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
                notes.append(Issue(export.where(row), column, say(
                    "role {role} is not in the role table; not imported (give it a buying role with --map, see "
                    "docs/import.md)", role=repr(item))))
                continue
        roles.extend(role for role in mapped if role not in roles)
    return roles


_NO_CONTACTS = N_("contact roles, but no contacts: give the Contact export too (powermap import contacts.csv "
                  "roles.csv -o ACCOUNT)")


def _people(exports: Sequence[Export], mapping: Mapping, notes: list[Issue]) -> tuple[list[_Person], list[str]]:
    """The people of the contact exports, with the roles of the contact-role exports (a
    contact's primary roles first); and the company names they give."""
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
                notes.append(Issue(export.where(row), None, say("no name ({columns} empty); this contact is not "
                                                                "imported", columns=tuple(_name_columns(columns)))))
                continue
            kept = crm_id or None
            if not crm_id:
                crm_id = f"row:{export.path}:{row}"
            person = _Person(crm_id, name, export.where(row), cells.get("title"), cells.get("department"),
                             cells.get("reports_to"), owner=cells.get("owner"),
                             manager_column=columns.get("reports_to", "reports_to"), kept_id=kept)
            if cells.get("roles"):
                person.roles = _roles(cells["roles"], mapping, export, row, columns["roles"], notes)
            key = _crm_key(crm_id)
            if key in people:
                raise AccountError.single(export.where(row), say(
                    "the record id {id} is also at {place}; each contact once", id=repr(crm_id),
                    place=people[key].where.relative_to(export.where(row))), columns.get("id", "id"))
            people[key] = person
            for kind in ("company", "company_id"):
                if cells.get(kind):
                    companies.append((kind, export.where(row), cells[kind]))
    for export in exports:
        if export.kind != "roles":
            continue
        if not people:
            raise AccountError.single(export.where(), say(_NO_CONTACTS))
        columns = {name: column for column, name in export.fields.items()}
        for row, raw in export.rows:
            cells = {export.fields[column]: value for column, value in raw.items() if column in export.fields}
            contact = cells.get("contact_id")
            person = people.get(_crm_key(contact)) if contact else None
            if person is None:
                notes.append(Issue(export.where(row), columns["contact_id"], say(
                    "{contact} is not a contact of the exports; its role is not imported",
                    contact=contact or say("(empty)"))))
                continue
            roles = _roles(cells.get("role", ""), mapping, export, row, columns["role"], notes)
            primary = _fold(cells.get("primary", "")) in _YES
            for role in roles:
                if primary and role not in person.primary:
                    person.primary.append(role)
                if role not in person.roles:
                    person.roles.append(role)
    for person in people.values():  # the primary contact role's buying roles come first
        person.roles = person.primary + [role for role in person.roles if role not in person.primary]
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
                    raise AccountError.single(where, say(
                        "contacts of more than one company ({companies}); an account is one customer: export the "
                        "contacts of one company at a time", companies=", ".join(dict.fromkeys(first))))
        if seen:
            return


# -- departments: the kind a name says --------------------------------------------------------

# Words in a CRM department's name and the department kind they say (docs/import.md has the
# table). Latin words match whole words without regard to case ("IT" in "IT Center", not in
# "Security"); Chinese words match anywhere in the name. A name that says two kinds
# ("Finance & Procurement") says none. `user` is never guessed: who uses what is bought
# depends on what is sold, not on the department's name.
DEPARTMENT_KINDS: dict[str, tuple[str, ...]] = {
    "leadership": ("general manager", "general management", "executive office", "executive board", "board",
                   "ceo", "president", "chairman", "总经理", "总裁", "董事", "总经办", "总办", "党委", "领导"),
    "procurement": ("procurement", "purchasing", "purchase", "sourcing", "采购", "招标", "招投标", "供应"),
    "technical": ("it", "information", "technology", "digital", "engineering", "r&d", "信息", "技术", "数字", "科技",
                  "研发", "工程", "网络"),
    "finance": ("finance", "financial", "accounting", "accounts", "treasury", "controlling", "财务", "计财", "会计",
                "资金", "预算", "审计"),
    "legal": ("legal", "compliance", "law", "法务", "法律", "合规"),
}


def department_kind(name: str) -> str:
    """The department kind ``name`` says (:data:`DEPARTMENT_KINDS`), or ``other``."""
    folded = unicodedata.normalize("NFKC", name).casefold()
    said = set()
    for kind, words in DEPARTMENT_KINDS.items():
        for word in words:
            if _HAN.search(word):
                found = word in folded
            else:
                found = re.search(rf"(?<![a-z0-9]){re.escape(word)}(?![a-z0-9])", folded) is not None
            if found:
                said.add(kind)
                break
    return said.pop() if len(said) == 1 else "other"


# -- building or updating the account --------------------------------------------------------

@dataclass
class Imported:
    """What an import made: the account, what was added and changed, and the notes."""

    account: Any  # AccountMap
    updated: bool  # an existing account was updated
    added: dict[str, list[str]]  # table -> ids added
    changes: list[Any]  # one message per change of an existing record
    notes: list[Issue]  # columns, roles and references not imported, one each
    ids_kept: int = 0  # people of the account file who were given their CRM record id


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


def _match(name: str, records: list[dict], claimed: set[str], crm_id: str | None = None) -> dict | None:
    """The record of this CRM record id, else of this name (or of the id an import makes from
    it), not yet matched. A record that holds another CRM record id is another person, whatever
    their name."""
    if crm_id is not None:
        key = _crm_key(crm_id)
        for record in records:
            if record["id"] not in claimed and record.get("crm_id") and _crm_key(str(record["crm_id"])) == key:
                return record
    free = [record for record in records if record["id"] not in claimed and not (crm_id and record.get("crm_id"))]
    for record in free:
        if unicodedata.normalize("NFC", record["name"]) == name:
            return record
    slug = _slug(name)
    for record in free:
        if record["id"] == slug:
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
        raise AccountError.single(exports[0].where(), say(_NO_CONTACTS))
    notes: list[Issue] = []
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
    changes: list[Any] = []
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
                kind = department_kind(text)
                if kind != "other":
                    record["kind"] = kind
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
    ids_kept = 0
    by_record_id: set[str] = set()
    # People with a record id the file already holds are matched first, so that a by_record_id
    # person's new name cannot be taken by a name match of someone else.
    held = {_crm_key(str(record["crm_id"])) for record in doc["stakeholders"] if record.get("crm_id")}
    order = sorted(people, key=lambda person: not (person.kept_id and _crm_key(person.kept_id) in held))
    for person in order:
        record = _match(person.name, doc["stakeholders"], claimed, person.kept_id)
        if record is not None and record.get("crm_id"):
            by_record_id.add(record["id"])  # found by their record id: the CRM's name is the current one
        if record is None:
            record = {"id": _unique(_slug(person.name), taken), "name": person.name}
            doc["stakeholders"].append(record)
            added["stakeholders"].append(record["id"])
            fresh.add(record["id"])
        elif person.kept_id and not record.get("crm_id"):
            ids_kept += 1
        claimed.add(record["id"])
        ids[_crm_key(person.crm_id)] = record["id"]
        records[record["id"]] = record

    bosses = {record["id"]: record.get("reports_to") for record in doc["stakeholders"]}
    for person in people:
        record = records[ids[_crm_key(person.crm_id)]]
        sid = record["id"]
        said = [] if sid in fresh else changes
        if sid in by_record_id:
            _update(record, "name", person.name, said)
        if person.kept_id:
            record["crm_id"] = person.kept_id
        _update(record, "title", person.title, said)
        if person.department:
            _update(record, "department", departments[person.department], said)
        if person.reports_to:
            boss = ids.get(_crm_key(person.reports_to))
            column = person.manager_column
            if boss is None:
                manager = repr(person.reports_to)
                notes.append(Issue(person.where, column, say(
                    "the manager {manager} is not a contact of the exports; {id}'s reports_to is left empty",
                    manager=manager, id=sid) if sid in fresh else say(
                    "the manager {manager} is not a contact of the exports; {id}'s reports_to is left as it was",
                    manager=manager, id=sid)))
            elif boss == sid:
                notes.append(Issue(person.where, column, say("{id} is given as their own manager; not imported", id=sid)))
            elif _reaches(bosses, boss, sid):
                notes.append(Issue(person.where, column, say(
                    "{id} reports to {boss} in the CRM, but {boss}'s line in the account leads up to {id} (a cycle); "
                    "not imported", id=sid, boss=boss)))
            else:
                _update(record, "reports_to", boss, said)
                bosses[sid] = boss
        new_roles = [role for role in person.roles if role not in [str(r) for r in record.get("roles", ())]]
        if new_roles:
            record["roles"] = [str(r) for r in record.get("roles", ())] + new_roles
            if sid not in fresh:
                changes.append(say("{id}: roles + {roles}", id=sid, roles=", ".join(new_roles)))
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
            raise AccountError.single(person.where, problem["msg"], place) from None
    doc = {key: value for key, value in doc.items() if value}
    try:
        account = AccountMap.model_validate(doc)
    except ValidationError as error:
        raise AccountError.single(exports[0].where(), say("the imported account does not hold together: {problem}",
                                                          problem=error.errors()[0]["msg"])) from None
    return Imported(account, existing is not None, added, changes, notes, ids_kept)


def _update(record: dict, key: str, value: str | None, changes: list) -> None:
    """Set ``record[key]`` to the CRM's ``value`` when it gives one, saying the change."""
    if not value:
        return
    old = record.get(key)
    if old is not None and str(old) == value:
        return
    record[key] = value
    changes.append(say("{id}: {field} {old} -> {new}", id=record["id"], field=key,
                       old=say("(none)") if old is None else repr(str(old)), new=repr(value)))


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
