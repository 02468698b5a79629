"""Shared test helpers: paths to the examples and test data, and a CLI runner."""

from __future__ import annotations

from pathlib import Path

import os
import shutil

import pytest
from click.testing import CliRunner

from powermap.cli import cli

REPO = Path(__file__).resolve().parents[1]
EXAMPLES = REPO / "examples"
DATA = Path(__file__).resolve().parent / "data"
INVALID = DATA / "invalid"
DATASETS = REPO.parent / "shared" / "datasets"
OUTPUT = REPO / "tests" / "output"  # screenshots and maps for a person to look at (not committed)
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.fixture
def run():
    """Run the powermap command in-process: ``run("check", path)`` -> click Result."""
    runner = CliRunner()

    def invoke(*args: str):
        return runner.invoke(cli, [str(arg) for arg in args], prog_name="powermap")

    return invoke


def make_account(**tables):
    """A small account built in code: ``make_account(stakeholders=[...], contacts=[...])``.

    The account table defaults to ``{id: demo, name: Demo}`` plus whatever ``account`` adds.
    """
    from powermap.model import AccountMap

    head = {"id": "demo", "name": "Demo", **tables.pop("account", {})}
    return AccountMap.model_validate({"account": head, **tables})


def make_graph(**tables):
    """The analysis graph of :func:`make_account`."""
    from powermap.analysis.graph import build_graph

    return build_graph(make_account(**tables))


def people_account(people, relations=(), factions=(), departments=()):
    """An account of people and ties only: ``people`` are ids or dicts (the name defaults to
    the id upper-cased); ``relations`` are ``(source, target, type, weight)`` tuples."""
    from powermap.model import AccountMap

    records = [{"name": p.upper(), "id": p} if isinstance(p, str) else {"name": p["id"].upper(), **p} for p in people]
    return AccountMap.model_validate(
        {
            "account": {"id": "test", "name": "Test"},
            "departments": list(departments),
            "factions": list(factions),
            "stakeholders": records,
            "relations": [{"source": s, "target": t, "type": kind, "weight": w} for s, t, kind, w in relations],
        }
    )


@pytest.fixture(scope="session")
def browser():
    """A headless Debian Chromium driven by Playwright, shared by the browser tests.

    Skipped when no Chromium is installed, unless POWERMAP_REQUIRE_BROWSER=1 (CI), where a
    missing browser is a failure.
    """
    if CHROMIUM is None:
        if os.environ.get("POWERMAP_REQUIRE_BROWSER"):
            pytest.fail("Chromium is not installed (apt-get install chromium)")
        pytest.skip("Chromium is not installed")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                  "--disable-sync", "--no-first-run", "--disable-quic"],
        )
        yield chromium
        chromium.close()
