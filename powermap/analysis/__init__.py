"""Pure analyses over the account graph; each result explains itself in ``reasons``."""
