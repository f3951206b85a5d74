"""The player's benchmarks: frame times per scene, cold start, idle CPU and memory, printed as figures.

Each figure is a ratio to a bare pygame baseline measured on the same machine, so the numbers mean
the same on a fast desktop and a slow CI box. Nothing here is a timed test: it only reports.
"""
from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any, Callable

from game.bench import ROOT, STORY, checked_story, run_sections, verdict as _verdict

FRAME_TARGET_P99_MS = 4.0
COLD_START_TARGET_RATIO = 2.0
IDLE_CPU_TARGET = 0.10
MEMORY_TARGET_MB = 60.0
FRAMES_PER_SCENE = 240


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(share * (len(ordered) - 1))))
    return ordered[index]


def _headless_env() -> dict[str, str]:
    """The same drivers for the game and the baseline: a real display when there is one, else dummy."""
    env = dict(os.environ)
    if not env.get("DISPLAY") and not env.get("WAYLAND_DISPLAY"):
        env.setdefault("SDL_VIDEODRIVER", "dummy")
    env.setdefault("SDL_AUDIODRIVER", "dummy")
    env["PYGAME_HIDE_SUPPORT_PROMPT"] = "1"
    # A player's install keeps compiled bytecode; measure that, not a recompile on every start.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


# -- frames ---------------------------------------------------------------------------------------
def bench_frames(story_dir: Path = STORY) -> list[str]:
    """Every scene at 1280×720 behind a node with text and choices: update + draw + flip per frame."""
    result = checked_story("frames", story_dir, dummy_drivers=True)
    import pygame

    from game.content import SCENES
    from game.core.runtime import Mode, start_at
    from game.player.app import App

    story = result.story
    assert story is not None
    # The node with the most text among those with choices: the heaviest panel a player sees.
    candidates = [node for node in story.nodes.values() if node.choices]
    node = max(candidates, key=lambda item: sum(len(template.source) for template in item.text))
    lines: list[str] = []
    with tempfile.TemporaryDirectory(prefix="curtain-light-bench-") as data_dir:
        app = App(story_dir, Path(data_dir), loaded=result, window_size=(1280, 720), fullscreen=False,
                  audio=False, watch=False)
        try:
            runtime = start_at(story, node.chapter, node.id)
            assert runtime.mode is Mode.CHOICE
            app.show_play(runtime, revealed=True)
            app.toasts.clear()
            play = app.play_screen
            assert play is not None
            surface = app.display.surface
            backdrop = pygame.Surface((1280, 720)).convert()
            backdrop.fill((30, 30, 40))

            def bare_frame() -> None:
                surface.blit(backdrop, (0, 0))
                pygame.display.flip()

            base = _time_frames(bare_frame, FRAMES_PER_SCENE)
            base_p50, base_p99 = _percentile(base, 0.5), _percentile(base, 0.99)
            lines.append(f"frames: bare full-screen blit + flip: p50 {base_p50:.2f} ms, p99 {base_p99:.2f} ms "
                         f"({FRAMES_PER_SCENE} frames, node {node.id!r}, {len(runtime.choices)} choices)")
            worst = 0.0
            for name in SCENES:
                play.scene.reduce_motion = False
                play.scene.key = None  # a fresh painter, shown without a crossfade
                play.scene.show(name, {})
                play.scene.fade_left = 0.0
                play.scene.update(0.0)

                def game_frame() -> None:
                    play.update(1 / 60)
                    app.draw()
                    pygame.display.flip()

                _time_frames(game_frame, 20)  # warm the caches, as the first second of a scene does
                times = _time_frames(game_frame, FRAMES_PER_SCENE)
                p50, p99 = _percentile(times, 0.5), _percentile(times, 0.99)
                worst = max(worst, p99)
                lines.append(f"frames: {name:<13} p50 {p50:5.2f} ms  p99 {p99:5.2f} ms  "
                             f"(×{p50 / max(base_p50, 1e-6):.1f} / ×{p99 / max(base_p99, 1e-6):.1f} the bare blit)"
                             f"  {'animated' if play.scene.animated else 'still'}")
            lines.append(f"frames: worst p99 {worst:.2f} ms (target ≤ {FRAME_TARGET_P99_MS:g} ms: "
                         f"{_verdict(worst <= FRAME_TARGET_P99_MS)})")
            # The same at 1920×1080, as in full screen on a common monitor: the scene is scaled up
            # (smoothly) every frame it moves, and the text is rendered at the larger size.
            app.display.handle_resize(1920, 1080)
            play.scene.key = None
            play.scene.show("night_street", {})
            play.scene.fade_left = 0.0
            _time_frames(game_frame, 20)
            times = _time_frames(game_frame, FRAMES_PER_SCENE)
            lines.append(f"frames: night_street at 1920x1080 p50 {_percentile(times, 0.5):5.2f} ms  "
                         f"p99 {_percentile(times, 0.99):5.2f} ms (scaled window)")
        finally:
            app.shutdown()
    return lines


def _time_frames(frame: Callable[[], None], count: int) -> list[float]:
    times: list[float] = []
    for _ in range(count):
        start = time.perf_counter()
        frame()
        times.append((time.perf_counter() - start) * 1000)
    return times


# -- cold start -----------------------------------------------------------------------------------
BARE_WINDOW = (
    "import pygame; pygame.display.init(); pygame.display.set_mode((1280, 720), pygame.RESIZABLE); "
    "pygame.display.flip()"
)


def bench_cold_start(runs: int = 9) -> list[str]:
    """Process start to first frame shown (then exit), against a bare pygame window process."""
    env = _headless_env()
    with tempfile.TemporaryDirectory(prefix="curtain-light-bench-") as data_dir:
        game_cmd = [sys.executable, str(ROOT / "main.py"), "--data-dir", data_dir, "--first-frame-exit", "--windowed"]
        bare_cmd = [sys.executable, "-c", BARE_WINDOW]
        # One unmeasured run each, so both find the files in the OS cache.
        _run_timed(bare_cmd, env)
        _run_timed(game_cmd, env)
        # Interleaved, so both feel the same background load on a shared machine.
        bare_times: list[float] = []
        game_times: list[float] = []
        for _ in range(runs):
            bare_times.append(_run_timed(bare_cmd, env))
            game_times.append(_run_timed(game_cmd, env))
        bare = statistics.median(bare_times)
        game = statistics.median(game_times)
    ratio = game / bare
    return [f"cold start to first frame: game {game * 1000:.0f} ms, bare pygame window {bare * 1000:.0f} ms, "
            f"ratio {ratio:.2f} (target ≤ {COLD_START_TARGET_RATIO:g}: {_verdict(ratio <= COLD_START_TARGET_RATIO)})"]


def _run_timed(command: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    subprocess.run(command, env=env, cwd=ROOT, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


# -- idle CPU and memory, measured in child processes ---------------------------------------------
def _run_child(mode: str, env: dict[str, str], *extra: str) -> tuple[str, Any]:
    """Run this module as a child; returns its printed output and its resource usage (from wait4)."""
    command = [sys.executable, "-m", "game.bench.player", "--child", mode, *extra]
    process = subprocess.Popen(command, env=env, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               text=True)
    assert process.stdout is not None and process.stderr is not None
    output = process.stdout.read()
    errors = process.stderr.read()
    _pid, status, usage = os.wait4(process.pid, 0)
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        raise RuntimeError(f"benchmark child {mode!r} failed: {errors.strip()[-500:]}")
    return output.strip(), usage


def bench_idle_cpu() -> list[str]:
    env = _headless_env()
    output, _usage = _run_child("idle", env)
    lines = []
    worst = 0.0
    for line in output.splitlines():
        label, share, frames = line.split()
        if label == "startup":
            lines.append(f"CPU at the first choice while the sound is still being synthesised (first 3 s): "
                         f"{float(share) * 100:.1f}% of a core")
            continue
        worst = max(worst, float(share))
        lines.append(f"CPU while waiting on a choice, {label:<13} {float(share) * 100:4.1f}% of a core "
                     f"({frames} frames drawn in 3 s)")
    lines.append(f"CPU while waiting: worst {worst * 100:.1f}% (target ≤ {IDLE_CPU_TARGET * 100:.0f}%: "
                 f"{_verdict(worst <= IDLE_CPU_TARGET)})")
    return lines


def bench_memory() -> list[str]:
    """Peak memory of the game playing a chapter, against a bare pygame window; and of its synthesis worker.

    The sound is synthesised by a worker process (numpy lives only there). The game runs with an
    empty sound cache, so it starts the worker as a player's first run does. wait4 reports a
    process's own peak or its children's, whichever is larger; a child's figure starts from the
    pages of the process it was forked from, so the game's figure is its own peak and the worker
    is measured apart, started from this small process, building every sound in one go (the most
    it ever holds: the game asks for a few at a time, and the worker exits once they are written).
    """
    env = _headless_env()
    # ru_maxrss is in kilobytes on Linux (bytes on macOS).
    unit = 1024 * 1024 if sys.platform == "darwin" else 1024
    with tempfile.TemporaryDirectory(prefix="curtain-light-bench-cache-") as cache_dir:
        env["CURTAIN_LIGHT_CACHE_DIR"] = cache_dir
        _output, bare_usage = _run_child("bare", env)
        output, game_usage = _run_child("play", env)
        worker = [sys.executable, "-m", "game.player.sound.worker", "--all", "--out", str(Path(cache_dir) / "worker")]
        started = time.perf_counter()
        worker_usage = _run_measured(worker, env)
        synthesis = _sound_cache_line(Path(cache_dir) / "worker", time.perf_counter() - started)
    bare_mb = bare_usage.ru_maxrss / unit
    game_mb = game_usage.ru_maxrss / unit
    worker_mb = worker_usage.ru_maxrss / unit if worker_usage is not None else float("nan")
    extra = game_mb - bare_mb
    return [f"peak memory playing a chapter ({output}): game {game_mb:.0f} MB, bare pygame window {bare_mb:.0f} MB, "
            f"{extra:.0f} MB above (target ≤ {MEMORY_TARGET_MB:g} MB: {_verdict(extra <= MEMORY_TARGET_MB)})",
            f"peak memory of the sound synthesis worker (a separate process, only while a sound is new; "
            f"every sound in one go): {worker_mb:.0f} MB", synthesis]


def _sound_cache_line(folder: Path, seconds: float) -> str:
    """How long the worker took to build every sound, and what the cache holds, by kind."""
    from game.content import AMBIENCES
    from game.player.sound.plans import EVENT_SOUNDS, MUSIC

    sizes = {"ambience beds": 0, "events": 0, "music": 0, "effects": 0}
    for path in folder.glob("*.wav"):
        kind = ("ambience beds" if path.stem in AMBIENCES else "events" if path.stem in EVENT_SOUNDS
                else "music" if path.stem in MUSIC else "effects")
        sizes[kind] += path.stat().st_size
    parts = ", ".join(f"{kind} {size / 1e6:.1f}" for kind, size in sizes.items())
    return (f"sound synthesis of every sound in one go (one core, niced): {seconds:.1f} s; "
            f"cache {sum(sizes.values()) / 1e6:.1f} MB ({parts} MB)")


def _run_measured(command: list[str], env: dict[str, str]) -> Any:
    """Run a command to its end; its resource usage (from wait4), or None if it failed."""
    process = subprocess.Popen(command, env=env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _pid, status, usage = os.wait4(process.pid, 0)
    process.returncode = os.waitstatus_to_exitcode(status)
    return usage if process.returncode == 0 else None


def _child_idle() -> None:
    """The real loop (sleeping when idle), sound on, waiting on a choice: CPU share over 3 s per scene."""
    import pygame

    from game.content import AMBIENCES, SCENES
    from game.core.runtime import start_at
    from game.player.app import App
    from game.player.sound.starter import NullAudio

    result = checked_story("idle cpu")
    story = result.story
    assert story is not None
    candidates = [node for node in story.nodes.values() if node.choices]
    node = max(candidates, key=lambda item: sum(len(template.source) for template in item.text))
    with tempfile.TemporaryDirectory(prefix="curtain-light-bench-") as data_dir:
        app = App(STORY, Path(data_dir), loaded=result, window_size=(1280, 720), fullscreen=False, watch=True)
        app.show_play(start_at(story, node.chapter, node.id), revealed=True)
        app.toasts.clear()
        _measure(app, "startup")
        deadline = time.monotonic() + 20
        while isinstance(app.audio, NullAudio) and time.monotonic() < deadline:
            app.step(1 / 60)
            time.sleep(0.01)
        for name in AMBIENCES:  # the one-off synthesis at start-up is over before measuring
            if hasattr(app.audio, "wait_until_ready"):
                app.audio.wait_until_ready(name, timeout=20)
        play = app.play_screen
        assert play is not None
        for name in SCENES:
            play.scene.show(name, {})
            _run_loop_until(app, time.monotonic() + 1.0)  # the crossfade
            _measure(app, name)
        app.shutdown()
    pygame.quit()


def _measure(app: Any, label: str) -> None:
    frames = app.frames
    cpu_start, wall_start = time.process_time(), time.monotonic()
    _run_loop_until(app, wall_start + 3.0)
    share = (time.process_time() - cpu_start) / (time.monotonic() - wall_start)
    print(label, f"{share:.4f}", app.frames - frames, flush=True)


def _run_loop_until(app: Any, stop_at: float) -> None:
    """App.run's own pacing (sleep when idle), without ending the app."""
    last = time.perf_counter()
    while time.monotonic() < stop_at:
        events = app.next_events()
        now = time.perf_counter()
        dt, last = min(now - last, 0.25), now
        app.step(dt, events)


def _child_bare() -> None:
    import pygame

    pygame.display.init()
    pygame.display.set_mode((1280, 720), pygame.RESIZABLE)
    pygame.display.flip()
    time.sleep(0.2)


def _child_play() -> None:
    """Play the longest chapter to an ending through the real app, with sound, like a player would."""
    import random

    from game.core.runtime import Mode
    from game.player.app import App
    from game.player.pilot import Pilot
    from game.player.screens.play import PlayScreen

    with tempfile.TemporaryDirectory(prefix="curtain-light-bench-") as data_dir:
        app = App(STORY, Path(data_dir), window_size=(1280, 720), fullscreen=False)
        pilot = Pilot(app)
        pilot.wait_for_story(60)
        assert app.story is not None
        app.change_settings(content_note_seen=True, text_speed="instant")
        chapter = max(app.story.chapters, key=lambda item: len(item.node_ids))
        app.start_chapter(chapter.id)
        rng = random.Random(7)
        steps = 0
        while steps < 400:
            play = app.top
            assert isinstance(play, PlayScreen)
            runtime = play.runtime
            if runtime.mode is Mode.ENDED:
                break
            if runtime.mode is Mode.CONTINUE:
                pilot.press("space")
            else:
                enabled = [view.index for view in runtime.choices if view.enabled]
                pilot.press(str(rng.choice(enabled) + 1))
            pilot.step(5)
            steps += 1
        print(f"{chapter.title}, {steps} steps")
        app.shutdown()


def run_benchmarks() -> list[str]:
    """Run every player benchmark, printing each figure as it comes; returns the lines."""
    # Memory first: a child's peak RSS counts the parent's pages it was forked from, so the parent
    # must still be small when the children are measured.
    return run_sections([bench_memory, bench_frames, bench_cold_start, bench_idle_cpu])


def _main(argv: list[str]) -> int:
    if len(argv) >= 2 and argv[0] == "--child":
        {"idle": _child_idle, "bare": _child_bare, "play": _child_play}[argv[1]]()
        return 0
    run_benchmarks()
    return 0


if __name__ == "__main__":
    sys.exit(_main(sys.argv[1:]))
