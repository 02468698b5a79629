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
from .analysis.coverage import Gap
from .analysis.engine import gc_paused
from .analysis.factions import Factions
from .analysis.inside_contacts import InsideContact
from .analysis.key_persons import KeyPersons
from .analysis.power_structure import PowerStructure
from .analysis.defaults import STALE_DAYS
from .analysis.recommend import Recommendation
from .analysis.risks import Risk
from .i18n import Message, N_p, text, translated
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


# The columns of each section's table (the contract's keys), so an empty section still has them.
COLUMNS = {
    "account": ("id", "name", "grade", "stage", "culture"),
    "key_persons": ("id", "name", "rank", "score", "reasons", "key"),
    "coverage_gaps": ("kind", "subject", "severity", "message"),
    "inside_contacts": ("id", "name", "score", "reasons", "risks"),
    "ignored_risks": ("id", "name", "score", "reasons"),
    "avoid": ("id", "name", "reasons"),
    "factions": ("id", "name", "members", "stance", "detected", "level", "camp"),
    "brokers": ("id", "name", "between", "score", "camps"),
    "recommendations": ("action", "target", "why"),
}
# A column's heading for a reader, where it is not the key itself (CSV in Chinese).
_HEADINGS = {
    "id": N_p("report column", "id"),
    "name": N_p("report column", "name"),
    "grade": N_p("report column", "grade"),
    "stage": N_p("report column", "stage"),
    "culture": N_p("report column", "culture"),
    "rank": N_p("report column", "rank"),
    "score": N_p("report column", "score"),
    "reasons": N_p("report column", "reasons"),
    "key": N_p("report column", "key"),
    "kind": N_p("report column", "kind"),
    "subject": N_p("report column", "subject"),
    "severity": N_p("report column", "severity"),
    "message": N_p("report column", "message"),
    "risks": N_p("report column", "risks"),
    "members": N_p("report column", "members"),
    "stance": N_p("report column", "stance"),
    "detected": N_p("report column", "detected"),
    "level": N_p("report column", "level"),
    "camp": N_p("report column", "camp"),
    "between": N_p("report column", "between"),
    "camps": N_p("report column", "camps"),
    "action": N_p("report column", "action"),
    "target": N_p("report column", "target"),
    "why": N_p("report column", "why"),
    "shape": N_p("report column", "shape"),
    "evidence": N_p("report column", "evidence"),
}
_GROUP_NAME = N_p("report column", "name of the account or faction")  # 名称, not a person's 姓名


def heading(section: str, key: str, lang: str = "en") -> str:
    """The heading of a section's column in ``lang`` (the key itself in English)."""
    if lang == "en":
        return key
    if key == "name" and section in ("account", "factions"):
        return text(_GROUP_NAME, lang)
    word = _HEADINGS.get(key)
    return text(word, lang) if word is not None else key


_AS_IS = frozenset({str, Message, int, bool, type(None)})  # the values _round keeps as they are


def _round(value: Any) -> Any:
    """Numbers rounded to four places, recursively, so the JSON is stable across platforms."""
    kind = type(value)
    if kind is float:
        return round(value, 4)
    if kind in _AS_IS:
        return value
    if kind is dict:  # the items that are kept as they are (most of them) without a call
        return {key: item if type(item) in _AS_IS else _round(item) for key, item in value.items()}
    if kind is list or kind is tuple:
        return [item if type(item) in _AS_IS else _round(item) for item in value]
    if isinstance(value, dict):
        return {key: _round(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [_round(item) for item in value]
    if isinstance(value, float):
        return round(value, 4)
    return value


@dataclass(frozen=True)
class Report:
    """Every analysis of one account; ``top`` limits the ranked lists when rendered.

    The factions and the brokers are read from ``analysis`` when first asked for: on a big
    account they are computed in forked processes (:meth:`Analysis.start_alongside`), and a
    renderer writes the sections before them while those finish.
    """

    account: AccountMap
    stage: Stage | None
    as_of: dt.date
    key_persons: KeyPersons
    coverage_gaps: tuple[Gap, ...]
    inside_contacts: tuple[InsideContact, ...]
    ignored_risks: tuple[Risk, ...]
    avoid: tuple[Avoid, ...]
    power_structure: PowerStructure
    recommendations: tuple[Recommendation, ...]
    analysis: Analysis = field(repr=False, compare=False)  # the Analysis it was read from
    top: int | None = None

    @property
    def factions(self) -> Factions:
        return self.analysis.factions

    @property
    def brokers(self) -> tuple[Broker, ...]:
        return self.analysis.brokers

    def _limit(self, items) -> list:
        return list(items if self.top is None else items[: self.top])

    @gc_paused
    def to_dict(self) -> dict:
        """The report JSON contract, keys in contract order."""
        return {name: self.section(name) for name in SECTIONS}

    def rows(self, name: str) -> list:
        """The items a list section (not ``account``, ``power_structure`` or ``factions``)
        holds: all, or the first ``top`` of a ranked list."""
        if name == "key_persons":
            return self._limit(self.key_persons.ranked)
        if name in ("coverage_gaps", "avoid"):
            return list(getattr(self, name))
        return self._limit(getattr(self, name))

    @gc_paused
    def section(self, name: str):
        """One section of :meth:`to_dict` (``name``, one of :data:`SECTIONS`), numbers rounded."""
        if name == "account":
            head = self.account.account
            return {
                "id": head.id,
                "name": head.name,
                "grade": None if head.grade is None else head.grade.value,
                "stage": None if self.stage is None else self.stage.value,
                "culture": None if head.culture is None else head.culture.value,
            }
        if name == "key_persons":
            data = [{"id": p.id, "name": p.name, "rank": p.rank, "score": p.score, "reasons": list(p.reasons), "key": p.key}
                    for p in self.rows(name)]
        elif name in ("power_structure", "factions"):
            data = getattr(self, name).to_dict()
        elif name in SECTIONS:  # the gaps and the avoid list are never cut short by ``top``
            data = [item.to_dict() for item in self.rows(name)]
        else:
            raise KeyError(name)
        return _round(data)

    def to_frames(self, lang: str = "en") -> dict[str, Any]:
        """One pandas DataFrame per section (lists joined with '; '), its text and headings in
        ``lang`` (ids and enumerated values stay as in the JSON); an empty section keeps its
        columns."""
        import pandas as pd

        data = translated(self.to_dict(), lang)
        frames = {}
        for section in SECTIONS:
            value = data[section]
            rows = [value] if isinstance(value, dict) else value
            if section == "power_structure":
                rows = [{"shape": value["shape"], "evidence": value["evidence"], **value["metrics"]}]
            flat = [{key: "; ".join(map(str, item)) if isinstance(item, list) else item for key, item in row.items()} for row in rows]
            frame = pd.DataFrame(flat, columns=None if flat else list(COLUMNS[section]))
            frames[section] = frame.rename(columns=lambda key: heading(section, key, lang))
        return frames


def analyze(
    account: AccountMap,
    *,
    stage: Stage | None = None,
    top: int | None = None,
    as_of: dt.date | None = None,
    stale_days: int = STALE_DAYS,
    key_count: int | None = None,
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
    key_count : count the first ``key_count`` of the ranking as "the key persons" instead of the
        key-set rule (docs/analyses.md); gaps, contacts and risks use the same set.
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
