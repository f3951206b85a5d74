"""Fact cards set their figure in the scene, and endings hold their closing image: in the real app, with real key events."""
from __future__ import annotations

from pathlib import Path

import pygame
import pytest

from game.core.i18n import interface
from game.player.screens.ending_beat import FADE_SECONDS, HOLD_SECONDS
from game.player.screens.fact_figure import PANEL_CLEARANCE
from game.player.screens.play_layout import panel_for
from game.player.persist.settings import FONT_SCALES

STORY = Path(__file__).resolve().parents[2] / "story"


def text_area(scale: float) -> tuple[float, float, float, float]:
    """The panel under its header at this text size: text and choices."""
    geometry = panel_for(scale)
    return (geometry.column_left, 74.0, geometry.column_width, 606.0)


def luminance(colour) -> float:
    red, green, blue = colour[:3]
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


def bright_pixels(surface: pygame.Surface, rect: tuple[float, float, float, float], above: float = 150) -> int:
    left, top, width, height = (round(value) for value in rect)
    return sum(1 for x in range(left, left + width, 2) for y in range(top, top + height, 2)
               if luminance(surface.get_at((x, y))) > above)


def settled_fact(app, pilot):
    """The play screen's figure once its fade has run out (stepping time, pressing nothing but the content note's Begin)."""
    past_the_note(app, pilot)
    pilot.wait_until(lambda: app.top.fact is not None and not app.top.fact.fading)
    pilot.step(2)
    return app.top.fact


def past_the_note(app, pilot) -> None:
    """On a first run the content note comes first; Begin is focused."""
    pilot.wait_until(lambda: app.top is not None and app.top.kind in ("play", "content_note"))
    if app.top.kind == "content_note":
        pilot.press(pygame.K_RETURN)
    pilot.wait_until(lambda: app.top.kind == "play")


def figure_box(app, fact) -> tuple[float, float, float, float]:
    text, role, size, y = fact.lines[0]
    return (fact.area[0], y, app.typesetter.width(text, role, size), app.typesetter.line_height(role, size))


@pytest.fixture
def back_to_english():
    yield
    interface.use_language("en")


@pytest.mark.parametrize("language, node, figure", [("en", "night_start", "541,000"), ("ja", "night_start", "54万1000人")])
def test_a_fact_card_sets_its_figure_large_in_the_scene(make_app, back_to_english, language, node, figure):
    app, pilot = make_app(STORY, lang=language, start_chapter="night", start_node=node)
    fact = settled_fact(app, pilot)
    assert fact.fact.figure == figure and fact.lines[0][0] == figure
    left, top, width, height = figure_box(app, fact)
    assert left + width <= panel_for(1.0).scene_width - PANEL_CLEARANCE  # in the scene, clear of the text panel
    assert fact.figure_size >= 60  # set large: more than twice the prose
    surface = app.display.surface
    assert bright_pixels(surface, (left, top, width, height)) > 200  # really drawn, in the heading colour
    assert bright_pixels(surface, (fact.area[0], fact.bottom + 20, fact.area[2], 720 - fact.bottom - 30)) == 0
    source = fact.lines[-1]
    assert source[1] == "ui" and source[2] < fact.figure_size / 3  # the source set small, last


@pytest.mark.parametrize("scale", FONT_SCALES)
def test_the_figure_fits_the_scene_at_every_text_size(make_app, back_to_english, scale):
    app, pilot = make_app(STORY, lang="ja", start_chapter="8050", start_node="f8050_fact_two")
    app.change_settings(font_scale=scale)
    fact = settled_fact(app, pilot)
    assert fact.fact.label.startswith("四十歳から")
    assert fact.bottom <= 720 - 24 and fact.lines[0][3] >= 48
    left, _top, width, _height = fact.area
    assert left + width <= panel_for(scale).scene_width - PANEL_CLEARANCE  # clear of the panel as it widens
    for text, role, size, _y in fact.lines:
        assert app.typesetter.width(text, role, size) <= width + 1, text
    assert bright_pixels(app.display.surface, figure_box(app, fact)) > 100  # drawn in the strip the scene keeps


def test_reduce_motion_shows_the_figure_at_once(make_app):
    app, pilot = make_app(STORY)
    app.change_settings(reduce_motion=True)
    pilot.click_target("new")
    pilot.click_target("chapter:room")
    past_the_note(app, pilot)
    assert app.top.runtime.node_id == "room_start"
    assert app.top.fact is not None and not app.top.fact.fading  # no fade: there on the first frame


def begin_walk_to_ending(make_app, scale: float = 1.0, **options):
    app, pilot = make_app(**options)
    app.change_settings(font_scale=scale)
    pilot.click_target("new")
    pilot.click_target("chapter:walk")
    pilot.click_target("begin")
    pilot.finish_reveal()
    pilot.press(pygame.K_3)  # "Stay in" ends the walk at once
    assert app.top.runtime.ending is not None
    return app, pilot


@pytest.mark.parametrize("scale", [1.0, max(FONT_SCALES)])
def test_an_ending_holds_its_image_and_a_key_during_the_beat_stays(make_app, scale):
    app, pilot = begin_walk_to_ending(make_app, scale)  # the panel widens at large text: the veil covers it as wide
    screen = app.top
    text_area_now = text_area(scale)
    pilot.step(round(HOLD_SECONDS * 60 * 0.6))
    assert screen.beat.holding and not screen.revealed
    assert bright_pixels(app.display.surface, text_area_now) == 0  # the image alone: no word in the panel yet
    pilot.press(pygame.K_RETURN)  # would be "Back to the chapters" once it shows
    assert app.top is screen and screen.runtime.ending is not None
    assert not screen.beat.active and not screen.revealing  # the key showed the ending whole, and did no more
    assert bright_pixels(app.display.surface, text_area_now) > 200
    pilot.press(pygame.K_RETURN)  # a second, deliberate press goes on
    assert app.top.kind == "chapters"


def test_an_ending_left_alone_comes_up_after_its_beat(make_app):
    app, pilot = begin_walk_to_ending(make_app)
    screen = app.top
    pilot.step(round((HOLD_SECONDS + FADE_SECONDS) * 60) + 2)
    assert not screen.beat.active and screen.revealed > 0
    pilot.finish_reveal()
    assert app.top is screen and screen.focus is not None and screen.focus.name == "chapters"


def test_under_reduce_motion_an_ending_has_no_beat(make_app):
    app, pilot = make_app()
    app.change_settings(reduce_motion=True)
    pilot.click_target("new")
    pilot.click_target("chapter:walk")
    pilot.click_target("begin")
    pilot.finish_reveal()
    pilot.press(pygame.K_3)
    assert not app.top.beat.active and not app.top.beat.holding


def test_every_ending_closes_on_an_image_of_its_own():
    """Each ending declares its scene, and it differs from the scene of every node that leads to it."""
    from game.content import CATALOGUE
    from game.core.loader import load_story

    story = load_story(STORY, CATALOGUE).story

    def picture(node):
        scene = node.scene
        return None if scene is None else (scene.name, {key: getattr(value, "source", value) for key, value in scene.params.items()})

    endings = [node for node in story.nodes.values() if node.ending]
    assert len(endings) >= 16
    same = []
    for ending in endings:
        assert ending.scene is not None, ending.id
        for before in story.nodes.values():
            if ending.id in before.targets() and picture(before) == picture(ending):
                same.append(f"{ending.id} shows the same picture as {before.id}")
    assert not same, "\n".join(same)


def test_every_fact_card_names_its_figure_and_source():
    from game.content import CATALOGUE
    from game.core.loader import load_story

    story = load_story(STORY, CATALOGUE).story
    cards = [node for node in story.nodes.values() if node.scene is not None and node.scene.name == "fact_card"]
    assert len(cards) >= 7
    for node in cards:
        assert node.fact is not None and node.fact.figure and node.fact.label, node.id
        assert "The Japan Times" in node.fact.source, node.id
