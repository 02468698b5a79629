"""The ``powermap`` command: thin click shims over the library.

Each command parses its options, calls one library function and prints the result. Errors the
library raises (:class:`~powermap.errors.PowermapError`) are printed one per line on stderr
with the documented exit status; nothing else of powermap is imported until a command runs,
so ``powermap --help`` stays fast.
"""

from __future__ import annotations

import os
import sys

import click

from . import __version__
from .errors import ExitCode, PowermapError

__all__ = ["cli", "main"]

_EPILOG = """\b
Exit status: 0 ok; 1 the input has errors or cannot be read; 2 wrong usage;
3 an output could not be written; 70 an internal error (please report it)."""


class _Group(click.Group):
    """A command group that turns library errors into messages and exit statuses."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except PowermapError as error:
            for line in error.lines():
                click.echo(line, err=True)
            ctx.exit(int(error.exit_code))
        except (click.exceptions.Exit, click.exceptions.Abort, click.ClickException):
            raise
        except BrokenPipeError:
            # The reader went away (| head); not an error of ours.
            sys.stderr.close()
            ctx.exit(int(ExitCode.OK))
        except Exception as error:  # a bug: say so in one line unless debugging
            if os.environ.get("POWERMAP_DEBUG"):
                raise
            click.echo(
                f"powermap: internal error: {type(error).__name__}: {error} "
                "(please report it; set POWERMAP_DEBUG=1 for details)",
                err=True,
            )
            ctx.exit(int(ExitCode.INTERNAL))


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]}, epilog=_EPILOG)
@click.version_option(__version__, "--version", prog_name="powermap", message="%(prog)s %(version)s")
def cli() -> None:
    """Map the power structure of a buying organisation.

    Describe the account in one file (YAML, JSON, a folder of CSV files or an Excel
    workbook) and ask who really decides, whom we have not reached, who can help us and
    who could sink the deal. Start with `powermap init NAME`.
    """


@cli.command(epilog=_EPILOG)
@click.argument("files", nargs=-1, required=True, type=click.Path())
@click.option("--strict", is_flag=True, help="Fail (exit 1) on warnings too.")
@click.option("-q", "--quiet", is_flag=True, help="Print only errors and warnings.")
def check(files: tuple[str, ...], strict: bool, quiet: bool) -> None:
    """Validate account FILES and summarise them.

    Every problem is printed on its own line as FILE:LINE: FIELD: MESSAGE (CSV and Excel
    give the row), so all of them can be fixed in one pass. Warnings point at what is valid
    but probably a mistake.
    """
    from .checks import check_file
    from .render.check import summary_lines

    failed = False
    for path in files:
        result = check_file(path)
        for issue in result.errors:
            click.echo(str(issue), err=True)
        for issue in result.warnings:
            click.echo(str(issue), err=True)
        if not quiet:
            for line in summary_lines(result):
                click.echo(line)
        failed = failed or not result.ok or (strict and bool(result.warnings))
    if failed:
        raise click.exceptions.Exit(int(ExitCode.INVALID_INPUT))


@cli.command(epilog=_EPILOG)
@click.argument("name")
@click.option("--lang", type=click.Choice(["en", "zh"]), default="en", show_default=True, help="Language of the comments and values.")
def init(name: str, lang: str) -> None:
    """Write a commented starter account NAME.yaml to fill in (never replaces a file)."""
    from .starter import write_starter

    path = write_starter(name, lang)
    click.echo(f"wrote {path}; fill it in, then run: powermap check {path}")


@cli.command(epilog=_EPILOG)
@click.argument("source", type=click.Path())
@click.argument("target", type=click.Path())
@click.option("--force", is_flag=True, help="Replace TARGET if it exists (never the input).")
def convert(source: str, target: str, force: bool) -> None:
    """Convert an account between forms: .yaml, .json, .xlsx, or a CSV folder (no ending).

    The account is validated first; a file with errors is not converted.
    """
    from .loaders import load
    from .writers import output_form, write_account

    output_form(target)  # a wrong ending is reported before the input is read
    account = load(source)
    form = write_account(account, target, overwrite=force, inputs=(source,))
    click.echo(f"wrote {target} ({form})")


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


def _analysis_options(command):
    """The options every analysis command shares."""
    command = click.option("--stale-days", type=click.IntRange(min=1), default=90, show_default=True,
                           help="A contact older than this many days before the as-of date is stale.")(command)
    command = click.option("--as-of", type=_DATE, help="Judge staleness from this date (default: the account's as_of, else today).")(command)
    command = click.option("--stage", type=_Choice("Stage"), help="Rank for this sales stage instead of the account's.")(command)
    return command


@cli.command(epilog=_EPILOG)
@click.argument("file", type=click.Path())
@click.option("-f", "--format", "form", type=click.Choice(["table", "markdown", "json", "csv"]), default="table",
              show_default=True, help="table for the terminal, markdown for a wiki or deck, json for integrations, csv for a folder of tables.")
@click.option("--top", type=click.IntRange(min=1),
              help="Keep only the first N of each ranked list [default: 10 for table and markdown, all for json and csv].")
@click.option("-o", "--output", type=click.Path(), help="Write to this file (a folder for csv) instead of standard output.")
@_analysis_options
def report(file, form, top, output, stage, as_of, stale_days) -> None:
    """Analyse an account: key persons, coverage gaps, inside contacts, ignored risks,
    power structure, factions, brokers and recommendations."""
    from .loaders import load
    from .render.report import write_report
    from .report import analyze

    account = load(file)
    if top is None and form in ("table", "markdown"):
        top = 10  # a page a team can read; the machine formats keep everything
    result = analyze(account, stage=stage, top=top, as_of=as_of.date() if as_of else None, stale_days=stale_days)
    write_report(result, form, output, inputs=(file,), stdout=sys.stdout)
    if output:
        click.echo(f"wrote {output} ({form})", err=True)


@cli.command(epilog=_EPILOG)
@click.argument("file", type=click.Path())
@click.option("--to", "target", required=True, help="The stakeholder id to reach.")
@click.option("-k", "count", type=click.IntRange(min=1), default=3, show_default=True, help="How many routes.")
@click.option("--from", "source", help="Start from this member of our team only.")
@click.option("-f", "--format", "form", type=click.Choice(["table", "json"]), default="table", show_default=True)
@_analysis_options
def path(file, target, count, source, form, stage, as_of, stale_days) -> None:
    """The warmest introduction routes from our team to a stakeholder, and cross-appointments."""
    from .analysis.graph import build_graph
    from .analysis.key_persons import key_persons
    from .analysis.paths import introduction_paths
    from .loaders import load
    from .render.paths import render_introductions

    graph = build_graph(load(file))
    found = introduction_paths(
        graph, target, k=count, source=source, as_of=as_of.date() if as_of else None, stale_days=stale_days,
        ranking=key_persons(graph, stage=stage),
    )
    click.echo(render_introductions(found, graph, form), nl=False)


@cli.command("map", epilog=_EPILOG)
@click.argument("file", type=click.Path())
@click.option("-o", "--output", type=click.Path(), help="Where to write [default: ACCOUNT-ID.html, or .png/.svg with --format].")
@click.option("-f", "--format", "form", type=click.Choice(["html", "png", "svg"]),
              help="html: one interactive offline page; png/svg: a still image for slides [default: from -o, else html].")
@click.option("--layout", type=click.Choice(["org", "force"]), default="org", show_default=True,
              help="org: top-down by reporting line, grouped by department; force: clustered by ties.")
@click.option("--focus", metavar="ID", help="Open centred on this stakeholder.")
@click.option("--path-to", metavar="ID", help="Highlight the warmest introduction routes to this stakeholder.")
@click.option("--redact", is_flag=True, help="Replace personal names by title or role, drop notes and name-like ids: for sharing outside the team.")
@click.option("--seed", type=int, default=0, show_default=True, help="Seed of the force layout and community detection.")
@click.option("--as-of", type=_DATE, help="Judge staleness from this date (default: the account's as_of, else today).")
@click.option("--stale-days", type=click.IntRange(min=1), default=90, show_default=True, help="A contact older than this is stale.")
def map_command(file, output, form, layout, focus, path_to, redact, seed, as_of, stale_days) -> None:
    """Draw the power map: an interactive HTML page that opens offline, or a PNG/SVG image."""
    from .loaders import load
    from .render.map_output import map_target, write_map

    form, target = map_target(output, form)
    account = load(file)
    written = write_map(account, target or f"{account.account.id}.{form}", form, inputs=(file,), layout=layout, focus=focus,
                        path_to=path_to, redact=redact, seed=seed, as_of=as_of.date() if as_of else None, stale_days=stale_days)
    click.echo(f"wrote {written} ({form})")


def main() -> None:
    """Entry point of the ``powermap`` console script."""
    cli(prog_name="powermap")
