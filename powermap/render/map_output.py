"""Writing a power map in the form asked for: HTML page, PNG or SVG image."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

from ..errors import OutputError, UsageError
from ..files import write_output
from ..i18n import say
from ..model import AccountMap

__all__ = ["MAP_FORMATS", "map_target", "default_target", "image_size", "write_map"]

MAP_FORMATS = ("html", "png", "svg")
_SIZE_PIXELS = re.compile(r"\s*(\d{1,6})\s*[xX×]\s*(\d{1,6})\s*")
_SIZE_SHAPE = re.compile(r"\s*(\d{1,3})\s*:\s*(\d{1,3})\s*")
_SIDE_PX = (320, 8000)  # each side of a picture, in pixels
_SHAPE_HEIGHT_PX = 1080  # the height of a picture asked by its shape (16:9 -> 1920 x 1080)


def image_size(value: str | None, form: str) -> tuple[int, int] | None:
    """The pixels asked by ``--size`` (``None`` for the default, 1920 x 1080): ``WxH`` in pixels
    (``1280x720``), or a shape ``W:H`` 1080 pixels tall (``4:3`` is 1440 x 1080). Each side is
    320 to 8000 pixels, and one is at most 4 times the other; anything else, or a size for an
    HTML page, is a usage error said in one line."""
    if value is None:
        return None
    if form not in ("png", "svg"):
        raise UsageError(say("--size is for a PNG or SVG picture; the HTML page fills the browser window"))
    pixels, shape = _SIZE_PIXELS.fullmatch(value), _SIZE_SHAPE.fullmatch(value)
    if pixels:
        width, height = int(pixels.group(1)), int(pixels.group(2))
    elif shape and int(shape.group(1)) and int(shape.group(2)):
        height = _SHAPE_HEIGHT_PX
        width = round(height * int(shape.group(1)) / int(shape.group(2)))
    else:
        raise UsageError(say("--size {value}: not a size; give width x height in pixels (1920x1080) or a shape (16:9, 4:3)",
                             value=value))
    low, high = _SIDE_PX
    if not (low <= width <= high and low <= height <= high):
        raise UsageError(say("--size {value}: each side must be {low} to {high} pixels (this is {width} x {height})",
                             value=value, low=low, high=high, width=width, height=height))
    if max(width, height) > 4 * min(width, height):
        raise UsageError(say("--size {value}: too long and thin; one side may be at most 4 times the other",
                             value=value))
    return width, height


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
              progress: Callable[[str, int, int], None] | None = None, size: tuple[int, int] | None = None,
              **options) -> Path:
    """Build the map and write it atomically to ``target`` (never over an input).

    ``size`` is a picture's width and height in pixels (:func:`image_size`; default 1920 x 1080).

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
        from .static_map import DEFAULT_SIZE, render_static

        content = render_static(power_map, form, size or DEFAULT_SIZE)
    write_output(target, lambda path: path.write_bytes(content), overwrite=True, inputs=inputs)
    if progress:
        progress("done", steps[0] + 1, steps[0] + 1)
    return Path(target)
