"""Shared test helpers: paths to the examples and test data, and a CLI runner."""

from __future__ import annotations

from pathlib import Path

import os
import shutil

import pytest
from click.testing import CliRunner

from powermap.cli import cli

REPO = Path(__file__).resolve().parents[1]
EXAMPLES = REPO / "examples"
DATA = Path(__file__).resolve().parent / "data"
INVALID = DATA / "invalid"
DATASETS = REPO.parent / "shared" / "datasets"
OUTPUT = REPO / "tests" / "output"  # screenshots and maps for a person to look at (not committed)
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.fixture
def run():
    """Run the powermap command in-process: ``run("check", path)`` -> click Result."""
    runner = CliRunner()

    def invoke(*args: str):
        return runner.invoke(cli, [str(arg) for arg in args], prog_name="powermap")

    return invoke


@pytest.fixture
def english(monkeypatch):
    """Read every report in English, as ``--lang en`` does, also for accounts whose people have
    Chinese names (auto would say those in Chinese)."""
    monkeypatch.setenv("POWERMAP_LANG", "en")


def nested(parent: dict, inner, outer) -> bool:
    """Whether department ``inner`` is ``outer`` or inside it, by the ``parent`` of each."""
    while inner is not None:
        if inner == outer:
            return True
        inner = parent.get(inner)
    return False


def make_account(**tables):
    """A small account built in code: ``make_account(stakeholders=[...], contacts=[...])``.

    The account table defaults to ``{id: demo, name: Demo}`` plus whatever ``account`` adds.
    """
    from powermap.model import AccountMap

    head = {"id": "demo", "name": "Demo", **tables.pop("account", {})}
    return AccountMap.model_validate({"account": head, **tables})


def make_graph(**tables):
    """The analysis graph of :func:`make_account`."""
    from powermap.analysis.graph import build_graph

    return build_graph(make_account(**tables))


def people_account(people, relations=(), factions=(), departments=()):
    """An account of people and ties only: ``people`` are ids or dicts (the name defaults to
    the id upper-cased); ``relations`` are ``(source, target, type, weight)`` tuples."""
    from powermap.model import AccountMap

    records = [{"name": p.upper(), "id": p} if isinstance(p, str) else {"name": p["id"].upper(), **p} for p in people]
    return AccountMap.model_validate(
        {
            "account": {"id": "test", "name": "Test"},
            "departments": list(departments),
            "factions": list(factions),
            "stakeholders": records,
            "relations": [{"source": s, "target": t, "type": kind, "weight": w} for s, t, kind, w in relations],
        }
    )


def account_file(folder, account, name: str = "account.yaml"):
    """An account file ``folder/name`` written from YAML text, or from a dict dumped as YAML."""
    if not isinstance(account, str):
        import yaml

        account = yaml.safe_dump(account, allow_unicode=True, sort_keys=False)
    path = folder / name
    path.write_text(account, encoding="utf-8")
    return path


def csv_folder(folder, **tables: str):
    """A CSV account folder: each table's text written to ``folder/<table>.csv`` (UTF-8)."""
    folder.mkdir(parents=True, exist_ok=True)
    for table, text in tables.items():
        (folder / f"{table}.csv").write_text(text, encoding="utf-8")
    return folder


def report_json(run, path, *options) -> dict:
    """``powermap report PATH -f json [options]`` through the CLI, as a dict (it must succeed)."""
    import json

    result = run("report", path, "-f", "json", *options)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def path_lines(run, path, target, *options) -> list[str]:
    """The lines ``powermap path PATH --to TARGET [options]`` prints (it must succeed)."""
    result = run("path", path, "--to", target, *options)
    assert result.exit_code == 0, result.output
    return result.stdout.splitlines()


def recommendation(path, target):
    """The analysis' own recommendation about ``target`` (its messages, to read in Chinese)."""
    from powermap.analysis.account_analysis import Analysis
    from powermap.loaders import load

    return next(item for item in Analysis(load(path)).recommendations if item.target == target)


def rows(path):
    """The rows of a CSV file as dicts."""
    import csv

    with open(path, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def sampson_account():
    """Sampson's novices: liking at T3 and esteem as alliances, dislike and disesteem as
    rivalries; returns the account and each novice's id."""
    folder = DATASETS / "sampson_monastery"
    ids = {row["id"]: row["id"].lower().replace(" ", "-") for row in rows(folder / "nodes.csv")}
    relations = []
    for name, kind in [("like_t3", "ally"), ("esteem", "ally"), ("dislike", "rival"), ("disesteem", "rival")]:
        for row in rows(folder / f"edges_{name}.csv"):
            relations.append((ids[row["source"]], ids[row["target"]], kind, round(int(row["rank"]) / 3, 4)))
    return people_account([{"id": ids[name], "name": name} for name in ids], relations), ids


@pytest.fixture(scope="session")
def browser():
    """A headless Debian Chromium driven by Playwright, shared by the browser tests.

    Skipped when no Chromium is installed, unless POWERMAP_REQUIRE_BROWSER=1 (CI), where a
    missing browser is a failure.
    """
    if CHROMIUM is None:
        if os.environ.get("POWERMAP_REQUIRE_BROWSER"):
            pytest.fail("Chromium is not installed (apt-get install chromium)")
        pytest.skip("Chromium is not installed")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                  "--disable-sync", "--no-first-run", "--disable-quic"],
        )
        yield chromium
        chromium.close()


# -- Neo4j backend: real Bolt + Cypher servers for the shared backend suite --------------------
# The Neo4j tests run against a real Neo4j: the one POWERMAP_NEO4J_URI (and _USER, _PASSWORD,
# _DATABASE) names, else Neo4j Community 5.26 started here from the launcher in tests/neo4j-server
# (built with Maven the first time; docs/neo4j.md), once per session on a free 127.0.0.1 port and
# stopped by its PID. The backend suite runs against the ArcadeDB test server from PyPI too, the
# stand-in the Cypher was first written on, so the queries stay portable. Without a server the
# Neo4j tests skip with the reason, unless POWERMAP_REQUIRE_NEO4J=1 (CI), where they fail.

from dataclasses import dataclass as _dataclass


@_dataclass(frozen=True)
class Neo4jTarget:
    """Where the Neo4j tests connect; ``server`` is the process when we started one."""

    uri: str
    user: str
    password: str | None
    database: str
    server: object | None = None

    @classmethod
    def of(cls, server) -> "Neo4jTarget":
        return cls(server.uri, server.user, server.password, server.database, server)

    def connect(self):
        from powermap.backends import connect

        return connect(self.uri, user=self.user, password=self.password, database=self.database)

    def environ(self) -> dict[str, str]:
        """The POWERMAP_NEO4J_* variables that point the command line here."""
        values = {"POWERMAP_NEO4J_URI": self.uri, "POWERMAP_NEO4J_USER": self.user,
                  "POWERMAP_NEO4J_DATABASE": self.database}
        if self.password is not None:
            values["POWERMAP_NEO4J_PASSWORD"] = self.password
        return values


def neo4j_unavailable(reason: str):
    """Skip, or fail when POWERMAP_REQUIRE_NEO4J=1 says the server must be there."""
    if os.environ.get("POWERMAP_REQUIRE_NEO4J", "0") not in ("", "0"):
        pytest.fail(f"no Neo4j test server: {reason}")
    pytest.skip(f"no Neo4j test server: {reason}")


def start_test_server(kind: str, **options):
    """A test server started here (``neo4j`` or ``arcadedb``), or a skip (a failure in CI) saying why not."""
    from servers import ServerUnavailable, start_neo4j, start_server

    try:
        import neo4j  # noqa: F401
    except ImportError:
        neo4j_unavailable("the neo4j driver is not installed (pip install -e '.[test]')")
    try:
        return start_neo4j(**options) if kind == "neo4j" else start_server(**options)
    except ServerUnavailable as error:
        neo4j_unavailable(f"{kind}: {error}")


@pytest.fixture(scope="session")
def neo4j_server():
    """Neo4j Community from tests/neo4j-server (user and database ``neo4j``), once per session."""
    server = start_test_server("neo4j")
    yield server
    server.stop()


@pytest.fixture(scope="session")
def arcadedb_server():
    """The ArcadeDB test server (database ``powermap``), once per session."""
    server = start_test_server("arcadedb")
    yield server
    server.stop()


@pytest.fixture(scope="session")
def neo4j_target(request):
    """A real Neo4j: POWERMAP_NEO4J_URI's if set, else the one started here."""
    uri = os.environ.get("POWERMAP_NEO4J_URI")
    if uri:
        yield Neo4jTarget(uri, os.environ.get("POWERMAP_NEO4J_USER", "neo4j"), os.environ.get("POWERMAP_NEO4J_PASSWORD"),
                          os.environ.get("POWERMAP_NEO4J_DATABASE", "neo4j"))
        return
    yield Neo4jTarget.of(request.getfixturevalue("neo4j_server"))
