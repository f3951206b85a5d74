"""The window, its letterboxed 1280×720 logical viewport, and the Canvas that screens draw on."""
from __future__ import annotations

import logging
import os
from typing import TYPE_CHECKING, Any, Sequence

from game import GAME_TITLE
from game.player.display.text import Typesetter
from game.player.display.theme import Theme

if TYPE_CHECKING:
    import pygame

LOGICAL_WIDTH = 1280
LOGICAL_HEIGHT = 720
LOGICAL_SIZE = (LOGICAL_WIDTH, LOGICAL_HEIGHT)
Colour = tuple[int, int, int]
LogicalRect = tuple[float, float, float, float]


class Viewport:
    """Where the logical 1280×720 picture sits inside a window of any size (centred, letterboxed)."""

    def __init__(self, window_width: int, window_height: int) -> None:
        self.window_size = (max(1, window_width), max(1, window_height))
        self.scale = min(self.window_size[0] / LOGICAL_WIDTH, self.window_size[1] / LOGICAL_HEIGHT)
        width = max(1, round(LOGICAL_WIDTH * self.scale))
        height = max(1, round(LOGICAL_HEIGHT * self.scale))
        self.left = (self.window_size[0] - width) // 2
        self.top = (self.window_size[1] - height) // 2
        self.size = (width, height)

    def to_logical(self, physical: Sequence[float]) -> tuple[float, float]:
        return ((physical[0] - self.left) / self.scale, (physical[1] - self.top) / self.scale)

    def to_physical(self, logical: Sequence[float]) -> tuple[int, int]:
        return (round(self.left + logical[0] * self.scale), round(self.top + logical[1] * self.scale))

    def contains_physical(self, physical: Sequence[float]) -> bool:
        x, y = physical[0] - self.left, physical[1] - self.top
        return 0 <= x < self.size[0] and 0 <= y < self.size[1]


class Display:
    """Owns the OS window: windowed (resizable) or fullscreen, and the current viewport."""

    def __init__(self, fullscreen: bool, window_size: tuple[int, int] | None = None) -> None:
        import pygame

        self._pygame = pygame
        _prefer_the_native_framebuffer(pygame)
        pygame.display.set_icon(_window_icon())
        self.windowed_size = window_size or self._fitting_window_size()
        self.fullscreen = False
        self.opened = 0  # counts the window's surfaces: after a new one, the next frame is sent whole
        self.surface: pygame.Surface = self._open(fullscreen)
        self.viewport = Viewport(*self.surface.get_size())
        pygame.display.set_caption(GAME_TITLE)

    def _fitting_window_size(self) -> tuple[int, int]:
        """1280×720 unless the desktop is smaller, then the largest 16:9 window that fits."""
        try:
            desktop_width, desktop_height = self._pygame.display.get_desktop_sizes()[0]
        except (IndexError, self._pygame.error):
            return LOGICAL_SIZE
        scale = min(1.0, (desktop_width * 0.92) / LOGICAL_WIDTH, (desktop_height * 0.88) / LOGICAL_HEIGHT)
        return (max(640, round(LOGICAL_WIDTH * scale)), max(360, round(LOGICAL_HEIGHT * scale)))

    def _open(self, fullscreen: bool) -> "pygame.Surface":
        pygame = self._pygame
        self.opened += 1
        if fullscreen:
            try:
                surface = pygame.display.set_mode((0, 0), pygame.FULLSCREEN)
                self.fullscreen = True
                return surface
            except pygame.error as error:  # no full screen on this display: stay windowed rather than fail
                logging.getLogger("game.player").info("full screen is not available here (%s); staying windowed", error)
        self.fullscreen = False
        return pygame.display.set_mode(self.windowed_size, pygame.RESIZABLE)

    def set_fullscreen(self, fullscreen: bool) -> None:
        if fullscreen == self.fullscreen:
            return
        if not fullscreen:
            self.fullscreen = False
        self.surface = self._open(fullscreen)
        self.viewport = Viewport(*self.surface.get_size())

    def handle_resize(self, width: int, height: int) -> None:
        """Follow the window's new size; set_mode is only called when the surface does not already match."""
        if self.fullscreen:
            return
        self.windowed_size = (max(320, width), max(180, height))
        current = self._pygame.display.get_surface()
        if current is None or current.get_size() != self.windowed_size:
            self.surface = self._pygame.display.set_mode(self.windowed_size, self._pygame.RESIZABLE)
        else:
            self.surface = current
        self.opened += 1
        self.viewport = Viewport(*self.surface.get_size())

    def refresh_surface(self) -> None:
        """Pick up a size the OS changed behind our back (SDL2 resizes the window surface itself)."""
        current = self._pygame.display.get_surface()
        if current is not None and (current is not self.surface or current.get_size() != self.viewport.window_size):
            self.surface = current
            self.viewport = Viewport(*current.get_size())
            self.opened += 1

    def present(self, areas: "Sequence[LogicalRect] | None", pixels: "Sequence[pygame.Rect]" = ()) -> None:
        """Send the frame drawn to the window: all of it (None), only these logical rectangles and these
        rectangles of the canvas's own pixels, or nothing."""
        pygame = self._pygame
        if areas is None:
            pygame.display.flip()
        elif areas or pixels:
            view = self.viewport
            rects = self._on_window(pixels)
            for x, y, width, height in areas:  # a pixel wider all round for the rounding of a scaled window
                left, top = view.to_physical((x, y))
                right, bottom = view.to_physical((x + width, y + height))
                rects.append(pygame.Rect(left - 1, top - 1, right - left + 2, bottom - top + 2))
            pygame.display.update(rects)

    def send(self, pixels: "Sequence[pygame.Rect]") -> None:
        """Send these rectangles of the canvas's own pixels to the window."""
        self._pygame.display.update(self._on_window(pixels))

    def _on_window(self, pixels: "Sequence[pygame.Rect]") -> "list[pygame.Rect]":
        view = self.viewport
        return list(pixels) if not (view.left or view.top) else [area.move(view.left, view.top) for area in pixels]

    def canvas(self, typesetter: Typesetter, theme: Theme) -> "Canvas":
        view = self.viewport
        target = self.surface.subsurface((view.left, view.top, *view.size))
        return Canvas(target, view.scale, typesetter, theme)


class Canvas:
    """A drawing surface addressed in logical coordinates; text is rendered at the real pixel scale."""

    def __init__(self, surface: "pygame.Surface", scale: float, typesetter: Typesetter, theme: Theme) -> None:
        import pygame

        self._pygame = pygame
        self.surface = surface
        self.scale = scale
        self.typesetter = typesetter
        self.theme = theme
        self.clip: LogicalRect | None = None
        # The part of the surface this frame redraws (a moving scene's area), in surface pixels;
        # None: all of it. Every clip a screen sets stays inside it, so nothing outside is drawn twice.
        self.redrawn: "pygame.Rect | None" = None
        # The surface still holds the whole frame drawn last, by the same screens: a part that would
        # draw the same pixels again may leave them as they are.
        self.holds_last = False

    # -- geometry -------------------------------------------------------------------------------
    def rect(self, logical: LogicalRect) -> "pygame.Rect":
        x, y, width, height = logical
        left, top = round(x * self.scale), round(y * self.scale)
        right, bottom = round((x + width) * self.scale), round((y + height) * self.scale)
        return self._pygame.Rect(left, top, max(0, right - left), max(0, bottom - top))

    def px(self, logical_length: float) -> int:
        return max(1, round(logical_length * self.scale))

    def set_clip(self, logical: LogicalRect | None) -> None:
        self.clip = logical
        clip = self.rect(logical) if logical else None
        if self.redrawn is not None:
            clip = self.redrawn if clip is None else clip.clip(self.redrawn)
        self.surface.set_clip(clip)

    def redraw_only(self, area: "pygame.Rect | None") -> None:
        """Limit every drawing call to `area` (surface pixels), or lift the limit with None."""
        self.redrawn = area
        self.surface.set_clip(area)

    # -- shapes ---------------------------------------------------------------------------------
    def fill(self, colour: Colour, logical: LogicalRect | None = None) -> None:
        if logical is None:
            self.surface.fill(colour)
        else:
            self.surface.fill(colour, self.rect(logical))

    def fill_translucent(self, colour: Colour, alpha: int, logical: LogicalRect | None = None) -> None:
        """A see-through box, from a cached surface of that size and colour."""
        if alpha >= 255:
            self.fill(colour, logical)
            return
        target = self.rect(logical) if logical else self.surface.get_rect()
        if target.width <= 0 or target.height <= 0:
            return
        shade = _translucent_box(target.size, colour, alpha)
        self.surface.blit(shade, target.topleft)

    def outline(self, colour: Colour, logical: LogicalRect, width: float = 2) -> None:
        self._pygame.draw.rect(self.surface, colour, self.rect(logical), self.px(width))

    def line(self, colour: Colour, start: tuple[float, float], end: tuple[float, float], width: float = 1) -> None:
        self._pygame.draw.line(
            self.surface,
            colour,
            (round(start[0] * self.scale), round(start[1] * self.scale)),
            (round(end[0] * self.scale), round(end[1] * self.scale)),
            self.px(width),
        )

    # -- text -----------------------------------------------------------------------------------
    def pixel_size(self, logical_size: float) -> int:
        return max(6, round(logical_size * self.scale))

    def text(
        self,
        text: str,
        role: str,
        logical_size: float,
        colour: Colour,
        x: float,
        y: float,
        *,
        visible_chars: int | None = None,
        align: str = "left",
        width: float = 0,
    ) -> float:
        """Draw one line at a logical position; returns its logical width. `visible_chars` clips a reveal."""
        if not text:
            return 0.0
        size = self.pixel_size(logical_size)
        run = self.typesetter.render(text, role, size, colour)
        left = round(x * self.scale)
        if align == "center":
            left = round((x + width / 2) * self.scale - run.get_width() / 2)
        elif align == "right":
            left = round((x + width) * self.scale - run.get_width())
        top = round((y + self.typesetter.half_leading(role, logical_size)) * self.scale)
        if visible_chars is None or visible_chars >= len(text):
            self.surface.blit(run, (left, top))
        elif visible_chars > 0:
            shown = self.typesetter.prefix_width(text[:visible_chars], role, size)
            self.surface.blit(run, (left, top), (0, 0, shown, run.get_height()))
        return run.get_width() / self.scale

    # -- pictures -------------------------------------------------------------------------------
    def picture(self, image: "pygame.Surface", logical: LogicalRect, cache_key: object = None) -> None:
        """Draw an image into a logical rectangle, scaled smoothly (and cached when keyed)."""
        target = self.rect(logical)
        if target.width <= 0 or target.height <= 0:
            return
        if image.get_size() == target.size:
            self.surface.blit(image, target.topleft)
            return
        key = (cache_key if cache_key is not None else id(image), target.size)
        scaled = _SCALED_PICTURES.get(key)
        if scaled is None:
            scaled = self._pygame.transform.smoothscale(image, target.size)
            while len(_SCALED_PICTURES) >= 24:
                del _SCALED_PICTURES[next(iter(_SCALED_PICTURES))]
            _SCALED_PICTURES[key] = scaled
        self.surface.blit(scaled, target.topleft)


_TRANSLUCENT_BOXES: dict[tuple[tuple[int, int], Colour, int], "pygame.Surface"] = {}
_SCALED_PICTURES: dict[object, "pygame.Surface"] = {}


def _translucent_box(size: tuple[int, int], colour: Colour, alpha: int) -> "pygame.Surface":
    import pygame

    key = (size, colour, alpha)
    box = _TRANSLUCENT_BOXES.get(key)
    if box is None:
        # Per-pixel alpha blends faster than surface alpha in pygame-ce (it has SIMD paths for it).
        box = pygame.Surface(size, pygame.SRCALPHA)
        box.fill((*colour, alpha))
        while len(_TRANSLUCENT_BOXES) >= 8:  # menus of different heights each make one; keep the recent few
            del _TRANSLUCENT_BOXES[next(iter(_TRANSLUCENT_BOXES))]
        _TRANSLUCENT_BOXES[key] = box
    return box


def _prefer_the_native_framebuffer(pygame: Any) -> None:
    """On X11, send the window's pixels by shared memory rather than through an OpenGL texture.

    The game draws every pixel itself; SDL's default would upload the whole window into a GL
    texture on every update, whatever part changed, which without a GPU (software GL, remote
    desktops, Xvfb) costs a quarter of a core at 30 frames a second and makes a small update as
    dear as a full one. X11's own path sends only the rectangles that changed. SDL reads the hint
    from the environment when the window is made, so it is set just before; a player's own wins.
    """
    if pygame.display.get_driver() == "x11":
        os.environ.setdefault("SDL_FRAMEBUFFER_ACCELERATION", "0")


def _window_icon() -> "pygame.Surface":
    """A dark window with light leaking down the gap between two curtains, drawn by code like the rest."""
    import pygame

    icon = pygame.Surface((32, 32))
    icon.fill((14, 15, 22))
    pygame.draw.rect(icon, (52, 44, 38), (5, 4, 22, 24))
    for x, colour in ((14, (120, 92, 60)), (15, (250, 214, 150)), (16, (250, 214, 150)), (17, (120, 92, 60))):
        pygame.draw.line(icon, colour, (x, 5), (x, 26))
    pygame.draw.line(icon, (90, 74, 58), (4, 4), (27, 4))
    return icon
