"""Frame times per scene, at 1280×720 and 1920×1080, in the real `App.step` and sent to the window."""
from __future__ import annotations

import time
from pathlib import Path

from game.bench import STORY, checked_story, verdict
from game.bench.player.common import SETTLE_SECONDS, game, loop_for, percentile, run_child, screens_to_read

FRAME_P99_TARGET_MS = 4.0
FRAME_SIZES = ((1280, 720), (1920, 1080))
KINDS = {"moving": "its own motion", "whole": "whole frames (as after input)", "redrawn": "all redrawn and sent"}


def frames_per_case(seconds: float) -> int:
    """How many frames each scene's figures are taken over: a few hundred for the usual two seconds."""
    return max(100, round(200 * seconds))


def child_frames(width: int, height: int, count: int, story_dir: Path, settle: float = SETTLE_SECONDS) -> None:
    """Each scene in play, `count` frames of each kind, each one timed (see KINDS).

    Its own motion: the scene animating, nothing else changing. Whole frames: everything drawn again
    as after a key that changed nothing on screen (what is unchanged is left and not sent). All
    redrawn and sent: as after the window lost its pixels (a new node costs about that). The frames
    come back to back, each step a frame's worth of time later (the scene's own rate, or 60 a second
    when it is still), so a p99 is over hundreds of frames in a second or two: waiting the real time
    between them would measure the same work, only slower. A still scene draws no frame of its own.
    """
    import pygame

    with game(width, height, story_dir) as app:
        for label, go in screens_to_read(app, every_scene=True):
            if not label.startswith("play: "):
                continue
            go()
            loop_for(app, settle)
            app.scenes_ahead.wait()
            dt = 1.0 / (app.frame_rate() or 60)
            for kind in KINDS:
                times: list[float] = []
                tries = 0
                while len(times) < count and tries < 2 * count:
                    tries += 1
                    events = pygame.event.get()
                    start = time.perf_counter()
                    frames = app.frames
                    app.dirty = app.dirty or kind != "moving"
                    if kind == "redrawn":
                        app._shown_last = None  # as if the window had lost its pixels: all drawn, all sent
                    app.step(dt, events)
                    if app.frames != frames:
                        times.append((time.perf_counter() - start) * 1000)
                print(f"{label}\t{kind}\t{' '.join(f'{value:.3f}' for value in times)}", flush=True)


def bench_frames(seconds: float = 2.0, story_dir: Path = STORY, count: int | None = None,
                 settle: float = SETTLE_SECONDS) -> list[str]:
    """The frame-time figures: p50 and p99 per scene, size and kind; the target is on the worst p99 of a scene's
    own motion and of whole frames as after input."""
    checked_story("frames", story_dir)  # a story with errors is one line of the report
    count = count or frames_per_case(seconds)
    out = [f"frame time (input, update, draw and send to the window, for each frame drawn; {count} frames a case), "
           "p50 / p99 in ms:"]
    worst = worst_redrawn = 0.0
    for width, height in FRAME_SIZES:
        lines, _usage = run_child("frames", str(width), str(height), str(count), str(story_dir), str(settle))
        for line in lines:
            label, kind, values = (line.split("\t") + [""])[:3]
            what = KINDS[kind]
            times = [float(value) for value in values.split()]
            if not times:
                out.append(f"  {width}x{height} {label:<28} {what:<30} still: no frames")
                continue
            p99 = percentile(times, 0.99)
            if kind == "redrawn":
                worst_redrawn = max(worst_redrawn, p99)
            else:
                worst = max(worst, p99)
            out.append(f"  {width}x{height} {label:<28} {what:<30} p50 {percentile(times, 0.5):6.2f}  p99 {p99:6.2f}"
                       f"  ({len(times)} frames)")
    out.append(f"  worst p99 {worst:.2f} ms (target ≤ {FRAME_P99_TARGET_MS:g} ms: {verdict(worst <= FRAME_P99_TARGET_MS)}); "
               f"all redrawn and sent, worst p99 {worst_redrawn:.2f} ms (what a new node costs: its target is the "
               "choice's, key press to frame)")
    return out
