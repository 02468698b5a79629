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

import string

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from powermap.analysis.graph import build_graph
from powermap.backends import reference
from powermap.model import AccountMap

neo4j = pytest.mark.neo4j
PREFIX = "pmtest-safety-"


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
