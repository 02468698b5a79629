"""What powermap answers, written to a folder, so that two versions of the code can be compared.

A change that should not change any answer (a restructuring) is held to that by running this
before and after and comparing the folders byte for byte::

    python tests/report_snapshots.py save /tmp/before       # on the old code
    python tests/report_snapshots.py save /tmp/after        # on the new code
    python tests/report_snapshots.py compare /tmp/before /tmp/after

Each answer is what the command line prints or writes: the report JSON of every example (and
of a generated 5,000-person account, on both engines), and the JSON of ``path``, ``plan``,
``simulate``, ``diff`` and ``portfolio`` and the HTML map of the examples. Dates are pinned
with ``--as-of`` where the account has none.
"""

from __future__ import annotations

import argparse
import filecmp
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
EXAMPLES = REPO / "examples"
AS_OF = "2026-11-15"

# (name, arguments after "powermap"); {tmp} is a scratch folder, {big} the generated account
COMMANDS = [
    *[(f"report-{path.stem}", ["report", str(path), "-f", "json", "--as-of", AS_OF])
      for path in sorted(EXAMPLES.glob("*.yaml"))],
    ("report-kestrel-csv", ["report", str(EXAMPLES / "kestrel-manufacturing"), "-f", "json"]),
    ("report-kestrel-xlsx", ["report", str(EXAMPLES / "kestrel-manufacturing.xlsx"), "-f", "json"]),
    ("report-kestrel-proposal-top3", ["report", str(EXAMPLES / "kestrel-manufacturing.yaml"), "-f", "json",
                                      "--stage", "proposal", "--top", "3", "--stale-days", "30"]),
    ("report-kestrel-markdown", ["report", str(EXAMPLES / "kestrel-manufacturing.yaml"), "-f", "markdown"]),
    ("report-energy-table", ["report", str(EXAMPLES / "provincial-energy-group.yaml")]),
    ("path-kestrel", ["path", str(EXAMPLES / "kestrel-manufacturing.yaml"), "--to", "harold_kestrel", "-k", "5",
                      "-f", "json"]),
    ("path-riverside", ["path", str(EXAMPLES / "riverside-hospital.yaml"), "--to", "reyes", "-f", "json"]),
    ("plan-kestrel", ["plan", str(EXAMPLES / "kestrel-manufacturing.yaml"), "-f", "json"]),
    ("plan-energy", ["plan", str(EXAMPLES / "provincial-energy-group.yaml"), "--budget", "4", "-f", "json"]),
    ("simulate-kestrel", ["simulate", str(EXAMPLES / "kestrel-manufacturing.yaml"), "--set",
                          "frank_moreland.stance=supporter", "--add-contact", "maya:margaret_lin:close",
                          "-f", "json"]),
    ("diff-kestrel", ["diff", str(EXAMPLES / "kestrel-manufacturing.yaml"), str(EXAMPLES / "riverside-hospital.yaml"),
                      "-f", "json"]),
    ("portfolio", ["portfolio", str(EXAMPLES), "-f", "json", "--workers", "1"]),
    ("report-big-networkx", ["report", "{big}", "-f", "json", "--engine", "networkx"]),
    ("report-big-igraph", ["report", "{big}", "-f", "json", "--engine", "igraph"]),
    *[(f"map-{path.stem}", ["map", str(path), "-o", "{out}.html", "--as-of", AS_OF])
      for path in sorted(EXAMPLES.glob("*.yaml"))],
    ("map-kestrel-force-path", ["map", str(EXAMPLES / "kestrel-manufacturing.yaml"), "--layout", "force",
                                "--path-to", "harold_kestrel", "-o", "{out}.html"]),
    ("map-kestrel-png", ["map", str(EXAMPLES / "kestrel-manufacturing.yaml"), "-o", "{out}.svg"]),
]


def save(folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=False)
    with tempfile.TemporaryDirectory() as scratch:
        big = Path(scratch) / "big.json"
        subprocess.run([sys.executable, "-m", "benchmarks.generate", "5000", "-o", str(big)], cwd=REPO, check=True,
                       stdout=subprocess.DEVNULL)
        for name, arguments in COMMANDS:
            out = folder / name
            arguments = [argument.replace("{big}", str(big)).replace("{out}", str(out)) for argument in arguments]
            done = subprocess.run([sys.executable, "-m", "powermap", *arguments], cwd=REPO, capture_output=True)
            if done.returncode != 0:
                raise SystemExit(f"{name}: exit {done.returncode}: {done.stderr.decode(errors='replace')}")
            if done.stdout:  # the folder named as such, so that two folders compare equal
                (folder / f"{name}.out").write_bytes(done.stdout.replace(bytes(folder), b"{folder}"))
            print(name, file=sys.stderr)


def compare(before: Path, after: Path) -> int:
    names = sorted({path.name for path in before.iterdir()} | {path.name for path in after.iterdir()})
    differ = [name for name in names
              if not (before / name).exists() or not (after / name).exists()
              or not filecmp.cmp(before / name, after / name, shallow=False)]
    for name in differ:
        print(f"differs: {name}")
    print(f"{len(names) - len(differ)} of {len(names)} outputs identical")
    return 1 if differ else 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("save").add_argument("folder", type=Path)
    both = commands.add_parser("compare")
    both.add_argument("before", type=Path)
    both.add_argument("after", type=Path)
    arguments = parser.parse_args()
    if arguments.command == "save":
        save(arguments.folder)
        return 0
    return compare(arguments.before, arguments.after)


if __name__ == "__main__":
    sys.exit(main())
