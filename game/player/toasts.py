"""Toasts: short notices at the bottom left that fade after a few seconds (nothing depends on reading them in time)."""
from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from game.player.display import Canvas
    from game.player.text import Typesetter

TOAST_SECONDS = 6.0


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
    bottom = 704.0  # newest at the bottom left, over the scene rather than the text
    for toast in reversed(toasts[-4:]):
        lines = typesetter.wrap(toast.text, "ui", size, 620)
        height = len(lines) * line_height + 16
        top = bottom - height
        canvas.fill_translucent(theme.panel, 240, (24, top, 652, height))
        canvas.outline(theme.accent, (24, top, 652, height), 1)
        for number, line in enumerate(lines):
            canvas.text(line, "ui", size, theme.text, 40, top + 8 + number * line_height)
        bottom = top - 8
