"""The map read at a glance, as a pre-bid session sees it on the wall: in a real Chromium at
1600x1000, after the page's own fit, on every example and on generated accounts of 20, 40, 200
and 2,000 people.

What is measured comes from the page as drawn (the label layer's record of what it wrote and
where, vis-network's positions and scale, the department boxes it drew); the thresholds come
from the brief a session gave: key persons' and risks' names at 12 px or more, nothing written
smaller than 10 px, no two labels on top of each other, no two department boxes overlapping
unless one is inside the other, everyone inside their own department's box. A screenshot of
each goes to ``tests/output/glance/`` for a person to look at.
"""

from __future__ import annotations

import pytest

from benchmarks.generate import generate_account
from powermap.loaders import load
from powermap.render.map_model import build_map

from conftest import OUTPUT, nested
from test_map_browser import EXAMPLE_INPUTS, KESTREL, ENERGY, opened, write_map

pytestmark = pytest.mark.browser

SHOTS = OUTPUT / "glance"
WALL = (1600, 1000)
GENERATED = (20, 40, 200, 2000)


def _account(source):
    return generate_account(source, seed=0) if isinstance(source, int) else load(source)


def _name(source):
    return f"generated-{source}" if isinstance(source, int) else source.name


def _overlap(a, b, slack=0.5):
    return a["left"] + slack < b["right"] and b["left"] + slack < a["right"] and \
        a["top"] + slack < b["bottom"] and b["top"] + slack < a["bottom"]


def _glance(seen):
    return seen.js("""() => {
        const network = powermap.network, positions = network.getPositions();
        const shown = new Set(powermap.visibleNodeIds());
        return {scale: network.getScale(), labels: powermap.drawnLabels(), marks: powermap.drawnMarks(),
                boxes: powermap.departmentBoxes(), shown: Array.from(shown),
                positions: Object.fromEntries(Object.entries(positions).filter(([id]) => shown.has(id))),
                canvas: [document.getElementById('pm-network').clientWidth, document.getElementById('pm-network').clientHeight]};
    }""")


def _check_glance(found, data, where):
    nodes = {node["id"]: node for node in data["nodes"]}
    labels = [label for label in found["labels"]]
    assert labels, f"{where}: nothing named"
    # nothing written smaller than 10 px
    small = [(label["text"], label["size"]) for label in labels if label["size"] < 10]
    assert not small, f"{where}: labels under 10 px: {small[:5]}"
    # every key person and risk shown is named at 12 px or more, on the screen
    named = {label["id"]: label for label in labels if label["kind"] == "person"}
    foremost = [ident for ident in found["shown"] if nodes[ident].get("key_rank") or
                {"risk", "avoid"} & set(nodes[ident].get("marks", []))]
    assert foremost, f"{where}: no key person shown"
    for ident in foremost:
        assert ident in named, f"{where}: {nodes[ident]['name']} ({ident}) is not named"
        assert named[ident]["size"] >= 12, (where, ident, named[ident]["size"])
        assert nodes[ident]["name"] in named[ident]["text"].replace("\n", " ") or \
            nodes[ident]["name"].replace(" ", "") in named[ident]["text"].replace("\n", ""), (where, ident)
    width, height = found["canvas"]
    for label in labels:
        assert 0 <= label["left"] and label["right"] <= width and 0 <= label["top"] and label["bottom"] <= height, (where, label)
    # no two labels on top of each other
    for n, a in enumerate(labels):
        for b in labels[n + 1:]:
            assert not _overlap(a, b), f"{where}: {a['text']!r} and {b['text']!r} overlap"
    # department boxes: apart unless nested, and each holds its people
    boxes = {box["id"]: box for box in found["boxes"]}
    parent = {department["id"]: department["parent"] for department in data["departments"]}

    def within(inner, outer):
        return nested(parent, inner, outer)

    for a in boxes.values():
        for b in boxes.values():
            if a["id"] < b["id"] and not within(a["id"], b["id"]) and not within(b["id"], a["id"]):
                assert not _overlap(a, b, slack=0), f"{where}: boxes {a['id']} and {b['id']} overlap"
    for ident, (x, y) in ((i, (p["x"], p["y"])) for i, p in found["positions"].items()):
        node = nodes[ident]
        if node["kind"] != "stakeholder":
            continue
        for box in boxes.values():
            inside = box["left"] <= x <= box["right"] and box["top"] <= y <= box["bottom"]
            mine = node["department"] is not None and within(node["department"], box["id"])
            assert inside == mine, f"{where}: {ident} of {node['department']} {'in' if inside else 'outside'} box {box['id']}"


SOURCES = EXAMPLE_INPUTS + list(GENERATED)


@pytest.mark.parametrize("source", SOURCES, ids=_name)
def test_the_org_chart_reads_at_a_glance_on_a_wall(browser, source):
    power_map = build_map(_account(source), lang="auto")
    path = write_map(power_map, f"glance-{_name(source)}")
    with opened(browser, path.as_uri(), viewport=WALL) as seen:
        seen.page.wait_for_timeout(50)
        found = _glance(seen)
        SHOTS.mkdir(parents=True, exist_ok=True)
        seen.page.screenshot(path=str(SHOTS / f"org-{_name(source)}.png"))
        seen.assert_clean()
    assert found["boxes"] or not power_map.data["departments"]
    _check_glance(found, power_map.data, _name(source))


@pytest.mark.parametrize("source", EXAMPLE_INPUTS + [40, 200], ids=_name)
def test_the_force_layout_keeps_people_apart_and_named(browser, source):
    power_map = build_map(_account(source), layout="force", lang="auto")
    path = write_map(power_map, f"glance-force-{_name(source)}")
    with opened(browser, path.as_uri(), viewport=WALL) as seen:
        found = _glance(seen)
        seen.page.screenshot(path=str(SHOTS / f"force-{_name(source)}.png"))
        seen.assert_clean()
    _check_glance(found, power_map.data, "force " + _name(source))
    sizes = {node["id"]: node["size"] for node in power_map.data["nodes"]}
    points = sorted(found["positions"].items(), key=lambda item: item[1]["x"])
    for n, (a, pa) in enumerate(points):  # no two people drawn on top of each other
        for b, pb in points[n + 1:]:
            if pb["x"] - pa["x"] > 100:
                break
            assert (pa["x"] - pb["x"]) ** 2 + (pa["y"] - pb["y"]) ** 2 >= (sizes[a] + sizes[b]) ** 2, (a, b)


def test_the_view_refits_when_the_window_changes_size(browser):
    path = write_map(build_map(load(ENERGY), lang="zh"), "glance-resize")
    with opened(browser, path.as_uri(), viewport=WALL) as seen:
        before = seen.js("powermap.network.getScale()")
        seen.page.set_viewport_size({"width": 900, "height": 700})
        seen.page.wait_for_timeout(300)
        after = seen.js("powermap.network.getScale()")
        assert after < before * 0.8, (before, after)
        # everyone still on the screen
        outside = seen.js("""() => {
            const n = powermap.network, frame = document.getElementById('pm-network');
            return powermap.visibleNodeIds().filter(id => {
                const p = n.canvasToDOM(n.getPositions([id])[id]);
                return p.x < 0 || p.y < 0 || p.x > frame.clientWidth || p.y > frame.clientHeight;
            });
        }""")
        assert outside == []
        seen.assert_clean()


def test_lines_appear_on_demand(browser):
    account = load(KESTREL)
    power_map = build_map(account)
    path = write_map(power_map, "glance-lines")
    hidden = "powermap.edges.get({filter: e => e.hidden}).map(e => e.id)"
    edges = {edge["id"]: edge for edge in power_map.data["edges"]}
    with opened(browser, path.as_uri(), viewport=WALL) as seen:
        off = set(seen.js(hidden))
        # contacts are on the cards, not drawn; formal lines and rivalries always are
        assert {e for e, edge in edges.items() if edge["type"] == "contact"} <= off
        assert not {e for e, edge in edges.items() if edge["type"] in ("reports_to", "rival")} & off
        # a tie between two people who are neither key persons, risks nor opponents is not drawn
        nodes = {node["id"]: node for node in power_map.data["nodes"]}
        quiet = [e for e, edge in edges.items() if edge["type"] in ("ally", "friend", "alumni", "kin", "advises", "influences")
                 and not any(nodes[p]["key_rank"] or nodes[p]["marks"] or nodes[p]["stance"] == "opponent"
                             for p in (edge["from"], edge["to"]))]
        assert quiet and set(quiet) <= off
        # pointing at a person draws all of theirs, contacts included
        someone = edges[quiet[0]]["from"]
        theirs = {e for e, edge in edges.items() if someone in (edge["from"], edge["to"])}
        from test_map_browser import node_point

        seen.page.mouse.move(*node_point(seen, someone))
        seen.page.wait_for_timeout(100)
        assert not theirs & set(seen.js(hidden))
        seen.page.mouse.move(5, 990)
        seen.page.wait_for_timeout(100)
        assert set(quiet) <= set(seen.js(hidden))
        # "All lines" draws every line
        seen.page.click("#pm-lines")
        assert seen.js(hidden) == []
        seen.page.click("#pm-lines")
        assert set(seen.js(hidden)) == off
        seen.assert_clean()


def test_the_panel_lists_the_key_persons_nobody_reaches(browser):
    # kestrel-manufacturing.yaml: Margaret Lin (funder) has no contact; Frank Moreland only an
    # outermost one, which does not reach him (docs/analyses.md)
    path = write_map(build_map(load(KESTREL)), "glance-unreached")
    with opened(browser, path.as_uri(), viewport=WALL) as seen:
        listed = seen.page.text_content("#pm-unreached")
        assert "Margaret Lin" in listed and "Frank Moreland" in listed
        assert "Harold Kestrel" not in listed  # reached, weakly
        marks = {(mark["id"], mark["kind"]): mark for mark in seen.js("powermap.drawnMarks()")}
        assert marks[("margaret_lin", "coverage")]["level"] == "none"
        assert marks[("harold_kestrel", "coverage")]["text"] == "GH"  # Gordon Hale
        seen.assert_clean()


def test_a_chinese_map_says_its_glance_words_in_chinese(browser):
    path = write_map(build_map(load(ENERGY), lang="zh"), "glance-zh")
    with opened(browser, path.as_uri(), viewport=WALL) as seen:
        assert seen.page.text_content("#pm-lines") == "全部连线"
        assert "未接触的关键人" in seen.page.text_content("#pm-controls")
        assert "我方覆盖" in seen.page.text_content("#pm-legend-glance")
        texts = "\n".join(label["text"] for label in seen.js("powermap.drawnLabels()"))
        assert "关键人1" in texts and "决策者" in texts
        seen.assert_clean()


def test_a_big_account_opens_on_the_people_that_matter_and_shows_everyone_in_one_click(browser):
    power_map = build_map(generate_account(200, seed=0))
    path = write_map(power_map, "glance-focus-200")
    with opened(browser, path.as_uri(), viewport=WALL) as seen:
        shown = set(seen.js("powermap.visibleNodeIds()"))
        key = {node["id"] for node in power_map.data["nodes"] if node.get("marks")}
        people = {node["id"] for node in power_map.data["nodes"]}
        assert key <= shown and len(shown) < len(people)
        seen.page.click("#pm-reset")
        assert set(seen.js("powermap.visibleNodeIds()")) == people
        seen.assert_clean()
