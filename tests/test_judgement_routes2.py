"""Sales judgement on introduction routes when stances are missing, on cross-appointments and
on the map's key-person badges: one small account per principle, each with the answer a
key-account director gives at a glance, checked exactly through the command line.

- People whose stance is unknown may introduce us, but only after every route through known
  supporters and neutral people, and every such route says to check where they stand first.
  Skeptics, opponents, the top decision maker above his own staff, rivals of the target and the
  avoid list stay out.
- A cross-appointment tells A we are meeting B: never with someone against us, on the avoid list,
  or the other's rival; its reasons in words.
- The map's "KP n" badges go to the key persons the report names, however many.
"""

from __future__ import annotations

import json

import pytest

from powermap.analysis.paths import introduction_paths
from powermap.analysis.graph import build_graph
from powermap.loaders import load

from conftest import account_file, report_json as report, path_lines, recommendation

# --- routes through people whose stance is unknown, last and flagged ----------------------------
# Nobody on our team knows the CEO Bob. Tom is close to Anna, Bob's niece, whose stance toward
# us nobody has recorded, and to Sam, a skeptic and Bob's friend. A director asks Anna (after
# finding out where she stands), never the skeptic.
HARBOR = """\
account: {id: harbor, name: Harbor Logistics, stage: proposal, culture: centralized, as_of: 2026-11-15}
team:
  - {id: tom, name: Tom Weber}
stakeholders:
  - {id: bob, name: Bob Lang, title: CEO, roles: [decision_maker, funder], stance: supporter,
     power: {position: 3, allocation: 3}}
  - {id: anna, name: Anna Berg, title: IT Manager, reports_to: bob}
  - {id: sam, name: Sam Roth, title: Operations Manager, reports_to: bob, stance: skeptic}
relations:
  - {source: anna, target: bob, type: kin, weight: 1.0}
  - {source: sam, target: bob, type: friend, weight: 1.0}
contacts:
  - {member: tom, stakeholder: anna, strength: intimate, last_contact: 2026-11-10}
  - {member: tom, stakeholder: sam, strength: close, last_contact: 2026-11-10}
"""

# The same account, where Liz also knows Carl, a supporter and Bob's friend: a cooler route
# (0.65 x 0.45 = 0.29 against Anna's 0.95 x 0.95 = 0.90), but through someone we know is with us,
# so it comes first and the recommendation takes it.
HARBOR_WITH_SUPPORTER = HARBOR.replace(
    "  - {id: tom, name: Tom Weber}\n",
    "  - {id: tom, name: Tom Weber}\n  - {id: liz, name: Liz Park}\n",
).replace(
    "  - {id: sam, name: Sam Roth,",
    "  - {id: carl, name: Carl Diaz, title: Finance Manager, reports_to: bob, stance: supporter}\n"
    "  - {id: sam, name: Sam Roth,",
).replace(
    "  - {source: sam, target: bob, type: friend, weight: 1.0}\n",
    "  - {source: sam, target: bob, type: friend, weight: 1.0}\n"
    "  - {source: carl, target: bob, type: friend, weight: 0.5}\n",
) + "  - {member: liz, stakeholder: carl, strength: ordinary, last_contact: 2026-11-10}\n"








@pytest.mark.parametrize("engine", ["networkx", "igraph"])
def test_when_only_unknown_stances_lead_there_the_route_is_given_and_flagged(run, tmp_path, engine):
    path = account_file(tmp_path, HARBOR, "harbor.yaml")
    assert path_lines(run, path, "bob", "--engine", engine) == [
        "Routes to Bob Lang, as of 2026-11-15:",
        "  1. warm route, stance to check first: Tom Weber -> Anna Berg -> Bob Lang",
        "       - Tom Weber knows Anna Berg (intimate, last met 2026-11-10)",
        "       - Anna Berg's stance toward us is unknown: check before asking them",
        "       - Anna Berg and Bob Lang are family",
        "Kept out (would not introduce us):",
        "  Sam Roth: Sam Roth is a skeptic: we cannot count on them to introduce us",
        "Cross-appointments:",
        "  Tell Bob Lang you are meeting Anna Berg, and Anna Berg you are meeting Bob Lang.",
        "  Tell Bob Lang you are meeting Sam Roth, and Sam Roth you are meeting Bob Lang.",
    ]
    data = json.loads(run("path", path, "--to", "bob", "-f", "json", "--engine", engine).stdout)
    assert [(route["path"], route["unknown_stance"]) for route in data["routes"]] == [(["tom", "anna", "bob"], ["anna"])]
    assert data["routes"][0]["warmth"] == 0.9025  # 0.95 (intimate) x 0.95 (kin 1.0)

    actions = {item["target"]: item for item in report(run, path, "--engine", engine)["recommendations"]}
    assert actions["bob"]["action"] == (
        "Meet Bob Lang (CEO) through Tom Weber → Anna Berg (check first where Anna Berg stands)")
    assert actions["bob"]["why"].endswith(
        "Tom Weber knows Anna Berg (intimate, last met 2026-11-10); "
        "Anna Berg's stance toward us is unknown: check before asking them; Anna Berg and Bob Lang are family")
    said = recommendation(path, "bob")
    assert said.action.text("zh") == "结识Bob Lang（CEO），经Tom Weber → Anna Berg引荐（先摸清Anna Berg的立场）"
    assert said.reasons[-2].text("zh") == "Anna Berg对我方的态度不明：请其引荐前先摸清其立场"


@pytest.mark.parametrize("engine", ["networkx", "igraph"])
def test_a_supporter_route_comes_before_a_warmer_route_through_an_unknown_stance(run, tmp_path, engine):
    path = account_file(tmp_path, HARBOR_WITH_SUPPORTER, "harbor.yaml")
    assert path_lines(run, path, "bob", "--engine", engine)[:9] == [
        "Routes to Bob Lang, as of 2026-11-15:",
        "  1. lukewarm route: Liz Park -> Carl Diaz -> Bob Lang",
        "       - Liz Park knows Carl Diaz (ordinary, last met 2026-11-10)",
        "       - Carl Diaz and Bob Lang are friends",
        "  2. warm route, stance to check first: Tom Weber -> Anna Berg -> Bob Lang",
        "       - Tom Weber knows Anna Berg (intimate, last met 2026-11-10)",
        "       - Anna Berg's stance toward us is unknown: check before asking them",
        "       - Anna Berg and Bob Lang are family",
        "Kept out (would not introduce us):",
    ]
    data = json.loads(run("path", path, "--to", "bob", "-f", "json", "--engine", engine).stdout)
    assert [(route["path"], route["unknown_stance"]) for route in data["routes"]] == [
        (["liz", "carl", "bob"], []), (["tom", "anna", "bob"], ["anna"])]
    actions = {item["target"]: item for item in report(run, path, "--engine", engine)["recommendations"]}
    assert actions["bob"]["action"] == "Meet Bob Lang (CEO) through Liz Park → Carl Diaz"
    assert "unknown: check before asking" not in actions["bob"]["why"]


def test_the_fewest_unknown_stances_come_first_then_the_warmest(tmp_path):
    # Two chains to Bob through people nobody has asked: Tom -> Anna -> Bob asks one of them,
    # Liz -> Dan -> Eve -> Bob asks two and is warmer (0.95 x 0.95 x 0.95 against 0.25 x 0.95).
    account = HARBOR.replace(
        "  - {member: tom, stakeholder: anna, strength: intimate, last_contact: 2026-11-10}\n",
        "  - {member: tom, stakeholder: anna, strength: stranger, last_contact: 2026-11-10}\n"
        "  - {member: liz, stakeholder: dan, strength: intimate, last_contact: 2026-11-10}\n",
    ).replace(
        "  - {id: tom, name: Tom Weber}\n", "  - {id: tom, name: Tom Weber}\n  - {id: liz, name: Liz Park}\n",
    ).replace(
        "  - {id: sam, name: Sam Roth,",
        "  - {id: dan, name: Dan Moss, title: Engineer}\n  - {id: eve, name: Eve Lang, title: Assistant}\n"
        "  - {id: sam, name: Sam Roth,",
    ).replace(
        "relations:\n",
        "relations:\n  - {source: dan, target: eve, type: kin, weight: 1.0}\n"
        "  - {source: eve, target: bob, type: kin, weight: 1.0}\n",
    )
    graph = build_graph(load(account_file(tmp_path, account, "harbor.yaml")))
    routes = introduction_paths(graph, "bob", k=3).routes
    assert [(route.path, route.unsure, round(route.warmth, 4)) for route in routes] == [
        (("tom", "anna", "bob"), ("anna",), 0.2375),
        (("liz", "dan", "eve", "bob"), ("dan", "eve"), 0.8574),
    ]
    assert routes[1].reasons == (
        "Liz Park knows Dan Moss (intimate, last met 2026-11-10)",
        "Dan Moss's stance toward us is unknown: check before asking them",
        "Dan Moss and Eve Lang are family",
        "Eve Lang's stance toward us is unknown: check before asking them",
        "Eve Lang and Bob Lang are family",
    )


# --- cross-appointments only where the other's name opens the door -------------------------------
# We want the CTO Ravi. Tied to him: the CFO Lena, whom Maya meets (the obvious cross-appointment);
# the lab head Mia, whom Joe knows only as a stranger; the procurement director Omar, his friend
# but against us; the vice-president Ken, his old schoolmate but the CEO's rival (on the avoid
# list); the operations director Ivo, his friend and his rival. Telling Ravi we are meeting Omar
# or Ken does not open his door, and Ivo's name closes it. The CEO is Ravi's boss: no
# cross-appointment through the top decision maker above him (as for routes).
PINECREST = """\
account: {id: pinecrest, name: Pinecrest Foods, stage: bidding, culture: centralized, as_of: 2026-11-15}
team:
  - {id: maya, name: Maya Ortiz}
  - {id: joe, name: Joe Hart}
stakeholders:
  - {id: ceo, name: Hana Cole, title: CEO, roles: [decision_maker, funder], stance: supporter,
     power: {position: 3, allocation: 3}}
  - {id: cto, name: Ravi Shah, title: CTO, reports_to: ceo, roles: [spec_setter], stance: neutral, power: {position: 2}}
  - {id: cfo, name: Lena Fox, title: CFO, reports_to: ceo, roles: [funder], stance: supporter, power: {position: 2}}
  - {id: buyer, name: Omar Reed, title: Procurement Director, reports_to: ceo, roles: [procurement, evaluator],
     stance: opponent, power: {position: 2}}
  - {id: vp, name: Ken Dahl, title: Vice President, reports_to: ceo, roles: [evaluator], stance: supporter,
     power: {position: 2}}
  - {id: ops, name: Ivo Park, title: Operations Director, reports_to: ceo, roles: [user, evaluator], stance: neutral,
     power: {position: 2}}
  - {id: lab, name: Mia Lund, title: Lab Head, reports_to: ceo, roles: [evaluator], stance: neutral, power: {position: 2}}
relations:
  - {source: cfo, target: cto, type: ally, weight: 0.8}
  - {source: buyer, target: cto, type: friend, weight: 1.0}
  - {source: vp, target: cto, type: alumni, weight: 1.0}
  - {source: vp, target: ceo, type: rival, weight: 0.9}
  - {source: ops, target: cto, type: friend, weight: 0.9}
  - {source: ops, target: cto, type: rival, weight: 0.6}
  - {source: lab, target: cto, type: advises, weight: 0.5}
contacts:
  - {member: maya, stakeholder: cfo, strength: close, last_contact: 2026-11-10}
  - {member: joe, stakeholder: lab, strength: stranger, last_contact: 2026-11-01}
  - {member: joe, stakeholder: ceo, strength: ordinary, last_contact: 2026-11-01}
"""


def test_cross_appointments_never_pair_with_an_opponent_the_avoid_list_or_a_rival(run, tmp_path):
    path = account_file(tmp_path, PINECREST, "pinecrest.yaml")
    lines = path_lines(run, path, "cto")
    assert lines[lines.index("Cross-appointments:"):] == [
        "Cross-appointments:",
        "  Tell Ravi Shah you are meeting Lena Fox, and Lena Fox you are meeting Ravi Shah.",
        "  Tell Ravi Shah you are meeting Mia Lund, and Mia Lund you are meeting Ravi Shah.",
    ]
    data = json.loads(run("path", path, "--to", "cto", "-f", "json").stdout)
    assert data["cross_appointments"] == [
        {"a": "cto", "b": "cfo", "kind": "already_met",
         "suggestion": "Tell Ravi Shah you are meeting Lena Fox, and Lena Fox you are meeting Ravi Shah.",
         "reasons": ["Lena Fox and Ravi Shah are allies", "Lena Fox is key person #7",
                     "we already meet Lena Fox: Maya Ortiz knows them (close, last met 2026-11-10)"]},
        {"a": "cto", "b": "lab", "kind": "both_wanted",
         "suggestion": "Tell Ravi Shah you are meeting Mia Lund, and Mia Lund you are meeting Ravi Shah.",
         "reasons": ["Mia Lund advises Ravi Shah", "Mia Lund is key person #5",
                     "we still need to meet both: Joe Hart knows Mia Lund only weakly (stranger, last met 2026-11-01)"]},
    ]
    # nobody against us, on the avoid list, or the other's rival, whichever side they are on
    for against in ("buyer", "vp", "ops"):
        found = json.loads(run("path", path, "--to", against, "-f", "json").stdout)["cross_appointments"]
        assert [(item["a"], item["b"]) for item in found if "cto" in (item["a"], item["b"])] == [], against
    assert json.loads(run("path", path, "--to", "buyer", "-f", "json").stdout)["cross_appointments"] == []
    assert json.loads(run("path", path, "--to", "vp", "-f", "json").stdout)["cross_appointments"] == []

    found = introduction_paths(build_graph(load(path)), "cto").cross_appointments
    assert found[0].suggestion.text("zh") == "告诉Ravi Shah我们在约见Lena Fox，也告诉Lena Fox我们在约见Ravi Shah。"
    assert [reason.text("zh") for reason in found[0].reasons] == [
        "Lena Fox与Ravi Shah是盟友", "Lena Fox是关键人第7位", "我方已在与Lena Fox来往：Maya Ortiz认识此人（亲密层，上次见面2026-11-10）"]
    assert found[1].reasons[-1].text("zh") == "两人都还需约见：Joe Hart与Mia Lund交情尚浅（陌生层，上次见面2026-11-01）"


def test_a_stale_contact_is_not_called_weak(tmp_path):
    # Maya is close to Lena but last met her in June: we do not "already meet" Lena, and the
    # reason says the contact is old, not weak.
    account = PINECREST.replace("{member: maya, stakeholder: cfo, strength: close, last_contact: 2026-11-10}",
                                "{member: maya, stakeholder: cfo, strength: close, last_contact: 2026-06-01}")
    found = introduction_paths(build_graph(load(account_file(tmp_path, account, "pinecrest.yaml"))), "cto")
    assert [(item.b, item.kind, item.reasons[-1]) for item in found.cross_appointments] == [
        ("cfo", "both_wanted",
         "we still need to meet both: Maya Ortiz has not met Lena Fox recently (close, last met 2026-06-01, 167 days ago)"),
        ("lab", "both_wanted",
         "we still need to meet both: Joe Hart knows Mia Lund only weakly (stranger, last met 2026-11-01)"),
    ]


# --- the map badges the key persons the report names -------------------------------------------
# The owner decides and pays; the plant manager runs everything below him; five clerks with no
# role or power are not key, though they rank 3rd (tied) of seven. The map used to badge the top
# five of the ranking ("KP 3" five times); now it badges the report's key persons.
ALDER = """\
account: {id: alder, name: Alder Mills, stage: entry, culture: centralized, as_of: 2026-11-15}
team:
  - {id: sue, name: Sue Kim}
stakeholders:
  - {id: owner, name: Paul Alder, title: Owner, roles: [decision_maker, funder], stance: neutral,
     power: {position: 3, allocation: 3}}
  - {id: mgr, name: Max Ito, title: Plant Manager, reports_to: owner, stance: neutral, power: {position: 2}}
  - {id: a, name: Ann Cho, title: Clerk, reports_to: mgr, stance: neutral}
  - {id: b, name: Bea Diaz, title: Clerk, reports_to: mgr, stance: neutral}
  - {id: c, name: Cal Eng, title: Clerk, reports_to: mgr, stance: neutral}
  - {id: d, name: Dov Fry, title: Clerk, reports_to: mgr, stance: neutral}
  - {id: e, name: Eli Gray, title: Clerk, reports_to: mgr, stance: neutral}
contacts:
  - {member: sue, stakeholder: mgr, strength: ordinary, last_contact: 2026-11-10}
"""


def key_badges(path) -> dict[str, str]:
    from powermap.render.map_model import build_map

    nodes = build_map(load(path)).data["nodes"]
    return {node["id"]: badge for node in nodes for badge in node["badges"] if badge.startswith("KP ")}


def test_the_map_badges_exactly_the_key_persons_of_the_report(run, tmp_path):
    path = account_file(tmp_path, ALDER, "alder.yaml")
    assert key_badges(path) == {"owner": "KP 1", "mgr": "KP 2"}
    people = report(run, path)["key_persons"]
    assert {person["id"]: f"KP {person['rank']}" for person in people if person["key"]} == key_badges(path)

    # At bidding the funder and every evaluator are key, whatever their rank: Lena, the CFO and a
    # funder, ranks 7th and is badged too (the top five only, before).
    path = account_file(tmp_path, PINECREST, "pinecrest.yaml")
    badges = key_badges(path)
    assert {"ceo", "cfo", "vp", "buyer", "ops", "lab"} <= set(badges) and badges["cfo"] == "KP 7"
    people = report(run, path)["key_persons"]
    assert {person["id"]: f"KP {person['rank']}" for person in people if person["key"]} == badges

