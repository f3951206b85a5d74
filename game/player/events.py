"""Typed input events: raw pygame events become these at one boundary, with mouse positions in logical pixels.

NamedTuples rather than dataclasses: they are made at start-up, and they are made faster.
"""
from __future__ import annotations

from typing import NamedTuple, Union


class KeyPress(NamedTuple):
    key: int
    mod: int = 0
    text: str = ""

    @property
    def shift(self) -> bool:
        import pygame

        return bool(self.mod & pygame.KMOD_SHIFT)

    @property
    def ctrl(self) -> bool:
        import pygame

        return bool(self.mod & (pygame.KMOD_CTRL | pygame.KMOD_META))


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
