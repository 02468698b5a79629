"""Comparing two states of an account: a what-if scenario, or two snapshots in time.

Both answer "what moved": the committee's forecast (support index, each key person's
forecast stance), the key-person ranking, coverage gaps and ignored risks opened or closed;
a diff of snapshots also lists the people who arrived, left or moved, stance changes, and
relations and contacts gained or lost. Each item keeps the ids in its id fields (``id``,
``subject``) and says what moved in a message (:mod:`powermap.i18n`) that names people by name.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from .analysis.account_analysis import Analysis
from .analysis.coverage import Gap
from .analysis.forecast import Forecast
from .analysis.key_persons import KeyPersons
from .analysis.plan import leaning, stance_said
from .i18n import say
from .model import AccountMap
from .report import Report
from .scenario import Change, apply_changes

__all__ = ["Snapshot", "snapshot", "Simulation", "simulate", "Diff", "diff_accounts"]


@dataclass(frozen=True)
class Snapshot:
    """One state of an account: its report and its forecast."""

    account: AccountMap
    report: Report
    forecast: Forecast

    def summary(self, top: int | None = None) -> dict:
        """``{support_index, key_persons[{id, forecast}]}``: the key persons (the set the report
        calls "key", or the first ``top`` of the ranking), forecast as a stance score -2..2."""
        return {
            "support_index": round(self.forecast.support_index, 4),
            "key_persons": [
                {"id": person.id, "forecast": round(2 * self.forecast.opinions[person.id], 4),
                 "stance": self.forecast.stance(person.id)}
                for person in self.report.key_persons.select(top)
            ],
        }


def snapshot(account: AccountMap, *, as_of: dt.date | None = None, progress=None, **options) -> Snapshot:
    """The report and the forecast of one state of an account (``options``: those of
    :class:`~powermap.analysis.account_analysis.Analysis`)."""
    analysis = Analysis(account, as_of=as_of, **options)
    return Snapshot(account, analysis.report(progress=progress), analysis.forecast)


def _gaps(report: Report) -> dict[tuple[str, str], Gap]:
    return {(gap.kind, gap.subject): gap for gap in report.coverage_gaps}


def _key_union(old: KeyPersons, new: KeyPersons) -> list[str]:
    """The key persons of the new state, then those who were key only before (rank order)."""
    now = [person.id for person in new.key]
    return now + [person.id for person in old.key if person.id not in set(now)]


def _result_changes(before: Snapshot, after: Snapshot) -> list[dict]:
    """What moved in the answers between two states: ids in the id fields, a message in words."""
    changes = []
    old_index, new_index = before.forecast.support_index, after.forecast.support_index
    if abs(new_index - old_index) > 5e-5:
        changes.append({"what": "support_index", "from": round(old_index, 4), "to": round(new_index, 4),
                        "message": say("the committee moves from {before:.2f} to {after:.2f}, where it {leaning}",
                                       before=old_index, after=new_index, leaning=leaning(new_index))})
    old_keys, new_keys = before.report.key_persons, after.report.key_persons
    old_rank = {p.id: p.rank for p in old_keys.ranked}
    # the key persons of either state: whose rank moved, who became key and who stopped being key
    for person in _key_union(old_keys, new_keys):
        was, now = old_keys.rank(person), new_keys.rank(person)
        was_key, is_key = old_keys.is_key(person), new_keys.is_key(person)
        if now is None or (was == now and was_key == is_key):
            continue  # gone from the account (the diff lists who left), or nothing moved
        name = after.report.account.stakeholder(person).name
        if was_key and is_key:
            message = say("{person} moves from key person #{was} to #{now}", person=name, was=was, now=now)
        elif is_key:
            message = say("{person} is now a key person (#{now})", person=name, now=now)
        else:
            message = say("{person} is no longer a key person (now #{now})", person=name, now=now)
        changes.append({"what": "key_person", "id": person, "from": was, "to": now, "was_key": was_key, "key": is_key,
                        "message": message})

    def name(person: str) -> str:
        return after.report.account.stakeholder(person).name

    for person in after.forecast.opinions:
        old = before.forecast.opinions.get(person)
        was, now = before.forecast.stance(person) if old is not None else None, after.forecast.stance(person)
        if old is not None and was != now and person in old_rank:
            changes.append({"what": "forecast", "id": person, "from": was, "to": now,
                            "message": say("{person} would move from {before} to {after}", person=name(person),
                                           before=stance_said(was), after=stance_said(now))})
    old_risks = {risk.id for risk in before.report.ignored_risks}
    new_risks = {risk.id for risk in after.report.ignored_risks}
    for person in sorted(new_risks - old_risks):
        changes.append({"what": "risk_opened", "id": person,
                        "message": say("{person} becomes an ignored risk", person=name(person))})
    for person in sorted(old_risks - new_risks):
        changes.append({"what": "risk_closed", "id": person,
                        "message": say("{person} is no longer an ignored risk",
                                       person=before.report.account.stakeholder(person).name)})
    old_gaps, new_gaps = _gaps(before.report), _gaps(after.report)
    for key in sorted(new_gaps.keys() - old_gaps.keys()):
        gap = new_gaps[key]
        changes.append({"what": "gap_opened", "kind": gap.kind, "subject": gap.subject, "severity": gap.severity,
                        "message": say("new gap: {gap}", gap=gap.message)})
    for key in sorted(old_gaps.keys() - new_gaps.keys()):
        gap = old_gaps[key]
        changes.append({"what": "gap_closed", "kind": gap.kind, "subject": gap.subject, "severity": gap.severity,
                        "message": say("gap closed: {gap}", gap=gap.message)})
    return changes


@dataclass(frozen=True)
class Simulation:
    changes_applied: tuple[Change, ...]
    before: Snapshot
    after: Snapshot
    changes: tuple[dict, ...]

    def to_dict(self) -> dict:
        return {
            "before": self.before.summary(),
            "after": self.after.summary(),
            "changes": list(self.changes),
            "applied": [change.describe() for change in self.changes_applied],
        }


def simulate(account: AccountMap, changes: list[Change], *, as_of: dt.date | None = None, **options) -> Simulation:
    """Every analysis before and after a scenario, and what moved. The account is not changed."""
    when = as_of or account.account.as_of
    before = snapshot(account, as_of=when, **options)
    after = snapshot(apply_changes(account, changes, as_of=when), as_of=when, **options)
    return Simulation(tuple(changes), before, after, tuple(_result_changes(before, after)))


def _relation_keys(account: AccountMap) -> dict[tuple, dict]:
    keys = {}
    for relation in account.relations:
        ends = (relation.source, relation.target) if relation.directed else tuple(sorted((relation.source, relation.target)))
        keys[(relation.type.value, *ends)] = {"source": ends[0], "target": ends[1], "type": relation.type.value}
    for contact in account.contacts:
        keys[("contact", contact.member, contact.stakeholder)] = {
            "source": contact.member, "target": contact.stakeholder, "type": "contact", "strength": contact.strength.value}
    return keys


@dataclass(frozen=True)
class Diff:
    before: Snapshot
    after: Snapshot
    people: dict = field(default_factory=dict)
    relations_added: tuple[dict, ...] = ()
    relations_removed: tuple[dict, ...] = ()
    result_changes: tuple[dict, ...] = ()

    def to_dict(self) -> dict:
        opened = [c for c in self.result_changes if c["what"] == "gap_opened"]
        closed = [c for c in self.result_changes if c["what"] == "gap_closed"]
        return {
            **self.people,
            "relations_added": list(self.relations_added),
            "relations_removed": list(self.relations_removed),
            "gaps_opened": [{k: c[k] for k in ("kind", "subject", "severity", "message")} for c in opened],
            "gaps_closed": [{k: c[k] for k in ("kind", "subject", "severity", "message")} for c in closed],
            "risks_opened": [c["id"] for c in self.result_changes if c["what"] == "risk_opened"],
            "risks_closed": [c["id"] for c in self.result_changes if c["what"] == "risk_closed"],
            "support_index_before": round(self.before.forecast.support_index, 4),
            "support_index_after": round(self.after.forecast.support_index, 4),
            "changes": list(self.result_changes),
        }


def _people_changes(old: AccountMap, new: AccountMap) -> dict:
    before, after = old.stakeholders_by_id, new.stakeholders_by_id
    arrived = [p for p in after if p not in before or (not before[p].active and after[p].active)]
    left = [p for p in before if (p not in after or not after[p].active) and before[p].active]
    moved, stances = [], []
    for person in after:
        if person not in before:
            continue
        for name in ("department", "reports_to"):
            was, now = getattr(before[person], name), getattr(after[person], name)
            if was != now:
                moved.append({"id": person, "field": name, "from": was, "to": now})
        if before[person].stance != after[person].stance:
            stances.append({"id": person, "from": before[person].stance.value, "to": after[person].stance.value})
    return {"arrived": arrived, "left": left, "moved": moved, "stance_changes": stances}


def diff_accounts(old: AccountMap, new: AccountMap, *, as_of: dt.date | None = None, **options) -> Diff:
    """What changed between two snapshots of an account, in the file and in the answers.

    Each snapshot is judged at its own ``as_of`` unless ``as_of`` is given.
    """
    before = snapshot(old, as_of=as_of, **options)
    after = snapshot(new, as_of=as_of, **options)
    old_keys, new_keys = _relation_keys(old), _relation_keys(new)
    return Diff(
        before,
        after,
        _people_changes(old, new),
        tuple(new_keys[key] for key in new_keys if key not in old_keys),
        tuple(old_keys[key] for key in old_keys if key not in new_keys),
        tuple(_result_changes(before, after)),
    )
