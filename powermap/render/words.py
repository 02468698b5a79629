"""The words a reader sees for the report's enumerated values, in English and Chinese.

JSON keeps the values themselves (``single_threaded``, ``high``, ``centralized``: the contract);
a person reads words: "single-threaded" / "单线联系", "high" / "高", "centralized" / "集中式"
(the seeds' names of the five power structures). Stances and buying roles are the model's
words and are said through the catalog as the analyses say them.
"""

from __future__ import annotations

from ..i18n import N_p, text
from ..model.enums import TIE_WORDS

__all__ = ["word"]

_WORDS = {
    "severity": {
        "high": N_p("severity", "high"),
        "medium": N_p("severity", "medium"),
        "low": N_p("severity", "low"),
    },
    "gap": {
        "role": N_p("gap", "buying role"),
        "department": N_p("gap", "department"),
        "faction": N_p("gap", "faction"),
        "key_person": N_p("gap", "key person"),
        "single_threaded": N_p("gap", "single-threaded"),
        "stale_contact": N_p("gap", "stale contact"),
        "unknown_stance": N_p("gap", "unknown stance"),
    },
    "shape": {
        "centralized": N_p("power structure", "centralized"),
        "decentralized": N_p("power structure", "decentralized"),
        "skewed": N_p("power structure", "skewed"),
        "equal": N_p("power structure", "equal"),
        "contribution": N_p("power structure", "contribution-based"),
    },
    "stance": {
        "champion": N_p("stance", "champion"),
        "supporter": N_p("stance", "supporter"),
        "neutral": N_p("stance", "neutral"),
        "skeptic": N_p("stance", "skeptic"),
        "opponent": N_p("stance", "opponent"),
        "unknown": N_p("stance", "unknown"),
        "mixed": N_p("stance", "mixed"),
    },
    # a tie between two snapshots (diff): a relation's type, or one of our team's contacts
    "tie": TIE_WORDS,
}


def word(kind: str, value: str | None, lang: str = "en") -> str:
    """The word for ``value`` of ``kind`` ("severity", "gap", "shape", "stance", "tie") in
    ``lang``; a value without a word is shown as it is."""
    if value is None:
        return "-"
    said = _WORDS[kind].get(value)
    return text(said, lang) if said is not None else value
