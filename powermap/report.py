"""One call that answers a pre-bid strategy session: every analysis of an account, together.

>>> from powermap import load
>>> from powermap.report import analyze
>>> report = analyze(load("examples/kestrel-manufacturing.yaml"))  # doctest: +SKIP
>>> report.to_dict()["key_persons"][0]["id"]  # doctest: +SKIP
'harold_kestrel'

``to_dict()`` is the report JSON contract (docs/report-format.md): stable key order, ids
everywhere, scores in 0..1 rounded to four places. ``to_frames()`` gives one pandas DataFrame
per section for notebooks.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from .analysis.account_analysis import Analysis
from .analysis.avoid import Avoid
from .analysis.brokers import Broker
from .analysis.coverage import TOP_KEY_PERSONS, Gap
from .analysis.engine import gc_paused
from .analysis.factions import Factions
from .analysis.inside_contacts import InsideContact
from .analysis.key_persons import KeyPersons
from .analysis.power_structure import PowerStructure
from .analysis.defaults import STALE_DAYS
from .analysis.recommend import Recommendation
from .analysis.risks import Risk
from .model import AccountMap, Stage

__all__ = ["Report", "analyze", "SECTIONS"]

SECTIONS = (
    "account",
    "key_persons",
    "coverage_gaps",
    "inside_contacts",
    "ignored_risks",
    "avoid",
    "power_structure",
    "factions",
    "brokers",
    "recommendations",
)


def _round(value: Any) -> Any:
    """Numbers rounded to four places, recursively, so the JSON is stable across platforms."""
    kind = type(value)
    if kind is float:
        return round(value, 4)
    if kind is str or kind is int or value is None:
        return value
    if isinstance(value, dict):
        return {key: _round(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [_round(item) for item in value]
    if isinstance(value, float):
        return round(value, 4)
    return value


@dataclass(frozen=True)
class Report:
    """Every analysis of one account; ``top`` limits the ranked lists when rendered."""

    account: AccountMap
    stage: Stage | None
    as_of: dt.date
    key_persons: KeyPersons
    coverage_gaps: tuple[Gap, ...]
    inside_contacts: tuple[InsideContact, ...]
    ignored_risks: tuple[Risk, ...]
    avoid: tuple[Avoid, ...]
    power_structure: PowerStructure
    factions: Factions
    brokers: tuple[Broker, ...]
    recommendations: tuple[Recommendation, ...]
    top: int | None = None
    analysis: Any = field(default=None, repr=False, compare=False)  # the Analysis it was read from

    def _limit(self, items) -> list:
        return list(items if self.top is None else items[: self.top])

    @gc_paused
    def to_dict(self) -> dict:
        """The report JSON contract, keys in contract order."""
        head = self.account.account
        data = {
            "account": {
                "id": head.id,
                "name": head.name,
                "grade": None if head.grade is None else head.grade.value,
                "stage": None if self.stage is None else self.stage.value,
                "culture": None if head.culture is None else head.culture.value,
            },
            "key_persons": [
                {"id": p.id, "name": p.name, "rank": p.rank, "score": p.score, "reasons": list(p.reasons)}
                for p in self._limit(self.key_persons.ranked)
            ],
            "coverage_gaps": [gap.to_dict() for gap in self.coverage_gaps],
            "inside_contacts": [contact.to_dict() for contact in self._limit(self.inside_contacts)],
            "ignored_risks": [risk.to_dict() for risk in self._limit(self.ignored_risks)],
            "avoid": [person.to_dict() for person in self.avoid],
            "power_structure": self.power_structure.to_dict(),
            "factions": self.factions.to_dict(),
            "brokers": [broker.to_dict() for broker in self._limit(self.brokers)],
            "recommendations": [item.to_dict() for item in self._limit(self.recommendations)],
        }
        return _round(data)

    def to_frames(self) -> dict[str, Any]:
        """One pandas DataFrame per section (lists joined with '; ')."""
        import pandas as pd

        data = self.to_dict()
        frames = {}
        for section in SECTIONS:
            value = data[section]
            rows = [value] if isinstance(value, dict) else value
            if section == "power_structure":
                rows = [{"shape": value["shape"], "evidence": value["evidence"], **value["metrics"]}]
            flat = [{key: "; ".join(map(str, item)) if isinstance(item, list) else item for key, item in row.items()} for row in rows]
            frames[section] = pd.DataFrame(flat)
        return frames


def analyze(
    account: AccountMap,
    *,
    stage: Stage | None = None,
    top: int | None = None,
    as_of: dt.date | None = None,
    stale_days: int = STALE_DAYS,
    key_count: int = TOP_KEY_PERSONS,
    seed: int = 0,
    graph=None,
    engine: str | None = None,
    progress: Callable[[str, int, int], None] | None = None,
) -> Report:
    """Run every analysis on an account: ``Analysis(account, ...).report(top=top)``.

    Parameters
    ----------
    stage : rank key persons for this stage instead of the account's own.
    top : how many entries of each ranked list to keep when rendering (all when ``None``).
    as_of : the date staleness is measured from (the account's ``as_of``, else today).
    stale_days : contacts older than this many days before ``as_of`` are stale.
    key_count : how many of the ranking count as "the key persons" for gaps, contacts, risks.
    seed : for the randomised parts (community detection).
    graph : the account's graph when the caller has built it already.
    engine : ``"networkx"`` (the reference), ``"igraph"`` (fast) or ``"auto"`` (by size); the
        default reads ``$POWERMAP_ENGINE``, else auto (see :mod:`powermap.analysis.engine`).
    progress : called as ``progress(step, done, total)`` before each of the ``total`` steps
        (``step`` names it, e.g. ``"brokers"``) and once more with ``done == total`` at the
        end; the library itself prints nothing.
    """
    analysis = Analysis(account, stage=stage, as_of=as_of, stale_days=stale_days, key_count=key_count, seed=seed,
                        engine=engine, graph=graph)
    return analysis.report(top=top, progress=progress)
