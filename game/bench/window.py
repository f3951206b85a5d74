"""`main.py bench --window`: the game in a real window against bare pygame-ce windows, side by side.

Needs a display (CI runs it under Xvfb). Every figure is measured in a child process of its own, in
the real loop the player runs (`App.next_events` then `App.step`), with the same video driver as
the two baselines: a bare window that waits on events, and one that redraws and flips all of
1280×720 at 30 fps. CPU is the process's own CPU time (every thread) over wall time. Nothing here
is a timed test: it only prints.
"""
from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from contextlib import contextmanager
from typing import Any, Callable, Iterator

from game.bench import ROOT, STORY, checked_story, run_sections, verdict as _verdict
from game.bench.player import _percentile, _run_loop_until

STILL_CPU_TARGET = 0.03
ANIMATED_CPU_TARGET = 0.06
MEMORY_TARGET_MB = 40.0
CHOICE_P95_TARGET_MS = 16.0
FRAME_P99_TARGET_MS = 4.0
SIZES = ((1280, 720), (1126, 634))
SETTLE_SECONDS = 1.0  # crossfades and the first paint are over before a screen is measured
READING_SECONDS = 0.8  # between two presses in a chapter: the shortest a passage is read for


def _window_env() -> dict[str, str]:
    env = dict(os.environ)
    env.setdefault("SDL_VIDEODRIVER", "x11")
    env["SDL_AUDIODRIVER"] = "dummy"
    env["PYGAME_HIDE_SUPPORT_PROMPT"] = "1"
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


def _child(mode: str, *extra: str, env: dict[str, str] | None = None) -> tuple[list[str], Any]:
    """Run this module as a child; its printed lines and its resource usage (from wait4)."""
    command = [sys.executable, "-m", "game.bench.window", "--child", mode, *extra]
    with tempfile.TemporaryFile("w+") as errors:
        process = subprocess.Popen(command, env=env or _window_env(), cwd=ROOT, stdout=subprocess.PIPE,
                                   stderr=errors, text=True)
        assert process.stdout is not None
        output = process.stdout.read()
        _pid, status, usage = os.wait4(process.pid, 0)
        process.returncode = os.waitstatus_to_exitcode(status)
        if process.returncode != 0:
            errors.seek(0)
            raise RuntimeError(f"window benchmark {mode!r} failed: {errors.read().strip()[-800:]}")
    return [line for line in output.strip().splitlines() if line[:1].isdigit() or "\t" in line], usage


# -- what a child measures ------------------------------------------------------------------------
class CpuMeter:
    """Process CPU time over wall time since `start`."""

    def __init__(self) -> None:
        self.cpu = time.process_time()
        self.wall = time.monotonic()

    def share(self) -> float:
        return (time.process_time() - self.cpu) / max(1e-9, time.monotonic() - self.wall)


def _loop_for(app: Any, seconds: float) -> None:
    """The player's own loop (App.run without its end): paced while anything moves, asleep otherwise."""
    _run_loop_until(app, time.monotonic() + seconds)


@contextmanager
def _game(width: int, height: int) -> Iterator[Any]:
    """The game on the real story in a window of this size, sound off, the content note seen; shut down after."""
    from game.player.app import App

    result = checked_story("window")
    with tempfile.TemporaryDirectory(prefix="curtain-light-bench-") as data_dir:
        app = App(STORY, Path(data_dir), loaded=result, window_size=(width, height), fullscreen=False,
                  audio=False, watch=False)
        app.change_settings(content_note_seen=True)
        try:
            yield app
        finally:
            app.shutdown()


def _screens_to_read(app: Any) -> list[tuple[str, Callable[[], None]]]:
    """Each screen the player reads, and how to get there: the menus, then every scene waiting on a choice."""
    from game.content import SCENES
    from game.core.runtime import start_at
    from game.player import messages as m

    story = app.story
    steps: list[tuple[str, Callable[[], None]]] = [
        ("title", lambda: None),
        ("chapter select", lambda: app.post(m.OpenScreen("chapters"))),
    ]
    by_scene: dict[str, Any] = {}  # a node of each scene: waiting on a choice, else (a fact card) on Continue
    for node in sorted(story.nodes.values(), key=lambda item: not item.choices):
        scene = node.scene
        name = getattr(scene, "name", None) if scene is not None else None
        if name and name not in by_scene and node.ending is None:
            by_scene[name] = node
    for name in SCENES:
        node = by_scene.get(name)
        if node is None:
            continue

        def play(node: Any = node) -> None:
            app.show_play(start_at(story, node.chapter, node.id), revealed=True)
            app.toasts.clear()

        steps.append((f"play: {name}", play))
    steps.append(("pause", lambda: app.post(m.OpenScreen("pause"))))
    return steps


def _child_screens(width: int, height: int, seconds: float) -> None:
    with _game(width, height) as app:
        app.toasts.clear()
        for label, go in _screens_to_read(app):
            go()
            _loop_for(app, SETTLE_SECONDS)
            app.scenes_ahead.wait()  # the next scenes painted: what a player reading for a while costs
            frames = app.frames
            meter = CpuMeter()
            _loop_for(app, seconds)
            print(f"{label}\t{meter.share():.4f}\t{app.frames - frames}", flush=True)


def _child_chapter(width: int, height: int) -> None:
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
    with _game(width, height) as app:
        app.change_settings(text_speed="instant")
        chapter = max(app.story.chapters, key=lambda item: len(item.node_ids))
        app.start_chapter(chapter.id)
        _loop_for(app, SETTLE_SECONDS)
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
            _loop_for(app, READING_SECONDS)
            app.scenes_ahead.wait()
            _loop_for(app, 0.1)
            print(f"{(first_frame - pressed) * 1000:.3f}\t{sum(autosaves[saved:]):.3f}", flush=True)


def _child_bare(kind: str, seconds: float) -> None:
    import pygame

    pygame.display.init()
    if pygame.display.get_driver() == "x11" and not os.environ.get("BENCH_SDL_DEFAULT_FRAMEBUFFER"):
        os.environ.setdefault("SDL_FRAMEBUFFER_ACCELERATION", "0")  # as the game's window does (display/window.py)
    screen = pygame.display.set_mode((1280, 720), pygame.RESIZABLE)
    screen.fill((20, 20, 28))
    pygame.display.flip()
    backdrop = pygame.Surface((1280, 720)).convert()
    backdrop.fill((30, 30, 40))
    clock = pygame.time.Clock()
    stop_at = time.monotonic() + seconds
    meter = CpuMeter()
    while time.monotonic() < stop_at:
        if kind == "wait":
            pygame.event.wait(100)
            pygame.event.get()
        else:
            clock.tick(30)
            pygame.event.get()
            screen.blit(backdrop, (0, 0))
            pygame.display.flip()
    print(f"{meter.share():.4f}", flush=True)


# -- the report -----------------------------------------------------------------------------------
def bench_cpu(seconds: float) -> list[str]:
    bare_wait = float(_child("bare", "wait", str(seconds))[0][0])
    bare_flip = float(_child("bare", "flip", str(seconds))[0][0])
    sdl_default = {key: value for key, value in _window_env().items() if key != "SDL_FRAMEBUFFER_ACCELERATION"}
    sdl_default["BENCH_SDL_DEFAULT_FRAMEBUFFER"] = "1"
    bare_flip_default = float(_child("bare", "flip", str(seconds), env=sdl_default)[0][0])
    columns: list[dict[str, tuple[float, int]]] = []
    for width, height in SIZES:
        lines, _usage = _child("screens", str(width), str(height), str(seconds))
        found = {}
        for line in lines:
            label, share, frames = line.split("\t")
            found[label] = (float(share), int(frames))
        columns.append(found)
    heads = "  ".join(f"{w}x{h:<14}" for w, h in SIZES)
    out = [f"CPU while the player reads ({seconds:g} s a screen; % of a core, frames drawn):",
           f"  {'':<22}{heads}",
           f"  {'bare window, waiting':<22}{bare_wait * 100:5.1f}%",
           f"  {'bare window, 30 fps':<22}{bare_flip * 100:5.1f}%  (pixels by X shared memory, as the game sends them)",
           f"  {'bare window, 30 fps':<22}{bare_flip_default * 100:5.1f}%  (SDL's default framebuffer: a GL texture)"]
    worst_still = worst_animated = 0.0
    for label in columns[0]:
        cells = []
        for found in columns:
            share, frames = found.get(label, (float("nan"), 0))
            cells.append(f"{share * 100:5.1f}% {frames:4d} fr    ")
            if frames > seconds * 2:
                worst_animated = max(worst_animated, share)
            else:
                worst_still = max(worst_still, share)
        out.append(f"  {label:<22}" + "  ".join(cells))
    out.append(f"  worst still screen {worst_still * 100:.1f}% (target ≤ {STILL_CPU_TARGET * 100:g}%: "
               f"{_verdict(worst_still <= STILL_CPU_TARGET)}); worst animated {worst_animated * 100:.1f}% "
               f"(target ≤ {ANIMATED_CPU_TARGET * 100:g}%: {_verdict(worst_animated <= ANIMATED_CPU_TARGET)})")
    return out


def bench_chapter() -> list[str]:
    """A whole chapter by key presses: each press to its next frame, the autosave apart, and peak memory."""
    lines, usage = _child("chapter", "1280", "720")
    _bare, bare_usage = _child("bare", "wait", "1")
    presses = [float(line.split("\t")[0]) for line in lines]
    autosaves = [float(line.split("\t")[1]) for line in lines]
    p95 = _percentile(presses, 0.95)
    unit = 1024 * 1024 if sys.platform == "darwin" else 1024  # ru_maxrss: kilobytes on Linux
    game_mb, bare_mb = usage.ru_maxrss / unit, bare_usage.ru_maxrss / unit
    return [f"a choice, key press to the next frame on screen (1280x720, {len(presses)} presses through the longest "
            f"chapter): median {statistics.median(presses):.1f} ms, p95 {p95:.1f} ms (target ≤ {CHOICE_P95_TARGET_MS:g} ms: "
            f"{_verdict(p95 <= CHOICE_P95_TARGET_MS)})",
            f"  the autosave after each (on the main thread once that frame is shown; the file is written on "
            f"the save writer's thread): median {statistics.median(autosaves):.1f} ms, p95 {_percentile(autosaves, 0.95):.1f} ms",
            f"peak memory over that chapter: game {game_mb:.0f} MB, bare window {bare_mb:.0f} MB, {game_mb - bare_mb:.0f} MB "
            f"above (target ≤ {MEMORY_TARGET_MB:g} MB: {_verdict(game_mb - bare_mb <= MEMORY_TARGET_MB)})"]


def _child_frames(width: int, height: int, count: int) -> None:
    """Each scene in play, `count` frames of each kind, each one timed: its own motion; whole frames, as
    after a key that changed nothing (everything drawn again, what is unchanged left and not sent);
    and frames all redrawn and sent, as after the window lost its pixels (a new node costs about that).

    The frames come back to back, each step a frame's worth of time later (the scene's own rate, or
    60 a second when it is still), so a p99 is over hundreds of frames in a second or two: waiting
    the real time between them would measure the same work, only slower. A still scene draws no
    frame of its own motion; that is printed as no frames.
    """
    import pygame

    with _game(width, height) as app:
        for label, go in _screens_to_read(app):
            if not label.startswith("play: "):
                continue
            go()
            _loop_for(app, SETTLE_SECONDS)
            app.scenes_ahead.wait()
            dt = 1.0 / (app.frame_rate() or 60)
            for kind in ("moving", "whole", "redrawn"):
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


def frames_per_case(seconds: float) -> int:
    """How many frames each scene's figures are taken over: a few hundred for the usual two seconds."""
    return max(100, round(200 * seconds))


def bench_frames(seconds: float) -> list[str]:
    count = frames_per_case(seconds)
    out = [f"frame time (input, update, draw and send to the window, for each frame drawn; {count} frames a case), "
           "p50 / p99 in ms:"]
    worst = 0.0
    for width, height in ((1280, 720), (1920, 1080)):
        lines, _usage = _child("frames", str(width), str(height), str(count))
        for line in lines:
            label, kind, values = (line.split("\t") + [""])[:3]
            what = {"moving": "its own motion", "whole": "whole frames (as after input)",
                    "redrawn": "all redrawn and sent"}[kind]
            times = [float(value) for value in values.split()]
            if not times:
                out.append(f"  {width}x{height} {label:<20} {what:<30} still: no frames")
                continue
            p99 = _percentile(times, 0.99)
            worst = max(worst, p99)
            out.append(f"  {width}x{height} {label:<20} {what:<30} p50 {_percentile(times, 0.5):6.2f}  p99 {p99:6.2f}"
                       f"  ({len(times)} frames)")
    out.append(f"  worst p99 {worst:.2f} ms (target ≤ {FRAME_P99_TARGET_MS:g} ms: {_verdict(worst <= FRAME_P99_TARGET_MS)})")
    return out


def run_window_benchmarks(seconds: float = 3.0) -> list[str]:
    return run_sections([lambda: bench_cpu(seconds), bench_chapter, lambda: bench_frames(min(seconds, 2.0))])


def _main(argv: list[str]) -> int:
    if argv and argv[0] == "--child":
        mode, rest = argv[1], argv[2:]
        if mode == "screens":
            _child_screens(int(rest[0]), int(rest[1]), float(rest[2]))
        elif mode == "frames":
            _child_frames(int(rest[0]), int(rest[1]), int(rest[2]))
        elif mode == "chapter":
            _child_chapter(int(rest[0]), int(rest[1]))
        elif mode == "bare":
            _child_bare(rest[0], float(rest[1]))
        return 0
    run_window_benchmarks(float(argv[0]) if argv else 3.0)
    return 0


if __name__ == "__main__":
    sys.exit(_main(sys.argv[1:]))
