"""Two checkouts compared in turn (benchmarks/alternate.py): the table worked by hand, and a
real run of the same checkout twice on an example, whose reports must be the same bytes."""

from __future__ import annotations

import subprocess
import sys

from conftest import EXAMPLES, REPO

from benchmarks.alternate import summary


def test_the_table_has_a_row_a_round_and_each_checkouts_medians_by_hand():
    rounds = [[(1.0, 2.0), (0.9, 1.5)], [(1.2, 2.2), (0.8, 1.4)], [(3.0, 2.1), (1.1, 1.6)]]
    lines = summary(["old", "new"], rounds)
    assert lines[0] == "| round | old wall | processor | new wall | processor |"
    assert lines[2] == "| 1 | 1.00 s | 2.00 s | 0.90 s | 1.50 s |"
    # medians: old 1.2 s (1.0, 1.2, 3.0) and 2.1 s; new 0.9 s and 1.5 s
    assert lines[-1] == "| median | 1.20 s | 2.10 s | 0.90 s | 1.50 s |"
    assert len(lines) == 2 + 3 + 1


def test_the_same_checkout_twice_writes_the_same_report():
    done = subprocess.run([sys.executable, "-m", "benchmarks.alternate", str(EXAMPLES / "zachary-karate.yaml"),
                           "--code", str(REPO), "--code", str(REPO), "--runs", "1", "--", "--lang", "zh"],
                          cwd=REPO, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert "the same bytes from every checkout in every round" in done.stdout
    assert "--lang zh" in done.stdout and "| median |" in done.stdout


def test_one_checkout_is_not_a_comparison():
    done = subprocess.run([sys.executable, "-m", "benchmarks.alternate", str(EXAMPLES / "zachary-karate.yaml"),
                           "--code", str(REPO)], cwd=REPO, capture_output=True, text=True, timeout=120)
    assert done.returncode == 2 and "two checkouts or more" in done.stderr
