"""One analysis on another core: the same result as here, and a failing child changes nothing."""

import json
import os
import subprocess
import sys

import pytest

from powermap.analysis import alongside as alongside_module
from powermap.analysis.alongside import ALONGSIDE_FROM, alongside
from powermap.loaders import load
from powermap.report import analyze

from benchmarks.generate import generate_account
from conftest import REPO

forking = pytest.mark.skipif(not alongside_module._can_fork(), reason="needs fork and two cores")


@forking
def test_a_big_account_runs_the_function_in_another_process():
    here = os.getpid()
    assert alongside(os.getpid, ALONGSIDE_FROM)() != here
    assert alongside(os.getpid, ALONGSIDE_FROM - 1)() == here  # small: not worth a fork


@forking
def test_a_child_that_fails_or_dies_is_replaced_by_the_call_here():
    here = os.getpid()

    def failing():
        if os.getpid() != here:
            raise RuntimeError("only in the child")
        return "computed here"

    def dying():
        if os.getpid() != here:
            os._exit(9)
        return "computed here"

    assert alongside(failing, ALONGSIDE_FROM)() == "computed here"
    assert alongside(dying, ALONGSIDE_FROM)() == "computed here"


@forking
def test_the_report_is_the_same_with_brokers_and_factions_computed_alongside(monkeypatch):
    account = generate_account(300, seed=2)
    inline = analyze(account).to_dict()
    monkeypatch.setattr(alongside_module, "ALONGSIDE_FROM", 0)
    calls = []
    real = alongside_module.alongside

    def counted(function, size):
        calls.append(size)
        return real(function, size)

    monkeypatch.setattr("powermap.report.alongside", counted)
    assert analyze(account).to_dict() == inline
    assert len(calls) == 2 and calls[0] > 0  # brokers and factions were sent to other processes


@forking
def test_the_command_forks_the_analyses_of_a_big_account_and_writes_the_same_report(tmp_path, monkeypatch):
    """End to end: the real process (which leaves with os._exit) forks brokers and factions
    from ALONGSIDE_FROM people and writes the report the analyses give in one process."""
    people = ALONGSIDE_FROM + 100
    account = tmp_path / "account.json"
    subprocess.run([sys.executable, "-m", "benchmarks.generate", str(people), "-o", str(account)], check=True, cwd=REPO,
                   capture_output=True)
    result = subprocess.run([sys.executable, "-m", "powermap", "report", str(account), "-f", "json", "-o", str(tmp_path / "r.json")],
                            capture_output=True, text=True, cwd=REPO)
    assert result.returncode == 0, result.stderr
    monkeypatch.setattr(alongside_module, "ALONGSIDE_FROM", 10**9)  # here: everything in this process
    inline = json.loads(json.dumps(analyze(load(account)).to_dict(), ensure_ascii=False))
    assert json.loads((tmp_path / "r.json").read_text(encoding="utf-8")) == inline
