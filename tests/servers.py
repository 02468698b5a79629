"""Real Bolt + Cypher servers for the tests and the benchmark: Neo4j, and ArcadeDB from PyPI.

:func:`start_neo4j` runs a real Neo4j Community 5 server: the small launcher kept in the
repository under ``tests/neo4j-server/`` (a ``pom.xml`` and one Java class), whose jars Maven
fetches from Maven Central into ``~/.m2`` the first time (:func:`build_neo4j`; Neo4j is GPLv3,
a test dependency, never shipped with powermap). :func:`start_server` runs ArcadeDB from the
``arcadedb-embedded`` wheel, which bundles its Neo4j Bolt plugin and a Java runtime and answers
the portable Cypher subset the Neo4j backend uses. Both launch in a fresh folder on free ports
bound to 127.0.0.1, wait until ``RETURN 1`` works, and return a :class:`TestServer` to stop by
its PID. Nothing here imports ``arcadedb_embedded`` or the driver until a server is started.

A test fixture, not part of powermap: it lives beside the tests (the installed package holds
no test server), and ``tests/conftest.py``, the tests that start a server of their own and
``benchmarks/bench_neo4j.py`` import it. From the repository's root::

    python tests/servers.py [neo4j|arcadedb]   # start one and print its POWERMAP_NEO4J_* settings
    python tests/servers.py --build            # build the Neo4j launcher if needed
    python tests/servers.py --check            # build, start, print the version, stop (what CI runs)
"""

from __future__ import annotations

import hashlib
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

__all__ = ["TestServer", "ServerUnavailable", "start_server", "start_neo4j", "build_neo4j", "free_port", "DATABASE",
           "NEO4J_LAUNCHER"]

DATABASE = "powermap"  # the database the tests and the benchmark use on ArcadeDB
_MAIN = "com.arcadedb.server.ArcadeDBServer"
# The Neo4j launcher's sources, beside this file in a clone of the repository.
NEO4J_LAUNCHER = Path(__file__).resolve().parent / "neo4j-server"
_NEO4J_MAIN = "powermap.testserver.Neo4jTestServer"
_NEO4J_PASSWORD_VARIABLE = "NEO4J_TEST_PASSWORD"  # the launcher reads its password here, never from argv


class ServerUnavailable(RuntimeError):
    """The test server could not be started here (package, Java or Maven missing, no start)."""


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@dataclass
class TestServer:
    """A running test server (ArcadeDB with its Bolt plugin, or Neo4j); ``stop()`` ends it by its PID."""

    __test__ = False  # not a pytest test class, despite the name

    process: subprocess.Popen
    folder: Path
    bolt_port: int
    http_port: int | None
    password: str
    user: str = "root"
    databases: tuple[str, ...] = (DATABASE,)
    _temporary: tempfile.TemporaryDirectory | None = field(default=None, repr=False)
    product: str = "ArcadeDB"
    version: str = ""  # as the server names itself, e.g. '5.26.30' for Neo4j

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
        if self.process.stdin is not None:
            self.process.stdin.close()
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
            "arcadedb-embedded is not installed (pip install 'powermap-sales[test]')"
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


def _server_folder(prefix: str, folder: str | Path | None, password: str | None):
    """Where a test server keeps its files, and its password: a new temporary folder (removed
    on stop, with the handle returned first) and a random password unless given."""
    temporary = None
    if folder is None:
        temporary = tempfile.TemporaryDirectory(prefix=prefix)
        folder = temporary.name
    return temporary, Path(folder), password or secrets.token_urlsafe(12)


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
    temporary, folder, password = _server_folder("powermap-arcadedb-", folder, password)
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


# -- Neo4j: the launcher of tests/neo4j-server, built with Maven ---------------------------
def _launcher_sources(launcher: Path) -> list[Path]:
    return [launcher / "pom.xml", *sorted((launcher / "src").rglob("*.java"))]


def _build_key(launcher: Path) -> str:
    digest = hashlib.sha256()
    for path in _launcher_sources(launcher):
        digest.update(path.relative_to(launcher).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def _classpath(launcher: Path) -> str | None:
    """The launcher's classpath if its build is up to date (same sources, every jar there)."""
    target = launcher / "target"
    try:
        if (target / "build-key.txt").read_text() != _build_key(launcher):
            return None
        jars = (target / "classpath.txt").read_text().strip().split(os.pathsep)
    except OSError:
        return None
    if not all(os.path.isfile(jar) for jar in jars) or not (target / "classes").is_dir():
        return None
    return os.pathsep.join([str(target / "classes"), *jars])


def _tool(name: str, install: str) -> str:
    found = shutil.which(name)
    if found is None:
        raise ServerUnavailable(f"{name} is not installed, and the Neo4j test server needs it ({install})")
    return found


def _run_build_step(command: list[str], cwd: Path, what: str, timeout: float) -> subprocess.CompletedProcess:
    try:
        return subprocess.run(command, cwd=cwd, capture_output=True, text=True, stdin=subprocess.DEVNULL, timeout=timeout)
    except subprocess.TimeoutExpired:
        raise ServerUnavailable(f"{what} took more than {timeout:.0f} s") from None


def _tail(text: str, lines: int = 15) -> str:
    return "\n".join(text.strip().splitlines()[-lines:])


def build_neo4j(launcher: str | Path = NEO4J_LAUNCHER, *, timeout: float = 1800.0) -> str:
    """Build the Neo4j launcher unless it is up to date; return the Java classpath to run it.

    Maven resolves the jars the ``pom.xml`` names (offline first, from ``~/.m2``; the first
    time it downloads about 155 MB from Maven Central) and writes their list to
    ``target/classpath.txt``; ``javac`` compiles the class into ``target/classes``.
    ``target/build-key.txt`` holds a digest of the sources, so an unchanged launcher whose jars
    are all there is not built again. Needs ``mvn`` and a JDK (Java 17 or newer) on the PATH.

    Raises :class:`ServerUnavailable` with the reason when it cannot build.
    """
    launcher = Path(launcher)
    if not (launcher / "pom.xml").is_file():
        raise ServerUnavailable(f"the Neo4j launcher is not here ({launcher}): it is part of a clone of powermap's "
                                "repository, under tests/neo4j-server")
    found = _classpath(launcher)
    if found is not None:
        return found
    mvn = _tool("mvn", "apt-get install maven")
    javac = _tool("javac", "a JDK 17 or newer: apt-get install openjdk-17-jdk-headless")
    target = launcher / "target"
    target.mkdir(exist_ok=True)
    import fcntl  # POSIX only, like the launcher's SIGTERM handling

    with open(target / "build.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # another session of the same clone may be building it
        found = _classpath(launcher)
        if found is not None:
            return found
        resolve = ["-B", "-q", "dependency:build-classpath", "-Dmdep.outputFile=target/classpath.txt"]
        done = _run_build_step([mvn, "-o", *resolve], launcher, "resolving Neo4j's jars offline", timeout)
        if done.returncode != 0:  # not all in ~/.m2 yet: fetch them from Maven Central
            done = _run_build_step([mvn, *resolve], launcher, "downloading Neo4j's jars with Maven", timeout)
        if done.returncode != 0:
            raise ServerUnavailable(f"Maven could not resolve Neo4j's jars in {launcher}:\n{_tail(done.stdout + done.stderr)}")
        jars = (target / "classpath.txt").read_text().strip()
        classes = target / "classes"
        shutil.rmtree(classes, ignore_errors=True)
        sources = [str(path) for path in _launcher_sources(launcher)[1:]]
        done = _run_build_step([javac, "--release", "17", "-cp", jars, "-d", str(classes), *sources], launcher,
                               "compiling the Neo4j launcher", timeout)
        if done.returncode != 0:
            raise ServerUnavailable(f"javac could not compile the Neo4j launcher:\n{_tail(done.stdout + done.stderr)}")
        (target / "build-key.txt").write_text(_build_key(launcher))
    return os.pathsep.join([str(classes), jars])


def start_neo4j(*, heap: str = "512m", timeout: float = 180.0, folder: str | Path | None = None,
                password: str | None = None, launcher: str | Path = NEO4J_LAUNCHER) -> TestServer:
    """Start a real Neo4j Community server with Bolt on a free 127.0.0.1 port and wait until it answers.

    The server is the launcher of ``tests/neo4j-server`` (built first by :func:`build_neo4j`
    when needed), run with the ``java`` on the PATH (Java 17 or newer): user ``neo4j``,
    database ``neo4j`` (Community has one user database), authentication on, HTTP off.

    Parameters
    ----------
    heap : the Java heap (``-Xmx``).
    timeout : seconds to wait for ``RETURN 1`` (10 to 40 s on two busy cores; the build comes first).
    folder : where the server keeps its files (a temporary folder, removed on stop, by default);
        pass the folder of a stopped server, with its ``password``, to start it again on its data.
    password : the password of user ``neo4j`` (random by default). It reaches Java through the
        environment, never the command line.

    Raises :class:`ServerUnavailable` with the reason when it cannot build or start.
    """
    classpath = build_neo4j(launcher)
    java = _tool("java", "Java 17 or newer: apt-get install openjdk-17-jre-headless")
    temporary, folder, password = _server_folder("powermap-neo4j-", folder, password)
    port = free_port()
    # --stop-at-eof: the server stops when the pipe on its stdin closes, which it does when this
    # process ends in any way, so even a killed test run leaves no Java process behind.
    command = [java, f"-Xmx{heap}", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Djava.awt.headless=true",
               "-cp", classpath, _NEO4J_MAIN, str(folder), str(port), "--stop-at-eof"]
    environment = {**os.environ, _NEO4J_PASSWORD_VARIABLE: password}
    with open(folder / "server.out", "wb") as output:
        process = subprocess.Popen(command, cwd=folder, stdout=output, stderr=subprocess.STDOUT, env=environment,
                                   stdin=subprocess.PIPE, start_new_session=True)
    server = TestServer(process, folder, port, None, password, user="neo4j", databases=("neo4j",), _temporary=temporary,
                        product="Neo4j")
    try:
        started = time.monotonic()
        server.version = _wait_for_line(server, timeout)
        _wait_ready(server, max(timeout - (time.monotonic() - started), 5.0))
    except BaseException:
        server.stop()
        raise
    return server


def _wait_for_line(server: TestServer, timeout: float) -> str:
    """The Neo4j version from the launcher's ``ready:`` line, printed once ``RETURN 1`` works
    inside it and the password is set (asking on Bolt before that would count failed logins)."""
    ready = re.compile(r"^ready: Neo4j (\S+) ", re.M)
    path = server.folder / "server.out"
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = ready.search(path.read_text(errors="replace"))
        if found:
            return found.group(1)
        if server.process.poll() is not None:
            raise ServerUnavailable(f"the Neo4j test server exited with status {server.process.returncode}: "
                                    f"{server.log_tail()}")
        time.sleep(0.2)
    raise ServerUnavailable(f"the Neo4j test server was not ready within {timeout:.0f} s: {server.log_tail()}")


def _main(argv: list[str] | None = None) -> None:
    """Start a server, print how to reach it, and run until Ctrl-C; or build or check the
    Neo4j launcher (``--build``: build it if needed; ``--check``: also start and stop it once,
    printing the version that ran)."""
    import argparse

    parser = argparse.ArgumentParser(prog="python tests/servers.py",
                                     description="Start a Bolt + Cypher test server on 127.0.0.1.")
    parser.add_argument("server", nargs="?", choices=("neo4j", "arcadedb"), default="neo4j")
    action = parser.add_mutually_exclusive_group()
    action.add_argument("--build", action="store_true", help="only build the Neo4j launcher if it is not up to date")
    action.add_argument("--check", action="store_true", help="build the Neo4j launcher, start it, print its version, stop it")
    args = parser.parse_args(argv)
    try:
        if args.build or args.check:
            started = time.monotonic()
            build_neo4j()
            built = time.monotonic() - started
            if args.build:
                print(f"Neo4j launcher {NEO4J_LAUNCHER} ready ({built:.1f} s)")
                return
            started = time.monotonic()
            with start_neo4j() as server:
                print(f"Neo4j {server.version} answered on {server.uri} after {time.monotonic() - started:.1f} s "
                      f"(launcher build {built:.1f} s)", flush=True)
            return
        server = start_neo4j() if args.server == "neo4j" else start_server()
    except ServerUnavailable as error:
        sys.exit(f"no {args.server} test server: {error}")
    print(f"POWERMAP_NEO4J_URI={server.uri}")
    print(f"POWERMAP_NEO4J_USER={server.user}")
    print(f"POWERMAP_NEO4J_PASSWORD={server.password}")
    print(f"POWERMAP_NEO4J_DATABASE={server.database}")
    name = f"{server.product} {server.version}" if server.version else server.product
    print(f"({name}, pid {server.pid}; Ctrl-C stops it)", flush=True)
    # SIGTERM too stops the server first: it runs in a session of its own and would outlive us.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    try:
        server.process.wait()
    except KeyboardInterrupt:
        pass
    finally:
        server.stop()


if __name__ == "__main__":
    _main()
