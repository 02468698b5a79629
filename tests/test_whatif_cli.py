"""simulate, plan, diff and portfolio end to end through the command line, JSON keys per contract."""

import json

import pytest

from conftest import EXAMPLES, INVALID

KESTREL = EXAMPLES / "kestrel-manufacturing.yaml"


def test_simulate_json_contract_and_the_file_is_untouched(run):
    before = KESTREL.read_bytes()
    result = run("simulate", KESTREL, "--set", "harold_kestrel.stance=supporter", "--add-contact", "maya:margaret_lin:close", "-f", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert list(data)[:3] == ["before", "after", "changes"]
    assert set(data["before"]) == {"support_index", "key_persons"}
    assert set(data["before"]["key_persons"][0]) >= {"id", "forecast"}
    assert data["after"]["support_index"] > data["before"]["support_index"]
    assert KESTREL.read_bytes() == before


def test_simulate_from_a_scenario_file_and_in_tables(run, tmp_path):
    scenario = tmp_path / "scenario.yaml"
    scenario.write_text("set:\n  - colin_barrow.status=left\n", encoding="utf-8")
    result = run("simulate", KESTREL, "--scenario", scenario)
    assert result.exit_code == 0, result.output
    assert "Support index" in result.stdout and "Colin Barrow: status = left" in result.stdout


@pytest.mark.parametrize("args, status, message", [
    ((), 2, "no change given"),
    (("--set", "harold.stance=supporter"), 2, "unknown stakeholder 'harold'; did you mean 'harold_kestrel'?"),
    (("--set", "harold_kestrel=supporter"), 2, "cannot read the change 'harold_kestrel=supporter': expected ID.FIELD=VALUE"),
    (("--add-contact", "maya:margaret_lin"), 2, "expected MEMBER:ID:STRENGTH"),
])
def test_simulate_errors_are_one_line(run, args, status, message):
    result = run("simulate", KESTREL, *args)
    assert result.exit_code == status
    assert message in result.stderr and "Traceback" not in result.output


def test_plan_json_contract(run):
    result = run("plan", KESTREL, "--budget", "2", "-f", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert list(data) == ["support_index_before", "support_index_after", "plan"]
    assert [list(step) for step in data["plan"]] == [["id", "name", "gain", "path", "why"]] * 2
    assert data["plan"][0]["id"] == "harold_kestrel"


def test_plan_markdown_to_a_file(run, tmp_path):
    target = tmp_path / "plan.md"
    result = run("plan", EXAMPLES / "riverside-hospital.yaml", "-f", "markdown", "-o", target)
    assert result.exit_code == 0
    assert target.read_text(encoding="utf-8").startswith("## Support index")


def test_diff_json_contract(run, tmp_path):
    new = tmp_path / "new.yaml"
    text = KESTREL.read_text(encoding="utf-8").replace("stance: unknown", "stance: supporter", 1)
    new.write_text(text, encoding="utf-8")
    result = run("diff", KESTREL, new, "-f", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert list(data)[:10] == ["arrived", "left", "moved", "stance_changes", "relations_added", "relations_removed",
                               "gaps_opened", "gaps_closed", "risks_opened", "risks_closed"]
    assert len(data["stance_changes"]) == 1 and data["stance_changes"][0]["to"] == "supporter"


def test_diff_of_an_invalid_snapshot_is_reported(run):
    result = run("diff", KESTREL, INVALID / "empty.yaml")
    assert result.exit_code == 1 and "the file is empty" in result.stderr


def test_portfolio_json_contract_with_a_broken_file(run):
    result = run("portfolio", EXAMPLES / "riverside-hospital.yaml", KESTREL, INVALID / "unknown-department.yaml", "-f", "json", "--workers", "2")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert list(data) == ["accounts", "errors"]
    assert list(data["accounts"][0]) == ["id", "name", "grade", "stage", "coverage", "high_gaps", "top_key_person",
                                         "top_risk", "support_index", "next_action", "top_key_person_name", "top_risk_name"]
    assert [a["id"] for a in data["accounts"]] == ["kestrel-mes", "riverside-pacs"]
    assert data["errors"][0]["file"].endswith("unknown-department.yaml")
    assert "unknown department 'itt'" in data["errors"][0]["message"]


def test_portfolio_csv_and_markdown(run):
    csv = run("portfolio", KESTREL, "-f", "csv").stdout
    assert csv.splitlines()[0] == "id,name,grade,stage,coverage,high_gaps,top_key_person,top_risk,support_index,next_action,top_key_person_name,top_risk_name"
    assert "## Accounts" in run("portfolio", KESTREL, "-f", "markdown").stdout


def test_portfolio_html_folder_links_each_map(run, tmp_path):
    folder = tmp_path / "portfolio"
    result = run("portfolio", KESTREL, EXAMPLES / "zachary-karate.yaml", "-f", "html", "-o", folder)
    assert result.exit_code == 0, result.output
    index = (folder / "index.html").read_text(encoding="utf-8")
    assert 'href="001-map.html"' in index and 'href="002-map.html"' in index
    assert (folder / "001-map.html").read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert run("portfolio", KESTREL, "-f", "html").exit_code == 2


def test_portfolio_html_escapes_account_text(run, tmp_path):
    account = tmp_path / "evil.yaml"
    account.write_text('account: {id: evil, name: "<script>alert(1)</script>", grade: A}\n'
                       'stakeholders: [{id: x, name: "<img src=x onerror=alert(1)>", roles: [decision_maker]}]\n', encoding="utf-8")
    folder = tmp_path / "out"
    assert run("portfolio", account, "-f", "html", "-o", folder).exit_code == 0
    index = (folder / "index.html").read_text(encoding="utf-8")
    assert "<script>" not in index and "&lt;script&gt;alert(1)&lt;/script&gt;" in index
