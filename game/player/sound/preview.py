"""What a player hears of an ambience over minutes: its bed looped, with its events where the scheduler puts them.

For the tests and the benchmark, which judge the sound by its numbers (loudness, repetition);
the game itself never mixes like this, its mixer does.
"""
from __future__ import annotations

import math
import random
from typing import Callable

import numpy as np

from game.player.sound.plans import EVENT_PLANS, EventScheduler

FRAME = 1.0 / 60.0  # the scheduler advances once per frame in the game, and so here


def all_synths() -> dict[str, Callable[[int], np.ndarray]]:
    from game.player.sound.worker import synths

    return synths()


def heard(name: str, seconds: float, sample_rate: int = 44100, seed: int = 0,
          made: dict[str, np.ndarray] | None = None) -> tuple[np.ndarray, list[tuple[float, str]]]:
    """The ambience as heard for `seconds` (float stereo at full scale 1.0), and its events' (time, name).

    `made` keeps synthesised sounds between calls. Events are panned and scaled as the engine
    does it (a channel's left and right volumes), and cut off where the span ends.
    """
    made = {} if made is None else made
    synths = all_synths()

    def sound(key: str) -> np.ndarray:
        if key not in made:
            made[key] = synths[key](sample_rate)
        return made[key]

    bed = sound(name).astype(np.float64) / 32767.0
    n = int(seconds * sample_rate)
    repeats = -(-n // bed.shape[0])
    out = np.tile(bed, (repeats, 1))[:n].copy()
    log: list[tuple[float, str]] = []
    plan = EVENT_PLANS.get(name)
    if plan is None:
        return out, log
    scheduler = EventScheduler(plan, random.Random(seed))
    t = 0.0
    while t < seconds:
        t += FRAME
        due = scheduler.advance(FRAME, lambda _: True)
        if due is None:
            continue
        key, position, gain = due
        log.append((t, key))
        event = sound(key).astype(np.float64) / 32767.0
        angle = (max(-1.0, min(1.0, position)) + 1.0) * math.pi / 4.0
        start = int(t * sample_rate)
        take = min(event.shape[0], n - start)
        if take <= 0:
            break
        # pygame's channel volumes go no higher than 1: a centred event keeps its own level.
        left, right = min(1.0, math.cos(angle) * math.sqrt(2.0)), min(1.0, math.sin(angle) * math.sqrt(2.0))
        out[start:start + take, 0] += event[:take, 0] * gain * left
        out[start:start + take, 1] += event[:take, 1] * gain * right
    return out, log


def rms_db(x: np.ndarray) -> float:
    return 20.0 * math.log10(max(float(np.sqrt(np.mean(np.square(x)))), 1e-12))


def repetition(x: np.ndarray, sample_rate: int, period_s: float, window_s: float) -> float:
    """The highest correlation between two windows of the heard sound a whole number of bed loops apart.

    Only windows a loop apart could be the same sound, so those are the ones compared (mono,
    waveform correlation, starting every quarter loop). A loop with its events baked in scores
    1.0 (what is heard now comes back exactly one loop later); a bed with events dropped at
    random scores what the bed alone contributes to the whole.
    """
    mono = x.mean(axis=1)
    period, width = int(round(period_s * sample_rate)), int(window_s * sample_rate)
    best = 0.0
    for start in range(0, mono.shape[0] - width - period + 1, max(1, period // 4)):
        a = mono[start:start + width]
        for later in range(start + period, mono.shape[0] - width + 1, period):
            b = mono[later:later + width]
            denominator = float(np.linalg.norm(a) * np.linalg.norm(b))
            if denominator > 0.0:
                best = max(best, float(np.dot(a, b)) / denominator)
    return best


def report(sample_rate: int = 44100, seconds: float = 120.0) -> list[str]:
    """Synthesis time of every sound, and each ambience as heard: loudness, peak, events, repetition."""
    import time

    from game.player.sound.plans import EVENT_PLANS

    lines, made = [], {}
    for name, synth in all_synths().items():
        started = time.perf_counter()
        made[name] = synth(sample_rate)
        lines.append(f"synthesis: {name} {time.perf_counter() - started:.2f} s, {made[name].shape[0] / sample_rate:.1f} s "
                     f"of sound, {made[name].nbytes / 1e6:.2f} MB")
    for name in EVENT_PLANS:
        x, log = heard(name, seconds, sample_rate, seed=1, made=made)
        period = made[name].shape[0] / sample_rate
        lines.append(f"heard: {name} over {seconds:.0f} s: {rms_db(x):.1f} dBFS RMS (bed alone "
                     f"{rms_db(made[name] / 32767.0):.1f}), peak {20.0 * math.log10(float(np.abs(x).max())):.1f} dBFS, "
                     f"{len(log)} events, 20 s windows a {period:.0f} s loop apart correlate at most "
                     f"{repetition(x, sample_rate, period, 20.0):.2f}")
    return lines


if __name__ == "__main__":
    for line in report():
        print(line, flush=True)
