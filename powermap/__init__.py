"""powermap: map who really decides in a buying organisation, whom we miss, who helps us.

The package is imported by the command line, so this module stays light: the public API is
imported on first use.

>>> import powermap
>>> account = powermap.load("examples/kestrel-manufacturing.yaml")  # doctest: +SKIP
>>> report = powermap.analyze(account)  # doctest: +SKIP
"""

from __future__ import annotations

__version__ = "0.1.0"

__all__ = ["__version__", "load", "read_account", "analyze", "AccountMap", "AccountError"]


def __getattr__(name: str):
    if name in {"load", "read_account"}:
        from . import loaders

        return getattr(loaders, name)
    if name == "analyze":
        from .report import analyze

        return analyze
    if name == "AccountMap":
        from .model import AccountMap

        return AccountMap
    if name == "AccountError":
        from .errors import AccountError

        return AccountError
    raise AttributeError(f"module 'powermap' has no attribute {name!r}")
