"""The convenience store at night: a fluorescent box of light in the dark, shelves, a clerk, the lot outside."""
from __future__ import annotations

import math
from typing import Any

import pygame

from game.player.scenes.base import ScenePainter, register_scene, sprite_area
from game.player.scenes.rain import Rain
from game.player.scenes.paint import (
    SIZE, Canvas, Color, add_glow, field, glow, grain, mix, scale, shade, smoothstep, soft_shape, vgradient,
)

FLUORESCENT: Color = (236, 246, 240)


def night_sky(hour: int) -> list[tuple[float, Color]]:
    """Sky stops for the small hours; the last hours before dawn turn a little blue at the bottom."""
    h = hour % 24
    if h in (4, 5):
        return [(0, (8, 12, 26)), (0.45, (30, 40, 66)), (1, (30, 40, 66))]
    return [(0, (4, 6, 12)), (0.45, (18, 18, 26)), (1, (18, 18, 26))]


BUG_HOMES = ((150, 236), (300, 228), (520, 240), (610, 250))  # where the insects round the sign circle


@register_scene("konbini")
class Konbini(ScenePainter):
    """Seen from across the car park: the store's glass front, lit like an aquarium."""

    GLASS = pygame.Rect(60, 300, 580, 214)
    VP = (330.0, 392.0)  # the inside of the store recedes towards this point
    DEPTH = 0.5  # the back wall's size relative to the glass front
    fps = 20.0  # insects loop a few pixels a frame at this rate (rain, when it falls, at 30)

    def __init__(self, params: Any = None, **modes: bool) -> None:
        super().__init__(params, **modes)
        if self.params["rain"]:
            self.fps = 30.0  # falling 700 pixels a second, fewer frames would read as flicker
    GROUND = 520
    TUBES = 5

    def moves(self) -> bool:
        return True  # the tired tube and, sometimes, rain

    def _in(self, x: float, y: float, d: float) -> tuple[float, float]:
        """A point inside the store: (x, y) on the glass plane pushed back by d (0 front, 1 back wall)."""
        k = 1 - (1 - self.DEPTH) * d
        return (self.VP[0] + (x - self.VP[0]) * k, self.VP[1] + (y - self.VP[1]) * k)

    def paint(self) -> pygame.Surface:
        p = self.params
        rain = bool(p["rain"])
        g = self.GLASS
        pic = vgradient(SIZE, night_sky(p["hour"]))
        # Neighbours: a dark block of flats on the right, low roofs behind the store.
        c = Canvas((0, 0, 1280, 720), target=pic)
        for x, w, h in ((-40, 150, 236), (90, 170, 222), (250, 140, 232), (380, 190, 214), (560, 160, 228)):
            c.polygon((13, 14, 19), [(x, 320), (x, h + 18), (x + w / 2, h), (x + w, h + 18), (x + w, 320)])
        c.rect_((15, 16, 21), (780, 120, 420, 400))
        for i in range(6):
            for j in range(7):
                pygame.draw.rect(pic, (20, 21, 27), (800 + j * 56, 140 + i * 60, 34, 30))
        pygame.draw.rect(pic, (92, 78, 56), (800 + 2 * 56, 140 + 3 * 60, 34, 30))
        # Car park: asphalt, parking lines fanning out from the store.
        asphalt = (18, 19, 24) if not rain else (15, 16, 21)
        c.polygon(asphalt, [(0, self.GROUND), (1280, self.GROUND), (1280, 720), (0, 720)])
        for i in range(7):
            x = 90 + i * 100
            c.polygon((40, 40, 44), [(x, self.GROUND + 14), (x + 3, self.GROUND + 14), (x + 3 + (x - 330) * 0.9, 720),
                                     (x - 3 + (x - 330) * 0.9, 720)])
        c.rect_((30, 30, 34), (0, self.GROUND, 1280, 8))  # kerb
        # The building: a low box, sign band along the top.
        c.rect_((34, 34, 38), (g.x - 28, 246, g.w + 56, g.bottom - 246 + 6))
        self._interior(pic)
        self._signboard(pic)
        self._frames(c)
        # Light from the store: on the lot, on the walls round it, hanging in the air. Light
        # only adds (and saturates), so it goes straight onto the picture, part by part.

        def spill(s: pygame.Surface, k: float) -> None:
            pygame.draw.polygon(s, (255, 255, 255), [((g.x + 10) * k, self.GROUND * k), ((g.right - 10) * k, self.GROUND * k),
                                                     ((g.right + 220) * k, 720 * k), ((g.x - 240) * k, 720 * k)])

        lot = soft_shape(SIZE, spill, blur=10, down=8)
        falloff = vgradient(SIZE, [(0, (0, 0, 0)), (self.GROUND / 720, (255, 255, 255)), (1, (70, 70, 70))])
        lot.blit(falloff, (0, 0), special_flags=pygame.BLEND_RGB_MULT)
        del falloff
        lot.fill(scale(FLUORESCENT, 0.2 if not rain else 0.24), special_flags=pygame.BLEND_RGB_MULT)
        pic.blit(lot, (0, 0), special_flags=pygame.BLEND_RGB_ADD)
        del lot
        add_glow(pic, g.center, (g.w * 1.7, g.h * 2.2), (40, 46, 46), 2.5)
        self._reflection(pic, 0.5 if rain else 0.16)
        self._bicycle(pic)
        # Utility pole on the right edge of the lot, wires to the store.
        c.polygon((9, 9, 12), [(716, 520), (722, 40), (730, 40), (736, 520)])
        c.curve((9, 9, 12), [(726, 70), (500, 120), (300, 150), (100, 160), (0, 158)], 1.0)
        c.curve((9, 9, 12), [(726, 90), (900, 130), (1100, 140), (1280, 134)], 1.0)
        grain(pic, 4)
        shade(pic, right=0.5, start=0.5, corners=0.3)

        # --- motion sprites ---
        self._bug = self.keep(glow((5, 5), (150, 160, 150), 2.5))
        self._tube_dim = self.keep(self._tube_sprite(0.0))
        if rain:
            rng = self.rng
            drops = [(rng.random() * 1340 - 30, rng.random() * 720, 0.6 + rng.random() * 0.8) for _ in range(150)]
            lit, dark = scale((150, 160, 160), self.dim), scale((60, 64, 74), self.dim)
            g = self.GLASS
            # Drops in front of the glass catch its light.
            self._rain = Rain(drops, fall=700.0, slant=0.06, shape=lambda depth: (-1.5, 16 * depth),
                              colour=lambda depth: dark, lit_colour=lambda depth: lit, lit=(g.x - 60, g.right + 60, 640))
        return pic

    def _interior(self, pic: pygame.Surface) -> None:
        g = self.GLASS
        inside = pygame.Surface(g.size)
        ox, oy = g.topleft

        def q(x: float, y: float, d: float) -> tuple[float, float]:
            px, py = self._in(x, y, d)
            return (px - ox, py - oy)

        c = Canvas((0, 0, *g.size), target=inside)
        # Ceiling, floor, side walls and back wall of a bright box.
        c.polygon((206, 214, 210), [q(g.x, g.y, 0), q(g.right, g.y, 0), q(g.right, g.y, 1), q(g.x, g.y, 1)])
        c.polygon((186, 190, 186), [q(g.x, g.bottom, 0), q(g.right, g.bottom, 0), q(g.right, g.bottom, 1),
                                    q(g.x, g.bottom, 1)])
        c.polygon((196, 204, 200), [q(g.x, g.y, 0), q(g.x, g.y, 1), q(g.x, g.bottom, 1), q(g.x, g.bottom, 0)])
        c.polygon((196, 204, 200), [q(g.right, g.y, 0), q(g.right, g.y, 1), q(g.right, g.bottom, 1),
                                    q(g.right, g.bottom, 0)])
        bx0, by0 = q(g.x, g.y, 1)
        bx1, by1 = q(g.right, g.bottom, 1)
        c.rect_((200, 208, 204), (bx0, by0, bx1 - bx0, by1 - by0))
        # Drinks coolers along the back wall: glass doors, rows of bottles.
        cols = tuple(mix(col, (196, 198, 196), 0.3) for col in (
            (196, 92, 76), (84, 136, 196), (226, 200, 110), (110, 176, 136), (230, 230, 226), (160, 110, 160)))
        n = 8
        cw = (bx1 - bx0) / n
        for i in range(n):
            x = bx0 + i * cw
            c.rect_((150, 166, 170), (x + 1, by0 + 10, cw - 2, by1 - by0 - 14))
            for r in range(5):
                y = by0 + 14 + r * (by1 - by0 - 22) / 5
                for b in range(4):
                    col = cols[(i * 3 + r + b) % len(cols)]
                    c.rect_(scale(col, 0.9), (x + 3 + b * (cw - 6) / 4, y, (cw - 6) / 4 - 1.5, 6))
        # Ceiling tubes in rows running back into the store.
        self._tube_rects = []
        for i in range(self.TUBES):
            x = g.x + 50 + i * (g.w - 100) / (self.TUBES - 1)
            a, b = q(x, g.y, 0.08), q(x, g.y, 0.85)
            pygame.draw.line(inside, (255, 255, 252), a, b, 3)
            self._tube_rects.append((a, b))
        # Gondola shelves seen end-on, each a little further back.
        for d, x0, x1 in ((0.55, 270, 420), (0.3, 300, 470), (0.15, 470, 620)):
            top = g.y + 100
            (ax, ay), (bx, by) = q(x0, top, d), q(x1, g.bottom, d)
            c.rect_((120, 126, 130), (ax, ay, bx - ax, by - ay))
            for r in range(4):
                y = ay + 6 + r * (by - ay - 8) / 4
                for k in range(int((bx - ax) / 9)):
                    col = cols[(k + r + int(d * 10)) % len(cols)]
                    c.rect_(mix(col, (200, 200, 200), 0.2), (ax + 3 + k * 9, y, 7, (by - ay) / 4 - 6))
                c.rect_((90, 96, 100), (ax, y + (by - ay) / 4 - 5, bx - ax, 2))
        # Magazine rack under the window on the right, the counter on the left.
        c.rect_((100, 104, 110), (g.w - 230, g.h - 56, 220, 56))
        for k in range(20):
            col = cols[(k * 5) % len(cols)]
            c.rect_(mix(col, (230, 230, 230), 0.35), (g.w - 226 + k * 11, g.h - 74 + (k % 3) * 2, 9, 20))
        counter_top = g.h - 78
        if self.params["clerk"]:
            self._clerk(c, 112, counter_top)
        c.rect_((150, 146, 140), (10, counter_top, 200, g.h - counter_top))
        c.rect_((226, 222, 214), (6, counter_top - 4, 208, 7))
        c.rect_((60, 64, 70), (120, counter_top - 20, 34, 18), 2)  # till
        pic.blit(inside, g.topleft)
        # Glare: the glass catches a little of the lot's darkness as pale diagonal sheets.
        glare = pygame.Surface(g.size)
        glare.fill((0, 0, 0))
        for x in range(60, g.w + 100, 170):
            pygame.draw.polygon(glare, (16, 18, 18), [(x, 0), (x + 40, 0), (x - 30, g.h), (x - 70, g.h)])
        pic.blit(glare, g.topleft, special_flags=pygame.BLEND_RGB_ADD)

    def _reflection(self, pic: pygame.Surface, strength: float) -> None:
        """The lit front mirrored in the asphalt: flipped, squashed, blurred and broken into streaks."""
        g = self.GLASS
        src = pic.subsurface((g.x - 28, 246, g.w + 56, g.bottom - 246)).copy()
        w, h = src.get_size()
        flipped = pygame.transform.flip(src, False, True)
        small = pygame.transform.smoothscale(flipped, (w // 10, max(2, h // 10)))
        refl = pygame.transform.smoothscale(small, (w, int(h * 0.9)))
        # Streaks: a wet surface smears reflections vertically and breaks them sideways.
        rng = self.rng
        streaks = field(refl.get_size(), (96, 2), lambda u, v: [150 + 105 * (rng.random() ** 2)] * 3)
        refl.blit(streaks, (0, 0), special_flags=pygame.BLEND_RGB_MULT)
        # Only bright things reflect visibly; the building's dark edges should not.
        refl.fill((40, 40, 40), special_flags=pygame.BLEND_RGB_SUB)
        fade = field(refl.get_size(), (24, 16), lambda u, v: [255 * strength * (1 - v) ** 1.5
                                                               * smoothstep(0.0, 0.12, u) * smoothstep(1.0, 0.88, u)] * 3)
        refl.blit(fade, (0, 0), special_flags=pygame.BLEND_RGB_MULT)
        pic.blit(refl, (g.x - 28, self.GROUND + 8), special_flags=pygame.BLEND_RGB_ADD)

    def _clerk(self, c: Canvas, x: float, counter_top: float) -> None:
        """A clerk behind the counter in the store's striped uniform, lit from above."""
        skin, hair, shirt, stripe = (210, 170, 140), (40, 34, 32), (110, 150, 180), (236, 236, 232)
        c.rect_(shirt, (x - 28, counter_top - 54, 56, 60), 14)
        c.rect_(stripe, (x - 28, counter_top - 40, 56, 5))
        c.rect_(stripe, (x - 28, counter_top - 26, 56, 5))
        c.rect_(skin, (x - 6, counter_top - 62, 12, 10))
        c.ellipse(skin, (x - 13, counter_top - 90, 26, 32))
        c.ellipse(hair, (x - 14, counter_top - 93, 28, 18))

    def _signboard(self, pic: pygame.Surface) -> None:
        """The sign band: three colour stripes lit from inside, no lettering."""
        g = self.GLASS
        top, h = 250, 42
        x0, x1 = g.x - 22, g.right + 22
        pygame.draw.rect(pic, (230, 236, 236), (x0, top, x1 - x0, h))
        pygame.draw.rect(pic, (40, 146, 138), (x0, top + 9, x1 - x0, 12))
        pygame.draw.rect(pic, (64, 104, 170), (x0, top + 25, x1 - x0, 6))
        add_glow(pic, ((x0 + x1) / 2, top + h / 2), ((x1 - x0) * 1.3, 120), (30, 36, 36), 3.0)

    def _frames(self, c: Canvas) -> None:
        """Aluminium mullions, the automatic door and the posters taped to the glass."""
        g = self.GLASS
        frame = (70, 74, 78)
        for x in range(g.x, g.right + 1, 116):
            c.rect_(frame, (x - 3, g.y, 6, g.h))
        c.rect_(frame, (g.x - 3, g.y - 3, g.w + 6, 6))
        c.rect_(frame, (g.x - 3, g.bottom - 6, g.w + 6, 8))
        door = pygame.Rect(g.x + 232 + 4, g.y + 20, 108, g.h - 20)
        c.rect_(frame, (door.x - 4, door.y - 4, door.w + 8, 6))
        c.rect_(frame, (door.centerx - 2, door.y, 4, door.h))
        # Posters: pale rectangles, lit from behind.
        c.rect_((214, 196, 170), (g.x + 128, g.y + 30, 40, 56))
        c.rect_((170, 196, 214), (g.x + 404, g.y + 30, 44, 60))

    def _bicycle(self, pic: pygame.Surface) -> None:
        """A bicycle left by the door, black against the lit ground."""
        ink = (10, 10, 14)
        box = (520, 520, 140, 90)
        c = Canvas(box, ss=3, base=ink)
        r = 26
        w1, w2 = (548, 580), (628, 580)
        for w in (w1, w2):
            # A tyre: a disc, then its middle cleared back to transparent.
            c.circle(ink, w, r)
            c.circle((0, 0, 0, 0), w, r - 3.5)
        seat, bars = (574, 540), (616, 536)
        for a, b in ((w1, seat), (seat, (590, 580)), ((590, 580), w1), ((590, 580), (612, 548)), (seat, (612, 548)),
                     ((612, 548), w2), ((612, 548), bars)):
            c.line(ink, a, b, 3)
        c.line(ink, (566, 538), (584, 538), 4)
        c.line(ink, (608, 534), (626, 532), 3)
        # Spokes are too fine to see at this distance; hubs are enough.
        c.circle(ink, w1, 3)
        c.circle(ink, w2, 3)
        pic.blit(c.result(), box[:2])

    def _tube_sprite(self, k: float) -> pygame.Surface:
        """What the tired tube loses when it sags: subtracted, so it matches whatever shading lies below."""
        (ax, ay), (bx, by) = self._tube_rects[2]
        g = self.GLASS
        rect = pygame.Rect(int(min(ax, bx)) - 6, int(min(ay, by)) - 6, int(abs(bx - ax)) + 13, int(abs(by - ay)) + 13)
        s = pygame.Surface(rect.size)
        s.fill((0, 0, 0))
        # The tube itself drops to about the ceiling's brightness; the ceiling round it dims a little.
        loss = scale((50, 48, 44), 1 - k)
        pygame.draw.line(s, scale(loss, 0.3), (ax - rect.x, ay - rect.y), (bx - rect.x, by - rect.y), 9)
        pygame.draw.line(s, loss, (ax - rect.x, ay - rect.y), (bx - rect.x, by - rect.y), 3)
        self._tube_pos = (rect.x + g.x, rect.y + g.y)
        return s

    def changed_area(self, before: float, now: float) -> list[pygame.Rect]:
        # The insects loop up to 36 pixels across and 12 up or down from their homes.
        rects = [sprite_area((cx, cy), self._bug, (36, 12)) for cx, cy in BUG_HOMES]
        if self._sagging(before) != self._sagging(now):
            rects.append(pygame.Rect(self._tube_pos, self._tube_dim.get_size()))
        return rects

    @staticmethod
    def _sagging(t: float) -> bool:
        phase = (t % 11.0) / 11.0
        return 0.62 < phase < 0.8 and math.sin(t * 1.2 * math.tau) > -0.5

    def paint_motion(self, target: pygame.Surface, t: float) -> None:
        # Insects drawn to the sign, wandering slowly in loops in front of it.
        for i, (cx, cy) in enumerate(BUG_HOMES):
            a = t * (0.35 + 0.11 * i) * math.tau + i * 1.7
            x = cx + 26 * math.sin(a) + 10 * math.sin(a * 2.3)
            y = cy + 12 * math.cos(a * 1.3)
            target.blit(self._bug, (int(x), int(y)), special_flags=pygame.BLEND_RGB_ADD)
        # The tired tube: mostly steady, now and then it sags for a second or two, never flashing.
        if self._sagging(t):
            target.blit(self._tube_dim, self._tube_pos, special_flags=pygame.BLEND_RGB_SUB)

    @property
    def overlay(self) -> bool:  # type: ignore[override]
        return bool(self.params["rain"])  # the rain falls everywhere: drawn over the scaled picture

    def paint_overlay(self, target: pygame.Surface, t: float, scale: float, beneath: pygame.Surface | None = None,
                      beneath_changed: list[pygame.Rect] | None = None) -> list[pygame.Rect]:
        return self._rain.draw(target, t, scale)
