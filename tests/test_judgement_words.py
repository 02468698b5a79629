"""Sales judgement on the words a person reads: one small account per point, checked exactly
through the command line (``powermap report FILE``, ``-f markdown``, ``-f json``) and, where a
renderer does not yet take a language, on the analysis's messages in Chinese.

- The report's header is clean: the account on one line, its facts and date on the next, no
  dangling separator.
- Coverage gaps, and the "why" of each recommendation, are messages: the same English text,
  and the whole of it in Chinese.
- Names, not ids, where a person reads: plan routes, the forecast, the diff.
"""

from __future__ import annotations

from powermap.analysis.account_analysis import Analysis
from powermap.loaders import load

from conftest import account_file

# A two-person account: the header holds its stage and culture, no grade.
SMALL = """\
account: {id: small, name: Small Works, stage: proposal, culture: centralized, as_of: 2026-11-15}
team:
  - {id: ann, name: Ann Lee}
stakeholders:
  - {id: boss, name: Bo Chen, title: CEO, roles: [decision_maker, funder], stance: supporter,
     power: {position: 3, allocation: 3}}
  - {id: cfo, name: Cai Wen, title: CFO, reports_to: boss, roles: [procurement], stance: neutral}
contacts:
  - {member: ann, stakeholder: boss, strength: close, last_contact: 2026-11-10}
"""


def test_the_header_is_two_clean_lines(run, tmp_path):
    path = account_file(tmp_path, SMALL)
    result = run("report", path)
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[:2] == [
        "Small Works (small)",
        "stage proposal, culture centralized, as of 2026-11-15",
    ]
    result = run("report", path, "-f", "markdown")
    assert result.exit_code == 0, result.output
    assert "Account `small` (stage proposal, culture centralized), as of 2026-11-15." in result.output.splitlines()


# Bo Chen, the CEO, decides and funds; only Ann knows him. Nobody knows his CFO, the buyer.
def test_coverage_gaps_are_messages_in_english_and_chinese(run, tmp_path):
    path = account_file(tmp_path, SMALL)
    result = run("report", path, "-f", "json")
    assert result.exit_code == 0, result.output
    import json

    assert [(gap["kind"], gap["subject"], gap["severity"], gap["message"]) for gap in json.loads(result.output)["coverage_gaps"]] == [
        ("key_person", "cfo", "high", "key person #2 Cai Wen is not reached by anyone on our team"),
        ("single_threaded", "boss", "high", "key person #1 Bo Chen is reached only through Ann Lee"),
        ("role", "procurement", "medium", "nobody on our team reaches the buyer (procurement) (Cai Wen)"),
        ("single_threaded", "ann", "medium", "Ann Lee is our whole team: every contact rests on one person"),
    ]
    gaps = Analysis(load(path)).coverage_gaps
    assert [gap.message.text("zh") for gap in gaps] == [
        "我方无人接触到第2位关键人Cai Wen",
        "我方只有Ann Lee能接触到第1位关键人Bo Chen",
        "我方无人接触到采购者（Cai Wen）",
        "Ann Lee是我方唯一的人：所有联系都系于一人",
    ]


# Eva, the QA lead who evaluates, is known to Tom only as a stranger, last met in May.
STALE = """\
account: {id: stale, name: Stale Works, stage: proposal, culture: centralized, as_of: 2026-11-15}
team:
  - {id: ann, name: Ann Lee}
  - {id: tom, name: Tom Hill}
stakeholders:
  - {id: boss, name: Bo Chen, title: CEO, roles: [decision_maker, funder], stance: supporter,
     power: {position: 3, allocation: 3}}
  - {id: eva, name: Eva Ruiz, title: QA Lead, reports_to: boss, roles: [evaluator], stance: supporter}
contacts:
  - {member: ann, stakeholder: boss, strength: close, last_contact: 2026-11-10}
  - {member: tom, stakeholder: boss, strength: ordinary, last_contact: 2026-11-01}
  - {member: tom, stakeholder: eva, strength: stranger, last_contact: 2026-05-01}
"""


def test_a_stale_weak_contact_reads_plainly_in_both_languages(run, tmp_path):
    path = account_file(tmp_path, STALE)
    gaps = Analysis(load(path)).coverage_gaps
    assert [gap.message for gap in gaps] == [
        "key person #2 Eva Ruiz is reached only weakly (stranger contact of Tom Hill, last met 2026-05-01, 198 days ago)",
        "key person #2 Eva Ruiz: stranger contact of Tom Hill, last met 2026-05-01, 198 days ago",
        "key person #2 Eva Ruiz is reached only through Tom Hill",
        "the evaluators are reached only weakly or long ago "
        "(Eva Ruiz: stranger contact of Tom Hill, last met 2026-05-01, 198 days ago)",
    ]
    assert gaps[3].message.text("zh") == (
        "我方与评价者的接触很弱或已久未联系（Eva Ruiz：与Tom Hill处于陌生层，最近一次接触2026-05-01（198天前））")
    result = run("report", path)
    assert "the evaluators are reached only weakly or long ago" in " ".join(result.output.split())


def test_the_why_of_each_recommendation_is_said_whole_in_chinese(run, tmp_path):
    path = account_file(tmp_path, SMALL)
    result = run("report", path, "-f", "json")
    assert result.exit_code == 0, result.output
    import json

    assert [item["why"] for item in json.loads(result.output)["recommendations"]] == [
        "key person #1; only Ann Lee knows them (close, last met 2026-11-10)",
        "key person #2; buying role: procurement; nobody on our team knows them; ignored risk: not on our side yet (neutral); "
        "no introduction route from Ann Lee to Cai Wen that we would use: "
        "every chain of ties passes through someone who would not introduce us",
        "Ann Lee is our whole team: every contact rests on one person",
    ]
    assert [item.why.text("zh") for item in Analysis(load(path)).recommendations] == [
        "关键人第1位；只有Ann Lee认识此人（亲密层，上次见面2026-11-10）",
        "关键人第2位；角色：采购者；我方无人认识此人；被忽视的风险：尚未站到我方（中立）；"
        "从Ann Lee到Cai Wen没有可用的引荐路径：每条关系链都要经过不会为我方引荐的人",
        "Ann Lee是我方唯一的人：所有联系都系于一人",  # the team's gap: its Chinese too
    ]


# --- names, not ids, in plan, simulate and diff ------------------------------------------------
# Bo Chen, the CEO, is neutral; Ann knows him. Nobody knows his CFO Cai Wen.
NEUTRAL = SMALL.replace("roles: [decision_maker, funder], stance: supporter", "roles: [decision_maker, funder], stance: neutral")

# Later: Dan Ito joined under the CFO, who has come round; then Dan moved to report to the CEO
# and became friends with Cai Wen.
WITH_DAN = SMALL.replace("roles: [procurement], stance: neutral}", "roles: [procurement], stance: supporter}\n"
                         "  - {id: dan, name: Dan Ito, title: IT Manager, reports_to: cfo, roles: [user], stance: neutral}")
DAN_MOVED = WITH_DAN.replace("reports_to: cfo, roles: [user]", "reports_to: boss, roles: [user]") + \
    "relations:\n  - {source: cfo, target: dan, type: friend, weight: 0.8}\n"


def _rows(markdown: str, title: str) -> list[str]:
    """The table rows under ``## title``."""
    lines = markdown.splitlines() + [""]
    start = lines.index(f"## {title}") + 4
    return lines[start:lines.index("", start)]


def test_the_plan_route_reads_in_names(run, tmp_path):
    result = run("plan", account_file(tmp_path, NEUTRAL), "-f", "markdown")
    assert result.exit_code == 0, result.output
    assert [row.split(" | ")[1:4] for row in _rows(result.output, "Whom to win over next")] == [
        ["Bo Chen", "+0.200", "Ann Lee → Bo Chen"],
        ["Cai Wen", "+0.050", "no warm route"],
    ]
    data = run("plan", account_file(tmp_path, NEUTRAL), "-f", "json")
    import json

    assert json.loads(data.output)["plan"][0]["path"] == ["ann", "boss"]  # ids stay in the JSON


def test_the_simulate_forecast_reads_in_names(run, tmp_path):
    result = run("simulate", account_file(tmp_path, SMALL), "--set", "cfo.stance=supporter", "--add-contact", "ann:cfo:ordinary",
                 "-f", "markdown")
    assert result.exit_code == 0, result.output
    assert _rows(result.output, "Scenario") == ["| Cai Wen: stance = supporter |", "| Ann Lee knows Cai Wen (ordinary) |"]
    assert _rows(result.output, "What moved")[:3] == [
        "| the committee moves from 0.70 to 0.75, where it is for us |",
        "| Cai Wen would move from neutral to supporter |",
        "| Cai Wen is no longer an ignored risk |",
    ]
    assert _rows(result.output, "Key persons' forecast") == [
        "| Bo Chen | supporter | supporter | +1.00 |",
        "| Cai Wen | neutral | supporter | +1.00 |",
    ]


def test_the_diff_reads_in_names(run, tmp_path):
    first, second, third = (account_file(tmp_path, text, name) for text, name in
                            ((SMALL, "1.yaml"), (WITH_DAN, "2.yaml"), (DAN_MOVED, "3.yaml")))
    result = run("diff", first, second, "-f", "markdown")
    assert result.exit_code == 0, result.output
    assert _rows(result.output, "People") == ["| arrived | Dan Ito |", "| stance | Cai Wen: neutral -&gt; supporter |"]
    assert "| Dan Ito becomes an ignored risk |" in _rows(result.output, "Answers")
    result = run("diff", second, third)
    assert result.exit_code == 0, result.output
    assert "Dan Ito: reports to Cai Wen -> Bo Chen" in result.output
    assert "friend: Cai Wen - Dan Ito" in result.output
