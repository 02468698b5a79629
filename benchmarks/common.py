"""What the benchmarks share: the machine they ran on and the measured blocks of docs/performance.md."""

from __future__ import annotations

import datetime as dt
import os
import platform
import subprocess
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DOC = REPO / "docs" / "performance.md"


def commit() -> str:
    """The checked-out commit, ``-dirty`` when a tracked file other than the docs (``docs/``
    and Markdown files) has changes: the code measured is then not the commit's. The docs do
    not count, as the benchmarks write their blocks there: a second benchmark run after the
    first is still of the commit."""
    try:
        found = subprocess.run(["git", "describe", "--always"], cwd=REPO, capture_output=True, text=True,
                               timeout=30).stdout.strip()
        changed = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no", "--", ".", ":(exclude)docs",
                                  ":(exclude)*.md"],
                                 cwd=REPO, capture_output=True, text=True, timeout=30).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return "unknown"
    return f"{found}-dirty" if found and changed else found or "unknown"


def package_versions(*names: str) -> str:
    """``name version`` for each installed package, ``name -`` for a missing one."""
    found = []
    for name in names:
        try:
            found.append(f"{name} {version(name)}")
        except PackageNotFoundError:
            found.append(f"{name} -")
    return ", ".join(found)


def machine_line(*packages: str) -> str:
    """One sentence naming the date, commit, machine, Python, packages and the load average."""
    return (
        f"Measured {dt.date.today().isoformat()} at commit `{commit()}` on {platform.machine()}, "
        f"{os.cpu_count()} cores, {platform.system()} {platform.release()}, Python {platform.python_version()}"
        + (f" ({package_versions(*packages)})" if packages else "")
        + f"; 1-minute load average {os.getloadavg()[0]:.1f} at the end."
    )


def write_block(name: str, text: str, heading: str) -> None:
    """Replace the block between ``<!-- NAME:start -->`` and ``<!-- NAME:end -->`` of
    docs/performance.md with ``text``, keeping the prose around it; append ``heading`` and
    the block when the file has none yet."""
    start, end = f"<!-- {name}:start -->", f"<!-- {name}:end -->"
    current = DOC.read_text(encoding="utf-8") if DOC.exists() else "# Performance\n"
    marked = f"{start}\n{text}\n{end}"
    if start in current and end in current:
        head, rest = current.split(start, 1)
        current = head + marked + rest.split(end, 1)[1]
    else:
        current = current.rstrip("\n") + f"\n\n{heading}\n\n{marked}\n"
    DOC.write_text(current, encoding="utf-8")


def seconds(value: float | None) -> str:
    """A duration for a table: ms below a second, s above, ``-`` when not measured."""
    if value is None or value != value:
        return "-"
    return f"{value * 1000:.0f} ms" if value < 1 else f"{value:.2f} s"


def process_tree(root: int) -> list[int]:
    """A process and all its descendants (Linux, read from ``/proc``), the root first, each
    before its children; processes that end meanwhile are left out."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                parent = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            children.setdefault(parent, []).append(int(entry.name))
    found, waiting = [], [root]
    while waiting:
        pid = waiting.pop(0)
        found.append(pid)
        waiting += sorted(children.get(pid, []))
    return found


def child_env(**values: str | None) -> dict[str, str]:
    """The environment a measured process runs in: this one's, with bytecode cached as in any
    installation (some containers set ``PYTHONDONTWRITEBYTECODE``, which adds a compile of
    powermap to each run) and OpenBLAS held to one thread as the command line holds it (its
    threads only slow the analyses' small vector products on a shared machine); then each of
    ``values`` set, or removed where it is ``None``."""
    env = {name: value for name, value in os.environ.items() if name != "PYTHONDONTWRITEBYTECODE"}
    env["OPENBLAS_NUM_THREADS"] = "1"
    for name, value in values.items():
        if value is None:
            env.pop(name, None)
        else:
            env[name] = value
    return env
