"""The Neo4j backend keeps accounts whole: odd ids, concurrent and interrupted pushes, Ctrl-C,
server counts, and addresses that never show a password.

The tests that talk to a server (marked ``neo4j``) use the session's ``neo4j_target`` (the
ArcadeDB test server, or a real Neo4j named by ``POWERMAP_NEO4J_*``) and accounts whose ids
start with ``pmtest-safety-``, deleted afterwards. Pushes that must really run at the same
time, be killed or be interrupted run ``python -m powermap`` in processes of their own, as a
user would; what they leave is judged by pulling the account and comparing it with the files
pushed (never with what the code under test computes).
"""

from __future__ import annotations

import os
import string
import subprocess
import sys

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from powermap.analysis.graph import build_graph
from powermap.backends import Settings, reference
from powermap.model import AccountMap

from conftest import EXAMPLES, REPO

neo4j = pytest.mark.neo4j
PREFIX = "pmtest-safety-"
SECRET = "Secret"  # the password of every address below: it must never be printed


def _environ(target=None, **extra) -> dict[str, str]:
    environ = {name: value for name, value in os.environ.items() if not name.startswith("POWERMAP_NEO4J_")}
    environ.update(target.environ() if target is not None else {})
    environ.update(extra)
    return environ


def _powermap(*args, environ: dict[str, str], timeout: float = 180) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "powermap", *map(str, args)], capture_output=True, text=True,
                          env=environ, cwd=REPO, timeout=timeout, stdin=subprocess.DEVNULL)


def _one_line(text: str) -> str:
    assert "Traceback" not in text and "internal error" not in text, text
    assert len(text.strip().splitlines()) == 1, text
    return text.strip()


# -- ids of any text ------------------------------------------------------------------------
def _odd_account(account_id: str, ids: list[str], keep_all: bool = True) -> AccountMap:
    """An account whose every id is one of ``ids`` (five distinct texts): two stakeholders,
    a department, a faction and a team member, tied by every kind of reference, a relation
    and a contact. Without ``keep_all`` the second stakeholder and the faction are gone."""
    first, second, department, faction, member = ids
    stakeholders = [{"id": first, "name": "First", "department": department, "stance": "unknown"},
                    {"id": second, "name": "Second", "reports_to": first, "department": department,
                     "faction": faction, "stance": "unknown"}]
    document = {
        "account": {"id": account_id, "name": "Odd ids"},
        "departments": [{"id": department, "name": "Department"}],
        "factions": [{"id": faction, "name": "Faction", "leader": second}],
        "stakeholders": stakeholders,
        "team": [{"id": member, "name": "Member"}],
        "relations": [{"source": second, "target": first, "type": "influences", "weight": 0.5},
                      {"source": first, "target": second, "type": "ally"}],
        "contacts": [{"member": member, "stakeholder": second, "strength": "close"}],
    }
    if not keep_all:
        document["stakeholders"] = stakeholders[:1]
        document["factions"] = []
        document["relations"] = []
        document["contacts"] = []
    return AccountMap.model_validate(document)


_ODD_CHARACTERS = st.characters(blacklist_categories=("Cc", "Cs"))  # what an id may hold: no control characters
_ODD_ID = st.one_of(
    st.text(_ODD_CHARACTERS, min_size=1, max_size=12),
    st.sampled_from(["$", "{", "}", "'", '"', "\\", "`", "$account", "$row"]).flatmap(
        lambda start: st.text(st.sampled_from(string.ascii_letters + "$'\"\\{}`.: _") , max_size=20).map(lambda rest: start + rest)),
    st.text(_ODD_CHARACTERS, min_size=150, max_size=200),
).map(str.strip).filter(bool)


@neo4j
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(ids=st.lists(_ODD_ID, min_size=5, max_size=5, unique=True))
@example(ids=["$account", "$stakeholders", "$people", "$reports_to", "$from_stakeholders"])
@example(ids=["a'b", 'c"d', "e\\f", "{g}", "王五 \u00e9\u0301"])
@example(ids=["x" * 200, "$account_node", "$team", "row.id", "$1"])
def test_any_id_survives_a_push_and_a_pull_and_the_native_analyses(neo4j_target, ids):
    """An id is any text of up to 200 characters without control characters (the account
    format): pushed, pulled, pruned and asked about in Cypher, it comes back as it went in."""
    account_id = PREFIX + "odd-ids"
    account, smaller = _odd_account(account_id, ids), _odd_account(account_id, ids, keep_all=False)
    first, second = ids[0], ids[1]
    graph = build_graph(account)
    with neo4j_target.connect() as store:
        try:
            store.push(account)
            assert store.account(account_id) == account
            assert store.reporting_chain(account_id, second) == reference.reporting_chain(graph, second)
            assert store.unknown_stance(account_id, [first, second]) == reference.unknown_stance(graph, [first, second])
            assert store.single_threaded(account_id, [second]) == reference.single_threaded(graph, [second])
            assert store.introduction_candidates(account_id, first) == reference.introduction_candidates(graph, first)
            store.push(smaller)  # removes a stakeholder, the faction and the ties found by id
            assert store.account(account_id) == smaller
        finally:
            store.delete(account_id)


# -- addresses and passwords ----------------------------------------------------------------
MALFORMED = ["bolt://[::1", "bolt://127.0.0.1:99999", "bolt://:7687", "bolt://", "bolt://host:port",
             f"bolt://root:{SECRET}@[::1", f"bolt://root:{SECRET}@127.0.0.1:99999", f"bolt://root:{SECRET}@127.0.0.1:7687",
             f"neo4j+s://root:{SECRET}@db.example.com", f"http://root:{SECRET}@db.example.com"]


@pytest.mark.parametrize("address", MALFORMED)
def test_a_malformed_address_is_one_line_never_an_internal_error_nor_the_password(address, run, monkeypatch):
    monkeypatch.setenv("POWERMAP_NEO4J_PASSWORD", "pw")
    monkeypatch.delenv("POWERMAP_NEO4J_URI", raising=False)
    for args in (("neo4j", "list", "--backend", address), ("report", "acme", "--backend", address)):
        result = run(*args)
        assert result.exit_code in (2, 4), result.output
        line = _one_line(result.stderr)
        assert SECRET not in result.output and line.startswith("--backend: ")
    monkeypatch.setenv("POWERMAP_NEO4J_URI", address)
    result = run("neo4j", "push", EXAMPLES / "zachary-karate.yaml")
    assert result.exit_code in (2, 4) and SECRET not in result.output
    assert _one_line(result.stderr).startswith("POWERMAP_NEO4J_URI: ")


def test_an_address_with_a_password_says_where_the_password_goes_instead(run, monkeypatch):
    monkeypatch.delenv("POWERMAP_NEO4J_URI", raising=False)
    result = run("neo4j", "list", "--backend", f"bolt://root:{SECRET}@db.example.com:7687")
    assert result.exit_code == 2
    assert result.stderr == ("--backend: the Neo4j address bolt://db.example.com:7687 holds a user name or password: "
                             "leave them out of the address and give the user with --user or POWERMAP_NEO4J_USER, "
                             "the password in POWERMAP_NEO4J_PASSWORD (or at the prompt)\n")


def test_driver_messages_lose_the_password_and_the_user_part_of_the_address():
    settings = Settings(f"bolt://alice:{SECRET}@db.example.com:7687", password="hunter2-pw")
    message = (f"Given URI: 'bolt://alice:{SECRET}@db.example.com:7687', userinfo 'alice:{SECRET}@', "
               f"password {SECRET!r}, auth ('alice', 'hunter2-pw')")
    scrubbed = settings.scrub(message)
    assert SECRET not in scrubbed and "hunter2-pw" not in scrubbed and "alice:" not in scrubbed
    assert "bolt://db.example.com:7687" in scrubbed
    assert SECRET not in repr(settings) and "hunter2-pw" not in repr(settings)


@neo4j
def test_a_wrong_address_or_a_refused_login_never_prints_the_password(neo4j_target, tmp_path):
    from powermap.backends.testserver import free_port

    host = f"127.0.0.1:{free_port()}"
    file = EXAMPLES / "zachary-karate.yaml"
    runs = [
        _powermap("neo4j", "push", file, "--backend", f"bolt://root:{SECRET}@{host}", environ=_environ()),
        _powermap("neo4j", "push", file, environ=_environ(POWERMAP_NEO4J_URI=f"bolt://root:{SECRET}@{host}")),
        _powermap("report", "acme", "--backend", f"neo4j://root:{SECRET}@{host}", environ=_environ()),
        _powermap("neo4j", "list", environ=_environ(neo4j_target, POWERMAP_NEO4J_PASSWORD=SECRET + "-wrong")),
        _powermap("neo4j", "list", "--backend", f"bolt://{host}", environ=_environ(POWERMAP_NEO4J_PASSWORD=SECRET)),
    ]
    for done in runs:
        assert done.returncode in (2, 4), done.stderr
        _one_line(done.stderr)
        assert SECRET not in done.stdout + done.stderr
    assert runs[3].stderr.startswith(f"the Neo4j server at {neo4j_target.uri} refused user {neo4j_target.user!r}")
