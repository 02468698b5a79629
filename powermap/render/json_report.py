"""The report as JSON: exactly the contract keys, in contract order, byte-identical per input."""

from __future__ import annotations

import json

from ..report import Report

__all__ = ["render_json"]


def render_json(report: Report) -> str:
    return json.dumps(report.to_dict(), ensure_ascii=False, indent=2) + "\n"
