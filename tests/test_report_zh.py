"""The report in its reader's language: Chinese for an account written in Chinese (auto), on
request (--lang, POWERMAP_LANG), English otherwise; JSON keys, ids and values never change."""

from __future__ import annotations

import json

from conftest import EXAMPLES


def _rows(path):
    import csv

    with open(path, encoding="utf-8-sig", newline="") as handle:  # the BOM a spreadsheet wants
        return list(csv.DictReader(handle))


PROVINCIAL = EXAMPLES / "provincial-energy-group.yaml"
KESTREL = EXAMPLES / "kestrel-manufacturing.yaml"
ENGLISH_HEADINGS = ("Recommendations", "Key persons", "Coverage gaps", "Inside contacts", "Ignored risks", "Factions",
                    "Brokers", "Power structure")


def test_a_chinese_account_reads_in_chinese_by_default(run, monkeypatch):
    monkeypatch.delenv("POWERMAP_LANG", raising=False)
    result = run("report", PROVINCIAL)
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0] == "东岚省能源投资集团 智慧能源管控平台暨集团ERP一体化项目 (provincial-energy-erp)"
    assert lines[1] == "A级，提案阶段，集权文化，截至2026-11-15"
    assert lines[2] == "权力结构：偏权式"
    titles = ["行动建议", "关键人", "覆盖缺口", "内线人选", "被忽视的风险", "不该接触的人：与之走近会连累我方",
              "派系与阵营", "谁站在谁一边", "不稳定的三角关系（这些关系不可能都维持下去）", "中间人"]
    at = [lines.index(next(line for line in lines if line.strip() == title)) for title in titles]
    assert at == sorted(at)  # every section, in the report's order
    assert "┃ 严重程度 ┃ 类别     ┃ 缺口" in result.stdout
    assert "│ 高       │ 单线联系 │ 我方只有何建国能接触到第1位关键人张国栋" in result.stdout
    assert "│ 1  │ 张国栋 │ 0.87 │ 中立       │ 决策者；一把手说了算（集权文化）；汇报线最高层（下辖32人）" in result.stdout
    assert not any(heading in result.stdout for heading in ENGLISH_HEADINGS)
    flat = "".join(result.stdout.split())  # the terminal folds long Chinese lines
    assert "钱伯涛和赵立新是对手，却都与王志远有关系（钱伯涛：参谋；赵立新：参谋/汇报给）：王志远夹在两人中间，可能不得不选边。" in flat
    assert "are rivals" not in result.stdout


def test_lang_en_keeps_a_chinese_account_in_english_and_zh_turns_an_english_one(run, monkeypatch):
    monkeypatch.delenv("POWERMAP_LANG", raising=False)
    english = run("report", PROVINCIAL, "--lang", "en")
    assert english.stdout.splitlines()[1] == "grade A, stage proposal, culture centralized, as of 2026-11-15"
    assert "Key persons" in english.stdout and "关键人第1位" not in english.stdout
    kestrel = run("report", KESTREL)
    assert kestrel.stdout.splitlines()[1] == "grade A, stage negotiation, culture centralized, as of 2026-11-15"
    monkeypatch.setenv("POWERMAP_LANG", "zh")
    chinese = run("report", KESTREL)
    assert chinese.stdout.splitlines()[1] == "A级，商务谈判阶段，集权文化，截至2026-11-15"
    assert chinese.stdout.splitlines()[2] == "权力结构：集中式"


def test_an_unknown_language_is_refused_before_any_work(run, monkeypatch):
    monkeypatch.delenv("POWERMAP_LANG", raising=False)
    result = run("report", "no-such-file.yaml", "--lang", "fr")
    assert result.exit_code == 2
    assert result.stderr.endswith("--lang: unknown language 'fr'; use zh, en or auto\n")
    monkeypatch.setenv("POWERMAP_LANG", "klingon")
    result = run("report", KESTREL)
    assert result.exit_code == 2
    assert result.stderr.endswith("POWERMAP_LANG: unknown language 'klingon'; use zh, en or auto\n")


def test_json_in_chinese_keeps_the_contract_and_says_the_text_in_chinese(run, monkeypatch):
    monkeypatch.delenv("POWERMAP_LANG", raising=False)
    chinese = json.loads(run("report", PROVINCIAL, "-f", "json").stdout)
    english = json.loads(run("report", PROVINCIAL, "-f", "json", "--lang", "en").stdout)

    def shape(value):  # the keys and every value that is not text a person reads
        if isinstance(value, dict):
            return {key: shape(item) for key, item in value.items()}
        if isinstance(value, list):
            return [shape(item) for item in value]
        return value if not isinstance(value, str) else None

    assert shape(chinese) == shape(english)
    first = chinese["key_persons"][0]
    assert (first["id"], first["reasons"][:2]) == ("zhang-dsz", ["决策者", "一把手说了算（集权文化）"])
    assert english["key_persons"][0]["reasons"][:2] == ["decision maker", "the top person decides (centralized culture)"]
    assert chinese["power_structure"]["shape"] == "skewed"  # an enumerated value: the contract's
    assert [gap["kind"] for gap in chinese["coverage_gaps"]] == [gap["kind"] for gap in english["coverage_gaps"]]


def test_csv_and_markdown_in_chinese(run, tmp_path, monkeypatch):
    monkeypatch.delenv("POWERMAP_LANG", raising=False)
    assert run("report", PROVINCIAL, "-f", "csv", "-o", tmp_path / "out").exit_code == 0
    people = _rows(tmp_path / "out" / "key_persons.csv")
    assert list(people[0]) == ["编号", "姓名", "排名", "得分", "理由", "关键人"]
    assert people[0]["编号"] == "zhang-dsz" and people[0]["理由"].startswith("决策者; 一把手说了算")
    assert list(_rows(tmp_path / "out" / "factions.csv")[0])[:2] == ["编号", "名称"]
    markdown = run("report", PROVINCIAL, "-f", "markdown").stdout
    assert markdown.startswith("# 权力地图：东岚省能源投资集团 智慧能源管控平台暨集团ERP一体化项目\n")
    assert "\n## 关键人\n" in markdown and "\n## 覆盖缺口\n" in markdown
    assert "| # | 人员 | 得分 | 理由 |" in markdown


def test_a_broken_chinese_file_is_told_its_error_in_chinese_by_every_command(run, tmp_path, monkeypatch):
    monkeypatch.delenv("POWERMAP_LANG", raising=False)
    path = tmp_path / "bad.yaml"
    path.write_text("account: {id: x, name: 测试}\nstakeholders:\n  - {id: a, name: 张三, reports_to: 李四}\n",
                    encoding="utf-8")
    chinese = f"{path}:3: stakeholders[a].reports_to: 找不到人员 '李四'（应为以下之一：a (张三)）\n"
    for command in (("report", path), ("path", path, "--to", "a"), ("plan", path), ("map", path, "-o", tmp_path / "m.html")):
        result = run(*command)
        assert (result.exit_code, result.stderr) == (1, chinese), command
    english = run("report", path, "--lang", "en")
    assert english.stderr == f"{path}:3: stakeholders[a].reports_to: unknown stakeholder '李四' (expected one of a (张三))\n"
