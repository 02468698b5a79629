"""Ignored risks: scored threats we neglect; covered supporters are never risks; the stories."""

import pytest

from powermap.analysis.graph import build_graph
from powermap.analysis.risks import ignored_risks
from powermap.loaders import load

from conftest import EXAMPLES, make_graph


def small():
    return make_graph(
        account={"as_of": "2026-11-15", "stage": "negotiation", "competitors": ["Rival Co"]},
        team=[{"id": "amy", "name": "Amy"}],
        stakeholders=[
            {"id": "boss", "name": "Boss", "roles": ["decision_maker"], "stance": "neutral"},
            {"id": "spoiler", "name": "Spoiler", "reports_to": "boss", "roles": ["saboteur"], "stance": "opponent",
             "close_to_competitor": "Rival Co"},
            {"id": "skeptic", "name": "Skeptic", "reports_to": "boss", "stance": "skeptic"},
            {"id": "friend", "name": "Friend", "reports_to": "boss", "stance": "supporter", "power": {"position": 3}},
            {"id": "unknown", "name": "Unknown", "reports_to": "boss"},
        ],
        relations=[
            {"source": "spoiler", "target": "boss", "type": "influences", "weight": 0.8},
            {"source": "skeptic", "target": "boss", "type": "influences", "weight": 0.8},
        ],
        contacts=[
            {"member": "amy", "stakeholder": "boss", "strength": "close", "last_contact": "2026-11-10"},
            {"member": "amy", "stakeholder": "skeptic", "strength": "close", "last_contact": "2026-11-10"},
            {"member": "amy", "stakeholder": "friend", "strength": "close", "last_contact": "2026-11-10"},
        ],
    )


def test_an_unmet_saboteur_close_to_a_competitor_is_the_top_risk():
    risks = ignored_risks(small())
    assert risks[0].id == "spoiler"
    assert risks[0].reasons == (
        "key person #2",
        "sways key person Boss",
        "opponent",
        "saboteur: can break the deal",
        "close to competitor Rival Co",
        "nobody on our team has met them",
    )


def test_a_covered_supporter_is_never_a_risk_and_neglect_raises_the_score():
    risks = {risk.id: risk.score for risk in ignored_risks(small(), min_score=0.0)}
    assert "friend" not in risks
    # Same stance and pull; the skeptic we see often scores below an unmet one would.
    assert risks["spoiler"] > risks["skeptic"]
    assert risks["unknown"] > 0


def obvious():
    """Five key people we cover well (supporters, close contacts) and four plain people who each
    matter only through one tie written in the file: the danger of each is read off the file."""
    close = {"strength": "close", "last_contact": "2026-11-10"}
    return make_graph(
        account={"as_of": "2026-11-15", "stage": "proposal", "culture": "centralized", "competitors": ["Globex"]},
        team=[{"id": "amy", "name": "Amy"}],
        stakeholders=[
            {"id": "bo", "name": "Bo Lin", "title": "Managing Director", "roles": ["decision_maker", "funder"],
             "stance": "supporter", "power": {"position": 3, "allocation": 3}},
            {"id": "kay", "name": "Kay", "reports_to": "bo", "roles": ["spec_setter"], "stance": "supporter",
             "power": {"knowledge": 3}},
            {"id": "lee", "name": "Lee", "reports_to": "bo", "roles": ["procurement"], "stance": "supporter",
             "power": {"position": 2}},
            {"id": "max", "name": "Max", "reports_to": "bo", "roles": ["evaluator"], "stance": "supporter",
             "power": {"knowledge": 2}},
            {"id": "ned", "name": "Ned", "reports_to": "bo", "roles": ["user"], "stance": "supporter",
             "power": {"position": 2}},
            {"id": "rita", "name": "Rita", "stance": "opponent", "close_to_competitor": "Globex"},
            {"id": "otto", "name": "Otto"},
            {"id": "sal", "name": "Sal", "stance": "opponent"},
            {"id": "nina", "name": "Nina", "stance": "neutral"},
        ],
        relations=[
            {"source": "rita", "target": "bo", "type": "kin", "weight": 1.0},
            {"source": "otto", "target": "bo", "type": "influences", "weight": 0.64},
            {"source": "otto", "target": "bo", "type": "friend", "weight": 0.5},  # an ordinary friendship
            {"source": "sal", "target": "kay", "type": "influences", "weight": 0.49},
            {"source": "nina", "target": "bo", "type": "influences", "weight": 0.36},
        ],
        contacts=[{"member": "amy", "stakeholder": p, **close} for p in ("bo", "kay", "lee", "max", "ned")]
        + [{"member": "amy", "stakeholder": "sal", "strength": "stranger", "last_contact": "2026-11-01"},
           {"member": "amy", "stakeholder": "nina", "strength": "ordinary", "last_contact": "2026-06-01"}],
    )


def test_the_obvious_account_exactly():
    """Scores by hand from the documented formula, sqrt(power) x (0.55 threat + 0.45 neglect):

    - Rita, the managing director's kin (1.0, the top leader: counts fully), opponent close to a
      competitor, never met: sqrt(1.0) x (0.55 x min(1, 0.7 + 0.2) + 0.45 x 1.0) = 0.945;
    - Otto sways Bo at 0.64, unknown, never met: 0.8 x (0.55 x 0.45 + 0.45 x 1.0) = 0.558 (his
      friendship with Bo, at 0.5, is not close enough to count or to be named);
    - Sal sways Kay at 0.49, opponent, a stranger contact: 0.7 x (0.55 x 0.7 + 0.45 x 0.7) = 0.49;
    - Nina sways Bo at 0.36, neutral, an ordinary contact 167 days old (stale):
      0.6 x (0.55 x 0.25 + 0.45 x 0.6) = 0.2445.
    The five we cover well are supporters: not risks at all.
    """
    risks = ignored_risks(obvious(), min_score=0.0)
    assert [(risk.id, risk.reasons) for risk in risks] == [
        ("rita", ("family of the top leader Bo Lin (Managing Director)", "opponent", "close to competitor Globex",
                  "nobody on our team has met them")),
        ("otto", ("sways key person Bo Lin", "stance unknown", "nobody on our team has met them")),
        ("sal", ("sways key person Kay", "opponent", "only a weak contact: stranger contact of Amy, last met 2026-11-01")),
        ("nina", ("sways key person Bo Lin", "not on our side yet (neutral)",
                  "contact gone stale: ordinary contact of Amy, last met 2026-06-01, 167 days ago")),
    ]
    assert [risk.score for risk in risks] == pytest.approx([0.945, 0.558, 0.49, 0.2445], abs=1e-12)
    assert [risk.urgent_with for risk in risks] == ["bo", None, None, None]


def ids(name, count):
    return [risk.id for risk in ignored_risks(build_graph(load(EXAMPLES / name)))[:count]]


def test_kestrel_story():
    """The quiet saboteur close to Forgeline first; the unmet adviser of the founder and the CFO follow."""
    found = ids("kestrel-manufacturing.yaml", 5)
    assert found[0] == "colin_barrow"
    assert {"graham_pryce", "margaret_lin", "frank_moreland"} <= set(found)


def test_riverside_story():
    """The unmet IT architect, the cardiology head close to a competitor and the ED nurse manager."""
    assert {"menon", "hargreaves", "pryce"} <= set(ids("riverside-hospital.yaml", 5))


def test_provincial_energy_story():
    """The unknown chief engineer who sways the chairman, and the procurement head close to a competitor."""
    found = ids("provincial-energy-group.yaml", 5)
    assert {"qian-zgs", "sun-cgb"} <= set(found[:3])
    assert {"xu-fz", "gao-zkj", "dong-aqb"} <= set(found)


def test_equal_risks_are_listed_in_file_order():
    """Two skeptics under the same boss, met by nobody, are the same risk: listed as the file
    lists them (Zoe first), not by name."""
    graph = make_graph(
        account={"as_of": "2026-11-15", "stage": "negotiation"},
        stakeholders=[
            {"id": "boss", "name": "Boss", "roles": ["decision_maker"]},
            {"id": "zoe", "name": "Zoe", "reports_to": "boss", "stance": "skeptic", "power": {"position": 3}},
            {"id": "abe", "name": "Abe", "reports_to": "boss", "stance": "skeptic", "power": {"position": 3}},
        ],
    )
    found = ignored_risks(graph)
    ids = [risk.id for risk in found]
    assert found[ids.index("zoe")].score == found[ids.index("abe")].score
    assert ids.index("zoe") + 1 == ids.index("abe")
