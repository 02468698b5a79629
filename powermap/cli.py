"""The ``powermap`` command: thin click shims over the library.

Each command parses its options, calls one library function and prints the result. Errors the
library raises (:class:`~powermap.errors.PowermapError`) are printed one per line on stderr
with the documented exit status; nothing else of powermap is imported until a command runs,
so ``powermap --help`` stays fast.
"""

from __future__ import annotations

import errno
import functools
import os
import sys
from collections.abc import Callable

import click

from . import __version__
from .analysis.defaults import STALE_DAYS
from .errors import AddressError, ExitCode, PowermapError

__all__ = ["cli", "main"]

_EPILOG = """\b
Exit status: 0 ok; 1 the input has errors or cannot be read; 2 wrong usage;
3 an output could not be written; 4 the graph database cannot be reached,
refused the work or lacks the account; 70 an internal error (please report it);
130 a neo4j command stopped by Ctrl-C (it says what was saved)."""


def _shown(value) -> str:
    """Text from the user, a file or a database as it can be printed: control, bidi and
    invisible characters shown escaped (see :func:`powermap.render.safe.terminal_text`)."""
    from .render.safe import terminal_text

    return terminal_text(value)


class _Group(click.Group):
    """A command group that turns library errors into messages and exit statuses."""

    def invoke(self, ctx: click.Context):
        try:
            done = super().invoke(ctx)
            sys.stdout.flush()  # a full disk behind standard output is found here, not at exit
            return done
        except PowermapError as error:
            for line in error.lines():
                click.echo(_shown(line), err=True)
            ctx.exit(int(error.exit_code))
        except (click.exceptions.Exit, click.exceptions.Abort, click.ClickException):
            raise
        except BrokenPipeError:
            # The reader went away (| head); not an error of ours.
            sys.stderr.close()
            ctx.exit(int(ExitCode.OK))
        except Exception as error:  # a bug (one line unless debugging), or an unwritable stdout
            if isinstance(error, OSError) and error.errno in _OUTPUT_ERRNOS:
                _unwritable(error)
                ctx.exit(int(ExitCode.OUTPUT))
            if os.environ.get("POWERMAP_DEBUG"):
                raise
            click.echo(
                f"powermap: internal error: {type(error).__name__}: {_shown(error)} "
                "(please report it; set POWERMAP_DEBUG=1 for details)",
                err=True,
            )
            ctx.exit(int(ExitCode.INTERNAL))


# What a write to standard output (or the terminal) meets when the disk or device behind it
# fails: the output could not be written (exit 3), not a bug. Files powermap writes itself go
# through powermap.files, which reports these as OutputError.
_OUTPUT_ERRNOS = frozenset({errno.ENOSPC, errno.EDQUOT, errno.EFBIG, errno.EIO})


def _unwritable(error: OSError) -> None:
    """Say, on stderr if it still works, that standard output could not be written."""
    try:
        sys.stderr.write(f"powermap: cannot write the output: {error.strerror or error}\n")
        sys.stderr.flush()
    except OSError:
        pass


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]}, epilog=_EPILOG)
@click.version_option(__version__, "--version", prog_name="powermap", message="%(prog)s %(version)s")
def cli() -> None:
    """Map the power structure of a buying organisation.

    Describe the account in one file (YAML, JSON, a folder of CSV files or an Excel
    workbook) and ask who really decides, whom we have not reached, who can help us and
    who could sink the deal. Start with `powermap init NAME`.
    """


# The default of --max-input-mb, as powermap.loaders.limits.DEFAULT_MAX_INPUT_MB (not imported
# here, to keep --help light; a test holds the two equal).
_DEFAULT_MAX_INPUT_MB = 64


def _input_limit_option(command):
    """--max-input-mb, on every command that reads account files: an option of the command, not
    of the group, so that it works wherever it is added to the command line the size message
    came from (``powermap check big.yaml --max-input-mb 200``). It holds the files the command
    reads to the limit while the command runs (work the command forks inherits it)."""

    def hold(ctx: click.Context, param, value):
        from .loaders.limits import input_limit

        ctx.with_resource(input_limit(value))  # also checks $POWERMAP_MAX_INPUT_MB, before any reading

    return click.option(
        "--max-input-mb", type=click.IntRange(min=1), metavar="N", expose_value=False, callback=hold,
        help="Refuse an account file bigger than N MB (each CSV of a folder; a workbook also by the XML it unpacks "
             f"to) [default: $POWERMAP_MAX_INPUT_MB, else {_DEFAULT_MAX_INPUT_MB}].",
    )(command)


@cli.command(epilog=_EPILOG)
@click.argument("files", nargs=-1, required=True, type=click.Path())
@click.option("--strict", is_flag=True, help="Fail (exit 1) on warnings too.")
@click.option("-q", "--quiet", is_flag=True, help="Print only errors and warnings.")
@_input_limit_option
def check(files: tuple[str, ...], strict: bool, quiet: bool) -> None:
    """Validate account FILES and summarise them.

    Every problem is printed on its own line as FILE:LINE: FIELD: MESSAGE (CSV and Excel
    give the row), so all of them can be fixed in one pass. Warnings point at what is valid
    but probably a mistake.
    """
    from .checks import check_file
    from .render.check import issue_lines, summary_lines

    failed = False
    for path in files:
        with _progress() as shown:
            result = check_file(path, progress=_loading(shown, path))
        for line in issue_lines(result):
            click.echo(_shown(line), err=True)
        if not quiet:
            for line in summary_lines(result):
                click.echo(line)
        failed = failed or not result.ok or (strict and result.warnings.total > 0)
    if failed:
        raise click.exceptions.Exit(int(ExitCode.INVALID_INPUT))


@cli.command(epilog=_EPILOG)
@click.argument("name")
@click.option("--lang", type=click.Choice(["en", "zh"]), default="en", show_default=True, help="Language of the comments and values.")
def init(name: str, lang: str) -> None:
    """Write a commented starter account NAME.yaml to fill in (never replaces a file)."""
    from .starter import write_starter

    path = write_starter(name, lang)
    click.echo(f"wrote {_shown(path)}; fill it in, then run: powermap check {_shown(path)}")


@cli.command(epilog=_EPILOG)
@click.argument("source", type=click.Path())
@click.argument("target", type=click.Path())
@click.option("--force", is_flag=True, help="Replace TARGET if it exists (never the input).")
@_input_limit_option
def convert(source: str, target: str, force: bool) -> None:
    """Convert an account between forms: .yaml, .json, .xlsx, or a CSV folder (no ending).

    The account is validated first; a file with errors is not converted.
    """
    from .loaders import load
    from .writers import output_form, write_account

    output_form(target)  # a wrong ending is reported before the input is read
    with _progress() as shown:
        account = load(source, progress=_loading(shown, source))
        shown.steps("{step}", counted=False)(f"writing {target}", 0, 1)
        form = write_account(account, target, overwrite=force, inputs=(source,))
    click.echo(f"wrote {_shown(target)} ({form})")


class _Choice(click.ParamType):
    """An enumerated option that also takes the aliases of the account format (e.g. 投标)."""

    def __init__(self, enum_name: str):
        self.enum_name = enum_name
        self.name = enum_name.lower()

    def convert(self, value, param, ctx):
        from .model import enums

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
    from .model.values import nfc

    return nfc(value)


def _analysis_options(command):
    """The options every analysis command shares."""
    command = click.option("--stale-days", type=click.IntRange(min=1), default=STALE_DAYS, show_default=True,
                           help="A contact older than this many days before the as-of date is stale.")(command)
    command = click.option("--as-of", type=_DATE, help="Judge staleness from this date (default: the account's as_of, else today).")(command)
    command = click.option("--stage", type=_Choice("Stage"), help="Rank for this sales stage instead of the account's.")(command)
    return command


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
    from .analysis.engine import requested

    return requested(engine)


def _progress():
    """A progress line on stderr, shown only when a person watches (see powermap.progress)."""
    from .progress import Progress

    return Progress()


def _loading(shown, source: str) -> Callable[[str, int, int], None]:
    """The progress callable for loading ``source``: 'reading FILE', then 'validating FILE'."""
    return shown.steps(f"{{step}} {source}", counted=False)


_ANALYSING = "analysing: {step}"


def _analysis(account, stage, as_of, stale_days: int, engine: str, step):
    """The account's analysis after the first two of three steps of a command that needs the
    key persons: the graph and the ranking."""
    from .analysis.account_analysis import Analysis

    analysis = Analysis(account, stage=stage, as_of=as_of.date() if as_of else None, stale_days=stale_days,
                        engine=engine)
    step("graph", 0, 3)
    analysis.graph
    step("key persons", 1, 3)
    analysis.key_persons
    return analysis


class _Interrupted(PowermapError):
    """A neo4j command stopped by Ctrl-C; the message says what was saved."""

    exit_code = 130  # 128 + SIGINT, the usual status of a command stopped by Ctrl-C


class _BackendURI(click.ParamType):
    """``memory`` or a well-formed Neo4j address; anything else is a usage error of one line,
    before any connection, that shows the address without its user name or password."""

    name = "uri"

    def convert(self, value, param, ctx):
        from .backends import BOLT_SCHEMES, address_problem, display_uri, is_memory

        scheme = value.split("://", 1)[0].lower() if "://" in value else None
        if is_memory(value):
            return value
        if scheme not in BOLT_SCHEMES:
            raise AddressError(f"--backend: expected memory or a Neo4j address (bolt://HOST:7687, neo4j://HOST, "
                              f"neo4j+s://HOST), got {display_uri(value)!r}")
        problem = address_problem(value)
        if problem:
            raise AddressError(f"--backend: {problem}")
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


def _account(source: str, backend: str | None, user: str | None, database: str | None, shown=None,
             engine: str | None = None):
    """The account to analyse, and the inputs an output must not overwrite: a file on the
    memory backend, an account id in a graph database otherwise. ``shown`` (a Progress)
    shows the loading. With ``engine``, the analyses and their libraries may be imported
    while the file loads (see :func:`powermap.loaders.load`), so a command imports them
    after this."""
    from .backends import is_memory, load_account

    progress = _loading(shown, source) if shown is not None else None
    meanwhile = functools.partial(_import_analyses, engine) if engine else None
    if is_memory(backend):
        if user or database:
            raise click.UsageError("--user and --database go with --backend bolt://... or neo4j://...")
        return load_account(source, progress=progress, meanwhile=meanwhile), (source,)
    return load_account(source, backend, user=user, password=_password(), database=database, progress=progress,
                        meanwhile=meanwhile), ()


def _import_analyses(engine: str) -> None:
    """networkx, every analysis, numpy, and igraph unless networkx is asked for: what a
    command imports after loading a mid-size file, whose people are almost always more than
    those from which auto picks igraph."""
    from . import report  # noqa: F401 - networkx and every analysis
    from .analysis.engine import load_libraries

    load_libraries("networkx" if engine == "networkx" else "igraph")


@cli.command(epilog=_EPILOG)
@click.argument("file", type=click.Path())
@click.option("-f", "--format", "form", type=click.Choice(["table", "markdown", "json", "csv"]), default="table",
              show_default=True, help="table for the terminal, markdown for a wiki or deck, json for integrations, csv for a folder of tables.")
@click.option("--top", type=click.IntRange(min=1),
              help="Keep only the first N of each ranked list [default: 10 for table and markdown, all for json and csv].")
@click.option("-o", "--output", type=click.Path(), help="Write to this file (a folder for csv) instead of standard output.")
@_analysis_options
@_engine_option
@_connection_options(_ANALYSIS_BACKEND)
@_input_limit_option
def report(file, form, top, output, stage, as_of, stale_days, engine, backend, user, database) -> None:
    """Analyse an account: key persons, coverage gaps, inside contacts, ignored risks,
    power structure, factions, brokers and recommendations.

    FILE is an account file, or with --backend an account id in that database."""
    engine = _engine(engine)
    if top is None and form in ("table", "markdown"):
        top = 10  # a page a team can read; the machine formats keep everything
    with _progress() as shown:
        account, inputs = _account(file, backend, user, database, shown, engine)
        from .render.report import write_report
        from .report import analyze

        result = analyze(account, stage=stage, top=top, as_of=as_of.date() if as_of else None, stale_days=stale_days,
                         engine=engine, progress=shown.steps(_ANALYSING))
    write_report(result, form, output, inputs=inputs, stdout=sys.stdout)
    if output:
        click.echo(f"wrote {_shown(output)} ({form})", err=True)


@cli.command(epilog=_EPILOG)
@click.argument("file", type=click.Path())
@click.option("--to", "target", required=True, callback=_id_option, help="The stakeholder id to reach.")
@click.option("-k", "count", type=click.IntRange(min=1), default=3, show_default=True, help="How many routes.")
@click.option("--from", "source", callback=_id_option, help="Start from this member of our team only.")
@click.option("-f", "--format", "form", type=click.Choice(["table", "json"]), default="table", show_default=True)
@_analysis_options
@_engine_option
@_connection_options(_ANALYSIS_BACKEND)
@_input_limit_option
def path(file, target, count, source, form, stage, as_of, stale_days, engine, backend, user, database) -> None:
    """The warmest introduction routes from our team to a stakeholder, and cross-appointments.

    FILE is an account file, or with --backend an account id in that database."""
    engine = _engine(engine)
    with _progress() as shown:
        account = _account(file, backend, user, database, shown, engine)[0]
        from .render.paths import render_introductions

        step = shown.steps(_ANALYSING)
        analysis = _analysis(account, stage, as_of, stale_days, engine, step)
        step("routes", 2, 3)
        found = analysis.introductions(target, k=count, source=source)
        step("done", 3, 3)
    click.echo(render_introductions(found, analysis.graph, form), nl=False)


@cli.command("map", epilog=_EPILOG)
@click.argument("file", type=click.Path())
@click.option("-o", "--output", type=click.Path(), help="Where to write [default: ACCOUNT-ID.html, or .png/.svg with --format].")
@click.option("-f", "--format", "form", type=click.Choice(["html", "png", "svg"]),
              help="html: one interactive offline page; png/svg: a still image for slides [default: from -o, else html].")
@click.option("--layout", type=click.Choice(["org", "force"]), default="org", show_default=True,
              help="org: top-down by reporting line, grouped by department; force: clustered by ties.")
@click.option("--focus", metavar="ID", callback=_id_option, help="Open centred on this stakeholder.")
@click.option("--path-to", metavar="ID", callback=_id_option,
              help="Highlight the warmest introduction routes to this stakeholder.")
@click.option("--redact", is_flag=True, help="Replace personal names by title or role, drop notes and name-like ids: for sharing outside the team.")
@click.option("--seed", type=int, default=0, show_default=True, help="Seed of the force layout and community detection.")
@click.option("--as-of", type=_DATE, help="Judge staleness from this date (default: the account's as_of, else today).")
@click.option("--stale-days", type=click.IntRange(min=1), default=STALE_DAYS, show_default=True,
              help="A contact older than this is stale.")
@_engine_option
@_connection_options(_ANALYSIS_BACKEND)
@_input_limit_option
def map_command(file, output, form, layout, focus, path_to, redact, seed, as_of, stale_days, engine, backend, user,
                database) -> None:
    """Draw the power map: an interactive HTML page that opens offline, or a PNG/SVG image.

    FILE is an account file, or with --backend an account id in that database."""
    from .render.map_output import default_target, map_target, write_map

    form, target = map_target(output, form)
    engine = _engine(engine)
    with _progress() as shown:
        account, inputs = _account(file, backend, user, database, shown, engine)
        written = write_map(account, target or default_target(account.account.id, form), form, inputs=inputs, layout=layout,
                            focus=focus, path_to=path_to, redact=redact, seed=seed,
                            as_of=as_of.date() if as_of else None, stale_days=stale_days, engine=engine,
                            progress=shown.steps("map: {step}"))
    click.echo(f"wrote {_shown(written)} ({form})")


_NEO4J_BACKEND = "The Neo4j server: bolt://HOST:7687, neo4j://HOST or neo4j+s://HOST [default: $POWERMAP_NEO4J_URI]."


def _emit(text: str, output: str | None, inputs: tuple = ()) -> None:
    """Print text, or write it atomically to ``output`` (never over an input)."""
    if output is None:
        click.echo(text, nl=False)
        return
    from .files import write_output

    write_output(output, lambda path: path.write_text(text, encoding="utf-8"), overwrite=True, inputs=inputs)
    click.echo(f"wrote {_shown(output)}", err=True)


_TEXT_FORMATS = click.Choice(["table", "markdown", "json"])


@cli.command(epilog=_EPILOG)
@click.argument("file", type=click.Path())
@click.option("--set", "sets", multiple=True, metavar="ID.FIELD=VALUE", help="Change a stakeholder, e.g. wang.stance=supporter (repeatable).")
@click.option("--add-contact", "contacts", multiple=True, metavar="MEMBER:ID:STRENGTH", help="Add a contact, e.g. alice:wang:close (repeatable).")
@click.option("--scenario", type=click.Path(), help="A YAML file with 'set:' and 'add_contact:' lists.")
@click.option("-f", "--format", "form", type=_TEXT_FORMATS, default="table", show_default=True)
@click.option("-o", "--output", type=click.Path(), help="Write to this file instead of standard output.")
@_analysis_options
@_engine_option
@_connection_options(_ANALYSIS_BACKEND)
@_input_limit_option
def simulate(file, sets, contacts, scenario, form, output, stage, as_of, stale_days, engine, backend, user,
             database) -> None:
    """What if: rerun every analysis on a changed copy of the account and show what moves
    (the forecast support index, key persons, gaps, risks). The account is never modified."""
    from .render.whatif import render_result
    from .scenario import parse_change, read_scenario

    changes = [parse_change(text, "set") for text in sets] + [parse_change(text, "contact") for text in contacts]
    if scenario:
        changes += read_scenario(scenario)
    if not changes:
        raise click.UsageError("no change given: use --set ID.FIELD=VALUE, --add-contact MEMBER:ID:STRENGTH or --scenario FILE")
    engine = _engine(engine)
    with _progress() as shown:
        account, inputs = _account(file, backend, user, database, shown, engine)
        from .compare import simulate as run

        result = run(account, changes, as_of=as_of.date() if as_of else None, stage=stage, stale_days=stale_days,
                     engine=engine, progress=shown.steps(_ANALYSING))
    _emit(render_result("simulate", result.to_dict(), form), output, inputs + ((scenario,) if scenario else ()))


@cli.command(epilog=_EPILOG)
@click.argument("file", type=click.Path())
@click.option("--budget", type=click.IntRange(min=1), default=3, show_default=True, help="How many people to win over.")
@click.option("-f", "--format", "form", type=_TEXT_FORMATS, default="table", show_default=True)
@click.option("-o", "--output", type=click.Path(), help="Write to this file instead of standard output.")
@_analysis_options
@_engine_option
@_connection_options(_ANALYSIS_BACKEND)
@_input_limit_option
def plan(file, budget, form, output, stage, as_of, stale_days, engine, backend, user, database) -> None:
    """Whom to win over next: the people whose turning supporter raises the committee's
    forecast most, each with the warmest introduction route and why."""
    from .render.whatif import render_result

    engine = _engine(engine)
    with _progress() as shown:
        account, inputs = _account(file, backend, user, database, shown, engine)
        step = shown.steps(_ANALYSING)
        analysis = _analysis(account, stage, as_of, stale_days, engine, step)
        step("plan", 2, 3)
        result = analysis.plan(budget)
        step("done", 3, 3)
    _emit(render_result("plan", result.to_dict(), form), output, inputs)


@cli.command(epilog=_EPILOG)
@click.argument("old", type=click.Path())
@click.argument("new", type=click.Path())
@click.option("-f", "--format", "form", type=_TEXT_FORMATS, default="table", show_default=True)
@click.option("-o", "--output", type=click.Path(), help="Write to this file instead of standard output.")
@click.option("--as-of", type=_DATE, help="Judge both snapshots from this date (default: each its own as_of).")
@_engine_option
@_input_limit_option
def diff(old, new, form, output, as_of, engine) -> None:
    """What changed between two snapshots of an account: people, stances, ties and contacts,
    gaps and risks opened or closed, and the forecast."""
    from .compare import diff_accounts
    from .loaders import load
    from .render.whatif import render_result

    engine = _engine(engine)
    with _progress() as shown:
        before = load(old, progress=_loading(shown, old))
        after = load(new, progress=_loading(shown, new))
        result = diff_accounts(before, after, as_of=as_of.date() if as_of else None, engine=engine,
                               progress=shown.steps(_ANALYSING))
    _emit(render_result("diff", result.to_dict(), form), output, (old, new))


@cli.command(epilog=_EPILOG)
@click.argument("inputs", nargs=-1, required=True, type=click.Path())
@click.option("-f", "--format", "form", type=click.Choice(["table", "markdown", "csv", "json", "html"]), default="table",
              show_default=True, help="html writes a folder (-o) with an index page and each account's map.")
@click.option("-o", "--output", type=click.Path(), help="Write to this file (a folder for html) instead of standard output.")
@click.option("--workers", type=click.IntRange(min=1), help="Processes to use [default: one per core].")
@_engine_option
@_input_limit_option
def portfolio(inputs, form, output, workers, engine) -> None:
    """One row per account (grade, stage, coverage, high gaps, top key person, top risk,
    support index, next action), sorted by grade then risk. INPUTS are account files or
    folders of them; a broken file is reported and the rest still analysed."""
    from .portfolio import portfolio as run
    from .render.portfolio_output import write_portfolio

    if form == "html" and not output:
        raise click.UsageError("--format html writes a folder: give -o FOLDER")
    engine = _engine(engine)
    with _progress() as shown:
        result = run(inputs, workers=workers, progress=shown.count("analysing accounts"), engine=engine)
    write_portfolio(result, form, output, inputs=tuple(inputs))
    if output:
        click.echo(f"wrote {_shown(output)} ({form})", err=True)


class _Neo4jGroup(_Group):
    """The neo4j commands: Ctrl-C ends one with status 130 and a line saying what was saved
    (``neo4j push`` says it account by account; see :func:`neo4j_push`)."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except KeyboardInterrupt:
            command = ctx.invoked_subcommand or "command"
            done = {"pull": "nothing was written", "list": "nothing was changed",
                    "delete": "an account is deleted whole or not at all; `powermap neo4j list` shows which"}
            click.echo(f"interrupted: {done.get(command, 'nothing was changed')}", err=True)
            ctx.exit(_Interrupted.exit_code)


@cli.group("neo4j", cls=_Neo4jGroup, epilog=_EPILOG)
def neo4j_group() -> None:
    """Keep accounts in a Neo4j database: push, pull, list, delete.

    Many accounts share one database, told apart by their id. The server comes from
    --backend or POWERMAP_NEO4J_URI; user, password and database from --user, --database
    and POWERMAP_NEO4J_USER, POWERMAP_NEO4J_PASSWORD, POWERMAP_NEO4J_DATABASE (the password
    only from the environment or a prompt). Then analyse with `powermap report ID --backend URI`.
    """


def _store(backend: str | None, user: str | None, database: str | None):
    """The Neo4j backend the neo4j commands talk to (--backend, else POWERMAP_NEO4J_URI)."""
    from .backends import connect, is_memory

    uri = backend or os.environ.get("POWERMAP_NEO4J_URI")
    if not uri:
        raise click.UsageError("no Neo4j server given: use --backend bolt://HOST:7687 or set POWERMAP_NEO4J_URI")
    if is_memory(uri):
        raise click.UsageError("the neo4j commands need a Neo4j server (bolt://HOST:7687 or neo4j://HOST), not memory")
    return connect(backend, user=user, password=_password(), database=database)  # None: the environment's


@neo4j_group.command("push", epilog=_EPILOG)
@click.argument("files", nargs=-1, required=True, type=click.Path())
@click.option("--batch-size", type=click.IntRange(min=1), help="Rows sent per statement [default: 5000].")
@_connection_options(_NEO4J_BACKEND)
@_input_limit_option
def neo4j_push(files, batch_size, backend, user, database) -> None:
    """Push account FILES: create what is new, update what changed, remove what a file no
    longer has. Every file is validated before anything is written; each account is one
    transaction, so a failure or Ctrl-C leaves it as it was (Ctrl-C while an account is being
    committed lets the commit finish). Pushing an unchanged file writes nothing of the account."""
    from .backends import PushInterrupted
    from .loaders import load

    accounts, seen, saved, current = [], {}, [], None
    try:
        for file in files:
            with _progress() as shown:
                account = load(file, progress=_loading(shown, file))
            if account.account.id in seen:
                raise click.UsageError(f"{seen[account.account.id]} and {file} both hold account {account.account.id!r}; push one")
            seen[account.account.id] = file
            accounts.append(account)
        with _store(backend, user, database) as store:
            for account in accounts:
                current, late = account.account.id, None
                with _progress() as shown:
                    shown.steps("{step}", counted=False)(f"pushing {current}", 0, 1)
                    try:
                        pushed = store.push(account, batch_size=batch_size, progress=shown.count(f"pushing {current}"))
                    except PushInterrupted as interrupt:  # during the commit, which was let finish
                        pushed, late = interrupt.result, interrupt
                click.echo(f"pushed {pushed.describe()}")
                saved.append(current)
                if late is not None:
                    raise late
                current = None
    except KeyboardInterrupt:
        raise _Interrupted(_push_interrupted(current, saved, [a.account.id for a in accounts])) from None


def _push_interrupted(current: str | None, saved: list[str], ids: list[str]) -> str:
    """What a push stopped by Ctrl-C saved, in one line: each account is saved whole or not at
    all, so the line names the accounts saved, the one being pushed and those not pushed."""
    left = [account_id for account_id in ids if account_id not in saved and account_id != current]
    not_pushed = f"; not pushed: {', '.join(left)}" if left else ""
    if current is None:
        if not saved:
            return "interrupted before pushing: nothing was saved"
        return f"interrupted; saved: {', '.join(saved)}{not_pushed}"
    if current in saved:  # Ctrl-C came during its commit, which was let finish
        return f"interrupted while pushing {current}, after it was saved; saved: {', '.join(saved)}{not_pushed}"
    before = f"; saved before it: {', '.join(saved)}" if saved else ""
    return f"interrupted while pushing {current}: nothing of {current} was saved{before}{not_pushed}"


@neo4j_group.command("pull", epilog=_EPILOG)
@click.argument("account_id")
@click.option("-o", "--output", required=True, type=click.Path(),
              help="Where to write: .yaml, .json, .xlsx, or a folder name without an ending for CSV.")
@click.option("--force", is_flag=True, help="Replace OUTPUT if it exists.")
@_connection_options(_NEO4J_BACKEND)
def neo4j_pull(account_id, output, force, backend, user, database) -> None:
    """Write the account ACCOUNT_ID from the database to a file (equal to the one pushed)."""
    from .writers import output_form, write_account

    output_form(output)  # a wrong ending is reported before connecting
    with _store(backend, user, database) as store, _progress() as shown:
        status = shown.steps("{step}", counted=False)
        status(f"reading {account_id}", 0, 2)
        account = store.account(account_id)
        status(f"writing {output}", 1, 2)
        form = write_account(account, output, overwrite=force)
    click.echo(f"wrote {_shown(output)} ({form})")


@neo4j_group.command("list", epilog=_EPILOG)
@_connection_options(_NEO4J_BACKEND)
def neo4j_list(backend, user, database) -> None:
    """List the accounts in the database: id, stakeholders, team, stage, as-of date and name
    (and a note on any account a push of which was interrupted)."""
    with _store(backend, user, database) as store:
        found = store.accounts()
    if not found:
        click.echo("no accounts", err=True)
    width = max((len(_shown(summary.id)) for summary in found), default=0)
    for summary in found:  # every field as the database holds it, which any client may have written
        interrupted = "  (a push of it was interrupted: push the file again)" if summary.interrupted else ""
        click.echo(f"{_shown(summary.id):<{width}}  {summary.stakeholders:>6} people  {summary.team:>3} team  "
                   f"{_shown(summary.stage or '-'):<14}  {_shown(summary.as_of or '-'):<10}  "
                   f"{_shown(summary.name or '-')}{interrupted}")


@neo4j_group.command("delete", epilog=_EPILOG)
@click.argument("account_id")
@_connection_options(_NEO4J_BACKEND)
def neo4j_delete(account_id, backend, user, database) -> None:
    """Delete the account ACCOUNT_ID from the database (other accounts are untouched)."""
    with _store(backend, user, database) as store:
        count = store.delete(account_id)
    click.echo(f"deleted {account_id} ({count} nodes and their relationships)")


def main() -> None:
    """Entry point of the ``powermap`` console script."""
    # The analyses' vector products are small: OpenBLAS threads only make them wait on each
    # other (a dot product of 50,000 numbers took 3.5 ms with two threads on a busy 2-core
    # machine, 16 us with one). Read when numpy loads, so set before any command imports it.
    os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
    try:
        cli(prog_name="powermap")
    except SystemExit as done:
        _leave(done.code)
    except OSError as error:  # --help or --version into a full disk: before any command runs
        if error.errno not in _OUTPUT_ERRNOS:
            raise
        _unwritable(error)
        _leave(int(ExitCode.OUTPUT))


def _leave(code) -> None:
    """Exit with ``code`` (as ``sys.exit`` reads it) without tearing the interpreter down.

    Every output is written and closed by now; what is left is freeing the loaded account's
    objects one by one and unloading the libraries, which took 0.13 s after a 500-person
    report (a tenth of the command) and grows with the account. The standard streams are
    flushed first; a reader that went away (``powermap report ... | head``) is not an error.
    """
    if code is not None and not isinstance(code, int):
        print(code, file=sys.stderr)
        code = 1
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (BrokenPipeError, ValueError):  # the reader left, or the stream was closed
            pass
        except OSError as error:  # a full disk behind the stream, unless already said
            if stream is sys.stdout and not code:
                _unwritable(error)
                code = int(ExitCode.OUTPUT)
    os._exit(code or 0)
