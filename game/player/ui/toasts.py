"""Toasts: short notices over the text panel, where the reader's eye is, gone after a few seconds (nothing depends on reading them in time)."""
from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from game.player.display.window import Canvas
    from game.player.display.text import Typesetter

TOAST_SECONDS = 6.0
# Over the top of the text panel (game/player/screens/play_layout.py), just under the header buttons,
# newest first: near the words being read, and never over the choices at the panel's foot.
TOAST_LEFT = 716.0
TOAST_WIDTH = 548.0
HEADER_ROOM = 14.0 + 2 * 5.0 + 8  # the header's top margin and its buttons' padding, and a gap, above a line of text


class Toast:
    __slots__ = ("text", "seconds_left")

    def __init__(self, text: str, seconds_left: float) -> None:
        self.text = text
        self.seconds_left = seconds_left


def advance_toasts(toasts: list[Toast], dt: float) -> bool:
    """Age the toasts and drop the ones whose time is up; True if one went."""
    if not toasts:
        return False
    for toast in toasts:
        toast.seconds_left -= dt
    before = len(toasts)
    toasts[:] = [toast for toast in toasts if toast.seconds_left > 0]
    return len(toasts) != before


def draw_toasts(canvas: "Canvas", toasts: list[Toast], typesetter: "Typesetter", size: float) -> None:
    theme = canvas.theme
    line_height = typesetter.line_height("ui", size)
    top = HEADER_ROOM + typesetter.line_height("ui", size)  # under the header, which grows with the text
    for toast in reversed(toasts[-4:]):
        lines = typesetter.wrap(toast.text, "ui", size, int(TOAST_WIDTH - 32))
        height = len(lines) * line_height + 16
        box = (TOAST_LEFT, top, TOAST_WIDTH, height)
        canvas.fill(theme.panel, box)  # opaque: no words of the text show through the notice
        canvas.outline(theme.accent, box, 1)
        for number, line in enumerate(lines):
            canvas.text(line, "ui", size, theme.text, TOAST_LEFT + 16, top + 8 + number * line_height)
        top += height + 8
