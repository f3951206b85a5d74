"""The real sound engine wired into the app (silent under the dummy driver), and crossfades versus reduce motion."""
from __future__ import annotations

import pygame
import pytest

from game.player.sound.starter import NullAudio
from game.player.display.scene_layer import FADE_SECONDS


def begin_walk(pilot) -> None:
    pilot.click_target("new")
    pilot.click_target("chapter:walk")
    pilot.click_target("begin")
    pilot.finish_reveal()


def test_the_sound_engine_starts_after_the_first_frame_and_follows_play(make_app):
    app, pilot = make_app()
    app.audio = NullAudio()
    app.audio_wanted = True  # as a player's game does: sound on
    pilot.wait_until(lambda: not isinstance(app.audio, NullAudio), timeout=30)
    begin_walk(pilot)
    pilot.press(pygame.K_1)
    pilot.finish_reveal()
    pilot.press(pygame.K_SPACE)
    assert app.top.runtime.node_id == "walk_corner"
    pilot.quit()
    assert not app.running


def test_scenes_crossfade_unless_motion_is_reduced(make_app):
    app, pilot = make_app()
    begin_walk(pilot)
    pilot.step(60)
    pilot.press(pygame.K_1)  # a new scene (rain on the street)
    layer = app.top.scene
    assert 0 < layer.fade_left <= FADE_SECONDS
    pilot.step(60)
    assert layer.fade_left == 0
    pilot.press(pygame.K_BACKSPACE)  # completes the text
    pilot.press(pygame.K_BACKSPACE)  # undoes the choice
    assert app.top.runtime.node_id == "walk_start"
    app.change_settings(reduce_motion=True)
    pilot.step(2)
    pilot.press(pygame.K_1)
    assert app.top.runtime.node_id == "walk_street"
    assert app.top.scene.fade_left == 0


def _scene_on_screen(app) -> bytes:
    """The window's pixels left of the text panel: the scene as the player sees it."""
    left_of_panel = app.top.geometry.panel[0]
    right, bottom = app.display.viewport.to_physical((left_of_panel - 1, 719))
    return pygame.image.tobytes(app.display.surface.subsurface((0, 0, right, bottom)), "RGB")


def test_a_crossfade_begins_on_the_old_picture_however_long_the_key_was_waited_for(make_app):
    app, pilot = make_app()
    begin_walk(pilot)
    pilot.step(60)
    before = _scene_on_screen(app)
    pilot.dt = 0.25  # the window slept until the key: the longest step the loop takes
    pilot.press(pygame.K_1)  # a new scene (rain on the street)
    layer = app.top.scene
    assert layer.fade_left == FADE_SECONDS, "the wait before the key is not part of the crossfade"
    assert _scene_on_screen(app) == before, "the crossfade's first frame is the picture faded from"
    pilot.dt = 1 / 60
    pilot.step()
    assert 0 < layer.fade_left < FADE_SECONDS
    assert _scene_on_screen(app) != before, "the next frame moves towards the new scene"
    pilot.step(60)
    assert layer.fade_left == 0


def test_a_reveal_begins_at_its_first_character_however_long_the_key_was_waited_for(make_app):
    app, pilot = make_app()
    begin_walk(pilot)
    pilot.step(60)
    pilot.dt = 0.25  # the window slept until the key
    pilot.press(pygame.K_1)
    play = app.top
    assert play.revealing and play.revealed == 0, "the wait before the key reveals nothing"
    pilot.dt = 1 / 60
    pilot.step()
    assert play.revealed == pytest.approx(app.settings.characters_per_second / 60)
