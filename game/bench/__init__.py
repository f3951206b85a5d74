"""Measurements that print figures (`main.py bench`): the story tools' in `story.py`, the player's in `player.py`.

This package may import the player and the tools; nothing but `game.cli` imports it.
"""
from __future__ import annotations

from typing import Callable


def verdict(ok: bool) -> str:
    """How every benchmark line ends: whether its figure is within its target."""
    return "meets the target" if ok else "MISSES the target"


def run_sections(sections: "list[Callable[[], list[str]]]") -> list[str]:
    """Run each measurement, printing its lines as they come; one that breaks is reported, not fatal."""
    lines: list[str] = []
    for section in sections:
        try:
            produced = section()
        except Exception as error:  # one broken measurement should not hide the others
            produced = [f"{getattr(section, '__name__', 'a benchmark')}: could not run: {error}"]
        for line in produced:
            print(line, flush=True)
        lines.extend(produced)
    return lines
