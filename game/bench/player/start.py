"""The player's start: process start to first frame against a bare window, and the sound built on a first run."""
from __future__ import annotations

import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from game.bench import ROOT, STORY, checked_story, verdict
from game.bench.player.common import RSS_UNIT, CpuMeter, child_env, heaviest_node, loop_for, run_child, run_measured

COLD_START_TARGET_RATIO = 2.0
STARTUP_SECONDS = 3.0
BARE_WINDOW = (
    "import pygame; pygame.display.init(); pygame.display.set_mode((1280, 720), pygame.RESIZABLE); "
    "pygame.display.flip()"
)


def bench_cold_start(runs: int = 9) -> list[str]:
    """Process start to first frame shown (then exit), against a bare pygame window process."""
    env = child_env()
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
            f"ratio {ratio:.2f} (target ≤ {COLD_START_TARGET_RATIO:g}: {verdict(ratio <= COLD_START_TARGET_RATIO)})"]


def _run_timed(command: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    subprocess.run(command, env=env, cwd=ROOT, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def bench_sound() -> list[str]:
    """A first run's sound: the CPU at the first choice while it is synthesised, and the synthesis worker.

    The sound is synthesised by a worker process (numpy lives only there) into an empty cache, as on
    a player's first run. The worker is measured apart, started from this small process, building
    every sound in one go (the most it ever holds: the game asks for a few at a time, and the worker
    exits once they are written): wait4 reports a child's own peak, which starts from the pages of
    the process it was forked from.
    """
    env = child_env()
    with tempfile.TemporaryDirectory(prefix="curtain-light-bench-cache-") as cache_dir:
        env["CURTAIN_LIGHT_CACHE_DIR"] = cache_dir
        lines, _usage = run_child("startup", env=env)
    with tempfile.TemporaryDirectory(prefix="curtain-light-bench-cache-") as cache_dir:
        env["CURTAIN_LIGHT_CACHE_DIR"] = cache_dir
        worker = [sys.executable, "-m", "game.player.sound.worker", "--all", "--out", str(Path(cache_dir) / "worker")]
        started = time.perf_counter()
        worker_usage = run_measured(worker, env)
        synthesis = _sound_cache_line(Path(cache_dir) / "worker", time.perf_counter() - started)
    worker_mb = worker_usage.ru_maxrss / RSS_UNIT if worker_usage is not None else float("nan")
    return [f"CPU at the first choice while the sound is still being synthesised (first {STARTUP_SECONDS:g} s): "
            f"{float(lines[0]) * 100:.1f}% of a core",
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


def child_startup() -> None:
    """The real loop with sound on, at the heaviest choice, over the first seconds: the CPU share."""
    from game.core.runtime import start_at
    from game.player.app import App

    result = checked_story("sound")
    story = result.story
    assert story is not None
    node = heaviest_node(story)
    with tempfile.TemporaryDirectory(prefix="curtain-light-bench-") as data_dir:
        app = App(STORY, Path(data_dir), loaded=result, window_size=(1280, 720), fullscreen=False, watch=True)
        try:
            app.show_play(start_at(story, node.chapter, node.id), revealed=True)
            app.toasts.clear()
            meter = CpuMeter()
            loop_for(app, STARTUP_SECONDS)
            print(f"{meter.share():.4f}", flush=True)
        finally:
            app.shutdown()
