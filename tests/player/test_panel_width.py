"""The text panel widens with the text size: one geometry for the play screen, the title menu and the fit check."""
from __future__ import annotations

from pathlib import Path

import pygame
import pytest

from game.core.i18n import interface
from game.player.messages import OpenScreen
from game.player.screens import play_fit
from game.player.screens.base import OVERLAY_MARGIN
from game.player.screens.fact_figure import PANEL_CLEARANCE, figure_area
from game.player.screens.play import FOCUS_ROOM, PlayScreen
from game.player.screens.play_layout import SCENE_STRIP, panel_for, tray_room
from game.player.persist.settings import FONT_SCALES
from game.player.display.theme import PROSE_SIZE
from game.player.ui.document import Button

STORY = Path(__file__).resolve().parents[2] / "story"
CANVAS = (1280.0, 720.0)


def inside(rect, outer, slack: float = 0.5) -> bool:
    x, y, width, height = rect
    left, top, outer_width, outer_height = outer
    return (left - slack <= x and y >= top - slack and x + width <= left + outer_width + slack
            and y + height <= top + outer_height + slack)


def overlap(one, other) -> bool:
    return (one[0] < other[0] + other[2] and other[0] < one[0] + one[2]
            and one[1] < other[1] + other[3] and other[1] < one[1] + one[3])


def on_the_play_screen(app, pilot) -> None:
    """Past the content note a first run shows (Begin is focused), the text in full."""
    pilot.wait_until(lambda: app.top is not None and app.top.kind in ("play", "content_note"))
    if app.top.kind == "content_note":
        pilot.press(pygame.K_RETURN)
    pilot.wait_until(lambda: isinstance(app.top, PlayScreen))
    pilot.step(2)


@pytest.fixture
def back_to_english():
    yield
    interface.use_language("en")


def test_the_column_keeps_its_measure_as_the_text_grows_and_the_scene_keeps_its_strip():
    at_100 = panel_for(1.0)
    assert at_100 == ((700.0, 0.0, 580.0, 720.0), 736.0, 508.0)  # as the README pictures show it
    assert panel_for(min(FONT_SCALES)) == at_100  # smaller text keeps the panel; it never narrows
    widths = [panel_for(scale).column_width for scale in sorted(FONT_SCALES)]
    assert widths == sorted(widths) and widths[-1] > 1.5 * at_100.column_width
    for scale in FONT_SCALES:
        geometry = panel_for(scale)
        x, y, width, height = geometry.panel
        assert x + width == CANVAS[0] and (y, height) == (0.0, CANVAS[1])  # it grows leftwards only
        assert geometry.column_left - x == x + width - (geometry.column_left + geometry.column_width)  # even margins
        assert geometry.scene_width >= SCENE_STRIP
        if geometry.scene_width > SCENE_STRIP:  # not yet at the strip: as many characters a line as at 100%
            assert geometry.column_width == pytest.approx(at_100.column_width * max(1.0, scale), abs=0.5)


@pytest.mark.parametrize("scale", [1.0, 1.5, max(FONT_SCALES)])
def test_the_play_screen_draws_and_hit_tests_where_the_geometry_says(make_app, back_to_english, scale):
    app, pilot = make_app(STORY, lang="ja", start_chapter="fumiko", start_node="fumiko_neighbour")
    app.change_settings(font_scale=scale, text_speed="instant", panel_opacity=1.0)
    on_the_play_screen(app, pilot)
    play = app.top
    geometry = panel_for(scale)
    assert play.geometry == geometry
    column = (geometry.column_left, 0.0, geometry.column_width, CANVAS[1])
    for part in play.layout:
        assert (part[0], part[2]) == (geometry.column_left, geometry.column_width), part
    for target in play.targets():
        assert inside(target.rect, geometry.panel), target.name
        if not target.name.endswith(("up", "down")):  # the scrollbars stand in the panel's right margin
            assert inside(target.rect, column), target.name
    # The solid panel is painted from its left edge (above its header), and the scene shows left of it.
    surface = app.display.surface
    panel_colour = surface.get_at((round(geometry.panel[0]) + 4, 6))[:3]
    assert all(surface.get_at((x, 6))[:3] == panel_colour for x in range(round(geometry.panel[0]) + 2, 1278, 37))
    assert surface.get_at((round(geometry.panel[0]) - 4, 6))[:3] != panel_colour
    # A fact card's figure stands clear of the panel at this size.
    area = figure_area(scale)
    assert area[0] + area[2] <= geometry.scene_width - PANEL_CLEARANCE


def test_the_fit_check_measures_the_column_and_the_room_the_play_screen_has(make_app, back_to_english):
    largest = max(FONT_SCALES)
    assert play_fit.LARGEST_SCALE == largest and play_fit.COLUMN_WIDTH == panel_for(largest).column_width
    app, pilot = make_app(STORY, lang="ja", start_chapter="room", start_node="room_mag_read")
    app.change_settings(font_scale=largest, text_speed="instant")
    on_the_play_screen(app, pilot)
    play = app.top
    # The room the check allows a choice is the play screen's own: under its header (one row), beside its
    # status line.
    typesetter = app.typesetter
    header_bottom = max(rect[1] + rect[3] for _control, rect in play.header)
    assert all(rect[1] == play.header[0][1][1] for _control, rect in play.header) and play.status
    screen_room = tray_room(header_bottom, typesetter.line_height("italic", play._status_size()),
                            typesetter.line_height("italic", play._hint_size()),
                            typesetter.line_height("prose", PROSE_SIZE * largest))
    assert play_fit.choice_room(typesetter, beside_status=True) == pytest.approx(screen_room)
    assert play.layout.tray[3] <= screen_room + 0.5
    # A choice set by the check is as tall as the same choice in the play screen's tray.
    for control in play.tray.controls:
        assert isinstance(control, Button)
        if control.folded:
            continue
        measured = Button("choice", control.label, lambda: None, enabled=control.enabled, reason=control.reason,
                          prefix=control.prefix, size=control.size)
        assert measured.measure(app.typesetter, play_fit.COLUMN_WIDTH, largest) == pytest.approx(control.height)


@pytest.mark.parametrize("chapter, node", [("fumiko", "fumiko_neighbour"), ("room", "room_mag_read"),
                                           ("fumiko", "fumiko_oda_friday"), ("night", "night_crossroads")])
def test_nothing_overlaps_at_the_largest_text_in_japanese(make_app, back_to_english, chapter, node):
    app, pilot = make_app(STORY, lang="ja", start_chapter=chapter, start_node=node)
    app.change_settings(font_scale=max(FONT_SCALES), text_speed="instant")
    on_the_play_screen(app, pilot)
    play = app.top
    assert any(not control.enabled for control in play.tray.controls), "a node with an unavailable choice"
    layout = play.layout
    parts = [layout.header, layout.text, layout.hint, layout.status, layout.tray]
    for upper, lower in zip(parts, parts[1:]):
        assert upper[1] + upper[3] <= lower[1] + 0.5, (upper, lower)
    header = [rect for _control, rect in play.header]
    for number, rect in enumerate(header):
        assert inside(rect, layout.header) and not any(overlap(rect, other) for other in header[number + 1:])
    # The focused choice is whole in view on arrival; so is every choice focused in turn, its reason unfolded
    # (the fit check saw to it that each one fits the tray beside the status line).
    for control in [play.focus] + play.tray.controls:
        if control is not play.focus:
            play.ring.focus = control
            play._unfold(control)
        tray = play.layout.tray
        target = next(target for target in play.targets() if target.name == control.name)
        assert inside(target.rect, tray) and target.rect[3] == pytest.approx(control.height), control.label
        assert not overlap(target.rect, play.layout.text) and not overlap(target.rect, play.layout.status)


@pytest.mark.parametrize("language", ["en", "ja"])
def test_the_title_menu_widens_with_the_panel_and_its_key_hint_keeps_to_the_scene(make_app, back_to_english, language):
    app, pilot = make_app(STORY, lang=language)
    for scale in (1.0, max(FONT_SCALES)):
        app.change_settings(font_scale=scale)
        pilot.step()
        title = app.top
        geometry = panel_for(scale)
        assert title.kind == "title" and title.panel == geometry.panel
        assert title.doc.area[0] == geometry.column_left + 4 and title.doc.area[2] == geometry.column_width - 8
        size = title.footer_size()
        assert size == 17 * min(scale, 1.3)  # a note: it grows with the text, but less
        lines = title._footer_lines()
        for line in lines:
            assert 40 + app.typesetter.width(line, "ui", size) <= geometry.scene_width - 16, line
        for key in ("H", "F11"):  # a key's name is never broken across lines
            assert any(key in line for line in lines), lines


@pytest.mark.parametrize("kind, args", [("settings", ()), ("pause", ()), ("history", ()), ("saveload", ("save",))])
def test_the_menus_over_the_game_widen_with_the_text_about_their_centre(make_app, back_to_english, kind, args):
    app, pilot = make_app(STORY, lang="ja", start_chapter="night", start_node="night_crossroads")
    app.change_settings(text_speed="instant")
    on_the_play_screen(app, pilot)
    for scale in (1.0, max(FONT_SCALES)):
        app.change_settings(font_scale=scale)
        app.post(OpenScreen(kind, args))
        pilot.step(2)
        screen = app.top
        assert screen.kind == kind
        base = type(screen).panel
        x, y, width, height = screen.full_panel()
        if scale == 1.0:
            assert (x, y, width, height) == base  # 100% text as it always was
        else:
            assert width == min(base[2] * scale, CANVAS[0] - 2 * OVERLAY_MARGIN) > base[2]
            assert OVERLAY_MARGIN <= x and x + width <= CANVAS[0] - OVERLAY_MARGIN
            centred = x + width / 2 == pytest.approx(base[0] + base[2] / 2, abs=0.5)
            assert centred or x in (OVERLAY_MARGIN, CANVAS[0] - OVERLAY_MARGIN - width)
        assert inside(screen.panel, (x, y, width, height)) and inside(screen.doc.area, screen.panel)
        for target in screen.targets():
            assert inside(target.rect, screen.panel), target.name
        pilot.press(pygame.K_ESCAPE)
        assert isinstance(app.top, PlayScreen)
