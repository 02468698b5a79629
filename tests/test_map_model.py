"""The map model, its layouts and redaction: what every renderer of the map draws from."""

import datetime as dt
import json

import pytest

from powermap.analysis.graph import build_graph
from powermap.loaders import load
from powermap.redact import redact
from powermap.render import map_style
from powermap.render.layout import layout
from powermap.render.map_model import MapError, build_map

from conftest import EXAMPLES, make_account

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


# -- what the model decides for every renderer, worked out by hand on a small account -------------

def small_account():
    """Headquarters > Operations > Plant, and Sales; two factions; one of us with three contacts.

    Ranked by hand-reading: the five with buying roles (ceo, cfo, cto, coo, buyer) are the
    key persons; a1, a2, a3 and loner hold no role, power or tie beyond a reporting line.
    """
    return make_account(
        departments=[{"id": "hq", "name": "Headquarters"}, {"id": "ops", "name": "Operations", "parent": "hq"},
                     {"id": "plant", "name": "Plant", "parent": "ops"}, {"id": "sales", "name": "Sales"}],
        factions=[{"id": "old", "name": "Old guard"}, {"id": "new", "name": "Newcomers"}],
        stakeholders=[
            {"id": "ceo", "name": "Chief", "department": "hq", "roles": ["decision_maker"], "stance": "supporter",
             "faction": "old"},
            {"id": "cfo", "name": "Money", "department": "hq", "roles": ["funder"], "reports_to": "ceo"},
            {"id": "cto", "name": "Tech", "department": "hq", "roles": ["spec_setter"], "reports_to": "ceo"},
            {"id": "coo", "name": "Ops chief", "department": "ops", "roles": ["evaluator"], "reports_to": "ceo",
             "faction": "old", "stance": "champion"},
            {"id": "buyer", "name": "Buyer", "department": "sales", "roles": ["procurement"], "reports_to": "ceo"},
            # neutral: people who would introduce us (the route below passes through them)
            {"id": "foreman", "name": "Foreman", "department": "plant", "reports_to": "coo", "stance": "neutral"},
            {"id": "a1", "name": "A1", "department": "plant", "reports_to": "foreman", "stance": "neutral"},
            {"id": "a2", "name": "A2", "department": "plant", "reports_to": "foreman"},
            {"id": "a3", "name": "A3", "department": "plant", "reports_to": "foreman"},
            {"id": "loner", "name": "Loner"},
        ],
        team=[{"id": "me", "name": "Me", "role": "account manager"}],
        contacts=[{"member": "me", "stakeholder": "coo", "strength": "close", "last_contact": "2026-01-10"},
                  {"member": "me", "stakeholder": "buyer", "strength": "ordinary", "last_contact": "2026-11-01"},
                  {"member": "me", "stakeholder": "a1", "strength": "intimate"}],
        relations=[{"source": "ceo", "target": "coo", "type": "influences", "weight": 0.5}],
    )


@pytest.fixture(scope="module")
def small():
    # the only route from us to a3 runs me -> a1 (intimate) -> foreman (a1's boss) -> a3
    return build_map(small_account(), path_to="a3", focus="loner", as_of=dt.date(2026, 11, 15)).data


def test_department_boxes_hold_their_own_people_and_know_their_nesting(small):
    found = {d["id"]: (d["depth"], d["below"], d["members"], d["color"]) for d in small["departments"]}
    assert found == {  # colours: ColorBrewer Pastel1, in the account's order
        "hq": (0, ["ops", "plant"], ["ceo", "cfo", "cto"], "#fbb4ae"),
        "ops": (1, ["plant"], ["coo"], "#b3cde3"),
        "plant": (2, [], ["foreman", "a1", "a2", "a3"], "#ccebc5"),
        "sales": (0, [], ["buyer"], "#decbe4"),
    }


def test_notable_people_are_our_team_the_badged_and_those_the_options_point_at(small):
    nodes = {node["id"]: node for node in small["nodes"]}
    assert nodes["a2"]["badges"] == [] and nodes["a1"]["badges"] == []  # no role, no power: unbadged
    assert nodes["me"]["notable"]  # our team
    assert nodes["ceo"]["notable"] and nodes["coo"]["notable"]  # key persons 1 and 2
    assert nodes["loner"]["notable"]  # --focus
    assert nodes["a3"]["notable"]  # --path-to
    assert nodes["a1"]["notable"]  # on the route to a3
    assert not nodes["a2"]["notable"]  # none of these


def test_our_contacts_say_whether_they_are_stale_on_both_sides(small):
    nodes = {node["id"]: node for node in small["nodes"]}
    # 2026-01-10 is 309 days before 2026-11-15 (> 90): stale; 2026-11-01 is 14 days: fresh;
    # a contact without a date is not called stale
    assert [(c["stakeholder"], c["stale"]) for c in nodes["me"]["contacts"]] == [
        ("coo", True), ("buyer", False), ("a1", False)]
    assert [c["stale"] for c in nodes["coo"]["contacts"]] == [True]
    assert [c["stale"] for c in nodes["buyer"]["contacts"]] == [False]


def test_a_route_names_the_lines_between_its_steps_either_way(small):
    lines = {edge["id"]: (edge["from"], edge["to"], edge["type"]) for edge in small["edges"]}
    asked = [route for route in small["routes"] if route["asked"]]
    assert [route["path"] for route in asked] == [["me", "a1", "foreman", "a3"]]
    # a3 reports to foreman: the line runs against the route and is still on it
    assert {lines[ident] for ident in asked[0]["edges"]} == {
        ("me", "a1", "contact"), ("a1", "foreman", "reports_to"), ("a3", "foreman", "reports_to")}
    to_coo = next(route for route in small["routes"] if route["path"] == ["me", "coo"])
    assert [lines[ident] for ident in to_coo["edges"]] == [("me", "coo", "contact")]


def rows_of(data, medium, section):
    return next(part["rows"] for part in data["media"][medium]["legend"] if part["id"] == section)


def test_the_page_legend_lists_factions_with_their_stance_and_every_department(small):
    assert [(row["text"], row["ring"]) for row in rows_of(small, "page", "rings")] == [
        ("Old guard (champion)", "#1b9e77"),  # supporter and champion: 1.5, halfway goes to champion
        ("thin grey border: no faction", None),  # Newcomers has no members: nothing to show
    ]
    assert [(row["text"], row["color"]) for row in rows_of(small, "page", "boxes")] == [
        ("Headquarters", "#fbb4ae"), ("Operations", "#b3cde3"), ("Plant", "#ccebc5"), ("Sales", "#decbe4")]
    stances = rows_of(small, "page", "stance")
    assert [row["text"] for row in stances] == [  # no skeptic or opponent in the account
        "champion", "supporter", "neutral", "unknown (a risk)", "our team"]
    assert small["media"]["page"]["stances"]["unknown"] == "unknown (a risk)"
    route = rows_of(small, "page", "lines")[-1]
    assert (route["key"], route["color"], route["text"]) == ("route", "#ff7f00", "highlighted introduction route")


def test_the_image_legend_is_compact_and_shows_the_route_band_only_when_asked(small):
    groups = rows_of(small, "image", "groups")
    assert [row["text"] for row in groups] == [
        "background box: department", "ring colour: faction", "Old guard"]
    assert rows_of(small, "image", "lines")[-1]["text"] == "warmest introduction routes"
    assert rows_of(small, "image", "lines")[-1]["color"] == small["media"]["image"]["route"] == "#ffd92f"
    plain = build_map(small_account(), as_of=dt.date(2026, 11, 15)).data
    assert "route" not in [row["key"] for row in rows_of(plain, "image", "lines")]
    assert rows_of(plain, "page", "lines")[-1]["key"] == "route"  # any route can be chosen on the page
    assert [row["text"] for row in rows_of(small, "image", "stance")][3] == "unknown"


def test_an_account_without_factions_or_departments_has_no_such_legend_sections():
    data = build_map(make_account(stakeholders=[{"id": "a", "name": "Solo"}])).data
    # one unknown stakeholder, key person 1, without a role or a tie: the page keeps its route row
    assert [part["id"] for part in data["media"]["page"]["legend"]] == ["stance", "shape", "size", "badges", "lines"]
    assert data["departments"] == []
    assert [part["id"] for part in data["media"]["image"]["legend"]] == ["stance", "shape", "badges"]
