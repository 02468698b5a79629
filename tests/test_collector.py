"""The cyclic garbage collector: paused while many objects are made, off for a command's
process, on for each account of a portfolio."""

from __future__ import annotations

import gc
import subprocess
import sys

import pytest

from powermap.collector import collecting, gc_paused, off_until_exit


@pytest.fixture
def restore():
    was = gc.isenabled()
    yield
    (gc.enable if was else gc.disable)()


def test_paused_then_on_again(restore):
    gc.enable()
    with gc_paused():
        assert not gc.isenabled()
        with gc_paused():  # nested
            assert not gc.isenabled()
        assert not gc.isenabled()
    assert gc.isenabled()


def test_off_until_exit_stays_off_through_pauses(restore):
    gc.enable()
    off_until_exit()
    with gc_paused():
        assert not gc.isenabled()
    assert not gc.isenabled()  # a pause does not switch it on when it was off


def test_collecting_switches_it_on_for_the_block_only(restore):
    gc.disable()
    with collecting():
        assert gc.isenabled()
        with gc_paused():
            assert not gc.isenabled()
        assert gc.isenabled()
    assert not gc.isenabled()
    gc.enable()
    with collecting():
        assert gc.isenabled()
    assert gc.isenabled()


def test_a_command_runs_with_the_collector_off(tmp_path):
    """The console script's entry point switches it off before the command runs."""
    probe = tmp_path / "probe.py"
    probe.write_text(
        "import gc, sys\n"
        "from powermap import cli\n"
        "from powermap.cli import main\n"
        "sys.argv = ['powermap', '--version']\n"
        "real = cli.cli\n"
        "def seen(*args, **kwargs):\n"
        "    print('collector on' if gc.isenabled() else 'collector off', flush=True)\n"
        "    return real(*args, **kwargs)\n"
        "cli.cli = seen\n"
        "main()\n",
        encoding="utf-8",
    )
    done = subprocess.run([sys.executable, str(probe)], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[0] == "collector off"
