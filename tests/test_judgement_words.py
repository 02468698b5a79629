"""Sales judgement on the words a person reads: one small account per point, checked exactly
through the command line (``powermap report FILE``, ``-f markdown``, ``-f json``) and, where a
renderer does not yet take a language, on the analysis's messages in Chinese.

- The report's header is clean: the account on one line, its facts and date on the next, no
  dangling separator.
- Coverage gaps, and the "why" of each recommendation, are messages: the same English text,
  and the whole of it in Chinese.
- Names, not ids, where a person reads: plan routes, the forecast, the diff.
"""

from __future__ import annotations

from powermap.analysis.account_analysis import Analysis
from powermap.loaders import load

# A two-person account: the header holds its stage and culture, no grade.
SMALL = """\
account: {id: small, name: Small Works, stage: proposal, culture: centralized, as_of: 2026-11-15}
team:
  - {id: ann, name: Ann Lee}
stakeholders:
  - {id: boss, name: Bo Chen, title: CEO, roles: [decision_maker, funder], stance: supporter,
     power: {position: 3, allocation: 3}}
  - {id: cfo, name: Cai Wen, title: CFO, reports_to: boss, roles: [procurement], stance: neutral}
contacts:
  - {member: ann, stakeholder: boss, strength: close, last_contact: 2026-11-10}
"""


def _write(tmp_path, text: str, name: str = "account.yaml"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_the_header_is_two_clean_lines(run, tmp_path):
    path = _write(tmp_path, SMALL)
    result = run("report", path)
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[:2] == [
        "Small Works (small)",
        "stage proposal, culture centralized, as of 2026-11-15",
    ]
    result = run("report", path, "-f", "markdown")
    assert result.exit_code == 0, result.output
    assert "Account `small` (stage proposal, culture centralized), as of 2026-11-15." in result.output.splitlines()
