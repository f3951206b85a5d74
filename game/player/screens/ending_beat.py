"""The held beat at an ending: the closing image alone for a moment, then the panel's text fading in over it."""
from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from game.player.display.window import Canvas

HOLD_SECONDS = 1.5  # the scene alone, after its crossfade has begun
FADE_SECONDS = 0.8  # then the panel's text comes up


class EndingBeat:
    """How far the beat has gone; `held` is False for any node but an ending, under reduce motion, or once skipped."""

    def __init__(self, *, held: bool) -> None:
        self.elapsed = 0.0 if held else HOLD_SECONDS + FADE_SECONDS

    @property
    def holding(self) -> bool:
        """The panel's text is still withheld: the reveal waits, and the ending's buttons take no input."""
        return self.elapsed < HOLD_SECONDS

    @property
    def active(self) -> bool:
        return self.elapsed < HOLD_SECONDS + FADE_SECONDS

    def skip(self) -> bool:
        """A key or a click during the beat ends it, and is spent on that: it never also activates a button."""
        if not self.active:
            return False
        self.elapsed = HOLD_SECONDS + FADE_SECONDS
        return True

    def update(self, dt: float) -> bool:
        if not self.active:
            return False
        self.elapsed += dt
        return True

    def cover(self, canvas: "Canvas", area: tuple[float, float, float, float]) -> None:
        """Veil the panel's text while the beat lasts: fully while holding, then less and less."""
        if not self.active:
            return
        left = 1.0 - max(0.0, self.elapsed - HOLD_SECONDS) / FADE_SECONDS
        canvas.fill_translucent(canvas.theme.panel, round(255 * left), area)
