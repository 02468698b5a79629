"""The report as a PowerPoint deck (``powermap report FILE -f pptx -o deck.pptx``), drawn with
python-pptx, for the account team's meeting.

One 16:9 slide per part, in the report's language and in the words the terminal and Markdown
reports use: a title slide (the account, its grade, stage, culture and date, "powermap"), the
power structure (its shape and evidence), the power map (the PNG export of ``powermap map``,
fitted to the slide), then the key persons, coverage gaps, ignored risks, the avoid list, inside
contacts and recommendations, each a table.

Design choices, and why:

- **Every table fits its slide.** A table never holds more than :data:`MAX_ROWS` rows under its
  heading, and fewer when their text is long: the height of each row is estimated from its
  text (every cell wrapped at its column's width, a CJK character as wide as the font is
  high, any other as :data:`LATIN_WIDTH` of it, which is wider than Calibri and as wide as
  the DejaVu Sans that LibreOffice falls back to), and a table that would run past the slide's
  foot goes on over as many slides as it needs, their titles numbered "(1/3)", "(2/3)"... A
  row taller than a whole slide (a very long reason, a list of many names) is cut short: each
  cell too tall keeps the lines that fit, ending in "…", and a note in the slide's foot says so
  and where the full text is. Text
  is :data:`TABLE_PT` points in tables (14 pt; 12 is the least a room reads), larger elsewhere.
- **Chinese shows everywhere.** Each run names its East Asian font (``a:ea``):
  :data:`EAST_ASIAN_FONT`, "Microsoft YaHei", which Windows and Office for Mac ship, so the
  deck looks the same on the machines account teams present from; LibreOffice, which lacks it,
  uses an installed CJK font instead (on Debian, WenQuanYi Zen Hei or Noto Sans CJK). Latin
  text keeps the theme's font (Calibri).
- **Account text shows as written, and nothing else.** Names, titles and reasons go into the
  deck as :func:`powermap.render.safe.terminal_text` shows them on a terminal: a control, bidi
  or invisible character is written escaped (``\\x1b``, ``\\u202e``), which also keeps out
  what an XML file cannot hold.
- **python-pptx only here.** It is imported when a deck is drawn, so ``powermap --help`` and
  the other formats never load it.
"""

from __future__ import annotations

import io
import unicodedata

from ..i18n import N_, say, text as said, translate, translated
from ..report import Report
from .safe import terminal_text
from .terminal import SEPARATORS, account_facts, person_names
from .words import word

__all__ = ["render_deck", "EAST_ASIAN_FONT", "MAX_ROWS", "TABLE_PT"]

EAST_ASIAN_FONT = "Microsoft YaHei"
MAX_ROWS = 10  # rows of a table on one slide, under its heading row
TABLE_PT = 14  # the text of tables, in points (12 at the least, what a room reads)
TITLE_PT = 28
BODY_PT = 18
NOTE_PT = 12  # the note under a table whose text was shortened
LATIN_WIDTH = 0.56  # a non-CJK character's width, in ems (an upper bound for Calibri and DejaVu Sans)

# The slide (16:9) and where things go on it, in inches.
SLIDE_W, SLIDE_H = 13.333, 7.5
MARGIN = 0.5
TITLE_TOP, TITLE_H = 0.3, 0.9
BODY_TOP = 1.3
BODY_BOTTOM = SLIDE_H - 0.4
CELL_MARGIN_X, CELL_MARGIN_Y = 0.08, 0.05  # inside each cell, left/right and top/bottom
LINE = 1.2  # line height, in ems

# Said under a table where a row too tall for a slide was cut short.
_SHORTENED = N_("… marks text shortened to fit the slide; powermap report (Markdown or HTML) shows it in full")

HEADER_FILL = (0x1F, 0x3A, 0x5F)
BAND_FILL = (0xEE, 0xF2, 0xF7)


def _char_width(char: str) -> float:
    """A character's width in ems: wide (CJK, full-width) 1, any other :data:`LATIN_WIDTH`."""
    return 1.0 if unicodedata.east_asian_width(char) in ("W", "F") else LATIN_WIDTH


def text_lines(value: str, width_in: float, points: float) -> int:
    """How many lines ``value`` takes wrapped in a box ``width_in`` inches wide at ``points``:
    wrapped at spaces, and anywhere between wide (CJK) characters, as PowerPoint wraps; a word
    longer than the line is broken."""
    room = width_in * 72 / points  # in ems
    lines = 0
    for paragraph in str(value).split("\n"):
        lines += 1
        used = 0.0
        for token in _tokens(paragraph):
            size = sum(_char_width(char) for char in token)
            if token.isspace():  # spaces at the end of a line take no room on the next
                used = min(used + size, room)
                continue
            if used + size <= room:
                used += size
                continue
            if used > 0:
                lines += 1
            while size > room:
                lines += 1
                size -= room
            used = size
    return max(lines, 1)


def _tokens(paragraph: str) -> list[str]:
    """The pieces a line may break between: runs of spaces, words (a hyphen ends one: a line
    may break after it), single wide characters."""
    tokens: list[str] = []
    kinds: list[str] = []
    for char in paragraph:
        kind = "space" if char.isspace() else "wide" if _char_width(char) == 1.0 else "word"
        if kinds and kinds[-1] == kind and kind != "wide" and not (kind == "word" and tokens[-1].endswith("-")):
            tokens[-1] += char
        else:
            tokens.append(char)
            kinds.append(kind)
    return tokens


def row_height(cells: list[str], widths: list[float], points: float = TABLE_PT) -> float:
    """The height in inches a table row of ``cells`` needs in columns ``widths`` (inches)."""
    lines = max(text_lines(cell, width - 2 * CELL_MARGIN_X, points) for cell, width in zip(cells, widths))
    return lines * points * LINE / 72 + 2 * CELL_MARGIN_Y


ELLIPSIS = "…"


def shortened(value: str, width_in: float, lines: int, points: float = TABLE_PT) -> str:
    """``value`` cut, with :data:`ELLIPSIS` at its end, to the longest beginning that takes at
    most ``lines`` lines in a box ``width_in`` inches wide at ``points`` (``value`` itself when
    it fits)."""
    if text_lines(value, width_in, points) <= lines:
        return value
    low, high = 0, len(value)  # the longest beginning that fits is at least low, less than high
    while high - low > 1:
        middle = (low + high) // 2
        if text_lines(value[:middle].rstrip() + ELLIPSIS, width_in, points) <= lines:
            low = middle
        else:
            high = middle
    return value[:low].rstrip() + ELLIPSIS


def fitted(row: list[str], widths: list[float], room: float, points: float = TABLE_PT) -> list[str]:
    """``row`` with every cell too tall for ``room`` inches shortened (:func:`shortened`) to the
    lines that fit in it; the row itself when it fits."""
    if row_height(row, widths, points) <= room:
        return row
    lines = max(int((room - 2 * CELL_MARGIN_Y) * 72 / (points * LINE)), 1)
    return [shortened(cell, width - 2 * CELL_MARGIN_X, lines, points) for cell, width in zip(row, widths)]


def pages(rows: list[list[str]], widths: list[float], header: list[str]) -> tuple[list[list[list[str]]], list[bool]]:
    """``rows`` split into the slides they fill: at most :data:`MAX_ROWS` a slide, and no more
    than fit between the table's top and the slide's foot; a row taller than that alone is
    shortened to fit (:func:`fitted`). With each slide's rows, whether one was shortened."""
    room = BODY_BOTTOM - BODY_TOP - row_height(header, widths)
    split: list[list[list[str]]] = [[]]
    cut: list[bool] = [False]
    used = 0.0
    for row in rows:
        shown = fitted(row, widths, room)
        height = row_height(shown, widths)
        if split[-1] and (len(split[-1]) >= MAX_ROWS or used + height > room):
            split.append([])
            cut.append(False)
            used = 0.0
        split[-1].append(shown)
        cut[-1] = cut[-1] or shown is not row
        used += height
    return split, cut


def render_deck(report: Report, lang: str = "en") -> bytes:
    """The report as the bytes of a .pptx deck in ``lang``."""
    from pptx import Presentation
    from pptx.dml.color import RGBColor
    from pptx.enum.text import MSO_ANCHOR, PP_ALIGN
    from pptx.oxml.ns import qn
    from pptx.util import Emu, Inches, Pt

    def t(msgid: str) -> str:
        return translate(msgid, lang)

    clauses, _ = SEPARATORS.get(lang, SEPARATORS["en"])
    data = translated(report.to_dict(), lang)
    head = data["account"]
    people = person_names(report.account)
    stance_of = {person.id: person.stance.value for person in report.account.stakeholders}

    deck = Presentation()
    deck.slide_width, deck.slide_height = Emu(12192000), Emu(6858000)  # PowerPoint's 16:9, 13.333 x 7.5 in
    deck.core_properties.title = terminal_text(head["name"])
    deck.core_properties.author = "powermap"
    title_only, title_slide = deck.slide_layouts[5], deck.slide_layouts[0]

    def style(run, points: float, *, bold: bool = False, color=None) -> None:
        """A run's size, weight, colour and East Asian font."""
        font = run.font
        font.size = Pt(points)
        font.bold = bold
        if color:
            font.color.rgb = RGBColor(*color)
        properties = run._r.get_or_add_rPr()
        properties.set("lang", "zh-CN" if lang == "zh" else "en-US")  # for spelling and line breaking
        for old in properties.findall(qn("a:ea")):
            properties.remove(old)
        east_asian = properties.makeelement(qn("a:ea"), {"typeface": EAST_ASIAN_FONT})
        latin = properties.find(qn("a:latin"))
        after = [qn(tag) for tag in ("a:cs", "a:sym", "a:hlinkClick", "a:hlinkMouseOver", "a:rtl", "a:extLst")]
        following = next((child for child in properties if child.tag in after), None)
        if latin is not None:
            latin.addnext(east_asian)
        elif following is not None:
            following.addprevious(east_asian)
        else:
            properties.append(east_asian)

    def fill(frame, paragraphs: list[str], points: float, *, bold: bool = False, color=None, align=None,
             bullet: bool = False) -> None:
        frame.word_wrap = True
        frame.clear()
        for index, line in enumerate(map(terminal_text, paragraphs)):
            paragraph = frame.paragraphs[0] if index == 0 else frame.add_paragraph()
            if align is not None:
                paragraph.alignment = align
            run = paragraph.add_run()
            run.text = f"• {line}" if bullet else line
            style(run, points, bold=bold, color=color)
            if bullet:
                paragraph.space_after = Pt(points * 0.5)

    def slide_titled(title: str):
        title = terminal_text(title)
        slide = deck.slides.add_slide(title_only)
        shape = slide.shapes.title
        shape.left, shape.top, shape.width, shape.height = (Inches(MARGIN), Inches(TITLE_TOP),
                                                            Inches(SLIDE_W - 2 * MARGIN), Inches(TITLE_H))
        width = SLIDE_W - 2 * MARGIN - 0.2
        points = next((size for size in (TITLE_PT, 24, 20) if text_lines(title, width, size) == 1), 20)
        fill(shape.text_frame, [title], points, bold=True, color=HEADER_FILL, align=PP_ALIGN.LEFT)
        shape.text_frame.vertical_anchor = MSO_ANCHOR.MIDDLE
        return slide

    def text_slide(title: str, lines: list[str]) -> None:
        slide = slide_titled(title)
        box = slide.shapes.add_textbox(Inches(MARGIN), Inches(BODY_TOP), Inches(SLIDE_W - 2 * MARGIN),
                                       Inches(BODY_BOTTOM - BODY_TOP))
        fill(box.text_frame, lines, BODY_PT, bullet=True)

    def table_slides(title: str, columns: list[tuple[str, float]], rows: list[list[str]]) -> None:
        """``rows`` under the headings of ``columns`` (msgid, width as a share of the slide),
        over as many slides as they need; "None." when there are none."""
        header = [t(msgid) for msgid, _ in columns]
        rows = [[terminal_text(value) for value in row] for row in rows]
        total = sum(share for _, share in columns)
        widths = [(SLIDE_W - 2 * MARGIN) * share / total for _, share in columns]
        if not rows:
            text_slide(title, [t(N_("None."))])
            return
        split, cut = pages(rows, widths, header)
        opening, closing = ("（", "）") if lang == "zh" else (" (", ")")
        for number, (chunk, shortened_here) in enumerate(zip(split, cut), 1):
            slide = slide_titled(title if len(split) == 1 else f"{title}{opening}{number}/{len(split)}{closing}")
            heights = [row_height(header, widths)] + [row_height(row, widths) for row in chunk]
            shape = slide.shapes.add_table(len(chunk) + 1, len(columns), Inches(MARGIN), Inches(BODY_TOP),
                                           Inches(SLIDE_W - 2 * MARGIN), Inches(sum(heights)))
            grid = shape.table
            grid.first_row, grid.horz_banding = True, False
            for column, width in zip(grid.columns, widths):
                column.width = Inches(width)
            for row, height in zip(grid.rows, heights):
                row.height = Inches(height)
            for index, values in enumerate([header] + chunk):
                for cell, value in zip(grid.rows[index].cells, values):
                    cell.margin_left = cell.margin_right = Inches(CELL_MARGIN_X)
                    cell.margin_top = cell.margin_bottom = Inches(CELL_MARGIN_Y)
                    cell.vertical_anchor = MSO_ANCHOR.TOP
                    cell.fill.solid()
                    if index == 0:
                        cell.fill.fore_color.rgb = RGBColor(*HEADER_FILL)
                        fill(cell.text_frame, [value], TABLE_PT, bold=True, color=(0xFF, 0xFF, 0xFF))
                    else:
                        cell.fill.fore_color.rgb = RGBColor(*(BAND_FILL if index % 2 == 0 else (0xFF, 0xFF, 0xFF)))
                        fill(cell.text_frame, [value], TABLE_PT, color=(0x20, 0x20, 0x20))
            if shortened_here:  # under the table, in the slide's foot
                note = slide.shapes.add_textbox(Inches(MARGIN), Inches(BODY_BOTTOM), Inches(SLIDE_W - 2 * MARGIN),
                                                Inches(SLIDE_H - BODY_BOTTOM))
                fill(note.text_frame, [t(_SHORTENED)], NOTE_PT, color=(0x60, 0x60, 0x60))
                note.text_frame.margin_top = note.text_frame.margin_bottom = Inches(0.02)

    def who(item: dict) -> str:
        return people.get(item["id"], item["name"])

    # The title slide: the account, its facts and date, and who made the deck.
    slide = deck.slides.add_slide(title_slide)
    slide.shapes.title.left, slide.shapes.title.width = Inches(MARGIN), Inches(SLIDE_W - 2 * MARGIN)
    slide.shapes.title.top, slide.shapes.title.height = Inches(2.0), Inches(2.0)
    fill(slide.shapes.title.text_frame, [head["name"]], 36, bold=True, color=HEADER_FILL)
    subtitle = slide.placeholders[1]
    subtitle.left, subtitle.top = Inches(MARGIN), Inches(4.2)
    subtitle.width, subtitle.height = Inches(SLIDE_W - 2 * MARGIN), Inches(1.5)
    fill(subtitle.text_frame, [account_facts(report, lang), "powermap"], 20, color=(0x40, 0x40, 0x40))

    # The power structure: its shape, and the evidence for it.
    structure = data["power_structure"]
    shape = word("shape", structure["shape"], lang)
    text_slide(said(say("Power structure: {shape}", shape=shape), lang), list(structure["evidence"]))

    # The map, as `powermap map -f png` draws it, fitted to the slide.
    picture = _map_png(report, lang)
    slide = slide_titled(said(say("Power map: {name}", name=head["name"]), lang))
    width_px, height_px = _png_size(picture)
    room_w, room_h = SLIDE_W - 2 * MARGIN, BODY_BOTTOM - BODY_TOP
    scale = min(room_w / width_px, room_h / height_px)
    width, height = width_px * scale, height_px * scale
    slide.shapes.add_picture(io.BytesIO(picture), Inches(MARGIN + (room_w - width) / 2), Inches(BODY_TOP),
                             Inches(width), Inches(height))

    table_slides(t(N_("Key persons")), [(N_("#"), 0.5), (N_("Person"), 2.0), (N_("Score"), 0.8), (N_("Stance"), 1.2),
                                        (N_("Why"), 7.8)], [
        [f"={p.rank}" if p.tied else str(p.rank), who({"id": p.id, "name": p.name}), f"{p.score:.2f}",
         word("stance", stance_of[p.id], lang), clauses.join(said(reason, lang) for reason in p.reasons[:3])]
        for p in report.key_persons.key[: report.top]
    ])
    table_slides(t(N_("Coverage gaps")), [(N_("Severity"), 1.2), (N_("Kind"), 2.0), (N_("Gap"), 9.1)], [
        [word("severity", gap["severity"], lang), word("gap", gap["kind"], lang), gap["message"]]
        for gap in data["coverage_gaps"]
    ])
    table_slides(t(N_("Ignored risks")), [(N_("Person"), 2.2), (N_("Score"), 0.8), (N_("Why"), 9.3)], [
        [who(item), f"{item['score']:.2f}", clauses.join(item["reasons"])] for item in data["ignored_risks"]
    ])
    if data["avoid"]:
        table_slides(t(N_("Avoid: being seen with them costs us")), [(N_("Person"), 2.2), (N_("Why"), 10.1)], [
            [who(item), clauses.join(item["reasons"])] for item in data["avoid"]
        ])
    table_slides(t(N_("Inside contacts")), [(N_("Person"), 1.9), (N_("Score"), 0.8), (N_("Why"), 5.6), (N_("Risks"), 4.0)], [
        [who(item), f"{item['score']:.2f}", clauses.join(item["reasons"]), clauses.join(item["risks"])]
        for item in data["inside_contacts"]
    ])
    table_slides(t(N_("Recommendations")), [(N_("#"), 0.5), (N_("Action"), 4.8), (N_("Why"), 7.0)], [
        [str(index), item["action"], item["why"]] for index, item in enumerate(data["recommendations"], 1)
    ])

    output = io.BytesIO()
    deck.save(output)
    return output.getvalue()


def _map_png(report: Report, lang: str = "en") -> bytes:
    """The account's power map as ``powermap map -f png`` draws it, on the report's date, in
    ``lang``."""
    from .map_model import build_map
    from .static_map import render_static

    analysis = report.analysis
    options = {"as_of": report.as_of, "lang": lang}
    if analysis is not None:
        options.update(stale_days=analysis.stale_days, engine=analysis.engine)
    return render_static(build_map(report.account, **options), "png")


def _png_size(content: bytes) -> tuple[int, int]:
    """A PNG's width and height in pixels, from its header."""
    if content[:8] != b"\x89PNG\r\n\x1a\n":
        raise ValueError("the map image is not a PNG")
    return int.from_bytes(content[16:20], "big"), int.from_bytes(content[20:24], "big")
