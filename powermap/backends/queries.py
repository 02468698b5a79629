"""The Cypher library in ``powermap/cypher/``: read each file once, split it into statements.

The files are the queries (users run the same files in Neo4j Browser), so the Python side
holds no Cypher text of its own. Each file opens with a ``//`` header naming its parameters
and returned columns; statements are separated by a ``;`` at the end of a line. Files are
found with :mod:`importlib.resources`, so they work from a clone and from an installed wheel.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from importlib import resources

__all__ = ["Query", "query", "query_names", "PARAMETER"]

PARAMETER = re.compile(r"\$([A-Za-z_][A-Za-z0-9_]*)")
_UNWIND = re.compile(r"^\s*UNWIND\s+\$([A-Za-z_][A-Za-z0-9_]*)\s+AS\s", re.IGNORECASE)


@dataclass(frozen=True)
class Statement:
    """One statement of a file; ``rows`` names the list parameter it unwinds, if any."""

    text: str
    parameters: frozenset[str]
    rows: str | None


@dataclass(frozen=True)
class Query:
    """A file of the Cypher library: its header and its statements."""

    name: str
    header: str
    statements: tuple[Statement, ...]

    @property
    def text(self) -> str:
        """The single statement of a one-statement file."""
        if len(self.statements) != 1:
            raise ValueError(f"{self.name}.cypher holds {len(self.statements)} statements, not one")
        return self.statements[0].text

    @property
    def parameters(self) -> frozenset[str]:
        return frozenset().union(*(statement.parameters for statement in self.statements))


def _split(body: str) -> list[str]:
    statements, current = [], []
    for line in body.splitlines():
        if line.lstrip().startswith("//") or not line.strip():
            continue
        current.append(line)
        if line.rstrip().endswith(";"):
            statements.append("\n".join(current).rstrip().rstrip(";"))
            current = []
    if current:
        statements.append("\n".join(current))
    return statements


def _statement(text: str) -> Statement:
    unwind = _UNWIND.match(text)
    return Statement(text, frozenset(PARAMETER.findall(text)), unwind.group(1) if unwind else None)


def query_names() -> list[str]:
    """The names of every file in the library, without ``.cypher``."""
    folder = resources.files("powermap") / "cypher"
    return sorted(entry.name[: -len(".cypher")] for entry in folder.iterdir() if entry.name.endswith(".cypher"))


@cache
def query(name: str) -> Query:
    """The file ``powermap/cypher/NAME.cypher``, parsed (comments are kept out of the text sent)."""
    source = (resources.files("powermap") / "cypher" / f"{name}.cypher").read_text(encoding="utf-8")
    header = "\n".join(line for line in source.splitlines() if line.startswith("//"))
    return Query(name, header, tuple(_statement(text) for text in _split(source)))
