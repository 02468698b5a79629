"""The lines the command line itself prints (what it wrote, why it would not write, a usage
mistake) in the account's language: Chinese for a Chinese account, English for an English one,
and each as --lang asks. Expected texts are the sentences a user should read, written out."""

from __future__ import annotations

from pathlib import Path

import pytest

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
PROVINCIAL = EXAMPLES / "provincial-energy-group.yaml"
KESTREL = EXAMPLES / "kestrel-manufacturing.yaml"


@pytest.fixture
def chinese(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("POWERMAP_LANG", raising=False)
    (tmp_path / "华东.yaml").write_bytes(PROVINCIAL.read_bytes())
    (tmp_path / "kestrel.yaml").write_bytes(KESTREL.read_bytes())
    return tmp_path


def test_what_was_written_is_said_in_the_accounts_language(run, chinese):
    zh = run("report", "华东.yaml", "-f", "json", "-o", "r.json")
    assert (zh.exit_code, zh.stderr) == (0, "已写入 r.json（json）\n")
    en = run("report", "kestrel.yaml", "-f", "json", "-o", "k.json")
    assert (en.exit_code, en.stderr) == (0, "wrote k.json (json)\n")
    asked = run("report", "华东.yaml", "-f", "json", "-o", "r2.json", "--lang", "en")
    assert asked.stderr == "wrote r2.json (json)\n"
    plan = run("plan", "华东.yaml", "-o", "plan.txt")
    assert (plan.exit_code, plan.stderr) == (0, "已写入 plan.txt\n")
    drawn = run("map", "华东.yaml", "-o", "m.html")
    assert (drawn.exit_code, drawn.stdout) == (0, "已写入 m.html（html）\n")


def test_an_output_that_would_replace_the_input_is_refused_in_the_accounts_language(run, chinese):
    zh = run("report", "华东.yaml", "-f", "json", "-o", "华东.yaml")
    assert (zh.exit_code, zh.stderr) == (3, "华东.yaml：不会覆盖输入文件；请换一个输出位置\n")
    en = run("report", "kestrel.yaml", "-f", "json", "-o", "kestrel.yaml")
    assert (en.exit_code, en.stderr) == (3, "kestrel.yaml: refusing to write over the input; choose another output\n")
    missing = run("map", "华东.yaml", "-o", "nowhere/m.html")
    assert (missing.exit_code, missing.stderr) == (3, "nowhere/m.html：文件夹 nowhere 不存在\n")
    ending = run("map", "华东.yaml", "-o", "m.png", "--format", "svg")
    assert (ending.exit_code, ending.stderr) == (3, "m.png：文件扩展名与 --format svg 不符；请用 .svg\n")
    deck = run("report", "华东.yaml", "-f", "pptx")
    assert (deck.exit_code, deck.stderr) == (
        2, "--format pptx 写出的是 PowerPoint 演示文稿，不是文字：请用 -o 文件名.pptx 指定\n")


def test_a_scenario_mistake_is_said_in_the_accounts_language(run, chinese):
    unread = run("simulate", "华东.yaml", "--set", "钱伯涛=支持者")
    assert (unread.exit_code, unread.stderr) == (2, "看不懂这条改动 '钱伯涛=支持者'：应写成 ID.FIELD=VALUE\n")
    field = run("simulate", "华东.yaml", "--set", "钱伯涛.power.money=2")
    assert field.exit_code == 2
    assert field.stderr.startswith("钱伯涛.power.money=2：没有 'money' 这种权力来源")
    nothing = run("simulate", "kestrel.yaml")
    assert nothing.stderr == ("no change given: use --set ID.FIELD=VALUE, --add-contact MEMBER:ID:STRENGTH or "
                              "--scenario FILE\n")


# A usage mistake click catches, on a Chinese account: the usage line, where help is, and the
# mistake, in Chinese; the same mistakes on an English account keep click's English words.
USAGE_ZH = "用法：powermap {command} [OPTIONS] {args}\n用 'powermap {command} --help' 查看帮助（英文）。\n\n"


@pytest.mark.parametrize(("words", "said"), [
    (["report", "华东.yaml", "--top", "abc"], "错误：'--top' 的值不对：'abc' 不是整数"),
    (["report", "--top", "abc", "华东.yaml"], "错误：'--top' 的值不对：'abc' 不是整数"),
    (["report", "华东.yaml", "--max-input-mb", "0"], "错误：'--max-input-mb' 的值不对：0 超出范围（应满足 x>=1）"),
    (["report", "华东.yaml", "-f", "md"],
     "错误：'-f' / '--format' 的值不对：'md' 不在可选值之中：'table', 'markdown', 'json', 'csv', 'pptx'"),
    (["report", "华东.yaml", "--as-of", "2026-13-01"], "错误：'--as-of' 的值不对：'2026-13-01' 不是 YYYY-MM-DD 格式的日期"),
    (["path", "华东.yaml"], "错误：缺少选项 '--to'"),
    (["report", "华东.yaml", "--topp", "3"], "错误：没有这个选项：--topp；是不是 --top？"),
    (["report", "华东.yaml", "extra"], "错误：多出 1 个参数：extra"),
])
def test_a_usage_mistake_on_a_chinese_account_is_said_in_chinese(run, chinese, words, said):
    result = run(*words)
    assert result.exit_code == 2
    assert result.stderr == USAGE_ZH.format(command=words[0], args="FILE") + said + "\n"


def test_a_usage_mistake_follows_lang_and_an_english_account_keeps_clicks_words(run, chinese):
    english = run("report", "kestrel.yaml", "--top", "abc")
    assert english.exit_code == 2
    assert english.stderr.endswith("Error: Invalid value for '--top': 'abc' is not a valid integer range.\n")
    asked = run("report", "kestrel.yaml", "--top", "abc", "--lang", "zh")  # --lang is read first
    assert asked.stderr.endswith("错误：'--top' 的值不对：'abc' 不是整数\n")
    asked = run("report", "华东.yaml", "--top", "abc", "--lang", "en")
    assert asked.stderr.endswith("Error: Invalid value for '--top': 'abc' is not a valid integer range.\n")
    short = run("report", "华东.yaml", "--top")
    assert (short.exit_code, short.stderr) == (2, "错误：选项 --top 后面要跟一个值\n")


# The Neo4j commands and addresses: said in the language asked for (--lang, $POWERMAP_LANG) or
# of the account file read. No server is needed to be refused an address.
def test_a_bad_neo4j_address_is_said_in_the_accounts_language(run, chinese):
    zh = run("report", "华东.yaml", "--backend", "bolt://db.example:99999")
    assert (zh.exit_code, zh.stderr) == (
        2, "--backend：bolt://db.example:99999 不是有效的 Neo4j 地址：端口应为 1..65535，如 bolt://HOST:7687\n")
    en = run("report", "kestrel.yaml", "--backend", "bolt://db.example:99999")
    assert en.stderr == ("--backend: bolt://db.example:99999 is not a valid Neo4j address: expected a port of 1..65535, "
                         "like bolt://HOST:7687\n")


def test_the_neo4j_commands_speak_the_language_asked_for(run, chinese, monkeypatch):
    monkeypatch.delenv("POWERMAP_NEO4J_URI", raising=False)
    zh = run("neo4j", "list", "--lang", "zh")
    assert (zh.exit_code, zh.stderr) == (
        2, "没有指定 Neo4j 服务器：请用 --backend bolt://HOST:7687，或设置 POWERMAP_NEO4J_URI\n")
    memory = run("neo4j", "pull", "acme", "-o", "a.yaml", "--backend", "memory")
    assert memory.stderr == "the neo4j commands need a Neo4j server (bolt://HOST:7687 or neo4j://HOST), not memory\n"
    monkeypatch.setenv("POWERMAP_LANG", "zh")
    memory = run("neo4j", "pull", "acme", "-o", "a.yaml", "--backend", "memory")
    assert memory.stderr == "neo4j 命令需要 Neo4j 服务器（bolt://HOST:7687 或 neo4j://HOST），不能用 memory\n"
    twice = run("neo4j", "push", "华东.yaml", "华东.yaml", "--backend", "bolt://127.0.0.1:1")
    assert (twice.exit_code, twice.stderr) == (2, "华东.yaml 和 华东.yaml 是同一个客户 'provincial-energy-erp'；请只推送一个\n")
