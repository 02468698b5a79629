"""Sales judgement on names and wording: one small account per point, checked exactly through
the command line as a user runs it (``powermap report FILE``, ``-f markdown``, ``-f json``,
``-f csv``, ``powermap path``) and, where a renderer does not take a language yet, on the
analysis's messages in Chinese.

1. The person columns of the terminal and Markdown reports show names, not "Name (id)"; the id
   follows a name only when two people of the account share it. JSON and CSV keep the ids.
2. ``powermap path`` says a route's warmth in words (warm, lukewarm, cold route; a direct
   contact) and names the target; the JSON keeps the figure.
3. How our team reaches someone is said one way in the gaps and in the risks: "stranger contact
   of Tom Hill, last met 2026-05-01, 198 days ago".
4. A hidden power and its level are said one way for key persons and inside contacts:
   "strong information power" (信息权力强), never "information power: strong".
"""

from __future__ import annotations

import pytest

import csv
import json

from conftest import account_file


# These accounts tell their story in English words (their Chinese is asserted through
# ``message.text("zh")`` and in tests/test_report_zh.py): every report is read in English.
pytestmark = pytest.mark.usefixtures("english")


# --- 1. names in the person columns --------------------------------------------------------------

# Bo Chen, the CEO, decides and funds. Two different people are called Li Wei: the head of
# purchasing (neutral) and a plant engineer (an opponent); nobody on our team has met either.
# Eva, the CEO's assistant, is Ann's close contact.
TWINS = """\
account: {id: twins, name: Twin Works, stage: negotiation, culture: centralized, as_of: 2026-11-15}
team:
  - {id: ann, name: Ann Lee}
stakeholders:
  - {id: boss, name: Bo Chen, title: CEO, roles: [decision_maker, funder], stance: supporter,
     power: {position: 3, allocation: 3}}
  - {id: li-wei, name: Li Wei, title: Head of Purchasing, reports_to: boss, roles: [procurement], stance: neutral}
  - {id: li-wei-2, name: Li Wei, title: Plant Engineer, reports_to: boss, roles: [user], stance: opponent}
  - {id: eva, name: Eva Ruiz, title: Assistant to the CEO, reports_to: boss, stance: supporter,
     power: {information: 3}, circle: inner}
contacts:
  - {member: ann, stakeholder: boss, strength: close, last_contact: 2026-11-10}
  - {member: ann, stakeholder: eva, strength: close, last_contact: 2026-11-12}
"""


def first_cells(table: str, title: str, after: str) -> list[str]:
    """The first column of one terminal table (its rows that start a person), in order."""
    part = table[table.index(title):table.index(after)]
    cells = [line.split("│")[1].strip() for line in part.splitlines() if line.startswith("│")]
    return [cell for cell in cells if cell]


def person_cells(table: str, title: str, after: str) -> list[str]:
    """The Person column (the second) of the key persons table."""
    part = table[table.index(title):table.index(after)]
    cells = [line.split("│")[2].strip() for line in part.splitlines() if line.startswith("│")]
    return [cell for cell in cells if cell]


def test_person_columns_show_names_and_the_id_only_to_tell_two_apart(run, tmp_path):
    path = account_file(tmp_path, TWINS)
    result = run("report", path)
    assert result.exit_code == 0, result.output
    table = result.stdout
    assert person_cells(table, "Key persons", "Coverage gaps") == ["Bo Chen", "Li Wei (li-wei)"]
    assert first_cells(table, "Inside contacts", "Ignored risks") == ["Eva Ruiz"]
    assert first_cells(table, "Ignored risks", "Factions") == ["Li Wei (li-wei-2)", "Li Wei (li-wei)"]
    assert "Bo Chen, Li Wei (li-wei), Li Wei (li-wei-2), Eva Ruiz" in table  # the faction's members
    assert "(boss)" not in table and "(eva)" not in table

    markdown = run("report", path, "-f", "markdown").stdout
    lines = markdown.splitlines()
    assert "| 1 | Bo Chen | 0.89 | decision maker and funder; signs at negotiation; the top person decides (centralized " \
           "culture); top of the reporting line (3 people below); the most influential: 3 people defer to them; " \
           "strong position power and allocation power |" in lines
    assert "| Li Wei (li-wei-2) | 0.42 | opponent; nobody on our team has met them |" in lines
    assert "| Li Wei (li-wei) | 0.39 | key person \\#2; not on our side yet (neutral); nobody on our team has met them |" in lines
    assert [line.split(" | ")[0] for line in lines if line.startswith("| Eva Ruiz")] == ["| Eva Ruiz"]
    assert "`boss`" not in markdown and "`eva`" not in markdown

    data = json.loads(run("report", path, "-f", "json").stdout)  # JSON: ids and names, as before
    assert [(p["id"], p["name"]) for p in data["ignored_risks"]] == [("li-wei-2", "Li Wei"), ("li-wei", "Li Wei")]
    folder = tmp_path / "csv"
    assert run("report", path, "-f", "csv", "-o", folder).exit_code == 0
    with (folder / "ignored_risks.csv").open(encoding="utf-8-sig", newline="") as written:
        assert [(row["id"], row["name"]) for row in csv.DictReader(written)] == [("li-wei-2", "Li Wei"), ("li-wei", "Li Wei")]


def test_names_that_differ_only_in_case_or_spacing_are_told_apart_too(run, tmp_path):
    """Two people called 王伟 show their ids, and so do "Anna Berg" and "anna  berg" (a reader
    cannot tell them apart); 陈国华 does not."""
    path = account_file(tmp_path, """\
account: {id: cn, name: 华东钢铁, stage: negotiation, as_of: 2026-11-15}
team: [{id: tom, name: 张伟}]
stakeholders:
  - {id: chen, name: 陈国华, title: 董事长, roles: [decision_maker, funder], power: {position: 3}}
  - {id: wang-a, name: 王伟, title: 采购部长, reports_to: chen, roles: [procurement], stance: skeptic}
  - {id: wang-b, name: 王伟, title: 车间主任, reports_to: chen, roles: [user], stance: opponent}
  - {id: anna-1, name: Anna Berg, title: 顾问, stance: opponent}
  - {id: anna-2, name: "anna  berg", title: 专家, stance: opponent}
contacts: [{member: tom, stakeholder: chen, strength: close, last_contact: 2026-11-01}]
""")
    table = run("report", path).stdout
    assert person_cells(table, "Key persons", "Coverage gaps")[0] == "陈国华"
    risks = first_cells(table, "Ignored risks", "Factions")
    assert risks == ["王伟 (wang-a)", "王伟 (wang-b)", "陈国华", "Anna Berg (anna-1)", "anna  berg (anna-2)"]


def test_an_id_shown_to_tell_two_apart_is_escaped_in_markdown():
    """Ids from a database are not held to the file's id rule: one holding "|" and "`" still
    stays inside its table cell."""
    from conftest import make_account
    from powermap.render.markdown import render_markdown
    from powermap.report import analyze

    account = make_account(account={"as_of": "2026-11-15"}, team=[{"id": "tom", "name": "Tom"}], stakeholders=[
        {"id": "boss", "name": "Chen", "roles": ["decision_maker"]},
        {"id": "chen|`x", "name": "Chen", "roles": ["funder"], "reports_to": "boss", "stance": "opponent"}])
    lines = render_markdown(analyze(account)).splitlines()
    assert "| 2 | Chen (chen\\|\\`x) | 0.38 | funder |" in lines
    assert "| Chen (chen\\|\\`x) | 0.51 | key person \\#2; opponent; nobody on our team has met them |" in lines


# --- 2. routes say their warmth in words --------------------------------------------------------

# Dee has met Tara, the CFO, once; Ann is intimate with Ivy, Tara's friend (0.95 x 0.90 = 0.855);
# Ben knows Jon, a half-hearted ally of Tara, at the ordinary layer (0.65 x 0.80 x 0.5 = 0.26);
# Cal barely knows Kit, Tara's relative (0.10 x 0.95 x 0.8 = 0.076). Olaf, Tara's friend, is
# against us and opens no door.
ROUTES = """\
account: {id: bridge, name: Bridge Works, stage: negotiation, as_of: 2026-11-15}
team:
  - {id: ann, name: Ann Lee}
  - {id: ben, name: Ben Ortiz}
  - {id: cal, name: Cal Moss}
  - {id: dee, name: Dee Park}
stakeholders:
  - {id: tara, name: Tara Singh, title: CFO, roles: [funder], stance: unknown}
  - {id: ivy, name: Ivy Chen, title: Controller, stance: supporter}
  - {id: jon, name: Jon Berg, title: Treasurer, stance: neutral}
  - {id: kit, name: Kit Singh, title: Analyst, stance: supporter}
  - {id: olaf, name: Olaf Dahl, title: Auditor, stance: opponent}
relations:
  - {source: ivy, target: tara, type: friend, weight: 1.0}
  - {source: jon, target: tara, type: ally, weight: 0.5}
  - {source: kit, target: tara, type: kin, weight: 0.8}
  - {source: olaf, target: tara, type: friend, weight: 1.0}
contacts:
  - {member: dee, stakeholder: tara, strength: stranger, last_contact: 2026-11-01}
  - {member: ann, stakeholder: ivy, strength: intimate, last_contact: 2026-11-10}
  - {member: ben, stakeholder: jon, strength: ordinary, last_contact: 2026-11-05}
  - {member: cal, stakeholder: kit, strength: outermost, last_contact: 2026-11-03}
  - {member: ann, stakeholder: olaf, strength: close, last_contact: 2026-11-03}
"""


def test_routes_say_warm_lukewarm_or_cold_and_the_json_keeps_the_figure(run, tmp_path):
    path = account_file(tmp_path, ROUTES)
    result = run("path", path, "--to", "tara", "-k", "4")
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[:15] == [
        "Routes to Tara Singh, as of 2026-11-15:",
        "  1. direct contact: Dee Park -> Tara Singh",
        "       - Dee Park knows Tara Singh (stranger, last met 2026-11-01)",
        "  2. warm route: Ann Lee -> Ivy Chen -> Tara Singh",
        "       - Ann Lee knows Ivy Chen (intimate, last met 2026-11-10)",
        "       - Ivy Chen and Tara Singh are friends",
        "  3. lukewarm route: Ben Ortiz -> Jon Berg -> Tara Singh",
        "       - Ben Ortiz knows Jon Berg (ordinary, last met 2026-11-05)",
        "       - Jon Berg and Tara Singh are allies",
        "  4. cold route: Cal Moss -> Kit Singh -> Tara Singh",
        "       - Cal Moss knows Kit Singh (outermost, last met 2026-11-03)",
        "       - Kit Singh and Tara Singh are family",
        "Kept out (would not introduce us):",
        "  Olaf Dahl: Olaf Dahl is an opponent: would not open a door for us",
        "Cross-appointments:",
    ]
    assert "warmth" not in result.stdout and "0." not in result.stdout

    data = json.loads(run("path", path, "--to", "tara", "-k", "4", "-f", "json").stdout)
    assert [(route["path"], route["warmth"]) for route in data["routes"]] == [
        (["dee", "tara"], 0.25), (["ann", "ivy", "tara"], 0.855), (["ben", "jon", "tara"], 0.26),
        (["cal", "kit", "tara"], 0.076)]

    from powermap.analysis.account_analysis import Analysis
    from powermap.loaders import load
    from powermap.render.paths import render_introductions

    analysis = Analysis(load(path))
    said = render_introductions(analysis.introductions("tara", k=4), analysis.graph, lang="zh").splitlines()
    assert said[:4] == [
        "到Tara Singh的引荐路径（截至2026-11-15）：",
        "  1. 直接联系：Dee Park -> Tara Singh",
        "       - Dee Park认识Tara Singh（陌生层，上次见面2026-11-01）",
        "  2. 关系热的引荐路径：Ann Lee -> Ivy Chen -> Tara Singh",
    ]
    assert said[6] == "  3. 关系一般的引荐路径：Ben Ortiz -> Jon Berg -> Tara Singh"
    assert said[9] == "  4. 关系冷的引荐路径：Cal Moss -> Kit Singh -> Tara Singh"
    assert said[12:14] == ["排除在外（不会为我方引荐）：", "  Olaf Dahl：Olaf Dahl是反对者：不会为我方引荐"]


def test_a_route_header_tells_apart_two_people_of_the_same_name(run, tmp_path):
    path = account_file(tmp_path, ROUTES.replace("name: Kit Singh", "name: Tara Singh"))
    lines = run("path", path, "--to", "tara", "-k", "4").stdout.splitlines()
    assert lines[0] == "Routes to Tara Singh (tara), as of 2026-11-15:"
    assert lines[9] == "  4. cold route: Cal Moss -> Tara Singh (kit) -> Tara Singh (tara)"


# --- 3. one wording for how we reach someone -------------------------------------------------------

# Eva, the QA lead who evaluates, is a skeptic; only Tom knows her, as a stranger, last met on
# 1 May: 198 days before 15 November. The gaps and the risk say that contact the same way.
REACH = """\
account: {id: reach, name: Reach Works, stage: proposal, culture: centralized, as_of: 2026-11-15}
team:
  - {id: ann, name: Ann Lee}
  - {id: tom, name: Tom Hill}
stakeholders:
  - {id: boss, name: Bo Chen, title: CEO, roles: [decision_maker, funder], stance: supporter,
     power: {position: 3, allocation: 3}}
  - {id: eva, name: Eva Ruiz, title: QA Lead, reports_to: boss, roles: [evaluator], stance: skeptic}
contacts:
  - {member: ann, stakeholder: boss, strength: close, last_contact: 2026-11-10}
  - {member: tom, stakeholder: boss, strength: ordinary, last_contact: 2026-11-01}
  - {member: tom, stakeholder: eva, strength: stranger, last_contact: 2026-05-01}
"""


def test_the_gaps_and_the_risks_say_how_we_reach_someone_the_same_way(run, tmp_path):
    path = account_file(tmp_path, REACH)
    data = json.loads(run("report", path, "-f", "json").stdout)
    contact = "stranger contact of Tom Hill, last met 2026-05-01, 198 days ago"
    assert [gap["message"] for gap in data["coverage_gaps"]] == [
        f"key person #2 Eva Ruiz is reached only weakly ({contact})",  # weak and stale: said once
        "key person #2 Eva Ruiz is reached only through Tom Hill",
        f"the evaluators are reached only weakly or long ago (Eva Ruiz: {contact})",
    ]
    assert [(risk["id"], risk["reasons"]) for risk in data["ignored_risks"]] == [
        ("eva", ["key person #2", "skeptic", f"only a weak contact: {contact}"])]

    from powermap.analysis.account_analysis import Analysis
    from powermap.loaders import load

    analysis = Analysis(load(path))
    said = "与Tom Hill处于陌生层，最近一次接触2026-05-01（198天前）"
    assert analysis.coverage_gaps[0].message.text("zh") == f"我方与第2位关键人Eva Ruiz的接触很弱（{said}）"
    assert analysis.ignored_risks[0].reasons[-1].text("zh") == f"我方关系浅：{said}"


# --- 4. one wording for a hidden power and its level ----------------------------------------------

# Eva, the chief engineer who sets the spec, knows everything that goes on (strong information
# power); Max, her engineer, knows a fair amount (moderate). Both are supporters Tom knows well:
# inside contacts, and Eva is a key person too. Each power reads the same in both tables.
POWER = """\
account: {id: power, name: Power Works, stage: proposal, culture: centralized, as_of: 2026-11-15}
team:
  - {id: ann, name: Ann Lee}
  - {id: tom, name: Tom Hill}
stakeholders:
  - {id: boss, name: Bo Chen, title: CEO, roles: [decision_maker, funder], stance: neutral,
     power: {position: 3, allocation: 3}}
  - {id: eva, name: Eva Ruiz, title: Chief Engineer, reports_to: boss, roles: [spec_setter], stance: supporter,
     power: {information: 3, knowledge: 2}}
  - {id: max, name: Max Wong, title: Engineer, reports_to: eva, roles: [user], stance: supporter,
     power: {information: 2}}
contacts:
  - {member: ann, stakeholder: boss, strength: ordinary, last_contact: 2026-11-10}
  - {member: tom, stakeholder: eva, strength: close, last_contact: 2026-11-12}
  - {member: tom, stakeholder: max, strength: close, last_contact: 2026-11-12}
"""


def test_a_hidden_power_reads_the_same_for_key_persons_and_inside_contacts(run, tmp_path):
    path = account_file(tmp_path, POWER)
    data = json.loads(run("report", path, "-f", "json").stdout)
    assert [(p["id"], p["reasons"]) for p in data["key_persons"]] == [
        ("boss", ["decision maker and funder", "the top person decides (centralized culture)",
                  "top of the reporting line (2 people below)", "the most influential: 1 person defers to them",
                  "strong position power and allocation power"]),
        ("eva", ["spec setter", "heads 1 person", "strong information power",
                 "2nd most influential: 1 person defers to them", "moderate knowledge power"]),
        ("max", ["user", "moderate information power"]),
    ]
    assert [(c["id"], c["reasons"]) for c in data["inside_contacts"]] == [
        ("eva", ["a supporter", "close contact of Tom Hill, last met 2026-11-12", "strong information power",
                 "key person #2", "direct tie to key person Bo Chen"]),
        ("max", ["a supporter", "close contact of Tom Hill, last met 2026-11-12", "moderate information power",
                 "direct tie to key person Eva Ruiz"]),
    ]
    assert "information power:" not in run("report", path).stdout

    from powermap.analysis.account_analysis import Analysis
    from powermap.loaders import load

    analysis = Analysis(load(path))
    eva_key = analysis.key_persons.ranked[1]
    eva_contact, max_contact = analysis.inside_contacts
    assert (eva_key.reasons[2].text("zh"), eva_contact.reasons[2].text("zh")) == ("信息权力强", "信息权力强")
    assert max_contact.reasons[2].text("zh") == "信息权力中等"
