"""Words that mean two things, and peers who decide together: one small account each.

- **Message context.** "champion" is a buying role (促进者, the seeds' 促进的人: the one who
  pushes the purchase inside) and a stance toward us (坚定支持者). A senior radiographer who
  pushes the purchase and supports us reads "使用者和促进者", never "坚定支持者"; the faction
  she and her champion boss form is "坚定支持者" on the whole.
- **Equal power.** Three co-equal managing directors who decide together are an equal
  structure (平权式), not several independent centres; three business-unit heads who each run
  their own line, with different weight, stay decentralized (分权式).
"""

from __future__ import annotations


import pytest

from powermap.analysis.account_analysis import Analysis
from powermap.analysis.key_persons import ROLE_WORDS
from powermap.loaders import load
from powermap.model import Role
from powermap.model.enums import WORD_CONTEXTS, shared_words

from conftest import account_file, report_json as report

CLINIC = """
account: {id: clinic, name: Lakeside Clinic imaging, stage: proposal, as_of: 2026-11-15}
departments:
  - {id: rad, name: Radiology, kind: user}
team:
  - {id: ann, name: Ann Lee, role: account manager}
factions:
  - {id: modern, name: Modernisers, leader: hugo}
stakeholders:
  - {id: hugo, name: Hugo Stein, title: Head of Radiology, department: rad, roles: [decision_maker], stance: champion, faction: modern, power: {position: 3}}
  - {id: mia, name: Mia Lund, title: Senior Radiographer, department: rad, reports_to: hugo, roles: [促进的人, user], stance: supporter, faction: modern}
contacts:
  - {member: ann, stakeholder: hugo, strength: close, last_contact: 2026-11-01}
  - {member: ann, stakeholder: mia, strength: close, last_contact: 2026-11-01}
"""


@pytest.fixture
def account(tmp_path):
    def write(text: str, name: str = "account.yaml"):
        return account_file(tmp_path, text.lstrip(), name)

    return write




# --- 1. one English word, two meanings: the role and the stance "champion" ----------------------


def test_the_role_champion_reads_as_promoter_and_the_stance_as_champion(run, account):
    """Mia pushes the purchase (the seeds' 促进的人) and uses the system; her stance toward us is
    supporter. Her reason names her roles: in Chinese 使用者和促进者. Her boss Hugo is our
    champion (the stance): the faction they form is a champion on the whole, 坚定支持者."""
    path = account(CLINIC)
    data = report(run, path)
    assert [(p["id"], p["reasons"]) for p in data["key_persons"]] == [
        ("hugo", ["decision maker", "top of the reporting line (1 person below)",
                  "the most influential: 1 person defers to them", "strong position power"]),
        ("mia", ["user and champion"]),
    ]
    analysis = Analysis(load(path))
    mia = analysis.key_persons.ranked[1]
    assert [reason.text("zh") for reason in mia.reasons] == ["使用者和促进者"]
    modernisers = analysis.factions.factions[0]
    assert modernisers.reasons[1] == "champion on the whole: the stance of 2 of its 2 members is known"
    assert modernisers.reasons[1].text("zh") == "整体上是坚定支持者：2名成员中2人态度已知"


def test_every_word_two_enumerations_share_is_said_in_the_roles_context():
    """The words the buying roles share with another enumeration (the stance "champion", the
    department kinds "user" and "procurement") are said in the context "buying role", and read
    as the role in Chinese."""
    shared = {word: {type(member).__name__ for member in members} for word, members in shared_words().items()}
    assert shared == {"champion": {"Role", "Stance"}, "knowledge": {"PowerSource", "Network"},
                      "procurement": {"Role", "DepartmentKind"}, "user": {"Role", "DepartmentKind"}}
    assert WORD_CONTEXTS[Role] == "buying role"
    role_words = {word: ROLE_WORDS[Role(word)] for word in ("champion", "user", "procurement")}
    assert {word: said.context for word, said in role_words.items()} == dict.fromkeys(role_words, "buying role")
    assert {word: said.text("zh") for word, said in role_words.items()} == {
        "champion": "促进者", "user": "使用者", "procurement": "采购者"}


# --- 8. equal power: peers who decide together, apart from independent centres -------------------

PEERS = """
account: {id: nordic, name: Nordic Freight Holding, stage: proposal, as_of: 2026-11-15}
departments:
  - {id: mgmt, name: Management, kind: leadership}
  - {id: road, name: Road freight, kind: user}
  - {id: sea, name: Sea freight, kind: user}
  - {id: air, name: Air freight, kind: user}
stakeholders:
PEOPLE
relations:
  - {source: alma, target: bjorn, type: ally}
  - {source: bjorn, target: cecilia, type: ally}
  - {source: cecilia, target: alma, type: ally}
"""
PEER_PEOPLE = [
    "  - {id: alma, name: Alma Berg, title: Managing Director, department: mgmt, roles: [decision_maker], power: {position: 3}}",
    "  - {id: bjorn, name: Björn Ek, title: Managing Director, department: mgmt, roles: [decision_maker], power: {position: 3}}",
    "  - {id: cecilia, name: Cecilia Dahl, title: Managing Director, department: mgmt, roles: [decision_maker], power: {position: 3}}",
    "  - {id: r1, name: Rolf Lind, title: Road freight manager, department: road, reports_to: alma, roles: [user]}",
    "  - {id: s1, name: Stina Nord, title: Sea freight manager, department: sea, reports_to: bjorn, roles: [user]}",
    "  - {id: a1, name: Axel Strand, title: Air freight manager, department: air, reports_to: cecilia, roles: [user]}",
]

# the same directors, each in the unit they run
IN_UNITS = [line.replace("department: mgmt", "department: " + unit)
            for line, unit in zip(PEER_PEOPLE[:3], ("road", "sea", "air"))] + PEER_PEOPLE[3:]

DIVISIONS = """
account: {id: westco, name: Westco Group, stage: proposal, as_of: 2026-11-15}
departments:
  - {id: paper, name: Paper division, kind: user}
  - {id: energy, name: Energy division, kind: user}
  - {id: timber, name: Timber division, kind: user}
stakeholders:
  - {id: pia, name: Pia Holm, title: Head of Paper, department: paper, roles: [decision_maker, funder], power: {position: 3, allocation: 3}}
  - {id: p1, name: Per Alm, department: paper, reports_to: pia, roles: [user]}
  - {id: p2, name: Pernilla Ask, department: paper, reports_to: pia, roles: [user]}
  - {id: p3, name: Peder Bolin, department: paper, reports_to: pia, roles: [user]}
  - {id: erik, name: Erik Sand, title: Head of Energy, department: energy, roles: [decision_maker], power: {position: 3}}
  - {id: e1, name: Ebba Lund, department: energy, reports_to: erik, roles: [user]}
  - {id: e2, name: Emil Vik, department: energy, reports_to: erik, roles: [user]}
  - {id: tove, name: Tove Falk, title: Head of Timber, department: timber, roles: [decision_maker], power: {position: 2, knowledge: 2}}
  - {id: t1, name: Tage Ring, department: timber, reports_to: tove, roles: [user]}
  - {id: t2, name: Tilda Ros, department: timber, reports_to: tove, roles: [user]}
"""


def test_three_co_equal_managing_directors_are_an_equal_structure(run, account):
    """Three managing directors, each running a unit with one manager below, each a decision
    maker, allies of one another: they share rank 1 and decide together (平权式), whatever the
    order of the file; not three independent centres although each heads a unit of their own."""
    path = account(PEERS.replace("PEOPLE", "\n".join(IN_UNITS)))
    data = report(run, path)
    assert [(p["id"], p["rank"]) for p in data["key_persons"][:3]] == [("alma", 1), ("bjorn", 1), ("cecilia", 1)]
    structure = data["power_structure"]
    assert structure["shape"] == "equal"
    assert structure["evidence"] == [
        "Alma Berg, Björn Ek and Cecilia Dahl share the top: peers decide together",
        "all 3 are decision makers and none reports to another",
        "no single head: Alma Berg, Björn Ek and Cecilia Dahl head lines of the same size",
        "influence follows rank: those listened to hold position power",
    ]
    assert structure["metrics"]["formal_top"] is None

    reversed_path = account(PEERS.replace("PEOPLE", "\n".join(reversed(IN_UNITS))), "reversed.yaml")
    assert report(run, reversed_path)["power_structure"] == structure

    terminal = run("report", path).stdout
    assert "Power structure: equal\n  - Alma Berg, Björn Ek and Cecilia Dahl share the top: peers decide together\n" in terminal
    evidence = Analysis(load(path)).power_structure.evidence
    assert [line.text("zh") for line in evidence[:2]] == [
        "Alma Berg、Björn Ek和Cecilia Dahl并列一把手：平级领导共同决策", "3人都是决策者，彼此没有上下级关系"]


def test_two_equal_decision_makers_of_one_department_are_peers(run, account):
    """Two managing directors in one office, no tie recorded between them: the same department
    makes them one board; the evidence speaks of both."""
    two = [line for line in PEER_PEOPLE if "cecilia" not in line]
    path = account(PEERS.replace("PEOPLE", "\n".join(two)).split("relations:")[0])
    structure = report(run, path)["power_structure"]
    assert structure["shape"] == "equal"
    assert structure["evidence"][:2] == ["Alma Berg and Björn Ek share the top: peers decide together",
                                         "both are decision makers and neither reports to the other"]
    assert Analysis(load(path)).power_structure.evidence[1].text("zh") == "两人都是决策者，彼此没有上下级关系"


def test_independent_centres_stay_decentralized(run, account):
    """Three division heads, each running their own line with different weight (Paper pays and
    is largest, Timber leans on expertise), nothing between them: independent centres, 分权式."""
    data = report(run, account(DIVISIONS))
    assert [(p["id"], p["rank"]) for p in data["key_persons"][:3]] == [("pia", 1), ("erik", 2), ("tove", 3)]
    structure = data["power_structure"]
    assert structure["shape"] == "decentralized"
    assert structure["evidence"][0] == "independent centres: Pia Holm and Erik Sand, neither manages the other"
    assert "3 centres of power: Pia Holm, Erik Sand and Tove Falk" in structure["evidence"]


def test_equal_heads_of_separate_lines_with_nothing_between_them_stay_decentralized(run, account):
    """The same three managing directors, each in the unit they run, but with no tie between
    them: equal weight, yet nothing recorded says they decide together: independent centres."""
    path = account(PEERS.replace("PEOPLE", "\n".join(IN_UNITS)).split("relations:")[0])
    data = report(run, path)
    assert [(p["id"], p["rank"]) for p in data["key_persons"][:3]] == [("alma", 1), ("bjorn", 1), ("cecilia", 1)]
    assert data["power_structure"]["shape"] == "decentralized"
    assert data["power_structure"]["evidence"][0] == "independent centres: Alma Berg and Björn Ek, neither manages the other"
