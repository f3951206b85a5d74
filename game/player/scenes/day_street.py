"""The exposed daytime street or platform (day_street), and the people who walk and stand in it."""
from __future__ import annotations

import pygame

from game.player.scenes.base import ScenePainter, register_scene
from game.player.scenes.paint import SIZE, Canvas, Color, add_glow, grain, mix, shade, smoothstep, vgradient
from game.player.scenes.street import Camera


def walker_sprite(kind: int, height: float, step: int, tone: Color) -> pygame.Surface:
    """A walking person seen side-on, facing right: 0 suit and briefcase, 1 office worker with a bag, 2 student."""
    k = height / 170.0
    w, h = int(90 * k) + 4, int(182 * k) + 6
    c = Canvas((0, 0, w, h), ss=3, base=tone)
    x, foot = w / 2, h - 3

    def q(dx: float, dy: float) -> tuple[float, float]:
        return (x + dx * k, foot - dy * k)

    stride = 16 if step else -16
    # Legs: a scissor step, swapping between the two frames.
    hip = q(0, 88)
    c.capsule(tone, hip, q(stride, 4), 15 * k)
    c.capsule(tone, hip, q(-stride, 4), 15 * k)
    c.ellipse(tone, (x + (stride - 4) * k, foot - 7 * k, 20 * k, 7 * k))
    c.ellipse(tone, (x + (-stride - 4) * k, foot - 7 * k, 20 * k, 7 * k))
    if kind == 1:
        c.polygon(tone, [q(-13, 100), q(13, 100), q(17, 62), q(-17, 62)])  # skirt
    # Torso and jacket.
    c.polygon(tone, [q(-15, 92), q(15, 92), q(16, 140), q(8, 148), q(-10, 148), q(-16, 138)])
    c.capsule(tone, q(0, 146), q(2, 154), 11 * k)
    c.ellipse(tone, (x - 11 * k, foot - 176 * k, 23 * k, 26 * k))
    # Arms swinging opposite the legs; what they carry.
    hand_f, hand_b = q(-stride * 0.8, 84), q(stride * 0.8, 84)
    c.capsule(tone, q(0, 140), hand_f, 10 * k)
    c.capsule(tone, q(0, 140), hand_b, 10 * k)
    if kind == 0:
        c.rect_(tone, (hand_b[0] - 12 * k, hand_b[1] - 2 * k, 24 * k, 18 * k), 2 * k)
        c.line(tone, q(-3, 146), q(0, 118), 3 * k)  # tie
    elif kind == 1:
        c.rect_(tone, (hand_f[0] - 9 * k, hand_f[1] - 16 * k, 18 * k, 22 * k), 3 * k)
    else:
        c.rect_(tone, (x - 30 * k, foot - 142 * k, 18 * k, 44 * k), 5 * k)  # backpack
    return c.result()


def standing_sprite(kind: int, height: float, tone: Color) -> pygame.Surface:
    """Someone waiting, front-on, phone in hand or briefcase down."""
    k = height / 170.0
    w, h = int(60 * k) + 4, int(184 * k) + 6
    c = Canvas((0, 0, w, h), ss=3, base=tone)
    x, foot = w / 2, h - 3

    def q(dx: float, dy: float) -> tuple[float, float]:
        return (x + dx * k, foot - dy * k)

    c.capsule(tone, q(-7, 86), q(-7, 4), 13 * k)
    c.capsule(tone, q(7, 86), q(7, 4), 13 * k)
    c.polygon(tone, [q(-20, 90), q(20, 90), q(22, 140), q(12, 150), q(-12, 150), q(-22, 140)])
    c.capsule(tone, q(-20, 140), q(-22, 90), 10 * k)
    if kind == 0:
        c.capsule(tone, q(20, 140), q(22, 90), 10 * k)
        c.rect_(tone, (x + 14 * k, foot - 92 * k, 22 * k, 18 * k), 2 * k)
    else:
        c.capsule(tone, q(20, 140), q(10, 112), 10 * k)  # looking at a phone
    c.capsule(tone, q(0, 148), q(0, 156), 12 * k)
    c.ellipse(tone, (x - 12 * k, foot - 180 * k, 24 * k, 27 * k))
    return c.result()


@register_scene("day_street")
class DayStreet(ScenePainter):
    """Midday, too bright: an exposed street crossing or a station platform, people with somewhere to be."""

    CROWD_SIZES = (0, 4, 8, 13)
    fps = 20.0  # an unhurried walk: a couple of pixels a frame

    def moves(self) -> bool:
        return self.params["crowd"] > 0

    def paint(self) -> pygame.Surface:
        pic = self._platform() if self.params["station"] else self._crossing()
        # Glare: the sun just out of frame, bleaching the top left.
        add_glow(pic, (60, -80), (1500, 900), (60, 58, 52), 1.8)
        grain(pic, 4)
        shade(pic, right=0.42, start=0.5, top=1.0, bottom=0.92)
        self._people()
        return pic

    # --- the crossing ---------------------------------------------------------------------------------

    def _crossing(self) -> pygame.Surface:
        pic = vgradient(SIZE, [(0, (206, 218, 230)), (0.45, (238, 238, 234)), (0.6, (222, 220, 214)), (1, (170, 170, 170))])
        c = Canvas((0, 0, 1280, 720), target=pic)
        rng = self.rng
        # Office buildings across the road: pale facades, bands of windows full of sky.
        x = -30
        while x < 1300:
            w = 150 + rng.random() * 160
            top = 40 + rng.random() * 150
            face = mix((214, 214, 210), (188, 194, 200), rng.random())
            c.rect_(face, (x, top, w, 440 - top))
            glass = mix((170, 186, 204), (210, 220, 228), rng.random())
            for y in range(int(top) + 20, 380, 34):
                c.rect_(glass, (x + 10, y, w - 20, 18))
            # Hard shadow on one side from the high sun.
            c.rect_(mix(face, (90, 96, 110), 0.3), (x + w - 14, top, 14, 440 - top))
            x += w + 4
        # Signs along the ground floor: coloured boards, no lettering.
        for i in range(9):
            col = ((196, 80, 70), (60, 120, 170), (230, 190, 70), (70, 150, 110))[i % 4]
            c.rect_(mix(col, (230, 230, 230), 0.3), (i * 150 + 20, 388, 90, 22))
        c.rect_((150, 150, 150), (0, 436, 1280, 8))
        # Pavement, kerb, road and the zebra crossing in full sun.
        c.rect_((226, 224, 216), (0, 444, 1280, 60))
        c.rect_((180, 178, 172), (0, 502, 1280, 8))
        c.rect_((120, 122, 126), (0, 510, 1280, 210))
        for i in range(10):
            x0 = 40 + i * 118
            c.polygon((244, 244, 240), [(x0, 524), (x0 + 70, 524), (x0 + 70 + (x0 - 420) * 0.35, 720),
                                        (x0 + (x0 - 420) * 0.35, 720)])
        # Long shadows of poles across the pavement: midday has no soft corners.
        for x0 in (180, 620, 1060):
            c.rect_((40, 40, 44), (x0, 160, 10, 290))
            c.rect_((40, 40, 44), (x0 - 40, 170, 90, 26), 6)  # the signal box, lights off in the glare
            c.polygon((150, 150, 150), [(x0, 444), (x0 + 10, 444), (x0 + 60, 504), (x0 + 50, 504)])
        return pic

    # --- the platform ---------------------------------------------------------------------------------

    def _platform(self) -> pygame.Surface:
        """Looking along a platform: people on the left under the canopy, the tracks running off to the right."""
        cam = Camera(vx=600, vy=330, focal=640, eye=1.6)

        def P(x: float, y: float, z: float) -> tuple[float, float]:
            return cam.p(-x, y, z)  # platform coordinates: x grows away from the edge, to the left

        pic = vgradient(SIZE, [(0, (214, 224, 232)), (0.46, (240, 240, 236)), (1, (200, 198, 192))])
        c = Canvas((0, 0, 1280, 720), target=pic)
        # Town beyond the tracks, flat in the glare.
        for i in range(12):
            x0 = 560 + i * 64
            h = 30 + (i * 37 % 5) * 14
            c.rect_((200, 204, 208), (x0, 330 - h, 60, h))
        # Tracks: ballast and rails running to the vanishing point.
        c.polygon((150, 146, 140), [P(-6.5, -1.1, 2), P(-6.5, -1.1, 300), P(-0.2, -1.1, 300), P(-0.2, -1.1, 2)])
        for rx in (-4.6, -3.2, -2.2, -0.8):
            c.polygon((110, 110, 114), [P(rx, -1.0, 2), P(rx, -1.0, 300), P(rx - 0.08, -1.0, 300), P(rx - 0.08, -1.0, 2)])
        # The platform: concrete, its edge face, the white edge line and the yellow tactile strip.
        c.polygon((222, 220, 214), [P(0, 0, 1.5), P(0, 0, 300), P(12, 0, 300), P(12, 0, 1.5)])
        c.polygon((120, 118, 112), [P(0, 0, 1.5), P(0, 0, 300), P(0, -1.1, 300), P(0, -1.1, 1.5)])
        c.polygon((226, 196, 60), [P(0.8, 0, 1.5), P(0.8, 0, 300), P(1.1, 0, 300), P(1.1, 0, 1.5)])
        c.polygon((244, 244, 240), [P(0.05, 0, 1.5), P(0.05, 0, 300), P(0.2, 0, 300), P(0.2, 0, 1.5)])
        # Canopy: a roof on pillars, tubes lit even at noon.
        roof = (76, 80, 88)
        c.polygon(roof, [P(-0.3, 4.2, 1.5), P(-0.3, 4.2, 300), P(12, 4.2, 300), P(12, 4.2, 1.5)])
        c.polygon(mix(roof, (0, 0, 0), 0.3), [P(-0.3, 4.2, 1.5), P(-0.3, 4.2, 300), P(-0.3, 3.8, 300), P(-0.3, 3.8, 1.5)])
        for z in (4, 9, 15, 22, 31, 42, 58):
            s = cam.s(z)
            a, b = P(3.6, 0, z), P(3.6, 4.2, z)
            c.rect_((120, 124, 130), (a[0] - 0.14 * s, b[1], 0.28 * s, a[1] - b[1]))
            c.line((250, 252, 248), P(2.2, 4.15, z), P(4.8, 4.15, z), max(1.0, 0.06 * s))
        # Overhead wires above the tracks.
        for wx in (-2.7, -1.5):
            # One antialiased line each: pygame-ce 2.5's aalines leaves the last pixels of a steep
            # open line differing from one run of the game to the next; aaline draws them the same.
            pygame.draw.aaline(pic, (60, 60, 64), P(wx, 5.6, 2), P(wx, 5.6, 300))
        self._cam = cam
        return pic

    # --- the crowd --------------------------------------------------------------------------------------

    def _people(self) -> None:
        """People as sprites: who they are and how they move is decided once; draw() only places them."""
        n = self.CROWD_SIZES[self.params["crowd"]]
        rng = self.rng
        self._walkers: list[tuple] = []
        self._standers: list[tuple] = []
        tones = ((40, 44, 54), (52, 54, 62), (30, 32, 40), (60, 58, 64))
        if self.params["station"]:
            cam = self._cam
            for i in range(n):
                z = 6 + rng.random() * 26
                x = -(1.6 + rng.random() * 6.0)
                s = cam.s(z)
                height = 1.7 * s
                fx, fy = cam.p(x, 0, z)
                tone = mix(tones[i % 4], (200, 200, 200), smoothstep(5, 40, z) * 0.45)
                if i % 3 == 2:
                    frames = [self.keep(walker_sprite(i % 3, height, st, tone), alpha=True) for st in (0, 1)]
                    self._walkers.append((fx, fy, z, rng.choice((-1, 1)) * (0.5 + rng.random() * 0.4) * s, frames,
                                          rng.random()))
                else:
                    self._standers.append((fx, fy, z, self.keep(standing_sprite(i % 2, height, tone), alpha=True)))
        else:
            for i in range(n):
                near = i % 3 == 0
                base = 530 + rng.random() * 150 if near else 470 + rng.random() * 30
                height = base * 0.62 - 120 if near else 150 + (base - 470) * 0.6
                tone = tones[i % 4]
                direction = -1 if (i * 7) % 3 == 0 else 1
                frames = []
                for st in (0, 1):
                    spr = walker_sprite(i % 3, height, st, tone)
                    if direction < 0:
                        spr = pygame.transform.flip(spr, True, False)
                    frames.append(self.keep(spr, alpha=True))
                x = rng.random() * 1400 - 60
                speed = direction * (26 + rng.random() * 20) * height / 170
                self._walkers.append((x, base, base, speed, frames, rng.random()))
        self._walkers.sort(key=lambda w: w[2] if not self.params["station"] else -w[2])
        self._standers.sort(key=lambda s: -s[2])

    def changed_area(self, before: float, now: float) -> list[pygame.Rect]:
        # The walkers cross the whole width, each on its own line: the band from the tallest head to the lowest foot.
        tops, bottoms = [], []
        for _x0, y, _depth, _speed, frames, _phase in self._walkers:
            tops.append(y - max(frame.get_height() for frame in frames) + 3)
            bottoms.append(y + 3)
        if not tops:
            return []
        return [pygame.Rect(0, int(min(tops)) - 1, SIZE[0], int(max(bottoms) - min(tops)) + 3)]

    def paint_motion(self, target: pygame.Surface, t: float) -> None:
        span = 1500.0
        for fx, fy, _z, sprite in self._standers:
            target.blit(sprite, (int(fx - sprite.get_width() / 2), int(fy - sprite.get_height() + 3)))
        for x0, y, _depth, speed, frames, phase in self._walkers:
            x = (x0 + speed * t + 120) % span - 120
            # Two poses swapped a little over twice a second: an unhurried walk, no flicker.
            frame = frames[int(t * 2.4 + phase * 2) % 2]
            target.blit(frame, (int(x - frame.get_width() / 2), int(y - frame.get_height() + 3)))
