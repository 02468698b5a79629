"""Push and pull throughput of the Neo4j backend, at 5,000 and 50,000 people.

Run on demand (never in the test suite), from the repository root::

    python -m benchmarks.bench_neo4j                            # writes its section of docs/performance.md
    python -m benchmarks.bench_neo4j --sizes 5000 --batch-sizes 1000 5000 --no-write
    POWERMAP_NEO4J_URI=bolt://... python -m benchmarks.bench_neo4j --real --no-write   # a real Neo4j

By default it starts the ArcadeDB test server of the parity tests (``tests/servers.py``,
``--heap`` for its Java heap) on free local ports and stops it at the end; with
``--real`` it uses the server the ``POWERMAP_NEO4J_*`` variables name and pushes accounts
called ``bench-<size>``, deleting them afterwards.

Per size, on :func:`benchmarks.generate.generate_account` (seed 0), for each batch size (at the
largest size only the best batch size of the smaller one, unless ``--batch-sizes-large``):

- **push** of the account into an empty database (one transaction), in seconds and as
  stakeholders, relations (the account's ``relations`` table) and graph elements (nodes plus
  relationships) per second, all over the same wall time;
- **pull** (``Backend.account``: two export queries, then validation into an ``AccountMap``),
  checked equal to the account pushed;
- **re-push** of the unchanged account (reads, compares, writes nothing) and **update**: a
  push after changing 1 % of the relations' weights (deletes and writes those only).

The numbers are this machine and this server: the test server is ArcadeDB, not Neo4j (see
docs/neo4j.md), on the same cores as the client.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import sys
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from benchmarks.common import write_block  # noqa: E402
from powermap.model import AccountMap  # noqa: E402
from powermap.writers import account_document  # noqa: E402

DOC = ROOT / "docs" / "performance.md"
HEADING = "## Neo4j backend: push and pull"

__all__ = ["Measure", "measure", "main"]


def _generate(people: int) -> AccountMap:
    """The shared generator when it is there, else a minimal one (a tree with some ties)."""
    try:
        from benchmarks.generate import generate_account
    except ImportError:  # pragma: no cover - the shared generator is in the repository
        return _minimal_account(people)
    return generate_account(people, seed=0)


def _minimal_account(people: int) -> AccountMap:
    import random

    rng = random.Random(0)
    stakeholders = [{"id": "p0", "name": "P0"}] + [
        {"id": f"p{i}", "name": f"P{i}", "reports_to": f"p{rng.randrange(max(1, i // 4), i) if i > 1 else 0}"}
        for i in range(1, people)
    ]
    relations = [{"source": f"p{rng.randrange(people)}", "target": f"p{rng.randrange(people)}", "type": "influences"}
                 for _ in range(people * 2)]
    relations = [r for r in relations if r["source"] != r["target"]]
    return AccountMap.model_validate({"account": {"id": "bench", "name": "Bench"}, "stakeholders": stakeholders,
                                      "relations": relations})


def _renamed(account: AccountMap, account_id: str) -> AccountMap:
    document = account_document(account)
    document["account"] = {**document["account"], "id": account_id}
    return AccountMap.model_validate(document)


def _touched(account: AccountMap, share: float = 0.01) -> AccountMap:
    """The account with ``share`` of its relations given another weight."""
    document = account_document(account)
    relations = document.get("relations", [])
    step = max(1, int(1 / share))
    for index in range(0, len(relations), step):
        relations[index] = {**relations[index], "weight": round(1 - relations[index].get("weight", 0.5) / 2, 3)}
    return AccountMap.model_validate(document)


@dataclass
class Measure:
    people: int
    batch_size: int
    stakeholders: int
    relations: int
    elements: int
    push: float
    pull: float
    repush: float
    update: float
    updated: int

    def row(self) -> str:
        rate = lambda count, seconds: f"{count / seconds:,.0f}"  # noqa: E731
        return (f"| {self.people:,} | {self.batch_size:,} | {self.push:.1f} | {rate(self.stakeholders, self.push)} | "
                f"{rate(self.relations, self.push)} | {rate(self.elements, self.push)} | {self.pull:.1f} | "
                f"{rate(self.stakeholders, self.pull)} | {rate(self.relations, self.pull)} | "
                f"{rate(self.elements, self.pull)} | {self.repush:.1f} | {self.update:.1f} ({self.updated:,}) |")


def _timed(call):
    start = time.perf_counter()
    value = call()
    return time.perf_counter() - start, value


def measure(store, account: AccountMap, batch_size: int) -> Measure:
    """One fresh push, a pull, a no-op push and a 1 % update, with the account deleted before and after."""
    from powermap.backends import AccountNotFound
    from powermap.backends.schema import account_rows

    account_id = account.account.id
    try:
        store.delete(account_id)
    except AccountNotFound:
        pass
    rows = account_rows(account)
    push, result = _timed(lambda: store.push(account, batch_size=batch_size))
    assert result.nodes_written + result.relationships_created == len(rows.nodes) + len(rows.links)
    pull, back = _timed(lambda: store.account(account_id))
    assert back == account, "the pulled account differs from the pushed one"
    repush, again = _timed(lambda: store.push(account, batch_size=batch_size))
    assert not again.changed
    update, changed = _timed(lambda: store.push(_touched(account), batch_size=batch_size))
    store.delete(account_id)
    return Measure(len(account.stakeholders), batch_size, len(account.stakeholders), len(account.relations),
                   len(rows.nodes) + len(rows.links), push, pull, repush, update, changed.relationships_created)


def _table(results: list[Measure], header: str) -> str:
    lines = [
        header,
        "",
        "| people | batch | push s | people/s | relations/s | elements/s | pull s | people/s | relations/s | elements/s "
        "| re-push s | 1 % update s (rels) |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
        *(result.row() for result in results),
    ]
    return "\n".join(lines)


def _write_doc(block: str) -> None:
    """Replace this benchmark's block of docs/performance.md (or append the section)."""
    write_block("bench-neo4j", block, HEADING)


def _server(args):
    """A connected backend, and the test server to stop (``None`` with --real)."""
    from powermap.backends import connect

    if args.real:
        if not os.environ.get("POWERMAP_NEO4J_URI"):
            sys.exit("bench_neo4j: --real needs POWERMAP_NEO4J_URI (and _USER, _PASSWORD, _DATABASE)")
        return connect(), None
    if str(ROOT / "tests") not in sys.path:  # the test servers live beside the tests, not in the package
        sys.path.insert(0, str(ROOT / "tests"))
    from servers import start_server

    server = start_server(heap=args.heap, timeout=300)
    return connect(server.uri, user=server.user, password=server.password, database=server.database), server


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[5000, 50000])
    parser.add_argument("--batch-sizes", type=int, nargs="+", default=[500, 1000, 2000, 5000, 10000],
                        help="tried at every size but the largest")
    parser.add_argument("--batch-sizes-large", type=int, nargs="+",
                        help="tried at the largest size [default: the best of the smaller sizes]")
    parser.add_argument("--heap", default="4g", help="Java heap of the test server")
    parser.add_argument("--real", action="store_true", help="use the server of POWERMAP_NEO4J_URI, not a test server")
    parser.add_argument("--no-write", action="store_true", help="print the table, leave docs/performance.md alone")
    args = parser.parse_args(argv)

    store, server = _server(args)
    load_before = os.getloadavg()[0]
    results: list[Measure] = []
    try:
        warm = _renamed(_generate(500), "bench-warmup")  # the JIT of a fresh server is slow for a minute
        measure(store, warm, 1000)
        sizes = sorted(args.sizes)
        for size in sizes:
            account = _renamed(_generate(size), f"bench-{size}")
            if size == sizes[-1] and len(sizes) > 1:
                best = min(results, key=lambda m: m.push + m.pull).batch_size
                batches = args.batch_sizes_large or [best]
            else:
                batches = args.batch_sizes
            for batch_size in batches:
                result = measure(store, account, batch_size)
                results.append(result)
                print(result.row(), flush=True)
    finally:
        store.close()
        if server is not None:
            server.stop()
    engine = "a real Neo4j (POWERMAP_NEO4J_URI)" if args.real else "the ArcadeDB test server (arcadedb-embedded 26.10.2.post1, Java heap " + args.heap + ")"
    header = (f"Measured {dt.date.today().isoformat()} with `python -m benchmarks.bench_neo4j` against {engine}, "
              f"neo4j driver {_driver_version()}, Python {platform.python_version()}, {os.cpu_count()} cores "
              f"shared by client and server (1-minute load average {load_before:.1f} at the start, "
              f"{os.getloadavg()[0]:.1f} at the end); accounts from `benchmarks.generate` (seed 0). Rates are over "
              "the whole push or pull (one transaction), so people/s and relations/s describe the same run.")
    block = _table(results, header)
    print(block)
    if not args.no_write:
        _write_doc(block)
    return 0


def _driver_version() -> str:
    import neo4j

    return neo4j.__version__


if __name__ == "__main__":
    raise SystemExit(main())
