"""The colours and marker symbols that the parts of the still image share."""

from __future__ import annotations

import functools
from typing import NamedTuple

TEXT, BADGE_COLOR = "#222222", "#8c2d04"


class Marker(NamedTuple):
    """A matplotlib marker, and the factor that makes it look as big as a dot of the same size."""

    symbol: str
    scale: float


# vis-network shapes (the model's) -> matplotlib markers
MARKERS = {"dot": Marker("o", 1.0), "star": Marker("*", 1.45), "diamond": Marker("D", 0.8),
           "square": Marker("s", 0.9), "triangle": Marker("^", 1.1), "triangleDown": Marker("v", 1.1),
           "hexagon": Marker("h", 1.05)}


def marker_of(shape: str | None) -> Marker:
    """The marker of a model shape; a dot for a shape the image does not know."""
    return MARKERS.get(shape or "dot", MARKERS["dot"])


@functools.lru_cache(maxsize=512)
def rgba(color: str, alpha: float = 1.0) -> tuple:
    from matplotlib.colors import to_rgba

    return to_rgba(color, alpha)


def looks_of(data: dict) -> dict:
    """The image's looks that no single element carries (route colour, borders, opacities)."""
    return data["media"]["image"]
