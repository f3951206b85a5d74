"""What the player holds in memory between moves: no picture kept that is made again on demand, no copy made twice."""
from __future__ import annotations

import pygame

from game.player.display.scene_layer import SceneLayer
from game.player.display.window import LOGICAL_SIZE
from game.player.scenes import clear_paint_cache
from game.player.scenes.paint import field, finish


def begin_walk(pilot) -> None:
    pilot.click_target("new")
    pilot.click_target("chapter:walk")
    pilot.finish_reveal()


def settle(app, seconds: float = 1.5) -> None:
    for _ in range(round(seconds * 60)):
        app.step(1 / 60)


def test_a_picture_already_in_the_display_format_is_finished_as_it_is(make_app):
    make_app()  # a window, so there is a display format
    display = pygame.display.get_surface()
    plain = pygame.Surface((40, 30), 0, display)
    assert finish(plain) is plain  # converting it would only copy it
    other = pygame.image.frombytes(bytes(40 * 30 * 4), (40, 30), "RGBX")
    if other.get_masks() != display.get_masks():
        converted = finish(other)
        assert converted is not other and converted.get_masks() == display.get_masks()
    keyed = pygame.Surface((40, 30), 0, display)
    keyed.set_colorkey((0, 0, 0))
    assert finish(keyed) is not keyed
    # A smooth field is scaled up in the display's format: finishing it copies nothing.
    picture = field((64, 48), (4, 3), lambda u, v: (255 * u, 255 * v, 128))
    assert picture.get_masks() == display.get_masks() and finish(picture) is picture


def test_a_save_picture_leaves_no_full_size_buffer_behind(make_app):
    app, pilot = make_app()
    app.change_settings(content_note_seen=True)
    begin_walk(pilot)
    picture = app.thumbnail(app.top)
    assert picture is not None and picture.get_size() < LOGICAL_SIZE
    kept = [name for name, value in vars(app).items() if isinstance(value, pygame.Surface)]
    assert kept == [], kept


def test_a_crossfade_fades_from_the_picture_on_screen_without_copying_it(make_app):
    make_app()
    clear_paint_cache()
    layer = SceneLayer()
    layer.show("konbini", {})
    layer.update(1 / 60)
    on_screen = layer.surface
    layer.show("night_street", {})
    assert layer._previous is on_screen  # the picture faded from is the one composed, not a copy
    layer.update(1 / 60)  # the crossfade's first frame: the picture faded from
    layer.update(1 / 60)  # the new scene painted, composed into a buffer of its own
    assert layer.surface is not on_screen and layer._previous is on_screen
    for _ in range(60):
        layer.update(1 / 60)
    assert layer._previous is None and layer.fade_left == 0
    clear_paint_cache()


def test_the_allocator_is_trimmed_once_the_next_scenes_are_painted(make_app, monkeypatch):
    import game.player.app as app_module

    trims: list[int] = []
    monkeypatch.setattr(app_module, "give_back_freed_memory", lambda: trims.append(1))
    app, pilot = make_app()
    app.change_settings(content_note_seen=True)
    begin_walk(pilot)
    settle(app)
    app.scenes_ahead.wait()
    assert trims, "the worker painted the next scenes and gave nothing back"
