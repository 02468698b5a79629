"""The scale benchmark's choice of the analysis runs it reports, and their order."""

import benchmarks.bench_scale as bench
from benchmarks.bench_scale import _median_run, _runs_said


def test_the_run_of_median_time_is_kept_with_its_own_steps():
    runs = [{"analysis": 5.0, "steps": {"graph": 0.5}}, {"analysis": 3.0, "steps": {"graph": 0.3}},
            {"analysis": 4.0, "steps": {"graph": 0.4}}]
    kept = _median_run(runs)
    assert kept["analysis"] == 4.0 and kept["steps"] == {"graph": 0.4}  # the middle run's steps, not another's
    assert kept["analyses"] == [5.0, 3.0, 4.0]  # every run, in the order run


def test_an_even_number_of_runs_keeps_the_lower_middle_and_one_run_itself():
    assert _median_run([{"analysis": 5.0}, {"analysis": 3.0}])["analysis"] == 3.0
    assert _median_run([{"analysis": 7.0}]) == {"analysis": 7.0, "analyses": [7.0]}


def test_the_engines_run_in_turn_and_each_keeps_its_median(monkeypatch, tmp_path):
    made = []
    pace = iter([4.0, 100.0, 3.0, 90.0, 5.0, 120.0])  # igraph, networkx, igraph, ... as run

    def fake(kind, csv, engine):
        made.append(engine)
        return {"analysis": next(pace)}

    monkeypatch.setattr(bench, "in_child", fake)
    monkeypatch.setattr(bench, "cli_report", lambda csv, out, memory=False: {"wall": 1.0})
    row = {"people": 500, "engines": {}}
    bench._analyse_and_report(row, tmp_path / "a.csv", tmp_path, 500, lambda message: None, "500", 3)
    assert made == ["igraph", "networkx"] * 3
    assert row["engines"]["igraph"]["analysis"] == 4.0 and row["engines"]["networkx"]["analysis"] == 100.0
    assert row["engines"]["networkx"]["analyses"] == [100.0, 90.0, 120.0]


def test_plain_networkx_once_or_not_at_all_above_its_size(monkeypatch, tmp_path):
    made = []
    monkeypatch.setattr(bench, "in_child", lambda kind, csv, engine: made.append(engine) or {"analysis": 1.0})
    monkeypatch.setattr(bench, "cli_report", lambda csv, out, memory=False: {"wall": 1.0})
    bench._analyse_and_report({"people": 500, "engines": {}}, tmp_path / "a.csv", tmp_path, 500, lambda m: None, "500", 1)
    assert made == ["igraph", "networkx", "igraph", "igraph"]
    made.clear()
    row = {"people": 5000, "engines": {}}
    bench._analyse_and_report(row, tmp_path / "a.csv", tmp_path, 500, lambda m: None, "5000", 3)
    assert made == ["igraph"] * 3 and "networkx" not in row["engines"]


def test_the_table_says_how_many_runs_it_holds():
    once = [{"engines": {"igraph": {"analyses": [1, 2, 3]}, "networkx": {"analyses": [9]}}}]
    thrice = [{"engines": {"igraph": {"analyses": [1, 2, 3]}, "networkx": {"analyses": [9, 8, 7]}}}]
    assert "with plain networkx one run" in _runs_said(once)
    assert "igraph and plain networkx in turn" in _runs_said(thrice) and "(plain networkx 3)" in _runs_said(thrice)
    assert "networkx" not in _runs_said([{"engines": {"igraph": {"analyses": [1, 2, 3]}}}])
