"""The HTML map page without a browser: self-contained, escaped, repeatable, notebook-ready.

What a browser proves (nothing runs, nothing is fetched, everything draws) is in
``test_map_browser.py``; these tests pin the properties of the text itself, quickly.
"""

from __future__ import annotations

import html
import json
import os
import re
from html.parser import HTMLParser

import pytest

from powermap.loaders import load
from powermap.render import html_map
from powermap.render.html_map import LIBRARY_URLS, json_for_script, notebook_html, render_html, vis_network_assets
from powermap.render.map_model import build_map

from conftest import EXAMPLES, REPO, make_account

KESTREL = EXAMPLES / "kestrel-manufacturing.yaml"
URL = re.compile(r"(?:https?:)?//[A-Za-z0-9.-]+\.[A-Za-z]{2,}[^\s\"'`()<>,;]*")

# Markup and script in every text field an account lets a user fill, and in ids (any
# printable text is a valid id). Each would run if it reached the page as markup.
PAYLOAD_SCRIPT = "<script>window.__pwned=1</script>"
PAYLOAD_IMG = '<img src=x onerror="window.__pwned=1">'
PAYLOAD_SVG = '"><svg onload=window.__pwned=1>'
PAYLOAD_CLOSE = "</script><script>window.__pwned=1</script>"
PAYLOAD_COMMENT = "<!--<script>window.__pwned=1</script>-->"
PAYLOAD_ATTR = "' onmouseover='window.__pwned=1' x='"
PAYLOADS = (PAYLOAD_SCRIPT, PAYLOAD_IMG, PAYLOAD_SVG, PAYLOAD_CLOSE, PAYLOAD_COMMENT, PAYLOAD_ATTR)


def payload_account():
    """A small account whose every name, title, note and id carries a payload.

    The stakeholder ``boss`` is a plain id so tests can focus and route to a payload-named person.
    """
    return make_account(
        account={"id": "payload", "name": PAYLOAD_SCRIPT + " & Co\u2028\u2029Ltd", "competitors": [PAYLOAD_SVG]},
        departments=[
            {"id": PAYLOAD_SVG, "name": PAYLOAD_IMG},
            {"id": "d2", "name": PAYLOAD_CLOSE, "parent": PAYLOAD_SVG},
        ],
        factions=[{"id": PAYLOAD_IMG, "name": PAYLOAD_SVG, "leader": "boss", "notes": PAYLOAD_SCRIPT}],
        team=[
            {"id": PAYLOAD_CLOSE, "name": PAYLOAD_IMG, "role": PAYLOAD_SVG},
            {"id": "seller", "name": PAYLOAD_COMMENT},
        ],
        stakeholders=[
            {"id": "boss", "name": PAYLOAD_IMG, "title": PAYLOAD_CLOSE, "department": PAYLOAD_SVG,
             "roles": ["decision_maker"], "faction": PAYLOAD_IMG, "notes": PAYLOAD_SCRIPT,
             "close_to_competitor": PAYLOAD_SVG, "power": {"position": 3}},
            {"id": PAYLOAD_SVG, "name": PAYLOAD_CLOSE, "title": PAYLOAD_ATTR, "department": "d2",
             "reports_to": "boss", "roles": ["procurement"], "stance": "supporter", "notes": PAYLOAD_IMG},
            {"id": PAYLOAD_ATTR, "name": PAYLOAD_COMMENT, "title": PAYLOAD_SCRIPT, "department": "d2",
             "reports_to": "boss", "status": "left", "notes": PAYLOAD_COMMENT},
        ],
        relations=[
            {"source": PAYLOAD_SVG, "target": "boss", "type": "influences", "weight": 0.8, "notes": PAYLOAD_IMG},
            {"source": PAYLOAD_ATTR, "target": PAYLOAD_SVG, "type": "rival"},
        ],
        contacts=[
            {"member": PAYLOAD_CLOSE, "stakeholder": PAYLOAD_SVG, "strength": "close", "last_contact": "2026-11-01"},
            {"member": "seller", "stakeholder": "boss", "strength": "stranger", "notes": PAYLOAD_SCRIPT},
        ],
    )


class _Page(HTMLParser):
    """What an HTML parser sees in the page: elements, the text of each script, attributes."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict]] = []
        self.scripts: list[tuple[dict, str]] = []
        self.title = ""
        self._in: str | None = None
        self._attrs: dict = {}
        self._text: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        if tag in ("script", "title"):
            self._in, self._attrs, self._text = tag, dict(attrs), []

    def handle_endtag(self, tag):
        if tag == self._in == "script":
            self.scripts.append((self._attrs, "".join(self._text)))
        elif tag == self._in == "title":
            self.title = "".join(self._text)
        if tag == self._in:
            self._in = None

    def handle_data(self, data):
        if self._in:
            self._text.append(data)


def parse(page: str) -> _Page:
    parser = _Page()
    parser.feed(page)
    parser.close()
    return parser


@pytest.fixture(scope="module")
def kestrel_page():
    return render_html(build_map(load(KESTREL)))


@pytest.fixture(scope="module")
def payload_page():
    return render_html(build_map(payload_account(), path_to="boss", focus="boss"))


def _without_library(page: str) -> str:
    script, style = vis_network_assets()
    assert page.count(script) == 1 and page.count(style) == 1
    return page.replace(script, "").replace(style, "")


def test_the_page_has_three_scripts_data_library_and_ours(kestrel_page):
    page = parse(kestrel_page)
    assert [attrs for attrs, _ in page.scripts] == [{"type": "application/json", "id": "powermap-data"}, {}, {}]
    assert page.scripts[1][1] == vis_network_assets()[0]
    assert "vis-network" in page.scripts[1][1][:200]
    data = json.loads(page.scripts[0][1])
    assert data == json.loads(json.dumps(build_map(load(KESTREL)).data))


def test_nothing_outside_the_library_points_at_the_network(kestrel_page):
    ours = _without_library(kestrel_page)
    assert URL.findall(ours) == ["http://www.w3.org/2000/svg"]  # the SVG namespace of the legend swatches
    ours = ours.replace('"http://www.w3.org/2000/svg"', "")
    for needle in ("http:", "https:", "//cdn", "@import", "url(", "src="):
        assert needle not in ours, needle
    links = [attrs for tag, attrs in parse(kestrel_page).tags if "src" in attrs or "href" in attrs]
    assert links == [{"rel": "icon", "href": "data:,"}]  # an empty icon, so no browser asks for /favicon.ico


def test_the_library_holds_only_licence_and_namespace_urls():
    """The inlined vis-network names a few URLs (licences, home page, the SVG namespace) and
    fetches none of them; a new pyvis bringing another URL should be looked at."""
    script, style = vis_network_assets()
    assert set(URL.findall(script)) == LIBRARY_URLS
    assert not URL.findall(style)
    assert "sourceMappingURL" not in script
    assert "url(data:" in style.replace('"', "") and "url(http" not in style


def test_no_pyvis_template_and_no_external_fonts(kestrel_page):
    ours = _without_library(kestrel_page)
    for needle in ("bootstrap", "jsdelivr", "cdnjs", "unpkg", "googleapis", "@font-face", "tom-select"):
        assert needle not in ours.lower(), needle
    assert '"Noto Sans CJK SC"' in ours and '"Microsoft YaHei"' in ours


def test_a_content_security_policy_admits_only_our_scripts(kestrel_page):
    page = parse(kestrel_page)
    policy = next(attrs["content"] for tag, attrs in page.tags if attrs.get("http-equiv") == "Content-Security-Policy")
    rules = dict(rule.strip().split(" ", 1) for rule in policy.split(";"))
    assert rules["default-src"] == "'none'" and rules["connect-src"] == "'none'"
    hashes = rules["script-src"].split()
    assert len(hashes) == 2 and all(h.startswith("'sha256-") for h in hashes)
    assert "'unsafe-inline'" not in rules["script-src"] and "'unsafe-eval'" not in rules["script-src"]
    import base64
    import hashlib

    for _, text in parse(kestrel_page).scripts[1:]:
        digest = base64.b64encode(hashlib.sha256(text.encode()).digest()).decode()
        assert f"'sha256-{digest}'" in hashes


def test_our_script_builds_no_markup_from_strings():
    from importlib import resources

    script = (resources.files("powermap.render") / "templates" / "map.js").read_text(encoding="utf-8")
    for sink in ("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval(", "new Function", "multi:"):
        assert sink not in script, sink


def test_json_for_script_escapes_what_could_end_the_element():
    text = json_for_script({"a": "</script><!--<b>&\u2028\u2029", "</script>": 1})
    assert not re.search(r"[<>&\u2028\u2029]", text)
    assert json.loads(text) == {"a": "</script><!--<b>&\u2028\u2029", "</script>": 1}
    with pytest.raises(ValueError):
        json_for_script({"score": float("nan")})


def test_payloads_stay_data(payload_page):
    page = parse(payload_page)
    # exactly our elements: one data block and two scripts, no image, no svg, no handler
    assert len(page.scripts) == 3
    assert not [tag for tag, _ in page.tags if tag in ("img", "svg", "iframe", "object", "embed")]
    assert not [attrs for _, attrs in page.tags if any(name.startswith("on") for name in attrs)]
    data_text = page.scripts[0][1]
    assert not re.search(r"[<>&\u2028\u2029]", data_text)
    data = json.loads(data_text)
    names = {node["name"] for node in data["nodes"]}
    assert {PAYLOAD_IMG, PAYLOAD_CLOSE, PAYLOAD_COMMENT} <= names
    ours = _without_library(payload_page)
    for payload in PAYLOADS:
        if "<" in payload:  # the others are harmless text in JSON and in escaped HTML
            assert payload not in ours, payload
    # outside the data block the account shows up only in the escaped title and heading
    outside = ours.replace(data_text, "")
    assert outside.count("window.__pwned") == 2 == outside.count(html.escape(PAYLOAD_SCRIPT))


def test_the_title_and_heading_are_escaped(payload_page):
    page = parse(payload_page)
    assert page.title == PAYLOAD_SCRIPT + " & Co\u2028\u2029Ltd \u2013 power map"
    escaped = html.escape(PAYLOAD_SCRIPT + " & Co")
    assert f"<title>{escaped}" in payload_page
    assert f'<h1 id="pm-heading">{escaped}' in payload_page


def test_the_same_account_gives_the_same_page_byte_for_byte():
    first = render_html(build_map(load(KESTREL)))
    html_map._own_assets.cache_clear()
    html_map.vis_network_assets.cache_clear()
    second = render_html(build_map(load(KESTREL)))
    assert first.encode() == second.encode()


def test_rendering_does_not_import_pyvis_or_write_files(tmp_path):
    """pyvis is only read from disk: importing it costs a second (it pulls in IPython), and
    its write_html would create lib/ in the working directory. Run apart, so this test
    neither sees nor disturbs a pyvis another test imported."""
    import subprocess
    import sys

    script = (
        "import sys\n"
        "from powermap.render.map_model import build_map\n"
        "from powermap.render.html_map import render_html\n"
        "from powermap.model import AccountMap\n"
        "account = AccountMap.model_validate({'account': {'id': 'a', 'name': 'A'}, 'stakeholders': [{'id': 'x', 'name': 'X'}]})\n"
        "assert render_html(build_map(account)).startswith('<!DOCTYPE html>')\n"
        "print('pyvis' in sys.modules)\n"
    )
    done = subprocess.run([sys.executable, "-c", script], cwd=tmp_path, capture_output=True, text=True, timeout=120,
                          env={**os.environ, "PYTHONPATH": str(REPO)})
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "False"
    assert list(tmp_path.iterdir()) == []


def test_a_map_without_departments_factions_team_or_routes_renders():
    page = render_html(build_map(make_account(stakeholders=[{"id": "a", "name": "A"}])))
    data = json.loads(parse(page).scripts[0][1])
    assert [node["id"] for node in data["nodes"]] == ["a"] and data["routes"] == []


def test_notebook_html_is_an_iframe_with_the_escaped_page(payload_page):
    snippet = notebook_html(build_map(payload_account(), path_to="boss", focus="boss"))
    page = parse(snippet)
    assert [tag for tag, _ in page.tags] == ["iframe"]
    attrs = page.tags[0][1]
    assert attrs["srcdoc"] == payload_page  # the parser unescapes the attribute back to the page
    assert attrs["sandbox"] == "allow-scripts"
    assert "width:100%" in attrs["style"] and "height:650px" in attrs["style"]
    inside = snippet[len('<iframe srcdoc="'):snippet.index('" title=')]
    assert '"' not in inside and "<" not in inside and ">" not in inside
    assert html.unescape(inside) == payload_page


def test_power_map_shows_itself_in_jupyter():
    power_map = build_map(load(KESTREL))
    assert power_map._repr_html_() == notebook_html(power_map)
    assert power_map.to_html() == render_html(power_map)


# ---------- the map command, end to end (the browser half is in test_map_browser.py) ----------

def test_the_map_command_writes_one_page_and_nothing_beside_it(run, tmp_path):
    target = tmp_path / "kestrel.html"
    result = run("map", KESTREL, "-o", target)
    assert result.exit_code == 0, result.output
    assert result.output == f"wrote {target} (html)\n"
    assert [path.name for path in tmp_path.iterdir()] == ["kestrel.html"]  # no lib/ as pyvis would write
    page = target.read_text(encoding="utf-8")
    assert page == render_html(build_map(load(KESTREL)))


def test_a_redacted_map_holds_no_name_note_or_name_like_id(run, tmp_path):
    account = load(KESTREL)
    target = tmp_path / "shared.html"
    result = run("map", KESTREL, "-o", target, "--redact", "--path-to", "margaret_lin")
    assert result.exit_code == 0, result.output
    page = target.read_text(encoding="utf-8")
    data = json.loads(parse(page).scripts[0][1])
    assert data["meta"]["redacted"] is True
    private = [person.name for person in account.stakeholders] + [member.name for member in account.team]
    private += [record.notes for table in (account.stakeholders, account.contacts, account.relations, account.factions)
                for record in table if record.notes]
    private += [account.account.notes] if account.account.notes else []
    private += [person.id for person in account.stakeholders] + [member.id for member in account.team]
    for text in private:
        for form in {text, html.escape(text), json_for_script(text)[1:-1]}:
            assert form not in page, f"{text!r} is in the redacted map"
    # the route to the asked person survives, under the neutral id
    assert any(route["asked"] for route in data["routes"])


@pytest.mark.parametrize("option, wrong, meant", [("--focus", "harold", "harold_kestrel"), ("--path-to", "margret_lin", "margaret_lin")])
def test_an_unknown_person_is_a_usage_error_with_a_suggestion(run, tmp_path, option, wrong, meant):
    target = tmp_path / "map.html"
    result = run("map", KESTREL, "-o", target, option, wrong)
    assert result.exit_code == 2
    assert f"{option}: unknown stakeholder '{wrong}'; did you mean '{meant}'?" in result.output
    assert not target.exists()


@pytest.mark.parametrize("script, style", [("x = '</script>'", ""), ("<!-- x", ""), ("", "a{} </style>")])
def test_a_library_that_could_close_its_element_is_refused(script, style):
    with pytest.raises(html_map.AssetError):
        html_map._check_inline(script, style, "test")
