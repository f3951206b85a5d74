"""Rain over a scene: thin drops that fall and wrap, drawn over the picture as scaled to the window."""
from __future__ import annotations

from typing import Sequence

import pygame

from game.player.scenes.paint import Color, finish, scaled_sprite

# A drop wraps from below the picture back to above it: it falls through `WRAP` pixels, starting `ABOVE` over the top.
WRAP = 760.0
ABOVE = 40.0
MARGIN = 2  # the streak's sprite reaches this far past its line each way (see _streak_sprite)


class Rain:
    """Drops (x, y, depth) falling at `fall` pixels a second times their depth, leaning by `slant` per pixel fallen.

    Each drop is a streak of (dx, dy), `shape(depth)`, in `colour(depth)`; inside `lit` (x from, x to,
    y above which) it takes `lit_colour(depth)` instead: drops in front of a bright window catch its light.
    At logical size a streak is a line. In a scaled window it is a small sprite of that line
    smoothscaled, blended by its coverage: what scaling the whole picture made of it, without scaling
    the whole picture. Sprites are made once for each shape and scale, and each drop keeps its own
    for a scale, so a frame is one position per drop and one `blits` call.
    """

    def __init__(self, drops: Sequence[tuple[float, float, float]], *, fall: float, slant: float,
                 shape, colour, lit_colour=None, lit: tuple[float, float, float] | None = None) -> None:
        self.fall, self.slant, self.lit = fall, slant, lit
        # Per drop: where it starts, its depth (its speed is fall × depth), its streak, its colour
        # outside and inside the lit part.
        self.drops = [(x0, y0, depth, *shape(depth), colour(depth), (lit_colour or colour)(depth))
                      for x0, y0, depth in drops]
        self._sprites: dict[tuple, pygame.Surface] = {}  # by rounded shape, colour and scale
        self._prepared: dict[float, list[tuple]] = {}  # by scale: each drop with its two sprites and offset

    def draw(self, target: pygame.Surface, t: float, scale: float) -> list[pygame.Rect]:
        """The drops as they are at time t, onto a picture scaled by `scale` from logical size; returns the
        rectangles of `target` drawn on (clipped to its clip), a drop's each."""
        lo, hi, below = self.lit if self.lit is not None else (0.0, -1.0, 0.0)
        slant, fallen = self.slant, t * self.fall
        if scale == 1.0:
            line = pygame.draw.line
            drawn_on: list[pygame.Rect] = []
            append_rect = drawn_on.append
            for x0, y0, depth, dx, dy, plain, bright in self.drops:
                y = (y0 + fallen * depth) % WRAP - ABOVE
                x = x0 - (y - y0) * slant
                append_rect(line(target, bright if lo < x < hi and y < below else plain, (x, y), (x + dx, y + dy), 1))
            return drawn_on
        prepared = self._prepared.get(scale)
        if prepared is None:
            prepared = self._prepared[scale] = [self._prepare(drop, scale) for drop in self.drops]
        drawn: list[tuple] = []
        append = drawn.append
        for x0, y0, depth, plain, bright, left in prepared:
            y = (y0 + fallen * depth) % WRAP - ABOVE
            x = x0 - (y - y0) * slant
            append((bright if lo < x < hi and y < below else plain, (round((x + left) * scale), round((y - 2) * scale))))
        return target.blits(drawn)  # one call for a few hundred small blits

    def _prepare(self, drop: tuple, scale: float) -> tuple:
        x0, y0, depth, dx, dy, colour, lit_colour = drop
        # The sprite is made for the shape rounded to half a pixel across and a pixel down.
        rounded_dx, rounded_dy = round(dx * 2) / 2, round(dy)
        plain = self._sprite(rounded_dx, rounded_dy, colour, scale)
        bright = self._sprite(rounded_dx, rounded_dy, lit_colour, scale)
        return x0, y0, depth, plain, bright, min(0.0, rounded_dx) - MARGIN

    def _sprite(self, dx: float, dy: float, colour: Color, scale: float) -> pygame.Surface:
        key = (dx, dy, colour, scale)
        sprite = self._sprites.get(key)
        if sprite is None:
            sprite = self._sprites[key] = _streak_sprite(dx, dy, colour, scale)
        return sprite


def _streak_sprite(dx: float, dy: float, colour: Color, scale: float) -> pygame.Surface:
    left = MARGIN - min(0.0, dx)
    size = (int(abs(dx)) + 6, int(abs(dy)) + 6)
    line = pygame.Surface(size, pygame.SRCALPHA)
    line.fill((*colour, 0))
    pygame.draw.line(line, (*colour, 255), (left, MARGIN), (left + dx, MARGIN + dy), 1)
    return finish(scaled_sprite(line, scale), alpha=True)
