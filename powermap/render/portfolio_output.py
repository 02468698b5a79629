"""Writing a portfolio: text formats to a file or standard output, CSV via pandas, and an
HTML folder with an index page that links each account's map."""

from __future__ import annotations

import io
import sys
from pathlib import Path

from ..files import write_output
from ..portfolio import COLUMNS, Portfolio
from .whatif import portfolio_html, render_result

__all__ = ["write_portfolio"]


def _csv(result: Portfolio) -> str:
    """The rows as CSV a spreadsheet opens safely (see :mod:`powermap.render.csv_report`)."""
    import pandas as pd

    from .csv_report import write_csv_frame

    buffer = io.StringIO(newline="")
    write_csv_frame(pd.DataFrame(result.to_dict()["accounts"], columns=list(COLUMNS)), buffer)
    return buffer.getvalue()


def _html_folder(result: Portfolio, folder: Path) -> None:
    from ..loaders import load
    from .map_model import build_map

    maps = {}
    for number, row in enumerate(result.accounts, 1):
        name = f"{number:03d}-map.html"  # ids may hold any character: file names are ours
        (folder / name).write_text(build_map(load(row["file"])).to_html(), encoding="utf-8")
        maps[row["file"]] = name
    (folder / "index.html").write_text(portfolio_html(result.to_dict() | {"accounts": result.accounts}, maps), encoding="utf-8")


def write_portfolio(result: Portfolio, form: str, output: str | None, *, inputs: tuple = (), lang: str = "en") -> None:
    """Print or write the portfolio in ``form`` (html needs an output folder), in ``lang``."""
    if form == "html":
        write_output(output, lambda folder: _html_folder(result, folder), overwrite=True, inputs=inputs, folder=True)
        return
    text = _csv(result) if form == "csv" else render_result("portfolio", result.to_dict(), form, lang=lang)
    if output is None:
        sys.stdout.write(text)
        return
    # CSV carries its own CRLF line ends, and a byte-order mark, as the report's CSV files do,
    # so that a spreadsheet opening the file reads Chinese names as UTF-8
    newline, encoding = ("", "utf-8-sig") if form == "csv" else (None, "utf-8")
    write_output(output, lambda path: path.write_text(text, encoding=encoding, newline=newline), overwrite=True,
                 inputs=inputs)
