"""`powermap check` in its reader's language: a file written in Chinese is told its problems,
warnings and summary in Chinese (``--lang auto``, the default), the same file with ``--lang en``
in the English the other tests hold, and a file written in English stays English.

The Chinese lines are written out here as a Chinese sales manager reads them (field names, ids,
file names and quoted values as typed), not taken from the catalog.
"""

from __future__ import annotations

import pytest
from conftest import account_file

from powermap.checks import file_language
from powermap.errors import more_line

# A Chinese account with one problem of each kind: a reference to nobody (a name close to
# another's), a required field left out, values that are no stance and no role, a team member
# written by a wrong name.
WITH_ERRORS = """\
# 华东电网调度系统项目
account: {id: huadong, name: 华东电网, grade: B, stage: 销售进入, culture: 集权}
team:
  - {id: liu, name: 刘伟}
departments:
  - {id: leaders, name: 领导班子}
stakeholders:
  - {id: chen, name: 陈国华, title: 总经理, department: leaders}
  - {id: wang, name: 王志远, title: 调度中心副主任, department: leaders, reports_to: 陈建华}
  - {id: zhao, title: 信息中心主任, department: leaders, stance: 铁哥们}
  - {id: li, name: 李明, title: 物资部主任, roles: [采购者, 老板]}
contacts:
  - {member: 刘为, stakeholder: chen, strength: 亲密层}
"""

ROLES_ZH = ("决策者 (decision_maker)、出资者 (funder)、采购者 (procurement)、使用者 (user)、受益者 (beneficiary)、"
            "标准制定者 (spec_setter)、促进者 (champion)、发起人 (trigger)、破坏者 (saboteur)、评价者 (evaluator)、"
            "影响者 (influencer)、信息源 (information_source)、把关人 (gatekeeper)")
ROLES_EN = ("决策者 (decision_maker), 出资者 (funder), 采购者 (procurement), 使用者 (user), 受益者 (beneficiary), "
            "标准制定者 (spec_setter), 促进者 (champion), 发起人 (trigger), 破坏者 (saboteur), 评价者 (evaluator), "
            "影响者 (influencer), 信息源 (information_source), 把关人 (gatekeeper)")

# The same account with a key typed without its colon: YAML cannot read it.
WITH_SYNTAX_ERROR = """\
account: {id: huadong, name: 华东电网}
stakeholders:
  - id: chen
    name: 陈国华
    title 总经理
    department: leaders
"""

# The account fixed, with two things to look at: a person without a department, and a
# contact with someone who has left.
WITH_WARNINGS = """\
account: {id: huadong, name: 华东电网, grade: B, stage: 销售进入, culture: 集权}
team:
  - {id: liu, name: 刘伟}
departments:
  - {id: leaders, name: 领导班子}
stakeholders:
  - {id: chen, name: 陈国华, title: 总经理, department: leaders, roles: [决策者, 出资者, 采购者, 使用者, 评价者, 标准制定者]}
  - {id: wang, name: 王志远, title: 调度中心副主任, reports_to: chen, status: 离职}
contacts:
  - {member: liu, stakeholder: chen, strength: 亲密层}
  - {member: liu, stakeholder: wang, strength: 普通层}
"""

ENGLISH = """\
account: {id: acme, name: Acme Grid, stage: entry, culture: centralized}
team:
  - {id: me, name: Mia}
stakeholders:
  - {id: ann, name: Ann Lee, title: CIO}
  - {id: bob, name: Bob Stone, reports_to: Ann Leigh}
"""


@pytest.fixture(autouse=True)
def _no_language_variable(monkeypatch):
    monkeypatch.delenv("POWERMAP_LANG", raising=False)


def test_the_problems_of_a_chinese_file_are_said_in_chinese(run, tmp_path):
    path = account_file(tmp_path, WITH_ERRORS, "华东电网.yaml")
    result = run("check", path)
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        f"{path}:9: stakeholders[wang].reports_to: 找不到人员 '陈建华'；是不是 陈国华 (chen)？",
        f"{path}:10: stakeholders[zhao].name: 必填，但没有填写",
        f"{path}:10: stakeholders[zhao].stance: 应填以下之一：坚定支持者 (champion)、支持者 (supporter)、中立 (neutral)、"
        "怀疑者 (skeptic)、反对者 (opponent)、未知 (unknown)（或 -2..2 的数字），填的是 '铁哥们'",
        f"{path}:11: stakeholders[li].roles: 应填以下之一：{ROLES_ZH}，填的是 '老板'",
        f"{path}:13: contacts[1].member: 找不到我方成员 '刘为'（应为以下之一：liu (刘伟)）",
    ]
    assert result.stdout == f"{path}：有 5 个错误，未能读入\n"


def test_the_same_file_in_english(run, tmp_path):
    path = account_file(tmp_path, WITH_ERRORS, "华东电网.yaml")
    result = run("check", path, "--lang", "en")
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        f"{path}:9: stakeholders[wang].reports_to: unknown stakeholder '陈建华'; did you mean 陈国华 (chen)?",
        f"{path}:10: stakeholders[zhao].name: required, but missing",
        f"{path}:10: stakeholders[zhao].stance: expected one of 坚定支持者 (champion), 支持者 (supporter), 中立 (neutral), "
        "怀疑者 (skeptic), 反对者 (opponent), 未知 (unknown) (or a number -2..2), got '铁哥们'",
        f"{path}:11: stakeholders[li].roles: expected one of {ROLES_EN}, got '老板'",
        f"{path}:13: contacts[1].member: unknown team member '刘为' (expected one of liu (刘伟))",
    ]
    assert result.stdout == f"{path}: 5 errors; not loaded\n"


def test_a_yaml_syntax_error_in_a_chinese_file(run, tmp_path):
    path = account_file(tmp_path, WITH_SYNTAX_ERROR)
    result = run("check", path)
    assert result.exit_code == 1
    assert result.stderr == f"{path}:6: YAML 格式错误：找不到应有的冒号 ':'（上一个 字段: 值 写完整了吗？）\n"
    assert result.stdout == f"{path}：有 1 个错误，未能读入\n"
    english = run("check", path, "--lang", "en")
    assert english.stderr == f"{path}:6: YAML syntax error: could not find expected ':'\n"
    assert english.stdout == f"{path}: 1 error; not loaded\n"


def test_the_warnings_and_the_summary_of_a_chinese_account(run, tmp_path):
    path = account_file(tmp_path, WITH_WARNINGS)
    result = run("check", path)
    assert result.exit_code == 0
    assert result.stderr.splitlines() == [
        f"{path}:8: stakeholders[wang]: 警告：没有填写部门：此人不计入任何部门的覆盖",
        f"{path}:11: contacts[2].stakeholder: 警告：联系的 'wang' 已离职",
    ]
    assert result.stdout.splitlines() == [
        f"{path}：检查通过：huadong '华东电网'（B级、销售进入、集权）",
        "  客户方人员 2 人（1 人已离职），我方团队 1 人，部门 1 个，派系 0 个，关系 0 条，联系 2 条；警告 2 条",
    ]
    assert run("check", "--strict", path).exit_code == 1
    english = run("check", path, "--lang", "en")
    assert english.stderr.splitlines() == [
        f"{path}:8: stakeholders[wang]: warning: no department: this person counts toward no department's coverage",
        f"{path}:11: contacts[2].stakeholder: warning: contact with 'wang', who has left",
    ]
    assert english.stdout.splitlines() == [
        f"{path}: ok: huadong '华东电网' (grade B, entry, centralized)",
        "  2 stakeholders (1 left), 1 on our team, 1 department, 0 factions, 0 relations, 2 contacts; 2 warnings",
    ]


def test_a_missing_key_role_is_named_in_chinese(run, tmp_path):
    path = account_file(tmp_path, "account: {id: hd, name: 华东电网, stage: entry, culture: centralized}\n"
                                  "stakeholders:\n  - {id: chen, name: 陈国华, title: 总经理, department: 领导班子}\n"
                                  "departments:\n  - {id: leaders, name: 领导班子}\n")
    result = run("check", path)
    assert result.exit_code == 0
    assert result.stderr == (f"{path}:1: account: 警告：这些关键角色还没有对应的在职人员："
                             "决策者、出资者、采购者、使用者、评价者、标准制定者；是谁？\n")


def test_an_english_file_stays_english(run, tmp_path):
    path = account_file(tmp_path, ENGLISH)
    result = run("check", path)
    assert result.exit_code == 1
    assert result.stderr == f"{path}:6: stakeholders[bob].reports_to: unknown stakeholder 'Ann Leigh'; did you mean Ann Lee (ann)?\n"
    assert result.stdout == f"{path}: 1 error; not loaded\n"
    fixed = account_file(tmp_path, ENGLISH.replace("Ann Leigh", "ann"), "fixed.yaml")
    loaded = run("check", fixed)
    assert loaded.exit_code == 0
    assert loaded.stdout.splitlines()[0] == f"{fixed}: ok: acme 'Acme Grid' (entry, centralized)"


def test_the_language_asked_for_wins(run, tmp_path, monkeypatch):
    path = account_file(tmp_path, ENGLISH)
    monkeypatch.setenv("POWERMAP_LANG", "zh")
    said = run("check", path)
    assert said.stderr == f"{path}:6: stakeholders[bob].reports_to: 找不到人员 'Ann Leigh'；是不是 Ann Lee (ann)？\n"
    assert said.stdout == f"{path}：有 1 个错误，未能读入\n"
    assert run("check", path, "--lang", "en").stdout == f"{path}: 1 error; not loaded\n"  # the option over the variable
    wrong = run("check", path, "--lang", "fr")
    assert wrong.exit_code == 2
    assert wrong.stderr == "--lang：不认识的语言 'fr'；请用 zh、en 或 auto\n"  # said as $POWERMAP_LANG asks
    assert str(path) not in wrong.output  # refused before any file is read
    monkeypatch.delenv("POWERMAP_LANG")
    assert run("check", path, "--lang", "fr").stderr == "--lang: unknown language 'fr'; use zh, en or auto\n"


def test_the_language_of_a_file_that_did_not_load(tmp_path):
    chinese = account_file(tmp_path, WITH_SYNTAX_ERROR, "zh.yaml")
    english = account_file(tmp_path, ENGLISH + "  - id: x\n    name Broken\n", "en.yaml")
    assert file_language(chinese) == "zh"
    assert file_language(english) == "en"
    assert file_language(english, "zh") == "zh"
    json_file = tmp_path / "zh.json"
    json_file.write_text('{"account": {"id": "hd", "name": "华东电网"}, "stakeholders": [{"id": "chen", '
                         '"name": "陈国华", "title": "总经理"},]}', encoding="utf-8")
    assert file_language(json_file) == "zh"
    folder = tmp_path / "csv"  # no name lines: judged by its lines, 3 of 5 holding Chinese
    folder.mkdir()
    (folder / "account.csv").write_text("id,name\nhd,华东电网\n", encoding="utf-8")
    (folder / "stakeholders.csv").write_text("id,name,title\nchen,陈国华,总经理\nwang,王志远,副主任\n", encoding="utf-8")
    assert file_language(folder) == "zh"
    (folder / "stakeholders.csv").write_text("id,name,title\nchen,Chen Guohua,GM\nwang,王志远,副主任\n", encoding="utf-8")
    assert file_language(folder) == "en"  # 2 of 5: not most
    assert file_language(tmp_path / "missing.yaml") == "en"  # nothing to judge by


def test_the_line_for_issues_not_kept():
    assert more_line("a.yaml", 3, lang="zh") == "a.yaml: ……另有 3 个错误（先改正上面这些）"
    assert more_line("a.yaml", 1, "warning", lang="zh") == "a.yaml: ……另有 1 条警告"
    assert more_line("a.yaml", 3) == "a.yaml: ... and 3 more errors (fix these first)"
