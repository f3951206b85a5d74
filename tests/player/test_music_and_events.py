"""The motif on the title and at an ending through the real app, its volume kept, and events played over an ambience."""
from __future__ import annotations

import json
import os
import shutil
import tempfile

# The real engine writes its sounds into a cache: a temp folder, never the player's (as in test_audio.py).
if "CURTAIN_LIGHT_CACHE_DIR" not in os.environ:
    import atexit

    _CACHE = tempfile.mkdtemp(prefix="curtain-light-test-cache-")
    atexit.register(shutil.rmtree, _CACHE, True)
    os.environ["CURTAIN_LIGHT_CACHE_DIR"] = _CACHE

import pygame  # noqa: E402
import pytest  # noqa: E402

from game.core.runtime import Mode  # noqa: E402
from game.player.app import NullAudio  # noqa: E402
from game.player.sound.engine import AudioEngine  # noqa: E402
from game.player.sound.plans import EVENT_PLANS, MOTIF, MUSIC_FIRST  # noqa: E402


def play_to_the_ending(pilot) -> None:
    """Keyboard only, as test_playthrough plays it: title, chapter, content note, three nodes, an ending."""
    app = pilot.app
    pilot.press(pygame.K_RETURN)  # New game
    pilot.press(pygame.K_RETURN)  # the first chapter
    pilot.press(pygame.K_RETURN)  # past the content note
    pilot.press(pygame.K_a)  # completes the text
    pilot.press(pygame.K_1)
    pilot.press(pygame.K_SPACE)
    pilot.press(pygame.K_SPACE)
    pilot.press(pygame.K_RETURN)
    pilot.press(pygame.K_DOWN)
    pilot.press(pygame.K_UP)
    pilot.press(pygame.K_RETURN)
    assert app.top.runtime.mode is Mode.ENDED


def test_the_title_and_an_ending_ask_for_the_motif_and_play_does_not(make_app):
    app, pilot = make_app()
    pilot.step(3)
    assert app.top.kind == "title" and app.audio.music[-1] == MOTIF
    pilot.press(pygame.K_RETURN)
    pilot.press(pygame.K_RETURN)
    pilot.press(pygame.K_RETURN)
    assert app.top.kind == "play" and app.audio.music[-1] is None  # the story plays without music
    app.audio.music.clear()
    pilot.press(pygame.K_a)
    pilot.press(pygame.K_1)
    assert MOTIF not in app.audio.music
    pilot.press(pygame.K_SPACE)
    pilot.press(pygame.K_SPACE)
    pilot.press(pygame.K_RETURN)
    pilot.press(pygame.K_DOWN)
    pilot.press(pygame.K_UP)
    pilot.press(pygame.K_RETURN)
    assert app.top.runtime.mode is Mode.ENDED and app.audio.music[-1] == MOTIF


def test_the_music_volume_is_a_setting_that_persists(make_app, data_dir):
    app, pilot = make_app()
    pilot.click_target("settings")
    while app.top.focus.name != "music_volume":  # by keyboard, as the other volumes
        pilot.press(pygame.K_DOWN)
    pilot.press(pygame.K_LEFT)
    assert app.settings.music_volume == 0.4
    pilot.click_target("music_volume:minus")  # and by mouse
    saved = json.loads((data_dir / "settings.json").read_text())
    assert saved["music_volume"] == 0.3
    assert app.audio.music_volume == 0.3
    pilot.press(pygame.K_ESCAPE)
    pilot.click_target("quit")

    again, _pilot = make_app()
    assert again.settings.music_volume == 0.3
    again._apply_volumes()
    assert again.audio.music_volume == 0.3


def test_a_damaged_music_volume_falls_back_to_its_default(make_app, data_dir):
    (data_dir / "settings.json").write_text(json.dumps({"kind": "curtain-light-settings", "music_volume": "loud"}))
    app, _pilot = make_app()
    assert app.settings.music_volume == 0.5


def _real_sound(app, pilot) -> AudioEngine:
    app.audio = NullAudio()
    app.audio_wanted = True  # as a player's game does: sound on
    pilot.wait_until(lambda: not isinstance(app.audio, NullAudio), timeout=30)
    if not app.audio.available:
        pytest.skip("the mixer does not start here, even with the dummy driver")
    return app.audio


def test_the_motif_plays_on_the_title_and_at_an_ending_through_the_real_engine(make_app):
    app, pilot = make_app()
    engine = _real_sound(app, pilot)
    pilot.wait_until(lambda: len(engine.music.log) >= 1, timeout=90)
    assert engine.music.log[-1][1] == MOTIF
    # At its own volume: master 80% times music 50%.
    channel = engine.music._channels[engine.music._active]
    assert channel.get_volume() == pytest.approx(0.8 * 0.5, abs=0.01)
    app.change_settings(master_volume=0.0)  # muted with the rest
    pilot.step()
    assert channel.get_volume() == 0.0
    app.change_settings(master_volume=0.8)

    play_to_the_ending(pilot)
    started = len(engine.music.log)
    assert engine.music.wanted == MOTIF
    pilot.wait_until(lambda: len(engine.music.log) > started, timeout=MUSIC_FIRST[1] + 10)
    assert engine.music.log[-1][1] == MOTIF
    pilot.press(pygame.K_SPACE)  # completes the ending's text
    pilot.press(pygame.K_RETURN)  # back to the chapters
    pilot.press(pygame.K_RETURN)  # and into the chapter again: no music while playing
    assert app.top.kind == "play" and engine.music.wanted is None


def test_events_fall_over_the_ambience_and_follow_its_volume():
    pygame.mixer.quit()
    engine = AudioEngine()
    if not engine.available:
        engine.shutdown()
        pytest.skip("the mixer does not start here, even with the dummy driver")
    try:
        engine.set_volumes(1.0, 0.5, 1.0)
        engine.set_ambience("washing_machine")
        plan = EVENT_PLANS["washing_machine"]
        assert engine.wait_until_ready("washing_machine", timeout=60)
        for name in plan.sounds:
            assert engine.wait_until_ready(name, timeout=60)
        for _ in range(60 * 30):  # half a minute of frames
            engine.update(1 / 60)
        log = list(engine.events.log)
        times = [at for at, *_ in log]
        gaps = [b - a for a, b in zip(times, times[1:])]
        assert len(log) >= 6 and {name for _, name, _, _ in log} <= set(plan.sounds)
        assert max(gaps) - min(gaps) > 0.5  # not at a steady beat
        # Each plays at the ambience's own level (0.5 here, faded in) times its random gain and place.
        playing = [(i, state) for i, state in enumerate(engine.events._playing) if state is not None]
        assert playing
        index, (_owner, left, right) = playing[0]
        assert max(left, right) <= 1.0
        engine.set_volumes(0.0, 0.5, 1.0)  # muted: the event goes with the bed
        assert all(state is None for state in engine.events._playing)
        engine.set_volumes(1.0, 0.5, 1.0)
        engine.set_ambience(None)  # the bed fades out, and no new event starts over the silence
        for _ in range(60 * 5):
            engine.update(1 / 60)
        count = len(engine.events.log)
        for _ in range(60 * 10):
            engine.update(1 / 60)
        assert len(engine.events.log) == count
        # Another place's events are let go from the mixer once it has gone.
        assert not set(plan.sounds) & set(engine._effects)
    finally:
        engine.shutdown()
