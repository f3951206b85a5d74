"""Tests for the sound engine: the synthesised loops' shape, level and seams, and the engine's behaviour."""
from __future__ import annotations

import os

os.environ["SDL_VIDEODRIVER"] = "dummy"
os.environ["SDL_AUDIODRIVER"] = "dummy"
os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")

import itertools  # noqa: E402
import math  # noqa: E402
import threading  # noqa: E402
from typing import Iterator  # noqa: E402

import numpy as np  # noqa: E402
import pygame  # noqa: E402
import pytest  # noqa: E402

from game.core import registry  # noqa: E402
from game.player import audio  # noqa: E402
from game.player.audio import AMBIENCE_SYNTHS, AudioEngine, synthesize_ambience  # noqa: E402
from game.player.sound.effects import EFFECT_SYNTHS  # noqa: E402

RATE = 44100
PEAK_LIMIT = 32767 * 10 ** (-12 / 20)  # -12 dBFS
NAMES = list(registry.AMBIENCES)


def dbfs(value: float) -> float:
    return 20.0 * math.log10(max(value, 1e-9) / 32767.0)


@pytest.fixture(scope="module")
def loops() -> dict[str, np.ndarray]:
    return {name: synthesize_ambience(name, RATE) for name in NAMES}


def band_profile(x: np.ndarray) -> np.ndarray:
    """Energy per octave band in dB, relative to the total: a coarse fingerprint of a sound."""
    mono = x.astype(float).mean(axis=1)
    power = np.abs(np.fft.rfft(mono)) ** 2
    f = np.fft.rfftfreq(mono.shape[0], 1.0 / RATE)
    edges = [20 * 2 ** k for k in range(11)]  # 20 Hz .. 20 kHz
    bands = np.array([power[(f >= lo) & (f < hi)].sum() for lo, hi in zip(edges, edges[1:])])
    return 10.0 * np.log10(bands / power.sum() + 1e-12)


def centroid(x: np.ndarray) -> float:
    mono = x.astype(float).mean(axis=1)
    power = np.abs(np.fft.rfft(mono)) ** 2
    f = np.fft.rfftfreq(mono.shape[0], 1.0 / RATE)
    return float((power * f).sum() / power.sum())


# --- the loops ---------------------------------------------------------------------------------

def test_synths_cover_the_registry_exactly() -> None:
    assert set(AMBIENCE_SYNTHS) == set(registry.AMBIENCES)


@pytest.mark.parametrize("name", NAMES)
def test_loop_shape_length_and_level(loops: dict[str, np.ndarray], name: str) -> None:
    x = loops[name]
    assert x.dtype == np.int16
    assert x.ndim == 2 and x.shape[1] == 2
    assert 6.0 <= x.shape[0] / RATE <= 10.0
    peak = float(np.abs(x.astype(np.int32)).max())
    rms = float(np.sqrt(np.mean(x.astype(float) ** 2)))
    assert peak < PEAK_LIMIT, f"{name} peaks at {dbfs(peak):.1f} dBFS"
    assert dbfs(rms) > -45.0, f"{name} is nearly silent ({dbfs(rms):.1f} dBFS RMS)"
    assert dbfs(rms) < -24.0, f"{name} is too loud for an ambience ({dbfs(rms):.1f} dBFS RMS)"
    # Both sides carry sound, and they are not the very same signal (some width).
    assert not np.array_equal(x[:, 0], x[:, 1])
    assert np.abs(x.mean(axis=0)).max() < 50, "no DC offset"


@pytest.mark.parametrize("name", NAMES)
def test_loop_has_no_seam(loops: dict[str, np.ndarray], name: str) -> None:
    x = loops[name].astype(float)
    for side in (0, 1):
        steps = np.abs(np.diff(x[:, side]))
        seam = abs(x[0, side] - x[-1, side])
        # Wrapping round must look like any other step of the signal, not like a click.
        assert seam <= np.percentile(steps, 99.5), (
            f"{name}: seam jump {seam:.0f} against typical steps {np.median(steps):.0f}")
    # The loop's level just before the end matches the level just after the start.
    edge = RATE // 20
    head = np.sqrt(np.mean(x[:edge] ** 2))
    tail = np.sqrt(np.mean(x[-edge:] ** 2))
    whole = np.sqrt(np.mean(x ** 2))
    assert abs(head - tail) < 1.5 * whole


def test_ambiences_differ_from_each_other(loops: dict[str, np.ndarray]) -> None:
    profiles = {name: band_profile(x) for name, x in loops.items()}
    centroids = {name: centroid(x) for name, x in loops.items()}
    levels = {name: dbfs(float(np.sqrt(np.mean(x.astype(float) ** 2)))) for name, x in loops.items()}
    for a, b in itertools.combinations(NAMES, 2):
        assert np.abs(profiles[a] - profiles[b]).max() > 3.0, f"{a} and {b} have the same spectrum"
        differs = (abs(centroids[a] - centroids[b]) > 0.05 * max(centroids[a], centroids[b])
                   or abs(levels[a] - levels[b]) > 1.0)
        assert differs, f"{a} and {b} have the same centroid and loudness"


def test_synthesis_is_reproducible() -> None:
    for name in ("rain", "crickets"):
        assert np.array_equal(AMBIENCE_SYNTHS[name](RATE), synthesize_ambience(name, RATE))


def test_synthesis_returns_a_private_copy() -> None:
    first = synthesize_ambience("room_tone")
    first[:] = 0
    assert np.abs(synthesize_ambience("room_tone")).max() > 0


def test_other_sample_rates() -> None:
    for rate in (22050, 48000):
        x = synthesize_ambience("store_hum", rate)
        assert x.dtype == np.int16 and x.shape[1] == 2
        assert 6.0 <= x.shape[0] / rate <= 10.0
        assert np.abs(x.astype(np.int32)).max() < PEAK_LIMIT


def test_unknown_ambience_is_refused() -> None:
    with pytest.raises(ValueError):
        synthesize_ambience("thunderstorm")


def test_effects_are_short_soft_and_present() -> None:
    assert set(EFFECT_SYNTHS) == set(audio.EFFECTS) == {"select", "confirm", "page", "unavailable"}
    for name, synth in EFFECT_SYNTHS.items():
        x = synth(RATE)
        assert x.dtype == np.int16 and x.ndim == 2 and x.shape[1] == 2
        assert 0.02 <= x.shape[0] / RATE <= 2.0, name
        peak = float(np.abs(x.astype(np.int32)).max())
        assert peak < PEAK_LIMIT, name
        assert dbfs(peak) > -30.0, name
        assert abs(int(x[-1, 0])) < 200 and abs(int(x[-1, 1])) < 200, f"{name} ends with a click"


def test_mixer_format_conversion() -> None:
    stereo = np.array([[0, 0], [32767, -32768], [1000, -1000]], dtype=np.int16)
    assert audio._to_mixer_format(stereo, -16, 2) == stereo.tobytes()
    assert len(audio._to_mixer_format(stereo, -16, 1)) == 3 * 2
    floats = np.frombuffer(audio._to_mixer_format(stereo, -32, 2), dtype=np.float32)
    assert floats.shape == (6,) and np.abs(floats).max() <= 1.0 and floats[2] > 0.99
    assert len(audio._to_mixer_format(stereo, 8, 2)) == 3 * 2
    assert len(audio._to_mixer_format(stereo, -16, 6)) == 3 * 6 * 2
    unsigned = np.frombuffer(audio._to_mixer_format(stereo, 16, 2), dtype=np.uint16)
    assert unsigned[0] == 32768
    assert audio._to_mixer_format(stereo, 24, 2) is None


# --- an engine that cannot play ----------------------------------------------------------------

def exercise(engine: AudioEngine) -> None:
    engine.set_ambience("rain")
    engine.set_ambience("crickets")
    engine.set_ambience("none")
    engine.set_ambience(None)
    engine.set_ambience("no_such_place")
    engine.set_volumes(0.3, 0.2, 0.1)
    for name in ("select", "confirm", "page", "unavailable", "no_such_effect"):
        engine.play_effect(name)
    for _ in range(10):
        engine.update(0.1)
    engine.prewarm()
    engine.shutdown()
    engine.shutdown()


def assert_silent(engine: AudioEngine) -> None:
    assert engine.available is False
    assert engine.current_ambience is None
    assert engine.ambience_fade == 0.0
    assert engine.outgoing_ambience is None
    assert engine.wait_until_ready("rain", timeout=0.01) is False


def test_engine_without_a_mixer_is_a_silent_no_op(monkeypatch: pytest.MonkeyPatch,
                                                    capfd: pytest.CaptureFixture[str]) -> None:
    pygame.mixer.quit()

    def refuse(*args: object, **kwargs: object) -> None:
        raise pygame.error("No available audio device")

    monkeypatch.setattr(pygame.mixer, "init", refuse)
    engine = AudioEngine()
    assert_silent(engine)
    exercise(engine)
    assert_silent(engine)
    out, err = capfd.readouterr()
    assert "Traceback" not in out + err


def test_engine_disabled_is_silent() -> None:
    engine = AudioEngine(enabled=False)
    assert_silent(engine)
    exercise(engine)


def test_engine_without_numpy_is_silent(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(audio, "numpy", None)
    engine = AudioEngine()
    assert_silent(engine)
    exercise(engine)


# --- an engine that plays (the dummy driver) ---------------------------------------------------

@pytest.fixture
def engine() -> Iterator[AudioEngine]:
    pygame.mixer.quit()
    sound = AudioEngine()
    if not sound.available:
        sound.shutdown()
        pytest.skip("the mixer does not start here, even with the dummy driver")
    yield sound
    sound.shutdown()


def run(engine: AudioEngine, seconds: float, step: float = 1.0 / 60.0) -> None:
    for _ in range(int(round(seconds / step))):
        engine.update(step)


def channel_volume(engine: AudioEngine, name: str) -> float:
    slot = engine._current_slot if name == engine.current_ambience else engine._out_slot
    assert slot is not None
    return engine._ambience_channels[slot].get_volume()


def test_dummy_driver_engine_starts(engine: AudioEngine) -> None:
    assert engine.available
    assert pygame.mixer.get_init() is not None
    assert engine.current_ambience is None


def test_crossfade_moves_volumes(engine: AudioEngine) -> None:
    engine.set_ambience("rain")
    assert engine.current_ambience == "rain"
    assert engine.wait_until_ready(timeout=30.0)
    run(engine, 2.0)
    assert engine.ambience_fade == pytest.approx(1.0)
    assert engine.outgoing_ambience is None
    assert channel_volume(engine, "rain") == pytest.approx(1.0, abs=0.01)

    engine.set_ambience("crickets")
    assert engine.current_ambience == "crickets"
    assert engine.outgoing_ambience == "rain"
    assert engine.outgoing_fade == pytest.approx(1.0)
    assert engine.wait_until_ready(timeout=30.0)

    run(engine, 0.75)
    assert engine.ambience_fade == pytest.approx(0.5, abs=0.02)
    assert engine.outgoing_fade == pytest.approx(0.5, abs=0.02)
    # Equal-power: halfway, each sits at about 0.71, so the loudness does not dip.
    assert channel_volume(engine, "crickets") == pytest.approx(0.71, abs=0.03)
    assert channel_volume(engine, "rain") == pytest.approx(0.71, abs=0.03)

    run(engine, 1.25)  # two seconds in all since the switch
    assert engine.current_ambience == "crickets"
    assert engine.ambience_fade == pytest.approx(1.0)
    assert engine.outgoing_ambience is None
    assert engine.outgoing_fade == 0.0
    assert channel_volume(engine, "crickets") == pytest.approx(1.0, abs=0.01)
    busy = [channel.get_busy() for channel in engine._ambience_channels]
    assert sum(busy) == 1, "only the new ambience is still playing"


def test_same_ambience_again_changes_nothing(engine: AudioEngine) -> None:
    engine.set_ambience("store_hum")
    assert engine.wait_until_ready(timeout=30.0)
    run(engine, 0.5)
    before = engine.ambience_fade
    engine.set_ambience("store_hum")
    assert engine.ambience_fade == before
    assert engine.outgoing_ambience is None


def test_silence_fades_the_ambience_out(engine: AudioEngine) -> None:
    engine.set_ambience("fridge_hum")
    assert engine.wait_until_ready(timeout=30.0)
    run(engine, 2.0)
    for silence in ("none", None):
        engine.set_ambience(silence)
        assert engine.current_ambience is None
    assert engine.outgoing_ambience == "fridge_hum"
    run(engine, 2.0)
    assert engine.outgoing_ambience is None
    assert not any(channel.get_busy() for channel in engine._ambience_channels)


def test_turning_back_mid_crossfade_reverses_it(engine: AudioEngine) -> None:
    engine.set_ambience("rain")
    assert engine.wait_until_ready(timeout=30.0)
    run(engine, 2.0)
    engine.set_ambience("traffic")
    assert engine.wait_until_ready(timeout=30.0)
    run(engine, 0.5)
    engine.set_ambience("rain")
    assert engine.current_ambience == "rain"
    assert engine.ambience_fade == pytest.approx(2.0 / 3.0, abs=0.02)
    assert engine.outgoing_ambience == "traffic"
    assert engine.outgoing_fade == pytest.approx(1.0 / 3.0, abs=0.02)
    run(engine, 1.0)
    assert engine.ambience_fade == pytest.approx(1.0)
    assert engine.outgoing_ambience is None


def test_a_third_ambience_mid_crossfade(engine: AudioEngine) -> None:
    engine.set_ambience("rain")
    assert engine.wait_until_ready(timeout=30.0)
    run(engine, 2.0)
    engine.set_ambience("traffic")
    assert engine.wait_until_ready(timeout=30.0)
    run(engine, 0.5)
    engine.set_ambience("tv_hiss")
    assert engine.current_ambience == "tv_hiss"
    assert engine.outgoing_ambience == "traffic"
    assert engine.wait_until_ready(timeout=30.0)
    run(engine, 2.0)
    assert engine.current_ambience == "tv_hiss"
    assert engine.ambience_fade == pytest.approx(1.0)
    assert engine.outgoing_ambience is None


def test_volumes_apply_at_once(engine: AudioEngine) -> None:
    engine.set_ambience("clinic_air")
    assert engine.wait_until_ready(timeout=30.0)
    run(engine, 2.0)
    engine.set_volumes(0.5, 0.4, 1.0)
    assert channel_volume(engine, "clinic_air") == pytest.approx(0.2, abs=0.01)
    engine.set_volumes(2.0, -1.0, float("nan"))
    assert engine.volumes == (1.0, 0.0, 0.0)
    assert channel_volume(engine, "clinic_air") == pytest.approx(0.0, abs=0.01)


def test_effects_play_on_their_own_channels(engine: AudioEngine) -> None:
    engine.set_volumes(1.0, 1.0, 0.5)
    engine.play_effect("confirm")
    assert any(channel.get_busy() for channel in engine._effect_channels)
    assert not any(channel.get_busy() for channel in engine._ambience_channels)
    for name in ("select", "page", "unavailable", "no_such_effect"):
        engine.play_effect(name)
    assert engine._effect_channels[0].get_volume() == pytest.approx(0.5, abs=0.01)


def test_set_ambience_returns_at_once(engine: AudioEngine, monkeypatch: pytest.MonkeyPatch) -> None:
    # A synthesis that cannot finish until released: if set_ambience waited for it, this would hang.
    real = AMBIENCE_SYNTHS["washing_machine"]
    release = threading.Event()
    ran_in: list[int] = []

    def blocked(sample_rate: int) -> np.ndarray:
        ran_in.append(threading.get_ident())
        release.wait(30.0)
        return real(sample_rate)

    monkeypatch.setattr(audio, "_cache", {})
    monkeypatch.setitem(AMBIENCE_SYNTHS, "washing_machine", blocked)
    engine.set_ambience("washing_machine")
    engine.update(1.0 / 60.0)
    assert not release.is_set()  # we are back while the synthesis is still held
    release.set()
    assert engine.wait_until_ready("washing_machine", timeout=30.0)
    assert ran_in and ran_in[0] != threading.get_ident()
    assert engine.ambience_fade == 0.0, "nothing plays until the loop exists"
    assert engine.wait_until_ready(timeout=30.0)
    engine.update(0.75)
    assert engine.ambience_fade == pytest.approx(0.5)


def test_prewarm_readies_every_ambience(engine: AudioEngine) -> None:
    engine.prewarm()
    for name in NAMES:
        assert engine.wait_until_ready(name, timeout=60.0), name


def test_only_what_is_asked_for_is_synthesised(engine: AudioEngine) -> None:
    cached_before = dict(audio._cache)
    engine.set_ambience("rain")
    assert engine.wait_until_ready(timeout=30.0)
    run(engine, 2.0)
    assert engine.loaded_ambiences == ("rain",), "no other ambience is built in the background"
    # Nothing will ever build an ambience nobody asked for, so waiting for one does not wait.
    assert engine.wait_until_ready("crickets", timeout=30.0) is False
    # The engine keeps only the mixer's copy of a loop, not the int16 one as well.
    assert audio._cache == cached_before


def test_the_engine_keeps_only_the_last_few_ambiences(engine: AudioEngine) -> None:
    visited = ["rain", "traffic", "crickets", "fridge_hum", "room_tone", "rain"]
    for name in visited:
        engine.set_ambience(name)
        assert engine.wait_until_ready(timeout=30.0), name
        run(engine, 0.5)  # mid-crossfade: the outgoing one must stay
        assert name in engine.loaded_ambiences
        if engine.outgoing_ambience is not None:
            assert engine.outgoing_ambience in engine.loaded_ambiences
        assert len(engine.loaded_ambiences) <= audio.KEPT_AMBIENCES, engine.loaded_ambiences
        run(engine, 2.0)
        assert len(engine.loaded_ambiences) <= audio.KEPT_AMBIENCES, engine.loaded_ambiences
    assert engine.current_ambience == "rain" and engine.ambience_fade == pytest.approx(1.0)
    # Going back to the place just left is instant: it is still loaded.
    assert engine.is_ready("room_tone")
    engine.set_ambience("room_tone")
    engine.update(1.0 / 60.0)
    assert engine.ambience_fade > 0.0


def test_shutdown_leaves_a_quiet_no_op(engine: AudioEngine) -> None:
    engine.set_ambience("night_town")
    engine.shutdown()
    assert engine.available is False
    exercise(engine)
