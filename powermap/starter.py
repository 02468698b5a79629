"""`powermap init`: a commented starter account a team fills in (English or Chinese)."""

from __future__ import annotations

import datetime as dt
import json
import re
from importlib import resources
from pathlib import Path
from string import Template

from .errors import OutputError
from .files import write_output

__all__ = ["account_id", "starter_path", "starter_text", "write_starter", "LANGUAGES"]

LANGUAGES = ("en", "zh")


def starter_path(name: str, form: str | None = None) -> Path:
    """The file ``init NAME`` writes: NAME itself if it ends in .yaml/.yml (or .xlsx), else
    NAME.yaml (NAME.xlsx for ``form="xlsx"``)."""
    path = Path(name)
    ending = path.suffix.lower()
    wanted = {"yaml": {".yaml", ".yml"}, "xlsx": {".xlsx"}}
    if ending in wanted.get(form or "", {".yaml", ".yml", ".xlsx"}):
        return path
    if ending in {".json", ".csv", ".xlsx", ".xlsm", ".xls", ".yaml", ".yml"}:
        raise OutputError(f"{name}: init writes a YAML file or an Excel workbook; give a name ending in .yaml or .xlsx "
                          "(powermap convert makes the other forms)")
    return path.with_name(path.name + (".xlsx" if form == "xlsx" else ".yaml"))


_HAN_RUN = re.compile(r"([\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+)")


def account_id(name: str) -> str:
    """An account id (lower-case letters, digits, '_' and '-') made from an account's name.

    Chinese characters are spelled in pinyin without tones, each run of them as one word
    (``华东电网`` -> ``huadongdianwang``, ``华东电网 ERP 二期`` -> ``huadongdianwang-erp-erqi``;
    pypinyin reads words, so ``重庆`` is ``chongqing``); other letters and digits are kept in
    lower case and anything else separates words. A name with nothing left (kana, emoji) gets
    ``account-`` and the first eight hex digits of its SHA-1, so two names never share an id
    by falling back to the same word.
    """
    pieces = _HAN_RUN.split(name)  # text, a run of Chinese, text, ...
    if len(pieces) > 1:
        from pypinyin import Style, lazy_pinyin  # only when there is Chinese to spell

        pieces[1::2] = ["".join(lazy_pinyin(run, style=Style.NORMAL)) for run in pieces[1::2]]
    slug = re.sub(r"[^a-z0-9_-]+", "-", "-".join(pieces).lower()).strip("-")
    slug = re.sub(r"-{2,}", "-", slug)
    if not slug:
        import hashlib

        slug = "account-" + hashlib.sha1(name.encode("utf-8")).hexdigest()[:8]
    return slug


def starter_text(path: Path, lang: str = "en", today: dt.date | None = None) -> str:
    """The starter account for a file at ``path``, its id and name taken from the file name."""
    template = resources.files("powermap").joinpath("templates", f"starter.{lang}.yaml").read_text("utf-8")
    stem = path.name[: -len(path.suffix)] if path.suffix else path.name
    return Template(template).substitute(
        file=path.name,
        account_id=account_id(stem),
        account_name=json.dumps(stem, ensure_ascii=False),
        today=(today or dt.date.today()).isoformat(),
    )


def write_starter(name: str, lang: str = "en", today: dt.date | None = None, form: str | None = None) -> Path:
    """Write the starter account (YAML, or a guided Excel workbook for ``form="xlsx"`` or a
    name ending in .xlsx); an existing file is never replaced."""
    path = starter_path(name, form)
    if path.suffix.lower() == ".xlsx":
        from .starter_workbook import write_starter_workbook

        write_starter_workbook(path, lang)
        return path
    text = starter_text(path, lang, today)
    write_output(path, lambda temporary: temporary.write_text(text, encoding="utf-8"))
    return path
