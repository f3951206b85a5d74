"""Every scene of the game drawn by code: make_scene(name, params) gives a painter with update() and draw()."""
from __future__ import annotations

from typing import Any, Mapping

from game.player.scenes.base import SCENE_PAINTERS, ScenePainter, register_scene
from game.player.scenes import flat, konbini, room, street  # noqa: F401  (each module registers its scenes)

__all__ = ["SCENE_PAINTERS", "ScenePainter", "make_scene", "register_scene"]


def make_scene(name: str, params: Mapping[str, Any] | None = None, *, reduce_motion: bool = False,
               high_contrast: bool = False) -> ScenePainter:
    cls = SCENE_PAINTERS[name]
    return cls(params or {}, reduce_motion=reduce_motion, high_contrast=high_contrast)
