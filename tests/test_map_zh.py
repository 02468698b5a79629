"""The power map in its reader's language: `powermap map FILE --lang auto|zh|en`.

A Chinese account (examples/provincial-energy-group.yaml) gets a Chinese page
(``<html lang="zh-CN">``, Chinese controls, legend, badges, panel headings and reasons), a
Chinese PNG/SVG (title line, legend, badges); an English account, or ``--lang en``, keeps the
English map. The Chinese words expected here are the ones a Chinese sales director uses (the
seeds' 关键人, 内线, 引荐路径 ...), written out by hand, never read back from the code.
"""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET

import pytest

from conftest import EXAMPLES, OUTPUT

CHINESE = EXAMPLES / "provincial-energy-group.yaml"
KESTREL = EXAMPLES / "kestrel-manufacturing.yaml"
SVG = "{http://www.w3.org/2000/svg}"
CJK = re.compile("[\u4e00-\u9fff]")
SHOTS = OUTPUT / "screenshots"

# The page's own words in Chinese, by the key the page looks them up with.
CHINESE_UI = {
    "filter": "筛选",
    "legend": "图例",
    "fit": "全图",
    "labels": "姓名",
    "panel": "面板",
    "find": "查找人员",
    "route": "引荐路径",
    "why_key": "为何是关键人",
    "our_contacts": "我方联系",
    "routes_in": "引荐路径",
    "ties": "关系",
    "notes": "备注",
    "all_departments": "全部部门",
    "show_everyone": "显示全部",
}
ENGLISH_UI = {"filter": "Filter", "legend": "Legend", "fit": "Fit", "labels": "Labels", "panel": "Panel",
              "find": "Find a person", "why_key": "Why key", "our_contacts": "Our contacts",
              "all_departments": "All departments"}


# A badge in English and as a Chinese sales director says it.
BADGES = {"coach": "内线", "risk": "风险", "new": "新任", "left": "已离职"}


def chinese_badge(english: str) -> str:
    """The Chinese of an English badge: "KP 3" is 关键人3."""
    rank = re.fullmatch(r"KP (\d+)", english)
    return f"关键人{rank.group(1)}" if rank else BADGES[english]


@pytest.fixture(scope="module")
def english_badges():
    """Each person's badges on the English map of the Chinese example (the ranks are the
    analysis's; what is tested here is how they are said)."""
    from powermap.loaders import load
    from powermap.render.map_model import build_map

    return {node["id"]: node["badges"] for node in build_map(load(CHINESE), lang="en").data["nodes"]}


def page_data(page: str) -> dict:
    found = re.search(r'<script type="application/json" id="powermap-data">(.*?)</script>', page, re.S)
    return json.loads(found.group(1))


def html_lang(page: str) -> str:
    return re.search(r"<html lang=\"([^\"]+)\">", page).group(1)


def draw(run, tmp_path, source, name: str, *options: str) -> str:
    target = tmp_path / name
    result = run("map", source, "-o", target, *options)
    assert result.exit_code == 0, result.output
    return target.read_text(encoding="utf-8") if name.endswith((".html", ".svg")) else ""


@pytest.fixture(scope="module")
def chinese_page(tmp_path_factory):
    from click.testing import CliRunner

    from powermap.cli import cli

    target = tmp_path_factory.mktemp("zh") / "energy.html"
    result = CliRunner().invoke(cli, ["map", str(CHINESE), "-o", str(target)], prog_name="powermap")
    assert result.exit_code == 0, result.output
    return target


def test_a_chinese_account_gets_a_chinese_page(chinese_page):
    page = chinese_page.read_text(encoding="utf-8")
    data = page_data(page)
    assert html_lang(page) == "zh-CN"
    assert data["meta"]["lang"] == "zh"
    words = data["words"]["ui"]
    assert {key: words[key] for key in CHINESE_UI} == CHINESE_UI
    assert "东岚省能源投资集团 智慧能源管控平台暨集团ERP一体化项目 – 权力地图</h1>" in page
    assert "这张权力地图需要开启 JavaScript 才能显示。" in page  # <noscript>
    # the markup carries keys, not words: the page script fills them from the data
    assert 'data-word="filter"></h2>' in page and ">Filter<" not in page and ">Fit<" not in page


def test_chinese_badges_legend_and_reasons(chinese_page, english_badges):
    data = page_data(chinese_page.read_text(encoding="utf-8"))
    nodes = {node["id"]: node for node in data["nodes"]}
    assert {ident: node["badges"] for ident, node in nodes.items()} == {
        ident: [chinese_badge(badge) for badge in badges] for ident, badges in english_badges.items()}
    every_badge = {badge for node in data["nodes"] for badge in node["badges"]}
    assert {"内线", "风险", "新任", "已离职"} <= every_badge
    chairman = nodes["zhang-dsz"]  # 张国栋, 党委书记、董事长, a decision maker in the file
    assert chairman["label"] == "张国栋\n" + " · ".join(chairman["badges"])
    assert "决策者" in chairman["key_reasons"]
    assert all(CJK.search(reason) for reason in chairman["key_reasons"])
    page = data["media"]["page"]
    assert [section["title"] for section in page["legend"]][:4] == [
        "填充色：对我方态度", "形状：最重要的采购角色", "大小", "姓名下的标记"]
    assert page["stances"] == {"champion": "坚定支持者", "supporter": "支持者", "neutral": "中立", "skeptic": "怀疑者",
                               "opponent": "反对者", "unknown": "未知（即风险）"}
    assert all(CJK.search(reason) for route in data["routes"] for reason in route["reasons"])
    values = data["words"]["values"]
    assert values["role"]["spec_setter"] == "标准制定者" and values["strength"]["intimate"] == "至爱层"
    assert values["stage"][data["meta"]["stage"]] == "提案"


@pytest.mark.parametrize("source, options", [(KESTREL, ()), (CHINESE, ("--lang", "en"))],
                         ids=["english-account", "chinese-account-lang-en"])
def test_english_for_an_english_account_or_lang_en(run, tmp_path, source, options):
    page = draw(run, tmp_path, source, "map.html", *options)
    data = page_data(page)
    assert html_lang(page) == "en" and data["meta"]["lang"] == "en"
    assert {key: data["words"]["ui"][key] for key in ENGLISH_UI} == ENGLISH_UI
    assert any(badge == "KP 1" for node in data["nodes"] for badge in node["badges"])
    assert data["media"]["page"]["legend"][0]["title"] == "Fill: stance toward us"
    assert "– power map</h1>" in page


def test_lang_zh_and_the_environment_make_an_english_account_chinese(run, tmp_path, monkeypatch):
    data = page_data(draw(run, tmp_path, KESTREL, "zh.html", "--lang", "zh"))
    assert data["words"]["ui"]["filter"] == "筛选"
    assert any(node["name"] == "Harold Kestrel" for node in data["nodes"])  # names stay as typed
    monkeypatch.setenv("POWERMAP_LANG", "zh")
    assert html_lang(draw(run, tmp_path, KESTREL, "env.html")) == "zh-CN"
    assert html_lang(draw(run, tmp_path, KESTREL, "en.html", "--lang", "en")) == "en"  # the option wins


def test_an_unknown_language_is_a_usage_error(run, tmp_path):
    result = run("map", CHINESE, "-o", tmp_path / "x.html", "--lang", "fr")
    assert result.exit_code == 2
    assert "--lang" in result.output and "fr" in result.output


def svg_texts(content: str) -> list[str]:
    root = ET.fromstring(content.encode("utf-8"))
    return ["".join(element.itertext()) for element in root.iter(f"{SVG}text")]


def test_the_svg_of_a_chinese_account_speaks_chinese(run, tmp_path):
    texts = svg_texts(draw(run, tmp_path, CHINESE, "energy.svg"))
    joined = "\n".join(texts)
    for wanted in ("态度（填充色）", "采购角色（形状）", "连线", "标记", "部门与派系",  # legend sections
                   "坚定支持者", "未知", "我方团队", "决策者", "出资者", "标准制定者",  # stances, roles
                   "关键人n", "关键人，排第n位", "内线", "可发展的内线", "被忽视的风险",  # badges
                   "底色方框：部门", "外圈颜色：派系"):
        assert wanted in texts, wanted
    assert any(re.fullmatch(r"关键人\d+( · .+)?", text) for text in texts)  # badges under the names
    subtitle = next(text for text in texts if "权力结构：" in text)
    assert "阶段：提案" in subtitle and "截至2026-11-15" in subtitle
    for english in ("Stance (fill)", "Buying role (shape)", "Badges", "KP n", "coach", "stage:", "people"):
        assert not any(english in text for text in texts), english
    # an English account keeps its English image
    english = svg_texts(draw(run, tmp_path, KESTREL, "kestrel.svg"))
    assert "Stance (fill)" in english and "KP n" in english


def test_the_png_of_a_chinese_account_is_drawn_for_a_person_to_look_at(run, tmp_path):
    SHOTS.mkdir(parents=True, exist_ok=True)
    target = SHOTS / "map-zh-provincial-energy-group-still.png"
    result = run("map", CHINESE, "-o", target)
    assert result.exit_code == 0, result.output
    assert target.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert "no glyph" not in result.output.lower()  # a CJK font drew the Chinese words


@pytest.mark.browser
def test_the_chinese_page_in_a_browser(browser, chinese_page, english_badges):
    from test_map_browser import node_point, opened, screenshot

    with opened(browser, chinese_page.as_uri(), viewport=(1600, 1000)) as seen:
        page = seen.page
        assert page.get_attribute("html", "lang") == "zh-CN"
        assert page.text_content("#pm-filter-heading") == "筛选"
        assert page.text_content("#pm-legend-heading") == "图例"
        assert page.text_content("#pm-fit") == "全图"
        assert page.get_attribute("#pm-search", "placeholder") == "查找人员（姓名或编号）"
        assert page.text_content("label[for='pm-filter-department']") == "部门"
        assert page.text_content("#pm-filter-department option") == "全部部门"
        assert re.fullmatch(r"显示\d+/\d+人", page.text_content("#pm-count"))
        legend = page.locator("#pm-legend h3").all_text_contents()
        assert legend[:2] == ["填充色：对我方态度", "形状：最重要的采购角色"]
        screenshot(seen, "map-zh-provincial-energy-group")
        page.mouse.move(*node_point(seen, "zhang-dsz"))
        page.wait_for_selector(".pm-tip:not([hidden])")
        tip = page.text_content(".pm-tip")
        assert "张国栋" in tip and "态度：" in tip and "点击查看详情" in tip
        page.mouse.click(*node_point(seen, "zhang-dsz"))
        page.wait_for_selector("#pm-panel:not([hidden])")
        assert page.text_content("#pm-panel-body h2") == "张国栋"
        headings = page.locator("#pm-panel-body h3").all_text_contents()
        assert "为何是关键人" in headings and "权力来源" in headings and "关系" in headings
        assert "我方联系" in headings
        facts = page.locator("#pm-panel-body dt").all_text_contents()
        assert facts[:4] == ["部门", "派系", "采购角色", "态度"]
        assert page.locator("#pm-panel-body .pm-chip").all_text_contents() == [
            chinese_badge(badge) for badge in english_badges["zhang-dsz"]]
        screenshot(seen, "map-zh-provincial-energy-group-panel")
        # nothing the page wrote itself is English: every Latin word on it is the account's own
        written = page.inner_text("body")
        own = json.dumps(page_data(chinese_page.read_text(encoding="utf-8"))["nodes"], ensure_ascii=False)
        latin = {word for word in re.findall(r"[A-Za-z]{3,}", written) if word not in own and word != "ERP"}
        assert latin == set()
        seen.assert_clean()


def test_the_notebook_network_speaks_the_map_language():
    pytest.importorskip("pyvis")
    from powermap.loaders import load
    from powermap.render.map_model import build_map

    account = load(CHINESE)
    chinese = {node["id"]: node["title"] for node in build_map(account, lang="zh").to_pyvis().nodes}
    lines = chinese["zhang-dsz"].splitlines()  # as the file has him: department, stance, role, our contact
    assert lines[:5] == ["张国栋", "党委书记、董事长", "部门：集团领导班子", "态度：中立", "采购角色：决策者"]
    assert re.fullmatch(r"关键人第\d+位（得分0\.\d\d）", lines[5])
    assert lines[6].startswith("标记：关键人") and lines[7] == "我方联系：何建国"
    english = {node["id"]: node["title"] for node in build_map(account, lang="en").to_pyvis().nodes}
    assert english["zhang-dsz"].splitlines()[2:4] == ["department: 集团领导班子", "stance: neutral"]


def test_build_map_refuses_an_unknown_language():
    from powermap.loaders import load
    from powermap.render.map_model import build_map

    with pytest.raises(ValueError, match="unknown language 'fr'"):
        build_map(load(KESTREL), lang="fr")


def test_build_map_chooses_the_account_language_when_asked():
    from powermap.loaders import load
    from powermap.render.map_model import build_map

    assert build_map(load(CHINESE), lang="auto").data["meta"]["lang"] == "zh"
    assert build_map(load(KESTREL), lang="auto").data["meta"]["lang"] == "en"
    assert build_map(load(CHINESE)).data["words"]["ui"]["filter"] == "Filter"  # English unless asked


def test_the_routes_subtitle_of_a_chinese_image(run, tmp_path):
    texts = svg_texts(draw(run, tmp_path, CHINESE, "routes.svg", "--path-to", "钱伯涛"))
    subtitle = next(text for text in texts if "权力结构：" in text)
    assert "黄色：到钱伯涛最热的引荐路径" in subtitle
    assert "最热的引荐路径" in texts  # the legend's row for the routes band
