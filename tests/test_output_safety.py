"""Account text reaches terminals and Markdown as text: nothing in a name acts.

A name, title or note can hold what a terminal obeys (escape sequences that clear the screen,
set the window title or hide a link; a carriage return that overwrites the line), what rich
would read as markup, bidi controls that make a name read backwards, and Markdown or HTML that
makes a report show an image, a link or a script. Every command that prints account text is
run here with such an account and its output is checked from outside: the raw characters are
absent, their escaped forms (as Python writes them, the way `check` quotes names) are present,
Chinese names print unchanged, and Markdown rendered by a real CommonMark/GFM renderer
(markdown-it-py) holds no link, image or script from the data and keeps its table columns.

The loaders refuse control characters in a file, but a database, a file name or a path still
carries them, and CR, TAB and bidi characters load; so the accounts here are built in code,
with the characters put in after validation, the way a database would hand them over, and
``powermap.loaders.load`` is pointed at them.
"""

from __future__ import annotations

import html
import os
import pickle
import re
import subprocess
import sys
from html.parser import HTMLParser

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from powermap.render.safe import markdown_code, markdown_line, markdown_text, terminal_text

from conftest import REPO, make_account

# The payloads, and how each must show on a terminal (written out by hand, as Python's repr
# writes the characters).
PAYLOADS = {
    "CLEAR": "\x1b[2J",
    "TITLE": "\x1b]0;pwned\x07",
    "LINK": "\x1b]8;;http://evil\x1b\\click\x1b]8;;\x1b\\",
    "CR": "\r",
    "RLO": "\u202e",
    "RICH": "[link=http://evil]x[/link]",
    "IMAGE": "![](http://tracker/x.png)",
    "SCRIPT": "<script>",
    "PIPE": "|",
}
SHOWN = {
    "CLEAR": "\\x1b[2J",
    "TITLE": "\\x1b]0;pwned\\x07",
    "LINK": "\\x1b]8;;http://evil\\x1b\\click\\x1b]8;;\\x1b\\",
    "CR": "\\r",
    "RLO": "\\u202e",
}
# What must never reach a terminal: ESC, BEL, a CR (lines end in LF only here), the C1
# controls, and the bidi and invisible characters.
RAW = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]")


def _inject(account):
    """The account with every @NAME@ in its text replaced by PAYLOADS[NAME], without
    validation: as a database or a file name could hand such text over."""
    def fill(value):
        if isinstance(value, str):
            for name, payload in PAYLOADS.items():
                value = value.replace(f"@{name}@", payload)
        elif isinstance(value, tuple):
            value = tuple(fill(item) for item in value)
        return value

    def record(item):
        changed = {name: fill(getattr(item, name)) for name in type(item).model_fields}
        changed = {name: value for name, value in changed.items() if value != getattr(item, name)}
        return item.model_copy(update=changed) if changed else item

    tables = {name: tuple(record(item) for item in getattr(account, name))
              for name in ("team", "departments", "factions", "stakeholders", "relations", "contacts")}
    return account.model_copy(update={"account": record(account.account), **tables})


def evil_account(account_id: str = "evil-co", *, stance: str = "unknown"):
    """An account whose names, titles, notes and ids hold every payload; 张三 is plain."""
    return _inject(make_account(
        account={"id": account_id, "name": "Evil Co @TITLE@ @RICH@ @PIPE@", "stage": "bidding", "as_of": "2026-11-01",
                 "notes": "@SCRIPT@ @IMAGE@", "competitors": ["@RICH@"]},
        team=[{"id": "tom", "name": "Tom@CLEAR@"}],
        departments=[{"id": "it", "name": "IT @RLO@ @IMAGE@"}],
        factions=[{"id": "core", "name": "Core @RICH@ @PIPE@", "leader": "wang"}],
        stakeholders=[
            {"id": "wang", "name": "王伟@RLO@evil @LINK@", "title": "@RICH@ @IMAGE@", "roles": ["decision_maker"],
             "department": "it", "faction": "core", "stance": stance, "notes": "@SCRIPT@",
             "power": {"position": 3}},
            {"id": "li", "name": "Li@CR@Overwrite @PIPE@ @IMAGE@", "title": "@SCRIPT@", "roles": ["evaluator"],
             "reports_to": "wang", "department": "it", "faction": "core", "stance": "supporter"},
            {"id": "zhang", "name": "张三", "roles": ["funder"], "department": "it", "stance": "skeptic",
             "power": {"allocation": 3}},
            {"id": "chen|`x", "name": "Chen @SCRIPT@ @PIPE@", "roles": ["spec_setter"], "department": "it",
             "stance": "neutral", "close_to_competitor": "@RICH@"},
        ],
        relations=[
            {"source": "li", "target": "wang", "type": "influence", "weight": 0.8},
            {"source": "zhang", "target": "wang", "type": "ally", "weight": 0.6},
            {"source": "chen|`x", "target": "zhang", "type": "rival", "weight": 0.7},
        ],
        contacts=[
            {"member": "tom", "stakeholder": "li", "strength": "close", "last_contact": "2026-10-01"},
            {"member": "tom", "stakeholder": "zhang", "strength": "ordinary", "last_contact": "2026-03-01"},
        ],
    ))


@pytest.fixture
def accounts(monkeypatch, tmp_path):
    """Files in tmp_path that load as evil accounts: ``accounts("a.yaml", account)``."""
    import powermap.loaders

    held = {}
    real = powermap.loaders.load

    def load(path, *args, **kwargs):
        account = held.get(os.path.basename(str(path)))
        return account if account is not None else real(path, *args, **kwargs)

    monkeypatch.setattr(powermap.loaders, "load", load)

    def add(name, account):
        path = tmp_path / name
        path.write_text("account: {id: placeholder, name: placeholder}\n", encoding="utf-8")
        held[name] = account
        return path

    return add


def _unfolded(text: str) -> str:
    """The text with each table column's lines joined: rich folds a long cell over lines."""
    columns: dict[int, list[str]] = {}
    plain = []
    for line in text.splitlines():
        if "│" in line:
            for index, part in enumerate(line.split("│")):
                columns.setdefault(index, []).append(part.strip())
        else:
            plain.append(line)
    return "\n".join(plain) + "".join("".join(parts) for parts in columns.values())


def assert_terminal_safe(text: str, *shown: str, chinese: bool = True) -> None:
    """Nothing in ``text`` acts on a terminal; each payload in ``shown`` is there escaped."""
    found = RAW.findall(text)
    assert not found, f"raw characters reach the terminal: {found!r}"
    squashed = re.sub(r"\s", "", _unfolded(text))
    for name in shown:
        assert re.sub(r"\s", "", SHOWN[name]) in squashed, f"{name} not shown as {SHOWN[name]!r}"
    if chinese:
        assert "张三" in text and "王伟" in text, "Chinese names print unchanged"


class _Cells(HTMLParser):
    """The cells of each table row of an HTML page: [[(tag, text), ...], ...] per table."""

    def __init__(self):
        super().__init__()
        self.tables, self.cell = [], None

    def handle_starttag(self, tag, attrs):
        if tag == "table":
            self.tables.append([])
        elif tag == "tr":
            self.tables[-1].append([])
        elif tag in ("td", "th"):
            self.cell = [tag, ""]

    def handle_data(self, data):
        if self.cell is not None:
            self.cell[1] += data

    def handle_endtag(self, tag):
        if tag in ("td", "th"):
            self.tables[-1][-1].append(tuple(self.cell))
            self.cell = None


def rendered(markdown: str) -> str:
    """The HTML a GFM renderer makes of ``markdown``: markdown-it-py with tables,
    strikethrough, raw HTML allowed and linkify (which links bare addresses too)."""
    from markdown_it import MarkdownIt

    return MarkdownIt("gfm-like").render(markdown)


def assert_markdown_safe(markdown: str, *texts: str) -> str:
    """Nothing raw in ``markdown``; rendered, no link, image or script, every table row with
    its header's columns, and each of ``texts`` shown literally. Returns the HTML."""
    found = RAW.findall(markdown)
    assert not found, f"raw characters in the Markdown: {found!r}"
    page = rendered(markdown)
    for tag in ("<a", "<img", "<script", "<h3", "<h4", "<del", "<s>", "<code><"):
        assert tag not in page, f"{tag} in the rendered report"
    parser = _Cells()
    parser.feed(page)
    assert parser.tables, "the report has tables"
    for table in parser.tables:
        header, *rows = table
        assert all(tag == "th" for tag, _ in header)
        for row in rows:
            assert len(row) == len(header), f"a row of {len(row)} cells under {len(header)} headers: {row}"
    text = html.unescape(re.sub(r"<[^>]+>", "", page))
    for expected in texts:
        assert expected in text, f"{expected!r} not shown as text"
    return page


# -- the escaping functions, against Python's repr and a real renderer ------------------------
LISTED = ([chr(code) for code in range(0x00, 0x20)] + [chr(code) for code in range(0x7F, 0xA0)]
          + [chr(code) for code in range(0x200B, 0x2010)] + [chr(code) for code in range(0x202A, 0x202F)]
          + [chr(code) for code in range(0x2060, 0x206A)] + ["\ufeff"])


@pytest.mark.parametrize("char", LISTED, ids=lambda char: f"U+{ord(char):04X}")
def test_each_control_and_bidi_character_is_shown_as_python_writes_it(char):
    assert terminal_text(f"a{char}b") == "a" + repr(char)[1:-1] + "b"


@pytest.mark.parametrize("text", ["王伟", "张三 (采购部)", "José Müller", "Ødegård", "👩‍💻 🇨🇳 👍🏽", "a\\x1b b", "[bold]x[/bold]"])
def test_ordinary_text_is_unchanged(text):
    assert terminal_text(text) == text


def test_a_zero_width_joiner_outside_an_emoji_is_shown():
    assert terminal_text("wa\u200dng") == "wa\\u200dng"
    assert terminal_text("\u200d👩") == "\\u200d👩"


# Characters that draw nothing where the terminal used to print them raw: a tag character
# (the U+E0000 block can spell a whole hidden text), a deprecated format character and the
# Hangul filler, which `check` already called invisible.
@pytest.mark.parametrize("text, shown", [
    ("a\U000e0041b", "a\\U000e0041b"),
    ("a\u206ab", "a\\u206ab"),
    ("a\u3164b", "a\\u3164b"),
])
def test_what_check_calls_invisible_the_terminal_shows_escaped(text, shown):
    assert terminal_text(text) == shown
    assert markdown_text(text) == shown
    assert markdown_code(text) == f"`{shown}`"


# Every character Unicode puts in a category that does not draw (controls, format characters,
# line and paragraph separators, surrogates), and those that draw nothing though their category
# says letter or mark: the combining grapheme joiner, the Hangul fillers, the Khmer inherent
# vowels, the Mongolian free variation selectors, the variation selectors (alone, after an
# ASCII letter, they vary nothing).
_DRAW_NOTHING = ([0x034F, 0x115F, 0x1160, 0x17B4, 0x17B5, 0x3164, 0xFFA0] + list(range(0x180B, 0x1810))
                 + list(range(0xFE00, 0xFE10)) + list(range(0xE0100, 0xE01F0)))


def test_every_character_that_does_not_draw_is_shown_as_its_escape():
    import unicodedata

    hidden = [code for code in range(0x110000) if unicodedata.category(chr(code)) in ("Cc", "Cf", "Zl", "Zp", "Cs")]
    assert len(hidden) > 2_200 and 0xE0041 in hidden and 0x206A in hidden
    wrong = [f"U+{code:04X}" for code in hidden + _DRAW_NOTHING
             if terminal_text(f"a{chr(code)}b") != "a" + chr(code).encode("unicode_escape").decode("ascii") + "b"]
    assert wrong == []


@pytest.mark.parametrize("text", [
    "\u2764\ufe0f", "\u263a\ufe0f \u2122\ufe0f", "#\ufe0f\u20e3 1\ufe0f\u20e3",  # emoji style: ❤️ ☺️ ™️ #️⃣ 1️⃣
    "\U0001f3f3\ufe0f\u200d\U0001f308",  # 🏳️‍🌈: a variation selector, then a joiner
    "\U0001f3f4\U000e0067\U000e0062\U000e0073\U000e0063\U000e0074\U000e007f",  # the flag of Scotland
    "\u845b\U000e0100",  # 葛 in its Japanese variant
    "Li\u00a0Na \u3000王伟",  # spaces show as spaces
])
def test_emoji_and_variants_print_as_they_are(text):
    assert terminal_text(text) == text


@pytest.mark.parametrize("text, shown", [
    ("ab\ufe0f", "ab\\ufe0f"),  # after a letter that has no variants: varies nothing
    ("\ufe0fab", "\\ufe0fab"),
    ("wang1\ufe0f", "wang1\\ufe0f"),  # a digit takes one only in a keycap
    ("\u2764\ufe0f\ufe0f", "\u2764\ufe0f\\ufe0f"),
    ("\U0001f3f4\U000e0041\U000e0042\U000e0043\U000e007f", "\U0001f3f4\\U000e0041\\U000e0042\\U000e0043\\U000e007f"),
    ("hi\U000e0068\U000e0069\U000e007f", "hi\\U000e0068\\U000e0069\\U000e007f"),  # tags with no flag
])
def test_a_selector_or_tag_that_varies_nothing_is_shown(text, shown):
    assert terminal_text(text) == shown


@pytest.mark.parametrize("text", [
    "# heading", "- item", "+ item", "1. item", "12) item", "* item", "> quote", "***", "===",
    "*em* _em_ **strong** ~~gone~~ `code` ``x``", "![](http://tracker/x.png)", "[x](http://evil)",
    "[x]: http://evil", "<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "&lt;b&gt; &amp; &#60;",
    "a | b | c", "back\\slash\\", "www.evil.com", "http://evil.com/x", "//localhost/x", "evil.com", "$x^2$",
    "[link=http://evil]x[/link]", "Line one\r\nline two\rthree\nfour", "王伟 [评估] #1",
])
def test_markdown_text_renders_as_itself(text):
    expected = re.sub(r"\r\n|[\r\n]", " ", text)
    paragraph = rendered(markdown_line(text))
    assert paragraph.startswith("<p>") and paragraph.endswith("</p>\n"), paragraph
    inner = paragraph[3:-5]
    assert "<" not in inner, paragraph
    assert html.unescape(inner) == expected
    cell = _Cells()
    cell.feed(rendered(f"| h | i |\n|---|---|\n| {markdown_text(text)} | {markdown_code(text)} |\n"))
    (header, row), = cell.tables
    assert [tag for tag, _ in row] == ["td", "td"] and row[0][1] == expected.strip() and row[1][1] == expected.strip()


# Markdown's punctuation, what forms addresses, line breaks, and some letters and digits.
_MARKDOWN_ALPHABET = list("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~ \r\n") + list("aw1.co") + ["王", "é", "👍"]


@settings(max_examples=300, deadline=None, derandomize=True)
@given(st.text(alphabet=st.sampled_from(_MARKDOWN_ALPHABET), max_size=30))
def test_any_text_renders_as_itself_in_markdown(text):
    """Whatever the punctuation, a line and a table cell render to exactly the text."""
    expected = re.sub(r"\r\n|[\r\n]", " ", text).strip()
    paragraph = rendered(markdown_line(text))
    if not expected:
        return
    assert paragraph.startswith("<p>") and paragraph.endswith("</p>\n"), paragraph
    assert "<" not in paragraph[3:-5], paragraph
    assert html.unescape(paragraph[3:-5]) == expected
    cell = _Cells()
    cell.feed(rendered(f"| h | i |\n|---|---|\n| {markdown_text(text)} | {markdown_code(text)} |\n"))
    (header, row), = cell.tables
    assert row == [("td", expected), ("td", re.sub(r"\r\n|[\r\n]", " ", text))]  # code keeps its spaces


def test_markdown_shows_control_and_bidi_characters_escaped():
    assert markdown_text("Wang\u202e\x1b[2J") == "Wang\\u202e\\x1b\\[2J"
    assert html.unescape(rendered(markdown_text("Wang\u202e\x1b[2J"))) == "<p>Wang\\u202e\\x1b[2J</p>\n"


# -- every command, on an account that holds every payload -------------------------------------
def test_report_table(run, accounts):
    result = run("report", accounts("evil.yaml", evil_account()))
    assert result.exit_code == 0, result.output
    assert_terminal_safe(result.stdout, "CLEAR", "TITLE", "LINK", "CR", "RLO")
    for literal in ("[link=http://evil]x[/link]", "![](http://tracker/x.png)", "Chen <script> |"):
        assert literal in result.stdout  # shown as written: never read as rich markup


def test_report_markdown(run, accounts):
    result = run("report", accounts("evil.yaml", evil_account()), "-f", "markdown")
    assert result.exit_code == 0, result.output
    assert "\r" not in result.stdout
    assert_markdown_safe(result.stdout, "Li Overwrite | ![](http://tracker/x.png)", "Chen <script> |",
                         "Core [link=http://evil]x[/link] |", SHOWN["LINK"], SHOWN["CLEAR"], SHOWN["TITLE"],
                         SHOWN["RLO"], "张三")


def test_path(run, accounts):
    result = run("path", accounts("evil.yaml", evil_account()), "--to", "wang")
    assert result.exit_code == 0, result.output
    assert_terminal_safe(result.stdout, "CLEAR", "LINK", "CR", "RLO")
    # the route goes through Li, a supporter (张三 is a skeptic: never an intermediary)
    assert "Tom\\x1b[2J -> Li\\rOverwrite | ![](http://tracker/x.png) -> 王伟\\u202eevil" in result.stdout


def test_plan(run, accounts):
    path = accounts("evil.yaml", evil_account())
    table = run("plan", path)
    assert table.exit_code == 0, table.output
    assert_terminal_safe(table.stdout, "LINK", "RLO", chinese=False)
    assert "王伟" in table.stdout
    markdown = run("plan", path, "-f", "markdown")
    assert markdown.exit_code == 0, markdown.output
    assert_markdown_safe(markdown.stdout, "王伟" + SHOWN["RLO"] + "evil " + SHOWN["LINK"])


def test_simulate(run, accounts):
    """simulate validates the changed account again, which refuses control characters: its
    account holds what passes validation (a bidi override, rich markup, Markdown)."""
    account = make_account(
        account={"id": "evil-co", "name": "Evil Co", "as_of": "2026-11-01"},
        team=[{"id": "tom", "name": "Tom"}],
        stakeholders=[{"id": "wang", "name": "王伟\u202eevil [link=http://evil]x[/link]", "roles": ["decision_maker"],
                       "stance": "neutral", "power": {"position": 3}},
                      {"id": "li", "name": "Li ![](http://tracker/x.png)", "roles": ["evaluator"], "reports_to": "wang"}],
        relations=[{"source": "li", "target": "wang", "type": "influence", "weight": 0.8}],
        contacts=[{"member": "tom", "stakeholder": "li", "strength": "close", "last_contact": "2026-10-01"}],
    )
    path = accounts("evil.yaml", account)
    table = run("simulate", path, "--set", "wang.stance=supporter")
    assert table.exit_code == 0, table.output
    assert_terminal_safe(table.stdout, "RLO", chinese=False)
    assert "王伟\\u202eevil [link=http://evil]x[/link]" in table.stdout
    markdown = run("simulate", path, "--set", "wang.stance=supporter", "-f", "markdown")
    assert markdown.exit_code == 0, markdown.output
    assert_markdown_safe(markdown.stdout, "王伟" + SHOWN["RLO"] + "evil")


def test_diff(run, accounts):
    before = evil_account()
    after = _inject(make_account(
        account={"id": "evil-co", "name": "Evil Co", "as_of": "2026-11-01"},
        team=[{"id": "tom", "name": "Tom"}],
        stakeholders=[{"id": "wang", "name": "王伟@RLO@evil @LINK@", "stance": "supporter", "roles": ["decision_maker"]},
                      {"id": "new-@PIPE@-@RLO@", "name": "New @IMAGE@", "roles": ["evaluator"]}],
        contacts=[{"member": "tom", "stakeholder": "new-@PIPE@-@RLO@", "strength": "close"}],
    ))
    old, new = accounts("old.yaml", before), accounts("new.yaml", after)
    table = run("diff", old, new)
    assert table.exit_code == 0, table.output
    assert_terminal_safe(table.stdout, "LINK", "RLO", chinese=False)
    assert "New ![](http://tracker/x.png)" in table.stdout  # the arrival by name; the JSON keeps the id
    markdown = run("diff", old, new, "-f", "markdown")
    assert markdown.exit_code == 0, markdown.output
    assert_markdown_safe(markdown.stdout, "New ![](http://tracker/x.png)", SHOWN["LINK"])  # by name, not by id


def test_portfolio(run, accounts, tmp_path):
    path = accounts("evil.yaml", evil_account())
    table = run("portfolio", path)
    assert table.exit_code == 0, table.output
    assert_terminal_safe(table.stdout, "CLEAR", "LINK", "CR", "RLO", chinese=False)
    assert "王伟" in table.stdout
    markdown = run("portfolio", path, "-f", "markdown")
    assert markdown.exit_code == 0, markdown.output
    assert_markdown_safe(markdown.stdout, SHOWN["CLEAR"], SHOWN["LINK"], "Li Overwrite | ![](http://tracker/x.png)")


def test_file_names_are_shown_escaped(run, tmp_path):
    """A broken account file whose name holds ESC and an RLO: portfolio's 'Not read' table,
    check's lines and the 'wrote' line all show the name escaped."""
    folder = tmp_path / "accounts"
    folder.mkdir()
    broken = folder / "evil\x1b[2J\u202e.yaml"
    broken.write_text("account: [\n", encoding="utf-8")
    good = folder / "kestrel.yaml"
    good.write_text((REPO / "examples" / "kestrel-manufacturing.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    for form in ("table", "markdown"):
        result = run("portfolio", folder, "-f", form)
        assert result.exit_code == 0, result.output
        assert_terminal_safe(result.stdout, chinese=False)
        assert "evil\\x1b" in result.stdout and "\\u202e.yaml" in result.stdout
    checked = run("check", broken)
    assert checked.exit_code == 1
    assert_terminal_safe(checked.output, chinese=False)
    assert checked.stdout == f"{tmp_path}/accounts/evil\\x1b[2J\\u202e.yaml: 1 error; not loaded\n"
    target = tmp_path / "out\x1b]0;pwned\x07.json"
    wrote = run("report", good, "-f", "json", "-o", target)
    assert wrote.exit_code == 0, wrote.output
    assert wrote.stderr == f"wrote {tmp_path}/out\\x1b]0;pwned\\x07.json (json)\n"


def test_a_real_file_with_bidi_markup_and_chinese(run, tmp_path):
    """What the loaders accept (bidi characters, markup, Markdown, Chinese) from a real file."""
    path = tmp_path / "real.yaml"
    path.write_text(
        'account: {id: real, name: "Real \\u202eoC [blink]x[/blink]"}\n'
        "team: [{id: tom, name: Tom}]\n"
        "stakeholders:\n"
        '  - {id: wang, name: "王伟\\u202e\\u2066 [link=http://evil]x[/link]", roles: [decision_maker]}\n'
        '  - {id: zhang, name: "张三 | ![](http://tracker/x.png) <script>", roles: [funder], reports_to: wang}\n'
        "contacts: [{member: tom, stakeholder: zhang, strength: close}]\n",
        encoding="utf-8")
    table = run("report", path)
    assert table.exit_code == 0, table.output
    assert_terminal_safe(table.stdout, "RLO")
    assert "王伟\\u202e\\u2066 [link=http://evil]x[/link]" in table.stdout and "[blink]x[/blink]" in table.stdout
    route = run("path", path, "--to", "wang")
    assert route.exit_code == 0, route.output
    # most names are Chinese: the route is said in Chinese, the name escaped inside it
    assert route.stdout.startswith("到王伟\\u202e\\u2066 [link=http://evil]x[/link]的引荐路径（截至")
    markdown = run("report", path, "-f", "markdown")
    assert markdown.exit_code == 0, markdown.output
    assert_markdown_safe(markdown.stdout, "张三 | ![](http://tracker/x.png) <script>", "王伟\\u202e\\u2066")


def test_names_with_characters_that_draw_nothing_in_a_real_file(run, tmp_path):
    """A tag character, a deprecated format character and a Hangul filler load from a file;
    the report's table and Markdown show them escaped, and an emoji and its selector as they are."""
    path = tmp_path / "hidden.yaml"
    path.write_text(
        "account: {id: hidden, name: Hidden}\n"
        "team: [{id: tom, name: Tom}]\n"
        "stakeholders:\n"
        '  - {id: wang, name: "Wang\\U000E0041\\U000E0042 Wei", roles: [decision_maker]}\n'
        '  - {id: li, name: "Li\\u206ANa \\u2764\\uFE0F", roles: [funder], reports_to: wang}\n'
        '  - {id: zhang, name: "Zhang\\u3164San", roles: [evaluator], reports_to: wang}\n'
        "contacts: [{member: tom, stakeholder: li, strength: close}]\n",
        encoding="utf-8")
    shown = ["Wang\\U000e0041\\U000e0042 Wei", "Li\\u206aNa \u2764\ufe0f", "Zhang\\u3164San"]
    table = run("report", path)
    assert table.exit_code == 0, table.output
    squashed = re.sub(r"\s", "", _unfolded(table.stdout))
    for name in shown:
        assert re.sub(r"\s", "", name) in squashed, name
    markdown = run("report", path, "-f", "markdown")
    assert markdown.exit_code == 0, markdown.output
    for output in (table.stdout, markdown.stdout):
        assert not re.search("[\U000e0041\U000e0042\u206a\u3164]", output)
    assert_markdown_safe(markdown.stdout, *shown, "Li\\u206aNa \u2764\ufe0f")


def test_json_keeps_the_data_as_it_is(run, accounts):
    import json

    result = run("report", accounts("evil.yaml", evil_account()), "-f", "json")
    assert result.exit_code == 0, result.output
    assert "\x1b" not in result.stdout  # JSON writes it as \u001b
    names = {person["id"]: person["name"] for person in json.loads(result.stdout)["key_persons"]}
    assert names["wang"] == "王伟\u202eevil " + PAYLOADS["LINK"]


# -- a real terminal ------------------------------------------------------------------------------
def test_path_through_a_pseudo_terminal(tmp_path):
    """``powermap path`` in its own process, its output a pseudo-terminal: the bytes the
    terminal receives hold no escape, no BEL, no CR but the terminal's own line ends, and no
    bidi control; the names are there escaped and the Chinese name as it is."""
    import pty

    pickled = tmp_path / "account.pickle"
    pickled.write_bytes(pickle.dumps(evil_account()))
    (tmp_path / "evil.yaml").write_text("account: {id: placeholder, name: placeholder}\n", encoding="utf-8")
    child = (
        "import pickle, sys\n"
        "import powermap.loaders\n"
        f"account = pickle.loads(open({str(pickled)!r}, 'rb').read())\n"
        "powermap.loaders.load = lambda *args, **kwargs: account\n"
        "from powermap.cli import main\n"
        "sys.argv = ['powermap', 'path', 'evil.yaml', '--to', 'wang']\n"
        "main()\n"
    )
    leader, follower = pty.openpty()
    process = subprocess.Popen([sys.executable, "-c", child], stdin=subprocess.DEVNULL, stdout=follower,
                               stderr=subprocess.PIPE, cwd=tmp_path, env={**os.environ, "TERM": "xterm-256color"})
    os.close(follower)
    received = b""
    while True:
        try:
            chunk = os.read(leader, 65536)
        except OSError:  # the child closed the terminal
            break
        if not chunk:
            break
        received += chunk
    os.close(leader)
    assert process.wait(timeout=60) == 0, process.stderr.read()
    text = received.decode("utf-8")
    assert "\r\n" in text  # the terminal's own line ends, and no other CR
    assert_terminal_safe(text.replace("\r\n", "\n"), "CLEAR", "LINK", "CR", "RLO")
    assert text.startswith("Routes to 王伟\\u202eevil \\x1b]8;;http://evil\\x1b\\click\\x1b]8;;\\x1b\\, as of 2026-11-01:")
    assert b"\x1b" not in received + process.stderr.read()


# -- neo4j list ---------------------------------------------------------------------------------
@pytest.mark.neo4j
def test_neo4j_list_shows_what_any_client_wrote_escaped(run, neo4j_target, monkeypatch):
    for name, value in neo4j_target.environ().items():
        monkeypatch.setenv(name, value)
    account = evil_account("pmtest-safety")
    with neo4j_target.connect() as store:
        store.push(account)
        try:
            result = run("neo4j", "list")
        finally:
            store.delete(account.account.id)
    assert result.exit_code == 0, result.output
    line, = [line for line in result.stdout.splitlines() if line.startswith("pmtest-safety ")]
    assert line.endswith("  Evil Co \\x1b]0;pwned\\x07 [link=http://evil]x[/link] |")
    assert_terminal_safe(result.stdout, "TITLE", chinese=False)


def test_the_progress_line_shows_a_file_name_escaped():
    """The line on a watched terminal names the file being read: its ESC, BEL and RLO are
    shown escaped (the line's own cursor moves are the only escapes written)."""
    import io

    from powermap.progress import Progress

    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    stream = Terminal()
    with Progress(stream=stream, delay=0) as shown:
        shown.steps("{step} evil\x1b]0;pwned\x07\u202e.yaml", counted=False)("reading", 0, 2)
        written = stream.getvalue()
    assert "reading evil\\x1b]0;pwned\\x07\\u202e.yaml" in written
    assert "\x1b]" not in written and "\x07" not in written and "\u202e" not in written
