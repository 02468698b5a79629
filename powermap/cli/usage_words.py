"""A usage mistake caught by click (a missing argument, an unknown option, a value that is not
a number), said as a message of powermap's catalog, so that a Chinese account's command says it
in Chinese.

Design choices, and why:

- **Read from the exception's fields, not from its English text, where click keeps them**: the
  kind of mistake is the exception's class, the option is its ``param`` or ``option_name``, the
  close options are its ``possibilities``. Only the reason a value was refused (click's types
  fill ``message`` in English) is read from the text, against the few sentences of the types
  powermap's options use (whole numbers, ranges, choices, dates); tests pin each one, so a
  click release that rewords them fails a test rather than a user.
- **Unknown is English, never wrong.** A mistake this module does not know is left to click,
  which says it in English as before.
- **English stays click's.** An English command prints exactly what click prints; only a
  Chinese one goes through here (see the group's ``invoke``).
"""

from __future__ import annotations

import re

import click

from ..i18n import Message, say, say_n

__all__ = ["usage_lines"]


def _quoted(values) -> str:
    return ", ".join(values)


def _hint(error: click.BadParameter) -> str | None:
    hint = error.param_hint
    if hint is None and error.param is not None:
        hint = error.param.get_error_hint(error.ctx)
    if isinstance(hint, (list, tuple)):
        hint = " / ".join(f"'{each}'" for each in hint)
    return hint


# The reasons click's types give for refusing a value (click 8.x), and how they are said.
_DATE_FORMS = {"'%Y-%m-%d'": "YYYY-MM-DD"}
_REASONS: tuple[tuple[re.Pattern, callable], ...] = (
    (re.compile(r"(?P<value>.+) is not a valid (integer|integer range)\.$", re.S),
     lambda m: say("{value} is not a whole number", value=m["value"])),
    (re.compile(r"(?P<value>.+) is not a valid (float|float range)\.$", re.S),
     lambda m: say("{value} is not a number", value=m["value"])),
    (re.compile(r"(?P<value>.+) is not in the range (?P<range>.+)\.$", re.S),
     lambda m: say("{value} is outside {range}", value=m["value"], range=m["range"])),
    (re.compile(r"(?P<value>.+) is not one of (?P<choices>.+)\.$", re.S),
     lambda m: say("{value} is not one of {choices}", value=m["value"], choices=m["choices"])),
    (re.compile(r"(?P<value>.+) is not (?P<choices>'[^']*')\.$", re.S),
     lambda m: say("{value} is not one of {choices}", value=m["value"], choices=m["choices"])),
    (re.compile(r"(?P<value>.+) does not match the formats? (?P<forms>.+)\.$", re.S),
     lambda m: say("{value} is not a date written {form}", value=m["value"],
                   form=_DATE_FORMS.get(m["forms"], m["forms"]))),
)


def _reason(message) -> Message | None:
    if isinstance(message, Message):
        return message
    for pattern, said in _REASONS:
        found = pattern.match(str(message))
        if found:
            return said(found)
    return None


def _mistake(error: click.UsageError) -> Message | None:
    """The mistake as a message, or None when it is not one this module knows."""
    if isinstance(error, click.MissingParameter):
        kind = error.param_type or (error.param.param_type_name if error.param else None)
        hint = _hint(error)
        if kind == "argument":
            return say("missing the argument {name}", name=hint)
        if kind == "option":
            return say("missing the option {name}", name=hint)
        return None
    if isinstance(error, click.BadParameter):
        reason = _reason(error.message)
        if reason is None:
            return None
        hint = _hint(error)
        return say("invalid value for {option}: {reason}", option=hint, reason=reason) if hint else reason
    if isinstance(error, click.NoSuchOption):
        said = say("no such option: {option}", option=error.option_name)
        if error.possibilities:
            return say("{first}; did you mean {options}?", first=said, options=" / ".join(error.possibilities))
        return said
    if isinstance(error, click.BadOptionUsage):
        found = re.match(r"Option '(?P<option>[^']+)' requires an argument\.$", error.message)
        if found:
            return say("the option {option} needs a value", option=found["option"])
        found = re.match(r"Option '(?P<option>[^']+)' does not take a value\.$", error.message)
        if found:
            return say("the option {option} takes no value", option=found["option"])
        return None
    found = re.match(r"Got unexpected extra arguments? \((?P<args>.*)\)$", error.message, re.S)
    if found:
        extra = found["args"].split(" ")
        return say_n("one argument too many: {args}", "{count} arguments too many: {args}", count=len(extra),
                     args=found["args"])
    return None


def usage_lines(error: click.UsageError, lang: str) -> list[str] | None:
    """What to print for ``error`` in ``lang`` (the usage line, where to find help, the
    mistake), or None to leave it to click."""
    mistake = _mistake(error)
    if mistake is None:
        return None
    lines = []
    ctx = error.ctx
    if ctx is not None:
        usage = " ".join([ctx.command_path, *ctx.command.collect_usage_pieces(ctx)])
        lines += [say("Usage: {usage}", usage=usage).text(lang),
                  say("Try '{command} --help' for help.", command=ctx.command_path).text(lang), ""]
    return lines + [say("Error: {mistake}", mistake=mistake).text(lang)]
