"""The commands that compare accounts: diff (two snapshots of one account) and portfolio
(many accounts side by side)."""

from __future__ import annotations

import click

from . import cli
from .options import (_DATE, _EPILOG, _TEXT_FORMATS, _account_language, _engine, _engine_option, _input_limit_option,
                      _lang_option)
from .output import _ANALYSING, _emit, _loading, _progress, _wrote
from ..errors import UsageError
from ..i18n import say


@cli.command(epilog=_EPILOG)
@click.argument("old", type=click.Path())
@click.argument("new", type=click.Path())
@click.option("-f", "--format", "form", type=_TEXT_FORMATS, default="table", show_default=True)
@click.option("-o", "--output", type=click.Path(), help="Write to this file instead of standard output.")
@click.option("--as-of", type=_DATE, help="Judge both snapshots from this date (default: each its own as_of).")
@_lang_option
@_engine_option
@_input_limit_option
def diff(old, new, form, output, as_of, lang, engine) -> None:
    """What changed between two snapshots of an account: people, stances, ties and contacts,
    gaps and risks opened or closed, and the forecast."""
    from ..compare import diff_accounts
    from ..loaders import load
    from ..render.whatif import names_of, render_result

    engine = _engine(engine)
    with _progress() as shown:
        before = load(old, progress=_loading(shown, old))
        after = load(new, progress=_loading(shown, new))
        result = diff_accounts(before, after, as_of=as_of.date() if as_of else None, engine=engine,
                               progress=shown.steps(_ANALYSING))
    said = _account_language(lang, before, after)
    _emit(render_result("diff", result.to_dict(), form, names=names_of(before, after), lang=said),
          output, (old, new), said)


@cli.command(epilog=_EPILOG)
@click.argument("inputs", nargs=-1, required=True, type=click.Path())
@click.option("-f", "--format", "form", type=click.Choice(["table", "markdown", "csv", "json", "html"]), default="table",
              show_default=True, help="html writes a folder (-o) with an index page and each account's map.")
@click.option("-o", "--output", type=click.Path(), help="Write to this file (a folder for html) instead of standard output.")
@click.option("--workers", type=click.IntRange(min=1), help="Processes to use [default: one per core].")
@_lang_option
@_engine_option
@_input_limit_option
def portfolio(inputs, form, output, workers, lang, engine) -> None:
    """One row per account (grade, stage, coverage, high gaps, top key person, top risk,
    support index, next action), sorted by grade then risk. INPUTS are account files or
    folders of them; a broken file is reported and the rest still analysed."""
    from ..portfolio import portfolio as run
    from ..render.portfolio_output import write_portfolio

    if form == "html" and not output:
        raise UsageError(say("--format html writes a folder: give -o FOLDER"))
    engine = _engine(engine)
    with _progress() as shown:
        result = run(inputs, workers=workers, progress=shown.count("analysing accounts"), engine=engine)
    if lang == "auto":  # the language most accounts, and their top key persons, are written in
        from ..i18n import choose_language

        lang = choose_language("auto", [text for row in result.accounts
                                        for text in (row["name"], row["top_key_person_name"]) if text])
    write_portfolio(result, form, output, inputs=tuple(inputs), lang=lang)
    if output:
        _wrote(output, lang, form, err=True)
