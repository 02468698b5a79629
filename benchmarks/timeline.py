"""How the cores are used through one ``powermap report``: the processor time of the report
and of each copy it forks, read from ``/proc`` every ``--every`` seconds and summed in windows
of ``--window`` seconds (Linux).

    python -m benchmarks.timeline /tmp/dense                              # a CSV folder, JSON or YAML file
    python -m benchmarks.timeline /tmp/dense --window 0.1 --code /tmp/old  # another checkout's powermap

The report's own process is ``report``; the copies it forks (a mid-size account's load, the
factions, the brokers, the second half of a betweenness) are ``copy 1``, ``copy 2``, ... in the
order they first appear. Each row is a window: how many cores were busy in it (processor time
over wall time, at most the machine's cores) and each process's processor time in it. A process
that ends between two readings loses its last few hundredths of a second. The report's time
here is not the benchmark's (reading ``/proc`` takes a little of the cores): use it to see
where the cores idle, then time a change with ``bench_scale`` or alternate runs.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.common import child_env, process_tree

Sample = tuple[float, dict[int, float]]  # (seconds since the start, {pid: processor seconds so far})


def processor_seconds(pids: list[int]) -> dict[int, float]:
    """The user and system time of each process so far, in seconds (processes that have ended
    are left out)."""
    tick = os.sysconf("SC_CLK_TCK")
    found = {}
    for pid in pids:
        try:
            fields = (Path("/proc") / str(pid) / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        found[pid] = (int(fields[11]) + int(fields[12])) / tick  # utime, stime: fields 14 and 15 of stat
    return found


def record(command: list[str], *, every: float, env: dict[str, str] | None = None,
           cwd: Path | None = None) -> tuple[float, list[Sample]]:
    """Run ``command`` and read its process tree's processor time every ``every`` seconds
    until it ends: its wall time and the readings."""
    with tempfile.TemporaryFile() as said:  # what the command says, shown if it fails
        start = time.perf_counter()
        process = subprocess.Popen(command, env=env, cwd=cwd, stdout=subprocess.DEVNULL, stderr=said)
        samples: list[Sample] = []
        while process.poll() is None:
            samples.append((time.perf_counter() - start, processor_seconds(process_tree(process.pid))))
            time.sleep(every)
        wall = time.perf_counter() - start
        if process.returncode:
            said.seek(0)
            raise SystemExit(f"{' '.join(command)} failed ({process.returncode}):\n{said.read().decode(errors='replace')}")
    return wall, samples


def windows(samples: list[Sample], width: float) -> list[tuple[float, float, float, dict[int, float]]]:
    """The readings summed in windows at least ``width`` seconds long, each ending at the first
    reading past it, the last at the last reading: ``(start, end, cores busy, {pid: processor
    seconds in the window})``."""
    rows = []
    start, before = 0.0, {}
    for place, (moment, used) in enumerate(samples):
        if (moment < start + width and place < len(samples) - 1) or moment <= start:
            continue  # inside the window (the last reading ends one), or no time since it began
        spent = {pid: seconds - before.get(pid, 0.0) for pid, seconds in used.items()}
        rows.append((start, moment, sum(spent.values()) / (moment - start), spent))
        start, before = moment, used
    return rows


def labels(samples: list[Sample]) -> dict[int, str]:
    """``report`` for the first process seen, ``copy 1``, ``copy 2``, ... for the others, in
    the order they first appear."""
    order: list[int] = []
    for _, used in samples:
        order += [pid for pid in used if pid not in order]
    return {pid: "report" if place == 0 else f"copy {place}" for place, pid in enumerate(order)}


def table(rows: list[tuple[float, float, float, dict[int, float]]], names: dict[int, str]) -> str:
    """The windows as a Markdown table, a column per process."""
    pids = list(names)
    lines = ["| from | to | cores busy | " + " | ".join(names[pid] for pid in pids) + " |",
             "|---:|---:|---:|" + "---:|" * len(pids)]
    for start, end, cores, spent in rows:
        cells = [f"{spent[pid]:.2f}" if pid in spent else "" for pid in pids]
        lines.append(f"| {start:.1f} s | {end:.1f} s | {cores:.2f} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.timeline", description=__doc__.split("\n\n")[0])
    parser.add_argument("account", type=Path, help="the account: a CSV folder, a JSON, YAML or Excel file")
    parser.add_argument("--window", type=float, default=0.5, help="seconds summed in one row (0.5)")
    parser.add_argument("--every", type=float, default=0.05, help="seconds between readings (0.05)")
    parser.add_argument("--code", type=Path, help="run the powermap package found in this folder (another checkout)")
    options = parser.parse_args(argv)
    env = child_env(PYTHONPATH=str(options.code.resolve())) if options.code else child_env()
    with tempfile.TemporaryDirectory() as folder:  # run from there: `-m` reads the package in the current folder first
        wall, samples = record([sys.executable, "-m", "powermap", "report", str(options.account.resolve()), "-f", "json",
                                "-o", str(Path(folder) / "report.json")], every=options.every, env=env, cwd=Path(folder))
    print(f"`powermap report {options.account}`: {wall:.2f} s, {os.cpu_count()} cores, read every {options.every} s\n")
    print(table(windows(samples, options.window), labels(samples)))


if __name__ == "__main__":
    main()
