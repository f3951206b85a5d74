"""A fact card's figure set as a moment over its scene: the number large, what it counts under it, the source small."""
from __future__ import annotations

from typing import TYPE_CHECKING

from game.player.screens.play_layout import panel_for
from game.player.display.theme import SMALL_SIZE

if TYPE_CHECKING:
    from game.core.model import Fact
    from game.player.display.window import Canvas
    from game.player.display.text import Typesetter

# The figure stands right of the fact card's hairline (x 96), in the scene left of the text panel,
# which widens with the text size (see figure_area).
FIGURE_LEFT = 132.0
FIGURE_WIDEST = 520.0
PANEL_CLEARANCE = 24.0  # the figure keeps this far from the text panel
FIGURE_SIZE = 96.0  # the largest the figure is set; a long figure steps down until it fits one line
FIGURE_SMALLEST = 40.0
LABEL_SIZE = 24.0
SOURCE_SIZE = SMALL_SIZE
FADE_SECONDS = 0.9
SHIFT = 10.0  # how far the figure rises as it fades in


class FactFigure:
    """Lays the figure out once per node (and per text size) and draws it, fading in unless motion is reduced."""

    def __init__(self, fact: "Fact", typesetter: "Typesetter", font_scale: float, *, reduce_motion: bool) -> None:
        self.fact = fact
        self.shown = 1.0 if reduce_motion else 0.0
        self._begins = not reduce_motion  # the fade's first frame is its start, not the wait for the key before it
        self.lines: list[tuple[str, str, float, float]] = []  # text, role, size, y
        self.area = figure_area(font_scale)
        self._lay_out(typesetter, font_scale)

    def _lay_out(self, typesetter: "Typesetter", font_scale: float) -> None:
        left, _top, width, height = self.area
        size = FIGURE_SIZE
        # Shrink by the line breaker's own measure: a figure broken inside ("54万1000 / 人") reads wrong.
        while size > FIGURE_SMALLEST and len(typesetter.wrap(self.fact.figure, "prose", size, int(width))) > 1:
            size -= 4
        figure = list(typesetter.wrap(self.fact.figure, "prose", size, int(width)))
        # The label and the source grow with the text size, as far as the card has room for them.
        rows = self._rows(typesetter, figure, size, font_scale, int(width))
        scale = font_scale
        while scale > 0.5 and _height_of(typesetter, rows) > height - 48.0 - 24.0:
            scale -= 0.1
            rows = self._rows(typesetter, figure, size, scale, int(width))
        total = _height_of(typesetter, rows)
        # Set a little above the middle, where the eye rests on a card; never above the top margin.
        y = max(48.0, (height - total) * 0.42)
        for text, role, row_size, before in rows:
            y += before
            self.lines.append((text, role, row_size, y))
            y += typesetter.line_height(role, row_size)
        self.bottom = y
        self.figure_size = size

    def _rows(self, typesetter: "Typesetter", figure: list[str], size: float, scale: float,
              width: int) -> list[tuple[str, str, float, float]]:
        """The card's lines as (text, role, size, space before), with the label and source at `scale`."""
        label_size = LABEL_SIZE * scale
        source_size = SOURCE_SIZE * scale
        rows: list[tuple[str, str, float, float]] = [(line, "prose", size, 0.0) for line in figure]
        for number, line in enumerate(typesetter.wrap(self.fact.label, "prose", label_size, width) if self.fact.label else ()):
            rows.append((line, "prose", label_size, 18.0 if number == 0 else 0.0))
        for number, line in enumerate(typesetter.wrap(self.fact.source, "ui", source_size, width) if self.fact.source else ()):
            rows.append((line, "ui", source_size, 30.0 if number == 0 else 0.0))
        return rows

    @property
    def fading(self) -> bool:
        return self.shown < 1.0

    def update(self, dt: float) -> bool:
        if not self.fading:
            return False
        counted, self._begins = (0.0 if self._begins else dt), False
        self.shown = min(1.0, self.shown + counted / FADE_SECONDS)
        return True

    def draw(self, canvas: "Canvas", *, settled: bool = False) -> None:
        """The figure as it is now, or (settled) as it rests once its fade is done."""
        theme = canvas.theme
        shown = 1.0 if settled else self.shown
        ease = 1.0 - (1.0 - shown) ** 2
        rise = SHIFT * (1.0 - ease)
        for text, role, size, y in self.lines:
            colour = theme.heading if role == "prose" and size == self.figure_size else theme.text if role == "prose" else theme.quiet
            canvas.text(text, role, size, _towards(theme.panel, colour, ease), self.area[0], y + rise)


def figure_area(font_scale: float) -> tuple[float, float, float, float]:
    """Where the figure may stand at this text size: right of the hairline, clear of the text panel."""
    room = panel_for(font_scale).scene_width - PANEL_CLEARANCE - FIGURE_LEFT
    return (FIGURE_LEFT, 0.0, min(FIGURE_WIDEST, room), 720.0)


def _height_of(typesetter: "Typesetter", rows: list[tuple[str, str, float, float]]) -> float:
    return sum(typesetter.line_height(role, row_size) + before for _text, role, row_size, before in rows)


def _towards(start: tuple[int, int, int], end: tuple[int, int, int], amount: float) -> tuple[int, int, int]:
    """A colour part of the way from `start` to `end`: the fade, without a per-frame alpha surface."""
    return (round(start[0] + (end[0] - start[0]) * amount), round(start[1] + (end[1] - start[1]) * amount),
            round(start[2] + (end[2] - start[2]) * amount))
