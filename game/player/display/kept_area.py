"""A part of the canvas kept as drawn, blitted back unchanged while what it shows stays the same."""
from __future__ import annotations

from typing import TYPE_CHECKING, Callable, Hashable

from game.player.display.window import Canvas, LogicalRect

if TYPE_CHECKING:
    import pygame


class KeptArea:
    """The pixels of one logical rectangle as last painted, with the key of what they showed.

    A whole frame of a screen whose panel did not change (a key that changed nothing there, the
    scene moving beside it) blits the kept copy instead of painting the panel again. Kept only from
    a whole draw, never from one limited to a moved area, and dropped when the canvas changes.
    """

    def __init__(self) -> None:
        self._copy: "pygame.Surface | None" = None
        self._key: Hashable = None

    def draw(self, canvas: Canvas, logical: LogicalRect, key: Hashable, paint: Callable[[], None]) -> bool:
        """Blit the kept copy when `key` (and the canvas) are as when it was kept, else `paint`; whether it painted.

        On a canvas that still holds the frame drawn last (`canvas.holds_last`) the copy is not even blitted.
        """
        import pygame

        surface = canvas.surface
        rect = canvas.rect(logical).clip(surface.get_rect())
        parent = surface.get_parent()
        full_key = (key, tuple(rect), canvas.scale, id(parent if parent is not None else surface), surface.get_offset())
        if self._copy is not None and full_key == self._key:
            if not canvas.holds_last:  # else the canvas still shows these very pixels
                surface.blit(self._copy, rect.topleft)
            return False
        paint()
        if canvas.redrawn is not None or rect.width <= 0 or rect.height <= 0:
            self._key = None  # painted only in part: nothing to keep
            return True
        if self._copy is None or self._copy.get_size() != rect.size:
            self._copy = pygame.Surface(rect.size, 0, surface)
        self._copy.blit(surface, (0, 0), rect)
        self._key = full_key
        return True

    def forget(self) -> None:
        self._copy = None
        self._key = None
