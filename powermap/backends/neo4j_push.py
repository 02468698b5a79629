"""Pushing an account to Neo4j: one explicit transaction per account, which keeps it whole.

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
:func:`~powermap.backends.schema.fingerprint` of the rows written, which reads check theirs
against (see :mod:`powermap.backends.neo4j_read`). The counts a push reports are the
server's own (``counters`` of every statement's summary).
"""

from __future__ import annotations

import signal
import threading
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from ..errors import BackendError
from ..i18n import say
from ..model import AccountMap
from .base import Progress, PushInterrupted, PushResult
from .neo4j_connection import Changed, Connection, after_ctrl_c, pause
from .neo4j_read import account_state, read_rows, read_whole
from .queries import Query, query
from .schema import LABELS, Changes, GraphRows, account_rows, changes, fingerprint

__all__ = ["DEFAULT_BATCH_SIZE", "Schema", "push"]

DEFAULT_BATCH_SIZE = 5000  # rows per statement: the fastest of 500..10,000 in docs/performance.md
# A push that lost to a concurrent push of the same account is run again, at most this many
# times in all, after a pause that doubles (with jitter, so two losers part).
_PUSH_ATTEMPTS = 8
_START_LABEL_PARAMETER = {"Stakeholder": "from_stakeholders", "TeamMember": "from_team", "Department": "from_departments"}
_NODE_PARAMETER = {"Account": "account_node", **{label: table for table, label in LABELS.items() if table != "account"}}
_COUNTERS = ("nodes_created", "nodes_deleted", "relationships_created", "relationships_deleted", "properties_set")


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


@dataclass
class _Attempt:
    """What one run of a push found and did (kept across the retries for the checks)."""

    version: int | None = None  # the account's version before this push (None: a new account)
    interrupted: bool = False
    delta: Changes | None = None
    counts: dict[str, int] | None = None


@dataclass
class _Tally:
    """The rows a push has written of all it writes, told to ``progress`` after each batch,
    and the server's counters of every statement, added up."""

    total: int
    progress: Progress | None
    done: int = 0
    counts: dict[str, int] = field(default_factory=lambda: dict.fromkeys(_COUNTERS, 0))


class Schema:
    """powermap's constraints and indexes, created once per backend."""

    def __init__(self) -> None:
        self.ready = False

    def ensure(self, connection: Connection) -> None:
        """Create them unless done (schema changes cannot share a transaction with data, so each
        statement runs on its own; all are IF NOT EXISTS)."""
        if self.ready:
            return
        try:
            with connection.driver.session(database=connection.settings.database) as session:
                for statement in query("schema").statements:
                    session.run(statement.text).consume()
        except Exception as error:
            if not connection.is_driver_error(error):
                raise
            raise BackendError(connection.explain(error, say("creating powermap's constraints and indexes"),
                                                  False)) from None
        self.ready = True


def push(connection: Connection, schema: Schema, account: AccountMap, *, batch_size: int,
         progress: Progress | None = None) -> PushResult:
    """Store the account whole (see the module docstring for how).

    Raises :class:`BackendError` when it cannot (nothing of the push is saved then), and
    :class:`~powermap.backends.base.PushInterrupted` when Ctrl-C came during the commit
    (the account is saved; the exception holds the result)."""
    account_id = account.account.id
    wanted = account_rows(account)
    schema.ensure(connection)
    action = say("pushing account {account}", account=repr(account_id))
    held = _HeldInterrupt()
    try:
        attempt = _commit_push(connection, account_id, wanted, fingerprint(wanted), batch_size, progress, action, held)
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


def _commit_push(connection: Connection, account_id: str, wanted: GraphRows, digest: str, batch_size: int,
                 progress: Progress | None, action: str, held: _HeldInterrupt) -> _Attempt:
    """Run the push and commit it, again when a concurrent push of the account won; Ctrl-C
    is held from just before the commit until the caller releases it."""
    errors = connection.exceptions
    for number in range(1, _PUSH_ATTEMPTS + 1):
        attempt, started = _Attempt(), False
        try:
            with connection.driver.session(database=connection.settings.database) as session:
                with session.begin_transaction() as transaction:
                    started = True
                    _push_once(connection, transaction, account_id, wanted, digest, batch_size, progress, attempt)
                    held.hold()
                    transaction.commit()
            return attempt
        except KeyboardInterrupt:
            raise
        except Exception as error:
            if after_ctrl_c(error):
                # Ctrl-C (before the commit, which holds it) cut a message to the server short,
                # and closing the transaction then failed on it: nothing was committed
                raise KeyboardInterrupt from None
            if isinstance(error, BackendError):
                raise
            if not isinstance(error, Changed) and not connection.is_driver_error(error):
                raise
            held.release()
            if held.caught and not isinstance(error, errors.IncompleteCommit):
                raise KeyboardInterrupt from None  # Ctrl-C during a commit that failed: nothing was saved
            lost = isinstance(error, Changed) or connection.changed_under(error)
            if not lost and isinstance(error, errors.ConstraintError):  # an optimistic server: same new keys
                lost = _changed_since(connection, account_id, attempt)
            if not lost:
                raise BackendError(connection.explain(error, action, started)) from None
            if number == _PUSH_ATTEMPTS:
                raise BackendError(say("account {account} changed while pushing it (other pushes of it at the same "
                                       "time, {count} tries); nothing of this push was saved: run the push again",
                                       account=repr(account_id), count=number)) from None
            pause(number)
    raise AssertionError("unreachable")  # pragma: no cover


def _push_once(connection: Connection, transaction, account_id: str, wanted: GraphRows, digest: str,
               batch_size: int, progress: Progress | None, attempt: _Attempt) -> None:
    """One run of a push inside ``transaction``, up to (not including) the commit."""
    begun = transaction.run(query("begin_push").text, {"account": account_id})
    record = begun.single(strict=True)
    created = begun.consume().counters.nodes_created
    attempt.version = None if created else record["version"] - 1
    attempt.interrupted = bool(record["interrupted"])
    current = read_rows(connection, transaction, account_id)
    if created:  # the node begin_push just made is not the account yet: to the diff it is new
        current = GraphRows(account_id, tuple(node for node in current.nodes if node.label != "Account"),
                            current.links)
    elif not attempt.interrupted:  # a commit still being applied must not be taken for the account
        current = read_whole(connection, transaction, account_id, record["digest"], current)
    attempt.delta = changes(current, wanted)
    attempt.counts = _write(transaction, account_id, current, attempt.delta, batch_size, progress)
    attempt.counts["nodes_created"] += created
    transaction.run(query("end_push").text, {"account": account_id, "digest": digest}).consume()


def _write(transaction, account_id: str, current: GraphRows, delta: Changes, batch_size: int,
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
    tally = _Tally(sum(len(rows) for step in lists.values() for rows in step.values()), progress)
    for name, step in lists.items():
        _run_batches(transaction, query(name), step, {"account": account_id}, batch_size, tally)
    return tally.counts


def _run_batches(transaction, file: Query, lists: Mapping[str, list], constant: Mapping[str, Any], batch_size: int,
                 tally: _Tally) -> None:
    """Every statement of a file over its rows, ``batch_size`` rows at a time; the server's
    counters of each are added to the tally."""
    for statement in file.statements:
        rows = lists.get(statement.rows, [])
        for start in range(0, len(rows), batch_size):
            batch = rows[start : start + batch_size]
            parameters = {name: constant[name] for name in statement.parameters if name in constant}
            counters = transaction.run(statement.text, {**parameters, statement.rows: batch}).consume().counters
            for name in _COUNTERS:
                tally.counts[name] += getattr(counters, name)
            tally.done += len(batch)
            if tally.progress is not None:
                tally.progress(tally.done, tally.total)


def _changed_since(connection: Connection, account_id: str, attempt: _Attempt) -> bool:
    """Whether another push committed the account since ``attempt`` read it."""
    try:
        with connection.driver.session(database=connection.settings.database,
                                       default_access_mode=connection.read_mode) as session:
            with session.begin_transaction() as transaction:
                state = account_state(connection, transaction, account_id)
    except Exception as error:
        if not connection.is_driver_error(error):
            raise
        return False
    return (state.version if state else None) != attempt.version
