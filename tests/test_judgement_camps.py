"""Camps, then groups: detected factions answer "what are the camps" first.

Each account's right answer is known from outside powermap: the clubs Zachary's members joined
after the split (Zachary 1977), Sampson's three groups (Sampson 1968), and a small account whose
two camps anyone reading it sees.
"""

from __future__ import annotations

import json

import pytest

from powermap.analysis.factions import factions
from powermap.analysis.graph import build_graph
from powermap.loaders import load

from conftest import DATASETS, EXAMPLES, account_file, rows, sampson_account


# These accounts tell their story in English words (their Chinese is asserted through
# ``message.text("zh")`` and in tests/test_report_zh.py): every report is read in English.
pytestmark = pytest.mark.usefixtures("english")


needs_datasets = pytest.mark.skipif(not DATASETS.exists(), reason="the shared datasets are not here")


def zachary_plain(tmp_path):
    """Zachary's club as a salesperson would type it: 34 people, one plain friend tie per pair
    that met, no faction declared."""
    folder = DATASETS / "zachary_karate"
    names = {"1": "Mr Hi", "34": "John A."}
    people = [{"id": row["id"], "name": names.get(row["id"], f"Member {row['id']}")} for row in rows(folder / "nodes.csv")]
    ties = [{"source": row["source"], "target": row["target"], "type": "friend"}
            for row in rows(folder / "edges_interaction.csv")]
    return account_file(tmp_path, {"account": {"id": "club", "name": "Karate club"}, "stakeholders": people, "relations": ties})


@needs_datasets
def test_zachary_plain_ties_give_the_two_clubs_as_camps_then_the_groups_inside(run, tmp_path):
    result = run("report", zachary_plain(tmp_path), "-f", "json")
    assert result.exit_code == 0, result.output
    found = json.loads(result.stdout)["factions"]
    club = {row["id"]: row["club_after_split"] for row in rows(DATASETS / "zachary_karate" / "nodes.csv")}
    officers = sorted((p for p in club if club[p] == "Officer"), key=int)
    # every member in his later club except member 9, who was in John A.'s faction (the datasets' README)
    johns = sorted(officers + ["9"], key=int)
    his = [p for p in sorted(club, key=int) if p not in johns]
    camps = [(f["id"], f["name"], sorted(f["members"], key=int)) for f in found if f["level"] == "camp"]
    assert camps == [("detected-1", "Camp of John A.", johns), ("detected-4", "Camp of Mr Hi", his)]
    groups = [(f["name"], f["camp"], len(f["members"])) for f in found if f["level"] == "group"]
    # Louvain's four groups (12/11/6/5), each inside its camp: the group around 25 stands with John A.
    assert groups == [("Group around John A.", "detected-1", 12), ("Group around Member 25", "detected-1", 6),
                      ("Group around Mr Hi", "detected-4", 11), ("Group around Member 6", "detected-4", 5)]
    assert [f["id"] for f in found] == [f"detected-{n}" for n in range(1, 7)] and all(f["detected"] for f in found)
    assert sorted(next(f for f in found if f["name"] == "Group around Member 25")["members"], key=int) == [
        "24", "25", "26", "28", "29", "32"]


@needs_datasets
def test_zachary_terminal_names_the_camps_and_their_groups_by_name(run, tmp_path):
    result = run("report", zachary_plain(tmp_path))
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    camp = next(line for line in lines if line.startswith("│ Camp of John A."))
    assert "detected camp" in camp and "Member 9, Member 10" in camp and "detected-1" not in camp
    group = next(line for line in lines if line.startswith("│ Group around Member 25"))
    assert "detected group in Camp of John A." in group and "Member 24, Member 25" in group


@needs_datasets
@pytest.mark.parametrize("seed", [0, 1, 2])
def test_sampson_camps_are_his_three_groups(seed):
    monastery, ids = sampson_account()
    truth = {}
    for row in rows(DATASETS / "sampson_monastery" / "nodes.csv"):
        truth.setdefault(row["group3"], set()).add(ids[row["id"]])
    result = factions(build_graph(monastery), seed=seed)
    assert sorted(map(set, result.camp_level), key=sorted) == sorted(truth.values(), key=sorted)
    camps = {f.name: set(f.members) for f in result.factions if f.level == "camp"}
    # Young Turks around Gregory's circle, Loyal Opposition (with the Waverers Romuald and
    # Victor), Outcasts (with the Waverer Amand): group3, each camp listed once
    assert sorted(camps.values(), key=sorted) == sorted(truth.values(), key=sorted)
    assert [f.level for f in result.factions] == ["camp", "camp", "camp"]
    waverers = {ids[row["id"]]: row["group3"] for row in rows(DATASETS / "sampson_monastery" / "nodes.csv")
                if row["group4"] == "Waverers"}
    assert waverers == {"romuald": "Loyal Opposition", "victor": "Loyal Opposition", "amand": "Outcasts"}
    for person, camp in waverers.items():
        assert any(person in members and members == truth[camp] for members in camps.values())


SMALL = {
    "account": {"id": "hengtai", "name": "恒泰集团"},
    "stakeholders": [
        {"id": "chen", "name": "陈国华", "title": "董事长"},
        {"id": "wu", "name": "吴刚", "title": "副总裁"},
        {"id": "zhang", "name": "张伟", "title": "财务总监"},
        {"id": "sun", "name": "孙丽", "title": "办公室主任"},
        {"id": "li", "name": "李明", "title": "总经理"},
        {"id": "wang", "name": "王强", "title": "生产副总"},
        {"id": "zhao", "name": "赵敏", "title": "采购经理"},
    ],
    "relations": [
        {"source": "chen", "target": "wu", "type": "ally"},
        {"source": "chen", "target": "zhang", "type": "ally"},
        {"source": "wu", "target": "zhang", "type": "friend"},
        {"source": "sun", "target": "chen", "type": "ally"},
        {"source": "sun", "target": "zhang", "type": "friend"},
        {"source": "li", "target": "wang", "type": "ally"},
        {"source": "li", "target": "zhao", "type": "ally"},
        {"source": "wang", "target": "zhao", "type": "friend"},
        {"source": "chen", "target": "li", "type": "rival"},
        {"source": "sun", "target": "wang", "type": "friend", "weight": 0.3},
    ],
}


def test_a_chairman_and_his_rival_head_two_camps_and_the_go_between_bridges_them(run, tmp_path):
    """The chairman's people and the general manager's people, the two heads rivals; the office
    head knows the production VP a little: two camps, and she and he bridge them."""
    path = account_file(tmp_path, SMALL)
    result = run("report", path, "-f", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["factions"] == [
        {"id": "detected-1", "name": "Camp of 陈国华", "members": ["chen", "wu", "zhang", "sun"], "stance": "unknown",
         "detected": True, "level": "camp", "camp": None},
        {"id": "detected-2", "name": "Camp of 李明", "members": ["li", "wang", "zhao"], "stance": "unknown",
         "detected": True, "level": "camp", "camp": None},
    ]
    bridges = {b["id"]: b["camps"] for b in data["brokers"] if b["camps"]}
    assert bridges == {"sun": ["detected-1", "detected-2"], "wang": ["detected-2", "detected-1"]}
    # the Chinese text of the camp line and of the broker's first reason
    found = factions(build_graph(load(path)))
    assert found.factions[0].name.text("zh") == "陈国华阵营"
    from powermap.analysis.account_analysis import Analysis

    sun = next(b for b in Analysis(load(path)).brokers if b.id == "sun")
    assert sun.reasons[0] == "bridges the camps Camp of 陈国华 and Camp of 李明"
    assert sun.reasons[0].text("zh") == "连通陈国华阵营和李明阵营两边阵营"
    terminal = run("report", path).stdout
    assert "│ Camp of 陈国华 " in terminal and "陈国华, 吴刚, 张伟, 孙丽" in terminal


def test_an_account_without_a_split_has_groups_but_no_camps(run, tmp_path):
    """Krackhardt's managers: one firm; its groups merge into one camp, so no camp is shown."""
    result = run("report", EXAMPLES / "krackhardt-hightech.yaml", "-f", "json")
    assert result.exit_code == 0, result.output
    assert all(f["level"] != "camp" for f in json.loads(result.stdout)["factions"])


@needs_datasets
def test_declared_factions_list_who_sides_with_them_not_only_the_leader(run):
    """Zachary's example declares only the two leaders' factions: each lists the members whose
    ties clearly put them in its leader's camp, each in that leader's faction as recorded (member
    9, in John A.'s faction, joined Mr Hi's club: the faction record, not the club, is compared)."""
    result = run("report", EXAMPLES / "zachary-karate.yaml", "-f", "json")
    data = {f["id"]: f for f in json.loads(result.stdout)["factions"]}
    faction = {row["id"]: row["faction_igraphdata"] for row in rows(DATASETS / "zachary_karate" / "nodes.csv")}
    assert data["mr-hi"]["members"][0] == "1" and data["officers"]["members"][0] == "34"
    assert len(data["mr-hi"]["members"]) > 10 and len(data["officers"]["members"]) > 10
    assert {faction[p] for p in data["mr-hi"]["members"]} == {"1"}
    assert {faction[p] for p in data["officers"]["members"]} == {"2"}
    assert "9" in data["officers"]["members"]


# --- a detected group is in a declared faction only when that faction really is its camp ------

HARBOUR = """
account: {id: harbour, name: Harbour Foods}
factions:
  - {id: growth, name: Growth team, leader: grace}
  - {id: old, name: Old hands, leader: oscar}
stakeholders:
  - {id: grace, name: Grace Lin, title: CEO, faction: growth, stance: champion}
  - {id: gary, name: Gary Ho, title: Sales Director, faction: growth, stance: supporter}
  - {id: gina, name: Gina Park, title: Finance Manager, faction: growth, stance: supporter}
  - {id: oscar, name: Oscar Reid, title: COO, faction: old, stance: skeptic}
  - {id: owen, name: Owen Shaw, title: Plant Manager, faction: old, stance: skeptic}
  - {id: otto, name: Otto Berg, title: Maintenance Manager, faction: old, stance: skeptic}
  - {id: olive, name: Olive Grant, title: Quality Manager, faction: old, stance: opponent}
  - {id: quinn, name: Quinn Adams, title: Quality Engineer, reports_to: olive, stance: neutral}
  - {id: pam, name: Pam Cole, title: Purchasing Head, stance: neutral}
  - {id: paul, name: Paul Diaz, title: Buyer, reports_to: pam, faction: growth, stance: supporter}
relations:
  - {source: grace, target: gary, type: ally}
  - {source: grace, target: gina, type: ally}
  - {source: gary, target: gina, type: friend}
  - {source: oscar, target: owen, type: ally}
  - {source: oscar, target: otto, type: ally}
  - {source: owen, target: otto, type: friend}
  - {source: grace, target: oscar, type: rival}
  - {source: olive, target: oscar, type: ally, weight: 0.6}
  - {source: olive, target: gary, type: rival, weight: 0.4}
  - {source: olive, target: pam, type: friend}
  - {source: olive, target: quinn, type: ally}
  - {source: pam, target: paul, type: ally}
  - {source: quinn, target: paul, type: friend, weight: 0.5}
  - {source: pam, target: grace, type: influences, weight: 0.7}
  - {source: pam, target: gina, type: ally, weight: 0.5}
  - {source: olive, target: grace, type: influences, weight: 0.3}
"""


def test_a_group_mixing_both_factions_is_not_said_to_be_inside_one_of_them(run, tmp_path):
    """The CEO's Growth team and the COO's Old hands, the two heads rivals. Olive (Old hands, an
    opponent) works day to day with her engineer Quinn and with Paul, a buyer of the Growth team
    who supports us. Their ties put the three in Oscar's camp, yet Paul is Growth team's: the
    camp is not Old hands (it holds a Growth team member), so it is a camp of its own, and the
    group is neither neutral nor Old hands': one for us, one against."""
    path = account_file(tmp_path, HARBOUR)
    result = run("report", path, "-f", "json")
    assert result.exit_code == 0, result.output
    found = json.loads(result.stdout)["factions"]
    assert found[:2] == [
        {"id": "growth", "name": "Growth team", "members": ["grace", "gary", "gina", "paul", "pam"], "stance": "supporter",
         "detected": False, "level": None, "camp": None},
        {"id": "old", "name": "Old hands", "members": ["oscar", "owen", "otto", "olive"], "stance": "skeptic",
         "detected": False, "level": None, "camp": None},
    ]
    assert found[2:] == [
        {"id": "detected-1", "name": "Camp of Oscar Reid", "members": ["oscar", "owen", "otto", "olive", "quinn", "paul"],
         "stance": "mixed", "detected": True, "level": "camp", "camp": None},
        {"id": "detected-2", "name": "Group around Quinn Adams", "members": ["olive", "quinn", "paul"], "stance": "mixed",
         "detected": True, "level": "group", "camp": "detected-1"},
    ]
    markdown = run("report", path, "-f", "markdown").stdout.splitlines()
    assert "| Camp of Oscar Reid | mixed | Oscar Reid, Owen Shaw, Otto Berg, Olive Grant, Quinn Adams, " \
           "Paul Diaz | detected camp |" in markdown
    assert "| Group around Quinn Adams | mixed | Olive Grant, Quinn Adams, Paul Diaz | " \
           "detected group in Camp of Oscar Reid |" in markdown
    terminal = run("report", path).stdout.splitlines()
    group = next(line for line in terminal if line.startswith("│ Group around Quinn Adams"))
    assert "detected group in Camp of Oscar Reid" in group and "Old hands" not in group
    camp, group = factions(build_graph(load(path))).factions[2:]
    assert camp.reasons == ("2 groups, closer to each other than to the rest of the account",
                            "holds people of Growth team and Old hands", "most connected member: Oscar Reid",
                            "mixed: 1 member for us and 4 against us")
    assert group.reasons[-1] == "mixed: 1 member for us and 1 against us"
    assert group.reasons[-1].text("zh") == "立场不一：1人支持我们，1人反对我们"
    assert camp.reasons[1].text("zh") == "其中有Growth team和Old hands的人"


def test_a_group_whose_stances_are_mostly_unknown_reads_unknown_not_the_one_known(run, tmp_path):
    """The same account, Quinn's and Paul's stances not yet known: the group's one known stance
    (Olive, an opponent) does not speak for the three of them."""
    text = HARBOUR.replace("title: Quality Engineer, reports_to: olive, stance: neutral",
                           "title: Quality Engineer, reports_to: olive, stance: unknown")
    text = text.replace("faction: growth, stance: supporter}\nrelations", "faction: growth, stance: unknown}\nrelations")
    path = account_file(tmp_path, text)
    found = json.loads(run("report", path, "-f", "json").stdout)["factions"]
    group = next(f for f in found if f["name"] == "Group around Quinn Adams")
    assert (group["stance"], group["level"], group["camp"]) == ("unknown", "group", "detected-1")
    said = next(f for f in factions(build_graph(load(path))).factions if f.name == "Group around Quinn Adams")
    assert said.reasons[-1] == "the stance of only 1 of its 3 members is known"
    assert said.reasons[-1].text("zh") == "3名成员中只知道1人的态度"


def test_kestrel_colin_barrows_group_is_not_placed_in_the_modernisers(run):
    """Kestrel: Colin Barrow is Old Guard (declared, an opponent, rival of the Modernisers'
    Nadia Kowalczyk) and Aisha Rahman sides with the Old Guard: their group sits in the camp
    around Harold Kestrel, which holds both factions' people, so it is that camp's, not the
    Modernisers'; one supporter (Hannah Webb) and one opponent make it mixed, not neutral."""
    found = json.loads(run("report", EXAMPLES / "kestrel-manufacturing.yaml", "-f", "json").stdout)["factions"]
    detected = [(f["id"], f["name"], f["stance"], f["level"], f["camp"]) for f in found if f["detected"]]
    assert detected == [
        ("detected-1", "Camp of Harold Kestrel", "mixed", "camp", None),
        ("detected-2", "Group around Colin Barrow", "mixed", "group", "detected-1"),
        ("detected-3", "Camp of Ravi Menon", "mixed", "camp", None),
        ("detected-4", "Group around Kim Osei", "mixed", "group", "detected-3"),
    ]
    assert found[2]["members"] == ["harold_kestrel", "daniel_kestrel", "eleanor_voss", "graham_pryce", "colin_barrow",
                                   "aisha_rahman", "rachel_quint", "ben_carter", "victor_sandoval", "hannah_webb",
                                   "margaret_lin", "tom_reilly"]
    assert found[3]["members"] == ["colin_barrow", "aisha_rahman", "victor_sandoval", "hannah_webb"]
    assert all(f["camp"] != "modernisers" for f in found)


def test_camps_that_are_the_declared_factions_keep_their_names(run):
    """Zachary's club, the two leaders' factions declared: each camp the ties find is the
    faction its leader heads (the officers' camp is exactly the people listed in The officers;
    Mr Hi's camp holds Mr Hi's 15 and member 3, a swing), so no camp is listed twice."""
    result = factions(build_graph(load(EXAMPLES / "zachary-karate.yaml")))
    assert set(result.camp_of.values()) == {"mr-hi", "officers"}
    camp = {name: sorted((p for p, c in result.camp_of.items() if c == name), key=int) for name in ("mr-hi", "officers")}
    assert camp["officers"] == sorted(result.faction("officers").members, key=int)
    assert camp["mr-hi"] == sorted([*result.faction("mr-hi").members, "3"], key=int)
    assert not any(f.detected for f in result.factions)
