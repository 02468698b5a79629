"""The HTML map in a real browser: it opens offline, draws everyone, runs nothing from the
account, and its search, panel, filters, routes, focus and labels work.

Each test opens the page in a fresh headless Chromium context that records every request
and aborts any that is not the page itself, and fails on console errors, page errors and
dialogs. Maps go to ``tests/output/maps/`` and screenshots to ``tests/output/screenshots/`` for
a person to look at. The timing test prints figures; no test asserts wall-clock limits.
"""

from __future__ import annotations

import functools
import http.server
import json
import random
import threading
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from powermap.loaders import load
from powermap.render.html_map import notebook_html, render_html
from powermap.render.map_model import build_map

from conftest import EXAMPLES, OUTPUT, make_account
from test_map_html import PAYLOAD_CLOSE, PAYLOAD_COMMENT, PAYLOAD_IMG, PAYLOAD_SCRIPT, PAYLOAD_SVG, payload_account

pytestmark = pytest.mark.browser

MAPS = OUTPUT / "maps"
SHOTS = OUTPUT / "screenshots"
KESTREL = EXAMPLES / "kestrel-manufacturing.yaml"
ENERGY = EXAMPLES / "provincial-energy-group.yaml"
EXAMPLE_INPUTS = sorted(EXAMPLES.glob("*.yaml")) + [EXAMPLES / "kestrel-manufacturing"]
ROUTE_COLOR = "#ff7f00"
# The page marks itself ready after its first draw. Waiting on an attribute, not a JavaScript
# predicate: Playwright polls predicates with eval, which the page's policy forbids.
READY = "html[data-ready='true']"


@dataclass
class Opened:
    """A map open in the browser, with everything it asked for and complained about."""

    page: object
    url: str
    requests: list[str] = field(default_factory=list)
    blocked: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)

    def js(self, expression: str, argument=None):
        return self.page.evaluate(expression, argument)

    def assert_clean(self):
        assert self.errors == [], self.errors
        assert self.dialogs == [], self.dialogs
        assert self.blocked == [], self.blocked
        assert self.requests == [self.url], self.requests
        assert self.js("window.__pwned") is None


def write_map(power_map, name: str) -> Path:
    MAPS.mkdir(parents=True, exist_ok=True)
    path = MAPS / f"{name}.html"
    path.write_text(render_html(power_map), encoding="utf-8")
    return path


@contextmanager
def opened(browser, url: str, *, viewport=(1400, 900)):
    """Open ``url`` in a fresh context; only the page itself may be fetched."""
    context = browser.new_context(viewport={"width": viewport[0], "height": viewport[1]}, service_workers="block")
    page = context.new_page()
    seen = Opened(page, url)
    page.on("request", lambda request: seen.requests.append(request.url))
    page.on("console", lambda message: message.type in ("error", "warning", "assert") and seen.errors.append(message.text))
    page.on("pageerror", lambda error: seen.errors.append(f"page error: {error}"))

    def on_dialog(dialog):
        seen.dialogs.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", on_dialog)

    def gate(route):
        if route.request.url == url:
            route.continue_()
        else:
            seen.blocked.append(route.request.url)
            route.abort()

    context.route("**/*", gate)
    try:
        page.goto(url)
        page.wait_for_selector(READY, state="attached")
        yield seen
    finally:
        context.close()


def screenshot(seen: Opened, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    seen.page.screenshot(path=str(SHOTS / f"{name}.png"))


def drawn_nodes(seen: Opened) -> int:
    """How many people vis-network holds and places (its own count, not the data's)."""
    return seen.js("Object.keys(powermap.network.getPositions()).length")


def canvas_ink(seen: Opened) -> int:
    """Non-white pixels on the map canvas: proof something was drawn, not just created."""
    return seen.js("""() => {
        const canvas = document.querySelector('#pm-network canvas');
        const pixels = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
        let ink = 0;
        for (let i = 0; i < pixels.length; i += 16) { if (pixels[i] < 240 || pixels[i + 1] < 240 || pixels[i + 2] < 240) ink++; }
        return ink;
    }""")


def node_point(seen: Opened, node_id: str) -> tuple[float, float]:
    """Where a person is on the screen, for real mouse clicks and hovers."""
    return tuple(seen.js("""(id) => {
        const network = powermap.network, where = network.getPositions([id])[id];
        const dom = network.canvasToDOM(where), frame = document.getElementById('pm-network').getBoundingClientRect();
        return [frame.left + dom.x, frame.top + dom.y];
    }""", node_id))


def panel_text(seen: Opened) -> str:
    return seen.page.text_content("#pm-panel-body")  # as written (inner_text applies the CSS upper case)


@pytest.mark.parametrize("source", EXAMPLE_INPUTS, ids=lambda path: path.name)
def test_every_example_opens_offline_and_draws_everyone(browser, source):
    account = load(source)
    name = source.stem if source.is_file() else f"{source.name}-csv"
    path = write_map(build_map(account), name)
    with opened(browser, path.as_uri()) as seen:
        screenshot(seen, name)
        seen.assert_clean()
        people = len(account.stakeholders) + len(account.team)
        assert seen.js("powermap.nodes.length") == people
        assert drawn_nodes(seen) == people
        assert len(seen.js("powermap.visibleNodeIds()")) == people
        assert seen.js("powermap.edges.length") == len(build_map(account).data["edges"])
        assert canvas_ink(seen) > 500
        assert seen.page.title().endswith("power map")


@pytest.fixture(scope="module")
def web_server():
    """A local HTTP server over tests/output/maps, in a thread, for the served-page check."""
    MAPS.mkdir(parents=True, exist_ok=True)

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(MAPS)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def test_a_map_served_over_http_opens_the_same(browser, web_server):
    account = load(ENERGY)
    write_map(build_map(account), "served")
    with opened(browser, f"{web_server}/served.html") as seen:
        seen.assert_clean()
        assert drawn_nodes(seen) == len(account.stakeholders) + len(account.team)
        assert canvas_ink(seen) > 500


def test_account_text_never_runs_and_shows_literally(browser):
    power_map = build_map(payload_account(), focus="boss", path_to="boss")
    path = write_map(power_map, "payloads")
    with opened(browser, path.as_uri()) as seen:
        page = seen.page
        screenshot(seen, "payloads")
        # opened on the focus: the panel shows the payloads as text
        assert page.inner_text("#pm-panel-body h2") == PAYLOAD_IMG
        assert page.inner_text("#pm-panel-body .pm-title") == PAYLOAD_CLOSE
        body = panel_text(seen)
        assert PAYLOAD_SCRIPT in body and PAYLOAD_SVG in body and PAYLOAD_COMMENT in body  # notes, faction, contact
        assert page.inner_text("#pm-heading").startswith(PAYLOAD_SCRIPT)
        assert page.title().startswith(PAYLOAD_SCRIPT)
        # a team member whose id and name are payloads
        assert seen.js("(id) => powermap.showPanel(id)", PAYLOAD_CLOSE) is True
        assert page.inner_text("#pm-panel-body h2") == PAYLOAD_IMG
        assert PAYLOAD_CLOSE in panel_text(seen)  # their contact's name
        # filters, legend and routes list the payloads as text
        options = seen.js("[...document.querySelectorAll('select option')].map(o => o.textContent)")
        assert PAYLOAD_IMG in options and PAYLOAD_SVG in options
        assert PAYLOAD_CLOSE in page.inner_text("#pm-legend")
        assert any(PAYLOAD_IMG in option for option in options if "warmth" in option)
        # hover: the tooltip shows a name as text
        page.mouse.move(*node_point(seen, PAYLOAD_SVG))
        page.wait_for_selector(".pm-tip:not([hidden])")
        assert page.inner_text(".pm-tip").startswith(PAYLOAD_CLOSE)
        # search for markup finds people and lists them as text
        page.fill("#pm-search", "<img")
        assert PAYLOAD_IMG in page.inner_text("#pm-results")
        page.keyboard.press("Enter")
        # nothing was made of the text: no image, no handler attribute, no extra script
        assert seen.js("document.images.length") == 0
        assert seen.js("document.scripts.length") == 3
        assert seen.js("[...document.querySelectorAll('*')].filter(e => [...e.attributes].some(a => a.name.startsWith('on'))).length") == 0
        assert seen.js("document.querySelectorAll('svg [onload], svg script, foreignObject').length") == 0
        seen.assert_clean()


def _glyphs_differ(seen: Opened, text: str) -> bool:
    """Whether the characters of ``text`` draw as different shapes in the page's font, i.e.
    not all as the same missing-glyph box."""
    return seen.js("""(text) => {
        const font = getComputedStyle(document.body).fontFamily;
        const shapes = [...text].map(character => {
            const canvas = document.createElement('canvas'); canvas.width = canvas.height = 32;
            const ctx = canvas.getContext('2d'); ctx.font = '24px ' + font; ctx.textBaseline = 'top';
            ctx.fillText(character, 2, 2);
            return Array.from(ctx.getImageData(0, 0, 32, 32).data.filter((_, i) => i % 4 === 3)).join();
        });
        return new Set(shapes).size === shapes.length;
    }""", text)


def test_search_finds_a_chinese_name_and_shows_it(browser):
    path = write_map(build_map(load(ENERGY)), "provincial-energy-group-search")
    with opened(browser, path.as_uri()) as seen:
        page = seen.page
        assert seen.js("(q) => powermap.search(q)", "张国栋") == ["zhang-dsz"]
        page.fill("#pm-search", "国栋")
        assert "张国栋" in page.inner_text("#pm-results")
        page.keyboard.press("Enter")
        assert page.inner_text("#pm-panel-body h2") == "张国栋"
        assert page.inner_text("#pm-panel-body .pm-title") == "党委书记、董事长"
        assert seen.js("powermap.network.getSelectedNodes()") == ["zhang-dsz"]
        assert seen.js("(q) => powermap.search(q)", "ZHANG-DSZ") == ["zhang-dsz"]  # ids too, any case
        assert _glyphs_differ(seen, "张国栋党委"), "no CJK font: Chinese would show as boxes"
        screenshot(seen, "provincial-energy-group-search")
        seen.assert_clean()


def test_clicking_a_person_fills_the_side_panel(browser):
    power_map = build_map(load(KESTREL))
    harold = next(node for node in power_map.data["nodes"] if node["id"] == "harold_kestrel")
    path = write_map(power_map, "kestrel-click")
    with opened(browser, path.as_uri()) as seen:
        page = seen.page
        assert page.is_hidden("#pm-panel")
        x, y = node_point(seen, "harold_kestrel")
        page.mouse.move(x, y)
        page.wait_for_selector(".pm-tip:not([hidden])")
        assert "Harold Kestrel" in page.inner_text(".pm-tip")
        page.mouse.click(x, y)
        page.wait_for_selector("#pm-panel:not([hidden])")
        assert page.inner_text("#pm-panel-body h2") == "Harold Kestrel"
        assert page.inner_text("#pm-panel-body .pm-title") == "Founder and Chairman"
        text = panel_text(seen)
        for reason in harold["key_reasons"] + harold["risk"]["reasons"]:
            assert reason in text
        assert "Gordon Hale" in text and "Board and Founder's Office" in text and "KP 1" in text
        assert "Founded Kestrel in 1979" in text  # notes, kept without --redact
        screenshot(seen, "kestrel-panel")
        # a link in the panel moves to that person; a team member shows their contacts
        page.click("#pm-panel-body button.pm-link:text('Gordon Hale')")
        assert page.inner_text("#pm-panel-body h2") == "Gordon Hale"
        assert "Their contacts" in panel_text(seen) and "Harold Kestrel" in panel_text(seen)
        seen.js("powermap.showPanel('tomas')")  # his contacts with the old guard are stale
        assert "Colin Barrow – stranger, last 2026-06-12 (stale)" in panel_text(seen)
        # an inside-contact candidate shows why and the exposure risks
        seen.js("powermap.showPanel('eleanor_voss')")
        assert "Inside contact" in panel_text(seen) and "coach" in panel_text(seen)
        page.click("#pm-panel-close")
        assert page.is_hidden("#pm-panel")
        seen.assert_clean()


def test_department_boxes_surround_their_people_and_follow_a_drag(browser):
    account = load(KESTREL)
    path = write_map(build_map(account), "kestrel-drag")
    with opened(browser, path.as_uri()) as seen:
        page = seen.page
        boxes = {box["id"]: box for box in seen.js("powermap.departmentBoxes()")}
        assert set(boxes) == {p.department for p in account.stakeholders if p.department}
        positions = seen.js("powermap.network.getPositions()")
        for person in account.stakeholders:
            box, where = boxes[person.department], positions[person.id]
            assert box["left"] < where["x"] < box["right"] and box["top"] < where["y"] < box["bottom"], person.id
        # drag the CFO 150 px to the right with the mouse: Finance's box grows with her
        x, y = node_point(seen, "margaret_lin")
        page.mouse.move(x, y)
        page.mouse.down()
        page.mouse.move(x + 75, y + 5, steps=5)
        page.mouse.move(x + 150, y + 10, steps=5)
        page.mouse.up()
        moved = seen.js("powermap.network.getPositions(['margaret_lin']).margaret_lin")
        assert moved["x"] > positions["margaret_lin"]["x"] + 50
        finance = next(box for box in seen.js("powermap.departmentBoxes()") if box["id"] == "finance")
        assert finance["right"] > moved["x"] > finance["left"] and finance["right"] > boxes["finance"]["right"] + 50
        screenshot(seen, "kestrel-drag")
        seen.assert_clean()


def test_choosing_a_route_highlights_it_and_dims_the_rest(browser):
    power_map = build_map(load(KESTREL))
    routes = power_map.data["routes"]
    path = write_map(power_map, "kestrel-route")
    with opened(browser, path.as_uri()) as seen:
        page = seen.page
        page.select_option("#pm-route", "0")
        route = routes[0]
        assert page.inner_text("#pm-route-reasons").splitlines() == route["reasons"]
        state = seen.js("""() => {
            const body = powermap.network.body;  // vis-network's own view of what it draws
            const out = {nodes: {}, edges: {}};
            for (const id of powermap.nodes.getIds()) out.nodes[id] = body.nodes[id].options.opacity;
            for (const id of powermap.edges.getIds()) out.edges[id] = [body.edges[id].options.color.color, body.edges[id].options.color.opacity];
            return out;
        }""")
        on_route = set(route["path"])
        assert all(state["nodes"][n] == 1 for n in on_route)
        assert all(opacity < 0.2 for n, opacity in state["nodes"].items() if n not in on_route)
        lit = {e for e, (colour, _) in state["edges"].items() if colour == ROUTE_COLOR}
        steps = {frozenset(pair) for pair in zip(route["path"], route["path"][1:])}
        expected = {e["id"] for e in power_map.data["edges"] if frozenset((e["from"], e["to"])) in steps}
        assert lit == expected and lit
        assert all(opacity < 0.2 for e, (_, opacity) in state["edges"].items() if e not in lit)
        screenshot(seen, "kestrel-route")
        # another route, then none: everyone back as before
        page.select_option("#pm-route", "1")
        assert seen.js("(id) => powermap.network.body.nodes[id].options.opacity", route["path"][0]) < 0.2 or \
            route["path"][0] in routes[1]["path"]
        page.select_option("#pm-route", "")
        opacities = seen.js("powermap.nodes.getIds().map(id => powermap.network.body.nodes[id].options.opacity)")
        faded = {n["id"] for n in power_map.data["nodes"] if n["faded"]}
        assert sorted(set(opacities)) == sorted({1} | ({0.35} if faded else set()))
        assert page.inner_text("#pm-route-reasons") == ""
        seen.assert_clean()


def test_the_page_draws_the_boxes_legend_and_routes_the_model_gives(browser):
    power_map = build_map(load(KESTREL))
    data = power_map.data
    finance = next(d for d in data["departments"] if d["id"] == "finance")
    finance["members"] = []  # the model says: no box for Finance
    ops = next(d for d in data["departments"] if d["id"] == "ops")
    ops["below"] = ["plant_ashford"]  # and Operations holds one plant only
    data["media"]["page"]["legend"][0]["title"] = "Where they stand"
    route = data["routes"][0]
    route["edges"] = route["edges"][:1]  # one lit line on the first route
    path = write_map(power_map, "kestrel-model-says")
    with opened(browser, path.as_uri()) as seen:
        page = seen.page
        boxes = {box["id"] for box in seen.js("powermap.departmentBoxes()")}
        assert "finance" not in boxes and "ops" in boxes
        titles = page.locator("#pm-legend h3").all_inner_texts()
        assert titles[0] == "Where they stand" and "Fill: stance toward us" not in titles
        page.select_option("#pm-filter-department", "ops")
        shown = set(seen.js("powermap.visibleNodeIds()"))
        people = {n["id"] for n in data["nodes"] if n["kind"] == "stakeholder" and n["department"] in ("ops", "plant_ashford")}
        team = {n["id"] for n in data["nodes"] if n["kind"] == "member"}
        assert shown == people | team
        page.select_option("#pm-filter-department", "")
        page.select_option("#pm-route", "0")
        colours = seen.js("(ids) => ids.map(id => powermap.network.body.edges[id].options.color.color)",
                          [edge["id"] for edge in data["edges"]])
        lit = {edge["id"] for edge, colour in zip(data["edges"], colours) if colour == ROUTE_COLOR}
        assert lit == set(route["edges"])
        seen.assert_clean()


def test_filters_hide_what_does_not_match(browser):
    account = load(KESTREL)
    team = len(account.team)
    path = write_map(build_map(account), "kestrel-filters")
    with opened(browser, path.as_uri()) as seen:
        page = seen.page
        visible = lambda: len(seen.js("powermap.visibleNodeIds()"))  # noqa: E731
        assert visible() == len(account.stakeholders) + team
        # a department keeps its sub-departments: Operations holds both plants
        page.select_option("#pm-filter-department", "ops")
        below_ops = {"ops", "plant_ashford", "plant_brimley"}
        assert visible() == sum(p.department in below_ops for p in account.stakeholders) + team
        assert page.inner_text("#pm-count").startswith(f"{visible() - team} of {len(account.stakeholders)}")
        page.select_option("#pm-filter-department", "")
        page.select_option("#pm-filter-stance", "champion")
        assert visible() == sum(p.stance.value == "champion" for p in account.stakeholders) + team
        page.select_option("#pm-filter-faction", "modernisers")
        assert visible() == sum(p.stance.value == "champion" and p.faction == "modernisers" for p in account.stakeholders) + team
        page.select_option("#pm-filter-stance", "")
        page.select_option("#pm-filter-faction", label="(no faction)")
        assert visible() == sum(p.faction is None for p in account.stakeholders) + team
        page.select_option("#pm-filter-role", "decision_maker")
        page.select_option("#pm-filter-stance", "")
        page.select_option("#pm-filter-faction", "")
        assert visible() == sum(any(r.value == "decision_maker" for r in p.roles) for p in account.stakeholders) + team
        page.click("#pm-lines")  # every line, then without our contacts
        assert seen.js("powermap.edges.get({filter: e => e.hidden}).length") == 0
        page.uncheck("#pm-filters input[value='contact']")
        hidden_lines = seen.js("powermap.edges.get({filter: e => e.hidden}).length")
        assert hidden_lines == len(account.contacts)
        page.click("#pm-reset")
        assert visible() == len(account.stakeholders) + team
        assert seen.js("powermap.edges.get({filter: e => e.hidden}).length") == 0
        page.click("#pm-lines")
        # labels off (key persons and risks stay named) and on, fit
        named = lambda: {label["id"] for label in seen.js("powermap.drawnLabels()") if label["kind"] == "person"}  # noqa: E731
        page.click("#pm-labels")
        assert "harold_kestrel" in named() and "kim_osei" not in named()  # key person 1; a user
        page.click("#pm-labels")
        assert "kim_osei" in named()
        seen.js("powermap.network.moveTo({scale: 4})")
        page.click("#pm-fit")
        assert seen.js("powermap.network.getScale()") < 4
        seen.assert_clean()


def test_focus_and_path_to_apply_on_open(browser):
    power_map = build_map(load(KESTREL), focus="margaret_lin", path_to="harold_kestrel")
    path = write_map(power_map, "kestrel-focus-path")
    asked = next(number for number, route in enumerate(power_map.data["routes"]) if route["asked"])
    with opened(browser, path.as_uri()) as seen:
        page = seen.page
        assert seen.js("powermap.network.getSelectedNodes()") == ["margaret_lin"]
        assert page.inner_text("#pm-panel-body h2") == "Margaret Lin"
        # centred in the part of the map the side panel leaves free
        x, y = node_point(seen, "margaret_lin")
        frame = page.locator("#pm-network").bounding_box()
        panel = page.locator("#pm-panel").bounding_box()
        assert abs(x - (frame["x"] + panel["x"]) / 2) < 2 and abs(y - (frame["y"] + frame["height"] / 2)) < 2
        assert page.input_value("#pm-route") == str(asked)
        # the route dims the rest, but not the person opened on
        opacity = "(id) => powermap.network.body.nodes[id].options.opacity"
        assert seen.js(opacity, "margaret_lin") == 1 and seen.js(opacity, "tom_reilly") < 0.2
        assert all(seen.js(opacity, person) == 1 for person in power_map.data["routes"][asked]["path"])
        assert power_map.data["routes"][asked]["target"] == "harold_kestrel"
        assert page.inner_text("#pm-route-reasons").splitlines() == power_map.data["routes"][asked]["reasons"]
        screenshot(seen, "kestrel-focus-path")
        seen.assert_clean()


def test_the_map_command_writes_a_page_that_draws(browser, run):
    MAPS.mkdir(parents=True, exist_ok=True)
    target = MAPS / "cli-kestrel.html"
    result = run("map", KESTREL, "-o", target)
    assert result.exit_code == 0, result.output
    assert f"wrote {target} (html)" in result.output
    account = load(KESTREL)
    with opened(browser, target.as_uri()) as seen:
        seen.assert_clean()
        assert drawn_nodes(seen) == len(account.stakeholders) + len(account.team)


def test_a_redacted_map_draws_without_names(browser, run):
    MAPS.mkdir(parents=True, exist_ok=True)
    target = MAPS / "cli-kestrel-redacted.html"
    result = run("map", KESTREL, "-o", target, "--redact", "--focus", "harold_kestrel")
    assert result.exit_code == 0, result.output
    with opened(browser, target.as_uri()) as seen:
        seen.assert_clean()
        assert seen.page.inner_text("#pm-panel-body h2") == "Founder and Chairman"
        assert "redacted" in seen.page.inner_text("#pm-meta")
        screenshot(seen, "kestrel-redacted")


def test_the_notebook_frame_draws_the_map(browser):
    """What Jupyter shows: the page in a sandboxed srcdoc iframe, drawn inside it."""
    account = load(ENERGY)
    MAPS.mkdir(parents=True, exist_ok=True)
    path = MAPS / "notebook.html"
    path.write_text(f"<!DOCTYPE html><meta charset='utf-8'><title>notebook</title>{notebook_html(build_map(account))}",
                    encoding="utf-8")
    context = browser.new_context(viewport={"width": 1200, "height": 800})
    try:
        page = context.new_page()
        errors, requests = [], []
        page.on("console", lambda message: message.type == "error" and errors.append(message.text))
        page.on("pageerror", lambda error: errors.append(str(error)))
        page.on("request", lambda request: requests.append(request.url))
        page.goto(path.as_uri())
        frame = page.frame_locator("iframe")
        frame.locator(READY).wait_for(state="attached")
        assert frame.locator("#pm-network canvas").count() == 1
        assert page.locator("iframe").bounding_box()["height"] == pytest.approx(650, abs=2)
        inner = page.frames[1]
        assert inner.evaluate("Object.keys(powermap.network.getPositions()).length") == len(account.stakeholders) + len(account.team)
        assert errors == [] and requests == [path.as_uri()]
        SHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SHOTS / "notebook.png"))
    finally:
        context.close()


# ---------- scale: a generated organisation ----------

def generated_account(people: int, *, seed: int = 0):
    """A seeded organisation of ``people`` for timing the page: a reporting tree (spans of six),
    about four influence/advice/ally/rival/friend ties per person (two given, two received,
    mostly between neighbours), departments under the top, three factions, and a team of five
    with contacts to 3 % of the people."""
    rng = random.Random(seed)
    units = max(1, min(24, people // 80))
    departments = [{"id": "top", "name": "Leadership"}] + [
        {"id": f"d{n}", "name": f"Department {n}", "parent": "top"} for n in range(units)]
    stakeholders = [{"id": "p0", "name": "Person 0", "title": "chief executive", "department": "top",
                     "roles": ["decision_maker"], "power": {"position": 3}}]
    for n in range(1, people):
        boss = (n - 1) // 6
        department = f"d{(n - 1) % units}" if boss == 0 else stakeholders[boss]["department"]
        stakeholders.append({
            "id": f"p{n}", "name": f"Person {n}", "title": rng.choice(["manager", "engineer", "buyer", "analyst"]),
            "department": department, "reports_to": f"p{boss}",
            "stance": rng.choice(["unknown"] * 5 + ["champion", "supporter", "neutral", "skeptic", "opponent"]),
            "roles": rng.choice([[], [], [], ["user"], ["evaluator"], ["spec_setter"], ["procurement"], ["influencer"]]),
            "faction": rng.choice([None, None, "f0", "f1", "f2"]),
            "status": "left" if rng.random() < 0.01 else "active",
        })
    relations, seen = [], set()
    for n in range(people):
        for _ in range(2):
            other = min(people - 1, max(0, n + rng.randint(-40, 40)))
            if other == n or (n, other) in seen:
                continue
            seen.add((n, other))
            kind = rng.choice(["influences"] * 6 + ["advises", "ally", "rival", "friend"])
            relations.append({"source": f"p{n}", "target": f"p{other}", "type": kind, "weight": round(rng.random(), 2)})
    team = [{"id": f"t{n}", "name": f"Seller {n}", "role": "account manager"} for n in range(5)]
    contacts = [{"member": f"t{rng.randrange(5)}", "stakeholder": f"p{n}",
                 "strength": rng.choice(["close", "ordinary", "stranger"]), "last_contact": f"2026-{rng.randint(5, 11):02d}-01"}
                for n in sorted(rng.sample(range(people), max(1, people * 3 // 100)))]
    return make_account(
        account={"id": "generated", "name": f"Generated organisation of {people}", "as_of": "2026-11-15", "stage": "bidding"},
        departments=departments, factions=[{"id": f"f{n}", "name": f"Faction {n}"} for n in range(3)],
        stakeholders=stakeholders, relations=relations, team=team, contacts=contacts)


def test_time_to_first_draw_of_a_2000_person_map(browser):
    """Measures (does not assert) generation and time to first draw; prints and saves them."""
    account = generated_account(2000)
    started = time.perf_counter()
    power_map = build_map(account)
    built = time.perf_counter()
    path = write_map(power_map, "generated-2000")
    rendered = time.perf_counter()
    opening = time.perf_counter()
    with opened(browser, path.as_uri()) as seen:
        ready = time.perf_counter()
        seen.assert_clean()
        assert seen.js("powermap.nodes.length") == 2005
        assert len(seen.js("powermap.visibleNodeIds()")) < 2005  # opens on the people who matter
        timing = seen.js("powermap.timing")
        actions = seen.js("""async () => {
            const frame = () => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)));
            const out = {};
            async function time(name, act) { await frame(); const s = performance.now(); act(); await frame(); out[name] = Math.round(performance.now() - s); }
            await time('redraw_ms', () => powermap.network.redraw());
            await time('route_ms', () => powermap.highlightRoute(0));
            await time('route_clear_ms', () => powermap.highlightRoute(-1));
            await time('filter_ms', () => powermap.setFilter('stance', 'champion'));
            await time('filter_reset_ms', () => powermap.resetFilters());
            await time('panel_ms', () => powermap.pick('p1000'));
            return out;
        }""")
        assert drawn_nodes(seen) == 2005  # after "Show everyone"
        screenshot(seen, "generated-2000")
    figures = {
        "people": 2000, "edges": len(power_map.data["edges"]),
        "build_map_s": round(built - started, 2), "render_html_s": round(rendered - built, 3),
        "file_mb": round(path.stat().st_size / 1e6, 2),
        "first_draw_ms": round(timing["firstDraw"]), "script_start_ms": round(timing["script"]),
        "open_to_ready_s": round(ready - opening, 2), **actions,
    }
    (OUTPUT / "map-timing-2000.json").write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")
    print("\nmap timing:", json.dumps(figures))
