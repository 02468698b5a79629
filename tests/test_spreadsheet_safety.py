"""Outputs a spreadsheet opens safely (CWE-1236): names that look like formulas stay text.

The expected values are written out by hand from OWASP's CSV Injection page (a cell must not
begin with = + - @, tab, carriage return or line feed; its current text adds the full-width
＝ ＋ － ＠) and from the OOXML spelling of a carriage return (_x000D_), never computed by the
code under test. Everything runs through the command line on real files in tmp_path.
"""

from __future__ import annotations

import csv
import re
import tempfile
import zipfile
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import csv_folder

# Written out here, not imported: the characters OWASP lists, and their full-width forms.
FORMULA_FIRST = set("=+-@\t\r\n") | {"＝", "＋", "－", "＠"}

HYPERLINK = '=HYPERLINK("http://evil","x")'
EVIL = {
    "wang": {"name": HYPERLINK, "title": "-", "notes": "a\rb"},
    "li": {"name": "+SUM(1,2)", "title": "-2+3", "notes": "x\r=2+5"},
    "zhao": {"name": "@cmd", "title": "\t=1", "notes": "== read me first =="},
    "-chen": {"name": "＝王伟", "title": "'=already quoted", "notes": "line one\nline two"},
    "sun": {"name": "Sun O'Brien", "title": "#N/A", "notes": "_x000D_ is not a CR here"},
}


def evil_document() -> dict:
    people = []
    for ident, texts in EVIL.items():
        person = {"id": ident, **texts, "department": "gmo"}
        if ident != "wang":
            person["reports_to"] = "wang"
        people.append(person)
    people[0]["roles"] = ["decision_maker"]
    people[0]["stance"] = -2
    people[0]["close_to_competitor"] = "=Evil Corp"
    return {
        "account": {"id": "evil", "name": HYPERLINK, "notes": "== read me first ==", "competitors": ["=Evil Corp", "Globex"]},
        "team": [{"id": "alice", "name": "@alice", "role": "-2+3"}],
        "departments": [{"id": "gmo", "name": "+General Office", "kind": "leadership"}],
        "factions": [{"id": "=f", "name": "-Reformers", "leader": "li"}],
        "stakeholders": people,
        "relations": [{"source": "li", "target": "wang", "type": "influences", "weight": 0.8, "notes": "@weekly"}],
        "contacts": [{"member": "alice", "stakeholder": "-chen", "strength": "close", "last_contact": "2026-11-02", "notes": "=1+1"}],
    }


@pytest.fixture
def evil(tmp_path) -> Path:
    path = tmp_path / "evil.yaml"
    path.write_text(yaml.safe_dump(evil_document(), allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def read_csv(path: Path) -> list[list[str]]:
    with open(path, encoding="utf-8-sig", newline="") as handle:
        return list(csv.reader(handle))


def is_number(cell: str) -> bool:
    try:
        float(cell)
    except ValueError:
        return False
    return True


def assert_no_formula_cells(table: list[list[str]], where: str) -> None:
    for number, row in enumerate(table, start=1):
        for cell in row:
            if cell and not is_number(cell):
                assert cell[0] not in FORMULA_FIRST, f"{where} row {number}: {cell!r} would be read as a formula"


def convert(run, source, target) -> None:
    result = run("convert", source, target)
    assert result.exit_code == 0, result.output


# --- the report and portfolio CSV -----------------------------------------------------------


def test_report_csv_cells_that_look_like_formulas_begin_with_an_apostrophe(run, evil, tmp_path):
    out = tmp_path / "report"
    result = run("report", evil, "-f", "csv", "-o", out)
    assert result.exit_code == 0, result.output
    files = sorted(out.glob("*.csv"))
    assert files
    for path in files:
        assert_no_formula_cells(read_csv(path), path.name)

    people = read_csv(out / "key_persons.csv")
    assert people[0] == ["id", "name", "rank", "score", "reasons", "key"]
    rows = {row[0]: row for row in people[1:]}
    assert len(people) - 1 == len(EVIL)  # no extra rows: the CR inside a name stayed inside its cell
    assert set(rows) == {"wang", "li", "zhao", "'-chen", "sun"}
    assert rows["wang"][1] == "'" + HYPERLINK
    assert rows["li"][1] == "'+SUM(1,2)"
    assert rows["zhao"][1] == "'@cmd"
    assert rows["'-chen"][1] == "'＝王伟"
    assert rows["sun"][1] == "Sun O'Brien"  # an apostrophe inside a name is left alone
    for row in people[1:]:
        assert row[2].isdigit() and is_number(row[3])  # rank and score stay plain numbers

    account = read_csv(out / "account.csv")
    assert account[1][:2] == ["evil", "'" + HYPERLINK]


def test_csv_quotes_a_carriage_return_inside_a_cell():
    """A name cannot hold a line break (it reads as a space), but a CSV cell that holds one
    must stay one cell: pandas' own line end quoted only LF, never a lone CR."""
    import io

    import pandas as pd

    from powermap.render.csv_report import write_csv_frame

    buffer = io.StringIO(newline="")
    write_csv_frame(pd.DataFrame({"id": ["a", "b"], "notes": ["x\r=2+5", "one\ntwo"], "score": [0.5, -2]}), buffer)
    assert buffer.getvalue() == 'id,notes,score\r\na,"x\r=2+5",0.5\r\nb,"one\ntwo",-2.0\r\n'
    rows = list(csv.reader(io.StringIO(buffer.getvalue(), newline="")))
    assert rows == [["id", "notes", "score"], ["a", "x\r=2+5", "0.5"], ["b", "one\ntwo", "-2.0"]]


def test_portfolio_csv_cells_that_look_like_formulas_begin_with_an_apostrophe(run, evil, tmp_path):
    second = tmp_path / "second.yaml"
    document = evil_document()
    document["account"].update(id="second", name="-2+3")
    second.write_text(yaml.safe_dump(document, allow_unicode=True), encoding="utf-8")
    out = tmp_path / "portfolio.csv"
    result = run("portfolio", evil, second, "-f", "csv", "-o", out)
    assert result.exit_code == 0, result.output
    table = read_csv(out)
    assert_no_formula_cells(table, out.name)
    assert len(table) == 1 + 2  # the header and one row per account
    assert {row[1] for row in table[1:]} == {"'" + HYPERLINK, "'-2+3"}
    assert out.read_bytes().count(b"\r\n") == 3
    assert out.read_bytes().startswith(b"\xef\xbb\xbf")  # UTF-8 said so, for Chinese names in Excel

    printed = run("portfolio", evil, "-f", "csv")
    assert printed.exit_code == 0
    assert list(csv.reader(printed.output.splitlines()))[1][1] == "'" + HYPERLINK


# --- the account CSV folder ------------------------------------------------------------------


def test_csv_folder_is_spreadsheet_safe_and_loads_back_to_the_same_account(run, evil, tmp_path):
    folder = tmp_path / "evil-csv"
    convert(run, evil, folder)
    for path in folder.glob("*.csv"):
        assert_no_formula_cells(read_csv(path), path.name)
    people = {row[0]: row for row in read_csv(folder / "stakeholders.csv")}
    header = people["id"]
    wang = dict(zip(header, people["wang"]))
    assert (wang["name"], wang["title"], wang["notes"], wang["close_to_competitor"]) == ("'" + HYPERLINK, "'-", "a\rb", "'=Evil Corp")
    chen = dict(zip(header, people["'-chen"]))
    assert (chen["name"], chen["title"]) == ("'＝王伟", "''=already quoted")
    sun = dict(zip(header, people["sun"]))
    assert (sun["name"], sun["title"], sun["notes"]) == ("Sun O'Brien", "#N/A", "_x000D_ is not a CR here")
    assert read_csv(folder / "account.csv")[1][:2] == ["evil", "'" + HYPERLINK]

    convert(run, evil, tmp_path / "original.yaml")
    convert(run, folder, tmp_path / "back.yaml")
    assert (tmp_path / "back.yaml").read_text("utf-8") == (tmp_path / "original.yaml").read_text("utf-8")


def test_a_hand_written_csv_cell_starting_with_an_apostrophe(run, tmp_path):
    folder = csv_folder(tmp_path / "hand", account="id,name\nhand,'=Not a formula\n", stakeholders=(
        "id,name,title,notes\n"
        "a,'=1+1,''=2,'quoted'\n"
        "b,  '-minus  ,'plain,O'Brien\n"))
    convert(run, folder, tmp_path / "hand.yaml")
    document = yaml.safe_load((tmp_path / "hand.yaml").read_text("utf-8"))
    assert document["account"]["name"] == "=Not a formula"
    a, b = document["stakeholders"]
    assert (a["name"], a["title"], a["notes"]) == ("=1+1", "'=2", "'quoted'")
    assert (b["name"], b["title"], b["notes"]) == ("-minus", "'plain", "O'Brien")


# --- the Excel workbook ----------------------------------------------------------------------


def test_workbook_text_is_text_never_a_formula(run, evil, tmp_path):
    from openpyxl import load_workbook

    book_path = tmp_path / "evil.xlsx"
    convert(run, evil, book_path)
    book = load_workbook(book_path)
    cells = {}
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if cell.value is not None:
                    assert cell.data_type in {"s", "n", "d"}, (sheet.title, cell.coordinate, cell.value)
                    if isinstance(cell.value, str):
                        assert cell.data_type == "s"
                        cells[(sheet.title, cell.value)] = cell
    for text in (HYPERLINK, "== read me first ==", "+SUM(1,2)", "-2+3", "@cmd", "=1", "-", "＝王伟", "#N/A", "@weekly", "=1+1"):
        found = [cell for (sheet, value), cell in cells.items() if value == text]
        assert found, text
        for cell in found:
            assert cell.data_type == "s"
            assert cell.quotePrefix == (text[0] in FORMULA_FIRST)  # Excel keeps it text when edited
    # A carriage return is spelled the way Excel spells it inside a workbook; LF stays LF.
    assert ("stakeholders", "a_x000D_b") in cells and ("stakeholders", "x_x000D_=2+5") in cells
    assert ("stakeholders", "line one\nline two") in cells
    assert ("stakeholders", "_x005F_x000D_ is not a CR here") in cells
    assert ("stakeholders", "Sun O'Brien") in cells  # no apostrophe added inside a workbook

    with zipfile.ZipFile(book_path) as archive:
        xml = "".join(archive.read(name).decode() for name in archive.namelist() if name.startswith("xl/worksheets/"))
    assert "<f>" not in xml and "<f " not in xml

    convert(run, evil, tmp_path / "original.yaml")
    convert(run, book_path, tmp_path / "back.yaml")
    assert (tmp_path / "back.yaml").read_text("utf-8") == (tmp_path / "original.yaml").read_text("utf-8")


def _formula_workbook(path: Path, saved: dict[str, str]) -> None:
    """A workbook whose stakeholder cells hold formulas; ``saved`` gives some of them the
    value a spreadsheet saved for them (cell -> (type, value)), as Excel writes it."""
    from openpyxl import Workbook

    book = Workbook()
    book.active.title = "account"
    book["account"].append(["id", "name"])
    book["account"].append(["f", "Formulas"])
    people = book.create_sheet("stakeholders")
    people.append(["id", "name", "title", "notes"])
    people.append(["wang", "Wang Wei", "CEO", None])
    people.append(["li", '="Li "&"Na"', "=VLOOKUP(1,A1:A2,2)", "=A2"])
    book.save(path)
    _save_values(path, "xl/worksheets/sheet2.xml", saved)


def _save_values(path: Path, sheet: str, saved: dict[str, tuple[str, str]]) -> None:
    """Give formula cells of a workbook written by openpyxl the value a spreadsheet saved for
    them (cell -> (type, value)), as Excel writes it."""
    with zipfile.ZipFile(path) as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}
    xml = parts[sheet].decode()
    for coordinate, (kind, value) in saved.items():
        xml, count = re.subn(
            rf'<c r="{coordinate}"><f>(.*?)</f><v\s*/?>(?:</v>)?</c>',
            lambda match: f'<c r="{coordinate}" t="{kind}"><f>{match.group(1)}</f><v>{value}</v></c>',
            xml,
        )
        assert count == 1, coordinate
    parts[sheet] = xml.encode()
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in parts.items():
            archive.writestr(name, data)


def test_a_formula_cell_is_read_as_the_value_the_spreadsheet_saved(run, tmp_path):
    book = tmp_path / "saved.xlsx"
    _formula_workbook(book, {"B3": ("str", "Li Na"), "C3": ("str", "CIO"), "D3": ("str", "wang")})
    convert(run, book, tmp_path / "saved.yaml")
    li = yaml.safe_load((tmp_path / "saved.yaml").read_text("utf-8"))["stakeholders"][1]
    assert (li["name"], li["title"], li["notes"]) == ("Li Na", "CIO", "wang")


def test_a_formula_without_a_saved_value_or_with_an_error_is_a_located_error(run, tmp_path):
    book = tmp_path / "formulas.xlsx"
    _formula_workbook(book, {"C3": ("e", "#N/A")})
    result = run("check", book)
    assert result.exit_code == 1
    lines = result.output.splitlines()
    assert (
        f"{book}[stakeholders]!row 3: name: the cell holds the formula =\"Li \"&\"Na\" and no value saved for it; "
        "powermap reads values, not formulas: open and save the workbook in Excel or LibreOffice, or type the value "
        "(text that begins with = is typed '=...)"
    ) in lines
    assert f"{book}[stakeholders]!row 3: title: the cell's formula =VLOOKUP(1,A1:A2,2) gives the error #N/A; correct the formula or type the value" in lines
    assert any(line.startswith(f"{book}[stakeholders]!row 3: notes: the cell holds the formula =A2 and no value") for line in lines)
    assert "Traceback" not in result.output


def test_text_beginning_with_equals_is_text_beside_formulas(run, tmp_path):
    """A cell is a formula by its type, not by its first character: text cells beginning
    with = are read as typed, before a formula of their sheet, in its row and after it."""
    from openpyxl import Workbook

    path = tmp_path / "mixed.xlsx"
    book = Workbook()
    book.active.title = "account"
    book["account"].append(["id", "name"])
    book["account"].append(["mixed", "Mixed"])
    people = book.create_sheet("stakeholders")
    people.append(["id", "name", "title"])
    people.append(["wang", "=1+1", "CEO"])
    people.append(["li", '="Li "&"Na"', "=2+2"])
    people.append(["zhao", "=A2", '=HYPERLINK("x")'])
    for coordinate in ("B2", "C3", "C4"):  # typed text, as powermap writes it
        people[coordinate].data_type = "s"
    book.save(path)
    _save_values(path, "xl/worksheets/sheet2.xml", {"B3": ("str", "Li Na"), "B4": ("str", "Wang Yi")})
    convert(run, path, tmp_path / "mixed.yaml")
    people = yaml.safe_load((tmp_path / "mixed.yaml").read_text("utf-8"))["stakeholders"]
    assert [(person["name"], person["title"]) for person in people] == [
        ("=1+1", "CEO"), ("Li Na", "=2+2"), ("Wang Yi", '=HYPERLINK("x")')]


def test_text_beginning_with_equals_does_not_open_the_workbook_again(run, evil, tmp_path, monkeypatch):
    """Saved values are read (a second pass over the workbook) only for formula cells; a
    workbook powermap wrote has none, however many of its names begin with =."""
    import openpyxl

    book = tmp_path / "evil.xlsx"
    convert(run, evil, book)
    opened = []
    load_workbook = openpyxl.load_workbook

    def counting(*args, **kwargs):
        opened.append(kwargs.get("data_only", False))
        return load_workbook(*args, **kwargs)

    monkeypatch.setattr(openpyxl, "load_workbook", counting)
    result = run("check", book)
    assert result.exit_code == 0, result.output
    assert opened == [False]


def test_a_workbook_written_before_text_was_text_says_which_cells_hold_formulas(run, tmp_path):
    """openpyxl's default turns text starting with = into a formula: such a workbook's note
    no longer disappears silently, and its name is not read as a formula's text."""
    from openpyxl import Workbook

    path = tmp_path / "old.xlsx"
    book = Workbook()
    book.active.title = "account"
    book["account"].append(["id", "name", "notes"])
    book["account"].append(["old", "Old", "== read me first =="])
    book.create_sheet("stakeholders").append(["id", "name"])
    book["stakeholders"].append(["wang", HYPERLINK])
    book.save(path)
    result = run("check", path)
    assert result.exit_code == 1
    assert f"{path}[account]!row 2: notes: the cell holds the formula == read me first == and no value saved" in result.output
    assert f"{path}[stakeholders]!row 2: name: the cell holds the formula {HYPERLINK} and no value saved" in result.output


# --- properties: the escaping is invertible for any text -------------------------------------

# Any text but the control characters the loaders refuse (all but TAB, LF and CR; C1 too).
CONTROLS = "".join(chr(code) for code in [*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20), *range(0x7F, 0xA0)])
texts = st.lists(
    st.one_of(
        st.characters(blacklist_categories=("Cs",), blacklist_characters=CONTROLS),
        # and what needs care: formula characters, apostrophes, OOXML escapes, XML's non-characters
        st.sampled_from(sorted(FORMULA_FIRST | {"'", "_", "x", "0", "D", "5", "F", " ", "\ufffe", "\uffff"})),
    ),
    max_size=30,
).map("".join)
words = texts.filter(lambda text: text.strip())  # a name must hold something
PROPERTY = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


@PROPERTY
@given(name=words, title=texts, notes=texts, department=words, competitor=words)
def test_any_text_survives_the_csv_folder_and_the_workbook(tmp_path_factory, name, title, notes, department, competitor):
    from powermap.loaders import load
    from powermap.model import AccountMap
    from powermap.writers import write_account

    if any(mark in competitor for mark in ";,；，、"):  # list separators split a competitor
        competitor = "Globex"
    account = AccountMap.model_validate(
        {
            "account": {"id": "any", "name": name, "notes": notes, "competitors": [competitor]},
            "departments": [{"id": "d", "name": department}],
            "stakeholders": [
                {"id": "p", "name": name, "title": title, "notes": notes, "department": "d", "close_to_competitor": competitor},
                {"id": "q", "name": title.strip() or "Q", "notes": name, "reports_to": "p"},
            ],
        }
    )
    folder = Path(tempfile.mkdtemp(dir=tmp_path_factory.getbasetemp()))
    write_account(account, folder / "csv")
    assert load(folder / "csv") == account
    write_account(account, folder / "book.xlsx")
    assert load(folder / "book.xlsx") == account


def test_every_text_cell_a_spreadsheet_would_run_is_neutralised():
    """The rule, cell by cell, on the characters OWASP lists (hand-written expectations)."""
    from powermap.cells import quote, unquote

    cases = {
        "=1+1": "'=1+1", "+1": "'+1", "-1": "'-1", "@x": "'@x", "\t=1": "'\t=1", "\r=1": "'\r=1", "\n=1": "'\n=1",
        "＝1": "'＝1", "＋1": "'＋1", "－1": "'－1", "＠x": "'＠x", "-": "'-",
        "'=1": "''=1", "''+1": "'''+1",
        "plain": "plain", "'plain": "'plain", "O'Brien": "O'Brien", "a=b": "a=b", " =1": " =1", "": "", "'": "'",
    }
    for text, written in cases.items():
        assert quote(text) == written, text
        assert unquote(written) == text, written
    assert quote(-2) == -2 and quote(0.5) == 0.5  # numbers are never quoted


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(sorted(FORMULA_FIRST | {"'", "a", " "})), max_size=8).map("".join) | st.text(max_size=20))
def test_quote_is_inverted_by_unquote(text):
    from powermap.cells import quote, unquote

    assert unquote(quote(text)) == text
    assert quote(text)[:1] not in FORMULA_FIRST


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(list("_x0D5Fa\r\n\x0b\ufffe")), max_size=24).map("".join) | st.text(max_size=20))
def test_the_ooxml_spelling_of_a_carriage_return_is_inverted(text):
    from powermap.cells import ooxml_escape, ooxml_unescape

    written = ooxml_escape(text)
    assert not set(written) & {"\r", "\x0b", "\ufffe", "\uffff"}  # nothing XML loses or refuses
    assert ooxml_unescape(written) == text


def test_the_ooxml_spelling_is_the_one_excel_writes():
    """ECMA-376 ST_Xstring: a character as _xHHHH_, a literal underscore before xHHHH_ as _x005F_."""
    from powermap.cells import ooxml_escape, ooxml_unescape

    assert ooxml_escape("a\rb") == "a_x000D_b"
    assert ooxml_escape("_x000D_") == "_x005F_x000D_"
    assert ooxml_escape("a\ufffeb") == "a_xFFFE_b"
    assert ooxml_escape("tab\tand\nline, x_1") == "tab\tand\nline, x_1"
    assert ooxml_unescape("a_x000d_b_x000A_") == "a\rb\n"
