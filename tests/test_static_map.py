"""The PNG/SVG export of the power map: sizes, one marker per person, legend, Chinese text,
escaping, repeatable bytes, no lasting matplotlib state, and the ``map`` command end to end.

Every example's PNG is saved under tests/output/static/ for a person to look at.
"""

from __future__ import annotations

import copy
import re
import struct
import warnings
import xml.etree.ElementTree as ET

import matplotlib
import pytest

from powermap.loaders import load
from powermap.render import map_style
from powermap.render import static_map
from powermap.render.map_model import build_map
from powermap.render.static_map import StaticMapWarning, render_static

from conftest import EXAMPLES, OUTPUT, make_account

SVG = "{http://www.w3.org/2000/svg}"
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
CHINESE = EXAMPLES / "provincial-energy-group.yaml"


@pytest.fixture(scope="module")
def maps():
    """Each example's map, built once (the analysis is the slow part)."""
    return {path.stem: build_map(load(path)) for path in sorted(EXAMPLES.glob("*.yaml"))}


@pytest.fixture(scope="module")
def chinese_svg(maps):
    return render_static(maps[CHINESE.stem], "svg")


def png_size(content: bytes) -> tuple[int, int]:
    assert content[:8] == PNG_SIGNATURE
    assert content[12:16] == b"IHDR"
    return struct.unpack(">II", content[16:24])


def svg_tree(content: bytes) -> ET.Element:
    return ET.fromstring(content)


def svg_texts(root: ET.Element) -> list[str]:
    return ["".join(element.itertext()) for element in root.iter(f"{SVG}text")]


def drawn(element: ET.Element) -> int:
    """<path> and <use> elements drawn under ``element`` (marker definitions in <defs> are not)."""
    count = 0
    for child in element:
        if child.tag == f"{SVG}defs":
            continue
        count += child.tag in (f"{SVG}path", f"{SVG}use")
        count += drawn(child)
    return count


def node_markers(root: ET.Element) -> dict[str, int]:
    """Drawn markers per ``nodes-<shape>`` group: matplotlib writes one element per marker."""
    return {group.get("id")[len("nodes-"):]: drawn(group)
            for group in root.iter(f"{SVG}g") if (group.get("id") or "").startswith("nodes-")}


def test_png_of_each_example_is_a_16_9_slide(maps):
    folder = OUTPUT / "static"
    folder.mkdir(parents=True, exist_ok=True)
    for name, power_map in maps.items():
        content = render_static(power_map, "png")
        assert png_size(content) == (1920, 1080), name  # read from the file's IHDR header
        (folder / f"{name}.png").write_bytes(content)


def test_a_huge_map_still_fills_one_slide(maps):
    data = copy.deepcopy(maps["zachary-karate"].data)
    for node in data["nodes"]:
        node["x"] *= 300  # a map hundreds of thousands of pixels wide and tall
        node["y"] *= 300
    assert png_size(render_static(data, "png")) == (1920, 1080)
    assert png_size(render_static(data, "png", (1280, 720))) == (1280, 720)
    assert png_size(render_static(data, "png", (1024, 768))) == (1024, 768)  # 7.5 in at 102.4 dpi


def test_svg_is_16_9_points():
    root = svg_tree(render_static(build_map(load(CHINESE)), "svg"))
    assert (root.get("width"), root.get("height")) == ("960pt", "540pt")  # 13.33 x 7.5 in, a 16:9 slide


def test_svg_has_one_marker_per_person_by_shape(maps):
    for name, power_map in maps.items():
        root = svg_tree(render_static(power_map, "svg"))
        expected: dict[str, int] = {}
        for node in power_map.data["nodes"]:
            expected[node["shape"]] = expected.get(node["shape"], 0) + 1
        assert node_markers(root) == expected, name


def subpaths(root: ET.Element, prefix: str) -> dict[str, int]:
    """Segments (or arrowheads) per ``<prefix><type>`` group: alike edges share a compound path,
    one ``M`` (move-to) per edge."""
    found = {}
    for group in root.iter(f"{SVG}g"):
        ident = group.get("id") or ""
        if ident.startswith(prefix):
            found[ident[len(prefix):]] = sum(path.get("d", "").count("M") for path in group.iter(f"{SVG}path"))
    return found


def test_svg_draws_every_edge_and_every_arrowhead(chinese_svg, maps):
    root = svg_tree(chinese_svg)
    edges = [edge for edge in maps[CHINESE.stem].data["edges"] if edge["at_rest"]]  # the page's lines at rest
    expected: dict[str, int] = {}
    for edge in edges:
        expected[edge["type"]] = expected.get(edge["type"], 0) + 1
    assert subpaths(root, "edges-") == expected
    assert "contact" not in expected  # the 36 contact lines of the account: coverage marks say it
    arrows = {kind: count for kind, count in expected.items() if map_style.EDGE_STYLES.get(kind, {}).get("arrow")}
    assert subpaths(root, "arrows-") == arrows


def test_svg_ids_are_unique_and_never_raw_ids(chinese_svg, maps):
    root = svg_tree(chinese_svg)
    ids = [element.get("id") for element in root.iter() if element.get("id")]
    assert len(ids) == len(set(ids))
    people = {node["id"] for node in maps[CHINESE.stem].data["nodes"]}
    assert not people & set(ids)


def test_svg_carries_the_legend_labels(chinese_svg, maps):
    """Every legend row the model gives for the image is written; the account has every stance,
    role and badge, and ties of each kind but none without a date."""
    texts = " ".join(svg_texts(svg_tree(chinese_svg)))
    legend = map_style.legend()
    wanted = [item["key"] for item in legend["stances"]] + [item["label"] for item in legend["shapes"]]
    drawn = {edge["type"] for edge in maps[CHINESE.stem].data["edges"] if edge["at_rest"]}
    wanted += [item["label"] for item in legend["edges"] if item["type"] in drawn] + [legend["team"]["label"]]
    wanted += [item["badge"] for item in legend["badges"]] + [item["label"] for item in legend["badges"]]
    wanted += [legend["sizes"], legend["rings"], legend["boxes"]]
    flat = texts.replace("\n", " ")
    missing = [label for label in wanted if " ".join(label.split()) not in flat]
    assert not missing
    assert " ".join(legend["contact"]["label"].split()) not in flat  # contacts are not drawn


def test_svg_keeps_chinese_names_as_text(chinese_svg, maps):
    texts = svg_texts(svg_tree(chinese_svg))
    assert "张国栋" in texts
    assert any("东岚省能源投资集团" in text for text in texts)  # the title
    assert "改革派" in texts  # a faction in the legend
    assert b"WenQuanYi Zen Hei" in chinese_svg or static_map.cjk_font_family() != "WenQuanYi Zen Hei"


def test_svg_escapes_payload_text():
    account = make_account(
        account={"name": "<b>Acme</b> & Co"},
        departments=[{"id": "d1", "name": "R&D <img src=x onerror=alert(1)>"}],
        factions=[{"id": "f1", "name": "<i>camp</i>"}],
        stakeholders=[
            {"id": "<x>", "name": "<script>alert(1)</script>", "department": "d1", "faction": "f1"},
            {"id": "b", "name": "Costs $x^2$ & more", "department": "d1", "reports_to": "<x>"},
        ],
    )
    content = render_static(build_map(account), "svg")
    root = svg_tree(content)
    tags = {element.tag for element in root.iter()}
    assert not {f"{SVG}script", f"{SVG}img", f"{SVG}b", f"{SVG}i", "script", "img"} & tags
    texts = svg_texts(root)
    assert "<script>alert(1)</script>" in texts
    assert "Costs $x^2$ & more" in texts  # a dollar sign is not mathtext
    assert b"&lt;script&gt;" in content and b"<script" not in content
    assert any(text.startswith("R&D") for text in texts)


def test_same_map_gives_the_same_bytes(maps):
    power_map = maps["kestrel-manufacturing"]
    assert render_static(power_map, "svg") == render_static(power_map, "svg")
    assert render_static(power_map, "png") == render_static(power_map, "png")


def test_drawing_leaves_matplotlib_settings_alone(maps):
    before = dict(matplotlib.rcParams)
    with matplotlib.rc_context({"svg.fonttype": "path", "font.size": 30, "text.usetex": False}):
        content = render_static(maps["zachary-karate"], "svg")
        assert matplotlib.rcParams["svg.fonttype"] == "path"
    assert dict(matplotlib.rcParams) == before
    assert b"<text" in content  # the caller's svg.fonttype did not leak in
    if "matplotlib.pyplot" in __import__("sys").modules:
        assert not __import__("matplotlib.pyplot").pyplot.get_fignums()


def test_one_warning_when_no_cjk_font(monkeypatch, maps):
    monkeypatch.setattr(static_map, "cjk_font_family", lambda: None)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        content = render_static(maps[CHINESE.stem], "png")
    assert content[:8] == PNG_SIGNATURE
    ours = [w for w in caught if issubclass(w.category, StaticMapWarning)]
    assert len(ours) == 1 and "CJK font" in str(ours[0].message)
    assert not [w for w in caught if re.search("Glyph .* missing", str(w.message))]
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        render_static(maps["kestrel-manufacturing"], "png")
    assert not [w for w in caught if issubclass(w.category, StaticMapWarning)]


def test_routes_focus_and_redaction_render():
    account = load(CHINESE)
    root = svg_tree(render_static(build_map(account, path_to="qian-zgs", focus="wang-fz"), "svg"))
    ids = {element.get("id") for element in root.iter()}
    assert {"routes", "focus"} <= ids
    assert any("warmest routes to 钱伯涛" in text for text in svg_texts(root))
    redacted = render_static(build_map(account, redact=True), "svg")
    assert "张国栋".encode() not in redacted


def test_tiny_accounts_render():
    for account in (make_account(), make_account(stakeholders=[{"id": "a", "name": "Solo"}])):
        for form in ("png", "svg"):
            assert render_static(build_map(account), form)


def test_unknown_format_is_refused(maps):
    with pytest.raises(ValueError, match="png, svg"):
        render_static(maps["zachary-karate"], "pdf")


def test_map_command_writes_svg_and_png(run, tmp_path):
    svg = tmp_path / "map.svg"
    result = run("map", CHINESE, "-f", "svg", "-o", svg)
    assert result.exit_code == 0, result.output
    assert "张国栋" in svg.read_text(encoding="utf-8")
    svg_tree(svg.read_bytes())
    png = tmp_path / "map.png"
    result = run("map", CHINESE, "-o", png)
    assert result.exit_code == 0, result.output
    assert png.read_bytes()[:8] == PNG_SIGNATURE
    assert result.output == f"已写入 {png}（png）\n"  # a Chinese account


def test_the_image_draws_the_boxes_and_legend_the_model_gives(maps):
    data = copy.deepcopy(maps["kestrel-manufacturing"].data)

    def drawn_boxes(root):
        return sum(1 for element in root.iter() if (element.get("id") or "").startswith("department-name-"))

    root = svg_tree(render_static(data, "svg"))
    assert drawn_boxes(root) == sum(1 for d in data["departments"] if d["members"])
    assert "Stance (fill)" in svg_texts(root)
    next(d for d in data["departments"] if d["members"])["members"] = []  # the model says: one box fewer
    data["media"]["image"]["legend"][0]["title"] = "Where they stand"
    changed = svg_tree(render_static(data, "svg"))
    assert drawn_boxes(changed) == drawn_boxes(root) - 1
    assert "Where they stand" in svg_texts(changed) and "Stance (fill)" not in svg_texts(changed)
