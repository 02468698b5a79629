"""Factions: known answers on real data (Zachary, Sampson), hand-computed signed graphs, the examples."""

import copy
import itertools

import networkx as nx
import pytest

from powermap.analysis.factions import (
    detect_groups,
    factions,
    leader_camps,
    signed_modularity,
    stance_word,
    unbalanced_triads,
)
from powermap.analysis.graph import build_graph
from powermap.loaders import load

from conftest import DATASETS, EXAMPLES, rows, sampson_account
from conftest import people_account as account

needs_datasets = pytest.mark.skipif(not DATASETS.is_dir(), reason="the shared datasets are not beside the repository")




def signed(edges):
    """A signed graph from (u, v, signed weight) triples, nodes in first-seen order."""
    graph = nx.Graph()
    for u, v, w in edges:
        graph.add_edge(u, v, weight=abs(w), sign=1 if w > 0 else -1)
    return graph


def snapshot(graph):
    return copy.deepcopy((dict(graph.graph), list(graph.nodes(data=True)), list(graph.edges(keys=True, data=True))))



def best_accuracy(groups, truth):
    """Share of people whose group maps to their true label, best one-to-one mapping of labels."""
    labels = sorted(set(truth.values()))
    groups = list(groups) + [()] * max(0, len(labels) - len(groups))
    best = 0
    for chosen in itertools.permutations(range(len(groups)), len(labels)):
        hits = sum(truth[p] == label for label, g in zip(labels, chosen) for p in groups[g])
        best = max(best, hits)
    return best / len(truth)


# --- stance ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("support", "word"),
    [(2, "champion"), (1.5, "champion"), (1.49, "supporter"), (0.5, "supporter"), (0.49, "neutral"),
     (-0.49, "neutral"), (-0.5, "skeptic"), (-1.49, "skeptic"), (-1.5, "opponent"), (None, "unknown")],
)
def test_stance_words_follow_the_thresholds(support, word):
    assert stance_word(support) == word


def test_aggregate_stance_of_a_declared_faction_ignores_unknown_and_departed_members():
    acme = account(
        [
            {"id": "li", "faction": "reform", "stance": "supporter"},
            {"id": "zhao", "faction": "reform", "stance": "champion"},
            {"id": "sun", "faction": "reform"},  # unknown
            {"id": "qian", "faction": "reform", "stance": "skeptic"},
            {"id": "gone", "faction": "reform", "stance": "opponent", "status": "left"},
            {"id": "wang", "stance": "opponent"},
        ],
        factions=[{"id": "reform", "name": "Reformers", "leader": "li"}],
    )
    reform = factions(build_graph(acme)).faction("reform")
    assert reform.members == ("li", "zhao", "sun", "qian")
    assert reform.support == pytest.approx((1 + 2 - 1) / 3)  # with the departed opponent it would be 0
    assert reform.stance == "supporter" and reform.leader == "li" and not reform.detected
    assert "supporter on the whole: the stance of 3 of its 4 members is known" in reform.reasons
    assert reform.to_dict() == {"id": "reform", "name": "Reformers", "members": ["li", "zhao", "sun", "qian"],
                                "stance": "supporter", "detected": False, "level": None, "camp": None}


def test_a_faction_whose_leader_left_keeps_its_members_and_says_so():
    acme = account(
        [{"id": "li", "faction": "reform", "status": "left"}, {"id": "zhao", "faction": "reform", "stance": "supporter"}],
        factions=[{"id": "reform", "name": "Reformers", "leader": "li"}],
    )
    reform = factions(build_graph(acme)).faction("reform")
    assert reform.members == ("zhao",) and reform.leader is None
    assert "its leader LI has left: the faction may regroup" in reform.reasons


def test_a_leader_outside_the_faction_leads_it_in_file_order_and_many_factions_keep_their_members():
    """The members of each declared faction are its people in file order, its leader among
    them even when the file puts the leader in another faction or none; with a faction for
    every few people, each keeps exactly its own (the factions are read in one pass)."""
    people = [{"id": f"p{n:02d}", "faction": f"f{n % 7}" if n % 5 else None} for n in range(40)]
    listed = [{"id": f"f{n}", "name": f"F{n}", "leader": "p10" if n == 3 else None} for n in range(7)]
    found = factions(build_graph(account(people, factions=listed)))
    for n in range(7):
        expected = tuple(p["id"] for p in people if p["faction"] == f"f{n}" or (n == 3 and p["id"] == "p10"))
        assert found.faction(f"f{n}").members[:len(expected)] == expected
    assert found.faction("f3").leader == "p10" and found.faction("f3").members.index("p10") == 1


def test_a_faction_with_no_known_stance_is_unknown():
    acme = account([{"id": "a", "faction": "f"}, {"id": "b", "faction": "f"}], factions=[{"id": "f", "name": "F"}])
    only = factions(build_graph(acme)).faction("f")
    assert only.stance == "unknown" and only.support is None and only.leader is None


# --- detection on hand-made signed graphs ------------------------------------------------------


def test_two_cliques_joined_by_a_rivalry_split_along_it():
    graph = signed([("a", "b", 1), ("a", "c", 1), ("b", "c", 1), ("d", "e", 1), ("d", "f", 1), ("e", "f", 1), ("c", "d", -1)])
    assert detect_groups(graph) == (("a", "b", "c"), ("d", "e", "f"))
    # 2w+ = 12, 2w- = 2; inside = 2*6 = 12; expected = (6²+6²)/12 - (1²+1²)/2 = 5; Q = (12-5)/14
    assert signed_modularity(graph, detect_groups(graph)) == pytest.approx(0.5)
    assert signed_modularity(graph, [["a", "b", "c", "d", "e", "f"]]) == pytest.approx(0.0)


def test_rivalries_pull_apart_what_positive_ties_alone_keep_together():
    graph = signed([("a", "b", 1), ("a", "c", 1), ("b", "c", 1), ("d", "a", 0.2), ("d", "b", -1), ("d", "c", -1)])
    positive = nx.Graph((u, v, d) for u, v, d in graph.edges(data=True) if d["sign"] > 0)
    assert nx.community.louvain_communities(positive, weight="weight", seed=0) == [{"a", "b", "c", "d"}]
    assert detect_groups(graph) == (("a", "b", "c"), ("d",))
    # 2w+ = 6.4, 2w- = 4; inside 2*3 = 6; expected (6.2² + 0.2²)/6.4 - (2² + 2²)/4 = 4.0125; Q = 1.9875/10.4
    assert signed_modularity(graph, detect_groups(graph)) == pytest.approx(1.9875 / 10.4)


def test_detection_is_deterministic_for_a_seed():
    graph = signed([(f"p{i}", f"p{j}", 1 if (i + j) % 3 else -0.5) for i in range(9) for j in range(i + 1, 9) if (i * j) % 4 != 1])
    assert detect_groups(graph, seed=3) == detect_groups(graph, seed=3)


def test_leader_camps_follow_tie_weights_and_rivals_push_to_the_other_camp():
    graph = signed([("L1", "x", 0.75), ("x", "L2", 0.25), ("y", "L1", -1.0)])
    graph.add_node("alone")
    shares = leader_camps(graph, ["L1", "L2"])
    assert shares["L1"] == (1.0, 0.0) and shares["L2"] == (0.0, 1.0)
    assert shares["x"] == pytest.approx((0.75, 0.25))  # the weighted mean of its neighbours
    assert shares["y"] == pytest.approx((0.0, 1.0))  # a rival of L1 counts with the opposite share
    assert shares["alone"] == (0.5, 0.5)  # no path to a leader: no camp


def propagated_camps(graph, leaders, rounds=20_000):
    """The definition, run plainly: everyone not a leader takes the weighted mean of their
    neighbours' shares, a rival's share mirrored (1 - s) / (k - 1), until nothing moves."""
    k = len(leaders)
    share = {p: [1.0 / k] * k for p in graph}
    for number, leader in enumerate(leaders):
        share[leader] = [float(n == number) for n in range(k)]
    for _ in range(rounds):
        moved = 0.0
        for person in graph:
            if person in leaders or not graph[person]:
                continue
            total = sum(data["weight"] for data in graph[person].values())
            new = [sum(data["weight"] * (share[other][n] if data["sign"] > 0 else (1 - share[other][n]) / (k - 1))
                       for other, data in graph[person].items()) / total for n in range(k)]
            moved = max(moved, max(abs(a - b) for a, b in zip(new, share[person])))
            share[person] = new
        if moved < 1e-13:
            break
    return share


@pytest.mark.parametrize("leaders", [("p0", "p7"), ("p0", "p7", "p13")])
def test_leader_camps_are_the_fixed_point_of_plain_propagation(leaders):
    edges = [(f"p{i}", f"p{j}", (1 + (i * j) % 5) / 5 * (-1 if (i + 2 * j) % 7 == 0 else 1))
             for i in range(20) for j in range(i + 1, 20) if (i * 3 + j * 5) % 6 == 0]
    graph = signed(edges)
    graph.add_node("alone")
    reference, shares = propagated_camps(graph, leaders), leader_camps(graph, list(leaders))
    assert any(data["sign"] < 0 for *_, data in graph.edges(data=True)) and nx.number_connected_components(graph) == 3
    for person in graph:
        assert shares[person] == pytest.approx(reference[person], abs=1e-8), person


# --- unbalanced triads -------------------------------------------------------------------------


def test_an_unbalanced_triangle_is_explained_and_balanced_ones_are_not():
    graph = signed([("a", "b", -0.8), ("a", "c", 0.5), ("b", "c", 0.6),  # + + -: unbalanced
                    ("d", "e", 0.9), ("d", "f", -0.9), ("e", "f", -0.9),  # + - -: balanced (the enemy of my friend)
                    ("g", "h", -0.1), ("g", "i", -0.1), ("h", "i", -0.1),  # - - -: unbalanced, lightest
                    ("j", "k", 1), ("j", "l", 1), ("k", "l", 1)])  # + + +: balanced
    names = {node: node.upper() for node in graph}
    found = unbalanced_triads(graph, names)
    assert [(t.people, t.rivalries, t.weight) for t in found] == [(("a", "b", "c"), 1, 1.9), (("g", "h", "i"), 3, pytest.approx(0.3))]
    assert found[0].text.startswith("A and B are rivals, yet both are tied to C") and "C is caught between them" in found[0].text
    assert "all rivals of one another" in found[1].text
    assert unbalanced_triads(graph, names, limit=1) == found[:1]


def test_triads_name_the_channels_of_the_ties():
    acme = account(["a", "b", "c"], [("a", "b", "rival", 0.8), ("a", "c", "ally", 0.5), ("b", "c", "friend", 0.6)])
    (triad,) = factions(build_graph(acme)).unbalanced_triads
    assert triad.text == (
        "A and B are rivals, yet both are tied to C (A: ally; B: friend): C is caught between them and may have to choose."
    )


# --- the whole analysis ------------------------------------------------------------------------


def camps_account(**extra):
    """Two camps: reformers around li (with zhou, who is declared in the old guard), old guard around gao."""
    people = [
        {"id": "li", "faction": "reform", "stance": "champion"},
        {"id": "zhao", "faction": "reform", "stance": "supporter"},
        {"id": "gao", "faction": "old", "stance": "opponent"},
        {"id": "sun", "faction": "old", "stance": "skeptic"},
        {"id": "zhou", "faction": "old", "stance": "neutral"},
        {"id": "wu"},
        {"id": "wang"},
        {"id": "gone", "status": "left"},
    ]
    relations = [
        ("li", "zhao", "ally", 1.0), ("gao", "sun", "ally", 1.0), ("li", "gao", "rival", 0.8),
        ("zhou", "li", "friend", 0.9), ("zhou", "zhao", "friend", 0.6),  # declared old guard, sits with reform
        ("wu", "zhao", "friend", 0.8),  # undeclared, sides with reform
        ("wang", "li", "alumni", 0.5), ("wang", "gao", "friend", 0.5),  # tied to both: a swing
        ("gone", "li", "rival", 1.0), ("gone", "zhao", "rival", 1.0),  # left: must not count anywhere
    ]
    return account(people, relations, factions=[{"id": "reform", "name": "Reformers", "leader": "li"},
                                                {"id": "old", "name": "Old guard", "leader": "gao"}], **extra)


def test_who_sides_with_whom_against_the_declared_factions():
    result = factions(build_graph(camps_account()))
    assert result.camps == {"li": "reform", "zhao": "reform", "gao": "old", "sun": "old", "zhou": "reform", "wu": "reform"}
    assert "wang" not in result.camps and "gone" not in result.camps
    # zhao, zhou (declared), sun, (leaders pinned): zhou is the one who disagrees
    assert result.agreement == pytest.approx(2 / 3)
    kinds = {(a.kind, a.person, a.faction, a.declared) for a in result.alignments}
    assert kinds == {("sits_with_other", "zhou", "reform", "old"), ("sides_with", "wu", "reform", None), ("swing", "wang", None, None)}
    texts = [a.text for a in result.alignments]
    assert texts[0] == "ZHOU is declared in Old guard but sits with Reformers"
    assert texts[1] == "WANG is a swing: tied to Reformers and Old guard, leans to neither"
    assert texts[2] == "WU sides with Reformers, though the file puts them in no faction"
    # the declared faction lists who sides with it: wu (in no faction), not zhou (declared elsewhere)
    assert result.faction("reform").members == ("li", "zhao", "wu")
    assert result.unbalanced_triads[0].people == ("li", "gao", "wang")
    assert all("gone" not in group for group in result.groups)


def test_without_leaders_groups_are_compared_by_jaccard_and_unmatched_ones_are_new():
    people = [{"id": "a", "faction": "f"}, {"id": "b", "faction": "f"}, "c", "d", "e", "f2"]
    relations = [("a", "b", "ally", 1), ("b", "c", "ally", 1), ("a", "c", "ally", 1),
                 ("d", "e", "ally", 1), ("e", "f2", "ally", 1), ("d", "f2", "ally", 1), ("c", "d", "rival", 1)]
    result = factions(build_graph(account(people, relations, factions=[{"id": "f", "name": "F"}])))
    assert result.camps == {}
    assert result.sides == {"a": "f", "b": "f", "c": "f"}
    assert [a.text for a in result.alignments] == ["C sides with F, though the file puts them in no faction"]
    # two triangles held apart by a rivalry are two camps: F's, and a new one around D (its one
    # group is the whole camp, so it is not listed again as a group)
    assert [f.to_dict() for f in result.factions] == [
        {"id": "f", "name": "F", "members": ["a", "b", "c"], "stance": "unknown", "detected": False, "level": None,
         "camp": None},
        {"id": "detected-1", "name": "Camp of D", "members": ["d", "e", "f2"], "stance": "unknown", "detected": True,
         "level": "camp", "camp": None},
    ]
    assert result.agreement == 1.0
    assert result.to_dict() == [f.to_dict() for f in result.factions]


def test_results_depend_on_the_people_not_on_the_order_of_relations():
    kestrel = load(EXAMPLES / "kestrel-manufacturing.yaml")
    shuffled = kestrel.model_copy(update={"relations": tuple(reversed(kestrel.relations))})
    assert factions(build_graph(shuffled)) == factions(build_graph(kestrel))


def test_the_input_graph_is_not_changed():
    graph = build_graph(camps_account())
    before = snapshot(graph)
    factions(graph)
    assert snapshot(graph) == before


# --- real data with published answers ------------------------------------------------------------


@needs_datasets
def test_zachary_leaders_camps_match_the_club_split():
    graph = build_graph(load(EXAMPLES / "zachary-karate.yaml"))
    truth = {row["id"]: row["club_after_split"] for row in rows(DATASETS / "zachary_karate" / "nodes.csv")}
    result = factions(graph)
    club = {"mr-hi": "Mr. Hi", "officers": "Officer"}
    placed = {person: club[camp] for person, camp in result.camps.items()}
    assert len(placed) == 34
    accuracy = sum(placed[p] == truth[p] for p in truth) / len(truth)
    assert accuracy >= 0.9
    # as with Zachary's own max-flow/min-cut, member 9 is the one the network puts on the wrong side
    assert [p for p in truth if placed[p] != truth[p]] == ["9"]
    assert accuracy == pytest.approx(33 / 34)


@needs_datasets
@pytest.mark.parametrize("seed", [0, 1, 2])
def test_sampson_detected_groups_match_group3(seed):
    monastery, ids = sampson_account()
    truth = {ids[row["id"]]: row["group3"] for row in rows(DATASETS / "sampson_monastery" / "nodes.csv")}
    result = factions(build_graph(monastery), seed=seed)
    assert best_accuracy(result.groups, truth) >= 0.88
    assert best_accuracy(result.groups, truth) == 1.0  # measured: Young Turks, Loyal Opposition, Outcasts exactly
    # the three groups are the three camps (group3), each listed once, as a camp
    assert [f.id for f in result.factions] == ["detected-1", "detected-2", "detected-3"]
    assert all(f.detected and f.level == "camp" and f.name.startswith("Camp of ") for f in result.factions)


# --- the example accounts: their "Expected findings" ---------------------------------------------

WITH_US = {"supporter", "champion"}
AGAINST = {"skeptic", "opponent"}


@pytest.mark.parametrize(
    ("name", "with_us", "against"),
    [("provincial-energy-group.yaml", "gaige", "wenjian"), ("riverside-hospital.yaml", "digital", "oldguard"),
     ("kestrel-manufacturing.yaml", "modernisers", "old_guard")],
)
def test_examples_say_which_faction_is_with_us_and_which_against(name, with_us, against):
    result = factions(build_graph(load(EXAMPLES / name)))
    assert result.faction(with_us).stance in WITH_US
    assert result.faction(against).stance in AGAINST
    assert result.faction(with_us).support > 0 > result.faction(against).support


def test_provincial_energy_technical_faction_is_unknown_and_wang_is_a_swing_into_all_three():
    result = factions(build_graph(load(EXAMPLES / "provincial-energy-group.yaml")))
    assert result.faction("jishu").stance == "unknown"
    wang = next(a for a in result.alignments if a.person == "wang-fz")
    assert wang.kind == "swing" and "改革派, 稳健派 and 技术派（老电力）" in wang.text
    assert "tang-lz" not in {p for f in result.factions for p in f.members}  # left


def test_riverside_adeyemi_sits_between_the_camps_and_the_emergency_department_is_in_neither():
    result = factions(build_graph(load(EXAMPLES / "riverside-hospital.yaml")))
    assert next(a for a in result.alignments if a.person == "adeyemi").kind == "swing"
    assert "byrne" not in result.sides and "pryce" not in result.sides
    assert "lawson" not in result.faction("digital").members  # left in August


def test_kestrel_declared_members_all_sit_in_their_leaders_camp_and_harold_is_between():
    result = factions(build_graph(load(EXAMPLES / "kestrel-manufacturing.yaml")))
    assert result.agreement == 1.0
    assert next(a for a in result.alignments if a.person == "harold_kestrel").kind == "swing"
    assert result.unbalanced_triads[0].people == ("harold_kestrel", "daniel_kestrel", "frank_moreland")


# --- the refinement of the detected groups, against its plain definition -------------------------


def _plain_refinement(signed: nx.Graph, seed: int, engine: str) -> tuple[tuple[str, ...], ...]:
    """The refinement as its definition says it, with nothing skipped: from the same first step,
    each person in the same seeded order moves to whichever live group (or a new one) raises
    signed modularity most (Gómez, Jensen & Arenas 2009), the lowest group number on a tie;
    then the pair of groups whose merge raises it most merges; until nothing changes. Group
    sums are recomputed from the members every time."""
    import random

    from powermap.analysis import signed_modularity as detection

    order = list(signed)
    index = {person: place for place, person in enumerate(order)}
    plus = {p: sum(d["weight"] for d in signed[p].values() if d["sign"] > 0) for p in order}
    minus = {p: sum(d["weight"] for d in signed[p].values() if d["sign"] < 0) for p in order}
    total_plus, total_minus = sum(plus.values()) or 1.0, sum(minus.values()) or 1.0
    start = detection._louvain(signed, seed=seed, resolution=1.0, engine=engine)
    label = {}
    for number, group in enumerate(sorted((sorted(g, key=index.get) for g in start), key=lambda g: index[g[0]])):
        label.update(dict.fromkeys(group, number))
    fresh = len(start)

    def sums(number, without=None):
        members = [p for p in order if label[p] == number and p != without]
        return sum(plus[p] for p in members), sum(minus[p] for p in members)

    def gain(person, number):
        tied = sum(d["sign"] * d["weight"] for o, d in signed[person].items() if o != person and label[o] == number)
        group_plus, group_minus = sums(number, without=person)
        return tied - plus[person] * group_plus / total_plus + minus[person] * group_minus / total_minus

    visit = order[:]
    random.Random(seed).shuffle(visit)
    changed = True
    while changed:
        changed = False
        for person in visit:
            current = label[person]
            live = sorted({label[p] for p in order if p != person} | {current})
            candidates = live + [fresh]
            values = [gain(person, number) for number in candidates]
            best = candidates[values.index(max(values))]
            if max(values) > gain(person, current) + 1e-12:
                label[person] = best
                fresh = max(fresh, best + 1)
                changed = True
        groups = sorted(set(label.values()))
        best_pair, best_gain = None, 1e-12
        for a, b in itertools.combinations(groups, 2):
            between = sum(d["sign"] * d["weight"] for u, v, d in signed.edges(data=True) if {label[u], label[v]} == {a, b})
            (pa, ma), (pb, mb) = sums(a), sums(b)
            value = between - pa * pb / total_plus + ma * mb / total_minus
            if value > best_gain:
                best_pair, best_gain = (a, b), value
        if best_pair is not None:
            for person in order:
                if label[person] == best_pair[1]:
                    label[person] = best_pair[0]
            changed = True
    members = {}
    for person in order:
        members.setdefault(label[person], []).append(person)
    return tuple(sorted((tuple(g) for g in members.values()), key=lambda g: (-len(g), index[g[0]])))


def _random_signed(seed: int) -> nx.Graph:
    """A small signed graph with weights in quarters (sums exact in floating point), a few
    rivalries, pairs tied both ways, and an isolated person."""
    import random

    rng = random.Random(seed)
    people = [f"p{n:02d}" for n in range(40)]
    signed = nx.Graph()
    signed.add_nodes_from(people)
    for _ in range(90):
        u, v = rng.sample(people[:-1], 2)
        signed.add_edge(u, v, weight=rng.choice((0.25, 0.5, 0.75, 1.0)), sign=-1 if rng.random() < 0.15 else 1)
    return signed


@pytest.mark.parametrize("start", ["detected", "striped"])
@pytest.mark.parametrize("engine", ["networkx", "igraph"])
@pytest.mark.parametrize("seed", range(6))
def test_detected_groups_follow_the_plain_refinement(monkeypatch, start, engine, seed):
    """From the first step's groups, and from a poor start (people dealt into four groups in
    turn) where many people without rivals must move."""
    from powermap.analysis import signed_modularity as detection
    from powermap.analysis.signed_modularity import canonical, detect_groups

    if start == "striped":
        monkeypatch.setattr(detection, "_louvain", lambda graph, **_: [set(list(graph)[k::4]) for k in range(4)])
    signed = _random_signed(seed)
    signed = canonical(signed, list(signed))
    assert detect_groups(signed, seed=seed, engine=engine) == _plain_refinement(signed, seed, engine)


def test_placements_at_once_are_each_persons_placement():
    """camps.placements places everyone at once (numpy): by hand, a clear leader, a tie within
    1e-6 (unplaced), two equal top shares (the first camp listed, unplaced as a tie), and
    random shares with repeated values, each the same Placement as camps.placement gives."""
    import random

    from powermap.analysis.camps import Placement, placement, placements

    by_hand = {"a": (0.7, 0.2, 0.1), "b": (0.4, 0.4 + 5e-7, 0.2), "c": (0.1, 0.45, 0.45), "d": (1 / 3, 1 / 3, 1 / 3)}
    found = placements(by_hand)
    assert found["a"] == Placement(0, 0.7, 0.7 - 0.2)
    assert found["b"] == Placement(None, 0.4 + 5e-7, 0.4 + 5e-7 - 0.4)
    assert found["c"] == Placement(None, 0.45, 0.0) and found["d"] == Placement(None, 1 / 3, 0.0)
    draw = random.Random(5)
    shares = {f"p{n}": tuple(draw.choice([0.0, 0.25, 0.5, draw.random()]) for _ in range(draw.choice([2, 3, 5])))
              for n in range(400)}
    for count in (2, 3, 5):
        same_width = {person: values for person, values in shares.items() if len(values) == count}
        assert placements(same_width) == {person: placement(values) for person, values in same_width.items()}
    assert placements({}) == {}
