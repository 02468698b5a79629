"""Pure analyses over the account graph; each result explains itself in ``reasons``."""

__all__ = ["Analysis"]


def __getattr__(name: str):
    # Imported on first use: a command imports powermap.analysis.engine before it loads its
    # file, and the analyses (networkx, numpy) only while or after the file loads.
    if name == "Analysis":
        from .account_analysis import Analysis

        return Analysis
    raise AttributeError(f"module 'powermap.analysis' has no attribute {name!r}")
