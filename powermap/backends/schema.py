"""The graph schema of an account in a property-graph database, and the way to and from it.

This module is the one place that knows how an :class:`~powermap.model.AccountMap` becomes
nodes and relationships (docs/neo4j.md draws it). It imports no driver, so the conversion and
the change set of a push are plain Python, tested without a server.

Shape
-----
- Nodes ``Account``, ``TeamMember``, ``Department``, ``Faction``, ``Stakeholder``, keyed by
  ``(account, id)``; every scalar field of the record is a property of the same name, power
  sources are ``power_knowledge`` ... ``power_interpersonal``, lists (``roles``,
  ``competitors``) are lists of strings, dates are ISO strings, enumerations their English
  value. ``seq`` is the record's place in its table, so a pull gives the file order back.
- References become relationships: ``REPORTS_TO`` (stakeholder to boss), ``MEMBER_OF``
  (stakeholder to department), ``IN_FACTION`` (stakeholder to faction), ``LEADS`` (leader to
  faction), ``PART_OF`` (department to parent department).
- Relations between stakeholders become ``INFLUENCES``, ``ADVISES``, ``ALLY_OF``,
  ``RIVAL_OF``, ``FRIEND_OF``, ``KIN_OF``, ``ALUMNI_OF`` from ``source`` to ``target`` (a
  symmetric one keeps the direction it was written in; queries ignore it), with ``weight``,
  ``network``, ``notes`` and ``seq``; contacts become ``KNOWS`` from the team member to the
  stakeholder, with ``strength``, ``level`` (its number 0..5, for queries), ``last_contact``,
  ``channel``, ``notes`` and ``seq``.
- Every node and relationship has ``account``; ``null`` values and empty lists are not stored
  (Neo4j stores no nulls), and no property is ever a map.
- The ``Account`` node also carries the push's bookkeeping (:data:`BOOKKEEPING`): ``version``,
  the number of pushes the database committed for the account; ``pushing``, true only while a
  push is under way; and ``digest``, the :func:`fingerprint` of the rows the last push wrote.
  They belong to the database, not to the account: a read leaves them out of the account's
  rows, so they never reach a pulled file or a change set.

Labels and relationship types come only from :data:`LABELS` and :data:`TYPES`: Cypher text
never contains a value, and a label or type in it is always one of these constants.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from ..model import TABLES, AccountMap, PowerSource, RelationType

__all__ = [
    "LABELS",
    "TYPES",
    "BOOKKEEPING",
    "RELATION_TYPES",
    "REFERENCE_TYPES",
    "TIE_TYPES",
    "Node",
    "Link",
    "GraphRows",
    "Changes",
    "account_rows",
    "account_from_rows",
    "changes",
    "fingerprint",
    "relation_kind",
]

# Table -> node label, in the order nodes are written (targets of references first).
LABELS: Mapping[str, str] = {
    "account": "Account",
    "team": "TeamMember",
    "departments": "Department",
    "factions": "Faction",
    "stakeholders": "Stakeholder",
}
# Relation type of the account format -> relationship type.
RELATION_TYPES: Mapping[str, str] = {
    RelationType.INFLUENCES.value: "INFLUENCES",
    RelationType.ADVISES.value: "ADVISES",
    RelationType.ALLY.value: "ALLY_OF",
    RelationType.RIVAL.value: "RIVAL_OF",
    RelationType.FRIEND.value: "FRIEND_OF",
    RelationType.KIN.value: "KIN_OF",
    RelationType.ALUMNI.value: "ALUMNI_OF",
}
# A reference field -> (relationship type, start label, end label). At most one per start node
# (one per faction for LEADS).
REFERENCE_TYPES: Mapping[str, tuple[str, str, str]] = {
    "reports_to": ("REPORTS_TO", "Stakeholder", "Stakeholder"),
    "department": ("MEMBER_OF", "Stakeholder", "Department"),
    "faction": ("IN_FACTION", "Stakeholder", "Faction"),
    "leader": ("LEADS", "Stakeholder", "Faction"),
    "parent": ("PART_OF", "Department", "Department"),
}
# Every relationship type powermap writes -> (start label, end label).
TYPES: Mapping[str, tuple[str, str]] = {
    **{kind: (start, end) for kind, start, end in REFERENCE_TYPES.values()},
    "KNOWS": ("TeamMember", "Stakeholder"),
    **{kind: ("Stakeholder", "Stakeholder") for kind in RELATION_TYPES.values()},
}
# Properties of the Account node that a push keeps for itself (see the module docstring).
BOOKKEEPING = ("version", "pushing", "digest")
# Positive ties between stakeholders (the formal line and RelationType.POSITIVE), as
# introduction paths use them; introduction_candidates.cypher spells the same list.
TIE_TYPES = ("REPORTS_TO", *(RELATION_TYPES[kind] for kind in RelationType if kind in RelationType.POSITIVE))

_KIND_OF_TYPE = {kind: relation for relation, kind in RELATION_TYPES.items()}
_POWER = tuple(f"power_{source.value}" for source in PowerSource)


@dataclass(frozen=True)
class Node:
    """One node: its label, its id and every property it stores (``account`` and ``id`` too)."""

    label: str
    id: str
    properties: Mapping[str, Any]

    @property
    def key(self) -> tuple[str, str]:
        return (self.label, self.id)


@dataclass(frozen=True)
class Link:
    """One relationship between two nodes named by id; ``seq`` tells apart repeated ties."""

    type: str
    source: str
    target: str
    properties: Mapping[str, Any]

    @property
    def key(self) -> tuple[str, str, str, int | None]:
        return (self.type, self.source, self.target, self.properties.get("seq"))

    @property
    def start_label(self) -> str:
        return TYPES[self.type][0]


@dataclass(frozen=True)
class GraphRows:
    """An account as the nodes and relationships a graph database holds."""

    account: str
    nodes: tuple[Node, ...] = ()
    links: tuple[Link, ...] = ()

    def nodes_of(self, label: str) -> list[Node]:
        return [node for node in self.nodes if node.label == label]

    def links_of(self, kind: str) -> list[Link]:
        return [link for link in self.links if link.type == kind]


@dataclass(frozen=True)
class Changes:
    """What a push writes: only the difference between the database and the account."""

    upsert: tuple[Node, ...] = ()
    remove: tuple[Node, ...] = ()
    create: tuple[Link, ...] = ()
    delete: tuple[Link, ...] = ()
    unchanged: int = field(default=0, compare=False)
    updated: int = field(default=0, compare=False)  # nodes of ``upsert`` that exist already

    @property
    def empty(self) -> bool:
        return not (self.upsert or self.remove or self.create or self.delete)


def relation_kind(relationship_type: str) -> str:
    """The account format's relation type of a relationship type (``ALLY_OF`` -> ``ally``)."""
    return _KIND_OF_TYPE[relationship_type]


def _plain(value: Any) -> Any:
    """A property value a graph database stores: no enums, dates as ISO text, lists as lists."""
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, (tuple, list)):
        return [_plain(item) for item in value]
    if hasattr(value, "value") and isinstance(value.value, str):  # an enumeration
        return value.value
    return value


def _stored(account_id: str, values: Mapping[str, Any]) -> dict[str, Any]:
    """Properties as stored: ``account`` first, no ``None`` and no empty list."""
    properties = {"account": account_id}
    for name, value in values.items():
        value = _plain(value)
        if value is None or value == []:
            continue
        properties[name] = value
    return properties


_REFERENCES = {"team": (), "departments": ("parent",), "factions": ("leader",),
               "stakeholders": ("reports_to", "department", "faction"), "account": ()}


def _node(account_id: str, label: str, seq: int, record) -> Node:
    table = next(name for name, known in LABELS.items() if known == label)
    values = {name: getattr(record, name) for name in type(record).model_fields if name not in _REFERENCES[table]}
    if "power" in values:
        power = values.pop("power")
        values.update({f"power_{source.value}": level for source, level in power.items()})
    values["seq"] = seq
    return Node(label, record.id, _stored(account_id, values))


def account_rows(account: AccountMap) -> GraphRows:
    """The account as nodes and relationships (see the module docstring for the shape)."""
    account_id = account.account.id
    nodes = [_node(account_id, "Account", 0, account.account)]
    links: list[Link] = []
    for table in ("team", "departments", "factions", "stakeholders"):
        for seq, record in enumerate(account.table(table)):
            nodes.append(_node(account_id, LABELS[table], seq, record))
            for name in _REFERENCES[table]:
                target = getattr(record, name)
                if target is None:
                    continue
                kind = REFERENCE_TYPES[name][0]
                source, target = (target, record.id) if name == "leader" else (record.id, target)
                links.append(Link(kind, source, target, {"account": account_id}))
    for seq, relation in enumerate(account.relations):
        values = {"weight": relation.weight, "network": relation.network, "notes": relation.notes, "seq": seq}
        links.append(Link(RELATION_TYPES[relation.type.value], relation.source, relation.target, _stored(account_id, values)))
    for seq, contact in enumerate(account.contacts):
        values = {"strength": contact.strength, "level": contact.strength.level, "last_contact": contact.last_contact,
                  "channel": contact.channel, "notes": contact.notes, "seq": seq}
        links.append(Link("KNOWS", contact.member, contact.stakeholder, _stored(account_id, values)))
    return GraphRows(account_id, tuple(nodes), tuple(links))


def _record(properties: Mapping[str, Any], table: str) -> dict[str, Any]:
    """The fields of a record of ``table`` among stored properties. Anything else (``account``,
    ``seq``, ``level``, power sources, a property someone added by hand) is left out, so
    annotations made in the database never make a pulled account invalid."""
    fields = set(TABLES[table].model_fields) - _FROM_ENDS.get(table, set()) - set(_REFERENCES.get(table, ()))
    return {name: value for name, value in properties.items() if name in fields and name != "power"}


# Fields a relationship gets from its ends and type, never from its properties.
_FROM_ENDS = {"relations": {"source", "target", "type"}, "contacts": {"member", "stakeholder"}}


def _in_order(nodes: Iterable[Node]) -> list[Node]:
    return sorted(nodes, key=lambda node: (node.properties.get("seq", 0), node.id))


def _links_in_order(links: Iterable[Link]) -> list[Link]:
    def seq(link: Link) -> int:
        value = link.properties.get("seq")
        return value if isinstance(value, int) else 0  # a tie without one, or one set by hand

    return sorted(links, key=seq)


def account_from_rows(rows: GraphRows) -> AccountMap:
    """The account the rows describe, validated (the inverse of :func:`account_rows`).

    Raises ``pydantic.ValidationError`` when the rows do not make a valid account (a database
    edited by hand, say); the backend turns that into an error naming the account.
    """
    references: dict[tuple[str, str], dict[str, str]] = {}
    for link in rows.links:
        for name, (kind, start, end) in REFERENCE_TYPES.items():
            if link.type == kind:
                owner = (end, link.target) if name == "leader" else (start, link.source)
                references.setdefault(owner, {})[name] = link.source if name == "leader" else link.target
    document: dict[str, Any] = {}
    heads = rows.nodes_of("Account")
    document["account"] = _record(heads[0].properties, "account") if heads else {"id": rows.account}
    for table in ("team", "departments", "factions", "stakeholders"):
        label = LABELS[table]
        records = []
        for node in _in_order(rows.nodes_of(label)):
            record = _record(node.properties, table)
            record.update(references.get((label, node.id), {}))
            if label == "Stakeholder":
                record["power"] = {name.removeprefix("power_"): node.properties.get(name, 0) for name in _POWER}
            records.append(record)
        document[table] = records
    relations, contacts = [], []
    for link in _links_in_order(rows.links):
        if link.type in _KIND_OF_TYPE:
            relations.append({"source": link.source, "target": link.target, "type": relation_kind(link.type),
                              **_record(link.properties, "relations")})
        elif link.type == "KNOWS":
            contact = {"member": link.source, "stakeholder": link.target, **_record(link.properties, "contacts")}
            contacts.append(contact)
    document["relations"] = relations
    document["contacts"] = contacts
    return AccountMap.model_validate(document)


def changes(current: GraphRows, wanted: GraphRows) -> Changes:
    """What to write so that a database holding ``current`` holds ``wanted``.

    Nodes are matched by (label, id) and rewritten only when a property differs; links by
    (type, source, target, seq) and, being cheap, deleted and created again when a property
    differs. Nothing is written for an account that did not change.
    """
    old_nodes = {node.key: node for node in current.nodes}
    new_nodes = {node.key: node for node in wanted.nodes}
    upsert = tuple(node for key, node in new_nodes.items() if key not in old_nodes or old_nodes[key].properties != node.properties)
    remove = tuple(node for key, node in old_nodes.items() if key not in new_nodes)
    removed = {node.key for node in remove}
    old_links = {link.key: link for link in current.links}
    new_links = {link.key: link for link in wanted.links}
    create = tuple(link for key, link in new_links.items() if key not in old_links or old_links[key].properties != link.properties)
    delete = tuple(
        link for key, link in old_links.items()
        if (key not in new_links or new_links[key].properties != link.properties)
        and (link.start_label, link.source) not in removed and (TYPES[link.type][1], link.target) not in removed
    )  # a removed node takes its relationships with it
    unchanged = len(new_nodes) - len(upsert) + len(new_links) - len(create)
    updated = sum(1 for node in upsert if node.key in old_nodes)
    return Changes(upsert, remove, create, delete, unchanged, updated)


_CANONICAL = json.JSONEncoder(sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=repr).encode


def fingerprint(rows: GraphRows) -> str:
    """A SHA-256 (hex) of the rows: every node and relationship with its properties, in any
    order. A push stores the fingerprint of what it wrote on the Account node; a read whose
    rows give another fingerprint did not see that version whole (a commit seen in parts), or
    the database was changed outside powermap."""
    items = [_CANONICAL(["node", node.label, node.id, node.properties]) for node in rows.nodes]
    items += [_CANONICAL(["link", link.type, link.source, link.target, link.properties]) for link in rows.links]
    digest = hashlib.sha256()
    for item in sorted(items):
        digest.update(item.encode("utf-8", "surrogatepass"))
        digest.update(b"\n")
    return digest.hexdigest()
