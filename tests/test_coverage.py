"""Coverage gaps: each kind and severity rule on small accounts, and the stories of the examples."""

import datetime as dt

from powermap.analysis.coverage import KINDS, coverage_gaps
from powermap.analysis.graph import build_graph
from powermap.loaders import load

from conftest import EXAMPLES, make_graph

AS_OF = "2026-11-15"


def account(**changes):
    tables = dict(
        account={"stage": "negotiation", "culture": "centralized", "as_of": AS_OF},
        team=[{"id": "amy", "name": "Amy"}, {"id": "ben", "name": "Ben"}],
        departments=[
            {"id": "board", "name": "Board", "kind": "leadership"},
            {"id": "fin", "name": "Finance", "kind": "finance", "parent": "board"},
            {"id": "ops", "name": "Operations", "kind": "user", "parent": "board"},
        ],
        factions=[{"id": "old", "name": "Old guard", "leader": "user1"}],
        stakeholders=[
            {"id": "boss", "name": "Boss", "department": "board", "roles": ["decision_maker"], "stance": "neutral"},
            {"id": "cfo", "name": "CFO", "department": "fin", "reports_to": "boss", "roles": ["funder"]},
            {"id": "user1", "name": "User One", "department": "ops", "reports_to": "boss", "roles": ["user"],
             "stance": "supporter", "faction": "old"},
        ],
        contacts=[
            {"member": "amy", "stakeholder": "boss", "strength": "stranger", "last_contact": "2026-11-01"},
            {"member": "amy", "stakeholder": "user1", "strength": "close", "last_contact": "2026-05-01"},
        ],
    )
    tables.update(changes)
    return make_graph(**tables)


def by_kind(gaps):
    found = {}
    for gap in gaps:
        found.setdefault(gap.kind, []).append(gap)
    return found


def test_each_kind_of_gap_with_its_severity():
    gaps = by_kind(coverage_gaps(account(), top=3))
    assert [(g.subject, g.severity) for g in gaps["role"]] == [("funder", "high"), ("decision_maker", "medium"), ("user", "low")]
    assert gaps["role"][0].message == "nobody on our team reaches the funder (CFO)"
    assert [(g.subject, g.severity) for g in gaps["department"]] == [("fin", "high")]
    assert [(g.subject, g.severity) for g in gaps["key_person"]] == [("boss", "high"), ("cfo", "high")]
    assert {(g.subject, g.severity) for g in gaps["single_threaded"]} == {("boss", "high"), ("user1", "medium"), ("amy", "high")}
    assert [(g.subject, g.severity) for g in gaps["stale_contact"]] == [("user1", "high")]
    assert [(g.subject, g.severity) for g in gaps["unknown_stance"]] == [("cfo", "high")]
    assert [(g.subject, g.severity) for g in gaps["faction"]] == [("old", "medium")]
    assert gaps["stale_contact"][0].message == "key person #3 User One: close contact of Amy, last met 2026-05-01, 198 days ago"


def test_gaps_come_most_severe_first_and_use_only_contract_kinds():
    gaps = coverage_gaps(account())
    order = ["high", "medium", "low"]
    assert [order.index(g.severity) for g in gaps] == sorted(order.index(g.severity) for g in gaps)
    assert {g.kind for g in gaps} <= set(KINDS)


def test_a_well_covered_account_has_no_high_gaps():
    graph = account(contacts=[
        {"member": m, "stakeholder": s, "strength": "close", "last_contact": "2026-11-10"}
        for m in ("amy", "ben") for s in ("boss", "cfo", "user1")
    ], stakeholders=[
        {"id": "boss", "name": "Boss", "department": "board", "roles": ["decision_maker"], "stance": "neutral"},
        {"id": "cfo", "name": "CFO", "department": "fin", "reports_to": "boss", "roles": ["funder"], "stance": "supporter"},
        {"id": "user1", "name": "User One", "department": "ops", "reports_to": "boss", "roles": ["user"], "stance": "supporter", "faction": "old"},
    ])
    assert coverage_gaps(graph) == ()


def test_staleness_is_measured_from_as_of_and_the_threshold_is_configurable():
    graph = account()
    assert any(g.kind == "stale_contact" for g in coverage_gaps(graph))
    assert not any(g.kind == "stale_contact" for g in coverage_gaps(graph, stale_days=365))
    assert not any(g.kind == "stale_contact" for g in coverage_gaps(graph, as_of=dt.date(2026, 6, 1)))


def test_people_who_left_open_no_gap():
    graph = account(stakeholders=[
        {"id": "boss", "name": "Boss", "department": "board", "roles": ["decision_maker"], "stance": "neutral"},
        {"id": "cfo", "name": "CFO", "department": "fin", "reports_to": "boss", "roles": ["funder"], "status": "left"},
        {"id": "user1", "name": "User One", "department": "ops", "reports_to": "boss", "roles": ["user"], "faction": "old"},
    ])
    assert not [g for g in coverage_gaps(graph) if "cfo" in (g.subject, g.message) or g.subject == "fin"]


def gaps_of(name):
    return {(g.kind, g.subject): g.severity for g in coverage_gaps(build_graph(load(EXAMPLES / name)))}


def test_kestrel_story():
    """Finance and the funder are unreached; the founder is reached weakly, by one seller."""
    gaps = gaps_of("kestrel-manufacturing.yaml")
    assert gaps[("role", "funder")] == "high"
    assert gaps[("department", "finance")] == "high"
    assert gaps[("key_person", "harold_kestrel")] == "high"
    assert gaps[("single_threaded", "harold_kestrel")] == "high"
    assert gaps[("unknown_stance", "margaret_lin")] == "high"
    assert ("faction", "old_guard") in gaps


def test_riverside_story():
    """Nobody reaches the emergency department or the funder; Tom carries the account."""
    gaps = gaps_of("riverside-hospital.yaml")
    assert gaps[("department", "emergency")] == "high"
    assert ("role", "funder") in gaps
    assert ("single_threaded", "tom") in gaps
    assert ("faction", "oldguard") in gaps
    # hargreaves's only contact is weak and stale: one gap says both (how long ago included)
    assert gaps[("key_person", "hargreaves")] == "high" and ("stale_contact", "hargreaves") not in gaps


def test_provincial_energy_story():
    """安全环保部 and the 技术派 are unreached; the chairman only through one stale, weak contact."""
    gaps = gaps_of("provincial-energy-group.yaml")
    assert ("department", "aqhb") in gaps
    assert ("faction", "jishu") in gaps
    assert gaps[("key_person", "zhang-dsz")] == "high"  # weak and stale: said once, with how long ago
    assert ("stale_contact", "zhang-dsz") not in gaps
    assert ("single_threaded", "chen-km") in gaps
    assert ("role", "funder") in gaps
