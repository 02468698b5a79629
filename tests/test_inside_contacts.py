"""Inside contacts: only supportive, reached, active people; risks named; the examples' stories."""

import pytest

from powermap.analysis.graph import build_graph
from powermap.analysis.inside_contacts import inside_contacts
from powermap.loaders import load

from conftest import EXAMPLES, make_graph


def small(**people_changes):
    people = {
        "boss": {"id": "boss", "name": "Boss", "roles": ["decision_maker"], "department": "a"},
        "pa": {"id": "pa", "name": "Assistant", "reports_to": "boss", "stance": "supporter", "circle": "inner",
               "roles": ["gatekeeper"], "power": {"information": 3}, "department": "a"},
        "fan": {"id": "fan", "name": "Fan", "reports_to": "boss", "stance": "champion", "faction": "young", "department": "b"},
        "foe": {"id": "foe", "name": "Foe", "reports_to": "boss", "stance": "opponent", "department": "b"},
        "quiet": {"id": "quiet", "name": "Quiet", "reports_to": "boss", "stance": "neutral", "department": "b"},
        "gone": {"id": "gone", "name": "Gone", "stance": "champion", "status": "left"},
        "newbie": {"id": "newbie", "name": "Newbie", "stance": "supporter", "status": "new", "department": "b"},
    }
    for key, change in people_changes.items():
        people[key] = {**people[key], **change}
    return make_graph(
        account={"as_of": "2026-11-15"},
        team=[{"id": "amy", "name": "Amy"}, {"id": "ben", "name": "Ben"}, {"id": "cy", "name": "Cy"}],
        departments=[{"id": "a", "name": "A"}, {"id": "b", "name": "B"}],
        factions=[{"id": "young", "name": "Young Turks", "leader": "fan"}],
        stakeholders=list(people.values()),
        relations=[{"source": "fan", "target": "foe", "type": "rival"}],
        contacts=[{"member": "amy", "stakeholder": "pa", "strength": "close", "last_contact": "2026-11-10"}]
        + [{"member": m, "stakeholder": "fan", "strength": "intimate", "last_contact": "2026-11-10"} for m in ("amy", "ben", "cy")]
        + [{"member": "amy", "stakeholder": p, "strength": "intimate", "last_contact": "2026-11-10"} for p in ("foe", "quiet", "gone")]
        + [{"member": "ben", "stakeholder": "newbie", "strength": "colleague"}],
    )


def test_only_supportive_reached_active_people_are_proposed():
    found = [c.id for c in inside_contacts(small())]
    assert set(found) == {"pa", "fan", "newbie"}


def test_a_supporter_we_barely_know_is_not_an_inside_contact():
    graph = small(newbie={"stance": "supporter"})
    assert "newbie" in [c.id for c in inside_contacts(graph)]
    graph = make_graph(
        team=[{"id": "amy", "name": "Amy"}],
        stakeholders=[{"id": "x", "name": "X", "stance": "supporter"}],
        contacts=[{"member": "amy", "stakeholder": "x", "strength": "stranger"}],
    )
    assert inside_contacts(graph) == ()


def test_the_well_placed_assistant_beats_the_visible_champion_and_risks_are_named():
    result = {c.id: c for c in inside_contacts(small())}
    assert list(result)[0] == "pa"
    assert "gatekeeper by role" in result["pa"].reasons
    assert "in the inner circle of Boss" in result["pa"].reasons
    fan = result["fan"].risks
    assert "rival of key person Foe" in fan
    assert ("visibly ours (a declared champion, intimate with us, known to 3 of our team): "
            "others may discount them or cut them out") in fan
    assert "new in post: may not know the inside yet" in result["newbie"].risks
    assert "only Ben of our team knows them" in result["newbie"].risks


@pytest.mark.parametrize("name", sorted(p.name for p in EXAMPLES.glob("*.yaml")))
def test_no_example_proposes_a_neutral_unknown_negative_or_departed_person(name):
    graph = build_graph(load(EXAMPLES / name))
    for candidate in inside_contacts(graph):
        data = graph.nodes[candidate.id]
        assert data["active"] and (data["stance_score"] or 0) >= 1
        assert candidate.reasons and 0 <= candidate.score <= 1


def top(name, count=3):
    return [c.id for c in inside_contacts(build_graph(load(EXAMPLES / name)))[:count]]


def test_kestrel_story():
    """The founder's assistant first; the founder's son next, visibly ours."""
    assert top("kestrel-manufacturing.yaml", 2) == ["eleanor_voss", "daniel_kestrel"]


def test_riverside_story():
    """The senior radiologist first, then the PACS lead and the radiology manager; never the departed sponsor."""
    found = top("riverside-hospital.yaml", 4)
    assert found[0] == "patel" and {"chen", "moss"} <= set(found)


def test_provincial_energy_story():
    """The 信息中心 head (visibly ours) and the office director (gatekeeper, inner circle)."""
    assert set(top("provincial-energy-group.yaml", 2)) == {"zhao-xxzx", "lin-bgs"}
    assert "feng-fdsz" not in top("provincial-energy-group.yaml", 5)
