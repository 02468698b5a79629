"""What a sales director checks in the key persons and the power structure, one small account each.

Each account below is written so that its right answer is obvious to someone who has sold to
such a customer; the report (``powermap report FILE -f json``, as a user runs it) must say
exactly that, in English, and the analysis's messages in Chinese too:

- every reason is a fact of the record, in plain words, strongest first;
- at negotiation the signer comes first, wherever the reporting line places them;
- equal records give equal scores and a shared rank, whatever the order of the file;
- people who left are out of every analysis, and whoever now heads their line replaces them;
- the key persons scale with the account, and the gaps are about that same set.
"""

from __future__ import annotations

import json

import pytest

from powermap.analysis.account_analysis import Analysis
from powermap.loaders import load

from conftest import account_file, report_json as report

MILL = """
account: {id: mill, name: Riverside Mill, stage: negotiation, as_of: 2026-11-15}
departments:
  - {id: prod, name: Production, kind: user}
stakeholders:
  - {id: gm, name: Grace Moore, title: General Manager, department: prod, roles: [decision_maker, funder], power: {position: 3}}
  - {id: pete, name: Pete Lund, title: Production Manager, department: prod, reports_to: gm, roles: [user], power: {position: 2}}
  - {id: o1, name: Otto Berg, title: Operator, department: prod, reports_to: pete}
  - {id: o2, name: Olga Dahl, title: Operator, department: prod, reports_to: pete}
  - {id: o3, name: Oscar Ek, title: Operator, department: prod, reports_to: pete, power: {knowledge: 1}}
  - {id: lena, name: Lena Ott, title: Outside consultant}
"""

CLUB = """
account: {id: club, name: Harbour Rowing Club, as_of: 2026-11-15}
stakeholders:
  - {id: ada, name: Ada Roos}
  - {id: ben, name: Ben Vos}
  - {id: cas, name: Cas Wolf}
  - {id: dim, name: Dim Zee}
relations:
  - {source: ada, target: ben, type: friend, weight: 1.0}
  - {source: ada, target: cas, type: friend, weight: 1.0}
  - {source: ada, target: dim, type: friend, weight: 1.0}
  - {source: ben, target: cas, type: friend, weight: 1.0}
"""

SIGNER = """
account: {id: northfield, name: Northfield plant retrofit, stage: negotiation, as_of: 2026-11-15}
departments:
  - {id: plant, name: Production, kind: user}
  - {id: purchasing, name: Purchasing, kind: procurement}
  - {id: board, name: Board office, kind: leadership}
stakeholders:
  - {id: paul, name: Paul Meyer, title: Plant Manager, department: plant, roles: [user], power: {position: 3, allocation: 2}}
  - {id: priya, name: Priya Holt, title: Head of Purchasing, department: purchasing, reports_to: paul, roles: [procurement], power: {position: 2, information: 2}}
  - {id: carl, name: Carl Jones, title: Clerk, department: plant, reports_to: paul, power: {information: 3, interpersonal: 3}}
  - {id: s1, name: Sam One, title: Fitter, department: plant, reports_to: paul}
  - {id: s2, name: Sue Two, title: Fitter, department: plant, reports_to: paul}
  - {id: s3, name: Sid Three, title: Fitter, department: plant, reports_to: paul}
  - {id: b1, name: Bea Four, title: Buyer, department: purchasing, reports_to: priya}
  - {id: dana, name: Dana Ward, title: Project Director appointed by the board, department: board, roles: [decision_maker, funder]}
relations:
  - {source: carl, target: s1, type: friend}
  - {source: carl, target: s2, type: friend}
  - {source: carl, target: s3, type: friend}
  - {source: carl, target: priya, type: friend}
  - {source: carl, target: paul, type: influences, weight: 0.6}
  - {source: carl, target: s1, type: influences, weight: 0.5}
  - {source: carl, target: s2, type: influences, weight: 0.5}
"""

EQUALS = """
account: {id: tri, name: Tri-partner holding, stage: proposal, culture: centralized, as_of: 2026-11-15}
departments:
  - {id: north, name: North, kind: user}
  - {id: south, name: South, kind: user}
  - {id: west, name: West, kind: user}
stakeholders:
PEOPLE
relations:
  - {source: md_a, target: md_b, type: ally}
  - {source: md_b, target: md_c, type: ally}
  - {source: md_c, target: md_a, type: ally}
"""
EQUAL_PEOPLE = [
    "  - {id: md_a, name: Alma Berg, title: Managing Director, department: north, roles: [decision_maker], power: {position: 3}}",
    "  - {id: n1, name: Nils Ek, department: north, reports_to: md_a}",
    "  - {id: n2, name: Nora Falk, department: north, reports_to: md_a}",
    "  - {id: md_b, name: Bo Carlsson, title: Managing Director, department: south, roles: [decision_maker], power: {position: 3}}",
    "  - {id: s1, name: Sven Gran, department: south, reports_to: md_b}",
    "  - {id: s2, name: Sara Holm, department: south, reports_to: md_b}",
    "  - {id: md_c, name: Cecilia Dahl, title: Managing Director, department: west, roles: [decision_maker], power: {position: 3}}",
    "  - {id: w1, name: Walter Ivarsson, department: west, reports_to: md_c}",
    "  - {id: w2, name: Wilma Jansson, department: west, reports_to: md_c}",
]

DEPARTED = """
account: {id: harbour, name: Harbour Logistics, stage: entry, as_of: 2026-11-01}
departments:
  - {id: office, name: CEO office, kind: leadership}
  - {id: ops, name: Operations, kind: user}
  - {id: fin, name: Finance, kind: finance}
factions:
  - {id: old, name: Old guard, leader: zhang}
team:
  - {id: ann, name: Ann Lee, role: account manager}
  - {id: bob, name: Bob Marsh, role: pre-sales}
stakeholders:
  - {id: zhang, name: Zhang Wei, title: former CEO, department: office, roles: [decision_maker], power: {position: 3}, status: left, stance: champion}
  - {id: li, name: Li Ming, title: CEO, department: office, roles: [decision_maker], power: {position: 3}, status: new}
  - {id: wu, name: Wu Gang, title: COO, department: ops, reports_to: zhang, power: {position: 2}, faction: old}
  - {id: he, name: He Lin, title: CFO, department: fin, reports_to: zhang, roles: [funder], power: {allocation: 3}}
  - {id: o1, name: Ou Yang, department: ops, reports_to: wu}
  - {id: o2, name: Ma Jun, department: ops, reports_to: wu}
  - {id: f1, name: Fan Bing, department: fin, reports_to: he}
relations:
  - {source: zhang, target: wu, type: friend, weight: 0.9}
  - {source: zhang, target: li, type: influences, weight: 0.9}
contacts:
  - {member: ann, stakeholder: zhang, strength: intimate, last_contact: 2026-09-01}
  - {member: ann, stakeholder: wu, strength: ordinary, last_contact: 2026-10-01}
  - {member: bob, stakeholder: he, strength: ordinary, last_contact: 2026-10-01}
"""

BOARD = """
account: {id: coop, name: Valley Dairy Cooperative, stage: proposal, as_of: 2026-11-15}
team:
  - {id: ann, name: Ann Lee, role: account manager}
  - {id: bob, name: Bob Marsh, role: pre-sales}
departments:
  - {id: board, name: Board, kind: leadership}
  - {id: milk, name: Milk intake, kind: user}
  - {id: lab, name: Laboratory, kind: technical}
  - {id: plant, name: Cheese plant, kind: user}
  - {id: logi, name: Logistics, kind: user}
stakeholders:
  - {id: chair, name: Carla Nies, title: Chair, department: board, roles: [decision_maker], stance: supporter, power: {position: 3}}
  - {id: d1, name: Dirk Aalst, title: Director milk intake, department: milk, reports_to: chair, roles: [evaluator], stance: neutral, power: {position: 2}}
  - {id: d2, name: Dora Brink, title: Director laboratory, department: lab, reports_to: chair, roles: [spec_setter], stance: supporter, power: {position: 2, knowledge: 2}}
  - {id: d3, name: Daan Cuyp, title: Director cheese plant, department: plant, reports_to: chair, roles: [evaluator], stance: neutral, power: {position: 2}}
  - {id: d4, name: Dewi Ruis, title: Director logistics, department: logi, reports_to: chair, roles: [evaluator], stance: neutral, power: {position: 2}}
  - {id: tess, name: Tess Vink, title: Treasurer appointed by the members, department: board, roles: [funder]}
  - {id: m1, name: Mara Bos, department: milk, reports_to: d1, roles: [user]}
  - {id: m2, name: Mick Smit, department: milk, reports_to: d1, roles: [user]}
  - {id: l1, name: Lotte Kok, department: lab, reports_to: d2, roles: [user]}
  - {id: l2, name: Lars Mol, department: lab, reports_to: d2, roles: [user]}
  - {id: p1, name: Pien Dam, department: plant, reports_to: d3, roles: [user]}
  - {id: p2, name: Piet Hol, department: plant, reports_to: d3, roles: [user]}
  - {id: g1, name: Gijs Post, department: logi, reports_to: d4, roles: [user]}
  - {id: g2, name: Greet Wit, department: logi, reports_to: d4, roles: [user]}
contacts:
  - {member: ann, stakeholder: chair, strength: close, last_contact: 2026-11-01}
  - {member: bob, stakeholder: chair, strength: ordinary, last_contact: 2026-11-01}
  - {member: ann, stakeholder: d1, strength: ordinary, last_contact: 2026-11-01}
  - {member: bob, stakeholder: d1, strength: ordinary, last_contact: 2026-11-01}
  - {member: ann, stakeholder: d2, strength: close, last_contact: 2026-11-01}
  - {member: bob, stakeholder: d2, strength: close, last_contact: 2026-11-01}
  - {member: ann, stakeholder: d3, strength: ordinary, last_contact: 2026-11-01}
  - {member: bob, stakeholder: d3, strength: ordinary, last_contact: 2026-11-01}
  - {member: ann, stakeholder: d4, strength: ordinary, last_contact: 2026-11-01}
  - {member: bob, stakeholder: d4, strength: ordinary, last_contact: 2026-11-01}
  - {member: ann, stakeholder: tess, strength: ordinary, last_contact: 2026-11-01}
  - {member: bob, stakeholder: tess, strength: ordinary, last_contact: 2026-11-01}
  - {member: ann, stakeholder: m1, strength: ordinary, last_contact: 2026-11-01}
  - {member: bob, stakeholder: l1, strength: ordinary, last_contact: 2026-11-01}
  - {member: ann, stakeholder: p1, strength: ordinary, last_contact: 2026-11-01}
  - {member: bob, stakeholder: g1, strength: ordinary, last_contact: 2026-11-01}
"""


@pytest.fixture
def account(tmp_path):
    def write(text: str, name: str = "account.yaml"):
        return account_file(tmp_path, text.lstrip(), name)

    return write




def reasons(data: dict) -> dict[str, list[str]]:
    return {person["id"]: person["reasons"] for person in data["key_persons"]}


# --- 1. every reason is true of the record ------------------------------------------------------


def test_every_reason_is_a_fact_of_the_record(run, account):
    """The general manager decides, pays and signs; the production manager heads three
    operators; the operators report to him; the consultant has nothing on file. Nobody gets
    "little recorded weight: no key role" next to a role, nor a score component as a reason."""
    path = account(MILL)
    data = report(run, path)
    assert reasons(data) == {
        "gm": ["decision maker and funder", "signs at negotiation", "top of the reporting line (4 people below)",
               "the most influential: 1 person defers to them", "strong position power"],
        "pete": ["user", "heads 3 people in Production", "2nd most influential: 3 people defer to them", "moderate position power"],
        "o3": ["reports to Pete Lund", "weak knowledge power"],
        "o2": ["reports to Pete Lund"],
        "o1": ["reports to Pete Lund"],
        # no tie at all: PageRank's even share is not "network position"
        "lena": ["no buying role, reporting line, hidden power or influence recorded"],
    }
    markdown = run("report", path, "-f", "markdown").stdout
    assert ("| 1 | Grace Moore | 0.77 | decision maker and funder; signs at negotiation; "
            "top of the reporting line (4 people below); the most influential: 1 person defers to them; "
            "strong position power |") in markdown
    first = Analysis(load(path)).key_persons.ranked[0]
    assert [reason.text("zh") for reason in first.reasons] == [
        "决策者和出资者", "商务谈判时由其签字", "汇报线最高层（下辖4人）", "影响力最大：1人听其意见", "地位权力强"]


def test_people_with_no_reporting_line_get_no_formal_authority(run, account):
    """A club of friends, as on Zachary's karate club: no reporting line in the file, so no
    reason speaks of one; each says whom they are tied to."""
    path = account(CLUB)
    data = report(run, path)
    assert reasons(data) == {
        "ada": ["the most connected: informal ties to 3 people"],
        "ben": ["informal ties to 2 people"],
        "cas": ["informal ties to 2 people"],
        "dim": ["informal ties to 1 person"],
    }
    assert [(p["id"], p["rank"]) for p in data["key_persons"]] == [("ada", 1), ("ben", 2), ("cas", 2), ("dim", 4)]
    assert data["power_structure"]["evidence"] == [
        "one person stands out: Ada Roos, well ahead of Ben Vos", "no reporting line is recorded",
        "3 centres of power: Ada Roos, Ben Vos and Cas Wolf"]
    said = {p.id: [r.text("zh") for r in p.reasons] for p in Analysis(load(path)).key_persons.ranked}
    assert said["ada"] == ["人脉最广：与3人有私交"] and said["dim"] == ["与1人有私交"]


# --- 2. the signer wins at negotiation ----------------------------------------------------------


def test_the_signer_comes_first_at_negotiation_wherever_the_tree_places_them(run, account):
    """A project director appointed by the board, outside the plant's reporting line, is the
    decision maker and funder: at negotiation she signs, so she comes before the plant manager,
    the head of purchasing and the well-connected clerk. Before the negotiation the plant
    manager, who heads the line, still comes first."""
    path = account(SIGNER)
    data = report(run, path)
    assert [p["id"] for p in data["key_persons"][:4]] == ["dana", "paul", "priya", "carl"]
    assert data["key_persons"][0]["reasons"] == ["decision maker and funder", "signs at negotiation"]
    assert data["key_persons"][0]["rank"] == 1 and data["key_persons"][1]["rank"] == 2
    earlier = report(run, path, "--stage", "proposal")
    assert [p["id"] for p in earlier["key_persons"][:2]] == ["paul", "dana"]
    assert earlier["key_persons"][1]["reasons"] == ["decision maker and funder"]
    dana = Analysis(load(path)).key_persons.ranked[0]
    assert [reason.text("zh") for reason in dana.reasons] == ["决策者和出资者", "商务谈判时由其签字"]


# --- 2. equal records give equal scores -----------------------------------------------------------


def test_equal_records_give_equal_scores_whatever_the_order_of_the_file(run, account):
    """Three managing directors, each a decision maker heading two people: equals, shown as
    equals (rank 1 each, "=1" in the tables), listed by name, the same in any file order."""
    path = account(EQUALS.replace("PEOPLE", "\n".join(EQUAL_PEOPLE)))
    data = report(run, path)
    top = data["key_persons"][:4]
    assert [(p["id"], p["rank"]) for p in top] == [("md_a", 1), ("md_b", 1), ("md_c", 1), ("n1", 4)]
    assert top[0]["score"] == top[1]["score"] == top[2]["score"]
    assert top[1]["reasons"] == ["decision maker", "shares the top with Alma Berg and Cecilia Dahl (centralized culture)",
                                 "heads 2 people in South", "the most influential: 2 people defer to them",
                                 "strong position power"]
    assert data["power_structure"]["metrics"]["formal_top"] is None
    assert "Alma Berg, Bo Carlsson and Cecilia Dahl share the top: peers decide together" in data["power_structure"]["evidence"]

    reversed_path = account(EQUALS.replace("PEOPLE", "\n".join(reversed(EQUAL_PEOPLE))), "reversed.yaml")
    again = report(run, reversed_path)  # the key persons and the power structure do not depend on the file's order
    assert again["key_persons"] == data["key_persons"] and again["power_structure"] == data["power_structure"]

    table = run("report", path).stdout
    rows = [line for line in table.splitlines() if "Managing" not in line and line.startswith("│ =1")]
    assert [row.split("│")[2].strip() for row in rows] == ["Alma Berg", "Bo Carlsson", "Cecilia Dahl"]
    bo = Analysis(load(path)).key_persons.ranked[1]
    assert bo.reasons[1].text("zh") == "与Alma Berg和Cecilia Dahl并列一把手（集权文化）"


# --- 2 and 8. people who left are out; whoever now heads the line replaces them ---------------------


def test_people_who_left_are_out_of_every_analysis(run, account):
    """The former CEO Zhang Wei left; our intimate contact with him buys nothing now. His
    successor Li Ming (new in post, same office) heads his line; Zhang is in no ranking, gap,
    contact, risk, faction, broker or recommendation, and his faction has no leader."""
    path = account(DEPARTED)
    data = report(run, path)
    text = json.dumps({key: value for key, value in data.items() if key != "power_structure"}, ensure_ascii=False)
    assert "zhang" not in text and "Zhang Wei" not in text
    assert [p["id"] for p in data["key_persons"]] == ["li", "he", "wu", "f1", "o2", "o1"]
    assert reasons(data)["li"] == ["decision maker", "top of the reporting line (5 people below)",
                                   "the most influential: 2 people defer to them", "strong position power"]
    # Ann's contacts: Wu Gang only (Zhang has left), Bob's: He Lin: nobody carries the account alone
    assert [gap for gap in data["coverage_gaps"] if gap["kind"] == "single_threaded" and gap["subject"] in ("ann", "bob")] == []
    assert "Departed (not ranked): Zhang Wei" in run("report", path).stdout


def test_whoever_heads_the_line_now_is_the_formal_top(run, account):
    path = account(DEPARTED)
    structure = report(run, path)["power_structure"]
    assert structure["shape"] == "centralized"
    assert structure["metrics"]["formal_top"] == "li"
    assert structure["evidence"] == [
        "one person stands out: Li Ming, well ahead of He Lin",
        "Li Ming now heads the line of Zhang Wei, who left",
        "Li Ming heads the reporting line (5 people below)",
        "influence follows rank: those listened to hold position power",
    ]
    # the top leader of the inside contacts, risks and avoid list is the same successor
    from powermap.analysis.leaders import formal_heads, top_leaders

    analysis = Analysis(load(path))
    assert formal_heads(analysis.graph) == ("li",) and top_leaders(analysis.graph, analysis.key_persons) == ("li",)
    said = [line.text("zh") for line in analysis.power_structure.evidence]
    assert said[:3] == ["Li Ming一人独大，远超He Lin", "Zhang Wei已离职，现由Li Ming接管其汇报线", "Li Ming是汇报线的最高层（下辖5人）"]


def test_the_heads_of_the_largest_lines_counted_by_hand(account):
    """Two lines of three active people each (Bo's through Bi, who left, whose report answers to
    Bo now) and a line of one: both heads, in file order; the person who left heads nothing."""
    from powermap.analysis.graph import build_graph
    from powermap.analysis.leaders import formal_heads

    path = account("""
account: {id: heads, name: Heads}
stakeholders:
  - {id: al, name: Al}
  - {id: cy, name: Cy}
  - {id: bo, name: Bo}
  - {id: a1, name: A1, reports_to: al}
  - {id: bi, name: Bi, reports_to: bo, status: left}
  - {id: b1, name: B1, reports_to: bi}
  - {id: a2, name: A2, reports_to: a1}
  - {id: b2, name: B2, reports_to: bo}
""")
    assert formal_heads(build_graph(load(path))) == ("al", "bo")


def test_without_a_successor_the_departed_heads_reports_head_their_own_lines(run, account):
    """Nobody new in Zhang's office: his two reports now head lines of their own, and the
    larger (Wu Gang's two people) is the formal line; nothing says Zhang still heads anything."""
    path = account(DEPARTED.replace("status: new", "status: active"))
    structure = report(run, path)["power_structure"]
    assert structure["metrics"]["formal_top"] == "wu"
    assert "Wu Gang heads the reporting line (2 people below)" in structure["evidence"]
    assert not any("Zhang Wei" in line for line in structure["evidence"])


# --- 2. the key set scales with the account, and gaps use it ------------------------------------------


def test_the_key_persons_scale_with_the_account_and_the_gaps_use_them(run, account):
    """A dairy cooperative: the chair, four directors and the treasurer, who pays. The
    directors stand clearly above their staff (a break in the scores after the fifth person);
    the treasurer is key because she is the funder. Her unknown stance is a gap about key
    person #6; the eight users, not key persons, get none. The small mill has two key persons."""
    path = account(BOARD)
    data = report(run, path)
    assert [(p["id"], p["rank"]) for p in data["key_persons"] if p["key"]] == [
        ("chair", 1), ("d2", 2), ("d3", 3), ("d4", 3), ("d1", 3), ("tess", 6)]
    assert not any(p["key"] for p in data["key_persons"][6:])
    assert [(gap["kind"], gap["subject"], gap["severity"], gap["message"]) for gap in data["coverage_gaps"]] == [
        ("unknown_stance", "tess", "medium", "the stance of key person #6 Tess Vink is unknown")]
    analysis = Analysis(load(path))
    assert analysis.key_count == 6 and [p.id for p in analysis.key] == ["chair", "d2", "d3", "d4", "d1", "tess"]

    table = run("report", path, "--top", "3").stdout  # --top limits what is shown, not who is key
    assert "Tess Vink" not in table.split("Key persons")[1].split("Coverage gaps")[0]
    assert "the stance of key person #6 Tess Vink is unknown" in table

    mill = report(run, account(MILL, "mill.yaml"))
    assert [p["id"] for p in mill["key_persons"] if p["key"]] == ["gm", "pete"]
    assert Analysis(load(path)).key_persons.ranked[5].reasons[0].text("zh") == "出资者"
