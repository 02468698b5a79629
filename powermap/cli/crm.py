"""`powermap import`: an account from a CRM's exports (Salesforce, HubSpot)."""

from __future__ import annotations

from pathlib import Path

import click

from . import cli
from .options import _EPILOG, _account_language, _input_limit_option
from .output import _shown


@cli.command("import", epilog=_EPILOG)
@click.argument("files", nargs=-1, required=True, type=click.Path())
@click.option("-o", "--output", "target", required=True, type=click.Path(),
              help="The account file to write (.yaml, .json, .xlsx, or a CSV folder), or to update with --force.")
@click.option("--from", "source", type=click.Choice(["salesforce", "hubspot"], case_sensitive=False),
              help="The CRM the files come from (default: recognised from their columns).")
@click.option("--map", "mapping", type=click.Path(), metavar="FILE",
              help="YAML: 'roles: {CRM value: [buying roles]}', 'columns: {CRM column: field}'.")
@click.option("--force", is_flag=True, help="Update an existing account file (what the team wrote is kept).")
@_input_limit_option
def import_(files: tuple[str, ...], target: str, source: str | None, mapping: str | None, force: bool) -> None:
    """Make an account from CRM exports: FILES are a Salesforce Contact export (with its
    OpportunityContactRole export) or a HubSpot contacts export (.csv or .xlsx).

    CRM roles become buying roles (docs/import.md has the table), departments come from the
    Department column, the manager from ReportsToId, and the contact's owner becomes a team
    member with an ordinary contact. Columns not imported are listed; e-mail addresses and
    phone numbers are never written. With --force an existing account is updated: new people
    are added, titles, departments, managers and roles updated, and the rest kept.
    """
    from ..crm import existing_account, import_crm
    from .account_files import _comments
    from ..writers import output_form, write_account

    output_form(target)  # a wrong ending is reported before the exports are read
    inputs = files + ((mapping,) if mapping else ())
    existing = existing_account(target, force, inputs)
    comments = _comments(target) if existing is not None else 0
    done = import_crm(files, existing, source=source and source.lower(), mapping=mapping,
                      name=Path(target).stem or Path(target).name)
    for line in done.notes:
        click.echo(_shown(line), err=True)
    form = write_account(done.account, target, overwrite=existing is not None, inputs=inputs,
                         lang=_account_language(None, done.account))
    added = done.added
    counts = ", ".join([_count(len(added["stakeholders"]), "person", "people"),
                        _count(len(added["departments"]), "department"),
                        _count(len(added["team"]), "team member"),
                        _count(len(added["contacts"]), "contact")])
    if done.updated:
        click.echo(f"updated {_shown(target)} ({form}): added {counts}")
        for sid in added["stakeholders"]:
            click.echo(f"  added {_shown(sid)} ({_shown(done.account.stakeholder(sid).name)})")
        for line in done.changes:
            click.echo(f"  {_shown(line)}")
        if not added["stakeholders"] and not done.changes:
            click.echo("  nothing changed in the people")
        if comments:
            click.echo(f"note: the {_count(comments, 'comment')} of {_shown(target)} "
                       f"{'were' if comments > 1 else 'was'} not kept (the file was written anew)")
    else:
        click.echo(f"wrote {_shown(target)} ({form}): {counts}")
    click.echo(f"next: fill in stance, power and relations, then run: powermap check {_shown(target)}")


def _count(number: int, word: str, plural: str | None = None) -> str:
    return f"{number} {word if number == 1 else plural or word + 's'}"
