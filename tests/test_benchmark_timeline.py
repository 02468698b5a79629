"""The core-use timeline of a report (benchmarks/timeline.py): readings summed into windows, by
hand, the process tree it reads, and the environment every benchmark's processes run in."""

from __future__ import annotations

import os
import subprocess
import sys
import time

import pytest

from benchmarks.common import child_env, process_tree
from benchmarks.timeline import labels, processor_seconds, table, windows

# Two processes read every quarter second: the report (pid 10) busy all along, a copy (pid 11)
# from 0.5 s, busy from 0.75 s; the last reading ends a short window of its own.
SAMPLES = [
    (0.25, {10: 0.25}),
    (0.5, {10: 0.5, 11: 0.0}),
    (0.75, {10: 0.75, 11: 0.0}),
    (1.0, {10: 1.0, 11: 0.25}),
    (1.25, {10: 1.25, 11: 0.5}),
    (1.4, {10: 1.4, 11: 0.65}),
]


def test_readings_are_summed_into_windows_by_hand():
    rows = windows(SAMPLES, 0.5)
    # 0-0.5 s: the report's 0.5 s, one core; 0.5-1.0 s: 0.5 s + 0.25 s over 0.5 s, 1.5 cores;
    # 1.0-1.4 s: 0.4 s + 0.4 s over 0.4 s, two cores
    assert [(start, end) for start, end, _, _ in rows] == [(0.0, 0.5), (0.5, 1.0), (1.0, 1.4)]
    assert [round(cores, 9) for _, _, cores, _ in rows] == [1.0, 1.5, 2.0]
    assert [{pid: round(spent, 9) for pid, spent in used.items()} for *_, used in rows] == [
        {10: 0.5, 11: 0.0}, {10: 0.5, 11: 0.25}, {10: 0.4, 11: 0.4}]


def test_a_window_ends_at_the_first_reading_past_it():
    rows = windows(SAMPLES, 0.6)  # 0.6 s: the first window ends at 0.75 s, the next at 1.4 s (the last)
    assert [(start, end) for start, end, _, _ in rows] == [(0.0, 0.75), (0.75, 1.4)]
    assert round(rows[0][2], 9) == 1.0  # 0.75 s of the report over 0.75 s


def test_processes_are_named_in_the_order_they_appear():
    names = labels([(0.1, {7: 0.1}), (0.2, {7: 0.2, 9: 0.0, 8: 0.0}), (0.3, {8: 0.1})])
    assert names == {7: "report", 9: "copy 1", 8: "copy 2"}
    text = table(windows([(0.5, {7: 0.5}), (1.0, {7: 0.75, 9: 0.25})], 0.5), names)
    assert text.splitlines() == [
        "| from | to | cores busy | report | copy 1 | copy 2 |",
        "|---:|---:|---:|---:|---:|---:|",
        "| 0.0 s | 0.5 s | 1.00 | 0.50 |  |  |",
        "| 0.5 s | 1.0 s | 1.00 | 0.25 | 0.25 |  |",
    ]


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_the_process_tree_and_its_processor_time_are_read_from_proc():
    busy = "import os, time\nchild = os.fork()\nend = time.process_time() + 0.3\nwhile time.process_time() < end: pass\n" \
           "if child: os.waitpid(child, 0)\n"
    process = subprocess.Popen([sys.executable, "-c", busy])
    try:
        tree = []
        for _ in range(100):  # until the fork has happened
            tree = process_tree(process.pid)
            if len(tree) == 2:
                break
            time.sleep(0.01)
        assert tree[0] == process.pid and len(tree) == 2
        assert set(processor_seconds(tree)) == set(tree)
    finally:
        process.wait()
    assert processor_seconds([process.pid]) == {}  # ended: left out
    assert process_tree(os.getpid())[0] == os.getpid()


def test_measured_processes_cache_bytecode_and_run_one_blas_thread(monkeypatch):
    """Every benchmark runs its processes in one environment: bytecode cached (a compile of
    powermap per run would be measured otherwise), OpenBLAS on one thread, and its own values."""
    monkeypatch.setenv("PYTHONDONTWRITEBYTECODE", "1")
    monkeypatch.setenv("OPENBLAS_NUM_THREADS", "4")
    monkeypatch.setenv("POWERMAP_MAX_INPUT_MB", "5")
    env = child_env()
    assert "PYTHONDONTWRITEBYTECODE" not in env and env["OPENBLAS_NUM_THREADS"] == "1"
    assert env["POWERMAP_MAX_INPUT_MB"] == "5" and env["PATH"] == os.environ["PATH"]
    assert child_env(POWERMAP_MAX_INPUT_MB="1024")["POWERMAP_MAX_INPUT_MB"] == "1024"
    assert "POWERMAP_MAX_INPUT_MB" not in child_env(POWERMAP_MAX_INPUT_MB=None)
