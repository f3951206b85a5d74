"""Places the chapters pass through: the family house's kitchen and landing, a doctor's room, a community room, a station at night."""
from __future__ import annotations

import pygame

from game.player.scenes.base import ScenePainter, register_scene
from game.player.scenes.paint import (
    SIZE, Canvas, Color, add_glow, grain, light_pass, mix, scale, shade, vgradient,
)
from game.player.scenes.rooms import seated_person, soften


def sky_for(hour: int) -> list[tuple[float, Color]]:
    """The window's sky at an hour: night, the edges of the day, or day."""
    hour %= 24
    if hour >= 19 or hour <= 4:
        return [(0, (8, 10, 22)), (1, (24, 26, 42))]
    if hour in (5, 6, 17, 18):
        return [(0, (62, 74, 118)), (1, (226, 148, 96))]
    return [(0, (150, 180, 210)), (1, (214, 222, 226))]


def is_night(hour: int) -> bool:
    hour %= 24
    return hour >= 19 or hour <= 4


def standing_person(c: Canvas, x: float, foot_y: float, k: float, tone: Color, facing: int = 1) -> None:
    """A person standing, a little turned away: (x, foot_y) is between the feet, k the scale."""
    f = facing
    c.capsule(tone, (x - 9 * k, foot_y - 4 * k), (x - 7 * k, foot_y - 88 * k), 20 * k)
    c.capsule(tone, (x + 9 * k, foot_y - 4 * k), (x + 7 * k, foot_y - 88 * k), 20 * k)
    c.capsule(tone, (x, foot_y - 96 * k), (x + f * 3 * k, foot_y - 176 * k), 46 * k)
    c.capsule(tone, (x + f * 20 * k, foot_y - 168 * k), (x + f * 30 * k, foot_y - 110 * k), 12 * k)
    c.capsule(tone, (x + f * 3 * k, foot_y - 190 * k), (x + f * 4 * k, foot_y - 200 * k), 12 * k)
    c.ellipse(tone, (x - 15 * k + f * 4 * k, foot_y - 236 * k, 30 * k, 36 * k))


def interior_base(wall_top: Color, wall_foot: Color, floor: Color, floor_y: int,
                  floor_dark: float) -> tuple[pygame.Surface, Canvas]:
    """A room's bare picture: the back wall from wall_top down to the floor line, then the floor darkening
    towards us by floor_dark; and a Canvas that draws on it."""
    albedo = vgradient(SIZE, [(0, wall_top), (floor_y / 720 - 0.001, wall_foot),
                              (floor_y / 720, floor), (1, mix(floor, (0, 0, 0), floor_dark))])
    return albedo, Canvas((0, 0, 1280, 720), target=albedo)


def finish_interior(albedo: pygame.Surface, light: pygame.Surface, right: float = 0.5) -> pygame.Surface:
    """Light the picture, add grain and darken the side the text panel covers."""
    light_pass(albedo, light)
    grain(albedo, 4)
    shade(albedo, right=right, start=0.48, corners=0.3)
    return albedo


# --- the family house ---------------------------------------------------------------------------------


@register_scene("house_kitchen")
class HouseKitchen(ScenePainter):
    """A family house's kitchen: a wooden table under a hanging lamp, the rice cooker, a garden window."""

    FLOOR_Y = 500
    WINDOW = pygame.Rect(96, 120, 260, 190)
    LAMP = (470, 250)

    def paint(self) -> pygame.Surface:
        p = self.params
        hour = p["hour"]
        night = is_night(hour)
        wall = (176, 164, 142)
        floor = (132, 104, 74)
        albedo, c = interior_base(wall, mix(wall, (255, 255, 255), 0.06), floor, self.FLOOR_Y, 0.2)
        # Floorboards, running away from us.
        for i in range(9):
            y = self.FLOOR_Y + 8 + i * i * 3
            c.line(mix(floor, (0, 0, 0), 0.18), (0, y), (1280, y), 1.5)
        # The window over the sink: garden outside, a bamboo blind rolled up.
        w = self.WINDOW
        sky = sky_for(hour)
        outside = vgradient(w.size, sky)
        oc = Canvas((0, 0, *w.size), target=outside)
        hedge = mix(sky[-1][1], (20, 40, 24), 0.7)
        for i in range(8):
            oc.circle(hedge, (i * 38 - 6, w.h - 30 + (i % 2) * 10), 40)
        oc.rect_(mix(hedge, (0, 0, 0), 0.3), (180, 40, 10, 150))  # the neighbour's telephone pole
        albedo.blit(soften(outside, 2), w.topleft)
        c.rect_((206, 196, 176), (w.x - 10, w.y - 10, w.w + 20, 14))
        c.rect_((150, 120, 80), (w.x, w.y - 6, w.w, 18), 6)  # the rolled blind
        c.rect_((206, 196, 176), (w.centerx - 4, w.y, 8, w.h))
        c.rect_((206, 196, 176), (w.x - 10, w.bottom, w.w + 20, 12))
        # Counter and sink under the window, cupboards below; the rice cooker and a kettle on top.
        c.rect_((200, 198, 192), (40, 340, 420, 22))
        c.rect_((150, 132, 108), (40, 362, 420, 138))
        for x in (60, 200, 330):
            c.rect_(mix((150, 132, 108), (0, 0, 0), 0.15), (x, 374, 118, 112), 3)
            c.rect_((96, 84, 70), (x + 52, 420, 14, 4))
        c.rect_((168, 172, 176), (160, 330, 130, 12), 4)  # the sink's rim
        c.rect_((232, 228, 218), (372, 292, 64, 50), 14)  # rice cooker
        c.rect_((210, 204, 192), (380, 286, 48, 12), 6)
        c.circle((90, 190, 110), (404, 322), 3)  # its warm-keeping light
        c.rect_((60, 62, 66), (82, 308, 44, 34), 8)  # kettle
        c.capsule((60, 62, 66), (126, 318), (138, 306), 4)
        # A calendar on the wall, one square circled in red.
        c.rect_((236, 232, 222), (560, 120, 110, 140))
        c.rect_((176, 70, 62), (560, 120, 110, 24))
        for row in range(4):
            for col in range(5):
                c.rect_((200, 196, 186), (568 + col * 20, 152 + row * 24, 14, 16))
        c.circle((200, 60, 50), (608 + 10, 200 + 8), 11)
        c.circle((236, 232, 222), (608 + 10, 200 + 8), 8)
        # The table: a low wooden table with four chairs; a cup for each person at home.
        top = (150, 110, 70)
        c.polygon(top, [(250, 520), (690, 520), (730, 580), (210, 580)])
        c.rect_(mix(top, (0, 0, 0), 0.3), (210, 580, 520, 16))
        for x in (228, 696):
            c.rect_(mix(top, (0, 0, 0), 0.4), (x, 596, 16, 96))
        for x, y in ((330, 536), (470, 530), (590, 540)):
            c.rect_((222, 218, 206), (x, y, 22, 20), 4)
        if p["father"]:
            # His newspaper, folded open, and his chair pushed out.
            c.polygon((214, 210, 198), [(520, 548), (620, 544), (630, 570), (524, 574)])
            for i in range(4):
                c.line((150, 146, 136), (530, 554 + i * 4), (612, 551 + i * 4), 1)
        if p["mother"]:
            standing_person(c, 250, 492, 1.0, (78, 70, 70), facing=-1)
        # The lamp over the table: a cord and a paper shade.
        lx, ly = self.LAMP
        c.line((40, 36, 32), (lx, 0), (lx, ly - 40), 2)
        c.polygon((236, 220, 190), [(lx - 26, ly - 40), (lx + 26, ly - 40), (lx + 60, ly), (lx - 60, ly)])
        lamp: Color = (255, 214, 156)
        light = pygame.Surface(SIZE)
        light.fill((40, 38, 46) if night else (112, 112, 116))
        add_glow(light, (lx, 520), (820, 520), scale(lamp, 0.95 if night else 0.45), 2.3)
        if not night:
            add_glow(light, w.center, (w.w * 3.4, w.h * 3.4), scale(sky[-1][1], 0.55), 2.0)
        pic = finish_interior(albedo, light)
        pic.blit(outside.subsurface((0, 12, w.w, w.h - 12)), (w.x, w.y + 12), special_flags=pygame.BLEND_RGB_MAX)
        add_glow(pic, (lx, ly), (140, 36), scale(lamp, 0.8), 3.0)
        return pic


@register_scene("house_landing")
class HouseLanding(ScenePainter):
    """The upstairs landing: a closed door, a tray left on the floor before it, the stairwell's rail."""

    FLOOR_Y = 560
    DOOR = pygame.Rect(300, 150, 200, 410)

    def paint(self) -> pygame.Surface:
        p = self.params
        hour = p["hour"]
        night = is_night(hour)
        wall = (160, 150, 134)
        floor = (118, 92, 66)
        albedo, c = interior_base(mix(wall, (0, 0, 0), 0.1), wall, floor, self.FLOOR_Y, 0.25)
        c.rect_(mix(wall, (0, 0, 0), 0.3), (0, self.FLOOR_Y - 12, 1280, 12))  # skirting
        d = self.DOOR
        # The room's door, shut: a plain panel door with a round handle.
        c.rect_(mix(wall, (0, 0, 0), 0.35), (d.x - 12, d.y - 12, d.w + 24, d.h + 12))
        c.rect_((184, 164, 132), d)
        for y0 in (d.y + 24, d.y + 220):
            c.rect_(mix((184, 164, 132), (0, 0, 0), 0.1), (d.x + 24, y0, d.w - 48, 166), 3)
        c.circle((140, 128, 100), (d.right - 30, d.y + 214), 10)
        # The line of light under the door, if there is one.
        if p["light_under"]:
            c.rect_((255, 226, 170), (d.x + 4, d.bottom - 4, d.w - 8, 4))
        # The tray by the door: a bowl with a cover, a cup, chopsticks.
        if p["tray"]:
            c.polygon((120, 84, 54), [(360, 616), (520, 616), (540, 648), (340, 648)])
            c.ellipse((224, 220, 210), (372, 596, 64, 30))
            c.ellipse((196, 60, 50), (380, 590, 48, 18))
            c.rect_((214, 210, 200), (456, 602, 30, 30), 5)
            c.line((80, 50, 30), (380, 636), (500, 626), 3)
        # The stairwell: a banister running down to the left, a small window at the turn.
        c.rect_((94, 70, 48), (40, 400, 200, 14))
        for x in range(52, 240, 28):
            c.rect_((104, 80, 56), (x, 414, 8, 146))
        c.polygon(mix(floor, (0, 0, 0), 0.45), [(0, 560), (240, 560), (240, 720), (0, 720)])
        sw = pygame.Rect(70, 150, 110, 150)
        sky = sky_for(hour)
        albedo.blit(vgradient(sw.size, sky), sw.topleft)
        c.rect_(mix(wall, (0, 0, 0), 0.3), (sw.centerx - 3, sw.y, 6, sw.h))
        # Further along, the bathroom door ajar and a hall cupboard.
        c.rect_(mix(wall, (0, 0, 0), 0.25), (640, 190, 150, 370))
        c.rect_(mix(wall, (0, 0, 0), 0.55), (640, 190, 40, 370))
        light = pygame.Surface(SIZE)
        light.fill((34, 34, 44) if night else (96, 96, 100))
        if not night:
            add_glow(light, sw.center, (520, 600), scale(sky[-1][1], 0.6), 2.0)
        else:
            add_glow(light, (150, 600), (600, 400), (70, 64, 60), 2.0)  # the light left on downstairs
        if p["light_under"]:
            add_glow(light, (d.centerx, d.bottom + 6), (420, 90), (190, 160, 110), 2.4)
        pic = finish_interior(albedo, light)
        if p["light_under"]:
            add_glow(pic, (d.centerx, d.bottom - 2), (d.w, 10), (180, 150, 100), 2.0)
        return pic


# --- outside the house -----------------------------------------------------------------------------


@register_scene("consulting_room")
class ConsultingRoom(ScenePainter):
    """A doctor's consulting room: a desk with a screen, two chairs, a white blind, a box of tissues."""

    FLOOR_Y = 480

    def paint(self) -> pygame.Surface:
        doctor = self.params["doctor"]
        wall = (206, 208, 204)
        floor = (150, 154, 150)
        albedo, c = interior_base(wall, mix(wall, (0, 0, 0), 0.04), floor, self.FLOOR_Y, 0.15)
        # The window with a white roller blind most of the way down: daylight comes in under it.
        w = pygame.Rect(420, 80, 260, 250)
        c.rect_((226, 228, 226), (w.x - 8, w.y - 8, w.w + 16, w.h + 16))
        c.rect_((214, 224, 232), w)
        c.rect_((240, 240, 236), (w.x, w.y, w.w, 190))
        c.rect_((200, 200, 196), (w.x, w.y + 186, w.w, 6))
        # A chart on the wall and the desk along it: a screen, a keyboard, a pen pot.
        c.rect_((236, 236, 232), (110, 120, 150, 200))
        for i in range(8):
            c.line((170, 176, 186), (126, 150 + i * 20), (244, 150 + i * 20), 2)
        desk = (182, 170, 150)
        c.rect_(desk, (60, 400, 440, 20))
        c.rect_(mix(desk, (0, 0, 0), 0.25), (80, 420, 14, 150))
        c.rect_(mix(desk, (0, 0, 0), 0.25), (466, 420, 14, 150))
        c.rect_((46, 50, 58), (150, 300, 150, 96), 4)
        c.rect_((76, 96, 120), (158, 308, 134, 80), 2)
        c.rect_((60, 62, 68), (214, 396, 20, 6))
        c.rect_((220, 220, 216), (180, 404, 110, 10), 2)
        c.rect_((236, 236, 236), (380, 386, 44, 16), 3)  # tissues
        # The doctor's chair at the desk, and the patient's chair turned towards it.
        tone_chair = (70, 84, 104)
        c.rect_(tone_chair, (300, 380, 80, 110), 10)
        c.rect_(mix(tone_chair, (0, 0, 0), 0.3), (334, 490, 10, 60))
        c.rect_(tone_chair, (560, 470, 100, 28), 8)
        c.rect_(tone_chair, (640, 380, 24, 110), 8)
        c.rect_(mix(tone_chair, (0, 0, 0), 0.3), (572, 498, 10, 70))
        c.rect_(mix(tone_chair, (0, 0, 0), 0.3), (636, 498, 10, 70))
        layer = pygame.Surface(SIZE, pygame.SRCALPHA)
        layer.fill((0, 0, 0, 0))
        if doctor:
            cc = Canvas((220, 280, 220, 300), ss=3, base=(90, 96, 110))
            seated_person(cc, 340, 480, 1.0, (150, 156, 166), 1, 1)  # a pale coat, seen against the light
            layer.blit(soften(cc.result(), 2), cc.rect.topleft)
        albedo.blit(layer, (0, 0))
        del layer
        light = pygame.Surface(SIZE)
        light.fill((132, 136, 140))
        add_glow(light, (w.centerx, w.bottom + 60), (900, 640), (120, 124, 122), 2.0)
        pic = finish_interior(albedo, light, right=0.46)
        add_glow(pic, (w.centerx, w.bottom - 20), (w.w, 60), (24, 24, 22), 2.2)
        return pic


@register_scene("community_room")
class CommunityRoom(ScenePainter):
    """A community centre's meeting room: tables pushed together (on chairs, or low on tatami), a kettle, a notice board."""

    FLOOR_Y = 470

    def paint(self) -> pygame.Surface:
        p = self.params
        people, warmth, tatami = p["people"], p["warmth"] / 3, p["floor"] == "tatami"
        wall = mix((184, 186, 178), (198, 184, 160), warmth)
        floor = (150, 146, 100) if tatami else (124, 116, 98)
        albedo, c = interior_base(wall, wall, floor, self.FLOOR_Y, 0.2)
        self._floor(c, floor, tatami)
        self._walls(c)
        layer = pygame.Surface(SIZE, pygame.SRCALPHA)
        layer.fill((0, 0, 0, 0))
        if tatami:
            self._low_table(c, layer, people)
        else:
            self._tables_and_chairs(c, layer, people)
        albedo.blit(layer, (0, 0))
        del layer
        light = pygame.Surface(SIZE)
        light.fill(scale(mix((200, 206, 196), (236, 210, 176), warmth), 0.55 + 0.1 * warmth))
        add_glow(light, (380, 420), (900, 600), scale(mix((120, 126, 112), (150, 120, 80), warmth), 0.6), 2.0)
        return finish_interior(albedo, light, right=0.46)

    def _floor(self, c: Canvas, floor: Color, tatami: bool) -> None:
        """Lino tiles, or the dark borders of tatami mats."""
        if tatami:
            edge = (58, 60, 50)
            c.line(edge, (0, self.FLOOR_Y + 60), (1280, self.FLOOR_Y + 60), 5)
            c.line(edge, (0, self.FLOOR_Y + 170), (1280, self.FLOOR_Y + 170), 6)
            for x in (180, 520, 860):
                c.line(edge, (x, self.FLOOR_Y), (x - 60, self.FLOOR_Y + 60), 4)
            for x in (60, 600):
                c.line(edge, (x, self.FLOOR_Y + 60), (x - 90, self.FLOOR_Y + 170), 5)
            return
        for i in range(12):
            y = self.FLOOR_Y + 10 + i * i * 2.2
            c.line(mix(floor, (0, 0, 0), 0.12), (0, y), (1280, y), 1)

    def _walls(self, c: Canvas) -> None:
        """A notice board crowded with paper, a clock, high windows, the side table with the hot-water urn."""
        c.rect_((150, 112, 74), (90, 110, 300, 190))
        for i, (x, y, col) in enumerate(((104, 124, (236, 232, 220)), (176, 118, (240, 226, 170)),
                                          (250, 130, (220, 230, 236)), (320, 120, (236, 220, 214)),
                                          (110, 210, (226, 236, 214)), (200, 200, (236, 232, 220)),
                                          (290, 214, (240, 236, 200)))):
            c.rect_(col, (x, y, 60 + (i % 3) * 6, 70))
            c.circle((200, 60, 50), (x + 30, y + 4), 3)
        c.circle((236, 236, 230), (560, 120), 30)
        c.circle((60, 60, 60), (560, 120), 4)
        c.line((40, 40, 40), (560, 120), (560, 98), 3)
        c.line((40, 40, 40), (560, 120), (576, 126), 3)
        for x in (440, 640, 840):
            c.rect_((200, 212, 222), (x, 40, 150, 46))
        c.rect_((170, 160, 140), (630, 300, 200, 14))
        c.rect_((150, 150, 156), (660, 236, 54, 64), 6)
        c.rect_((120, 50, 46), (730, 270, 40, 30), 4)
        for i in range(4):
            c.rect_((236, 234, 226), (786, 288 - i * 8, 26, 8))

    def _tables_and_chairs(self, c: Canvas, layer: pygame.Surface, people: int) -> None:
        """Folding tables pushed into one, chairs round it, some taken."""
        top = (206, 200, 186)
        c.polygon(top, [(150, 500), (610, 500), (650, 560), (110, 560)])
        c.rect_(mix(top, (0, 0, 0), 0.3), (110, 560, 540, 10))
        for x in (130, 620):
            c.line((90, 90, 96), (x, 570), (x + (10 if x < 300 else -10), 680), 5)
        seats = ((170, 500, 0.9, 1), (300, 486, 0.8, 1), (470, 486, 0.8, -1), (600, 500, 0.9, -1),
                 (230, 640, 1.0, 1), (540, 640, 1.0, -1))
        chair = (84, 92, 104)
        for i, (x, y, k, facing) in enumerate(seats):
            cc = Canvas((int(x - 100 * k), int(y - 180 * k), int(200 * k), int(260 * k)), ss=3, base=chair)
            cc.rect_(chair, (x - 30 * k - facing * 20 * k, y - 90 * k, 10 * k, 90 * k))
            cc.rect_(chair, (x - 34 * k, y - 10 * k, 68 * k, 12 * k), 3)
            cc.line(mix(chair, (0, 0, 0), 0.3), (x - 28 * k, y), (x - 30 * k, y + 60 * k), 4 * k)
            cc.line(mix(chair, (0, 0, 0), 0.3), (x + 28 * k, y), (x + 30 * k, y + 60 * k), 4 * k)
            if i < people:
                seated_person(cc, x, y - 10 * k, k, mix((80, 74, 78), (100, 88, 76), (i % 3) / 2), facing, i)
            layer.blit(soften(cc.result(), 2), cc.rect.topleft)

    def _low_table(self, c: Canvas, layer: pygame.Surface, people: int) -> None:
        """Low tables end to end on the mats, cushions round them, people kneeling."""
        top = (120, 84, 56)
        c.polygon(top, [(170, 560), (600, 560), (640, 600), (130, 600)])
        c.rect_(mix(top, (0, 0, 0), 0.35), (130, 600, 510, 14))
        c.rect_((224, 220, 208), (330, 566, 40, 22), 6)  # the kettle's tray and cups
        c.circle((190, 120, 70), (430, 578), 8)  # a plate of dried persimmons
        places = ((200, 556, 0.8), (320, 548, 0.75), (450, 548, 0.75), (570, 556, 0.8), (250, 680, 1.0), (520, 680, 1.0))
        for i, (x, y, k) in enumerate(places):
            cc = Canvas((int(x - 70 * k), int(y - 150 * k), int(140 * k), int(170 * k)), ss=3, base=(110, 90, 90))
            cc.ellipse((150, 70, 64), (x - 36 * k, y - 8 * k, 72 * k, 20 * k))  # the cushion
            if i < people:
                tone = mix((80, 74, 78), (100, 88, 76), (i % 3) / 2)
                cc.ellipse(tone, (x - 30 * k, y - 30 * k, 60 * k, 30 * k))  # folded legs
                cc.capsule(tone, (x, y - 28 * k), (x, y - 92 * k), 40 * k)
                cc.ellipse(tone, (x - 14 * k, y - 136 * k, 28 * k, 34 * k))
            layer.blit(soften(cc.result(), 2), cc.rect.topleft)


@register_scene("night_station")
class NightStation(ScenePainter):
    """A small suburban station after the last trains: the platform lights, a vending machine, an empty bench."""

    PLATFORM_Y = 500

    def paint(self) -> pygame.Surface:
        p = self.params
        hour = p["hour"]
        night = is_night(hour)
        sky = sky_for(hour)
        albedo = vgradient(SIZE, [(0, sky[0][1]), (self.PLATFORM_Y / 720, sky[-1][1]),
                                  (self.PLATFORM_Y / 720 + 0.001, (86, 86, 90)), (1, (60, 60, 64))])
        c = Canvas((0, 0, 1280, 720), target=albedo)
        # Houses and wires beyond the tracks.
        far = mix(sky[0][1], (0, 0, 0), 0.4)
        c.polygon(far, [(0, 380), (90, 340), (180, 372), (260, 330), (380, 366), (480, 336), (620, 370),
                        (760, 344), (1280, 380), (1280, 440), (0, 440)])
        if night:
            for x, y in ((60, 396), (210, 388), (330, 400), (540, 392), (690, 398)):
                c.rect_((208, 170, 104), (x, y, 12, 9))
        c.line((30, 30, 36), (0, 260), (1280, 300), 2)
        c.line((30, 30, 36), (0, 276), (1280, 318), 1.5)
        # The tracks, then the platform's edge with its yellow line.
        c.rect_((52, 48, 46), (0, 440, 1280, 60))
        for y in (452, 486):
            c.line((120, 120, 124), (0, y), (1280, y), 3)
        c.rect_((150, 146, 136), (0, 500, 1280, 10))
        c.rect_((196, 170, 60), (0, 516, 1280, 8))
        # Platform roof posts and lamps, the name board, a bench and the vending machine.
        for x in (120, 520, 920):
            c.rect_((70, 74, 80), (x, 150, 12, 360))
        c.rect_((70, 74, 80), (0, 140, 1280, 16))
        c.rect_((236, 238, 240), (250, 200, 200, 56), 4)
        c.rect_((40, 90, 150), (250, 236, 200, 10))
        c.rect_((134, 104, 74), (160, 560, 220, 16), 3)
        c.rect_((80, 82, 88), (170, 576, 10, 50))
        c.rect_((80, 82, 88), (360, 576, 10, 50))
        vm = pygame.Rect(560, 380, 110, 200)
        c.rect_((200, 210, 220), vm, 6)
        c.rect_((70, 90, 120), (vm.x + 10, vm.y + 14, vm.w - 20, 100), 3)
        for row in range(3):
            for col in range(4):
                c.rect_(((200, 60, 60), (60, 140, 80), (220, 190, 90), (80, 110, 190))[col],
                        (vm.x + 16 + col * 22, vm.y + 22 + row * 32, 14, 22), 3)
        if p["figure"]:
            standing_person(c, 440, 600, 0.9, (34, 34, 40), facing=1)
        # After the last train only one tube stays on, over the timetable.
        lamps = (526,) if 1 <= hour % 24 <= 4 else (126, 526, 926)
        light = pygame.Surface(SIZE)
        light.fill((46, 48, 62) if night else (120, 122, 128))
        for x in lamps:
            add_glow(light, (x, 420), (520, 480), (130, 134, 120), 2.3)
        add_glow(light, vm.center, (380, 420), (110, 120, 130), 2.2)
        pic = finish_interior(albedo, light, right=0.5)
        for x in (126, 526, 926):
            lit = x in lamps
            pygame.draw.rect(pic, (236, 240, 226) if lit else (70, 74, 80), (x - 40, 158, 80, 6))
            if lit:
                add_glow(pic, (x, 162), (160, 30), (70, 72, 60), 2.0)
        add_glow(pic, vm.center, (vm.w + 30, vm.h + 30), (40, 44, 50), 2.4)
        return pic
