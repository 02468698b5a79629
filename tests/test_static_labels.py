"""The still image as a slide: no two texts overlap (read back from the drawn figure), the
subtitle says how many names were left out, the picture's size (read from the PNG header), the
--size option and its errors, the coverage marks, and a legend of only what the map draws, in
one order.
"""

from __future__ import annotations

import copy
import re
import struct
import xml.etree.ElementTree as ET

import pytest
from matplotlib.text import Text

from powermap.loaders import load
from powermap.render import map_style
from powermap.render.map_model import build_map
from powermap.render.static_map import figure_of, render_static

from conftest import EXAMPLES, make_account
from test_static_map import drawn

SVG = "{http://www.w3.org/2000/svg}"
CHINESE = EXAMPLES / "provincial-energy-group.yaml"
KESTREL = EXAMPLES / "kestrel-manufacturing"  # the CSV folder
SOURCES = sorted(EXAMPLES.glob("*.yaml")) + [KESTREL]


def png_size(content: bytes) -> tuple[int, int]:
    assert content[:8] == b"\x89PNG\r\n\x1a\n" and content[12:16] == b"IHDR"
    return struct.unpack(">II", content[16:24])


def texts_of(figure) -> list[tuple[str, object]]:
    """Every non-empty text drawn in the figure with its box in pixels, as the renderer drew it."""
    renderer = figure.canvas.get_renderer()
    return [(text.get_gid() or text.get_text(), text.get_window_extent(renderer))
            for text in figure.findobj(Text) if text.get_visible() and text.get_text().strip()]


def overlapping(boxes: list[tuple[str, object]], tolerance: float = 0.5) -> list[tuple[str, str]]:
    found = []
    for number, (one, a) in enumerate(boxes):
        for other, b in boxes[number + 1:]:
            if min(a.x1, b.x1) - max(a.x0, b.x0) > tolerance and min(a.y1, b.y1) - max(a.y0, b.y0) > tolerance:
                found.append((one, other))
    return found


@pytest.fixture(scope="module")
def figures():
    """Each example drawn at the default size, normal and redacted, in the account's language."""
    drawn = {}
    for source in SOURCES:
        account = load(source)
        for redact in (False, True):
            power_map = build_map(account, redact=redact, lang="auto")
            drawn[source.name, redact] = (power_map, figure_of(power_map))
    return drawn


def test_no_two_texts_overlap_in_any_example(figures):
    for (name, redact), (_, figure) in figures.items():
        boxes = texts_of(figure)
        assert len(boxes) > 20, name  # names, title, legend
        assert not overlapping(boxes), (name, redact, overlapping(boxes)[:5])


def test_every_text_stays_on_the_slide_and_names_stay_on_the_map(figures):
    for (name, redact), (_, figure) in figures.items():
        width, height = figure.canvas.get_width_height()
        assert (width, height) == (1920, 1080)
        area = next(ax for ax in figure.axes if ax.get_gid() == "map").get_window_extent()
        for gid, box in texts_of(figure):
            assert box.x0 >= 0 and box.y0 >= 0 and box.x1 <= width and box.y1 <= height, (name, gid)
            if gid.startswith(("label-", "badges-", "department-name-")):
                assert area.x0 - 1 <= box.x0 and box.x1 <= area.x1 + 1, (name, redact, gid)
                assert area.y0 - 1 <= box.y0 and box.y1 <= area.y1 + 1, (name, redact, gid)


def named(figure) -> set[int]:
    """The model positions of the people whose name is written (``label-<n>``)."""
    return {int(match.group(1)) for gid, _ in texts_of(figure) if (match := re.fullmatch(r"label-(\d+)", gid))}


def subtitle_of(figure) -> str:
    return next(text.get_text() for text in figure.findobj(Text) if text.get_gid() == "subtitle").replace("\n", " ")


def test_the_subtitle_counts_the_names_left_out(figures):
    for (name, redact), (power_map, figure) in figures.items():
        people = [n for n, node in enumerate(power_map.data["nodes"]) if node.get("name")]
        missing = len(set(people) - named(figure))
        said = subtitle_of(figure)
        if missing == 0:
            assert "left out" not in said and "未标出" not in said, (name, said)
        elif power_map.data["meta"]["lang"] == "zh":
            assert (f"{missing}个名字因过于拥挤未标出" in said), (name, redact, missing, said)
        else:
            wanted = "1 name left out" if missing == 1 else f"{missing} names left out where too crowded"
            assert wanted in said, (name, redact, missing, said)


def crowded_account(count: int, **extra):
    """``count`` people with long titles-as-names under one boss, in one department: more than
    a slide can name."""
    people = [{"id": "boss", "name": "Managing Director of the Whole Group", "department": "d", "roles": ["decision_maker"]}]
    people += [{"id": f"p{n}", "name": f"Regional Operations Coordinator Number {n}", "department": "d",
                "reports_to": "boss"} for n in range(count)]
    return make_account(departments=[{"id": "d", "name": "Operations"}], stakeholders=people, **extra)


def test_a_crowded_map_leaves_names_out_says_so_and_still_overlaps_nothing():
    power_map = build_map(crowded_account(120))
    figure = figure_of(power_map)
    boxes = texts_of(figure)
    assert not overlapping(boxes)
    missing = 121 - len(named(figure))
    assert missing > 0
    assert f"{missing} names left out where too crowded" in subtitle_of(figure)
    assert 0 in named(figure)  # the boss (key person 1) is named first
    chinese = build_map(crowded_account(120), lang="zh")
    said = subtitle_of(figure_of(chinese))
    assert re.search(r"\d+个名字因过于拥挤未标出", said)


def test_a_long_name_is_wrapped_not_run_into_its_neighbour():
    account = make_account(stakeholders=[
        {"id": "a", "name": "Head of Production Planning and Scheduling"},
        {"id": "b", "name": "Production Manager, Ashford", "reports_to": "a"},
        {"id": "c", "name": "Maintenance Manager, Ashford", "reports_to": "a"},
        {"id": "d", "name": "Site Lead, Corran (former IT Manager)", "reports_to": "a"},
    ])
    root = ET.fromstring(render_static(build_map(account, redact=False), "svg"))
    ids = {element.get("id") for element in root.iter() if element.get("id")}
    assert {"label-0", "label-1", "label-2", "label-3"} <= ids  # everyone named
    assert "label-0-2" in ids  # the longest name on two lines


# -- size -----------------------------------------------------------------------------------------

@pytest.mark.parametrize("size, pixels", [(None, (1920, 1080)), ("1280x720", (1280, 720)), ("4:3", (1440, 1080)),
                                          ("1024X768", (1024, 768)), ("16:10", (1728, 1080))])
def test_the_png_has_the_asked_pixels(run, tmp_path, size, pixels):
    target = tmp_path / "map.png"
    result = run("map", KESTREL, "-o", target, *(["--size", size] if size else []))
    assert result.exit_code == 0, result.output
    assert png_size(target.read_bytes()) == pixels


def test_the_svg_has_the_asked_shape(run, tmp_path):
    target = tmp_path / "map.svg"
    assert run("map", KESTREL, "-o", target, "--size", "4:3").exit_code == 0
    root = ET.fromstring(target.read_bytes())
    assert (root.get("width"), root.get("height")) == ("720pt", "540pt")  # 10 x 7.5 in


@pytest.mark.parametrize("size, english, chinese", [
    ("big", "--size big: not a size; give width x height in pixels (1920x1080) or a shape (16:9, 4:3)",
     "--size big：不是有效的尺寸；请写像素宽x高（如 1920x1080）或宽高比（如 16:9、4:3）"),
    ("100x100", "--size 100x100: each side must be 320 to 8000 pixels (this is 100 x 100)",
     "--size 100x100：每边须为 320 到 8000 像素（现在是 100 x 100）"),
    ("0:9", "--size 0:9: not a size; give width x height in pixels (1920x1080) or a shape (16:9, 4:3)",
     "--size 0:9：不是有效的尺寸；请写像素宽x高（如 1920x1080）或宽高比（如 16:9、4:3）"),
    ("8000x400", "--size 8000x400: too long and thin; one side may be at most 4 times the other",
     "--size 8000x400：太细长；长边最多是短边的 4 倍"),
])
def test_a_bad_size_is_a_usage_error_in_the_commands_language(run, tmp_path, size, english, chinese):
    target = tmp_path / "map.png"
    result = run("map", KESTREL, "-o", target, "--size", size)
    assert result.exit_code == 2
    assert result.output.strip() == english  # one line, no traceback
    result = run("map", CHINESE, "-o", target, "--size", size)
    assert result.exit_code == 2
    assert result.output.strip() == chinese
    assert not target.exists()


def test_size_is_refused_for_the_html_page(run, tmp_path):
    result = run("map", KESTREL, "-o", tmp_path / "map.html", "--size", "1280x720")
    assert result.exit_code == 2
    assert result.output.strip() == "--size is for a PNG or SVG picture; the HTML page fills the browser window"


# -- legend ---------------------------------------------------------------------------------------

def legend_texts(content: bytes) -> list[str]:
    """The legend's texts in the order drawn (column by column, top to bottom)."""
    root = ET.fromstring(content)
    legend = next(group for group in root.iter(f"{SVG}g") if group.get("id") == "legend")
    return [" ".join("".join(text.itertext()).split()) for text in legend.iter(f"{SVG}text")]


def plain_account(relations):
    return make_account(
        stakeholders=[{"id": "a", "name": "Ann", "roles": ["decision_maker"], "stance": "champion"},
                      {"id": "b", "name": "Bob", "reports_to": "a", "stance": "skeptic"},
                      {"id": "c", "name": "Cy", "reports_to": "a"}],
        relations=relations)


def test_the_legend_lists_only_the_line_kinds_and_stances_that_occur():
    content = render_static(build_map(plain_account([{"source": "a", "target": "b", "type": "influences"}])), "svg")
    texts = legend_texts(content)
    assert "kin" not in texts and "rival" not in texts and "ally" not in texts  # no such ties
    assert "formal line (reports to)" in texts
    assert any(text.startswith("influences") for text in texts)
    assert not any(text.startswith("our contact") for text in texts)  # no team, no contacts
    assert [text for text in texts if text in map_style.STANCE_COLORS] == ["champion", "skeptic", "unknown"]
    assert "opponent" not in texts and "our team" not in texts
    assert "spec setter" not in texts and "decision maker" in texts
    with_kin = legend_texts(render_static(build_map(plain_account([{"source": "b", "target": "c", "type": "kin"}])), "svg"))
    assert "kin" in with_kin


# the one order of the image's legend, written out by hand
SECTION_ORDER = ["Stance (fill)", "Buying role (shape)", "Our coverage (corner mark)", "Lines", "Badges", "Groups"]
LINE_ORDER = ["formal line (reports to)", "influences", "advises", "ally", "rival", "friend", "kin", "alumni",
              "our contact", "stale contact", "contact without a date", "warmest introduction routes"]


def ordered(texts: list[str], wanted: list[str]) -> list[str]:
    return [item for text in texts for item in wanted if text.startswith(item)]


def test_the_legend_order_is_the_same_in_every_map():
    seen = []
    for source, options in ((KESTREL, {}), (CHINESE, {"path_to": "qian-zgs"}), (EXAMPLES / "riverside-hospital.yaml", {})):
        texts = legend_texts(render_static(build_map(load(source), **options), "svg"))
        sections = ordered(texts, SECTION_ORDER)
        lines = ordered(texts, LINE_ORDER)
        assert sections == [item for item in SECTION_ORDER if item in sections], source
        assert lines == [item for item in LINE_ORDER if item in lines], source
        assert len(lines) >= 4
        seen.append(lines)
    assert seen[0] != seen[1] or seen[1] != seen[2]  # the maps do differ in what they have


# -- coverage -------------------------------------------------------------------------------------

def with_coverage(data: dict, levels: dict[str, str]) -> dict:
    """The model's data with ``coverage`` set by hand for some people (and none for the others),
    and the image's legend made again from it, as the map model does."""
    data = copy.deepcopy(data)
    for node in data["nodes"]:
        if node["kind"] == "stakeholder":
            node.pop("coverage", None)
            if node["id"] in levels:
                node["coverage"] = {"level": levels[node["id"]], "by": [], "initials": []}
    data["media"]["image"]["legend"] = map_style.legend_sections(
        "image", factions=data["factions"], departments=data["departments"], asked_route=False,
        lang=data["meta"]["lang"], nodes=data["nodes"], edges=data["edges"])
    return data


def marks(content: bytes) -> dict[str, int]:
    root = ET.fromstring(content)
    found = {}
    for group in root.iter(f"{SVG}g"):
        ident = group.get("id") or ""
        if ident.startswith("coverage-"):
            found[ident[len("coverage-"):]] = drawn(group)
    return found


def test_coverage_marks_and_their_legend_rows_appear_only_where_they_occur():
    power_map = build_map(load(KESTREL))
    people = [node["id"] for node in power_map.data["nodes"] if node["kind"] == "stakeholder"]
    data = with_coverage(power_map.data, {people[0]: "strong", people[1]: "strong", people[2]: "weak",
                                          people[3]: "none"})
    content = render_static(data, "svg")
    assert marks(content) == {"strong": 2, "weak": 1, "none": 1}
    texts = legend_texts(content)
    assert "well covered by our team" in texts and "weakly covered" in texts and "not reached by our team" in texts
    assert "covered, but the contact is stale" not in texts  # nobody is stale
    assert "Our coverage (corner mark)" in texts
    plain = with_coverage(power_map.data, {})
    content = render_static(plain, "svg")
    assert marks(content) == {}
    assert "Our coverage (corner mark)" not in legend_texts(content)
    figure = figure_of(data)
    assert not overlapping(texts_of(figure))


def test_coverage_is_said_in_chinese():
    power_map = build_map(load(CHINESE), lang="zh")
    people = [node["id"] for node in power_map.data["nodes"] if node["kind"] == "stakeholder"]
    data = with_coverage(power_map.data, {people[0]: "stale", people[1]: "none"})
    texts = legend_texts(render_static(data, "svg"))
    assert "我方尚未触达" in texts and "有覆盖，但联系已久未更新" in texts and "我方覆盖（右上角标记）" in texts
    assert marks(render_static(data, "svg")) == {"stale": 1, "none": 1}


@pytest.mark.parametrize("name", ["kestrel-manufacturing.yaml", "provincial-energy-group.yaml"])
@pytest.mark.parametrize("redacted", [False, True])
def test_department_names_are_whole_on_the_example_slides(name, redacted):
    # Kestrel's narrow one-person boxes (Quality Assurance, Brimley and Corran Plants, Axis
    # Automation Partners) used to read "Qu…", "Bri…", "Axi…": their names go above the box or
    # in smaller type instead, whole.
    from powermap.redact import redact
    from powermap.render.static_map import render_static

    account = load(EXAMPLES / name)
    power_map = build_map(redact(account) if redacted else account)
    root = ET.fromstring(render_static(power_map.data, "svg"))
    names = ["".join(group.itertext()).strip() for group in root.iter(f"{SVG}g")
             if (group.get("id") or "").startswith("department-name-")]
    expected = {department.name for department in account.departments
                if any(person.department == department.id for person in account.stakeholders)}
    assert names and not any("…" in text for text in names)
    assert set(names) <= expected
