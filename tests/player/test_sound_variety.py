"""The ambience is not learnt by ear: events at random over the beds, heard at the old levels; the heavy slosh; the motif."""
from __future__ import annotations

import math
import random
import statistics

import numpy as np
import pytest

from game import content as registry
from game.player.sound import preview
from game.player.sound.ambiences import AMBIENCE_SYNTHS
from game.player.sound.happenings import EVENT_SYNTHS
from game.player.sound.music import motif
from game.player.sound.plans import EVENT_PLANS, EVENT_SOUNDS, EventScheduler
from game.player.sound.worker import synths

RATE = 22050  # half the game's rate: the same sounds below 11 kHz, in half the time
# What each ambience measured (RMS dBFS) when its events were baked into its loop: heard now, with
# its events falling at random, it should sound as loud as it did.
OLD_LEVELS = {"traffic": -30.0, "night_town": -36.0, "washing_machine": -30.0, "fridge_hum": -31.0, "rain": -31.0,
              "crickets": -36.0}


def dbfs(x: np.ndarray) -> float:
    return 20.0 * math.log10(max(float(np.sqrt(np.mean(np.square(x)))), 1e-12))


@pytest.fixture(scope="module")
def made() -> dict[str, np.ndarray]:
    return {}


def event_times(name: str, seconds: float, seed: int) -> list[tuple[float, str]]:
    scheduler = EventScheduler(EVENT_PLANS[name], random.Random(seed))
    times, t = [], 0.0
    while t < seconds:
        t += 1 / 60
        due = scheduler.advance(1 / 60, lambda _: True)
        if due is not None:
            times.append((t, due[0]))
    return times


def test_every_event_and_the_motif_can_be_built_and_no_name_is_used_twice() -> None:
    every = synths()
    assert set(EVENT_SOUNDS) <= set(every) and "motif" in every
    assert not set(EVENT_SYNTHS) & (set(AMBIENCE_SYNTHS) | set(registry.AMBIENCES))
    assert set(EVENT_PLANS) <= set(registry.AMBIENCES)


@pytest.mark.parametrize("name", sorted(EVENT_PLANS))
def test_event_times_are_not_periodic_and_not_locked_to_the_loop(name: str, made: dict[str, np.ndarray]) -> None:
    plan = EVENT_PLANS[name]
    times = event_times(name, 1200.0, seed=7)
    gaps = [b - a for (a, _), (b, _) in zip(times, times[1:])]
    assert len(times) > 1200.0 / plan.gap[1]
    # Not a metronome: the gaps spread over their range (a periodic event has a deviation of 0).
    assert statistics.pstdev(gaps) > 0.2 * statistics.mean(gaps)
    assert min(gaps) >= plan.gap[0] * 0.5 - 1e-9 and max(gaps) <= plan.gap[1] + 0.05
    # Not in step with the bed: over twenty minutes they fall in every tenth of its loop.
    period = AMBIENCE_SYNTHS[name](RATE).shape[0] / RATE if name not in made else made[name].shape[0] / RATE
    phases = {int((t % period) / period * 10) for t, _ in times}
    assert phases == set(range(10))
    # Every variant is heard, and never the same one twice running.
    names = [n for _, n in times]
    assert set(names) == set(plan.sounds)
    assert all(a != b for a, b in zip(names, names[1:]))


def test_two_schedulers_never_agree(made: dict[str, np.ndarray]) -> None:
    """Each evening is different: an unseeded scheduler is not a recording."""
    first = [round(t, 2) for t, _ in event_times("traffic", 120.0, seed=1)]
    second = [round(t, 2) for t, _ in event_times("traffic", 120.0, seed=2)]
    assert first != second


@pytest.mark.parametrize("name", ["traffic", "washing_machine"])
def test_what_is_heard_does_not_come_back_a_loop_later(name: str, made: dict[str, np.ndarray]) -> None:
    heard, log = preview.heard(name, 90.0, RATE, seed=3, made=made)
    bed = made[name].astype(np.float64) / 32767.0
    period = bed.shape[0] / RATE
    again = preview.repetition(heard, RATE, period, window_s=20.0)
    baked = preview.repetition(np.tile(bed, (9, 1)), RATE, period, window_s=20.0)
    print(f"{name}: 20 s windows a loop apart correlate at most {again:.2f} (the bed alone: {baked:.2f}); "
          f"{len(log)} events in 90 s")
    assert baked > 0.99  # the measure does catch a loop that comes back
    assert again < 0.85


@pytest.mark.parametrize("name", sorted(EVENT_PLANS))
def test_heard_with_its_events_each_ambience_keeps_its_level(name: str, made: dict[str, np.ndarray]) -> None:
    heard, _ = preview.heard(name, 120.0, RATE, seed=5, made=made)
    level = dbfs(heard)
    peak = 20.0 * math.log10(float(np.abs(heard).max()))
    print(f"{name}: bed {dbfs(made[name] / 32767.0):.1f} dBFS, heard with its events {level:.1f} dBFS, "
          f"peak {peak:.1f} dBFS")
    assert abs(level - OLD_LEVELS[name]) < 1.5
    # The loops' own ceiling is -12 dBFS; an event landing on a peak of the bed may add a little.
    assert peak < -10.5


@pytest.mark.parametrize("name", EVENT_SOUNDS)
def test_events_are_short_quiet_and_start_and_end_in_silence(name: str) -> None:
    x = EVENT_SYNTHS[name](RATE)
    assert x.dtype == np.int16 and x.ndim == 2 and x.shape[1] == 2
    assert 0.2 <= x.shape[0] / RATE <= 10.0
    assert np.abs(x.astype(np.int32)).max() < 32767 * 10 ** (-12 / 20)
    # It starts from and falls back to silence, so starting or stopping it on any buffer never clicks.
    assert np.abs(x[:3]).max() < 40 and np.abs(x[-3:]).max() < 40


def test_the_heavy_slosh_outweighs_the_drums_own(made: dict[str, np.ndarray]) -> None:
    """The washing machine's random sloshes land harder and lower than the light ones in its loop."""
    def loudest_low(x: np.ndarray) -> float:
        mono = x.astype(np.float64).mean(axis=1)
        spectrum = np.fft.rfft(mono)
        spectrum[np.fft.rfftfreq(mono.shape[0], 1.0 / RATE) > 250.0] = 0.0
        low = np.fft.irfft(spectrum, mono.shape[0])
        hop = int(0.05 * RATE)
        frames = low[: low.shape[0] // hop * hop].reshape(-1, hop)
        return 10.0 * math.log10(float(np.mean(frames ** 2, axis=1).max()))

    bed = made.setdefault("washing_machine", AMBIENCE_SYNTHS["washing_machine"](RATE))
    heavy = [loudest_low(EVENT_SYNTHS[name](RATE)) for name in EVENT_PLANS["washing_machine"].sounds]
    print(f"washing machine: loudest 50 ms below 250 Hz, heavy sloshes {min(heavy):.1f}..{max(heavy):.1f} dB, "
          f"the loop's own {loudest_low(bed):.1f} dB")
    assert min(heavy) > loudest_low(bed) + 6.0


def test_the_motif_is_a_few_quiet_notes_that_ring_out() -> None:
    x = motif(RATE)
    mono = x.astype(np.float64).mean(axis=1) / 32767.0
    assert 8.0 <= x.shape[0] / RATE <= 12.0
    assert -34.0 < dbfs(mono) < -28.0 and 20.0 * math.log10(np.abs(x).max() / 32767.0) < -15.0
    assert np.abs(x[:3]).max() < 40 and np.abs(x[-int(0.1 * RATE):]).max() < 40  # in and out of silence
    # Tonal: its strongest partials are the melody's notes (A4, D5, E5, F#5), not noise.
    power = np.abs(np.fft.rfft(mono)) ** 2
    f = np.fft.rfftfreq(mono.shape[0], 1.0 / RATE)
    for note in (440.0, 587.33, 659.26, 739.99):
        near = (f > note * 0.99) & (f < note * 1.01)
        around = (f > note * 0.9) & (f < note * 1.1) & ~near
        assert power[near].max() > 100.0 * np.median(power[around]), note
    # A few notes, struck one after another: count the onsets in the level contour.
    hop = int(0.05 * RATE)
    frames = mono[: mono.shape[0] // hop * hop].reshape(-1, hop)
    level = 10.0 * np.log10(np.mean(frames ** 2, axis=1) + 1e-12)
    # Soft hammers over ringing strings: each new note lifts the level by a few dB, not a jump.
    rising = np.diff(level) > 1.5
    onsets = int(rising[0]) + int(np.sum(rising[1:] & ~rising[:-1]))
    assert 5 <= onsets <= 12
