"""Every kind of bad input gets its exact, located, one-line message; no traceback, no output.

One file per kind of fault lives in tests/data/invalid/ (the Excel ones are rebuilt by
tests/data/make_workbooks.py). Messages are compared whole: a changed message is a changed
contract with the people who read them.
"""

import os
from pathlib import Path

import pytest

from powermap.errors import AccountError
from powermap.loaders import load

from conftest import INVALID

EXPECTED = {
    'alias-bomb.yaml': [
        'alias-bomb.yaml:1: YAML aliases expand to more than 100,000 extra values; refusing (alias bomb?)',
    ],
    'comments-only.yaml': [
        "comments-only.yaml: the file is empty; expected an account with at least 'account: {id, name}' (powermap init writes a starter)",
    ],
    'csv-errors': [
        'csv-errors/contacts.csv:row 2: 5 values but the header names 4 columns (quote values that contain commas)',
        "csv-errors/stakeholder.csv: unknown table 'stakeholder'; did you mean 'stakeholders'?",
        "csv-errors/stakeholders.csv:row 1: power.charisma: unknown column 'power.charisma' (power columns are power.knowledge, power.information, power.position, power.allocation, power.emotional, power.interpersonal)",
        "csv-errors/stakeholders.csv:row 1: rols: unknown column 'rols'; did you mean 'roles'?",
        "csv-errors/stakeholders.csv:row 3: stance: expected one of champion, supporter, neutral, skeptic, opponent, unknown (or a number -2..2), got 'friendly'",
        "csv-errors/stakeholders.csv:row 3: power.position: expected a whole number 0..3 (or none, weak, medium, strong), got '5'",
    ],
    'control-characters.json': [
        'control-characters.json:1: account.name: holds the control character U+0000 (NULL); remove it',
        'control-characters.json:3: stakeholders[wang].name: holds the control character U+001B (ESCAPE); remove it',
        'control-characters.json:4: stakeholders[li].name: holds U+D800, a lone surrogate: half of an encoded character, not a character (left by a broken export or escape); remove it',
        'control-characters.json:4: stakeholders[li].title: holds the control character U+009B (CONTROL SEQUENCE INTRODUCER); remove it',
    ],
    'department-cycle.yaml': [
        'department-cycle.yaml:3: departments[a].parent: department parent cycle: a -> b -> a',
    ],
    'duplicate-id.yaml': [
        "duplicate-id.yaml:10: stakeholders[wang].id: duplicate id 'wang' (first at line 8)",
        "duplicate-id.yaml:11: stakeholders[alice].id: id 'alice' is already used by a member of our team; people need distinct ids (first at line 3)",
    ],
    'duplicate-key.yaml': [
        "duplicate-key.yaml:6: stakeholders[wang].stance: duplicate key 'stance' (first at line 5); YAML keeps only one",
    ],
    'empty.yaml': [
        "empty.yaml: the file is empty; expected an account with at least 'account: {id, name}' (powermap init writes a starter)",
    ],
    'enum-value.yaml': [
        "enum-value.yaml:1: account.stage: expected one of development, entry, proposal, bidding, negotiation, implementation, got 'pitching'",
        "enum-value.yaml:5: stakeholders[wang].roles: expected one of decision_maker, funder, procurement, user, beneficiary, spec_setter, champion, trigger, saboteur, evaluator, influencer, information_source, gatekeeper, got 'boss'",
        "enum-value.yaml:6: stakeholders[wang].stance: expected one of champion, supporter, neutral, skeptic, opponent, unknown (or a number -2..2), got 'friendly'",
        "enum-value.yaml:7: stakeholders[wang].circle: expected one of inner, edge, outer, got 'middle'",
    ],
    'errors.json': [
        "errors.json:8: stakeholders[li].reports_to: unknown stakeholder 'wnag'; did you mean 'wang'?",
        "errors.json:10: stakeholders[li].stance: duplicate key 'stance' (first at line 9); JSON keeps only one",
        'errors.json:14: relations[1].weight: expected a number 0..1, got 2',
    ],
    'excel-errors.xlsx': [
        "excel-errors.xlsx[Stakeholders]!row 3: stance: expected one of champion, supporter, neutral, skeptic, opponent, unknown (or a number -2..2), got 'friendly'",
        'excel-errors.xlsx[Stakeholders]!row 3: power.position: expected a whole number 0..3 (or none, weak, medium, strong), got 4',
        "excel-errors.xlsx[Stakeholders]!row 4: reports_to: unknown stakeholder 'wnag'; did you mean 'wang'?",
        "excel-errors.xlsx[contacts]!row 3: last_contact: expected an ISO date YYYY-MM-DD, got '2nd of November'",
    ],
    'huge-numbers.yaml': [
        'huge-numbers.yaml:3: stakeholders[wang].power.position: expected a whole number 0..3 (or none, weak, medium, strong), got a whole number of 43 digits',
        'huge-numbers.yaml:4: stakeholders[li].stance: expected one of champion, supporter, neutral, skeptic, opponent, unknown (or a number -2..2), got 1e400 (too large)',
        'huge-numbers.yaml:6: relations[1].weight: expected a number 0..1, got 1.0e400 (too large)',
    ],
    'malformed-date.yaml': [
        "malformed-date.yaml:1: account.as_of: expected an ISO date YYYY-MM-DD, got '15/11/2026'",
        "malformed-date.yaml:7: contacts[1].last_contact: expected an ISO date YYYY-MM-DD, got '2026-02-30'",
    ],
    'missing-account.yaml': [
        'missing-account.yaml:1: account: missing: every account needs an account table with an id and a name',
    ],
    'missing-fields.yaml': [
        'missing-fields.yaml:1: account.id: required, but missing',
        'missing-fields.yaml:3: stakeholders[wang].name: required, but missing',
        'missing-fields.yaml:4: stakeholders[2].id: required, but missing',
        'missing-fields.yaml:6: relations[1].target: required, but missing',
    ],
    'nan.json': [
        'nan.json:2: relations[1].weight: expected a number 0..1, got NaN (not a number)',
    ],
    'not-a-workbook.xlsx': [
        'not-a-workbook.xlsx: not a readable Excel workbook (.xlsx): File is not a zip file',
    ],
    'not-text.yaml': [
        'not-text.yaml: not a text file (it holds binary data); expected UTF-8 text',
    ],
    'not-utf8.yaml': [
        'not-utf8.yaml:1: not UTF-8 text: byte 0xff cannot be decoded; save the file as UTF-8',
    ],
    'out-of-range.yaml': [
        'out-of-range.yaml:7: stakeholders[wang].stance: expected one of champion, supporter, neutral, skeptic, opponent, unknown (or a number -2..2), got 3',
        'out-of-range.yaml:8: stakeholders[wang].power.knowledge: expected a whole number 0..3 (or none, weak, medium, strong), got -1',
        'out-of-range.yaml:8: stakeholders[wang].power.position: expected a whole number 0..3 (or none, weak, medium, strong), got 4',
        'out-of-range.yaml:11: relations[1].weight: expected a number 0..1, got 1.5',
        'out-of-range.yaml:13: contacts[1].strength: expected one of intimate, close, ordinary, colleague, stranger, outermost (or a number 0..5), got 6',
    ],
    'recursive-alias.yaml': [
        'recursive-alias.yaml:1: a YAML alias refers to the collection that contains it (recursive alias)',
    ],
    'reports-to-cycle.yaml': [
        'reports-to-cycle.yaml:3: stakeholders[wang].reports_to: reports-to cycle: wang -> zhao -> li -> wang',
        "reports-to-cycle.yaml:6: stakeholders[qian].reports_to: reports-to cycle: 'qian' is their own boss",
    ],
    'self-relation.yaml': [
        "self-relation.yaml:5: relations[1]: a relation joins two different people; source and target are both 'wang'",
    ],
    'syntax-error.json': [
        'syntax-error.json:4: JSON syntax error: Expecting property name enclosed in double quotes (column 39)',
    ],
    'syntax-error.yaml': [
        "syntax-error.yaml:5: YAML syntax error: did not find expected '-' indicator",
    ],
    'top-level-list.yaml': [
        'top-level-list.yaml:1: expected a mapping of tables (account, team, departments, factions, stakeholders, relations, contacts) at the top level, got a list',
    ],
    'unknown-competitor.yaml': [
        "unknown-competitor.yaml:7: stakeholders[li].close_to_competitor: unknown competitor 'Globx'; did you mean 'Globex'?",
    ],
    'unknown-contact-ends.yaml': [
        "unknown-contact-ends.yaml:11: contacts[2].member: unknown team member 'bob' (expected one of alice (Alice Chen))",
        "unknown-contact-ends.yaml:12: contacts[3].stakeholder: unknown stakeholder 'li' (expected one of wang (Wang Wei))",
    ],
    'unknown-department.yaml': [
        "unknown-department.yaml:9: stakeholders[li].department: unknown department 'itt'; did you mean 'it'?",
    ],
    'unknown-faction.yaml': [
        "unknown-faction.yaml:10: stakeholders[wang].faction: unknown faction 'reformers'; did you mean 'reform'?",
    ],
    'unknown-field.yaml': [
        "unknown-field.yaml:1: account.stgae: unknown field 'stgae'; did you mean 'stage'?",
        "unknown-field.yaml:5: stakeholders[wang].titel: unknown field 'titel'; did you mean 'title'?",
        "unknown-field.yaml:6: stakeholders[wang].power.knowlege: unknown field 'knowlege'; did you mean 'knowledge'?",
        "unknown-field.yaml:7: stakeholders[wang].favourite_colour: unknown field 'favourite_colour' (expected one of id, name, title, department, reports_to, roles, stance, power, faction, circle, status, close_to_competitor, notes, crm_id)",
    ],
    'unknown-leader.yaml': [
        "unknown-leader.yaml:8: factions[reform].leader: unknown stakeholder 'zhang'; did you mean 'wang'?",
    ],
    'unknown-parent.yaml': [
        "unknown-parent.yaml:4: departments[it].parent: unknown department 'head-office' (expected one of gmo (General Manager's Office), it (IT Center))",
    ],
    'unknown-relation-ends.yaml': [
        "unknown-relation-ends.yaml:12: relations[2].source: unknown stakeholder 'zhao' (expected one of li (Li Na), wang (Wang Wei))",
        "unknown-relation-ends.yaml:13: relations[3].target: unknown stakeholder 'qian' (expected one of li (Li Na), wang (Wang Wei))",
    ],
    'unknown-reports-to.yaml': [
        "unknown-reports-to.yaml:9: stakeholders[li].reports_to: unknown stakeholder 'wnag'; did you mean 'wang'?",
    ],
    'wrong-ending.txt': [
        "wrong-ending.txt: unsupported file type ('.txt'): expected .yaml, .yml, .json, .xlsx or a folder of CSV files",
    ],
    'wrong-shapes.yaml': [
        "wrong-shapes.yaml:1: account.id: expected an account id of lower-case letters, digits, '_' and '-' (like acme-erp), got 'Demo Account'",
        "wrong-shapes.yaml:2: team: expected a list of records, got 'alice'",
        "wrong-shapes.yaml:4: stakeholders[1]: expected a record (a mapping of fields), got 'wang'",
        'wrong-shapes.yaml:5: stakeholders[li].roles: expected a list, got a mapping',
        'wrong-shapes.yaml:5: stakeholders[li].power: expected a mapping of fields, got 3',
        "wrong-shapes.yaml:6: stakeholder: unknown table 'stakeholder'; did you mean 'stakeholders'?",
    ],
}


def test_every_invalid_file_has_its_expected_messages():
    assert sorted(EXPECTED) == sorted(os.listdir(INVALID))


def _snapshot(folder: Path) -> dict[str, float]:
    return {str(path): path.stat().st_mtime_ns for path in folder.rglob("*")}


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_check_reports_exact_messages(name, run, monkeypatch):
    monkeypatch.chdir(INVALID)
    before = _snapshot(INVALID)
    result = run("check", name)
    assert result.exit_code == 1
    assert result.stderr.splitlines() == EXPECTED[name]
    assert result.stdout.splitlines()[-1].startswith(f"{name}: ")
    assert "Traceback" not in result.output
    assert _snapshot(INVALID) == before, "checking must write nothing"


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_the_library_raises_the_same_issues(name, monkeypatch):
    monkeypatch.chdir(INVALID)
    with pytest.raises(AccountError) as caught:
        load(name)
    assert caught.value.lines() == EXPECTED[name]


def test_a_path_that_does_not_exist(run, tmp_path):
    result = run("check", tmp_path / "nowhere.yaml")
    assert result.exit_code == 1
    assert result.stderr == f"{tmp_path / 'nowhere.yaml'}: no such file or folder\n"


def test_a_single_csv_file_is_not_an_account(run, tmp_path):
    (tmp_path / "stakeholders.csv").write_text("id,name\nwang,Wang Wei\n", encoding="utf-8")
    result = run("check", tmp_path / "stakeholders.csv")
    assert result.exit_code == 1
    assert result.stderr.endswith(
        "stakeholders.csv: a CSV account is a folder of tables (account.csv, stakeholders.csv, ...); pass the folder\n"
    )


def test_a_folder_without_csv_files(run, tmp_path):
    result = run("check", tmp_path)
    assert result.stderr == (
        f"{tmp_path}: no CSV files in this folder; expected account.csv, stakeholders.csv, ... (one per table)\n"
    )


def test_all_files_are_checked_and_the_worst_status_wins(run, monkeypatch):
    monkeypatch.chdir(INVALID)
    result = run("check", "empty.yaml", "unknown-department.yaml")
    assert result.exit_code == 1
    assert result.stderr.splitlines() == EXPECTED["empty.yaml"] + EXPECTED["unknown-department.yaml"]

