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
