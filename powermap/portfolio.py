"""Portfolio: one row per account, for the sales manager who owns dozens of them.

Each account is loaded and analysed on its own (in a process pool, so both cores work); a
broken file is reported with its first problem and skipped, and the rest are still reported.
Rows are sorted by grade (A first, ungraded last), then by the top risk's score. Two files
with one account id are one account twice to a reader (and one map file): the second is
listed among the errors, naming the first (as "the same account ... in another form" when
its row is the same, e.g. a YAML file and its Excel copy).

**coverage** (0..1) is the share of the account's key persons whom our team reaches well: at
ordinary closeness or better, recently. The key persons are the set the account's report calls
"key" (:attr:`~powermap.analysis.key_persons.KeyPersons.key`): the people above the clear break
in the key-person scores, and every decision maker, funder and holder of a role the sales stage
turns on; so it scales with the account.
"""

from __future__ import annotations

import functools
import os
from collections.abc import Callable, Iterable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from .collector import collecting
from .errors import AccountError
from .loaders import FORMATS

__all__ = ["Portfolio", "account_files", "account_row", "portfolio", "COLUMNS"]

# top_key_person and top_risk are ids; their names follow at the end (added later: the columns
# before them keep their places)
COLUMNS = ("id", "name", "grade", "stage", "coverage", "high_gaps", "top_key_person", "top_risk", "support_index", "next_action",
           "top_key_person_name", "top_risk_name")


@dataclass
class Portfolio:
    accounts: list[dict] = field(default_factory=list)
    errors: list[dict] = field(default_factory=list)

    def to_dict(self) -> dict:
        return {
            "accounts": [{column: row[column] for column in COLUMNS} for row in self.accounts],
            "errors": list(self.errors),
        }


def _is_csv_account(folder: Path) -> bool:
    return (folder / "account.csv").is_file()


def account_files(inputs: Iterable[str | Path]) -> list[Path]:
    """The account files named, or found one level inside the folders named (sorted)."""
    found: list[Path] = []
    for item in map(Path, inputs):
        if item.is_dir() and not _is_csv_account(item):
            for child in sorted(item.iterdir()):
                if (child.is_file() and child.suffix.lower() in FORMATS) or (child.is_dir() and _is_csv_account(child)):
                    found.append(child)
        else:
            found.append(item)
    return found


def account_row(path: str | Path, *, engine: str | None = None) -> dict:
    """Load and analyse one account into its portfolio row (raises AccountError if invalid).

    ``engine`` chooses the graph engine (:mod:`powermap.analysis.engine`)."""
    from .analysis.account_analysis import Analysis
    from .loaders import load

    account = load(path)
    analysis = Analysis(account, engine=engine)
    report = analysis.report()
    reach = analysis.reach
    must = {person.id for person in analysis.key}
    coverage = sum(1 for person in must if reach[person].good) / len(must) if must else 0.0
    head = account.account
    top_key = report.key_persons.ranked[0] if report.key_persons.ranked else None
    top_risk = report.ignored_risks[0] if report.ignored_risks else None
    return {
        "file": str(path),
        "id": head.id,
        "name": head.name,
        "grade": head.grade.value if head.grade else None,
        "stage": report.stage.value if report.stage else None,
        "coverage": round(coverage, 4),
        "high_gaps": sum(1 for gap in report.coverage_gaps if gap.severity == "high"),
        "top_key_person": top_key.id if top_key else None,
        "top_risk": top_risk.id if top_risk else None,
        "top_risk_score": round(top_risk.score, 4) if top_risk else 0.0,
        "support_index": round(analysis.forecast.support_index, 4),
        "next_action": report.recommendations[0].action if report.recommendations else None,
        "top_key_person_name": top_key.name if top_key else None,
        "top_risk_name": top_risk.name if top_risk else None,
    }


def _row_or_error(path: Path, engine: str | None = None) -> tuple[dict | None, dict | None]:
    try:
        with collecting():  # many accounts in one process: each one's cycles are collected
            return account_row(path, engine=engine), None
    except AccountError as error:
        others = error.total - 1  # lines() may end with a line standing for those not kept
        more = f" (and {others} more)" if others > 0 else ""
        return None, {"file": str(path), "message": error.lines()[0] + more}


def _sort_key(row: dict) -> tuple:
    return ("ABCD".index(row["grade"]) if row["grade"] else 4, -row["top_risk_score"], row["id"])


def portfolio(
    inputs: Iterable[str | Path],
    *,
    workers: int | None = None,
    progress: Callable[[int, int], None] | None = None,
    engine: str | None = None,
) -> Portfolio:
    """Rows for every account in ``inputs`` (files or folders), errors listed separately.

    ``workers`` processes analyse accounts in parallel (default: the number of cores; 1 runs
    in this process); ``progress(done, total)`` is called as accounts finish. ``engine`` is
    ``"networkx"``, ``"igraph"`` or ``"auto"`` (by each account's size); the default reads
    ``$POWERMAP_ENGINE`` here, once, and the choice is handed to every worker.
    """
    from .analysis.engine import requested

    engine = requested(engine)  # a bad name fails here, not once per account
    work = functools.partial(_row_or_error, engine=engine)
    files = account_files(inputs)
    workers = workers or os.cpu_count() or 1
    result = Portfolio()
    outcomes: list[tuple[dict | None, dict | None]] = []
    if workers <= 1 or len(files) <= 1:
        for number, path in enumerate(files, 1):
            outcomes.append(work(path))
            if progress:
                progress(number, len(files))
    else:
        with ProcessPoolExecutor(max_workers=min(workers, len(files))) as pool:
            for number, outcome in enumerate(pool.map(work, files, chunksize=max(1, len(files) // (workers * 8))), 1):
                outcomes.append(outcome)
                if progress:
                    progress(number, len(files))
    first: dict[str, dict] = {}  # account id -> the row of the file that first had it
    for row, error in outcomes:
        if row is None:
            result.errors.append(error)
        elif row["id"] in first:
            seen = first[row["id"]]
            same = {**row, "file": seen["file"]} == seen
            result.errors.append({"file": row["file"], "message": (
                f"{row['file']}: the same account as {seen['file']}, in another form: shown once" if same else
                f"{row['file']}: has the account id {row['id']!r} of {seen['file']}: two accounts would "
                "share one row and one map file; give each its own account.id")})
        else:
            first[row["id"]] = row
            result.accounts.append(row)
    result.accounts.sort(key=_sort_key)
    return result
