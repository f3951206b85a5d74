"""The window sleeps when nothing moves: no frame is drawn or sent while nothing changes, a moving scene
sends only its moving parts, and reduce motion draws no animation frames at all."""
from __future__ import annotations

import pygame
import pytest

IDLE_STEPS = 120


class WindowCalls:
    """Counts what the real loop sends to the window: whole frames (flip) and parts (update with rectangles)."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.flips = 0
        self.updates: list[list[pygame.Rect]] = []
        real_flip, real_update = pygame.display.flip, pygame.display.update

        def flip() -> None:
            self.flips += 1
            real_flip()

        def update(rects=None) -> None:
            self.updates.append([pygame.Rect(rect) for rect in rects] if rects is not None else [])
            real_update(rects) if rects is not None else real_update()

        monkeypatch.setattr(pygame.display, "flip", flip)
        monkeypatch.setattr(pygame.display, "update", update)

    def reset(self) -> None:
        self.flips = 0
        self.updates.clear()


def settle(pilot, seconds: float = 1.5) -> None:
    """Let crossfades and the first paint run out, stepping time as the real loop does."""
    for _ in range(round(seconds * 60)):
        pilot.app.step(1 / 60)


def begin_walk(pilot) -> None:
    """Into the walk chapter (the content note already seen), its first text shown in full."""
    pilot.click_target("new")
    pilot.click_target("chapter:walk")
    pilot.finish_reveal()


def test_a_still_screen_draws_nothing_while_nothing_moves(make_app, monkeypatch):
    app, pilot = make_app()
    app.change_settings(content_note_seen=True)
    pilot.click_target("new")  # chapter select: a menu over the title, nothing in it moves
    settle(pilot)
    calls = WindowCalls(monkeypatch)
    frames = app.frames
    for _ in range(IDLE_STEPS):
        app.step(1 / 60)
    assert (calls.flips, calls.updates, app.frames) == (0, [], frames)
    assert app.frame_rate() == 0  # and the loop sleeps on events instead of ticking


def test_a_moving_scene_sends_only_its_moving_parts(make_app, monkeypatch):
    app, pilot = make_app()
    app.change_settings(content_note_seen=True)
    begin_walk(pilot)  # the night street with a dog: moths round the lamp and a wagging tail
    settle(pilot)
    calls = WindowCalls(monkeypatch)
    partial = app.partial_frames
    for _ in range(IDLE_STEPS):
        app.step(1 / 60)
    assert calls.flips == 0
    assert calls.updates and app.partial_frames - partial == len(calls.updates)
    window = app.display.surface.get_width() * app.display.surface.get_height()
    for rects in calls.updates:
        assert 0 < sum(rect.width * rect.height for rect in rects) < window / 10
    # The scene asks for its own rate, not the busy one.
    assert app.frame_rate() == round(app.top.scene.fps) < 60


@pytest.mark.parametrize("size", [(1280, 720), (1126, 634)])
def test_a_partly_drawn_frame_is_the_frame_drawn_whole(make_app, size):
    app, pilot = make_app(window_size=size)
    app.change_settings(content_note_seen=True)
    begin_walk(pilot)
    settle(pilot)
    before = app.partial_frames
    for _ in range(30):
        app.step(1 / 60)
    assert app.partial_frames > before
    parts = app.display.surface.copy()
    app.draw()
    whole = app.display.surface
    if size == (1280, 720):
        assert pygame.image.tobytes(parts, "RGB") == pygame.image.tobytes(whole, "RGB")
    else:  # scaled: the moving parts are scaled on their own, so their edges may round a level apart
        worst = max(abs(a - b) for a, b in zip(pygame.image.tobytes(parts, "RGB"), pygame.image.tobytes(whole, "RGB")))
        assert worst <= 24


@pytest.mark.parametrize("size", [(1280, 720), (1920, 1080)])
def test_rain_sends_only_the_scene_left_of_the_panel_and_looks_as_drawn_whole(make_app, monkeypatch, size):
    app, pilot = make_app(window_size=size)
    app.change_settings(content_note_seen=True)
    begin_walk(pilot)
    scene = app.top.scene
    scene.show("konbini", {"rain": True})  # the rain falls everywhere, 30 times a second
    settle(pilot)
    calls = WindowCalls(monkeypatch)
    for _ in range(30):
        app.step(1 / 60)
    assert calls.flips == 0 and len(calls.updates) >= 10
    view = app.display.viewport
    left_of_panel = round(app.top.geometry.scene_width * view.scale) + 2  # a pixel or two of rounding
    for rects in calls.updates:
        assert rects and all(rect.right <= view.left + left_of_panel for rect in rects)
    parts = app.display.surface.copy()
    app._shown_last = None  # drawn from nothing, as after the window lost its pixels: panel and all
    app.draw()
    assert pygame.image.tobytes(parts, "RGB") == pygame.image.tobytes(app.display.surface, "RGB")


@pytest.mark.parametrize("where", ["title", "play"])
def test_reduce_motion_draws_no_animation_frames(make_app, monkeypatch, where):
    app, pilot = make_app()
    app.change_settings(content_note_seen=True, reduce_motion=True)
    if where == "play":
        begin_walk(pilot)
    settle(pilot)
    assert app.top.kind == where
    calls = WindowCalls(monkeypatch)
    frames = app.frames
    for _ in range(IDLE_STEPS):
        app.step(1 / 30)
    assert (calls.flips, calls.updates, app.frames) == (0, [], frames)
    assert app.frame_rate() == 0


def test_the_next_scene_is_painted_ahead_while_the_player_reads(make_app):
    from game.player.scenes import base
    from game.player.display.scene_ahead import next_scenes

    app, pilot = make_app()
    app.change_settings(content_note_seen=True)
    begin_walk(pilot)
    settle(pilot)  # the crossfade is over: the worker is given the open moves
    app.scenes_ahead.wait()
    runtime = app.session.runtime
    ahead = next_scenes(runtime.story, runtime.to_state())
    assert ("night_street", {"hour": 2, "rain": True, "dog": True, "figure": False}) in ahead  # "Step outside."
    painted = dict(base.AHEAD.ahead)
    assert painted, "nothing was painted ahead"
    pilot.press("1")  # Step outside: the rainy street
    scene = app.top.scene.painter
    assert scene.name == "night_street" and scene.params["rain"]
    assert any(scene.background is background for background, _extra in painted.values())


@pytest.mark.parametrize("scene_name", ["konbini", "night_street"])
@pytest.mark.parametrize("size", [(1280, 720), (1126, 634), (1920, 1080)])
def test_a_frame_of_rain_puts_back_and_sends_only_where_drops_were_and_are(make_app, monkeypatch, scene_name, size):
    app, pilot = make_app(window_size=size)
    app.change_settings(content_note_seen=True)
    begin_walk(pilot)
    app.top.scene.show(scene_name, {"rain": True, "dog": True})
    settle(pilot)
    calls = WindowCalls(monkeypatch)
    layer = app.top.scene
    blitted_whole: list[object] = []  # each time the scene is blitted as a whole (or in parts) rather than put back
    monkeypatch.setattr(layer, "_blit", lambda *args: (blitted_whole.append(args), type(layer)._blit(layer, *args)))
    for step in range(90):
        app.step(1 / 60)
        if step == 40:
            pilot.press("down")  # a whole frame between frames of motion: drawn as a whole, then sparse again
    view = app.display.viewport
    left_of_panel = round(app.top.geometry.scene_width * view.scale) + 2  # a pixel or two of rounding
    # Of each frame, what is sent of the scene (the whole frame after the key sends the panel too).
    motion = [[rect for rect in rects if rect.right <= view.left + left_of_panel] for rects in calls.updates]
    motion = [rects for rects in motion if len(rects) > 20]
    assert len(motion) >= 30, [len(rects) for rects in calls.updates]
    # What is sent for a frame of rain is where its drops were and are: a small part of the scene.
    shown = left_of_panel * view.size[1]
    assert max(sum(rect.width * rect.height for rect in rects) for rects in motion) < 0.4 * shown
    assert not blitted_whole  # the picture is only put back over the drops and the moving parts, in small blits
    # The whole frames after the key (the focus moves): the panel and, of the scene, the drops alone.
    with_panel = [rects for rects in calls.updates if any(rect.left >= view.left + left_of_panel - 4 for rect in rects)]
    assert with_panel and all(len(rects) > 20 for rects in with_panel)
    parts = app.display.surface.copy()
    app._shown_last = None  # drawn from nothing, as after the window lost its pixels: panel and all
    app.draw()
    assert pygame.image.tobytes(parts, "RGB") == pygame.image.tobytes(app.display.surface, "RGB")
