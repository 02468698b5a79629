"""The commands on account files themselves: check, init and convert."""

from __future__ import annotations

from pathlib import Path

import click

from . import cli
from .options import _EPILOG, _account_language, _input_limit_option, _lang_option
from .output import _loading, _progress, _shown, _tell, _wrote
from ..i18n import say, say_n


@cli.command(epilog=_EPILOG)
@click.argument("files", nargs=-1, required=True, type=click.Path())
@click.option("--strict", is_flag=True, help="Fail (exit 1) on warnings too.")
@click.option("-q", "--quiet", is_flag=True, help="Print only errors and warnings.")
@_lang_option
@_input_limit_option
def check(files: tuple[str, ...], strict: bool, quiet: bool, lang: str | None) -> None:
    """Validate account FILES and summarise them.

    Every problem is printed on its own line as FILE:LINE: FIELD: MESSAGE (CSV and Excel
    give the row), so all of them can be fixed in one pass. Warnings point at what is valid
    but probably a mistake. Each file is told in its own language with --lang auto (a file
    that does not load, by the text of its names and titles).
    """
    from ..checks import check_file, file_language
    from ..errors import ExitCode
    from ..i18n import choose_language
    from ..render.check import issue_lines, summary_lines

    choose_language(lang)  # a wrong --lang or $POWERMAP_LANG is said before any file is read
    failed = False
    for path in files:
        with _progress() as shown:
            result = check_file(path, progress=_loading(shown, path))
        said = _account_language(lang, result.loaded.account) if result.ok else file_language(path, lang)
        for line in issue_lines(result, said):
            click.echo(_shown(line), err=True)
        if not quiet:
            for line in summary_lines(result, said):
                click.echo(line)
        failed = failed or not result.ok or (strict and result.warnings.total > 0)
    if failed:
        raise click.exceptions.Exit(int(ExitCode.INVALID_INPUT))


@cli.command(epilog=_EPILOG)
@click.argument("name")
@click.option("--lang", metavar="auto|zh|en", help="Language of the comments and values (default: $POWERMAP_LANG, "
              "else auto: Chinese for a name in Chinese).")
@click.option("--format", "form", type=click.Choice(["yaml", "xlsx"]),
              help="yaml: a commented file; xlsx: an Excel workbook with notes, drop-down lists and lookups "
              "[default: from NAME's ending, else yaml].")
def init(name: str, lang: str | None, form: str | None) -> None:
    """Write a starter account NAME.yaml (or NAME.xlsx) to fill in (never replaces a file).

    Its account id is made from NAME (Chinese in pinyin: 华东电网 -> huadongdianwang)."""
    from ..i18n import choose_language
    from ..starter import write_starter

    said = choose_language(lang, [Path(name).stem])
    path = write_starter(name, said, form=form)
    _tell(say("wrote {path}; fill it in, then run: powermap check {path}", path=str(path)), said)


@cli.command(epilog=_EPILOG)
@click.argument("source", type=click.Path())
@click.argument("target", type=click.Path())
@click.option("--force", is_flag=True, help="Replace TARGET if it exists (never the input).")
@_lang_option
@_input_limit_option
def convert(source: str, target: str, force: bool, lang: str | None) -> None:
    """Convert an account between forms: .yaml, .json, .xlsx, or a CSV folder (no ending).

    The account is validated first; a file with errors is not converted. Field names and ids
    stay as they are; enumerated values (roles, stance ...) are written in the account's
    language (--lang to choose). Comments of a YAML file are not carried (it says so).
    """
    from ..loaders import load
    from ..writers import output_form, write_account

    output_form(target)  # a wrong ending is reported before the input is read
    with _progress() as shown:
        account = load(source, progress=_loading(shown, source))
        shown.steps("{step}", counted=False)(f"writing {target}", 0, 1)
        said = _account_language(lang, account)
        form = write_account(account, target, overwrite=force, inputs=(source,), lang=said)
    _wrote(target, said, form)
    comments = _comments(source)
    if comments:
        _tell(say_n("note: the {count} comment of {source} is not carried into {target}; {source} keeps it",
                    "note: the {count} comments of {source} are not carried into {target}; {source} keeps them",
                    count=comments, source=source, target=target), said)


def _comments(source: str) -> int:
    """How many comments the YAML file ``source`` holds (0 for other forms)."""
    path = Path(source)
    if path.suffix.lower() not in (".yaml", ".yml") or not path.is_file():
        return 0
    from ..loaders.text import read_text
    from ..loaders.yaml_file import count_comments

    return count_comments(read_text(path, source))
