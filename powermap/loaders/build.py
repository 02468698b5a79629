"""From a plain document (tables of records) to a validated :class:`AccountMap`.

Every loader reads its format into the same document shape and hands it here with its source.
Each record is validated on its own, then the cross-record rules run on the records that passed,
and every problem found on the way is located through the source and reported together: the
first :data:`~powermap.errors.MAX_ISSUES`, and how many more there are.
"""

from __future__ import annotations

from typing import Any

from pydantic import TypeAdapter, ValidationError

from ..errors import AccountError, Issue, IssueLog, Location, joined
from ..i18n import Message, say
from ..model import TABLES, AccountMap, Power, Record
from ..model.field_words import field_hint, table_hint
from ..model.fields import same_ids
from ..model.integrity import iter_problems, resolve_names
from .limits import max_records, records_over_limit
from .text import EMPTY_MESSAGE

__all__ = ["build_account", "describe_value"]

_ADAPTERS: dict[str, TypeAdapter] = {}


def describe_value(value: Any) -> str:
    if value is None:
        return say("nothing")
    if isinstance(value, dict):
        return say("a mapping")
    if isinstance(value, (list, tuple)):
        return say("a list")
    return repr(value)


def build_account(doc: Any, source) -> AccountMap:
    """Validate a document; raise :class:`AccountError` listing every problem found.

    Problems the source met while reading (``source.problems``) are reported with the rest;
    if reading stopped there, they are reported at once.
    """
    issues: IssueLog = source.problems
    if issues.stopped:
        raise AccountError.from_log(issues)
    if doc is None:
        raise AccountError.single(Location(source.path), EMPTY_MESSAGE)
    if not isinstance(doc, dict):
        raise AccountError.single(
            source.locate(()),
            say("expected a mapping of tables ({tables}) at the top level, got {value}", tables=", ".join(TABLES),
                value=describe_value(doc)),
        )
    _check_records(doc, source)
    for key in doc:
        if key not in TABLES:
            issues.add(lambda: source.issue((key,), joined(say("unknown table {name}", name=repr(key)),
                                                           table_hint(str(key), TABLES) or _known_tables())))

    tables: dict[str, list[Record | None]] = {}
    raw_ids: dict[str, set[str]] = {}
    with same_ids():  # a person's id and the records naming them hold one string
        for table, model in TABLES.items():
            raw = doc.get(table)
            if table == "account":
                records = _account_records(raw, source, issues)
            else:
                records = _table_records(table, raw, source, issues)
            tables[table] = _validate(table, model, records, source, issues)
            raw_ids[table] = {_ident(record) for record in records} - {None} if "id" in model.model_fields else set()

    known = resolve_names(tables, raw_ids=raw_ids)
    for problem in iter_problems(tables, raw_ids=raw_ids, describe=lambda: not issues.full, known=known):
        if problem is None:
            issues.count()
            continue
        path = (problem.table, problem.index, problem.field)
        message = problem.message
        if problem.related is not None:
            first = source.locate(problem.related)
            message = joined(message, say(" (first at {where})", where=first.relative_to(source.locate(path))))
        record = tables[problem.table][problem.index]
        issues.append(source.issue(path, message, ident=getattr(record, "id", None)))

    if issues:
        raise AccountError.from_log(issues)
    return AccountMap.model_construct(
        account=tables["account"][0], **{name: tuple(tables[name]) for name in TABLES if name != "account"}
    )


def _check_records(doc: dict, source) -> None:
    """Refuse a document of more records than the size limit allows (a file of a million tiny
    records would otherwise cost a million validated records; see limits.RECORDS_PER_MB),
    naming the table where the count passes it. Tables read from rows were counted as they
    were read, and YAML while it was composed (this still counts a table's list given by an
    alias)."""
    if getattr(source, "records", None) is not None:
        return
    most = max_records()
    total = 1  # the account, as the tables count their rows
    for table, raw in doc.items():
        if table in TABLES and table != "account" and isinstance(raw, list):
            total += len(raw)
            if total > most:
                raise records_over_limit(Location(source.path), table)


def _known_tables() -> str:
    return say(" (expected {names})", names=", ".join(TABLES))


def _account_records(raw: Any, source, issues: IssueLog) -> list[dict]:
    if raw is None:
        issues.append(Issue(source.locate(("account",)), "account", say("missing: every account needs an account table with an id and a name")))
        return []
    if not isinstance(raw, dict):
        issues.append(source.issue(("account",), say("expected a mapping of fields (id, name, ...), got {value}",
                                                     value=describe_value(raw))))
        return []
    return [raw]


def _table_records(table: str, raw: Any, source, issues: IssueLog) -> list[dict | None]:
    if raw is None:
        return []
    if not isinstance(raw, list):
        issues.append(source.issue((table,), say("expected a list of records, got {value}", value=describe_value(raw))))
        return []
    records = []
    for index, item in enumerate(raw):
        if isinstance(item, dict):
            records.append(item)
            continue
        issues.add(lambda: source.issue((table, index), say("expected a record (a mapping of fields), got {value}",
                                                            value=describe_value(item))))
        records.append(None)  # keeps positions aligned; already reported
    return records


def _ident(record: dict | None) -> str | None:
    """The id a raw record gives itself, if it has a usable one."""
    value = record.get("id") if record is not None else None
    if isinstance(value, bool) or not isinstance(value, (str, int)):
        return None
    return str(value).strip() or None


def _validate(table: str, model: type[Record], records: list[dict | None], source, issues: IssueLog) -> list:
    """Validate a table's records; failed ones become ``None`` and add located issues."""
    adapter = _ADAPTERS.get(table)
    if adapter is None:
        adapter = _ADAPTERS[table] = TypeAdapter(list[model])
    try:
        return adapter.validate_python(records)
    except ValidationError:
        pass
    valid: list[Record | None] = []
    for index, record in enumerate(records):
        if record is None:
            valid.append(None)
            continue
        try:
            valid.append(model.model_validate(record))
        except ValidationError as error:
            valid.append(None)
            if issues.full:  # past the cap: counted, not described
                issues.count(error.error_count())
                continue
            prefix = (table,) if table == "account" else (table, index)
            for detail in error.errors(include_url=False):
                path = prefix + tuple(detail["loc"])
                issues.append(source.issue(path, _message(detail, model), ident=_ident(record)))
    return valid


def _message(detail: dict, model: type[Record]) -> str:
    kind = detail["type"]
    if kind == "value_error":
        error = detail["ctx"]["error"]
        said = error.args[0] if len(error.args) == 1 else None
        return said if isinstance(said, Message) else str(error)  # a field's message, with its Chinese text
    if kind == "missing":
        return say("required, but missing")
    if kind == "unexpected_keyword_argument":  # a field the record does not have
        name = str(detail["loc"][-1])
        owner = Power if "power" in detail["loc"][:-1] else model
        allowed = list(owner.model_fields)
        return joined(say("unknown field {name}", name=repr(name)),
                      field_hint(name, allowed) or say(" (expected one of {names})", names=", ".join(allowed)))
    if kind in {"dataclass_type", "dict_type"}:
        return say("expected a mapping of fields, got {value}", value=describe_value(detail["input"]))
    if kind in {"tuple_type", "list_type"}:
        return say("expected a list, got {value}", value=describe_value(detail["input"]))
    return detail["msg"]
