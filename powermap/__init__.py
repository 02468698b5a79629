"""powermap: map who really decides in a buying organisation, whom we miss, who helps us.

The package is imported by the command line, so this module stays light: the public API is
imported on first use.

>>> import powermap
>>> account = powermap.load("examples/kestrel-manufacturing.yaml")  # doctest: +SKIP
>>> report = powermap.analyze(account)  # doctest: +SKIP
"""

from __future__ import annotations

__version__ = "0.1.0"

__all__ = ["__version__", "load", "read_account", "Analysis", "analyze", "build_map", "to_pyvis", "AccountMap",
           "AccountError"]


def __getattr__(name: str):
    if name in {"load", "read_account"}:
        from . import loaders

        return getattr(loaders, name)
    if name == "Analysis":
        from .analysis.account_analysis import Analysis

        return Analysis
    if name == "analyze":
        from .report import analyze

        return analyze
    if name == "build_map":
        from .render.map_model import build_map

        return build_map
    if name == "to_pyvis":
        return to_pyvis
    if name == "AccountMap":
        from .model import AccountMap

        return AccountMap
    if name == "AccountError":
        from .errors import AccountError

        return AccountError
    raise AttributeError(f"module 'powermap' has no attribute {name!r}")


def to_pyvis(account_or_map, **options):
    """A :class:`pyvis.network.Network` of the power map, for restyling in a notebook.

    Takes an account (the map is built with default options) or a map from
    :func:`build_map`. For a page to share, use ``build_map(account).to_html()``: pyvis's own
    ``show`` loads scripts from a CDN and writes ``lib/`` beside the page.
    """
    from .render.map_model import PowerMap, build_map

    power_map = account_or_map if isinstance(account_or_map, PowerMap) else build_map(account_or_map)
    return power_map.to_pyvis(**options)
