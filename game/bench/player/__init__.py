"""The player's benchmark (`main.py bench --window`, and its part of `main.py bench`): figures it prints.

One benchmark, in modules: every figure is measured in a child process of its own (`python -m
game.bench.player --child ...`), in the real loop the player runs (`App.next_events` then
`App.step`), with the same video driver as the bare pygame-ce windows it is compared with. On a
display that is X11 (CI runs it under Xvfb); without one, SDL's dummy driver, which measures the
same code without sending pixels anywhere.

- chapter.py: a chapter by key presses, each press to its frame, the autosave, peak memory;
- reading.py: CPU while the player reads each screen, against bare windows waiting and redrawing;
- frames.py: frame times per scene at 1280×720 and 1920×1080;
- start.py: cold start against a bare window, and the sound a first run synthesises.

Nothing here is a timed test: it only prints.
"""
from __future__ import annotations

from game.bench import run_sections
from game.bench.player.chapter import bench_chapter
from game.bench.player.frames import bench_frames
from game.bench.player.reading import bench_cpu
from game.bench.player.start import bench_cold_start, bench_sound

__all__ = ["bench_chapter", "bench_cold_start", "bench_cpu", "bench_frames", "bench_sound", "run_benchmarks"]


def run_benchmarks(seconds: float = 3.0) -> list[str]:
    """Every figure, printed as it comes; `seconds` a screen for the CPU (CI's short run passes 1).

    The chapter comes first: a child's peak memory counts the pages of the process it was started
    from, so this one must still be small when it is measured.
    """
    return run_sections([
        lambda: bench_chapter(),
        lambda: bench_cpu(seconds),
        lambda: bench_frames(min(seconds, 2.0)),
        lambda: bench_cold_start(9 if seconds >= 2 else 3),
        lambda: bench_sound(),
    ])
