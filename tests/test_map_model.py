"""The map model, its layouts and redaction: what every renderer of the map draws from."""

import json

import pytest

from powermap.analysis.graph import build_graph
from powermap.loaders import load
from powermap.redact import redact
from powermap.render import map_style
from powermap.render.layout import layout
from powermap.render.map_model import MapError, build_map

from conftest import EXAMPLES

KESTREL = EXAMPLES / "kestrel-manufacturing.yaml"


@pytest.mark.parametrize("kind", ["org", "force"])
def test_layouts_place_everyone_and_repeat_exactly(kind):
    graph = build_graph(load(KESTREL))
    first, second = layout(graph, kind, seed=0), layout(graph, kind, seed=0)
    people = [n for n, d in graph.nodes(data=True) if d["kind"] in ("stakeholder", "member")]
    assert set(first) == set(people)
    assert first == second
    assert len(set(first.values())) == len(first), "no two people on the same spot"


def test_the_force_layout_depends_on_the_seed():
    graph = build_graph(load(KESTREL))
    assert layout(graph, "force", seed=0) != layout(graph, "force", seed=1)


def test_the_org_chart_puts_bosses_above_and_our_team_on_top():
    account = load(KESTREL)
    positions = layout(build_graph(account), "org")
    for person in account.stakeholders:
        if person.reports_to:
            assert positions[person.reports_to][1] < positions[person.id][1], person.id
    lowest_team = max(positions[m.id][1] for m in account.team)
    assert lowest_team < min(positions[p.id][1] for p in account.stakeholders)


def test_the_org_chart_keeps_siblings_of_a_department_together():
    account = load(KESTREL)
    positions = layout(build_graph(account), "org")
    for boss in account.stakeholders:
        reports = sorted(account.direct_reports(boss.id), key=lambda p: positions[p.id][0])
        departments = [p.department for p in reports]
        # each department's reports form one run, left to right
        runs = [d for i, d in enumerate(departments) if i == 0 or d != departments[i - 1]]
        assert len(runs) == len(set(runs)), (boss.id, departments)


def test_unknown_layout():
    with pytest.raises(ValueError, match="unknown layout 'circle'"):
        layout(build_graph(load(KESTREL)), "circle")


def test_the_model_encodes_score_stance_role_and_faction():
    account = load(KESTREL)
    data = build_map(account).data
    nodes = {node["id"]: node for node in data["nodes"]}
    harold = nodes["harold_kestrel"]
    assert harold["shape"] == "star" and harold["badges"][0] == "KP 1"
    assert harold["size"] == max(node["size"] for node in data["nodes"])
    assert harold["color"] == map_style.STANCE_COLORS[account.stakeholder("harold_kestrel").stance.value]
    assert nodes["owen_hartley"]["faded"] and "left" in nodes["owen_hartley"]["badges"]
    daniel = nodes["daniel_kestrel"]
    assert daniel["ring"] == next(f["color"] for f in data["factions"] if f["id"] == "modernisers")
    assert len(data["nodes"]) == len(account.stakeholders) + len(account.team)
    kinds = {edge["type"] for edge in data["edges"]}
    assert kinds == {"reports_to", "contact"} | {r.type.value for r in account.relations}
    stale = [e for e in data["edges"] if e["type"] == "contact" and e["stale"]]
    assert stale and all(e["dashes"] == map_style.CONTACT_STYLE["stale_dashes"] for e in stale)


def test_routes_to_key_persons_and_to_the_asked_target():
    data = build_map(load(KESTREL), path_to="margaret_lin").data
    asked = [route for route in data["routes"] if route["asked"]]
    assert asked[0]["path"] == ["maya", "eleanor_voss", "margaret_lin"]
    assert {route["target"] for route in data["routes"] if not route["asked"]} <= {
        "harold_kestrel", "victor_sandoval", "frank_moreland", "stefan_albrecht", "margaret_lin"}


def test_unknown_focus_or_route_target_suggests_the_id():
    with pytest.raises(MapError, match=r"--focus: unknown stakeholder 'harold'; did you mean 'harold_kestrel'\?"):
        build_map(load(KESTREL), focus="harold")
    with pytest.raises(MapError, match="--path-to: unknown stakeholder 'nobody'"):
        build_map(load(KESTREL), path_to="nobody")


def test_the_same_account_gives_the_same_model():
    assert json.dumps(build_map(load(KESTREL)).data) == json.dumps(build_map(load(KESTREL)).data)


def test_redaction_removes_names_ids_and_notes_everywhere():
    account = load(KESTREL)
    hidden = redact(account)
    assert [p.id for p in hidden.stakeholders][:3] == ["p1", "p2", "p3"]
    assert hidden.stakeholder("p1").name == "Founder and Chairman"
    assert all(p.notes is None for p in hidden.stakeholders)
    assert [m.name for m in hidden.team] == [m.role for m in account.team]
    data = build_map(account, redact=True, path_to="harold_kestrel", focus="margaret_lin").data
    text = json.dumps(data, ensure_ascii=False)
    for person in list(account.stakeholders) + list(account.team):
        assert person.name not in text, person.name
        assert f'"{person.id}"' not in text, person.id
    for note in [p.notes for p in account.stakeholders if p.notes] + [c.notes for c in account.contacts if c.notes]:
        assert note not in text
    assert data["meta"]["path_to"] == "p1" and data["meta"]["focus"] == hidden.stakeholders[
        [p.id for p in account.stakeholders].index("margaret_lin")].id
    assert data["meta"]["redacted"] is True


def test_redaction_keeps_the_structure():
    account = load(EXAMPLES / "riverside-hospital.yaml")
    hidden = redact(account)
    assert hidden.counts() == account.counts()
    assert [p.stance for p in hidden.stakeholders] == [p.stance for p in account.stakeholders]
    assert len({p.name for p in hidden.stakeholders}) == len(hidden.stakeholders), "names stay distinct"


def test_big_org_charts_hang_individual_contributors_in_columns():
    from powermap.render.layout import COMPACT_FROM, _DX

    from conftest import make_graph

    people = [{"id": "ceo", "name": "CEO"}]
    for m in range(20):
        people.append({"id": f"m{m}", "name": f"M{m}", "reports_to": "ceo"})
        people += [{"id": f"m{m}-{i}", "name": f"W{m}.{i}", "reports_to": f"m{m}"} for i in range(12)]
    assert len(people) > COMPACT_FROM
    graph = make_graph(stakeholders=people)
    positions = layout(graph, "org")
    xs = [x for x, _ in positions.values()]
    assert max(xs) - min(xs) <= 45 * _DX, "about two slots per manager, not one per person"
    assert len(set(positions.values())) == len(positions)
    for person in people:
        if "reports_to" in person:
            assert positions[person["reports_to"]][1] < positions[person["id"]][1]
