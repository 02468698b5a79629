"""Brokers: Gould-Fernandez roles counted by hand, Padgett's Medici, the examples' bridges."""

import copy
import csv
import math

import networkx as nx
import pytest

from powermap.analysis.brokers import ROLES, brokerage_roles, brokers, tie_betweenness
from powermap.analysis.graph import build_graph
from powermap.loaders import load

from conftest import DATASETS, EXAMPLES
from conftest import people_account as account

needs_datasets = pytest.mark.skipif(not DATASETS.is_dir(), reason="the shared datasets are not beside the repository")




def snapshot(graph):
    return copy.deepcopy((dict(graph.graph), list(graph.nodes(data=True)), list(graph.edges(keys=True, data=True))))


def rows(path):
    with open(path, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


# --- Gould-Fernandez, counted by hand ---------------------------------------------------------
#
# b (X) is swayed by a1 (X), a2 (Y), a3 (Z) and sways c1 (X), c2 (Y); a3 also sways c1 directly.
# Chains through b, with departments of (a, b, c):
#   a1 -> b -> c1  X X X  coordinator          a2 -> b -> c2  Y X Y  consultant
#   a1 -> b -> c2  X X Y  representative       a3 -> b -> c1  (a3 -> c1 exists: no brokerage)
#   a2 -> b -> c1  Y X X  gatekeeper           a3 -> b -> c2  Z X Y  liaison
GF_GROUPS = {"b": "X", "a1": "X", "c1": "X", "a2": "Y", "c2": "Y", "a3": "Z"}
GF_EDGES = [("a1", "b"), ("a2", "b"), ("a3", "b"), ("b", "c1"), ("b", "c2"), ("a3", "c1")]


def test_gould_fernandez_roles_counted_by_hand():
    influence = nx.DiGraph(GF_EDGES)
    counts = brokerage_roles(influence, GF_GROUPS)
    assert counts["b"] == {"coordinator": 1, "gatekeeper": 1, "representative": 1, "consultant": 1, "liaison": 1}
    assert all(sum(counts[node].values()) == 0 for node in influence if node != "b")
    assert tuple(counts["b"]) == ROLES


def test_gould_fernandez_skips_returns_and_people_without_a_group():
    influence = nx.DiGraph([("a", "b"), ("b", "a"), ("b", "c"), ("x", "b")])
    counts = brokerage_roles(influence, {"a": "G", "b": "G", "c": "H"})  # x has no group
    # a -> b -> a is not a chain; a -> b -> c is (G G H: representative); x -> b -> * are not counted
    assert counts["b"] == {"coordinator": 0, "gatekeeper": 0, "representative": 1, "consultant": 0, "liaison": 0}


def gf_account():
    departments = [{"id": d, "name": f"Dept {d}"} for d in "XYZ"]
    people = [{"id": p, "department": d} for p, d in GF_GROUPS.items()]
    relations = [(s, t, "influences", 0.5) for s, t in GF_EDGES]
    return account(people, relations, departments=departments)


def test_brokers_reports_the_roles_from_the_influence_layer():
    result = brokers(build_graph(gf_account()))
    b = next(broker for broker in result if broker.id == "b")
    assert dict(b.roles) == {"coordinator": 1, "gatekeeper": 1, "representative": 1, "consultant": 1, "liaison": 1}
    # the four cross-department chains, said in words (the role counts stay in ``roles``)
    assert "passes influence across department lines 4 times" in b.reasons
    assert result[0].id == "b"
    assert b.between == ("X", "Y", "Z")


def test_advice_and_the_formal_line_count_as_influence():
    departments = [{"id": "X", "name": "X"}, {"id": "Y", "name": "Y"}]
    people = [{"id": "boss", "department": "X"}, {"id": "mid", "department": "X", "reports_to": "boss"}, {"id": "out", "department": "Y"}]
    result = brokers(build_graph(account(people, [("mid", "out", "advises", 0.5)], departments=departments)))
    mid = next(broker for broker in result if broker.id == "mid")
    assert mid.roles["representative"] == 1  # boss -> mid (formal line) -> out (advice)


# --- measures pinned on small known graphs -------------------------------------------------------


def test_a_star_centre_is_the_only_broker_with_burts_figures():
    people = ["hub", "a", "b", "c", "d"]
    result = brokers(build_graph(account(people, [("hub", leaf, "friend", 1.0) for leaf in "abcd"])))
    assert [broker.id for broker in result] == ["hub"]  # leaves broker nothing
    hub = result[0]
    assert hub.betweenness == pytest.approx(1.0)
    assert hub.constraint == pytest.approx(4 * (1 / 4) ** 2)  # Burt: sum of squared shares, no indirect ties
    assert hub.effective_size == pytest.approx(4.0)
    # 0.35 betweenness + 0.20 openness (1 - 0.25); no departments or factions here
    assert hub.score == pytest.approx(0.35 + 0.20 * 0.75)
    assert "holds the network together: without them 3 people would be cut off from the rest" in hub.reasons
    assert hub.to_dict() == {"id": "hub", "name": "HUB", "between": [], "score": hub.score, "camps": []}


def test_only_link_between_departments_and_bridging_factions():
    departments = [{"id": "it", "name": "IT Center"}, {"id": "proc", "name": "Procurement"}]
    factions = [{"id": "reform", "name": "Reformers"}, {"id": "old", "name": "Old guard"}]
    people = [
        {"id": "li", "department": "it", "faction": "reform"},
        {"id": "ma", "department": "it"},
        {"id": "kong", "department": "proc"},
        {"id": "sun", "department": "proc", "faction": "old"},
    ]
    relations = [("li", "ma", "ally", 0.8), ("ma", "kong", "friend", 0.5), ("kong", "sun", "ally", 0.8), ("li", "sun", "rival", 0.9)]
    result = {broker.id: broker for broker in brokers(build_graph(account(people, relations, departments=departments, factions=factions)))}
    assert "only link between IT Center and Procurement" in result["ma"].reasons
    assert "only link between Procurement and IT Center" in result["kong"].reasons
    assert result["ma"].between == ("it", "proc")  # only one faction among ma's ties: no faction bridged
    assert result["kong"].between == ("proc", "it")
    bridge = account(people + [{"id": "wu"}], relations + [("wu", "li", "friend", 0.5), ("wu", "sun", "friend", 0.5)], departments=departments, factions=factions)
    wu = next(broker for broker in brokers(build_graph(bridge)) if broker.id == "wu")
    assert wu.between == ("it", "proc", "reform", "old")  # outside both departments, tied into each
    assert "bridges Reformers and Old guard (in no faction, tied into both)" in wu.reasons


def test_people_with_no_brokerage_are_dropped_and_the_input_is_unchanged():
    graph = build_graph(account(["a", "b", "c", "alone"], [("a", "b", "ally", 1.0), ("b", "c", "ally", 1.0), ("a", "c", "ally", 1.0)]))
    before = snapshot(graph)
    assert brokers(graph) == ()
    assert snapshot(graph) == before


def test_the_formal_line_is_a_tie_only_when_asked():
    departments = [{"id": "X", "name": "X"}, {"id": "Y", "name": "Y"}]
    people = [{"id": "boss", "department": "X"}, {"id": "a", "department": "Y", "reports_to": "boss"},
              {"id": "b", "department": "Y", "reports_to": "boss"}]
    graph = build_graph(account(people, departments=departments))
    informal = {broker.id: broker for broker in brokers(graph)}
    formal = {broker.id: broker for broker in brokers(graph, formal=True)}
    assert informal == {}  # with no recorded tie between people, nobody bridges anything
    assert formal["boss"].betweenness == pytest.approx(1.0) and formal["boss"].between == ("X", "Y")
    # the boss sways both reports, but a chain needs someone swaying the boss: no role either way
    assert sum(formal["boss"].roles.values()) == 0


def test_weighted_betweenness_uses_inverse_weights():
    ties = nx.Graph()
    ties.add_edge("a", "b", weight=1.0)
    ties.add_edge("b", "c", weight=1.0)
    ties.add_edge("a", "c", weight=0.25)  # length 4: the way through b (length 2) is shorter
    assert tie_betweenness(ties)["b"] == 0.0
    assert tie_betweenness(ties, weighted=True)["b"] == pytest.approx(1.0)


# --- Padgett's Florentine families ---------------------------------------------------------------


def padgett(layers, *, without=()):
    folder = DATASETS / "padgett_florentine"
    families = [row["id"] for row in rows(folder / "nodes.csv") if row["id"] not in without]
    relations = [(row["source"], row["target"], kind, 1.0) for name, kind in layers for row in rows(folder / f"edges_{name}.csv")]
    return build_graph(account([{"id": family, "name": family} for family in families], relations))


@needs_datasets
@pytest.mark.parametrize("without", [("Pucci",), ()])
def test_padgett_marriage_betweenness_matches_the_published_figures(without):
    """Normalised over the families with a tie, so the isolate Pucci changes nothing (0.522, not 0.452)."""
    result = {broker.id: broker for broker in brokers(padgett([("marriage", "kin")], without=without))}
    assert result["Medici"].betweenness == pytest.approx(0.522, abs=5e-4)
    assert result["Guadagni"].betweenness == pytest.approx(0.255, abs=5e-4)
    assert result["Strozzi"].betweenness == pytest.approx(0.103, abs=5e-4)
    assert "Pucci" not in result


@needs_datasets
def test_padgett_the_medici_come_first_on_marriage_and_business():
    graph = padgett([("marriage", "kin"), ("business", "ally")])
    result = brokers(graph)
    assert result[0].id == "Medici"
    assert result[0].reasons[0].startswith("holds the network together")
    # the Medici are the only articulation point of the combined network
    assert [b.id for b in result if any(r.startswith("holds the network together") for r in b.reasons)] == ["Medici"]
    folder = DATASETS / "padgett_florentine"
    combined = nx.Graph((row["source"], row["target"]) for name in ("marriage", "business") for row in rows(folder / f"edges_{name}.csv"))
    assert result[0].betweenness == pytest.approx(nx.betweenness_centrality(combined)["Medici"])  # Pucci has no tie
    assert result[0].score == max(b.score for b in result)


# --- the example accounts: their "Expected findings" ---------------------------------------------


def by_id(name):
    return {broker.id: broker for broker in brokers(build_graph(load(EXAMPLES / name)))}


def test_kestrel_ravi_links_engineering_with_both_plants_and_harold_joins_the_factions():
    result = by_id("kestrel-manufacturing.yaml")
    ravi = result["ravi_menon"]
    assert ravi.between[0] == "eng" and {"plant_ashford", "plant_brimley"} <= set(ravi.between)
    assert "only link between Engineering and Ashford Plant" in ravi.reasons
    assert "only link between Engineering and Brimley and Corran Plants" in ravi.reasons
    assert {"modernisers", "old_guard"} <= set(result["harold_kestrel"].between)
    assert max(result.values(), key=lambda b: b.score).id == "harold_kestrel"
    assert "owen_hartley" not in result  # left


def test_riverside_chen_is_the_only_tie_between_radiology_and_it_and_adeyemi_is_the_strongest():
    result = by_id("riverside-hospital.yaml")
    assert "only link between Digital and IT Services and Radiology and Imaging" in result["chen"].reasons
    adeyemi = result["adeyemi"]
    assert max(result.values(), key=lambda b: b.score) is adeyemi
    assert {"digital", "oldguard"} <= set(adeyemi.between)
    assert len([group for group in adeyemi.between if group not in ("digital", "oldguard", "medical")]) >= 6
    assert "lawson" not in result


def test_provincial_wang_bridges_all_three_factions_with_the_highest_betweenness():
    result = by_id("provincial-energy-group.yaml")
    wang = result["wang-fz"]
    assert {"gaige", "wenjian", "jishu"} <= set(wang.between)
    assert wang.betweenness == max(b.betweenness for b in result.values())
    assert max(result.values(), key=lambda b: b.score) is wang
    assert {"wzcg", "xxzx"} <= set(result["kong-cgfb"].between)


@pytest.mark.parametrize("name", ["provincial-energy-group.yaml", "riverside-hospital.yaml", "kestrel-manufacturing.yaml"])
def test_brokers_are_sorted_scored_and_follow_the_contract(name):
    result = brokers(build_graph(load(EXAMPLES / name)))
    scores = [broker.score for broker in result]
    assert scores == sorted(scores, reverse=True) and all(0 <= s <= 1 for s in scores)
    assert all(set(broker.to_dict()) == {"id", "name", "between", "score", "camps"} for broker in result)
    assert all(broker.reasons for broker in result)


@pytest.mark.parametrize("path", sorted(EXAMPLES.glob("*.yaml")), ids=lambda p: p.stem)
def test_fast_betweenness_equals_the_networkx_reference(path):
    """The igraph computation of unweighted betweenness matches networkx exactly."""
    import networkx as nx

    from powermap.analysis.brokers import tie_betweenness
    from powermap.analysis.graph import tie_graph

    ties = tie_graph(build_graph(load(path)))
    connected = ties.subgraph(p for p in ties if ties.degree(p))
    reference = dict.fromkeys(ties, 0.0)
    reference.update(nx.betweenness_centrality(connected, normalized=True))
    fast = tie_betweenness(ties)
    assert fast.keys() == reference.keys()
    assert all(abs(fast[p] - reference[p]) < 1e-12 for p in fast)


@pytest.mark.parametrize("engine", ["networkx", "igraph"])
@pytest.mark.parametrize("seed", range(20))
def test_cut_off_counts_equal_the_definition(seed, engine):
    """The count from the blocks equals removing each cut vertex and measuring the pieces,
    on graphs from nearly a forest (many blocks, most of them single ties) to one block."""
    import networkx as nx

    from powermap.analysis.brokers import _cut_off

    graph = nx.gnm_random_graph(40, 30 + 2 * seed, seed=seed)
    graph = nx.relabel_nodes(graph, {n: f"p{n}" for n in graph})
    expected = {}
    for person in graph:
        component = nx.node_connected_component(graph, person) - {person}
        pieces = [len(piece) for piece in nx.connected_components(graph.subgraph(component))]
        if len(pieces) > 1:  # a cut vertex
            expected[person] = len(component) - max(pieces)
    assert expected  # the graphs have cut vertices
    assert _cut_off(graph, engine) == expected


def test_cut_off_by_hand():
    """Two triangles (a, a1, a2 and b, b1, b2) joined by a path a-x-b, a tail b2-t1-t2, and
    someone with no tie: 9 people in the piece. Each count is the people outside the largest
    piece left: without a, a1 and a2 (2) against 6; without x, the first triangle (3) against
    5; without b, 4 against 4; without b2, the tail (2); without t1, t2 (1)."""
    import networkx as nx

    from powermap.analysis.brokers import _cut_off

    graph = nx.Graph([("a", "a1"), ("a1", "a2"), ("a2", "a"), ("a", "x"), ("x", "b"),
                      ("b", "b1"), ("b1", "b2"), ("b2", "b"), ("b2", "t1"), ("t1", "t2")])
    graph.add_node("alone")
    expected = {"a": 2, "x": 3, "b": 4, "b2": 2, "t1": 1}
    for engine in ("networkx", "igraph"):
        assert _cut_off(graph, engine) == expected


def test_places_count_from_the_highest_equal_values_in_the_order_given():
    """The ranks a broker's reasons quote ("the 2nd most"), by hand: equal values keep their
    order; with ``low`` the lowest comes first, and no value (infinity) comes last."""
    from powermap.analysis.brokers import _rank

    assert _rank([0.5, 0.9, 0.5, 0.0, 0.9]) == [3, 1, 4, 5, 2]
    assert _rank([0.5, math.inf, 0.25, 0.5, 1.0], low=True) == [2, 5, 1, 3, 4]
    assert _rank([]) == []
