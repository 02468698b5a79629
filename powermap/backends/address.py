"""Neo4j addresses: which schemes name a Neo4j server, what is wrong with an address, and how
to show one without its user name or password.

Plain text work with the standard library only, so the command line can check a ``--backend``
value before anything else is imported, and no message ever shows a password.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from ..i18n import Message, say

__all__ = ["BOLT_SCHEMES", "display_uri", "address_problem", "split_address"]

BOLT_SCHEMES = ("bolt", "bolt+s", "bolt+ssc", "neo4j", "neo4j+s", "neo4j+ssc")


def split_address(uri: str) -> tuple[str, str, str, str]:
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
    scheme, _, host, path = split_address(uri)
    if not scheme:
        return uri.rpartition("@")[2]
    return f"{scheme}://{host}{path}"


def address_problem(uri: str) -> Message | None:
    """What is wrong with a Neo4j address, in words for a message (``None`` when nothing is).

    Checked before any connection, so a malformed address is one plain line, never a driver
    error: the scheme must be one of :data:`BOLT_SCHEMES`; there must be a host name and, if
    any, a port 1..65535; a user name or password must not be in it (the driver refuses them,
    and an address is shown in ``ps``, shell history and messages)."""
    shown = display_uri(uri)
    scheme, userinfo, host, _ = split_address(uri)
    if scheme.lower() not in BOLT_SCHEMES:
        return say("{address} is not a Neo4j address: use bolt://HOST:7687, neo4j://HOST or neo4j+s://HOST "
                   "(neo4j+s:// for TLS)", address=repr(shown))
    if userinfo:
        return say("the Neo4j address {address} holds a user name or password: leave them out of the address and "
                   "give the user with --user or POWERMAP_NEO4J_USER, the password in POWERMAP_NEO4J_PASSWORD (or "
                   "at the prompt)", address=shown)
    bad_port = say("{address} is not a valid Neo4j address: expected a port of 1..65535, like bolt://HOST:7687",
                   address=shown)
    bad_host = say("{address} is not a valid Neo4j address: expected a host name, or an IPv6 address in [ ], like "
                   "bolt://HOST:7687", address=shown)
    try:
        parts = urlsplit(f"{scheme}://{host}")
        hostname, port = parts.hostname, parts.port
    except ValueError as error:  # an unclosed "[", a port that is no number or out of range
        return bad_port if "port" in str(error).lower() else bad_host
    if not hostname:
        return say("{address} names no host: expected bolt://HOST:7687, neo4j://HOST or neo4j+s://HOST", address=shown)
    if any(character.isspace() or character in "[]@" for character in hostname):
        return bad_host
    if (port is not None and port < 1) or host.endswith(":"):
        return bad_port
    return None
