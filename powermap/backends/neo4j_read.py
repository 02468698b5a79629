"""Reading accounts from Neo4j: pull one whole, list them, delete one.

Servers (Neo4j too) let a reader see a commit being applied in parts. ``end_push`` stores
``digest``, the :func:`~powermap.backends.schema.fingerprint` of the rows a push wrote, so a
read checks its rows against the digest and reads again until they match or two reads agree
(:func:`read_whole`), and a pull reads the version before and after the account and reads
again when a push committed in between (:func:`consistent_read`). An account still marked
``pushing`` was left half written by a push that died on a server that kept part of its
writes: a pull refuses it (:class:`~powermap.backends.base.AccountInterrupted`) until the
next push repairs it.
"""

from __future__ import annotations

from typing import NamedTuple

from pydantic import ValidationError

from ..errors import BackendError
from ..i18n import say
from ..model import AccountMap
from .base import AccountInterrupted, AccountNotFound, AccountSummary
from .neo4j_connection import Changed, Connection, first_line, pause
from .queries import query
from .schema import BOOKKEEPING, GraphRows, Link, Node, account_from_rows, fingerprint

__all__ = ["AccountState", "account_state", "read_rows", "read_whole", "pull", "list_accounts", "delete"]

# A pull that saw a push commit while it read reads again, at most this many times in all.
_READ_ATTEMPTS = 8


class AccountState(NamedTuple):
    """What the Account node says of the version stored."""

    version: int | None
    interrupted: bool  # a push of it never finished (see the module docstring)
    digest: str | None  # the fingerprint of the rows the last push wrote


def read_rows(connection: Connection, transaction, account_id: str) -> GraphRows:
    """The account's rows; the push's bookkeeping is left out of the Account node."""
    nodes = tuple(
        Node(row["label"], row["id"],
             {k: v for k, v in row["properties"].items() if k not in BOOKKEEPING} if row["label"] == "Account"
             else row["properties"])
        for row in connection.rows(transaction, "export_nodes", account=account_id))
    links = tuple(Link(row["type"], row["source"], row["target"], row["properties"])
                  for row in connection.rows(transaction, "export_relationships", account=account_id))
    return GraphRows(account_id, nodes, links)


def account_state(connection: Connection, transaction, account_id: str) -> AccountState | None:
    """The account's state, or ``None`` when there is no such account."""
    rows = connection.rows(transaction, "account_state", account=account_id)
    return AccountState(rows[0]["version"], bool(rows[0]["interrupted"]), rows[0]["digest"]) if rows else None


def read_whole(connection: Connection, transaction, account_id: str, digest: str | None,
               first: GraphRows) -> GraphRows:
    """``first`` (rows just read) if they are what the last push wrote (their fingerprint is
    ``digest``, or there is none to check), else the rows read again until two reads agree.

    Rows that differ from the stored fingerprint were either seen while a commit was being
    applied (servers show one in parts; the next read differs) or changed outside powermap
    (the next read is the same, and is taken as it is). Raises :class:`Changed` if the
    reads never settle."""
    if digest is None:
        return first
    seen = fingerprint(first)
    if seen == digest:
        return first
    for number in range(1, _READ_ATTEMPTS):
        pause(number)
        rows = read_rows(connection, transaction, account_id)
        again = fingerprint(rows)
        if again in (digest, seen):
            return rows
        seen = again
    raise Changed


def consistent_read(connection: Connection, account_id: str, action: str) -> GraphRows | None:
    """The account's rows as one committed version (``None``: no such account).

    In one read transaction: the account's state (version, interrupted, digest), its rows,
    the state again. When a push committed in between (the version changed) or the rows
    are not what the last push wrote (:func:`read_whole`: a commit seen in parts), the
    rows may mix two versions, so they are read again. An account a push left half
    written is refused."""
    settings = connection.settings
    for number in range(1, _READ_ATTEMPTS + 1):
        try:
            with connection.session(action, write=False, changes=True) as transaction:
                before = account_state(connection, transaction, account_id)
                if before is None:
                    return None
                rows = read_rows(connection, transaction, account_id)
                if not before.interrupted:
                    rows = read_whole(connection, transaction, account_id, before.digest, rows)
                after = account_state(connection, transaction, account_id)
        except Changed:  # a push deleted what the read was about to return, or it never settled
            before, after = None, False
        if before == after:
            if before.interrupted:
                raise AccountInterrupted(say(
                    "a push of account {account} was interrupted and left it half written in database {database} "
                    "at {where}: push the file again", account=repr(account_id), database=repr(settings.database),
                    where=settings.shown))
            return rows
        if number < _READ_ATTEMPTS:
            pause(number)
    raise BackendError(say("account {account} kept changing while it was read (pushes of it one after another): "
                           "run the command again", account=repr(account_id)))


def pull(connection: Connection, account_id: str) -> AccountMap:
    """The account ``account_id``, as one committed version."""
    settings = connection.settings
    rows = consistent_read(connection, account_id, say("reading account {account}", account=repr(account_id)))
    if rows is None:
        raise _not_found(connection, account_id)
    try:
        return account_from_rows(rows)
    except ValidationError as error:
        first = error.errors()[0]
        raise BackendError(say(
            "account {account} in database {database} at {where} is not a valid account ({count} problems, first: "
            "{first}): was it changed outside powermap? push the file again", account=repr(account_id),
            database=repr(settings.database), where=settings.shown, count=error.error_count(),
            first=first_line(str(first.get("msg"))))) from None


def _not_found(connection: Connection, account_id: str) -> AccountNotFound:
    return AccountNotFound(say(
        "no account {account} in database {database} at {where}: `powermap neo4j list` shows the accounts there",
        account=repr(account_id), database=repr(connection.settings.database), where=connection.settings.shown))


def list_accounts(connection: Connection) -> tuple[AccountSummary, ...]:
    with connection.session(say("listing accounts"), write=False) as transaction:
        rows = connection.rows(transaction, "list_accounts")
    return tuple(AccountSummary(**row) for row in rows)


def delete(connection: Connection, account_id: str) -> int:
    """Delete the account, all of it in one transaction; the number of nodes deleted."""
    deleted = 0
    with connection.session(say("deleting account {account}", account=repr(account_id)), write=True) as transaction:
        for statement in query("delete_account").statements:
            deleted += transaction.run(statement.text, {"account": account_id}).consume().counters.nodes_deleted
    if not deleted:
        raise _not_found(connection, account_id)
    return deleted
