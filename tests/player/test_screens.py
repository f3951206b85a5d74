"""The menus: help from everywhere, pages, endings gallery, history, pause, keyboard and mouse alone."""
from __future__ import annotations

import pygame

from game.player.screens.base import ScreenStack, Screen


def begin_walk(pilot) -> None:
    pilot.click_target("new")
    pilot.click_target("chapter:walk")
    pilot.click_target("begin")
    pilot.finish_reveal()


def test_help_is_reachable_from_every_menu(make_app):
    app, pilot = make_app()
    for opener in (lambda: None, lambda: pilot.click_target("new"), lambda: pilot.click_target("settings")):
        opener()
        pilot.press(pygame.K_h)
        assert app.top.kind == "page" and app.top.page_key == "help"
        assert "talk to someone" in app.top.doc.blocks[0].text
        pilot.press(pygame.K_ESCAPE)
        pilot.press(pygame.K_ESCAPE)
        assert app.top.kind == "title"
    pilot.click_target("help")
    assert app.top.kind == "page"
    pilot.click_target("back")
    begin_walk(pilot)
    pilot.press(pygame.K_h)
    assert app.top.kind == "page"
    pilot.press(pygame.K_ESCAPE)
    pilot.press(pygame.K_ESCAPE)
    assert app.top.kind == "pause"
    pilot.click_target("help")
    assert app.top.kind == "page"


def _help_by_mouse_and_back(app, pilot, kind: str) -> None:
    """On a menu of this kind: a click on "Help and support" opens help; Back (mouse) and Esc return here."""
    menu = app.top
    assert menu.kind == kind
    pilot.click_target("help")
    assert app.top.kind == "page" and app.top.page_key == "help", kind
    pilot.click_target("back")
    assert app.top is menu
    pilot.click_target("help")
    pilot.press(pygame.K_ESCAPE)
    assert app.top is menu


def _help_by_keyboard(app, pilot, kind: str) -> None:
    """The same control is in the focus order: Tab reaches it, Enter opens help, Esc comes back."""
    menu = app.top
    for _ in range(len(app.top.focusable())):
        if app.top.focus.name == "help":
            break
        pilot.press(pygame.K_TAB)
    assert app.top.focus.name == "help", kind
    pilot.press(pygame.K_RETURN)
    assert app.top.kind == "page" and app.top.page_key == "help", kind
    pilot.press(pygame.K_ESCAPE)
    assert app.top is menu


def test_help_and_support_is_a_button_on_every_menu(make_app):
    """Mouse alone reaches help from every menu, without going back to the title or the pause menu."""
    app, pilot = make_app()
    menus = [
        ("chapters", [("click", "new")]),
        ("endings", [("click", "new"), ("click", "endings")]),
        ("content_note", [("click", "new"), ("click", "chapter:walk")]),
        ("settings", [("click", "settings")]),
        ("saveload", [("click", "load")]),
        ("page", [("click", "credits")]),
    ]
    for kind, steps in menus:
        for _action, name in steps:
            pilot.click_target(name)
        _help_by_mouse_and_back(app, pilot, kind)
        _help_by_keyboard(app, pilot, kind)
        while app.top.kind != "title":
            pilot.press(pygame.K_ESCAPE)
    begin_walk(pilot)
    for kind, opener in (("pause", None), ("saveload", "save"), ("settings", "settings"), ("history", "history")):
        pilot.click_target("menu")
        if opener is not None:
            pilot.click_target(opener)
        _help_by_mouse_and_back(app, pilot, kind)
        _help_by_keyboard(app, pilot, kind)
        while app.top.kind != "play":
            pilot.press(pygame.K_ESCAPE)
    # The help page itself has no button to open help again, and a question keeps its two answers only.
    pilot.click_target("menu")
    pilot.click_target("help")
    names = [target.name for target in pilot.targets()]
    assert "help" not in names and "back" in names


def test_credits_and_the_content_note_come_from_the_story(make_app):
    app, pilot = make_app()
    pilot.click_target("credits")
    assert app.top.title == "Credits" and app.top.doc.blocks[0].text == "Written for the tests."
    pilot.press(pygame.K_ESCAPE)
    pilot.click_target("new")
    pilot.click_target("chapter:walk")
    assert app.top.kind == "content_note" and "locked door" in app.top.doc.blocks[0].text
    pilot.press(pygame.K_ESCAPE)  # going back does not count as having seen it
    assert app.top.kind == "chapters" and not app.settings.content_note_seen
    pilot.click_target("chapter:walk")
    pilot.click_target("begin")
    assert app.settings.content_note_seen
    pilot.press(pygame.K_ESCAPE)
    pilot.click_target("title")
    pilot.click_target("new")
    pilot.click_target("chapter:tea")
    assert app.top.kind == "play"  # remembered: no second content note


def test_pause_menu_by_keyboard_and_by_mouse(make_app):
    app, pilot = make_app()
    begin_walk(pilot)
    pilot.press(pygame.K_ESCAPE)
    assert app.top.kind == "pause"
    assert [target.name for target in pilot.targets()] == [
        "resume", "save", "load", "settings", "controls", "history", "help", "title", "quit"]
    pilot.press(pygame.K_RETURN)  # Resume
    assert app.top.kind == "play"
    pilot.click_target("menu")  # the play screen's own Menu button, for mouse-only play
    assert app.top.kind == "pause"
    pilot.click_target("title")
    assert app.top.kind == "title"
    assert pilot.target("continue").enabled


def test_history_lists_text_and_choices_and_can_undo(make_app):
    app, pilot = make_app()
    begin_walk(pilot)
    pilot.press(pygame.K_1)
    pilot.finish_reveal()
    pilot.press(pygame.K_SPACE)
    pilot.finish_reveal()
    pilot.click_target("history")
    assert app.top.kind == "history"
    texts = [getattr(block, "text", "") for block in app.top.doc.blocks]
    assert "The front door" in texts and "You chose: Step outside." in texts and "You went on." in texts
    pilot.click_target("undo")
    assert app.play_screen.runtime.node_id == "walk_street"
    pilot.press(pygame.K_BACKSPACE)
    assert app.play_screen.runtime.node_id == "walk_start"
    undo = pilot.target("undo")
    assert not undo.enabled
    pilot.press(pygame.K_ESCAPE)
    assert app.top.kind == "play"


def test_endings_gallery_shows_found_titles_and_dashes(make_app):
    app, pilot = make_app()
    begin_walk(pilot)
    pilot.press(pygame.K_3)
    pilot.finish_reveal()
    pilot.press(pygame.K_RETURN)
    assert app.top.kind == "chapters"
    tea = app.top.doc.controls[1].detail
    assert "Not finished yet. 0 of 1 endings found." in tea
    pilot.click_target("endings")
    texts = [getattr(block, "text", "") for block in app.top.doc.blocks]
    assert texts.count("—") == 3  # two unfound in the walk, one in tea
    assert "Another Night In" in texts and "1 of 3 endings found" in texts


def test_every_menu_works_by_tab_and_enter(make_app):
    app, pilot = make_app()
    pilot.press(pygame.K_TAB)
    pilot.press(pygame.K_TAB)
    assert app.top.focus.name == "settings"
    pilot.press(pygame.K_TAB, mod=pygame.KMOD_SHIFT)
    assert app.top.focus.name == "load"
    pilot.press(pygame.K_RETURN)
    assert app.top.kind == "saveload"
    pilot.press(pygame.K_ESCAPE)
    assert app.top.kind == "title"


def test_focus_ring_is_drawn(make_app):
    app, pilot = make_app()
    target = pilot.target("new")
    pilot.step(1)
    x, y, width, height = target.rect
    colour = app.display.surface.get_at((int(x + width / 2), int(y - 2)))[:3]
    assert colour == app.theme.accent


def test_screen_stack_sends_results_up():
    stack = ScreenStack()
    received: list[object] = []

    class Dummy(Screen):
        def __init__(self) -> None:
            self.on_dismiss = None

    base, child = Dummy(), Dummy()
    stack.push(base)
    stack.push(child, received.append)
    assert stack.top is child and stack.visible() == [child]
    stack.pop(child, "done")
    assert received == ["done"] and stack.top is base


def test_the_other_keys_docs_playing_md_promises(make_app):
    """F1 is help too, Alt+Enter is full screen, the number pad picks choices, Home and End scroll."""
    app, pilot = make_app()
    pilot.press(pygame.K_F1)
    assert app.top.kind == "page" and app.top.page_key == "help"
    pilot.press(pygame.K_ESCAPE)
    pilot.press(pygame.K_RETURN, mod=pygame.KMOD_ALT)
    assert app.settings.fullscreen
    pilot.step(2)
    pilot.press(pygame.K_RETURN, mod=pygame.KMOD_ALT)
    assert not app.settings.fullscreen
    begin_walk(pilot)
    pilot.press(pygame.K_KP3)
    assert app.top.runtime.node_id == "walk_stay"
    pilot.press(pygame.K_BACKSPACE)  # completes the text
    pilot.press(pygame.K_BACKSPACE)  # undoes
    assert app.top.runtime.node_id == "walk_start"
    pilot.press(pygame.K_ESCAPE)
    pilot.click_target("title")
    pilot.click_target("new")
    pilot.click_target("chapter:tea")
    pilot.finish_reveal()
    pilot.press(pygame.K_2)  # the letter: long enough to scroll
    pilot.press(pygame.K_SPACE)
    play = app.top
    pilot.press(pygame.K_END)
    assert play.doc.scroll == play.doc.max_scroll > 0
    pilot.press(pygame.K_HOME)
    assert play.doc.scroll == 0
