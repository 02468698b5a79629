"""Sales judgement on plan, simulate, diff and portfolio: one small account per point, checked
exactly through the command line and, where a renderer does not yet take a language, on the
analysis's messages in Chinese.

- Key set everywhere: the portfolio's coverage, the forecast's committee, the key persons of
  simulate, the rank changes of diff and the "key person #n" of the plan are the report's key
  persons (JSON ``key: true``), not a fixed top five or top ten.
- What moved is said in words, with names: each change of simulate and diff is a message (in
  Chinese too); the JSON keeps the ids in its id fields.
- The support index is explained once under each table that shows it (plan, simulate, diff,
  portfolio), and read in words where it is shown ("0.450 (the committee leans against us)").
- The plan's "why" is a salesperson's: the key-person rank and today's stance first, the share
  of the decision, whom they sway (three names, then how many more), and where winning them
  leaves the committee. The person is named, never shown by id.
- The portfolio names the top key person and the top risk where a person reads it; JSON and
  CSV keep the ids and add the names at the end.
"""

from __future__ import annotations

import html
import json

from powermap.compare import diff_accounts, simulate
from powermap.loaders import load
from powermap.scenario import parse_change

from conftest import account_file

# Bo Chen, the CEO, decides and funds; Dora Lin, his CTO, sets the spec at proposal and is
# skeptical; Cai Wen, the CFO, buys. Four engineers under Dora use the system. Ann knows Bo and
# two engineers well. The key persons at proposal are Bo Chen and Dora Lin (the decision maker
# and funder, the spec setter: both far above the others); the CFO and the engineers are not.
HARBOUR = """\
account: {id: harbour, name: Harbour Foods, stage: proposal, culture: centralized, as_of: 2026-11-15}
team:
  - {id: ann, name: Ann Lee}
stakeholders:
  - {id: boss, name: Bo Chen, title: CEO, roles: [decision_maker, funder], stance: neutral,
     power: {position: 3, allocation: 3}}
  - {id: cto, name: Dora Lin, title: CTO, reports_to: boss, roles: [spec_setter], stance: skeptic}
  - {id: cfo, name: Cai Wen, title: CFO, reports_to: boss, roles: [procurement], stance: neutral}
  - {id: eng1, name: Eli Park, title: Engineer, reports_to: cto, roles: [user], stance: neutral}
  - {id: eng2, name: Fay Gold, title: Engineer, reports_to: cto, roles: [user], stance: neutral}
  - {id: eng3, name: Gus Hale, title: Engineer, reports_to: cto, roles: [user], stance: neutral}
  - {id: eng4, name: Hua Ming, title: Engineer, reports_to: cto, roles: [user], stance: neutral}
contacts:
  - {member: ann, stakeholder: boss, strength: close, last_contact: 2026-11-10}
  - {member: ann, stakeholder: eng1, strength: close, last_contact: 2026-11-10}
  - {member: ann, stakeholder: eng2, strength: close, last_contact: 2026-11-10}
"""
# The same, and Eli Park has the CTO's ear: winning him moves her a little.
HARBOUR_ELI = HARBOUR + "relations:\n  - {source: eng1, target: cto, type: influences, weight: 0.5}\n"


def _json(run, *args):
    result = run(*args, "-f", "json")
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


# --- 1. the key set everywhere -------------------------------------------------------------------
def test_the_key_persons_are_the_reports_key_set(run, tmp_path):
    path = account_file(tmp_path, HARBOUR)
    report = _json(run, "report", path)
    assert [person["id"] for person in report["key_persons"] if person["key"]] == ["boss", "cto"]


def test_portfolio_coverage_counts_the_key_persons(run, tmp_path):
    # Of the two key persons, Ann reaches Bo Chen well and Dora Lin not at all: 1 of 2. (The old
    # "top five and every holder of a key role" counted the CFO and two engineers Ann knows.)
    row = _json(run, "portfolio", account_file(tmp_path, HARBOUR))["accounts"][0]
    assert row["coverage"] == 0.5


def test_the_forecast_weighs_the_key_persons_and_simulate_lists_them(run, tmp_path):
    path = account_file(tmp_path, HARBOUR)
    data = _json(run, "simulate", path, "--set", "cfo.roles=procurement;spec_setter")
    # Centralized: Bo Chen weighs 0.7, Dora Lin (the only other key person) 0.3. Nobody sways
    # Bo: he stays at 0 (neutral). Dora starts at -0.5 (skeptic), listens to herself (1) and her
    # boss (0.5), susceptibility 0.6: x = 0.6 (2/3 x + 1/3 0) + 0.4 (-0.5), x = -1/3.
    # Index 0.5 + 0.5 (0.7 x 0 + 0.3 x -1/3) = 0.45.
    assert data["before"]["support_index"] == 0.45
    assert [person["id"] for person in data["before"]["key_persons"]] == ["boss", "cto"]
    # Made a spec setter too, the CFO becomes a key person (a key role at proposal): listed, and said.
    assert [person["id"] for person in data["after"]["key_persons"]] == ["boss", "cto", "cfo"]
    moved = [change for change in data["changes"] if change["what"] == "key_person"]
    assert moved == [{"what": "key_person", "id": "cfo", "from": 3, "to": 3, "was_key": False, "key": True,
                      "message": "Cai Wen is now a key person (#3)"}]
    said = simulate(load(path), [parse_change("cfo.roles=procurement;spec_setter")])
    assert [c["message"].text("zh") for c in said.changes if c["what"] == "key_person"] == ["Cai Wen成为关键人（第3位）"]


def test_the_plan_calls_only_key_persons_key(run, tmp_path):
    steps = _json(run, "plan", account_file(tmp_path, HARBOUR_ELI))["plan"]
    # Eli Park ranks 3rd but is no key person: his line does not call him one
    assert [(step["id"], "key person" in step["why"]) for step in steps] == [("boss", True), ("cto", True), ("eng1", False)]
    assert steps[2]["why"] == "neutral today; sways Dora Lin; winning them over moves the committee from 0.74 to 0.75, where it is for us"


# --- 2. what moved, in words and names -------------------------------------------------------------
# Later: Dora Lin has come round, and Cai Wen now also sets the spec.
HARBOUR_LATER = HARBOUR.replace("roles: [spec_setter], stance: skeptic", "roles: [spec_setter], stance: supporter").replace(
    "roles: [procurement], stance: neutral", "roles: [procurement, spec_setter], stance: neutral")


def test_the_diff_says_what_moved_with_names(run, tmp_path):
    old, new = account_file(tmp_path, HARBOUR, "old.yaml"), account_file(tmp_path, HARBOUR_LATER, "new.yaml")
    data = _json(run, "diff", old, new)
    assert [(change["what"], change.get("id", change.get("subject")), change["message"]) for change in data["changes"]] == [
        ("support_index", None, "the committee moves from 0.45 to 0.53, where it leans our way"),
        ("key_person", "cfo", "Cai Wen is now a key person (#3)"),
        ("forecast", "cto", "Dora Lin would move from skeptic to supporter"),
        ("gap_opened", "cfo", "new gap: key person #3 Cai Wen is not reached by anyone on our team"),
    ]
    result = run("diff", old, new, "-f", "markdown")
    assert result.exit_code == 0, result.output
    assert result.output.split("## Answers\n\n")[1].split("\n\n")[0].splitlines() == [
        "| what moved |",
        "|---|",
        "| the committee moves from 0.45 to 0.53, where it leans our way |",
        "| Cai Wen is now a key person (\\#3) |",
        "| Dora Lin would move from skeptic to supporter |",
        "| new gap: key person \\#3 Cai Wen is not reached by anyone on our team |",
    ]
    said = diff_accounts(load(old), load(new))
    assert [change["message"].text("zh") for change in said.result_changes] == [
        "支持指数从0.45变为0.53，决策层届时倾向我们",
        "Cai Wen成为关键人（第3位）",
        "Dora Lin的预计态度由怀疑者变为支持者",
        "新的覆盖缺口：我方无人接触到第3位关键人Cai Wen",
    ]


def test_simulate_says_risks_with_names(run, tmp_path):
    # Ann gets to know Cai Wen well: he is no longer an ignored risk
    data = _json(run, "simulate", account_file(tmp_path, HARBOUR), "--add-contact", "ann:cfo:close")
    assert [(change["what"], change.get("id"), change["message"]) for change in data["changes"]
            if change["what"].startswith("risk")] == [("risk_closed", "cfo", "Cai Wen is no longer an ignored risk")]


# --- 3. the support index, explained and read in words ---------------------------------------------
MEANING = ("support index: where the committee's views would settle as people sway each other; 0 all against us, "
           "0.5 neutral, 1 all for us; weighted by who decides (in a centralized account the top decision maker "
           "counts 70%)")


def test_the_plan_explains_the_support_index(run, tmp_path):
    result = run("plan", account_file(tmp_path, HARBOUR), "-f", "markdown")
    assert result.exit_code == 0, result.output
    # 0.45 before (computed above); winning Bo Chen and Dora Lin brings both to +0.5 (supporter):
    # 0.5 + 0.5 (0.7 x 0.5 + 0.3 x 0.5) = 0.75
    assert result.output.split("## Whom")[0].splitlines() == [
        "## Support index",
        "",
        "| before | after plan |",
        "|---|---|",
        "| 0.450 (the committee leans against us) | 0.750 (the committee is for us) |",
        "",
        f"_{MEANING}_",
        "",
    ]
    table = run("plan", account_file(tmp_path, HARBOUR), "--budget", "1")
    assert "support index: where the committee's views would settle" in table.output


def test_simulate_diff_and_portfolio_explain_the_support_index(run, tmp_path):
    path = account_file(tmp_path, HARBOUR)
    later = account_file(tmp_path, HARBOUR_LATER, "later.yaml")
    simulated = run("simulate", path, "--set", "cto.stance=supporter", "-f", "markdown")
    # Dora Lin a supporter: x = 0.4 x + 0.4 x 0.5, x = 1/3; 0.5 + 0.5 x 0.3 x 1/3 = 0.55
    assert "| 0.450 (the committee leans against us) | 0.550 (the committee leans our way) | +0.100 |" in simulated.output
    for result in (simulated, run("diff", path, later, "-f", "markdown"), run("portfolio", path, "-f", "markdown")):
        assert result.exit_code == 0, result.output
        assert result.output.count(f"_{MEANING}_") == 1
    assert MEANING in " ".join(run("portfolio", path).output.split())  # the terminal table, folded lines joined
    folder = tmp_path / "html"
    assert run("portfolio", path, "-f", "html", "-o", folder).exit_code == 0
    assert f"<p><em>{html.escape(MEANING)}</em></p>" in (folder / "index.html").read_text(encoding="utf-8")


def test_the_support_index_in_chinese():
    from powermap.analysis.plan import SUPPORT_INDEX_MEANING, support_said
    from powermap.i18n import say

    assert support_said(0.45).text("zh") == "0.450（决策层倾向反对我们）"
    assert [support_said(index) for index in (0.1, 0.3, 0.5, 0.6, 0.7, 0.9)] == [
        "0.100 (the committee is firmly against us)", "0.300 (the committee is against us)",
        "0.500 (the committee is evenly split)", "0.600 (the committee leans our way)",
        "0.700 (the committee is for us)", "0.900 (the committee is firmly for us)"]
    assert say(SUPPORT_INDEX_MEANING).text("zh").startswith("支持指数：决策层成员相互影响之后")


# --- 4. the plan's why -----------------------------------------------------------------------------
# Dora Lin has six engineers under her (the two more change nobody's forecast: they sway no one).
HARBOUR_SIX = HARBOUR.replace("contacts:\n", "  - {id: eng5, name: Ivo Marsh, title: Engineer, reports_to: cto, roles: [user], stance: neutral}\n"
                              "  - {id: eng6, name: Jia Ren, title: Engineer, reports_to: cto, roles: [user], stance: neutral}\n"
                              "contacts:\n", 1)


def test_the_plan_says_why_in_a_salespersons_words(run, tmp_path):
    path = account_file(tmp_path, HARBOUR_SIX)
    steps = _json(run, "plan", path)["plan"]
    # Bo Chen a supporter (+0.5): Dora settles at x = 0.4 x + 0.6 x 1/3 x 0.5 - 0.2, x = -1/6;
    # 0.5 + 0.5 (0.7 x 0.5 - 0.3 / 6) = 0.65. Dora too: x = 0.4 x + 0.1 + 0.2, x = 0.5; 0.75.
    assert [(step["id"], step["why"]) for step in steps] == [
        ("boss", "key person #1, neutral today; carries most of the decision (70%); sways Dora Lin and Cai Wen; "
                 "winning them over moves the committee from 0.45 to 0.65, where it is for us"),
        ("cto", "key person #2, skeptic today; carries 30% of the decision; sways Eli Park, Fay Gold, Gus Hale and 3 more; "
                "winning them over moves the committee from 0.65 to 0.75, where it is for us"),
    ]
    result = run("plan", path, "-f", "markdown")
    assert result.exit_code == 0, result.output
    rows = result.output.split("## Whom to win over next\n\n")[1].splitlines()
    assert [row.split(" | ")[1:4] for row in rows[2:]] == [["Bo Chen", "+0.200", "Ann Lee → Bo Chen"],
                                                          ["Dora Lin", "+0.100", "Ann Lee → Eli Park → Dora Lin"]]
    from powermap.analysis.account_analysis import Analysis

    said = Analysis(load(path)).plan(3).steps
    assert [step.why.text("zh") for step in said] == [
        "第1位关键人，目前是中立；握有大部分决策权（70%）；影响Dora Lin和Cai Wen；争取过来后，支持指数从0.45变为0.65，决策层届时支持我们",
        "第2位关键人，目前是怀疑者；握有30%的决策权；影响Eli Park、Fay Gold、Gus Hale等，另有3人；"
        "争取过来后，支持指数从0.65变为0.75，决策层届时支持我们",
    ]


# --- 5. the portfolio names people -----------------------------------------------------------------
def test_the_portfolio_names_the_top_key_person_and_the_top_risk(run, tmp_path):
    path = account_file(tmp_path, HARBOUR)
    row = _json(run, "portfolio", path)["accounts"][0]
    # Bo Chen ranks first; Dora Lin, the skeptical key person nobody has met, is the first risk
    assert (row["top_key_person"], row["top_risk"], row["top_key_person_name"], row["top_risk_name"]) == (
        "boss", "cto", "Bo Chen", "Dora Lin")
    markdown = run("portfolio", path, "-f", "markdown").output
    assert markdown.splitlines()[2:5] == [
        "| grade | id | stage | coverage | high gaps | top key person | top risk | support index | next action |",
        "|---|---|---|---|---|---|---|---|---|",
        "| - | harbour | proposal | 50% | 3 | Bo Chen | Dora Lin | 0.45 | " + row["next_action"] + " |",
    ]
    terminal = run("portfolio", path).output
    assert "Bo Chen" in terminal and "Dora Lin" in terminal and "boss" not in terminal and "cto" not in terminal
    csv = run("portfolio", path, "-f", "csv").output.splitlines()
    assert csv[0].endswith(",top_key_person,top_risk,support_index,next_action,top_key_person_name,top_risk_name")
    assert csv[1].startswith("harbour,Harbour Foods,,proposal,0.5,3,boss,cto,0.45,") and csv[1].endswith(",Bo Chen,Dora Lin")
    folder = tmp_path / "html"
    assert run("portfolio", path, "-f", "html", "-o", folder).exit_code == 0
    page = (folder / "index.html").read_text(encoding="utf-8")
    assert "<td>Bo Chen</td><td>Dora Lin</td>" in page and ">boss<" not in page


def test_the_portfolio_names_people_in_chinese(run, tmp_path):
    path = account_file(tmp_path, HARBOUR.replace("Bo Chen", "陈波").replace("Dora Lin", "林朵"))
    markdown = run("portfolio", path, "-f", "markdown").output
    assert "| - | harbour | proposal | 50% | 3 | 陈波 | 林朵 | 0.45 |" in markdown
    from powermap.analysis.plan import SUPPORT_INDEX_MEANING
    from powermap.i18n import say

    assert say(SUPPORT_INDEX_MEANING).text("zh") == (
        "支持指数：决策层成员相互影响之后，看法最终会落在哪里；0为全部反对我们，0.5为中立，1为全部支持我们；"
        "按决策分量加权（集权型客户中最高决策者占70%）")
