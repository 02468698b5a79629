"""One suite, every backend: the same accounts pushed, pulled and analysed give the same answers.

Each test runs on the memory backend (NetworkX, the reference) and on the Neo4j backend
against two Bolt + Cypher servers: a real Neo4j (the one POWERMAP_NEO4J_URI names, else Neo4j
Community started by the session) and the ArcadeDB test server, the stand-in the queries were
first written on, so they stay portable. Accounts get a ``pmtest-`` id so a real database's
own accounts are never touched. The expected answers are always computed from the file with
NetworkX: the report of the file, the graph of ``build_graph``, the functions of
``powermap.backends.reference``.
"""

from __future__ import annotations

import datetime as dt

import pytest

from powermap.analysis.coverage import coverage_gaps
from powermap.analysis.graph import build_graph
from powermap.analysis.key_persons import key_persons
from powermap.analysis.reach import reach_by_person
from powermap.backends import AccountNotFound, connect, reference
from powermap.loaders import load
from powermap.model import AccountMap
from powermap.report import analyze
from powermap.writers import account_document

from conftest import EXAMPLES, Neo4jTarget

EXAMPLE_PATHS = sorted(EXAMPLES.glob("*.yaml")) + [EXAMPLES / "kestrel-manufacturing"]
PREFIX = "pmtest-"


def example_id(path) -> str:
    return PREFIX + path.stem + ("-csv" if path.is_dir() else "")


def renamed(account: AccountMap, account_id: str) -> AccountMap:
    """The same account under another id (a test id, so real accounts are never touched)."""
    document = account_document(account)
    document["account"] = {**document["account"], "id": account_id}
    return AccountMap.model_validate(document)


EXAMPLE_ACCOUNTS = {example_id(path): renamed(load(path), example_id(path)) for path in EXAMPLE_PATHS}
AS_OF = dt.date(2026, 11, 15)


@pytest.fixture(scope="module", params=["memory", pytest.param("neo4j", marks=pytest.mark.neo4j),
                                        pytest.param("arcadedb", marks=pytest.mark.neo4j)])
def backend(request):
    if request.param == "memory":
        store = connect("memory")
    elif request.param == "neo4j":
        store = request.getfixturevalue("neo4j_target").connect()
    else:
        store = Neo4jTarget.of(request.getfixturevalue("arcadedb_server")).connect()
    with store:
        yield store


@pytest.fixture(scope="module")
def pushed(backend):
    """Every example pushed once into the backend: test id -> the account from the file."""
    for account in EXAMPLE_ACCOUNTS.values():
        backend.push(account)
    yield EXAMPLE_ACCOUNTS
    for account_id in EXAMPLE_ACCOUNTS:
        backend.delete(account_id)


examples = pytest.mark.parametrize("account_id", list(EXAMPLE_ACCOUNTS))


def _graph(account_id):
    return build_graph(EXAMPLE_ACCOUNTS[account_id])


def _key_ids(account_id) -> list[str]:
    return [person.id for person in key_persons(_graph(account_id)).ranked]


# -- storing and reading back ----------------------------------------------------------------
@examples
def test_pull_gives_back_an_equal_account(backend, pushed, account_id):
    assert backend.account(account_id) == pushed[account_id]


@examples
def test_the_report_of_a_pulled_account_is_the_report_of_the_file(backend, pushed, account_id):
    assert analyze(backend.account(account_id)).to_dict() == analyze(pushed[account_id]).to_dict()


@examples
def test_the_backend_graph_is_the_reference_graph(backend, pushed, account_id):
    expected, found = _graph(account_id), backend.graph(account_id)
    assert list(found.nodes(data=True)) == list(expected.nodes(data=True))
    assert list(found.edges(keys=True, data=True)) == list(expected.edges(keys=True, data=True))


@examples
def test_pushing_an_unchanged_account_writes_nothing(backend, pushed, account_id):
    result = backend.push(pushed[account_id])
    assert not result.changed
    assert (result.nodes_written, result.nodes_deleted, result.relationships_created, result.relationships_deleted) == (0, 0, 0, 0)
    assert backend.account(account_id) == pushed[account_id]


def _edited(account: AccountMap, account_id: str) -> AccountMap:
    """Kestrel with one of every kind of change: people gone and new, ties changed, a
    contact dropped, a department moved, a faction's leader gone, fields added and removed."""
    document = account_document(account)
    document["account"] = {**document["account"], "id": account_id, "notes": "edited", "competitors": ["Northwind Systems"]}
    people = document["stakeholders"]
    gone = people[-1]["id"]
    document["stakeholders"] = [dict(person) for person in people[:-1]]
    first = document["stakeholders"][1]
    first.pop("notes", None)
    first["title"] = "Acting " + first.get("title", "head")
    first["power"] = {"knowledge": 1}
    first["roles"] = ["user"]
    first.pop("close_to_competitor", None)
    for person in document["stakeholders"]:
        if person.get("close_to_competitor") not in (None, "Northwind Systems"):
            person.pop("close_to_competitor")
        if person.get("reports_to") == gone:
            person.pop("reports_to")
    document["stakeholders"].append({"id": "new_person", "name": "New Person", "department": document["departments"][0]["id"],
                                     "reports_to": document["stakeholders"][0]["id"], "stance": "supporter"})
    document["relations"] = [dict(r) for r in document.get("relations", []) if gone not in (r["source"], r["target"])]
    document["relations"][0]["weight"] = 0.123
    document["relations"].pop(1)
    document["relations"].append({"source": "new_person", "target": document["stakeholders"][0]["id"], "type": "friend"})
    document["contacts"] = [dict(c) for c in document.get("contacts", []) if c["stakeholder"] != gone][1:]
    document["contacts"].append({"member": document["team"][0]["id"], "stakeholder": "new_person", "strength": "close",
                                 "last_contact": "2026-11-01"})
    departments = document["departments"]
    departments[-1] = {**departments[-1], "parent": departments[1]["id"]}
    document["factions"] = [{key: value for key, value in faction.items() if key != "leader"} for faction in document.get("factions", [])]
    return AccountMap.model_validate(document)


def test_pushing_a_changed_account_updates_it_and_removes_what_is_gone(backend):
    original = renamed(load(EXAMPLES / "kestrel-manufacturing.yaml"), PREFIX + "edited")
    edited = _edited(original, original.account.id)
    try:
        backend.push(original)
        result = backend.push(edited)
        assert result.changed and result.nodes_deleted == 1 and result.relationships_deleted > 0
        assert backend.account(edited.account.id) == edited
        assert analyze(backend.account(edited.account.id)).to_dict() == analyze(edited).to_dict()
        summary = {s.id: s for s in backend.accounts()}[edited.account.id]
        assert (summary.stakeholders, summary.team) == (len(edited.stakeholders), len(edited.team))
        back = backend.push(original)  # and back again: nothing of the edit is left
        assert back.changed and backend.account(original.account.id) == original
        assert not backend.push(original).changed
    finally:
        backend.delete(original.account.id)


def test_accounts_with_the_same_people_share_a_database_without_mixing(backend):
    source = load(EXAMPLES / "riverside-hospital.yaml")
    first, second = renamed(source, PREFIX + "first"), renamed(source, PREFIX + "second")
    try:
        backend.push(first)
        backend.push(second)
        assert backend.account(first.account.id) == first
        assert backend.delete(second.account.id) > 0
        assert backend.account(first.account.id) == first
        with pytest.raises(AccountNotFound):
            backend.account(second.account.id)
    finally:
        backend.delete(first.account.id)


def test_list_names_every_account_with_its_counts(backend, pushed):
    found = {summary.id: summary for summary in backend.accounts()}
    for account_id, account in pushed.items():
        summary = found[account_id]
        assert (summary.name, summary.stakeholders, summary.team) == (account.account.name, len(account.stakeholders), len(account.team))
        assert summary.stage == (None if account.account.stage is None else account.account.stage.value)


def test_an_unknown_account_is_an_error_that_names_it(backend):
    with pytest.raises(AccountNotFound, match="no account 'pmtest-nobody'"):
        backend.account(PREFIX + "nobody")
    with pytest.raises(AccountNotFound, match="no account 'pmtest-nobody'"):
        backend.delete(PREFIX + "nobody")


# -- native analyses: each the same as its NetworkX reference ------------------------------
@examples
def test_reporting_chain_of_everyone(backend, pushed, account_id):
    people = [person.id for person in pushed[account_id].stakeholders]
    expected = [reference.reporting_chain(_graph(account_id), person) for person in people]
    assert [backend.reporting_chain(account_id, person) for person in people] == expected
    assert [tuple(m.id for m in chain) for chain in expected] == [pushed[account_id].managers(p) for p in people]


@examples
def test_unreached_departments_and_key_role_holders(backend, pushed, account_id):
    graph = _graph(account_id)
    assert backend.unreached_departments(account_id) == reference.unreached_departments(graph)
    assert backend.unreached_key_role_holders(account_id) == reference.unreached_key_role_holders(graph)
    assert backend.unreached_key_role_holders(account_id, ["funder"]) == reference.unreached_key_role_holders(graph, ["funder"])


@examples
def test_single_threaded_key_people(backend, pushed, account_id):
    everyone = [person.id for person in pushed[account_id].stakeholders]
    for people in (_key_ids(account_id)[:5], _key_ids(account_id), everyone, []):
        assert backend.single_threaded(account_id, people) == reference.single_threaded(_graph(account_id), people)


@examples
@pytest.mark.parametrize("stale_days", [0, 30, 90, 365])
def test_stale_contacts(backend, pushed, account_id, stale_days):
    as_of = pushed[account_id].account.as_of or AS_OF
    assert backend.stale_contacts(account_id, as_of, stale_days) == reference.stale_contacts(_graph(account_id), as_of, stale_days)


@examples
def test_unknown_stance_of_key_people(backend, pushed, account_id):
    everyone = [person.id for person in pushed[account_id].stakeholders]
    for people in (_key_ids(account_id)[:5], everyone, []):
        assert backend.unknown_stance(account_id, people) == reference.unknown_stance(_graph(account_id), people)


@examples
def test_introduction_candidates_to_everyone(backend, pushed, account_id):
    graph = _graph(account_id)
    avoided = _key_ids(account_id)[:3]
    for person in pushed[account_id].stakeholders:
        for avoid in ([], avoided):
            found = backend.introduction_candidates(account_id, person.id, avoid)
            assert found == reference.introduction_candidates(graph, person.id, avoid), (person.id, avoid)


# -- the references agree with the analyses they stand for ---------------------------------
@pytest.mark.parametrize("account_id", list(EXAMPLE_ACCOUNTS))
def test_the_references_agree_with_coverage_gaps(account_id):
    graph = _graph(account_id)
    key = key_persons(graph)
    as_of = graph.graph["account"].as_of or AS_OF
    gaps = coverage_gaps(graph, key=key, as_of=as_of)
    top = [person.id for person in key.key]  # the key persons the gaps are about
    unreached = {gap.subject for gap in gaps if gap.kind == "department" and gap.message.startswith("nobody")}
    assert unreached == {department.id for department in reference.unreached_departments(graph)}
    threaded = {gap.subject for gap in gaps if gap.kind == "single_threaded" and gap.subject in top}
    assert threaded == {thread.id for thread in reference.single_threaded(graph, top)}
    unknown = {gap.subject for gap in gaps if gap.kind == "unknown_stance" and gap.subject in top}
    assert unknown == set(reference.unknown_stance(graph, top))
    stale = {gap.subject for gap in gaps if gap.kind == "stale_contact" and gap.subject in top}
    reach = reach_by_person(graph, as_of=as_of)
    reached = {person for person, seen in reach.items() if seen.reached}
    weak = {person for person, seen in reach.items() if seen.weak}  # their key-person gap says "long ago" too
    assert stale == ({item.id for item in reference.stale_contacts(graph, as_of, 90)} & set(top) & reached) - weak
