"""Whether lines fit the play screen's boxes at the largest text size, measured headless with the player's own typesetting.

`check --lang` calls this for CL128: the Typesetter the game draws with (its fonts per language, its line
breaking with kinsoku shori for Japanese), the play screen's own column (panel_for, widened as at that
size) and controls, at the largest step of Settings → Text size.
"""
from __future__ import annotations

import math
import os
from typing import Callable, Iterable, NamedTuple

from game.core.i18n.fit import CHOICE, ENDING, STATUS, BoxedText
from game.core.i18n.linebreak import HANGING, is_cjk, unbreakable_runs
from game.core.i18n import interface
from game.core.i18n.interface import _
from game.player.screens.play_layout import HEADER_PADDING, HEADER_TOP, NOTE_SCALE_MOST, panel_for, tray_room
from game.player.persist.settings import FONT_SCALES
from game.player.display.text import Typesetter
from game.player.display.theme import CHOICE_SIZE, HEADING_SIZE, PROSE_SIZE, SMALL_SIZE
from game.player.ui.document import Button

LARGEST_SCALE = max(FONT_SCALES)
# The column the play screen sets its text in at that size: the same panel_for the screen draws with.
COLUMN_WIDTH = panel_for(LARGEST_SCALE).column_width
COLUMN = int(COLUMN_WIDTH)  # what a line in it may run to
WIDEST_PREFIX = "9. "  # the number before a choice: the widest of those the keys 1–9 pick
HANGING_MARKS = "".join(HANGING)  # the marks that may hang past a line's end, so are not measured
# A word is drawn no wider than its letters each measured alone, kerning aside (a letter's width alone holds its
# own overhang); kerning moves a pair by a small part of an em. This margin a letter, far above what a text face
# kerns a pair by, makes "its longest word's length times its widest letter" a bound no word of a line passes.
KERNING_MARGIN = 0.25  # of an em
PRINTABLE_ASCII = [chr(code) for code in range(0x20, 0x7F)]


class Misfit(NamedTuple):
    key: str  # the line at fault: the choice's, or its reason's
    message: str


def misfits(items: Iterable[BoxedText], lang: str, *, memo: bool = True) -> list[Misfit]:
    """Each line that cannot fit its box at the largest text size, with what is too wide or too tall.

    With `memo` (the default) each word, choice and reason is measured once however often it comes back, as
    "On." on a hundred thousand nodes; without it every line is measured afresh, the same findings slower."""
    os.environ.setdefault("SDL_VIDEODRIVER", "dummy")  # fonts only: no window is opened
    typesetter = Typesetter()
    typesetter.set_language(lang)
    # The interface's own words in that language too, as its player sees them: "Menu" in the header,
    # "(unavailable)" before a reason.
    previous = interface.language()
    interface.use_language(lang)
    try:
        ruler = _Ruler(typesetter, memo)
        rooms = {status: choice_room(typesetter, beside_status=status) for status in (False, True)}
        found = (_measure(ruler, item, rooms[item.beside_status]) for item in items)
        return [misfit for misfit in found if misfit is not None]
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


PERCENT = f"{round(LARGEST_SCALE * 100)}%"
Wide = tuple[str, int, int]  # the unit too wide, its width, the room for it


class _ChoiceSet(NamedTuple):
    """One reading of a choice with one reason, as the play screen sets it: its button's height and rows, and
    the label or reason too wide for the button, if any."""

    height: float
    lines: int
    text_width: int
    label_wide: Wide | None
    reason_wide: Wide | None


class _Ruler:
    """The typesetter's measures of words and choices, each kept once it is taken (unless `memo` is off).

    A kept width is the typesetter's own answer for that word in that role and size, so findings are the same
    with and without; a size's words, or the choices, are let go when they grow past WORDS_KEPT, so memory stays
    bounded."""

    WORDS_KEPT = 20_000

    def __init__(self, typesetter: Typesetter, memo: bool) -> None:
        self.typesetter = typesetter
        self.memo = memo
        self._widths: dict[tuple[str, float], dict[str, float]] = {}  # by role and size, each word's width
        self._choices: dict[tuple[str, str, bool], _ChoiceSet] = {}
        self._measures: dict[tuple[str, float], Callable[[str], float]] = {}  # the typesetter's width_in, by role and size
        self._letters: dict[tuple[str, float], dict[str, float]] = {}  # by role and size, each letter's width alone
        self._widest_ascii: dict[tuple[str, float], float] = {}  # by role and size, the widest printable ASCII letter
        self.fitting_choices: set[tuple[tuple[str, ...], tuple[str, ...], bool]] = set()  # readings, reasons, beside a status

    def surely_fits(self, line: str, role: str, size: float, room: float) -> bool:
        """Whether no word of this line (one holding no Japanese) can be wider than `room`, known without
        measuring a word: its longest word, in letters, times its widest letter and the kerning margin is within
        it. Most lines of a story are told so, and their words are not measured. Only letters drawn one glyph
        each, unshaped (Latin and the general punctuation), count: a line with any other is measured."""
        if not self.memo:
            return False
        longest = max(map(len, line.split(" ")))
        if longest == 0:
            return True
        if line.isascii() and line.isprintable():  # most lines: the widest printable ASCII letter bounds them all
            widest = self._widest_ascii.get((role, size))
            if widest is None:
                measure = self._measure(role, size)
                widest = self._widest_ascii[(role, size)] = max(map(measure, PRINTABLE_ASCII))
        else:
            letters = self._letters.get((role, size))
            if letters is None or len(letters) >= self.WORDS_KEPT:
                letters = self._letters[(role, size)] = {}
            shown = set(line)
            if not shown <= letters.keys():
                measure = self._measure(role, size)
                for letter in shown - letters.keys():
                    letters[letter] = measure(letter) if _unshaped(letter) else math.inf
            widest = max(map(letters.__getitem__, shown))
        return longest * (widest + KERNING_MARGIN * size) <= room

    def _measure(self, role: str, size: float) -> Callable[[str], float]:
        measure = self._measures.get((role, size))
        if measure is None:
            measure = self._measures[(role, size)] = self.typesetter.width_in(role, size)
        return measure

    def widths(self, units: list[str], role: str, size: float, cjk: bool) -> list[float]:
        """Each unit's width as drawn, a hanging 、 or 。 at its end aside (without `cjk`, the units are of a
        line holding no Japanese, so none ends in a hanging mark: every one is Japanese punctuation)."""
        if not self.memo:
            return [self.typesetter.width(unit.rstrip(HANGING_MARKS), role, size) for unit in units]
        known = self._widths.get((role, size))
        if known is None or len(known) >= self.WORDS_KEPT:
            known = self._widths[(role, size)] = {}
        shown = [unit.rstrip(HANGING_MARKS) for unit in units] if cjk else units
        widths = list(map(known.get, shown))
        if None in widths:
            measure = self._measure(role, size)
            for index, width in enumerate(widths):
                if width is None:
                    widths[index] = known[shown[index]] = measure(shown[index])
        return widths

    def choice(self, reading: str, reason: str, enabled: bool) -> _ChoiceSet:
        key = (reading, reason, enabled)
        found = self._choices.get(key) if self.memo else None
        if found is None:
            button = Button("choice", reading, lambda: None, enabled=enabled, reason=reason,
                            prefix=WIDEST_PREFIX, size=CHOICE_SIZE)
            height = button.measure(self.typesetter, COLUMN_WIDTH, LARGEST_SCALE)
            label_wide = _too_wide(self, reading, button.role, CHOICE_SIZE * LARGEST_SCALE, button.text_width) if reading else None
            reason_wide = _too_wide(self, reason, "italic", button.note_size, button.text_width) if reason else None
            found = _ChoiceSet(height, len(button.text_rows()), button.text_width, label_wide, reason_wide)
            if self.memo:
                if len(self._choices) >= self.WORDS_KEPT:
                    self._choices.clear()
                self._choices[key] = found
        return found


def _measure(ruler: _Ruler, item: BoxedText, room: float) -> Misfit | None:
    if item.box == CHOICE:
        return _measure_choice(ruler, item, room)
    role, size = _column_set(item)
    size *= LARGEST_SCALE
    for reading in item.readings:
        found = _too_wide(ruler, reading, role, size, COLUMN)
        if found:
            unit, width, room = found
            return Misfit(item.key, f"at {PERCENT} text {_unit_name(unit)} '{_short(unit)}' is {width} px wide, "
                                    f"the text column {_room(room, COLUMN)}")
    return None


def _column_set(item: BoxedText) -> tuple[str, float]:
    """The role and size the play screen sets this line in, in its text column (as game/player/screens/play.py builds it)."""
    if item.box == STATUS:
        return "italic", SMALL_SIZE + 1
    if item.box == ENDING:
        return "prose", HEADING_SIZE - 4
    return "prose", PROSE_SIZE


def _measure_choice(ruler: _Ruler, item: BoxedText, room: float) -> Misfit | None:
    # A choice that fits fits wherever it comes back ("On." on a hundred thousand nodes): its key only names it.
    seen = (item.readings, item.reasons, item.beside_status)
    if seen in ruler.fitting_choices:
        return None
    found = _misfit_choice(ruler, item, room)
    if found is None and ruler.memo:
        if len(ruler.fitting_choices) >= ruler.WORDS_KEPT:
            ruler.fitting_choices.clear()
        ruler.fitting_choices.add(seen)
    return found


def _misfit_choice(ruler: _Ruler, item: BoxedText, room: float) -> Misfit | None:
    reasons = item.reasons or ("",)
    tallest: _ChoiceSet | None = None
    for reading in item.readings:
        for reason in reasons:
            measured = ruler.choice(reading, reason, not item.reasons)
            for found, key in ((measured.label_wide, item.key), (measured.reason_wide, item.reason_key)):
                if found and key:
                    unit, width, room = found
                    return Misfit(key, f"at {PERCENT} text {_unit_name(unit)} '{_short(unit)}' is {width} px wide, "
                                       f"a choice's text {_room(room, measured.text_width)}")
            if tallest is None or measured.height > tallest.height:
                tallest = measured
    if tallest is not None and tallest.height > room:
        with_reason = " with its reason" if item.reasons else ""
        return Misfit(item.key, f"this choice{with_reason} takes {tallest.lines} lines at {PERCENT} text, "
                                f"{round(tallest.height)} px; the choice area holds at most {round(room)} px")
    return None


def _too_wide(ruler: _Ruler, text: str, role: str, size: float, width: int) -> Wide | None:
    """The widest unit no line break may split (a word; in Japanese what kinsoku holds together) when wider than the box.

    A Japanese phrase longer than a line breaks inside, at a place kinsoku allows, as in any Japanese book;
    only a run kinsoku forbids to split (「……」、 and the like) cannot be set.

    The room is the Typesetter's own: a Japanese line keeps an em free for a hanging 、 or 。."""
    for hard_line in text.split("\n"):
        cjk = is_cjk(hard_line)  # asked once a line (most lines of a story hold no Japanese)
        room = Typesetter.line_room(hard_line, size, width) if cjk else width
        if not cjk and ruler.surely_fits(hard_line, role, size, room):
            continue
        runs = unbreakable_runs(hard_line) if cjk else hard_line.split(" ")
        units = [unit for unit in map(str.strip, runs) if unit]
        widths = ruler.widths(units, role, size, cjk)
        if max(widths, default=0) > room:
            widest = max(zip(widths, units), default=(0, ""))  # on a tie, the later unit in sort order
            return widest[1], widest[0], room
    return None


def _unshaped(letter: str) -> bool:
    """A letter drawn as one glyph of its own whatever stands beside it: Latin (to the end of the spacing
    modifiers, before the combining marks) and the general punctuation (dashes, quotes, the ellipsis)."""
    return letter < "\u0300" or "\u2000" <= letter <= "\u206f"


def _room(room: int, width: int) -> str:
    if room == width:
        return f"is {width} px"
    return f"is {width} px, {room} px of it for text (an em is kept for a hanging 、 or 。)"


def _unit_name(unit: str) -> str:
    return "this phrase" if is_cjk(unit) else "this word"


def _short(text: str, limit: int = 40) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"
