"""Curtain Light: a narrative game about hikikomori, driven by a YAML story graph."""

__version__ = "0.1.0"
GAME_TITLE = "Curtain Light"
