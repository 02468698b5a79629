"""The four forms of an account load to equal models; writing and reading back is lossless."""

import json

import pytest

from powermap.errors import AccountError
from powermap.loaders import load, read_account
from powermap.model import Role, Stance, Strength
from powermap.writers import write_account

from conftest import EXAMPLES, csv_folder

KESTREL = EXAMPLES / "kestrel-manufacturing.yaml"
ALL_YAML = sorted(EXAMPLES.glob("*.yaml"))


def test_the_same_account_in_four_forms_loads_to_equal_models():
    reference = load(KESTREL)
    assert load(EXAMPLES / "kestrel-manufacturing") == reference  # CSV folder
    assert load(EXAMPLES / "kestrel-manufacturing.xlsx") == reference
    assert load(EXAMPLES / "kestrel-manufacturing.json") == reference


@pytest.mark.parametrize("example", ALL_YAML, ids=lambda path: path.stem)
@pytest.mark.parametrize("ending", [".yaml", ".json", ".xlsx", ""])
def test_writing_and_reading_back_gives_the_same_account(example, ending, tmp_path):
    account = load(example)
    target = tmp_path / f"copy{ending}"
    write_account(account, target)
    assert load(target) == account


def test_every_example_loads_and_the_tables_are_not_trivial():
    for example in ALL_YAML:
        counts = load(example).counts()
        assert counts["stakeholders"] >= 15, example
        assert counts["relations"] >= 20, example


def test_chinese_values_load_in_the_chinese_example():
    account = load(EXAMPLES / "provincial-energy-group.yaml")
    roles = {role for person in account.stakeholders for role in person.roles}
    assert roles == set(Role)
    assert {person.stance for person in account.stakeholders} == set(Stance)
    assert {contact.strength for contact in account.contacts} == set(Strength)
    assert any("\u4e00" <= char <= "\u9fff" for char in account.stakeholders[0].name)


def test_csv_files_saved_by_chinese_spreadsheets_are_read(tmp_path):
    folder = tmp_path / "account"
    folder.mkdir()
    (folder / "account.csv").write_bytes("id,name\ndemo,示例客户\n".encode("gb18030"))
    (folder / "stakeholders.csv").write_bytes("id,name,stance\nwang,王伟,支持者\n".encode("gb18030"))
    account = load(folder)
    assert account.account.name == "示例客户"
    assert account.stakeholder("wang").stance is Stance.SUPPORTER


def test_tables_skip_blank_rows_and_count_rows_as_a_spreadsheet_does(tmp_path):
    folder = tmp_path / "account"
    folder.mkdir()
    (folder / "account.csv").write_text("id,name\ndemo,Demo\n", encoding="utf-8")
    (folder / "stakeholders.csv").write_text("id,name,stance\nwang,Wang,supporter\n,,\n\nli,Li,cross\n", encoding="utf-8")
    with pytest.raises(Exception) as caught:
        load(folder)
    assert str(caught.value).endswith("stakeholders.csv:row 5: stance: expected one of champion, supporter, "
                                      "neutral, skeptic, opponent, unknown (or a number -2..2), got 'cross'")


def test_sources_locate_records_for_later_messages():
    loaded = read_account(KESTREL)
    location = loaded.source.locate(("stakeholders", 0, "name"))
    assert location.path == str(KESTREL) and location.line > 40
    csv_loaded = read_account(EXAMPLES / "kestrel-manufacturing")
    assert str(csv_loaded.source.locate(("stakeholders", 0))).endswith("stakeholders.csv:row 2")


def test_yaml_keeps_leading_zeros_and_does_not_read_yes_as_true(tmp_path):
    path = tmp_path / "a.yaml"
    path.write_text(
        "account: {id: demo, name: yes}\nstakeholders:\n  - {id: 007, name: Bond, notes: no}\n", encoding="utf-8"
    )
    account = load(path)
    assert account.account.name == "yes"
    assert account.stakeholders[0].id == "007"
    assert account.stakeholders[0].notes == "no"


def test_yaml_anchors_and_merge_keys_work_within_limits(tmp_path):
    path = tmp_path / "a.yaml"
    path.write_text(
        """\
account: {id: demo, name: Demo}
departments: [{id: it, name: IT}]
stakeholders:
  - &wang {id: wang, name: Wang, department: it, stance: supporter}
  - {<<: *wang, id: li, name: Li}
""",
        encoding="utf-8",
    )
    li = load(path).stakeholder("li")
    assert (li.department, li.stance) == ("it", Stance.SUPPORTER)


_YAML_SHAPES = """\
base: &b {name: X, kind: user}
list:
  - <<: *b
    id: one
  - <<: [*b, {stance: neutral}]
    id: two
    name: Y
    name: Z
  - &s scalar
  - *s
  - [007, 1_000, 0x10, 1.5e3, .5, -2, "true", yes, ~, null, "", 2026-11-02, !!int "12", !!float 3, True]
  - - deep
    - {k: v, k: w}
dup:
  a: 1
  b: {x: 1, x: 2}
  a: 2
"""


def test_yaml_values_lines_and_duplicate_keys_at_every_depth():
    from powermap.loaders.yaml_file import parse_yaml

    doc, source = parse_yaml(_YAML_SHAPES, "s.yaml")
    assert doc["list"][0] == {"name": "X", "kind": "user", "id": "one"}
    assert doc["list"][1] == {"name": "Z", "kind": "user", "stance": "neutral", "id": "two"}
    assert doc["list"][2:4] == ["scalar", "scalar"]
    assert doc["list"][4] == ["007", "1_000", "0x10", 1500.0, 0.5, -2, "true", "yes", None, None, "", "2026-11-02", 12,
                              3.0, True]
    assert doc["list"][5] == ["deep", {"k": "w"}]
    assert doc["dup"] == {"a": 2, "b": {"x": 2}}
    assert [source.line(path) for path in (("list",), ("list", 1, "name"), ("list", 1, "kind"), ("list", 4, 3),
                                           ("list", 5, 1, "k"), ("dup", "b", "x"))] == [2, 8, 1, 11, 13, 16]
    assert [str(issue) for issue in source.problems] == [
        "s.yaml:8: list[two].name: duplicate key 'name' (first at line 7); YAML keeps only one",
        "s.yaml:13: list[6].k: duplicate key 'k' (first at line 13); YAML keeps only one",
        "s.yaml:16: dup.b.x: duplicate key 'x' (first at line 16); YAML keeps only one",
        "s.yaml:17: dup.a: duplicate key 'a' (first at line 15); YAML keeps only one",
    ]


def test_json_without_positions_costs_nothing_until_a_message_needs_one(tmp_path):
    path = tmp_path / "a.json"
    path.write_text(json.dumps({"account": {"id": "demo", "name": "Demo"}}), encoding="utf-8")
    loaded = read_account(path)
    assert callable(loaded.source._shadow)  # not computed for a valid file
    assert loaded.source.locate(("account", "name")).line == 1


def test_excel_sheet_names_are_case_insensitive_and_extra_sheets_are_ignored(tmp_path):
    from openpyxl import Workbook

    book = Workbook()
    book.active.title = "ACCOUNT"
    book.active.append(["id", "name"])
    book.active.append(["demo", "Demo"])
    book.create_sheet("Read me").append(["notes for the team"])
    path = tmp_path / "a.xlsx"
    book.save(path)
    loaded = read_account(path)
    assert loaded.account.account.id == "demo"
    assert [str(w) for w in loaded.warnings] == [
        f"{path}[Read me]: warning: ignored: 'Read me' is not one of the tables "
        "(account, team, departments, factions, stakeholders, relations, contacts)"
    ]


@pytest.mark.parametrize("ending", ["yaml", "json", "xlsx", ""])
def test_records_hold_one_object_for_what_many_hold_alike(ending, tmp_path):
    """A loaded account holds each person's id as one string (the relations and contacts naming
    them hold the person's own), in every form; a record holds its fields and nothing else (no
    set of the fields given, as pydantic's models kept), a copy changes only what it is asked
    to, and nothing is kept for ids after the read."""
    from powermap.model import fields

    path = tmp_path / ("account" + (f".{ending}" if ending else ""))
    write_account(load(EXAMPLES / "kestrel-manufacturing.yaml"), path)
    account = load(path)
    ids = {person.id: person.id for person in account.stakeholders} | {member.id: member.id for member in account.team}
    named = [(r.source, r.target) for r in account.relations] + [(c.member, c.stakeholder) for c in account.contacts]
    assert all(one is ids[one] and other is ids[other] for one, other in named)
    assert all(list(vars(relation)) == ["source", "target", "type", "weight", "network", "notes"]
               for relation in account.relations)
    first = account.relations[0]
    copy = first.model_copy(update={"notes": "met at the fair"})
    assert copy.notes == "met at the fair" and first.notes != copy.notes
    assert (copy.source, copy.target, copy.type, copy.weight) == (first.source, first.target, first.type, first.weight)
    assert fields._same_ids is None


def test_values_written_again_and_again_read_as_the_first_time(tmp_path):
    """Enumerated words, weights and levels are parsed once per string written and ids once
    per id (a 265,000-relation account writes its weights as about ten strings): every record
    reads as if parsed on its own, each refused value is reported at each of its rows, and an
    id written with spaces or in another Unicode form still reads as the one id."""
    folder = csv_folder(
        tmp_path / "account",
        account="id,name\ndemo,Demo\n",
        stakeholders=("id,name,stance,power.position,roles\n"
                      "p1,Ann,supporter,3,decision_maker\n"
                      "p2,Bo,1,strong,decision_maker;user\n"
                      " p3 ,Cy,Supporter,3,决策者\n"
                      "Jose\u0301,Di,,,\n"),
        relations=("source,target,type,weight\n"
                   "p1,p2,influences,0.5\n"
                   "p2,p3,Influences,0.5\n"
                   "p3,José,influences,lots\n"
                   "José,p1,influences,lots\n"
                   "p1,p3,ally,0.50\n"),
    )
    with pytest.raises(AccountError) as raised:
        load(folder)
    assert [str(issue) for issue in raised.value.issues] == [
        f"{folder / 'relations.csv'}:row 4: weight: expected a number 0..1, got 'lots'",
        f"{folder / 'relations.csv'}:row 5: weight: expected a number 0..1, got 'lots'",
    ]
    csv_folder(folder, relations="source,target,type,weight\np1,p2,influences,0.5\np2, p3 ,Influences,0.5\np3,José,influences,0.50\n")
    account = load(folder)
    people = {person.id: person for person in account.stakeholders}
    assert list(people) == ["p1", "p2", "p3", "Jos\u00e9"]
    assert [p.stance for p in account.stakeholders] == [Stance.SUPPORTER, Stance.SUPPORTER, Stance.SUPPORTER,
                                                      Stance.UNKNOWN]
    assert [p.power.position for p in account.stakeholders] == [3, 3, 3, 0]
    assert [p.roles for p in account.stakeholders][:3] == [(Role.DECISION_MAKER,), (Role.DECISION_MAKER, Role.USER),
                                                          (Role.DECISION_MAKER,)]
    assert [(r.source, r.target, r.type.value, r.weight) for r in account.relations] == [
        ("p1", "p2", "influences", 0.5), ("p2", "p3", "influences", 0.5), ("p3", "Jos\u00e9", "influences", 0.5)]
    assert account.relations[2].target is people["Jos\u00e9"].id


def test_a_field_remembers_a_bounded_number_of_strings():
    from powermap.model import fields

    calls = []
    parse = fields._remembered(lambda value: calls.append(value) or str(value).upper())
    assert [parse(v) for v in ["a", "b", "a", 7, "a", 7, "b"]] == ["A", "B", "A", "7", "A", "7", "B"]
    assert calls == ["a", "b", 7, 7]  # strings once each; anything else every time
    calls[:] = ["a", "b"]
    for number in range(2 * fields._REMEMBERED):
        parse(str(number))
    assert parse("a") == "A" and len(calls) == 2 + 2 * fields._REMEMBERED
    parse(str(2 * fields._REMEMBERED - 1))  # past the bound: parsed again, not kept
    assert len(calls) == 3 + 2 * fields._REMEMBERED
