"""The names and badges of the still image, placed so that no two texts overlap.

Every text of the map (department names, then each person's name and badges line) gets a box
measured with the figure's own renderer (:class:`.fonts.Measure`) before it is drawn. People
are taken in order of importance (the model's ``notable`` first: our team, badged key persons,
coaches and risks, the ``--focus`` and ``--path-to`` people and those on a route; then by
key-person rank and score; then in the model's order), and each label is tried, in turn:

1. under its node, then above, to the right, to the left, and at the four corners;
2. a long name (wider than :data:`WRAP_PT`) on two lines first, then on one;
3. the name cut with an ellipsis to :data:`SHORT_PT`;
4. the badges alone (the marks of a key person, coach or risk matter more than the name);

and the first place that stays inside the map and clear of every node, every department name
and every label already placed is taken. A label that fits nowhere is left out, and the
subtitle says how many names were (:attr:`Labels.left_out`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import NamedTuple

from .fonts import Measure
from .geometry import Frame, Nodes
from .paint import BADGE_COLOR, TEXT

LABEL_PT, BADGE_PT = 7.0, 6.5
WRAP_PT = 90.0  # a name wider than this is tried on two lines first
SHORT_PT = 60.0  # a name that fits nowhere whole is tried cut to this width
_GAP = 1.5  # points between a node and its label
_AIR = 1.2  # points kept clear on every side of a text
_CELL = 48.0  # points: the side of a cell of the grid that finds neighbouring boxes
_MAX_TRIED = 3000  # people beyond this many (in order of importance) are not tried
_SMALLEST_PT = 6.0  # points: no label is shorter (one line of badges)
_HALO = {"boxstyle": "round,pad=0.08", "facecolor": (1, 1, 1, 0.7), "edgecolor": "none"}  # names readable over lines


class Box(NamedTuple):
    """A rectangle in points of the map area (y grows downwards)."""

    left: float
    top: float
    right: float
    bottom: float


class Grid:
    """Boxes already taken, found by the cells they cover."""

    def __init__(self) -> None:
        self._cells: dict[tuple[int, int], list[Box]] = {}

    def _keys(self, box: Box):
        for i in range(int(box.left // _CELL), int(box.right // _CELL) + 1):
            for j in range(int(box.top // _CELL), int(box.bottom // _CELL) + 1):
                yield i, j

    def add(self, box: Box) -> None:
        for key in self._keys(box):
            self._cells.setdefault(key, []).append(box)

    def remove(self, box: Box) -> None:
        for key in self._keys(box):
            self._cells[key].remove(box)

    def hits(self, box: Box, air: float = _AIR) -> bool:
        """Whether ``box``, grown by ``air`` on every side, meets a box taken."""
        grown = Box(box.left - air, box.top - air, box.right + air, box.bottom + air)
        for key in self._keys(grown):
            for other in self._cells.get(key, ()):
                if grown.left < other.right and other.left < grown.right and grown.top < other.bottom \
                        and other.top < grown.bottom:
                    return True
        return False


class Line(NamedTuple):
    """One line of text drawn in the map: ``x`` is its anchor (``ha``), ``top`` its top."""

    text: str
    x: float
    top: float
    ha: str
    size: float
    badge: bool  # the badges line (bold, in the badge colour)
    box: Box


@dataclass
class Labels:
    """What each node (model order) has written by it, and how many names were left out."""

    lines: list[list[Line]]
    left_out: int  # people whose name is not written (crowded); their badges may be
    extent: list[Box] = field(default_factory=list)  # each node with its label


def _block(texts: list[tuple[str, float, bool]], measure: Measure) -> tuple[list[tuple[str, float, bool, float, float]], float, float]:
    sized = [(said, size, badge, *measure.line(said, size, "bold" if badge else "normal")) for said, size, badge in texts]
    return sized, max(width for *_, width, _ in sized), sum(height for *_, height in sized)


def _variants(name: str, badges: str, measure: Measure) -> list[list[tuple[str, float, bool]]]:
    """The label's forms, best first: lines of (text, size, is the badges line)."""
    tail = [(badges, BADGE_PT, True)] if badges else []
    forms: list[list[str]] = []
    if name:
        whole = measure.width(name, LABEL_PT)
        wrapped = measure.wrap(name, WRAP_PT, LABEL_PT)
        if whole > WRAP_PT and len(wrapped) == 2:
            forms.append(wrapped)
        elif whole > WRAP_PT and len(wrapped) > 2:
            forms.append([wrapped[0], measure.fit(" ".join(wrapped[1:]) if " " in name else "".join(wrapped[1:]),
                                                  WRAP_PT, LABEL_PT)])
        forms.append([name])
        short = measure.fit(name, SHORT_PT, LABEL_PT)
        if short != name and short:
            forms.append([short])
    found = [[(line, LABEL_PT, False) for line in form] + tail for form in forms]
    if tail:
        found.append(tail)
    return found


def _places(x: float, y: float, reach: float, width: float, height: float):
    """Top-left corners and the alignment of the lines, around a node: below, above, right,
    left, then the four corners."""
    near = reach + _GAP
    corner = reach * 0.75 + _GAP
    yield x - width / 2, y + near, "center"
    yield x - width / 2, y - near - height, "center"
    yield x + near + 1, y - height / 2, "left"
    yield x - near - 1 - width, y - height / 2, "right"
    yield x + corner, y + corner, "left"
    yield x - corner - width, y + corner, "right"
    yield x + corner, y - corner - height, "left"
    yield x - corner - width, y - corner - height, "right"


def _order(items: list[dict]) -> list[int]:
    def key(number: int):
        node = items[number]
        rank = node.get("rank")
        return (not node.get("notable"), rank if rank is not None else float("inf"), -float(node.get("score") or 0.0),
                number)

    return sorted(range(len(items)), key=key)


def place_labels(nodes: Nodes, frame: Frame, measure: Measure, taken: Grid) -> Labels:
    """Each node's name and badges where they collide with nothing in ``taken`` (the nodes and
    department names already there), in order of importance; every label placed is added to
    ``taken``."""
    count = len(nodes.items)
    lines: list[list[Line]] = [[] for _ in range(count)]
    extent = [Box(float(nodes.x[n]) - nodes.reach[n], float(nodes.y[n]) - nodes.reach[n],
                  float(nodes.x[n]) + nodes.reach[n], float(nodes.y[n]) + nodes.reach[n]) for n in range(count)]
    left_out = 0
    for tried, number in enumerate(_order(nodes.items)):
        node = nodes.items[number]
        name = node.get("name") or ""
        badges = " · ".join(node.get("badges") or ())
        if not name and not badges:
            continue
        placed = tried < _MAX_TRIED and _place(number, name, badges, nodes, frame, measure, taken)
        if placed:
            lines[number] = placed
            box = _union([line.box for line in placed])
            extent[number] = _union([extent[number], box])
        if name and not (placed and not placed[0].badge):
            left_out += 1
    return Labels(lines, left_out, extent)


def _place(number: int, name: str, badges: str, nodes: Nodes, frame: Frame, measure: Measure, taken: Grid) -> list[Line]:
    x, y, reach = float(nodes.x[number]), float(nodes.y[number]), nodes.reach[number]
    # A label at a place holds any smaller label at that place (same anchor), so where the
    # smallest of this person's forms collides every form does: those places are not tried,
    # and a person with none left is passed over without wrapping a word (most people of a
    # crowded map). No form is narrower than the whole name, a cut name (never much under
    # SHORT_PT) or the badges alone, nor shorter than one line of badges.
    widths = ([measure.width(name, LABEL_PT), 0.7 * SHORT_PT] if name else []) + \
        ([measure.width(badges, BADGE_PT, "bold")] if badges else [])
    smallest = (min(widths), _SMALLEST_PT)
    free = [_fits(Box(left, top, left + smallest[0], top + smallest[1]), frame, taken)
            for left, top, _ in _places(x, y, reach, *smallest)]
    if not any(free):
        return []
    for texts in _variants(name, badges, measure):
        sized, width, height = _block(texts, measure)
        for place, (left, top, ha) in enumerate(_places(x, y, reach, width, height)):
            if not free[place]:
                continue
            box = Box(left, top, left + width, top + height)
            if not _fits(box, frame, taken):
                continue
            placed, line_top = [], top
            for said, size, badge, line_width, line_height in sized:
                anchor = left + width / 2 if ha == "center" else left if ha == "left" else left + width
                start = anchor - line_width / 2 if ha == "center" else anchor if ha == "left" else anchor - line_width
                placed.append(Line(said, anchor, line_top, ha, size, badge,
                                   Box(start, line_top, start + line_width, line_top + line_height)))
                line_top += line_height
            taken.add(box)
            return placed
    return []


def _fits(box: Box, frame: Frame, taken: Grid) -> bool:
    """Inside the map and clear of everything taken."""
    inside = box.left >= _AIR and box.top >= _AIR and box.right <= frame.width - _AIR and box.bottom <= frame.height - _AIR
    return inside and not taken.hits(box)


def _union(boxes: list[Box]) -> Box:
    return Box(min(b.left for b in boxes), min(b.top for b in boxes), max(b.right for b in boxes),
               max(b.bottom for b in boxes))


def node_boxes(nodes: Nodes, taken: Grid, marks: list[Box] = ()) -> None:
    """Every node (and its coverage mark) as a box labels keep clear of."""
    for number in range(len(nodes.items)):
        x, y, reach = float(nodes.x[number]), float(nodes.y[number]), nodes.reach[number]
        taken.add(Box(x - reach, y - reach, x + reach, y + reach))
    for box in marks:
        taken.add(box)


def draw_labels(ax, nodes: Nodes, labels: Labels) -> None:
    """Each node's lines: the name (one or two lines) then the badges line in the badge colour.
    The first line of a name is ``label-<n>``, a second ``label-<n>-2``; the badges line
    ``badges-<n>``, with ``n`` the node's position in the model."""
    for number, lines in enumerate(labels.lines):
        alpha = 0.55 if nodes.items[number].get("faded") else 1.0
        name_lines = 0
        for line in lines:
            if line.badge:
                gid = f"badges-{number}"
            else:
                name_lines += 1
                gid = f"label-{number}" if name_lines == 1 else f"label-{number}-{name_lines}"
            ax.text(line.x, line.top, line.text, fontsize=line.size, color=BADGE_COLOR if line.badge else TEXT,
                    fontweight="bold" if line.badge else "normal", alpha=alpha, ha=line.ha, va="top", zorder=3,
                    gid=gid, clip_on=False, bbox=_HALO)
