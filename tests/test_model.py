"""The account model: defaults of the contract, immutability, accessors, cross-record rules."""

import datetime as dt

import pytest
from pydantic import ValidationError

from powermap.model import (
    AccountMap,
    Contact,
    DepartmentKind,
    Relation,
    Role,
    Stakeholder,
    Stance,
    Status,
    Strength,
)


def small_account(**changes) -> AccountMap:
    data = {
        "account": {"id": "acme-erp", "name": "ACME ERP replacement", "competitors": ["Northwind", "Globex"]},
        "team": [{"id": "alice", "name": "Alice Chen"}, {"id": "bob", "name": "Bob Li"}],
        "departments": [
            {"id": "gmo", "name": "General Manager's Office", "kind": "leadership"},
            {"id": "it", "name": "IT Center", "kind": "technical", "parent": "gmo"},
            {"id": "infra", "name": "Infrastructure", "parent": "it"},
        ],
        "factions": [{"id": "reform", "name": "Reformers", "leader": "li"}],
        "stakeholders": [
            {"id": "wang", "name": "Wang Wei", "department": "gmo", "roles": ["decision_maker", "funder"]},
            {"id": "li", "name": "Li Na", "department": "it", "reports_to": "wang", "faction": "reform", "stance": 1},
            {"id": "zhao", "name": "Zhao Lei", "department": "infra", "reports_to": "li", "status": "left"},
        ],
        "relations": [
            {"source": "li", "target": "wang", "type": "influences", "weight": 0.8},
            {"source": "zhao", "target": "li", "type": "rival"},
        ],
        "contacts": [
            {"member": "alice", "stakeholder": "li", "strength": "close", "last_contact": "2026-11-02"},
            {"member": "bob", "stakeholder": "wang"},
        ],
    }
    data.update(changes)
    return AccountMap.model_validate(data)


def test_defaults_of_the_contract():
    person = Stakeholder(id="x", name="X")
    assert person.stance is Stance.UNKNOWN
    assert person.status is Status.ACTIVE
    assert person.roles == ()
    assert person.power.total == 0
    assert Relation(source="a", target="b", type="influences").weight == 0.5
    assert Contact(member="m", stakeholder="s").strength is Strength.ORDINARY
    account = small_account()
    assert account.departments_by_id["infra"].kind is DepartmentKind.OTHER
    assert account.account.grade is None and account.account.stage is None


def test_records_and_account_are_immutable():
    account = small_account()
    with pytest.raises(ValidationError):
        account.stakeholders[0].stance = Stance.CHAMPION
    with pytest.raises(ValidationError):
        account.stakeholders = ()
    assert isinstance(account.stakeholders, tuple)
    with pytest.raises(TypeError):
        account.stakeholders_by_id["new"] = None


def test_accessors():
    account = small_account()
    assert account.stakeholder("li").name == "Li Na"
    assert [p.id for p in account.direct_reports("wang")] == ["li"]
    assert account.managers("zhao") == ("li", "wang")
    assert account.department_path("infra") == ("infra", "it", "gmo")
    assert [p.id for p in account.department_members("it")] == ["li", "zhao"]
    assert [p.id for p in account.department_members("it", nested=False)] == ["li"]
    assert [p.id for p in account.faction_members("reform")] == ["li"]
    assert [p.id for p in account.holders(Role.DECISION_MAKER)] == ["wang"]
    assert [p.id for p in account.active_stakeholders] == ["wang", "li"]
    assert [p.id for p in account.departed] == ["zhao"]
    assert [c.member for c in account.contacts_with("li")] == ["alice"]
    assert [c.stakeholder for c in account.contacts_of("bob")] == ["wang"]
    assert len(account.relations_of("li")) == 2
    assert account.contacts[0].last_contact == dt.date(2026, 11, 2)
    assert account.counts() == {"team": 2, "departments": 3, "factions": 1, "stakeholders": 3, "relations": 2, "contacts": 2}


def test_equal_accounts_compare_equal_even_after_lookups():
    first, second = small_account(), small_account()
    first.stakeholders_by_id  # fills a cache on one side only
    assert first == second


def test_constructing_an_inconsistent_account_names_every_problem():
    with pytest.raises(ValidationError) as caught:
        small_account(
            relations=[{"source": "li", "target": "nobody", "type": "ally"}],
            contacts=[{"member": "carol", "stakeholder": "li"}],
        )
    text = str(caught.value)
    assert "relations[1].target: unknown stakeholder 'nobody'" in text
    assert "contacts[1].member: unknown team member 'carol'" in text


def test_ids_may_be_numbers_in_the_file():
    account = small_account(
        stakeholders=[{"id": 7, "name": "Seven"}, {"id": "8", "name": "Eight", "reports_to": 7}],
        relations=[], contacts=[], factions=[],
    )
    assert account.stakeholder("8").reports_to == "7"


def test_lists_may_be_written_as_one_separated_string():
    person = Stakeholder(id="x", name="X", roles="decision_maker; 出资者、user")
    assert person.roles == (Role.DECISION_MAKER, Role.FUNDER, Role.USER)
    assert Stakeholder(id="y", name="Y", roles=["user", "user"]).roles == (Role.USER,)


def test_power_accepts_chinese_source_names():
    person = Stakeholder(id="x", name="X", power={"知识权力": 3, "人际影响": "medium"})
    assert (person.power.knowledge, person.power.interpersonal) == (3, 2)
