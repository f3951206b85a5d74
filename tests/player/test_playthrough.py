"""Play the fixture story through the real app, by keyboard alone and by mouse alone."""
from __future__ import annotations

import json

import pygame

from game.core.runtime import Mode
from game.player.screens.play import PlayScreen


def play_screen(app) -> PlayScreen:
    assert isinstance(app.top, PlayScreen), f"expected the play screen, got {app.top.kind}"
    return app.top


def test_keyboard_only_from_title_to_an_ending(make_app, data_dir):
    app, pilot = make_app()
    assert app.top.kind == "title"
    assert app.top.focus.name == "new"  # Continue is unavailable with nothing saved
    pilot.press(pygame.K_RETURN)
    assert app.top.kind == "chapters"
    pilot.press(pygame.K_RETURN)
    assert app.top.kind == "content_note"
    pilot.press(pygame.K_RETURN)
    play = play_screen(app)
    assert play.runtime.node_id == "walk_start"
    assert play.revealing
    pilot.press(pygame.K_a)  # any key completes the text first, and chooses nothing
    assert not play.revealing and play.runtime.node_id == "walk_start"
    pilot.press(pygame.K_1)
    assert play.runtime.node_id == "walk_street"
    assert play.mode is Mode.CONTINUE
    pilot.press(pygame.K_SPACE)  # complete the text
    assert [target.name for target in pilot.targets()][0] == "continue"  # a visible Continue prompt
    pilot.press(pygame.K_SPACE)
    assert play.runtime.node_id == "walk_corner"
    pilot.press(pygame.K_RETURN)  # complete
    pilot.press(pygame.K_DOWN)
    pilot.press(pygame.K_UP)
    pilot.press(pygame.K_RETURN)
    assert play.runtime.node_id == "walk_home"
    assert play.mode is Mode.ENDED
    pilot.press(pygame.K_SPACE)  # complete
    assert any(target.name == "chapters" for target in pilot.targets())
    pilot.press(pygame.K_RETURN)
    assert app.top.kind == "chapters"
    progress = json.loads((data_dir / "progress.json").read_text())
    assert progress["endings"] == {"walk": ["home"]} and progress["finished"] == ["walk"]
    walk = pilot.target("chapter:walk")
    assert walk.label == "The Short Walk"
    details = app.top.doc.controls[0].detail
    assert "Finished" in details and "1 of 3 endings found" in details


def test_mouse_only_from_title_to_an_ending(make_app):
    app, pilot = make_app()
    pilot.click_target("new")
    pilot.click_target("chapter:walk")
    pilot.click_target("begin")
    play = play_screen(app)
    pilot.click(300, 300)  # a click completes the text
    assert not play.revealing
    pilot.click_target("choice:1")
    assert play.runtime.node_id == "walk_street"
    pilot.click(300, 300)  # complete
    pilot.click(300, 300)  # a click anywhere continues
    assert play.runtime.node_id == "walk_corner"
    pilot.click(300, 300)
    pilot.click_target("choice:1")
    assert play.mode is Mode.ENDED
    pilot.click(300, 300)
    pilot.click_target("chapters")
    assert app.top.kind == "chapters"
    pilot.click_target("endings")
    assert app.top.kind == "endings"
    texts = [getattr(block, "text", "") for block in app.top.doc.blocks]
    assert "Out and Back" in texts and "—" in texts and "Another Night In" not in texts


def test_choices_are_drawn_where_their_targets_are(make_app):
    app, pilot = make_app()
    pilot.click_target("new")
    pilot.click_target("chapter:walk")
    pilot.click_target("begin")
    pilot.finish_reveal()
    for target in pilot.targets():
        x, y, width, height = target.rect
        assert 700 <= x and x + width <= 1280, "the text panel is on the right"
    choice = pilot.target("choice:3")
    pilot.move(*choice.center)
    assert app.top.focus.name == "choice:3"  # hover focuses
    pilot.click(*choice.center)
    assert play_screen(app).runtime.node_id == "walk_stay"


def test_disabled_choices_ignore_keys_and_clicks(make_app):
    app, pilot = make_app()
    pilot.click_target("new")
    pilot.click_target("chapter:walk")
    pilot.click_target("begin")
    play = play_screen(app)
    pilot.finish_reveal()
    disabled = pilot.target("choice:2")
    assert not disabled.enabled
    button = play.tray.controls[1]
    assert "won't move" in button.reason and button._note_lines[0].startswith("(unavailable)")
    app.audio.effects.clear()
    pilot.press(pygame.K_2)
    assert play.runtime.node_id == "walk_start"
    pilot.click(*disabled.center)
    assert play.runtime.node_id == "walk_start"
    assert play.focus.name == "choice:2"  # the click focused it, so its reason can be read
    pilot.press(pygame.K_RETURN)
    assert play.runtime.node_id == "walk_start"
    pilot.press(pygame.K_UP)
    pilot.press(pygame.K_DOWN)
    pilot.press(pygame.K_SPACE)
    assert play.runtime.node_id == "walk_start"
    assert app.audio.effects == ["unavailable"] * 3 + ["select"] * 2 + ["unavailable"]
    assert not play.runtime.history  # nothing was chosen


def test_undo_by_backspace_and_ctrl_z(make_app):
    app, pilot = make_app()
    pilot.click_target("new")
    pilot.click_target("chapter:walk")
    pilot.click_target("begin")
    play = play_screen(app)
    pilot.finish_reveal()
    pilot.press(pygame.K_1)
    assert play.runtime.node_id == "walk_street"
    pilot.press(pygame.K_BACKSPACE)  # completes the reveal first
    pilot.press(pygame.K_BACKSPACE)
    assert play.runtime.node_id == "walk_start"
    pilot.press(pygame.K_1)
    pilot.finish_reveal()
    pilot.press(pygame.K_z, mod=pygame.KMOD_CTRL)
    assert play.runtime.node_id == "walk_start"


def test_long_text_scrolls_and_is_never_cut_off(make_app):
    app, pilot = make_app()
    pilot.click_target("new")
    pilot.click_target("chapter:tea")
    pilot.click_target("begin")
    play = play_screen(app)
    pilot.finish_reveal()
    pilot.press(pygame.K_2)
    assert play.runtime.node_id == "tea_letter"
    pilot.finish_reveal()  # the reveal scrolls along with the text
    doc = play.doc
    assert doc.max_scroll > 0
    assert doc.scroll > 0
    pilot.press(pygame.K_HOME)
    assert doc.scroll == 0
    pilot.press(pygame.K_PAGEDOWN)
    assert doc.scroll > 0
    pilot.wheel(10)
    assert doc.scroll == 0
    pilot.wheel(-50)
    assert doc.scroll == doc.max_scroll
    last = doc.blocks[10]
    assert last.text == "Last line of the letter."
    assert doc.area[1] + last.y - doc.scroll + last.height <= doc.area[1] + doc.area[3]
    assert pilot.target("continue")


def test_ambience_and_effects_follow_the_story(make_app):
    app, pilot = make_app()
    pilot.click_target("new")
    pilot.click_target("chapter:walk")
    pilot.click_target("begin")
    assert app.audio.ambiences[-1] == "night_town"
    pilot.finish_reveal()
    pilot.press(pygame.K_1)
    pilot.finish_reveal()
    pilot.press(pygame.K_SPACE)
    assert app.audio.ambiences[-1] == "store_hum"
    assert "confirm" in app.audio.effects and "page" in app.audio.effects


def test_idle_play_screen_needs_no_frames(make_app):
    """Waiting on a choice, with a still scene, the loop may sleep: nothing is redrawn."""
    app, pilot = make_app()
    pilot.click_target("new")
    pilot.click_target("chapter:walk")
    pilot.click_target("begin")
    app.change_settings(reduce_motion=True)
    pilot.finish_reveal()
    pilot.step(60)  # let the crossfade settle
    frames = app.frames
    pilot.step(30)
    if not app.top.scene.animated:
        assert app.frame_rate() == 0
        assert app.frames == frames
