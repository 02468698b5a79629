"""Bounded work and memory on any input: the size limit, reading with a bound, capped issues,
workbooks read by their rows, the alias text budget and a "did you mean" that stays quick.

Every limit is tested through its mechanism on small files: a small limit is set through
``POWERMAP_MAX_INPUT_MB`` or ``--max-input-mb``. How long the hostile inputs take at full
size is measured by ``benchmarks/bench_inputs.py`` (docs/performance.md), not here.
"""

from __future__ import annotations

import difflib
import io
import json
import os
import random
import re
import subprocess
import sys
import zipfile

import pytest

from powermap.errors import MAX_ISSUES, MAX_LINE, AccountError
from powermap.loaders import load
from powermap.model.integrity import NameIndex

from conftest import REPO

MB = 1024 * 1024
RAISE = "raise it with --max-input-mb or POWERMAP_MAX_INPUT_MB"


def _yaml_account(path, people: int, *, extra: str = "", reports_to=None):
    """An account of ``people`` people p0, p1, ... with one long note each, as YAML."""
    lines = ["account: {id: acme, name: Acme, stage: proposal, culture: centralized}", "stakeholders:"]
    for number in range(people):
        boss = reports_to(number) if reports_to else None
        lines.append(f"  - {{id: p{number}, name: Person {number}, department: it"
                     + (f", reports_to: {boss}" if boss else "") + f"{extra}}}")
    lines += ["departments:", "  - {id: it, name: IT}"]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _megabytes(size: int) -> str:
    """A size as the messages give it: MB rounded up to a tenth (none of these sizes falls on
    a tenth exactly)."""
    return f"{size * 10 // MB / 10 + 0.1:.1f}"


def _powermap(*args, cwd=None, timeout=120):
    """The real command in its own process (a hang shows as a timeout, not a stuck suite)."""
    return subprocess.run([sys.executable, "-m", "powermap", *map(str, args)], capture_output=True, text=True,
                          cwd=cwd or REPO, timeout=timeout)


# -- the size limit ------------------------------------------------------------------------


def test_a_file_over_the_limit_is_one_located_line_and_the_option_raises_it(run, tmp_path, monkeypatch):
    big = _yaml_account(tmp_path / "big.yaml", 6000, extra=", notes: " + "n" * 200)
    size = big.stat().st_size
    assert 1 * MB < size < 2 * MB
    shown = _megabytes(size)
    monkeypatch.setenv("POWERMAP_MAX_INPUT_MB", "1")
    result = run("check", big)
    assert result.exit_code == 1
    assert result.stderr == f"{big}: {shown} MB is over the 1 MB limit for an account file; {RAISE}\n"
    assert result.stdout == f"{big}: 1 error; not loaded\n"

    # the option works where the message suggests adding it: after the file, or before it
    assert run("check", big, "--max-input-mb", "2").exit_code == 0
    assert run("check", "--max-input-mb", "2", big).exit_code == 0
    monkeypatch.setenv("POWERMAP_MAX_INPUT_MB", "2")
    assert run("check", big).exit_code == 0


def test_every_command_that_reads_an_account_holds_it_to_the_limit(run, tmp_path, monkeypatch):
    big = _yaml_account(tmp_path / "big.yaml", 6000, extra=", notes: " + "n" * 200)
    expected = f"{big}: {_megabytes(big.stat().st_size)} MB is over the 1 MB limit for an account file; {RAISE}\n"
    for args in (("report", big), ("convert", big, tmp_path / "out.json"), ("map", big, "-o", tmp_path / "m.html"),
                 ("path", big, "--to", "p1"), ("plan", big), ("simulate", big, "--set", "p1.stance=supporter"),
                 ("diff", big, big)):
        result = run(*args, "--max-input-mb", "1")
        assert (result.exit_code, result.stderr) == (1, expected), args
    assert not (tmp_path / "out.json").exists() and not (tmp_path / "m.html").exists()
    monkeypatch.setenv("POWERMAP_MAX_INPUT_MB", "1")
    result = run("portfolio", big, "-f", "json")
    assert json.loads(result.stdout)["errors"] == [{"file": str(big), "message": expected.rstrip("\n")}]


def test_a_limit_that_is_not_a_whole_number_is_a_usage_error(run, tmp_path, monkeypatch):
    account = _yaml_account(tmp_path / "a.yaml", 3)
    monkeypatch.setenv("POWERMAP_MAX_INPUT_MB", "lots")
    result = run("check", account)
    assert (result.exit_code, result.stderr) == (2, "POWERMAP_MAX_INPUT_MB: expected a whole number of MB (at least 1), got 'lots'\n")
    result = run("check", account, "--max-input-mb", "0")
    assert result.exit_code == 2 and "Invalid value for '--max-input-mb'" in result.stderr


def test_the_option_default_is_the_library_default():
    from powermap.cli import options as cli
    from powermap.loaders import limits

    assert cli._DEFAULT_MAX_INPUT_MB == limits.DEFAULT_MAX_INPUT_MB
    assert limits.max_records() == limits.DEFAULT_MAX_INPUT_MB * limits.RECORDS_PER_MB == 1_048_576


def test_each_csv_of_a_folder_is_held_to_the_limit(run, tmp_path, monkeypatch):
    folder = tmp_path / "acme"
    folder.mkdir()
    (folder / "account.csv").write_text("id,name\nacme,Acme\n", encoding="utf-8")
    with open(folder / "stakeholders.csv", "w", encoding="utf-8", newline="") as handle:
        handle.write("id,name,notes\n")
        for number in range(5000):
            handle.write(f"p{number},Person {number},{'n' * 300}\n")
    monkeypatch.setenv("POWERMAP_MAX_INPUT_MB", "1")
    result = run("check", folder)
    shown = _megabytes((folder / "stakeholders.csv").stat().st_size)
    assert result.stderr == f"{folder / 'stakeholders.csv'}: {shown} MB is over the 1 MB limit for an account file; {RAISE}\n"


@pytest.mark.skipif(not os.path.exists("/dev/zero"), reason="needs /dev/zero")
def test_a_device_named_like_an_account_is_refused_without_reading_it(tmp_path):
    (tmp_path / "x.yaml").symlink_to("/dev/zero")
    (tmp_path / "x.json").symlink_to("/dev/zero")
    (tmp_path / "x.xlsx").symlink_to("/dev/zero")
    result = _powermap("check", "x.yaml", "x.json", "x.xlsx", cwd=tmp_path)
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        f"{name}: not a regular file (a device); save the account to a file and give its path"
        for name in ("x.yaml", "x.json", "x.xlsx")
    ]


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes")
def test_a_pipe_is_refused_without_waiting_for_a_writer(tmp_path):
    os.mkfifo(tmp_path / "x.yaml")
    folder = tmp_path / "acme"
    folder.mkdir()
    (folder / "account.csv").write_text("id,name\nacme,Acme\n", encoding="utf-8")
    os.mkfifo(folder / "stakeholders.csv")  # a pipe in a folder is refused by name, not skipped
    result = _powermap("check", "x.yaml", "acme", cwd=tmp_path)
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        "x.yaml: not a regular file (a pipe); save the account to a file and give its path",
        "acme/stakeholders.csv: not a regular file (a pipe); save the account to a file and give its path",
    ]


# -- capped errors and warnings --------------------------------------------------------------


def test_errors_past_the_cap_are_one_line_with_their_count(run, tmp_path):
    # 260 people reporting to people who are not in the file: 260 errors, 200 printed
    account = _yaml_account(tmp_path / "a.yaml", 260, reports_to=lambda number: f"gone{number}")
    result = run("check", account)
    assert result.exit_code == 1
    lines = result.stderr.splitlines()
    assert len(lines) == MAX_ISSUES + 1 == 201
    assert lines[0] == f"{account}:3: stakeholders[p0].reports_to: unknown stakeholder 'gone0'"
    assert lines[199] == f"{account}:202: stakeholders[p199].reports_to: unknown stakeholder 'gone199'"
    assert lines[-1] == f"{account}: ... and 60 more errors (fix these first)"
    assert result.stdout == f"{account}: 260 errors; not loaded\n"

    # every command that loads the file says the same; so does the library
    report = run("report", account)
    assert report.exit_code == 1 and report.stderr.splitlines() == lines
    with pytest.raises(AccountError) as caught:
        load(account)
    assert caught.value.lines() == lines and caught.value.total == 260


def test_warnings_past_the_cap_are_one_line_with_their_count(run, tmp_path):
    lines = ["account: {id: acme, name: Acme, stage: proposal, culture: centralized}", "stakeholders:"]
    lines += [f"  - {{id: p{number}, name: Person {number}, roles: [decision_maker, funder, procurement, user, "
              f"evaluator, spec_setter]}}" for number in range(230)]
    account = tmp_path / "a.yaml"
    account.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = run("check", account)
    assert result.exit_code == 0
    printed = result.stderr.splitlines()
    assert printed[0] == f"{account}:3: stakeholders[p0]: warning: no department: this person counts toward no department's coverage"
    assert len(printed) == 201 and printed[-1] == f"{account}: ... and 30 more warnings"
    assert result.stdout.splitlines()[1].endswith("; 230 warnings")
    assert run("check", "--strict", account).exit_code == 1


def test_duplicate_rows_of_a_csv_are_counted_not_kept(run, tmp_path):
    folder = tmp_path / "acme"
    folder.mkdir()
    (folder / "account.csv").write_text("id,name\nacme,Acme\n", encoding="utf-8")
    (folder / "stakeholders.csv").write_text("id,name\n" + "wang,Wang Wei\n" * 5000, encoding="utf-8")
    result = run("check", folder)
    lines = result.stderr.splitlines()
    assert lines[0] == f"{folder / 'stakeholders.csv'}:row 3: id: duplicate id 'wang' (first at row 2)"
    assert lines[199] == f"{folder / 'stakeholders.csv'}:row 202: id: duplicate id 'wang' (first at row 2)"
    assert lines[200:] == [f"{folder}: ... and 4,799 more errors (fix these first)"]
    assert result.stdout == f"{folder}: 4999 errors; not loaded\n"


def test_reading_rows_stops_once_their_problems_are_past_the_cap(run, tmp_path):
    folder = tmp_path / "acme"
    folder.mkdir()
    (folder / "account.csv").write_text("id,name\nacme,Acme\n", encoding="utf-8")
    # every row has a value more than the header names (an unquoted comma)
    (folder / "stakeholders.csv").write_text("id,name\n" + "".join(f"p{n},Wang, Wei\n" for n in range(100_000)),
                                             encoding="utf-8")
    result = run("check", folder)
    lines = result.stderr.splitlines()
    where = folder / "stakeholders.csv"
    assert lines[0] == f"{where}:row 2: 3 values but the header names 2 columns (quote values that contain commas)"
    assert len(lines) == 201
    assert lines[-1] == f"{folder}: ... and more errors: reading stopped at {where}:row 202 (fix these first)"
    assert result.stdout == f"{folder}: more than 200 errors; not loaded\n"


def test_a_huge_value_in_a_message_is_cut_to_one_readable_line(run, tmp_path):
    account = tmp_path / "a.json"
    name = "x" * 50_000
    account.write_text(json.dumps({"account": {"id": "acme", "name": "Acme", name: 1}}), encoding="utf-8")
    result = run("check", account)
    line = result.stderr.rstrip("\n")
    assert "\n" not in line and len(line) <= MAX_LINE
    assert line.startswith(f"{account}:1: account.xxxx")
    assert re.search(r"\.\.\. \([\d,]+ more characters\)$", line)


# -- records: a limit tied to the size limit ---------------------------------------------------


def test_an_account_of_more_records_than_the_limit_allows_is_refused_at_the_first_one_over(run, tmp_path, monkeypatch):
    monkeypatch.setenv("POWERMAP_MAX_INPUT_MB", "1")  # 16,384 records
    folder = tmp_path / "acme"
    folder.mkdir()
    (folder / "account.csv").write_text("id,name\nacme,Acme\n", encoding="utf-8")
    (folder / "stakeholders.csv").write_text("id,name\n" + "a,b\n" * 16_384, encoding="utf-8")  # 16,385 with the account
    result = run("check", folder)
    assert result.stderr == (f"{folder / 'stakeholders.csv'}:row 16385: more than 16,384 records, the most the 1 MB "
                             f"limit for an account file allows (16,384 a MB); {RAISE}\n")

    document = {"account": {"id": "acme", "name": "Acme"}, "stakeholders": [{"id": "a", "name": "b"}] * 16_384}
    account = tmp_path / "a.json"
    account.write_text(json.dumps(document, indent=1), encoding="utf-8")
    result = run("check", account)  # with the account, 16,385 records
    assert result.stderr == (f"{account}: stakeholders: more than 16,384 records, the most the 1 MB limit for an "
                             f"account file allows (16,384 a MB); {RAISE}\n")
    assert run("check", account, "--max-input-mb", "2").stderr.splitlines()[-1].endswith("(fix these first)")

    # YAML is refused while it is read, at the first record over (line 2 + 16,384), and a list
    # given by an alias is counted too
    account = tmp_path / "a.yaml"
    account.write_text("account: {id: acme, name: Acme}\nstakeholders:\n" + "  - {id: a, name: b}\n" * 20_000,
                       encoding="utf-8")
    result = run("check", account)
    assert result.stderr == (f"{account}:16386: more than 16,384 records, the most the 1 MB limit for an "
                             f"account file allows (16,384 a MB); {RAISE}\n")
    account.write_text("account: {id: acme, name: Acme, notes: &people [" + "{id: a, name: b}, " * 16_384
                       + "]}\nstakeholders: *people\n", encoding="utf-8")
    result = run("check", account)
    assert result.stderr == (f"{account}: stakeholders: more than 16,384 records, the most the 1 MB limit for an "
                             f"account file allows (16,384 a MB); {RAISE}\n")


# -- workbooks ----------------------------------------------------------------------------


def _workbook(path, sheets: dict[str, list[list]], patch=None):
    """A workbook written by openpyxl, each sheet's XML passed through ``patch(name, xml)``."""
    from openpyxl import Workbook

    book = Workbook()
    book.remove(book.active)
    for title, rows in sheets.items():
        sheet = book.create_sheet(title)
        for row in rows:
            sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    with zipfile.ZipFile(buffer) as source, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for member in source.infolist():
            data = source.read(member.filename)
            if patch and member.filename.startswith("xl/worksheets/sheet"):
                data = patch(member.filename, data)
            target.writestr(member.filename, data)
    return path


def test_a_workbook_declaring_thirty_million_rows_loads_its_few_real_ones(run, tmp_path):
    def declare_huge(name, xml):
        return re.sub(rb'<dimension ref="[^"]*"', b'<dimension ref="A1:XFD30000000"', xml)

    book = _workbook(tmp_path / "acme.xlsx", {
        "account": [["id", "name"], ["acme", "Acme"]],
        "stakeholders": [["id", "name", "reports_to"], ["wang", "Wang Wei", None], ["li", "Li Na", "wnag"]],
    }, declare_huge)
    with zipfile.ZipFile(book) as archive:
        assert b'<dimension ref="A1:XFD30000000"' in archive.read("xl/worksheets/sheet2.xml")
    result = run("check", book)
    assert result.stderr == f"{book}[stakeholders]!row 3: reports_to: unknown stakeholder 'wnag'; did you mean 'wang'?\n"
    assert result.stdout == f"{book}: 1 error; not loaded\n"


def test_a_sheet_that_goes_past_the_last_row_of_excel_is_an_error(run, tmp_path):
    def jump(name, xml):  # the last row of the stakeholders sheet moved to row 30,000,000
        if not name.endswith("sheet2.xml"):
            return xml
        return xml.replace(b'<row r="3"', b'<row r="30000000"').replace(b'r="A3"', b'r="A30000000"').replace(
            b'r="B3"', b'r="B30000000"')

    book = _workbook(tmp_path / "acme.xlsx", {
        "account": [["id", "name"], ["acme", "Acme"]],
        "stakeholders": [["id", "name"], ["wang", "Wang Wei"], ["li", "Li Na"]],
    }, jump)
    result = run("check", book)
    assert result.stderr == (f"{book}[stakeholders]!row 1048577: a sheet ends at row 1,048,576, but this one goes on; "
                             "the workbook is damaged or was not written by a spreadsheet program (save it again from Excel)\n")


def test_empty_rows_and_far_cells_of_a_workbook_count_against_the_limit(run, tmp_path, monkeypatch):
    """openpyxl gives a gap in the row numbers as empty rows and a row as wide as its last
    cell, each at a cost: both are held to the limit, empty or not."""
    def far_cells(name, xml):  # every row of the stakeholders sheet also holds an empty cell in column XFD
        if not name.endswith("sheet2.xml"):
            return xml
        return re.sub(rb'(<row r="(\d+)"[^>]*>.*?)</row>', lambda m: m.group(1) + b'<c r="XFD' + m.group(2) + b'"/></row>',
                      xml)

    def gap(name, xml):  # the last row of the stakeholders sheet moved to row 20,000
        if not name.endswith("sheet2.xml"):
            return xml
        return xml.replace(b'<row r="3"', b'<row r="20000"').replace(b'r="A3"', b'r="A20000"').replace(
            b'r="B3"', b'r="B20000"')

    monkeypatch.setenv("POWERMAP_MAX_INPUT_MB", "1")  # 16,384 rows, 1,048,576 cells
    people = [["id", "name"]] + [[f"p{number}", "Wang Wei"] for number in range(100)]
    book = _workbook(tmp_path / "wide.xlsx", {"account": [["id", "name"], ["acme", "Acme"]], "stakeholders": people},
                     far_cells)
    result = run("check", book)
    # the account's row holds 2 cells, each stakeholder's 16,384: the 64th person's row passes
    assert result.stderr == (f"{book}[stakeholders]!row 65: the sheets hold more than 1,048,576 cells (empty ones "
                             "too: rows reach far to the right of the tables), the most the 1 MB limit for an "
                             f"account file allows; delete the columns right of the tables, or {RAISE}\n")
    book = _workbook(tmp_path / "gap.xlsx", {"account": [["id", "name"], ["acme", "Acme"]],
                                             "stakeholders": [["id", "name"], ["wang", "Wang Wei"], ["li", "Li Na"]]}, gap)
    result = run("check", book)
    # 1 row of the account, then rows 2 to 16,385 of the stakeholders: 16,385 rows
    assert result.stderr == (f"{book}[stakeholders]!row 16385: the sheets hold more than 16,384 rows (empty ones "
                             "too), the most the 1 MB limit for an account file allows; delete the empty rows below "
                             f"the tables, or {RAISE}\n")
    assert run("check", book, "--max-input-mb", "2").exit_code == 0


def test_a_workbook_that_unpacks_past_the_limit_is_refused_before_it_is_unpacked(run, tmp_path, monkeypatch):
    rows = [["id", "name"]] + [[f"p{number}", "Wang Wei"] for number in range(11_000)]
    book = _workbook(tmp_path / "acme.xlsx", {"account": [["id", "name"], ["acme", "Acme"]], "stakeholders": rows})
    with zipfile.ZipFile(book) as archive:
        unpacked = sum(member.file_size for member in archive.infolist())
    assert book.stat().st_size < MB < unpacked < 2 * MB  # a small file of much XML
    monkeypatch.setenv("POWERMAP_MAX_INPUT_MB", "1")
    result = run("check", book)
    shown = _megabytes(unpacked)
    assert result.stderr == f"{book}: its sheets unpack to {shown} MB, which is over the 1 MB limit for an account file; {RAISE}\n"
    assert run("check", book, "--max-input-mb", "2").exit_code == 0


# -- YAML aliases: the text they repeat counts -------------------------------------------------


def _aliases(path, copies: int, text: str = "x" * 100_000):
    """An account whose note (line 4) is repeated by ``copies`` aliases, the first on line 8
    and every third line after it."""
    lines = ["account:", "  id: acme", "  name: Acme", f"  notes: &long {text}", "stakeholders:"]
    lines += [f"  - id: p{number}\n    name: Person\n    notes: *long" for number in range(copies)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_an_alias_repeating_a_long_text_counts_its_characters(run, tmp_path, monkeypatch):
    account = _aliases(tmp_path / "a.yaml", 20)
    monkeypatch.setenv("POWERMAP_MAX_INPUT_MB", "1")
    result = run("check", account)
    # The file holds about 101,000 characters, so 1 MB (1,048,576) leaves room for nine more
    # copies of the 100,000-character note: the tenth alias (line 8 + 3 * 9) is refused.
    assert result.stderr == (f"{account}:35: YAML aliases repeat so much text that the file would be over the 1 MB "
                             f"limit for an account file (alias bomb?); {RAISE}\n")
    # the same aliases are fine under a limit that holds them, and nine of them under this one
    assert run("check", account, "--max-input-mb", "3").exit_code == 0
    assert run("check", _aliases(tmp_path / "b.yaml", 9)).exit_code == 0


def test_an_alias_that_passes_the_limit_is_named_at_its_own_line_not_its_anchors(run, tmp_path):
    # A 300,000-character name anchored on line 3 and repeated as a list item on lines 9, 14
    # and 19. The file is about 300,100 bytes, so 1 MB (1,048,576) leaves room for two more
    # copies (600,000) but not a third (900,000): the alias on line 19 passes the limit.
    names = ["Globex", "Initech", "Umbrella", "Hooli"]
    lines = ["account:", "  id: acme", f"  name: &n {'x' * 300_000}", "  competitors:"]
    lines += [f"    - {name}" for name in names] + ["    - *n"]  # lines 5-8, then 9
    lines += [f"    - {name}" for name in names] + ["    - *n"]  # lines 10-13, then 14
    lines += [f"    - {name}" for name in names] + ["    - *n"]  # lines 15-18, then 19
    account = tmp_path / "alias.yaml"
    account.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert [number for number, line in enumerate(lines, 1) if "*n" in line] == [9, 14, 19]
    result = run("check", account, "--max-input-mb", "1")
    assert result.stderr == (f"{account}:19: YAML aliases repeat so much text that the file would be over the 1 MB "
                             f"limit for an account file (alias bomb?); {RAISE}\n")


def test_an_aliased_collection_counts_its_keys_and_values(run, tmp_path, monkeypatch):
    key = "k" * 100_000  # a key this long is written as an explicit key (?)
    lines = ["account:", "  id: acme", "  name: Acme", "  notes: &shared", f"    ? {key}", "    : v", "stakeholders:"]
    lines += [f"  - {{id: p{number}, name: Person, <<: *shared}}" for number in range(20)]
    account = tmp_path / "a.yaml"
    account.write_text("\n".join(lines) + "\n", encoding="utf-8")
    monkeypatch.setenv("POWERMAP_MAX_INPUT_MB", "1")
    result = run("check", account)
    assert result.stderr.startswith(f"{account}:5: YAML aliases repeat so much text")


# -- "did you mean" ---------------------------------------------------------------------------


def _difflib_answer(value, names):
    close = difflib.get_close_matches(value, names, n=1, cutoff=0.6)
    return close[0] if close else None


@pytest.mark.parametrize("seed", range(4))
def test_the_index_answers_as_difflib_does(seed):
    """Over many names the index must give difflib's own answer (highest ratio, then the
    greatest name), for typing errors, ids of other forms and names that match nothing."""
    rng = random.Random(seed)
    shapes = [lambda n: f"p{n:05d}", lambda n: f"{rng.choice(['wang', 'li', 'zhang', 'chen'])}_{n}",
              lambda n: rng.choice(["王", "李", "张"]) + str(n), lambda n: "".join(rng.choices("abcdef", k=rng.randint(2, 9)))]
    names = sorted({rng.choice(shapes)(number) for number in range(rng.randint(100, 1500))})
    index = NameIndex(names)
    values = []
    for _ in range(150):
        word = list(rng.choice(names))
        for _ in range(rng.randint(1, 3)):
            spot = rng.randrange(len(word) + 1)
            change = rng.randrange(3)
            if change == 0 and spot < len(word):
                word[spot] = rng.choice("0123456789abcxyz_王")
            elif change == 1 and spot < len(word) and len(word) > 1:
                del word[spot]
            else:
                word.insert(spot, rng.choice("0123456789abcxyz"))
        values.append("".join(word))
    values += ["", "zzzzzzzz", "p", "completely-unrelated-name"]
    assert [index.closest(value) for value in values] == [_difflib_answer(value, names) for value in values]


def test_a_big_account_gets_suggestions_too(run, tmp_path):
    """Above 5,000 people there were no suggestions (difflib was too slow); now there are,
    difflib's own."""
    people = 6000
    account = _yaml_account(tmp_path / "a.yaml", people, reports_to=lambda n: {10: "p1234x", 20: "p59999"}.get(n))
    result = run("check", account)
    names = [f"p{number}" for number in range(people)]
    expected = [f"{account}:{3 + n}: stakeholders[p{n}].reports_to: unknown stakeholder '{value}'; did you mean "
                f"'{_difflib_answer(value, names)}'?" for n, value in ((10, "p1234x"), (20, "p59999"))]
    assert result.stderr.splitlines() == expected


# -- workbooks whose XML is broken or declares entities -----------------------------------------

def _patched_workbook(tmp_path, name: str, member: str, change) -> Path:
    """The example workbook with one part changed, as a broken or hostile tool could leave it."""
    import zipfile

    from conftest import EXAMPLES

    target = tmp_path / name
    with zipfile.ZipFile(EXAMPLES / "kestrel-manufacturing.xlsx") as source, zipfile.ZipFile(target, "w") as out:
        for item in source.infolist():
            data = source.read(item.filename)
            out.writestr(item, change(data) if item.filename == member else data)
    return target


_LAUGHS = (b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
           + b"".join(b'<!ENTITY lol%d "%s">' % (level, b"".join(b"&lol%s;" % (b"" if level == 2 else b"%d" % (level - 1))
                                                                    for _ in range(10))) for level in range(2, 10))
           + b']><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1">'
           + b'<c r="A1" t="inlineStr"><is><t>&lol9;</t></is></c></row></sheetData></worksheet>')


def test_a_workbook_with_an_entity_bomb_is_refused_before_it_is_parsed(run, tmp_path):
    book = _patched_workbook(tmp_path, "laughs.xlsx", "xl/worksheets/sheet1.xml", lambda data: _LAUGHS)
    result = run("check", book)
    assert result.exit_code == 1
    assert result.stderr == (f"{book}: not a readable Excel workbook (.xlsx): its part xl/worksheets/sheet1.xml "
                             "declares XML entities (<!DOCTYPE>), which no spreadsheet writes and which can expand "
                             "without bound; open it in Excel or LibreOffice and save it again\n")


def _entities_after_a_long_comment(xml: bytes, root: bytes) -> bytes:
    """A part whose document type declaration, declaring entities, comes after a comment
    longer than the first 4 KB of the part (where no declaration may be looked for)."""
    declaration = (b'<!--' + b"x" * 5000 + b'--><!DOCTYPE ' + root + b' [<!ENTITY a0 "LOL">'
                   + b'<!ENTITY a1 "&a0;&a0;&a0;&a0;&a0;&a0;&a0;&a0;&a0;&a0;">'
                   + b'<!ENTITY a2 "&a1;&a1;&a1;&a1;&a1;&a1;&a1;&a1;&a1;&a1;">]>')
    assert xml.startswith(b"<" + root)  # openpyxl writes no XML declaration
    return declaration + xml


def _workbook_parts(tmp_path, name: str, change) -> Path:
    """The example workbook with its parts (name -> bytes) changed by ``change(parts)``."""
    from conftest import EXAMPLES

    with zipfile.ZipFile(EXAMPLES / "kestrel-manufacturing.xlsx") as source:
        parts = {item.filename: source.read(item.filename) for item in source.infolist()}
    change(parts)
    target = tmp_path / name
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as out:
        for member, data in parts.items():
            out.writestr(member, data)
    return target


def _sheet_entities(parts):
    sheet = "xl/worksheets/sheet1.xml"
    parts[sheet] = _entities_after_a_long_comment(parts[sheet].replace(b"<t>kestrel-mes</t>", b"<t>&a2;</t>"),
                                                  b"worksheet")


def _workbook_entities(parts):
    book = "xl/workbook.xml"
    parts[book] = _entities_after_a_long_comment(parts[book].replace(b'name="account"', b'name="&a2;"'), b"workbook")


def _shared_string_entities(parts):
    """The account id as a shared string, the way Excel stores text, in a declaring part."""
    sheet, types = "xl/worksheets/sheet1.xml", "[Content_Types].xml"
    parts[sheet] = parts[sheet].replace(b'<c r="A2" t="inlineStr"><is><t>kestrel-mes</t></is></c>',
                                        b'<c r="A2" t="s"><v>0</v></c>')
    parts[types] = parts[types].replace(
        b"</Types>", b'<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-'
                     b'officedocument.spreadsheetml.sharedStrings+xml"/></Types>')
    parts["xl/sharedStrings.xml"] = _entities_after_a_long_comment(
        b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="1" uniqueCount="1">'
        b"<si><t>&a2;</t></si></sst>", b"sst")


def _shared_string(parts):
    _shared_string_entities(parts)
    parts["xl/sharedStrings.xml"] = parts["xl/sharedStrings.xml"].split(b"]>", 1)[1].replace(b"&a2;", b"kestrel-2")


def test_the_shared_string_workbook_loads_without_its_entities(run, tmp_path):
    """The hostile workbooks below differ from one that loads only by their entities."""
    book = _workbook_parts(tmp_path, "shared.xlsx", _shared_string)
    result = run("convert", book, tmp_path / "shared.yaml")
    assert result.exit_code == 0, result.output
    assert "id: kestrel-2\n" in (tmp_path / "shared.yaml").read_text("utf-8")


@pytest.mark.parametrize("member, change", [
    ("xl/worksheets/sheet1.xml", _sheet_entities),
    ("xl/sharedStrings.xml", _shared_string_entities),
    ("xl/workbook.xml", _workbook_entities),
])
def test_entities_declared_after_a_long_comment_are_refused_too(run, tmp_path, member, change):
    book = _workbook_parts(tmp_path, "entities.xlsx", change)
    with zipfile.ZipFile(book) as archive:
        assert archive.read(member).index(b"<!DOCTYPE") > 4096
    result = run("check", book)
    assert result.exit_code == 1, result.output
    assert result.stderr == (f"{book}: not a readable Excel workbook (.xlsx): its part {member} declares XML "
                             "entities (<!DOCTYPE>), which no spreadsheet writes and which can expand without bound; "
                             "open it in Excel or LibreOffice and save it again\n")


def test_entities_in_a_utf16_part_are_refused_too(run, tmp_path):
    """XML allows a part in UTF-16, where the declaration's bytes are not those of ASCII."""
    def utf16(parts):
        _sheet_entities(parts)
        sheet = "xl/worksheets/sheet1.xml"
        parts[sheet] = ('<?xml version="1.0" encoding="UTF-16"?>' + parts[sheet].decode("utf-8")).encode("utf-16")

    book = _workbook_parts(tmp_path, "utf16.xlsx", utf16)
    result = run("check", book)
    assert result.exit_code == 1, result.output
    assert result.stderr == (f"{book}: not a readable Excel workbook (.xlsx): its part xl/worksheets/sheet1.xml "
                             "declares XML entities (<!DOCTYPE>), which no spreadsheet writes and which can expand "
                             "without bound; open it in Excel or LibreOffice and save it again\n")


@pytest.mark.parametrize("member, where", [("xl/workbook.xml", ""), ("xl/worksheets/sheet1.xml", "[account]")])
def test_a_workbook_whose_xml_is_cut_off_is_a_located_error(run, tmp_path, member, where):
    book = _patched_workbook(tmp_path, "cut.xlsx", member, lambda data: data[: len(data) // 2])
    result = run("report", book)
    assert result.exit_code == 1, result.output
    assert result.stderr.startswith(f"{book}{where}: not a readable Excel workbook (.xlsx): its XML is broken (")
    assert result.stderr.endswith("); open it in Excel or LibreOffice and save it again\n")
    assert result.stderr.count("\n") == 1


def test_a_workbook_compressed_in_an_unknown_way_is_a_located_error(run, tmp_path):
    """A zip entry's compression method that Python's zip reader does not know (99 is the
    AES encryption of some zip tools) is an input problem, not an internal error."""
    from conftest import EXAMPLES

    data = bytearray((EXAMPLES / "kestrel-manufacturing.xlsx").read_bytes())
    with zipfile.ZipFile(EXAMPLES / "kestrel-manufacturing.xlsx") as archive:
        first = archive.infolist()[0]
    # the method field: 8 bytes into the entry's local header, 10 into its central directory record
    data[first.header_offset + 8:first.header_offset + 10] = (99).to_bytes(2, "little")
    central = data.index(b"PK\x01\x02")
    data[central + 10:central + 12] = (99).to_bytes(2, "little")
    book = tmp_path / "method.xlsx"
    book.write_bytes(bytes(data))
    result = run("check", book)
    assert result.exit_code == 1, result.output
    assert result.stderr == (f"{book}: not a readable Excel workbook (.xlsx): its parts are compressed in a way "
                             "powermap cannot read (That compression method is not supported); open it in Excel or "
                             "LibreOffice and save it again\n")
