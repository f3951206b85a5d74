"""A Japanese line's glyphs sit in the middle of its 1.75 em box (half the leading above, half below), and the strike
through an unavailable choice runs through their middle; English lines are drawn exactly where they always were."""
from __future__ import annotations

import pygame
import pytest

from game.player.display.text import Typesetter
from game.player.display.theme import CHOICE_SIZE, NORMAL
from game.player.display.window import Canvas
from game.player.ui.document import Button, DrawState

WHITE = (255, 255, 255)


@pytest.fixture
def typesetter() -> Typesetter:
    pygame.display.init()
    pygame.font.init()
    return Typesetter()


def ink_rows(surface: pygame.Surface, colour: tuple[int, int, int], area: pygame.Rect) -> list[int]:
    """The rows of `area` holding any pixel close to `colour`."""
    rows = []
    for y in range(area.top, area.bottom):
        if any(sum(abs(a - b) for a, b in zip(surface.get_at((x, y))[:3], colour)) < 120
               for x in range(area.left, area.right)):
            rows.append(y)
    return rows


def test_a_japanese_line_has_its_glyphs_in_the_middle_of_its_box(typesetter):
    typesetter.set_language("ja")
    size = 40
    box = typesetter.line_height("ui", size)
    half = typesetter.half_leading("ui", size)
    assert box >= 1.7 * size and half > 0.3 * size  # the leading is Japanese (1.75 em), shared above and below
    surface = pygame.Surface((200, box))
    Canvas(surface, 1.0, typesetter, NORMAL).text("日本", "ui", size, WHITE, 0, 0)
    rows = ink_rows(surface, WHITE, surface.get_rect())
    above, below = rows[0], box - 1 - rows[-1]
    assert abs(above - below) <= 0.1 * size, (above, below)


def test_english_has_no_half_leading(typesetter):
    typesetter.set_language("en")
    assert typesetter.half_leading("prose", 40) == 0.0


def test_the_strike_runs_through_the_middle_of_a_japanese_label(typesetter):
    typesetter.set_language("ja")
    button = Button("choice", "書き手を募集する", lambda: None, enabled=False, reason="今夜は読むだけ。",
                    size=CHOICE_SIZE)
    button.measure(typesetter, 600, 1.0)
    surface = pygame.Surface((640, int(button.height) + 4))
    canvas = Canvas(surface, 1.0, typesetter, NORMAL)
    button.draw(canvas, 0, 0, 600, DrawState(theme=NORMAL))
    left = int(button._text_left + button._prefix_width)
    label_row = pygame.Rect(left, 3, 200, int(button._line_height) + int(button.padding[1]) - 3)  # below the box's edge
    # The strike is a solid line: the one row where the disabled colour runs unbroken across the label.
    solid = [y for y in range(label_row.top, label_row.bottom)
             if all(sum(abs(a - b) for a, b in zip(surface.get_at((x, y))[:3], NORMAL.disabled)) < 40
                    for x in range(left + 2, left + 150))]
    glyphs = ink_rows(surface, NORMAL.disabled, label_row)
    assert solid, "the label is struck through"
    middle = (glyphs[0] + glyphs[-1]) / 2
    assert abs(solid[0] - middle) <= 0.05 * CHOICE_SIZE, (solid, glyphs[0], glyphs[-1])
