"""`powermap report FILE -f pptx -o deck.pptx`: the deck read back with python-pptx, and
converted to PDF by a real LibreOffice (one page per slide, every row on its page)."""

from __future__ import annotations

import os
import re
import shutil
import subprocess

import pytest
from pptx import Presentation

from powermap.render.deck import MAX_ROWS
from conftest import EXAMPLES

KESTREL = EXAMPLES / "kestrel-manufacturing.yaml"
PROVINCIAL = EXAMPLES / "provincial-energy-group.yaml"

# From the examples' reports as a salesperson reads them (README, `powermap report`).
KESTREL_KEY = ["Harold Kestrel", "Margaret Lin", "Victor Sandoval", "Frank Moreland", "Hannah Webb"]
KESTREL_FIRST_ACTION = ("Get closer to Harold Kestrel (Founder and Chairman): ask Gordon Hale (who knows them), "
                        "or go through Priya Nair → Daniel Kestrel")
PROVINCIAL_KEY = ["张国栋", "王志远", "李建华", "赵立新", "吕文博", "高敏", "郑秀兰"]
PROVINCIAL_FIRST_ACTION = "加深与张国栋（党委书记、董事长）的关系：请认识此人的何建国牵线，或经陈凯明 → 王志远引荐"
PROVINCIAL_HEADINGS = ["权力结构：偏权式", "关键人", "覆盖缺口", "被忽视的风险", "不该接触的人：与之走近会连累我方",
                       "内线人选", "行动建议"]
ENGLISH_HEADINGS = ["Power structure: centralized", "Key persons", "Coverage gaps", "Ignored risks", "Inside contacts",
                    "Recommendations"]


@pytest.fixture(scope="module")
def decks(tmp_path_factory):
    """The two examples' decks, written by the command as a user runs it."""
    from click.testing import CliRunner

    from powermap.cli import cli

    folder = tmp_path_factory.mktemp("decks")
    for name, source in (("kestrel", KESTREL), ("provincial", PROVINCIAL)):
        result = CliRunner().invoke(cli, ["report", str(source), "-f", "pptx", "-o", str(folder / f"{name}.pptx")])
        assert result.exit_code == 0, result.output
    return folder


def titles(deck) -> list[str]:
    return [slide.shapes.title.text for slide in deck.slides]


def tables(slide) -> list:
    return [shape.table for shape in slide.shapes if shape.has_table]


def cells(deck, heading: str) -> list[list[str]]:
    """The rows (under the heading row) of the tables on the slides titled ``heading``,
    "heading (2/3)" or "heading（2/3）" included, in order."""
    rows = []
    for slide in deck.slides:
        if re.fullmatch(re.escape(heading) + r"( \(\d+/\d+\)|（\d+/\d+）)?", slide.shapes.title.text):
            for table in tables(slide):
                rows += [[cell.text for cell in row.cells] for row in list(table.rows)[1:]]
    return rows


@pytest.mark.parametrize("name, key, first_action, headings", [
    ("kestrel", KESTREL_KEY, KESTREL_FIRST_ACTION, ENGLISH_HEADINGS),
    ("provincial", PROVINCIAL_KEY, PROVINCIAL_FIRST_ACTION, PROVINCIAL_HEADINGS),
])
def test_the_deck_holds_the_key_persons_first_action_and_headings(decks, name, key, first_action, headings):
    deck = Presentation(decks / f"{name}.pptx")
    assert (deck.slide_width, deck.slide_height) == (12192000, 6858000)  # 13.333 x 7.5 in: 16:9
    shown = titles(deck)
    for heading in headings:
        assert any(re.fullmatch(re.escape(heading) + r"( \(\d+/\d+\)|（\d+/\d+）)?", title) for title in shown), heading
    key_heading, action_heading = ("关键人", "行动建议") if name == "provincial" else ("Key persons", "Recommendations")
    assert [row[1] for row in cells(deck, key_heading)] == key
    recommendations = cells(deck, action_heading)
    assert recommendations[0][:2] == ["1", first_action]
    assert len(recommendations) == 10  # --top 10, as in the table format


def test_the_title_slide_and_the_map(decks):
    deck = Presentation(decks / "provincial.pptx")
    first = deck.slides[0]
    words = [shape.text_frame.text for shape in first.shapes if shape.has_text_frame]
    assert "东岚省能源投资集团 智慧能源管控平台暨集团ERP一体化项目" in words
    assert "A级，提案阶段，集权文化，截至2026-11-15\npowermap" in words
    mapped = [slide for slide in deck.slides if slide.shapes.title.text.startswith("权力地图：")]
    assert len(mapped) == 1
    pictures = [shape for shape in mapped[0].shapes if shape.shape_type == 13]  # MSO_SHAPE_TYPE.PICTURE
    assert len(pictures) == 1 and pictures[0].image.content_type == "image/png"
    picture = pictures[0]
    assert picture.left >= 0 and picture.top >= 0
    assert picture.left + picture.width <= deck.slide_width and picture.top + picture.height <= deck.slide_height


@pytest.mark.parametrize("name", ["kestrel", "provincial"])
def test_tables_fit_their_slides(decks, name):
    deck = Presentation(decks / f"{name}.pptx")
    split = 0
    for slide in deck.slides:
        for table in tables(slide):
            assert len(table.rows) - 1 <= MAX_ROWS
            for row in table.rows:
                for cell in row.cells:
                    for paragraph in cell.text_frame.paragraphs:
                        for run in paragraph.runs:
                            assert run.font.size.pt >= 12
                            ea = run._r.rPr.find("{http://schemas.openxmlformats.org/drawingml/2006/main}ea")
                            assert ea is not None and ea.get("typeface")
        split += bool(re.search(r"[(（]2/\d+[)）]$", slide.shapes.title.text))
    assert split  # the long lists of both examples go on over two slides or more


def test_pptx_needs_an_output_file(run):
    result = run("report", KESTREL, "-f", "pptx")
    assert result.exit_code == 2
    assert result.output.strip().splitlines() == ["--format pptx writes a PowerPoint deck, not text: give -o FILE.pptx"]


def test_top_applies_to_the_deck(run, tmp_path):
    target = tmp_path / "top.pptx"
    result = run("report", KESTREL, "-f", "pptx", "--top", "2", "-o", target)
    assert result.exit_code == 0, result.output
    deck = Presentation(target)
    assert [row[1] for row in cells(deck, "Key persons")] == KESTREL_KEY[:2]
    assert len(cells(deck, "Recommendations")) == 2


def test_the_deck_never_replaces_its_input(run, tmp_path):
    source = tmp_path / "kestrel.yaml"
    source.write_bytes(KESTREL.read_bytes())
    result = run("report", source, "-f", "pptx", "-o", source)
    assert result.exit_code == 3
    assert source.read_bytes() == KESTREL.read_bytes()


def test_account_text_shows_as_written(tmp_path):
    """Control, bidi and invisible characters (which a database may hand over) are written
    escaped, as on the terminal, and the deck still opens; markup stays text."""
    from test_output_safety import evil_account

    from powermap.render.report import write_report
    from powermap.report import analyze

    target = tmp_path / "evil.pptx"
    write_report(analyze(evil_account(), top=10), "pptx", target)
    deck = Presentation(target)
    assert titles(deck)[0] == "Evil Co \\x1b]0;pwned\\x07 [link=http://evil]x[/link] |"
    names = [row[1] for row in cells(deck, "Key persons")]
    assert "王伟\\u202eevil \\x1b]8;;http://evil\\x1b\\click\\x1b]8;;\\x1b\\" in names
    assert "Li\\rOverwrite | ![](http://tracker/x.png)" in names
    every = "".join(cell for rows in (cells(deck, title) for title in titles(deck)) for row in rows for cell in row)
    assert not re.search("[\x00-\x1f\x7f-\x9f\u202a-\u202e]", every)


def _tools() -> None:
    missing = [tool for tool in ("soffice", "pdftotext", "pdfinfo") if shutil.which(tool) is None]
    if missing:
        if os.environ.get("CI"):
            pytest.fail(f"{', '.join(missing)} missing: install libreoffice-impress-nogui and poppler-utils")
        pytest.skip(f"{', '.join(missing)} missing")


def _squeezed(text: str) -> str:
    return re.sub(r"\s+", "", text)


def test_libreoffice_shows_every_slide_and_row(decks, tmp_path):
    _tools()
    profile = tmp_path / "profile"
    subprocess.run(["soffice", f"-env:UserInstallation={profile.as_uri()}", "--headless", "--convert-to", "pdf",
                    "--outdir", str(tmp_path), str(decks / "kestrel.pptx"), str(decks / "provincial.pptx")],
                   check=True, capture_output=True, timeout=300)
    for name, top in (("kestrel", "Harold Kestrel"), ("provincial", "张国栋")):
        deck = Presentation(decks / f"{name}.pptx")
        pdf = tmp_path / f"{name}.pdf"
        info = subprocess.run(["pdfinfo", str(pdf)], check=True, capture_output=True, text=True).stdout
        assert int(re.search(r"^Pages:\s+(\d+)", info, re.M).group(1)) == len(deck.slides)
        pages = subprocess.run(["pdftotext", "-enc", "UTF-8", str(pdf), "-"], check=True, capture_output=True,
                               text=True).stdout.split("\f")
        assert top in pages[0] + pages[3]  # the title slide names the account; the key persons' first
        # Text that runs off a page is not in its text: the end of every cell of each table's last
        # row is on the slide's page, so no row was pushed past the slide's foot.
        for slide, page in zip(deck.slides, pages):
            assert _squeezed(slide.shapes.title.text)[:8] in _squeezed(page)
            for table in tables(slide):
                for cell in list(table.rows)[-1].cells:
                    assert _squeezed(cell.text)[-6:] in _squeezed(page), (slide.shapes.title.text, cell.text)
        if name == "provincial":
            assert "关键人" in pages[3] and "权力结构：偏权式" in _squeezed(pages[1])


# An account whose names make table rows taller than a slide: the chairman's name alone takes
# more lines than a slide holds in the 2-inch Person column; six others take a third of a slide
# each, one of them in Chinese (a CJK character about twice as wide as a Latin one).
TALL_CHAIRMAN = "Chairman " + "of the Board and of the Supervisory Committee " * 22 + "Wang"
TALL_MEMBERS = [f"Member {number} " + "Alexandra-Konstantinopoulou " * 7 + "Smith" for number in range(1, 6)]
TALL_CHINESE = "张" + "国栋同志暨集团公司党委书记董事长" * 8


def _tall_account(folder):
    from conftest import account_file

    people = [{"id": "chair", "name": TALL_CHAIRMAN, "title": "Chairman", "roles": ["decision_maker", "funder"]}]
    people += [{"id": f"m{number}", "name": name, "title": "Director", "reports_to": "chair", "roles": ["evaluator"]}
               for number, name in enumerate(TALL_MEMBERS, 1)]
    people.append({"id": "zhang", "name": TALL_CHINESE, "title": "Deputy", "reports_to": "chair", "roles": ["evaluator"]})
    return account_file(folder, {"account": {"id": "tall", "name": "Tall Rows Co"}, "stakeholders": people}, "tall.yaml")


SHORTENED_EN = "… marks text shortened to fit the slide; powermap report (Markdown or HTML) shows it in full"
SHORTENED_ZH = "…表示为放进本页而截短的文字；powermap report（Markdown 或 HTML）显示全文"


def _notes(slide) -> list[str]:
    return [shape.text_frame.text for shape in slide.shapes
            if shape.has_text_frame and shape != slide.shapes.title and shape.text_frame.text.startswith("…")]


@pytest.mark.parametrize("lang, heading, note", [("en", "Key persons", SHORTENED_EN), ("zh", "关键人", SHORTENED_ZH)])
def test_a_row_taller_than_a_slide_is_shortened_with_a_note(run, tmp_path, lang, heading, note):
    target = tmp_path / f"tall-{lang}.pptx"
    result = run("report", _tall_account(tmp_path), "-f", "pptx", "-o", target, "--lang", lang)
    assert result.exit_code == 0, result.output
    deck = Presentation(target)
    names = [row[1] for row in cells(deck, heading)]
    assert len(names) >= 6
    chair = next(name for name in names if name.startswith("Chairman of the Board"))
    assert chair.endswith("…") and TALL_CHAIRMAN.startswith(chair[:-1]) and len(chair) < len(TALL_CHAIRMAN)
    # The others fit a slide as they are, a few to a slide.
    others = [name for name in names if name != chair]
    assert set(others) <= set(TALL_MEMBERS + [TALL_CHINESE]) and TALL_CHINESE in others
    slides = [slide for slide in deck.slides if slide.shapes.title.text.startswith(heading)]
    assert len(slides) >= 3
    assert [_notes(slide) for slide in slides] == [[note] if any(row[1] == chair for row in
                                                                 [[c.text for c in r.cells] for r in tables(slide)[0].rows])
                                                   else [] for slide in slides]


def test_libreoffice_shows_every_row_of_a_deck_with_tall_rows(run, tmp_path):
    _tools()
    target = tmp_path / "tall.pptx"
    assert run("report", _tall_account(tmp_path), "-f", "pptx", "-o", target, "--lang", "en").exit_code == 0
    profile = tmp_path / "profile"
    subprocess.run(["soffice", f"-env:UserInstallation={profile.as_uri()}", "--headless", "--convert-to", "pdf",
                    "--outdir", str(tmp_path), str(target)], check=True, capture_output=True, timeout=300)
    deck = Presentation(target)
    pdf = tmp_path / "tall.pdf"
    info = subprocess.run(["pdfinfo", str(pdf)], check=True, capture_output=True, text=True).stdout
    assert int(re.search(r"^Pages:\s+(\d+)", info, re.M).group(1)) == len(deck.slides)
    pages = subprocess.run(["pdftotext", "-enc", "UTF-8", str(pdf), "-"], check=True, capture_output=True,
                           text=True).stdout.split("\f")
    tall = 0
    for slide, page in zip(deck.slides, pages):
        for table in tables(slide):
            for cell in list(table.rows)[-1].cells:  # the end of the last row is on the page
                assert _squeezed(cell.text)[-6:] in _squeezed(page), (slide.shapes.title.text, cell.text)
            for row in list(table.rows)[1:]:
                tall += sum(len(cell.text) > 150 for cell in row.cells)
        for note in _notes(slide):
            assert _squeezed(note) in _squeezed(page)
    assert tall >= 6  # the tall names were all on the slides
