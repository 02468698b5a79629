"""Bounded work on any input: a "did you mean" that stays quick on big accounts."""

from __future__ import annotations

import difflib
import random

import pytest

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
