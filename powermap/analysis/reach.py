"""How well our team reaches each stakeholder: the facts coverage, risks and contacts share.

Definitions used by every analysis (docs/analyses.md):

- **reached**: at least one contact of level 1 (stranger) or closer; ``outermost`` (0) means
  we know of them, not that we reach them;
- **weak**: reached, but the closest contact is ``colleague`` (2) or ``stranger`` (1);
- **stale**: the latest dated contact is more than ``stale_days`` (default 90) before the
  account's ``as_of`` date; contacts without a date are not judged stale, only undated.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import networkx as nx

from .defaults import STALE_DAYS
from .engine import predecessors, successors
from .graph import as_of as account_date
from .graph import derived, members, stakeholders

__all__ = ["Reach", "reach_by_person", "STALE_DAYS"]


@dataclass(frozen=True)
class Reach:
    """Our team's contacts with one stakeholder, summarised."""

    person: str
    level: int | None  # the closest contact's level 0..5, None without any contact
    members: tuple[str, ...]  # who of our team keeps a contact, closest first
    last_contact: dt.date | None
    age_days: int | None  # days from the latest dated contact to as_of
    stale: bool

    @property
    def reached(self) -> bool:
        return self.level is not None and self.level >= 1

    @property
    def weak(self) -> bool:
        return self.reached and self.level <= 2

    @property
    def good(self) -> bool:
        """Reached at ordinary closeness or better, and not stale."""
        return self.level is not None and self.level >= 3 and not self.stale

    def describe(self, graph: nx.MultiDiGraph) -> str:
        """'close contact of Alice Chen, last met 2026-11-02' or 'no contact with our team': the
        words of :func:`powermap.analysis.leaders.reach_words`, the one way the report says it."""
        from .leaders import reach_words  # leaders reads this module

        return reach_words(self, graph)


def reach_by_person(
    graph: nx.MultiDiGraph, *, as_of: dt.date | None = None, stale_days: int = STALE_DAYS
) -> dict[str, Reach]:
    """The reach of every stakeholder (people who left included), keyed by id.

    Computed once per graph, date and staleness (coverage, contacts and risks share it); each
    call returns its own dict.
    """
    today = as_of or account_date(graph)
    store = derived(graph)
    key = ("reach_by_person", today, stale_days)
    if key not in store:
        store[key] = _reach(graph, today, stale_days)
    return dict(store[key])


def _reach(graph: nx.MultiDiGraph, today: dt.date, stale_days: int) -> dict[str, Reach]:
    found = {}
    incoming = predecessors(graph)
    outgoing = successors(graph)
    # the people someone on our team has a contact with (most have none: nothing to sort)
    contacted = {person for member in members(graph) for person, keyed in outgoing[member].items()
                 if any(data["type"] == "contact" for data in keyed.values())}
    for person in stakeholders(graph):
        if person not in contacted:
            found[person] = Reach(person, None, (), None, None, False)
            continue
        contacts = sorted(
            (
                (data["level"], data["last_contact"], member)
                for member, keyed in incoming[person].items()
                for data in keyed.values()
                if data["type"] == "contact"
            ),
            key=lambda item: -item[0],
        )
        if not contacts:
            found[person] = Reach(person, None, (), None, None, False)
            continue
        dates = [date for _, date, _ in contacts if date is not None]
        latest = max(dates) if dates else None
        age = (today - latest).days if latest is not None else None
        found[person] = Reach(
            person=person,
            level=contacts[0][0],
            members=tuple(member for _, _, member in contacts),
            last_contact=latest,
            age_days=age,
            stale=age is not None and age > stale_days,
        )
    return found
