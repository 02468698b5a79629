"""The connection of the Neo4j backend: the official ``neo4j`` driver, its sessions and
transactions, and its errors.

This is the only module that imports the driver, and only when a Neo4j URL is used (with an
install hint when it is missing). Every driver error becomes a one-line
:class:`~powermap.errors.BackendError` that says what to check and never holds the password or
the user information of the address.
"""

from __future__ import annotations

import logging
import random
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from ..errors import BackendError
from ..i18n import Message, say
from .base import Settings
from .queries import query

__all__ = ["Connection", "Changed", "after_ctrl_c", "import_driver", "first_line", "pause"]

_CONNECTION_TIMEOUT = 15.0  # seconds to open a connection before saying the server is unreachable
_RETRY_PAUSE = 0.1  # seconds


def import_driver():
    """The ``neo4j`` module, or a :class:`BackendError` saying how to install it.

    The driver logs server notifications and retries through :mod:`logging`; with no handler
    configured, Python would print them on stderr, between powermap's own one-line messages.
    A ``NullHandler`` on its logger stops that fallback and nothing else: an application that
    configures logging still receives every record."""
    try:
        import neo4j
    except ImportError:
        raise BackendError(say("the Neo4j backend needs the neo4j driver, which is not installed: "
                               "pip install 'powermap-sales[neo4j]'")) from None
    driver_log = logging.getLogger("neo4j")
    if not any(isinstance(handler, logging.NullHandler) for handler in driver_log.handlers):
        driver_log.addHandler(logging.NullHandler())
    return neo4j


def first_line(text: str | None, limit: int = 160) -> str:
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


def pause(attempt: int) -> None:
    """Wait before attempt ``attempt + 1``: doubling from :data:`_RETRY_PAUSE`, with jitter."""
    time.sleep(_RETRY_PAUSE * 2 ** (attempt - 1) * random.uniform(0.5, 1.5))


class Changed(Exception):
    """A concurrent commit got in the way of a transaction: run it again."""


def after_ctrl_c(error: BaseException) -> bool:
    """Whether ``error`` was raised while a ``KeyboardInterrupt`` was on its way out: Ctrl-C cut
    a message to the server short, and closing the transaction sent it (the server refuses it,
    e.g. "Unexpected struct tag"). That is still the interrupt, not a server failure."""
    seen = error.__context__
    while seen is not None:
        if isinstance(seen, KeyboardInterrupt):
            return True
        seen = seen.__context__
    return False


class Connection:
    """One driver to one Neo4j database, with the transactions powermap runs there."""

    def __init__(self, settings: Settings) -> None:
        neo4j = import_driver()
        self.exceptions = neo4j.exceptions
        self.read_mode = neo4j.READ_ACCESS
        self.settings = settings
        auth = (settings.user, settings.password) if settings.password is not None else None
        try:
            self.driver = neo4j.GraphDatabase.driver(settings.uri, auth=auth, connection_timeout=_CONNECTION_TIMEOUT)
        except Exception as error:  # ValueError, ConfigurationError ...: the address or a setting
            if not isinstance(error, self._driver_errors()) and not _raised_by_driver(error):
                raise
            raise BackendError(say("cannot use the Neo4j address {address}: {reason} (expected bolt://HOST:PORT or "
                                   "neo4j://HOST)", address=settings.shown, reason=self.text(error))) from None

    def close(self) -> None:
        self.driver.close()

    # -- errors ----------------------------------------------------------------------------
    def _driver_errors(self) -> tuple[type[Exception], ...]:
        return (self.exceptions.Neo4jError, self.exceptions.DriverError)

    def is_driver_error(self, error: BaseException) -> bool:
        return isinstance(error, self._driver_errors()) or (isinstance(error, Exception) and _raised_by_driver(error))

    def text(self, error: BaseException) -> str:
        """The first line of a driver's message, without the password or the address's user part."""
        message = getattr(error, "message", None) if isinstance(error, self.exceptions.Neo4jError) else None
        return first_line(self.settings.scrub(message or str(error)))

    def explain(self, error: Exception, action: str | Message, started: bool, write: bool = True) -> Message:
        """One line for a driver error: what happened and what to check (``action``: what was
        being done, a message such as "pushing account 'x'")."""
        errors, where, database = self.exceptions, self.settings.shown, repr(self.settings.database)
        code = getattr(error, "code", None) or ""
        if isinstance(error, errors.AuthError):
            return say("the Neo4j server at {where} refused user {user}: check POWERMAP_NEO4J_USER (or --user) and "
                       "POWERMAP_NEO4J_PASSWORD", where=where, user=repr(self.settings.user))
        if code == "Neo.ClientError.Database.DatabaseNotFound" or isinstance(error, errors.DatabaseUnavailable):
            return say("the Neo4j server at {where} has no database {database} (or it is offline): check --database "
                       "or POWERMAP_NEO4J_DATABASE (SHOW DATABASES lists them)", where=where, database=database)
        if isinstance(error, errors.IncompleteCommit):
            return say("the connection to {where} dropped while committing {action}; it may or may not have been "
                       "saved: run the same command again (pushing is idempotent)", where=where, action=action)
        if isinstance(error, (errors.ServiceUnavailable, errors.SessionExpired)):
            if started and write:
                return say("lost the connection to the Neo4j server at {where} while {action}; nothing of it was "
                           "saved: check the server, then run the command again", where=where, action=action)
            if started:
                return say("lost the connection to the Neo4j server at {where} while {action}: check the server, "
                           "then run the command again", where=where, action=action)
            return say("cannot reach a Neo4j server at {where}: check that it is running and that the address and "
                       "port are right (--backend or POWERMAP_NEO4J_URI)", where=where)
        if isinstance(error, errors.ConstraintError):
            return say("the database refused {action}: a constraint was violated ({reason}); nothing was saved: "
                       "check SHOW CONSTRAINTS for constraints powermap did not create (powermap's are named "
                       "powermap_*)", action=action, reason=self.text(error))
        if isinstance(error, errors.Forbidden):
            return say("user {user} is not allowed to finish {action} in database {database}: check the user's "
                       "roles (powermap needs to read, write and create indexes)", user=repr(self.settings.user),
                       action=action, database=database)
        if isinstance(error, errors.TransientError):
            return say("the Neo4j server at {where} could not finish {action} ({code}); nothing was saved: run the "
                       "command again", where=where, action=action, code=code or "transient error")
        if isinstance(error, errors.Neo4jError):
            return say("the Neo4j server at {where} failed while {action}: {code}: {reason}", where=where,
                       action=action, code=code, reason=self.text(error))
        return say("the Neo4j driver failed while {action} at {where}: {kind}: {reason}", action=action, where=where,
                   kind=type(error).__name__, reason=self.text(error))

    def changed_under(self, error: BaseException) -> bool:
        """Whether a driver error means that a concurrent commit changed what the transaction
        works on (a conflict, or a record deleted while it was being read): worth running again."""
        code = getattr(error, "code", None) or ""
        if isinstance(error, self.exceptions.TransientError):
            return code.startswith("Neo.TransientError.Transaction.")
        return code == "Neo.ClientError.Statement.EntityNotFound"

    # -- transactions ----------------------------------------------------------------------
    @contextmanager
    def session(self, action: str | Message, *, write: bool, changes: bool = False) -> Iterator[Any]:
        """A transaction in the configured database; driver errors become :class:`BackendError`
        (with ``changes``, an error that says a concurrent commit got in the way becomes
        :class:`Changed`, for the caller to run the transaction again).

        The transaction commits when the block ends normally and rolls back otherwise. The
        ``started`` flag tells a refused connection from one lost during the work.
        """
        state = {"started": False}
        mode = {} if write else {"default_access_mode": self.read_mode}
        try:
            with self.driver.session(database=self.settings.database, **mode) as session:
                with session.begin_transaction() as transaction:
                    state["started"] = True
                    yield transaction
        except BackendError:
            raise
        except Exception as error:
            if after_ctrl_c(error):
                raise KeyboardInterrupt from None
            if not self.is_driver_error(error):
                raise
            if changes and self.changed_under(error):
                raise Changed from None
            raise BackendError(self.explain(error, action, state["started"], write)) from None

    def rows(self, transaction, name: str, **parameters) -> list[dict]:
        """The rows of one file of the library (``powermap/cypher/NAME.cypher``), as dicts."""
        return [record.data() for record in transaction.run(query(name).text, parameters)]
