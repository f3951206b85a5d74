"""Whether lines fit the play screen's boxes at the largest text size, measured headless with the player's own typesetting.

`check --lang` calls this for CL128: the Typesetter the game draws with (its fonts per language, its line
breaking with kinsoku shori for Japanese), the play screen's own column (panel_for, widened as at that
size) and controls, at the largest step of Settings → Text size.
"""
from __future__ import annotations

import os
from typing import Iterable, Iterator, NamedTuple

from game.core.i18n.fit import CHOICE, ENDING, STATUS, BoxedText
from game.core.i18n.linebreak import HANGING, is_cjk, unbreakable_runs
from game.core.i18n import interface
from game.core.i18n.interface import _
from game.player.screens.play_layout import HEADER_PADDING, HEADER_TOP, NOTE_SCALE_MOST, panel_for, tray_room
from game.player.persist.settings import FONT_SCALES
from game.player.display.text import Typesetter
from game.player.display.theme import CHOICE_SIZE, HEADING_SIZE, PROSE_SIZE, SMALL_SIZE
from game.player.ui.document import Button, TextBlock

LARGEST_SCALE = max(FONT_SCALES)
# The column the play screen sets its text in at that size: the same panel_for the screen draws with.
COLUMN_WIDTH = panel_for(LARGEST_SCALE).column_width
WIDEST_PREFIX = "9. "  # the number before a choice: the widest of those the keys 1–9 pick


class Misfit(NamedTuple):
    key: str  # the line at fault: the choice's, or its reason's
    message: str


def misfits(items: Iterable[BoxedText], lang: str) -> list[Misfit]:
    """Each line that cannot fit its box at the largest text size, with what is too wide or too tall."""
    os.environ.setdefault("SDL_VIDEODRIVER", "dummy")  # fonts only: no window is opened
    typesetter = Typesetter()
    typesetter.set_language(lang)
    # The interface's own words in that language too, as its player sees them: "Menu" in the header,
    # "(unavailable)" before a reason.
    previous = interface.language()
    interface.use_language(lang)
    try:
        rooms = {status: choice_room(typesetter, beside_status=status) for status in (False, True)}
        return [misfit for item in items for misfit in _measure(typesetter, item, rooms[item.beside_status])]
    finally:
        interface.use_language(previous)


def choice_room(typesetter: Typesetter, *, beside_status: bool = False) -> float:
    """The tallest the choice tray at the foot of the text panel can be at the largest text size: the play
    screen's tray_room with its header on one row, and the one-line status above the tray where the node
    has a status line (the play screen cuts a longer one to a line there)."""
    header = Button("menu", _("Menu"), lambda: None, size=SMALL_SIZE, padding=HEADER_PADDING)
    header_bottom = HEADER_TOP + header.measure(typesetter, COLUMN_WIDTH, LARGEST_SCALE)
    hint_height = typesetter.line_height("italic", SMALL_SIZE * min(LARGEST_SCALE, NOTE_SCALE_MOST))
    text_line = typesetter.line_height("prose", PROSE_SIZE * LARGEST_SCALE)
    status_height = typesetter.line_height("italic", (SMALL_SIZE + 1) * min(LARGEST_SCALE, NOTE_SCALE_MOST))
    return tray_room(header_bottom, status_height if beside_status else 0.0, hint_height, text_line)


def _measure(typesetter: Typesetter, item: BoxedText, room: float) -> Iterator[Misfit]:
    percent = f"{round(LARGEST_SCALE * 100)}%"
    if item.box == CHOICE:
        yield from _measure_choice(typesetter, item, percent, room)
        return
    block = _column_block(item)
    size = block.size * LARGEST_SCALE
    for reading in item.readings:
        found = _too_wide(typesetter, reading, block.role, size, int(COLUMN_WIDTH))
        if found:
            unit, width, room = found
            yield Misfit(item.key, f"at {percent} text {_unit_name(unit)} '{_short(unit)}' is {width} px wide, "
                                   f"the text column {_room(room, int(COLUMN_WIDTH))}")
            return


def _column_block(item: BoxedText) -> TextBlock:
    """The block the play screen sets this line in (as game/player/screens/play.py builds it)."""
    if item.box == STATUS:
        return TextBlock(item.readings[0], role="italic", size=SMALL_SIZE + 1)
    if item.box == ENDING:
        return TextBlock(item.readings[0], role="prose", size=HEADING_SIZE - 4)
    return TextBlock(item.readings[0], role="prose", size=PROSE_SIZE)


def _measure_choice(typesetter: Typesetter, item: BoxedText, percent: str, room: float) -> Iterator[Misfit]:
    reasons = item.reasons or ("",)
    tallest: tuple[float, int, Button] | None = None
    for reading in item.readings:
        for reason in reasons:
            button = Button("choice", reading, lambda: None, enabled=not item.reasons, reason=reason,
                            prefix=WIDEST_PREFIX, size=CHOICE_SIZE)
            height = button.measure(typesetter, COLUMN_WIDTH, LARGEST_SCALE)
            for text, key, role, size in ((reading, item.key, button.role, CHOICE_SIZE * LARGEST_SCALE),
                                          (reason, item.reason_key, "italic", button.note_size)):
                found = _too_wide(typesetter, text, role, size, button.text_width) if text else None
                if found and key:
                    unit, width, room = found
                    yield Misfit(key, f"at {percent} text {_unit_name(unit)} '{_short(unit)}' is {width} px wide, "
                                      f"a choice's text {_room(room, button.text_width)}")
                    return
            if tallest is None or height > tallest[0]:
                tallest = (height, len(button.text_rows()), button)
    if tallest is not None and tallest[0] > room:
        height, lines, _button = tallest
        with_reason = " with its reason" if item.reasons else ""
        yield Misfit(item.key, f"this choice{with_reason} takes {lines} lines at {percent} text, {round(height)} px; "
                                     f"the choice area holds at most {round(room)} px")


def _too_wide(typesetter: Typesetter, text: str, role: str, size: float, width: int) -> tuple[str, int, int] | None:
    """The widest unit no line break may split (a word; in Japanese what kinsoku holds together) when wider than the box.

    A Japanese phrase longer than a line breaks inside, at a place kinsoku allows, as in any Japanese book;
    only a run kinsoku forbids to split (「……」、 and the like) cannot be set.

    The room is the Typesetter's own: a Japanese line keeps an em free for a hanging 、 or 。."""
    for hard_line in text.split("\n"):
        room = typesetter.line_room(hard_line, size, width)
        units = [unit.strip() for unit in (unbreakable_runs(hard_line) if is_cjk(hard_line) else hard_line.split(" "))]
        widest = max(((typesetter.width(unit.rstrip("".join(HANGING)), role, size), unit) for unit in units if unit),
                     default=(0, ""))
        if widest[0] > room:
            return widest[1], widest[0], room
    return None


def _room(room: int, width: int) -> str:
    if room == width:
        return f"is {width} px"
    return f"is {width} px, {room} px of it for text (an em is kept for a hanging 、 or 。)"


def _unit_name(unit: str) -> str:
    return "this phrase" if is_cjk(unit) else "this word"


def _short(text: str, limit: int = 40) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"
