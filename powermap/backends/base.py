"""The backend contract: where accounts live, and how an analysis reaches them.

One small interface, two implementations (``memory``: NetworkX in this process, the default
and the reference; ``neo4j``: a Neo4j 5 server through the official driver), chosen by a URL
as in ibis: ``memory``, ``bolt://host:7687``, ``neo4j://host``, ``neo4j+s://host`` ...

A backend stores whole accounts (:meth:`Backend.push`, :meth:`Backend.account`,
:meth:`Backend.accounts`, :meth:`Backend.delete`) and gives the account back as the reference
graph (:meth:`Backend.graph`). The analyses in :data:`~powermap.backends.reference.ANALYSES`
are methods too: a backend that can run one natively (in Cypher) overrides it and names it in
:attr:`Backend.native`; every other backend answers with the NetworkX reference over the
pulled graph, so callers never need to know which engine answered.
"""

from __future__ import annotations

import datetime as dt
import os
from abc import ABC, abstractmethod
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from urllib.parse import urlsplit

import networkx as nx

from ..errors import AddressError, BackendError
from ..model import KEY_ROLES, AccountMap
from . import reference
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
    "connect",
    "display_uri",
    "address_problem",
    "BOLT_SCHEMES",
    "ENVIRONMENT",
]

BOLT_SCHEMES = ("bolt", "bolt+s", "bolt+ssc", "neo4j", "neo4j+s", "neo4j+ssc")
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


def _split_address(uri: str) -> tuple[str, str, str, str]:
    """``scheme``, ``userinfo``, ``host[:port]`` and ``path`` of an address, by hand: it must
    work on addresses too broken for :func:`urllib.parse.urlsplit` (``bolt://[::1``, a port
    of 99999) and never show a password. Everything up to the LAST ``@`` is user information,
    so a password holding ``/``, ``?``, ``#`` or ``@`` is never shown as a host."""
    scheme, separator, rest = uri.partition("://")
    if not separator:
        return "", "", uri, ""
    userinfo, at, address = rest.rpartition("@")
    if not at:
        userinfo, address = "", rest
    address = address.split("#", 1)[0].split("?", 1)[0]
    host, slash, path = address.partition("/")
    return scheme, userinfo + at, host, slash + path


def display_uri(uri: str) -> str:
    """The address without user name, password, query or fragment, fit for messages and logs.

    It never fails, whatever the text (a malformed address is shown as far as it goes):
    ``bolt://alice:pw@[::1]:7687/x?y=1`` -> ``bolt://[::1]:7687/x``."""
    scheme, _, host, path = _split_address(uri)
    if not scheme:
        return uri.rpartition("@")[2]
    return f"{scheme}://{host}{path}"


def address_problem(uri: str) -> str | None:
    """What is wrong with a Neo4j address, in words for a message (``None`` when nothing is).

    Checked before any connection, so a malformed address is one plain line, never a driver
    error: the scheme must be one of :data:`BOLT_SCHEMES`; there must be a host name and, if
    any, a port 1..65535; a user name or password must not be in it (the driver refuses them,
    and an address is shown in ``ps``, shell history and messages)."""
    shown = display_uri(uri)
    scheme, userinfo, host, _ = _split_address(uri)
    if scheme.lower() not in BOLT_SCHEMES:
        return (f"{shown!r} is not a Neo4j address: use bolt://HOST:7687, neo4j://HOST or neo4j+s://HOST "
                "(neo4j+s:// for TLS)")
    if userinfo:
        return (f"the Neo4j address {shown} holds a user name or password: leave them out of the address and give "
                "the user with --user or POWERMAP_NEO4J_USER, the password in POWERMAP_NEO4J_PASSWORD (or at the prompt)")
    invalid = f"{shown} is not a valid Neo4j address: expected "
    try:
        parts = urlsplit(f"{scheme}://{host}")
        hostname, port = parts.hostname, parts.port
    except ValueError as error:  # an unclosed "[", a port that is no number or out of range
        if "port" in str(error).lower():
            return invalid + "a port of 1..65535, like bolt://HOST:7687"
        return invalid + "a host name, or an IPv6 address in [ ], like bolt://HOST:7687"
    if not hostname:
        return f"{shown} names no host: expected bolt://HOST:7687, neo4j://HOST or neo4j+s://HOST"
    if any(character.isspace() or character in "[]@" for character in hostname):
        return invalid + "a host name, or an IPv6 address in [ ], like bolt://HOST:7687"
    if (port is not None and port < 1) or host.endswith(":"):
        return invalid + "a port of 1..65535, like bolt://HOST:7687"
    return None


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
        userinfo = _split_address(self.uri)[1]
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

    def describe(self) -> str:
        """One line for the command line."""
        repaired = "; repaired an interrupted push" if self.repaired else ""
        if not self.changed:
            return f"{self.account}: already up to date ({self.unchanged} nodes and relationships){repaired}"
        return (f"{self.account}: {self.nodes_created} nodes created, {self.nodes_updated} updated, "
                f"{self.nodes_deleted} deleted; {self.relationships_created} relationships created, "
                f"{self.relationships_deleted} deleted; {self.properties_set} properties set; "
                f"{self.unchanged} unchanged{repaired}")


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
    """Where accounts live. Use as a context manager, or call :meth:`close`."""

    name: str = "backend"
    native: frozenset[str] = frozenset()  # analyses this backend runs itself

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

    # -- analyses (NetworkX reference unless a backend runs them natively) -----------------
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


def connect(uri: str | None = None, *, user: str | None = None, password: str | None = None,
            database: str | None = None, environ: Mapping[str, str] | None = None) -> Backend:
    """The backend a URL names: ``memory``, or ``bolt://``/``neo4j://`` (``+s``, ``+ssc``) for Neo4j.

    Settings not given come from ``POWERMAP_NEO4J_URI``, ``_USER``, ``_PASSWORD`` and
    ``_DATABASE``; with no URL at all the backend is ``memory``. The Neo4j driver is imported
    only here, when a Neo4j URL is asked for.
    """
    settings = Settings.resolve(uri, user=user, password=password, database=database, environ=environ)
    scheme = settings.uri.partition("://")[0].lower() if "://" in settings.uri else settings.uri.lower().rstrip(":")
    if scheme == "memory":
        from .memory import MemoryBackend

        return MemoryBackend()
    if scheme not in BOLT_SCHEMES:
        problem = (f"unknown backend {settings.shown!r}: use memory, or a Neo4j address like bolt://HOST:7687 or "
                   "neo4j://HOST (neo4j+s:// for TLS)")
    else:
        problem = address_problem(settings.uri)  # no host, a bad port, a password in it
    if problem:  # said before any connection, naming the variable when the address came from it
        raise AddressError(problem if uri else f"{ENVIRONMENT['uri']}: {problem}")
    from .neo4j import Neo4jBackend

    return Neo4jBackend(settings)
