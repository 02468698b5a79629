"""The report as JSON: exactly the contract keys, in contract order, byte-identical per input.

In Chinese (``lang="zh"``) the human text (reasons, messages, actions, evidence) is said in
Chinese; keys, ids, numbers and enumerated values never change with the language."""

from __future__ import annotations

import json

from ..i18n import translated
from ..report import Report

__all__ = ["render_json"]


def render_json(report: Report, lang: str = "en") -> str:
    return json.dumps(translated(report.to_dict(), lang), ensure_ascii=False, indent=2) + "\n"
