"""Writing a portfolio: text formats to a file or standard output, CSV via pandas, and an
HTML folder with an index page that links each account's map."""

from __future__ import annotations

import io
import sys
from pathlib import Path

from ..files import write_output
from ..i18n import N_p, text, translated
from ..portfolio import COLUMNS, Portfolio
from .whatif import portfolio_html, render_result

__all__ = ["write_portfolio", "csv_heading"]

# The CSV's column headings for a reader of another language than English (the JSON keys in
# English, as the report's CSV); id, name, grade and stage are the report's own headings.
_HEADINGS = {
    "coverage": N_p("portfolio column", "coverage"),
    "high_gaps": N_p("portfolio column", "high gaps"),
    "top_key_person": N_p("portfolio column", "top key person"),
    "top_risk": N_p("portfolio column", "top risk"),
    "support_index": N_p("portfolio column", "support index"),
    "next_action": N_p("portfolio column", "next action"),
    "top_key_person_name": N_p("portfolio column", "top key person's name"),
    "top_risk_name": N_p("portfolio column", "top risk's name"),
}


def csv_heading(key: str, lang: str = "en") -> str:
    """The heading of the portfolio CSV's column ``key`` in ``lang`` (the key itself in English)."""
    if lang == "en":
        return key
    said = _HEADINGS.get(key)
    if said is not None:
        return text(said, lang)
    from ..report import heading

    return heading("account", key, lang)


def _csv(result: Portfolio, lang: str = "en") -> str:
    """The rows as CSV a spreadsheet opens safely (see :mod:`powermap.render.csv_report`), the
    headings and the text in ``lang`` (ids and enumerated values as in the JSON)."""
    import pandas as pd

    from .csv_report import write_csv_frame

    buffer = io.StringIO(newline="")
    frame = pd.DataFrame(translated(result.to_dict()["accounts"], lang), columns=list(COLUMNS))
    write_csv_frame(frame.rename(columns=lambda key: csv_heading(key, lang)), buffer)
    return buffer.getvalue()


def _html_folder(result: Portfolio, folder: Path, lang: str = "en") -> None:
    from ..loaders import load
    from .map_model import build_map

    maps = {}
    for number, row in enumerate(result.accounts, 1):
        name = f"{number:03d}-map.html"  # ids may hold any character: file names are ours
        (folder / name).write_text(build_map(load(row["file"])).to_html(), encoding="utf-8")
        maps[row["file"]] = name
    (folder / "index.html").write_text(portfolio_html(result.to_dict() | {"accounts": result.accounts}, maps, lang),
                                       encoding="utf-8")


def write_portfolio(result: Portfolio, form: str, output: str | None, *, inputs: tuple = (), lang: str = "en") -> None:
    """Print or write the portfolio in ``form`` (html needs an output folder), in ``lang``."""
    if form == "html":
        write_output(output, lambda folder: _html_folder(result, folder, lang), overwrite=True, inputs=inputs, folder=True)
        return
    said = _csv(result, lang) if form == "csv" else render_result("portfolio", result.to_dict(), form, lang=lang)
    if output is None:
        sys.stdout.write(said)
        return
    # CSV carries its own CRLF line ends, and a byte-order mark, as the report's CSV files do,
    # so that a spreadsheet opening the file reads Chinese names as UTF-8
    newline, encoding = ("", "utf-8-sig") if form == "csv" else (None, "utf-8")
    write_output(output, lambda path: path.write_text(said, encoding=encoding, newline=newline), overwrite=True,
                 inputs=inputs)
