"""Property-based tests: no input, however odd, makes a loader fail with anything but a located error."""

from __future__ import annotations

import string

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from powermap.errors import AccountError
from powermap.loaders import read_account
from powermap.loaders.build import build_account
from powermap.loaders.source import TreeSource
from powermap.model import TABLES, AccountMap, Power

SETTINGS = settings(max_examples=int(__import__("os").environ.get("POWERMAP_HYPOTHESIS_EXAMPLES", "150")), deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-10**12, max_value=10**12),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=20),
    st.sampled_from(["", " ", "supporter", "决策者", "2026-11-02", "2026-02-30", "-1", "3", "wang", "it", "a;b"]),
)
structures = st.recursive(
    scalars,
    lambda children: st.one_of(
        st.lists(children, max_size=4),
        st.dictionaries(st.text(max_size=8) | st.sampled_from(list(Power.model_fields) + ["id", "name"]), children, max_size=4),
    ),
    max_leaves=25,
)
field_names = st.sampled_from(
    sorted({name for model in TABLES.values() for name in model.model_fields} | {"power", "bogus"})
)
records = st.dictionaries(field_names, structures, max_size=8)
documents = st.fixed_dictionaries(
    {},
    optional={
        "account": st.one_of(records, st.fixed_dictionaries({"id": st.just("demo"), "name": st.just("Demo")})),
        **{name: st.one_of(st.lists(records, max_size=4), structures) for name in TABLES if name != "account"},
    },
)


def _loads_or_reports(path) -> None:
    try:
        account = read_account(path).account
    except AccountError as error:
        assert error.issues, "an AccountError always carries its issues"
        for line in error.lines():
            assert "\n" not in line and line.startswith(str(path))
    else:
        assert isinstance(account, AccountMap)


@SETTINGS
@given(doc=st.one_of(documents, structures))
def test_any_structure_builds_or_reports_located_issues(doc):
    try:
        build_account(doc, TreeSource("doc.yaml", None))
    except AccountError as error:
        assert all(str(issue).startswith("doc.yaml") for issue in error.issues)


@SETTINGS
@given(text=st.text(max_size=300), ending=st.sampled_from([".yaml", ".json"]))
def test_any_text(tmp_path_factory, text, ending):
    path = tmp_path_factory.mktemp("text") / f"account{ending}"
    path.write_text(text, encoding="utf-8")
    _loads_or_reports(path)


yaml_like = st.lists(
    st.sampled_from(
        ["account:", "  id: demo", "  name: x", "stakeholders:", "  - id: a", "    name: b", "  - {id: a}",
         "&x [1, 2]", "*x", "<<: *x", "- ", ": ", "{", "}", "[", "]", "'", '"', "#", "\t", "!!python/object:os.system", "~"]
    ),
    max_size=25,
).map("\n".join)


@SETTINGS
@given(text=yaml_like)
def test_yaml_shaped_text(tmp_path_factory, text):
    path = tmp_path_factory.mktemp("yaml") / "account.yaml"
    path.write_text(text, encoding="utf-8")
    _loads_or_reports(path)


@SETTINGS
@given(data=st.binary(max_size=200), ending=st.sampled_from([".yaml", ".json", ".xlsx"]))
def test_any_bytes(tmp_path_factory, data, ending):
    path = tmp_path_factory.mktemp("bytes") / f"account{ending}"
    path.write_bytes(data)
    _loads_or_reports(path)


@SETTINGS
@given(doc=documents)
def test_any_structure_as_json(tmp_path_factory, doc):
    import json

    path = tmp_path_factory.mktemp("json") / "account.json"
    path.write_text(json.dumps(doc, allow_nan=True), encoding="utf-8")
    _loads_or_reports(path)


csv_cells = st.text(alphabet=string.printable + "王伟，；", max_size=12)


@SETTINGS
@given(
    stakeholders=st.lists(st.lists(csv_cells, max_size=6), max_size=6),
    header=st.lists(st.sampled_from(["id", "name", "stance", "power.position", "roles", "bogus", "", "id"]), max_size=6),
)
def test_any_csv_tables(tmp_path_factory, stakeholders, header):
    import csv

    folder = tmp_path_factory.mktemp("csv")
    (folder / "account.csv").write_text("id,name\ndemo,Demo\n", encoding="utf-8")
    with open(folder / "stakeholders.csv", "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(stakeholders)
    _loads_or_reports(folder)
