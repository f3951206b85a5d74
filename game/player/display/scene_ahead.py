"""Scenes painted ahead: while the player reads, a worker thread paints the scenes the open moves lead to.

Painting a scene takes a fifth of a second or more; done when a choice is taken, it would stand
between the key and the next frame. Here each open move is tried on a copy of the state (the
story is only read), and the scene it would show is painted on the worker, so the play screen
finds it painted when the key comes. What was painted for moves no longer open is let go.
"""
from __future__ import annotations

import logging
import queue
import threading
from typing import TYPE_CHECKING, Any, Callable

from game.player.guard import guarded
from game.player.jobs import serve

if TYPE_CHECKING:
    from game.core.runtime import Runtime

log = logging.getLogger(__name__)


def next_scenes(story: Any, state: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    """The scene (name, parameters) each open move from `state` shows next, in the order of the moves."""
    from game.core.runtime import Mode, Runtime

    here, _warnings = Runtime.from_state(story, state)
    if here.mode is Mode.CHOICE:
        moves = [lambda runtime, index=view.index: runtime.choose(index) for view in here.choices if view.enabled]
    elif here.mode is Mode.CONTINUE:
        moves = [lambda runtime: runtime.advance()]
    else:
        return []
    found: list[tuple[str, dict[str, Any]]] = []
    for move in moves:
        runtime, _warnings = Runtime.from_state(story, state)
        move(runtime)
        scene = runtime.scene
        if scene is not None and (scene.name, dict(scene.params)) not in found:
            found.append((scene.name, dict(scene.params)))
    return found


class ScenesAhead:
    """The worker: give it the runtime after each move (`look_ahead`); `close` stops it."""

    def __init__(self, after_painting: Callable[[], None] | None = None) -> None:
        self._after_painting = after_painting  # run on the worker once a job's scenes are painted
        self._jobs: queue.Queue[tuple[Any, dict[str, Any], bool, bool] | None] = queue.Queue()
        self._thread: threading.Thread | None = None

    def look_ahead(self, runtime: "Runtime", *, reduce_motion: bool, high_contrast: bool) -> None:
        """Paint, on the worker, what the moves open from here show (a copy of the state goes over)."""
        self._jobs.put((runtime.story, runtime.to_state(), reduce_motion, high_contrast))
        if self._thread is None:
            self._thread = threading.Thread(target=self._work, name="scenes-ahead", daemon=True)
            self._thread.start()

    def wait(self) -> None:
        """Until everything asked for so far is painted (tests, and the benchmark before it measures)."""
        self._jobs.join()

    def close(self) -> None:
        if self._thread is not None:
            self._jobs.put(None)
            self._thread.join(timeout=5)
            self._thread = None

    def _work(self) -> None:
        serve(self._jobs, self._paint)

    def _paint(self, job: tuple[Any, dict[str, Any], bool, bool]) -> None:
        from game.player.scenes import forget_painted_ahead, paint_ahead, scene_key

        if not self._jobs.empty():
            return  # the player has moved on already: only the latest place is worth painting for
        story, state, reduce_motion, high_contrast = job
        with guarded("painting the next scenes ahead"):  # it only saves time: the screen paints them itself
            scenes = next_scenes(story, state)
            # What was painted for moves no longer open goes first: painting the new ones on top
            # of it would hold both at once, the highest the memory of a chapter would ever stand.
            forget_painted_ahead({scene_key(name, params, reduce_motion=reduce_motion, high_contrast=high_contrast)
                                  for name, params in scenes})
            for name, params in scenes:
                paint_ahead(name, params, reduce_motion=reduce_motion, high_contrast=high_contrast)
            if self._after_painting is not None:
                self._after_painting()
