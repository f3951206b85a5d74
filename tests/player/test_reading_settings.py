"""Reading settings and menus at large text: font, line spacing, panel opacity, menu dimming, outlines, controls page."""
from __future__ import annotations

import json
from pathlib import Path

import pygame

from game.player.input.keymap import ACTIONS, FIXED
from game.player.display.text import FONTS_DIR
from game.player.display.theme import NORMAL
from game.player.ui.setting_rows import LabelledRow
from game.player.ui.document import intersect

BRIGHT_START = "scene: {name: day_street, station: true}"


def bright_story(story_copy: Path) -> Path:
    """The fixture story with its first node on the bright station platform, the hardest scene for a panel."""
    walk = story_copy / "walk" / "walk.yaml"
    walk.write_text(walk.read_text(encoding="utf-8").replace("scene: {name: night_street, hour: 1, dog: true}",
                                                             BRIGHT_START, 1), encoding="utf-8")
    return story_copy


def begin_walk(pilot) -> None:
    pilot.click_target("new")
    pilot.click_target("chapter:walk")
    pilot.click_target("begin")
    pilot.finish_reveal()
    pilot.step(60)  # the scene's crossfade has settled


def click_in_view(pilot, name: str) -> None:
    """Scroll the list with the wheel until the control is on screen, as a player would, then click it."""
    screen = pilot.app.top
    area = getattr(getattr(screen, "doc", None), "area", (0, 0, 1280, 720))
    for _ in range(80):
        target = next((target for target in pilot.targets() if target.name == name), None)
        if target is not None and _whole_in(target.rect, area):
            break
        pilot.wheel(-1)
    pilot.click_target(name)


def _whole_in(rect, area) -> bool:
    """Whether a control is clear of the list's edges (targets are cut at them): a player clicks what they can see."""
    x, y, width, height = rect
    left, top, area_width, area_height = area
    return top < y and y + height < top + area_height


def relative_luminance(colour) -> float:
    def linear(channel: int) -> float:
        value = channel / 255
        return value / 12.92 if value <= 0.04045 else ((value + 0.055) / 1.055) ** 2.4

    red, green, blue = (linear(channel) for channel in colour[:3])
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


def contrast(first, second) -> float:
    lighter, darker = sorted((relative_luminance(first), relative_luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def pixels(app, rect) -> list[tuple[int, int, int]]:
    surface = app.display.surface
    x, y, width, height = rect
    return [tuple(surface.get_at((px, py)))[:3] for px in range(x, x + width, 3) for py in range(y, y + height, 3)]


def spread(colours) -> int:
    return max(max(channel) - min(channel) for channel in zip(*colours))


def test_font_line_spacing_and_panel_are_chosen_in_settings_and_kept_across_a_relaunch(make_app, data_dir):
    app, pilot = make_app()
    pilot.click_target("settings")
    pilot.click_target("font:plus")
    pilot.click_target("font:plus")  # book -> sans -> OpenDyslexic
    pilot.click_target("font:plus")  # stops at the last face
    pilot.click_target("line_spacing:plus")
    pilot.click_target("panel_opacity:minus")
    pilot.click_target("panel_opacity:minus")
    saved = json.loads((data_dir / "settings.json").read_text(encoding="utf-8"))
    assert (saved["font"], saved["line_spacing"], saved["panel_opacity"]) == ("dyslexia", 1.25, 0.85)
    pilot.press(pygame.K_ESCAPE)
    click_in_view(pilot, "quit")

    again, pilot = make_app()
    assert (again.settings.font, again.settings.line_spacing, again.settings.panel_opacity) == ("dyslexia", 1.25, 0.85)
    begin_walk(pilot)
    prose = again.top.doc.blocks[0]
    line = prose.lines[0]
    # The prose is measured (and so wrapped and drawn) in OpenDyslexic, at 1.25 times its own leading.
    dyslexic = pygame.font.Font(FONTS_DIR / "OpenDyslexic-Regular.otf", round(prose.logical_size * 0.87))
    assert again.typesetter.width(line, "prose", prose.logical_size) == dyslexic.size(line)[0]
    serif = pygame.font.Font(FONTS_DIR / "NotoSerif-Regular.ttf", round(prose.logical_size))
    assert serif.size(line)[0] != dyslexic.size(line)[0]
    assert prose.line_height == round(dyslexic.get_linesize() * 1.25)
    # Japanese keeps its BIZ UD faces whatever the choice.
    mincho = pygame.font.Font(FONTS_DIR / "BIZUDMincho-Regular.ttf", 21)
    assert again.typesetter.width("静かな部屋", "prose", 21) == mincho.size("静かな部屋")[0]


def test_the_plain_sans_sets_the_prose_upright_in_noto_sans(make_app):
    app, pilot = make_app()
    app.change_settings(font="sans")
    begin_walk(pilot)
    prose = app.top.doc.blocks[0]
    sans = pygame.font.Font(FONTS_DIR / "NotoSans-Regular.ttf", round(prose.logical_size))
    assert app.typesetter.width(prose.lines[0], "prose", prose.logical_size) == sans.size(prose.lines[0])[0]


def test_a_solid_panel_shows_only_the_panel_colour_over_a_bright_scene(make_app, story_copy):
    app, pilot = make_app(bright_story(story_copy))
    begin_walk(pilot)
    # The panel's margin left of the text column (the choices sit at its foot): only the panel and what is behind it.
    foot = (704, 60, 24, 640)
    assert app.settings.panel_opacity == 1.0
    assert set(pixels(app, foot)) == {NORMAL.panel}
    app.change_settings(panel_opacity=0.85)
    pilot.step(2)
    see_through = pixels(app, foot)
    assert max(relative_luminance(colour) for colour in see_through) > relative_luminance(NORMAL.panel) * 2
    scene = pixels(app, (20, 600, 600, 100))
    assert max(relative_luminance(colour) for colour in scene) > 0.3  # the scene really is bright there


def test_a_menu_hides_the_screen_behind_it(make_app, story_copy):
    app, pilot = make_app(bright_story(story_copy))
    begin_walk(pilot)
    behind = (0, 0, 380, 720)  # left of the pause menu's panel: the scene and nothing else under it
    assert spread(pixels(app, behind)) > 100
    pilot.press(pygame.K_ESCAPE)
    assert app.top.kind == "pause"
    assert spread(pixels(app, behind)) <= 2
    pilot.click_target("settings")
    assert spread(pixels(app, (0, 0, 220, 720))) <= 2


def test_button_outlines_stand_out_three_to_one_from_what_is_behind_them(make_app, story_copy):
    app, pilot = make_app(bright_story(story_copy))
    app.change_settings(panel_opacity=0.85)  # the most see-through panel, over the bright platform
    begin_walk(pilot)
    focused = app.top.focus.name if app.top.focus else None
    buttons = [target for target in pilot.targets() if target.name.startswith("choice:") and target.name != focused]
    assert buttons
    surface = app.display.surface
    for button in buttons:
        x, y, width, height = (round(value) for value in button.rect)
        edge = tuple(surface.get_at((x, y + height // 2)))[:3]
        outside = tuple(surface.get_at((x - 2, y + height // 2)))[:3]
        assert edge == NORMAL.outline
        assert contrast(edge, outside) >= 3.0, (button.name, edge, outside)
    # The menus' rows and buttons too, on the menu's panel.
    pilot.press(pygame.K_ESCAPE)
    target = pilot.target("save")
    x, y, _width, height = (round(value) for value in target.rect)
    assert contrast(tuple(surface.get_at((x, y + height // 2)))[:3], tuple(surface.get_at((x - 2, y + height // 2)))[:3]) >= 3.0


def _rows_clear_of_their_values(app) -> int:
    """Every settings row: its label (as drawn at the window's real size) ends left of its value's controls."""
    screen = app.top
    scale = app.display.viewport.scale
    rows = [control for control in screen.doc.controls if isinstance(control, LabelledRow)]
    left = screen.doc.area[0]
    for row in rows:
        top = screen.doc.block_top(row)
        label = row.label_rect(left, top)
        value = row.control_rect(left, top, screen.doc.area[2])
        assert intersect(label, value) is None, (row.name, label, value)
        for line in row.label_lines:
            drawn = app.typesetter.render(line, "ui", round(row.label_size * scale), (255, 255, 255)).get_width() / scale
            assert label[0] + drawn <= value[0], (row.name, line)
        for target in row.targets(left, top, screen.doc.area[2])[:-1]:  # the "–" and "+" of a stepper
            assert intersect(label, target.rect) is None, (row.name, target.name)
    return len(rows)


def test_settings_labels_never_run_into_their_values_at_200_percent_or_in_a_small_window(make_app):
    app, pilot = make_app()
    pilot.click_target("settings")
    for scale in (1.0, 1.5, 2.0):
        app.change_settings(font_scale=scale)
        pilot.step()
        assert _rows_clear_of_their_values(app) >= 11
    app.change_settings(font="dyslexia")
    pilot.step()
    assert _rows_clear_of_their_values(app) >= 11
    pilot.resize(900, 506)
    app.change_settings(font="book")
    pilot.step()
    assert _rows_clear_of_their_values(app) >= 11


def test_the_header_grows_with_the_text_and_stays_clear_of_the_column(make_app):
    app, pilot = make_app()
    pilot.click_target("settings")
    small = app.top.heading
    app.change_settings(font_scale=2.0)
    pilot.step()
    large = app.top.heading
    assert large.title_size == 2 * small.title_size and large.bottom > small.bottom
    x, y = app.top.panel[:2]
    column_top = app.top.doc.area[1]
    help_rect = app.top.corner[0][1]
    assert help_rect[1] + help_rect[3] <= column_top
    assert y + large.hint_rect[1] + large.hint_rect[3] <= column_top - 26  # the "– more above –" hint fits between
    title_width = app.typesetter.width("Settings", "prose", large.title_size)
    assert x + 44 + title_width < help_rect[0]


def _focus_in_view(app) -> bool:
    """The focused item is wholly on screen: in the column and scrolled into view, or a button outside it."""
    screen = app.top
    if screen.focus in [control for control, _rect in screen.chrome()]:
        return True
    return screen.focus in screen.doc.controls and screen.doc.shows_whole(screen.focus)


def test_scroll_keys_move_the_focus_so_enter_never_uses_a_hidden_item(make_app):
    app, pilot = make_app()
    app.change_settings(font_scale=2.0)
    pilot.click_target("settings")
    controls = app.top.doc.controls
    assert app.top.doc.max_scroll > 0  # the list scrolls at this size
    for _ in range(len(controls)):
        pilot.press(pygame.K_DOWN)
        assert _focus_in_view(app), app.top.focus.name
    pilot.press(pygame.K_HOME)
    assert app.top.focus is controls[0] and _focus_in_view(app)
    pilot.press(pygame.K_PAGEDOWN)
    assert _focus_in_view(app) and app.top.doc.scroll > 0
    pilot.press(pygame.K_PAGEUP)
    assert _focus_in_view(app)
    pilot.wheel(-3)
    assert _focus_in_view(app)
    # A mouse without a wheel: the "– more below –" and "– more above –" hints scroll the list when clicked.
    before = app.top.doc.scroll
    pilot.click_target("scroll:down")
    assert app.top.doc.scroll > before and _focus_in_view(app)
    pilot.click_target("scroll:up")
    assert app.top.doc.scroll < app.top.doc.max_scroll and _focus_in_view(app)
    pilot.press(pygame.K_END)
    assert app.top.focus.name == "back" and _focus_in_view(app)
    pilot.press(pygame.K_RETURN)
    assert app.top.kind == "title"
    # The chapter list: End, then Enter, goes back; it never starts the chapter scrolled out at the top.
    pilot.click_target("new")
    pilot.press(pygame.K_END)
    assert app.top.focus.name == "back" and _focus_in_view(app)
    pilot.press(pygame.K_RETURN)
    assert app.top.kind == "title" and app.session is None


def test_the_title_menu_fits_at_the_default_size_and_its_hint_is_never_cut(make_app):
    app, pilot = make_app()
    title = app.top
    assert title.doc.max_scroll == 0 and title.doc.area[1] + title.doc.area[3] <= 720 - 12
    for scale in (1.5, 2.0):
        app.change_settings(font_scale=scale)
        pilot.step()
        x, y, width, height = title.doc.area
        assert title.doc.max_scroll > 0
        # "– more below –" is drawn 4 px under the column, in the small italic: wholly inside the window.
        assert y + height + 4 + app.typesetter.line_height("italic", 17) <= 720
        # The key hint at the scene's foot stays left of the menu's panel (which widens with the text),
        # whatever its size, in as many lines as it needs, all of it in the window.
        lines = title._footer_lines()
        assert " ".join(" ".join(lines).split()) == " ".join(title.footer_text().split())
        for line in lines:
            assert 40 + app.typesetter.width(line, "ui", title.footer_size()) < title.panel[0]
        line_height = app.typesetter.line_height("ui", title.footer_size())
        assert title._footer_top() >= title.doc.area[1] and \
            title._footer_top() + (len(lines) - 1) * line_height + title.footer_size() * 1.5 <= 720


def _controls_page_lists_the_key_table(app) -> None:
    screen = app.top
    assert screen.kind == "keys" and screen.title == "Controls"
    names = {control.name for control in screen.doc.controls}
    assert {f"key:{action}" for action in ACTIONS if action not in FIXED} <= names and "reset" in names
    undo = next(control for control in screen.doc.controls if control.name == "key:undo")
    assert undo.detail.startswith(", ".join(("Backspace", "Ctrl+Z")))
    assert any("Esc" in getattr(block, "text", "") for block in screen.doc.blocks)  # the fixed key is listed too


def test_the_controls_page_opens_from_every_menu(make_app):
    app, pilot = make_app()
    for opener in (["controls"], ["settings", "controls"], ["help", "controls"]):
        for name in opener:
            click_in_view(pilot, name)
        _controls_page_lists_the_key_table(app)
        while app.top.kind != "title":
            pilot.press(pygame.K_ESCAPE)
    begin_walk(pilot)
    for opener in (["controls"], ["settings", "controls"], ["help", "controls"]):
        pilot.click_target("menu")
        for name in opener:
            click_in_view(pilot, name)
        _controls_page_lists_the_key_table(app)
        while app.top.kind != "play":
            pilot.press(pygame.K_ESCAPE)


def test_reset_all_keys_puts_every_key_back_and_is_kept(make_app, data_dir):
    app, pilot = make_app()
    pilot.click_target("controls")
    click_in_view(pilot, "key:undo")
    pilot.press(pygame.K_u)
    assert app.keymap.keys_for("undo") == ["u"]
    click_in_view(pilot, "reset")
    assert app.keymap.keys_for("undo") == ["backspace", "ctrl+z"]
    assert json.loads((data_dir / "settings.json").read_text(encoding="utf-8"))["keys"] == {}
    again, _pilot = make_app()
    assert again.keymap.keys_for("undo") == ["backspace", "ctrl+z"]


def test_a_hand_edited_settings_file_falls_back_to_allowed_reading_values(data_dir):
    from game.player.persist.settings import SettingsStore

    (data_dir / "settings.json").write_text(json.dumps({
        "kind": "curtain-light-settings", "font": "comic", "line_spacing": 9, "panel_opacity": "clear",
        "font_scale": 1.9}), encoding="utf-8")
    settings = SettingsStore(data_dir).load()
    assert (settings.font, settings.line_spacing, settings.panel_opacity, settings.font_scale) == ("book", 1.5, 1.0, 2.0)


def test_the_history_hint_sits_between_the_column_and_its_buttons_at_200_percent(make_app):
    app, pilot = make_app()
    app.change_settings(font_scale=2.0)
    begin_walk(pilot)
    pilot.press(pygame.K_1)  # a choice, so there is history to read and a choice to undo
    pilot.finish_reveal()
    # The history widens with the text too: read on until it is more than its panel holds at this size.
    for _step in range(4):
        if app.top.runtime.ending is not None:
            break
        pilot.press(pygame.K_RETURN)
        pilot.finish_reveal()
    pilot.click_target("history")
    screen = app.top
    pilot.press(pygame.K_HOME)  # it opens at the newest; from the top, "– more below –" shows
    assert screen.kind == "history" and screen.doc.text_below()
    x, y, width, height = screen.doc.area
    hint_bottom = y + height + 4 + app.typesetter.line_height("italic", 17)
    footer = [rect for _control, rect in screen.fixed]
    assert hint_bottom <= min(rect[1] for rect in footer)
    # The buttons hold their text at this size, inside the panel.
    for control, rect in screen.fixed:
        assert control.height <= rect[3] and rect[1] + rect[3] <= screen.panel[1] + screen.panel[3]
    hint = pilot.target("scroll:down")
    assert all(intersect(hint.rect, rect) is None for rect in footer)
