"""One analysis of an account: every answer computed once, on first use, in one place.

Every command asks a few of the same questions of an account: the report asks all of them,
the map the key persons, contacts, risks and routes, ``path`` the routes, ``plan`` the
forecast and the routes, ``simulate`` and ``diff`` the report and the forecast of two
accounts, ``portfolio`` the report, forecast and reach of many. :class:`Analysis` holds the
answers of one account: each is a cached attribute computed from the others when first
asked, with the account's settings (sales stage, date, staleness window, engine, seed) given
once. Commands and renderers take or build one and read what they need; no other module
assembles analyses.

>>> from powermap import load
>>> analysis = Analysis(load("examples/kestrel-manufacturing.yaml"))  # doctest: +SKIP
>>> analysis.key_persons.ranked[0].id  # doctest: +SKIP
'harold_kestrel'
>>> analysis.introductions("harold_kestrel", k=1).routes[0].path  # doctest: +SKIP
('priya', 'daniel_kestrel', 'harold_kestrel')

From a few hundred people the brokers and the factions, which need nothing the other
analyses compute, run on the second core while the others run here
(:meth:`Analysis.start_alongside`, which :meth:`Analysis.report` calls first).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from functools import cached_property
from typing import TYPE_CHECKING, Any

from ..alongside import ALONGSIDE_FROM, alongside
from ..model import AccountMap, Stage
from .avoid import Avoid, avoid
from .brokers import Broker, bridge_camps, brokers, brokers_handed
from .coverage import Gap, coverage_gaps
from .engine import engine_for, gc_paused, load_libraries, size_of
from .factions import Factions, declared_stances, factions
from .forecast import Forecast, OpinionModel, forecast
from .graph import as_of as account_date
from .graph import build_graph, shared_projections
from .inside_contacts import InsideContact, inside_contacts
from .key_persons import KeyPerson, KeyPersons, key_persons
from .paths import Introductions, Router, introduction_paths
from .plan import Plan, plan
from .power_structure import PowerStructure, power_structure
from .defaults import STALE_DAYS
from .reach import Reach, reach_by_person
from .recommend import Recommendation, recommendations
from .risks import Risk, ignored_risks

if TYPE_CHECKING:
    from ..report import Report

__all__ = ["Analysis", "REPORT_STEPS"]

# The steps of a whole report, in the order they are computed (progress shows them): the
# factions and the brokers last, so that on a big account, where they run alongside
# (:meth:`Analysis.start_alongside`), everything else is done here before their answers are
# needed (the recommendations need neither); the report then reads them when a renderer
# first asks, after writing the sections before them.
REPORT_STEPS = ("graph", "key persons", "coverage gaps", "inside contacts", "ignored risks", "power structure",
                "recommendations", "factions", "brokers")


class Analysis:
    """Every analysis of one account, each computed once, when first asked for.

    Parameters
    ----------
    account : the account (:class:`~powermap.model.AccountMap`); not changed.
    stage : rank key persons for this sales stage instead of the account's own.
    as_of : the date contacts are judged from (the account's ``as_of``, else today).
    stale_days : a contact older than this many days before ``as_of`` is stale.
    key_count : count the first ``key_count`` of the ranking as "the key persons" instead of
        the key-set rule (:func:`~powermap.analysis.key_persons.key_set`); gaps, contacts and
        risks use whichever set :attr:`key` holds.
    seed : for the randomised parts (community detection).
    engine : ``"networkx"`` (the reference), ``"igraph"`` (fast) or ``"auto"`` (by size); the
        default reads ``$POWERMAP_ENGINE``, else auto (see :mod:`powermap.analysis.engine`).
    graph : the account's graph, when the caller has built it already.
    """

    def __init__(self, account: AccountMap, *, stage: Stage | None = None, as_of: dt.date | None = None,
                 stale_days: int = STALE_DAYS, key_count: int | None = None, seed: int = 0,
                 engine: str | None = None, graph=None) -> None:
        self.account = account
        self.stale_days = stale_days
        self._key_count = key_count
        self.seed = seed
        self._stage, self._as_of, self._engine, self._graph = stage, as_of, engine, graph
        self._alongside: dict[str, Callable[[], Any]] = {}

    # -- the ground every answer stands on -----------------------------------------------------
    @cached_property
    def graph(self):
        """The account graph (:func:`~powermap.analysis.graph.build_graph`)."""
        return self._graph if self._graph is not None else build_graph(self.account)

    @cached_property
    def engine(self) -> str:
        """The graph engine used: ``"networkx"`` or ``"igraph"``."""
        return engine_for(self.graph, self._engine)

    @cached_property
    def as_of(self) -> dt.date:
        """The date contacts are judged from."""
        return self._as_of or account_date(self.graph)

    # -- the answers -----------------------------------------------------------------------
    @cached_property
    def key_persons(self) -> KeyPersons:
        return key_persons(self.graph, stage=self._stage, engine=self.engine, key_count=self._key_count)

    @property
    def key(self) -> tuple[KeyPerson, ...]:
        """The key persons, in rank order: the one set that the tables, the gaps, the inside
        contacts and the risks call "key" (:attr:`KeyPersons.key`)."""
        return self.key_persons.key

    @property
    def key_count(self) -> int:
        """How many key persons the account has (scales with the account; see :attr:`key`)."""
        return len(self.key)

    @property
    def stage(self) -> Stage | None:
        """The sales stage the key persons are ranked for (``stage``, else the account's)."""
        return self.key_persons.stage

    def _settings(self) -> dict[str, Any]:
        return {"key": self.key_persons, "as_of": self.as_of, "stale_days": self.stale_days, "engine": self.engine}

    @cached_property
    def router(self) -> Router:
        """Introduction routes, prepared once for every target."""
        return Router(self.graph, as_of=self.as_of, stale_days=self.stale_days, ranking=self.key_persons,
                      engine=self.engine, avoid=self.avoid)

    @cached_property
    def coverage_gaps(self) -> tuple[Gap, ...]:
        return coverage_gaps(self.graph, **self._settings())

    @cached_property
    def inside_contacts(self) -> tuple[InsideContact, ...]:
        return inside_contacts(self.graph, **self._settings())

    @cached_property
    def ignored_risks(self) -> tuple[Risk, ...]:
        return ignored_risks(self.graph, **self._settings())

    @cached_property
    def avoid(self) -> tuple[Avoid, ...]:
        """People being seen with costs us: the top leader's rivals, people who offended many."""
        return avoid(self.graph, **self._settings())

    @cached_property
    def power_structure(self) -> PowerStructure:
        return power_structure(self.graph, key=self.key_persons, engine=self.engine)

    @cached_property
    def factions(self) -> Factions:
        started = self._alongside.pop("factions", None)
        return started() if started else factions(self.graph, seed=self.seed, engine=self.engine)

    @cached_property
    def faction_stances(self) -> dict[str, str]:
        """Each declared faction's stance toward us, without detecting groups (for a legend)."""
        return declared_stances(self.graph)

    @cached_property
    def brokers(self) -> tuple[Broker, ...]:
        started = self._alongside.pop("brokers", None)
        found = started() if started else brokers(self.graph, engine=self.engine)
        return bridge_camps(self.graph, found, self.factions)

    @cached_property
    def recommendations(self) -> tuple[Recommendation, ...]:
        return recommendations(self.graph, key=self.key_persons, gaps=self.coverage_gaps,
                               contacts=self.inside_contacts, risks=self.ignored_risks, as_of=self.as_of,
                               router=self.router, avoid=self.avoid, top=self._key_count,
                               stale_days=self.stale_days)

    @cached_property
    def opinion_model(self) -> OpinionModel:
        """How stances spread through influence, and how the committee decides."""
        return OpinionModel(self.graph, self.key_persons)

    @cached_property
    def forecast(self) -> Forecast:
        """Where the committee lands (Friedkin-Johnsen), and its support index."""
        return forecast(self.graph, model=self.opinion_model)

    @cached_property
    def reach(self) -> dict[str, Reach]:
        """Our team's contacts with each stakeholder, summarised."""
        return reach_by_person(self.graph, as_of=self.as_of, stale_days=self.stale_days)

    def introductions(self, target: str, *, k: int = 3, source: str | None = None) -> Introductions:
        """The ``k`` warmest introduction routes to ``target`` (from ``source`` only, if given)."""
        return introduction_paths(self.graph, target, k=k, source=source, router=self.router)

    def plan(self, budget: int = 3) -> Plan:
        """The ``budget`` people whose turning supporter raises the forecast most."""
        return plan(self.graph, budget=budget, key=self.key_persons, model=self.opinion_model, router=self.router)

    # -- all of it --------------------------------------------------------------------------
    def start_alongside(self) -> None:
        """Start the brokers and the factions in forked copies of this process when the account
        is big enough for it to pay (:data:`~powermap.alongside.ALONGSIDE_FROM` people). Their
        answers are collected when asked for.

        The factions start first, as soon as the graph is built and numpy and igraph are
        imported (here, where the other analyses need them too, instead of in the copy as
        well: 0.06 s less processor time in a 400-person report): they build their own signed
        ties on the other core while this process builds the projections it shares with the
        brokers (:func:`~powermap.analysis.graph.shared_projections`), which then start. The
        positive ties with the formal line, which the factions and this process both need, are
        built in each: about 0.6 s of processor time at 50,000 people, spent on the core that
        was idle while this process built the projections before forking anything."""
        big = size_of(self.graph) >= ALONGSIDE_FROM
        engine = self.engine
        load_libraries(engine)
        if big and "factions" not in self.__dict__ and "factions" not in self._alongside:
            self._alongside["factions"] = alongside(lambda: factions(self.graph, seed=self.seed, engine=engine), big)
        if big and "brokers" not in self.__dict__ and "brokers" not in self._alongside:
            shared_projections(self.graph)  # built once here, read by the brokers' process
            self._alongside["brokers"] = alongside(lambda: brokers_handed(self.graph, engine=engine), big)

    def report(self, *, top: int | None = None, progress: Callable[[str, int, int], None] | None = None) -> Report:
        """The report: every answer, in the order the report shows them.

        ``top`` limits the ranked lists when rendered. ``progress`` is called as
        ``progress(step, done, total)`` before each step of :data:`REPORT_STEPS` and once more
        with ``done == total`` at the end. A step started alongside (the factions and the
        brokers of a big account) is not waited for here: the report reads it when it is
        first asked for, so a renderer writes the sections before it meanwhile.
        """
        from ..report import Report

        tell = progress or _silent
        total = len(REPORT_STEPS)
        with gc_paused():
            tell(REPORT_STEPS[0], 0, total)
            self.start_alongside()
            for done, step in enumerate(REPORT_STEPS[1:], 1):
                tell(step, done, total)
                name = step.replace(" ", "_")
                if name not in self._alongside:
                    getattr(self, name)
            tell("done", total, total)
            return Report(
                account=self.account,
                stage=self.stage,
                as_of=self.as_of,
                key_persons=self.key_persons,
                coverage_gaps=self.coverage_gaps,
                inside_contacts=self.inside_contacts,
                ignored_risks=self.ignored_risks,
                avoid=self.avoid,
                power_structure=self.power_structure,
                recommendations=self.recommendations,
                analysis=self,
                top=top,
            )


def _silent(step: str, done: int, total: int) -> None:
    pass
