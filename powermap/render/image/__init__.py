"""The parts of the still image (PNG/SVG) of the power map; the entry point, and the notes on
how it is drawn and why, are in :mod:`powermap.render.static_map`."""
