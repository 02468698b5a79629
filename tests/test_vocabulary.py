"""The domain's words, scales, groupings and defaults, each owned by one place and used alike
by every analysis, renderer and command. Expected values are those of the documentation
(docs/account-format.md, docs/analyses.md), written out by hand."""

from __future__ import annotations

import datetime as dt
import inspect
import json
import re

import pytest

from powermap.model import RelationType, Stance, Strength
from powermap.model.enums import ChoiceError, parse_choice

from conftest import REPO, make_account

# docs/account-format.md: stance champion +2 .. opponent -2; strength intimate 5 .. outermost 0
STANCE_SCORES = {"champion": 2, "supporter": 1, "neutral": 0, "skeptic": -1, "opponent": -2}
STRENGTH_LEVELS = {"intimate": 5, "close": 4, "ordinary": 3, "colleague": 2, "stranger": 1, "outermost": 0}


# --- stance ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("score", "word"),
    # docs/analyses.md: >= 1.5 champion, >= 0.5 supporter, above -0.5 neutral, above -1.5 skeptic
    [(2, "champion"), (1.5, "champion"), (1.4999, "supporter"), (1, "supporter"), (0.5, "supporter"),
     (0.4999, "neutral"), (0, "neutral"), (-0.4999, "neutral"), (-0.5, "skeptic"), (-1, "skeptic"),
     (-1.4999, "skeptic"), (-1.5, "opponent"), (-2, "opponent"), (None, "unknown")],
)
def test_a_score_reads_as_the_stance_of_the_documented_thresholds(score, word):
    stance = Stance.from_score(score)
    assert isinstance(stance, Stance) and stance.word == word


def test_each_stance_reads_back_from_its_own_score():
    for word, score in STANCE_SCORES.items():
        assert Stance(word).score == score
        assert Stance.from_score(score) is Stance(word)
    assert Stance.UNKNOWN.score is None and Stance.from_score(None) is Stance.UNKNOWN


def test_faction_and_forecast_read_stances_by_the_one_rule():
    """A faction's mean stance is on the -2..2 scale; a forecast opinion on -1..1 (half of it)."""
    from powermap.analysis.factions import stance_word as faction_word
    from powermap.analysis.forecast import stance_word as forecast_word

    for score in (2, 1.5, 1.2, 0.5, 0.3, 0, -0.3, -0.5, -1.2, -1.5, -2):
        assert faction_word(score) == forecast_word(score / 2) == Stance.from_score(score).word


# --- contact strength ----------------------------------------------------------------------------


def test_each_closeness_layer_has_its_documented_level_and_word():
    for word, level in STRENGTH_LEVELS.items():
        assert Strength(word).level == level
        assert Strength.from_level(level) is Strength(word)
        assert Strength.from_level(level).word == word


@pytest.mark.parametrize("level", [-1, 6, None])
def test_a_level_outside_the_six_layers_is_refused(level):
    with pytest.raises(ValueError, match=r"a contact level is 0\.\.5"):
        Strength.from_level(level)


STALE_AT_90 = """\
account: {id: test, name: Test, as_of: 2026-11-15}
team:
  - {id: ann, name: Ann}
stakeholders:
  - {id: fresh, name: Fresh}
  - {id: old, name: Old}
contacts:
  - {member: ann, stakeholder: fresh, strength: intimate, last_contact: 2026-08-17}
  - {member: ann, stakeholder: old, strength: stranger, last_contact: 2026-08-16}
"""


def test_the_path_command_words_contacts_and_judges_90_days_fresh_91_stale(run, tmp_path):
    """2026-08-17 is 90 days before 2026-11-15 (14 + 30 + 31 + 15), 2026-08-16 is 91."""
    path = tmp_path / "account.yaml"
    path.write_text(STALE_AT_90, encoding="utf-8")
    hows = {}
    for target in ("fresh", "old"):
        result = run("path", path, "--to", target, "-f", "json")
        assert result.exit_code == 0, result.output
        hows[target] = [step["how"] for route in json.loads(result.stdout)["routes"] for step in route["steps"]]
    assert hows == {"fresh": ["contact (intimate, 2026-08-17)"], "old": ["contact (stranger, 2026-08-16, stale)"]}


# --- staleness window ------------------------------------------------------------------------------


def test_every_staleness_default_is_the_documented_90_days(run):
    """docs/analyses.md: a contact is stale more than 90 days (``--stale-days``) before as_of."""
    from powermap.analysis.coverage import coverage_gaps
    from powermap.analysis.inside_contacts import inside_contacts
    from powermap.analysis.paths import Router, introduction_paths
    from powermap.analysis.reach import reach_by_person
    from powermap.analysis.risks import ignored_risks
    from powermap.render.map_model import build_map

    for function in (coverage_gaps, inside_contacts, Router, introduction_paths, reach_by_person, ignored_risks, build_map):
        assert inspect.signature(function).parameters["stale_days"].default == 90, function.__name__
    for command in ("report", "map", "path", "plan"):
        result = run(command, "--help")
        assert result.exit_code == 0
        help_text = " ".join(result.stdout.split())
        assert re.search(r"--stale-days INTEGER RANGE .*?\[default: 90; x>=1\]", help_text), command


def test_the_library_defaults_judge_staleness_as_the_command_does():
    from powermap.analysis.graph import build_graph
    from powermap.analysis.reach import reach_by_person

    account = make_account(
        account={"as_of": "2026-11-15"},
        team=[{"id": "ann", "name": "Ann"}],
        stakeholders=[{"id": "fresh", "name": "Fresh"}, {"id": "old", "name": "Old"}],
        contacts=[{"member": "ann", "stakeholder": "fresh", "strength": "close", "last_contact": "2026-08-17"},
                  {"member": "ann", "stakeholder": "old", "strength": "close", "last_contact": "2026-08-16"}],
    )
    reach = reach_by_person(build_graph(account))
    assert (reach["fresh"].stale, reach["old"].stale) == (False, True)
    assert reach["old"].describe(build_graph(account)) == "close contact of Ann, last met 2026-08-16, 91 days ago"
    assert reach["old"].last_contact == dt.date(2026, 8, 16)


# --- relation types ---------------------------------------------------------------------------------


def _values(group) -> set[str]:
    return {kind.value for kind in group}


def test_relation_types_are_grouped_as_the_analyses_document():
    # docs/analyses.md: positive ties are influences, advises, ally, friend, kin, alumni (and
    # the formal line, which is no relation type); rival pushes people apart
    assert _values(RelationType.POSITIVE) == {"influences", "advises", "ally", "friend", "kin", "alumni"}
    assert _values(RelationType.NEGATIVE) == {"rival"}
    assert _values(RelationType.DIRECTED) == {"influences", "advises"}
    assert _values(RelationType.SYMMETRIC) == {"ally", "rival", "friend", "kin", "alumni"}
    # key persons: informal connectedness is the weighted degree on ally, friend, kin and alumni ties
    assert _values(RelationType.PERSONAL) == {"ally", "friend", "kin", "alumni"}
    assert "rival" in RelationType.NEGATIVE and "ally" not in RelationType.NEGATIVE, "a type read from a graph is found"


def test_the_groupings_are_not_relation_types_a_file_may_use():
    assert len(RelationType) == 7
    for word in ("positive", "negative", "directed", "symmetric", "personal"):
        with pytest.raises(ChoiceError):
            parse_choice(RelationType, word)


def test_the_database_walks_the_positive_ties_the_analyses_walk():
    """The Cypher of introduction candidates names relationship types literally (Cypher takes
    no type as a parameter): it must list the schema's positive tie types and nothing else."""
    from powermap.backends.schema import RELATION_TYPES, TIE_TYPES

    assert set(TIE_TYPES) == {"REPORTS_TO", "INFLUENCES", "ADVISES", "ALLY_OF", "FRIEND_OF", "KIN_OF", "ALUMNI_OF"}
    assert set(TIE_TYPES) == {"REPORTS_TO"} | {RELATION_TYPES[kind] for kind in RelationType.POSITIVE}
    cypher = (REPO / "powermap" / "cypher" / "introduction_candidates.cypher").read_text(encoding="utf-8")
    walked = re.search(r"\[:([A-Z_|]+)\*\]", cypher).group(1).split("|")
    assert set(walked) == {"KNOWS", *TIE_TYPES}


# --- redaction ------------------------------------------------------------------------------------


def test_redaction_gives_each_person_the_neutral_id_the_map_looks_up():
    from powermap.redact import redact, redacted_ids

    account = make_account(
        team=[{"id": "ann", "name": "Ann"}, {"id": "bo", "name": "Bo"}],
        stakeholders=[{"id": "wang", "name": "Wang"}, {"id": "li", "name": "Li", "reports_to": "wang"}],
        contacts=[{"member": "bo", "stakeholder": "li", "strength": "close"}],
    )
    assert redacted_ids(account) == {"wang": "p1", "li": "p2", "ann": "t1", "bo": "t2"}
    hidden = redact(account)
    assert [p.id for p in hidden.stakeholders] == ["p1", "p2"] and [m.id for m in hidden.team] == ["t1", "t2"]
    assert hidden.stakeholder("p2").reports_to == "p1"
    assert [(c.member, c.stakeholder) for c in hidden.contacts] == [("t2", "p2")]


def test_a_redacted_map_focuses_on_the_asked_person_under_their_neutral_id(run, tmp_path):
    path = tmp_path / "account.yaml"
    path.write_text(STALE_AT_90, encoding="utf-8")
    target = tmp_path / "shared.html"
    result = run("map", path, "-o", target, "--redact", "--focus", "old", "--path-to", "fresh")
    assert result.exit_code == 0, result.output
    page = target.read_text(encoding="utf-8")
    meta = json.loads(re.search(r'<script[^>]*id="powermap-data"[^>]*>(.*?)</script>', page, re.S).group(1))["meta"]
    assert (meta["focus"], meta["path_to"], meta["redacted"]) == ("p2", "p1", True)
