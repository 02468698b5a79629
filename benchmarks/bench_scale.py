"""Time the whole report on big accounts, the fast engine against plain networkx, in one run.

    python -m benchmarks.bench_scale                          # 500, 5,000 and 50,000 people
    python -m benchmarks.bench_scale --sizes 500 5000 --no-write
    python -m benchmarks.bench_scale --networkx-up-to 5000    # skip the slow plain-networkx 50,000
    python -m benchmarks.bench_scale --networkx-runs 1        # plain networkx once, not three times
    python -m benchmarks.bench_scale --json raw.json --no-write; python -m benchmarks.bench_scale --from-json raw.json
    python -m benchmarks.bench_scale --shapes few-big many-small dense sparse --sizes 50000 --networkx-up-to 0
    python -m benchmarks.bench_scale --departments 50 100 200 400 800 --at 20000

For each size, a generated account (``benchmarks.generate``, seed 0) is written as a CSV
folder, a JSON file and a YAML file. Every measurement runs in a fresh Python process, so
imports are counted where a user pays them, and as the command line runs a command (Python's
cyclic collector off, :func:`in_this_child`):

- **load**: :func:`powermap.load` of each format;
- **analysis**: :func:`powermap.analyze` step by step (its ``progress`` callback marks the
  steps), with ``engine="igraph"`` and ``engine="networkx"`` (the plain-networkx way: the
  same analyses with networkx's own algorithms, PageRank and Burt's measures included), then
  the report as JSON; the two engines run alternately (igraph, networkx, igraph, ...),
  :data:`ANALYSIS_RUNS` times each (plain networkx ``--networkx-runs`` times), and of each
  the run of median time kept: the speed-up is the ratio of the two medians, so a spell when
  the shared machine runs slower weighs on both sides alike;
- **report**: ``powermap report FOLDER --format json -o FILE`` end to end (engine ``auto``),
  timed with nothing else running, the median of :data:`REPORT_RUNS` runs; its peak memory, that of all its processes together (the
  forked work included), from a second run sampled every 0.1 s (:func:`cli_report`); up to
  5,000 people also the report on the YAML file against the floor: starting Python,
  importing networkx and parsing the file, both timed alternately :data:`QUICK_RUNS` times;
- **map**: :func:`powermap.build_map` and the HTML page.

Rewrites the block between the ``bench-scale`` markers in docs/performance.md. Targets (issue):
a 500-person report within 1.5x the floor; 5,000 people in under 2 s; 50,000 people in <= 10 s
for every shape, >= 25x faster than plain networkx, under 1.5 GB.

**Shapes** (``--shapes``): the same measurements on organisations of other shapes
(:data:`benchmarks.generate.SHAPES`: few big departments, many small ones, dense or sparse
influence, 1 % or 5 % contacts), each size x shape one account: loading the CSV folder, the
analysis step by step (igraph, and plain networkx up to ``--networkx-up-to``), ``powermap
report`` end to end with its peak memory, and how many departments, coverage gaps and
recommendations the account has. Rewrites the ``bench-scale-shapes`` block.

**Departments** (``--departments N ... --at PEOPLE``): one size, the default shape with
contacts to 2 % of the people cut into about N departments each (:class:`benchmarks.generate.Shape` with the department size that
gives N), the analysis step by step: how the steps that work per gap (coverage gaps,
recommendations) grow with the departments and gaps when the people stay the same. Rewrites
the ``bench-scale-departments`` block.
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from benchmarks.common import REPO, child_env, machine_line, process_tree, seconds, write_block
from powermap.alongside import ALONGSIDE_FROM

STEPS = ("graph", "key persons", "coverage gaps", "inside contacts", "ignored risks", "power structure",
         "factions", "brokers", "recommendations")
FORMATS = {"csv": "account-csv", "json": "account.json", "yaml": "account.yaml"}
# The 200,000-person account's JSON and YAML files are over the 64 MB a file may have by
# default (limits.DEFAULT_MAX_INPUT_MB): the children may read up to 1 GB.
CHILD_ENV = child_env(POWERMAP_MAX_INPUT_MB="1024")


# --- measured in a child process -----------------------------------------------------------


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def child_load(path: str) -> dict:
    from powermap import load

    start = time.perf_counter()
    load(path)
    return {"load": time.perf_counter() - start, "peak_mb": _peak_mb()}


def _plain_networkx() -> None:
    """PageRank, constraint and effective size by networkx itself, as the plain-networkx
    pipeline computes them (powermap runs its own numpy forms of these on both engines)."""
    import networkx as nx

    from powermap.analysis import brokers, key_persons

    key_persons.deference_rank = lambda influence: nx.pagerank(influence.reverse(copy=True), weight="weight")
    brokers._structural_holes = lambda ties: (
        (nx.constraint(ties, weight="weight"), nx.effective_size(ties, nodes=list(ties), weight="weight"))
        if ties.number_of_edges() else (dict.fromkeys(ties, float("nan")),) * 2)


def _counts(data: dict) -> dict:
    """What makes an account's shape, from its report: how many gaps of each kind, and so on."""
    gaps = data["coverage_gaps"]
    return {"gaps": len(gaps), "department_gaps": sum(gap["kind"] == "department" for gap in gaps),
            "recommendations": len(data["recommendations"]), "key_persons": sum(p["key"] for p in data["key_persons"]),
            "inside_contacts": len(data["inside_contacts"]), "risks": len(data["ignored_risks"])}


def child_analyze(path: str, engine: str) -> dict:
    from powermap import analyze, load

    if engine == "networkx":
        _plain_networkx()
    start = time.perf_counter()
    account = load(path)
    result = {"load": time.perf_counter() - start, "steps": {}}
    marks: list[tuple[str, float]] = []
    start = time.perf_counter()
    report = analyze(account, engine=engine, progress=lambda step, done, total: marks.append((step, time.perf_counter())))
    for (step, began), (_, ended) in zip(marks, marks[1:]):
        result["steps"][step] = ended - began
    for step in ("factions", "brokers"):  # read when first asked: on a big account, the wait for their processes
        began = time.perf_counter()
        getattr(report, step)
        result["steps"][step] = time.perf_counter() - began
    result["analysis"] = time.perf_counter() - start
    start = time.perf_counter()
    data = report.to_dict()
    json.dumps(data, ensure_ascii=False)
    result["json"] = time.perf_counter() - start
    result["peak_mb"] = _peak_mb()
    result["counts"] = _counts(data)
    return result


def child_map(path: str) -> dict:
    from powermap import build_map, load
    from powermap.render.html_map import render_html

    account = load(path)
    start = time.perf_counter()
    power_map = build_map(account)
    built = time.perf_counter() - start
    start = time.perf_counter()
    page = render_html(power_map)
    return {"build": built, "html": time.perf_counter() - start, "bytes": len(page.encode("utf-8")), "peak_mb": _peak_mb()}


CHILDREN = {"load": child_load, "analyze": child_analyze, "map": child_map}


def in_this_child(kind: str, *args: str) -> dict:
    """One measurement in this process, run as the command line runs a command: Python's
    cyclic collector off from start to end (:func:`powermap.collector.off_until_exit`). With it
    on, as in a process that analyses many accounts, the first full collection after a big
    account is analysed walks every object of the account and its graph: 0.8 s at 50,000 people
    (the default shape), added to whichever step meets it (the wait for the factions, here),
    1.54 s instead of 0.73 s, on both engines alike."""
    from powermap.collector import off_until_exit

    off_until_exit()
    return CHILDREN[kind](*args)


# --- the run -------------------------------------------------------------------------------


def in_child(kind: str, *args: str) -> dict:
    """Run one measurement in a fresh interpreter; its wall time includes starting Python."""
    start = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "benchmarks.bench_scale", "--child", kind, *args], cwd=REPO,
                          env=CHILD_ENV, capture_output=True, text=True)
    wall = time.perf_counter() - start
    if done.returncode:
        raise SystemExit(f"{kind} {' '.join(args)} failed:\n{done.stderr}")
    result = json.loads(done.stdout.strip().splitlines()[-1])
    result["wall"] = wall
    return result


def _tree_pss_kb(root: int) -> int:
    """The proportional set size of a process and all its descendants (Linux), in KB: memory
    shared between a process and its forked children counted once."""
    total = 0
    for pid in process_tree(root):
        try:
            total += sum(int(line.split()[1]) for line in (Path("/proc") / str(pid) / "smaps_rollup").read_text().splitlines()
                         if line.startswith("Pss:"))
        except (OSError, ValueError):
            pass
    return total


# What any tool pays to start Python, import networkx and parse the YAML file: nothing else.
FLOOR = ("import sys, networkx, yaml\n"
         "with open(sys.argv[1], encoding='utf-8') as handle:\n"
         "    yaml.load(handle, Loader=getattr(yaml, 'CSafeLoader', yaml.SafeLoader))\n")
# Commands this quick are timed this many times, alternately, and their medians compared.
QUICK_RUNS = 7
# The whole report is timed this many times and its median kept: on this shared machine the same
# 50,000-person report has taken 7.8 s and 9.4 s in consecutive runs (processor time 11.6 s and 13.4 s).
REPORT_RUNS = 3
# Each engine's analysis is timed this many times, each in a fresh process, the two engines in turn,
# and the run with the median analysis kept (its steps with it). On this shared machine the same
# 50,000-person analysis took 3.96 s and 4.54 s within ten minutes (3.6 on a speed-up of 25), and
# plain networkx's 101.6 s and 119.2 s within two hours, 90.0 s and 98.2 s within one: a speed-up
# from one run of each moved between 23.5x and 27.9x in an afternoon with the code the same or faster.
ANALYSIS_RUNS = 3


def floor(path: Path) -> float:
    start = time.perf_counter()
    subprocess.run([sys.executable, "-c", FLOOR, str(path)], cwd=REPO, env=CHILD_ENV, check=True)
    return time.perf_counter() - start


def _report_time(report: dict) -> str:
    """The report's median time, with the range of the runs when there were several."""
    walls = report.get("walls") or [report["wall"]]
    spread = f" ({min(walls):.1f}-{max(walls):.1f})" if len(walls) > 1 else ""
    return seconds(report["wall"]) + spread


def cli_report(path: Path, out: Path, *, memory: bool = False) -> dict:
    """``powermap report`` end to end; with ``memory``, the peak memory of all its processes
    instead (sampled every 0.1 s beside it: the analyses run alongside in forked children of a
    big account's report). Reading each process's ``smaps_rollup`` walks its memory map: at
    50,000 people the sampling took 4.3 s of processor time on the report's two cores and
    slowed it from 16 s to 19.7 s, so a sampled run's time is not the report's."""
    start = time.perf_counter()
    process = subprocess.Popen([sys.executable, "-m", "powermap", "report", str(path), "--format", "json", "-o", str(out)],
                               cwd=REPO, env=CHILD_ENV, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    peak = [0]
    sampler = threading.Thread(target=_sample, args=(process, peak), daemon=True) if memory else None
    if sampler:
        sampler.start()
    errors = process.stderr.read()
    process.wait()
    wall = time.perf_counter() - start
    if sampler:
        sampler.join()
    if process.returncode:
        raise SystemExit(f"powermap report {path} failed:\n{errors}")
    if memory:
        return {"peak_mb": peak[0] / 1024 if peak[0] else None}
    return {"wall": wall}


def _sample(process: subprocess.Popen, peak: list[int]) -> None:
    """Keep the highest memory of a process tree in ``peak[0]`` (KB) until it ends."""
    while process.poll() is None and sys.platform.startswith("linux"):
        peak[0] = max(peak[0], _tree_pss_kb(process.pid))
        time.sleep(0.1)


def against_floor(path: Path, out: Path) -> dict:
    """The YAML report and the floor, timed alternately :data:`QUICK_RUNS` times: their medians."""
    floors, reports = [], []
    for _ in range(QUICK_RUNS):
        floors.append(floor(path))
        reports.append(cli_report(path, out)["wall"])
    return {"floor": statistics.median(floors), "report": statistics.median(reports), "runs": QUICK_RUNS}


def write_formats(people: int, folder: Path, shape="default", formats=tuple(FORMATS)) -> tuple[dict[str, Path], dict]:
    """The generated account written in ``formats``, and its size: relations, departments, contacts."""
    from benchmarks.generate import generate_account
    from powermap.writers import write_account

    account = generate_account(people, seed=0, shape=shape)
    paths = {}
    for name in formats:
        paths[name] = folder / FORMATS[name]
        write_account(account, paths[name])
    size = {"relations": len(account.relations), "departments": len(account.departments),
            "contacts": len(account.contacts)}
    return paths, size


def measure(people: int, networkx_up_to: int, map_up_to: int, log, networkx_runs: int = ANALYSIS_RUNS) -> dict:
    with tempfile.TemporaryDirectory(prefix=f"powermap-scale-{people}-") as temporary:
        folder = Path(temporary)
        paths, size = write_formats(people, folder)
        row = {"people": people, "relations": size["relations"], "load": {}, "engines": {}}
        for name, path in paths.items():
            log(f"{people}: load {name}")
            row["load"][name] = in_child("load", str(path))
        _analyse_and_report(row, paths["csv"], folder, networkx_up_to, log, str(people), networkx_runs)
        if people <= 5_000:
            log(f"{people}: powermap report on YAML against the floor")
            row["against_floor"] = against_floor(paths["yaml"], folder / "report-yaml.json")
        if people <= map_up_to:
            log(f"{people}: map")
            row["map"] = in_child("map", str(paths["csv"]))
        return row


def measure_shape(people: int, shape: str, networkx_up_to: int, log, networkx_runs: int = ANALYSIS_RUNS) -> dict:
    """One account of a shape: load CSV, the analysis (igraph; networkx up to a size), the report."""
    with tempfile.TemporaryDirectory(prefix=f"powermap-scale-{shape}-{people}-") as temporary:
        folder = Path(temporary)
        paths, size = write_formats(people, folder, shape, formats=("csv",))
        row = {"people": people, "shape": shape, **size, "load": {}, "engines": {}}
        log(f"{people} {shape}: load csv")
        row["load"]["csv"] = in_child("load", str(paths["csv"]))
        _analyse_and_report(row, paths["csv"], folder, networkx_up_to, log, f"{people} {shape}", networkx_runs)
        return row


def _analyse_and_report(row: dict, csv: Path, folder: Path, networkx_up_to: int, log, label: str,
                        networkx_runs: int = ANALYSIS_RUNS) -> None:
    """The analysis with igraph (and networkx up to ``networkx_up_to`` people, ``networkx_runs``
    times), the engines in turn, and the whole ``powermap report``, each in a fresh process, into ``row``."""
    wanted = {"igraph": ANALYSIS_RUNS, "networkx": networkx_runs if row["people"] <= networkx_up_to else 0}
    runs: dict[str, list[dict]] = {engine: [] for engine, count in wanted.items() if count}
    for turn in range(max(wanted.values())):
        for engine in runs:
            if turn < wanted[engine]:
                log(f"{label}: analysis with {engine} ({turn + 1} of {wanted[engine]})")
                runs[engine].append(in_child("analyze", str(csv), engine))
    for engine, made in runs.items():
        row["engines"][engine] = _median_run(made)
    log(f"{label}: powermap report")
    walls = [cli_report(csv, folder / "report.json")["wall"] for _ in range(REPORT_RUNS)]
    row["report"] = {"wall": statistics.median(walls), "walls": walls}
    log(f"{label}: powermap report, its memory")
    row["report"].update(cli_report(csv, folder / "report.json", memory=True))


def _median_run(runs: list[dict]) -> dict:
    """The run whose analysis took the median time (the lower middle of an even number), with
    every run's analysis time (``analyses``, in the order run)."""
    kept = sorted(runs, key=lambda run: run["analysis"])[(len(runs) - 1) // 2]
    return {**kept, "analyses": [run["analysis"] for run in runs]}


def measure_departments(people: int, departments: int, log) -> dict:
    """The default shape at ``people`` cut into about ``departments`` departments: the analysis."""
    from dataclasses import replace

    from benchmarks.generate import SHAPES

    staff = people - people // 200 - 3  # the generator's people in departments (leaders, outside experts apart)
    # contacts to a fixed 2 % of the people, so the departments alone change from one row to the next
    shape = replace(SHAPES["default"], department_size=max(1, round(staff / departments)), contact_share=0.02)
    with tempfile.TemporaryDirectory(prefix=f"powermap-departments-{departments}-") as temporary:
        paths, size = write_formats(people, Path(temporary), shape, formats=("csv",))
        log(f"{people} people, {size['departments']} departments: analysis with igraph")
        return {"people": people, "shape": f"department size {shape.department_size}", **size,
                "engines": {"igraph": in_child("analyze", str(paths["csv"]), "igraph")}}


# --- the table -----------------------------------------------------------------------------


def _ratio(slow: float | None, fast: float | None) -> str:
    return f"{slow / fast:.1f}x" if slow and fast else "-"


def _runs_said(rows: list[dict]) -> str:
    """How the analyses were timed, as the rows hold them (older raw files: networkx once)."""
    counts = sorted({len(row["engines"]["networkx"].get("analyses", [None])) for row in rows if "networkx" in row["engines"]})
    if not counts:
        return f"with igraph the run of median time of {ANALYSIS_RUNS} (its steps below)"
    if counts == [1]:
        return f"with igraph the run of median time of {ANALYSIS_RUNS} (its steps below), with plain networkx one run"
    times = " or ".join(str(count) for count in counts)
    return (f"igraph and plain networkx in turn, of each the run of median time (its steps below) of {ANALYSIS_RUNS} "
            f"(plain networkx {times}), the speed-up the ratio of the two")


def markdown(rows: list[dict]) -> str:
    sizes = [f"{row['people']:,}" for row in rows]
    lines = [
        machine_line("networkx", "igraph", "numpy", "pydantic"),
        "Accounts from `benchmarks.generate` (seed 0), every measurement in a fresh process "
        "run as the command line runs (`OPENBLAS_NUM_THREADS=1`, Python's cyclic collector off; "
        "`POWERMAP_MAX_INPUT_MB=1024`, as the "
        f"200,000-person files are over the default 64 MB). Analysis on the CSV folder, {_runs_said(rows)}; "
        "loading and the map one run each; "
        f"from {ALONGSIDE_FROM:,} people the brokers and the factions run in forked processes while the other "
        "analyses run, so their steps below are the wait for the answer. "
        f"`powermap report` timed alone, the median of {REPORT_RUNS} runs; its peak memory, of all its processes "
        "together (proportional set size, sampled every 0.1 s), from another run (sampling slows a 50,000-person "
        "report by seconds).",
        "",
        "| people | relations | load CSV | load JSON | load YAML | analysis igraph | analysis networkx | speed-up "
        "| `powermap report` (CSV) | peak memory (report) | map build + HTML |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for row in rows:
        fast, slow = row["engines"].get("igraph"), row["engines"].get("networkx")
        page = row.get("map")
        lines.append(
            f"| {row['people']:,} | {row['relations']:,} | "
            + " | ".join(seconds(row["load"][name]["load"]) for name in FORMATS)
            + f" | {seconds(fast and fast['analysis'])} | {seconds(slow and slow['analysis'])} | "
            f"{_ratio(slow and slow['analysis'], fast and fast['analysis'])} | {_report_time(row['report'])} | "
            + (f"{row['report']['peak_mb']:.0f} MB | " if row["report"].get("peak_mb") else "- | ")
            + (f"{seconds(page['build'] + page['html'])} ({page['bytes'] / 1e6:.1f} MB)" if page else "-")
            + " |"
        )
    lines += ["", "Each analysis step, igraph / networkx:", "",
              "| step | " + " | ".join(sizes) + " |", "|---|" + "---:|" * len(rows)]
    for step in STEPS + ("report JSON",):
        cells = []
        for row in rows:
            pair = []
            for engine in ("igraph", "networkx"):
                found = row["engines"].get(engine)
                value = None if found is None else (found["json"] if step == "report JSON" else found["steps"].get(step))
                pair.append(seconds(value))
            cells.append(" / ".join(pair))
        lines.append(f"| {step} | " + " | ".join(cells) + " |")
    quick = [row for row in rows if row.get("against_floor")]
    if quick:
        lines += ["", "Against the floor (a fresh `python -c` that imports networkx and parses the YAML file with "
                  f"PyYAML's C loader, nothing else), whole commands, medians of {QUICK_RUNS} runs of each, alternately:",
                  "", "| people | floor | `powermap report` YAML | ratio |", "|---:|---:|---:|---:|"]
        for row in quick:
            found = row["against_floor"]
            lines.append(f"| {row['people']:,} | {seconds(found['floor'])} | {seconds(found['report'])} | "
                         f"{found['report'] / found['floor']:.2f}x |")
    return "\n".join(lines)


def shapes_markdown(rows: list[dict]) -> str:
    """The shapes table: per size and shape, the account, the analysis and the report."""
    lines = [
        machine_line("networkx", "igraph", "numpy", "pydantic"),
        "Accounts from `benchmarks.generate --shape NAME` (seed 0), every measurement in a fresh process "
        f"run as the command line runs (`OPENBLAS_NUM_THREADS=1`, Python's cyclic collector off); the analysis {_runs_said(rows)}. "
        "Departments include the leadership and the outside experts; gaps are the "
        "report's coverage gaps (of which departments nobody reaches). `powermap report` timed alone, the median of "
        f"{REPORT_RUNS} runs; its peak memory, of all its processes together, from another run (sampling slows a "
        "50,000-person report by seconds).",
        "",
        "| people | shape | departments | relations | contacts | gaps (departments) | load CSV | analysis igraph "
        "| analysis networkx | speed-up | `powermap report` (CSV) | peak memory (report) |",
        "|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for row in rows:
        fast, slow = row["engines"].get("igraph"), row["engines"].get("networkx")
        counts = (fast or slow or {}).get("counts", {})
        lines.append(
            f"| {row['people']:,} | {row['shape']} | {row['departments']:,} | {row['relations']:,} | {row['contacts']:,} | "
            f"{counts.get('gaps', 0):,} ({counts.get('department_gaps', 0):,}) | {seconds(row['load']['csv']['load'])} | "
            f"{seconds(fast and fast['analysis'])} | {seconds(slow and slow['analysis'])} | "
            f"{_ratio(slow and slow['analysis'], fast and fast['analysis'])} | {_report_time(row['report'])} | "
            + (f"{row['report']['peak_mb']:.0f} MB |" if row["report"].get("peak_mb") else "- |"))
    lines += _steps_table(rows, lambda row: f"{row['people']:,} {row['shape']}")
    return "\n".join(lines)


def _steps_table(rows: list[dict], label) -> list[str]:
    """Each analysis step (igraph) per row, one column a row."""
    lines = ["", "Each analysis step, igraph:", "", "| step | " + " | ".join(label(row) for row in rows) + " |",
             "|---|" + "---:|" * len(rows)]
    for step in STEPS + ("report JSON",):
        cells = []
        for row in rows:
            found = row["engines"].get("igraph")
            cells.append(seconds(None if found is None else found["json"] if step == "report JSON"
                                 else found["steps"].get(step)))
        lines.append(f"| {step} | " + " | ".join(cells) + " |")
    return lines


def departments_markdown(rows: list[dict]) -> str:
    """Time against departments and gaps at one size."""
    lines = [
        machine_line("networkx", "igraph", "numpy", "pydantic"),
        "The default shape of `benchmarks.generate` (seed 0) at one size, cut into more and more departments "
        "(`--department-size`), contacts to 2 % of the people (`--contact-share 0.02`); the analysis with igraph in "
        "a fresh process run as the command line runs (Python's cyclic collector off), one run each.",
        "",
        "| people | departments | relations | contacts | gaps | departments nobody reaches | coverage gaps "
        "| recommendations | analysis igraph |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for row in rows:
        found = row["engines"]["igraph"]
        counts = found["counts"]
        lines.append(f"| {row['people']:,} | {row['departments']:,} | {row['relations']:,} | {row['contacts']:,} | "
                     f"{counts['gaps']:,} | {counts['department_gaps']:,} | {seconds(found['steps'].get('coverage gaps'))} | "
                     f"{seconds(found['steps'].get('recommendations'))} | {seconds(found['analysis'])} |")
    lines += _steps_table(rows, lambda row: f"{row['departments']:,} departments")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.bench_scale", description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[500, 5_000, 50_000])
    parser.add_argument("--networkx-up-to", type=int, default=50_000, help="largest size run with plain networkx too")
    parser.add_argument("--networkx-runs", type=int, default=ANALYSIS_RUNS,
                        help=f"times plain networkx runs, in turn with igraph (default {ANALYSIS_RUNS})")
    parser.add_argument("--map-up-to", type=int, default=50_000, help="largest size whose map is built")
    parser.add_argument("--no-write", action="store_true", help="print the table, leave docs/performance.md alone")
    parser.add_argument("--json", type=Path, help="also write the raw measurements here")
    parser.add_argument("--from-json", type=Path, help="measure nothing: rewrite the table from raw measurements saved by --json")
    parser.add_argument("--shapes", nargs="+", metavar="SHAPE",
                        help="measure these organisation shapes of benchmarks.generate instead (few-big, many-small, "
                             "dense, sparse, default); writes the shapes block")
    parser.add_argument("--departments", type=int, nargs="+", metavar="N",
                        help="measure the default shape cut into about N departments at --at people; writes the "
                             "departments block")
    parser.add_argument("--at", type=int, default=20_000, help="the size for --departments (default 20,000)")
    parser.add_argument("--child", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        kind, *rest = args.child
        print(json.dumps(in_this_child(kind, *rest)))
        return 0

    def log(message: str) -> None:
        print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)

    if args.shapes:
        from benchmarks.generate import SHAPES

        unknown = [name for name in args.shapes if name not in SHAPES]
        if unknown:
            parser.error(f"unknown shape {unknown[0]!r}; one of {', '.join(SHAPES)}")
        kind = "shapes"
    else:
        kind = "departments" if args.departments else "sizes"
    if args.from_json:
        rows = json.loads(args.from_json.read_text(encoding="utf-8"))
        kind = "shapes" if rows and "shape" in rows[0] and "load" in rows[0] else (
            "departments" if rows and "shape" in rows[0] else "sizes")
    elif kind == "shapes":
        rows = [measure_shape(people, shape, args.networkx_up_to, log, args.networkx_runs)
                for people in args.sizes for shape in args.shapes]
    elif kind == "departments":
        rows = [measure_departments(args.at, count, log) for count in args.departments]
    else:
        rows = [measure(people, args.networkx_up_to, args.map_up_to, log, args.networkx_runs) for people in args.sizes]
    text = {"shapes": shapes_markdown, "departments": departments_markdown, "sizes": markdown}[kind](rows)
    if args.json:
        args.json.write_text(json.dumps(rows, indent=2), encoding="utf-8")
    print(text)
    if not args.no_write:
        if kind == "shapes":
            write_block("bench-scale-shapes", text, "### Organisation shapes")
        elif kind == "departments":
            write_block("bench-scale-departments", text, "### Departments and gaps at one size")
        else:
            write_block("bench-scale", text, "## Big accounts: the whole report at 500, 5,000 and 50,000 people")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
