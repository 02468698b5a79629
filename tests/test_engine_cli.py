"""--engine and POWERMAP_ENGINE on the command line: same answers, bad names are usage errors,
and the engine asked for is the one every analysing command uses."""

from __future__ import annotations

import json
import os

import pytest

from powermap.cli import options as cli_module
from powermap.analysis import engine as engine_module
from powermap.loaders import load

from conftest import EXAMPLES

KRACKHARDT = EXAMPLES / "krackhardt-hightech.yaml"
RIVERSIDE = EXAMPLES / "riverside-hospital.yaml"
KESTREL = EXAMPLES / "kestrel-manufacturing.yaml"


def _analysing_commands(tmp_path, account=KESTREL):
    """Every command that analyses, with the arguments it needs (outputs into tmp_path)."""
    return {
        "report": ("report", account, "-f", "json"),
        "path": ("path", account, "--to", "harold_kestrel"),
        "map": ("map", account, "-o", tmp_path / "map.html"),
        "simulate": ("simulate", account, "--set", "harold_kestrel.stance=supporter", "-f", "json"),
        "plan": ("plan", account, "--budget", "1", "-f", "json"),
        "diff": ("diff", account, account, "-f", "json"),
        "portfolio": ("portfolio", account, "-f", "json", "--workers", "1"),
    }


COMMANDS = ("report", "path", "map", "simulate", "plan", "diff", "portfolio")
# What auto chooses for the account the commands run on.
_AUTO = engine_module.choose("auto", sum(1 for person in load(KESTREL).stakeholders if person.active))


def test_the_engine_choices_are_the_library_engines():
    assert cli_module._ENGINES == engine_module.ENGINES


@pytest.mark.parametrize("command", COMMANDS)
def test_every_analysing_command_takes_engine(run, command):
    result = run(command, "-h")
    assert result.exit_code == 0
    assert "--engine [auto|networkx|igraph]" in result.stdout
    assert "POWERMAP_ENGINE" in result.stdout


@pytest.mark.parametrize("path", [KRACKHARDT, RIVERSIDE], ids=lambda p: p.stem)
def test_networkx_and_igraph_give_the_same_report(run, path):
    reports = {}
    for name in ("networkx", "igraph"):
        result = run("report", path, "-f", "json", "--engine", name)
        assert result.exit_code == 0, result.output
        reports[name] = json.loads(result.stdout)
    assert reports["networkx"]["key_persons"]  # a real report, not two empty ones
    assert reports["igraph"] == reports["networkx"]


def test_a_bad_engine_option_is_a_usage_error(run):
    result = run("report", KESTREL, "--engine", "fast")
    assert result.exit_code == 2
    assert "Traceback" not in result.output
    errors = [line for line in result.stderr.splitlines() if line.startswith("Error:")]
    assert errors == ["Error: Invalid value for '--engine': 'fast' is not one of 'auto', 'networkx', 'igraph'."]
    assert result.stdout == ""


@pytest.mark.parametrize("command", COMMANDS)
def test_a_bad_engine_variable_is_one_line_and_a_usage_error(run, tmp_path, monkeypatch, command):
    monkeypatch.setenv("POWERMAP_ENGINE", "fast")
    result = run(*_analysing_commands(tmp_path)[command])
    assert result.exit_code == 2, result.output
    assert result.stderr == "POWERMAP_ENGINE: unknown engine 'fast'; expected one of auto, networkx, igraph\n"
    assert result.stdout == ""


def test_the_engine_variable_is_checked_before_the_file_is_read(run, tmp_path, monkeypatch):
    monkeypatch.setenv("POWERMAP_ENGINE", "fast")
    result = run("report", tmp_path / "missing.yaml")
    assert result.exit_code == 2  # not 1 (no such file): the usage error comes first


def test_the_option_wins_over_the_variable(run, monkeypatch):
    monkeypatch.setenv("POWERMAP_ENGINE", "fast")
    result = run("report", KESTREL, "-f", "json", "--engine", "NetworkX")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["account"]["id"] == "kestrel-mes"


class _NoIgraph:
    """Stands in for the igraph module: any use of it fails, so a test sees who uses it."""

    def __getattr__(self, name):
        raise RuntimeError(f"igraph used ({name})")


@pytest.fixture
def igraph_spy(monkeypatch):
    monkeypatch.delenv("POWERMAP_ENGINE", raising=False)
    monkeypatch.setattr(engine_module, "_IGRAPH", _NoIgraph())


@pytest.mark.parametrize("command", [name for name in COMMANDS if name != "map"])  # the map's layout is igraph's
def test_every_command_analyses_with_the_engine_asked_for(run, tmp_path, igraph_spy, command):
    args = _analysing_commands(tmp_path)[command]
    assert _AUTO == "networkx"  # a small account: only --engine igraph reaches igraph
    assert run(*args).exit_code == 0
    assert run(*args, "--engine", "networkx").exit_code == 0
    forced = run(*args, "--engine", "igraph")
    assert forced.exit_code == 70, forced.output
    assert "igraph used" in forced.stderr


def test_the_engine_variable_reaches_the_analyses(run, tmp_path, igraph_spy, monkeypatch):
    monkeypatch.setenv("POWERMAP_ENGINE", "igraph")
    assert "igraph used" in run("report", KESTREL).stderr
    assert run("report", KESTREL, "--engine", "auto").exit_code == 0


def test_the_map_analyses_with_the_engine_asked_for(run, tmp_path, monkeypatch):
    from powermap.analysis import account_analysis as map_model  # where the map's analyses are assembled

    monkeypatch.delenv("POWERMAP_ENGINE", raising=False)
    seen = []
    original = map_model.key_persons

    def key_persons(graph, **options):
        seen.append(options.get("engine"))
        return original(graph, **options)

    monkeypatch.setattr(map_model, "key_persons", key_persons)
    for name in ("igraph", "networkx"):
        assert run("map", KESTREL, "-o", tmp_path / f"{name}.html", "--engine", name).exit_code == 0
    assert run("map", KESTREL, "-o", tmp_path / "auto.html").exit_code == 0
    assert seen == ["igraph", "networkx", _AUTO]


@pytest.mark.parametrize("before, after", [(None, "1"), ("4", "4")])
def test_the_command_runs_openblas_on_one_thread_unless_told(monkeypatch, before, after):
    from powermap import cli as cli_module

    def leave(code):  # the real one ends the process at once (os._exit)
        raise SystemExit(code)

    monkeypatch.setattr(cli_module, "_leave", leave)
    if before is None:
        monkeypatch.delenv("OPENBLAS_NUM_THREADS", raising=False)
    else:
        monkeypatch.setenv("OPENBLAS_NUM_THREADS", before)
    monkeypatch.setattr("sys.argv", ["powermap", "--version"])
    with pytest.raises(SystemExit) as stopped:
        cli_module.main()
    assert stopped.value.code == 0
    assert os.environ["OPENBLAS_NUM_THREADS"] == after
