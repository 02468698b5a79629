"""The enumerations of the account format, with the aliases users write.

Every enumerated value is accepted as its canonical English name (any case, with spaces or
hyphens for underscores), as the Chinese terms of the sales-training material the domain comes
from, and, where the format allows, as a number (stance -2..2, contact strength 0..5).
"""

from __future__ import annotations

import re
from enum import StrEnum
from typing import Any, ClassVar

from ..i18n import N_p, say
from .values import shown

__all__ = [
    "Grade",
    "Stage",
    "Culture",
    "DepartmentKind",
    "Role",
    "Stance",
    "PowerSource",
    "Circle",
    "Status",
    "RelationType",
    "Network",
    "Strength",
    "ChoiceError",
    "parse_choice",
    "parse_level",
    "describe_choices",
    "written",
    "KEY_ROLES",
    "WORD_CONTEXTS",
    "TIE_WORDS",
    "shared_words",
]


class Grade(StrEnum):
    """Account grade: A all-in, B limit time, C watch, D last."""

    A = "A"
    B = "B"
    C = "C"
    D = "D"


class Stage(StrEnum):
    """The six sales stages, in order."""

    DEVELOPMENT = "development"
    ENTRY = "entry"
    PROPOSAL = "proposal"
    BIDDING = "bidding"
    NEGOTIATION = "negotiation"
    IMPLEMENTATION = "implementation"


class Culture(StrEnum):
    """Who decides: the top person (centralized) or the people they delegate to."""

    CENTRALIZED = "centralized"
    DELEGATED = "delegated"


class DepartmentKind(StrEnum):
    LEADERSHIP = "leadership"
    PROCUREMENT = "procurement"
    TECHNICAL = "technical"
    USER = "user"
    FINANCE = "finance"
    LEGAL = "legal"
    EXTERNAL = "external"
    OTHER = "other"


class Role(StrEnum):
    """Buying roles; a stakeholder may hold any number of them."""

    DECISION_MAKER = "decision_maker"
    FUNDER = "funder"
    PROCUREMENT = "procurement"
    USER = "user"
    BENEFICIARY = "beneficiary"
    SPEC_SETTER = "spec_setter"
    CHAMPION = "champion"
    TRIGGER = "trigger"
    SABOTEUR = "saboteur"
    EVALUATOR = "evaluator"
    INFLUENCER = "influencer"
    INFORMATION_SOURCE = "information_source"
    GATEKEEPER = "gatekeeper"


class Stance(StrEnum):
    """Stance toward us; ``score`` is -2..2, ``None`` when unknown."""

    CHAMPION = "champion"
    SUPPORTER = "supporter"
    NEUTRAL = "neutral"
    SKEPTIC = "skeptic"
    OPPONENT = "opponent"
    UNKNOWN = "unknown"

    @property
    def score(self) -> int | None:
        return _STANCE_SCORES.get(self)

    @property
    def word(self) -> str:
        """The stance as reports write it."""
        return self._value_

    @classmethod
    def from_score(cls, score: float | None) -> Stance:
        """The stance a score on the -2..2 scale stands for (``UNKNOWN`` for ``None``).

        Each stance takes the scores within 0.5 of its own; a score exactly halfway goes to the
        stance further from neutral (1.5 champion, 0.5 supporter, -0.5 skeptic, -1.5 opponent).
        A mean of stance scores reads as a stance this way, and ``from_score(s.score) is s``.
        """
        if score is None:
            return cls.UNKNOWN
        if score >= 1.5:
            return cls.CHAMPION
        if score >= 0.5:
            return cls.SUPPORTER
        if score > -0.5:
            return cls.NEUTRAL
        if score > -1.5:
            return cls.SKEPTIC
        return cls.OPPONENT


class PowerSource(StrEnum):
    """The six hidden power sources, each rated 0..3."""

    KNOWLEDGE = "knowledge"
    INFORMATION = "information"
    POSITION = "position"
    ALLOCATION = "allocation"
    EMOTIONAL = "emotional"
    INTERPERSONAL = "interpersonal"


class Circle(StrEnum):
    """Where a person stands relative to their boss (circle culture)."""

    INNER = "inner"
    EDGE = "edge"
    OUTER = "outer"


class Status(StrEnum):
    ACTIVE = "active"
    NEW = "new"
    TRANSFERRED = "transferred"
    LEFT = "left"


class RelationType(StrEnum):
    """Ties between stakeholders; ``influences`` and ``advises`` are directed.

    Groupings (frozensets of members, set below the class):

    - ``DIRECTED``: one person sways or advises the other (influences, advises);
    - ``SYMMETRIC``: the same both ways (ally, rival, friend, kin, alumni);
    - ``NEGATIVE``: ties against each other (rival); ``POSITIVE``: every other type;
    - ``PERSONAL``: positive ties people have as people, not through their work
      (ally, friend, kin, alumni).

    Members are strings, so ``"ally" in RelationType.POSITIVE`` holds for a type read from a graph.
    """

    INFLUENCES = "influences"
    ADVISES = "advises"
    ALLY = "ally"
    RIVAL = "rival"
    FRIEND = "friend"
    KIN = "kin"
    ALUMNI = "alumni"

    DIRECTED: ClassVar[frozenset[RelationType]]
    SYMMETRIC: ClassVar[frozenset[RelationType]]
    POSITIVE: ClassVar[frozenset[RelationType]]
    NEGATIVE: ClassVar[frozenset[RelationType]]
    PERSONAL: ClassVar[frozenset[RelationType]]

    @property
    def directed(self) -> bool:
        return self in RelationType.DIRECTED


class Network(StrEnum):
    """The five networks the seeds name: which part of life a tie comes from."""

    SOCIAL = "social"
    JOB = "job"
    INDUSTRY = "industry"
    POLITICAL = "political"
    KNOWLEDGE = "knowledge"


class Strength(StrEnum):
    """The six closeness layers of a contact, ``level`` 5 (intimate) .. 0 (outermost)."""

    INTIMATE = "intimate"
    CLOSE = "close"
    ORDINARY = "ordinary"
    COLLEAGUE = "colleague"
    STRANGER = "stranger"
    OUTERMOST = "outermost"

    @property
    def level(self) -> int:
        return _STRENGTH_LEVELS[self]

    @property
    def word(self) -> str:
        """The closeness layer as reports write it."""
        return self._value_

    @classmethod
    def from_level(cls, level: int) -> Strength:
        """The closeness layer of a level 0..5 (``ValueError`` for any other)."""
        strength = _STRENGTH_OF_LEVEL.get(level)
        if strength is None:
            raise ValueError(say("a contact level is 0..5, not {level}", level=repr(level)))
        return strength


RelationType.DIRECTED = frozenset({RelationType.INFLUENCES, RelationType.ADVISES})
RelationType.SYMMETRIC = frozenset(RelationType) - RelationType.DIRECTED
RelationType.NEGATIVE = frozenset({RelationType.RIVAL})
RelationType.POSITIVE = frozenset(RelationType) - RelationType.NEGATIVE
RelationType.PERSONAL = RelationType.POSITIVE & RelationType.SYMMETRIC

# Roles without which a multi-person purchase cannot close ("those who use do not buy, those
# who buy do not decide, those who decide do not use").
KEY_ROLES = (
    Role.DECISION_MAKER,
    Role.FUNDER,
    Role.PROCUREMENT,
    Role.USER,
    Role.EVALUATOR,
    Role.SPEC_SETTER,
)

# The message context (gettext's msgctxt, powermap/i18n.py) of an enumeration's words where one
# English word belongs to two enumerations and reads differently in Chinese: "champion" is a
# buying role (促进者, the seeds' 促进的人) and a stance (坚定支持者); "user" and "procurement" are
# buying roles (使用者, 采购者) and department kinds (使用部门, 采购部门); "knowledge" is a power
# source and a network. The role's words are said in the context "buying role"; the stance's
# (today's only other reading said) keep the bare word. :func:`shared_words` lists them all.
WORD_CONTEXTS: dict[type[StrEnum], str] = {
    Role: "buying role",
}

_STANCE_SCORES = {
    Stance.CHAMPION: 2,
    Stance.SUPPORTER: 1,
    Stance.NEUTRAL: 0,
    Stance.SKEPTIC: -1,
    Stance.OPPONENT: -2,
}
_STRENGTH_LEVELS = {
    Strength.INTIMATE: 5,
    Strength.CLOSE: 4,
    Strength.ORDINARY: 3,
    Strength.COLLEAGUE: 2,
    Strength.STRANGER: 1,
    Strength.OUTERMOST: 0,
}
_STRENGTH_OF_LEVEL = {level: strength for strength, level in _STRENGTH_LEVELS.items()}

# Aliases: the Chinese terms of the domain (see docs/account-format.md) and common English
# variants. Keys are compared after normalisation (lower case, spaces and hyphens as "_").
_ALIASES: dict[type[StrEnum], dict[str, str]] = {
    Grade: {},
    Stage: {
        "开发": "development",
        "开发阶段": "development",
        "销售进入": "entry",
        "进入": "entry",
        "提案": "proposal",
        "投标": "bidding",
        "招标": "bidding",
        "商务谈判": "negotiation",
        "谈判": "negotiation",
        "工程实施": "implementation",
        "实施": "implementation",
    },
    Culture: {
        "集权": "centralized",
        "centralised": "centralized",
        "授权": "delegated",
    },
    DepartmentKind: {
        "决策层": "leadership",
        "领导": "leadership",
        "领导层": "leadership",
        "采购": "procurement",
        "采购部门": "procurement",
        "技术": "technical",
        "技术部门": "technical",
        "使用部门": "user",
        "使用": "user",
        "财务": "finance",
        "财务部门": "finance",
        "法务": "legal",
        "法律": "legal",
        "外部": "external",
        "设计院": "external",
        "外部专家": "external",
        "其他": "other",
    },
    Role: {
        "决策者": "decision_maker",
        "决策的人": "decision_maker",
        "决策人": "decision_maker",
        "decider": "decision_maker",
        "出资者": "funder",
        "付钱的人": "funder",
        "出资人": "funder",
        "payer": "funder",
        "采购者": "procurement",
        "采购的人": "procurement",
        "采购": "procurement",
        "buyer": "procurement",
        "使用者": "user",
        "使用的人": "user",
        "受益的人": "beneficiary",
        "受益者": "beneficiary",
        "标准制定者": "spec_setter",
        "定标的人": "spec_setter",
        "定标者": "spec_setter",
        "standard_setter": "spec_setter",
        "促进的人": "champion",
        "促进者": "champion",
        "promoter": "champion",
        "刺激的人": "trigger",
        "发起人": "trigger",
        "initiator": "trigger",
        "破坏的人": "saboteur",
        "破坏者": "saboteur",
        "blocker": "saboteur",
        "评价者": "evaluator",
        "评价的人": "evaluator",
        "影响者": "influencer",
        "影响的人": "influencer",
        "信息源": "information_source",
        "内线": "information_source",
        "coach": "information_source",
        "把关者": "gatekeeper",
        "门卫": "gatekeeper",
        "前台": "gatekeeper",
        "把关人": "gatekeeper",
    },
    Stance: {
        "坚定支持者": "champion",
        "铁杆": "champion",
        "拥护者": "champion",
        "支持者": "supporter",
        "支持": "supporter",
        "中立": "neutral",
        "中立者": "neutral",
        "怀疑者": "skeptic",
        "怀疑": "skeptic",
        "sceptic": "skeptic",
        "反对者": "opponent",
        "反对": "opponent",
        "未知": "unknown",
    },
    PowerSource: {
        "知识": "knowledge",
        "知识权力": "knowledge",
        "信息": "information",
        "信息权力": "information",
        "地位": "position",
        "地位权力": "position",
        "分配": "allocation",
        "分配权力": "allocation",
        "情绪": "emotional",
        "情绪影响": "emotional",
        "人际": "interpersonal",
        "人际影响": "interpersonal",
    },
    Circle: {"内圈": "inner", "边圈": "edge", "外圈": "outer"},
    Status: {
        "在职": "active",
        "在岗": "active",
        "新任": "new",
        "新到任": "new",
        "调动": "transferred",
        "调岗": "transferred",
        "调离": "transferred",
        "离职": "left",
        "已离职": "left",
    },
    RelationType: {
        "influence": "influences",
        "影响": "influences",
        "advice": "advises",
        "建议": "advises",
        "咨询": "advises",
        "盟友": "ally",
        "同盟": "ally",
        "rivalry": "rival",
        "conflict": "rival",
        "对手": "rival",
        "竞争": "rival",
        "冲突": "rival",
        "朋友": "friend",
        "friendship": "friend",
        "亲属": "kin",
        "亲戚": "kin",
        "family": "kin",
        "校友": "alumni",
        "同学": "alumni",
        "前同事": "alumni",
        "former_colleague": "alumni",
    },
    Network: {
        "社交": "social",
        "职务": "job",
        "行业": "industry",
        "政治": "political",
        "知识": "knowledge",
        "知识资源": "knowledge",
    },
    Strength: {
        "至爱层": "intimate",
        "至爱": "intimate",
        "亲密层": "close",
        "亲密": "close",
        "普通层": "ordinary",
        "普通": "ordinary",
        "同事层": "colleague",
        "同事": "colleague",
        "陌生层": "stranger",
        "陌生": "stranger",
        "最外层": "outermost",
        "最外": "outermost",
    },
}

# Enumerations that also take numbers, and what each number means.
_NUMBERS: dict[type[StrEnum], dict[int, str]] = {
    Stance: {score: stance.value for stance, score in _STANCE_SCORES.items()},
    Strength: {level: strength.value for strength, level in _STRENGTH_LEVELS.items()},
}

_LEVEL_WORDS = {"none": 0, "weak": 1, "medium": 2, "strong": 3, "无": 0, "弱": 1, "中": 2, "强": 3}

_SEPARATORS = re.compile(r"[\s\-]+")


class ChoiceError(ValueError):
    """A value that is not one of an enumeration's values or aliases."""


def _normalise(text: str) -> str:
    return _SEPARATORS.sub("_", text.strip()).lower()


def _lookup_table(enum: type[StrEnum]) -> dict[str, StrEnum]:
    table = _LOOKUP.get(enum)
    if table is None:
        table = {_normalise(member.value): member for member in enum}
        table.update({_normalise(alias): enum(value) for alias, value in _ALIASES[enum].items()})
        _LOOKUP[enum] = table
    return table


_LOOKUP: dict[type[StrEnum], dict[str, StrEnum]] = {}


_WHOLE_NUMBER = re.compile(r"\s*([+-]?\d{1,18})(?:\.0*)?\s*")


def _as_whole_number(value: Any) -> int | None:
    """An integer from an int, an integral float or a numeric string; ``None`` otherwise.

    Text of more than 18 digits is not read as a number (no field takes one that long)."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():  # never inf or NaN
        return int(value)
    if isinstance(value, str):
        match = _WHOLE_NUMBER.fullmatch(value)
        if match is not None:
            return int(match.group(1))
    return None


def shared_words() -> dict[str, tuple[StrEnum, ...]]:
    """Every English word (a value, underscores as spaces) that two enumerations use, with the
    members that use it."""
    used: dict[str, list[StrEnum]] = {}
    for enum in (Grade, Stage, Culture, DepartmentKind, Role, Stance, PowerSource, Circle, Status,
                 RelationType, Network, Strength):
        for member in enum:
            used.setdefault(member.value.replace("_", " "), []).append(member)
    return {word: tuple(members) for word, members in sorted(used.items()) if len(members) > 1}


# The Chinese word a value is written with (the seeds' register, DOMAIN.md), where it is not
# the first Chinese alias of the value above.
_WRITTEN_ZH: dict[type[StrEnum], dict[str, str]] = {
    Role: {"beneficiary": "受益者", "champion": "促进者", "trigger": "发起人", "saboteur": "破坏者",
           "gatekeeper": "把关人"},
    DepartmentKind: {"procurement": "采购部门", "technical": "技术部门", "finance": "财务部门"},
    PowerSource: {"knowledge": "知识权力", "information": "信息权力", "position": "地位权力",
                  "allocation": "分配权力", "emotional": "情绪影响", "interpersonal": "人际影响"},
}
_CJK = re.compile("[\u3400-\u4dbf\u4e00-\u9fff]")
_ZH: dict[type[StrEnum], dict[str, str]] = {}


def written(member: StrEnum, lang: str = "en") -> str:
    """The word a value is written with in an account file in ``lang``: its English name, or
    the Chinese term it is read back from (``Role.SPEC_SETTER`` -> 标准制定者); a value with no
    Chinese term (a grade) stays as it is."""
    if lang != "zh":
        return member.value
    enum = type(member)
    words = _ZH.get(enum)
    if words is None:
        words = {}
        for alias, value in _ALIASES.get(enum, {}).items():
            if _CJK.search(alias):
                words.setdefault(value, alias)
        words.update(_WRITTEN_ZH.get(enum, {}))
        _ZH[enum] = words
    return words.get(member.value, member.value)


def _listed(enum: type[StrEnum], lang: str = "en", separator: str = ", ") -> str:
    """The values of ``enum``; in Chinese each one's Chinese term first: 决策者 (decision_maker)."""
    if lang == "zh":
        return separator.join(
            f"{written(member, 'zh')} ({member.value})" if written(member, "zh") != member.value else member.value
            for member in enum
        )
    return separator.join(member.value for member in enum)


def describe_choices(enum: type[StrEnum], lang: str = "en") -> str:
    """'one of a, b, c' plus the numeric form where one exists, for error messages; in Chinese
    (``lang="zh"``) each value's Chinese term first: 'one of 决策者 (decision_maker), ...'."""
    text = "one of " + _listed(enum, lang)
    numbers = _NUMBERS.get(enum)
    if numbers:
        text += f" (or a number {min(numbers)}..{max(numbers)})"
    return text


class _Values:
    """The values of an enumeration, listed in the language a message is said in: in Chinese
    each value's Chinese term with its English name (决策者 (decision_maker)); in English the
    English names, with the Chinese terms first when the refused value was typed in Chinese
    (``typed``), as :func:`describe_choices` lists them."""

    def __init__(self, enum: type[StrEnum], typed: str = "en"):
        self.enum, self.typed = enum, typed

    def text(self, lang: str = "en") -> str:
        if lang != "zh":
            return _listed(self.enum, self.typed)
        return _listed(self.enum, "zh", "、")


def _expected(enum: type[StrEnum], value: Any, typed: str = "en"):
    """"expected one of ..., got ..." for a value ``enum`` does not hold."""
    numbers = _NUMBERS.get(enum)
    if numbers:
        return say("expected one of {values} (or a number {low}..{high}), got {value}", values=_Values(enum, typed),
                   low=min(numbers), high=max(numbers), value=shown(value))
    return say("expected one of {values}, got {value}", values=_Values(enum, typed), value=shown(value))


def _language_of(value: Any) -> str:
    """Chinese when a refused value was typed in Chinese, so the accepted words are listed in it."""
    return "zh" if isinstance(value, str) and _CJK.search(value) else "en"


def parse_choice(enum: type[StrEnum], value: Any) -> StrEnum:
    """Read ``value`` as a member of ``enum``, accepting aliases and numbers where allowed."""
    if isinstance(value, enum):
        return value
    numbers = _NUMBERS.get(enum)
    if numbers is not None:
        number = _as_whole_number(value)
        if number is not None:
            if number in numbers:
                return enum(numbers[number])
            raise ChoiceError(_expected(enum, value))
    if isinstance(value, str):
        table = _lookup_table(enum)
        member = table.get(value)  # written as the table has it (nearly always): no need to normalise
        if member is None:
            member = table.get(_normalise(value))
        if member is not None:
            return member
    raise ChoiceError(_expected(enum, value, _language_of(value)))


def parse_level(value: Any) -> int:
    """A power level 0..3, as a number or one of none, weak, medium, strong (无, 弱, 中, 强)."""
    number = _as_whole_number(value)
    if number is None and isinstance(value, str):
        number = _LEVEL_WORDS.get(_normalise(value))
    if number is None or not 0 <= number <= 3:
        raise ChoiceError(say("expected a whole number 0..3 (or none, weak, medium, strong), got {value}",
                              value=shown(value)))
    return number


# How a tie between two people reads (a relation's type, the formal line, one of our team's
# contacts), said where a person reads it: the diff's changed ties, an unbalanced triad's channels.
TIE_WORDS = {
    "influences": N_p("relation type", "influences"),
    "advises": N_p("relation type", "advises"),
    "ally": N_p("relation type", "ally"),
    "rival": N_p("relation type", "rival"),
    "friend": N_p("relation type", "friend"),
    "kin": N_p("relation type", "kin"),
    "alumni": N_p("relation type", "alumni"),
    "reports_to": N_p("relation type", "reports to"),
    "contact": N_p("relation type", "contact"),
}
