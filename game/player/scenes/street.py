"""The small town after midnight: wet asphalt, poles, a dog (night_street); its Camera also frames the day street."""
from __future__ import annotations

import math
from dataclasses import dataclass

import pygame

from game.player.scenes.base import ScenePainter, register_scene, sprite_area
from game.player.scenes.rain import Rain
from game.player.scenes.paint import (
    SIZE, Canvas, Color, add_glow, glow, grain, mix, scale, scaled_sprite, shade, smoothstep, vgradient,
)


@dataclass(frozen=True)
class Camera:
    """A pinhole camera at eye height looking straight down the street."""
    vx: float = 420.0  # vanishing point
    vy: float = 360.0
    focal: float = 700.0
    eye: float = 1.5

    def p(self, x: float, y: float, z: float) -> tuple[float, float]:
        z = max(z, 0.05)
        s = self.focal / z
        return (self.vx + x * s, self.vy + (self.eye - y) * s)

    def s(self, z: float) -> float:
        return self.focal / max(z, 0.05)


SODIUM: Color = (255, 150, 62)
LED: Color = (200, 215, 255)
WARM_WINDOW: Color = (255, 186, 110)
TV_WINDOW: Color = (150, 175, 240)


def lit_fraction(hour: int) -> float:
    """How many windows are still lit: fewer the later it gets, almost none before dawn."""
    h = hour % 24
    order = {18: 0.7, 19: 0.7, 20: 0.6, 21: 0.52, 22: 0.42, 23: 0.32, 0: 0.24, 1: 0.16, 2: 0.1, 3: 0.06, 4: 0.05,
             5: 0.08}
    return order.get(h, 0.5)


@dataclass
class House:
    side: int  # -1 left, +1 right
    z0: float
    z1: float
    height: float
    x: float  # the wall facing the street
    tone: float  # small variations in wall colour


def _houses(rng, side: int, x: float, z_start: float, z_end: float) -> list[House]:
    out = []
    z = z_start
    while z < z_end:
        depth = 6.0 + rng.random() * 4.0
        out.append(House(side, z, z + depth, 5.2 + rng.random() * 1.8, x + side * rng.random() * 0.8, rng.random()))
        z += depth + 1.0 + rng.random() * 2.5
    return out


def _quad(cam: Camera, x: float, y0: float, y1: float, z0: float, z1: float) -> list[tuple[float, float]]:
    """A rectangle on the plane x = const (a wall facing the street) seen in perspective."""
    return [cam.p(x, y0, z0), cam.p(x, y1, z0), cam.p(x, y1, z1), cam.p(x, y0, z1)]


def _fog(color: Color, z: float, haze: Color, far: float = 90.0) -> Color:
    """Distant things fade into the town's orange-grey haze."""
    return mix(color, haze, smoothstep(0.0, far, z) * 0.75)


@register_scene("night_street")
class NightStreet(ScenePainter):
    """A narrow residential street after midnight: poles, wires, pools of streetlight on wet asphalt."""

    CAM = Camera()
    POLES = (4.0, 11.5, 20.0, 29.0, 40.0, 53.0, 68.0)
    LAMPS = (11.5, 29.0, 53.0)  # poles that carry a streetlight
    WALKER_Z = 8.2
    DOG = (0.55, 7.7)  # x, z

    def moves(self) -> bool:
        return True  # moths round the lamp at least

    def paint(self) -> pygame.Surface:
        p = self.params
        cam = self.CAM
        rng = self.rng
        rain = bool(p["rain"])
        haze: Color = (34, 30, 36) if not rain else (40, 38, 46)
        sky = vgradient(SIZE, [(0, (4, 6, 14)), (0.35, (10, 12, 24)), (0.5, haze), (0.52, haze), (1, (20, 20, 26))])
        pic = sky
        if not rain:
            for _ in range(14):
                x, y = rng.randrange(0, 1280), rng.randrange(0, 200)
                pic.set_at((x, y), (70, 74, 90))

        # The road: dark asphalt, a bit lighter and bluer far off; white edge lines.
        road = [cam.p(-2.6, 0, 2.0), cam.p(-2.6, 0, 200), cam.p(2.6, 0, 200), cam.p(2.6, 0, 2.0)]
        c = Canvas((0, 0, 1280, 720), target=pic)
        asphalt = (17, 18, 23) if not rain else (15, 16, 22)
        c.polygon(asphalt, road)
        for side in (-1, 1):
            c.polygon((46, 46, 50), [cam.p(side * 2.35, 0, 2.5), cam.p(side * 2.35, 0, 200),
                                     cam.p(side * 2.25, 0, 200), cam.p(side * 2.25, 0, 2.5)])
            # The verge between road and walls: gravel and drain covers.
            c.polygon((21, 21, 25), [cam.p(side * 2.6, 0, 2.0), cam.p(side * 2.6, 0, 200),
                                     cam.p(side * 3.0, 0, 200), cam.p(side * 3.0, 0, 2.0)])
        self.lit = []  # windows that glow: (quad, colour)
        lit_share = lit_fraction(p["hour"])
        houses = _houses(rng, -1, -4.2, 2.0, 85.0) + _houses(rng, 1, 4.2, 2.0, 85.0)
        # Far end of the street: a row of houses facing us closes the view.
        for i in range(-5, 6):
            x0, x1 = i * 7.0 - 3.0, i * 7.0 + 3.2
            h = 5.6 + rng.random() * 1.4
            col = _fog((14, 15, 20), 92, haze)
            c.polygon(col, [cam.p(x0, 0, 92), cam.p(x0, h, 92), cam.p((x0 + x1) / 2, h + 1.8, 92), cam.p(x1, h, 92),
                            cam.p(x1, 0, 92)])
            if rng.random() < lit_share:
                wx = x0 + 1.5 + rng.random() * 2.5
                self.lit.append(([cam.p(wx, 3.4, 92), cam.p(wx, 4.3, 92), cam.p(wx + 1.1, 4.3, 92),
                                  cam.p(wx + 1.1, 3.4, 92)], WARM_WINDOW, 92))
        for house in sorted(houses, key=lambda h: -h.z1):
            self._house(c, house, haze, lit_share)
        # Block walls along the street in front of the houses, with gaps for gates.
        for side in (-1, 1):
            z = 2.0
            while z < 85:
                length = 4.0 + rng.random() * 6.0
                top = 1.3 + rng.random() * 0.3
                col = _fog((24, 24, 28), z, haze)
                c.polygon(col, _quad(cam, side * 3.0, 0, top, z, z + length))
                c.polygon(_fog((32, 32, 35), z, haze), _quad(cam, side * 3.0, top - 0.08, top, z, z + length))
                z += length + 1.2 + rng.random() * 1.5
        self._vending(c)
        self._poles(c, haze)

        # --- light --------------------------------------------------------------------------
        # Every glow only adds (and saturates), so they go straight onto the picture, one by one.
        glows = pic
        wet = 1.5 if rain else 1.0
        for z in self.LAMPS:
            self._lamp(glows, -1.9, 5.6, z, SODIUM, wet)
        if p["figure"]:
            self._lamp(glows, 1.9, 5.6, 27.0, LED, wet, strength=0.8)
        vm = self.VM
        # Vending machine light: on the road, the wall behind, and its reflection.
        zm = vm[0] + vm[1] / 2
        sm = cam.s(zm)
        vx, vy = cam.p(-2.3, 1.0, zm)
        add_glow(glows, (vx, vy), (sm * 4.5, sm * 4.0), (40, 52, 70), 2.6)
        gx, gy = cam.p(-1.5, 0.0, zm)
        add_glow(glows, (gx, gy), (sm * 4.2, sm * 1.1), scale((70, 88, 116), wet), 2.6)
        rx, ry = cam.p(-2.0, 0.0, zm - 1.4)
        add_glow(glows, (rx, ry + sm * 0.3), (sm * 0.8, sm * 2.8), scale((60, 76, 100), wet * 0.7), 3.0)
        for quad, col, z in self.lit:
            cx = sum(q[0] for q in quad) / 4
            cy = sum(q[1] for q in quad) / 4
            size = min(110.0, cam.s(z) * 2.4)
            add_glow(glows, (cx, cy), (size, size * 0.8), scale(col, 0.2), 3.0)
            # Reflection in the wet road, straight below the window.
            gxr, gyr = cx * 0.85 + cam.vx * 0.15, cam.vy + (cam.vy - cy) * 0.5 + cam.s(z) * 1.2
            if z < 60:
                add_glow(glows, (gxr, gyr), (cam.s(z) * 0.9, cam.s(z) * 3.0), scale(col, 0.09 * wet), 3.0)
        # Small lamps by a few gates, left on all night.
        for gx_, gz in ((-3.0, 19.5), (3.0, 24.0), (-3.0, 35.0)):
            px_, py_ = cam.p(gx_ - 0.05 * (1 if gx_ > 0 else -1), 1.5, gz)
            add_glow(glows, (px_, py_), (cam.s(gz) * 1.6, cam.s(gz) * 1.6), (90, 64, 34), 3.0)
            add_glow(glows, (px_, py_), (max(3, cam.s(gz) * 0.18), max(3, cam.s(gz) * 0.18)), (255, 214, 150), 2.0)
        # Window panes and the machine's face on top of their own glow.
        panes = pygame.Surface(SIZE)
        panes.fill((0, 0, 0))
        w = Canvas((0, 0, 1280, 720), target=panes)
        for quad, col, z in self.lit:
            w.polygon(_fog(scale(col, 0.85), z, (120, 90, 70)), quad)
        self._vending_face(w)
        pic.blit(panes, (0, 0), special_flags=pygame.BLEND_RGB_ADD)
        del panes, w

        # --- people --------------------------------------------------------------------------
        if p["figure"]:
            self._suit(pic, 0.9, 27.0)
        if p["dog"]:
            self._walker_and_dog(pic)

        grain(pic, 5)
        shade(pic, right=0.55, start=0.5, top=0.9, corners=0.3)

        # --- motion ----------------------------------------------------------------------------
        self._moth_center = cam.p(-1.9, 5.45, self.LAMPS[0])
        self._moth = self.keep(glow((5, 5), (170, 150, 120), 2.5))
        if p["dog"]:
            self._tails = [self.keep(s, alpha=True) for s in self._tail_sprites()]
        if rain:
            drops = [(rng.random() * 1400 - 60, rng.random() * 720, 0.6 + rng.random() * 0.8) for _ in range(170)]
            near, far = scale((92, 96, 112), self.dim), scale((60, 63, 76), self.dim)
            # 700 pixels a second: fast enough to read as rain, thin enough to stay quiet.
            self._rain = Rain(drops, fall=700.0, slant=0.08, shape=lambda depth: (-(18 * depth) * 0.08, 18 * depth),
                              colour=lambda depth: near if depth > 1.0 else far)
            self._ripple_sprites: dict[float, list] = {}  # ripples as drawn at each scale, made on first use
            # Ripples come in a few sizes by distance, so their frames are drawn only a few times.
            sizes = {z: [self.keep(r) for r in _ripple_frames(cam.s(z))] for z in (4.0, 7.0, 11.0, 17.0)}
            self._ripples = []
            for _ in range(24):
                x, z = rng.uniform(-2.2, 2.2), rng.choice((4.0, 7.0, 7.0, 11.0, 11.0, 17.0, 17.0))
                z += rng.uniform(-0.8, 0.8)
                self._ripples.append((cam.p(x, 0, z), rng.random(), sizes[round(z / 1.0) and min(sizes, key=lambda k: abs(k - z))]))
        return pic

    # --- pieces of the street ------------------------------------------------------------------

    def _house(self, c: Canvas, h: House, haze: Color, lit_share: float) -> None:
        cam = self.CAM
        rng = self.rng
        x = h.x * 1.0
        side = h.side
        wall = _fog(mix((17, 18, 23), (23, 22, 25), h.tone), h.z0, haze)
        end = _fog(mix((13, 14, 19), (18, 17, 20), h.tone), h.z0, haze)
        roof = _fog((9, 10, 14), h.z0, haze)
        depth_x = x + side * 7.0  # the house extends away from the street
        # End wall facing us (visible because the street is narrow and we look along it).
        ridge_x = x + side * 3.5
        c.polygon(end, [cam.p(x, 0, h.z0), cam.p(x, h.height, h.z0), cam.p(ridge_x, h.height + 1.6, h.z0),
                        cam.p(depth_x, h.height, h.z0), cam.p(depth_x, 0, h.z0)])
        # The side wall along the street.
        c.polygon(wall, _quad(cam, x, 0, h.height, h.z0, h.z1))
        # Roof slope towards the street, with a little overhang.
        eave = x - side * 0.5
        c.polygon(roof, [cam.p(eave, h.height - 0.15, h.z0 - 0.5), cam.p(ridge_x, h.height + 1.6, h.z0 - 0.5),
                         cam.p(ridge_x, h.height + 1.6, h.z1 + 0.5), cam.p(eave, h.height - 0.15, h.z1 + 0.5)])
        # Windows: two floors, some lit.
        n = max(1, int((h.z1 - h.z0) / 3.2))
        for floor, (y0, y1) in enumerate(((1.0, 2.1), (3.3, 4.3))):
            for i in range(n):
                za = h.z0 + (h.z1 - h.z0) * (i + 0.3) / n
                zb = za + min(1.6, (h.z1 - h.z0) / n * 0.45)
                quad = _quad(cam, x - side * 0.02, y0, y1, za, zb)
                # Nobody near us is awake: lit windows are a little way off.
                if za > 10 and rng.random() < lit_share * (1.3 if floor else 0.7):
                    col = TV_WINDOW if rng.random() < 0.25 else WARM_WINDOW
                    self.lit.append((quad, col, za))
                    c.polygon((0, 0, 0), quad)
                else:
                    c.polygon(_fog((11, 12, 16), za, haze), quad)

    VM = (15.0, 1.8)  # vending machines: start z, total length along the wall

    def _vending(self, c: Canvas) -> None:
        cam = self.CAM
        z0, length = self.VM
        # The cabinet: sides and top, in dark metal.
        c.polygon((40, 42, 48), _quad(cam, -2.35, 0, 1.85, z0, z0 + length))
        c.polygon((30, 31, 36), [cam.p(-2.35, 1.85, z0), cam.p(-3.0, 1.85, z0), cam.p(-3.0, 0, z0), cam.p(-2.35, 0, z0)])

    def _vending_face(self, w: Canvas) -> None:
        """The glowing fronts: rows of little lit drinks over a pale panel."""
        cam = self.CAM
        z0, length = self.VM
        for k in range(2):
            za, zb = z0 + k * length / 2 + 0.05, z0 + (k + 1) * length / 2 - 0.05
            w.polygon((104, 124, 150), _quad(cam, -2.34, 0.1, 1.8, za, zb))
            for row, y in enumerate((1.5, 1.25, 1.0)):
                for i in range(6):
                    zc = za + (zb - za) * (i + 0.5) / 6
                    col = ((190, 80, 64), (70, 120, 190), (200, 184, 100), (100, 170, 130))[(i + row + k) % 4]
                    w.polygon(col, _quad(cam, -2.33, y - 0.12, y, zc - 0.05, zc + 0.05))
            w.polygon((36, 40, 50), _quad(cam, -2.33, 0.2, 0.55, za + 0.1, zb - 0.1))

    def _poles(self, c: Canvas, haze: Color) -> None:
        cam = self.CAM
        poles = [(-2.9, z) for z in self.POLES] + ([(2.9, 27.0)] if self.params["figure"] else [])
        tops = {}
        for px, z in sorted(poles, key=lambda pz: -pz[1]):
            col = _fog((16, 16, 20), z, haze)
            s = cam.s(z)
            width = max(1.5, 0.3 * s)
            base, top = cam.p(px, 0, z), cam.p(px, 10.0, z)
            c.polygon(col, [(base[0] - width / 2, base[1]), (top[0] - width * 0.35, top[1]),
                            (top[0] + width * 0.35, top[1]), (base[0] + width / 2, base[1])])
            # Crossarm and insulators.
            a, b = cam.p(px - 0.9, 9.2, z), cam.p(px + 0.9, 9.2, z)
            c.line(col, a, b, max(1.0, 0.12 * s))
            if z in self.LAMPS or px > 0:
                arm_end = px + (0.9 if px < 0 else -0.9)
                c.line(col, cam.p(px, 5.9, z), cam.p(arm_end, 5.75, z), max(1.0, 0.08 * s))
                c.polygon(col, [cam.p(arm_end - 0.25, 5.75, z), cam.p(arm_end + 0.25, 5.75, z),
                                cam.p(arm_end + 0.2, 5.6, z), cam.p(arm_end - 0.2, 5.6, z)])
            # A transformer drum on every other pole.
            if int(z) % 2 == 0 and px < 0:
                t0 = cam.p(px + 0.35, 7.6, z)
                c.rect_(col, (t0[0] - 0.25 * s, t0[1], 0.5 * s, 0.9 * s), 0.1 * s)
            tops[(px, z)] = True
        # Wires: sagging between neighbouring poles, several heights.
        left = [z for z in self.POLES]
        for za, zb in zip(left, left[1:]):
            for dx, y, sag_m in ((-0.8, 9.25, 0.5), (0.8, 9.25, 0.5), (0.0, 8.4, 0.7), (0.2, 7.2, 0.9)):
                pts = []
                for i in range(17):
                    t = i / 16
                    z = za + (zb - za) * t
                    pts.append(cam.p(-2.9 + dx, y - sag_m * 4 * t * (1 - t), z))
                c.curve(_fog((10, 10, 14), za, haze), pts, max(0.6, 0.025 * cam.s(za)))
        # Service wires across the street to the houses on the right.
        for z in left[:-1]:
            pts = []
            for i in range(17):
                t = i / 16
                pts.append(cam.p(-2.9 + 7.2 * t, 7.0 - 0.6 * 4 * t * (1 - t) - 1.3 * t, z + 2.5 * t))
            c.curve(_fog((10, 10, 14), z, haze), pts, max(0.6, 0.02 * cam.s(z)))

    def _lamp(self, glows: pygame.Surface, x: float, y: float, z: float, col: Color, wet: float,
              strength: float = 1.0) -> None:
        cam = self.CAM
        s = cam.s(z)
        lx, ly = cam.p(x, y, z)
        # Pool on the asphalt: an ellipse flattened by perspective.
        px, py = cam.p(x + 0.9, 0, z)
        near, far = cam.p(x, 0, z - 4.5), cam.p(x, 0, z + 4.5)
        add_glow(glows, (px, py), (s * 9.0, (near[1] - far[1]) * 1.25), scale(col, 0.55 * strength), 2.4)
        add_glow(glows, (px, py), (s * 4.5, (near[1] - far[1]) * 0.65), scale(col, 0.32 * strength), 2.8)
        # Air glow round the lamp and the bright lamp itself.
        add_glow(glows, (lx, ly), (s * 6, s * 6), scale(col, 0.28 * strength), 4.0)
        add_glow(glows, (lx, ly + 2), (s * 1.2, s * 0.6), scale(col, 1.0 * strength), 3.0)
        add_glow(glows, (lx, ly + 2), (max(4, s * 0.5), max(2, s * 0.2)), (255, 240, 220), 2.0)
        # Reflection: a long streak on the wet road running towards us.
        rx, ry = cam.p(x + 0.4, 0, z - 2.2)
        add_glow(glows, (rx, ry + s * 0.4), (s * 0.9, s * 4.5), scale(col, 0.22 * wet * strength), 3.0)

    def _walker_and_dog(self, pic: pygame.Surface) -> None:
        cam = self.CAM
        ink = (8, 8, 12)
        z = self.WALKER_Z
        u = cam.s(z)  # metres to pixels at the walker's depth
        fx, fy = cam.p(-0.45, 0, z)  # between the feet
        box = (int(fx - 1.2 * u), int(fy - 2.0 * u), int(3.4 * u), int(2.1 * u))
        c = Canvas(box, ss=3, base=ink)

        def w(x: float, y: float) -> tuple[float, float]:
            return (fx + x * u, fy + y * u)

        # The walker from behind, hood up, shoulders a little forward.
        c.ellipse(ink, (fx - 0.13 * u, fy - 1.79 * u, 0.26 * u, 0.31 * u))
        c.polygon(ink, [w(-0.08, -1.55), w(-0.19, -1.47), w(-0.25, -1.38), w(-0.27, -1.12), w(-0.27, -0.78),
                        w(0.27, -0.78), w(0.28, -1.12), w(0.26, -1.38), w(0.2, -1.47), w(0.08, -1.55)])
        c.curve(ink, [w(-0.23, -1.38), w(-0.28, -1.08), w(-0.27, -0.86)], 0.1 * u)
        hand = w(0.43, -0.93)
        c.curve(ink, [w(0.22, -1.38), w(0.33, -1.12), hand], 0.095 * u)
        c.circle(ink, hand, 0.045 * u)
        # Legs mid-step: the right heel lifting.
        c.polygon(ink, [w(-0.21, -0.8), w(-0.01, -0.8), w(-0.04, -0.42), w(-0.06, -0.06), w(-0.16, -0.06),
                        w(-0.2, -0.42)])
        c.polygon(ink, [w(0.01, -0.8), w(0.21, -0.8), w(0.19, -0.42), w(0.16, -0.12), w(0.06, -0.11), w(0.03, -0.42)])
        c.ellipse(ink, (fx - 0.19 * u, fy - 0.08 * u, 0.16 * u, 0.08 * u))
        c.ellipse(ink, (fx + 0.04 * u, fy - 0.15 * u, 0.14 * u, 0.08 * u))

        # The dog: a shiba in profile, nose to the ground, tail curled (the tail is drawn with the motion).
        dx, dz = self.DOG
        d = cam.s(dz)
        bx, by = cam.p(dx, 0, dz)
        self._dog_anchor = (bx, by, d)

        def g(x: float, y: float) -> tuple[float, float]:
            return (bx + x * d, by + y * d)

        c.ellipse(ink, (bx - 0.3 * d, by - 0.45 * d, 0.6 * d, 0.22 * d))  # body
        c.ellipse(ink, (bx + 0.08 * d, by - 0.47 * d, 0.24 * d, 0.25 * d))  # chest
        c.ellipse(ink, (bx - 0.34 * d, by - 0.46 * d, 0.2 * d, 0.21 * d))  # haunch
        c.curve(ink, [g(0.22, -0.4), g(0.32, -0.3), g(0.4, -0.2)], 0.13 * d)  # neck bending down
        c.ellipse(ink, (bx + 0.33 * d, by - 0.26 * d, 0.16 * d, 0.13 * d))  # head
        c.polygon(ink, [g(0.42, -0.23), g(0.55, -0.12), g(0.53, -0.09), g(0.41, -0.14)])  # muzzle
        c.polygon(ink, [g(0.34, -0.22), g(0.35, -0.33), g(0.41, -0.24)])  # ears, pricked
        c.polygon(ink, [g(0.39, -0.24), g(0.44, -0.33), g(0.46, -0.22)])
        # Legs: straight at the front, bent at the hock behind.
        c.curve(ink, [g(0.2, -0.3), g(0.21, -0.12), g(0.22, -0.01)], 0.06 * d)
        c.curve(ink, [g(0.13, -0.3), g(0.12, -0.12), g(0.11, -0.01)], 0.055 * d)
        c.curve(ink, [g(-0.2, -0.32), g(-0.26, -0.17), g(-0.22, -0.01)], 0.065 * d)
        c.curve(ink, [g(-0.13, -0.32), g(-0.17, -0.17), g(-0.13, -0.01)], 0.055 * d)
        # The lead, slack from hand to collar.
        collar = g(0.3, -0.36)
        pts = []
        for i in range(13):
            t = i / 12
            pts.append((hand[0] + (collar[0] - hand[0]) * t,
                        hand[1] + (collar[1] - hand[1]) * t + 0.16 * u * 4 * t * (1 - t)))
        c.curve(ink, pts, max(1.0, 0.012 * u))
        pic.blit(c.result(), box[:2])

    def _tail_sprites(self) -> list[pygame.Surface]:
        """The curled tail at a range of angles, drawn once; draw() picks one by time."""
        bx, by, d = self._dog_anchor
        size = int(0.6 * d) + 8
        root = (size / 2, size / 2)
        # A shiba's curl: up from the rump, then forward over the back.
        curl = [(0, 0), (-0.04, -0.06), (-0.05, -0.13), (-0.02, -0.18), (0.03, -0.2), (0.08, -0.18), (0.09, -0.13)]
        out = []
        for i in range(9):
            ang = math.radians(-24 + i * 6)
            ca, sa = math.cos(ang), math.sin(ang)
            c = Canvas((0, 0, size, size), ss=4, base=(8, 8, 12))
            pts = [(root[0] + (x * ca - y * sa) * d, root[1] + (x * sa + y * ca) * d) for x, y in curl]
            c.curve((8, 8, 12, 255), pts, 0.06 * d)
            out.append(c.result())
        self._tail_origin = (int(bx - 0.28 * d - root[0]), int(by - 0.4 * d - root[1]))
        return out

    def _suit(self, pic: pygame.Surface, x: float, z: float) -> None:
        """A man in a suit, far off under the light, standing with a briefcase."""
        cam = self.CAM
        s = cam.s(z)
        fx, fy = cam.p(x, 0, z)
        box = (int(fx - 0.6 * s), int(fy - 2.0 * s), int(1.2 * s) + 2, int(2.1 * s) + 2)
        c = Canvas(box, ss=4, base=(10, 10, 14))
        ink = (10, 10, 14)
        u = s
        c.ellipse(ink, (fx - 0.11 * u, fy - 1.78 * u, 0.22 * u, 0.26 * u))
        c.polygon(ink, [(fx - 0.24 * u, fy - 1.46 * u), (fx + 0.24 * u, fy - 1.46 * u), (fx + 0.26 * u, fy - 0.78 * u),
                        (fx - 0.26 * u, fy - 0.78 * u)])
        c.polygon(ink, [(fx - 0.18 * u, fy - 0.8 * u), (fx + 0.18 * u, fy - 0.8 * u), (fx + 0.14 * u, fy),
                        (fx + 0.03 * u, fy), (fx, fy - 0.6 * u), (fx - 0.03 * u, fy), (fx - 0.14 * u, fy)])
        c.rect_(ink, (fx + 0.2 * u, fy - 0.55 * u, 0.34 * u, 0.26 * u), 0.03 * u)
        pic.blit(c.result(), box[:2])

    # --- motion ----------------------------------------------------------------------------------

    def changed_area(self, before: float, now: float) -> list[pygame.Rect]:
        mx, my = self._moth_center
        rects = [sprite_area((mx, my + 10), self._moth, (32, 16))]  # the widest circle: 32 across, half that high
        if self.params["dog"]:
            rects.append(sprite_area(self._tail_origin, self._tails[0]))
        return rects

    def paint_motion(self, target: pygame.Surface, t: float) -> None:
        # Moths circling the nearest lamp, slow and small.
        mx, my = self._moth_center
        for i in range(3):
            a = t * (0.55 + i * 0.17) * math.tau + i * 2.1
            r = 14 + 9 * i
            target.blit(self._moth, (int(mx + math.cos(a) * r), int(my + 10 + math.sin(a * 1.3) * r * 0.5)),
                        special_flags=pygame.BLEND_RGB_ADD)
        if self.params["dog"]:
            # The tail wags about 1.5 times a second: a happy dog, not a flashing light.
            k = 0.5 + 0.5 * math.sin(t * 1.5 * math.tau)
            target.blit(self._tails[int(round(k * 8))], self._tail_origin)

    @property
    def overlay(self) -> bool:  # type: ignore[override]
        return bool(self.params["rain"])  # the rain falls everywhere: drawn over the scaled picture

    def paint_overlay(self, target: pygame.Surface, t: float, scale: float, beneath: pygame.Surface | None = None,
                      beneath_changed: list[pygame.Rect] | None = None) -> list[pygame.Rect]:
        drawn_on = self._rain.draw(target, t, scale)
        # Ripples open and fade on the road (light added, so they shine and never darken).
        ripples = self._ripple_sprites.get(scale)
        if ripples is None:
            ripples = self._ripple_sprites[scale] = self._ripples_scaled(scale)
        add = pygame.BLEND_RGB_ADD
        drawn_on += target.blits([(frames[int((t * 0.8 + phase) % 1.0 * len(frames))], at, None, add)
                                  for phase, at, frames in ripples])
        return drawn_on

    def _ripples_scaled(self, scale: float) -> list[tuple[float, tuple[int, int], list[pygame.Surface]]]:
        """Each ripple's phase, place and frames as drawn in a picture scaled by `scale`."""
        scaled: dict[int, pygame.Surface] = {}  # the frames are shared by ripples of a size: each is scaled once
        out = []
        for (cx, cy), phase, frames in self._ripples:
            width, height = frames[0].get_size()  # a ripple's frames share a size
            at = (int(cx - width / 2), int(cy - height / 2))
            if scale != 1.0:
                for f in frames:
                    if id(f) not in scaled:  # light added scales as the picture under it does: the same sum
                        scaled[id(f)] = scaled_sprite(f, scale)
                frames = [scaled[id(f)] for f in frames]
                at = (round(at[0] * scale), round(at[1] * scale))
            out.append((phase, at, frames))
        return out


def _ripple_frames(s: float, n: int = 8) -> list[pygame.Surface]:
    """A ripple growing and fading, as a few small additive frames sized for its depth."""
    r_max = max(4.0, 0.16 * s)
    size = (int(r_max * 2) + 4, int(r_max * 0.5) + 4)
    out = []
    for i in range(n):
        k = (i + 0.5) / n
        r = r_max * (0.2 + 0.8 * k)
        c = Canvas((0, 0, *size), ss=3)
        col = scale((70, 76, 92), (1 - k) ** 1.3)
        cx, cy = size[0] / 2, size[1] / 2
        c.ellipse((*col, 255), (cx - r, cy - r * 0.22, r * 2, r * 0.44))
        c.ellipse((0, 0, 0, 255), (cx - r + 1.2, cy - r * 0.22 + 0.7, r * 2 - 2.4, r * 0.44 - 1.4))
        surf = pygame.Surface(size)
        surf.fill((0, 0, 0))
        surf.blit(c.result(), (0, 0))
        out.append(surf)
    return out
