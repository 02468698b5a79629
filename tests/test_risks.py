"""Ignored risks: scored threats we neglect; covered supporters are never risks; the stories."""

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
        "sways key person Boss (0.80)",
        "stance: opponent",
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


def test_scores_are_in_range_and_sorted():
    for path in sorted(EXAMPLES.glob("*.yaml")):
        risks = ignored_risks(build_graph(load(path)))
        assert [r.score for r in risks] == sorted((r.score for r in risks), reverse=True)
        assert all(0.2 <= r.score <= 1 and r.reasons for r in risks)


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
