"""Writing a report in the format asked for, to standard output or atomically to a file."""

from __future__ import annotations

import io
from collections.abc import Iterable
from pathlib import Path
from typing import TextIO

from ..errors import OutputError, UsageError
from ..files import write_output
from ..i18n import say
from ..report import Report

__all__ = ["FORMATS", "report_text", "write_report"]

FORMATS = ("table", "markdown", "json", "csv", "pptx")


def report_text(report: Report, form: str, *, color: bool | None = False, lang: str = "en") -> str:
    """The report as text in one of the text formats (table, markdown, json), in ``lang``."""
    if form == "json":
        from .json_report import render_json

        return render_json(report, lang)
    if form == "markdown":
        from .markdown import render_markdown

        return render_markdown(report, lang)
    if form == "table":
        from .terminal import render_terminal

        buffer = io.StringIO()
        render_terminal(report, buffer, color=color, width=120, lang=lang)
        return buffer.getvalue()
    raise OutputError(say("the {form} format is not text", form=form))


def write_report(report: Report, form: str, target: str | Path | None, *, inputs: tuple = (), stdout: TextIO | None = None,
                 lang: str = "en") -> None:
    """Print the report (``target`` None) or write it atomically, in ``lang``; csv needs a
    folder target, pptx a file.

    An existing output is replaced (reports are regenerated), but never one of ``inputs``.
    """
    if form == "csv":
        if target is None:
            raise OutputError(say("--format csv writes one file per section into a folder: give -o FOLDER"))
        from .csv_report import write_csv_folder

        write_output(target, lambda folder: write_csv_folder(report, folder, lang), overwrite=True, inputs=inputs, folder=True)
        return
    if form == "pptx":
        if target is None:
            raise UsageError(say("--format pptx writes a PowerPoint deck, not text: give -o FILE.pptx"))
        from .deck import render_deck

        content = render_deck(report, lang)
        write_output(target, lambda path: path.write_bytes(content), overwrite=True, inputs=inputs)
        return
    if target is None:
        if form == "table":
            from .terminal import render_terminal

            render_terminal(report, stdout, lang=lang)
        else:
            stdout.write(report_text(report, form, lang=lang))
        return
    if form == "json":  # written a piece at a time, as each is made (json_pieces): a big report's text is never joined
        from .json_report import json_pieces

        pieces = json_pieces(report, lang)
        write_output(target, lambda path: _write_pieces(path, pieces), overwrite=True, inputs=inputs)
        return
    text = report_text(report, form, lang=lang)
    write_output(target, lambda path: path.write_text(text, encoding="utf-8"), overwrite=True, inputs=inputs)


def _write_pieces(path: Path, pieces: Iterable[str]) -> None:
    """Write ``pieces`` one after another, as ``path.write_text("".join(pieces), encoding="utf-8")`` would."""
    with path.open("w", encoding="utf-8") as stream:
        stream.writelines(pieces)
