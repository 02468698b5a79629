"""What-if, plan, diff and portfolio at the library level; the command line is tested separately."""

import itertools

import pytest

from powermap.analysis.forecast import OpinionModel
from powermap.analysis.graph import build_graph
from powermap.analysis.key_persons import key_persons
from powermap.analysis.plan import plan
from powermap.compare import diff_accounts, simulate
from powermap.loaders import load
from powermap.portfolio import COLUMNS, portfolio
from powermap.scenario import ScenarioError, apply_changes, parse_change, read_scenario

from conftest import EXAMPLES, INVALID, make_graph

KESTREL = EXAMPLES / "kestrel-manufacturing.yaml"


def test_changes_are_read_from_their_written_forms():
    change = parse_change("wang.stance = 支持者")
    assert (change.kind, change.target, change.field, change.value) == ("set", "wang", "stance", "支持者")
    contact = parse_change("alice:wang:close")
    assert (contact.kind, contact.member, contact.target, contact.value) == ("contact", "alice", "wang", "close")
    with pytest.raises(ScenarioError, match="cannot read the change 'wang stance supporter'"):
        parse_change("wang stance supporter")


def test_applying_changes_validates_and_never_touches_the_input():
    account = load(KESTREL)
    changed = apply_changes(account, [
        parse_change("harold_kestrel.stance=2"),
        parse_change("colin_barrow.status=left"),
        parse_change("margaret_lin.power.knowledge=3"),
        parse_change("maya:margaret_lin:亲密层"),
    ])
    assert changed.stakeholder("harold_kestrel").stance.value == "champion"
    assert not changed.stakeholder("colin_barrow").active
    assert changed.stakeholder("margaret_lin").power.knowledge == 3
    assert changed.contacts_with("margaret_lin")[0].strength.value == "close"
    assert changed.contacts_with("margaret_lin")[0].last_contact == account.account.as_of
    assert account == load(KESTREL), "the loaded account is unchanged"


@pytest.mark.parametrize("text, message", [
    ("harold.stance=supporter", "unknown stakeholder 'harold'; did you mean 'harold_kestrel'?"),
    ("harold_kestrel.stnce=supporter", "cannot set 'stnce'; did you mean 'stance'?"),
    ("harold_kestrel.stance=friendly", "the scenario makes the account invalid: stakeholders.0.stance: expected one of champion"),
    ("harold_kestrel.power.charm=2", "unknown power source 'charm'"),
    ("mya:harold_kestrel:close", "unknown team member 'mya'; did you mean 'maya'?"),
    ("harold_kestrel.reports_to=nobody", "unknown stakeholder 'nobody'"),
])
def test_bad_changes_say_what_is_wrong(text, message):
    with pytest.raises(ScenarioError) as caught:
        apply_changes(load(KESTREL), [parse_change(text)])
    assert message in str(caught.value)


def test_a_scenario_file(tmp_path):
    path = tmp_path / "s.yaml"
    path.write_text("set: [harold_kestrel.stance=supporter]\nadd_contact:\n  - maya:margaret_lin:close\n", encoding="utf-8")
    assert [c.describe() for c in read_scenario(path)] == ["harold_kestrel.stance=supporter", "maya:margaret_lin:close"]
    path.write_text("sett: []\n", encoding="utf-8")
    with pytest.raises(Exception, match=r"s.yaml:1: sett: unknown key 'sett'; did you mean 'set'\?"):
        read_scenario(path)


def test_simulating_the_founder_coming_round():
    """Kestrel's story: winning the founder moves the forecast more than anything else."""
    result = simulate(load(KESTREL), [parse_change("harold_kestrel.stance=supporter")]).to_dict()
    assert result["after"]["support_index"] > result["before"]["support_index"]
    first = result["changes"][0]
    assert first["what"] == "support_index"
    harold = next(p for p in result["after"]["key_persons"] if p["id"] == "harold_kestrel")
    assert harold["stance"] == "supporter"
    assert result["applied"] == ["harold_kestrel.stance=supporter"]


def test_a_new_contact_closes_gaps():
    result = simulate(load(KESTREL), [parse_change("maya:margaret_lin:close")]).to_dict()
    closed = {(c["kind"], c["subject"]) for c in result["changes"] if c["what"] == "gap_closed"}
    assert {("role", "funder"), ("department", "finance"), ("key_person", "margaret_lin")} <= closed


def brute_force(graph, budget):
    key = key_persons(graph)
    model = OpinionModel(graph, key)
    people = [p for p in model.people if graph.nodes[p]["stance"] not in ("supporter", "champion")]
    before = model.support_index()
    best = 0.0
    for chosen in itertools.combinations(people, min(budget, len(people))):
        best = max(best, model.support_index({p: "supporter" for p in chosen}) - before)
    return best


def small_committee(seed: int):
    import random

    generator = random.Random(seed)
    stances = ["opponent", "skeptic", "neutral", "unknown", "supporter"]
    people = [{"id": f"p{i}", "name": f"P{i}", "stance": generator.choice(stances),
               "roles": [generator.choice(["decision_maker", "evaluator", "user"])]} for i in range(7)]
    relations = [{"source": f"p{a}", "target": f"p{b}", "type": "influences", "weight": round(generator.uniform(0.1, 1), 2)}
                 for a, b in {(generator.randrange(7), generator.randrange(7)) for _ in range(12)} if a != b]
    return make_graph(account={"culture": generator.choice(["centralized", "delegated"])}, stakeholders=people, relations=relations)


@pytest.mark.parametrize("seed", range(12))
def test_the_greedy_plan_reaches_most_of_the_best_plan(seed):
    graph = small_committee(seed)
    best = brute_force(graph, 3)
    found = plan(graph, budget=3)
    gain = found.support_index_after - found.support_index_before
    assert gain >= (1 - 1 / 2.718281828) * best - 1e-9


@pytest.mark.parametrize("name", ["kestrel-manufacturing.yaml", "riverside-hospital.yaml", "provincial-energy-group.yaml"])
def test_the_greedy_plan_equals_brute_force_on_the_examples(name):
    graph = build_graph(load(EXAMPLES / name))
    found = plan(graph, budget=2)
    assert found.support_index_after - found.support_index_before == pytest.approx(brute_force(graph, 2), abs=1e-6)


def test_the_kestrel_plan_starts_with_the_founder_through_gordon_who_knows_him():
    found = plan(build_graph(load(KESTREL)), budget=2).to_dict()
    first = found["plan"][0]
    assert first["id"] == "harold_kestrel"
    assert first["path"] == ["gordon", "harold_kestrel"]  # a direct contact before his son's introduction
    assert "carries most of the decision (70%)" in first["why"]
    assert found["support_index_after"] > found["support_index_before"]


def test_diff_between_two_snapshots():
    old = load(KESTREL)
    new = apply_changes(old, [parse_change("colin_barrow.status=left"), parse_change("tom_reilly.stance=supporter"),
                              parse_change("lucy_tan.department=finance"), parse_change("maya:margaret_lin:close")])
    result = diff_accounts(old, new).to_dict()
    assert result["left"] == ["colin_barrow"] and result["arrived"] == []
    was = old.stakeholder("lucy_tan").department
    assert result["moved"] == [{"id": "lucy_tan", "field": "department", "from": was, "to": "finance"}]
    assert {"id": "tom_reilly", "from": "unknown", "to": "supporter"} in result["stance_changes"]
    assert {"source": "maya", "target": "margaret_lin", "type": "contact", "strength": "close"} in result["relations_added"]
    assert "colin_barrow" in result["risks_closed"]
    assert {g["subject"] for g in result["gaps_closed"]} >= {"funder", "finance"}


def test_diff_of_an_account_with_itself_is_empty():
    account = load(KESTREL)
    result = diff_accounts(account, account).to_dict()
    assert all(result[key] == [] for key in ("arrived", "left", "moved", "stance_changes", "relations_added",
                                             "relations_removed", "gaps_opened", "gaps_closed", "risks_opened", "risks_closed"))


def test_portfolio_rows_errors_and_order():
    found = portfolio([EXAMPLES / "riverside-hospital.yaml", EXAMPLES / "kestrel-manufacturing.yaml",
                       INVALID / "empty.yaml", EXAMPLES / "zachary-karate.yaml"], workers=2)
    data = found.to_dict()
    assert [row["id"] for row in data["accounts"]] == ["kestrel-mes", "riverside-pacs", "zachary-karate"]
    assert list(data["accounts"][0]) == list(COLUMNS)
    assert data["errors"] == [{"file": str(INVALID / "empty.yaml"), "message": str(INVALID / "empty.yaml") +
                               ": the file is empty; expected an account with at least 'account: {id, name}' (powermap init writes a starter)"}]
    kestrel = data["accounts"][0]
    assert kestrel["top_key_person"] == "harold_kestrel" and kestrel["top_risk"] == "colin_barrow"
    assert 0 <= kestrel["coverage"] <= 1 and 0 <= kestrel["support_index"] <= 1


def test_portfolio_reads_folders_and_counts_progress():
    seen = []
    found = portfolio([EXAMPLES], workers=1, progress=lambda done, total: seen.append((done, total)))
    assert len(found.accounts) + len(found.errors) == len(seen) == seen[-1][1] == 8
    # the Kestrel account in four forms is one row, the other forms listed as copies of it
    assert sorted(row["file"].rsplit("/", 1)[-1] for row in found.accounts) == [
        "kestrel-manufacturing", "krackhardt-hightech.yaml", "provincial-energy-group.yaml", "riverside-hospital.yaml",
        "zachary-karate.yaml"]
    folder = str(EXAMPLES / "kestrel-manufacturing")
    assert [error["message"] for error in found.errors] == [
        f"{folder}{ending}: the same account as {folder}, in another form: shown once" for ending in (".json", ".xlsx", ".yaml")]
