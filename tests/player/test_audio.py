"""Tests for the sound engine: the synthesised loops' shape, level and seams, the worker's files, and the engine's behaviour."""
from __future__ import annotations

import atexit
import os
import shutil
import tempfile

os.environ["SDL_VIDEODRIVER"] = "dummy"
os.environ["SDL_AUDIODRIVER"] = "dummy"
os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")
# Every engine in this test session (here and in the app's tests, which are collected with these)
# writes its sounds into a temp folder, never the player's cache; shared, so each is built once.
_SESSION_CACHE = tempfile.mkdtemp(prefix="curtain-light-test-cache-")
atexit.register(shutil.rmtree, _SESSION_CACHE, True)
os.environ["CURTAIN_LIGHT_CACHE_DIR"] = _SESSION_CACHE

import itertools  # noqa: E402
import json  # noqa: E402
import math  # noqa: E402
import subprocess  # noqa: E402
import sys  # noqa: E402
import textwrap  # noqa: E402
import wave  # noqa: E402
from pathlib import Path  # noqa: E402

import numpy as np  # noqa: E402
import pygame  # noqa: E402
import pytest  # noqa: E402

from game import content  # noqa: E402
from game.player.sound import engine as audio  # noqa: E402
from game.player.sound.engine import AMBIENCE_SYNTHS, AudioEngine, synthesize_ambience  # noqa: E402
from game.player.sound import cache as sound_cache  # noqa: E402
from game.player.sound import worker  # noqa: E402
from game.player.sound.effects import EFFECT_SYNTHS  # noqa: E402
from game.player.sound.plans import EVENT_PLANS  # noqa: E402

RATE = 44100
PEAK_LIMIT = 32767 * 10 ** (-12 / 20)  # -12 dBFS
NAMES = list(content.AMBIENCES)


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
    assert set(AMBIENCE_SYNTHS) == set(content.AMBIENCES)


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


def read_wav(path: Path) -> tuple[wave._wave_params, np.ndarray]:
    with wave.open(str(path), "rb") as reader:
        params = reader.getparams()
        frames = np.frombuffer(reader.readframes(params.nframes), dtype="<i2")
    return params, frames.reshape(-1, params.nchannels)


def test_worker_files_are_16_bit_wavs_of_any_channel_count(tmp_path: Path) -> None:
    stereo = np.array([[0, 0], [32767, -32768], [1000, -1001]], dtype=np.int16)
    for channels in (1, 2, 6):
        out = tmp_path / f"{channels}ch"
        out.mkdir()
        path = worker.write_sound(out, "probe", stereo, 22050, channels)
        params, frames = read_wav(path)
        assert (params.nchannels, params.sampwidth, params.framerate, params.nframes) == (channels, 2, 22050, 3)
        if channels == 1:
            assert frames[:, 0].tolist() == [0, 0, 0]  # each frame the middle of its two sides (rounded)
        else:
            assert np.array_equal(frames[:, :2], stereo)
            assert not frames[:, 2:].any(), "the extra channels are silent"
        # Written whole, through a temp file that is gone afterwards.
        assert [item.name for item in out.iterdir()] == ["probe.wav"]


def test_the_worker_command_writes_each_sound_and_names_it(tmp_path: Path) -> None:
    out = tmp_path / "out"
    done = subprocess.run([sys.executable, "-m", "game.player.sound.worker", "select", "no_such_sound", "clinic_air",
                           "--rate", "22050", "--channels", "2", "--out", str(out)],
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 1, "one sound could not be built"
    assert done.stdout.split() == ["select", "clinic_air"]
    assert "no_such_sound" in done.stderr
    assert sorted(item.name for item in out.iterdir()) == ["clinic_air.wav", "select.wav"]
    params, frames = read_wav(out / "clinic_air.wav")
    assert params.framerate == 22050 and params.nchannels == 2
    assert np.array_equal(frames, synthesize_ambience("clinic_air", 22050))


def test_cache_folders_follow_the_synthesis_version_rate_and_channels(tmp_path: Path,
                                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(sound_cache.CACHE_DIR_ENV, str(tmp_path))
    assert sound_cache.base_dir() == tmp_path
    here = sound_cache.folder(44100, 2)
    assert here.parent == tmp_path / "ambience"
    assert sound_cache.synthesis_version() in here.name
    assert len({here, sound_cache.folder(48000, 2), sound_cache.folder(44100, 1)}) == 3
    old = here.parent / "0123456789abcdef-44100hz-2ch"
    other_rate = sound_cache.folder(22050, 2)
    unrelated = here.parent / "notes"
    for folder in (here, old, other_rate, unrelated):
        folder.mkdir(parents=True)
    sound_cache.prune_other_versions(here)
    assert here.is_dir() and other_rate.is_dir() and unrelated.is_dir()
    assert not old.exists(), "an older synthesis version's sounds are let go"


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


WORKER_WITHOUT_NUMPY = textwrap.dedent("""
    import sys
    sys.modules["numpy"] = None  # as if numpy were not installed
    from game.player.sound.worker import main
    sys.exit(main(sys.argv[1:]))
""")


@pytest.mark.parametrize("command", [
    [sys.executable, "-c", WORKER_WITHOUT_NUMPY],
    [sys.executable, "-c", "import os; os._exit(70)"],  # a crash, before writing anything
    [str(Path(__file__).parent / "no-such-python")],  # nothing to run at all
])
def test_engine_whose_worker_cannot_synthesise_is_silent(command: list[str], tmp_path: Path,
                                                         monkeypatch: pytest.MonkeyPatch,
                                                         capfd: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv(sound_cache.CACHE_DIR_ENV, str(tmp_path))
    monkeypatch.setattr(audio, "_worker_command", lambda names, *args: command + list(names))
    pygame.mixer.quit()
    engine = AudioEngine()
    try:
        engine.set_ambience("rain")
        assert engine.current_ambience == "rain"
        assert engine.wait_until_ready(timeout=30.0) is False
        assert engine.wait_until_ready("select", timeout=30.0) is False
        run(engine, 2.0)
        assert engine.ambience_fade == 0.0
        assert not any(channel.get_busy() for channel in engine._ambience_channels)
        engine.play_effect("select")
        assert not any(channel.get_busy() for channel in engine._effect_channels)
        engine.set_ambience("crickets")
        assert engine.wait_until_ready(timeout=30.0) is False
        exercise(engine)
    finally:
        engine.shutdown()
    out, err = capfd.readouterr()
    assert "Traceback" not in out + err


# --- an engine that plays (the dummy driver) ---------------------------------------------------

# `engine`: a real AudioEngine on the dummy driver (tests/player/conftest.py).


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


@pytest.fixture
def cold_engine(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, request: pytest.FixtureRequest) -> AudioEngine:
    """An engine with an empty cache folder of its own: everything it plays is synthesised first."""
    monkeypatch.setenv(sound_cache.CACHE_DIR_ENV, str(tmp_path / "cache"))
    return request.getfixturevalue("engine")  # made after the folder is set, and shut down before it is unset


def test_set_ambience_returns_at_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # A worker that cannot start until released: if set_ambience waited for it, this would hang.
    release = tmp_path / "release"
    held = textwrap.dedent(f"""
        import os, sys, time
        deadline = time.monotonic() + 30
        while not os.path.exists({str(release)!r}) and time.monotonic() < deadline:
            time.sleep(0.01)
        from game.player.sound.worker import main
        sys.exit(main(sys.argv[1:]))
    """)
    real = audio._worker_command
    monkeypatch.setattr(audio, "_worker_command", lambda *args: [sys.executable, "-c", held] + real(*args)[3:])
    monkeypatch.setenv(sound_cache.CACHE_DIR_ENV, str(tmp_path / "cache"))
    pygame.mixer.quit()
    engine = AudioEngine()
    try:
        engine.set_ambience("washing_machine")
        engine.update(1.0 / 60.0)
        assert engine.wait_until_ready(timeout=0.3) is False  # we are back while the worker is held
        engine.update(1.0 / 60.0)
        assert engine.ambience_fade == 0.0, "nothing plays until the loop exists"
        release.touch()
        assert engine.wait_until_ready("washing_machine", timeout=30.0)
        assert engine.ambience_fade == 0.0
        engine.update(0.75)
        assert engine.ambience_fade == pytest.approx(0.5)
    finally:
        engine.shutdown()


def test_a_cold_cache_is_filled_and_then_plays_at_once(cold_engine: AudioEngine,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    cold_engine.set_ambience("night_town")
    assert cold_engine.wait_until_ready(timeout=30.0)
    for name in audio.EFFECTS:
        assert cold_engine.wait_until_ready(name, timeout=30.0), name
    folder = cold_engine._folder
    assert folder.parent == Path(os.environ[sound_cache.CACHE_DIR_ENV]) / "ambience"
    assert sorted(path.name for path in folder.iterdir()) == sorted(
        f"{name}.wav" for name in ("night_town", *audio.EFFECTS))
    params, frames = read_wav(folder / "night_town.wav")
    assert params.framerate == cold_engine._rate
    assert np.array_equal(frames, synthesize_ambience("night_town", cold_engine._rate))
    cold_engine.shutdown()
    # The next start needs no worker at all: a worker that cannot run changes nothing.
    monkeypatch.setattr(audio, "_worker_command", lambda *args: [str(folder / "no-such-python")])
    again = AudioEngine()
    try:
        assert all(again.is_ready(name) for name in audio.EFFECTS), "effects load with the engine"
        again.set_ambience("night_town")
        assert again.wait_until_ready(timeout=5.0)
        again.update(0.1)
        assert again.ambience_fade > 0.0
    finally:
        again.shutdown()


def test_a_damaged_cache_file_is_made_again(cold_engine: AudioEngine) -> None:
    cold_engine.set_ambience("room_tone")
    assert cold_engine.wait_until_ready(timeout=30.0)
    path = sound_cache.sound_path(cold_engine._folder, "room_tone")
    cold_engine.shutdown()
    path.write_bytes(b"RIFF and then nothing")
    again = AudioEngine()
    try:
        again.set_ambience("room_tone")
        assert again.wait_until_ready(timeout=30.0)
        assert read_wav(path)[0].nframes > again._rate
    finally:
        again.shutdown()


NUMPY_FREE_GAME = textwrap.dedent("""
    import json, sys, time
    from game.player.sound.engine import AudioEngine
    engine = AudioEngine()
    start = time.perf_counter()
    engine.set_ambience("rain")
    engine.update(1 / 60)
    ready = engine.wait_until_ready(timeout=30.0)
    seconds = time.perf_counter() - start
    effects = all(engine.wait_until_ready(name, timeout=30.0) for name in ("select", "confirm", "page"))
    engine.update(0.5)
    engine.play_effect("confirm")
    engine.set_ambience("store_hum")
    engine.wait_until_ready(timeout=30.0)
    engine.update(0.5)
    print(json.dumps({"available": engine.available, "ready": ready, "effects": effects,
                      "fade": engine.ambience_fade, "seconds": seconds, "numpy": "numpy" in sys.modules}))
    engine.shutdown()
""")


def test_the_game_process_never_imports_numpy(tmp_path: Path) -> None:
    env = dict(os.environ, CURTAIN_LIGHT_CACHE_DIR=str(tmp_path), SDL_AUDIODRIVER="dummy", SDL_VIDEODRIVER="dummy")
    done = subprocess.run([sys.executable, "-c", NUMPY_FREE_GAME], capture_output=True, text=True, timeout=120,
                          env=env, cwd=Path(__file__).resolve().parents[2])
    assert done.returncode == 0, done.stderr
    found = json.loads(done.stdout.strip().splitlines()[-1])
    if not found["available"]:
        pytest.skip("the mixer does not start here, even with the dummy driver")
    assert found["ready"] and found["effects"] and found["fade"] > 0.0
    assert found["numpy"] is False, "numpy was imported into the game's process"
    # From a cold cache the first ambience plays within a second or two (generous for a busy CI box).
    assert found["seconds"] < 10.0


def test_prewarm_readies_every_ambience(engine: AudioEngine) -> None:
    engine.prewarm()
    for name in NAMES:
        assert engine.wait_until_ready(name, timeout=60.0), name


def test_only_what_is_asked_for_is_synthesised(cold_engine: AudioEngine) -> None:
    engine = cold_engine
    from game.player.sound.offline import _cached_ambience

    synthesised_before = _cached_ambience.cache_info().misses
    engine.set_ambience("rain")
    assert engine.wait_until_ready(timeout=30.0)
    run(engine, 2.0)
    assert engine.loaded_ambiences == ("rain",), "no other ambience is built in the background"
    # Nothing will ever build an ambience nobody asked for, so waiting for one does not wait.
    assert engine.wait_until_ready("crickets", timeout=30.0) is False
    # Files written (or, for the last of rain's events, still being written as a dot-temp file).
    built = {path.name.lstrip(".").split(".")[0] for path in engine._folder.iterdir()}
    assert built & set(NAMES) == {"rain"}
    assert built <= {"rain", *audio.EFFECTS, *EVENT_PLANS["rain"].sounds}, "only rain, its events and the effects"
    # The engine keeps only the mixer's copy of a loop: nothing is synthesised in this process.
    assert _cached_ambience.cache_info().misses == synthesised_before


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
