"""The report as CSV tables, one file per section, in a folder (via pandas).

The files are made to be opened in a spreadsheet: text that a spreadsheet would run as a
formula (a name like ``=HYPERLINK(...)``) gets a leading ``'`` (:func:`powermap.cells.quote`),
numbers stay numbers, and lines end in CRLF so that every field holding a CR or LF is quoted.
"""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

from ..cells import quote
from ..report import Report

__all__ = ["write_csv_folder", "write_csv_frame"]


def write_csv_frame(frame: Any, target: Any, **options: Any) -> None:
    """Write a pandas DataFrame as spreadsheet-safe CSV to a path or an open text stream.

    pandas writes rows with the csv module; its default line end is ``"\\n"``, and the csv
    module quotes only the characters of its line end, so a lone CR inside a name went out
    unquoted and a spreadsheet started a new row there. With ``"\\r\\n"`` both are quoted.
    """
    from pandas.api.types import is_numeric_dtype

    text = {name: column.map(quote) for name, column in frame.items() if not is_numeric_dtype(column)}
    frame = frame.assign(**text) if text else frame
    frame.to_csv(target, index=False, quoting=csv.QUOTE_MINIMAL, lineterminator="\r\n", **options)


def write_csv_folder(report: Report, folder: Path, lang: str = "en") -> None:
    """Write ``<section>.csv`` for every section into an existing, empty folder, headings and
    text in ``lang``."""
    for section, frame in report.to_frames(lang).items():
        write_csv_frame(frame, folder / f"{section}.csv", encoding="utf-8-sig")
