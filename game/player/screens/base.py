"""Screens and their stack ("attributes down, messages up"), and the shared menu-like DocumentScreen."""
from __future__ import annotations

from typing import TYPE_CHECKING, Any, Callable

from game.core.i18n.interface import N_, _
from game.player.display import Canvas
from game.player.events import Click, InputEvent, KeyPress, PointerMove, Wheel
from game.player.messages import Dismiss, OpenPage, PlaySound
from game.player.theme import HEADING_SIZE, SMALL_SIZE
from game.player.ui import Block, Button, Control, DrawState, Document, HitTarget

if TYPE_CHECKING:
    import pygame

    from game.player.host import Host

Rect = tuple[float, float, float, float]
DismissHandler = Callable[[Any], None]
SCROLL_STEP = 60.0
HELP_BUTTON_MAX_WIDTH = 300.0


class Screen:
    """One screen of the stack. Input arrives as typed events; `update` advances time; `draw` only paints."""

    opaque = True  # False: the screens below show through (dimmed)
    kind = "screen"  # a short stable name, for tests and for "is help already open"
    captures_keys = False  # True while the next key press is the screen's alone (binding a key in Settings)
    # What the last `update` that returned True changed, as logical rectangles; None: the whole screen.
    # A scene moving by itself names its moving parts, so only they are drawn and sent to the window.
    changed_area: "list[pygame.Rect] | None" = None

    def __init__(self, host: "Host") -> None:
        self.host = host
        self.on_dismiss: DismissHandler | None = None

    def handle(self, event: InputEvent) -> bool:
        """React to input; True if anything visible changed."""
        return False

    def update(self, dt: float) -> bool:
        return False

    def draw(self, canvas: Canvas) -> None:
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
        self.focus: Control | None = None
        self.user_focused = False  # until the player moves the focus, a rebuild may choose a better default
        self.fixed: list[tuple[Control, Rect]] = []
        self.corner: list[tuple[Control, Rect]] = []  # the help button beside the title
        self.doc = Document([], self.document_area())
        self.rebuild()

    # -- building -------------------------------------------------------------------------------
    def document_area(self) -> Rect:
        x, y, width, height = type(self).panel
        top = y + (96 if self.title else 28)
        return (x + 44, top, width - 88, y + height - top - 30)

    def build(self) -> list[Block]:
        return []

    def rebuild(self) -> None:
        """Build the blocks again (after a change), keeping the focus and scroll where they were."""
        focused_name = self.focus.name if self.focus else None
        scroll = self.doc.scroll
        self.doc = Document(self.build(), self.document_area(), scroll=scroll)
        self.doc.layout(self.host.typesetter, self.host.settings.font_scale)
        if self.fit_panel:
            self._fit_panel_to_content()
        self.corner = self._help_corner()
        self._layout_fixed()
        controls = self.focusable()
        self.focus = next((control for control in controls if control.name == focused_name), None)
        if (self.focus is None or not self.user_focused) and controls:
            self.focus = self.initial_focus(controls)

    def _fit_panel_to_content(self) -> None:
        """Shrink the panel around short content (centred where the full panel would be)."""
        x, y, width, height = type(self).panel
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
        if not self.wants_help_button():
            return []
        x, y, width, _height = self.panel
        typesetter, scale = self.host.typesetter, self.host.settings.font_scale
        button = Button("help", _("Help and support"), lambda: self.host.post(OpenPage("help")), size=SMALL_SIZE,
                        padding=(8, 5))
        # As wide as its label (plus the focus marker's room), and level with the title beside it.
        button_width = min(HELP_BUTTON_MAX_WIDTH, typesetter.width(button.label, "ui", SMALL_SIZE * scale) + 34)
        height = button.measure(typesetter, button_width, scale)
        top = y + 30 + (typesetter.line_height("prose", HEADING_SIZE) - height) / 2
        return [(button, (x + width - 44 - button_width, max(y + 12, top), button_width, height))]

    def chrome(self) -> list[tuple[Control, Rect]]:
        """The controls outside the scrolling column, in focus order after it."""
        return self.fixed + self.corner

    def _layout_fixed(self) -> None:
        for control, rect in self.chrome():
            control.measure(self.host.typesetter, rect[2], self.host.settings.font_scale)

    def focusable(self) -> list[Control]:
        return self.doc.controls + [control for control, _rect in self.chrome()]

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
        if isinstance(event, KeyPress):
            return self.handle_key(event)
        if isinstance(event, Wheel):
            return self.doc.scroll_by(-event.steps * SCROLL_STEP)
        if isinstance(event, PointerMove):
            return self._hover(event.pos)
        if isinstance(event, Click):
            if event.button != 1:
                return False
            return self.click(event.pos)
        return False

    def handle_key(self, event: KeyPress) -> bool:
        means = event.means
        if means("back"):
            self.back()
            return True
        if means("down") or means("up"):
            return self.move_focus(1 if means("down") else -1)
        if means("next") or means("previous"):
            return self.move_focus(-1 if means("previous") else 1)
        if means("activate"):
            return self.activate(self.focus)
        if (means("less") or means("more")) and self.focus is not None:
            changed = self.focus.adjust(-1 if means("less") else 1)
            if changed:
                self.host.post(PlaySound("select"))
            return changed
        return bool(self.doc.scroll_for_key(event.actions))

    def move_focus(self, step: int) -> bool:
        controls = self.focusable()
        if not controls:
            return self.doc.scroll_by(step * SCROLL_STEP)
        if self.focus not in controls:
            self.focus = controls[0]
        else:
            index = controls.index(self.focus)
            # Up at the top of a long page scrolls to its top first, so no text is skipped.
            if step < 0 and index == 0 and self.doc.scroll > 0:
                return self.doc.scroll_by(-self.doc.area[3] * 0.85)
            self.focus = controls[(index + step) % len(controls)]
        self.user_focused = True
        self.host.post(PlaySound("select"))
        if self.focus in self.doc.controls:
            self.doc.scroll_to_show(self.focus)
        return True

    def activate(self, control: Control | None) -> bool:
        if control is None:
            return False
        if not control.enabled:
            self.host.post(PlaySound("unavailable"))
            return False
        self.host.post(PlaySound("confirm"))
        control.activate()
        return True

    def _control_for(self, name: str) -> Control | None:
        controls = self.focusable()
        exact = next((control for control in controls if control.name == name), None)
        if exact is not None:
            return exact
        base = name.rsplit(":", 1)[0]  # a part of a control, such as a stepper's "text_speed:plus"
        return next((control for control in controls if control.name == base), None)

    def _hit(self, pos: tuple[float, float]) -> HitTarget | None:
        # Targets listed first are the more specific ones (a stepper's "+" before its whole row).
        return next((target for target in self.targets() if target.contains(pos)), None)

    def _hover(self, pos: tuple[float, float]) -> bool:
        target = self._hit(pos)
        if target is None:
            return False
        control = self._control_for(target.name)
        if control is None or control is self.focus:
            return False
        self.focus = control
        self.user_focused = True
        return True

    def click(self, pos: tuple[float, float]) -> bool:
        target = self._hit(pos)
        if target is None:
            return False
        control = self._control_for(target.name)
        if control is None:
            return False
        self.focus = control
        self.user_focused = True
        if not control.enabled:
            self.host.post(PlaySound("unavailable"))
            return True
        self.host.post(PlaySound("confirm"))
        control.click(target.name)
        return True

    def targets(self) -> list[HitTarget]:
        found = self.doc.targets()
        for control, rect in self.chrome():
            found.extend(control.targets(rect[0], rect[1], rect[2]))
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
        x, y, width, _height = self.panel
        if self.title:
            canvas.text(_(self.title), "prose", HEADING_SIZE, theme.heading, x + 44, y + 30)
            hint_right = x + width - 44
            if self.corner:
                hint_right = self.corner[0][1][0] - 16  # "Esc: back" just left of the help button
            canvas.text(self.key_hint(), "ui", SMALL_SIZE, theme.quiet, x + 44, y + 44, align="right",
                        width=hint_right - x - 44)
        state = DrawState(focused=self.focus, theme=theme)
        self.doc.draw(canvas, state)
        for control, rect in self.chrome():
            control.draw(canvas, rect[0], rect[1], rect[2], state)

    def key_hint(self) -> str:
        """The keys of this screen, in words beside the title (H needs no mention beside a help button)."""
        return _("Esc: back") if self.corner else _("H: help   Esc: back")
