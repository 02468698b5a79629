"""The Neo4j backend keeps accounts whole: odd ids, concurrent and interrupted pushes, Ctrl-C,
server counts, and addresses that never show a password.

The tests that talk to a server (marked ``neo4j``) run against the session's real Neo4j
(``neo4j_target``) and, where the server's own behaviour matters (an optimistic server refuses
the later of two commits and shows a commit to readers in parts), against the ArcadeDB test
server too (``server``); their accounts' ids start with ``pmtest-safety-`` and are deleted
afterwards. Pushes that must really run at the same
time, be killed or be interrupted run ``python -m powermap`` in processes of their own, as a
user would; what they leave is judged by pulling the account and comparing it with the files
pushed (never with what the code under test computes).
"""

from __future__ import annotations

import copy
import json
import os
import random
import re
import select
import signal
import string
import subprocess
import unicodedata
import sys
import time

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from powermap.analysis.graph import build_graph
from powermap.backends import Settings, reference
from powermap.backends.base import AccountInterrupted
from powermap.backends.queries import query
from powermap.loaders import load
from powermap.model import AccountMap
from powermap.writers import write_account

from conftest import EXAMPLES, REPO, Neo4jTarget

if str(REPO) not in sys.path:  # benchmarks.generate lives beside the package
    sys.path.insert(0, str(REPO))

from benchmarks.generate import generate_document  # noqa: E402

neo4j = pytest.mark.neo4j
PREFIX = "pmtest-safety-"
SECRET = "Secret"  # the password of every address below: it must never be printed


# -- helpers: real processes, as a user runs them --------------------------------------------
def _environ(target=None, **extra) -> dict[str, str]:
    environ = {name: value for name, value in os.environ.items() if not name.startswith("POWERMAP_NEO4J_")}
    environ.update(target.environ() if target is not None else {})
    environ.update(extra)
    return environ


def _powermap(*args, environ: dict[str, str], timeout: float = 180) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "powermap", *map(str, args)], capture_output=True, text=True,
                          env=environ, cwd=REPO, timeout=timeout, stdin=subprocess.DEVNULL)


def _start(*args, environ: dict[str, str], **options) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "powermap", *map(str, args)], env=environ, cwd=REPO,
                            stdin=subprocess.DEVNULL, text=True, **options)


def _write(document: dict, path) -> AccountMap:
    """Validate ``document``, write it as a JSON account file and return the account."""
    account = AccountMap.model_validate(document)
    write_account(account, path, overwrite=True)
    return account


def _pulled(account_id: str, environ: dict[str, str], path) -> tuple[AccountMap | None, subprocess.CompletedProcess]:
    """The account as ``neo4j pull`` writes it (``None`` when the pull failed), and the run."""
    done = _powermap("neo4j", "pull", account_id, "-o", path, "--force", environ=environ)
    return (load(path) if done.returncode == 0 else None), done


def _one_line(text: str) -> str:
    assert "Traceback" not in text and "internal error" not in text, text
    assert len(text.strip().splitlines()) == 1, text
    return text.strip()


def _interrupted_message(account_id: str, target) -> str:
    return (f"a push of account {account_id!r} was interrupted and left it half written in database "
            f"{target.database!r} at {target.uri}: push the file again")


def _two_files(people: int, account_id: str, folder) -> tuple[dict, dict]:
    """The two versions of :func:`_two_versions` written as ``old.json`` and ``new.json`` in
    ``folder``: their paths and their accounts, by "old" and "new"."""
    documents = dict(zip(("old", "new"), _two_versions(people, account_id)))
    files = {name: folder / f"{name}.json" for name in documents}
    return files, {name: _write(documents[name], files[name]) for name in documents}


def _two_versions(people: int, account_id: str) -> tuple[dict, dict]:
    """Two versions of one generated account that differ in name, people and relations: the
    second has other relations and attributes (another seed), a tenth fewer people and
    another name."""
    old = generate_document(people, seed=1)
    new = generate_document(people, seed=2)
    old["account"].update(id=account_id, name="Old version")
    new["account"].update(id=account_id, name="New version")
    keep = {person["id"] for person in new["stakeholders"][: people - people // 10]}
    new["stakeholders"] = [person for person in new["stakeholders"] if person["id"] in keep]
    for person in new["stakeholders"]:
        if person.get("reports_to") not in keep:
            person.pop("reports_to", None)
    new["relations"] = [r for r in new["relations"] if r["source"] in keep and r["target"] in keep]
    new["contacts"] = [c for c in new["contacts"] if c["stakeholder"] in keep]
    for faction in new["factions"]:
        if faction.get("leader") not in keep:
            faction.pop("leader", None)
    return old, new


@pytest.fixture(scope="module", params=["neo4j", "arcadedb"])
def server(request):
    """Neo4j, then the ArcadeDB test server: where a test that holds on both connects."""
    if request.param == "neo4j":
        return request.getfixturevalue("neo4j_target")
    return Neo4jTarget.of(request.getfixturevalue("arcadedb_server"))


@pytest.fixture
def cleanup(request):
    """Account ids to delete from the test's server when it ends, whatever happened."""
    target = request.getfixturevalue("server" if "server" in request.fixturenames else "neo4j_target")
    ids: list[str] = []
    yield ids
    from powermap.errors import BackendError

    with target.connect() as store:
        for account_id in ids:
            try:
                store.delete(account_id)
            except BackendError:
                pass


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


_ODD_CHARACTERS = st.characters(blacklist_categories=("Cc", "Cs", "Zl", "Zp"))  # what an id may hold: no control character, no line or paragraph separator
_ODD_ID = st.one_of(
    st.text(_ODD_CHARACTERS, min_size=1, max_size=12),
    st.sampled_from(["$", "{", "}", "'", '"', "\\", "`", "$account", "$row"]).flatmap(
        lambda start: st.text(st.sampled_from(string.ascii_letters + "$'\"\\{}`.: _") , max_size=20).map(lambda rest: start + rest)),
    st.text(_ODD_CHARACTERS, min_size=150, max_size=200),
).map(lambda text: unicodedata.normalize("NFC", text).strip()).filter(lambda text: 0 < len(text) <= 200)
# (ids are read as NFC: a composition exclusion such as U+0958 grows a 200-character text by one)


@neo4j
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(ids=st.lists(_ODD_ID, min_size=5, max_size=5, unique=True))
@example(ids=["$account", "$stakeholders", "$people", "$reports_to", "$from_stakeholders"])
@example(ids=["a'b", 'c"d', "e\\f", "{g}", "王五 \u00e9\u0301"])
@example(ids=["x" * 200, "$account_node", "$team", "row.id", "$1"])
def test_any_id_survives_a_push_and_a_pull_and_the_native_analyses(server, ids):
    """An id is any text of up to 200 characters without control characters (the account
    format): pushed, pulled, pruned and asked about in Cypher, it comes back as it went in."""
    account_id = PREFIX + "odd-ids"
    account, smaller = _odd_account(account_id, ids), _odd_account(account_id, ids, keep_all=False)
    first, second = ids[0], ids[1]
    graph = build_graph(account)
    with server.connect() as store:
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


# -- concurrent pushes ------------------------------------------------------------------------
def _with_people(document: dict, prefix: str, count: int, name: str | None = None) -> dict:
    """``document`` with ``count`` new people ``PREFIX-k`` tied to each other only (an influence
    chain and an ally each), and another name if given."""
    document = copy.deepcopy(document)
    if name:
        document["account"]["name"] = name
    new = [f"{prefix}-{k}" for k in range(count)]
    document["stakeholders"] += [{"id": person, "name": person.title()} for person in new]
    document["relations"] += [{"source": a, "target": b, "type": "influences", "weight": 0.6} for a, b in zip(new, new[1:])]
    document["relations"] += [{"source": b, "target": a, "type": "ally"} for a, b in zip(new, new[2:])]
    return document


@neo4j
def test_two_pushes_of_one_account_at_the_same_moment_leave_one_whole_version(server, tmp_path, cleanup):
    """Two real processes push two versions of one account at once, from the same start. The
    versions touch different nodes (one renames the account and adds its people, the other
    adds other people), so nothing but the push's own lock keeps them apart: without it both
    committed, and the account held the people of both under one name. Every pull must be
    exactly one of the two files."""
    account_id = PREFIX + "concurrent"
    cleanup.append(account_id)
    base = generate_document(300, seed=5)
    base["account"].update(id=account_id, name="Start")
    start = _write(base, tmp_path / "start.json")
    versions = {"first": _write(_with_people(base, "first", 80, name="First version"), tmp_path / "first.json"),
                "second": _write(_with_people(base, "second", 80), tmp_path / "second.json")}
    environ = _environ(server)
    seen = set()
    for _ in range(3):
        assert _powermap("neo4j", "push", tmp_path / "start.json", environ=environ).returncode == 0
        assert _pulled(account_id, environ, tmp_path / "pulled.json")[0] == start
        pushes = [_start("neo4j", "push", tmp_path / f"{name}.json", environ=environ, stdout=subprocess.PIPE,
                         stderr=subprocess.PIPE) for name in versions]
        results = [push.communicate(timeout=300) + (push.returncode,) for push in pushes]
        for out, err, code in results:
            if code == 0:
                assert out.startswith(f"pushed {account_id}: ") and err == ""
            else:  # a push may give up after losing to the other too often: then it says so
                assert code == 4 and _one_line(err).startswith(f"account {account_id!r} changed while pushing it"), err
        assert any(code == 0 for *_, code in results)
        pulled = _pulled(account_id, environ, tmp_path / "pulled.json")[0]
        matches = [name for name, account in versions.items() if pulled == account]
        assert len(matches) == 1, "the pulled account is a mix of the two versions"
        seen.update(matches)


# -- pushes killed at random moments ----------------------------------------------------------
@neo4j
def test_a_push_killed_at_any_moment_leaves_a_whole_version_and_the_next_push_repairs(neo4j_target, tmp_path, cleanup):
    """SIGKILL a push of a 1,200-person account at seeded random moments, from its start to
    past its usual end (so some kills land in the commit): a pull then gives the old version,
    the new one, or the one-line "interrupted" error, never a mix; the next push repairs."""
    account_id = PREFIX + "killed"
    cleanup.append(account_id)
    files, versions = _two_files(1200, account_id, tmp_path)
    environ = _environ(neo4j_target)
    assert _powermap("neo4j", "push", files["new"], environ=environ).returncode == 0
    began = time.monotonic()
    assert _powermap("neo4j", "push", files["old"], environ=environ).returncode == 0
    usual = time.monotonic() - began  # how long a whole push takes here, to spread the kills over
    rng = random.Random(20261205)
    state, outcomes = "old", []
    with neo4j_target.connect() as store:  # connected beforehand, to read the moment the push dies
        for _ in range(6):
            target = "new" if state == "old" else "old"
            push = _start("neo4j", "push", files[target], environ=environ, stdout=subprocess.DEVNULL,
                          stderr=subprocess.DEVNULL)
            time.sleep(rng.uniform(0.2, usual * 1.1))
            push.send_signal(signal.SIGKILL)
            push.wait(timeout=60)
            try:  # at once, while the server may still be committing what the push sent
                at_once = store.account(account_id)
            except AccountInterrupted:
                at_once = None
            assert at_once is None or at_once in versions.values(), "a killed push left a mix of the two versions"
            state = _judge_pull(account_id, environ, tmp_path, versions, files, target, neo4j_target, outcomes, state)
    assert _powermap("neo4j", "push", files["new"], environ=environ).returncode == 0
    assert _pulled(account_id, environ, tmp_path / "pulled.json")[0] == versions["new"]


def _judge_pull(account_id, environ, tmp_path, versions, files, target, neo4j_target, outcomes, state) -> str:
    """Pull as a user would after a killed push: one whole version, or the "interrupted" line
    (then the next push repairs it). Returns the version the database now holds."""
    pulled, done = _pulled(account_id, environ, tmp_path / "pulled.json")
    if pulled is None:
        assert done.returncode == 4 and _one_line(done.stderr) == _interrupted_message(account_id, neo4j_target)
        outcomes.append("interrupted")
        repaired = _powermap("neo4j", "push", files[target], environ=environ)
        assert repaired.returncode == 0 and "repaired an interrupted push" in repaired.stdout
        return target
    matches = [name for name, account in versions.items() if pulled == account]
    assert len(matches) == 1, "a killed push left a mix of the two versions"
    outcomes.append(matches[0])
    return matches[0]


@neo4j
def test_pulls_while_pushes_commit_one_after_another_each_read_one_whole_version(server, tmp_path, cleanup):
    """A pull reads the account in several statements; a push that commits meanwhile (and a
    commit is not seen all at once on every server) could give it half of each version. The
    pull reads the version before and after and reads again when they differ: pulled again
    and again while two versions are pushed in turn, it always gets one of them whole."""
    account_id = PREFIX + "busy"
    cleanup.append(account_id)
    files, versions = _two_files(600, account_id, tmp_path)
    environ = _environ(server)
    assert _powermap("neo4j", "push", files["old"], environ=environ).returncode == 0
    script = ("import subprocess, sys\n"
              "for file in sys.argv[1:]:\n"
              "    subprocess.run([sys.executable, '-m', 'powermap', 'neo4j', 'push', file], check=True,"
              " stdout=subprocess.DEVNULL)\n")
    pushes = subprocess.Popen([sys.executable, "-c", script, *map(str, [files["new"], files["old"]] * 4)],
                              env=environ, cwd=REPO, stdin=subprocess.DEVNULL)
    seen = []
    with server.connect() as store:
        while pushes.poll() is None:
            pulled = store.account(account_id)
            matches = [name for name, account in versions.items() if pulled == account]
            assert len(matches) == 1, "a pull read a mix of two versions"
            seen.append(matches[0])
    assert pushes.returncode == 0
    assert len(seen) > 8


@neo4j
def test_an_interrupted_push_is_refused_listed_and_repaired(server, tmp_path, cleanup):
    """What a push that died half-way leaves on a server that keeps part of its writes: its
    first statement (begin_push) and some of its rows, committed without its last statement.
    Made here by hand with the driver, the way such a server would keep it."""
    import neo4j as driver

    account_id = PREFIX + "half"
    cleanup.append(account_id)
    path = tmp_path / "kestrel.json"
    document = json.loads(json.dumps(load(EXAMPLES / "kestrel-manufacturing.yaml").model_dump(mode="json")))
    document["account"]["id"] = account_id
    account = _write({k: v for k, v in document.items() if v is not None}, path)
    environ = _environ(server)
    assert _powermap("neo4j", "push", path, environ=environ).returncode == 0
    with driver.GraphDatabase.driver(server.uri, auth=(server.user, server.password)) as raw:
        with raw.session(database=server.database) as session:
            with session.begin_transaction() as transaction:
                transaction.run(query("begin_push").text, account=account_id).consume()
                stakeholders = next(s for s in query("push_nodes").statements if s.rows == "stakeholders")
                transaction.run(stakeholders.text, account=account_id, stakeholders=[
                    {"id": "half_written", "properties": {"account": account_id, "id": "half_written", "name": "Half"}}]
                ).consume()
                transaction.commit()
    pulled = _powermap("neo4j", "pull", account_id, "-o", tmp_path / "pulled.json", environ=environ)
    assert pulled.returncode == 4 and _one_line(pulled.stderr) == _interrupted_message(account_id, server)
    report = _powermap("report", account_id, "--backend", server.uri, environ=environ)
    assert report.returncode == 4 and _one_line(report.stderr) == _interrupted_message(account_id, server)
    listed = _powermap("neo4j", "list", environ=environ)
    line = next(line for line in listed.stdout.splitlines() if line.startswith(account_id + " "))
    assert line.endswith("(a push of it was interrupted: push the file again)")
    repaired = _powermap("neo4j", "push", path, environ=environ)
    assert repaired.returncode == 0
    assert repaired.stdout == (f"pushed {account_id}: 0 nodes created, 0 updated, 1 deleted; 0 relationships created, "
                               f"0 deleted; 0 properties set; {_size(account)} unchanged; repaired an interrupted push\n")
    assert _pulled(account_id, environ, tmp_path / "pulled.json")[0] == account


def _size(account: AccountMap) -> int:
    """Nodes and relationships of an account, counted from the file: the account, every
    record, every reference, relation and contact."""
    records = 1 + len(account.team) + len(account.departments) + len(account.factions) + len(account.stakeholders)
    references = (sum(1 for d in account.departments if d.parent) + sum(1 for f in account.factions if f.leader)
                  + sum(bool(p.reports_to) + bool(p.department) + bool(p.faction) for p in account.stakeholders))
    return records + references + len(account.relations) + len(account.contacts)


# -- Ctrl-C ---------------------------------------------------------------------------------
@pytest.fixture
def ctrl_c_raises():
    """Python's own Ctrl-C handler, as a terminal session has it. A test run started in the
    background of a non-interactive shell inherits SIGINT ignored, and then no Ctrl-C arrives;
    a child process inherits an ignored SIGINT, but not a Python handler."""
    previous = signal.signal(signal.SIGINT, signal.default_int_handler)
    yield
    signal.signal(signal.SIGINT, previous)


@neo4j
def test_ctrl_c_before_the_commit_saves_nothing_and_says_so(neo4j_target, tmp_path, cleanup, ctrl_c_raises):
    """A person at a terminal presses Ctrl-C while the push's progress line counts the rows
    written (so before the commit): exit status 130, the line says nothing of the account was
    saved, and the database still holds the version pushed before."""
    import pty

    account_id = PREFIX + "ctrl-c"
    cleanup.append(account_id)
    old = _two_files(1500, account_id, tmp_path)[1]["old"]
    environ = _environ(neo4j_target, TERM="xterm", COLUMNS="120")
    assert _powermap("neo4j", "push", tmp_path / "old.json", environ=environ).returncode == 0
    terminal, stderr = pty.openpty()
    push = _start("neo4j", "push", tmp_path / "new.json", "--batch-size", "50", environ=environ,
                  stdout=subprocess.PIPE, stderr=stderr)
    os.close(stderr)
    shown, interrupted = b"", False
    deadline = time.monotonic() + 240
    while time.monotonic() < deadline:
        ready, _, _ = select.select([terminal], [], [], 0.5)
        if not ready:
            continue
        try:
            chunk = os.read(terminal, 65536)
        except OSError:  # the process closed its terminal
            break
        if not chunk:
            break
        shown += chunk
        counters = [(int(a), int(b)) for a, b in re.findall(rb"(\d+)/(\d+)", shown)]
        if not interrupted and any(0 < done < total for done, total in counters):
            push.send_signal(signal.SIGINT)  # rows are being written: the commit is still ahead
            interrupted = True
    out, _ = push.communicate(timeout=60)
    os.close(terminal)
    text = re.sub(rb"\x1b\[[0-9;?]*[A-Za-z]", b"", shown).decode("utf-8", "replace")
    assert interrupted, text
    assert push.returncode == 130 and out == "", text
    assert f"interrupted while pushing {account_id}: nothing of {account_id} was saved" in text
    assert "Traceback" not in text and "Aborted" not in text
    assert _pulled(account_id, _environ(neo4j_target), tmp_path / "pulled.json")[0] == old


def test_a_message_cut_short_by_ctrl_c_is_an_interrupt_not_a_server_error(monkeypatch):
    """Ctrl-C can land while the driver writes a statement to the server; closing the
    transaction then sends the cut message, and the server refuses it ("Unexpected struct tag",
    seen under load in the test above). That is still Ctrl-C before the commit: nothing was
    saved, and the push says so (KeyboardInterrupt), not that the server failed. The same for
    every other transaction (Connection.session)."""
    from types import SimpleNamespace

    from powermap.backends import neo4j_push

    class Refused(Exception):  # what the driver raises while closing the transaction
        pass

    class Transaction:
        def __enter__(self):
            return self

        def __exit__(self, *raised):
            raise Refused('Neo.ClientError.Request.Invalid: Illegal value for field "params": Unexpected struct tag')

    class Session:
        def __enter__(self):
            return self

        def __exit__(self, *raised):
            return False

        def begin_transaction(self):
            return Transaction()

    def cut_short(*arguments):
        raise KeyboardInterrupt

    connection = SimpleNamespace(
        driver=SimpleNamespace(session=lambda database: Session()), settings=SimpleNamespace(database="neo4j"),
        exceptions=SimpleNamespace(IncompleteCommit=type("IncompleteCommit", (Exception,), {}),
                                   ConstraintError=type("ConstraintError", (Exception,), {})),
        is_driver_error=lambda error: True, changed_under=lambda error: False,
        explain=lambda error, action, started, write=True: f"the server failed: {error}")
    monkeypatch.setattr(neo4j_push, "_push_once", cut_short)
    with pytest.raises(KeyboardInterrupt):
        neo4j_push._commit_push(connection, "acme", None, "digest", 50, None, "pushing", neo4j_push._HeldInterrupt())

    # every other transaction (a pull, a read) goes through Connection.session: the same there
    from powermap.backends.neo4j_connection import Connection

    shared = object.__new__(Connection)
    shared.__dict__.update(vars(connection), read_mode="READ")
    shared.driver = SimpleNamespace(session=lambda database, **mode: Session())
    with pytest.raises(KeyboardInterrupt):
        with shared.session("pulling", write=False):
            raise KeyboardInterrupt  # Ctrl-C while a statement of the pull is being written


@neo4j
def test_ctrl_c_during_the_commit_lets_it_finish_and_says_which_accounts_were_saved(run, neo4j_target, monkeypatch,
                                                                                     tmp_path, cleanup, ctrl_c_raises):
    """Ctrl-C pressed while the second of three accounts commits (SIGINT sent to the process
    at that moment): the commit finishes, the account is saved and reported, the third is
    not pushed, and the status is 130."""
    from neo4j._sync.work.transaction import Transaction

    paths, accounts = [], []
    for name in ("zachary-karate", "kestrel-manufacturing", "riverside-hospital"):
        account = load(EXAMPLES / f"{name}.yaml")
        document = account.model_dump(mode="json", exclude_none=True)
        document["account"]["id"] = PREFIX + name
        paths.append(tmp_path / f"{name}.json")
        accounts.append(_write(document, paths[-1]))
        cleanup.append(PREFIX + name)
    commit, commits = Transaction.commit, []

    def commit_with_ctrl_c(self):
        commits.append(self)
        if len(commits) == 2:
            os.kill(os.getpid(), signal.SIGINT)
        return commit(self)

    monkeypatch.setattr(Transaction, "commit", commit_with_ctrl_c)
    for name, value in neo4j_target.environ().items():
        monkeypatch.setenv(name, value)
    result = run("neo4j", "push", *paths)
    ids = [account.account.id for account in accounts]
    assert result.exit_code == 130, result.output
    assert [line.split(":")[0] for line in result.stdout.splitlines()] == [f"pushed {ids[0]}", f"pushed {ids[1]}"]
    assert _one_line(result.stderr) == (f"interrupted while pushing {ids[1]}, after it was saved; saved: {ids[0]}, "
                                        f"{ids[1]}; not pushed: {ids[2]}")
    monkeypatch.setattr(Transaction, "commit", commit)
    with neo4j_target.connect() as store:
        assert store.account(ids[1]) == accounts[1]
        assert ids[2] not in {summary.id for summary in store.accounts()}


# -- the counts are the server's ------------------------------------------------------------
@neo4j
def test_a_push_reports_the_servers_counts(server, cleanup):
    """Counted by hand: 1 account, 1 member, 1 department and 3 people are 6 nodes; 3 MEMBER_OF,
    1 REPORTS_TO, 2 relations and 1 contact are 7 relationships. Removing cy (the last, so no
    one's place in the file moves) takes his MEMBER_OF and his two relations with him: 1 node
    and 3 relationships, which the server counts (the change set names none of those three)."""
    account_id = PREFIX + "counts"
    cleanup.append(account_id)
    document = {
        "account": {"id": account_id, "name": "Counts"},
        "team": [{"id": "me", "name": "Me"}],
        "departments": [{"id": "it", "name": "IT"}],
        "stakeholders": [{"id": "ann", "name": "Ann", "department": "it"},
                         {"id": "bob", "name": "Bob", "department": "it", "reports_to": "ann"},
                         {"id": "cy", "name": "Cy", "department": "it"}],
        "relations": [{"source": "bob", "target": "cy", "type": "ally"}, {"source": "cy", "target": "bob", "type": "rival"}],
        "contacts": [{"member": "me", "stakeholder": "ann", "strength": "close"}],
    }
    first = AccountMap.model_validate(document)
    document["stakeholders"] = [person for person in document["stakeholders"] if person["id"] != "cy"]
    document["relations"] = []
    smaller = AccountMap.model_validate(document)
    with server.connect() as store:
        created = store.push(first)
        assert (created.nodes_created, created.nodes_deleted, created.relationships_created,
                created.relationships_deleted, created.nodes_updated, created.unchanged) == (6, 0, 7, 0, 0, 0)
        assert created.properties_set > 0
        again = store.push(first)
        assert (again.nodes_created, again.nodes_deleted, again.relationships_created, again.relationships_deleted,
                again.properties_set, again.nodes_updated, again.unchanged) == (0, 0, 0, 0, 0, 0, 13)
        assert again.describe() == f"pushed {account_id}: already up to date (13 nodes and relationships)"
        removed = store.push(smaller)
        assert (removed.nodes_created, removed.nodes_deleted, removed.relationships_created,
                removed.relationships_deleted, removed.properties_set, removed.nodes_updated) == (0, 1, 0, 3, 0, 0)
        assert [summary.version for summary in store.accounts() if summary.id == account_id] == [3]


@neo4j
def test_the_pulled_file_is_the_pushed_file_byte_for_byte(server, tmp_path, cleanup):
    """The version and the push mark live on the Account node, never in the account."""
    account_id = PREFIX + "bytes"
    cleanup.append(account_id)
    document = load(EXAMPLES / "kestrel-manufacturing.yaml").model_dump(mode="json", exclude_none=True)
    document["account"]["id"] = account_id
    _write(document, tmp_path / "pushed.json")
    environ = _environ(server)
    for _ in range(2):
        assert _powermap("neo4j", "push", tmp_path / "pushed.json", environ=environ).returncode == 0
    assert _powermap("neo4j", "pull", account_id, "-o", tmp_path / "pulled.json", environ=environ).returncode == 0
    assert (tmp_path / "pulled.json").read_bytes() == (tmp_path / "pushed.json").read_bytes()


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
    from servers import free_port

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
