"""Where accounts live: in memory (NetworkX, the reference) or in a Neo4j database.

>>> from powermap.backends import connect
>>> with connect("memory") as store:           # or "bolt://localhost:7687"
...     result = store.push(account)           # doctest: +SKIP
...     same = store.account("kestrel-mes")    # doctest: +SKIP

:func:`connect` picks the backend a URL names from :data:`BACKENDS`, the registry of schemes;
the contract every backend keeps is in :mod:`powermap.backends.base`, the backends themselves
in :mod:`~powermap.backends.memory` and :mod:`~powermap.backends.neo4j`. :func:`load_account`
is what the analysis commands call: a file for the memory backend, an account id for a
database. Nothing here imports the Neo4j driver until a Neo4j URL is used.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING

from .address import BOLT_SCHEMES, address_problem, display_uri

if TYPE_CHECKING:
    from ..model import AccountMap
    from .base import Backend, Settings

# The contract's names load on first use: analysing a file (the memory backend) needs only
# is_memory and load_account, and the commands start faster without the rest.
_FROM_BASE = ("Backend", "PushResult", "PushInterrupted", "AccountSummary", "AccountNotFound", "AccountInterrupted",
              "Settings", "ENVIRONMENT")

__all__ = [*_FROM_BASE, "connect", "BACKENDS", "display_uri", "address_problem", "BOLT_SCHEMES", "is_memory",
           "load_account"]


def __getattr__(name: str):
    if name in _FROM_BASE:
        from . import base

        return getattr(base, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def _memory(settings: Settings) -> Backend:
    from .memory import MemoryBackend

    return MemoryBackend()


def _neo4j(settings: Settings) -> Backend:
    from .neo4j import Neo4jBackend  # the driver is imported here, and only here

    return Neo4jBackend(settings)


# The backends by URL scheme: each makes its backend from the resolved settings, importing its
# module only when a URL names it. An address of a Neo4j scheme is checked before it is used.
BACKENDS: Mapping[str, Callable[[Settings], Backend]] = {"memory": _memory, **dict.fromkeys(BOLT_SCHEMES, _neo4j)}


def _scheme(uri: str) -> str:
    return uri.partition("://")[0].lower() if "://" in uri else uri.lower().rstrip(":")


def connect(uri: str | None = None, *, user: str | None = None, password: str | None = None,
            database: str | None = None, environ: Mapping[str, str] | None = None) -> Backend:
    """The backend a URL names: ``memory``, or ``bolt://``/``neo4j://`` (``+s``, ``+ssc``) for Neo4j.

    Settings not given come from ``POWERMAP_NEO4J_URI``, ``_USER``, ``_PASSWORD`` and
    ``_DATABASE``; with no URL at all the backend is ``memory``. An address that cannot work
    (an unknown scheme, no host, a bad port, a password in it) is a
    :class:`~powermap.errors.AddressError` before any connection. The Neo4j driver is imported
    only when a Neo4j URL is asked for.
    """
    from ..errors import AddressError
    from ..i18n import say
    from .base import ENVIRONMENT, Settings

    settings = Settings.resolve(uri, user=user, password=password, database=database, environ=environ)
    scheme = _scheme(settings.uri)
    make = BACKENDS.get(scheme)
    if make is None:
        problem = say("unknown backend {address}: use memory, or a Neo4j address like bolt://HOST:7687 or "
                      "neo4j://HOST (neo4j+s:// for TLS)", address=repr(settings.shown))
    elif scheme in BOLT_SCHEMES:
        problem = address_problem(settings.uri)  # no host, a bad port, a password in it
    else:
        problem = None
    if problem:  # said before any connection, naming the variable when the address came from it
        raise AddressError(problem if uri else say("{variable}: {problem}", variable=ENVIRONMENT["uri"], problem=problem))
    return make(settings)


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
    with connect(backend, user=user, password=password, database=database) as store:
        account = store.account(source)
    if progress:
        progress("done", 1, 1)
    return account
