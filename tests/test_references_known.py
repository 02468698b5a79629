"""References checked once: what :func:`~powermap.model.integrity.resolve_names` finds naming
known ids only is not looked at again by :func:`~powermap.model.integrity.iter_problems`, and
every reference that names no record is still reported, whether other references of its table
were names read as ids or ids of records that failed validation."""

from __future__ import annotations

import pytest

from powermap.errors import AccountError
from powermap.loaders import load
from powermap.model import TABLES
from powermap.model.integrity import iter_problems, resolve_names

from conftest import account_file

PEOPLE = [{"id": "a1", "name": "Ada Lovelace", "department": "ops"}, {"id": "b2", "name": "Bo Chen", "reports_to": "a1"},
          {"id": "c3", "name": "Cy Park", "reports_to": "Ada Lovelace"}]


def account(**changes):
    return {"account": {"id": "acme", "name": "Acme"}, "departments": [{"id": "ops", "name": "Operations"}],
            "stakeholders": PEOPLE, "team": [{"id": "me", "name": "Me"}],
            "relations": [{"source": "Bo Chen", "target": "a1", "type": "ally", "weight": 0.5},
                          {"source": "c3", "target": "b2", "type": "rival", "weight": 0.5}],
            "contacts": [{"member": "me", "stakeholder": "a1", "strength": "close"}], **changes}


def tables_of(document):
    """Each table's records, each valid on its own (the references not yet checked)."""
    return {name: [model.model_validate(record) for record in
                   ([document[name]] if name == "account" else document.get(name, []))] for name, model in TABLES.items()}


def test_the_references_naming_ids_only_are_those_resolve_names_returns():
    tables = tables_of(account())
    known = resolve_names(tables)
    # relations' sources and stakeholders' reports_to held a name each (read as the id); every other is an id already
    assert known == {("departments", "parent"), ("factions", "leader"), ("stakeholders", "department"),
                     ("stakeholders", "faction"), ("relations", "target"), ("contacts", "member"),
                     ("contacts", "stakeholder")}
    assert tables["relations"][0].source == "b2" and tables["stakeholders"][2].reports_to == "a1"
    assert list(iter_problems(tables, known=known)) == list(iter_problems(tables)) == []


def test_unknown_references_beside_names_and_ids_are_all_reported(tmp_path):
    document = account(relations=[{"source": "Bo Chen", "target": "ghost", "type": "ally", "weight": 0.5},
                                  {"source": "c3", "target": "b2", "type": "rival", "weight": 0.5}],
                       contacts=[{"member": "you", "stakeholder": "a1", "strength": "close"}])
    tables = tables_of(document)
    known = resolve_names(tables)
    assert ("relations", "target") not in known and ("contacts", "member") not in known
    found = [(problem.table, problem.index, problem.field) for problem in iter_problems(tables, known=known)]
    assert found == [("relations", 0, "target"), ("contacts", 0, "member")]
    with pytest.raises(AccountError) as raised:
        load(account_file(tmp_path, document))
    text = "\n".join(raised.value.lines())
    assert "unknown stakeholder 'ghost'" in text and "unknown team member 'you'" in text and ".source" not in text
    assert len(raised.value.issues) == 2
