"""The play screen: the node's scene on the left, a readable text panel on the right, and the choices."""
from __future__ import annotations

from typing import TYPE_CHECKING

from game.core.i18n.interface import _, pgettext
from game.player.display import Canvas
from game.player.events import Click, InputEvent, KeyPress, PointerMove, Wheel
from game.player.messages import Advance, Choose, GoToChapters, OpenScreen, PlaySound, Undo
from game.player.scene_layer import SceneLayer
from game.player.screens.base import SCROLL_STEP, Screen
from game.player.theme import CHOICE_SIZE, HEADING_SIZE, PROSE_SIZE, SMALL_SIZE
from game.player.timing import ANIMATED_FPS, BUSY_FPS
from game.player.ui import Block, Button, Control, DrawState, Document, Gap, HitTarget, Rule, TextBlock

if TYPE_CHECKING:
    from game.core.runtime import Runtime
    from game.player.host import Host
    from game.player.session import PlaySession

PANEL = (700.0, 0.0, 580.0, 720.0)
HEADER_TOP = 14.0
TEXT_AREA = (736.0, 74.0, 508.0, 606.0)


class PlayScreen(Screen):
    kind = "play"
    opaque = True

    def __init__(self, host: "Host", session: "PlaySession", *, revealed: bool = False) -> None:
        super().__init__(host)
        self.session = session
        settings = host.settings
        self.scene = SceneLayer(reduce_motion=settings.reduce_motion, high_contrast=settings.high_contrast)
        self.doc = Document([], TEXT_AREA)
        self.header: list[tuple[Control, tuple[float, float, float, float]]] = []
        self.focus: Control | None = None
        self.revealed = 0.0
        self.reveal_total = 0
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
        from game.core.runtime import Mode

        runtime = self.runtime
        self.shown_story = runtime.story
        scene = runtime.scene
        self.scene.show(scene.name if scene else None, scene.params if scene else None)
        self.mode = runtime.mode
        self.choices = runtime.choices
        blocks: list[Block] = []
        for paragraph in runtime.text:
            blocks.append(TextBlock(paragraph, role="prose", size=PROSE_SIZE, revealable=True, gap_after=14))
        status = runtime.status
        if status:
            blocks.append(Gap(2, after_reveal=True))
            blocks.append(TextBlock(status, role="italic", size=SMALL_SIZE + 1, colour="quiet", after_reveal=True, gap_after=4))
        blocks.append(Rule(22, after_reveal=True))
        if self.mode is Mode.CHOICE:
            for view in self.choices:
                blocks.append(
                    Button(
                        f"choice:{view.index + 1}",
                        view.text,
                        lambda index=view.index: self.choose(index),
                        enabled=view.enabled,
                        reason=view.reason or "",
                        prefix=f"{view.index + 1}. ",
                        size=CHOICE_SIZE,
                        after_reveal=True,
                        gap_after=10,
                    )
                )
        elif self.mode is Mode.CONTINUE:
            blocks.append(
                # TRANSLATORS: read on to the next passage (not the title screen's Continue, which resumes a save)
                Button("continue", pgettext("reading", "Continue"), self.advance, detail=_("Space, Enter or a click"),
                       after_reveal=True)
            )
        else:
            ending = runtime.ending
            chapter = runtime.chapter
            found, total = self.session.endings_found()
            blocks.append(TextBlock(_("An ending"), role="ui", size=SMALL_SIZE, colour="quiet", after_reveal=True))
            blocks.append(
                TextBlock(ending.title if ending else _("The end"), role="prose", size=HEADING_SIZE - 4, colour="heading",
                          after_reveal=True, gap_after=6)
            )
            blocks.append(
                TextBlock(_("{found} of {total} endings of {chapter} found.").format(found=found, total=total, chapter=chapter.title), role="ui", size=SMALL_SIZE + 1,
                          colour="quiet", after_reveal=True, gap_after=16)
            )
            blocks.append(Button("chapters", _("Back to the chapters"), lambda: self.host.post(GoToChapters()),
                                 after_reveal=True))
        self.doc = Document(blocks, TEXT_AREA)
        if self.mode is Mode.CHOICE:
            self.doc.more_below_hint = _("– choices below: scroll, PageDown, or press their number –")
        self.doc.layout(self.host.typesetter, self.host.settings.font_scale)
        self._build_header()
        self.reveal_total = sum(block.character_count for block in blocks if isinstance(block, TextBlock) and block.revealable)
        instant = self.host.settings.text_speed == "instant"
        self.revealed = 0.0 if reveal and not instant else float(self.reveal_total)
        controls = self.doc.controls
        self.focus = next((control for control in controls if control.enabled), controls[0] if controls else None)

    def _build_header(self) -> None:
        runtime = self.runtime
        left, _top, width, _height = TEXT_AREA
        gap = 10.0
        widths = (150.0, 150.0, width - 300.0 - 2 * gap)
        buttons = [
            Button("menu", _("Menu"), self.open_pause, size=SMALL_SIZE, padding=(8, 5)),
            Button("history", _("History"), self.open_history, size=SMALL_SIZE, padding=(8, 5)),
            Button("undo", _("Undo") if runtime.can_undo else _("Undo: nothing yet"), self.undo,
                   enabled=True, size=SMALL_SIZE, padding=(8, 5)),
        ]
        self.header = []
        x = left
        for button, button_width in zip(buttons, widths):
            button.measure(self.host.typesetter, button_width, 1.0)
            self.header.append((button, (x, HEADER_TOP, button_width, button.height)))
            x += button_width + gap

    def focusable(self) -> list[Control]:
        return self.doc.controls + [control for control, _rect in self.header]

    # -- acting ---------------------------------------------------------------------------------
    def choose(self, index: int) -> None:
        if not 0 <= index < len(self.choices):
            return
        if not self.choices[index].enabled:
            self.host.post(PlaySound("unavailable"))
            return
        self.host.post(Choose(index))

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

    # -- input ----------------------------------------------------------------------------------
    def handle(self, event: InputEvent) -> bool:
        if isinstance(event, KeyPress):
            return self._key(event)
        if isinstance(event, Wheel):
            return self.doc.scroll_by(-event.steps * SCROLL_STEP)
        if isinstance(event, PointerMove):
            target = self._hit(event.pos)
            control = self._control_for(target.name) if target else None
            if control is not None and control is not self.focus:
                self.focus = control
                return True
            return False
        if isinstance(event, Click):
            return self._click(event)
        return False

    def _key(self, event: KeyPress) -> bool:
        from game.core.runtime import Mode

        means = event.means
        if means("back"):
            self.open_pause()
            return True
        if self.revealing:
            # Any other key first shows the whole text; it never picks a choice unseen.
            self.complete_reveal()
            return True
        if means("undo"):
            self.undo()
            return True
        number = _choice_number(event.actions)
        if number is not None and self.mode is Mode.CHOICE:
            if number <= len(self.choices):
                self.focus = self.doc.controls[number - 1]
                self.choose(number - 1)
            return True
        if means("down") or means("up"):
            return self._move_focus(1 if means("down") else -1, self.doc.controls or self.focusable())
        if means("next") or means("previous"):
            return self._move_focus(-1 if means("previous") else 1, self.focusable())
        if means("activate"):
            focused_header = self.focus is not None and self.focus not in self.doc.controls
            if self.mode is Mode.CONTINUE and not focused_header:
                self.advance()
                return True
            if self.focus is not None:
                if not self.focus.enabled:
                    self.host.post(PlaySound("unavailable"))
                    return True
                self.focus.activate()
            return True
        return bool(self.doc.scroll_for_key(event.actions))

    def _move_focus(self, step: int, controls: list[Control]) -> bool:
        if not controls:
            return self.doc.scroll_by(step * SCROLL_STEP)
        if self.focus in controls:
            self.focus = controls[(controls.index(self.focus) + step) % len(controls)]
        else:
            self.focus = controls[0]
        if self.focus in self.doc.controls:
            self.doc.scroll_to_show(self.focus)
        self.host.post(PlaySound("select"))
        return True

    def _click(self, event: Click) -> bool:
        from game.core.runtime import Mode

        target = self._hit(event.pos)
        control = self._control_for(target.name) if target else None
        header_hit = control is not None and control not in self.doc.controls
        if self.revealing and not header_hit:
            self.complete_reveal()
            return True
        if control is not None:
            self.focus = control
            if not control.enabled:
                self.host.post(PlaySound("unavailable"))
                return True
            control.click(target.name if target else "")
            return True
        if self.mode is Mode.CONTINUE and event.button == 1:
            self.advance()
            return True
        return False

    def _hit(self, pos: tuple[float, float]) -> HitTarget | None:
        return next((target for target in self.targets() if target.contains(pos)), None)

    def _control_for(self, name: str) -> Control | None:
        return next((control for control in self.focusable() if control.name == name), None)

    def targets(self) -> list[HitTarget]:
        found = self.doc.targets(revealing=self.revealing)
        for control, rect in self.header:
            found.extend(control.targets(rect[0], rect[1], rect[2]))
        return found

    # -- time -----------------------------------------------------------------------------------
    def update(self, dt: float) -> bool:
        changed = self.scene.update(dt)
        self.changed_area = self.scene.changed
        if self.revealing:
            self.changed_area = None
            speed = self.host.settings.characters_per_second
            self.revealed = min(float(self.reveal_total), self.revealed + speed * dt)
            self._follow_reveal()
            if not self.revealing:
                self.show_the_way_on()
            changed = True
        return changed

    def show_the_way_on(self) -> None:
        """The text has scrolled past in full: bring the choices (or Continue) into view too."""
        controls = self.doc.controls
        if controls:
            self.doc.scroll_to_show_all(controls[0], controls[-1])
            # The margin kept under the last choice gives way (down to room for its focus ring) before
            # the first line of the text is cut in half for it.
            self.doc.uncut_top_line(most=8)

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
        if self.revealing or self.scene.fade_left > 0:
            return BUSY_FPS
        return min(ANIMATED_FPS, round(self.scene.fps)) if self.scene.animated else 0

    def on_settings_changed(self) -> None:
        settings = self.host.settings
        self.scene.set_modes(reduce_motion=settings.reduce_motion, high_contrast=settings.high_contrast)
        revealed = self.revealed
        focused = self.focus.name if self.focus else None
        self.refresh(reveal=False)
        self.revealed = min(revealed, float(self.reveal_total))
        self.focus = next((control for control in self.focusable() if control.name == focused), self.focus)

    def on_resume(self) -> None:
        self._build_header()

    def on_story_changed(self) -> None:
        """Live reload: once the App has moved the session onto the new story, show it (the text in full)."""
        if self.runtime.story is not self.shown_story:
            self.refresh(reveal=False)

    # -- drawing --------------------------------------------------------------------------------
    def draw(self, canvas: Canvas) -> None:
        theme = canvas.theme
        self.scene.draw(canvas, covered_from=int(PANEL[0]))
        canvas.fill_translucent(theme.panel, theme.panel_alpha, PANEL)
        if theme.name == "high_contrast":
            canvas.line(theme.rule, (PANEL[0], 0), (PANEL[0], 720), 2)
        state = DrawState(focused=self.focus, theme=theme)
        for control, rect in self.header:
            control.draw(canvas, rect[0], rect[1], rect[2], state)
        state.reveal_budget = [int(self.revealed)] if self.revealing else None
        self.doc.draw(canvas, state, revealing=self.revealing)


def _choice_number(actions: tuple[str, ...]) -> int | None:
    """1 to 9 for the choice_N actions, else None."""
    for action in actions:
        if action.startswith("choice_"):
            return int(action.removeprefix("choice_"))
    return None
