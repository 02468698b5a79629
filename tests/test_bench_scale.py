"""The scale benchmark's choice of the igraph analysis run it reports."""

from benchmarks.bench_scale import _median_run


def test_the_run_of_median_time_is_kept_with_its_own_steps():
    runs = [{"analysis": 5.0, "steps": {"graph": 0.5}}, {"analysis": 3.0, "steps": {"graph": 0.3}},
            {"analysis": 4.0, "steps": {"graph": 0.4}}]
    kept = _median_run(runs)
    assert kept["analysis"] == 4.0 and kept["steps"] == {"graph": 0.4}  # the middle run's steps, not another's
    assert kept["analyses"] == [5.0, 3.0, 4.0]  # every run, in the order run


def test_an_even_number_of_runs_keeps_the_lower_middle_and_one_run_itself():
    assert _median_run([{"analysis": 5.0}, {"analysis": 3.0}])["analysis"] == 3.0
    assert _median_run([{"analysis": 7.0}]) == {"analysis": 7.0, "analyses": [7.0]}
