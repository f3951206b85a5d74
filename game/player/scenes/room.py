"""The dark room (light round the curtains or through shutter slits, a TV's glow) and the title backdrop."""
from __future__ import annotations

import math
from dataclasses import dataclass

import pygame

from game.player.scenes.base import ScenePainter, register_scene
from game.player.scenes.paint import (
    SIZE, AddedLight, Canvas, Color, add_glow, field, glow, grain, light_pass, mix, scale, scaled_sprite, shade,
    smoothstep, soft_shape, vgradient,
)

# How much of the day gets in at each `light` level (0 is almost nothing, never quite none).
LIGHT_LEVELS = (0.05, 0.22, 0.42, 0.62, 0.82, 1.0)
SODIUM: Color = (255, 148, 58)


def daylight(hour: int) -> tuple[Color, float]:
    """Colour and strength of the light outside at an hour: warm by day, orange at dusk, a streetlight at night."""
    h = hour % 24
    if h <= 3 or h >= 20:
        return SODIUM, 0.26  # only the streetlight outside
    if h == 4:
        return (130, 140, 185), 0.28  # blue before dawn
    if h == 5:
        return (215, 175, 165), 0.55
    if h <= 9:
        return (255, 226, 180), 0.9
    if h <= 14:
        return (255, 232, 200), 1.0
    if h <= 16:
        return (255, 208, 150), 0.95
    if h <= 18:
        return (255, 138, 55), 0.8
    return (205, 95, 70), 0.45  # 19: the last of the dusk


@dataclass(frozen=True)
class WindowGeom:
    x0: int  # curtain block, left
    x1: int  # curtain block, right
    y0: int  # curtain top
    y1: int  # curtain hem
    rod_y: int
    gap: float  # the centre line where the two panels meet

    @property
    def cx(self) -> float:
        return (self.x0 + self.x1) / 2

    @property
    def cy(self) -> float:
        return (self.y0 + self.y1) / 2


def _fold_panel(w: int, h: int, color: Color, phase: float, edge_left: bool, light: Color, strength: float,
                bunched: bool = False) -> tuple[pygame.Surface, pygame.Surface]:
    """A curtain panel's folds (albedo) and the light shining through its thinner parts (emissive)."""
    period = 13.0 if bunched else 34.0

    def fold(u: float) -> float:
        x = u * w
        return 0.5 + 0.32 * math.sin(x / period * math.tau + phase) + 0.18 * math.sin(x / (period * 0.43) + phase * 2.1)

    def albedo(u: float, v: float) -> tuple[float, float, float]:
        k = 0.55 + 0.55 * fold(u)
        k *= 1.0 - 0.15 * v  # the hem hangs in its own shadow
        return (color[0] * k, color[1] * k, color[2] * k)

    def through(u: float, v: float) -> tuple[float, float, float]:
        f = fold(u)
        # Most light comes through near the edges where the window is right behind the fabric.
        e = u if edge_left else 1 - u
        edge = 0.35 + 0.65 * (smoothstep(0.65, 1.0, e) + 0.5 * smoothstep(0.35, 0.0, e))
        top = 0.8 + 0.4 * (1 - v)
        k = strength * (0.25 + 0.75 * (1 - f)) * edge * top * (1 - 0.8 * smoothstep(0.86, 0.97, v))
        return (light[0] * k, light[1] * k, light[2] * k)

    grid = (max(4, w // 3), 14)
    return field((w, h), grid, albedo), field((w, h), grid, through)


def _panel_mask(w: int, h: int, scallop: float, seed: float) -> pygame.Surface:
    """Alpha mask of a hanging panel with a softly uneven hem."""
    c = Canvas((0, 0, w, h + 8), ss=3, base=(255, 255, 255))
    pts = [(0, 0), (w, 0)]
    n = 10
    for i in range(n, -1, -1):
        x = w * i / n
        pts.append((x, h - 3 + scallop * math.sin(i * 1.9 + seed)))
    c.polygon((255, 255, 255, 255), pts)
    return c.result()


def paint_curtains(albedo: pygame.Surface, light: pygame.Surface, emissive: pygame.Surface, g: WindowGeom,
                   tint: Color, power: float, fabric: Color = (78, 86, 104)) -> None:
    """Closed curtains with day leaking round every edge and through the centre gap: the game's emblem."""
    # Wall lit around the window: a broad soft wash and a tighter halo hugging the edges.
    ww, wh = g.x1 - g.x0, g.y1 - g.y0
    add_glow(light, (g.cx, g.cy - 10), (ww * 2.3, wh * 2.1), scale(tint, power * 0.42), 2.2)

    def rim(s: pygame.Surface, k: float) -> None:
        col = scale(tint, 255 / max(tint))
        pygame.draw.rect(s, col, (g.x0 * k, g.y0 * k, ww * k, wh * k), max(1, int(5 * k)))
        pygame.draw.line(s, col, (g.gap * k, g.y0 * k), (g.gap * k, g.y1 * k), max(1, int(6 * k)))

    near = pygame.Rect(g.x0 - 80, g.y0 - 80, ww + 160, wh + 160)
    halo = soft_shape(SIZE, rim, blur=4, down=4, region=near)
    halo.fill(scale((255, 255, 255), power * 1.4), special_flags=pygame.BLEND_RGB_MULT)
    light.blit(halo, near.topleft, special_flags=pygame.BLEND_RGB_ADD)
    far = pygame.Rect(g.x0 - 200, g.y0 - 200, ww + 400, wh + 400)
    wide = soft_shape(SIZE, rim, blur=6, down=10, region=far)
    wide.fill(scale((255, 255, 255), power * 1.6), special_flags=pygame.BLEND_RGB_MULT)
    light.blit(wide, far.topleft, special_flags=pygame.BLEND_RGB_ADD)
    # Light escaping over the top of the curtains washes the wall above the rod.
    add_glow(light, (g.cx, g.y0 - 20), (ww * 1.25, 170), scale(tint, power * 0.55), 3.0)
    # The rod above the curtains.
    pygame.draw.rect(albedo, (60, 58, 56), (g.x0 - 18, g.rod_y - 3, ww + 36, 6), border_radius=3)

    # Two panels meeting near the middle.
    panels = ((g.x0, int(g.gap) - 1, True, 0.3), (int(g.gap) + 1, g.x1, False, 1.7))
    for x0, x1, inner_right, phase in panels:
        pw = x1 - x0
        alb, thr = _fold_panel(pw, wh, fabric, phase, not inner_right, tint, power * 0.55)
        mask = _panel_mask(pw, wh, 4.0, phase)
        alb_a = _with_alpha(alb)
        alb_a.blit(mask.subsurface((0, 0, pw, wh)), (0, 0), special_flags=pygame.BLEND_RGBA_MULT)
        albedo.blit(alb_a, (x0, g.y0))
        thr_m = thr.copy()
        thr_m.blit(_alpha_to_grey(mask.subsurface((0, 0, pw, wh))), (0, 0), special_flags=pygame.BLEND_RGB_MULT)
        emissive.blit(thr_m, (x0, g.y0), special_flags=pygame.BLEND_RGB_ADD)

    # The bright slits themselves: crisp lines with a narrow bloom, brightest at the centre gap.
    bright = scale(tint, min(1.0, 0.04 + power * 0.95))

    def lines(s: pygame.Surface, k: float) -> None:
        # The gap opens a little towards the hem, where nothing holds the panels together.
        pygame.draw.polygon(s, bright, [((g.gap - 1) * k, (g.y0 + 4) * k), ((g.gap + 1) * k, (g.y0 + 4) * k),
                                        ((g.gap + 4) * k, (g.y1 - 8) * k), ((g.gap - 3) * k, (g.y1 - 8) * k)])
        pygame.draw.line(s, scale(bright, 0.8), (g.x0 * k, (g.y0 - 2) * k), (g.x1 * k, (g.y0 - 2) * k), max(1, int(3 * k)))
        for x in (g.x0 - 2, g.x1 + 2):
            pygame.draw.line(s, scale(bright, 0.7), (x * k, (g.y0 + 6) * k), (x * k, (g.y1 - 30) * k), max(1, int(3 * k)))

    box = pygame.Rect(g.x0 - 40, g.y0 - 40, ww + 80, wh + 80)
    emissive.blit(soft_shape(SIZE, lines, blur=2, down=3, region=box), box.topleft, special_flags=pygame.BLEND_RGB_ADD)
    crisp = scale(tint, min(1.0, 0.05 + power * 0.95))
    pygame.draw.polygon(emissive, crisp, [(g.gap, g.y0 + 10), (g.gap + 1, g.y0 + 10), (g.gap + 2, g.y1 - 14),
                                          (g.gap - 1, g.y1 - 14)])
    pygame.draw.line(emissive, scale(crisp, 0.8), (g.x0 + 6, g.y0 - 1), (g.x1 - 6, g.y0 - 1), 1)
    pygame.draw.line(emissive, scale(crisp, 0.55), (g.x0 - 1, g.y0 + 10), (g.x0 - 1, g.y1 - 40), 1)
    pygame.draw.line(emissive, scale(crisp, 0.55), (g.x1 + 1, g.y0 + 10), (g.x1 + 1, g.y1 - 40), 1)


def _with_alpha(surf: pygame.Surface) -> pygame.Surface:
    out = pygame.Surface(surf.get_size(), pygame.SRCALPHA)
    out.blit(surf, (0, 0))
    return out


def _alpha_to_grey(mask: pygame.Surface) -> pygame.Surface:
    """An RGB surface whose grey level is the mask's alpha, to multiply light by a shape."""
    out = pygame.Surface(mask.get_size())
    out.fill((0, 0, 0))
    m = mask.copy()
    # White where opaque: blit the mask's alpha onto black.
    m.fill((255, 255, 255, 0), special_flags=pygame.BLEND_RGBA_MAX)
    out.blit(m, (0, 0))
    return out


def paint_shutters(albedo: pygame.Surface, light: pygame.Surface, emissive: pygame.Surface, g: WindowGeom,
                   tint: Color, power: float) -> None:
    """Curtains pulled aside on closed shutters: near-total dark, thin slits of day between the slats."""
    wx0, wx1, wy0, wy1 = g.x0 + 22, g.x1 - 22, g.y0 + 12, g.y1 - 36
    add_glow(light, (g.cx, g.cy), ((wx1 - wx0) * 1.7, (wy1 - wy0) * 1.6), scale(tint, power * 0.07), 2.5)
    # Glass and the slatted shutter beyond it.
    pygame.draw.rect(albedo, (70, 72, 78), (wx0 - 8, wy0 - 8, wx1 - wx0 + 16, wy1 - wy0 + 16))
    pygame.draw.rect(albedo, (40, 42, 46), (wx0, wy0, wx1 - wx0, wy1 - wy0))
    slat = 13
    y = wy0 + 5
    i = 0
    while y < wy1 - 3:
        # Slits vary: the shutter is old and never quite closes evenly.
        k = (0.55 + 0.45 * math.sin(i * 2.7 + 0.4) ** 2) * power
        col = scale(tint, min(1.0, 0.05 + k * 0.75))
        pygame.draw.line(emissive, col, (wx0 + 2, y), (wx1 - 3, y), 1)
        add_glow(emissive, ((wx0 + wx1) / 2, y), ((wx1 - wx0) * 1.1, 9), scale(tint, k * 0.25), 3.0)
        y += slat
        i += 1
    # Sash frame and the centre mullion over the slits.
    mid = (wx0 + wx1) // 2
    pygame.draw.rect(albedo, (88, 90, 96), (mid - 3, wy0, 6, wy1 - wy0))
    emissive.fill((0, 0, 0), (mid - 3, wy0, 6, wy1 - wy0))
    pygame.draw.rect(albedo, (88, 90, 96), (wx0 - 8, wy0 - 8, wx1 - wx0 + 16, wy1 - wy0 + 16), 8)
    # Curtains bunched at the sides.
    pygame.draw.rect(albedo, (60, 58, 56), (g.x0 - 18, g.rod_y - 3, g.x1 - g.x0 + 36, 6), border_radius=3)
    for x0, x1, left in ((g.x0 - 10, g.x0 + 38, True), (g.x1 - 38, g.x1 + 10, False)):
        pw, ph = x1 - x0, g.y1 - g.y0 + 10
        alb, thr = _fold_panel(pw, ph, (78, 86, 104), 0.8, left, tint, power * 0.15, bunched=True)
        albedo.blit(alb, (x0, g.y0))
        emissive.blit(thr, (x0, g.y0), special_flags=pygame.BLEND_RGB_ADD)


def make_motes(rng, count: int, area: tuple[int, int, int, int]) -> list[tuple[float, ...]]:
    """Dust motes: home position, drift speed and phase, chosen once."""
    x, y, w, h = area
    return [(x + rng.random() * w, y + rng.random() * h, 2 + rng.random() * 5, rng.random() * math.tau,
             0.05 + rng.random() * 0.08, rng.randrange(3)) for _ in range(count)]


def mote_sprites(color: Color, power: float) -> list[pygame.Surface]:
    return [glow((s, s), scale(color, power * k), 3.0) for s, k in ((4, 0.45), (6, 0.32), (8, 0.22))]


MOTE_SWAY = 12  # how far a mote sways either side of its home, in pixels
MOTE_LARGEST = 8  # the largest mote sprite's size


def mote_bounds(area: tuple[int, int, int, int]) -> pygame.Rect:
    """Everything draw_motes can touch for motes homed in `area`: their sway, and their sprites' size."""
    x, y, w, h = area
    return pygame.Rect(int(x) - MOTE_SWAY - 1, int(y) - 1, int(w) + 2 * MOTE_SWAY + MOTE_LARGEST + 2,
                       int(h) + MOTE_LARGEST + 2)


def draw_motes(target: pygame.Surface, motes: list[tuple[float, ...]], sprites: list[pygame.Surface],
               t: float, area: tuple[int, int, int, int], scale: float = 1.0,
               scaled: dict[tuple[int, float], pygame.Surface] | None = None) -> None:
    """Motes float slowly down and sway; they wrap around inside their area.

    `scale`: drawn onto the picture as scaled by it, each sprite smoothscaled once and kept in `scaled`.
    """
    _, ay, _, ah = area
    for x0, y0, speed, phase, sway, size in motes:
        x = x0 + MOTE_SWAY * math.sin(t * sway * math.tau + phase)
        y = ay + ((y0 - ay) + speed * t) % ah
        s = sprites[int(size)]
        # Slow twinkle as a mote turns in the light (well under 1 Hz).
        if math.sin(t * 0.7 + phase * 3) < -0.6:
            s = sprites[-1]
        at = (int(x), int(y))
        if scale != 1.0 and scaled is not None:
            key = (id(s), scale)
            s_scaled = scaled.get(key)
            if s_scaled is None:  # light added scales as the picture under it does: the same sum
                s_scaled = scaled[key] = scaled_sprite(s, scale)
            s, at = s_scaled, (round(at[0] * scale), round(at[1] * scale))
        target.blit(s, at, special_flags=pygame.BLEND_RGB_ADD)


TV_SHOTS = 5
# The rim glow's brightnesses, dimmest first: a breath moves between them.
BREATH_STEPS = [0.25 * i / 5 for i in range(6)]
# A television's light on a room, dimmest first: cuts and a shimmer move between them.
TV_STEPS = [0.45 + 0.55 * i / 5 for i in range(6)]


class MotesOverlay(ScenePainter):
    """A scene with dust motes drifting in its light, and perhaps a glow that steps, drawn as its overlay.

    Motes are added light that moves on every frame, a glow (AddedLight) is added light that steps
    now and then. Both are drawn over the picture as scaled to the window, where they look as if
    scaled with it, so a frame of them recomposes and rescales nothing (see ScenePainter.overlay).
    """

    overlay = True
    glow: AddedLight | None = None  # set while the still is painted, when the scene has one
    _upcoming: tuple[int, list[int]] | None = None  # the glow's levels over the frames from one on

    def place_motes(self, count: int, area: tuple[int, int, int, int], color: Color, power: float) -> None:
        """The motes homed in `area` (logical pixels), in this light; set while the still is painted."""
        self._mote_area = area
        self._motes = make_motes(self.rng, count, area)
        self._mote_sprites = [self.keep(s) for s in mote_sprites(color, power)]
        self._scaled_motes: dict[tuple[int, float], pygame.Surface] = {}  # as scaled to a window, made on first use

    def motes_show(self) -> bool:
        """Whether the motes are seen (there is light to see them by)."""
        return True

    def glow_level(self, t: float) -> int:
        """Which of the glow's levels shows at time t."""
        return 0

    def overlay_area(self) -> list[pygame.Rect]:
        area = [mote_bounds(self._mote_area)] if self.motes_show() else []
        if self.glow is not None and self.glow_level(self._frame_before / self.fps) != self.glow_level(self.time):
            area.append(self.glow.area.copy())  # a step of the glow: all of it is drawn again
        return area

    def upcoming_glow_levels(self, t: float, now: int) -> list[int]:
        """The glow's levels to come after `now`, its level at time t, each once, in order (within two seconds of frames)."""
        if not self.animated or self.glow is None:
            return []
        frame, reach = round(t * self.fps), round(2 * self.fps)
        known = self._upcoming
        if known is not None and known[0] == frame:  # one frame on: the window moves by one
            known = (frame + 1, known[1][1:] + [self.glow_level((frame + reach) / self.fps)])
        elif known is None or known[0] != frame + 1:
            known = (frame + 1, [self.glow_level((frame + ahead) / self.fps) for ahead in range(1, reach + 1)])
        self._upcoming = known
        levels: list[int] = []
        for later in known[1]:
            if later != now and later not in levels:
                levels.append(later)
        return levels

    def overlay_covers(self, scale: float) -> pygame.Rect | None:
        return self.glow.covers(scale) if self.glow is not None and scale != 1.0 else None

    def paint_overlay(self, target: pygame.Surface, t: float, scale: float, beneath: pygame.Surface | None = None,
                      beneath_changed: list[pygame.Rect] | None = None) -> None:
        if self.glow is not None:
            level = self.glow_level(t)
            # In a scaled window the light is kept with the picture in it (see AddedLight); at logical size, added.
            self.glow.draw(target, level, scale, self.upcoming_glow_levels(t, level),
                           beneath if scale != 1.0 else None, beneath_changed)
        if self.motes_show():
            draw_motes(target, self._motes, self._mote_sprites, t, self._mote_area, scale, self._scaled_motes)


@register_scene("dark_room")
class DarkRoom(MotesOverlay):
    """A shut-in's room by day or night; `light` says how much of the day gets in."""

    GEOM = WindowGeom(x0=110, x1=470, y0=118, y1=470, rod_y=110, gap=292)
    TV_RECT = pygame.Rect(540, 446, 112, 74)
    fps = 12.0  # motes drift a few pixels a second and the television's glow steps under 3 Hz

    def moves(self) -> bool:
        return bool(self.params["tv"]) or self.params["light"] >= 1

    def paint(self) -> pygame.Surface:
        p = self.params
        tint, day = daylight(p["hour"])
        power = LIGHT_LEVELS[p["light"]] * day
        shutters = p["window"] == "shutters"
        g = self.GEOM
        floor_y = 556

        # Full-screen layers are made as late and let go of as early as the picture allows: how
        # many are alive at once is what painting costs in memory. Light only ever adds (and
        # saturates), so its parts can be laid down in any order.
        albedo = vgradient(SIZE, [(0, (118, 112, 108)), (floor_y / 720 - 0.001, (132, 124, 116)),
                                  (floor_y / 720, (104, 86, 66)), (1, (128, 104, 80))])
        pygame.draw.rect(albedo, (84, 76, 70), (0, floor_y - 10, 1280, 10))  # skirting board
        light = pygame.Surface(SIZE)
        light.fill((15, 15, 21))
        if not shutters:
            # Day falling through the hem onto the floor.
            def spill(s: pygame.Surface, k: float) -> None:
                pygame.draw.polygon(s, (255, 255, 255), [((g.x0 + 40) * k, floor_y * k), ((g.x1 - 40) * k, floor_y * k),
                                                         ((g.x1 + 150) * k, 720 * k), ((g.x0 - 70) * k, 720 * k)])
            floor_light = soft_shape(SIZE, spill, blur=8, down=8)
            floor_light.fill(scale(tint, power * 0.32), special_flags=pygame.BLEND_RGB_MULT)
            light.blit(floor_light, (0, 0), special_flags=pygame.BLEND_RGB_ADD)
            del floor_light
            add_glow(light, (g.gap, floor_y + 40), (260, 120), scale(tint, power * 0.3), 3.0)
        emissive = pygame.Surface(SIZE)
        emissive.fill((0, 0, 0))

        if shutters:
            paint_shutters(albedo, light, emissive, g, tint, power)
        else:
            paint_curtains(albedo, light, emissive, g, tint, power)

        self._furniture(albedo)
        # Under the door: the hallway light the family leaves on.
        add_glow(light, (1155, 553), (220, 40), (60, 48, 30), 3.0)

        if p["tv"]:
            self._tv_set(albedo)
            # The TV's light on the room is albedo x light, kept apart so it can flicker; it is
            # only ever seen over this area, so only this area of it is made.
            tv = self.TV_RECT
            area = pygame.Rect(tv.centerx - 450, 90, 900, 630).clip(pygame.Rect(0, 0, *SIZE))
            tv_light = pygame.Surface(area.size)
            tv_light.fill((0, 0, 0))
            add_glow(tv_light, (tv.centerx, tv.centery - 30), (900, 720), (80, 120, 200), 3.6, offset=area.topleft)
            add_glow(tv_light, (tv.centerx, floor_y + 70), (700, 240), (50, 80, 140), 3.0, offset=area.topleft)
            lit = albedo.subsurface(area).copy()
            lit.blit(tv_light, (0, 0), special_flags=pygame.BLEND_RGB_MULT)
            del tv_light
            # The screen itself is drawn over its own light: none of the light is added there.
            lit.fill((0, 0, 0), self._tv_screen_rect().move(-area.x, -area.y))
            self.glow = AddedLight(lit, TV_STEPS, self.dim, area)
            del lit
            self._tv_screens = [self.keep(self._screen(i)) for i in range(TV_SHOTS)]

        picture = albedo  # lit in place: the bare albedo is not needed again
        light_pass(picture, light)
        del light
        picture.blit(emissive, (0, 0), special_flags=pygame.BLEND_RGB_ADD)
        del emissive
        self._foreground(picture, tint, power if not shutters else power * 0.2)

        grain(picture, 4)
        shade(picture, right=0.55, start=0.45, corners=0.35)

        motes_power = power * (0.3 if shutters else 1.0)
        self.place_motes(22 if not shutters else 8,
                         (g.gap - 120, g.y0 + 20, 240, 560 - g.y0) if not shutters else (g.x0, g.y0, 360, 300),
                         tint, motes_power)
        return picture

    def _furniture(self, albedo: pygame.Surface) -> None:
        """Floorboards, a futon that is never put away, a low table, piles of books, the door on the right."""
        floor_y = 556
        # Floorboards converge towards a point above the room's centre.
        vx, vy = 620, 240
        for i in range(-14, 22):
            x = vx + i * 70
            x_bottom = vx + (x - vx) * (720 - vy) / (floor_y - vy)
            pygame.draw.line(albedo, (92, 76, 58), (x, floor_y), (x_bottom, 720), 2)
        c = Canvas((0, 600, 560, 120), ss=2, base=(90, 84, 80))
        # Futon: the mattress running out of the bottom of the picture, the quilt thrown back.
        c.polygon((132, 128, 126), [(14, 626), (452, 616), (548, 720), (-20, 720)])
        c.rect_((126, 122, 120), (40, 614, 104, 32), 14)
        c.polygon((82, 90, 112), [(168, 626), (260, 610), (372, 616), (452, 628), (500, 676), (522, 720),
                                  (150, 720), (124, 682), (140, 646)])
        c.blit_to(albedo)
        c = Canvas((700, 460, 420, 180), ss=2, base=(90, 84, 80))
        # Low table with a closed laptop and a cup.
        c.rect_((92, 72, 56), (720, 560, 240, 14), 3)
        c.rect_((70, 56, 44), (736, 574, 12, 56))
        c.rect_((70, 56, 44), (930, 574, 12, 56))
        c.rect_((70, 70, 76), (760, 552, 120, 9), 2)
        c.rect_((150, 150, 150), (900, 540, 16, 20), 3)
        # Books and papers piled against the wall.
        y = 556
        for i, (w, col) in enumerate(((96, (88, 80, 90)), (88, (110, 96, 80)), (100, (80, 90, 96)),
                                      (84, (120, 112, 100)), (92, (90, 80, 76)))):
            c.rect_(col, (968 + (i % 2) * 8, y - 14, w, 14), 2)
            y -= 14
        c.blit_to(albedo)

        # Soft creases in the quilt, pressed in by whoever sleeps there all day.
        def creases(s: pygame.Surface, k: float) -> None:
            for a, b in (((200, 640), (330, 700)), ((300, 626), (420, 690)), ((380, 632), (470, 700)),
                         ((160, 690), (260, 650))):
                pygame.draw.line(s, (16, 16, 16), (a[0] * k, a[1] * k), (b[0] * k, b[1] * k), max(1, int(12 * k)))
            pygame.draw.line(s, (20, 20, 20), (150 * k, 648 * k), (260 * k, 614 * k), max(1, int(12 * k)))

        quilt = pygame.Rect(120, 590, 390, 130)
        albedo.blit(soft_shape(SIZE, creases, blur=3, down=3, region=quilt), quilt.topleft,
                    special_flags=pygame.BLEND_RGB_SUB)

        # The quilt's rounded top catches what light there is.
        def ridge(s: pygame.Surface, k: float) -> None:
            pts = [(172, 628), (262, 613), (372, 619), (450, 631), (492, 668)]
            pygame.draw.lines(s, (40, 40, 44), False, [(x * k, y * k) for x, y in pts], max(1, int(10 * k)))

        top = pygame.Rect(120, 580, 400, 110)
        albedo.blit(soft_shape(SIZE, ridge, blur=2, down=3, region=top), top.topleft, special_flags=pygame.BLEND_RGB_ADD)
        # The door on the right wall.
        pygame.draw.rect(albedo, (96, 88, 80), (1080, 190, 150, 356))
        pygame.draw.rect(albedo, (80, 72, 66), (1080, 190, 150, 356), 6)
        pygame.draw.circle(albedo, (140, 130, 110), (1102, 380), 5)

    def _tv_set(self, albedo: pygame.Surface) -> None:
        tv = self.TV_RECT
        c = Canvas((tv.x - 30, tv.y - 10, tv.w + 60, 130), ss=3, base=(40, 40, 44))
        c.rect_((58, 56, 60), (tv.x - 24, tv.bottom, tv.w + 48, 36), 3)  # low stand
        c.rect_((36, 36, 40), (tv.x - 8, tv.y - 6, tv.w + 16, tv.h + 12), 5)
        c.rect_((20, 22, 28), (tv.x, tv.y, tv.w, tv.h), 3)
        c.blit_to(albedo)

    def _screen(self, shot: int) -> pygame.Surface:
        """One 'shot' on the TV: soft blurred shapes, as a picture seen from across a dark room."""
        tv = self.TV_RECT
        palettes = [((40, 62, 110), (110, 140, 180)), ((36, 50, 84), (140, 124, 112)), ((50, 74, 108), (74, 116, 104)),
                    ((30, 44, 76), (160, 164, 180)), ((58, 64, 100), (100, 86, 128))]
        a, b = palettes[shot % len(palettes)]

        def fn(u: float, v: float) -> tuple[float, float, float]:
            k = 0.5 + 0.5 * math.sin(u * (3 + shot) + v * 2 + shot)
            return mix(a, b, k * (1 - v * 0.5))

        return field((tv.w - 6, tv.h - 6), (6, 5), fn)

    def _foreground(self, picture: pygame.Surface, tint: Color, power: float) -> None:
        """Nothing in front by default; the title overrides."""

    def _tv_state(self, t: float) -> tuple[int, int]:
        """(shot, glow level) at time t: a cut every few seconds, a gentle shimmer in between (< 3 Hz)."""
        shot_len = 3.7
        shot = int(t / shot_len)
        base = (0.62, 0.9, 0.75, 1.0, 0.7)[shot % 5]
        shimmer = 0.06 * math.sin(t * 1.3 * math.tau) + 0.04 * math.sin(t * 2.1 * math.tau + 1.0)
        level = max(0.0, min(1.0, base + shimmer))
        return shot % TV_SHOTS, int(round(level * 5))

    def _tv_screen_rect(self) -> pygame.Rect:
        return self.TV_RECT.inflate(-6, -6)

    def changed_area(self, before: float, now: float) -> list[pygame.Rect]:
        # A cut on the television changes its screen; its light on the room, and the motes, are
        # the overlay.
        if self.params["tv"] and self._tv_state(before)[0] != self._tv_state(now)[0]:
            return [self._tv_screen_rect()]
        return []

    def glow_level(self, t: float) -> int:
        return self._tv_state(t)[1]

    def paint_motion(self, target: pygame.Surface, t: float) -> None:
        if self.params["tv"]:
            target.blit(self._tv_screens[self._tv_state(t)[0]], self._tv_screen_rect().topleft)

    def motes_show(self) -> bool:
        return self.params["light"] >= 1  # no motes show in a room with no light

    @property
    def overlay(self) -> bool:  # type: ignore[override]
        return self.motes_show() or bool(self.params["tv"])


def _scaled(surf: pygame.Surface, k: float) -> pygame.Surface:
    out = surf.copy()
    v = max(0, min(255, int(k * 255)))
    out.fill((v, v, v), special_flags=pygame.BLEND_RGB_MULT)
    return out


@register_scene("title")
class Title(MotesOverlay):
    """The title backdrop: a curtained window glowing at its edges in a dark room, breathing slowly."""

    GEOM = WindowGeom(x0=150, x1=530, y0=120, y1=520, rod_y=110, gap=341)
    fps = 12.0  # slow motes and a slow breath: more frames would look the same

    def moves(self) -> bool:
        return True

    def paint(self) -> pygame.Surface:
        g = self.GEOM
        tint, power = (255, 196, 130), 0.78
        floor_y = 600
        albedo = vgradient(SIZE, [(0, (112, 108, 110)), (floor_y / 720 - 0.001, (124, 118, 114)),
                                  (floor_y / 720, (92, 78, 64)), (1, (112, 92, 72))])
        light = pygame.Surface(SIZE)
        light.fill((11, 11, 17))

        # (Light only adds, so the floor's share can come first, before the emissive layer exists.)
        def spill(s: pygame.Surface, k: float) -> None:
            pygame.draw.polygon(s, (255, 255, 255), [((g.x0 + 60) * k, floor_y * k), ((g.x1 - 60) * k, floor_y * k),
                                                     ((g.x1 + 120) * k, 720 * k), ((g.x0 - 90) * k, 720 * k)])

        floor_light = soft_shape(SIZE, spill, blur=8, down=8)
        floor_light.fill(scale(tint, power * 0.25), special_flags=pygame.BLEND_RGB_MULT)
        light.blit(floor_light, (0, 0), special_flags=pygame.BLEND_RGB_ADD)
        del floor_light
        emissive = pygame.Surface(SIZE)
        emissive.fill((0, 0, 0))
        paint_curtains(albedo, light, emissive, g, tint, power)

        picture = albedo  # lit in place: the bare albedo is not needed again
        light_pass(picture, light)
        del light
        # The rim glow breathes: keep the emissive layer as a sprite over its bounding box
        # (nothing of it shows outside the box).
        box = pygame.Rect(g.x0 - 40, g.y0 - 40, g.x1 - g.x0 + 80, g.y1 - g.y0 + 80)
        rim = emissive.subsurface(box).copy()
        del emissive
        picture.blit(_scaled(rim, 0.8), box.topleft, special_flags=pygame.BLEND_RGB_ADD)
        self.glow = AddedLight(rim, BREATH_STEPS, self.dim, box)
        grain(picture, 4)
        shade(picture, right=0.5, start=0.5, corners=0.4)
        self.place_motes(26, (int(g.gap) - 150, g.y0 + 30, 300, 560), tint, power)
        return picture

    def changed_area(self, before: float, now: float) -> list[pygame.Rect]:
        return []  # the motes and the breath are the overlay: the composed picture never changes

    def glow_level(self, t: float) -> int:
        # A breath every eight seconds or so: the light outside is never quite still.
        return int(round(2.5 + 2.5 * math.sin(t * math.tau / 8.0)))
