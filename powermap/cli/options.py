"""The options and parameter types the commands share: enumerated choices that take the
account format's aliases, dates and ids, the analysis, engine and input-limit options, the
Neo4j address with --user and --database, and the password prompt.

Nothing heavy is imported here: each option imports what it checks against only when a command
runs, so ``powermap --help`` stays fast.
"""

from __future__ import annotations

import os
import sys

import click

from ..analysis.defaults import STALE_DAYS

_EPILOG = """\b
Exit status: 0 ok; 1 the input has errors or cannot be read; 2 wrong usage;
3 an output could not be written; 4 the graph database cannot be reached,
refused the work or lacks the account; 70 an internal error (please report it);
130 a neo4j command stopped by Ctrl-C (it says what was saved)."""


# The default of --max-input-mb, as powermap.loaders.limits.DEFAULT_MAX_INPUT_MB (not imported
# here, to keep --help light; a test holds the two equal).
_DEFAULT_MAX_INPUT_MB = 64


def _input_limit_option(command):
    """--max-input-mb, on every command that reads account files: an option of the command, not
    of the group, so that it works wherever it is added to the command line the size message
    came from (``powermap check big.yaml --max-input-mb 200``). It holds the files the command
    reads to the limit while the command runs (work the command forks inherits it)."""

    def hold(ctx: click.Context, param, value):
        from ..loaders.limits import input_limit

        ctx.with_resource(input_limit(value))  # also checks $POWERMAP_MAX_INPUT_MB, before any reading

    return click.option(
        "--max-input-mb", type=click.IntRange(min=1), metavar="N", expose_value=False, callback=hold,
        help="Refuse an account file bigger than N MB (each CSV of a folder; a workbook also by the XML it unpacks "
             f"to) [default: $POWERMAP_MAX_INPUT_MB, else {_DEFAULT_MAX_INPUT_MB}].",
    )(command)


class _Choice(click.ParamType):
    """An enumerated option that also takes the aliases of the account format (e.g. 投标)."""

    def __init__(self, enum_name: str):
        self.enum_name = enum_name
        self.name = enum_name.lower()

    def convert(self, value, param, ctx):
        from ..model import enums

        enum = getattr(enums, self.enum_name)
        try:
            return enums.parse_choice(enum, value)
        except enums.ChoiceError as error:
            self.fail(str(error), param, ctx)


_DATE = click.DateTime(formats=["%Y-%m-%d"])


def _id_option(ctx, param, value: str | None) -> str | None:
    """An id typed on the command line, in the Unicode form (NFC) the account's ids are kept
    in, so that an accented id typed by any keyboard finds its person."""
    if value is None:
        return None
    from ..model.values import nfc

    return nfc(value)


def _analysis_options(command):
    """The options every analysis command shares."""
    command = click.option("--stale-days", type=click.IntRange(min=1), default=STALE_DAYS, show_default=True,
                           help="A contact older than this many days before the as-of date is stale.")(command)
    command = click.option("--as-of", type=_DATE, help="Judge staleness from this date (default: the account's as_of, else today).")(command)
    command = click.option("--stage", type=_Choice("Stage"), help="Rank for this sales stage instead of the account's.")(command)
    return _lang_option(command)


# The graph engines, as powermap.analysis.engine.ENGINES (not imported here, to keep --help
# light; a test holds the two equal).
_ENGINES = ("auto", "networkx", "igraph")


def _engine_option(command):
    """--engine, shared by every command that analyses an account."""
    return click.option(
        "--engine", type=click.Choice(_ENGINES, case_sensitive=False),
        help="Graph engine: networkx (the reference), igraph (fast, for big accounts) or auto "
             "(by the account's size) [default: $POWERMAP_ENGINE, else auto].",
    )(command)


def _engine(engine: str | None) -> str:
    """The engine to use: --engine, else $POWERMAP_ENGINE, else auto. A bad POWERMAP_ENGINE
    is a usage error (one line, exit 2) before any file is read."""
    from ..analysis.engine import requested

    return requested(engine)


class _BackendURI(click.ParamType):
    """``memory`` or a well-formed Neo4j address; anything else is a usage error of one line,
    before any connection, that shows the address without its user name or password."""

    name = "uri"

    def convert(self, value, param, ctx):
        from ..backends import BOLT_SCHEMES, address_problem, display_uri, is_memory
        from ..errors import AddressError
        from ..i18n import say

        scheme = value.split("://", 1)[0].lower() if "://" in value else None
        if is_memory(value):
            return value
        if scheme not in BOLT_SCHEMES:
            raise AddressError(say("--backend: expected memory or a Neo4j address (bolt://HOST:7687, neo4j://HOST, "
                                   "neo4j+s://HOST), got {address}", address=repr(display_uri(value))))
        problem = address_problem(value)
        if problem:
            raise AddressError(say("--backend: {problem}", problem=problem))
        return value


def _connection_options(backend_help: str):
    """--backend, --user and --database; the password is never an option (it would show in
    ``ps`` and in shell history): it comes from POWERMAP_NEO4J_PASSWORD or a hidden prompt."""

    def add(command):
        command = click.option("--database", metavar="NAME",
                               help="Neo4j database [default: $POWERMAP_NEO4J_DATABASE, else neo4j].")(command)
        command = click.option("--user", metavar="NAME",
                               help="Neo4j user [default: $POWERMAP_NEO4J_USER, else neo4j]; the password comes from "
                                    "$POWERMAP_NEO4J_PASSWORD, else a prompt on a terminal.")(command)
        return click.option("--backend", metavar="URI", type=_BackendURI(), help=backend_help)(command)

    return add


_ANALYSIS_BACKEND = ("Where the account lives: memory (the default: FILE is an account file) or a Neo4j address "
                     "(bolt://HOST:7687, neo4j://HOST, neo4j+s://HOST): then FILE is an account id there.")


def _password() -> str | None:
    """POWERMAP_NEO4J_PASSWORD when set (read by the library), else a hidden prompt when a
    person is at a terminal, else no password."""
    if os.environ.get("POWERMAP_NEO4J_PASSWORD") is not None or not sys.stdin.isatty():
        return None
    return click.prompt("Neo4j password", hide_input=True, default="", show_default=False, err=True) or None


_NEO4J_BACKEND = "The Neo4j server: bolt://HOST:7687, neo4j://HOST or neo4j+s://HOST [default: $POWERMAP_NEO4J_URI]."


_TEXT_FORMATS = click.Choice(["table", "markdown", "json"])


def _language(ctx, param, value: str | None) -> str:
    """``--lang`` (else $POWERMAP_LANG) checked before any work: "zh", "en" or "auto". The
    command's context is kept on the root context, so that an error is said in this language
    (see :func:`error_language`)."""
    from ..i18n import choose_language

    ctx.find_root().meta["powermap.command"] = ctx
    if (value or os.environ.get("POWERMAP_LANG") or "auto").strip().lower() == "auto":
        return "auto"
    return choose_language(value)  # a usage error (exit 2) for a language it does not speak


# The arguments that name the account file a command reads, in the order they are looked at.
_INPUT_PARAMS = ("file", "files", "source", "old", "inputs")


def error_language(root) -> str:
    """The language an error of the command run under ``root`` is said in: its --lang (read
    first of its options), else $POWERMAP_LANG, else the language of the account file it reads
    (judged from the file's text, as :func:`powermap.checks.file_language` judges a file that
    did not load), else of the first existing file named on the command line (a mistake found
    while the command line is parsed, before any option is read); else English."""
    command = root.meta.get("powermap.command")
    lang = command.params.get("lang") if command is not None else None
    if lang in ("zh", "en"):
        return lang
    given = os.environ.get("POWERMAP_LANG", "").strip().lower()
    if given in ("zh", "en"):
        return given
    params = command.params if command is not None else {}
    inputs = [params.get(name) for name in _INPUT_PARAMS]
    inputs = [value[0] if isinstance(value, (list, tuple)) and value else value for value in inputs]
    # A mistake found before the file's argument was read (while the command line is parsed):
    # the first word of the command line that names an existing file.
    inputs += [word for word in root.meta.get("powermap.args", ())[1:] if not word.startswith("-")]
    for value in inputs:
        if value and os.path.exists(value):
            from ..checks import file_language

            try:
                return file_language(value)
            except Exception:  # judging the language never hides the error itself
                return "en"
    return "en"


def _lang_option(command):
    """``--lang auto|zh|en``: the language a person reads (default: $POWERMAP_LANG, else auto)."""
    return click.option(
        "--lang",
        metavar="auto|zh|en",
        callback=_language,
        is_eager=True,  # read first, so that a mistake in any other option is said in this language
        help="Language of what you read (default: $POWERMAP_LANG, else auto: Chinese for an account "
        "written in Chinese).",
    )(command)


def _texts(account) -> list[str]:
    """What an account is written in: its name and its people's names and titles."""
    texts = [account.account.name]
    for person in account.stakeholders:
        texts.append(person.name)
        if person.title:
            texts.append(person.title)
    return texts


def _account_language(lang: str | None, *accounts) -> str:
    """The language chosen for ``accounts``: ``--lang``, else $POWERMAP_LANG, else the language
    most of their people's names and titles are written in."""
    from ..i18n import choose_language

    if lang in ("zh", "en"):
        return lang
    return choose_language("auto", [text for account in accounts for text in _texts(account)])
