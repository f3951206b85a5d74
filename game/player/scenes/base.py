"""The scene painter base class (parameters, cached still picture, animation clock) and the registry by name."""
from __future__ import annotations

import random
import threading
import zlib
from collections import OrderedDict
from typing import Any, Callable, ClassVar, Mapping, TypeVar

import pygame

from game.content import CATALOGUE
from game.player.scenes.paint import SIZE, AddedLight, finish, multiply

SCENE_PAINTERS: dict[str, type["ScenePainter"]] = {}

# High contrast dims the whole picture by 40% so text drawn on top stays readable.
HIGH_CONTRAST_DIM = 0.6

P = TypeVar("P", bound=type["ScenePainter"])

# Painted stills and sprites, by scene, parameters and modes: going back to the scene just left
# is instant while it fits. Sprites are only ever read by draw(), so painters with equal keys can share them.
# Each entry is a full-screen still (3.7 MB) and its sprites (up to a few more), so what is held is
# bounded by bytes, not by count: the scene on screen (the newest entry) always stays, as its
# painter holds it anyway; any other comes back by painting again.
_PAINT_CACHE: OrderedDict[tuple, tuple[pygame.Surface, dict[str, Any]]] = OrderedDict()
# All paintings held share one bound: the scene on screen, the scenes shown before it and the
# scenes the next moves can show, painted while the player reads. A painting ahead is worth more
# than a scene left behind, which goes first; a move whose scene did not fit paints it when taken.
# What a paint ahead costs while it runs (two to three times its picture) stands on top of all of
# them, so the bound leaves room beside the scene on screen (a television's light and all) for one
# scene painted ahead: with the game's other pictures, the peak of a chapter stays within 40 MB of
# a bare window (`main.py bench --window`).
PAINTINGS_BYTES = 10 * 1024 * 1024
Painting = tuple[pygame.Surface, dict[str, Any]]


def surface_bytes(value: Any, seen: "set[int] | None" = None) -> int:
    """The pixel bytes of every surface in `value` (surfaces, lists, dicts, objects holding them), each once.

    A subsurface shares its parent's pixels and counts nothing of its own.
    """
    seen = set() if seen is None else seen
    if id(value) in seen:
        return 0
    seen.add(id(value))
    if isinstance(value, pygame.Surface):
        return 0 if value.get_parent() is not None else value.get_pitch() * value.get_height()
    if isinstance(value, dict):
        return sum(surface_bytes(item, seen) for item in value.values())
    if isinstance(value, (list, tuple, set, frozenset)):
        return sum(surface_bytes(item, seen) for item in value)
    held = getattr(value, "__dict__", None)
    if held is not None and not isinstance(value, type):
        return surface_bytes(held, seen)
    return 0


class PaintStore:
    """The paint cache, and the stills painted ahead on a worker thread (game/player/display/scene_ahead.py).

    A painter made on the main thread takes a still painted ahead (or waits for one being painted
    now) instead of painting it again. The scene on screen, the scenes left behind and the ones
    painted ahead are held within PAINTINGS_BYTES together; a scene that must be painted on the
    main thread (the move taken was not painted ahead) first lets every painting go, so a paint
    never stands on top of them.
    """

    def __init__(self) -> None:
        self._changed = threading.Condition()
        self.ahead: OrderedDict[tuple, Painting] = OrderedDict()
        self.painting: set[tuple] = set()  # keys the worker is painting now
        self._sizes: dict[int, int] = {}  # bytes of each painting held, by id of its still
        self.largest = 0  # the largest painting seen: what one more painted ahead may cost
        self._largest_of: dict[type, int] = {}  # the largest painting seen of each scene

    def _bytes(self, painted: Painting, key: tuple | None = None) -> int:
        size = self._sizes.get(id(painted[0]))
        if size is None:
            size = self._sizes[id(painted[0])] = surface_bytes(painted)
            self.largest = max(self.largest, size)
        if key is not None:
            self._largest_of[key[0]] = max(self._largest_of.get(key[0], 0), size)
        return size

    def estimate(self, key: tuple) -> int:
        """What painting `key` may cost: the largest painting of its scene seen, else the largest of any."""
        return self._largest_of.get(key[0], self.largest)

    def _held(self, store: "OrderedDict[tuple, Painting]") -> int:
        return sum(self._bytes(painted) for painted in store.values())

    def cache_bytes(self) -> int:
        with self._changed:
            return self._held(_PAINT_CACHE)

    def ahead_bytes(self) -> int:
        with self._changed:
            return self._held(self.ahead)

    def held_bytes(self) -> int:
        """What every painting held comes to: the scene on screen, the scenes before it, the ones painted ahead."""
        with self._changed:
            return self._total()

    def _total(self) -> int:
        return self._held(_PAINT_CACHE) + self._held(self.ahead)

    def _forget_size(self, painted: Painting) -> None:
        if not any(held[0] is painted[0] for held in (*_PAINT_CACHE.values(), *self.ahead.values())):
            self._sizes.pop(id(painted[0]), None)

    def _make_room(self, needed: int = 0, *, keep_ahead: int = 1) -> None:
        """Let go of paintings until `needed` more bytes fit in the bound, the scene on screen always kept:
        the scenes left behind first, oldest first, then paintings ahead (the newest `keep_ahead` stay)."""
        while len(_PAINT_CACHE) > 1 and self._total() + needed > PAINTINGS_BYTES:
            self._forget_size(_PAINT_CACHE.popitem(last=False)[1])
        while len(self.ahead) > keep_ahead and self._total() + needed > PAINTINGS_BYTES:
            self._forget_size(self.ahead.popitem(last=False)[1])

    def take(self, key: tuple) -> Painting | None:
        with self._changed:
            while key in self.painting:  # half done already: waiting is sooner than starting again
                self._changed.wait()
            found = _PAINT_CACHE.get(key)
            if found is not None:
                self._cache(key, found)
                return found
            found = self.ahead.pop(key, None)
            if found is not None:
                self._cache(key, found)
                return found
            # To be painted here and now: every other painting goes first, as a paint costs about
            # twice its picture while it runs. Those ahead were for moves not taken, and the scene
            # left is off screen (a crossfade from it shows a copy of it, not its still).
            for painted in (*_PAINT_CACHE.values(), *self.ahead.values()):
                self._sizes.pop(id(painted[0]), None)
                let_go_of_copies(painted)
            _PAINT_CACHE.clear()
            self.ahead.clear()
            return None

    def keep(self, key: tuple, painted: Painting, *, ahead: bool) -> None:
        with self._changed:
            self._bytes(painted, key)
            if ahead:
                self.ahead[key] = painted
                self._make_room()
            else:
                self._cache(key, painted)

    def _cache(self, key: tuple, painted: Painting) -> None:
        """`painted` is now the scene on screen; the one that was lets go of what it makes again on demand."""
        if _PAINT_CACHE and next(reversed(_PAINT_CACHE)) != key:
            let_go_of_copies(next(reversed(_PAINT_CACHE.values())))
        _PAINT_CACHE[key] = painted
        _PAINT_CACHE.move_to_end(key)
        self._make_room()

    def claim(self, key: tuple) -> bool:
        """For the worker: mark `key` as being painted, unless it is painted already or would not fit.

        The bound is looked at before painting, so what is held never stands, even for a moment,
        above it: one more painting is reckoned at the size of the largest seen of its scene (or of
        any, for a scene not painted yet), and scenes left behind go to make room for it.
        """
        with self._changed:
            if key in _PAINT_CACHE or key in self.ahead or key in self.painting:
                return False
            on_screen = self._bytes(next(reversed(_PAINT_CACHE.values()))) if _PAINT_CACHE else 0
            needed = self.estimate(key)
            if on_screen + self._held(self.ahead) + needed > PAINTINGS_BYTES:
                return False
            self._make_room(needed, keep_ahead=len(self.ahead))
            self.painting.add(key)
            return True

    def release(self, key: tuple) -> None:
        with self._changed:
            self.painting.discard(key)
            self._changed.notify_all()

    def forget_ahead(self, keep: "set[tuple]") -> None:
        """Drop the stills painted ahead for moves no longer open (the player moved on)."""
        with self._changed:
            for key in [key for key in self.ahead if key not in keep]:
                self._forget_size(self.ahead.pop(key))


def let_go_of_copies(painted: Painting) -> None:
    """A painting off screen keeps no copies it makes again when drawn (the brightness levels of a light)."""
    for value in painted[1].values():
        if isinstance(value, AddedLight):
            value.let_go()


AHEAD = PaintStore()


def register_scene(name: str) -> Callable[[P], P]:
    """Class decorator: make a painter available to make_scene under a registry name."""
    def deco(cls: P) -> P:
        cls.name = name
        SCENE_PAINTERS[name] = cls
        return cls
    return deco


class ScenePainter:
    """Paints one scene: everything still is rendered once into `background`; draw() adds only motion.

    Subclasses implement paint() (the still picture, built once) and, when something moves,
    moves() and paint_motion(target, t), which must draw purely as a function of t so that
    draw() never changes state.
    """

    name: ClassVar[str] = ""
    # Motion is sampled at this rate: update() reports a change only when a new frame is due.
    fps: ClassVar[float] = 30.0

    def __init__(self, params: Mapping[str, Any] | None = None, *, reduce_motion: bool = False,
                 high_contrast: bool = False, ahead: bool = False) -> None:
        # Fitting again is cheap and makes painters safe with partial or stale parameters.
        self.params: dict[str, Any] = CATALOGUE.fit_scene_params(self.name, dict(params or {}))
        self.reduce_motion = reduce_motion
        self.high_contrast = high_contrast
        self.dim = HIGH_CONTRAST_DIM if high_contrast else 1.0
        # Seeded by name and parameters: the same scene always looks the same.
        seed = zlib.crc32(repr((self.name, sorted(self.params.items()))).encode())
        self.rng = random.Random(seed)
        self._time = 0.0
        self._frame = 0
        self._frame_before = 0  # the frame shown before the current one, for changed_area
        key = paint_key(type(self), self.params, reduce_motion, high_contrast)
        cached = AHEAD.take(key) if not ahead else None
        if cached is not None:
            self.background, extra = cached
            self.__dict__.update(extra)
        else:
            before = set(self.__dict__)
            background = self.paint()
            if high_contrast:
                multiply(background, self.dim)
            self.background = finish(background)
            extra = {k: v for k, v in self.__dict__.items() if k not in before and k != "background"}
            AHEAD.keep(key, (self.background, extra), ahead=ahead)
        self._animated = bool(self.moves()) and not reduce_motion

    # --- to implement --------------------------------------------------------------------

    def paint(self) -> pygame.Surface:
        raise NotImplementedError

    def moves(self) -> bool:
        """Whether anything in the scene moves with these parameters."""
        return False

    def paint_motion(self, target: pygame.Surface, t: float) -> None:
        """Draw the moving elements as they are at time t (a still pose at t=0 under reduce_motion)."""

    def changed_area(self, before: float, now: float) -> list[pygame.Rect]:
        """Where the picture at time `now` can differ from the one at `before` (logical pixels).

        Only these rectangles are painted again and sent to the window while the scene moves; an
        empty list means this frame looks like the last and nothing is drawn. The default is the
        whole picture; a scene whose motion stays in known places names them.
        """
        return [pygame.Rect(0, 0, *SIZE)]

    # --- helpers for subclasses ----------------------------------------------------------

    def keep(self, surf: pygame.Surface, alpha: bool = False) -> pygame.Surface:
        """Prepare a sprite for draw(): dimmed like the background in high contrast, display format."""
        if self.high_contrast:
            multiply(surf, self.dim)
        return finish(surf, alpha)

    # --- the contract ----------------------------------------------------------------------

    @property
    def animated(self) -> bool:
        return self._animated

    @property
    def time(self) -> float:
        """The animation time of the current frame, in seconds."""
        return self._frame / self.fps

    def update(self, dt: float) -> bool:
        if not self._animated:
            return False
        self._time += max(0.0, float(dt))
        frame = int(self._time * self.fps)
        if frame == self._frame:
            return False
        self._frame_before, self._frame = self._frame, frame
        return True

    def last_change(self) -> list[pygame.Rect]:
        """What the last update that moved changed: changed_area between the frame before and this one."""
        return self.changed_area(self._frame_before / self.fps, self.time)

    # Motion drawn over the picture after it is scaled to the window (rain, motes, light that
    # flickers), never composed into it: it changes pixels over much of the picture, and drawn
    # apart it costs no recompose, no smoothscale and no new still. A scene that has some sets this True.
    overlay: bool = False

    def paint_overlay(self, target: pygame.Surface, t: float, scale: float, beneath: pygame.Surface | None = None,
                      beneath_changed: list[pygame.Rect] | None = None) -> list[pygame.Rect] | None:
        """Draw the overlay as it is at time t onto `target`, a picture scaled by `scale` from logical size.

        An overlay of small things (rain's drops) returns the rectangles of `target` it drew on, clipped: the next
        frame then puts back and sends only those. None: it may have drawn anywhere in its overlay_area.
        `beneath`: the picture under the target, in its pixels, changed since the last draw given it only in
        `beneath_changed` (None: anywhere); the target need not hold it over `overlay_covers(scale)`."""
        return None

    def overlay_covers(self, scale: float) -> pygame.Rect | None:
        """A rectangle of a picture scaled by `scale` that paint_overlay, given the picture beneath, draws over
        whole (light kept with the picture in it): the picture need not be blitted there first."""
        return None

    def overlay_area(self) -> list[pygame.Rect]:
        """Where the overlay can draw (logical pixels): drawn and sent again on each of its frames."""
        return [pygame.Rect(0, 0, *SIZE)]

    def draw(self, target: pygame.Surface) -> None:
        """The whole picture at logical size: the still, the motion and the overlay."""
        self.draw_beneath(target)
        if self.overlay:
            self.paint_overlay(target, self.time, 1.0)

    def draw_beneath(self, target: pygame.Surface) -> None:
        """The picture without its overlay: what a scene layer composes and scales."""
        target.blit(self.background, (0, 0))
        self.paint_motion(target, self.time)

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.name} {self.params}>"


def sprite_area(position: tuple[float, float], sprite: pygame.Surface, reach: tuple[float, float] = (0, 0)) -> pygame.Rect:
    """Where `sprite` can land when drawn at `position`, moved up to `reach` (x, y) either way, and a pixel more."""
    x, y = position
    dx, dy = reach
    width, height = sprite.get_size()
    return pygame.Rect(int(x - dx) - 1, int(y - dy) - 1, int(width + 2 * dx) + 3, int(height + 2 * dy) + 3)


def paint_key(cls: type[ScenePainter], params: Mapping[str, Any], reduce_motion: bool, high_contrast: bool) -> tuple:
    """The key a painter of `cls` with these parameters and modes finds its painting under."""
    fitted = CATALOGUE.fit_scene_params(cls.name, dict(params))
    return (cls, tuple(sorted(fitted.items())), reduce_motion, high_contrast, pygame.display.get_surface() is not None)


def clear_paint_cache() -> None:
    """Forget painted scenes (after the display changes, or to measure construction)."""
    _PAINT_CACHE.clear()
    AHEAD.forget_ahead(set())
    AHEAD._sizes.clear()
    AHEAD._largest_of.clear()
    AHEAD.largest = 0
