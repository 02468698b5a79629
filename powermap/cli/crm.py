"""`powermap import`: an account from a CRM's exports (Salesforce, HubSpot)."""

from __future__ import annotations

from pathlib import Path

import click

from . import cli
from .options import _EPILOG, _account_language, _input_limit_option, _lang_option
from .output import _tell


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
@_lang_option
def import_(files: tuple[str, ...], target: str, source: str | None, mapping: str | None, force: bool,
            lang: str | None) -> None:
    """Make an account from CRM exports: FILES are a Salesforce Contact export (with its
    OpportunityContactRole export) or a HubSpot contacts export (.csv or .xlsx).

    CRM roles become buying roles (docs/import.md has the table; a contact's primary role
    comes first), departments come from the Department column (their kind guessed from the
    name), the manager from ReportsToId, and the contact's owner becomes a team member with an
    ordinary contact. Each person's CRM record id is kept, so a person renamed in the CRM is
    still found. Columns not imported are listed; e-mail addresses and phone numbers are never
    written. With --force an existing account is updated: new people are added, names,
    titles, departments, managers and roles updated, and the rest kept. --lang auto: the
    language of the imported account.
    """
    from ..crm import existing_account, import_crm
    from ..i18n import say, say_n, text
    from ..writers import output_form, write_account
    from .account_files import _comments

    output_form(target)  # a wrong ending is reported before the exports are read
    inputs = files + ((mapping,) if mapping else ())
    existing = existing_account(target, force, inputs)
    comments = _comments(target) if existing is not None else 0
    done = import_crm(files, existing, source=source and source.lower(), mapping=mapping,
                      name=Path(target).stem or Path(target).name)
    shown = _account_language(lang, done.account)
    for line in done.notes:
        _tell(line.text(shown), shown, err=True)
    form = write_account(done.account, target, overwrite=existing is not None, inputs=inputs,
                         lang=_account_language(None, done.account))
    added = done.added
    counts = {
        "people": say_n("{count} person", "{count} people", count=len(added["stakeholders"])),
        "departments": say_n("{count} department", "{count} departments", count=len(added["departments"])),
        "members": say_n("{count} team member", "{count} team members", count=len(added["team"])),
        "contacts": say_n("{count} contact", "{count} contacts", count=len(added["contacts"])),
    }
    if done.updated:
        _tell(say("updated {target} ({form}): added {people}, {departments}, {members}, {contacts}",
                  target=target, form=form, **counts), shown)
        for sid in added["stakeholders"]:
            _tell("  " + text(say("added {id} ({name})", id=sid, name=done.account.stakeholder(sid).name), shown),
                  shown)
        for line in done.changes:
            _tell("  " + text(line, shown), shown)
        if not added["stakeholders"] and not done.changes and not done.ids_kept:
            _tell("  " + text(say("nothing changed in the people"), shown), shown)
        if done.ids_kept:
            _tell("  " + text(say_n("the CRM record id of {count} person is now kept (a renamed person is found by it)",
                                    "the CRM record ids of {count} people are now kept (a renamed person is found "
                                    "by them)", count=done.ids_kept), shown), shown)
        if comments:
            _tell(say_n("note: the {count} comment of {target} was not kept (the file was written anew)",
                        "note: the {count} comments of {target} were not kept (the file was written anew)",
                        count=comments, target=target), shown)
    else:
        _tell(say("wrote {target} ({form}): {people}, {departments}, {members}, {contacts}",
                  target=target, form=form, **counts), shown)
    _tell(say("next: fill in stance, power and relations, then run: powermap check {target}", target=target), shown)
