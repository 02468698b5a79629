"""Words that mean two things, and peers who decide together: one small account each.

- **Message context.** "champion" is a buying role (促进者, the seeds' 促进的人: the one who
  pushes the purchase inside) and a stance toward us (坚定支持者). A senior radiographer who
  pushes the purchase and supports us reads "使用者和促进者", never "坚定支持者"; the faction
  she and her champion boss form is "坚定支持者" on the whole.
- **Equal power.** Three co-equal managing directors who decide together are an equal
  structure (平权式), not several independent centres; three business-unit heads who each run
  their own line, with different weight, stay decentralized (分权式).
"""

from __future__ import annotations

import json

import pytest

from powermap.analysis.account_analysis import Analysis
from powermap.analysis.key_persons import ROLE_WORDS
from powermap.loaders import load
from powermap.model import Role
from powermap.model.enums import WORD_CONTEXTS, shared_words

from conftest import account_file

CLINIC = """
account: {id: clinic, name: Lakeside Clinic imaging, stage: proposal, as_of: 2026-11-15}
departments:
  - {id: rad, name: Radiology, kind: user}
team:
  - {id: ann, name: Ann Lee, role: account manager}
factions:
  - {id: modern, name: Modernisers, leader: hugo}
stakeholders:
  - {id: hugo, name: Hugo Stein, title: Head of Radiology, department: rad, roles: [decision_maker], stance: champion, faction: modern, power: {position: 3}}
  - {id: mia, name: Mia Lund, title: Senior Radiographer, department: rad, reports_to: hugo, roles: [促进的人, user], stance: supporter, faction: modern}
contacts:
  - {member: ann, stakeholder: hugo, strength: close, last_contact: 2026-11-01}
  - {member: ann, stakeholder: mia, strength: close, last_contact: 2026-11-01}
"""


@pytest.fixture
def account(tmp_path):
    def write(text: str, name: str = "account.yaml"):
        return account_file(tmp_path, text.lstrip(), name)

    return write


def report(run, path, *options) -> dict:
    result = run("report", path, "-f", "json", *options)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


# --- 1. one English word, two meanings: the role and the stance "champion" ----------------------


def test_the_role_champion_reads_as_promoter_and_the_stance_as_champion(run, account):
    """Mia pushes the purchase (the seeds' 促进的人) and uses the system; her stance toward us is
    supporter. Her reason names her roles: in Chinese 使用者和促进者. Her boss Hugo is our
    champion (the stance): the faction they form is a champion on the whole, 坚定支持者."""
    path = account(CLINIC)
    data = report(run, path)
    assert [(p["id"], p["reasons"]) for p in data["key_persons"]] == [
        ("hugo", ["decision maker", "top of the reporting line (1 person below)",
                  "the most influential: 1 person defers to them", "strong position power"]),
        ("mia", ["user and champion"]),
    ]
    analysis = Analysis(load(path))
    mia = analysis.key_persons.ranked[1]
    assert [reason.text("zh") for reason in mia.reasons] == ["使用者和促进者"]
    modernisers = analysis.factions.factions[0]
    assert modernisers.reasons[1] == "champion on the whole: the stance of 2 of its 2 members is known"
    assert modernisers.reasons[1].text("zh") == "整体上是坚定支持者：2名成员中2人态度已知"


def test_every_word_two_enumerations_share_is_said_in_the_roles_context():
    """The words the buying roles share with another enumeration (the stance "champion", the
    department kinds "user" and "procurement") are said in the context "buying role", and read
    as the role in Chinese."""
    shared = {word: {type(member).__name__ for member in members} for word, members in shared_words().items()}
    assert shared == {"champion": {"Role", "Stance"}, "knowledge": {"PowerSource", "Network"},
                      "procurement": {"Role", "DepartmentKind"}, "user": {"Role", "DepartmentKind"}}
    assert WORD_CONTEXTS[Role] == "buying role"
    role_words = {word: ROLE_WORDS[Role(word)] for word in ("champion", "user", "procurement")}
    assert {word: said.context for word, said in role_words.items()} == dict.fromkeys(role_words, "buying role")
    assert {word: said.text("zh") for word, said in role_words.items()} == {
        "champion": "促进者", "user": "使用者", "procurement": "采购者"}
