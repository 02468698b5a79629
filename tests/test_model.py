"""The account model: defaults of the contract, immutability, accessors, cross-record rules."""

import datetime as dt
from pathlib import Path

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
    import dataclasses

    account = small_account()
    with pytest.raises(dataclasses.FrozenInstanceError):
        account.stakeholders[0].stance = Stance.CHAMPION
    with pytest.raises(dataclasses.FrozenInstanceError):
        account.stakeholders = ()
    with pytest.raises(dataclasses.FrozenInstanceError):
        del account.stakeholders[0].power
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


EXAMPLE_FILES = sorted((Path(__file__).resolve().parents[1] / "examples").glob("*.yaml"))


@pytest.mark.parametrize("path", EXAMPLE_FILES, ids=lambda path: path.stem)
def test_a_record_dumps_its_fields_as_pydantic_serialises_them(path):
    """``model_dump`` (the writers', the scenarios' and the CRM import's) gives what pydantic's
    own serialiser of the record classes gives, in both modes, with and without defaults and
    empty fields: the reference is pydantic's ``TypeAdapter.dump_python``, not the method."""
    from pydantic import TypeAdapter

    from powermap import load

    account = load(path)
    adapter = TypeAdapter(AccountMap)
    for mode in ("python", "json"):
        for exclude_defaults in (False, True):
            for exclude_none in (False, True):
                options = {"mode": mode, "exclude_defaults": exclude_defaults, "exclude_none": exclude_none}
                assert account.model_dump(**options) == adapter.dump_python(account, **options), options
    person = account.stakeholders[0]
    assert person.model_dump(mode="json") == TypeAdapter(Stakeholder).dump_python(person, mode="json")


def test_copies_and_records_made_of_valid_values_are_not_validated_again():
    """``model_copy`` changes only the fields asked for and ``model_construct`` fills the
    defaults, neither validating (as pydantic's own); making a record validates it."""
    person = small_account().stakeholders[1]
    copy = person.model_copy(update={"stance": Stance.CHAMPION, "name": "  kept as given  "})
    assert (copy.stance, copy.name, copy.id, copy.power) == (Stance.CHAMPION, "  kept as given  ", person.id, person.power)
    assert person.stance is not Stance.CHAMPION
    made = Stakeholder.model_construct(id="x", name="X")
    assert (made.roles, made.stance, made.status, made.power.total) == ((), Stance.UNKNOWN, Status.ACTIVE, 0)
    assert made == Stakeholder(id=" x ", name="X")
    with pytest.raises(ValidationError):
        Stakeholder(id="x", name="X", favourite_colour="red")


def test_a_record_crosses_processes_as_it_is(tmp_path):
    """Records and the account pickle and come back equal, without pydantic: a process that
    only receives a validated account (the command line, from the copy that read a mid-size
    file) never imports it."""
    import pickle
    import subprocess
    import sys

    account = small_account()
    payload = tmp_path / "account.pickle"
    payload.write_bytes(pickle.dumps(account))
    code = ("import pickle, sys; account = pickle.loads(open(sys.argv[1], 'rb').read()); "
            "print(account.stakeholder('li').stance.value, account.relations[0].weight, 'pydantic' in sys.modules)")
    shown = subprocess.run([sys.executable, "-c", code, str(payload)], capture_output=True, text=True, check=True).stdout
    assert shown.split() == ["supporter", "0.8", "False"]
    assert pickle.loads(payload.read_bytes()) == account
