"""Turning results into text, tables and files; renderers take results, never a backend."""
