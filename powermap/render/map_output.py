"""Writing a power map in the form asked for: HTML page, PNG or SVG image."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from ..errors import OutputError
from ..files import write_output
from ..i18n import say
from ..model import AccountMap

__all__ = ["MAP_FORMATS", "map_target", "default_target", "write_map"]

MAP_FORMATS = ("html", "png", "svg")


def map_target(output: str | None, form: str | None) -> tuple[str, str | None]:
    """The format (from ``--format``, else the output's ending, else html) and the output path."""
    ending = Path(output).suffix.lower().lstrip(".") if output else ""
    if form is None:
        form = ending if ending in MAP_FORMATS else "html"
    if output and ending and ending != form and not (form == "html" and ending == "htm"):
        raise OutputError(say("{output}: the ending does not match --format {form}; use .{form}", output=str(output), form=form))
    return form, output


def default_target(account_id: str, form: str) -> str:
    """The file ``powermap map`` writes without ``-o``: ``ACCOUNT-ID.html`` (or .png, .svg).

    Account ids are lower-case letters, digits, ``_`` and ``-`` of any length: an id over 100
    characters is cut to 90 and ends in a hash of the whole id, so that the name fits every
    file system and two long ids still name two files; a leading ``-`` (read as an option) is
    dropped."""
    import zlib

    name = account_id.lstrip("-") or "account"
    if len(name) > 100:
        name = f"{name[:90]}-{zlib.crc32(account_id.encode('utf-8')):08x}"
    return f"{name}.{form}"


def write_map(account: AccountMap, target: str | Path, form: str, *, inputs: tuple = (),
              progress: Callable[[str, int, int], None] | None = None, **options) -> Path:
    """Build the map and write it atomically to ``target`` (never over an input).

    ``progress(step, done, total)`` is told the steps of :func:`build_map` and then
    ``"drawing"`` (the page or image), and once more with ``done == total`` at the end.
    """
    from .map_model import build_map

    steps = [0]

    def building(step: str, done: int, total: int) -> None:
        steps[0] = total
        if progress and done < total:
            progress(step, done, total + 1)

    power_map = build_map(account, progress=building, **options)
    if progress:
        progress("drawing", steps[0], steps[0] + 1)
    if form == "html":
        content = power_map.to_html().encode("utf-8")
    else:
        from .static_map import render_static

        content = render_static(power_map, form)
    write_output(target, lambda path: path.write_bytes(content), overwrite=True, inputs=inputs)
    if progress:
        progress("done", steps[0] + 1, steps[0] + 1)
    return Path(target)
