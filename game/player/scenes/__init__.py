"""Every scene of the game drawn by code: make_scene(name, params) gives a painter with update() and draw()."""
from __future__ import annotations

import statistics
import time
from typing import Any, Mapping

import pygame

from game.player.scenes.base import AHEAD, SCENE_PAINTERS, ScenePainter, clear_paint_cache, paint_key, register_scene
from game.player.scenes import flat, house, konbini, room, rooms, street, day_street  # noqa: F401,E402  (each module registers its scenes)
from game.player.scenes.paint import SIZE, finish

__all__ = ["SCENE_PAINTERS", "ScenePainter", "make_scene", "register_scene", "bench_scene_draws", "BUSY_PARAMS",
           "clear_paint_cache", "paint_ahead", "forget_painted_ahead", "scene_key"]

# For an unknown name (the checker reports those before play) the player still gets a calm picture.
FALLBACK_SCENE = "fact_card"


def make_scene(name: str, params: Mapping[str, Any] | None = None, *, reduce_motion: bool = False,
               high_contrast: bool = False) -> ScenePainter:
    """A painter for a registered scene. Parameters are fitted again here, so missing keys get defaults."""
    cls = SCENE_PAINTERS.get(name) or SCENE_PAINTERS[FALLBACK_SCENE]
    return cls(params or {}, reduce_motion=reduce_motion, high_contrast=high_contrast)


def paint_ahead(name: str, params: Mapping[str, Any] | None, *, reduce_motion: bool, high_contrast: bool) -> tuple:
    """Paint a scene's still and sprites now (on a worker thread) for a painter made later; returns its key.

    Nothing is painted twice: a scene already painted, or being painted, is left as it is.
    """
    cls = SCENE_PAINTERS.get(name) or SCENE_PAINTERS[FALLBACK_SCENE]
    key = scene_key(name, params, reduce_motion=reduce_motion, high_contrast=high_contrast)
    if AHEAD.claim(key):
        try:
            cls(params or {}, reduce_motion=reduce_motion, high_contrast=high_contrast, ahead=True)
        finally:
            AHEAD.release(key)
    return key


def scene_key(name: str, params: Mapping[str, Any] | None, *, reduce_motion: bool, high_contrast: bool) -> tuple:
    """The key a scene's painting is kept under (what `paint_ahead` returns), without painting it."""
    cls = SCENE_PAINTERS.get(name) or SCENE_PAINTERS[FALLBACK_SCENE]
    return paint_key(cls, params or {}, reduce_motion, high_contrast)


def forget_painted_ahead(keep: set[tuple]) -> None:
    AHEAD.forget_ahead(keep)


# The most demanding parameters of each scene, for measuring the worst case.
BUSY_PARAMS: dict[str, dict[str, Any]] = {
    "dark_room": {"light": 5, "tv": True, "hour": 17},
    "night_street": {"rain": True, "dog": True, "figure": True},
    "konbini": {"rain": True, "clerk": True},
    "flat_8050": {"washing": "running", "mother": True, "helper": True},
    "clinic": {"warmth": 3, "people": 4},
    "day_street": {"crowd": 3, "station": False},
    "study_desk": {"tv": True, "books": 3},
    "fact_card": {"accent": "room"},
    "title": {},
}


def bench_scene_draws(frames: int = 60) -> dict[str, float]:
    """Median milliseconds one draw() takes, per scene, with its busiest parameters and motion on.

    Needs pygame initialised; works headless. update() runs between draws (untimed) so motion is real.
    """
    target = finish(pygame.Surface(SIZE))
    out: dict[str, float] = {}
    for name in SCENE_PAINTERS:
        painter = make_scene(name, BUSY_PARAMS.get(name, {}))
        times = []
        for _ in range(frames):
            painter.update(1 / 30)
            start = time.perf_counter()
            painter.draw(target)
            times.append((time.perf_counter() - start) * 1000.0)
        out[name] = statistics.median(times)
    return out
