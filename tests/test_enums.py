"""Enumerated values: canonical names, Chinese aliases, numbers, and the error text."""

import pytest

from powermap.model.enums import (
    ChoiceError,
    Culture,
    Role,
    Stage,
    Stance,
    Strength,
    RelationType,
    DepartmentKind,
    Circle,
    Status,
    Network,
    PowerSource,
    Grade,
    parse_choice,
    parse_level,
    KEY_ROLES,
)


@pytest.mark.parametrize(
    "enum, text, expected",
    [
        (Role, "决策者", Role.DECISION_MAKER),
        (Role, "决策的人", Role.DECISION_MAKER),
        (Role, "出资者", Role.FUNDER),
        (Role, "付钱的人", Role.FUNDER),
        (Role, "采购者", Role.PROCUREMENT),
        (Role, "采购的人", Role.PROCUREMENT),
        (Role, "使用者", Role.USER),
        (Role, "使用的人", Role.USER),
        (Role, "受益的人", Role.BENEFICIARY),
        (Role, "定标的人", Role.SPEC_SETTER),
        (Role, "促进的人", Role.CHAMPION),
        (Role, "刺激的人", Role.TRIGGER),
        (Role, "发起人", Role.TRIGGER),
        (Role, "破坏的人", Role.SABOTEUR),
        (Role, "评价者", Role.EVALUATOR),
        (Role, "影响者", Role.INFLUENCER),
        (Role, "信息源", Role.INFORMATION_SOURCE),
        (Role, "内线", Role.INFORMATION_SOURCE),
        (Stance, "支持者", Stance.SUPPORTER),
        (Stance, "中立", Stance.NEUTRAL),
        (Stance, "反对者", Stance.OPPONENT),
        (Stance, "未知", Stance.UNKNOWN),
        (Strength, "至爱层", Strength.INTIMATE),
        (Strength, "亲密层", Strength.CLOSE),
        (Strength, "普通层", Strength.ORDINARY),
        (Strength, "同事层", Strength.COLLEAGUE),
        (Strength, "陌生层", Strength.STRANGER),
        (Strength, "最外层", Strength.OUTERMOST),
        (Culture, "集权", Culture.CENTRALIZED),
        (Culture, "授权", Culture.DELEGATED),
        (Circle, "内圈", Circle.INNER),
        (Circle, "边圈", Circle.EDGE),
        (Circle, "外圈", Circle.OUTER),
        (Stage, "商务谈判", Stage.NEGOTIATION),
        (Status, "离职", Status.LEFT),
        (RelationType, "对手", RelationType.RIVAL),
        (Network, "政治", Network.POLITICAL),
        (DepartmentKind, "决策层", DepartmentKind.LEADERSHIP),
        (PowerSource, "分配权力", PowerSource.ALLOCATION),
    ],
)
def test_chinese_aliases_of_the_contract(enum, text, expected):
    assert parse_choice(enum, text) is expected


@pytest.mark.parametrize(
    "text", ["decision_maker", "Decision Maker", "decision-maker", " DECISION_MAKER "]
)
def test_english_spellings_normalise(text):
    assert parse_choice(Role, text) is Role.DECISION_MAKER


@pytest.mark.parametrize(
    "value, expected",
    [(2, Stance.CHAMPION), (1, Stance.SUPPORTER), ("0", Stance.NEUTRAL), (-1, Stance.SKEPTIC), ("-2", Stance.OPPONENT), (1.0, Stance.SUPPORTER), ("+1", Stance.SUPPORTER)],
)
def test_stance_numbers(value, expected):
    assert parse_choice(Stance, value) is expected


@pytest.mark.parametrize("value, level", [(5, 5), ("4", 4), (0, 0), (3.0, 3)])
def test_strength_numbers(value, level):
    assert parse_choice(Strength, value).level == level


def test_scores_and_levels():
    assert [stance.score for stance in Stance] == [2, 1, 0, -1, -2, None]
    assert [strength.level for strength in Strength] == [5, 4, 3, 2, 1, 0]


@pytest.mark.parametrize("value", [3, -3, True, 1.5, "supporterish", None, ["supporter"]])
def test_stance_refuses_what_is_not_a_stance(value):
    with pytest.raises(ChoiceError) as caught:
        parse_choice(Stance, value)
    assert str(caught.value) == (
        "expected one of champion, supporter, neutral, skeptic, opponent, unknown (or a number -2..2), "
        f"got {value!r}"
    )


def test_numbers_are_only_for_enumerations_that_take_them():
    with pytest.raises(ChoiceError, match="expected one of inner, edge, outer, got 1"):
        parse_choice(Circle, 1)


def test_grade_is_case_insensitive():
    assert parse_choice(Grade, "a") is Grade.A


@pytest.mark.parametrize("value, level", [(0, 0), (3, 3), ("2", 2), ("strong", 3), ("弱", 1), ("none", 0), (2.0, 2)])
def test_power_levels(value, level):
    assert parse_level(value) == level


@pytest.mark.parametrize("value", [4, -1, "very", True, 2.5])
def test_power_levels_out_of_range(value):
    with pytest.raises(ChoiceError, match=r"expected a whole number 0\.\.3"):
        parse_level(value)


def test_directed_and_symmetric_relation_types():
    assert {t.value for t in RelationType if t.directed} == {"influences", "advises"}


def test_key_roles_cover_the_checks_and_balances():
    assert {Role.DECISION_MAKER, Role.PROCUREMENT, Role.USER} <= set(KEY_ROLES)


def test_the_reference_lists_every_alias():
    from powermap.model.enums import _ALIASES

    from conftest import REPO

    reference = (REPO / "docs" / "account-format.md").read_text(encoding="utf-8")
    rows = {}
    for line in reference.splitlines():
        cells = [cell.strip() for cell in line.strip("|").split("|")]
        if len(cells) == 3 and cells[1]:
            rows.setdefault(cells[1], set()).update(part.strip() for part in cells[2].split(","))
    for enum, aliases in _ALIASES.items():
        for alias, value in aliases.items():
            assert alias in rows.get(value, set()), f"docs/account-format.md does not list {alias!r} for {value}"
