"""Drawing helpers shared by the scene painters: gradients, soft glows, light maps, grain and antialiased silhouettes."""
from __future__ import annotations

import math
import random
from functools import lru_cache
from typing import Callable, Iterable, Sequence

import pygame

W, H = 1280, 720
SIZE = (W, H)

Color = tuple[int, int, int]
Point = tuple[float, float]


# --- colour arithmetic -------------------------------------------------------------------

def clamp8(value: float) -> int:
    return 0 if value < 0 else 255 if value > 255 else int(value + 0.5)


def mix(a: Sequence[float], b: Sequence[float], t: float) -> Color:
    """Linear blend of two colours; t=0 gives a, t=1 gives b."""
    return (clamp8(a[0] + (b[0] - a[0]) * t), clamp8(a[1] + (b[1] - a[1]) * t), clamp8(a[2] + (b[2] - a[2]) * t))


def scale(c: Sequence[float], k: float) -> Color:
    return (clamp8(c[0] * k), clamp8(c[1] * k), clamp8(c[2] * k))


def ramp(stops: Sequence[tuple[float, Sequence[float]]], t: float) -> Color:
    """Colour at position t along a list of (position, colour) stops sorted by position."""
    if t <= stops[0][0]:
        return tuple(clamp8(v) for v in stops[0][1])  # type: ignore[return-value]
    for (p0, c0), (p1, c1) in zip(stops, stops[1:]):
        if t <= p1:
            return mix(c0, c1, (t - p0) / (p1 - p0) if p1 > p0 else 0.0)
    return tuple(clamp8(v) for v in stops[-1][1])  # type: ignore[return-value]


def smoothstep(e0: float, e1: float, x: float) -> float:
    t = max(0.0, min(1.0, (x - e0) / (e1 - e0)))
    return t * t * (3 - 2 * t)


# --- surfaces built from small grids -----------------------------------------------------

def field(size: tuple[int, int], grid: tuple[int, int], fn: Callable[[float, float], Sequence[float]]) -> pygame.Surface:
    """A smooth picture: fn(u, v) in 0..1 coordinates is sampled on a small grid, then smoothly scaled up.

    Python touches only grid pixels (a few thousand), so large soft gradients cost almost nothing.
    """
    gw, gh = grid
    # 32-bit pixels: blend operations on 24-bit surfaces are many times slower.
    buf = bytearray(gw * gh * 4)
    i = 0
    for y in range(gh):
        v = y / (gh - 1) if gh > 1 else 0.0
        for x in range(gw):
            u = x / (gw - 1) if gw > 1 else 0.0
            r, g, b = fn(u, v)
            buf[i] = clamp8(r)
            buf[i + 1] = clamp8(g)
            buf[i + 2] = clamp8(b)
            i += 4
    # In the display's format before it is scaled up: the large picture is then made once, in
    # the format it is kept in, rather than scaled and then copied by a conversion (the same
    # pixels either way: smoothscale treats each channel alike).
    small = finish(pygame.image.frombytes(bytes(buf), (gw, gh), "RGBX"))
    return pygame.transform.smoothscale(small, size)


def vgradient(size: tuple[int, int], stops: Sequence[tuple[float, Sequence[float]]], steps: int = 64) -> pygame.Surface:
    return field(size, (2, steps), lambda u, v: ramp(stops, v))


@lru_cache(maxsize=16)
def unit_glow(sharpness: float = 4.0, res: int = 64) -> pygame.Surface:
    """A white radial falloff reaching exactly black at its rim, so scaled copies have no visible edge."""
    floor = math.exp(-sharpness)

    def fn(u: float, v: float) -> tuple[float, float, float]:
        d2 = (u * 2 - 1) ** 2 + (v * 2 - 1) ** 2
        if d2 >= 1.0:
            return (0, 0, 0)
        k = (math.exp(-sharpness * d2) - floor) / (1 - floor)
        # Extra easing at the rim: keeps the outermost ring from showing as a step in dark scenes.
        k *= smoothstep(1.0, 0.8, math.sqrt(d2))
        return (255 * k, 255 * k, 255 * k)

    return field((res, res), (res, res), fn)


def glow(size: tuple[int, int], color: Sequence[float], sharpness: float = 4.0) -> pygame.Surface:
    """An additive glow sprite (black = no light) of the given size and colour."""
    w, h = max(1, int(size[0])), max(1, int(size[1]))
    surf = pygame.transform.smoothscale(unit_glow(sharpness), (w, h))
    surf.fill(tuple(clamp8(c) for c in color), special_flags=pygame.BLEND_RGB_MULT)
    return surf


def add_glow(target: pygame.Surface, center: Point, size: tuple[float, float], color: Sequence[float],
             sharpness: float = 4.0, offset: tuple[int, int] = (0, 0)) -> None:
    """Add a glow centred on a screen point; `offset` is where target's corner sits on the screen
    (for a layer covering only part of it), so the glow lands on exactly the same pixels."""
    w, h = int(size[0]), int(size[1])
    if w < 2 or h < 2 or max(color) < 1:
        return
    g = glow((w, h), color, sharpness)
    target.blit(g, (int(center[0] - w / 2) - offset[0], int(center[1] - h / 2) - offset[1]),
                special_flags=pygame.BLEND_RGB_ADD)


def soft_shape(size: tuple[int, int], draw: Callable[[pygame.Surface, float], None], blur: int = 4,
               down: int = 4, region: pygame.Rect | None = None) -> pygame.Surface:
    """A blurred light shape: draw(surface, k) paints in coordinates multiplied by k on a small
    surface (1/down of size), which is box-blurred and scaled back up. Used for light spills.

    With `region` only that part of the picture is scaled up and returned (blit it at region.topleft):
    much cheaper when the shape is small.
    """
    k = 1.0 / down
    small = pygame.Surface((max(2, size[0] // down), max(2, size[1] // down)))
    small.fill((0, 0, 0))
    draw(small, k)
    if blur > 0:
        small = pygame.transform.box_blur(small, blur)
        small = pygame.transform.box_blur(small, max(1, blur // 2))
    if region is None:
        return pygame.transform.smoothscale(small, size)
    sw, sh = small.get_size()
    x0, y0 = max(0, region.x // down), max(0, region.y // down)
    x1, y1 = min(sw, -(-region.right // down)), min(sh, -(-region.bottom // down))
    crop = small.subsurface((x0, y0, max(1, x1 - x0), max(1, y1 - y0)))
    region.update(x0 * down, y0 * down, (x1 - x0) * down, (y1 - y0) * down)
    return pygame.transform.smoothscale(crop, region.size)


# --- grain and shading ---------------------------------------------------------------------

def _noise_tile(amount: int, seed: int) -> pygame.Surface:
    """A 256x256 tile of grey noise; made for each paint (a fraction of a millisecond), not kept between."""
    rng = random.Random(seed)
    n = 256 * 256
    raw = rng.randbytes(n)
    # One grey value per pixel (coloured grain looks like sensor noise, not film).
    table = bytes((b * (amount + 1)) >> 8 for b in range(256))
    grey = raw.translate(table)
    rgb = bytearray(n * 4)
    rgb[0::4] = grey
    rgb[1::4] = grey
    rgb[2::4] = grey
    return pygame.image.frombytes(bytes(rgb), (256, 256), "RGBX")


def grain(target: pygame.Surface, amount: int = 5, seed: int = 7) -> None:
    """Fine static noise: hides banding in dark gradients and gives the picture some tooth."""
    plus, minus = _noise_tile(amount, seed), _noise_tile(amount, seed + 1)
    tw, th = target.get_size()
    for y in range(0, th, 256):
        for x in range(0, tw, 256):
            target.blit(plus, (x, y), special_flags=pygame.BLEND_RGB_ADD)
            target.blit(minus, (x, y), special_flags=pygame.BLEND_RGB_SUB)


def shade(target: pygame.Surface, left: float = 1.0, right: float = 0.6, start: float = 0.5,
          top: float = 1.0, bottom: float = 1.0, corners: float = 0.0) -> None:
    """Multiply the picture by a soft mask: darker towards the right (where text sits) and a vignette."""
    def fn(u: float, v: float) -> tuple[float, float, float]:
        k = left + (right - left) * smoothstep(start, 1.0, u)
        k *= top + (bottom - top) * v
        if corners:
            d = ((u - 0.35) ** 2 * 1.2 + (v - 0.5) ** 2 * 1.6)
            k *= 1 - corners * smoothstep(0.12, 0.7, d)
        return (k * 255, k * 255, k * 255)

    mask = field(target.get_size(), (48, 28), fn)
    target.blit(mask, (0, 0), special_flags=pygame.BLEND_RGB_MULT)


def multiply(target: pygame.Surface, k: float) -> None:
    v = clamp8(k * 255)
    target.fill((v, v, v), special_flags=pygame.BLEND_RGB_MULT)


def scaled_sprite(sprite: pygame.Surface, scale: float) -> pygame.Surface:
    """A small sprite smoothscaled by `scale` (at least a pixel each way), as scaling the whole picture makes it."""
    size = (max(1, round(sprite.get_width() * scale)), max(1, round(sprite.get_height() * scale)))
    return pygame.transform.smoothscale(sprite, size)


def light_pass(albedo: pygame.Surface, light: pygame.Surface) -> None:
    """albedo *= light (255 = full brightness), the core of every lit interior."""
    albedo.blit(light, (0, 0), special_flags=pygame.BLEND_RGB_MULT)


# --- antialiased silhouettes -----------------------------------------------------------------

class Canvas:
    """Supersampled drawing over a region of the screen, scaled down for smooth edges.

    Coordinates are the screen's; the canvas multiplies and offsets them itself.
    """

    def __init__(self, rect: tuple[int, int, int, int], ss: int = 3, base: Sequence[int] = (0, 0, 0),
                 target: pygame.Surface | None = None) -> None:
        self.rect = pygame.Rect(rect)
        if target is not None:
            # Direct mode: draw straight onto target at full size, edges smoothed by antialiased outlines.
            # Much cheaper than supersampling a whole screen; good enough for large, simple shapes.
            self.ss = 1
            self.surf = target
            self.direct = True
            return
        self.direct = False
        self.ss = ss
        self.surf = pygame.Surface((self.rect.w * ss, self.rect.h * ss), pygame.SRCALPHA)
        # Transparent pixels carry a colour close to the shapes, so scaled edges do not fringe.
        self.surf.fill((*base[:3], 0))

    def p(self, x: float, y: float) -> tuple[float, float]:
        return ((x - self.rect.x) * self.ss, (y - self.rect.y) * self.ss)

    def polygon(self, color: Sequence[int], pts: Iterable[Point]) -> None:
        pts = [self.p(x, y) for x, y in pts]
        if len(pts) >= 3:
            pygame.draw.polygon(self.surf, color, pts)
            if self.direct:
                pygame.draw.aalines(self.surf, color, True, pts)

    def ellipse(self, color: Sequence[int], rect: tuple[float, float, float, float]) -> None:
        x, y, w, h = rect
        px, py = self.p(x, y)
        pygame.draw.ellipse(self.surf, color, (px, py, max(1, w * self.ss), max(1, h * self.ss)))

    def circle(self, color: Sequence[int], center: Point, r: float) -> None:
        pygame.draw.circle(self.surf, color, self.p(*center), max(1.0, r * self.ss))

    def line(self, color: Sequence[int], a: Point, b: Point, width: float = 1.0) -> None:
        # A line is a quad, so thick lines keep square, even ends at any angle.
        ax, ay = a
        bx, by = b
        dx, dy = bx - ax, by - ay
        n = math.hypot(dx, dy) or 1.0
        ox, oy = -dy / n * width / 2, dx / n * width / 2
        self.polygon(color, [(ax + ox, ay + oy), (bx + ox, by + oy), (bx - ox, by - oy), (ax - ox, ay - oy)])

    def capsule(self, color: Sequence[int], a: Point, b: Point, width: float) -> None:
        self.line(color, a, b, width)
        self.circle(color, a, width / 2)
        self.circle(color, b, width / 2)

    def rect_(self, color: Sequence[int], rect: tuple[float, float, float, float], radius: float = 0) -> None:
        x, y, w, h = rect
        px, py = self.p(x, y)
        pygame.draw.rect(self.surf, color, (px, py, w * self.ss, h * self.ss), border_radius=int(radius * self.ss))

    def curve(self, color: Sequence[int], pts: Sequence[Point], width: float = 1.0) -> None:
        if self.direct and width * self.ss <= 1.5:
            pygame.draw.aalines(self.surf, color, False, [self.p(x, y) for x, y in pts])
            return
        for a, b in zip(pts, pts[1:]):
            self.capsule(color, a, b, width)

    def result(self) -> pygame.Surface:
        if self.direct:
            return self.surf
        return pygame.transform.smoothscale(self.surf, self.rect.size)

    def blit_to(self, target: pygame.Surface, special_flags: int = 0) -> None:
        target.blit(self.result(), self.rect.topleft, special_flags=special_flags)


class AddedLight:
    """Light added over one area at a few brightnesses (a television's flicker, a window's breath).

    It is drawn over the picture as scaled to the window, as motes are: light added there looks as
    if scaled with it. A level is a copy and a multiply at the window's size, made only over the
    part that shows (inside the target's clip: not under the text panel), and kept while the next
    draws need no more of it. Pixels are those of brightening the whole source, then the
    high-contrast dim: each a multiply of every channel, the same wherever the part is cut.

    In a window larger than the picture a level costs most (at 1920×1080 a television's light is
    about a million pixels), so there a few levels are kept, and the next level to come that is not
    among them, when the caller knows it, is made on a frame that made none: a step then only
    blits. A flicker moves among two or three neighbouring levels, so the step is seldom to a
    level not kept. Given the picture `beneath` the target, a level kept there is the picture with
    the light already added (the same sum): a step is then one plain blit over the part, where the
    picture need not be blitted first (`covers`), and what changed in the picture since is mended
    in each level kept.
    """

    KEEP_SCALED = 3  # levels kept in a scaled window

    def __init__(self, source: pygame.Surface, steps: list[float], dim: float, area: pygame.Rect) -> None:
        self.area = pygame.Rect(area)
        # Converting first changes no pixel (32-bit, no alpha, only the channel order moves).
        self.source = finish(source)
        self.values = [max(0, min(255, int(k * 255))) for k in steps]
        self.dim = dim
        self._scaled: tuple[float, pygame.Surface] | None = None  # the source at one window's scale, made on first use
        # Levels made: (scale, level, the part of the source it covers, its pixels over that part, whether the
        # picture beneath is in them).
        self._made: list[tuple[float, int, pygame.Rect, pygame.Surface, bool]] = []
        self._drawn: tuple[float, int] | None = None  # the scale and level drawn last

    def __len__(self) -> int:
        return len(self.values)

    def let_go(self) -> None:
        """Off screen: drop the levels made and the scaled source; drawing makes them again."""
        self._scaled = self._drawn = None
        self._made = []

    def covers(self, scale: float) -> pygame.Rect:
        """The rectangle of a picture scaled by `scale` that the light is drawn over."""
        return pygame.Rect(round(self.area.x * scale), round(self.area.y * scale),
                           round(self.area.width * scale), round(self.area.height * scale))

    def draw(self, target: pygame.Surface, level: int, scale: float, upcoming: Sequence[int] = (),
             beneath: pygame.Surface | None = None, beneath_changed: list[pygame.Rect] | None = None) -> None:
        """Add the light at `level` to `target` (a picture scaled by `scale`), within its clip.

        `upcoming`: the levels to come, in order; in a scaled window, on a draw that made and stepped
        to none, the first of them not kept is made. `beneath`: the picture under the target, in the
        same pixels, which the target need not hold over `covers(scale)`: the light is drawn with it,
        over whatever the target holds there. `beneath_changed`: the rectangles of it changed since the
        last draw given it (None: all of it may have).
        """
        if scale == 1.0:
            source, at = self.source, self.area.topleft
        else:
            window = self.covers(scale)
            if self._scaled is None or self._scaled[0] != scale:
                self._scaled = (scale, pygame.transform.smoothscale(self.source, window.size))
                self._made = []
            source, at = self._scaled[1], window.topleft
        with_beneath = beneath is not None
        if with_beneath:
            self._mend(source, scale, at, beneath, beneath_changed)
        shown = target.get_clip().clip(pygame.Rect(at, source.get_size()))
        if shown.width <= 0 or shown.height <= 0:
            return
        part = shown.move(-at[0], -at[1])  # in the source's pixels
        made = self._held(scale, level, part, with_beneath)
        steady = made is not None and self._drawn == (scale, level)  # this draw neither made nor stepped
        keep = self.KEEP_SCALED if scale != 1.0 else 1
        # The save's picture, drawn at logical size while a window larger than it keeps its own levels: its level
        # is made for it alone, and the window's are not given up for it (to be made again on the next frames).
        aside = made is None and scale == 1.0 and any(kept[0] != scale for kept in self._made)
        if aside:
            buffer = pygame.Surface(part.size, 0, source)
            self._light(buffer, source, level, part, beneath, at)
            made = (scale, level, pygame.Rect(part), buffer, with_beneath)
        elif made is None:
            made = self._make(source, scale, level, part, keep, beneath, at)
        if not aside:
            self._drawn = (scale, level)
        covered, pixels = made[2], made[3]
        target.blit(pixels, shown.topleft, part.move(-covered.x, -covered.y),
                    special_flags=0 if with_beneath else pygame.BLEND_RGB_ADD)
        if steady and keep > 1:
            # Only the levels soonest to come that are kept beside this one: making one further on would give up
            # one of those, to be made again the frame after (a breath through six levels made one every frame).
            wanted = [level, *upcoming[:keep - 1]]
            missing = next((later for later in wanted if self._kept(scale, later, covered, with_beneath) is None), None)
            spare = next((made for made in self._made if made[1] not in wanted or made[0] != scale
                          or made[4] != with_beneath), None)
            if missing is not None and (spare is not None or len(self._made) < keep):
                if spare is not None:  # the one given up for it: a level not soon to come
                    self._made.remove(spare)
                    self._made.insert(0, spare)
                self._make(source, scale, missing, covered, keep, beneath, at)
                self._held(scale, level, covered, with_beneath)  # the level shown stays the most recent

    def _kept(self, scale: float, level: int, part: pygame.Rect, with_beneath: bool) -> tuple | None:
        """The level made at this scale (with the picture beneath in it, or not) that covers `part`, if one is kept."""
        return next((made for made in self._made if made[0] == scale and made[1] == level and made[4] == with_beneath
                     and made[2].contains(part)), None)

    def _held(self, scale: float, level: int, part: pygame.Rect, with_beneath: bool) -> tuple | None:
        """As _kept, and the level found becomes the most recently drawn (the last given up)."""
        made = self._kept(scale, level, part, with_beneath)
        if made is not None:
            self._made.remove(made)
            self._made.append(made)
        return made

    def _make(self, source: pygame.Surface, scale: float, level: int, part: pygame.Rect, keep: int = 1,
              beneath: pygame.Surface | None = None, at: tuple[int, int] = (0, 0)) -> tuple:
        """The source over `part` brightened to `level` (and dimmed in high contrast), in a buffer of that size,
        with the picture `beneath` added when there is one (at `at` in it).

        A buffer of its own, not a part of a larger one: a whole surface is copied and multiplied in
        one run of memory, faster than a part of the same size. With `keep` levels held, the least
        recently drawn gives its buffer up, and the new level covers at least what it covered: a step
        first drawn over a small part (the motes') is not made a second time, in a new buffer, for the
        whole light drawn after it in the same frame.
        """
        buffer = None
        while len(self._made) >= keep:
            given = self._made.pop(0)
            buffer = given[3]
            if given[0] == scale:
                part = part.union(given[2])
        if buffer is None or buffer.get_size() != part.size:
            buffer = pygame.Surface(part.size, 0, source)
        self._light(buffer, source, level, part, beneath, at)
        made = (scale, level, pygame.Rect(part), buffer, beneath is not None)
        self._made.append(made)
        return made

    def _light(self, buffer: pygame.Surface, source: pygame.Surface, level: int, part: pygame.Rect,
               beneath: pygame.Surface | None, at: tuple[int, int]) -> None:
        """Into `buffer`, the light over `part` of the source at `level`, and the picture beneath added."""
        value = self.values[level]
        buffer.blit(source, (0, 0), part)
        buffer.fill((value, value, value), special_flags=pygame.BLEND_RGB_MULT)
        if self.dim != 1.0:
            multiply(buffer, self.dim)
        if beneath is not None:  # light and picture add alike either way round: the sum a draw over it makes
            buffer.blit(beneath, (0, 0), part.move(at), special_flags=pygame.BLEND_RGB_ADD)

    def _mend(self, source: pygame.Surface, scale: float, at: tuple[int, int], beneath: pygame.Surface,
              changed: list[pygame.Rect] | None) -> None:
        """The levels kept with the picture beneath in them, made again where that picture changed (all of
        them given up when all of it may have)."""
        if changed is None:
            self._made = [made for made in self._made if not made[4]]
            return
        for rect in changed:
            for made_at, level, covered, pixels, with_beneath in self._made:
                if not with_beneath or made_at != scale:
                    continue
                part = rect.move(-at[0], -at[1]).clip(covered)  # in the source's pixels
                if part.width <= 0 or part.height <= 0:
                    continue
                mended = pygame.Surface(part.size, 0, source)
                self._light(mended, source, level, part, beneath, at)
                pixels.blit(mended, (part.x - covered.x, part.y - covered.y))


def finish(surf: pygame.Surface, alpha: bool = False) -> pygame.Surface:
    """Convert to the display's pixel format when there is one, for the fastest blits.

    A surface without alpha that is in that format already is returned as it is: converting
    it would only copy it, a second full-screen picture for as long as the first is alive.
    """
    display = pygame.display.get_surface() if pygame.display.get_init() else None
    if display is None:
        return surf
    if not alpha and in_display_format(surf, display):
        return surf
    try:
        return surf.convert_alpha() if alpha else surf.convert()
    except pygame.error:
        return surf


def in_display_format(surf: pygame.Surface, display: pygame.Surface) -> bool:
    """Whether convert() would give a copy of `surf` with the same pixels, flags and keys."""
    return (surf.get_bitsize() == display.get_bitsize() and surf.get_masks() == display.get_masks()
            and not surf.get_flags() & pygame.SRCALPHA and surf.get_colorkey() is None
            and surf.get_alpha() is None)
