"""Defaults of the analyses that the command line shows as its own.

This module imports nothing, so the command line reads its defaults from here without slowing
``powermap --help``.
"""

__all__ = ["STALE_DAYS"]

# A contact whose latest date is more than this many days before the account's as_of is stale.
STALE_DAYS = 90
