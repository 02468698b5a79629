"""The backend contract: what every backend is and gives, whatever engine holds the accounts.

A backend stores whole accounts (:meth:`Backend.push`, :meth:`Backend.account`,
:meth:`Backend.accounts`, :meth:`Backend.delete`) and gives the account back as the reference
graph (:meth:`Backend.graph`). :class:`Settings` says where and how to connect to a database;
:class:`PushResult` and :class:`AccountSummary` are what the contract returns;
:class:`AccountNotFound`, :class:`AccountInterrupted` and :class:`PushInterrupted` what it
raises. The implementations (``memory``: NetworkX in this process, the default and the
reference; ``neo4j``: a Neo4j 5 server through the official driver) build on this module, and
:func:`powermap.backends.connect` picks one by URL, as in ibis; nothing here imports either.

The analyses in :data:`~powermap.backends.reference.ANALYSES` are methods too, an optional
capability: a backend that can run one natively (in Cypher) overrides it and names it in
:attr:`Backend.native`; every other backend answers with the NetworkX reference over the
pulled graph, so callers never need to know which engine answered.
"""

from __future__ import annotations

import datetime as dt
import os
from abc import ABC, abstractmethod
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field

import networkx as nx

from ..errors import BackendError
from ..i18n import Message, say
from ..model import KEY_ROLES, AccountMap
from . import reference
from .address import display_uri, split_address
from .schema import Changes

__all__ = [
    "Backend",
    "PushResult",
    "PushInterrupted",
    "AccountSummary",
    "AccountNotFound",
    "AccountInterrupted",
    "Settings",
    "Progress",
    "ENVIRONMENT",
]

# The settings read from the environment, by field.
ENVIRONMENT = {
    "uri": "POWERMAP_NEO4J_URI",
    "user": "POWERMAP_NEO4J_USER",
    "password": "POWERMAP_NEO4J_PASSWORD",
    "database": "POWERMAP_NEO4J_DATABASE",
}
DEFAULT_USER = "neo4j"
DEFAULT_DATABASE = "neo4j"  # Neo4j's default database; Community has only this one

# Called after each batch a push writes: (rows written so far, rows to write in all).
Progress = Callable[[int, int], None]


class AccountNotFound(BackendError):
    """The backend holds no account with the id asked for."""


class AccountInterrupted(BackendError):
    """The account holds the traces of a push that never finished (a server that kept some of
    its writes): it is neither the old nor the new version. Pushing the file again repairs it."""


class PushInterrupted(KeyboardInterrupt):
    """Ctrl-C arrived while a push was committing: the commit was let finish, so the account
    *was* saved; ``result`` says what the push changed. Raised once the commit has returned."""

    def __init__(self, result: PushResult):
        super().__init__(result.account)
        self.result = result


@dataclass(frozen=True)
class Settings:
    """Where and how to connect to a graph database. The password never shows in ``repr``."""

    uri: str
    user: str = DEFAULT_USER
    password: str | None = field(default=None, repr=False)
    database: str = DEFAULT_DATABASE

    @classmethod
    def resolve(cls, uri: str | None = None, *, user: str | None = None, password: str | None = None,
                database: str | None = None, environ: Mapping[str, str] | None = None) -> Settings:
        """Settings from the arguments given, else the ``POWERMAP_NEO4J_*`` variables, else defaults."""
        environ = os.environ if environ is None else environ

        def pick(given: str | None, name: str) -> str | None:
            return given or environ.get(ENVIRONMENT[name]) or None

        return cls(
            uri=pick(uri, "uri") or "memory",
            user=pick(user, "user") or DEFAULT_USER,
            password=password if password is not None else environ.get(ENVIRONMENT["password"]),
            database=pick(database, "database") or DEFAULT_DATABASE,
        )

    @property
    def shown(self) -> str:
        """The address in messages: ``bolt://host:7687``, never the password."""
        return display_uri(self.uri)

    def scrub(self, text: str) -> str:
        """``text`` (a driver's message, say) without the password or the address's
        ``user:password@`` part: the address is shown as :attr:`shown`, the password as ``***``."""
        if self.uri and self.uri != self.shown:
            text = text.replace(self.uri, self.shown)
        userinfo = split_address(self.uri)[1]
        if userinfo:
            text = text.replace(userinfo, "")
            password = userinfo[:-1].partition(":")[2]
            if password:
                text = text.replace(password, "***")
        if self.password:
            text = text.replace(self.password, "***")
        return text

    def __repr__(self) -> str:  # the address as shown: a URI could hold a password too
        return f"Settings(uri={self.shown!r}, user={self.user!r}, database={self.database!r})"


@dataclass(frozen=True)
class PushResult:
    """What one push changed, as the database counted it.

    ``nodes_created``, ``nodes_deleted``, ``relationships_created``, ``relationships_deleted``
    and ``properties_set`` are the server's own counts, summed over the statements that wrote
    the account (a node removed takes its relationships with it, and they are counted; a
    changed relationship is deleted and created again). ``nodes_updated`` (existing nodes
    rewritten) and ``unchanged`` (nodes and relationships left as they were) come from the
    difference the push computed, since a server counts properties, not updated nodes.
    ``version`` is the account's version after the push (a database backend counts the pushes
    of an account); ``repaired`` says the push found the traces of an interrupted push and
    replaced them. All counts are zero when the account was already there as it is.
    """

    account: str
    nodes_created: int
    nodes_deleted: int
    relationships_created: int
    relationships_deleted: int
    properties_set: int = 0
    nodes_updated: int = 0
    unchanged: int = 0
    version: int | None = None
    repaired: bool = False

    @classmethod
    def of(cls, account: str, changes: Changes) -> PushResult:
        """The counts of a change set written as it is (the memory backend's push)."""
        created = len(changes.upsert) - changes.updated
        properties = sum(len(item.properties) for item in (*changes.upsert, *changes.create))
        return cls(account, created, len(changes.remove), len(changes.create), len(changes.delete), properties,
                   changes.updated, changes.unchanged)

    @property
    def nodes_written(self) -> int:
        """Nodes created or updated."""
        return self.nodes_created + self.nodes_updated

    @property
    def changed(self) -> bool:
        return bool(self.nodes_created or self.nodes_deleted or self.relationships_created or self.relationships_deleted
                    or self.properties_set or self.nodes_updated)

    def describe(self) -> Message:
        """One line for the command line ("pushed ...")."""
        if not self.changed:
            said = say("pushed {account}: already up to date ({count} nodes and relationships)", account=self.account,
                       count=self.unchanged)
        else:
            said = say("pushed {account}: {created} nodes created, {updated} updated, {deleted} deleted; {linked} "
                       "relationships created, {unlinked} deleted; {properties} properties set; {count} unchanged",
                       account=self.account, created=self.nodes_created, updated=self.nodes_updated,
                       deleted=self.nodes_deleted, linked=self.relationships_created,
                       unlinked=self.relationships_deleted, properties=self.properties_set, count=self.unchanged)
        return say("{pushed}; repaired an interrupted push", pushed=said) if self.repaired else said


@dataclass(frozen=True)
class AccountSummary:
    """One line of ``powermap neo4j list``."""

    id: str
    name: str
    stage: str | None
    as_of: str | None
    stakeholders: int
    team: int
    version: int | None = None  # how many pushes the database has committed for it
    interrupted: bool = False  # a push of it died half-way on a server that kept part of it


class Backend(ABC):
    """Where accounts live. Use as a context manager, or call :meth:`close`.

    Storing accounts is the contract every backend keeps. The analyses are an optional
    capability for the Python API and the parity tests (no command runs them: a command pulls
    the account and analyses it like a file): each answers with the NetworkX reference of
    :mod:`~powermap.backends.reference` unless the backend runs it itself and names it in
    :attr:`native`.
    """

    name: str = "backend"
    native: frozenset[str] = frozenset()  # the analyses of reference.ANALYSES this backend runs itself

    # -- storing accounts ------------------------------------------------------------------
    @abstractmethod
    def push(self, account: AccountMap, *, batch_size: int | None = None, progress: Progress | None = None) -> PushResult:
        """Store the account so that reading it back gives an equal one: create what is new,
        update what changed, remove what the account no longer has, all or nothing."""

    @abstractmethod
    def account(self, account_id: str) -> AccountMap:
        """The stored account; :class:`AccountNotFound` when there is none with this id."""

    @abstractmethod
    def accounts(self) -> tuple[AccountSummary, ...]:
        """Every stored account, by id."""

    @abstractmethod
    def delete(self, account_id: str) -> int:
        """Remove an account entirely; returns how many nodes went (:class:`AccountNotFound` if none)."""

    def close(self) -> None:
        """Release connections; the backend is unusable afterwards."""

    def __enter__(self) -> Backend:
        return self

    def __exit__(self, *_) -> None:
        self.close()

    def graph(self, account_id: str) -> nx.MultiDiGraph:
        """The stored account as the reference graph of :func:`~powermap.analysis.graph.build_graph`."""
        from ..analysis.graph import build_graph

        return build_graph(self.account(account_id))

    # -- analyses, optional: the NetworkX reference unless a backend runs them natively ----
    def reporting_chain(self, account_id: str, person: str) -> tuple[reference.Manager, ...]:
        """The formal line above ``person``, nearest boss first."""
        return reference.reporting_chain(self.graph(account_id), person)

    def unreached_departments(self, account_id: str) -> tuple[reference.UnreachedDepartment, ...]:
        """Departments with active people, none of them reached by our team."""
        return reference.unreached_departments(self.graph(account_id))

    def unreached_key_role_holders(self, account_id: str, roles: Iterable[str] = tuple(r.value for r in KEY_ROLES)
                                   ) -> tuple[reference.UnreachedHolder, ...]:
        """Active holders of a key buying role whom nobody on our team reaches."""
        return reference.unreached_key_role_holders(self.graph(account_id), roles)

    def single_threaded(self, account_id: str, people: Iterable[str]) -> tuple[reference.SingleThread, ...]:
        """Of ``people`` (key people, in rank order), those reached through one team member only."""
        return reference.single_threaded(self.graph(account_id), list(people))

    def stale_contacts(self, account_id: str, as_of: dt.date, stale_days: int) -> tuple[reference.StaleContact, ...]:
        """People whose latest dated contact is more than ``stale_days`` before ``as_of``."""
        return reference.stale_contacts(self.graph(account_id), as_of, stale_days)

    def unknown_stance(self, account_id: str, people: Iterable[str]) -> tuple[str, ...]:
        """Of ``people`` (key people, in rank order), those whose stance is unknown."""
        return reference.unknown_stance(self.graph(account_id), list(people))

    def introduction_candidates(self, account_id: str, target: str, avoid: Iterable[str] = ()) -> tuple[tuple[str, ...], ...]:
        """Every shortest route from our team to ``target`` over contacts and positive ties."""
        return reference.introduction_candidates(self.graph(account_id), target, list(avoid))

