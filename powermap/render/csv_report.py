"""The report as CSV tables, one file per section, in a folder (via pandas)."""

from __future__ import annotations

from pathlib import Path

from ..report import Report

__all__ = ["write_csv_folder"]


def write_csv_folder(report: Report, folder: Path) -> None:
    """Write ``<section>.csv`` for every section into an existing, empty folder."""
    for section, frame in report.to_frames().items():
        frame.to_csv(folder / f"{section}.csv", index=False, encoding="utf-8-sig")
