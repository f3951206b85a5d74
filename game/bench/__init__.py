"""Measurements that print figures (`main.py bench`): the story tools' in `story.py`, the player's in `player.py`.

This package may import the player and the tools; nothing but `game.cli` imports it.
"""
from __future__ import annotations


def verdict(ok: bool) -> str:
    """How every benchmark line ends: whether its figure is within its target."""
    return "meets the target" if ok else "MISSES the target"
