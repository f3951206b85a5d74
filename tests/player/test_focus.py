"""The focus-and-hover model on its own (no window): order, steps, hover, clicks, scrolling and rebuilds."""
from __future__ import annotations

from types import SimpleNamespace

from game.player.ui.focus import FocusArea, FocusRing, hit
from game.player.ui.document import Control, Document, HitTarget, TextBlock

ROW = 40.0
TYPESETTER = SimpleNamespace(scale=1.0)  # the rows measure themselves: only the window's scale is read
AREA = (0.0, 0.0, 200.0, 100.0)  # room for two rows and a half


class Row(Control):
    """A control of a fixed height that counts its presses."""

    def __init__(self, name: str, *, enabled: bool = True, focusable: bool = True) -> None:
        super().__init__(name, enabled=enabled, gap_after=0)
        self.focusable = focusable
        self.pressed: list[str] = []

    def measure(self, typesetter: object, width: float, font_scale: float) -> float:
        self.height = ROW
        return self.height

    def activate(self) -> None:
        self.pressed.append("key")

    def click(self, target_name: str) -> None:
        self.pressed.append(target_name)


class Spacer(TextBlock):
    """Text between the rows: it never takes focus."""

    def measure(self, typesetter: object, width: float, font_scale: float) -> float:
        self.height = ROW
        return self.height


class Screen:
    """A page of rows in a scrolling column, and buttons fixed outside it, as a menu or the play screen has them."""

    def __init__(self, names: list[str], fixed: list[str], *, fixed_take_arrows: bool = True,
                 refuse_by_sound: bool = True) -> None:
        self.sounds: list[str] = []
        self.refused: list[str] = []
        self.rows = [Row(name, enabled=not name.startswith("off")) for name in names]
        self.fixed = [Row(name) for name in fixed]
        self.doc = Document(list(self.rows), AREA)
        self.doc.layout(TYPESETTER, 1.0)  # type: ignore[arg-type]
        self.fixed_take_arrows = fixed_take_arrows
        refuse = None if refuse_by_sound else (lambda control: self.refused.append(control.name))
        self.ring = FocusRing(self.areas, self.sounds.append, refuse=refuse)

    def areas(self) -> list[FocusArea]:
        return [FocusArea(self.doc.controls, self.doc), FocusArea(self.fixed, arrows=self.fixed_take_arrows)]

    def names(self) -> list[str]:
        return [control.name for control in self.ring.controls()]


def test_the_order_runs_through_every_area_and_leaves_out_what_cannot_take_focus():
    screen = Screen(["a", "b"], ["back", "help"])
    screen.doc.blocks.insert(1, Spacer("words"))
    screen.doc.invalidate()
    screen.doc.layout(TYPESETTER, 1.0)  # type: ignore[arg-type]
    screen.fixed.append(Row("drawn only", focusable=False))
    assert screen.names() == ["a", "b", "back", "help"]


def test_arrows_stay_in_their_areas_and_tab_reaches_all():
    screen = Screen(["a", "b", "c"], ["menu", "undo"], fixed_take_arrows=False)
    ring = screen.ring
    assert [control.name for control in ring.controls(arrows=True)] == ["a", "b", "c"]
    ring.reset(screen.rows[2])
    assert ring.step(1, arrows=True) and ring.focus.name == "a"  # Down from the last wraps to the first
    ring.reset(screen.rows[2])
    assert ring.step(1) and ring.focus.name == "menu"  # Tab goes on to the header
    screen.rows.clear()
    screen.doc = Document([], AREA)
    assert [control.name for control in ring.controls(arrows=True)] == ["menu", "undo"]  # no rows: the arrows take all


def test_a_step_wraps_both_ways_and_sounds():
    screen = Screen(["a", "b"], ["back"])
    ring = screen.ring
    assert ring.focus is None
    assert ring.step(1) and ring.focus.name == "a"  # nothing focused yet: the first
    assert ring.step(-1) and ring.focus.name == "back"
    assert ring.step(1) and ring.focus.name == "a"
    assert screen.sounds == ["select"] * 3 and ring.moved


def test_nothing_to_focus_leaves_the_step_to_the_screen():
    screen = Screen([], [])
    assert screen.ring.step(1) is None and screen.sounds == []


def test_the_keys_that_step():
    screen = Screen(["a", "b"], ["menu"], fixed_take_arrows=False)
    ring = screen.ring
    ring.reset(screen.rows[1])
    assert ring.step_for(("down",), screen.doc, 60) and ring.focus.name == "a"  # Down stays among the rows
    assert ring.step_for(("previous",), screen.doc, 60) and ring.focus.name == "menu"  # Shift+Tab reaches all
    # An arrow wins over Tab; from the header it comes back to the rows, at their first.
    assert ring.step_for(("up", "next"), screen.doc, 60) and ring.focus.name == "a"
    assert ring.step_for(("activate",), screen.doc, 60) is None
    text = Document([Spacer("words") for _ in range(5)], AREA)
    text.layout(TYPESETTER, 1.0)  # type: ignore[arg-type]
    empty = Screen([], [])
    assert empty.ring.step_for(("down",), text, 60) and text.scroll == 60  # nothing to focus: the text scrolls


def test_a_step_scrolls_the_focused_row_into_view_and_up_from_the_first_scrolls_to_the_top():
    screen = Screen(["a", "b", "c", "d", "e"], ["back"])
    ring, doc = screen.ring, screen.doc
    ring.reset(screen.rows[0])
    for _ in range(4):
        ring.step(1)
    assert ring.focus.name == "e" and doc.shows_whole(ring.focus) and doc.scroll > 0
    doc.scroll = 30.0
    ring.reset(screen.rows[0])
    assert ring.step(-1) and ring.focus.name == "a" and doc.scroll == 0  # the top first, no text skipped
    assert ring.step(-1) and ring.focus.name == "back"  # then round to the last


def test_an_area_may_bring_its_own_control_into_view():
    shown: list[str] = []
    screen = Screen(["a", "b"], [])
    screen.ring.areas = lambda: [FocusArea(screen.doc.controls, screen.doc, show=lambda control: shown.append(control.name))]
    screen.ring.step(1)
    screen.ring.step(1)
    assert shown == ["a", "b"]


def test_hover_focuses_a_control_or_the_one_its_part_belongs_to():
    screen = Screen(["volume", "b"], [])
    ring = screen.ring
    assert ring.hover(HitTarget("volume:plus", "+", (0, 0, 10, 10))) and ring.focus.name == "volume"
    assert not ring.hover(HitTarget("volume", "Volume", (0, 0, 10, 10)))  # already focused: nothing to redraw
    assert not ring.hover(HitTarget("scroll:down", "more", (0, 0, 10, 10))) and ring.focus.name == "volume"
    assert not ring.hover(None)
    assert screen.sounds == []  # pointing is silent


def test_key_and_click_press_the_same_way():
    screen = Screen(["a", "off"], [])
    ring = screen.ring
    ring.reset(screen.rows[0])
    assert ring.activate() and screen.rows[0].pressed == ["key"]
    assert ring.click(HitTarget("a", "A", (0, 0, 1, 1))) and screen.rows[0].pressed == ["key", "a"]
    assert screen.sounds == ["confirm", "confirm"]
    ring.reset(screen.rows[1])
    assert not ring.activate()  # an unavailable control: refused, and nothing visible changed
    assert ring.click(HitTarget("off", "Off", (0, 0, 1, 1)))  # the click still focuses it, so its reason is read
    assert ring.focus.name == "off" and screen.rows[1].pressed == []
    assert screen.sounds == ["confirm", "confirm", "unavailable", "unavailable"]
    assert not ring.click(HitTarget("scroll:up", "more", (0, 0, 1, 1)))  # no control's: the screen's own


def test_a_screen_may_refuse_in_its_own_way_and_leave_the_press_unsounded():
    screen = Screen(["a", "off"], [], refuse_by_sound=False)
    screen.ring.press_sound = None
    ring = screen.ring
    ring.click(HitTarget("off", "Off", (0, 0, 1, 1)))
    ring.activate()
    assert screen.refused == ["off", "off"] and screen.sounds == []
    assert ring.click(HitTarget("a", "A", (0, 0, 1, 1)), may_press=False) and screen.rows[0].pressed == []
    assert ring.focus.name == "a"  # not yet pressable (a choice too soon): focused all the same


def test_scrolling_carries_the_focus_to_a_row_in_view_or_to_a_fixed_button():
    screen = Screen(["a", "b", "c", "d", "e"], ["back"])
    ring, doc = screen.ring, screen.doc
    ring.reset(screen.rows[0])
    doc.scroll_by(80)
    ring.keep_in_view(doc, down=True)
    assert ring.focus.name == "c" and doc.shows_whole(ring.focus)  # the first row wholly in view
    doc.scroll_by(-80)
    ring.keep_in_view(doc, down=False)
    assert ring.focus.name == "b"  # scrolling up: the last row in view
    doc.area = (0.0, 0.0, 200.0, 20.0)  # no row fits whole
    ring.keep_in_view(doc, down=True)
    assert ring.focus.name == "back"
    ring.keep_in_view(doc, down=True)  # a fixed button is never scrolled away
    assert ring.focus.name == "back"


def test_page_keys_focus_the_first_and_the_last_row():
    screen = Screen(["a", "b", "c", "d", "e"], ["back"])
    ring, doc = screen.ring, screen.doc
    ring.reset(screen.rows[1])
    doc.scroll_for_key(("bottom",))
    assert ring.after_page_key(doc, ("bottom",)) and ring.focus.name == "e" and doc.shows_whole(ring.focus)
    doc.scroll_for_key(("top",))
    assert ring.after_page_key(doc, ("top",)) and ring.focus.name == "a"
    assert not ring.after_page_key(Document([], AREA), ("top",))


def test_a_rebuild_keeps_the_focus_by_name_once_the_player_moved_it():
    screen = Screen(["a", "b", "c"], [])
    ring = screen.ring
    first_enabled = lambda controls: controls[-1]  # noqa: E731 - a default unlike the first, to tell them apart
    ring.refocus(first_enabled)
    assert ring.focus.name == "c" and not ring.moved
    ring.step(-1)
    assert ring.focus.name == "b" and ring.moved
    screen.rows = [Row(name) for name in ("a", "b", "c")]
    screen.doc = Document(list(screen.rows), AREA)
    screen.doc.layout(TYPESETTER, 1.0)  # type: ignore[arg-type]
    ring.refocus(first_enabled)
    assert ring.focus is screen.rows[1]  # the new control of the same name
    ring.reset(screen.rows[0])
    ring.refocus(first_enabled)
    assert ring.focus.name == "c"  # not moved by the player: the default again


def test_hit_takes_the_first_target_under_the_pointer():
    part = HitTarget("volume:plus", "+", (10, 0, 10, 10))
    row = HitTarget("volume", "Volume", (0, 0, 100, 10))
    assert hit([part, row], (15, 5)) is part
    assert hit([part, row], (50, 5)) is row
    assert hit([part, row], (50, 50)) is None
