"""Settings that persist, high contrast measured in pixels, full screen, and letterboxing on resize."""
from __future__ import annotations

import json

import pygame

from game.player.display.window import Viewport


def begin_walk(pilot) -> None:
    pilot.click_target("new")
    pilot.click_target("chapter:walk")
    pilot.click_target("begin")
    pilot.finish_reveal()


def test_settings_persist_across_relaunch(make_app, data_dir):
    app, pilot = make_app()
    pilot.click_target("settings")
    assert app.top.kind == "settings"
    pilot.click_target("text_speed:plus")  # normal -> fast, by mouse
    pilot.click_target("font_scale:plus")
    for name in ("master_volume:minus", "high_contrast", "reduce_motion"):
        while name not in {target.name for target in pilot.targets()}:
            pilot.wheel(-1)  # the list is longer than the window: scroll to it, as a player would
        pilot.click_target(name)
    assert app.settings.text_speed == "fast"
    # and by keyboard: focus the effects volume with arrows, then Left
    while app.top.focus.name != "effects_volume":
        pilot.press(pygame.K_DOWN)
    pilot.press(pygame.K_LEFT)
    pilot.press(pygame.K_LEFT)
    saved = json.loads((data_dir / "settings.json").read_text())
    assert saved["kind"] == "curtain-light-settings"
    assert saved["effects_volume"] == 0.5
    assert app.audio.volumes == (0.7, 0.7, 0.5)
    pilot.press(pygame.K_ESCAPE)
    pilot.press(pygame.K_END)  # at 115% the title's list scrolls too; End brings Quit into view and focus
    assert app.top.focus.name == "quit"
    pilot.click_target("quit")

    again, _pilot = make_app()
    settings = again.settings
    assert (settings.text_speed, settings.font_scale, settings.master_volume) == ("fast", 1.15, 0.7)
    assert settings.high_contrast and settings.reduce_motion and settings.effects_volume == 0.5


def test_instant_text_speed_shows_everything_at_once(make_app):
    app, pilot = make_app()
    app.change_settings(text_speed="instant")
    pilot.click_target("new")
    pilot.click_target("chapter:walk")
    pilot.click_target("begin")
    assert not app.top.revealing


def _panel_contrast(app) -> float:
    """Luminance difference between the text panel's background and its brightest text pixels."""
    surface = app.display.surface

    def luminance(colour) -> float:
        return 0.2126 * colour[0] + 0.7152 * colour[1] + 0.0722 * colour[2]

    background = luminance(surface.get_at((1262, 700)))
    brightest = max(luminance(surface.get_at((x, y))) for x in range(736, 1240, 2) for y in range(80, 130, 2))
    return brightest - background


def test_high_contrast_raises_text_contrast(make_app):
    app, pilot = make_app()
    begin_walk(pilot)
    pilot.step(2)
    normal = _panel_contrast(app)
    app.change_settings(high_contrast=True)
    pilot.step(2)
    high = _panel_contrast(app)
    assert high > normal
    assert high >= 250


def test_f11_toggles_full_screen(make_app):
    app, pilot = make_app()
    pilot.press(pygame.K_F11)
    assert app.display.fullscreen and app.settings.fullscreen
    pilot.step(2)
    pilot.press(pygame.K_F11)
    assert not app.display.fullscreen and not app.settings.fullscreen
    assert app.display.surface.get_size() == (1280, 720)


def test_no_full_screen_on_the_display_stays_windowed_and_says_why(make_app, monkeypatch, caplog):
    app, pilot = make_app()
    real_set_mode = pygame.display.set_mode

    def no_full_screen(size, flags=0, *args, **kwargs):
        if flags & pygame.FULLSCREEN:
            raise pygame.error("no modes")
        return real_set_mode(size, flags, *args, **kwargs)

    monkeypatch.setattr(pygame.display, "set_mode", no_full_screen)
    with caplog.at_level("INFO", logger="game.player"):
        pilot.press(pygame.K_F11)
    assert not app.display.fullscreen
    assert app.display.surface.get_size() == (1280, 720)
    assert any("full screen is not available here (no modes)" in record.getMessage() for record in caplog.records)


def test_resize_keeps_letterboxing_and_clicks_map_through(make_app):
    app, pilot = make_app()
    begin_walk(pilot)
    pilot.resize(1000, 1000)
    view = app.display.viewport
    assert app.display.surface.get_size() == (1000, 1000)
    assert abs(view.scale - 1000 / 1280) < 1e-9
    assert view.size == (1000, 562) and view.left == 0 and view.top == (1000 - 562) // 2
    back = view.to_logical(view.to_physical((700, 300)))
    assert abs(back[0] - 700) < 1 and abs(back[1] - 300) < 1
    pilot.step(2)
    surface = app.display.surface
    assert surface.get_at((500, 10))[:3] == (0, 0, 0)  # the bar above
    assert surface.get_at((500, 990))[:3] == (0, 0, 0)  # the bar below
    choice = pilot.target("choice:3")
    physical = view.to_physical(choice.center)
    assert view.top < physical[1] < view.top + view.size[1]
    pilot.click(*choice.center)
    assert app.top.runtime.node_id == "walk_stay"


def test_viewport_maths():
    wide = Viewport(2560, 1080)
    assert wide.scale == 1.5 and wide.left == (2560 - 1920) // 2 and wide.top == 0
    assert wide.to_logical(wide.to_physical((640, 360))) == (640, 360)
    assert not wide.contains_physical((10, 10))


def test_text_is_rendered_at_the_window_scale(make_app):
    """Glyphs come from fonts sized for the real pixels, not from a scaled-up 1280×720 bitmap."""
    app, pilot = make_app(window_size=(1920, 1080))
    begin_walk(pilot)
    canvas = app.display.canvas(app.typesetter, app.theme)
    assert canvas.scale == 1.5
    assert canvas.pixel_size(20) == 30
