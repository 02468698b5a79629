"""What `powermap check` prints for each file: its issues, then a short summary."""

from __future__ import annotations

from ..checks import CheckResult
from .safe import terminal_text

__all__ = ["issue_lines", "summary_lines"]


def _plural(count: int, word: str) -> str:
    return f"{count} {word}" if count == 1 else f"{count} {word}s"


def issue_lines(result: CheckResult) -> list[str]:
    """The errors, then the warnings, one line each; each kind capped as
    :class:`~powermap.errors.AccountError` caps errors, with one line for the rest."""
    return result.errors.lines() + result.warnings.lines()


def summary_lines(result: CheckResult) -> list[str]:
    if not result.ok:
        errors = result.errors.total
        if result.errors.stopped:  # the last one counted was where reading stopped: there may be more
            return [f"{terminal_text(result.path)}: more than {_plural(errors - 1, 'error')}; not loaded"]
        return [f"{terminal_text(result.path)}: {_plural(errors, 'error')}; not loaded"]
    account = result.loaded.account
    head = account.account
    facts = [f"grade {head.grade}" if head.grade else None, head.stage, head.culture]
    described = ", ".join(str(fact) for fact in facts if fact)
    counts = account.counts()
    left = len(account.departed)
    people = _plural(counts["stakeholders"], "stakeholder") + (f" ({left} left)" if left else "")
    tables = [people, f"{counts['team']} on our team"] + [
        _plural(counts[name], word)
        for name, word in (("departments", "department"), ("factions", "faction"), ("relations", "relation"), ("contacts", "contact"))
    ]
    return [
        f"{terminal_text(result.path)}: ok: {terminal_text(head.id)} {head.name!r}" + (f" ({described})" if described else ""),
        "  " + ", ".join(tables) + f"; {_plural(result.warnings.total, 'warning')}",
    ]
