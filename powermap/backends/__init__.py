"""Where accounts live: in memory (NetworkX, the reference) or in a Neo4j database.

>>> from powermap.backends import connect
>>> with connect("memory") as store:           # or "bolt://localhost:7687"
...     result = store.push(account)           # doctest: +SKIP
...     same = store.account("kestrel-mes")    # doctest: +SKIP

:func:`load_account` is what the analysis commands call: a file for the memory backend, an
account id for a database. Nothing here imports the Neo4j driver until a Neo4j URL is used.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..model import AccountMap

# The backend classes load on first use: analysing a file (the memory backend) needs only
# is_memory and load_account, and the commands start faster without the rest.
_FROM_BASE = ("Backend", "PushResult", "PushInterrupted", "AccountSummary", "AccountNotFound", "AccountInterrupted",
              "Settings", "connect", "display_uri", "address_problem", "BOLT_SCHEMES", "ENVIRONMENT")

__all__ = [*_FROM_BASE, "is_memory", "load_account"]


def __getattr__(name: str):
    if name in _FROM_BASE:
        from . import base

        return getattr(base, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def is_memory(uri: str | None) -> bool:
    """Whether a ``--backend`` value means "read the account from a file" (none, or ``memory``)."""
    return uri is None or uri.strip().lower().rstrip(":/") == "memory"


def load_account(source: str, backend: str | None = None, *, user: str | None = None,
                 password: str | None = None, database: str | None = None, progress=None,
                 meanwhile=None) -> AccountMap:
    """The account to analyse: the file ``source`` with the memory backend (the default), or
    the account with id ``source`` in the database ``backend`` names.

    ``progress(phase, done, total)`` is told the phases, as by :func:`powermap.loaders.read_account`;
    ``meanwhile()``, work to do next anyway, may run while a file loads (:func:`powermap.loaders.load`).
    """
    if is_memory(backend):
        from ..loaders import load

        return load(source, progress=progress, meanwhile=meanwhile)
    if progress:
        progress("reading", 0, 1)
    from .base import connect

    with connect(backend, user=user, password=password, database=database) as store:
        account = store.account(source)
    if progress:
        progress("done", 1, 1)
    return account
