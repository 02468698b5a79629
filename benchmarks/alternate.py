"""Two versions of the code compared on one account: ``powermap report`` run from each
checkout in turn, so that both meet the same hours of a machine whose speed moves by 10 % and
more from one hour to the next, and the reports they write compared byte for byte.

    python -m benchmarks.alternate /tmp/dense --code /tmp/old --code . --runs 4
    python -m benchmarks.alternate examples/kestrel-manufacturing.yaml --code /tmp/old --code . -- --lang zh

Each checkout's bytecode is compiled first (with ``PYTHONDONTWRITEBYTECODE`` set, a checkout
without it compiles every module on each run). Each round runs every checkout once, in the
order given; each run is a fresh process (``OPENBLAS_NUM_THREADS=1``) writing the JSON report
to a file of its own. For each run: the wall time and the processor time of the report and
every copy it forked (the children's user and system time, read when it has ended); then each
checkout's medians, and whether every checkout wrote the same bytes as the first in every
round. Arguments after ``--`` go to ``powermap report``.
"""

from __future__ import annotations

import argparse
import compileall
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.common import child_env


def run_once(code: Path, account: Path, output: Path, extra: list[str]) -> tuple[float, float]:
    """One ``powermap report`` from ``code``: (wall seconds, processor seconds of it and its copies)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    process = subprocess.run([sys.executable, "-m", "powermap", "report", str(account), "-f", "json", "-o", str(output),
                              *extra], cwd=tempfile.gettempdir(), env=child_env(PYTHONPATH=str(code)),
                             capture_output=True)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if process.returncode:
        raise SystemExit(f"powermap report from {code} failed ({process.returncode}):\n"
                         f"{process.stderr.decode(errors='replace')}")
    spent = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, spent


def summary(codes: list[str], rounds: list[list[tuple[float, float]]]) -> list[str]:
    """The table's lines: a row per round (each checkout's wall and processor seconds), then
    each checkout's medians."""
    lines = ["| round | " + " | ".join(f"{code} wall | processor" for code in codes) + " |",
             "|---:|" + "---:|---:|" * len(codes)]
    for number, measured in enumerate(rounds, 1):
        lines.append(f"| {number} | " + " | ".join(f"{wall:.2f} s | {spent:.2f} s" for wall, spent in measured) + " |")
    medians = [(statistics.median(measured[place][0] for measured in rounds),
                statistics.median(measured[place][1] for measured in rounds)) for place in range(len(codes))]
    lines.append("| median | " + " | ".join(f"{wall:.2f} s | {spent:.2f} s" for wall, spent in medians) + " |")
    return lines


def main(argv: list[str] | None = None) -> None:
    argv = sys.argv[1:] if argv is None else argv
    extra: list[str] = []
    if "--" in argv:
        at = argv.index("--")
        argv, extra = argv[:at], argv[at + 1:]
    parser = argparse.ArgumentParser(prog="python -m benchmarks.alternate", description=__doc__.split("\n\n")[0])
    parser.add_argument("account", type=Path, help="the account: a file or a CSV folder")
    parser.add_argument("--code", type=Path, action="append", required=True,
                        help="a checkout whose powermap package to run (give two or more, in the order to run them)")
    parser.add_argument("--runs", type=int, default=3, help="rounds: each checkout runs once a round (3)")
    options = parser.parse_args(argv)
    codes = [code.resolve() for code in options.code]
    if len(codes) < 2 or options.runs < 1:
        parser.error("give two checkouts or more (--code A --code B) and at least one run")
    for code in codes:
        if not (code / "powermap" / "__init__.py").is_file():
            parser.error(f"{code}: no powermap package in this folder")
        compileall.compile_dir(str(code / "powermap"), quiet=1)
    account = options.account.resolve()
    rounds, same = [], True
    with tempfile.TemporaryDirectory(prefix="powermap-alternate-") as folder:
        for _ in range(options.runs):
            measured, written = [], []
            for place, code in enumerate(codes):
                output = Path(folder) / f"{place}.json"
                measured.append(run_once(code, account, output, extra))
                written.append(output.read_bytes())
            same = same and all(text == written[0] for text in written[1:])
            rounds.append(measured)
            print(" ".join(f"{wall:.2f} s ({spent:.2f} s)" for wall, spent in measured), file=sys.stderr, flush=True)
    print(f"`powermap report {options.account}{' ' + ' '.join(extra) if extra else ''}`, {options.runs} rounds, "
          "wall and processor time (the report and its copies):\n")
    for number, code in enumerate(codes, 1):
        print(f"{number}. {code}")
    print()
    print("\n".join(summary([str(number) for number in range(1, len(codes) + 1)], rounds)))
    print("\nThe reports: " + ("the same bytes from every checkout in every round." if same else
                               "NOT the same bytes from every checkout."))


if __name__ == "__main__":
    main()
