"""How long the power map takes, from account to first picture, at 50 to 10,000 people.

Run on demand (never in the test suite), from the repository root::

    python -m benchmarks.bench_map                          # 50, 500, 2000, 10000; writes docs/performance.md
    python -m benchmarks.bench_map --sizes 50 500 --no-write
    python -m benchmarks.bench_map --no-browser --runs 1

Per size, on an account from :mod:`benchmarks.generate` (seed 0), medians of ``--runs``:

- ``build_map``, split into the analysis (``powermap.render.map_model._findings``: the analyses the map draws), the layout
  (``powermap.render.layout.layout``) and the rest (graph, nodes, edges, routes), plus each
  analysis on its own, found by wrapping the functions ``build_map`` calls (no code changed);
- ``render_html`` (when ``powermap.render.html_map`` exists) and the page size;
- ``render_static`` PNG and SVG, and their sizes; ``to_pyvis``;
- first draw in headless Chromium: navigation start to the first vis-network
  ``afterDrawing`` (the page's ``window.powermap.timing.firstDraw``), else ``load`` plus one
  animation frame.

And at ``--compare-at`` people (2,000), in the same run: networkx ``spring_layout`` against
the igraph force layout, and pyvis ``add_node``/``add_edge`` against filling
``net.nodes``/``net.edges`` directly.

A build slower than ``--single-build-over`` seconds (10,000 people today) is measured once,
not ``--runs`` times, and marked so in the table.
"""

from __future__ import annotations

import argparse
import datetime as dt
import functools
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any, Callable

from benchmarks.common import commit, seconds, write_block
from benchmarks.generate import generate_account

ROOT = Path(__file__).resolve().parents[1]
DOC = ROOT / "docs" / "performance.md"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]
# The analyses build_map runs (the map draws no coverage gaps, brokers or recommendations).
ANALYSES = ("key_persons", "inside_contacts", "ignored_risks", "power_structure", "declared_stances")


def timed(function: Callable, *args, **kwargs) -> tuple[float, Any]:
    start = time.perf_counter()
    result = function(*args, **kwargs)
    return time.perf_counter() - start, result


def median(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")


# --- build_map, split by stage -------------------------------------------------------------


class StageClock:
    """Wraps functions by name in a module so each call adds its time to a stage."""

    def __init__(self):
        self.times: dict[str, float] = {}
        self._undo: list[tuple[Any, str, Any]] = []

    def wrap(self, module, name: str, stage: str) -> None:
        original = getattr(module, name, None)
        if original is None:
            return

        @functools.wraps(original)
        def clocked(*args, **kwargs):
            start = time.perf_counter()
            try:
                return original(*args, **kwargs)
            finally:
                self.times[stage] = self.times.get(stage, 0.0) + time.perf_counter() - start

        setattr(module, name, clocked)
        self._undo.append((module, name, original))

    def __enter__(self):
        import powermap.render.map_model as map_model

        self.wrap(map_model, "_findings", "analysis")  # the analyses the map draws
        self.wrap(map_model, "place", "layout")
        self.wrap(map_model, "build_graph", "rest.build_graph")
        self.wrap(map_model, "_routes", "rest.routes")
        for name in ANALYSES:
            self.wrap(map_model, name, f"analysis.{name}")
        return self

    def __exit__(self, *exc):
        for module, name, original in reversed(self._undo):
            setattr(module, name, original)


def bench_build(account, runs: int, single_over: float) -> tuple[dict, Any]:
    from powermap.render.map_model import build_map

    samples: list[dict] = []
    power_map = None
    for _ in range(runs):
        with StageClock() as clock:
            total, power_map = timed(build_map, account)
        stages = dict(clock.times)
        stages["total"] = total
        stages["rest"] = total - stages.get("analysis", 0.0) - stages.get("layout", 0.0)
        samples.append(stages)
        if total > single_over:
            break
    keys = sorted({key for sample in samples for key in sample})
    result = {key: median([sample.get(key, 0.0) for sample in samples]) for key in keys}
    result["runs"] = len(samples)
    return result, power_map


# --- renderers -----------------------------------------------------------------------------


def html_renderer():
    try:
        from powermap.render.html_map import render_html
    except ImportError:
        return None
    return render_html


def bench_renderers(power_map, runs: int) -> dict:
    from powermap.render.pyvis_adapter import to_pyvis
    from powermap.render.static_map import render_static

    found: dict[str, Any] = {}
    render_html = html_renderer()
    if render_html is not None:
        times, page = [], ""
        for _ in range(runs):
            seconds, page = timed(render_html, power_map)
            times.append(seconds)
        found["html"], found["html_bytes"], found["page"] = median(times), len(page.encode("utf-8")), page
    for form in ("png", "svg"):
        times, content = [], b""
        for _ in range(runs):
            seconds, content = timed(render_static, power_map, form)
            times.append(seconds)
        found[form], found[f"{form}_bytes"] = median(times), len(content)
    to_pyvis(power_map)  # the first call pays for importing pyvis (and IPython)
    found["pyvis"] = median([timed(to_pyvis, power_map)[0] for _ in range(runs)])
    return found


# --- first draw in Chromium ----------------------------------------------------------------

_FIRST_DRAW = "() => window.powermap && window.powermap.ready === true"
_READ_DRAW = "() => window.powermap.timing.firstDraw"
_FALLBACK = "() => new Promise(done => requestAnimationFrame(() => done(performance.now())))"


def bench_browser(page_html: str, runs: int, timeout_s: float) -> dict:
    """Median milliseconds from navigation start to the first vis-network draw (and to ``load``)."""
    from playwright.sync_api import sync_playwright

    draws, loads, how = [], [], "afterDrawing"
    with tempfile.TemporaryDirectory() as folder, sync_playwright() as playwright:
        path = Path(folder) / "map.html"
        path.write_text(page_html, encoding="utf-8")
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        try:
            for _ in range(runs):
                context = browser.new_context(viewport={"width": 1400, "height": 900})
                page = context.new_page()
                page.goto(path.as_uri(), wait_until="load", timeout=timeout_s * 1000)
                try:
                    page.wait_for_function(_FIRST_DRAW, timeout=timeout_s * 1000, polling=20)
                    draws.append(float(page.evaluate(_READ_DRAW)))
                except Exception:  # no hook on the page: load + one animation frame
                    how = "load + requestAnimationFrame"
                    draws.append(float(page.evaluate(_FALLBACK)))
                loads.append(float(page.evaluate("() => performance.getEntriesByType('navigation')[0].loadEventEnd")))
                context.close()
        finally:
            browser.close()
    return {"first_draw_ms": median(draws), "load_ms": median(loads), "how": how}


# --- same-run comparisons ------------------------------------------------------------------


def compare_layouts(account, seed: int = 0) -> dict:
    """networkx spring_layout vs the igraph force layout, on the same tie graph (with hubs)."""
    import networkx as nx

    from powermap.analysis.graph import build_graph
    from powermap.render.layout import force_layout

    graph = build_graph(account)
    igraph_s, _ = timed(force_layout, graph, seed=seed)
    ties = nx.Graph()
    people = [n for n, d in graph.nodes(data=True) if d["kind"] in ("stakeholder", "member")]
    ties.add_nodes_from(people)
    for source, target, data in graph.edges(data=True):
        if source in ties and target in ties and data["type"] != "rival":
            weight = float(data.get("weight") or 0.5) if data["type"] != "contact" else 0.3
            ties.add_edge(source, target, weight=weight)
    for person in people:
        department = graph.nodes[person].get("department")
        if department:
            ties.add_edge(person, f"hub:{department}", weight=0.6)
    networkx_s, _ = timed(nx.spring_layout, ties, weight="weight", seed=seed)
    return {"igraph_force_s": igraph_s, "networkx_spring_s": networkx_s, "ratio": networkx_s / igraph_s,
            "nodes": ties.number_of_nodes(), "edges": ties.number_of_edges()}


def compare_pyvis(power_map, runs: int) -> dict:
    """pyvis add_node/add_edge (what tutorials do) vs the adapter filling the lists directly (medians)."""
    from pyvis.network import Network

    from powermap.render.pyvis_adapter import _bends, _edge, _node, to_pyvis

    data = power_map.data
    nodes = [_node(node) for node in data["nodes"]]
    edges = [_edge(edge, bend) for edge, bend in zip(data["edges"], _bends(data["edges"]))]

    def one_by_one():
        net = Network(directed=True)
        for node in nodes:
            options = {key: value for key, value in node.items() if key not in ("id", "label", "shape", "color")}
            net.add_node(node["id"], label=node["label"], shape=node["shape"], color=node["color"], **options)
        for edge in edges:
            net.add_edge(edge["from"], edge["to"], **{k: v for k, v in edge.items() if k not in ("from", "to")})
        return net

    slow = [timed(one_by_one) for _ in range(runs)]
    fast = [timed(to_pyvis, power_map) for _ in range(runs)]
    assert len(slow[0][1].nodes) == len(fast[0][1].nodes) and len(slow[0][1].edges) == len(fast[0][1].edges)
    slow_s, fast_s = median([s for s, _ in slow]), median([s for s, _ in fast])
    return {"add_node_edge_s": slow_s, "direct_s": fast_s, "ratio": slow_s / fast_s}


# --- report --------------------------------------------------------------------------------


def warm_up() -> None:
    """One small map through every stage first, so imports and font caches are not timed."""
    from powermap.render.map_model import build_map
    from powermap.render.pyvis_adapter import to_pyvis
    from powermap.render.static_map import render_static

    power_map = build_map(generate_account(30, seed=1))
    render_static(power_map, "png")
    render_static(power_map, "svg")
    to_pyvis(power_map)
    if html_renderer():
        html_renderer()(power_map)


def machine() -> dict:
    def version(name: str) -> str:
        try:
            from importlib.metadata import version as found

            return found(name)
        except Exception:
            return "-"

    try:
        chromium = subprocess.run([CHROMIUM, "--version"], capture_output=True, text=True, timeout=30).stdout.strip()
    except Exception:
        chromium = "not found"
    return {
        "commit": commit(),
        "date": dt.date.today().isoformat(),
        "arch": platform.machine(),
        "cores": os.cpu_count(),
        "python": platform.python_version(),
        "system": f"{platform.system()} {platform.release()}",
        "packages": {name: version(name) for name in ("networkx", "python-igraph", "matplotlib", "pyvis", "pydantic")},
        "chromium": chromium,
    }


def size(value: int | None) -> str:
    if not value:
        return "-"
    return f"{value / 1024:.0f} KB" if value < 1024 * 1024 else f"{value / 1024 / 1024:.1f} MB"


def markdown(results: list[dict], info: dict, comparisons: dict, runs: int) -> str:
    lines = [
        f"Measured {info['date']} at commit `{info['commit']}` on {info['arch']}, {info['cores']} cores, "
        f"Python {info['python']} "
        f"({info['system']}), 1-minute load average {info['load']}; {info['chromium']}; "
        + ", ".join(f"{name} {found}" for name, found in info["packages"].items()) + ".",
        f"Accounts from `benchmarks/generate.py` (seed 0); medians of {runs} runs unless the build column says "
        "\"1 run\". Generate = making and validating the account.",
        "",
        "| people | relations | generate | build_map | analysis | layout | rest | render_html | page | first draw "
        "| PNG | PNG size | SVG | SVG size | to_pyvis |",
        "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for row in results:
        build = row["build"]
        note = " (1 run)" if build["runs"] == 1 and runs > 1 else ""
        draw = row.get("browser", {}).get("first_draw_ms")
        lines.append(
            f"| {row['people']:,} | {row['relations']:,} | {seconds(row['generate'])} | {seconds(build['total'])}{note} "
            f"| {seconds(build.get('analysis'))} | {seconds(build.get('layout'))} | {seconds(build.get('rest'))} "
            f"| {seconds(row.get('html'))} | {size(row.get('html_bytes'))} "
            f"| {'-' if draw is None else f'{draw:.0f} ms'} | {seconds(row['png'])} | {size(row['png_bytes'])} "
            f"| {seconds(row['svg'])} | {size(row['svg_bytes'])} | {seconds(row['pyvis'])} |"
        )
    lines += ["", "Inside `build_map`: each analysis the map draws, then the map's own graph and routes (part of \"rest\"):",
              "", "| people | " + " | ".join(ANALYSES) + " | map graph | map routes |",
              "| ---: |" + " ---: |" * (len(ANALYSES) + 2)]
    for row in results:
        build = row["build"]
        cells = [seconds(build.get(f"analysis.{name}")) for name in ANALYSES]
        cells += [seconds(build.get("rest.build_graph")), seconds(build.get("rest.routes"))]
        lines.append(f"| {row['people']:,} | " + " | ".join(cells) + " |")
    if comparisons:
        layouts, pyvis = comparisons.get("layouts"), comparisons.get("pyvis")
        lines += ["", f"Same-run comparisons at {comparisons['people']:,} people:", ""]
        if layouts:
            lines.append(f"- layout (one run each): networkx `spring_layout` (50 iterations) {seconds(layouts['networkx_spring_s'])} vs "
                         f"igraph Fruchterman-Reingold in `force_layout` (500 iterations) {seconds(layouts['igraph_force_s'])}: "
                         f"**{layouts['ratio']:.0f}x** ({layouts['nodes']:,} nodes, {layouts['edges']:,} ties, department hubs included).")
        if pyvis:
            lines.append(f"- pyvis (medians of {runs}): `add_node`/`add_edge` {seconds(pyvis['add_node_edge_s'])} vs filling `net.nodes`/`net.edges` "
                         f"(`to_pyvis`) {seconds(pyvis['direct_s'])}: **{pyvis['ratio']:.0f}x**.")
    if any("browser" in row for row in results):
        how = next(row["browser"]["how"] for row in results if "browser" in row)
        lines += ["", f"First draw: headless Chromium ({' '.join(CHROMIUM_ARGS)}), 1400x900 viewport, the page from "
                      f"`render_html` opened from a file; navigation start to {how}."]
    if not html_renderer():
        lines += ["", "`powermap.render.html_map` did not exist when this ran: no HTML or browser columns."]
    return "\n".join(lines)


def write_doc(text: str) -> None:
    """Replace the measured block of docs/performance.md, keeping the prose around it."""
    write_block("bench", text, "## Results")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.bench_map", description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[50, 500, 2000, 10000])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--compare-at", type=int, default=2000, help="people for the same-run comparisons (0: skip)")
    parser.add_argument("--single-build-over", type=float, default=60.0,
                        help="measure build_map once when one build takes longer than this many seconds")
    parser.add_argument("--no-browser", action="store_true")
    parser.add_argument("--browser-timeout", type=float, default=180.0)
    parser.add_argument("--no-write", action="store_true", help="print the table, leave docs/performance.md alone")
    parser.add_argument("--json", help="also write the raw results to this file")
    args = parser.parse_args(argv)

    warm_up()
    load_before = os.getloadavg()
    results, comparisons = [], {}
    for people in args.sizes:
        generate_s, account = timed(generate_account, people, seed=args.seed)
        print(f"[{people}] generated in {generate_s:.2f} s; building the map ...", file=sys.stderr, flush=True)
        build, power_map = bench_build(account, args.runs, args.single_build_over)
        print(f"[{people}] build_map {build['total']:.2f} s ({build['runs']} run(s)); rendering ...", file=sys.stderr, flush=True)
        row = {"people": people, "relations": len(account.relations), "generate": generate_s, "build": build,
               **bench_renderers(power_map, args.runs)}
        page = row.pop("page", None)
        if page and not args.no_browser:
            print(f"[{people}] browser ...", file=sys.stderr, flush=True)
            row["browser"] = bench_browser(page, args.runs, args.browser_timeout)
        if people == args.compare_at:
            print(f"[{people}] comparisons ...", file=sys.stderr, flush=True)
            comparisons = {"people": people, "layouts": compare_layouts(account, seed=args.seed),
                           "pyvis": compare_pyvis(power_map, args.runs)}
        results.append(row)
        print(json.dumps(row, default=str), file=sys.stderr, flush=True)
    info = machine()
    info["load"] = f"{load_before[0]:.1f} at the start, {os.getloadavg()[0]:.1f} at the end"
    text = markdown(results, info, comparisons, args.runs)
    print(text)
    if args.json:
        Path(args.json).write_text(json.dumps({"machine": info, "results": results, "comparisons": comparisons},
                                              indent=2, default=str), encoding="utf-8")
    if not args.no_write:
        write_doc(text)
        print(f"\nwrote {DOC.relative_to(ROOT)}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
