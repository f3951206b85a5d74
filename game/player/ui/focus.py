"""The one focus-and-hover model of every screen: which controls take focus, in what order, and what keys and the pointer do to it."""
from __future__ import annotations

from typing import Callable, NamedTuple, Sequence

from game.player.ui.document import Control, Document, HitTarget

Point = Sequence[float]
# The keys that move the focus: (step, whether it is an arrow), in the order they win when a key means two.
STEP_KEYS = (("down", 1, True), ("up", -1, True), ("previous", -1, False), ("next", 1, False))


class FocusArea(NamedTuple):
    """One part of a screen whose controls take focus in turn: a scrolling document's, or controls fixed in place."""

    controls: Sequence[Control]
    doc: Document | None = None  # the document they scroll in; None for controls fixed in place
    arrows: bool = True  # False: reached by Tab alone, while another area takes Up and Down (the play screen's header)
    show: Callable[[Control], object] | None = None  # brings one of them into view (default: its document scrolls to it)
    margin: float = 12.0  # what the document keeps in view around a control it scrolls to


def hit(targets: Sequence[HitTarget], pos: Point) -> HitTarget | None:
    """The target under the pointer. Targets listed first are the more specific (a stepper's "+" before its row)."""
    return next((target for target in targets if target.contains(pos)), None)


class FocusRing:
    """The focused control of one screen, kept by name across rebuilds, moved by keys, the pointer and scrolling.

    `areas` is read each time (screens rebuild their documents); `sound` plays an effect by name;
    `refuse` answers an unavailable control picked (by default its sound); `press_sound` is played when a
    control is pressed, or None where the press's own message brings its sound (a choice, Undo).
    """

    def __init__(self, areas: Callable[[], Sequence[FocusArea]], sound: Callable[[str], None], *,
                 refuse: Callable[[Control], None] | None = None, press_sound: str | None = "confirm") -> None:
        self.areas = areas
        self.sound = sound
        self.refuse = refuse if refuse is not None else (lambda _control: sound("unavailable"))
        self.press_sound = press_sound
        self.focus: Control | None = None
        self.moved = False  # the player moved it: until then a rebuild may choose a better default

    # -- what takes focus -----------------------------------------------------------------------
    def controls(self, *, arrows: bool = False) -> list[Control]:
        """The controls that take focus, in order; with `arrows`, those Up and Down reach (all, if no area takes them)."""
        areas = self.areas()
        if arrows:
            reached = [control for area in areas if area.arrows for control in area.controls if control.focusable]
            if reached:
                return reached
        return [control for area in areas for control in area.controls if control.focusable]

    def area_of(self, control: Control | None) -> FocusArea | None:
        return next((area for area in self.areas() if control in area.controls), None) if control else None

    def named(self, name: str | None) -> Control | None:
        """The control of this name, or the one a part of it belongs to (a stepper's "text_speed:plus")."""
        if name is None:
            return None
        controls = self.controls()
        exact = next((control for control in controls if control.name == name), None)
        if exact is not None:
            return exact
        base = name.rsplit(":", 1)[0]
        return next((control for control in controls if control.name == base), None)

    def reset(self, control: Control | None) -> None:
        """A new page: this control focused, as if the player had not moved yet."""
        self.focus = control
        self.moved = False

    def refocus(self, default: Callable[[list[Control]], Control]) -> None:
        """After a rebuild: the control of the same name keeps the focus once the player has moved it, else the
        default; a focus the player chose stays in view (a larger text or another font moved it)."""
        controls = self.controls()
        name = self.focus.name if self.focus is not None else None
        self.focus = next((control for control in controls if control.name == name), None)
        if (self.focus is None or not self.moved) and controls:
            self.focus = default(controls)
        if self.moved and self.focus is not None:
            self._scroll_to(self.focus)

    # -- keys -----------------------------------------------------------------------------------
    def step_for(self, actions: tuple[str, ...], scrolls: Document, amount: float) -> bool | None:
        """Up, Down, Tab or Shift+Tab move the focus (or, with nothing to focus, scroll `scrolls` by `amount`);
        None for any other key."""
        for action, step, arrow in STEP_KEYS:
            if action in actions:
                moved = self.step(step, arrows=arrow)
                return scrolls.scroll_by(step * amount) if moved is None else moved
        return None

    def step(self, step: int, *, arrows: bool = False) -> bool | None:
        """Move the focus by `step`, wrapping round; None when nothing takes focus (the screen scrolls instead).

        Up from the first control of a scrolled page scrolls towards its top first, so no text is skipped.
        """
        controls = self.controls(arrows=arrows)
        if not controls:
            return None
        if self.focus not in controls:
            self.focus = controls[0]
        else:
            index = controls.index(self.focus)
            page = self._first_page()
            if step < 0 and index == 0 and page is not None and page.scroll > 0:
                return page.scroll_by(-page.area[3] * page.PAGE_SHARE)
            self.focus = controls[(index + step) % len(controls)]
        self.moved = True
        self.sound("select")
        self.show(self.focus)
        return True

    def show(self, control: Control) -> None:
        """Bring a control the player moved to into view, as its area does that."""
        area = self.area_of(control)
        if area is not None and area.show is not None:
            area.show(control)
        else:
            self._scroll_to(control)

    def activate(self) -> bool:
        """Enter or Space on the focused control: refused when it is unavailable, else pressed."""
        control = self.focus
        if control is None:
            return False
        if not control.enabled:
            self.refuse(control)
            return False
        self._press(control, None)
        return True

    def adjust(self, step: int) -> bool:
        """Left or Right on the focused control (a stepper); True if it meant something."""
        changed = self.focus is not None and self.focus.adjust(step)
        if changed:
            self.sound("select")
        return changed

    # -- the pointer ----------------------------------------------------------------------------
    def hover(self, target: HitTarget | None) -> bool:
        """The pointer over a control's target focuses that control; True if the focus moved."""
        control = self.named(target.name) if target is not None else None
        if control is None or control is self.focus:
            return False
        self.focus = control
        self.moved = True
        return True

    def click(self, target: HitTarget, *, may_press: bool = True) -> bool:
        """A primary click on a control's target: it takes the focus, then is refused or (when `may_press`) pressed.

        False when the target is no control's (a scroll hint, a scrollbar: the screen's own).
        """
        control = self.named(target.name)
        if control is None:
            return False
        self.focus = control
        self.moved = True
        if not control.enabled:
            self.refuse(control)
        elif may_press:
            self._press(control, target.name)
        return True

    def _press(self, control: Control, target_name: str | None) -> None:
        if self.press_sound is not None:
            self.sound(self.press_sound)
        if target_name is None:
            control.activate()
        else:
            control.click(target_name)

    # -- scrolling ------------------------------------------------------------------------------
    def keep_in_view(self, doc: Document, *, down: bool) -> None:
        """`doc` scrolled: a focus it carried out of view goes to the nearest control in view (or a fixed one),
        so Enter never uses a control the player cannot see."""
        if not doc.controls or (self.focus is not None and (self.focus not in doc.controls
                                                            or doc.shows_whole(self.focus))):
            return
        in_view = [control for control in doc.controls if doc.shows_whole(control)]
        if in_view:
            self.focus = in_view[0] if down else in_view[-1]
        else:
            fixed = [control for area in self.areas() if area.doc is None for control in area.controls]
            self.focus = fixed[0] if fixed else None
        self.moved = True

    def after_page_key(self, doc: Document, actions: tuple[str, ...]) -> bool:
        """PageUp/PageDown/Home/End scrolled `doc`: Home and End focus its first and last control, a page key at
        the end of the page does so too, and the focus stays in view. True if the focus moved."""
        controls = doc.controls
        if not controls:
            return False
        before = self.focus
        at_top, at_bottom = doc.scroll <= 0, doc.scroll >= doc.max_scroll
        down = "bottom" in actions or "page_down" in actions
        if "top" in actions or ("page_up" in actions and at_top):
            self.focus = controls[0]
        elif "bottom" in actions or ("page_down" in actions and at_bottom):
            self.focus = controls[-1]
        if self.focus is not before:
            self.moved = True
            self._scroll_to(self.focus)
        self.keep_in_view(doc, down=down)
        return self.focus is not before

    def _scroll_to(self, control: Control | None) -> None:
        area = self.area_of(control)
        if control is not None and area is not None and area.doc is not None:
            area.doc.scroll_to_show(control, margin=area.margin)

    def _first_page(self) -> Document | None:
        return next((area.doc for area in self.areas() if area.doc is not None), None)
