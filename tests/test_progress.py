"""Progress: what the library reports to a progress callable, and the line the command line
shows on stderr only when a person watches."""

from __future__ import annotations

import io
import json
import subprocess
import sys

import pytest

from powermap.errors import AccountError
from powermap.loaders import load, read_account
from powermap.progress import Progress
from powermap.render.map_output import write_map
from powermap.report import analyze

from conftest import EXAMPLES, INVALID, REPO

KESTREL = EXAMPLES / "kestrel-manufacturing.yaml"

# the factions and the brokers last: on a big account they run alongside, and are waited for
# only once everything else is done
ANALYSIS_STEPS = ["graph", "key persons", "coverage gaps", "inside contacts", "ignored risks", "power structure",
                  "recommendations", "factions", "brokers", "done"]


class _Terminal(io.StringIO):
    """A stream that says it is a terminal."""

    def isatty(self) -> bool:
        return True


def _recorder():
    calls = []
    return calls, lambda step, done, total: calls.append((step, done, total))


def test_analyze_reports_each_step_then_the_end():
    calls, progress = _recorder()
    analyze(load(KESTREL), progress=progress)
    assert [step for step, _, _ in calls] == ANALYSIS_STEPS
    assert [done for _, done, _ in calls] == list(range(len(ANALYSIS_STEPS)))
    assert {total for _, _, total in calls} == {len(ANALYSIS_STEPS) - 1}


def test_loading_reports_reading_then_validating():
    calls, progress = _recorder()
    read_account(KESTREL, progress=progress)
    assert calls == [("reading", 0, 2), ("validating", 1, 2), ("done", 2, 2)]


def test_loading_a_broken_file_reports_no_end():
    calls, progress = _recorder()
    with pytest.raises(AccountError):
        load(INVALID / "unknown-department.yaml", progress=progress)
    assert calls == [("reading", 0, 2), ("validating", 1, 2)]


def test_the_map_reports_its_steps_and_the_drawing(tmp_path):
    calls, progress = _recorder()
    write_map(load(KESTREL), tmp_path / "map.html", "html", progress=progress)
    steps = [step for step, _, _ in calls]
    assert steps == ["graph", "key persons", "inside contacts", "ignored risks", "power structure", "layout", "routes",
                     "drawing", "done"]
    assert [done for _, done, _ in calls] == list(range(len(steps)))
    assert {total for _, _, total in calls} == {len(steps) - 1}


def test_nothing_is_written_when_the_stream_is_not_a_terminal():
    stream = io.StringIO()
    with Progress(stream=stream, delay=0) as shown:
        assert not shown.shown
        step = shown.steps("analysing: {step}")
        step("graph", 0, 2)
        shown.count("accounts")(1, 2)
        step("done", 2, 2)
    assert stream.getvalue() == ""


def test_on_a_terminal_the_line_names_the_step_and_is_erased_at_the_end():
    stream = _Terminal()
    with Progress(stream=stream, delay=0) as shown:
        assert shown.shown
        loading = shown.steps("{step} acme.yaml", counted=False)
        loading("reading", 0, 2)
        loading("validating", 1, 2)
        step = shown.steps("analysing: {step}")
        step("key persons", 1, 9)
        written = stream.getvalue()
    assert "reading acme.yaml" in written and "validating acme.yaml" in written
    assert "analysing: key persons" in written and "1/9" in written
    end = stream.getvalue()[len(written):]
    assert end.endswith("\x1b[1A\x1b[2K")  # cursor up, line cleared: nothing is left behind


def test_a_quick_piece_of_work_shows_nothing():
    stream = _Terminal()
    with Progress(stream=stream, delay=3600) as shown:
        shown.steps("analysing: {step}")("graph", 0, 9)
    assert stream.getvalue() == ""


def test_nothing_is_shown_before_the_first_report():
    stream = _Terminal()
    with Progress(stream=stream, delay=0):
        pass  # e.g. a password prompt: no line over it
    assert stream.getvalue() == ""


def test_the_command_line_prints_no_progress_when_stderr_is_captured(run):
    result = run("report", KESTREL, "-f", "json")
    assert result.exit_code == 0, result.output
    assert result.stderr == ""
    assert json.loads(result.stdout)["account"]["id"] == "kestrel-mes"


def test_a_real_process_without_a_terminal_does_not_import_rich(tmp_path):
    code = (
        "import sys; from powermap.cli import cli\n"
        "cli.main(['report', 'examples/kestrel-manufacturing.yaml', '-f', 'json', '-o', sys.argv[1]], standalone_mode=False)\n"
        "print('rich' in sys.modules, file=sys.stderr)"
    )
    result = subprocess.run([sys.executable, "-c", code, str(tmp_path / "report.json")], capture_output=True, text=True,
                            cwd=REPO, check=False)
    assert result.stdout == ""
    assert json.loads((tmp_path / "report.json").read_text(encoding="utf-8"))["account"]["id"] == "kestrel-mes"
    assert result.stderr.splitlines()[-1] == "False"
