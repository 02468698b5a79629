"""Introduction paths: hand-computed warmth on small accounts, and the routes the examples name."""

from __future__ import annotations

import copy
import datetime as dt
import textwrap

import pytest

from powermap.analysis.graph import build_graph
from powermap.analysis.key_persons import KeyPerson, KeyPersons
from powermap.analysis.paths import IntroductionError, introduction_paths
from powermap.loaders import load

from conftest import EXAMPLES

HEADER = """\
account: {id: test, name: Test account, as_of: 2026-11-15}
team:
  - {id: ann, name: Ann}
  - {id: bob, name: Bob}
  - {id: cat, name: Cat}
"""


@pytest.fixture
def account(tmp_path):
    """Build the graph of a small account written in YAML (the team is ann, bob and cat)."""

    def make(body: str):
        path = tmp_path / "account.yaml"
        path.write_text(HEADER + textwrap.dedent(body), encoding="utf-8")
        return build_graph(load(path))

    return make


def paths(result):
    return [route.path for route in result.routes]


def warmths(result):
    return [route.warmth for route in result.routes]


# A stale close contact (0.85 x 0.6 = 0.51) loses to a fresh ordinary one (0.65): both friends
# of tess at 1.0 (0.9), so bob -> yara -> tess = 0.585 and ann -> xavier -> tess = 0.459.
STALE = """\
stakeholders:
  - {id: boss, name: Boss, roles: [decision_maker]}
  - {id: xavier, name: Xavier, stance: neutral}
  - {id: yara, name: Yara, stance: neutral}
  - {id: tess, name: Tess, stance: neutral}
  - {id: ivy, name: Ivy, stance: neutral}
  - {id: gone, name: Gone, status: left}
relations:
  - {source: xavier, target: tess, type: friend, weight: 1.0}
  - {source: yara, target: tess, type: friend, weight: 1.0}
  - {source: gone, target: ivy, type: kin, weight: 1.0}
contacts:
  - {member: ann, stakeholder: xavier, strength: close, last_contact: 2026-01-10}
  - {member: bob, stakeholder: yara, strength: ordinary, last_contact: 2026-11-01}
  - {member: cat, stakeholder: gone, strength: intimate, last_contact: 2026-11-01}
"""


def test_a_stale_contact_loses_to_a_fresh_weaker_one(account):
    result = introduction_paths(account(STALE), "tess", k=2)
    assert paths(result) == [("bob", "yara", "tess"), ("ann", "xavier", "tess")]
    assert warmths(result) == pytest.approx([0.65 * 0.9, 0.85 * 0.6 * 0.9])
    best = result.routes[0]
    assert [step.to_dict() for step in best.steps] == [
        {"from": "bob", "to": "yara", "kind": "contact", "how": "contact (ordinary, 2026-11-01)", "chance": 0.65},
        {"from": "yara", "to": "tess", "kind": "friend", "how": "friend (1.0)", "chance": 0.9},
    ]
    # each hop in words, no weights or formulas (the numbers stay in the JSON steps)
    assert best.reasons == ("Bob knows Yara (ordinary, last met 2026-11-01)", "Yara and Tess are friends")
    stale = result.routes[1]
    assert stale.steps[0].how == "contact (close, 2026-01-10, stale)"
    assert stale.reasons[0] == "Ann knows Xavier (close, last met 2026-01-10, 309 days ago)"


def test_the_same_contact_is_fresh_with_a_longer_window_or_an_earlier_date(account):
    graph = account(STALE)
    longer = introduction_paths(graph, "tess", k=1, stale_days=400)
    assert paths(longer) == [("ann", "xavier", "tess")] and warmths(longer) == pytest.approx([0.85 * 0.9])
    earlier = introduction_paths(graph, "tess", k=1, as_of=dt.date(2026, 2, 1))
    assert paths(earlier) == [("ann", "xavier", "tess")] and earlier.as_of == dt.date(2026, 2, 1)


def test_an_undated_contact_counts_three_quarters(account):
    graph = account("""\
        stakeholders:
          - {id: una, name: Una, stance: neutral}
          - {id: tess, name: Tess, stance: neutral}
        relations:
          - {source: una, target: tess, type: friend, weight: 1.0}
        contacts:
          - {member: ann, stakeholder: una, strength: close}
        """)
    route = introduction_paths(graph, "tess").routes[0]
    assert route.steps[0].how == "contact (close, undated)"
    assert route.warmth == pytest.approx(0.85 * 0.75 * 0.9)


def test_a_target_nobody_reaches_gives_no_route_and_says_why(account):
    result = introduction_paths(account(STALE), "ivy")  # ivy's only tie is to someone who left
    assert result.routes == ()
    assert result.reasons == ("no route to Ivy: nobody on our team knows them and nobody we know has a tie to them",)
    assert [(item.id, item.effect) for item in result.excluded] == [("gone", "excluded")]


def test_unknown_departed_and_misspelt_ids_raise_one_line_value_errors(account):
    graph = account(STALE)
    with pytest.raises(IntroductionError, match=r"^unknown stakeholder 'tes'; did you mean 'tess'\?$") as caught:
        introduction_paths(graph, "tes")
    assert isinstance(caught.value, ValueError)
    with pytest.raises(ValueError, match=r"^unknown stakeholder 'ann'"):
        introduction_paths(graph, "ann")  # a member of our team is not a target
    with pytest.raises(ValueError, match=r"^stakeholder 'gone' \(Gone\) has left"):
        introduction_paths(graph, "gone")
    with pytest.raises(ValueError, match=r"^unknown team member 'bobb'; did you mean 'bob'\?$"):
        introduction_paths(graph, "tess", source="bobb")
    with pytest.raises(ValueError, match="k must be at least 1"):
        introduction_paths(graph, "tess", k=0)


def test_source_limits_the_routes_to_one_member(account):
    result = introduction_paths(account(STALE), "tess", source="ann")
    assert paths(result) == [("ann", "xavier", "tess")]


# rex is intimate with ann and kin of tess (0.95 x 0.95 = 0.9025), but he is the rival of the
# only decision maker: the route must go bob -> mia -> tess = 0.65 x (0.9 x 0.5) = 0.2925.
RIVAL_OF_THE_TOP = """\
stakeholders:
  - {id: boss, name: Boss, roles: [decision_maker]}
  - {id: rex, name: Rex, stance: neutral}
  - {id: mia, name: Mia, stance: neutral}
  - {id: tess, name: Tess, stance: neutral}
relations:
  - {source: boss, target: rex, type: rival, weight: 0.9}
  - {source: rex, target: tess, type: kin, weight: 1.0}
  - {source: mia, target: tess, type: friend, weight: 0.5}
contacts:
  - {member: ann, stakeholder: rex, strength: intimate, last_contact: 2026-11-10}
  - {member: bob, stakeholder: mia, strength: ordinary, last_contact: 2026-11-10}
"""


def test_a_rival_of_the_top_decision_maker_is_never_an_intermediary(account):
    graph = account(RIVAL_OF_THE_TOP)
    result = introduction_paths(graph, "tess", k=3, distinct_introducers=False)
    assert paths(result) == [("bob", "mia", "tess")]
    assert warmths(result) == pytest.approx([0.65 * 0.45])
    [rex] = result.excluded
    assert (rex.id, rex.effect, rex.factor) == ("rex", "excluded", 0.0)
    # the top leader's rival is on the avoid list: never an intermediary
    assert rex.reasons == ("Rex is on the avoid list (rival of the top leader Boss): being seen with them costs us",)
    only_ann = introduction_paths(graph, "tess", source="ann")
    assert only_ann.routes == ()
    assert only_ann.reasons == ("no introduction route from Ann to Tess that we would use: every chain of ties passes "
                                "through someone who would not introduce us",)


def test_the_rival_of_the_top_decision_maker_can_still_be_a_target_with_a_warning(account):
    result = introduction_paths(account(RIVAL_OF_THE_TOP), "rex", k=1)
    assert paths(result) == [("ann", "rex")]
    assert result.reasons == ("Rex is on the avoid list (rival of the top leader Boss): being seen with them costs us",)


def test_a_rivalry_is_never_a_step_even_beside_a_positive_tie(account):
    # ann -> kim -> lee -> tess would be 0.85 x 0.8 x 0.9 = 0.612, but kim and lee are also
    # rivals; the route left is bob -> nia -> tess = 0.45 x 0.9 = 0.405.
    graph = account("""\
        stakeholders:
          - {id: kim, name: Kim, stance: neutral}
          - {id: lee, name: Lee, stance: neutral}
          - {id: nia, name: Nia, stance: neutral}
          - {id: tess, name: Tess, stance: neutral}
        relations:
          - {source: kim, target: lee, type: ally, weight: 1.0}
          - {source: kim, target: lee, type: rival, weight: 0.3}
          - {source: lee, target: tess, type: friend, weight: 1.0}
          - {source: nia, target: tess, type: friend, weight: 1.0}
        contacts:
          - {member: ann, stakeholder: kim, strength: close, last_contact: 2026-11-10}
          - {member: bob, stakeholder: nia, strength: colleague, last_contact: 2026-11-10}
        """)
    result = introduction_paths(graph, "tess", k=5, distinct_introducers=False)
    assert paths(result) == [("bob", "nia", "tess")]
    assert warmths(result) == pytest.approx([0.405])


def test_a_rival_of_the_target_is_never_an_intermediary(account):
    # zed would give ann -> zed -> uma -> tess; zed is tess's rival, so only cat's stranger contact is left.
    graph = account("""\
        stakeholders:
          - {id: zed, name: Zed, stance: neutral}
          - {id: uma, name: Uma, stance: neutral}
          - {id: tess, name: Tess, stance: neutral}
        relations:
          - {source: zed, target: tess, type: rival, weight: 0.5}
          - {source: zed, target: uma, type: friend, weight: 1.0}
          - {source: uma, target: tess, type: alumni, weight: 1.0}
        contacts:
          - {member: ann, stakeholder: zed, strength: intimate, last_contact: 2026-11-10}
          - {member: cat, stakeholder: tess, strength: stranger, last_contact: 2026-11-10}
        """)
    result = introduction_paths(graph, "tess", k=3, distinct_introducers=False)
    assert paths(result) == [("cat", "tess")]
    assert warmths(result) == pytest.approx([0.25])
    assert [(item.id, item.reasons) for item in result.excluded] == [
        ("zed", ("Zed is a rival of Tess: we would arrive as their rival's guest",))
    ]


# olga (opponent) would give ann -> olga -> tess = 0.85 x 0.9 = 0.765, sab (a saboteur) cat ->
# sab -> tess; neither would open a door for us: only bob -> ned -> tess = 0.65 x (0.9 x 0.8).
OPPONENT = """\
stakeholders:
  - {id: olga, name: Olga, stance: opponent}
  - {id: ned, name: Ned, stance: neutral}
  - {id: sab, name: Sab, roles: [saboteur], stance: neutral}
  - {id: tess, name: Tess, stance: neutral}
relations:
  - {source: olga, target: tess, type: friend, weight: 1.0}
  - {source: ned, target: tess, type: friend, weight: 0.8}
  - {source: sab, target: tess, type: ally, weight: 0.5}
contacts:
  - {member: ann, stakeholder: olga, strength: close, last_contact: 2026-11-10}
  - {member: bob, stakeholder: ned, strength: ordinary, last_contact: 2026-11-10}
  - {member: cat, stakeholder: sab, strength: intimate, last_contact: 2026-11-10}
"""


def test_an_opponent_or_saboteur_is_never_an_intermediary_and_the_answer_says_why(account):
    # changed with the rule "introductions go through people who would make them": an opponent's
    # route used to count half, now it is not offered at all
    result = introduction_paths(account(OPPONENT), "tess", k=3)
    assert paths(result) == [("bob", "ned", "tess")]
    assert warmths(result) == pytest.approx([0.468])
    assert [(item.id, item.effect, item.reasons) for item in result.excluded] == [
        ("olga", "excluded", ("Olga is an opponent: would not open a door for us",)),
        ("sab", "excluded", ("Sab is a saboteur: would not open a door for us",)),
    ]


# Priya and Maya both know Dan (kin of the target); Carl knows Vic, who influences the target.
FALLBACK = """\
stakeholders:
  - {id: dan, name: Dan, stance: neutral}
  - {id: vic, name: Vic, stance: neutral}
  - {id: wes, name: Wes, stance: neutral}
  - {id: tess, name: Tess, reports_to: wes}
relations:
  - {source: dan, target: tess, type: kin, weight: 1.0}
  - {source: vic, target: tess, type: influences, weight: 0.7}
contacts:
  - {member: ann, stakeholder: dan, strength: intimate, last_contact: 2026-11-10}
  - {member: bob, stakeholder: dan, strength: close, last_contact: 2026-11-10}
  - {member: cat, stakeholder: vic, strength: ordinary, last_contact: 2026-11-10}
  - {member: cat, stakeholder: wes, strength: ordinary, last_contact: 2026-11-10}
"""


def test_k_two_gives_the_two_warmest_in_order(account):
    plain = introduction_paths(account(FALLBACK), "tess", k=2, distinct_introducers=False)
    assert paths(plain) == [("ann", "dan", "tess"), ("bob", "dan", "tess")]
    assert warmths(plain) == pytest.approx([0.95 * 0.95, 0.85 * 0.95])


def test_by_default_each_route_has_its_own_introducer(account):
    result = introduction_paths(account(FALLBACK), "tess", k=3)
    # vic influences tess: 0.85 x 0.7; wes is tess's boss: 0.9 x 0.5 (formal line).
    assert paths(result) == [("ann", "dan", "tess"), ("cat", "vic", "tess"), ("cat", "wes", "tess")]
    assert warmths(result) == pytest.approx([0.9025, 0.65 * 0.595, 0.65 * 0.45])
    assert [route.introducer for route in result.routes] == ["dan", "vic", "wes"]
    assert result.routes[2].steps[1].how == "boss of (0.5)"
    assert "Tess reports to Wes" in result.routes[2].reasons


def test_a_directed_tie_counts_less_against_its_direction(account):
    # tess influences vic: vic asking tess is 0.6 x 0.7, not 0.85 x 0.7.
    graph = account("""\
        stakeholders:
          - {id: vic, name: Vic, stance: neutral}
          - {id: tess, name: Tess, stance: neutral}
        relations:
          - {source: tess, target: vic, type: influences, weight: 0.7}
        contacts:
          - {member: ann, stakeholder: vic, strength: intimate, last_contact: 2026-11-10}
        """)
    route = introduction_paths(graph, "tess").routes[0]
    assert route.steps[1].how == "influenced by (0.7)"
    assert route.warmth == pytest.approx(0.95 * 0.42)
    assert route.reasons[1] == "Tess influences Vic"


@pytest.mark.parametrize("order, how, reason", [
    ("advises first", "advises (0.6)", "Vic advises Tess"),
    ("influences first", "advises (0.6)", "Vic advises Tess"),  # vic's own tie before tess's
])
def test_of_two_equally_good_channels_the_intermediarys_own_tie_is_the_step(account, order, how, reason):
    # vic advises tess at 0.6: 0.85 x 0.6 = 0.51; tess influences vic at 0.85, asked against
    # its direction: 0.6 x 0.85 = 0.51. The step names vic's own tie, whichever the file lists first.
    ties = ["  - {source: vic, target: tess, type: advises, weight: 0.6}",
            "  - {source: tess, target: vic, type: influences, weight: 0.85}"]
    if order == "influences first":
        ties.reverse()
    graph = account("stakeholders:\n  - {id: vic, name: Vic, stance: neutral}\n  - {id: tess, name: Tess, stance: neutral}\nrelations:\n"
                    + "\n".join(ties)
                    + "\ncontacts:\n  - {member: ann, stakeholder: vic, strength: intimate, last_contact: 2026-11-10}\n")
    route = introduction_paths(graph, "tess").routes[0]
    assert route.steps[1].how == how
    assert route.steps[1].chance == pytest.approx(0.51)
    assert route.reasons[1] == reason


def test_of_two_equally_good_ties_of_one_person_the_first_in_the_file_is_the_step(account):
    # vic and tess are friends at 0.95 (0.9 x 0.95) and kin at 0.9 (0.95 x 0.9): both 0.855.
    graph = account("""\
        stakeholders:
          - {id: vic, name: Vic, stance: neutral}
          - {id: tess, name: Tess, stance: neutral}
        relations:
          - {source: vic, target: tess, type: friend, weight: 0.95}
          - {source: vic, target: tess, type: kin, weight: 0.9}
        contacts:
          - {member: ann, stakeholder: vic, strength: intimate, last_contact: 2026-11-10}
        """)
    route = introduction_paths(graph, "tess").routes[0]
    assert route.steps[1].how == "friend (0.95)"
    assert route.reasons[1] == "Vic and Tess are friends"


def test_equal_warmth_is_broken_by_file_order(account):
    graph = account("""\
        stakeholders:
          - {id: pam, name: Pam, stance: neutral}
          - {id: quin, name: Quin, stance: neutral}
          - {id: tess, name: Tess, stance: neutral}
        relations:
          - {source: quin, target: tess, type: friend, weight: 0.5}
          - {source: pam, target: tess, type: friend, weight: 0.5}
        contacts:
          - {member: bob, stakeholder: quin, strength: close, last_contact: 2026-11-10}
          - {member: ann, stakeholder: pam, strength: close, last_contact: 2026-11-10}
        """)
    for distinct in (True, False):
        result = introduction_paths(graph, "tess", distinct_introducers=distinct)
        assert paths(result) == [("ann", "pam", "tess"), ("bob", "quin", "tess")]


def ranked(*ids):
    return KeyPersons(tuple(KeyPerson(id=p, name=p, rank=i, score=1 - i / 10, reasons=()) for i, p in enumerate(ids, 1)), (), None, None)


def test_cross_appointments_pair_the_target_with_key_persons_it_is_tied_to(account):
    graph = account("""\
        stakeholders:
          - {id: chief, name: Chief, roles: [decision_maker]}
          - {id: cfo, name: CFO, stance: neutral}
          - {id: dev, name: Dev, stance: neutral}
          - {id: foe, name: Foe, stance: neutral}
          - {id: tess, name: Tess, stance: neutral}
        relations:
          - {source: tess, target: chief, type: friend, weight: 0.8}
          - {source: tess, target: cfo, type: ally, weight: 0.6}
          - {source: tess, target: dev, type: alumni, weight: 0.5}
          - {source: tess, target: foe, type: ally, weight: 0.9}
          - {source: chief, target: foe, type: rival, weight: 0.9}
        contacts:
          - {member: ann, stakeholder: cfo, strength: close, last_contact: 2026-11-10}
          - {member: bob, stakeholder: chief, strength: stranger, last_contact: 2026-11-10}
        """)
    result = introduction_paths(graph, "tess", ranking=ranked("chief", "cfo", "foe", "tess"), top_keys=4)
    # dev is not a key person, foe is the chief's rival; we meet the CFO, the chief only weakly.
    assert [(item.a, item.b, item.kind) for item in result.cross_appointments] == [
        ("tess", "cfo", "already_met"), ("tess", "chief", "both_wanted")
    ]
    met, wanted = result.cross_appointments
    assert met.suggestion == "Tell Tess you are meeting CFO, and CFO you are meeting Tess."
    assert met.reasons == ("CFO and Tess are allies", "CFO is key person #2",
                           "we already meet CFO: Ann knows them (close, last met 2026-11-10)")
    assert wanted.reasons[-1] == "we still need to meet both: Bob knows Chief only weakly (stranger, last met 2026-11-10)"
    capped = introduction_paths(graph, "tess", ranking=ranked("chief", "cfo", "foe", "tess"), max_cross=1)
    assert len(capped.cross_appointments) == 1


def test_to_dict_uses_ids_and_rounds_to_four_places(account):
    data = introduction_paths(account(OPPONENT), "tess", k=2).to_dict()
    assert data["target"] == "tess" and data["as_of"] == "2026-11-15"
    assert data["routes"][0]["path"] == ["bob", "ned", "tess"]
    assert data["routes"][0]["warmth"] == 0.468
    assert data["routes"][0]["steps"][1] == {"from": "ned", "to": "tess", "kind": "friend", "how": "friend (0.8)", "chance": 0.72}
    assert data["excluded"][0] == {
        "id": "olga", "effect": "excluded", "factor": 0.0,
        "reasons": ["Olga is an opponent: would not open a door for us"],
    }


def snapshot(graph):
    return copy.deepcopy((dict(graph.graph), list(graph.nodes(data=True)), list(graph.edges(keys=True, data=True))))


@pytest.mark.parametrize("body, target", [(STALE, "tess"), (STALE, "ivy"), (RIVAL_OF_THE_TOP, "rex"), (OPPONENT, "tess")])
def test_the_input_graph_is_not_changed(account, body, target):
    graph = account(body)
    before = snapshot(graph)
    introduction_paths(graph, target, k=3)
    introduction_paths(graph, target, k=3, distinct_introducers=False)
    assert snapshot(graph) == before


# ---------------------------------------------------------------- the examples' expected routes


@pytest.fixture(scope="module")
def examples():
    names = ("kestrel-manufacturing", "riverside-hospital", "provincial-energy-group")
    return {name: build_graph(load(EXAMPLES / f"{name}.yaml")) for name in names}


def test_kestrel_reaches_harold_through_gordon_first_then_his_son(examples):
    # Gordon Hale already knows Harold (a stranger contact): a direct contact comes first
    result = introduction_paths(examples["kestrel-manufacturing"], "harold_kestrel")
    assert result.routes[0].path == ("gordon", "harold_kestrel")
    best = result.routes[1]
    assert best.path == ("priya", "daniel_kestrel", "harold_kestrel")
    assert best.warmth == pytest.approx(0.95 * 0.95)  # intimate contact, kin at 1.0
    assert [step.how for step in best.steps] == ["contact (intimate, 2026-11-12)", "kin (1.0)"]
    assert best.reasons == (
        "Priya Nair knows Daniel Kestrel (intimate, last met 2026-11-12)",
        "Daniel Kestrel and Harold Kestrel are family",
    )


def test_kestrel_reaches_the_cfo_through_eleanor(examples):
    best = introduction_paths(examples["kestrel-manufacturing"], "margaret_lin").routes[0]
    assert best.path == ("maya", "eleanor_voss", "margaret_lin")
    assert best.warmth == pytest.approx(0.85 * 0.9 * 0.7)


def test_kestrel_refuses_the_departed_champion(examples):
    with pytest.raises(IntroductionError, match="'owen_hartley' .* has left"):
        introduction_paths(examples["kestrel-manufacturing"], "owen_hartley")


def test_the_hospital_reaches_the_new_cfo_through_moss(examples):
    result = introduction_paths(examples["riverside-hospital"], "reyes", k=3)
    best = result.routes[0]
    assert best.path == ("tom", "moss", "reyes")
    assert best.warmth == pytest.approx(0.85 * 0.85 * 0.8)  # close contact; moss advises reyes at 0.8
    stale = next(route for route in result.routes if route.path == ("grace", "norris", "reyes"))
    assert stale.steps[0].how == "contact (close, 2026-08-01, stale)"
    assert stale.warmth < best.warmth


def test_the_hospital_reaches_menon_through_chen(examples):
    best = introduction_paths(examples["riverside-hospital"], "menon").routes[0]
    assert best.path == ("priya", "chen", "menon")
    assert best.warmth == pytest.approx(0.85 * 0.9 * 0.8)


def test_the_energy_group_reaches_qian_through_his_alumnus_never_his_rival(examples):
    graph = examples["provincial-energy-group"]
    result = introduction_paths(graph, "qian-zgs", k=3)
    best = result.routes[0]
    assert best.path == ("sun-ss", "lv-sjy", "qian-zgs")
    assert best.warmth == pytest.approx(0.85 * 0.75 * 0.9)  # close contact; alumni at 0.9
    via_wang = next(route for route in result.routes if route.path == ("chen-km", "wang-fz", "qian-zgs"))
    assert all(a > b for a, b in zip((step.chance for step in best.steps), (step.chance for step in via_wang.steps)))
    many = introduction_paths(graph, "qian-zgs", k=25, distinct_introducers=False)
    assert len(many.routes) == 25 and all("zhao-xxzx" not in route.path for route in many.routes)
    excluded = {item.id: item for item in result.excluded}
    assert excluded["zhao-xxzx"].reasons == ("赵立新 is a rival of 钱伯涛: we would arrive as their rival's guest",)


def test_the_energy_group_keeps_the_chairmans_rival_out(examples):
    graph = examples["provincial-energy-group"]
    result = introduction_paths(graph, "cao-flb", k=25, distinct_introducers=False)
    assert result.routes and all("feng-fdsz" not in route.path for route in result.routes)
    excluded = {item.id: item for item in result.excluded}
    assert excluded["feng-fdsz"].reasons == (
        "冯立群 is on the avoid list (rival of the top leader 张国栋 (党委书记、董事长)): being seen with them costs us",)


def test_best_channel_by_hand(account):
    """x influences y (0.8), y and x are friends (0.5), x reports to z. x -> y: x sways y,
    0.85 x 0.8 = 0.68 (the friendship, 0.9 x 0.5 = 0.45, is weaker); y -> x: the influence
    from the one swayed, 0.6 x 0.8 = 0.48, beats the friendship (0.45) although it is stored
    the other way; x -> z: to the boss, 0.7 x 0.5 = 0.35; z -> x: the boss sways, 0.9 x 0.5 = 0.45.
    The walk's chances (channel_chances) are the same numbers."""
    import numpy as np

    from powermap.analysis.warmth import BestChannels, best_channel, channel_chances

    graph = account("""\
        stakeholders:
          - {id: x, name: X, reports_to: z}
          - {id: y, name: Y}
          - {id: z, name: Z}
          - {id: w, name: W}
        relations:
          - {source: x, target: y, type: influences, weight: 0.8}
          - {source: y, target: x, type: friend, weight: 0.5}
        """)
    found = {pair: best_channel(graph, *pair) for pair in [("x", "y"), ("y", "x"), ("x", "z"), ("z", "x"), ("x", "w")]}
    assert [(c.kind, c.forward, c.weight) if c else None for c in found.values()] == [
        ("influences", True, 0.8), ("influences", False, 0.8), ("reports_to", False, 0.5), ("reports_to", True, 0.5), None]
    assert [c.chance if c else 0.0 for c in found.values()] == pytest.approx([0.68, 0.48, 0.35, 0.45, 0.0], abs=1e-15)
    index = {"x": 0, "y": 1, "z": 2, "w": 3}
    chances = channel_chances(graph, index, [index[a] for a, _ in found], [index[b] for _, b in found])
    assert chances.tolist() == [c.chance if c else 0.0 for c in found.values()]
    assert isinstance(chances, np.ndarray)
    channels = BestChannels(graph)
    assert channels.get(("y", "x")) == found["y", "x"] and channels.get(("x", "w")) is None
