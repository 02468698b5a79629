"""Key persons: the score's components by hand, stage and culture effects, real data, examples."""

import networkx as nx
import pytest

from powermap.analysis.graph import build_graph
from powermap.analysis.key_persons import key_persons, role_weight
from powermap.loaders import load
from powermap.model import Culture, Role, Stage

from conftest import EXAMPLES, make_graph

CHAIN = dict(
    account={"stage": "negotiation", "culture": "centralized"},
    stakeholders=[
        {"id": "a", "name": "A", "roles": ["decision_maker"]},
        {"id": "b", "name": "B", "reports_to": "a"},
        {"id": "c", "name": "C", "reports_to": "b", "power": {"knowledge": 3}},
    ],
)


def test_components_by_hand_on_a_reporting_chain():
    result = key_persons(make_graph(**CHAIN))
    parts = {p.id: p.components for p in result.ranked}
    # authority = 0.6 * level * sqrt(tree share) + 0.4 * sqrt(span / (n - 1))
    assert parts["a"]["authority"] == pytest.approx(1.0)
    assert parts["b"]["authority"] == pytest.approx(0.6 / 2 + 0.4 * (1 / 2) ** 0.5)
    assert parts["c"]["authority"] == pytest.approx(0.6 / 3)
    assert parts["a"]["roles"] == 1.0 and parts["b"]["roles"] == 0.0
    # power = (0.5 * strongest + 0.5 * mean of the six) / 3
    assert parts["c"]["power"] == pytest.approx((0.5 * 3 + 0.5 * 3 / 6) / 3)
    assert [p.id for p in result.ranked] == ["a", "b", "c"]
    # the only decision maker signs at negotiation and, the culture being centralized, decides;
    # two people report up to them; b defers to them (the formal line), c to b
    assert result.ranked[0].reasons == (
        "decision maker",
        "signs at negotiation",
        "the top person decides (centralized culture)",
        "top of the reporting line (2 people below)",
        "the most influential: 1 person defers to them",
    )


MILL = dict(
    account={"stage": "negotiation"},
    departments=[{"id": "prod", "name": "Production"}],
    stakeholders=[
        {"id": "gm", "name": "Grace Moore", "department": "prod", "roles": ["decision_maker", "funder"], "power": {"position": 3}},
        {"id": "pete", "name": "Pete Lund", "department": "prod", "reports_to": "gm", "roles": ["user"], "power": {"position": 2}},
        {"id": "o1", "name": "Otto Berg", "department": "prod", "reports_to": "pete"},
        {"id": "o2", "name": "Olga Dahl", "department": "prod", "reports_to": "pete"},
        {"id": "o3", "name": "Oscar Ek", "department": "prod", "reports_to": "pete", "power": {"knowledge": 1}},
        {"id": "lena", "name": "Lena Ott"},  # an outside consultant: nothing recorded but her name
    ],
)


def test_every_reason_is_a_fact_of_the_record():
    """The general manager decides and pays, the production manager heads three operators, the
    operators report to him, and the consultant has nothing on file: each is said as it is,
    with no score component and nothing that comes from a default (Lena has no tie, so PageRank's
    even share is not a reason; nobody outside a line gets "formal authority")."""
    result = key_persons(make_graph(**MILL))
    said = {p.id: p.reasons for p in result.ranked}
    assert said == {
        "gm": ("decision maker and funder", "signs at negotiation", "top of the reporting line (4 people below)",
               "the most influential: 1 person defers to them", "strong position power"),
        "pete": ("user", "heads 3 people in Production", "2nd most influential: 3 people defer to them", "moderate position power"),
        "o3": ("reports to Pete Lund", "weak knowledge power"),
        "o1": ("reports to Pete Lund",),
        "o2": ("reports to Pete Lund",),
        "lena": ("no buying role, reporting line, hidden power or influence recorded",),
    }
    # Otto and Olga have the same record: the same score and rank, listed by name
    assert [(p.id, p.rank) for p in result.ranked] == [("gm", 1), ("pete", 2), ("o3", 3), ("o2", 4), ("o1", 4), ("lena", 6)]
    assert result.score("o1") == result.score("o2") and result.ranked[3].tied and not result.ranked[2].tied
    assert [p.id for p in result.key] == ["gm", "pete"]


def test_people_with_the_same_score_are_listed_by_name_then_by_id():
    """Three people with the same (empty) record share rank 1; they are listed by name, and the
    two of the same name by their ids, whatever the file's order."""
    result = key_persons(make_graph(stakeholders=[
        {"id": "b", "name": "Li Wei"}, {"id": "a", "name": "Li Wei"}, {"id": "c", "name": "Chen Jie"}]))
    assert [(p.id, p.rank, p.tied) for p in result.ranked] == [("c", 1, True), ("a", 1, True), ("b", 1, True)]


def test_what_the_culture_makes_of_someone_with_nothing_else_on_file_comes_first():
    """Two peers with no role, line, power or tie in a centralized account share the top (nobody
    decides, so the top is whoever ranks first on authority and power: both): that is said
    first, then what the record holds of them, as for anyone the culture lifts."""
    result = key_persons(make_graph(
        account={"stage": "proposal", "culture": "centralized"},
        stakeholders=[{"id": "ann", "name": "Ann"}, {"id": "bo", "name": "Bo"}],
    ))
    nothing = "no buying role, reporting line, hidden power or influence recorded"
    assert {p.id: p.reasons for p in result.ranked} == {
        "ann": ("shares the top with Bo (centralized culture)", nothing),
        "bo": ("shares the top with Ann (centralized culture)", nothing),
    }


def test_the_stage_moves_the_weight_between_roles():
    tables = dict(
        stakeholders=[
            {"id": "spec", "name": "Spec", "roles": ["spec_setter"]},
            {"id": "buyer", "name": "Buyer", "roles": ["procurement"]},
        ]
    )
    proposal = key_persons(make_graph(**tables), stage=Stage.PROPOSAL)
    negotiation = key_persons(make_graph(**tables), stage=Stage.NEGOTIATION)
    assert [p.id for p in proposal.ranked] == ["spec", "buyer"]
    assert [p.id for p in negotiation.ranked] == ["buyer", "spec"]
    assert role_weight(Role.SPEC_SETTER, None) == pytest.approx(sum((0.5, 0.7, 1.0, 0.8, 0.4, 0.5)) / 6)


def test_delegation_moves_weight_from_the_top_to_the_committee():
    tables = dict(
        stakeholders=[
            {"id": "ceo", "name": "CEO", "roles": ["decision_maker"]},
            {"id": "chair", "name": "Committee chair", "reports_to": "ceo", "roles": ["evaluator", "decision_maker"]},
            {"id": "member", "name": "Member", "reports_to": "chair", "roles": ["evaluator"]},
        ],
        account={"stage": "bidding"},
    )
    centralized = key_persons(make_graph(**tables), culture=Culture.CENTRALIZED)
    delegated = key_persons(make_graph(**tables), culture=Culture.DELEGATED)
    assert centralized.ranked[0].id == "ceo"
    assert delegated.ranked[0].id == "chair"
    assert delegated.score("ceo") < centralized.score("ceo")
    assert delegated.score("member") > centralized.score("member")


def test_people_who_left_are_not_ranked_but_listed():
    tables = dict(CHAIN)
    tables["stakeholders"] = CHAIN["stakeholders"] + [{"id": "gone", "name": "Gone", "status": "left", "roles": ["decision_maker"]}]
    result = key_persons(make_graph(**tables))
    assert "gone" not in [p.id for p in result.ranked]
    assert result.departed == ("gone",)


def test_a_boss_who_left_is_skipped_in_the_reporting_line():
    graph = make_graph(stakeholders=[
        {"id": "top", "name": "Top"},
        {"id": "gone", "name": "Gone", "reports_to": "top", "status": "left"},
        {"id": "x", "name": "X", "reports_to": "gone"},
    ])
    result = key_persons(graph)
    assert result.ranked[0].id == "top"
    assert "top of the reporting line (1 person below)" in result.ranked[0].reasons


def test_the_graph_is_not_changed():
    graph = build_graph(load(EXAMPLES / "kestrel-manufacturing.yaml"))
    before = nx.to_dict_of_dicts(graph), dict(graph.nodes(data=True))
    key_persons(graph)
    assert (nx.to_dict_of_dicts(graph), dict(graph.nodes(data=True))) == before


def test_krackhardt_ceo_and_most_sought_adviser_are_key_persons():
    """Krackhardt (1987): the CEO is 7; the most sought adviser is VP 2 (in-degree 18)."""
    top_four = [p.id for p in key_persons(build_graph(load(EXAMPLES / "krackhardt-hightech.yaml"))).top(4)]
    assert "7" in top_four and "2" in top_four
    assert top_four[0] == "7"


def test_kestrel_story():
    """Founder decides; in negotiation the funder and the purchasing director come next."""
    ranked = [p.id for p in key_persons(build_graph(load(EXAMPLES / "kestrel-manufacturing.yaml"))).ranked]
    assert ranked[0] == "harold_kestrel"
    assert set(ranked[1:3]) == {"margaret_lin", "victor_sandoval"}
    assert "owen_hartley" not in ranked


def test_provincial_energy_story():
    """The chairman and the deputy he leans on lead; the other DM and the spec setter follow."""
    ranked = [p.id for p in key_persons(build_graph(load(EXAMPLES / "provincial-energy-group.yaml"))).ranked]
    assert set(ranked[:2]) == {"zhang-dsz", "wang-fz"}
    assert set(ranked[:4]) == {"zhang-dsz", "wang-fz", "li-zjl", "zhao-xxzx"}
    assert ranked.index("qian-zgs") < 8


def test_riverside_story():
    """Delegated: the committee chair leads; the CEO who delegated ranks below her."""
    result = key_persons(build_graph(load(EXAMPLES / "riverside-hospital.yaml")))
    ranked = [p.id for p in result.ranked]
    assert ranked[0] == "adeyemi"
    assert "shaw" in ranked[:3]
    assert ranked.index("whitfield") > ranked.index("adeyemi")
    assert any("delegated culture" in reason for reason in result.ranked[ranked.index("whitfield")].reasons)


def test_pulls_from_one_person_equal_pull_to_each_target():
    from powermap.analysis.graph import influence_graph, pull, pulls_from

    influence = influence_graph(build_graph(load(EXAMPLES / "provincial-energy-group.yaml")))
    for person in influence:
        reach = pulls_from(influence, person)
        for target in influence:
            if target != person:
                assert reach.get(target, 0.0) == pytest.approx(pull(influence, person, target)), (person, target)


@pytest.mark.parametrize("name, expected", [
    # the founder, the funder and the buyer who run the negotiation, the VP who sways the founder,
    # and the second procurement person (a stage key role at negotiation)
    ("kestrel-manufacturing.yaml", ["harold_kestrel", "margaret_lin", "victor_sandoval", "frank_moreland", "hannah_webb"]),
    ("krackhardt-hightech.yaml", ["7", "21", "2", "18", "14"]),  # the CEO and his four vice presidents
    ("zachary-karate.yaml", ["34", "1"]),  # the two leaders
    # the chairman, the two other decision makers, the two spec setters (proposal) and both funders
    ("provincial-energy-group.yaml", ["zhang-dsz", "wang-fz", "li-zjl", "zhao-xxzx", "lv-sjy", "gao-zkj", "zheng-cwb"]),
    # bidding: the evaluation committee, the CEO who delegated, the funder
    ("riverside-hospital.yaml", ["adeyemi", "shaw", "hargreaves", "byrne", "kowalski", "whitfield", "reyes", "patel", "menon"]),
])
def test_the_key_persons_of_the_examples(name, expected):
    """The key sets docs/analyses.md quotes ("How many are key")."""
    assert [p.id for p in key_persons(build_graph(load(EXAMPLES / name))).key] == expected


def test_a_key_count_forces_the_first_n_as_the_key_persons():
    graph = make_graph(**MILL)
    assert [p.id for p in key_persons(graph, key_count=3).key] == ["gm", "pete", "o3"]
    assert [p.id for p in key_persons(graph).select(1)] == ["gm"] and key_persons(graph).select() == key_persons(graph).key


def test_ranked_people_are_the_dataclass_they_say_they_are():
    """The ranking fills each person in at once (not field by field through the frozen
    dataclass's __init__): each equals, prints and pickles as the one __init__ makes, and
    stays frozen."""
    import dataclasses
    import pickle

    from powermap.analysis.key_persons import KeyPerson

    ranked = key_persons(build_graph(load(EXAMPLES / "kestrel-manufacturing.yaml"))).ranked
    for person in ranked:
        plain = KeyPerson(**{field.name: getattr(person, field.name) for field in dataclasses.fields(KeyPerson)})
        assert person == plain and repr(person) == repr(plain) and hash(person.id) == hash(plain.id)
        assert pickle.loads(pickle.dumps(person)) == plain
        assert list(vars(person)) == [field.name for field in dataclasses.fields(KeyPerson)]
    with pytest.raises(dataclasses.FrozenInstanceError):
        ranked[0].score = 1.0


@pytest.mark.parametrize("ranks, places", [
    ([0.5, 0.5, 0.3, 0.2], [1, 1, 3, None]),  # two share the first place: the next is third
    ([0.4, 0.3, 0.3, 0.3, 0.1], [1, 2, 2, 2, None]),  # three share the second place: the next is fifth
    ([0.2, 0.7], [2, 1]),  # fewer than three people
    ([1 / 3, 0.3333333333334, 0.1], [1, 1, 3]),  # equal to twelve places: one place
])
def test_the_three_most_listened_to_by_competition_place(ranks, places):
    from powermap.analysis.key_persons import _place_in, _top_three

    top = _top_three(ranks)
    assert [_place_in(top, rank) for rank in ranks] == places
