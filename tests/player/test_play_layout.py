"""The play screen with real events: no choice taken unseen, the choices always in view, text that reflows."""
from __future__ import annotations

import json
import time
from pathlib import Path

import pygame
import pytest

from game.player.screens.play import PlayScreen
from game.player.ui.document import Button, TextBlock

WINDOW_BOTTOM = 720.0


def play_screen(app) -> PlayScreen:
    assert isinstance(app.top, PlayScreen), f"expected the play screen, got {app.top.kind}"
    return app.top


def key_down(app, key: int, text: str = "") -> None:
    """A key goes down and stays down (a second one, before key_up, is the held key repeating)."""
    pygame.event.post(pygame.event.Event(pygame.KEYDOWN, key=key, mod=0, unicode=text, scancode=0))
    app.step(1 / 60)


def key_up(app, key: int) -> None:
    pygame.event.post(pygame.event.Event(pygame.KEYUP, key=key, mod=0, unicode="", scancode=0))
    app.step(1 / 60)


def begin(pilot, chapter: str = "walk") -> None:
    pilot.click_target("new")
    pilot.click_target(f"chapter:{chapter}")
    pilot.click_target("begin")


def assert_first_choice_in_view(play: PlayScreen) -> None:
    """The first choice (or Continue) whole, unscrolled, in a tray under the text and inside the window."""
    assert not play.revealing
    first = play.tray.controls[0]
    target = next(target for target in play.targets() if target.name == first.name)
    x, y, width, height = play.layout.tray
    assert target.rect[3] == pytest.approx(first.height), "the click target is the whole choice, not a clipped part"
    assert y <= target.rect[1] and target.rect[1] + target.rect[3] <= y + height + 0.5
    assert y + height <= WINDOW_BOTTOM
    text = play.layout.text
    assert text[1] + text[3] <= play.layout.status[1] <= y, "the text and the status line stay above the tray"


# -- held keys, presses from before, the pause after a choice ------------------------------------------
def test_a_held_key_takes_one_choice_and_its_repeats_take_nothing(make_app):
    app, pilot = make_app()
    app.change_settings(text_speed="instant")
    begin(pilot)
    play = play_screen(app)
    key_down(app, pygame.K_1, "1")
    assert play.runtime.node_id == "walk_street"
    for _repeat in range(8):  # the key held: pygame sends it again and again
        key_down(app, pygame.K_1, "1")
    assert play.runtime.node_id == "walk_street" and len(play.runtime.history) == 1
    key_up(app, pygame.K_1)
    key_down(app, pygame.K_RETURN)  # a new press goes on...
    assert play.runtime.node_id == "walk_corner"
    for _repeat in range(8):  # ...and held, it never takes the focused choice of the next node
        key_down(app, pygame.K_RETURN)
    assert play.runtime.node_id == "walk_corner"
    key_up(app, pygame.K_RETURN)
    pilot.press(pygame.K_RETURN)
    assert play.runtime.node_id == "walk_home"


def test_the_key_that_completes_the_text_never_chooses_even_held(make_app):
    app, pilot = make_app()
    begin(pilot)
    play = play_screen(app)
    assert play.revealing
    key_down(app, pygame.K_1, "1")  # begun before the choices were shown: it shows them, and only that
    assert not play.revealing and play.runtime.node_id == "walk_start"
    for _repeat in range(10):
        key_down(app, pygame.K_1, "1")
        pilot.step(3)
    assert play.runtime.node_id == "walk_start"
    key_up(app, pygame.K_1)
    pilot.press(pygame.K_1)
    assert play.runtime.node_id == "walk_street"


def test_navigation_keys_still_repeat_when_held(make_app):
    app, pilot = make_app()
    begin(pilot)
    pilot.finish_reveal()
    play = play_screen(app)
    before = play.focus.name
    key_down(app, pygame.K_DOWN)
    key_down(app, pygame.K_DOWN)  # a repeat of Down moves again
    assert play.focus.name != before
    assert play.focus is play.tray.controls[2]


def test_a_pause_after_a_choice_before_another_is_taken(make_app):
    app, pilot = make_app(choice_delay=None)  # the player's setting, not the tests' quick one
    app.change_settings(text_speed="instant", choice_delay=0.6)
    begin(pilot)
    play = play_screen(app)
    time.sleep(0.65)
    pilot.press(pygame.K_1)
    assert play.runtime.node_id == "walk_street"
    pilot.press(pygame.K_SPACE)  # at once: within the pause, nothing happens
    pilot.click(640, 360)
    assert play.runtime.node_id == "walk_street"
    time.sleep(0.65)
    pilot.press(pygame.K_SPACE)
    assert play.runtime.node_id == "walk_corner"

    app.change_settings(choice_delay=0.0)  # 0: the next press is taken at once
    pilot.press(pygame.K_BACKSPACE)
    assert play.runtime.node_id == "walk_street"
    pilot.press(pygame.K_SPACE)
    assert play.runtime.node_id == "walk_corner"


def test_the_pause_after_a_choice_is_a_setting_that_persists(make_app, data_dir: Path):
    app, pilot = make_app(choice_delay=None)
    assert app.settings.choice_delay == 0.3  # the default
    pilot.click_target("settings")
    pilot.press(pygame.K_END)  # near the end of the list
    pilot.click_target("choice_delay:plus")
    assert app.settings.choice_delay == 0.6
    pilot.click_target("choice_delay:plus")
    pilot.click_target("choice_delay:plus")  # stops at the longest
    assert app.settings.choice_delay == 1.0
    for _step in range(4):
        pilot.click_target("choice_delay:minus")
    assert app.settings.choice_delay == 0.0
    pilot.click_target("choice_delay:plus")
    app.shutdown()
    again, _pilot = make_app(choice_delay=None)
    assert again.settings.choice_delay == 0.3
    saved = json.loads((data_dir / "settings.json").read_text())
    saved["choice_delay"] = 7
    (data_dir / "settings.json").write_text(json.dumps(saved))
    again.shutdown()
    hand_edited, _pilot = make_app(choice_delay=None)
    assert hand_edited.settings.choice_delay == 1.0  # the nearest allowed


# -- the choices in view on every path --------------------------------------------------------------
@pytest.mark.parametrize("font_scale", [1.0, 2.0])
def test_choices_in_view_after_skip_undo_load_resize_and_full_screen(make_app, font_scale):
    app, pilot = make_app()
    app.change_settings(font_scale=font_scale, content_note_seen=True)
    pilot.click_target("new")
    pilot.click_target("chapter:tea")
    play = play_screen(app)
    pilot.press(pygame.K_a)  # skip the typewriter
    assert_first_choice_in_view(play)
    pilot.press(pygame.K_2)  # the letter: long enough to scroll
    pilot.press(pygame.K_SPACE)
    assert play.runtime.node_id == "tea_letter" and play.doc.max_scroll > 0
    assert_first_choice_in_view(play)  # Continue, under text that scrolls
    pilot.press(pygame.K_BACKSPACE)  # undo
    assert play.runtime.node_id == "tea_start"
    assert_first_choice_in_view(play)
    pilot.press(pygame.K_2)
    pilot.finish_reveal()  # the typewriter, left to run to its end
    assert_first_choice_in_view(play)
    pilot.press(pygame.K_ESCAPE)
    pilot.press(pygame.K_END)  # at 200% the pause menu scrolls: Title screen is at its end
    pilot.click_target("title")
    pilot.click_target("continue")  # load
    play = play_screen(app)
    assert play.runtime.node_id == "tea_letter"
    assert_first_choice_in_view(play)
    for size in ((900, 506), (1366, 768), (640, 360)):
        pilot.resize(*size)
        assert_first_choice_in_view(play)
    pilot.press(pygame.K_F11)
    pilot.step(2)
    assert_first_choice_in_view(play)
    pilot.press(pygame.K_F11)
    app.change_settings(text_speed="instant")
    pilot.press(pygame.K_BACKSPACE)
    pilot.press(pygame.K_2)
    assert_first_choice_in_view(play)


def test_a_mouse_without_a_wheel_reaches_the_end_of_the_text(make_app):
    app, pilot = make_app()
    app.change_settings(font_scale=2.0, text_speed="instant", content_note_seen=True)
    pilot.click_target("new")
    pilot.click_target("chapter:tea")
    pilot.click_target("choice:2")
    play = play_screen(app)
    assert play.doc.scroll == 0 and play.doc.max_scroll > 0
    pilot.click_target("more_below")  # the hint under the text is a button
    assert play.doc.scroll > 0
    for _click in range(20):
        if play.doc.scroll == 0:
            break
        pilot.click_target("text_scroll:up")
    assert play.doc.scroll == 0
    for _click in range(40):
        if play.doc.scroll >= play.doc.max_scroll:
            break
        pilot.click_target("text_scroll:page_down" if _click % 2 else "text_scroll:down")
    assert play.doc.scroll == play.doc.max_scroll
    assert "more_below" not in [target.name for target in pilot.targets()]


# -- reflow, at 200% and in a 900-pixel window --------------------------------------------------------
def drawn_width(app, text: str, role: str, logical_size: float) -> float:
    """How wide the line is as the window draws it (the real font at the real pixel size), in logical pixels."""
    scale = app.display.viewport.scale
    font = app.typesetter.font(role, max(6, round(logical_size * scale)), text)
    return font.size(text)[0] / scale


def overlaps(a, b) -> bool:
    return a[0] < b[0] + b[2] and b[0] < a[0] + a[2] and a[1] < b[1] + b[3] and b[1] < a[1] + a[3]


@pytest.mark.parametrize("window, font_scale", [((1280, 720), 2.0), ((900, 506), 1.0), ((900, 506), 2.0),
                                                ((960, 540), 1.15)])
def test_text_reflows_without_running_past_its_box_or_overlapping(make_app, window, font_scale):
    app, pilot = make_app(window_size=window)
    app.change_settings(font_scale=font_scale, text_speed="instant", content_note_seen=True)
    pilot.click_target("new")
    pilot.click_target("chapter:walk")
    play = play_screen(app)
    pilot.step(2)
    for check in range(2):
        for block in play.doc.blocks + play.tray.blocks:
            if isinstance(block, TextBlock):
                for line in block.lines:
                    assert drawn_width(app, line, block.role, block.logical_size) <= play.doc.area[2] - block.indent, line
            if isinstance(block, Button):
                room = play.tray.area[2] - block._text_left - block.padding[0] - block._prefix_width
                for line in block._label_lines:
                    assert drawn_width(app, line, block.role, block._logical_size) <= room + 0.5, line
                for line in block._note_lines:
                    assert drawn_width(app, line, "italic", block._small_size) <= room + 0.5, line
        header = [rect for _control, rect in play.header]
        for number, rect in enumerate(header):
            assert rect[0] + rect[2] <= 1244 and all(not overlaps(rect, other) for other in header[number + 1:])
        for control, rect in play.header:
            assert drawn_width(app, control.label, "ui", control._logical_size) <= \
                rect[2] - control._text_left - control.padding[0] + 0.5
        layout = play.layout
        parts = [layout.header, layout.text, layout.hint, layout.status, layout.tray]
        for upper, lower in zip(parts, parts[1:]):
            assert upper[1] + upper[3] <= lower[1] + 0.5, (upper, lower)
        assert layout.tray[1] + layout.tray[3] <= WINDOW_BOTTOM
        assert drawn_width(app, play.status, "italic", play._status_size()) <= layout.status[2]
        pilot.press(pygame.K_1)  # and on the next node, with Continue
        pilot.step(2)


# -- an unavailable choice picked ----------------------------------------------------------------
def note_pixels(app, play: PlayScreen, name: str) -> bytes:
    target = next(target for target in play.targets() if target.name == name)
    rect = app.display.viewport
    x, y = rect.to_physical(target.rect[:2])
    right, bottom = rect.to_physical((target.rect[0] + target.rect[2], target.rect[1] + target.rect[3]))
    app.draw()
    return pygame.image.tobytes(app.display.surface.subsurface((x, y, right - x, bottom - y)), "RGB")


@pytest.mark.parametrize("reduce_motion", [False, True])
def test_picking_an_unavailable_choice_lights_up_its_reason(make_app, reduce_motion):
    app, pilot = make_app()
    app.change_settings(reduce_motion=reduce_motion, text_speed="instant", content_note_seen=True)
    pilot.click_target("new")
    pilot.click_target("chapter:walk")
    play = play_screen(app)
    pilot.step(2)
    pilot.press(pygame.K_DOWN)  # the focus on it first: its ring is there before and after
    quiet = note_pixels(app, play, "choice:2")
    app.audio.effects.clear()
    pilot.press(pygame.K_2)
    assert play.runtime.node_id == "walk_start" and app.audio.effects == ["unavailable"]
    assert play.refused is play.tray.controls[1]
    lit = note_pixels(app, play, "choice:2")
    assert lit != quiet, "the reason is seen to react, not only heard"
    pilot.step(6)
    later = note_pixels(app, play, "choice:2")
    assert (later == lit) is reduce_motion, "a pulse that moves, or a steady light when motion is reduced"
    for _frame in range(120):
        pilot.step()
    assert note_pixels(app, play, "choice:2") == quiet, "and then it is as before"
    pilot.click_target("choice:2")
    assert play.refused_left > 0 and play.runtime.node_id == "walk_start"


# -- the save's picture ------------------------------------------------------------------------------
def test_the_autosave_picture_is_the_settled_node_not_the_crossfade(make_app, data_dir: Path):
    app, pilot = make_app()
    begin(pilot)  # night_street, then a choice to the rain: a crossfade and a typewriter begin
    pilot.finish_reveal()
    pilot.press(pygame.K_1)
    play = play_screen(app)
    assert play.revealing and play.scene.fade_left > 0  # mid-crossfade, the text not yet shown
    app.wait_for_saves()
    saved = pygame.image.load(str(data_dir / "saves" / "auto-walk.png"))
    as_it_is = app.thumbnail(play)  # what the old picture was: this moment, as on screen
    settled = app.thumbnail(play.settled())
    assert saved.get_size() == settled.get_size()

    def difference(a, b) -> int:
        return sum(abs(x - y) for x, y in zip(pygame.image.tobytes(a, "RGB"), pygame.image.tobytes(b, "RGB")))

    assert difference(saved, settled) < difference(saved, as_it_is) / 4, "drawn from the settled scene, text in full"
