"""Where the play screen's parts go: the panel for the text size, the header buttons, the text, the choice tray, scrollbars.

The text panel widens with the text size, leftwards over the scene, so a line keeps about the measure it
has at 100% (as many characters a line); the scene always keeps a strip at the left. `panel_for` is the one
place that says where the panel and its column are: the play screen draws and hit-tests with it, the title
screen sets its menu in it, and the fit check (CL128, play_fit.py) measures with it.

The choices (or Continue, or an ending's buttons) sit in a tray fixed at the foot of the text panel,
so they are in view whenever the text is complete, however long the text and at any text size;
the text scrolls above them. All of it in logical pixels, recomputed whenever the text, the text size
or the window's scale changes.
"""
from __future__ import annotations

from typing import TYPE_CHECKING, NamedTuple, Sequence

from game.player.ui.document import HitTarget

if TYPE_CHECKING:
    from game.player.display.window import Canvas
    from game.player.ui.document import Document

Rect = tuple[float, float, float, float]

CANVAS_WIDTH = 1280.0
PANEL_HEIGHT = 720.0
PANEL_PADDING = 36.0  # between the panel's edges and its column
COLUMN_AT_100 = 508.0  # the column at 100% text and below (the README pictures show it)
# The scene shows at least this much at the left at any text size: its picture, and a fact card's figure.
SCENE_STRIP = 400.0
# The hints, the status line and the title's key hint grow with the text, but less: they are notes beside it.
NOTE_SCALE_MOST = 1.3
HEADER_TOP = 14.0
HEADER_GAP = 10.0
HEADER_PADDING = (8.0, 5.0)  # around a header button's label
BOTTOM_MARGIN = 14.0
# The tray takes what its choices need, up to this share of the room below the header; taller
# choices scroll inside it (the focused one kept in view). The first choice always fits whole.
TRAY_SHARE = 0.55
TEXT_MIN_LINES = 2  # the text keeps at least this many lines of room above a tall first choice
SCROLLBAR_WIDTH = 20.0
SCROLLBAR_GAP = 6.0
ARROW_HEIGHT = 22.0
SCROLL_STEP = 60.0


class PanelGeometry(NamedTuple):
    """The text panel at one text size: the translucent panel, and the column inside it (logical pixels)."""

    panel: Rect
    column_left: float
    column_width: float

    @property
    def scene_width(self) -> float:
        """The scene's part left of the panel."""
        return self.panel[0]


def panel_for(scale: float) -> PanelGeometry:
    """The panel for this text size: its column as wide as the 100% one times the scale, as far as the scene
    strip allows; the panel grows leftwards, its right edge on the canvas's."""
    widest = CANVAS_WIDTH - SCENE_STRIP - 2 * PANEL_PADDING
    width = float(round(min(widest, COLUMN_AT_100 * max(1.0, scale))))
    left = CANVAS_WIDTH - PANEL_PADDING - width
    return PanelGeometry((left - PANEL_PADDING, 0.0, width + 2 * PANEL_PADDING, PANEL_HEIGHT), left, width)


class PlayLayout(NamedTuple):
    """The rectangles of the play screen (logical pixels); tests and the choices-visible benchmark read them."""

    header: Rect  # the header buttons' rows
    text: Rect  # the scrolling text
    hint: Rect  # the "more below" row under the text (clickable)
    status: Rect  # the one-line status above the tray
    tray: Rect  # the choices


def flow_rows(widths: Sequence[float], height: float, left: float, top: float, room: float,
              gap: float = HEADER_GAP) -> list[Rect]:
    """Boxes of these widths left to right, onto a new row when the next would not fit: they never overlap."""
    rects: list[Rect] = []
    x, y = left, top
    for width in widths:
        width = min(width, room)
        if x > left and x + width > left + room:
            x, y = left, y + height + gap / 2
        rects.append((x, y, width, height))
        x += width + gap
    return rects


def tray_room(header_bottom: float, status_height: float, hint_height: float, text_line: float) -> float:
    """The tallest the tray may be: all below the header but the status line, the hint row and two lines of text."""
    room = PANEL_HEIGHT - BOTTOM_MARGIN - (header_bottom + HEADER_GAP)
    return max(0.0, room - status_height - hint_height - 2 * HEADER_GAP - TEXT_MIN_LINES * text_line)


def split_panel(geometry: PanelGeometry, header_bottom: float, tray_wanted: float, first_choice: float,
                status_height: float, hint_height: float, text_line: float) -> PlayLayout:
    """The room below the header, shared: text above, then the hint row, the status line and the tray."""
    top = header_bottom + HEADER_GAP
    bottom = PANEL_HEIGHT - BOTTOM_MARGIN
    room = bottom - top
    most = tray_room(header_bottom, status_height, hint_height, text_line)
    tray_height = min(tray_wanted, max(room * TRAY_SHARE, first_choice))
    tray_height = max(0.0, min(tray_height, most))
    tray_top = bottom - tray_height
    status_top = tray_top - HEADER_GAP / 2 - status_height
    hint_top = status_top - hint_height - HEADER_GAP / 2
    text_height = max(text_line, hint_top - top)
    left, width = geometry.column_left, geometry.column_width
    return PlayLayout(
        header=(left, HEADER_TOP, width, header_bottom - HEADER_TOP),
        text=(left, top, width, text_height),
        hint=(left, hint_top, width, hint_height),
        status=(left, status_top, width, status_height),
        tray=(left, tray_top, width, tray_height),
    )


class Scrollbar:
    """Arrows and a track beside a document, for a mouse without a wheel: arrows step, the track pages."""

    def __init__(self, name: str, doc: "Document") -> None:
        self.name = name
        self.doc = doc

    @property
    def shown(self) -> bool:
        return self.doc.max_scroll > 0.5

    def rect(self) -> Rect:
        x, y, width, height = self.doc.area
        return (x + width + SCROLLBAR_GAP, y, SCROLLBAR_WIDTH, height)

    def _parts(self) -> tuple[Rect, Rect, Rect]:
        """The up arrow, the track between the arrows, and the down arrow."""
        x, y, width, height = self.rect()
        arrow = min(ARROW_HEIGHT, height / 3)
        return ((x, y, width, arrow), (x, y + arrow, width, height - 2 * arrow),
                (x, y + height - arrow, width, arrow))

    def thumb(self) -> Rect:
        _up, (x, y, width, height), _down = self._parts()
        doc = self.doc
        total = max(doc.content_height, doc.area[3])
        thumb_height = max(min(height, 18.0), height * doc.area[3] / total)
        share = doc.scroll / doc.max_scroll if doc.max_scroll > 0 else 0.0
        return (x, y + (height - thumb_height) * share, width, thumb_height)

    def targets(self) -> list[HitTarget]:
        if not self.shown:
            return []
        up, track, down = self._parts()
        thumb = self.thumb()
        above = (track[0], track[1], track[2], thumb[1] - track[1])
        below = (track[0], thumb[1] + thumb[3], track[2], track[1] + track[3] - thumb[1] - thumb[3])
        found = [HitTarget(f"{self.name}:up", "scroll up", up), HitTarget(f"{self.name}:down", "scroll down", down),
                 HitTarget(f"{self.name}:page_up", "page up", above), HitTarget(f"{self.name}:page_down", "page down", below)]
        return [target for target in found if target.rect[3] > 0]

    def click(self, target_name: str) -> bool:
        part = target_name.rsplit(":", 1)[-1]
        page = self.doc.area[3] * self.doc.PAGE_SHARE
        amounts = {"up": -SCROLL_STEP, "down": SCROLL_STEP, "page_up": -page, "page_down": page}
        return self.doc.scroll_by(amounts.get(part, 0.0))

    def draw(self, canvas: "Canvas") -> None:
        if not self.shown:
            return
        theme = canvas.theme
        up, track, down = self._parts()
        canvas.fill(theme.control, self.rect())
        canvas.outline(theme.rule, self.rect(), 1)
        canvas.fill(theme.quiet, self.thumb())
        for arrow, pointing_up in ((up, True), (down, False)):
            canvas.outline(theme.rule, arrow, 1)
            _draw_arrow(canvas, arrow, pointing_up, theme.heading)


def _draw_arrow(canvas: "Canvas", rect: Rect, pointing_up: bool, colour: tuple[int, int, int]) -> None:
    """A small chevron drawn with lines (no glyph a font may lack)."""
    x, y, width, height = rect
    middle, half = x + width / 2, min(width, height) * 0.28
    tip = y + height * (0.35 if pointing_up else 0.65)
    base = tip + half if pointing_up else tip - half
    canvas.line(colour, (middle - half, base), (middle, tip), 2)
    canvas.line(colour, (middle, tip), (middle + half, base), 2)
