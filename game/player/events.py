"""Typed input events: raw pygame events become these at one boundary, with mouse positions in logical pixels."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Union


@dataclass(frozen=True)
class KeyPress:
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


@dataclass(frozen=True)
class Click:
    x: float
    y: float
    button: int = 1

    @property
    def pos(self) -> tuple[float, float]:
        return (self.x, self.y)


@dataclass(frozen=True)
class PointerMove:
    x: float
    y: float

    @property
    def pos(self) -> tuple[float, float]:
        return (self.x, self.y)


@dataclass(frozen=True)
class Wheel:
    """Positive `steps` scrolls towards the top (wheel away from the player)."""

    steps: float
    x: float = 0.0
    y: float = 0.0


InputEvent = Union[KeyPress, Click, PointerMove, Wheel]
