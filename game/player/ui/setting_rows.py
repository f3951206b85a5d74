"""The rows of the settings screen: a label wrapped clear of its value, with "–"/"+" steppers or an On/Off switch."""
from __future__ import annotations

from typing import Callable

from game.core.i18n.interface import _
from game.player.display.window import Canvas
from game.player.display.text import Typesetter
from game.player.display.theme import UI_SIZE
from game.player.ui.document import FOCUS_MARKER, Control, DrawState, HitTarget, Rect


class LabelledRow(Control):
    """A setting: its label on the left, wrapped clear of its value, which the subclass draws on the right."""

    PAD_Y = 9.0
    LABEL_GAP = 16.0  # between the label's longest line and the value's controls

    def __init__(self, name: str, label: str, *, gap_after: float = 8) -> None:
        super().__init__(name, gap_after=gap_after)
        self.label = label
        self._size = UI_SIZE
        self._line_height = 0.0
        self._glyph_height = 0.0
        self._label_left = 30.0
        self.label_lines: tuple[str, ...] = ()
        self._label_width = 0.0
        self._control_width = 0.0

    @property
    def label_text(self) -> str:
        return self.label

    def control_width(self, typesetter: Typesetter, width: float) -> float:
        """How wide the value's controls are at the right of the row."""
        raise NotImplementedError

    def measure(self, typesetter: Typesetter, width: float, font_scale: float) -> float:
        self._size = UI_SIZE * font_scale
        self._line_height = typesetter.line_height("ui", self._size)
        self._glyph_height = typesetter.glyph_height("ui", self._size)
        self._label_left = max(30.0, 12 + typesetter.width(FOCUS_MARKER, "bold", self._size) + 8)
        self._control_width = self.control_width(typesetter, width)
        room = max(60, int(width - self._label_left - self._control_width - self.LABEL_GAP))
        self.label_lines = typesetter.wrap(self.label, "ui", self._size, room)
        self._label_width = max(typesetter.width(line, "ui", self._size) for line in self.label_lines)
        self.height = self._label_height + 2 * self.PAD_Y
        return self.height

    @property
    def label_size(self) -> float:
        return self._size

    @property
    def _label_height(self) -> float:
        return self._line_height * (len(self.label_lines) - 1) + self._glyph_height

    def label_rect(self, left: float, top: float) -> Rect:
        """Where the label's letters are: what the value's controls must never overlap."""
        return (left + self._label_left, top + self.PAD_Y, self._label_width, self._label_height)

    def control_rect(self, left: float, top: float, width: float) -> Rect:
        return (left + width - self._control_width, top, self._control_width, self.height)

    def value_top(self, top: float) -> float:
        """The top of a one-line value, centred in the row however many lines the label takes."""
        return top + (self.height - self._glyph_height) / 2

    def text_rows(self) -> list[tuple[float, float]]:
        return [(self.PAD_Y + number * self._line_height, self._line_height) for number in range(len(self.label_lines))]

    def draw_row(self, canvas: Canvas, left: float, top: float, width: float, state: DrawState) -> None:
        """The row's box, focus ring and marker, and its label."""
        theme = canvas.theme
        self.draw_box(canvas, (left, top, width, self.height), state, self._size, (left + 12, top + self.PAD_Y))
        for number, line in enumerate(self.label_lines):
            canvas.text(line, "ui", self._size, theme.text, left + self._label_left,
                        top + self.PAD_Y + number * self._line_height)


class Stepper(LabelledRow):
    """A value changed with "–" and "+" targets (mouse), Left/Right (keyboard), or Enter (next value)."""

    BUTTON_WIDTH = 46

    def __init__(
        self,
        name: str,
        label: str,
        value_text: Callable[[], str],
        on_step: Callable[[int], None],
        *,
        gap_after: float = 8,
    ) -> None:
        super().__init__(name, label, gap_after=gap_after)
        self.value_text = value_text
        self.on_step = on_step
        self._button_width = float(self.BUTTON_WIDTH)
        self._value_width = 150.0

    def activate(self) -> None:
        self.on_step(+1)

    def adjust(self, step: int) -> bool:
        self.on_step(step)
        return True

    def control_width(self, typesetter: Typesetter, width: float) -> float:
        # The sign buttons and the value grow with the text; the value is never narrower than its words.
        self._button_width = max(float(self.BUTTON_WIDTH), self._size * 2.2)
        self._value_width = max(150.0, width * 0.34, typesetter.width(self.value_text(), "ui", self._size) + 24)
        return 2 * self._button_width + self._value_width + 8

    def _parts(self, left: float, top: float, width: float) -> tuple[Rect, Rect, Rect]:
        plus = (left + width - self._button_width, top, self._button_width, self.height)
        value = (plus[0] - self._value_width - 4, top, self._value_width, self.height)
        minus = (value[0] - self._button_width - 4, top, self._button_width, self.height)
        return minus, value, plus

    def targets(self, left: float, top: float, width: float) -> list[HitTarget]:
        minus, _value, plus = self._parts(left, top, width)
        return [
            HitTarget(f"{self.name}:minus", f"{self.label}: less", minus),
            HitTarget(f"{self.name}:plus", f"{self.label}: more", plus),
            HitTarget(self.name, self.label, (left, top, width, self.height)),
        ]

    def click(self, target_name: str) -> None:
        if target_name.endswith(":minus"):
            self.on_step(-1)
        elif target_name.endswith(":plus"):
            self.on_step(+1)

    def draw(self, canvas: Canvas, left: float, top: float, width: float, state: DrawState) -> None:
        theme = canvas.theme
        self.draw_row(canvas, left, top, width, state)
        minus, value, plus = self._parts(left, top, width)
        text_top = self.value_top(top)
        for part, sign in ((minus, "–"), (plus, "+")):
            canvas.outline(theme.outline, part, 1)
            canvas.text(sign, "bold", self._size, theme.heading, part[0], text_top, align="center", width=part[2])
        canvas.text(self.value_text(), "ui", self._size, theme.heading, value[0], text_top, align="center",
                    width=value[2])


class Toggle(LabelledRow):
    """An on/off setting, said in words ("On"/"Off"), switched by Enter, Space, Left/Right or a click."""

    def __init__(self, name: str, label: str, value: Callable[[], bool], on_toggle: Callable[[], None]) -> None:
        super().__init__(name, label)
        self.value = value
        self.on_toggle = on_toggle

    def activate(self) -> None:
        self.on_toggle()

    def adjust(self, step: int) -> bool:
        self.on_toggle()
        return True

    def control_width(self, typesetter: Typesetter, width: float) -> float:
        words = max(typesetter.width(_("On"), "bold", self._size), typesetter.width(_("Off"), "bold", self._size))
        return max(90.0, words + 28) + 6

    def draw(self, canvas: Canvas, left: float, top: float, width: float, state: DrawState) -> None:
        theme = canvas.theme
        self.draw_row(canvas, left, top, width, state)
        box_width = self._control_width - 6
        box_height = self._glyph_height + 6
        box = (left + width - self._control_width, top + (self.height - box_height) / 2, box_width, box_height)
        on = self.value()
        if on:
            canvas.fill(theme.accent, box)
        canvas.outline(theme.outline if not on else theme.accent, box, 1)
        canvas.text(
            _("On") if on else _("Off"),
            "bold",
            self._size,
            theme.backdrop if on else theme.heading,
            box[0],
            self.value_top(top),
            align="center",
            width=box[2],
        )
