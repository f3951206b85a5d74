"""Headless set-up for the player's tests: dummy video and audio drivers, a fresh data folder, a pilot."""
from __future__ import annotations

import os

# Before pygame is imported anywhere: no window, no sound device, no banner.
os.environ["SDL_VIDEODRIVER"] = "dummy"
os.environ["SDL_AUDIODRIVER"] = "dummy"
os.environ["PYGAME_HIDE_SUPPORT_PROMPT"] = "1"

import shutil
from pathlib import Path
from typing import Callable, Iterator

import pytest

FIXTURE_STORY = Path(__file__).parent / "fixtures" / "story"


class RecordingAudio:
    """Stands in for the AudioEngine and remembers what it was asked to play."""

    def __init__(self) -> None:
        self.effects: list[str] = []
        self.ambiences: list[str | None] = []
        self.volumes: tuple[float, float, float] | None = None
        self.music_volume: float | None = None
        self.music: list[str | None] = []

    def set_ambience(self, name: str | None) -> None:
        self.ambiences.append(name)

    def set_volumes(self, master: float, ambience: float, effects: float, music: float | None = None) -> None:
        self.volumes = (master, ambience, effects)
        self.music_volume = music

    def set_music(self, name: str | None) -> None:
        self.music.append(name)

    def set_mono(self, mono: bool) -> None:
        self.mono = mono

    def play_effect(self, name: str) -> None:
        self.effects.append(name)

    def update(self, dt: float) -> None:
        pass

    def shutdown(self) -> None:
        pass


@pytest.fixture
def engine() -> Iterator["object"]:
    """A real sound engine on the dummy audio driver (a mixer that plays to nowhere), shut down afterwards."""
    import pygame

    from game.player.sound.engine import AudioEngine

    pygame.mixer.quit()
    sound = AudioEngine()
    if not sound.available:
        sound.shutdown()
        pytest.skip("the mixer does not start here, even with the dummy driver")
    yield sound
    sound.shutdown()


@pytest.fixture
def story_copy(tmp_path: Path) -> Path:
    """A private copy of the fixture story that a test may edit."""
    target = tmp_path / "story"
    shutil.copytree(FIXTURE_STORY, target)
    return target


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "data"
    folder.mkdir()
    return folder


@pytest.fixture
def make_app(data_dir: Path) -> Iterator[Callable[..., "object"]]:
    """Build an App on the fixture story (or another) with this test's data folder; shut down afterwards."""
    from game.player.app import App
    from game.player.pilot import Pilot

    made: list[App] = []

    def factory(story: Path = FIXTURE_STORY, *, wait: bool = True, choice_delay: float | None = 0.0,
                **options: object) -> tuple[App, Pilot]:
        options.setdefault("window_size", (1280, 720))
        options.setdefault("audio", False)
        app = App(story, data_dir, **options)  # type: ignore[arg-type]
        app.audio = RecordingAudio()
        if choice_delay is not None:  # tests press faster than a player; the pause after a choice has its own tests
            app.settings = app.settings._replace(choice_delay=choice_delay)
        made.append(app)
        pilot = Pilot(app)
        if wait:
            pilot.wait_for_story()
        return app, pilot

    yield factory
    for app in made:
        try:
            app.shutdown()
        except Exception:
            pass
