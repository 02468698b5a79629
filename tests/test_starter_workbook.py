"""`powermap init NAME --format xlsx`: a workbook the team fills in, which loads back as the
starter, guides with notes, drop-down lists and lookups, and is checked row by row."""

from __future__ import annotations

import pytest
from openpyxl import load_workbook

from powermap.loaders import load


@pytest.fixture
def chinese(run, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("POWERMAP_LANG", raising=False)
    result = run("init", "华东电网", "--format", "xlsx")
    assert result.exit_code == 0, result.output
    assert result.stdout == "已写入 华东电网.xlsx；请填写，然后运行：powermap check 华东电网.xlsx\n"
    assert run("init", "华东电网").exit_code == 0  # the YAML starter beside it, to compare
    return tmp_path / "华东电网.xlsx"


def test_the_workbook_loads_back_as_the_starter_and_checks_clean(run, chinese):
    assert load(chinese) == load(chinese.with_suffix(".yaml"))
    result = run("check", "--strict", chinese)
    assert result.exit_code == 0, result.output


def test_seven_sheets_with_frozen_headers_and_notes_in_the_chosen_language(chinese):
    book = load_workbook(chinese)
    assert book.sheetnames == ["account", "team", "departments", "factions", "stakeholders", "relations", "contacts"]
    assert all(book[name].freeze_panes == "A2" for name in book.sheetnames)
    people = book["stakeholders"]
    header = [cell.value for cell in people[1]]
    assert header[:7] == ["id", "name", "title", "department", "reports_to", "roles", "stance"]
    assert people.cell(1, 6).comment.text == "采购角色，可填多个，用 ';' 分隔（下拉列表列出可选的角色）。"
    assert people.cell(1, 5).comment.text == "直属上级：正式汇报线（本表中的编号或姓名）。"
    assert people.cell(3, 6).value == "标准制定者; 评价者"  # the example rows are in Chinese too


def _validations(sheet) -> dict[str, tuple[str, str]]:
    return {str(check.sqref): (check.formula1, check.errorStyle) for check in sheet.data_validations.dataValidation}


def test_drop_down_lists_in_the_chosen_language_and_lookups_on_the_sheets(chinese):
    book = load_workbook(chinese)
    people = _validations(book["stakeholders"])
    assert people["G2:G2001"] == ('"坚定支持者,支持者,中立,怀疑者,反对者,未知"', "warning")
    assert people["F2:F2001"][0] == ('"决策者,出资者,采购者,使用者,受益者,标准制定者,促进者,发起人,破坏者,'
                                     '评价者,影响者,信息源,把关人"')
    assert people["O2:O2001"] == ('"内圈,边圈,外圈"', "warning")
    assert people["P2:P2001"] == ('"在职,新任,调动,离职"', "warning")
    assert people["D2:D2001"] == ("departments!$A$2:$A$2001", "information")
    assert people["E2:E2001"] == ("stakeholders!$A$2:$A$2001", "information")
    assert people["N2:N2001"] == ("factions!$A$2:$A$2001", "information")
    contacts = _validations(book["contacts"])
    assert contacts["A2:A2001"] == ("team!$A$2:$A$2001", "information")
    assert contacts["C2:C2001"] == ('"至爱层,亲密层,普通层,同事层,陌生层,最外层"', "warning")
    assert _validations(book["relations"])["C2:C2001"][0] == '"影响,建议,盟友,对手,朋友,亲属,校友"'
    assert _validations(book["departments"])["C2:C2001"][0] == '"决策层,采购部门,技术部门,使用部门,财务部门,法务,外部,其他"'


def test_a_filled_row_with_a_mistake_is_pointed_at_by_sheet_and_row(run, chinese):
    book = load_workbook(chinese)
    people = book["stakeholders"]
    row = people.max_row + 1
    for column, value in {1: "zhao", 2: "赵明", 4: "信息中心", 5: "信息中心主任", 7: "很支持"}.items():
        people.cell(row, column).value = value
    book.save(chinese)
    result = run("check", chinese.name)
    assert result.exit_code == 1
    assert result.output.splitlines()[0] == (
        f"{chinese.name}[stakeholders]!row {row}: stance: expected one of 坚定支持者 (champion), 支持者 (supporter), "
        "中立 (neutral), 怀疑者 (skeptic), 反对者 (opponent), 未知 (unknown) (or a number -2..2), got '很支持'")


def test_an_english_workbook_and_the_name_s_ending(run, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("POWERMAP_LANG", raising=False)
    assert run("init", "Acme Steel.xlsx").exit_code == 0
    book = load_workbook(tmp_path / "Acme Steel.xlsx")
    assert _validations(book["stakeholders"])["G2:G2001"][0] == '"champion,supporter,neutral,skeptic,opponent,unknown"'
    assert book["stakeholders"].cell(1, 5).comment.text == "Their boss: the formal line (an id or a name from this sheet)."
    assert load(tmp_path / "Acme Steel.xlsx").account.id == "acme-steel"
    refused = run("init", "acme.xlsx", "--format", "yaml")
    assert refused.exit_code == 3
    assert "init writes a YAML file or an Excel workbook; give a name ending in .yaml or .xlsx" in refused.stderr
    assert run("init", "Acme Steel.xlsx").exit_code == 3  # never replaces a file
