"""Bounded work and memory on any input: capped issues and a "did you mean" that stays quick.

How long the hostile inputs take at full size is measured by a benchmark, not here.
"""

from __future__ import annotations

import difflib
import json
import random
import re

import pytest

from powermap.errors import MAX_ISSUES, MAX_LINE, AccountError
from powermap.loaders import load
from powermap.model.integrity import NameIndex


def _yaml_account(path, people: int, *, extra: str = "", reports_to=None):
    """An account of ``people`` people p0, p1, ... with one long note each, as YAML."""
    lines = ["account: {id: acme, name: Acme, stage: proposal, culture: centralized}", "stakeholders:"]
    for number in range(people):
        boss = reports_to(number) if reports_to else None
        lines.append(f"  - {{id: p{number}, name: Person {number}, department: it"
                     + (f", reports_to: {boss}" if boss else "") + f"{extra}}}")
    lines += ["departments:", "  - {id: it, name: IT}"]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


# -- capped errors and warnings --------------------------------------------------------------


def test_errors_past_the_cap_are_one_line_with_their_count(run, tmp_path):
    # 260 people reporting to people who are not in the file: 260 errors, 200 printed
    account = _yaml_account(tmp_path / "a.yaml", 260, reports_to=lambda number: f"gone{number}")
    result = run("check", account)
    assert result.exit_code == 1
    lines = result.stderr.splitlines()
    assert len(lines) == MAX_ISSUES + 1 == 201
    assert lines[0] == f"{account}:3: stakeholders[p0].reports_to: unknown stakeholder 'gone0'"
    assert lines[199] == f"{account}:202: stakeholders[p199].reports_to: unknown stakeholder 'gone199'"
    assert lines[-1] == f"{account}: ... and 60 more errors (fix these first)"
    assert result.stdout == f"{account}: 260 errors; not loaded\n"

    # every command that loads the file says the same; so does the library
    report = run("report", account)
    assert report.exit_code == 1 and report.stderr.splitlines() == lines
    with pytest.raises(AccountError) as caught:
        load(account)
    assert caught.value.lines() == lines and caught.value.total == 260


def test_warnings_past_the_cap_are_one_line_with_their_count(run, tmp_path):
    lines = ["account: {id: acme, name: Acme, stage: proposal, culture: centralized}", "stakeholders:"]
    lines += [f"  - {{id: p{number}, name: Person {number}, roles: [decision_maker, funder, procurement, user, "
              f"evaluator, spec_setter]}}" for number in range(230)]
    account = tmp_path / "a.yaml"
    account.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = run("check", account)
    assert result.exit_code == 0
    printed = result.stderr.splitlines()
    assert printed[0] == f"{account}:3: stakeholders[p0]: warning: no department: this person counts toward no department's coverage"
    assert len(printed) == 201 and printed[-1] == f"{account}: ... and 30 more warnings"
    assert result.stdout.splitlines()[1].endswith("; 230 warnings")
    assert run("check", "--strict", account).exit_code == 1


def test_duplicate_rows_of_a_csv_are_counted_not_kept(run, tmp_path):
    folder = tmp_path / "acme"
    folder.mkdir()
    (folder / "account.csv").write_text("id,name\nacme,Acme\n", encoding="utf-8")
    (folder / "stakeholders.csv").write_text("id,name\n" + "wang,Wang Wei\n" * 5000, encoding="utf-8")
    result = run("check", folder)
    lines = result.stderr.splitlines()
    assert lines[0] == f"{folder / 'stakeholders.csv'}:row 3: id: duplicate id 'wang' (first at row 2)"
    assert lines[199] == f"{folder / 'stakeholders.csv'}:row 202: id: duplicate id 'wang' (first at row 2)"
    assert lines[200:] == [f"{folder}: ... and 4,799 more errors (fix these first)"]
    assert result.stdout == f"{folder}: 4999 errors; not loaded\n"


def test_reading_rows_stops_once_their_problems_are_past_the_cap(run, tmp_path):
    folder = tmp_path / "acme"
    folder.mkdir()
    (folder / "account.csv").write_text("id,name\nacme,Acme\n", encoding="utf-8")
    # every row has a value more than the header names (an unquoted comma)
    (folder / "stakeholders.csv").write_text("id,name\n" + "".join(f"p{n},Wang, Wei\n" for n in range(100_000)),
                                             encoding="utf-8")
    result = run("check", folder)
    lines = result.stderr.splitlines()
    where = folder / "stakeholders.csv"
    assert lines[0] == f"{where}:row 2: 3 values but the header names 2 columns (quote values that contain commas)"
    assert len(lines) == 201
    assert lines[-1] == f"{folder}: ... and more errors: reading stopped at {where}:row 202 (fix these first)"
    assert result.stdout == f"{folder}: more than 200 errors; not loaded\n"


def test_a_huge_value_in_a_message_is_cut_to_one_readable_line(run, tmp_path):
    account = tmp_path / "a.json"
    name = "x" * 50_000
    account.write_text(json.dumps({"account": {"id": "acme", "name": "Acme", name: 1}}), encoding="utf-8")
    result = run("check", account)
    line = result.stderr.rstrip("\n")
    assert "\n" not in line and len(line) <= MAX_LINE
    assert line.startswith(f"{account}:1: account.xxxx")
    assert re.search(r"\.\.\. \([\d,]+ more characters\)$", line)


# -- "did you mean" ---------------------------------------------------------------------------


def _difflib_answer(value, names):
    close = difflib.get_close_matches(value, names, n=1, cutoff=0.6)
    return close[0] if close else None


@pytest.mark.parametrize("seed", range(4))
def test_the_index_answers_as_difflib_does(seed):
    """Over many names the index must give difflib's own answer (highest ratio, then the
    greatest name), for typing errors, ids of other forms and names that match nothing."""
    rng = random.Random(seed)
    shapes = [lambda n: f"p{n:05d}", lambda n: f"{rng.choice(['wang', 'li', 'zhang', 'chen'])}_{n}",
              lambda n: rng.choice(["王", "李", "张"]) + str(n), lambda n: "".join(rng.choices("abcdef", k=rng.randint(2, 9)))]
    names = sorted({rng.choice(shapes)(number) for number in range(rng.randint(100, 1500))})
    index = NameIndex(names)
    values = []
    for _ in range(150):
        word = list(rng.choice(names))
        for _ in range(rng.randint(1, 3)):
            spot = rng.randrange(len(word) + 1)
            change = rng.randrange(3)
            if change == 0 and spot < len(word):
                word[spot] = rng.choice("0123456789abcxyz_王")
            elif change == 1 and spot < len(word) and len(word) > 1:
                del word[spot]
            else:
                word.insert(spot, rng.choice("0123456789abcxyz"))
        values.append("".join(word))
    values += ["", "zzzzzzzz", "p", "completely-unrelated-name"]
    assert [index.closest(value) for value in values] == [_difflib_answer(value, names) for value in values]


def test_a_big_account_gets_suggestions_too(run, tmp_path):
    """Above 5,000 people there were no suggestions (difflib was too slow); now there are,
    difflib's own."""
    people = 6000
    account = _yaml_account(tmp_path / "a.yaml", people, reports_to=lambda n: {10: "p1234x", 20: "p59999"}.get(n))
    result = run("check", account)
    names = [f"p{number}" for number in range(people)]
    expected = [f"{account}:{3 + n}: stakeholders[p{n}].reports_to: unknown stakeholder '{value}'; did you mean "
                f"'{_difflib_answer(value, names)}'?" for n, value in ((10, "p1234x"), (20, "p59999"))]
    assert result.stderr.splitlines() == expected
