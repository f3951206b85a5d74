"""The play screen: the node's scene on the left, a readable text panel on the right, and the choices at its foot."""
from __future__ import annotations

import math
import time
from typing import TYPE_CHECKING

from game.core.i18n.interface import _, pgettext
from game.core.i18n.linebreak import is_cjk
from game.player.display.window import Canvas
from game.player.input.events import Click, InputEvent, KeyPress, PointerMove, Wheel
from game.player.ui.focus import FocusArea, FocusRing, hit
from game.player.messages import Advance, Choose, GoToChapters, OpenScreen, PlaySound, Undo
from game.player.display.scene_layer import SceneLayer
from game.player.screens.base import SCROLL_STEP, Screen
from game.player.screens.ending_beat import EndingBeat
from game.player.screens.fact_figure import FactFigure
from game.player.screens.play_frame import PlayFrame
from game.player.screens.play_layout import (HEADER_PADDING, HEADER_TOP, NOTE_SCALE_MOST, PANEL_HEIGHT, Scrollbar,
                                             flow_rows, panel_for, split_panel, tray_room)
from game.player.display.theme import CHOICE_SIZE, HEADING_SIZE, PROSE_SIZE, SMALL_SIZE
from game.player.display.timing import ANIMATED_FPS, BUSY_FPS
from game.player.ui.document import Block, Button, Control, DrawState, Document, HitTarget, TextBlock, ellipsised

if TYPE_CHECKING:
    from game.core.runtime import Runtime
    from game.player.host import Host
    from game.player.session import PlaySession

REFUSAL_SECONDS = 1.2  # how long the reason of a choice picked while unavailable stays lit
FOCUS_ROOM = 6.0  # the focus ring is drawn just outside a choice


class PlayScreen(Screen):
    kind = "play"
    opaque = True

    def __init__(self, host: "Host", session: "PlaySession", *, revealed: bool = False) -> None:
        super().__init__(host)
        self.session = session
        settings = host.settings
        self.scene = SceneLayer(reduce_motion=settings.reduce_motion, high_contrast=settings.high_contrast)
        # The panel and its column for the text size laid out last (see _lay_out): drawing and hit targets read it.
        self.geometry = panel_for(settings.font_scale)
        left, width = self.geometry.column_left, self.geometry.column_width
        self.doc = Document([], (left, 74.0, width, 400.0))  # the text, scrolling
        self.tray = Document([], (left, 500.0, width, 200.0))  # the choices, fixed at the foot
        self.header: list[tuple[Control, tuple[float, float, float, float]]] = []
        self.layout = split_panel(self.geometry, HEADER_TOP + 30, 0, 0, 0, 0, 0)
        # Choices and Continue answer their own sound (the move they post brings it).
        self.ring = FocusRing(self.focus_areas, lambda name: host.post(PlaySound(name)), refuse=self.refuse,
                              press_sound=None)
        self.revealed = 0.0
        self.reveal_total = 0
        self.status = ""  # the status line as shown: one line, cut with "…" (then in full under the text)
        self.above_hint: tuple[float, float, float, float] | None = None  # where "more above" fits, if it does
        self._laid_out_for: tuple[float, float] = (0.0, 0.0)
        # A choice is taken only from a press begun after the choices were shown, and not sooner than the
        # chosen pause after the last one (time.monotonic() seconds).
        self.arrived_at = 0.0
        self.ready_at = 0.0
        self.refused: Control | None = None  # picked while unavailable: its reason is lit up for a moment
        self.unfolded: Control | None = None  # an unavailable choice whose reason is shown in full when space is short
        self.refused_left = 0.0
        self._generation = 0  # counts what the panel's key cannot see: a new text, a new layout, a handled event
        self._frame = PlayFrame()
        self.refresh(reveal=not revealed)

    @property
    def runtime(self) -> "Runtime":
        """What is shown: the session's runtime, read only here (moves are posted up)."""
        return self.session.runtime

    # -- what is shown --------------------------------------------------------------------------
    @property
    def revealing(self) -> bool:
        return self.revealed < self.reveal_total

    def refresh(self, *, reveal: bool) -> None:
        """Read the runtime and lay the panel out again (after a choice, an undo, a reload)."""
        runtime = self.runtime
        self.shown_story = runtime.story
        scene = runtime.scene
        self.scene.show(scene.name if scene else None, scene.params if scene else None)
        scene_width = int(panel_for(self.host.settings.font_scale).scene_width)
        self.scene.show_picture(runtime.story.root, runtime.node.image, (0, 0, scene_width, int(PANEL_HEIGHT)))
        self.mode = runtime.mode
        self.choices = runtime.choices
        blocks = self._tray_blocks()
        blocks[-1].gap_after = 0.0  # the tray ends at its last button: no margin to scroll to
        self.tray = Document(blocks, self.tray.area)
        self.tray.show_hints = False
        controls = self.tray.controls
        self.ring.reset(next((control for control in controls if control.enabled), controls[0] if controls else None))
        self.unfolded = None
        self._build_text()
        instant = self.host.settings.text_speed == "instant"
        self.revealed = 0.0 if reveal and not instant else float(self.reveal_total)
        self._reveal_begins = self.revealing  # its first frame shows the start, however long the key was waited for
        self.refused = None
        self.arrived_at = time.monotonic()
        self.ready_at = self.arrived_at + self.host.settings.choice_delay if not self.revealing else math.inf
        from game.core.runtime import Mode

        still = self.host.settings.reduce_motion or not reveal
        fact = runtime.node.fact
        self.fact = FactFigure(fact, self.host.typesetter, self.host.settings.font_scale, reduce_motion=still) if fact else None
        self.beat = EndingBeat(held=self.mode is Mode.ENDED and not still)
        self.show_the_way_on()

    def _tray_blocks(self) -> list[Block]:
        """The choices, or Continue, or the ending's title and buttons: what the tray at the foot holds."""
        from game.core.runtime import Mode

        runtime = self.runtime
        if self.mode is Mode.CHOICE:
            return [
                Button(f"choice:{view.index + 1}", view.text, lambda index=view.index: self.choose(index),
                       enabled=view.enabled, reason=view.reason or "", prefix=f"{view.index + 1}. ", size=CHOICE_SIZE,
                       after_reveal=True, gap_after=10)
                for view in self.choices
            ]
        if self.mode is Mode.CONTINUE:
            # TRANSLATORS: read on to the next passage (not the title screen's Continue, which resumes a save)
            return [Button("continue", pgettext("reading", "Continue"), self.advance,
                           detail=_("Space, Enter or a click"), after_reveal=True)]
        ending = runtime.ending
        chapter = runtime.chapter
        found, total = self.session.endings_found()
        return [
            TextBlock(_("An ending"), role="ui", size=SMALL_SIZE, colour="quiet", after_reveal=True),
            TextBlock(ending.title if ending else _("The end"), role="prose", size=HEADING_SIZE - 4, colour="heading",
                      after_reveal=True, gap_after=6),
            TextBlock(_("{found} of {total} endings of {chapter} found.").format(
                found=found, total=total, chapter=chapter.title), role="ui", size=SMALL_SIZE + 1, colour="quiet",
                after_reveal=True, gap_after=16),
            Button("chapters", _("Back to the chapters"), lambda: self.host.post(GoToChapters()), after_reveal=True),
        ]

    def _build_text(self) -> None:
        """The text column's blocks (the status line in full too, when the one-line status had to cut it)."""
        typesetter, scale = self.host.typesetter, self.host.settings.font_scale
        self.geometry = panel_for(scale)
        blocks: list[Block] = [TextBlock(paragraph, role="prose", size=PROSE_SIZE, revealable=True, gap_after=14)
                               for paragraph in self.runtime.text]
        status = self.runtime.status or ""
        size = self._status_size()
        self.status = ellipsised(status, lambda line: typesetter.width(line, "italic", size) <= self.geometry.column_width)
        if status and self.status != status:
            blocks.append(TextBlock(status, role="italic", size=SMALL_SIZE + 1, colour="quiet", after_reveal=True,
                                    gap_after=8))
        self.doc = Document(blocks, self.doc.area)
        self.doc.show_hints = False
        self._lay_out()
        # Lines wrapped anew may hold a character more or less (a space at a break): a text that was
        # complete stays complete.
        complete = self.reveal_total > 0 and self.revealed >= self.reveal_total
        self.reveal_total = sum(block.character_count for block in self.doc.blocks
                                if isinstance(block, TextBlock) and block.revealable)
        if complete:
            self.revealed = float(self.reveal_total)

    def _status_size(self) -> float:
        return (SMALL_SIZE + 1) * min(self.host.settings.font_scale, NOTE_SCALE_MOST)

    def _hint_size(self) -> float:
        return SMALL_SIZE * min(self.host.settings.font_scale, NOTE_SCALE_MOST)

    def _lay_out(self) -> None:
        """Header, text, hint row, status line and tray, for this text size and window scale."""
        typesetter, scale = self.host.typesetter, self.host.settings.font_scale
        self._laid_out_for = (scale, typesetter.scale)
        self._generation += 1
        self.geometry = panel_for(scale)
        header_bottom = self._build_header()
        status_height = typesetter.line_height("italic", self._status_size()) if self.status else 0.0
        hint_height = typesetter.line_height("italic", self._hint_size())
        text_line = typesetter.line_height("prose", PROSE_SIZE * scale)
        first = self._fit_tray(tray_room(header_bottom, status_height, hint_height, text_line))
        self.layout = split_panel(self.geometry, header_bottom, self.tray.content_height, first, status_height, hint_height, text_line)
        self.tray.area = self.layout.tray
        self.tray.scroll = min(self.tray.scroll, self.tray.max_scroll)
        self.doc.area = self.layout.text
        self.doc.layout(typesetter, scale)
        self.doc.scroll = min(self.doc.scroll, self.doc.max_scroll)
        self.text_bar = Scrollbar("text_scroll", self.doc)
        self.tray_bar = Scrollbar("tray_scroll", self.tray)
        self._place_above_hint()

    def _fit_tray(self, most: float) -> float:
        """Lay the tray out; returns the height it needs from its top down to the first and the focused choice.

        When that is more than `most` (large text, a long reason on an unavailable first choice), the
        unavailable choices are folded to a line for the label and one for the reason, save the one
        focused by key or picked, which is shown whole.
        """
        typesetter, scale = self.host.typesetter, self.host.settings.font_scale
        controls = self.tray.controls

        def needed(fold: bool) -> float:
            for control in controls:
                if isinstance(control, Button):
                    control.folded = fold and not control.enabled and control is not self.unfolded
            self.tray.area = (self.geometry.column_left, 0.0, self.geometry.column_width, 10_000.0)
            self.tray.invalidate()
            self.tray.layout(typesetter, scale)
            if not controls:
                return self.tray.content_height
            shown = self.focus if self.focus in controls else controls[0]
            # and below the lower of the two, room for its focus ring
            return max(controls[0].y + controls[0].height, shown.y + shown.height) + FOCUS_ROOM

        first = needed(fold=False)
        return needed(fold=True) if first > most else first

    def _build_header(self) -> float:
        """Menu, History and Undo at the text's size, in as many rows as they need; returns their bottom.

        "Undo: nothing yet" says why Undo does nothing; where it would need a row of its own (large
        text) it is "Undo", and pressing it says the rest.
        """
        typesetter, scale = self.host.typesetter, self.host.settings.font_scale
        undo_labels = [_("Undo")] if self.runtime.can_undo else [_("Undo: nothing yet"), _("Undo")]
        for undo_label in undo_labels:
            buttons = [
                Button("menu", _("Menu"), self.open_pause, size=SMALL_SIZE, padding=HEADER_PADDING),
                Button("history", _("History"), self.open_history, size=SMALL_SIZE, padding=HEADER_PADDING),
                Button("undo", undo_label, self.undo, size=SMALL_SIZE, padding=HEADER_PADDING),
            ]
            # As wide as the label, with the focus marker's room and the padding, and never less than 110.
            widths = [max(110.0, typesetter.width(button.label, "ui", SMALL_SIZE * scale)
                          + 2 * HEADER_PADDING[0] + 14 * max(1.0, scale) + 8) for button in buttons]
            height = max(button.measure(typesetter, width + _hanging_room(button.label, scale), scale)
                         for button, width in zip(buttons, widths))
            rects = flow_rows(widths, height, self.geometry.column_left, HEADER_TOP, self.geometry.column_width)
            if rects[-1][1] == HEADER_TOP:
                break
        self.header = []
        for button, rect in zip(buttons, rects):
            button.measure(typesetter, rect[2] + _hanging_room(button.label, scale), scale)
            self.header.append((button, rect))
        return max(rect[1] + rect[3] for rect in rects)

    def _place_above_hint(self) -> None:
        """"More above" goes beside the last header button when it fits there (the scrollbar says it anyway)."""
        typesetter = self.host.typesetter
        x, y, width, height = self.header[-1][1]
        left = x + width + 12
        room = self.geometry.column_left + self.geometry.column_width - left
        needed = typesetter.width(_("– more above –"), "italic", self._hint_size())
        self.above_hint = (left, y, room, height) if needed <= room else None

    def focus_areas(self) -> list[FocusArea]:
        """The tray's controls (Up and Down move among them), then the header's (Tab reaches them too)."""
        return [FocusArea(self.tray.controls, self.tray, show=self._unfold, margin=FOCUS_ROOM),
                FocusArea([control for control, _rect in self.header], arrows=False)]

    # -- acting ---------------------------------------------------------------------------------
    def choose(self, index: int) -> None:
        if not 0 <= index < len(self.choices):
            return
        if not self.choices[index].enabled:
            self.refuse(self.tray.controls[index])
            return
        self.host.post(Choose(index))

    def refuse(self, control: Control) -> None:
        """An unavailable choice picked: a sound, and its reason lit up (steady when motion is reduced)."""
        self.host.post(PlaySound("unavailable"))
        self.refused = control
        self.refused_left = REFUSAL_SECONDS
        self._unfold(control)

    def _unfold(self, control: Control) -> None:
        """Show a focused or picked unavailable choice's reason in full (when it was folded), and scroll to it."""
        if isinstance(control, Button) and control.folded and control is not self.unfolded:
            self.unfolded = control
            self._lay_out()
        self.tray.scroll_to_show(control, margin=FOCUS_ROOM)

    def advance(self) -> None:
        self.host.post(Advance())

    def undo(self) -> None:
        self.host.post(Undo())

    def open_pause(self) -> None:
        self.host.post(OpenScreen("pause"))

    def open_history(self) -> None:
        self.host.post(OpenScreen("history"))

    def complete_reveal(self) -> None:
        self.revealed = float(self.reveal_total)
        self._shown_in_full()

    def _shown_in_full(self) -> None:
        """The whole text is on screen, and the choices with it: from now on a new press may take one."""
        self.ready_at = max(time.monotonic(), self.arrived_at + self.host.settings.choice_delay)
        self.show_the_way_on()

    def ready(self, began: float) -> bool:
        """Whether a press begun at `began` may take a choice (or Continue, or a button)."""
        return began >= self.ready_at and time.monotonic() >= self.ready_at

    # -- input ----------------------------------------------------------------------------------
    def handle(self, event: InputEvent) -> bool:
        changed = self._handle(event)
        self._generation += changed
        return changed

    def _handle(self, event: InputEvent) -> bool:
        if isinstance(event, KeyPress):
            return self._key(event)
        if isinstance(event, Wheel):
            over_tray = self.tray.max_scroll > 0 and _inside(self.tray.area, (event.x, event.y))
            doc = self.tray if over_tray else self.doc
            scrolled = doc.scroll_by(-event.steps * SCROLL_STEP)
            if scrolled:
                self.ring.keep_in_view(doc, down=event.steps < 0)
            return scrolled
        if isinstance(event, PointerMove):
            return self.ring.hover(hit(self.targets(), event.pos))
        if isinstance(event, Click):
            return self._click(event)
        return False

    def _key(self, event: KeyPress) -> bool:
        from game.core.runtime import Mode

        means = event.means
        if means("back"):
            self.open_pause()
            return True
        if self.beat.skip():  # the ending's image shown, the key spent: its text comes up whole
            self.complete_reveal()
            return True
        if self.revealing:
            # Any other key first shows the whole text; it never picks a choice unseen.
            if not event.repeat:
                self.complete_reveal()
            return True
        if means("undo"):
            self.undo()
            return True
        number = _choice_number(event.actions)
        if number is not None and self.mode is Mode.CHOICE:
            if number <= len(self.choices) and self.ready(event.began):
                self.ring.focus = self.tray.controls[number - 1]
                self.choose(number - 1)
            return True
        moved = self.ring.step_for(event.actions, self.doc, SCROLL_STEP)
        if moved is not None:
            return moved
        if means("activate"):
            if not self.ready(event.began):
                return True
            focused_header = self.focus is not None and self.focus not in self.tray.controls
            if self.mode is Mode.CONTINUE and not focused_header:
                self.advance()
                return True
            self.ring.activate()
            return True
        return bool(self.doc.scroll_for_key(event.actions))

    def _click(self, event: Click) -> bool:
        from game.core.runtime import Mode

        if self.beat.skip():  # the ending's image shown, the click spent: its text comes up whole
            self.complete_reveal()
            return True
        target = hit(self.targets(), event.pos)
        if target is not None and self._scroll_click(target.name):
            return True
        control = self.ring.named(target.name) if target else None
        header_hit = control is not None and control not in self.tray.controls
        if self.revealing and not header_hit:
            self.complete_reveal()
            return True
        now = time.monotonic()
        if target is not None and control is not None and event.button == 1:
            return self.ring.click(target, may_press=header_hit or self.ready(now))
        if self.mode is Mode.CONTINUE and event.button == 1 and self.ready(now):
            self.advance()
            return True
        return False

    def _scroll_click(self, name: str) -> bool:
        """The scrollbars' arrows and tracks, and the clickable hints: True if the click was one of them."""
        if name == "more_below":
            self.doc.scroll_by(self.doc.area[3] * self.doc.PAGE_SHARE)
            return True
        if name == "more_above":
            self.doc.scroll_by(-self.doc.area[3] * self.doc.PAGE_SHARE)
            return True
        for bar in (self.text_bar, self.tray_bar):
            if name.startswith(bar.name + ":"):
                bar.click(name)
                self.ring.keep_in_view(bar.doc, down=name.endswith("down"))
                return True
        return False

    def targets(self) -> list[HitTarget]:
        found = [] if self.revealing else self.tray.targets()
        for control, rect in self.header:
            found.extend(control.targets(rect[0], rect[1], rect[2]))
        found.extend(self.text_bar.targets())
        if not self.revealing:
            found.extend(self.tray_bar.targets())
        if self.doc.text_below(self.revealing):
            found.append(HitTarget("more_below", self.doc.more_below_hint, self.layout.hint))
        if self.above_hint is not None and self.doc.text_above(self.revealing):
            found.append(HitTarget("more_above", _("– more above –"), self.above_hint))
        return found

    # -- time -----------------------------------------------------------------------------------
    def update(self, dt: float) -> bool:
        changed = self.scene.update(dt)
        self.changed_area = self.scene.changed  # only the scene's moving parts, unless more changes below
        if self.changed_area and self.host.theme.panel_alpha >= 255:
            # Under an opaque panel the scene's motion never shows: only what is left of it is drawn and sent.
            shown = (0, 0, int(self.geometry.scene_width), int(PANEL_HEIGHT))
            self.changed_area = [part for part in (rect.clip(shown) for rect in self.changed_area) if part.width and part.height]
        if self.beat.update(dt) | (self.fact.update(dt) if self.fact else False):
            changed = True
            self.changed_area = None
        if self.beat.holding:
            return changed
        if self._laid_out_for != (self.host.settings.font_scale, self.host.typesetter.scale):
            self._relayout()
            changed = True
            self.changed_area = None
        if self.revealing:
            self.changed_area = None
            speed = self.host.settings.characters_per_second
            counted, self._reveal_begins = (0.0 if self._reveal_begins else dt), False  # not the wait for the key
            self.revealed = min(float(self.reveal_total), self.revealed + speed * counted)
            self._follow_reveal()
            if not self.revealing:
                self._shown_in_full()
            changed = True
        if self.refused_left > 0:
            self.refused_left = max(0.0, self.refused_left - dt)
            changed = True
            self.changed_area = None
        return changed

    def show_the_way_on(self) -> None:
        """Whenever the text is complete: the tray from its top, scrolled only as far as the focused choice needs."""
        self.tray.scroll = 0.0
        if self.focus is not None and self.focus in self.tray.controls:
            self.tray.scroll_to_show(self.focus, margin=FOCUS_ROOM)

    def _follow_reveal(self) -> None:
        """Keep the line being revealed in view, so long text never runs off the panel unseen."""
        remaining = int(self.revealed)
        for block in self.doc.blocks:
            if not (isinstance(block, TextBlock) and block.revealable):
                continue
            for number, line in enumerate(block.lines):
                if remaining <= len(line):
                    bottom = block.y + (number + 1) * block.line_height
                    if bottom > self.doc.scroll + self.doc.area[3]:
                        self.doc.scroll = min(self.doc.max_scroll, bottom - self.doc.area[3])
                    return
                remaining -= len(line)

    def frame_rate(self) -> int:
        if (self.revealing or self.scene.fade_left > 0 or self.refused_left > 0 or self.beat.active
                or (self.fact is not None and self.fact.fading)):
            return BUSY_FPS
        return min(ANIMATED_FPS, round(self.scene.fps)) if self.scene.animated else 0

    def _relayout(self) -> None:
        """The text size or the window's scale changed: the same place in the text, the focus kept in view."""
        share = self.doc.scroll / self.doc.max_scroll if self.doc.max_scroll > 0 else 0.0
        self._build_text()
        self.doc.scroll = share * self.doc.max_scroll
        self.show_the_way_on()

    def on_settings_changed(self) -> None:
        settings = self.host.settings
        self.scene.set_modes(reduce_motion=settings.reduce_motion, high_contrast=settings.high_contrast)
        revealed, ready_at, arrived_at = self.revealed, self.ready_at, self.arrived_at
        focused = self.focus.name if self.focus else None
        share = self.doc.scroll / self.doc.max_scroll if self.doc.max_scroll > 0 else 0.0
        complete = not self.revealing
        self.refresh(reveal=False)
        self.revealed = float(self.reveal_total) if complete else min(revealed, float(self.reveal_total))
        self.ready_at, self.arrived_at = ready_at, arrived_at
        self.doc.scroll = share * self.doc.max_scroll
        self.ring.focus = self.ring.named(focused) or self.ring.focus
        self.show_the_way_on()

    def on_resume(self) -> None:
        self._lay_out()
        # Whatever was pressed on the menu above stays there: a choice needs a new press.
        self.ready_at = max(self.ready_at, time.monotonic())

    def on_story_changed(self) -> None:
        """Live reload: once the App has moved the session onto the new story, show it (the text in full)."""
        if self.runtime.story is not self.shown_story:
            self.refresh(reveal=False)

    # -- drawing --------------------------------------------------------------------------------
    def draw(self, canvas: Canvas) -> None:
        self.drawn_area = self._frame.draw(self, canvas)
        self.drawn_pixels = self.scene.pixels_changed  # rain put back and drawn again where its drops were and are

    def draw_motion(self, canvas: Canvas) -> "list[pygame.Rect] | None":
        return self._frame.draw_motion(self, canvas)

    def settled(self) -> Screen:
        """This screen as its node will rest, for the save's picture (see draw_settled)."""
        return _Settled(self)

    def draw_settled(self, canvas: Canvas) -> None:
        """The node as it will rest: the new scene without the crossfade, the text in full (the save's picture)."""
        self.scene.draw_settled(canvas)
        if self.fact is not None:
            self.fact.draw(canvas, settled=True)
        self._draw_panel(canvas, revealing=False, revealed=self.reveal_total, settled=True)

    def _draw_panel(self, canvas: Canvas, *, revealing: bool, revealed: int, settled: bool = False) -> None:
        theme = canvas.theme
        panel = self.geometry.panel
        canvas.fill_translucent(theme.panel, theme.panel_alpha, panel)
        if theme.name == "high_contrast":
            canvas.line(theme.rule, (panel[0], 0), (panel[0], PANEL_HEIGHT), 2)
        state = DrawState(focused=self.focus, theme=theme)
        for control, rect in self.header:
            control.draw(canvas, rect[0], rect[1], rect[2], state)
        if self.beat.holding and not settled:
            return  # an ending's picture alone for a moment: the text and the buttons come after
        state.reveal_budget = [revealed] if revealing else None
        self.doc.draw(canvas, state, revealing=revealing)
        self.text_bar.draw(canvas)
        self._draw_hints(canvas, revealing)
        if revealing:
            return
        state.reveal_budget = None
        if self.refused is not None and self.refused_left > 0:
            state.emphasised = self.refused
            reduce_motion = self.host.settings.reduce_motion
            # A pulse that fades (or, with reduced motion, a steady light for the same time).
            state.emphasis = 1.0 if reduce_motion else \
                (0.55 + 0.45 * math.cos((REFUSAL_SECONDS - self.refused_left) * 2 * math.pi * 1.6))
        x, y, width, height = self.layout.status
        if self.status:
            canvas.text(self.status, "italic", self._status_size(), theme.quiet, x, y)
        rule_y = self.layout.tray[1] - 4 if not self.status else y - 3
        canvas.line(theme.rule, (x, rule_y), (x + width, rule_y), 1)
        self.tray.draw(canvas, state)
        self.tray_bar.draw(canvas)
        if not settled:
            self.beat.cover(canvas, (panel[0], self.layout.tray[1] - 80, panel[2], panel[3]))

    def _draw_hints(self, canvas: Canvas, revealing: bool) -> None:
        theme = canvas.theme
        size = self._hint_size()
        if not revealing and self.doc.text_below():
            x, y, width, _height = self.layout.hint
            canvas.text(self.doc.more_below_hint, "italic", size, theme.quiet, x, y, align="right", width=width)
        if self.above_hint is not None and self.doc.text_above(revealing):
            x, y, width, height = self.above_hint
            line = self.host.typesetter.line_height("italic", size)
            canvas.text(_("– more above –"), "italic", size, theme.quiet, x, y + (height - line) / 2, align="right",
                        width=width)


class _Settled(Screen):
    """Draws a play screen as it will rest once the crossfade and the typewriter are done."""

    def __init__(self, play: PlayScreen) -> None:
        super().__init__(play.host)
        self.play = play

    def draw(self, canvas: Canvas) -> None:
        self.play.draw_settled(canvas)


def _hanging_room(label: str, scale: float) -> float:
    """Japanese lines keep an em free at their end for a hanging 、or 。; a one-line label needs no such room."""
    return SMALL_SIZE * scale if is_cjk(label) else 0.0


def _inside(rect: tuple[float, float, float, float], point: tuple[float, float]) -> bool:
    x, y, width, height = rect
    return x <= point[0] < x + width and y <= point[1] < y + height


def _choice_number(actions: tuple[str, ...]) -> int | None:
    """1 to 9 for the choice_N actions, else None."""
    for action in actions:
        if action.startswith("choice_"):
            return int(action.removeprefix("choice_"))
    return None
