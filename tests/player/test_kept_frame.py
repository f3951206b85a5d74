"""A whole frame redraws and sends only what changed: the window keeps the frame before, and a frame
that changed nothing sends nothing, one that moved the focus sends the panel, and the picture on the
window is always the one a drawing from scratch would make."""
from __future__ import annotations

import pygame
import pytest

from tests.player.test_idle_drawing import WindowCalls, begin_walk, settle

WINDOW = (1920, 1080)


def post_key(name: str) -> None:
    code = pygame.key.key_code(name)
    pygame.event.post(pygame.event.Event(pygame.KEYDOWN, key=code, mod=0, unicode="", scancode=0))
    pygame.event.post(pygame.event.Event(pygame.KEYUP, key=code, mod=0, unicode="", scancode=0))


def as_drawn_from_scratch(app) -> bytes:
    return pygame.image.tobytes(app.render_offscreen(app.screens.visible(), WINDOW), "RGB")


def on_the_window(app) -> bytes:
    return pygame.image.tobytes(app.display.surface, "RGB")


def playing(make_app):
    app, pilot = make_app(window_size=WINDOW)
    app.change_settings(content_note_seen=True)
    begin_walk(pilot)  # the night street, moving, and three choices
    settle(pilot)
    app.toasts.clear()
    app.dirty = True
    app.step(0.0)  # a whole frame: the window holds it from here on
    return app, pilot


def test_a_whole_frame_that_changed_nothing_sends_nothing(make_app, monkeypatch):
    app, _pilot = playing(make_app)
    before = on_the_window(app)
    calls = WindowCalls(monkeypatch)
    frames = app.frames
    for _ in range(5):
        app.dirty = True  # as after a key that changed nothing on screen
        app.step(0.0)
    assert app.frames == frames + 5
    assert (calls.flips, calls.updates) == (0, [])
    assert on_the_window(app) == before == as_drawn_from_scratch(app)


def test_a_focus_moved_sends_the_panel_alone_and_looks_as_drawn_afresh(make_app, monkeypatch):
    app, _pilot = playing(make_app)
    focused = app.top.focus
    calls = WindowCalls(monkeypatch)
    post_key("down")
    app.step(0.0)
    assert app.top.focus is not focused
    assert calls.flips == 0 and len(calls.updates) == 1
    (sent,) = calls.updates[0]
    panel = app.display.canvas(app.typesetter, app.theme).rect(app.top.geometry.panel)
    assert sent.contains(panel) and sent.width < panel.width + 4  # the panel, not the scene beside it
    assert on_the_window(app) == as_drawn_from_scratch(app)
    post_key("up")
    app.step(0.0)
    assert on_the_window(app) == as_drawn_from_scratch(app)  # the panel kept before the move is not shown again


def test_a_frame_after_a_menu_or_a_notice_is_sent_whole(make_app, monkeypatch):
    app, _pilot = playing(make_app)
    calls = WindowCalls(monkeypatch)
    post_key("escape")  # the pause menu, over the play screen
    app.step(0.0)
    assert app.top.kind == "pause" and calls.flips == 1
    post_key("escape")
    app.step(0.0)
    assert app.top.kind == "play" and calls.flips == 2  # the menu is gone from all of the window
    assert on_the_window(app) == as_drawn_from_scratch(app)
    app.toast("A notice")
    app.step(0.0)
    assert calls.flips == 3
    app.toasts.clear()
    app.dirty = True
    app.step(0.0)
    assert calls.flips == 4  # and gone again
    assert on_the_window(app) == as_drawn_from_scratch(app)


def test_a_whole_frame_while_the_scene_moves_sends_only_its_moving_parts(make_app, monkeypatch):
    app, _pilot = playing(make_app)
    calls = WindowCalls(monkeypatch)
    window = WINDOW[0] * WINDOW[1]
    for _ in range(20):
        app.dirty = True  # a whole frame on every step, the moths and the tail moving meanwhile
        app.step(1 / 30)
    assert calls.flips == 0 and len(calls.updates) >= 10
    for rects in calls.updates:
        assert sum(rect.width * rect.height for rect in rects) < window / 10
    assert on_the_window(app) == as_drawn_from_scratch(app)


@pytest.mark.parametrize("panel_opacity", [1.0, 0.8])
def test_whole_frames_on_the_title_look_as_drawn_afresh(make_app, panel_opacity):
    # The menu's panel and the key hint lie over the title's scene: on a frame that left the scene as it
    # was they would be drawn over themselves (the panel darker, the hint bolder).
    app, _pilot = make_app(window_size=WINDOW)
    app.change_settings(panel_opacity=panel_opacity)
    settle(_pilot)
    assert app.top.kind == "title"
    for _ in range(4):
        post_key("down")  # the focus moves: a whole frame, the scene still moving meanwhile
        app.step(1 / 12)
        app.step(1 / 12)
    assert on_the_window(app) == as_drawn_from_scratch(app)
