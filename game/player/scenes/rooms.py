"""Quiet interiors: the counselling room, the law student's desk, and the calm card behind facts between chapters."""
from __future__ import annotations

import math

import pygame

from game.player.scenes.base import ScenePainter, register_scene
from game.player.scenes.paint import (
    SIZE, AddedLight, Canvas, Color, add_glow, field, grain, light_pass, mix, scale, shade, smoothstep, soft_shape,
    vgradient,
)
from game.player.scenes.room import TV_STEPS, MotesOverlay

# --- shared figures ------------------------------------------------------------------------------------


def seated_person(c: Canvas, x: float, y: float, k: float, tone: Color, facing: int, variant: int) -> None:
    """A person sitting on a chair, seen side-on: (x, y) is the middle of the seat, k the scale, facing +1 right."""
    f = facing
    lean = (-3, 2, 6, 0)[variant % 4]
    hip = (x - f * 10 * k, y - 12 * k)
    knee = (x + f * 34 * k, y - 14 * k)
    foot = (x + f * 38 * k, y + 54 * k)
    neck = (hip[0] + f * lean * k, y - 84 * k)
    # Legs: thigh along the seat, shin down to the floor, a shoe.
    c.capsule(tone, hip, knee, 22 * k)
    c.capsule(tone, knee, foot, 16 * k)
    c.ellipse(tone, (foot[0] - 8 * k + f * 6 * k, foot[1] - 4 * k, 22 * k, 9 * k))
    # Torso: a rounded column from hips to shoulders.
    c.capsule(tone, (hip[0], hip[1] - 6 * k), (neck[0], neck[1] + 14 * k), 36 * k)
    c.circle(tone, (neck[0] + f * 2 * k, neck[1] + 12 * k), 19 * k)
    # Arm resting with the hands on the knees.
    elbow = (neck[0] + f * 10 * k, y - 40 * k)
    c.capsule(tone, (neck[0] + f * 2 * k, neck[1] + 14 * k), elbow, 13 * k)
    c.capsule(tone, elbow, (knee[0] - f * 6 * k, knee[1] - 6 * k), 11 * k)
    # Neck and head, tilted a little towards the others.
    c.capsule(tone, neck, (neck[0] + f * 3 * k, neck[1] - 10 * k), 12 * k)
    c.ellipse(tone, (neck[0] - 14 * k + f * 5 * k, neck[1] - 40 * k, 29 * k, 34 * k))


def soften(surf: pygame.Surface, factor: int = 3) -> pygame.Surface:
    """A slightly out-of-focus copy: scaled down and back up, cheap and smooth."""
    w, h = surf.get_size()
    small = pygame.transform.smoothscale(surf, (max(1, w // factor), max(1, h // factor)))
    return pygame.transform.smoothscale(small, (w, h))


# --- clinic --------------------------------------------------------------------------------------------


@register_scene("clinic")
class Clinic(MotesOverlay):
    """A counselling room: soft chairs in a half circle, a plant, a window; warmth from cool to warm."""

    WINDOW = pygame.Rect(70, 96, 300, 300)
    fps = 12.0  # slow dust in the window light
    FLOOR_Y = 470
    # Chairs in a gentle arc round a low table: seat front centre, scale, facing.
    CHAIRS = ((190, 560, 1.0, 1), (330, 500, 0.78, 1), (520, 500, 0.78, -1), (640, 566, 1.0, -1))
    FILL_ORDER = (1, 2, 0, 3)

    def moves(self) -> bool:
        return True  # dust in the window light

    def paint(self) -> pygame.Surface:
        warmth = self.params["warmth"] / 3
        people = self.params["people"]
        light_col = mix((186, 208, 242), (255, 208, 160), warmth)
        wall = mix((164, 176, 190), (196, 184, 164), warmth)
        floor = mix((112, 120, 130), (136, 116, 92), warmth)
        albedo = vgradient(SIZE, [(0, wall), (self.FLOOR_Y / 720 - 0.001, mix(wall, (255, 255, 255), 0.05)),
                                  (self.FLOOR_Y / 720, floor), (1, mix(floor, (255, 255, 255), 0.08))])
        c = Canvas((0, 0, 1280, 720), target=albedo)
        c.rect_(mix(wall, (0, 0, 0), 0.25), (0, self.FLOOR_Y - 10, 1280, 10))
        w = self.WINDOW
        # Window: frame, sky, a roller blind half down.
        c.rect_((214, 214, 210), (w.x - 10, w.y - 10, w.w + 20, w.h + 20))
        sky = vgradient(w.size, [(0, mix((170, 194, 222), (240, 206, 170), warmth)),
                                 (1, mix((206, 218, 228), (246, 222, 190), warmth))])
        # Outside: soft trees and the roof of the building opposite, like a view half-remembered.
        trees = mix((120, 140, 136), (150, 140, 100), warmth)
        tc = Canvas((0, 0, *w.size), target=sky)
        for i in range(9):
            tc.circle(trees, (i * 40 - 10, w.h - 60 + (i % 3) * 12), 44)
        tc.rect_(mix((150, 160, 170), (190, 170, 150), warmth), (150, 150, 170, 160))
        sky = soften(sky, 3)
        albedo.blit(sky, w.topleft)
        c.rect_(mix((226, 226, 220), (240, 226, 204), warmth), (w.x, w.y, w.w, 96))  # the blind
        c.rect_((190, 190, 186), (w.x, w.y + 92, w.w, 6))
        c.rect_((214, 214, 210), (w.x + w.w // 2 - 4, w.y, 8, w.h))
        # A framed print and a low shelf on the wall, a door on the right.
        c.rect_(mix((120, 140, 150), (170, 140, 110), warmth), (470, 150, 150, 100))
        c.rect_((226, 222, 214), (478, 158, 134, 84))
        c.polygon(mix((140, 170, 170), (200, 160, 120), warmth), [(478, 242), (530, 196), (570, 222), (612, 186),
                                                                  (612, 242)])
        c.rect_(mix(wall, (0, 0, 0), 0.2), (880, 170, 170, 300))
        c.rect_(mix(wall, (255, 255, 255), 0.15), (890, 180, 150, 290))
        c.circle((150, 150, 150), (1020, 330), 6)
        self._plant(c, 420, self.FLOOR_Y + 14)
        # The table and chairs; occupied chairs get a softly drawn person.
        occupied = set(self.FILL_ORDER[:people])
        chair_col = mix((110, 130, 150), (170, 120, 90), warmth)
        layer = pygame.Surface(SIZE, pygame.SRCALPHA)
        layer.fill((0, 0, 0, 0))
        order = sorted(range(4), key=lambda i: self.CHAIRS[i][1])
        table_drawn = False
        for i in order:
            x, y, k, facing = self.CHAIRS[i]
            if not table_drawn and y > 530:
                self._table(layer, warmth)
                table_drawn = True
            cc = Canvas((int(x - 110 * k), int(y - 190 * k), int(220 * k), int(280 * k)), ss=3, base=chair_col)
            self._chair(cc, x, y, k, facing, chair_col)
            if i in occupied:
                tone = mix((70, 78, 92), (96, 78, 70), warmth)
                tone = mix(tone, chair_col, 0.1 * (i % 2))
                seated_person(cc, x - facing * 6 * k, y - 10 * k, k, tone, facing, i)
            layer.blit(soften(cc.result(), 2), cc.rect.topleft)
        if not table_drawn:
            self._table(layer, warmth)
        albedo.blit(layer, (0, 0))
        del layer  # each full-screen layer goes as soon as it is used: together they are the paint's peak

        light = pygame.Surface(SIZE)
        base = 92 + 20 * warmth
        light.fill(scale(mix((190, 208, 240), (255, 224, 190), warmth), base / 255))
        add_glow(light, w.center, (w.w * 3.2, w.h * 2.8), scale(light_col, 0.55), 2.2)

        def beam(s: pygame.Surface, k: float) -> None:
            pygame.draw.polygon(s, (255, 255, 255), [((w.x + 10) * k, self.FLOOR_Y * k), ((w.right - 10) * k, self.FLOOR_Y * k),
                                                     ((w.right + 200) * k, 720 * k), ((w.x + 60) * k, 720 * k)])

        patch = soft_shape(SIZE, beam, blur=8, down=8)
        patch.fill(scale(light_col, 0.35), special_flags=pygame.BLEND_RGB_MULT)
        light.blit(patch, (0, 0), special_flags=pygame.BLEND_RGB_ADD)
        del patch
        pic = albedo
        light_pass(pic, light)
        del light
        # The sky itself stays bright whatever the room.
        pic.blit(sky.subsurface((0, 96, w.w, w.h - 96)), (w.x, w.y + 96), special_flags=pygame.BLEND_RGB_MAX)
        grain(pic, 3)
        shade(pic, right=0.48, start=0.5, corners=0.3)
        self.place_motes(16, (w.x + 20, w.y + 60, w.w + 80, 360), light_col, 0.45)
        return pic

    def _plant(self, c: Canvas, x: float, y: float) -> None:
        """A potted plant beside the window: broad, drooping leaves."""
        c.polygon((150, 120, 96), [(x - 30, y - 60), (x + 30, y - 60), (x + 22, y), (x - 22, y)])
        leaf = (74, 104, 80)
        rng = self.rng
        for i in range(13):
            a = math.pi * (0.15 + 0.7 * i / 12) + rng.uniform(-0.1, 0.1)
            length = 60 + rng.random() * 50
            sx, sy = x + rng.uniform(-8, 8), y - 64
            tip = (sx + math.cos(a) * length * 1.1 * (-1), sy - math.sin(a) * length)
            mid = ((sx + tip[0]) / 2, (sy + tip[1]) / 2 - 10)
            c.curve(mix(leaf, (40, 60, 44), 0.4), [(sx, sy), mid], 2)
            nx, ny = (tip[1] - mid[1]), -(tip[0] - mid[0])
            n = math.hypot(nx, ny) or 1
            wdt = 11
            c.polygon(mix(leaf, (120, 150, 110), (i % 3) / 4), [mid, (mid[0] + (tip[0] - mid[0]) * 0.5 + nx / n * wdt,
                                                                      mid[1] + (tip[1] - mid[1]) * 0.5 + ny / n * wdt),
                                                                tip, (mid[0] + (tip[0] - mid[0]) * 0.5 - nx / n * wdt,
                                                                      mid[1] + (tip[1] - mid[1]) * 0.5 - ny / n * wdt)])

    def _chair(self, c: Canvas, x: float, y: float, k: float, facing: int, col: Color) -> None:
        """A soft armchair in three-quarter view."""
        dark = mix(col, (0, 0, 0), 0.3)
        c.rect_(dark, (x - 40 * k + facing * 22 * k, y - 110 * k, 16 * k, 110 * k), 6 * k)  # back, side-on
        c.rect_(col, (x - 50 * k - facing * 8 * k, y - 120 * k, 78 * k, 100 * k), 14 * k)  # back cushion
        c.rect_(col, (x - 46 * k, y - 26 * k, 96 * k, 30 * k), 10 * k)  # seat
        c.rect_(dark, (x - 42 * k, y + 4 * k, 8 * k, 50 * k))
        c.rect_(dark, (x + 36 * k, y + 4 * k, 8 * k, 50 * k))
        c.rect_(mix(col, (255, 255, 255), 0.1), (x - 54 * k, y - 52 * k, 18 * k, 34 * k), 6 * k)
        c.rect_(mix(col, (255, 255, 255), 0.1), (x + 40 * k, y - 52 * k, 18 * k, 34 * k), 6 * k)

    def _table(self, layer: pygame.Surface, warmth: float) -> None:
        c = Canvas((330, 520, 200, 90), ss=3, base=(150, 130, 110))
        top = mix((170, 172, 170), (168, 132, 96), warmth)
        c.ellipse(mix(top, (0, 0, 0), 0.25), (350, 548, 160, 30))
        c.ellipse(top, (350, 542, 160, 28))
        c.rect_(mix(top, (0, 0, 0), 0.35), (424, 568, 12, 36))
        c.rect_((236, 236, 232), (392, 544, 26, 10), 3)  # tissues, always there
        c.rect_((214, 226, 232), (448, 540, 10, 14), 2)  # a glass of water
        layer.blit(c.result(), c.rect.topleft)

    def changed_area(self, before: float, now: float) -> list[pygame.Rect]:
        return []  # the composed picture never changes: the dust over the window's corner is all overlay


# --- study desk -----------------------------------------------------------------------------------------


@register_scene("study_desk")
class StudyDesk(MotesOverlay):
    """A desk at night under a lamp: stacks of law books, an open book, the window, perhaps a TV's glow."""

    DESK_Y = 470
    fps = 12.0  # slow dust, and a television's glow that steps under 3 Hz
    LAMP = (262, 286)  # the middle of the shade's mouth

    def moves(self) -> bool:
        return True  # dust in the lamp's cone, the TV if on

    def paint(self) -> pygame.Surface:
        p = self.params
        hour = p["hour"] % 24
        night = hour >= 19 or hour <= 5
        lamp_col: Color = (255, 206, 140)
        albedo = vgradient(SIZE, [(0, (128, 124, 118)), (self.DESK_Y / 720, (140, 134, 124)), (1, (120, 114, 106))])
        c = Canvas((0, 0, 1280, 720), target=albedo)
        # Window at the back, with the hour outside.
        wnd = pygame.Rect(260, 60, 240, 180)
        if night:
            sky = [(0, (8, 10, 22)), (1, (26, 28, 44))]
        elif hour in (6, 7, 17, 18):
            sky = [(0, (60, 74, 120)), (1, (236, 150, 90))]
        else:
            sky = [(0, (150, 180, 210)), (1, (214, 222, 226))]
        c.rect_((110, 104, 96), (wnd.x - 8, wnd.y - 8, wnd.w + 16, wnd.h + 16))
        outside = vgradient(wnd.size, sky)
        # Roofs of the houses opposite, a few windows lit at night.
        roofs = mix(sky[0][1], (0, 0, 0), 0.5) if night else mix(sky[-1][1], (90, 96, 110), 0.45)
        oc = Canvas((0, 0, *wnd.size), target=outside)
        oc.polygon(roofs, [(0, 130), (50, 104), (110, 126), (110, 180), (0, 180)])
        oc.polygon(roofs, [(96, 140), (170, 98), (244, 136), (244, 180), (96, 180)])
        if night:
            for x, y in ((30, 140), (150, 150), (196, 150)):
                pygame.draw.rect(outside, (210, 168, 104), (x, y, 12, 9))
        # The desk: top seen from above a little, front edge, drawers.
        c.polygon((112, 84, 60), [(0, self.DESK_Y), (720, self.DESK_Y), (760, 600), (0, 600)])
        c.rect_((84, 62, 44), (0, 600, 760, 22))
        c.rect_((74, 54, 38), (40, 622, 24, 98))
        c.rect_((74, 54, 38), (690, 622, 24, 98))
        self._books(c)
        # Open book and notes under the lamp.
        c.polygon((226, 220, 204), [(220, 520), (330, 510), (340, 566), (226, 578)])
        c.polygon((232, 226, 210), [(330, 510), (446, 518), (452, 574), (340, 566)])
        for i in range(8):
            pygame.draw.line(albedo, (150, 146, 136), (236, 528 + i * 5.5), (322, 520 + i * 5.5), 1)
            pygame.draw.line(albedo, (150, 146, 136), (346, 522 + i * 5.5), (438, 528 + i * 5.5), 1)
        c.polygon((214, 212, 196), [(470, 540), (570, 532), (582, 584), (474, 592)])
        c.line((40, 40, 60), (490, 560), (556, 548), 2.5)  # pen
        # A mug gone cold and sticky notes round the window: months of the same routine.
        c.rect_((170, 176, 184), (618, 520, 30, 36), 5)
        c.rect_((170, 176, 184), (644, 528, 10, 18), 4)
        for x, y, col in ((222, 70, (220, 208, 130)), (226, 118, (200, 210, 150)), (516, 84, (220, 200, 140)),
                          (520, 140, (226, 186, 150)), (512, 196, (210, 210, 150))):
            c.rect_(col, (x, y, 26, 24))
        # The lamp: a weighted base, a jointed arm, the shade tipped over the book.
        lx, ly = self.LAMP
        metal = (46, 50, 56)
        c.ellipse(metal, (160, 482, 70, 18))
        c.capsule(metal, (195, 488), (176, 330), 6)
        c.capsule(metal, (176, 330), (lx - 10, ly - 40), 6)
        c.circle(metal, (176, 330), 6)
        c.polygon((58, 62, 70), [(lx - 12, ly - 48), (lx + 14, ly - 44), (lx + 38, ly - 2), (lx - 38, ly + 4)])
        # Light: the lamp's warm cone on the desk; the window; a low room light otherwise.
        light = pygame.Surface(SIZE)
        light.fill((26, 26, 34) if night else (86, 88, 94))
        add_glow(light, (320, 540), (560, 220), scale(lamp_col, 1.0), 2.4)
        add_glow(light, (280, 420), (900, 700), scale(lamp_col, 0.35), 2.2)
        if not night:
            add_glow(light, wnd.center, (wnd.w * 3, wnd.h * 3), scale(sky[-1][1], 0.5), 2.0)
        if p["tv"]:
            # The TV is across the room behind us: only its cold, shifting light reaches the desk and wall.
            # Its light on the room is albedo x light over this area, kept apart so it can flicker.
            area = pygame.Rect(140, 0, 1000, 720)
            tv_light = pygame.Surface(area.size)
            tv_light.fill((0, 0, 0))
            add_glow(tv_light, (640, 330), (1000, 760), (70, 100, 170), 2.6, offset=area.topleft)
            lit = albedo.subsurface(area).copy()
            lit.blit(tv_light, (0, 0), special_flags=pygame.BLEND_RGB_MULT)
            del tv_light
            self.glow = AddedLight(lit, TV_STEPS, self.dim, area)
            del lit
        pic = albedo  # lit in place: the bare albedo is not needed again
        light_pass(pic, light)
        del light
        pic.blit(outside, wnd.topleft)
        pygame.draw.rect(pic, (60, 56, 52), (wnd.centerx - 3, wnd.y, 6, wnd.h))
        # The bulb's glow under the shade.
        add_glow(pic, (lx, ly + 2), (96, 30), scale(lamp_col, 0.9), 3.0)
        add_glow(pic, (lx, ly + 2), (40, 10), (255, 246, 226), 2.0)
        grain(pic, 4)
        shade(pic, right=0.5, start=0.5, corners=0.35)
        self.place_motes(12, (70, 270, 340, 220), lamp_col, 0.6)
        return pic

    def _books(self, c: Canvas) -> None:
        """Stacks of thick law books with pale spines, up to three piles."""
        n = self.params["books"]
        spines = ((110, 52, 50), (50, 64, 92), (146, 130, 98), (64, 82, 66), (96, 54, 58), (44, 52, 74),
                  (136, 120, 102))
        rng = self.rng
        piles = ((440, 498), (556, 488), (18, 494))[:n]
        for i, (x, base) in enumerate(piles):
            y = base
            for k in range(6 + i * 2):
                h = 18 + rng.random() * 10
                w = 104 + rng.random() * 14
                dx = rng.uniform(-6, 6)
                col = spines[(k + i * 3) % len(spines)]
                c.rect_(col, (x + dx, y - h, w, h), 2)
                c.rect_(mix(col, (230, 210, 160), 0.5), (x + dx + 16, y - h + h * 0.3, 40, 3))
                c.rect_(mix(col, (230, 210, 160), 0.5), (x + dx + 16, y - h + h * 0.6, 26, 2))
                y -= h

    def glow_level(self, t: float) -> int:
        shot = int(t / 4.1)
        base = (0.7, 1.0, 0.8, 0.9)[shot % 4]
        level = base + 0.06 * math.sin(t * 1.2 * math.tau) + 0.04 * math.sin(t * 2.3 * math.tau + 1)
        return max(0, min(5, int(round(level * 5))))

    def changed_area(self, before: float, now: float) -> list[pygame.Rect]:
        return []  # the dust and the television's light are the overlay: the composed picture never changes


# --- fact card --------------------------------------------------------------------------------------------

ACCENTS: dict[str, Color] = {
    "room": (236, 176, 104),  # light round a curtain
    "night": (232, 140, 60),  # sodium streetlight
    "8050": (120, 176, 168),  # the washing machine's cool glass
    "plain": (150, 156, 170),
}


@register_scene("fact_card")
class FactCard(ScenePainter):
    """A calm dark card for the facts between chapters: a soft glow and a fine line in the chapter's colour."""

    def paint(self) -> pygame.Surface:
        accent = ACCENTS.get(self.params["accent"], ACCENTS["plain"])
        base = mix((12, 13, 18), accent, 0.035)

        def fn(u: float, v: float) -> tuple[float, float, float]:
            # A faint pool of the accent on the left, deepening to the right where the text is.
            d = ((u - 0.12) ** 2) * 2.2 + ((v - 0.45) ** 2) * 1.4
            k = 0.11 * math.exp(-d * 5.0)
            col = mix(base, accent, k)
            dark = 1.0 - 0.35 * smoothstep(0.3, 1.0, u)
            return (col[0] * dark, col[1] * dark, col[2] * dark)

        pic = field(SIZE, (160, 40), fn)
        # A thin vertical line of the accent, fading at both ends: a curtain's edge, a lamp post, a door ajar.
        line = vgradient((2, 420), [(0, (0, 0, 0)), (0.5, scale(accent, 0.55)), (1, (0, 0, 0))])
        pic.blit(line, (96, 150), special_flags=pygame.BLEND_RGB_ADD)
        add_glow(pic, (97, 360), (60, 460), scale(accent, 0.12), 3.0)
        grain(pic, 4)
        return pic
