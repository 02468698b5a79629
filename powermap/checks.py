"""`powermap check`: validate accounts and point out what is valid but probably a mistake.

Errors stop a file from loading (see :mod:`powermap.loaders`); warnings do not, but each one
is something a team should look at before a strategy session: people without a department,
contacts with people who left, buying roles nobody holds, factions without members.

Of each kind, the first :data:`~powermap.errors.MAX_ISSUES` of a file are kept and the rest
counted, as for the errors of a file that does not load.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from .errors import AccountError, Issue, IssueLog
from .i18n import say
from .loaders import Loaded, read_account
from .model import KEY_ROLES, AccountMap, Status

__all__ = ["CheckResult", "check_file", "file_language", "find_warnings"]

# What file_language reads of a file that did not load: its first megabyte is enough to judge.
_LANGUAGE_SAMPLE = 1 << 20
# A name or title of YAML or JSON, block or flow style: ``name: 陈国华``, ``{id: chen, name: 陈国华}``,
# ``"title": "主任",`` (the value is group 1).
_NAME_FIELD = re.compile(r"""(?:^|[\s{,])["']?(?:name|title)["']?[ \t]*[:：][ \t]*["']?([^"',{}\[\]#\n]*)""")


@dataclass
class CheckResult:
    """What checking one input found: the account (when it loaded) or its errors.

    ``errors`` and ``warnings`` are :class:`~powermap.errors.IssueLog` objects: the issues
    kept, the count of the others (``total`` counts both), and for errors where reading
    stopped (then there are more errors than were counted)."""

    path: str
    loaded: Loaded | None
    errors: IssueLog
    warnings: IssueLog

    @property
    def ok(self) -> bool:
        return self.loaded is not None


def check_file(path: str, *, progress=None) -> CheckResult:
    """Load one account and collect its warnings; errors are returned, not raised.

    ``progress(phase, done, total)`` is told the loading phases (see :func:`read_account`)."""
    try:
        loaded = read_account(path, progress=progress)
    except AccountError as error:
        return CheckResult(path, None, error.log, IssueLog(path, kind="warning"))
    # the warnings found while reading (a sheet that is not a table), then the others
    return CheckResult(path, loaded, IssueLog(path), find_warnings(loaded, loaded.source.warnings))


class Written:
    """A value of the account's enumerations as an account file writes it in a language
    (``Stage.ENTRY``: entry; 销售进入), to be said inside a message."""

    def __init__(self, member):
        self.member = member

    def text(self, lang: str = "en") -> str:
        from .model.enums import written

        return written(self.member, lang)


def file_language(path: str | Path, option: str | None = None) -> str:
    """The language to tell a file that did not load in: ``option`` (``--lang``), else
    ``$POWERMAP_LANG``, else auto, judged from the file's text as an account's language is
    judged from its names and titles (:func:`powermap.i18n.choose_language`).

    The texts judged are the values of its ``name`` and ``title`` fields (YAML ``name: 陈国华`` or
    ``{id: chen, name: 陈国华}``, JSON ``"name": "陈国华"``); a file without such lines (a CSV folder's tables, a file cut
    short) is judged by its lines that are not comments; a workbook, or what cannot be read,
    by nothing (English). Only the first megabyte of a file (of each CSV table) is read."""
    from .i18n import choose_language

    location = Path(path)
    files = sorted(location.glob("*.csv")) if location.is_dir() else [location]
    lines: list[str] = []
    for name in files:
        if name.suffix.lower() in (".xlsx", ".xlsm") or not name.is_file():  # never a pipe or a device
            continue
        try:
            with open(name, "rb") as stream:
                lines += stream.read(_LANGUAGE_SAMPLE).decode("utf-8", "replace").splitlines()
        except OSError:
            continue
    values = [match.group(1) for line in lines for match in _NAME_FIELD.finditer(line) if match.group(1).strip()]
    texts = values or [line for line in lines if line.strip() and not line.lstrip().startswith("#")]
    return choose_language(option, texts)


def find_warnings(loaded: Loaded, log: IssueLog | None = None) -> IssueLog:
    """Everything valid but suspicious in a loaded account, each at its record's place.

    The warnings are added to ``log`` (a new one by default), which keeps the first
    :data:`~powermap.errors.MAX_ISSUES` and counts the rest; iterating it gives them sorted
    by place."""
    account, source = loaded.account, loaded.source
    found = log if log is not None else IssueLog(source.path, kind="warning")

    def warn(path: tuple, message, ident: str | None = None) -> None:
        found.add(lambda: source.issue(path, message, ident=ident, severity="warning"))

    if account.account.stage is None:
        warn(("account", "stage"), say("no stage: key persons are ranked without the weights of a sales stage"))
    if account.account.culture is None:
        warn(("account", "culture"), say("no culture (centralized or delegated): decision rules use a neutral mix"))
    missing = [Written(role) for role in KEY_ROLES if not account.holders(role)]
    if missing:
        warn(("account",), say("no active stakeholder holds these key roles: {roles}; who are they?", roles=missing))

    left = {person.id for person in account.stakeholders if person.status is Status.LEFT}
    for index, person in enumerate(account.stakeholders):
        place = ("stakeholders", index)
        if person.department is None:
            warn(place, say("no department: this person counts toward no department's coverage"), person.id)
        if person.active and person.reports_to in left:
            warn(place + ("reports_to",), say("reports to {boss}, who has left", boss=repr(person.reports_to)), person.id)

    for index, faction in enumerate(account.factions):
        members = {person.id for person in account.faction_members(faction.id)}
        if not members:
            warn(("factions", index), say("no stakeholder is in this faction"), faction.id)
        elif faction.leader is not None and faction.leader not in members:
            warn(("factions", index, "leader"), say("the leader {leader} is not a member of this faction",
                                                   leader=repr(faction.leader)), faction.id)

    as_of = account.account.as_of
    pairs = Counter((contact.member, contact.stakeholder) for contact in account.contacts)
    reported = set()
    for index, contact in enumerate(account.contacts):
        pair = (contact.member, contact.stakeholder)
        if contact.stakeholder in left:
            warn(("contacts", index, "stakeholder"), say("contact with {person}, who has left",
                                                        person=repr(contact.stakeholder)))
        if as_of is not None and contact.last_contact is not None and contact.last_contact > as_of:
            warn(("contacts", index, "last_contact"), say("after the account's as_of date {date}", date=as_of.isoformat()))
        if pairs[pair] > 1 and pair not in reported:
            reported.add(pair)
            warn(("contacts", index), say("{member} and {stakeholder} are listed {count} times; the strongest and latest count",
                                          member=pair[0], stakeholder=pair[1], count=pairs[pair]))
    for index, member in enumerate(account.team):
        if not account.contacts_of(member.id):
            warn(("team", index), say("keeps no contacts with stakeholders"), member.id)

    _duplicate_relations(account, source, found)
    _lookalike_ids(account, source, found)
    found.sort()
    return found


def _duplicate_relations(account: AccountMap, source, found: IssueLog) -> None:
    def repeats(index: int, earlier: int, kind) -> Issue:
        where = source.locate(("relations", earlier)).relative_to(source.locate(("relations", index)))
        return source.issue(("relations", index), say("repeats the {kind} tie at {where}", kind=Written(kind), where=where),
                            severity="warning")

    first: dict[tuple, int] = {}
    for index, relation in enumerate(account.relations):
        ends = (relation.source, relation.target)
        key = (relation.type, ends if relation.directed else tuple(sorted(ends)))
        earlier = first.setdefault(key, index)
        if earlier != index:
            found.add(lambda: repeats(index, earlier, relation.type))


def _lookalike_ids(account: AccountMap, source, found: IssueLog) -> None:
    """Ids of one table that a reader cannot tell apart (see :mod:`powermap.model.confusables`),
    and ids holding a character that does not show. Either may be meant, so they are warnings."""
    from .model.confusables import differences, invisible_characters, skeleton
    from .model.values import describe_char

    def lookalike(table: str, records, index: int, earlier: int) -> Issue:
        ident, other = records[index].id, records[earlier].id
        where = source.locate((table, earlier)).relative_to(source.locate((table, index)))
        message = say("looks like the id {other} at {where} but is another id: {differences}; if both are the same, "
                      "use one id", other=repr(other), where=where, differences=differences(ident, other))
        return source.issue((table, index, "id"), message, ident=ident, severity="warning")

    def invisible(table: str, ident: str, index: int, hidden) -> Issue:
        characters = ", ".join(describe_char(char) for char in hidden)
        message = say("holds {characters}, which does not show on screen: the id looks like one without it but is "
                      "not; remove it unless it is meant", characters=characters)
        return source.issue((table, index, "id"), message, ident=ident, severity="warning")

    for table in ("team", "departments", "factions", "stakeholders"):
        records = account.table(table)
        first: dict[str, int] = {}
        for index, record in enumerate(records):
            earlier = first.setdefault(skeleton(record.id), index)
            if earlier != index:
                found.add(lambda: lookalike(table, records, index, earlier))
                continue
            hidden = invisible_characters(record.id)
            if hidden:
                found.add(lambda: invisible(table, record.id, index, hidden))
