"""The scroll hints ("– more above –", "– more below –") appear only when a line of text is really out of view."""
from __future__ import annotations

import pygame
import pytest

from game.player.display.window import Canvas
from game.player.display.text import Typesetter
from game.player.display.theme import NORMAL
from game.player.ui.document import Button, Document, DrawState, Gap, TextBlock

ABOVE = "– more above –"
BELOW = "– more below: scroll, or PageDown –"


class RecordingCanvas(Canvas):
    """A real canvas that also remembers every line of text drawn on it."""

    def __init__(self, surface: pygame.Surface, typesetter: Typesetter) -> None:
        super().__init__(surface, 1.0, typesetter, NORMAL)
        self.drawn: list[str] = []

    def text(self, text: str, *args, **kwargs) -> float:  # type: ignore[override]
        self.drawn.append(text)
        return super().text(text, *args, **kwargs)


@pytest.fixture
def typesetter() -> Typesetter:
    pygame.display.init()
    pygame.font.init()
    return Typesetter()


def hints(doc: Document, typesetter: Typesetter, *, revealing: bool = False) -> set[str]:
    canvas = RecordingCanvas(pygame.Surface((1280, 720)), typesetter)
    doc.draw(canvas, DrawState(theme=NORMAL), revealing=revealing)
    return {text for text in canvas.drawn if text in (ABOVE, BELOW)}


def three_paragraphs(typesetter: Typesetter, area_height: float | None = None) -> Document:
    blocks = [TextBlock(f"Paragraph {number}, one line.", gap_after=14) for number in range(3)]
    blocks.append(Button("continue", "Continue", lambda: None, gap_after=12))
    doc = Document(blocks, (100, 100, 500, 1000))
    doc.layout(typesetter, 1.0)
    doc.area = (100, 100, 500, area_height if area_height is not None else doc.content_height)
    doc.invalidate()
    doc.layout(typesetter, 1.0)
    return doc


def test_no_hint_when_everything_fits(typesetter):
    doc = three_paragraphs(typesetter)
    assert doc.max_scroll == 0
    assert hints(doc, typesetter) == set()


def test_a_margin_scrolled_away_is_not_more_above(typesetter):
    """Only the blank room above the first line, and the gap under the button, are out of view."""
    doc = three_paragraphs(typesetter)
    doc = three_paragraphs(typesetter, doc.content_height - 4)
    doc.scroll_by(1000)
    assert doc.scroll == 4
    assert hints(doc, typesetter) == set()
    doc.scroll_by(-1000)
    assert hints(doc, typesetter) == set()  # what is below is the button's trailing gap, not text


def test_a_line_scrolled_away_is_more_above_and_a_hidden_line_more_below(typesetter):
    doc = three_paragraphs(typesetter)
    line = doc.blocks[0].line_height
    doc = three_paragraphs(typesetter, doc.content_height - 2 * line)
    assert hints(doc, typesetter) == {BELOW}
    doc.scroll_by(line * 0.5)  # half of the first line is cut: it counts as hidden
    assert hints(doc, typesetter) == {ABOVE, BELOW}
    doc.scroll_by(1000)
    assert hints(doc, typesetter) == {ABOVE}


def test_below_is_not_shown_while_the_text_is_still_appearing(typesetter):
    doc = three_paragraphs(typesetter)
    line = doc.blocks[0].line_height
    doc = three_paragraphs(typesetter, doc.content_height - 2 * line)
    assert hints(doc, typesetter, revealing=True) == set()


def test_a_gap_alone_above_is_not_text(typesetter):
    doc = Document([Gap(40), TextBlock("One line.")], (100, 100, 500, 10))
    doc.layout(typesetter, 1.0)
    doc.scroll_by(35)
    assert not doc.text_above()
    doc.scroll_by(15)  # now the line's top half is out of view
    assert doc.text_above()


def test_a_line_cut_through_at_the_top_is_left_out_whole(typesetter):
    """No half-letters: the band where a cut line would be stays empty, and the next line is drawn in full."""
    doc = three_paragraphs(typesetter)
    line = doc.blocks[0].line_height
    doc = three_paragraphs(typesetter, doc.content_height - 2 * line)
    doc.scroll = line * 0.5
    assert doc.cut_at_top() == pytest.approx(line * 0.5)
    surface = pygame.Surface((1280, 720))
    surface.fill((0, 0, 0))
    doc.draw(RecordingCanvas(surface, typesetter), DrawState(theme=NORMAL))
    x, y, width, _height = doc.area
    band = surface.subsurface((int(x), int(y), int(width), int(line * 0.5)))
    assert pygame.transform.average_color(band)[:3] == (0, 0, 0)
    second = doc.blocks[1]
    below = surface.subsurface((int(x), int(y + second.y - doc.scroll), int(width), int(line)))
    assert max(pygame.transform.average_color(below)[:3]) > 0  # the first whole line is there
    doc.scroll = 3  # only blank room above the letters is scrolled away: nothing is left out
    assert doc.cut_at_top() == 0


def test_a_line_cut_through_at_the_bottom_is_left_out_whole(typesetter):
    doc = three_paragraphs(typesetter)
    line = doc.blocks[0].line_height
    first_two = doc.blocks[1].y + line  # the area ends half-way down the third paragraph
    doc = three_paragraphs(typesetter, first_two + doc.blocks[1].gap_after + line * 0.5)
    assert doc.cut_at_bottom() == pytest.approx(line * 0.5)
    surface = pygame.Surface((1280, 720))
    surface.fill((0, 0, 0))
    doc.draw(RecordingCanvas(surface, typesetter), DrawState(theme=NORMAL))
    x, y, width, height = doc.area
    band = surface.subsurface((int(x), int(y + height - line * 0.5), int(width), int(line * 0.5)))
    assert pygame.transform.average_color(band)[:3] == (0, 0, 0)
    assert hints(doc, typesetter) == {BELOW}
