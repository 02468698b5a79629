"""Odd values inside a well-formed account: numbers no field can take, characters no text may
hold, the same id in two Unicode forms, ids that only look alike.

Each bad value is written into a real file of every form that can hold it (YAML, JSON, a CSV
folder, an Excel workbook built here with openpyxl) and run through the command line as a
user would: one located line, exit status 1, never an internal error, nothing written.
"""

from __future__ import annotations

import csv
import json
import unicodedata
import zipfile
from pathlib import Path

import pytest

from powermap.errors import AccountError
from powermap.loaders import load

from conftest import EXAMPLES

HOLE = "@HOLE@"  # where the value under test goes; replaced in the written file's text

# A small account; HOLE marks a cell by (table, index, field) when a test fills it.
BASE = {
    "account": {"id": "demo", "name": "Demo", "competitors": "Globex"},
    "team": [{"id": "alice", "name": "Alice"}],
    "departments": [{"id": "it", "name": "IT"}],
    "stakeholders": [
        {"id": "wang", "name": "Wang", "department": "it", "power.position": 2, "stance": "neutral"},
        {"id": "li", "name": "Li", "department": "it", "reports_to": "wang"},
    ],
    "relations": [{"source": "li", "target": "wang", "type": "influences", "weight": 0.5}],
    "contacts": [{"member": "alice", "stakeholder": "li", "strength": 3, "last_contact": "2026-11-02"}],
}

# Where each form puts a record's field: (table, index) -> line of the record, row of the record.
LINES = {"account": 1, "team": 3, "departments": 5, "stakeholders": 7, "relations": 10, "contacts": 12}


def _nested(record: dict) -> dict:
    """power.position: 2 -> power: {position: 2}, as YAML and JSON write it."""
    out: dict = {}
    for key, value in record.items():
        base, dot, rest = key.partition(".")
        if dot:
            out.setdefault(base, {})[rest] = value
        else:
            out[key] = value
    return out


def _tables(changes: dict) -> dict:
    """BASE with ``{(table, index, field): value}`` applied (index None: the account)."""
    tables = json.loads(json.dumps(BASE))
    for (table, index, field), value in changes.items():
        record = tables[table] if index is None else tables[table][index]
        record[field] = value
    return tables


def write_yaml(path: Path, tables: dict, literal: str | None = None) -> Path:
    """One record a line, strings double-quoted with JSON escapes (valid YAML escapes too)."""
    lines = ["account: " + json.dumps(_nested(tables["account"]))]
    for table in ("team", "departments", "stakeholders", "relations", "contacts"):
        lines.append(f"{table}:")
        lines += ["  - " + json.dumps(_nested(record)) for record in tables[table]]
    text = "\n".join(lines) + "\n"
    path.write_text(text if literal is None else text.replace(json.dumps(HOLE), literal), encoding="utf-8")
    return path


def write_json(path: Path, tables: dict, literal: str | None = None) -> Path:
    """The same lines as :func:`write_yaml`: a table's name on one, each record on the next."""
    lines = ['{"account": ' + json.dumps(_nested(tables["account"])) + ","]
    for table in ("team", "departments", "stakeholders", "relations", "contacts"):
        lines.append(f' "{table}": [')
        lines += ["  " + json.dumps(_nested(record)) + "," for record in tables[table]]
        lines[-1] = lines[-1][:-1] + ("]}" if table == "contacts" else "],")
    text = "\n".join(lines) + "\n"
    path.write_text(text if literal is None else text.replace(json.dumps(HOLE), literal), encoding="utf-8")
    return path


def _columns(records: list[dict]) -> list[str]:
    columns: list[str] = []
    for record in records:
        columns += [key for key in record if key not in columns]
    return columns


def write_csv(folder: Path, tables: dict, literal: str | None = None) -> Path:
    folder.mkdir()
    for table, records in tables.items():
        records = [records] if table == "account" else records
        columns = _columns(records)
        with open(folder / f"{table}.csv", "w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(columns)
            for record in records:
                cells = [record.get(column, "") for column in columns]
                writer.writerow([literal if cell == HOLE and literal is not None else cell for cell in cells])
    return folder


def write_xlsx(path: Path, tables: dict, literal: str | None = None) -> Path:
    """A workbook written by openpyxl; ``literal`` goes into the XML of the HOLE cell as its
    number (Excel-like programs write numbers openpyxl would refuse to write)."""
    from openpyxl import Workbook

    book = Workbook()
    book.remove(book.active)
    for table, records in tables.items():
        records = [records] if table == "account" else records
        sheet = book.create_sheet(table)
        columns = _columns(records)
        sheet.append(columns)
        for record in records:
            sheet.append([record.get(column) for column in columns])
    if literal is not None:
        for sheet in book.worksheets:
            for row in sheet.iter_rows():
                for cell in row:
                    if cell.value == HOLE:
                        cell.value = 12345678  # a number cell, replaced below
    book.save(path)
    if literal is not None:
        _replace_in_zip(path, b"<v>12345678</v>", f"<v>{literal}</v>".encode())
    return path


def _zip_parts(path: Path) -> list[bytes]:
    with zipfile.ZipFile(path) as source:
        return [source.read(item) for item in source.infolist()]


def _replace_in_zip(path: Path, old: bytes, new: bytes) -> None:
    with zipfile.ZipFile(path) as source:
        items = [(item, source.read(item.filename)) for item in source.infolist()]
    assert any(old in data for _, data in items)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for item, data in items:
            target.writestr(item, data.replace(old, new))


WRITERS = {"yaml": write_yaml, "json": write_json, "csv": write_csv, "xlsx": write_xlsx}
ENDINGS = {"yaml": "account.yaml", "json": "account.json", "csv": "account", "xlsx": "account.xlsx"}


def where(form: str, path: Path, table: str, index: int | None, field: str) -> str:
    """The start of the message each form gives for a field of a record."""
    if form in ("yaml", "json"):
        line = LINES[table] + (index or 0)
        ident = BASE[table][index].get("id") if index is not None else None
        record = table if index is None else f"{table}[{ident or index + 1}]"
        return f"{path}:{line}: {record}.{field}: "
    row = 2 + (index or 0)
    if form == "csv":
        return f"{path / (table + '.csv')}:row {row}: {field}: "
    return f"{path}[{table}]!row {row}: {field}: "


def refused(run, path: Path, tmp_path: Path) -> list[str]:
    """Check and convert the input: exit 1, no internal error, nothing written; the lines."""
    target = tmp_path / "out.json"
    converted = run("convert", path, target)
    assert converted.exit_code == 1, converted.output
    assert not target.exists(), "a file with errors is not converted"
    result = run("check", "-q", path)
    assert result.exit_code == 1, result.output
    assert "internal error" not in result.output and "Traceback" not in result.output
    assert converted.stderr == result.stderr
    return result.stderr.splitlines()


# -- numbers -------------------------------------------------------------------------------

HUGE = "1" + "0" * 400  # a weight of 1 followed by 400 zeros
LONGER = "1" + "0" * 5000  # over Python's 4,300-digit limit for reading an integer

NUMBER_FIELDS = [
    ("relations", 0, "weight", "expected a number 0..1, got "),
    ("stakeholders", 0, "power.position", "expected a whole number 0..3 (or none, weak, medium, strong), got "),
    ("stakeholders", 0, "stance", "expected one of champion, supporter, neutral, skeptic, opponent, unknown (or a number -2..2), got "),
    ("contacts", 0, "strength", "expected one of intimate, close, ordinary, colleague, stranger, outermost (or a number 0..5), got "),
]

# (literal as written, form) -> how the message quotes it. YAML and JSON hold numbers; CSV
# cells hold text; a workbook's number cells are read by openpyxl.
NUMBERS = {
    "yaml": {HUGE: "a whole number of 401 digits", LONGER: "a whole number of 5,001 digits",
             "1e400": "1e400 (too large)", "1.0e400": "1.0e400 (too large)", "-1e400": "-1e400 (too large)",
             ".inf": "'.inf'", "inf": "'inf'", ".nan": "'.nan'", "nan": "'nan'"},
    "json": {HUGE: "a whole number of 401 digits", LONGER: "a whole number of 5,001 digits",
             "1e400": "1e400 (too large)", "1.0e400": "1.0e400 (too large)", "NaN": "NaN (not a number)",
             "Infinity": "Infinity (too large)", "-Infinity": "-Infinity (too large)"},
    "csv": {HUGE: f"{HUGE[:40]!r}... (401 characters)", "1e400": "'1e400'", "inf": "'inf'", "nan": "'nan'",
            "Infinity": "'Infinity'"},
    "xlsx": {"1e400": "inf", "1.0E400": "inf", "-1e400": "-inf"},
}
NUMBER_CASES = [
    (form, literal, shown, field)
    for form, cases in NUMBERS.items()
    for literal, shown in cases.items()
    for field in NUMBER_FIELDS
]


@pytest.mark.parametrize(
    "form, literal, shown, field", NUMBER_CASES, ids=[f"{c[0]}-{c[1][:8]}-{c[3][2]}" for c in NUMBER_CASES]
)
def test_a_number_no_field_can_take_is_one_located_line(form, literal, shown, field, run, tmp_path):
    table, index, name, expected = field
    path = WRITERS[form](tmp_path / ENDINGS[form], _tables({(table, index, name): HOLE}), literal)
    assert refused(run, path, tmp_path) == [where(form, path, table, index, name) + expected + shown]


@pytest.mark.parametrize("form", ["yaml", "json", "csv", "xlsx"])
def test_an_integer_longer_than_python_reads_in_any_form(form, run, tmp_path):
    path = WRITERS[form](tmp_path / ENDINGS[form], _tables({("relations", 0, "weight"): HOLE}), LONGER)
    lines = refused(run, path, tmp_path)
    assert len(lines) == 1
    if form == "xlsx":
        assert lines == [f"{path}[relations]!row 2: a cell holds a number too long to read (over 4,300 digits); no field takes one"]
    elif form == "csv":
        assert lines == [where(form, path, "relations", 0, "weight") + f"expected a number 0..1, got {LONGER[:40]!r}... (5,001 characters)"]
    else:
        assert lines == [where(form, path, "relations", 0, "weight") + "expected a number 0..1, got a whole number of 5,001 digits"]


@pytest.mark.parametrize("literal", ["inf", "nan", "INF"])
def test_a_workbook_number_cell_that_is_not_a_number(literal, run, tmp_path):
    """Excel never writes these, other programs may: openpyxl cannot read them as numbers."""
    path = write_xlsx(tmp_path / "a.xlsx", _tables({("relations", 0, "weight"): HOLE}), literal)
    assert refused(run, path, tmp_path) == [
        f"{path}[relations]!row 2: a number cell holds {literal!r}, which is not a number; retype its value"
    ]


def test_a_huge_number_where_text_is_expected_is_refused_by_the_text_field(run, tmp_path):
    path = write_json(tmp_path / "a.json", _tables({("stakeholders", 1, "name"): HOLE}), LONGER)
    assert refused(run, path, tmp_path) == [f"{path}:8: stakeholders[li].name: expected text, got a whole number of 5,001 digits"]


def test_json_nan_is_reported_at_its_field_and_line(run, tmp_path):
    path = write_json(tmp_path / "a.json", _tables({("relations", 0, "weight"): HOLE, ("stakeholders", 0, "power.position"): HOLE}), "NaN")
    assert refused(run, path, tmp_path) == [
        f"{path}:7: stakeholders[wang].power.position: expected a whole number 0..3 (or none, weak, medium, strong), got NaN (not a number)",
        f"{path}:10: relations[1].weight: expected a number 0..1, got NaN (not a number)",
    ]


@pytest.mark.parametrize("form", ["yaml", "json", "csv", "xlsx"])
@pytest.mark.parametrize("literal", ["-0", "-0.0"])
def test_minus_zero_is_a_weight_of_zero(form, literal, tmp_path):
    path = WRITERS[form](tmp_path / ENDINGS[form], _tables({("relations", 0, "weight"): HOLE}), literal)
    weight = load(path).relations[0].weight
    assert weight == 0.0 and str(weight) == "0.0"


@pytest.mark.parametrize("form", ["yaml", "json", "csv"])
@pytest.mark.parametrize("date", ["9999-99-99", "0000-01-01", "2026-13-01", "99999-01-01"])
def test_a_date_out_of_the_calendar_is_one_located_line(form, date, run, tmp_path):
    path = WRITERS[form](tmp_path / ENDINGS[form], _tables({("contacts", 0, "last_contact"): date}))
    assert refused(run, path, tmp_path) == [
        where(form, path, "contacts", 0, "last_contact") + f"expected an ISO date YYYY-MM-DD, got {date!r}"
    ]


@pytest.mark.parametrize("form", ["yaml", "json", "csv", "xlsx"])
def test_the_ends_of_the_calendar_are_dates(form, run, tmp_path):
    """Years 1 and 9999 are dates; the analyses subtract them without overflowing."""
    tables = _tables({("contacts", 0, "last_contact"): "0001-01-01", ("account", None, "as_of"): "9999-12-31"})
    path = WRITERS[form](tmp_path / ENDINGS[form], tables)
    result = run("report", "--format", "json", path)
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["account"]["id"] == "demo"


# -- characters ---------------------------------------------------------------------------

CHARACTERS = {
    "\x1b": "the control character U+001B (ESCAPE)",
    "\x00": "the control character U+0000 (NULL)",
    "\x07": "the control character U+0007 (ALERT)",
    "\x0b": "the control character U+000B (LINE TABULATION)",
    "\x7f": "the control character U+007F (DELETE)",
    "\x85": "the control character U+0085 (NEXT LINE)",
    "\x9b": "the control character U+009B (CONTROL SEQUENCE INTRODUCER)",
    "\ud800": "U+D800, a lone surrogate: half of an encoded character, not a character (left by a broken export or escape)",
}
TEXT_FIELDS = [
    ("account", None, "name"),
    ("account", None, "competitors"),
    ("departments", 0, "name"),
    ("stakeholders", 1, "id"),
    ("stakeholders", 1, "name"),
    ("stakeholders", 1, "title"),
    ("stakeholders", 1, "reports_to"),
    ("stakeholders", 1, "notes"),
    ("relations", 0, "notes"),
    ("contacts", 0, "channel"),
]


def _can_hold(form: str, char: str) -> bool:
    """JSON escapes anything; YAML escapes all but surrogates (PyYAML refuses those); a CSV
    file is UTF-8 text (no surrogates; a NUL makes it binary); XML holds no C0 control."""
    if form == "json":
        return True
    if char == "\ud800":
        return False
    if form == "csv":
        return char != "\x00"
    if form == "xlsx":
        return ord(char) >= 0x7F
    return True


TEXT_CASES = [
    (form, char, field)
    for form in ("yaml", "json", "csv", "xlsx")
    for char in CHARACTERS
    for field in TEXT_FIELDS
    if _can_hold(form, char)
]


@pytest.mark.parametrize(
    "form, char, field", TEXT_CASES, ids=[f"{c[0]}-U+{ord(c[1]):04X}-{c[2][0]}.{c[2][2]}" for c in TEXT_CASES]
)
def test_a_character_no_text_may_hold_is_one_located_line(form, char, field, run, tmp_path):
    table, index, name = field
    record = BASE[table] if index is None else BASE[table][index]
    value = f"{record.get(name, 'x')}{char}[31m"
    path = WRITERS[form](tmp_path / ENDINGS[form], _tables({field: value}))
    lines = refused(run, path, tmp_path)
    message = where(form, path, table, index, name) + f"holds {CHARACTERS[char]}; remove it"
    if name == "id":  # the record is named by the id it gives itself, escaped; references
        assert message.replace("[li]", f"[{value!r}]") in lines  # to 'li' are unknown now
        return
    assert lines == [message]


def test_the_messages_name_each_character_exactly(run, tmp_path):
    tables = _tables({("stakeholders", 1, "name"): "Li\x1b[31mNa", ("stakeholders", 0, "title"): "GM\x00",
                      ("relations", 0, "notes"): "sees \ud800 him"})
    path = write_json(tmp_path / "a.json", tables)
    assert refused(run, path, tmp_path) == [
        f"{path}:7: stakeholders[wang].title: holds the control character U+0000 (NULL); remove it",
        f"{path}:8: stakeholders[li].name: holds the control character U+001B (ESCAPE); remove it",
        f"{path}:10: relations[1].notes: holds U+D800, a lone surrogate: half of an encoded character, not a character "
        "(left by a broken export or escape); remove it",
    ]


def test_yaml_refuses_a_surrogate_escape_at_its_line(run, tmp_path):
    path = tmp_path / "a.yaml"
    path.write_text('account: {id: demo, name: Demo}\nstakeholders:\n  - {id: wang, name: "\\ud800"}\n', encoding="utf-8")
    assert refused(run, path, tmp_path) == [f"{path}:3: YAML syntax error: found invalid Unicode character escape code"]


@pytest.mark.parametrize("char", ["\t", "\n", "\r", "\u2028"])
def test_an_id_is_one_line_without_tabs(char, run, tmp_path):
    path = write_json(tmp_path / "a.json", _tables({("team", 0, "id"): f"ali{char}ce"}))
    name = {"\t": "the control character U+0009 (CHARACTER TABULATION)", "\n": "the control character U+000A (LINE FEED)",
            "\r": "the control character U+000D (CARRIAGE RETURN)", "\u2028": "the line separator U+2028 (LINE SEPARATOR)"}[char]
    assert refused(run, path, tmp_path)[0] == (
        f"{path}:3: team[{f'ali{char}ce'!r}].id: holds {name}; an id is one line without tabs: remove it"
    )


@pytest.mark.parametrize("form", ["yaml", "json", "csv", "xlsx"])
def test_line_breaks_and_tabs_read_as_one_space_in_one_line_fields_and_stay_in_notes(form, tmp_path):
    tables = _tables({("stakeholders", 1, "title"): "Deputy GM,\r\n  Head of IT", ("stakeholders", 1, "name"): "Li\tNa",
                      ("stakeholders", 1, "notes"): "met twice:\n\tin May\r\nand June", ("account", None, "competitors"): "Globex\nInc"})
    path = WRITERS[form](tmp_path / ENDINGS[form], tables)
    li = load(path).stakeholder("li")
    assert (li.name, li.title) == ("Li Na", "Deputy GM, Head of IT")
    notes = "met twice:\n\tin May\r\nand June"
    # XML reads a raw CR LF as LF; openpyxl writes the CR as a raw CR, or as &#13; (kept) when it
    # writes with lxml
    kept = form != "xlsx" or any(b"May&#13;" in data for data in _zip_parts(path))
    assert li.notes == (notes if kept else notes.replace("\r\n", "\n"))
    assert load(path).account.competitors == ("Globex Inc",)


@pytest.mark.parametrize("form", ["yaml", "csv", "xlsx"])
def test_an_escape_in_a_name_never_reaches_a_written_file(form, run, tmp_path):
    """convert used to crash on .xlsx and write NUL bytes into a CSV folder it then refused."""
    source = write_json(tmp_path / "a.json", _tables({("stakeholders", 1, "name"): "Li\x00\x1b[2J"}))
    target = tmp_path / ("out" if form == "csv" else f"out.{form}")
    result = run("convert", source, target)
    assert result.exit_code == 1
    assert result.stderr == f"{source}:8: stakeholders[li].name: holds the control character U+0000 (NULL); remove it\n"
    assert not target.exists()


def test_every_text_of_a_loaded_account_is_printable_utf8(tmp_path):
    """What loads can be written: every string encodes as UTF-8 and holds no control
    character but TAB, LF and CR (in notes)."""
    from powermap.writers import account_document

    tables = _tables({("stakeholders", 1, "notes"): "line\nline\ttab", ("stakeholders", 1, "name"): "Zoë 王伟 \u200dx"})
    account = load(write_json(tmp_path / "a.json", tables))

    def strings(value):
        if isinstance(value, str):
            yield value
        elif isinstance(value, dict):
            for key, item in value.items():
                yield from strings(key)
                yield from strings(item)
        elif isinstance(value, (list, tuple)):
            for item in value:
                yield from strings(item)

    for text in strings(account_document(account)):
        text.encode("utf-8")
        assert all(unicodedata.category(char) != "Cc" or char in "\t\n\r" for char in text), text


def test_the_control_names_are_the_unicode_name_aliases():
    """Each control name is the one Unicode gives it (unicodedata.lookup knows the aliases)."""
    from powermap.model.values import CONTROL_NAMES

    assert sorted(CONTROL_NAMES) == list(range(0x20)) + list(range(0x7F, 0xA0))
    for code, name in CONTROL_NAMES.items():
        assert unicodedata.lookup(name) == chr(code), name


# -- Unicode forms of ids -----------------------------------------------------------------

NFD = "jose\u0301"  # e + combining acute accent
NFC = "jos\u00e9"  # é as one letter


@pytest.mark.parametrize("form", ["yaml", "json", "csv", "xlsx"])
def test_an_id_in_nfd_and_a_reference_in_nfc_are_one_person(form, run, tmp_path):
    tables = _tables({("stakeholders", 0, "id"): NFD, ("stakeholders", 1, "reports_to"): NFC,
                      ("relations", 0, "target"): NFC, ("stakeholders", 0, "name"): f"Jose\u0301 Li"})
    path = WRITERS[form](tmp_path / ENDINGS[form], tables)
    account = load(path)
    assert [person.id for person in account.stakeholders] == [NFC, "li"]
    assert account.stakeholder("li").reports_to == NFC and account.relations[0].target == NFC
    assert account.stakeholder(NFC).name == "Jos\u00e9 Li"
    result = run("check", path)
    assert result.exit_code == 0, result.output
    target = tmp_path / "out.yaml"
    assert run("convert", path, target).exit_code == 0
    assert NFD not in target.read_text(encoding="utf-8") and f"id: {NFC}" in target.read_text(encoding="utf-8")


def test_the_same_id_in_two_forms_is_a_duplicate(run, tmp_path):
    tables = _tables({("stakeholders", 0, "id"): NFD, ("stakeholders", 1, "id"): NFC})
    path = write_yaml(tmp_path / "a.yaml", tables)
    assert refused(run, path, tmp_path)[0] == f"{path}:8: stakeholders[{NFC}].id: duplicate id {NFC!r} (first at line 7)"


def test_an_nfd_reference_to_an_nfc_id_is_not_unknown(run, tmp_path):
    """It used to read: unknown stakeholder 'josé'; did you mean 'josé'?"""
    tables = _tables({("stakeholders", 0, "id"): NFC, ("stakeholders", 1, "reports_to"): NFD,
                      ("relations", 0, "target"): NFD})
    path = write_json(tmp_path / "a.json", tables)
    assert run("check", "-q", path).exit_code == 0


# -- look-alike ids -----------------------------------------------------------------------

LOOKALIKES = """\
account: {id: demo, name: Demo, stage: proposal, culture: centralized}
team:
  - {id: wang, name: Wang W}
  - {id: Wang, name: Wang X}
departments:
  - {id: AB, name: Dept AB}
  - {id: \uff21\uff22, name: Dept fullwidth}
stakeholders:
  - {id: alice, name: Alice}
  - {id: \u0430lice, name: Alice C}
  - {id: "li\\u200dna", name: Li Na}
  - {id: lina, name: Lina}
  - {id: "zhao\\u202e", name: Zhao}
  - {id: "\u0397ans", name: Hans G}
  - {id: Hans, name: Hans L}
"""


def _lookalike_lines(output: str) -> list[str]:
    return [line for line in output.splitlines() if "looks like the id" in line or "does not show on screen" in line]


def test_ids_that_look_alike_are_warned_about_with_their_code_points(run, tmp_path):
    path = tmp_path / "a.yaml"
    path.write_text(LOOKALIKES, encoding="utf-8")
    result = run("check", path)
    assert result.exit_code == 0, result.output
    same = "if both are the same, use one id"
    assert _lookalike_lines(result.stderr) == [
        f"{path}:4: team[Wang].id: warning: looks like the id 'wang' at line 3 but is another id: only capital letters differ; {same}",
        f"{path}:7: departments[\uff21\uff22].id: warning: looks like the id 'AB' at line 6 but is another id: "
        "'\uff21' (U+FF21 FULLWIDTH LATIN CAPITAL LETTER A), '\uff22' (U+FF22 FULLWIDTH LATIN CAPITAL LETTER B) "
        f"where 'AB' has 'A' (U+0041 LATIN CAPITAL LETTER A), 'B' (U+0042 LATIN CAPITAL LETTER B); {same}",
        f"{path}:10: stakeholders[\u0430lice].id: warning: looks like the id 'alice' at line 9 but is another id: "
        f"'\u0430' (U+0430 CYRILLIC SMALL LETTER A) where 'alice' has 'a' (U+0061 LATIN SMALL LETTER A); {same}",
        f"{path}:11: stakeholders['li\\u200dna'].id: warning: holds U+200D (ZERO WIDTH JOINER), which does not show on "
        "screen: the id looks like one without it but is not; remove it unless it is meant",
        f"{path}:12: stakeholders[lina].id: warning: looks like the id 'li\\u200dna' at line 11 but is another id: "
        f"nothing where 'li\\u200dna' has U+200D (ZERO WIDTH JOINER); {same}",
        f"{path}:13: stakeholders['zhao\\u202e'].id: warning: holds U+202E (RIGHT-TO-LEFT OVERRIDE), which does not show on "
        "screen: the id looks like one without it but is not; remove it unless it is meant",
        f"{path}:15: stakeholders[Hans].id: warning: looks like the id '\u0397ans' at line 14 but is another id: "
        f"'H' (U+0048 LATIN CAPITAL LETTER H) where '\u0397ans' has '\u0397' (U+0397 GREEK CAPITAL LETTER ETA); {same}",
    ]
    strict = run("check", "--strict", "-q", path)
    assert strict.exit_code == 1
    assert _lookalike_lines(strict.stderr) == _lookalike_lines(result.stderr)


def test_what_the_terminal_shows_escaped_check_calls_invisible(run, tmp_path):
    """A tag character (the U+E0000 block can spell a whole hidden text), a deprecated format
    character and the Hangul filler draw nothing: check warns about each id and names it by code
    point, and the line shows it escaped as the report does. A heart with its emoji selector and
    a Japanese variant of 葛 show, so those ids are not warned about; a selector after a plain
    letter varies nothing and is."""
    path = tmp_path / "a.yaml"
    path.write_text(
        "account: {id: demo, name: Demo}\n"
        "stakeholders:\n"
        '  - {id: "a\\U000E0041b", name: Tag}\n'
        '  - {id: "c\\u206Ad", name: Format}\n'
        '  - {id: "e\\u3164f", name: Filler}\n'
        '  - {id: "love\\u2764\\uFE0F", name: Heart}\n'
        '  - {id: "\\u845B\\U000E0100", name: Kuzu}\n'
        '  - {id: "gh\\uFE0F", name: Selector}\n',
        encoding="utf-8")
    result = run("check", path)
    assert result.exit_code == 0, result.output
    hint = "which does not show on screen: the id looks like one without it but is not; remove it unless it is meant"
    assert _lookalike_lines(result.stderr) == [
        f"{path}:3: stakeholders['a\\U000e0041b'].id: warning: holds U+E0041 (TAG LATIN CAPITAL LETTER A), {hint}",
        f"{path}:4: stakeholders['c\\u206ad'].id: warning: holds U+206A (INHIBIT SYMMETRIC SWAPPING), {hint}",
        f"{path}:5: stakeholders[e\\u3164f].id: warning: holds U+3164 (HANGUL FILLER), {hint}",
        f"{path}:8: stakeholders[gh\\ufe0f].id: warning: holds U+FE0F (VARIATION SELECTOR-16), {hint}",
    ]


@pytest.mark.parametrize("form", ["json", "csv", "xlsx"])
def test_lookalike_warnings_in_every_form(form, run, tmp_path):
    tables = _tables({})
    tables["stakeholders"].append({"id": "w\u0430ng", "name": "Wang C"})  # Cyrillic а
    path = WRITERS[form](tmp_path / ENDINGS[form], tables)
    lines = _lookalike_lines(run("check", path).stderr)
    first = {"json": "line 7", "csv": "row 2", "xlsx": "row 2"}[form]
    place = {"json": f"{path}:9: stakeholders[w\u0430ng].id: ", "csv": f"{path / 'stakeholders.csv'}:row 4: id: ",
             "xlsx": f"{path}[stakeholders]!row 4: id: "}[form]
    assert lines == [
        place + f"warning: looks like the id 'wang' at {first} but is another id: '\u0430' (U+0430 CYRILLIC SMALL LETTER A) "
        "where 'wang' has 'a' (U+0061 LATIN SMALL LETTER A); if both are the same, use one id"
    ]


@pytest.mark.parametrize("typed", ["\u0430nna", "\u0430b"])
def test_did_you_mean_says_how_a_lookalike_differs(typed, run, tmp_path):
    """'а' and 'a' print the same: the suggestion shows both code points (and a short id that
    difflib finds too different is still suggested)."""
    known = typed.replace("\u0430", "a")
    tables = _tables({("stakeholders", 0, "id"): known, ("stakeholders", 1, "reports_to"): typed,
                      ("relations", 0, "target"): known})
    path = write_yaml(tmp_path / "a.yaml", tables)
    assert refused(run, path, tmp_path) == [
        f"{path}:8: stakeholders[li].reports_to: unknown stakeholder '{typed}'; did you mean '{known}'? It looks alike but "
        f"differs: '\u0430' (U+0430 CYRILLIC SMALL LETTER A) where '{known}' has 'a' (U+0061 LATIN SMALL LETTER A)"
    ]


def test_a_misspelt_reference_still_gets_the_close_suggestion(run, tmp_path):
    path = write_yaml(tmp_path / "a.yaml", _tables({("stakeholders", 1, "reports_to"): "wnag"}))
    assert refused(run, path, tmp_path) == [f"{path}:8: stakeholders[li].reports_to: unknown stakeholder 'wnag'; did you mean 'wang'?"]


@pytest.mark.parametrize("name", sorted(path.name for path in EXAMPLES.iterdir() if path.name != "datasets"))
def test_the_examples_have_no_lookalike_ids(name, run):
    result = run("check", EXAMPLES / name)
    assert result.exit_code == 0
    assert _lookalike_lines(result.stderr) == []


def test_what_the_neo4j_backend_pulls_is_checked_by_the_same_model(tmp_path):
    """A database edited by hand: the rows it returns become an account through the same field
    types, so an escape in a name or an infinite weight is refused, and ids are NFC."""
    from pydantic import ValidationError

    from powermap.backends.schema import GraphRows, Link, Node, account_from_rows, account_rows

    account = load(write_yaml(tmp_path / "a.yaml", _tables({})))
    rows = account_rows(account)

    def edited(name=None, weight=None, wang=None, to_wang=None):
        def node(n):
            props = {**n.properties, "name": name} if name and n.id == "li" else n.properties
            if wang and n.id == "wang":
                return Node(n.label, wang, {**props, "id": wang})
            return Node(n.label, n.id, props)

        def link(k):
            props = {**k.properties, "weight": weight} if weight and k.type == "INFLUENCES" else k.properties
            return Link(k.type, k.source, to_wang if to_wang and k.target == "wang" else k.target, props)

        return GraphRows(rows.account, tuple(node(n) for n in rows.nodes), tuple(link(k) for k in rows.links))

    with pytest.raises(ValidationError) as caught:
        account_from_rows(edited(name="Li\x1b]0;owned\x07"))
    assert "holds the control character U+001B (ESCAPE); remove it" in str(caught.value)
    with pytest.raises(ValidationError) as caught:
        account_from_rows(edited(weight=float("inf")))
    assert "expected a number 0..1, got inf" in str(caught.value)
    pulled = account_from_rows(edited(name="Jose\u0301", wang=NFD, to_wang=NFC))
    assert pulled.stakeholder("li").name == "Jos\u00e9"
    assert pulled.stakeholder("li").reports_to == NFC and pulled.relations[0].target == NFC


def test_any_characters_in_any_text_field_load_clean_or_are_located(tmp_path_factory):
    """Whatever characters a JSON file's strings hold (controls, surrogates, combining marks),
    the account either loads with every text encodable, free of controls and in NFC, or
    fails with located one-line issues."""
    from hypothesis import given, settings
    from hypothesis import strategies as st

    from powermap.writers import account_document

    alphabet = st.characters()
    texts = st.text(alphabet=st.one_of(alphabet, st.sampled_from("\x00\x1b\x85\x9b\ud800\udfff\t\n\r\u0301\u200d e")), min_size=1, max_size=8)

    @settings(max_examples=150, deadline=None)
    @given(name=texts, ident=texts, title=texts, notes=texts)
    def check(name, ident, title, notes):
        tables = _tables({("stakeholders", 1, "name"): name, ("stakeholders", 1, "title"): title,
                          ("stakeholders", 1, "notes"): notes, ("departments", 0, "id"): ident,
                          ("stakeholders", 0, "department"): ident, ("stakeholders", 1, "department"): ident})
        path = write_json(tmp_path_factory.mktemp("chars") / "a.json", tables)
        try:
            account = load(path)
        except AccountError as error:
            assert error.issues and all("\n" not in line and line.startswith(str(path)) for line in error.lines())
            return
        document = json.dumps(account_document(account), ensure_ascii=False).encode("utf-8")  # no surrogate
        for text in (account.stakeholder("li").name, account.stakeholder("li").title or "", account.departments[0].id):
            assert unicodedata.is_normalized("NFC", text)
            assert not any(unicodedata.category(char) == "Cc" for char in text), text
        assert not any(unicodedata.category(char) == "Cc" and char not in "\t\n\r" for char in account.stakeholder("li").notes or "")
        assert document

    check()


@pytest.mark.parametrize("one, other, alike", [
    ("alice", "\u0430lice", True),  # Cyrillic а
    ("lina", "li\u200dna", True),  # zero-width joiner
    ("AB", "\uff21\uff22", True),  # fullwidth
    ("Wang", "wang", True),  # case only
    ("Ivan", "\u04c0van", True),  # Cyrillic palochka
    ("ab", "ab\ufe0f", True),  # variation selector
    ("Li Na", "Li\u00a0Na", True),  # no-break space
    ("wang", "wong", False),
    ("王伟", "王韦", False),
    ("O1", "01", False),  # digits and letters are not mapped (TR39 maps 0 to O)
    ("p\u00e9", "pe", False),  # an accent shows
])
def test_which_ids_look_alike(one, other, alike):
    from powermap.model.confusables import skeleton

    assert (skeleton(one) == skeleton(other)) is alike


def test_ids_typed_on_the_command_line_are_read_in_nfc(run, tmp_path):
    """An accented id typed decomposed (NFD, as some keyboards and file systems give it) finds
    the person the file names composed (NFC), in --to, --focus and --set."""
    import unicodedata

    path = tmp_path / "jose.yaml"
    path.write_text("account: {id: j, name: J}\nteam: [{id: me, name: Me}]\nstakeholders:\n"
                    "  - {id: josé, name: José}\n  - {id: ana, name: Ana, stance: neutral}\n"
                    "relations: [{source: ana, target: josé, type: ally}]\n"
                    "contacts: [{member: me, stakeholder: ana, strength: close}]\n", encoding="utf-8")
    typed = unicodedata.normalize("NFD", "josé")
    assert typed != "josé"
    result = run("path", path, "--to", typed)
    assert result.exit_code == 0, result.output
    assert "Me -> Ana -> José" in result.stdout
    assert run("simulate", path, "--set", f"{typed}.stance=supporter").exit_code == 0
    assert run("map", path, "--focus", typed, "-o", tmp_path / "map.html").exit_code == 0
