"""The 8050 flat: a small Tokyo home with the washing machine, the low table, the mother, the helper's visits."""
from __future__ import annotations

import math
from dataclasses import dataclass

import pygame

from game.player.scenes.base import ScenePainter, register_scene, sprite_area
from game.player.scenes.paint import (
    SIZE, Canvas, Color, add_glow, field, glow, grain, light_pass, mix, scale, shade, soft_shape,
    vgradient,
)


@dataclass(frozen=True)
class FlatLight:
    sky: tuple[tuple[float, Color], ...]
    window: Color  # light coming in through the balcony door
    window_power: float
    ceiling: float  # the room's own lamp, 0 (off) to 1
    outside_lit: float  # share of neighbours' windows lit
    laundry_out: bool  # light enough for washing to be out on the balcony (if it has been hung: washing "done")


def flat_light(hour: int) -> FlatLight:
    """The flat's light through the day: pale by day, orange at dusk, the ceiling lamp at night."""
    h = hour % 24
    if 7 <= h <= 15:
        return FlatLight(((0, (140, 172, 204)), (0.7, (200, 212, 220)), (1, (214, 220, 222))), (226, 232, 236), 1.0,
                         0.0, 0.0, True)
    if h == 16:
        return FlatLight(((0, (130, 150, 180)), (0.7, (236, 196, 150)), (1, (240, 204, 160))), (255, 214, 160), 0.95,
                         0.0, 0.05, True)
    if h in (17, 18):
        return FlatLight(((0, (44, 54, 96)), (0.45, (150, 96, 104)), (0.8, (246, 144, 72)), (1, (250, 160, 80))),
                         (255, 150, 72), 0.8, 0.35, 0.35, False)
    if h == 19:
        return FlatLight(((0, (18, 22, 46)), (0.6, (60, 50, 76)), (1, (140, 80, 72))), (170, 96, 84), 0.3, 0.75, 0.6,
                         False)
    if h in (5, 6):
        return FlatLight(((0, (50, 62, 104)), (0.7, (170, 146, 150)), (1, (214, 166, 146))), (220, 186, 176), 0.5,
                         0.2, 0.1, False)
    return FlatLight(((0, (6, 8, 18)), (0.7, (16, 20, 38)), (1, (30, 30, 46))), (50, 60, 100), 0.1, 0.85,
                     0.45 if h >= 20 else 0.15, False)


FLOOR_Y = 560
VP = (470.0, 300.0)


@register_scene("flat_8050")
class Flat8050(ScenePainter):
    """Looking across the living room towards the balcony door, the washing machine on the left."""

    WINDOW = pygame.Rect(300, 110, 330, 430)
    WASHER = pygame.Rect(54, 344, 186, 246)
    DOOR_C = (147, 476)
    DOOR_R = 60
    GLASS_R = 44
    fps = 12.0  # the drum's frames turn at 12 a second; the steam rises slowly
    CUP = (420, 528)

    def moves(self) -> bool:
        return self.params["washing"] == "running" or bool(self.params["mother"])

    def paint(self) -> pygame.Surface:
        p = self.params
        L = flat_light(p["hour"])
        albedo = vgradient(SIZE, [(0, (170, 160, 144)), (FLOOR_Y / 720 - 0.001, (182, 172, 154)),
                                  (FLOOR_Y / 720, (150, 148, 106)), (1, (168, 164, 118))])
        self._tatami(albedo)
        self._walls(albedo)
        # Light: ceiling lamp (a soft overall wash), the window, the patch it throws on the floor.
        light = pygame.Surface(SIZE)
        amb = 30 + 70 * L.ceiling
        light.fill((int(amb), int(amb * 0.97), int(amb * 0.9)))
        if L.ceiling:
            # The round ceiling lamp above the table: brightest in the middle of the room.
            add_glow(light, (470, 60), (1300, 1000), scale((130, 124, 108), L.ceiling), 2.4)
        wp = L.window_power
        w = self.WINDOW
        add_glow(light, w.center, (w.w * 2.6, w.h * 1.9), scale(L.window, 0.5 * wp), 2.2)

        def patch(s: pygame.Surface, k: float) -> None:
            pygame.draw.polygon(s, (255, 255, 255), [((w.x + 10) * k, FLOOR_Y * k), ((w.right - 10) * k, FLOOR_Y * k),
                                                     ((w.right - 120) * k, 720 * k), ((w.x - 260) * k, 720 * k)])

        floor_patch = soft_shape(SIZE, patch, blur=6, down=8)
        floor_patch.fill(scale(L.window, 0.55 * wp), special_flags=pygame.BLEND_RGB_MULT)
        light.blit(floor_patch, (0, 0), special_flags=pygame.BLEND_RGB_ADD)
        del floor_patch  # each full-screen layer goes as soon as it is used: together they are the paint's peak

        self._washer(albedo)
        # People and furniture in front of the window go on their own layer, lit like the room,
        # so the bright view through the glass can sit behind them.
        front = pygame.Surface(SIZE, pygame.SRCALPHA)
        front.fill((0, 0, 0, 0))
        if p["mother"]:
            self._mother(front)
        self._table(front)
        if p["washing"] == "done":
            self._basket(front)
        if p["helper"]:
            self._helper(front)
        front.blit(light, (0, 0), special_flags=pygame.BLEND_RGB_MULT)
        pic = albedo  # lit in place: the bare albedo is not needed again
        light_pass(pic, light)
        del light
        self._view(pic, L)
        pic.blit(front, (0, 0))
        del front
        if p["mother"]:
            self._mother_rim(pic, L)
        self._cup(pic, L)
        grain(pic, 4)
        shade(pic, right=0.5, start=0.48, corners=0.3)

        # --- motion sprites ---
        if p["washing"] == "running":
            self._drum_frames = [self.keep(f, alpha=True) for f in self._drum(L)]
        else:
            self._drum_frames = []
        self._steam = [self.keep(glow((s, s), (26, 26, 24), 2.5)) for s in (10, 14, 18, 22)]
        return pic

    # --- the room ---------------------------------------------------------------------------------

    def _tatami(self, albedo: pygame.Surface) -> None:
        """Six-mat room: straw mats with dark cloth borders, lines running towards the window."""
        vx, vy = VP
        border = (104, 98, 70)
        for x in (-700, -180, 340, 860, 1380):
            xb = vx + (x - vx) * (720 - vy) / (FLOOR_Y - vy)
            pygame.draw.line(albedo, border, (x * 0.36 + vx * 0.64, FLOOR_Y), (xb * 0.36 + vx * 0.64, 720), 3)
        for y in (592, 646):
            pygame.draw.line(albedo, border, (0, y), (1280, y), 3)

    def _walls(self, albedo: pygame.Surface) -> None:
        c = Canvas((0, 0, 1280, 720), target=albedo)
        # Skirting and the ceiling's shadow line.
        c.rect_((120, 108, 92), (0, FLOOR_Y - 12, 1280, 12))
        # Fusuma sliding doors on the right: paper panels with a small round pull.
        for i in range(2):
            x = 780 + i * 200
            c.rect_((200, 192, 172), (x, 150, 196, FLOOR_Y - 162))
            c.rect_((92, 70, 52), (x, 150, 196, 6))
            c.rect_((92, 70, 52), (x + (0 if i else 190), 150, 6, FLOOR_Y - 162))
            c.circle((110, 100, 86), (x + (176 if i == 0 else 20), 360), 8)
        c.rect_((92, 70, 52), (776, 146, 404, 8))
        # A wall clock and a calendar by the window.
        c.circle((220, 214, 200), (700, 180), 24)
        pygame.draw.circle(albedo, (90, 76, 60), (700, 180), 25, 3)
        pygame.draw.line(albedo, (50, 46, 42), (700, 180), (700, 164), 2)
        pygame.draw.line(albedo, (50, 46, 42), (700, 180), (712, 186), 2)
        c.rect_((226, 222, 210), (680, 250, 46, 64))
        for r in range(4):
            for k in range(5):
                pygame.draw.rect(albedo, (170, 164, 150), (684 + k * 8, 268 + r * 10, 6, 6))
        # The balcony door's frame and the curtains either side.
        w = self.WINDOW
        c.rect_((150, 146, 140), (w.x - 10, w.y - 10, w.w + 20, w.h + 20))
        c.rect_((120, 108, 100), (w.x - 40, w.y - 24, w.w + 80, 8), 3)
        for x0, x1 in ((w.x - 46, w.x + 8), (w.right - 8, w.right + 46)):
            for k in range(int(x1 - x0) // 9):
                col = (118, 124, 112) if k % 2 else (100, 106, 96)
                c.rect_(col, (x0 + k * 9, w.y - 18, 10, w.h + 24))

    def _view(self, pic: pygame.Surface, L: FlatLight) -> None:
        """Through the glass: sky, the next building, wires, the balcony rail and perhaps the washing."""
        w = self.WINDOW
        view = vgradient(w.size, L.sky)
        rng = self.rng
        c = Canvas((0, 0, *w.size), target=view)
        dark = mix(L.sky[0][1], (10, 12, 20), 0.75)
        # Apartment blocks and a house roof beyond the balcony.
        c.rect_(dark, (-10, 120, 150, 400))
        c.rect_(mix(dark, L.sky[-1][1], 0.15), (200, 170, 160, 400))
        c.polygon(mix(dark, (0, 0, 0), 0.3), [(90, 330), (190, 280), (300, 330), (300, 430), (90, 430)])
        for bx, by, cols, rows in ((8, 140, 3, 8), (214, 188, 3, 7)):
            for i in range(rows):
                for j in range(cols):
                    lit = rng.random() < L.outside_lit
                    col = (236, 190, 120) if lit else mix(dark, (255, 255, 255), 0.08)
                    pygame.draw.rect(view, col, (bx + j * 44, by + i * 34, 26, 16))
        c.curve(mix(dark, (0, 0, 0), 0.4), [(0, 60), (120, 84), (240, 92), (340, 80)], 1.0)
        c.curve(mix(dark, (0, 0, 0), 0.4), [(0, 90), (150, 110), (340, 104)], 1.0)
        # Balcony rail and, by day, the washing out on the pole, once it has been hung ("done"): while the
        # text says the load is still in the drum ("running" or "idle"), the pole stays bare.
        rail = mix(dark, (0, 0, 0), 0.2)
        c.rect_(rail, (0, 300, w.w, 8))
        for x in range(0, w.w, 14):
            c.rect_(rail, (x, 300, 3, w.h - 300))
        if L.laundry_out:
            c.rect_(rail, (0, 70, w.w, 4))  # the pole itself is always there by day
        if L.laundry_out and self.params["washing"] == "done":
            for x, col, kind in ((30, (220, 220, 230), 0), (86, (150, 170, 200), 1), (150, (226, 210, 180), 0),
                                 (210, (180, 190, 170), 1), (268, (236, 236, 236), 0)):
                shirt = scale(col, 0.85)
                if kind == 0:
                    c.polygon(shirt, [(x, 74), (x + 44, 74), (x + 50, 92), (x + 40, 96), (x + 40, 150), (x + 4, 150),
                                      (x + 4, 96), (x - 6, 92)])
                else:
                    c.rect_(shirt, (x, 74, 30, 90), 2)
        # The frame between the two sliding panes, and a faint reflection of the room.
        view.fill((14, 12, 10), special_flags=pygame.BLEND_RGB_ADD)
        pygame.draw.rect(view, (120, 116, 110), (w.w // 2 - 4, 0, 8, w.h))
        # Lace curtain across the left pane: light through it, view softened.
        lw = w.w // 2 - 4
        lace = field((lw, w.h), (lw // 3, 4), lambda u, v: [44 + 22 * math.sin(u * lw / 11.0) ** 2] * 3)
        view.blit(lace, (0, 0), special_flags=pygame.BLEND_RGB_ADD)
        pic.blit(view, w.topleft)
        # The sky lights the room's edges near the glass.
        add_glow(pic, w.center, (w.w * 1.4, w.h * 1.2), scale(L.window, 0.1 * L.window_power), 3.0)

    def _washer(self, albedo: pygame.Surface) -> None:
        r = self.WASHER
        c = Canvas((r.x - 10, r.y - 20, r.w + 50, r.h + 40), ss=3, base=(180, 180, 176))
        # Body, a glimpse of its side, the control strip.
        c.polygon((168, 168, 164), [(r.right, r.y + 4), (r.right + 22, r.y + 16), (r.right + 22, r.bottom - 8),
                                    (r.right, r.bottom)])
        c.rect_((210, 210, 206), r, 8)
        c.rect_((190, 192, 190), (r.x + 8, r.y + 8, r.w - 16, 38), 5)
        c.circle((120, 124, 130), (r.right - 36, r.y + 27), 11)
        for i in range(4):
            c.rect_((110, 120, 126), (r.x + 20 + i * 22, r.y + 22, 14, 8), 2)
        # The round door: chrome ring and glass.
        cx, cy = self.DOOR_C
        c.circle((150, 152, 156), (cx, cy), self.DOOR_R)
        c.circle((196, 198, 200), (cx, cy), self.DOOR_R - 6)
        c.circle((40, 46, 54), (cx, cy), self.GLASS_R)
        c.rect_((160, 160, 158), (r.x + 6, r.bottom - 20, r.w - 12, 12), 3)
        c.blit_to(albedo)
        # An empty drum when nothing runs: its holes faintly visible.
        if self.params["washing"] != "running":
            for k in range(24):
                a = k / 24 * math.tau
                for rr in (18, 32):
                    pygame.draw.circle(albedo, (56, 62, 70), (cx + math.cos(a) * rr, cy + math.sin(a) * rr), 2)

    def _drum(self, L: FlatLight) -> list[pygame.Surface]:
        """The turning drum seen through the glass: clothes tumbling, water at the bottom, as rotated frames."""
        R = self.GLASS_R
        size = R * 2
        big = Canvas((0, 0, size * 2, size * 2), ss=2, base=(40, 46, 54))
        c0 = (size, size)
        big.circle((44, 52, 62, 255), c0, size)
        for k in range(36):
            a = k / 36 * math.tau
            for rr in (0.45, 0.75):
                big.circle((70, 78, 88, 255), (c0[0] + math.cos(a) * rr * size, c0[1] + math.sin(a) * rr * size), 3)
        rng = self.rng
        cloth = ((140, 70, 70), (80, 110, 160), (210, 200, 180), (120, 140, 110), (190, 150, 90))
        for i in range(9):
            a = math.pi * (0.15 + 0.7 * rng.random())
            rr = size * (0.35 + 0.55 * rng.random())
            x, y = c0[0] + math.cos(a) * rr, c0[1] + math.sin(a) * rr
            big.ellipse((*cloth[i % len(cloth)], 255), (x - 26, y - 16, 52 + rng.random() * 20, 30 + rng.random() * 16))
        tex = big.result()
        frames = []
        n = 24
        for i in range(n):
            rot = pygame.transform.rotozoom(tex, -i * 360 / n, 0.5)
            rw, rh = rot.get_size()
            frame = pygame.Surface((size, size), pygame.SRCALPHA)
            frame.fill((0, 0, 0, 0))
            frame.blit(rot, (size / 2 - rw / 2, size / 2 - rh / 2))
            # Water sloshing in the bottom of the drum, and the glass's highlight, both still.
            water = pygame.Surface((size, size), pygame.SRCALPHA)
            water.fill((0, 0, 0, 0))
            pygame.draw.ellipse(water, (90, 130, 160, 90), (-10, size * 0.62, size + 20, size * 0.7))
            frame.blit(water, (0, 0))
            pygame.draw.arc(frame, (200, 210, 220, 110), (6, 6, size - 12, size - 12), 1.9, 2.9, 3)
            # Round mask: clear everything outside the glass.
            mask = pygame.Surface((size, size), pygame.SRCALPHA)
            mask.fill((0, 0, 0, 0))
            pygame.draw.circle(mask, (255, 255, 255, 255), (size / 2, size / 2), R)
            frame.blit(mask, (0, 0), special_flags=pygame.BLEND_RGBA_MULT)
            # The room's light on the drum: dimmer by night.
            k = 0.55 + 0.45 * max(L.ceiling, L.window_power)
            frame.fill(scale((255, 255, 255), k), special_flags=pygame.BLEND_RGB_MULT)
            frames.append(frame)
        return frames

    def _table(self, albedo: pygame.Surface) -> None:
        """A round low table (chabudai), tea things, a pill box."""
        c = Canvas((250, 480, 460, 140), ss=3, base=(90, 64, 44))
        c.rect_((70, 50, 34), (320, 560, 14, 40))
        c.rect_((70, 50, 34), (600, 560, 14, 40))
        c.ellipse((84, 60, 42), (300, 528, 340, 52))
        c.ellipse((112, 82, 58), (300, 520, 340, 50))
        # Pill organiser and a teapot.
        c.rect_((200, 196, 186), (520, 530, 60, 14), 3)
        for i in range(5):
            c.rect_((150, 180, 200), (523 + i * 11, 532, 9, 9), 2)
        c.ellipse((60, 70, 66), (460, 508, 40, 30))
        c.rect_((60, 70, 66), (472, 502, 16, 8), 3)
        c.blit_to(albedo)

    def _cup(self, pic: pygame.Surface, L: FlatLight) -> None:
        x, y = self.CUP
        col = scale((200, 196, 186), 0.35 + 0.6 * max(L.ceiling, L.window_power))
        pygame.draw.rect(pic, col, (x - 9, y - 14, 18, 16), border_bottom_left_radius=5, border_bottom_right_radius=5)

    def _basket(self, albedo: pygame.Surface) -> None:
        """The washing, done: folded and stacked in a basket in front of the machine."""
        c = Canvas((40, 560, 260, 140), ss=3, base=(150, 170, 186))
        c.polygon((150, 170, 186), [(62, 620), (250, 620), (240, 690), (72, 690)])
        for i in range(5):
            c.rect_((130, 150, 166), (76 + i * 34, 636, 20, 8), 3)
        stacks = (((226, 224, 216), (170, 186, 206), (214, 196, 170)), ((196, 140, 130), (236, 236, 230)),
                  ((150, 168, 140), (210, 210, 220), (120, 134, 170)))
        for i, stack in enumerate(stacks):
            for k, col in enumerate(stack):
                c.rect_(col, (78 + i * 54, 606 - k * 13, 50, 15), 5)
        c.polygon((160, 180, 196), [(58, 614), (254, 614), (250, 624), (62, 624)])
        c.blit_to(albedo)

    # --- people ------------------------------------------------------------------------------------

    def _mother(self, albedo: pygame.Surface) -> None:
        """An old woman sitting at the table in profile, facing left: back bent, hair in a small bun."""
        tone, hair = (58, 52, 54), (150, 148, 146)
        x, y = 560, 530  # where she sits, behind the table's far edge
        c = Canvas((x - 100, y - 180, 180, 200), ss=3, base=tone)
        # Cardigan over a rounded back, leaning towards the table.
        c.polygon(tone, [(x + 38, y + 12), (x + 44, y - 30), (x + 42, y - 64), (x + 32, y - 92), (x + 14, y - 112),
                         (x - 4, y - 118), (x - 20, y - 110), (x - 28, y - 84), (x - 32, y - 44), (x - 34, y + 12)])
        # Neck reaching forward, head a little bowed.
        c.capsule(tone, (x - 4, y - 112), (x - 20, y - 128), 16)
        c.ellipse(tone, (x - 46, y - 164, 38, 42))
        c.polygon(tone, [(x - 44, y - 142), (x - 52, y - 136), (x - 44, y - 130)])  # nose
        # Grey hair, combed back into a bun.
        c.ellipse(hair, (x - 40, y - 168, 36, 24))
        c.ellipse(hair, (x - 24, y - 162, 22, 26))
        c.circle(hair, (x - 6, y - 156), 9)
        # Arm resting on the table, hand near her tea.
        c.capsule(tone, (x - 6, y - 96), (x - 26, y - 46), 20)
        c.capsule(tone, (x - 26, y - 46), (x - 76, y - 10), 15)
        c.blit_to(albedo)

    def _mother_rim(self, pic: pygame.Surface, L: FlatLight) -> None:
        """Window light catching the edge of her back."""
        if L.window_power > 0.2:
            add_glow(pic, (596, 450), (36, 120), scale(L.window, 0.1 * L.window_power), 3.0)

    def _helper(self, albedo: pygame.Surface) -> None:
        """The care helper kneeling at the table's end, facing the mother, a folder open by her hand."""
        tone, apron, hair, skin = (92, 100, 116), (150, 166, 170), (46, 40, 38), (196, 164, 140)
        x, y = 292, 612  # where her knees rest on the floor
        c = Canvas((x - 80, y - 200, 190, 214), ss=3, base=tone)
        # Kneeling: folded legs under her, heels showing behind.
        c.ellipse(tone, (x - 52, y - 30, 104, 34))
        c.ellipse(tone, (x - 64, y - 20, 34, 22))
        # Upright back, apron in front, leaning a little towards the table.
        c.polygon(tone, [(x - 30, y - 20), (x - 28, y - 110), (x - 16, y - 130), (x + 16, y - 130), (x + 24, y - 112),
                         (x + 30, y - 20)])
        c.polygon(apron, [(x + 6, y - 24), (x + 4, y - 112), (x + 24, y - 108), (x + 32, y - 24)])
        # Arm reaching to the folder on the table.
        c.capsule(tone, (x + 8, y - 118), (x + 30, y - 72), 17)
        c.capsule(tone, (x + 30, y - 72), (x + 70, y - 76), 14)
        c.circle(skin, (x + 74, y - 77), 7)
        # Head turned towards the mother: face in profile, hair tied back.
        c.capsule(skin, (x, y - 130), (x + 2, y - 142), 14)
        c.ellipse(skin, (x - 14, y - 178, 34, 40))
        c.ellipse(hair, (x - 18, y - 182, 30, 26))
        c.circle(hair, (x - 18, y - 160), 9)
        c.rect_((222, 216, 198), (x + 62, y - 86, 44, 10), 2)  # the folder, open on the table's end
        c.blit_to(albedo)

    # --- motion --------------------------------------------------------------------------------------

    def changed_area(self, before: float, now: float) -> list[pygame.Rect]:
        rects = []
        if self._drum_frames and int(before * 12) != int(now * 12):
            cx, cy = self.DOOR_C
            rects.append(sprite_area((cx - self.GLASS_R, cy - self.GLASS_R), self._drum_frames[0]))
        if self.params["mother"]:
            x, y = self.CUP
            largest = self._steam[-1]
            # The puffs sway 6 pixels either way and rise 46 from 18 above the cup, centred on themselves.
            rects.append(sprite_area((x - largest.get_width() / 2, y - 18 - 23 - largest.get_height() / 2),
                                     largest, (6, 23)))
        return rects

    def paint_motion(self, target: pygame.Surface, t: float) -> None:
        if self._drum_frames:
            # Half a turn a second: the gentle, patient turning of a long wash.
            frame = self._drum_frames[int(t * 12) % len(self._drum_frames)]
            cx, cy = self.DOOR_C
            target.blit(frame, (cx - self.GLASS_R, cy - self.GLASS_R))
        if self.params["mother"]:
            # Steam from her tea: a few soft puffs rising and thinning out.
            x, y = self.CUP
            for i in range(3):
                k = ((t / 3.2) + i / 3) % 1.0
                sprite = self._steam[min(3, int(k * 4))]
                sx = x + 6 * math.sin(t * 0.9 + i * 2.0) * k - sprite.get_width() / 2
                sy = y - 18 - k * 46 - sprite.get_height() / 2
                if k < 0.85:
                    target.blit(sprite, (int(sx), int(sy)), special_flags=pygame.BLEND_RGB_ADD)
