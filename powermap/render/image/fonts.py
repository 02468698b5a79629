"""Fonts and text in the still image: the family for Chinese names, the drawing's settings,
how wide a text is, and missing glyphs reported as one warning."""

from __future__ import annotations

import contextlib
import functools
import logging
import re
import warnings
from typing import Any

_FONT = "DejaVu Sans"
_CJK_FAMILIES = (
    "WenQuanYi Zen Hei", "WenQuanYi Micro Hei", "Noto Sans CJK SC", "Noto Sans CJK JP", "Noto Sans SC",
    "Source Han Sans SC", "Source Han Sans CN", "Source Han Sans", "Microsoft YaHei", "PingFang SC",
    "Hiragino Sans GB", "SimHei", "Heiti SC", "Droid Sans Fallback", "AR PL UMing CN",
)
_CJK_FILES = re.compile(r"wqy|wenquanyi|notosanscjk|notoserifcjk|sourcehan|msyh|pingfang|simhei|droidsansfallback|uming|ukai",
                        re.IGNORECASE)
CJK_TEXT = re.compile(r"[\u2e80-\u9fff\uac00-\ud7af\uf900-\ufaff\uff00-\uffef]")
_GLYPH_WARNING = re.compile(r"Glyph (\d+) .*missing from (current )?font")


class StaticMapWarning(UserWarning):
    """Something the image cannot show as asked (e.g. Chinese text without a CJK font)."""


@functools.lru_cache(maxsize=1)
def cjk_font_family() -> str | None:
    """The name of an installed font family that has Chinese glyphs, or ``None``.

    Looks in matplotlib's font list first; when a CJK font was installed after matplotlib
    built its cache, finds the file among the system fonts and adds it to the list.
    """
    from matplotlib import font_manager

    found = _known_cjk(font_manager.fontManager)
    if found:
        return found
    for path in sorted(font_manager.findSystemFonts()):
        if _CJK_FILES.search(path.replace("-", "").replace("_", "")):
            try:
                font_manager.fontManager.addfont(path)
            except (OSError, RuntimeError, ValueError):
                continue
    return _known_cjk(font_manager.fontManager)


def _known_cjk(manager) -> str | None:
    names = {entry.name for entry in manager.ttflist}
    return next((family for family in _CJK_FAMILIES if family in names), None)


def settings(cjk: str | None) -> dict[str, Any]:
    """Settings of the drawing, applied on top of matplotlib's defaults, never globally."""
    return {
        # Fallback works between the named families of font.family (not inside "sans-serif").
        "font.family": [_FONT] + ([cjk] if cjk else []) + ["sans-serif"],
        "font.sans-serif": [_FONT],
        "text.usetex": False,
        "text.parse_math": False,
        "axes.unicode_minus": False,
        "lines.scale_dashes": False,  # the image's dash patterns are in points, not line widths
        "svg.fonttype": "none",
        "svg.hashsalt": "powermap",
        "path.simplify": False,
    }


class Measure:
    """Text sizes in points, as the figure's own renderer will draw them (fonts, fallback to
    the CJK family, kerning), so label boxes are known before anything is drawn."""

    def __init__(self, figure):
        self._renderer = figure.canvas.get_renderer()
        self._scale = 72.0 / figure.dpi
        self._props: dict = {}
        self._sizes: dict = {}

    def _prop(self, size: float, weight: str):
        from matplotlib.font_manager import FontProperties

        key = (size, weight)
        if key not in self._props:
            self._props[key] = FontProperties(size=size, weight=weight)
        return self._props[key]

    def line(self, text: str, size: float, weight: str = "normal") -> tuple[float, float]:
        """Width and height of one line of text, in points, as matplotlib lays a line out: the
        taller of the text's and "lp"'s ascent over the deeper of their descents (a Chinese
        name rises higher than "l" and a Latin "p" hangs lower than any Chinese character)."""
        key = (text, size, weight)
        if key not in self._sizes:
            prop = self._prop(size, weight)
            width, height, descent = self._renderer.get_text_width_height_descent(text or " ", prop, ismath=False)
            _, line_height, line_descent = self._renderer.get_text_width_height_descent("lp", prop, ismath=False)
            tall = max(height - descent, line_height - line_descent) + max(descent, line_descent)
            self._sizes[key] = (width * self._scale if text else 0.0, tall * self._scale)
        return self._sizes[key]

    def width(self, text: str, size: float, weight: str = "normal") -> float:
        return self.line(text, size, weight)[0]

    def fit(self, text: str, width: float, size: float, weight: str = "normal") -> str:
        """``text`` cut with an ellipsis to ``width`` points (empty when not even "x…" fits)."""
        if self.width(text, size, weight) <= width:
            return text
        low, high = 0, len(text)
        while low < high:  # the longest prefix that fits with the ellipsis
            middle = (low + high + 1) // 2
            if self.width(text[:middle].rstrip() + "…", size, weight) <= width:
                low = middle
            else:
                high = middle - 1
        return text[:low].rstrip() + "…" if low else ""

    def wrap(self, text: str, width: float, size: float, weight: str = "normal") -> list[str]:
        """``text`` in lines of at most ``width`` points: broken at spaces, or between any two
        Chinese characters; a word wider than a line is cut with an ellipsis."""
        if self.width(text, size, weight) <= width:
            return [text]
        lines: list[str] = []
        current = ""
        for piece in _pieces(text):
            trial = current + piece
            if not current or self.width(trial.rstrip(), size, weight) <= width:
                current = trial
                continue
            lines.append(current.rstrip())
            current = piece.lstrip()
        if current.strip():
            lines.append(current.rstrip())
        return [self.fit(line, width, size, weight) for line in lines]


_PIECE = re.compile(r"[\u2e80-\u9fff\uac00-\ud7af\uf900-\ufaff\uff00-\uffef][，。、；：）」』]?|[^\s\u2e80-\u9fff\uac00-\ud7af\uf900-\ufaff\uff00-\uffef]+\s*|\s+")


def _pieces(text: str) -> list[str]:
    """Where a line may break: after a word and its spaces, or after a Chinese character (with a
    closing punctuation mark kept on its line)."""
    return _PIECE.findall(text) or [text]


@contextlib.contextmanager
def quiet_font_log():
    """Hush matplotlib's "findfont: Failed to find font weight normal ... using 500" log lines
    while drawing: CJK fonts often come in one medium weight, which is what we want."""
    logger = logging.getLogger("matplotlib.font_manager")
    level = logger.level
    logger.setLevel(max(level, logging.ERROR))
    try:
        yield
    finally:
        logger.setLevel(level)


def report_warnings(caught: list, cjk: str | None) -> None:
    """Missing glyphs become one warning; any other warning is passed on as it was.

    Called by ``render_static`` itself, so the warning points at the line that called it."""
    missing: set[str] = set()
    for warning in caught:
        match = _GLYPH_WARNING.search(str(warning.message))
        if match:
            missing.add(chr(int(match.group(1))))
            continue
        warnings.warn_explicit(warning.message, warning.category, warning.filename, warning.lineno)
    if not missing:
        return
    if any(CJK_TEXT.match(char) for char in missing) and cjk is None:
        message = ("Chinese text needs a CJK font, and none was found: names show as empty boxes in the PNG "
                   "(SVG viewers use their own fonts). Install one, e.g. `apt-get install fonts-wqy-zenhei` "
                   "or Noto Sans CJK.")
    else:
        message = f"no installed font has these characters, shown as boxes: {''.join(sorted(missing))}"
    warnings.warn(message, StaticMapWarning, stacklevel=3)
