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

from conftest import EXAMPLES, make_account, nested

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


def _department_boxes(account, positions):
    """Each department's box by the rule docs/map.md gives: the cards of its own people (69
    either side, 46 above, 92 below) and its sub-departments' boxes, 12 around, 50 more on top."""
    boxes = {}

    def box(department):
        if department.id in boxes:
            return boxes[department.id]
        parts = [(x - 69, y - 46, x + 69, y + 92) for x, y in
                 (positions[p.id] for p in account.stakeholders if p.department == department.id)]
        parts += [b for b in (box(d) for d in account.departments if d.parent == department.id) if b]
        found = None
        if parts:
            found = (min(p[0] for p in parts) - 12, min(p[1] for p in parts) - 62,
                     max(p[2] for p in parts) + 12, max(p[3] for p in parts) + 12)
        boxes[department.id] = found
        return found

    for department in account.departments:
        box(department)
    return boxes


def _overlap(a, b):
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


@pytest.mark.parametrize("source", [KESTREL, EXAMPLES / "provincial-energy-group.yaml", "generated-200"])
def test_the_org_chart_gives_each_department_a_block_of_its_own(source):
    if source == "generated-200":
        from benchmarks.generate import generate_account

        account = generate_account(200, seed=0)
    else:
        account = load(source)
    positions = layout(build_graph(account), "org")
    boxes = _department_boxes(account, positions)
    parent = {d.id: d.parent for d in account.departments}

    def inside(inner, outer):
        return nested(parent, inner, outer)

    for a in boxes:
        for b in boxes:
            if a < b and boxes[a] and boxes[b] and not inside(a, b) and not inside(b, a):
                assert not _overlap(boxes[a], boxes[b]), (a, b)
    # nobody sits in the box of a department that is not theirs or above theirs
    for person in account.stakeholders:
        x, y = positions[person.id]
        card = (x - 69, y - 46, x + 69, y + 92)
        for department, found in boxes.items():
            if found and _overlap(card, found):
                assert person.department and inside(person.department, department), (person.id, department)


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


def test_big_org_charts_stay_about_the_shape_of_a_screen():
    from conftest import make_graph

    # 241 people: a chief, 20 managers, 12 reports each (no departments)
    people = [{"id": "ceo", "name": "CEO"}]
    for m in range(20):
        people.append({"id": f"m{m}", "name": f"M{m}", "reports_to": "ceo"})
        people += [{"id": f"m{m}-{i}", "name": f"W{m}.{i}", "reports_to": f"m{m}"} for i in range(12)]
    graph = make_graph(stakeholders=people)
    positions = layout(graph, "org")
    xs = [x for x, _ in positions.values()]
    ys = [y for _, y in positions.values()]
    width, height = max(xs) - min(xs), max(ys) - min(ys)
    assert 1 <= width / height <= 2.5, (width, height)  # not one row 240 people wide
    assert len(set(positions.values())) == len(positions)
    for person in people:
        if "reports_to" in person:
            assert positions[person["reports_to"]][1] < positions[person["id"]][1]


@pytest.mark.parametrize("size", [40, 2000])
def test_the_force_layout_keeps_people_apart_and_key_persons_further(size):
    from benchmarks.generate import generate_account

    from powermap.analysis.account_analysis import Analysis

    account = generate_account(size, seed=0)
    graph = build_graph(account)
    key = tuple(p.id for p in Analysis(account).key_persons.key)
    positions = layout(graph, "force", seed=3, spaced=key)
    assert positions == layout(graph, "force", seed=3, spaced=key)
    points = sorted(positions.values())
    # nobody nearer than 90 px to anyone (checked by a sweep over x)
    for n, (x, y) in enumerate(points):
        for x2, y2 in points[n + 1:]:
            if x2 - x >= 89.9:
                break
            assert (x2 - x) ** 2 + (y2 - y) ** 2 >= 89.9 ** 2
    for n, a in enumerate(key):
        for b in key[n + 1:]:
            (xa, ya), (xb, yb) = positions[a], positions[b]
            assert (xa - xb) ** 2 + (ya - yb) ** 2 >= 259.9 ** 2, (a, b)


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
    assert [part["id"] for part in data["media"]["image"]["legend"]] == ["stance", "shape", "coverage", "badges"]  # Solo: not reached


def test_coverage_says_how_our_team_reaches_each_person(small):
    # as of 2026-11-15 with 90 stale days: coo's only contact (close, 2026-01-10) is stale;
    # buyer ordinary and fresh: strong; a1 intimate, undated: strong; nobody knows the ceo.
    nodes = {node["id"]: node for node in small["nodes"]}
    assert nodes["coo"]["coverage"] == {"level": "stale", "by": ["me"], "initials": ["M"]}
    assert nodes["buyer"]["coverage"] == {"level": "strong", "by": ["me"], "initials": ["M"]}
    assert nodes["a1"]["coverage"] == {"level": "strong", "by": ["me"], "initials": ["M"]}
    assert nodes["ceo"]["coverage"] == {"level": "none", "by": [], "initials": []}
    assert "coverage" not in nodes["me"]  # our own team is not covered


def test_coverage_levels_on_the_example_as_its_comments_describe_them():
    # kestrel-manufacturing.yaml: gordon (Gordon Hale) meets Harold as a stranger, fresh: weak;
    # Priya (intimate) and Maya (close) know Daniel: strong, Priya first; Frank only outermost:
    # not reached; Margaret Lin has no contact; Lucy Tan a colleague contact older than 90 days.
    nodes = {node["id"]: node for node in build_map(load(KESTREL)).data["nodes"]}
    assert nodes["harold_kestrel"]["coverage"]["level"] == "weak"
    assert nodes["harold_kestrel"]["coverage"]["by"] == ["gordon"]
    assert nodes["daniel_kestrel"]["coverage"] == {"level": "strong", "by": ["priya", "maya"], "initials": ["PN", "MO"]}
    assert nodes["frank_moreland"]["coverage"]["level"] == "none"
    assert nodes["margaret_lin"]["coverage"]["level"] == "none"
    assert nodes["lucy_tan"]["coverage"]["level"] == "stale"


def test_the_avoid_list_is_marked_on_its_people():
    # provincial-energy-group.yaml: 冯立群 is the chairman 张国栋's rival (the report's avoid list)
    nodes = {node["name"]: node for node in build_map(load(EXAMPLES / "provincial-energy-group.yaml"), lang="zh").data["nodes"]}
    assert nodes["冯立群"]["avoid"] and "张国栋" in nodes["冯立群"]["avoid"][0]
    assert nodes["张国栋"]["avoid"] is None


def test_the_lines_at_rest_are_the_formal_line_rivals_and_the_ties_of_those_who_matter():
    # ceo decides (key person 1); twelve clerks in a ring of friends, all alike; c5 advises the
    # ceo (which makes c5 key person 2); opp is an opponent; c3 and c9 are rivals.
    people = [{"id": "ceo", "name": "Ceo", "roles": ["decision_maker"], "stance": "neutral"},
              {"id": "opp", "name": "Opp", "stance": "opponent"}]
    people += [{"id": f"c{n}", "name": f"Clerk {n}", "stance": "supporter", "reports_to": "ceo"} for n in range(1, 13)]
    relations = [{"source": f"c{n}", "target": f"c{n % 12 + 1}", "type": "friend"} for n in range(1, 13)]
    relations += [{"source": "c3", "target": "c9", "type": "rival"}, {"source": "c5", "target": "ceo", "type": "advises"},
                  {"source": "c7", "target": "opp", "type": "ally"}]
    contacts = [{"member": "me", "stakeholder": person["id"], "strength": "close"} for person in people]
    data = build_map(make_account(stakeholders=people, relations=relations, team=[{"id": "me", "name": "Me"}],
                                  contacts=contacts)).data
    nodes = {node["id"]: node for node in data["nodes"]}
    assert (nodes["ceo"]["key_rank"], nodes["c5"]["key_rank"]) == (1, 2)
    assert not any(nodes[f"c{n}"]["key_rank"] or "risk" in nodes[f"c{n}"]["marks"] for n in (1, 2, 10, 11))
    at_rest = {(edge["from"], edge["to"], edge["type"]): edge["at_rest"] for edge in data["edges"]}
    assert at_rest[("c1", "c2", "friend")] is False  # two clerks: shown on demand
    assert at_rest[("c10", "c11", "friend")] is False
    assert at_rest[("c3", "c9", "rival")] is True  # a rivalry: always
    assert at_rest[("c5", "ceo", "advises")] is True  # a tie of the key persons: always
    assert at_rest[("c4", "c5", "friend")] is True
    assert at_rest[("c7", "opp", "ally")] is True  # a tie of an opponent: always
    assert all(at_rest[(f"c{n}", "ceo", "reports_to")] for n in range(1, 13))
    assert not any(value for (_, _, kind), value in at_rest.items() if kind == "contact")  # coverage says it
