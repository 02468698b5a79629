"""`powermap import`: accounts from CRM exports, end to end through the command line.

The exports are the samples in tests/data/crm/ (a Salesforce Contact export with its
OpportunityContactRole export, in Chinese; a HubSpot contacts export as CSV and as a workbook
made from it). Every expected value below is read off those files by hand and mapped by the
role table of docs/import.md; ids are the names in pinyin or lower case, as that page says.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys

import pytest

from conftest import DATA

import powermap

CRM = DATA / "crm"

SALESFORCE = ("salesforce-contacts.csv", "salesforce-contact-roles.csv")

NEXT = "next: fill in stance, power and relations, then run: powermap check {}\n"

# id: (name, title, department, reports_to, roles), from salesforce-contacts.csv (ReportsToId
# joined to Id) and salesforce-contact-roles.csv (ContactId, 15 characters, joined to Id).
SALESFORCE_PEOPLE = {
    "chenjianguo": ("陈建国", "董事长", "zongjinglibangongshi", None, {"decision_maker", "funder"}),  # Economic Decision Maker
    "wanglixin": ("王立新", "总经理", "zongjinglibangongshi", "chenjianguo", {"champion"}),  # Executive Sponsor
    # Technical Buyer on one opportunity, Decision Maker (IsPrimary true, so listed first) on another
    "lina": ("李娜", "信息中心主任", "xinxizhongxin", "wanglixin", {"evaluator", "spec_setter", "decision_maker"}),
    "zhaogang": ("赵刚", "信息中心副主任", "xinxizhongxin", "lina", {"evaluator"}),
    "liufang": ("刘芳", "采购部经理", "caigoubu", "wanglixin", set()),  # Other
    "sunwei": ("孙伟", "财务总监", "caiwubu", "wanglixin", {"funder"}),  # Economic Buyer
    "zhoumin": ("周敏", "生产部部长", "shengchanbu", "wanglixin", {"user"}),  # Business User
    "wuqiang": ("吴强", "二车间主任", "shengchanbu", "zhoumin", {"user"}),
    "zhenghai": ("郑海", "系统架构师", "xinxizhongxin", "lina", {"influencer"}),  # and 'Project Manager': not in the table
    "qianbotao": ("钱伯涛", "法务主管", "fawubu", None, set()),  # his manager is not in the export
}

# id: (name, kind), the kind as docs/import.md's table reads the name (总经理 leadership, 信息
# technical, 采购 procurement, 财务 finance, 法务 legal; 生产 says no kind).
SALESFORCE_DEPARTMENTS = {
    "zongjinglibangongshi": ("总经理办公室", "leadership"),
    "xinxizhongxin": ("信息中心", "technical"),
    "caigoubu": ("采购部", "procurement"),
    "caiwubu": ("财务部", "finance"),
    "shengchanbu": ("生产部", "other"),
    "fawubu": ("法务部", "legal"),
}

# Owner.Name of each contact (孙伟 has none).
SALESFORCE_CONTACTS = {
    ("alice-chen", "chenjianguo"), ("alice-chen", "wanglixin"), ("bob-li", "lina"), ("bob-li", "zhaogang"),
    ("alice-chen", "liufang"), ("bob-li", "zhoumin"), ("bob-li", "wuqiang"), ("bob-li", "zhenghai"),
    ("alice-chen", "qianbotao"),
}

SALESFORCE_NOTES = (
    "salesforce-contacts.csv: not imported: Email, Phone, MobilePhone (the account file keeps no contact details)\n"
    "salesforce-contacts.csv: not imported: Salutation, OwnerId, LeadSource, CreatedDate (no field of the account "
    "file holds them; --map can name a field)\n"
    "salesforce-contact-roles.csv: not imported: Id, OpportunityId, CreatedDate (no field of the account "
    "file holds them; --map can name a field)\n"
    "salesforce-contact-roles.csv:row 11: Role: role 'Project Manager' is not in the role table; not imported "
    "(give it a buying role with --map, see docs/import.md)\n"
    "salesforce-contact-roles.csv:row 13: ContactId: 0035g00000Qm7Xy is not a contact of the exports; its role is "
    "not imported\n"
    "salesforce-contacts.csv:row 11: ReportsToId: the manager '0035g00000Qm9ZzAAJ' is not a contact of the exports; "
    "qianbotao's reports_to is left empty\n"
)

# id: (name, title, roles) from hubspot-contacts.csv, Buying Role mapped by the table.
HUBSPOT_PEOPLE = {
    "maria-lopez": ("Maria Lopez", "General Manager", {"decision_maker", "funder"}),  # Decision Maker;Budget Holder
    "david-okafor": ("David Okafor", "Chief Engineer", {"champion"}),
    "priya-nair": ("Priya Nair", "IT Director", {"influencer"}),
    "tom-becker": ("Tom Becker", "Procurement Manager", set()),  # Other
    "sarah-kim": ("Sarah Kim", "Operations Supervisor", {"user"}),  # End User
    "james-wright": ("James Wright", "General Counsel", {"gatekeeper"}),  # Legal & Compliance
    "linda-park": ("Linda Park", "Finance Director", {"funder"}),  # Budget Holder
    "kevin-moore": ("Kevin Moore", "Plant Manager", {"saboteur"}),  # Blocker
    "emily-zhang": ("Emily Zhang", "Deputy General Manager", {"champion"}),  # Executive Sponsor
}


@pytest.fixture
def exports(tmp_path, monkeypatch):
    """The sample exports copied into an empty working folder, which becomes the current one."""
    for path in CRM.iterdir():
        if path.suffix in (".csv", ".xlsx"):
            shutil.copy(path, tmp_path / path.name)
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("POWERMAP_LANG", raising=False)
    return tmp_path


def _people(account):
    return {
        person.id: (person.name, person.title, person.department, person.reports_to, {str(role) for role in person.roles})
        for person in account.stakeholders
    }


def test_a_salesforce_export_becomes_an_account_that_checks_and_reports(run, exports):
    result = run("import", *SALESFORCE, "-o", "jianghuai.yaml", "--lang", "en")
    assert result.exit_code == 0, result.output
    assert result.stdout == ("wrote jianghuai.yaml (yaml): 10 people, 6 departments, 2 team members, 9 contacts\n"
                             + NEXT.format("jianghuai.yaml"))
    assert result.stderr == SALESFORCE_NOTES

    account = powermap.load("jianghuai.yaml")
    assert (account.account.id, account.account.name) == ("jianghuaizhonggongjituan", "江淮重工集团")
    assert _people(account) == SALESFORCE_PEOPLE
    assert {d.id: (d.name, str(d.kind)) for d in account.departments} == SALESFORCE_DEPARTMENTS
    # 李娜's primary contact role (Decision Maker, IsPrimary true) comes before her other one
    assert [str(role) for role in account.stakeholder("lina").roles] == ["decision_maker", "evaluator", "spec_setter"]
    # the CRM record ids, as the Contact export's Id column gives them
    assert account.stakeholder("chenjianguo").crm_id == "0035g00000Qm1AaAAJ"
    assert account.stakeholder("qianbotao").crm_id == "0035g00000Qm1AjAAJ"
    assert {m.id: m.name for m in account.team} == {"alice-chen": "Alice Chen", "bob-li": "Bob Li"}
    assert {(c.member, c.stakeholder) for c in account.contacts} == SALESFORCE_CONTACTS
    assert {(str(c.strength), c.last_contact) for c in account.contacts} == {("ordinary", None)}
    assert {str(person.stance) for person in account.stakeholders} == {"unknown"}

    text = (exports / "jianghuai.yaml").read_text(encoding="utf-8")
    assert "@" not in text and "0551" not in text and "139" not in text  # no e-mail, no phone
    assert "roles: [决策者, 出资者]" in text  # a Chinese account is written in Chinese

    checked = run("check", "jianghuai.yaml")
    assert checked.exit_code == 0, checked.output

    reported = run("report", "jianghuai.yaml", "-f", "json")
    assert reported.exit_code == 0, reported.output
    report = json.loads(reported.stdout)
    assert report["account"]["id"] == "jianghuaizhonggongjituan"
    assert {person["id"] for person in report["key_persons"]} == set(SALESFORCE_PEOPLE)
    assert report["key_persons"][0]["id"] == "chenjianguo"  # the chairman: decision maker and funder, top of the line
    gaps = {(gap["kind"], gap["subject"]) for gap in report["coverage_gaps"]}
    assert ("department", "caiwubu") in gaps  # 孙伟 alone in 财务部, and his contact has no owner
    assert ("key_person", "sunwei") in gaps
    assert ("unknown_stance", "chenjianguo") in gaps


def test_a_hubspot_export_as_csv_and_as_workbook(run, exports):
    csv_result = run("import", "hubspot-contacts.csv", "-o", "harbor.yaml")
    assert csv_result.exit_code == 0, csv_result.output
    assert csv_result.stdout == ("wrote harbor.yaml (yaml): 9 people, 0 departments, 2 team members, 8 contacts\n"
                                 + NEXT.format("harbor.yaml"))
    assert csv_result.stderr == (
        "hubspot-contacts.csv: not imported: Email, Phone Number (the account file keeps no contact details)\n"
        "hubspot-contacts.csv: not imported: Lifecycle Stage, Last Activity Date (no field of the account file holds "
        "them; --map can name a field)\n"
        "hubspot-contacts.csv:row 11: no name (First Name, Last Name empty); this contact is not imported\n"
    )
    account = powermap.load("harbor.yaml")
    assert (account.account.id, account.account.name) == ("harbor-city-water-authority", "Harbor City Water Authority")
    assert {p.id: (p.name, p.title, {str(r) for r in p.roles}) for p in account.stakeholders} == HUBSPOT_PEOPLE
    assert {m.id: m.name for m in account.team} == {"dana-ross": "Dana Ross", "sam-patel": "Sam Patel"}
    # Every contact with an owner (James Wright has none) is an ordinary, undated contact of the owner.
    assert {(c.member, c.stakeholder, str(c.strength), c.last_contact) for c in account.contacts} == {
        ("dana-ross", "maria-lopez", "ordinary", None), ("dana-ross", "david-okafor", "ordinary", None),
        ("sam-patel", "priya-nair", "ordinary", None), ("sam-patel", "tom-becker", "ordinary", None),
        ("sam-patel", "sarah-kim", "ordinary", None), ("dana-ross", "linda-park", "ordinary", None),
        ("sam-patel", "kevin-moore", "ordinary", None), ("dana-ross", "emily-zhang", "ordinary", None),
    }
    assert "@" not in (exports / "harbor.yaml").read_text(encoding="utf-8")

    book = run("import", "hubspot-contacts.xlsx", "-o", "harbor.json")
    assert book.exit_code == 0, book.output
    assert book.stderr.splitlines()[-1] == ("hubspot-contacts.xlsx[All contacts]!row 11: no name (First Name, "
                                            "Last Name empty); this contact is not imported")
    assert powermap.load("harbor.json") == account
    assert run("check", "harbor.json").exit_code == 0


def test_the_source_may_be_named_and_then_must_match(run, exports):
    result = run("import", "hubspot-contacts.csv", "--from", "salesforce", "-o", "x.yaml")
    assert result.exit_code == 1
    assert result.stderr == (
        "hubspot-contacts.csv: not a Salesforce export: expected Contact columns (Id, LastName or Name ...) or "
        "contact roles (ContactId, Role); its columns are Record ID, First Name, Last Name, Email, Phone Number, "
        "Job Title, Company Name, Contact owner, Lifecycle Stage, Buying Role, Last Activity Date (--map FILE can "
        "name other columns)\n"
    )
    named = run("import", *SALESFORCE, "--from", "Salesforce", "-o", "x.yaml")
    assert named.exit_code == 0, named.output


def test_a_file_that_is_no_crm_export_is_one_located_line(run, exports):
    (exports / "people.csv").write_text("name,phone\nWang Wei,123\n", encoding="utf-8")
    result = run("import", "people.csv", "-o", "x.yaml")
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr == (
        "people.csv: cannot tell the CRM: expected Salesforce columns (Id, LastName or Name, Title, Department, "
        "ReportsToId ...), Salesforce contact roles (ContactId, Role) or HubSpot columns (Record ID, First Name, "
        "Last Name, Job Title ...); its columns are name, phone (--map FILE can name other columns)\n"
    )
    assert not (exports / "x.yaml").exists()


def test_contact_roles_alone_are_refused(run, exports):
    result = run("import", "salesforce-contact-roles.csv", "-o", "x.yaml")
    assert result.exit_code == 1
    assert result.stderr == ("salesforce-contact-roles.csv: contact roles, but no contacts: give the Contact export "
                             "too (powermap import contacts.csv roles.csv -o ACCOUNT)\n")


def test_contacts_of_two_companies_are_refused_at_the_row_of_the_second(run, exports):
    text = (exports / "hubspot-contacts.csv").read_text(encoding="utf-8")
    (exports / "mixed.csv").write_text(text.replace("Procurement Manager,Harbor City Water Authority",
                                                    "Procurement Manager,Bayside Utilities"), encoding="utf-8")
    result = run("import", "mixed.csv", "-o", "x.yaml")
    assert result.exit_code == 1
    assert result.stderr == ("mixed.csv:row 5: contacts of more than one company (Harbor City Water Authority, "
                             "Bayside Utilities); an account is one customer: export the contacts of one company "
                             "at a time\n")


def test_no_output_is_ever_an_export(run, exports):
    result = run("import", "hubspot-contacts.xlsx", "-o", "hubspot-contacts.xlsx", "--force")
    assert result.exit_code == 3
    assert result.stderr == "hubspot-contacts.xlsx: refusing to write over the input; choose another output\n"
    assert (exports / "hubspot-contacts.xlsx").read_bytes() == (CRM / "hubspot-contacts.xlsx").read_bytes()


def _hand_edit(path):
    """What a team writes into an imported account: a stance, a note, a relation, a dated
    close contact, and a comment."""
    text = path.read_text(encoding="utf-8")
    text = text.replace("  title: 信息中心主任\n", "  title: 信息中心主任\n  stance: 支持者\n  notes: 喜欢书面材料\n", 1)
    text = text.replace("\ncontacts:\n", "\nrelations:\n- {source: lina, target: wanglixin, type: influences, "
                                         "weight: 0.8}\ncontacts:\n", 1)
    text = text.replace("  stakeholder: lina\n", "  stakeholder: lina\n  strength: 亲密层\n  last_contact: 2026-11-02\n", 1)
    path.write_text("# 江淮重工 MES: the team's map\n" + text, encoding="utf-8")


def test_a_reimport_keeps_what_the_team_wrote_and_says_what_changed(run, exports):
    assert run("import", *SALESFORCE, "-o", "jianghuai.yaml").exit_code == 0
    account_file = exports / "jianghuai.yaml"
    _hand_edit(account_file)
    before = account_file.read_bytes()

    # In the CRM since: 李娜 has a new title, 钱伯涛 now reports to 王立新, 何丽 joined procurement.
    contacts = (exports / "salesforce-contacts.csv").read_text(encoding="utf-8")
    contacts = contacts.replace(",信息中心主任,", ",首席信息官,").replace(",0035g00000Qm9ZzAAJ,qian", ",0035g00000Qm1AbAAJ,qian")
    contacts += ("0035g00000Qm1AkAAJ,0015g00000Jh7KpAAJ,江淮重工集团,女士,丽,何,何丽,采购专员,采购部,0035g00000Qm1AeAAJ,"
                 "he.li@jhzg.example.cn,,,0055g00000Ow1ZxAAJ,Alice Chen,Web,2026-11-20T01:00:00.000Z\n")
    (exports / "salesforce-contacts.csv").write_text(contacts, encoding="utf-8")

    refused = run("import", *SALESFORCE, "-o", "jianghuai.yaml", "--lang", "en")
    assert refused.exit_code == 3
    assert refused.stderr == ("jianghuai.yaml: already exists; give --force to update it from the CRM (the team's "
                              "stances, power, notes, relations, factions, circles and contacts are kept; a YAML "
                              "file's comments are not)\n")
    assert account_file.read_bytes() == before

    result = run("import", *SALESFORCE, "-o", "jianghuai.yaml", "--force", "--lang", "en")
    assert result.exit_code == 0, result.output
    assert result.stdout == (
        "updated jianghuai.yaml (yaml): added 1 person, 0 departments, 0 team members, 1 contact\n"
        "  added heli (何丽)\n"
        "  lina: title '信息中心主任' -> '首席信息官'\n"
        "  qianbotao: reports_to (none) -> 'wanglixin'\n"
        "note: the 1 comment of jianghuai.yaml was not kept (the file was written anew)\n"
        + NEXT.format("jianghuai.yaml")
    )
    account = powermap.load("jianghuai.yaml")
    lina = account.stakeholder("lina")
    assert (lina.title, str(lina.stance), lina.notes) == ("首席信息官", "supporter", "喜欢书面材料")
    assert [(r.source, r.target, str(r.type), r.weight) for r in account.relations] == [
        ("lina", "wanglixin", "influences", 0.8)]
    contact = next(c for c in account.contacts if c.stakeholder == "lina")
    assert (contact.member, str(contact.strength), contact.last_contact.isoformat()) == ("bob-li", "close", "2026-11-02")
    assert _people(account)["heli"] == ("何丽", "采购专员", "caigoubu", "liufang", set())
    assert account.stakeholder("heli").crm_id == "0035g00000Qm1AkAAJ"
    assert account.stakeholder("qianbotao").reports_to == "wanglixin"
    assert len(account.stakeholders) == 11 and len(account.contacts) == 10

    again = run("import", *SALESFORCE, "-o", "jianghuai.yaml", "--force", "--lang", "en")
    assert again.stdout.splitlines()[1] == "  nothing changed in the people"
    assert powermap.load("jianghuai.yaml") == account


def test_a_reimport_adds_roles_and_never_removes_the_teams(run, exports):
    assert run("import", "hubspot-contacts.csv", "-o", "harbor.yaml").exit_code == 0
    path = exports / "harbor.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace(
        "  title: IT Director\n  roles: [influencer]\n", "  title: IT Director\n  roles: [influencer, information_source]\n"),
        encoding="utf-8")
    export = (exports / "hubspot-contacts.csv").read_text(encoding="utf-8")
    (exports / "hubspot-contacts.csv").write_text(export.replace("IT Director,Harbor City Water Authority,Sam Patel,"
                                                                 "Opportunity,Influencer",
                                                                 "IT Director,Harbor City Water Authority,Sam Patel,"
                                                                 "Opportunity,Influencer;Evaluator"), encoding="utf-8")
    result = run("import", "hubspot-contacts.csv", "-o", "harbor.yaml", "--force")
    assert result.exit_code == 0, result.output
    assert "  priya-nair: roles + evaluator\n" in result.stdout
    roles = [str(role) for role in powermap.load("harbor.yaml").stakeholder("priya-nair").roles]
    assert roles == ["influencer", "information_source", "evaluator"]


def test_a_map_names_other_columns_and_roles(run, exports):
    (exports / "export.csv").write_text(
        "Contact ID,Full Name,Position,Dept,Boss ID,Buying Role__c,Mobile\n"
        "c1,Ana Silva,CEO,Board,,Project Manager,+55 11 5555 0001\n"
        "c2,Rui Costa,CTO,IT Center,c1,Technical Buyer,\n",
        encoding="utf-8")
    (exports / "map.yaml").write_text(
        "columns:\n  Contact ID: id\n  Full Name: name\n  Position: title\n  Dept: department\n"
        "  Boss ID: reports_to\n  Buying Role__c: roles\n"
        "roles:\n  Project Manager: [decision_maker, 出资者]\n  Technical Buyer: spec_setter\n",
        encoding="utf-8")
    result = run("import", "export.csv", "--map", "map.yaml", "-o", "acme.json")
    assert result.exit_code == 0, result.output
    assert result.stderr == "export.csv: not imported: Mobile (the account file keeps no contact details)\n"
    account = powermap.load("acme.json")
    assert account.account.id == "acme"  # no company column: the output's name
    assert _people(account) == {
        "ana-silva": ("Ana Silva", "CEO", "board", None, {"decision_maker", "funder"}),
        "rui-costa": ("Rui Costa", "CTO", "it-center", "ana-silva", {"spec_setter"}),
    }


def test_a_wrong_map_names_its_mistakes(run, exports):
    (exports / "map.yaml").write_text("columns:\n  Dept: division\nroles:\n  Sponsor: [boss]\n", encoding="utf-8")
    result = run("import", "hubspot-contacts.csv", "--map", "map.yaml", "-o", "x.yaml")
    assert result.exit_code == 1
    lines = result.stderr.splitlines()
    assert lines[0] == ("map.yaml: columns[Dept]: unknown field 'division'; expected one of id, name, first_name, "
                        "last_name, title, department, reports_to, roles, owner, company, company_id, contact_id, role, "
                        "primary")
    assert lines[1].startswith("map.yaml: roles[Sponsor]: expected one of decision_maker, funder,")
    assert len(lines) == 2


def test_help_does_not_load_the_importer():
    code = "import sys; from powermap.cli import cli; print('powermap.crm' in sys.modules, 'openpyxl' in sys.modules)"
    shown = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert shown.stdout == "False False\n"


def test_a_manager_that_would_close_a_cycle_with_the_file_is_not_imported(run, exports):
    assert run("import", *SALESFORCE, "-o", "jianghuai.yaml").exit_code == 0
    path = exports / "jianghuai.yaml"
    text = path.read_text(encoding="utf-8")
    # The team put the chairman under 周敏 and took 周敏 off the line; the CRM has 周敏 under 王立新, under 陈建国.
    text = text.replace("  title: 董事长\n", "  title: 董事长\n  reports_to: zhoumin\n", 1)
    text = text.replace("  reports_to: wanglixin\n  roles: [使用者]\n", "  roles: [使用者]\n", 1)
    path.write_text(text, encoding="utf-8")
    result = run("import", *SALESFORCE, "-o", "jianghuai.yaml", "--force", "--lang", "en")
    assert result.exit_code == 0, result.output
    assert ("salesforce-contacts.csv:row 8: ReportsToId: zhoumin reports to wanglixin in the CRM, but wanglixin's "
            "line in the account leads up to zhoumin (a cycle); not imported") in result.stderr.splitlines()
    account = powermap.load("jianghuai.yaml")
    assert (account.stakeholder("zhoumin").reports_to, account.stakeholder("chenjianguo").reports_to) == (None, "zhoumin")


def test_a_chinese_export_saved_as_gb18030_without_a_name_column(run, exports):
    # As Excel in China saves a CSV; the full name then comes from LastName and FirstName, 陈 + 建国.
    import csv
    import io

    rows = list(csv.reader(io.StringIO((exports / "salesforce-contacts.csv").read_text(encoding="utf-8"))))
    at = rows[0].index("Name")
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerows([row[:at] + row[at + 1:] for row in rows])
    (exports / "contacts-gb.csv").write_bytes(out.getvalue().encode("gb18030"))
    result = run("import", "contacts-gb.csv", "salesforce-contact-roles.csv", "-o", "jianghuai.yaml")
    assert result.exit_code == 0, result.output
    assert _people(powermap.load("jianghuai.yaml")) == SALESFORCE_PEOPLE


def test_a_person_renamed_in_the_crm_is_the_same_person_after_a_reimport(run, exports):
    assert run("import", *SALESFORCE, "-o", "jianghuai.yaml").exit_code == 0
    account_file = exports / "jianghuai.yaml"
    _hand_edit(account_file)  # 李娜: supporter, a note, a relation, a close contact

    # In the CRM since: 李娜 (record 0035g00000Qm1AcAAJ) is now 李雅娜.
    contacts = (exports / "salesforce-contacts.csv").read_text(encoding="utf-8")
    assert contacts.count(",娜,李,李娜,") == 1
    (exports / "salesforce-contacts.csv").write_text(contacts.replace(",娜,李,李娜,", ",雅娜,李,李雅娜,"), encoding="utf-8")

    result = run("import", *SALESFORCE, "-o", "jianghuai.yaml", "--force", "--lang", "en")
    assert result.exit_code == 0, result.output
    assert result.stdout == (
        "updated jianghuai.yaml (yaml): added 0 people, 0 departments, 0 team members, 0 contacts\n"
        "  lina: name '李娜' -> '李雅娜'\n"
        "note: the 1 comment of jianghuai.yaml was not kept (the file was written anew)\n"
        + NEXT.format("jianghuai.yaml")
    )
    account = powermap.load("jianghuai.yaml")
    assert len(account.stakeholders) == 10  # no one added beside her
    lina = account.stakeholder("lina")
    assert (lina.name, lina.title, str(lina.stance), lina.notes, lina.crm_id) == (
        "李雅娜", "信息中心主任", "supporter", "喜欢书面材料", "0035g00000Qm1AcAAJ")
    assert account.stakeholder("zhaogang").reports_to == "lina"  # her report still reports to her
    assert [(r.source, r.target) for r in account.relations] == [("lina", "wanglixin")]
    assert {(c.member, str(c.strength)) for c in account.contacts if c.stakeholder == "lina"} == {("bob-li", "close")}


def test_an_account_imported_without_record_ids_gets_them_then_follows_a_rename(run, exports):
    # An account imported before record ids were kept: the same file without its crm_id lines.
    assert run("import", "hubspot-contacts.csv", "-o", "harbor.yaml").exit_code == 0
    path = exports / "harbor.yaml"
    text = path.read_text(encoding="utf-8")
    lines = [line for line in text.splitlines(keepends=True) if not line.startswith("  crm_id: ")]
    assert len(lines) == len(text.splitlines()) - 9  # the nine people imported
    path.write_text("".join(lines).replace("  title: General Manager\n", "  title: General Manager\n  stance: champion\n"),
                    encoding="utf-8")

    first = run("import", "hubspot-contacts.csv", "-o", "harbor.yaml", "--force")
    assert first.exit_code == 0, first.output
    assert first.stdout.splitlines()[1:] == [
        "  the CRM record ids of 9 people are now kept (a renamed person is found by them)",
        NEXT.format("harbor.yaml").rstrip("\n")]
    assert powermap.load("harbor.yaml").stakeholder("maria-lopez").crm_id == "101"

    # Maria Lopez (Record ID 101) took her married name; Maria Lopez the name is now nobody's.
    export = (exports / "hubspot-contacts.csv").read_text(encoding="utf-8")
    (exports / "hubspot-contacts.csv").write_text(export.replace("101,Maria,Lopez,", "101,Maria,Lopez Garcia,"),
                                                  encoding="utf-8")
    second = run("import", "hubspot-contacts.csv", "-o", "harbor.yaml", "--force")
    assert second.exit_code == 0, second.output
    assert second.stdout.splitlines()[1] == "  maria-lopez: name 'Maria Lopez' -> 'Maria Lopez Garcia'"
    account = powermap.load("harbor.yaml")
    assert sorted(person.id for person in account.stakeholders) == sorted(HUBSPOT_PEOPLE)
    maria = account.stakeholder("maria-lopez")
    assert (maria.name, str(maria.stance)) == ("Maria Lopez Garcia", "champion")


def test_two_people_of_one_name_stay_two_and_keep_their_records(run, exports):
    # Two contacts named Tom Becker (Record IDs 104 and 120): two people, each found again by their id.
    export = (exports / "hubspot-contacts.csv").read_text(encoding="utf-8")
    export += "120,Tom,Becker,,,Shift Lead,Harbor City Water Authority,Sam Patel,Lead,End User,\n"
    (exports / "hubspot-contacts.csv").write_text(export, encoding="utf-8")
    assert run("import", "hubspot-contacts.csv", "-o", "harbor.yaml").exit_code == 0
    account = powermap.load("harbor.yaml")
    assert {(p.id, p.title, p.crm_id) for p in account.stakeholders if p.name == "Tom Becker"} == {
        ("tom-becker", "Procurement Manager", "104"), ("tom-becker-2", "Shift Lead", "120")}
    again = run("import", "hubspot-contacts.csv", "-o", "harbor.yaml", "--force")
    assert again.stdout.splitlines()[1] == "  nothing changed in the people"
    assert powermap.load("harbor.yaml") == account


def test_department_kinds_are_guessed_from_english_names(run, exports):
    # Each name and the kind docs/import.md's table gives it.
    expected = {
        "Finance": "finance",
        "Purchasing": "procurement",
        "IT Center": "technical",
        "Information Technology": "technical",
        "Engineering": "technical",
        "Legal & Compliance": "legal",
        "Office of the CEO": "leadership",
        "Security": "other",  # "it" only as a word
        "Finance & Procurement": "other",  # two kinds: none guessed
        "Plant Operations": "other",
    }
    rows = "".join(f"{number},Person,{chr(65 + number)},Staff,{department}\n"
                   for number, department in enumerate(expected))
    (exports / "contacts.csv").write_text("Record ID,First Name,Last Name,Job Title,Department\n" + rows.replace(
        "Legal & Compliance", '"Legal & Compliance"'), encoding="utf-8")
    result = run("import", "contacts.csv", "-o", "acme.yaml")
    assert result.exit_code == 0, result.output
    assert {d.name: str(d.kind) for d in powermap.load("acme.yaml").departments} == expected


def test_department_kinds_are_guessed_from_chinese_names(run, exports):
    expected = {
        "计划财务部": "finance",
        "物资采购中心": "procurement",
        "信息技术部": "technical",
        "研发中心": "technical",
        "法律事务部": "legal",
        "董事会办公室": "leadership",
        "财务与采购部": "other",  # two kinds: none guessed
        "生产车间": "other",
        "IT部": "technical",
    }
    rows = "".join(f"c{number},员工{number},职员,{department}\n" for number, department in enumerate(expected))
    (exports / "contacts.csv").write_text("Id,Name,Title,Department\n" + rows, encoding="utf-8")
    result = run("import", "contacts.csv", "-o", "acme.yaml")
    assert result.exit_code == 0, result.output
    assert {d.name: str(d.kind) for d in powermap.load("acme.yaml").departments} == expected


def test_an_existing_department_keeps_the_kind_the_team_gave_it(run, exports):
    assert run("import", *SALESFORCE, "-o", "jianghuai.yaml").exit_code == 0
    path = exports / "jianghuai.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("  name: 生产部\n", "  name: 生产部\n  kind: user\n"),
                    encoding="utf-8")
    path.write_text(path.read_text(encoding="utf-8").replace("  name: 采购部\n  kind: 采购部门\n", "  name: 采购部\n"),
                    encoding="utf-8")
    assert run("import", *SALESFORCE, "-o", "jianghuai.yaml", "--force").exit_code == 0
    kinds = {d.id: str(d.kind) for d in powermap.load("jianghuai.yaml").departments}
    assert (kinds["shengchanbu"], kinds["caigoubu"]) == ("user", "other")


def test_import_speaks_chinese_for_a_chinese_account(run, exports):
    result = run("import", *SALESFORCE, "-o", "jianghuai.yaml")
    assert result.exit_code == 0, result.output
    assert result.stdout == ("已写入 jianghuai.yaml（yaml）：10 人，部门 6 个，团队成员 2 人，联系 9 条\n"
                             "下一步：填写态度、权力和关系，然后运行：powermap check jianghuai.yaml\n")
    assert result.stderr.splitlines() == [
        "salesforce-contacts.csv: 未导入：Email、Phone、MobilePhone（客户文件不保存联系方式）",
        "salesforce-contacts.csv: 未导入：Salutation、OwnerId、LeadSource、CreatedDate（客户文件没有对应的字段；"
        "可以用 --map 指定字段）",
        "salesforce-contact-roles.csv: 未导入：Id、OpportunityId、CreatedDate（客户文件没有对应的字段；可以用 --map 指定字段）",
        "salesforce-contact-roles.csv:row 11: Role: 角色 'Project Manager' 不在角色对照表里；未导入（用 --map 给它指定采购角色，"
        "见 docs/import.md）",
        "salesforce-contact-roles.csv:row 13: ContactId: 0035g00000Qm7Xy 不是导出文件中的联系人；它的角色未导入",
        "salesforce-contacts.csv:row 11: ReportsToId: 上级 '0035g00000Qm9ZzAAJ' 不是导出文件中的联系人；qianbotao 的 "
        "reports_to 留空",
    ]
    contacts = (exports / "salesforce-contacts.csv").read_text(encoding="utf-8")
    (exports / "salesforce-contacts.csv").write_text(contacts.replace(",信息中心主任,", ",首席信息官,"), encoding="utf-8")
    refused = run("import", *SALESFORCE, "-o", "jianghuai.yaml")
    assert refused.exit_code == 3
    assert refused.stderr == ("jianghuai.yaml：已经存在；加 --force 可用 CRM 数据更新它（团队填写的态度、权力、备注、关系、派系、"
                              "圈层和联系都会保留；YAML 文件里的注释不保留）\n")
    updated = run("import", *SALESFORCE, "-o", "jianghuai.yaml", "--force")
    assert updated.exit_code == 0, updated.output
    assert updated.stdout.splitlines()[:2] == ["已更新 jianghuai.yaml（yaml）：新增 0 人，部门 0 个，团队成员 0 人，联系 0 条",
                                               "  lina：title 由 '信息中心主任' 改为 '首席信息官'"]


def test_import_speaks_english_for_an_english_account_and_as_told(run, exports):
    result = run("import", "hubspot-contacts.csv", "-o", "harbor.yaml")
    assert result.stdout.splitlines()[0] == "wrote harbor.yaml (yaml): 9 people, 0 departments, 2 team members, 8 contacts"
    assert result.stderr.splitlines()[0] == ("hubspot-contacts.csv: not imported: Email, Phone Number (the account "
                                             "file keeps no contact details)")
    told = run("import", "hubspot-contacts.csv", "-o", "harbor2.yaml", "--lang", "zh")
    assert told.stdout.splitlines()[0] == "已写入 harbor2.yaml（yaml）：9 人，部门 0 个，团队成员 2 人，联系 8 条"
    assert told.stderr.splitlines()[-1] == "hubspot-contacts.csv:row 11: 没有姓名（First Name、Last Name 为空）；这个联系人未导入"


def test_an_import_error_is_said_in_the_language_asked_for(run, exports):
    (exports / "people.csv").write_text("name,phone\nWang Wei,123\n", encoding="utf-8")
    result = run("import", "people.csv", "-o", "x.yaml", "--lang", "zh")
    assert result.exit_code == 1
    assert result.stderr == (
        "people.csv: 认不出是哪个 CRM：应为 Salesforce 的列（Id、LastName 或 Name、Title、Department、ReportsToId ……）、"
        "Salesforce 联系人角色（ContactId、Role）或 HubSpot 的列（Record ID、First Name、Last Name、Job Title ……）；"
        "这个文件的列是 name, phone（--map FILE 可以指定其他列名）\n")
    roles = run("import", "salesforce-contact-roles.csv", "-o", "x.yaml", "--lang", "zh")
    assert roles.stderr == ("salesforce-contact-roles.csv: 只有联系人角色，没有联系人：请同时给出联系人导出文件（powermap import "
                            "contacts.csv roles.csv -o ACCOUNT）\n")
    bad = run("import", "hubspot-contacts.csv", "-o", "x.yaml", "--lang", "fr")
    assert bad.exit_code == 2


def test_the_record_ids_survive_every_form_and_a_database_round_trip_of_the_rows(run, exports):
    from powermap.backends.schema import account_from_rows, account_rows

    assert run("import", *SALESFORCE, "-o", "jianghuai.yaml").exit_code == 0
    account = powermap.load("jianghuai.yaml")
    ids = {person.id: person.crm_id for person in account.stakeholders}
    assert ids["zhenghai"] == "0035g00000Qm1AiAAJ" and None not in ids.values()
    for target in ("jianghuai.json", "jianghuai.xlsx", "jianghuai-csv"):
        assert run("convert", "jianghuai.yaml", target).exit_code == 0
        assert powermap.load(target) == account, target
    header = (exports / "jianghuai-csv" / "stakeholders.csv").read_text(encoding="utf-8-sig").splitlines()[0]
    assert header.split(",")[-1] == "crm_id"
    node = next(n for n in account_rows(account).nodes if n.label == "Stakeholder" and n.id == "lina")
    assert node.properties["crm_id"] == "0035g00000Qm1AcAAJ"
    assert account_from_rows(account_rows(account)) == account


@pytest.mark.neo4j
def test_the_record_ids_survive_a_push_and_a_pull(run, exports, neo4j_target, monkeypatch):
    from test_backends import PREFIX, renamed

    from powermap.writers import write_account

    for name, value in neo4j_target.environ().items():
        monkeypatch.setenv(name, value)
    assert run("import", *SALESFORCE, "-o", "jianghuai.yaml").exit_code == 0
    account = renamed(powermap.load("jianghuai.yaml"), PREFIX + "crm-ids")
    write_account(account, exports / "pushed.yaml")
    try:
        assert run("neo4j", "push", "pushed.yaml").exit_code == 0
        pulled = run("neo4j", "pull", account.account.id, "-o", "pulled.json")
        assert pulled.exit_code == 0, pulled.output
        back = powermap.load("pulled.json")
        assert back == account
        assert back.stakeholder("lina").crm_id == "0035g00000Qm1AcAAJ"
    finally:
        run("neo4j", "delete", account.account.id)


def test_record_ids_are_in_no_report_or_map(run, exports):
    from powermap.redact import redact

    assert run("import", *SALESFORCE, "-o", "jianghuai.yaml").exit_code == 0
    assert {person.crm_id for person in redact(powermap.load("jianghuai.yaml")).stakeholders} == {None}
    report = run("report", "jianghuai.yaml", "-f", "json")
    assert report.exit_code == 0 and "0035g" not in report.stdout
    for options in ((), ("--redact",)):
        assert run("map", "jianghuai.yaml", "-o", "map.html", *options).exit_code == 0
        assert "0035g" not in (exports / "map.html").read_text(encoding="utf-8")
        (exports / "map.html").unlink()


def test_the_department_table_of_the_docs_is_the_one_used():
    from powermap.crm import DEPARTMENT_KINDS

    text = (DATA.parent.parent / "docs" / "import.md").read_text(encoding="utf-8")
    table = {}
    for line in text.splitlines():
        found = re.fullmatch(r"\| (.+) \| `(\w+)` \|", line)
        if found and found.group(2) in DEPARTMENT_KINDS:
            words = re.split(r"[;,] ", found.group(1))
            table[found.group(2)] = sorted(word.casefold() for word in words)
    assert table == {kind: sorted(words) for kind, words in DEPARTMENT_KINDS.items()}
