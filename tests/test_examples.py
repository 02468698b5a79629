"""The example accounts: each tells its story, and the real-data ones match their datasets."""

import subprocess
import sys

import pytest

from powermap.loaders import load
from powermap.model import Status

from conftest import DATASETS, EXAMPLES, REPO

INVENTED = ["provincial-energy-group.yaml", "riverside-hospital.yaml", "kestrel-manufacturing.yaml"]


@pytest.mark.parametrize("name", INVENTED)
def test_invented_examples_are_realistic_and_exercise_every_status(name):
    account = load(EXAMPLES / name)
    assert 15 <= len(account.stakeholders) <= 60
    assert {person.status for person in account.stakeholders} == set(Status)
    assert account.account.as_of is not None, "a fixed as_of keeps staleness reproducible"
    text = (EXAMPLES / name).read_text(encoding="utf-8")
    assert text.startswith("# Story") and "# Expected findings" in text


@pytest.mark.skipif(not DATASETS.is_dir(), reason="the shared datasets are not beside the repository")
def test_the_dataset_examples_are_what_the_conversion_script_writes(tmp_path):
    subprocess.run(
        [sys.executable, str(EXAMPLES / "datasets" / "convert.py"), "--datasets", str(DATASETS), "--out", str(tmp_path)],
        check=True, capture_output=True, cwd=REPO,
    )
    for name in ("krackhardt-hightech.yaml", "zachary-karate.yaml"):
        assert (tmp_path / name).read_text(encoding="utf-8") == (EXAMPLES / name).read_text(encoding="utf-8")


def test_krackhardt_keeps_the_published_structure():
    account = load(EXAMPLES / "krackhardt-hightech.yaml")
    advice = [r for r in account.relations if r.type == "advises"]
    assert len(advice) == 190  # Krackhardt (1987): 190 advice ties
    assert [p.id for p in account.stakeholders if p.reports_to is None] == ["7"]
    assert sorted(p.id for p in account.direct_reports("7")) == ["14", "18", "2", "21"]
    sought = {}
    for relation in advice:  # "source advises target": the source is the one sought
        sought[relation.source] = sought.get(relation.source, 0) + 1
    assert max(sought, key=sought.get) == "2" and sought["2"] == 18


def test_zachary_keeps_every_tie_and_its_weight():
    account = load(EXAMPLES / "zachary-karate.yaml")
    assert len(account.stakeholders) == 34 and len(account.relations) == 78
    assert max(r.weight for r in account.relations) == 1.0
