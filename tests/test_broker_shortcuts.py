"""The brokers' shortcuts held to their plain definitions: the brokerage roles counted by
numpy arrays against a loop over every chain, and the reasons said when read against the
reasons said at once.

Generated accounts of about 1,500 people of every shape of the benchmark's generator, and
hand-made graphs where one person is many chains' broker (the arrays are cut into slices).
"""

from __future__ import annotations

import pickle
import random
import sys

import networkx as nx
import pytest

from conftest import REPO

if str(REPO) not in sys.path:  # benchmarks.generate lives beside the package
    sys.path.insert(0, str(REPO))

from benchmarks.generate import SHAPES, generate_account
from powermap.analysis import brokers as brokers_module
from powermap.analysis.brokers import ROLES, Reasons, brokerage_roles, brokers
from powermap.analysis.graph import active_stakeholders, build_graph, influence_graph


def plain_roles(influence, groups):
    """Gould and Fernandez's count, chain by chain: b brokers a -> b -> c when a != c and
    there is no a -> c; the role by the groups of a, b and c."""
    counts = {node: dict.fromkeys(ROLES, 0) for node in influence}
    for b in influence:
        if groups.get(b) is None:
            continue
        for a in influence.predecessors(b):
            for c in influence.successors(b):
                if len({a, b, c}) < 3 or groups.get(a) is None or groups.get(c) is None:
                    continue
                if influence.has_edge(a, c):
                    continue
                ga, gb, gc = groups[a], groups[b], groups[c]
                role = ("coordinator" if ga == gb == gc else "consultant" if ga == gc else
                        "gatekeeper" if gb == gc else "representative" if ga == gb else "liaison")
                counts[b][role] += 1
    return counts


@pytest.fixture(scope="module", params=sorted(SHAPES))
def graph(request):
    return build_graph(generate_account(1500, seed=3, shape=request.param))


def test_roles_are_the_chain_by_chain_count(graph):
    influence = influence_graph(graph)
    groups = {person: graph.nodes[person]["department"] for person in active_stakeholders(graph)}
    assert brokerage_roles(influence, groups) == plain_roles(influence, groups)


@pytest.mark.parametrize("density", [0.05, 0.15, 0.4])
def test_roles_on_random_graphs(density):
    """Self-loops, people without a group, ties both ways, many triangles, a hub between
    everyone: the counts per broker are the chain-by-chain count."""
    rng = random.Random(5)
    for trial in range(20):
        graph = nx.gnp_random_graph(30, density, seed=trial, directed=True)
        graph.add_edges_from((node, 0) for node in range(1, 30, 2))
        graph.add_edges_from((0, node) for node in range(2, 30, 3))
        graph.add_edge(4, 4)
        groups = {node: rng.choice("ABC") for node in graph if rng.random() > 0.1}
        assert brokerage_roles(graph, groups) == plain_roles(graph, groups), trial


def test_roles_by_hand():
    """a -> b -> c: b is a liaison; add a -> c and there is no chain; c -> b -> a as well, in
    one group: two coordinations."""
    graph = nx.DiGraph([("a", "b"), ("b", "c")])
    assert brokerage_roles(graph, {"a": 1, "b": 2, "c": 3})["b"] == {**dict.fromkeys(ROLES, 0), "liaison": 1}
    graph.add_edge("a", "c")
    assert brokerage_roles(graph, {"a": 1, "b": 2, "c": 3})["b"] == dict.fromkeys(ROLES, 0)
    graph = nx.DiGraph([("a", "b"), ("b", "c"), ("c", "b"), ("b", "a")])
    assert brokerage_roles(graph, dict.fromkeys("abc", 1))["b"] == {**dict.fromkeys(ROLES, 0), "coordinator": 2}
    assert brokerage_roles(nx.DiGraph(), {}) == {}


def test_reasons_said_when_read_read_like_the_tuple_they_stand_for(graph):
    found = brokers(graph)
    assert found and all(isinstance(broker.reasons, Reasons) for broker in found)
    for broker in found[:: max(1, len(found) // 200)]:
        reasons = broker.reasons
        said = tuple(reasons)
        assert said and said == reasons and reasons == list(said)
        assert said[0] in reasons and reasons[0] == said[0] and len(reasons) == len(said)
        assert [reason.text("zh") for reason in reasons] == [reason.text("zh") for reason in said]
        again = pickle.loads(pickle.dumps(reasons))  # crossing processes keeps what they say
        assert again == said and isinstance(again, Reasons)
        led = reasons.led_by("first")
        assert tuple(led) == ("first", *said)


def plain_only_links(graph, ties, person):
    """The departments a person's department reaches only through them: every positive tie
    between the two departments has the person at one end (the definition, tie by tie)."""
    department = {node: graph.nodes[node]["department"] for node in ties}
    own = department[person]
    if own is None:
        return set()
    reached = {department[other] for other in ties[person]} - {own, None}
    return {other for other in reached
            if all(person in (u, v) for u, v in ties.edges if {department[u], department[v]} == {own, other})}


def test_only_links_are_the_tie_by_tie_definition(graph):
    """The one pass that keeps, per pair of departments, the people on every tie between them
    gives each broker the departments the plain definition gives, on every shape."""
    ties = brokers_module._ties(graph, False)
    nodes = {node: graph.nodes[node] for node in graph}
    place = {data["ref"]: number for number, (_, data) in enumerate(graph.nodes(data=True)) if data["kind"] == "department"}
    sole = brokers_module._sole_links(nodes, ties, place)
    people = active_stakeholders(graph)
    tied = brokers_module._partner_groups(ties, nodes, "department", place)
    found = {p: set(brokers_module._only_links(p, nodes[p]["department"], tied[p], sole)) for p in people}
    assert any(found.values())  # some person is a department's only link on every shape
    sample = people[:: max(1, len(people) // 300)] + [p for p in people if found[p]][:100]
    for person in sample:
        assert found[person] == plain_only_links(graph, ties, person), person


def test_only_links_by_hand():
    """Two departments joined by one tie: both ends are the only link; a second tie through one
    of them keeps only that one; a tie between two others leaves nobody."""
    nodes = {"a": {"department": "x"}, "b": {"department": "y"}, "c": {"department": "y"}, "d": {"department": "x"}}
    ties = nx.Graph([("a", "b")])
    ties.add_nodes_from("cd")
    place = {"x": 0, "y": 1}

    def only_links(person):
        tied = brokers_module._partner_groups(ties, nodes, "department", place)
        return brokers_module._only_links(person, nodes[person]["department"], tied[person],
                                          brokers_module._sole_links(nodes, ties, place))

    assert only_links("a") == ["y"] and only_links("b") == ["x"]
    ties.add_edge("a", "c")
    assert only_links("a") == ["y"] and only_links("b") == []
    ties.add_edge("d", "c")
    assert only_links("a") == []


def test_partner_groups_are_each_persons_partners_groups_in_file_order(graph):
    """Each person's tie partners' departments and factions, found for everyone at once, are
    the set the person's own partners give (each once, no "none"), in the file's order."""
    ties = brokers_module._ties(graph, False)
    nodes = {node: graph.nodes[node] for node in graph}
    for kind in ("department", "faction"):
        place = {data["ref"]: number for number, (_, data) in enumerate(graph.nodes(data=True)) if data["kind"] == kind}
        found = brokers_module._partner_groups(ties, nodes, kind, place)
        assert set(found) == set(ties)
        for person in list(ties)[:: max(1, len(ties) // 500)]:
            plain = {nodes[other][kind] for other in ties[person]} - {None}
            assert found[person] == sorted(plain, key=place.__getitem__), person


def test_scores_order_and_reason_ranks_are_those_of_one_person_at_a_time(graph):
    """The score, the order and the ranks the reasons say, computed for everyone at once, are
    those of the module's definition worked person by person in plain Python: the score mixes
    betweenness, brokerage across departments and groups spanned (each over its top) with
    openness (1 - constraint, for two contacts or more), kept to 0..1; best first, equals in
    file order; people with no brokerage at all left out."""
    from powermap.analysis.brokers import CROSS_ROLES, WEIGHTS, _ties

    people = active_stakeholders(graph)
    found = {broker.id: broker for broker in brokers(graph)}
    ties = _ties(graph, False)
    rows = {}
    for person in people:
        broker = found.get(person)
        if broker is None:
            continue
        contacts = sum(2 if other == person else 1 for other in ties.adj[person])
        enough = broker.constraint is not None and contacts >= 2
        rows[person] = {"betweenness": broker.betweenness, "brokerage": sum(broker.roles[role] for role in CROSS_ROLES),
                        "span": len(broker.between), "openness": 1.0 - min(1.0, broker.constraint) if enough else 0.0}
    top = {key: max(row[key] for row in rows.values()) or 1.0 for key in ("betweenness", "brokerage", "span")}
    plain = {}
    for person, row in rows.items():
        score = WEIGHTS["openness"] * row["openness"] + sum(WEIGHTS[key] * row[key] / top[key]
                                                            for key in ("betweenness", "brokerage", "span"))
        plain[person] = min(1.0, max(0.0, score))
    assert {person: broker.score for person, broker in found.items()} == plain
    place = {person: number for number, person in enumerate(people)}
    assert list(found) == sorted(plain, key=lambda person: (-plain[person], place[person]))
