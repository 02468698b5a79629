"""The Neo4j backend: accounts in a Neo4j 5 database, through the official ``neo4j`` driver.

Every query is a file of ``powermap/cypher/`` run with parameters; no value is ever written
into Cypher text, and labels and relationship types appear only as the constants of
:mod:`powermap.backends.schema`. The backend is in four modules:

- :mod:`~powermap.backends.neo4j_connection`: the driver (imported there only, and only when
  a Neo4j URL is used), sessions and transactions, and every driver error as one line that
  says what to check and never holds the password or the user information of the address;
- :mod:`~powermap.backends.neo4j_push`: a push, one transaction per account that keeps it
  whole (the version lock, the ``pushing`` mark, the digest, the batches);
- :mod:`~powermap.backends.neo4j_read`: pull (one committed version, checked against the
  digest), list and delete;
- this module: :class:`Neo4jBackend`, the contract of :class:`~powermap.backends.base.Backend`
  over those, and the analyses it runs natively in Cypher.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from ..i18n import say
from ..model import KEY_ROLES, AccountMap
from . import neo4j_push, neo4j_read, reference
from .base import AccountSummary, Backend, Progress, PushResult, Settings
from .neo4j_connection import Connection, import_driver
from .neo4j_push import DEFAULT_BATCH_SIZE

__all__ = ["Neo4jBackend", "DEFAULT_BATCH_SIZE", "import_driver"]


class Neo4jBackend(Backend):
    """Accounts in one Neo4j database, told apart by the ``account`` property."""

    name = "neo4j"
    native = frozenset(reference.ANALYSES)

    def __init__(self, settings: Settings, *, batch_size: int = DEFAULT_BATCH_SIZE) -> None:
        self._connection = Connection(settings)
        self.settings = settings
        self.batch_size = batch_size
        self._schema = neo4j_push.Schema()

    def close(self) -> None:
        self._connection.close()

    # -- the contract ----------------------------------------------------------------------
    def push(self, account: AccountMap, *, batch_size: int | None = None, progress: Progress | None = None) -> PushResult:
        """Store the account whole (see :mod:`powermap.backends.neo4j_push` for how).

        Raises :class:`~powermap.errors.BackendError` when it cannot (nothing of the push is
        saved then), and :class:`~powermap.backends.base.PushInterrupted` when Ctrl-C came
        during the commit (the account is saved; the exception holds the result)."""
        return neo4j_push.push(self._connection, self._schema, account, batch_size=batch_size or self.batch_size,
                               progress=progress)

    def account(self, account_id: str) -> AccountMap:
        return neo4j_read.pull(self._connection, account_id)

    def accounts(self) -> tuple[AccountSummary, ...]:
        return neo4j_read.list_accounts(self._connection)

    def delete(self, account_id: str) -> int:
        return neo4j_read.delete(self._connection, account_id)

    # -- native analyses (the optional capability of Backend.native) -----------------------
    def read(self, name: str, **parameters) -> list[dict]:
        """Run one read-only file of the library (``powermap/cypher/NAME.cypher``) with its
        parameters, as Neo4j Browser would: the rows as dicts."""
        with self._connection.session(say("running {query}", query=f"{name}.cypher"), write=False) as transaction:
            return self._connection.rows(transaction, name, **parameters)

    def reporting_chain(self, account_id: str, person: str) -> tuple[reference.Manager, ...]:
        rows = self.read("reporting_chain", account=account_id, person=person)
        return tuple(reference.Manager(row["manager"], row["name"], row["level"]) for row in rows)

    def unreached_departments(self, account_id: str) -> tuple[reference.UnreachedDepartment, ...]:
        rows = self.read("unreached_departments", account=account_id)
        return tuple(reference.UnreachedDepartment(row["department"], row["name"], tuple(row["people"])) for row in rows)

    def unreached_key_role_holders(self, account_id: str, roles: Iterable[str] = tuple(r.value for r in KEY_ROLES)
                                   ) -> tuple[reference.UnreachedHolder, ...]:
        rows = self.read("unreached_key_role_holders", account=account_id, roles=[str(role) for role in roles])
        return tuple(reference.UnreachedHolder(row["id"], row["name"], tuple(row["roles"])) for row in rows)

    def single_threaded(self, account_id: str, people: Iterable[str]) -> tuple[reference.SingleThread, ...]:
        rows = self.read("single_threaded", account=account_id, people=list(people))
        return tuple(reference.SingleThread(row["id"], row["member"]) for row in rows)

    def stale_contacts(self, account_id: str, as_of: dt.date, stale_days: int) -> tuple[reference.StaleContact, ...]:
        rows = self.read("stale_contacts", account=account_id, as_of=as_of.isoformat(), stale_days=stale_days)
        return tuple(
            reference.StaleContact(row["id"], dt.date.fromisoformat(row["last_contact"]), row["age_days"]) for row in rows
        )

    def unknown_stance(self, account_id: str, people: Iterable[str]) -> tuple[str, ...]:
        return tuple(row["id"] for row in self.read("unknown_stance", account=account_id, people=list(people)))

    def introduction_candidates(self, account_id: str, target: str, avoid: Iterable[str] = ()) -> tuple[tuple[str, ...], ...]:
        """Breadth-first, one ``introduction_step.cypher`` per hop, all in one read transaction
        (see that file for why not one ``allShortestPaths`` query)."""
        avoid = sorted(set(avoid))
        connection = self._connection
        with connection.session(say("running {query}", query="introduction_step.cypher"), write=False) as transaction:
            members = [row["id"] for row in connection.rows(transaction, "list_team", account=account_id)]

            def step(frontier: list[str], first: bool) -> list[dict]:
                return connection.rows(transaction, "introduction_step", account=account_id, avoid=avoid,
                                       members=frontier if first else [], people=[] if first else frontier)

            parents = _breadth_first([m for m in members if m not in avoid], target, step)
        return _routes(parents, target)


def _breadth_first(members: list[str], target: str, step) -> dict[str, set[str]]:
    """Shortest-path predecessors of every node up to the target's level, found one hop per query."""
    parents: dict[str, set[str]] = {member: set() for member in members}
    frontier, first = sorted(members), True
    while frontier and target not in parents:
        found: dict[str, set[str]] = {}
        for row in step(frontier, first):
            if row["target"] not in parents:
                found.setdefault(row["target"], set()).add(row["source"])
        parents.update(found)
        frontier, first = sorted(found), False
    return parents


def _routes(parents: dict[str, set[str]], target: str) -> tuple[tuple[str, ...], ...]:
    """Every route from a root (a team member) to ``target`` along the predecessors, sorted."""
    if not parents.get(target):  # out of reach, or a member of our team (a root)
        return ()
    routes: list[tuple[str, ...]] = []
    stack = [(target, (target,))]
    while stack:
        node, tail = stack.pop()
        if not parents[node]:
            routes.append(tail)
            continue
        stack.extend((parent, (parent, *tail)) for parent in parents[node])
    return tuple(sorted(routes))
