"""simulate, plan, diff and portfolio in Chinese for a Chinese account, in English when asked.

The Chinese words are the ones a sales director reads (支持指数, 关键人, 引荐路径, 人事变化), written
here by hand; the rows of the diff are what the two small snapshots below record.
"""

import re

import pytest

from conftest import EXAMPLES

ENERGY = EXAMPLES / "provincial-energy-group.yaml"
KESTREL = EXAMPLES / "kestrel-manufacturing.yaml"

# Every English word of these tables' titles, columns and rows (not the account's own text)
ENGLISH_WORDS = re.compile(
    r"\b(Scenario|Support index|What moved|Key persons' forecast|Whom to win over next|People|Relations and contacts|"
    r"Answers|Accounts|Not read|Portfolio|before|after|change|person|gain|route|why|who|tie|grade|stage|coverage|"
    r"high gaps|top key person|top risk|support index|next action|arrived|left|moved|stance|added|removed|"
    r"no warm route|knows|reports to|forecast|file|problem|contact|ally|the committee)\b")

# Two snapshots of one account: 刘伟 leaves and now reports to 张国栋, 徐方正 arrives, 钱伯涛 turns
# supporter, 刘伟's alliance with 钱伯涛 is gone and 陈凯明 has met 钱伯涛.
OLD = """\
account: {id: huadong-grid, name: 华东电网调度系统项目, grade: A, stage: 提案, as_of: 2026-11-01}
team:
  - {id: chenkm, name: 陈凯明}
departments:
  - {id: ddzx, name: 调度中心}
  - {id: xxb, name: 信息部}
stakeholders:
  - {id: zhanggd, name: 张国栋, title: 总经理, roles: [决策者], stance: 中立}
  - {id: wangzy, name: 王志远, title: 副总经理, reports_to: zhanggd, department: ddzx, roles: [出资者], stance: 支持者}
  - {id: qianbt, name: 钱伯涛, title: 总工程师, reports_to: zhanggd, department: ddzx, roles: [评价者], stance: 未知}
  - {id: liuw, name: 刘伟, title: 信息部主任, reports_to: wangzy, department: xxb, roles: [使用者], stance: 反对者}
relations:
  - {source: qianbt, target: zhanggd, type: 建议, weight: 0.7}
  - {source: liuw, target: qianbt, type: 盟友}
contacts:
  - {member: chenkm, stakeholder: wangzy, strength: 亲密层, last_contact: 2026-10-20}
"""
NEW = """\
account: {id: huadong-grid, name: 华东电网调度系统项目, grade: A, stage: 提案, as_of: 2026-11-20}
team:
  - {id: chenkm, name: 陈凯明}
departments:
  - {id: ddzx, name: 调度中心}
  - {id: xxb, name: 信息部}
stakeholders:
  - {id: zhanggd, name: 张国栋, title: 总经理, roles: [决策者], stance: 中立}
  - {id: wangzy, name: 王志远, title: 副总经理, reports_to: zhanggd, department: ddzx, roles: [出资者], stance: 支持者}
  - {id: qianbt, name: 钱伯涛, title: 总工程师, reports_to: zhanggd, department: ddzx, roles: [评价者], stance: 支持者}
  - {id: liuw, name: 刘伟, title: 信息部主任, reports_to: zhanggd, department: xxb, roles: [使用者], stance: 反对者, status: 离职}
  - {id: xufz, name: 徐方正, title: 信息部主任, reports_to: wangzy, department: xxb, roles: [使用者], stance: 未知, status: 新任}
relations:
  - {source: qianbt, target: zhanggd, type: 建议, weight: 0.7}
contacts:
  - {member: chenkm, stakeholder: wangzy, strength: 亲密层, last_contact: 2026-10-20}
  - {member: chenkm, stakeholder: qianbt, strength: 普通层, last_contact: 2026-11-18}
"""


@pytest.fixture
def snapshots(tmp_path):
    old, new = tmp_path / "旧.yaml", tmp_path / "新.yaml"
    old.write_text(OLD, encoding="utf-8")
    new.write_text(NEW, encoding="utf-8")
    return old, new


def lines_of(output: str) -> list[str]:
    """The lines of a terminal table, its borders and padding taken away: one string per row,
    the cells joined by " | "."""
    rows = []
    for line in output.splitlines():
        cells = [cell.strip() for cell in re.split(r"[│┃]", line)[1:-1]]
        rows.append(" | ".join(cells) if cells else line.strip())
    return rows


def no_english(output: str) -> None:
    found = ENGLISH_WORDS.findall(output)
    assert not found, f"English table words in a Chinese output: {found}"


def test_simulate_in_chinese(run):
    result = run("simulate", ENERGY, "--set", "钱伯涛.stance=支持者", "--add-contact", "chen-km:钱伯涛:4")
    assert result.exit_code == 0, result.output
    rows = lines_of(result.stdout)
    for expected in ("假设情景", "变化", "钱伯涛：态度 = 支持者", "陈凯明与钱伯涛建立联系（亲密层）",
                     "支持指数", "之前 | 之后 | 变化", "会有哪些变化", "变化内容",
                     "关键人态度预测", "人员 | 之前 | 之后 | 预测态度（-2至2）"):
        assert expected in rows, expected
    assert any(row.startswith("张国栋 | 中立 | 中立 | ") for row in rows)  # the chairman, neutral on file
    assert "支持指数：决策层成员相互影响之后" in result.stdout
    no_english(result.stdout)


def test_simulate_in_markdown_says_the_scenario_in_the_account_files_words(run):
    result = run("simulate", ENERGY, "--set", "钱伯涛.stance=champion", "--set", "钱伯涛.circle=inner",
                 "--set", "钱伯涛.status=transferred", "--set", "钱伯涛.power.knowledge=3", "--set", "钱伯涛.reports_to=wang-fz",
                 "-f", "markdown")
    assert result.exit_code == 0, result.output
    text = result.stdout
    assert text.startswith("## 假设情景\n\n| 变化 |\n|---|\n")
    for line in ("| 钱伯涛：态度 = 坚定支持者 |", "| 钱伯涛：圈子 = 内圈 |", "| 钱伯涛：在职状态 = 调动 |",
                 "| 钱伯涛：知识权力 = 3 |", "| 钱伯涛：上级 = 王志远 |", "## 支持指数", "| 之前 | 之后 | 变化 |",
                 "## 关键人态度预测"):
        assert line in text.splitlines(), line
    no_english(text)


def test_plan_in_chinese(run, snapshots):
    result = run("plan", ENERGY)
    assert result.exit_code == 0, result.output
    rows = lines_of(result.stdout)
    assert "支持指数" in rows and "之前 | 按计划争取后" in rows
    assert "下一步争取谁" in rows and "序号 | 人员 | 支持指数提升 | 引荐路径 | 理由" in rows
    no_english(result.stdout)
    # nobody on the team knows anyone who knows 钱伯涛 in the old snapshot
    old, _ = snapshots
    small = run("plan", old, "-f", "markdown").stdout
    assert "| 序号 | 人员 | 支持指数提升 | 引荐路径 | 理由 |" in small.splitlines()
    assert re.search(r"^\| \d \| 钱伯涛 \| \+[\d.]+ \| 没有关系热的引荐路径 \|", small, re.MULTILINE)
    no_english(small)


def test_diff_in_chinese(run, snapshots):
    old, new = snapshots
    result = run("diff", old, new)
    assert result.exit_code == 0, result.output
    rows = lines_of(result.stdout)
    for expected in ("人事变化", "变化 | 人员", "新加入 | 徐方正", "离开 | 刘伟", "调动 | 刘伟：上级由王志远变为张国栋",
                     "态度变化 | 钱伯涛：由未知变为支持者", "关系与我方联系的变化", "变化 | 关系",
                     "新增 | 我方联系：陈凯明 - 钱伯涛", "减少 | 盟友：刘伟 - 钱伯涛", "分析结论的变化", "变化内容"):
        assert expected in rows, expected
    no_english(result.stdout)
    markdown = run("diff", old, new, "-f", "markdown").stdout
    assert markdown.startswith("## 人事变化\n\n| 变化 | 人员 |\n")
    assert "## 关系与我方联系的变化" in markdown and "## 分析结论的变化" in markdown
    no_english(markdown)


def test_diff_of_chinese_files_in_english_when_asked(run, snapshots):
    old, new = snapshots
    rows = lines_of(run("diff", old, new, "--lang", "en").stdout)
    for expected in ("People", "change | who", "arrived | 徐方正", "left | 刘伟", "moved | 刘伟: reports to 王志远 -> 张国栋",
                     "stance | 钱伯涛: unknown -> supporter", "Relations and contacts", "added | contact: 陈凯明 - 钱伯涛",
                     "removed | ally: 刘伟 - 钱伯涛", "Answers", "what moved"):
        assert expected in rows, expected


def test_simulate_and_plan_of_the_chinese_example_in_english_when_asked(run):
    rows = lines_of(run("simulate", ENERGY, "--set", "钱伯涛.stance=支持者", "--lang", "en").stdout)
    for expected in ("Scenario", "钱伯涛: stance = 支持者", "Support index", "before | after | change", "What moved",
                     "Key persons' forecast", "person | before | after | forecast (-2..2)"):
        assert expected in rows, expected
    assert any(row.startswith("张国栋 | neutral | neutral | ") for row in rows)
    rows = lines_of(run("plan", ENERGY, "--lang", "en").stdout)
    assert "before | after plan" in rows and "Whom to win over next" in rows and "# | person | gain | route | why" in rows


def test_portfolio_in_chinese(run, snapshots, tmp_path):
    _, new = snapshots
    result = run("portfolio", ENERGY, new, "--workers", "1")
    assert result.exit_code == 0, result.output
    rows = lines_of(result.stdout)
    assert "客户" in rows
    assert ("等级 | 编号 | 销售阶段 | 关键人覆盖率 | 高危缺口数 | 首要关键人 | 首要风险 | 支持指数 | 下一步行动") in rows
    assert any(row.startswith("A | huadong-grid | 提案 | ") for row in rows)
    no_english(result.stdout)
    markdown = run("portfolio", ENERGY, new, "--workers", "1", "-f", "markdown").stdout
    assert markdown.startswith("## 客户\n\n| 等级 | 编号 | 销售阶段 | 关键人覆盖率 | 高危缺口数 | 首要关键人 | 首要风险 | 支持指数 | 下一步行动 |\n")
    no_english(markdown)
    csv = run("portfolio", new, "-f", "csv").stdout
    assert csv.splitlines()[0] == ("编号,名称,等级,阶段,关键人覆盖率,高危缺口数,首要关键人编号,首要风险编号,支持指数,下一步行动,"
                                   "首要关键人,首要风险")
    assert csv.splitlines()[1].startswith("huadong-grid,华东电网调度系统项目,A,proposal,")  # values as in the JSON


def test_portfolio_page_in_chinese_lists_what_was_not_read(run, snapshots, tmp_path):
    _, new = snapshots
    broken = tmp_path / "坏.yaml"
    broken.write_text("account: {id: bad, name: 坏文件}\nstakeholders:\n  - {id: a, name: 张三, department: 没有}\n",
                      encoding="utf-8")
    folder = tmp_path / "总览"
    result = run("portfolio", new, broken, "-f", "html", "-o", folder)
    assert result.exit_code == 0, result.output
    page = (folder / "index.html").read_text(encoding="utf-8")
    assert '<html lang="zh-CN">' in page and "<title>powermap 客户总览</title>" in page and "<h1>客户总览</h1>" in page
    assert ("<tr><th>等级</th><th>客户</th><th>销售阶段</th><th>关键人覆盖率</th><th>高危缺口数</th><th>首要关键人</th>"
            "<th>首要风险</th><th>支持指数</th><th>下一步行动</th></tr>") in page
    assert '<td><a href="001-map.html">华东电网调度系统项目</a></td><td>提案</td>' in page
    assert "<h2>未能读取的文件</h2>" in page and "坏.yaml" in page
    markdown = run("portfolio", new, broken, "-f", "markdown").stdout
    assert "## 未能读取的文件\n\n| 文件 | 问题 |\n" in markdown


def test_portfolio_of_chinese_accounts_in_english_when_asked(run, snapshots, tmp_path):
    _, new = snapshots
    rows = lines_of(run("portfolio", new, "--lang", "en").stdout)
    assert "Accounts" in rows
    assert "grade | id | stage | coverage | high gaps | top key person | top risk | support index | next action" in rows
    assert any(row.startswith("A | huadong-grid | proposal | ") for row in rows)
    folder = tmp_path / "portfolio"
    assert run("portfolio", new, "--lang", "en", "-f", "html", "-o", folder).exit_code == 0
    page = (folder / "index.html").read_text(encoding="utf-8")
    assert '<html lang="en">' in page and "<h1>Portfolio</h1>" in page and "<th>support index</th>" in page
    csv = run("portfolio", new, "--lang", "en", "-f", "csv").stdout
    assert csv.splitlines()[0].startswith("id,name,grade,stage,coverage,high_gaps,")


def test_english_accounts_stay_english(run, tmp_path):
    rows = lines_of(run("simulate", KESTREL, "--set", "harold_kestrel.stance=champion").stdout)
    assert "Scenario" in rows and "Harold Kestrel: stance = champion" in rows
    folder = tmp_path / "portfolio"
    assert run("portfolio", KESTREL, "-f", "html", "-o", folder).exit_code == 0
    assert '<html lang="en">' in (folder / "index.html").read_text(encoding="utf-8")
