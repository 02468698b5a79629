"""`powermap report` and the report API: the JSON contract, formats, determinism, safe writing."""

from __future__ import annotations

import json

import pytest

from powermap.loaders import load
from powermap.report import SECTIONS, analyze

from conftest import EXAMPLES, make_account

CONTRACT = {
    "account": ["id", "name", "grade", "stage", "culture"],
    "key_persons": ["id", "name", "rank", "score", "reasons", "key"],
    "coverage_gaps": ["kind", "subject", "severity", "message"],
    "inside_contacts": ["id", "name", "score", "reasons", "risks"],
    "ignored_risks": ["id", "name", "score", "reasons"],
    "avoid": ["id", "name", "reasons"],
    "power_structure": ["shape", "evidence", "metrics"],
    "factions": ["id", "name", "members", "stance", "detected", "level", "camp"],
    "brokers": ["id", "name", "between", "score", "camps"],
    "recommendations": ["action", "target", "why"],
}
EXAMPLE_FILES = sorted(EXAMPLES.glob("*.yaml"))


@pytest.mark.parametrize("path", EXAMPLE_FILES, ids=lambda p: p.stem)
def test_json_follows_the_contract(run, path):
    result = run("report", path, "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert list(data) == list(CONTRACT)
    assert list(data["account"]) == CONTRACT["account"]
    assert list(data["power_structure"]) == CONTRACT["power_structure"]
    account = load(path)
    people = {person.id for person in account.stakeholders}
    for section in ("key_persons", "coverage_gaps", "inside_contacts", "ignored_risks", "avoid", "factions", "brokers",
                    "recommendations"):
        for item in data[section]:
            assert list(item) == CONTRACT[section], section
            if "score" in item:
                assert 0 <= item["score"] <= 1
            if section in ("key_persons", "inside_contacts", "ignored_risks", "avoid", "brokers"):
                assert item["id"] in people
    # competition ranking: people with the same score share a rank, the next rank counts them
    ranks = [p["rank"] for p in data["key_persons"]]
    scores = [p["score"] for p in data["key_persons"]]
    assert ranks[0] == 1 and scores == sorted(scores, reverse=True)
    for place, (rank, score) in enumerate(zip(ranks, scores), 1):
        first = scores.index(score) + 1
        assert rank == first, (place, rank, first)
    assert {kind for gap in data["coverage_gaps"] for kind in [gap["kind"]]} <= {
        "role", "department", "faction", "key_person", "single_threaded", "stale_contact", "unknown_stance"
    }
    assert data["power_structure"]["shape"] in {"centralized", "decentralized", "skewed", "equal", "contribution"}
    for faction in data["factions"]:
        assert set(faction["members"]) <= people


def test_the_same_input_gives_byte_identical_json(run):
    path = EXAMPLES / "riverside-hospital.yaml"
    first = run("report", path, "-f", "json").stdout_bytes
    second = run("report", path, "-f", "json").stdout_bytes
    assert first == second


def test_the_four_forms_of_an_account_give_the_same_report(run):
    outputs = {run("report", EXAMPLES / name, "-f", "json").stdout for name in
               ("kestrel-manufacturing.yaml", "kestrel-manufacturing.json", "kestrel-manufacturing.xlsx", "kestrel-manufacturing")}
    assert len(outputs) == 1


def test_top_limits_the_ranked_lists(run):
    data = json.loads(run("report", EXAMPLES / "provincial-energy-group.yaml", "-f", "json", "--top", "3").stdout)
    assert len(data["key_persons"]) == 3
    assert len(data["inside_contacts"]) <= 3 and len(data["ignored_risks"]) <= 3 and len(data["brokers"]) <= 3


def test_stage_overrides_the_account_and_takes_chinese(run):
    path = EXAMPLES / "kestrel-manufacturing.yaml"
    english = json.loads(run("report", path, "-f", "json", "--stage", "bidding").stdout)
    chinese = json.loads(run("report", path, "-f", "json", "--stage", "投标").stdout)
    assert english == chinese and english["account"]["stage"] == "bidding"
    bad = run("report", path, "--stage", "pitching")
    assert bad.exit_code == 2 and "expected one of development, entry" in bad.stderr


def test_as_of_moves_staleness(run):
    path = EXAMPLES / "kestrel-manufacturing.yaml"
    now = json.loads(run("report", path, "-f", "json").stdout)
    later = json.loads(run("report", path, "-f", "json", "--as-of", "2027-06-01").stdout)

    def harold(report):  # Gordon's weak contact with Harold, met 2026-10-08: its gap says how long ago once stale
        return next(gap["message"] for gap in report["coverage_gaps"]
                    if gap["kind"] == "key_person" and gap["subject"] == "harold_kestrel")

    assert harold(now).endswith("(stranger contact of Gordon Hale, last met 2026-10-08)")
    assert harold(later).endswith("(stranger contact of Gordon Hale, last met 2026-10-08, 236 days ago)")
    stale = [gap for gap in later["coverage_gaps"] if gap["kind"] == "stale_contact"]
    assert len(stale) > len([gap for gap in now["coverage_gaps"] if gap["kind"] == "stale_contact"])
    assert run("report", path, "--as-of", "June").exit_code == 2


@pytest.mark.parametrize("form, heading", [("markdown", "## Key persons"), ("table", "Key persons")])
def test_text_formats(run, form, heading):
    result = run("report", EXAMPLES / "riverside-hospital.yaml", "-f", form)
    assert result.exit_code == 0
    assert heading in result.stdout
    assert "\x1b[" not in result.stdout, "no colour codes when not writing to a terminal"


def test_output_is_written_atomically_and_never_over_the_input(run, tmp_path):
    source = tmp_path / "account.yaml"
    source.write_bytes((EXAMPLES / "zachary-karate.yaml").read_bytes())
    target = tmp_path / "report.md"
    result = run("report", source, "-f", "markdown", "-o", target)
    assert result.exit_code == 0 and result.stdout == ""
    assert target.read_text(encoding="utf-8").startswith("# Power map: Zachary's karate club (1977)")
    result = run("report", source, "-f", "markdown", "-o", source)
    assert result.exit_code == 3
    assert result.stderr == f"{source}: refusing to write over the input; choose another output\n"
    assert source.read_bytes() == (EXAMPLES / "zachary-karate.yaml").read_bytes()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["account.yaml", "report.md"]


def test_csv_writes_one_table_per_section(run, tmp_path):
    folder = tmp_path / "report"
    result = run("report", EXAMPLES / "kestrel-manufacturing.yaml", "-f", "csv", "-o", folder)
    assert result.exit_code == 0, result.output
    assert sorted(p.stem for p in folder.iterdir() if p.name != ".powermap-output") == sorted(SECTIONS)
    marker = (folder / ".powermap-output").read_text(encoding="utf-8").splitlines()
    assert marker[1:] == sorted(f"{section}.csv" for section in SECTIONS)  # what powermap may replace
    header = (folder / "key_persons.csv").read_text(encoding="utf-8-sig").splitlines()[0]
    assert header == "id,name,rank,score,reasons,key"
    assert run("report", EXAMPLES / "kestrel-manufacturing.yaml", "-f", "csv").exit_code == 3


def test_invalid_input_writes_no_report(run, tmp_path):
    from conftest import INVALID

    target = tmp_path / "out.json"
    result = run("report", INVALID / "unknown-department.yaml", "-f", "json", "-o", target)
    assert result.exit_code == 1 and not target.exists()


def test_html_in_the_account_is_escaped_in_markdown():
    payload = "<script>alert(1)</script>"
    account = make_account(
        account={"name": f"Evil {payload} | co"},
        stakeholders=[{"id": "x", "name": "<img src=x onerror=alert(1)>", "roles": ["decision_maker"], "notes": payload}],
    )
    from powermap.render.markdown import render_markdown

    text = render_markdown(analyze(account))
    assert "<script>" not in text and "<img" not in text
    assert "&lt;script&gt;" in text and "Evil &lt;script&gt;alert(1)&lt;/script&gt; \\| co" in text


def test_the_api_gives_frames_and_dicts():
    report = analyze(load(EXAMPLES / "kestrel-manufacturing.yaml"), top=5)
    frames = report.to_frames()
    assert list(frames) == list(SECTIONS)
    assert list(frames["key_persons"].columns) == CONTRACT["key_persons"]
    assert len(frames["key_persons"]) == 5
    assert report.to_dict()["key_persons"][0]["id"] == "harold_kestrel"


def test_no_analysis_changes_the_graph():
    import copy

    from powermap.analysis.brokers import brokers
    from powermap.analysis.coverage import coverage_gaps
    from powermap.analysis.factions import factions
    from powermap.analysis.graph import build_graph
    from powermap.analysis.inside_contacts import inside_contacts
    from powermap.analysis.key_persons import key_persons
    from powermap.analysis.paths import introduction_paths
    from powermap.analysis.power_structure import power_structure
    from powermap.analysis.risks import ignored_risks

    graph = build_graph(load(EXAMPLES / "provincial-energy-group.yaml"))

    def snapshot():
        return copy.deepcopy((list(graph.nodes(data=True)), list(graph.edges(keys=True, data=True)), dict(graph.graph)))

    before = snapshot()
    for analysis in (key_persons, coverage_gaps, inside_contacts, ignored_risks, power_structure, factions, brokers):
        analysis(graph)
    introduction_paths(graph, "qian-zgs")
    assert snapshot() == before


def test_report_json_is_the_standard_librarys_indented_json(run, tmp_path):
    """The report's JSON text is exactly what ``json.dumps(indent=2, ensure_ascii=False)``
    writes for the same data (the renderer builds it itself, for speed), in both languages."""
    from powermap.render.json_report import _dumps

    for lang in ("en", "zh"):
        written = tmp_path / f"report-{lang}.json"
        result = run("report", str(EXAMPLES / "provincial-energy-group.yaml"), "-f", "json", "--lang", lang, "-o", str(written))
        assert result.exit_code == 0, result.output
        text = written.read_text(encoding="utf-8")
        assert text == json.dumps(json.loads(text), ensure_ascii=False, indent=2) + "\n"
    odd = {"nan": float("nan"), "inf": [float("inf"), -float("inf")], "zero": -0.0, "empty": [[], {}], "quote": "\"\\\u2028中",
           1: "a key that is not text"}
    assert _dumps(odd) == json.dumps(odd, ensure_ascii=False, indent=2)


@pytest.mark.parametrize("path", EXAMPLE_FILES, ids=lambda p: p.stem)
@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("top", [None, 2])
def test_report_json_text_is_json_dumps_of_the_contract(path, lang, top):
    """The renderer writes the key persons, the ignored risks and the brokers straight from
    their items and the other sections piece by piece: the text must be
    ``json.dumps(indent=2)`` of ``to_dict()``, translated."""
    from powermap.i18n import translated
    from powermap.render.json_report import render_json

    report = analyze(load(path), top=top)
    expected = json.dumps(translated(report.to_dict(), lang), ensure_ascii=False, indent=2) + "\n"
    assert render_json(report, lang) == expected


def test_report_json_text_of_a_big_generated_account():
    import sys

    from conftest import REPO
    from powermap.i18n import translated
    from powermap.render.json_report import render_json

    if str(REPO) not in sys.path:
        sys.path.insert(0, str(REPO))
    from benchmarks.generate import generate_account

    report = analyze(generate_account(800, seed=2, shape="many-small"))
    for lang in ("en", "zh"):
        expected = json.dumps(translated(report.to_dict(), lang), ensure_ascii=False, indent=2) + "\n"
        assert render_json(report, lang) == expected


def test_a_big_report_reads_the_factions_and_brokers_when_first_asked():
    """From ALONGSIDE_FROM people the factions and the brokers run in forked processes, and the
    report does not wait for them: it reads them when a renderer first asks (after writing the
    sections before them). The text is the one of a report whose every answer was computed in
    this process, first."""
    import sys

    from conftest import REPO
    from powermap.alongside import ALONGSIDE_FROM, can_fork
    from powermap.analysis.account_analysis import Analysis
    from powermap.render.json_report import render_json

    if str(REPO) not in sys.path:
        sys.path.insert(0, str(REPO))
    from benchmarks.generate import generate_account

    account = generate_account(ALONGSIDE_FROM + 100, seed=4)
    waiting = Analysis(account)
    report = waiting.report()
    if can_fork():
        assert {"factions", "brokers"} <= set(waiting._alongside)  # started, not yet read
    here = Analysis(account)
    here.factions, here.brokers  # computed in this process, before the report
    assert not here._alongside
    for lang in ("en", "zh"):
        assert render_json(report, lang) == render_json(here.report(), lang)
    assert not waiting._alongside  # read (and their processes ended) by the first rendering


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_report_json_rows_leave_a_list_that_is_not_one_to_json_dumps(lang):
    """A row whose list of texts is missing is not written as an empty list: the row writer
    gives it up to json.dumps (which says what is wrong with it)."""
    from types import SimpleNamespace

    from powermap.render.json_report import _FLAT, _flat_rows, _Unusual

    row = SimpleNamespace(id="a", name="A", rank=1, score=0.5, reasons=None, key=True)
    with pytest.raises(_Unusual):
        _flat_rows([row], _FLAT["key_persons"], lang, [])
    out: list[str] = []
    _flat_rows([SimpleNamespace(id="a", name="A", rank=1, score=0.5, reasons=(), key=True)], _FLAT["key_persons"], lang, out)
    assert json.loads("".join(out)) == [{"id": "a", "name": "A", "rank": 1, "score": 0.5, "reasons": [], "key": True}]


@pytest.mark.parametrize("field, value, written", [
    ("reasons", (0.123456,), '"reasons": [\n        0.1235\n      ]'),  # a reason that is not text
    ("name", None, '"name": null'),  # a name that is not text
    ("key", 1, '"key": 1'),  # a yes/no that is a number
    ("score", "high", '"score": "high"'),  # a score that is text
])
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_report_json_falls_back_to_json_dumps_for_odd_values(field, value, written, lang):
    """A value of a kind the report never holds (a caller's own report object) is left to json.dumps."""
    from dataclasses import replace

    from powermap.i18n import translated
    from powermap.render.json_report import render_json

    report = analyze(load(EXAMPLES / "kestrel-manufacturing.yaml"))
    first, second = report.key_persons.ranked[:2]
    odd = replace(report, key_persons=replace(report.key_persons, ranked=(second, replace(first, **{field: value}))))
    expected = json.dumps(translated(odd.to_dict(), lang), ensure_ascii=False, indent=2) + "\n"
    assert render_json(odd, lang) == expected
    assert written in render_json(odd, lang)


def test_a_json_report_that_fails_while_it_is_written_leaves_the_old_file(tmp_path):
    """The JSON file is written as its sections are made (the later ones may wait for analyses
    run alongside): if making one fails, the file that was there stays, whole, and no part of
    the new one is left beside it."""
    from dataclasses import replace

    from powermap.render.report import write_report

    report = analyze(load(EXAMPLES / "kestrel-manufacturing.yaml"))
    target = tmp_path / "report.json"
    target.write_text("the report of last week\n", encoding="utf-8")

    class Failing(RuntimeError):
        pass

    class Broken(type(report)):
        def rows(self, name):
            if name == "brokers":  # after most of the text has been written
                raise Failing("the brokers could not be worked out")
            return super().rows(name)

    broken = Broken(**{field: getattr(report, field) for field in report.__dataclass_fields__})
    with pytest.raises(Failing):
        write_report(broken, "json", target)
    assert target.read_text(encoding="utf-8") == "the report of last week\n"
    assert [path.name for path in tmp_path.iterdir()] == ["report.json"]
    write_report(replace(report), "json", target)
    assert json.loads(target.read_text(encoding="utf-8"))["brokers"] == report.to_dict()["brokers"]
