"""Sales judgement on recommendations and introduction routes: one small account per principle,
each with the answer a key-account director gives at a glance, checked exactly through the
command line (``powermap report FILE -f json``, ``powermap path``, ``powermap plan``).

- Introductions go through people who would make them: a direct contact first; supporters or
  neutral people with a positive tie; never the top decision maker as a stepping stone to his
  own staff, never an opponent; when no acceptable route exists, the answer says so plainly.
- Recommendations: one per person, the strongest fact first and each fact once; ``--top``
  applies; someone we already reach is reached through the member who knows them first; nobody
  on the avoid list is a target.
"""

from __future__ import annotations

import pytest

import json


from conftest import account_file, report_json as report, path_lines, recommendation


# These accounts tell their story in English words (their Chinese is asserted through
# ``message.text("zh")`` and in tests/test_report_zh.py): every report is read in English.
pytestmark = pytest.mark.usefixtures("english")


# --- a direct contact first ------------------------------------------------------------------
# Tomas already knows Colin, if only as a stranger and long ago. The old router preferred
# Priya -> Daniel (the chairman's son) -> Harold (the chairman) -> Colin: warmer on paper, but it
# asks the chairman to introduce us to his own quality manager, when our own Tomas knows him.
KESTREL = """\
account: {id: kestrel-small, name: Kestrel small, stage: proposal, culture: centralized, as_of: 2026-11-15}
team:
  - {id: priya, name: Priya Nair}
  - {id: tomas, name: Tomas Reyes}
stakeholders:
  - {id: harold, name: Harold Kestrel, title: Chairman, roles: [decision_maker, funder], stance: supporter,
     power: {position: 3, allocation: 3}}
  - {id: daniel, name: Daniel Kestrel, title: Sales Director, reports_to: harold, stance: supporter}
  - {id: colin, name: Colin Barrow, title: Quality Manager, reports_to: harold, roles: [evaluator], stance: neutral}
relations:
  - {source: daniel, target: harold, type: kin, weight: 1.0}
contacts:
  - {member: priya, stakeholder: daniel, strength: intimate, last_contact: 2026-11-12}
  - {member: priya, stakeholder: harold, strength: close, last_contact: 2026-11-10}
  - {member: tomas, stakeholder: harold, strength: ordinary, last_contact: 2026-11-01}
  - {member: tomas, stakeholder: colin, strength: stranger, last_contact: 2026-06-12}
"""

# --- never the chairman down to his own vice-president, never an opponent ---------------------
# Nobody knows the vice-president 吴刚. 张伟 knows 孙丽, the chairman's old schoolmate; the chairman
# is 吴刚's boss: 张伟 -> 孙丽 -> 陈国华 -> 吴刚 was the warmest chain. 钱进, 吴刚's friend, is against
# us. The one realistic door: 赵敏, who reports to 吴刚 and whom 李娜 knows (only as a colleague).
DONGLAN = """\
account: {id: donglan-small, name: 东岚钢铁, stage: proposal, culture: centralized, as_of: 2026-11-15}
team:
  - {id: zhangwei, name: 张伟}
  - {id: lina, name: 李娜}
stakeholders:
  - {id: chen, name: 陈国华, title: 董事长, roles: [decision_maker, funder], stance: neutral,
     power: {position: 3, allocation: 3}}
  - {id: wu, name: 吴刚, title: 副总裁, reports_to: chen, roles: [decision_maker], stance: neutral,
     power: {position: 2}}
  - {id: sun, name: 孙丽, title: 质量工程师, reports_to: chen, roles: [spec_setter], stance: supporter}
  - {id: zhao, name: 赵敏, title: 信息部经理, reports_to: wu, stance: champion}
  - {id: qian, name: 钱进, title: 采购部经理, roles: [procurement], stance: opponent}
relations:
  - {source: sun, target: chen, type: alumni, weight: 1.0}
  - {source: qian, target: wu, type: friend, weight: 1.0}
contacts:
  - {member: zhangwei, stakeholder: sun, strength: close, last_contact: 2026-11-10}
  - {member: zhangwei, stakeholder: chen, strength: ordinary, last_contact: 2026-11-01}
  - {member: lina, stakeholder: zhao, strength: colleague, last_contact: 2026-11-12}
  - {member: lina, stakeholder: qian, strength: intimate, last_contact: 2026-11-12}
"""

# --- one line per person, each fact once; the avoid list respected ------------------------------
# The chairman is weakly known (a stranger contact), by Amy only, and long ago: three gaps, one
# action. The vice-chairman is the chairman's rival: on the avoid list, never a target.
NORTHGATE = """\
account: {id: northgate, name: Northgate Power, stage: proposal, culture: centralized, as_of: 2026-11-15}
team:
  - {id: amy, name: Amy Wu}
  - {id: ben, name: Ben Cole}
stakeholders:
  - {id: hal, name: Hal Moreno, title: Chairman, roles: [decision_maker, funder], stance: supporter,
     power: {position: 3, allocation: 3}}
  - {id: fred, name: Fred Quinn, title: Vice-Chairman, reports_to: hal, roles: [influencer], power: {position: 2}}
  - {id: paula, name: Paula Ng, title: Office Director, reports_to: hal, stance: supporter, power: {information: 3}}
  - {id: sam, name: Sam Ito, title: Chief Engineer, reports_to: hal, roles: [spec_setter], stance: neutral,
     power: {knowledge: 3}}
  - {id: rex, name: Rex Dunn, title: Plant Manager, reports_to: hal, roles: [user], stance: supporter}
  - {id: ana, name: Ana Ruiz, title: Maintenance Lead, reports_to: rex, roles: [user], stance: supporter}
  - {id: ivy, name: Ivy Shaw, title: Deputy Finance Manager, reports_to: sam, roles: [funder]}
relations:
  - {source: fred, target: hal, type: rival, weight: 0.9}
  - {source: paula, target: ivy, type: rival, weight: 0.7}
contacts:
  - {member: amy, stakeholder: hal, strength: stranger, last_contact: 2026-06-01}
  - {member: amy, stakeholder: paula, strength: close, last_contact: 2026-11-10}
  - {member: ben, stakeholder: paula, strength: close, last_contact: 2026-11-10}
  - {member: ben, stakeholder: sam, strength: close, last_contact: 2026-11-10}
  - {member: amy, stakeholder: sam, strength: close, last_contact: 2026-11-10}
  - {member: ben, stakeholder: rex, strength: close, last_contact: 2026-11-10}
  - {member: amy, stakeholder: rex, strength: close, last_contact: 2026-11-10}
  - {member: amy, stakeholder: ana, strength: ordinary, last_contact: 2026-11-10}
  - {member: ben, stakeholder: ana, strength: ordinary, last_contact: 2026-11-10}
"""








# --- principle 6: introduction routes ------------------------------------------------------------
def test_a_direct_contact_comes_before_any_chain(run, tmp_path):
    path = account_file(tmp_path, KESTREL, "kestrel.yaml")
    assert path_lines(run, path, "colin") == [
        "Routes to Colin Barrow, as of 2026-11-15:",
        "  1. direct contact: Tomas Reyes -> Colin Barrow",
        "       - Tomas Reyes knows Colin Barrow (stranger, last met 2026-06-12, 156 days ago)",
        "Kept out (would not introduce us):",
        "  Harold Kestrel: Harold Kestrel is the top decision maker and Colin Barrow works under them: "
        "we go up to them, we do not ask them to introduce us to their own staff",
    ]
    actions = {item["target"]: item for item in report(run, path)["recommendations"]}
    assert actions["colin"]["action"] == "Get closer to Colin Barrow (Quality Manager): ask Tomas Reyes (who knows them)"
    said = recommendation(path, "colin")
    assert said.action.text("zh") == "加深与Colin Barrow（Quality Manager）的关系：请认识此人的Tomas Reyes牵线"


def test_when_nobody_would_introduce_us_the_answer_says_so(run, tmp_path):
    # without Tomas's contact the only chain runs through the chairman, down to his own staff
    path = account_file(tmp_path, KESTREL.replace(
        "  - {member: tomas, stakeholder: colin, strength: stranger, last_contact: 2026-06-12}\n", ""), "kestrel.yaml")
    lines = path_lines(run, path, "colin")
    assert lines[:2] == [
        "Routes to Colin Barrow, as of 2026-11-15:",
        "  none: no introduction route to Colin Barrow that we would use: every chain of ties passes through "
        "someone who would not introduce us",
    ]
    actions = {item["target"]: item for item in report(run, path)["recommendations"]}
    assert actions["colin"]["action"] == "Meet Colin Barrow (Quality Manager): no introduction route we would use yet"
    assert actions["colin"]["why"].endswith(
        "no introduction route to Colin Barrow that we would use: every chain of ties passes through someone who "
        "would not introduce us")
    said = recommendation(path, "colin")
    assert said.action.text("zh") == "结识Colin Barrow（Quality Manager）：目前没有可用的引荐路径"


def test_never_the_chairman_down_to_his_vice_president_nor_an_opponent(run, tmp_path):
    path = account_file(tmp_path, DONGLAN, "donglan.yaml")
    assert path_lines(run, path, "wu", "-k", "3")[:7] == [
        "Routes to 吴刚, as of 2026-11-15:",
        "  1. lukewarm route: 李娜 -> 赵敏 -> 吴刚",
        "       - 李娜 knows 赵敏 (colleague, last met 2026-11-12)",
        "       - 赵敏 reports to 吴刚",
        "Kept out (would not introduce us):",
        "  陈国华: 陈国华 is the top decision maker and 吴刚 works under them: we go up to them, we do "
        "not ask them to introduce us to their own staff",
        "  钱进: 钱进 is an opponent: would not open a door for us",
    ]
    data = json.loads(run("path", path, "--to", "wu", "-f", "json").stdout)
    assert [route["path"] for route in data["routes"]] == [["lina", "zhao", "wu"]]
    actions = {item["target"]: item for item in report(run, path)["recommendations"]}
    assert actions["wu"]["action"] == "Meet 吴刚 (副总裁) through 李娜 → 赵敏"
    assert actions["wu"]["why"].endswith("李娜 knows 赵敏 (colleague, last met 2026-11-12); 赵敏 reports to 吴刚")
    said = recommendation(path, "wu")
    assert said.action.text("zh") == "结识吴刚（副总裁），经李娜 → 赵敏引荐"
    assert said.reasons[-2:] == ("李娜 knows 赵敏 (colleague, last met 2026-11-12)", "赵敏 reports to 吴刚")
    assert [reason.text("zh") for reason in said.reasons[-2:]] == ["李娜认识赵敏（同事层，上次见面2026-11-12）",
                                                                  "赵敏向吴刚汇报"]
    # the plan's routes are the same router's
    plan = json.loads(run("plan", path, "--budget", "5", "-f", "json").stdout)
    routes = {step["id"]: step["path"] for step in plan["plan"]}
    assert routes.get("wu", ["lina", "zhao", "wu"]) == ["lina", "zhao", "wu"]
    assert all("chen" not in route[1:-1] and "qian" not in route[1:-1] for route in routes.values())


# --- principle 5: recommendations ---------------------------------------------------------------
def test_one_line_per_person_each_fact_once_and_the_avoid_list_respected(run, tmp_path):
    path = account_file(tmp_path, NORTHGATE, "northgate.yaml")
    actions = report(run, path)["recommendations"]
    assert [item["target"] for item in actions] == ["hal", "ivy", "paula"]  # never fred: on the avoid list
    assert actions[0] == {
        "action": "Get closer to Hal Moreno (Chairman): ask Amy Wu (who knows them)",
        "target": "hal",
        "why": "key person #1; buying roles: decision maker, funder; only Amy Wu knows them (stranger, last met "
               "2026-06-01, 167 days ago); ignored risk: sways key person Sam Ito",
    }
    assert actions[1]["why"] == (
        "key person #5; buying role: funder; nobody on our team knows them; where they stand is unknown; "
        "Amy Wu knows Sam Ito (close, last met 2026-11-10); Ivy Shaw reports to Sam Ito")
    said = recommendation(path, "hal")
    assert said.why.text("zh") == (
        "关键人第1位；角色：决策者、出资者；只有Amy Wu认识此人（陌生层，上次见面2026-06-01，已过167天）；"
        "被忽视的风险：能影响关键人Sam Ito")


def test_top_limits_the_recommendations(run, tmp_path):
    path = account_file(tmp_path, NORTHGATE, "northgate.yaml")
    assert [item["target"] for item in report(run, path, "--top", "2")["recommendations"]] == ["hal", "ivy"]
    result = run("report", path, "--top", "1")
    assert result.exit_code == 0, result.output
    assert "Get closer to Hal Moreno" in result.stdout and "Meet Ivy Shaw" not in result.stdout
