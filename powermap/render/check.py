"""What `powermap check` prints for each file: its issues, then a short summary, in the
reader's language (English or Chinese; the places, fields, ids and names as they are)."""

from __future__ import annotations

from ..checks import CheckResult, Written
from ..i18n import say, say_n
from .safe import terminal_text

__all__ = ["issue_lines", "summary_lines"]

# How the pieces of the counts line are joined, in each language.
_COMMA = {"en": ", ", "zh": "，"}


def issue_lines(result: CheckResult, lang: str = "en") -> list[str]:
    """The errors, then the warnings, one line each, in ``lang``; each kind capped as
    :class:`~powermap.errors.AccountError` caps errors, with one line for the rest."""
    return result.errors.lines(lang) + result.warnings.lines(lang)


def summary_lines(result: CheckResult, lang: str = "en") -> list[str]:
    path = terminal_text(result.path)
    if not result.ok:
        errors = result.errors.total
        if result.errors.stopped:  # the last one counted was where reading stopped: there may be more
            return [say_n("{path}: more than {count} error; not loaded", "{path}: more than {count} errors; not loaded",
                          count=errors - 1, path=path).text(lang)]
        return [say_n("{path}: {count} error; not loaded", "{path}: {count} errors; not loaded",
                      count=errors, path=path).text(lang)]
    account = result.loaded.account
    head = account.account
    facts = [say("grade {grade}", grade=head.grade.value) if head.grade else None,
             Written(head.stage) if head.stage else None, Written(head.culture) if head.culture else None]
    facts = [fact for fact in facts if fact]
    counts = account.counts()
    left = len(account.departed)
    people = say_n("{count} stakeholder", "{count} stakeholders", count=counts["stakeholders"])
    if left:
        people = say("{people} ({count} left)", people=people, count=left)
    tables = [
        people,
        say("{count} on our team", count=counts["team"]),
        say_n("{count} department", "{count} departments", count=counts["departments"]),
        say_n("{count} faction", "{count} factions", count=counts["factions"]),
        say_n("{count} relation", "{count} relations", count=counts["relations"]),
        say_n("{count} contact", "{count} contacts", count=counts["contacts"]),
    ]
    warnings = say_n("{count} warning", "{count} warnings", count=result.warnings.total)
    if facts:
        head_line = say("{path}: ok: {id} {name} ({facts})", path=path, id=terminal_text(head.id),
                        name=repr(head.name), facts=facts)
    else:
        head_line = say("{path}: ok: {id} {name}", path=path, id=terminal_text(head.id), name=repr(head.name))
    comma = _COMMA.get(lang, ", ")
    counted = comma.join(table.text(lang) for table in tables)
    return [head_line.text(lang), say("  {tables}; {warnings}", tables=counted, warnings=warnings).text(lang)]
