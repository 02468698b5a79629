"""The Neo4j backend: accounts in a Neo4j 5 database, through the official ``neo4j`` driver.

This is the only module that imports the driver, and only when a Neo4j URL is used (with an
install hint when it is missing). Every query is a file of ``powermap/cypher/`` run with
parameters; no value is ever written into Cypher text, and labels and relationship types
appear only as the constants of :mod:`powermap.backends.schema`.

A push is one explicit transaction per account: it reads what the database holds for the
account, computes the difference (:func:`~powermap.backends.schema.changes`) and writes only
that, in batches of ``batch_size`` rows. A failure anywhere (lost connection, refused
constraint) rolls the whole push back, so an account is never half written; pushing an
unchanged account writes nothing. Every driver error becomes a one-line
:class:`~powermap.errors.BackendError` that says what to check and never holds the password
or the user information of the address.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from typing import Any

from pydantic import ValidationError

from ..errors import BackendError
from ..model import KEY_ROLES, AccountMap
from . import reference
from .base import AccountNotFound, AccountSummary, Backend, Progress, PushResult, Settings
from .queries import Query, query
from .schema import LABELS, Changes, GraphRows, Link, Node, account_from_rows, account_rows, changes

__all__ = ["Neo4jBackend", "DEFAULT_BATCH_SIZE", "import_driver"]

DEFAULT_BATCH_SIZE = 5000  # rows per statement: the fastest of 500..10,000 in docs/performance.md
_CONNECTION_TIMEOUT = 15.0  # seconds to open a connection before saying the server is unreachable
_START_LABEL_PARAMETER = {"Stakeholder": "from_stakeholders", "TeamMember": "from_team", "Department": "from_departments"}
_NODE_PARAMETER = {"Account": "account_node", **{label: table for table, label in LABELS.items() if table != "account"}}


def import_driver():
    """The ``neo4j`` module, or a :class:`BackendError` saying how to install it.

    The driver logs server notifications and retries through :mod:`logging`; with no handler
    configured, Python would print them on stderr, between powermap's own one-line messages.
    A ``NullHandler`` on its logger stops that fallback and nothing else: an application that
    configures logging still receives every record."""
    try:
        import neo4j
    except ImportError:
        raise BackendError(
            "the Neo4j backend needs the neo4j driver, which is not installed: pip install 'powermap[neo4j]'"
        ) from None
    driver_log = logging.getLogger("neo4j")
    if not any(isinstance(handler, logging.NullHandler) for handler in driver_log.handlers):
        driver_log.addHandler(logging.NullHandler())
    return neo4j


def _first_line(text: str | None, limit: int = 160) -> str:
    line = (text or "").strip().splitlines()[0] if (text or "").strip() else ""
    return line if len(line) <= limit else line[: limit - 3] + "..."


def _raised_by_driver(error: BaseException) -> bool:
    """Whether ``error`` was raised inside the driver's own code (a ``ValueError`` of an
    address it cannot resolve, say), not in powermap's code that the driver called."""
    trace = error.__traceback__
    if trace is None:
        return False
    while trace.tb_next is not None:
        trace = trace.tb_next
    module = trace.tb_frame.f_globals.get("__name__", "")
    return module == "neo4j" or module.startswith("neo4j.")


class Neo4jBackend(Backend):
    """Accounts in one Neo4j database, told apart by the ``account`` property."""

    name = "neo4j"
    native = frozenset(reference.ANALYSES)

    def __init__(self, settings: Settings, *, batch_size: int = DEFAULT_BATCH_SIZE) -> None:
        neo4j = import_driver()
        self._exceptions = neo4j.exceptions
        self._read_mode = neo4j.READ_ACCESS
        self.settings = settings
        self.batch_size = batch_size
        self._schema_ready = False
        auth = (settings.user, settings.password) if settings.password is not None else None
        try:
            self._driver = neo4j.GraphDatabase.driver(settings.uri, auth=auth, connection_timeout=_CONNECTION_TIMEOUT)
        except Exception as error:  # ValueError, ConfigurationError ...: the address or a setting
            if not isinstance(error, self._driver_errors()) and not _raised_by_driver(error):
                raise
            raise BackendError(f"cannot use the Neo4j address {settings.shown}: {self._text(error)} "
                               "(expected bolt://HOST:PORT or neo4j://HOST)") from None

    def close(self) -> None:
        self._driver.close()

    # -- errors ----------------------------------------------------------------------------
    def _driver_errors(self) -> tuple[type[Exception], ...]:
        return (self._exceptions.Neo4jError, self._exceptions.DriverError)

    def _is_driver_error(self, error: BaseException) -> bool:
        return isinstance(error, self._driver_errors()) or (isinstance(error, Exception) and _raised_by_driver(error))

    def _text(self, error: BaseException) -> str:
        """The first line of a driver's message, without the password or the address's user part."""
        message = getattr(error, "message", None) if isinstance(error, self._exceptions.Neo4jError) else None
        return _first_line(self.settings.scrub(message or str(error)))

    def _explain(self, error: Exception, action: str, started: bool, write: bool = True) -> str:
        """One line for a driver error: what happened and what to check."""
        errors, where, database = self._exceptions, self.settings.shown, self.settings.database
        code = getattr(error, "code", None) or ""
        if isinstance(error, errors.AuthError):
            return (f"the Neo4j server at {where} refused user {self.settings.user!r}: check POWERMAP_NEO4J_USER "
                    "(or --user) and POWERMAP_NEO4J_PASSWORD")
        if code == "Neo.ClientError.Database.DatabaseNotFound" or isinstance(error, errors.DatabaseUnavailable):
            return (f"the Neo4j server at {where} has no database {database!r} (or it is offline): check --database "
                    "or POWERMAP_NEO4J_DATABASE (SHOW DATABASES lists them)")
        if isinstance(error, errors.IncompleteCommit):
            return (f"the connection to {where} dropped while committing {action}; it may or may not have been "
                    "saved: run the same command again (pushing is idempotent)")
        if isinstance(error, (errors.ServiceUnavailable, errors.SessionExpired)):
            if started:
                saved = "; nothing of it was saved" if write else ""
                return (f"lost the connection to the Neo4j server at {where} while {action}{saved}: check the server, "
                        "then run the command again")
            return (f"cannot reach a Neo4j server at {where}: check that it is running and that the address and "
                    "port are right (--backend or POWERMAP_NEO4J_URI)")
        if isinstance(error, errors.ConstraintError):
            return (f"the database refused {action}: a constraint was violated ({self._text(error)}); "
                    "nothing was saved: check SHOW CONSTRAINTS for constraints powermap did not create "
                    "(powermap's are named powermap_*)")
        if isinstance(error, errors.Forbidden):
            return (f"user {self.settings.user!r} is not allowed to finish {action} in database {database!r}: "
                    "check the user's roles (powermap needs to read, write and create indexes)")
        if isinstance(error, errors.TransientError):
            return (f"the Neo4j server at {where} could not finish {action} ({code or 'transient error'}); "
                    "nothing was saved: run the command again")
        if isinstance(error, errors.Neo4jError):
            return f"the Neo4j server at {where} failed while {action}: {code}: {self._text(error)}"
        return f"the Neo4j driver failed while {action} at {where}: {type(error).__name__}: {self._text(error)}"

    @contextmanager
    def _session(self, action: str, *, write: bool) -> Iterator[Any]:
        """A transaction in the configured database; driver errors become :class:`BackendError`.

        The transaction commits when the block ends normally and rolls back otherwise. The
        ``started`` flag it yields tells a refused connection from one lost during the work.
        """
        state = {"started": False}
        mode = {} if write else {"default_access_mode": self._read_mode}
        try:
            with self._driver.session(database=self.settings.database, **mode) as session:
                with session.begin_transaction() as transaction:
                    state["started"] = True
                    yield transaction
        except BackendError:
            raise
        except Exception as error:
            if not self._is_driver_error(error):
                raise
            raise BackendError(self._explain(error, action, state["started"], write)) from None

    # -- running the library's files -------------------------------------------------------
    def _rows(self, transaction, name: str, **parameters) -> list[dict]:
        return [record.data() for record in transaction.run(query(name).text, parameters)]

    def _run_batches(self, transaction, file: Query, lists: Mapping[str, list], constant: Mapping[str, Any],
                     done: list[int], total: int, batch_size: int, progress: Progress | None) -> None:
        """Every statement of a file over its rows, ``batch_size`` rows at a time."""
        for statement in file.statements:
            rows = lists.get(statement.rows, [])
            for start in range(0, len(rows), batch_size):
                batch = rows[start : start + batch_size]
                parameters = {name: constant[name] for name in statement.parameters if name in constant}
                transaction.run(statement.text, {**parameters, statement.rows: batch}).consume()
                done[0] += len(batch)
                if progress is not None:
                    progress(done[0], total)

    def _ensure_schema(self) -> None:
        """Create the constraints and indexes once per backend (schema changes cannot share a
        transaction with data, so each statement runs on its own; all are IF NOT EXISTS)."""
        if self._schema_ready:
            return
        try:
            with self._driver.session(database=self.settings.database) as session:
                for statement in query("schema").statements:
                    session.run(statement.text).consume()
        except Exception as error:
            if not self._is_driver_error(error):
                raise
            raise BackendError(self._explain(error, "creating powermap's constraints and indexes", False)) from None
        self._schema_ready = True

    def _read(self, transaction, account_id: str) -> GraphRows:
        nodes = tuple(Node(row["label"], row["id"], row["properties"])
                      for row in self._rows(transaction, "export_nodes", account=account_id))
        links = tuple(Link(row["type"], row["source"], row["target"], row["properties"])
                      for row in self._rows(transaction, "export_relationships", account=account_id))
        return GraphRows(account_id, nodes, links)

    def _write(self, transaction, account_id: str, delta: Changes, batch_size: int, progress: Progress | None) -> None:
        """Deletions first (a changed relationship is deleted, then written again), then nodes,
        then relationships, whose ends must exist."""
        lists: dict[str, dict[str, list]] = {"prune_relationships": {}, "prune_nodes": {}, "push_nodes": {},
                                             "push_relationships": {}}
        for link in delta.delete:
            lists["prune_relationships"].setdefault(_START_LABEL_PARAMETER[link.start_label], []).append(
                {"type": link.type, "source": link.source, "target": link.target, "seq": link.properties.get("seq")})
        for node in delta.remove:
            lists["prune_nodes"].setdefault(_NODE_PARAMETER[node.label], []).append(node.id)
        for node in delta.upsert:
            lists["push_nodes"].setdefault(_NODE_PARAMETER[node.label], []).append(
                {"id": node.id, "properties": dict(node.properties)})
        for link in delta.create:
            lists["push_relationships"].setdefault(link.type.lower(), []).append(
                {"source": link.source, "target": link.target, "properties": dict(link.properties)})
        total = sum(len(rows) for step in lists.values() for rows in step.values())
        done = [0]
        for name, step in lists.items():
            self._run_batches(transaction, query(name), step, {"account": account_id}, done, total, batch_size, progress)

    # -- the contract ----------------------------------------------------------------------
    def push(self, account: AccountMap, *, batch_size: int | None = None, progress: Progress | None = None) -> PushResult:
        account_id = account.account.id
        wanted = account_rows(account)
        self._ensure_schema()
        with self._session(f"pushing account {account_id!r}", write=True) as transaction:
            delta = changes(self._read(transaction, account_id), wanted)
            self._write(transaction, account_id, delta, batch_size or self.batch_size, progress)
        return PushResult.of(account_id, delta)

    def account(self, account_id: str) -> AccountMap:
        with self._session(f"reading account {account_id!r}", write=False) as transaction:
            rows = self._read(transaction, account_id)
        if not rows.nodes_of("Account"):
            raise self._not_found(account_id)
        try:
            return account_from_rows(rows)
        except ValidationError as error:
            first = error.errors()[0]
            raise BackendError(
                f"account {account_id!r} in database {self.settings.database!r} at {self.settings.shown} is not a "
                f"valid account ({error.error_count()} problems, first: {_first_line(str(first.get('msg')))}): was "
                "it changed outside powermap? push the file again"
            ) from None

    def _not_found(self, account_id: str) -> AccountNotFound:
        return AccountNotFound(
            f"no account {account_id!r} in database {self.settings.database!r} at {self.settings.shown}: "
            "`powermap neo4j list` shows the accounts there"
        )

    def accounts(self) -> tuple[AccountSummary, ...]:
        with self._session("listing accounts", write=False) as transaction:
            rows = self._rows(transaction, "list_accounts")
        return tuple(AccountSummary(**row) for row in rows)

    def delete(self, account_id: str) -> int:
        deleted = 0
        with self._session(f"deleting account {account_id!r}", write=True) as transaction:
            for statement in query("delete_account").statements:
                deleted += transaction.run(statement.text, {"account": account_id}).consume().counters.nodes_deleted
        if not deleted:
            raise self._not_found(account_id)
        return deleted

    # -- native analyses -------------------------------------------------------------------
    def read(self, name: str, **parameters) -> list[dict]:
        """Run one read-only file of the library (``powermap/cypher/NAME.cypher``) with its
        parameters, as Neo4j Browser would: the rows as dicts."""
        with self._session(f"running {name}.cypher", write=False) as transaction:
            return self._rows(transaction, name, **parameters)


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
        with self._session("running introduction_step.cypher", write=False) as transaction:
            members = [row["id"] for row in self._rows(transaction, "list_team", account=account_id)]

            def step(frontier: list[str], first: bool) -> list[dict]:
                return self._rows(transaction, "introduction_step", account=account_id, avoid=avoid,
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
