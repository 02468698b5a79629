"""The power map as a still image (PNG for slides, SVG for documents), drawn with matplotlib.

Same layout and styling as the interactive page, because both read one :class:`PowerMap`:
department boxes, styled relation lines (arrows on influence and advice, our contacts in
purple by closeness, dashed when stale), nodes shaped by buying role, filled by stance,
ringed by faction, sized by key-person score, faded when the person has left, labelled with
their name and badges; a title line and the legend the model gives for images
(``data["media"]["image"]["legend"]``, from ``map_style.legend_sections``).

This module is the entry point (:func:`render_static`) and writes the bytes; the drawing is
in :mod:`powermap.render.image`, one job a module:

- ``image.figure``: the figure's size and resolution, where the title, map and legend go,
  and each part drawn in turn;
- ``image.geometry``: the scale from model pixels to points, the map area, each person's
  centre and radius in points;
- ``image.labels``: where each name and badges line goes so that none overlaps another;
- ``image.people``: the people (one scatter per shape), their coverage marks, the department
  boxes and their names;
- ``image.lines``: relation and contact lines, arrowheads, the band of the routes;
- ``image.legend``: the model's legend sections, wrapped, flowed into columns and drawn;
- ``image.fonts``: the CJK font family, the drawing's matplotlib settings, text measured as
  drawn (:class:`~.image.fonts.Measure`), and missing glyphs turned into one
  :class:`StaticMapWarning`;
- ``image.paint``: the colours and marker symbols the others share.

Design choices, and why:

- **Draws what the model decided, nothing more.** Every colour, shape, size, badge, ring,
  department box (its members, colour and name), coverage mark, legend row and the looks of the medium
  (route band colour, plain border, opacities: ``data["media"]["image"]``) come from the
  model's data, so the image and the page cannot drift apart; ``render_static`` takes the
  model's ``data`` alone. What is worked out here is only what the image itself knows: the
  scale, where boxes and labels run in points, how text fits, which crowded labels to move
  or leave out (the model says who is ``notable``: placed first).
- **No global state.** matplotlib is imported lazily (``powermap --help`` stays quick); a
  local :class:`~matplotlib.figure.Figure` on the Agg canvas is drawn inside an
  ``rc_context`` that starts from matplotlib's defaults, so neither the caller's pyplot
  figures, their backend nor their ``matplotlibrc`` change the picture or are changed by it.
  The one lasting effect: a CJK font file found on the system but missing from a stale font
  cache (fonts installed after matplotlib first ran) is added to the font list, as a
  rebuilt cache would have it (``image.fonts``).
- **A slide.** The figure is 7.5 in tall (a PowerPoint slide) and as wide as the asked shape
  (16:9 by default), saved at the dpi that gives the asked pixels (1920 x 1080 by default):
  type keeps its size on the slide whatever the pixels (``image.figure``). The map fills the
  area the title and legend leave; an org chart's levels may spread to fill its height,
  keeping every position's order and grouping (``image.geometry``).
- **Geometry in points.** Model pixels are converted once to points (``image.geometry``), so
  marker radii, line widths, arrowheads, box padding and label offsets are all in one unit
  and stay round.
- **Collections, not artists per element.** Nodes are one scatter per shape
  (``image.people``); lines one collection per relation type in which edges that look alike
  share one compound path (and arrowheads likewise), computed with numpy (``image.lines``),
  so 10,000 people and 30,000 ties draw in seconds. In SVG each collection is a group with a
  stable id (``nodes-star``, ``edges-influences``, ``arrows-advises``, ``departments``,
  ``routes``); the ``nodes-*`` groups hold one element per person in model order, labels are
  ``label-<n>`` and ``badges-<n>`` with ``n`` the node's position in the model: raw ids never
  become SVG ids.
- **No text on top of another.** Every name, badges line and department name is measured
  with the figure's own renderer before it is drawn and placed, in order of importance, where
  it meets no node and no text already placed: under its person, else around it, wrapped,
  cut, or as badges alone; what fits nowhere is left out and the subtitle says how many
  (``image.labels``). The legend wraps its texts to its columns (``image.legend``).
- **Text stays text.** SVG uses ``svg.fonttype: none`` with DejaVu Sans then a CJK family,
  so viewers render Chinese names with their own fonts and the text stays searchable;
  matplotlib escapes it. Mathtext is off, so a ``$`` in a name is a dollar sign.
- **Deterministic.** ``svg.hashsalt`` is fixed and the date metadata dropped (here, when the
  bytes are written): the same map gives the same bytes.
"""

from __future__ import annotations

import contextlib
import io
import warnings

from .image.figure import DEFAULT_SIZE, draw
from .image.fonts import StaticMapWarning, cjk_font_family, quiet_font_log, report_warnings, settings

__all__ = ["STATIC_FORMATS", "DEFAULT_SIZE", "render_static", "figure_of", "cjk_font_family", "StaticMapWarning"]

STATIC_FORMATS = ("png", "svg")


def render_static(power_map, form: str, size: tuple[int, int] = DEFAULT_SIZE) -> bytes:
    """The map as PNG or SVG bytes.

    Parameters
    ----------
    power_map : a :class:`~powermap.render.map_model.PowerMap` (or its ``data`` dict).
    form : ``"png"`` or ``"svg"``.
    size : the picture's width and height in pixels (a PNG is exactly that; an SVG has that
        shape, 7.5 in tall). Default 1920 x 1080, a 16:9 slide.

    Emits a :class:`StaticMapWarning` (once) when names need glyphs no installed font has,
    typically Chinese text on a machine without a CJK font; the image is written anyway.
    """
    if form not in STATIC_FORMATS:
        raise ValueError(f"unknown image format {form!r}; expected one of {', '.join(STATIC_FORMATS)}")
    output = io.BytesIO()
    with _drawing() as caught:
        picture = draw(getattr(power_map, "data", power_map), size)
        metadata = {"Date": None} if form == "svg" else {"Software": None}
        picture.figure.savefig(output, format=form, dpi=picture.dpi, facecolor="white", metadata=metadata)
    report_warnings(caught, cjk_font_family())
    return output.getvalue()


def figure_of(power_map, size: tuple[int, int] = DEFAULT_SIZE):
    """The map drawn as a matplotlib :class:`~matplotlib.figure.Figure` (rendered once, so every
    text's ``get_window_extent()`` is where it is drawn), for a notebook or a test."""
    with _drawing():
        picture = draw(getattr(power_map, "data", power_map), size)
        picture.figure.canvas.draw()
    return picture.figure


@contextlib.contextmanager
def _drawing():
    """matplotlib's defaults and the image's settings, for this drawing only; the warnings
    raised meanwhile are collected."""
    import matplotlib
    import matplotlib.style

    cjk = cjk_font_family()
    with quiet_font_log(), warnings.catch_warnings(record=True) as caught, matplotlib.rc_context():
        warnings.simplefilter("always")
        matplotlib.style.use("default")
        matplotlib.rcParams.update(settings(cjk))
        yield caught
