"""A real Bolt + Cypher server for the parity tests and the benchmark: ArcadeDB from PyPI.

No Neo4j server installs on the machines we test on (see ``BOLT.md``); the wheel
``arcadedb-embedded`` bundles ArcadeDB, its Neo4j Bolt plugin and a Java runtime, and answers
the portable Cypher subset the Neo4j backend uses. :func:`start_server` launches it in a fresh
folder on free ports bound to 127.0.0.1, waits until ``RETURN 1`` works, and returns a
:class:`TestServer` to stop by its PID. Nothing here imports ``arcadedb_embedded`` or the
driver until a server is started, and nothing in powermap's normal use imports this module.

Run ``python -m powermap.backends.testserver`` to start one by hand and print its settings.
"""

from __future__ import annotations

import os
import secrets
import signal
import socket
import subprocess
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

__all__ = ["TestServer", "ServerUnavailable", "start_server", "free_port", "DATABASE"]

DATABASE = "powermap"  # the database the tests and the benchmark use
_MAIN = "com.arcadedb.server.ArcadeDBServer"


class ServerUnavailable(RuntimeError):
    """The test server could not be started here (package or Java missing, no start)."""


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@dataclass
class TestServer:
    """A running ArcadeDB with its Bolt plugin; ``stop()`` ends it by its PID."""

    __test__ = False  # not a pytest test class, despite the name

    process: subprocess.Popen
    folder: Path
    bolt_port: int
    http_port: int
    password: str
    user: str = "root"
    databases: tuple[str, ...] = (DATABASE,)
    _temporary: tempfile.TemporaryDirectory | None = field(default=None, repr=False)

    @property
    def uri(self) -> str:
        return f"bolt://127.0.0.1:{self.bolt_port}"

    @property
    def database(self) -> str:
        return self.databases[0]

    @property
    def pid(self) -> int:
        return self.process.pid

    def log_tail(self, lines: int = 20) -> str:
        """The end of the server's output, for a skip or failure message."""
        path = self.folder / "server.out"
        if not path.exists():
            return ""
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])

    def stop(self, timeout: float = 20.0) -> None:
        """SIGTERM, then SIGKILL if it does not exit in ``timeout`` seconds; removes its folder."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout)
        if self._temporary is not None:
            self._temporary.cleanup()
            self._temporary = None

    def kill(self) -> None:
        """End it at once (SIGKILL), as a crash or a pulled cable would."""
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait(20)

    def __enter__(self) -> TestServer:
        return self

    def __exit__(self, *_) -> None:
        self.stop()


def _package_dir() -> Path:
    try:
        import arcadedb_embedded
    except ImportError as error:
        raise ServerUnavailable(
            "arcadedb-embedded is not installed (pip install 'powermap[test]')"
        ) from error
    return Path(os.path.dirname(arcadedb_embedded.__file__))


def _command(package: Path, folder: Path, *, password: str, bolt_port: int, http_port: int,
             databases: tuple[str, ...], heap: str) -> list[str]:
    java = package / "jre" / "bin" / "java"
    if not java.exists():
        raise ServerUnavailable(f"no Java runtime inside arcadedb-embedded ({java} is missing)")
    settings = {
        "arcadedb.server.rootPath": str(folder),
        "arcadedb.server.rootPassword": password,
        "arcadedb.server.mode": "development",
        "arcadedb.server.httpIncomingHost": "127.0.0.1",
        "arcadedb.server.httpIncomingPort": str(http_port),
        "arcadedb.server.plugins": "Bolt:com.arcadedb.bolt.BoltProtocolPlugin",
        "arcadedb.bolt.host": "127.0.0.1",
        "arcadedb.bolt.port": str(bolt_port),
        "arcadedb.server.defaultDatabases": ";".join(f"{name}[root]" for name in databases),
    }
    return [
        str(java), f"-Xmx{heap}", "--add-modules=jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED",
        "-Djava.awt.headless=true", *(f"-D{key}={value}" for key, value in settings.items()),
        "-cp", str(package / "jars" / "*"), _MAIN,
    ]


def _wait_ready(server: TestServer, timeout: float) -> None:
    """Until ``RETURN 1`` answers in every database: the port opens before queries work.

    Plain sessions, not ``execute_query``: the driver's own retries would log every refused
    connection and wait longer than needed."""
    import neo4j

    deadline = time.monotonic() + timeout
    last: Exception | None = None
    with neo4j.GraphDatabase.driver(server.uri, auth=(server.user, server.password), connection_timeout=2.0) as driver:
        while time.monotonic() < deadline:
            if server.process.poll() is not None:
                raise ServerUnavailable(f"the test server exited with status {server.process.returncode}: {server.log_tail()}")
            try:
                for name in server.databases:
                    with driver.session(database=name) as session:
                        session.run("RETURN 1 AS one").consume()
                return
            except Exception as error:  # not up yet: connection refused, database not open ...
                last = error
                time.sleep(0.25)
    raise ServerUnavailable(f"the test server did not answer within {timeout:.0f} s ({type(last).__name__}: {last})")


def start_server(*, databases: tuple[str, ...] = (DATABASE,), heap: str = "1g", timeout: float = 120.0,
                 folder: str | Path | None = None, password: str | None = None) -> TestServer:
    """Start ArcadeDB with Bolt on free 127.0.0.1 ports and wait until it answers.

    Parameters
    ----------
    databases : databases to create; the first is :attr:`TestServer.database`.
    heap : the Java heap (``-Xmx``); the 50,000-person benchmark wants more than the default.
    timeout : seconds to wait for ``RETURN 1`` (about 5 s is usual; slow machines take longer).
    folder : where the server keeps its files (a temporary folder, removed on stop, by default);
        pass the folder of a stopped server, with its ``password``, to start it again on its data.

    Raises :class:`ServerUnavailable` with the reason when it cannot start.
    """
    package = _package_dir()
    temporary = None
    if folder is None:
        temporary = tempfile.TemporaryDirectory(prefix="powermap-arcadedb-")
        folder = temporary.name
    folder = Path(folder)
    password = password or secrets.token_urlsafe(12)
    bolt_port, http_port = free_port(), free_port()
    command = _command(package, folder, password=password, bolt_port=bolt_port, http_port=http_port,
                       databases=databases, heap=heap)
    with open(folder / "server.out", "wb") as output:
        process = subprocess.Popen(command, cwd=folder, stdout=output, stderr=subprocess.STDOUT,
                                   stdin=subprocess.DEVNULL, start_new_session=True)
    server = TestServer(process, folder, bolt_port, http_port, password, databases=tuple(databases),
                        _temporary=temporary)
    try:
        _wait_ready(server, timeout)
    except BaseException:
        server.stop()
        raise
    return server


def _main() -> None:
    """Start a server, print how to reach it, and run until Ctrl-C."""
    server = start_server()
    print(f"POWERMAP_NEO4J_URI={server.uri}")
    print(f"POWERMAP_NEO4J_USER={server.user}")
    print(f"POWERMAP_NEO4J_PASSWORD={server.password}")
    print(f"POWERMAP_NEO4J_DATABASE={server.database}")
    print(f"(pid {server.pid}; Ctrl-C stops it)", flush=True)
    try:
        server.process.wait()
    except KeyboardInterrupt:
        pass
    finally:
        server.stop()


if __name__ == "__main__":
    _main()
