"""The what-if as a pair of maps (``powermap simulate ... --map OUT``) and key person 1's gold
halo in the still image.

Expected people and values come from the example accounts as written (Frank Moreland is a
skeptic in Kestrel's file, Graham Pryce has no contact with our team, Harold Kestrel is the
founder the narrative calls the one who decides), not from the code under test. The pictures
go to tests/output/whatif/ for a person to look at.
"""

from __future__ import annotations

import copy
import json
import re
import struct
import xml.etree.ElementTree as ET
from html.parser import HTMLParser

import pytest

from powermap.loaders import load
from powermap.render.map_model import build_map
from powermap.render.static_map import render_static

from conftest import EXAMPLES, OUTPUT

KESTREL = EXAMPLES / "kestrel-manufacturing.yaml"
ENERGY = EXAMPLES / "provincial-energy-group.yaml"
SVG = "{http://www.w3.org/2000/svg}"
FOLDER = OUTPUT / "whatif"
HALO = "#e6a800"
CHANGED = "#c51b7d"


class _Page(HTMLParser):
    """The outer page: each figure's caption and its frame's document (``srcdoc`` unescaped)."""

    def __init__(self):
        super().__init__()
        self.frames: dict[str, str] = {}
        self.captions: dict[str, str] = {}
        self.scripts = 0
        self.moves: list[str] = []
        self._figure = None
        self._in: str | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "figure":
            self._figure = attrs.get("id")
        elif tag == "iframe":
            assert attrs.get("sandbox") == "allow-scripts"
            self.frames[self._figure] = attrs["srcdoc"]
        elif tag == "script":
            self.scripts += 1
        elif tag in ("figcaption", "li"):
            self._in = tag
            if tag == "li":
                self.moves.append("")

    def handle_endtag(self, tag):
        if tag in ("figcaption", "li"):
            self._in = None

    def handle_data(self, data):
        if self._in == "figcaption":
            self.captions[self._figure] = self.captions.get(self._figure, "") + data
        elif self._in == "li":
            self.moves[-1] += data


def page_of(path) -> _Page:
    page = _Page()
    page.feed(path.read_text(encoding="utf-8"))
    return page


def map_data(document: str) -> dict:
    """The map model a map page carries in its JSON data block."""
    found = re.search(r'<script type="application/json"[^>]*>(.*?)</script>', document, re.S)
    return json.loads(found.group(1))


def nodes_of(data: dict) -> dict[str, dict]:
    return {node["id"]: node for node in data["nodes"]}


def png_size(content: bytes) -> tuple[int, int]:
    assert content[:8] == b"\x89PNG\r\n\x1a\n" and content[12:16] == b"IHDR"
    return struct.unpack(">II", content[16:24])


def svg_texts(root) -> list[str]:
    return ["".join(element.itertext()) for element in root.iter(f"{SVG}text")]


def group(root, ident: str):
    return next((g for g in root.iter(f"{SVG}g") if g.get("id") == ident), None)


def centres(element) -> list[tuple[float, float]]:
    """The centre of each drawn marker under an SVG group: a ``<use>`` at its x, y, or a
    ``<path>`` (matplotlib writes a lone marker as a path) at the middle of its points."""
    found = []
    for child in element.iter():
        if child.tag == f"{SVG}use":
            found.append((float(child.get("x")), float(child.get("y"))))
        elif child.tag == f"{SVG}path" and child.get("d") and not _in_defs(element, child):
            numbers = [float(n) for n in re.findall(r"-?\d+(?:\.\d+)?", child.get("d"))]
            xs, ys = numbers[0::2], numbers[1::2]
            found.append(((min(xs) + max(xs)) / 2, (min(ys) + max(ys)) / 2))
    return found


def _in_defs(root, wanted) -> bool:
    return any(wanted in list(defs.iter()) for defs in root.iter(f"{SVG}defs"))


def styles(element) -> str:
    return " ".join(child.get("style") or "" for child in element.iter())


# ---------- the pair of maps from simulate ----------

def test_the_page_holds_both_maps_in_the_same_places_and_marks_who_changed(run, tmp_path):
    out = tmp_path / "what-if.html"
    original = KESTREL.read_bytes()
    result = run("simulate", KESTREL, "--set", "frank_moreland.stance=supporter", "--map", out)
    assert result.exit_code == 0, result.output
    assert f"wrote {out} (html)" in result.output
    assert "Frank Moreland" in result.output  # the simulate table is still printed
    assert KESTREL.read_bytes() == original

    page = page_of(out)
    assert page.scripts == 0  # the outer page runs nothing; each map runs in its sandboxed frame
    assert page.captions == {"pm-before": "Before", "pm-after": "After: Frank Moreland → supporter"}
    before, after = (map_data(page.frames[side]) for side in ("pm-before", "pm-after"))
    old, new = nodes_of(before), nodes_of(after)
    assert old["frank_moreland"]["stance"] == "skeptic" and new["frank_moreland"]["stance"] == "supporter"
    assert set(old) == set(new)
    assert all((old[i]["x"], old[i]["y"]) == (new[i]["x"], new[i]["y"]) for i in old)  # nobody moved on the map

    frank = new["frank_moreland"]
    assert "changed" in frank["marks"] and "changed" in frank["badges"]
    assert {"what": "stance", "from": "skeptic", "to": "supporter"} in frank["changed"]
    assert not any("changed" in (node.get("marks") or ()) for node in before["nodes"])
    harold = new["harold_kestrel"]  # the founder stays key person 1 with the same stance: unmarked
    assert harold["key_rank"] == 1 and "changed" not in harold["marks"]
    assert after["words"]["ui"]["changed_mark"].startswith("dashed magenta ring")
    assert any("Frank Moreland" in move for move in page.moves)  # what moved, as simulate says it
    FOLDER.mkdir(parents=True, exist_ok=True)
    (FOLDER / "kestrel-what-if.html").write_bytes(out.read_bytes())


def test_a_new_contact_marks_the_coverage_it_opens(run, tmp_path):
    out = tmp_path / "contact.html"
    result = run("simulate", KESTREL, "--add-contact", "maya:graham_pryce:close", "--map", out, "-f", "json")
    assert result.exit_code == 0, result.output
    json.loads(result.stdout)  # the JSON on standard output stays clean; the "wrote" line is on stderr
    page = page_of(out)
    old = nodes_of(map_data(page.frames["pm-before"]))["graham_pryce"]
    new = nodes_of(map_data(page.frames["pm-after"]))["graham_pryce"]
    assert old["coverage"]["level"] == "none" and new["coverage"]["by"] == ["maya"]
    assert {"what": "coverage", "from": "none", "to": "strong"} in new["changed"]
    assert page.captions["pm-after"] == "After: Maya Okafor knows Graham Pryce (close)"


def test_the_maps_rank_for_the_stage_simulate_ranks_for(run, tmp_path):
    out = tmp_path / "entry.html"
    result = run("simulate", KESTREL, "--set", "frank_moreland.stance=supporter", "--stage", "entry", "--map", out,
                 "-f", "json")
    assert result.exit_code == 0, result.output
    told = [person["id"] for person in json.loads(result.stdout)["after"]["key_persons"]]
    page = page_of(out)
    for side in ("pm-before", "pm-after"):
        data = map_data(page.frames[side])
        assert data["meta"]["stage"] == "entry"  # the file says negotiation
    ranked = sorted((node["key_rank"], node["id"]) for node in map_data(page.frames["pm-after"])["nodes"]
                    if node.get("key_rank"))
    assert [ident for _, ident in ranked] == told


def test_pictures_are_two_full_slides(run, tmp_path):
    FOLDER.mkdir(parents=True, exist_ok=True)
    out = tmp_path / "slide.png"
    result = run("simulate", KESTREL, "--set", "frank_moreland.stance=supporter", "--map", out)
    assert result.exit_code == 0, result.output
    written = sorted(path.name for path in tmp_path.iterdir())
    assert written == ["slide-after.png", "slide-before.png"]
    for side in ("before", "after"):
        content = (tmp_path / f"slide-{side}.png").read_bytes()
        assert png_size(content) == (1920, 1080)
        (FOLDER / f"kestrel-{side}.png").write_bytes(content)


def test_svg_pair_titles_and_changed_ring_in_english(run, tmp_path):
    out = tmp_path / "pair.svg"
    assert run("simulate", KESTREL, "--set", "frank_moreland.stance=supporter", "--map", out).exit_code == 0
    before = ET.fromstring((tmp_path / "pair-before.svg").read_bytes())
    after = ET.fromstring((tmp_path / "pair-after.svg").read_bytes())
    assert any(text.startswith("Before – Kestrel Precision Components") for text in svg_texts(before))
    assert any(text.startswith("After: Frank Moreland → supporter – Kestrel") for text in svg_texts(after))
    assert group(before, "changed") is None
    ring = group(after, "changed")
    assert ring is not None and CHANGED in styles(ring)
    assert "dashed magenta ring: changed in this what-if (stance, key rank, coverage or risk)" in \
        " ".join(" ".join(svg_texts(after)).split())
    # the ring sits on Frank: the same centre as his marker (an evaluator: a downward triangle)
    data = build_map(load(KESTREL)).data
    evaluators = [node["id"] for node in data["nodes"] if node["shape"] == "triangleDown"]
    frank = centres(group(after, "nodes-triangleDown"))[evaluators.index("frank_moreland")]
    assert any(abs(x - frank[0]) < 0.01 and abs(y - frank[1]) < 0.01 for x, y in centres(ring))


def test_chinese_account_titles_in_chinese(run, tmp_path):
    out = tmp_path / "对比.svg"
    result = run("simulate", ENERGY, "--set", "qian-zgs.stance=支持者", "--map", out)
    assert result.exit_code == 0, result.output
    assert f"已写入 {tmp_path / '对比-after.svg'}（svg）" in result.output
    before = svg_texts(ET.fromstring((tmp_path / "对比-before.svg").read_bytes()))
    after = svg_texts(ET.fromstring((tmp_path / "对比-after.svg").read_bytes()))
    assert any(text.startswith("之前 – ") for text in before)
    assert any(text.startswith("之后：钱伯涛 → 支持者 – ") for text in after)
    assert "有变化" in " ".join(after) and "有变化" not in " ".join(before)
    html_out = tmp_path / "对比.html"
    assert run("simulate", ENERGY, "--set", "qian-zgs.stance=支持者", "--map", html_out).exit_code == 0
    page = page_of(html_out)
    assert page.captions == {"pm-before": "之前", "pm-after": "之后：钱伯涛 → 支持者"}
    assert '<html lang="zh-CN">' in html_out.read_text(encoding="utf-8")


def test_a_map_with_another_ending_is_refused_before_any_work(run, tmp_path):
    result = run("simulate", KESTREL, "--set", "frank_moreland.stance=supporter", "--map", tmp_path / "pair.pdf")
    assert result.exit_code == 2
    assert "--map" in result.output and ".html" in result.output and "Traceback" not in result.output
    assert list(tmp_path.iterdir()) == []


def test_the_map_is_never_written_over_an_input(run, tmp_path):
    scenario = tmp_path / "scenario.html"  # an odd name, but an input all the same
    scenario.write_text("set: [frank_moreland.stance=supporter]\n", encoding="utf-8")
    result = run("simulate", KESTREL, "--scenario", scenario, "--map", scenario)
    assert result.exit_code != 0
    assert scenario.read_text(encoding="utf-8") == "set: [frank_moreland.stance=supporter]\n"


# ---------- key person 1 in the still image ----------

@pytest.fixture(scope="module")
def kestrel_map():
    return build_map(load(KESTREL))


def test_key_person_1_has_a_thick_gold_halo_and_the_others_thin_ones(kestrel_map):
    data = kestrel_map.data
    root = ET.fromstring(render_static(data, "svg"))
    halo = group(root, "halo-kp1")
    assert halo is not None and HALO in styles(halo)
    stars = [node["id"] for node in data["nodes"] if node["shape"] == "star"]
    harold = centres(group(root, "nodes-star"))[stars.index("harold_kestrel")]  # the founder, who decides
    (ring,) = centres(halo)
    assert ring == pytest.approx(harold, abs=0.01)
    assert group(root, "halo-kp1-outer") is not None
    widths = [float(w) for w in re.findall(r"stroke-width: ([\d.]+)", styles(halo))]
    thin = group(root, "halos-key")
    thin_widths = [float(w) for w in re.findall(r"stroke-width: ([\d.]+)", styles(thin))]
    assert min(widths) > 2 * max(thin_widths)  # key person 1 dominates
    kp_badges = [badge for node in data["nodes"] for badge in node.get("badges") or () if badge.startswith("KP ")]
    assert len(centres(thin)) == len(kp_badges) - 1  # one thin halo per other key person
    assert "gold halo: key person 1; thin halo: other key persons" in " ".join(" ".join(svg_texts(root)).split())


def test_no_halo_and_no_legend_row_without_key_persons(kestrel_map):
    data = copy.deepcopy(kestrel_map.data)
    for node in data["nodes"]:
        node["key_rank"] = None  # the model says: nobody is a key person
    root = ET.fromstring(render_static(data, "svg"))
    assert group(root, "halo-kp1") is None and group(root, "halos-key") is None
    assert "gold halo" not in " ".join(svg_texts(root))


# ---------- the pair page in a real browser ----------

@pytest.mark.browser
def test_the_pair_page_draws_both_maps_offline_and_rings_who_changed(browser, run, tmp_path):
    out = tmp_path / "what-if.html"
    assert run("simulate", KESTREL, "--set", "frank_moreland.stance=supporter", "--map", out).exit_code == 0
    account = load(KESTREL)
    people = len(account.stakeholders) + len(account.team)
    context = browser.new_context(viewport={"width": 1800, "height": 1000}, service_workers="block")
    try:
        page = context.new_page()
        errors, requests = [], []
        page.on("console", lambda message: message.type in ("error", "warning") and errors.append(message.text))
        page.on("pageerror", lambda error: errors.append(str(error)))
        page.on("request", lambda request: requests.append(request.url))
        page.goto(out.as_uri())
        for side in ("pm-before", "pm-after"):
            page.frame_locator(f"#{side} iframe").locator("html[data-ready='true']").wait_for(state="attached")
        frames = {frame.parent_frame and frame.frame_element().evaluate("e => e.closest('figure').id"): frame
                  for frame in page.frames if frame.parent_frame}
        for side in ("pm-before", "pm-after"):
            assert frames[side].evaluate("Object.keys(powermap.network.getPositions()).length") == people
        where = "powermap.network.getPositions(['frank_moreland', 'harold_kestrel'])"
        assert frames["pm-before"].evaluate(where) == frames["pm-after"].evaluate(where)  # the same places
        marks = "powermap.drawnMarks().filter(m => m.kind === 'changed').map(m => m.id)"
        assert "frank_moreland" in frames["pm-after"].evaluate(marks)
        assert frames["pm-before"].evaluate(marks) == []
        legend = frames["pm-after"].evaluate("document.getElementById('pm-legend-glance').textContent")
        assert "dashed magenta ring" in legend
        assert "dashed magenta ring" not in frames["pm-before"].evaluate(
            "document.getElementById('pm-legend-glance').textContent")
        assert errors == [] and requests == [out.as_uri()]
        FOLDER.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(FOLDER / "kestrel-what-if.png"))
    finally:
        context.close()
