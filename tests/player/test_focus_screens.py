"""A menu and the play screen driven by the same real key and mouse events: their focus behaves the same."""
from __future__ import annotations

from pathlib import Path

import pygame

from game.player.screens.base import DocumentScreen
from game.player.screens.play import PlayScreen


def centre(pilot, name: str) -> tuple[float, float]:
    return pilot.target(name).center


def check_one_focus_model(app, pilot, *, unavailable: str, available: str) -> None:
    """Pointing, Tab and Shift+Tab, a right click and a click or Enter on an unavailable control, on the top screen."""
    screen = app.top
    order = [control.name for control in screen.focusable()]
    assert unavailable in order and available in order, order
    app.audio.effects.clear()

    pilot.move(*centre(pilot, order[0]))  # pointing focuses, silently
    assert screen.focus.name == order[0]
    pilot.move(4, 4)  # off every control: the focus stays where it was
    assert screen.focus.name == order[0]
    assert app.audio.effects == []

    pilot.press(pygame.K_TAB)
    assert screen.focus.name == order[1]
    pilot.press(pygame.K_TAB, mod=pygame.KMOD_SHIFT)
    assert screen.focus.name == order[0]
    pilot.press(pygame.K_TAB, mod=pygame.KMOD_SHIFT)  # round from the first to the last
    assert screen.focus.name == order[-1]
    pilot.press(pygame.K_TAB)
    assert screen.focus.name == order[0]
    assert app.audio.effects == ["select"] * 4

    app.audio.effects.clear()
    pilot.click(*centre(pilot, available), button=3)  # only the primary button presses
    assert app.top is screen and screen.focus.name == available  # the pointer passing over it focused it
    assert app.audio.effects == []

    pilot.click(*centre(pilot, unavailable))  # focused, so its reason can be read; refused, heard
    assert app.top is screen and screen.focus.name == unavailable
    pilot.press(pygame.K_RETURN)
    assert app.top is screen and screen.focus.name == unavailable
    assert app.audio.effects == ["unavailable", "unavailable"]


def test_a_menu_and_the_play_screen_share_one_focus_model(make_app):
    app, pilot = make_app()
    assert isinstance(app.top, DocumentScreen) and app.top.kind == "title"
    check_one_focus_model(app, pilot, unavailable="continue", available="settings")  # nothing saved yet

    pilot.click_target("new")
    pilot.click_target("chapter:walk")
    pilot.click_target("begin")
    pilot.finish_reveal()
    play = app.top
    assert isinstance(play, PlayScreen)
    check_one_focus_model(app, pilot, unavailable="choice:2", available="choice:1")
    assert play.runtime.node_id == "walk_start"  # nothing was chosen


MORE_CHOICES = "".join(f"""
      - text: Wait by the door a little longer, listening to the street, and count to {n} before deciding.
        to: walk_stay""" for n in range(2, 7))


def many_choices(story_copy: Path) -> Path:
    """The fixture story with five more long choices at its first node: at large text the tray scrolls."""
    walk = story_copy / "walk" / "walk.yaml"
    last = "      - text: Stay in.\n        to: walk_stay"
    text = walk.read_text(encoding="utf-8")
    assert last in text
    walk.write_text(text.replace(last, last + MORE_CHOICES, 1), encoding="utf-8")
    return story_copy


def in_sight(doc, focus) -> bool:
    """The focus is on a control outside the scrolled list, or on one wholly in view in it."""
    return focus is not None and (focus not in doc.controls or doc.shows_whole(focus))


def wheel_down_through(pilot, doc, at: tuple[float, float]) -> set[str]:
    """Turn the wheel a step at a time to the list's end; the focus is never left on a control out of sight."""
    focused: set[str] = set()
    while doc.scroll < doc.max_scroll:
        pilot.wheel(-1, at=at)
        assert in_sight(doc, pilot.app.top.focus), (doc.scroll, pilot.app.top.focus.name)
        focused.add(pilot.app.top.focus.name)
    return focused


def test_scrolling_a_list_moves_its_focus_into_view_on_a_menu_and_in_the_tray(make_app, story_copy):
    """The wheel carries the focus along in a scrolled menu and in a scrolled choice tray alike."""
    app, pilot = make_app(many_choices(story_copy))
    app.change_settings(font_scale=2.0)  # every list scrolls at the largest text
    pilot.click_target("new")
    chapters = app.top
    assert chapters.doc.max_scroll > 0
    first = chapters.focusable()[0].name
    assert wheel_down_through(pilot, chapters.doc, centre(pilot, first)) - {first}

    pilot.press(pygame.K_ESCAPE)
    pilot.click_target("new")
    pilot.click_target("chapter:walk")
    pilot.click_target("begin")
    pilot.finish_reveal()
    play = app.top
    assert isinstance(play, PlayScreen) and play.tray.max_scroll > 0, "eight long choices scroll at 200%"
    first = play.tray.controls[0].name
    assert wheel_down_through(pilot, play.tray, centre(pilot, first)) - {first}
    assert play.runtime.node_id == "walk_start"
