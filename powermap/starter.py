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

__all__ = ["starter_path", "starter_text", "write_starter", "LANGUAGES"]

LANGUAGES = ("en", "zh")


def starter_path(name: str) -> Path:
    """The file ``init NAME`` writes: NAME itself if it ends in .yaml/.yml, else NAME.yaml."""
    path = Path(name)
    ending = path.suffix.lower()
    if ending in {".yaml", ".yml"}:
        return path
    if ending in {".json", ".csv", ".xlsx", ".xlsm", ".xls"}:
        raise OutputError(f"{name}: init writes a YAML file; give a name ending in .yaml (powermap convert makes the other forms)")
    return path.with_name(path.name + ".yaml")


def _account_id(stem: str) -> str:
    slug = re.sub(r"[^a-z0-9_-]+", "-", stem.lower()).strip("-")
    return slug or "account"


def starter_text(path: Path, lang: str = "en", today: dt.date | None = None) -> str:
    """The starter account for a file at ``path``, its id and name taken from the file name."""
    template = resources.files("powermap").joinpath("templates", f"starter.{lang}.yaml").read_text("utf-8")
    stem = path.name[: -len(path.suffix)] if path.suffix else path.name
    return Template(template).substitute(
        file=path.name,
        account_id=_account_id(stem),
        account_name=json.dumps(stem, ensure_ascii=False),
        today=(today or dt.date.today()).isoformat(),
    )


def write_starter(name: str, lang: str = "en", today: dt.date | None = None) -> Path:
    """Write the starter account; an existing file is never replaced."""
    path = starter_path(name)
    text = starter_text(path, lang, today)
    write_output(path, lambda temporary: temporary.write_text(text, encoding="utf-8"))
    return path
