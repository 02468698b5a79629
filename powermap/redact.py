"""Redaction for sharing outside the team: no personal names, no notes, no name-like ids.

Stakeholders are named by their title (or first buying role) and team members by their role;
every id of a person becomes a neutral one (``p1``, ``p2`` ..., ``t1`` ...) in every reference;
all notes and CRM record ids are removed. Departments, factions, roles, stances, power and ties stay: they are
the map. Analyses run on the redacted account, so no generated sentence carries a name either.
"""

from __future__ import annotations

from .model import AccountMap

__all__ = ["redact", "redacted_ids"]


def _unique(base: str, used: set[str]) -> str:
    name, number = base, 2
    while name in used:
        name, number = f"{base} ({number})", number + 1
    used.add(name)
    return name


def redacted_ids(account: AccountMap) -> dict[str, str]:
    """The neutral id :func:`redact` gives each person, keyed by their id in ``account``:
    ``p1``, ``p2`` ... for the stakeholders and ``t1``, ``t2`` ... for our team, in file order."""
    return {
        **{person.id: f"p{number}" for number, person in enumerate(account.stakeholders, 1)},
        **{member.id: f"t{number}" for number, member in enumerate(account.team, 1)},
    }


def redact(account: AccountMap) -> AccountMap:
    """A copy of the account with names, name-like ids and notes removed."""
    ids = redacted_ids(account)  # people and team members have distinct ids in a valid account
    used: set[str] = set()
    stakeholders = []
    for person in account.stakeholders:
        base = person.title or (person.roles[0].value.replace("_", " ") if person.roles else "stakeholder")
        stakeholders.append(
            person.model_copy(
                update={
                    "id": ids[person.id],
                    "name": _unique(base, used),
                    "reports_to": ids.get(person.reports_to) if person.reports_to else None,
                    "notes": None,
                    "crm_id": None,
                }
            )
        )
    members = [
        member.model_copy(update={"id": ids[member.id], "name": _unique(member.role or "team member", used)})
        for member in account.team
    ]
    factions = [
        faction.model_copy(update={"leader": ids.get(faction.leader) if faction.leader else None, "notes": None})
        for faction in account.factions
    ]
    relations = [
        relation.model_copy(update={"source": ids[relation.source], "target": ids[relation.target], "notes": None})
        for relation in account.relations
    ]
    contacts = [
        contact.model_copy(update={"member": ids[contact.member], "stakeholder": ids[contact.stakeholder], "notes": None})
        for contact in account.contacts
    ]
    return AccountMap.model_validate(
        {
            "account": account.account.model_copy(update={"notes": None}),
            "team": members,
            "departments": list(account.departments),
            "factions": factions,
            "stakeholders": stakeholders,
            "relations": relations,
            "contacts": contacts,
        }
    )
