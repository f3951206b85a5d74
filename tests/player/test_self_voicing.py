"""Self-voicing, heard through the speech log: a node, its status and choices, menus as focus moves, silence, repeat."""
from __future__ import annotations

import json
import sys
from pathlib import Path

import pygame

from game.player.speech.backends import SILENCED_LINE


def begin_walk(pilot) -> None:
    pilot.click_target("new")
    pilot.click_target("chapter:walk")
    pilot.click_target("begin")
    pilot.finish_reveal()


def said(log: Path) -> list[str]:
    return log.read_text(encoding="utf-8").splitlines() if log.exists() else []


def focus_on(app, pilot, name: str) -> None:
    """Down, one real key press at a time, until the item has the focus."""
    for _press in range(40):
        if app.top.focus.name == name:
            return
        pilot.press(pygame.K_DOWN)
    raise AssertionError(f"{name} never had the focus")


def voiced_app(make_app, tmp_path: Path):
    log = tmp_path / "speech.log"
    app, pilot = make_app(speech_log=log)
    pilot.press(pygame.K_v)  # self-voicing on, by its key, from the title screen
    return app, pilot, log


def test_self_voicing_is_off_by_default_and_says_nothing(make_app, tmp_path: Path) -> None:
    log = tmp_path / "speech.log"
    app, pilot = make_app(speech_log=log)
    assert app.settings.self_voicing is False
    begin_walk(pilot)
    pilot.press(pygame.K_DOWN)
    assert said(log) == []


def test_a_node_is_said_with_its_status_and_every_choice(make_app, tmp_path: Path) -> None:
    app, pilot, log = voiced_app(make_app, tmp_path)
    assert said(log)[0].startswith("Self-voicing on. Fixture Story. New game")  # then what the title screen shows
    begin_walk(pilot)
    node = said(log)[-1]
    assert node.startswith("The door is heavy. The dog waits with the lead in its mouth. Outside, the street is empty.")
    assert "Awake, more or less." in node  # the status line
    assert node.index("empty.") < node.index("Awake") < node.index("1. Step outside.")
    assert "2. Run to the station, unavailable: Your legs won't move that fast." in node
    assert node.endswith("3. Stay in.")
    pilot.press(pygame.K_1)
    pilot.finish_reveal()
    assert said(log)[-1].startswith("Rain on the asphalt.") and said(log)[-1].endswith("Continue, Space, Enter or a click.")


def test_focus_moving_says_each_item_and_a_held_key_only_the_latest(make_app, tmp_path: Path) -> None:
    app, pilot, log = voiced_app(make_app, tmp_path)
    begin_walk(pilot)
    before = len(said(log))
    pilot.press(pygame.K_DOWN)
    pilot.press(pygame.K_DOWN)
    assert said(log)[before:] == ["2. Run to the station, unavailable: Your legs won't move that fast.",
                                  "3. Stay in."]
    # Two presses in one frame (a held key's repeats): only where the focus ends up is said.
    up = pygame.event.Event(pygame.KEYDOWN, key=pygame.K_UP, mod=0, unicode="", scancode=0)
    app.step(1 / 60, [up, up])
    assert said(log)[before + 2:] == ["1. Step outside."]


def test_menus_say_their_title_then_each_item_and_value_as_focus_moves(make_app, tmp_path: Path) -> None:
    app, pilot, log = voiced_app(make_app, tmp_path)
    pilot.click_target("settings")
    assert app.top.kind == "settings"
    opened = said(log)[-1]
    assert opened.startswith("Settings.") and opened.endswith("Language, English.")
    pilot.press(pygame.K_DOWN)
    pilot.press(pygame.K_DOWN)
    assert said(log)[-2:] == ["Text speed, Normal", "Text size, 100 percent"]
    pilot.press(pygame.K_RIGHT)
    assert said(log)[-1] == "Text size, 115 percent"
    focus_on(app, pilot, "high_contrast")
    assert said(log)[-1] == "High contrast, off"
    pilot.press(pygame.K_ESCAPE)
    assert app.top.kind == "title"
    assert said(log)[-1].startswith("Fixture Story.")  # back on the title: it is said again


def test_the_silence_key_stops_speech_and_the_repeat_key_says_it_again(make_app, tmp_path: Path) -> None:
    app, pilot, log = voiced_app(make_app, tmp_path)
    begin_walk(pilot)
    node = said(log)[-1]
    pilot.press(pygame.K_s)
    assert said(log)[-1] == SILENCED_LINE
    assert app.top.kind == "play" and app.play_screen.runtime.node_id == "walk_start"  # nothing else happened
    pilot.press(pygame.K_r)
    assert said(log)[-1] == node
    pilot.press(pygame.K_v)  # and off again: said once, then silence
    assert said(log)[-1] == "Self-voicing off."
    pilot.press(pygame.K_DOWN)
    pilot.press(pygame.K_r)
    assert said(log)[-1] == "Self-voicing off."


def test_the_setting_persists_and_is_switched_in_settings(make_app, tmp_path: Path, data_dir: Path) -> None:
    log = tmp_path / "speech.log"
    app, pilot = make_app(speech_log=log)
    pilot.click_target("settings")
    focus_on(app, pilot, "mono_audio")
    pilot.press(pygame.K_RETURN)
    focus_on(app, pilot, "self_voicing")
    pilot.press(pygame.K_RETURN)
    assert app.settings.self_voicing and app.settings.mono_audio
    assert app.audio.mono is True  # the sound engine was told at once
    saved = json.loads((data_dir / "settings.json").read_text(encoding="utf-8"))
    assert saved["self_voicing"] is True and saved["mono_audio"] is True
    assert said(log)[-1].startswith("Self-voicing on. Settings.") and said(log)[-1].endswith("Self-voicing (V), on.")
    app.shutdown()
    again, pilot_again = make_app(speech_log=log)
    assert again.settings.self_voicing and again.settings.mono_audio
    begin_walk(pilot_again)
    assert said(log)[-1].startswith("The door is heavy.")


def test_without_a_speech_engine_the_setting_says_so_and_the_game_plays_on(make_app, monkeypatch) -> None:
    monkeypatch.delenv("CURTAIN_LIGHT_SPEECH_LOG", raising=False)
    monkeypatch.setitem(sys.modules, "pyttsx3", None)  # as if it were not installed: importing it fails
    monkeypatch.setattr("importlib.util.find_spec", lambda name, *args: None if name == "pyttsx3" else object())
    app, pilot = make_app()
    pilot.click_target("settings")
    note = [block.text for block in app.top.doc.blocks if "No speech engine" in getattr(block, "text", "")]
    assert note and "pyttsx3 is not installed" in note[0]
    focus_on(app, pilot, "self_voicing")
    pilot.press(pygame.K_SPACE)
    assert app.settings.self_voicing
    assert any("none was found" in toast.text for toast in app.toasts)
    pilot.press(pygame.K_ESCAPE)
    begin_walk(pilot)
    pilot.press(pygame.K_1)
    pilot.finish_reveal()
    pilot.press(pygame.K_SPACE)
    pilot.finish_reveal()
    assert app.play_screen.runtime.node_id == "walk_corner"
    pilot.press(pygame.K_r)
    pilot.press(pygame.K_s)
    assert app.play_screen.runtime.node_id == "walk_corner"


def test_japanese_interface_speech_and_voice(make_app, tmp_path: Path) -> None:
    from game.player.speech.backends import voice_for

    class Voice:
        def __init__(self, id: str, languages: list[str]) -> None:
            self.id, self.languages = id, languages

    voices = [Voice("gmw/en-029", ["en-029"]), Voice("gmw/en", ["en-gb"]), Voice("jpx/ja", ["ja"]),
              Voice("ja-kyoto", ["ja_JP"])]
    assert voice_for(voices, "ja", "gmw/en") == "jpx/ja" and voice_for(voices, "fr", "gmw/en") is None
    assert voice_for(voices, "en", "gmw/en") == "gmw/en"  # the system's own voice, where it speaks the language
    assert voice_for(voices[1:], "ja", None) == "jpx/ja" and voice_for(voices[3:], "ja") == "ja-kyoto"
    log = tmp_path / "speech.log"
    app, pilot = make_app(speech_log=log, lang="ja")
    pilot.press(pygame.K_v)
    pilot.click_target("settings")
    pilot.press(pygame.K_DOWN)
    pilot.press(pygame.K_DOWN)
    assert said(log)[-1] == "文字の大きさ、100パーセント"
    pilot.press(pygame.K_ESCAPE)
    begin_walk(pilot)  # the fixture story has no Japanese: the passage as written, the interface in Japanese
    node = said(log)[-1]
    assert node.startswith("The door is heavy.") and "Project-Id-Version" not in node
    assert "2. Run to the station、選べない：Your legs won't move that fast." in node


def test_the_platform_voice_speaks_on_its_own_thread_and_stops_at_once(tmp_path: Path) -> None:
    """The real engine (pyttsx3 with eSpeak NG here): each utterance made into sound off the frame loop, then cut off."""
    import time
    import wave
    from array import array

    import pytest

    from game.player.speech.backends import PlatformSpeech, missing_engine

    missing = missing_engine()
    if missing:
        pytest.skip(f"no speech engine on this machine: {missing} is not installed (tools/ci_deps.sh installs it)")
    pygame.mixer.quit()
    pygame.mixer.init(frequency=44100, size=-16, channels=2)  # the dummy audio driver: a mixer that plays to nowhere
    speech = PlatformSpeech()
    try:
        started = time.perf_counter()
        speech.say("Text size, 100 percent. The door is heavy. The dog waits with the lead in its mouth. "
                   "Outside, the street is empty.", "en")
        assert time.perf_counter() - started < 0.05  # the frame loop only queued it
        deadline = time.monotonic() + 30  # a busy machine: synthesis waits for a core
        while time.monotonic() < deadline and (speech._player is None or speech._player._channel is None):
            time.sleep(0.01)
        assert speech.problem == ""
        channel = pygame.mixer.Channel(pygame.mixer.get_num_channels() - 1)
        assert channel.get_busy()  # six seconds of speech, being played on the mixer, where it can be cut off
        made = next(speech._folder.glob("*.wav"))
        with wave.open(str(made)) as file:
            samples = array("h", file.readframes(file.getnframes()))
            seconds = file.getnframes() / file.getframerate()
        assert seconds > 4 and max(abs(sample) for sample in samples) > 3000  # real speech, not silence
        speech.stop()
        assert not channel.get_busy()
    finally:
        speech.close()
        pygame.mixer.quit()


def test_notices_are_said_and_play_comes_back_with_only_the_focus(make_app, tmp_path: Path) -> None:
    app, pilot, log = voiced_app(make_app, tmp_path)
    begin_walk(pilot)
    pilot.press(pygame.K_ESCAPE)
    assert app.top.kind == "pause" and said(log)[-1] == "Paused. Resume."
    pilot.click_target("save")
    pilot.click_target("slot:3")
    app.wait_for_saves()
    pilot.step(2)
    assert any("Saved in Slot 3." in line for line in said(log)[-3:])
    pilot.press(pygame.K_ESCAPE)
    pilot.press(pygame.K_ESCAPE)
    assert app.top.kind == "play"
    assert said(log)[-1] == "1. Step outside."  # the passage was said already: where the focus is, not all again


def test_the_play_command_writes_speech_to_the_file_it_is_given(tmp_path: Path) -> None:
    import os
    import subprocess

    root = Path(__file__).resolve().parents[2]
    data = tmp_path / "data"
    data.mkdir()
    (data / "settings.json").write_text(json.dumps({"kind": "curtain-light-settings", "self_voicing": True}))
    log = tmp_path / "said.txt"
    env = {**os.environ, "SDL_VIDEODRIVER": "dummy", "SDL_AUDIODRIVER": "dummy"}
    env.pop("CURTAIN_LIGHT_SPEECH_LOG", None)
    done = subprocess.run([sys.executable, "main.py", "play", "--story", str(root / "tests/player/fixtures/story"),
                           "--data-dir", str(data), "--no-sound", "--windowed", "--first-frame-exit",
                           "--speech-log", str(log)], cwd=root, env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert said(log)[0].startswith("Self-voicing on.")  # the setting, kept from before, speaks from the first frame
