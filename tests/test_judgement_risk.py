"""Sales judgement on people to use and people to watch: one small account per principle, each
with the answer a key-account director gives at a glance, checked exactly through the command
line (``powermap report FILE -f json`` and the terminal table).

- Inside contacts help without burning themselves or us: never the top leader's rival, never
  the decider themself, never someone transferred or gone; the top leader's inner circle is
  named as an exposure risk; no reason contradicts another.
- Ignored risks name the strongest reason first: a family tie to the top leader before whom
  they sway; such a hostile person close to a competitor is among the first three actions.
- The avoid list: the top leader's rivals, whatever their stance, and people at odds with many.
"""

from __future__ import annotations

import pytest

import csv
import re

from powermap.analysis.account_analysis import Analysis
from powermap.loaders import load

from conftest import EXAMPLES, account_file, report_json as report


# These accounts tell their story in English words (their Chinese is asserted through
# ``message.text("zh")`` and in tests/test_report_zh.py): every report is read in English.
pytestmark = pytest.mark.usefixtures("english")


# --- inside contacts ---------------------------------------------------------------------------
# The deputy CEO is the chief executive's open rival and the closest to us of all; the chief
# executive herself is a supporter we know well; a plant manager who supported us was moved to
# another post, and our old sponsor left. The office director, in the chief executive's inner
# circle, is the one who can tell us what goes on - and the one exposure would burn.
CONTACTS = """\
account:
  id: harbor-logistics
  name: Harbor Logistics WMS
  stage: negotiation
  culture: centralized
  as_of: 2026-11-15
team:
  - {id: amy, name: Amy Wu}
  - {id: ben, name: Ben Ortiz}
stakeholders:
  - {id: grace, name: Grace Chen, title: Chief Executive, roles: [decision_maker, funder], stance: supporter,
     power: {position: 3, allocation: 3}}
  - {id: victor, name: Victor Lam, title: Deputy CEO, reports_to: grace, roles: [influencer], stance: supporter,
     power: {position: 2, information: 3, interpersonal: 2}}
  - {id: ivan, name: Ivan Holt, title: Procurement Director, reports_to: grace, roles: [procurement], stance: neutral,
     power: {position: 2}}
  - {id: fay, name: Fay Moss, title: CFO, reports_to: grace, roles: [funder], stance: neutral,
     power: {position: 2, allocation: 2}}
  - {id: sara, name: Sara Diaz, title: Engineering Director, reports_to: grace, roles: [spec_setter], stance: neutral,
     power: {knowledge: 3}}
  - {id: paula, name: Paula Ng, title: Office Director, reports_to: grace, circle: inner, stance: supporter,
     power: {information: 2}}
  - {id: kim, name: Kim Lee, title: Quality Engineer, reports_to: ivan, stance: supporter,
     power: {knowledge: 2, interpersonal: 2}}
  - {id: tom, name: Tom Reed, title: Plant Manager, reports_to: grace, stance: supporter, status: transferred}
  - {id: leo, name: Leo Park, title: former IT Director, stance: champion, status: left}
relations:
  - {source: victor, target: grace, type: rival, weight: 0.9}
contacts:
  - {member: amy, stakeholder: grace, strength: close, last_contact: 2026-11-12}
  - {member: ben, stakeholder: victor, strength: intimate, last_contact: 2026-11-14}
  - {member: amy, stakeholder: paula, strength: close, last_contact: 2026-11-10}
  - {member: ben, stakeholder: kim, strength: colleague, last_contact: 2026-11-01}
  - {member: amy, stakeholder: tom, strength: close, last_contact: 2026-11-05}
  - {member: amy, stakeholder: leo, strength: intimate, last_contact: 2026-07-01}
"""

# --- ignored risks -----------------------------------------------------------------------------
# The chairman's brother-in-law is against us, close to the competitor, and nobody has met him;
# he also leans on the QA engineer who writes the acceptance spec.
RISKS = """\
account:
  id: donglan-steel
  name: 东岚钢铁 质量追溯系统
  stage: proposal
  culture: centralized
  competitors: [远航软件]
  as_of: 2026-11-15
team:
  - {id: zhangwei, name: 张伟}
  - {id: lina, name: 李娜}
stakeholders:
  - {id: chen, name: 陈国华, title: 董事长, roles: [decision_maker, funder], stance: neutral,
     power: {position: 3, allocation: 3}}
  - {id: wu, name: 吴刚, title: 副总裁, reports_to: chen, roles: [decision_maker], stance: supporter,
     power: {position: 2, allocation: 2}}
  - {id: sun, name: 孙丽, title: 质量工程师, reports_to: wu, roles: [spec_setter, evaluator], stance: neutral,
     power: {knowledge: 3}}
  - {id: zhao, name: 赵敏, title: 信息部经理, reports_to: wu, roles: [spec_setter], stance: champion,
     power: {knowledge: 2}}
  - {id: qian, name: 钱进, title: 采购部经理, reports_to: wu, roles: [procurement], stance: neutral,
     power: {position: 1}}
  - {id: liu, name: 刘强, title: 行政顾问, stance: opponent, close_to_competitor: 远航软件}
relations:
  - {source: liu, target: chen, type: kin, weight: 1.0, notes: 董事长的妹夫}
  - {source: liu, target: sun, type: influences, weight: 0.6}
contacts:
  - {member: zhangwei, stakeholder: chen, strength: ordinary, last_contact: 2026-11-01}
  - {member: zhangwei, stakeholder: wu, strength: close, last_contact: 2026-11-10}
  - {member: lina, stakeholder: wu, strength: close, last_contact: 2026-11-10}
  - {member: lina, stakeholder: zhao, strength: intimate, last_contact: 2026-11-12}
  - {member: zhangwei, stakeholder: sun, strength: colleague, last_contact: 2026-11-02}
"""

# --- the avoid list ----------------------------------------------------------------------------
# The vice-chairman lost the race for the top job and courts us; the board secretary is the
# chairman's rival too, and against us; the plant manager has fallen out with three people; the
# IT manager's only rivalry is with the chief engineer (not the top leader); the former CFO, the
# chairman's bitterest rival, has left.
AVOID = """\
account:
  id: northgate-power
  name: Northgate Power DCS upgrade
  stage: proposal
  culture: centralized
  as_of: 2026-11-15
team:
  - {id: amy, name: Amy Wu}
stakeholders:
  - {id: hal, name: Hal Moreno, title: Chairman, roles: [decision_maker, funder], stance: neutral,
     power: {position: 3, allocation: 3}}
  - {id: fred, name: Fred Quinn, title: Vice-Chairman, reports_to: hal, roles: [influencer], stance: supporter,
     power: {position: 2, interpersonal: 2}}
  - {id: olga, name: Olga Berg, title: Board Secretary, reports_to: hal, stance: opponent,
     power: {information: 2}}
  - {id: sam, name: Sam Ito, title: Chief Engineer, reports_to: hal, roles: [spec_setter], stance: neutral,
     power: {knowledge: 3}}
  - {id: rex, name: Rex Dunn, title: Plant Manager, reports_to: hal, roles: [user], stance: neutral}
  - {id: ana, name: Ana Ruiz, title: Maintenance Lead, reports_to: rex, roles: [user], stance: supporter}
  - {id: ben, name: Ben Cole, title: Shift Supervisor, reports_to: rex, roles: [user], stance: neutral}
  - {id: cara, name: Cara Lin, title: IT Manager, reports_to: sam, roles: [evaluator], stance: supporter}
  - {id: walt, name: Walt Gray, title: former CFO, stance: supporter, status: left}
relations:
  - {source: fred, target: hal, type: rival, weight: 0.9}
  - {source: hal, target: olga, type: rival, weight: 0.6}
  - {source: rex, target: ana, type: rival}
  - {source: rex, target: ben, type: rival}
  - {source: rex, target: cara, type: rival}
  - {source: cara, target: sam, type: rival, weight: 0.5}
  - {source: walt, target: hal, type: rival, weight: 1.0}
contacts:
  - {member: amy, stakeholder: fred, strength: ordinary, last_contact: 2026-10-18}
  - {member: amy, stakeholder: cara, strength: close, last_contact: 2026-11-10}
  - {member: amy, stakeholder: hal, strength: close, last_contact: 2026-11-10}
"""




def section(table: str, title: str, after: str) -> str:
    """The text of one terminal table, from its title to the next one's."""
    return table[table.index(title):table.index(after)]


def one_line(text: str) -> str:
    """Terminal table text with the box drawing and the wrapping taken out."""
    return re.sub(r"\s+", " ", re.sub(r"[│┃┏┓┗┛┡┩└┘━─┳┻╇┼┬┴]", " ", text)).strip()


# --- inside contacts ---------------------------------------------------------------------------

def test_inside_contacts_never_burn_themselves_or_us(run, tmp_path):
    path = account_file(tmp_path, CONTACTS, "harbor.yaml")
    data = report(run, path)
    assert data["inside_contacts"] == [
        {"id": "paula", "name": "Paula Ng", "score": data["inside_contacts"][0]["score"],
         "reasons": ["a supporter", "close contact of Amy Wu, last met 2026-11-10", "moderate information power",
                     "in the inner circle of Grace Chen", "direct tie to key person Grace Chen"],
         "risks": ["exposure would burn them with the top leader Grace Chen (Chief Executive)",
                   "only Amy Wu of our team knows them"]},
        {"id": "kim", "name": "Kim Lee", "score": data["inside_contacts"][1]["score"],
         "reasons": ["a supporter", "colleague contact of Ben Ortiz, last met 2026-11-01",
                     "direct tie to key person Ivan Holt"],
         "risks": ["only Ben Ortiz of our team knows them"]},
    ]
    # the rival of the chief executive is not an inside contact but on the avoid list, with why
    assert data["avoid"] == [{"id": "victor", "name": "Victor Lam", "reasons": [
        "rival of the top leader Grace Chen (Chief Executive)",
        "our team is seen with them: intimate contact of Ben Ortiz, last met 2026-11-14"]}]
    cultivate = [item for item in data["recommendations"] if item["action"].startswith("Cultivate")]
    assert [item["target"] for item in cultivate] == ["paula"]

    table = run("report", path).stdout
    inside = section(table, "Inside contacts", "Ignored risks")
    people = [row.split("│")[1].strip() for row in inside.splitlines() if row.startswith("│") and row.split("│")[1].strip()]
    assert people == ["Paula Ng", "Kim Lee"]  # not Victor Lam, Grace Chen, Tom Reed or Leo Park
    for name in ("Victor Lam", "Tom Reed", "Leo Park"):
        assert name not in one_line(inside)

    said = Analysis(load(path)).inside_contacts[0]
    assert [line.text("zh") for line in said.reasons] == [
        "支持者", "与Amy Wu处于亲密层，最近一次接触2026-11-10", "信息权力中等", "Grace Chen的内圈人",
        "与关键人Grace Chen有直接关系"]
    assert [line.text("zh") for line in said.risks] == [
        "一旦暴露，会失去大领导Grace Chen（Chief Executive）的信任", "我方仅Amy Wu与其有联系"]


def test_no_reason_names_a_rival_as_a_tie(run, tmp_path):
    """A supporter who reports to a key person and is that person's rival: the formal line is not
    read as a tie to them, and the rivalry is named once, as a risk."""
    text = CONTACTS.replace("  - {source: victor, target: grace, type: rival, weight: 0.9}\n",
                            "  - {source: victor, target: grace, type: rival, weight: 0.9}\n"
                            "  - {source: kim, target: ivan, type: rival}\n")
    data = report(run, account_file(tmp_path, text, "harbor-rival.yaml"))
    kim = next(item for item in data["inside_contacts"] if item["id"] == "kim")
    assert kim["reasons"] == ["a supporter", "colleague contact of Ben Ortiz, last met 2026-11-01"]
    assert kim["risks"] == ["rival of key person Ivan Holt", "only Ben Ortiz of our team knows them"]


# --- ignored risks -----------------------------------------------------------------------------

def test_a_family_tie_to_the_top_leader_is_the_first_reason_and_among_the_first_actions(run, tmp_path):
    path = account_file(tmp_path, RISKS, "donglan.yaml")
    data = report(run, path)
    first = data["ignored_risks"][0]
    assert (first["id"], first["reasons"]) == ("liu", [
        "family of the top leader 陈国华 (董事长)",
        "sways key person 孙丽",
        "opponent",
        "close to competitor 远航软件",
        "nobody on our team has met them",
    ])
    assert [(risk["id"], risk["reasons"]) for risk in data["ignored_risks"][1:]] == [
        ("sun", ["key person #3", "not on our side yet (neutral)", "only a weak contact: colleague contact of 张伟, last met 2026-11-02"]),
        ("qian", ["not on our side yet (neutral)", "nobody on our team has met them"]),  # #5, below the break after the 4th: not a key person
        ("chen", ["key person #1", "sways key person 吴刚", "not on our side yet (neutral)"]),
    ]
    actions = data["recommendations"]
    assert actions[0]["target"] == "liu"
    assert actions[0]["action"].startswith("Win over or neutralise 刘强 (行政顾问)")
    assert actions[0]["why"].startswith("ignored risk: family of the top leader 陈国华 (董事长), sways key person 孙丽")

    table = one_line(section(run("report", path).stdout, "Ignored risks", "Factions"))
    assert table.startswith("Ignored risks Person Score Why 刘强 0.94 ") and "family of the top leader 陈国华 (董事长); sways key person 孙丽; opponent" in table

    said = Analysis(load(path)).ignored_risks[0]
    assert [line.text("zh") for line in said.reasons] == [
        "大领导陈国华（董事长）的亲属", "能影响关键人孙丽", "反对者", "与竞争对手远航软件走得近", "我方无人见过"]


# --- the avoid list ----------------------------------------------------------------------------

def test_the_avoid_list_names_whom_not_to_be_seen_with(run, tmp_path):
    path = account_file(tmp_path, AVOID, "northgate.yaml")
    data = report(run, path)
    assert list(data)[list(data).index("ignored_risks") + 1] == "avoid"
    assert data["avoid"] == [
        {"id": "fred", "name": "Fred Quinn", "reasons": [
            "rival of the top leader Hal Moreno (Chairman)",
            "our team is seen with them: ordinary contact of Amy Wu, last met 2026-10-18"]},
        {"id": "olga", "name": "Olga Berg", "reasons": ["rival of the top leader Hal Moreno (Chairman)"]},
        {"id": "rex", "name": "Rex Dunn", "reasons": ["at odds with 3 people: Ana Ruiz, Ben Cole, Cara Lin"]},
    ]
    # Cara, the chief engineer's rival (not the top leader's), stays an inside contact
    assert [item["id"] for item in data["inside_contacts"]] == ["cara"]

    table = run("report", path).stdout
    shown = one_line(section(table, "Avoid: being seen with them costs us", "Factions"))
    assert shown.startswith("Avoid: being seen with them costs us Person Why Fred Quinn rival of the top leader")
    assert "Olga Berg rival of the top leader Hal Moreno (Chairman)" in shown
    assert "Rex Dunn at odds with 3 people: Ana Ruiz, Ben Cole, Cara Lin" in shown
    markdown = run("report", path, "-f", "markdown").stdout
    assert ("## Avoid\n\nBeing seen with these people costs us with the top leader or with many others.\n\n"
            "| Person | Why |\n|---|---|\n"
            "| Fred Quinn | rival of the top leader Hal Moreno (Chairman); our team is seen with them: "
            "ordinary contact of Amy Wu, last met 2026-10-18 |\n") in markdown
    folder = tmp_path / "csv"
    assert run("report", path, "-f", "csv", "-o", folder).exit_code == 0
    with (folder / "avoid.csv").open(encoding="utf-8-sig", newline="") as written:
        avoided = list(csv.DictReader(written))
    assert [row["id"] for row in avoided] == ["fred", "olga", "rex"]
    assert avoided[0] == {
        "id": "fred", "name": "Fred Quinn",
        "reasons": "rival of the top leader Hal Moreno (Chairman); our team is seen with them: "
                   "ordinary contact of Amy Wu, last met 2026-10-18"}

    said = Analysis(load(path)).avoid
    assert [line.text("zh") for line in said[0].reasons] == [
        "大领导Hal Moreno（Chairman）的对手", "我方已与其有往来：与Amy Wu处于普通层，最近一次接触2026-10-18"]
    assert said[2].reasons[0].text("zh") == "与3人不和：Ana Ruiz、Ben Cole、Cara Lin"


def test_nobody_to_avoid_leaves_no_section(run, tmp_path):
    path = account_file(tmp_path, RISKS, "donglan.yaml")
    assert report(run, path)["avoid"] == []
    assert "Avoid" not in run("report", path).stdout
    assert "## Avoid" not in run("report", path, "-f", "markdown").stdout


def test_the_vice_chairman_the_chairman_dislikes_is_in_the_report(run):
    """provincial-energy-group: 冯立群, the chairman's beaten rival, courts us; the seeds say not
    to be seen with him. He is on the avoid list and is nobody's inside contact."""
    data = report(run, EXAMPLES / "provincial-energy-group.yaml")
    assert data["avoid"] == [{"id": "feng-fdsz", "name": "冯立群", "reasons": [
        "rival of the top leader 张国栋 (党委书记、董事长)",
        "our team is seen with them: ordinary contact of 刘晓松, last met 2026-10-18"]}]
    contacts = [item["id"] for item in data["inside_contacts"]]
    for person in ("feng-fdsz", "zhang-dsz", "li-zjl", "zhou-yfz", "tang-lz"):
        assert person not in contacts  # the rival, the deciders, the transferred, the departed
    lin = next(item for item in data["inside_contacts"] if item["id"] == "lin-bgs")
    assert lin["risks"][0] == "exposure would burn them with the top leader 张国栋 (党委书记、董事长)"
