"""The commands that analyse one account: report, path, map, simulate and plan. The account
comes from a file, or with --backend from a graph database."""

from __future__ import annotations

import functools
import sys
from typing import TYPE_CHECKING, NamedTuple

import click

from ..analysis.defaults import STALE_DAYS
from . import cli
from .options import (_ANALYSIS_BACKEND, _DATE, _EPILOG, _TEXT_FORMATS, _account_language, _analysis_options,
                      _connection_options, _engine, _engine_option, _id_option, _input_limit_option, _lang_option,
                      _password)
from .output import _ANALYSING, _emit, _loading, _progress, _wrote, keep
from ..errors import UsageError
from ..i18n import say

if TYPE_CHECKING:
    from ..model import AccountMap


def _analysis(account, stage, as_of, stale_days: int, engine: str, step):
    """The account's analysis after the first two of three steps of a command that needs the
    key persons: the graph and the ranking."""
    from ..analysis.account_analysis import Analysis

    analysis = Analysis(account, stage=stage, as_of=as_of.date() if as_of else None, stale_days=stale_days,
                        engine=engine)
    step("graph", 0, 3)
    analysis.graph
    step("key persons", 1, 3)
    analysis.key_persons
    keep(analysis)  # freed with the process, not when the command returns
    return analysis


class _Loaded(NamedTuple):
    """The account a command analyses, and the inputs its output must not overwrite: the file
    on the memory backend, none for an account in a graph database."""

    account: AccountMap
    inputs: tuple[str, ...]


def _account(source: str, backend: str | None, user: str | None, database: str | None, shown=None,
             engine: str | None = None) -> _Loaded:
    """The account to analyse, and the inputs an output must not overwrite: a file on the
    memory backend, an account id in a graph database otherwise. ``shown`` (a Progress)
    shows the loading. With ``engine``, the analyses and their libraries may be imported
    while the file loads (see :func:`powermap.loaders.load`), so a command imports them
    after this."""
    from ..backends import is_memory, load_account

    progress = _loading(shown, source) if shown is not None else None
    meanwhile = functools.partial(_import_analyses, engine) if engine else None
    if is_memory(backend):
        if user or database:
            raise UsageError(say("--user and --database go with --backend bolt://... or neo4j://..."))
        loaded = _Loaded(load_account(source, progress=progress, meanwhile=meanwhile), (source,))
        keep(loaded)  # freed with the process, not when the command returns
        return loaded
    return _Loaded(load_account(source, backend, user=user, password=_password(), database=database,
                                progress=progress, meanwhile=meanwhile), ())


def _import_analyses(engine: str) -> None:
    """networkx, every analysis, numpy, and igraph unless networkx is asked for: what a
    command imports after loading a mid-size file, whose people are almost always more than
    those from which auto picks igraph."""
    from .. import report  # noqa: F401 - networkx and every analysis
    from ..analysis.engine import load_libraries

    load_libraries("networkx" if engine == "networkx" else "igraph")


@cli.command(epilog=_EPILOG)
@click.argument("file", type=click.Path())
@click.option("-f", "--format", "form", type=click.Choice(["table", "markdown", "json", "csv", "pptx"]), default="table",
              show_default=True, help="table for the terminal, markdown for a wiki or deck, json for integrations, csv for a folder of tables, "
                                      "pptx for a PowerPoint deck (-o FILE.pptx).")
@click.option("--top", type=click.IntRange(min=1),
              help="Keep only the first N of each ranked list [default: 10 for table, markdown and pptx, all for json and csv].")
@click.option("-o", "--output", type=click.Path(), help="Write to this file (a folder for csv) instead of standard output.")
@_analysis_options
@_engine_option
@_connection_options(_ANALYSIS_BACKEND)
@_input_limit_option
def report(file, form, top, output, stage, as_of, stale_days, lang, engine, backend, user, database) -> None:
    """Analyse an account: key persons, coverage gaps, inside contacts, ignored risks,
    power structure, factions, brokers and recommendations.

    FILE is an account file, or with --backend an account id in that database."""
    engine = _engine(engine)
    if form == "pptx" and not output:
        raise UsageError(say("--format pptx writes a PowerPoint deck, not text: give -o FILE.pptx"))
    if top is None and form in ("table", "markdown", "pptx"):
        top = 10  # a page a team can read; the machine formats keep everything
    with _progress() as shown:
        loaded = _account(file, backend, user, database, shown, engine)
        from ..render.report import write_report
        from ..report import analyze

        result = analyze(loaded.account, stage=stage, top=top, as_of=as_of.date() if as_of else None,
                         stale_days=stale_days, engine=engine, progress=shown.steps(_ANALYSING))
    said = _account_language(lang, loaded.account)
    keep(result)  # freed with the process, not when the command returns
    write_report(result, form, output, inputs=loaded.inputs, stdout=sys.stdout, lang=said)
    if output:
        _wrote(output, said, form, err=True)


@cli.command(epilog=_EPILOG)
@click.argument("file", type=click.Path())
@click.option("--to", "target", required=True, callback=_id_option, help="The stakeholder to reach: an id or a name.")
@click.option("-k", "count", type=click.IntRange(min=1), default=3, show_default=True, help="How many routes.")
@click.option("--from", "source", callback=_id_option, help="Start from this member of our team only (id or name).")
@click.option("-f", "--format", "form", type=click.Choice(["table", "json"]), default="table", show_default=True)
@_analysis_options
@_engine_option
@_connection_options(_ANALYSIS_BACKEND)
@_input_limit_option
def path(file, target, count, source, form, stage, as_of, stale_days, lang, engine, backend, user, database) -> None:
    """The warmest introduction routes from our team to a stakeholder, and cross-appointments.

    FILE is an account file, or with --backend an account id in that database."""
    engine = _engine(engine)
    with _progress() as shown:
        account = _account(file, backend, user, database, shown, engine).account
        from ..render.paths import render_introductions

        target = account.find(target, option="--to")
        source = source and account.find(source, table="team", option="--from")
        step = shown.steps(_ANALYSING)
        analysis = _analysis(account, stage, as_of, stale_days, engine, step)
        step("routes", 2, 3)
        found = analysis.introductions(target, k=count, source=source)
        step("done", 3, 3)
    click.echo(render_introductions(found, analysis.graph, form, lang=_account_language(lang, account)), nl=False)


@cli.command("map", epilog=_EPILOG)
@click.argument("file", type=click.Path())
@click.option("-o", "--output", type=click.Path(), help="Where to write [default: ACCOUNT-ID.html, or .png/.svg with --format].")
@click.option("-f", "--format", "form", type=click.Choice(["html", "png", "svg"]),
              help="html: one interactive offline page; png/svg: a still image for slides [default: from -o, else html].")
@click.option("--layout", type=click.Choice(["org", "force"]), default="org", show_default=True,
              help="org: top-down by reporting line, grouped by department; force: clustered by ties.")
@click.option("--focus", metavar="ID", callback=_id_option, help="Open centred on this stakeholder (id or name).")
@click.option("--path-to", metavar="ID", callback=_id_option,
              help="Highlight the warmest introduction routes to this stakeholder.")
@click.option("--redact", is_flag=True, help="Replace personal names by title or role, drop notes and name-like ids: for sharing outside the team.")
@click.option("--size", metavar="WxH|W:H", help="PNG/SVG size: pixels (1280x720) or a shape 1080 px tall (4:3) "
              "[default: 1920x1080].")
@click.option("--seed", type=int, default=0, show_default=True, help="Seed of the force layout and community detection.")
@click.option("--as-of", type=_DATE, help="Judge staleness from this date (default: the account's as_of, else today).")
@click.option("--stale-days", type=click.IntRange(min=1), default=STALE_DAYS, show_default=True,
              help="A contact older than this is stale.")
@_engine_option
@_connection_options(_ANALYSIS_BACKEND)
@_input_limit_option
@_lang_option
def map_command(file, output, form, layout, focus, path_to, redact, size, seed, as_of, stale_days, engine, backend,
                user, database, lang) -> None:
    """Draw the power map: an interactive HTML page that opens offline, or a PNG/SVG image.

    FILE is an account file, or with --backend an account id in that database."""
    from ..render.map_output import default_target, image_size, map_target, write_map

    form, target = map_target(output, form)
    pixels = image_size(size, form)
    engine = _engine(engine)
    with _progress() as shown:
        loaded = _account(file, backend, user, database, shown, engine)
        account = loaded.account
        focus = focus and account.find(focus, option="--focus")
        path_to = path_to and account.find(path_to, option="--path-to")
        said = _account_language(lang, account)
        written = write_map(account, target or default_target(account.account.id, form), form, inputs=loaded.inputs,
                            layout=layout, focus=focus, path_to=path_to, redact=redact, seed=seed,
                            as_of=as_of.date() if as_of else None, stale_days=stale_days, engine=engine,
                            progress=shown.steps("map: {step}"), lang=said, size=pixels)
    _wrote(written, said, form)


@cli.command(epilog=_EPILOG)
@click.argument("file", type=click.Path())
@click.option("--set", "sets", multiple=True, metavar="ID.FIELD=VALUE", help="Change a stakeholder, e.g. wang.stance=supporter (repeatable).")
@click.option("--add-contact", "contacts", multiple=True, metavar="MEMBER:ID:STRENGTH", help="Add a contact, e.g. alice:wang:close (repeatable).")
@click.option("--scenario", type=click.Path(), help="A YAML file with 'set:' and 'add_contact:' lists.")
@click.option("-f", "--format", "form", type=_TEXT_FORMATS, default="table", show_default=True)
@click.option("-o", "--output", type=click.Path(), help="Write to this file instead of standard output.")
@click.option("--map", "map_output", type=click.Path(), metavar="OUT",
              help="Also draw the map before and after, people in the same places, whoever changed marked: OUT.html is "
                   "one page with both maps side by side; OUT.png or OUT.svg writes OUT-before and OUT-after.")
@_analysis_options
@_engine_option
@_connection_options(_ANALYSIS_BACKEND)
@_input_limit_option
def simulate(file, sets, contacts, scenario, form, output, map_output, stage, as_of, stale_days, lang, engine, backend,
             user, database) -> None:
    """What if: rerun every analysis on a changed copy of the account and show what moves
    (the forecast support index, key persons, gaps, risks). The account is never modified.
    With --map, also draw the map before and after."""
    from ..render.whatif import names_of, render_result
    from ..scenario import parse_change, read_scenario

    if map_output:
        from ..render.whatif_map import pair_targets

        map_form = pair_targets(map_output)[0]  # a wrong ending is said before any work
    changes = [parse_change(text, "set") for text in sets] + [parse_change(text, "contact") for text in contacts]
    if scenario:
        changes += read_scenario(scenario)
    if not changes:
        raise UsageError(say("no change given: use --set ID.FIELD=VALUE, --add-contact MEMBER:ID:STRENGTH or "
                             "--scenario FILE"))
    engine = _engine(engine)
    with _progress() as shown:
        loaded = _account(file, backend, user, database, shown, engine)
        from ..compare import simulate as run

        result = run(loaded.account, changes, as_of=as_of.date() if as_of else None, stage=stage, stale_days=stale_days,
                     engine=engine, progress=shown.steps(_ANALYSING))
        said = _account_language(lang, loaded.account)
        if map_output:
            from ..render.whatif_map import build_pair, write_pair

            pair = build_pair(result.before.account, result.after.account, changes, stage=stage,
                              as_of=as_of.date() if as_of else loaded.account.account.as_of, stale_days=stale_days,
                              engine=engine, lang=said, moves=tuple(change["message"] for change in result.changes),
                              progress=shown.steps("map: {step}"))
    inputs = loaded.inputs + ((scenario,) if scenario else ())
    _emit(render_result("simulate", result.to_dict(), form, names=names_of(loaded.account), lang=said),
          output, inputs, said)
    if map_output:
        for written in write_pair(pair, map_output, inputs=inputs):
            _wrote(written, said, map_form, err=True)


@cli.command(epilog=_EPILOG)
@click.argument("file", type=click.Path())
@click.option("--budget", type=click.IntRange(min=1), default=3, show_default=True, help="How many people to win over.")
@click.option("-f", "--format", "form", type=_TEXT_FORMATS, default="table", show_default=True)
@click.option("-o", "--output", type=click.Path(), help="Write to this file instead of standard output.")
@_analysis_options
@_engine_option
@_connection_options(_ANALYSIS_BACKEND)
@_input_limit_option
def plan(file, budget, form, output, stage, as_of, stale_days, lang, engine, backend, user, database) -> None:
    """Whom to win over next: the people whose turning supporter raises the committee's
    forecast most, each with the warmest introduction route and why."""
    from ..render.whatif import names_of, render_result

    engine = _engine(engine)
    with _progress() as shown:
        loaded = _account(file, backend, user, database, shown, engine)
        step = shown.steps(_ANALYSING)
        analysis = _analysis(loaded.account, stage, as_of, stale_days, engine, step)
        step("plan", 2, 3)
        result = analysis.plan(budget)
        step("done", 3, 3)
    said = _account_language(lang, loaded.account)
    _emit(render_result("plan", result.to_dict(), form, names=names_of(loaded.account), lang=said),
          output, loaded.inputs, said)
