"""Typed input events: raw pygame events become these at one boundary, with mouse positions in logical pixels.

NamedTuples rather than dataclasses: they are made at start-up, and they are made faster.
"""
from __future__ import annotations

from typing import NamedTuple, Union


class KeyPress(NamedTuple):
    """A key, already turned into what it does (game/player/input/keymap.py); screens read `actions`."""

    chord: str  # the key with its modifiers, as the keymap names it ("ctrl+z"): for binding keys in Settings
    actions: tuple[str, ...] = ()
    text: str = ""
    repeat: bool = False  # the key is still held from an earlier press (only navigation actions repeat)
    began: float = 0.0  # when the key went down (time.monotonic()): a choice needs a press begun after it showed

    def means(self, action: str) -> bool:
        return action in self.actions


class Click(NamedTuple):
    x: float
    y: float
    button: int = 1

    @property
    def pos(self) -> tuple[float, float]:
        return (self.x, self.y)


class PointerMove(NamedTuple):
    x: float
    y: float

    @property
    def pos(self) -> tuple[float, float]:
        return (self.x, self.y)


class Wheel(NamedTuple):
    """Positive `steps` scrolls towards the top (wheel away from the player)."""

    steps: float
    x: float = 0.0
    y: float = 0.0


InputEvent = Union[KeyPress, Click, PointerMove, Wheel]
