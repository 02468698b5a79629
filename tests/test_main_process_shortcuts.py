"""Shortcuts in the main process of a big report, held to their plain definitions.

Generated accounts of about 1,500 people of every shape of the benchmark's generator; the
plain definitions are the straightforward computations the shortcuts replace.
"""

from __future__ import annotations

import sys

import networkx as nx
import pytest

from conftest import REPO

if str(REPO) not in sys.path:  # benchmarks.generate lives beside the package
    sys.path.insert(0, str(REPO))

from benchmarks.generate import SHAPES, generate_account
from powermap.analysis import key_persons as key_module
from powermap.analysis.deference import deference_rank
from powermap.analysis.graph import build_graph, group_data, influence_graph, pulls_from, pulls_into, tie_graph, tie_pairs
from powermap.analysis.key_persons import key_persons
from powermap.model import RelationType


@pytest.fixture(scope="module", params=sorted(SHAPES))
def graph(request):
    return build_graph(generate_account(1500, seed=3, shape=request.param))


def test_pulls_into_targets_are_pulls_from_kept_for_them(graph):
    influence = influence_graph(graph)
    people = list(influence)
    targets = people[::7]
    wanted = set(targets)
    pulls = pulls_into(influence, targets)
    for person in people:
        plain = {target: weight for target, weight in pulls_from(influence, person).items() if target in wanted}
        assert pulls(person) == plain, person


def test_pulls_into_by_hand():
    """a -> b (0.5) -> c (0.8), a -> c (0.3): a's pull on c is 0.4 (through b), on b 0.5."""
    influence = nx.DiGraph()
    influence.add_weighted_edges_from([("a", "b", 0.5), ("b", "c", 0.8), ("a", "c", 0.3), ("c", "a", 0.9)])
    assert pulls_into(influence, ["c"])("a") == {"c": pytest.approx(0.4)}
    assert pulls_into(influence, ["b", "c"])("a") == {"b": 0.5, "c": pytest.approx(0.4)}
    assert pulls_into(influence, ["a"])("a") == {}  # never oneself
    assert pulls_into(influence, ["a"])("b") == {"a": pytest.approx(0.72)}


def test_deference_rank_is_networkx_pagerank_of_the_reversed_graph(graph):
    influence = influence_graph(graph)
    expected = nx.pagerank(influence.reverse(copy=True), alpha=0.85, weight="weight")
    found = deference_rank(influence)
    assert list(found) == list(expected)
    for person, value in expected.items():
        assert found[person] == pytest.approx(value, rel=1e-6, abs=1e-12)


def _plain_pulls_into(influence, targets):
    wanted = set(targets)
    return lambda person: {t: w for t, w in pulls_from(influence, person).items() if t in wanted}


def test_key_persons_equal_those_of_the_plain_definitions(graph, monkeypatch):
    """The ranking, scores and reasons with the pulls on decision makers walked from each
    person and the informal strength as networkx's weighted degree."""
    fast = key_persons(graph)
    monkeypatch.setattr(key_module, "pulls_into", _plain_pulls_into)
    plain = key_persons(graph)
    assert [(p.id, p.rank, p.score, tuple(map(str, p.reasons)), p.key) for p in fast.ranked] == \
        [(p.id, p.rank, p.score, tuple(map(str, p.reasons)), p.key) for p in plain.ranked]


def test_informal_ties_are_the_partners_and_weighted_degree(graph):
    """Everyone's informal partners and strength from the personal ties' pairs, against
    networkx's own count and weighted degree of the same ties' graph."""
    ties = tie_graph(graph, types=RelationType.PERSONAL)
    partners, strength = key_module._informal(tie_pairs(graph, types=RelationType.PERSONAL))
    assert partners == {person: len(ties[person]) for person in ties}
    assert strength == dict(ties.degree(weight="weight"))
    assert sum(value > 0 for value in strength.values()) > 100


def test_a_self_tie_counts_once_as_a_partner_and_twice_in_the_strength():
    """networkx counts a loop twice in a weighted degree, once among a node's neighbours."""
    import numpy as np

    from powermap.analysis.graph import Pairs

    ties = nx.Graph([("a", "b", {"weight": 0.25}), ("a", "a", {"weight": 0.5})])
    pairs = Pairs(("a", "b"), np.array([[0, 1], [0, 0]]), np.array([0.25, 0.5]), np.array([{}, {}], dtype=object), False)
    partners, strength = key_module._informal(pairs)
    assert partners == {"a": 2, "b": 1} == {node: len(ties[node]) for node in ties}
    assert strength == {"a": 1.25, "b": 0.25} == dict(ties.degree(weight="weight"))


def plain_projection(graph, types, *, boss_first: bool, directed: bool):
    """A projection by its definition: every edge of ``types`` between active people, the
    formal line as it runs among them, each pair once (either way round when undirected), in
    the order of its first edge, as strong as its strongest channel and naming them all."""
    from powermap.analysis.formal_lines import formal_lines
    from powermap.analysis.graph import FORMAL_WEIGHT, active_stakeholders

    boss = formal_lines(graph).boss
    keep = set(active_stakeholders(graph))
    pairs: dict[tuple, list] = {}
    for u, v, data in graph.edges(data=True):
        kind = data["type"]
        if kind not in types:
            continue
        if kind == "reports_to":
            u, v, weight = u, boss.get(u), FORMAL_WEIGHT
            if boss_first:
                u, v = v, u
        else:
            weight = data["weight"]
        if u not in keep or v not in keep:
            continue
        if not directed and (v, u) in pairs:
            u, v = v, u
        pairs.setdefault((u, v), []).append((weight, kind))
    return [(u, v, {"weight": max(w for w, _ in found), "channels": tuple(sorted({k for _, k in found}))})
            for (u, v), found in pairs.items()]


def test_the_projections_made_together_are_each_made_alone(graph):
    """shared_projections builds the influence graph and the two tie graphs in one pass; each
    holds the edges its definition gives, in the same order, with the same data."""
    from powermap.analysis.graph import POSITIVE_TYPES, active_stakeholders, shared_projections

    fresh = graph.copy()  # nothing projected yet
    shared_projections(fresh)
    people = active_stakeholders(fresh)
    made = {
        "influence": (influence_graph(fresh), plain_projection(fresh, {*RelationType.DIRECTED, "reports_to"}, boss_first=True, directed=True)),
        "positive": (tie_graph(fresh, types=RelationType.POSITIVE), plain_projection(fresh, RelationType.POSITIVE, boss_first=False, directed=False)),
        "with the formal line": (tie_graph(fresh), plain_projection(fresh, POSITIVE_TYPES, boss_first=False, directed=False)),
    }
    for name, (found, plain) in made.items():
        expected = (nx.DiGraph if found.is_directed() else nx.Graph)()
        expected.add_nodes_from(people)
        expected.add_edges_from(plain)  # networkx's own graph of the definition, in its order
        assert list(found) == people, name
        assert [list(found.adj[p].items()) for p in people] == [list(expected.adj[p].items()) for p in people], name
        assert list(found.edges(data=True)) == list(expected.edges(data=True)), name
    assert any("reports_to" in data["channels"] for *_, data in made["with the formal line"][1])


def test_the_personal_ties_pairs_come_from_the_same_pass_without_a_graph(graph):
    """shared_projections works out the personal ties' pairs (which the key persons count and
    weigh) in its one pass too, without their graph: the pairs of the definition, in its order."""
    from powermap.analysis.graph import derived, shared_projections, tie_pairs

    fresh = graph.copy()
    shared_projections(fresh)
    key = tie_graph.key_of({"types": RelationType.PERSONAL})
    assert ("pairs", *key) in derived(fresh) and key not in derived(fresh)
    pairs = tie_pairs(fresh, types=RelationType.PERSONAL)
    people = pairs.people
    found = [(people[a], people[b], data) for (a, b), data in zip(pairs.ends.tolist(), pairs.datas)]
    assert found and found == plain_projection(fresh, RelationType.PERSONAL, boss_first=False, directed=False)


def test_the_projections_edges_recorded_as_made_are_their_edge_lists(graph):
    """The numbered edges and weights (and signs) each projection records as it is made are
    what its own edge list gives, edge by edge in networkx's order."""
    from powermap.analysis import engine
    from powermap.analysis.graph import shared_projections, signed_graph

    fresh = graph.copy()
    shared_projections(fresh)
    made = [influence_graph(fresh), tie_graph(fresh, types=RelationType.POSITIVE), tie_graph(fresh), signed_graph(fresh),
            tie_graph(fresh, types=RelationType.NEGATIVE)]
    for found in made:
        assert found in engine._NUMBERED  # recorded, not made from the edge list
        edges = list(found.edges(data=True))
        place = {node: number for number, node in enumerate(found)}
        assert engine.numbered_edges(found).tolist() == [[place[u], place[v]] for u, v, _ in edges]
        assert engine.edge_values(found, "weight").tolist() == [float(data["weight"]) for *_, data in edges]
        assert engine.edge_values(found, "weight", 1.0) is engine.edge_values(found, "weight")
    signs = engine.edge_values(made[3], "sign")
    assert signs.tolist() == [float(data["sign"]) for *_, data in made[3].edges(data=True)] and (signs < 0).any()


def test_the_signed_ties_parts_made_together_are_each_made_alone(graph):
    """signed_graph projects its two parts, the positive ties with the formal line and the
    rivalries, in one pass, as pairs, without their graphs; each part's graph, made from its pairs
    when asked for, holds the edges its definition gives, in order, with its data."""
    from powermap.analysis.graph import POSITIVE_TYPES, active_stakeholders, derived, signed_graph

    fresh = graph.copy()  # nothing projected yet
    signed_graph(fresh)
    store = derived(fresh)  # the two parts' pairs were kept, their graphs not made
    for key in (tie_graph.key_of({}), tie_graph.key_of({"types": RelationType.NEGATIVE})):
        assert ("pairs", *key) in store and key not in store
    people = active_stakeholders(fresh)
    for found, plain in ((tie_graph(fresh), plain_projection(fresh, POSITIVE_TYPES, boss_first=False, directed=False)),
                         (tie_graph(fresh, types=RelationType.NEGATIVE),
                          plain_projection(fresh, RelationType.NEGATIVE, boss_first=False, directed=False))):
        expected = nx.Graph()
        expected.add_nodes_from(people)
        expected.add_edges_from(plain)
        assert plain and list(found) == people
        assert list(found.edges(data=True)) == list(expected.edges(data=True))


def plain_walk(router):
    """The walk table by its definition, step by step: the origin to each member (file order,
    cost 0), then each edge of networkx's view of the reach graph one way and back, skipping a
    step into a member and, out of a stakeholder, one out of someone kept out, across a
    rivalry or without a positive channel worth something; a contact's chance, else the best
    channel's (best_channel); cost -ln(chance), plus the unsure cost out of someone whose
    stance is unknown."""
    import math

    from powermap.analysis.warmth import best_channel, contact_warmth

    graph, reach, team = router.graph, router.reach, router.team
    nodes = [("origin",)] + [node for node in graph.nodes if node in reach]
    index = {node: number for number, node in enumerate(nodes)}
    steps = [(0, index[member], 0.0) for member in sorted(team, key=router.order.get)]
    for u, v, data in reach.edges(data=True):
        for a, b in ((u, v), (v, u)):
            if b in team:
                continue
            if a in team:
                chance = contact_warmth(data, router.day, router.stale_days).chance
            else:
                channel = best_channel(graph, a, b)
                if a in router.kept_out() or b in router.rivalries.get(a, {}) or channel is None:
                    continue
                chance = channel.chance
            if chance > 0:
                steps.append((index[a], index[b], -math.log(chance)))
    extra = 1.0 + len(nodes) * max((cost for *_, cost in steps), default=0.0)
    doubtful = router.unsure()
    return nodes, [(a, b, cost + extra if nodes[a] in doubtful else cost) for a, b, cost in steps], extra


def test_the_walk_table_is_the_step_by_step_walk(graph):
    """The router weighs every edge of the reach graph at once (numpy); its table holds the
    steps of the definition, in the same order, at the same costs to the last bit, and the
    steps into and out of each node are those steps' numbers in order."""
    from powermap.analysis.router import Router

    router = Router(graph.copy(), engine="igraph")
    table = router.table()
    nodes, steps, extra = plain_walk(router)
    assert table.nodes == nodes
    assert list(zip(table.sources, table.targets, table.costs)) == steps
    assert router.unsure_cost() == extra
    for node in range(len(nodes)):
        assert table.incoming[node] == [number for number, (_, b, _) in enumerate(steps) if b == node]
        assert table.outgoing[node] == [number for number, (a, _, _) in enumerate(steps) if a == node]
    assert any(nodes[a] in router.unsure() for a, _, _ in steps)  # the unsure cost is exercised


def test_edges_with_equal_data_share_one_dict(graph):
    """In each projection, edges whose attributes are equal (same values, same types) share one
    attribute dict, and the reach graph's ties are the tie graph's own dicts: a dict per
    distinct content, not per edge (the graph module's notes: about 30 MB per projection at
    50,000 people)."""
    from powermap.analysis.engine import edge_list
    from powermap.analysis.graph import reach_graph, signed_graph

    fresh = graph.copy()
    for made in (influence_graph(fresh), tie_graph(fresh), tie_graph(fresh, types=RelationType.POSITIVE), signed_graph(fresh)):
        datas = [data for _, _, data in edge_list(made)]
        contents = {tuple((name, type(value), value) for name, value in data.items()) for data in datas}
        assert len({id(data) for data in datas}) == len(contents) < len(datas) / 10
    ties, reach = tie_graph(fresh), reach_graph(fresh)
    assert all(reach[u][v] is data for u, v, data in edge_list(ties))
    person_edges = [data for _, _, data in graph.edges(data=True) if data["type"] in {*map(str, RelationType), "reports_to"}]
    contents = {tuple((name, type(value), value) for name, value in data.items()) for data in person_edges}
    assert len({id(data) for data in person_edges}) == len(contents) < len(person_edges) / 10  # the account graph too


def test_a_projection_keeps_each_weight_as_given():
    """A pair's weight is its strongest channel's, the first of equals in edge order, as given:
    a weight written 1 (an int, as a graph built by hand may hold) stays 1 and 1.0 stays 1.0,
    so reasons print it as it was written; the formal line's weight likewise."""
    from powermap.analysis.graph import tie_graph

    graph = nx.MultiDiGraph()
    for person in "abcdef":
        graph.add_node(person, kind="stakeholder", active=True, status="active", department=None, name=person)
    graph.add_edge("a", "b", key="friend", type="friend", weight=1)
    graph.add_edge("b", "a", key="ally", type="ally", weight=1.0)  # equal: the first, 1, stays
    graph.add_edge("c", "d", key="kin", type="kin", weight=0.5)
    graph.add_edge("c", "d", key="ally", type="ally", weight=1.0)  # stronger: 1.0
    graph.add_edge("d", "a", key="reports_to", type="reports_to")
    graph.add_edge("e", "f", key="friend", type="friend", weight=1.0)  # the same channels as a-b, at 1.0
    graph.add_edge("e", "f", key="ally", type="ally", weight=1.0)
    ties = tie_graph(graph, formal_weight=1, active_only=False)
    assert [(u, v, d["weight"], type(d["weight"]), d["channels"]) for u, v, d in ties.edges(data=True)] == [
        ("a", "b", 1, int, ("ally", "friend")), ("a", "d", 1, int, ("reports_to",)), ("c", "d", 1.0, float, ("ally", "kin")),
        ("e", "f", 1.0, float, ("ally", "friend"))]


def test_the_signed_graph_is_positive_ties_minus_rivalries(graph):
    """signed_graph by its definition: for each pair joined by a positive tie or a rivalry
    (networkx's views of the two tie graphs), the positive tie's weight minus the rivalry's,
    left out when they cancel; ends in node order, pairs sorted by them."""
    from powermap.analysis.graph import signed_graph

    fresh = graph.copy()
    positive, negative = tie_graph(fresh), tie_graph(fresh, types=RelationType.NEGATIVE)
    place = {person: number for number, person in enumerate(positive)}
    net: dict[tuple, float] = {}
    for u, v, data in positive.edges(data=True):
        net[tuple(sorted((u, v), key=place.get))] = data["weight"]
    for u, v, data in negative.edges(data=True):
        pair = tuple(sorted((u, v), key=place.get))
        net[pair] = net.get(pair, 0.0) - data["weight"]
    expected = [(u, v, {"weight": abs(value), "sign": 1 if value > 0 else -1})
                for (u, v), value in sorted(net.items(), key=lambda item: (place[item[0][0]], place[item[0][1]])) if value]
    found = signed_graph(fresh)
    reference = nx.Graph()
    reference.add_nodes_from(positive)
    reference.add_edges_from(expected)  # networkx's graph of the definition, pairs added in order
    assert list(found) == list(positive)
    assert list(found.edges(data=True)) == list(reference.edges(data=True))
    assert [list(found.adj[p]) for p in found] == [list(reference.adj[p]) for p in reference]
    assert any(d["sign"] < 0 for *_, d in expected)


def test_the_node_data_is_made_once_while_the_graph_does_not_change():
    from powermap.analysis.engine import node_data

    graph = nx.MultiDiGraph()
    graph.add_node("a", name="A")
    first = node_data(graph)
    assert first == {"a": {"name": "A"}}
    if hasattr(graph, "__networkx_cache__"):  # networkx 3.3 and later
        assert node_data(graph) is first
    graph.add_node("b", name="B")  # a change empties networkx's cache of the graph
    assert node_data(graph) == {"a": {"name": "A"}, "b": {"name": "B"}}
    shown = {"a"}
    view = nx.subgraph_view(graph, filter_node=shown.__contains__)
    assert node_data(view) == {"a": {"name": "A"}}
    shown.add("b")  # what a view shows can change without the view changing: read each time
    assert node_data(view) == {"a": {"name": "A"}, "b": {"name": "B"}}


def test_projections_made_together_hold_the_same_people(graph):
    """One pass projects for one set of people: the active stakeholders, or all of them."""
    from powermap.analysis.graph import FORMAL_WEIGHT, _project_missing, _tie_spec

    fresh = graph.copy()
    with pytest.raises(ValueError, match="the same people"):
        _project_missing(fresh, [(tie_graph, _tie_spec, {"types": RelationType.POSITIVE, "formal_weight": FORMAL_WEIGHT, "active_only": True}),
                                 (tie_graph, _tie_spec, {"types": RelationType.POSITIVE, "formal_weight": FORMAL_WEIGHT, "active_only": False})])


def test_the_groups_data_found_with_the_people_is_every_department_and_faction_in_order(graph):
    """The departments' and factions' data read once with the people: those of a walk over
    every node, kind by kind, in the graph's (the file's) order."""
    for kind in ("department", "faction"):
        walked = [data for _, data in graph.nodes(data=True) if data["kind"] == kind]
        assert list(group_data(graph, kind)) == walked and len(walked) > 1
        assert all(found is data for found, data in zip(group_data(graph, kind), walked))
