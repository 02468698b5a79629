"""A Chinese account team's typing: names where ids are expected, a Chinese input method's
punctuation, Chinese field names. Each case is a file as such a team writes it, run through
`powermap check` / `report` as they would, with the exact line they get (in English here: the
same lines in Chinese are in test_check_zh.py)."""

from __future__ import annotations

import json

from conftest import EXAMPLES, account_file

from powermap.loaders import load

HEAD = """\
account: {id: names, name: 名字测试, stage: entry, culture: centralized}
team:
  - {id: liu, name: 刘伟}
departments:
  - {id: leaders, name: 领导班子}
  - {id: it, name: 信息中心, parent: 领导班子}
"""


def _report(run, path):
    result = run("report", path, "-f", "json")
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def test_references_by_name_read_as_the_ids_they_name(run, tmp_path):
    path = account_file(tmp_path, HEAD + """\
factions:
  - {id: reform, name: 改革派, leader: 钱伯涛}
stakeholders:
  - {id: chen, name: 陈建国, department: 领导班子, roles: [决策者]}
  - {id: qian, name: 钱伯涛, department: 信息中心, reports_to: 陈建国, faction: 改革派}
relations:
  - {source: 钱伯涛, target: 陈建国, type: influences, weight: 0.6}
contacts:
  - {member: 刘伟, stakeholder: 钱伯涛, strength: close}
""")
    account = load(path)
    qian = account.stakeholder("qian")
    assert (qian.department, qian.reports_to, qian.faction) == ("it", "chen", "reform")
    assert account.stakeholder("chen").department == "leaders"
    assert account.departments_by_id["it"].parent == "leaders"
    assert account.factions_by_id["reform"].leader == "qian"
    assert [(r.source, r.target) for r in account.relations] == [("qian", "chen")]
    assert [(c.member, c.stakeholder) for c in account.contacts] == [("liu", "qian")]
    report = _report(run, path)
    assert report["power_structure"]["metrics"]["formal_top"] == "chen"
    check = run("check", "--lang", "en", path)
    assert check.exit_code == 0, check.output
    assert "warning: the leader" not in check.output  # the leader 钱伯涛 is read as qian, a member


def test_an_id_wins_over_a_name(run, tmp_path):
    """`reports_to: zhao` is the person whose id is zhao, even when another is named zhao."""
    path = account_file(tmp_path, HEAD + """\
stakeholders:
  - {id: zhao, name: 赵总}
  - {id: other, name: zhao}
  - {id: wang, name: 王科长, reports_to: zhao}
""")
    report = _report(run, path)
    assert report["power_structure"]["metrics"]["formal_top"] == "zhao"


def test_a_name_two_people_share_is_refused_naming_both(run, tmp_path):
    path = account_file(tmp_path, HEAD + """\
stakeholders:
  - {id: li1, name: 李伟}
  - {id: li2, name: 李伟}
  - {id: wang, name: 王科长, reports_to: 李伟}
""")
    result = run("check", "--lang", "en", path)
    assert result.exit_code == 1
    assert (f"{path.name}:10: stakeholders[wang].reports_to: 2 stakeholders are named '李伟' (li1, li2): "
            "write the id of the one you mean") in result.output


def test_an_unknown_name_suggests_the_close_name_with_its_id(run, tmp_path):
    path = account_file(tmp_path, HEAD + """\
stakeholders:
  - {id: chen, name: 陈建国}
  - {id: wang, name: 王科长, reports_to: 陈建华}
contacts:
  - {member: 刘为, stakeholder: wang}
""")
    result = run("check", "--lang", "en", path)
    assert result.exit_code == 1
    assert "stakeholders[wang].reports_to: unknown stakeholder '陈建华'; did you mean 陈建国 (chen)?" in result.output
    assert "contacts[1].member: unknown team member '刘为' (expected one of liu (刘伟))" in result.output


def test_full_width_comma_in_a_list_separates_its_items(run, tmp_path):
    path = account_file(tmp_path, HEAD + """\
stakeholders:
  - {id: chen, name: 陈建国, roles: [决策者，出资者], stance: 支持者}
  - {id: qian, name: 钱伯涛, roles: [评价者、使用者；影响者]}
""")
    account = load(path)
    assert [role.value for role in account.stakeholder("chen").roles] == ["decision_maker", "funder"]
    assert [role.value for role in account.stakeholder("qian").roles] == ["evaluator", "user", "influencer"]
    assert run("check", "--lang", "en", path).exit_code == 0


def test_full_width_colon_after_a_key_reads_as_a_colon(run, tmp_path):
    path = account_file(tmp_path, HEAD + """\
stakeholders:
  - id: chen
    name: 陈建国
    title：调度中心副主任
    roles：[决策者]
    notes: |
      周一：开会
""")
    person = load(path).stakeholder("chen")
    assert person.title == "调度中心副主任"
    assert [role.value for role in person.roles] == ["decision_maker"]
    assert person.notes == "周一：开会"  # a colon inside notes stays as typed


def test_a_syntax_error_after_a_full_width_key_is_named_where_it_is(run, tmp_path):
    path = account_file(tmp_path, HEAD + """\
stakeholders:
  - id: chen
    name: 陈建国
    title：调度中心副主任
  - id: qian
    name: 钱伯涛
    broken
""")
    result = run("check", "--lang", "en", path)
    assert result.exit_code == 1
    assert f"{path.name}:14: YAML syntax error: could not find expected ':'" in result.output


def test_a_full_width_colon_inside_a_flow_mapping_is_pointed_at(run, tmp_path):
    path = account_file(tmp_path, HEAD + """\
stakeholders:
  - {id: chen, name: 陈建国, title：主任}
""")
    result = run("check", "--lang", "en", path)
    assert result.exit_code == 1
    assert ("stakeholders[chen].title：主任: unknown field 'title：主任'; a full-width colon '：' follows 'title': "
            "write title: 主任 (an ASCII colon and a space)") in result.output


def test_chinese_field_and_table_names_point_to_the_file_s_names(run, tmp_path):
    path = account_file(tmp_path, HEAD + """\
stakeholders:
  - id: chen
    name: 陈建国
    职务: 主任
    备注: 周一开会
    phone: 13800000000
关系: []
""")
    result = run("check", "--lang", "en", path)
    assert result.exit_code == 1
    name = path.name
    assert (f"{name}:10: stakeholders[chen].职务: unknown field '职务'; did you mean 'title'? "
            "(职务 is called title in the account file)") in result.output
    assert (f"{name}:11: stakeholders[chen].备注: unknown field '备注'; did you mean 'notes'? "
            "(备注 is called notes in the account file)") in result.output
    assert (f"{name}:12: stakeholders[chen].phone: unknown field 'phone'; the account file keeps no contact "
            "details (phone, e-mail): they stay in your CRM, or in notes") in result.output
    assert (f"{name}:13: 关系: unknown table '关系'; did you mean 'relations'? "
            "(关系 is called relations in the account file)") in result.output


def test_a_chinese_column_of_a_csv_folder_points_to_the_field(run, tmp_path):
    folder = tmp_path / "acct"
    folder.mkdir()
    (folder / "account.csv").write_text("id,name\nx,测试\n", encoding="utf-8")
    (folder / "stakeholders.csv").write_text("id,name,职务\nchen,陈建国,主任\n", encoding="utf-8")
    result = run("check", "--lang", "en", folder)
    assert result.exit_code == 1
    assert "unknown column '职务'; did you mean 'title'? (职务 is called title in the account file)" in result.output


def test_a_value_refused_in_chinese_lists_the_chinese_terms(run, tmp_path):
    path = account_file(tmp_path, HEAD + """\
stakeholders:
  - {id: chen, name: 陈建国, roles: [老板], stance: 铁哥们}
""")
    result = run("check", "--lang", "en", path)
    assert result.exit_code == 1
    assert ("stakeholders[chen].roles: expected one of 决策者 (decision_maker), 出资者 (funder), 采购者 (procurement), "
            "使用者 (user), 受益者 (beneficiary), 标准制定者 (spec_setter), 促进者 (champion), 发起人 (trigger), "
            "破坏者 (saboteur), 评价者 (evaluator), 影响者 (influencer), 信息源 (information_source), "
            "把关人 (gatekeeper), got '老板'") in result.output
    assert ("stakeholders[chen].stance: expected one of 坚定支持者 (champion), 支持者 (supporter), 中立 (neutral), "
            "怀疑者 (skeptic), 反对者 (opponent), 未知 (unknown) (or a number -2..2), got '铁哥们'") in result.output


PROVINCIAL = EXAMPLES / "provincial-energy-group.yaml"


def test_a_person_on_the_command_line_may_be_named(run, tmp_path):
    by_id = run("path", PROVINCIAL, "--to", "qian-zgs", "--from", "liu-xs", "-f", "json")
    by_name = run("path", PROVINCIAL, "--to", "钱伯涛", "--from", "刘晓松", "-f", "json")
    assert by_id.exit_code == 0, by_id.output
    assert by_name.stdout == by_id.stdout
    simulated = run("simulate", PROVINCIAL, "--set", "钱伯涛.stance=支持者", "--add-contact", "刘晓松:钱伯涛:亲密层", "-f", "json")
    same = run("simulate", PROVINCIAL, "--set", "qian-zgs.stance=supporter", "--add-contact", "liu-xs:qian-zgs:close", "-f", "json")
    assert simulated.exit_code == 0, simulated.output
    named, typed = json.loads(simulated.stdout), json.loads(same.stdout)
    assert (named["after"], named["changes"]) == (typed["after"], typed["changes"])
    result = run("map", PROVINCIAL, "--focus", "张国栋", "--path-to", "钱伯涛", "-o", tmp_path / "map.html")
    assert result.exit_code == 0, result.output


def test_an_unknown_name_on_the_command_line_names_the_option_and_the_close_name(run, monkeypatch):
    monkeypatch.delenv("POWERMAP_LANG", raising=False)
    result = run("path", PROVINCIAL, "--to", "钱志刚")  # a Chinese account: said in Chinese
    assert result.exit_code == 2
    assert result.stderr == "--to：找不到人员 '钱志刚'；是不是 曹志刚 (cao-flb)？\n"
    result = run("path", PROVINCIAL, "--to", "钱志刚", "--lang", "en")
    assert result.stderr == "--to: unknown stakeholder '钱志刚'; did you mean 曹志刚 (cao-flb)?\n"
    result = run("path", PROVINCIAL, "--to", "qian-zgs", "--from", "刘小松", "--lang", "en")
    assert result.exit_code == 2
    assert result.stderr == "--from: unknown team member '刘小松'; did you mean 刘晓松 (liu-xs)?\n"


def test_two_files_with_one_account_id_are_not_two_rows_of_the_portfolio(run, tmp_path):
    folder = tmp_path / "accounts"
    folder.mkdir()
    text = PROVINCIAL.read_text(encoding="utf-8")
    (folder / "a.yaml").write_text(text, encoding="utf-8")
    (folder / "b.yaml").write_text(text.replace("name: 东岚省能源投资集团", "name: 西岚省能源投资集团"), encoding="utf-8")
    (folder / "c.yaml").write_text(text, encoding="utf-8")
    result = run("portfolio", folder, "-f", "json")
    data = json.loads(result.stdout)
    assert [row["name"][:9] for row in data["accounts"]] == ["东岚省能源投资集团"]
    assert data["errors"] == [
        {"file": str(folder / "b.yaml"), "message": (
            f"{folder / 'b.yaml'}: has the account id 'provincial-energy-erp' of {folder / 'a.yaml'}: two accounts "
            "would share one row and one map file; give each its own account.id")},
        {"file": str(folder / "c.yaml"), "message": (
            f"{folder / 'c.yaml'}: the same account as {folder / 'a.yaml'}, in another form: shown once")}]


def test_a_scenario_may_name_the_new_boss_department_or_faction(run):
    named = run("simulate", PROVINCIAL, "--set", "钱伯涛.reports_to=王志远", "-f", "json")
    typed = run("simulate", PROVINCIAL, "--set", "qian-zgs.reports_to=wang-fz", "-f", "json")
    assert named.exit_code == 0, named.output
    assert json.loads(named.stdout)["after"] == json.loads(typed.stdout)["after"]
    wrong = run("simulate", PROVINCIAL, "--set", "钱伯涛.reports_to=王志钢")
    assert wrong.exit_code == 2
    assert wrong.stderr == "钱伯涛.reports_to=王志钢：找不到人员 '王志钢'；是不是 王志远 (wang-fz)？\n"
    english = run("simulate", PROVINCIAL, "--set", "钱伯涛.reports_to=王志钢", "--lang", "en")
    assert english.stderr == "钱伯涛.reports_to=王志钢: unknown stakeholder '王志钢'; did you mean 王志远 (wang-fz)?\n"
