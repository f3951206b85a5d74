"""Screens and their stack ("attributes down, messages up"), and the shared menu-like DocumentScreen."""
from __future__ import annotations

from typing import TYPE_CHECKING, Any, Callable, NamedTuple, Sequence

from game.core.i18n.interface import _
from game.player.display.window import LOGICAL_WIDTH, Canvas
from game.player.input.events import Click, InputEvent, KeyPress, PointerMove, Wheel
from game.player.ui.focus import FocusArea, FocusRing, hit
from game.player.messages import Dismiss, OpenPage, PlaySound
from game.player.display.theme import HEADING_SIZE, SMALL_SIZE
from game.player.ui.document import Block, Button, Control, DrawState, Document, HitTarget

if TYPE_CHECKING:
    import pygame

    from game.player.host import Host

Rect = tuple[float, float, float, float]


class Header(NamedTuple):
    """A menu's title row, from the panel's top left: sizes grow with the player's text size."""

    title_size: float
    bottom: float  # where the scrolling column may begin
    hint: str
    hint_rect: Rect  # right-aligned in it
    help_button: "Button | None"
    help_rect: Rect | None


DismissHandler = Callable[[Any], None]
SCROLL_STEP = 60.0
HELP_BUTTON_MAX_WIDTH = 300.0
HINT_HEIGHT = 28.0  # the click target of a "– more below –" hint, as tall as its line
OVERLAY_MARGIN = 40.0  # a menu panel widened for large text keeps this far from the window's sides


class Screen:
    """One screen of the stack. Input arrives as typed events; `update` advances time; `draw` only paints."""

    opaque = True  # False: the screens below show through (dimmed)
    kind = "screen"  # a short stable name, for tests and for "is help already open"
    captures_keys = False  # True while the next key press is the screen's alone (binding a key in Settings)
    # What the last `update` that returned True changed, as logical rectangles; None: the whole screen.
    # A scene moving by itself names its moving parts, so only they are drawn and sent to the window.
    changed_area: "list[pygame.Rect] | None" = None
    # What the last `draw` changed on the canvas from the draw before it, as logical rectangles; None:
    # it may have changed anything. Only these are sent to the window (nothing, for an empty list).
    drawn_area: "list[tuple[float, float, float, float]] | None" = None
    # With drawn_area, what the draw changed beyond it, in the canvas's own pixels (sent as they are).
    drawn_pixels: "Sequence[pygame.Rect]" = ()

    ring: "FocusRing | None" = None  # the focus and hover of a screen with controls (game/player/ui/focus.py)

    def __init__(self, host: "Host") -> None:
        self.host = host
        self.on_dismiss: DismissHandler | None = None

    @property
    def focus(self) -> Control | None:
        return self.ring.focus if self.ring is not None else None

    def focusable(self) -> list[Control]:
        """The controls that take focus, in order."""
        return self.ring.controls() if self.ring is not None else []

    def handle(self, event: InputEvent) -> bool:
        """React to input; True if anything visible changed."""
        return False

    def update(self, dt: float) -> bool:
        return False

    def draw(self, canvas: Canvas) -> None:
        return None

    def draw_motion(self, canvas: Canvas) -> "list[pygame.Rect] | None":
        """A frame of only its `changed_area` motion, straight onto a canvas that holds the last frame drawn,
        when the screen can tell exactly which of the canvas's pixels it changed (rain's drops): those
        rectangles, all that is sent. None: it cannot, and the moved parts are drawn again as a whole."""
        return None

    def targets(self) -> list[HitTarget]:
        return []

    def frame_rate(self) -> int:
        """Frames per second this screen needs now: 0 when nothing moves, so the game can sleep."""
        return 0

    def on_resume(self) -> None:
        """The screen above was closed and this one is on top again."""

    def on_story_changed(self) -> None:
        """The story was reloaded (an author saved a file)."""

    def on_settings_changed(self) -> None:
        """A setting changed: fonts, contrast, motion."""

    def dismiss(self, result: Any = None) -> None:
        self.host.post(Dismiss(self, result))


class ScreenStack:
    def __init__(self) -> None:
        self.screens: list[Screen] = []

    @property
    def top(self) -> Screen | None:
        return self.screens[-1] if self.screens else None

    def push(self, screen: Screen, on_dismiss: DismissHandler | None = None) -> Screen:
        screen.on_dismiss = on_dismiss
        self.screens.append(screen)
        return screen

    def pop(self, screen: Screen | None = None, result: Any = None) -> None:
        """Close `screen` (default: the top one) and send its result to whoever opened it."""
        if not self.screens:
            return
        screen = screen or self.screens[-1]
        if screen not in self.screens:
            return
        self.screens.remove(screen)
        if self.screens:
            self.screens[-1].on_resume()
        if screen.on_dismiss is not None:
            screen.on_dismiss(result)

    def reset(self, screens: list[Screen]) -> None:
        self.screens = list(screens)

    def visible(self) -> list[Screen]:
        """The screens to draw, bottom first: the highest opaque one, and the top one over it.

        Menus in between are left out, so a menu opened from a menu never shows a ghost of the first.
        """
        if not self.screens:
            return []
        base = next((screen for screen in reversed(self.screens) if screen.opaque), self.screens[0])
        top = self.screens[-1]
        return [base] if top is base else [base, top]

    def find(self, kind: str) -> Screen | None:
        for screen in reversed(self.screens):
            if screen.kind == kind:
                return screen
        return None


class DocumentScreen(Screen):
    """A titled panel holding a scrollable column of text and controls, driven by keys or mouse alone.

    Subclasses give `build()` (the blocks) and may set `panel` / `fixed` controls outside the column.
    A titled menu also gets a "Help and support" button at the top right (see `wants_help_button`).
    """

    opaque = False
    title = ""
    panel: Rect = (230, 30, 820, 660)
    fit_panel = True  # shrink the panel to short content
    help_button = True  # False where help is already an item of the menu, or the screen is help itself

    def __init__(self, host: "Host") -> None:
        super().__init__(host)
        self.ring = FocusRing(self.focus_areas, lambda name: host.post(PlaySound(name)))
        self.fixed: list[tuple[Control, Rect]] = []
        self.corner: list[tuple[Control, Rect]] = []  # the help button beside the title
        self.doc = Document([], self.document_area())
        self.rebuild()

    # -- building -------------------------------------------------------------------------------
    def full_panel(self) -> Rect:
        """The panel at this text size: as the class sets it up to 100% text; with larger text wider about its
        centre, so its lines keep their measure as far as the window allows (as the play screen's panel does)."""
        x, y, width, height = type(self).panel
        wide = min(width * max(1.0, self.host.settings.font_scale), LOGICAL_WIDTH - 2 * OVERLAY_MARGIN)
        if wide <= width:
            return type(self).panel
        left = min(max(OVERLAY_MARGIN, x + width / 2 - wide / 2), LOGICAL_WIDTH - OVERLAY_MARGIN - wide)
        return (left, y, wide, height)

    def document_area(self) -> Rect:
        x, y, width, height = self.full_panel()
        top = y + (self.header().bottom if self.title else 28)
        bottom = y + height - 30
        if self.fixed:
            # Buttons kept below the column: its "– more below –" hint goes between them and it.
            hint_room = self.host.typesetter.line_height("italic", SMALL_SIZE * self.host.settings.font_scale) + 8
            bottom = min(rect[1] for _control, rect in self.fixed) - hint_room
        return (x + 44, top, width - 88, bottom - top)

    def header(self) -> "Header":
        """Where the title, its key hint and the help button go, from the panel's top left; all grow with the text.

        The hint and the help button sit beside the title while they fit there, else on a row below it.
        """
        typesetter, scale = self.host.typesetter, self.host.settings.font_scale
        inner = self.full_panel()[2] - 88
        title_size = HEADING_SIZE * scale
        title_height = typesetter.glyph_height("prose", title_size)
        title_width = typesetter.width(_(self.title), "prose", title_size) if self.title else 0.0
        hint_size = SMALL_SIZE * scale
        hint, hint_height = self.key_hint(), typesetter.glyph_height("ui", hint_size)
        hint_width = typesetter.width(hint, "ui", hint_size)
        button: Button | None = None
        button_width = button_height = 0.0
        if self.wants_help_button():
            button = Button("help", _("Help and support"), lambda: self.host.post(OpenPage("help")), size=SMALL_SIZE,
                            padding=(8, 5))
            # As wide as its label (plus the focus marker's room).
            button_width = min(HELP_BUTTON_MAX_WIDTH * max(1.0, scale),
                               typesetter.width(button.label, "ui", SMALL_SIZE * scale) + 34 * scale)
            button_height = button.measure(typesetter, button_width, scale)
        button_on_title = button is None or title_width + 24 + button_width <= inner
        beside = title_width + 24 + hint_width + (16 + button_width if button else 0.0)
        hint_on_title = button_on_title and beside <= inner
        second_row = 30 + title_height + 6
        row_height = max(hint_height if not hint_on_title else 0.0, button_height if not button_on_title else 0.0)
        # Below a second row, room for the column's "– more above –" hint, drawn just over the column.
        bottom = second_row + row_height + 34 if row_height else 30 + title_height + 19
        button_rect: Rect | None = None
        if button is not None:
            button_top = 30 + (title_height - button_height) / 2 if button_on_title else second_row
            button_rect = (inner + 44 - button_width, max(12.0, button_top), button_width, button_height)
        same_row = hint_on_title == button_on_title
        hint_right = button_rect[0] - 16 if button_rect is not None and same_row else inner + 44
        hint_top = 30 + (title_height - hint_height) / 2 if hint_on_title else second_row
        return Header(title_size, bottom, hint, (44.0, hint_top, hint_right - 44, hint_height), button, button_rect)

    def build(self) -> list[Block]:
        return []

    def rebuild(self) -> None:
        """Build the blocks again (after a change), keeping the focus and scroll where they were."""
        scroll = self.doc.scroll
        self.panel = self.full_panel()  # as wide as this text size wants (shrunk below to short content)
        self.doc = Document(self.build(), self.document_area(), scroll=scroll)
        self.doc.layout(self.host.typesetter, self.host.settings.font_scale)
        if self.fit_panel:
            self._fit_panel_to_content()
        self.heading = self.header()
        self.corner = self._help_corner()
        self._layout_fixed()
        self.ring.refocus(self.initial_focus)

    def _fit_panel_to_content(self) -> None:
        """Shrink the panel around short content (centred where the full panel would be)."""
        x, y, width, height = self.full_panel()
        area_x, area_y, area_width, area_height = self.document_area()
        chrome = height - area_height
        wanted = min(height, max(220.0, self.doc.content_height + chrome + 8))
        top = y + (height - wanted) / 2
        self.panel = (x, top, width, wanted)
        self.doc.area = (area_x, area_y - y + top, area_width, wanted - chrome)
        self.doc.scroll = min(self.doc.scroll, self.doc.max_scroll)

    def initial_focus(self, controls: list[Control]) -> Control:
        return next((control for control in controls if control.enabled), controls[0])

    def wants_help_button(self) -> bool:
        return self.help_button and bool(self.title)

    def _help_corner(self) -> list[tuple[Control, Rect]]:
        """Help one click away on every menu: a mouse-only player never has to go back to find it."""
        header = self.header()
        if header.help_button is None or header.help_rect is None:
            return []
        x, y = self.panel[0], self.panel[1]
        left, top, width, height = header.help_rect
        return [(header.help_button, (x + left, y + top, width, height))]

    def footer(self, buttons: list[tuple[Button, float]]) -> list[tuple[Control, Rect]]:
        """Buttons side by side along the panel's foot (each taking its share of the width), as tall as
        their text needs at the player's size; the column above ends over them (see document_area)."""
        x, y, width, height = self.full_panel()
        typesetter, scale = self.host.typesetter, self.host.settings.font_scale
        inner, gap = width - 88, 16.0
        widths = [inner * share - gap * (len(buttons) - 1) / len(buttons) for _button, share in buttons]
        row_height = max(button.measure(typesetter, button_width, scale)
                         for (button, _share), button_width in zip(buttons, widths))
        top = y + height - 18 - row_height
        placed: list[tuple[Control, Rect]] = []
        left = x + 44
        for (button, _share), button_width in zip(buttons, widths):
            placed.append((button, (left, top, button_width, row_height)))
            left += button_width + gap
        return placed

    def chrome(self) -> list[tuple[Control, Rect]]:
        """The controls outside the scrolling column, in focus order after it."""
        return self.fixed + self.corner

    def _layout_fixed(self) -> None:
        for control, rect in self.chrome():
            control.measure(self.host.typesetter, rect[2], self.host.settings.font_scale)

    def focus_areas(self) -> list[FocusArea]:
        """The column's controls, then those outside it."""
        return [FocusArea(self.doc.controls, self.doc), FocusArea([control for control, _rect in self.chrome()])]

    def on_settings_changed(self) -> None:
        self.rebuild()

    def on_story_changed(self) -> None:
        self.rebuild()

    def on_resume(self) -> None:
        self.rebuild()

    # -- input ----------------------------------------------------------------------------------
    def back(self) -> None:
        self.host.post(PlaySound("page"))
        self.dismiss()

    def handle(self, event: InputEvent) -> bool:
        ring = self.ring
        if isinstance(event, KeyPress):
            return self.handle_key(event)
        if isinstance(event, Wheel):
            scrolled = self.doc.scroll_by(-event.steps * SCROLL_STEP)
            if scrolled:
                ring.keep_in_view(self.doc, down=event.steps < 0)
            return scrolled
        if isinstance(event, PointerMove):
            return ring.hover(hit(self.targets(), event.pos))
        if isinstance(event, Click):
            return event.button == 1 and self.click(event.pos)
        return False

    def handle_key(self, event: KeyPress) -> bool:
        means, ring = event.means, self.ring
        if means("back"):
            self.back()
            return True
        moved = ring.step_for(event.actions, self.doc, SCROLL_STEP)
        if moved is not None:
            return moved
        if means("activate"):
            return ring.activate()
        if means("less") or means("more"):
            return ring.adjust(-1 if means("less") else 1)
        scrolled = self.doc.scroll_for_key(event.actions)
        if scrolled is None:
            return False
        return ring.after_page_key(self.doc, event.actions) or scrolled

    def click(self, pos: tuple[float, float]) -> bool:
        target = hit(self.targets(), pos)
        if target is None:
            return False
        if target.name in ("scroll:up", "scroll:down"):
            down = target.name == "scroll:down"
            self.doc.scroll_by((1 if down else -1) * self.doc.area[3] * self.doc.PAGE_SHARE)
            self.ring.keep_in_view(self.doc, down=down)
            return True
        return self.ring.click(target)

    def targets(self) -> list[HitTarget]:
        found = self.doc.targets()
        for control, rect in self.chrome():
            found.extend(control.targets(rect[0], rect[1], rect[2]))
        return found + self._scroll_targets()

    def _scroll_targets(self) -> list[HitTarget]:
        """The "– more above –" and "– more below –" hints answer a click: a mouse without a wheel scrolls too."""
        x, y, width, height = self.doc.area
        found: list[HitTarget] = []
        if self.doc.text_above():
            found.append(HitTarget("scroll:up", _("– more above –"), (x, y - HINT_HEIGHT, width, HINT_HEIGHT)))
        if self.doc.text_below():
            found.append(HitTarget("scroll:down", self.doc.more_below_hint, (x, y + height, width, HINT_HEIGHT)))
        return found

    # -- drawing --------------------------------------------------------------------------------
    def draw_backdrop(self, canvas: Canvas) -> None:
        """Darken whatever is below, so this panel reads clearly on any scene."""
        canvas.fill_translucent(canvas.theme.backdrop, canvas.theme.dim_alpha)

    def draw(self, canvas: Canvas) -> None:
        theme = canvas.theme
        self.draw_backdrop(canvas)
        canvas.fill_translucent(theme.panel, theme.panel_alpha, self.panel)
        if theme.name == "high_contrast":
            canvas.outline(theme.rule, self.panel, 1)
        x, y, _width, _height = self.panel
        if self.title:
            header = self.heading
            canvas.text(_(self.title), "prose", header.title_size, theme.heading, x + 44, y + 30)
            left, top, width, _hint_height = header.hint_rect
            canvas.text(header.hint, "ui", SMALL_SIZE * self.host.settings.font_scale, theme.quiet, x + left, y + top,
                        align="right", width=width)
        state = DrawState(focused=self.focus, theme=theme)
        self.doc.draw(canvas, state)
        for control, rect in self.chrome():
            control.draw(canvas, rect[0], rect[1], rect[2], state)

    def key_hint(self) -> str:
        """The keys of this screen, in words beside the title (H needs no mention beside a help button)."""
        return _("Esc: back") if self.wants_help_button() else _("H: help   Esc: back")
