"""Time `powermap portfolio` on many generated accounts, one worker against all cores.

    python -m benchmarks.bench_portfolio                  # 1,000 accounts of 20-80 people
    python -m benchmarks.bench_portfolio --accounts 200 --no-write

Writes the accounts as JSON files into a temporary folder (the portfolio reads them as a
user's folder would), times :func:`powermap.portfolio.portfolio` with one process and with
one per core, and rewrites the block between the ``bench-portfolio`` markers in
docs/performance.md. Target (issue): 1,000 accounts of 20-80 people under 60 s on 2 cores.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import random
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.common import commit, write_block
from benchmarks.generate import generate_account

REPO = Path(__file__).resolve().parents[1]
DOC = REPO / "docs" / "performance.md"


def write_accounts(folder: Path, count: int, seed: int) -> int:
    """``count`` accounts of 20-80 people as JSON; returns the number of people written."""
    from powermap.writers import write_account

    sizes = random.Random(seed)
    people = 0
    for number in range(count):
        size = sizes.randint(20, 80)
        account = generate_account(size, seed=seed + number)
        account = account.model_copy(update={"account": account.account.model_copy(update={"id": f"bench-{number:04d}"})})
        write_account(account, folder / f"account-{number:04d}.json")
        people += size
    return people


def run(folder: Path, workers: int) -> tuple[float, int, int]:
    from powermap.portfolio import portfolio

    start = time.perf_counter()
    result = portfolio([folder], workers=workers)
    return time.perf_counter() - start, len(result.accounts), len(result.errors)


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.bench_portfolio", description=__doc__.splitlines()[0])
    parser.add_argument("--accounts", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--no-write", action="store_true", help="print the result, leave docs/performance.md alone")
    args = parser.parse_args()
    cores = os.cpu_count() or 1
    with tempfile.TemporaryDirectory(prefix="powermap-portfolio-") as folder:
        start = time.perf_counter()
        people = write_accounts(Path(folder), args.accounts, args.seed)
        generated = time.perf_counter() - start
        single = run(Path(folder), 1)
        parallel = run(Path(folder), cores)
    lines = [
        f"Measured {dt.date.today().isoformat()} at commit `{commit()}` on {platform.machine()}, {cores} cores, "
        f"Python {platform.python_version()}; 1-minute load average {os.getloadavg()[0]:.1f} at the end.",
        "",
        "| accounts | people | generate + write | 1 worker | " + f"{cores} workers | speed-up | errors |",
        "| ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
        f"| {args.accounts:,} | {people:,} | {generated:.1f} s | {single[0]:.1f} s | {parallel[0]:.1f} s "
        f"| {single[0] / parallel[0]:.2f}x | {parallel[2]} |",
    ]
    block = "\n".join(lines)
    print(block)
    if not args.no_write:
        write_block("bench-portfolio", block, "## Portfolio")
        print(f"wrote {DOC}", file=sys.stderr)


if __name__ == "__main__":
    main()
