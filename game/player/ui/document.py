"""Building blocks of every screen: text blocks and controls laid out in a scrollable column (a Document).

Layout happens in logical pixels; each control exposes its click targets as logical rectangles,
which is what the mouse, the keyboard focus ring and the tests all use.
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Callable, NamedTuple, Sequence

from game.core.i18n.interface import _
from game.player.display.window import Canvas
from game.player.display.text import Typesetter
from game.player.display.theme import PROSE_SIZE, SMALL_SIZE, UI_SIZE, Theme

if TYPE_CHECKING:
    import pygame

Rect = tuple[float, float, float, float]
FOCUS_MARKER = "›"
ELLIPSIS = "…"
# A line's top may be scrolled away by this share of its height before any letter is cut: the font's ascent
# leaves that much room above the capitals and ascenders (for accents). Below a line there is no such room,
# as descenders reach its bottom, so a line counts as hidden below as soon as more than a rounding pixel is.
LINE_TOP_SLACK = 0.2
LINE_BOTTOM_SLACK = 1.0


class HitTarget(NamedTuple):
    """Something that answers a click: its name (stable, for tests), label, logical rectangle and state."""

    name: str
    label: str
    rect: Rect
    enabled: bool = True

    @property
    def center(self) -> tuple[float, float]:
        x, y, width, height = self.rect
        return (x + width / 2, y + height / 2)

    def contains(self, point: Sequence[float]) -> bool:
        x, y, width, height = self.rect
        return x <= point[0] < x + width and y <= point[1] < y + height


def ellipsised(text: str, fits: Callable[[str], bool]) -> str:
    """The text cut to one line that fits, ending in "…" when anything was cut."""
    if fits(text):
        return text
    words = text.split(" ")
    while len(words) > 1:
        words.pop()
        candidate = " ".join(words).rstrip(",;:.—–-") + ELLIPSIS
        if fits(candidate):
            return candidate
    cut = len(text)
    while cut > 1 and not fits(text[:cut] + ELLIPSIS):
        cut -= 1
    return text[:cut] + ELLIPSIS


def intersect(a: Rect, b: Rect) -> Rect | None:
    left, top = max(a[0], b[0]), max(a[1], b[1])
    right, bottom = min(a[0] + a[2], b[0] + b[2]), min(a[1] + a[3], b[1] + b[3])
    if right <= left or bottom <= top:
        return None
    return (left, top, right - left, bottom - top)


class DrawState:
    """What the screen tells its blocks when drawing: focus, and how much of the text is revealed."""

    __slots__ = ("focused", "reveal_budget", "theme", "emphasised", "emphasis")

    def __init__(
        self, focused: "Control | None" = None, reveal_budget: list[int] | None = None, theme: Theme | None = None
    ) -> None:
        self.focused = focused
        self.reveal_budget = reveal_budget  # a one-item list, so blocks can spend from it in order
        self.theme = theme
        self.emphasised: Control | None = None  # a control whose reason is being pointed out (picked while unavailable)
        self.emphasis = 0.0  # how strongly, 0 to 1


class Block:
    """A piece of a Document; `measure` fixes its height for a width, `draw` paints it at a position."""

    height: float = 0.0
    y: float = 0.0  # top, relative to the document's content
    after_reveal = False  # hidden until the text is fully revealed
    gap_after: float = 0.0

    def measure(self, typesetter: Typesetter, width: float, font_scale: float) -> float:
        raise NotImplementedError

    def draw(self, canvas: Canvas, left: float, top: float, width: float, state: DrawState) -> None:
        raise NotImplementedError

    def text_rows(self) -> list[tuple[float, float]]:
        """Where its lines of text are, as (top, height) from the block's top: what a scroll hint is about."""
        return [(0.0, self.height)] if self.height > 0 else []


class Gap(Block):
    def __init__(self, height: float, *, after_reveal: bool = False) -> None:
        self.fixed = height
        self.after_reveal = after_reveal

    def measure(self, typesetter: Typesetter, width: float, font_scale: float) -> float:
        self.height = self.fixed
        return self.height

    def draw(self, canvas: Canvas, left: float, top: float, width: float, state: DrawState) -> None:
        return None

    def text_rows(self) -> list[tuple[float, float]]:
        return []  # space (or a rule): nothing to read is ever hidden in it


class Rule(Gap):
    """A thin horizontal line with space around it."""

    def draw(self, canvas: Canvas, left: float, top: float, width: float, state: DrawState) -> None:
        middle = top + self.height / 2
        canvas.line(canvas.theme.rule, (left, middle), (left + width, middle), 1)


class TextBlock(Block):
    """A paragraph, wrapped to the column; optionally revealed a character at a time."""

    def __init__(
        self,
        text: str,
        *,
        role: str = "prose",
        size: float = PROSE_SIZE,
        colour: str = "text",
        indent: float = 0,
        gap_after: float = 0,
        revealable: bool = False,
        after_reveal: bool = False,
        align: str = "left",
        line_spacing: float = 1.0,
    ) -> None:
        self.text = text
        self.role = role
        self.size = size
        self.colour = colour
        self.indent = indent
        self.gap_after = gap_after
        self.revealable = revealable
        self.after_reveal = after_reveal
        self.align = align
        self.line_spacing = line_spacing
        self.lines: tuple[str, ...] = ()
        self.line_height = 0.0
        self.logical_size = size

    def measure(self, typesetter: Typesetter, width: float, font_scale: float) -> float:
        self.logical_size = self.size * font_scale
        self.lines = typesetter.wrap(self.text, self.role, self.logical_size, int(width - self.indent))
        self.line_height = typesetter.line_height(self.role, self.logical_size) * self.line_spacing
        self.height = self.line_height * len(self.lines)
        return self.height

    @property
    def character_count(self) -> int:
        return sum(len(line) for line in self.lines)

    def text_rows(self) -> list[tuple[float, float]]:
        return [(number * self.line_height, self.line_height) for number in range(len(self.lines))]

    def draw(self, canvas: Canvas, left: float, top: float, width: float, state: DrawState) -> None:
        colour = getattr(canvas.theme, self.colour)
        budget = state.reveal_budget if self.revealable else None
        for number, line in enumerate(self.lines):
            visible: int | None = None
            if budget is not None:
                if budget[0] <= 0:
                    return
                visible = min(len(line), budget[0])
                budget[0] -= len(line)
            canvas.text(
                line,
                self.role,
                self.logical_size,
                colour,
                left + self.indent,
                top + number * self.line_height,
                visible_chars=visible,
                align=self.align,
                width=width - self.indent,
            )


class Control(Block):
    """A focusable block that does something: activated by Enter/Space or a click on its target."""

    focusable = True

    def __init__(self, name: str, *, enabled: bool = True, gap_after: float = 8) -> None:
        self.name = name
        self.enabled = enabled
        self.gap_after = gap_after

    @property
    def label_text(self) -> str:
        return self.name

    def activate(self) -> None:
        raise NotImplementedError

    def adjust(self, step: int) -> bool:
        """Left/Right on a focused control; True if it meant something."""
        return False

    def targets(self, left: float, top: float, width: float) -> list[HitTarget]:
        return [HitTarget(self.name, self.label_text, (left, top, width, self.height), self.enabled)]

    def click(self, target_name: str) -> None:
        self.activate()

    def draw_focus(self, canvas: Canvas, rect: Rect) -> None:
        theme = canvas.theme
        x, y, width, height = rect
        canvas.outline(theme.accent, (x - 3, y - 3, width + 6, height + 6), theme.focus_width)

    def draw_box(self, canvas: Canvas, rect: Rect, state: DrawState, marker_size: float,
                 marker_at: tuple[float, float]) -> None:
        """The control's box with its outline (3:1 or more against the panel), and when focused its ring and "›"."""
        theme = canvas.theme
        focused = state.focused is self
        canvas.fill(theme.control_hover if focused else theme.control, rect)
        canvas.outline(theme.outline, rect, 1)
        if focused:
            self.draw_focus(canvas, rect)
            canvas.text(FOCUS_MARKER, "bold", marker_size, theme.accent, *marker_at)


class Button(Control):
    """A labelled box. Disabled buttons stay visible: struck through and marked "(unavailable)" with a reason."""

    def __init__(
        self,
        name: str,
        label: str,
        on_press: Callable[[], None],
        *,
        enabled: bool = True,
        reason: str = "",
        detail: str = "",
        prefix: str = "",
        size: float = UI_SIZE,
        role: str = "ui",
        align: str = "left",
        gap_after: float = 8,
        picture: "pygame.Surface | None" = None,
        picture_key: object = None,
        detail_colour: str = "quiet",
        after_reveal: bool = False,
        padding: tuple[float, float] = (16, 9),
    ) -> None:
        super().__init__(name, enabled=enabled, gap_after=gap_after)
        self.label = label
        self.on_press = on_press
        self.reason = reason
        self.detail = detail
        self.prefix = prefix
        self.size = size
        self.role = role
        self.align = align
        self.picture = picture
        self.picture_key = picture_key
        self.detail_colour = detail_colour
        self.after_reveal = after_reveal
        self.padding = padding
        self._label_lines: tuple[str, ...] = ()
        self._note_lines: tuple[str, ...] = ()
        self.folded = False  # label and reason each cut to one line ending in "…" (an unavailable choice, room short)
        self._detail_lines: tuple[str, ...] = ()
        self._line_height = 0.0
        self._small_line_height = 0.0
        self._logical_size = size
        self._small_size = SMALL_SIZE
        self._prefix_width = 0.0
        self.text_width = 0
        self._text_left = 0.0

    @property
    def label_text(self) -> str:
        return self.label

    @property
    def note_size(self) -> float:
        """The size of the "(unavailable)" note and its reason, as last measured."""
        return self._small_size

    PICTURE_SIZE = (128, 72)

    def measure(self, typesetter: Typesetter, width: float, font_scale: float) -> float:
        pad_x, pad_y = self.padding
        self._logical_size = self.size * font_scale
        self._small_size = max(SMALL_SIZE, self.size - 3) * font_scale
        # Room for the focus marker, which grows with the text.
        self._text_left = pad_x + max(14.0, typesetter.width(FOCUS_MARKER, "bold", self._logical_size) + 6)
        if self.picture is not None:
            self._text_left += self.PICTURE_SIZE[0] + 14
        self._prefix_width = typesetter.width(self.prefix, self.role, self._logical_size) if self.prefix else 0.0
        text_width = int(width - self._text_left - pad_x - self._prefix_width)
        self.text_width = text_width  # what the label and the reason wrap at
        self._label_lines = typesetter.wrap(self.label, self.role, self._logical_size, text_width)
        if self.folded:
            self._label_lines = self._one_line(typesetter, self._label_lines, self.role, self._logical_size, text_width)
        self._line_height = typesetter.line_height(self.role, self._logical_size)
        self._small_line_height = typesetter.line_height("italic", self._small_size)
        note = ""
        if not self.enabled:
            # TRANSLATORS: the mark on a button that cannot be chosen now, before its reason
            mark = _("(unavailable)")
            note = mark + (f" {self.reason}" if self.reason else "")
        self._note_lines = typesetter.wrap(note, "italic", self._small_size, text_width) if note else ()
        if self.folded:
            self._note_lines = self._one_line(typesetter, self._note_lines, "italic", self._small_size, text_width)
        self._detail_lines = (
            typesetter.wrap(self.detail, "ui", self._small_size, text_width) if self.detail else ()
        )
        text_height = (
            self._line_height * len(self._label_lines)
            + self._small_line_height * (len(self._note_lines) + len(self._detail_lines))
        )
        # Extra line spacing goes between lines, not under the last one, so a one-line button stays centred.
        if self._note_lines or self._detail_lines:
            text_height -= self._small_line_height - typesetter.glyph_height("italic", self._small_size)
        else:
            text_height -= self._line_height - typesetter.glyph_height(self.role, self._logical_size)
        if self.picture is not None:
            text_height = max(text_height, self.PICTURE_SIZE[1])
        self.height = text_height + 2 * pad_y
        return self.height

    @staticmethod
    def _one_line(typesetter: Typesetter, lines: tuple[str, ...], role: str, size: float, width: int) -> tuple[str, ...]:
        if len(lines) <= 1:
            return lines
        return (ellipsised(" ".join(lines), lambda line: typesetter.width(line, role, size) <= width),)

    def activate(self) -> None:
        if self.enabled:
            self.on_press()

    def text_rows(self) -> list[tuple[float, float]]:
        rows: list[tuple[float, float]] = []
        y = self.padding[1]
        for line_height, count in ((self._line_height, len(self._label_lines)),
                                   (self._small_line_height, len(self._note_lines) + len(self._detail_lines))):
            for _ in range(count):
                rows.append((y, line_height))
                y += line_height
        if self.picture is not None:
            rows.append((self.padding[1], float(self.PICTURE_SIZE[1])))
        return rows

    def draw(self, canvas: Canvas, left: float, top: float, width: float, state: DrawState) -> None:
        theme = canvas.theme
        pad_x, pad_y = self.padding
        self.draw_box(canvas, (left, top, width, self.height), state, self._logical_size, (left + pad_x - 4, top + pad_y))
        x = left + self._text_left
        y = top + pad_y
        if self.picture is not None:
            picture_rect = (left + pad_x + 14, top + pad_y, *self.PICTURE_SIZE)
            canvas.picture(self.picture, picture_rect, self.picture_key)
        colour = theme.text if self.enabled else theme.disabled
        if self.prefix:
            canvas.text(self.prefix, self.role, self._logical_size, colour, x, y)
        text_x = x + self._prefix_width
        text_width = width - self._text_left - pad_x - self._prefix_width
        for line in self._label_lines:
            drawn = canvas.text(line, self.role, self._logical_size, colour, text_x, y, align=self.align, width=text_width)
            if not self.enabled and line:
                # Struck through, so "unavailable" is seen in shape as well as read in words.
                # Through the glyphs' middle, whatever the line's leading (Japanese sets lines at 1.75 em).
                half = canvas.typesetter.half_leading(self.role, self._logical_size)
                glyph_line = canvas.typesetter.glyph_height(self.role, self._logical_size) - 2 * half
                middle = y + half + min(glyph_line * 0.55, self._logical_size * 0.72)
                start = text_x if self.align == "left" else text_x + (text_width - drawn) / 2
                canvas.line(colour, (start, middle), (start + drawn, middle), 2)
            y += self._line_height
        emphasis = state.emphasis if state.emphasised is self else 0.0
        if emphasis > 0 and self._note_lines:
            # Picked while unavailable: the reason is lit up, so the refusal is seen and not only heard.
            note_rect = (text_x - 6, y, text_width + 12, self._small_line_height * len(self._note_lines))
            # A tint light enough to keep the reason's light words well above 4.5:1 on it.
            canvas.fill_translucent(theme.accent, round(20 + 40 * emphasis), note_rect)
            canvas.outline(theme.accent, note_rect, 2)
        for line in self._note_lines:
            canvas.text(line, "italic", self._small_size, theme.heading if emphasis > 0 else theme.quiet, text_x, y)
            y += self._small_line_height
        detail_colour = getattr(theme, self.detail_colour)
        for line in self._detail_lines:
            canvas.text(line, "ui", self._small_size, detail_colour, text_x, y, align=self.align, width=text_width)
            y += self._small_line_height


class Document:
    """A column of blocks inside a logical rectangle, scrolled when it is taller than the rectangle."""

    PAGE_SHARE = 0.85  # a page key keeps a little of the last page in view

    def scroll_for_key(self, actions: tuple[str, ...]) -> bool | None:
        """The page_down, page_up, top and bottom actions scroll the document; None for any other."""
        if "page_down" in actions:
            return self.scroll_by(self.area[3] * self.PAGE_SHARE)
        if "page_up" in actions:
            return self.scroll_by(-self.area[3] * self.PAGE_SHARE)
        if "top" in actions:
            return self.scroll_by(-self.content_height)
        if "bottom" in actions:
            return self.scroll_by(self.content_height)
        return None

    def __init__(self, blocks: list[Block], area: Rect, scroll: float = 0.0) -> None:
        self.blocks = blocks
        self.area = area
        self.scroll = scroll
        self.content_height = 0.0
        self._layout_key: tuple[float, float, int, float] | None = None
        self.more_below_hint = _("– more below: scroll, or PageDown –")
        self.show_hints = True  # False where the screen draws its own (the play screen's clickable ones)

    def layout(self, typesetter: Typesetter, font_scale: float) -> None:
        key = (font_scale, self.area[2], id(self.blocks), typesetter.scale)
        if key == self._layout_key:
            return
        self._layout_key = key
        y = 0.0
        for block in self.blocks:
            block.y = y
            y += block.measure(typesetter, self.area[2], font_scale) + block.gap_after
        self.content_height = y
        self.scroll = min(self.scroll, self.max_scroll)

    def invalidate(self) -> None:
        self._layout_key = None

    @property
    def max_scroll(self) -> float:
        return max(0.0, self.content_height - self.area[3])

    def _rows(self, revealing: bool) -> list[tuple[float, float]]:
        """Every line of text (and picture) in content coordinates, as (top, height)."""
        return [
            (block.y + top, height)
            for block in self.blocks
            if not (revealing and block.after_reveal)
            for top, height in block.text_rows()
        ]

    def text_above(self, revealing: bool = False) -> bool:
        """Whether any line is scrolled out of view at the top (a margin scrolled away does not count)."""
        return any(top < self.scroll - height * LINE_TOP_SLACK for top, height in self._rows(revealing))

    def text_below(self, revealing: bool = False) -> bool:
        """Whether any line lies, in full or in part, below the visible area."""
        bottom = self.scroll + self.area[3]
        return any(top + height > bottom + LINE_BOTTOM_SLACK for top, height in self._rows(revealing))

    def cut_at_top(self, revealing: bool = False) -> float:
        """How far below the area's top the first whole line starts, when a line is cut through there."""
        cut = [top + height - self.scroll for top, height in self._rows(revealing)
               if top < self.scroll - height * LINE_TOP_SLACK and top + height > self.scroll]
        return max(cut, default=0.0)

    def cut_at_bottom(self, revealing: bool = False) -> float:
        """How far above the area's bottom the last whole line ends, when a line is cut through there."""
        bottom = self.scroll + self.area[3]
        cut = [bottom - top for top, height in self._rows(revealing)
               if top < bottom and top + height > bottom + LINE_BOTTOM_SLACK]
        return max(cut, default=0.0)

    def scroll_by(self, amount: float) -> bool:
        before = self.scroll
        self.scroll = max(0.0, min(self.max_scroll, self.scroll + amount))
        return self.scroll != before

    def scroll_to_show(self, block: Block, margin: float = 12) -> bool:
        before = self.scroll
        if block.y - margin < self.scroll:
            self.scroll = max(0.0, block.y - margin)
        elif block.y + block.height + margin > self.scroll + self.area[3]:
            self.scroll = min(self.max_scroll, block.y + block.height + margin - self.area[3])
        return self.scroll != before

    @property
    def controls(self) -> list[Control]:
        return [block for block in self.blocks if isinstance(block, Control)]

    def shows_whole(self, block: Block) -> bool:
        """Whether all of a block is inside the visible area (a rounding pixel aside)."""
        return block.y >= self.scroll - 1 and block.y + block.height <= self.scroll + self.area[3] + 1

    def block_top(self, block: Block) -> float:
        return self.area[1] + block.y - self.scroll

    def targets(self, revealing: bool = False) -> list[HitTarget]:
        """Click targets of the visible controls, clipped to the area (a hidden part cannot be clicked)."""
        found: list[HitTarget] = []
        for control in self.controls:
            if revealing and control.after_reveal:
                continue
            for target in control.targets(self.area[0], self.block_top(control), self.area[2]):
                visible = intersect(target.rect, self.area)
                if visible is not None:
                    found.append(HitTarget(target.name, target.label, visible, target.enabled))
        return found

    def draw(self, canvas: Canvas, state: DrawState, *, revealing: bool = False) -> None:
        x, y, width, height = self.area
        # The focus ring is drawn a little outside a control, so the clip leaves room for it at the sides.
        top_room = 4 if self.scroll <= 0 else 0
        bottom_room = 4 if self.scroll >= self.max_scroll else 0
        # A line cut through at the top or the bottom is left out whole rather than shown as half of its
        # letters; "– more above –" and "– more below –" say it is there.
        top_room -= self.cut_at_top(revealing)
        bottom_room -= self.cut_at_bottom(revealing)
        canvas.set_clip((x - 8, y - top_room, width + 16, height + top_room + bottom_room))
        for block in self.blocks:
            if revealing and block.after_reveal:
                continue
            top = y + block.y - self.scroll
            if top > y + height or top + block.height < y:
                if isinstance(block, TextBlock) and block.revealable and state.reveal_budget is not None:
                    state.reveal_budget[0] -= block.character_count
                continue
            block.draw(canvas, x, top, width, state)
        canvas.set_clip(None)
        if self.show_hints:
            self._draw_scroll_hints(canvas, revealing)

    def _draw_scroll_hints(self, canvas: Canvas, revealing: bool) -> None:
        x, y, width, height = self.area
        theme = canvas.theme
        if self.text_above(revealing):
            canvas.text(_("– more above –"), "italic", SMALL_SIZE, theme.quiet, x, y - 26, align="right", width=width)
        if not revealing and self.text_below():
            canvas.text(
                self.more_below_hint,
                "italic",
                SMALL_SIZE,
                theme.quiet,
                x,
                y + height + 4,
                align="right",
                width=width,
            )


