"""The Neo4j backend: accounts in a Neo4j 5 database, through the official ``neo4j`` driver.

This is the only module that imports the driver, and only when a Neo4j URL is used (with an
install hint when it is missing). Every query is a file of ``powermap/cypher/`` run with
parameters; no value is ever written into Cypher text, and labels and relationship types
appear only as the constants of :mod:`powermap.backends.schema`.

A push is one explicit transaction per account, which keeps it whole:

1. ``begin_push`` writes the Account node first (its ``version`` + 1 and ``pushing``): on
   Neo4j that takes the account's write lock, so a second push of the same account waits
   there and then reads what the first committed; an optimistic server (the ArcadeDB test
   server) lets both run and refuses the later commit, and then this push runs again, from
   the read, against what the other committed (:data:`_PUSH_ATTEMPTS` times at most);
2. it reads what the database holds for the account, computes the difference
   (:func:`~powermap.backends.schema.changes`) and writes only that, in batches of
   ``batch_size`` rows;
3. ``end_push`` removes ``pushing``, and the transaction commits. Ctrl-C during the commit
   is held back until the commit returns (then :class:`~powermap.backends.base.PushInterrupted`
   says the account was saved); before it, it rolls the push back.

A failure anywhere rolls the whole push back. ``pushing`` is never committed, so finding it
means a push died half-way on a server that kept part of its writes: a pull then refuses the
account (:class:`~powermap.backends.base.AccountInterrupted`) and the next push repairs it,
since it diffs against what is really there. ``end_push`` also stores ``digest``, the
:func:`~powermap.backends.schema.fingerprint` of the rows written. Servers (Neo4j too) let a
reader see a commit being applied in parts, so a read checks its rows against the digest and
reads again until they match or two reads agree, and a pull reads the version before and
after the account and reads again when a push committed in between. The counts a push reports are the
server's own (``counters`` of every statement's summary). Every driver error becomes a
one-line :class:`~powermap.errors.BackendError` that says what to check and never holds the
password or the user information of the address.
"""

from __future__ import annotations

import datetime as dt
import logging
import random
import signal
import threading
import time
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from pydantic import ValidationError

from ..errors import BackendError
from ..model import KEY_ROLES, AccountMap
from . import reference
from .base import (AccountInterrupted, AccountNotFound, AccountSummary, Backend, Progress, PushInterrupted, PushResult,
                   Settings)
from .queries import Query, query
from .schema import (BOOKKEEPING, LABELS, Changes, GraphRows, Link, Node, account_from_rows, account_rows,
                     changes, fingerprint)

__all__ = ["Neo4jBackend", "DEFAULT_BATCH_SIZE", "import_driver"]

DEFAULT_BATCH_SIZE = 5000  # rows per statement: the fastest of 500..10,000 in docs/performance.md
_CONNECTION_TIMEOUT = 15.0  # seconds to open a connection before saying the server is unreachable
# A push that lost to a concurrent push of the same account is run again, at most this many
# times in all, after a pause that doubles from _RETRY_PAUSE (with jitter, so two losers part).
_PUSH_ATTEMPTS = 8
# A pull that saw a push commit while it read reads again, at most this many times in all.
_READ_ATTEMPTS = 8
_RETRY_PAUSE = 0.1  # seconds
_START_LABEL_PARAMETER = {"Stakeholder": "from_stakeholders", "TeamMember": "from_team", "Department": "from_departments"}
_NODE_PARAMETER = {"Account": "account_node", **{label: table for table, label in LABELS.items() if table != "account"}}
_COUNTERS = ("nodes_created", "nodes_deleted", "relationships_created", "relationships_deleted", "properties_set")


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


def _pause(attempt: int) -> None:
    """Wait before attempt ``attempt + 1``: doubling from :data:`_RETRY_PAUSE`, with jitter."""
    time.sleep(_RETRY_PAUSE * 2 ** (attempt - 1) * random.uniform(0.5, 1.5))


class _HeldInterrupt:
    """Ctrl-C held back while :meth:`hold` is in force: SIGINT then only sets ``caught``.

    Only in the main thread and only when SIGINT has Python's default handler (which raises
    ``KeyboardInterrupt``); an application that handles SIGINT itself is left alone.
    :meth:`release` restores the handler; the caller decides what a caught interrupt means."""

    def __init__(self) -> None:
        self.caught = False
        self._held = False

    def hold(self) -> None:
        if self._held or threading.current_thread() is not threading.main_thread():
            return
        if signal.getsignal(signal.SIGINT) is not signal.default_int_handler:
            return
        signal.signal(signal.SIGINT, self._catch)
        self._held = True

    def release(self) -> None:
        if self._held:
            signal.signal(signal.SIGINT, signal.default_int_handler)
            self._held = False

    def _catch(self, signum, frame) -> None:
        self.caught = True


class _Changed(Exception):
    """A concurrent commit got in the way of a transaction: run it again."""


@dataclass
class _Attempt:
    """What one run of a push found and did (kept across the retries for the checks)."""

    version: int | None = None  # the account's version before this push (None: a new account)
    interrupted: bool = False
    delta: Changes | None = None
    counts: dict[str, int] | None = None


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

    def _changed_under(self, error: BaseException) -> bool:
        """Whether a driver error means that a concurrent commit changed what the transaction
        works on (a conflict, or a record deleted while it was being read): worth running again."""
        code = getattr(error, "code", None) or ""
        if isinstance(error, self._exceptions.TransientError):
            return code.startswith("Neo.TransientError.Transaction.")
        return code == "Neo.ClientError.Statement.EntityNotFound"

    @contextmanager
    def _session(self, action: str, *, write: bool, changes: bool = False) -> Iterator[Any]:
        """A transaction in the configured database; driver errors become :class:`BackendError`
        (with ``changes``, an error that says a concurrent commit got in the way becomes
        :class:`_Changed`, for the caller to run the transaction again).

        The transaction commits when the block ends normally and rolls back otherwise. The
        ``started`` flag tells a refused connection from one lost during the work.
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
            if changes and self._changed_under(error):
                raise _Changed from None
            raise BackendError(self._explain(error, action, state["started"], write)) from None

    # -- running the library's files -------------------------------------------------------
    def _rows(self, transaction, name: str, **parameters) -> list[dict]:
        return [record.data() for record in transaction.run(query(name).text, parameters)]

    def _run_batches(self, transaction, file: Query, lists: Mapping[str, list], constant: Mapping[str, Any],
                     done: list[int], total: int, batch_size: int, progress: Progress | None,
                     counts: dict[str, int]) -> None:
        """Every statement of a file over its rows, ``batch_size`` rows at a time; the server's
        counters of each are added to ``counts``."""
        for statement in file.statements:
            rows = lists.get(statement.rows, [])
            for start in range(0, len(rows), batch_size):
                batch = rows[start : start + batch_size]
                parameters = {name: constant[name] for name in statement.parameters if name in constant}
                counters = transaction.run(statement.text, {**parameters, statement.rows: batch}).consume().counters
                for name in _COUNTERS:
                    counts[name] += getattr(counters, name)
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
        """The account's rows; the push's bookkeeping is left out of the Account node."""
        nodes = tuple(
            Node(row["label"], row["id"],
                 {k: v for k, v in row["properties"].items() if k not in BOOKKEEPING} if row["label"] == "Account"
                 else row["properties"])
            for row in self._rows(transaction, "export_nodes", account=account_id))
        links = tuple(Link(row["type"], row["source"], row["target"], row["properties"])
                      for row in self._rows(transaction, "export_relationships", account=account_id))
        return GraphRows(account_id, nodes, links)

    def _state(self, transaction, account_id: str) -> tuple[int | None, bool, str | None] | None:
        """(version, interrupted, digest) of the account, or ``None`` when there is no such account."""
        rows = self._rows(transaction, "account_state", account=account_id)
        return (rows[0]["version"], bool(rows[0]["interrupted"]), rows[0]["digest"]) if rows else None

    def _read_whole(self, transaction, account_id: str, digest: str | None, first: GraphRows) -> GraphRows:
        """``first`` (rows just read) if they are what the last push wrote (their fingerprint is
        ``digest``, or there is none to check), else the rows read again until two reads agree.

        Rows that differ from the stored fingerprint were either seen while a commit was being
        applied (servers show one in parts; the next read differs) or changed outside powermap
        (the next read is the same, and is taken as it is). Raises :class:`_Changed` if the
        reads never settle."""
        if digest is None:
            return first
        seen = fingerprint(first)
        if seen == digest:
            return first
        for number in range(1, _READ_ATTEMPTS):
            _pause(number)
            rows = self._read(transaction, account_id)
            again = fingerprint(rows)
            if again in (digest, seen):
                return rows
            seen = again
        raise _Changed

    def _write(self, transaction, account_id: str, current: GraphRows, delta: Changes, batch_size: int,
               progress: Progress | None) -> dict[str, int]:
        """Deletions first (a changed relationship is deleted, then written again), then nodes,
        then relationships, whose ends must exist. Returns the server's counts."""
        lists: dict[str, dict[str, list]] = {"prune_relationships": {}, "prune_nodes": {}, "push_nodes": {},
                                             "push_relationships": {}}
        for link in delta.delete:
            lists["prune_relationships"].setdefault(_START_LABEL_PARAMETER[link.start_label], []).append(
                {"type": link.type, "source": link.source, "target": link.target, "seq": link.properties.get("seq")})
        for node in delta.remove:
            lists["prune_nodes"].setdefault(_NODE_PARAMETER[node.label], []).append(node.id)
        stored = {node.key: node.properties for node in current.nodes}
        for node in delta.upsert:
            properties = dict(node.properties)
            if node.label == "Account":  # SET n += ...: name what to remove, keep the bookkeeping
                properties.update({name: None for name in stored.get(node.key, {}) if name not in properties})
            lists["push_nodes"].setdefault(_NODE_PARAMETER[node.label], []).append(
                {"id": node.id, "properties": properties})
        for link in delta.create:
            lists["push_relationships"].setdefault(link.type.lower(), []).append(
                {"source": link.source, "target": link.target, "properties": dict(link.properties)})
        total = sum(len(rows) for step in lists.values() for rows in step.values())
        done, counts = [0], dict.fromkeys(_COUNTERS, 0)
        for name, step in lists.items():
            self._run_batches(transaction, query(name), step, {"account": account_id}, done, total, batch_size,
                              progress, counts)
        return counts

    def _push_once(self, transaction, account_id: str, wanted: GraphRows, digest: str, batch_size: int,
                   progress: Progress | None, attempt: _Attempt) -> None:
        """One run of a push inside ``transaction``, up to (not including) the commit."""
        begun = transaction.run(query("begin_push").text, {"account": account_id})
        record = begun.single(strict=True)
        created = begun.consume().counters.nodes_created
        attempt.version = None if created else record["version"] - 1
        attempt.interrupted = bool(record["interrupted"])
        current = self._read(transaction, account_id)
        if created:  # the node begin_push just made is not the account yet: to the diff it is new
            current = GraphRows(account_id, tuple(node for node in current.nodes if node.label != "Account"),
                                current.links)
        elif not attempt.interrupted:  # a commit still being applied must not be taken for the account
            current = self._read_whole(transaction, account_id, record["digest"], current)
        attempt.delta = changes(current, wanted)
        attempt.counts = self._write(transaction, account_id, current, attempt.delta, batch_size, progress)
        attempt.counts["nodes_created"] += created
        transaction.run(query("end_push").text, {"account": account_id, "digest": digest}).consume()

    def _changed_since(self, account_id: str, attempt: _Attempt) -> bool:
        """Whether another push committed the account since ``attempt`` read it."""
        try:
            with self._driver.session(database=self.settings.database, default_access_mode=self._read_mode) as session:
                with session.begin_transaction() as transaction:
                    state = self._state(transaction, account_id)
        except Exception as error:
            if not self._is_driver_error(error):
                raise
            return False
        return (state[0] if state else None) != attempt.version

    # -- the contract ----------------------------------------------------------------------
    def push(self, account: AccountMap, *, batch_size: int | None = None, progress: Progress | None = None) -> PushResult:
        """Store the account whole (see the module docstring for how).

        Raises :class:`BackendError` when it cannot (nothing of the push is saved then), and
        :class:`~powermap.backends.base.PushInterrupted` when Ctrl-C came during the commit
        (the account is saved; the exception holds the result)."""
        account_id = account.account.id
        wanted = account_rows(account)
        self._ensure_schema()
        action = f"pushing account {account_id!r}"
        held = _HeldInterrupt()
        try:
            attempt = self._commit_push(account_id, wanted, fingerprint(wanted), batch_size or self.batch_size,
                                        progress, action, held)
            counts = attempt.counts
            result = PushResult(account_id, counts["nodes_created"], counts["nodes_deleted"],
                                counts["relationships_created"], counts["relationships_deleted"],
                                counts["properties_set"], attempt.delta.updated, attempt.delta.unchanged,
                                (attempt.version or 0) + 1, attempt.interrupted)
        finally:
            held.release()
        if held.caught:
            raise PushInterrupted(result)
        return result

    def _commit_push(self, account_id: str, wanted: GraphRows, digest: str, batch_size: int,
                     progress: Progress | None, action: str, held: _HeldInterrupt) -> _Attempt:
        """Run the push and commit it, again when a concurrent push of the account won; Ctrl-C
        is held from just before the commit until the caller releases it."""
        errors = self._exceptions
        for number in range(1, _PUSH_ATTEMPTS + 1):
            attempt, started = _Attempt(), False
            try:
                with self._driver.session(database=self.settings.database) as session:
                    with session.begin_transaction() as transaction:
                        started = True
                        self._push_once(transaction, account_id, wanted, digest, batch_size, progress, attempt)
                        held.hold()
                        transaction.commit()
                return attempt
            except (BackendError, KeyboardInterrupt):
                raise
            except Exception as error:
                if not isinstance(error, _Changed) and not self._is_driver_error(error):
                    raise
                held.release()
                if held.caught and not isinstance(error, errors.IncompleteCommit):
                    raise KeyboardInterrupt from None  # Ctrl-C during a commit that failed: nothing was saved
                lost = isinstance(error, _Changed) or self._changed_under(error)
                if not lost and isinstance(error, errors.ConstraintError):  # an optimistic server: same new keys
                    lost = self._changed_since(account_id, attempt)
                if not lost:
                    raise BackendError(self._explain(error, action, started)) from None
                if number == _PUSH_ATTEMPTS:
                    raise BackendError(
                        f"account {account_id!r} changed while pushing it (other pushes of it at the same time, "
                        f"{number} tries); nothing of this push was saved: run the push again") from None
                _pause(number)
        raise AssertionError("unreachable")  # pragma: no cover

    def account(self, account_id: str) -> AccountMap:
        rows = self._consistent_read(account_id, f"reading account {account_id!r}")
        if rows is None:
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

    def _consistent_read(self, account_id: str, action: str) -> GraphRows | None:
        """The account's rows as one committed version (``None``: no such account).

        In one read transaction: the account's state (version, interrupted, digest), its rows,
        the state again. When a push committed in between (the version changed) or the rows
        are not what the last push wrote (:meth:`_read_whole`: a commit seen in parts), the
        rows may mix two versions, so they are read again. An account a push left half
        written is refused."""
        for number in range(1, _READ_ATTEMPTS + 1):
            try:
                with self._session(action, write=False, changes=True) as transaction:
                    before = self._state(transaction, account_id)
                    if before is None:
                        return None
                    rows = self._read(transaction, account_id)
                    if not before[1]:
                        rows = self._read_whole(transaction, account_id, before[2], rows)
                    after = self._state(transaction, account_id)
            except _Changed:  # a push deleted what the read was about to return, or it never settled
                before, after = None, False
            if before == after:
                if before[1]:
                    raise AccountInterrupted(
                        f"a push of account {account_id!r} was interrupted and left it half written in database "
                        f"{self.settings.database!r} at {self.settings.shown}: push the file again")
                return rows
            if number < _READ_ATTEMPTS:
                _pause(number)
        raise BackendError(f"account {account_id!r} kept changing while it was read (pushes of it one after another): "
                           "run the command again")

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

    # -- native analyses (the optional capability of Backend.native) -----------------------
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
