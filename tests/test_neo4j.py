"""The Neo4j backend: choosing it by URL, the Cypher library, the commands and every failure.

The first part needs no server (URLs, settings, the schema mapping, the files of
``powermap/cypher/``). The rest runs against a real Neo4j (``neo4j_target`` in conftest.py:
POWERMAP_NEO4J_URI's, else Neo4j Community started by the session); the failures that change a
server (a constraint added, a server killed mid-push) use a Neo4j started here, never the one
POWERMAP_NEO4J_URI names. Expected error texts are asserted exactly where they are ours.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from powermap.backends import BOLT_SCHEMES, Settings, connect, display_uri, load_account
from powermap.backends.base import PushResult
from powermap.backends.memory import MemoryBackend
from powermap.backends.queries import query, query_names
from powermap.backends.schema import LABELS, TYPES, GraphRows, account_from_rows, account_rows, changes
from powermap.errors import AddressError, BackendError, ExitCode
from powermap.loaders import load
from powermap.model import AccountMap
from powermap.writers import account_document, write_account

from conftest import EXAMPLES, REPO, Neo4jTarget, start_test_server
from test_backends import EXAMPLE_ACCOUNTS, PREFIX, renamed

CYPHER = REPO / "powermap" / "cypher"


# -- choosing a backend (no server) ----------------------------------------------------------
def test_memory_is_the_default_and_needs_no_driver():
    code = ("import sys; from powermap.backends import connect; store = connect(environ={}); "
            "print(store.name, 'neo4j' in sys.modules)")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO, check=True)
    assert result.stdout.split() == ["memory", "False"]


def test_the_report_command_on_a_file_never_imports_the_driver():
    code = ("import sys; from powermap.cli import cli\n"
            "try:\n    cli(['report', 'examples/zachary-karate.yaml', '-f', 'json'], standalone_mode=False)\n"
            "finally:\n    print('neo4j' in sys.modules, file=sys.stderr)")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO)
    assert result.returncode == 0 and result.stderr.strip() == "False"


@pytest.mark.parametrize("scheme", BOLT_SCHEMES)
def test_every_bolt_scheme_chooses_neo4j_without_connecting(scheme):
    with connect(f"{scheme}://db.example.invalid:7687", password="x") as store:
        assert store.name == "neo4j"
        assert store.native == {"reporting_chain", "unreached_departments", "unreached_key_role_holders",
                                "single_threaded", "stale_contacts", "unknown_stance", "introduction_candidates"}


def test_an_unknown_backend_says_what_is_accepted():
    with pytest.raises(AddressError) as caught:
        connect("http://user:secret@example.com:7474")
    assert str(caught.value) == ("unknown backend 'http://example.com:7474': use memory, or a Neo4j address like "
                                 "bolt://HOST:7687 or neo4j://HOST (neo4j+s:// for TLS)")
    assert caught.value.exit_code == ExitCode.USAGE == 2  # wrong usage, found before any connection


def test_a_missing_driver_gives_the_install_hint(monkeypatch):
    monkeypatch.setitem(sys.modules, "neo4j", None)
    with pytest.raises(BackendError, match=r"^the Neo4j backend needs the neo4j driver, which is not installed: "
                                           r"pip install 'powermap-sales\[neo4j\]'$"):
        connect("bolt://localhost:7687")


def test_settings_come_from_arguments_then_the_environment_and_never_show_the_password():
    environ = {"POWERMAP_NEO4J_URI": "neo4j://env:7687", "POWERMAP_NEO4J_USER": "envuser",
               "POWERMAP_NEO4J_PASSWORD": "s3cret-pw", "POWERMAP_NEO4J_DATABASE": "envdb"}
    settings = Settings.resolve(environ=environ)
    assert (settings.uri, settings.user, settings.password, settings.database) == ("neo4j://env:7687", "envuser", "s3cret-pw", "envdb")
    given = Settings.resolve("bolt://arg:1", user="arguser", database="argdb", environ=environ)
    assert (given.uri, given.user, given.database) == ("bolt://arg:1", "arguser", "argdb")
    assert "s3cret-pw" not in repr(settings) and "s3cret-pw" not in repr(given)
    defaults = Settings.resolve("bolt://h", environ={})
    assert (defaults.user, defaults.password, defaults.database) == ("neo4j", None, "neo4j")


def test_a_uri_is_shown_without_its_credentials():
    assert display_uri("neo4j+s://alice:pw@db.example.com:7687/x?y=1") == "neo4j+s://db.example.com:7687/x"
    assert display_uri("bolt://db.example.com") == "bolt://db.example.com"


# -- the schema mapping (no server) ---------------------------------------------------------
@pytest.mark.parametrize("account_id", list(EXAMPLE_ACCOUNTS))
def test_every_example_maps_to_whitelisted_nodes_and_relationships_and_back(account_id):
    account = EXAMPLE_ACCOUNTS[account_id]
    rows = account_rows(account)
    assert {node.label for node in rows.nodes} <= set(LABELS.values())
    assert {link.type for link in rows.links} <= set(TYPES)
    for item in rows.nodes + rows.links:
        assert item.properties["account"] == account_id
        for value in item.properties.values():  # scalars or lists of scalars: never a map, never null
            assert value is not None and not isinstance(value, dict)
            assert all(isinstance(part, (str, int, float)) for part in (value if isinstance(value, list) else [value]))
    assert account_from_rows(rows) == account
    assert changes(rows, rows).empty


def test_a_stakeholder_node_has_every_field_with_power_sources_apart():
    account = load(EXAMPLES / "kestrel-manufacturing.yaml")
    person = next(p for p in account.stakeholders if p.department and p.reports_to and p.roles)
    node = next(n for n in account_rows(account).nodes if n.label == "Stakeholder" and n.id == person.id)
    assert node.properties["roles"] == [role.value for role in person.roles]
    assert node.properties["stance"] == person.stance.value and node.properties["status"] == person.status.value
    assert {f"power_{source.value}": level for source, level in person.power.items()} == {
        key: value for key, value in node.properties.items() if key.startswith("power_")}
    assert "department" not in node.properties and "reports_to" not in node.properties  # those are relationships


def test_changes_delete_only_what_is_gone_and_leave_removed_nodes_relationships_to_detach():
    account = load(EXAMPLES / "riverside-hospital.yaml")
    document = account_document(account)
    gone = document["stakeholders"][-1]["id"]
    document["stakeholders"] = [p for p in document["stakeholders"][:-1] if p.get("reports_to") != gone]
    document["relations"] = [r for r in document["relations"] if gone not in (r["source"], r["target"])]
    document["contacts"] = [c for c in document.get("contacts", []) if c["stakeholder"] != gone]
    document["factions"] = [{k: v for k, v in f.items() if not (k == "leader" and v == gone)} for f in document.get("factions", [])]
    smaller = AccountMap.model_validate(document)
    delta = changes(account_rows(account), account_rows(smaller))
    assert [node.id for node in delta.remove] == [gone]
    assert all(gone not in (link.source, link.target) for link in delta.delete)
    assert changes(GraphRows(account.account.id), account_rows(account)).upsert == account_rows(account).nodes


def test_properties_added_in_the_database_by_hand_do_not_break_a_pull():
    from powermap.backends.schema import Link, Node

    account = load(EXAMPLES / "kestrel-manufacturing.yaml")
    rows = account_rows(account)
    annotated = GraphRows(
        rows.account,
        tuple(Node(n.label, n.id, {**n.properties, "colour": "red", "department": "nowhere"}) for n in rows.nodes),
        tuple(Link(k.type, k.source, k.target, {**k.properties, "type": "x", "reviewed": True}) for k in rows.links),
    )
    assert account_from_rows(annotated) == account
    assert changes(annotated, rows).upsert  # and the next push writes the node back as the file has it


def test_the_fingerprint_of_an_account_is_the_same_in_any_order_and_changes_with_any_property():
    from powermap.backends.schema import Link, Node, fingerprint

    rows = account_rows(load(EXAMPLES / "kestrel-manufacturing.yaml"))
    shuffled = GraphRows(rows.account, tuple(reversed(rows.nodes)),
                         tuple(Link(k.type, k.source, k.target, dict(reversed(list(k.properties.items()))))
                               for k in reversed(rows.links)))
    assert fingerprint(shuffled) == fingerprint(rows)
    assert len(fingerprint(rows)) == 64 and int(fingerprint(rows), 16) >= 0
    first = rows.nodes[1]
    changed = GraphRows(rows.account, (Node(first.label, first.id, {**first.properties, "name": "Other"}), *rows.nodes[2:],
                                       rows.nodes[0]), rows.links)
    assert fingerprint(changed) != fingerprint(rows)
    assert fingerprint(GraphRows(rows.account, rows.nodes, rows.links[1:])) != fingerprint(rows)


def test_a_push_result_describes_itself_in_one_line():
    assert PushResult("acme", 0, 0, 0, 0, unchanged=12).describe() == (
        "pushed acme: already up to date (12 nodes and relationships)")
    assert PushResult("acme", 3, 1, 4, 2, properties_set=41, nodes_updated=2, unchanged=9).describe() == (
        "pushed acme: 3 nodes created, 2 updated, 1 deleted; 4 relationships created, 2 deleted; 41 properties set; "
        "9 unchanged")
    assert PushResult("acme", 0, 0, 0, 0, unchanged=12, version=3, repaired=True).describe() == (
        "pushed acme: already up to date (12 nodes and relationships); repaired an interrupted push")
    assert PushResult("acme", 3, 1, 4, 2, properties_set=41, nodes_updated=2, unchanged=9).describe().text("zh") == (
        "已推送 acme：新建节点 3 个，更新 2 个，删除 1 个；新建关系 4 条，删除 2 条；设置属性 41 个；未变 9 个")


# -- the Cypher library (no server) ---------------------------------------------------------
_ALLOWED_TEXT = {"left", "unknown", *LABELS.values(), *TYPES}  # the only quoted words a query may hold


def _header(name: str) -> tuple[set[str], list[str]]:
    header = query(name).header
    params = re.search(r"^// Parameters:(.*?)^// Returns:", header, re.S | re.M).group(1)
    returns = re.search(r"^// Returns: (.*)$", header, re.M).group(1)
    declared = set() if params.strip() == "none" else {m for m in re.findall(r"^//\s+\$(\w+)", params, re.M)}
    columns = [] if returns.startswith("nothing") else [c.split(" ")[0] for c in returns.split(", ")]
    return declared, columns


def test_the_library_is_found_through_importlib_resources_and_matches_the_folder():
    assert query_names() == sorted(path.stem for path in CYPHER.glob("*.cypher"))
    assert len(query_names()) == 21


@pytest.mark.parametrize("name", sorted(path.stem for path in CYPHER.glob("*.cypher")))
def test_every_query_file_names_its_parameters_and_columns_and_holds_no_values(name):
    file = query(name)
    assert file.header.startswith("// powermap: ")
    declared, columns = _header(name)
    assert declared == set(file.parameters), f"{name}: header {sorted(declared)} but uses {sorted(file.parameters)}"
    if len(file.statements) == 1 and columns:
        final = file.statements[0].text.split("RETURN")[-1]
        aliases = [part.strip().split(" AS ")[-1].split("\n")[0].strip() for part in re.split(r",(?![^\[(]*[\])])", final.split("ORDER BY")[0])]
        assert aliases == columns, name
    for statement in file.statements:
        quoted = set(re.findall(r"'([^']*)'", statement.text))
        assert quoted <= _ALLOWED_TEXT, f"{name}: literal values {sorted(quoted - _ALLOWED_TEXT)}"
        for label in re.findall(r"\(\w*:(\w+)", statement.text):
            assert label in LABELS.values(), f"{name}: label {label}"
        for kinds in re.findall(r"\[\w*:([A-Z_|]+)", statement.text):
            assert set(kinds.split("|")) <= set(TYPES), f"{name}: types {kinds}"


def test_no_python_module_holds_cypher_text():
    """Every query comes from a file: no string in powermap/backends looks like a statement
    (docstrings aside; the test server's readiness probe is the one exception)."""
    import ast

    statement = re.compile(r"\b(MATCH|MERGE|CREATE|DELETE|UNWIND|RETURN|SET)\s+[(\w$]")
    for path in (REPO / "powermap" / "backends").glob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        docstrings = {id(node.body[0].value) for node in ast.walk(tree)
                      if isinstance(node, (ast.Module, ast.FunctionDef, ast.ClassDef)) and node.body
                      and isinstance(node.body[0], ast.Expr) and isinstance(node.body[0].value, ast.Constant)}
        strings = [node.value for node in ast.walk(tree)
                   if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings]
        found = [text for text in strings if statement.search(text) and text != "RETURN 1 AS one"]
        assert not found, (path.name, found)


def test_the_cypher_folder_readme_lists_every_query():
    readme = (REPO / "cypher" / "README.md").read_text(encoding="utf-8")
    for name in query_names():
        assert f"powermap/cypher/{name}.cypher" in readme, name


def test_the_wheel_ships_the_cypher_files():
    import tomllib

    config = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
    assert "cypher/*.cypher" in config["tool"]["setuptools"]["package-data"]["powermap"]
    extras = config["project"]["optional-dependencies"]
    assert any(item.startswith("neo4j") for item in extras["neo4j"])
    assert any(item.startswith("neo4j") for item in extras["test"])
    assert "arcadedb-embedded==26.10.2.post1" in extras["test"]
    assert not any("arcadedb" in item for item in config["project"]["dependencies"] + extras["neo4j"])


def test_the_memory_backend_answers_like_a_file():
    account = load(EXAMPLES / "zachary-karate.yaml")
    store = MemoryBackend()
    first, second = store.push(account), store.push(account)
    assert first.changed and not second.changed
    assert store.account(account.account.id) is account
    assert load_account(str(EXAMPLES / "zachary-karate.yaml")) == account


# -- against the server --------------------------------------------------------------------
neo4j = pytest.mark.neo4j


@pytest.fixture
def cli_env(neo4j_target, monkeypatch):
    """The POWERMAP_NEO4J_* variables pointing the command line at the test server."""
    for name, value in neo4j_target.environ().items():
        monkeypatch.setenv(name, value)
    return neo4j_target


@pytest.fixture
def test_files(tmp_path):
    """Two example accounts written under pmtest- ids, as files to push."""
    paths = []
    for path in (EXAMPLES / "kestrel-manufacturing.yaml", EXAMPLES / "zachary-karate.yaml"):
        account = renamed(load(path), PREFIX + "cli-" + path.stem)
        target = tmp_path / f"{account.account.id}.yaml"
        write_account(account, target)
        paths.append(target)
    return paths


def _one_line(result) -> str:
    assert "Traceback" not in result.output
    assert len(result.stderr.splitlines()) == 1, result.stderr
    return result.stderr.strip()


@neo4j
def test_push_list_pull_delete_through_the_command_line(run, cli_env, test_files, tmp_path):
    first = run("neo4j", "push", *test_files)
    assert first.exit_code == 0, first.output
    ids = [load(path).account.id for path in test_files]
    assert [line.split(":")[0] for line in first.stdout.splitlines()] == [f"pushed {i}" for i in ids]
    again = run("neo4j", "push", test_files[0])
    assert again.stdout.startswith(f"pushed {ids[0]}: already up to date")
    listed = run("neo4j", "list")
    assert listed.exit_code == 0
    assert any(line.startswith(ids[0] + " ") and " 26 people " in line for line in listed.stdout.splitlines())
    pulled = tmp_path / "pulled.json"
    result = run("neo4j", "pull", ids[0], "-o", pulled)
    assert result.exit_code == 0 and result.stdout == f"wrote {pulled} (json)\n"
    assert load(pulled) == load(test_files[0])
    assert run("neo4j", "pull", ids[0], "-o", pulled).exit_code == ExitCode.OUTPUT  # never over a file unasked
    for account_id in ids:
        deleted = run("neo4j", "delete", account_id)
        assert deleted.exit_code == 0 and deleted.stdout.startswith(f"deleted {account_id} (")
    gone = run("neo4j", "delete", ids[0])
    assert gone.exit_code == 4
    assert _one_line(gone) == (f"no account {ids[0]!r} in database {cli_env.database!r} at {display_uri(cli_env.uri)}: "
                               "`powermap neo4j list` shows the accounts there")


@neo4j
def test_analysis_commands_take_an_account_id_with_backend(run, cli_env, test_files, tmp_path):
    account_id = load(test_files[0]).account.id
    assert run("neo4j", "push", test_files[0]).exit_code == 0
    try:
        for args in (("report", "-f", "json"), ("report", "-f", "markdown"), ("path", "--to", "harold_kestrel", "-f", "json")):
            from_file = run(args[0], test_files[0], *args[1:])
            from_db = run(args[0], account_id, *args[1:], "--backend", cli_env.uri)
            assert from_db.exit_code == 0, from_db.output
            assert from_db.stdout == from_file.stdout
        page = tmp_path / "map.html"
        drawn = run("map", account_id, "--backend", cli_env.uri, "-o", page)
        assert drawn.exit_code == 0, drawn.output
        assert page.stat().st_size > 0
    finally:
        run("neo4j", "delete", account_id)


def test_neo4j_commands_need_a_server(run, monkeypatch):
    monkeypatch.delenv("POWERMAP_NEO4J_URI", raising=False)
    result = run("neo4j", "list")
    assert result.exit_code == 2
    assert "no Neo4j server given: use --backend bolt://HOST:7687 or set POWERMAP_NEO4J_URI" in result.stderr
    memory = run("neo4j", "list", "--backend", "memory")
    assert memory.exit_code == 2 and "need a Neo4j server" in memory.stderr
    wrong = run("report", "acme", "--backend", "http://x")
    assert wrong.exit_code == 2 and "expected memory or a Neo4j address" in wrong.stderr
    stray = run("report", EXAMPLES / "zachary-karate.yaml", "--user", "alice")
    assert stray.exit_code == 2 and "--user and --database go with --backend" in stray.stderr


def test_push_validates_every_file_before_writing(run, monkeypatch, tmp_path):
    monkeypatch.setenv("POWERMAP_NEO4J_URI", "bolt://127.0.0.1:9")  # never reached: the second file is invalid
    bad = tmp_path / "bad.yaml"
    bad.write_text("account: {id: Bad Id, name: x}\n", encoding="utf-8")
    result = run("neo4j", "push", EXAMPLES / "zachary-karate.yaml", bad)
    assert result.exit_code == 1 and "bad.yaml:1" in result.stderr
    twice = run("neo4j", "push", EXAMPLES / "zachary-karate.yaml", EXAMPLES / "zachary-karate.yaml")
    assert twice.exit_code == 2 and "both hold account 'zachary-karate'" in twice.stderr


# -- failures: one line, what to check, status 4, nothing half written ----------------------
@neo4j
def test_a_server_that_is_down(run, monkeypatch):
    from servers import free_port

    uri = f"bolt://127.0.0.1:{free_port()}"
    monkeypatch.setenv("POWERMAP_NEO4J_PASSWORD", "pw")
    result = run("report", "acme", "--backend", uri)
    assert result.exit_code == 4
    assert _one_line(result) == (f"cannot reach a Neo4j server at {uri}: check that it is running and that the address "
                                 "and port are right (--backend or POWERMAP_NEO4J_URI)")


@neo4j
def test_a_wrong_password_is_named_but_never_shown(run, cli_env, monkeypatch):
    password = "Wr0ng-pässword!$x"
    monkeypatch.setenv("POWERMAP_NEO4J_PASSWORD", password)
    result = run("neo4j", "list")
    assert result.exit_code == 4
    assert _one_line(result) == (f"the Neo4j server at {display_uri(cli_env.uri)} refused user {cli_env.user!r}: check "
                                 "POWERMAP_NEO4J_USER (or --user) and POWERMAP_NEO4J_PASSWORD")
    assert password not in result.output
    monkeypatch.delenv("POWERMAP_NEO4J_PASSWORD")  # none at all, and no terminal to ask at
    assert run("neo4j", "list").exit_code == 4


@neo4j
def test_an_unknown_database(run, cli_env):
    result = run("neo4j", "push", EXAMPLES / "zachary-karate.yaml", "--database", "pmtest_no_such_db")
    assert result.exit_code == 4
    assert _one_line(result) == (f"the Neo4j server at {display_uri(cli_env.uri)} has no database 'pmtest_no_such_db' "
                                 "(or it is offline): check --database or POWERMAP_NEO4J_DATABASE (SHOW DATABASES lists them)")


@pytest.fixture
def private(neo4j_server):
    """The Neo4j started by this session (never POWERMAP_NEO4J_URI's), for a test that adds a constraint."""
    target = Neo4jTarget.of(neo4j_server)
    with target.connect() as store:
        yield target, store


@neo4j
def test_a_constraint_violation_rolls_the_whole_account_back(run, private, monkeypatch, tmp_path):
    import neo4j as driver

    target, store = private
    source = load(EXAMPLES / "riverside-hospital.yaml")
    first, second = renamed(source, PREFIX + "first"), renamed(source, PREFIX + "second")
    with driver.GraphDatabase.driver(target.uri, auth=(target.user, target.password)) as raw:
        try:
            store.push(first)
            # Someone else's rule: stakeholder names unique across the whole database.
            raw.execute_query("CREATE CONSTRAINT pmtest_unique_name IF NOT EXISTS FOR (n:Stakeholder) REQUIRE n.name IS UNIQUE",
                              database_=target.database)
            path = tmp_path / "second.yaml"
            write_account(second, path)
            for name, value in target.environ().items():
                monkeypatch.setenv(name, value)
            result = run("neo4j", "push", path)
            assert result.exit_code == 4
            line = _one_line(result)
            assert line.startswith("the database refused pushing account 'pmtest-second': a constraint was violated (")
            assert line.endswith("); nothing was saved: check SHOW CONSTRAINTS for constraints powermap did not create "
                                 "(powermap's are named powermap_*)")
            assert [s.id for s in store.accounts() if s.id in (first.account.id, second.account.id)] == [first.account.id]
            assert store.account(first.account.id) == first
            assert store.read("export_nodes", account=second.account.id) == []  # not one node of the refused account
        finally:
            raw.execute_query("DROP CONSTRAINT pmtest_unique_name IF EXISTS", database_=target.database)
            for account in (first, second):
                if store.read("export_nodes", account=account.account.id):
                    store.delete(account.account.id)


@neo4j
def test_a_connection_dropped_mid_push_leaves_nothing_behind(run, monkeypatch, tmp_path):
    """A Neo4j of its own, killed (SIGKILL) after the third batch of a push; started again on
    its files, it recovers and holds nothing of that account."""
    from powermap.backends.neo4j import Neo4jBackend

    server = start_test_server("neo4j")
    restarted = None
    try:
        account = renamed(load(EXAMPLES / "kestrel-manufacturing.yaml"), PREFIX + "dropped")
        path = tmp_path / "dropped.yaml"
        write_account(account, path)
        push = Neo4jBackend.push

        def push_and_kill(self, account, **_):
            def progress(done, total):
                if done >= 15:
                    server.kill()
            return push(self, account, batch_size=5, progress=progress)

        monkeypatch.setattr(Neo4jBackend, "push", push_and_kill)
        for name, value in Neo4jTarget.of(server).environ().items():
            monkeypatch.setenv(name, value)
        result = run("neo4j", "push", path)
        assert result.exit_code == 4
        assert _one_line(result) == (f"lost the connection to the Neo4j server at {server.uri} while pushing account "
                                     "'pmtest-dropped'; nothing of it was saved: check the server, then run the command again")
        restarted = start_test_server("neo4j", folder=server.folder, password=server.password)
        with Neo4jTarget.of(restarted).connect() as store:
            assert store.accounts() == ()
            assert store.read("export_nodes", account=account.account.id) == []
    finally:
        if restarted is not None:
            restarted.stop()
        server.stop()


@neo4j
def test_small_batches_write_the_same_account(neo4j_target):
    account = renamed(load(EXAMPLES / "provincial-energy-group.yaml"), PREFIX + "batches")
    with neo4j_target.connect() as store:
        seen = []
        try:
            result = store.push(account, batch_size=7, progress=lambda done, total: seen.append((done, total)))
            assert store.account(account.account.id) == account
            total = result.nodes_written + result.relationships_created
            assert seen[-1] == (total, total) and len(seen) > total // 7
        finally:
            store.delete(account.account.id)


@neo4j
@pytest.mark.parametrize("account_id", list(EXAMPLE_ACCOUNTS))
def test_the_browser_introduction_query_gives_the_reference_routes_on_neo4j(neo4j_target, account_id):
    """introduction_candidates.cypher (one allShortestPaths query, for Neo4j Browser) gives the
    reference answer on Neo4j, which applies its WHERE during the search, also when the key
    people are avoided (the ArcadeDB test server does not: see the file)."""
    from powermap.analysis.graph import build_graph
    from powermap.analysis.key_persons import key_persons
    from powermap.backends import reference

    account = EXAMPLE_ACCOUNTS[account_id]
    graph = build_graph(account)
    avoided = [person.id for person in key_persons(graph).ranked][:3]
    with neo4j_target.connect() as store:
        store.push(account)
        try:
            for person in account.stakeholders:
                for avoid in ([], avoided):
                    rows = store.read("introduction_candidates", account=account_id, target=person.id, avoid=avoid)
                    found = tuple(sorted({tuple(row["route"]) for row in rows}))
                    assert found == reference.introduction_candidates(graph, person.id, avoid), (person.id, avoid)
        finally:
            store.delete(account_id)


@neo4j
def test_the_neo4j_test_server_takes_its_password_from_the_environment_and_listens_on_loopback(neo4j_server):
    """Nothing in its command line shows the password (``ps`` would), and it answers on 127.0.0.1."""
    import neo4j as driver

    command_line = (Path("/proc") / str(neo4j_server.pid) / "cmdline").read_bytes().split(b"\0")
    assert neo4j_server.password.encode() not in b" ".join(command_line)
    assert neo4j_server.uri.startswith("bolt://127.0.0.1:")
    with driver.GraphDatabase.driver(neo4j_server.uri, auth=(neo4j_server.user, neo4j_server.password)) as raw:
        assert raw.get_server_info().agent == f"Neo4j/{neo4j_server.version}"
        assert neo4j_server.version.startswith("5.26.")


def test_the_neo4j_launcher_says_where_it_is_when_it_is_missing(tmp_path):
    from servers import ServerUnavailable, build_neo4j

    with pytest.raises(ServerUnavailable) as caught:
        build_neo4j(tmp_path / "nowhere")
    assert str(caught.value) == (f"the Neo4j launcher is not here ({tmp_path / 'nowhere'}): it is part of a clone of "
                                 "powermap's repository, under tests/neo4j-server")


@pytest.fixture(scope="module")
def kestrel_on_neo4j(neo4j_target):
    """Kestrel pushed under a pmtest- id into the real Neo4j, for the tests of single files."""
    account = renamed(load(EXAMPLES / "kestrel-manufacturing.yaml"), PREFIX + "files")
    with neo4j_target.connect() as store:
        store.push(account)
        try:
            yield account
        finally:
            store.delete(account.account.id)


@neo4j
@pytest.mark.parametrize("name", query_names())
def test_every_query_file_runs_on_neo4j_without_a_warning(neo4j_target, kestrel_on_neo4j, name):
    """Each file of the library, statement by statement, on the real server: accepted, and no
    notification of severity WARNING (deprecated syntax, an unknown label or property ...).
    Every statement runs in a transaction that is rolled back, so nothing changes; the row
    lists of the push and prune files are empty (the backend suite writes real ones)."""
    import neo4j as driver

    account = kestrel_on_neo4j
    person = next(p.id for p in account.stakeholders if p.reports_to)
    values = {"account": account.account.id, "person": person, "target": person, "people": [p.id for p in account.stakeholders[:5]],
              "roles": ["decision_maker", "funder"], "as_of": "2026-11-15", "stale_days": 90,
              "avoid": [account.stakeholders[0].id], "members": [m.id for m in account.team], "digest": "0" * 64}
    with driver.GraphDatabase.driver(neo4j_target.uri, auth=(neo4j_target.user, neo4j_target.password)) as raw:
        with raw.session(database=neo4j_target.database) as session:
            for statement in query(name).statements:
                missing = statement.parameters - values.keys() - {statement.rows}
                assert not missing, f"{name}: give {sorted(missing)} an example value in this test"
                parameters = {key: [] if key == statement.rows else values[key] for key in statement.parameters}
                transaction = session.begin_transaction()
                try:
                    summary = transaction.run(statement.text, parameters).consume()
                finally:
                    transaction.rollback()
                warnings = [f"{status.gql_status}: {status.status_description}" for status in summary.gql_status_objects
                            if status.is_notification and status.severity == driver.NotificationSeverity.WARNING]
                assert not warnings, (name, statement.text, warnings)


def test_every_neo4j_command_the_backend_option_and_status_4_are_documented():
    from powermap.cli import cli

    readme = (REPO / "README.md").read_text(encoding="utf-8")
    for name in cli.commands["neo4j"].commands:
        assert f"powermap neo4j {name}" in readme, name
    assert "--backend URI" in readme and "| 4 |" in readme
    for name in ("POWERMAP_NEO4J_URI", "POWERMAP_NEO4J_USER", "POWERMAP_NEO4J_PASSWORD", "POWERMAP_NEO4J_DATABASE",
                 "POWERMAP_REQUIRE_NEO4J"):
        assert name in readme, name
