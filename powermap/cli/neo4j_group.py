"""The ``powermap neo4j`` commands: push, pull, list and delete accounts in a Neo4j database."""

from __future__ import annotations

import os

import click

from . import _Group, cli
from .options import (_EPILOG, _NEO4J_BACKEND, _account_language, _connection_options, _input_limit_option,
                      _lang_option, _password, error_language)
from .output import _loading, _progress, _shown, _tell, _wrote

_INTERRUPTED = 130  # the status of a neo4j command stopped by Ctrl-C: 128 + SIGINT, the usual one


def _interrupted(message) -> Exception:
    """The error a neo4j command stopped by Ctrl-C ends with: ``message`` says what was saved,
    the status is :data:`_INTERRUPTED`. Made when it happens, since powermap.errors is not
    imported before a command runs."""
    from ..errors import PowermapError

    class Interrupted(PowermapError):
        exit_code = _INTERRUPTED

    return Interrupted(message)


class _Neo4jGroup(_Group):
    """The neo4j commands: Ctrl-C ends one with status 130 and a line saying what was saved
    (``neo4j push`` says it account by account; see :func:`neo4j_push`)."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except KeyboardInterrupt:
            from ..i18n import say

            command = ctx.invoked_subcommand or "command"
            if command == "pull":
                said = say("interrupted: nothing was written")
            elif command == "delete":
                said = say("interrupted: an account is deleted whole or not at all; `powermap neo4j list` shows which")
            else:
                said = say("interrupted: nothing was changed")
            _tell(said, error_language(ctx.find_root()), err=True)
            ctx.exit(_INTERRUPTED)


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
    from ..backends import connect, is_memory
    from ..errors import UsageError
    from ..i18n import say

    uri = backend or os.environ.get("POWERMAP_NEO4J_URI")
    if not uri:
        raise UsageError(say("no Neo4j server given: use --backend bolt://HOST:7687 or set POWERMAP_NEO4J_URI"))
    if is_memory(uri):
        raise UsageError(say("the neo4j commands need a Neo4j server (bolt://HOST:7687 or neo4j://HOST), not memory"))
    return connect(backend, user=user, password=_password(), database=database)  # None: the environment's


@neo4j_group.command("push", epilog=_EPILOG)
@click.argument("files", nargs=-1, required=True, type=click.Path())
@click.option("--batch-size", type=click.IntRange(min=1), help="Rows sent per statement [default: 5000].")
@_connection_options(_NEO4J_BACKEND)
@_lang_option
@_input_limit_option
def neo4j_push(files, batch_size, backend, user, database, lang) -> None:
    """Push account FILES: create what is new, update what changed, remove what a file no
    longer has. Every file is validated before anything is written; each account is one
    transaction, so a failure or Ctrl-C leaves it as it was (Ctrl-C while an account is being
    committed lets the commit finish). Pushing an unchanged file writes nothing of the account."""
    from ..backends import PushInterrupted
    from ..errors import UsageError
    from ..i18n import say
    from ..loaders import load

    accounts, seen, saved, current = [], {}, [], None
    try:
        for file in files:
            with _progress() as shown:
                account = load(file, progress=_loading(shown, file))
            if account.account.id in seen:
                raise UsageError(say("{first} and {second} both hold account {account}; push one",
                                     first=seen[account.account.id], second=file, account=repr(account.account.id)))
            seen[account.account.id] = file
            accounts.append(account)
        said = _account_language(lang, *accounts)
        with _store(backend, user, database) as store:
            for account in accounts:
                current, late = account.account.id, None
                with _progress() as shown:
                    shown.steps("{step}", counted=False)(f"pushing {current}", 0, 1)
                    try:
                        pushed = store.push(account, batch_size=batch_size, progress=shown.count(f"pushing {current}"))
                    except PushInterrupted as interrupt:  # during the commit, which was let finish
                        pushed, late = interrupt.result, interrupt
                _tell(pushed.describe(), said)
                saved.append(current)
                if late is not None:
                    raise late
                current = None
    except KeyboardInterrupt:
        raise _interrupted(_push_interrupted(current, saved, [a.account.id for a in accounts])) from None


def _push_interrupted(current: str | None, saved: list[str], ids: list[str]):
    """What a push stopped by Ctrl-C saved, in one line: each account is saved whole or not at
    all, so the line names the accounts saved, the one being pushed and those not pushed."""
    from ..i18n import chained, say

    left = [account_id for account_id in ids if account_id not in saved and account_id != current]
    if current is None:
        if not saved:
            return say("interrupted before pushing: nothing was saved")
        said = say("interrupted; saved: {saved}", saved=", ".join(saved))
    elif current in saved:  # Ctrl-C came during its commit, which was let finish
        said = say("interrupted while pushing {account}, after it was saved; saved: {saved}", account=current,
                   saved=", ".join(saved))
    else:
        said = say("interrupted while pushing {account}: nothing of {account} was saved", account=current)
        if saved:
            said = chained([said, say("saved before it: {saved}", saved=", ".join(saved))])
    return chained([said, say("not pushed: {left}", left=", ".join(left))]) if left else said


@neo4j_group.command("pull", epilog=_EPILOG)
@click.argument("account_id")
@click.option("-o", "--output", required=True, type=click.Path(),
              help="Where to write: .yaml, .json, .xlsx, or a folder name without an ending for CSV.")
@click.option("--force", is_flag=True, help="Replace OUTPUT if it exists.")
@_connection_options(_NEO4J_BACKEND)
@_lang_option
def neo4j_pull(account_id, output, force, backend, user, database, lang) -> None:
    """Write the account ACCOUNT_ID from the database to a file (equal to the one pushed)."""
    from ..writers import output_form, write_account

    output_form(output)  # a wrong ending is reported before connecting
    with _store(backend, user, database) as store, _progress() as shown:
        status = shown.steps("{step}", counted=False)
        status(f"reading {account_id}", 0, 2)
        account = store.account(account_id)
        status(f"writing {output}", 1, 2)
        form = write_account(account, output, overwrite=force)
    _wrote(output, _account_language(lang, account), form)


@neo4j_group.command("list", epilog=_EPILOG)
@_connection_options(_NEO4J_BACKEND)
@_lang_option
def neo4j_list(backend, user, database, lang) -> None:
    """List the accounts in the database: id, stakeholders, team, stage, as-of date and name
    (and a note on any account a push of which was interrupted)."""
    from ..i18n import choose_language, say, text

    with _store(backend, user, database) as store:
        found = store.accounts()
    said = lang if lang in ("zh", "en") else choose_language("auto", [summary.name or "" for summary in found])
    if not found:
        _tell(say("no accounts"), said, err=True)
    width = max((len(_shown(summary.id)) for summary in found), default=0)
    for summary in found:  # every field as the database holds it, which any client may have written
        counts = text(say("{people} people  {team} team", people=f"{summary.stakeholders:>6}",
                          team=f"{summary.team:>3}"), said)
        interrupted = text(say("  (a push of it was interrupted: push the file again)"), said) if summary.interrupted else ""
        click.echo(f"{_shown(summary.id):<{width}}  {counts}  {_shown(summary.stage or '-'):<14}  "
                   f"{_shown(summary.as_of or '-'):<10}  {_shown(summary.name or '-')}{interrupted}")


@neo4j_group.command("delete", epilog=_EPILOG)
@click.argument("account_id")
@_connection_options(_NEO4J_BACKEND)
@_lang_option
def neo4j_delete(account_id, backend, user, database, lang) -> None:
    """Delete the account ACCOUNT_ID from the database (other accounts are untouched)."""
    from ..i18n import choose_language, say

    with _store(backend, user, database) as store:
        count = store.delete(account_id)
    _tell(say("deleted {account} ({count} nodes and their relationships)", account=account_id, count=count),
          choose_language(lang if lang != "auto" else None))
