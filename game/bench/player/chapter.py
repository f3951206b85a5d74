"""A whole chapter played by key presses in the real loop: each press to its frame, the autosave, peak memory."""
from __future__ import annotations

import statistics
import time
from typing import Any

from game.bench import verdict
from game.bench.player.common import RSS_UNIT, SETTLE_SECONDS, game, loop_for, percentile, run_child

CHOICE_P95_TARGET_MS = 16.0
MEMORY_TARGET_MB = 40.0
READING_SECONDS = 0.8  # between two presses in a chapter: the shortest a passage is read for


def child_chapter(width: int, height: int) -> None:
    """Play the longest chapter to an ending by key presses in the real loop: each press to its next frame.

    Prints one line per press: the milliseconds from the key event to the end of the frame that shows
    it, and the milliseconds the autosave that follows took (timed apart: it runs after that frame).
    """
    import random

    import pygame

    from game.core.runtime import Mode
    from game.player.session import PlaySession

    autosaves: list[float] = []
    real_autosave = PlaySession.autosave

    def timed_autosave(session: PlaySession) -> Any:
        start = time.perf_counter()
        try:
            return real_autosave(session)
        finally:
            autosaves.append((time.perf_counter() - start) * 1000)

    PlaySession.autosave = timed_autosave  # type: ignore[method-assign]
    shown: list[float] = []  # when each frame reached the window
    real_flip, real_update = pygame.display.flip, pygame.display.update

    def flip() -> None:
        real_flip()
        shown.append(time.perf_counter())

    def update(rects: Any) -> None:
        real_update(rects)
        shown.append(time.perf_counter())

    pygame.display.flip, pygame.display.update = flip, update
    with game(width, height) as app:
        app.change_settings(text_speed="instant")
        chapter = max(app.story.chapters, key=lambda item: len(item.node_ids))
        app.start_chapter(chapter.id)
        loop_for(app, SETTLE_SECONDS)
        rng = random.Random(7)
        for _ in range(400):
            session = app.session
            if session is None or session.runtime.mode is Mode.ENDED:
                break
            runtime = session.runtime
            key = "space" if runtime.mode is Mode.CONTINUE else str(
                rng.choice([view.index for view in runtime.choices if view.enabled]) + 1)
            code = pygame.key.key_code(key)
            frames, saved, sent = app.frames, len(autosaves), len(shown)
            pressed = time.perf_counter()
            pygame.event.post(pygame.event.Event(pygame.KEYDOWN, key=code, mod=0, unicode=key if len(key) == 1 else " "))
            pygame.event.post(pygame.event.Event(pygame.KEYUP, key=code, mod=0))
            last = pressed
            while app.frames == frames:
                events = app.next_events()
                now = time.perf_counter()
                app.step(min(now - last, 0.25), events)
                last = now
            first_frame = shown[sent]
            # The player reads: the crossfade runs out and the next scenes are painted meanwhile.
            loop_for(app, READING_SECONDS)
            app.scenes_ahead.wait()
            loop_for(app, 0.1)
            print(f"{(first_frame - pressed) * 1000:.3f}\t{sum(autosaves[saved:]):.3f}", flush=True)


def bench_chapter() -> list[str]:
    """A whole chapter by key presses: each press to its next frame, the autosave apart, and peak memory."""
    lines, usage = run_child("chapter", "1280", "720")
    _bare, bare_usage = run_child("bare", "wait", "1")
    presses = [float(line.split("\t")[0]) for line in lines]
    autosaves = [float(line.split("\t")[1]) for line in lines]
    p95 = percentile(presses, 0.95)
    game_mb, bare_mb = usage.ru_maxrss / RSS_UNIT, bare_usage.ru_maxrss / RSS_UNIT
    return [f"a choice, key press to the next frame on screen (1280x720, {len(presses)} presses through the longest "
            f"chapter): median {statistics.median(presses):.1f} ms, p95 {p95:.1f} ms (target ≤ {CHOICE_P95_TARGET_MS:g} ms: "
            f"{verdict(p95 <= CHOICE_P95_TARGET_MS)})",
            f"  the autosave after each (on the main thread once that frame is shown; the file is written on "
            f"the save writer's thread): median {statistics.median(autosaves):.1f} ms, p95 {percentile(autosaves, 0.95):.1f} ms",
            f"peak memory over that chapter: game {game_mb:.0f} MB, bare window {bare_mb:.0f} MB, {game_mb - bare_mb:.0f} MB "
            f"above (target ≤ {MEMORY_TARGET_MB:g} MB: {verdict(game_mb - bare_mb <= MEMORY_TARGET_MB)})"]
