"""The shape of ``powermap.backends``: the contract imports no backend, the registry of URL
schemes is the documented one, every public name stays where users import it from.

No server needed: these read the package's source and import it in fresh processes.
"""

from __future__ import annotations

import ast
import re
import subprocess
import sys

import pytest

from powermap.backends import connect

from conftest import REPO

BACKENDS = REPO / "powermap" / "backends"
# What `from powermap.backends import ...` gave before connect() moved into the package: the
# names README.md, docs/neo4j.md and the command line import from there.
PUBLIC = ("Backend", "PushResult", "PushInterrupted", "AccountSummary", "AccountNotFound", "AccountInterrupted",
          "Settings", "connect", "display_uri", "address_problem", "BOLT_SCHEMES", "ENVIRONMENT", "is_memory",
          "load_account")


def _imports(path) -> set[str]:
    """The modules of powermap.backends that a module of it imports, anywhere in its code
    (a function's own import counts: it is a dependency all the same)."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.level == 1:
            if node.module:
                found.add(node.module.split(".")[0])
            else:  # from . import reference, base
                found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("powermap.backends"):
            found.add(node.module.split(".")[2] if node.module.count(".") >= 2 else "__init__")
    return found


def _graph() -> dict[str, set[str]]:
    modules = {path.stem for path in BACKENDS.glob("*.py")}
    return {path.stem: {name for name in _imports(path) if name in modules or name == "__init__"}
            for path in BACKENDS.glob("*.py")}


def test_the_contract_imports_no_backend_and_no_module_of_the_package_imports_it_back():
    graph = _graph()
    assert not graph["base"] & {"memory", "neo4j", "__init__"}, graph["base"]
    assert {"memory", "neo4j"} <= graph["__init__"]  # connect() is where the backends are chosen
    # no circle anywhere among the package's modules
    state: dict[str, str] = {}

    def visit(module: str, path: tuple[str, ...]) -> None:
        if state.get(module) == "done":
            return
        assert state.get(module) != "open", " -> ".join((*path, module))
        state[module] = "open"
        for imported in sorted(graph.get(module, ())):
            visit(imported, (*path, module))
        state[module] = "done"

    for module in sorted(graph):
        visit(module, ())


def test_importing_the_contract_loads_neither_backend():
    code = ("import sys, powermap.backends.base as base; "
            "print(sorted(m for m in sys.modules if m.startswith('powermap.backends.')))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO, check=True)
    loaded = set(ast.literal_eval(done.stdout.strip()))
    assert not loaded & {"powermap.backends.memory", "powermap.backends.neo4j"}, loaded


def test_every_public_name_is_importable_from_the_package_and_only_lazily_loads_the_contract():
    names = ", ".join(PUBLIC)
    code = (f"import sys; from powermap.backends import {names}; "
            "print(all(isinstance(x, object) for x in ({names},)), 'powermap.backends.memory' in sys.modules, "
            "'neo4j' in sys.modules)")
    done = subprocess.run([sys.executable, "-c", code.replace("{names}", names)], capture_output=True, text=True,
                          cwd=REPO, check=True)
    assert done.stdout.split() == ["True", "False", "False"]
    import powermap.backends as package

    assert set(PUBLIC) <= set(package.__all__)


def test_the_registry_holds_the_schemes_the_documentation_names():
    from powermap.backends import BACKENDS as registry

    text = (REPO / "docs" / "neo4j.md").read_text(encoding="utf-8")
    table = text.split("## Backends, chosen by URL", 1)[1].split("```", 1)[0]
    first_cells = [line.split("|")[1] for line in table.splitlines() if line.startswith("| ") and "---" not in line]
    documented = {re.sub(r"://.*$", "", found) for cell in first_cells[1:]
                  for found in re.findall(r"`([a-z0-9+]+(?::/[^`]*)?)`", cell)}
    assert set(registry) == documented == {"memory", "bolt", "bolt+s", "bolt+ssc", "neo4j", "neo4j+s", "neo4j+ssc"}


@pytest.mark.parametrize("uri, name", [("memory", "memory"), ("MEMORY", "memory"), ("memory:", "memory"),
                                       ("bolt://db.example.invalid:7687", "neo4j"),
                                       ("neo4j+ssc://db.example.invalid", "neo4j")])
def test_connect_picks_the_backend_the_scheme_names_without_connecting(uri, name):
    with connect(uri, password="x", environ={}) as store:
        assert store.name == name


def test_an_address_from_the_environment_is_named_as_such_when_it_cannot_work():
    from powermap.errors import AddressError

    with pytest.raises(AddressError) as caught:
        connect(environ={"POWERMAP_NEO4J_URI": "bolt://:7687"})
    assert str(caught.value) == ("POWERMAP_NEO4J_URI: bolt://:7687 names no host: expected bolt://HOST:7687, "
                                 "neo4j://HOST or neo4j+s://HOST")


def test_the_package_holds_no_test_server():
    """The launcher of the test servers is a fixture of the tests: the installed package has
    no module that starts ArcadeDB or builds Neo4j."""
    import importlib.util

    assert importlib.util.find_spec("powermap.backends.testserver") is None
    starts = [path.relative_to(REPO).as_posix() for path in (REPO / "powermap").rglob("*.py")
              if re.search(r"arcadedb_embedded|neo4j-server|\bmvn\b", path.read_text(encoding="utf-8"))]
    assert starts == []


def test_the_launcher_runs_as_a_script_from_any_folder(tmp_path):
    done = subprocess.run([sys.executable, str(REPO / "tests" / "servers.py"), "--help"], capture_output=True,
                          text=True, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("usage: python tests/servers.py [-h] [--build | --check] [{neo4j,arcadedb}]")


def test_every_python_file_ci_runs_is_there():
    script = (REPO / ".ci" / "run").read_text(encoding="utf-8")
    files = re.findall(r"\.venv/bin/python (\S+\.py)\b", script)
    assert "tests/servers.py" in files
    assert [name for name in files if not (REPO / name).is_file()] == []


@pytest.mark.neo4j
def test_a_report_from_a_database_is_the_report_of_the_version_it_pulled(run, neo4j_target, monkeypatch, tmp_path):
    """A push that commits while ``report --backend`` computes does not reach the report: it
    analyses the one whole version it pulled, like a file (docs/neo4j.md: the Cypher analyses
    are not asked, since they would read the later push)."""
    import powermap.analysis.account_analysis as assembly
    from powermap.loaders import load
    from powermap.model import AccountMap
    from powermap.writers import account_document, write_account

    from conftest import EXAMPLES
    from test_backends import PREFIX, renamed

    before = renamed(load(EXAMPLES / "kestrel-manufacturing.yaml"), PREFIX + "while-reporting")
    document = account_document(before)  # the same account with a department nobody reaches, and its head
    document["departments"] = [*document["departments"], {"id": "quality_lab", "name": "Quality Lab"}]
    document["stakeholders"] = [*document["stakeholders"], {"id": "new_qa_head", "name": "New QA Head",
                                                            "department": "quality_lab", "roles": ["decision_maker"]}]
    after = AccountMap.model_validate(document)
    files = {}
    for name, account in (("before", before), ("after", after)):
        files[name] = tmp_path / f"{name}.yaml"
        write_account(account, files[name])
    expected = {name: run("report", path, "-f", "json").stdout for name, path in files.items()}
    assert expected["before"] != expected["after"] and "quality_lab" in expected["after"]
    for name, value in neo4j_target.environ().items():
        monkeypatch.setenv(name, value)
    ranking = assembly.key_persons
    with neo4j_target.connect() as store:
        store.push(before)
        try:
            def push_then_rank(*args, **options):  # a colleague's push commits after the pull
                store.push(after)
                return ranking(*args, **options)

            monkeypatch.setattr(assembly, "key_persons", push_then_rank)
            result = run("report", before.account.id, "--backend", neo4j_target.uri, "-f", "json")
            assert result.exit_code == 0, result.output
            assert store.account(before.account.id) == after  # the push did commit meanwhile
            assert result.stdout == expected["before"]
        finally:
            store.delete(before.account.id)
