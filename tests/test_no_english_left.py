"""No English left in a Chinese report: every sentence powermap writes for a reader, on every
example account (Chinese and English alike, read with --lang zh), is Chinese; what stays in Latin
letters is the account's own data (names, titles, departments, factions, notes, ids).

The check takes the report as a reader gets it (Markdown; the human text inside the JSON; the
plan), removes every string the account file holds, and expects no word of Latin letters to be
left. A message without its Chinese text, or a name built in English inside an analysis, fails
it, naming the words left."""

from __future__ import annotations

import json
import re

import pytest

from conftest import EXAMPLES
from powermap.loaders import load

ACCOUNTS = ["kestrel-manufacturing.yaml", "riverside-hospital.yaml", "krackhardt-hightech.yaml", "zachary-karate.yaml",
            "provincial-energy-group.yaml", "kestrel-manufacturing"]
# Human text inside the report JSON (the contract's keys, ids and enumerated values stay English).
_HUMAN = {"reasons", "reason", "message", "action", "why", "evidence", "text", "risks", "name"}
# Latin words that are Chinese usage too: the grade letter, and abbreviations a Chinese text keeps.
_ALLOWED = {"CSV", "JSON", "ERP", "KP"}


def _data(path) -> list[str]:
    account = load(path)
    held = {account.account.id, account.account.name, *(account.account.competitors or ())}
    for person in account.stakeholders:
        held |= {person.id, person.name, person.title or "", person.notes or ""}
    for table in (account.departments, account.factions):
        held |= {entry for record in table for entry in (record.id, record.name)}
    for member in account.team:
        held |= {member.id, member.name, member.role or ""}
    return sorted((value for value in held if value), key=len, reverse=True)


def _left(text: str, data: list[str]) -> list[str]:
    text = re.sub(r"\\(.)", r"\1", text)  # Markdown's escapes
    for value in data:
        text = text.replace(value, " ")
    return sorted({word for word in re.findall(r"[A-Za-z][A-Za-z'\-]+", text) if word not in _ALLOWED})


def _human(node, key=None):
    if isinstance(node, dict):
        for name, value in node.items():
            yield from _human(value, name)
    elif isinstance(node, list):
        for value in node:
            yield from _human(value, key)
    elif isinstance(node, str) and key in _HUMAN:
        yield node


@pytest.mark.parametrize("name", ACCOUNTS)
def test_a_chinese_report_holds_no_english_sentence(run, name):
    path = EXAMPLES / name
    data = _data(path)
    markdown = run("report", path, "-f", "markdown", "--top", "100", "--lang", "zh")
    assert markdown.exit_code == 0, markdown.output
    assert _left(markdown.stdout, data) == []
    report = run("report", path, "-f", "json", "--lang", "zh")
    assert _left("\n".join(_human(json.loads(report.stdout))), data) == []
    plan = run("plan", path, "-f", "markdown", "--lang", "zh")
    assert _left(plan.stdout, data) == []
    someone = load(path).stakeholders[-1].id
    simulated = run("simulate", path, "--set", f"{someone}.stance=supporter", "-f", "markdown", "--lang", "zh")
    assert simulated.exit_code == 0, simulated.output
    assert _left(simulated.stdout, data) == []


def test_the_check_can_fail():
    data = ["Harold Kestrel"]
    assert _left("Harold Kestrel的阵营", data) == []
    assert _left("Camp of Harold Kestrel", data) == ["Camp", "of"]
