"""Mono audio: with the setting on, every sound the engine plays is the same in both ears, switched while it plays."""
from __future__ import annotations

import atexit
import os
import shutil
import tempfile

os.environ["SDL_AUDIODRIVER"] = "dummy"
if "CURTAIN_LIGHT_CACHE_DIR" not in os.environ:  # never the player's own cache (test_audio.py sets the same)
    _CACHE = tempfile.mkdtemp(prefix="curtain-light-test-cache-")
    atexit.register(shutil.rmtree, _CACHE, True)
    os.environ["CURTAIN_LIGHT_CACHE_DIR"] = _CACHE

import numpy as np  # noqa: E402
import pygame  # noqa: E402
import pytest  # noqa: E402

from game.player.sound.engine import EFFECTS, AudioEngine  # noqa: E402
from game.player.sound.plans import EVENT_PLANS  # noqa: E402


def samples(engine: AudioEngine, name: str) -> np.ndarray:
    """The samples the mixer holds for a sound (what it plays), as (frames, 2)."""
    assert engine.wait_until_ready(name, timeout=120), f"{name} was never loaded"
    with engine._lock:
        sound = engine._sounds.get(name) or engine._effects.get(name)
    return pygame.sndarray.array(sound)


def both_ears_alike(array: np.ndarray) -> bool:
    return array.ndim == 2 and array.shape[1] == 2 and bool(np.array_equal(array[:, 0], array[:, 1]))


def play_events(engine: AudioEngine, seconds: float) -> list[tuple[float, str, float, float]]:
    """Run the engine's clock until the ambience's events are loaded, then for `seconds` more; what started."""
    plan = EVENT_PLANS["rain"]
    for name in plan.sounds:
        engine.wait_until_ready(name, timeout=120)
    assert engine.events is not None
    start = len(engine.events.log)
    for _frame in range(int(seconds * 60)):
        engine.update(1 / 60)
    return list(engine.events.log)[start:]


def test_mono_makes_left_equal_right_in_every_sound_played_and_switches_live(engine: AudioEngine) -> None:
    engine.set_volumes(1.0, 1.0, 1.0, 1.0)
    engine.set_ambience("rain")
    stereo_bed = samples(engine, "rain")
    assert not both_ears_alike(stereo_bed)  # the rain is wide in stereo: it is the setting that makes it mono
    stereo_events = play_events(engine, 12.0)
    assert any(left != right for _time, _name, left, right in stereo_events)

    engine.set_mono(True)  # while the rain plays
    assert engine.mono
    mono_bed = samples(engine, "rain")
    assert both_ears_alike(mono_bed)
    assert mono_bed.shape == stereo_bed.shape  # the same length, now one channel heard in both ears
    # The average of the two channels, so a sound on one side only is not lost.
    expected = np.round(stereo_bed.astype(float).mean(axis=1))
    assert np.abs(mono_bed[:, 0] - expected).max() <= 1
    for effect in EFFECTS:
        assert both_ears_alike(samples(engine, effect))
    engine.update(1 / 60)
    assert engine.current_ambience == "rain" and engine._current_slot is not None  # it plays on, from the mono file
    mono_events = play_events(engine, 12.0)
    assert mono_events, "no event started in twelve seconds of rain"
    assert all(left == right for _time, _name, left, right in mono_events)
    for name in {name for _time, name, _left, _right in mono_events}:
        assert both_ears_alike(samples(engine, name))

    engine.set_mono(False)
    assert not both_ears_alike(samples(engine, "rain"))
